"""From a read table to model inputs (riskexplorer.prepare): yes/no spellings, role checks with
row numbers as a spreadsheet shows them, grouped counts, and the page's column suggestions."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from riskexplorer import prepare as prepare_module
from riskexplorer.errors import InputError
from riskexplorer.i18n import LANGUAGES, has
from riskexplorer.prepare import prepare, prepare_grouped, suggest_columns, to_binary
from riskexplorer.read import read_table

# --- prepare ------------------------------------------------------------------------------------

YES = ["1", "1.0", "true", "TRUE", "Yes", " y ", "да", "ДА", "Д", "иә", "ИӘ", "Иә", "ия", "Ия",
       "истина", "\u00a0да\u00a0", 1, 1.0, True]  # fmt: skip
NO = ["0", "0.0", "0,0", "false", "No", "N", "нет", "НЕТ", "н", "жоқ", "ЖОҚ", "Жоқ", "жок",
      "ложь", 0, 0.0, False]  # fmt: skip


@pytest.mark.parametrize("value", YES)
def test_yes_spellings(value):
    assert to_binary(pd.Series([value], dtype=object))[0].tolist() == [1]


@pytest.mark.parametrize("value", NO)
def test_no_spellings(value):
    assert to_binary(pd.Series([value], dtype=object))[0].tolist() == [0]


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


RU_TABLE = "Возраст;Пол;Правонарушение;Неполная семья\n14;м;да;нет\n15;ж;нет;да\n16;м;Да;НЕТ\n"


def test_prepare_from_a_read_table():
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

CODES = sorted(
    set(re.findall(r'"(ingest\.[a-z_]+)"', Path(prepare_module.__file__).read_text("utf-8")))
)


def test_the_source_has_codes():
    assert len(CODES) > 10


@pytest.mark.parametrize("code", CODES)
def test_every_code_has_a_message_in_every_language(code):
    for lang in LANGUAGES:
        assert has(f"errors.{code}", lang), f"errors.{code} missing in {lang}.toml"


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


def test_a_fractional_frequency_weight_is_refused_at_its_spreadsheet_row():
    """Two title rows above the header (the header is row 3) and a left-out row: the message
    names the row a person finds in the spreadsheet, not a position among the rows fitted."""
    df = pd.DataFrame(
        {"исход": ["да", "нет", "нет", "да"], "фактор": ["да", "нет", "да", "нет"],
         "вес": [1, 2, 3, 1.5]},
        index=[0, 1, 3, 4],  # row 2 of the data (spreadsheet row 6) was a totals row, dropped
    )  # fmt: skip
    df.attrs["riskexplorer"] = {"first_row": 4}
    with pytest.raises(InputError) as caught:
        prepare(df, "исход", ["фактор"], "вес", weight_kind="frequency")
    assert caught.value.code == "scorecard.fractional_frequency_weight"
    assert caught.value.params == {"row": 8, "value": "1.5"}
    X, y, w = prepare(df, "исход", ["фактор"], "вес", weight_kind="survey")
    assert w.tolist() == [1, 2, 3, 1.5]
