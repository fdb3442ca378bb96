"""The evidence arithmetic gives the hand-computed numbers, works on whole grids for the heatmap,
handles the edges it documents, and refuses shares outside [0, 1] with a translated message."""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from riskexplorer import evidence as E
from riskexplorer.cohort import load_factors
from riskexplorer.errors import InputError
from riskexplorer.i18n import LANGUAGES, has

RR_SEED = 0.5 * 0.97 / (0.03 * 0.5)  # the seed's 50% at 3% prevalence: 32.333…


def test_relative_risk_matches_hand_computation():
    assert E.relative_risk(0.5, 0.03) == pytest.approx(32.333333333, rel=1e-9)
    assert E.relative_risk(0.1, 0.03) == pytest.approx(0.1 * 0.97 / (0.03 * 0.9), rel=1e-12)
    assert E.relative_risk(0.1, 0.03) == pytest.approx(3.5925926, rel=1e-7)
    assert E.relative_risk(0.03, 0.03) == pytest.approx(1.0)


def test_attributable_fraction_matches_hand_computation():
    assert E.attributable_fraction(0.5, RR_SEED) == pytest.approx(0.5 * 31.333333 / 32.333333)
    assert E.attributable_fraction(0.5, RR_SEED) == pytest.approx(0.484536, abs=1e-6)
    assert E.attributable_fraction(0.2, 1.0) == 0.0


def test_scalars_in_give_floats_out_and_arrays_broadcast():
    """Guards against a heatmap receiving 0-d arrays or a page receiving arrays for one value."""
    assert isinstance(E.relative_risk(0.5, 0.03), float)
    rr = E.relative_risk(np.array([[0.1], [0.5]]), np.array([0.01, 0.03, 0.07]))
    assert rr.shape == (2, 3)
    assert rr[1, 1] == pytest.approx(RR_SEED)


@pytest.mark.parametrize(
    ("share", "prevalence", "expected"),
    [
        (1.0, 0.03, math.inf),
        (0.4, 0.0, math.inf),
        (0.0, 0.03, 0.0),
        (0.4, 1.0, 0.0),
    ],
)
def test_relative_risk_edges(share, prevalence, expected):
    assert E.relative_risk(share, prevalence) == expected


@pytest.mark.parametrize(("share", "prevalence"), [(0.0, 0.0), (1.0, 1.0)])
def test_relative_risk_without_a_comparison_group_is_undefined(share, prevalence):
    assert math.isnan(E.relative_risk(share, prevalence))


def test_attributable_fraction_edges():
    assert E.attributable_fraction(0.3, math.inf) == pytest.approx(0.3)
    assert E.attributable_fraction(0.0, 0.0) == 0.0
    assert E.attributable_fraction(0.3, 0.0) == -math.inf
    assert math.isnan(E.attributable_fraction(0.3, math.nan))
    assert E.attributable_fraction(0.4, 0.5) < 0  # protective: negative


@pytest.mark.parametrize("bad", [-0.1, 1.5, 50, math.nan, math.inf, "half"])
def test_bad_share_is_refused_with_its_value(bad):
    with pytest.raises(InputError) as info:
        E.relative_risk(bad, 0.03)
    assert info.value.code == "evidence.bad_share"
    message = info.value.message("en")
    assert "from 0 to 1" in message
    assert (repr(bad) if isinstance(bad, str) else f"{bad:g}") in message


def test_bad_prevalence_in_an_array_is_refused():
    with pytest.raises(InputError) as info:
        E.relative_risk(0.5, [0.03, 1.2])
    assert info.value.code == "evidence.bad_share"
    assert "1.2" in str(info.value)


def test_negative_relative_risk_is_refused():
    with pytest.raises(InputError) as info:
        E.attributable_fraction(0.5, -2)
    assert info.value.code == "evidence.bad_relative_risk"


@given(
    st.floats(min_value=0.001, max_value=0.999),
    st.floats(min_value=0.001, max_value=0.999),
)
def test_share_and_relative_risk_are_inverse(share, prevalence):
    rr = E.relative_risk(share, prevalence)
    assert E.share_from_relative_risk(prevalence, rr) == pytest.approx(share, rel=1e-9, abs=1e-12)


def test_share_from_relative_risk_by_hand():
    # p = 3%, RR = 3: s = 0.09 / 1.06
    assert E.share_from_relative_risk(0.03, 3.0) == pytest.approx(0.09 / 1.06)
    assert E.share_from_relative_risk(0.03, math.inf) == 1.0
    assert E.share_from_relative_risk(0.03, 1.0) == pytest.approx(0.03)


def test_sensitivity_grid_is_tidy_and_monotone():
    shares = np.linspace(0.05, 0.7, 14)
    prevalences = np.linspace(0.01, 0.07, 7)
    grid = E.sensitivity_grid(shares, prevalences)
    assert list(grid.columns) == ["share", "prevalence", "rr", "paf"]
    assert len(grid) == 14 * 7
    assert grid[["share", "prevalence"]].drop_duplicates().shape[0] == 14 * 7
    rr = grid.pivot(index="share", columns="prevalence", values="rr").to_numpy()
    paf = grid.pivot(index="share", columns="prevalence", values="paf").to_numpy()
    assert (np.diff(rr, axis=0) > 0).all()  # more of the offenders have it: higher RR
    assert (np.diff(rr, axis=1) < 0).all()  # more of all teens have it: lower RR
    assert (np.diff(paf, axis=0) > 0).all()
    row = grid[np.isclose(grid["share"], 0.5) & np.isclose(grid["prevalence"], 0.03)]
    assert row["rr"].item() == pytest.approx(RR_SEED)


def test_scenario_averted_by_hand():
    sc = E.scenario(0.5, 0.03, 0.2, 2271)
    expected = 2271 * 0.5 * 0.2 * (RR_SEED - 1) / RR_SEED
    assert sc.averted == pytest.approx(expected)
    assert sc.averted == pytest.approx(220.08, abs=0.01)
    assert sc.remaining == pytest.approx(2271 - expected)
    assert sc.paf == pytest.approx(0.484536, abs=1e-6)
    assert sc.averted == pytest.approx(2271 * 0.2 * sc.paf)
    assert "2\u202f271" in sc.formula and "32.33" in sc.formula and "220.1" in sc.formula


def test_scenario_for_a_protective_factor_added():
    # s = 0.5, p = 0.6: RR = 0.5 × 0.4 ÷ (0.6 × 0.5) = 2/3
    sc = E.scenario(0.5, 0.6, 0.5, 1000, action="add")
    assert sc.rr == pytest.approx(2 / 3)
    assert sc.averted == pytest.approx(1000 * 0.5 * 0.5 * (1 - 2 / 3))
    assert "(1 − s)" in sc.formula


def test_scenario_edges_and_bad_inputs():
    assert E.scenario(0.5, 0.03, 0.0, 2271).averted == 0.0
    assert E.scenario(0.0, 0.03, 0.5, 2271).averted == 0.0
    with pytest.raises(InputError) as info:
        E.scenario(0.5, 0.03, 1.5, 2271)
    assert info.value.code == "evidence.bad_fraction"
    with pytest.raises(InputError) as info:
        E.scenario(0.5, 0.03, 0.5, -1)
    assert info.value.code == "evidence.bad_cases"


def test_averted_cases_is_vectorised_and_linear_in_the_fraction():
    fractions = np.linspace(0, 1, 11)
    averted = E.averted_cases(0.5, RR_SEED, fractions, 2271)
    assert averted.shape == (11,)
    assert np.allclose(np.diff(averted), averted[1])


def test_factor_scenarios_cover_the_catalogue():
    factors = load_factors()
    table = E.factor_scenarios(factors, 0.1, 2271)
    assert len(table) == len(factors)
    assert set(table["action"]) == {"remove", "add"}
    assert (table.loc[table["protective"], "action"] == "add").all()
    assert (table["averted"] > 0).all()  # removing a risk factor or adding a protective one helps
    neet = table.set_index("id").loc["neet"]
    # s = p·RR / (1 + p(RR − 1)) with p 3% and the catalogue's RR 3.2: 0.096 / 1.066
    assert neet["share_in_cases"] == pytest.approx(0.03 * 3.2 / (1 + 0.03 * 2.2))
    slider = E.relative_risk(0.5, 0.03)
    table = E.factor_scenarios(factors, 0.1, 2271, odds_ratios={"neet": slider})
    assert table.set_index("id").loc["neet", "share_in_cases"] == pytest.approx(0.5)


def test_sensitivity_grid_of_one_point_is_a_frame():
    grid = E.sensitivity_grid([0.5], [0.03])
    assert isinstance(grid, pd.DataFrame) and len(grid) == 1


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("code", ["bad_share", "bad_relative_risk", "bad_fraction", "bad_cases"])
def test_every_evidence_error_has_a_message_in_every_language(code, lang):
    assert has(f"errors.evidence.{code}", lang)


def test_formula_writes_a_negative_change_as_an_addition():
    text = E.scenario(0.02, 0.03, 0.5, 2271).formula
    last = text.splitlines()[-1]
    assert "− −" not in text
    assert last.startswith("remaining = 2\u202f271 + ")


@pytest.mark.parametrize(
    ("lang", "averted", "remaining"),
    [("ru", "предотвращено", "останется"), ("kk", "алдын алынғаны", "қалатыны")],
)
def test_formula_speaks_the_page_language(lang, averted, remaining):
    sc = E.scenario(0.091, 0.03, 0.2, 2271)
    text = E.formula(sc, lang)
    assert sc.formula == E.formula(sc, "en") and "0.091 × 0.97" in sc.formula
    assert "0,091 × 0,97 ÷ (0,03 × 0,909) = 3,237" in text
    assert text.splitlines()[2].startswith(f"{averted} = ")
    assert text.splitlines()[3] == f"{remaining} = 2\u202f271 − 28,56 = 2\u202f242"
    assert not re.search(r"\b(?!RR\b|PAF\b|[spf]\b)[A-Za-z]+", text), text
