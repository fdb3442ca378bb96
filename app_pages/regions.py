"""Regions: every regional series on a tile-grid map of the 20 units, as a map, a table or a
chart; missing regions shown as missing, the 2022 split shown, and the series for download."""

import streamlit as st

from riskexplorer import charts, privacy
from riskexplorer.app import ui
from riskexplorer.views import regions

lang = ui.lang()
BAR_COLUMNS = ["label", "value", "value_text", "status", "status_text", "period", "source"]
MAP_COLUMNS = [
    "row", "col", "name", "short", "value", "value_text", "short_value", "state", "state_text",
    "ink", "period", "source", "note",
]  # fmt: skip
VIEW_KEYS = {
    "map": "regions.view_map",
    "table": "regions.view_table",
    "chart": "regions.view_chart",
}
VIEWS = tuple(VIEW_KEYS)

ui.title(ui.tr("regions.title"))
if not ui.presenting():
    st.markdown(ui.tr("regions.intro"))

# The URL carries the ids (not the translated labels a bound widget would write), so a shared
# link opens the same measure and view in any language.
choices = regions.series_ids()
wanted = st.query_params.get("rg_series")
series = st.selectbox(
    ui.tr("regions.measure"),
    choices,
    index=choices.index(wanted) if wanted in choices else 0,
    format_func=lambda s: regions.series_title(s, lang),
    key="rg_series",
)
wanted_view = st.query_params.get("rg_view")
view = (
    st.segmented_control(
        ui.tr("regions.view"),
        VIEWS,
        default=wanted_view if wanted_view in VIEWS else "map",
        # A lookup, not a call to ui.tr: the labels are bound to this run's language.
        format_func={v: ui.tr(k) for v, k in VIEW_KEYS.items()}.get,
        key="rg_view",
    )
    or "map"
)
st.query_params["rg_series"] = series
st.query_params["rg_view"] = view

ui.section(regions.series_title(series, lang), render=False)
ui.key_message(regions.key_message(series, lang))
summary = regions.summary(series, lang)
sources = regions.source_line(series, lang)
if view == "map":
    ui.show_chart(
        charts.tile_map,
        regions.map_rows(series, lang)[MAP_COLUMNS],
        summary=summary,
        sources=sources,
        key=f"map_{series}",
        **regions.map_options(series, lang),
    )
elif view == "chart":
    ui.show_chart(
        charts.figures_bar,
        regions.bar_rows(series, lang)[BAR_COLUMNS],
        summary=summary,
        sources=sources,
        key=f"bars_{series}",
        **regions.bar_options(series, lang),
    )
else:
    ui.table(regions.table(series, lang), summary)
    st.markdown(summary)
    ui.caption(sources)

st.markdown(ui.bullet_list(regions.caveats(series, lang)))
ui.info(regions.rate_text(series, lang))
st.download_button(
    ui.tr("regions.download"),
    lambda: privacy.to_safe_csv(
        regions.download_frame(series, lang), lang=lang, sep="," if lang == "en" else ";"
    ),
    file_name=f"riskexplorer-{series}-{lang}.csv",
    mime="text/csv",
    key="download_region_series",
    on_click="ignore",
)
if not ui.presenting():
    ui.caption(ui.tr("regions.grid_note"))
