"""What the scoring pages show about a fitted scorecard: tables, chart frames and sentences.

The same functions serve the synthetic cohort (Scoring model page) and a user's own table (Your
data page), so both show the same views. Counts of people under the small-count threshold are
suppressed here, before anything reaches a page or an export.
"""

from __future__ import annotations

import collections
import functools
import math
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from riskexplorer import cohort as C
from riskexplorer import privacy
from riskexplorer.i18n import fmt_number, fmt_percent, localized, t
from riskexplorer.privacy import MIN_COUNT, format_count, is_small
from riskexplorer.scorecard import (
    GroupedData,
    Scorecard,
    at_population_rate,
    evaluate_points,
    grouped_from_counts,
    threshold_sweep,
)


def _computed_once(maxsize: int):
    """A least-recently-used memo (like :func:`functools.lru_cache`) whose concurrent first
    calls with the same arguments compute once: the others wait for it (forty sessions moving
    to the same new setting), instead of each doing the same seconds of work. ``prime(value,
    *args, **kwargs)`` stores a value computed elsewhere (the warm-up's child process)."""

    def decorate(fn):
        memo: collections.OrderedDict = collections.OrderedDict()
        locks: dict[tuple, threading.Lock] = {}
        guard = threading.Lock()

        def key_of(args, kwargs) -> tuple:
            return (args, tuple(sorted(kwargs.items())))

        def store(key: tuple, value) -> None:
            with guard:
                memo[key] = value
                memo.move_to_end(key)
                while len(memo) > maxsize:
                    memo.popitem(last=False)

        def lookup(key: tuple):
            with guard:
                if key in memo:
                    memo.move_to_end(key)
                    return True, memo[key]
                return False, None

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            key = key_of(args, kwargs)
            found, value = lookup(key)
            if found:
                return value
            with guard:
                lock = locks.setdefault(key, threading.Lock())
            with lock:
                try:
                    found, value = lookup(key)
                    if not found:
                        value = fn(*args, **kwargs)
                        store(key, value)
                    return value
                finally:
                    with guard:
                        locks.pop(key, None)

        def prime(value, *args, **kwargs) -> None:
            store(key_of(args, kwargs), value)

        def cache_clear() -> None:
            with guard:
                memo.clear()

        wrapper.prime = prime  # type: ignore[attr-defined]
        wrapper.cache_clear = cache_clear  # type: ignore[attr-defined]
        wrapper.cache_size = lambda: len(memo)  # type: ignore[attr-defined]
        return wrapper

    return decorate


@dataclass(frozen=True, eq=False)
class FittedModel:
    """A scorecard with the grouped counts it was fitted on, and whether they are synthetic."""

    scorecard: Scorecard
    grouped: GroupedData
    synthetic: bool
    true_odds_ratios: pd.Series | None = None  # the generating model's, for a synthetic cohort
    settings: Mapping[str, float] | None = None  # the synthetic cohort's assumptions

    @property
    def factors(self) -> tuple[str, ...]:
        return self.grouped.factors

    @property
    def points(self) -> dict[str, int]:
        return {f: int(p) for f, p in self.scorecard.points_.items()}

    @functools.cached_property
    def _published(self) -> pd.DataFrame:
        return _published_odds_ratios(self)

    @functools.cached_property
    def _profiles(self) -> dict[tuple[tuple[str, ...], str], dict[str, str | int]]:
        """:func:`profile`'s answers, per chosen factors and language: computed once per model
        (the synthetic cohort's models are shared, so a slider move to a setting anyone has
        seen computes no profile; an upload's model dies with its session)."""
        return {}


def factor_label(factor_id: str, lang: str) -> str:
    """A catalogue factor's label in ``lang`` (the CSV holds English); any other name — an
    uploaded column — stays as given. Only catalogue labels are memoised, so no uploaded name is
    kept beyond its session."""
    labels = _catalogue_labels(lang)
    return labels.get(factor_id, factor_id)


@functools.cache
def _caveat(factor_id: str, lang: str) -> str:
    from riskexplorer.catalogue import factor_caveat

    return factor_caveat(factor_id, lang)


@functools.cache
def _catalogue_labels(lang: str) -> dict[str, str]:
    catalogue = C.load_factors().set_index("id")
    return {
        str(i): localized(f"factor.{i}", lang, str(label))
        for i, label in catalogue["label"].items()
    }


#: Fits kept per process: every step of the NEET-share slider at two settings of the others.
COHORT_MODELS = 160


@_computed_once(maxsize=COHORT_MODELS)
def cohort_model(
    factors: tuple[str, ...],
    *,
    neet_share: float,
    neet_prevalence: float,
    correlation: float,
    base_rate: float | None = None,
    seed: int = C.DEFAULT_SEED,
) -> FittedModel:
    """The scorecard fitted on the SYNTHETIC cohort for these assumptions (shares as fractions).

    The cohort is always generated with every catalogue factor (NEET calibrated to the share);
    the scorecard sees only ``factors``, as an analyst would who recorded only those.
    """
    cohort = C.make_cohort(
        neet_share=neet_share,
        neet_prevalence=neet_prevalence,
        correlation=correlation,
        base_rate=base_rate,
        seed=seed,
    )
    chosen = list(factors)
    grouped = grouped_from_counts(cohort.patterns[chosen], cohort.cases, cohort.totals)
    scorecard = Scorecard().fit_grouped(grouped.to_frame()[chosen], grouped.cases, grouped.totals)
    true_or = np.exp(cohort.true_log_odds.drop("intercept"))[chosen]
    return FittedModel(scorecard, grouped, True, true_or, dict(cohort.assumptions))


def user_model(
    patterns: pd.DataFrame,
    cases: np.ndarray,
    totals: np.ndarray,
    *,
    population_rate: float | None = None,
) -> FittedModel:
    """The scorecard fitted on a user's own counts (not synthetic); with ``population_rate``,
    risks and the threshold lesson refer to that rate (rows selected on the outcome)."""
    grouped = grouped_from_counts(patterns, cases, totals)
    scorecard = Scorecard(population_rate=population_rate).fit_grouped(
        grouped.to_frame()[list(grouped.factors)], grouped.cases, grouped.totals
    )
    return FittedModel(scorecard, grouped, False)


def records_model(
    X: pd.DataFrame,
    y: np.ndarray,
    w: np.ndarray | None,
    *,
    population_rate: float | None = None,
    weights: str = "frequency",
) -> FittedModel:
    """The scorecard fitted on a user's rows, with frequency or survey weights."""
    scorecard = Scorecard(population_rate=population_rate, weights=weights).fit(
        X, y, sample_weight=w
    )
    return FittedModel(scorecard, scorecard.grouped_, False)


def metrics_at(model: FittedModel, points: Mapping[str, int], threshold: float) -> dict:
    """:func:`evaluate_points`, at the scorecard's population rate when it has one."""
    metrics = evaluate_points(model.grouped, dict(points), threshold)
    rate = getattr(model.scorecard, "population_rate", None)
    return at_population_rate(metrics, float(rate)) if rate is not None else metrics


def cohort_sentence(model: FittedModel, lang: str) -> str:
    """What the synthetic cohort is, with its settings, in ``lang``."""
    s = model.settings or {}
    return t(
        "model.cohort_sentence",
        lang,
        n=fmt_number(s.get("n", model.grouped.n), lang),
        offenders=fmt_number(model.grouped.n_cases, lang),
        rate=fmt_percent(100 * model.grouped.base_rate, lang, decimals=3),
        share=fmt_percent(100 * s.get("neet_share", math.nan), lang, decimals=0),
        prevalence=fmt_percent(100 * s.get("neet_prevalence", math.nan), lang),
        correlation=fmt_number(s.get("correlation") or 0, lang, decimals=2),
        k=len(model.factors),
    )


def _prevalence(grouped: GroupedData) -> pd.Series:
    weights = grouped.totals / grouped.n
    return pd.Series(grouped.patterns.T.astype(float) @ weights, index=list(grouped.factors))


def _prevalence_text(share: float, n: float, lang: str) -> str:
    """How common a factor is, unless it reveals that 1-9 people have it (or lack it)."""
    with_factor = share * n
    if is_small(round(with_factor, 6)) or is_small(round(n - with_factor, 6)):
        return t("privacy.suppressed", lang, min_count=MIN_COUNT)
    return fmt_percent(100 * share, lang)


def _ratio_text(value: float, lang: str) -> str:
    if not math.isfinite(value):
        return "—"
    return fmt_number(value, lang, decimals=2)


def _factor_columns(model: FittedModel, lang: str) -> tuple[list[str], list[int]]:
    """The factors' labels and their points, in the model's order (both points tables)."""
    sc = model.scorecard
    return [factor_label(f, lang) for f in model.factors], [
        int(sc.points_[f]) for f in model.factors
    ]


def _odds_ratio_columns(model: FittedModel, lang: str) -> tuple[list[str], list[str]]:
    """The model's own odds ratio of each factor and its 95% Wald interval, as text."""
    ors = model.scorecard.odds_ratios_
    odds = [_ratio_text(ors.at[f, "odds_ratio"], lang) for f in model.factors]
    interval = [
        f"{_ratio_text(ors.at[f, 'ci_low'], lang)} – {_ratio_text(ors.at[f, 'ci_high'], lang)}"
        for f in model.factors
    ]
    return odds, interval


def _prevalence_column(model: FittedModel, lang: str) -> list[str]:
    prevalence = _prevalence(model.grouped)
    return [_prevalence_text(prevalence[f], model.grouped.n, lang) for f in model.factors]


def points_table(model: FittedModel, lang: str) -> pd.DataFrame:
    """Factor, points, odds ratio with 95% interval, and how common the factor is (the product)."""
    factors, points = _factor_columns(model, lang)
    odds, interval = _odds_ratio_columns(model, lang)
    table = pd.DataFrame(
        {
            t("model.col.factor", lang): factors,
            t("model.col.points", lang): points,
            t("model.col.odds_ratio", lang): odds,
            t("model.col.ci", lang): interval,
            t("model.col.prevalence", lang): _prevalence_column(model, lang),
        }
    )
    if model.true_odds_ratios is not None:
        table[t("model.col.true_or", lang)] = [
            _ratio_text(model.true_odds_ratios[f], lang) for f in model.factors
        ]
    return table


def forest_frame(model: FittedModel, lang: str) -> pd.DataFrame:
    """Odds ratios with intervals for the forest chart (and the generating model's, if synthetic)."""
    ors = model.scorecard.odds_ratios_
    frame = pd.DataFrame(
        {
            "label": [factor_label(f, lang) for f in model.factors],
            "odds_ratio": ors["odds_ratio"].to_numpy(),
            "ci_low": ors["ci_low"].to_numpy(),
            "ci_high": ors["ci_high"].to_numpy(),
            "points": [int(model.scorecard.points_[f]) for f in model.factors],
        }
    )
    frame["text"] = [
        t(
            "model.forest_text",
            lang,
            odds=_ratio_text(o, lang),
            low=_ratio_text(lo, lang),
            high=_ratio_text(hi, lang),
            points=p,
        )
        for o, lo, hi, p in zip(
            frame["odds_ratio"], frame["ci_low"], frame["ci_high"], frame["points"]
        )
    ]
    if model.true_odds_ratios is not None:
        frame["true_or"] = model.true_odds_ratios.to_numpy()
    return frame.sort_values("odds_ratio", ascending=False).reset_index(drop=True)


def summary_forest(frame: pd.DataFrame, lang: str) -> str:
    """ "Strongest: A (OR x); weakest or protective: B (OR y)"."""
    top, bottom = frame.iloc[0], frame.iloc[-1]
    return t(
        "model.summary_forest",
        lang,
        n=len(frame),
        top=top["label"],
        top_or=_ratio_text(top["odds_ratio"], lang),
        bottom=bottom["label"],
        bottom_or=_ratio_text(bottom["odds_ratio"], lang),
    )


def risk_table(model: FittedModel, lang: str) -> pd.DataFrame:
    """Total points → estimated risk with its interval, the rows seen there and their rate.

    Rows with fewer than the small-count threshold show "<10" and no observed rate.
    """
    table = model.scorecard.risk_table_
    cases = (table["observed"].fillna(0) * table["n"]).round(6)
    # The people at each total add up to the table's size, shown on the page, and the observed
    # rate times the people gives the cases back: privacy.risk_table hides both as partitions.
    marks = privacy.risk_table(table["n"].to_numpy(), cases.to_numpy())
    texts = {
        "counts": t("privacy.suppressed", lang, min_count=MIN_COUNT),
        "derived": t("privacy.hidden", lang),
    }
    observed = [
        "" if (hide or not math.isfinite(o)) else fmt_percent(100 * o, lang, decimals=2)
        for hide, o in zip(marks["observed"], table["observed"])
    ]
    n_text = [texts[m] if m else format_count(n, lang) for m, n in zip(marks["people"], table["n"])]
    return pd.DataFrame(
        {
            t("model.col.total_points", lang): table["points"].astype(int).to_numpy(),
            t("model.col.risk", lang): [
                fmt_percent(100 * r, lang, decimals=2) for r in table["risk"]
            ],
            t("model.col.ci", lang): [
                f"{fmt_percent(100 * lo, lang, decimals=2)} – {fmt_percent(100 * hi, lang, decimals=2)}"
                for lo, hi in zip(table["ci_low"], table["ci_high"])
            ],
            t("model.col.n", lang): n_text,
            t("model.col.observed", lang): observed,
        }
    )


def _risk_rule(sc: Scorecard, lang: str) -> dict[str, object]:
    """The numbers of the rule from points to risk: points per doubling of the odds ``s`` and
    risk = 1 ÷ (1 + e^−(a + b × points))."""
    return {
        "s": sc.points_per_doubling_,
        "a": fmt_number(sc.risk_intercept_, lang, decimals=3),
        "b": fmt_number(sc.risk_slope_, lang, decimals=3),
    }


def rule_text(model: FittedModel, lang: str) -> str:
    """The points rule and the risk rule in words, with the fitted numbers."""
    sc = model.scorecard
    return t(
        "model.rule",
        lang,
        **_risk_rule(sc, lang),
        auc_full=fmt_number(sc.auc_full_, lang, decimals=3),
        auc_points=fmt_number(sc.auc_points_, lang, decimals=3),
        loss=fmt_number(sc.auc_loss_, lang, decimals=3),
    )


def threshold_range(points: Mapping[str, int]) -> tuple[int, int]:
    """The lowest and highest total any profile can reach with these points."""
    values = list(points.values())
    return int(sum(v for v in values if v < 0)), int(sum(v for v in values if v > 0))


def default_threshold(model: FittedModel) -> int:
    """The lowest threshold that flags at most 10% of the cohort: a sensible first position."""
    sweep = threshold_sweep(model.grouped, model.points)
    allowed = sweep[sweep["flagged"] <= 0.10 * model.grouped.n]
    return int(allowed["threshold"].iloc[0]) if len(allowed) else int(sweep["threshold"].iloc[-1])


def _confusion_text(m: Mapping[str, float], lang: str) -> dict[str, str]:
    """Counts and rates of one threshold as text, with complementary suppression.

    Flagged, the cohort's cases and the total are on the page, so any one of true positives,
    false positives or missed cases gives the others by subtraction, and PPV and sensitivity
    give them by multiplication. If any of the three is 1-9, all three and both rates are
    hidden ("<10" for the small ones, "…" for the rest); flagged stays.
    """
    counts = {k: m[k] for k in ("true_positives", "false_positives", "false_negatives")}
    text = {
        "flagged": format_count(m["flagged"], lang),
        "ppv": _percent_or_dash(m.get("ppv", math.nan), lang),
        "sensitivity": _percent_or_dash(m.get("sensitivity", math.nan), lang),
    }
    if any(is_small(v) for v in counts.values()):
        hidden = t("privacy.hidden", lang)
        text |= {k: format_count(v, lang) if is_small(v) else hidden for k, v in counts.items()}
        text |= {"ppv": hidden, "sensitivity": hidden}
    else:
        text |= {k: format_count(v, lang) for k, v in counts.items()}
    return text


def compare_points(
    model: FittedModel, yours: Mapping[str, int], threshold: int, lang: str
) -> tuple[pd.DataFrame, dict[str, dict[str, float]]]:
    """Fitted points beside the user's points at one threshold: AUC, flagged, true and false
    positives, PPV and sensitivity (counts under 10 suppressed). Also returns the raw metrics."""
    raw = {
        "fitted": metrics_at(model, model.points, threshold),
        "yours": metrics_at(model, dict(yours), threshold),
    }
    rows = []
    # "Would (not) offend" only for the synthetic cohort: an upload's outcome can be anything.
    tp_label = t("model.col.tp" if model.synthetic else "model.group.cases", lang)
    fp_label = t("model.col.fp" if model.synthetic else "model.group.non_cases", lang)
    for key in ("fitted", "yours"):
        m = raw[key]
        shown = _confusion_text(m, lang)
        rows.append(
            {
                t("model.col.points_set", lang): t(f"model.points_set.{key}", lang),
                "AUC": fmt_number(m["auc"], lang, decimals=3) if math.isfinite(m["auc"]) else "—",
                t("model.col.flagged", lang): shown["flagged"],
                tp_label: shown["true_positives"],
                fp_label: shown["false_positives"],
                t("model.col.ppv", lang): shown["ppv"],
                t("model.col.sensitivity", lang): shown["sensitivity"],
            }
        )
    return pd.DataFrame(rows), raw


def _percent_or_dash(value: float, lang: str) -> str:
    return fmt_percent(100 * value, lang, decimals=1) if math.isfinite(value) else "—"


def lesson(metrics: Mapping[str, float], lang: str, *, synthetic: bool) -> str:
    """The base-rate lesson in one sentence: "Of N flagged, M would have offended …"."""
    flagged = metrics["flagged"]
    if flagged <= 0:
        return t("model.lesson_none", lang)
    key = "model.lesson_synthetic" if synthetic else "model.lesson"
    shown = _confusion_text(metrics, lang)
    if "population_rate" in metrics:  # expected counts per 100 000 children of the population
        return t(
            "model.lesson_population",
            lang,
            threshold=fmt_number(metrics["threshold"], lang),
            n=fmt_number(metrics["n"], lang),
            flagged=fmt_number(round(flagged), lang),
            tp=fmt_number(round(metrics["true_positives"]), lang),
            ppv=_percent_or_dash(metrics["ppv"], lang),
            missed=fmt_number(round(metrics["false_negatives"]), lang),
            rate=fmt_percent(100 * metrics["population_rate"], lang, decimals=3),
        )
    return t(
        key,
        lang,
        flagged=shown["flagged"],
        tp=shown["true_positives"],
        fp=shown["false_positives"],
        ppv=shown["ppv"],
        missed=shown["false_negatives"],
    )


def score_distribution(model: FittedModel, points: Mapping[str, int], lang: str) -> pd.DataFrame:
    """For each total, the share of offenders and of non-offenders with it (each group sums to
    100%), with counts; cells under the small-count threshold are dropped (not drawn)."""
    grouped = model.grouped
    totals = grouped.total_points(dict(points))
    values, inverse = np.unique(totals, return_inverse=True)
    cases = np.bincount(inverse, weights=grouped.cases, minlength=values.size)
    noncases = np.bincount(inverse, weights=grouped.noncases, minlength=values.size)
    rows = []
    names = ("offenders", "non_offenders") if model.synthetic else ("cases", "non_cases")
    for group, counts in zip(names, (cases, noncases)):
        share = counts / counts.sum() if counts.sum() > 0 else counts
        # The group's total is on the page: privacy.partition hides the small cells and, beside
        # them, enough others that none follows by subtraction. Zeros are simply not drawn.
        drop = (counts == 0) | np.array([m is not None for m in privacy.partition(counts)])
        for v, c, s, d in zip(values, counts, share, drop):
            if d:
                continue
            rows.append(
                {
                    "points": int(v),
                    "group": t(f"model.group.{group}", lang),
                    "share": float(100 * s),
                    "count_text": format_count(c, lang),
                    "share_text": fmt_percent(100 * s, lang),
                }
            )
    return pd.DataFrame(rows, columns=["points", "group", "share", "count_text", "share_text"])


def summary_distribution(frame: pd.DataFrame, lang: str, *, synthetic: bool = True) -> str:
    """Mean total points of the two groups, from the drawn shares."""
    means = frame.assign(w=frame["points"] * frame["share"] / 100).groupby("group")["w"].sum()
    names = ("offenders", "non_offenders") if synthetic else ("cases", "non_cases")
    groups = [t(f"model.group.{name}", lang) for name in names]
    if not all(g in means.index for g in groups):
        return t("model.summary_distribution_partial", lang)
    return t(
        "model.summary_distribution",
        lang,
        offenders=fmt_number(means[groups[0]], lang, decimals=1),
        others=fmt_number(means[groups[1]], lang, decimals=1),
    )


def profile(model: FittedModel, present: Sequence[str], lang: str) -> dict[str, str | int]:
    """A profile's total points and estimated risk with its interval (full model), as text,
    and the sentence that says what the risk means (per 1,000 such teenagers). Computed once
    per model, factors and language (``FittedModel._profiles``); a copy."""
    chosen = tuple(sorted(f for f in set(present) if f in model.factors))
    memo = model._profiles
    if (chosen, lang) not in memo:
        memo[(chosen, lang)] = _profile(model, chosen, lang)
    return dict(memo[(chosen, lang)])


def _profile(model: FittedModel, chosen: tuple[str, ...], lang: str) -> dict[str, str | int]:
    sc = model.scorecard
    result = sc.profile_risk(list(chosen))
    per_1000 = fmt_number(1000 * result["risk"], lang, decimals=1)
    sentence = "model.profile_sentence_synthetic" if model.synthetic else "model.profile_sentence"
    return {
        "points": int(sum(int(sc.points_[f]) for f in chosen)),
        "risk": fmt_percent(100 * result["risk"], lang, decimals=2),
        "ci": f"{fmt_percent(100 * result['ci_low'], lang, decimals=2)} – "
        f"{fmt_percent(100 * result['ci_high'], lang, decimals=2)}",
        "per_1000": per_1000,
        "sentence": t(sentence, lang, per_1000=per_1000),
    }


# --- The Scoring model page only: published beside the model's own, and what to trust ----------
# (the synthetic cohort's FittedModel; the Your data page does not call these)


def _cohort_crude_or(grouped: GroupedData, factor: str) -> float:
    """The cohort's own crude (bivariate) odds ratio of ``factor``, from the grouped counts."""
    has = grouped.patterns[:, list(grouped.factors).index(factor)].astype(bool)
    a, b = grouped.cases[has].sum(), grouped.noncases[has].sum()
    c, d = grouped.cases[~has].sum(), grouped.noncases[~has].sum()
    return float(a * d / (b * c)) if min(a, b, c, d) > 0 else math.nan


def published_odds_ratios(model: FittedModel) -> pd.DataFrame:
    """Per factor of ``model``: the crude odds ratio the cohort reproduces (``crude``: the
    catalogue's published value; for NEET, which has no published estimate, the cohort's own,
    set by the NEET-share slider), its evidence range (``low``, ``high``; NaN for NEET), whether
    it is ``published`` and the model's own (conditional) odds ratio ``conditional``. Built once
    per model (the tables, the chart and the notes of the Scoring page all read it); a copy."""
    return model._published.copy()


def _published_odds_ratios(model: FittedModel) -> pd.DataFrame:
    catalogue = C.load_factors()
    rows = []
    for f in model.factors:
        row = catalogue.loc[f]
        published = f != "neet" and row["source"] != "assumption"
        crude = float(row["odds_ratio"]) if f != "neet" else _cohort_crude_or(model.grouped, f)
        rows.append(
            {
                "factor": f,
                "crude": crude,
                "low": float(row["odds_ratio_low"]) if f != "neet" else math.nan,
                "high": float(row["odds_ratio_high"]) if f != "neet" else math.nan,
                "published": published,
                "conditional": float(model.scorecard.odds_ratios_.at[f, "odds_ratio"]),
                "points": int(model.scorecard.points_[f]),
            }
        )
    return pd.DataFrame(rows).set_index("factor")


def cohort_points_table(model: FittedModel, lang: str) -> pd.DataFrame:
    """The Scoring page's points table: points, the published (crude) odds ratio with its
    evidence range and what it rests on, the model's own (conditional) odds ratio, and the Wald
    interval labelled as the sampling noise of a simulation."""
    table = published_odds_ratios(model)
    factors, points = _factor_columns(model, lang)
    odds, interval = _odds_ratio_columns(model, lang)

    def evidence_range(f: str) -> str:
        low, high = table.at[f, "low"], table.at[f, "high"]
        if not math.isfinite(low):
            return t("scoring.col.no_estimate", lang)
        return f"{_ratio_text(low, lang)} – {_ratio_text(high, lang)}"

    return pd.DataFrame(
        {
            t("model.col.factor", lang): factors,
            t("model.col.points", lang): points,
            t("scoring.col.crude_or", lang): [
                _ratio_text(table.at[f, "crude"], lang) for f in model.factors
            ],
            t("scoring.col.evidence_range", lang): [evidence_range(f) for f in model.factors],
            t("scoring.col.conditional_or", lang): odds,
            t("scoring.col.sampling_noise", lang): interval,
            t("model.col.prevalence", lang): _prevalence_column(model, lang),
            t("scoring.col.rests_on", lang): [_caveat(f, lang) for f in model.factors],
        }
    )


def cohort_forest_frame(model: FittedModel, lang: str) -> pd.DataFrame:
    """The forest chart's frame with the published (crude) odds ratio as the second marker
    (not the generating conditional one), for the Scoring page."""
    frame = forest_frame(model, lang).drop(columns="true_or", errors="ignore")
    crude = published_odds_ratios(model)["crude"]
    labels = {factor_label(f, lang): f for f in model.factors}
    frame["true_or"] = [crude[labels[label]] for label in frame["label"]]
    return frame


def sign_reversals(model: FittedModel) -> list[str]:
    """Factors whose points have the opposite sign to their crude association: points above 0
    for a crude odds ratio below 1, or below 0 for one above 1."""
    table = published_odds_ratios(model)
    return [
        f
        for f, row in table.iterrows()
        if (row["points"] > 0 and row["crude"] < 1) or (row["points"] < 0 and row["crude"] > 1)
    ]


def sign_warning(model: FittedModel, lang: str) -> str | None:
    """In words, which factors' points contradict their published association, and why."""
    reversed_ = sign_reversals(model)
    if not reversed_:
        return None
    table = published_odds_ratios(model)
    items = [
        t(
            "scoring.sign_item",
            lang,
            factor=factor_label(f, lang),
            points=int(table.at[f, "points"]),
            crude=_ratio_text(table.at[f, "crude"], lang),
            conditional=_ratio_text(table.at[f, "conditional"], lang),
        )
        for f in reversed_
    ]
    return t("scoring.sign_warning", lang, items="; ".join(items))


def zero_points_note(model: FittedModel, lang: str) -> str | None:
    """Factors with a published association (crude OR ≥ 1.25 or ≤ 0.8) that get 0 points."""
    table = published_odds_ratios(model)
    zero = [
        f
        for f, row in table.iterrows()
        if row["points"] == 0 and (row["crude"] >= 1.25 or row["crude"] <= 0.8)
    ]
    if not zero:
        return None
    items = [
        t(
            "scoring.zero_item",
            lang,
            factor=factor_label(f, lang),
            crude=_ratio_text(table.at[f, "crude"], lang),
            conditional=_ratio_text(table.at[f, "conditional"], lang),
        )
        for f in zero
    ]
    return t("scoring.zero_note", lang, items="; ".join(items))


def rounding_cost(model: FittedModel, lang: str) -> str:
    """What rounding to whole points costs, in words, and the one rule from points to risk."""
    sc = model.scorecard
    return t(
        "scoring.rounding_cost",
        lang,
        **_risk_rule(sc, lang),
        loss=fmt_number(sc.loglik_loss_, lang, decimals=1),
        error=fmt_percent(100 * sc.group_error_, lang, decimals=1),
    )


#: Draws of the evidence ensemble on the live page: 10 cost about 3 s of CPU per new setting
#: (30 about 5 s), measured on the default settings; cached per setting.
ENSEMBLE_DRAWS = 10


@_computed_once(maxsize=32)
def evidence_band(
    neet_share: float, neet_prevalence: float, correlation: float, draws: int = ENSEMBLE_DRAWS
) -> dict[str, tuple[float, float, float]]:
    """``auc_points`` and ``ppv`` (central, low, high) over the evidence ranges, for all
    catalogue factors at these settings (:func:`riskexplorer.uncertainty.evidence_ensemble`)."""
    from riskexplorer.uncertainty import evidence_ensemble

    bands = evidence_ensemble(
        draws=draws,
        neet_share=neet_share,
        neet_prevalence=neet_prevalence,
        correlation=correlation,
    )["bands"]
    return {k: tuple(float(v) for v in bands.loc[k, ["central", "low", "high"]]) for k in
            ("auc_points", "ppv")}  # fmt: skip


def default_evidence_band() -> dict[str, tuple[float, float, float]]:
    """:func:`evidence_band` at the default settings of the cohort: computed once per process
    (warmed when the server starts, :func:`warm`), so a slider move never waits seconds for it."""
    d = C.cohort_defaults()
    return evidence_band(d["neet_share"], d["neet_prevalence"], round(d["correlation"], 2))


def warm(prime_chart: Callable[[tuple, object], None] | None = None) -> None:
    """Compute what the model pages cache per process before the first visitor asks: the
    evidence band of the Scoring page and the Who can act ranges (a few seconds of CPU), then
    the Scoring page's fit, views and charts at every step of the NEET-share slider with the
    other sliders at their defaults (:func:`warm_fits`; ``prime_chart(key, chart)`` stores a
    drawn chart where the app looks it up)."""
    from riskexplorer.views import who_can_act

    default_evidence_band()
    who_can_act.factor_effects(10, "en")
    warm_fits(prime_chart=prime_chart)
    freeze_long_lived()


def freeze_long_lived() -> None:
    """Move every object alive now (the imported libraries, the data files, the warmed caches:
    ~180 000 objects) out of the garbage collector's reach (:func:`gc.freeze`). Streamlit runs
    a full collection after every script run (``runner.postScriptGC``); over those objects it
    cost 50–130 ms of CPU per slider move on this 2-core machine, more than the page itself.
    What is created later (sessions, new views) is still collected as usual."""
    import gc

    gc.collect()
    gc.freeze()


#: A setting of the Scoring page's three sliders, as the warm-up fits it: (NEET share in
#: percent, NEET prevalence in percent, correlation), every factor chosen.
WarmPoint = tuple[int, float, float]


def _fit_settings(point: WarmPoint) -> tuple[tuple[str, ...], dict[str, float]]:
    """The arguments of :func:`cohort_model` the Scoring page passes at ``point`` with every
    factor chosen (the same floats as :func:`scoring_view` makes, so the memo finds them)."""
    share, prevalence, correlation = point
    return tuple(C.load_factors()["id"]), {
        "neet_share": round(share) / 100,
        "neet_prevalence": round(prevalence, 2) / 100,
        "correlation": round(correlation, 2),
    }


def _fit_at(points: list[WarmPoint]) -> list[FittedModel]:
    """The fits at these settings (in the warm-up's child process)."""
    fits = []
    for point in points:
        factors, settings = _fit_settings(point)
        fits.append(cohort_model.__wrapped__(factors, **settings))
    return fits


def _warm_child(points: list[WarmPoint], out) -> None:
    """The warm-up's child process: pickle to ``out``, one by one, ``("fit", point, fit)`` for
    every setting (with the empty profile's answer in every language, :func:`profile`), then
    ``("view", settings, lang, view, charts)`` for every setting and language
    (:func:`shared_scoring_view`, :func:`scoring_charts`) — the fits first, since no move can
    do without one, while formatting is a few tens of milliseconds — and last ``("charts",
    charts)`` per language: Who can act's chart at every fraction
    (:func:`riskexplorer.views.who_can_act.drawn_charts`)."""
    import pickle

    from riskexplorer.i18n import LANGUAGES

    def send(message: tuple) -> None:
        pickle.dump(message, out, protocol=pickle.HIGHEST_PROTOCOL)
        out.flush()

    fits = {}
    for point in points:
        fits[point] = _fit_at([point])[0]
        for lang in LANGUAGES:  # the profile builder starts empty: its answer travels with the fit
            profile(fits[point], [], lang)
        send(("fit", point, fits[point]))
    for point in points:
        factors, settings = _fit_settings(point)
        cohort_model.prime(fits[point], factors, **settings)
        key = scoring_settings(factors, *point)
        for lang in LANGUAGES:
            view = shared_scoring_view(*key, lang)
            send(("view", key, lang, view, scoring_charts(key, view, lang)))
    from riskexplorer.views import who_can_act

    for lang in LANGUAGES:  # the Who can act chart at every fraction, no stakeholder chosen
        send(("charts", who_can_act.drawn_charts(lang)))


def warm_fits(
    *, in_child: bool = True, prime_chart: Callable[[tuple, object], None] | None = None
) -> int:
    """Fit the Scoring page at every setting of :func:`warm_settings` — every step of the
    NEET-share slider with the other sliders at their defaults (the buttons' values first),
    then every step of the prevalence and of the correlation slider at the default share — so
    that moving one slider from the page's defaults never waits for a fit: about 0.13 s of CPU
    each, ~12 s in all; then their views in every language and their two charts (~0.1 s each),
    so that no first visit of those settings formats or draws anything. ``in_child`` does it in
    a child Python process (a plain subprocess, not multiprocessing, which would re-run the
    Streamlit script as its main module): the server's interpreter stays free for the visitors
    and only unpickles what is finished. Without a child (none can start), this process fits
    the NEET-share steps only, and leaves the views to the first visits. ``prime_chart(key,
    chart)`` stores each drawn chart. Returns how many fits were stored."""
    import dataclasses

    points = warm_settings()

    stored: set[WarmPoint] = set()

    def keep(point: WarmPoint, fit: FittedModel) -> None:
        factors, settings = _fit_settings(point)
        cohort_model.prime(fit, factors, **settings)
        stored.add(point)

    def keep_view(key: tuple, lang: str, view: ScoringView, charts: list) -> None:
        factors, share, prevalence, correlation = key
        # The view's own copy of the fit gives way to the one already kept.
        fit = cohort_model(factors, **_fit_settings((share, prevalence, correlation))[1])
        shared_scoring_view.prime(dataclasses.replace(view, model=fit), *key, lang)
        if prime_chart is not None:
            for chart_key, chart in charts:
                prime_chart(chart_key, chart)

    if in_child:
        import os
        import pickle
        import subprocess
        import sys
        from pathlib import Path

        package_root = str(Path(__file__).resolve().parents[2])
        code = (
            "import sys; from riskexplorer.views import scorecard; "
            f"scorecard._warm_child({points!r}, sys.stdout.buffer)"
        )
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([package_root, *sys.path])}
        try:
            child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, env=env)
        except OSError:
            child = None
        if child is not None:
            with child:
                while True:
                    try:
                        message = pickle.load(child.stdout)
                    except EOFError:
                        break
                    if message[0] == "fit":
                        keep(*message[1:])
                    elif message[0] == "view" and tuple(message[1][1:]) in stored:
                        keep_view(*message[1:])
                    elif message[0] == "charts" and prime_chart is not None:
                        for chart_key, chart in message[1]:
                            prime_chart(chart_key, chart)
    # What no child fitted (none started, or it failed): the NEET-share steps, in this process.
    for point in points:
        if point not in stored and point[1:] == points[0][1:]:
            keep(point, _fit_at([point])[0])
    return len(stored)


def auc_context(
    model: FittedModel, band: Mapping[str, tuple[float, float, float]], lang: str
) -> str:
    """The synthetic AUC beside its band over the evidence ranges and what real instruments
    reach, and that a real PPV would be lower still."""
    _, low, high = band["auc_points"]
    _, ppv_low, ppv_high = band["ppv"]
    return t(
        "scoring.auc_context",
        lang,
        auc=fmt_number(model.scorecard.auc_points_, lang, decimals=3),
        low=fmt_number(low, lang, decimals=3),
        high=fmt_number(high, lang, decimals=3),
        ppv_low=fmt_percent(100 * ppv_low, lang, decimals=1),
        ppv_high=fmt_percent(100 * ppv_high, lang, decimals=1),
        draws=ENSEMBLE_DRAWS,
    )


# --- Ready-to-render views: what a page shows of a model, built once per setting -------------


@dataclass(frozen=True)
class Figure:
    """One number of a result strip: its label, the value as shown, and a help text."""

    label: str
    value: str
    help: str | None = None


@dataclass(frozen=True, eq=False)
class ScorecardView:
    """What the scorecard views show of one model in one language, ready to render: the rule
    in words, the points table, the odds-ratio chart's frame and summary, the risk table, and
    the threshold slider's range and first position (for the fitted points). Read-only."""

    rule: str
    points: pd.DataFrame
    #: The columns of ``points`` a printed summary keeps (``None``: all).
    points_print: tuple[str, ...] | None
    forest: pd.DataFrame
    forest_summary: str
    risk: pd.DataFrame
    threshold_range: tuple[int, int]
    default_threshold: int


def cohort_points_print_columns(lang: str) -> tuple[str, ...]:
    """The columns of :func:`cohort_points_table` on paper: the factor, its points, the
    published odds ratio with the studies' range, how common it is and the model's own odds
    ratio; the sampling noise and what each estimate rests on stay in the file (the sources
    are printed with the page)."""
    keys = ("model.col.factor", "model.col.points", "scoring.col.crude_or",
            "scoring.col.evidence_range", "scoring.col.conditional_or", "model.col.prevalence")  # fmt: skip
    return tuple(t(k, lang) for k in keys)


def scorecard_view(model: FittedModel, lang: str) -> ScorecardView:
    """The :class:`ScorecardView` of ``model``: the Scoring page's published-beside-conditional
    tables for a synthetic cohort, the plain ones for a user's own counts."""
    synthetic = model.synthetic
    forest = (cohort_forest_frame if synthetic else forest_frame)(model, lang)
    return ScorecardView(
        rule=rule_text(model, lang),
        points=(cohort_points_table if synthetic else points_table)(model, lang),
        points_print=cohort_points_print_columns(lang) if synthetic else None,
        forest=forest,
        forest_summary=summary_forest(forest, lang),
        risk=risk_table(model, lang),
        threshold_range=threshold_range(model.points),
        default_threshold=default_threshold(model),
    )


@dataclass(frozen=True, eq=False)
class ThresholdView:
    """What the threshold section shows for one set of points at one threshold: the lesson
    sentence, the comparison table (fitted beside these points), the raw metrics, and the
    score distribution's frame and summary. Read-only."""

    lesson: str
    table: pd.DataFrame
    raw: dict[str, dict[str, float]]
    distribution: pd.DataFrame
    distribution_summary: str


def threshold_view(
    model: FittedModel, yours: Mapping[str, int], threshold: int, lang: str
) -> ThresholdView:
    """The :class:`ThresholdView` of ``yours`` (points per factor) at ``threshold``."""
    table, raw = compare_points(model, yours, threshold, lang)
    distribution = score_distribution(model, yours, lang)
    return ThresholdView(
        lesson=lesson(raw["yours"], lang, synthetic=model.synthetic),
        table=table,
        raw=raw,
        distribution=distribution,
        distribution_summary=(
            summary_distribution(distribution, lang, synthetic=model.synthetic)
            if not distribution.empty
            else ""
        ),
    )


@dataclass(frozen=True, eq=False)
class ScoringView:
    """Everything the Scoring page shows for one setting of its sliders, in one language, ready
    to render (numbers formatted, texts translated). Built once per setting and shared by every
    session (``riskexplorer.app.scorecard_widgets.scoring_view``): treat it as read-only."""

    model: FittedModel
    results: tuple[Figure, ...]
    results_caption: str
    cohort_note: str
    trust: tuple[str, ...]  # the paragraphs under "what to trust"
    sign_warning: str | None
    zero_note: str | None
    source_line: str
    scorecard: ScorecardView
    threshold: ThresholdView  # at the default threshold, with the fitted points


def scoring_view(
    factors: tuple[str, ...],
    *,
    neet_share: float,
    neet_prevalence: float,
    correlation: float,
    lang: str,
) -> ScoringView:
    """The Scoring page's :class:`ScoringView` for these sliders (shares in percent, as the
    sliders give them): the fit on the synthetic cohort (:func:`cohort_model`), its result
    strip, the sentences about what to trust, the sources, and the scorecard's views.

    Raises :class:`riskexplorer.errors.InputError` for settings the cohort cannot take."""
    from riskexplorer.views.figures import source_line

    # Rounded to the sliders' steps, so the same setting always finds the same fit (a float
    # slider can send 0.30000000000000004 for 0.3), the one :func:`warm` computed included.
    model = cohort_model(
        tuple(factors),
        neet_share=round(neet_share) / 100,
        neet_prevalence=round(neet_prevalence, 2) / 100,
        correlation=round(correlation, 2),
    )
    band = default_evidence_band()
    sc = model.scorecard
    badge = t("synthetic.badge", lang)
    results = (
        Figure(
            t("scoring.result.auc", lang),
            fmt_number(sc.auc_points_, lang, decimals=3),
            t("scoring.result.auc_help", lang),
        ),
        Figure(
            t("scoring.result.auc_band", lang),
            f"{fmt_number(band['auc_points'][1], lang, decimals=3)} – "
            f"{fmt_number(band['auc_points'][2], lang, decimals=3)}",
        ),
        Figure(
            t("scoring.result.loglik_loss", lang), fmt_number(sc.loglik_loss_, lang, decimals=1)
        ),
        Figure(
            t("scoring.result.group_error", lang),
            fmt_percent(100 * sc.group_error_, lang, decimals=1),
        ),
    )
    catalogue = C.load_factors()
    sources = tuple(
        dict.fromkeys(
            s
            for ids in catalogue.loc[list(model.factors), "source_ids"]
            for s in str(ids).split(";")
            if s
        )
    )
    scorecard = scorecard_view(model, lang)
    return ScoringView(
        model=model,
        results=results,
        results_caption=f"{badge} {t('scoring.result.caption', lang)}",
        cohort_note=f"**{badge}** {cohort_sentence(model, lang)}",
        trust=(
            auc_context(model, band, lang),
            rounding_cost(model, lang),
            t("scoring.or_meaning", lang),
        ),
        sign_warning=sign_warning(model, lang),
        zero_note=zero_points_note(model, lang),
        source_line=source_line(sources, lang),
        scorecard=scorecard,
        threshold=threshold_view(model, model.points, scorecard.default_threshold, lang),
    )


#: Views kept per process: every NEET-share step in three languages, with room for other
#: settings of the other sliders.
SCORING_VIEWS = 600


@_computed_once(maxsize=SCORING_VIEWS)
def shared_scoring_view(
    factors: tuple[str, ...], share: int, prevalence: float, correlation: float, lang: str
) -> ScoringView:
    """:func:`scoring_view`, built once per setting of the sliders (:func:`scoring_settings`)
    and language and shared by every session: a move to a setting anyone has seen costs no fit
    and no formatting; the start-up's child process builds those at the sliders' defaults
    (:func:`warm_fits`). Concurrent first requests of one setting wait for one computation. A
    synthetic cohort only — nothing here derives from an upload."""
    return scoring_view(
        factors,
        neet_share=share,
        neet_prevalence=prevalence,
        correlation=correlation,
        lang=lang,
    )


def scoring_settings(
    factors: Sequence[str], share: float, prevalence: float, correlation: float
) -> tuple[tuple[str, ...], int, float, float]:
    """The key of :func:`shared_scoring_view`: the sliders' values rounded to their steps."""
    return (
        tuple(factors),
        int(round(share)),
        round(float(prevalence), 2),
        round(float(correlation), 2),
    )


def default_scoring_settings(share: int) -> tuple[tuple[str, ...], int, float, float]:
    """:func:`scoring_settings` as the Scoring page makes them at ``share`` percent with every
    factor chosen and the other sliders at their defaults."""
    from riskexplorer.views.risk_factors import neet_sliders

    correlation = C.load_assumptions().loc["cohort_correlation", "value"]
    return scoring_settings(
        tuple(C.load_factors()["id"]), share, neet_sliders()["prevalence"].default, correlation
    )


def forest_key(settings: tuple) -> tuple:
    """The odds-ratio chart's data key (``riskexplorer.drawn.key``) for these settings."""
    return ("sc_forest", settings)


def distribution_key(settings: tuple, points: Mapping[str, int]) -> tuple:
    """The score distribution's data key: it depends on the fit and "your points", not on the
    threshold."""
    return ("sc_distribution", settings, tuple(sorted(points.items())))


def forest_options(lang: str, *, synthetic: bool) -> dict:
    """The odds-ratio chart's options (:func:`riskexplorer.charts.odds_ratio_forest`): a
    synthetic cohort's sets the published (crude) odds ratio beside the model's own."""
    from riskexplorer.views.figures import tooltip_titles

    return {
        "title": t("model.forest_title", lang),
        "axis_title": t("model.forest_axis", lang),
        "tooltip_titles": tooltip_titles(lang),
        "true_title": t("scoring.col.crude_or", lang) if synthetic else None,
    }


def distribution_options(lang: str, threshold: int) -> dict:
    """The score distribution's options (:func:`riskexplorer.charts.score_distribution`)."""
    return {
        "title": t("model.distribution_title", lang),
        "x_title": t("model.col.total_points", lang),
        "y_title": t("model.distribution_axis", lang),
        "group_title": t("model.group_title", lang),
        "threshold": threshold,
    }


def scoring_charts(
    settings: tuple, view: ScoringView, lang: str, *, scale: float = 1.0
) -> list[tuple[tuple, object]]:
    """The Scoring page's two charts at the default threshold with the fitted points, drawn
    (:class:`riskexplorer.drawn.DrawnChart`) under the keys the page looks them up by — what
    ``riskexplorer.app.scorecard_widgets`` passes ``riskexplorer.app.ui.show_chart``."""
    from riskexplorer import drawn

    sources = t("scoring.sources", lang)
    shown, threshold = view.scorecard, view.threshold
    made = [
        (
            "odds_ratio_forest",
            shown.forest,
            forest_key(settings),
            forest_options(lang, synthetic=view.model.synthetic),
        )
    ]
    if not threshold.distribution.empty:
        made.append(
            (
                "score_distribution",
                threshold.distribution,
                distribution_key(settings, view.model.points),
                distribution_options(lang, shown.default_threshold),
            )
        )
    return [
        (
            drawn.key(builder, data_key, options, lang, scale, sources),
            drawn.draw(builder, frame, options, lang, scale, sources),
        )
        for builder, frame, data_key, options in made
    ]


def share_caption(lang: str, *, badge: str) -> str:
    """The caption under the Scoring page's NEET-share slider: the briefing's claim
    (``badge``: its status badge) and the local reports' mark, in ``lang``."""
    from riskexplorer.views.risk_factors import claimed_share, local_mark

    return t(
        "scoring.share_caption",
        lang,
        badge=badge,
        claim=fmt_percent(claimed_share(), lang, decimals=0),
        mark=fmt_percent(local_mark().value, lang, decimals=1),
    )


def factor_options(lang: str) -> dict[str, str]:
    """The catalogue's factors, id → label in ``lang``, in the catalogue's order (the options
    of the Scoring page's factor choice; the link holds the ids)."""
    return dict(_catalogue_labels(lang))


def profile_options(model: FittedModel, lang: str) -> dict[str, str]:
    """The model's factors, id → label in ``lang`` (the profile builder's pills)."""
    return {f: factor_label(f, lang) for f in model.factors}


def warm_shares() -> list[int]:
    """Every step of the NEET-share slider (percent), nearest to its two buttons first (the
    local reports' mark and the briefing's claim), so the fits a room reaches first are ready
    first (:func:`warm`)."""
    from riskexplorer.views.risk_factors import claimed_share, local_mark, neet_sliders

    share = neet_sliders()["share"]
    steps = range(int(share.low), int(share.high) + 1, int(share.step))
    anchors = (round(local_mark().value), round(claimed_share()))
    return sorted(steps, key=lambda s: (min(abs(s - a) for a in anchors), s))


#: The step of the Scoring page's correlation slider.
CORRELATION_STEP = 0.1


def warm_settings() -> list[WarmPoint]:
    """The settings the start-up fits (:func:`warm_fits`): every NEET-share step with the other
    sliders at their defaults (:func:`warm_shares`' order), then every other step of the
    prevalence slider and of the correlation slider at the default share — so a room moving any
    one slider from the page's defaults finds its fit made."""
    from riskexplorer.views.risk_factors import SliderRange, neet_sliders

    sliders = neet_sliders()
    _, share, prevalence, correlation = default_scoring_settings(int(sliders["share"].default))
    row = C.load_assumptions().loc["cohort_correlation"]
    correlations = SliderRange(float(row["low"]), float(row["high"]), correlation, CORRELATION_STEP)
    # Rounded as scoring_settings rounds the sliders' values, the key the page looks fits up by.
    points = [(s, prevalence, correlation) for s in warm_shares()]
    points += [
        (share, p, correlation)
        for p in (round(float(v), 2) for v in sliders["prevalence"].values())
        if p != prevalence
    ]
    points += [
        (share, prevalence, c)
        for c in (round(float(v), 2) for v in correlations.values())
        if c != correlation
    ]
    return points
