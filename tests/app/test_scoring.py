"""The scoring page shows the scorecard the library fits on the synthetic cohort, and every
number moves with the sliders."""

from __future__ import annotations

import json

from riskexplorer import cohort
from riskexplorer.scorecard import evaluate_points
from riskexplorer.views import scorecard as MV
from tests.app.conftest import chart_title, chart_titled, markdown_text, move, open_page

PAGE = "app_pages/scoring.py"
ALL = tuple(MV.C.load_factors()["id"])


def library_model(share: float = 0.09, factors: tuple[str, ...] = ALL) -> MV.FittedModel:
    return MV.cohort_model(factors, neet_share=share, neet_prevalence=0.03, correlation=0.3)


def points_shown(at) -> dict[str, int]:
    table = next(
        df.value
        for df in at.dataframe
        if "Points" in df.value.columns and "Published odds ratio (crude)" in df.value.columns
    )
    return dict(zip(table["Factor"], table["Points"]))


def test_points_on_the_page_are_the_fitted_points():
    at = open_page(PAGE)
    model = library_model()
    expected = {MV.factor_label(f, "en"): p for f, p in model.points.items()}
    assert points_shown(at) == expected
    # At the local mark the protective trusted adult gets +1 point: its own effect given the
    # factors it overlaps with, which the page must call out in words.
    assert expected["A trusted adult to turn to (mentor, coach or teacher)"] == 1
    text = markdown_text(at)
    assert "Points against the published direction" in text
    assert (
        "A trusted adult to turn to (mentor, coach or teacher): 1 point(s), although the "
        "published (crude) odds ratio is 0.70" in text
    )


def test_every_table_and_chart_is_labelled_synthetic():
    at = open_page(PAGE)
    text = markdown_text(at)
    assert "**SYNTHETIC —** A cohort of 1,450,000 teenagers" in text
    assert text.count("**SYNTHETIC —**") >= 3  # the cohort banner and each chart's summary


def test_neet_share_starts_at_the_local_mark_with_the_claim_one_click_away():
    at = open_page(PAGE)
    share = at.slider(key="sc_share")
    rows = cohort.load_assumptions()
    assert share.value == 9  # neet_share_local_mark 9.1%, not the briefing's 50%
    assert (share.min, share.max) == (
        int(rows.at["neet_share_offenders", "low"]),
        int(rows.at["neet_share_offenders", "high"]),
    )
    assert at.slider(key="sc_corr").max == rows.at["cohort_correlation", "high"]
    assert "-badge[" in markdown_text(at)
    assert "The briefing's 50% is contradicted by local reports" in markdown_text(at)
    at.button(key="sc_set_claim").click().run()
    assert at.slider(key="sc_share").value == 50
    model = library_model(0.5)
    neet = MV.factor_label("neet", "en")
    assert points_shown(at)[neet] == model.points["neet"]
    assert model.points["neet"] > library_model().points["neet"]
    data = chart_titled(at, "Odds ratios with 95% intervals")
    shown = data.loc[data["label"] == neet, "odds_ratio"].iloc[0]
    assert abs(shown - model.scorecard.odds_ratios_.at["neet", "odds_ratio"]) < 1e-9
    at.button(key="sc_set_local").click().run()
    assert at.slider(key="sc_share").value == 9


def test_points_table_sets_published_crude_beside_the_models_own_odds_ratio():
    at = open_page(PAGE)
    table = next(
        df.value for df in at.dataframe if "Published odds ratio (crude)" in df.value.columns
    ).set_index("Factor")
    truancy = table.loc[MV.factor_label("truancy", "en")]
    catalogue = cohort.load_factors().loc["truancy"]
    assert truancy["Published odds ratio (crude)"] == f"{catalogue['odds_ratio']:.2f}"
    assert truancy["Evidence range"] == (
        f"{catalogue['odds_ratio_low']:.2f} – {catalogue['odds_ratio_high']:.2f}"
    )
    own = library_model().scorecard.odds_ratios_.at["truancy", "odds_ratio"]
    assert truancy["The model's own odds ratio (given the other factors)"] == f"{own:.2f}"
    assert "Sampling noise of the simulation (95%)" in table.columns
    assert "true" not in " ".join(table.columns).lower()


def test_auc_is_set_beside_real_instruments_and_its_evidence_band():
    at = open_page(PAGE)
    text = markdown_text(at)
    band = MV.evidence_band(0.09, 0.03, 0.3)["auc_points"]
    assert f"runs from {band[1]:.3f} to {band[2]:.3f}" in text
    assert "about 0.65–0.7" in text and "PPV would be lower still" in text
    card = library_model().scorecard
    assert f"loses {card.loglik_loss_:.1f} log-likelihood units" in text
    assert f"off by more than {100 * card.group_error_:.1f}%" in text
    assert "risk = 1 ÷ (1 + e^−(" in text


def test_presentation_view_puts_results_beside_the_sliders():
    at = open_page(PAGE, present="true")
    metrics = {m.label: m.value for m in at.metric}
    card = library_model().scorecard
    assert metrics["AUC of the points (synthetic, in-sample)"] == f"{card.auc_points_:.3f}"
    assert metrics["Rounding cost (log-likelihood units)"] == f"{card.loglik_loss_:.1f}"


def test_threshold_makes_the_base_rate_lesson_visible():
    at = open_page(PAGE)
    at.slider(key="sc_threshold").set_value(6).run()
    metrics = evaluate_points(library_model().grouped, library_model().points, 6)
    lesson = next(m.value for m in at.markdown if m.value.startswith("### Of "))
    flagged = f"{metrics['flagged']:,.0f}"
    assert (
        f"Of {flagged} synthetic teenagers flagged, {metrics['true_positives']:,.0f} would be "
        "held criminally liable this year" in lesson
    )
    assert metrics["ppv"] < 0.1  # most of those flagged would never offend


def open_points_editor(at):
    """Open "Your points" (its inputs are drawn only while it is open or holds edits)."""
    at.session_state["sc_pts_open"] = True
    return at.run()


def test_your_points_are_drawn_only_when_opened_or_edited():
    """Issue 11: eleven inputs a move need not send. Closed and untouched, no input is drawn
    and the comparison is the fit's own; open, each starts at its fitted points; an edit
    keeps them drawn (and kept) after the editor is closed again."""
    at = open_page(PAGE)
    assert not [n for n in at.number_input if n.key.startswith("sc_pts_")]
    model = library_model()
    open_points_editor(at)
    shown = {n.key: n.value for n in at.number_input if n.key.startswith("sc_pts_")}
    assert shown == {f"sc_pts_{f}": p for f, p in model.points.items()}
    at.number_input(key="sc_pts_trusted_adult").set_value(5).run()
    at.session_state["sc_pts_open"] = False
    at.run()
    assert at.number_input(key="sc_pts_trusted_adult").value == 5
    compare = next(df.value for df in at.dataframe if "AUC" in df.value.columns)
    assert compare.iloc[0]["AUC"] != compare.iloc[1]["AUC"]


def test_your_points_change_auc_and_flagged_counts():
    at = open_points_editor(open_page(PAGE))
    at.number_input(key="sc_pts_trusted_adult").set_value(5).run()
    compare = next(df.value for df in at.dataframe if "AUC" in df.value.columns)
    fitted, yours = compare.iloc[0], compare.iloc[1]
    assert fitted["AUC"] != yours["AUC"]
    model = library_model()
    points = dict(model.points, trusted_adult=5)
    threshold = at.slider(key="sc_threshold").value
    expected = evaluate_points(model.grouped, points, threshold)
    assert yours["AUC"] == f"{expected['auc']:.3f}"


def test_profile_builder_shows_points_and_risk_of_a_profile():
    at = open_page(PAGE)
    at.pills(key="sc_profile").set_value(["prior_police_contact", "delinquent_peers"]).run()
    model = library_model()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Total points"] == str(
        model.points["prior_police_contact"] + model.points["delinquent_peers"]
    )
    risk = model.scorecard.profile_risk(["prior_police_contact", "delinquent_peers"])["risk"]
    assert metrics["Estimated risk"] == f"{100 * risk:.2f}%"


def test_removing_every_factor_asks_for_one_instead_of_failing():
    at = open_page(PAGE)
    at.multiselect(key="sc_factors").set_value([]).run()
    assert not at.exception
    assert "Choose at least one factor" in markdown_text(at)


def test_small_counts_in_the_risk_table_are_suppressed():
    at = open_page(PAGE)
    risk = next(df.value for df in at.dataframe if "Estimated risk" in df.value.columns)
    people = risk["People"].tolist()
    assert all(p == "<10" or int(p.replace(",", "")) >= 10 or p == "0" for p in people)


def test_every_table_of_the_synthetic_cohort_says_synthetic_under_it():
    at = open_page(PAGE)
    captions = [c.value for c in at.caption]
    assert captions.count(
        "SYNTHETIC: computed on the synthetic cohort, not on records of real children."
    ) == len(at.dataframe)


def test_share_and_summary_stay_in_the_sidebar_when_a_page_stops_early():
    at = open_page(PAGE)
    at.multiselect(key="sc_factors").set_value([]).run()
    labels = [b.label for b in at.sidebar.get("download_button")]
    assert labels == ["Download summary (HTML)"]


def test_your_points_hold_a_fit_past_twenty_points():
    # At a 42% NEET share the fit gives NEET 34 points: the inputs once stopped at ±20 and
    # Streamlit refused the value (StreamlitValueAboveMaxError) on every such move.
    model = library_model(share=0.42)
    assert model.points["neet"] > 20
    at = open_points_editor(open_page(PAGE, sc_share="42"))
    assert at.number_input(key="sc_pts_neet").value == model.points["neet"]
    move(at, "sc_share", 41)
    assert not at.exception, [e.value for e in at.exception]
    assert at.number_input(key="sc_pts_neet").value == library_model(share=0.41).points["neet"]


def test_the_start_up_draws_the_charts_under_the_keys_the_page_looks_up(monkeypatch):
    """What the start-up's child draws (MV.scoring_charts) is what the page then shows, found
    by its key: a first visit of that setting draws neither chart itself."""
    from tests.app.conftest import primed_charts

    settings = MV.default_scoring_settings(13)
    made = MV.scoring_charts(settings, MV.shared_scoring_view(*settings, "en"), "en")
    drew = primed_charts(monkeypatch, made)
    at = open_page(PAGE, sc_share="13")
    assert "odds_ratio_forest" not in drew and "score_distribution" not in drew
    sent = [json.loads(e.proto.spec) for e in at.get("vega_lite_chart")]
    assert [chart_title(s) for s in sent] == [chart_title(c.shown) for _, c in made]
