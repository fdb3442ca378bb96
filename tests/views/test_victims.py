"""Children as victims: the published victimisation factors, what the disability association
implies for children with special educational needs, the documented trend, and who can act."""

from __future__ import annotations

import altair as alt
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from riskexplorer import charts, cohort, evidence
from riskexplorer import facts as F
from riskexplorer.errors import DataError
from riskexplorer.i18n import LANGUAGES
from riskexplorer.views import victims as V
from tests.datafiles import edit_row

# --- The catalogue ------------------------------------------------------------------------------


def test_disability_estimates_are_those_of_effects_md():
    rows = V.load_victim_factors()
    assert tuple(rows.loc["disability_2022", ["value", "ci_low", "ci_high"]]) == (2.08, 1.81, 2.38)
    assert tuple(rows.loc["disability_2012_any", ["value", "ci_low", "ci_high"]]) == (
        3.68,
        2.56,
        5.29,
    )
    assert rows.at["disability_2012_physical", "value"] == 3.56
    assert rows.at["disability_2012_sexual", "ci_high"] == 3.69
    assert rows.at["disability_2022", "studies"] == 98
    assert rows.at["bullied_later_violence", "measure"] == "adjusted_or"
    assert (rows.at["prior_victimisation_physical", "value"],
            rows.at["prior_victimisation_sexual", "value"]) == (2.2, 6.9)  # fmt: skip


def test_the_derived_crude_odds_ratio_follows_from_its_percentages():
    """Guards against a derived figure drifting from the arithmetic shown beside it."""
    row = V.load_victim_factors().loc["sen_bullied"]
    assert row["measure"] == "crude_or_derived"
    assert round((0.12 / 0.88) / (0.06 / 0.94), 2) == row["value"] == 2.14
    assert "= 2.14" in row["derivation"]


def test_every_factor_cites_a_known_source_and_speaks_three_languages():
    rows = V.load_victim_factors()
    sources = F.load_sources()
    for ids in rows["source_ids"]:
        assert all(i in sources.index for i in ids.split(";"))
    for lang in LANGUAGES:
        assert (rows[f"label_{lang}"].str.len() > 10).all()
        assert (rows[f"caveat_{lang}"].str.len() > 20).all()
    assert rows.loc["disability_2022", "label_ru"].startswith("Инвалидность")


@pytest.mark.parametrize(
    ("row", "column", "value", "problem"),
    [
        ("disability_2022", "ci_low", "2.5", "ci_low ≤ value ≤ ci_high"),
        ("disability_2022", "measure", "vibes", "measure not one of"),
        ("disability_2022", "source_ids", "no_such_source", "source_ids"),
        ("disability_2022", "label_kk", "", "no label_kk"),
        ("sen_bullied", "derivation", "", "derivation exactly for derived rows"),
        ("prior_victimisation_sexual", "interval", "ci95", "interval given without both bounds"),
    ],
)
def test_a_broken_victim_factor_is_refused_at_load(data_copy, row, column, value, problem):
    edit_row(data_copy / "victim_factors.csv", row, column, value)
    with pytest.raises(DataError) as info:
        V.load_victim_factors()
    assert info.value.code == "data.invalid_rows"
    assert problem in info.value.params["problem"]
    assert row in info.value.params["rows"]


# --- The forest plot and the table --------------------------------------------------------------


def test_forest_rows_are_the_ratios_and_keep_the_family_overlap_out():
    rows = V.forest_rows("en")
    assert "domestic_violence_child_abuse" not in set(rows["id"])
    assert len(rows) == 9
    first = rows.set_index("id").loc["disability_2022"]
    assert first["text"] == "OR 2.08 (1.81–2.38)"
    assert first["kind"] == "Estimate with 95% interval"
    ranged = rows.set_index("id").loc["intellectual_disability_assault"]
    assert pd.isna(ranged["odds_ratio"]) and (ranged["ci_low"], ranged["ci_high"]) == (2.0, 7.7)
    assert ranged["text"] == "HR 2.00–7.70 (range across groups)"


def test_estimates_are_written_in_each_language():
    row = V.load_victim_factors().loc["disability_2022"]
    assert V.estimate_text(row, "ru") == "ОШ 2,08 (1,81–2,38)"
    assert V.estimate_text(row, "kk") == "МҚ 2,08 (1,81–2,38)"
    crude = V.load_victim_factors().loc["sen_bullied"]
    assert V.estimate_text(crude, "en") == "crude OR ≈ 2.14 (no interval published)"
    share = V.load_victim_factors().loc["domestic_violence_child_abuse"]
    assert V.estimate_text(share, "en") == "40% of families (30%–60%)"


def test_evidence_table_lists_every_factor_with_its_caveat():
    table = V.evidence_table("kk")
    assert len(table) == len(V.load_victim_factors()) == 10
    assert "Метаталдау" in set(table["Зерттеу түрі"])
    caveats = table.set_index("Фактор → нәтиже")["Ескерту"]
    assert "(0.12 ÷ 0.88) ÷ (0.06 ÷ 0.94) = 2.14" in " ".join(caveats)


def test_the_forest_chart_is_on_a_log_scale_and_names_the_kinds():
    spec = charts.odds_ratio_forest(V.forest_rows("en"), **V.forest_options("en")).to_dict()
    layers = spec["layer"]
    scales = [layer["encoding"]["x"].get("scale", {}).get("type") for layer in layers[1:]]
    assert scales == ["log", "log"]
    points = layers[2]["encoding"]["shape"]["scale"]
    assert points["domain"] == ["Estimate with 95% interval", "Range across groups",
                                "No interval published"]  # fmt: skip
    # The range-only row is marked at both ends; no other row is.
    data = pd.DataFrame(spec["datasets"][layers[2]["data"]["name"]])
    ends = data[data["label"] == "Intellectual disability → assault victimisation"]["x"]
    assert sorted(ends) == [2.0, 7.7]
    assert V.forest_summary("en").startswith("9 published ratios, from 1.25 to 7.70; 9 of them")
    sources = V.forest_sources("en")
    assert "Fang Z, Cerna-Turoff I" in sources and "Ttofi, M. M." in sources
    assert "Edleson" not in sources  # the family overlap is not on the chart


def test_the_forest_without_kinds_is_unchanged_for_the_scorecard():
    data = pd.DataFrame(
        {"label": ["a"], "odds_ratio": [2.0], "ci_low": [1.5], "ci_high": [2.5], "text": ["2"]}
    )
    spec = charts.odds_ratio_forest(
        data, title="t", axis_title="x", tooltip_titles={"label": "l", "value": "v"}
    ).to_dict()
    assert "shape" not in spec["layer"][2]["encoding"]


# --- What is documented -------------------------------------------------------------------------


def test_trend_marks_the_criminal_code_change_on_the_chart():
    rows = V.trend_rows("en")
    assert rows["value"].tolist() == [1800, 2200, 3000, 3100]
    options = V.trend_options("en")
    assert options["marker_period"] == "Jan–Oct 2024"
    spec = charts.trend(rows[["date", "period", "value", "value_text", "short_text", "kind",
                              "source"]], **options).to_dict()  # fmt: skip
    marks = [layer["mark"]["type"] for layer in spec["layer"]]
    assert marks[-2:] == ["rule", "text"]
    rule = spec["layer"][-2]
    assert rule["encoding"]["x"]["bandPosition"] == 0
    label = pd.DataFrame(spec["datasets"][spec["layer"][-1]["data"]["name"]])["label"][0]
    assert label == "Criminal-code change:\nbattery and light harm counted"
    assert "moved into the criminal code" in V.trend_summary("en")


def test_trend_marker_follows_the_language():
    assert V.trend_options("ru")["marker_period"] == "январь–октябрь 2024 года" or (
        V.trend_options("ru")["marker_period"]
        == F.period(F.fact("offences_vs_minors_2024_10m"), "ru")  # fmt: skip
    )
    assert "УК" in V.trend_options("ru")["marker_label"]


def test_gravity_remainder_is_derived_from_the_total():
    assert V.gravity_rows("en")["value"].tolist() == [364, 252, 198]
    assert V.gravity_remainder("en") == (
        "The remaining 266 offences are of minor gravity (derived: 1080 − 364 − 252 − 198)."
    )


def test_documented_cards_are_real_figures_with_status():
    for fact_id in V.DOCUMENTED_CARDS + V.CONTEXT_CARDS:
        assert F.fact(fact_id)["status"] in F.STATUSES
    assert F.value("trafficking_h1_2025") == 134
    assert F.value("trafficking_victims_assisted_mia") == 1891
    assert F.fact("crimes_vs_children_sexual_increase")["status"] == "seed-only"


# --- What the association implies here -----------------------------------------------------------


def test_share_of_child_victims_with_sen_at_the_published_odds_ratio():
    imp = V.sen_implication(2.08)
    assert imp.prevalence == pytest.approx(235000 / 6902492)
    assert round(imp.prevalence, 4) == 0.0340
    assert imp.share == pytest.approx(evidence.share_from_relative_risk(235000 / 6902492, 2.08))
    assert round(imp.share, 4) == 0.0683
    assert (round(imp.share_low, 4), round(imp.share_high, 4)) == (0.0600, 0.0774)
    # Violence is common: the OR overstates the RR (Zhang & Yu), so the RR reading is lower.
    assert round(imp.relative_risk, 2) == 1.74
    assert imp.share_rr < imp.share
    assert round(imp.share_rr, 4) == 0.0577
    assert imp.victims == 3300
    assert (imp.implied_victims_rr, imp.implied_victims) == (190, 225)
    assert round(imp.share_inclusive, 4) == 0.0281


def test_the_formula_shows_the_numbers_it_uses():
    formula = V.sen_implication(2.08, "en").formula
    assert "p = 235,000 ÷ 6,902,492 = 3.4%" in formula
    assert "s = p × RR ÷ (1 + p × (RR − 1)) = 3.4% × 2.08 ÷ (1 + 3.4% × 1.08) = 6.8%" in formula
    assert "RR = OR ÷ (1 − p0 + p0 × OR) = 1.74" in formula


def test_the_slider_spans_both_meta_analyses():
    assert V.slider_range() == (1.81, 5.29, 2.08)


@given(st.floats(min_value=1.81, max_value=5.29))
def test_the_implied_share_grows_with_the_odds_ratio_and_stays_between_p_and_1(odds_ratio):
    imp = V.sen_implication(odds_ratio)
    assert imp.prevalence <= imp.share_rr <= imp.share < 1
    assert imp.share <= V.sen_implication(min(odds_ratio + 0.1, 6.0)).share


def test_the_implication_says_it_is_derived_and_gives_the_range_in_every_language():
    en = V.implication_text(2.08, "en")
    assert "**5.8%–6.8%**" in en and "190–225" in en and "6.0% to 7.7%" in en
    ru = V.implication_text(2.08, "ru")
    assert "5,8\u00a0%–6,8\u00a0%" in ru
    kk = V.implication_text(2.08, "kk")
    assert "ЕБҚ" in kk and "6,8\u00a0%" in kk


def test_or_to_rr_conversion_matches_the_hand_calculation():
    p0 = evidence.risk_unexposed(0.317, 2.08)
    assert p0 == pytest.approx((0.317 / 0.683 / 2.08) / (1 + 0.317 / 0.683 / 2.08))
    assert evidence.relative_risk_from_odds_ratio(2.08, p0) == pytest.approx(0.317 / p0)
    assert evidence.relative_risk_from_odds_ratio(3.0, 0.0) == 3.0


# --- Who can act --------------------------------------------------------------------------------


def test_victim_actions_cover_the_five_stakeholders_with_their_tags():
    actions = cohort.load_victim_actions()
    assert set(actions["stakeholder"]) == {"schools", "families", "police", "social_services",
                                           "health"}  # fmt: skip
    assert set(actions["source"]) == {"seed", "practice"}
    assert "Probilim" in " ".join(actions.loc[actions["source"] == "seed", "action"])
    # The offending catalogue's actions are unchanged by the victim rows.
    assert not cohort.load_actions()["factor"].str.startswith("victim_").any()


def test_actions_table_is_translated():
    table = V.actions_table("ru")
    assert list(table.columns) == ["Кто", "Для каких детей", "Что можно сделать", "Основание"]
    assert "Дети с инвалидностью" in set(table["Для каких детей"])
    assert table["Что можно сделать"].str.contains("[а-я]", regex=True).all()
    kk = V.actions_table("kk")
    assert kk.iloc[:, 2].str.contains("[әғқңөұүһі]", regex=True).all()
    assert len(kk) == len(cohort.load_victim_actions()) == 14


def test_an_action_for_an_unknown_victim_factor_is_refused(data_copy):
    edit_row(data_copy / "actions.csv", "victim_sen", "factor", "victim_unicorns")
    with pytest.raises(DataError) as info:
        cohort.load_victim_actions()
    assert "victim_factors.csv" in info.value.params["problem"]


# --- Sentences for other pages ------------------------------------------------------------------


def test_overview_sentence_and_key_messages_carry_real_numbers():
    assert V.overview_sentence("en") == (
        "Children as victims: 134 crimes of human trafficking in the first half of 2025, and "
        "published research finding that children with disabilities face about twice the odds "
        "of violence (OR 2.08 (1.81–2.38))."
    )
    assert "134" in V.overview_sentence("kk") and "2,08" in V.overview_sentence("ru")
    assert "5.8%–6.8%" in V.key_message("implication", "en")
    assert V.key_message("documented", "en").startswith(
        "About 3,100 offences against minors in January–October 2025, with about 3,300 people"
    )
    assert V.key_message("documented", "ru").startswith("Примерно 3\u00a0100 правонарушений")


def test_presenters_return_altair_ready_frames():
    chart = charts.odds_ratio_forest(V.forest_rows("kk"), **V.forest_options("kk"))
    assert isinstance(chart, alt.TopLevelMixin)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_victim_factor_has_a_name_and_at_least_two_actions(lang):
    """Guards against a factor added to victim_factors.csv with no one to act on it, or without
    the words the actions table needs in each language."""
    from riskexplorer.i18n import has

    actions = cohort.load_victim_actions()
    for concept in V.load_victim_factors()["factor"].unique():
        assert has(f"victims.concept.{concept}", lang)
        assert (actions["factor"] == concept).sum() >= 2
