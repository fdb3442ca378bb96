"""Scoring model: a transparent integer-points scorecard fitted on a SYNTHETIC cohort calibrated
to the documented figures, with the base-rate lesson made visible."""

import streamlit as st

from riskexplorer import cohort
from riskexplorer.app import scorecard_widgets as scorecard_ui
from riskexplorer.app import ui
from riskexplorer.errors import InputError
from riskexplorer.i18n import fmt_number, fmt_percent
from riskexplorer.views import figures as F
from riskexplorer.views import risk_factors as S
from riskexplorer.views import scorecard as MV

lang = ui.lang()
presenting = ui.presenting()
catalogue = list(cohort.load_factors()["id"])
sliders = S.neet_sliders()  # ranges from data/assumptions.csv; the share starts at the mark
correlation_row = cohort.load_assumptions().loc["cohort_correlation"]
mark = S.local_mark()
claim_share = S.claimed_share()


def pct(value: float, decimals: int = 0) -> str:
    return fmt_percent(value, lang, decimals=decimals)


ui.title(ui.tr("scoring.title"))
ui.paragraph(ui.tr("scoring.intro"))
ui.warning(ui.tr("scoring.not_for_individuals"), icon=":material/front_hand:")

controls, results = ui.controls_and_results()
# The assumptions stay editable in the presentation view too (a facilitator moves them live).
with controls, st.expander(ui.tr("scoring.assumptions"), icon=":material/tune:", expanded=True):
    chosen = st.multiselect(
        ui.tr("scoring.factors"),
        catalogue,
        default=catalogue,
        key="sc_factors",
        placeholder=ui.tr("your_data.choose"),
        format_func=lambda f: MV.factor_label(f, lang),
        bind="query-params",
        help=ui.tr("scoring.factors_help"),
    )
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
        )
        ui.claim_and_local_buttons("sc_share", prefix="sc", claim=claim_share, mark=mark.value)
        st.markdown(
            ui.tr(
                "scoring.share_caption",
                badge=ui.status_badge("contradicted"),
                claim=pct(claim_share),
                mark=pct(mark.value, 1),
            )
        )
    prevalence = middle.slider(
        ui.tr("scoring.neet_prevalence"),
        prevalence_range.low,
        prevalence_range.high,
        prevalence_range.default,
        step=prevalence_range.step,
        key="sc_prev",
        bind="query-params",
        format="%.1f%%",
        help=ui.tr("scoring.neet_prevalence_help"),
    )
    correlation = right.slider(
        ui.tr("scoring.correlation"),
        float(correlation_row["low"]),
        float(correlation_row["high"]),
        float(correlation_row["value"]),
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

# The band over the evidence ranges costs ~3 s of CPU: computed once, at the default settings.
band = MV.default_evidence_band()
sc = model.scorecard
with results:
    ui.result_strip(
        [
            ui.Result(
                ui.tr("scoring.result.auc"),
                fmt_number(sc.auc_points_, lang, decimals=3),
                help=ui.tr("scoring.result.auc_help"),
            ),
            ui.Result(
                ui.tr("scoring.result.auc_band"),
                f"{fmt_number(band['auc_points'][1], lang, decimals=3)} – "
                f"{fmt_number(band['auc_points'][2], lang, decimals=3)}",
            ),
            ui.Result(
                ui.tr("scoring.result.loglik_loss"), fmt_number(sc.loglik_loss_, lang, decimals=1)
            ),
            ui.Result(ui.tr("scoring.result.group_error"), pct(100 * sc.group_error_, 1)),
        ],
        caption=f"{ui.tr('synthetic.badge')} {ui.tr('scoring.result.caption')}",
    )

ui.info(
    f"**{ui.tr('synthetic.badge')}** {MV.cohort_sentence(model, lang)}", icon=":material/science:"
)

ui.section(ui.tr("scoring.trust_heading"))
ui.paragraph(MV.auc_context(model, band, lang))
ui.paragraph(MV.rounding_cost(model, lang))
ui.paragraph(ui.tr("scoring.or_meaning"))
warning = MV.sign_warning(model, lang)
if warning:
    ui.warning(warning)
zero = MV.zero_points_note(model, lang)
if zero:
    ui.info(zero)
ui.caption(
    F.source_line(
        tuple(
            dict.fromkeys(
                s
                for ids in cohort.load_factors().loc[list(chosen), "source_ids"]
                for s in str(ids).split(";")
                if s
            )
        ),
        lang,
    )
)
scorecard_ui.show_scorecard(model, key="sc", sources=ui.tr("scoring.sources"), shareable=True)
