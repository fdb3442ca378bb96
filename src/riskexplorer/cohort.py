"""A SYNTHETIC cohort of 14–17-year-olds, calibrated to the documented figures.

No record-level data on minors in Kazakhstan is public, so the model pages use a made-up cohort
whose *totals* match what is documented and whose *structure* follows stated assumptions:

1. :func:`simulate_patterns` draws ``n`` teenagers with correlated 0/1 risk factors (a Gaussian
   copula on ``data/factors.csv``) and counts each distinct pattern of factors. This is the slow
   step (about a quarter of a second for the whole age group); callers cache it.
2. :func:`calibrate` finds the intercept and the NEET log-odds so that the expected offending rate
   equals ``base_rate`` and the expected NEET share among offenders equals the slider.
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
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike
from scipy.optimize import brentq
from scipy.special import expit
from scipy.stats import norm

from riskexplorer.errors import DataError, InputError
from riskexplorer.paths import data_dir

DEFAULT_SEED = 20250101

#: Domains of the factor catalogue: those of the YLS/CMI, plus "community" from Communities That
#: Care (whose family, school and peer-individual domains map onto the YLS/CMI ones).
DOMAINS: tuple[str, ...] = (
    "prior_offending", "family", "education_employment", "peers", "substance_use", "leisure",
    "personality_behaviour", "attitudes", "community",
)  # fmt: skip
STAKEHOLDERS: tuple[str, ...] = (
    "schools", "families", "police", "social_services", "health", "local_government",
)  # fmt: skip
ACTION_SOURCES: tuple[str, ...] = ("seed", "practice")
BASES: tuple[str, ...] = ("derived", "assumption")

FACTOR_COLUMNS: tuple[str, ...] = (
    "id", "domain", "label", "prevalence", "prevalence_low", "prevalence_high", "odds_ratio",
    "odds_ratio_low", "odds_ratio_high", "protective", "source", "stakeholders", "note",
)  # fmt: skip
ASSUMPTION_COLUMNS: tuple[str, ...] = (
    "id", "value", "low", "high", "unit", "basis", "source_ids", "note",
)  # fmt: skip
ACTION_COLUMNS: tuple[str, ...] = ("factor", "stakeholder", "action", "source")
REQUIRED_ASSUMPTIONS: tuple[str, ...] = (
    "population_14_17", "offenders_per_year", "base_rate", "crimes_per_year",
    "neet_prevalence_14_17", "neet_share_offenders", "neet_share_local_mark",
    "cohort_correlation",
)  # fmt: skip

#: Odds ratios the NEET calibration may use. Far beyond anything plausible on both sides (1/50:
#: NEET teenagers almost never offend; 5000: almost all offenders are NEET at any prevalence in
#: the slider range), so every share the sliders offer is reachable; the bracket only keeps the
#: root-finder finite.
NEET_ODDS_RATIO_BOUNDS: tuple[float, float] = (0.02, 5000.0)
#: Intercepts the base-rate calibration may use (log-odds; expit(−50) ≈ 2e−22).
INTERCEPT_BOUNDS: tuple[float, float] = (-50.0, 50.0)
MAX_CORRELATION = 0.95
MAX_FACTORS = 20
_CHUNK = 1 << 18

#: Regions of Kazakhstan (17 regions and 3 cities of republican significance), for the example.
REGIONS: tuple[str, ...] = (
    "Abai region", "Akmola region", "Aktobe region", "Almaty region", "Atyrau region",
    "East Kazakhstan region", "Jetisu region", "Karaganda region", "Kostanay region",
    "Kyzylorda region", "Mangystau region", "North Kazakhstan region", "Pavlodar region",
    "Turkestan region", "Ulytau region", "West Kazakhstan region", "Zhambyl region", "Astana",
    "Almaty city", "Shymkent",
)  # fmt: skip

_ID = re.compile(r"^[a-z][a-z0-9_]*$")


# --- Loading and validating the data files ---------------------------------------------------


def _read_table(name: str, columns: tuple[str, ...]) -> pd.DataFrame:
    path = data_dir() / name
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (OSError, pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise DataError("data.unreadable", file=name, detail=str(exc)) from exc
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise DataError("data.missing_columns", file=name, columns=", ".join(missing))
    return frame.apply(lambda col: col.str.strip())


def _fail(frame: pd.DataFrame, mask: pd.Series | np.ndarray, file: str, problem: str) -> None:
    mask = np.asarray(mask, dtype=bool)
    if mask.any():
        ids = ", ".join(frame.loc[mask, frame.columns[0]].astype(str).head(5))
        raise DataError("data.invalid_rows", file=file, problem=problem, rows=ids or "(empty id)")


def _numbers(frame: pd.DataFrame, columns: tuple[str, ...], file: str) -> None:
    for column in columns:
        parsed = pd.to_numeric(frame[column], errors="coerce")
        _fail(frame, parsed.isna() | ~np.isfinite(parsed), file, f"{column} is not a number")
        frame[column] = parsed.astype(float)


def _ordered(frame: pd.DataFrame, low: str, mid: str, high: str, file: str) -> None:
    bad = ~((frame[low] <= frame[mid]) & (frame[mid] <= frame[high]))
    _fail(frame, bad, file, f"not {low} ≤ {mid} ≤ {high}")


def _ids(frame: pd.DataFrame, column: str, file: str) -> None:
    _fail(frame, ~frame[column].str.fullmatch(_ID.pattern), file, f"{column} is not snake_case")
    _fail(frame, frame[column].duplicated(), file, f"duplicate {column}")


@cache
def _factors_at(directory: str) -> pd.DataFrame:
    file = "factors.csv"
    frame = _read_table(file, FACTOR_COLUMNS)
    _ids(frame, "id", file)
    _fail(frame, ~frame["domain"].isin(DOMAINS), file, f"domain not one of {DOMAINS}")
    _fail(frame, frame["label"] == "", file, "no label")
    _fail(frame, frame["source"] == "", file, "no source (write 'assumption' if none)")
    numeric = FACTOR_COLUMNS[3:9]
    _numbers(frame, numeric, file)
    _ordered(frame, "prevalence_low", "prevalence", "prevalence_high", file)
    _ordered(frame, "odds_ratio_low", "odds_ratio", "odds_ratio_high", file)
    prevalences = frame[["prevalence_low", "prevalence", "prevalence_high"]]
    _fail(frame, ((prevalences <= 0) | (prevalences >= 1)).any(axis=1), file,
          "prevalence not strictly between 0 and 1")  # fmt: skip
    _fail(frame, (frame[["odds_ratio_low"]] <= 0).any(axis=1), file, "odds ratio not above 0")
    flag = frame["protective"].str.lower()
    _fail(frame, ~flag.isin(("true", "false")), file, "protective is not true or false")
    frame["protective"] = flag == "true"
    _fail(frame, frame["protective"] != (frame["odds_ratio"] < 1), file,
          "protective must be true exactly when the odds ratio is below 1")  # fmt: skip
    holders = frame["stakeholders"].str.split(";")
    unknown = holders.map(lambda xs: not xs or any(x not in STAKEHOLDERS for x in xs))
    _fail(frame, unknown, file, f"stakeholders not a ;-list of {STAKEHOLDERS}")
    if not (frame["id"] == "neet").any():
        raise DataError("data.invalid_rows", file=file, problem="no row", rows="neet")
    if len(frame) > MAX_FACTORS:
        raise DataError("data.invalid_rows", file=file, problem="too many factors", rows="")
    return frame.set_index("id", drop=False).rename_axis(None)


def load_factors() -> pd.DataFrame:
    """The factor catalogue from ``data/factors.csv``, validated (public API).

    One row per factor, indexed by ``id``, with columns ``id, domain, label, prevalence,
    prevalence_low, prevalence_high, odds_ratio, odds_ratio_low, odds_ratio_high, protective
    (bool), source, stakeholders (";"-separated), note``. Prevalences are fractions. Returns a
    copy, so callers may change it (e.g. a prevalence from a slider).

    Raises
    ------
    DataError
        A row breaks the schema: ranges not ordered ``low ≤ value ≤ high``, a prevalence outside
        (0, 1), an odds ratio ≤ 0, ``protective`` not matching ``odds_ratio < 1``, an unknown
        domain or stakeholder, or no ``neet`` row.
    """
    return _factors_at(str(data_dir())).copy()


def _known_source_ids() -> set[str]:
    from riskexplorer.facts import load_facts, load_sources

    return set(load_facts()["id"]) | set(load_sources()["source_id"])


@cache
def _assumptions_at(directory: str) -> pd.DataFrame:
    file = "assumptions.csv"
    frame = _read_table(file, ASSUMPTION_COLUMNS)
    _ids(frame, "id", file)
    missing = [i for i in REQUIRED_ASSUMPTIONS if i not in set(frame["id"])]
    if missing:
        raise DataError(
            "data.invalid_rows", file=file, problem="missing row", rows=", ".join(missing)
        )
    _numbers(frame, ("value", "low", "high"), file)
    _ordered(frame, "low", "value", "high", file)
    _fail(frame, frame["unit"] == "", file, "no unit")
    _fail(frame, ~frame["basis"].isin(BASES), file, f"basis not one of {BASES}")
    _fail(frame, frame["note"] == "", file, "no note (give the formula or the reasoning)")
    percent = frame["unit"] == "%"
    _fail(frame, percent & ((frame["low"] < 0) | (frame["high"] > 100)), file,
          "percentage outside 0–100")  # fmt: skip
    share_ids = ("neet_prevalence_14_17", "neet_share_offenders")
    shares = frame["id"].isin(share_ids)
    _fail(frame, shares & ((frame["low"] <= 0) | (frame["high"] >= 100)), file,
          "share not strictly between 0% and 100%")  # fmt: skip
    corr = frame["unit"] == "correlation"
    _fail(frame, corr & ((frame["low"] < 0) | (frame["high"] > MAX_CORRELATION)), file,
          f"correlation outside 0–{MAX_CORRELATION}")  # fmt: skip
    counts = frame["unit"].isin(("persons", "crimes"))
    _fail(frame, counts & (frame["low"] <= 0), file, "count not above 0")
    source_lists = frame["source_ids"].map(lambda s: [x for x in s.split(";") if x])
    _fail(frame, (frame["basis"] == "derived") & (source_lists.map(len) == 0), file,
          "derived row without source_ids")  # fmt: skip
    known = _known_source_ids()
    _fail(frame, source_lists.map(lambda xs: any(x not in known for x in xs)), file,
          "source_ids not in facts.csv or sources.csv")  # fmt: skip
    return frame.set_index("id", drop=False).rename_axis(None)


def load_assumptions() -> pd.DataFrame:
    """Every assumption the model pages rest on, from ``data/assumptions.csv`` (public API).

    Indexed by ``id``; columns ``id, value, low, high`` (floats), ``unit`` (``%`` rows are in
    percent), ``basis`` (``derived`` or ``assumption``), ``source_ids`` (``;``-list of ids in
    ``facts.csv``/``sources.csv``) and ``note`` (the formula or the reasoning). A copy.

    Raises
    ------
    DataError
        A required row is missing, a range is not ordered ``low ≤ value ≤ high``, a share is
        outside (0%, 100%), a derived row cites nothing, or a cited id is unknown.
    """
    return _assumptions_at(str(data_dir())).copy()


def _victim_factor_ids() -> frozenset[str]:
    """The factors of being a victim (``factor`` column of ``data/victim_factors.csv``): their
    actions share ``actions.csv`` but not the offending catalogue's stakeholder lists."""
    return _victim_factor_ids_at(str(data_dir()))


@cache
def _victim_factor_ids_at(directory: str) -> frozenset[str]:
    return frozenset(_read_table("victim_factors.csv", ("factor",))["factor"])


@cache
def _all_actions_at(directory: str) -> pd.DataFrame:
    file = "actions.csv"
    frame = _read_table(file, ACTION_COLUMNS)
    factors = _factors_at(directory)
    victim = frame["factor"].isin(_victim_factor_ids())
    _fail(frame, ~frame["factor"].isin(factors.index) & ~victim, file,
          "factor not in factors.csv or victim_factors.csv")  # fmt: skip
    _fail(frame, ~frame["stakeholder"].isin(STAKEHOLDERS), file, "unknown stakeholder")
    _fail(frame, ~frame["source"].isin(ACTION_SOURCES), file, f"source not one of {ACTION_SOURCES}")
    _fail(frame, frame["action"] == "", file, "no action")
    _fail(frame, frame.duplicated(["factor", "stakeholder"]), file, "duplicate factor+stakeholder")
    listed = {
        (fid, who) for fid, holders in factors["stakeholders"].items() for who in holders.split(";")
    }
    pairs = list(zip(frame["factor"], frame["stakeholder"], strict=True))
    _fail(frame, [p not in listed and not v for p, v in zip(pairs, victim)], file,
          "stakeholder not listed for the factor")  # fmt: skip
    lacking = sorted(f"{fid}/{who}" for fid, who in listed - set(pairs))
    if lacking:
        raise DataError(
            "data.invalid_rows", file=file, problem="no action", rows=", ".join(lacking)
        )
    return frame


@cache
def _actions_at(directory: str) -> pd.DataFrame:
    frame = _all_actions_at(directory)
    return frame[frame["factor"].isin(_factors_at(directory).index)].reset_index(drop=True)


def load_victim_actions() -> pd.DataFrame:
    """What each stakeholder can do for children at risk of being victims, from the rows of
    ``data/actions.csv`` whose factor is in ``data/victim_factors.csv``; same columns and
    ``seed``/``practice`` tags as :func:`load_actions`."""
    frame = _all_actions_at(str(data_dir()))
    return frame[frame["factor"].isin(_victim_factor_ids())].reset_index(drop=True)


def load_actions() -> pd.DataFrame:
    """What each stakeholder can do about each factor, from ``data/actions.csv`` (public API).

    Columns ``factor, stakeholder, action, source`` (``seed`` where the seed's stakeholder section
    says it, ``practice`` otherwise). Every stakeholder a factor lists has exactly one action.
    """
    return _actions_at(str(data_dir())).copy()


def cohort_defaults() -> dict[str, float]:
    """The default settings of :func:`make_cohort`, from ``data/assumptions.csv``, as fractions.

    Keys: ``n`` and ``population_14_17`` (teenagers aged 14–17), ``offenders_per_year``,
    ``base_rate`` (= offenders_per_year ÷ population_14_17), ``neet_share`` and
    ``neet_prevalence`` (fractions, not percent) and ``correlation``.
    """
    values = load_assumptions()["value"]
    population = float(values["population_14_17"])
    offenders = float(values["offenders_per_year"])
    return {
        "n": round(population),
        "population_14_17": population,
        "offenders_per_year": offenders,
        "base_rate": offenders / population,
        "neet_share": float(values["neet_share_offenders"]) / 100,
        "neet_prevalence": float(values["neet_prevalence_14_17"]) / 100,
        "correlation": float(values["cohort_correlation"]),
    }


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
    base_rate = _check_open_unit(base_rate, "cohort.bad_base_rate")
    neet_share = _check_open_unit(neet_share, "cohort.bad_share")
    columns = [str(c) for c in getattr(patterns, "columns", [])]
    if neet_column not in columns:
        raise InputError("cohort.no_neet", column=neet_column)
    X = _matrix(patterns)
    weights = np.asarray(counts, dtype=np.float64).ravel()
    if weights.shape != (X.shape[0],) or (weights < 0).any() or weights.sum() <= 0:
        raise ValueError("counts must be non-negative, one per pattern, not all zero")
    j = columns.index(neet_column)
    beta = _coefficients(log_odds, columns)
    beta[j] = 0.0
    eta0 = X @ beta
    is_neet = X[:, j] == 1

    def share_at(b: float) -> float:
        eta = eta0 + b * is_neet
        risk = weights * expit(_intercept_for(eta, weights, base_rate) + eta)
        return float(risk[is_neet].sum() / risk.sum())

    lo, hi = (math.log(x) for x in NEET_ODDS_RATIO_BOUNDS)
    share_lo, share_hi = share_at(lo), share_at(hi)
    if not (share_lo < neet_share < share_hi):
        raise InputError(
            "cohort.unreachable", share=_pct(neet_share), low=_pct(share_lo), high=_pct(share_hi)
        )
    b = brentq(lambda x: share_at(x) - neet_share, lo, hi, xtol=1e-12, maxiter=200)
    return _intercept_for(eta0 + b * is_neet, weights, base_rate), float(b)


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
        The model that generated the cases: ``intercept`` first, then one log odds ratio per
        factor (NEET's calibrated). A fitted scorecard can be compared with it.
    assumptions : dict
        The settings used: ``n, base_rate, neet_share, neet_prevalence, correlation, seed``.
    synthetic : bool
        Always True.
    description : str
        "SYNTHETIC cohort …": what it is and the settings, in English.
    """

    patterns: pd.DataFrame
    totals: np.ndarray
    cases: np.ndarray
    expected_cases: np.ndarray
    true_log_odds: pd.Series
    assumptions: dict[str, Any]
    synthetic: bool = True
    description: str = field(default="SYNTHETIC cohort")

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
    log_odds = np.log(catalogue.loc[columns, "odds_ratio"].astype(float))
    intercept, neet_log_odds = calibrate(
        patterns, counts, log_odds, base_rate=base_rate, neet_share=neet_share
    )
    log_odds["neet"] = neet_log_odds
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
) -> pd.DataFrame:
    """A small SYNTHETIC record-level table in the shape the "Your data" page accepts.

    Columns: ``region``, one column per factor named by its plain English label with values
    ``yes``/``no``, ``offended`` (``yes``/``no``) and ``synthetic`` (always ``yes``).

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
    frame = pd.DataFrame({"region": rng.choice(np.array(REGIONS), n)})
    for j, fid in enumerate(cohort.factors):
        frame[labels.get(fid, fid)] = np.where(values[:, j] == 1, "yes", "no")
    frame["offended"] = np.where(offended, "yes", "no")
    frame["synthetic"] = "yes"
    frame.attrs["description"] = (
        f"SYNTHETIC example: {n:,} made-up teenagers, {n_cases:,} of them offenders "
        f"(case-control sample, not the population rate). {cohort.description}"
    )
    return frame
