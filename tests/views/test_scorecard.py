"""The scorecard views: small counts never leave the library, the lesson sentence counts right,
and a user's counts give the same scorecard as the estimator."""

from __future__ import annotations

import numpy as np
import pandas as pd

from riskexplorer.scorecard import Scorecard
from riskexplorer.views import scorecard as MV


def small_user_model() -> MV.FittedModel:
    patterns = pd.DataFrame({"a": [0, 0, 1, 1], "b": [0, 1, 0, 1]}, dtype=np.uint8)
    cases = np.array([5, 30, 40, 60])
    totals = np.array([1000, 300, 200, 100])
    return MV.user_model(patterns, cases, totals)


def test_user_model_equals_the_estimator_on_the_same_counts():
    model = small_user_model()
    direct = Scorecard().fit_grouped(
        model.grouped.to_frame()[["a", "b"]], model.grouped.cases, model.grouped.totals
    )
    assert model.points == {f: int(p) for f, p in direct.points_.items()}
    assert not model.synthetic


def test_score_distribution_drops_cells_under_ten():
    frame = MV.score_distribution(small_user_model(), {"a": 1, "b": 1}, "en")
    offenders = frame[frame["group"] == "With the outcome"]
    # 5 offenders have 0 points: that cell is not drawn, and neither is the next smallest (60),
    # or the group's total would give the 5 back by subtraction.
    assert offenders["points"].tolist() == [1]
    assert set(frame["count_text"]) == {"70", "995", "430", "40"}


def test_risk_table_hides_small_rows_and_their_rates():
    model = MV.user_model(
        pd.DataFrame({"a": [0, 0, 1, 1], "b": [0, 1, 0, 1]}, dtype=np.uint8),
        np.array([20, 30, 30, 4]),
        np.array([1000, 300, 200, 9]),
    )
    table = MV.risk_table(model, "en").set_index("Total points")
    both = model.points["a"] + model.points["b"]
    assert table.at[both, "People"] == "<10"
    assert table.at[both, "Observed rate"] == ""
    assert table.at[0, "People"] == "1,000"


def test_lesson_sentence_uses_the_counts_and_suppresses_small_ones():
    metrics = {
        "flagged": 1000.0,
        "true_positives": 7.0,
        "false_positives": 993.0,
        "false_negatives": 50.0,
        "ppv": 0.007,
    }
    sentence = MV.lesson(metrics, "en", synthetic=False)
    assert sentence.startswith("Of 1,000 flagged, <10 would have had the outcome")
    # 993 and the PPV would give the 7 back (1,000 − 993): hidden too.
    assert "and … would not (PPV …); … with the outcome" in sentence
    assert (
        MV.lesson({**metrics, "flagged": 0.0}, "en", synthetic=False)
        == "No one reaches this threshold."
    )


def test_threshold_range_spans_every_reachable_total():
    assert MV.threshold_range({"a": 2, "b": -1, "c": 3}) == (-1, 5)


def test_cohort_model_recovers_the_generating_odds_ratios_roughly():
    factors = tuple(MV.C.load_factors()["id"])
    model = MV.cohort_model(factors, neet_share=0.5, neet_prevalence=0.03, correlation=0.3)
    fitted = model.scorecard.odds_ratios_["odds_ratio"]
    ratio = fitted / model.true_odds_ratios
    assert ratio.between(0.8, 1.25).all()
    assert model.synthetic


def test_observed_rate_is_hidden_when_it_would_give_back_a_small_count():
    # 1,000 people with 0 points of whom 5 have the outcome: 0.5% × 1,000 would reveal the 5.
    model = MV.user_model(
        pd.DataFrame({"a": [0, 1, 0], "b": [0, 0, 1]}, dtype=np.uint8),
        np.array([5, 60, 40]),
        np.array([1000, 200, 300]),
    )
    assert 0 not in (model.points["a"], model.points["b"])
    table = MV.risk_table(model, "en").set_index("Total points")
    assert table.at[0, "People"] == "1,000"
    assert table.at[0, "Observed rate"] == ""
    # The cases of the whole table (105) are on the page too: one hidden rate would give the 5
    # back by subtraction, so the rate of the next smallest row (200 people) is hidden with it.
    assert table.at[model.points["a"], "Observed rate"] == ""
    assert table.at[model.points["b"], "Observed rate"] == "13.33%"


def test_the_risk_table_hides_a_neighbour_of_a_small_count_beside_the_total():
    """Issue 15: counts (1000, 300, 200, 9) once showed "1,000 / 300 / 200 / <10" beside
    "1,509 rows", and the 9 came back by subtraction."""
    model = MV.user_model(
        pd.DataFrame({"a": [0, 1, 0, 1], "b": [0, 0, 1, 1]}, dtype=np.uint8),
        np.array([20, 90, 40, 4]),
        np.array([1000, 300, 200, 9]),
    )
    points = model.scorecard.points_
    table = MV.risk_table(model, "en").set_index("Total points")
    shown = table["People"]
    assert shown.at[int(points["a"] + points["b"])] == "<10"
    assert shown.at[int(points["b"])] == "…"  # 200, the smallest shown count, hidden beside it
    assert shown.at[0] == "1,000" and shown.at[int(points["a"])] == "300"
    numbers = [int(v.replace(",", "")) for v in shown if v.replace(",", "").isdigit()]
    assert 1509 - sum(numbers) == 209  # what subtraction gives: the 9 and the 200 together


def test_how_common_is_hidden_when_few_people_have_the_factor():
    model = MV.user_model(
        pd.DataFrame({"a": [0, 1, 0], "b": [0, 0, 1]}, dtype=np.uint8),
        np.array([50, 3, 40]),
        np.array([1000, 8, 300]),
    )
    table = MV.points_table(model, "en").set_index("Factor")
    assert table.at["a", "How common"] == "<10"
    assert table.at["b", "How common"] == "22.9%"
