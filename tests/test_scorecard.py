"""The scorecard: estimates equal to statsmodels, grouped fits equal to row fits, the points and
risk rules recomputed by hand, metrics on hand-made counts, and plain errors for data that cannot
be fitted."""

from __future__ import annotations

import itertools
import math
import string

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer

from riskexplorer import i18n
from riskexplorer.errors import InputError
from riskexplorer.scorecard import (
    Scorecard,
    _design,
    achievable_totals,
    calibration_table,
    evaluate_points,
    group_patterns,
    grouped_from_counts,
    points_from_coef,
    round_points,
    rounding_cost,
    threshold_sweep,
    weighted_auc,
)

FACTORS = ["truancy", "family_conflict", "peer_offending", "sports_club", "school_support"]


def expit(x):
    return 1.0 / (1.0 + np.exp(-x))


def make_data(seed: int, n: int = 3000, k: int = 4, intercept: float = -1.5):
    """Correlated 0/1 factors (prevalence about 20-60%) and an outcome from a logistic model."""
    rng = np.random.default_rng(seed)
    latent = rng.standard_normal((n, k)) + 0.5 * rng.standard_normal((n, 1))
    X = (latent > rng.uniform(-0.3, 0.9, k)).astype(np.int64)
    beta = rng.uniform(-1.0, 1.2, k)
    y = (rng.random(n) < expit(intercept + X @ beta)).astype(np.int64)
    return pd.DataFrame(X, columns=FACTORS[:k]), y


def statsmodels_reference(X: pd.DataFrame, y, weights=None):
    design = sm.add_constant(X.astype(float), has_constant="add")
    if weights is None:
        return sm.Logit(y, design).fit(disp=0, method="newton", tol=1e-12, maxiter=100)
    model = sm.GLM(y, design, family=sm.families.Binomial(), freq_weights=weights)
    return model.fit(tol=1e-12, maxiter=100)


def assert_matches_statsmodels(card: Scorecard, result, alpha: float = 0.05) -> None:
    params = result.params.to_numpy()
    ci = np.exp(result.conf_int(alpha=alpha).to_numpy())
    np.testing.assert_allclose(card.intercept_[0], params[0], rtol=0, atol=1e-5)
    np.testing.assert_allclose(card.coef_.ravel(), params[1:], rtol=0, atol=1e-5)
    odds = card.odds_ratios_
    np.testing.assert_allclose(odds["odds_ratio"], np.exp(params[1:]), rtol=0, atol=1e-4)
    np.testing.assert_allclose(odds["ci_low"], ci[1:, 0], rtol=0, atol=1e-4)
    np.testing.assert_allclose(odds["ci_high"], ci[1:, 1], rtol=0, atol=1e-4)
    np.testing.assert_allclose(card.std_errors_, result.bse.to_numpy()[1:], rtol=0, atol=1e-5)
    np.testing.assert_allclose(card.p_values_, result.pvalues.to_numpy()[1:], rtol=0, atol=1e-4)


# --------------------------------------------------------------------------------------------
# Estimates against statsmodels and against fits on raw rows
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_odds_ratios_and_intervals_equal_statsmodels_logit_on_raw_rows(seed):
    X, y = make_data(seed, k=4 + seed % 2)
    card = Scorecard().fit(X, y)
    assert_matches_statsmodels(card, statsmodels_reference(X, y))


def test_interval_level_follows_alpha():
    X, y = make_data(7)
    card = Scorecard(alpha=0.1).fit(X, y)
    assert_matches_statsmodels(card, statsmodels_reference(X, y), alpha=0.1)
    wide = Scorecard().fit(X, y).odds_ratios_
    assert (card.odds_ratios_["ci_low"] > wide["ci_low"]).all()


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 2**31),
    n=st.integers(300, 2500),
    k=st.integers(1, 5),
    intercept=st.floats(-2.5, 0.5),
)
def test_odds_ratios_equal_statsmodels_on_generated_data(seed, n, k, intercept):
    X, y = make_data(seed, n=n, k=k, intercept=intercept)
    try:
        card = Scorecard().fit(X, y)
    except InputError as err:  # small samples can separate or have a constant factor
        assume(err.code not in {"scorecard.separation", "scorecard.constant_factor"})
        raise
    assert_matches_statsmodels(card, statsmodels_reference(X, y))


@pytest.mark.parametrize("integer_weights", [True, False])
def test_weighted_fit_equals_statsmodels_glm_with_frequency_weights(integer_weights):
    X, y = make_data(11)
    rng = np.random.default_rng(5)
    weights = rng.integers(1, 6, len(y)) if integer_weights else rng.uniform(0.2, 3.0, len(y))
    if not integer_weights:
        # "this row stands for 1.7 people" means nothing: fractions are survey weights, whose
        # errors are robust ones (tests/test_scorecard_rates.py)
        with pytest.raises(InputError, match=".") as error:
            Scorecard().fit(X, y, sample_weight=weights)
        assert error.value.code == "scorecard.fractional_frequency_weight"
        card = Scorecard(weights="survey").fit(X, y, sample_weight=weights)
        reference = statsmodels_reference(X, y, weights)
        np.testing.assert_allclose(card.coef_.ravel(), reference.params[1:], rtol=1e-6)
        return
    card = Scorecard().fit(X, y, sample_weight=weights)
    assert_matches_statsmodels(card, statsmodels_reference(X, y, weights))


def test_grouped_fit_equals_sklearn_on_the_raw_rows():
    X, y = make_data(3, n=5000, k=5)
    card = Scorecard().fit(X, y)
    raw = LogisticRegression(C=np.inf, solver="newton-cholesky", tol=1e-10, max_iter=1000)
    raw.fit(X, y)
    np.testing.assert_allclose(card.coef_, raw.coef_, rtol=0, atol=1e-6)
    np.testing.assert_allclose(card.intercept_, raw.intercept_, rtol=0, atol=1e-6)
    assert card.coef_.shape == (1, 5)


def test_weighted_rows_equal_replicated_rows():
    X, y = make_data(4)
    weights = np.random.default_rng(0).integers(1, 4, len(y))
    weighted = Scorecard().fit(X, y, sample_weight=weights)
    replicated = Scorecard().fit(X.loc[X.index.repeat(weights)], np.repeat(y, weights))
    np.testing.assert_allclose(weighted.coef_, replicated.coef_, atol=1e-8)
    np.testing.assert_allclose(weighted.std_errors_, replicated.std_errors_, atol=1e-8)
    pd.testing.assert_series_equal(weighted.points_, replicated.points_)
    pd.testing.assert_frame_equal(weighted.risk_table_, replicated.risk_table_, atol=1e-8)
    assert weighted.auc_points_ == pytest.approx(replicated.auc_points_, abs=1e-12)


def test_fit_grouped_equals_fit_on_the_rows_it_counts():
    patterns = pd.DataFrame(
        [[0, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 0], [1, 0, 1], [0, 1, 1], [1, 1, 1]],
        columns=["truancy", "family_conflict", "sports_club"],
    )
    cases = np.array([12, 30, 25, 5, 40, 9, 8, 14])
    totals = np.array([400, 300, 280, 350, 150, 120, 140, 60])
    from_counts = Scorecard().fit_grouped(patterns, cases, totals)

    rows = patterns.loc[patterns.index.repeat(totals)].reset_index(drop=True)
    outcome = np.concatenate(
        [np.r_[np.ones(c), np.zeros(t - c)] for c, t in zip(cases, totals, strict=True)]
    )
    from_rows = Scorecard().fit(rows, outcome)
    np.testing.assert_allclose(from_counts.coef_, from_rows.coef_, atol=1e-8)
    np.testing.assert_allclose(from_counts.std_errors_, from_rows.std_errors_, atol=1e-8)
    pd.testing.assert_frame_equal(from_counts.table(), from_rows.table(), atol=1e-8)
    pd.testing.assert_frame_equal(from_counts.risk_table_, from_rows.risk_table_, atol=1e-8)
    assert list(from_counts.feature_names_in_) == list(patterns.columns)


def test_group_patterns_counts_a_hand_made_table():
    X = pd.DataFrame({"a": [0, 1, 1, 0, 1, 1], "b": [0, 0, 1, 0, 1, 1]})
    y = np.array([0, 1, 1, 1, 0, 1])
    grouped = group_patterns(X, y, sample_weight=[1, 2, 1, 3, 1, 1])
    frame = grouped.to_frame()
    assert frame.to_dict("list") == {
        "a": [0, 1, 1],
        "b": [0, 0, 1],
        "cases": [3.0, 2.0, 2.0],
        "totals": [4.0, 2.0, 3.0],
    }
    assert grouped.factors == ("a", "b")
    assert grouped.base_rate == pytest.approx(7 / 9)


@pytest.mark.parametrize("k", [3, 25, 70])
def test_group_patterns_matches_pandas_groupby_for_any_number_of_factors(k):
    """Covers the bincount path (k <= 20), the np.unique path, and the > 64 factors path."""
    rng = np.random.default_rng(k)
    n = 400
    base = (rng.random((n // 8, k)) < 0.3).astype(np.uint8)
    X = base[rng.integers(0, len(base), n)]  # repeated patterns
    y = rng.integers(0, 2, n)
    w = rng.uniform(0.5, 2.0, n)
    grouped = group_patterns(X, y, w)
    ours = grouped.to_frame()
    frame = pd.DataFrame(X, columns=grouped.factors).assign(cases=w * y, totals=w)
    theirs = frame.groupby(list(grouped.factors), as_index=False)[["cases", "totals"]].sum()
    key = list(grouped.factors)
    ours = ours.sort_values(key).reset_index(drop=True)
    theirs = theirs.sort_values(key).reset_index(drop=True)
    np.testing.assert_array_equal(ours[key].to_numpy(), theirs[key].to_numpy())
    np.testing.assert_allclose(ours[["cases", "totals"]], theirs[["cases", "totals"]])


def test_grouped_from_counts_sums_repeated_patterns_and_drops_empty_ones():
    grouped = grouped_from_counts(
        pd.DataFrame({"a": [1, 0, 1, 0]}), cases=[1, 2, 3, 0], totals=[5, 6, 7, 0]
    )
    assert grouped.to_frame().to_dict("list") == {
        "a": [0, 1],
        "cases": [2.0, 4.0],
        "totals": [6.0, 12.0],
    }


def test_fit_accepts_bool_uint8_and_float_factors_alike():
    X, y = make_data(8)
    reference = Scorecard().fit(X, y)
    for converted in (X.astype(bool), X.astype(np.uint8), X.astype(float)):
        np.testing.assert_allclose(Scorecard().fit(converted, y).coef_, reference.coef_)


def test_outcome_labels_other_than_0_1_follow_sklearn():
    X, y = make_data(9)
    labelled = np.where(y == 1, "yes", "no")
    card = Scorecard().fit(X, labelled)
    assert list(card.classes_) == ["no", "yes"]
    np.testing.assert_allclose(card.coef_, Scorecard().fit(X, y).coef_)
    assert set(card.predict(X)) <= {"no", "yes"}


# --------------------------------------------------------------------------------------------
# Points and the risk table
# --------------------------------------------------------------------------------------------


def test_points_are_the_paper_rule_rounded_down_or_up():
    """Changed with issue 9: "auto" rounds each factor down or up (whichever keeps the model's
    risks), so a point may differ by one from plain rounding, never by more."""
    X, y = make_data(12, k=5)
    card = Scorecard().fit(X, y)
    s = card.points_per_doubling_
    scaled = card.coef_[0] * s / math.log(2)
    points = card.points_.to_numpy()
    assert ((points == np.floor(scaled)) | (points == np.ceil(scaled))).all()
    assert card.points_.dtype.kind == "i"
    assert list(card.points_.index) == FACTORS[:5]
    protective = card.coef_[0] < -math.log(2) / s  # large enough not to round to 0
    assert (card.points_[protective] < 0).all() and protective.any()
    # The chosen rounding is at least as good as plain rounding at the same scale.
    plain = Scorecard(points_scale=s).fit(X, y)
    assert card.loglik_points_ >= plain.loglik_points_ - 1e-9


def test_points_from_coef_gives_s_points_per_doubling():
    ln2 = math.log(2)
    assert points_from_coef([ln2, 2 * ln2, -ln2, 0.1, math.log(3)], 3).tolist() == [3, 6, -3, 0, 5]


@pytest.mark.parametrize("budget", [5.0, 0.5])
def test_auto_scale_is_the_smallest_that_keeps_loglik_groups_and_auc(budget):
    """Changed with issue 9: the scale is chosen by log-likelihood, group calibration and AUC,
    not by AUC alone."""
    X, y = make_data(12, k=5)
    card = Scorecard(max_loglik_loss=budget, min_group=200).fit(X, y)
    assert card.loglik_loss_ <= budget and card.group_error_ <= card.max_group_error
    assert card.auc_loss_ <= card.max_auc_loss
    assert card.auc_loss_ == pytest.approx(card.auc_full_ - card.auc_points_)
    assert card.auc_full_ == pytest.approx(roc_auc_score(y, card.decision_function(X)))
    assert card.auc_points_ == pytest.approx(roc_auc_score(y, card.score_points(X)))
    # The log-likelihoods by hand.
    p_full = card.predict_proba(X)[:, 1]
    ll_full = float(np.sum(np.where(y == 1, np.log(p_full), np.log1p(-p_full))))
    assert card.loglik_full_ == pytest.approx(ll_full, rel=1e-9)
    p_points = expit(card.risk_intercept_ + card.risk_slope_ * card.score_points(X))
    ll_points = float(np.sum(np.where(y == 1, np.log(p_points), np.log1p(-p_points))))
    assert card.loglik_points_ == pytest.approx(ll_points, rel=1e-6)
    for smaller in range(1, card.points_per_doubling_):
        points = round_points(card.grouped_, card.coef_, smaller)
        cost = rounding_cost(
            card.grouped_,
            points,
            _design(card.grouped_.patterns) @ np.r_[card.intercept_, card.coef_[0]],
            min_group=200,
        )
        assert (
            cost.loglik_loss > budget
            or cost.group_error > card.max_group_error
            or card.auc_full_ - cost.auc_points > card.max_auc_loss
        )


def test_a_fixed_scale_is_used_as_given():
    X, y = make_data(13, k=5)
    card = Scorecard(points_scale=7).fit(X, y)
    assert card.points_per_doubling_ == 7
    assert card.points_.tolist() == points_from_coef(card.coef_, 7).tolist()
    assert card.get_params()["points_scale"] == 7


def test_risk_table_follows_the_points_rule_and_counts_the_training_rows():
    X, y = make_data(14, k=4)
    card = Scorecard().fit(X, y)
    table = card.risk_table_
    assert list(table.columns) == ["points", "risk", "ci_low", "ci_high", "n", "observed"]

    # Every total some subset of factors reaches, each once.
    subsets = {sum(c) for r in range(5) for c in itertools.combinations(card.points_.tolist(), r)}
    assert table["points"].tolist() == sorted(subsets)

    assert card.risk_slope_ > 0
    assert table["risk"].is_monotonic_increasing

    # One row by hand: the logistic rule and its Wald interval on the log-odds scale.
    row = table.iloc[len(table) // 2]
    a, b, cov = card.risk_intercept_, card.risk_slope_, card.risk_covariance_
    p = row["points"]
    se = math.sqrt(cov[0, 0] + p * p * cov[1, 1] + 2 * p * cov[0, 1])
    assert row["risk"] == pytest.approx(1 / (1 + math.exp(-(a + b * p))), rel=1e-12)
    assert row["ci_low"] == pytest.approx(1 / (1 + math.exp(-(a + b * p - 1.959964 * se))))
    assert row["ci_high"] == pytest.approx(1 / (1 + math.exp(-(a + b * p + 1.959964 * se))))

    # n and observed from the raw rows.
    totals = card.score_points(X)
    assert row["n"] == (totals == p).sum()
    if row["n"]:
        assert row["observed"] == pytest.approx(y[totals == p].mean())
    assert table["n"].sum() == len(y)
    assert table.loc[table["n"] == 0, "observed"].isna().all()

    # a and b are the maximum-likelihood fit of the outcome on total points.
    reference = sm.Logit(y, sm.add_constant(totals.astype(float))).fit(disp=0, tol=1e-12)
    np.testing.assert_allclose([a, b], reference.params, atol=1e-5)


def test_achievable_totals_are_all_subset_sums():
    assert achievable_totals([2, -1, 3]).tolist() == [-1, 0, 1, 2, 3, 4, 5]


# --------------------------------------------------------------------------------------------
# Metrics from grouped counts, for any points
# --------------------------------------------------------------------------------------------


@pytest.fixture
def tiny():
    """Four patterns of 10 children each; 1, 2, 3, 4 of them had the outcome."""
    patterns = pd.DataFrame({"a": [0, 1, 0, 1], "b": [0, 0, 1, 1]})
    return grouped_from_counts(patterns, cases=[1, 2, 3, 4], totals=[10, 10, 10, 10])


def test_evaluate_points_on_a_tiny_hand_made_table(tiny):
    # totals: 00 -> 0, 10 -> 1, 01 -> 2, 11 -> 3; threshold 2 flags the patterns 01 and 11.
    result = evaluate_points(tiny, {"a": 1, "b": 2}, threshold=2)
    assert result["flagged"] == 20
    assert result["true_positives"] == 7
    assert result["false_positives"] == 13
    assert result["ppv"] == pytest.approx(0.35)
    assert result["sensitivity"] == pytest.approx(0.7)
    assert result["specificity"] == pytest.approx(17 / 30)
    assert result["base_rate"] == pytest.approx(0.25)
    # AUC by hand: case/non-case pairs ranked right, ties counting half: 200 of 10 x 30.
    assert result["auc"] == pytest.approx(200 / 300)


def test_evaluate_points_when_no_one_is_flagged_gives_nan_ppv(tiny):
    result = evaluate_points(tiny, {"a": 1, "b": 2}, threshold=4)
    assert result["flagged"] == 0
    assert math.isnan(result["ppv"])
    assert result["sensitivity"] == 0
    assert result["specificity"] == 1


def test_points_not_mentioned_count_zero_and_unknown_factors_are_refused(tiny):
    assert evaluate_points(tiny, {"b": 1}, 1)["flagged"] == 20
    with pytest.raises(InputError) as err:
        evaluate_points(tiny, {"c": 1}, 1)
    assert "“c”" in str(err.value)


def test_threshold_sweep_agrees_with_evaluate_points():
    X, y = make_data(15)
    card = Scorecard().fit(X, y)
    sweep = threshold_sweep(card.grouped_, card.points_.to_dict())
    assert sweep["threshold"].tolist() == sorted(set(card.score_points(X)))
    assert sweep["flagged"].iloc[0] == len(y)  # the lowest threshold flags everyone
    assert sweep["flagged"].is_monotonic_decreasing
    for row in sweep.itertuples():
        expected = card.evaluate(row.threshold)
        for key in ("flagged", "true_positives", "false_positives", "ppv", "sensitivity"):
            assert getattr(row, key) == pytest.approx(expected[key], nan_ok=True)
        flagged = card.score_points(X) >= row.threshold
        assert row.true_positives == y[flagged].sum()


def test_calibration_tables_add_up(tiny):
    by_points = calibration_table(tiny, [0.1, 0.2, 0.3, 0.4], groups=[0, 1, 1, 2])
    assert by_points["group"].tolist() == [0, 1, 2]
    assert by_points["n"].tolist() == [10, 20, 10]
    assert by_points["observed"].tolist() == pytest.approx([0.1, 0.25, 0.4])
    assert by_points["predicted"].tolist() == pytest.approx([0.1, 0.25, 0.4])

    # Equal weights, one pattern per bin: each quarter is its own group.
    quarters = calibration_table(tiny, [0.1, 0.2, 0.3, 0.4], n_bins=4)
    assert quarters["n"].tolist() == [10, 10, 10, 10]
    assert quarters["observed"].tolist() == pytest.approx([0.1, 0.2, 0.3, 0.4])

    X, y = make_data(16, k=5)
    card = Scorecard().fit(X, y)
    deciles = card.calibration("model")
    assert deciles["n"].sum() == len(y)
    assert deciles["cases"].sum() == y.sum()
    assert deciles["predicted"].is_monotonic_increasing
    assert deciles["group"].tolist() == list(range(1, len(deciles) + 1))
    points = card.calibration("points")
    assert points["group"].tolist() == sorted(set(card.score_points(X)))


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_weighted_auc_equals_roc_auc_score_on_the_expanded_frame(seed):
    rng = np.random.default_rng(seed)
    patterns = pd.DataFrame(_all_patterns(4), columns=list("abcd"))
    totals = rng.uniform(0, 50, len(patterns)).round(1)
    cases = (totals * rng.uniform(0, 1, len(patterns))).round(1)
    cases[0] = 0  # a pattern with no cases
    grouped = grouped_from_counts(patterns, cases, totals)
    for scores in (
        rng.normal(size=len(grouped.cases)),  # no ties
        rng.integers(-2, 3, len(grouped.cases)),  # many ties
    ):
        X_rows, outcome, weight = grouped.expanded()
        index = [np.flatnonzero((grouped.patterns == row).all(axis=1))[0] for row in X_rows]
        expected = roc_auc_score(outcome, scores[index], sample_weight=weight)
        assert weighted_auc(grouped, scores) == pytest.approx(expected, rel=1e-12)


def _all_patterns(k: int) -> np.ndarray:
    return np.array(list(itertools.product([0, 1], repeat=k)))


def test_weighted_auc_is_nan_without_both_outcomes():
    grouped = grouped_from_counts(pd.DataFrame({"a": [0, 1]}), cases=[0, 0], totals=[3, 4])
    assert math.isnan(weighted_auc(grouped, [0, 1]))


# --------------------------------------------------------------------------------------------
# Data that cannot be fitted: plain errors naming the factor
# --------------------------------------------------------------------------------------------


def fit_error(X, y, **kwargs) -> InputError:
    with pytest.raises(InputError) as err:
        Scorecard().fit(X, y, **kwargs)
    return err.value


def test_a_constant_factor_is_named():
    X, y = make_data(20)
    X["everyone_in_school"] = 1
    err = fit_error(X, y)
    assert err.code == "scorecard.constant_factor"
    assert "everyone_in_school" in str(err)
    assert "everyone_in_school" in err.message("ru") and "everyone_in_school" in err.message("kk")


def test_a_single_outcome_class_is_refused():
    X, y = make_data(21)
    assert fit_error(X, np.zeros_like(y)).code == "scorecard.one_class"
    # Cases exist but weigh nothing: still one class.
    err = fit_error(X, y, sample_weight=np.where(y == 1, 0.0, 1.0))
    assert err.code == "scorecard.one_class"


def test_a_factor_with_an_empty_cell_is_named_as_separation():
    X, y = make_data(22)
    X["weapon_found"] = 0
    X.loc[X.index[:40], "weapon_found"] = 1
    y = y.copy()
    y[:40] = 1  # every child with the factor had the outcome
    err = fit_error(X, y)
    assert err.code == "scorecard.separation"
    assert err.params["factor"] == "weapon_found"
    assert "drop it" in str(err)


def test_separation_by_a_combination_of_factors_is_found():
    # Pattern 11: every child had the outcome; pattern 00: none did; 10 and 01 are mixed.
    # Each factor's own 2x2 table has no empty cell, yet no finite estimate exists.
    patterns = pd.DataFrame({"a": [0, 1, 0, 1], "b": [0, 0, 1, 1], "c": [0, 1, 1, 0]})
    with pytest.raises(InputError) as err:
        Scorecard().fit_grouped(patterns, cases=[0, 5, 6, 9], totals=[50, 20, 20, 9])
    assert err.value.code == "scorecard.separation"
    assert {"a", "b"} <= set(err.value.params["factor"].split(", "))


def test_factors_that_carry_the_same_information_are_named():
    X, y = make_data(23)
    X["boy"] = X["truancy"]
    X["girl"] = 1 - X["truancy"]
    err = fit_error(X, y)
    assert err.code == "scorecard.collinear"
    assert set(err.params["factor"].split(", ")) == {"truancy", "boy", "girl"}


@pytest.mark.parametrize(("value", "shown"), [(2, "2"), (np.nan, "NaN"), (0.5, "0.5")])
def test_a_factor_that_is_not_0_1_is_named_with_examples(value, shown):
    X, y = make_data(24)
    X = X.astype(float)
    X.loc[5, "family_conflict"] = value
    err = fit_error(X, y)
    assert err.code == "scorecard.not_binary"
    assert err.params == {"factor": "family_conflict", "examples": shown}
    assert "family_conflict" in str(err) and shown in str(err)


def test_an_outcome_with_three_values_is_refused():
    X, y = make_data(25)
    y = y.copy()
    y[:3] = 2
    err = fit_error(X, y)
    assert err.code == "scorecard.outcome_not_binary"
    assert "2" in err.params["examples"]


def test_bad_weights_lengths_and_counts_are_refused():
    X, y = make_data(26)
    assert fit_error(X, y, sample_weight=-np.ones(len(y))).code == "scorecard.bad_weights"
    assert fit_error(X, y[:-1]).code == "scorecard.length_mismatch"
    with pytest.raises(InputError) as err:
        Scorecard().fit_grouped(pd.DataFrame({"a": [0, 1]}), cases=[3, 5], totals=[4, 4])
    assert err.value.code == "scorecard.bad_counts"
    assert err.value.params["row"] == 2


def test_every_scorecard_message_is_translated_with_the_same_placeholders():
    keys = [k for k in i18n.catalog("en") if k.startswith("errors.scorecard.")]
    assert len(keys) >= 10
    for key in keys:
        english = {f for _, f, _, _ in string.Formatter().parse(i18n.catalog("en")[key]) if f}
        for lang in ("ru", "kk"):
            assert i18n.has(key, lang), f"{key} missing in {lang}"
            text = i18n.catalog(lang)[key]
            assert text != i18n.catalog("en")[key]
            assert {f for _, f, _, _ in string.Formatter().parse(text) if f} == english, key


# --------------------------------------------------------------------------------------------
# scikit-learn API
# --------------------------------------------------------------------------------------------


def test_clone_get_params_and_set_params():
    card = Scorecard(points_scale=4, alpha=0.1)
    assert card.get_params() == {
        "alpha": 0.1,
        "max_auc_loss": 0.005,
        "max_group_error": 0.1,
        "max_iter": 1000,
        "max_loglik_loss": 5.0,
        "min_group": 1000.0,
        "points_scale": 4,
        "population_rate": None,
        "solver": "newton-cholesky",
        "tol": 1e-10,
        "weights": "frequency",
    }
    X, y = make_data(30)
    card.fit(X, y)
    copy = clone(card)
    assert copy.get_params() == card.get_params()
    assert not hasattr(copy, "coef_")
    copy.set_params(points_scale=2).fit(X, y)
    assert copy.points_per_doubling_ == 2
    assert repr(copy) == "Scorecard(alpha=0.1, points_scale=2)"


def test_methods_before_fit_raise_not_fitted():
    X, _ = make_data(31)
    with pytest.raises(NotFittedError):
        Scorecard().predict_proba(X)


def test_cross_val_score_and_pipeline():
    X, y = make_data(32, n=4000)
    scores = cross_val_score(Scorecard(), X, y, cv=3, scoring="roc_auc")
    assert scores.shape == (3,)
    assert np.all((scores > 0.55) & (scores < 0.95))

    pipe = make_pipeline(
        FunctionTransformer(feature_names_out="one-to-one").set_output(transform="pandas"),
        Scorecard(),
    ).fit(X, y)
    alone = Scorecard().fit(X, y)
    np.testing.assert_allclose(pipe.predict_proba(X), alone.predict_proba(X))
    assert pipe[-1].table()["factor"].tolist() == list(X.columns)


def test_predict_uses_probability_one_half():
    X, y = make_data(33, intercept=0.0)
    card = Scorecard().fit(X, y)
    proba = card.predict_proba(X)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    predicted = card.predict(X)
    np.testing.assert_array_equal(predicted, (proba[:, 1] > 0.5).astype(int))
    assert set(predicted) == {0, 1}
    np.testing.assert_allclose(card.decision_function(X), np.log(proba[:, 1] / proba[:, 0]))


def test_profile_risk_uses_the_points_rule_and_reports_the_model_beside_it():
    """Changed with issue 9: one rule turns points into risk everywhere, so profile_risk is
    expit(risk_intercept_ + risk_slope_ × points), equal to the risk table's row; the full
    model's risk is returned as model_risk."""
    X, y = make_data(34)
    card = Scorecard().fit(X, y)
    proba = card.predict_proba(X)[:, 1]
    points = card.score_points(X)
    table = card.risk_table_.set_index("points")
    for i in range(5):
        present = [f for f in X.columns if X.iloc[i][f] == 1]
        profile = card.profile_risk(present)
        assert profile["points"] == points[i]
        assert profile["risk"] == pytest.approx(
            expit(card.risk_intercept_ + card.risk_slope_ * points[i]), rel=1e-12
        )
        assert profile["risk"] == pytest.approx(table.at[points[i], "risk"], rel=1e-12)
        assert profile["ci_low"] == pytest.approx(table.at[points[i], "ci_low"], rel=1e-12)
        assert profile["model_risk"] == pytest.approx(proba[i], rel=1e-12)
        assert profile["ci_low"] < profile["risk"] < profile["ci_high"]
        assert profile["model_ci_low"] < profile["model_risk"] < profile["model_ci_high"]
        as_mapping = card.profile_risk({f: f in present for f in X.columns})
        assert as_mapping == profile

    z = np.r_[1.0, np.ones(X.shape[1])]
    eta = card.intercept_[0] + card.coef_.sum()
    se = math.sqrt(z @ card.covariance_.to_numpy() @ z)
    everything = card.profile_risk(list(X.columns))
    assert everything["model_ci_high"] == pytest.approx(expit(eta + 1.959964 * se))
    with pytest.raises(InputError) as err:
        card.profile_risk(["trauncy"])
    assert "trauncy" in str(err.value) and "truancy" in str(err.value)


# --------------------------------------------------------------------------------------------
# What people read
# --------------------------------------------------------------------------------------------


def test_the_table_shows_the_real_factor_names():
    """Guards against the scorecard showing x0, x1, ... instead of the factors' names when it is
    fitted on a DataFrame (names lost when X is turned into an array), which would make the
    printed points unreadable to the people it is for."""
    X, y = make_data(40, k=5)
    card = Scorecard().fit(X, y)
    table = card.table()
    printed = table.to_string()
    assert list(table.columns) == ["factor", "coef", "odds_ratio", "ci_low", "ci_high", "points"]
    assert table["factor"].tolist() == FACTORS[:5]
    assert "family_conflict" in printed
    assert "x0" not in printed
    assert list(card.summary().columns[-2:]) == ["std_error", "p_value"]
    np.testing.assert_allclose(table["odds_ratio"], np.exp(table["coef"]))


def test_an_array_gets_numbered_factor_names():
    X, y = make_data(41, k=3)
    card = Scorecard().fit(X.to_numpy(), y)
    assert card.table()["factor"].tolist() == ["x0", "x1", "x2"]
    assert not hasattr(card, "feature_names_in_")


# --- bounded fitting ---------------------------------------------------------------------------

FIT_CHILD = r"""
import json, resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))
import numpy as np
import pandas as pd
from riskexplorer.errors import InputError
from riskexplorer.scorecard import Scorecard
rng = np.random.default_rng(0)
n, k = 30_000, 25
X = pd.DataFrame((rng.random((n, k)) < 0.5).astype(np.uint8), columns=[f"f{i}" for i in range(k)])
y = (rng.random(n) < 1 / (1 + np.exp(-(-1 + X.to_numpy() @ rng.normal(0, 0.3, k))))).astype(int)
start = time.perf_counter()
try:
    card = Scorecard().fit(X, y)
    result = {"patterns": int(card.grouped_.patterns.shape[0]), "points": len(card.points_)}
except InputError as error:
    result = {"code": error.code}
result["seconds"] = time.perf_counter() - start
# VmHWM, not ru_maxrss (which keeps the forked copy of a large parent's high-water mark).
with open("/proc/self/status") as status:
    hwm = next(line for line in status if line.startswith("VmHWM:"))
result["peak_mb"] = int(hwm.split()[1]) / 1024
print(json.dumps(result))
"""


def test_25_factors_by_30000_rows_fit_in_bounded_memory():
    """The full SVD asked 6.5 GiB here (a patterns × patterns matrix); the thin one O(p × k)."""
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    done = subprocess.run(
        [sys.executable, "-c", FIT_CHILD],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")},
        check=False,
    )
    assert done.returncode == 0, done.stderr[-1000:]
    result = json.loads(done.stdout)
    assert result.get("points") == 25, result
    assert result["patterns"] > 29_000
    assert result["peak_mb"] < 500, result


def test_more_factors_than_the_cap_are_refused_before_any_work():
    from riskexplorer.scorecard import MAX_FACTORS

    rng = np.random.default_rng(2)
    X = pd.DataFrame(
        rng.integers(0, 2, (50, MAX_FACTORS + 1)), columns=[f"f{i}" for i in range(31)]
    )
    y = rng.integers(0, 2, 50)
    err = fit_error(X, y)
    assert err.code == "scorecard.too_many_factors"
    assert err.params == {"count": 31, "limit": 30}
    for lang in ("kk", "ru", "en"):
        assert "31" in err.message(lang) and "30" in err.message(lang)
    with pytest.raises(InputError) as grouped:
        Scorecard().fit_grouped(X, cases=y, totals=np.ones(50))
    assert grouped.value.code == "scorecard.too_many_factors"


def test_more_patterns_than_the_cap_are_refused_before_the_fit():
    from riskexplorer.scorecard import MAX_PATTERNS

    rng = np.random.default_rng(3)
    n = 3 * MAX_PATTERNS
    X = pd.DataFrame(
        rng.integers(0, 2, (n, 22), dtype=np.uint8), columns=[f"f{i}" for i in range(22)]
    )
    y = rng.integers(0, 2, n)
    err = fit_error(X, y)
    assert err.code == "scorecard.too_many_patterns"
    assert err.params["limit"] == "50\u00a0000"
    assert int(err.params["count"].replace("\u00a0", "")) > MAX_PATTERNS


def test_collinear_factors_are_found_with_fewer_patterns_than_parameters():
    # 3 patterns, 4 parameters: the thin SVD alone would miss part of the null space.
    patterns = pd.DataFrame({"a": [0, 1, 1], "b": [1, 0, 0], "c": [0, 1, 0]})
    with pytest.raises(InputError) as err:
        Scorecard().fit_grouped(patterns, cases=[3, 4, 5], totals=[10, 10, 10])
    assert err.value.code == "scorecard.collinear"
    assert {"a", "b"} <= set(err.value.params["factor"].split(", "))
