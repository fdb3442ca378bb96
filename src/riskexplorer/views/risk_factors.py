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
from dataclasses import dataclass

import numpy as np
import pandas as pd

from riskexplorer import cohort as C
from riskexplorer import evidence as E
from riskexplorer import facts as F
from riskexplorer import uncertainty as U
from riskexplorer.i18n import (
    fmt_count,
    fmt_number,
    fmt_paf,
    fmt_percent,
    fmt_ratio,
    fmt_rr,
    has,
    t,
)
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
    # The share starts where the app's own evidence puts it (the local reports' ≈9%), not at
    # the briefing's contradicted 50%, which stays one click away (claimed_share()).
    start = round(local_mark().value)
    return {
        "share": SliderRange(float(share["low"]), float(share["high"]), float(start), 1),
        "prevalence": SliderRange(
            float(prevalence["low"]), float(prevalence["high"]), float(prevalence["value"]), 0.5
        ),
        "reach": SliderRange(0.0, 100.0, 10.0, 5.0),
    }


@functools.cache
def claimed_share() -> float:
    """The briefing's claim: "more than 50%" of teen offenders NEET (contradicted)."""
    return float(C.load_assumptions().at[SHARE_ID, "value"])


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
        formula = f"{fact['value']:,.0f} × 12 ÷ {months} = {per_year:,.0f}".replace(",", "\u202f")
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


def rr_change(rr: float, claim_rr: float, lang: str) -> str | None:
    """The change of RR against the briefing's claim, as a metric delta (``-29,1×``); ``None``
    when either is not a finite number. The sign is ASCII: Streamlit reads a leading ``-`` to
    point the delta's arrow down (a typographic minus would show it going up)."""
    if not (math.isfinite(rr) and math.isfinite(claim_rr)):
        return None
    change = rr - claim_rr
    text = fmt_number(abs(change), lang, decimals=1 if abs(change) < 100 else 0)
    return ("-" if change < 0 else "+") + t("risk_factors.rr_value", lang, rr=text)


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
        E.formula(persons, lang),
        "",
        t("risk_factors.formula_crimes", lang, formula=v_crimes.formula),
        *E.formula(crimes, lang).splitlines()[2:],
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
@functools.lru_cache(maxsize=64)
def assumptions_table(ids: tuple[str, ...], lang: str) -> pd.DataFrame:
    """The assumptions ``ids`` as a table: what, value, range, basis, sources and reasoning
    (once per process and language: read-only)."""
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


def _grid_ranges(grid: pd.DataFrame, lang: str) -> dict[str, object]:
    """What :func:`grid_summary` says of the whole grid (not of the sliders' point)."""
    finite = grid[np.isfinite(grid["rr"])]
    low, high = finite.loc[finite["rr"].idxmin()], finite.loc[finite["rr"].idxmax()]
    return {
        "n": len(grid),
        "share_low": fmt_percent(grid["share_pct"].min(), lang, decimals=0),
        "share_high": fmt_percent(grid["share_pct"].max(), lang, decimals=0),
        "prevalence_low": fmt_percent(grid["prevalence_pct"].min(), lang, decimals=1),
        "prevalence_high": fmt_percent(grid["prevalence_pct"].max(), lang, decimals=1),
        "rr_low": low["rr_text"],
        "rr_high": high["rr_text"],
        "above_10": fmt_percent(100 * float((finite["rr"] > 10).mean()), lang, decimals=0),
        "below_1": int((finite["rr"] < 1).sum()),
    }


@functools.cache
def _heatmap_ranges(lang: str) -> dict[str, object]:
    return _grid_ranges(rr_grid(lang), lang)


def grid_summary(
    grid: pd.DataFrame, result: NeetResult, lang: str, *, ranges: dict | None = None
) -> str:
    """One line on the heatmap: the RR range, where RR is above 10 and below 1, the current point
    (``ranges``: the grid's part already computed, as :func:`neet_view` keeps it per language)."""
    return t(
        "risk_factors.heatmap_summary",
        lang,
        **(ranges if ranges is not None else _grid_ranges(grid, lang)),
        share=fmt_percent(result.share_pct, lang, decimals=0),
        prevalence=fmt_percent(result.prevalence_pct, lang, decimals=1),
        rr=fmt_rr(result.rr, lang),
    )


# --- The synthetic cohort's view of the contradiction -------------------------------------------


#: The correlation slider's range on the Scoring page: how much the factors overlap.
CORRELATIONS: tuple[float, ...] = (0.0, 0.3, 0.6)


@functools.cache
def neet_own_odds_ratio(share_pct: float, correlation: float | None = None) -> float:
    """NEET's own odds ratio *given the other factors* in the SYNTHETIC cohort, calibrated so
    that ``share_pct`` of offenders are NEET, at an assumed overlap of the factors
    (``correlation``; the default setting when ``None``).

    NEET teenagers in the cohort also carry more of the other risk factors, so NEET's own odds
    ratio is lower than its crude relative risk — by how much is set by the assumed overlap
    alone, which no Kazakh data measures.

    >>> [round(neet_own_odds_ratio(9.1, c), 2) for c in CORRELATIONS]
    [3.27, 1.69, 1.38]
    """
    cohort = C.make_cohort(neet_share=share_pct / 100, correlation=correlation)
    return float(np.exp(cohort.true_log_odds["neet"]))


@dataclass(frozen=True)
class OwnEffect:
    """NEET's own odds ratio at a share, over the overlap range, as text."""

    central: str
    low: str
    high: str


@functools.cache
def own_effect(share_pct: float, lang: str) -> OwnEffect:
    """:func:`neet_own_odds_ratio` at the default overlap and across :data:`CORRELATIONS`."""
    values = [neet_own_odds_ratio(share_pct, c) for c in CORRELATIONS]
    return OwnEffect(
        fmt_ratio(neet_own_odds_ratio(share_pct), lang),
        fmt_ratio(min(values), lang),
        fmt_ratio(max(values), lang),
    )


@functools.cache
def _liable_prevalence() -> U.LiablePrevalence:
    # Read from the assumptions on each call (~5 ms); they are fixed for the process.
    return U.liable_neet_prevalence()


def age_mix_message(share_pct: float, lang: str) -> str:
    """Those held liable are mostly 16–17, where NEET is more common than across 14–17: the RR
    at this share with the prevalence weighted by their ages
    (:func:`riskexplorer.uncertainty.liable_neet_prevalence`)."""
    weighted = _liable_prevalence()
    s = share_pct / 100
    rr = E.relative_risk(s, weighted.value)
    return t(
        "risk_factors.age_mix",
        lang,
        share_16_17=fmt_percent(100 * weighted.share_16_17, lang, decimals=0),
        prevalence=fmt_percent(100 * weighted.value, lang, decimals=1),
        low=fmt_percent(100 * weighted.low, lang, decimals=1),
        high=fmt_percent(100 * weighted.high, lang, decimals=1),
        share=fmt_percent(share_pct, lang, decimals=0),
        rr=fmt_rr(float(rr), lang),
        rr_low=fmt_rr(float(E.relative_risk(s, weighted.high)), lang),
        rr_high=fmt_rr(float(E.relative_risk(s, weighted.low)), lang),
    )


def averted_message(share_pct: float, reach_pct: float, lang: str) -> str:
    """The cases averted hardly move with the prevalence, although RR does: PAF = (s − p)/(1 − p)
    (:func:`riskexplorer.uncertainty.averted_grid`) at 1%, 3% and 7%."""
    prevalences = (0.01, 0.03, 0.07)
    grid = U.averted_grid(
        [share_pct / 100], prevalences, fraction=reach_pct / 100, cases=volumes()[0].per_year
    )
    rrs = [E.relative_risk(share_pct / 100, p) for p in prevalences]
    return t(
        "risk_factors.averted_by_prevalence",
        lang,
        share=fmt_percent(share_pct, lang, decimals=0),
        reach=fmt_percent(reach_pct, lang, decimals=0),
        a1=fmt_count(grid.iloc[0, 0], lang),
        a3=fmt_count(grid.iloc[0, 1], lang),
        a7=fmt_count(grid.iloc[0, 2], lang),
        rr1=fmt_rr(float(rrs[0]), lang),
        rr7=fmt_rr(float(rrs[2]), lang),
    )


# --- The page's texts, ready to show ------------------------------------------------------------


@dataclass(frozen=True)
class Metric:
    """One result of the sliders as the page shows it (the fields of ``ui.Result``)."""

    label: str
    value: str
    delta: str | None = None
    delta_description: str | None = None
    help: str | None = None


@dataclass(frozen=True)
class SliderTexts:
    """The sliders' help texts and captions, whose numbers are written in the language."""

    share_help: str
    prevalence_help: str
    prevalence_caption: str
    mark_text: str  # the local reports' share (≈9.1%)
    mark_low: str
    mark_high: str
    reach_help: str


@functools.cache
def slider_texts(lang: str) -> SliderTexts:
    """Help and captions of the three sliders (fixed for a language)."""
    mark, prevalence = local_mark(), neet_sliders()["prevalence"]
    pct1 = functools.partial(fmt_percent, lang=lang, decimals=1)
    ranges = {
        "default": pct1(prevalence.default),
        "low": pct1(prevalence.low),
        "high": pct1(prevalence.high),
    }
    return SliderTexts(
        share_help=t(
            "risk_factors.share_help",
            lang,
            mark=pct1(mark.value),
            mark_reason=t("risk_factors.mark_reason", lang),
        ),
        prevalence_help=t("risk_factors.prevalence_help", lang, **ranges),
        prevalence_caption=t("risk_factors.prevalence_caption", lang, **ranges),
        mark_text=pct1(mark.value),
        mark_low=pct1(mark.low),
        mark_high=pct1(mark.high),
        reach_help=t("risk_factors.reach_help", lang),
    )


def share_caption(badge: str, lang: str) -> str:
    """Under the share slider: the briefing's claim (``badge``: its status) against the local
    reports' share and range."""
    texts = slider_texts(lang)
    return t(
        "risk_factors.share_caption",
        lang,
        badge=badge,
        mark=texts.mark_text,
        mark_low=texts.mark_low,
        mark_high=texts.mark_high,
        mark_reason=t("risk_factors.mark_reason", lang),
    )


@functools.cache
def volumes_caption(persons_badge: str, crimes_badge: str, lang: str) -> str:
    """The two yearly volumes the scenario uses, each with its status (``*_badge``), the figure
    it is annualised from, its period and its formula."""
    persons, crimes = volumes()
    return t(
        "risk_factors.volumes_caption",
        lang,
        persons_badge=persons_badge,
        persons=fmt_count(persons.per_year, lang),
        persons_fact=fmt_count(persons.fact_value, lang),
        persons_period=volume_period(persons, lang),
        persons_formula=persons.formula,
        crimes_badge=crimes_badge,
        crimes=fmt_count(crimes.per_year, lang),
        crimes_period=volume_period(crimes, lang),
        crimes_formula=crimes.formula,
    )


@dataclass(frozen=True)
class NeetView:
    """Everything the "Risk factors" page shows for one setting of its sliders, formatted for
    one language: built once per (share, prevalence, reach, language) in the process and
    shared by every session, so a slider move another visitor has made costs nothing."""

    result: NeetResult
    metrics: tuple[Metric, ...]
    message: str
    warn: bool  # the message is a warning (extreme, protective, infinite, undefined RR)
    reach_caption: str
    key_assumptions: str
    formula: str
    age_mix: str
    averted_by_prevalence: str
    heatmap_summary: str
    heatmap_point: dict  # the heatmap's current point: share, prevalence, label, live_label
    contradiction: str


@functools.cache
def heatmap_data(lang: str) -> pd.DataFrame:
    """The heatmap's data (:data:`HEATMAP_COLUMNS` of :func:`rr_grid`), one frame per language
    for the life of the process — read-only: the chart cache keys on ``("rr_grid", lang)``."""
    return rr_grid(lang)[HEATMAP_COLUMNS]


@functools.cache
def heatmap_table(lang: str) -> pd.DataFrame:
    """The heatmap's data as a reader's table (its chart/table switch and CSV): one row per
    pair of slider values, the two shares, RR and PAF as the page writes them, under the
    tooltip's headers — not the chart's internal cell edges."""
    grid = rr_grid(lang)
    columns = {"share_text": "share", "prevalence_text": "prevalence", "rr_text": "rr",
               "paf_text": "paf"}  # fmt: skip
    return grid[list(columns)].rename(
        columns={c: t(f"risk_factors.tooltip.{k}", lang) for c, k in columns.items()}
    )


@functools.cache
def heatmap_options(lang: str) -> dict:
    """The titles, marks and (default) point of :func:`riskexplorer.charts.rr_heatmap`."""
    sliders, mark = neet_sliders(), local_mark()
    return {
        "title": t("risk_factors.heatmap_title", lang),
        "share_title": t("risk_factors.heatmap_share", lang),
        "prevalence_title": t("risk_factors.heatmap_prevalence", lang),
        "rr_title": t("risk_factors.heatmap_rr", lang),
        "tooltip_titles": {
            k: t(f"risk_factors.tooltip.{k}", lang) for k in ("share", "prevalence", "rr", "paf")
        },
        # Built once with the point at the defaults; each move patches the point (no Altair).
        "current": {
            "share": sliders["share"].default,
            "prevalence": sliders["prevalence"].default,
            "label": "",
        },
        "marks": (
            {"share": claimed_share(), "label": t("risk_factors.heatmap_mark_claim", lang)},
            {
                "share": mark.value,
                "label": t(
                    "risk_factors.heatmap_mark_local",
                    lang,
                    mark=fmt_percent(mark.value, lang, decimals=1),
                ),
            },
        ),
    }


@functools.lru_cache(maxsize=4096)
def neet_view(share_pct: float, prevalence_pct: float, reach_pct: float, lang: str) -> NeetView:
    """The page at these slider values in ``lang`` (see :class:`NeetView`).

    Raises :class:`~riskexplorer.errors.InputError` for a percent outside 0–100.

    >>> v = neet_view(50, 3, 10, "en")
    >>> [m.value for m in v.metrics][:2], v.metrics[0].delta
    (['32.3×', '48.5%'], None)
    """
    result = neet_result(share_pct, prevalence_pct, reach_pct)
    mark, claim = local_mark(), claimed_share()
    claim_result = neet_result(claim, prevalence_pct, reach_pct)
    local_result = neet_result(mark.value, prevalence_pct, reach_pct)
    crimes_result = result.scenarios[1]
    reach = fmt_percent(reach_pct, lang, decimals=0)
    share = fmt_percent(share_pct, lang, decimals=0)
    prevalence = fmt_percent(prevalence_pct, lang, decimals=1)
    averted_key = (
        "risk_factors.averted_more_value" if result.averted < 0 else "risk_factors.averted_value"
    )
    metrics = (
        Metric(
            t("risk_factors.rr_label", lang),
            fmt_rr(result.rr, lang),
            # Against the briefing's claim at the same prevalence: how far the local reports
            # move RR.
            delta=rr_change(result.rr, claim_result.rr, lang) if share_pct != claim else None,
            delta_description=t("card.vs_briefing", lang),
            help=t("risk_factors.rr_help", lang),
        ),
        Metric(
            t("risk_factors.paf_label", lang),
            fmt_paf(result.paf, lang),
            help=t("risk_factors.paf_help", lang),
        ),
        Metric(
            t("risk_factors.averted_label", lang, reach=reach),
            t(averted_key, lang, n=fmt_count(abs(result.averted), lang)),
            help=t(
                "risk_factors.averted_help",
                lang,
                reach=reach,
                volume=fmt_count(result.volumes[0].per_year, lang),
            ),
        ),
        Metric(
            t("risk_factors.crimes_label", lang),
            t(averted_key, lang, n=fmt_count(abs(crimes_result.averted), lang)),
            help=t("risk_factors.crimes_help", lang),
        ),
    )
    own = own_effect(mark.value, lang)
    rr_text = fmt_rr(result.rr, lang)
    return NeetView(
        result=result,
        metrics=metrics,
        message=result_message(result, lang),
        warn=result.regime not in ("normal", "none"),
        reach_caption=t("risk_factors.reach_caption", lang, reach=reach),
        key_assumptions=t(
            "risk_factors.key_assumptions",
            lang,
            mark=fmt_percent(mark.value, lang, decimals=1),
            prevalence=prevalence,
        ),
        formula=formula_text(result, lang),
        age_mix=age_mix_message(share_pct, lang),
        averted_by_prevalence=averted_message(share_pct, reach_pct, lang),
        heatmap_summary=grid_summary(
            heatmap_data(lang), result, lang, ranges=_heatmap_ranges(lang)
        ),
        heatmap_point={
            "share": float(share_pct),
            "prevalence": float(prevalence_pct),
            "label": t(
                "risk_factors.heatmap_current",
                lang,
                rr=rr_text,
                share=share,
                prevalence=prevalence,
            ),
            # The page's chart: the same at every setting, so a move only updates the point.
            "live_label": t("risk_factors.heatmap_current_live", lang),
        },
        contradiction=t(
            "risk_factors.contradiction_body",
            lang,
            rr_claim=fmt_rr(claim_result.rr, lang),
            rr_local=fmt_rr(local_result.rr, lang),
            prevalence=prevalence,
            mark=fmt_percent(mark.value, lang, decimals=1),
            or_local=own.central,
            or_low=own.low,
            or_high=own.high,
        ),
    )
