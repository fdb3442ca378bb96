"""Risk factors: what the NEET share among offenders and among all teenagers imply — relative
risk, attributable fraction and an outreach scenario, with every formula, the assumptions, an RR
heatmap over both sliders, and the causal caveat."""

import streamlit as st

from riskexplorer import charts
from riskexplorer.app import ui
from riskexplorer.errors import InputError
from riskexplorer.views import risk_factors as S

#: Four fragments: the assumptions, the note under them, the result strip and what else the
#: assumptions imply. A slider move reruns the last three (and the sidebar's link), the strip
#: first and drawn before the rest (ui.show_now); the slider, already where the user left it,
#: is not drawn again. A button that sets a slider reruns the assumptions too.
ASSUMPTIONS, NOTE, RESULTS, FRAGMENT = "rf_assumptions", "rf_note", "rf_results", "rf_model"

lang = ui.lang()
presenting = ui.presenting()
sliders = S.neet_sliders()
mark = S.local_mark()
texts = S.slider_texts(lang)
persons, crimes = S.volumes()
rerun = ui.rerun_with_link(RESULTS, NOTE, FRAGMENT)
redraw = ui.rerun_with_link(ASSUMPTIONS, RESULTS, NOTE, FRAGMENT)

ui.title(ui.tr("risk_factors.title"))
if not presenting:
    st.markdown(ui.tr("risk_factors.intro"))


def current() -> tuple[S.NeetView | None, InputError | None]:
    """Every text and number for the sliders as they stand in the session, in this language:
    one call, built once per process for all sessions (:func:`S.neet_view`)."""
    state = st.session_state
    try:
        return S.neet_view(state["rf_share"], state["rf_prev"], state["rf_reach"], lang), None
    except InputError as error:
        return None, error


def implications(view: S.NeetView) -> None:
    """What the assumptions imply, the heatmap and the causal caveat (for a valid ``view``)."""
    if view.warn:
        ui.warning(view.message)
    else:
        ui.paragraph(view.message)
    if not presenting:
        st.markdown(
            S.volumes_caption(ui.status_badge(persons.status), ui.status_badge(crimes.status), lang)
        )
        with st.expander(ui.tr("risk_factors.formula_heading"), icon=":material/calculate:"):
            st.markdown(ui.tr("risk_factors.formula_legend"))
            ui.paragraph(f"```text\n{view.formula}\n```")
            ui.table(
                S.assumptions_table(S.NEET_ASSUMPTIONS, lang),
                ui.tr("risk_factors.assumptions_table"),
            )

    if not presenting:
        ui.paragraph(view.age_mix)

    # --- How RR depends on both assumptions -----------------------------------------------------
    ui.section(ui.tr("risk_factors.heatmap_heading"))
    ui.show_chart(
        charts.rr_heatmap,
        S.heatmap_data(lang),
        data_key=("rr_grid", lang),
        table=S.heatmap_table(lang),
        summary=view.heatmap_summary,
        # The same at every setting (the summary under the chart has the numbers), so a move
        # updates the point instead of embedding the chart again.
        alt=ui.tr("risk_factors.heatmap_alt"),
        sources=ui.tr("risk_factors.heatmap_sources"),
        key="rr_heatmap",
        # Built once with the point at the defaults; each move only patches the point (no Altair).
        patch=lambda spec, live: charts.with_current(spec, view.heatmap_point, live=live),
        **S.heatmap_options(lang),
    )

    ui.paragraph(view.averted_by_prevalence)

    # --- Association, not cause -----------------------------------------------------------------
    ui.section(ui.tr("risk_factors.caveat_heading"))
    if presenting:
        ui.info(ui.tr("risk_factors.key_caveat"))
    else:
        ui.paragraph(ui.tr("risk_factors.caveat_body"))
        ui.paragraph(view.contradiction)
        ui.caption(ui.tr("risk_factors.synthetic_note"))


def assumptions() -> None:
    """The three sliders and the buttons that set the share: a fragment. The fragments below
    read the sliders' values from the session."""
    share_col, prevalence_col = st.columns(2, gap="large")
    with share_col:
        share_range = sliders["share"]
        ui.slider(
            ui.tr("risk_factors.share_label"),
            int(share_range.low),
            int(share_range.high),
            int(share_range.default),
            step=int(share_range.step),
            format="%d%%",
            key="rf_share",
            on_change=rerun,
            help=None if presenting else texts.share_help,
        )
        # Side by side; stacked in the presentation view, whose larger type would cut the
        # labels. A button sets the slider, which must then be drawn again.
        ui.claim_and_local_buttons(
            "rf_share", prefix="rf", claim=S.claimed_share(), mark=mark.value, then=redraw
        )
        if not presenting:
            st.markdown(S.share_caption(ui.status_badge("contradicted"), lang))
    with prevalence_col:
        prevalence_range = sliders["prevalence"]
        ui.slider(
            ui.tr("risk_factors.prevalence_label"),
            prevalence_range.low,
            prevalence_range.high,
            prevalence_range.default,
            step=prevalence_range.step,
            format="%.1f%%",
            key="rf_prev",
            on_change=rerun,
            help=None if presenting else texts.prevalence_help,
        )
        if not presenting:
            ui.caption(texts.prevalence_caption)
    reach_range = sliders["reach"]
    ui.slider(
        ui.tr("risk_factors.reach_label"),
        int(reach_range.low),
        int(reach_range.high),
        int(reach_range.default),
        step=int(reach_range.step),
        format="%d%%",
        key="rf_reach",
        on_change=rerun,
        help=None if presenting else texts.reach_help,
    )


def note() -> None:
    """Under the sliders: what the reach means in people (at the desk), the key assumptions in
    one line (presenting)."""
    with ui.briefing_slot(NOTE):
        view, _ = current()
        if view is not None and presenting:
            ui.info(view.key_assumptions)
        elif view is not None:
            ui.caption(view.reach_caption)


def results_section() -> None:
    """The result strip, or why there is none: drawn first on a move."""
    with ui.briefing_slot(RESULTS):
        view, error = current()
        if view is None:
            ui.error(ui.tr("risk_factors.error", message=error.message(lang)))
        else:
            ui.result_strip(view.metrics)
    ui.show_now()


def model_section() -> None:
    """Everything else the assumptions move (:func:`implications`)."""
    with ui.briefing_slot(FRAGMENT):
        view, _ = current()
        if view is not None:
            implications(view)


# --- What we assume -----------------------------------------------------------------------------
ui.section(ui.tr("risk_factors.assumptions_heading"))
if not presenting:
    # The documented series first, outside the fragments: a move neither resends them nor makes
    # the browser draw them before the numbers it changed.
    st.markdown(f"**{ui.tr('risk_factors.neet_series')}**")
    for column, fact_id in zip(st.columns(len(S.NEET_SERIES_FACTS)), S.NEET_SERIES_FACTS):
        with column:
            ui.figure_card(fact_id)
# Presenting: the sliders and their results side by side on one projected screen.
controls, results = ui.controls_and_results()
with controls:
    st.fragment(assumptions, key=ASSUMPTIONS)()
    st.fragment(note, key=NOTE)()
# --- What these assumptions imply ---------------------------------------------------------------
if presenting:
    with results:
        st.fragment(results_section, key=RESULTS)()
    ui.section(ui.tr("risk_factors.results_heading"))
else:
    ui.section(ui.tr("risk_factors.results_heading"))
    st.fragment(results_section, key=RESULTS)()
st.fragment(model_section, key=FRAGMENT)()
