"""What the "Your data" page builds from an uploaded table, without Streamlit.

The page reads the file with :mod:`riskexplorer.ingest`, then asks this module for the preview of
its columns (:func:`column_types`, :func:`column_overview`), first guesses for the column roles
(:func:`suggest_roles`), the fitted scorecard (:func:`fit_upload`) and the table that compares
the scorecard across groups such as regions (:func:`disparity_table`).

Everything here works on values in memory and returns new values: nothing is written anywhere
and nothing is cached (the only cache, :func:`example_csv`, holds the SYNTHETIC example).

Small numbers
-------------
Each group of the disparity table is built from counts of people. A group with fewer than 10
people (or 10 weighted people) is hidden whole: its size reads ``<10`` and every value derived
from it ``…``. A group with 1–9 people with the outcome, or fewer than 10 without it (so that
"everyone in the group offended" cannot be read either), shows its size but hides the rest. As
the table's total is known from elsewhere on the page, one hidden group is never left alone:
the smallest shown groups are hidden beside it until the hidden groups together hold at least
10 people (and 0 or at least 10 with the outcome, and at least 10 without), so no hidden count
can be worked back by subtraction.
"""

from __future__ import annotations

import functools
import hashlib
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from riskexplorer import cohort, ingest, privacy
from riskexplorer import roles as roles_module
from riskexplorer.errors import InputError
from riskexplorer.i18n import fmt_number, fmt_percent, t
from riskexplorer.scorecard import MAX_FACTORS, GroupedData, Scorecard, weighted_auc
from riskexplorer.views import scorecard as MV

__all__ = [
    "DISPARITY_COLUMNS",
    "EXAMPLE_ROWS",
    "MAX_GROUPS",
    "PREVIEW_ROWS",
    "Roles",
    "UploadFit",
    "column_overview",
    "column_types",
    "csv_separator",
    "disparity_csv_frame",
    "disparity_table",
    "disparity_table_counts",
    "disparity_view",
    "example_csv",
    "example_filename",
    "fingerprint",
    "fit_upload",
    "scorecard_csv_frame",
    "suggest_roles",
]

#: At most this many uploaded rows are shown on the page.
PREVIEW_ROWS = 20
#: A group column with more distinct values than this gets no disparity table (it is an ID).
MAX_GROUPS = 60
#: Rows of the SYNTHETIC example table.
EXAMPLE_ROWS = 5000
#: Columns of :func:`disparity_table`, in order.
DISPARITY_COLUMNS = (
    "group",
    "n",
    "cases",
    "rate",
    "rate_low",
    "rate_high",
    "mean_points",
    "auc_model",
    "auc_points",
    "predicted_model",
    "predicted_points",
)
_DERIVED = DISPARITY_COLUMNS[3:]
#: A group's AUC is shown only where both outcomes have at least this many people.
MIN_AUC_COUNT = 10
_EXAMPLES = 3


def fingerprint(data: bytes, *parts: Any) -> str:
    """A short hash of ``data`` and ``parts`` that names an upload (and a mapping) in the session."""
    digest = hashlib.blake2b(data, digest_size=16)
    for part in parts:
        digest.update(b"\x1f" + repr(part).encode("utf-8", "backslashreplace"))
    return digest.hexdigest()


# --------------------------------------------------------------------------------------------
# the preview


def _blank(value: Any) -> bool:
    return isinstance(value, str) and not value.strip()


def _type_of(series: pd.Series, filled: np.ndarray) -> str:
    """The kind of values of a column whose distinct filled values are ``filled``."""
    if filled.size == 0:
        return "empty"
    _, _, bad = ingest.to_binary(series)
    if not bad.any() or pd.api.types.is_bool_dtype(series.dtype):
        return "yes_no"
    if pd.api.types.is_datetime64_any_dtype(series.dtype) or all(
        isinstance(v, date | datetime | pd.Timestamp) for v in filled
    ):
        return "date"
    if pd.api.types.is_numeric_dtype(series.dtype):
        numbers = filled.astype(float)
        whole = bool(np.all(numbers == np.floor(numbers)) and np.all(numbers >= 0))
        return "count" if whole else "number"
    return "text"


def _example_text(value: Any) -> str:
    if isinstance(value, float | np.floating) and float(value).is_integer():
        value = int(value)
    text = str(value).strip()
    return text if len(text) <= 30 else text[:29] + "…"


def column_types(df: pd.DataFrame) -> pd.DataFrame:
    """One row per column: its name, kind of values, a few example values and its empty cells.

    ``type`` is one of ``yes_no`` (every filled cell is a yes/no answer ingest accepts),
    ``count`` (whole numbers ≥ 0), ``number``, ``date``, ``text`` or ``empty``. ``examples``
    holds up to three distinct values as text; ``missing`` counts the empty cells.

    Examples
    --------
    >>> column_types(pd.DataFrame({"a": ["да", "нет", None], "n": [3, 4, 5]}))
      column    type examples  missing
    0      a  yes_no  да, нет        1
    1      n   count  3, 4, 5        0
    """
    rows = []
    for column in df.columns:
        series = df[column]
        # One look at each distinct value, not at each of perhaps a million cells.
        codes, uniques = pd.factorize(series, use_na_sentinel=True)
        uniques = np.asarray(uniques, dtype=object)
        blank = np.array([_blank(u) for u in uniques] + [True], dtype=bool)
        missing = blank[codes]
        filled = uniques[~blank[:-1]]  # in order of first appearance
        examples: list[str] = []
        for value in filled:
            text = _example_text(value)
            if text not in examples:
                examples.append(text)
            if len(examples) == _EXAMPLES:
                break
        rows.append(
            {
                "column": str(column),
                "type": _type_of(series, filled),
                "examples": ", ".join(examples),
                "missing": int(missing.sum()),
            }
        )
    return pd.DataFrame(rows, columns=["column", "type", "examples", "missing"])


def column_overview(types: pd.DataFrame, lang: str) -> pd.DataFrame:
    """:func:`column_types` for the page: headers and kinds in ``lang``; 1–9 empty cells ``<10``."""
    return pd.DataFrame(
        {
            t("your_data.col.column", lang): types["column"],
            t("your_data.col.type", lang): [t(f"your_data.type.{v}", lang) for v in types["type"]],
            t("your_data.col.examples", lang): types["examples"],
            t("your_data.col.missing", lang): [
                privacy.format_count(int(v), lang) for v in types["missing"]
            ],
        }
    )


# --------------------------------------------------------------------------------------------
# column roles


@dataclass(frozen=True)
class Roles:
    """What the columns of an uploaded table mean.

    ``kind`` is ``"records"`` (one row per person: ``outcome`` and optional ``weight``) or
    ``"counts"`` (one row per factor pattern: ``cases`` out of ``total``). ``group`` is an
    optional column such as region, sex or age band for the disparity table.
    """

    kind: str
    factors: tuple[str, ...]
    outcome: str | None = None
    weight: str | None = None
    cases: str | None = None
    total: str | None = None
    group: str | None = None
    #: ``(code, params)`` when the column named like the outcome cannot be it (not compared).
    note: tuple[str, dict[str, Any]] | None = field(
        default=None, compare=False, hash=False, repr=False
    )


def suggest_roles(df: pd.DataFrame, suggestion: Any = None) -> Roles:
    """First guesses for the page's column choices, from :func:`riskexplorer.roles.guess`.

    Counts when the table has a cases and a total column and no usable outcome; the outcome only
    from a name whose first word is an outcome word, and never another column in its place when
    that one cannot be the outcome (``Roles.note`` then says why); the factors are the other
    yes/no columns that vary; the group is a column named like a region, sex or age band with 2
    to :data:`MAX_GROUPS` values. (``suggestion`` is ignored; kept for old callers.)
    """
    found = roles_module.guess(df, max_groups=MAX_GROUPS)
    records = found.kind == "records"
    # More yes/no columns than a scorecard can weigh: nothing is preselected, so no fit starts
    # on a guess alone — the user picks the factors first (issue 10: 50,000 columns once did).
    factors = tuple(found.factors) if len(found.factors) <= MAX_FACTORS else ()
    return Roles(
        kind=found.kind,
        factors=factors,
        outcome=found.outcome if records else None,
        weight=found.weight if records else None,
        cases=None if records else found.cases,
        total=None if records else found.total,
        group=found.group,
        note=found.outcome_problem,
    )


# --------------------------------------------------------------------------------------------
# what the page says about the roles and the sample

#: An outcome share above this in an extract says the rows were probably selected on it.
CASE_CONTROL_SHARE = 0.05


def default_population_rate() -> float:
    """The documented yearly share of 14–17-year-olds held criminally liable
    (``data/assumptions.csv``, ``base_rate``, 0.157 %), as a proportion."""
    from riskexplorer import catalogue

    table = catalogue.load_assumptions()
    row = (
        table.set_index("id").loc["base_rate"] if "id" in table.columns else table.loc["base_rate"]
    )
    return float(row["value"]) / 100.0


def outcome_note(note: tuple[str, dict[str, Any]] | None, lang: str) -> str | None:
    """Why the column named like the outcome was not chosen, in ``lang`` (``None``: no note)."""
    if note is None:
        return None
    code, params = note
    return t(f"your_data.outcome_unusable.{code}", lang, **params)


def outcome_summary(df: pd.DataFrame, roles: Roles, lang: str) -> str:
    """ "Outcome: X — yes n / no m; factors: …", with the counts protected beside the number of
    rows shown above them (:func:`privacy.beside_total`)."""
    factors = ", ".join(str(f) for f in roles.factors) or t("your_data.none", lang)
    if roles.kind == "counts":
        cases = pd.to_numeric(df[roles.cases], errors="coerce").sum()
        total = pd.to_numeric(df[roles.total], errors="coerce").sum()
        column = roles.cases
    else:
        values, missing, _ = ingest.to_binary(df[roles.outcome])
        cases, total = float(values[~missing].sum()), float((~missing).sum())
        column = roles.outcome
    marks = privacy.beside_total([cases, total - cases], None, total)
    texts = {
        "counts": t("privacy.suppressed", lang, min_count=privacy.MIN_COUNT),
        "derived": t("privacy.hidden", lang),
    }
    yes, no = (
        texts[m] if m else privacy.format_count(v, lang)
        for m, v in zip(marks, (cases, total - cases), strict=True)
    )
    return t(
        "your_data.outcome_summary", lang, outcome=str(column), yes=yes, no=no, factors=factors
    )


def probably_selected(sample_rate: float) -> bool:
    """Whether an outcome share this high says the rows were selected on the outcome."""
    return sample_rate > CASE_CONTROL_SHARE


def wilson_interval(cases: float, n: float, z: float = 1.959963984540054) -> tuple[float, float]:
    """The 95 % Wilson score interval of ``cases / n`` (checked against statsmodels'
    ``proportion_confint(method="wilson")`` in the tests)."""
    if n <= 0:
        return math.nan, math.nan
    p = cases / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


def cross_validated_auc(grouped: GroupedData, n_splits: int = 5, seed: int = 0) -> float:
    """AUC of the full model on held-out rows: 5-fold, seeded, stratified on the outcome
    (scikit-learn's ``StratifiedKFold`` on the rows the counts stand for). NaN for weighted
    counts that are not whole numbers, or fewer than ``n_splits`` rows of either outcome."""
    from sklearn.model_selection import StratifiedKFold

    cases = grouped.cases
    noncases = grouped.noncases
    if not (np.all(cases == np.round(cases)) and np.all(noncases == np.round(noncases))):
        return math.nan
    if cases.sum() < n_splits or noncases.sum() < n_splits:
        return math.nan
    k = len(cases)
    pattern = np.concatenate([np.arange(k), np.arange(k)])
    outcome = np.concatenate([np.ones(k, np.uint8), np.zeros(k, np.uint8)])
    repeat = np.concatenate([cases, noncases]).astype(np.int64)
    rows, ys = np.repeat(pattern, repeat), np.repeat(outcome, repeat)
    folds = StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=seed)
    scores = np.empty(len(rows))
    for train, test in folds.split(rows, ys):
        idx = rows[train]
        c = np.bincount(idx, weights=ys[train], minlength=k)
        n = np.bincount(idx, minlength=k).astype(np.float64)
        keep = n > 0
        card = Scorecard(points_scale=1).fit_grouped(grouped.patterns[keep], c[keep], n[keep])
        scores[test] = card.decision_function(grouped.patterns[rows[test]])
    from sklearn.metrics import roc_auc_score

    return float(roc_auc_score(ys, scores))


# --------------------------------------------------------------------------------------------
# fitting


@dataclass(frozen=True, eq=False)
class UploadFit:
    """The scorecard fitted on an upload, and its disparity table by group (or ``None``).

    ``n_groups`` is the number of distinct values of the group column (0 without one); above
    :data:`MAX_GROUPS` there is no disparity table.
    """

    model: MV.FittedModel
    disparity: pd.DataFrame | None
    n_groups: int = 0


def _group_label(value: Any) -> str | None:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, float | np.floating) and float(value).is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def _group_labels(values: pd.Series) -> np.ndarray:
    """Group values as text (``14.0`` → ``"14"``), missing and blank ones as ``None``."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)  # one label per distinct value
    labels = np.array([_group_label(u) for u in uniques] + [None], dtype=object)
    return labels[codes]


def fit_upload(
    df: pd.DataFrame,
    roles: Roles,
    *,
    population_rate: float | None = None,
    weights: str = "frequency",
    blanks: str | None = None,
    drop_rows: np.ndarray | None = None,
) -> UploadFit:
    """Check the chosen columns, fit the scorecard and build the disparity table.

    ``population_rate`` (rows selected on the outcome), ``weights`` (``"frequency"`` or
    ``"survey"``) and ``blanks`` (empty factor cells: ``"no"``/``"drop"``) go to the scorecard and
    :func:`ingest.prepare`; ``drop_rows`` (a mask, e.g. :func:`riskexplorer.shapes.totals_rows`)
    leaves rows out first.

    Raises
    ------
    InputError
        From :func:`ingest.prepare`, :func:`ingest.prepare_grouped` or the fit, with the column
        and the fix; also when the group column plays another role.
    """
    if drop_rows is not None and np.asarray(drop_rows).any():
        df = df.loc[~np.asarray(drop_rows, dtype=bool)]
    if blanks is not None:
        from riskexplorer import shapes

        df = shapes.fill_blanks(df, [f for f in roles.factors if f in df.columns], blanks)
    taken = [roles.outcome, roles.weight, roles.cases, roles.total, *roles.factors]
    if roles.group is not None and roles.group in taken:
        raise InputError("ingest.column_reused", column=str(roles.group))
    if roles.group is not None and roles.group not in df.columns:
        raise InputError(
            "ingest.column_not_found",
            column=str(roles.group),
            available=", ".join(str(c) for c in df.columns),
        )
    labels = _group_labels(df[roles.group]) if roles.group is not None else None
    n_groups = len(pd.unique(labels)) if labels is not None else 0
    with_table = labels is not None and n_groups <= MAX_GROUPS

    if roles.kind == "counts":
        factors = list(roles.factors)
        if not with_table:
            patterns, cases, totals = ingest.prepare_grouped(df, factors, roles.cases, roles.total)
            model = MV.user_model(patterns, cases, totals, population_rate=population_rate)
            return UploadFit(model, None, n_groups)
        # The group becomes 0/1 columns beside the factors, so that one pass of prepare_grouped
        # checks every cell and counts each (group, pattern); the model then sums over groups.
        codes, uniques = pd.factorize(pd.Series(labels, dtype=object), use_na_sentinel=False)
        marks = [f"\x1fgroup{i}" for i in range(len(uniques))]
        marked = df.assign(**{m: (codes == i).astype(np.uint8) for i, m in enumerate(marks)})
        patterns, cases, totals = ingest.prepare_grouped(
            marked, factors + marks, roles.cases, roles.total
        )
        model = MV.user_model(patterns[factors], cases, totals, population_rate=population_rate)
        which = patterns[marks].to_numpy().argmax(axis=1)
        groups = np.asarray(uniques, dtype=object)[which]
        table = disparity_table_counts(model.scorecard, patterns[factors], cases, totals, groups)
        return UploadFit(model, table, n_groups)

    X, y, w = ingest.prepare(
        df, roles.outcome, list(roles.factors), roles.weight, weight_kind=weights
    )
    model = MV.records_model(X, y, w, population_rate=population_rate, weights=weights)
    table = disparity_table(model.scorecard, X, y, labels, w) if with_table else None
    return UploadFit(model, table, n_groups)


# --------------------------------------------------------------------------------------------
# the disparity table


def disparity_table(
    scorecard: Scorecard,
    X: pd.DataFrame,
    y: ArrayLike,
    groups: ArrayLike,
    sample_weight: ArrayLike | None = None,
) -> pd.DataFrame:
    """How the fitted scorecard does in each group of people (region, sex, age band …).

    Parameters
    ----------
    scorecard
        Fitted on all groups together (the group is not a factor).
    X, y, sample_weight
        One row per person: 0/1 factors named as the scorecard's, 0/1 outcome, optional weights.
    groups
        The group of each row; missing values (``None``/NaN) form a group of their own.

    Returns
    -------
    pandas.DataFrame
        One row per group, sorted by group, columns :data:`DISPARITY_COLUMNS`: ``n`` people
        (weighted), ``cases`` with the outcome, observed ``rate``, ``mean_points`` (fitted
        points), ``auc_model`` (of the full model's :meth:`~Scorecard.predict_proba`),
        ``auc_points`` (of total points, ties counting half), and the mean predicted risk from
        the full model (``predicted_model``) and from the points rule (``predicted_points``)
        to set beside ``rate``. Small groups are hidden as described in the module docstring
        (:func:`privacy.for_display` and :func:`privacy.to_safe_csv` show the marks).
    """
    factors = list(scorecard.factors_)
    y = np.asarray(y).astype(np.float64).ravel()
    weights = (
        np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight, np.float64).ravel()
    )
    counted = (weights > 0).astype(np.int64)
    cells = (
        pd.DataFrame(np.asarray(X[factors], dtype=np.uint8), columns=factors)
        .assign(
            __group=_group_labels(pd.Series(np.asarray(groups, dtype=object))),
            __cases=y * weights,
            __totals=weights,
            __rows=counted,
            __case_rows=counted * (y > 0),
        )
        .groupby(["__group", *factors], dropna=False, sort=False, as_index=False)
        .sum()
    )
    return _disparity(scorecard, cells)


def disparity_table_counts(
    scorecard: Scorecard,
    patterns: pd.DataFrame,
    cases: ArrayLike,
    totals: ArrayLike,
    groups: ArrayLike,
) -> pd.DataFrame:
    """:func:`disparity_table` from counts: one row per (group, pattern) with ``cases`` of
    ``totals`` people (a pattern may repeat, within a group or across groups)."""
    factors = list(scorecard.factors_)
    cases = np.asarray(cases, dtype=np.float64).ravel()
    totals = np.asarray(totals, dtype=np.float64).ravel()
    cells = (
        pd.DataFrame(np.asarray(patterns[factors], dtype=np.uint8), columns=factors)
        .assign(
            __group=_group_labels(pd.Series(np.asarray(groups, dtype=object))),
            __cases=cases,
            __totals=totals,
            __rows=totals,
            __case_rows=cases,
        )
        .groupby(["__group", *factors], dropna=False, sort=False, as_index=False)
        .sum()
    )
    return _disparity(scorecard, cells)


def _expit(x: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * x))


def _disparity(scorecard: Scorecard, cells: pd.DataFrame) -> pd.DataFrame:
    factors = list(scorecard.factors_)
    cells = cells[cells["__totals"] > 0].reset_index(drop=True)
    patterns = cells[factors].to_numpy(dtype=np.uint8)
    points = patterns.astype(np.int64) @ scorecard.points_.to_numpy()
    risk_model = scorecard.predict_proba(cells[factors])[:, 1]
    risk_points = _expit(scorecard.risk_intercept_ + scorecard.risk_slope_ * points)
    labels = cells["__group"].to_numpy(dtype=object)
    order = sorted(
        pd.unique(pd.Series(labels, dtype=object)),
        key=lambda g: (g is None or (isinstance(g, float) and math.isnan(g)), str(g)),
    )
    rows, counts = [], []
    for label in order:
        missing = label is None or (isinstance(label, float) and math.isnan(label))
        at = pd.isna(labels) if missing else labels == label
        part = GroupedData(
            tuple(factors),
            patterns[at],
            cells["__cases"].to_numpy()[at],
            cells["__totals"].to_numpy()[at],
        )
        n, n_cases = part.n, part.n_cases
        row_count = float(cells["__rows"].to_numpy()[at].sum())
        case_rows = float(cells["__case_rows"].to_numpy()[at].sum())
        weight = part.totals
        low, high = wilson_interval(n_cases, n)
        # A group's AUC only where both outcomes have at least 10 people: below that it is noise.
        enough = case_rows >= MIN_AUC_COUNT and row_count - case_rows >= MIN_AUC_COUNT
        rows.append(
            {
                "group": None if missing else label,
                "n": n,
                "cases": n_cases,
                "rate": n_cases / n,
                "rate_low": low,
                "rate_high": high,
                "mean_points": float(weight @ points[at]) / n,
                "auc_model": weighted_auc(part, risk_model[at]) if enough else math.nan,
                "auc_points": weighted_auc(part, points[at]) if enough else math.nan,
                "predicted_model": float(weight @ risk_model[at]) / n,
                "predicted_points": float(weight @ risk_points[at]) / n,
            }
        )
        counts.append(
            {
                "people": min(row_count, n),
                "cases": min(case_rows, n_cases),
                "noncases": min(row_count - case_rows, n - n_cases),
            }
        )
    table = pd.DataFrame(rows, columns=list(DISPARITY_COLUMNS))
    table["group"] = table["group"].astype(object)
    return _suppress(table, pd.DataFrame(counts))


def _suppress(table: pd.DataFrame, counts: pd.DataFrame) -> pd.DataFrame:
    """Hide small groups (and a neighbour, so that no hidden count follows by subtraction): the
    rule is :func:`riskexplorer.privacy.group_table`."""
    masks = privacy.group_table(counts["people"], counts["cases"], counts["noncases"])
    whole = pd.Series(masks["whole"], index=table.index)
    hide_n = pd.Series(masks["people"], index=table.index)
    hide_rest = pd.Series(masks["rest"], index=table.index)
    primary_cases = pd.Series(masks["cases_primary"], index=table.index)
    out = table.copy()
    for column in DISPARITY_COLUMNS[1:]:
        out[column] = out[column].astype(float).mask(hide_rest if column != "n" else hide_n)
    for column in ("n", "cases"):  # whole counts (no weights) stay whole numbers in a CSV
        values = out[column].dropna()
        if (values == np.floor(values)).all():
            out[column] = out[column].astype("Int64")
    index = out.index
    out.attrs[privacy.SUPPRESSED_ATTR] = {
        "counts": {"n": index[whole].tolist(), "cases": index[primary_cases].tolist()},
        "derived": {
            "n": index[hide_n & ~whole].tolist(),
            "cases": index[hide_rest & ~primary_cases].tolist(),
            **{column: index[hide_rest].tolist() for column in _DERIVED},
        },
    }
    return out


def disparity_view(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """:func:`disparity_table` as text for the page, in ``lang``: hidden counts ``<10``, hidden
    values ``…``, an AUC that cannot be computed (one outcome only) ``—``."""
    marks = privacy.for_display(table, lang)
    hidden = privacy.suppressed_mask(table)

    def cell(column: str, i: int, text) -> str:
        return str(marks.at[i, column]) if hidden.at[i, column] else text(table.at[i, column])

    def count(value: float) -> str:
        return privacy.format_count(value, lang)

    def percent(value: float) -> str:
        return fmt_percent(100 * value, lang, decimals=2) if math.isfinite(value) else "—"

    def ratio(value: float) -> str:
        return fmt_number(value, lang, decimals=3) if math.isfinite(value) else "—"

    def mean(value: float) -> str:
        return fmt_number(value, lang, decimals=1) if math.isfinite(value) else "—"

    def rate(i: int) -> str:
        return t(
            "your_data.rate_interval",
            lang,
            rate=percent(table.at[i, "rate"]),
            low=percent(table.at[i, "rate_low"]),
            high=percent(table.at[i, "rate_high"]),
        )

    formats = {
        "n": count,
        "cases": count,
        "mean_points": mean,
        "auc_model": ratio,
        "auc_points": ratio,
        "predicted_model": percent,
        "predicted_points": percent,
    }
    columns = {t("your_data.col.group", lang): [_group_text(g, lang) for g in table["group"]]}
    for column, text in formats.items():
        columns[t(f"your_data.col.{column}", lang)] = [cell(column, i, text) for i in table.index]
        if column == "cases":  # the rate with its 95% interval, hidden with the rate
            columns[t("your_data.col.rate", lang)] = [
                cell("rate", i, lambda _, i=i: rate(i)) for i in table.index
            ]
    return pd.DataFrame(columns)


def groups_within_noise(table: pd.DataFrame) -> bool:
    """Whether every shown group's 95% interval overlaps every other's: then the differences
    between the groups' rates are within what chance alone would give."""
    shown = table.dropna(subset=["rate_low", "rate_high"])
    if len(shown) < 2:
        return False
    return bool(shown["rate_low"].max() <= shown["rate_high"].min())


def _group_text(value: Any, lang: str) -> str:
    return t("your_data.group_missing", lang) if value is None or pd.isna(value) else str(value)


def disparity_csv_frame(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """:func:`disparity_table` with headers in ``lang``, for :func:`privacy.to_safe_csv` (which
    writes the hidden cells as ``<10`` and ``…``); rates as percentages."""
    out = table.copy()
    for column in ("rate", "rate_low", "rate_high", "predicted_model", "predicted_points"):
        out[column] = 100 * out[column]
    out["group"] = [_group_text(g, lang) for g in table["group"]]
    out.attrs = table.attrs
    headers = {c: t(f"your_data.col.{c}", lang) for c in DISPARITY_COLUMNS}
    return _renamed(out, headers)


def _renamed(frame: pd.DataFrame, headers: dict[str, str]) -> pd.DataFrame:
    """``frame.rename(columns=headers)`` keeping the suppression marks on the new names."""
    out = frame.rename(columns=headers)
    marks = frame.attrs.get(privacy.SUPPRESSED_ATTR, {})
    out.attrs[privacy.SUPPRESSED_ATTR] = {
        group: {headers.get(c, c): labels for c, labels in columns.items()}
        for group, columns in marks.items()
    }
    return out


def scorecard_csv_frame(model: MV.FittedModel, lang: str) -> pd.DataFrame:
    """The scorecard as numbers for a CSV: factor, points, odds ratio and its interval, and how
    many people have and lack the factor (1–9 hidden, with the share derived from them)."""
    sc = model.scorecard
    grouped = model.grouped
    with_factor = grouped.patterns.T.astype(np.float64) @ grouped.totals
    table = sc.table().set_index("factor")
    frame = pd.DataFrame(
        {
            "factor": [MV.factor_label(f, lang) for f in model.factors],
            "points": [int(sc.points_[f]) for f in model.factors],
            "odds_ratio": table["odds_ratio"].to_numpy(),
            "ci_low": table["ci_low"].to_numpy(),
            "ci_high": table["ci_high"].to_numpy(),
            "with_factor": with_factor,
            "without_factor": grouped.n - with_factor,
            "share": 100 * with_factor / grouped.n,
        }
    )
    frame = privacy.suppress_small(frame, ["with_factor", "without_factor"], derived=["share"])
    headers = {
        "factor": t("model.col.factor", lang),
        "points": t("model.col.points", lang),
        "odds_ratio": t("model.col.odds_ratio", lang),
        "ci_low": t("your_data.col.ci_low", lang),
        "ci_high": t("your_data.col.ci_high", lang),
        "with_factor": t("your_data.col.with_factor", lang),
        "without_factor": t("your_data.col.without_factor", lang),
        "share": t("your_data.col.share", lang),
    }
    return _renamed(frame, headers)


# --------------------------------------------------------------------------------------------
# the SYNTHETIC example


def csv_separator(lang: str) -> str:
    """``;`` for Russian and Kazakh (their Excel splits CSV on semicolons), ``,`` for English."""
    return "," if lang == "en" else ";"


def example_filename(lang: str) -> str:
    """The example's file name, which says it is SYNTHETIC."""
    return f"riskexplorer-SYNTHETIC-example-{EXAMPLE_ROWS}-teenagers-{lang}.csv"


@functools.lru_cache(maxsize=4)
def example_caption(lang: str) -> str:
    """What the example table is (its rows written as the language writes numbers)."""
    return t("your_data.example_caption", lang, n=fmt_number(EXAMPLE_ROWS, lang))


def example_csv(sep: str = ",", lang: str = "en") -> bytes:
    """The SYNTHETIC example table (:func:`cohort.example_upload_table`) as CSV bytes (made-up
    teenagers only, so it may be cached)."""
    return privacy.to_safe_csv(cohort.example_upload_table(n=EXAMPLE_ROWS, lang=lang), sep=sep)


def outcome_share(df: pd.DataFrame, roles: Roles) -> float | None:
    """The share of rows (or of people, for counts) with the outcome, or ``None`` when the
    roles do not name it yet."""
    column = roles.outcome if roles.kind == "records" else None
    if column is not None and column in df:
        values, missing, _ = ingest.to_binary(df[column])
        return float(values[~missing].mean()) if (~missing).any() else 0.0
    if roles.kind == "counts" and roles.cases is not None and roles.total is not None:
        total = pd.to_numeric(df[roles.total], errors="coerce").sum()
        cases = pd.to_numeric(df[roles.cases], errors="coerce").sum()
        return float(cases / total) if total else 0.0
    return None


def nothing_dropped(df: pd.DataFrame) -> np.ndarray:
    """A mask that leaves every row of ``df`` in (rows are dropped by the choices below it)."""
    return np.zeros(len(df), dtype=bool)


# --------------------------------------------------------------------------------------------
# what the page shows, ready to render (the page holds only widgets and layout)

#: How the page names a delimiter and a decimal mark (``your_data.delimiter.<name>``).
DELIMITERS = {";": "semicolon", ",": "comma", "\t": "tab", "|": "bar"}
DECIMALS = {".": "point", ",": "comma"}


def read_guess(df: pd.DataFrame) -> Roles:
    """:func:`suggest_roles` on the rows that do not read like totals (the page offers to drop
    those, and drops them by default), so a «Итого» row does not hide the outcome."""
    from riskexplorer import shapes

    totals = shapes.totals_rows(df)
    return suggest_roles(df.loc[~totals] if totals.any() else df)


@dataclass(frozen=True, eq=False)
class ReadTable:
    """A table read from an upload, with its column types and first guesses of the roles."""

    df: pd.DataFrame
    info: ingest.TableInfo
    types: pd.DataFrame
    guess: Roles


def widget_key(name: str, *parts: Any) -> str:
    """The key of a widget that belongs to one file (and table, and roles): ``name`` and a short
    hash of ``parts``, so another file, sheet or header row starts with fresh widgets."""
    return f"{name}:{fingerprint(b'', *parts)[:12]}"


def fit_key(table_key: str, roles: Roles, options: dict, drop: np.ndarray) -> str:
    """The name of one fit: the table, the roles, the choices and the rows left out."""
    return fingerprint(table_key.encode(), roles, sorted(options.items()), drop.tobytes())


def read_sentence(info: ingest.TableInfo, lang: str, plain: Callable[[object], str]) -> str:
    """How the file was read ("Read as text: encoding cp1251, …; 2,001 rows × 11 columns"), in
    ``lang``; ``plain`` escapes the sheet name (it comes from the upload)."""
    rows = fmt_number(info.rows, lang)
    if info.format == "text":
        return t(
            "your_data.read_as_text",
            lang,
            encoding=info.encoding,
            delimiter=t(f"your_data.delimiter.{DELIMITERS.get(info.delimiter, 'other')}", lang),
            decimal=t(f"your_data.decimal.{DECIMALS.get(info.decimal, 'other')}", lang),
            rows=rows,
            columns=info.columns,
        )
    return t(
        "your_data.read_as_sheet", lang, sheet=plain(info.sheet), rows=rows, columns=info.columns
    )


def read_warnings(info: ingest.TableInfo, lang: str) -> list[str]:
    """The advice that does not stop the upload (lost letters …), in ``lang``."""
    return [t(f"errors.{code}", lang) for code in info.warnings]


def sources_line(name: str, example: bool, lang: str, plain: Callable[[object], str]) -> str:
    """The source line under the charts: the uploaded file, or the SYNTHETIC example."""
    key = "your_data.example_sources" if example else "your_data.sources"
    return t(key, lang, name=plain(name))


def factor_choices(df: pd.DataFrame, guess: Roles, taken: set) -> tuple[list[Any], list[Any], str]:
    """The factor picker's options (every column not taken by another role), its default (the
    guessed factors, and a yes/no column given back by a role that stopped using it) and a hash
    of the roles, for its key: new roles, a fresh default."""
    columns = list(df.columns)
    was = {guess.outcome, guess.weight, guess.cases, guess.total} - taken - {None}
    options = [c for c in columns if c not in taken]
    default = [c for c in guess.factors if c in options]
    binary = set(ingest.suggest_columns(df)["binary"]) if was else set()
    default += [c for c in options if c in was and c not in default and c in binary]
    return options, default, fingerprint(b"", sorted(map(str, taken)))[:12]


def totals_found(df: pd.DataFrame, lang: str) -> tuple[np.ndarray, str | None]:
    """The rows that read like totals or subtotals (Итого, Всего, Барлығы, Total) and the
    warning that names them (``None`` when there are none)."""
    from riskexplorer import shapes

    totals = shapes.totals_rows(df)
    if not totals.any():
        return totals, None
    rows = ", ".join(str(r) for r in ingest.row_numbers(df, totals)[:8])
    return totals, t("your_data.totals_found", lang, count=int(totals.sum()), rows=rows)


_BLANK_KEYS = {"no": "your_data.blanks_no", "drop": "your_data.blanks_drop"}


def blank_choice(df: pd.DataFrame, factors: Sequence[str], lang: str) -> dict[str, str] | None:
    """The question about empty factor cells and its answers in ``lang`` (``None``: no empty
    cell). The count is protected like every count (1–9 show as ``<10``)."""
    from riskexplorer import shapes

    blank = shapes.blank_factor_rows(df, list(factors))
    if not blank.any():
        return None
    shown = privacy.format_count(int(blank.sum()), lang)
    return {
        "label": t("your_data.blanks", lang, count=shown),
        **{b: t(_BLANK_KEYS[b], lang, count=shown) for b in shapes.BLANKS},
    }


def selection_hint(df: pd.DataFrame, roles: Roles, lang: str) -> tuple[bool, float, str | None]:
    """Whether the question "were the rows selected on the outcome?" is asked (the outcome is
    known), its default answer, the population rate to offer, and the warning shown when the
    outcome share says the rows probably were selected."""
    share = outcome_share(df, roles)
    rate = default_population_rate()
    if share is None:
        return False, rate, None
    if not probably_selected(share):
        return True, rate, None
    return (
        True,
        rate,
        t(
            "your_data.selected_probably",
            lang,
            share=fmt_percent(100 * share, lang, decimals=1),
            rate=fmt_percent(100 * rate, lang, decimals=3),
        ),
    )


def cv_caption(cv: float, result: UploadFit, lang: str) -> str | None:
    """The cross-validated AUC beside the in-sample one (``None`` when it cannot be computed)."""
    if not math.isfinite(cv):
        return None
    return t(
        "your_data.cv_auc",
        lang,
        cv=fmt_number(cv, lang, decimals=3),
        auc=fmt_number(result.model.scorecard.auc_full_, lang, decimals=3),
    )


def scorecard_csv(model: MV.FittedModel, lang: str) -> bytes:
    """The scorecard download (:func:`scorecard_csv_frame`) as CSV bytes for ``lang``'s Excel."""
    return privacy.to_safe_csv(scorecard_csv_frame(model, lang), lang=lang, sep=csv_separator(lang))


def disparity_csv(table: pd.DataFrame, lang: str) -> bytes:
    """The group table download (:func:`disparity_csv_frame`) as CSV bytes."""
    return privacy.to_safe_csv(disparity_csv_frame(table, lang), lang=lang, sep=csv_separator(lang))


def download_name(kind: str, name: str, lang: str) -> str:
    """``scorecard-<file>-<lang>.csv`` or ``groups-<file>-<lang>.csv``."""
    return f"{kind}-{name.rsplit('.', 1)[0]}-{lang}.csv"


# --------------------------------------------------------------------------------------------
# the error summary under the uploader (the GOV.UK pattern)

#: The element id of each widget a problem can concern; the summary's lines link to them.
ANCHORS = {
    "file": "yd-file",
    "header": "yd-header-row",
    "outcome": "yd-outcome",
    "weight": "yd-weight",
    "cases": "yd-cases",
    "total": "yd-total",
    "factors": "yd-factors",
    "group": "yd-group",
    "blanks": "yd-blanks",
    "population_rate": "yd-population-rate",
}
#: Errors about a role whatever column they name.
_ROLE_OF_CODE = {
    "ingest.no_outcome": "outcome",
    "ingest.outcome_never": "outcome",
    "ingest.outcome_always": "outcome",
    "scorecard.one_class": "outcome",
    "scorecard.outcome_not_binary": "outcome",
    "ingest.no_factors": "factors",
    "scorecard.too_many_factors": "factors",
    "scorecard.constant_factor": "factors",
    "scorecard.collinear": "factors",
    "scorecard.separation": "factors",
    "ingest.no_counts": "cases",
    "ingest.cases_above_total": "cases",
    "ingest.zero_weights": "weight",
    "scorecard.bad_weights": "weight",
    "ingest.bad_blanks": "blanks",
    "scorecard.bad_population_rate": "population_rate",
    "ingest.header_row_out_of_range": "header",
    "ingest.column_reused": "group",
}


@dataclass(frozen=True)
class Problem:
    """One line of the error summary: the message, the id of the widget it concerns and the
    column to highlight in the preview (``None``: none)."""

    text: str
    anchor: str
    column: Any = None
    code: str | None = None


def problem(
    error: InputError,
    roles: Roles | None,
    columns: Sequence[Any],
    lang: str,
    *,
    header_shown: bool = False,
) -> Problem:
    """The summary line for ``error``: linked to the picker of the role whose column it names
    (or, for a column-less error, of the role it is about; for a file that cannot be read, the
    uploader — or the header row, when the page offers one: title rows stand above the table),
    with the column to highlight when the table has it."""
    if not columns and header_shown:
        return Problem(error.message(lang), ANCHORS["header"], None, error.code)
    named = error.params.get("column")
    column = next((c for c in columns if named is not None and str(c) == str(named)), None)
    role = None
    if roles is not None and column is not None:
        for candidate in ("outcome", "weight", "cases", "total", "group"):
            if getattr(roles, candidate) == column:
                role = candidate
                break
        if role is None and column in roles.factors:
            role = "factors"
    role = role or _ROLE_OF_CODE.get(error.code) or ("factors" if column is not None else "file")
    if roles is not None and roles.kind == "counts" and role == "outcome":
        role = "cases"
    return Problem(error.message(lang), ANCHORS[role], column, error.code)


def outcome_problem(guess: Roles, chosen: Any, lang: str) -> Problem | None:
    """Why the column named like the outcome was not chosen, while no outcome is chosen."""
    text = outcome_note(guess.note, lang)
    if text is None or chosen is not None:
        return None
    return Problem(text, ANCHORS["outcome"], guess.note[1].get("column"), "outcome_unusable")


def summary_lines(problems: Sequence[Problem], plain: Callable[[object], str]) -> str:
    """The summary's lines as Markdown: one line per problem, each a link to its widget (the
    message, which may quote the upload, escaped by ``plain``)."""
    # "Choose the outcome" says less than why the column named like it was not taken: one line.
    noted = {p.anchor for p in problems if p.code == "outcome_unusable"}
    shown = [p for p in problems if not (p.code == "ingest.no_outcome" and p.anchor in noted)]
    lines = dict.fromkeys(f"- [{plain(p.text)}](#{p.anchor})" for p in shown)
    return "\n".join(lines)


def preview_styled(df: pd.DataFrame, columns: Sequence[Any]):
    """The first :data:`PREVIEW_ROWS` rows, with the ``columns`` a problem concerns highlighted
    (a pandas Styler: a pale red background and a dark red frame)."""
    head = df.head(PREVIEW_ROWS)
    marked = [c for c in head.columns if c in set(columns)]
    styler = head.style
    if marked:
        styler = styler.set_properties(
            subset=marked, **{"background-color": "#FDE7E9", "color": "#8A1C1C"}
        )
    return styler


def overview_styled(types: pd.DataFrame, lang: str, columns: Sequence[Any]):
    """:func:`column_overview` with the rows of the ``columns`` a problem concerns highlighted."""
    frame = column_overview(types, lang)
    names = {str(c) for c in columns}
    marked = [i for i, c in enumerate(types["column"]) if c in names]
    styler = frame.style
    if marked:
        styler = styler.set_properties(
            subset=(marked, list(frame.columns)),
            **{"background-color": "#FDE7E9", "color": "#8A1C1C"},
        )
    return styler
