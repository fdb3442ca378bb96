"""The who-can-act page ranks the catalogue's factors by the change recounted inside the synthetic
cohort per 1,000 teenagers reached, filters by stakeholder, marks the briefing's actions, names
the factors whose sign reverses, and says the rows must not be added up."""

from __future__ import annotations

import pytest

from riskexplorer import uncertainty as U
from riskexplorer.cohort import load_actions, load_factors
from riskexplorer.views.scorecard import factor_label
from tests.app.conftest import chart_titled, markdown_text, open_page

PAGE = "app_pages/who_can_act.py"


TITLE = (
    "Fewer teenagers held liable a year per 1,000 reached (synthetic cohort; if the whole "
    "association were causal)"
)


def chart(at):
    return chart_titled(at, TITLE).dropna(subset=["label"]).reset_index(drop=True)


def recount(factor_id: str, fraction: float) -> dict[str, float]:
    """What the cohort itself says: reach_effect on the exact cohort of the whole age group."""
    return U.reach_ranges(factor_id, fraction).loc["central"]


def test_ranking_is_the_cohort_recount_per_1000_reached():
    data = chart(open_page(PAGE))
    labels = {factor_label(i, "en"): i for i in load_factors().index}
    for label, value in zip(data["label"], data["value"]):
        assert value == pytest.approx(recount(labels[label], 0.1)["per_1000_low"], rel=1e-6)
    assert data["value"].is_monotonic_decreasing
    # Persistent absence from school leads: 4.0 fewer a year per 1,000 reached.
    assert data.iloc[0]["label"] == "Persistent absence from school"
    assert data.iloc[0]["value_text"] == "4.0"


def test_fraction_slider_scales_the_cases_a_year_not_the_rate():
    at = open_page(PAGE)
    text_10 = markdown_text(at)
    at.slider(key="wca_fraction").set_value(30).run()
    text_30 = markdown_text(at)
    assert chart(at)["value"].tolist() == chart(open_page(PAGE))["value"].tolist()
    # 58 a year at 10% reached, three times that at 30% (the recount is linear in the share).
    assert "at 10% reached about **58** fewer a year" in text_10
    assert "at 30% reached about **174** fewer a year" in text_30
    assert round(recount("truancy", 0.3)["averted_low"]) == 174


def test_ranges_span_prevalence_volume_and_evidence():
    data = chart(open_page(PAGE)).set_index("label")
    truancy = data.loc["Persistent absence from school"]
    span = U.reach_ranges("truancy", 1.0).loc["all"]
    assert truancy["value_low"] == pytest.approx(span["per_1000_low"])
    assert truancy["value_high"] == pytest.approx(span["per_1000_high"])
    assert truancy["range_text"] == "range 2.3 to 10.0"
    assert truancy["or_text"] == "published odds ratio 4.9 (range 4.6–9.0)"


def test_factors_whose_sign_reverses_are_named_with_the_reason():
    at = open_page(PAGE)
    warning = next(w.value for w in at.warning if "Signs that reverse" in w.value)
    assert "A trusted adult to turn to (mentor, coach or teacher) (published odds ratio 0.7" in (
        warning
    )
    assert "its own effect points the other way" in warning


def test_stakeholder_filter_keeps_only_their_factors_and_actions():
    at = open_page(PAGE)
    at.multiselect(key="wca_stakeholder").set_value(["police"]).run()
    police = load_actions().query("stakeholder == 'police'")["factor"]
    labels = {factor_label(f, "en") for f in police}
    assert set(chart(at)["label"]) == labels
    text = markdown_text(at)
    assert "**Police:** Juvenile inspectors follow up" in text
    assert "**Schools:**" not in text and "**Families:**" not in text
    assert f"{len(labels)} factors, ranked by fewer teenagers held liable" in text


def test_filter_from_the_link():
    # The link holds the stakeholder's id, so it restores in any language.
    at = open_page(PAGE, wca_stakeholder="health", wca_fraction="20", lang="ru")
    assert at.multiselect(key="wca_stakeholder").value == ["health"]
    assert at.slider(key="wca_fraction").value == 20
    assert at.query_params["wca_stakeholder"] in ("health", ["health"])


def test_factors_are_grouped_by_domain_with_the_briefings_actions_marked():
    at = open_page(PAGE)
    assert [s.value for s in at.subheader][:3] == [
        "Prior offending", "Education and employment", "Family circumstances and parenting",
    ]  # fmt: skip
    text = markdown_text(at)
    assert (
        "**Earlier police contact or offence** — 2.4 fewer a year per 1,000 reached (range 0.3 "
        "to 4.9); at 10% reached about **10** fewer a year (range 0 to 42); 422 reached per case "
        "averted · *if the whole association were causal*"
    ) in text
    assert (
        "- **Families:** Talk with your teenager about safety, know where and with whom they spend "
        "evenings, and agree the rules together. :gray-badge[:material/help: from the briefing]"
    ) in text
    assert (
        "Run supervised after-school programmes so that teenagers are not left alone while their parents work.\n"
        in text
    )


def test_page_warns_that_rows_are_assumptions_not_to_be_added_up():
    at = open_page(PAGE)
    warning = at.warning[0].value
    assert "**synthetic** cohort" in warning and "**must not be added up**" in warning
    assert "if the whole association were causal" in warning and "upper bound" not in warning
    assert "Do not add the rows up." in markdown_text(at)


def test_presentation_view_keeps_one_key_message():
    at = open_page(PAGE, present="true")
    assert [i.value for i in at.info] == [
        "Each row is one factor on its own, per 1,000 teenagers reached: the rows overlap and "
        "must not be added up, and every number assumes the whole association were causal."
    ]
    assert at.slider(key="wca_fraction").help in (None, "")


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_page_runs_in_every_language(lang):
    at = open_page(PAGE, lang=lang)
    assert not at.exception
    assert "who_can_act." not in markdown_text(at)


def test_presenting_puts_a_result_strip_beside_the_slider_that_moves_with_it():
    """Issue 12: in the presentation view the slider's result stands beside it (a metric per
    leading factor), and moving the slider moves the numbers."""
    from riskexplorer.views import who_can_act as W

    at = open_page(PAGE, present="true")
    shown = {m.label: m.value for m in at.metric}
    want = W.headlines(W.who_can_act(10, (), "en").effects, 10, "en")
    assert [shown.get(h.label) for h in want] == [h.value for h in want]
    assert len(want) == 3 and all(h.value.startswith("≈") for h in want)
    at.slider(key="wca_fraction").set_value(50).run()
    moved = {m.label: m.value for m in at.metric}
    later = W.headlines(W.who_can_act(50, (), "en").effects, 50, "en")
    assert [moved.get(h.label) for h in later] == [h.value for h in later]
    assert [h.value for h in later] != [h.value for h in want]


def test_at_the_desk_there_is_no_result_strip():
    at = open_page(PAGE)
    assert len(at.metric) == 0


def test_a_move_reruns_the_results_only_and_the_link_and_summary_follow_it():
    """The controls, the strip and the rest are fragments: a move of the slider or the choice
    draws the results again, not the page head, and the sidebar's link and the summary carry
    the new values; with nothing left to show the page says so and keeps its link."""
    from urllib.parse import parse_qs, urlsplit

    from riskexplorer import report
    from riskexplorer.i18n import t
    from tests.app.conftest import move

    at = open_page(PAGE)
    move(at, "wca_fraction", 30)
    assert not at.exception and not at.title  # the page head was not drawn again
    assert chart(at)["value"].abs().max() > 0
    link = at.sidebar.code[0].value
    assert parse_qs(urlsplit(link).query)["wca_fraction"] == ["30"]
    html = report.render_html(at.session_state["_briefing"])
    assert html.count(t("who_can_act.ranking_heading", "en")) == 1
    at.run()  # the whole page again, as after a reload
    at.multiselect(key="wca_stakeholder").set_value(["police"]).run()
    query = parse_qs(urlsplit(at.sidebar.code[0].value).query)
    assert query["wca_stakeholder"] == ["police"] and query["wca_fraction"] == ["30"]


def test_the_start_up_draws_the_chart_under_the_key_the_page_looks_up(monkeypatch):
    """What the start-up's child draws (W.drawn_charts) is what the page then shows, found by
    its key: a first visit of a fraction draws no chart itself."""
    import json

    from riskexplorer import drawn
    from riskexplorer.views import who_can_act as W
    from tests.app.conftest import primed_charts

    made = W.drawn_charts("en")
    drew = primed_charts(monkeypatch, made)
    at = open_page(PAGE, wca_fraction="35")
    assert not at.exception and drew == []
    sent = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    primed = dict(made)[drawn.key(
        "effect_bars", W.chart_key(35, (), "en"), W.chart_options("en"), "en", 1.0,
        W.chart_sources("en"),
    )]  # fmt: skip
    assert sent["title"] == primed.shown["title"]
    assert chart(at)["value"].tolist() == W.who_can_act(35, (), "en").effects["value"].tolist()
