"""No hidden count can be worked back from what is shown (issue 15, point 6).

Each test builds random tables, applies the rule of :mod:`riskexplorer.privacy` that a page, an
export or the CLI uses, and writes what a reader sees as linear equations: every shown total
(the rows of the table, the cases of the table) is the sum of its cells, and every shown cell is
known. A hidden quantity ``v`` (a cell, or a difference such as non-cases = people − cases) is
recoverable iff ``v`` lies in the row space of the equations on the hidden cells, i.e. adding it
does not raise the rank of the constraint matrix.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from riskexplorer import privacy


def recoverable(equations: list[np.ndarray], target: np.ndarray) -> bool:
    """Whether ``target · unknowns`` follows from ``equations`` (each a row over the unknowns)."""
    if not np.any(target):
        return False  # nothing hidden in it
    if not equations:
        return False
    A = np.array(equations, dtype=float)
    return np.linalg.matrix_rank(np.vstack([A, target])) == np.linalg.matrix_rank(A)


def test_the_checker_finds_a_cell_given_back_by_subtraction():
    # Cells (a, b) hidden, a + b shown: neither is determined; with a alone hidden it is.
    assert not recoverable([np.array([1, 1])], np.array([1, 0]))
    assert recoverable([np.array([1])], np.array([1]))
    assert recoverable([np.array([1, 1]), np.array([0, 1])], np.array([1, 0]))


counts = st.lists(st.integers(min_value=0, max_value=400), min_size=2, max_size=8)


@settings(max_examples=300, deadline=None)
@given(counts)
def test_a_partition_beside_its_total_gives_no_hidden_count_back(values):
    total = sum(values)
    marks = privacy.partition(values)
    hidden = [i for i, m in enumerate(marks) if m]
    assert all(marks[i] == "counts" for i, v in enumerate(values) if 0 < v < 10)
    if privacy.is_small(total):
        return  # the total itself is shown as <10
    equation = np.ones(len(hidden))
    for k in range(len(hidden)):
        target = np.eye(len(hidden))[k]
        assert not recoverable([equation], target), (values, marks)


def test_the_issue_example_1000_300_200_9():
    marks = privacy.partition([1000, 300, 200, 9])
    assert marks == [None, None, "derived", "counts"]
    shown = sum(v for v, m in zip([1000, 300, 200, 9], marks, strict=True) if m is None)
    assert 1509 - shown == 209  # the 9 and the 200 together: neither comes back


@st.composite
def people_and_cases(draw):
    people = draw(st.lists(st.integers(0, 300), min_size=2, max_size=7))
    cases = [draw(st.integers(0, n)) for n in people]
    return np.array(people, float), np.array(cases, float)


def _check_two_partitions(people, cases, hide_people, hide_cases):
    """People and cases per row; the table's people and cases are shown in total; cases shown
    where ``hide_cases`` is false (as a rate beside shown people)."""
    assert not (hide_people & ~hide_cases).any(), "a rate beside a hidden size gives ratios away"
    n_unknown = list(np.flatnonzero(hide_people))
    c_unknown = list(np.flatnonzero(hide_cases))
    size = len(n_unknown) + len(c_unknown)
    if size == 0:
        return
    row_people = np.zeros(size)
    row_people[: len(n_unknown)] = 1
    row_cases = np.zeros(size)
    row_cases[len(n_unknown) :] = 1
    equations = [row_people, row_cases]
    for i in set(n_unknown) | set(c_unknown):
        people_i = np.zeros(size)
        cases_i = np.zeros(size)
        if i in n_unknown:
            people_i[n_unknown.index(i)] = 1
        if i in c_unknown:
            cases_i[len(n_unknown) + c_unknown.index(i)] = 1
        for target in (people_i, cases_i):
            if np.any(target):
                assert not recoverable(equations, target), (people, cases, i)
        if np.any(people_i) or np.any(cases_i):
            if not np.any(people_i):
                continue  # people shown, cases hidden: non-cases as hidden as cases
            noncases_i = people_i - cases_i
            assert not recoverable(equations, noncases_i), (people, cases, i)


def _totals_shown(people, cases) -> bool:
    n, c = people.sum(), cases.sum()
    return not (privacy.is_small(n) or privacy.is_small(c) or privacy.is_small(n - c))


@settings(max_examples=300, deadline=None)
@given(people_and_cases())
def test_the_risk_table_gives_no_hidden_count_back(table):
    people, cases = table
    if not _totals_shown(people, cases):
        return
    marks = privacy.risk_table(people, cases)
    hide_people = np.array([m is not None for m in marks["people"]])
    # a row shown with 0 people has 0 cases: known, whatever its (empty) rate shows
    hide_cases = np.asarray(marks["observed"]) & ~(~hide_people & (people == 0))
    for i in np.flatnonzero(~hide_cases):  # what is shown is not small
        assert not privacy.is_small(cases[i]) and not privacy.is_small(people[i] - cases[i])
    _check_two_partitions(people, cases, hide_people, hide_cases)


@settings(max_examples=300, deadline=None)
@given(people_and_cases())
def test_the_group_table_gives_no_hidden_count_back(table):
    people, cases = table
    if not _totals_shown(people, cases):
        return
    masks = privacy.group_table(people, cases, people - cases)
    for i in np.flatnonzero(~masks["rest"]):
        assert not privacy.is_small(cases[i]) and people[i] - cases[i] >= 10
    hide_cases = masks["rest"] & ~(~masks["people"] & (people == 0))
    _check_two_partitions(people, cases, masks["people"], hide_cases)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 500), min_size=1, max_size=8), st.integers(0, 500))
def test_a_count_beside_its_total_hides_a_small_complement(values, extra):
    total = max(values) + extra
    for value, mark in zip(values, privacy.beside_total(values, None, total), strict=True):
        if mark is None:
            assert not privacy.is_small(value) and not privacy.is_small(total - value)
