"""Turn a table read by :mod:`riskexplorer.read` into the 0/1 inputs of the scorecard.

:func:`prepare` (record-level rows) and :func:`prepare_grouped` (one row per factor pattern
with case and total counts) check the chosen columns and return 0/1 arrays; :func:`to_binary`
maps the yes/no spellings offices use; :func:`suggest_columns` guesses the page's defaults.

Every problem is an :class:`~riskexplorer.errors.InputError` whose code lives under
``errors.ingest`` in the locale files and names the column, a few spreadsheet row numbers
(header = row 1) and the fix.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from riskexplorer.errors import InputError
from riskexplorer.read import ATTRS_KEY, _short

__all__ = ["prepare", "prepare_grouped", "row_numbers", "suggest_columns", "to_binary"]

_SPACES = "[ \u00a0\u202f]"


# --------------------------------------------------------------------------------------------
# yes/no values

# fmt: off
_YES = {
    "1", "true", "yes", "y", "да", "д", "истина", "иә", "ия", "ақиқат",
    "иа",  # иә typed on a Russian keyboard
    "и?",  # иә saved in Windows-1251, which has no ә
    "+", "x", "х", "✓", "✔", "☑", "v",  # a mark in a form's box ("х" is the Cyrillic letter)
}
_NO = {
    "0", "false", "no", "n", "нет", "н", "ложь", "жоқ", "жалған",
    "жок",  # жоқ typed on a Russian keyboard
    "жо?",  # жоқ saved in Windows-1251, which has no қ
    "-", "−", "–",  # hyphen, minus sign, en dash: the "no" beside a "+" (not "—": "no data")
}
# fmt: on
_MISSING = object()
_BAD = object()


def _yes_no(value: Any) -> Any:
    """1, 0, ``_MISSING`` or ``_BAD`` for one cell."""
    if value is None or value is pd.NA or value is pd.NaT:
        return _MISSING
    if isinstance(value, bool | np.bool_):
        return int(value)
    if isinstance(value, int | float | np.integer | np.floating):
        if math.isnan(value):
            return _MISSING
        return int(value) if value in (0, 1) else _BAD
    if isinstance(value, str):
        token = " ".join(unicodedata.normalize("NFKC", value).split()).casefold()
        if not token:
            return _MISSING
        if token in _YES:
            return 1
        if token in _NO:
            return 0
        try:
            number = float(token.replace(",", "."))
        except ValueError:
            return _BAD
        return int(number) if number in (0, 1) else _BAD
    return _BAD


def to_binary(series: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(0/1 values as uint8, missing mask, not-yes/no mask) for one column.

    Accepted, in any case and with stray spaces: 1/0, 1.0/0.0, true/false, yes/no, y/n,
    да/нет, д/н, истина/ложь (Russian Excel), иә/жоқ, ия/жоқ, ақиқат/жалған (Kazakh Excel),
    жок/иа/жо?/и? (Kazakh typed without Kazakh letters or saved in Windows-1251), +/− (with a
    hyphen or a dash as the minus) and a mark (x, х, ✓, v) whose empty cells are blanks.
    """
    values = np.zeros(len(series), dtype=np.uint8)
    if pd.api.types.is_bool_dtype(series.dtype) and not series.hasnans:
        return series.to_numpy(dtype=np.uint8), np.zeros(len(series), bool), values.astype(bool)
    missing = series.isna().to_numpy()
    bad = np.zeros(len(series), dtype=bool)
    if pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(series.dtype):
        numbers = series.to_numpy(dtype=float, na_value=np.nan)
        bad = ~missing & ~np.isin(numbers, (0.0, 1.0))
        values[~missing & ~bad] = numbers[~missing & ~bad].astype(np.uint8)
        return values, missing, bad
    codes, uniques = pd.factorize(series, use_na_sentinel=True)  # one lookup per distinct value
    meaning = [_yes_no(u) for u in uniques]
    table = np.array([2 if m is _MISSING else 3 if m is _BAD else m for m in meaning] + [2])
    decoded = table[codes]  # the sentinel -1 picks the trailing 2: missing
    missing = decoded == 2
    bad = decoded == 3
    values = np.where(missing | bad, 0, decoded).astype(np.uint8)
    return values, missing, bad


# --------------------------------------------------------------------------------------------
# prepare


def prepare(
    df: pd.DataFrame,
    outcome: str,
    factors: Sequence[str],
    weight: str | None = None,
    *,
    blanks: str | None = None,
    weight_kind: str | None = None,
) -> tuple[pd.DataFrame, np.ndarray, np.ndarray | None]:
    """Check record-level columns and return ``(X, y, w)`` for the scorecard.

    ``blanks`` handles empty factor cells: ``None`` refuses them (naming the rows), ``"no"``
    reads them as "no", ``"drop"`` leaves those rows out (:func:`riskexplorer.shapes.fill_blanks`).
    ``weight_kind="frequency"`` refuses a weight that is not a whole number here, naming its
    spreadsheet row (the scorecard, which sees only positions, would name its position).

    Parameters
    ----------
    df
        One row per record (e.g. per child or per case file), as read by :func:`read_table`.
    outcome
        A yes/no column: did the outcome happen for this record.
    factors
        Yes/no columns to score (see :func:`to_binary` for the accepted spellings).
    weight
        Optional column of non-negative weights (how many records a row stands for, or a survey
        weight; fractions are allowed, negative or non-numeric values are not).

    Returns
    -------
    X : pandas.DataFrame
        ``uint8`` 0/1 columns named as the factors, indexed like ``df``.
    y : numpy.ndarray
        ``uint8`` 0/1 outcome.
    w : numpy.ndarray or None
        ``float64`` weights, or ``None`` without a weight column.

    Raises
    ------
    InputError
        With the column, a few spreadsheet row numbers (header = row 1) and the fix.
    """
    if _unchosen(outcome):
        raise InputError("ingest.no_outcome")
    factors = _factor_list(factors)
    weight = None if _unchosen(weight) else weight
    _check_roles(df, [outcome, *factors] + ([weight] if weight is not None else []))
    if blanks is not None:
        from riskexplorer.shapes import fill_blanks  # shapes reads tables: imported late

        df = fill_blanks(df, factors, blanks)
    if len(df) == 0:
        raise InputError("ingest.no_rows", filename="", columns=df.shape[1])
    y = _binary_or_raise(df, outcome)
    X = pd.DataFrame({f: _binary_or_raise(df, f) for f in factors}, index=df.index)
    w = _numbers_or_raise(df, weight, whole=False) if weight is not None else None
    if w is not None and not (w > 0).any():
        raise InputError("ingest.zero_weights", column=weight)
    if w is not None and weight_kind == "frequency":
        fractional = w != np.floor(w)
        if fractional.any():
            raise InputError(
                "scorecard.fractional_frequency_weight",
                row=row_numbers(df, fractional)[0],
                value=f"{w[fractional][0]:g}",
            )
    happened = float(np.sum(y * (w if w is not None else 1)))
    possible = float(np.sum(w)) if w is not None else float(len(y))
    _check_outcome(outcome, happened, possible)
    return X, y, w


def prepare_grouped(
    df: pd.DataFrame, factors: Sequence[str], cases: str, total: str, *, blanks: str | None = None
) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """Check an aggregated table and return ``(patterns, cases, totals)``.

    Each row of ``df`` is a combination of yes/no factors with the number of records that had
    the outcome (``cases``) out of all records with that combination (``total``). Rows with the
    same combination are added together. Patterns whose total is 0 are kept: they carry no
    weight in a fit but show the user that the combination was counted.

    Returns
    -------
    patterns : pandas.DataFrame
        ``uint8`` 0/1 columns named as the factors, one row per distinct combination.
    cases, totals : numpy.ndarray
        ``int64`` counts for each pattern.
    """
    if _unchosen(cases) or _unchosen(total):
        raise InputError("ingest.no_counts")
    factors = _factor_list(factors)
    _check_roles(df, [*factors, cases, total])
    if blanks is not None:
        from riskexplorer.shapes import fill_blanks  # shapes reads tables: imported late

        df = fill_blanks(df, factors, blanks)
    if len(df) == 0:
        raise InputError("ingest.no_rows", filename="", columns=df.shape[1])
    X = pd.DataFrame({f: _binary_or_raise(df, f) for f in factors}, index=df.index)
    n_cases = _numbers_or_raise(df, cases, whole=True).astype(np.int64)
    n_total = _numbers_or_raise(df, total, whole=True).astype(np.int64)
    above = n_cases > n_total
    if above.any():
        raise InputError(
            "ingest.cases_above_total",
            cases=cases,
            total=total,
            rows=_rows_text(df, above),
            count=int(above.sum()),
        )
    _check_outcome(cases, float(n_cases.sum()), float(n_total.sum()))
    grouped = (
        X.assign(__cases=n_cases, __total=n_total)
        .groupby(factors, sort=True, as_index=False)[["__cases", "__total"]]
        .sum()
    )
    patterns = grouped[factors].astype(np.uint8).reset_index(drop=True)
    return (
        patterns,
        grouped["__cases"].to_numpy(np.int64),
        grouped["__total"].to_numpy(np.int64),
    )


def _factor_list(factors: Sequence[str] | str | None) -> list[str]:
    listed = [factors] if isinstance(factors, str) else list(factors or [])
    listed = [f for f in listed if not _unchosen(f)]
    if not listed:
        raise InputError("ingest.no_factors")
    return listed


def _unchosen(column: Any) -> bool:
    return column is None or (isinstance(column, str) and not column.strip())


def _check_roles(df: pd.DataFrame, columns: list[Any]) -> None:
    repeated = [c for c, n in Counter(columns).items() if n > 1]
    if repeated:
        raise InputError("ingest.column_reused", column=_short(repeated[0]))
    for column in columns:
        if column not in df.columns:
            available = ", ".join(f'"{_short(c, 40)}"' for c in list(df.columns)[:12])
            if df.shape[1] > 12:
                available += ", …"
            raise InputError("ingest.column_not_found", column=_short(column), available=available)


def _check_outcome(column: str, happened: float, possible: float) -> None:
    if happened <= 0:
        raise InputError("ingest.outcome_never", column=column)
    if happened >= possible:
        raise InputError("ingest.outcome_always", column=column)


def _refuse_rows(
    code: str, df: pd.DataFrame, column: str, mask: np.ndarray, *, values: bool = True
) -> None:
    """Raise ``InputError(code)`` naming the column, the first offending rows as the spreadsheet
    numbers them, how many there are and (unless ``values=False``) a few of their values."""
    if not mask.any():
        return
    params: dict[str, Any] = {
        "column": column,
        "rows": _rows_text(df, mask),
        "count": int(mask.sum()),
    }
    if values:
        params["values"] = _values_text(df[column][mask])
    raise InputError(code, **params)


def _binary_or_raise(df: pd.DataFrame, column: str) -> np.ndarray:
    series = df[column]
    values, missing, bad = to_binary(series)
    _refuse_rows("ingest.missing_values", df, column, missing, values=False)
    _refuse_rows("ingest.not_yes_no", df, column, bad)
    return values


def _numbers_or_raise(df: pd.DataFrame, column: str, *, whole: bool) -> np.ndarray:
    """Non-negative finite numbers (whole ones for counts) from a column, or an InputError."""
    series = df[column]
    missing = series.isna().to_numpy()
    if pd.api.types.is_bool_dtype(series.dtype):
        numbers = np.full(len(series), np.nan)
    elif pd.api.types.is_numeric_dtype(series.dtype):
        numbers = series.to_numpy(dtype=float, na_value=np.nan)
    else:
        numbers = pd.to_numeric(series.map(_number_text).astype(object), errors="coerce").to_numpy(
            dtype=float, na_value=np.nan
        )
        blank = series.map(lambda v: isinstance(v, str) and not v.strip()).to_numpy(dtype=bool)
        missing = missing | blank
    _refuse_rows("ingest.missing_values", df, column, missing, values=False)
    bad = ~np.isfinite(numbers)
    _refuse_rows("ingest.not_a_number", df, column, bad)
    negative = numbers < 0
    _refuse_rows("ingest.negative_number", df, column, negative)
    if whole:
        fractional = numbers != np.floor(numbers)
        _refuse_rows("ingest.fractional_count", df, column, fractional)
    return numbers


def _number_text(value: Any) -> Any:
    """``"1 234,5"`` → ``"1234.5"``; other values unchanged (``"<10"`` stays and fails)."""
    if isinstance(value, str):
        text = re.sub(_SPACES, "", value.strip())
        if re.fullmatch(r"[-+]?\d+,\d+", text):
            text = text.replace(",", ".")
        return text
    if isinstance(value, bool | np.bool_):
        return None
    return value


def row_numbers(df: pd.DataFrame, mask: Iterable[bool]) -> list[int]:
    """Spreadsheet row numbers (header = row 1) of the rows where ``mask`` is true.

    Uses the index labels when they are integers (so a filtered table still points at the
    right rows) plus ``df.attrs["riskexplorer"]["first_row"]`` (2 unless blank rows preceded
    the header); positions otherwise.
    """
    positions = np.flatnonzero(np.asarray(list(mask) if not isinstance(mask, np.ndarray) else mask))
    first_row = int(df.attrs.get(ATTRS_KEY, {}).get("first_row", 2))
    if pd.api.types.is_integer_dtype(df.index.dtype):
        return [int(df.index[p]) + first_row for p in positions]
    return [int(p) + first_row for p in positions]


def _rows_text(df: pd.DataFrame, mask: np.ndarray, limit: int = 5) -> str:
    rows = row_numbers(df, np.asarray(mask)[: len(df)])
    text = ", ".join(str(r) for r in rows[:limit])
    return text + (", …" if len(rows) > limit else "")


def _values_text(values: pd.Series, limit: int = 3) -> str:
    distinct: list[str] = []
    for value in values:
        text = _short(value.strip() if isinstance(value, str) else value, 30)
        if text not in distinct:
            distinct.append(text)
        if len(distinct) == limit:
            break
    return ", ".join(f'"{v}"' for v in distinct)


# --------------------------------------------------------------------------------------------
# suggestions for the page's defaults

# fmt: off
_OUTCOME_WORDS = (
    "outcome", "offen", "crime", "victim", "исход", "правонаруш", "преступ", "жертв",
    "потерпев", "құқық бұз", "қылмыс", "зардап",
)
# fmt: on
_CASES_WORDS = ("case", "count", "случа", "число", "количество", "жағдай", "саны")
_TOTAL_WORDS = ("total", "population", "всего", "итого", "насел", "численност", "барлығы", "халық")
_WEIGHT_WORDS = ("weight", "вес", "салмақ")


def suggest_columns(df: pd.DataFrame) -> dict[str, Any]:
    """Guess defaults for the page: yes/no columns, count columns, and likely roles.

    A thin wrapper of :func:`riskexplorer.roles.guess` (the one word list). Returns a dict with
    ``"binary"``, ``"counts"``, and ``"outcome"``, ``"weight"``, ``"cases"``, ``"total"`` — a
    column whose name suggests the role as a whole word, or ``None`` (no blind guesses).
    """
    from riskexplorer import roles

    found = roles.guess(df)
    return {
        "binary": list(found.binary),
        "counts": list(found.counts),
        "outcome": found.outcome,
        "weight": found.weight,
        "cases": found.cases,
        "total": found.total,
    }
