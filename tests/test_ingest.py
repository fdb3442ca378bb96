"""riskexplorer.ingest is the public face of read (bytes → table) and prepare (table → model
inputs): every name it promised before the split still imports and is the same object, and every
message reachable through it fills its placeholders in every language."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from riskexplorer import ingest, prepare, read
from riskexplorer.errors import InputError
from riskexplorer.i18n import LANGUAGES
from riskexplorer.ingest import prepare as prepare_rows
from riskexplorer.ingest import prepare_grouped, read_table

PROMISED = [
    "MAX_BYTES",
    "SPREADSHEET_EXTENSIONS",
    "TEXT_EXTENSIONS",
    "TableInfo",
    "list_sheets",
    "prepare",
    "prepare_grouped",
    "read_table",
    "read_table_with_info",
    "row_numbers",
    "suggest_columns",
    "to_binary",
]


@pytest.mark.parametrize("name", PROMISED)
def test_every_name_is_re_exported_unchanged(name):
    assert name in ingest.__all__
    home = read if hasattr(read, name) else prepare
    assert getattr(ingest, name) is getattr(home, name)


def test_the_limits_are_one_object():
    assert ingest.LIMITS is read.LIMITS
    assert ingest.MAX_BYTES == read.LIMITS.max_bytes == 50 * 1024 * 1024


def test_reading_and_preparing_through_ingest():
    df = read_table("y;a\nда;нет\nнет;да\n".encode("cp1251"), "t.csv")
    X, y, w = prepare_rows(df, "y", ["a"])
    assert y.tolist() == [1, 0] and X["a"].tolist() == [0, 1] and w is None


def read_error(data: bytes, filename: str, **kwargs) -> InputError:
    with pytest.raises(InputError) as caught:
        read_table(data, filename, **kwargs)
    return caught.value


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
        lambda: prepare_rows(frame, "y", ["a"]),
        lambda: prepare_rows(frame.assign(a=["кража", "да", "нет"]), "y", ["a"]),
        lambda: prepare_rows(frame, "y", ["zz"]),
        lambda: prepare_rows(frame, "y", ["y"]),
        lambda: prepare_rows(frame.assign(y=0), "y", ["n"], "t"),
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


def test_limit_messages_fill_every_placeholder():
    small = read.Limits(max_columns=3, max_fields_per_line=5, max_line_chars=40)
    errors = [
        read_error(b"a;b;c;d\n1;2;3;4\n", "t.csv", limits=small),
        read_error(b"a;b\n1;2;3;4;5;6;7\n", "t.csv", limits=small),
        read_error(b"a;b\n" + b"x" * 50 + b";1\n", "t.csv", limits=small),
    ]
    assert [e.code for e in errors] == [
        "ingest.too_many_columns",
        "ingest.too_many_fields",
        "ingest.line_too_long",
    ]
    for error in errors:
        for lang in LANGUAGES:
            text = error.message(lang)
            assert not re.search(r"\{[a-z_]+\}", text), (error.code, lang, text)
