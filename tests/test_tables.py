"""tables: the one validator of the data files (read, missing columns, bad rows, numbers, ids)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from riskexplorer import tables
from riskexplorer.errors import DataError


@pytest.fixture
def data(tmp_path, monkeypatch, root):
    # The errors' messages come from the locales, which the override folder must hold too.
    (tmp_path / "locales").symlink_to(root / "data" / "locales")
    monkeypatch.setenv("RISKEXPLORER_DATA", str(tmp_path))

    def write(name: str, text: str) -> None:
        (tmp_path / name).write_text(text, encoding="utf-8")

    return write


def test_a_missing_column_is_refused_by_name(data):
    data("t.csv", "id,value\na,1\n")
    with pytest.raises(DataError) as info:
        tables.read_table("t.csv", ("id", "value", "low", "high"))
    assert info.value.code == "data.missing_columns"
    assert info.value.params == {"file": "t.csv", "columns": "low, high"}


def test_cells_are_strings_stripped_and_empty_not_nan(data):
    data("t.csv", "id,value,note\n  a  , 1.5 ,\nb,2,  x y \n")
    frame = tables.read_table("t.csv", ("id", "value"))
    assert frame["id"].tolist() == ["a", "b"]
    assert frame["value"].tolist() == ["1.5", "2"]
    assert frame["note"].tolist() == ["", "x y"]
    raw = tables.read_table("t.csv", ("id",), strip=False)
    assert raw["id"].tolist() == ["  a  ", "b"]


def test_an_absent_or_undecodable_file_is_unreadable(data, tmp_path):
    with pytest.raises(DataError) as info:
        tables.read_table("nowhere.csv", ("id",))
    assert info.value.code == "data.unreadable"
    assert info.value.params["file"] == "nowhere.csv"
    (tmp_path / "latin.csv").write_bytes("id\n\xe9t\xe9\n".encode("latin-1"))
    with pytest.raises(DataError) as info:
        tables.read_table("latin.csv", ("id",))
    assert info.value.code == "data.unreadable"


def test_fail_rows_names_the_first_five_ids():
    frame = pd.DataFrame({"id": [f"r{i}" for i in range(8)], "v": range(8)})
    with pytest.raises(DataError) as info:
        tables.fail_rows(frame, frame["v"] >= 1, "t.csv", "too big")
    assert info.value.code == "data.invalid_rows"
    assert info.value.params == {
        "file": "t.csv", "problem": "too big", "rows": "r1, r2, r3, r4, r5"
    }  # fmt: skip
    tables.fail_rows(frame, np.zeros(8, dtype=bool), "t.csv", "never")  # nothing raised


def test_fail_rows_with_an_empty_id_says_so():
    frame = pd.DataFrame({"id": [""], "v": [1]})
    with pytest.raises(DataError) as info:
        tables.fail_rows(frame, [True], "t.csv", "bad")
    assert info.value.params["rows"] == "(empty id)"


def test_to_numbers_parses_and_refuses_text_and_infinity():
    frame = pd.DataFrame({"id": ["a", "b"], "v": ["1.5", "-2"], "w": ["3", ""]})
    tables.to_numbers(frame, ("v",), "t.csv")
    assert frame["v"].tolist() == [1.5, -2.0]
    tables.to_numbers(frame, ("w",), "t.csv", optional=True)
    assert frame["w"].iloc[0] == 3.0 and np.isnan(frame["w"].iloc[1])
    for bad in ("many", "inf", ""):
        broken = pd.DataFrame({"id": ["a", "b"], "v": ["1", bad]})
        with pytest.raises(DataError) as info:
            tables.to_numbers(broken, ("v",), "t.csv")
        assert info.value.params["rows"] == "b"
        assert info.value.params["problem"] == "v is not a number"


def test_ordered_refuses_rows_out_of_order():
    frame = pd.DataFrame({"id": ["ok", "bad"], "lo": [1.0, 3.0], "mid": [2.0, 2.0], "hi": [2.0, 4]})
    with pytest.raises(DataError) as info:
        tables.ordered(frame, "lo", "mid", "hi", "t.csv")
    assert info.value.params["rows"] == "bad"
    tables.ordered(frame.iloc[:1], "lo", "mid", "hi", "t.csv")


@pytest.mark.parametrize(
    ("ids", "problem", "rows"),
    [
        (["ok_id", "Bad-Id"], "id is not snake_case", "Bad-Id"),
        (["x", "2x"], "id is not snake_case", "2x"),
        (["same", "other", "same"], "duplicate id", "same"),
    ],
)
def test_unique_ids_refuses_non_snake_case_and_repeats(ids, problem, rows):
    frame = pd.DataFrame({"id": ids})
    with pytest.raises(DataError) as info:
        tables.unique_ids(frame, "id", "t.csv")
    assert info.value.params["problem"] == problem
    assert info.value.params["rows"] == rows


def test_id_lists_split_on_semicolons():
    out = tables.id_lists(pd.Series(["a;b", "", "c;", "d"]))
    assert out.tolist() == [["a", "b"], [], ["c"], ["d"]]
