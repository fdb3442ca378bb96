"""Translations from ``data/locales/{lang}.toml`` and number formatting by language.

Every user-facing string goes through :func:`t`. Keys are dotted paths into the TOML tables
(``overview.title``); values are ``str.format`` templates (``"{n} rows"``).
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Mapping
from functools import cache, lru_cache
from typing import Any

from babel import Locale
from babel.numbers import NumberPattern, parse_pattern

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
    return _fmt_number(float(value), lang, decimals)


@lru_cache(maxsize=16_384)
def _fmt_number(value: float, lang: str, decimals: int) -> str:
    # Babel's format_decimal parses the locale and the pattern on every call: a page formats
    # the same few hundred numbers on every rerun, and a first visit of a setting hundreds of
    # new ones. The parsed pattern and locale are kept (what format_decimal would apply).
    pattern, locale = _pattern(decimals), _locale(BABEL_LOCALES.get(lang, "en_US"))
    return pattern.apply(value, locale)


@lru_cache(maxsize=16)
def _pattern(decimals: int) -> NumberPattern:
    return parse_pattern("#,##0" + ("." + "0" * decimals if decimals > 0 else ""))


@lru_cache(maxsize=8)
def _locale(name: str) -> Locale:
    return Locale.parse(name)


def fmt_percent(value: float, lang: str = "en", *, decimals: int = 1) -> str:
    """A percentage given in percent units (``6.7`` → ``6,7 %`` in Russian, ``6.7%`` in English)."""
    number = fmt_number(value, lang, decimals=decimals)
    return f"{number}%" if lang == "en" else f"{number}\u00a0%"


def localized(key: str, lang: str, english: object) -> str:
    """A data text in ``lang``: the translation under ``key``, else the data file's English.

    The CSVs in ``data/`` hold the English; their Kazakh and Russian live in the locale files
    under a key built from the row (``fact.<id>.label``, ``source.<id>.publisher``,
    ``period.<English text>`` …). English, an empty text and a missing translation all give
    ``english`` back as it is, so a row without a translation still shows its own text.
    """
    text = "" if english is None else str(english)
    if lang != "en" and text and has(key, lang):
        return t(key, lang)
    return text


# --- Kazakh case endings ------------------------------------------------------------------------
# Kazakh joins the case ending to the last word and chooses it by that word's sound: the last
# vowel (back а о ұ ы / front ә е ө ү і) and the last letter. A number takes the ending of the
# word it is read as ("2 000" → «мың» → «2 000-нан»), a sign that of its name («%» → «пайыз»).
_KK_BACK, _KK_FRONT = set("аоұыяёуюэ"), set("әеөүіи")
_KK_UNITS = ("нөл", "бір", "екі", "үш", "төрт", "бес", "алты", "жеті", "сегіз", "тоғыз")
_KK_TENS = ("", "он", "жиырма", "отыз", "қырық", "елу", "алпыс", "жетпіс", "сексен", "тоқсан")
_KK_SIGNS = {"%": "пайыз"}


def _kk_number_word(digits: str) -> str:
    """The last word of a number as it is read aloud (``"2000"`` → ``"мың"``)."""
    if not digits.strip("0"):
        return "нөл"
    n = int(digits)
    if n % 1_000_000 == 0:
        return "миллион"
    if n % 1000 == 0:
        return "мың"
    r = n % 1000
    if r % 100 == 0:
        return "жүз"
    return _KK_TENS[r % 100 // 10] if r % 10 == 0 else _KK_UNITS[r % 10]


def kk_case(text: str, case: str) -> str:
    """``text`` with the Kazakh ablative (``case="abl"``, «-дан») or dative (``"dat"``, «-ға»)
    ending on its last word: «адам» → «адамнан», «80 %» → «80 %-ға», «2 000» → «2 000-нан»."""
    text = text.rstrip()
    last = text[-1:] if text else ""
    hyphen = ""
    if last.isdigit():
        tail = re.search(r"[\d\s,.]*$", text).group(0)
        digits = re.sub(r"\s", "", tail).replace(",", ".").split(".")[-1]
        word, hyphen = _kk_number_word(digits or "0"), "-"
    elif last in _KK_SIGNS:
        word, hyphen = _KK_SIGNS[last], "-"
    else:
        word = text.split()[-1].lower() if text else "а"
    vowels = [ch for ch in word if ch in _KK_BACK | _KK_FRONT]
    front = bool(vowels) and vowels[-1] in _KK_FRONT
    end = word[-1] if word else "а"
    vowel_or_sonorant = end in _KK_BACK | _KK_FRONT | set("лрйуи")
    nasal = end in "мнң"
    if case == "abl":
        first = "д" if vowel_or_sonorant or end in "жз" else "н" if nasal else "т"
        ending = first + ("ен" if front else "ан")
    elif case == "dat":
        voiced = vowel_or_sonorant or nasal or end in "жз"
        ending = ("ге" if front else "ға") if voiced else ("ке" if front else "қа")
    else:
        raise ValueError(case)
    return f"{text}{hyphen}{ending}"


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
