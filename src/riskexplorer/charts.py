"""Altair chart builders: pure functions, data in, chart out.

Every builder takes a tidy DataFrame whose text columns are already translated, plus translated
titles, so the same function serves Kazakh, Russian and English. Colours come from the Okabe–Ito
palette, darkened where needed for 3:1 contrast on white (WCAG 1.4.11); status is also always
written in words in the legend and tooltip.
"""

from __future__ import annotations

import copy
import textwrap
from collections.abc import Mapping, Sequence
from functools import cache

import altair as alt
import pandas as pd
from babel import Locale

from riskexplorer.statuses import STATUSES, style

STATUS_COLORS: Mapping[str, str] = {s: style(s).chart_colour for s in STATUSES}
#: Two contrasting colours for offenders / non-offenders, full model / points, etc.
PAIR_COLORS: tuple[str, str] = ("#0072B2", "#C05A00")
FONT = "DejaVu Sans, Arial, sans-serif"
TEXT = "#14181F"


#: Characters per line of a chart title at the desk; a longer title wraps onto more lines
#: instead of being cut at the chart's edge (fewer characters when the type is larger).
TITLE_CHARS = 70
#: Font sizes at the desk (px); :func:`scaled` multiplies them for the presentation view.
BASE_FONT = 14


def title_lines(text: str | Sequence[str], max_chars: int = TITLE_CHARS) -> list[str]:
    """A title as lines of at most ``max_chars`` characters, broken between words.

    >>> title_lines("Minors held criminally liable, January–September of each year", 30)
    ['Minors held criminally liable,', 'January–September of each year']
    """
    text = " ".join(text) if not isinstance(text, str) else text
    return textwrap.wrap(text, max(int(max_chars), 10), break_long_words=False) or [text]


def _base(chart: alt.Chart, title: str, height: int) -> alt.Chart:
    # Every chart's look in one ``.properties`` call: each chained ``configure_*`` deep-copies
    # the whole chart with its data (seven copies were a third of building a Scoring chart).
    return chart.properties(
        title=alt.Title(title_lines(title), anchor="start"),
        height=height,
        config=alt.Config(
            axis=alt.AxisConfig(
                labelFontSize=14,
                titleFontSize=14,
                labelFont=FONT,
                titleFont=FONT,
                labelLimit=420,
                labelColor=TEXT,
                titleColor=TEXT,
            ),
            legend=alt.LegendConfig(
                labelFontSize=14,
                titleFontSize=14,
                labelFont=FONT,
                titleFont=FONT,
                orient="bottom",
                direction="horizontal",
                labelLimit=400,
                titleLimit=0,
                labelColor=TEXT,
                titleColor=TEXT,
            ),
            title=alt.TitleConfig(
                fontSize=17, font=FONT, color=TEXT, subtitleFontSize=15, offset=8
            ),
            text=alt.MarkConfig(fontSize=BASE_FONT, font=FONT, color=TEXT),
            view=alt.ViewConfig(stroke=None),
        ),
        # Room above the title and right of the last value label, so neither is cut.
        padding={"top": 8, "left": 5, "right": 24, "bottom": 5},
    )


def _status_scale(status_text: Mapping[str, str], present: Sequence[str]) -> alt.Scale:
    """Colours for the statuses present in the chart, in the canonical order."""
    keys = [k for k in STATUS_COLORS if k in status_text and k in set(present)]
    return alt.Scale(domain=[status_text[k] for k in keys], range=[STATUS_COLORS[k] for k in keys])


def figures_bar(
    data: pd.DataFrame,
    *,
    title: str,
    value_title: str,
    status_text: Mapping[str, str],
    status_title: str,
    tooltip_titles: Mapping[str, str],
    height: int | None = None,
) -> alt.Chart:
    """Horizontal bars, one per figure, coloured by verification status.

    ``data`` columns: ``label, value, value_text, status, status_text, period, source``.
    """
    # Streamlit fits the whole chart (title, axes, legend) into this height.
    height = height or 190 + 40 * len(data)
    bars = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("label:N", sort=None, title=None),
            x=alt.X("value:Q", title=value_title),
            color=alt.Color(
                "status_text:N",
                scale=_status_scale(status_text, data["status"].tolist()),
                title=status_title,
            ),
            tooltip=[
                alt.Tooltip("label:N", title=tooltip_titles["label"]),
                alt.Tooltip("value_text:N", title=tooltip_titles["value"]),
                alt.Tooltip("period:N", title=tooltip_titles["period"]),
                alt.Tooltip("status_text:N", title=tooltip_titles["status"]),
                alt.Tooltip("source:N", title=tooltip_titles["source"]),
            ],
        )
    )
    text = bars.mark_text(align="left", dx=4, color="#14181F").encode(
        text="value_text:N", color=alt.value("#14181F")
    )
    return _base(bars + text, title, height)


def trend(
    data: pd.DataFrame,
    *,
    title: str,
    value_title: str,
    kind_title: str,
    tooltip_titles: Mapping[str, str],
    kind_order: Sequence[str],
    height: int = 420,
    marker_period: str | None = None,
    marker_label: str | None = None,
) -> alt.Chart:
    """Points over time joined by a line, shaped by what kind of figure each is.

    ``data`` columns: ``date, value, value_text, short_text, kind`` (e.g. exact / at least / at most /
    derived, translated), ``period, source``. Bounds and derived points stay visibly different.
    ``marker_period`` (one of ``data["period"]``) draws a dashed rule at the start of that
    period's band, labelled ``marker_label`` at the top: an event such as a change in the law
    shown on the chart itself, not only in a caption.
    """
    shapes = ["circle", "triangle-up", "triangle-down", "diamond", "square"][: len(kind_order)]
    base = alt.Chart(data).encode(
        # One band per documented period, in date order: honest spacing of uneven periods
        # would suggest precision the sources do not have.
        x=alt.X(
            "period:N",
            sort=list(data.sort_values("date")["period"]),
            title=None,
            axis=alt.Axis(labelAngle=0),
        ),
        y=alt.Y("value:Q", title=value_title, scale=alt.Scale(zero=True)),
    )
    line = base.mark_line(color="#666666", strokeDash=[4, 3])
    points = base.mark_point(size=160, filled=True, color="#0072B2").encode(
        shape=alt.Shape(
            "kind:N", scale=alt.Scale(domain=list(kind_order), range=shapes), title=kind_title
        ),
        tooltip=[
            alt.Tooltip("period:N", title=tooltip_titles["period"]),
            alt.Tooltip("value_text:N", title=tooltip_titles["value"]),
            alt.Tooltip("kind:N", title=kind_title),
            alt.Tooltip("source:N", title=tooltip_titles["source"]),
        ],
    )
    labels = base.mark_text(dy=-16, color="#14181F").encode(text="short_text:N")
    layers = [line, points, labels]
    if marker_period is not None:
        order = list(data.sort_values("date")["period"])
        x = alt.X("period:N", sort=order, bandPosition=0, title=None)
        mark = alt.Chart(pd.DataFrame({"period": [marker_period], "label": [marker_label or ""]}))
        layers += [
            mark.mark_rule(color=TEXT, strokeDash=[6, 4], strokeWidth=2).encode(x=x),
            mark.mark_text(
                align="left",
                baseline="bottom",
                dx=6,
                y=alt.ExprRef("height - 6"),
                color=TEXT,
                lineBreak="\n",
            ).encode(x=x, text="label:N"),
        ]
    return _base(alt.layer(*layers), title, height)


def grouped_bars(
    data: pd.DataFrame,
    *,
    title: str,
    value_title: str,
    group_title: str,
    tooltip_titles: Mapping[str, str],
    height: int | None = None,
) -> alt.Chart:
    """Bars for each category side by side across editions (seed vs an official count).

    ``data`` columns: ``label, group, value, value_text, status_text, source``.
    """
    groups = list(dict.fromkeys(data["group"]))
    height = height or 200 + 28 * len(data)
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("label:N", sort=None, title=None),
            yOffset=alt.YOffset("group:N", sort=groups),
            x=alt.X("value:Q", title=value_title),
            color=alt.Color(
                "group:N",
                sort=groups,
                title=group_title,
                scale=alt.Scale(range=list(PAIR_COLORS) + ["#666666"]),
            ),
            tooltip=[
                alt.Tooltip("label:N", title=tooltip_titles["label"]),
                alt.Tooltip("group:N", title=group_title),
                alt.Tooltip("value_text:N", title=tooltip_titles["value"]),
                alt.Tooltip("status_text:N", title=tooltip_titles["status"]),
                alt.Tooltip("source:N", title=tooltip_titles["source"]),
            ],
        )
    )
    return _base(chart, title, height)


def odds_ratio_forest(
    data: pd.DataFrame,
    *,
    title: str,
    axis_title: str,
    tooltip_titles: Mapping[str, str],
    true_title: str | None = None,
    height: int | None = None,
    kind_title: str | None = None,
    kind_order: Sequence[str] = (),
) -> alt.Chart:
    """Odds ratios (or other ratios) with 95% intervals on a log scale, a reference line at 1
    (no association), and — for a synthetic cohort — the generating model's odds ratio as an
    open diamond.

    ``data`` columns: ``label, odds_ratio, ci_low, ci_high, text`` (and ``true_or``). A row
    without ``odds_ratio`` draws only its interval (a published range across groups); a row
    without ``ci_low``/``ci_high`` only its point (no interval published). With ``kind_title``,
    a ``kind`` column (translated, in ``kind_order``) sets the point's shape and the line's dash,
    with a legend, so "no interval" never reads as "no uncertainty". Extra columns named in
    ``tooltip_titles`` (``population``, ``source``) join the tooltip.
    """
    height = height or 150 + 36 * len(data)
    order = list(data["label"])
    y = alt.Y("label:N", sort=order, title=None)
    x_scale = alt.Scale(type="log")
    tooltip = [
        alt.Tooltip("label:N", title=tooltip_titles["label"]),
        alt.Tooltip("text:N", title=tooltip_titles["value"]),
    ] + [
        alt.Tooltip(f"{k}:N", title=tooltip_titles[k])
        for k in ("population", "source")
        if k in tooltip_titles and k in data
    ]
    shape: dict = {}
    dash: dict = {}
    points = data.assign(x=data["odds_ratio"])
    if kind_title and "kind" in data:
        kinds = list(kind_order) or list(dict.fromkeys(data["kind"]))
        shapes = ["circle", "diamond", "square", "triangle-up"][: len(kinds)]
        dashes = [[1, 0], [6, 4], [1, 0], [1, 0]][: len(kinds)]
        shape = {
            "shape": alt.Shape(
                "kind:N", title=kind_title, scale=alt.Scale(domain=kinds, range=shapes)
            )
        }
        dash = {
            "strokeDash": alt.StrokeDash(
                "kind:N", scale=alt.Scale(domain=kinds, range=dashes), legend=None
            )
        }
        # A range without a point estimate is marked at both ends, so that its kind has a
        # symbol on the chart as well as in the legend.
        ranges = data[data["odds_ratio"].isna() & data["ci_low"].notna()]
        ends = pd.concat([ranges.assign(x=ranges["ci_low"]), ranges.assign(x=ranges["ci_high"])])
        points = pd.concat([points[points["x"].notna()], ends], ignore_index=True)
    rule = (
        alt.Chart(data)
        .mark_rule(strokeWidth=3, color=PAIR_COLORS[0])
        .encode(
            y=y,
            x=alt.X("ci_low:Q", scale=x_scale, title=axis_title),
            x2="ci_high:Q",
            tooltip=tooltip,
            **dash,
        )
    )
    point = (
        alt.Chart(points)
        .mark_point(filled=True, size=140, color=PAIR_COLORS[0], opacity=1)
        .encode(y=y, x=alt.X("x:Q", scale=x_scale), tooltip=tooltip, **shape)
    )
    one = (
        alt.Chart(pd.DataFrame({"x": [1.0]}))
        .mark_rule(color="#444444", strokeDash=[4, 4])
        .encode(x="x:Q")
    )
    layers = [one, rule, point]
    if true_title and "true_or" in data:
        layers.append(
            alt.Chart(data.assign(kind=true_title))
            .mark_point(
                shape="diamond", size=160, filled=False, strokeWidth=2, color=PAIR_COLORS[1]
            )
            .encode(
                y=y,
                x=alt.X("true_or:Q", scale=x_scale),
                shape=alt.Shape("kind:N", title=None, scale=alt.Scale(range=["diamond"])),
                tooltip=[
                    alt.Tooltip("label:N", title=tooltip_titles["label"]),
                    alt.Tooltip("true_or:Q", title=true_title, format=".2f"),
                ],
            )
        )
    return _base(alt.layer(*layers), title, height)


def score_distribution(
    data: pd.DataFrame,
    *,
    title: str,
    x_title: str,
    y_title: str,
    group_title: str,
    threshold: int | None = None,
    height: int = 380,
) -> alt.Chart:
    """Share of each group at each total of points, side by side; a rule marks the threshold.

    ``data`` columns: ``points, group, share, share_text, count_text``.
    """
    groups = list(dict.fromkeys(data["group"]))
    bars = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("points:O", title=x_title, axis=alt.Axis(labelAngle=0)),
            xOffset=alt.XOffset("group:N", sort=groups),
            y=alt.Y("share:Q", title=y_title),
            color=alt.Color(
                "group:N", sort=groups, title=group_title, scale=alt.Scale(range=list(PAIR_COLORS))
            ),
            tooltip=[
                alt.Tooltip("group:N", title=group_title),
                alt.Tooltip("points:O", title=x_title),
                alt.Tooltip("share_text:N", title=y_title),
                alt.Tooltip("count_text:N", title="n"),
            ],
        )
    )
    layers = [bars]
    if threshold is not None and not data.empty:
        marker = pd.DataFrame({"points": [threshold]})
        layers.append(
            alt.Chart(marker)
            .mark_rule(color="#14181F", strokeDash=[6, 3], strokeWidth=2)
            .encode(x=alt.X("points:O"))
        )
    return _base(alt.layer(*layers), title, height)


def rr_heatmap(
    data: pd.DataFrame,
    *,
    title: str,
    share_title: str,
    prevalence_title: str,
    rr_title: str,
    tooltip_titles: Mapping[str, str],
    current: Mapping[str, float | str],
    marks: Sequence[Mapping[str, float | str]] = (),
    height: int = 520,
) -> alt.LayerChart:
    """Relative risk over a grid of (share among offenders, prevalence), with the current point.

    ``data`` columns (from :func:`riskexplorer.scenarios.rr_grid`): ``share_lo, share_hi,
    prevalence_lo, prevalence_hi, rr, share_text, prevalence_text, rr_text, paf_text``. Colour is
    viridis (colour-blind safe, readable in greyscale) on a log scale, so RR 0.7 and RR 231 both
    show; the exact value is in the tooltip. ``current`` has ``share, prevalence, label``: the
    sliders' point, a white disc with a dark ring that stands out on every colour, explained by
    ``label`` in the subtitle. Each of ``marks`` has ``share, label``: a dashed vertical line with
    its label above the plot (e.g. the briefing's claim).

    Four layers only: Altair validates each layer, and this chart is rebuilt on every slider move.
    """
    x_domain = [float(data["share_lo"].min()), float(data["share_hi"].max())]
    y_domain = [float(data["prevalence_lo"].min()), float(data["prevalence_hi"].max())]
    x_scale = alt.Scale(domain=x_domain, nice=False, zero=False)
    y_scale = alt.Scale(domain=y_domain, nice=False, zero=False)
    x_ticks = [float(v) for v in range(-5 * int(-x_domain[0] // 5), int(x_domain[1]) + 1, 5)]
    y_ticks = [float(v) for v in range(-int(-y_domain[0] // 1), int(y_domain[1]) + 1)]
    colour = alt.Scale(type="log", scheme="viridis")
    # Cells overlap by a tenth of a step, which closes the hairline seams anti-aliasing leaves.
    data = data.assign(
        share_end=data["share_hi"] + 0.1 * (data["share_hi"] - data["share_lo"]),
        prevalence_end=data["prevalence_hi"]
        + 0.1 * (data["prevalence_hi"] - data["prevalence_lo"]),
    )
    cells = (
        alt.Chart(data)
        .mark_rect()
        .encode(
            x=alt.X("share_lo:Q", scale=x_scale, title=share_title, axis=alt.Axis(values=x_ticks)),
            x2="share_end:Q",
            y=alt.Y(
                "prevalence_lo:Q",
                scale=y_scale,
                title=prevalence_title,
                axis=alt.Axis(values=y_ticks),
            ),
            y2="prevalence_end:Q",
            color=alt.Color(
                "rr:Q",
                scale=colour,
                title=rr_title,
                legend=alt.Legend(orient="bottom", gradientLength=300, format="~g"),
            ),
            tooltip=[
                alt.Tooltip("share_text:N", title=tooltip_titles["share"]),
                alt.Tooltip("prevalence_text:N", title=tooltip_titles["prevalence"]),
                alt.Tooltip("rr_text:N", title=tooltip_titles["rr"]),
                alt.Tooltip("paf_text:N", title=tooltip_titles["paf"]),
            ],
        )
    )
    layers: list[alt.Chart] = [cells]
    if marks:
        rule = alt.Chart(pd.DataFrame(list(marks)).assign(top=y_domain[1])).encode(
            x=alt.X("share:Q", scale=x_scale)
        )
        layers += [
            rule.mark_rule(color="white", strokeWidth=2.5, strokeDash=[7, 4]),
            rule.mark_text(align="left", baseline="bottom", dx=4, dy=-4, color=TEXT).encode(
                y=alt.Y("top:Q", scale=y_scale), text="label:N"
            ),
        ]
    layers.append(
        alt.Chart(pd.DataFrame([{"share": current["share"], "prevalence": current["prevalence"]}]))
        .mark_point(
            shape="circle",
            size=420,
            filled=True,
            fill="white",
            fillOpacity=0.85,
            stroke=TEXT,
            strokeWidth=4,
            opacity=1,
        )
        .encode(x=alt.X("share:Q", scale=x_scale), y=alt.Y("prevalence:Q", scale=y_scale))
    )
    chart = _base(alt.layer(*layers), title, height)
    return chart.properties(
        title=alt.Title(
            title_lines(title),
            subtitle=title_lines(str(current["label"]), TITLE_CHARS + 10),
            anchor="start",
            subtitleColor=TEXT,
            subtitleFont=FONT,
        )
    )


#: The name of the heatmap's current point in the spec the page sends (:func:`with_current` with
#: ``live=True``). The browser re-embeds a Vega view whenever the spec's text changes, and only
#: updates its data when nothing but a named dataset did: with the point in a dataset of a fixed
#: name and a subtitle without numbers, a slider move changes one row of data, not the chart.
CURRENT_POINT = "current_point"


def with_current(spec: dict, current: Mapping[str, float | str], *, live: bool = False) -> dict:
    """A copy of an :func:`rr_heatmap` spec (as a dict) with its current point and subtitle
    moved to ``current`` (``share, prevalence, label``).

    Building and validating the heatmap takes ~60 ms; only the point moves with the sliders, so
    the spec is built once (with any point) and cached, and each slider move patches a shallow
    copy here — no Altair involved. ``live``: the spec the page shows. The point goes into the
    dataset :data:`CURRENT_POINT` and the subtitle is ``current["live_label"]``, which names no
    number, so the spec's text is the same at every setting (the numbers are in the chart's
    summary); without it (the summary's image) the point's values are inline and the subtitle
    is ``current["label"]``, with the numbers.
    """
    layers = list(spec["layer"])
    old = layers[-1].get("data", {}).get("name")
    datasets = {k: v for k, v in spec.get("datasets", {}).items() if k != old}
    point = [{"share": current["share"], "prevalence": current["prevalence"]}]
    if live:
        layers[-1] = {**layers[-1], "data": {"name": CURRENT_POINT}}
        datasets[CURRENT_POINT] = point
    else:
        layers[-1] = {**layers[-1], "data": {"values": point}}
    label = current["live_label"] if live else current["label"]
    title = {**spec["title"], "subtitle": title_lines(str(label))}
    return {**spec, "layer": layers, "title": title, "datasets": datasets}


#: Colours of a factor removed (risk) and a factor added (protective) in :func:`effect_bars`.
ACTION_COLORS: Mapping[str, str] = {"remove": PAIR_COLORS[0], "add": PAIR_COLORS[1]}


def effect_bars(
    data: pd.DataFrame,
    *,
    title: str,
    value_title: str,
    kind_title: str,
    tooltip_titles: Mapping[str, str],
    kind_text: Mapping[str, str],
    height: int | None = None,
) -> alt.LayerChart:
    """Ranked horizontal bars of a modelled change per factor, with its range as a whisker.

    ``data`` columns (from :func:`riskexplorer.views.who_can_act.factor_effects`): ``label,
    value, value_low, value_high, value_text, range_text, or_text, action, kind_text,
    domain_text, stakeholders_text``, in the order to show. ``kind_text`` maps ``remove``/``add``
    to words for the legend, so the colour is never the only cue.
    """
    height = height or 170 + 44 * len(data)
    # A very wide range (NEET's spans the whole slider range) would squash every other bar: the
    # axis stops at twice the largest change, whiskers beyond it are cut at the edge, and each
    # label gives the full range in words.
    top = max(float(data["value"].max()), 0.0) if len(data) else 1.0
    x_max = max(min(float(data["value_high"].max()), 2 * top), top, 1.0) if len(data) else 1.0
    x_min = min(float(data["value_low"].min()), 0.0) if len(data) else 0.0
    data = data.assign(
        high_shown=data["value_high"].clip(upper=x_max),
        cut=data["value_high"] > x_max,
        # "▸" after a cut whisker: it goes on beyond the edge; the words give its full range.
        bar_text=(data["value_high"] > x_max).map({True: "▸ ", False: ""})
        + data["value_text"]
        + " ("
        + data["range_text"]
        + ")",
    )
    # Room on the right for the labels, which stand after each whisker.
    x_scale = alt.Scale(domain=[x_min, x_min + 1.6 * (x_max - x_min)], nice=False)
    present = [k for k in ACTION_COLORS if k in set(data["action"])]
    color = alt.Color(
        "kind_text:N",
        scale=alt.Scale(
            domain=[kind_text[k] for k in present], range=[ACTION_COLORS[k] for k in present]
        ),
        title=kind_title,
    )
    y = alt.Y("label:N", sort=list(data["label"]), title=None)
    tooltip = [
        alt.Tooltip("label:N", title=tooltip_titles["label"]),
        alt.Tooltip("value_text:N", title=tooltip_titles["value"]),
        alt.Tooltip("range_text:N", title=tooltip_titles["range"]),
        alt.Tooltip("or_text:N", title=tooltip_titles["rr"]),
        alt.Tooltip("domain_text:N", title=tooltip_titles["domain"]),
        alt.Tooltip("stakeholders_text:N", title=tooltip_titles["stakeholders"]),
    ]
    base = alt.Chart(data).encode(y=y, tooltip=tooltip)
    bars = base.mark_bar(height={"band": 0.6}, clip=True).encode(
        x=alt.X("value:Q", title=value_title, scale=x_scale), color=color
    )
    # One composite layer for each whisker and its end ticks: Altair validates every layer, and
    # this chart is rebuilt whenever the fraction changes.
    whiskers = base.mark_errorbar(ticks={"size": 14}, color=TEXT, thickness=2).encode(
        x=alt.X("value_low:Q", scale=x_scale, title=value_title), x2="high_shown:Q"
    )
    labels = base.mark_text(align="left", dx=8, color=TEXT).encode(
        x=alt.X("high_shown:Q", scale=x_scale), text="bar_text:N"
    )
    return _base(alt.layer(bars, whiskers, labels), title, height)


#: A diagonal hatch in a unit square (an SVG path for a point mark): Vega-Lite has no fill
#: patterns, so a region without a figure is grey *and* struck through, never colour alone.
HATCH = (
    "M -1 -0.5 L -0.5 -1 M -1 0 L 0 -1 M -1 0.5 L 0.5 -1 M -1 1 L 1 -1 "
    "M -0.5 1 L 1 -0.5 M 0 1 L 1 0 M 0.5 1 L 1 0.5"
)
MISSING_FILL = "#D9D9D9"
#: A region that a figure from before the 2022 split counts within its parent.
IN_PARENT_FILL = "#FFFFFF"


def tile_map(
    data: pd.DataFrame,
    *,
    title: str,
    value_title: str,
    tooltip_titles: Mapping[str, str],
    missing_text: str,
    in_parent_text: str,
    tile: int = 92,
    height: int | None = None,
) -> alt.LayerChart:
    """A tile-grid map: one equal square per unit at ``(row, col)``, coloured by value.

    ``data`` columns: ``row, col, name, short, value, value_text, state, state_text, ink,
    period, source, note``; ``state`` is ``figure`` (coloured on a sequential blue scale,
    readable by colour-blind readers and in greyscale), ``missing`` (grey with a diagonal hatch,
    "no published figure found" in the legend and tooltip) or ``in_parent`` (white with a dashed
    outline: before the 2022 split, counted in its parent region's figure). ``ink`` is the text
    colour each tile needs for contrast. Squares keep their size when the chart is stretched.
    """
    rows = int(data["row"].max()) + 1 if len(data) else 1
    height = height or 150 + (tile + 8) * rows
    size = tile * tile
    x = alt.X("col:O", axis=None, scale=alt.Scale(paddingInner=0.08))
    y = alt.Y("row:O", axis=None, scale=alt.Scale(paddingInner=0.08))
    tooltip = [
        alt.Tooltip("name:N", title=tooltip_titles["label"]),
        alt.Tooltip("value_text:N", title=tooltip_titles["value"]),
        alt.Tooltip("period:N", title=tooltip_titles["period"]),
        alt.Tooltip("source:N", title=tooltip_titles["source"]),
        alt.Tooltip("note:N", title=tooltip_titles["note"]),
    ]
    base = alt.Chart(data).encode(x=x, y=y, tooltip=tooltip)
    figures = data[data["state"] == "figure"]
    top = float(figures["value"].max()) if len(figures) else 1.0
    colour = alt.Color(
        "value:Q",
        title=value_title,
        scale=alt.Scale(scheme="blues", domain=[0, top], nice=False),
        legend=alt.Legend(orient="bottom", gradientLength=260, format="~s"),
    )
    filled = (
        base.transform_filter(alt.datum.state == "figure")
        .mark_square(size=size, opacity=1, stroke="#FFFFFF", strokeWidth=1)
        .encode(color=colour)
    )
    missing = base.transform_filter(alt.datum.state == "missing").mark_square(
        size=size, opacity=1, color=MISSING_FILL
    )
    present = [
        (text, shape)
        for state, text, shape in (
            ("missing", missing_text, HATCH),
            ("in_parent", in_parent_text, "square"),
        )
        if (data["state"] == state).any()
    ]
    states = alt.Scale(
        domain=[p[0] for p in present] or [missing_text], range=[p[1] for p in present] or [HATCH]
    )
    hatch = (
        base.transform_filter(alt.datum.state == "missing")
        .mark_point(
            size=size * 0.85, filled=False, strokeWidth=1, color="#8C8C8C", opacity=1, aria=False
        )
        .encode(
            shape=alt.Shape(
                "state_text:N",
                title=None,
                scale=states,
                legend=alt.Legend(
                    orient="bottom",
                    direction="vertical",
                    symbolSize=300,
                    symbolStrokeWidth=1.5,
                    labelLimit=900,
                ),
            )
        )
    )
    in_parent = (
        base.transform_filter(alt.datum.state == "in_parent")
        .mark_square(
            size=size,
            opacity=1,
            fill=IN_PARENT_FILL,
            stroke="#555555",
            strokeDash=[5, 3],
            strokeWidth=1.5,
        )
        .encode(shape=alt.Shape("state_text:N", title=None, scale=states))
    )
    names = base.mark_text(dy=-12, fontSize=13, fontWeight="bold", lineBreak="\n").encode(
        text="short:N", fill=alt.Fill("ink:N", scale=None)
    )
    values = base.mark_text(dy=14, fontSize=13).encode(
        text="short_value:N", fill=alt.Fill("ink:N", scale=None)
    )
    cols = int(data["col"].max()) + 1 if len(data) else 1
    # Only the layers the data fills: an empty mark group has no accessible name (axe-core's
    # svg-img-alt), and the hatch is decoration for the grey tile beneath it.
    layers = [filled]
    if (data["state"] == "missing").any():
        layers += [missing, hatch]
    if (data["state"] == "in_parent").any():
        layers.append(in_parent)
    chart = alt.layer(*layers, names, values)
    # The width is for exported images; on a page the chart fills its column and the squares
    # keep their size (a point mark's size is in pixels, not in scale units).
    return _base(chart, title, height).properties(width=(tile + 10) * cols)


# --- Numbers and dates by language, and the presentation scale ----------------------------------

_BABEL = {"kk": "kk_KZ", "ru": "ru_RU", "en": "en_US"}


@cache
def vega_locale(lang: str) -> dict:
    """A d3 number and time format locale for ``lang`` (Vega-Lite's ``config.locale``): decimal
    comma and a no-break space between thousands in Kazakh and Russian, month and day names
    from the CLDR (babel), so axes write "1 703" and "3,5" like the text beside them.

    >>> vega_locale("ru")["number"]["decimal"], vega_locale("ru")["number"]["thousands"]
    (',', '\xa0')
    >>> vega_locale("kk")["time"]["months"][0]
    'Қаңтар'
    """
    loc = Locale.parse(_BABEL.get(lang, "en_US"))
    comma = lang in ("kk", "ru")
    months = loc.months["stand-alone"]
    days = loc.days["stand-alone"]
    # d3 counts days from Sunday; the CLDR from Monday (0).
    week = [6, 0, 1, 2, 3, 4, 5]
    return {
        "number": {
            "decimal": "," if comma else ".",
            "thousands": "\u00a0" if comma else ",",
            "grouping": [3],
            "currency": ["", ""],
            "percent": "\u00a0%" if comma else "%",
            "minus": "\u2212",
        },
        "time": {
            "dateTime": "%x, %X",
            "date": "%d.%m.%Y" if comma else "%m/%d/%Y",
            "time": "%H:%M:%S",
            "periods": ["AM", "PM"],
            "days": [days["wide"][i] for i in week],
            "shortDays": [days["abbreviated"][i] for i in week],
            "months": [months["wide"][i] for i in range(1, 13)],
            "shortMonths": [months["abbreviated"][i] for i in range(1, 13)],
        },
    }


_FONT_KEYS = ("fontSize", "labelFontSize", "titleFontSize", "subtitleFontSize")


def _scale_fonts(node: object, factor: float) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in _FONT_KEYS and isinstance(value, int | float):
                node[key] = round(value * factor)
            else:
                _scale_fonts(value, factor)
    elif isinstance(node, list):
        for item in node:
            _scale_fonts(item, factor)


def _rewrap(title: object, max_chars: int) -> object:
    if isinstance(title, dict):
        out = dict(title)
        for part in ("text", "subtitle"):
            if part in out and isinstance(out[part], str | list):
                out[part] = title_lines(out[part], max_chars)
        return out
    if isinstance(title, str | list):
        return title_lines(title, max_chars)
    return title


def localized(spec: dict, lang: str, *, scale: float = 1.0) -> dict:
    """A copy of a Vega-Lite ``spec`` with numbers and dates written as ``lang`` writes them, and
    — for ``scale`` > 1 (the presentation view) — every font, the height and the padding scaled,
    titles re-wrapped to the larger type so none is cut.

    >>> spec = {"title": {"text": ["Minors held liable"]}, "height": 400,
    ...         "config": {"axis": {"labelFontSize": 14}}}
    >>> out = localized(spec, "ru", scale=22 / 14)
    >>> out["config"]["axis"]["labelFontSize"], out["height"], out["config"]["locale"]["number"]["decimal"]
    (22, 499, ',')
    """
    out = copy.deepcopy(spec)
    config = out.setdefault("config", {})
    config["locale"] = vega_locale(lang)
    if scale != 1.0:
        _scale_fonts(out, scale)
        if isinstance(out.get("height"), int | float):
            out["height"] = round(out["height"] * (1 + (scale - 1) / 2.3))
        if "title" in out:
            out["title"] = _rewrap(out["title"], TITLE_CHARS / scale)
        config.setdefault("text", {}).setdefault("fontSize", round(BASE_FONT * scale))
        for part in ("axis", "legend"):
            # a larger label needs more room before it is cut
            limit = config.get(part, {}).get("labelLimit")
            if isinstance(limit, int | float):
                config[part]["labelLimit"] = round(limit * scale)
    return out
