"""The thin Streamlit layer shared by the pages: language, badges, figure cards, charts with
their source line and text summary. The only library module that imports streamlit."""

from __future__ import annotations

import html
from collections.abc import Iterable

import altair as alt
import pandas as pd
import streamlit as st

from riskexplorer import facts as F
from riskexplorer.i18n import DEFAULT_LANGUAGE, LANGUAGE_NAMES, LANGUAGES, normalize_language, t

#: Okabe–Ito colours (safe for colour-blind readers); status is always also written in words.
STATUS_BADGE: dict[str, tuple[str, str]] = {
    "confirmed": ("blue", ":material/check_circle:"),
    "corrected": ("orange", ":material/edit:"),
    "seed-only": ("gray", ":material/help:"),
    "contradicted": ("red", ":material/cancel:"),
    "reported": ("green", ":material/description:"),
}


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


def status_badge(status: str) -> str:
    """Markdown for a status badge: colour, icon and the status in words."""
    color, icon = STATUS_BADGE[status]
    return f":{color}-badge[{icon} {tr(f'status.{status}')}]"


def source_line(rows: pd.DataFrame | pd.Series) -> str:
    """Markdown "Source: …" naming each distinct source of ``rows`` with its link."""
    frame = rows.to_frame().T if isinstance(rows, pd.Series) else rows
    sources = F.load_sources()
    parts = []
    for source_id in dict.fromkeys(frame["source_id"]):
        src = sources.loc[source_id]
        text = f"{src['publisher']}, «{src['title']}»"
        if src["published"]:
            text += f", {src['published']}"
        if src["url"]:
            text += f" — [{src['via'] or src['url']}]({src['url']})"
        elif source_id == "seed":
            text = tr("sources.seed_short")
        parts.append(text)
    return tr("sources.source_prefix") + " " + "; ".join(parts)


def figure_card(row: pd.Series, *, help_extra: str = "") -> None:
    """A key figure as a metric with its period, status in words and colour, source and caveat."""
    language = lang()
    with st.container(border=True):
        st.metric(
            F.label(row, language),
            F.format_value(row, language),
            help=F.note(row, language) or None,
        )
        st.markdown(f"{status_badge(row['status'])} · {row['period'] or tr('facts.period_unknown')}")
        if not presenting():
            with st.popover(tr("facts.source_button"), width="stretch"):
                st.markdown(source_line(row))
                if note := F.note(row, language):
                    st.caption(note)
                for _, check in F.verification(row["id"]).iterrows():
                    st.markdown(
                        f"{tr('relation.' + check['relation'])}: **{F.format_value(check, language)}**"
                        f" ({check['period']}) — {source_line(check)}"
                    )
                if help_extra:
                    st.caption(help_extra)


def show_chart(chart: alt.TopLevelMixin, summary: str, sources: str, *, synthetic: bool = False) -> None:
    """A chart, then its one-line text summary (for screen readers and the room), then its source."""
    st.altair_chart(chart, width="stretch", alt=summary)
    prefix = f"**{tr('synthetic.badge')}** " if synthetic else ""
    st.markdown(prefix + summary)
    st.caption(sources)


def bullet_list(items: Iterable[str]) -> str:
    """Markdown bullets."""
    return "\n".join(f"- {item}" for item in items)


def escape(text: str) -> str:
    """HTML-escape user or data text placed inside ``unsafe_allow_html`` blocks."""
    return html.escape(text, quote=True)


BASE_CSS = """
<style>
/* Long labels and values wrap instead of being cut off with an ellipsis. */
[data-testid="stMetricLabel"] p, [data-testid="stMetricLabel"] div { white-space: normal !important; overflow: visible !important; text-overflow: clip !important; }
[data-testid="stMetricValue"] > div { white-space: normal !important; overflow: visible !important; text-overflow: clip !important; line-height: 1.15; }
[data-testid="stMetricValue"] { font-size: 1.75rem; max-width: 100%; }
[data-testid="stMetricValue"] * { max-width: 100%; overflow-wrap: anywhere; }
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
    """Wrapping metric text; in the presentation view, larger type for projecting."""
    st.html(BASE_CSS + (PRESENTATION_CSS if presenting() else ""))
