"""Your data: the same transparent scorecard, fitted on a table the user uploads.

The upload stays in this session: its bytes are read on demand from the uploader, and what is
derived from them lives in session-scoped caches (riskexplorer.app.session) — never shared with
another session, released when the tab closes, never a file. Widget keys carry the file's hash,
so a new file starts from fresh widgets. Every count under 10 is suppressed by the library.
"""

from collections.abc import Callable

import streamlit as st

from riskexplorer import privacy, shapes
from riskexplorer.app import scorecard_widgets as scorecard_ui
from riskexplorer.app import session, ui
from riskexplorer.errors import InputError
from riskexplorer.i18n import t
from riskexplorer.views import your_data as upload

#: The label and help of each column role's picker.
ROLE_KEYS = {
    "outcome": ("your_data.outcome", "your_data.outcome_help"),
    "weight": ("your_data.weight", "your_data.weight_help"),
    "cases": ("your_data.cases", "your_data.cases_help"),
    "total": ("your_data.total", "your_data.total_help"),
}
WEIGHT_KIND_KEYS = {
    "frequency": "your_data.weight_kind_frequency",
    "survey": "your_data.weight_kind_survey",
}
KIND_KEYS = {"records": "your_data.kind_records", "counts": "your_data.kind_counts"}
ANCHORS = upload.ANCHORS

lang = ui.lang()


def column_name(column) -> str:
    """A column's name for a label or an option: escaped, as everything from the upload is."""
    return t("your_data.none", lang) if column is None else ui.plain(column)


class Screen:
    """What this run found, for the parts drawn last (the summary and the preview)."""

    def __init__(self) -> None:
        self.table: upload.ReadTable | None = None
        self.roles: upload.Roles | None = None
        self.preview = None
        self.header = False
        self.problems: list[upload.Problem] = []


def source_of_data() -> tuple[str, Callable[[], bytes], bool, str] | None:
    """(file name, its bytes on demand, is it the SYNTHETIC example, identity) of what the page
    works on. The bytes are copied out of the upload only when they have to be read."""
    ui.anchor(ANCHORS["file"])
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


def header_row(name: str, data: Callable[[], bytes], file_hash: str, sheet) -> int | None:
    """The header row: found once per file and sheet (title rows above it), then the user's."""
    guessed = session.header_guess(file_hash, name, sheet, data)
    key = upload.widget_key("yd_header_row", file_hash, sheet)
    if guessed is None and key not in st.session_state:
        return None
    ui.info(ui.tr("your_data.header_row_found", row=guessed or 1), icon=":material/table_rows:")
    ui.anchor(ANCHORS["header"])
    chosen = st.number_input(
        ui.tr("your_data.header_row"),
        min_value=1,
        max_value=shapes.MAX_TITLE_ROWS + 1,
        value=guessed or 1,
        step=1,
        key=key,
    )
    return int(chosen)


def show_read(read: upload.ReadTable) -> None:
    """How the file was read, and any advice that does not stop it."""
    ui.section(ui.tr("your_data.preview_heading"))
    st.markdown(upload.read_sentence(read.info, lang, ui.plain))
    for text in upload.read_warnings(read.info, lang):
        ui.warning(text, icon=":material/warning:")


def show_preview(screen: Screen) -> None:
    """The preview, drawn last into its place above the pickers: folded while a problem stands,
    with the column it concerns highlighted. On screen only (records stay out of the summary)."""
    read = screen.table
    marked = [p.column for p in screen.problems if p.column is not None]
    folded = bool(screen.problems) or ui.presenting()
    with screen.preview.expander(
        ui.tr("your_data.preview_expander"),
        expanded=not folded,
        key=f"yd_preview:{'folded' if folded else 'open'}",
    ):
        ui.screen_table(
            upload.overview_styled(read.types, lang, marked),
            caption=ui.tr("your_data.columns_caption"),
        )
        ui.screen_table(
            upload.preview_styled(read.df, marked),
            caption=ui.tr("your_data.rows_caption", shown=min(upload.PREVIEW_ROWS, len(read.df))),
        )


def choose_roles(read: upload.ReadTable, table_key: str, screen: Screen) -> upload.Roles:
    ui.section(ui.tr("your_data.mapping_heading"))
    df, guess = read.df, read.guess
    columns = list(df.columns)
    optional = [None, *columns]

    def index(column, options):
        return options.index(column) if column in options else None

    def pick(where, role: str, guess_column, *, required: bool = True):
        """One column for ``role`` (a required one has no 'none' option and starts unchosen)."""
        options = columns if required else optional
        label, help_key = ROLE_KEYS[role]
        ui.anchor(ANCHORS[role], where)
        return where.selectbox(
            ui.tr(label),
            options,
            index=index(guess_column, options),
            placeholder=ui.tr("your_data.choose") if required else None,
            format_func=column_name,
            key=upload.widget_key(f"yd_{role}", table_key),
            help=ui.tr(help_key),
        )

    kind = st.radio(
        ui.tr("your_data.kind"),
        ["records", "counts"],
        index=["records", "counts"].index(guess.kind),
        format_func=lambda k: t(KIND_KEYS[k], lang),
        horizontal=True,
        key=upload.widget_key("yd_kind", table_key),
    )
    left, right = st.columns(2)
    if kind == "records":
        counts = {
            "outcome": pick(left, "outcome", guess.outcome),
            "weight": pick(right, "weight", guess.weight, required=False),
        }
        note = upload.outcome_problem(guess, counts["outcome"], lang)
        if note is not None:
            screen.problems.append(note)
            left.warning(ui.plain(note.text), icon=":material/help:")
    else:
        counts = {
            "cases": pick(left, "cases", guess.cases),
            "total": pick(right, "total", guess.total),
        }
    # A column that stops being the outcome (or weight …) goes back among the factors: the
    # factor picker is keyed by the roles, so its default follows them.
    taken = {v for v in counts.values() if v is not None}
    options, default, roles_hash = upload.factor_choices(df, guess, taken)
    ui.anchor(ANCHORS["factors"])
    factors = st.multiselect(
        ui.tr("your_data.factors"),
        options,
        default=default,
        format_func=column_name,
        key=upload.widget_key("yd_factors", table_key, roles_hash),
        placeholder=ui.tr("your_data.choose"),
        help=ui.tr("your_data.factors_help"),
    )
    ui.anchor(ANCHORS["group"])
    group = st.selectbox(
        ui.tr("your_data.group"),
        optional,
        index=index(guess.group, optional) or 0,
        format_func=column_name,
        key=upload.widget_key("yd_group", table_key),
        help=ui.tr("your_data.group_help"),
    )
    return upload.Roles(kind=kind, factors=tuple(factors), group=group, **counts)


def choose_sample(df, roles: upload.Roles, table_key: str, drop) -> dict:
    """Totals rows, blank factor cells, weights and selection on the outcome: the choices that
    make a real export fit, each offered, none made silently."""
    options: dict = {"population_rate": None, "weights": "frequency", "blanks": None}
    totals, warning = upload.totals_found(df, lang)
    if warning is not None:
        ui.warning(warning)
        if st.checkbox(
            ui.tr("your_data.drop_totals"),
            value=True,
            key=upload.widget_key("yd_drop_totals", table_key),
        ):
            drop[:] = totals
    kept = df.loc[~drop]
    blanks = upload.blank_choice(kept, roles.factors, lang)
    if blanks is not None:
        ui.anchor(ANCHORS["blanks"])
        options["blanks"] = st.radio(
            blanks["label"],
            list(shapes.BLANKS),
            format_func=blanks.get,
            key=upload.widget_key("yd_blanks", table_key),
        )
    if roles.kind == "records" and roles.weight is not None:
        options["weights"] = st.radio(
            ui.tr("your_data.weight_kind"),
            ["frequency", "survey"],
            format_func=lambda k: t(WEIGHT_KIND_KEYS[k], lang),
            horizontal=True,
            key=upload.widget_key("yd_weight_kind", table_key),
        )
    ask, default_rate, probably = upload.selection_hint(kept, roles, lang)
    if not ask:
        return options
    if probably is not None:
        ui.warning(probably)
    selected = st.radio(
        ui.tr("your_data.selected"),
        [True, False],
        index=0 if probably is not None else 1,
        format_func=lambda v: t("your_data.yes" if v else "your_data.no", lang),
        horizontal=True,
        key=upload.widget_key("yd_selected", table_key),
    )
    if selected:
        ui.anchor(ANCHORS["population_rate"])
        percent = st.number_input(
            ui.tr("your_data.population_rate"),
            min_value=0.001,
            max_value=50.0,
            value=round(100 * default_rate, 3),
            step=0.01,
            format="%.3f",
            key=upload.widget_key("yd_population_rate", table_key),
            help=ui.tr("your_data.population_rate_help"),
        )
        options["population_rate"] = float(percent) / 100.0
    return options


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
    ui.table(upload.disparity_view(result.disparity, lang), ui.tr("your_data.disparity_heading"))
    if upload.groups_within_noise(result.disparity):
        ui.info(ui.tr("your_data.within_noise"))
    ui.caption(ui.tr("privacy.note", min_count=privacy.MIN_COUNT))


def show_downloads(result: upload.UploadFit, name: str) -> None:
    """The downloads, made on click from this session's store (gone when the tab closes)."""
    ui.section(ui.tr("your_data.downloads_heading"))
    ui.caption(ui.tr("your_data.downloads_help"))
    buttons = st.container(horizontal=True)
    buttons.download_button(
        ui.tr("your_data.download_scorecard"),
        data=session.download_data("scorecard", lambda: upload.scorecard_csv(result.model, lang)),
        file_name=upload.download_name("scorecard", name, lang),
        mime="text/csv",
        on_click="ignore",
        icon=":material/download:",
        key="yd_download_scorecard",
    )
    if result.disparity is not None:
        buttons.download_button(
            ui.tr("your_data.download_disparity"),
            data=session.download_data(
                "groups", lambda: upload.disparity_csv(result.disparity, lang)
            ),
            file_name=upload.download_name("groups", name, lang),
            mime="text/csv",
            on_click="ignore",
            icon=":material/download:",
            key="yd_download_disparity",
        )


def page() -> None:
    chosen = source_of_data()
    if chosen is None:
        session.forget()  # a removed file leaves nothing behind
        ui.info(ui.tr("your_data.start"), icon=":material/upload_file:")
        return
    name, data, example, identity = chosen
    # The error summary stands directly under the uploader (the GOV.UK pattern), where the eye
    # is, not below the preview and the pickers that the problem is about.
    summary = st.container(key="yd_error_summary")
    screen = Screen()
    try:
        work_on(name, data, example, identity, screen)
    except InputError as error:
        columns = [] if screen.table is None else list(screen.table.df.columns)
        screen.problems.append(
            upload.problem(error, screen.roles, columns, lang, header_shown=screen.header)
        )
    if screen.problems:
        with summary:
            ui.error(
                f"**{ui.tr('your_data.problem_heading')}**\n\n"
                + upload.summary_lines(screen.problems, ui.plain),
                icon=":material/error:",
            )
    if screen.table is not None:
        show_preview(screen)


def work_on(
    name: str, data: Callable[[], bytes], example: bool, identity: str, screen: Screen
) -> None:
    """Read, check and fit the chosen table, and show what it gives."""
    file_hash = session.digest(identity, name, data)
    if example:
        ui.info(ui.tr("your_data.example_loaded"), icon=":material/science:")

    sheet_key = upload.widget_key("yd_sheet", file_hash)
    sheet = st.session_state.get(sheet_key)
    header = header_row(name, data, file_hash, sheet)
    screen.header = header is not None
    read = session.table(file_hash, name, sheet, header, data)
    if len(read.info.sheets) > 1:
        sheets = list(read.info.sheets)
        sheet = st.selectbox(
            ui.tr("your_data.sheet"),
            sheets,
            index=sheets.index(read.info.sheet),
            format_func=ui.plain,
            key=sheet_key,
            help=ui.tr("your_data.sheet_help"),
        )
        if sheet != read.info.sheet:
            read = session.table(file_hash, name, sheet, header, data)
    screen.table = read
    show_read(read)
    screen.preview = st.container()  # filled last: folded while a problem stands
    table_key = upload.widget_key("yd_table", file_hash, read.info.sheet, header)

    roles = choose_roles(read, table_key, screen)
    screen.roles = roles
    drop = upload.nothing_dropped(read.df)
    options = choose_sample(read.df, roles, table_key, drop)
    fit_key = upload.fit_key(table_key, roles, options, drop)
    with st.spinner(ui.tr("your_data.fitting")):
        result = session.fit(fit_key, read.df, roles, options, drop)
    st.markdown(ui.plain(upload.outcome_summary(read.df.loc[~drop], roles, lang)))
    cv = upload.cv_caption(session.cv_auc(fit_key, result), result, lang)
    if cv is not None:
        ui.caption(cv)

    # The model's widgets (points, threshold) are keyed by the fit: another model, fresh ones.
    scorecard_ui.show_scorecard(
        result.model,
        key=f"yd{fit_key[:10]}",
        sources=upload.sources_line(name, example, lang, ui.plain),
        shareable=False,
        profiles=False,
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
    ui.caption(upload.example_caption(lang))
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
