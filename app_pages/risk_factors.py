"""Risk factors: what the NEET share among offenders and among all teenagers imply — relative
risk, attributable fraction and an outreach scenario, with every formula, the assumptions, an RR
heatmap over both sliders, and the causal caveat."""

import streamlit as st

from riskexplorer import charts
from riskexplorer import i18n as I18N
from riskexplorer.app import ui
from riskexplorer.errors import InputError
from riskexplorer.i18n import fmt_percent
from riskexplorer.views import risk_factors as S

lang = ui.lang()
presenting = ui.presenting()
sliders = S.neet_sliders()
mark = S.local_mark()
claim_share = S.claimed_share()
persons, crimes = S.volumes()


def pct(value: float, decimals: int = 0) -> str:
    return fmt_percent(value, lang, decimals=decimals)


ui.title(ui.tr("risk_factors.title"))
if not presenting:
    st.markdown(ui.tr("risk_factors.intro"))

# --- What we assume -----------------------------------------------------------------------------
ui.section(ui.tr("risk_factors.assumptions_heading"))
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
            help=None
            if presenting
            else ui.tr(
                "risk_factors.share_help",
                mark=pct(mark.value, 1),
                mark_reason=ui.tr("risk_factors.mark_reason"),
            ),
        )
        # Side by side; stacked in the presentation view, whose larger type would cut the labels.
        ui.claim_and_local_buttons("rf_share", prefix="rf", claim=claim_share, mark=mark.value)
        if not presenting:
            st.markdown(
                ui.tr(
                    "risk_factors.share_caption",
                    badge=ui.status_badge("contradicted"),
                    mark=pct(mark.value, 1),
                    mark_low=pct(mark.low, 1),
                    mark_high=pct(mark.high, 1),
                    mark_reason=ui.tr("risk_factors.mark_reason"),
                )
            )
    with prevalence_col:
        prevalence_range = sliders["prevalence"]
        range_text = {
            "default": pct(prevalence_range.default, 1),
            "low": pct(prevalence_range.low, 1),
            "high": pct(prevalence_range.high, 1),
        }
        prevalence = ui.slider(
            ui.tr("risk_factors.prevalence_label"),
            prevalence_range.low,
            prevalence_range.high,
            prevalence_range.default,
            step=prevalence_range.step,
            format="%.1f%%",
            key="rf_prev",
            help=None if presenting else ui.tr("risk_factors.prevalence_help", **range_text),
        )
        if not presenting:
            ui.caption(ui.tr("risk_factors.prevalence_caption", **range_text))
    reach_range = sliders["reach"]
    reach = ui.slider(
        ui.tr("risk_factors.reach_label"),
        int(reach_range.low),
        int(reach_range.high),
        int(reach_range.default),
        step=int(reach_range.step),
        format="%d%%",
        key="rf_reach",
        help=None if presenting else ui.tr("risk_factors.reach_help"),
    )
    if presenting:
        ui.info(
            ui.tr(
                "risk_factors.key_assumptions",
                mark=pct(mark.value, 1),
                prevalence=pct(prevalence, 1),
            )
        )
    else:
        ui.caption(ui.tr("risk_factors.reach_caption", reach=pct(reach)))
        st.markdown(f"**{ui.tr('risk_factors.neet_series')}**")
        for column, fact_id in zip(st.columns(len(S.NEET_SERIES_FACTS)), S.NEET_SERIES_FACTS):
            with column:
                ui.figure_card(fact_id)

# --- What these assumptions imply ---------------------------------------------------------------
ui.section(ui.tr("risk_factors.results_heading"))
try:
    result = S.neet_result(share, prevalence, reach)
except InputError as err:
    ui.error(ui.tr("risk_factors.error", message=err.message(lang)))
    st.stop()

persons_result, crimes_result = result.scenarios
averted_key = (
    "risk_factors.averted_more_value" if result.averted < 0 else "risk_factors.averted_value"
)
claim_rr = S.neet_result(claim_share, prevalence, reach).rr
metrics = [
    ui.Result(
        ui.tr("risk_factors.rr_label"),
        I18N.fmt_rr(result.rr, lang),
        # Against the briefing's claim at the same prevalence: how far the local reports move RR.
        delta=S.rr_change(result.rr, claim_rr, lang) if share != claim_share else None,
        delta_description=ui.tr("card.vs_briefing"),
        help=ui.tr("risk_factors.rr_help"),
    ),
    ui.Result(
        ui.tr("risk_factors.paf_label"),
        I18N.fmt_paf(result.paf, lang),
        help=ui.tr("risk_factors.paf_help"),
    ),
    ui.Result(
        ui.tr("risk_factors.averted_label", reach=pct(reach)),
        ui.tr(averted_key, n=I18N.fmt_count(abs(result.averted), lang)),
        help=ui.tr(
            "risk_factors.averted_help",
            reach=pct(reach),
            volume=I18N.fmt_count(persons.per_year, lang),
        ),
    ),
    ui.Result(
        ui.tr("risk_factors.crimes_label"),
        ui.tr(averted_key, n=I18N.fmt_count(abs(crimes_result.averted), lang)),
        help=ui.tr("risk_factors.crimes_help"),
    ),
]
with results if presenting else st.container():
    ui.result_strip(metrics)
message = S.result_message(result, lang)
if result.regime in ("normal", "none"):
    ui.paragraph(message)
else:
    ui.warning(message)
if not presenting:
    st.markdown(
        ui.tr(
            "risk_factors.volumes_caption",
            persons_badge=ui.status_badge(persons.status),
            persons=I18N.fmt_count(persons.per_year, lang),
            persons_fact=I18N.fmt_count(persons.fact_value, lang),
            persons_period=S.volume_period(persons, lang),
            persons_formula=persons.formula,
            crimes_badge=ui.status_badge(crimes.status),
            crimes=I18N.fmt_count(crimes.per_year, lang),
            crimes_period=S.volume_period(crimes, lang),
            crimes_formula=crimes.formula,
        )
    )
    with st.expander(ui.tr("risk_factors.formula_heading"), icon=":material/calculate:"):
        st.markdown(ui.tr("risk_factors.formula_legend"))
        ui.paragraph(f"```text\n{S.formula_text(result, lang)}\n```")
        ui.table(
            S.assumptions_table(S.NEET_ASSUMPTIONS, lang),
            ui.tr("risk_factors.assumptions_table"),
        )

if not presenting:
    ui.paragraph(S.age_mix_message(share, lang))

# --- How RR depends on both assumptions ---------------------------------------------------------
ui.section(ui.tr("risk_factors.heatmap_heading"))
grid = S.rr_grid(lang)
ui.show_chart(
    charts.rr_heatmap,
    grid[S.HEATMAP_COLUMNS],
    summary=S.grid_summary(grid, result, lang),
    sources=ui.tr("risk_factors.heatmap_sources"),
    key="rr_heatmap",
    title=ui.tr("risk_factors.heatmap_title"),
    share_title=ui.tr("risk_factors.heatmap_share"),
    prevalence_title=ui.tr("risk_factors.heatmap_prevalence"),
    rr_title=ui.tr("risk_factors.heatmap_rr"),
    tooltip_titles={
        k: ui.tr(f"risk_factors.tooltip.{k}") for k in ("share", "prevalence", "rr", "paf")
    },
    # Built once with the point at the defaults; each move only patches the point (no Altair).
    current={"share": share_range.default, "prevalence": prevalence_range.default, "label": ""},
    patch=lambda spec: charts.with_current(
        spec,
        {
            "share": float(share),
            "prevalence": float(prevalence),
            "label": ui.tr(
                "risk_factors.heatmap_current",
                rr=I18N.fmt_rr(result.rr, lang),
                share=pct(share),
                prevalence=pct(prevalence, 1),
            ),
        },
    ),
    marks=(
        {"share": claim_share, "label": ui.tr("risk_factors.heatmap_mark_claim")},
        {
            "share": mark.value,
            "label": ui.tr("risk_factors.heatmap_mark_local", mark=pct(mark.value, 1)),
        },
    ),
)

ui.paragraph(S.averted_message(share, reach, lang))

# --- Association, not cause ---------------------------------------------------------------------
ui.section(ui.tr("risk_factors.caveat_heading"))
if presenting:
    ui.info(ui.tr("risk_factors.key_caveat"))
else:
    ui.paragraph(ui.tr("risk_factors.caveat_body"))
    claim_result = S.neet_result(claim_share, prevalence, reach)
    local_result = S.neet_result(mark.value, prevalence, reach)
    own = S.own_effect(mark.value, lang)
    ui.paragraph(
        ui.tr(
            "risk_factors.contradiction_body",
            rr_claim=I18N.fmt_rr(claim_result.rr, lang),
            rr_local=I18N.fmt_rr(local_result.rr, lang),
            prevalence=pct(prevalence, 1),
            mark=pct(mark.value, 1),
            or_local=own.central,
            or_low=own.low,
            or_high=own.high,
        )
    )
    ui.caption(ui.tr("risk_factors.synthetic_note"))
