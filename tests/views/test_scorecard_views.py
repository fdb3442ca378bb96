"""The Scoring page's ready-to-render views: built once per slider setting and shared, they
must equal what the library computes afresh for that setting."""

from __future__ import annotations

import threading
import time

import pandas as pd

from riskexplorer import cohort
from riskexplorer.views import scorecard as MV

ALL = tuple(cohort.load_factors()["id"])
ALL_LANGS = ("kk", "ru", "en")


def fresh_model(share: float) -> MV.FittedModel:
    """The fit without any cache (the function under the memo)."""
    return MV.cohort_model.__wrapped__(ALL, neet_share=share, neet_prevalence=0.03, correlation=0.3)


def test_the_cached_view_is_the_fit_of_its_settings_formatted():
    view = MV.scoring_view(ALL, neet_share=50, neet_prevalence=3.0, correlation=0.3, lang="ru")
    model = fresh_model(0.5)
    assert view.model.points == model.points
    pd.testing.assert_frame_equal(
        view.model.scorecard.odds_ratios_, model.scorecard.odds_ratios_, check_exact=False
    )
    pd.testing.assert_frame_equal(view.scorecard.points, MV.cohort_points_table(model, "ru"))
    pd.testing.assert_frame_equal(view.scorecard.risk, MV.risk_table(model, "ru"))
    assert view.scorecard.default_threshold == MV.default_threshold(model)
    table, _ = MV.compare_points(model, model.points, MV.default_threshold(model), "ru")
    pd.testing.assert_frame_equal(view.threshold.table, table)
    assert view.trust[1] == MV.rounding_cost(model, "ru")
    assert view.sign_warning == MV.sign_warning(model, "ru")
    # The NEET share moves the NEET points: 50% gives more than the local mark's 9%.
    assert view.model.points["neet"] > fresh_model(0.09).points["neet"]


def test_a_float_slider_value_finds_the_same_fit():
    a = MV.scoring_view(ALL, neet_share=9, neet_prevalence=3.0, correlation=0.3, lang="en")
    b = MV.scoring_view(
        ALL, neet_share=9.0, neet_prevalence=3.0000000001, correlation=0.1 + 0.2, lang="kk"
    )
    assert 0.1 + 0.2 != 0.3
    assert a.model is b.model  # one fit, two languages
    assert a.results[0].value == "0.670" and b.results[0].value == "0,670"


def test_the_warm_up_covers_every_share_step_once_nearest_the_buttons_first():
    shares = MV.warm_shares()
    assert sorted(shares) == list(range(5, 71))
    assert shares[:2] == [9, 50]  # the local mark and the briefing's claim
    assert set(shares[2:6]) == {8, 10, 49, 51}


def test_concurrent_first_calls_compute_once():
    calls = []

    @MV._computed_once(maxsize=8)
    def slow(x: int) -> int:
        calls.append(x)
        time.sleep(0.2)
        return x * 2

    results = []
    threads = [threading.Thread(target=lambda: results.append(slow(21))) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [42] * 5
    assert calls == [21]
    assert slow(3) == 6 and calls == [21, 3]


def test_the_published_table_is_built_once_per_model_and_handed_out_as_a_copy():
    model = MV.cohort_model(ALL, neet_share=0.09, neet_prevalence=0.03, correlation=0.3)
    first = MV.published_odds_ratios(model)
    first.loc["neet", "crude"] = -1.0
    again = MV.published_odds_ratios(model)
    assert again.loc["neet", "crude"] > 1  # the caller's change did not reach the next caller
    assert again.equals(MV._published_odds_ratios(model))


def test_the_profile_sentence_says_per_1000_in_the_language():
    model = MV.cohort_model(ALL, neet_share=0.09, neet_prevalence=0.03, correlation=0.3)
    result = MV.profile(model, ["truancy"], "en")
    risk = model.scorecard.profile_risk(["truancy"])["risk"]
    assert result["per_1000"] == f"{1000 * risk:.1f}"
    assert result["per_1000"] in result["sentence"]


def test_a_profile_is_computed_once_per_model_whatever_the_order_of_its_factors(monkeypatch):
    model = fresh_model(0.09)
    expected = MV._profile(model, ("neet", "truancy"), "ru")  # computed afresh, no memo
    calls = []
    real = model.scorecard.profile_risk
    monkeypatch.setattr(
        model.scorecard, "profile_risk", lambda chosen: calls.append(chosen) or real(chosen)
    )
    first = MV.profile(model, ["truancy", "neet"], "ru")
    first["risk"] = "changed by the caller"
    again = MV.profile(model, ["neet", "truancy", "not_a_factor"], "ru")
    assert calls == [["neet", "truancy"]]  # the second call was answered from the memo
    assert again == expected  # the caller's change did not reach the memo
    assert again["points"] == model.points["neet"] + model.points["truancy"]
    MV.profile(model, ["neet", "truancy"], "kk")  # another language is another text
    assert len(calls) == 2


def test_options_are_ids_named_in_the_language():
    options = MV.factor_options("kk")
    assert list(options) == list(ALL)
    assert (
        options["truancy"] == MV.factor_label("truancy", "kk") != MV.factor_label("truancy", "en")
    )


def test_the_warm_up_child_returns_the_fits_the_page_would_compute(monkeypatch):
    primed = {}
    prime = MV.cohort_model.prime

    def record(fit, *args, **kwargs):
        primed[(kwargs["neet_share"], kwargs["neet_prevalence"], kwargs["correlation"])] = fit
        prime(fit, *args, **kwargs)

    views, charts = {}, []
    prime_view = MV.shared_scoring_view.prime

    def record_view(view, *key):
        views[key] = view
        prime_view(view, *key)

    # Off the start-up's own lines (warm_settings), which the app tests' warm-up, still running
    # in this process, may prime with objects of its own.
    points = [(12, 3.5, 0.3), (13, 3.5, 0.3), (12, 4.0, 0.3), (13, 3.5, 0.4)]
    monkeypatch.setattr(MV, "warm_settings", lambda: points)
    monkeypatch.setattr(MV.cohort_model, "prime", record)
    monkeypatch.setattr(MV.shared_scoring_view, "prime", record_view)
    assert MV.warm_fits(prime_chart=lambda key, chart: charts.append((key, chart))) == 4
    # (the app tests' own warm-up may prime others)
    assert {(0.12, 0.035, 0.3), (0.13, 0.035, 0.3), (0.12, 0.04, 0.3), (0.13, 0.035, 0.4)} <= set(
        primed
    )
    # Then the views in every language, sharing the fit already kept, and their two charts.
    for share, prevalence, correlation in points:
        fit = primed[(share / 100, prevalence / 100, correlation)]
        for lang in ("kk", "ru", "en"):
            view = views[(ALL, share, prevalence, correlation, lang)]
            assert view.model is fit
            # The profile builder's empty start came computed with the fit.
            assert view.model._profiles[((), lang)] == MV._profile(view.model, (), lang)
            assert (
                view.results_caption
                == MV.scoring_view(
                    ALL,
                    neet_share=share,
                    neet_prevalence=prevalence,
                    correlation=correlation,
                    lang=lang,
                ).results_caption
            )
    scoring = [key for key, _ in charts if key[0] != "effect_bars"]
    assert len(scoring) == 4 * 2 * 3
    assert {key[0] for key in scoring} == {"odds_ratio_forest", "score_distribution"}
    # Last, Who can act's chart at every fraction, no stakeholder chosen, in every language.
    bars = {key[1] for key, _ in charts if key[0] == "effect_bars"}
    assert bars == {("who_can_act", f, (), lang) for f in range(5, 101, 5) for lang in ALL_LANGS}
    assert (
        primed[(0.13, 0.035, 0.3)].points
        == MV.cohort_model.__wrapped__(
            ALL, neet_share=0.13, neet_prevalence=0.035, correlation=0.3
        ).points
    )
    # The page's own calls (percent from the sliders, floats as a slider gives them) find the
    # fits made at start-up.
    moved = MV.scoring_view(ALL, neet_share=12, neet_prevalence=4.0, correlation=0.3, lang="en")
    assert moved.model is primed[(0.12, 0.04, 0.3)]
    moved = MV.scoring_view(
        ALL, neet_share=13.0, neet_prevalence=3.5000000001, correlation=0.1 + 0.3, lang="ru"
    )
    assert moved.model is primed[(0.13, 0.035, 0.4)]


def test_the_warm_up_fits_every_step_of_each_slider_from_the_defaults():
    points = MV.warm_settings()
    assert [share for share, *_ in points[:66]] == MV.warm_shares()
    assert {(p, c) for _, p, c in points[:66]} == {(3.0, 0.3)}
    assert sorted(p for s, p, c in points[66:] if c == 0.3) == [
        1.0, 1.5, 2.0, 2.5, 3.5, 4.0, 4.5, 5.0, 5.5, 6.0, 6.5, 7.0,
    ]  # fmt: skip
    assert sorted(c for s, p, c in points[66:] if p == 3.0) == [0.0, 0.1, 0.2, 0.4, 0.5, 0.6]
    assert {s for s, *_ in points[66:]} == {9} and len(set(points)) == len(points) == 84
