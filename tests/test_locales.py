"""Every user-facing string exists in Kazakh, Russian and English, and no string is left over.

Like datasette's test_docs: the test fails when a key is missing in one language, when a
template's {placeholders} differ between languages, when a figure, region, period or factor
has no translation, or when a key is no longer used by the code.
"""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from riskexplorer import cohort, i18n
from riskexplorer import facts as F

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [
    ROOT / "app.py",
    *(ROOT / "app_pages").glob("*.py"),
    *(ROOT / "src/riskexplorer").glob("*.py"),
]
# Tables whose keys come from the data files (English lives in the CSVs).
DATA_TABLES = (
    "fact.", "region.", "period.", "factor.", "source.", "source_note.", "confidence.", "action.",
)  # fmt: skip
OTHER = ("kk", "ru")


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def code_strings() -> tuple[set[str], set[str]]:
    """Every string literal in the code, and every constant prefix of an f-string."""
    literals: set[str] = set()
    prefixes: set[str] = set()
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                literals.add(node.value)
            elif isinstance(node, ast.JoinedStr) and node.values:
                first = node.values[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    prefixes.add(first.value)
    return literals, prefixes


def is_used(key: str, literals: set[str], prefixes: set[str]) -> bool:
    if key in literals or key.startswith(DATA_TABLES):
        return True
    if key.startswith("errors.") and key.removeprefix("errors.") in literals:
        return True
    # A constant prefix joined with a value: f"status.{s}" or "relation." + kind.
    stems = prefixes | {s for s in literals if s.endswith(".")}
    return any(p and key.startswith(p) and "." in p for p in stems)


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
    literals, prefixes = code_strings()
    unused = [k for k in i18n.catalog("en") if not is_used(k, literals, prefixes)]
    assert unused == []


@pytest.mark.parametrize("lang", OTHER)
def test_every_figure_region_period_and_factor_is_translated(lang):
    facts = F.load_facts()
    wanted = [f"fact.{i}.label" for i in facts["id"]]
    wanted += [f"fact.{i}.note" for i, note in zip(facts["id"], facts["note"]) if note]
    wanted += [f"region.{g}" for g in facts["geography"].unique()]
    wanted += [f"period.{p}" for p in facts["period"].unique() if re.search(r"[A-Za-z]", p)]
    wanted += [f"factor.{f}" for f in cohort.load_factors()["id"]]
    missing = [k for k in wanted if not i18n.has(k, lang)]
    assert missing == []


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_every_template_formats(lang):
    for template in i18n.catalog(lang).values():
        names = fields(template)
        template.format(**{n: "x" for n in names})
