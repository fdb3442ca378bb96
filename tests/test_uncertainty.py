"""uncertainty: the NEET age mix of those held liable, the averted grid's formula, and the
shape of the Who-can-act ranges (tests/test_evidence_model.py checks the ensemble and the
ranges' central value; these complement it)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from riskexplorer import uncertainty as U
from riskexplorer.cohort import cohort_defaults, load_assumptions


def test_liable_neet_prevalence_at_the_defaults_and_its_ends():
    liable = U.liable_neet_prevalence()
    assert liable.value == pytest.approx(0.044)
    assert liable.share_16_17 == pytest.approx(0.85)
    # Low: every input at its low end (70%, 2%, 0.5%); high: at its high end (95%, 9%, 3%).
    assert liable.low == pytest.approx(0.70 * 0.02 + 0.30 * 0.005)  # 1.55%
    assert liable.high == pytest.approx(0.95 * 0.09 + 0.05 * 0.03)  # 8.7%
    a = load_assumptions()
    assert liable.value > a.at["neet_prevalence_14_15", "value"] / 100


def test_averted_grid_gives_the_reviews_numbers_at_ten_percent_reached():
    grid = U.averted_grid([0.5], [0.01, 0.03, 0.07], fraction=0.1)
    assert cohort_defaults()["offenders_per_year"] == 2271
    assert list(grid.index) == [0.5]
    assert list(grid.columns) == [0.01, 0.03, 0.07]
    assert grid.round().iloc[0].tolist() == [112.0, 110.0, 105.0]
    for p in (0.01, 0.03, 0.07):
        assert grid.at[0.5, p] == pytest.approx(2271 * 0.1 * (0.5 - p) / (1 - p), rel=1e-12)


def test_averted_grid_is_the_formula_in_every_cell():
    shares, prevalences = [0.05, 0.2, 0.5, 0.7], [0.01, 0.05, 0.2]
    grid = U.averted_grid(shares, prevalences, fraction=0.3, cases=1000)
    assert grid.shape == (4, 3)
    expected = pd.DataFrame(
        [[1000 * 0.3 * (s - p) / (1 - p) for p in prevalences] for s in shares],
        index=shares,
        columns=prevalences,
    )
    pd.testing.assert_frame_equal(grid, expected)
    # s = p: nothing attributable; s < p: the factor is protective (negative).
    assert grid.at[0.05, 0.05] == 0
    assert grid.at[0.05, 0.2] < 0


def test_averted_grid_accepts_arrays():
    grid = U.averted_grid(np.array([0.5]), np.array([0.5, 0.0]), fraction=1.0, cases=10)
    assert grid.iloc[0].tolist() == [0.0, 5.0]


COLUMNS = [
    "averted_low", "averted_high", "per_1000_low", "per_1000_high", "reached_per_case_low",
    "reached_per_case_high",
]  # fmt: skip


@pytest.fixture(scope="module")
def truancy() -> pd.DataFrame:
    return U.reach_ranges("truancy", 0.1)


def test_reach_ranges_rows_and_columns(truancy):
    assert list(truancy.index) == ["central", "prevalence", "volume", "evidence", "all"]
    assert list(truancy.columns) == COLUMNS


def test_reach_ranges_low_le_central_le_high_for_every_measure(truancy):
    for measure in ("averted", "per_1000", "reached_per_case"):
        low, high = truancy[f"{measure}_low"], truancy[f"{measure}_high"]
        central = truancy.at["central", f"{measure}_low"]
        assert truancy.at["central", f"{measure}_high"] == central
        assert (low <= central + 1e-9).all() and (central <= high + 1e-9).all()
        # "all" spans the corners, so it is at least as wide as each one-way range.
        assert low["all"] <= low.min() + 1e-9 and high["all"] >= high.max() - 1e-9
    assert (truancy["averted_high"] > truancy["averted_low"]).loc[["prevalence", "volume"]].all()


def test_reach_ranges_central_averted_grows_with_the_fraction_reached(truancy):
    double = U.reach_ranges("truancy", 0.2)
    assert double.at["central", "averted_low"] == pytest.approx(
        2 * truancy.at["central", "averted_low"], rel=1e-6
    )


def test_neet_has_no_evidence_range_of_its_own():
    # NEET's odds ratio is set by the share slider, not by factors.csv: its evidence row is
    # the central value.
    neet = U.reach_ranges("neet", 0.1)
    assert neet.at["evidence", "averted_low"] == pytest.approx(neet.at["central", "averted_low"])
    assert neet.at["evidence", "averted_high"] == pytest.approx(neet.at["central", "averted_high"])
    assert neet.at["volume", "averted_low"] < neet.at["central", "averted_low"]
