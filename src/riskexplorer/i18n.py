"""Translations from ``data/locales/{lang}.toml`` and number formatting by language.

Every user-facing string goes through :func:`t`. Keys are dotted paths into the TOML tables
(``overview.title``); values are ``str.format`` templates (``"{n} rows"``).
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Mapping
from functools import cache
from typing import Any

from babel.numbers import format_decimal

from riskexplorer.paths import data_dir

LANGUAGES: tuple[str, ...] = ("kk", "ru", "en")
DEFAULT_LANGUAGE = "ru"
LANGUAGE_NAMES: Mapping[str, str] = {"kk": "Қазақша", "ru": "Русский", "en": "English"}
BABEL_LOCALES: Mapping[str, str] = {"kk": "kk_KZ", "ru": "ru_RU", "en": "en_US"}


def _flatten(table: Mapping[str, Any], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in table.items():
        path = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(_flatten(value, path + "."))
        else:
            flat[path] = str(value)
    return flat


@cache
def catalog(lang: str) -> Mapping[str, str]:
    """All strings of one language as a flat ``{dotted.key: template}`` mapping."""
    path = data_dir() / "locales" / f"{lang}.toml"
    with path.open("rb") as fh:
        return _flatten(tomllib.load(fh))


def normalize_language(value: str | None) -> str | None:
    """Map ``'ru-RU'``, ``'KK'``, ``'kz'`` … to one of :data:`LANGUAGES`, or ``None``."""
    if not value:
        return None
    code = value.strip().lower().replace("_", "-").split("-")[0]
    code = {"kz": "kk"}.get(code, code)
    return code if code in LANGUAGES else None


def t(key: str, lang: str = "en", /, **params: Any) -> str:
    """The text for ``key`` in ``lang``, formatted with ``params``.

    Falls back to English, then to the key itself, so a missing translation shows up as a
    visible key (and fails ``tests/test_i18n.py``) rather than as an exception on screen.
    """
    template = catalog(lang).get(key) if lang in LANGUAGES else None
    if template is None:
        template = catalog("en").get(key, key)
    if not params:
        return template
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return template


def has(key: str, lang: str = "en") -> bool:
    """Whether ``key`` has a text in ``lang``."""
    return lang in LANGUAGES and key in catalog(lang)


def fmt_number(value: float, lang: str = "en", *, decimals: int = 0) -> str:
    """A number as the language writes it: ``1 234,5`` in Kazakh and Russian, ``1,234.5`` in English."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return format_decimal(value, format=pattern, locale=BABEL_LOCALES.get(lang, "en_US"))


def fmt_percent(value: float, lang: str = "en", *, decimals: int = 1) -> str:
    """A percentage given in percent units (``6.7`` → ``6,7 %`` in Russian, ``6.7%`` in English)."""
    number = fmt_number(value, lang, decimals=decimals)
    return f"{number}%" if lang == "en" else f"{number}\u00a0%"


def data_text(key: str, lang: str, english: str) -> str:
    """A text of the data files in ``lang``: the CSVs hold the English, translations live in the
    locale files under ``key``. The one place that falls back to the CSV's English."""
    if lang == "en" or not english:
        return english
    return catalog(lang).get(key, english) if lang in LANGUAGES else english


def fmt_rr(rr: float, lang: str) -> str:
    """A relative risk as the page writes it: ``32.3×``; ``∞`` and "undefined" in words."""
    if math.isnan(rr):
        return t("risk_factors.rr_undefined_value", lang)
    if math.isinf(rr):
        return t("risk_factors.rr_infinite_value", lang)
    return t("risk_factors.rr_value", lang, rr=fmt_number(rr, lang, decimals=1 if rr < 100 else 0))


def fmt_ratio(value: float, lang: str) -> str:
    """An odds ratio or relative risk as a bare number (``0.7``, ``8.2``)."""
    if not math.isfinite(value):
        return fmt_rr(value, lang)
    return fmt_number(value, lang, decimals=1 if value < 100 else 0)


def fmt_paf(paf: float, lang: str) -> str:
    """An attributable fraction as a percentage with one decimal (``48.5%``)."""
    if math.isnan(paf):
        return t("risk_factors.rr_undefined_value", lang)
    if math.isinf(paf):
        return "−∞" if paf < 0 else "∞"
    return fmt_percent(100 * paf, lang, decimals=1).replace("-", "−")


def fmt_count(value: float, lang: str) -> str:
    """A modelled count a year, rounded to a whole number (``110``; ``−5`` for more)."""
    if not math.isfinite(value):
        return t("risk_factors.rr_undefined_value", lang)
    rounded = round(value)
    text = fmt_number(abs(rounded), lang)
    return f"−{text}" if rounded < 0 else text
