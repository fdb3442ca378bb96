"""The synthetic cohort keeps its promises: the data files are validated at load, the assumptions'
arithmetic is what their notes say, the cohort is reproducible, hits the documented rate and the
NEET-share slider, shows the correlation it was given, and says everywhere that it is synthetic."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from riskexplorer import cohort as C
from riskexplorer.errors import InputError
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
    assert neet_share(cohort, "expected_cases") == pytest.approx(d["neet_share"], abs=1e-6)
    assert np.allclose(cohort.expected_cases, cohort.totals * cohort.risk)


def test_sampled_cases_are_within_sampling_error(cohort):
    expected = cohort.expected_cases.sum()
    assert abs(cohort.cases.sum() - expected) < 4 * np.sqrt(expected)
    assert (cohort.cases <= cohort.totals).all()
    share = C.cohort_defaults()["neet_share"]
    assert abs(neet_share(cohort, "cases") - share) < 4 * np.sqrt(
        share * (1 - share) / cohort.cases.sum()
    )


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


def test_true_log_odds_are_conditional_and_smaller_than_the_crude_ones(cohort, factors):
    """Changed with issue 9: the catalogue's odds ratios are crude; the model's own (conditional)
    log-odds are calibrated, and with correlated factors they are closer to 0."""
    beta = cohort.true_log_odds
    assert beta.index[0] == "intercept" and list(beta.index[1:]) == list(factors["id"])
    risk = [f for f in factors["id"] if not factors.at[f, "protective"]]
    crude = np.log(cohort.crude_odds_ratios[risk])
    assert (beta[risk] < crude).all()  # correlation 0.3: part of each association is shared
    assert beta["prior_police_contact"] != pytest.approx(
        np.log(factors.at["prior_police_contact", "odds_ratio"])
    )
    pd.testing.assert_series_equal(
        cohort.conditional_odds_ratios, np.exp(beta.drop("intercept")), check_names=False
    )


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
