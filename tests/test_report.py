"""The briefing is one standalone, dated HTML file with the figures, statuses and sources shown;
chart images carry a font that has the Kazakh letters."""

from __future__ import annotations

import datetime as dt
import re
from html import escape as html_escape

import pandas as pd

from riskexplorer import charts, report
from riskexplorer import facts as F
from riskexplorer.views import figures as views

KAZAKH = "әғқңөұүһі"


def institutions_chart(lang: str, title: str = "Special institutions"):
    rows = views.correction_chain("special_institutions_total", lang)
    return charts.figures_bar(
        rows,
        title=title,
        value_title="n",
        status_text=views.status_texts(lang),
        status_title="status",
        tooltip_titles=views.tooltip_titles(lang),
    )


def make_briefing(lang: str = "en") -> report.Briefing:
    chart = institutions_chart(lang)
    section = report.Section(
        heading="Inclusive education",
        paragraphs=["Seed figures beside their corrections."],
        figure_ids=["special_institutions_total", "teen_offenders_neet_share"],
        charts=[report.ChartItem(chart, "492 → 508 → 537", "Source: zakon.kz", synthetic=True)],
        tables=[("A table", pd.DataFrame({"a": ["<script>x</script>"], "b": [1]}))],
    )
    return report.Briefing(
        title="Briefing",
        lang=lang,
        sections=[section],
        link="http://localhost:8501/?lang=en",
        created=dt.datetime(2026, 11, 25, 10, 30, tzinfo=dt.UTC),
    )


def test_briefing_is_standalone_html_with_no_scripts_or_remote_resources():
    html = report.render_html(make_briefing())
    assert html.startswith("<!DOCTYPE html>")
    assert "<script" not in html.lower()
    assert not re.search(r'(src|href)="https?://(?!localhost)[^"]*\.(js|css)', html)
    assert "&lt;script&gt;x&lt;/script&gt;" in html


def test_briefing_holds_figures_statuses_sources_and_date():
    html = report.render_html(make_briefing())
    assert "492 institutions" in html
    assert "more than 50%" in html
    assert 'class="status status-contradicted">Contradicted' in html
    # Each figure's source is named beside it.
    sources = F.load_sources()
    for fact_id in ("special_institutions_total", "teen_offenders_neet_share"):
        publisher = sources.at[F.fact(fact_id)["source_id"], "publisher"]
        assert html.count(html_escape(publisher)) >= 1, publisher
    assert "Created 2026-11-25 10:30" in html
    assert "<svg" in html
    assert "SYNTHETIC" in html
    assert 'href="http://localhost:8501/?lang=en"' in html


def test_briefing_is_in_the_chosen_language():
    html = report.render_html(make_briefing("ru"))
    assert '<html lang="ru">' in html
    assert "Created 2026" not in html


def test_chart_images_use_a_font_with_kazakh_letters():
    chart = institutions_chart("kk", title=f"Арнайы ұйымдар {KAZAKH}")
    svg = report.chart_svg(chart, "kk")
    assert KAZAKH in svg
    assert "DejaVu Sans" in svg
    png = report.chart_png(chart, "kk", scale=1)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(png) > 5_000


def test_chart_axis_numbers_follow_the_language():
    def offences_chart(lang):
        rows = views.figures(("registered_offences_2024", "registered_offences_2025"), lang)
        return charts.figures_bar(
            rows,
            title="Registered offences",
            value_title="n",
            status_text=views.status_texts(lang),
            status_title="status",
            tooltip_titles=views.tooltip_titles(lang),
        )

    assert "100,000" in report.chart_svg(offences_chart("en"), "en")
    assert "100\xa0000" in report.chart_svg(offences_chart("ru"), "ru")


def test_page_markdown_becomes_html_and_raw_html_stays_escaped():
    briefing = make_briefing()
    briefing.sections[0].paragraphs = ["### Of **1,000** flagged\n- <b>x</b>"]
    html = report.render_html(briefing)
    assert "<h3>Of <strong>1,000</strong> flagged</h3>" in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html
    assert "###" not in html
