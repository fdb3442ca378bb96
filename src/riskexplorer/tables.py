"""One set of checks for the data tables in ``data/`` (facts, sources, factors, assumptions, actions).

Every loader reads its CSV with :func:`read_table` and refuses a broken row with
:func:`fail_rows`, so a bad file raises the same :class:`~riskexplorer.errors.DataError`
(``data.unreadable``, ``data.missing_columns`` or ``data.invalid_rows`` naming up to five row ids)
whichever table it is. pandera would do the same, but is not installed and these five checks are
all the tables need.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from riskexplorer.errors import DataError
from riskexplorer.paths import data_dir

SNAKE_CASE = re.compile(r"^[a-z][a-z0-9_]*$")


def read_table(name: str, columns: tuple[str, ...], *, strip: bool = True) -> pd.DataFrame:
    """``data/<name>`` as strings (no NaN: empty cells are ``""``), refusing missing columns.

    With ``strip`` (the default) every cell loses its surrounding whitespace.
    """
    path = data_dir() / name
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (OSError, pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise DataError("data.unreadable", file=name, detail=str(exc)) from exc
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise DataError("data.missing_columns", file=name, columns=", ".join(missing))
    return frame.apply(lambda col: col.str.strip()) if strip else frame


def fail_rows(frame: pd.DataFrame, mask, file: str, problem: str) -> None:
    """Raise ``data.invalid_rows`` naming the first five rows (by first column) where ``mask``."""
    mask = np.asarray(mask, dtype=bool)
    if mask.any():
        ids = ", ".join(frame.loc[mask, frame.columns[0]].astype(str).head(5))
        raise DataError("data.invalid_rows", file=file, problem=problem, rows=ids or "(empty id)")


def to_numbers(
    frame: pd.DataFrame, columns: tuple[str, ...], file: str, *, optional: bool = False
) -> None:
    """Parse ``columns`` to floats in place; a cell that is not a finite number is refused
    (with ``optional``, empty cells become NaN instead)."""
    for column in columns:
        parsed = pd.to_numeric(frame[column], errors="coerce")
        bad = parsed.isna() | ~np.isfinite(parsed)
        if optional:
            bad &= frame[column] != ""
        fail_rows(frame, bad, file, f"{column} is not a number")
        frame[column] = parsed.astype(float)


def ordered(frame: pd.DataFrame, low: str, mid: str, high: str, file: str) -> None:
    """Refuse rows where not ``low ≤ mid ≤ high``."""
    bad = ~((frame[low] <= frame[mid]) & (frame[mid] <= frame[high]))
    fail_rows(frame, bad, file, f"not {low} ≤ {mid} ≤ {high}")


def unique_ids(frame: pd.DataFrame, column: str, file: str) -> None:
    """Refuse ids that are not snake_case or that repeat."""
    fail_rows(frame, ~frame[column].str.fullmatch(SNAKE_CASE.pattern), file,
              f"{column} is not snake_case")  # fmt: skip
    fail_rows(frame, frame[column].duplicated(), file, f"duplicate {column}")


def id_lists(column: pd.Series) -> pd.Series:
    """A ``;``-separated column as lists of ids (empty cells give empty lists)."""
    return column.map(lambda s: [x for x in s.split(";") if x])
