"""The briefing export: one standalone HTML file (no external scripts, opens offline) with the
current view's key figures, charts, assumptions, sources and statuses, dated, in one language;
and PNG/SVG images of single charts rendered with a font that has the Kazakh letters."""

from __future__ import annotations

import copy
import datetime as dt
import html
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import altair as alt
import pandas as pd
import vl_convert as vlc
from markdown_it import MarkdownIt

from riskexplorer import facts as F
from riskexplorer.i18n import t
from riskexplorer.statuses import STATUSES, style

D3_LOCALES = {"kk": "ru-RU", "ru": "ru-RU", "en": "en-US"}  # d3 has no kk-KZ; ru-RU writes 1 234,5


@cache
def _register_fonts() -> None:
    vlc.register_font_directory(str(resources.files("riskexplorer") / "fonts"))


ChartLike = alt.TopLevelMixin | dict


def _spec(chart: ChartLike) -> dict:
    spec = copy.deepcopy(chart) if isinstance(chart, dict) else chart.to_dict()
    spec.setdefault("config", {})["font"] = "DejaVu Sans"
    return spec


def chart_svg(chart: ChartLike, lang: str = "en") -> str:
    """The chart as SVG text, numbers formatted for ``lang``."""
    _register_fonts()
    return vlc.vegalite_to_svg(_spec(chart), format_locale=D3_LOCALES.get(lang, "en-US"))


def chart_png(chart: ChartLike, lang: str = "en", *, scale: float = 2.0) -> bytes:
    """The chart as a PNG image (DejaVu Sans, so ә ғ қ ң ө ұ ү һ і render), at ``scale``× size."""
    _register_fonts()
    return vlc.vegalite_to_png(
        _spec(chart), scale=scale, format_locale=D3_LOCALES.get(lang, "en-US")
    )


@dataclass(frozen=True)
class ChartItem:
    """A chart in a briefing, with the sentence that summarises it and its source line."""

    chart: alt.TopLevelMixin | dict
    summary: str
    source: str
    synthetic: bool = False


@dataclass
class Section:
    """One part of a briefing: a heading, text, figures, charts and tables."""

    heading: str
    paragraphs: list[str] = field(default_factory=list)
    figure_ids: list[str] = field(default_factory=list)
    charts: list[ChartItem] = field(default_factory=list)
    tables: list[tuple[str, pd.DataFrame]] = field(default_factory=list)
    slot: str = ""  # set for sections a fragment owns (see ui.briefing_slot)


@dataclass
class Briefing:
    """What a page exports: its title, the language, the sections and the link that reopens it."""

    title: str
    lang: str
    sections: list[Section] = field(default_factory=list)
    link: str = ""
    created: dt.datetime = field(default_factory=lambda: dt.datetime.now().astimezone())


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
.meta { color: #4D5560; }
@media print { body { margin: 0; max-width: none; } h2 { page-break-after: avoid; }
               figure, table { page-break-inside: avoid; } }
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


def _figures_table(ids: list[str], lang: str) -> str:
    facts = F.load_facts()
    head = "".join(
        f"<th>{_e(t(k, lang))}</th>"
        for k in (
            "table.figure",
            "table.value",
            "table.period",
            "table.status",
            "table.source",
            "table.note",
        )
    )
    rows = []
    for fact_id in ids:
        row = facts.loc[fact_id]
        status = row["status"]
        url = row["source_url"]
        source = _e(F.source_text(row["source_id"], lang)) + (
            f' — <a href="{_e(url)}">{_e(url)}</a>' if url else ""
        )
        for _, check in F.verification(fact_id).iterrows():
            # A briefing figure's status rests on these: put them beside it.
            link = check["source_url"]
            source += (
                f"<br>{_e(t('relation.' + check['relation'], lang))}: "
                f"<strong>{_e(F.format_value(check, lang))}</strong> ({_e(F.period(check, lang))})"
                f" — {_e(F.source_text(check['source_id'], lang))}"
                + (f' — <a href="{_e(link)}">{_e(link)}</a>' if link else "")
            )
        rows.append(
            "<tr>"
            f"<td>{_e(F.label(row, lang))}</td><td>{_e(F.format_value(row, lang))}</td>"
            f"<td>{_e(F.period(row, lang))}</td>"
            f'<td class="status status-{status}">{_e(t(f"status.{status}", lang))}</td>'
            f"<td>{source}</td><td>{_e(F.note(row, lang))}</td></tr>"
        )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _table(caption: str, frame: pd.DataFrame) -> str:
    head = "".join(f"<th>{_e(c)}</th>" for c in frame.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{_e('' if pd.isna(v) else v)}</td>" for v in row) + "</tr>"
        for row in frame.itertuples(index=False)
    )
    return f"<table><caption>{_e(caption)}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _chart(item: ChartItem, lang: str) -> str:
    svg = chart_svg(item.chart, lang)
    flag = f'<p class="synthetic">{_e(t("report.synthetic", lang))}</p>' if item.synthetic else ""
    return (
        f'<figure role="group" aria-label="{_e(item.summary)}">{flag}{svg}'
        f'<figcaption>{_e(item.summary)}<br><span class="source">{_e(item.source)}</span>'
        "</figcaption></figure>"
    )


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
    if briefing.link:
        parts.append(
            f'<p class="meta">{_e(t("report.link", lang))} <a href="{_e(briefing.link)}">'
            f"{_e(briefing.link)}</a></p>"
        )
    for section in briefing.sections:
        if section.heading:
            parts.append(f"<h2>{_e(section.heading)}</h2>")
        parts.extend(_markdown(p) for p in section.paragraphs)
        if section.figure_ids:
            parts.append(_figures_table(section.figure_ids, lang))
        parts.extend(_chart(item, lang) for item in section.charts)
        parts.extend(_table(caption, frame) for caption, frame in section.tables)
    parts.append(f"<h2>{_e(t('report.statuses', lang))}</h2><ul>")
    parts.extend(
        f'<li><span class="status status-{s}">{_e(t(f"status.{s}", lang))}</span>: '
        f"{_e(t(f'status_meaning.{s}', lang))}</li>"
        for s in F.STATUSES
    )
    parts.append(f'</ul><p class="meta">{_e(t("report.footer", lang))}</p></body></html>')
    return "\n".join(parts)
