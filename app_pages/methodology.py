"""Methodology and sources: every source, how figures were verified, the contradictions found,
the cautions for interpretation, and the ethics of the tool."""

import streamlit as st

from riskexplorer import facts as F
from riskexplorer.app import ui
from riskexplorer.views import figures as views

lang = ui.lang()
ui.title(ui.tr("methodology.title"))
ui.key_message(views.status_counts_message(lang))

ui.section(ui.tr("methodology.verification_heading"))
st.markdown(ui.tr("methodology.verification_body"))
st.markdown(
    ui.bullet_list(f"{ui.status_badge(s)} {ui.tr(f'status_meaning.{s}')}" for s in F.STATUSES)
)

ui.section(ui.tr("methodology.checks_heading"))
ui.table(views.checks_table(F.run_checks(), lang), ui.tr("methodology.checks_heading"))
st.markdown(
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

ui.section(ui.tr("methodology.sources_heading"))
ui.table(
    views.sources_table(lang),
    ui.tr("methodology.sources_heading"),
    column_config={
        ui.tr("table.link"): st.column_config.LinkColumn(ui.tr("table.link")),
    },
)

ui.section(ui.tr("methodology.ethics_heading"))
ui.paragraph(ui.tr("methodology.ethics_body"))
