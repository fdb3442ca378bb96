"""A transparent integer-points risk-factor scorecard, for population-level prevention.

The scorecard answers "which documented risk factors, together, mark groups of children where
prevention effort is most needed?" It is **never** meant to label an individual child.

How it works, in steps a person can redo on paper:

1. Every child is a row of 0/1 factors (1 = present). Rows with the same pattern are counted
   together (:func:`group_patterns`), so a million rows of 8 factors become at most 256 patterns.
2. A maximum-likelihood logistic regression is fitted on those counts (:class:`Scorecard`); its
   odds ratios come with 95 % Wald intervals from the inverse Fisher information.
3. Each coefficient becomes whole points, about ``coef * s / ln 2``, i.e. ``s`` points for every
   doubling of the odds (protective factors get negative points); each factor is rounded down or
   up, whichever keeps the model's risks better, and ``s`` is the smallest scale whose points
   lose little log-likelihood and no sizeable group's risk (:func:`round_points`).
4. Total points map back to risk by one more logistic model, ``risk = 1 / (1 + exp(-(a + b *
   points)))``, shown as :attr:`Scorecard.risk_table_`.

The metric functions (:func:`evaluate_points`, :func:`threshold_sweep`,
:func:`calibration_table`) work on grouped counts with *any* points, so the app can let people
type their own.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike
from scipy import optimize, stats
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import LogisticRegression
from sklearn.utils.validation import check_is_fitted, column_or_1d, validate_data

from riskexplorer.errors import InputError

__all__ = [
    "AUTO_SCALES",
    "MAX_FACTORS",
    "MAX_PATTERNS",
    "GroupedData",
    "PointsRisk",
    "RoundingCost",
    "Scorecard",
    "achievable_totals",
    "calibration_table",
    "evaluate_points",
    "fit_points_risk",
    "at_population_rate",
    "prior_shift",
    "group_patterns",
    "grouped_from_counts",
    "points_from_coef",
    "risk_table",
    "round_points",
    "rounding_cost",
    "threshold_sweep",
    "weighted_auc",
]

#: Scales tried by ``points_scale="auto"``: points per doubling of the odds, smallest first.
AUTO_SCALES: tuple[int, ...] = tuple(range(1, 11))

#: Most factors one scorecard weighs: beyond it the points stop being readable on paper, and a
#: column guess on a wide upload (50,000 yes/no columns) must not start a fit.
MAX_FACTORS = 30
#: Most distinct factor patterns a fit takes. Memory stays O(patterns × factors); measured,
#: 25 factors × 30,000 patterns fit in 2.6 s and 340 MB of peak memory, 30 × 100,000 in 6 s
#: and 700 MB, which is too much for one session of a shared server.
MAX_PATTERNS = 50_000

_LN2 = math.log(2.0)
_BINCOUNT_MAX_FACTORS = 20  # up to 2**20 patterns are counted with np.bincount, beyond with unique
_MAX_ABS_COEF = 30.0  # odds ratio > 1e13: only separation produces that from 0/1 factors


# --------------------------------------------------------------------------------------------
# Input checks
# --------------------------------------------------------------------------------------------


def _format_examples(values: np.ndarray, limit: int = 3) -> str:
    shown: list[str] = []
    for value in pd.unique(pd.Series(values, dtype=object)):
        if value is None or (isinstance(value, float) and math.isnan(value)):
            text = "NaN"
        elif isinstance(value, float | np.floating):
            text = f"{value:g}"
        else:
            text = str(value)
        if text not in shown:
            shown.append(text)
        if len(shown) == limit:
            break
    return ", ".join(shown)


def _as_binary(X: np.ndarray, factors: Sequence[str]) -> np.ndarray:
    """``X`` as a uint8 0/1 matrix, or ``InputError('scorecard.not_binary')`` naming the column."""
    kind = X.dtype.kind
    if kind == "b":
        return X.view(np.uint8)
    if kind in "iu":
        if X.size == 0 or (X.max() <= 1 and (kind == "u" or X.min() >= 0)):
            return X.astype(np.uint8, copy=False)
        ok = (X == 0) | (X == 1)
    else:
        ok = np.asarray((X == 0) | (X == 1), dtype=bool)
        if ok.all():
            return X.astype(np.uint8)
    column = int(np.flatnonzero(~ok.all(axis=0))[0])
    raise InputError(
        "scorecard.not_binary",
        factor=factors[column],
        examples=_format_examples(X[~ok[:, column], column]),
    )


def _check_weights(sample_weight: ArrayLike | None, n_rows: int) -> np.ndarray | None:
    if sample_weight is None:
        return None
    try:
        weights = np.asarray(sample_weight, dtype=np.float64).ravel()
    except (TypeError, ValueError):
        raise InputError("scorecard.bad_weights") from None
    if weights.shape != (n_rows,):
        raise InputError("scorecard.length_mismatch", n_rows=n_rows, n_outcomes=weights.size)
    if not np.isfinite(weights).all() or (weights < 0).any() or weights.sum() <= 0:
        raise InputError("scorecard.bad_weights")
    return weights


def _encode_outcome(y: ArrayLike, n_rows: int) -> tuple[np.ndarray, np.ndarray]:
    """``(classes, is_positive)``: the two outcome labels and a boolean mask of the second one."""
    y = column_or_1d(np.asarray(y), warn=False)
    if y.shape[0] != n_rows:
        raise InputError("scorecard.length_mismatch", n_rows=n_rows, n_outcomes=y.shape[0])
    if y.dtype.kind == "b":
        positive = y
        classes = np.array([False, True])
    else:
        positive = np.asarray(y == 1, dtype=bool)
        if y.dtype.kind in "iuf" and ((y == 0) | positive).all():
            classes = np.array([0, 1], dtype=y.dtype)
        else:
            missing = pd.isna(y)
            if missing.any():
                raise InputError("scorecard.outcome_not_binary", examples="NaN")
            try:
                classes = np.unique(y)
            except TypeError:  # mixed labels such as 1 and "yes"
                raise InputError(
                    "scorecard.outcome_not_binary", examples=_format_examples(y)
                ) from None
            if classes.size > 2:
                raise InputError("scorecard.outcome_not_binary", examples=_format_examples(y))
            positive = np.asarray(y == classes[-1], dtype=bool)
    if not positive.any() or positive.all():
        raise InputError("scorecard.one_class")
    return classes, positive


def _factor_names(estimator: BaseEstimator, n_factors: int) -> tuple[str, ...]:
    names = getattr(estimator, "feature_names_in_", None)
    if names is not None:
        return tuple(str(name) for name in names)
    return tuple(f"x{i}" for i in range(n_factors))


# --------------------------------------------------------------------------------------------
# Grouped counts
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class GroupedData:
    """Weighted counts of cases and totals for each distinct 0/1 pattern of factors.

    Attributes
    ----------
    factors : tuple of str
        Factor names, in column order.
    patterns : ndarray of uint8, shape (m, k)
        One row per distinct pattern that has positive total weight.
    cases : ndarray of float, shape (m,)
        Weighted number of rows with the outcome, per pattern.
    totals : ndarray of float, shape (m,)
        Weighted number of rows, per pattern (``cases <= totals``).
    """

    factors: tuple[str, ...]
    patterns: np.ndarray
    cases: np.ndarray
    totals: np.ndarray

    @property
    def noncases(self) -> np.ndarray:
        """Weighted number of rows without the outcome, per pattern."""
        return self.totals - self.cases

    @property
    def n(self) -> float:
        """Total weight (number of children when unweighted)."""
        return float(self.totals.sum())

    @property
    def n_cases(self) -> float:
        """Total weight of rows with the outcome."""
        return float(self.cases.sum())

    @property
    def base_rate(self) -> float:
        """Share of rows with the outcome."""
        return self.n_cases / self.n

    def to_frame(self) -> pd.DataFrame:
        """The counts as a table: one 0/1 column per factor, then ``cases`` and ``totals``."""
        frame = pd.DataFrame(self.patterns, columns=list(self.factors))
        frame["cases"] = self.cases
        frame["totals"] = self.totals
        return frame

    def points_vector(self, points: Mapping[str, float] | ArrayLike) -> np.ndarray:
        """Points per factor in column order; a mapping may omit factors (they score 0)."""
        if isinstance(points, Mapping):
            unknown = [name for name in points if name not in self.factors]
            if unknown:
                raise InputError(
                    "scorecard.unknown_factor", factor=unknown[0], known=", ".join(self.factors)
                )
            vector = np.array([points.get(name, 0) for name in self.factors], dtype=np.float64)
        else:
            vector = np.asarray(points, dtype=np.float64).ravel()
            if vector.shape != (len(self.factors),):
                raise ValueError(f"expected {len(self.factors)} points, got {vector.size}")
        if np.all(vector == np.round(vector)):
            return vector.astype(np.int64)
        return vector

    def total_points(self, points: Mapping[str, float] | ArrayLike) -> np.ndarray:
        """Total points of each pattern."""
        return self.patterns.astype(np.int64) @ self.points_vector(points)

    def expanded(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(X, y, weight)`` with one row per pattern and outcome that has positive weight.

        This is the frame a weighted fitter or :func:`sklearn.metrics.roc_auc_score` sees: at
        most two rows per pattern, weighted by the counts.
        """
        index, outcome, weight = self._expanded_index()
        return self.patterns[index], outcome, weight

    def _expanded_index(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        with_case = np.flatnonzero(self.cases > 0)
        with_noncase = np.flatnonzero(self.noncases > 0)
        index = np.concatenate([with_case, with_noncase])
        outcome = np.concatenate(
            [np.ones(with_case.size, np.uint8), np.zeros(with_noncase.size, np.uint8)]
        )
        weight = np.concatenate([self.cases[with_case], self.noncases[with_noncase]])
        return index, outcome, weight


def _pack(Xb: np.ndarray) -> np.ndarray:
    """Each row's 0/1 pattern as one unsigned integer (bit j = factor j), one column at a time."""
    n_factors = Xb.shape[1]
    dtype = next(
        d for d in (np.uint8, np.uint16, np.uint32, np.uint64) if np.iinfo(d).bits >= n_factors
    )
    codes = np.zeros(Xb.shape[0], dtype=dtype)
    for j in range(n_factors):
        column = Xb[:, j].astype(dtype, copy=False)
        codes |= column << dtype(j)
    return codes


def _unpack(codes: np.ndarray, n_factors: int) -> np.ndarray:
    codes = codes.astype(np.uint64)
    shifts = np.arange(n_factors, dtype=np.uint64)
    return ((codes[:, None] >> shifts) & np.uint64(1)).astype(np.uint8)


def _aggregate(
    Xb: np.ndarray,
    factors: tuple[str, ...],
    positive: np.ndarray | None,
    weights: np.ndarray | None,
    case_weights: np.ndarray | None = None,
) -> GroupedData:
    """Sum weights per pattern: ``totals`` from ``weights``; ``cases`` from the ``positive``
    rows, or from ``case_weights`` when counts are already aggregated."""
    n_factors = Xb.shape[1]
    if n_factors > 64:
        uniq, inverse = np.unique(Xb, axis=0, return_inverse=True)
        keys, length = inverse.ravel(), uniq.shape[0]
    else:
        codes = _pack(Xb)
        if n_factors <= _BINCOUNT_MAX_FACTORS:
            keys, length, uniq = codes, 1 << n_factors, None
        else:
            uniq, keys = np.unique(codes, return_inverse=True)
            length = uniq.size
    totals = np.bincount(keys, weights=weights, minlength=length).astype(np.float64, copy=False)
    if case_weights is not None:
        cases = np.bincount(keys, weights=case_weights, minlength=length)
    elif weights is None:
        cases = np.bincount(keys[positive], minlength=length).astype(np.float64)
    else:
        cases = np.bincount(keys[positive], weights=weights[positive], minlength=length)
    present = np.flatnonzero(totals > 0)
    if uniq is None:
        patterns = _unpack(present, n_factors)
    elif uniq.ndim == 2:
        patterns = uniq[present].astype(np.uint8)
    else:
        patterns = _unpack(uniq[present], n_factors)
    # Float sums of weights can leave cases a hair above totals; clip so noncases >= 0.
    cases = np.minimum(cases[present], totals[present])
    return GroupedData(factors, patterns, cases, totals[present])


def group_patterns(
    X: pd.DataFrame | ArrayLike,
    y: ArrayLike,
    sample_weight: ArrayLike | None = None,
    *,
    factors: Sequence[str] | None = None,
) -> GroupedData:
    """Count cases and totals per distinct 0/1 pattern of factors, in one pass over the rows.

    Parameters
    ----------
    X : DataFrame or array of shape (n, k)
        0/1 (or boolean) factors; DataFrame columns give the factor names.
    y : array of shape (n,)
        Outcome, 0/1 or boolean (1 / True = the outcome happened).
    sample_weight : array of shape (n,), optional
        Non-negative weight of each row (read as a frequency: a row of weight 3 counts as 3).
    factors : sequence of str, optional
        Factor names for an array ``X``; default ``x0, x1, ...``.

    Returns
    -------
    GroupedData
    """
    if isinstance(X, pd.DataFrame):
        names = tuple(str(c) for c in X.columns)
        X = X.to_numpy()
    else:
        X = np.asarray(X)
        if X.ndim != 2:
            raise ValueError("X must be two-dimensional: one row per child, one column per factor")
        names = tuple(factors) if factors is not None else tuple(f"x{i}" for i in range(X.shape[1]))
    Xb = _as_binary(X, names)
    weights = _check_weights(sample_weight, Xb.shape[0])
    _, positive = _encode_outcome(y, Xb.shape[0])
    return _aggregate(Xb, names, positive, weights)


def grouped_from_counts(
    patterns: pd.DataFrame | ArrayLike,
    cases: ArrayLike,
    totals: ArrayLike,
    *,
    factors: Sequence[str] | None = None,
) -> GroupedData:
    """Check an already aggregated table (one row per pattern) and return it as GroupedData.

    Repeated patterns are summed; rows with a total of 0 are dropped.
    """
    if isinstance(patterns, pd.DataFrame):
        names = tuple(str(c) for c in patterns.columns)
        matrix = patterns.to_numpy()
    else:
        matrix = np.asarray(patterns)
        names = (
            tuple(factors)
            if factors is not None
            else tuple(f"x{i}" for i in range(matrix.shape[1]))
        )
    return _grouped_from_matrix(_as_binary(matrix, names), names, cases, totals)


def _grouped_from_matrix(
    Xb: np.ndarray, names: tuple[str, ...], cases: ArrayLike, totals: ArrayLike
) -> GroupedData:
    n_rows = Xb.shape[0]
    arrays = []
    for values in (cases, totals):
        try:
            array = np.asarray(values, dtype=np.float64).ravel()
        except (TypeError, ValueError):
            raise InputError("scorecard.bad_counts", row=1) from None
        if array.shape != (n_rows,):
            raise InputError("scorecard.length_mismatch", n_rows=n_rows, n_outcomes=array.size)
        arrays.append(array)
    case_counts, total_counts = arrays
    bad = ~(np.isfinite(case_counts) & np.isfinite(total_counts))
    bad |= (case_counts < 0) | (case_counts > total_counts)
    if bad.any():
        raise InputError("scorecard.bad_counts", row=int(np.flatnonzero(bad)[0]) + 1)
    if total_counts.sum() <= 0:
        raise InputError("scorecard.bad_weights")
    return _aggregate(Xb, names, None, total_counts, case_weights=case_counts)


# --------------------------------------------------------------------------------------------
# Checks on grouped data: one class, constant factors, collinearity, separation
# --------------------------------------------------------------------------------------------


def _design(patterns: np.ndarray) -> np.ndarray:
    return np.column_stack([np.ones(patterns.shape[0]), patterns.astype(np.float64)])


def _check_size(n_factors: int, n_patterns: int | None = None) -> None:
    """Refuse more than :data:`MAX_FACTORS` factors or :data:`MAX_PATTERNS` patterns."""
    if n_factors > MAX_FACTORS:
        raise InputError("scorecard.too_many_factors", count=n_factors, limit=MAX_FACTORS)
    if n_patterns is not None and n_patterns > MAX_PATTERNS:
        raise InputError(
            "scorecard.too_many_patterns",
            count=f"{n_patterns:,}".replace(",", "\u00a0"),
            limit=f"{MAX_PATTERNS:,}".replace(",", "\u00a0"),
        )


def _null_space(Z: np.ndarray) -> np.ndarray:
    """Rows spanning the null space of ``Z`` (none when its columns are independent).

    A thin SVD: memory O(patterns × factors). The full one (``full_matrices=True``) also builds
    a patterns × patterns matrix, 6.5 GiB for 30,000 patterns. With fewer rows than columns
    the thin SVD would not return the whole null space, so ``Z`` is padded with zero rows,
    which do not change it.
    """
    n_rows, n_columns = Z.shape
    if n_rows < n_columns:
        Z = np.vstack([Z, np.zeros((n_columns - n_rows, n_columns))])
    _, singular, vt = np.linalg.svd(Z, full_matrices=False)
    rank = int((singular > singular[0] * 1e-10).sum())
    return vt[rank:]


def _check_identifiable(grouped: GroupedData) -> None:
    """Raise the InputError that explains why no finite maximum-likelihood fit exists."""
    if grouped.n_cases <= 0 or (grouped.totals - grouped.cases).sum() <= 0:
        raise InputError("scorecard.one_class")
    names = grouped.factors
    patterns = grouped.patterns
    for j, name in enumerate(names):
        column = patterns[:, j]
        if column.min() == column.max():
            raise InputError("scorecard.constant_factor", factor=name)

    Z = _design(patterns)
    null = _null_space(Z)
    if len(null):
        involved = [names[j - 1] for j in range(1, Z.shape[1]) if np.abs(null[:, j]).max() > 1e-8]
        raise InputError("scorecard.collinear", factor=", ".join(involved))

    # A zero cell in a factor's 2x2 table with the outcome: quasi-complete separation.
    cases, noncases = grouped.cases, grouped.noncases
    on = patterns.astype(bool)
    cells = np.stack([cases @ on, noncases @ on, cases @ ~on, noncases @ ~on])  # shape (4, k)
    zero = np.flatnonzero((cells <= 0).any(axis=0))
    if zero.size:
        raise InputError("scorecard.separation", factor=", ".join(names[j] for j in zero))

    # Combinations of factors: the linear programme of Konis (2007). Separation exists iff some
    # direction d has d.z >= 0 on every case pattern and <= 0 on every non-case pattern, with
    # at least one strict inequality; we maximise the sum under a box so the optimum is finite.
    signed = np.concatenate([Z[cases > 0], -Z[noncases > 0]])
    result = optimize.linprog(
        c=-signed.sum(axis=0),
        A_ub=-signed,
        b_ub=np.zeros(signed.shape[0]),
        bounds=[(-1.0, 1.0)] * Z.shape[1],
        method="highs",
    )
    if result.status == 0 and -result.fun > 1e-6:
        direction = result.x[1:]
        involved = [names[j] for j in np.flatnonzero(np.abs(direction) > 1e-6)]
        raise InputError("scorecard.separation", factor=", ".join(involved or names))


# --------------------------------------------------------------------------------------------
# Fitting
# --------------------------------------------------------------------------------------------


def _fit_logistic(
    X: np.ndarray,
    cases: np.ndarray,
    totals: np.ndarray,
    *,
    solver: str,
    tol: float,
    max_iter: int,
) -> tuple[np.ndarray, float, int]:
    """Maximum-likelihood logistic fit on grouped rows; returns ``(coef, intercept, n_iter)``."""
    grouped = GroupedData(tuple(), X, cases, totals)
    index, outcome, weight = grouped._expanded_index()
    model = LogisticRegression(C=np.inf, solver=solver, tol=tol, max_iter=max_iter)
    model.fit(X[index], outcome, sample_weight=weight)
    return model.coef_.ravel().copy(), float(model.intercept_[0]), int(np.max(model.n_iter_))


def _fisher_covariance(
    Z: np.ndarray, totals: np.ndarray, beta: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """``(covariance, score)``: inverse of Z' W Z with W = n p (1-p), and the score at ``beta``."""
    eta = Z @ beta
    prob = 1.0 / (1.0 + np.exp(-eta))
    info = Z.T @ (Z * (totals * prob * (1.0 - prob))[:, None])
    return np.linalg.inv(info), prob


def _round_half_away(values: np.ndarray) -> np.ndarray:
    return (np.sign(values) * np.floor(np.abs(values) + 0.5)).astype(np.int64)


def points_from_coef(coef: ArrayLike, points_per_doubling: int) -> np.ndarray:
    """Whole points per factor: ``round(coef * s / ln 2)``, halves rounded away from zero.

    ``s`` (``points_per_doubling``) points stand for a doubling of the odds: a factor with odds
    ratio 2 gets ``s`` points, one with odds ratio 4 gets ``2 s``, one with 0.5 gets ``-s``.
    """
    return _round_half_away(np.asarray(coef, dtype=np.float64).ravel() * points_per_doubling / _LN2)


def _loglik(cases: np.ndarray, noncases: np.ndarray, eta: np.ndarray) -> float:
    """Binomial log-likelihood of grouped counts at log-odds ``eta`` (stable for large |eta|)."""
    return float(-(cases @ np.logaddexp(0.0, -eta)) - noncases @ np.logaddexp(0.0, eta))


def _points_rule_fit(
    totals_per_pattern: np.ndarray, cases: np.ndarray, totals: np.ndarray
) -> tuple[float, float, float]:
    """``(a, b, loglik)`` of ``risk = expit(a + b · points)`` by Newton on the counts by total.

    The quick version of :func:`fit_points_risk` for the rounding search (about 0.1 ms); the
    fitted card uses :func:`fit_points_risk` for the final rule and its covariance.
    """
    t = np.asarray(totals_per_pattern)
    if t.dtype.kind in "iu":
        low = int(t.min())
        c = np.bincount(t - low, weights=cases)
        n = np.bincount(t - low, weights=totals)
        keep = n > 0
        values, c, n = np.flatnonzero(keep) + low, c[keep], n[keep]
    else:
        values, inverse = np.unique(t, return_inverse=True)
        c = np.bincount(inverse, weights=cases, minlength=values.size)
        n = np.bincount(inverse, weights=totals, minlength=values.size)
    nc = n - c
    rate = c.sum() / n.sum()
    a, b = math.log(rate / (1 - rate)), 0.0
    if values.size == 1:
        return a, 0.0, _loglik(c, nc, np.full(1, a))
    v = values.astype(np.float64)
    center = float((n @ v) / n.sum())
    u = v - center  # centred: better conditioned
    for _ in range(50):
        p = expit_array(a + b * u)
        resid = c - n * p
        w = n * p * (1 - p)
        g0, g1 = resid.sum(), resid @ u
        h00, h01, h11 = w.sum(), w @ u, w @ (u * u)
        det = h00 * h11 - h01 * h01
        if not det > 0:
            break
        da, db = (h11 * g0 - h01 * g1) / det, (h00 * g1 - h01 * g0) / det
        a, b = a + da, b + db
        if max(abs(da), abs(db)) < 1e-10:
            break
    return a - b * center, b, _loglik(c, nc, a + b * u)


def expit_array(x: np.ndarray) -> np.ndarray:
    """Logistic function without overflow warnings."""
    return np.exp(-np.logaddexp(0.0, -x))


@dataclass(frozen=True)
class RoundingCost:
    """What turning a model's log-odds into whole points costs, on the training counts.

    Attributes
    ----------
    loglik_full, loglik_points : float
        Log-likelihood of the full model and of the points rule ``expit(a + b · points)``.
    loglik_loss : float
        ``loglik_full − loglik_points`` (≥ 0 up to rounding: the full model fits best).
    group_error : float
        Largest relative difference ``|risk_points ÷ risk_full − 1|`` over the patterns with at
        least ``min_group`` (weighted) rows; 0 when there is no such pattern.
    auc_points : float
        Weighted AUC of total points.
    """

    loglik_full: float
    loglik_points: float
    loglik_loss: float
    group_error: float
    auc_points: float


def rounding_cost(
    grouped: GroupedData,
    points: Mapping[str, float] | ArrayLike,
    eta_full: ArrayLike,
    *,
    min_group: float = 1000.0,
) -> RoundingCost:
    """:class:`RoundingCost` of ``points`` against a full model with per-pattern log-odds."""
    eta_full = np.asarray(eta_full, dtype=np.float64).ravel()
    per_pattern = grouped.total_points(points)
    a, b, ll_points = _points_rule_fit(per_pattern, grouped.cases, grouped.totals)
    ll_full = _loglik(grouped.cases, grouped.noncases, eta_full)
    big = grouped.totals >= min_group
    if big.any():
        ratio = expit_array(a + b * per_pattern[big]) / expit_array(eta_full[big])
        worst = float(np.abs(ratio - 1.0).max())
    else:
        worst = 0.0
    return RoundingCost(ll_full, ll_points, ll_full - ll_points, worst,
                        weighted_auc(grouped, per_pattern))  # fmt: skip


def round_points(
    grouped: GroupedData, coef: ArrayLike, points_per_doubling: int, *, sweeps: int = 3
) -> np.ndarray:
    """Whole points at scale ``s`` that keep the model's risks: each factor rounded down or up.

    Starts from :func:`points_from_coef` and, factor by factor (largest ``|coef|`` first),
    keeps whichever of ``floor(coef · s / ln 2)`` and ``ceil(…)`` gives the points rule the
    higher log-likelihood on the training counts; repeats until nothing changes (at most
    ``sweeps`` passes). The coordinate-descent idea of FasterRisk (Liu et al. 2022), restricted
    to the two nearest integers: at ≤ 20 factors it costs a few milliseconds.
    """
    coef = np.asarray(coef, dtype=np.float64).ravel()
    scaled = coef * points_per_doubling / _LN2
    points = _round_half_away(scaled)
    lower, upper = np.floor(scaled).astype(np.int64), np.ceil(scaled).astype(np.int64)

    def loglik(candidate: np.ndarray) -> float:
        return _points_rule_fit(grouped.total_points(candidate), grouped.cases, grouped.totals)[2]

    best = loglik(points)
    order = np.argsort(-np.abs(coef), kind="stable")
    for _ in range(sweeps):
        changed = False
        for j in order:
            if lower[j] == upper[j]:
                continue
            trial = points.copy()
            trial[j] = upper[j] if points[j] == lower[j] else lower[j]
            value = loglik(trial)
            if value > best + 1e-9:
                points, best, changed = trial, value, True
        if not changed:
            break
    return points


def weighted_auc(grouped: GroupedData, scores: ArrayLike) -> float:
    """Weighted ROC AUC of per-pattern ``scores``, ties counting half; NaN with one class.

    The chance that a child with the outcome scores higher than one without (Mann-Whitney),
    from the counts. Equal to ``sklearn.metrics.roc_auc_score(y, s, sample_weight=w)`` on the
    frame of :meth:`GroupedData.expanded` (tested), computed directly because that function's
    input checks cost about 4 ms a call: more than a whole grouped fit of a million rows, and
    the app recomputes AUC on every change of points.
    """
    values, inverse = np.unique(np.asarray(scores, dtype=np.float64).ravel(), return_inverse=True)
    cases = np.bincount(inverse, weights=grouped.cases, minlength=values.size)
    noncases = np.bincount(inverse, weights=grouped.noncases, minlength=values.size)
    n_cases, n_noncases = cases.sum(), noncases.sum()
    if n_cases <= 0 or n_noncases <= 0:
        return math.nan
    below = np.cumsum(noncases) - noncases
    return float((cases * (below + 0.5 * noncases)).sum() / (n_cases * n_noncases))


@dataclass(frozen=True)
class PointsRisk:
    """The rule that turns total points into a risk: ``1 / (1 + exp(-(a + b * points)))``.

    Attributes
    ----------
    intercept, slope : float
        ``a`` and ``b``, fitted by maximum likelihood on the training counts by total points.
    covariance : ndarray, shape (2, 2)
        Covariance of ``(a, b)`` (inverse Fisher information). When every row has the same total
        (all points 0), ``b`` is fixed at 0 and only ``a`` (the base rate) is uncertain.
    """

    intercept: float
    slope: float
    covariance: np.ndarray

    def risk(self, points: ArrayLike, alpha: float = 0.05) -> pd.DataFrame:
        """Risk and Wald interval (on the log-odds scale) for each total in ``points``."""
        totals = np.asarray(points, dtype=np.float64).ravel()
        eta = self.intercept + self.slope * totals
        cov = self.covariance
        se = np.sqrt(cov[0, 0] + totals**2 * cov[1, 1] + 2 * totals * cov[0, 1])
        z = stats.norm.ppf(1 - alpha / 2)
        return pd.DataFrame(
            {
                "points": np.asarray(points).ravel(),
                "risk": _expit(eta),
                "ci_low": _expit(eta - z * se),
                "ci_high": _expit(eta + z * se),
            }
        )


def _expit(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def fit_points_risk(
    grouped: GroupedData,
    points: Mapping[str, float] | ArrayLike,
    *,
    solver: str = "newton-cholesky",
    tol: float = 1e-10,
    max_iter: int = 1000,
) -> PointsRisk:
    """Fit ``risk = 1 / (1 + exp(-(a + b * points)))`` on the counts grouped by total points."""
    totals_per_pattern = grouped.total_points(points)
    values, inverse = np.unique(totals_per_pattern, return_inverse=True)
    cases = np.bincount(inverse, weights=grouped.cases, minlength=values.size)
    totals = np.bincount(inverse, weights=grouped.totals, minlength=values.size)
    noncases = totals - cases
    n_cases, n = cases.sum(), totals.sum()
    if n_cases <= 0 or n_cases >= n:
        raise InputError("scorecard.one_class")
    if values.size == 1:
        rate = n_cases / n
        cov = np.array([[1.0 / (n * rate * (1 - rate)), 0.0], [0.0, 0.0]])
        return PointsRisk(math.log(rate / (1 - rate)), 0.0, cov)
    case_values, noncase_values = values[cases > 0], values[noncases > 0]
    if case_values.min() >= noncase_values.max() or case_values.max() <= noncase_values.min():
        factors = [
            f for f, p in zip(grouped.factors, grouped.points_vector(points), strict=True) if p != 0
        ]
        raise InputError("scorecard.separation", factor=", ".join(factors))
    coef, intercept, _ = _fit_logistic(
        values[:, None].astype(np.float64), cases, totals, solver=solver, tol=tol, max_iter=max_iter
    )
    beta = np.array([intercept, coef[0]])
    cov, _ = _fisher_covariance(_design(values[:, None]), totals, beta)
    return PointsRisk(float(intercept), float(coef[0]), cov)


def achievable_totals(points: ArrayLike) -> np.ndarray:
    """Every total that some combination of factors can reach (all subsets), sorted."""
    sums = {0}
    for value in np.asarray(points).ravel().tolist():
        sums |= {s + value for s in sums}
    return np.array(sorted(sums))


def risk_table(
    grouped: GroupedData,
    points: Mapping[str, float] | ArrayLike,
    *,
    alpha: float = 0.05,
    rule: PointsRisk | None = None,
) -> pd.DataFrame:
    """Risk for every achievable total, with the training rows seen at each total.

    Rows cover every total that **any** combination of factors can reach (not only those seen
    in training), so a reader can look up any child profile. Columns: ``points``, ``risk``,
    ``ci_low``, ``ci_high`` (Wald interval for ``alpha``), ``n`` (weighted training rows with
    that total; 0 when none), ``observed`` (their outcome rate, NaN where ``n`` is 0).
    """
    vector = grouped.points_vector(points)
    rule = rule if rule is not None else fit_points_risk(grouped, vector)
    table = rule.risk(achievable_totals(vector), alpha=alpha)
    per_pattern = grouped.total_points(vector)
    position = np.searchsorted(table["points"].to_numpy(), per_pattern)
    n = np.bincount(position, weights=grouped.totals, minlength=len(table))
    cases = np.bincount(position, weights=grouped.cases, minlength=len(table))
    table["n"] = n
    with np.errstate(invalid="ignore", divide="ignore"):
        table["observed"] = np.where(n > 0, cases / np.where(n > 0, n, 1), np.nan)
    return table


# --------------------------------------------------------------------------------------------
# Metrics on grouped counts, for any points
# --------------------------------------------------------------------------------------------


def _confusion(
    tp: np.ndarray, fp: np.ndarray, n_cases: float, n_noncases: float
) -> dict[str, np.ndarray]:
    flagged = tp + fp
    tn = n_noncases - fp
    with np.errstate(invalid="ignore", divide="ignore"):
        ppv = np.where(flagged > 0, tp / np.where(flagged > 0, flagged, 1), np.nan)
    return {
        "flagged": flagged,
        "true_positives": tp,
        "false_positives": fp,
        "false_negatives": n_cases - tp,
        "true_negatives": tn,
        "ppv": ppv,
        "sensitivity": tp / n_cases if n_cases > 0 else np.full_like(tp, np.nan),
        "specificity": tn / n_noncases if n_noncases > 0 else np.full_like(fp, np.nan),
    }


def evaluate_points(
    grouped: GroupedData, points: Mapping[str, float] | ArrayLike, threshold: float
) -> dict[str, float]:
    """How points flag children at ``total >= threshold``, from weighted grouped counts.

    Returns a dict with ``auc`` (of total points, any threshold), ``flagged``,
    ``true_positives``, ``false_positives``, ``false_negatives``, ``true_negatives``, ``ppv``
    (NaN when no one is flagged), ``sensitivity``, ``specificity``, ``base_rate``, ``n`` and
    ``threshold``.
    """
    totals = grouped.total_points(points)
    flagged = totals >= threshold
    tp = np.array([grouped.cases[flagged].sum()])
    fp = np.array([grouped.noncases[flagged].sum()])
    table = _confusion(tp, fp, grouped.n_cases, grouped.n - grouped.n_cases)
    result = {key: float(value[0]) for key, value in table.items()}
    result.update(
        auc=weighted_auc(grouped, totals),
        base_rate=grouped.base_rate,
        n=grouped.n,
        threshold=threshold,
    )
    return result


def threshold_sweep(grouped: GroupedData, points: Mapping[str, float] | ArrayLike) -> pd.DataFrame:
    """:func:`evaluate_points` for every threshold equal to a total seen in the data.

    One row per threshold, lowest first (the lowest flags everyone); same fields as
    :func:`evaluate_points`. Read a row as "of ``flagged`` children flagged, ``true_positives``
    had the outcome".
    """
    totals = grouped.total_points(points)
    values, inverse = np.unique(totals, return_inverse=True)
    cases = np.bincount(inverse, weights=grouped.cases, minlength=values.size)
    noncases = np.bincount(inverse, weights=grouped.noncases, minlength=values.size)
    tp = np.cumsum(cases[::-1])[::-1]  # flagged at threshold v: every total >= v
    fp = np.cumsum(noncases[::-1])[::-1]
    frame = pd.DataFrame({"threshold": values})
    for key, column in _confusion(tp, fp, grouped.n_cases, grouped.n - grouped.n_cases).items():
        frame[key] = column
    frame["auc"] = weighted_auc(grouped, totals)
    frame["base_rate"] = grouped.base_rate
    frame["n"] = grouped.n
    return frame


def calibration_table(
    grouped: GroupedData,
    predicted: ArrayLike,
    *,
    groups: ArrayLike | None = None,
    n_bins: int = 10,
) -> pd.DataFrame:
    """Predicted against observed risk, per group of patterns.

    Parameters
    ----------
    grouped : GroupedData
    predicted : array of shape (m,)
        Predicted risk of each pattern of ``grouped``.
    groups : array of shape (m,), optional
        A label per pattern, e.g. its total points. Without it, patterns are binned into
        ``n_bins`` groups of about equal weight by predicted risk (deciles by default; a pattern
        is never split, so bins can be uneven or fewer; they are numbered 1, 2, ... from the
        lowest risk).

    Returns
    -------
    DataFrame
        ``group``, ``n``, ``cases``, ``predicted`` (weighted mean), ``observed`` (cases / n).
    """
    predicted = np.asarray(predicted, dtype=np.float64).ravel()
    if groups is None:
        order = np.argsort(predicted, kind="stable")
        weight = grouped.totals[order]
        middle = (np.cumsum(weight) - weight / 2) / weight.sum()
        labels = np.empty(predicted.size, dtype=np.int64)
        labels[order] = np.minimum((middle * n_bins).astype(np.int64), n_bins - 1)
        groups = np.unique(labels, return_inverse=True)[1] + 1  # number the bins 1, 2, ...
    frame = pd.DataFrame(
        {
            "group": np.asarray(groups).ravel(),
            "n": grouped.totals,
            "cases": grouped.cases,
            "weighted": predicted * grouped.totals,
        }
    )
    table = frame.groupby("group", sort=True, as_index=False).sum()
    table["predicted"] = table.pop("weighted") / table["n"]
    table["observed"] = table["cases"] / table["n"]
    return table


def prior_shift(sample_rate: float, population_rate: float) -> float:
    """``logit(π) − logit(ȳ)``: what the intercept of a logistic model fitted on rows selected
    on the outcome (all offenders, a sample of the others) must move by to give risks at the
    population rate ``π`` (prior correction, King & Zeng 2001, "Logistic regression in rare
    events data", eq. 7). The slopes (odds ratios) need no correction."""
    for rate in (sample_rate, population_rate):
        if not 0.0 < rate < 1.0:
            raise InputError("scorecard.bad_population_rate", rate=f"{rate:g}")
    logit = lambda p: math.log(p / (1.0 - p))  # noqa: E731
    return logit(population_rate) - logit(sample_rate)


def at_population_rate(
    metrics: Mapping[str, float], population_rate: float, n: float = 100_000.0
) -> dict[str, float]:
    """The counts of :func:`evaluate_points` for ``n`` children of a population with outcome
    rate ``π``, from the sample's sensitivity and specificity (which selection on the outcome
    leaves unbiased): flagged = n (sens π + (1 − spec)(1 − π)), PPV = sens π ÷ that share.

    >>> m = at_population_rate({"sensitivity": 0.5, "specificity": 0.9, "auc": 0.7}, 0.01)
    >>> round(m["ppv"], 4), round(m["flagged"]), round(m["true_positives"])
    (0.0481, 10400, 500)
    """
    sens, spec, pi = metrics["sensitivity"], metrics["specificity"], population_rate
    tp = n * pi * sens
    fp = n * (1.0 - pi) * (1.0 - spec)
    out = dict(metrics)
    out.update(
        flagged=tp + fp,
        true_positives=tp,
        false_positives=fp,
        false_negatives=n * pi - tp,
        true_negatives=n * (1.0 - pi) * spec,
        ppv=tp / (tp + fp) if tp + fp > 0 else math.nan,
        base_rate=pi,
        n=n,
        population_rate=pi,
    )
    return out


def _sandwich(
    Z: np.ndarray,
    bread: np.ndarray,
    prob: np.ndarray,
    sq_cases: np.ndarray,
    sq_noncases: np.ndarray,
) -> np.ndarray:
    """HC0 covariance ``B M B``: ``B`` the inverse weighted information, ``M`` the sum over rows
    of ``(w_i (y_i − p_i))² z_i z_i'``, from per-pattern sums of squared weights of the rows
    with and without the outcome."""
    per_pattern = sq_cases * (1.0 - prob) ** 2 + sq_noncases * prob**2
    meat = Z.T @ (Z * per_pattern[:, None])
    return bread @ meat @ bread


# --------------------------------------------------------------------------------------------
# The estimator
# --------------------------------------------------------------------------------------------


class Scorecard(ClassifierMixin, BaseEstimator):
    """Integer-points logistic scorecard fitted on grouped counts of 0/1 risk factors.

    For population-level prevention planning, never for labelling an individual child.

    Parameters
    ----------
    alpha : float, default 0.05
        Confidence intervals are ``1 - alpha`` Wald intervals.
    points_scale : "auto" or int, default "auto"
        Points per doubling of the odds, ``s``. With an int, ``points = round(coef * s / ln 2)``.
        ``"auto"`` tries ``s`` = 1, 2, … 10 (:data:`AUTO_SCALES`), rounds each factor down or
        up to keep the model's risks (:func:`round_points`), and takes the smallest ``s`` whose
        points rule keeps calibration: it loses at most ``max_loglik_loss`` log-likelihood
        units against the full model, no pattern of at least ``min_group`` (weighted) rows is
        off by more than ``max_group_error`` in relative risk, and the AUC falls by at most
        ``max_auc_loss``. If no scale passes, the one with the smallest log-likelihood loss.
    max_loglik_loss : float, default 5.0
        Log-likelihood units the points rule may lose against the full model.
    max_group_error : float, default 0.10
        Largest relative risk error allowed in a pattern of ``min_group`` rows or more.
    min_group : float, default 1000
        Weighted rows a pattern needs for ``max_group_error`` to apply to it.
    max_auc_loss : float, default 0.005
        AUC the points may lose against the full model when ``points_scale="auto"``.
    solver : {"newton-cholesky", "lbfgs"}, default "newton-cholesky"
        Solver of the scikit-learn ``LogisticRegression(C=np.inf)`` (no penalty).
    tol : float, default 1e-10
        Solver tolerance; tight, so odds ratios match other software to 4 decimals.
    max_iter : int, default 1000
        Solver iteration limit.
    population_rate : float or None, default None
        For rows selected on the outcome (a case-control extract: offenders from one register, a
        sample of others from another), the outcome rate of the population ``π``. The fitted
        intercept, :meth:`predict_proba`, ``risk_intercept_``, :meth:`profile_risk`,
        ``risk_table_`` (risks and observed rates) and :meth:`evaluate` then refer to that rate:
        the intercepts move by ``logit(π) − logit(ȳ)`` (:func:`prior_shift`); odds ratios,
        points and AUC are unchanged.
    weights : {"frequency", "survey"}, default "frequency"
        What ``sample_weight`` of :meth:`fit` means. ``"frequency"``: "this row stands for w
        people" (whole numbers, refused otherwise); standard errors as if each row were
        repeated. ``"survey"``: sampling weights, normalised to mean 1; standard errors are
        robust (HC0 sandwich), as statsmodels ``GLM(var_weights=w).fit(cov_type="HC0")``.

    Attributes
    ----------
    classes_ : ndarray of shape (2,)
        Outcome labels; the second is "the outcome happened".
    factors_ : tuple of str
        Factor names: DataFrame columns (also in ``feature_names_in_``), else ``x0, x1, ...``.
    coef_ : ndarray of shape (1, k)
        Log odds ratios in column order (scikit-learn's convention for binary classifiers).
    intercept_ : ndarray of shape (1,)
        Log odds of the outcome when no factor is present.
    covariance_ : DataFrame
        Inverse Fisher information, rows and columns ``intercept`` then the factors.
    std_errors_, p_values_ : Series
        Wald standard errors and two-sided p-values per factor.
    odds_ratios_ : DataFrame
        ``odds_ratio``, ``ci_low``, ``ci_high`` indexed by factor.
    points_ : Series of int
        Points per factor; protective factors get negative points.
    points_per_doubling_ : int
        The ``s`` used.
    auc_full_, auc_points_, auc_loss_ : float
        Weighted training AUC of the full model, of total points, and their difference (may be
        slightly negative: points can rank better than the model on training data).
    loglik_full_, loglik_points_, loglik_loss_ : float
        Training log-likelihood of the full model, of the points rule, and what the rounding
        costs (their difference).
    group_error_ : float
        What the rounding costs in risk: the largest ``|risk_points ÷ risk_full − 1|`` over
        patterns with at least ``min_group`` weighted rows (0 if there are none).
    risk_intercept_, risk_slope_ : float
        ``a`` and ``b`` in ``risk = 1 / (1 + exp(-(a + b * points)))``: the one rule that turns
        points into risk (:meth:`profile_risk`, :attr:`risk_table_` and :meth:`calibration`).
    risk_table_ : DataFrame
        See :func:`risk_table`.
    grouped_ : GroupedData
        The training counts, for :func:`evaluate_points` and friends.

    sample_shift_ : float
        What the intercepts moved by for ``population_rate`` (0 without it).

    Notes
    -----
    With ``weights="frequency"``, standard errors are those of a data set in which each row is
    repeated ``weight`` times (as statsmodels ``GLM(freq_weights=...)``); with ``"survey"``
    they are HC0 sandwich errors (weights × 100 then change nothing).

    ``predict`` uses probability 0.5, as scikit-learn expects; with rare outcomes it flags
    almost no one. The app flags by a *points* threshold instead (:func:`evaluate_points`).

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> rng = np.random.default_rng(0)
    >>> X = pd.DataFrame((rng.random((5000, 3)) < 0.3).astype(int),
    ...                  columns=["truancy", "family_conflict", "sports_club"])
    >>> logit = -2.5 + X @ np.array([1.0, 0.7, -0.5])
    >>> y = (rng.random(5000) < 1 / (1 + np.exp(-logit))).astype(int)
    >>> card = Scorecard().fit(X, y)
    >>> card.points_per_doubling_
    1
    >>> print(card.table()[["factor", "odds_ratio", "points"]].round(2).to_string(index=False))
             factor  odds_ratio  points
            truancy        2.37       2
    family_conflict        1.96       1
        sports_club        0.65      -1
    >>> card.profile_risk(["truancy", "family_conflict"])["points"]
    3
    """

    def __init__(
        self,
        *,
        alpha: float = 0.05,
        points_scale: str | int = "auto",
        max_loglik_loss: float = 5.0,
        max_group_error: float = 0.10,
        min_group: float = 1000.0,
        max_auc_loss: float = 0.005,
        solver: str = "newton-cholesky",
        tol: float = 1e-10,
        max_iter: int = 1000,
        population_rate: float | None = None,
        weights: str = "frequency",
    ) -> None:
        self.alpha = alpha
        self.population_rate = population_rate
        self.weights = weights
        self.points_scale = points_scale
        self.max_loglik_loss = max_loglik_loss
        self.max_group_error = max_group_error
        self.min_group = min_group
        self.max_auc_loss = max_auc_loss
        self.solver = solver
        self.tol = tol
        self.max_iter = max_iter

    # -- fitting ---------------------------------------------------------------------------

    def _training_input(self, X) -> tuple[np.ndarray, tuple[str, ...]]:
        """``X`` checked (sklearn's ``validate_data``, the factor cap, 0/1 values) as a 0/1
        matrix, with the factor names it sets (``feature_names_in_`` or ``x0, x1, …``)."""
        X = validate_data(self, X, reset=True, dtype=None, ensure_all_finite=False)
        _check_size(X.shape[1])
        factors = _factor_names(self, X.shape[1])
        return _as_binary(X, factors), factors

    def fit(
        self, X: pd.DataFrame | ArrayLike, y: ArrayLike, sample_weight: ArrayLike | None = None
    ):
        """Fit on one row per child: 0/1 factors ``X``, outcome ``y``, optional row weights.

        Returns
        -------
        self
        """
        Xb, factors = self._training_input(X)
        weights = _check_weights(sample_weight, Xb.shape[0])
        classes, positive = _encode_outcome(y, Xb.shape[0])
        squares = None
        if self.weights not in ("frequency", "survey"):
            raise ValueError(f"weights must be 'frequency' or 'survey', got {self.weights!r}")
        if weights is not None and self.weights == "frequency":
            fractional = weights != np.floor(weights)
            if fractional.any():
                raise InputError(
                    "scorecard.fractional_frequency_weight",
                    row=int(np.flatnonzero(fractional)[0]) + 1,
                    value=f"{weights[fractional][0]:g}",
                )
        if weights is not None and self.weights == "survey":
            weights = weights * (np.count_nonzero(weights) / weights.sum())
            sq = _aggregate(Xb, factors, positive, weights**2)
            squares = (sq.cases, sq.totals - sq.cases)
        grouped = _aggregate(Xb, factors, positive, weights)
        self.classes_ = classes
        return self._fit_grouped_data(grouped, squares)

    def fit_grouped(self, patterns: pd.DataFrame | ArrayLike, cases: ArrayLike, totals: ArrayLike):
        """Fit on an aggregated table: one row per 0/1 pattern with its ``cases`` and ``totals``.

        Same result as :meth:`fit` on the rows the table counts (``cases <= totals``). The
        outcome classes are ``[0, 1]``.

        Returns
        -------
        self
        """
        matrix, factors = self._training_input(patterns)
        grouped = _grouped_from_matrix(matrix, factors, cases, totals)
        self.classes_ = np.array([0, 1])
        return self._fit_grouped_data(grouped)

    def _fit_grouped_data(
        self, grouped: GroupedData, squares: tuple[np.ndarray, np.ndarray] | None = None
    ):
        scale = self.points_scale
        if not (scale == "auto" or (isinstance(scale, int | np.integer) and scale >= 1)):
            raise ValueError(f"points_scale must be 'auto' or a positive int, got {scale!r}")
        _check_size(len(grouped.factors), grouped.patterns.shape[0])
        _check_identifiable(grouped)
        factors = grouped.factors
        coef, intercept, n_iter = _fit_logistic(
            grouped.patterns,
            grouped.cases,
            grouped.totals,
            solver=self.solver,
            tol=self.tol,
            max_iter=self.max_iter,
        )
        beta = np.concatenate([[intercept], coef])
        Z = _design(grouped.patterns)
        cov, prob = _fisher_covariance(Z, grouped.totals, beta)
        score = Z.T @ (grouped.cases - grouped.totals * prob) / grouped.n
        if (
            not np.all(np.isfinite(cov))
            or np.abs(score).max() > 1e-6
            or np.abs(coef).max() > _MAX_ABS_COEF
        ):
            worst = np.abs(coef) >= min(np.abs(coef).max(), 10.0)
            raise InputError(
                "scorecard.separation",
                factor=", ".join(f for f, w in zip(factors, worst, strict=True) if w),
            )

        if squares is not None:
            cov = _sandwich(Z, cov, prob, *squares)
        shift = 0.0
        if self.population_rate is not None:
            shift = prior_shift(grouped.base_rate, float(self.population_rate))
        self.sample_shift_ = shift
        index = pd.Index(factors, name="factor")
        se = np.sqrt(np.diag(cov))
        z = stats.norm.ppf(1 - self.alpha / 2)
        self.factors_ = factors
        self.coef_ = coef[None, :]
        self.intercept_ = np.array([intercept + shift])
        self.n_iter_ = n_iter
        labels = ["intercept", *factors]
        self.covariance_ = pd.DataFrame(cov, index=labels, columns=labels)
        self.std_errors_ = pd.Series(se[1:], index=index, name="std_error")
        self.p_values_ = pd.Series(
            2 * stats.norm.sf(np.abs(coef / se[1:])), index=index, name="p_value"
        )
        self.odds_ratios_ = pd.DataFrame(
            {
                "odds_ratio": np.exp(coef),
                "ci_low": np.exp(coef - z * se[1:]),
                "ci_high": np.exp(coef + z * se[1:]),
            },
            index=index,
        )
        self.grouped_ = grouped

        eta = Z @ beta
        self.auc_full_ = weighted_auc(grouped, eta)
        scale, points, cost = self._choose_scale(grouped, coef, eta)
        self.points_per_doubling_ = int(scale)
        self.points_ = pd.Series(points, index=index, name="points")
        self.auc_points_ = cost.auc_points
        self.auc_loss_ = self.auc_full_ - cost.auc_points
        self.loglik_full_ = cost.loglik_full
        self.loglik_points_ = cost.loglik_points
        self.loglik_loss_ = cost.loglik_loss
        self.group_error_ = cost.group_error

        rule = fit_points_risk(
            grouped, points, solver=self.solver, tol=self.tol, max_iter=self.max_iter
        )
        if squares is not None:
            rule = self._robust_rule(grouped, points, rule, squares)
        rule = PointsRisk(rule.intercept + shift, rule.slope, rule.covariance)
        self.risk_intercept_ = rule.intercept
        self.risk_slope_ = rule.slope
        self.risk_covariance_ = rule.covariance
        table = risk_table(grouped, points, alpha=self.alpha, rule=rule)
        if shift:
            odds = table["observed"] / (1.0 - table["observed"]) * math.exp(shift)
            table["observed"] = odds / (1.0 + odds)
        self.risk_table_ = table
        return self

    @staticmethod
    def _robust_rule(
        grouped: GroupedData,
        points: np.ndarray,
        rule: PointsRisk,
        squares: tuple[np.ndarray, np.ndarray],
    ) -> PointsRisk:
        """The points rule with HC0 errors (survey weights), from the squared weights."""
        totals_per_pattern = grouped.total_points(points).astype(np.float64)
        Z = _design(totals_per_pattern[:, None])
        prob = _expit(rule.intercept + rule.slope * totals_per_pattern)
        info = Z.T @ (Z * (grouped.totals * prob * (1.0 - prob))[:, None])
        if rule.slope == 0.0 and np.all(totals_per_pattern == totals_per_pattern[0]):
            return rule
        cov = _sandwich(Z, np.linalg.inv(info), prob, *squares)
        return PointsRisk(rule.intercept, rule.slope, cov)

    def _choose_scale(
        self, grouped: GroupedData, coef: np.ndarray, eta: np.ndarray
    ) -> tuple[int, np.ndarray, RoundingCost]:
        def cost_of(points: np.ndarray) -> RoundingCost:
            return rounding_cost(grouped, points, eta, min_group=self.min_group)

        if self.points_scale != "auto":
            scale = int(self.points_scale)
            points = points_from_coef(coef, scale)
            return scale, points, cost_of(points)
        best: tuple[float, int, np.ndarray, RoundingCost] | None = None
        for scale in AUTO_SCALES:
            points = round_points(grouped, coef, scale)
            cost = cost_of(points)
            if (
                cost.loglik_loss <= self.max_loglik_loss
                and cost.group_error <= self.max_group_error
                and self.auc_full_ - cost.auc_points <= self.max_auc_loss
            ):
                return scale, points, cost
            if best is None or cost.loglik_loss < best[0]:
                best = (cost.loglik_loss, scale, points, cost)
        assert best is not None
        return best[1], best[2], best[3]

    # -- prediction --------------------------------------------------------------------------

    def _binary_input(self, X: pd.DataFrame | ArrayLike) -> np.ndarray:
        X = validate_data(self, X, reset=False, dtype=None, ensure_all_finite=False)
        return _as_binary(X, self.factors_)

    def decision_function(self, X: pd.DataFrame | ArrayLike) -> np.ndarray:
        """Log odds of the outcome per row (full model)."""
        check_is_fitted(self)
        Xb = self._binary_input(X)
        return Xb @ self.coef_.ravel() + self.intercept_[0]

    def predict_proba(self, X: pd.DataFrame | ArrayLike) -> np.ndarray:
        """Probabilities ``[P(no outcome), P(outcome)]`` per row, from the full model."""
        check_is_fitted(self)
        prob = _expit(self.decision_function(X))
        return np.column_stack([1.0 - prob, prob])

    def predict(self, X: pd.DataFrame | ArrayLike) -> np.ndarray:
        """Outcome label per row at probability 0.5 (the app uses points thresholds instead)."""
        check_is_fitted(self)
        return self.classes_[(self.decision_function(X) > 0).astype(np.int64)]

    def score_points(self, X: pd.DataFrame | ArrayLike) -> np.ndarray:
        """Total points per row (int)."""
        check_is_fitted(self)
        Xb = self._binary_input(X)
        return Xb.astype(np.int64) @ self.points_.to_numpy()

    def profile_risk(self, present: Mapping[str, bool] | Iterable[str]) -> dict[str, float]:
        """Risk of one profile of factors by the points rule, with a Wald interval.

        ``risk = expit(risk_intercept_ + risk_slope_ × points)``: the same rule as
        :attr:`risk_table_`, so a profile and the table row of its total agree. The full
        model's risk (which the points approximate) is returned beside it as ``model_risk``.

        Parameters
        ----------
        present : mapping of factor to bool, or iterable of factor names present
            Factors not mentioned are absent.

        Returns
        -------
        dict
            ``risk``, ``ci_low``, ``ci_high`` (probabilities, points rule), ``points`` (total
            points) and ``model_risk``, ``model_ci_low``, ``model_ci_high`` (full model).
        """
        check_is_fitted(self)
        chosen = (
            [name for name, on in present.items() if on]
            if isinstance(present, Mapping)
            else list(present)
        )
        names = list(present) if isinstance(present, Mapping) else chosen
        for name in names:
            if name not in self.factors_:
                raise InputError(
                    "scorecard.unknown_factor", factor=name, known=", ".join(self.factors_)
                )
        x = np.array([1.0] + [float(f in chosen) for f in self.factors_])
        beta = np.concatenate([self.intercept_, self.coef_.ravel()])
        eta = float(x @ beta)
        se = float(np.sqrt(x @ self.covariance_.to_numpy() @ x))
        z = stats.norm.ppf(1 - self.alpha / 2)
        total = int(x[1:] @ self.points_.to_numpy())
        rule = PointsRisk(self.risk_intercept_, self.risk_slope_, self.risk_covariance_)
        row = rule.risk([total], alpha=self.alpha).iloc[0]
        return {
            "risk": float(row["risk"]),
            "ci_low": float(row["ci_low"]),
            "ci_high": float(row["ci_high"]),
            "points": total,
            "model_risk": float(_expit(np.array(eta))),
            "model_ci_low": float(_expit(np.array(eta - z * se))),
            "model_ci_high": float(_expit(np.array(eta + z * se))),
        }

    # -- reading the model -------------------------------------------------------------------

    def table(self) -> pd.DataFrame:
        """The scorecard as people read it.

        Columns ``factor, coef, odds_ratio, ci_low, ci_high, points``, one row per factor.
        """
        check_is_fitted(self)
        frame = self.odds_ratios_.reset_index()
        frame.insert(1, "coef", self.coef_.ravel())
        frame["points"] = self.points_.to_numpy()
        return frame[["factor", "coef", "odds_ratio", "ci_low", "ci_high", "points"]]

    def summary(self) -> pd.DataFrame:
        """:meth:`table` plus ``std_error`` and ``p_value`` columns."""
        frame = self.table()
        frame["std_error"] = self.std_errors_.to_numpy()
        frame["p_value"] = self.p_values_.to_numpy()
        return frame

    def calibration(self, by: str = "points", n_bins: int = 10) -> pd.DataFrame:
        """Training calibration: by total points (``"points"``, predicted from the points rule)
        or by deciles of the full model's risk (``"model"``). See :func:`calibration_table`."""
        check_is_fitted(self)
        grouped = self.grouped_
        if by == "points":
            totals = grouped.total_points(self.points_.to_numpy())
            predicted = _expit(self.risk_intercept_ + self.risk_slope_ * totals)
            return calibration_table(grouped, predicted, groups=totals)
        if by == "model":
            eta = _design(grouped.patterns) @ np.concatenate([self.intercept_, self.coef_.ravel()])
            return calibration_table(grouped, _expit(eta), n_bins=n_bins)
        raise ValueError(f"by must be 'points' or 'model', got {by!r}")

    def evaluate(self, threshold: float) -> dict[str, float]:
        """:func:`evaluate_points` of the fitted points on the training counts; with
        ``population_rate``, the counts and PPV for 100 000 children of the population
        (:func:`at_population_rate`)."""
        check_is_fitted(self)
        metrics = evaluate_points(self.grouped_, self.points_.to_numpy(), threshold)
        if self.population_rate is not None:
            return at_population_rate(metrics, float(self.population_rate))
        return metrics
