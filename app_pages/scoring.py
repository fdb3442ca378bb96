"""Scoring model: a transparent integer-points scorecard fitted on a SYNTHETIC cohort calibrated
to the documented figures, with the base-rate lesson made visible."""

import streamlit as st

from riskexplorer import cohort
from riskexplorer.app import scorecard_widgets as scorecard_ui
from riskexplorer.app import ui
from riskexplorer.errors import InputError
from riskexplorer.views import scorecard as MV

lang = ui.lang()
defaults = cohort.cohort_defaults()
catalogue = list(cohort.load_factors()["id"])

ui.title(ui.tr("scoring.title"))
ui.paragraph(ui.tr("scoring.intro"))
ui.warning(ui.tr("scoring.not_for_individuals"), icon=":material/front_hand:")

# The assumptions stay editable in the presentation view too (a facilitator moves them live),
# but folded away.
with st.expander(ui.tr("scoring.assumptions"), icon=":material/tune:", expanded=False):
    chosen = st.multiselect(
        ui.tr("scoring.factors"),
        catalogue,
        default=catalogue,
        key="sc_factors",
        format_func=lambda f: MV.factor_label(f, lang),
        bind="query-params",
        help=ui.tr("scoring.factors_help"),
    )
    left, middle, right = st.columns(3)
    share = left.slider(
        ui.tr("scoring.neet_share"),
        5,
        70,
        round(100 * defaults["neet_share"]),
        key="sc_share",
        bind="query-params",
        format="%d%%",
        help=ui.tr("scoring.neet_share_help"),
    )
    prevalence = middle.slider(
        ui.tr("scoring.neet_prevalence"),
        1.0,
        7.0,
        100 * defaults["neet_prevalence"],
        step=0.5,
        key="sc_prev",
        bind="query-params",
        format="%.1f%%",
        help=ui.tr("scoring.neet_prevalence_help"),
    )
    correlation = right.slider(
        ui.tr("scoring.correlation"),
        0.0,
        0.6,
        defaults["correlation"],
        step=0.1,
        key="sc_corr",
        bind="query-params",
        help=ui.tr("scoring.correlation_help"),
    )

if not chosen:
    ui.info(ui.tr("scoring.no_factors"))
    st.stop()

try:
    model = MV.cohort_model(
        tuple(chosen),
        neet_share=share / 100,
        neet_prevalence=prevalence / 100,
        correlation=correlation,
    )
except InputError as error:
    ui.error(error.message(lang), icon=":material/error:")
    st.stop()

ui.info(
    f"**{ui.tr('synthetic.badge')}** {MV.cohort_sentence(model, lang)}", icon=":material/science:"
)
scorecard_ui.show_scorecard(model, key="sc", sources=ui.tr("scoring.sources"), shareable=True)
