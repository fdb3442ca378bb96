"""The thin Streamlit layer shared by the pages: language, badges, figure cards, charts with
their source line and text summary. The only library module that imports streamlit."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

import altair as alt
import pandas as pd
import streamlit as st

from riskexplorer import charts, report
from riskexplorer.i18n import DEFAULT_LANGUAGE, LANGUAGE_NAMES, LANGUAGES, normalize_language, t
from riskexplorer.statuses import style
from riskexplorer.views import figures as views


def lang() -> str:
    """The current language code (``kk``, ``ru`` or ``en``)."""
    return st.session_state.get("lang") or DEFAULT_LANGUAGE


def tr(key: str, /, **params) -> str:
    """:func:`riskexplorer.i18n.t` in the current language."""
    return t(key, lang(), **params)


def _choose_language() -> None:
    st.session_state["lang"] = st.session_state["lang_choice"]


def language_selector() -> str:
    """The sidebar language selector. The language lives in ``?lang=`` so a shared link opens in
    the same language; a first visit without it follows the browser, else Russian."""
    if not st.session_state.get("lang"):
        from_url = normalize_language(st.query_params.get("lang"))
        st.session_state["lang"] = (
            from_url or normalize_language(st.context.locale) or DEFAULT_LANGUAGE
        )
    st.session_state["lang_choice"] = st.session_state["lang"]
    st.sidebar.selectbox(
        "Тіл · Язык · Language",
        LANGUAGES,
        format_func=LANGUAGE_NAMES.get,
        key="lang_choice",
        on_change=_choose_language,
    )
    # Set on every run: a page switch through the sidebar drops the query string.
    st.query_params["lang"] = lang()
    return lang()


def presenting() -> bool:
    """Whether the presentation view (large type, no editing widgets) is on."""
    return bool(st.session_state.get("present"))


def key_message(text: str) -> None:
    """In the presentation view, the one message a section should leave with the room."""
    if presenting():
        st.success(f"### {text}", icon=":material/campaign:")


def status_badge(status: str) -> str:
    """Markdown for a status badge: colour, icon and the status in words."""
    look = style(status)
    return f":{look.badge_colour}-badge[{look.icon} {tr(f'status.{status}')}]"


def source_line(rows: pd.DataFrame | pd.Series) -> str:
    """Markdown "Source: …" naming each distinct source of ``rows`` with its link."""
    frame = rows.to_frame().T if isinstance(rows, pd.Series) else rows
    return views.source_line(tuple(dict.fromkeys(frame["source_id"])), lang())


# --- The briefing of the current view -----------------------------------------------------------
# Each run starts an empty briefing; headings, figure cards, charts and tables add themselves to it,
# so the download always holds exactly what the page shows.


def start_briefing() -> None:
    """Begin collecting this run's view (called by app.py before the page runs)."""
    st.session_state["_briefing"] = report.Briefing(title=tr("app.name"), lang=lang())
    st.session_state["_briefing_slot"] = None


def _briefing() -> report.Briefing:
    if "_briefing" not in st.session_state:
        start_briefing()
    return st.session_state["_briefing"]


def _slot() -> list | None:
    return st.session_state.get("_briefing_slot")


def _add_section(section: report.Section) -> report.Section:
    briefing, slot = _briefing(), _slot()
    if slot is None:
        briefing.sections.append(section)
    else:
        key, index, count = slot
        section.slot = key
        briefing.sections.insert(index + count, section)
        slot[2] += 1
    return section


def _section() -> report.Section:
    briefing, slot = _briefing(), _slot()
    if slot is not None:
        key, index, count = slot
        if count == 0:
            return _add_section(report.Section(heading=""))
        return briefing.sections[index + count - 1]
    if not briefing.sections:
        briefing.sections.append(report.Section(heading=briefing.title))
    return briefing.sections[-1]


@contextmanager
def briefing_slot(key: str) -> Iterator[None]:
    """Collect what a fragment shows into its own place in the briefing.

    A fragment reruns without the rest of the page, so whatever it added to the briefing last
    time is replaced where it stood, instead of being appended again.
    """
    briefing = _briefing()
    index = next(
        (i for i, s in enumerate(briefing.sections) if s.slot == key), len(briefing.sections)
    )
    briefing.sections[:] = [s for s in briefing.sections if s.slot != key]
    st.session_state["_briefing_slot"] = [key, index, 0]
    try:
        yield
    finally:
        st.session_state["_briefing_slot"] = None


def title(text: str) -> None:
    """The page title; it also titles the briefing."""
    st.title(text)
    _briefing().title = text


def section(text: str, *, render: bool = True) -> None:
    """A section heading; the briefing gets a matching section (``render=False`` where a tab
    already names it on screen)."""
    if render:
        st.header(text)
    _add_section(report.Section(heading=text))


def paragraph(text: str) -> None:
    """Markdown text that also goes into the briefing."""
    st.markdown(text)
    _section().paragraphs.append(text)


def table(frame: pd.DataFrame, caption: str, **kwargs) -> None:
    """A dataframe on the page and in the briefing (callers pass already-suppressed frames)."""
    st.dataframe(frame, hide_index=True, **kwargs)
    _section().tables.append((caption, frame))


def share_link() -> str:
    """The URL that reopens this view: the page plus every parameter in the query string."""
    base = st.context.url or ""
    params = st.query_params.to_dict()
    query = "&".join(f"{k}={v}" for k, v in sorted(params.items()))
    return f"{base}?{query}" if query else base


def briefing_controls() -> None:
    """Sidebar: the link to this view (with a copy button) and the briefing download."""
    link = share_link()
    briefing = _briefing()
    briefing.link = link
    # Opening the panel reruns the app, so the link is built from the URL as it is then (parts
    # of a page rerun alone as fragments and change the URL without a full rerun).
    share = st.sidebar.expander(
        tr("share.heading"), icon=":material/share:", key="share_open", on_change="rerun"
    )
    if share.open:
        with share:
            st.caption(tr("share.help"))
            st.code(link, language=None, wrap_lines=True)
    st.sidebar.download_button(
        tr("share.briefing"),
        data=lambda: report.render_html(briefing).encode("utf-8"),
        file_name=f"riskexplorer-{briefing.created:%Y-%m-%d}-{briefing.lang}.html",
        mime="text/html",
        on_click="ignore",
        icon=":material/download:",
        key="download_briefing",
        help=tr("share.briefing_help"),
    )


def figure_grid(fact_ids: Iterable[str]) -> None:
    """Figure cards in rows: four across at a desk, two when projected (large type)."""
    ids = list(fact_ids)
    per_row = 2 if presenting() else 4
    for start in range(0, len(ids), per_row):
        for column, fact_id in zip(st.columns(per_row), ids[start : start + per_row]):
            with column:
                figure_card(fact_id)


def figure_card(fact_id: str) -> None:
    """A key figure as a metric with its period, status in words and colour, source and caveat."""
    _section().figure_ids.append(fact_id)
    card = views.card(fact_id, lang())
    with st.container(border=True):
        st.metric(card.label, card.value, help=card.note or None)
        st.markdown(f"{status_badge(card.status)} · {card.period or tr('facts.period_unknown')}")
        if not presenting():
            with st.popover(tr("facts.source_button"), width="stretch"):
                st.markdown(card.source)
                if card.note:
                    st.caption(card.note)
                for line in card.checks:
                    st.markdown(line)


@st.cache_data(show_spinner=False, max_entries=2000)
def _chart_spec(builder: str, data: pd.DataFrame, options: dict) -> dict:
    # Building and validating an Altair chart costs ~50-90 ms; the spec of the same data and
    # options never changes, so each is built once and drawn from the cache afterwards.
    return getattr(charts, builder)(data, **options).to_dict()


def show_chart(
    builder: Callable[..., alt.TopLevelMixin],
    data: pd.DataFrame,
    *,
    summary: str,
    sources: str,
    synthetic: bool = False,
    key: str = "",
    cache: bool = True,
    **options,
) -> dict:
    """Draw ``builder(data, **options)`` (a function of :mod:`riskexplorer.charts`), then its
    one-line text summary (also the chart's accessible name), its source, and PNG/SVG downloads
    rendered on click. ``cache=False`` for anything derived from a user's upload. Returns the
    Vega-Lite spec."""
    # Charts of an upload are never cached: st.cache_data is shared by every session and
    # outlives them, and an uploaded table must not.
    spec = (
        _chart_spec(builder.__name__, data, options)
        if cache
        else builder(data, **options).to_dict()
    )
    st.vega_lite_chart(spec=spec, width="stretch", alt=summary)
    prefix = f"**{tr('synthetic.badge')}** " if synthetic else ""
    st.markdown(prefix + summary)
    st.caption(sources)
    _section().charts.append(report.ChartItem(spec, summary, sources, synthetic))
    if key and not presenting():
        language = lang()
        images = (
            ("png", "share.png", "image/png", report.chart_png),
            ("svg", "share.svg", "image/svg+xml", report.chart_svg),
        )
        for column, (ext, label, mime, render) in zip(st.columns(len(images), width=360), images):
            column.download_button(
                tr(label),
                data=lambda render=render: render(spec, language),
                file_name=f"{key}-{language}.{ext}",
                mime=mime,
                on_click="ignore",
                key=f"{ext}_{key}",
                icon=":material/image:",
            )
    return spec


def bullet_list(items: Iterable[str]) -> str:
    """Markdown bullets."""
    return "\n".join(f"- {item}" for item in items)


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|$<>:~])")


def plain(text: object) -> str:
    """Text from an upload (a column name, a value, a sheet or file name) made inert for every
    element that renders Markdown (markdown, labels, help, captions, errors, metric labels):
    Markdown, LaTeX (``$``), colour directives (``:red[…]``), links and images and HTML are
    backslash-escaped, and ``&`` becomes ``&amp;`` so no entity is formed. Use it on *every*
    upload-derived string that reaches such an element."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text).replace("&", "&amp;"))


def escape(text: str) -> str:
    """HTML-escape user or data text placed inside ``unsafe_allow_html`` blocks."""
    return html.escape(text, quote=True)


BASE_CSS = """
<style>
/* Long labels and values wrap instead of being cut off with an ellipsis. */
[data-testid="stMetricLabel"] p, [data-testid="stMetricLabel"] div { white-space: normal !important; overflow: visible !important; text-overflow: clip !important; }
[data-testid="stMetricValue"] > div { white-space: normal !important; overflow: visible !important; text-overflow: clip !important; line-height: 1.15; }
[data-testid="stMetricValue"] { font-size: 1.75rem; max-width: 100%; }
[data-testid="stMetricValue"] * { max-width: 100%; overflow-wrap: anywhere; white-space: normal !important; }
</style>
"""

PRESENTATION_CSS = """
<style>
html { font-size: 22px; }
[data-testid="stMetricValue"] { font-size: 2.2rem; }
[data-testid="stSidebar"] [data-testid="stWidgetLabel"] { font-size: 1rem; }
</style>
"""


def apply_style() -> None:
    """Wrapping metric text; in the presentation view, larger type for projecting. Also sets
    the document's language, so screen readers pronounce Kazakh and Russian text correctly
    (WCAG 3.1.1); the code is one of three fixed values, never user text."""
    st.html(BASE_CSS + (PRESENTATION_CSS if presenting() else ""))
    code = lang() if lang() in LANGUAGES else DEFAULT_LANGUAGE
    st.html(
        f"<script>document.documentElement.lang = '{code}';</script>", unsafe_allow_javascript=True
    )
