"""Scoring model: a transparent integer-points scorecard fitted on a SYNTHETIC cohort calibrated
to the documented figures, with the base-rate lesson made visible."""

import streamlit as st

from riskexplorer import cohort
from riskexplorer.app import scorecard_widgets as scorecard_ui
from riskexplorer.app import ui
from riskexplorer.errors import InputError
from riskexplorer.views import risk_factors as S
from riskexplorer.views import scorecard as MV

#: The fragment holding the assumptions and everything they move (see model_section).
FRAGMENT = "sc_model"

lang = ui.lang()
presenting = ui.presenting()
sliders = S.neet_sliders()  # ranges from data/assumptions.csv; the share starts at the mark
correlation_row = cohort.load_assumptions().loc["cohort_correlation"]
rerun = ui.rerun_with_link(FRAGMENT)

ui.title(ui.tr("scoring.title"))
if not presenting:  # projected, the sliders and their result come first
    ui.paragraph(ui.tr("scoring.intro"))
ui.warning(ui.tr("scoring.not_for_individuals"), icon=":material/front_hand:")


def model_section() -> None:
    """The assumptions and what they move, as one fragment: a slider move reruns this part
    (and the sidebar's link), not the app around it. The fit and its formatted views come
    from a process-wide cache (scorecard_ui.scoring_view)."""
    with ui.briefing_slot(FRAGMENT):
        controls, results = ui.controls_and_results()
        # The assumptions stay editable in the presentation view too (a facilitator moves them).
        with (
            controls,
            st.expander(ui.tr("scoring.assumptions"), icon=":material/tune:", expanded=True),
        ):

            def factor_choice() -> list[str]:
                return ui.multiselect(
                    ui.tr("scoring.factors"),
                    MV.factor_options(lang),
                    key="sc_factors",
                    default=list(MV.factor_options(lang)),
                    placeholder=ui.tr("your_data.choose"),
                    help=ui.tr("scoring.factors_help"),
                    on_change=rerun,
                )

            # Projected, the sliders come first and the (tall) factor choice after them, so a
            # slider and its result share the screen.
            chosen = [] if presenting else factor_choice()
            left, middle, right = (st.container(),) * 3 if presenting else st.columns(3)
            share_range, prevalence_range = sliders["share"], sliders["prevalence"]
            with left:
                share = ui.slider(
                    ui.tr("scoring.neet_share"),
                    int(share_range.low),
                    int(share_range.high),
                    int(share_range.default),
                    step=int(share_range.step),
                    key="sc_share",
                    format="%d%%",
                    help=ui.tr("scoring.neet_share_help"),
                    on_change=rerun,
                )
                ui.claim_and_local_buttons(
                    "sc_share",
                    prefix="sc",
                    claim=S.claimed_share(),
                    mark=S.local_mark().value,
                    then=rerun,
                )
                st.markdown(MV.share_caption(lang, badge=ui.status_badge("contradicted")))
            with middle:
                prevalence = ui.slider(
                    ui.tr("scoring.neet_prevalence"),
                    prevalence_range.low,
                    prevalence_range.high,
                    prevalence_range.default,
                    step=prevalence_range.step,
                    key="sc_prev",
                    format="%.1f%%",
                    help=ui.tr("scoring.neet_prevalence_help"),
                    on_change=rerun,
                )
            with right:
                correlation = ui.slider(
                    ui.tr("scoring.correlation"),
                    float(correlation_row["low"]),
                    float(correlation_row["high"]),
                    float(correlation_row["value"]),
                    step=0.1,
                    key="sc_corr",
                    help=ui.tr("scoring.correlation_help"),
                    on_change=rerun,
                )
            if presenting:
                chosen = factor_choice()

        if not chosen:
            ui.info(ui.tr("scoring.no_factors"))
            return
        settings = scorecard_ui.scoring_settings(chosen, share, prevalence, correlation)
        try:
            view = scorecard_ui.scoring_view(*settings, lang)
        except InputError as error:
            ui.error(error.message(lang), icon=":material/error:")
            return

        with results:
            scorecard_ui.show_results(view)
        scorecard_ui.show_trust(view)
        scorecard_ui.show_scorecard(
            view.model,
            key="sc",
            sources=ui.tr("scoring.sources"),
            shareable=True,
            view=view,
            settings=settings,
        )


st.fragment(model_section, key=FRAGMENT)()
