"""Real export shapes (issue 15, point 2): title rows, totals rows, blank factor cells."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from riskexplorer import ingest, shapes
from riskexplorer.errors import InputError
from riskexplorer.views import your_data as upload

EXPORT = (
    "Сведения о несовершеннолетних, состоящих на учёте;;;\n"
    "по состоянию на 01.01.2025;;;\n"
    "Район;Прогулы;Друзья-правонарушители;Правонарушение\n"
    "Алмалинский;да;нет;нет\n"
    "Бостандыкский;нет;да;нет\n"
    "Итого;;;\n"
).encode("cp1251")


def test_the_header_row_under_two_title_rows_is_found_and_read():
    row, error = shapes.find_header_row(EXPORT, "export.csv")
    assert (row, error) == (3, None)
    df = ingest.read_table(EXPORT, "export.csv", header_row=row)
    assert list(df.columns) == ["Район", "Прогулы", "Друзья-правонарушители", "Правонарушение"]
    assert len(df) == 3


def test_a_clean_table_needs_no_header_row():
    assert shapes.find_header_row(b"a;b\n1;0\n0;1\n", "t.csv") == (None, None)


def test_a_header_row_past_the_end_is_refused_with_the_row():
    with pytest.raises(InputError) as error:
        ingest.read_table(b"a;b\n1;0\n", "t.csv", header_row=40)
    assert error.value.code == "ingest.header_row_out_of_range"
    assert "40" in error.value.message("en")


def test_totals_rows_in_three_languages_are_recognised():
    df = pd.DataFrame(
        {"Район": ["A", "Итого", "B", "Всего по области", "Барлығы", "Жиыны:", "Total", "Totalny"]}
    )
    assert shapes.totals_rows(df).tolist() == [False, True, False, True, True, True, True, True]


def test_the_issue_table_leaves_the_outcome_empty_with_the_reason():
    """An «Итого» row and an all-«нет» «Правонарушение»: the picker stays empty, «Друзья-
    правонарушители» is not taken in its place."""
    df = ingest.read_table(EXPORT, "export.csv", header_row=3)
    roles = upload.suggest_roles(df)
    assert roles.outcome is None
    # The guess looks past the «Итого» row (whose outcome cell is empty): every other row is «нет».
    assert roles.note == ("constant", {"column": "Правонарушение", "value": "нет"})
    kept = df.loc[~shapes.totals_rows(df)]
    roles = upload.suggest_roles(kept)
    assert roles.outcome is None
    assert roles.note == ("constant", {"column": "Правонарушение", "value": "нет"})
    assert "Друзья-правонарушители" in roles.factors


def test_blank_factor_cells_read_as_no_or_their_rows_left_out():
    df = pd.DataFrame({"y": ["да", "нет", "нет", "да"], "f": ["да", None, "нет", " "]})
    assert shapes.blank_factor_rows(df, ["f"]).tolist() == [False, True, False, True]
    with pytest.raises(InputError) as error:
        ingest.prepare(df, "y", ["f"])
    assert error.value.code == "ingest.missing_values"
    X, y, _ = ingest.prepare(df, "y", ["f"], blanks="no")
    assert X["f"].tolist() == [1, 0, 0, 0]
    X, y, _ = ingest.prepare(df, "y", ["f"], blanks="drop")
    assert X.index.tolist() == [0, 2] and y.tolist() == [1, 0]
    with pytest.raises(InputError):
        shapes.fill_blanks(df, ["f"], "maybe")
    assert np.asarray(X["f"]).dtype == np.uint8
