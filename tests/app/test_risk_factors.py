"""The risk-factors page shows what riskexplorer.evidence computes for the sliders' values — RR,
PAF and the outreach scenario for both volumes — with the formulas, the assumptions, the RR heatmap
and the causal caveat, and never an unexplained "inf" at the extremes."""

from __future__ import annotations

import json

import pyarrow as pa
import pytest

from riskexplorer import charts as builders
from riskexplorer import evidence as E
from riskexplorer import i18n as I18N
from riskexplorer import report
from riskexplorer.views import risk_factors as S
from tests.app.conftest import (
    chart_title,
    chart_titled,
    charts,
    markdown_text,
    move,
    open_page,
    show_tables,
)

PAGE = "app_pages/risk_factors.py"
HEATMAP = "Relative risk over both sliders' ranges (log colour scale)"
RR, PAF = "Relative risk (RR)", "Attributable fraction (PAF)"
AVERTED = "Fewer teenagers held liable a year (10% reached)"
CRIMES = "Alternative: fewer crimes a year (seed only)"


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def expected(share: float, prevalence: float, reach: float = 10) -> dict[str, str]:
    """What the library computes for these slider values, written as the page writes it."""
    s, p, f = share / 100, prevalence / 100, reach / 100
    rr = E.relative_risk(s, p)
    persons = E.scenario(s, p, f, 2271)
    crimes = E.scenario(s, p, f, 2313)
    return {
        RR: f"{rr:.1f}×" if rr < 100 else f"{rr:,.0f}×",
        PAF: f"{100 * E.attributable_fraction(s, rr):.1f}%",
        f"Fewer teenagers held liable a year ({reach:.0f}% reached)": f"≈{persons.averted:,.0f}",
        CRIMES: f"≈{crimes.averted:,.0f}",
    }


def test_default_starts_at_the_local_reports_not_the_contradicted_claim():
    at = open_page(PAGE)
    assert at.slider(key="rf_share").value == 9
    shown = metrics(at)
    assert {k: shown[k] for k in (RR, PAF, AVERTED, CRIMES)} == expected(9, 3)
    assert shown[RR] == "3.2×"
    assert shown[AVERTED] == "≈14"
    # The briefing's 50% is one click away.
    at.button(key="rf_set_claim").click().run()
    assert metrics(at)[RR] == "32.3×" and metrics(at)[AVERTED] == "≈110"


def test_moving_the_share_slider_recomputes_every_number():
    at = open_page(PAGE)
    move(at, "rf_share", 10)
    shown = metrics(at)
    assert shown[RR] == "3.6×"
    assert {k: shown[k] for k in (RR, PAF, AVERTED, CRIMES)} == expected(10, 3)
    assert "At 10% of offenders and 3.0% of all teenagers" in markdown_text(at)


def test_prevalence_and_reach_sliders_recompute_too():
    at = open_page(PAGE)
    move(at, "rf_prev", 5.5)
    move(at, "rf_reach", 40)
    shown = metrics(at)
    want = expected(9, 5.5, 40)
    assert shown[RR] == want[RR] == f"{E.relative_risk(0.09, 0.055):.1f}×"
    assert (
        shown["Fewer teenagers held liable a year (40% reached)"]
        == want["Fewer teenagers held liable a year (40% reached)"]
    )


def test_the_link_restores_the_view():
    at = open_page(PAGE, rf_share="20", rf_prev="2.5")
    assert at.slider(key="rf_share").value == 20
    assert metrics(at)[RR] == expected(20, 2.5)[RR]


def test_an_edited_link_outside_the_range_is_ignored_not_an_error():
    at = open_page(PAGE, rf_share="95")
    assert at.slider(key="rf_share").value == 9
    assert metrics(at)[RR] == "3.2×"


def test_mark_buttons_move_the_share_slider():
    at = open_page(PAGE)
    at.button(key="rf_set_local").click().run()
    assert at.slider(key="rf_share").value == 9
    assert metrics(at)[RR] == expected(9, 3)[RR]
    at.button(key="rf_set_claim").click().run()
    assert at.slider(key="rf_share").value == 50


def test_slider_marks_explain_the_claim_and_the_local_reports():
    at = open_page(PAGE)
    text = markdown_text(at)
    assert (
        ":red-badge[:material/cancel: Contradicted] **The briefing's claim: more than 50%**" in text
    )
    assert "**What local reports suggest: ≈9.1%** (range 6.3%–12.5%)" in text
    assert "Local reports suggest about 9.1%" in at.slider(key="rf_share").help
    assert "15–28 (6.7%, Q2 2021) and 14–34 (6.2%, Q1 2025)" in text
    cards = metrics(at)
    assert cards["Youth aged 15–28 neither studying nor working"] == "6.7%"
    assert cards["Youth aged 14–34 neither studying nor working"] == "6.2%"


def test_formulas_are_shown_with_the_numbers_substituted():
    at = open_page(PAGE)
    move(at, "rf_share", 10)
    text = markdown_text(at)
    assert S.formula_text(S.neet_result(10, 3, 10), "en") in text
    assert "RR = s × (1 − p) ÷ (p × (1 − s)) = 0.1 × 0.97 ÷ (0.03 × 0.9) = 3.593" in text
    assert "People held liable a year: 1\u202f703 × 12 ÷ 9 = 2\u202f271" in text
    assert "Alternative, crimes a year (briefing, seed only): 771 × 12 ÷ 4 = 2\u202f313" in text


def test_volumes_say_which_is_reported_and_which_is_seed_only():
    text = markdown_text(open_page(PAGE))
    assert (
        ":green-badge[:material/description: Independent source] **People held liable: 2,271 a year**"
        in text
    )
    assert ":gray-badge[:material/help: Seed only] **Alternative: 2,313 crimes a year**" in text


def test_assumptions_table_lists_ranges_basis_and_sources():
    at = open_page(PAGE)
    table = next(df.value for df in at.dataframe if "Assumption" in df.value.columns)
    assert list(table.columns) == [
        "Assumption", "Value", "Range", "Basis", "Sources", "How it is set",
    ]  # fmt: skip
    rows = table.set_index("Assumption")
    assert rows.loc["NEET share among all 14–17-year-olds", "Range"] == "1% – 7%"
    assert rows.loc["Crimes by teenagers a year (briefing)", "Value"] == "2,313 crimes"


def heatmap_point(at) -> tuple[dict, list[dict]]:
    """The heatmap's spec as sent and the rows of its current point (a named dataset)."""
    for element in at.get("vega_lite_chart"):
        spec = json.loads(element.proto.spec)
        if chart_title(spec) == HEATMAP:
            (point,) = [
                pa.ipc.open_stream(d.data.data).read_pandas().to_dict("records")
                for d in element.proto.datasets
                if d.name == builders.CURRENT_POINT
            ]
            return spec, point
    raise AssertionError("no heatmap")


def test_a_move_changes_only_the_heatmaps_point_not_its_spec():
    """What lets the browser update one row of data instead of re-embedding the 858-cell chart:
    the spec's text is the same at every setting, and so is every other dataset."""
    at = open_page(PAGE)
    sent = []
    for share, prevalence in ((10, 3.0), (45, 3.0), (45, 5.5)):
        move(at, "rf_share", share)
        move(at, "rf_prev", prevalence)
        (element,) = [
            e for e in at.get("vega_lite_chart") if chart_title(json.loads(e.proto.spec)) == HEATMAP
        ]
        sent.append(element.proto)
        assert heatmap_point(at)[1] == [{"share": float(share), "prevalence": prevalence}]
    assert len({proto.spec for proto in sent}) == 1
    others = [
        {d.name: d.data.data for d in proto.datasets if d.name != builders.CURRENT_POINT}
        for proto in sent
    ]
    assert others[0] == others[1] == others[2] and others[0]


def test_heatmap_covers_both_slider_ranges_and_marks_the_current_point():
    at = open_page(PAGE)
    move(at, "rf_share", 10)
    # The cached chart was built once with the point at the defaults; the point follows the slider.
    data = chart_titled(at, HEATMAP)
    cells = data.dropna(subset=["rr"])
    assert len(cells) == 66 * 13
    assert (cells["share_lo"].min(), cells["share_hi"].max()) == (4.5, 70.5)
    assert (cells["prevalence_lo"].min(), cells["prevalence_hi"].max()) == (0.75, 7.25)
    spec, point = heatmap_point(at)
    assert point == [{"share": 10.0, "prevalence": 3.0}]
    assert " ".join(spec["title"]["subtitle"]) == (
        "White disc: where the sliders stand now (its RR is written under the chart)"
    )
    # The summary's image keeps the numbers in its subtitle.
    (item,) = [
        i
        for section in at.session_state["_briefing"].sections
        for i in section.blocks
        if isinstance(i, report.ChartItem) and chart_title(i.chart) == HEATMAP
    ]
    assert item.chart["layer"][-1]["data"]["values"] == [{"share": 10.0, "prevalence": 3.0}]
    assert " ".join(item.chart["title"]["subtitle"]) == (
        "White disc: the sliders' point (10% among offenders, 3.0% among all 14–17) — RR 3.6×"
    )
    text = markdown_text(at)
    assert "At the sliders' point (10%, 3.0%) RR is 3.6×." in text
    assert "RR runs from 0.7× to 231×" in text


def test_age_mix_and_prevalence_lines_give_their_numbers():
    text = markdown_text(open_page(PAGE))
    # 0.85 × 5% + 0.15 × 1% = 4.4%: at a 9% share RR = 0.09 × 0.956 ÷ (0.044 × 0.91) = 2.1.
    assert "With the NEET share weighted by their ages — 4.4% (1.5%–8.7%)" in text
    assert f"would be {E.relative_risk(0.09, 0.044):.1f}×" in text
    # PAF = (s − p)/(1 − p) at s = 9%: about 18, 14 and 5 a year at p = 1%, 3%, 7%.
    assert "about 18, 14 and 5 fewer a year at a NEET share of 1%, 3% and 7%" in text
    assert "while RR runs from 9.8× to 1.3×" in text


@pytest.mark.parametrize(
    ("share", "prevalence", "words"),
    [
        (5, 7.0, "NEET teenagers would be held liable less often than others (RR 0.7×)"),
        (5, 5.0, "so RR is 1: NEET teenagers are held liable no more often than others"),
        (70, 1.0, "RR is very large (231×)"),
    ],
)
def test_extremes_show_sensible_numbers_and_a_message(share, prevalence, words):
    at = open_page(PAGE)
    move(at, "rf_prev", prevalence)
    move(at, "rf_share", share)
    assert not at.exception
    assert words in markdown_text(at)
    shown = metrics(at)
    assert shown[RR] == expected(share, prevalence)[RR]
    assert all("inf" not in v and "nan" not in v for v in shown.values())


def test_causal_caveat_and_what_the_contradiction_means():
    text = markdown_text(open_page(PAGE))
    assert "Sweeten, Bushway & Paternoster 2009; Bäckman 2017" in text
    assert "**These numbers describe an association, not an effect.**" in text
    # NEET's own odds ratio is set by the assumed overlap of the factors: shown as a range.
    own = [I18N.fmt_ratio(S.neet_own_odds_ratio(9.1, c), "en") for c in (0.0, 0.3, 0.6)]
    assert own == ["3.3", "1.7", "1.4"]
    assert "is 1.7 at ≈9.1% at the default settings — but anywhere from 1.4 to 3.3" in text
    assert "little or nothing" not in text
    assert "falls to 3.2×" in text
    assert "SYNTHETIC cohort" in text


def test_presentation_view_hides_explanations_and_keeps_one_message_per_section():
    at = open_page(PAGE, present="true")
    assert at.toggle(key="present").value is True
    text = markdown_text(at)
    assert "What local reports suggest" not in text  # the slider's explanation
    assert at.slider(key="rf_share").help in (None, "")
    assert [i.value for i in at.info] == [
        "The briefing's 50% is contradicted by local reports (about 9.1%); the NEET share among "
        "14–17-year-olds is an assumption, here 3.0%.",
        "An association, not a cause: reaching NEET teenagers would change this much only if the "
        "whole association were causal — probably less.",
    ]
    assert metrics(at)[RR] == "3.2×"
    # Beside the sliders, the change against the briefing's claim (32.3× at the same prevalence).
    rr = next(m for m in at.metric if m.label == RR)
    assert rr.delta == "-29.1×"  # ASCII minus: Streamlit points the arrow down


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_page_runs_in_every_language(lang):
    """Every language shows its own text and the same number — never an exception or a key."""
    from riskexplorer.i18n import t

    at = open_page(PAGE, lang=lang)
    assert not at.exception
    assert "risk_factors." not in markdown_text(at)
    label = t("risk_factors.rr_label", lang)
    assert {m.label: m.value for m in at.metric}[label].startswith("3,2")


def test_the_heatmap_is_built_once_for_all_sessions_and_equals_a_fresh_build(monkeypatch):
    """Issue 11: a move neither rebuilds nor re-hashes the heatmap; what every session is sent is
    still exactly the chart the builder makes, with the point where the sliders are."""
    import json

    import pandas as pd

    from riskexplorer import charts as builders
    from riskexplorer.app import ui

    monkeypatch.setattr(ui, "_DRAWN", {})
    built = []
    original = builders.rr_heatmap

    def rr_heatmap(data, **options):
        built.append(len(data))
        return original(data, **options)

    monkeypatch.setattr(builders, "rr_heatmap", rr_heatmap)
    first, second = open_page(PAGE), open_page(PAGE)
    move(first, "rf_share", 20)
    move(second, "rf_share", 30)
    move(second, "rf_prev", 5.0)
    assert built == [858]  # one build, shared by both sessions and every move

    fresh_raw = original(S.heatmap_data("en"), **S.heatmap_options("en")).to_dict()
    fresh = builders.with_current(
        builders.localized(fresh_raw, "en"),
        S.neet_view(30, 5.0, 10, "en").heatmap_point,
        live=True,
    )
    spec, data = next((s, d) for s, d in charts(second) if chart_title(s) == HEATMAP)
    for part in ("layer", "title", "config", "height", "padding"):
        assert spec[part] == json.loads(json.dumps(fresh[part])), part
    assert heatmap_point(second)[1] == [{"share": 30.0, "prevalence": 5.0}]
    rows = pd.concat([pd.DataFrame(r) for r in fresh["datasets"].values()], ignore_index=True)
    assert data.shape == rows.shape
    pd.testing.assert_frame_equal(data.astype(object), rows.astype(object))
    # The other session's chart kept its own point.
    assert heatmap_point(first)[1] == [{"share": 20.0, "prevalence": 3.0}]


def test_the_share_link_and_the_summary_follow_each_move():
    """A fragment, no stale link: after each move the sidebar's link and the summary hold the
    sliders' values and the numbers they imply."""
    from urllib.parse import parse_qs, urlsplit

    from riskexplorer import report

    at = open_page(PAGE)
    for share in (20, 35):
        move(at, "rf_share", share)
        link = next(c.value for c in at.code)
        assert parse_qs(urlsplit(link).query)["rf_share"] == [str(share)]
        html = report.render_html(at.session_state["_briefing"])
        assert f"rf_share={share}" in html
        assert expected(share, 3.0)[RR] in html


def test_the_heatmaps_table_and_csv_read_as_the_page_writes_them():
    at = show_tables(open_page(PAGE, lang="ru"), "Таблица")
    heatmap = next(frame for frame in (d.value for d in at.dataframe) if "RR" in frame.columns)
    assert list(heatmap.columns) == [
        "Среди правонарушителей", "Среди всех 14–17 лет", "RR", "PAF (если связь причинная)",
        "Источники",
    ]  # fmt: skip
    assert len(heatmap) == 66 * 13
    first = heatmap.iloc[0]
    assert (first["Среди правонарушителей"], first["Среди всех 14–17 лет"]) == (
        "5\u00a0%",
        "1,0\u00a0%",
    )
