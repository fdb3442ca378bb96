"""AppTest helpers: run the real app.py, open a page, and read what it shows."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")


def open_page(
    page: str | None = None, *, lang: str = "en", timeout: float = 30, **params: str
) -> AppTest:
    """The app in ``lang``, switched to ``page`` (a path under app_pages/) with the given query
    parameters (as a shared link would carry them), after one full run."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    at.query_params["lang"] = lang
    for name, value in params.items():
        at.query_params[name] = value
    if page:
        at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def markdown_text(at: AppTest) -> str:
    """All markdown, captions, titles and headers on the page, joined."""
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += (
        [x.value for x in at.title] + [x.value for x in at.header] + [x.value for x in at.subheader]
    )
    parts += (
        [x.value for x in at.info] + [x.value for x in at.warning] + [x.value for x in at.success]
    )
    parts += [x.value for x in at.error]
    return "\n".join(parts)


def charts(at: AppTest) -> Iterator[tuple[dict, pd.DataFrame]]:
    """Every Altair chart on the page: its Vega-Lite spec and all its data rows."""
    for element in at.get("vega_lite_chart"):
        proto = element.proto
        spec = json.loads(proto.spec)
        frames = [pa.ipc.open_stream(d.data.data).read_pandas() for d in proto.datasets]
        frames += [pd.DataFrame(rows) for rows in spec.get("datasets", {}).values()]
        yield spec, pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def show_tables(at: AppTest, label: str = "Table") -> AppTest:
    """Open every chart's Table tab and rerun: only a chart's open tab is drawn (ui.show_chart),
    so its data table is on the page only once asked for."""
    for key in [k for k in at.session_state.keys() if str(k).startswith("view_")]:  # noqa: SIM118
        at.session_state[key] = label
    return at.run()


def primed_charts(monkeypatch, made) -> list[str]:
    """Store the charts ``made`` ((key, DrawnChart) pairs, as the start-up's child sends them)
    in a fresh process-wide store, as the warm-up does, and return the list of builders the
    app draws itself from now on (riskexplorer.drawn.draw, recorded)."""
    from riskexplorer import drawn
    from riskexplorer.app import ui

    monkeypatch.setattr(ui, "_DRAWN", {})
    for key, chart in made:
        ui.prime_drawn(key, chart)
    drew, draw = [], drawn.draw
    monkeypatch.setattr(
        drawn, "draw", lambda builder, *a, **k: drew.append(builder) or draw(builder, *a, **k)
    )
    return drew


def chart_title(spec: dict) -> str:
    """A chart's title as one line (a long title wraps onto lines: charts.title_lines)."""
    title = spec.get("title", {})
    text = title.get("text") if isinstance(title, dict) else title
    return " ".join(text) if isinstance(text, list) else str(text)


def chart_titled(at: AppTest, title: str) -> pd.DataFrame:
    """The data of the chart whose title is ``title``."""
    for spec, data in charts(at):
        chart_title = spec.get("title", {})
        text = chart_title.get("text") if isinstance(chart_title, dict) else chart_title
        if isinstance(text, list):  # a long title wraps onto lines (charts.title_lines)
            text = " ".join(text)
        if text == title:
            return data
    titles = [s.get("title") for s, _ in charts(at)]
    raise AssertionError(f"no chart titled {title!r}; charts: {titles}")


@pytest.fixture
def page():
    return open_page


def _slider(at: AppTest, key: str):
    for widget in (*at.slider, *at.select_slider):
        if widget.key == key:
            return widget
    return None


def move(at: AppTest, key: str, value) -> AppTest:
    """Set the slider (or select slider) ``key`` to ``value`` and run, as a move in a browser.

    A page's sliders stand outside the fragments of their results: a move reruns those
    fragments only, and AppTest's tree then holds only what they drew — a browser still shows
    the rest of the page. So when the slider is not in the tree, the page is drawn again first
    (a full run), as the browser has it."""
    widget = _slider(at, key)
    if widget is None:
        at.run()
        widget = _slider(at, key)
    assert widget is not None, f"no slider {key!r} on the page"
    return widget.set_value(value).run()
