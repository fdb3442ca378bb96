"""charts: the pure builders' specs, the moved heatmap point, the chart locale and the
presentation scale."""

from __future__ import annotations

import altair as alt
import pytest

from riskexplorer import charts
from riskexplorer.views import figures as V
from riskexplorer.views import risk_factors as S


@pytest.fixture(scope="module")
def heatmap() -> dict:
    grid = S.rr_grid("en")[S.HEATMAP_COLUMNS]
    return charts.rr_heatmap(
        grid,
        title="Relative risk",
        share_title="s",
        prevalence_title="p",
        rr_title="RR",
        tooltip_titles=dict.fromkeys(("share", "prevalence", "rr", "paf"), "x"),
        current={"share": 20.0, "prevalence": 2.5, "label": "old point"},
    ).to_dict()


def test_with_current_moves_the_point_and_subtitle_only(heatmap):
    old_point = heatmap["layer"][-1]["data"]["name"]
    cells = heatmap["layer"][0]["data"]["name"]
    moved = charts.with_current(heatmap, {"share": 50.0, "prevalence": 3.0, "label": "new point"})
    assert moved["layer"][-1]["data"] == {"values": [{"share": 50.0, "prevalence": 3.0}]}
    assert moved["title"]["subtitle"] == ["new point"]
    assert moved["title"]["text"] == heatmap["title"]["text"]
    # The cells' dataset is the very same object, untouched; the stale point's is dropped.
    assert moved["layer"][0] is heatmap["layer"][0]
    assert moved["datasets"][cells] is heatmap["datasets"][cells]
    assert old_point not in moved["datasets"]
    assert len(moved["datasets"]) == len(heatmap["datasets"]) - 1
    # The input spec is not changed.
    assert heatmap["title"]["subtitle"] == ["old point"]
    assert heatmap["layer"][-1]["data"] == {"name": old_point}
    assert old_point in heatmap["datasets"]


def test_live_with_current_names_the_point_and_keeps_every_other_part(heatmap):
    """The page's spec: the point in the dataset CURRENT_POINT and a subtitle without numbers,
    so two settings give the same spec apart from that one dataset's row."""
    point = {"label": "numbers", "live_label": "where the sliders are"}
    a = charts.with_current(heatmap, {**point, "share": 50.0, "prevalence": 3.0}, live=True)
    b = charts.with_current(heatmap, {**point, "share": 10.0, "prevalence": 6.5}, live=True)
    assert a["layer"][-1]["data"] == {"name": charts.CURRENT_POINT}
    assert a["datasets"][charts.CURRENT_POINT] == [{"share": 50.0, "prevalence": 3.0}]
    assert b["datasets"][charts.CURRENT_POINT] == [{"share": 10.0, "prevalence": 6.5}]
    assert a["title"]["subtitle"] == ["where the sliders are"]

    def without_point(spec):
        datasets = {k: v for k, v in spec["datasets"].items() if k != charts.CURRENT_POINT}
        return {**spec, "datasets": datasets}

    assert without_point(a) == without_point(b)
    # Only the stale point's dataset went; the cells' is shared.
    cells = heatmap["layer"][0]["data"]["name"]
    assert a["datasets"][cells] is heatmap["datasets"][cells]
    assert len(a["datasets"]) == len(heatmap["datasets"])


def test_with_current_wraps_a_long_subtitle(heatmap):
    label = "Current setting: " + "a share of fifty percent among offenders " * 3
    moved = charts.with_current(heatmap, {"share": 1.0, "prevalence": 1.0, "label": label})
    lines = moved["title"]["subtitle"]
    assert len(lines) > 1
    assert all(len(line) <= charts.TITLE_CHARS for line in lines)
    assert " ".join(lines) == label.strip()


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_kazakh_and_russian_write_a_decimal_comma_and_a_no_break_space(lang):
    number = charts.vega_locale(lang)["number"]
    assert (number["decimal"], number["thousands"]) == (",", "\u00a0")
    assert number["percent"] == "\u00a0%"
    assert charts.vega_locale(lang)["time"]["date"] == "%d.%m.%Y"


def test_english_keeps_the_point_and_comma():
    number = charts.vega_locale("en")["number"]
    assert (number["decimal"], number["thousands"], number["percent"]) == (".", ",", "%")


def test_kazakh_month_and_day_names():
    time = charts.vega_locale("kk")["time"]
    assert time["months"][:3] == ["Қаңтар", "Ақпан", "Наурыз"]
    assert time["months"][11] == "Желтоқсан"
    assert len(time["months"]) == len(time["shortMonths"]) == 12
    assert len(time["days"]) == 7
    # d3 starts the week on Sunday.
    assert time["days"][0] == "жексенбі"
    assert charts.vega_locale("ru")["time"]["months"][0] == "январь"


def test_localized_scales_fonts_height_and_rewraps_titles():
    title = "Minors held criminally liable, January–September of each year, 2019–2025, by region"
    spec = {
        "title": {"text": charts.title_lines(title), "subtitle": "short"},
        "height": 400,
        "config": {"axis": {"labelFontSize": 14, "labelLimit": 420},
                   "title": {"fontSize": 17, "subtitleFontSize": 15}},
    }  # fmt: skip
    out = charts.localized(spec, "kk", scale=22 / 14)
    assert out["config"]["axis"]["labelFontSize"] == 22
    assert out["config"]["title"]["fontSize"] == round(17 * 22 / 14) == 27
    assert out["config"]["title"]["subtitleFontSize"] == 24
    assert out["config"]["axis"]["labelLimit"] == 660
    assert out["config"]["text"]["fontSize"] == 22
    assert out["height"] == 499
    assert out["config"]["locale"]["time"]["months"][0] == "Қаңтар"
    limit = charts.TITLE_CHARS / (22 / 14)
    assert all(len(line) <= limit for line in out["title"]["text"])
    assert len(out["title"]["text"]) > len(spec["title"]["text"])
    # The input is not changed, and scale 1 changes nothing but the locale.
    assert spec["config"]["axis"]["labelFontSize"] == 14 and "locale" not in spec["config"]
    same = charts.localized(spec, "en")
    assert same["config"]["axis"] == spec["config"]["axis"] and same["height"] == 400


def test_title_lines_wraps_between_words_at_the_limit():
    text = "Minors held criminally liable, January–September of each year"
    assert charts.title_lines(text, 30) == ["Minors held criminally liable,",
                                            "January–September of each year"]  # fmt: skip
    assert charts.title_lines(text) == [text]  # 62 characters: under the 70 of the desk
    assert charts.title_lines(["two", "parts"]) == ["two parts"]
    # No word is broken, and the limit never drops below 10 characters.
    assert charts.title_lines("Правонарушения несовершеннолетних", 3) == [
        "Правонарушения", "несовершеннолетних"
    ]  # fmt: skip


def test_figures_bar_builds_a_valid_spec_from_real_figures():
    ids = V.TOPIC_CARDS["inclusion"][:3]
    data = V.figures(ids, "ru")
    chart = charts.figures_bar(
        data,
        title="Инклюзия",
        value_title="Значение",
        status_text=V.status_texts("ru"),
        status_title="Статус",
        tooltip_titles=V.tooltip_titles("ru"),
    )
    spec = chart.to_dict()  # validates against the Vega-Lite schema
    assert isinstance(chart, alt.LayerChart)
    assert spec["height"] == 190 + 40 * len(ids)
    values = spec["datasets"][spec["data"]["name"]]
    assert [row["label"] for row in values] == data["label"].tolist()
    assert values[0]["value"] == 492.0
    color = spec["layer"][0]["encoding"]["color"]
    assert color["scale"]["domain"] == [V.status_texts("ru")[s] for s in ("corrected",)]
    assert color["scale"]["range"] == [charts.STATUS_COLORS["corrected"]]
