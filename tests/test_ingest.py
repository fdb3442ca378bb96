"""Uploaded tables: a corpus of awkward and broken files, made here as bytes, each ending in a
correct table or an InputError with the expected code — never another exception."""

from __future__ import annotations

import codecs
import io
import re
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from riskexplorer import ingest
from riskexplorer.errors import InputError
from riskexplorer.i18n import LANGUAGES, has
from riskexplorer.ingest import (
    list_sheets,
    prepare,
    prepare_grouped,
    read_table,
    read_table_with_info,
    suggest_columns,
)

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


def test_very_wide_table():
    header = ";".join(f"f{i}" for i in range(2000))
    rows = "\n".join(";".join(str((i + r) % 2) for i in range(2000)) for r in range(3))
    df = read_table(f"{header}\n{rows}\n".encode(), "wide.csv")
    assert df.shape == (3, 2000)
    assert df["f1999"].tolist() == [1, 0, 1]


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


# --- prepare ------------------------------------------------------------------------------------

YES = ["1", "1.0", "true", "TRUE", "Yes", " y ", "да", "ДА", "Д", "иә", "ИӘ", "Иә", "ия", "Ия",
       "истина", "\u00a0да\u00a0", 1, 1.0, True]  # fmt: skip
NO = ["0", "0.0", "0,0", "false", "No", "N", "нет", "НЕТ", "н", "жоқ", "ЖОҚ", "Жоқ", "жок",
      "ложь", 0, 0.0, False]  # fmt: skip


@pytest.mark.parametrize("value", YES)
def test_yes_spellings(value):
    assert ingest.to_binary(pd.Series([value], dtype=object))[0].tolist() == [1]


@pytest.mark.parametrize("value", NO)
def test_no_spellings(value):
    assert ingest.to_binary(pd.Series([value], dtype=object))[0].tolist() == [0]


def test_prepare_returns_uint8_frame_vector_and_weights():
    df = pd.DataFrame(
        {
            "исход": ["да", "нет", "Да", "нет"],
            "семья": ["иә", "жоқ", "ИӘ", "Жоқ"],
            "школа": [1, 0, 0, 1],
            "вес": ["1,5", "2", "0", "3"],
        }
    )
    X, y, w = prepare(df, "исход", ["семья", "школа"], weight="вес")
    assert list(X.columns) == ["семья", "школа"]
    assert X.dtypes.tolist() == [np.uint8, np.uint8]
    assert X.to_numpy().tolist() == [[1, 1], [0, 0], [1, 0], [0, 1]]
    assert y.dtype == np.uint8 and y.tolist() == [1, 0, 1, 0]
    assert w.dtype == np.float64 and w.tolist() == [1.5, 2.0, 0.0, 3.0]
    assert prepare(df, "исход", ["семья"])[2] is None


def test_prepare_from_a_read_table(good_xlsx):
    df = read_table(RU_TABLE.encode("cp1251"), "t.csv")
    X, y, _ = prepare(df, "Правонарушение", ["Неполная семья"])
    assert y.tolist() == [1, 0, 1]
    assert X["Неполная семья"].tolist() == [0, 1, 0]


def prepare_error(df, *args, **kwargs) -> InputError:
    with pytest.raises(InputError) as caught:
        prepare(df, *args, **kwargs)
    return caught.value


@pytest.fixture
def records() -> pd.DataFrame:
    return pd.DataFrame(
        {"y": [1, 0, 1, 0, 1, 0], "a": ["да"] * 6, "b": [1, 0, 1, 1, 0, 0], "w": [1] * 6}
    )


def test_prepare_errors_name_the_column_and_rows(records):
    bad = records.assign(a=["да", "нет", "может", "2", "может", None])
    error = prepare_error(bad.assign(a=["да", "нет", "может", "2", "может", "?"]), "y", ["a"])
    assert error.code == "ingest.not_yes_no"
    assert error.params["column"] == "a"
    assert error.params["values"] == '"может", "2", "?"'
    assert error.params["rows"] == "4, 5, 6, 7"
    error = prepare_error(bad, "y", ["a"])
    assert error.code == "ingest.missing_values"
    assert error.params["rows"] == "7"
    assert error.params["count"] == 1


def test_not_yes_no_shows_at_most_three_distinct_values(records):
    error = prepare_error(records.assign(b=[2, 3, 4, 5, 6, 7]), "y", ["b"])
    assert error.params["values"].count('"') == 6
    assert error.params["rows"] == "2, 3, 4, 5, 6, …"


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"outcome": "y", "factors": []}, "ingest.no_factors"),
        ({"outcome": None, "factors": ["a"]}, "ingest.no_outcome"),
        ({"outcome": "y", "factors": ["y"]}, "ingest.column_reused"),
        ({"outcome": "y", "factors": ["a", "a"]}, "ingest.column_reused"),
        ({"outcome": "y", "factors": ["a"], "weight": "a"}, "ingest.column_reused"),
        ({"outcome": "y", "factors": ["нет такого"]}, "ingest.column_not_found"),
        ({"outcome": "Y", "factors": ["a"]}, "ingest.column_not_found"),
    ],
)
def test_prepare_role_errors(records, kwargs, code):
    assert prepare_error(records, **kwargs).code == code


def test_constant_outcome(records):
    assert prepare_error(records.assign(y=0), "y", ["a"]).code == "ingest.outcome_never"
    assert prepare_error(records.assign(y="да"), "y", ["a"]).code == "ingest.outcome_always"
    # weighted: the only cases have weight 0, so the outcome never happens in the weighted data
    weights = records.assign(w=[0, 1, 0, 1, 0, 1])
    assert prepare_error(weights, "y", ["a"], weight="w").code == "ingest.outcome_never"


@pytest.mark.parametrize(
    ("weights", "code"),
    [
        ([1, -2, 1, 1, 1, 1], "ingest.negative_number"),
        (["1", "много", 1, 1, 1, 1], "ingest.not_a_number"),
        ([1, np.inf, 1, 1, 1, 1], "ingest.not_a_number"),
        ([1, None, 1, 1, 1, 1], "ingest.missing_values"),
        ([0, 0, 0, 0, 0, 0], "ingest.zero_weights"),
        ([1, True, 1, 1, 1, 1], "ingest.not_a_number"),
    ],
)
def test_bad_weights(records, weights, code):
    error = prepare_error(records.assign(w=pd.Series(weights, dtype=object)), "y", ["a"], "w")
    assert error.code == code
    if code != "ingest.zero_weights":
        assert error.params["rows"] == "3"


def test_fractional_weights_are_allowed(records):
    """Survey weights are fractional; only counts must be whole."""
    _, _, w = prepare(records.assign(w=[0.5, 1.25, 2, 1, 1, 1]), "y", ["a"], weight="w")
    assert w[:2].tolist() == [0.5, 1.25]


def test_row_numbers_follow_the_index_of_a_filtered_table(records):
    filtered = records.assign(b=[1, 0, 1, 9, 0, 0]).iloc[2:]
    assert prepare_error(filtered, "y", ["b"]).params["rows"] == "5"  # label 3 + header


# --- prepare_grouped ------------------------------------------------------------------------------


@pytest.fixture
def grouped() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "семья": ["да", "нет", "да", "нет", "да"],
            "школа": [1, 1, 0, 0, 1],
            "случаи": [3, 1, 2, 0, 4],
            "всего": ["1 000", "2000", "1500", "800", "500"],
        }
    )


def test_grouped_duplicate_patterns_are_summed(grouped):
    patterns, cases, totals = prepare_grouped(grouped, ["семья", "школа"], "случаи", "всего")
    assert patterns.to_dict("list") == {"семья": [0, 0, 1, 1], "школа": [0, 1, 0, 1]}
    assert patterns.dtypes.tolist() == [np.uint8, np.uint8]
    assert cases.tolist() == [0, 1, 2, 7]
    assert totals.tolist() == [800, 2000, 1500, 1500]
    assert cases.dtype == totals.dtype == np.int64


def grouped_error(df, *args) -> InputError:
    with pytest.raises(InputError) as caught:
        prepare_grouped(df, *args)
    return caught.value


@pytest.mark.parametrize(
    ("column", "values", "code"),
    [
        ("случаи", [3, 1, 2.5, 0, 4], "ingest.fractional_count"),
        ("случаи", [3, 1, -2, 0, 4], "ingest.negative_number"),
        ("случаи", [3, 1, "<10", 0, 4], "ingest.not_a_number"),
        ("всего", ["1000", "2000", "", "800", "500"], "ingest.missing_values"),
        ("случаи", [3, 1, 2000, 0, 4], "ingest.cases_above_total"),
        ("семья", ["да", "нет", "возможно", "нет", "да"], "ingest.not_yes_no"),
    ],
)
def test_grouped_errors(grouped, column, values, code):
    df = grouped.assign(**{column: pd.Series(values, dtype=object)})
    error = grouped_error(df, ["семья", "школа"], "случаи", "всего")
    assert error.code == code
    assert error.params["rows"] == "4"


def test_grouped_outcome_never_and_role_errors(grouped):
    args = (["семья"], "случаи", "всего")
    assert grouped_error(grouped.assign(случаи=0), *args).code == "ingest.outcome_never"
    full = grouped.assign(случаи=[1000, 2000, 1500, 800, 500])
    assert grouped_error(full, *args).code == "ingest.outcome_always"
    assert grouped_error(grouped, ["случаи"], "случаи", "всего").code == "ingest.column_reused"
    assert grouped_error(grouped, [], "случаи", "всего").code == "ingest.no_factors"
    assert grouped_error(grouped, ["семья"], None, "всего").code == "ingest.no_counts"


# --- suggestions ---------------------------------------------------------------------------------


def test_suggest_columns():
    df = pd.DataFrame(
        {
            "Район": ["A", "B", "C"],
            "Правонарушение": ["да", "нет", "да"],
            "Семья": ["иә", "жоқ", None],
            "Число случаев": [3, 12, 0],
            "Всего детей": [100, 200, 50],
            "Доля": [0.1, 0.2, 0.3],
        }
    )
    suggested = suggest_columns(df)
    assert suggested["binary"] == ["Правонарушение", "Семья"]
    assert suggested["counts"] == ["Число случаев", "Всего детей"]
    assert suggested["outcome"] == "Правонарушение"
    assert suggested["cases"] == "Число случаев"
    assert suggested["total"] == "Всего детей"
    assert suggested["weight"] is None


def test_suggest_columns_does_not_pair_cases_larger_than_totals():
    df = pd.DataFrame({"cases": [5, 50], "total": [10, 20], "x": ["a", "b"]})
    suggested = suggest_columns(df)
    assert suggested["cases"] is None and suggested["total"] is None


# --- messages ------------------------------------------------------------------------------------

SOURCE = Path(ingest.__file__).read_text(encoding="utf-8")
CODES = sorted(set(re.findall(r'"(ingest\.[a-z_]+)"', SOURCE)))


@pytest.mark.parametrize("code", CODES)
def test_every_code_has_a_message_in_every_language(code):
    for lang in LANGUAGES:
        assert has(f"errors.{code}", lang), f"errors.{code} missing in {lang}.toml"


def test_messages_fill_every_placeholder():
    """Guards against a template naming a parameter the code does not pass (the user would see
    '{rows}')."""
    corpus = [
        (b"", "t.csv"),
        (b"a;b\n1;2\n3;4;5\n", "t.csv"),
        (b"a;;b\n1;5;2\n", "t.csv"),
        (b"a;a\n1;2\n", "t.csv"),
        (b"x\n1\n", "t.csv"),
        (b"a;b\n", "t.csv"),
        (b'a;b\n1;"x\n', "t.csv"),
        (b"a;b\n1;2\n", "t.exe"),
        (b"\x00\xff" * 99, "t.csv"),
        (b"PK\x03\x04", "t.xlsx"),
        (b"<html>", "t.xls"),
    ]
    errors = [read_error(data, name) for data, name in corpus]
    errors.append(read_error(b"a;b\n1;2\n", "t.csv", max_bytes=3))
    frame = pd.DataFrame({"y": [1, 0, 0], "a": ["x", "да", None], "n": [5, 2, 1], "t": [1, 2, 3]})
    for call in [
        lambda: prepare(frame, "y", ["a"]),
        lambda: prepare(frame.assign(a=["x", "да", "нет"]), "y", ["a"]),
        lambda: prepare(frame, "y", ["zz"]),
        lambda: prepare(frame, "y", ["y"]),
        lambda: prepare(frame.assign(y=0), "y", ["n"], "t"),
        lambda: prepare_grouped(frame, ["y"], "n", "t"),
        lambda: prepare_grouped(frame.assign(n=[1, 0, -1]), ["y"], "n", "t"),
    ]:
        with pytest.raises(InputError) as caught:
            call()
        errors.append(caught.value)
    for error in errors:
        for lang in LANGUAGES:
            text = error.message(lang)
            assert not re.search(r"\{[a-z_]+\}", text), (error.code, lang, text)
            assert not text.startswith("errors."), (error.code, lang)


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


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(
        st.lists(
            st.sampled_from(["да", "нет", "иә", "жоқ", "1", "0", "", "x", "1,5"]),
            min_size=3,
            max_size=3,
        ),  # fmt: skip
        min_size=1,
        max_size=20,
    ),
    delimiter=st.sampled_from([";", ",", "\t", "|"]),
)
def test_fuzz_tables_then_prepare(rows, delimiter):
    text = delimiter.join(["y", "a", "b"]) + "\n" + "\n".join(delimiter.join(r) for r in rows)
    try:
        df = read_table(text.encode("kz1048"), "f.csv")
        prepare(df, "y", ["a", "b"])
    except InputError as error:
        assert error.code != "ingest.unreadable"


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
