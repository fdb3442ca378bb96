"""Statuses look the same everywhere, readable to everyone: text colours meet WCAG 2.1 AA on
white (4.5:1), chart colours the non-text contrast (3:1), and every status is named in words."""

from __future__ import annotations

import pytest

from riskexplorer import charts, i18n, report
from riskexplorer.statuses import STATUSES, style


def luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast_on_white(hex_colour: str) -> float:
    return 1.05 / (luminance(hex_colour) + 0.05)


def test_the_five_statuses_in_order():
    assert STATUSES == ("confirmed", "corrected", "seed-only", "contradicted", "reported")


@pytest.mark.parametrize("status", STATUSES)
def test_text_and_chart_colours_are_readable(status):
    assert contrast_on_white(style(status).text_colour) >= 4.5
    assert contrast_on_white(style(status).chart_colour) >= 3.0


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_every_status_is_named_and_explained_in_words(lang):
    for status in STATUSES:
        assert i18n.has(f"status.{status}", lang) and i18n.has(f"status_meaning.{status}", lang)


def test_charts_and_the_export_take_their_colours_from_the_one_file():
    assert charts.STATUS_COLORS["contradicted"] == style("contradicted").chart_colour
    assert f".status-corrected {{ color: {style('corrected').text_colour}; }}" in (
        report._status_css()
    )
