"""Protect children in small numbers, and protect spreadsheet users from formula injection.

Small-number rule
-----------------
A count from 1 to ``MIN_COUNT - 1`` (1–9) is never shown: in a district or a school, "3 girls
aged 14" can be enough to recognise a child. Such cells become missing values and are marked
so the page shows ``<10`` (``t("privacy.suppressed")``) instead of a blank.

*Derived values* are blanked too: in any row where a count was suppressed, the columns derived
from it (a rate, a share, a percentage — anything from which the count could be worked back
given the other cells) are set to missing and marked ``…`` (``t("privacy.hidden")``). By default
every other numeric column of that row counts as derived, which is the safe choice; pass
``derived=[...]`` to name them exactly (a population total is not derived from a count and can
stay).

Zero is not suppressed. "0 cases" names nobody, and hiding zeros would hide the good news a
prevention office needs to see (a district where nothing happened). The risk a zero does carry
is *group* disclosure: if a group has 0 children *without* an attribute, every child in it has
the attribute. That risk is in the complement cell, which is then equal to the group's size and
is itself suppressed when it is 1–9; for groups of 10 or more the rule here does not protect
against it, and neither does it do *secondary* suppression (a suppressed cell recovered as a
published total minus the shown cells). Tables that publish row or column totals beside counts
need that check by the page that builds them.

Formula injection
-----------------
Excel and LibreOffice run a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and, after a tab
or carriage return, the same) as a formula. :func:`sanitize_cell` prefixes such *text* with a
single quote; numbers, including negative ones, stay numbers.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterable, Sequence
from numbers import Real
from typing import Any

import numpy as np
import pandas as pd

from riskexplorer.i18n import fmt_number, t

__all__ = [
    "MIN_COUNT",
    "SUPPRESSED_ATTR",
    "for_display",
    "format_count",
    "is_small",
    "sanitize_cell",
    "suppress_small",
    "suppressed_mask",
    "to_safe_csv",
]

MIN_COUNT = 10
SUPPRESSED_ATTR = "riskexplorer.suppressed"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def is_small(n: Any, min_count: int = MIN_COUNT) -> bool:
    """Whether ``n`` is a count that must not be shown: more than 0 and less than ``min_count``."""
    if n is None or isinstance(n, bool | np.bool_) or n is pd.NA:
        return False
    if not isinstance(n, Real | np.number):
        return False
    value = float(n)
    return not math.isnan(value) and 0 < value < min_count


def suppress_small(
    df: pd.DataFrame,
    columns: Iterable[str],
    min_count: int = MIN_COUNT,
    *,
    derived: Sequence[str] | None = None,
) -> pd.DataFrame:
    """A copy of ``df`` with counts of 1 to ``min_count - 1`` (and values derived from them) hidden.

    Parameters
    ----------
    df
        The table to publish.
    columns
        The count columns. Cells from 1 to ``min_count - 1`` become missing.
    min_count
        The smallest count that may be shown (10).
    derived
        Columns computed from the counts (rates, shares). In a row where any count was hidden,
        these become missing too. ``None`` (the default) treats every other numeric column as
        derived; ``[]`` hides nothing else.

    Returns
    -------
    pandas.DataFrame
        Integer count columns become nullable ``Int64``. ``out.attrs[SUPPRESSED_ATTR]`` is
        ``{"counts": {column: [index labels]}, "derived": {column: [index labels]}}``;
        :func:`for_display` and :func:`to_safe_csv` use it to show ``<10`` and ``…``.

    Examples
    --------
    >>> out = suppress_small(pd.DataFrame({"n": [3, 12], "rate": [0.5, 2.0]}), ["n"])
    >>> for_display(out, "en")["n"].tolist(), for_display(out, "en")["rate"].tolist()
    (['<10', 12], ['…', 2.0])
    """
    columns = list(columns)
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise KeyError(f"suppress_small: no column {missing[0]!r}")
    out = df.copy()
    row_hidden = np.zeros(len(df), dtype=bool)
    counts: dict[str, list[Any]] = {}
    for column in columns:
        numbers = pd.to_numeric(df[column], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        small = (numbers > 0) & (numbers < min_count)
        if small.any():
            counts[column] = df.index[small].tolist()
            row_hidden |= small
            out[column] = _masked(df[column], small)
    if derived is None:
        derived = [
            c
            for c in df.columns
            if c not in columns
            and pd.api.types.is_numeric_dtype(df[c].dtype)
            and not pd.api.types.is_bool_dtype(df[c].dtype)
        ]
    hidden: dict[str, list[Any]] = {}
    if row_hidden.any():
        for column in derived:
            if column in columns or column not in df.columns:
                continue
            mask = row_hidden & df[column].notna().to_numpy()
            if mask.any():
                hidden[column] = df.index[mask].tolist()
                out[column] = _masked(df[column], mask)
    out.attrs[SUPPRESSED_ATTR] = {"counts": counts, "derived": hidden}
    return out


def _masked(series: pd.Series, mask: np.ndarray) -> pd.Series:
    """``series`` with ``mask`` cells missing, keeping integers as integers (``Int64``)."""
    if pd.api.types.is_integer_dtype(series.dtype):
        series = series.astype("Int64")
    return series.mask(mask)


def suppressed_mask(df: pd.DataFrame) -> pd.DataFrame:
    """Boolean frame: ``True`` where :func:`suppress_small` hid a count or a derived value."""
    mask = pd.DataFrame(False, index=df.index, columns=df.columns)
    marks = df.attrs.get(SUPPRESSED_ATTR, {})
    for group in ("counts", "derived"):
        for column, labels in marks.get(group, {}).items():
            if column in mask.columns:
                mask.loc[mask.index.isin(labels), column] = True
    return mask


def for_display(df: pd.DataFrame, lang: str = "en", min_count: int = MIN_COUNT) -> pd.DataFrame:
    """A copy for showing: hidden counts read ``<10`` and hidden derived values ``…``."""
    marks = df.attrs.get(SUPPRESSED_ATTR, {})
    if not marks.get("counts") and not marks.get("derived"):
        return df.copy()
    out = df.copy()
    texts = {
        "counts": t("privacy.suppressed", lang, min_count=min_count),
        "derived": t("privacy.hidden", lang),
    }
    for group, text in texts.items():
        for column, labels in marks.get(group, {}).items():
            if column in out.columns:
                cells = out[column].astype(object)
                cells[out.index.isin(labels)] = text
                out[column] = cells
    return out


def format_count(n: Any, lang: str = "en", min_count: int = MIN_COUNT) -> str:
    """A count as text for the page: ``<10`` when small, ``—`` when missing, else ``1 234``."""
    if is_small(n, min_count):
        return t("privacy.suppressed", lang, min_count=min_count)
    if n is None or n is pd.NA or not isinstance(n, Real | np.number) or math.isnan(float(n)):
        return t("privacy.missing", lang)
    value = float(n)
    return fmt_number(value, lang, decimals=0 if value.is_integer() else 1)


def sanitize_cell(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula, made inert with a leading ``'``.

    Only strings are changed: ``"=SUM(A1)"`` → ``"'=SUM(A1)"``, ``"-3"`` → ``"'-3"``, while the
    number ``-3`` stays ``-3``.
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def to_safe_csv(
    df: pd.DataFrame, *, lang: str = "en", sep: str = ",", min_count: int = MIN_COUNT
) -> bytes:
    """CSV bytes for download: UTF-8 with BOM (so Excel shows Cyrillic), formulas neutralised.

    Header names and text cells are passed through :func:`sanitize_cell`; numbers are written
    as numbers. Cells hidden by :func:`suppress_small` are written as ``<10`` and ``…`` rather
    than left blank, so a reader can tell "hidden" from "not recorded". A meaningful index
    (anything but the default 0, 1, 2 …) is written as the first column(s).
    """
    out = for_display(df, lang, min_count)
    if not isinstance(out.index, pd.RangeIndex):
        out = out.reset_index()
    out.columns = [sanitize_cell(str(c)) for c in out.columns]
    for position in range(out.shape[1]):
        column = out.iloc[:, position]
        if pd.api.types.is_numeric_dtype(column.dtype) or pd.api.types.is_bool_dtype(column.dtype):
            continue
        if pd.api.types.is_datetime64_any_dtype(column.dtype):
            continue
        out.isetitem(position, column.astype(object).map(sanitize_cell))
    buffer = io.StringIO()
    out.to_csv(buffer, index=False, sep=sep, lineterminator="\r\n")
    return buffer.getvalue().encode("utf-8-sig")
