"""Read a regional office's anonymised table and turn it into 0/1 model inputs.

The public face of two modules, kept so that ``riskexplorer.ingest.read_table`` and
``riskexplorer.ingest.prepare`` keep working:

- :mod:`riskexplorer.read`: bytes → table (:func:`read_table`, :func:`read_table_with_info`,
  :func:`list_sheets`, :class:`TableInfo`) within the limits of :data:`LIMITS`;
- :mod:`riskexplorer.prepare`: table → model inputs (:func:`prepare`, :func:`prepare_grouped`,
  :func:`to_binary`, :func:`row_numbers`, :func:`suggest_columns`).
"""

from __future__ import annotations

from riskexplorer.prepare import prepare, prepare_grouped, row_numbers, suggest_columns, to_binary
from riskexplorer.read import (
    LIMITS,
    MAX_BYTES,
    SPREADSHEET_EXTENSIONS,
    TEXT_EXTENSIONS,
    Limits,
    TableInfo,
    list_sheets,
    read_table,
    read_table_with_info,
)

__all__ = [
    "LIMITS",
    "MAX_BYTES",
    "SPREADSHEET_EXTENSIONS",
    "TEXT_EXTENSIONS",
    "Limits",
    "TableInfo",
    "list_sheets",
    "prepare",
    "prepare_grouped",
    "read_table",
    "read_table_with_info",
    "row_numbers",
    "suggest_columns",
    "to_binary",
]
