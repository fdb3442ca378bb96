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

import codecs
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
#: Rows under a candidate header read to judge it.
_LOOK_ROWS = 200
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
    "ingest.no_rows",
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


def _head(text: str) -> str:
    """The first lines of ``text`` that the search reads, never cut inside a quoted cell."""
    end, lines = 0, 0
    while lines < MAX_TITLE_ROWS + 2 + _LOOK_ROWS or text.count('"', 0, end) % 2:
        newline = text.find("\n", end)
        if newline < 0 or lines > 10 * _LOOK_ROWS:
            return text
        end, lines = newline + 1, lines + 1
    return text[:end]


def _names_recur(df: pd.DataFrame) -> bool:
    """Names that are values of their own columns below ("Алмалинский" over more
    "Алмалинский"): a data row, not the header."""
    recurring = 0
    for position, name in enumerate(df.columns):
        values = {" ".join(str(v).split()).casefold() for v in df.iloc[:, position].dropna()}
        recurring += str(name).casefold() in values
    return recurring > len(df.columns) / 2


def find_header_row(
    data: bytes, filename: str, *, sheet: str | int | None = None
) -> tuple[int | None, InputError | None]:
    """``(row, error)``: the spreadsheet row (from 1) to read the header from — ``None`` when the
    first non-blank row is the header — and, when no row up to :data:`MAX_TITLE_ROWS` gives a
    table, the error of the first reading.

    Each of the first rows is tried as the header, on the first :data:`_LOOK_ROWS` rows under
    it. A reading counts when it has at least two columns with data, a row of data and names
    that are not numbers or yes/no values (nor, below the first row, values of their own
    columns); the reading with the most columns with data wins, then the one whose rows fill
    two cells or more, the highest row among equals. So title
    rows that read as a narrower table ("Сведения о …, состоящих на учёте" splits in two at its
    comma) do not hide the header below them. A spreadsheet is searched only when its first
    reading fails (a title row in A1 leaves the columns to its right unnamed): reading a sheet
    again costs as much as the first time.
    """
    from riskexplorer.read import _decode, _kind, read_table_with_info

    spreadsheet = False
    try:
        spreadsheet = _kind(data, filename) == "spreadsheet"
        if not spreadsheet and data.strip():
            # Decoded once (finding a code page and checking for binary content takes a
            # while), and only the first rows read, as UTF-8, for each candidate.
            text, _ = _decode(data, filename)
            data = codecs.BOM_UTF8 + _head(text.lstrip("\ufeff")).encode("utf-8")
    except InputError:
        pass  # the first reading below says what is wrong

    def reading(row: int | None) -> tuple[tuple[int, float], InputError | None]:
        """(columns with data, share of rows with two cells or more) read with ``row`` as the
        header (``(0, 0.0)``: no table), and the error."""
        try:
            df, _ = read_table_with_info(
                data, filename, sheet=sheet, header_row=row, max_rows=_LOOK_ROWS
            )
        except InputError as error:
            return (0, 0.0), error
        filled = int(df.notna().any().sum())  # columns that hold data
        if (
            filled >= 2
            and len(df) > 0
            and not _names_look_like_data(df.columns)
            and not (row is not None and _names_recur(df))
        ):
            # Among readings as wide, the one whose rows fill two cells or more.
            full = float((df.notna().sum(axis=1) >= 2).mean())
            return (filled, round(full, 2)), None
        return (0, 0.0), None

    width, first = reading(None)
    if first is not None and first.code not in _HEADER_ERRORS:
        return None, first
    if width[0] and spreadsheet:
        return None, None
    best, best_width = None, width
    for row in range(2, MAX_TITLE_ROWS + 2):
        found, error = reading(row)
        if error is not None and error.code == "ingest.header_row_out_of_range":
            if _past_the_end(error, row):
                break
            continue  # an empty row between the titles and the header
        if found > best_width:
            best, best_width = row, found
    if best_width[0] == 0:
        return None, first
    return best, None


def _past_the_end(error: InputError, row: int) -> bool:
    rows = error.params.get("rows")
    return isinstance(rows, int) and row > rows


def totals_rows(df: pd.DataFrame) -> np.ndarray:
    """Boolean mask of rows that a text cell labels as a total or subtotal ("Итого",
    "Всего по району", "Барлығы", "Жиыны", "Total"): :func:`riskexplorer.roles.totals_mask`."""
    return roles.totals_mask(df)


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
