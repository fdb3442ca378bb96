"""Risk factors: what the NEET share among offenders and among all teenagers imply — relative
risk, attributable fraction and an outreach scenario, with every formula, the assumptions, an RR
heatmap over both sliders, and the causal caveat."""

import streamlit as st

from riskexplorer import charts
from riskexplorer.app import ui
from riskexplorer.errors import InputError
from riskexplorer.views import risk_factors as S

#: The fragment holding the assumptions and everything they move (see model_section).
FRAGMENT = "rf_model"

lang = ui.lang()
presenting = ui.presenting()
sliders = S.neet_sliders()
mark = S.local_mark()
texts = S.slider_texts(lang)
persons, crimes = S.volumes()
rerun = ui.rerun_with_link(FRAGMENT)

ui.title(ui.tr("risk_factors.title"))
if not presenting:
    st.markdown(ui.tr("risk_factors.intro"))


def implications(view: S.NeetView, results) -> None:
    """What the assumptions imply, the heatmap and the causal caveat (for a valid ``view``);
    the result strip goes in ``results`` (beside the sliders when presenting)."""
    with results:
        ui.result_strip(view.metrics)
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


def model_section() -> None:
    """The assumptions and what they move, as one fragment: a slider move reruns this part
    (and the sidebar's link, :func:`ui.rerun_with_link`), not the navigation, the sidebar and
    the page head around it. Every text and number comes from :func:`S.neet_view`, built once
    per setting for the whole process."""
    with ui.briefing_slot(FRAGMENT):
        # Presenting: the sliders and their results side by side on one projected screen.
        controls, results = ui.controls_and_results()
        with controls:
            share_col, prevalence_col = st.columns(2, gap="large")
            with share_col:
                share_range = sliders["share"]
                share = ui.slider(
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
                # Side by side; stacked in the presentation view, whose larger type would cut
                # the labels.
                ui.claim_and_local_buttons(
                    "rf_share", prefix="rf", claim=S.claimed_share(), mark=mark.value, then=rerun
                )
                if not presenting:
                    st.markdown(S.share_caption(ui.status_badge("contradicted"), lang))
            with prevalence_col:
                prevalence_range = sliders["prevalence"]
                prevalence = ui.slider(
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
            reach = ui.slider(
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
            # Every text and number below, for these slider values in this language: one
            # call, built once per process for all sessions.
            try:
                view = S.neet_view(share, prevalence, reach, lang)
            except InputError as err:
                view = None
                error = err
            if view is not None and presenting:
                ui.info(view.key_assumptions)
            elif view is not None:
                ui.caption(view.reach_caption)

        # --- What these assumptions imply -------------------------------------------------------
        ui.section(ui.tr("risk_factors.results_heading"))
        if view is None:
            ui.error(ui.tr("risk_factors.error", message=error.message(lang)))
        else:
            implications(view, results)


# --- What we assume -----------------------------------------------------------------------------
ui.section(ui.tr("risk_factors.assumptions_heading"))
if not presenting:
    # The documented series first, outside the fragment: a move neither resends them nor makes
    # the browser draw them before the numbers it changed.
    st.markdown(f"**{ui.tr('risk_factors.neet_series')}**")
    for column, fact_id in zip(st.columns(len(S.NEET_SERIES_FACTS)), S.NEET_SERIES_FACTS):
        with column:
            ui.figure_card(fact_id)
st.fragment(model_section, key=FRAGMENT)()
