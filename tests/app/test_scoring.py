"""The scoring page shows the scorecard the library fits on the synthetic cohort, and every
number moves with the sliders."""

from __future__ import annotations

from riskexplorer.scorecard import evaluate_points
from riskexplorer.views import scorecard as MV
from tests.app.conftest import chart_titled, markdown_text, open_page

PAGE = "app_pages/scoring.py"
ALL = tuple(MV.C.load_factors()["id"])


def library_model(share: float = 0.5, factors: tuple[str, ...] = ALL) -> MV.FittedModel:
    return MV.cohort_model(factors, neet_share=share, neet_prevalence=0.03, correlation=0.3)


def points_shown(at) -> dict[str, int]:
    table = next(
        df.value
        for df in at.dataframe
        if "Points" in df.value.columns and "Odds ratio" in df.value.columns
    )
    return dict(zip(table["Factor"], table["Points"]))


def test_points_on_the_page_are_the_fitted_points():
    at = open_page(PAGE)
    model = library_model()
    expected = {MV.factor_label(f, "en"): p for f, p in model.points.items()}
    assert points_shown(at) == expected
    assert expected["A trusted adult to turn to (mentor, coach or teacher)"] < 0


def test_every_table_and_chart_is_labelled_synthetic():
    at = open_page(PAGE)
    text = markdown_text(at)
    assert "**SYNTHETIC —** A cohort of 1,450,000 teenagers" in text
    assert text.count("**SYNTHETIC —**") >= 3  # the cohort banner and each chart's summary


def test_neet_share_slider_refits_the_model():
    at = open_page(PAGE)
    at.slider(key="sc_share").set_value(10).run()
    model = library_model(0.10)
    neet = MV.factor_label("neet", "en")
    assert points_shown(at)[neet] == model.points["neet"]
    assert model.points["neet"] < library_model(0.5).points["neet"]
    data = chart_titled(at, "Odds ratios with 95% intervals")
    shown = data.loc[data["label"] == neet, "odds_ratio"].iloc[0]
    assert abs(shown - model.scorecard.odds_ratios_.at["neet", "odds_ratio"]) < 1e-9


def test_threshold_makes_the_base_rate_lesson_visible():
    at = open_page(PAGE)
    at.slider(key="sc_threshold").set_value(6).run()
    metrics = evaluate_points(library_model().grouped, library_model().points, 6)
    lesson = next(m.value for m in at.markdown if m.value.startswith("### Of "))
    flagged = f"{metrics['flagged']:,.0f}"
    assert (
        f"Of {flagged} synthetic teenagers flagged, {metrics['true_positives']:,.0f} would"
        in lesson
    )
    assert metrics["ppv"] < 0.1  # most of those flagged would never offend


def test_your_points_change_auc_and_flagged_counts():
    at = open_page(PAGE)
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
