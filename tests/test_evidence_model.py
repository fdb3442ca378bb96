"""The synthetic model says no more than the evidence allows (issue 9): it reproduces the
published crude odds ratios, its points keep its risks, Who can act is a recount of the cohort,
and the ranges come from the evidence."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.special import expit

from riskexplorer import cohort as C
from riskexplorer import uncertainty as U
from riskexplorer.scorecard import Scorecard

N = 300_000


@pytest.fixture(scope="module")
def default_cohort() -> C.Cohort:
    return C.make_cohort()


@pytest.fixture(scope="module")
def default_card(default_cohort) -> Scorecard:
    c = default_cohort
    return Scorecard().fit_grouped(c.patterns, c.cases, c.totals)


# --- crude odds ratios reproduced --------------------------------------------------------------


@pytest.mark.parametrize("correlation", [None, 0.0, 0.6])
def test_the_cohort_reproduces_every_published_crude_odds_ratio(correlation):
    cohort = C.make_cohort(correlation=correlation, n=None if correlation is None else N)
    factors = C.load_factors()
    crude = cohort.cohort_crude_odds_ratios()
    others = [f for f in factors["id"] if f != "neet"]
    ratio = crude[others] / factors.loc[others, "odds_ratio"]
    assert ((ratio - 1).abs() < 0.05).all(), ratio.round(4).to_dict()
    assert ((ratio - 1).abs() < 1e-6).all()  # in expectation it is exact, not just within 5%
    # NEET's crude association is the one its share among offenders implies.
    d = C.cohort_defaults()
    neet = cohort.patterns["neet"].to_numpy() == 1
    share = cohort.expected_cases[neet].sum() / cohort.expected_cases.sum()
    assert share == pytest.approx(d["neet_share"], abs=1e-9)
    assert crude["neet"] == pytest.approx(cohort.crude_odds_ratios["neet"], rel=1e-6)


def test_the_default_cohort_reproduces_them_with_sampled_cases_too(default_cohort):
    """The sampled cases are a Binomial draw: their crude odds ratios are within sampling
    error of the published ones (a few percent for common factors)."""
    sampled = default_cohort.cohort_crude_odds_ratios(sampled=True)
    targets = default_cohort.crude_odds_ratios
    common = ["truancy", "low_achievement", "family_conflict", "low_supervision",
              "unstructured_leisure", "trusted_adult"]  # fmt: skip
    assert ((sampled[common] / targets[common] - 1).abs() < 0.10).all()


def test_crude_and_conditional_are_both_exposed(default_cohort):
    c = default_cohort
    assert list(c.crude_odds_ratios.index) == list(c.factors)
    assert list(c.conditional_odds_ratios.index) == list(c.factors)
    # Correlated risk factors share their association: each one's own OR is smaller.
    risk = [f for f in c.factors if c.crude_odds_ratios[f] > 1]
    assert (c.conditional_odds_ratios[risk] < c.crude_odds_ratios[risk]).all()


def test_at_correlation_zero_crude_and_conditional_nearly_agree():
    """Independent factors: the conditional OR differs from the crude only by non-collapsibility
    of the odds ratio (small for a rare outcome)."""
    c = C.make_cohort(n=N, correlation=0.0)
    ratio = c.conditional_odds_ratios / c.crude_odds_ratios
    assert ((ratio - 1).abs() < 0.05).all()


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(share=st.floats(0.05, 0.7), scale=st.floats(0.8, 1.25))
def test_recalibration_hits_any_slider_setting(share, scale):
    factors = C.load_factors()
    patterns, counts = C.simulate_patterns(factors, 100_000, correlation=0.3, seed=3)
    factors["odds_ratio"] = factors["odds_ratio"] * scale
    factors["protective"] = factors["odds_ratio"] < 1
    cohort = C.cohort_from_patterns(patterns, counts, factors=factors, neet_share=share)
    crude = cohort.cohort_crude_odds_ratios()
    others = [f for f in cohort.factors if f != "neet"]
    np.testing.assert_allclose(crude[others], factors.loc[others, "odds_ratio"], rtol=1e-6)
    neet = cohort.patterns["neet"].to_numpy() == 1
    assert cohort.expected_cases[neet].sum() / cohort.expected_cases.sum() == pytest.approx(share)


def test_neet_crude_odds_ratio_by_hand():
    # s = 9.1%, p = 3%, rate = 0.157%: C1 = 0.0001429, C0 = 0.001427.
    s, p, c = 0.091, 0.03, 2271 / 1_450_000
    c1, c0 = s * c, (1 - s) * c
    assert C.neet_crude_odds_ratio(s, p, c) == pytest.approx((c1 / (p - c1)) / (c0 / (1 - p - c0)))
    assert C.neet_crude_odds_ratio(0.091, 0.03, c) == pytest.approx(3.25, abs=0.01)


def test_exact_pattern_shares_match_the_simulation():
    factors = C.load_factors()
    patterns, shares = C.pattern_probabilities(factors, correlation=0.3)
    assert shares.sum() == pytest.approx(1.0)
    np.testing.assert_allclose(patterns.to_numpy().T @ shares, factors["prevalence"], atol=1e-9)
    sim, counts = C.simulate_patterns(factors, 1_450_000, correlation=0.3)
    joint = (sim["truancy"] * sim["delinquent_peers"]).to_numpy() @ counts / counts.sum()
    exact = (patterns["truancy"] * patterns["delinquent_peers"]).to_numpy() @ shares
    assert joint == pytest.approx(exact, rel=0.03)


# --- points that keep the model's risks ---------------------------------------------------------


def test_points_rule_loses_little_loglik_and_no_group_risk(default_card, default_cohort):
    card = default_card
    assert card.loglik_loss_ <= 5.0
    assert card.group_error_ <= 0.10
    assert card.auc_loss_ <= 0.005
    # By hand: patterns of at least 1,000 teenagers, points risk against full-model risk.
    c = default_cohort
    X = c.patterns.to_numpy(float)
    full = expit(card.intercept_[0] + X @ card.coef_[0])
    points = expit(card.risk_intercept_ + card.risk_slope_ * (X @ card.points_.to_numpy()))
    big = c.totals >= 1000
    assert np.abs(points[big] / full[big] - 1).max() == pytest.approx(card.group_error_)
    # And it is the smallest scale that does so.
    for smaller in range(1, card.points_per_doubling_):
        other = Scorecard(points_scale=smaller).fit_grouped(c.patterns, c.cases, c.totals)
        from riskexplorer.scorecard import round_points, rounding_cost

        rounded = round_points(other.grouped_, other.coef_, smaller)
        eta = card.intercept_[0] + X @ card.coef_[0]
        cost = rounding_cost(card.grouped_, rounded, eta)
        assert (
            cost.loglik_loss > 5.0
            or cost.group_error > 0.10
            or (card.auc_full_ - cost.auc_points > 0.005)
        )


def test_profile_risk_equals_the_risk_table_for_the_same_total(default_card):
    table = default_card.risk_table_.set_index("points")
    for present in ([], ["truancy"], ["neet", "prior_police_contact"], ["trusted_adult"],
                    list(default_card.factors_)):  # fmt: skip
        profile = default_card.profile_risk(present)
        assert profile["risk"] == pytest.approx(table.at[profile["points"], "risk"], rel=1e-12)


def test_the_synthetic_auc_is_now_near_real_instruments(default_card):
    """With crude associations from the literature the synthetic AUC falls from 0.90 to about
    what real youth risk instruments reach (about 0.65–0.7)."""
    assert 0.62 < default_card.auc_full_ < 0.75


# --- Who can act = the cohort's recount ---------------------------------------------------------


@pytest.mark.parametrize("factor", ["truancy", "prior_police_contact", "trusted_adult", "neet"])
@pytest.mark.parametrize("fraction", [0.1, 0.5])
def test_reach_effect_is_a_recount_of_the_cohort(default_cohort, factor, fraction):
    c = default_cohort
    result = C.reach_effect(c, factor, fraction)
    # Build the moved cohort explicitly: split each pattern, flip the factor, recount.
    frame = c.patterns.copy()
    protective = c.crude_odds_ratios[factor] < 1
    movers = frame[factor] == (0 if protective else 1)
    stay = c.totals * np.where(movers, 1 - fraction, 1.0)
    moved = frame[movers].copy()
    moved[factor] = 1 if protective else 0
    new_patterns = pd.concat([frame, moved], ignore_index=True)
    new_totals = np.concatenate([stay, c.totals[movers.to_numpy()] * fraction])
    beta = c.true_log_odds
    risk = expit(beta["intercept"] + new_patterns.to_numpy(float) @ beta[list(c.factors)])
    after = float(new_totals @ risk)
    assert result["averted"] == pytest.approx(c.expected_cases.sum() - after, rel=1e-9)
    assert result["reached"] == pytest.approx(c.totals[movers.to_numpy()].sum() * fraction)
    assert result["per_1000"] == pytest.approx(1000 * result["averted"] / result["reached"])
    if result["averted"] > 0:
        assert result["reached_per_case"] == pytest.approx(result["reached"] / result["averted"])


def test_reach_ranges_include_the_central_value_and_widen_with_all():
    ranges = U.reach_ranges("truancy", 0.1)
    central = ranges.loc["central", "averted_low"]
    assert ranges.loc["central", "averted_high"] == central
    for row in ("prevalence", "volume", "evidence", "all"):
        assert ranges.loc[row, "averted_low"] <= central <= ranges.loc[row, "averted_high"]
    assert ranges.loc["all", "averted_low"] <= ranges[["averted_low"]].min().item() + 1e-9
    # The volume range moves averted in proportion to the yearly volume (2,271 → 1,682 … 2,667).
    assert ranges.loc["volume", "averted_low"] == pytest.approx(central * 1682 / 2271, rel=0.02)


def test_liable_age_mix_raises_the_neet_prevalence():
    liable = U.liable_neet_prevalence()
    assert liable.value == pytest.approx(0.85 * 0.05 + 0.15 * 0.01)
    assert liable.low < liable.value < liable.high
    # The review's example: with 5% at 16–17 the RR at the 9.1% mark falls from 3.24 to 1.90.
    from riskexplorer.evidence import relative_risk

    assert relative_risk(0.091, 0.03) == pytest.approx(3.24, abs=0.01)
    assert relative_risk(0.091, 0.05) == pytest.approx(1.90, abs=0.01)


def test_averted_barely_moves_with_prevalence():
    grid = U.averted_grid([0.5], [0.01, 0.03, 0.07], fraction=0.5, cases=2271)
    # The review's numbers: 112 / 110 / 105 a year at s = 50%, reach 10%... here reach 50%.
    np.testing.assert_allclose(grid.iloc[0].to_numpy() / 5, [112.4, 110.0, 105.0], atol=0.1)
    assert grid.iloc[0].max() / grid.iloc[0].min() < 1.1


# --- uncertainty from the evidence --------------------------------------------------------------


def test_odds_ratio_draws_stay_in_the_evidence_ranges():
    factors = C.load_factors()
    draws = U.draw_odds_ratios(factors, 2000, seed=1)
    low, high = factors["odds_ratio_low"].to_numpy(), factors["odds_ratio_high"].to_numpy()
    assert ((draws.to_numpy() >= low - 1e-12) & (draws.to_numpy() <= high + 1e-12)).all()
    assert (draws["neet"] == factors.at["neet", "odds_ratio"]).all()
    # A published 95% CI: about 2.5% of the (unclipped) draws would fall beyond each end, so the
    # median stays at the central value.
    assert np.median(np.log(draws["low_achievement"])) == pytest.approx(np.log(2.15), abs=0.03)
    pd.testing.assert_frame_equal(draws, U.draw_odds_ratios(factors, 2000, seed=1))


def test_evidence_ensemble_gives_bands_around_the_central_values():
    result = U.evidence_ensemble(draws=4, n=200_000)
    bands = result["bands"]
    assert (bands["low"] <= bands["central"]).all() and (bands["central"] <= bands["high"]).all()
    assert {"auc_points", "flagged", "ppv", "points.truancy", "averted.truancy"} <= set(bands.index)
    assert len(result["draws"]) == 4 and list(result["points"].columns) == list(
        C.load_factors()["id"]
    )
    assert bands.at["auc_points", "high"] > bands.at["auc_points", "low"]
