"""Methodology and sources: every source, how figures were verified, the contradictions found,
the cautions for interpretation, the measures in plain words, and the ethics of the tool."""

import streamlit as st

from riskexplorer import facts as F
from riskexplorer.app import ui
from riskexplorer.views import figures as views
from riskexplorer.views import glossary

lang = ui.lang()
ui.title(ui.tr("methodology.title"))
ui.key_message(views.status_counts_message(lang))

ui.section(ui.tr("methodology.verification_heading"))
ui.paragraph(ui.tr("methodology.verification_body"))
ui.paragraph(
    ui.bullet_list(f"{ui.status_badge(s)} {ui.tr(f'status_meaning.{s}')}" for s in F.STATUSES)
)

ui.section(ui.tr("methodology.checks_heading"))
ui.table(views.checks_table(F.run_checks(), lang), ui.tr("methodology.checks_heading"))
ui.paragraph(
    ui.bullet_list(
        ui.tr(
            "methodology.derived_item",
            label=ui.tr(f"derived.{d.id}"),
            formula=d.formula,
            value=views.format_derived(d, lang),
        )
        for d in F.derived_figures().values()
    )
)

ui.section(ui.tr("methodology.contradictions_heading"))
ui.paragraph(ui.tr("methodology.contradictions_body"))

ui.section(ui.tr("methodology.cautions_heading"))
ui.paragraph(ui.tr("methodology.cautions_body"))

ui.section(ui.tr("glossary.heading"))
ui.paragraph(ui.bullet_list(glossary.entries(lang)))

ui.section(ui.tr("methodology.sources_heading"))
if ui.presenting():  # the room needs the sources named, not a filter
    shown = views.sources_table(lang)
else:
    topic_col, search_col = st.columns([3, 2])
    with topic_col:
        topics = ui.multiselect(
            ui.tr("sources_filter.topics"),
            views.topic_names(lang),
            key="mt_topics",
            placeholder=ui.tr("sources_filter.topics"),
        )
    with search_col:
        query = ui.text_input(ui.tr("sources_filter.search"), key="mt_search")
    shown = views.filter_sources(lang, topics=topics, query=query)
    ui.caption(ui.tr("sources_filter.shown", n=len(shown), total=len(views.sources_table(lang))))
ui.table(
    shown,
    ui.tr("methodology.sources_heading"),
    column_config={
        ui.tr("table.link"): st.column_config.LinkColumn(ui.tr("table.link")),
    },
)

ui.section(ui.tr("methodology.ethics_heading"))
ui.paragraph(ui.tr("methodology.ethics_body"))
