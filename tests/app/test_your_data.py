"""The Your data page: an upload in a Russian Excel's CSV is read, mapped and fitted into the same
scorecard the library fits; broken files end in a translated message; the example fits; small
groups are hidden."""

from __future__ import annotations

import io
import re

import numpy as np
import pandas as pd
from openpyxl import Workbook

from riskexplorer import cohort, ingest, workers
from riskexplorer.app import ui
from riskexplorer.errors import InputError
from riskexplorer.scorecard import Scorecard
from riskexplorer.views import scorecard as MV
from riskexplorer.views import your_data as upload
from tests.app.conftest import markdown_text, open_page

PAGE = "app_pages/your_data.py"
FACTORS = ["Прогулы", "Конфликт в семье", "Есть наставник"]
REGIONS = {"Алматы": 700, "Астана": 600, "Шымкент": 500, "Улытау": 9}


def records(seed: int = 0) -> pd.DataFrame:
    """Made-up records with 0/1 factors, a 0/1 outcome and a region (Улытау: 9 people)."""
    rng = np.random.default_rng(seed)
    n = sum(REGIONS.values())
    X = (rng.random((n, 3)) < [0.3, 0.4, 0.5]).astype(int)
    logit = -1.6 + X @ np.array([1.1, 0.7, -0.6])
    y = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(int)
    frame = pd.DataFrame(X, columns=FACTORS)
    frame.insert(0, "Область", np.repeat(list(REGIONS), list(REGIONS.values())))
    frame["Правонарушение"] = y
    return frame


def russian_csv(frame: pd.DataFrame) -> bytes:
    """As Russian Excel saves "CSV (разделители — точки с запятой)": cp1251, да/нет."""
    text = frame.replace({1: "да", 0: "нет"}).to_csv(sep=";", index=False)
    return text.encode("cp1251")


def problem(message: str, anchor: str = "yd-file") -> str:
    """The error summary under the uploader: its heading, then the (escaped) message as a link
    to the widget it concerns."""
    return f"**There is a problem with the table:**\n\n- [{ui.plain(message)}](#{anchor})"


def widget(at, kind: str, name: str):
    """The one ``kind`` widget (selectbox, multiselect …) whose key is ``name`` and a hash (of the
    file, the table, the roles), or, for the scorecard's widgets, ``yd<fit hash>_<name>``."""
    found = [
        w
        for w in getattr(at, kind)
        if str(w.key).startswith(f"{name}:")
        or (str(w.key).startswith("yd") and str(w.key).endswith(f"_{name}") and ":" not in w.key)
    ]
    assert len(found) == 1, [w.key for w in getattr(at, kind)]
    return found[0]


def preview_state(at) -> tuple[bool, list[str]]:
    """Whether the preview is unfolded, and the columns highlighted in its rows (the cells whose
    style the pandas Styler set)."""
    expander = next(e for e in at.expander if e.label == "Columns and first rows")
    rows = next(df for df in at.dataframe if "Правонарушение" in df.value.columns)
    styles = rows.proto.arrow_data.styler.styles
    columns = list(rows.value.columns)
    marked = sorted({columns[int(c)] for c in re.findall(r"_row\d+_col(\d+)", styles)})
    return expander.proto.expanded, marked


def upload_file(at, name: str, data: bytes, mime: str = "text/csv"):
    at.file_uploader(key="yd_file").set_value((name, data, mime)).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def uploaded(data: bytes, name: str = "данные.csv"):
    return upload_file(open_page(PAGE), name, data)


def points_shown(at) -> dict[str, int]:
    table = next(
        df.value
        for df in at.dataframe
        if "Points" in df.value.columns and "Odds ratio" in df.value.columns
    )
    return dict(zip(table["Factor"], table["Points"]))


def disparity_shown(at) -> pd.DataFrame:
    return next(df.value for df in at.dataframe if "AUC (model)" in df.value.columns)


def no_generic_error(at) -> None:
    assert not any("Something went wrong" in e.value for e in at.error), [e.value for e in at.error]


def test_page_opens_with_the_privacy_sentence_and_no_table():
    at = open_page(PAGE)
    text = markdown_text(at)
    assert "never written to disk, logged, cached for other users or sent anywhere" in text
    assert "no count under 10" in text
    assert "Upload a table, or press “Try with the example”" in text
    assert not at.dataframe


def test_cp1251_semicolon_upload_gives_the_scorecard_the_library_fits():
    frame = records()
    at = uploaded(russian_csv(frame))
    no_generic_error(at)
    text = markdown_text(at)
    assert "encoding **cp1251**, values separated by **semicolon (;)**" in text
    assert f"**{len(frame):,} rows × 5 columns**" in text
    # The defaults found the outcome, the factors and the group from the Russian names.
    assert widget(at, "selectbox", "yd_outcome").value == "Правонарушение"
    assert widget(at, "multiselect", "yd_factors").value == FACTORS
    assert widget(at, "selectbox", "yd_group").value == "Область"
    direct = Scorecard().fit(frame[FACTORS], frame["Правонарушение"])
    assert points_shown(at) == {f: int(p) for f, p in direct.points_.items()}
    assert "Your uploaded table “данные\\.csv”" in text  # upload text is escaped (ui.plain)


def test_at_most_twenty_uploaded_rows_are_shown():
    at = uploaded(russian_csv(records()))
    preview = next(df.value for df in at.dataframe if "Правонарушение" in df.value.columns)
    assert len(preview) == upload.PREVIEW_ROWS


def test_choosing_fewer_factors_refits():
    frame = records()
    at = uploaded(russian_csv(frame))
    widget(at, "multiselect", "yd_factors").set_value(FACTORS[:2]).run()
    assert not at.exception
    direct = Scorecard().fit(frame[FACTORS[:2]], frame["Правонарушение"])
    assert points_shown(at) == {f: int(p) for f, p in direct.points_.items()}


def test_a_group_of_nine_is_hidden_in_the_disparity_table():
    at = uploaded(russian_csv(records()))
    table = disparity_shown(at).set_index("Group")
    assert table.at["Улытау", "People"] == "<10"
    assert set(table.loc["Улытау"].drop(["People", "With the outcome"])) == {"…"}
    assert table.at["Шымкент", "People"] == "…"  # hidden beside it: no subtraction
    assert table.at["Алматы", "People"] == "700"
    assert "9" not in table.loc["Улытау"].tolist()


def test_garbage_bytes_show_the_translated_message_and_no_exception():
    data = bytes(range(256)) * 40
    try:
        ingest.read_table_with_info(data, "broken.csv")
    except InputError as error:
        expected = error.message("en")
    at = uploaded(data, "broken.csv")
    assert [e.value for e in at.error] == [problem(expected)]
    no_generic_error(at)
    assert not at.dataframe


def test_a_constant_outcome_shows_the_translated_message():
    frame = records().assign(Правонарушение=0)
    at = uploaded(russian_csv(frame))
    # A column that never varies is not guessed as the outcome; the user picks it. The summary
    # says why in one line linked to the outcome picker (not also "choose the outcome").
    assert widget(at, "selectbox", "yd_outcome").value is None
    note = "«Правонарушение» looks like the outcome, but every row is «нет»: choose the outcome yourself."
    assert [e.value for e in at.error] == [problem(note, "yd-outcome")]
    assert any("every row is «нет»" in w.value for w in at.warning)  # and beside the picker
    widget(at, "selectbox", "yd_outcome").set_value("Правонарушение").run()
    assert not at.exception
    expected = InputError("ingest.outcome_never", column="Правонарушение").message("en")
    assert [e.value for e in at.error] == [problem(expected, "yd-outcome")]
    assert preview_state(at) == (False, ["Правонарушение"])


def test_the_error_is_in_the_page_language():
    at = open_page(PAGE, lang="ru")
    upload_file(at, "broken.xlsx", b"not a workbook at all, just text\x00\x01")
    assert at.error, "a Russian message was expected"
    assert at.error[0].value != at.error[0].value.encode("ascii", "ignore").decode()


def test_an_unexpected_failure_ends_in_a_plain_message_without_the_data(monkeypatch, caplog):
    """Guards against a bug showing a traceback, or a value from the upload, on the page or in
    the log: the message names only the kind of error."""

    def broken(df, roles, **options):
        raise RuntimeError(f"cell value {df.iloc[0, 0]} leaked")

    monkeypatch.setattr(upload, "fit_upload", broken)
    monkeypatch.setattr(workers, "WORKERS", 0)  # the patched fit runs here, not in a child
    at = uploaded(russian_csv(records()))
    assert not at.exception
    assert [e.value for e in at.error] == [
        "Something went wrong while reading or fitting this table (RuntimeError). Nothing from "
        "it was saved or logged. Check the file and the columns chosen, or try the example; if "
        "it happens again, tell the project team at which step."
    ]
    assert "Алматы" not in markdown_text(at) and "leaked" not in caplog.text


def test_the_example_button_fits_a_model_on_the_synthetic_table():
    at = open_page(PAGE)
    at.button(key="yd_example").click().run()
    assert not at.exception
    no_generic_error(at)
    assert "**SYNTHETIC —** the example table is loaded" in markdown_text(at)
    example = cohort.example_upload_table(n=upload.EXAMPLE_ROWS)
    factors = list(upload.suggest_roles(example).factors)
    y = (example["offended"] == "yes").astype(int)
    direct = Scorecard().fit((example[factors] == "yes").astype(int), y)
    expected = {MV.factor_label(f, "en"): int(p) for f, p in direct.points_.items()}
    assert points_shown(at) == expected
    assert len(disparity_shown(at)) == len(cohort.REGIONS)


def test_a_new_upload_replaces_the_example():
    at = open_page(PAGE)
    at.button(key="yd_example").click().run()
    upload_file(at, "данные.csv", russian_csv(records()))
    assert "the example table is loaded" not in markdown_text(at)
    assert set(points_shown(at)) == set(FACTORS)


def test_counts_table_with_a_group():
    frame = records()
    counts = frame.groupby(["Область", *FACTORS], as_index=False)["Правонарушение"].agg(
        случаи="sum", всего="size"
    )
    at = uploaded(counts.to_csv(index=False).encode("utf-8"), "counts.csv")
    assert widget(at, "radio", "yd_kind").value == "counts"
    assert widget(at, "selectbox", "yd_cases").value == "случаи"
    assert widget(at, "selectbox", "yd_total").value == "всего"
    no_generic_error(at)
    direct = Scorecard().fit(frame[FACTORS], frame["Правонарушение"])
    assert points_shown(at) == {f: int(p) for f, p in direct.points_.items()}
    assert disparity_shown(at).set_index("Group").at["Улытау", "People"] == "<10"


def test_a_workbook_with_two_sheets_offers_the_sheet_choice():
    book = Workbook()
    notes = book.active
    notes.title = "Пояснения"
    notes.append(["Пояснение", "Источник"])
    notes.append(["Обезличенные данные", "Район"])
    sheet = book.create_sheet("Данные")
    frame = records()
    sheet.append(list(frame.columns))
    for row in frame.itertuples(index=False):
        sheet.append([int(v) if isinstance(v, np.integer) else v for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    at = uploaded(buffer.getvalue(), "книга.xlsx")
    assert widget(at, "selectbox", "yd_sheet").options == ["Пояснения", "Данные"]
    widget(at, "selectbox", "yd_sheet").set_value("Данные").run()
    assert not at.exception
    assert "Read from the sheet **“Данные”**" in markdown_text(at)
    direct = Scorecard().fit(frame[FACTORS], frame["Правонарушение"])
    assert points_shown(at) == {f: int(p) for f, p in direct.points_.items()}


def test_moving_the_threshold_does_not_refit(monkeypatch):
    at = uploaded(russian_csv(records()))
    calls = []
    real = upload.fit_upload
    monkeypatch.setattr(upload, "fit_upload", lambda *a, **k: calls.append(1) or real(*a, **k))
    monkeypatch.setattr(workers, "WORKERS", 0)  # count the fits here, not in a child
    slider = widget(at, "slider", "threshold")
    slider.set_value(slider.min).run()
    # Open "Your points" (its inputs are drawn only while it is open or holds edits).
    at.session_state[slider.key.removesuffix("_threshold") + "_pts_open"] = True
    at.run()
    widget(at, "number_input", f"pts_{FACTORS[0]}").set_value(4).run()
    assert not at.exception and calls == []
    widget(at, "multiselect", "yd_factors").set_value(FACTORS[:2]).run()
    assert calls == [1]


def test_the_upload_flow_writes_no_file(block_writes):
    """Guards against the page (or anything it calls) spilling an upload to disk: a temporary
    file, a cache directory or an export. Uploads may hold records about children."""
    open_page(PAGE)  # imports and first-run work happen before the guards
    cwd, tmp, attempts = block_writes()

    frame = records()
    at = uploaded(russian_csv(frame))
    widget(at, "multiselect", "yd_factors").set_value(FACTORS[:2]).run()
    widget(at, "slider", "threshold").set_value(widget(at, "slider", "threshold").max).run()
    upload_file(at, "broken.csv", bytes(range(256)) * 10)
    at.button(key="yd_example").click().run()
    assert not at.exception
    assert points_shown(at)  # the whole flow ran under the guards

    assert attempts == []
    assert list(cwd.iterdir()) == [] and list(tmp.iterdir()) == []


def test_removing_the_file_drops_the_table_and_the_model_from_the_session(monkeypatch):
    """The session's caches forget a removed file: the same file uploaded again is read again."""
    reads = []
    real = ingest.read_table_with_info
    monkeypatch.setattr(
        ingest, "read_table_with_info", lambda *a, **k: reads.append(1) or real(*a, **k)
    )
    data = russian_csv(records())
    at = uploaded(data)
    widget(at, "multiselect", "yd_factors").set_value(FACTORS[:2]).run()
    assert len(reads) == 1  # a rerun reuses the table of this session
    at.file_uploader(key="yd_file").set_value(None).run()
    assert not at.exception
    assert "Upload a table, or press “Try with the example”" in markdown_text(at)
    upload_file(at, "данные.csv", data)
    assert len(reads) == 2
    assert widget(at, "multiselect", "yd_factors").value == FACTORS  # fresh widgets


def test_charts_of_an_upload_never_enter_the_shared_cache(monkeypatch):
    """st.cache_data is shared by every session and outlives them: an upload's charts (odds
    ratios, score shares) must be built without it."""
    from riskexplorer.app import ui

    cached_builders: list[str] = []
    original = ui._chart_spec

    def spy(builder, data, options):
        cached_builders.append(builder)
        return original(builder, data, options)

    monkeypatch.setattr(ui, "_chart_spec", spy)
    at = uploaded(russian_csv(records()))
    assert points_shown(at)
    assert at.get("vega_lite_chart")  # the charts are drawn …
    assert cached_builders == []  # … but none through the cache


MARKERS = (
    "![](http://198.51.100.7/x.png)",
    "**b**",
    "$x^2$",
    ":red[x]",
    "<img src=x onerror=alert(1)>",
)


def test_upload_text_reaches_no_markdown_element_unescaped():
    """Issue 10/15: column names and values from the upload are escaped wherever Markdown is
    rendered (labels, options, warnings, captions, markdown)."""
    frame = records()
    frame.columns = [
        f"{m} {c}" if i < len(MARKERS) else c
        for i, (c, m) in enumerate(
            zip(frame.columns, MARKERS + ("",) * len(frame.columns), strict=False)
        )
    ]
    at = uploaded(russian_csv(frame))
    assert not at.exception
    bodies = [str(getattr(e, "value", "")) for e in at.markdown]
    bodies += [str(getattr(e, "body", "")) for e in [*at.warning, *at.info, *at.error, *at.caption]]
    for widget in [*at.selectbox, *at.multiselect, *at.radio]:
        bodies.append(str(widget.label))
        bodies += [str(o) for o in widget.options]
    for marker in MARKERS:
        assert not any(marker in body for body in bodies), marker


def test_the_error_summary_stands_under_the_uploader_above_the_preview():
    """Guards against the UX review's finding: an error ~1,750 px below a success-looking
    "read 2 001 × 11". The summary comes before the preview and the pickers."""
    frame = records().assign(Правонарушение=0)
    at = uploaded(russian_csv(frame))
    widget(at, "selectbox", "yd_outcome").set_value("Правонарушение").run()
    kinds = [(e.type, str(getattr(e, "value", ""))) for e in at.main if hasattr(e, "type")]
    error_at = next(
        i for i, (kind, text) in enumerate(kinds) if kind == "error" and "problem" in text
    )
    preview_at = next(i for i, (kind, _) in enumerate(kinds) if kind == "dataframe")
    assert error_at < preview_at, kinds[:20]


# --- the error summary with real export shapes (issue 15, item 3) ------------------------------


def as_text(frame: pd.DataFrame) -> str:
    return frame.replace({1: "да", 0: "нет"}).to_csv(sep=";", index=False)


def test_title_rows_are_read_below_and_a_wrong_header_row_links_to_its_input():
    titled = "Сведения о несовершеннолетних;;;;;\nДепартамент полиции, 2025;;;;;\n"
    at = uploaded((titled + as_text(records())).encode("cp1251"), "отчёт.csv")
    assert not at.error
    assert any("read from row 3" in i.value for i in at.info)
    assert widget(at, "number_input", "yd_header_row").value == 3
    assert widget(at, "selectbox", "yd_outcome").value == "Правонарушение"
    assert preview_state(at) == (True, [])  # no problem: the preview is open, nothing marked
    widget(at, "number_input", "yd_header_row").set_value(1).run()
    assert not at.exception
    [summary] = [e.value for e in at.error]
    assert summary.startswith("**There is a problem with the table:**\n\n- [Column B")
    assert summary.endswith("](#yd-header-row)")
    assert summary.count("\n- ") == 1


def test_a_totals_row_is_dropped_by_default_and_kept_it_is_named_in_the_summary():
    frame = records()
    at = uploaded((as_text(frame) + "Итого;;;;;\n").encode("cp1251"), "итого.csv")
    # «Итого» does not hide the outcome, and is left out of the fit by default.
    assert widget(at, "selectbox", "yd_outcome").value == "Правонарушение"
    assert any("rows 1811" in w.value for w in at.warning)
    assert not at.error
    direct = Scorecard().fit(frame[FACTORS], frame["Правонарушение"])
    assert points_shown(at) == {f: int(p) for f, p in direct.points_.items()}
    widget(at, "checkbox", "yd_drop_totals").uncheck().run()
    assert not at.exception
    [summary] = [e.value for e in at.error]
    assert "1 empty cell\\(s\\), in row\\(s\\) 1811" in summary
    assert summary.endswith("](#yd-outcome)")
    assert preview_state(at) == (False, ["Правонарушение"])


def test_blank_outcome_cells_say_why_and_blank_factor_cells_are_asked_about():
    frame = records().replace({1: "да", 0: "нет"}).astype(object)
    frame.loc[[3, 10, 20], "Прогулы"] = ""
    frame.loc[5, "Правонарушение"] = ""
    at = uploaded(frame.to_csv(sep=";", index=False).encode("cp1251"), "пропуски.csv")
    note = (
        "«Правонарушение» looks like the outcome, but it has empty cells (1): "
        "choose the outcome yourself."
    )
    assert [e.value for e in at.error] == [problem(note, "yd-outcome")]
    assert preview_state(at) == (False, ["Правонарушение"])
    widget(at, "selectbox", "yd_outcome").set_value("Правонарушение").run()
    # 3 empty factor cells: asked about, with the count protected (<10)
    assert (
        widget(at, "radio", "yd_blanks").label
        == "<10 rows have empty factor cells. How should they be read?"
    )
    [summary] = [e.value for e in at.error]
    assert "in row\\(s\\) 7" in summary and summary.endswith("](#yd-outcome)")


def test_every_summary_link_points_at_an_element_on_the_page():
    at = uploaded(russian_csv(records().assign(Правонарушение=0)))
    links = re.findall(r"\]\(#([a-z-]+)\)", at.error[0].value)
    ids = re.findall(r'id="([a-z-]+)"', "".join(h.proto.body for h in at.get("html")))
    assert links == ["yd-outcome"] and set(links) <= set(ids)


# --- one session's upload, and nothing else (issue 14, item 2) ---------------------------------


def test_a_new_file_starts_with_fresh_widgets():
    at = uploaded(russian_csv(records(0)))
    widget(at, "multiselect", "yd_factors").set_value(FACTORS[:1]).run()
    widget(at, "selectbox", "yd_group").set_value(None).run()
    upload_file(at, "другие.csv", russian_csv(records(1)))
    assert widget(at, "multiselect", "yd_factors").value == FACTORS
    assert widget(at, "selectbox", "yd_group").value == "Область"


def test_two_sessions_do_not_share_what_is_read_or_fitted():
    one = uploaded(russian_csv(records(0)))
    other_frame = records(1).drop(columns=[FACTORS[2]])
    other = uploaded(russian_csv(other_frame), "другие.csv")
    one.run()
    assert set(points_shown(one)) == set(FACTORS)
    assert set(points_shown(other)) == set(FACTORS[:2])
    direct = Scorecard().fit(other_frame[FACTORS[:2]], other_frame["Правонарушение"])
    assert points_shown(other) == {f: int(p) for f, p in direct.points_.items()}


# --- the threshold lesson on an upload (issue 15, item 7) -------------------------------------


def lesson_shown(at) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("### "))


def test_the_lesson_without_a_population_rate_says_ppv_needs_it():
    for lang, words in {
        "en": "the PPV and the number flagged need the population rate",
        "ru": "для PPV и числа отмеченных нужна частота в населении",
        "kk": "PPV мен белгіленгендер санын білу үшін халықтағы жиілік қажет",
    }.items():
        at = upload_file(open_page(PAGE, lang=lang), "данные.csv", russian_csv(records()))
        widget(at, "radio", "yd_selected").set_value(False).run()
        assert not at.exception
        assert words in lesson_shown(at), lang
        widget(at, "radio", "yd_selected").set_value(True).run()
        assert words not in lesson_shown(at)
    assert lesson_shown(at).startswith("### Егер бағдарлама")
