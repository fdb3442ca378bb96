"""The layers stay apart: only riskexplorer.app imports streamlit, the library never imports the
app or a page, and the presenters in riskexplorer.views never reach into the app."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "riskexplorer"
MODULES = sorted(p for p in SRC.rglob("*.py") if "__pycache__" not in p.parts)


def imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def layer(path: Path) -> str:
    return path.relative_to(SRC).parts[0] if len(path.relative_to(SRC).parts) > 1 else "core"


@pytest.mark.parametrize("path", MODULES, ids=[str(p.relative_to(SRC)) for p in MODULES])
def test_only_the_app_package_imports_streamlit(path):
    uses = {n for n in imported(path) if n == "streamlit" or n.startswith("streamlit.")}
    if layer(path) == "app":
        return
    assert uses == set(), f"{path.relative_to(SRC)} imports {sorted(uses)}"


@pytest.mark.parametrize("path", MODULES, ids=[str(p.relative_to(SRC)) for p in MODULES])
def test_the_library_never_imports_the_app_or_a_page(path):
    if layer(path) == "app":
        return
    bad = {
        n for n in imported(path)
        if n.startswith(("riskexplorer.app", "app_pages")) or n == "app"
    }  # fmt: skip
    # The CLI's `serve` command starts the app; that one lazy import is the exception.
    if path.name == "cli.py":
        bad -= {"riskexplorer.app.serve", "riskexplorer.app.serve.serve"}
    assert bad == set(), f"{path.relative_to(SRC)} imports {sorted(bad)}"


def test_the_boundary_test_sees_the_app_package():
    # Guards the test itself: if the app package moved, the checks above would pass vacuously.
    app = [p for p in MODULES if layer(p) == "app"]
    assert any("streamlit" in imported(p) for p in app)
    assert len(MODULES) > 20
