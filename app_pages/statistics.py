"""Documented statistics by topic: figures with their status, seed claims beside their
corrections, the documented trends, and a filterable table of every figure."""

import streamlit as st

from riskexplorer import charts, privacy
from riskexplorer import facts as F
from riskexplorer.app import ui
from riskexplorer.views import figures as views

lang = ui.lang()
TIPS = views.tooltip_titles(lang)
BAR_COLUMNS = ["label", "value", "value_text", "status", "status_text", "period", "source"]
TREND_COLUMNS = ["date", "period", "value", "value_text", "short_text", "kind", "source"]
PART_COLUMNS = ["label", "group", "value", "value_text", "status_text", "source"]


def bars(rows, title_key: str, value_key: str, summary: str | None = None) -> None:
    """Bars of figures coloured by status, with summary, source and image downloads."""
    ui.show_chart(
        charts.figures_bar,
        rows[BAR_COLUMNS],
        summary=summary or views.summary_bars(rows, lang),
        sources=ui.source_line(rows),
        key=title_key.rsplit(".", 1)[-1],
        title=ui.tr(title_key),
        value_title=ui.tr(value_key),
        status_text=views.status_texts(lang),
        status_title=ui.tr("chart.status"),
        tooltip_titles=TIPS,
    )


def chain(seed_id: str, title_key: str, value_key: str) -> None:
    """A seed figure beside the independent figures that confirm or correct it."""
    rows = views.correction_chain(seed_id, lang)
    bars(rows, title_key, value_key, summary=views.summary_chain(rows, lang))


def trend(rows, title_key: str, value_key: str, sources) -> None:
    """Documented points over time; bounds and derived points keep their own marks."""
    ui.show_chart(
        charts.trend,
        rows[TREND_COLUMNS],
        summary=views.summary_trend(rows, lang),
        sources=ui.source_line(sources),
        key=title_key.rsplit(".", 1)[-1],
        title=ui.tr(title_key),
        value_title=ui.tr(value_key),
        kind_title=ui.tr("chart.kind"),
        tooltip_titles=TIPS,
        kind_order=views.kind_order(lang),
    )


ui.title(ui.tr("statistics.title"))
st.markdown(ui.tr("statistics.intro"))


def topic_offending() -> None:
    ui.figure_grid(views.TOPIC_CARDS["offending"])
    derived = F.derived_figures()["teen_crimes_minor_medium"]
    st.markdown(
        ui.tr(
            "statistics.derived_minor_medium",
            value=views.format_derived(derived, lang),
            formula=derived.formula,
        )
    )
    ui.warning(ui.tr("statistics.neet_contradiction"))
    trend(
        views.liable_trend(lang),
        "statistics.chart.liable_trend",
        "unit_axis.persons",
        F.series("minors_prosecuted_jan_sep"),
    )
    local = views.figures(
        (
            "kostanay_teen_crimes_2025",
            "kostanay_college_share_2025",
            "kostanay_schoolchildren_crimes_2025",
            "district_crimes_college",
            "district_crimes_school",
            "district_crimes_non_student",
        ),
        lang,
    )
    ui.subheader(ui.tr("statistics.local_reports"))
    ui.table(
        local[["label", "value_text", "geography", "period", "status_text"]].rename(
            columns={
                "label": ui.tr("table.figure"),
                "value_text": ui.tr("table.value"),
                "geography": ui.tr("table.geography"),
                "period": ui.tr("table.period"),
                "status_text": ui.tr("table.status"),
            }
        ),
        ui.tr("statistics.local_reports"),
    )
    ui.caption(ui.tr("statistics.local_suppressed") + " " + ui.source_line(local))
    bars(
        views.region_rows("minors_liable_2023_7m_by_region", lang),
        "statistics.chart.liable_2023_regions",
        "unit_axis.persons",
    )


def topic_against_children() -> None:
    ui.figure_grid(views.TOPIC_CARDS["against_children"])
    ui.warning(ui.tr("statistics.code_change_caveat"))
    rows = views.series_rows("offences_vs_minors_jan_oct", lang)
    trend(rows, "statistics.chart.offences_trend", "unit_axis.offences", rows)
    bars(
        views.series_rows("offences_vs_minors_jan_may_by_gravity", lang),
        "statistics.chart.jan_may_gravity",
        "unit_axis.offences",
    )
    bars(
        views.region_rows("offences_vs_minors_jan_may_by_region", lang),
        "statistics.chart.jan_may_regions",
        "unit_axis.offences",
    )
    ui.caption(ui.tr("statistics.year_not_stated"))


def topic_trafficking_drugs() -> None:
    ui.figure_grid(views.TOPIC_CARDS["trafficking_drugs"])
    chain("trafficking_victims_assisted", "statistics.chart.victims_chain", "unit_axis.persons")
    ui.info(ui.tr("statistics.trafficking_caveat"))


def topic_inclusion() -> None:
    ui.figure_grid(views.TOPIC_CARDS["inclusion"])
    chain(
        "special_institutions_total",
        "statistics.chart.institutions_chain",
        "unit_axis.institutions",
    )
    parts = views.institution_parts(lang)
    ui.show_chart(
        charts.grouped_bars,
        parts[PART_COLUMNS],
        summary=views.summary_parts(parts, lang),
        sources=ui.source_line(parts),
        key="institution_parts",
        title=ui.tr("statistics.chart.institution_parts"),
        value_title=ui.tr("unit_axis.institutions"),
        group_title=ui.tr("chart.edition"),
        tooltip_titles=TIPS,
    )
    chain("teacher_assistants", "statistics.chart.assistants_chain", "unit_axis.persons")
    chain("sen_children_inclusive", "statistics.chart.sen_chain", "unit_axis.children")


def topic_context() -> None:
    ui.figure_grid(views.TOPIC_CARDS["context"])
    ui.info(ui.tr("statistics.neet_age_caveat"))
    bars(
        views.region_rows("neet_15_28_2021q2_by_region", lang),
        "statistics.chart.neet_regions",
        "unit_axis.percent",
    )
    rows = views.series_rows("neet_15_28", lang)
    trend(rows, "statistics.chart.neet_trend", "unit_axis.percent", rows)


TOPICS = {
    "offending": topic_offending,
    "against_children": topic_against_children,
    "trafficking_drugs": topic_trafficking_drugs,
    "inclusion": topic_inclusion,
    "context": topic_context,
}
# Bound to the URL: only the open tab runs (a rerun draws one topic, not five), and a shared
# link opens on the same topic.
tabs = st.tabs([ui.tr(f"topic.{t}") for t in TOPICS], key="st_topic", bind="query-params")
for (topic, show), tab in zip(TOPICS.items(), tabs):
    if tab.open:
        with tab:
            ui.section(ui.tr(f"topic.{topic}"), render=False)
            ui.key_message(views.key_message(topic, lang))
            show()

if not ui.presenting():  # browsing the whole table is for the desk, not the projector
    ui.section(ui.tr("statistics.all_figures"))
    table = views.all_facts_table(lang)
    filters = st.columns([2, 2, 3])
    topic_col, status_col = ui.tr("table.topic"), ui.tr("table.status")
    chosen_topics = filters[0].multiselect(
        topic_col,
        sorted(table[topic_col].unique()),
        key="st_topics",
        bind="query-params",
        placeholder=ui.tr("app.choose"),
    )
    chosen_status = filters[1].multiselect(
        status_col,
        sorted(table[status_col].unique()),
        key="st_status",
        bind="query-params",
        placeholder=ui.tr("app.choose"),
    )
    query = filters[2].text_input(ui.tr("statistics.search"), key="st_search", bind="query-params")
    shown = views.filter_table(
        table, topics=chosen_topics, statuses=chosen_status, query=query, lang=lang
    )
    st.dataframe(
        shown,
        hide_index=True,
        column_config={
            ui.tr("table.link"): st.column_config.LinkColumn(
                ui.tr("table.link"), display_text="🔗"
            ),
        },
    )
    ui.caption(ui.tr("statistics.rows_shown", n=len(shown), total=len(table)))
    st.download_button(
        ui.tr("statistics.download_csv"),
        lambda: privacy.to_safe_csv(shown, lang=lang, sep="," if lang == "en" else ";"),
        file_name=f"riskexplorer-facts-{lang}.csv",
        mime="text/csv",
        key="download_facts",
        on_click="ignore",
    )
