"""A chart of fixed data made ready to send, once: its Vega-Lite spec, the spec as the browser
gets it (localized, scaled, its datasets Arrow), and the data table behind it.

Streamlit-free, so the start-up's child process can prepare the Scoring page's charts
(:func:`riskexplorer.views.scorecard.warm_fits`) with the very keys the app looks them up by
(``riskexplorer.app.ui.drawn_chart``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Hashable
from dataclasses import dataclass

import pandas as pd
import pyarrow as pa

from riskexplorer import charts
from riskexplorer.i18n import t

__all__ = ["DATA_COLUMNS", "DrawnChart", "arrow_bytes", "chart_table", "draw", "key",
           "with_arrow_datasets"]  # fmt: skip

#: Columns of a chart's data table and CSV, in order, and the translation of their header; the
#: internal columns of a chart (offsets, ends of whiskers) are not part of it.
DATA_COLUMNS: dict[str, str] = {
    "label": "table.figure",
    "figure": "table.figure",
    "group": "chart_tools.group",
    "period": "table.period",
    "value_text": "table.value",
    "value": "table.number",
    "status_text": "table.status",
    "kind": "chart.kind",
    "source": "table.source",
}


def chart_table(data: pd.DataFrame, sources: str, lang: str) -> pd.DataFrame:
    """The data behind a chart as a readable table: translated headers, the figures' own
    columns only, and the chart's sources on every row (OWID's "download the data"). A frame
    with none of :data:`DATA_COLUMNS` (a presenter's own reader's table) keeps its columns."""
    known = [c for c in DATA_COLUMNS if c in data.columns]
    if known:
        frame = data[known].rename(columns={c: t(DATA_COLUMNS[c], lang) for c in known})
        frame = frame.loc[:, ~frame.columns.duplicated()]
    else:
        frame = data.copy()
    plain = re.sub(r"\[([^\]]*)\]\(([^)]*)\)", r"\1 (\2)", sources).replace("**", "")
    return frame.assign(**{t("chart_tools.sources", lang): plain}).reset_index(drop=True)


def arrow_bytes(rows) -> bytes:
    """A chart dataset (a list of row dicts, as Altair writes it) as Arrow IPC bytes — what
    ``st.vega_lite_chart`` sends; pyarrow directly, ~25x cheaper than through pandas."""
    if isinstance(rows, bytes):
        return rows
    if isinstance(rows, list) and all(isinstance(row, dict) for row in rows):
        table = pa.Table.from_pylist(rows)
    else:
        table = pa.Table.from_pandas(pd.DataFrame(rows), preserve_index=False)
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def with_arrow_datasets(spec: dict) -> dict:
    """A shallow copy of ``spec`` whose named datasets are Arrow IPC bytes (it sends bytes as
    they are, instead of converting them on every call)."""
    if not spec.get("datasets"):
        return spec
    datasets = {name: arrow_bytes(rows) for name, rows in spec["datasets"].items()}
    return {**spec, "datasets": datasets}


@dataclass(frozen=True)
class DrawnChart:
    """Everything a chart of fixed data costs to prepare, made once per process (shared by every
    session, never mutated): the Vega-Lite spec (for the summary and the images), the spec as
    sent (localized, scaled, its datasets already Arrow), and its data table (pandas for the
    CSV, Arrow for ``st.dataframe``)."""

    raw: dict
    shown: dict  # st.vega_lite_chart copies it shallowly; its in-place edit (a null colour
    # legend title of a top-level encoding becomes " ") is idempotent, so sharing it is safe
    table: pd.DataFrame
    table_arrow: pa.Table


def key(
    builder: str, data_key: Hashable, options: dict, lang: str, scale: float, sources: str
) -> tuple:
    """What names a drawn chart: the builder, the caller's name for its data (the frame itself
    is not hashed), the options as JSON text, the language, the text scale and the sources."""
    options_key = json.dumps(options, sort_keys=True, ensure_ascii=False, default=repr)
    return (builder, data_key, options_key, lang, scale, sources)


def draw(
    builder: str, data: pd.DataFrame, options: dict, lang: str, scale: float, sources: str,
    table: pd.DataFrame | None = None,
) -> DrawnChart:  # fmt: skip
    """``charts.<builder>(data, **options)`` drawn: see :class:`DrawnChart`."""
    # Not validated against the Vega-Lite schema here (~half of an Altair build, 30-40 ms a
    # chart): the builders are, in tests/test_charts.py, and only the data differs per key.
    raw = getattr(charts, builder)(data, **options).to_dict(validate=False)
    shown = with_arrow_datasets(charts.localized(raw, lang, scale=scale))
    frame = chart_table(table if table is not None else data, sources, lang)
    return DrawnChart(raw, shown, frame, pa.Table.from_pandas(frame, preserve_index=False))
