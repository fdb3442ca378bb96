"""What the columns of an uploaded table probably mean: one word list, whole words only.

Every guess of a column's role (the outcome, a weight, cases and totals of a counts table, a
group such as region or sex) and the words that mark a *totals row* ("Итого", "Барлығы") are
here, so the page, :func:`riskexplorer.ingest.suggest_columns` and the CLI agree.

Words are whole: a *word* of a name is a run of letters, digits and hyphens, so
"Друзья-правонарушители" is one word and does not begin with "правонаруш". An entry of the
lists below is a word stem: it matches a word that *begins* with it ("правонаруш" matches
"Правонарушение", "offen" matches "offended"), never the middle of a word ("age" is not in
"teenage", "пол" is not in "неполная").

The outcome is guessed only from a name whose **first** word is an outcome word ("offended",
"Правонарушение", "Қылмыс жасады", "Құқық бұзушылық"), or whose first word is a verb such as
"Совершил"/"Committed" before one, and that names no one else ("Құқық бұзушы достары",
"Правонарушения родителей" are about friends and parents), so "Friends who offend" and "Earlier
police contact or offence" stay factors (:func:`is_outcome_name`). Totals rows are looked past. When that column cannot be the outcome (one value only, blanks, or not
yes/no), no other column is guessed in its place: the outcome is left for the user to choose,
with the reason (:attr:`Guess.outcome_problem`).
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "WORDS",
    "Guess",
    "guess",
    "is_note_label",
    "is_outcome_name",
    "is_totals_label",
    "matches",
    "totals_mask",
    "words_of",
]

#: Word stems of each role (lower case). One list for the whole package.
WORDS: dict[str, tuple[str, ...]] = {
    "outcome": (
        "outcome", "offen", "crime", "criminal", "victim", "delinquen", "исход", "правонаруш",
        "преступ", "жертв", "потерпев", "құқықбұз", "құқық бұз", "қылмыс", "зардап",
    ),
    # Words that may stand before the outcome word: "Совершил правонарушение", "Committed an
    # offence", "Факт правонарушения".
    "outcome_lead": ("соверш", "commit", "факт", "any", "has", "had", "was", "been"),
    # A name about someone else than the child is a factor, not the outcome:
    # "Құқық бұзушы достары" (friends who offend), "Правонарушения родителей".
    "others": (
        "друз", "дост", "friend", "peer", "родител", "ата-ана", "parent", "семь", "отбас",
        "family", "брат", "сестр", "sibling", "сверстник", "құрдас", "mother", "father",
        "мать", "отец", "әке", "ана",
    ),
    "cases": ("case", "count", "случа", "число", "количеств", "жағдай", "саны"),
    "total": (
        "total", "population", "всего", "итого", "насел", "численност", "барлығы", "жиыны",
        "халық",
    ),
    "weight": ("weight", "вес", "салмақ"),
    "group": (
        "region", "oblast", "district", "city", "sex", "gender", "age", "област", "регион",
        "район", "город", "пол", "возраст", "облыс", "өңір", "аймақ", "аудан", "қала", "жыныс",
        "жас",
    ),
    # The first cell of a totals or subtotals row of an export.
    "totals_row": (
        "итого", "всего", "барлығы", "жиыны", "жалпы", "total", "subtotal", "grand", "сумма",
    ),
    # The first word of a note under an export's table ("Примечание: …", "Источник: …").
    "note_row": (
        "примечан", "прим", "источник", "составил", "исполнитель", "подготовил", "ескерту",
        "дереккөз", "орындаған", "құрастырған", "note", "source", "prepared",
    ),
}  # fmt: skip

_WORD = re.compile(r"[\w-]+")
_TOTALS_ONLY_ALONE = {"жалпы", "сумма"}


def words_of(name: Any) -> list[str]:
    """The words of a column name or cell, lower case ("Друзья-правонарушители" is one word)."""
    return _WORD.findall(str(name).casefold().replace("_", " "))


def _starts(word: str, stems: Sequence[str]) -> bool:
    return word.startswith(tuple(stems))


def matches(name: Any, role: str, *, first_word: bool = False) -> bool:
    """Whether a word of ``name`` (only its first word, with ``first_word``) begins with a stem
    of ``role``. A stem of two words ("құқық бұз") matches two words in a row."""
    words = words_of(name)
    starts = range(min(1, len(words))) if first_word else range(len(words))
    return any(" ".join(words[i : i + 2]).startswith(WORDS[role]) for i in starts)


def is_outcome_name(name: Any) -> bool:
    """Whether ``name`` reads like the outcome: its first word is an outcome word ("Правонарушение",
    "offended", "Құқық бұзушылық"), or follows a word such as "Совершил"/"Committed"; and no
    word says it is about someone else ("Құқық бұзушы достары", "Правонарушения родителей")."""
    words = words_of(name)
    if words and _starts(words[0], WORDS["outcome_lead"]):
        words = words[1:]
        while words and words[0] in {"an", "a", "the"}:
            words = words[1:]
    if not words or not matches(" ".join(words), "outcome", first_word=True):
        return False
    return not any(_starts(w, WORDS["others"]) for w in words[1:])


def totals_mask(df: pd.DataFrame) -> np.ndarray:
    """Boolean mask of rows whose first text cell (the row's label) reads as a total or
    subtotal (:func:`is_totals_label`): what :func:`riskexplorer.shapes.totals_rows` offers to
    drop, and what :func:`guess` looks past. A label shared by more than half of the rows is a
    value of the table, not a total."""
    mask = np.zeros(len(df), dtype=bool)
    labelled = np.zeros(len(df), dtype=bool)  # the row's first text cell is already seen
    for column in df.columns:
        series = df[column]
        if pd.api.types.is_numeric_dtype(series.dtype) or pd.api.types.is_bool_dtype(series.dtype):
            continue
        codes, uniques = pd.factorize(series, use_na_sentinel=True)
        text = np.array(
            [isinstance(u, str) and bool(u.strip()) for u in uniques] + [False], dtype=bool
        )
        marks = np.array([is_totals_label(u) for u in uniques] + [False], dtype=bool)
        counts = np.bincount(codes[codes >= 0], minlength=len(uniques))
        marks[:-1] &= counts <= max(1, len(df) // 2)
        here = text[codes] & ~labelled
        mask |= here & marks[codes]
        labelled |= text[codes]
    return mask


def is_note_label(value: Any) -> bool:
    """Whether a cell reads like a note under a table: "Примечание: …", "Источник: …",
    "Ескерту", "* …"."""
    if not isinstance(value, str):
        return False
    text = value.strip().casefold()
    if text.startswith("*"):
        return True
    words = words_of(text)
    return bool(words) and _starts(words[0], WORDS["note_row"])


def is_totals_label(value: Any) -> bool:
    """Whether a cell reads like the label of a totals row: its first word is "Итого", "Всего",
    "Барлығы", "Жиыны", "Total" …"""
    if not isinstance(value, str):
        return False
    words = words_of(value)
    if not words or not _starts(words[0], WORDS["totals_row"]):
        return False
    # "Жалпы" and "Сумма" begin other phrases too ("Жалпы білім беретін мектеп").
    return words[0] not in _TOTALS_ONLY_ALONE or len(words) <= 2


@dataclass(frozen=True)
class Guess:
    """First guesses of the column roles of a table.

    ``binary`` lists the columns whose every filled cell is a yes/no answer, ``counts`` those of
    whole numbers ≥ 0 that are not just 0/1. ``outcome``, ``weight``, ``cases`` and ``total`` are
    guessed whatever ``kind`` is (the page uses those of its kind). ``outcome_problem`` is ``(code, params)`` when the
    column named like the outcome cannot be it (``code`` is one of ``constant``, ``blanks``,
    ``not_yes_no``); then ``outcome`` is ``None``.
    """

    binary: tuple[Hashable, ...]
    counts: tuple[Hashable, ...]
    kind: str
    factors: tuple[Hashable, ...]
    outcome: Hashable | None = None
    weight: Hashable | None = None
    cases: Hashable | None = None
    total: Hashable | None = None
    group: Hashable | None = None
    outcome_problem: tuple[str, dict[str, Any]] | None = field(default=None)


def _binary(series: pd.Series):
    from riskexplorer.prepare import to_binary  # late: prepare re-exports this module's guesses

    return to_binary(series)


def _numbers(series: pd.Series) -> pd.Series:
    from riskexplorer.prepare import _number_text

    return pd.to_numeric(series.map(_number_text), errors="coerce")


def _problem(df: pd.DataFrame, column: Hashable) -> tuple[str, dict[str, Any]] | None:
    """Why ``column`` cannot be the outcome, or ``None`` when it can."""
    values, missing, bad = _binary(df[column])
    if bad.any():
        shown = pd.unique(df[column][bad].astype(str))[:3]
        return "not_yes_no", {"column": str(column), "values": ", ".join(map(str, shown))}
    if missing.any():
        return "blanks", {"column": str(column), "count": int(missing.sum())}
    present = values[~missing]
    if present.size == 0 or present.min() == present.max():
        value = df[column].dropna().iloc[0] if df[column].notna().any() else ""
        return "constant", {"column": str(column), "value": str(value).strip()}
    return None


def _varies(df: pd.DataFrame, column: Hashable) -> bool:
    """Whether a yes/no column has both answers; a mark column ("x" or empty) has them when
    its empty cells are read as "no", as the page offers."""
    values, missing, _ = _binary(df[column])
    present = values[~missing]
    yes = int(present.sum())
    return present.size > 0 and yes > 0 and (yes < present.size or bool(missing.any()))


def _named(columns: Sequence[Hashable], role: str) -> Hashable | None:
    return next((c for c in columns if matches(c, role)), None)


def guess(df: pd.DataFrame, *, max_groups: int = 60) -> Guess:
    """First guesses of the column roles of ``df`` (see the module docstring for the rules).

    Totals and subtotals rows (:func:`totals_mask`) are looked past: their sums ("Итого;12;30")
    would otherwise make every yes/no column look like counts, and the page offers to drop
    them anyway."""
    totals = totals_mask(df)
    if totals.any() and not totals.all():
        df = df.loc[~totals]
    binary: list[Hashable] = []
    counts: list[Hashable] = []
    not_binary_outcome: list[Hashable] = []
    for column in df.columns:
        series = df[column]
        if series.isna().all():
            continue
        _, missing, bad = _binary(series)
        if not bad.any() and not missing.all():
            binary.append(column)
            continue
        if is_outcome_name(column):
            not_binary_outcome.append(column)
        if pd.api.types.is_bool_dtype(series.dtype):
            continue
        numbers = _numbers(series).dropna()
        if (
            len(numbers) == series.notna().sum()
            and len(numbers)
            and (numbers >= 0).all()
            and (numbers == np.floor(numbers)).all()
        ):
            counts.append(column)

    cases = _named(counts, "cases")
    total = _named([c for c in counts if c != cases], "total")
    if cases is not None and total is not None:
        pair = pd.DataFrame({"c": _numbers(df[cases]), "t": _numbers(df[total])}).dropna()
        if (pair["c"] > pair["t"]).any():
            cases = total = None
    weight = _named([c for c in counts if c not in (cases, total)], "weight")
    if weight is None:
        floats = [c for c in df.columns if pd.api.types.is_float_dtype(df[c].dtype)]
        weight = _named([c for c in floats if c not in binary], "weight")

    named_outcomes = [c for c in df.columns if is_outcome_name(c) and c not in counts]
    outcome: Hashable | None = None
    problem = None
    if named_outcomes:
        first = named_outcomes[0]
        problem = _problem(df, first)
        outcome = first if problem is None else None
    kind = "counts" if cases is not None and total is not None and outcome is None else "records"
    taken = {outcome, weight, cases, total, *named_outcomes[:1]}
    factors = tuple(c for c in binary if c not in taken and _varies(df, c))
    candidates = [
        c
        for c in df.columns
        if c not in taken and c not in factors and 2 <= df[c].nunique() <= max_groups
    ]
    return Guess(
        binary=tuple(binary),
        counts=tuple(counts),
        kind=kind,
        factors=factors,
        outcome=outcome,
        weight=weight,
        cases=cases,
        total=total,
        group=_named(candidates, "group"),
        outcome_problem=problem if kind == "records" else None,
    )
