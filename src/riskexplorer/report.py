"""The briefing export: one standalone HTML file (no external scripts, opens offline) with the
current view's key figures, charts, assumptions, sources and statuses, dated, in one language;
and PNG/SVG images of single charts rendered with a font that has the Kazakh letters."""

from __future__ import annotations

import copy
import datetime as dt
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from urllib.parse import urlencode

import altair as alt
import pandas as pd
import vl_convert as vlc
from markdown_it import MarkdownIt

from riskexplorer import charts
from riskexplorer import facts as F
from riskexplorer.i18n import t
from riskexplorer.statuses import STATUSES, style

D3_LOCALES = {"kk": "ru-RU", "ru": "ru-RU", "en": "en-US"}  # d3 has no kk-KZ; ru-RU writes 1 234,5


@cache
def _register_fonts() -> None:
    vlc.register_font_directory(str(resources.files("riskexplorer") / "fonts"))


ChartLike = alt.TopLevelMixin | dict


#: Width of a chart in the summary (px): a printed A4 page holds about 680 px of text width.
EXPORT_WIDTH = 640


def _spec(chart: ChartLike, lang: str = "en") -> dict:
    spec = copy.deepcopy(chart) if isinstance(chart, dict) else chart.to_dict()
    spec = charts.localized(spec, lang)
    spec.setdefault("config", {})["font"] = "DejaVu Sans"
    # A chart drawn to the page's width in the browser has no width of its own; on paper it
    # gets the text's width, so a heatmap is not squeezed and its labels do not overlap.
    if not isinstance(spec.get("width"), int | float) and "hconcat" not in spec:
        spec["width"] = EXPORT_WIDTH
    return spec


def chart_svg(chart: ChartLike, lang: str = "en") -> str:
    """The chart as SVG text, numbers formatted for ``lang``."""
    _register_fonts()
    return vlc.vegalite_to_svg(_spec(chart, lang), format_locale=D3_LOCALES.get(lang, "en-US"))


def chart_png(chart: ChartLike, lang: str = "en", *, scale: float = 2.0) -> bytes:
    """The chart as a PNG image (DejaVu Sans, so ә ғ қ ң ө ұ ү һ і render), at ``scale``× size."""
    _register_fonts()
    return vlc.vegalite_to_png(
        _spec(chart, lang), scale=scale, format_locale=D3_LOCALES.get(lang, "en-US")
    )


@dataclass(frozen=True)
class ChartItem:
    """A chart in a briefing, with the sentence that summarises it and its source line."""

    chart: alt.TopLevelMixin | dict
    summary: str
    source: str
    synthetic: bool = False


@dataclass(frozen=True)
class Note:
    """A boxed message the page shows — ``kind`` is ``warning``, ``info``, ``success``,
    ``error`` or ``caption`` — kept in the summary where it stood."""

    kind: str
    text: str


@dataclass(frozen=True)
class Subheading:
    text: str


@dataclass(frozen=True)
class Text:
    markdown: str


@dataclass(frozen=True)
class Figures:
    ids: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    caption: str
    frame: pd.DataFrame
    #: The columns printed on paper (all when ``None``); the file on screen keeps every one.
    print_columns: tuple[str, ...] | None = None


Block = Note | Subheading | Text | Figures | Table | ChartItem


@dataclass
class Section:
    """One part of a briefing: a heading, then what the page showed under it, in order
    (``blocks``). ``paragraphs``, ``figure_ids``, ``charts`` and ``tables`` are the older way
    of filling a section; they are rendered first."""

    heading: str
    paragraphs: list[str] = field(default_factory=list)
    figure_ids: list[str] = field(default_factory=list)
    charts: list[ChartItem] = field(default_factory=list)
    tables: list[tuple[str, pd.DataFrame]] = field(default_factory=list)
    slot: str = ""  # set for sections a fragment owns (see ui.briefing_slot)
    blocks: list[Block] = field(default_factory=list)

    def add(self, block: Block) -> None:
        """Append ``block``; consecutive figure cards join one table."""
        if isinstance(block, Figures) and self.blocks and isinstance(self.blocks[-1], Figures):
            self.blocks[-1] = Figures(self.blocks[-1].ids + block.ids)
        else:
            self.blocks.append(block)


@dataclass
class Briefing:
    """What a page exports: its title, the language, the sections and the link that reopens it.

    ``link`` is the link given, else the one built from ``base_url`` and ``params`` (the
    widgets' values, updated as they change — also by a fragment's rerun — so the summary
    always embeds the link of what it shows)."""

    title: str
    lang: str
    sections: list[Section] = field(default_factory=list)
    link: str = ""
    created: dt.datetime = field(default_factory=lambda: dt.datetime.now().astimezone())
    base_url: str = ""
    params: dict[str, list[str]] = field(default_factory=dict)

    def current_link(self) -> str:
        """The link that reopens this view (see :func:`build_link`)."""
        return self.link or build_link(self.base_url, self.params)


def build_link(base_url: str, params: dict[str, list[str]]) -> str:
    """``base_url`` with ``params`` as a URL-encoded query string, one repeated parameter per
    value of a multi-value widget.

    >>> build_link("http://localhost:8501/statistics", {"lang": ["ru"], "q": ["а & б"],
    ...            "topics": ["offending", "inclusion"]})
    'http://localhost:8501/statistics?lang=ru&q=%D0%B0+%26+%D0%B1&topics=offending&topics=inclusion'
    """
    query = urlencode([(k, v) for k, values in params.items() for v in values])
    base = base_url.split("?", 1)[0].split("#", 1)[0]
    return f"{base}?{query}" if query else base


CSS = """
body { font-family: "DejaVu Sans", Arial, sans-serif; color: #14181F; max-width: 60rem;
       margin: 2rem auto; padding: 0 1rem; line-height: 1.5; font-size: 16px; }
h1 { font-size: 1.8rem; margin-bottom: .2rem; } h2 { font-size: 1.35rem; margin-top: 2rem;
     border-bottom: 2px solid #0B4F8A; padding-bottom: .2rem; }
table { border-collapse: collapse; width: 100%; margin: .8rem 0; font-size: .92rem; }
th, td { border: 1px solid #B8C2CF; padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #F1F4F8; }
.status { font-weight: bold; white-space: nowrap; }
.synthetic { background: #FFF3CD; border-left: 4px solid #7A4800; padding: .4rem .6rem; }
figure { margin: 1rem 0; } figure svg { max-width: 100%; height: auto; }
figcaption { font-size: .95rem; } .source { color: #4D5560; font-size: .85rem; }
.meta { color: #4D5560; } .print-only { display: none; }
h3 { font-size: 1.1rem; margin: 1.2rem 0 .3rem; }
.note { border-left: 4px solid #4D5560; padding: .35rem .7rem; margin: .7rem 0; background: #F6F7F9; }
.note p { margin: .2rem 0; } .note-warning { border-color: #A86400; background: #FFF6E5; }
.note-error { border-color: #A12A1E; background: #FDECEA; } .note-info { border-color: #005A8F; }
.note-success { border-color: #00664D; } .caption { color: #4D5560; font-size: .88rem; }
td.note-cell { font-size: .82rem; color: #333A44; }
table.figures th:nth-child(1) { width: 46%; } table.figures th:nth-child(2) { width: 16%; }
table.figures th:nth-child(3) { width: 12%; } table.figures th:nth-child(4) { width: 11%; }
@page { size: A4; margin: 10mm 11mm 11mm; }
/* On paper a brief (issue 12: one to three A4 pages a view): smaller type, compact tables whose
   rows, not whole tables, stay together, notes and sources in small print, charts no taller than
   a third of the page (their text stays >= 7 pt), the status legend in one paragraph. */
@media print { body { margin: 0; max-width: none; font-size: 9pt; line-height: 1.25; }
               h1 { font-size: 14pt; margin: 0 0 .1rem; } h2 { font-size: 11.5pt; margin: .7rem 0 .25rem; }
               h3 { font-size: 10pt; margin: .45rem 0 .15rem; } p, ul { margin: .2rem 0; }
               h2, h3 { page-break-after: avoid; break-after: avoid; }
               table { font-size: 7.5pt; margin: .3rem 0; page-break-inside: auto; }
               th, td { padding: .08rem .25rem; } thead { display: table-header-group; }
               tr, figure, .note { page-break-inside: avoid; break-inside: avoid; }
               .note { font-size: 8pt; padding: .15rem .45rem; margin: .3rem 0; }
               .caption, td.note-cell, .source, figcaption, .meta { font-size: 7pt; }
               figure { margin: .3rem 0; } figcaption { line-height: 1.2; }
               figure svg { max-height: 64mm; width: auto; max-width: 100%; }
               ul.statuses { padding: 0; font-size: 7pt; } ul.statuses li { display: inline; }
               ul.statuses li + li::before { content: " · "; }
               table.figures { table-layout: fixed; width: 100%; }
               table.figures th:nth-child(1) { width: 30%; } table.figures th:nth-child(2) { width: 14%; }
               table.figures th:nth-child(3) { width: 11%; } table.figures th:nth-child(4) { width: 13%; }
               table.figures th:nth-child(5) { width: 32%; }
               table.figures td { overflow-wrap: anywhere; hyphens: auto; }
               .screen-only { display: none; } .print-only { display: block; }
               a { color: inherit; } }
"""


_MD = MarkdownIt("commonmark", {"html": False})  # raw HTML in the text is escaped, not passed on


def _status_css() -> str:
    """Each status's text colour, from ``data/statuses.csv``."""
    return " ".join(f".status-{s} {{ color: {style(s).text_colour}; }}" for s in STATUSES)


def _markdown(text: str) -> str:
    """The page's Markdown as HTML (headings, bold, lists, links); Streamlit's :color[...] and
    :material/...: directives are dropped to their text."""
    text = re.sub(r":[a-z]+-badge\[(.*?)\]", r"\1", text)
    text = re.sub(r":material/[a-z_]+:\s?", "", text)
    return _MD.render(text)


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _inline(text: str) -> str:
    return _MD.renderInline(re.sub(r":[a-z]+-badge\[(.*?)\]", r"\1", text))


def _figures_table(ids: list[str], lang: str) -> str:
    """The figure cards as one table: the value as the card shows it (a corrected figure's
    latest official count, with the briefing's value under it), period, status, source and the
    caveat."""
    from riskexplorer.views import figures as views  # views do not import this module

    head = "".join(
        f"<th>{_e(t(k, lang))}</th>"
        for k in ("table.figure", "table.value", "table.period", "table.status", "table.source")
    )
    rows = []
    for fact_id in ids:
        card = views.card(fact_id, lang)
        value = f"<strong>{_e(card.value)}</strong>"
        if card.briefing:
            value += f'<br><span class="caption">{_e(card.briefing)}</span>'
        # A brief, not the record: the source of the value shown, and — for a briefing figure —
        # who confirms, corrects or contradicts it (its status rests on them), in one short line.
        lines = dict.fromkeys(
            f"{t('relation.' + check['relation'], lang)}: "
            f"{F.source_publisher(check['source_id'], lang)} ({F.period(check, lang)})"
            for _, check in F.verification(fact_id).iterrows()
        )
        checks = "".join(f'<br><span class="caption">{_e(line)}</span>' for line in lines)
        note = f'<br><span class="caption">{_e(card.note)}</span>' if card.note else ""
        rows.append(
            "<tr>"
            f"<td>{_e(card.label)}{note}</td><td>{value}</td>"
            f"<td>{_e(card.period or t('facts.period_unknown', lang))}</td>"
            f'<td class="status status-{card.status}">{_e(t(f"status.{card.status}", lang))}</td>'
            f'<td class="note-cell">{_inline(card.source)}{checks}</td></tr>'
        )
    return (
        f'<table class="figures"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody>'
        "</table>"
    )


#: Rows of a table printed on paper; a longer table prints these and says how many it holds
#: (the file on screen keeps every row).
PRINTED_ROWS = 15


def _table(
    caption: str, frame: pd.DataFrame, lang: str = "en", print_columns: Sequence[str] | None = None
) -> str:
    printed = [print_columns is None or c in print_columns for c in frame.columns]
    cls = ["" if keep else ' class="screen-only"' for keep in printed]
    head = "".join(f"<th{k}>{_e(c)}</th>" for c, k in zip(frame.columns, cls, strict=True))
    body = "".join(
        ("<tr>" if i < PRINTED_ROWS else '<tr class="screen-only">')
        + "".join(
            f"<td{k}>{_e('' if pd.isna(v) else v)}</td>" for v, k in zip(row, cls, strict=True)
        )
        + "</tr>"
        for i, row in enumerate(frame.itertuples(index=False))
    )
    table = f"<table><caption>{_e(caption)}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    notes = []
    if len(frame) > PRINTED_ROWS:
        notes.append(t("report.print.rows", lang, n=PRINTED_ROWS, total=len(frame)))
    if not all(printed):
        notes.append(t("report.print.columns", lang, n=sum(printed), total=len(printed)))
    if notes:
        table += f'<p class="print-only caption">{_e(" ".join(notes))}</p>'
    return table


def _chart(item: ChartItem, lang: str) -> str:
    svg = chart_svg(item.chart, lang)
    flag = f'<p class="synthetic">{_e(t("report.synthetic", lang))}</p>' if item.synthetic else ""
    return (
        f'<figure role="group" aria-label="{_e(item.summary)}">{flag}{svg}'
        f'<figcaption>{_e(item.summary)}<br><span class="source">{_e(item.source)}</span>'
        "</figcaption></figure>"
    )


#: How a screen reader names each kind of boxed message in the summary.
NOTE_LABELS = {
    "warning": "export.note_warning",
    "info": "export.note_info",
    "success": "export.note_success",
    "error": "export.note_error",
}


def _block(block: Block, lang: str) -> str:
    if isinstance(block, Text):
        return _markdown(block.markdown)
    if isinstance(block, Subheading):
        return f"<h3>{_e(block.text)}</h3>"
    if isinstance(block, Note):
        if block.kind == "caption":
            return f'<div class="caption">{_markdown(block.text)}</div>'
        label = _e(t(NOTE_LABELS.get(block.kind, "export.note_info"), lang))
        return (
            f'<div class="note note-{_e(block.kind)}" role="note" aria-label="{label}">'
            f"{_markdown(block.text)}</div>"
        )
    if isinstance(block, Figures):
        return _figures_table(list(block.ids), lang)
    if isinstance(block, Table):
        return _table(block.caption, block.frame, lang, block.print_columns)
    return _chart(block, lang)


def render_html(briefing: Briefing) -> str:
    """The briefing as one self-contained HTML document (inline CSS and SVG, no scripts)."""
    lang = briefing.lang
    when = briefing.created.strftime("%Y-%m-%d %H:%M")
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{_e(lang)}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(briefing.title)}</title><style>{CSS}{_status_css()}</style></head><body>",
        f"<h1>{_e(briefing.title)}</h1>",
        f'<p class="meta">{_e(t("report.created", lang, date=when))}</p>',
        f"<p>{_e(t('report.purpose', lang))}</p>",
    ]
    link = briefing.current_link()
    if link:
        parts.append(
            f'<p class="meta">{_e(t("report.link", lang))} <a href="{_e(link)}">{_e(link)}</a></p>'
        )
    for section in briefing.sections:
        if section.heading and section.heading != briefing.title:  # the title is the h1
            parts.append(f"<h2>{_e(section.heading)}</h2>")
        parts.extend(_markdown(p) for p in section.paragraphs)
        if section.figure_ids:
            parts.append(_figures_table(section.figure_ids, lang))
        parts.extend(_chart(item, lang) for item in section.charts)
        parts.extend(_table(caption, frame, lang) for caption, frame in section.tables)
        parts.extend(_block(block, lang) for block in section.blocks)
    parts.append(f'<h2>{_e(t("report.statuses", lang))}</h2><ul class="statuses">')
    parts.extend(
        f'<li><span class="status status-{s}">{_e(t(f"status.{s}", lang))}</span>: '
        f"{_e(t(f'status_meaning.{s}', lang))}</li>"
        for s in F.STATUSES
    )
    parts.append(f'</ul><p class="meta">{_e(t("report.footer", lang))}</p></body></html>')
    return "\n".join(parts)
