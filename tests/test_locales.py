"""Every user-facing string exists in Kazakh, Russian and English, and no string is left over.

Like datasette's test_docs: the test fails when a key is missing in one language, when a
template's {placeholders} differ between languages, when a figure, region, period or factor
has no translation, or when a key is no longer used by the code.
"""

from __future__ import annotations

import ast
import re
import string
import tomllib
from pathlib import Path

import pytest

from riskexplorer import cohort, i18n
from riskexplorer import facts as F

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [
    ROOT / "app.py",
    *(ROOT / "app_pages").glob("*.py"),
    *(ROOT / "src/riskexplorer").rglob("*.py"),
]
# Tables whose keys come from the data files (English lives in the CSVs).
DATA_TABLES = (
    "fact.", "region.", "period.", "factor.", "factor_caveat.", "source.", "source_note.",
    "confidence.", "action.",
)  # fmt: skip
OTHER = ("kk", "ru")


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


#: Top-level tables that are enumerations of one kind of value (a status, a unit, a topic …), so
#: a key built as f"status.{s}" may stand for any of them. Any other dynamic key must name its
#: own sub-table (f"your_data.role.{role}"), so a page's f-string cannot mark every key of the
#: page as used.
ENUMERATIONS = (
    "status.", "status_meaning.", "unit.", "unit_forms.", "topic.", "origin.", "relation.",
    "qualifier.", "kind.", "check.", "derived.", "errors.",
)  # fmt: skip
PART = "[^.]+"


def _pattern(node: ast.JoinedStr) -> str | None:
    parts = []
    for value in node.values:
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            parts.append(re.escape(value.value))
        else:
            parts.append(PART)
    return "".join(parts)


def code_strings() -> tuple[set[str], list[re.Pattern]]:
    """Every string literal in the code, and a pattern for every key built from parts: an
    f-string (f"status.{s}") or a literal joined with a value ("relation." + kind)."""
    literals: set[str] = set()
    patterns: list[str] = []
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                literals.add(node.value)
            elif isinstance(node, ast.JoinedStr) and node.values:
                patterns.append(_pattern(node))
    patterns += [re.escape(s) + PART for s in literals if re.fullmatch(r"[a-z_.]+\.", s)]
    allowed = []
    for pattern in set(patterns):
        head = pattern.split(PART, 1)[0].replace("\\", "")
        # A pattern must fix at least a table below the page ("your_data.role.") unless its
        # table is an enumeration.
        if head.count(".") >= 2 or head.startswith(ENUMERATIONS):
            allowed.append(re.compile(pattern))
    return literals, allowed


def is_used(key: str, literals: set[str], patterns: list[re.Pattern]) -> bool:
    if key in literals or key.startswith(DATA_TABLES):
        return True
    if key.startswith("errors.") and key.removeprefix("errors.") in literals:
        return True
    return any(p.fullmatch(key) for p in patterns)


@pytest.mark.parametrize("lang", OTHER)
def test_every_english_key_exists_in_every_language(lang):
    missing = sorted(set(i18n.catalog("en")) - set(i18n.catalog(lang)))
    assert missing == []


@pytest.mark.parametrize("lang", OTHER)
def test_no_language_has_keys_english_lacks(lang):
    # Russian grammar needs more plural forms than English ("few", "many"): allowed there only.
    plural = re.compile(r"unit_forms\.[a-z_]+\.(few|many)")
    extra = [
        k
        for k in set(i18n.catalog(lang)) - set(i18n.catalog("en"))
        if not k.startswith(DATA_TABLES) and not plural.fullmatch(k)
    ]
    assert sorted(extra) == []


@pytest.mark.parametrize("lang", OTHER)
def test_placeholders_agree_across_languages(lang):
    english, other = i18n.catalog("en"), i18n.catalog(lang)
    wrong = [k for k in english if k in other and fields(english[k]) != fields(other[k])]
    assert wrong == []


def test_every_key_is_used_by_the_code():
    literals, patterns = code_strings()
    unused = [k for k in i18n.catalog("en") if not is_used(k, literals, patterns)]
    assert unused == []


def test_a_page_wide_f_string_does_not_count_as_using_its_keys():
    # Guards the rule above: f"your_data.{x}" would once mark every your_data key as used.
    literals, patterns = code_strings()
    assert not is_used("your_data.no_such_key_xyz", literals, patterns)
    assert is_used("status.confirmed", literals, patterns)


@pytest.mark.parametrize("lang", OTHER)
def test_every_figure_region_period_and_factor_is_translated(lang):
    facts = F.load_facts()
    wanted = [f"fact.{i}.label" for i in facts["id"]]
    wanted += [f"fact.{i}.note" for i, note in zip(facts["id"], facts["note"]) if note]
    wanted += [f"region.{g}" for g in facts["geography"].unique()]
    wanted += [f"period.{p}" for p in facts["period"].unique() if re.search(r"[A-Za-z]", p)]
    wanted += [f"factor.{f}" for f in cohort.load_factors()["id"]]
    wanted += [f"factor_caveat.{f}" for f in cohort.load_factors()["id"]]
    missing = [k for k in wanted if not i18n.has(k, lang)]
    assert missing == []


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_every_template_formats(lang):
    for template in i18n.catalog(lang).values():
        names = fields(template)
        template.format(**{n: "x" for n in names})


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_every_data_text_key_stands_for_a_row_of_its_file(lang):
    """A translation of a source, a figure or a factor that no data row has any more (a renamed
    id) is dead text no test would otherwise see."""
    sources = set(F.load_sources()["source_id"])
    owners = {
        "source": sources,
        "source_note": sources,
        "fact": set(F.load_facts()["id"]),
        "factor": set(cohort.load_factors()["id"]),
        "factor_caveat": set(cohort.load_factors()["id"]),
    }
    table = tomllib.loads((ROOT / f"data/locales/{lang}.toml").read_text(encoding="utf-8"))
    orphans = {name: sorted(set(table.get(name, {})) - ids) for name, ids in owners.items()}
    assert orphans == {name: [] for name in owners}
