"""The Your data page's library: the column preview, the column guesses, the fit and the
disparity table by group — real values checked against scikit-learn, small groups hidden."""

from __future__ import annotations

import io
import math
from datetime import date

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import roc_auc_score

from riskexplorer import cohort, ingest, privacy
from riskexplorer.errors import InputError
from riskexplorer.scorecard import Scorecard
from riskexplorer.views import scorecard as MV
from riskexplorer.views import your_data as upload

FACTORS = ["truancy", "family_conflict", "mentor"]


def people(sizes: dict[str, int], seed: int = 0, *, base: float = -1.5) -> pd.DataFrame:
    """Records with three 0/1 factors, a 0/1 outcome and a group, ``sizes[group]`` rows each."""
    rng = np.random.default_rng(seed)
    n = sum(sizes.values())
    X = pd.DataFrame((rng.random((n, 3)) < [0.3, 0.4, 0.5]).astype(np.uint8), columns=FACTORS)
    logit = base + X.to_numpy() @ np.array([1.2, 0.6, -0.7])
    y = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(np.uint8)
    groups = np.repeat(list(sizes), list(sizes.values()))
    return X.assign(outcome=y, group=groups)


def fitted(frame: pd.DataFrame, weights=None) -> Scorecard:
    return Scorecard().fit(frame[FACTORS], frame["outcome"], sample_weight=weights)


def expected_row(card: Scorecard, part: pd.DataFrame) -> dict[str, float]:
    """A group's values computed directly, with scikit-learn's AUC."""
    X, y = part[FACTORS], part["outcome"]
    risk = card.predict_proba(X)[:, 1]
    points = card.score_points(X)
    rule = 1 / (1 + np.exp(-(card.risk_intercept_ + card.risk_slope_ * points)))
    return {
        "n": len(part),
        "cases": y.sum(),
        "rate": y.mean(),
        "mean_points": points.mean(),
        "auc_model": roc_auc_score(y, risk),
        "auc_points": roc_auc_score(y, points),
        "predicted_model": risk.mean(),
        "predicted_points": rule.mean(),
    }


# --- the column preview ---------------------------------------------------------------------------


def test_column_types_name_the_kind_of_values_with_examples_and_empty_cells():
    df = pd.DataFrame(
        {
            "Правонарушение": ["да", "нет", None, "Да", "нет"],
            "age": [14, 15, 16, 14, 17],
            "share": [0.5, 1.25, 2.0, None, 3.0],
            "region": ["Алматы", "Астана", " ", "Алматы", "Шымкент"],
            "born": [date(2010, 1, 2)] * 5,
            "blank": [None] * 5,
        }
    )
    types = upload.column_types(df).set_index("column")
    assert types["type"].to_dict() == {
        "Правонарушение": "yes_no",
        "age": "count",
        "share": "number",
        "region": "text",
        "born": "date",
        "blank": "empty",
    }
    assert types.at["Правонарушение", "examples"] == "да, нет, Да"
    assert types.at["age", "examples"] == "14, 15, 16"
    assert types.at["region", "examples"] == "Алматы, Астана, Шымкент"
    assert types["missing"].to_dict() == {
        "Правонарушение": 1, "age": 0, "share": 1, "region": 1, "born": 0, "blank": 5,
    }  # fmt: skip


def test_column_overview_hides_one_to_nine_empty_cells():
    types = pd.DataFrame(
        {"column": ["a", "b", "c"], "type": ["yes_no", "text", "count"],
         "examples": ["1, 0", "x", "3"], "missing": [0, 4, 12]}
    )  # fmt: skip
    overview = upload.column_overview(types, "en")
    assert list(overview.columns) == ["Column", "Values", "Examples", "Empty cells"]
    assert overview["Values"].tolist() == ["yes/no", "text", "whole numbers"]
    assert overview["Empty cells"].tolist() == ["0", "<10", "12"]


def test_suggested_roles_for_the_example_pick_the_outcome_not_a_factor_named_like_it():
    """Guards against "Earlier police contact or offence" (a factor) being taken as the outcome
    because its name contains "offen", and a constant column being offered as a factor."""
    df = cohort.example_upload_table(n=500)
    roles = upload.suggest_roles(df)
    assert roles.kind == "records"
    assert roles.outcome == "offended"
    assert roles.group == "region"
    assert "synthetic" not in roles.factors and "offended" not in roles.factors
    assert "Earlier police contact or offence" in roles.factors


def test_the_group_guess_matches_whole_words_only():
    df = pd.DataFrame(
        {"Неполная семья": ["да", "нет"] * 5, "Usage": list("abababab") + ["c", "c"],
         "Пол": ["м", "ж"] * 5, "y": ["да"] * 5 + ["нет"] * 5}
    )  # fmt: skip
    assert upload.suggest_roles(df).group == "Пол"


def test_suggested_roles_for_a_counts_table():
    df = pd.DataFrame(
        {"Область": ["A", "A", "B", "B"], "truancy": [0, 1, 0, 1],
         "cases": [3, 8, 4, 9], "total": [100, 40, 120, 50]}
    )  # fmt: skip
    roles = upload.suggest_roles(df)
    assert (roles.kind, roles.cases, roles.total) == ("counts", "cases", "total")
    assert roles.factors == ("truancy",)
    assert roles.group == "Область"


# --- the disparity table --------------------------------------------------------------------------


def test_disparity_values_match_a_direct_computation_and_sklearn_auc():
    data = people({"Astana": 900, "Shymkent": 700, "Almaty": 800})
    card = fitted(data)
    table = upload.disparity_table(card, data[FACTORS], data["outcome"], data["group"])
    assert table["group"].tolist() == ["Almaty", "Astana", "Shymkent"]
    assert not privacy.suppressed_mask(table).to_numpy().any()
    for _, row in table.iterrows():
        expected = expected_row(card, data[data["group"] == row["group"]])
        for column, value in expected.items():
            assert row[column] == pytest.approx(value, rel=1e-9, abs=1e-12), column
    # Across groups the model's mean predicted risk adds up to the observed rate (MLE).
    overall = (table["predicted_model"] * table["n"]).sum() / table["n"].sum()
    assert overall == pytest.approx(data["outcome"].mean(), abs=1e-8)


def test_weighted_disparity_uses_weighted_rates_and_auc():
    data = people({"girls": 600, "boys": 700}, seed=3)
    weights = np.random.default_rng(1).integers(1, 4, len(data)).astype(float)
    card = fitted(data, weights)
    table = upload.disparity_table(card, data[FACTORS], data["outcome"], data["group"], weights)
    row = table.set_index("group").loc["girls"]
    girls = (data["group"] == "girls").to_numpy()
    y, w = data["outcome"].to_numpy()[girls], weights[girls]
    risk = card.predict_proba(data[FACTORS][girls])[:, 1]
    assert row["n"] == pytest.approx(w.sum())
    assert row["rate"] == pytest.approx((y * w).sum() / w.sum())
    assert row["auc_model"] == pytest.approx(roc_auc_score(y, risk, sample_weight=w))


def test_a_group_of_nine_people_is_hidden_with_a_second_group_beside_it():
    data = people({"Astana": 900, "Shymkent": 700, "Ulytau": 9, "Almaty": 800}, seed=2)
    card = fitted(data)
    table = upload.disparity_table(card, data[FACTORS], data["outcome"], data["group"])
    shown = upload.disparity_view(table, "en").set_index("Group")
    assert shown.at["Ulytau", "People"] == "<10"
    assert shown.loc["Ulytau"].drop("People").tolist() == ["<10"] + ["…"] * 6
    # Its size would follow from the total minus the other groups: the smallest other is hidden.
    assert shown.at["Shymkent", "People"] == "…"
    assert set(shown.loc["Shymkent"].drop("People")) == {"…"}
    assert shown.at["Astana", "People"] == "900"
    assert shown.at["Almaty", "AUC (model)"] == (
        f"{expected_row(card, data[data['group'] == 'Almaty'])['auc_model']:.3f}"
    )
    assert pd.isna(table.set_index("group").at["Ulytau", "n"])


def test_a_group_with_five_cases_shows_its_size_but_not_its_cases_or_rates():
    data = people({"Astana": 900, "Almaty": 800, "Shymkent": 700}, seed=4)
    rural = people({"Ulytau": 300}, seed=5, base=-6)  # rare outcome: a handful of cases
    rural.loc[rural.index[:5], "outcome"] = 1
    rural.loc[rural.index[5:], "outcome"] = 0
    data = pd.concat([data, rural], ignore_index=True)
    card = fitted(data)
    table = upload.disparity_table(card, data[FACTORS], data["outcome"], data["group"])
    shown = upload.disparity_view(table, "en").set_index("Group")
    assert shown.at["Ulytau", "People"] == "300"
    assert shown.at["Ulytau", "With the outcome"] == "<10"
    assert shown.loc["Ulytau", "Observed rate":].tolist() == ["…"] * 6
    # Total cases are known from the page, so one more group's cases are hidden too.
    assert shown.at["Shymkent", "People"] == "700"
    assert shown.at["Shymkent", "With the outcome"] == "…"
    assert shown.at["Astana", "With the outcome"] != "…"


def test_disparity_csv_writes_marks_never_the_small_numbers():
    data = people({"Astana": 900, "Almaty": 800, "Ulytau": 7}, seed=6)
    card = fitted(data)
    table = upload.disparity_table(card, data[FACTORS], data["outcome"], data["group"])
    csv = privacy.to_safe_csv(upload.disparity_csv_frame(table, "en"), lang="en")
    frame = pd.read_csv(io.BytesIO(csv), encoding="utf-8-sig", dtype=str).set_index("Group")
    assert frame.at["Ulytau", "People"] == "<10"
    assert set(frame.loc["Ulytau"].drop("People")) == {"<10", "…"}
    assert frame.at["Almaty", "People"] == "…"  # the complement
    assert frame.at["Astana", "People"] == "900"
    rate = float(frame.at["Astana", "Observed rate"])
    astana = data[data["group"] == "Astana"]["outcome"].mean()
    assert rate == pytest.approx(100 * astana)


def test_counts_give_the_same_disparity_as_the_records_they_count():
    data = people({"14-15": 1200, "16-17": 1500}, seed=7)
    card = fitted(data)
    from_records = upload.disparity_table(card, data[FACTORS], data["outcome"], data["group"])
    counts = (
        data.groupby(["group", *FACTORS], as_index=False)["outcome"]
        .agg(cases="sum", total="size")
        .sample(frac=1, random_state=0)
    )
    from_counts = upload.disparity_table_counts(
        card, counts[FACTORS], counts["cases"], counts["total"], counts["group"]
    )
    pd.testing.assert_frame_equal(from_records, from_counts, check_exact=False, rtol=1e-12)


# --- fitting an upload ----------------------------------------------------------------------------


def test_fit_upload_of_records_equals_the_estimator_and_builds_the_table():
    data = people({"A": 900, "B": 800}, seed=8)
    frame = data.assign(
        outcome=np.where(data["outcome"] == 1, "да", "нет"),
        mentor=np.where(data["mentor"] == 1, "иә", "жоқ"),
    )
    roles = upload.Roles(kind="records", factors=tuple(FACTORS), outcome="outcome", group="group")
    result = upload.fit_upload(frame, roles)
    direct = fitted(data)
    assert result.model.points == {f: int(p) for f, p in direct.points_.items()}
    assert result.n_groups == 2
    assert result.disparity["n"].tolist() == [900, 800]


def test_fit_upload_of_counts_with_groups_equals_the_fit_without_them():
    data = people({"A": 900, "B": 800}, seed=9)
    counts = data.groupby(["group", *FACTORS], as_index=False)["outcome"].agg(
        cases="sum", total="size"
    )
    roles = upload.Roles(kind="counts", factors=tuple(FACTORS), cases="cases", total="total")
    plain = upload.fit_upload(counts, roles)
    grouped = upload.fit_upload(counts, upload.Roles(**{**roles.__dict__, "group": "group"}))
    assert plain.disparity is None
    assert grouped.model.points == plain.model.points == fitted(data).points_.to_dict()
    assert grouped.model.grouped.n == plain.model.grouped.n == len(data)
    assert grouped.disparity["n"].tolist() == [900, 800]


def test_a_group_column_that_is_also_a_factor_is_refused():
    data = people({"A": 50, "B": 50})
    roles = upload.Roles(kind="records", factors=tuple(FACTORS), outcome="outcome", group="mentor")
    with pytest.raises(InputError) as caught:
        upload.fit_upload(data, roles)
    assert caught.value.code == "ingest.column_reused"


def test_a_group_column_with_too_many_values_gets_no_table():
    data = people({"A": 500}).assign(group=lambda d: [f"id{i}" for i in range(len(d))])
    roles = upload.Roles(kind="records", factors=tuple(FACTORS), outcome="outcome", group="group")
    result = upload.fit_upload(data, roles)
    assert result.disparity is None and result.n_groups == 500


def test_scorecard_csv_hides_a_factor_few_people_have():
    data = people({"A": 2000}, seed=10)
    data["rare"] = 0
    data.loc[data.index[:8], "rare"] = 1
    data.loc[data.index[:4], "outcome"] = 1
    roles = upload.Roles(kind="records", factors=(*FACTORS, "rare"), outcome="outcome")
    result = upload.fit_upload(data, roles)
    csv = privacy.to_safe_csv(upload.scorecard_csv_frame(result.model, "en"), lang="en")
    frame = pd.read_csv(io.BytesIO(csv), encoding="utf-8-sig", dtype=str).set_index("Factor")
    assert frame.at["rare", "People with the factor"] == "<10"
    assert frame.at["rare", "Share with the factor (%)"] == "…"
    truancy = MV.factor_label("truancy", "en")  # a catalogue id is shown by its label
    assert frame.at[truancy, "Points"] == str(result.model.points["truancy"])


def test_the_example_csv_says_synthetic_and_reads_back():
    assert "SYNTHETIC" in upload.example_filename("ru")
    assert upload.csv_separator("ru") == upload.csv_separator("kk") == ";"
    assert upload.csv_separator("en") == ","
    df, info = ingest.read_table_with_info(upload.example_csv(";"), "example.csv")
    assert info.delimiter == ";" and len(df) == upload.EXAMPLE_ROWS
    assert set(df["synthetic"]) == {"yes"}


def test_wilson_interval_matches_statsmodels():
    from statsmodels.stats.proportion import proportion_confint

    for cases, n in [(0, 10), (3, 40), (120, 1509), (40, 40)]:
        low, high = proportion_confint(cases, n, alpha=0.05, method="wilson")
        assert upload.wilson_interval(cases, n) == pytest.approx((low, high), abs=1e-12)


def test_cross_validated_auc_is_below_or_near_the_in_sample_auc():
    df = cohort.example_upload_table(n=3000)
    roles = upload.suggest_roles(df)
    fit = upload.fit_upload(df, roles)
    cv = upload.cross_validated_auc(fit.model.grouped)
    # the SYNTHETIC example: 0.661 on held-out rows beside 0.684 in-sample
    assert 0.6 < cv < fit.model.scorecard.auc_full_


def test_no_factor_is_preselected_when_there_are_more_than_a_scorecard_can_weigh():
    """Guards against a fit starting on a column guess alone: 31 yes/no columns beside an
    outcome preselect nothing; 30 preselect all 30."""
    import numpy as np

    rng = np.random.default_rng(3)
    wide = pd.DataFrame({f"f{i}": rng.choice(["да", "нет"], 200) for i in range(31)})
    wide["правонарушение"] = rng.choice(["да", "нет"], 200)
    assert upload.suggest_roles(wide).factors == ()
    assert upload.suggest_roles(wide.drop(columns="f30")).outcome == "правонарушение"
    assert len(upload.suggest_roles(wide.drop(columns="f30")).factors) == 30


def test_group_rates_carry_wilson_intervals_and_small_groups_no_auc():
    """Per-group rates come with their 95% Wilson interval (shown as "rate (low–high)"); a group
    with fewer than 10 people of either outcome shows no AUC, which would be noise."""
    data = people({"Astana": 900, "Shymkent": 700, "Almaty": 800})
    card = fitted(data)
    table = upload.disparity_table(card, data[FACTORS], data["outcome"], data["group"])
    for _, row in table.iterrows():
        low, high = upload.wilson_interval(row["cases"], row["n"])
        assert (row["rate_low"], row["rate_high"]) == pytest.approx((low, high))
        assert row["rate_low"] < row["rate"] < row["rate_high"]
        cases = int(row["cases"])
        assert math.isnan(row["auc_model"]) == (cases < 10 or row["n"] - cases < 10)
    view = upload.disparity_view(table, "en")
    first = table.iloc[0]
    assert view.iloc[0]["Observed rate"] == (
        f"{100 * first['rate']:.2f}% ({100 * first['rate_low']:.2f}%–{100 * first['rate_high']:.2f}%)"
    )
    # Three groups of similar rates drawn from one model: every interval overlaps the others.
    assert upload.groups_within_noise(table) == (
        table["rate_low"].max() <= table["rate_high"].min()
    )
