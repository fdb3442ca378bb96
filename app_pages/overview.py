"""Overview: the short answer first, then what the tool is for, the key figures with their
status, and how to read them."""

import streamlit as st

from riskexplorer import facts as F
from riskexplorer.app import ui
from riskexplorer.views import figures as views
from riskexplorer.views import messages

lang = ui.lang()
ui.title(ui.tr("overview.title"))

# The answer a deputy akim came for, on the first screen, in every view: one entry per page
# that registered one (views/messages.py), each built from the figures.
with st.container(border=True, key="short_answer"):
    ui.subheader(ui.tr("answer.heading"))
    ui.paragraph(ui.bullet_list(messages.short_answer(lang)))
    ui.caption(ui.tr("answer.how_built"))

if not ui.presenting():
    st.markdown(ui.tr("app.tagline"))
    purpose, not_purpose = st.columns(2)
    with purpose, st.container(border=True):
        ui.subheader(ui.tr("overview.for_heading"))
        ui.paragraph(ui.tr("overview.for_body"))
    with not_purpose, st.container(border=True):
        ui.subheader(ui.tr("overview.not_for_heading"))
        ui.paragraph(ui.tr("overview.not_for_body"))

ui.section(ui.tr("overview.key_figures"))
st.markdown(ui.tr("overview.key_message"))
ui.figure_grid(views.OVERVIEW_CARDS)

checks = F.run_checks()
failed = [c for c in checks if not c.passed]
if failed:
    ui.error(ui.tr("overview.checks_failed", n=len(failed), total=len(checks)))
else:
    ui.success(ui.tr("overview.checks_passed", total=len(checks)))

if not ui.presenting():
    ui.section(ui.tr("overview.how_to_read"))
    st.markdown(ui.tr("overview.how_to_read_body"))
    st.markdown(
        ui.bullet_list(f"{ui.status_badge(s)} {ui.tr(f'status_meaning.{s}')}" for s in F.STATUSES)
    )
    ui.caption(ui.tr("overview.synthetic_note"))
