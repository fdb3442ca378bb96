"""Chart-ready frames and one-line text summaries built from the documented figures.

Pages call these so they hold no data wrangling; each function takes figure ids (or a series
name) and a language and returns translated, tidy data plus the sentence that describes it.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from riskexplorer import facts as F
from riskexplorer.i18n import fmt_number, fmt_percent, localized, t
from riskexplorer.memo import frame_cache
from riskexplorer.views import messages

#: The figures each topic tab shows as cards, in order.
TOPIC_CARDS: dict[str, tuple[str, ...]] = {
    "offending": (
        "teen_crimes_jan_apr_2025", "teen_crimes_serious", "teen_crimes_especially_serious",
        "teen_offenders_neet_share", "minors_prosecuted_2025_9m", "minors_prosecuted_2025_9m_change",
        "minors_theft_2025_9m", "minors_hooliganism_2025_9m",
    ),
    "against_children": (
        "crimes_vs_children_person_share", "crimes_vs_children_sexual_increase",
        "offences_vs_minors_2025_10m", "offences_vs_minors_2025_10m_change",
        "victims_under_18_2025_10m", "offences_vs_minors_jan_may",
    ),
    "trafficking_drugs": (
        "trafficking_h1_2025", "trafficking_victims_assisted", "antidrug_operations",
    ),
    "inclusion": (
        "special_institutions_total", "teacher_assistants", "sen_children_inclusive",
        "sen_children_total_2025", "probilim_project",
    ),
    "context": (
        "children_under_18_2025", "school_students_2024", "neet_15_28_2021q2", "neet_14_34_2025q1",
        "registered_offences_2025", "registered_offences_2025_change",
    ),
}  # fmt: skip

#: The key figures on the overview page.
OVERVIEW_CARDS: tuple[str, ...] = (
    "teen_crimes_jan_apr_2025", "minors_prosecuted_2025_9m", "teen_offenders_neet_share",
    "offences_vs_minors_2025_10m", "trafficking_h1_2025", "special_institutions_total",
    "teacher_assistants", "sen_children_inclusive",
)  # fmt: skip

BOUND_KIND = {"more_than": "at_least", "less_than": "at_most"}


@functools.cache
def source_line(source_ids: tuple[str, ...], lang: str) -> str:
    """Markdown "Source: publisher, «title», date — [site](url)" for each source, in order."""
    sources = F.load_sources()
    parts = []
    for source_id in source_ids:
        src = sources.loc[source_id]
        if source_id == "seed":
            parts.append(t("sources.seed_short", lang))
            continue
        text = f"{F.source_publisher(source_id, lang)}, «{F.source_title(source_id, lang)}»"
        if src["published"]:
            text += f", {src['published']}"
        if src["url"]:
            text += f" — [{src['via'] or src['url']}]({src['url']})"
        parts.append(text)
    return t("sources.source_prefix", lang) + " " + "; ".join(parts)


@dataclass(frozen=True)
class Card:
    """Everything a figure card shows, in one language.

    For a briefing figure that newer official counts correct, ``value``, ``period`` and
    ``source`` are the latest correction's, ``briefing`` says what the briefing gave ("In the
    briefing: 492 institutions"), ``change`` is the difference ("+45") and ``change_sign`` its
    direction (``1``, ``-1``, ``0``); otherwise these are empty and ``0``.
    """

    id: str
    label: str
    value: str
    status: str
    period: str
    note: str
    source: str
    checks: tuple[str, ...]
    briefing: str = ""
    change: str = ""
    change_sign: int = 0


def current_correction(fact_id: str) -> pd.Series | None:
    """The latest independent figure that corrects a briefing figure, or ``None``."""
    rows = F.verification(fact_id)
    rows = rows[rows["relation"] == "corrects"]
    if rows.empty:
        return None
    return rows.sort_values("period_end", na_position="first", kind="stable").iloc[-1]


def _signed(value: float, lang: str) -> str:
    text = fmt_number(abs(value), lang, decimals=0 if float(value).is_integer() else 1)
    return ("+" if value > 0 else "−" if value < 0 else "") + text


@functools.cache
def card(fact_id: str, lang: str) -> Card:
    """A figure's card: label, value as shown, status, period, caveat, source and the
    independent figures that confirm, correct or contradict it. A corrected figure shows the
    latest correction large and the briefing's value small."""
    row = F.fact(fact_id)
    checks = tuple(
        f"{t('relation.' + c['relation'], lang)}: **{F.format_value(c, lang)}** ({F.period(c, lang)})"
        f" — {source_line((c['source_id'],), lang)}"
        for _, c in F.verification(fact_id).iterrows()
    )
    shown, extra = row, {}
    current = current_correction(fact_id) if row["status"] == "corrected" else None
    if current is not None:
        shown = current
        change = float(current["value"]) - float(row["value"])
        extra = {
            "briefing": t("card.in_briefing", lang, value=F.format_value(row, lang)),
            "change": _signed(change, lang),
            "change_sign": (change > 0) - (change < 0),
        }
        briefing_line = (
            f"{t('card.in_briefing', lang, value=f'**{F.format_value(row, lang)}**')}"
            f" ({F.period(row, lang) or t('facts.period_unknown', lang)})"
            f" — {source_line((row['source_id'],), lang)}"
        )
        checks = (briefing_line, *checks)
    return Card(
        id=fact_id,
        label=F.label(row, lang),
        value=F.format_value(shown, lang),
        status=str(row["status"]),
        period=F.period(shown, lang),
        note=F.note(row, lang),
        source=source_line((shown["source_id"],), lang),
        checks=checks,
        **extra,
    )


def display_rows(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Translated columns for charts and tables: label, value_text, status_text, source, kind."""
    if rows.empty:
        return rows.assign(value_text=[], status_text=[], kind=[], date=[])
    out = rows.copy()
    out["label"] = [F.label(r, lang) for _, r in rows.iterrows()]
    out["value_text"] = [F.format_value(r, lang) for _, r in rows.iterrows()]
    out["short_text"] = [F.format_short(r, lang) for _, r in rows.iterrows()]
    out["status_text"] = [t(f"status.{s}", lang) for s in rows["status"]]
    out["kind"] = [t(f"kind.{BOUND_KIND.get(q, 'documented')}", lang) for q in rows["qualifier"]]
    out["date"] = rows["period_end"]
    out["period"] = [F.period(r, lang) for _, r in rows.iterrows()]
    out["source"] = [F.source_publisher(s, lang) for s in rows["source_id"]]
    return out


def status_texts(lang: str) -> dict[str, str]:
    """Each status's name in ``lang``, for legends."""
    return {s: t(f"status.{s}", lang) for s in F.STATUSES}


def tooltip_titles(lang: str) -> dict[str, str]:
    """Tooltip field names in ``lang``."""
    return {
        k: t(f"chart.tooltip.{k}", lang) for k in ("label", "value", "period", "status", "source")
    }


@frame_cache
def figures(ids: tuple[str, ...], lang: str) -> pd.DataFrame:
    """Display rows of the given figures, in the given order."""
    return display_rows(F.load_facts().loc[list(ids)], lang)


@frame_cache
def correction_chain(seed_id: str, lang: str) -> pd.DataFrame:
    """A seed figure followed by the independent figures that confirm or correct it, labelled by
    source and period (e.g. special institutions 492 → 508 → 537)."""
    facts = F.load_facts()
    chain = pd.concat([facts.loc[[seed_id]], F.verification(seed_id)])
    chain = chain[chain["relation"].isin(["", "confirms", "corrects"])]
    out = display_rows(chain, lang)
    out["figure"] = out["label"]
    out["label"] = [
        t("views.seed_claim", lang) if o == "seed" else f"{r['period']} — {src}"
        for (_, r), o, src in zip(out.iterrows(), out["origin"], out["source"])
    ]
    return out


def summary_chain(chain: pd.DataFrame, lang: str) -> str:
    """ "The seed says 492; official counts: 508 (13 Jun 2025), 537 (…)"."""
    seed = chain[chain["origin"] == "seed"].iloc[0]
    others = chain[chain["origin"] != "seed"]
    later = ", ".join(f"{v} ({p})" for v, p in zip(others["value_text"], others["period"]))
    return t(
        "views.summary_chain", lang, label=seed["figure"], seed=seed["value_text"], later=later
    )


@frame_cache
def series_rows(name: str, lang: str) -> pd.DataFrame:
    """Display rows of one series in period order."""
    return display_rows(F.series(name), lang)


@frame_cache
def liable_trend(lang: str) -> pd.DataFrame:
    """Minors held liable in January–September, 2019–2025, as far as documented: bounds stay
    bounds and the 2024 value derived from the +35% growth is marked derived."""
    rows = series_rows("minors_prosecuted_jan_sep", lang)
    derived = F.derived_figures()["minors_prosecuted_2024_9m"]
    extra = pd.DataFrame(
        {
            "id": [derived.id],
            "value": [derived.value],
            "value_text": [
                t(
                    "views.approx",
                    lang,
                    value=F.format_value(
                        pd.Series(
                            {
                                "id": derived.id,
                                "value": derived.value,
                                "unit": "persons",
                                "qualifier": "exact",
                            }
                        ),
                        lang,
                    ),
                )
            ],
            "date": [pd.Timestamp("2024-09-30")],
            "period": [t("views.jan_sep", lang, year=2024)],
            "short_text": [f"≈{fmt_number(derived.value, lang)}"],
            "kind": [t("kind.derived", lang)],
            "source": [t("views.derived_from", lang, formula=derived.formula)],
        }
    )
    # 2020–2024 share one bound: show it at each year so the line reads honestly.
    bound = rows[rows["id"] == "minors_prosecuted_2020_2024_max"]
    spread = pd.concat(
        [
            bound.assign(date=pd.Timestamp(f"{y}-09-30"), period=t("views.jan_sep", lang, year=y))
            for y in range(2020, 2024)
        ]
    )
    rest = rows[rows["id"] != "minors_prosecuted_2020_2024_max"]
    cols = ["id", "value", "value_text", "short_text", "date", "period", "kind", "source"]
    return (
        pd.concat([rest[cols], spread[cols], extra[cols]])
        .sort_values("date")
        .reset_index(drop=True)
    )


def kind_order(lang: str) -> list[str]:
    """Legend order of figure kinds."""
    return [t(f"kind.{k}", lang) for k in ("documented", "at_least", "at_most", "derived")]


def summary_trend(data: pd.DataFrame, lang: str) -> str:
    """ "From X (first period) to Y (last period)"."""
    first, last = data.iloc[0], data.iloc[-1]
    return t(
        "views.summary_trend",
        lang,
        first=first["value_text"],
        first_period=first["period"],
        last=last["value_text"],
        last_period=last["period"],
        n=len(data),
    )


def summary_bars(data: pd.DataFrame, lang: str) -> str:
    """ "Highest: A (x); lowest: B (y)" over the shown bars."""
    ordered = data.sort_values("value", ascending=False)
    hi, lo = ordered.iloc[0], ordered.iloc[-1]
    return t(
        "views.summary_bars",
        lang,
        n=len(data),
        top=hi["label"],
        top_value=hi["value_text"],
        bottom=lo["label"],
        bottom_value=lo["value_text"],
    )


@frame_cache
def region_rows(name: str, lang: str) -> pd.DataFrame:
    """A by-region series labelled by region, largest first."""
    rows = series_rows(name, lang)
    rows["label"] = [t(f"region.{g}", lang) if lang != "en" else g for g in rows["geography"]]
    return rows.sort_values("value", ascending=False)


@frame_cache
def institution_parts(lang: str) -> pd.DataFrame:
    """The six kinds of special institution: the seed's counts beside the 13 June 2025 counts."""
    facts = F.load_facts()
    seed = display_rows(facts.loc[list(F.SEED_PARTS)], lang).assign(
        group=t("views.seed_claim", lang)
    )
    official = display_rows(facts.loc[list(F.PARTS_2025_06)], lang)
    official = official.assign(
        label=seed["label"].to_numpy(), group=t("views.official_2025_06", lang)
    )
    return pd.concat([seed, official], ignore_index=True)


@frame_cache
def all_facts_table(lang: str) -> pd.DataFrame:
    """Every figure as a table for filtering and download, in ``lang``; small counts suppressed."""
    rows = display_rows(F.load_facts(), lang)
    sources = F.load_sources()
    table = pd.DataFrame(
        {
            t("table.id", lang): rows["id"],
            t("table.figure", lang): rows["label"],
            t("table.value", lang): rows["value_text"],
            t("table.number", lang): [
                None if F.is_small_count(r) else r["value"] for _, r in rows.iterrows()
            ],
            t("table.unit", lang): [t(f"unit.{u}", lang) for u in rows["unit"]],
            t("table.period", lang): rows["period"],
            t("table.geography", lang): [
                t(f"region.{g}", lang) if lang != "en" else g for g in rows["geography"]
            ],
            t("table.topic", lang): [t(f"topic.{x}", lang) for x in rows["topic"]],
            t("table.origin", lang): [t(f"origin.{x}", lang) for x in rows["origin"]],
            t("table.status", lang): rows["status_text"],
            t("table.source", lang): [
                f"{sources.at[s, 'publisher']} — {sources.at[s, 'title']}"
                for s in rows["source_id"]
            ],
            t("table.link", lang): [sources.at[s, "url"] or None for s in rows["source_id"]],
            t("table.note", lang): [F.note(r, lang) for _, r in rows.iterrows()],
        }
    )
    return table.reset_index(drop=True)


def filter_table(
    table: pd.DataFrame, *, topics: Sequence[str], statuses: Sequence[str], query: str, lang: str
) -> pd.DataFrame:
    """Rows of :func:`all_facts_table` matching the chosen topic and status ids (``offending``,
    ``contradicted``) and the search text."""
    mask = pd.Series(True, index=table.index)
    facts = F.load_facts()
    ids = table[t("table.id", lang)]
    if topics:
        mask &= ids.map(facts["topic"]).isin(list(topics))
    if statuses:
        mask &= ids.map(facts["status"]).isin(list(statuses))
    if query.strip():
        text = table.astype("string").fillna("").agg(" ".join, axis=1).str.casefold()
        mask &= text.str.contains(query.strip().casefold(), regex=False)
    return table[mask]


def checks_table(checks: Sequence[F.Check], lang: str) -> pd.DataFrame:
    """The arithmetic checks as a table: what is checked, the formula, and whether it holds."""
    return pd.DataFrame(
        {
            t("table.check", lang): [t(f"check.{c.id}", lang) for c in checks],
            t("table.formula", lang): [c.formula for c in checks],
            t("table.result", lang): [
                t("check.passed" if c.passed else "check.failed", lang) for c in checks
            ],
        }
    )


def format_derived(derived: F.Derived, lang: str) -> str:
    """A derived figure's value as shown (with its unit)."""
    row = pd.Series(
        {"id": derived.id, "value": derived.value, "unit": derived.unit, "qualifier": "exact"}
    )
    return F.format_value(row, lang)


def _lookup(table: str, text: str, lang: str) -> str:
    """``text`` translated through ``[table]`` keyed by its English form, else as it is."""
    return localized(f"{table}.{text}", lang, text)


@frame_cache
def sources_table(lang: str) -> pd.DataFrame:
    """Every source with publisher, title, date, via, confidence, link and how many figures cite it."""
    sources = F.load_sources()
    counts = F.load_facts()["source_id"].value_counts()
    return pd.DataFrame(
        {
            t("table.publisher", lang): [F.source_publisher(i, lang) for i in sources.index],
            t("table.title", lang): [F.source_title(i, lang) for i in sources.index],
            t("table.published", lang): sources["published"],
            t("table.via", lang): sources["via"],
            t("table.confidence", lang): [
                _lookup("confidence", c, lang) for c in sources["confidence"]
            ],
            t("table.figures", lang): [int(counts.get(s, 0)) for s in sources.index],
            t("table.link", lang): [u or None for u in sources["url"]],
            t("table.note", lang): [
                localized(f"source_note.{i}", lang, note)
                for i, note in zip(sources.index, sources["note"])
            ],
        }
    ).reset_index(drop=True)


def summary_parts(parts: pd.DataFrame, lang: str) -> str:
    """How many kinds of institution the official count changes, and the totals of each edition."""
    groups = list(dict.fromkeys(parts["group"]))
    seed, official = (parts[parts["group"] == g].reset_index(drop=True) for g in groups)
    changed = int((seed["value"] != official["value"]).sum())
    return t(
        "views.summary_parts",
        lang,
        changed=changed,
        n=len(seed),
        seed_total=f"{seed['value'].sum():g}",
        official_total=f"{official['value'].sum():g}",
    )


def key_message(topic: str, lang: str) -> str:
    """The presentation view's one message for a topic of the statistics page: the registered
    answer of that topic (:mod:`riskexplorer.views.messages`), the same sentence the Overview
    opens with where the topic is one of its answers."""
    return messages.text(topic, lang)


KEY_FIGURES: dict[str, tuple[str, ...]] = {
    "offending": ("minors_prosecuted_2025_9m", "minors_prosecuted_2025_9m_change",
                  "teen_crimes_jan_apr_2025"),
    "against_children": ("offences_vs_minors_2025_10m", "offences_vs_minors_2025_10m_change"),
    "trafficking_drugs": ("trafficking_h1_2025",),
    "inclusion": ("special_institutions_2026_01", "special_institutions_total",
                  "teacher_assistants_2026_01", "teacher_assistants"),
    "context": ("neet_15_28_2021q2", "neet_14_34_2025q1"),
}  # fmt: skip
#: The topics whose message is also one of the Overview's answers, and where it stands.
OVERVIEW_ORDER: dict[str, float] = {"offending": 10, "against_children": 30}


def _topic_message(topic: str) -> messages.Builder:
    def build(lang: str) -> str:
        values = {i: F.format_value(F.fact(i), lang) for i in KEY_FIGURES[topic]}
        values |= {f"{i}_short": F.format_short(F.fact(i), lang) for i in KEY_FIGURES[topic]}
        return t(f"statistics.key.{topic}", lang, **values)

    return build


for _order, _topic in enumerate(KEY_FIGURES):
    messages.register(
        _topic,
        order=OVERVIEW_ORDER.get(_topic, 100 + _order),
        fact_ids=KEY_FIGURES[_topic],
        overview=_topic in OVERVIEW_ORDER,
    )(_topic_message(_topic))

NEET_CLAIM = "teen_offenders_neet_share"
NEET_LOCAL_MARK = "neet_share_local_mark"  # in data/assumptions.csv, derived from local reports


@messages.register(
    "neet",
    order=20,
    fact_ids=(NEET_CLAIM, "kostanay_college_share_2025", "district_crimes_non_student"),
)
def neet_message(lang: str) -> str:
    """The briefing's NEET claim, its status in words, and what the local reports suggest."""
    from riskexplorer.cohort import load_assumptions  # scipy: only when the sentence is built

    claim = F.fact(NEET_CLAIM)
    mark = float(load_assumptions().at[NEET_LOCAL_MARK, "value"])
    values = {
        "claim": F.format_value(claim, lang),
        "local": fmt_percent(round(mark), lang, decimals=0),
        "status": t(f"status.{claim['status']}", lang).lower(),
    }
    key = "answer.neet_contradicted" if claim["status"] == "contradicted" else "answer.neet_status"
    return t(key, lang, **values)


def status_counts_message(lang: str) -> str:
    """ "Of the briefing's N figures, a are confirmed, b corrected, …" from the facts table."""
    seed = F.load_facts().query("origin == 'seed'")
    counts = seed["status"].value_counts()
    return t(
        "methodology.key",
        lang,
        n=len(seed),
        **{s.replace("-", "_"): int(counts.get(s, 0)) for s in F.STATUSES if s != "reported"},
    )


TOPICS: tuple[str, ...] = tuple(TOPIC_CARDS)


def topic_names(lang: str) -> dict[str, str]:
    """Each topic id with its name in ``lang`` (options of a topic filter: ids in the link)."""
    return {topic: t(f"topic.{topic}", lang) for topic in TOPICS}


def filter_sources(lang: str, *, topics: Sequence[str] = (), query: str = "") -> pd.DataFrame:
    """:func:`sources_table` limited to the sources of figures on ``topics`` (ids) and to rows
    containing ``query`` (any case, any script; ``&`` is an ordinary character)."""
    table = sources_table(lang)
    mask = pd.Series(True, index=table.index)
    if topics:
        facts = F.load_facts()
        cited = set(facts.loc[facts["topic"].isin(list(topics)), "source_id"])
        mask &= pd.Series([s in cited for s in F.load_sources().index], index=table.index)
    if query.strip():
        text = table.astype("string").fillna("").agg(" ".join, axis=1).str.casefold()
        mask &= text.str.contains(query.strip().casefold(), regex=False)
    return table[mask]


# --- The Statistics page: each topic tab as blocks ready to draw --------------------------------
# The page draws these one by one (cards, notes, charts, tables) and holds only its widgets and
# layout; every number is formatted and every text chosen here.

BAR_COLUMNS = ["label", "value", "value_text", "status", "status_text", "period", "source"]
TREND_COLUMNS = ["date", "period", "value", "value_text", "short_text", "kind", "source"]
PART_COLUMNS = ["label", "group", "value", "value_text", "status_text", "source"]


@dataclass(frozen=True)
class Cards:
    """Figure cards, in order."""

    ids: tuple[str, ...]


@dataclass(frozen=True)
class Note:
    """Text the page shows: ``kind`` is ``paragraph``, ``caption``, ``warning`` or ``info``."""

    kind: str
    text: str


@dataclass(frozen=True)
class Heading:
    text: str


@dataclass(frozen=True)
class TableView:
    """A table as shown (columns translated, small counts suppressed) and its caption."""

    frame: pd.DataFrame
    caption: str


@dataclass(frozen=True)
class ChartView:
    """A chart as the page draws it: ``builder`` (a function of :mod:`riskexplorer.charts`), its
    data, the one-sentence summary, the sources (Markdown), a file-name key and the builder's
    options (titles and legends in the page language)."""

    builder: str
    data: pd.DataFrame
    summary: str
    sources: str
    key: str
    options: dict


def _sources(rows: pd.DataFrame, lang: str) -> str:
    return source_line(tuple(dict.fromkeys(rows["source_id"])), lang)


def _key(title_key: str) -> str:
    return title_key.rsplit(".", 1)[-1]


def status_bars(
    rows: pd.DataFrame, title_key: str, value_key: str, lang: str, summary: str | None = None
) -> ChartView:
    """Bars of figures coloured by status."""
    return ChartView(
        "figures_bar",
        rows[BAR_COLUMNS],
        summary or summary_bars(rows, lang),
        _sources(rows, lang),
        _key(title_key),
        {
            "title": t(title_key, lang),
            "value_title": t(value_key, lang),
            "status_text": status_texts(lang),
            "status_title": t("chart.status", lang),
            "tooltip_titles": tooltip_titles(lang),
        },
    )


def chain_bars(seed_id: str, title_key: str, value_key: str, lang: str) -> ChartView:
    """A seed figure beside the independent figures that confirm or correct it."""
    rows = correction_chain(seed_id, lang)
    return status_bars(rows, title_key, value_key, lang, summary=summary_chain(rows, lang))


def trend_chart(
    rows: pd.DataFrame, title_key: str, value_key: str, sources: pd.DataFrame, lang: str
) -> ChartView:
    """Documented points over time; bounds and derived points keep their own marks."""
    return ChartView(
        "trend",
        rows[TREND_COLUMNS],
        summary_trend(rows, lang),
        _sources(sources, lang),
        _key(title_key),
        {
            "title": t(title_key, lang),
            "value_title": t(value_key, lang),
            "kind_title": t("chart.kind", lang),
            "tooltip_titles": tooltip_titles(lang),
            "kind_order": kind_order(lang),
        },
    )


def series_trend(name: str, title_key: str, value_key: str, lang: str) -> ChartView:
    rows = series_rows(name, lang)
    return trend_chart(rows, title_key, value_key, rows, lang)


def institution_parts_chart(lang: str) -> ChartView:
    """The six kinds of special institution, the seed's counts beside the 2025 counts."""
    parts = institution_parts(lang)
    return ChartView(
        "grouped_bars",
        parts[PART_COLUMNS],
        summary_parts(parts, lang),
        _sources(parts, lang),
        "institution_parts",
        {
            "title": t("statistics.chart.institution_parts", lang),
            "value_title": t("unit_axis.institutions", lang),
            "group_title": t("chart.edition", lang),
            "tooltip_titles": tooltip_titles(lang),
        },
    )


LOCAL_REPORTS: tuple[str, ...] = (
    "kostanay_teen_crimes_2025", "kostanay_college_share_2025",
    "kostanay_schoolchildren_crimes_2025", "district_crimes_college", "district_crimes_school",
    "district_crimes_non_student",
)  # fmt: skip


def local_reports_table(lang: str) -> TableView:
    """The local reports that contradict the NEET claim (counts under 10 shown as such)."""
    local = figures(LOCAL_REPORTS, lang)
    columns = {
        "label": "table.figure", "value_text": "table.value", "geography": "table.geography",
        "period": "table.period", "status_text": "table.status",
    }  # fmt: skip
    frame = local[list(columns)].rename(columns={c: t(k, lang) for c, k in columns.items()})
    return TableView(frame.reset_index(drop=True), t("statistics.local_reports", lang))


def _offending(lang: str) -> list:
    derived = F.derived_figures()["teen_crimes_minor_medium"]
    local = local_reports_table(lang)
    return [
        Cards(TOPIC_CARDS["offending"]),
        Note(
            "paragraph",
            t(
                "statistics.derived_minor_medium",
                lang,
                value=format_derived(derived, lang),
                formula=derived.formula,
            ),
        ),
        Note("warning", t("statistics.neet_contradiction", lang)),
        trend_chart(
            liable_trend(lang),
            "statistics.chart.liable_trend",
            "unit_axis.persons",
            F.series("minors_prosecuted_jan_sep"),
            lang,
        ),
        Heading(local.caption),
        local,
        Note(
            "caption",
            t("statistics.local_suppressed", lang)
            + " "
            + _sources(figures(LOCAL_REPORTS, lang), lang),
        ),
        status_bars(
            region_rows("minors_liable_2023_7m_by_region", lang),
            "statistics.chart.liable_2023_regions",
            "unit_axis.persons",
            lang,
        ),
    ]


def _against_children(lang: str) -> list:
    return [
        Cards(TOPIC_CARDS["against_children"]),
        Note("warning", t("statistics.code_change_caveat", lang)),
        series_trend(
            "offences_vs_minors_jan_oct", "statistics.chart.offences_trend", "unit_axis.offences",
            lang,
        ),
        status_bars(
            series_rows("offences_vs_minors_jan_may_by_gravity", lang),
            "statistics.chart.jan_may_gravity",
            "unit_axis.offences",
            lang,
        ),
        status_bars(
            region_rows("offences_vs_minors_jan_may_by_region", lang),
            "statistics.chart.jan_may_regions",
            "unit_axis.offences",
            lang,
        ),
        Note("caption", t("statistics.year_not_stated", lang)),
    ]  # fmt: skip


def _trafficking_drugs(lang: str) -> list:
    return [
        Cards(TOPIC_CARDS["trafficking_drugs"]),
        chain_bars(
            "trafficking_victims_assisted", "statistics.chart.victims_chain", "unit_axis.persons",
            lang,
        ),
        Note("info", t("statistics.trafficking_caveat", lang)),
    ]  # fmt: skip


def _inclusion(lang: str) -> list:
    return [
        Cards(TOPIC_CARDS["inclusion"]),
        chain_bars(
            "special_institutions_total", "statistics.chart.institutions_chain",
            "unit_axis.institutions", lang,
        ),
        institution_parts_chart(lang),
        chain_bars(
            "teacher_assistants", "statistics.chart.assistants_chain", "unit_axis.persons", lang
        ),
        chain_bars(
            "sen_children_inclusive", "statistics.chart.sen_chain", "unit_axis.children", lang
        ),
    ]  # fmt: skip


def _context(lang: str) -> list:
    return [
        Cards(TOPIC_CARDS["context"]),
        Note("info", t("statistics.neet_age_caveat", lang)),
        status_bars(
            region_rows("neet_15_28_2021q2_by_region", lang),
            "statistics.chart.neet_regions",
            "unit_axis.percent",
            lang,
        ),
        series_trend("neet_15_28", "statistics.chart.neet_trend", "unit_axis.percent", lang),
    ]


_TOPIC_BLOCKS = {
    "offending": _offending,
    "against_children": _against_children,
    "trafficking_drugs": _trafficking_drugs,
    "inclusion": _inclusion,
    "context": _context,
}


def topic_blocks(topic: str, lang: str) -> list[Cards | Note | Heading | TableView | ChartView]:
    """What a topic tab of the Statistics page shows, in order: cards, notes, charts and
    tables, all in ``lang`` (its key message for the presentation view: :func:`key_message`)."""
    return _TOPIC_BLOCKS[topic](lang)


def status_names(lang: str) -> dict[str, str]:
    """The statuses the figures table holds, by id, named in ``lang`` (a filter's options: ids
    in the link, so it restores in any language)."""
    present = set(F.load_facts()["status"])
    return {s: t(f"status.{s}", lang) for s in F.STATUSES if s in present}


@dataclass(frozen=True)
class FactsTable:
    """The filtered table of every figure, its "n of N shown" line, its link column's name and
    its CSV file (name and separator: a comma in English, a semicolon where the comma is the
    decimal sign)."""

    frame: pd.DataFrame
    shown_text: str
    file_name: str
    link_column: str
    csv_separator: str


def facts_table(
    lang: str, *, topics: Sequence[str] = (), statuses: Sequence[str] = (), query: str = ""
) -> FactsTable:
    """:func:`all_facts_table` limited to topic and status ids and a search text."""
    table = all_facts_table(lang)
    shown = filter_table(table, topics=topics, statuses=statuses, query=query, lang=lang)
    return FactsTable(
        shown,
        t("statistics.rows_shown", lang, n=len(shown), total=len(table)),
        f"riskexplorer-facts-{lang}.csv",
        t("table.link", lang),
        "," if lang == "en" else ";",
    )
