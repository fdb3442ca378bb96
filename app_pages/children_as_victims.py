"""Children as victims: what is documented about offences against minors, which children are at
greater risk from published evidence, what that implies here under stated assumptions, and who
can act."""

import streamlit as st

from riskexplorer import charts, privacy
from riskexplorer.app import ui
from riskexplorer.views import figures as views
from riskexplorer.views import victims

lang = ui.lang()
TIPS = views.tooltip_titles(lang)
TREND_COLUMNS = ["date", "period", "value", "value_text", "short_text", "kind", "source"]
BAR_COLUMNS = ["label", "value", "value_text", "status", "status_text", "period", "source"]
FOREST_COLUMNS = [
    "label",
    "odds_ratio",
    "ci_low",
    "ci_high",
    "text",
    "kind",
    "population",
    "source",
]

ui.title(ui.tr("victims.title"))
if not ui.presenting():
    st.markdown(ui.tr("victims.intro"))

# --- What is documented -------------------------------------------------------------------------
ui.section(ui.tr("victims.section.documented"))
ui.key_message(victims.key_message("documented", lang))
ui.figure_grid(victims.DOCUMENTED_CARDS)
ui.warning(ui.tr("statistics.code_change_caveat"))
trend = victims.trend_rows(lang)
ui.show_chart(
    charts.trend,
    trend[TREND_COLUMNS],
    summary=victims.trend_summary(lang),
    sources=ui.source_line(trend),
    key="victims_trend",
    **victims.trend_options(lang),
)
ui.caption(ui.tr("victims.code_change_date"))
gravity = victims.gravity_rows(lang)
ui.show_chart(
    charts.figures_bar,
    gravity[BAR_COLUMNS],
    summary=views.summary_bars(gravity, lang) + " " + victims.gravity_remainder(lang),
    sources=ui.source_line(gravity),
    key="victims_gravity",
    title=ui.tr("victims.chart.gravity"),
    value_title=ui.tr("unit_axis.offences"),
    status_text=views.status_texts(lang),
    status_title=ui.tr("chart.status"),
    tooltip_titles=TIPS,
)
ui.info(ui.tr("victims.seed_claims"))
ui.subheader(ui.tr("victims.context_heading"))
ui.figure_grid(victims.CONTEXT_CARDS)

# --- Who is at greater risk, from published evidence -------------------------------------------
ui.section(ui.tr("victims.section.evidence"))
ui.key_message(victims.key_message("evidence", lang))
if not ui.presenting():
    st.markdown(ui.tr("victims.evidence_intro"))
forest = victims.forest_rows(lang)
ui.show_chart(
    charts.odds_ratio_forest,
    forest[FOREST_COLUMNS],
    summary=victims.forest_summary(lang),
    sources=victims.forest_sources(lang),
    key="victims_forest",
    **victims.forest_options(lang),
)
evidence = victims.evidence_table(lang)
ui.table(
    evidence,
    ui.tr("victims.evidence_caption"),
    print_columns=victims.evidence_print_columns(lang),
)
ui.caption(ui.tr("victims.evidence_caveat"))
if not ui.presenting():
    st.download_button(
        ui.tr("victims.download_evidence"),
        lambda: privacy.to_safe_csv(evidence, lang=lang, sep="," if lang == "en" else ";"),
        file_name=f"riskexplorer-victim-factors-{lang}.csv",
        mime="text/csv",
        key="download_victim_factors",
        on_click="ignore",
    )

# --- What that implies here, under stated assumptions -------------------------------------------
#: The slider and what it implies are one fragment: a move reruns this section (and the sidebar's
#: link, which carries the odds ratio), not the page's figures, charts and tables above it.
IMPLICATION = "vi_implication"


def implication() -> None:
    with ui.briefing_slot(IMPLICATION):
        ui.section(ui.tr("victims.section.implication"))
        ui.key_message(victims.key_message("implication", lang))
        low, high, default = victims.slider_range()
        odds_ratio = ui.slider(
            ui.tr("victims.slider"),
            low,
            high,
            default,
            step=0.01,
            key="vi_or",
            help=None if ui.presenting() else ui.tr("victims.slider_help"),
            on_change=ui.rerun_with_link(IMPLICATION),
        )
        st.markdown(f":violet-badge[:material/calculate: {ui.tr('victims.derived_badge')}]")
        ui.paragraph(victims.implication_text(odds_ratio, lang))
        if not ui.presenting():
            st.markdown(f"**{ui.tr('victims.formula_heading')}**")
            st.code(victims.sen_implication(odds_ratio, lang).formula, language=None)
        ui.caption(ui.tr("victims.implication_caveat"))


st.fragment(implication, key=IMPLICATION)()

# --- Who can act --------------------------------------------------------------------------------
ui.section(ui.tr("victims.section.act"))
ui.key_message(victims.key_message("act", lang))
ui.table(victims.actions_table(lang), ui.tr("victims.actions_caption"))
ui.caption(ui.tr("victims.actions_note"))
