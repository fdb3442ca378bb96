"""Documented statistics with their provenance, loaded from ``data/facts.csv`` and ``data/sources.csv``.

Every figure the app shows comes from here with its value, unit, period, source, verification
status and caveat. The file is validated at load (like a pandera schema): a row without a source
or with an unknown status raises :class:`~riskexplorer.errors.DataError` before any page sees it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import pandas as pd
from babel import Locale

from riskexplorer.i18n import BABEL_LOCALES, fmt_number, fmt_percent, has, kk_case, localized, t
from riskexplorer.privacy import MIN_COUNT
from riskexplorer.statuses import STATUSES
from riskexplorer.tables import fail_rows, read_table

ORIGINS: tuple[str, ...] = ("seed", "independent")
TOPICS: tuple[str, ...] = (
    "offending",
    "against_children",
    "trafficking_drugs",
    "inclusion",
    "context",
)
QUALIFIERS: tuple[str, ...] = ("exact", "more_than", "less_than", "about", "nearly", "almost")
RELATIONS: tuple[str, ...] = ("confirms", "corrects", "contradicts", "context")
PERCENT_UNITS: frozenset[str] = frozenset({"%", "% change"})
#: Units that count people or events: the small-count rule applies to them.
COUNT_UNITS: frozenset[str] = frozenset({"persons", "crimes", "offences", "children", "cases"})

FACT_COLUMNS: tuple[str, ...] = (
    "id", "value", "qualifier", "unit", "period", "period_start", "period_end", "geography",
    "topic", "origin", "status", "source_id", "relation", "seed_id", "series", "label", "note",
)  # fmt: skip
SOURCE_COLUMNS: tuple[str, ...] = (
    "source_id", "publisher", "title", "url", "published", "via", "confidence", "note", "cited_as",
)  # fmt: skip
#: ``translated``: publisher and title are shown in the page language (``source.<id>.*`` in the
#: locale files); ``original``: a study, cited as published — authors and title in their own
#: language, as a Kazakh or Russian text cites an English paper.
CITED_AS: tuple[str, ...] = ("translated", "original")


@cache
def load_sources() -> pd.DataFrame:
    """Every source with its publisher, title, link, date and confidence, indexed by ``source_id``."""
    sources = read_table("sources.csv", SOURCE_COLUMNS, strip=False)
    fail_rows(sources, sources["source_id"].duplicated(), "sources.csv", "duplicate source_id")
    fail_rows(sources, sources["publisher"].str.strip() == "", "sources.csv", "no publisher")
    fail_rows(sources, ~sources["cited_as"].isin(CITED_AS), "sources.csv", "unknown cited_as")
    return sources.set_index("source_id", drop=False)


def source_publisher(source_id: str, lang: str = "en") -> str:
    """Who published a source, in ``lang`` (``source.<id>.publisher``; the CSV holds English)."""
    return localized(
        f"source.{source_id}.publisher", lang, load_sources().at[source_id, "publisher"]
    )


def source_title(source_id: str, lang: str = "en") -> str:
    """A source's title in ``lang``: descriptive titles are translated, a news article's own
    headline stays in its language (``source.<id>.title``; the CSV holds the original)."""
    return localized(f"source.{source_id}.title", lang, load_sources().at[source_id, "title"])


def source_text(source_id: str, lang: str = "en") -> str:
    """ "Publisher — title (via site)" in ``lang``: the ``source`` column of :func:`load_facts`
    (which is English) as the page language writes it."""
    via = str(load_sources().at[source_id, "via"])
    text = f"{source_publisher(source_id, lang)} — {source_title(source_id, lang)}"
    return text + (f" ({t('sources.via', lang, via=via)})" if via and source_id != "seed" else "")


def _validate_facts(facts: pd.DataFrame, sources: pd.DataFrame) -> None:
    file = "facts.csv"
    fail_rows(facts, facts["id"].duplicated(), file, "duplicate id")
    for column, allowed in (
        ("status", STATUSES),
        ("origin", ORIGINS),
        ("topic", TOPICS),
    ):
        fail_rows(facts, ~facts[column].isin(allowed), file, f"{column} not one of {allowed}")
    fail_rows(facts, ~facts["source_id"].isin(sources.index), file, "source_id not in sources.csv")
    fail_rows(facts, facts["label"].str.strip() == "", file, "no label")
    has_value = facts["value"].notna()
    fail_rows(facts, has_value & ~facts["qualifier"].isin(QUALIFIERS), file, "unknown qualifier")
    fail_rows(facts, ~has_value & (facts["unit"] != "project"), file, "no value")
    seed = facts["origin"] == "seed"
    fail_rows(facts, seed & (facts["status"] == "reported"), file, "seed row with status reported")
    fail_rows(facts, ~seed & (facts["status"] != "reported"), file, "independent row not reported")
    linked = facts["relation"] != ""
    fail_rows(facts, linked & ~facts["relation"].isin(RELATIONS), file, "unknown relation")
    fail_rows(facts, linked & ~facts["seed_id"].isin(facts.loc[seed, "id"]), file, "bad seed_id")
    corrected = set(facts.loc[facts["relation"] == "corrects", "seed_id"])
    lacking = seed & (facts["status"] == "corrected") & ~facts["id"].isin(corrected)
    fail_rows(facts, lacking, file, "corrected seed row with no correcting row")


@cache
def _load_facts_cached() -> pd.DataFrame:
    sources = load_sources()
    facts = read_table("facts.csv", FACT_COLUMNS, strip=False)
    facts["value"] = pd.to_numeric(facts["value"].replace("", None), errors="coerce")
    _validate_facts(facts, sources)
    for column in ("period_start", "period_end"):
        facts[column] = pd.to_datetime(facts[column].replace("", None), errors="raise")
    src = sources.loc[facts["source_id"]]
    facts["source"] = [source_text(sid) for sid in facts["source_id"]]
    facts["source_url"] = src["url"].to_numpy()
    facts["source_date"] = src["published"].to_numpy()
    facts["confidence"] = src["confidence"].to_numpy()
    facts["corrects"] = facts["seed_id"].where(facts["relation"] == "corrects", "")
    facts["geography"] = facts["geography"].replace("", "Kazakhstan")
    return facts.set_index("id", drop=False).rename_axis(None)


def load_facts() -> pd.DataFrame:
    """All documented figures, one row each, with their provenance (public API).

    Columns include ``id, value, unit, period, geography, topic, origin, status, source,
    source_url, note`` and ``corrects`` (the seed row an independent row corrects). Values are
    numbers as shown (``50`` with unit ``%`` for "more than 50%", see ``qualifier``).
    Returns a fresh copy, so callers may modify it.
    """
    return _load_facts_cached().copy()


def fact(fact_id: str) -> pd.Series:
    """One figure's row; raises ``KeyError`` for an unknown id."""
    return _load_facts_cached().loc[fact_id]


def value(fact_id: str) -> float:
    """One figure's value."""
    return float(_load_facts_cached().at[fact_id, "value"])


def verification(seed_id: str) -> pd.DataFrame:
    """The independent rows that confirm, correct, contradict or give context to a seed figure."""
    facts = _load_facts_cached()
    return facts[facts["seed_id"] == seed_id].copy()


def series(name: str) -> pd.DataFrame:
    """The rows of one series (a trend or a breakdown), in period order."""
    facts = _load_facts_cached()
    rows = facts[facts["series"] == name]
    return rows.sort_values(["period_start", "origin"], kind="stable").copy()


# --- Checks that the figures hold together ------------------------------------------------------


@dataclass(frozen=True)
class Check:
    """One arithmetic check over the figures, with its formula so a reader can redo it."""

    id: str
    formula: str
    left: float
    right: float
    relation: str  # "=", "<=", "≈"
    passed: bool


def _sum(ids: tuple[str, ...]) -> float:
    return float(sum(value(i) for i in ids))


def _check(check_id: str, ids: tuple[str, ...], relation: str, total_id: str, tol: float = 0.0):
    left, right = _sum(ids), value(total_id)
    passed = {
        "=": left == right,
        "<=": left <= right,
        "≈": abs(left - right) <= tol * right,
    }[relation]
    formula = " + ".join(f"{value(i):g}" for i in ids) + f" {relation} {right:g}"
    return Check(check_id, formula, left, right, relation, passed)


SEED_PARTS = (
    "pmpc", "correction_cabinets", "special_schools", "special_kindergartens", "rehab_centres",
    "autism_centres",
)  # fmt: skip
PARTS_2025_06 = tuple(f"{i}_2025_06" for i in SEED_PARTS)

_CHECKS: tuple[Callable[[], Check], ...] = (
    lambda: _check("institutions_seed_sum", SEED_PARTS, "=", "special_institutions_total"),
    lambda: _check("institutions_2025_06_sum", PARTS_2025_06, "=", "special_institutions_2025_06"),
    lambda: _check(
        "teen_crimes_gravity_within_total",
        ("teen_crimes_serious", "teen_crimes_especially_serious"),
        "<=",
        "teen_crimes_jan_apr_2025",
    ),
    lambda: _check(
        "jan_may_gravity_within_total",
        (
            "offences_vs_minors_jan_may_medium",
            "offences_vs_minors_jan_may_grave",
            "offences_vs_minors_jan_may_especially_grave",
        ),
        "<=",
        "offences_vs_minors_jan_may",
    ),
    lambda: _check(
        "offences_vs_minors_2025_kinds",
        ("offences_vs_minors_2025_10m_misdemeanours", "offences_vs_minors_2025_10m_crimes"),
        "≈",
        "offences_vs_minors_2025_10m",
        tol=0.05,
    ),
    lambda: _check(
        "liable_2023_regions_within_total",
        (
            "minors_liable_2023_7m_almaty",
            "minors_liable_2023_7m_astana",
            "minors_liable_2023_7m_turkestan",
            "minors_liable_2023_7m_shymkent",
        ),
        "<=",
        "minors_liable_2023_7m",
    ),
)


def run_checks() -> list[Check]:
    """Run every "parts add up" check of FIGURES.md; a failed check is returned, never hidden."""
    return [make() for make in _CHECKS]


# --- Derived figures ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Derived:
    """A figure computed from documented ones, with the formula and the rows it rests on."""

    id: str
    value: float
    unit: str
    formula: str
    inputs: tuple[str, ...]


def derived_figures() -> dict[str, Derived]:
    """Figures implied by arithmetic on the documented ones (shown with their formula)."""
    total, serious, esp = (
        value("teen_crimes_jan_apr_2025"),
        value("teen_crimes_serious"),
        value("teen_crimes_especially_serious"),
    )
    liable, change = value("minors_prosecuted_2025_9m"), value("minors_prosecuted_2025_9m_change")
    jm_total = value("offences_vs_minors_jan_may")
    jm_parts = sum(
        value(f"offences_vs_minors_jan_may_{k}") for k in ("medium", "grave", "especially_grave")
    )
    reg24, reg25 = value("registered_offences_2024"), value("registered_offences_2025")
    items = [
        Derived(
            "teen_crimes_minor_medium",
            total - serious - esp,
            "crimes",
            f"{total:g} − {serious:g} − {esp:g}",
            ("teen_crimes_jan_apr_2025", "teen_crimes_serious", "teen_crimes_especially_serious"),
        ),
        Derived(
            "minors_prosecuted_2024_9m",
            round(liable / (1 + change / 100)),
            "persons",
            f"{liable:g} ÷ (1 + {change:g}%)",
            ("minors_prosecuted_2025_9m", "minors_prosecuted_2025_9m_change"),
        ),
        Derived(
            "minors_prosecuted_2025_per_month",
            round(liable / 9),
            "persons",
            f"{liable:g} ÷ 9",
            ("minors_prosecuted_2025_9m",),
        ),
        Derived(
            "offences_vs_minors_jan_may_minor",
            jm_total - jm_parts,
            "offences",
            f"{jm_total:g} − {jm_parts:g}",
            ("offences_vs_minors_jan_may",),
        ),
        Derived(
            "registered_offences_change_check",
            round((reg25 / reg24 - 1) * 100, 1),
            "% change",
            f"({reg25:g} ÷ {reg24:g} − 1) × 100",
            ("registered_offences_2024", "registered_offences_2025"),
        ),
    ]
    return {d.id: d for d in items}


# --- Text for the UI ---------------------------------------------------------------------------


def label(row: pd.Series, lang: str = "en") -> str:
    """A figure's label in ``lang``; the CSV holds the English text."""
    return localized(f"fact.{row['id']}.label", lang, row["label"])


def note(row: pd.Series, lang: str = "en") -> str:
    """A figure's caveat in ``lang`` (empty when it has none)."""
    return localized(f"fact.{row['id']}.note", lang, row["note"])


def is_small_count(row: pd.Series, small_count: int = MIN_COUNT) -> bool:
    """Whether a figure counts fewer than ``small_count`` people or events (and so is suppressed)."""
    v = row["value"]
    return str(row["unit"]) in COUNT_UNITS and not pd.isna(v) and 0 < float(v) < small_count


@cache
def _plural_form(lang: str, number: int) -> str:
    return Locale.parse(BABEL_LOCALES.get(lang, "en_US")).plural_form(number)


def unit_word(unit: str, number: float, lang: str = "en") -> str:
    """The unit in the grammatical number ``number`` needs ("1 crime", "771 преступление",
    "1 703 преступления"), from ``unit_forms.<unit>.<one|few|many|other>``; else ``unit.<unit>``."""
    form = _plural_form(lang, int(number)) if float(number).is_integer() else "other"
    for key in (f"unit_forms.{unit}.{form}", f"unit_forms.{unit}.other"):
        if has(key, lang):
            return t(key, lang)
    return t(f"unit.{unit}", lang)


def period(row: pd.Series, lang: str = "en") -> str:
    """A figure's period as written in ``lang`` ("Jan–Apr 2025" → "январь–апрель 2025")."""
    return localized(f"period.{row['period']}", lang, row["period"])


SHORT_QUALIFIER = {"more_than": ">", "less_than": "<", "about": "≈", "nearly": "≈", "almost": "≈"}


def format_short(row: pd.Series, lang: str = "en", *, small_count: int = MIN_COUNT) -> str:
    """A compact label for charts: ``>2,000``, ``≈1,261``, ``6.7%`` (no unit words)."""
    if pd.isna(row["value"]):
        return ""
    if is_small_count(row, small_count):
        return f"<{small_count}"
    v = float(row["value"])
    decimals = 0 if v == int(v) else 1
    if str(row["unit"]) in PERCENT_UNITS:
        number = fmt_percent(v, lang, decimals=decimals)
    else:
        number = fmt_number(v, lang, decimals=decimals)
    return SHORT_QUALIFIER.get(str(row["qualifier"]), "") + number


def format_value(row: pd.Series, lang: str = "en", *, small_count: int = MIN_COUNT) -> str:
    """A figure as shown on screen: qualifier, number and unit, e.g. "more than 50%".

    Counts of people or events under ``small_count`` are shown as "<10" (the small-count rule
    applies even to published figures, so no view ever shows one).
    """
    if pd.isna(row["value"]):
        return t("facts.no_figure", lang)
    v = float(row["value"])
    unit = str(row["unit"])
    if is_small_count(row, small_count):
        return t("facts.suppressed", lang, n=small_count)
    if unit in PERCENT_UNITS:
        decimals = 0 if v == int(v) else 1
        sign = "+" if unit == "% change" and v > 0 else ""
        number = sign + fmt_percent(v, lang, decimals=decimals)
    qualifier = str(row["qualifier"])
    if unit not in PERCENT_UNITS:
        number = fmt_number(v, lang, decimals=0 if v == int(v) else 1)
        number = f"{number} {_unit_after(qualifier, unit, v, lang)}"
    if qualifier and qualifier != "exact":
        if lang == "kk" and qualifier in KK_CASE:
            number = kk_case(number, KK_CASE[qualifier])
        return t(f"qualifier.{qualifier}", lang, value=number)
    return number


#: The Kazakh case a qualifier's word governs: «2 000 адамнан астам», «80 %-ға жуық».
KK_CASE = {"more_than": "abl", "less_than": "abl", "nearly": "dat", "almost": "dat"}


def _unit_after(qualifier: str, unit: str, number: float, lang: str) -> str:
    """The unit word after the number; Russian «более / менее» take the genitive
    («более 21 преступления», not «более 21 преступление»): the genitive singular is the
    ``other`` form (as after a fraction), the genitive plural the ``many`` form."""
    if lang == "ru" and qualifier in ("more_than", "less_than"):
        one = float(number).is_integer() and _plural_form(lang, int(number)) == "one"
        for key in (f"unit_forms.{unit}.{'other' if one else 'many'}", f"unit_forms.{unit}.other"):
            if has(key, lang):
                return t(key, lang)
    return unit_word(unit, number, lang)
