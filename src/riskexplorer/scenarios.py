"""Page-ready numbers for the "Risk factors" and "Who can act" pages.

The arithmetic lives in :mod:`riskexplorer.evidence` (relative risk, attributable fraction,
scenarios); the assumptions in ``data/assumptions.csv``, ``data/factors.csv`` and
``data/actions.csv`` (:mod:`riskexplorer.cohort`). This module joins them into what the pages
show — slider ranges, the two yearly volumes with their verification status, the NEET result with
its formulas, the RR grid for the heatmap, the factor ranking and the stakeholders' actions — with
translated text, so the pages hold only widgets.

Shares on the pages are in percent (``50`` means 50%); the evidence functions take fractions.
Every function is pure and cached: a slider move reruns the page in milliseconds.

Everything here is an association computed from aggregates. The "averted" numbers hold only if
the association were causal (Sweeten, Bushway & Paternoster 2009; Bäckman 2017 find the
dropout–offending link largely explained by earlier differences): read them as upper bounds.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from riskexplorer import cohort as C
from riskexplorer import evidence as E
from riskexplorer import facts as F
from riskexplorer.i18n import fmt_number, fmt_percent, has, t
from riskexplorer.memo import frame_cache

SHARE_ID = "neet_share_offenders"
PREVALENCE_ID = "neet_prevalence_14_17"
MARK_ID = "neet_share_local_mark"
#: The documented NEET series shown beside the prevalence slider (neither covers ages 14–17).
NEET_SERIES_FACTS: tuple[str, ...] = ("neet_15_28_2021q2", "neet_14_34_2025q1")
#: The assumptions the NEET arithmetic rests on, in the order the "How this is calculated" table
#: lists them.
NEET_ASSUMPTIONS: tuple[str, ...] = (
    SHARE_ID, MARK_ID, PREVALENCE_ID, "offenders_per_year", "crimes_per_year",
)  # fmt: skip
#: RR at or above this is flagged: the share among offenders is many times the prevalence, and a
#: small change in the (assumed) prevalence moves RR a lot.
EXTREME_RR = 50.0
#: Regimes of a relative risk, each with its own translated explanation on the page.
REGIMES: tuple[str, ...] = ("normal", "extreme", "none", "protective", "infinite", "undefined")


def _text(key: str, lang: str, fallback: str) -> str:
    """A data text in ``lang``: the CSV holds the English, translations live under ``key``
    (the convention of :func:`riskexplorer.facts.label`)."""
    return t(key, lang) if lang != "en" and has(key, lang) else fallback


# --- Slider ranges ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SliderRange:
    """A slider's range and default, in percent, from ``data/assumptions.csv``."""

    low: float
    high: float
    default: float
    step: float

    def values(self) -> np.ndarray:
        """Every value the slider can take, low to high."""
        n = round((self.high - self.low) / self.step)
        return self.low + self.step * np.arange(n + 1)


@functools.cache
def neet_sliders() -> dict[str, SliderRange]:
    """Ranges of the sliders of the "Risk factors" page.

    ``share`` (NEET share among teen offenders, whole percent) and ``prevalence`` (NEET share of all
    14–17-year-olds, half-percent steps) from ``data/assumptions.csv``; ``reach`` (the share of NEET
    teenagers an outreach programme reaches) is an illustration, 0–100% in steps of 5, default 10.
    """
    rows = C.load_assumptions()
    share, prevalence = rows.loc[SHARE_ID], rows.loc[PREVALENCE_ID]
    return {
        "share": SliderRange(float(share["low"]), float(share["high"]), float(share["value"]), 1),
        "prevalence": SliderRange(
            float(prevalence["low"]), float(prevalence["high"]), float(prevalence["value"]), 0.5
        ),
        "reach": SliderRange(0.0, 100.0, 10.0, 5.0),
    }


@dataclass(frozen=True)
class LocalMark:
    """What local reports suggest for the NEET share among offenders (percent)."""

    value: float
    low: float
    high: float


@functools.cache
def local_mark() -> LocalMark:
    """The local reports' NEET share among offenders (``neet_share_local_mark``, ≈9.1%)."""
    row = C.load_assumptions().loc[MARK_ID]
    return LocalMark(float(row["value"]), float(row["low"]), float(row["high"]))


# --- The yearly volumes -------------------------------------------------------------------------


@dataclass(frozen=True)
class Volume:
    """A yearly volume of teen offending, annualised from a documented figure.

    ``kind`` is ``persons`` (minors held criminally liable, from an independent report) or
    ``crimes`` (from the briefing's 771, seed-only); ``status`` is that figure's verification
    status, ``formula`` the annualisation with its numbers.
    """

    kind: str
    assumption_id: str
    per_year: float
    low: float
    high: float
    fact_id: str
    fact_value: float
    months: int
    status: str
    period: str
    formula: str


def volume_period(volume: Volume, lang: str) -> str:
    """The period of the figure a volume is annualised from, as ``lang`` writes it."""
    return F.period(F.fact(volume.fact_id), lang)


def _months(fact: pd.Series) -> int:
    start, end = fact["period_start"], fact["period_end"]
    return (end.year - start.year) * 12 + end.month - start.month + 1


@functools.cache
def volumes() -> tuple[Volume, Volume]:
    """Teenagers held liable a year (reported) and, as the alternative, crimes a year (seed-only).

    Examples
    --------
    >>> [v.per_year for v in volumes()]
    [2271.0, 2313.0]
    """
    rows = C.load_assumptions()
    out = []
    for kind, assumption_id, fact_id in (
        ("persons", "offenders_per_year", "minors_prosecuted_2025_9m"),
        ("crimes", "crimes_per_year", "teen_crimes_jan_apr_2025"),
    ):
        row, fact = rows.loc[assumption_id], F.fact(fact_id)
        months = _months(fact)
        per_year = float(row["value"])
        formula = (
            f"{fact['value']:,.0f} × 12 ÷ {months} = {per_year:,.0f}".replace(",", "\u202f")
        )
        out.append(
            Volume(
                kind=kind,
                assumption_id=assumption_id,
                per_year=per_year,
                low=float(row["low"]),
                high=float(row["high"]),
                fact_id=fact_id,
                fact_value=float(fact["value"]),
                months=months,
                status=str(fact["status"]),
                period=str(fact["period"]),
                formula=formula,
            )
        )
    return out[0], out[1]


# --- The NEET result ----------------------------------------------------------------------------


@dataclass(frozen=True)
class NeetResult:
    """What a NEET share among offenders and a NEET prevalence imply (inputs in percent).

    ``scenarios`` holds one :class:`~riskexplorer.evidence.Scenario` per volume of
    :func:`volumes` (people held liable first, then the briefing's crimes); ``regime`` is one of
    :data:`REGIMES` and picks the explanation the page shows.
    """

    share_pct: float
    prevalence_pct: float
    reach_pct: float
    rr: float
    paf: float
    regime: str
    scenarios: tuple[E.Scenario, E.Scenario]
    volumes: tuple[Volume, Volume]

    @property
    def averted(self) -> float:
        """Fewer teenagers held liable a year (the main volume)."""
        return self.scenarios[0].averted


def regime(rr: float) -> str:
    """Which case a relative risk falls in (see :data:`REGIMES`)."""
    if math.isnan(rr):
        return "undefined"
    if math.isinf(rr):
        return "infinite"
    if math.isclose(rr, 1.0, rel_tol=1e-9, abs_tol=1e-9):
        return "none"
    if rr < 1:
        return "protective"
    return "extreme" if rr >= EXTREME_RR else "normal"


@functools.lru_cache(maxsize=8192)
def neet_result(share_pct: float, prevalence_pct: float, reach_pct: float) -> NeetResult:
    """RR, PAF and the outreach scenario for both volumes, from the page's three sliders.

    Raises :class:`~riskexplorer.errors.InputError` (translated) for a percent outside 0–100.

    Examples
    --------
    >>> r = neet_result(50, 3, 10)
    >>> round(r.rr, 1), round(100 * r.paf, 1), round(r.averted)
    (32.3, 48.5, 110)
    """
    s, p, f = share_pct / 100, prevalence_pct / 100, reach_pct / 100
    vols = volumes()
    scenarios = tuple(E.scenario(s, p, f, v.per_year) for v in vols)
    rr, paf = scenarios[0].rr, scenarios[0].paf
    return NeetResult(
        share_pct=float(share_pct),
        prevalence_pct=float(prevalence_pct),
        reach_pct=float(reach_pct),
        rr=rr,
        paf=paf,
        regime=regime(rr),
        scenarios=scenarios,  # type: ignore[arg-type]
        volumes=vols,
    )


def fmt_rr(rr: float, lang: str) -> str:
    """A relative risk as the page writes it: ``32.3×``; ``∞`` and "undefined" in words."""
    if math.isnan(rr):
        return t("risk_factors.rr_undefined_value", lang)
    if math.isinf(rr):
        return t("risk_factors.rr_infinite_value", lang)
    return t("risk_factors.rr_value", lang, rr=fmt_number(rr, lang, decimals=1 if rr < 100 else 0))


def fmt_ratio(value: float, lang: str) -> str:
    """An odds ratio or relative risk as a bare number (``0.7``, ``8.2``)."""
    if not math.isfinite(value):
        return fmt_rr(value, lang)
    return fmt_number(value, lang, decimals=1 if value < 100 else 0)


def fmt_paf(paf: float, lang: str) -> str:
    """An attributable fraction as a percentage with one decimal (``48.5%``)."""
    if math.isnan(paf):
        return t("risk_factors.rr_undefined_value", lang)
    if math.isinf(paf):
        return "−∞" if paf < 0 else "∞"
    return fmt_percent(100 * paf, lang, decimals=1).replace("-", "−")


def fmt_count(value: float, lang: str) -> str:
    """A modelled count a year, rounded to a whole number (``110``; ``−5`` for more)."""
    if not math.isfinite(value):
        return t("risk_factors.rr_undefined_value", lang)
    rounded = round(value)
    text = fmt_number(abs(rounded), lang)
    return f"−{text}" if rounded < 0 else text


def result_message(result: NeetResult, lang: str) -> str:
    """One sentence on what this result means, for its regime (always translated, never "inf")."""
    mark = local_mark()
    return t(
        f"risk_factors.regime.{result.regime}",
        lang,
        share=fmt_percent(result.share_pct, lang, decimals=0),
        prevalence=fmt_percent(result.prevalence_pct, lang, decimals=1),
        rr=fmt_rr(result.rr, lang),
        reach=fmt_percent(result.reach_pct, lang, decimals=0),
        averted=fmt_count(abs(result.averted), lang),
        mark=fmt_percent(mark.value, lang, decimals=1),
    )


def formula_text(result: NeetResult, lang: str) -> str:
    """Every formula with the numbers substituted, for both volumes (from ``Scenario.formula``)."""
    persons, crimes = result.scenarios
    v_persons, v_crimes = result.volumes
    blocks = [
        t("risk_factors.formula_persons", lang, formula=v_persons.formula),
        persons.formula,
        "",
        t("risk_factors.formula_crimes", lang, formula=v_crimes.formula),
        *crimes.formula.splitlines()[2:],
    ]
    return "\n".join(blocks)


# --- Assumptions table --------------------------------------------------------------------------


def _source_names(ids: str, lang: str) -> str:
    facts, sources = F.load_facts(), F.load_sources()
    names = []
    for item in (x for x in ids.split(";") if x):
        source_id = facts.at[item, "source_id"] if item in facts.index else item
        if source_id == "seed":
            name = t("sources.seed_short", lang)
        else:
            name = f"{sources.at[source_id, 'publisher']} ({sources.at[source_id, 'via'] or ''})"
            name = name.replace(" ()", "")
        if name not in names:
            names.append(name)
    return "; ".join(names) or "—"


def assumption_note(assumption_id: str, lang: str) -> str:
    """The reasoning behind an assumption: ``risk_factors.assumption_note.<id>`` (which retells
    the CSV's note for the page, without counts under 10), else the CSV's note itself."""
    key = f"risk_factors.assumption_note.{assumption_id}"
    if has(key, lang) or has(key, "en"):
        return t(key, lang)
    return str(C.load_assumptions().at[assumption_id, "note"])


@frame_cache
def assumptions_table(ids: tuple[str, ...], lang: str) -> pd.DataFrame:
    """The assumptions ``ids`` as a table: what, value, range, basis, sources and reasoning."""
    rows = C.load_assumptions().loc[list(ids)]

    def amount(x: float, unit: str) -> str:
        if unit == "%":
            return fmt_percent(x, lang, decimals=0 if x == int(x) else 1)
        return f"{fmt_number(x, lang)} {t(f'unit.{unit}', lang)}"

    return pd.DataFrame(
        {
            t("risk_factors.table.assumption", lang): [
                t(f"risk_factors.assumption.{i}", lang) for i in rows.index
            ],
            t("risk_factors.table.value", lang): [
                amount(v, u) for v, u in zip(rows["value"], rows["unit"])
            ],
            t("risk_factors.table.range", lang): [
                f"{amount(lo, u)} – {amount(hi, u)}"
                for lo, hi, u in zip(rows["low"], rows["high"], rows["unit"])
            ],
            t("risk_factors.table.basis", lang): [
                t(f"risk_factors.basis.{b}", lang) for b in rows["basis"]
            ],
            t("risk_factors.table.sources", lang): [
                _source_names(s, lang) for s in rows["source_ids"]
            ],
            t("risk_factors.table.note", lang): [assumption_note(i, lang) for i in rows.index],
        }
    ).reset_index(drop=True)


# --- The heatmap --------------------------------------------------------------------------------


@frame_cache
def rr_grid(lang: str) -> pd.DataFrame:
    """RR and PAF over every value of the share and prevalence sliders (the heatmap's data).

    Columns ``share_pct, prevalence_pct`` (cell centres), ``share_lo, share_hi, prevalence_lo,
    prevalence_hi`` (cell edges), ``rr, paf`` (from :func:`riskexplorer.evidence.sensitivity_grid`)
    and their texts ``share_text, prevalence_text, rr_text, paf_text``.
    """
    sliders = neet_sliders()
    share, prevalence = sliders["share"], sliders["prevalence"]
    grid = E.sensitivity_grid(share.values() / 100, prevalence.values() / 100)
    grid["share_pct"] = np.round(100 * grid["share"], 6)
    grid["prevalence_pct"] = np.round(100 * grid["prevalence"], 6)
    grid["share_lo"] = grid["share_pct"] - share.step / 2
    grid["share_hi"] = grid["share_pct"] + share.step / 2
    grid["prevalence_lo"] = grid["prevalence_pct"] - prevalence.step / 2
    grid["prevalence_hi"] = grid["prevalence_pct"] + prevalence.step / 2
    grid["share_text"] = [fmt_percent(x, lang, decimals=0) for x in grid["share_pct"]]
    grid["prevalence_text"] = [fmt_percent(x, lang, decimals=1) for x in grid["prevalence_pct"]]
    grid["rr_text"] = [fmt_rr(x, lang) for x in grid["rr"]]
    grid["paf_text"] = [fmt_paf(x, lang) for x in grid["paf"]]
    return grid


#: The columns :func:`riskexplorer.charts.rr_heatmap` reads (the chart's cached data).
HEATMAP_COLUMNS: list[str] = [
    "share_pct", "prevalence_pct", "share_lo", "share_hi", "prevalence_lo", "prevalence_hi", "rr",
    "share_text", "prevalence_text", "rr_text", "paf_text",
]  # fmt: skip


def grid_summary(grid: pd.DataFrame, result: NeetResult, lang: str) -> str:
    """One line on the heatmap: the RR range, where RR is above 10 and below 1, the current point."""
    finite = grid[np.isfinite(grid["rr"])]
    low, high = finite.loc[finite["rr"].idxmin()], finite.loc[finite["rr"].idxmax()]
    return t(
        "risk_factors.heatmap_summary",
        lang,
        n=len(grid),
        share_low=fmt_percent(grid["share_pct"].min(), lang, decimals=0),
        share_high=fmt_percent(grid["share_pct"].max(), lang, decimals=0),
        prevalence_low=fmt_percent(grid["prevalence_pct"].min(), lang, decimals=1),
        prevalence_high=fmt_percent(grid["prevalence_pct"].max(), lang, decimals=1),
        rr_low=low["rr_text"],
        rr_high=high["rr_text"],
        above_10=fmt_percent(100 * float((finite["rr"] > 10).mean()), lang, decimals=0),
        below_1=int((finite["rr"] < 1).sum()),
        share=fmt_percent(result.share_pct, lang, decimals=0),
        prevalence=fmt_percent(result.prevalence_pct, lang, decimals=1),
        rr=fmt_rr(result.rr, lang),
    )


# --- The synthetic cohort's view of the contradiction -------------------------------------------


@functools.cache
def neet_own_odds_ratio(share_pct: float) -> float:
    """NEET's own odds ratio *given the other factors* in the SYNTHETIC cohort at the default
    settings, calibrated so that ``share_pct`` of offenders are NEET.

    NEET teenagers in the cohort also carry more of the other risk factors, so NEET's own odds
    ratio is lower than its crude relative risk: at the local reports' ≈9% it is below 1.
    """
    cohort = C.make_cohort(neet_share=share_pct / 100)
    return float(np.exp(cohort.true_log_odds["neet"]))


# --- Who can act --------------------------------------------------------------------------------


def factor_label(factor_id: str, lang: str) -> str:
    """A catalogue factor's label in ``lang``: ``factor.<id>`` in the locale files, the English in
    ``data/factors.csv`` (as :func:`riskexplorer.model_views.factor_label`)."""
    return _text(f"factor.{factor_id}", lang, str(C.load_factors().at[factor_id, "label"]))


def action_text(factor_id: str, stakeholder: str, lang: str) -> str:
    """What ``stakeholder`` can do about ``factor_id`` in ``lang``: ``action.<factor>.<stakeholder>``
    in the locale files, the English in ``data/actions.csv``."""
    actions = C.load_actions().set_index(["factor", "stakeholder"])
    english = str(actions.at[(factor_id, stakeholder), "action"])
    return _text(f"action.{factor_id}.{stakeholder}", lang, english)


def _averted_at(factors: pd.DataFrame, odds: pd.Series, fraction: float, cases: float,
                actions: pd.Series) -> np.ndarray:  # fmt: skip
    """Averted cases at the given odds ratios, keeping each factor's action (remove or add)."""
    p = factors["prevalence"].to_numpy(float)
    rr = odds.to_numpy(float)
    s = np.asarray(E.share_from_relative_risk(p, rr))
    out = np.empty(len(factors))
    for i, action in enumerate(actions):
        out[i] = E.averted_cases(s[i], rr[i], fraction, cases, action=action)
    return out


@frame_cache
def factor_effects(fraction_pct: float, lang: str) -> pd.DataFrame:
    """One row per catalogue factor: the change in teenagers held liable a year if
    ``fraction_pct`` of teenagers with a risk factor lost it (or of those without a protective
    factor gained it), with a range from the catalogue's odds-ratio range, largest first.

    Columns ``id, label, domain, domain_text, protective, action, kind_text, rr, rr_low, rr_high,
    averted, averted_low, averted_high, averted_text, range_text, stakeholders (tuple),
    stakeholders_text, rank``. Every number rests on the catalogue's assumptions and on causation;
    the rows overlap and must not be added up (:func:`riskexplorer.evidence.factor_scenarios`).
    """
    factors = C.load_factors().reset_index(drop=True)
    cases = volumes()[0].per_year
    fraction = fraction_pct / 100
    central = E.factor_scenarios(factors, fraction, cases)
    low = _averted_at(factors, factors["odds_ratio_low"], fraction, cases, central["action"])
    high = _averted_at(factors, factors["odds_ratio_high"], fraction, cases, central["action"])
    frame = pd.DataFrame(
        {
            "id": central["id"],
            "label": [factor_label(i, lang) for i in central["id"]],
            "domain": central["domain"],
            "domain_text": [t(f"who_can_act.domain.{d}", lang) for d in central["domain"]],
            "protective": central["protective"],
            "action": central["action"],
            "kind_text": [t(f"who_can_act.kind.{a}", lang) for a in central["action"]],
            "rr": central["rr"],
            "rr_low": factors["odds_ratio_low"],
            "rr_high": factors["odds_ratio_high"],
            "averted": central["averted"],
            "averted_low": np.minimum(low, high),
            "averted_high": np.maximum(low, high),
            "stakeholders": [tuple(s.split(";")) for s in central["stakeholders"]],
        }
    )
    frame["averted_text"] = [fmt_count(x, lang) for x in frame["averted"]]
    frame["range_text"] = [
        t("who_can_act.range", lang, low=fmt_count(lo, lang), high=fmt_count(hi, lang))
        for lo, hi in zip(frame["averted_low"], frame["averted_high"])
    ]
    frame["rr_text"] = [
        t(
            "who_can_act.rr_range",
            lang,
            rr=fmt_number(r, lang, decimals=1),
            low=fmt_number(lo, lang, decimals=1),
            high=fmt_number(hi, lang, decimals=1),
        )
        for r, lo, hi in zip(frame["rr"], frame["rr_low"], frame["rr_high"])
    ]
    frame["stakeholders_text"] = [
        ", ".join(t(f"who_can_act.stakeholder.{s}", lang) for s in holders)
        for holders in frame["stakeholders"]
    ]
    frame = frame.sort_values("averted", ascending=False, kind="stable").reset_index(drop=True)
    frame["rank"] = np.arange(1, len(frame) + 1)
    return frame


@frame_cache
def action_rows(lang: str) -> pd.DataFrame:
    """Every stakeholder action: ``factor, stakeholder, stakeholder_text, action, source,
    source_text`` (``source`` is ``seed`` for the briefing's stakeholder section)."""
    actions = C.load_actions()
    return pd.DataFrame(
        {
            "factor": actions["factor"],
            "stakeholder": actions["stakeholder"],
            "stakeholder_text": [
                t(f"who_can_act.stakeholder.{s}", lang) for s in actions["stakeholder"]
            ],
            "action": [
                action_text(f, s, lang) for f, s in zip(actions["factor"], actions["stakeholder"])
            ],
            "source": actions["source"],
            "source_text": [t(f"who_can_act.action_source.{s}", lang) for s in actions["source"]],
        }
    ).reset_index(drop=True)


@dataclass(frozen=True)
class WhoCanAct:
    """The "Who can act" view for a fraction reached and a stakeholder filter."""

    effects: pd.DataFrame  # factor_effects rows some chosen stakeholder can move, ranked
    actions: pd.DataFrame  # action_rows of the chosen stakeholders for those factors
    domains: tuple[str, ...]  # domains present, in catalogue order


def who_can_act(fraction_pct: float, stakeholders: Sequence[str], lang: str) -> WhoCanAct:
    """Factors, changes and actions filtered to ``stakeholders`` (all when empty)."""
    effects = factor_effects(fraction_pct, lang)
    actions = action_rows(lang)
    chosen = set(stakeholders) or set(C.STAKEHOLDERS)
    actions = actions[actions["stakeholder"].isin(chosen)]
    effects = effects[effects["id"].isin(set(actions["factor"]))].reset_index(drop=True)
    actions = actions[actions["factor"].isin(set(effects["id"]))].reset_index(drop=True)
    domains = tuple(dict.fromkeys(C.load_factors()["domain"]).keys())
    present = tuple(d for d in domains if d in set(effects["domain"]))
    return WhoCanAct(effects=effects, actions=actions, domains=present)


def effects_summary(effects: pd.DataFrame, fraction_pct: float, lang: str) -> str:
    """One line on the ranking: how many factors, the largest and the smallest change."""
    if effects.empty:
        return t("who_can_act.summary_empty", lang)
    top, bottom = effects.iloc[0], effects.iloc[-1]
    return t(
        "who_can_act.summary",
        lang,
        n=len(effects),
        fraction=fmt_percent(fraction_pct, lang, decimals=0),
        top=top["label"],
        top_value=top["averted_text"],
        top_range=top["range_text"],
        bottom=bottom["label"],
        bottom_value=bottom["averted_text"],
    )


#: The columns :func:`riskexplorer.charts.effect_bars` reads (the chart's cached data).
EFFECT_CHART_COLUMNS: list[str] = [
    "label", "averted", "averted_low", "averted_high", "averted_text", "range_text", "rr_text",
    "action", "kind_text", "domain_text", "stakeholders_text",
]  # fmt: skip


@dataclass(frozen=True)
class RatioText:
    """An assumed ratio and its range, as text."""

    rr: str
    low: str
    high: str


def neet_catalogue_row(lang: str) -> RatioText:
    """NEET's relative risk in the factor catalogue and its range, as text (``3.0``, ``0.7``,
    ``231``)."""
    row = C.load_factors().loc["neet"]
    return RatioText(
        *(
            fmt_ratio(float(row[c]), lang)
            for c in ("odds_ratio", "odds_ratio_low", "odds_ratio_high")
        )
    )


@functools.cache
def domain_blocks(
    fraction_pct: float, stakeholders: tuple[str, ...], lang: str
) -> tuple[tuple[str, str], ...]:
    """Markdown per domain for :func:`who_can_act` of these arguments: each factor with its
    change, then each chosen stakeholder's action (marked when it comes from the briefing).
    Domains in catalogue order, factors by size."""
    view = who_can_act(fraction_pct, stakeholders, lang)
    badge = t("who_can_act.seed_badge", lang)
    blocks = []
    for domain in view.domains:
        lines = []
        for row in view.effects[view.effects["domain"] == domain].itertuples(index=False):
            key = (
                "who_can_act.factor_line_add" if row.action == "add" else "who_can_act.factor_line"
            )
            lines.append(
                t(key, lang, label=row.label, value=row.averted_text, range=row.range_text)
            )
            acts = view.actions[view.actions["factor"] == row.id]
            for act in acts.itertuples(index=False):
                line = t(
                    "who_can_act.action_line",
                    lang,
                    stakeholder=act.stakeholder_text,
                    action=act.action,
                )
                lines.append(f"- {line}" + (f" {badge}" if act.source == "seed" else ""))
            lines.append("")
        blocks.append((t(f"who_can_act.domain.{domain}", lang), "\n".join(lines).strip()))
    return tuple(blocks)
