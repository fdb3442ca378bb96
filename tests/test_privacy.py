"""Small-number suppression and CSV exports that spreadsheets cannot turn into formulas."""

from __future__ import annotations

import csv
import io

import numpy as np
import pandas as pd
import pytest

from riskexplorer import privacy
from riskexplorer.i18n import LANGUAGES, has
from riskexplorer.privacy import (
    for_display,
    format_count,
    is_small,
    sanitize_cell,
    suppress_small,
    suppressed_mask,
    to_safe_csv,
)


@pytest.fixture
def regions() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "region": ["Абай", "Алматы", "Астана", "Ұлытау", "Шымкент"],
            "cases": [1, 9, 10, 0, 250],
            "population": [1000, 2000, 3000, 400, 9000],
            "rate": [0.1, 0.45, 0.33, 0.0, 2.78],
        }
    )


@pytest.mark.parametrize(
    ("n", "small"),
    [
        (1, True),
        (9, True),
        (9.5, True),
        (np.int64(3), True),
        (10, False),
        (0, False),
        (-3, False),
        (None, False),
        (float("nan"), False),
        (pd.NA, False),
        ("5", False),
        (True, False),
    ],
)
def test_is_small(n, small):
    assert is_small(n) is small


def test_suppression_hides_1_to_9_and_keeps_0_and_10_or_more(regions):
    out = suppress_small(regions, ["cases"], derived=["rate"])
    assert out["cases"].isna().tolist() == [True, True, False, False, False]
    assert out["cases"].dropna().tolist() == [10, 0, 250]
    assert str(out["cases"].dtype) == "Int64"  # integers stay integers around the gaps
    assert out["rate"].isna().tolist() == [True, True, False, False, False]
    assert out["population"].tolist() == regions["population"].tolist()
    assert regions["cases"].tolist() == [1, 9, 10, 0, 250]  # the input is not changed


def test_suppression_hides_every_other_number_in_the_row_by_default(regions):
    """Guards against a rate (or any figure computed from the count) revealing the count."""
    out = suppress_small(regions, ["cases"])
    assert out["rate"].isna().tolist() == [True, True, False, False, False]
    assert out["population"].isna().tolist() == [True, True, False, False, False]
    assert out["region"].tolist() == regions["region"].tolist()


def test_suppression_marker_renders_as_less_than_ten(regions):
    out = suppress_small(regions, ["cases"], derived=["rate"])
    assert suppressed_mask(out)["cases"].tolist() == [True, True, False, False, False]
    for lang in LANGUAGES:
        shown = for_display(out, lang)
        assert shown["cases"].tolist() == ["<10", "<10", 10, 0, 250]
        assert shown["rate"].tolist()[:3] == ["…", "…", 0.33]


def test_suppression_survives_sorting_and_filtering(regions):
    out = suppress_small(regions, ["cases"], derived=["rate"])
    reordered = out.sort_values("population", ascending=False).iloc[:4]
    shown = for_display(reordered, "ru").set_index("region")
    assert shown.loc["Алматы", "cases"] == "<10"
    assert shown.loc["Астана", "cases"] == 10


def test_several_count_columns(regions):
    df = regions.assign(victims=[12, 15, 3, 20, 40])
    out = suppress_small(df, ["cases", "victims"], derived=["rate"])
    assert out["victims"].isna().tolist() == [False, False, True, False, False]
    assert out["rate"].isna().tolist() == [True, True, True, False, False]


def test_missing_count_column_is_a_programming_error(regions):
    with pytest.raises(KeyError):
        suppress_small(regions, ["nope"])


def test_format_count():
    assert format_count(3, "ru") == "<10"
    assert format_count(12345, "ru") == "12\xa0345"
    assert format_count(12345, "en") == "12,345"
    assert format_count(0, "kk") == "0"
    assert format_count(None, "en") == "—"
    assert format_count(float("nan"), "en") == "—"


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@", "\t", "\r"])
def test_sanitize_cell_neutralises_each_dangerous_prefix(prefix):
    assert sanitize_cell(prefix + 'HYPERLINK("http://x")') == "'" + prefix + 'HYPERLINK("http://x")'


@pytest.mark.parametrize("value", [-3, -3.5, 0, "Алматы", "a=b", " =1", None, np.int64(-7)])
def test_sanitize_cell_leaves_numbers_and_harmless_text(value):
    assert sanitize_cell(value) is value


def read_back(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # BOM: Excel then reads the file as UTF-8
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_to_safe_csv_neutralises_cells_and_headers_and_keeps_negative_numbers():
    df = pd.DataFrame(
        {
            "=cmd|' /C calc'!A0": ["=1+1", "+7", "-x", "@SUM(A1)", "\tTAB", "\rCR", "Қазақстан"],
            "change": [-3, 4, -5, 0, 1, 2, 3],
            "text_number": ["-3", "4", "5", "6", "7", "8", "9"],
        }
    )
    rows = read_back(to_safe_csv(df))
    assert rows[0] == ["'=cmd|' /C calc'!A0", "change", "text_number"]
    assert [r[0] for r in rows[1:]] == [
        "'=1+1",
        "'+7",
        "'-x",
        "'@SUM(A1)",
        "'\tTAB",
        "'\rCR",
        "Қазақстан",
    ]
    assert rows[1][1] == "-3"  # a real number: numeric, untouched
    assert rows[1][2] == "'-3"  # the same characters as text: neutralised


def test_to_safe_csv_writes_markers_for_suppressed_cells(regions):
    rows = read_back(to_safe_csv(suppress_small(regions, ["cases"], derived=["rate"])))
    assert rows[1] == ["Абай", "<10", "1000", "…"]
    assert rows[3] == ["Астана", "10", "3000", "0.33"]


def test_to_safe_csv_keeps_a_meaningful_index():
    df = pd.DataFrame({"n": [12]}, index=pd.Index(["-Абай"], name="region"))
    assert read_back(to_safe_csv(df)) == [["region", "n"], ["'-Абай", "12"]]


def test_to_safe_csv_semicolon_for_russian_excel():
    text = to_safe_csv(pd.DataFrame({"a": [1.5], "b": ["x"]}), sep=";").decode("utf-8-sig")
    assert text == "a;b\r\n1.5;x\r\n"


def test_privacy_texts_exist_in_every_language():
    for key in ("suppressed", "hidden", "missing", "note"):
        for lang in LANGUAGES:
            assert has(f"privacy.{key}", lang)


def test_a_partition_with_zero_cells_still_hides_a_neighbour_of_a_small_count():
    """score_distribution once counted zero cells as hidden, so with two zeros the 5 below was
    left alone beside a shown total of 105 (issue 15)."""
    assert privacy.partition([0, 0, 5, 100]) == [None, None, "counts", "derived"]
