"""Children as victims: what is documented about offences against minors, which children are at
greater risk from published evidence, and what that evidence implies here under stated
assumptions.

Streamlit-free presenters for the "Children as victims" page: pure functions of their arguments
and the language, returning ready-to-render frames, texts and chart options, memoised because the
data files are fixed for the life of the process. The victimisation factors come from
``data/victim_factors.csv`` (published effect sizes of ``EFFECTS.md`` part B, with their
translations in the file itself); they are kept apart from ``data/factors.csv``, which is the
offending model's catalogue of *assumed* prevalences and conditional odds ratios that the
synthetic cohort draws from: a victim factor has a different outcome, a published measure of a
different kind (OR, RR, a range of hazard ratios, a share of families) and no prevalence here.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import pandas as pd

from riskexplorer import catalogue, cohort, evidence
from riskexplorer import facts as F
from riskexplorer.errors import DataError
from riskexplorer.i18n import LANGUAGES, fmt_number, fmt_percent, t
from riskexplorer.memo import frame_cache
from riskexplorer.paths import data_dir
from riskexplorer.tables import read_table
from riskexplorer.views import figures as views
from riskexplorer.views import messages

MEASURES: tuple[str, ...] = (
    "or", "adjusted_or", "crude_or_derived", "rr", "hr_range", "co_occurrence",
)  # fmt: skip
#: Measures that are ratios (1 = no association) and so go on the forest plot's log axis.
RATIO_MEASURES: frozenset[str] = frozenset(MEASURES) - {"co_occurrence"}
INTERVALS: tuple[str, ...] = ("ci95", "range", "none")
DESIGNS: tuple[str, ...] = ("meta_analysis", "register_cohort", "cohort", "panel", "review")
CONFIDENCES: tuple[str, ...] = ("abstract", "secondary")
TRANSLATED = ("label", "population", "caveat")
VICTIM_FACTOR_COLUMNS: tuple[str, ...] = (
    "id", "factor", "measure", "value", "ci_low", "ci_high", "interval", "studies",
    "participants", "design", "source_ids", "confidence", "derivation",
    *(f"{c}_{lang}" for c in TRANSLATED for lang in LANGUAGES),
)  # fmt: skip
FILE = "victim_factors.csv"

#: The estimate the "what it implies here" section starts from: the newest and largest
#: meta-analysis of disability and violence against children (98 studies).
DISABILITY_DEFAULT = "disability_2022"
#: The estimates of disability → any violence whose range the slider spans.
DISABILITY_ANY = ("disability_2022", "disability_2012_any")
#: Prevalence of violence among children with disabilities in the same meta-analysis, used to
#: turn its odds ratio into a relative risk (Fang et al. 2022: 31.7%, 27.1–36.8).
VIOLENCE_PREVALENCE_DISABLED = 0.317

#: Figure cards of the page, by section.
DOCUMENTED_CARDS: tuple[str, ...] = (
    "offences_vs_minors_2025_10m", "offences_vs_minors_2025_10m_change",
    "victims_under_18_2025_10m", "offences_vs_minors_jan_may",
    "trafficking_h1_2025", "trafficking_victims_assisted",
    "crimes_vs_children_person_share", "crimes_vs_children_sexual_increase",
)  # fmt: skip
CONTEXT_CARDS: tuple[str, ...] = (
    "violent_discipline_mics_latest", "bullied_hbsc_2022", "bullied_often_hbsc_2022",
    "bullying_others_hbsc_2022", "sen_children_total_2025", "sen_children_inclusive_2026",
)  # fmt: skip
TREND_SERIES = "offences_vs_minors_jan_oct"
GRAVITY_SERIES = "offences_vs_minors_jan_may_by_gravity"
#: The period band at whose start the criminal-code change is marked on the trend: battery and
#: light bodily harm were moved (back) into the criminal code by the law of April 2024, so the
#: January–October counts from 2024 on include offences earlier counted as administrative ones.
CODE_CHANGE_BEFORE = "offences_vs_minors_2024_10m"


# --- The catalogue ----------------------------------------------------------------------------


def _fail(frame: pd.DataFrame, mask, problem: str) -> None:
    mask = np.asarray(mask, dtype=bool)
    if mask.any():
        ids = ", ".join(frame.loc[mask, "id"].astype(str).head(5))
        raise DataError("data.invalid_rows", file=FILE, problem=problem, rows=ids or "(empty id)")


def _victim_factors() -> pd.DataFrame:
    return _victim_factors_at(str(data_dir()))


@functools.cache
def _victim_factors_at(directory: str) -> pd.DataFrame:
    frame = read_table(FILE, VICTIM_FACTOR_COLUMNS)
    frame = frame.apply(lambda col: col.str.strip())
    _fail(frame, ~frame["id"].str.fullmatch(r"[a-z][a-z0-9_]*"), "id is not snake_case")
    _fail(frame, frame["id"].duplicated(), "duplicate id")
    _fail(frame, ~frame["factor"].str.fullmatch(r"victim_[a-z0-9_]+"), "factor is not victim_…")
    for column, allowed in (
        ("measure", MEASURES),
        ("interval", INTERVALS),
        ("design", DESIGNS),
        ("confidence", CONFIDENCES),
    ):
        _fail(frame, ~frame[column].isin(allowed), f"{column} not one of {allowed}")
    for column in (f"{c}_{lang}" for c in TRANSLATED for lang in LANGUAGES):
        _fail(frame, frame[column] == "", f"no {column}")
    for column in ("value", "ci_low", "ci_high", "studies", "participants"):
        parsed = pd.to_numeric(frame[column].replace("", None), errors="coerce")
        _fail(frame, (frame[column] != "") & parsed.isna(), f"{column} is not a number")
        frame[column] = parsed.astype(float)
    has_ci = frame["ci_low"].notna() & frame["ci_high"].notna()
    _fail(frame, (frame["interval"] != "none") != has_ci, "interval given without both bounds")
    _fail(frame, frame["value"].isna() & (frame["interval"] != "range"), "no value")
    inside = (frame["ci_low"] <= frame["value"]) & (frame["value"] <= frame["ci_high"])
    _fail(frame, has_ci & frame["value"].notna() & ~inside, "not ci_low ≤ value ≤ ci_high")
    ratio = frame["measure"].isin(RATIO_MEASURES)
    _fail(frame, ratio & (frame[["value", "ci_low"]].min(axis=1) <= 0), "ratio not above 0")
    derived = frame["measure"] == "crude_or_derived"
    _fail(frame, derived != (frame["derivation"] != ""), "derivation exactly for derived rows")
    sources = F.load_sources()
    cited = frame["source_ids"].str.split(";")
    _fail(frame, cited.map(lambda ids: any(i not in sources.index for i in ids)),
          "source_ids not in sources.csv")  # fmt: skip
    return frame.set_index("id", drop=False).rename_axis(None)


def load_victim_factors() -> pd.DataFrame:
    """The published factors of children's victimisation, validated (a copy).

    Columns ``id, factor, measure, value, ci_low, ci_high, interval, studies, participants,
    design, source_ids, confidence, derivation`` and ``label_<lang>``, ``population_<lang>``,
    ``caveat_<lang>`` for each language.
    """
    return _victim_factors().copy()


def _text(row: pd.Series, column: str, lang: str) -> str:
    return str(row[f"{column}_{lang if lang in LANGUAGES else 'en'}"])


def _ratio(x: float, lang: str) -> str:
    return fmt_number(x, lang, decimals=2)


def estimate_text(row: pd.Series, lang: str) -> str:
    """The estimate as written in the sources: "OR 2.08 (1.81–2.38)", "HR 2.00–7.70 (range)"."""
    measure = t(f"victims.measure_short.{row['measure']}", lang)
    if row["measure"] == "co_occurrence":
        v, lo, hi = (fmt_percent(row[c], lang, decimals=0) for c in ("value", "ci_low", "ci_high"))
        return t("victims.estimate_share", lang, value=v, low=lo, high=hi)
    if row["interval"] == "range" and pd.isna(row["value"]):
        return t(
            "victims.estimate_range", lang, measure=measure,
            low=_ratio(row["ci_low"], lang), high=_ratio(row["ci_high"], lang),
        )  # fmt: skip
    value = f"{measure} {_ratio(row['value'], lang)}"
    if row["interval"] == "ci95":
        return f"{value} ({_ratio(row['ci_low'], lang)}–{_ratio(row['ci_high'], lang)})"
    return t("victims.estimate_no_interval", lang, value=value)


def _source_text(source_ids: str) -> str:
    sources = F.load_sources()
    return "; ".join(f"{sources.at[s, 'publisher']} ({sources.at[s, 'published']})"
                     for s in source_ids.split(";"))  # fmt: skip


@frame_cache
def evidence_table(lang: str) -> pd.DataFrame:
    """Every published victimisation factor as a table: factor → outcome, measure, estimate with
    its interval, population, design, source, how it was read, and its caveat."""
    rows = _victim_factors()
    return pd.DataFrame(
        {
            t("victims.col.factor", lang): [_text(r, "label", lang) for _, r in rows.iterrows()],
            t("victims.col.measure", lang): [
                t(f"victims.measure.{m}", lang) for m in rows["measure"]
            ],
            t("victims.col.estimate", lang): [estimate_text(r, lang) for _, r in rows.iterrows()],
            t("victims.col.population", lang): [
                _text(r, "population", lang) for _, r in rows.iterrows()
            ],
            t("victims.col.design", lang): [t(f"victims.design.{d}", lang) for d in rows["design"]],
            t("victims.col.source", lang): [_source_text(s) for s in rows["source_ids"]],
            t("victims.col.read_as", lang): [
                t(f"victims.confidence.{c}", lang) for c in rows["confidence"]
            ],
            t("victims.col.caveat", lang): [
                _text(r, "caveat", lang) + (f" ({r['derivation']})" if r["derivation"] else "")
                for _, r in rows.iterrows()
            ],
        }
    ).reset_index(drop=True)


def evidence_print_columns(lang: str) -> list[str]:
    """The columns of :func:`evidence_table` a printed summary keeps: what each estimate is,
    its value with interval, where it is from and its caveat (which names the population where
    it matters); the measure, design and reading are in the file on screen."""
    return [t(f"victims.col.{c}", lang) for c in ("factor", "estimate", "source", "caveat")]


def kind_of(row: pd.Series) -> str:
    """How an estimate's uncertainty is published: ``ci95``, ``range`` or ``none``."""
    return str(row["interval"])


def forest_kinds(lang: str) -> list[str]:
    """Legend order of the forest plot's kinds of estimate."""
    return [t(f"victims.kind.{k}", lang) for k in INTERVALS]


@frame_cache
def forest_rows(lang: str) -> pd.DataFrame:
    """The ratio estimates for the forest plot (a share of families is not a ratio and stays in
    the table): ``label, odds_ratio, ci_low, ci_high, text, kind, population, source``."""
    rows = _victim_factors()
    rows = rows[rows["measure"].isin(RATIO_MEASURES)]
    return pd.DataFrame(
        {
            "id": rows["id"],
            "label": [_text(r, "label", lang) for _, r in rows.iterrows()],
            "odds_ratio": rows["value"],
            "ci_low": rows["ci_low"],
            "ci_high": rows["ci_high"],
            "text": [estimate_text(r, lang) for _, r in rows.iterrows()],
            "kind": [t(f"victims.kind.{kind_of(r)}", lang) for _, r in rows.iterrows()],
            "population": [_text(r, "population", lang) for _, r in rows.iterrows()],
            "source": [_source_text(s) for s in rows["source_ids"]],
        }
    ).reset_index(drop=True)


def forest_options(lang: str) -> dict:
    """Keyword options of :func:`riskexplorer.charts.odds_ratio_forest` for this page."""
    return {
        "title": t("victims.chart.forest", lang),
        "axis_title": t("victims.chart.forest_axis", lang),
        "tooltip_titles": {
            "label": t("chart.tooltip.label", lang),
            "value": t("chart.tooltip.value", lang),
            "population": t("victims.col.population", lang),
            "source": t("chart.tooltip.source", lang),
        },
        "kind_title": t("victims.chart.kind", lang),
        "kind_order": forest_kinds(lang),
    }


@functools.cache
def forest_sources(lang: str) -> str:
    """The "Source: …" line under the forest plot, built from ``sources.csv``."""
    rows = _victim_factors()
    rows = rows[rows["measure"].isin(RATIO_MEASURES)]
    ids = tuple(dict.fromkeys(i for ids in rows["source_ids"] for i in ids.split(";")))
    return views.source_line(ids, lang)


@functools.cache
def forest_summary(lang: str) -> str:
    """One sentence under the forest plot: how many estimates, all above 1, the range."""
    rows = forest_rows(lang)
    points = rows["odds_ratio"].dropna()
    lows = rows["ci_low"].dropna()
    return t(
        "victims.summary_forest",
        lang,
        n=len(rows),
        low=_ratio(float(min(points.min(), lows.min())), lang),
        high=_ratio(float(max(points.max(), rows["ci_high"].max())), lang),
        above=int(((rows["ci_low"].fillna(rows["odds_ratio"])) > 1).sum()),
    )


# --- What is documented ------------------------------------------------------------------------


@frame_cache
def trend_rows(lang: str) -> pd.DataFrame:
    """Offences against minors in January–October, 2022–2025 (display rows for the trend)."""
    return views.series_rows(TREND_SERIES, lang)


def trend_options(lang: str) -> dict:
    """Keyword options of :func:`riskexplorer.charts.trend`, with the criminal-code change as a
    rule and label at the start of the first period that counts under the new code."""
    return {
        "title": t("victims.chart.trend", lang),
        "value_title": t("unit_axis.offences", lang),
        "kind_title": t("chart.kind", lang),
        "tooltip_titles": views.tooltip_titles(lang),
        "kind_order": views.kind_order(lang),
        "marker_period": F.period(F.fact(CODE_CHANGE_BEFORE), lang),
        "marker_label": t("victims.chart.code_change", lang),
    }


@functools.cache
def trend_summary(lang: str) -> str:
    """The trend's sentence, with the change in counting named."""
    rows = trend_rows(lang)
    return views.summary_trend(rows, lang) + " " + t("victims.summary_code_change", lang)


@frame_cache
def gravity_rows(lang: str) -> pd.DataFrame:
    """Offences against minors in January–May by gravity, with the remainder (minor gravity)
    derived from the total."""
    return views.series_rows(GRAVITY_SERIES, lang)


@functools.cache
def gravity_remainder(lang: str) -> str:
    """ "The remaining N are of minor gravity (derived: 1,080 − 364 − 252 − 198)"."""
    derived = F.derived_figures()["offences_vs_minors_jan_may_minor"]
    parts = " − ".join(f"{F.value(i):g}" for i in F.series(GRAVITY_SERIES)["id"])
    return t(
        "victims.gravity_remainder",
        lang,
        value=views.format_derived(derived, lang),
        formula=f"{F.value('offences_vs_minors_jan_may'):g} − {parts}",
    )


# --- What the disability association implies here ---------------------------------------------


@dataclass(frozen=True)
class Implication:
    """The share of child victims who would have special educational needs (SEN) if the
    published disability association held in Kazakhstan — derived, never a documented count."""

    odds_ratio: float
    prevalence: float  # p: children with SEN ÷ children under 18
    prevalence_inclusive: float  # the same for children in inclusive settings only
    share: float  # s with the OR read as a relative risk (an upper value)
    share_rr: float  # s with the OR converted to a RR (Zhang & Yu), lower
    relative_risk: float
    share_low: float  # s at the 2022 CI's ends (OR read as RR)
    share_high: float
    share_inclusive: float
    victims: float  # victims under 18, Jan–Oct 2025
    implied_victims: float
    implied_victims_rr: float
    formula: str
    inputs: tuple[str, ...]


def slider_range() -> tuple[float, float, float]:
    """(lowest, highest, default) odds ratio of disability → any violence across the published
    estimates: 1.81 (the 2022 CI's low end) to 5.29 (the 2012 CI's high end), default 2.08."""
    rows = _victim_factors().loc[list(DISABILITY_ANY)]
    return (
        float(rows["ci_low"].min()),
        float(rows["ci_high"].max()),
        float(rows.at[DISABILITY_DEFAULT, "value"]),
    )


def _pct(x: float, lang: str) -> str:
    return fmt_percent(100 * x, lang, decimals=1)


@functools.lru_cache(maxsize=4096)
def sen_implication(odds_ratio: float, lang: str = "en") -> Implication:
    """What an odds ratio of disability → violence implies for children with SEN here.

    ``p`` = children with SEN (more than 235,000, 13 June 2025) ÷ children under 18 (6,902,492,
    2025); the share of victims with SEN is ``s = p·RR ÷ (1 + p·(RR − 1))`` by Bayes' rule
    (:func:`riskexplorer.evidence.share_from_relative_risk`). Read as a relative risk, the OR
    gives an upper value; violence is common (31.7% among children with disabilities), so the RR
    is converted with Zhang & Yu (``RR = OR ÷ (1 − p0 + p0·OR)``) for a lower one.

    Examples
    --------
    >>> round(sen_implication(2.08).share, 4)
    0.0683
    """
    sen, inclusive = F.value("sen_children_total_2025"), F.value("sen_children_inclusive_2026")
    children, victims = F.value("children_under_18_2025"), F.value("victims_under_18_2025_10m")
    p, p_inc = sen / children, inclusive / children
    share = float(evidence.share_from_relative_risk(p, odds_ratio))
    p0 = float(evidence.risk_unexposed(VIOLENCE_PREVALENCE_DISABLED, odds_ratio))
    rr = float(evidence.relative_risk_from_odds_ratio(odds_ratio, p0))
    share_rr = float(evidence.share_from_relative_risk(p, rr))
    ci = _victim_factors().loc[DISABILITY_DEFAULT]
    low, high = (float(evidence.share_from_relative_risk(p, ci[c])) for c in ("ci_low", "ci_high"))
    n = lambda x: fmt_number(x, lang)  # noqa: E731
    r = lambda x: fmt_number(x, lang, decimals=2)  # noqa: E731
    formula = "\n".join(
        (
            f"p = {n(sen)} ÷ {n(children)} = {_pct(p, lang)}",
            f"s = p × RR ÷ (1 + p × (RR − 1)) = {_pct(p, lang)} × {r(odds_ratio)} ÷ "
            f"(1 + {_pct(p, lang)} × {r(odds_ratio - 1)}) = {_pct(share, lang)}",
            f"p0 = {_pct(VIOLENCE_PREVALENCE_DISABLED, lang)} ÷ (1 − "
            f"{_pct(VIOLENCE_PREVALENCE_DISABLED, lang)}) ÷ {r(odds_ratio)} → {_pct(p0, lang)}; "
            f"RR = OR ÷ (1 − p0 + p0 × OR) = {r(rr)} → s = {_pct(share_rr, lang)}",
            f"{_pct(share, lang)} × {n(victims)} ≈ {n(round(share * victims))}",
        )
    )
    return Implication(
        odds_ratio=float(odds_ratio),
        prevalence=p,
        prevalence_inclusive=p_inc,
        share=share,
        share_rr=share_rr,
        relative_risk=rr,
        share_low=low,
        share_high=high,
        share_inclusive=float(evidence.share_from_relative_risk(p_inc, odds_ratio)),
        victims=victims,
        implied_victims=round(share * victims),
        implied_victims_rr=round(share_rr * victims),
        formula=formula,
        inputs=(
            "sen_children_total_2025", "sen_children_inclusive_2026", "children_under_18_2025",
            "victims_under_18_2025_10m", DISABILITY_DEFAULT,
        ),
    )  # fmt: skip


@functools.lru_cache(maxsize=4096)
def implication_text(odds_ratio: float, lang: str) -> str:
    """The derived result in words, with the range over the 2022 interval and both readings of
    the odds ratio; it says it is derived and what it is not."""
    imp = sen_implication(odds_ratio, lang)
    return t(
        "victims.implication",
        lang,
        odds_ratio=fmt_number(odds_ratio, lang, decimals=2),
        prevalence=_pct(imp.prevalence, lang),
        share=_pct(imp.share, lang),
        share_rr=_pct(imp.share_rr, lang),
        rr=fmt_number(imp.relative_risk, lang, decimals=2),
        low=_pct(imp.share_low, lang),
        high=_pct(imp.share_high, lang),
        victims=fmt_number(imp.victims, lang),
        implied=fmt_number(imp.implied_victims, lang),
        implied_rr=fmt_number(imp.implied_victims_rr, lang),
        inclusive_share=_pct(imp.share_inclusive, lang),
        inclusive_prevalence=_pct(imp.prevalence_inclusive, lang),
    )


# --- Who can act ----------------------------------------------------------------------------


@frame_cache
def actions_table(lang: str) -> pd.DataFrame:
    """What schools, families, police, social services and health can do for children at risk of
    being victims, tagged "from the briefing" (seed) or "practice"."""
    actions = catalogue.load_victim_actions()
    order = {s: i for i, s in enumerate(cohort.STAKEHOLDERS)}
    actions = actions.assign(_o=actions["stakeholder"].map(order)).sort_values(
        ["_o", "factor"], kind="stable"
    )
    return pd.DataFrame(
        {
            t("victims.col.stakeholder", lang): [
                t(f"who_can_act.stakeholder.{s}", lang) for s in actions["stakeholder"]
            ],
            t("victims.col.for_whom", lang): [
                t(f"victims.concept.{f}", lang) for f in actions["factor"]
            ],
            t("victims.col.action", lang): [
                t(f"action.{f}.{s}", lang) if lang != "en" else a
                for f, s, a in zip(actions["factor"], actions["stakeholder"], actions["action"])
            ],
            t("victims.col.tag", lang): [
                t(f"who_can_act.action_source.{x}", lang) for x in actions["source"]
            ],
        }
    ).reset_index(drop=True)


# --- Key messages -----------------------------------------------------------------------------


def key_message(section: str, lang: str) -> str:
    """The presentation view's one message for a section, with its numbers from the data."""
    text = _key_message(section, lang)
    return text[:1].upper() + text[1:]


def _key_message(section: str, lang: str) -> str:
    if section == "documented":
        return t(
            "victims.key.documented",
            lang,
            offences=F.format_value(F.fact("offences_vs_minors_2025_10m"), lang),
            victims=F.format_value(F.fact("victims_under_18_2025_10m"), lang),
        )
    if section == "evidence":
        row = _victim_factors().loc[DISABILITY_DEFAULT]
        return t("victims.key.evidence", lang, estimate=estimate_text(row, lang))
    if section == "implication":
        imp = sen_implication(slider_range()[2], lang)
        return t(
            "victims.key.implication",
            lang,
            share_rr=_pct(imp.share_rr, lang),
            share=_pct(imp.share, lang),
            prevalence=_pct(imp.prevalence, lang),
        )
    return t("victims.key.act", lang)


@messages.register("victims", order=40, fact_ids=("trafficking_h1_2025",))
def overview_sentence(lang: str) -> str:
    """One sentence for the Overview about this page, its numbers from the data."""
    row = _victim_factors().loc[DISABILITY_DEFAULT]
    return t(
        "victims.overview",
        lang,
        trafficking=F.format_value(F.fact("trafficking_h1_2025"), lang),
        estimate=estimate_text(row, lang),
    )
