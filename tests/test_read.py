"""Reading uploaded tables (riskexplorer.read): a corpus of awkward and broken files, made here as
bytes, each ending in a correct table or an InputError with the expected code — never another
exception. The limits that keep hostile files from taking the server down: test_read_limits.py."""

from __future__ import annotations

import codecs
import io
import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from riskexplorer import read
from riskexplorer.errors import InputError
from riskexplorer.i18n import LANGUAGES, has
from riskexplorer.prepare import prepare
from riskexplorer.read import list_sheets, read_table, read_table_with_info

RU_TABLE = "Возраст;Пол;Правонарушение;Неполная семья\n14;м;да;нет\n15;ж;нет;да\n16;м;Да;НЕТ\n"
KZ_TABLE = "Жасы;Жынысы;Құқық бұзушылық\n14;ер;иә\n15;әйел;жоқ\n"


def read_error(data: bytes, filename: str = "table.csv", **kwargs) -> InputError:
    """The InputError that reading raises (fails the test if the file is read or another
    exception escapes)."""
    with pytest.raises(InputError) as caught:
        read_table(data, filename, **kwargs)
    return caught.value


def xlsx(*sheets: tuple[str, list[list]], hidden: tuple[str, ...] = ()) -> bytes:
    """An .xlsx workbook written in memory with openpyxl."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
        if title in hidden:
            sheet.sheet_state = "hidden"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def good_xlsx() -> bytes:
    return xlsx(
        ("Сводка", [["год", "итог"], [2024, 1]]),
        (
            "Данные",
            [[" Возраст ", "Правонарушение", "Семья"], [14, "да", True], [15, "нет", False]],
        ),
    )


# --- encodings -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (RU_TABLE.encode("utf-8"), "utf-8"),
        (RU_TABLE.encode("utf-8-sig"), "utf-8-sig"),
        (codecs.BOM_UTF16_LE + RU_TABLE.encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + RU_TABLE.encode("utf-16-be"), "utf-16-be"),
        (RU_TABLE.encode("utf-16-le"), "utf-16-le"),  # no BOM: found from the byte pattern
        (RU_TABLE.encode("utf-16-be"), "utf-16-be"),
        (RU_TABLE.encode("cp1251"), "cp1251"),
        (RU_TABLE.replace("\n", "\r\n").encode("cp1251"), "cp1251"),
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "utf16le", "utf16be", "cp1251", "crlf"],
)
def test_russian_table_reads_the_same_in_every_encoding(data, encoding):
    df, info = read_table_with_info(data, "таблица.csv")
    assert info.encoding == encoding
    assert list(df.columns) == ["Возраст", "Пол", "Правонарушение", "Неполная семья"]
    assert df["Возраст"].tolist() == [14, 15, 16]
    assert df["Правонарушение"].tolist() == ["да", "нет", "Да"]
    assert df.attrs["riskexplorer"]["encoding"] == encoding


def test_kazakh_letters_in_windows_codepage_are_read_as_kz1048():
    """Windows-1251 has no ә ғ қ ң ө ұ ү һ; offices that keep them save in KZ-1048, whose bytes
    Windows-1251 would show as Serbian letters (Ќўќыќ)."""
    df, info = read_table_with_info(KZ_TABLE.encode("kz1048"), "kz.csv")
    assert info.encoding == "kz1048"
    assert list(df.columns) == ["Жасы", "Жынысы", "Құқық бұзушылық"]
    assert df["Жынысы"].tolist() == ["ер", "әйел"]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "utf-8-sig"])
def test_kazakh_table_in_unicode(encoding):
    df = read_table(KZ_TABLE.encode(encoding), "kz.csv")
    assert df["Құқық бұзушылық"].tolist() == ["иә", "жоқ"]


def test_kazakh_letters_lost_to_windows_1251_give_a_warning_and_still_map_to_yes_no():
    data = KZ_TABLE.encode("cp1251", errors="replace")  # қ → ?
    df, info = read_table_with_info(data, "kz.csv")
    assert info.warnings == ("ingest.lost_letters",)
    X, y, _ = prepare(df.assign(f=[1, 0]), df.columns[2], ["f"])
    assert y.tolist() == [1, 0]  # "и?" and "жо?"


# --- delimiters, decimals, quotes --------------------------------------------------------------


@pytest.mark.parametrize("delimiter", [";", ",", "\t", "|"])
def test_each_delimiter(delimiter):
    text = "\n".join(delimiter.join(row) for row in [["a", "b", "c"], ["1", "да", "x"]]) + "\n"
    df, info = read_table_with_info(text.encode(), "t.txt")
    assert info.delimiter == delimiter
    assert df.to_dict("list") == {"a": [1], "b": ["да"], "c": ["x"]}


def test_tsv_extension_prefers_tab_in_a_tie():
    df, info = read_table_with_info(b"a,b\tc\n1,2\t3\n", "t.tsv")
    assert info.delimiter == "\t"
    assert list(df.columns) == ["a,b", "c"]


def test_decimal_comma_in_semicolon_file():
    df, info = read_table_with_info("доля;n\n1,5;3\n2,25;4\n-0,5;5\n".encode("cp1251"), "d.csv")
    assert info.decimal == ","
    assert df["доля"].tolist() == [1.5, 2.25, -0.5]
    assert df["n"].dtype.kind == "i"


def test_decimal_comma_with_space_thousands_in_tab_file():
    df = read_table("n\tdoля\n1 234\t1\u00a0234,5\n12\t0,5\n".encode(), "d.tsv")
    assert df.iloc[:, 0].tolist() == [1234, 12]
    assert df.iloc[:, 1].tolist() == [1234.5, 0.5]


def test_quoted_decimal_comma_in_comma_file():
    df, info = read_table_with_info(b'a,b\n"1,5",2\n"3,0",4\n', "d.csv")
    assert info.decimal == ","
    assert df["a"].tolist() == [1.5, 3.0]


def test_dot_decimal_stays_dot_in_semicolon_file():
    df, info = read_table_with_info(b"a;b\n1.5;x\n2;y\n", "d.csv")
    assert info.decimal == "."
    assert df["a"].tolist() == [1.5, 2.0]


def test_quoted_fields_with_embedded_newlines():
    data = 'id;комментарий;исход\n1;"строка один\nстрока два";да\n2;"a;b ""c""";нет\n'.encode()
    df = read_table(data, "q.csv")
    assert df["комментарий"].tolist() == ["строка один\nстрока два", 'a;b "c"']
    assert df["исход"].tolist() == ["да", "нет"]


def test_header_spaces_stripped_and_empty_trailing_rows_and_columns_dropped():
    data = b" a ; b  ;;\n1;2;;\n3;4;;\n;;;\n\n\n"
    df = read_table(data, "t.csv")
    assert list(df.columns) == ["a", "b"]
    assert df.shape == (2, 2)


def test_blank_rows_above_header_are_skipped_and_counted_for_row_numbers():
    data = b"\n;;\nage;offence\n14;yes\n15;\n"
    df, info = read_table_with_info(data, "t.csv")
    assert info.first_row == 4
    with pytest.raises(InputError) as caught:
        prepare(df.assign(f=1), "offence", ["f"])
    assert caught.value.code == "ingest.missing_values"
    assert caught.value.params["rows"] == "5"  # the row Excel shows


def test_trailing_delimiter_on_every_line_is_harmless():
    df = read_table(b"a;b;c\n1;2;3;\n4;5;6;;\n", "t.csv")
    assert df.to_dict("list") == {"a": [1, 4], "b": [2, 5], "c": [3, 6]}


# --- spreadsheets --------------------------------------------------------------------------------


def test_xlsx_first_visible_sheet_by_default(good_xlsx):
    df, info = read_table_with_info(good_xlsx, "book.xlsx")
    assert info.sheet == "Сводка"
    assert info.sheets == ("Сводка", "Данные")
    assert info.format == "spreadsheet"
    assert list_sheets(good_xlsx, "book.xlsx") == ["Сводка", "Данные"]
    assert df.to_dict("list") == {"год": [2024], "итог": [1]}


def test_xlsx_second_sheet_by_name_and_by_position():
    data = xlsx(
        ("first", [["a", "b"], [1, 2]]),
        ("second", [[" Возраст ", "Правонарушение", "Семья"], [14, "да", True], [15.0, "нет", 0]]),
    )
    by_name = read_table(data, "book.xlsx", sheet="second")
    by_position = read_table(data, "book.xlsx", sheet=1)
    pd.testing.assert_frame_equal(by_name, by_position)
    assert list(by_name.columns) == ["Возраст", "Правонарушение", "Семья"]
    assert by_name["Возраст"].tolist() == [14, 15]
    assert by_name["Возраст"].dtype.kind == "i"
    X, y, _ = prepare(by_name, "Правонарушение", ["Семья"])
    assert y.tolist() == [1, 0]
    assert X["Семья"].tolist() == [1, 0]


def test_xlsx_hidden_first_sheet_is_skipped_by_default():
    data = xlsx(("lookup", [["code", "name"], [1, "x"]]), ("data", [["a", "b"], [1, 0]]),
                hidden=("lookup",))  # fmt: skip
    _, info = read_table_with_info(data, "book.xlsx")
    assert info.sheet == "data"
    assert list_sheets(data, "book.xlsx") == ["lookup", "data"]


def test_xlsx_blank_rows_above_header_and_empty_spacer_column():
    data = xlsx(
        ("s", [[None, None, None, None], ["a", None, "b", None], [1, None, 2, None], [None] * 4])
    )
    df, info = read_table_with_info(data, "book.xlsx")
    assert info.first_row == 3
    assert df.to_dict("list") == {"a": [1], "b": [2]}


def test_missing_sheet_names_the_sheets(good_xlsx):
    error = read_error(good_xlsx, "book.xlsx", sheet="Лист9")
    assert error.code == "ingest.sheet_not_found"
    assert "Данные" in error.params["sheets"]
    assert read_error(good_xlsx, "book.xlsx", sheet=5).code == "ingest.sheet_not_found"


def test_truncated_xlsx_is_corrupt(good_xlsx):
    assert read_error(good_xlsx[: len(good_xlsx) // 2], "book.xlsx").code == (
        "ingest.corrupt_spreadsheet"
    )
    with pytest.raises(InputError) as caught:
        list_sheets(good_xlsx[:100], "book.xlsx")
    assert caught.value.code == "ingest.corrupt_spreadsheet"


def test_excel_file_named_csv_is_read_as_a_spreadsheet(good_xlsx):
    df = read_table(good_xlsx, "export.csv", sheet="Данные")
    assert list(df.columns) == ["Возраст", "Правонарушение", "Семья"]


def test_csv_named_xls_is_read_as_text():
    df, info = read_table_with_info(RU_TABLE.encode("cp1251"), "export.xls")
    assert info.format == "text"
    assert df.shape == (3, 4)


def test_web_page_named_xls_is_explained():
    data = b"<html><body><table><tr><td>a</td></tr></table></body></html>"
    assert read_error(data, "report.xls").code == "ingest.html_table"


def test_single_column_sheet_suggests_text_to_columns():
    data = xlsx(("s", [["a;b;c"], ["1;2;3"]]))
    error = read_error(data, "book.xlsx")
    assert error.code == "ingest.single_column_sheet"
    assert error.params["sheet"] == "s"


def test_empty_sheet():
    assert read_error(xlsx(("s", [])), "book.xlsx").code == "ingest.empty_sheet"


# --- broken files ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "filename", "code"),
    [
        (b"", "t.csv", "ingest.empty_file"),
        (codecs.BOM_UTF8, "t.csv", "ingest.empty_file"),
        (b"\r\n \n\t\n", "t.csv", "ingest.empty_file"),
        (b";;;\n;;;\n", "t.csv", "ingest.empty_file"),
        (bytes(range(256)) * 8, "t.csv", "ingest.binary"),
        (b"\x00\x01\x02\x03garbage\xff\xfe\x00" * 50, "t.txt", "ingest.binary"),
        (b"%PDF-1.7\n\x00\x00\x9c\xff\x00", "t.csv", "ingest.binary"),
        (bytes(range(256)) * 8, "t.xlsx", "ingest.corrupt_spreadsheet"),
        (b"PK\x03\x04" + b"\x00" * 40, "t.xlsx", "ingest.corrupt_spreadsheet"),
        (b"a;b\n1;2\n", "t.pdf", "ingest.unsupported_format"),
        (b"a;b\n1;2\n", "t.docx", "ingest.unsupported_format"),
        (b"a;b;c\n", "t.csv", "ingest.no_rows"),
        (b"a;b;c\n;;\n", "t.csv", "ingest.no_rows"),
        (b"name\nAli\nAsel\n", "t.csv", "ingest.single_column"),
        (b"a;b;a\n1;2;3\n", "t.csv", "ingest.duplicate_columns"),
        (b"a;;b\n1;5;2\n", "t.csv", "ingest.unnamed_column"),
        (b"a;b\n1;2\n3;4;5\n", "t.csv", "ingest.ragged_row"),
        (b'a;b\n1;"x\n2;3\n', "t.csv", "ingest.unclosed_quote"),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_broken_files_raise_their_own_code(data, filename, code):
    assert read_error(data, filename).code == code


def test_single_column_names_the_delimiters_tried():
    error = read_error(b"name\nAli\nAsel\n", "t.csv")
    assert error.params["column"] == "name"
    assert error.params["tried"] == '";", ",", Tab, "|"'


def test_duplicate_columns_are_named():
    error = read_error("возраст;пол;возраст;пол;x\n1;2;3;4;5\n".encode(), "t.csv")
    assert error.params["names"] == '"возраст", "пол"'


def test_duplicates_after_stripping_spaces_are_duplicates():
    assert read_error(b"a;a \n1;2\n", "t.csv").code == "ingest.duplicate_columns"


def test_unnamed_column_says_where():
    error = read_error(b"a;b;;d\n1;2;3;4\n", "t.csv")
    assert error.params == {"position": 3, "letter": "C", "previous": "b"}


@pytest.mark.parametrize(
    ("data", "row", "found"),
    [
        (b"a;b;c\n1;2;3\n4;5;6;7\n", 3, 4),
        (b"a;b;c\n1;2;3\n\n4;5;6;7\n", 4, 4),  # a blank line is still a row in Excel
        (b'a;b;c\n1;"x\ny";3\n4;5;6;7;8\n', 3, 5),  # a quoted newline is not
        (b"a;b;c\n1;2;3;4\n5;6;7\n", 2, 4),  # pandas would silently drop "4" here
        (b"a,b\n1,5,2\n", 2, 3),
    ],
)
def test_ragged_row_number_is_the_spreadsheet_row(data, row, found):
    error = read_error(data, "t.csv")
    assert error.code == "ingest.ragged_row"
    assert (error.params["row"], error.params["expected"], error.params["found"]) == (
        row,
        len(data.split(b"\n")[0].split(data[1:2])),
        found,
    )


def test_unclosed_quote_row():
    assert read_error(b'a;b\n1;2\n3;"x\n4;5\n', "t.csv").params["row"] == 3


def test_too_large():
    error = read_error(b"a;b\n" + b"1;2\n" * 1000, "t.csv", max_bytes=1000)
    assert error.code == "ingest.too_large"
    assert error.params["limit_mb"] == "0.0"


def test_a_table_as_wide_as_the_column_limit_reads():
    width = read.LIMITS.max_columns
    header = ";".join(f"f{i}" for i in range(width))
    rows = "\n".join(";".join(str((i + r) % 2) for i in range(width)) for r in range(3))
    df = read_table(f"{header}\n{rows}\n".encode(), "wide.csv")
    assert df.shape == (3, width)
    assert df[f"f{width - 1}"].tolist() == [1, 0, 1]


def test_very_long_cells():
    long_text = "ж" * 100_000
    data = f'a;note;b\n1;"{long_text}";да\n2;short;нет\n'.encode()
    df = read_table(data, "long.csv")
    assert len(df.loc[0, "note"]) == 100_000
    assert df["b"].tolist() == ["да", "нет"]


def test_very_long_cell_in_the_first_data_row_without_quotes():
    data = ("a,b\n" + "x" * 150_000 + ",1\ny,0\n").encode()
    df = read_table(data, "long.csv")
    assert df["b"].tolist() == [1, 0]


def test_bytearray_is_accepted_and_other_types_are_a_programming_error():
    assert read_table(bytearray(b"a;b\n1;2\n"), "t.csv").shape == (1, 2)
    with pytest.raises(TypeError):
        read_table("a;b\n1;2\n", "t.csv")  # type: ignore[arg-type]


def test_unexpected_parser_failure_becomes_unreadable(monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("parser exploded")

    monkeypatch.setattr(pd, "read_csv", boom)
    error = read_error(b"a;b\n1;2\n", "t.csv")
    assert error.code == "ingest.unreadable"
    assert error.params["detail"] == "RuntimeError"


# --- messages ------------------------------------------------------------------------------------

SOURCE = Path(read.__file__).read_text(encoding="utf-8")
CODES = sorted(set(re.findall(r'"(ingest\.[a-z_]+)"', SOURCE)))


def test_the_source_has_codes():
    assert len(CODES) > 20


@pytest.mark.parametrize("code", CODES)
def test_every_code_has_a_message_in_every_language(code):
    for lang in LANGUAGES:
        assert has(f"errors.{code}", lang), f"errors.{code} missing in {lang}.toml"


# --- fuzzing: any bytes give a DataFrame or an InputError, nothing else --------------------------

FILENAMES = ["f.csv", "f.tsv", "f.txt", "f.xlsx", "f.xls", "f.ods", "f", "f.CSV"]


def read_or_input_error(data: bytes, filename: str) -> None:
    try:
        df = read_table(data, filename)
    except InputError as error:
        assert error.code.startswith("ingest.")
        assert error.code != "ingest.unreadable", "a parser error slipped past the checks"
    else:
        assert isinstance(df, pd.DataFrame)
        assert df.shape[1] >= 2 and len(df) >= 1


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=3000), filename=st.sampled_from(FILENAMES))
def test_fuzz_arbitrary_bytes(data, filename):
    read_or_input_error(data, filename)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=2000), prefix=st.sampled_from([b"PK\x03\x04", b"\xd0\xcf\x11\xe0"]))
def test_fuzz_bytes_that_look_like_spreadsheets(data, prefix):
    read_or_input_error(prefix + data, "f.xlsx")


CELL = st.text(alphabet=st.sampled_from(list("аәбвгғқңөұүһіжоқдаyesno01,.;\t|\"' \n\r-=+<>?")))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=st.one_of(st.text(max_size=400), CELL.filter(lambda s: len(s) < 600)),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1251", "kz1048"]),
    filename=st.sampled_from(["f.csv", "f.tsv", "f.txt", "f.xls"]),
)
def test_fuzz_text_in_several_encodings(text, encoding, filename):
    read_or_input_error(text.encode(encoding, errors="replace"), filename)


# --- nothing is written to disk -------------------------------------------------------------------


def test_reading_and_preparing_write_nothing(block_writes, good_xlsx):
    """Guards against a parser spilling the upload to a temporary file: uploads may hold
    records about children and must stay in memory."""
    cwd, tmp, attempts = block_writes()
    corpus = [  # bytes, name, sheet, outcome, factor
        (RU_TABLE.encode("cp1251"), "t.csv", None, "Правонарушение", "Неполная семья"),
        (codecs.BOM_UTF16_LE + KZ_TABLE.encode("utf-16-le"), "t.txt", None, None, None),
        (good_xlsx, "book.xlsx", "Данные", "Правонарушение", "Семья"),
        (b"a;b\n1;2\n3;4;5\n", "bad.csv", None, None, None),
        (good_xlsx[:300], "bad.xlsx", None, None, None),
    ]

    tables = 0
    for data, filename, sheet, outcome, factor in corpus:
        try:
            df = read_table(data, filename, sheet=sheet)
        except InputError:
            continue
        tables += 1
        list_sheets(data, filename)
        if outcome:
            X, y, _ = prepare(df, outcome, [factor])
            assert len(X) == len(y) > 0

    assert tables == 3

    assert attempts == []
    assert list(cwd.iterdir()) == [] and list(tmp.iterdir()) == []
