"""The views of a fitted scorecard, shared by the Scoring model and Your data pages.

A thin Streamlit layer over :mod:`riskexplorer.model_views`: the points table, the odds-ratio
chart, the rules a person can redo on paper, the risk table, "your points" beside the fitted
ones, the score distributions, the threshold that makes the base-rate lesson visible, and a
profile builder framed as a profile, never a person.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from riskexplorer import charts
from riskexplorer.app import ui
from riskexplorer.views import scorecard as MV


def _bind(shareable: bool) -> dict:
    return {"bind": "query-params"} if shareable else {}


#: The Scoring page's view of one setting, shared by every session (built once per setting and
#: language; those at the sliders' defaults by the start-up's child process).
scoring_view = MV.shared_scoring_view
#: The key of :func:`scoring_view`: the sliders' values rounded to their steps.
scoring_settings = MV.scoring_settings


@st.cache_resource(show_spinner=False, max_entries=2000)
def _cached_threshold_view(
    settings: tuple, _model: MV.FittedModel, yours: tuple, threshold: int, lang: str
) -> MV.ThresholdView:
    # ``settings`` (scoring_settings) names the synthetic model; the model itself is not hashed.
    return MV.threshold_view(_model, dict(yours), threshold, lang)


def _threshold_view(
    model: MV.FittedModel, yours: dict[str, int], threshold: int, lang: str, settings
) -> MV.ThresholdView:
    """The threshold section's view; shared across sessions for the synthetic cohort (by its
    settings), computed per run for anything else (an upload is never cached across sessions)."""
    if settings is None or not model.synthetic:
        return MV.threshold_view(model, yours, threshold, lang)
    return _cached_threshold_view(settings, model, tuple(sorted(yours.items())), threshold, lang)


def _chart(
    builder, frame, *, summary: str, sources: str, synthetic: bool, key: str, data_key, **options
):
    """A chart of the scorecard views: cached for a synthetic cohort, never for an upload.
    ``data_key`` names the synthetic cohort's ``frame`` completely (its settings, and "your
    points" for the distribution), or is ``None``: with it the chart, its table and their Arrow
    form are made once per process (:func:`riskexplorer.app.ui.drawn_chart`) and a rerun does
    not hash the frame."""
    ui.show_chart(
        builder,
        frame,
        summary=summary,
        sources=sources,
        synthetic=synthetic,
        cache=synthetic,
        data_key=data_key if synthetic else None,
        key=key,
        **options,
    )


def _table(
    frame, caption: str, synthetic: bool, *, shared: bool = False, print_columns=None
) -> None:
    """A table of the scorecard; a synthetic cohort's says so under it and in the export.
    ``shared``: ``frame`` belongs to a process-wide cached view of the synthetic cohort (its
    Arrow form is then made once, :func:`riskexplorer.app.ui.table`); ``print_columns``: what
    the printed summary keeps."""
    if synthetic:
        caption = f"{ui.tr('synthetic.badge')} {caption}"
    ui.table(frame, caption, shared=shared and synthetic, print_columns=print_columns)
    if synthetic:
        st.caption(ui.tr("synthetic.table"))


def show_scorecard(
    model: MV.FittedModel,
    *,
    key: str,
    sources: str,
    shareable: bool,
    profiles: bool = True,
    view: MV.ScoringView | None = None,
    settings: tuple | None = None,
) -> None:
    """Every view of ``model``. Widget keys start with ``key``; with ``shareable`` they live in
    the URL (a synthetic cohort can be rebuilt from it; an upload cannot, so it is not bound).
    ``profiles=False`` leaves out the profile builder (a real upload: prevention, not profiling).
    ``view`` is the Scoring page's cached view of ``model`` and ``settings`` its cache key
    (:func:`scoring_settings`); without them everything is computed for this run.

    The threshold and the profile builder are fragments keyed ``{key}_threshold_views`` and
    ``{key}_profile_views``: moving the threshold reruns that part only (and, when shareable,
    the sidebar's link)."""
    lang = ui.lang()
    synthetic = model.synthetic
    shown = view.scorecard if view is not None else MV.scorecard_view(model, lang)

    ui.section(ui.tr("model.points_heading"))
    ui.paragraph(shown.rule)
    # A synthetic cohort's table and chart set the published (crude) odds ratio beside the
    # model's own (conditional) one; an upload has only its own.
    # The Scoring page's view is cached per setting (scoring_view): its frames are shared.
    cached = view is not None and settings is not None and synthetic
    _table(
        shown.points,
        ui.tr("model.points_heading"),
        synthetic,
        shared=cached,
        print_columns=shown.points_print,
    )
    _chart(
        charts.odds_ratio_forest,
        shown.forest,
        summary=shown.forest_summary,
        sources=sources,
        synthetic=synthetic,
        key=f"{key}_odds_ratios",
        # The same key and options as the start-up draws it with (MV.scoring_charts).
        data_key=MV.forest_key(settings) if cached else None,
        **MV.forest_options(lang, synthetic=synthetic),
    )

    ui.section(ui.tr("model.risk_heading"))
    st.caption(ui.tr("model.risk_help_synthetic" if synthetic else "model.risk_help"))
    _table(shown.risk, ui.tr("model.risk_heading"), synthetic, shared=cached)

    threshold_key, profile_key = f"{key}_threshold_views", f"{key}_profile_views"
    st.fragment(_threshold_views, key=threshold_key)(
        model,
        shown,
        view.threshold if view is not None else None,
        key=key,
        sources=sources,
        shareable=shareable,
        settings=settings,
        rerun=ui.rerun_with_link(threshold_key) if shareable else None,
    )
    if profiles:
        st.fragment(_profile_views, key=profile_key)(
            model,
            key=key,
            shareable=shareable,
            rerun=ui.rerun_with_link(profile_key) if shareable else None,
        )
    else:
        st.info(ui.tr("your_data.no_profiles"), icon=":material/groups:")


#: The least range of "your points" (±): more when the fit itself goes further.
POINTS_LIMIT = 20


def _threshold_views(
    model: MV.FittedModel,
    shown: MV.ScorecardView,
    at_default: MV.ThresholdView | None,
    *,
    key: str,
    sources: str,
    shareable: bool,
    settings: tuple | None,
    rerun,
) -> None:
    """Your points, the threshold and its lesson, the distributions: a fragment, so moving the
    threshold reruns this part only (not the fit, the tables above or the rest of the app)."""
    lang = ui.lang()
    synthetic = model.synthetic
    with ui.briefing_slot(f"{key}_threshold"):
        ui.section(ui.tr("model.threshold_heading"))
        fitted = model.points
        yours = dict(fitted)
        _follow_the_fit(fitted, key)
        # A strong factor's fitted points pass 20 at a high NEET share (neet: 34 at 42%): the
        # inputs' range always holds the fit, or Streamlit refuses the value.
        limit = max(POINTS_LIMIT, *(abs(p) for p in fitted.values()))
        if not ui.presenting():
            editor = st.expander(
                ui.tr("model.your_points"),
                icon=":material/edit:",
                key=f"{key}_pts_open",
                on_change=rerun or "rerun",
            )
            # Eleven number inputs are a third of a move's elements: they are drawn only while
            # the editor is open or holds points of its own (or a link brings some), so a move
            # with the editor closed and untouched neither builds nor sends them. Closed and
            # untouched, "your points" are the fitted ones — what the inputs would return.
            if editor.open or _points_edited(model.factors, fitted, key):
                editor.caption(ui.tr("model.your_points_help"))
                columns = editor.columns(3)
                for i, factor in enumerate(model.factors):
                    with columns[i % 3]:
                        yours[factor] = int(
                            _number(
                                ui.plain(MV.factor_label(factor, lang)),  # may be an upload column
                                value=fitted[factor],
                                key=f"{key}_pts_{factor}",
                                shareable=shareable,
                                on_change=rerun,
                                min_value=-limit,
                                max_value=limit,
                                step=1,
                            )
                        )
        low = min(shown.threshold_range[0], MV.threshold_range(yours)[0])
        high = max(shown.threshold_range[1], MV.threshold_range(yours)[1])
        default = min(max(shown.default_threshold, low), high)
        threshold = default
        if high > low:
            threshold = _slider(
                ui.tr("model.threshold"),
                low,
                high,
                default,
                key=f"{key}_threshold",
                shareable=shareable,
                on_change=rerun,
                help=ui.tr("model.threshold_help"),
            )
        if at_default is not None and yours == fitted and threshold == shown.default_threshold:
            result = at_default
        else:
            result = _threshold_view(model, yours, threshold, lang, settings)
        ui.paragraph(f"### {result.lesson}")
        if synthetic:
            st.caption(ui.tr("synthetic.caption"))
        # Cached per setting, "your points" and threshold (synthetic cohort with settings only).
        cached = synthetic and settings is not None
        _table(result.table, ui.tr("model.threshold_heading"), synthetic, shared=cached)

        if not result.distribution.empty:
            _chart(
                charts.score_distribution,
                result.distribution,
                summary=result.distribution_summary,
                sources=sources,
                synthetic=synthetic,
                key=f"{key}_distribution",
                data_key=MV.distribution_key(settings, yours) if cached else None,
                **MV.distribution_options(lang, threshold),
            )


def _points_edited(factors: Sequence[str], fitted: dict[str, int], key: str) -> bool:
    """Whether any factor's "your points" input holds a value other than its fitted points,
    or the link sets one (before its input is first drawn)."""
    for factor in factors:
        name = f"{key}_pts_{factor}"
        if name in st.session_state:
            if st.session_state[name] != fitted[factor]:
                return True
        elif name in st.query_params:
            return True
    return False


def _follow_the_fit(fitted: dict[str, int], key: str) -> None:
    """When the fit changes (a slider above moved), "your points" start again from the new
    fitted points, so the comparison is against this fit, not a former one. A link's points
    are kept on first sight (the fit they were set against is the link's)."""
    memo = f"_{key}_pts_fitted"
    previous = st.session_state.get(memo)
    if previous is not None and previous != fitted:
        for factor, points in fitted.items():
            st.session_state[f"{key}_pts_{factor}"] = points
    st.session_state[memo] = dict(fitted)


def _slider(label: str, low: int, high: int, value: int, *, key: str, shareable: bool, **kwargs):
    """The threshold slider: in the URL and the share link when shareable, else plain."""
    if shareable:
        return ui.slider(label, low, high, value, key=key, **kwargs)
    kwargs.pop("on_change", None)
    return st.slider(label, min_value=low, max_value=high, value=value, key=key, **kwargs)


def _number(label: str, *, value: int, key: str, shareable: bool, **kwargs) -> int:
    """One factor's points: in the URL and the share link when shareable, else plain."""
    if shareable:
        return ui.number_input(label, value=value, key=key, **kwargs)
    kwargs.pop("on_change", None)
    return st.number_input(label, value=value, key=key, **kwargs)


def _profile_views(model: MV.FittedModel, *, key: str, shareable: bool, rerun) -> None:
    """The profile builder: a fragment, so ticking a factor reruns this part only. With
    ``shareable`` the chosen factors are ids in the link (``?sc_profile=truancy``), so a link
    restores the same profile in any language."""
    lang = ui.lang()
    with ui.briefing_slot(f"{key}_profile"):
        ui.section(ui.tr("model.profile_heading"))
        st.caption(ui.tr("model.profile_help"))
        options = MV.profile_options(model, lang)
        if shareable:
            present = ui.pills(
                ui.tr("model.profile_pick"), options, key=f"{key}_profile", on_change=rerun
            )
        else:
            present = st.pills(
                ui.tr("model.profile_pick"),
                list(options),
                selection_mode="multi",
                format_func=options.get,
                key=f"{key}_profile",
                default=[],
            )
        result = MV.profile(model, present or [], lang)
        metrics = ui.row()
        metrics.metric(ui.tr("model.profile_points"), result["points"])
        metrics.metric(
            ui.tr("model.profile_risk"), result["risk"], help=ui.tr("model.profile_risk_help")
        )
        metrics.metric(ui.tr("model.profile_ci"), result["ci"])
        ui.paragraph(result["sentence"])


def show_results(view: MV.ScoringView) -> None:
    """The Scoring page's result strip (inside the results container of
    :func:`riskexplorer.app.ui.controls_and_results`)."""
    ui.result_strip(
        [ui.Result(r.label, r.value, help=r.help) for r in view.results],
        caption=view.results_caption,
    )


def show_trust(view: MV.ScoringView) -> None:
    """The Scoring page's synthetic-cohort note and its "what to trust" section: the AUC in
    context, the cost of rounding, the two odds ratios, and the warnings the fit calls for."""
    ui.info(view.cohort_note, icon=":material/science:")
    ui.section(ui.tr("scoring.trust_heading"))
    for text in view.trust:
        ui.paragraph(text)
    if view.sign_warning:
        ui.warning(view.sign_warning)
    if view.zero_note:
        ui.info(view.zero_note)
    ui.caption(view.source_line)
