"""A decimal slider writes its values as the page does (issue 12): "3,0 %" on a Kazakh or Russian
page, "3.0%" on an English one — while its link keeps the dot, so links made before still open
the same view in any language."""

from __future__ import annotations

import pytest

from riskexplorer.views import risk_factors as S
from tests.app.conftest import move, open_page

PAGE = "app_pages/risk_factors.py"
NBSP = "\u00a0"


def shown(at, key: str) -> str:
    """The text the slider shows for its current value (its thumb's label)."""
    widget = at.select_slider(key=key)
    label = widget.format_func(widget.value)
    assert label in list(widget.proto.options)  # the labels the browser draws
    return label


@pytest.mark.parametrize(
    ("lang", "default", "moved"),
    [
        ("ru", f"3,0{NBSP}%", f"5,5{NBSP}%"),
        ("kk", f"3,0{NBSP}%", f"5,5{NBSP}%"),
        ("en", "3.0%", "5.5%"),
    ],
)
def test_decimal_slider_shows_the_page_languages_decimal(lang, default, moved):
    at = open_page(PAGE, lang=lang)
    slider = at.select_slider(key="rf_prev")
    assert slider.value == 3.0
    assert shown(at, "rf_prev") == default
    # Every stop is written the same way: no "3.5" among the Russian labels.
    labels = list(slider.proto.options)
    span = S.neet_sliders()["prevalence"]
    assert len(labels) == round((span.high - span.low) / span.step) + 1 > 5
    assert labels[0].startswith(f"{span.low:.0f}") and labels[-1].startswith(f"{span.high:.0f}")
    assert all(("," in x) == (lang != "en") and ("." in x) == (lang == "en") for x in labels)
    slider.set_value(5.5).run()
    # The move reran the results only, yet the address bar already holds the value (the slider
    # keeps it there itself: ui._relink); drawn again with the page, the slider shows it.
    assert at.query_params["rf_prev"] == "5.5"
    at.run()
    assert shown(at, "rf_prev") == moved
    # The link keeps the dot in every language.
    assert at.query_params["rf_prev"] == "5.5"


@pytest.mark.parametrize("lang", ["ru", "kk", "en"])
@pytest.mark.parametrize(("in_link", "value"), [("2.5", 2.5), ("4", 4.0), ("4.0", 4.0)])
def test_an_old_link_with_a_dot_restores_the_slider_in_any_language(lang, in_link, value):
    at = open_page(PAGE, lang=lang, rf_prev=in_link)
    assert at.select_slider(key="rf_prev").value == value
    expected = f"{value:.1f}%" if lang == "en" else f"{value:.1f}".replace(".", ",") + f"{NBSP}%"
    assert shown(at, "rf_prev") == expected


def test_back_at_the_default_the_link_drops_the_value():
    at = open_page(PAGE, lang="ru", rf_prev="2.5")
    move(at, "rf_prev", 3.0)
    assert "rf_prev" not in at.query_params


@pytest.mark.parametrize(
    ("lang", "format_"), [("ru", f"%d{NBSP}%%"), ("kk", f"%d{NBSP}%%"), ("en", "%d%%")]
)
@pytest.mark.parametrize(
    ("page", "key"),
    [(PAGE, "rf_share"), (PAGE, "rf_reach"), ("app_pages/scoring.py", "sc_share"),
     ("app_pages/who_can_act.py", "wca_fraction")],
)  # fmt: skip
def test_whole_percent_sliders_space_the_sign_as_the_language_does(lang, format_, page, key):
    """ "10 %" beside the page's "10 %" in Kazakh and Russian, "10%" in English."""
    at = open_page(page, lang=lang)
    assert at.slider(key=key).proto.format == format_
