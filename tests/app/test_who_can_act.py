"""The who-can-act page ranks the catalogue's factors by the change riskexplorer.evidence attaches
to them, filters by stakeholder, marks the briefing's actions, and says the rows are assumptions
that must not be added up."""

from __future__ import annotations

import pytest

from riskexplorer import evidence as E
from riskexplorer.cohort import load_actions, load_factors
from tests.app.conftest import chart_titled, markdown_text, open_page

PAGE = "app_pages/who_can_act.py"


def chart(at, fraction: int = 10):
    title = (
        f"Fewer teenagers held liable a year if {fraction}% were reached (assumptions, if causal)"
    )
    return chart_titled(at, title).dropna(subset=["label"]).reset_index(drop=True)


def library_averted(fraction: float) -> dict[str, float]:
    factors = load_factors().reset_index(drop=True)
    rows = E.factor_scenarios(factors, fraction, 2271)
    return dict(zip(rows["label"], rows["averted"], strict=True))


def test_ranking_is_what_factor_scenarios_computes():
    data = chart(open_page(PAGE))
    assert dict(zip(data["label"], data["averted"])) == pytest.approx(library_averted(0.1))
    assert data["averted"].is_monotonic_decreasing
    assert data.iloc[0]["averted_text"] == f"{max(library_averted(0.1).values()):.0f}"


def test_fraction_slider_recomputes_the_ranking():
    at = open_page(PAGE)
    at.slider(key="wca_fraction").set_value(30).run()
    data = chart(at, 30)
    assert dict(zip(data["label"], data["averted"])) == pytest.approx(library_averted(0.3))
    assert "10 factors at 30% reached." in markdown_text(at)


def test_ranges_come_from_the_odds_ratio_ranges():
    data = chart(open_page(PAGE)).set_index("label")
    peers = data.loc["Friends who offend"]
    s_low = E.share_from_relative_risk(0.08, 2.0)
    assert peers["averted_low"] == pytest.approx(E.averted_cases(s_low, 2.0, 0.1, 2271))
    assert peers["range_text"] == "range 17 to 55"


def test_stakeholder_filter_keeps_only_their_factors_and_actions():
    at = open_page(PAGE)
    at.multiselect(key="wca_stakeholder").set_value(["police"]).run()
    police = load_actions().query("stakeholder == 'police'")["factor"]
    labels = set(load_factors().loc[police, "label"])
    assert set(chart(at)["label"]) == labels
    text = markdown_text(at)
    assert "**Police:** Juvenile inspectors follow up" in text
    assert "**Schools:**" not in text and "**Families:**" not in text
    assert f"{len(labels)} factors at 10% reached." in text


def test_filter_from_the_link():
    # Streamlit writes a bound multiselect's options to the URL as they are shown (translated).
    at = open_page(PAGE, wca_stakeholder="Health services", wca_fraction="20")
    assert at.multiselect(key="wca_stakeholder").value == ["health"]
    assert at.slider(key="wca_fraction").value == 20
    health = set(
        load_factors().loc[load_actions().query("stakeholder == 'health'")["factor"], "label"]
    )
    assert set(chart(at, 20)["label"]) == health


def test_factors_are_grouped_by_domain_with_the_briefings_actions_marked():
    at = open_page(PAGE)
    assert [s.value for s in at.subheader][:3] == [
        "Prior offending", "Education and employment", "Family circumstances and parenting",
    ]  # fmt: skip
    text = markdown_text(at)
    assert (
        "**Low parental supervision** — about **24** fewer a year (range 7 to 42) · "
        "*assumption, if causal*"
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
    assert "**assumption**" in warning and "**must not be added up**" in warning
    assert "**causes**" in warning
    assert "Do not add the rows up." in markdown_text(at)


def test_presentation_view_keeps_one_key_message():
    at = open_page(PAGE, present="true")
    assert [i.value for i in at.info] == [
        "Each row is one factor on its own: the rows overlap and must not be added up, and every "
        "number assumes the factor causes offending."
    ]
    assert at.slider(key="wca_fraction").help in (None, "")


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_page_runs_in_every_language(lang):
    at = open_page(PAGE, lang=lang)
    assert not at.exception
    assert "who_can_act." not in markdown_text(at)
