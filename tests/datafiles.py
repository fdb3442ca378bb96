"""Editing a copy of data/ in a test (the ``data_copy`` fixture of tests/conftest.py): what a
broken data file does to its loader."""

from __future__ import annotations

from pathlib import Path

import pandas as pd


def edit_row(path: Path, row_id: str, column: str, value: str) -> None:
    """Set ``column`` of the row whose first cell is ``row_id`` in the CSV at ``path``."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[frame[frame.columns[0]] == row_id, column] = value
    frame.to_csv(path, index=False)
