"""Methodology and sources: every source, how figures were verified, the contradictions found,
the cautions for interpretation, and the ethics of the tool."""

import streamlit as st

from riskexplorer import facts as F
from riskexplorer import ui, views

lang = ui.lang()
st.title(ui.tr("methodology.title"))

st.header(ui.tr("methodology.verification_heading"))
st.markdown(ui.tr("methodology.verification_body"))
st.markdown(ui.bullet_list(
    f"{ui.status_badge(s)} {ui.tr(f'status_meaning.{s}')}" for s in F.STATUSES
))

st.header(ui.tr("methodology.checks_heading"))
st.dataframe(views.checks_table(F.run_checks(), lang), hide_index=True)
st.markdown(ui.bullet_list(
    ui.tr("methodology.derived_item", label=ui.tr(f"derived.{d.id}"), formula=d.formula,
          value=views.format_derived(d, lang))
    for d in F.derived_figures().values()
))

st.header(ui.tr("methodology.contradictions_heading"))
st.markdown(ui.tr("methodology.contradictions_body"))

st.header(ui.tr("methodology.cautions_heading"))
st.markdown(ui.tr("methodology.cautions_body"))

st.header(ui.tr("methodology.sources_heading"))
st.dataframe(views.sources_table(lang), hide_index=True, column_config={
    ui.tr("table.link"): st.column_config.LinkColumn(ui.tr("table.link")),
})

st.header(ui.tr("methodology.ethics_heading"))
st.markdown(ui.tr("methodology.ethics_body"))
