"""Page-ready view of "Who can act": each factor with the change if a share of teenagers with it
lost it (or gained a protective one), the stakeholders who can move it and what they can do.

Every number rests on the catalogue's assumptions and on causation; the rows overlap and must not
be added up.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from riskexplorer import cohort as C
from riskexplorer import evidence as E
from riskexplorer.i18n import fmt_count, fmt_number, fmt_percent, fmt_ratio, localized, t
from riskexplorer.memo import frame_cache
from riskexplorer.views.risk_factors import volumes
from riskexplorer.views.scorecard import factor_label


def action_text(factor_id: str, stakeholder: str, lang: str) -> str:
    """What ``stakeholder`` can do about ``factor_id`` in ``lang``: ``action.<factor>.<stakeholder>``
    in the locale files, the English in ``data/actions.csv``."""
    actions = C.load_actions().set_index(["factor", "stakeholder"])
    english = str(actions.at[(factor_id, stakeholder), "action"])
    return localized(f"action.{factor_id}.{stakeholder}", lang, english)


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
