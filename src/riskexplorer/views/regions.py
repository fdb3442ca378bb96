"""Regions: every regional series of the facts table on a tile-grid map of the 20 units.

Streamlit-free presenters for the "Regions" page. The units (17 regions since the 2022 reform and
the three cities of republican significance) and their tiles come from ``data/regions.csv``; each
regional series — its map (before or after the 2022 split), how much of the ranking was
published, its national total — from ``data/region_series.csv``; the figures themselves from
``data/facts.csv``. A unit without a figure is shown as missing, never estimated; a unit created
in 2022 is shown inside its parent's figure when the series predates the split.

Rates per 1,000 children are computed only where a denominator of the same area, the same ages
and a close period exists (:func:`rate_check`); the only regional count of children (ages 0–15,
undated, about 2021, on the old map) meets that for no series, so the page says why, per series.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import pandas as pd

from riskexplorer import facts as F
from riskexplorer.errors import DataError
from riskexplorer.i18n import LANGUAGES, fmt_number, t
from riskexplorer.memo import frame_cache
from riskexplorer.paths import data_dir
from riskexplorer.tables import read_table
from riskexplorer.views import figures as views
from riskexplorer.views import messages

REGION_COLUMNS: tuple[str, ...] = (
    "id", "geography", "name_en", "name_ru", "name_kk", "short_en", "short_ru", "short_kk",
    "kind", "row", "col", "created_2022", "split_from",
)  # fmt: skip
SERIES_COLUMNS: tuple[str, ...] = (
    "series", "map", "coverage", "national_id", "ages", "order",
)  # fmt: skip
MAPS: tuple[str, ...] = ("before_2022", "probably_before_2022", "after_2022", "not_stated")
COVERAGES: tuple[str, ...] = ("all", "top_bottom", "top", "some", "one")
#: Ages a series' figures are about: those of minors held liable (14–17), of victims (0–17) …
AGES: tuple[str, ...] = ("0-15", "0-17", "14-17", "3-6", "youth", "all")
STATES: tuple[str, ...] = ("figure", "missing", "in_parent")
#: The only regional count of children: ages 0–15, about 2021, on the map before the split.
DENOMINATOR = "children_0_15_by_region"
DENOMINATOR_YEAR = 2021
#: How far apart (in years) a count and its denominator may be.
MAX_YEARS_APART = 2
#: Where the ranking of a series was published only in part, the page says so.
PARTIAL = frozenset({"top_bottom", "top", "some", "one"})


def _fail(frame: pd.DataFrame, mask, file: str, problem: str) -> None:
    mask = np.asarray(mask, dtype=bool)
    if mask.any():
        ids = ", ".join(frame.loc[mask, frame.columns[0]].astype(str).head(5))
        raise DataError("data.invalid_rows", file=file, problem=problem, rows=ids or "(empty id)")


def _regions() -> pd.DataFrame:
    return _regions_at(str(data_dir()))


@functools.cache
def _regions_at(directory: str) -> pd.DataFrame:
    file = "regions.csv"
    frame = read_table(file, REGION_COLUMNS)
    _fail(frame, frame["id"].duplicated(), file, "duplicate id")
    _fail(frame, frame["geography"].duplicated(), file, "duplicate geography")
    _fail(frame, ~frame["kind"].isin(("region", "city")), file, "kind not region or city")
    for column in ("row", "col"):
        parsed = pd.to_numeric(frame[column], errors="coerce")
        _fail(frame, parsed.isna() | (parsed < 0), file, f"{column} is not a tile position")
        frame[column] = parsed.astype(int)
    _fail(frame, frame.duplicated(["row", "col"]), file, "two units on one tile")
    flag = frame["created_2022"].str.lower()
    _fail(frame, ~flag.isin(("true", "false")), file, "created_2022 is not true or false")
    frame["created_2022"] = flag == "true"
    _fail(frame, frame["created_2022"] != (frame["split_from"] != ""), file,
          "split_from exactly for units created in 2022")  # fmt: skip
    _fail(frame, (frame["split_from"] != "") & ~frame["split_from"].isin(frame["id"]), file,
          "split_from not a unit")  # fmt: skip
    for column in REGION_COLUMNS[2:8]:
        _fail(frame, frame[column] == "", file, f"no {column}")
    return frame.set_index("id", drop=False).rename_axis(None)


def load_regions() -> pd.DataFrame:
    """The 20 units with their names, short tile labels, tile position and 2022 split (a copy)."""
    return _regions().copy()


def _series_meta() -> pd.DataFrame:
    return _series_meta_at(str(data_dir()))


@functools.cache
def _series_meta_at(directory: str) -> pd.DataFrame:
    file = "region_series.csv"
    frame = read_table(file, SERIES_COLUMNS)
    facts = F.load_facts()
    _fail(frame, frame["series"].duplicated(), file, "duplicate series")
    _fail(frame, ~frame["series"].isin(facts["series"]), file, "series not in facts.csv")
    _fail(frame, ~frame["map"].isin(MAPS), file, f"map not one of {MAPS}")
    _fail(frame, ~frame["coverage"].isin(COVERAGES), file, f"coverage not one of {COVERAGES}")
    _fail(frame, ~frame["ages"].isin(AGES), file, f"ages not one of {AGES}")
    national = frame["national_id"] != ""
    _fail(frame, national & ~frame["national_id"].isin(facts["id"]), file, "national_id unknown")
    frame["order"] = pd.to_numeric(frame["order"], errors="raise")
    known = set(_regions()["geography"])
    for name in frame["series"]:
        geos = set(facts.loc[facts["series"] == name, "geography"])
        if not geos <= known:
            raise DataError(
                "data.invalid_rows", file=file, problem="geography not in regions.csv",
                rows=f"{name}: {', '.join(sorted(geos - known))}",
            )  # fmt: skip
    regional = set(facts.loc[facts["geography"].isin(known), "series"]) - {""}
    missing = sorted(regional - set(frame["series"]))
    if missing:
        raise DataError(
            "data.invalid_rows", file=file, problem="regional series not listed",
            rows=", ".join(missing),
        )  # fmt: skip
    return frame.sort_values("order").set_index("series", drop=False).rename_axis(None)


def load_series() -> pd.DataFrame:
    """Every regional series with its map, coverage, national total and ages (a copy)."""
    return _series_meta().copy()


def series_ids() -> list[str]:
    """The regional series in the order the measure selector lists them."""
    return list(_series_meta()["series"])


def name(region_id: str, lang: str) -> str:
    """A unit's name in ``lang``."""
    return str(_regions().at[region_id, f"name_{lang if lang in LANGUAGES else 'en'}"])


@functools.cache
def series_title(series: str, lang: str) -> str:
    """The measure as the selector and the map title name it: label, period (e.g. "Offences
    against minors — Jan–May (year not stated)")."""
    first = F.series(series).iloc[0]
    return f"{F.label(first, lang)} — {F.period(first, lang)}"


# --- One series on the map ----------------------------------------------------------------------


@frame_cache
def map_rows(series: str, lang: str) -> pd.DataFrame:
    """All 20 units for one series: value and its text where published, else ``missing``, or
    ``in_parent`` for a unit created in 2022 when the series predates the split.

    Columns ``id, name, short, row, col, value, value_text, short_value, state, state_text, ink,
    period, status, status_text, source, source_id, url, note``. Small counts are suppressed.
    """
    meta = _series_meta().loc[series]
    regions = _regions()
    facts = F.series(series)
    by_geo = {row["geography"]: row for _, row in facts.iterrows()}
    sources = F.load_sources()
    old_map = meta["map"] in ("before_2022", "probably_before_2022")
    out = []
    figures = [float(r["value"]) for r in by_geo.values() if not F.is_small_count(r)]
    top = max(figures) if figures else 1.0
    lang_key = lang if lang in LANGUAGES else "en"
    for _, region in regions.iterrows():
        fact = by_geo.get(region["geography"])
        base = {
            "id": region["id"],
            "name": region[f"name_{lang_key}"],
            "short": region[f"short_{lang_key}"],
            "row": int(region["row"]),
            "col": int(region["col"]),
        }
        if fact is not None:
            small = F.is_small_count(fact)
            value = np.nan if small else float(fact["value"])
            note = F.note(fact, lang)
            out.append(
                base
                | {
                    "value": value,
                    "value_text": F.format_value(fact, lang),
                    "short_value": F.format_short(fact, lang),
                    "state": "figure",
                    "state_text": t("regions.state.figure", lang),
                    # Dark text on light blue, white on dark blue: switching at 70% of the 'blues'
                    # scale keeps both near 4.5:1 or more.
                    "ink": "#FFFFFF" if not small and value > 0.7 * top else "#14181F",
                    "period": F.period(fact, lang),
                    "status": str(fact["status"]),
                    "status_text": t(f"status.{fact['status']}", lang),
                    "source": F.source_publisher(fact["source_id"], lang),
                    "source_id": fact["source_id"],
                    "url": sources.at[fact["source_id"], "url"],
                    "note": note,
                    "fact_id": fact["id"],
                }
            )
            continue
        parent = region["split_from"]
        if old_map and region["created_2022"]:
            state, text = "in_parent", t("regions.state.in_parent", lang)
            note = t(
                "regions.note_in_parent_probably" if meta["map"] == "probably_before_2022"
                else "regions.note_in_parent",
                lang,
                parent=name(parent, lang),
            )  # fmt: skip
        else:
            state, text = "missing", t("regions.state.missing", lang)
            note = t("regions.note_missing", lang)
        out.append(
            base
            | {
                "value": np.nan,
                "value_text": text,
                "short_value": "—"
                if state == "missing"
                else "↗ " + regions.at[parent, f"short_{lang_key}"],
                "state": state,
                "state_text": text,
                "ink": "#14181F",
                "period": "",
                "status": "",
                "status_text": "",
                "source": "",
                "source_id": "",
                "url": "",
                "note": note,
                "fact_id": "",
            }
        )
    frame = pd.DataFrame(out)
    if old_map:
        # A parent's figure covers the unit split from it: say so on the parent's tile too.
        for _, child in regions[regions["created_2022"]].iterrows():
            mask = (frame["id"] == child["split_from"]) & (frame["state"] == "figure")
            mask &= ~frame["note"].str.contains("2022", regex=False)  # the figure's caveat says so
            extra = t("regions.note_parent_covers", lang, child=name(child["id"], lang))
            frame.loc[mask, "note"] = [f"{n} {extra}".strip() for n in frame.loc[mask, "note"]]
    return frame


def map_options(series: str, lang: str) -> dict:
    """Keyword options of :func:`riskexplorer.charts.tile_map` for one series."""
    first = F.series(series).iloc[0]
    return {
        "title": series_title(series, lang),
        "value_title": t(_axis(first["unit"]), lang),
        "tooltip_titles": views.tooltip_titles(lang) | {"note": t("regions.tooltip_note", lang)},
        "missing_text": t("regions.state.missing", lang),
        "in_parent_text": t("regions.state.in_parent", lang),
    }


def _axis(unit: str) -> str:
    return {
        "%": "unit_axis.percent",
        "% change": "regions.axis_percent_change",
        "crimes": "unit_axis.offences",
    }.get(unit, f"unit_axis.{unit}")


@frame_cache
def bar_rows(series: str, lang: str) -> pd.DataFrame:
    """The units with a figure, as rows for :func:`riskexplorer.charts.figures_bar`."""
    rows = views.display_rows(F.series(series), lang)
    geo = _regions().set_index("geography")
    key = f"name_{lang if lang in LANGUAGES else 'en'}"
    rows["label"] = [geo.at[g, key] for g in rows["geography"]]
    return rows.sort_values("value", ascending=False).reset_index(drop=True)


def bar_options(series: str, lang: str) -> dict:
    """Keyword options of :func:`riskexplorer.charts.figures_bar` for one series."""
    first = F.series(series).iloc[0]
    return {
        "title": series_title(series, lang),
        "value_title": t(_axis(first["unit"]), lang),
        "status_text": views.status_texts(lang),
        "status_title": t("chart.status", lang),
        "tooltip_titles": views.tooltip_titles(lang),
    }


@frame_cache
def table(series: str, lang: str) -> pd.DataFrame:
    """All 20 units for one series as a table (missing ones say so), in ``lang``."""
    rows = map_rows(series, lang)
    return pd.DataFrame(
        {
            t("regions.col.region", lang): rows["name"],
            t("table.value", lang): rows["value_text"],
            t("table.period", lang): rows["period"],
            t("table.status", lang): rows["status_text"],
            t("table.source", lang): rows["source"],
            t("table.note", lang): rows["note"],
        }
    )


@frame_cache
def download_frame(series: str, lang: str) -> pd.DataFrame:
    """The series behind the view for CSV download: every unit, its number (blank where none was
    published or the count is under 10), unit, period, status, source, link and caveat."""
    rows = map_rows(series, lang)
    first = F.series(series).iloc[0]
    sources = F.load_sources()
    return pd.DataFrame(
        {
            t("regions.col.region_id", lang): rows["id"],
            t("regions.col.region", lang): rows["name"],
            t("table.id", lang): rows["fact_id"],
            t("table.figure", lang): F.label(first, lang),
            t("table.value", lang): rows["value_text"],
            t("table.number", lang): rows["value"],
            t("table.unit", lang): t(f"unit.{first['unit']}", lang),
            t("table.period", lang): rows["period"],
            t("table.status", lang): rows["status_text"],
            t("table.source", lang): [
                f"{sources.at[s, 'publisher']} — {sources.at[s, 'title']}" if s else ""
                for s in rows["source_id"]
            ],
            t("table.link", lang): rows["url"],
            t("table.note", lang): rows["note"],
        }
    )


# --- What the page says under the map -----------------------------------------------------------


@functools.cache
def summary(series: str, lang: str) -> str:
    """ "N of 20 units have a published figure; highest …, lowest …; no figure for …"."""
    rows = map_rows(series, lang)
    shown = rows[rows["state"] == "figure"].sort_values("value", ascending=False)
    missing = int((rows["state"] == "missing").sum())
    in_parent = int((rows["state"] == "in_parent").sum())
    if shown["value"].notna().sum() >= 2:
        hi, lo = shown.iloc[0], shown.dropna(subset=["value"]).iloc[-1]
        spread = t(
            "regions.summary_spread", lang, top=hi["name"], top_value=hi["value_text"],
            bottom=lo["name"], bottom_value=lo["value_text"],
        )  # fmt: skip
    elif len(shown):
        spread = t("regions.summary_one", lang, name=shown.iloc[0]["name"],
                   value=shown.iloc[0]["value_text"])  # fmt: skip
    else:
        spread = ""
    text = t("regions.summary", lang, n=len(shown), total=len(rows), missing=missing)
    if in_parent:
        text += " " + t("regions.summary_in_parent", lang, n=in_parent)
    return f"{text} {spread}".strip()


@functools.cache
def caveats(series: str, lang: str) -> tuple[str, ...]:
    """What a reader must know about the series: how much of the ranking was published, which
    map it is on, its national total."""
    meta = _series_meta().loc[series]
    lines = [t(f"regions.coverage.{meta['coverage']}", lang), t(f"regions.map.{meta['map']}", lang)]
    if meta["national_id"]:
        national = F.fact(meta["national_id"])
        lines.append(
            t(
                "regions.national",
                lang,
                value=F.format_value(national, lang),
                period=F.period(national, lang),
            )  # fmt: skip
        )
    return tuple(lines)


@functools.cache
def source_line(series: str, lang: str) -> str:
    """The sources of one series (Markdown)."""
    return views.source_line(tuple(dict.fromkeys(F.series(series)["source_id"])), lang)


# --- Rates per 1,000 children ------------------------------------------------------------------


@dataclass(frozen=True)
class RateCheck:
    """Whether a series may be shown per 1,000 children, and why not when it may not."""

    series: str
    eligible: bool
    reasons: tuple[str, ...]  # codes: regions.rate_reason.<code>


def _year(series: str) -> int | None:
    starts = F.series(series)["period_start"].dropna()
    return int(starts.dt.year.min()) if len(starts) else None


@functools.cache
def rate_check(series: str) -> RateCheck:
    """A rate needs (1) a count, (2) a denominator of the same ages, (3) periods at most
    :data:`MAX_YEARS_APART` years apart, and (4) the same areas — a series on the map after the
    2022 split cannot share a denominator on the old map for the three split regions.

    The only denominator is children aged 0–15 (about 2021, old map), so the ages rule alone
    rules out every series about minors held liable (14–17) or victims (0–17).
    """
    if series == DENOMINATOR:
        return RateCheck(series, False, ("is_denominator",))
    meta = _series_meta().loc[series]
    first = F.series(series).iloc[0]
    reasons = []
    if str(first["unit"]) not in F.COUNT_UNITS:
        reasons.append("not_a_count")
    if meta["ages"] != _series_meta().at[DENOMINATOR, "ages"]:
        reasons.append("ages_differ")
    year = _year(series)
    if year is None:
        reasons.append("year_not_stated")
    elif abs(year - DENOMINATOR_YEAR) > MAX_YEARS_APART:
        reasons.append("periods_apart")
    if meta["map"] != "before_2022":
        split = set(_regions().loc[_regions()["created_2022"], "split_from"])
        split |= set(_regions().loc[_regions()["created_2022"], "id"])
        geos = set(F.series(series)["geography"])
        ids = set(_regions().set_index("geography").loc[sorted(geos), "id"])
        if ids & split:
            reasons.append("map_differs")
    return RateCheck(series, not reasons, tuple(reasons))


def rate_per_1000(count: float, children: float) -> float:
    """``count ÷ children × 1000``."""
    return float(count) / float(children) * 1000.0


@functools.cache
def rate_text(series: str, lang: str) -> str:
    """Why the page shows counts only for this series (or the rate's formula and both periods
    when a denominator fits)."""
    check = rate_check(series)
    if check.eligible:  # pragma: no cover - no series qualifies with the data published so far
        den = F.series(DENOMINATOR)
        return t(
            "regions.rate_formula", lang,
            period=F.period(F.series(series).iloc[0], lang), den_period=F.period(den.iloc[0], lang),
        )  # fmt: skip
    reasons = "; ".join(t(f"regions.rate_reason.{r}", lang) for r in check.reasons)
    return t("regions.rate_counts_only", lang, reasons=reasons)


def key_message(series: str, lang: str) -> str:
    """The presentation view's message for the map: how many units have a figure."""
    rows = map_rows(series, lang)
    return t(
        "regions.key",
        lang,
        n=int((rows["state"] == "figure").sum()),
        total=len(rows),
        measure=series_title(series, lang),
    )


@messages.register("regions", order=50, fact_ids=())
def overview_sentence(lang: str) -> str:
    """One sentence for the Overview about this page, its numbers from the data."""
    frames = [map_rows(s, lang) for s in series_ids()]
    counts = [int((f["state"] == "figure").sum()) for f in frames]
    return t(
        "regions.overview",
        lang,
        series=len(frames),
        full=sum(int((f["state"] == "missing").sum()) == 0 for f in frames),
        median=fmt_number(float(np.median(counts)), lang, decimals=0),
    )
