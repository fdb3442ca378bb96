"""The page-ready numbers of the "Risk factors" and "Who can act" pages: the evidence arithmetic on
the assumptions' ranges, the volumes with their status, sensible text at the edges, and the
stakeholder filter."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

from riskexplorer import charts
from riskexplorer import evidence as E
from riskexplorer import i18n as I18N
from riskexplorer import uncertainty as U
from riskexplorer.cohort import STAKEHOLDERS, load_actions, load_factors
from riskexplorer.errors import InputError
from riskexplorer.i18n import LANGUAGES, has
from riskexplorer.views import risk_factors as S
from riskexplorer.views import who_can_act as W


def test_sliders_take_their_ranges_and_defaults_from_the_assumptions():
    sliders = S.neet_sliders()
    # The range is the assumption's; the start is the local mark (9.1% rounded), the claim apart.
    assert (sliders["share"].low, sliders["share"].high, sliders["share"].default) == (5, 70, 9)
    assert S.claimed_share() == 50
    assert (sliders["prevalence"].low, sliders["prevalence"].high) == (1, 7)
    assert sliders["prevalence"].default == 3
    assert sliders["prevalence"].values().tolist()[:3] == [1.0, 1.5, 2.0]
    assert S.local_mark().value == pytest.approx(9.1)


def test_volumes_say_which_is_reported_and_which_is_seed_only():
    persons, crimes = S.volumes()
    assert (persons.per_year, persons.status, persons.fact_value) == (2271, "reported", 1703)
    assert persons.formula == "1\u202f703 × 12 ÷ 9 = 2\u202f271"
    assert (crimes.per_year, crimes.status, crimes.fact_value) == (2313, "seed-only", 771)
    assert crimes.formula == "771 × 12 ÷ 4 = 2\u202f313"


@pytest.mark.parametrize(("share", "prevalence"), [(50, 3), (10, 3), (9.1, 2.5), (70, 1), (5, 7)])
def test_neet_result_is_the_evidence_arithmetic(share, prevalence):
    result = S.neet_result(share, prevalence, 10)
    rr = E.relative_risk(share / 100, prevalence / 100)
    assert result.rr == pytest.approx(rr)
    assert result.paf == pytest.approx(E.attributable_fraction(share / 100, rr))
    for scenario, volume in zip(result.scenarios, result.volumes, strict=True):
        expected = E.scenario(share / 100, prevalence / 100, 0.1, volume.per_year)
        assert scenario.averted == pytest.approx(expected.averted)
        assert scenario.formula == expected.formula


def test_default_and_ten_percent_give_the_documented_numbers():
    default, ten = S.neet_result(50, 3, 10), S.neet_result(10, 3, 10)
    assert I18N.fmt_rr(default.rr, "en") == "32.3×"
    assert I18N.fmt_paf(default.paf, "en") == "48.5%"
    assert I18N.fmt_count(default.averted, "en") == "110"
    assert I18N.fmt_rr(ten.rr, "en") == "3.6×"
    assert I18N.fmt_count(ten.averted, "en") == "16"


@pytest.mark.parametrize(
    ("share", "prevalence", "regime"),
    [
        (50, 3, "normal"),
        (70, 1, "extreme"),
        (95, 1, "extreme"),
        (5, 5, "none"),
        (5, 7, "protective"),
        (100, 3, "infinite"),
        (40, 0, "infinite"),
        (0, 0, "undefined"),
    ],
)
def test_every_edge_has_a_translated_message_and_no_bare_inf(share, prevalence, regime):
    """Guards against "inf" or "nan" reaching a projector unexplained at the sliders' extremes
    (or through an edited link)."""
    result = S.neet_result(share, prevalence, 10)
    assert result.regime == regime
    for lang in LANGUAGES:
        texts = [
            S.result_message(result, lang),
            I18N.fmt_rr(result.rr, lang),
            I18N.fmt_paf(result.paf, lang),
            I18N.fmt_count(result.averted, lang),
        ]
        for text in texts:
            assert not re.search(r"\b(inf|nan)\b", text) and "{" not in text, text
    assert has(f"risk_factors.regime.{regime}", "en")


def test_share_equal_to_prevalence_changes_nothing():
    result = S.neet_result(5, 5, 50)
    assert result.rr == pytest.approx(1.0)
    assert result.averted == pytest.approx(0.0)
    assert I18N.fmt_rr(result.rr, "en") == "1.0×"


def test_percent_outside_0_to_100_raises_a_translated_error():
    with pytest.raises(InputError) as caught:
        S.neet_result(150, 3, 10)
    assert caught.value.code == "evidence.bad_share"


def test_formula_text_shows_both_volumes_with_numbers_substituted():
    text = S.formula_text(S.neet_result(50, 3, 10), "en")
    assert "People held liable a year: 1\u202f703 × 12 ÷ 9 = 2\u202f271" in text
    assert "RR = s × (1 − p) ÷ (p × (1 − s)) = 0.5 × 0.97 ÷ (0.03 × 0.5) = 32.33" in text
    assert "2\u202f271 × 0.5 × 0.1 × (32.33 − 1) ÷ 32.33 = 110" in text
    assert "771 × 12 ÷ 4 = 2\u202f313" in text
    assert "2\u202f313 × 0.5 × 0.1 × (32.33 − 1) ÷ 32.33 = 112.1" in text


def test_rr_grid_covers_both_slider_ranges_at_slider_resolution():
    grid = S.rr_grid("en")
    assert len(grid) == 66 * 13
    assert (grid["share_pct"].min(), grid["share_pct"].max()) == (5, 70)
    assert (grid["prevalence_pct"].min(), grid["prevalence_pct"].max()) == (1, 7)
    row = grid[(grid["share_pct"] == 50) & (grid["prevalence_pct"] == 3)].iloc[0]
    assert row["rr"] == pytest.approx(E.relative_risk(0.5, 0.03))
    assert row["rr_text"] == "32.3×"
    assert np.isfinite(grid["rr"]).all() and (grid["rr"] > 0).all()  # a log scale can draw it


def test_grid_summary_is_generated_from_the_grid():
    grid = S.rr_grid("en")
    text = S.grid_summary(grid, S.neet_result(50, 3, 10), "en")
    assert "858 combinations" in text
    assert "from 0.7× to 231×" in text
    assert "below 1 in 6" in text
    assert "(50%, 3.0%) RR is 32.3×" in text


def test_heatmap_uses_a_colour_blind_safe_log_scale_and_marks_the_point():
    grid = S.rr_grid("en")[S.HEATMAP_COLUMNS]
    spec = charts.rr_heatmap(
        grid,
        title="t",
        share_title="s",
        prevalence_title="p",
        rr_title="RR",
        tooltip_titles=dict.fromkeys(("share", "prevalence", "rr", "paf"), "x"),
        current={"share": 20.0, "prevalence": 2.5, "label": "now"},
        marks=({"share": 50.0, "label": "briefing"},),
    ).to_dict()
    scale = spec["layer"][0]["encoding"]["color"]["scale"]
    assert scale == {"type": "log", "scheme": "viridis"}
    assert spec["title"]["subtitle"] == ["now"]  # wrapped into lines (charts.title_lines)
    points = [s for s in spec["datasets"].values() if s and set(s[0]) == {"share", "prevalence"}]
    assert points == [[{"share": 20.0, "prevalence": 2.5}]]


def test_assumptions_table_has_value_range_basis_and_sources():
    table = S.assumptions_table(S.NEET_ASSUMPTIONS, "en")
    rows = table.set_index("Assumption")
    share = rows.loc["NEET share among teen offenders"]
    assert (share["Value"], share["Range"], share["Basis"]) == ("50%", "5% – 70%", "Assumption")
    prevalence = rows.loc["NEET share among all 14–17-year-olds"]
    assert prevalence["Range"] == "1% – 7%"
    assert "Bureau of National Statistics" in prevalence["Sources"]
    liable = rows.loc["Teenagers held criminally liable a year"]
    assert liable["Basis"] == "Derived from documented figures"
    assert "1,703 × 12 ÷ 9" in liable["How it is set"]


def test_local_mark_note_shows_no_count_under_ten():
    """Guards against the small-count rule being broken by an assumption's note: the CSV's note
    quotes the district's counts (1 of 6 + 4 + 1), the page must not."""
    note = S.assumptions_table((S.MARK_ID,), "en").iloc[0]["How it is set"]
    assert "9.1%" in note
    assert "1 ÷ 11" not in note and "6 + 4 + 1" not in note


def test_neets_own_odds_ratio_is_set_by_the_assumed_overlap():
    """NEET's own effect given the other factors falls as the assumed overlap grows, at the local
    mark and at the briefing's claim alike: the page shows it as a range, never as "little or
    nothing"."""
    mark = S.local_mark().value
    at_mark = [S.neet_own_odds_ratio(mark, c) for c in S.CORRELATIONS]
    assert at_mark == sorted(at_mark, reverse=True)
    assert at_mark[0] == pytest.approx(3.27, abs=0.01)  # no overlap: the crude RR at 9.1%
    assert S.own_effect(mark, "en") == S.OwnEffect("1.7", "1.4", "3.3")
    assert S.neet_own_odds_ratio(50) > 5


def test_factor_effects_are_the_cohort_recount_ranked_per_1000_reached():
    effects = W.factor_effects(10, "en").set_index("id")
    for factor_id, row in effects.iterrows():
        central = U.reach_ranges(factor_id, 0.1).loc["central"]
        assert row["averted"] == pytest.approx(central["averted_low"], rel=1e-6)
        assert row["value"] == pytest.approx(central["per_1000_low"], rel=1e-6)
    assert effects["value"].is_monotonic_decreasing
    assert effects["rank"].tolist() == list(range(1, len(effects) + 1))
    assert (effects["value_low"] <= effects["value"]).all()
    assert (effects["value"] <= effects["value_high"]).all()
    assert (effects["averted_low"] <= effects["averted"]).all()


def test_factor_range_keeps_the_factors_action():
    """Guards against a risk factor whose low odds ratio is under 1 (NEET's 0.7) being treated
    as protective, which would flip what "reached" means."""
    neet = W.factor_effects(10, "en").set_index("id").loc["neet"]
    assert load_factors().at["neet", "odds_ratio_low"] < 1
    assert neet["action"] == "remove"
    assert neet["value_low"] < 0 < neet["value"]


def test_stakeholder_filter_keeps_only_their_factors_and_actions():
    view = W.who_can_act(10, ("police",), "en")
    police = set(load_actions().query("stakeholder == 'police'")["factor"])
    assert set(view.effects["id"]) == police
    assert set(view.actions["stakeholder"]) == {"police"}
    everyone = W.who_can_act(10, (), "en")
    assert len(everyone.effects) == len(load_factors())
    assert len(everyone.actions) == len(load_actions())


def test_domain_blocks_mark_the_briefings_actions():
    blocks = dict(W.domain_blocks(10, ("families",), "en"))
    family = blocks["Family circumstances and parenting"]
    assert "**Families:** Talk with your teenager about safety" in family
    assert ":gray-badge[:material/help: from the briefing]" in family
    assert "**Police:**" not in family


def test_every_stakeholder_and_domain_has_an_english_name():
    for who in STAKEHOLDERS:
        assert has(f"who_can_act.stakeholder.{who}", "en")
    for domain in load_factors()["domain"].unique():
        assert has(f"who_can_act.domain.{domain}", "en")


def test_effect_bars_cut_only_the_extreme_whisker():
    data = W.factor_effects(10, "en")[W.EFFECT_CHART_COLUMNS]
    spec = charts.effect_bars(
        data,
        title="t",
        value_title="v",
        kind_title="k",
        tooltip_titles=dict.fromkeys(
            ("label", "value", "range", "rr", "domain", "stakeholders"), "x"
        ),
        kind_text={"remove": "removed", "add": "gained"},
    ).to_dict()
    rows = next(v for v in spec["datasets"].values() if v and "bar_text" in v[0])
    cut = {r["label"] for r in rows if r["cut"]}
    # The axis stops at twice the largest change (4.0): NEET's and truancy's whiskers go on.
    assert cut == {"Neither studying nor working", "Persistent absence from school"}
    assert not math.isnan(rows[0]["high_shown"])


def test_the_page_view_is_cached_per_setting_and_equals_a_fresh_one():
    view = S.neet_view(50, 3.0, 10, "en")
    assert S.neet_view(50, 3.0, 10, "en") is view  # shared by every session
    assert S.neet_view.__wrapped__(50, 3.0, 10, "en") == view  # and still what it computes
    assert [(m.label, m.value) for m in view.metrics] == [
        ("Relative risk (RR)", "32.3×"),
        ("Attributable fraction (PAF)", "48.5%"),
        ("Fewer teenagers held liable a year (10% reached)", "≈110"),
        ("Alternative: fewer crimes a year (seed only)", "≈112"),
    ]
    assert view.metrics[0].delta is None  # the briefing's own claim: no change against it
    assert S.neet_view(9, 3.0, 10, "en").metrics[0].delta == "-29.1×"
    assert view.heatmap_point == {
        "share": 50.0,
        "prevalence": 3.0,
        "label": "White disc: the sliders' point (50% among offenders, 3.0% among all 14–17)"
        " — RR 32.3×",
        # The page's chart says no number, so its spec is the same at every setting.
        "live_label": "White disc: where the sliders stand now (its RR is written under the chart)",
    }
    assert view.heatmap_summary == S.grid_summary(S.rr_grid("en"), view.result, "en")
    assert not view.warn and S.neet_view(70, 1.0, 10, "en").warn  # RR 231×: a warning
