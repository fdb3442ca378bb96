"""roles: column roles guessed from whole words of the names, one word list for the package."""

from __future__ import annotations

import pandas as pd
import pytest

from riskexplorer import roles

YES_NO = ["да", "нет", "да", "нет"]


def _records(**extra) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "Регион": ["Алматы", "Астана", "Алматы", "Астана"],
            "Друзья-правонарушители": YES_NO,
            "Правонарушение": ["да", "нет", "нет", "да"],
            "Прогулы": ["да", "да", "нет", "нет"],
        }
    )
    return frame.assign(**extra)


@pytest.mark.parametrize(
    ("name", "outcome"),
    [
        ("Правонарушение", True),
        ("offended", True),
        ("Қылмыс жасады", True),
        ("Друзья-правонарушители", False),  # one hyphenated word, not "правонаруш…"
        ("Friends who offend", False),  # an outcome word, but not the first
        ("Earlier police contact or offence", False),
        ("teenage", False),
    ],
)
def test_the_outcome_needs_a_whole_first_word(name, outcome):
    assert roles.matches(name, "outcome", first_word=True) is outcome


def test_stems_match_the_start_of_words_only():
    assert roles.words_of("Друзья-правонарушители") == ["друзья-правонарушители"]
    assert roles.words_of("age_group 14-17") == ["age", "group", "14-17"]
    assert roles.matches("Age group", "group")
    assert not roles.matches("teenage", "group")  # "age" inside a word
    assert not roles.matches("неполная семья", "group")  # "пол" inside a word
    assert roles.matches("Friends who offend", "outcome")  # any word, without first_word


def test_the_outcome_column_is_guessed_and_the_lookalike_stays_a_factor():
    got = roles.guess(_records())
    assert got.outcome == "Правонарушение"
    assert got.outcome_problem is None
    assert got.factors == ("Друзья-правонарушители", "Прогулы")
    assert got.kind == "records"


def test_no_first_word_outcome_means_no_guess():
    frame = pd.DataFrame({"Friends who offend": YES_NO, "truancy": ["yes", "no", "no", "yes"]})
    got = roles.guess(frame)
    assert got.outcome is None
    assert got.outcome_problem is None
    assert got.factors == ("Friends who offend", "truancy")


def test_an_outcome_of_one_value_is_left_empty_with_the_reason():
    got = roles.guess(_records(Правонарушение="нет"))
    assert got.outcome is None
    assert got.outcome_problem == ("constant", {"column": "Правонарушение", "value": "нет"})
    # No other yes/no column is guessed in its place.
    assert "Друзья-правонарушители" in got.factors


def test_an_outcome_with_blanks_is_left_empty_with_the_count():
    frame = _records()
    frame.loc[[0, 2], "Правонарушение"] = None
    got = roles.guess(frame)
    assert got.outcome is None
    assert got.outcome_problem == ("blanks", {"column": "Правонарушение", "count": 2})


def test_an_outcome_that_is_not_yes_no_names_its_values():
    got = roles.guess(_records(Правонарушение=["кража", "нет", "угон", "да"]))
    assert got.outcome is None
    code, params = got.outcome_problem
    assert code == "not_yes_no"
    assert params["column"] == "Правонарушение"
    assert set(params["values"].split(", ")) >= {"кража", "угон"}


@pytest.mark.parametrize("name", ["Регион", "Өңір", "region", "Облыс", "Sex"])
def test_group_columns_are_recognised_in_every_language(name):
    frame = pd.DataFrame({name: ["a", "b", "a", "b"], "Правонарушение": YES_NO})
    assert roles.guess(frame).group == name


def test_a_column_not_named_like_a_group_is_not_one():
    frame = pd.DataFrame({"Школа": ["a", "b", "a", "b"], "Правонарушение": YES_NO})
    assert roles.guess(frame).group is None


def test_cases_and_totals_make_a_counts_table():
    frame = pd.DataFrame(
        {"Область": ["A", "B", "C"], "Число случаев": [12, 30, 7], "Население": [1000, 2500, 900]}
    )
    got = roles.guess(frame)
    assert (got.kind, got.cases, got.total, got.group) == (
        "counts", "Число случаев", "Население", "Область"
    )  # fmt: skip
    # Cases above the total cannot be a cases/total pair.
    swapped = frame.assign(**{"Число случаев": [1200, 30, 7]})
    assert roles.guess(swapped).kind == "records"


@pytest.mark.parametrize(
    ("cell", "totals"),
    [("Итого", True), ("Всего по области", True), ("Барлығы", True), ("Grand total", True),
     ("Алматы", False), ("Subtotals", True), (12, False), ("", False)],
)  # fmt: skip
def test_totals_row_labels(cell, totals):
    assert roles.is_totals_label(cell) is totals
