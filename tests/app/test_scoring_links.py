"""The Scoring page's link and summary after a fragment rerun: a slider move reruns only the
model section and the sidebar's share controls, and both must show the view as it now is.
Choices are ids in the link, so a link restores the same view in kk, ru and en."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from riskexplorer import cohort, report
from riskexplorer.views import scorecard as MV
from tests.app.conftest import move, open_page

PAGE = "app_pages/scoring.py"
ALL = list(cohort.load_factors()["id"])
FACTORS = ["truancy", "neet", "delinquent_peers", "trusted_adult"]
PROFILE = ["truancy", "delinquent_peers"]


def link_of(at) -> dict[str, list[str]]:
    return parse_qs(urlsplit(next(c.value for c in at.sidebar.code)).query)


def test_a_slider_move_reruns_the_fragment_and_the_link_follows():
    at = open_page(PAGE)
    briefing = at.session_state["_briefing"]
    at.button(key="sc_set_claim").click().run()
    assert not at.exception
    # A fragment rerun: the app around it did not run (a full run starts a new briefing).
    assert at.session_state["_briefing"] is briefing
    assert at.slider(key="sc_share").value == 50
    assert link_of(at)["sc_share"] == ["50"]
    move(at, "sc_share", 31)
    assert at.session_state["_briefing"] is briefing
    assert link_of(at)["sc_share"] == ["31"]
    # What the page shows is the fit at 31%.
    model = MV.cohort_model(tuple(ALL), neet_share=0.31, neet_prevalence=0.03, correlation=0.3)
    table = next(df.value for df in at.dataframe if "Published odds ratio (crude)" in df.value)
    neet = MV.factor_label("neet", "en")
    assert dict(zip(table["Factor"], table["Points"]))[neet] == model.points["neet"]
    # The summary, rendered on click, embeds the same link.
    html = report.render_html(at.session_state["_briefing"])
    assert "sc_share=31" in html


def test_the_threshold_and_profile_fragments_update_the_link():
    at = open_page(PAGE)
    moved = at.slider(key="sc_threshold").value + 2
    at.slider(key="sc_threshold").set_value(moved).run()
    assert link_of(at)["sc_threshold"] == [str(moved)]
    # (AppTest then holds only what the fragment reran; a full run shows the page again.)
    at.run()
    at.pills(key="sc_profile").set_value(PROFILE).run()
    assert link_of(at)["sc_profile"] == PROFILE
    assert link_of(at)["sc_threshold"] == [str(moved)]


HEADINGS = [
    "How far to trust these numbers",
    "Points per factor",
    "From total points to estimated risk",
    "What happens if a threshold is used to flag people",
    "A profile, not a person",
]


def headings(at) -> list[str]:
    return [s.heading for s in at.session_state["_briefing"].sections if s.heading in HEADINGS]


@pytest.mark.parametrize("inner", ["threshold", "profile"])
def test_the_summary_holds_each_section_once_in_order_after_fragment_reruns(inner):
    at = open_page(PAGE)
    move(at, "sc_share", 20)
    # A fragment rerun: the slider, outside its fragments, is not drawn again.
    assert [s.key for s in at.slider] == ["sc_threshold"]
    # AppTest's tree now holds only what the rerun drew; a browser still shows the slider. A full
    # run draws it again, and the next moves are fragment reruns onto that run's summary.
    at.run()
    move(at, "sc_share", 21)
    if inner == "threshold":  # a fragment inside the model's fragment
        at.slider(key="sc_threshold").set_value(at.slider(key="sc_threshold").value + 1).run()
    else:
        at.pills(key="sc_profile").set_value(["truancy"]).run()
    assert headings(at) == HEADINGS  # each once, in the page's order
    html = report.render_html(at.session_state["_briefing"])
    assert "sc_share=21" in html
    # The same view drawn by one full run gives the same summary, section for section.
    full = open_page(PAGE, **{k: v for k, v in link_of(at).items() if k != "lang"})
    kinds = [
        [type(block).__name__ for block in s.blocks] for s in at.session_state["_briefing"].sections
    ]
    assert kinds == [
        [type(block).__name__ for block in s.blocks]
        for s in full.session_state["_briefing"].sections
    ]
    assert html.count("<h2") == report.render_html(full.session_state["_briefing"]).count("<h2")


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_a_link_with_ids_restores_the_same_choice_in_every_language(lang):
    at = open_page(PAGE, lang=lang, sc_factors=FACTORS, sc_profile=PROFILE)
    assert at.multiselect(key="sc_factors").value == FACTORS
    assert at.pills(key="sc_profile").value == PROFILE
    # Shown in the page's language, held as ids.
    assert at.multiselect(key="sc_factors").format_func("truancy") == MV.factor_label(
        "truancy", lang
    )
    assert at.pills(key="sc_profile").format_func("truancy") == MV.factor_label("truancy", lang)
    link = link_of(at)
    assert link["sc_factors"] == FACTORS and link["sc_profile"] == PROFILE
    assert link["lang"] == [lang]
    # The page fitted the chosen factors only.
    model = MV.cohort_model(tuple(FACTORS), neet_share=0.09, neet_prevalence=0.03, correlation=0.3)
    points = {m.label: m.value for m in at.metric}
    total = model.points["truancy"] + model.points["delinquent_peers"]
    assert str(total) in points.values()


def test_your_points_start_again_from_a_new_fit():
    at = open_page(PAGE)
    at.session_state["sc_pts_open"] = True  # open "Your points"
    at.button(key="sc_set_claim").click().run()
    model = MV.cohort_model(tuple(ALL), neet_share=0.5, neet_prevalence=0.03, correlation=0.3)
    assert at.number_input(key="sc_pts_neet").value == model.points["neet"]
    # Unchanged points are not in the link (they are the fit's).
    assert not any(k.startswith("sc_pts_") for k in link_of(at))


def test_a_link_with_your_points_keeps_them():
    at = open_page(PAGE, sc_pts_truancy="3")
    assert at.number_input(key="sc_pts_truancy").value == 3
    assert link_of(at)["sc_pts_truancy"] == ["3"]
