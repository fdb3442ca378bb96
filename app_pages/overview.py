"""Overview: what the tool is for, the key figures with their status, and how to read them."""

import streamlit as st

from riskexplorer import facts as F
from riskexplorer.app import ui
from riskexplorer.views import figures as views

ui.title(ui.tr("overview.title"))
st.markdown(ui.tr("app.tagline"))

purpose, not_purpose = st.columns(2)
with purpose, st.container(border=True):
    st.subheader(ui.tr("overview.for_heading"))
    st.markdown(ui.tr("overview.for_body"))
with not_purpose, st.container(border=True):
    st.subheader(ui.tr("overview.not_for_heading"))
    st.markdown(ui.tr("overview.not_for_body"))

ui.section(ui.tr("overview.key_figures"))
if ui.presenting():
    st.info(ui.tr("overview.key_message"))
ui.figure_grid(views.OVERVIEW_CARDS)

checks = F.run_checks()
failed = [c for c in checks if not c.passed]
if failed:
    st.error(ui.tr("overview.checks_failed", n=len(failed), total=len(checks)))
else:
    st.success(ui.tr("overview.checks_passed", total=len(checks)))

ui.section(ui.tr("overview.how_to_read"))
st.markdown(ui.tr("overview.how_to_read_body"))
st.markdown(
    ui.bullet_list(f"{ui.status_badge(s)} {ui.tr(f'status_meaning.{s}')}" for s in F.STATUSES)
)
st.caption(ui.tr("overview.synthetic_note"))
