"""Every error the code can raise has its message in every language, and the message's
placeholders are exactly what the raising code passes — so no user ever reads ``errors.x.y`` or a
raw ``{rows}``. One test for all of src/ (it used to be five partial copies)."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

from riskexplorer import i18n

SRC = Path(__file__).resolve().parents[1] / "src" / "riskexplorer"
ERROR_TYPES = {"InputError", "DataError", "RiskExplorerError"}


def raised() -> list[tuple[str, str, frozenset[str] | None]]:
    """``(where, code, keyword names or None when **params are passed)`` of every error built
    with a literal code anywhere in src/."""
    found = []
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            first = node.args[0]
            if name in ERROR_TYPES and isinstance(first, ast.Constant):
                keywords = None if any(k.arg is None for k in node.keywords) else frozenset(
                    k.arg for k in node.keywords
                )  # fmt: skip
                found.append((f"{path.relative_to(SRC)}:{node.lineno}", first.value, keywords))
    return found


RAISED = raised()


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_the_scan_finds_the_errors_of_every_layer():
    modules = {where.split(":")[0] for where, _, _ in RAISED}
    assert {"tables.py", "scorecard.py", "evidence.py", "cohort.py", "cli.py"} <= modules
    assert len(RAISED) > 60


@pytest.mark.parametrize("where,code,keywords", RAISED, ids=[f"{c}@{w}" for w, c, _ in RAISED])
@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_every_raised_code_has_a_message_with_the_placeholders_passed(where, code, keywords, lang):
    key = f"errors.{code}"
    assert i18n.has(key, lang), f"{key} (raised at {where}) has no {lang} message"
    if keywords is not None:
        missing = fields(i18n.catalog(lang)[key]) - keywords
        assert missing == set(), f"{key} at {where} does not pass {sorted(missing)} ({lang})"
