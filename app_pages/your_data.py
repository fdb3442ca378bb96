"""Your data: the same transparent scorecard, fitted on a table the user uploads.

The upload stays in this session: its bytes, the table read from them and the fitted model live
in local variables and ``st.session_state`` only — never ``st.cache_data``/``st.cache_resource``
(shared by all users, kept after the session), never a file. Every count under 10 derived from
it is suppressed by the library before it reaches the page or a download.
"""

from collections.abc import Callable

import streamlit as st

from riskexplorer import ingest, privacy, shapes
from riskexplorer.app import scorecard_widgets as scorecard_ui
from riskexplorer.app import ui
from riskexplorer.errors import InputError
from riskexplorer.i18n import fmt_number, fmt_percent, t
from riskexplorer.views import your_data as upload

#: The label and help of each column role's picker.
ROLE_KEYS = {
    "outcome": ("your_data.outcome", "your_data.outcome_help"),
    "weight": ("your_data.weight", "your_data.weight_help"),
    "cases": ("your_data.cases", "your_data.cases_help"),
    "total": ("your_data.total", "your_data.total_help"),
}
BLANK_KEYS = {"no": "your_data.blanks_no", "drop": "your_data.blanks_drop"}
WEIGHT_KIND_KEYS = {
    "frequency": "your_data.weight_kind_frequency",
    "survey": "your_data.weight_kind_survey",
}
KIND_KEYS = {"records": "your_data.kind_records", "counts": "your_data.kind_counts"}

lang = ui.lang()
TABLE_KEYS = (
    "yd_kind",
    "yd_outcome",
    "yd_factors",
    "yd_weight",
    "yd_cases",
    "yd_total",
    "yd_group",
)
SCORECARD_PREFIXES = ("yd_pts_", "yd_threshold", "yd_profile")
DELIMITERS = {";": "semicolon", ",": "comma", "\t": "tab", "|": "bar"}
DECIMALS = {".": "point", ",": "comma"}


def forget(*prefixes: str) -> None:
    """Drop widget values that belonged to the previous file, table or model."""
    for key in [k for k in st.session_state if str(k).startswith(prefixes)]:
        del st.session_state[key]


def column_name(column) -> str:
    """A column's name for a label or an option: escaped, as everything from the upload is."""
    return t("your_data.none", lang) if column is None else ui.plain(column)


def source_of_data() -> tuple[str, Callable[[], bytes], bool, str] | None:
    """(file name, its bytes on demand, is it the SYNTHETIC example, identity) of what the page
    works on. The bytes are copied out of the upload only when they have to be read."""
    uploaded = ui.file_uploader(
        ui.tr("your_data.upload"),
        type=["csv", "tsv", "txt", "xlsx", "xls", "ods"],
        accept_multiple_files=False,
        key="yd_file",
        help=ui.tr("your_data.upload_help"),
    )
    if uploaded is not None and st.session_state.get("_yd_file_id") != uploaded.file_id:
        st.session_state["_yd_file_id"] = uploaded.file_id  # a new upload replaces the example
        st.session_state["_yd_source"] = "upload"
    if st.session_state.get("_yd_source") == "example":
        sep = upload.csv_separator(lang)
        example = upload.example_filename(lang)
        return example, lambda: upload.example_csv(sep, lang), True, f"example{sep}{lang}"
    if uploaded is None:
        return None
    return uploaded.name, uploaded.getvalue, False, uploaded.file_id


def file_key(name: str, data: Callable[[], bytes], identity: str) -> str:
    """The hash of the file's bytes, computed once per upload (50 MB take ~50 ms)."""
    known = st.session_state.get("_yd_digest")
    if known is not None and known[0] == identity:
        return known[1]
    digest = upload.fingerprint(data(), name)
    st.session_state["_yd_digest"] = (identity, digest)
    return digest


def header_row(name: str, data: Callable[[], bytes], key: str, sheet: str | None) -> int | None:
    """The header row: guessed once per file and sheet (title rows above it), then the user's."""
    found_key = f"_yd_header_guess:{key}:{sheet}"
    if found_key not in st.session_state:
        row, error = shapes.find_header_row(data(), name, sheet=sheet)
        if error is not None:
            raise error
        st.session_state[found_key] = row
    guessed = st.session_state[found_key]
    if guessed is None and f"yd_header_row:{key}" not in st.session_state:
        return None
    ui.info(ui.tr("your_data.header_row_found", row=guessed or 1), icon=":material/table_rows:")
    chosen = st.number_input(
        ui.tr("your_data.header_row"),
        min_value=1,
        max_value=shapes.MAX_TITLE_ROWS + 1,
        value=guessed or 1,
        step=1,
        key=f"yd_header_row:{key}",
    )
    return int(chosen)


def read(
    name: str, data: Callable[[], bytes], key: str, sheet: str | None, header: int | None = None
):
    """The table (read once per file, sheet and header row), its TableInfo, column types and
    first guesses of the column roles: all kept in this session only."""
    cached = st.session_state.get("_yd_table")
    if cached is None or cached[0] != (key, sheet, header):
        st.session_state.pop("_yd_table", None)
        df, info = ingest.read_table_with_info(data(), name, sheet=sheet, header_row=header)
        guess = upload.suggest_roles(df)
        cached = ((key, sheet, header), df, info, upload.column_types(df), guess)
        st.session_state["_yd_table"] = cached
    return cached[1:]


def show_preview(df, info, types) -> None:
    ui.section(ui.tr("your_data.preview_heading"))
    if info.format == "text":
        st.markdown(
            ui.tr(
                "your_data.read_as_text",
                encoding=info.encoding,
                delimiter=ui.tr(f"your_data.delimiter.{DELIMITERS.get(info.delimiter, 'other')}"),
                decimal=ui.tr(f"your_data.decimal.{DECIMALS.get(info.decimal, 'other')}"),
                rows=fmt_number(info.rows, lang),
                columns=info.columns,
            )
        )
    else:
        st.markdown(
            ui.tr(
                "your_data.read_as_sheet",
                sheet=info.sheet,
                rows=fmt_number(info.rows, lang),
                columns=info.columns,
            )
        )
    for code in info.warnings:
        ui.warning(ui.tr(f"errors.{code}"), icon=":material/warning:")
    with st.expander(ui.tr("your_data.preview_expander"), expanded=not ui.presenting()):
        ui.caption(ui.tr("your_data.columns_caption"))
        st.dataframe(upload.column_overview(types, lang), hide_index=True)
        shown = min(upload.PREVIEW_ROWS, len(df))
        ui.caption(ui.tr("your_data.rows_caption", shown=shown))
        st.dataframe(df.head(upload.PREVIEW_ROWS), hide_index=True)


def choose_roles(df, guess: upload.Roles) -> upload.Roles:
    ui.section(ui.tr("your_data.mapping_heading"))
    columns = list(df.columns)
    optional = [None, *columns]

    def index(column, options):
        return options.index(column) if column in options else None

    def pick(where, role: str, guess_column, *, required: bool = True):
        """One column for ``role`` (a required one has no 'none' option and starts unchosen)."""
        options = columns if required else optional
        label, help_key = ROLE_KEYS[role]
        return where.selectbox(
            ui.tr(label),
            options,
            index=index(guess_column, options),
            placeholder=ui.tr("your_data.choose") if required else None,
            format_func=column_name,
            key=f"yd_{role}",
            help=ui.tr(help_key),
        )

    kind = st.radio(
        ui.tr("your_data.kind"),
        ["records", "counts"],
        index=["records", "counts"].index(guess.kind),
        format_func=lambda k: t(KIND_KEYS[k], lang),
        horizontal=True,
        key="yd_kind",
    )
    left, right = st.columns(2)
    if kind == "records":
        counts = {
            "outcome": pick(left, "outcome", guess.outcome),
            "weight": pick(right, "weight", guess.weight, required=False),
        }
        note = upload.outcome_note(guess.note, lang)
        if note and counts["outcome"] is None:
            left.warning(ui.plain(note), icon=":material/help:")
    else:
        counts = {
            "cases": pick(left, "cases", guess.cases),
            "total": pick(right, "total", guess.total),
        }
    # A column that stops being the outcome (or weight …) goes back among the factors: the
    # factor picker is keyed by the roles, so its default follows them.
    taken = {v for v in counts.values() if v is not None}
    was = {guess.outcome, guess.weight, guess.cases, guess.total} - taken - {None}
    options = [c for c in columns if c not in taken]
    default = [c for c in guess.factors if c in options]
    default += [c for c in options if c in was and c not in default and c in guess_binary(df)]
    roles_now = upload.fingerprint(b"", sorted(map(str, taken)))
    if st.session_state.get("_yd_factors_for") != roles_now:
        if "_yd_factors_for" in st.session_state:
            st.session_state.pop("yd_factors", None)  # new roles: the default follows them
        st.session_state["_yd_factors_for"] = roles_now
    factors = st.multiselect(
        ui.tr("your_data.factors"),
        options,
        default=default,
        format_func=column_name,
        key="yd_factors",
        placeholder=ui.tr("your_data.choose"),
        help=ui.tr("your_data.factors_help"),
    )
    group = st.selectbox(
        ui.tr("your_data.group"),
        optional,
        index=index(guess.group, optional) or 0,
        format_func=column_name,
        key="yd_group",
        help=ui.tr("your_data.group_help"),
    )
    return upload.Roles(kind=kind, factors=tuple(factors), group=group, **counts)


def guess_binary(df) -> set:
    return set(ingest.suggest_columns(df)["binary"])


def choose_sample(df, roles: upload.Roles, drop) -> dict:
    """Totals rows, blank factor cells, weights and selection on the outcome: the choices that
    make a real export fit, each offered, none made silently."""
    options: dict = {"population_rate": None, "weights": "frequency", "blanks": None}
    totals = shapes.totals_rows(df)
    if totals.any():
        rows = ", ".join(str(r) for r in ingest.row_numbers(df, totals)[:8])
        ui.warning(ui.tr("your_data.totals_found", count=int(totals.sum()), rows=rows))
        if st.checkbox(ui.tr("your_data.drop_totals"), value=True, key="yd_drop_totals"):
            drop[:] = totals
    kept = df.loc[~drop]
    blank = shapes.blank_factor_rows(kept, roles.factors)
    if blank.any():
        count = int(blank.sum())
        shown = privacy.format_count(count, lang)
        options["blanks"] = st.radio(
            ui.tr("your_data.blanks", count=shown),
            list(shapes.BLANKS),
            format_func=lambda b: t(BLANK_KEYS[b], lang, count=shown),
            key="yd_blanks",
        )
    if roles.kind == "records" and roles.weight is not None:
        options["weights"] = st.radio(
            ui.tr("your_data.weight_kind"),
            ["frequency", "survey"],
            format_func=lambda k: t(WEIGHT_KIND_KEYS[k], lang),
            horizontal=True,
            key="yd_weight_kind",
        )
    share = upload.outcome_share(kept, roles)
    if share is None:
        return options
    default_rate = upload.default_population_rate()
    probably = upload.probably_selected(share)
    if probably:
        ui.warning(
            ui.tr(
                "your_data.selected_probably",
                share=fmt_percent(100 * share, lang, decimals=1),
                rate=fmt_percent(100 * default_rate, lang, decimals=3),
            )
        )
    selected = st.radio(
        ui.tr("your_data.selected"),
        [True, False],
        index=0 if probably else 1,
        format_func=lambda v: t("your_data.yes" if v else "your_data.no", lang),
        horizontal=True,
        key="yd_selected",
    )
    if selected:
        percent = st.number_input(
            ui.tr("your_data.population_rate"),
            min_value=0.001,
            max_value=50.0,
            value=round(100 * default_rate, 3),
            step=0.01,
            format="%.3f",
            key="yd_population_rate",
            help=ui.tr("your_data.population_rate_help"),
        )
        options["population_rate"] = float(percent) / 100.0
    return options


def fitted(df, roles: upload.Roles, key: str, options: dict, drop) -> upload.UploadFit:
    """The fit for this table, these roles and choices, redone only when one changes."""
    fit_key = upload.fingerprint(key.encode(), roles, sorted(options.items()), drop.tobytes())
    cached = st.session_state.get("_yd_fit")
    if cached is not None and cached[0] == fit_key:
        return cached[1]
    st.session_state.pop("_yd_fit", None)
    forget(*SCORECARD_PREFIXES)  # thresholds and points of another model would not fit
    with st.spinner(ui.tr("your_data.fitting")):
        result = upload.fit_upload(df, roles, drop_rows=drop, **options)
    st.session_state["_yd_fit"] = (fit_key, result, {})
    return result


def disparity_view(result: upload.UploadFit):
    """The disparity table as text in the page language, built once per fit and language."""
    views = st.session_state["_yd_fit"][2]
    if lang not in views:
        views[lang] = upload.disparity_view(result.disparity, lang)
    return views[lang]


def show_disparity(result: upload.UploadFit, roles: upload.Roles) -> None:
    ui.section(ui.tr("your_data.disparity_heading"))
    if result.disparity is None:
        ui.warning(
            ui.tr(
                "your_data.too_many_groups",
                column=ui.plain(roles.group),
                n=result.n_groups,
                max=upload.MAX_GROUPS,
            )
        )
        return
    ui.paragraph(ui.tr("your_data.disparity_help"))
    ui.table(disparity_view(result), ui.tr("your_data.disparity_heading"))
    if upload.groups_within_noise(result.disparity):
        ui.info(ui.tr("your_data.within_noise"))
    ui.caption(ui.tr("privacy.note", min_count=privacy.MIN_COUNT))


def show_downloads(result: upload.UploadFit, name: str) -> None:
    ui.section(ui.tr("your_data.downloads_heading"))
    ui.caption(ui.tr("your_data.downloads_help"))
    sep = upload.csv_separator(lang)
    stem = name.rsplit(".", 1)[0]
    buttons = st.container(horizontal=True)
    buttons.download_button(
        ui.tr("your_data.download_scorecard"),
        data=lambda: privacy.to_safe_csv(
            upload.scorecard_csv_frame(result.model, lang), lang=lang, sep=sep
        ),
        file_name=f"scorecard-{stem}-{lang}.csv",
        mime="text/csv",
        on_click="ignore",
        icon=":material/download:",
        key="yd_download_scorecard",
    )
    if result.disparity is not None:
        buttons.download_button(
            ui.tr("your_data.download_disparity"),
            data=lambda: privacy.to_safe_csv(
                upload.disparity_csv_frame(result.disparity, lang), lang=lang, sep=sep
            ),
            file_name=f"groups-{stem}-{lang}.csv",
            mime="text/csv",
            on_click="ignore",
            icon=":material/download:",
            key="yd_download_disparity",
        )


def page() -> None:
    chosen = source_of_data()
    if chosen is None:
        for key in ("_yd_table", "_yd_fit", "_yd_digest", "_yd_current", "_yd_table_key"):
            st.session_state.pop(key, None)  # a removed file leaves nothing behind
        ui.info(ui.tr("your_data.start"), icon=":material/upload_file:")
        return
    name, data, example, identity = chosen
    # The error summary stands directly under the uploader (the GOV.UK pattern), where the eye
    # is, not below the preview and the pickers that the problem is about.
    summary = st.container(key="yd_error_summary")
    try:
        work_on(name, data, example, identity)
    except InputError as error:
        with summary:
            ui.error(
                f"**{ui.tr('your_data.problem_heading')}** {ui.plain(error.message(lang))}",
                icon=":material/error:",
            )


def work_on(name: str, data: Callable[[], bytes], example: bool, identity: str) -> None:
    """Read, check and fit the chosen table, and show what it gives."""
    key = file_key(name, data, identity)
    if st.session_state.get("_yd_current") != key:
        st.session_state["_yd_current"] = key
        forget("yd_sheet", *TABLE_KEYS, *SCORECARD_PREFIXES)
    if example:
        ui.info(ui.tr("your_data.example_loaded"), icon=":material/science:")

    sheet = st.session_state.get("yd_sheet")
    header = header_row(name, data, key, sheet)
    df, info, types, guess = read(name, data, key, sheet, header)
    if len(info.sheets) > 1:
        sheet = st.selectbox(
            ui.tr("your_data.sheet"),
            list(info.sheets),
            index=list(info.sheets).index(info.sheet),
            format_func=ui.plain,
            key="yd_sheet",
            help=ui.tr("your_data.sheet_help"),
        )
        if sheet != info.sheet:
            df, info, types, guess = read(name, data, key, sheet, header)
    table_key = f"{key}:{info.sheet}"
    if st.session_state.get("_yd_table_key") != table_key:
        st.session_state["_yd_table_key"] = table_key
        forget(*TABLE_KEYS, *SCORECARD_PREFIXES)

    show_preview(df, info, types)
    roles = choose_roles(df, guess)
    drop = upload.nothing_dropped(df)
    options = choose_sample(df, roles, drop)
    result = fitted(df, roles, table_key, options, drop)
    st.markdown(ui.plain(upload.outcome_summary(df.loc[~drop], roles, lang)))
    cv = upload.cross_validated_auc(result.model.grouped)
    if cv == cv:  # not NaN
        ui.caption(
            ui.tr(
                "your_data.cv_auc",
                cv=fmt_number(cv, lang, decimals=3),
                auc=fmt_number(result.model.scorecard.auc_full_, lang, decimals=3),
            )
        )

    if example:
        sources = ui.tr("your_data.example_sources", name=ui.plain(name))
    else:
        sources = ui.tr("your_data.sources", name=ui.plain(name))
    scorecard_ui.show_scorecard(
        result.model, key="yd", sources=sources, shareable=False, profiles=False
    )
    if roles.group is not None:
        show_disparity(result, roles)
    if not ui.presenting():
        show_downloads(result, name)


ui.title(ui.tr("your_data.title"))
ui.info(ui.tr("your_data.privacy"), icon=":material/lock:")
ui.paragraph(ui.tr("your_data.intro"))
ui.warning(ui.tr("your_data.not_for_individuals"), icon=":material/front_hand:")

with st.container(border=True):
    st.markdown(f"**{ui.tr('your_data.example_heading')}**")
    ui.caption(ui.tr("your_data.example_caption", n=fmt_number(upload.EXAMPLE_ROWS, lang)))
    buttons = st.container(horizontal=True)
    buttons.download_button(
        ui.tr("your_data.example_download"),
        data=lambda: upload.example_csv(upload.csv_separator(lang), lang),
        file_name=upload.example_filename(lang),
        mime="text/csv",
        on_click="ignore",
        icon=":material/download:",
        key="yd_example_download",
    )
    if buttons.button(ui.tr("your_data.example_try"), icon=":material/science:", key="yd_example"):
        st.session_state["_yd_source"] = "example"

try:
    page()
except InputError as error:
    ui.error(ui.plain(error.message(lang)), icon=":material/error:")
except Exception as error:  # noqa: BLE001 — a plain message, never a traceback or the data
    ui.error(ui.tr("your_data.unexpected", kind=type(error).__name__), icon=":material/error:")
