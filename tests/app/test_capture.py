"""The summary holds what the page shows: every heading, warning, note, caption and table goes
through app/ui.py, which adds it to the briefing. A page that calls st.warning (or st.info,
st.subheader, st.dataframe …) directly would drop it from the summary without anyone noticing;
this test notices."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from riskexplorer.app import ui
from tests.app.conftest import open_page

ROOT = Path(__file__).resolve().parents[2]
#: Streamlit calls that show something the summary must hold, and their ui.* replacement.
CAPTURED = {
    "warning": "ui.warning", "info": "ui.info", "success": "ui.success", "error": "ui.error",
    "subheader": "ui.subheader", "header": "ui.section", "caption": "ui.caption",
    "dataframe": "ui.table",
}  # fmt: skip
#: Pages still calling Streamlit directly, and how often: a ratchet. The number may only go down
#: (the test fails when it changes either way, so a fixed page leaves this list).
NOT_YET: dict[str, int] = {
    # The filterable table of every figure is a browsing tool: the summary carries the figures
    # the page shows as cards and charts, not all of them again.
    "statistics.py": 1,
}
# (The preview of an upload stays on screen only, through ui.screen_table: records of children
# must not travel in a file the summary download writes.)


def bare_calls(path: Path) -> list[str]:
    """``st.warning(…)``-style calls in a file, as "line: st.name"."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "st"
            and node.func.attr in CAPTURED
        ):
            found.append(f"{node.lineno}: st.{node.func.attr} -> {CAPTURED[node.func.attr]}")
    return found


@pytest.mark.parametrize("path", sorted((ROOT / "app_pages").glob("*.py")), ids=lambda p: p.name)
def test_no_page_shows_a_heading_caveat_or_table_the_summary_would_miss(path):
    calls = bare_calls(path)
    assert len(calls) == NOT_YET.get(path.name, 0), calls


def test_the_check_catches_a_bare_warning(tmp_path):
    page = tmp_path / "page.py"
    page.write_text('import streamlit as st\nst.warning("x")\nui.warning("y")\n')
    assert bare_calls(page) == ["2: st.warning -> ui.warning"]


def test_every_replacement_exists():
    for replacement in CAPTURED.values():
        assert callable(getattr(ui, replacement.removeprefix("ui.")))


def test_the_summary_holds_the_pages_warnings_headings_and_tables():
    at = open_page(lang="ru")
    # The download's data is rendered on click from the briefing the page filled.
    html = _summary(at)
    assert "Коротко о главном" in html  # the short answer's sub-heading
    assert "Все арифметические проверки (6) выполняются" in html  # ui.success
    assert "В справке: 492 организации" in html  # a corrected card, with today's 537
    assert "537 организаций" in html
    assert 'lang="ru"' in html


def test_a_warning_goes_into_the_summary(monkeypatch):
    from riskexplorer import facts

    real = facts.run_checks

    def one_fails():
        checks = real()
        checks[0] = type(checks[0])(**{**checks[0].__dict__, "passed": False})
        return checks

    monkeypatch.setattr(facts, "run_checks", one_fails)
    at = open_page()
    text = at.error[0].value
    assert text.startswith("1 of 6 arithmetic checks fail")
    html = _summary(at)
    assert 'class="note note-error"' in html and "1 of 6 arithmetic checks fail" in html


def _summary(at) -> str:
    from riskexplorer import report

    briefing = at.session_state["_briefing"]
    return report.render_html(briefing)
