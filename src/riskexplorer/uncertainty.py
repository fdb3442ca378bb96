"""How far the model pages' results move across the EVIDENCE ranges — not simulation noise.

Two kinds of range, both on the SYNTHETIC cohort:

- :func:`evidence_ensemble`: a small seeded ensemble of catalogue odds ratios drawn within their
  published intervals (log-normal, split at the central value so that each side's 95% limit is
  the published one, then clipped to the range); each draw's cohort is recalibrated on the same
  patterns and refitted with the :class:`~riskexplorer.scorecard.Scorecard`. Returns low–high
  bands for each factor's points, the flagged count, PPV, cases averted and AUC.
- :func:`reach_ranges`: the "Who can act" numbers of :func:`riskexplorer.cohort.reach_effect`
  over the prevalence range, the yearly-volume range and the evidence range of a factor, on
  exact pattern shares (:func:`riskexplorer.cohort.pattern_probabilities`), so the ranges are not
  sampling noise either.

And two small pieces of arithmetic for the NEET page: :func:`liable_neet_prevalence` (NEET
prevalence weighted by the ages of those held liable) and :func:`averted_grid` (cases averted
= volume × reach × PAF, PAF = (s − p)/(1 − p), which barely moves with the prevalence).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product

import numpy as np
import pandas as pd
from scipy.special import expit
from scipy.stats import norm

from riskexplorer import cohort as C
from riskexplorer.catalogue import cohort_defaults, load_assumptions, load_factors
from riskexplorer.scorecard import Scorecard, threshold_sweep

__all__ = [
    "LiablePrevalence",
    "averted_grid",
    "draw_odds_ratios",
    "evidence_ensemble",
    "liable_neet_prevalence",
    "reach_ranges",
]

_Z95 = float(norm.ppf(0.975))


def draw_odds_ratios(factors: pd.DataFrame, draws: int, seed: int = C.DEFAULT_SEED) -> pd.DataFrame:
    """``draws`` × factors table of odds ratios drawn within each factor's evidence range.

    ``log OR = log OR₀ + σ · z`` with ``σ = (log high − log OR₀)/1.96`` for ``z > 0`` and
    ``(log OR₀ − log low)/1.96`` below, clipped to ``[low, high]``: a published 95% CI is
    reproduced, and an asymmetric range keeps its asymmetry. NEET is not drawn (its strength
    follows from the NEET-share slider); its column holds the catalogue value.
    """
    rng = np.random.default_rng(np.random.SeedSequence(int(seed), spawn_key=(7,)))
    central = np.log(factors["odds_ratio"].to_numpy(float))
    low = np.log(factors["odds_ratio_low"].to_numpy(float))
    high = np.log(factors["odds_ratio_high"].to_numpy(float))
    z = rng.standard_normal((draws, len(factors)))
    spread = np.where(z > 0, (high - central) / _Z95, (central - low) / _Z95)
    values = np.clip(central + spread * z, low, high)
    values[:, factors["id"].to_numpy() == "neet"] = central[factors["id"].to_numpy() == "neet"]
    return pd.DataFrame(np.exp(values), columns=list(factors["id"]))


def _flag_at(card: Scorecard, flag_share: float) -> dict[str, float]:
    """Flagged and PPV at the lowest points threshold that flags at most ``flag_share``."""
    sweep = card.grouped_
    table = threshold_sweep(sweep, card.points_.to_numpy())
    ok = table[table["flagged"] <= flag_share * sweep.n]
    row = ok.iloc[0] if len(ok) else table.iloc[-1]
    return {"threshold": float(row["threshold"]), "flagged": float(row["flagged"]),
            "ppv": float(row["ppv"])}  # fmt: skip


def evidence_ensemble(
    *,
    draws: int = 30,
    seed: int = C.DEFAULT_SEED,
    neet_share: float | None = None,
    neet_prevalence: float | None = None,
    correlation: float | None = None,
    n: int | None = None,
    reach: float = 0.1,
    flag_share: float = 0.05,
    threshold: float | None = None,
) -> dict[str, pd.DataFrame]:
    """Results recomputed over the evidence ranges: a seeded ensemble of ``draws`` cohorts.

    Every draw takes the catalogue's odds ratios from :func:`draw_odds_ratios`, recalibrates
    the cohort on the same simulated patterns (:func:`riskexplorer.cohort.cohort_from_patterns`)
    and fits a :class:`~riskexplorer.scorecard.Scorecard` on its cases. Cost: about 0.2 s a draw
    (30 draws ≈ 6 s on one core), so callers cache it per setting.

    Parameters
    ----------
    reach : float
        Share of teenagers with each factor reached, for ``averted`` (see
        :func:`riskexplorer.cohort.reach_effect`).
    flag_share : float
        Without ``threshold``: each draw flags from the lowest points total that flags at most
        this share of teenagers (points differ between draws, so one total means different
        things).
    threshold : float, optional
        A fixed points threshold for every draw instead.

    Returns
    -------
    dict of DataFrames
        ``draws``: one row per draw (``auc_full, auc_points, threshold, flagged, ppv,
        loglik_loss, group_error, scale``); ``points`` and ``averted``: draws × factors;
        ``bands``: per result (``auc_points``, ``flagged``, ``ppv``, ``points.<factor>``,
        ``averted.<factor>``) the ``central`` value (catalogue odds ratios), ``low`` and ``high``
        (2.5th and 97.5th percentiles of the draws, and never narrower than the central value).
    """
    d = cohort_defaults()
    factors = load_factors()
    if neet_prevalence is not None:
        factors.loc["neet", "prevalence"] = float(neet_prevalence)
    rho = d["correlation"] if correlation is None else float(correlation)
    size = d["n"] if n is None else int(n)
    patterns, counts = C.simulate_patterns(factors, size, correlation=rho, seed=seed)
    ors = draw_odds_ratios(factors, draws, seed)
    sets = [factors["odds_ratio"].to_numpy(float), *ors.to_numpy()]
    rows, points, averted = [], [], []
    for values in sets:
        table = factors.copy()
        table["odds_ratio"] = values
        cohort = C.cohort_from_patterns(
            patterns, counts, factors=table, neet_share=neet_share, seed=seed, correlation=rho
        )
        card = Scorecard().fit_grouped(cohort.patterns, cohort.cases, cohort.totals)
        flagged = (
            _flag_at(card, flag_share)
            if threshold is None
            else {
                "threshold": float(threshold),
                **{k: card.evaluate(threshold)[k] for k in ("flagged", "ppv")},
            }
        )
        rows.append(
            {
                "auc_full": card.auc_full_,
                "auc_points": card.auc_points_,
                **flagged,
                "loglik_loss": card.loglik_loss_,
                "group_error": card.group_error_,
                "scale": card.points_per_doubling_,
            }
        )
        points.append(card.points_.to_numpy())
        averted.append([C.reach_effect(cohort, f, reach)["averted"] for f in cohort.factors])
    ids = list(factors["id"])
    runs = pd.DataFrame(rows)
    points_frame = pd.DataFrame(points, columns=ids)
    averted_frame = pd.DataFrame(averted, columns=ids)
    series = {k: runs[k] for k in ("auc_full", "auc_points", "flagged", "ppv")}
    series |= {f"points.{f}": points_frame[f] for f in ids}
    series |= {f"averted.{f}": averted_frame[f] for f in ids}
    bands = pd.DataFrame(
        {
            "central": [s.iloc[0] for s in series.values()],
            "low": [min(s.iloc[0], s.iloc[1:].quantile(0.025)) for s in series.values()],
            "high": [max(s.iloc[0], s.iloc[1:].quantile(0.975)) for s in series.values()],
        },
        index=list(series),
    )
    return {
        "draws": runs.iloc[1:].reset_index(drop=True),
        "points": points_frame.iloc[1:].reset_index(drop=True),
        "averted": averted_frame.iloc[1:].reset_index(drop=True),
        "bands": bands,
    }


# --- Who can act: ranges --------------------------------------------------------------------------


def _exact_cohort(factors: pd.DataFrame, *, rho: float, population: float, base_rate: float,
                  neet_share: float) -> C.Cohort:  # fmt: skip
    patterns, shares = C.pattern_probabilities(factors, correlation=rho)
    counts = shares * population
    keep = counts > 1e-9
    intercept, log_odds, targets = C.calibrate_crude(
        patterns[keep].reset_index(drop=True),
        counts[keep],
        factors.set_index("id")["odds_ratio"],
        base_rate=base_rate,
        neet_share=neet_share,
    )
    expected = counts[keep] * expit(intercept + patterns[keep].to_numpy(float) @ log_odds)
    beta = pd.concat([pd.Series({"intercept": intercept}), log_odds]).rename("log_odds")
    return C.Cohort(
        patterns=patterns[keep].reset_index(drop=True),
        totals=counts[keep],
        cases=expected,
        expected_cases=expected,
        true_log_odds=beta,
        assumptions={
            "n": population,
            "base_rate": base_rate,
            "neet_share": neet_share,
            "correlation": rho,
            "exact": True,
        },  # fmt: skip
        description="SYNTHETIC cohort (exact pattern shares, no sampling)",
        crude_odds_ratios=targets,
    )


def reach_ranges(
    factor_id: str,
    fraction: float,
    *,
    neet_share: float | None = None,
    correlation: float | None = None,
) -> pd.DataFrame:
    """ "If ``fraction`` of teenagers with the factor lost it": ranges inside the cohort.

    :func:`riskexplorer.cohort.reach_effect` on exact pattern shares of the whole age group at
    the central settings and with, one at a time, the factor's prevalence at its low and high
    end, the yearly volume (``offenders_per_year``) at its low and high end, and the factor's
    odds ratio at the low and high end of its evidence range; ``all`` spans the 8 corners of the
    three. Prevalence and evidence ranges are those of ``data/factors.csv``; the volume range that
    of ``data/assumptions.csv``.

    Returns
    -------
    DataFrame
        Index ``central, prevalence, volume, evidence, all``; columns ``averted_low,
        averted_high, per_1000_low, per_1000_high, reached_per_case_low, reached_per_case_high``
        (the central row has low = high).
    """
    d = cohort_defaults()
    a = load_assumptions()
    factors = load_factors()
    share = d["neet_share"] if neet_share is None else float(neet_share)
    rho = d["correlation"] if correlation is None else float(correlation)
    population = d["population_14_17"]
    volumes = {
        "central": d["offenders_per_year"],
        "low": float(a.at["offenders_per_year", "low"]),
        "high": float(a.at["offenders_per_year", "high"]),
    }
    row = factors.loc[factor_id]
    prevalences = {"central": row["prevalence"], "low": row["prevalence_low"],
                   "high": row["prevalence_high"]}  # fmt: skip
    odds = {"central": row["odds_ratio"], "low": row["odds_ratio_low"],
            "high": row["odds_ratio_high"]}  # fmt: skip

    def run(p: str, v: str, o: str) -> dict[str, float]:
        table = factors.copy()
        table.loc[factor_id, "prevalence"] = prevalences[p]
        if factor_id != "neet":
            table.loc[factor_id, "odds_ratio"] = odds[o]
        cohort = _exact_cohort(table, rho=rho, population=population,
                               base_rate=volumes[v] / population, neet_share=share)  # fmt: skip
        return C.reach_effect(cohort, factor_id, fraction)

    central = run("central", "central", "central")
    one_way = {
        "prevalence": [run(e, "central", "central") for e in ("low", "high")],
        "volume": [run("central", e, "central") for e in ("low", "high")],
        "evidence": [run("central", "central", e) for e in ("low", "high")],
    }
    one_way["all"] = [run(p, v, o) for p, v, o in product(("low", "high"), repeat=3)]
    frame = {"central": [central]} | one_way
    out = {}
    for name, results in frame.items():
        results = [*results, central]
        entry = {}
        for key in ("averted", "per_1000", "reached_per_case"):
            values = [r[key] for r in results]
            entry[f"{key}_low"], entry[f"{key}_high"] = min(values), max(values)
        out[name] = entry
    return pd.DataFrame.from_dict(out, orient="index")


# --- NEET: the age mix of those held liable, and the averted grid -------------------------------


@dataclass(frozen=True)
class LiablePrevalence:
    """NEET prevalence weighted by the ages of those held liable (fractions), with its range."""

    value: float
    low: float
    high: float
    share_16_17: float


def liable_neet_prevalence() -> LiablePrevalence:
    """NEET prevalence among teenagers weighted by the ages of those held criminally liable.

    Liability starts at 16 for most offences and at 14 only for serious ones, so those held
    liable are mostly 16–17, where NEET is more common: ``p = m · p₁₆₋₁₇ + (1 − m) · p₁₄₋₁₅``
    with ``m = liable_share_16_17``. At the defaults (85%, 5%, 1%): 0.85 × 5% + 0.15 × 1% =
    4.4%, against 3% over all 14–17-year-olds. Low: every input at its low end; high: at its
    high end.
    """
    a = load_assumptions()

    def at(column: str) -> float:
        m = a.at["liable_share_16_17", column] / 100
        older = a.at["neet_prevalence_16_17", column] / 100
        younger = a.at["neet_prevalence_14_15", column] / 100
        return float(m * older + (1 - m) * younger)

    return LiablePrevalence(at("value"), at("low"), at("high"),
                            float(a.at["liable_share_16_17", "value"]) / 100)  # fmt: skip


def averted_grid(
    shares: np.ndarray | list[float],
    prevalences: np.ndarray | list[float],
    *,
    fraction: float,
    cases: float | None = None,
) -> pd.DataFrame:
    """Cases averted a year = ``cases × fraction × PAF`` with ``PAF = (s − p)/(1 − p)``.

    Miettinen's population attributable fraction written in the share of offenders ``s`` with
    the factor and its prevalence ``p`` (fractions): unlike the relative risk, it barely moves
    with ``p`` when ``p`` is small (at s = 50%: 50.5%, 48.5% and 46.2% for p = 1%, 3%, 7%).
    Rows: shares; columns: prevalences; ``cases`` defaults to ``offenders_per_year``. Causal
    reading only: if the whole association were causal and ``fraction`` of them were reached.
    """
    cases = cohort_defaults()["offenders_per_year"] if cases is None else float(cases)
    s = np.asarray(shares, dtype=float)[:, None]
    p = np.asarray(prevalences, dtype=float)[None, :]
    paf = (s - p) / (1 - p)
    return pd.DataFrame(cases * float(fraction) * paf, index=np.ravel(s), columns=np.ravel(p))
