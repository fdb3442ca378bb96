"""What a factor's share among offenders implies: relative risk, attributable fraction, scenarios.

All functions are pure and vectorised with numpy, so a heatmap can pass whole grids. Shares are
fractions in [0, 1] (``0.5`` means 50%).

Notation
--------
``s``
    the factor's share among offenders (e.g. the share of teen offenders who neither study nor
    work);
``p``
    its prevalence among all teenagers;
``RR``
    the relative risk: how many times as often teenagers *with* the factor offend as those
    without it;
``PAF``
    the population attributable fraction (Miettinen 1974): the share of offending that would
    not occur if the factor were absent *and the association were causal*.

Caution: association is not cause
---------------------------------
These are associations. Research on school dropout and offending (Sweeten, Bushway &
Paternoster 2009, *Criminology* 47(1); Bäckman 2017, *Journal of Research in Crime and
Delinquency* 54(5)) finds the link largely explained by differences that existed before the young
person left school. A PAF or an "averted cases" figure is therefore an upper bound on what
removing a factor could achieve: read it as "if the association were entirely causal", and use
the factor as a marker for outreach, never as a label for a child.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from riskexplorer.errors import InputError
from riskexplorer.i18n import t

Action = Literal["remove", "add"]
FloatOrArray = float | np.ndarray


def _as_array(values: ArrayLike, code: str) -> np.ndarray:
    try:
        return np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        raise InputError(code, value=repr(values)) from None


def _first_bad(array: np.ndarray, bad: np.ndarray) -> str:
    return f"{np.atleast_1d(array)[np.atleast_1d(bad)][0]:g}"


def _fractions(values: ArrayLike, code: str = "evidence.bad_share") -> np.ndarray:
    """``values`` as floats in [0, 1]; anything else (NaN, −0.1, 50) raises ``InputError``."""
    array = _as_array(values, code)
    bad = ~np.isfinite(array) | (array < 0) | (array > 1)
    if bad.any():
        raise InputError(code, value=_first_bad(array, bad))
    return array


def _ratios(values: ArrayLike) -> np.ndarray:
    """Relative risks or odds ratios: ``>= 0``, ``inf`` allowed; NaN passes through (undefined)."""
    array = _as_array(values, "evidence.bad_relative_risk")
    bad = array < 0
    if bad.any():
        raise InputError("evidence.bad_relative_risk", value=_first_bad(array, bad))
    return array


def _counts(values: ArrayLike) -> np.ndarray:
    array = _as_array(values, "evidence.bad_cases")
    bad = ~np.isfinite(array) | (array < 0)
    if bad.any():
        raise InputError("evidence.bad_cases", value=_first_bad(array, bad))
    return array


def _out(array: np.ndarray) -> FloatOrArray:
    """A 0-d result as a Python float, anything else as an array."""
    return float(array) if np.ndim(array) == 0 else array


def relative_risk(share_in_cases: ArrayLike, prevalence: ArrayLike) -> FloatOrArray:
    """Relative risk of offending with the factor versus without, from ``s`` and ``p``.

    By Bayes' rule the risk with the factor is proportional to ``s / p`` and the risk without it
    to ``(1 − s) / (1 − p)``, so

    .. math:: RR = \\frac{s / p}{(1 - s)/(1 - p)} = \\frac{s (1 - p)}{p (1 - s)}

    Parameters
    ----------
    share_in_cases : float or array_like
        ``s``, the factor's share among offenders, in [0, 1].
    prevalence : float or array_like
        ``p``, the factor's prevalence among all teenagers, in [0, 1]. Broadcast against
        ``share_in_cases``.

    Returns
    -------
    float or ndarray
        ``RR``. ``RR > 1``: the factor is over-represented among offenders; ``RR < 1``: under-
        represented (protective). Edge cases: ``s = 1`` or ``p = 0`` gives ``inf``; ``s = 0``
        gives 0, and so does ``p = 1`` with ``s < 1``; ``s = p = 0`` and ``s = p = 1`` leave no
        one to compare with and give ``nan``.

    Raises
    ------
    InputError
        ``evidence.bad_share`` when a share is outside [0, 1] or not a number.

    Notes
    -----
    An association, not an effect: see the module docstring (Sweeten, Bushway & Paternoster
    2009; Bäckman 2017).

    Examples
    --------
    >>> round(relative_risk(0.5, 0.03), 3)   # the seed's ">50%" with 3% NEET prevalence
    32.333
    >>> round(relative_risk(0.1, 0.03), 4)
    3.5926
    """
    s = _fractions(share_in_cases)
    p = _fractions(prevalence)
    with np.errstate(divide="ignore", invalid="ignore"):
        rr = s * (1 - p) / (p * (1 - s))
    return _out(rr)


def share_from_relative_risk(prevalence: ArrayLike, relative_risk: ArrayLike) -> FloatOrArray:
    """The factor's share among offenders implied by its prevalence and relative risk.

    The inverse of :func:`relative_risk`:

    .. math:: s = \\frac{p \\, RR}{1 + p (RR - 1)}

    Parameters
    ----------
    prevalence : float or array_like
        ``p`` in [0, 1].
    relative_risk : float or array_like
        ``RR >= 0``; ``inf`` gives ``s = 1`` (when ``p > 0``). For a catalogue factor an odds ratio
        may stand in for ``RR``: at a yearly offending rate near 0.2% the two differ by well under
        1% (rare-outcome approximation).

    Returns
    -------
    float or ndarray
        ``s`` in [0, 1].

    Examples
    --------
    >>> round(share_from_relative_risk(0.03, 3.0), 4)
    0.0849
    """
    p = _fractions(prevalence)
    rr = _ratios(relative_risk)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = p * rr / (1 + p * (rr - 1))
    share = np.where(np.isinf(rr) & (p > 0), 1.0, share)
    return _out(share)


def relative_risk_from_odds_ratio(odds_ratio: ArrayLike, risk_unexposed: ArrayLike) -> FloatOrArray:
    """The relative risk an odds ratio amounts to when the outcome is common (Zhang & Yu 1998).

    .. math:: RR = \\frac{OR}{1 - p_0 + p_0 \\, OR}

    where ``p0`` is the outcome's risk among those *without* the factor. An OR stands in for an RR
    only when the outcome is rare; being a victim of violence is not (31.7% of children with
    disabilities in Fang et al. 2022), so the OR overstates the RR.

    Parameters
    ----------
    odds_ratio : float or array_like
        ``OR >= 0``.
    risk_unexposed : float or array_like
        ``p0`` in [0, 1].

    Returns
    -------
    float or ndarray
        ``RR``, between 1 and ``OR`` for ``OR >= 1``.

    Examples
    --------
    >>> round(relative_risk_from_odds_ratio(2.08, 0.1824), 2)
    1.74
    >>> relative_risk_from_odds_ratio(2.08, 0.0)
    2.08
    """
    odds = _ratios(odds_ratio)
    p0 = _fractions(risk_unexposed)
    with np.errstate(divide="ignore", invalid="ignore"):
        rr = odds / (1 - p0 + p0 * odds)
    return _out(rr)


def risk_unexposed(risk_exposed: ArrayLike, odds_ratio: ArrayLike) -> FloatOrArray:
    """``p0``, the risk without the factor, from the risk with it ``p1`` and the odds ratio:
    ``odds0 = p1 / (1 − p1) / OR``, ``p0 = odds0 / (1 + odds0)``.

    Examples
    --------
    >>> round(risk_unexposed(0.317, 2.08), 4)
    0.1824
    """
    p1 = _fractions(risk_exposed)
    odds = _ratios(odds_ratio)
    with np.errstate(divide="ignore", invalid="ignore"):
        odds0 = p1 / (1 - p1) / odds
        p0 = odds0 / (1 + odds0)
    return _out(np.where(np.isinf(odds0), 1.0, p0))


def attributable_fraction(share_in_cases: ArrayLike, relative_risk: ArrayLike) -> FloatOrArray:
    """Population attributable fraction by Miettinen's formula, ``PAF = s (RR − 1) / RR``.

    The share of all offending that would not occur if nobody had the factor — *if* the
    association were causal (Miettinen 1974, *American Journal of Epidemiology* 99(5)). Because
    the factor is only a correlate (Sweeten, Bushway & Paternoster 2009; Bäckman 2017), read it as
    an upper bound.

    Parameters
    ----------
    share_in_cases : float or array_like
        ``s`` in [0, 1].
    relative_risk : float or array_like
        ``RR >= 0``. ``inf`` gives ``PAF = s``; ``nan`` passes through.

    Returns
    -------
    float or ndarray
        ``PAF`` ≤ ``s``. Negative for a protective factor (``RR < 1``): offending would be higher
        by ``−PAF`` of its level without it (``−inf`` when ``RR = 0`` and ``s > 0``). ``s = 0``
        gives 0.

    Examples
    --------
    >>> round(attributable_fraction(0.5, relative_risk(0.5, 0.03)), 5)
    0.48454
    """
    s = _fractions(share_in_cases)
    rr = _ratios(relative_risk)
    with np.errstate(divide="ignore", invalid="ignore"):
        paf = s * (1 - 1 / rr)
    paf = np.where((s == 0) & ~np.isnan(rr), 0.0, paf)
    return _out(paf)


def sensitivity_grid(shares: ArrayLike, prevalences: ArrayLike) -> pd.DataFrame:
    """``RR`` and ``PAF`` for every pair of a share among offenders and a prevalence (heatmap).

    Parameters
    ----------
    shares, prevalences : array_like, 1-D
        Values of ``s`` and ``p`` in [0, 1].

    Returns
    -------
    DataFrame
        Tidy: one row per ``(share, prevalence)`` pair, shares varying slowest, with columns
        ``share, prevalence, rr, paf`` (``len(shares) × len(prevalences)`` rows).

    Examples
    --------
    >>> sensitivity_grid([0.1, 0.5], [0.03]).round(3).to_dict("list")["rr"]
    [3.593, 32.333]
    """
    s = np.atleast_1d(_fractions(shares))
    p = np.atleast_1d(_fractions(prevalences))
    if s.ndim != 1 or p.ndim != 1:
        raise ValueError("shares and prevalences must be one-dimensional")
    s_grid, p_grid = (a.ravel() for a in np.meshgrid(s, p, indexing="ij"))
    rr = np.asarray(relative_risk(s_grid, p_grid))
    paf = np.asarray(attributable_fraction(s_grid, rr))
    return pd.DataFrame({"share": s_grid, "prevalence": p_grid, "rr": rr, "paf": paf})


def averted_cases(
    share_in_cases: ArrayLike,
    relative_risk: ArrayLike,
    fraction: ArrayLike,
    cases_per_year: ArrayLike,
    *,
    action: Action = "remove",
) -> FloatOrArray:
    """Cases a year that would not occur if a ``fraction`` of teenagers lost (or gained) a factor.

    With ``C`` cases a year, of which ``C·s`` among teenagers with the factor:

    - ``action="remove"`` — a fraction ``f`` of those *with* the factor lose it, and their risk
      falls by the factor ``RR``: ``averted = C · s · f · (RR − 1) / RR`` (= ``C · f · PAF``);
    - ``action="add"`` — a fraction ``f`` of those *without* it gain it (for a protective factor,
      ``RR < 1``): ``averted = C · (1 − s) · f · (1 − RR)``.

    Only if the association were causal (Sweeten, Bushway & Paternoster 2009; Bäckman 2017):
    an upper bound. Negative values mean more cases.

    Parameters
    ----------
    share_in_cases : float or array_like
        ``s`` in [0, 1].
    relative_risk : float or array_like
        ``RR >= 0``.
    fraction : float or array_like
        ``f`` in [0, 1].
    cases_per_year : float or array_like
        ``C >= 0``.
    action : {"remove", "add"}

    Returns
    -------
    float or ndarray
    """
    s = _fractions(share_in_cases)
    rr = _ratios(relative_risk)
    f = _fractions(fraction, "evidence.bad_fraction")
    c = _counts(cases_per_year)
    with np.errstate(divide="ignore", invalid="ignore"):
        if action == "remove":
            averted = c * s * f * (1 - 1 / rr)
            averted = np.where((s == 0) | (f == 0) | (c == 0), 0.0, averted)
        elif action == "add":
            averted = c * (1 - s) * f * (1 - rr)
            averted = np.where((s == 1) | (f == 0) | (c == 0), 0.0, averted)
        else:
            raise ValueError(f"action must be 'remove' or 'add', got {action!r}")
    return _out(averted)


@dataclass(frozen=True)
class Scenario:
    """A "what if" for one factor, with the formula and its numbers so a reader can redo it."""

    share_in_cases: float
    prevalence: float
    fraction: float
    cases_per_year: float
    action: Action
    rr: float
    paf: float
    averted: float
    remaining: float
    formula: str


def _num(x: float, lang: str = "en") -> str:
    if np.isinf(x):
        return "∞" if x > 0 else "−∞"
    if np.isnan(x):
        return t("formula.undefined", lang)
    # Thousands with a narrow space (ISO 31-0): "1,703" would read as a decimal in Russian and
    # Kazakh, "1.703" as a decimal in English; "1 703" reads the same in all three. The decimal
    # mark is the language's: 0.091 in English, 0,091 in Russian and Kazakh.
    text = f"{x:,.4g}".replace(",", "\u202f").replace("-", "−")
    return text if lang == "en" else text.replace(".", ",")


def formula(sc: Scenario, lang: str = "en") -> str:
    """The formulas of a scenario with its numbers substituted, one per line, in ``lang``: the
    names ("averted", "cases per year", "remaining") from ``formula.*``, the language's decimal
    mark. ``Scenario.formula`` is this text in English."""
    s, p, f, c, rr = sc.share_in_cases, sc.prevalence, sc.fraction, sc.cases_per_year, sc.rr
    paf, averted = sc.paf, sc.averted

    def n(x: float) -> str:
        return _num(x, lang)

    name_averted, name_cases = t("formula.averted", lang), t("formula.cases_per_year", lang)
    lines = [
        f"RR = s × (1 − p) ÷ (p × (1 − s)) = {n(s)} × {n(1 - p)} ÷ ({n(p)} × {n(1 - s)}) = {n(rr)}",
        f"PAF = s × (RR − 1) ÷ RR = {n(s)} × ({n(rr)} − 1) ÷ {n(rr)} = {n(paf)}",
    ]
    if sc.action == "remove":
        lines.append(
            f"{name_averted} = {name_cases} × s × f × (RR − 1) ÷ RR = {n(c)} × {n(s)} × "
            f"{n(f)} × ({n(rr)} − 1) ÷ {n(rr)} = {n(averted)}"
        )
    else:
        lines.append(
            f"{name_averted} = {name_cases} × (1 − s) × f × (1 − RR) = {n(c)} × {n(1 - s)} × "
            f"{n(f)} × (1 − {n(rr)}) = {n(averted)}"
        )
    # A negative "averted" (a protective factor removed, RR < 1) reads as an addition.
    change = f"− {n(averted)}" if averted >= 0 else f"+ {n(-averted)}"
    lines.append(f"{t('formula.remaining', lang)} = {n(c)} {change} = {n(c - averted)}")
    return "\n".join(lines)


def scenario(
    share_in_cases: float,
    prevalence: float,
    fraction_removed: float,
    cases_per_year: float,
    *,
    action: Action = "remove",
) -> Scenario:
    """What would change if a fraction of teenagers with the factor lost it — if it were causal.

    ``RR`` from :func:`relative_risk`, ``PAF`` from :func:`attributable_fraction`, and

    .. math:: averted = C \\cdot s \\cdot f \\cdot (RR - 1) / RR, \\quad remaining = C - averted

    (``action="add"``: a fraction ``f`` of teenagers *without* a protective factor gain it,
    ``averted = C · (1 − s) · f · (1 − RR)``; see :func:`averted_cases`).

    Parameters
    ----------
    share_in_cases : float
        ``s`` in [0, 1].
    prevalence : float
        ``p`` in [0, 1].
    fraction_removed : float
        ``f`` in [0, 1]: the fraction of teenagers with the factor who lose it (or, with
        ``action="add"``, of those without it who gain it).
    cases_per_year : float
        ``C``, e.g. ``offenders_per_year`` from ``data/assumptions.csv``.
    action : {"remove", "add"}

    Returns
    -------
    Scenario
        With ``rr, paf, averted, remaining`` and ``formula``: the formulas with the numbers
        substituted, one per line.

    Notes
    -----
    The averted cases assume the whole association is causal; research on dropout and offending
    (Sweeten, Bushway & Paternoster 2009; Bäckman 2017) finds it largely explained by earlier
    differences, so this is an upper bound.

    Examples
    --------
    >>> round(scenario(0.5, 0.03, 0.2, 2271).averted, 1)
    220.1
    """
    s = float(_fractions(share_in_cases))
    p = float(_fractions(prevalence))
    f = float(_fractions(fraction_removed, "evidence.bad_fraction"))
    c = float(_counts(cases_per_year))
    rr = float(relative_risk(s, p))
    paf = float(attributable_fraction(s, rr))
    averted = float(averted_cases(s, rr, f, c, action=action))
    fields = dict(
        share_in_cases=s, prevalence=p, fraction=f, cases_per_year=c, action=action, rr=rr,
        paf=paf, averted=averted, remaining=c - averted,
    )  # fmt: skip
    return Scenario(**fields, formula=formula(Scenario(**fields, formula=""), "en"))


def factor_scenarios(
    factors: pd.DataFrame,
    fraction: float,
    cases_per_year: float,
    *,
    odds_ratios: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """One "what if" per catalogue factor (for the "Who can act" page).

    For each factor with prevalence ``p`` and odds ratio ``OR`` (``data/factors.csv``):

    - ``OR`` stands in for ``RR``: at a yearly offending rate near 0.16% the two differ by well
      under 1% (rare-outcome approximation);
    - the share among offenders is ``s = p · RR / (1 + p (RR − 1))``
      (:func:`share_from_relative_risk`);
    - a risk factor is *removed* from a fraction ``f`` of the teenagers who have it; a protective
      factor (``OR < 1``) is *added* for a fraction ``f`` of those who lack it
      (:func:`averted_cases`).

    The catalogue odds ratios are each factor's own effect given the others; using one alone
    ignores the overlap between factors, so the rows must **not be added up**. All are upper
    bounds that hold only if the associations were causal (Sweeten, Bushway & Paternoster 2009;
    Bäckman 2017).

    Parameters
    ----------
    factors : DataFrame
        The catalogue, as from :func:`riskexplorer.cohort.load_factors`.
    fraction : float
        ``f`` in [0, 1].
    cases_per_year : float
        ``C >= 0``.
    odds_ratios : mapping, optional
        Replacements by factor id. For NEET pass the relative risk the sliders imply,
        ``{"neet": relative_risk(neet_share, neet_prevalence)}``, so the row follows the
        NEET-share slider rather than the stored default (the cohort's calibrated NEET
        coefficient is a different quantity: NEET's effect *given* the other factors).

    Returns
    -------
    DataFrame
        Columns ``id, label, domain, protective, stakeholders, prevalence, rr, share_in_cases,
        paf, action, fraction, averted, remaining, formula``, one row per factor.
    """
    odds = factors["odds_ratio"].astype(float).to_numpy().copy()
    if odds_ratios:
        unknown = set(odds_ratios) - set(factors["id"])
        if unknown:
            raise KeyError(f"no such factor: {sorted(unknown)}")
        ids = list(factors["id"])
        for key, val in odds_ratios.items():
            odds[ids.index(key)] = float(val)
    p = _fractions(factors["prevalence"].astype(float).to_numpy())
    rr = _ratios(odds)
    s = np.asarray(share_from_relative_risk(p, rr))
    protective = rr < 1
    rows = []
    for i, row in enumerate(factors.itertuples(index=False)):
        action: Action = "add" if protective[i] else "remove"
        sc = scenario(s[i], p[i], fraction, cases_per_year, action=action)
        rows.append(
            {
                "id": row.id,
                "label": row.label,
                "domain": row.domain,
                "protective": bool(protective[i]),
                "stakeholders": row.stakeholders,
                "prevalence": p[i],
                "rr": rr[i],
                "share_in_cases": s[i],
                "paf": sc.paf,
                "action": action,
                "fraction": sc.fraction,
                "averted": sc.averted,
                "remaining": sc.remaining,
                "formula": sc.formula,
            }
        )
    return pd.DataFrame(rows)
