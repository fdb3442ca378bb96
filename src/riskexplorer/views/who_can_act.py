"""Page-ready view of "Who can act": each factor with the change if a share of teenagers with it
lost it (or gained a protective one), the stakeholders who can move it and what they can do.

Every number rests on the catalogue's assumptions and on causation; the rows overlap and must not
be added up.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from riskexplorer import cohort as C
from riskexplorer import uncertainty as U
from riskexplorer.i18n import fmt_count, fmt_number, fmt_percent, fmt_ratio, localized, t
from riskexplorer.memo import frame_cache
from riskexplorer.views.scorecard import factor_label


def action_text(factor_id: str, stakeholder: str, lang: str) -> str:
    """What ``stakeholder`` can do about ``factor_id`` in ``lang``: ``action.<factor>.<stakeholder>``
    in the locale files, the English in ``data/actions.csv``."""
    actions = C.load_actions().set_index(["factor", "stakeholder"])
    english = str(actions.at[(factor_id, stakeholder), "action"])
    return localized(f"action.{factor_id}.{stakeholder}", lang, english)


@functools.cache
def _reach_everyone(factor_id: str) -> pd.DataFrame:
    """:func:`riskexplorer.uncertainty.reach_ranges` with every teenager concerned reached.

    Inside the cohort the cases averted are linear in the share reached (each pattern moves in
    proportion), while per 1,000 reached and reached per case do not depend on it: the ranges
    are computed once per factor (~0.2 s) and scaled, so the slider costs nothing.
    """
    return U.reach_ranges(factor_id, 1.0)


def _per_case_text(value: float, lang: str) -> str:
    """The clause on how many must be reached per case averted — or that none is averted (a
    whole clause either way, so the sentence reads in both cases)."""
    if not math.isfinite(value) or value <= 0:
        return t("who_can_act.no_case_averted", lang)
    return t("who_can_act.per_case", lang, n=fmt_count(value, lang))


@frame_cache
def factor_effects(fraction_pct: float, lang: str) -> pd.DataFrame:
    """One row per catalogue factor: what would change if ``fraction_pct`` of the teenagers with
    a risk factor lost it (or of those without a protective factor gained it), recounted inside
    the SYNTHETIC cohort (:func:`riskexplorer.cohort.reach_effect`), ranked by cases averted per
    1,000 teenagers reached.

    Ranges span the factor's prevalence range, the yearly-volume range and its evidence range
    together (:func:`riskexplorer.uncertainty.reach_ranges`, row ``all``). Columns ``id, label,
    domain, domain_text, protective, action, kind_text, odds_ratio, odds_ratio_low,
    odds_ratio_high, or_text, averted, averted_low, averted_high, averted_text,
    averted_range_text, value, value_low, value_high, value_text, range_text, per_case_text,
    stakeholders (tuple), stakeholders_text, rank``; ``value*`` are per 1,000 reached. Every
    number assumes the whole conditional association were causal; the rows overlap and must not
    be added up.
    """
    factors = C.load_factors()
    fraction = fraction_pct / 100
    rows = []
    for factor_id, row in factors.iterrows():
        reach = _reach_everyone(str(factor_id))
        central, span = reach.loc["central"], reach.loc["all"]
        protective = bool(row["odds_ratio"] < 1)
        rows.append(
            {
                "id": factor_id,
                "domain": row["domain"],
                "protective": protective,
                "action": "add" if protective else "remove",
                "odds_ratio": float(row["odds_ratio"]),
                "odds_ratio_low": float(row["odds_ratio_low"]),
                "odds_ratio_high": float(row["odds_ratio_high"]),
                "averted": fraction * central["averted_low"],
                "averted_low": fraction * span["averted_low"],
                "averted_high": fraction * span["averted_high"],
                "value": central["per_1000_low"],
                "value_low": span["per_1000_low"],
                "value_high": span["per_1000_high"],
                "per_case": central["reached_per_case_low"],
                "stakeholders": tuple(str(row["stakeholders"]).split(";")),
            }
        )
    frame = pd.DataFrame(rows)
    frame["label"] = [factor_label(i, lang) for i in frame["id"]]
    frame["domain_text"] = [t(f"who_can_act.domain.{d}", lang) for d in frame["domain"]]
    frame["kind_text"] = [t(f"who_can_act.kind.{a}", lang) for a in frame["action"]]
    frame["or_text"] = [
        t("who_can_act.or_range", lang, odds=fmt_ratio(o, lang), low=fmt_ratio(lo, lang),
          high=fmt_ratio(hi, lang))
        for o, lo, hi in zip(frame["odds_ratio"], frame["odds_ratio_low"], frame["odds_ratio_high"])
    ]  # fmt: skip
    frame["averted_text"] = [fmt_count(x, lang) for x in frame["averted"]]
    frame["averted_range_text"] = [
        t("who_can_act.range", lang, low=fmt_count(lo, lang), high=fmt_count(hi, lang))
        for lo, hi in zip(frame["averted_low"], frame["averted_high"])
    ]
    frame["value_text"] = [fmt_number(v, lang, decimals=1) for v in frame["value"]]
    frame["range_text"] = [
        t("who_can_act.range", lang, low=fmt_number(lo, lang, decimals=1),
          high=fmt_number(hi, lang, decimals=1))
        for lo, hi in zip(frame["value_low"], frame["value_high"])
    ]  # fmt: skip
    frame["per_case_text"] = [_per_case_text(v, lang) for v in frame["per_case"]]
    frame["stakeholders_text"] = [
        ", ".join(t(f"who_can_act.stakeholder.{s}", lang) for s in holders)
        for holders in frame["stakeholders"]
    ]
    frame = frame.sort_values("value", ascending=False, kind="stable").reset_index(drop=True)
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


def chart_sources(lang: str) -> str:
    """The chart's source line: the catalogue, the assumptions, and the yearly volume it is
    scaled to (the first of :func:`riskexplorer.views.risk_factors.volumes`)."""
    from riskexplorer.views import risk_factors as RF

    persons = RF.volumes()[0]
    return t(
        "who_can_act.sources",
        lang,
        volume=fmt_count(persons.per_year, lang),
        fact=fmt_count(persons.fact_value, lang),
        period=RF.volume_period(persons, lang),
    )


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
        top_value=top["value_text"],
        top_range=top["range_text"],
        top_total=top["averted_text"],
        bottom=bottom["label"],
        bottom_value=bottom["value_text"],
    )


def sign_note(effects: pd.DataFrame, lang: str) -> str | None:
    """One sentence naming the factors whose change inside the cohort has the opposite sign to
    their published association (their own effect, given the factors they overlap with,
    reverses), or ``None`` when there is none."""
    reversed_ = effects[effects["value"] < 0]
    if reversed_.empty:
        return None
    labels = "; ".join(f"{r.label} ({r.or_text})" for r in reversed_.itertuples(index=False))
    return t("who_can_act.sign_note", lang, labels=labels)


#: The page's fraction-reached slider (percent): lowest, highest, default, step.
FRACTION_LOW, FRACTION_HIGH, FRACTION_DEFAULT, FRACTION_STEP = 5, 100, 10, 5


def chart_options(lang: str) -> dict:
    """The options of the page's :func:`riskexplorer.charts.effect_bars` chart in ``lang``."""
    return {
        "title": t("who_can_act.chart_title", lang),
        "value_title": t("who_can_act.chart_value", lang),
        "kind_title": t("who_can_act.chart_kind", lang),
        "tooltip_titles": {
            k: t(f"who_can_act.tooltip.{k}", lang)
            for k in ("label", "value", "range", "rr", "domain", "stakeholders")
        },
        "kind_text": {k: t(f"who_can_act.kind.{k}", lang) for k in ("remove", "add")},
    }


def chart_key(fraction_pct: int, stakeholders: tuple[str, ...], lang: str) -> tuple:
    """The chart's data key (``riskexplorer.drawn.key``): built-in data, named fully by the
    controls' values."""
    return ("who_can_act", fraction_pct, stakeholders, lang)


def drawn_charts(lang: str, *, scale: float = 1.0) -> list[tuple[tuple, object]]:
    """The page's chart at every step of the fraction slider with no stakeholder chosen, drawn
    (:class:`riskexplorer.drawn.DrawnChart`) under the keys the page looks them up by — for the
    start-up's child process, so that no first visit of those settings builds a chart."""
    from riskexplorer import drawn

    made = []
    sources, options = chart_sources(lang), chart_options(lang)
    for fraction in range(FRACTION_LOW, FRACTION_HIGH + 1, FRACTION_STEP):
        effects = who_can_act(fraction, (), lang).effects
        if effects.empty:
            continue
        data_key = chart_key(fraction, (), lang)
        made.append(
            (
                drawn.key("effect_bars", data_key, options, lang, scale, sources),
                drawn.draw("effect_bars", effects[EFFECT_CHART_COLUMNS], options, lang, scale,
                           sources),
            )
        )  # fmt: skip
    return made


#: The columns :func:`riskexplorer.charts.effect_bars` reads (the chart's cached data).
EFFECT_CHART_COLUMNS: list[str] = [
    "label", "value", "value_low", "value_high", "value_text", "range_text", "or_text",
    "action", "kind_text", "domain_text", "stakeholders_text",
]  # fmt: skip


@functools.cache
def domain_blocks(
    fraction_pct: float, stakeholders: tuple[str, ...], lang: str
) -> tuple[tuple[str, str], ...]:
    """Markdown per domain for :func:`who_can_act` of these arguments: each factor with its
    change, then each chosen stakeholder's action (marked when it comes from the briefing).
    Domains in catalogue order, factors by size."""
    view = who_can_act(fraction_pct, stakeholders, lang)
    fraction_text = fmt_percent(fraction_pct, lang, decimals=0)
    badge = t("who_can_act.seed_badge", lang)
    blocks = []
    for domain in view.domains:
        lines = []
        for row in view.effects[view.effects["domain"] == domain].itertuples(index=False):
            key = (
                "who_can_act.factor_line_add" if row.action == "add" else "who_can_act.factor_line"
            )
            lines.append(
                t(key, lang, label=row.label, value=row.value_text, range=row.range_text,
                  fraction=fraction_text, total=row.averted_text,
                  total_range=row.averted_range_text, per_case=row.per_case_text)
            )  # fmt: skip
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


@dataclass(frozen=True)
class Headline:
    """One factor's change at the fraction reached, for the result strip beside the slider."""

    label: str
    value: str
    help: str


def headlines(effects: pd.DataFrame, fraction_pct: float, lang: str, n: int = 3) -> list[Headline]:
    """The ``n`` factors that would change the most per teenager reached: each with about how
    many fewer teenagers a year would be held liable at ``fraction_pct`` reached (so the number
    moves with the slider), and, in its help, the change per 1,000 reached and its range."""
    fraction = fmt_percent(fraction_pct, lang, decimals=0)
    return [
        Headline(
            label=str(row["label"]),
            value=t("who_can_act.result.value", lang, total=row["averted_text"]),
            help=t(
                "who_can_act.result.help",
                lang,
                value=row["value_text"],
                range=row["range_text"],
                fraction=fraction,
                total=row["averted_text"],
                total_range=row["averted_range_text"],
            ),
        )
        for _, row in effects.head(n).iterrows()
    ]


def headlines_caption(effects: pd.DataFrame, fraction_pct: float, lang: str, n: int = 3) -> str:
    """What the result strip shows: the first factors of how many, at which share reached."""
    return t(
        "who_can_act.result.caption",
        lang,
        n=min(n, len(effects)),
        total=len(effects),
        fraction=fmt_percent(fraction_pct, lang, decimals=0),
    )
