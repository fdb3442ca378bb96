"""The synthetic cohort keeps its promises: the data files are validated at load, the assumptions'
arithmetic is what their notes say, the cohort is reproducible, hits the documented rate and the
NEET-share slider, shows the correlation it was given, and says everywhere that it is synthetic."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from riskexplorer import cohort as C
from riskexplorer import facts as F
from riskexplorer.errors import DataError, InputError
from riskexplorer.i18n import LANGUAGES, has

N = 200_000  # small enough for fast tests; the default is the whole age group (≈1.45 million)


@pytest.fixture(scope="module")
def factors() -> pd.DataFrame:
    return C.load_factors()


@pytest.fixture(scope="module")
def cohort():
    return C.make_cohort(n=N)


def neet_share(cohort: C.Cohort, column: str) -> float:
    neet = cohort.patterns["neet"].to_numpy() == 1
    counts = getattr(cohort, column)
    return float(counts[neet].sum() / counts.sum())


# --- the data files -----------------------------------------------------------------------------


def test_factor_catalogue_is_complete(factors):
    assert 8 <= len(factors) <= 12
    assert factors["domain"].isin(C.DOMAINS).all()
    required = {"neet", "prior_police_contact", "truancy", "family_conflict", "low_supervision"}
    assert required | {"delinquent_peers", "substance_use", "unstructured_leisure"} <= set(
        factors["id"]
    )
    assert factors["protective"].any()
    assert (factors["protective"] == (factors["odds_ratio"] < 1)).all()
    holders = factors["stakeholders"].str.split(";").explode()
    assert holders.isin(C.STAKEHOLDERS).all()
    assert (factors["source"] != "").all() and (factors["note"].str.len() > 40).all()


def test_neet_prevalence_is_the_assumption(factors):
    """Guards against the catalogue and assumptions.csv drifting apart on the NEET prevalence."""
    row = C.load_assumptions().loc["neet_prevalence_14_17"]
    neet = factors.loc["neet"]
    assert [neet["prevalence_low"], neet["prevalence"], neet["prevalence_high"]] == pytest.approx(
        [row["low"] / 100, row["value"] / 100, row["high"] / 100]
    )


def test_every_stakeholder_of_a_factor_has_an_action(factors):
    actions = C.load_actions()
    assert set(actions["factor"]) == set(factors["id"])
    assert actions["source"].isin(C.ACTION_SOURCES).all()
    assert (actions["source"] == "seed").any()
    probilim = actions["action"].str.contains("Probilim")
    assert (actions.loc[probilim, "source"] == "seed").all() and probilim.any()


def test_assumptions_arithmetic_matches_their_notes():
    a = C.load_assumptions()["value"]
    children = F.value("children_under_18_2025")
    assert a["population_14_17"] <= children * 4 / 18 + 1  # an even split is the high end
    assert C.load_assumptions().at["population_14_17", "high"] == pytest.approx(
        children * 4 / 18, abs=1
    )
    assert a["offenders_per_year"] == round(F.value("minors_prosecuted_2025_9m") * 12 / 9)
    assert a["crimes_per_year"] == F.value("teen_crimes_jan_apr_2025") * 12 / 4
    rate = 100 * a["offenders_per_year"] / a["population_14_17"]
    assert a["base_rate"] == pytest.approx(rate, abs=5e-4)
    district = [F.value(f"district_crimes_{k}") for k in ("college", "school", "non_student")]
    assert a["neet_share_local_mark"] == pytest.approx(100 * district[2] / sum(district), abs=0.05)
    assert a["neet_share_offenders"] == F.value("teen_offenders_neet_share")


def test_cohort_defaults_come_from_the_assumptions():
    d = C.cohort_defaults()
    assert d["n"] == 1_450_000
    assert d["base_rate"] == pytest.approx(2271 / 1_450_000)
    assert d["neet_share"] == 0.5 and d["neet_prevalence"] == 0.03


@pytest.fixture
def data_copy(tmp_path, monkeypatch, root) -> Path:
    target = tmp_path / "data"
    shutil.copytree(root / "data", target)
    monkeypatch.setenv("RISKEXPLORER_DATA", str(target))
    return target


def _edit(path: Path, row_id: str, column: str, value: str) -> None:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[frame[frame.columns[0]] == row_id, column] = value
    frame.to_csv(path, index=False)


@pytest.mark.parametrize(
    ("file", "row", "column", "value", "problem"),
    [
        ("factors.csv", "truancy", "prevalence", "0.5", "prevalence_low ≤ prevalence"),
        ("factors.csv", "truancy", "prevalence_high", "1.2", "strictly between 0 and 1"),
        ("factors.csv", "truancy", "protective", "true", "protective must be true exactly"),
        ("factors.csv", "truancy", "stakeholders", "schools;army", "stakeholders"),
        ("factors.csv", "truancy", "odds_ratio_low", "-1", "odds ratio not above 0"),
        ("factors.csv", "truancy", "domain", "astrology", "domain"),
        ("assumptions.csv", "cohort_correlation", "low", "0.5", "low ≤ value"),
        ("assumptions.csv", "base_rate", "source_ids", "no_such_fact", "source_ids"),
        ("assumptions.csv", "neet_share_offenders", "high", "100", "strictly between"),
        ("actions.csv", "truancy", "stakeholder", "army", "unknown stakeholder"),
    ],
)
def test_a_broken_row_is_refused_at_load(data_copy, file, row, column, value, problem):
    _edit(data_copy / file, row, column, value)
    loader = {
        "factors.csv": C.load_factors,
        "assumptions.csv": C.load_assumptions,
        "actions.csv": C.load_actions,
    }[file]
    with pytest.raises(DataError) as info:
        loader()
    assert info.value.code == "data.invalid_rows"
    assert problem in info.value.params["problem"]
    assert row in info.value.params["rows"] or file == "actions.csv"


def test_a_missing_assumption_is_refused(data_copy):
    path = data_copy / "assumptions.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame[frame["id"] != "offenders_per_year"].to_csv(path, index=False)
    with pytest.raises(DataError) as info:
        C.load_assumptions()
    assert "offenders_per_year" in info.value.params["rows"]


# --- simulation ---------------------------------------------------------------------------------


def test_patterns_are_unique_counted_and_reproducible(factors):
    patterns, counts = C.simulate_patterns(factors, N, correlation=0.3, seed=7)
    assert patterns.dtypes.eq(np.uint8).all() and list(patterns.columns) == list(factors["id"])
    assert counts.sum() == N and (counts > 0).all()
    assert not patterns.duplicated().any()
    again, counts_again = C.simulate_patterns(factors, N, correlation=0.3, seed=7)
    pd.testing.assert_frame_equal(patterns, again)
    assert np.array_equal(counts, counts_again)
    _, other = C.simulate_patterns(factors, N, correlation=0.3, seed=8)
    assert other.shape != counts.shape or not np.array_equal(other, counts)


def test_prevalences_are_reproduced(factors):
    patterns, counts = C.simulate_patterns(factors, N, correlation=0.3, seed=1)
    realised = (patterns.to_numpy() * counts[:, None]).sum(axis=0) / N
    expected = factors["prevalence"].to_numpy()
    assert realised == pytest.approx(expected, abs=5 * np.sqrt(0.25 / N))


def _phi(patterns: pd.DataFrame, counts: np.ndarray, a: str, b: str) -> float:
    x, y = patterns[a].to_numpy(float), patterns[b].to_numpy(float)
    w = counts / counts.sum()
    mx, my = w @ x, w @ y
    return (w @ (x * y) - mx * my) / np.sqrt(mx * (1 - mx) * my * (1 - my))


def test_correlation_is_visible_in_the_patterns(factors):
    strong = C.simulate_patterns(factors, N, correlation=0.5, seed=3)
    none = C.simulate_patterns(factors, N, correlation=0.0, seed=3)
    assert _phi(*strong, "truancy", "family_conflict") > 0.1
    assert _phi(*strong, "truancy", "trusted_adult") < -0.1  # protective: opposite sign
    assert abs(_phi(*none, "truancy", "family_conflict")) < 0.015
    assert abs(_phi(*none, "truancy", "trusted_adult")) < 0.015


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"correlation": 1.2}, "cohort.bad_correlation"),
        ({"n": 0}, "cohort.bad_size"),
        ({"neet_prevalence": 0.0}, "cohort.bad_prevalence"),
        ({"base_rate": 0.0}, "cohort.bad_base_rate"),
        ({"neet_share": 1.0}, "cohort.bad_share"),
    ],
)
def test_bad_settings_are_refused(kwargs, code):
    with pytest.raises(InputError) as info:
        C.make_cohort(**({"n": 10_000} | kwargs))
    assert info.value.code == code


# --- calibration and the cohort -----------------------------------------------------------------


def test_calibration_hits_the_rate_and_the_neet_share_in_expectation(cohort):
    d = C.cohort_defaults()
    rate = cohort.expected_cases.sum() / cohort.n
    assert rate == pytest.approx(d["base_rate"], rel=1e-6)
    assert neet_share(cohort, "expected_cases") == pytest.approx(0.5, abs=1e-6)
    assert np.allclose(cohort.expected_cases, cohort.totals * cohort.risk)


def test_sampled_cases_are_within_sampling_error(cohort):
    expected = cohort.expected_cases.sum()
    assert abs(cohort.cases.sum() - expected) < 4 * np.sqrt(expected)
    assert (cohort.cases <= cohort.totals).all()
    assert abs(neet_share(cohort, "cases") - 0.5) < 4 * np.sqrt(0.25 / cohort.cases.sum())


@pytest.mark.parametrize("share", [0.05, 0.091, 0.3, 0.7])
def test_calibration_reaches_the_slider_range(share):
    cohort = C.make_cohort(n=N, neet_share=share)
    assert neet_share(cohort, "expected_cases") == pytest.approx(share, abs=1e-6)


def test_unreachable_share_reports_the_reachable_range():
    with pytest.raises(InputError) as info:
        C.make_cohort(n=N, neet_share=0.9999)
    assert info.value.code == "cohort.unreachable"
    message = info.value.message("en")
    assert info.value.params["low"] in message and info.value.params["high"] in message
    assert "99.99%" in message


def test_true_log_odds_start_with_the_intercept_and_protection_scores_negative(cohort, factors):
    beta = cohort.true_log_odds
    assert beta.index[0] == "intercept" and list(beta.index[1:]) == list(factors["id"])
    assert beta["trusted_adult"] < 0
    assert beta["prior_police_contact"] == pytest.approx(np.log(4.0))
    assert beta["neet"] != pytest.approx(np.log(factors.at["neet", "odds_ratio"]))  # calibrated


def test_same_seed_same_cohort_other_seed_other_cohort():
    a, b = C.make_cohort(n=50_000, seed=11), C.make_cohort(n=50_000, seed=11)
    assert np.array_equal(a.cases, b.cases) and np.array_equal(a.totals, b.totals)
    pd.testing.assert_series_equal(a.true_log_odds, b.true_log_odds)
    c = C.make_cohort(n=50_000, seed=12)
    assert a.totals.shape != c.totals.shape or not np.array_equal(a.totals, c.totals)


def test_outcome_sliders_reuse_the_patterns(factors):
    patterns, counts = C.simulate_patterns(factors, N, correlation=0.3, seed=5)
    low = C.cohort_from_patterns(patterns, counts, neet_share=0.1, seed=5)
    high = C.cohort_from_patterns(patterns, counts, neet_share=0.6, seed=5)
    pd.testing.assert_frame_equal(low.patterns, high.patterns)
    assert np.array_equal(low.totals, high.totals)
    assert low.true_log_odds["neet"] < high.true_log_odds["neet"]


def test_cohort_says_it_is_synthetic(cohort):
    assert cohort.synthetic is True
    assert cohort.description.startswith("SYNTHETIC cohort of 200,000")
    assert cohort.to_frame()["synthetic"].all()
    assert cohort.assumptions["seed"] == C.DEFAULT_SEED
    assert cohort.assumptions["correlation"] == 0.3


def test_to_records_expands_the_counts(cohort):
    records = C.to_records(cohort)
    assert len(records) == cohort.n
    assert records["synthetic"].all()
    assert records["offended"].sum() == cohort.cases.sum()
    by_pattern = records.groupby(list(cohort.factors))["offended"].agg(["size", "sum"])
    table = cohort.to_frame().set_index(list(cohort.factors))
    joined = by_pattern.join(table[["totals", "cases"]])
    assert (joined["size"] == joined["totals"]).all() and (joined["sum"] == joined["cases"]).all()
    sample = C.to_records(cohort, max_rows=1000)
    assert len(sample) == 1000 and sample["synthetic"].all()
    pd.testing.assert_frame_equal(sample, C.to_records(cohort, max_rows=1000))


def test_example_upload_table_is_labelled_and_usable(factors):
    table = C.example_upload_table(n=5000, seed=1)
    labels = list(factors["label"])
    assert list(table.columns) == ["region", *labels, "offended", "synthetic"]
    for column in [*labels, "offended", "synthetic"]:
        assert set(table[column]) <= {"yes", "no"}
    assert (table["synthetic"] == "yes").all()
    assert (table["offended"] == "yes").sum() == 1000
    assert table.groupby("region")["offended"].apply(lambda s: (s == "yes").sum()).min() >= 10
    assert table.attrs["description"].startswith("SYNTHETIC")
    pd.testing.assert_frame_equal(table, C.example_upload_table(n=5000, seed=1))


@pytest.mark.parametrize(
    ("lang", "region", "offended", "yes", "no", "abai", "neet"),
    [
        ("ru", "Регион", "Правонарушение", "да", "нет", "область Абай", "Не учится и не работает"),
        (
            "kk",
            "Өңір",
            "Құқық бұзушылық",
            "иә",
            "жоқ",
            "Абай облысы",
            "Оқымайды және жұмыс істемейді",
        ),
    ],
)
def test_example_upload_table_speaks_the_page_language(lang, region, offended, yes, no, abai, neet):
    english = C.example_upload_table(n=2000, seed=3)
    table = C.example_upload_table(n=2000, seed=3, lang=lang)
    assert table.columns[0] == region and table.columns[-2] == offended
    assert neet in table.columns
    assert set(table[neet]) == {yes, no} and set(table[offended]) == {yes, no}
    assert abai in set(table[region]) and "Abai region" not in set(table[region])
    # the same rows as the English table, only the words differ
    assert ((table[offended] == yes) == (english["offended"] == "yes")).all()
    assert ((table[neet] == yes) == (english["Neither studying nor working"] == "yes")).all()
    words = " ".join(map(str, [*table.columns, *pd.unique(table.to_numpy().ravel())]))
    assert not re.search(r"[A-Za-z]", words), words


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(
    "code",
    [
        "unreachable", "bad_share", "bad_base_rate", "bad_prevalence", "bad_odds_ratio",
        "bad_correlation", "bad_size", "no_neet",
    ],
)  # fmt: skip
def test_every_cohort_error_has_a_message_in_every_language(code, lang):
    assert has(f"errors.cohort.{code}", lang)
