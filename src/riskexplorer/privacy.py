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
is itself suppressed when it is 1–9.

Secondary suppression
---------------------
A hidden count must not come back by subtraction from a total shown elsewhere. Every rule that
protects against that lives here, and the app, the downloads and the CLI all call it:

- :func:`beside_total` — a count shown beside a total (people *with* a factor beside all
  people): hidden when the count, or the total minus it, is 1–9;
- :func:`partition` — counts that add up to a shown total (a risk table by total points, a
  score distribution): the 1–9 ones are hidden and, while fewer than two cells are hidden or
  the hidden ones add up to 1–9, the smallest shown cell is hidden too;
- :func:`complete` — the same completion for any table, with the test of "enough" given;
- :func:`group_table` — a table of groups with people, cases and non-cases (the Your data
  page's table by region or sex);
- :func:`risk_table` — people and cases by total points: people as a partition, and the
  observed rate (which gives the cases back) hidden as a partition of cases and of non-cases.

``tests/test_privacy_recovery.py`` builds random tables and checks, by the rank of the system of
shown equations, that no hidden cell is determined by what is shown.

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
    "beside_total",
    "complete",
    "group_table",
    "partition",
    "risk_table",
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


def _small_any(*values: Any) -> bool:
    return any(is_small(v) for v in values)


def beside_total(
    values: Sequence[float],
    rows: Sequence[float] | None,
    total: float,
    total_rows: float | None = None,
) -> list[str | None]:
    """Marks of counts each shown beside ``total``: ``"counts"`` (shown ``<10``) for 1–9,
    ``"derived"`` (shown ``…``) when ``total - value`` is 1–9, else ``None``.

    ``rows`` are the unweighted row counts behind weighted ``values`` (``None``: the same); a
    cell is small when either is.
    """
    values = np.asarray(values, dtype=np.float64)
    rows_ = values if rows is None else np.asarray(rows, dtype=np.float64)
    total_rows = total if total_rows is None else total_rows
    marks: list[str | None] = []
    for value, row in zip(values, rows_, strict=True):
        if _small_any(value, row):
            marks.append("counts")
        elif _small_any(total - value, total_rows - row):
            marks.append("derived")
        else:
            marks.append(None)
    return marks


def complete(
    hidden: np.ndarray,
    sizes: Sequence[float],
    enough: Any = None,
) -> np.ndarray:
    """``hidden`` grown, smallest ``sizes`` first (non-zero ones before zeros), until nothing is
    hidden, or at least two cells are and ``enough(mask)`` holds (default: the hidden sizes add
    up to 0 or at least :data:`MIN_COUNT`). When every cell ends up hidden, so be it (the
    total itself is then small and hidden by its own rule)."""
    hidden = np.asarray(hidden, dtype=bool).copy()
    sizes = np.asarray(sizes, dtype=np.float64)
    if enough is None:

        def enough(mask: np.ndarray) -> bool:
            return not is_small(float(sizes[mask].sum()))

    while hidden.any() and not (hidden.sum() >= 2 and enough(hidden)):
        shown = np.flatnonzero(~hidden)
        if shown.size == 0:
            break
        order = sorted(shown, key=lambda i: (sizes[i] <= 0, sizes[i], i))
        hidden[order[0]] = True
    return hidden


def partition(values: Sequence[float], rows: Sequence[float] | None = None) -> list[str | None]:
    """Marks of counts that add up to a shown total: ``"counts"`` for 1–9 (or 1–9 rows behind a
    weighted value), ``"derived"`` for the cells hidden beside them (see :func:`complete`)."""
    values = np.asarray(values, dtype=np.float64)
    rows_ = values if rows is None else np.asarray(rows, dtype=np.float64)
    primary = np.array([_small_any(v, r) for v, r in zip(values, rows_, strict=True)], bool)
    hidden = complete(
        primary,
        rows_,
        lambda mask: not _small_any(float(values[mask].sum()), float(rows_[mask].sum())),
    )
    return ["counts" if p else "derived" if h else None for p, h in zip(primary, hidden)]


def group_table(
    people: Sequence[float], cases: Sequence[float], noncases: Sequence[float]
) -> dict[str, np.ndarray]:
    """Which cells of a table of groups to hide, when the table's people and cases are also
    shown in total.

    Returns boolean masks: ``whole`` (people 1–9: the group's size reads ``<10``), ``people``
    (sizes hidden: ``whole`` and the groups hidden beside them), ``cases_primary`` (cases 1–9, or
    the group small), ``rest`` (cases and every value derived from them hidden: wherever cases or
    non-cases are small, completed so that the hidden groups together hold 0 or ≥ 10 cases and
    ≥ 10 non-cases).
    """
    people = np.asarray(people, dtype=np.float64)
    cases = np.asarray(cases, dtype=np.float64)
    noncases = np.asarray(noncases, dtype=np.float64)
    whole = people < MIN_COUNT
    partly = whole | np.array([is_small(c) for c in cases]) | (noncases < MIN_COUNT)
    hide_people = complete(whole, people, lambda m: people[m].sum() >= MIN_COUNT)
    rest = complete(
        partly | hide_people,
        people,
        lambda m: not is_small(cases[m].sum()) and noncases[m].sum() >= MIN_COUNT,
    )
    primary_cases = whole | np.array([is_small(c) for c in cases])
    return {"whole": whole, "people": hide_people, "cases_primary": primary_cases, "rest": rest}


def risk_table(
    people: Sequence[float],
    cases: Sequence[float],
    people_rows: Sequence[float] | None = None,
) -> dict[str, Any]:
    """What to hide in a table of people (and their observed rate) by total points, whose sums
    are shown elsewhere ("1 509 rows", the cases of the whole table).

    Returns ``{"people": marks, "observed": mask}``: ``people`` marks as :func:`partition`;
    ``observed`` (the rate that, times the people shown, gives the cases) hidden where the people
    are hidden, and completed as a partition of the cases and of the non-cases.
    """
    people = np.asarray(people, dtype=np.float64)
    cases = np.asarray(cases, dtype=np.float64)
    marks = partition(people, people_rows)
    hidden_people = np.array([m is not None for m in marks])
    noncases = people - cases
    primary = hidden_people | np.array([_small_any(c, n) for c, n in zip(cases, noncases)], bool)
    observed = complete(
        primary,
        people,
        lambda m: not is_small(cases[m].sum()) and not is_small(noncases[m].sum()),
    )
    return {"people": marks, "observed": observed}


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
