"""Scorecard(population_rate=...) and survey weights (issue 15, point 4)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from riskexplorer.errors import InputError
from riskexplorer.scorecard import Scorecard, at_population_rate, prior_shift


def _population(n=400_000, seed=3):
    rng = np.random.default_rng(seed)
    X = pd.DataFrame(
        (rng.random((n, 3)) < [0.15, 0.25, 0.3]).astype(np.uint8),
        columns=["neet", "absent", "club"],
    )
    eta = -7.3 + X.to_numpy() @ np.array([1.6, 1.0, -0.4])
    y = (rng.random(n) < 1 / (1 + np.exp(-eta))).astype(np.uint8)
    return X, y


def _case_control(X, y, seed=4):
    """Every offender, and as many others drawn at random: 50 % offenders."""
    rng = np.random.default_rng(seed)
    cases = np.flatnonzero(y == 1)
    others = rng.choice(np.flatnonzero(y == 0), size=cases.size, replace=False)
    rows = np.concatenate([cases, others])
    return X.iloc[rows].reset_index(drop=True), y[rows]


def test_a_case_control_extract_gives_ppv_at_the_population_rate_not_the_samples():
    X, y = _population()
    rate = float(y.mean())
    Xs, ys = _case_control(X, y)
    assert ys.mean() == 0.5
    naive = Scorecard(points_scale=2).fit(Xs, ys)
    corrected = Scorecard(points_scale=2, population_rate=0.0016).fit(Xs, ys)
    threshold = int(corrected.points_["neet"])
    sample = naive.evaluate(threshold)
    population = corrected.evaluate(threshold)
    # the points and odds ratios do not depend on the selection
    assert naive.points_.equals(corrected.points_)
    np.testing.assert_allclose(naive.coef_, corrected.coef_)
    # the sample says most of those flagged offend; at 0.16% it is a few in a hundred
    assert sample["ppv"] > 0.6
    assert population["ppv"] < 0.02
    assert population["base_rate"] == 0.0016
    assert population["sensitivity"] == pytest.approx(sample["sensitivity"])
    # and the population the extract came from agrees (its rate is close to 0.0016)
    assert 0.001 < rate < 0.003
    truth = Scorecard(points_scale=2).fit(X, y).evaluate(threshold)
    assert population["ppv"] == pytest.approx(truth["ppv"], rel=0.35)


def test_the_corrected_intercepts_and_risks_refer_to_the_population_rate():
    X, y = _population()
    Xs, ys = _case_control(X, y)
    naive = Scorecard(points_scale=2).fit(Xs, ys)
    card = Scorecard(points_scale=2, population_rate=0.0016).fit(Xs, ys)
    shift = math.log(0.0016 / 0.9984) - math.log(0.5 / 0.5)
    assert card.sample_shift_ == pytest.approx(shift)
    assert card.intercept_[0] == pytest.approx(naive.intercept_[0] + shift)
    assert card.risk_intercept_ == pytest.approx(naive.risk_intercept_ + shift)
    none = pd.DataFrame([[0, 0, 0]], columns=X.columns)
    assert card.predict_proba(none)[0, 1] < 0.002 < naive.predict_proba(none)[0, 1]
    assert card.profile_risk(["neet"])["risk"] < 0.01
    assert card.risk_table_["risk"].max() < 0.1
    observed = card.risk_table_["observed"].dropna()
    assert observed.max() < 0.1


def test_at_population_rate_from_sensitivity_and_specificity():
    m = at_population_rate({"sensitivity": 0.6, "specificity": 0.8}, 0.0016, n=100_000)
    assert m["true_positives"] == pytest.approx(96.0)
    assert m["false_positives"] == pytest.approx(19_968.0)
    assert m["ppv"] == pytest.approx(96 / 20_064)
    with pytest.raises(InputError):
        prior_shift(0.5, 1.5)


def _survey(n=3000, seed=5):
    rng = np.random.default_rng(seed)
    X = pd.DataFrame((rng.random((n, 2)) < 0.3).astype(np.uint8), columns=["a", "b"])
    eta = -1.5 + X.to_numpy() @ np.array([0.9, -0.5])
    y = (rng.random(n) < 1 / (1 + np.exp(-eta))).astype(np.uint8)
    w = rng.uniform(0.2, 3.0, n)
    return X, y, w


def test_survey_weights_get_hc0_errors_as_statsmodels_and_do_not_scale():
    X, y, w = _survey()
    card = Scorecard(weights="survey").fit(X, y, sample_weight=w)
    reference = sm.GLM(
        y, sm.add_constant(X.astype(float)), family=sm.families.Binomial(), var_weights=w
    ).fit(cov_type="HC0")
    np.testing.assert_allclose(card.coef_.ravel(), reference.params.to_numpy()[1:], rtol=1e-6)
    np.testing.assert_allclose(card.std_errors_.to_numpy(), reference.bse.to_numpy()[1:], rtol=1e-5)
    # weights × 100 (a survey that counts in hundreds) changes no standard error
    scaled = Scorecard(weights="survey").fit(X, y, sample_weight=100 * w)
    np.testing.assert_allclose(scaled.std_errors_, card.std_errors_, rtol=1e-9)


def test_frequency_weights_keep_the_repeated_rows_errors_and_refuse_fractions():
    X, y, w = _survey()
    counts = np.rint(w).astype(int) + 1
    card = Scorecard().fit(X, y, sample_weight=counts)
    reference = sm.GLM(
        y, sm.add_constant(X.astype(float)), family=sm.families.Binomial(), freq_weights=counts
    ).fit()
    np.testing.assert_allclose(card.std_errors_.to_numpy(), reference.bse.to_numpy()[1:], rtol=1e-5)
    with pytest.raises(InputError) as error:
        Scorecard().fit(X, y, sample_weight=w)
    assert error.value.code == "scorecard.fractional_frequency_weight"
