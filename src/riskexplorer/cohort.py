"""A SYNTHETIC cohort of 14–17-year-olds, calibrated to the documented figures.

No record-level data on minors in Kazakhstan is public, so the model pages use a made-up cohort
whose *totals* match what is documented and whose *structure* follows stated assumptions:

1. :func:`simulate_patterns` draws ``n`` teenagers with correlated 0/1 risk factors (a Gaussian
   copula on ``data/factors.csv``) and counts each distinct pattern of factors. This is the slow
   step (about a quarter of a second for the whole age group); callers cache it.
2. :func:`calibrate_crude` finds the intercept and every factor's own (conditional) log-odds so
   that the expected offending rate equals ``base_rate``, the expected NEET share among offenders
   equals the slider, and every other factor's crude odds ratio in the cohort equals the
   catalogue's published one (:func:`calibrate`, the older rule that used the catalogue's odds
   ratios as conditional effects and fitted NEET alone, is kept for comparison).
3. :func:`cohort_from_patterns` computes each pattern's risk, the expected cases, and seeded
   Binomial cases. This takes milliseconds, so sliders that change only the outcome reuse the
   patterns of step 1.

Everything is labelled synthetic (``Cohort.synthetic``, ``Cohort.description``, a ``synthetic``
column in every export). The assumptions live in ``data/assumptions.csv`` with their basis and
range; :func:`load_factors` and :func:`load_assumptions` validate the files at load and raise
:class:`~riskexplorer.errors.DataError` on a broken row.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike
from scipy.optimize import brentq
from scipy.special import expit
from scipy.stats import norm

from riskexplorer.catalogue import (  # re-exported: cohort.load_factors etc. stay public API
    ACTION_COLUMNS,
    ACTION_SOURCES,
    ASSUMPTION_COLUMNS,
    BASES,
    DOMAINS,
    EVIDENCE,
    FACTOR_COLUMNS,
    MAX_CORRELATION,
    MAX_FACTORS,
    REQUIRED_ASSUMPTIONS,
    STAKEHOLDERS,
    cohort_defaults,
    load_actions,
    load_assumptions,
    load_factors,
    load_victim_actions,
)
from riskexplorer.errors import InputError

__all__ = [
    "ACTION_COLUMNS", "ACTION_SOURCES", "ASSUMPTION_COLUMNS", "BASES", "DOMAINS", "EVIDENCE",
    "FACTOR_COLUMNS", "MAX_CORRELATION", "MAX_FACTORS", "REQUIRED_ASSUMPTIONS", "STAKEHOLDERS",
    "Cohort", "calibrate", "calibrate_crude", "cohort_defaults", "cohort_from_patterns",
    "crude_odds_ratios", "example_upload_table", "load_actions", "load_assumptions",
    "load_factors", "load_victim_actions", "make_cohort", "neet_crude_odds_ratio", "pattern_probabilities",
    "reach_effect", "simulate_patterns", "to_records",
]  # fmt: skip
from riskexplorer.i18n import localized, t

DEFAULT_SEED = 20250101

#: Odds ratios the NEET calibration may use. Far beyond anything plausible on both sides (1/50:
#: NEET teenagers almost never offend; 5000: almost all offenders are NEET at any prevalence in
#: the slider range), so every share the sliders offer is reachable; the bracket only keeps the
#: root-finder finite.
NEET_ODDS_RATIO_BOUNDS: tuple[float, float] = (0.02, 5000.0)
#: Intercepts the base-rate calibration may use (log-odds; expit(−50) ≈ 2e−22).
INTERCEPT_BOUNDS: tuple[float, float] = (-50.0, 50.0)
_CHUNK = 1 << 18

#: Regions of Kazakhstan (17 regions and 3 cities of republican significance), for the example.
REGIONS: tuple[str, ...] = (
    "Abai region", "Akmola region", "Aktobe region", "Almaty region", "Atyrau region",
    "East Kazakhstan region", "Jetisu region", "Karaganda region", "Kostanay region",
    "Kyzylorda region", "Mangystau region", "North Kazakhstan region", "Pavlodar region",
    "Turkestan region", "Ulytau region", "West Kazakhstan region", "Zhambyl region", "Astana",
    "Almaty city", "Shymkent",
)  # fmt: skip

# --- Simulation ---------------------------------------------------------------------------------


def _pct(x: float) -> str:
    return f"{100 * x:.4g}%"


def _check_open_unit(value: Any, code: str, **params: Any) -> float:
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise InputError(code, value=repr(value), **params) from None
    if not (0 < x < 1):
        raise InputError(code, value=_pct(x) if math.isfinite(x) else str(x), **params)
    return x


def _check_correlation(correlation: Any) -> float:
    try:
        rho = float(correlation)
    except (TypeError, ValueError):
        raise InputError("cohort.bad_correlation", value=repr(correlation)) from None
    if not (0 <= rho <= MAX_CORRELATION):
        raise InputError("cohort.bad_correlation", value=f"{rho:g}")
    return rho


def _check_size(n: Any, minimum: int = 1) -> int:
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < minimum:
        raise InputError("cohort.bad_size", value=repr(n), minimum=minimum)
    return int(n)


def _check_factor_frame(factors: pd.DataFrame) -> pd.DataFrame:
    missing = [c for c in ("id", "prevalence", "odds_ratio", "protective") if c not in factors]
    if missing:
        raise ValueError(f"factors lacks columns {missing}")
    if len(factors) > MAX_FACTORS:
        raise ValueError(f"at most {MAX_FACTORS} factors, got {len(factors)}")
    columns = (factors["id"], factors["prevalence"], factors["odds_ratio"])
    for fid, prevalence, odds in zip(*columns, strict=True):
        _check_open_unit(prevalence, "cohort.bad_prevalence", factor=fid)
        if not (float(odds) > 0 and math.isfinite(float(odds))):
            raise InputError("cohort.bad_odds_ratio", factor=fid, value=f"{float(odds):g}")
    return factors


@lru_cache(maxsize=8)
def _simulate_cached(
    ids: tuple[str, ...],
    prevalences: tuple[float, ...],
    signs: tuple[int, ...],
    n: int,
    correlation: float,
    seed: int,
) -> tuple[np.ndarray, np.ndarray]:
    k = len(ids)
    thresholds = norm.isf(np.asarray(prevalences)).astype(np.float32)  # present if z > t
    loading = (math.sqrt(correlation) * np.asarray(signs)).astype(np.float32)
    scale = np.float32(math.sqrt(1.0 - correlation))
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(0,)))
    byte_weights = (1 << (8 * np.arange((k + 7) // 8, dtype=np.uint32))).astype(np.uint32)
    totals = np.zeros(1 << k, dtype=np.int64)
    for start in range(0, n, _CHUNK):
        m = min(_CHUNK, n - start)
        shared = rng.standard_normal(m, dtype=np.float32)
        z = rng.standard_normal((m, k), dtype=np.float32)
        z *= scale
        z += np.multiply.outer(shared, loading)
        packed = np.packbits(z > thresholds, axis=1, bitorder="little")
        codes = packed.astype(np.uint32) @ byte_weights if packed.shape[1] > 1 else packed[:, 0]
        totals += np.bincount(codes, minlength=1 << k)
    present = np.flatnonzero(totals)
    patterns = ((present[:, None] >> np.arange(k)) & 1).astype(np.uint8)
    patterns.flags.writeable = False
    counts = totals[present]
    counts.flags.writeable = False
    return patterns, counts


def simulate_patterns(
    factors: pd.DataFrame, n: int, *, correlation: float, seed: int = DEFAULT_SEED
) -> tuple[pd.DataFrame, np.ndarray]:
    """Draw ``n`` synthetic teenagers with correlated 0/1 factors; count each distinct pattern.

    A Gaussian copula with one shared latent factor: teenager ``i`` has latent scores

    .. math:: z_{ij} = \\sigma_j \\sqrt{\\rho}\\, w_i + \\sqrt{1 - \\rho}\\, e_{ij}, \\qquad
              w_i, e_{ij} \\sim N(0, 1)

    and has factor ``j`` when ``z_ij > Φ⁻¹(1 − p_j)``, so factor ``j`` has prevalence ``p_j``.
    ``σ_j = +1`` for risk factors and ``−1`` for protective ones: the latent correlation is ``ρ``
    between two risk factors (or two protective ones) and ``−ρ`` between a risk and a protective
    factor. Drawn in float32 chunks, each row packed to an integer code and counted with
    ``bincount``: about 0.3 s for 1.5 million teenagers. Results are cached (8 settings).

    Parameters
    ----------
    factors : DataFrame
        Columns ``id, prevalence, protective`` (as from :func:`load_factors`), at most 20 rows.
    n : int
        Number of teenagers, ``>= 1``.
    correlation : float
        ``ρ`` in [0, 0.95].
    seed : int
        Same seed, same factors and same ``n`` give the same patterns.

    Returns
    -------
    patterns : DataFrame of uint8
        One row per distinct pattern present (sorted by code: bit ``j`` = factor ``j``), one
        column per factor id.
    counts : ndarray of int64
        How many teenagers have each pattern; sums to ``n``.
    """
    _check_factor_frame(factors)
    n = _check_size(n)
    rho = _check_correlation(correlation)
    ids = tuple(str(i) for i in factors["id"])
    signs = tuple(-1 if bool(p) else 1 for p in factors["protective"])
    prevalences = tuple(float(p) for p in factors["prevalence"])
    patterns, counts = _simulate_cached(ids, prevalences, signs, n, rho, int(seed))
    return pd.DataFrame(patterns.copy(), columns=list(ids)), counts.copy()


# --- Calibration --------------------------------------------------------------------------------


def _matrix(patterns: pd.DataFrame | ArrayLike) -> np.ndarray:
    matrix = np.asarray(patterns, dtype=np.float64)
    if matrix.ndim != 2 or not np.isin(matrix, (0.0, 1.0)).all():
        raise ValueError("patterns must be a 2-D table of 0/1")
    return matrix


def _coefficients(log_odds: Mapping[str, float] | pd.Series | ArrayLike, columns: list[str]):
    if isinstance(log_odds, Mapping | pd.Series):
        missing = [c for c in columns if c not in log_odds]
        if missing:
            raise KeyError(f"log_odds lacks factors {missing}")
        return np.array([float(log_odds[c]) for c in columns])
    beta = np.asarray(log_odds, dtype=np.float64).ravel()
    if beta.size != len(columns):
        raise ValueError(f"expected {len(columns)} log-odds, got {beta.size}")
    return beta


def _intercept_for(eta: np.ndarray, weights: np.ndarray, base_rate: float) -> float:
    total = weights.sum()

    def gap(a: float) -> float:
        return float(weights @ expit(a + eta)) / total - base_rate

    return brentq(gap, *INTERCEPT_BOUNDS, xtol=1e-13, rtol=4 * np.finfo(float).eps, maxiter=200)


def _calibration_inputs(patterns, counts, neet_share, base_rate, neet_column):
    """The checks both calibrations start with: ``(base_rate, neet_share, columns, X, weights,
    j)`` with ``j`` the NEET column's position."""
    base_rate = _check_open_unit(base_rate, "cohort.bad_base_rate")
    neet_share = _check_open_unit(neet_share, "cohort.bad_share")
    columns = [str(c) for c in getattr(patterns, "columns", [])]
    if neet_column not in columns:
        raise InputError("cohort.no_neet", column=neet_column)
    X = _matrix(patterns)
    weights = np.asarray(counts, dtype=np.float64).ravel()
    if weights.shape != (X.shape[0],) or (weights < 0).any() or weights.sum() <= 0:
        raise ValueError("counts must be non-negative, one per pattern, not all zero")
    return base_rate, neet_share, columns, X, weights, columns.index(neet_column)


def calibrate(
    patterns: pd.DataFrame,
    counts: ArrayLike,
    log_odds: Mapping[str, float] | pd.Series | ArrayLike,
    *,
    base_rate: float,
    neet_share: float,
    neet_column: str = "neet",
) -> tuple[float, float]:
    """Intercept and NEET log-odds that reproduce the offending rate and the NEET share.

    The risk of a teenager with pattern ``x`` is ``expit(a + Σ β_j x_j + b · x_NEET)`` with the
    other factors' log-odds ``β_j`` fixed. Two conditions fix ``a`` and ``b``:

    - expected offending rate ``Σ n_x r_x / Σ n_x = base_rate``;
    - expected NEET share among offenders ``Σ_{x: NEET} n_x r_x / Σ n_x r_x = neet_share``.

    Solved nested with :func:`scipy.optimize.brentq`: for a given ``b`` the rate is increasing in
    ``a``, so an inner root-finder gives ``a(b)`` on [−50, 50]; with ``a(b)`` plugged in, the NEET
    share is increasing in ``b``, so an outer root-finder solves the share on
    ``b ∈ [log 0.02, log 5000]`` (:data:`NEET_ODDS_RATIO_BOUNDS`). Both conditions then hold to
    about 1e−12.

    Parameters
    ----------
    patterns : DataFrame
        0/1 patterns, one column per factor (from :func:`simulate_patterns`).
    counts : array_like
        Teenagers per pattern.
    log_odds : mapping, Series or array_like
        Log odds ratio of each factor (by name, or in column order). The NEET entry is ignored.
    base_rate : float
        Yearly offending rate in (0, 1), e.g. 2,271 ÷ 1,450,000 ≈ 0.00157.
    neet_share : float
        Share of offenders who neither study nor work, in (0, 1).
    neet_column : str

    Returns
    -------
    (intercept, neet_log_odds) : tuple of float

    Raises
    ------
    InputError
        ``cohort.unreachable`` with the reachable range when the share cannot be reached even at
        the bracket's ends; ``cohort.bad_base_rate`` / ``cohort.bad_share`` for values outside
        (0, 1); ``cohort.no_neet`` when there is no NEET column.
    """
    base_rate, neet_share, columns, X, weights, j = _calibration_inputs(
        patterns, counts, neet_share, base_rate, neet_column
    )
    share_at, eta0, is_neet = _neet_share_curve(
        X, weights, _coefficients(log_odds, columns), j, base_rate
    )
    lo, hi = (math.log(x) for x in NEET_ODDS_RATIO_BOUNDS)
    share_lo, share_hi = share_at(lo), share_at(hi)
    if not (share_lo < neet_share < share_hi):
        raise InputError(
            "cohort.unreachable", share=_pct(neet_share), low=_pct(share_lo), high=_pct(share_hi)
        )
    b = brentq(lambda x: share_at(x) - neet_share, lo, hi, xtol=1e-12, maxiter=200)
    return _intercept_for(eta0 + b * is_neet, weights, base_rate), float(b)


def crude_odds_ratios(
    patterns: pd.DataFrame | ArrayLike, counts: ArrayLike, expected_cases: ArrayLike
) -> np.ndarray:
    """Each factor's crude (bivariate) odds ratio in a grouped table of expected cases.

    For factor ``j``: ``[C₁/(N₁ − C₁)] ÷ [C₀/(N₀ − C₀)]`` with ``C₁, N₁`` the cases and teenagers
    with the factor and ``C₀, N₀`` those without: what a study of this population that looked at
    one factor at a time would report.
    """
    X = _matrix(patterns)
    w = np.asarray(counts, dtype=np.float64).ravel()
    c = np.asarray(expected_cases, dtype=np.float64).ravel()
    n1, c1 = X.T @ w, X.T @ c
    n0, c0 = w.sum() - n1, c.sum() - c1
    with np.errstate(divide="ignore", invalid="ignore"):
        return (c1 / (n1 - c1)) / (c0 / (n0 - c0))


def _crude_system(X: np.ndarray, w: np.ndarray, theta: np.ndarray, log_targets: np.ndarray,
                  log_cases: float) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """Residuals and Jacobian of "log cases = target, log crude OR_j = target_j" at ``theta``."""
    eta = theta[0] + X @ theta[1:]
    r = expit(eta)
    wr = w * r
    v = wr * (1.0 - r)
    n1 = X.T @ w
    n0 = w.sum() - n1
    cases = wr.sum()
    c1 = X.T @ wr
    c0 = cases - c1
    # d(cases)/dθ and d(c1_j)/dθ, θ = (intercept, β_1..β_k).
    d_cases = np.concatenate([[v.sum()], X.T @ v])
    d_c1 = np.column_stack([X.T @ v, X.T @ (X * v[:, None])])
    d_c0 = d_cases[None, :] - d_c1
    with np.errstate(divide="ignore", invalid="ignore"):
        log_or = np.log(c1) - np.log(n1 - c1) - np.log(c0) + np.log(n0 - c0)
        g1 = 1.0 / c1 + 1.0 / (n1 - c1)
        g0 = 1.0 / c0 + 1.0 / (n0 - c0)
    residual = np.concatenate([[math.log(cases) - log_cases], log_or - log_targets])
    jacobian = np.vstack([d_cases / cases, g1[:, None] * d_c1 - g0[:, None] * d_c0])
    return residual, jacobian


def neet_crude_odds_ratio(neet_share: float, neet_prevalence: float, base_rate: float) -> float:
    """The crude odds ratio of NEET that a NEET share among offenders implies.

    With ``C = base_rate`` cases per teenager, ``s`` of them NEET, and NEET prevalence ``p``:
    ``[sC/(p − sC)] ÷ [(1 − s)C/(1 − p − (1 − s)C)]`` (NaN when ``sC ≥ p``: more NEET
    offenders than NEET teenagers).
    """
    s, p, c = float(neet_share), float(neet_prevalence), float(base_rate)
    c1, c0 = s * c, (1.0 - s) * c
    if not (0 < c1 < p and 0 < c0 < 1 - p):
        return math.nan
    return (c1 / (p - c1)) / (c0 / (1.0 - p - c0))


def calibrate_crude(
    patterns: pd.DataFrame,
    counts: ArrayLike,
    crude_odds_ratios: Mapping[str, float] | pd.Series,
    *,
    base_rate: float,
    neet_share: float,
    neet_column: str = "neet",
    tol: float = 1e-10,
    max_iter: int = 50,
) -> tuple[float, pd.Series, pd.Series]:
    """Intercept and each factor's own log-odds so that the cohort reproduces crude associations.

    The risk of a teenager with pattern ``x`` is ``expit(a + Σ β_j x_j)``. The ``k + 1``
    unknowns are fixed by ``k + 1`` conditions on the expected cases:

    - the expected offending rate equals ``base_rate``;
    - for every factor but NEET, the cohort's crude odds ratio (:func:`crude_odds_ratios`)
      equals the catalogue's (published) ``crude_odds_ratios[j]``;
    - for NEET, the share of offenders who are NEET equals ``neet_share`` (equivalently NEET's
      crude odds ratio equals :func:`neet_crude_odds_ratio` at the cohort's NEET prevalence).

    Solved jointly by Newton's method on (log cases, log crude odds ratios) with the exact
    Jacobian and step halving, starting from the crude log-odds; 5–8 iterations reach 1e−10 on a
    few thousand patterns (about 2 ms). Because factors come together in the same teenagers, the
    conditional odds ratios ``exp(β_j)`` are smaller than the crude ones.

    Returns
    -------
    (intercept, log_odds, targets)
        ``log_odds``: Series of the conditional log odds ratios by factor; ``targets``: the crude
        odds ratios reproduced (NEET's the one its share implies).

    Raises
    ------
    InputError
        ``cohort.unreachable`` (with the reachable range of the NEET share) when the share cannot
        be reached with NEET's own odds ratio inside :data:`NEET_ODDS_RATIO_BOUNDS`;
        ``cohort.bad_base_rate`` / ``cohort.bad_share``; ``cohort.no_neet``.
    """
    base_rate, neet_share, columns, X, w, j = _calibration_inputs(
        patterns, counts, neet_share, base_rate, neet_column
    )
    crude = _coefficients(crude_odds_ratios, columns)
    prevalence = float(w @ X[:, j] / w.sum())
    crude[j] = neet_crude_odds_ratio(neet_share, prevalence, base_rate)
    if not (crude > 0).all() or not np.isfinite(crude).all():
        raise _unreachable(X, w, np.log(np.where(crude > 0, crude, 1.0)), j, base_rate, neet_share)
    log_targets = np.log(crude)
    log_cases = math.log(base_rate * w.sum())
    theta = np.concatenate([[math.log(base_rate / (1 - base_rate))], log_targets])
    residual, jacobian = _crude_system(X, w, theta, log_targets, log_cases)
    norm0 = float(np.abs(residual).max())
    for _ in range(max_iter):
        if norm0 < tol:
            break
        try:
            step = np.linalg.solve(jacobian, -residual)
        except np.linalg.LinAlgError:
            break
        for _halving in range(30):
            trial = theta + step
            new_residual, new_jacobian = _crude_system(X, w, trial, log_targets, log_cases)
            new_norm = float(np.abs(new_residual).max())
            if np.isfinite(new_norm) and new_norm < norm0:
                break
            step = step / 2
        else:
            break
        theta, residual, jacobian, norm0 = trial, new_residual, new_jacobian, new_norm
    lo, hi = (math.log(x) for x in NEET_ODDS_RATIO_BOUNDS)
    if norm0 > 1e-6 or not (lo <= theta[1 + j] <= hi):
        raise _unreachable(X, w, theta[1:], j, base_rate, neet_share)
    log_odds = pd.Series(theta[1:], index=columns, name="log_odds")
    return float(theta[0]), log_odds, pd.Series(crude, index=columns, name="crude_odds_ratio")


def _neet_share_curve(X: np.ndarray, w: np.ndarray, beta: ArrayLike, j: int, base_rate: float):
    """The offenders' NEET share as a function of NEET's own log odds ratio ``b``, the other
    factors keeping ``beta`` and the intercept re-solved for ``base_rate`` at each ``b``.
    Returns ``(share_at, eta0, is_neet)``: the function, the linear predictor without NEET,
    and which patterns are NEET."""
    beta = np.array(beta, dtype=np.float64)
    beta[j] = 0.0
    eta0 = X @ beta
    is_neet = X[:, j] == 1

    def share_at(b: float) -> float:
        eta = eta0 + b * is_neet
        risk = w * expit(_intercept_for(eta, w, base_rate) + eta)
        return float(risk[is_neet].sum() / risk.sum())

    return share_at, eta0, is_neet


def _unreachable(X: np.ndarray, w: np.ndarray, beta: np.ndarray, j: int, base_rate: float,
                 neet_share: float) -> InputError:  # fmt: skip
    """``cohort.unreachable`` with the NEET shares reachable when the other factors keep
    ``beta`` and NEET's own odds ratio spans :data:`NEET_ODDS_RATIO_BOUNDS`."""
    share_at, _, _ = _neet_share_curve(X, w, beta, j, base_rate)
    lo, hi = (math.log(x) for x in NEET_ODDS_RATIO_BOUNDS)
    return InputError(
        "cohort.unreachable",
        share=_pct(neet_share),
        low=_pct(share_at(lo)),
        high=_pct(share_at(hi)),
    )


# --- The cohort ---------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Cohort:
    """A SYNTHETIC cohort: distinct factor patterns with their counts, risks and sampled cases.

    Attributes
    ----------
    patterns : DataFrame of uint8
        One row per distinct pattern, one 0/1 column per factor.
    totals : ndarray of int64
        Teenagers with each pattern.
    cases : ndarray of int64
        Synthetic offenders per pattern, drawn ``Binomial(totals, risk)`` with a seeded generator.
    expected_cases : ndarray of float
        ``totals × risk``: the cases without sampling noise.
    true_log_odds : Series
        The model that generated the cases: ``intercept`` first, then each factor's own
        (conditional) log odds ratio, given the other factors, calibrated so that the cohort's
        crude odds ratios equal :attr:`crude_odds_ratios`. A fitted scorecard can be compared
        with it.
    assumptions : dict
        The settings used: ``n, base_rate, neet_share, neet_prevalence, correlation, seed``.
    synthetic : bool
        Always True.
    description : str
        "SYNTHETIC cohort …": what it is and the settings, in English.
    crude_odds_ratios : Series
        The crude (bivariate) odds ratio of every factor that the cohort reproduces: the
        catalogue's published value, NEET's the one its share among offenders implies.
    """

    patterns: pd.DataFrame
    totals: np.ndarray
    cases: np.ndarray
    expected_cases: np.ndarray
    true_log_odds: pd.Series
    assumptions: dict[str, Any]
    synthetic: bool = True
    description: str = field(default="SYNTHETIC cohort")
    crude_odds_ratios: pd.Series | None = None

    @property
    def conditional_odds_ratios(self) -> pd.Series:
        """Each factor's own odds ratio given the other factors (the model's), ``exp(β_j)``."""
        return np.exp(self.true_log_odds.drop("intercept")).rename("conditional_odds_ratio")

    def cohort_crude_odds_ratios(self, *, sampled: bool = False) -> pd.Series:
        """The crude odds ratios in the cohort, from the expected cases (or the sampled ones)."""
        cases = self.cases if sampled else self.expected_cases
        values = crude_odds_ratios(self.patterns, self.totals, cases)
        return pd.Series(values, index=list(self.factors), name="crude_odds_ratio")

    @property
    def factors(self) -> tuple[str, ...]:
        """Factor ids, in column order."""
        return tuple(self.patterns.columns)

    @property
    def n(self) -> int:
        """Number of synthetic teenagers."""
        return int(self.totals.sum())

    @property
    def risk(self) -> np.ndarray:
        """Each pattern's yearly probability of offending under the true model."""
        beta = self.true_log_odds
        eta = (
            beta["intercept"]
            + self.patterns.to_numpy(np.float64) @ beta[list(self.factors)].to_numpy()
        )
        return expit(eta)

    def to_frame(self) -> pd.DataFrame:
        """The counts as one table: factor columns, ``totals, cases, expected_cases, synthetic``."""
        frame = self.patterns.copy()
        frame["totals"] = self.totals
        frame["cases"] = self.cases
        frame["expected_cases"] = self.expected_cases
        frame["synthetic"] = True
        return frame


def _describe(settings: Mapping[str, Any], n_factors: int) -> str:
    rho = settings["correlation"]
    rho_text = "not recorded" if rho is None else f"{rho:.2f}"
    return (
        f"SYNTHETIC cohort of {settings['n']:,} teenagers aged 14–17, simulated from stated "
        f"assumptions — not records of real children. {n_factors} factors; latent correlation "
        f"{rho_text}; yearly offending rate {100 * settings['base_rate']:.3f}% "
        f"(≈ {settings['expected_offenders']:,.0f} offenders); "
        f"{100 * settings['neet_share']:.0f}% of offenders neither study nor work (an "
        f"assumption); NEET prevalence {100 * settings['neet_prevalence']:.1f}%; "
        f"seed {settings['seed']}."
    )


def cohort_from_patterns(
    patterns: pd.DataFrame,
    counts: ArrayLike,
    *,
    factors: pd.DataFrame | None = None,
    neet_share: float | None = None,
    base_rate: float | None = None,
    seed: int = DEFAULT_SEED,
    correlation: float | None = None,
) -> Cohort:
    """A cohort from already simulated patterns: only the outcome is recomputed (milliseconds).

    The catalogue's ``odds_ratio`` are read as crude associations: :func:`calibrate_crude`
    finds the intercept and every factor's own log-odds so that the cohort reproduces the base
    rate, the NEET share and each factor's crude odds ratio.

    Use it for sliders that change the outcome (NEET share, base rate, a factor's odds ratio);
    sliders that change the patterns themselves (NEET prevalence, correlation, ``n``) need a new
    :func:`simulate_patterns`.

    Parameters
    ----------
    patterns, counts
        From :func:`simulate_patterns`.
    factors : DataFrame, optional
        The catalogue (default :func:`load_factors`); gives every factor's odds ratio. Must hold
        every column of ``patterns``.
    neet_share, base_rate : float, optional
        Fractions; defaults from :func:`cohort_defaults`.
    seed : int
        Seeds the Binomial draw of ``cases`` (a stream separate from the patterns').
    correlation : float, optional
        Only recorded in ``assumptions`` and ``description`` (the patterns already embody it).
    """
    defaults = cohort_defaults()
    factors = load_factors() if factors is None else _check_factor_frame(factors)
    neet_share = defaults["neet_share"] if neet_share is None else neet_share
    base_rate = defaults["base_rate"] if base_rate is None else base_rate
    columns = [str(c) for c in patterns.columns]
    catalogue = factors.set_index("id")
    unknown = [c for c in columns if c not in catalogue.index]
    if unknown:
        raise KeyError(f"patterns have factors not in the catalogue: {unknown}")
    crude = catalogue.loc[columns, "odds_ratio"].astype(float)
    intercept, log_odds, targets = calibrate_crude(
        patterns, counts, crude, base_rate=base_rate, neet_share=neet_share
    )
    true_log_odds = pd.concat([pd.Series({"intercept": intercept}), log_odds]).rename("log_odds")
    X = _matrix(patterns)
    totals = np.asarray(counts, dtype=np.int64).ravel()
    risk = expit(intercept + X @ log_odds.to_numpy())
    rng = np.random.default_rng(np.random.SeedSequence(int(seed), spawn_key=(1,)))
    cases = rng.binomial(totals, risk).astype(np.int64)
    expected = totals * risk
    n = int(totals.sum())
    settings: dict[str, Any] = {
        "n": n,
        "base_rate": float(base_rate),
        "expected_offenders": float(expected.sum()),
        "neet_share": float(neet_share),
        "neet_prevalence": float(totals[X[:, columns.index("neet")] == 1].sum() / n),
        "correlation": None if correlation is None else float(correlation),
        "seed": int(seed),
    }
    return Cohort(
        patterns=pd.DataFrame(X.astype(np.uint8), columns=columns),
        totals=totals,
        cases=cases,
        expected_cases=expected,
        true_log_odds=true_log_odds,
        assumptions=settings,
        description=_describe(settings, len(columns)),
        crude_odds_ratios=targets,
    )


def make_cohort(
    *,
    factors: pd.DataFrame | None = None,
    n: int | None = None,
    neet_share: float | None = None,
    neet_prevalence: float | None = None,
    base_rate: float | None = None,
    correlation: float | None = None,
    seed: int = DEFAULT_SEED,
) -> Cohort:
    """A SYNTHETIC cohort of 14–17-year-olds, calibrated to the documented figures (public API).

    :func:`simulate_patterns` then :func:`cohort_from_patterns`. Every ``None`` takes its
    default from ``data/assumptions.csv`` (:func:`cohort_defaults`): ``n`` is the whole age group
    (so counts read as "teenagers in the country"), ``base_rate = offenders_per_year ÷
    population_14_17`` (≈ 0.16% a year), ``neet_share`` the seed's 50% (contradicted; a slider),
    ``neet_prevalence`` 3%, ``correlation`` 0.3. Shares and rates are fractions.

    The same arguments give the same cohort; another ``seed`` gives another. The patterns are
    cached, so calling again with only ``neet_share`` or ``base_rate`` changed takes milliseconds.

    Examples
    --------
    >>> cohort = make_cohort(n=100_000, neet_share=0.1)
    >>> cohort.synthetic, cohort.n
    (True, 100000)
    """
    defaults = cohort_defaults()
    factors = load_factors() if factors is None else _check_factor_frame(factors.copy())
    if neet_prevalence is not None:
        prevalence = _check_open_unit(neet_prevalence, "cohort.bad_prevalence", factor="neet")
        factors = factors.copy()
        factors.loc[factors["id"] == "neet", "prevalence"] = prevalence
    n = defaults["n"] if n is None else _check_size(n)
    rho = defaults["correlation"] if correlation is None else _check_correlation(correlation)
    patterns, counts = simulate_patterns(factors, n, correlation=rho, seed=seed)
    return cohort_from_patterns(
        patterns,
        counts,
        factors=factors,
        neet_share=neet_share,
        base_rate=base_rate,
        seed=seed,
        correlation=rho,
    )


# --- Exact pattern shares (no sampling) ---------------------------------------------------------


def pattern_probabilities(
    factors: pd.DataFrame, *, correlation: float, nodes: int = 40
) -> tuple[pd.DataFrame, np.ndarray]:
    """Every pattern's exact share of teenagers under the copula of :func:`simulate_patterns`.

    Given the shared latent score ``w``, factors are independent with
    ``P(x_j = 1 | w) = Φ((σ_j √ρ w − t_j) / √(1 − ρ))``; integrating over ``w ~ N(0, 1)`` by
    Gauss–Hermite quadrature (``nodes`` points) gives each of the ``2^k`` patterns' probability
    without simulation noise — a few milliseconds for 11 factors. Used where many settings are
    compared (ranges over prevalences), so that differences are not sampling noise.

    Returns
    -------
    patterns : DataFrame of uint8, all ``2^k`` patterns (bit ``j`` = factor ``j``)
    shares : ndarray of float, summing to 1
    """
    _check_factor_frame(factors)
    rho = _check_correlation(correlation)
    ids = tuple(str(i) for i in factors["id"])
    signs = tuple(-1.0 if bool(p) else 1.0 for p in factors["protective"])
    prevalences = tuple(float(p) for p in factors["prevalence"])
    bits, shares = _pattern_probabilities_cached(len(ids), prevalences, signs, rho, int(nodes))
    return pd.DataFrame(bits.copy(), columns=list(ids)), shares.copy()


@lru_cache(maxsize=64)
def _hermite_nodes(nodes: int) -> tuple[np.ndarray, np.ndarray]:
    x, w = np.polynomial.hermite_e.hermegauss(nodes)
    return x, w / w.sum()


@lru_cache(maxsize=64)
def _pattern_probabilities_cached(
    k: int, prevalences: tuple[float, ...], signs: tuple[float, ...], rho: float, nodes: int
) -> tuple[np.ndarray, np.ndarray]:
    x, wq = _hermite_nodes(nodes)
    thresholds = norm.isf(np.asarray(prevalences))
    scale = math.sqrt(1.0 - rho)
    p = norm.cdf((math.sqrt(rho) * np.outer(x, signs) - thresholds) / scale)  # nodes × k
    bits = ((np.arange(1 << k)[:, None] >> np.arange(k)) & 1).astype(np.float64)
    logp, log1p = np.log(np.clip(p, 1e-300, 1)), np.log(np.clip(1 - p, 1e-300, 1))
    shares = np.exp(bits @ (logp - log1p).T + log1p.sum(axis=1)) @ wq
    bits = bits.astype(np.uint8)
    bits.flags.writeable = False
    shares = shares / shares.sum()
    shares.flags.writeable = False
    return bits, shares


# --- Who can act, inside the cohort --------------------------------------------------------------


def reach_effect(cohort: Cohort, factor_id: str, fraction: float) -> dict[str, float]:
    """Cases averted a year if ``fraction`` of the teenagers with a risk factor lost it (or of
    those without a protective factor gained it), recounted inside the SYNTHETIC cohort.

    A share ``fraction`` of every pattern with the factor (without it, for a protective factor)
    moves to the same pattern without it (with it); expected cases are recounted with the
    cohort's conditional model (:attr:`Cohort.true_log_odds`), the other factors unchanged. It
    assumes the whole conditional association is causal and that those reached are a random
    share of each pattern — probably more than a real programme achieves.

    Returns
    -------
    dict
        ``averted`` (expected cases a year, in the cohort's units: the whole age group at the
        default ``n``; negative if cases would rise), ``reached`` (teenagers moved),
        ``per_1000`` (averted per 1,000 reached), ``reached_per_case`` (teenagers reached per
        case averted; ``inf`` when nothing is averted), ``cases`` (expected cases before) and
        ``action`` (``remove`` or ``add``).
    """
    if factor_id not in cohort.factors:
        raise KeyError(f"no factor {factor_id!r} in the cohort")
    fraction = float(fraction)
    if not (0 <= fraction <= 1):
        raise InputError("cohort.bad_share", value=_pct(fraction))
    j = cohort.factors.index(factor_id)
    beta = cohort.true_log_odds
    X = cohort.patterns.to_numpy(np.float64)
    eta = beta["intercept"] + X @ beta[list(cohort.factors)].to_numpy()
    b = float(beta[factor_id])
    protective = bool(cohort.crude_odds_ratios is not None and cohort.crude_odds_ratios.iloc[j] < 1)
    has = X[:, j] == 1
    movers = ~has if protective else has
    shift = b if protective else -b  # the change in log-odds of those moved
    risk = expit(eta)
    moved = cohort.totals[movers] * fraction
    averted = float(moved @ (risk[movers] - expit(eta[movers] + shift)))
    reached = float(moved.sum())
    return {
        "averted": averted,
        "reached": reached,
        "per_1000": 1000 * averted / reached if reached > 0 else math.nan,
        "reached_per_case": reached / averted if averted > 0 else math.inf,
        "cases": float(cohort.expected_cases.sum()),
        "action": "add" if protective else "remove",
    }


# --- Record-level views -------------------------------------------------------------------------


def to_records(
    cohort: Cohort, max_rows: int | None = None, *, seed: int | None = None
) -> pd.DataFrame:
    """The cohort as one row per synthetic teenager, in a seeded random order.

    Columns: one 0/1 (uint8) column per factor, ``offended`` (0/1) and ``synthetic`` (True).
    With ``max_rows``, a simple random sample of that many rows (seeded by ``seed``, default the
    cohort's seed) — offenders are rare, so a small sample holds few of them.
    """
    totals, cases = cohort.totals, cohort.cases
    n = int(totals.sum())
    size = n if max_rows is None else min(_check_size(max_rows), n)
    seed = cohort.assumptions["seed"] if seed is None else seed
    rng = np.random.default_rng(np.random.SeedSequence(int(seed), spawn_key=(3,)))
    rows = rng.permutation(n)[:size] if size < n else rng.permutation(n)
    starts = np.cumsum(totals) - totals
    pattern = np.searchsorted(np.cumsum(totals), rows, side="right")
    offended = (rows - starts[pattern]) < cases[pattern]
    frame = pd.DataFrame(cohort.patterns.to_numpy()[pattern], columns=list(cohort.factors))
    frame["offended"] = offended.astype(np.uint8)
    frame["synthetic"] = True
    return frame


def example_upload_table(
    n: int = 5000,
    seed: int = DEFAULT_SEED,
    *,
    case_share: float = 0.2,
    neet_share: float | None = None,
    lang: str = "en",
) -> pd.DataFrame:
    """A small SYNTHETIC record-level table in the shape the "Your data" page accepts.

    Columns: ``region``, one column per factor named by its plain label with values
    ``yes``/``no``, ``offended`` (``yes``/``no``) and ``synthetic`` (always ``yes``) — in
    ``lang``: with ``lang="ru"`` «Регион», the factors' Russian names, «Правонарушение» and
    «да»/«нет»; with ``"kk"`` «Өңір», «Құқық бұзушылық», «иә»/«жоқ»; region names from the
    ``region.*`` translations. The rows are the same in every language (same ``seed``).

    It is a *case-control* sample from the default synthetic cohort: a share ``case_share`` of
    the rows are offenders, far more than the ≈ 0.16% in the population, so that 5,000 rows hold
    enough of them to fit a scorecard. Odds ratios are unaffected by sampling on the outcome; the
    offending rate in the table is not the population's. Regions are assigned at random with
    equal probability: differences between regions in this table are noise.
    """
    n = _check_size(n, minimum=10)
    case_share = _check_open_unit(case_share, "cohort.bad_share")
    cohort = make_cohort(n=200_000, seed=seed, neet_share=neet_share)
    rng = np.random.default_rng(np.random.SeedSequence(int(seed), spawn_key=(2,)))
    n_cases = round(n * case_share)
    expected = cohort.expected_cases
    noncases = cohort.totals - expected
    index = np.concatenate(
        [
            rng.choice(expected.size, n_cases, p=expected / expected.sum()),
            rng.choice(noncases.size, n - n_cases, p=noncases / noncases.sum()),
        ]
    )
    offended = np.arange(n) < n_cases
    order = rng.permutation(n)
    index, offended = index[order], offended[order]
    labels = load_factors().set_index("id")["label"]
    values = cohort.patterns.to_numpy()[index]
    yes, no = t("example_table.yes", lang), t("example_table.no", lang)
    regions = np.array([localized(f"region.{r}", lang, r) for r in REGIONS])
    frame = pd.DataFrame({t("example_table.region", lang): rng.choice(regions, n)})
    for j, fid in enumerate(cohort.factors):
        name = localized(f"factor.{fid}", lang, labels.get(fid, fid))
        frame[name] = np.where(values[:, j] == 1, yes, no)
    frame[t("example_table.offended", lang)] = np.where(offended, yes, no)
    frame[t("example_table.synthetic", lang)] = yes
    frame.attrs["description"] = (
        f"SYNTHETIC example: {n:,} made-up teenagers, {n_cases:,} of them offenders "
        f"(case-control sample, not the population rate). {cohort.description}"
    )
    return frame
