"""Who can act: each factor of the catalogue by domain, the stakeholders who can move it and what
they can do, and the modelled change if a share of the teenagers concerned were reached."""

import streamlit as st

from riskexplorer import charts
from riskexplorer.app import ui
from riskexplorer.cohort import STAKEHOLDERS
from riskexplorer.i18n import t
from riskexplorer.views import who_can_act as W

lang = ui.lang()
presenting = ui.presenting()

ui.title(ui.tr("who_can_act.title"))
if not presenting:
    st.markdown(ui.tr("who_can_act.intro"))
ui.warning(ui.tr("who_can_act.warning"), icon=":material/warning:")

#: Three fragments: the controls, the result strip (presenting only) and the rest. A move of
#: the slider or the stakeholder choice reruns the strip, then the rest, then the sidebar's link
#: (ui.rerun_with_link) — not the page head, nor the controls, already where the user left them.
CONTROLS, STRIP, BODY = "wca_controls", "wca_strip", "wca_body"
rerun = ui.rerun_with_link(*((STRIP, BODY) if presenting else (BODY,)))


def controls_section() -> None:
    fraction_col, stakeholder_col = (
        (st.container(), st.container()) if presenting else st.columns([2, 3], gap="large")
    )
    with fraction_col:
        ui.slider(
            ui.tr("who_can_act.fraction_label"),
            W.FRACTION_LOW,
            W.FRACTION_HIGH,
            W.FRACTION_DEFAULT,
            step=W.FRACTION_STEP,
            format="%d%%",
            key="wca_fraction",
            help=None if presenting else ui.tr("who_can_act.fraction_help"),
            on_change=rerun,
        )
    with stakeholder_col:
        # Ids in the link (?wca_stakeholder=police), so it restores in any language.
        ui.multiselect(
            ui.tr("who_can_act.stakeholder_label"),
            {s: t(f"who_can_act.stakeholder.{s}", lang) for s in STAKEHOLDERS},
            key="wca_stakeholder",
            placeholder=ui.tr("who_can_act.stakeholder_placeholder"),
            help=None if presenting else ui.tr("who_can_act.stakeholder_help"),
            on_change=rerun,
        )


def current() -> tuple[int, tuple[str, ...], W.WhoCanAct]:
    """The controls' values as they stand in the session, and their view."""
    fraction = st.session_state["wca_fraction"]
    chosen = tuple(st.session_state.get("wca_stakeholder") or ())
    return fraction, chosen, W.who_can_act(fraction, chosen, lang)


def strip_section() -> None:
    """Presenting: the headline numbers beside the slider, drawn first on a move."""
    with ui.briefing_slot(STRIP):
        fraction, _, view = current()
        if not view.effects.empty:
            ui.result_strip(
                [
                    ui.Result(h.label, h.value, help=h.help)
                    for h in W.headlines(view.effects, fraction, lang)
                ],
                caption=W.headlines_caption(view.effects, fraction, lang),
            )
    ui.show_now()


def body_section() -> None:
    """The ranking and what each stakeholder can do, for the controls' values."""
    with ui.briefing_slot(BODY):
        fraction, chosen, view = current()
        # --- Which factors would change the most ------------------------------------------------
        ui.section(ui.tr("who_can_act.ranking_heading"))
        if presenting:
            ui.info(ui.tr("who_can_act.key_message"))
        if view.effects.empty:
            ui.info(ui.tr("who_can_act.none_selected"))
            return
        ui.show_chart(
            charts.effect_bars,
            view.effects[W.EFFECT_CHART_COLUMNS],
            summary=W.effects_summary(view.effects, fraction, lang),
            sources=W.chart_sources(lang),
            key="who_can_act",
            # Built-in data, named fully by the controls' values: drawn once per process (those
            # with no stakeholder chosen by the start-up's child, W.drawn_charts).
            data_key=W.chart_key(fraction, chosen, lang),
            **W.chart_options(lang),
        )
        if note := W.sign_note(view.effects, lang):
            ui.warning(note, icon=":material/swap_vert:")
        if not presenting and "neet" in set(view.effects["id"]):
            ui.caption(ui.tr("who_can_act.neet_note"))

        # --- What each stakeholder can do, by domain --------------------------------------------
        ui.section(ui.tr("who_can_act.by_domain_heading"))
        if not presenting:
            st.markdown(ui.tr("who_can_act.legend", badge=ui.tr("who_can_act.seed_badge")))
        for domain, lines in W.domain_blocks(fraction, chosen, lang):
            ui.subheader(domain)
            ui.paragraph(lines)


# Presenting: the slider and its results side by side on one projected screen.
controls, results = ui.controls_and_results()
with controls:
    st.fragment(controls_section, key=CONTROLS)()
if presenting:
    with results:
        st.fragment(strip_section, key=STRIP)()
st.fragment(body_section, key=BODY)()
