"""Scoring model: a transparent integer-points scorecard fitted on a SYNTHETIC cohort calibrated
to the documented figures, with the base-rate lesson made visible."""

import streamlit as st

from riskexplorer import cohort
from riskexplorer.app import scorecard_widgets as scorecard_ui
from riskexplorer.app import ui
from riskexplorer.errors import InputError
from riskexplorer.views import risk_factors as S
from riskexplorer.views import scorecard as MV

#: Three fragments: the assumptions, the result strip, the model's views. A slider move reruns
#: the last two (and the sidebar's link), the strip first and drawn before the rest
#: (ui.show_now); the slider, already where the user left it, is not drawn again. A button that
#: sets a slider reruns the assumptions too.
ASSUMPTIONS, RESULTS, FRAGMENT = "sc_assumptions", "sc_results", "sc_model"

lang = ui.lang()
presenting = ui.presenting()
sliders = S.neet_sliders()  # ranges from data/assumptions.csv; the share starts at the mark
correlation_row = cohort.load_assumptions().loc["cohort_correlation"]
rerun = ui.rerun_with_link(RESULTS, FRAGMENT)
redraw = ui.rerun_with_link(ASSUMPTIONS, RESULTS, FRAGMENT)

ui.title(ui.tr("scoring.title"))
if not presenting:  # projected, the sliders and their result come first
    ui.paragraph(ui.tr("scoring.intro"))
ui.warning(ui.tr("scoring.not_for_individuals"), icon=":material/front_hand:")


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


def assumptions() -> None:
    """The sliders and the factor choice, a fragment (editable in the presentation view too: a
    facilitator moves them). The fragments below read their values from the session."""
    with st.expander(ui.tr("scoring.assumptions"), icon=":material/tune:", expanded=True):
        # Projected, the sliders come first and the (tall) factor choice after them, so a
        # slider and its result share the screen.
        if not presenting:
            factor_choice()
        left, middle, right = (st.container(),) * 3 if presenting else st.columns(3)
        share_range, prevalence_range = sliders["share"], sliders["prevalence"]
        with left:
            ui.slider(
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
            # A button sets the slider, which must then be drawn again.
            ui.claim_and_local_buttons(
                "sc_share",
                prefix="sc",
                claim=S.claimed_share(),
                mark=S.local_mark().value,
                then=redraw,
            )
            st.markdown(MV.share_caption(lang, badge=ui.status_badge("contradicted")))
        with middle:
            ui.slider(
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
            ui.slider(
                ui.tr("scoring.correlation"),
                float(correlation_row["low"]),
                float(correlation_row["high"]),
                float(correlation_row["value"]),
                step=MV.CORRELATION_STEP,
                key="sc_corr",
                help=ui.tr("scoring.correlation_help"),
                on_change=rerun,
            )
        if presenting:
            factor_choice()


def current() -> tuple[tuple | None, MV.ScoringView | None, str | None]:
    """The sliders' setting as they stand in the session, its view (shared by every session,
    scorecard_ui.scoring_view) and what to say instead when there is none."""
    state = st.session_state
    chosen = list(state.get("sc_factors") or [])
    if not chosen:
        return None, None, None
    settings = scorecard_ui.scoring_settings(
        chosen, state["sc_share"], state["sc_prev"], state["sc_corr"]
    )
    try:
        return settings, scorecard_ui.scoring_view(*settings, lang), None
    except InputError as error:
        return settings, None, error.message(lang)


def results_section() -> None:
    """The result strip (or why there is none): a fragment, drawn first on a move."""
    with ui.briefing_slot(RESULTS):
        _, view, problem = current()
        if problem is not None:
            ui.error(problem, icon=":material/error:")
        elif view is None:
            ui.info(ui.tr("scoring.no_factors"))
        else:
            scorecard_ui.show_results(view)
    ui.show_now()


def model_section() -> None:
    """What to trust and every view of the fitted scorecard: a fragment, rerun after the
    results. The fit and its formatted views come from a process-wide cache."""
    with ui.briefing_slot(FRAGMENT):
        settings, view, _ = current()
        if view is None:
            return
        scorecard_ui.show_trust(view)
        scorecard_ui.show_scorecard(
            view.model,
            key="sc",
            sources=ui.tr("scoring.sources"),
            shareable=True,
            view=view,
            settings=settings,
        )


controls, results = ui.controls_and_results()
with controls:
    st.fragment(assumptions, key=ASSUMPTIONS)()
with results:
    st.fragment(results_section, key=RESULTS)()
st.fragment(model_section, key=FRAGMENT)()
