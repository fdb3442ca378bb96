"""The data tables of the model pages (factors, assumptions, actions) are validated at load,
every factor's strength traces to a study in sources.csv or to a stated assumption, and the
assumptions' arithmetic is what their notes say. (Moved from test_cohort.py with the loaders.)"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from riskexplorer import catalogue as K
from riskexplorer import cohort as C
from riskexplorer import facts as F
from riskexplorer.errors import DataError
from riskexplorer.i18n import has
from tests.datafiles import edit_row


@pytest.fixture(scope="module")
def factors() -> pd.DataFrame:
    return C.load_factors()


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
    """Changed with issue 9: the NEET share starts at the local reports' mark, not the
    briefing's contradicted 50%."""
    d = C.cohort_defaults()
    assert d["n"] == 1_450_000
    assert d["base_rate"] == pytest.approx(2271 / 1_450_000)
    assert d["neet_share"] == pytest.approx(0.091) and d["neet_prevalence"] == 0.03
    assert d["neet_share"] == C.load_assumptions().at["neet_share_local_mark", "value"] / 100
    assert K.cohort_defaults() == d


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
    edit_row(data_copy / file, row, column, value)
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


# --- the evidence behind each factor --------------------------------------------------------------

D_TO_OR = math.pi / math.sqrt(3)


def test_cohort_re_exports_the_catalogue():
    assert C.load_factors is K.load_factors and C.cohort_defaults is K.cohort_defaults
    assert C.load_assumptions is K.load_assumptions and C.load_actions is K.load_actions


def test_every_factor_cites_studies_that_resolve_or_says_why_not(factors):
    sources = set(F.load_sources()["source_id"])
    assert set(factors["source"]) <= set(K.EVIDENCE)
    for fid, row in factors.iterrows():
        ids = [x for x in row["source_ids"].split(";") if x]
        assert ids and all(i in sources for i in ids), fid
        assert row["caveat"] and row["prevalence_basis"] and row["range_basis"], fid
        if row["source"] == "assumption":
            assert row["measure"] == "none" and math.isnan(row["measure_value"])
            assert "no " in row["note"].lower() or "not " in row["note"].lower()
        else:
            assert not math.isnan(row["measure_value"]), fid
    assert set(factors.loc[factors["source"] == "assumption", "id"]) == {
        "neet", "unstructured_leisure",
    }  # fmt: skip
    assert "low_achievement" in factors.index


def test_conversions_reproduce_the_catalogue(factors):
    """The odds ratios are the published measures converted as the conversion column says."""
    d_to_or = lambda d: math.exp(D_TO_OR * d)  # noqa: E731
    r_to_d = lambda r: 2 * r / math.sqrt(1 - r * r)  # noqa: E731
    z_to_or = lambda z: d_to_or(r_to_d(math.tanh(abs(z))))  # noqa: E731
    row = factors.loc["low_achievement"]
    assert [z_to_or(row[c]) for c in ("measure_value", "measure_high", "measure_low")] == (
        pytest.approx([row["odds_ratio"], row["odds_ratio_low"], row["odds_ratio_high"]], abs=0.01)
    )
    for fid in ("family_conflict", "low_supervision"):
        row = factors.loc[fid]
        assert [d_to_or(row[c]) for c in ("measure_value", "measure_low", "measure_high")] == (
            pytest.approx(
                [row["odds_ratio"], row["odds_ratio_low"], row["odds_ratio_high"]], abs=0.01
            )  # fmt: skip
        )
    row = factors.loc["prior_police_contact"]
    assert d_to_or(r_to_d(row["measure_value"])) == pytest.approx(row["odds_ratio"], abs=0.01)
    row = factors.loc["trusted_adult"]
    assert [1 / d_to_or(row[c]) for c in ("measure_value", "measure_high", "measure_low")] == (
        pytest.approx([row["odds_ratio"], row["odds_ratio_low"], row["odds_ratio_high"]], abs=0.01)
    )
    for fid in ("substance_use", "aggressive_behaviour"):
        assert factors.at[fid, "measure_value"] == factors.at[fid, "odds_ratio"]
    # ONS percentages: persistent absence 35.9% (other sanctions), 52.5% (custodial), 10.9% (none).
    odds = lambda p: p / (1 - p)  # noqa: E731
    row = factors.loc["truancy"]
    assert odds(0.359) / odds(0.109) == pytest.approx(row["odds_ratio_low"], abs=0.05)
    assert odds(0.525) / odds(0.109) == pytest.approx(row["odds_ratio_high"], abs=0.05)


def test_an_estimate_citing_an_unknown_study_is_refused(data_copy):
    edit_row(data_copy / "factors.csv", "truancy", "source_ids", "no_such_study")
    with pytest.raises(DataError) as info:
        C.load_factors()
    assert "sources.csv" in info.value.params["problem"] and "truancy" in info.value.params["rows"]


def test_an_estimate_without_its_measure_is_refused(data_copy):
    edit_row(data_copy / "factors.csv", "truancy", "measure_value", "")
    with pytest.raises(DataError) as info:
        C.load_factors()
    assert "measure_value" in info.value.params["problem"]


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_factor_names_and_caveats_are_translated(factors, lang):
    for fid in factors["id"]:
        assert has(f"factor.{fid}", lang) and has(f"factor_caveat.{fid}", lang)
        assert K.factor_caveat(fid, lang) != factors.at[fid, "caveat"]
    assert K.factor_caveat("truancy", "en") == factors.at["truancy", "caveat"]
    assert K.factor_label("truancy", "en") == "Persistent absence from school"


def test_age_mix_assumptions_average_to_the_14_17_prevalence():
    a = C.load_assumptions()["value"]
    assert (a["neet_prevalence_16_17"] + a["neet_prevalence_14_15"]) / 2 == a[
        "neet_prevalence_14_17"
    ]
