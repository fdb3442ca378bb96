"""The views of a fitted scorecard, shared by the Scoring model and Your data pages.

A thin Streamlit layer over :mod:`riskexplorer.model_views`: the points table, the odds-ratio
chart, the rules a person can redo on paper, the risk table, "your points" beside the fitted
ones, the score distributions, the threshold that makes the base-rate lesson visible, and a
profile builder framed as a profile, never a person.
"""

from __future__ import annotations

import streamlit as st

from riskexplorer import charts
from riskexplorer.app import ui
from riskexplorer.views import scorecard as MV


def _bind(shareable: bool) -> dict:
    return {"bind": "query-params"} if shareable else {}


def _table(frame, caption: str, synthetic: bool) -> None:
    """A table of the scorecard; a synthetic cohort's says so under it and in the export."""
    if synthetic:
        caption = f"{ui.tr('synthetic.badge')} {caption}"
    ui.table(frame, caption)
    if synthetic:
        st.caption(ui.tr("synthetic.table"))


def show_scorecard(
    model: MV.FittedModel,
    *,
    key: str,
    sources: str,
    shareable: bool,
    profiles: bool = True,
) -> None:
    """Every view of ``model``. Widget keys start with ``key``; with ``shareable`` they live in
    the URL (a synthetic cohort can be rebuilt from it; an upload cannot, so it is not bound).
    ``profiles=False`` leaves out the profile builder (a real upload: prevention, not profiling).
    """
    lang = ui.lang()
    synthetic = model.synthetic

    ui.section(ui.tr("model.points_heading"))
    ui.paragraph(MV.rule_text(model, lang))
    # A synthetic cohort's table and chart set the published (crude) odds ratio beside the
    # model's own (conditional) one; an upload has only its own.
    points = MV.cohort_points_table if synthetic else MV.points_table
    _table(points(model, lang), ui.tr("model.points_heading"), synthetic)
    forest = (MV.cohort_forest_frame if synthetic else MV.forest_frame)(model, lang)
    ui.show_chart(
        charts.odds_ratio_forest,
        forest,
        summary=MV.summary_forest(forest, lang),
        sources=sources,
        synthetic=synthetic,
        cache=synthetic,
        key=f"{key}_odds_ratios",
        title=ui.tr("model.forest_title"),
        axis_title=ui.tr("model.forest_axis"),
        tooltip_titles=ui.views.tooltip_titles(lang),
        true_title=ui.tr("scoring.col.crude_or") if synthetic else None,
    )

    ui.section(ui.tr("model.risk_heading"))
    st.caption(ui.tr("model.risk_help_synthetic" if synthetic else "model.risk_help"))
    _table(MV.risk_table(model, lang), ui.tr("model.risk_heading"), synthetic)

    _threshold_views(model, key=key, sources=sources, shareable=shareable)
    if profiles:
        _profile_views(model, key=key, shareable=shareable)
    else:
        st.info(ui.tr("your_data.no_profiles"), icon=":material/groups:")


@st.fragment
def _threshold_views(model: MV.FittedModel, *, key: str, sources: str, shareable: bool) -> None:
    """Your points, the threshold and its lesson, the distributions: a fragment, so moving the
    threshold reruns this part only (not the fit, the tables above or the sidebar)."""
    lang = ui.lang()
    synthetic = model.synthetic
    with ui.briefing_slot(f"{key}_threshold"):
        ui.section(ui.tr("model.threshold_heading"))
        fitted = model.points
        yours = dict(fitted)
        if not ui.presenting():
            with st.expander(ui.tr("model.your_points"), icon=":material/edit:"):
                st.caption(ui.tr("model.your_points_help"))
                columns = st.columns(3)
                for i, factor in enumerate(model.factors):
                    yours[factor] = int(
                        columns[i % 3].number_input(
                            ui.plain(MV.factor_label(factor, lang)),  # may be an upload's column
                            min_value=-20,
                            max_value=20,
                            step=1,
                            value=fitted[factor],
                            key=f"{key}_pts_{factor}",
                            **_bind(shareable),
                        )
                    )
        low = min(MV.threshold_range(fitted)[0], MV.threshold_range(yours)[0])
        high = max(MV.threshold_range(fitted)[1], MV.threshold_range(yours)[1])
        default = min(max(MV.default_threshold(model), low), high)
        threshold = default
        if high > low:
            threshold = st.slider(
                ui.tr("model.threshold"),
                min_value=low,
                max_value=high,
                value=default,
                key=f"{key}_threshold",
                help=ui.tr("model.threshold_help"),
                **_bind(shareable),
            )
        table, raw = MV.compare_points(model, yours, threshold, lang)
        ui.paragraph(f"### {MV.lesson(raw['yours'], lang, synthetic=synthetic)}")
        if synthetic:
            st.caption(ui.tr("synthetic.caption"))
        _table(table, ui.tr("model.threshold_heading"), synthetic)

        distribution = MV.score_distribution(model, yours, lang)
        if not distribution.empty:
            ui.show_chart(
                charts.score_distribution,
                distribution,
                summary=MV.summary_distribution(distribution, lang, synthetic=synthetic),
                sources=sources,
                synthetic=synthetic,
                cache=synthetic,
                key=f"{key}_distribution",
                title=ui.tr("model.distribution_title"),
                x_title=ui.tr("model.col.total_points"),
                y_title=ui.tr("model.distribution_axis"),
                group_title=ui.tr("model.group_title"),
                threshold=threshold,
            )


@st.fragment
def _profile_views(model: MV.FittedModel, *, key: str, shareable: bool) -> None:
    """The profile builder: a fragment, so ticking a factor reruns this part only."""
    lang = ui.lang()
    with ui.briefing_slot(f"{key}_profile"):
        ui.section(ui.tr("model.profile_heading"))
        st.caption(ui.tr("model.profile_help"))
        present = st.pills(
            ui.tr("model.profile_pick"),
            list(model.factors),
            selection_mode="multi",
            format_func=lambda f: MV.factor_label(f, lang),
            key=f"{key}_profile",
            default=[],
            **_bind(shareable),
        )
        result = MV.profile(model, present or [], lang)
        left, middle, right = st.columns(3)
        left.metric(ui.tr("model.profile_points"), result["points"])
        middle.metric(
            ui.tr("model.profile_risk"), result["risk"], help=ui.tr("model.profile_risk_help")
        )
        right.metric(ui.tr("model.profile_ci"), result["ci"])
        sentence = (
            "model.profile_sentence_synthetic" if model.synthetic else "model.profile_sentence"
        )
        ui.paragraph(ui.tr(sentence, per_1000=result["per_1000"]))
