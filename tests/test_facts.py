"""The facts table keeps its promises: every figure has a source and a valid status, the seed
figures carry the status FIGURES.md gives them, the parts add up, and broken data is refused."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from riskexplorer import facts as F
from riskexplorer.errors import DataError

FIGURES_MD = Path(__file__).resolve().parents[2] / "shared" / "sources" / "FIGURES.md"
PUBLIC_COLUMNS = (
    "id", "value", "unit", "period", "geography", "topic", "origin", "status", "source",
    "source_url", "note", "corrects",
)  # fmt: skip


def seed_statuses_from_figures_md() -> dict[str, str]:
    """Rows of table A in FIGURES.md: ``| id | figure | status | …``."""
    text = FIGURES_MD.read_text(encoding="utf-8")
    table_a = text.split("## A.")[1].split("## B.")[0]
    rows = re.findall(r"^\| ([a-z0-9_]+) \| [^|]+ \| ([a-z-]+) \|", table_a, flags=re.M)
    return {fid: status for fid, status in rows if fid != "id"}


def test_load_facts_returns_public_columns():
    facts = F.load_facts()
    assert isinstance(facts, pd.DataFrame)
    assert set(PUBLIC_COLUMNS) <= set(facts.columns)
    assert facts["id"].is_unique
    assert len(facts) >= 100


def test_load_facts_returns_a_copy_callers_may_change():
    facts = F.load_facts()
    facts.loc["teen_crimes_jan_apr_2025", "value"] = -1
    assert F.value("teen_crimes_jan_apr_2025") == 771


def test_every_figure_has_a_source_and_a_valid_status():
    facts = F.load_facts()
    assert facts["status"].isin(F.STATUSES).all()
    assert (facts["source"].str.len() > 10).all()
    independent = facts[facts["origin"] == "independent"]
    assert (independent["source_url"].str.startswith("https://")).all()
    assert (independent["source_id"] != "seed").all()


@pytest.mark.skipif(
    not FIGURES_MD.exists(),
    reason="needs ../shared/sources/FIGURES.md beside the repository (CI lays it there)",
)
def test_seed_statuses_match_figures_md():
    expected = seed_statuses_from_figures_md()
    assert len(expected) == 19
    facts = F.load_facts()
    seed = facts[facts["origin"] == "seed"]
    assert dict(zip(seed["id"], seed["status"])) == expected


def test_seed_figures_have_their_documented_values():
    assert F.value("teen_crimes_jan_apr_2025") == 771
    assert F.value("teen_crimes_serious") == 376
    assert F.value("teen_crimes_especially_serious") == 24
    neet = F.fact("teen_offenders_neet_share")
    assert (neet["value"], neet["unit"], neet["qualifier"]) == (50, "%", "more_than")
    assert neet["status"] == "contradicted"


def test_every_corrected_seed_figure_is_linked_to_its_correction():
    facts = F.load_facts()
    corrected = facts[(facts["origin"] == "seed") & (facts["status"] == "corrected")]
    linked = set(facts.loc[facts["corrects"] != "", "corrects"])
    assert set(corrected["id"]) <= linked
    assert list(F.verification("special_institutions_total")["value"]) == [508, 537]
    assert F.verification("teacher_assistants")["value"].tolist() == [3800]


def test_contradicted_claim_has_contradicting_rows():
    rows = F.verification("teen_offenders_neet_share")
    assert set(rows["relation"]) == {"contradicts"}
    assert "kostanay_college_share_2025" in rows.index


def test_parts_add_up_as_figures_md_says():
    checks = {c.id: c for c in F.run_checks()}
    assert checks["institutions_seed_sum"].left == 492
    assert checks["institutions_2025_06_sum"].left == 508
    assert checks["teen_crimes_gravity_within_total"].formula == "376 + 24 <= 771"
    assert all(c.passed for c in checks.values())


def test_derived_figures_show_their_formula():
    derived = F.derived_figures()
    assert derived["teen_crimes_minor_medium"].value == 371
    assert derived["teen_crimes_minor_medium"].formula == "771 − 376 − 24"
    assert derived["minors_prosecuted_2024_9m"].value == 1261
    assert derived["registered_offences_change_check"].value == -6.6


def test_format_value_says_qualifier_unit_and_language():
    facts = F.load_facts()
    assert F.format_value(facts.loc["teen_offenders_neet_share"], "en") == "more than 50%"
    assert F.format_value(facts.loc["children_under_18_2024"], "en") == "6,841,527 children"
    assert F.format_value(facts.loc["children_under_18_2024"], "ru").startswith("6\xa0841\xa0527")


def test_small_published_counts_are_suppressed_on_screen():
    facts = F.load_facts()
    assert F.format_value(facts.loc["district_crimes_non_student"], "en") == "fewer than 10"
    assert F.format_value(facts.loc["autism_centres"], "en") == "10 institutions"


@pytest.fixture
def broken_data(tmp_path, monkeypatch):
    """A copy of data/ the test may break; the loaders' caches are cleared around it."""
    copy = tmp_path / "data"
    shutil.copytree(Path(__file__).resolve().parents[1] / "data", copy)
    monkeypatch.setenv("RISKEXPLORER_DATA", str(copy))
    F.load_sources.cache_clear()
    F._load_facts_cached.cache_clear()
    yield copy
    F.load_sources.cache_clear()
    F._load_facts_cached.cache_clear()


def test_a_row_without_a_known_source_is_refused(broken_data):
    path = broken_data / "facts.csv"
    text = path.read_text(encoding="utf-8").replace(
        "antidrug_operations,11000,more_than,operations,not stated,,,Kazakhstan,trafficking_drugs,seed,seed-only,seed,",
        "antidrug_operations,11000,more_than,operations,not stated,,,Kazakhstan,trafficking_drugs,seed,seed-only,nowhere,",
    )
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as info:
        F.load_facts()
    assert "antidrug_operations" in str(info.value)
    assert "source_id" in str(info.value)


def test_an_unknown_status_is_refused(broken_data):
    path = broken_data / "facts.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace(",seed-only,", ",probably,", 1), encoding="utf-8"
    )
    with pytest.raises(DataError, match="status"):
        F.load_facts()


def test_a_failed_sum_is_reported_not_hidden(broken_data):
    path = broken_data / "facts.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace("\npmpc,104,", "\npmpc,105,"), encoding="utf-8"
    )
    checks = {c.id: c for c in F.run_checks()}
    assert not checks["institutions_seed_sum"].passed
    assert checks["institutions_seed_sum"].formula.startswith("105 + 218")


def test_russian_units_agree_with_the_number():
    facts = F.load_facts()
    assert F.format_value(facts.loc["trafficking_h1_2025"], "ru") == "134 преступления"
    assert F.format_value(facts.loc["teen_crimes_jan_apr_2025"], "ru") == "771 преступление"
    assert F.format_value(facts.loc["special_institutions_total"], "ru") == "492 организации"
    assert F.format_value(facts.loc["special_institutions_2026_01"], "ru") == "537 организаций"


@pytest.mark.parametrize(
    ("value", "unit", "qualifier", "lang", "shown"),
    [
        # Russian «более / менее» take the genitive: singular after 1, plural otherwise
        (21, "crimes", "more_than", "ru", "более 21 преступления"),
        (2000, "crimes", "more_than", "ru", "более 2\u00a0000 преступлений"),
        (1500, "persons", "less_than", "ru", "менее 1\u00a0500 чел."),
        (2000, "persons", "nearly", "ru", "почти 2\u00a0000 чел."),
        # Kazakh «астам / аз» take the ablative, «жуық» the dative, by the last word's sound
        (11000, "operations", "more_than", "kk", "11\u00a0000 операциядан астам"),
        (2000, "persons", "more_than", "kk", "2\u00a0000 адамнан астам"),
        (1500, "persons", "less_than", "kk", "1\u00a0500 адамнан аз"),
        (50, "%", "more_than", "kk", "50\u00a0%-дан астам"),
        (80, "%", "almost", "kk", "80\u00a0%-ға жуық"),
        (3, "schools", "nearly", "kk", "3 мектепке жуық"),
        (771, "crimes", "more_than", "kk", "771 қылмыстан астам"),
    ],
)
def test_qualified_values_are_grammatical(value, unit, qualifier, lang, shown):
    row = pd.Series({"id": "x", "value": value, "unit": unit, "qualifier": qualifier})
    assert F.format_value(row, lang, small_count=1) == shown
