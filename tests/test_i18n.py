"""Translations: lookup with fallback, language detection, and numbers written as each language
writes them."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from riskexplorer import i18n


def test_t_formats_parameters_in_the_chosen_language():
    assert i18n.t("facts.suppressed", "en", n=10) == "fewer than 10"


def test_t_falls_back_to_english_then_to_the_key():
    assert i18n.t("overview.title", "xx") == i18n.t("overview.title", "en")
    assert i18n.t("no.such.key", "ru") == "no.such.key"


def test_t_survives_a_template_with_a_missing_parameter():
    assert i18n.t("facts.suppressed", "en") == "fewer than {n}"


def test_normalize_language_accepts_browser_locales():
    assert i18n.normalize_language("ru-RU") == "ru"
    assert i18n.normalize_language("kk_KZ") == "kk"
    assert i18n.normalize_language("KZ") == "kk"
    assert i18n.normalize_language("de-DE") is None
    assert i18n.normalize_language(None) is None


def test_numbers_follow_the_language():
    assert i18n.fmt_number(1234567.5, "en", decimals=1) == "1,234,567.5"
    assert i18n.fmt_number(1234567.5, "ru", decimals=1) == "1\xa0234\xa0567,5"
    assert i18n.fmt_number(1234567.5, "kk", decimals=1) == "1\xa0234\xa0567,5"
    assert i18n.fmt_percent(6.7, "en") == "6.7%"
    assert i18n.fmt_percent(6.7, "kk") == "6,7\xa0%"


@given(
    value=st.floats(min_value=-1e12, max_value=1e12, allow_nan=False),
    lang=st.sampled_from(["kk", "ru", "en"]),
    decimals=st.integers(min_value=0, max_value=3),
)
def test_fmt_number_is_babels_format_decimal(value, lang, decimals):
    """The kept pattern and locale (a first visit formats hundreds of numbers) give exactly what
    babel.numbers.format_decimal gives."""
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    expected = format_decimal(value, format=pattern, locale=i18n.BABEL_LOCALES[lang])
    assert i18n.fmt_number(value, lang, decimals=decimals) == expected
