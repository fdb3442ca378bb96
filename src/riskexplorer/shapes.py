"""The shapes of real exports: title rows above the header, totals rows, blank factor cells.

A regional office's table rarely starts at row 1 with clean names: a title ("Сведения о
несовершеннолетних …") and a date stand above the header, an "Итого" row closes each block, and
a factor cell left empty means "no" to some clerks and "not recorded" to others. This module
finds those shapes so the page can *offer* a choice — never fit them silently:

- :func:`find_header_row` — the row holding the column names, when the first rows do not;
- :func:`totals_rows` — rows whose label reads "Итого", "Всего", "Барлығы", "Жиыны", "Total"
  (the words of :data:`riskexplorer.roles.WORDS`);
- :func:`blank_factor_rows` and :func:`fill_blanks` — factor cells left empty: read as "no", or
  the rows left out.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from riskexplorer import roles
from riskexplorer.errors import InputError

__all__ = [
    "BLANKS",
    "MAX_TITLE_ROWS",
    "blank_factor_rows",
    "fill_blanks",
    "find_header_row",
    "totals_rows",
]

#: Title rows looked through above the header.
MAX_TITLE_ROWS = 12
#: What to do with empty factor cells.
BLANKS = ("no", "drop")
#: Errors that a title row in place of the header produces.
_HEADER_ERRORS = {
    "ingest.unnamed_column",
    "ingest.duplicate_columns",
    "ingest.single_column",
    "ingest.single_column_sheet",
    "ingest.ragged_row",
    "ingest.unclosed_quote",
    "ingest.missing_values",
}


def _names_look_like_data(columns: Sequence[object]) -> bool:
    """A header row of numbers or yes/no values is a data row, not names."""
    from riskexplorer.prepare import _yes_no

    looks = 0
    for name in columns:
        text = str(name).strip()
        if _yes_no(text) in (0, 1) or text.replace(",", ".").replace(".", "", 1).isdigit():
            looks += 1
    return looks > len(columns) / 2


def find_header_row(
    data: bytes, filename: str, *, sheet: str | int | None = None
) -> tuple[int | None, InputError | None]:
    """``(row, error)``: the spreadsheet row (from 1) to read the header from — ``None`` when the
    first non-blank row is the header — and, when no row up to :data:`MAX_TITLE_ROWS` gives a
    table, the error of the first reading.

    A row is taken when the table read from it has at least two columns and names that are not
    numbers; title rows above it are what made the first reading fail or give one column.
    """
    from riskexplorer.read import read_table_with_info

    try:
        df, info = read_table_with_info(data, filename, sheet=sheet)
    except InputError as error:
        if error.code not in _HEADER_ERRORS:
            return None, error
        first = error
    else:
        if df.shape[1] >= 2 and not _names_look_like_data(df.columns):
            return None, None
        first = None
    for row in range(2, MAX_TITLE_ROWS + 2):
        try:
            df, _ = read_table_with_info(data, filename, sheet=sheet, header_row=row)
        except InputError as error:
            if error.code == "ingest.header_row_out_of_range":
                break
            continue
        if df.shape[1] >= 2 and len(df) > 0 and not _names_look_like_data(df.columns):
            return row, None
    return None, first


def totals_rows(df: pd.DataFrame) -> np.ndarray:
    """Boolean mask of rows that a text cell labels as a total or subtotal ("Итого",
    "Всего по району", "Барлығы", "Жиыны", "Total")."""
    mask = np.zeros(len(df), dtype=bool)
    for column in df.columns:
        series = df[column]
        if pd.api.types.is_numeric_dtype(series.dtype):
            continue
        codes, uniques = pd.factorize(series, use_na_sentinel=True)
        marks = np.array([roles.is_totals_label(u) for u in uniques] + [False], dtype=bool)
        mask |= marks[codes]
    return mask


def blank_factor_rows(df: pd.DataFrame, factors: Sequence[str]) -> np.ndarray:
    """Boolean mask of rows with at least one empty cell among ``factors``."""
    from riskexplorer.ingest import to_binary

    mask = np.zeros(len(df), dtype=bool)
    for factor in factors:
        if factor in df.columns:
            mask |= to_binary(df[factor])[1]
    return mask


def fill_blanks(df: pd.DataFrame, factors: Sequence[str], how: str) -> pd.DataFrame:
    """``df`` with empty factor cells read as "no" (``how="no"``) or their rows left out
    (``"drop"``); the index is kept, so errors still name the spreadsheet rows.

    Raises
    ------
    InputError
        ``ingest.bad_blanks`` for another ``how``; ``ingest.no_rows_left`` when leaving the rows
        out leaves none.
    """
    if how not in BLANKS:
        raise InputError("ingest.bad_blanks", how=str(how))
    blank = blank_factor_rows(df, factors)
    if not blank.any():
        return df
    if how == "drop":
        out = df.loc[~blank]
        if out.empty:
            raise InputError("ingest.no_rows_left", count=int(blank.sum()))
        return out
    from riskexplorer.ingest import to_binary

    out = df.copy()
    for factor in factors:
        missing = to_binary(df[factor])[1]
        if missing.any():
            out[factor] = df[factor].astype(object).where(~missing, 0)
    return out
