"""The README's command-line example, the command line and the Your data page's presenter give
the same numbers for the page's SYNTHETIC example table (issue 15: "the example file, the README
and the CLI show the same numbers as the page").

The README block is run as written (its commands parsed with shlex), its printed output compared
line for line with what the command prints now, and both compared with what
:mod:`riskexplorer.views.your_data` gives the page for the example with "selected on the
outcome: yes" at the documented population rate.
"""

from __future__ import annotations

import contextlib
import io
import re
import shlex
from pathlib import Path

import pandas as pd
import pytest

from riskexplorer.cli import EXIT_OK, _factor_names, main
from riskexplorer.i18n import t
from riskexplorer.ingest import read_table
from riskexplorer.views import scorecard as MV
from riskexplorer.views import your_data as upload

README = Path(__file__).resolve().parents[1] / "README.md"
LANG = "en"


def readme_example() -> tuple[list[list[str]], list[str]]:
    """The two commands of the README's example (as argv lists) and the output block after them."""
    text = README.read_text(encoding="utf-8")
    found = re.search(
        r"```bash\n(riskexplorer example.*?)```\s*```text\n(.*?)```", text, flags=re.DOTALL
    )
    assert found, "the README's end-to-end example (a bash block, then a text block) is missing"
    script = found.group(1).replace("\\\n", " ")
    commands = [shlex.split(line) for line in script.splitlines() if line.strip()]
    return commands, found.group(2).rstrip("\n").split("\n")


@pytest.fixture(scope="module")
def example_bytes() -> bytes:
    return upload.example_csv(upload.csv_separator(LANG), LANG)


@pytest.fixture(scope="module")
def page() -> MV.FittedModel:
    """What the Your data page fits for the example: the roles it guesses, selected on the
    outcome at the rate it proposes."""
    df = read_table(upload.example_csv(upload.csv_separator(LANG), LANG), "example.csv")
    roles = upload.suggest_roles(df)
    fit = upload.fit_upload(df, roles, population_rate=upload.default_population_rate())
    return fit.model


@pytest.fixture(scope="module")
def printed(tmp_path_factory, example_bytes) -> tuple[list[str], list[str]]:
    """(the README's output lines, what the README's commands print now)."""
    commands, readme_lines = readme_example()
    example, score = commands
    assert example[:2] == ["riskexplorer", "example"]
    assert example[-2:] == [">", "example.csv"]
    assert score[:3] == ["riskexplorer", "score", "example.csv"]
    folder = tmp_path_factory.mktemp("readme")
    (folder / "example.csv").write_bytes(example_bytes)
    argv = [str(folder / "example.csv") if a == "example.csv" else a for a in score[1:]]
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(argv)
    assert code == EXIT_OK
    lines = out.getvalue().rstrip("\n").split("\n")
    return readme_lines, lines


def rows_of(lines: list[str], heading: str) -> list[list[str]]:
    """The body of the plain-text table whose header row starts with ``heading``."""
    start = next(i for i, line in enumerate(lines) if line.startswith(heading))
    body = []
    for line in lines[start + 2 :]:  # skip the header and the rule
        if not line.strip():
            break
        body.append(re.split(r"\s{2,}", line.strip()))
    return body


def test_example_command_writes_the_pages_download(capsysbinary, example_bytes):
    """Guards against `riskexplorer example` drifting from the page's download button."""
    commands, _ = readme_example()
    argv = commands[0][1:-2]  # without `> example.csv`
    assert main(argv) == EXIT_OK
    assert capsysbinary.readouterr().out == example_bytes
    assert example_bytes.startswith(b"\xef\xbb\xbfregion,Earlier police contact or offence,")


def test_readme_output_is_what_the_command_prints(printed):
    """Guards against the README's printed example going stale: every line, in order."""
    readme_lines, lines = printed
    assert lines == readme_lines


def test_points_and_odds_ratios_agree_with_the_page(printed, page):
    _, lines = printed
    cli = rows_of(lines, t("cli.score.factor", LANG))
    shown = MV.points_table(page, LANG)
    assert [row[0] for row in cli] == shown[t("model.col.factor", LANG)].tolist()
    assert [int(row[1]) for row in cli] == shown[t("model.col.points", LANG)].tolist()
    ors = [row[2].split(" (")[0] for row in cli]
    assert ors == shown[t("model.col.odds_ratio", LANG)].tolist()
    intervals = [row[2].split(" (")[1].rstrip(")").replace("–", " – ") for row in cli]
    assert intervals == shown[t("model.col.ci", LANG)].tolist()
    # Real values of the SYNTHETIC example: absence weighs most, two factors are protective.
    points = dict(zip((row[0] for row in cli), (int(row[1]) for row in cli), strict=True))
    assert points["Persistent absence from school"] == 8
    assert points["Friends who offend"] == 5
    assert points["Bullies others at school"] == -1
    assert page.scorecard.points_.to_dict() == points


def test_auc_and_risk_rule_agree_with_the_page(printed, page):
    _, lines = printed
    sc = page.scorecard
    assert round(sc.auc_full_, 3) == 0.680 and round(sc.auc_points_, 3) == 0.679
    assert t("cli.score.auc", LANG, full="0.680", points="0.679", loss="0.001") in lines
    assert round(sc.risk_intercept_, 3) == -7.033 and round(sc.risk_slope_, 3) == 0.166
    assert t("cli.score.risk_rule", LANG, a="-7.033", b="0.166") in lines
    rule = MV.rule_text(page, LANG)
    assert "-7.033 + 0.166 × points" in rule and "AUC 0.679 against 0.680" in rule


def test_risk_table_agrees_with_the_page(printed, page):
    """Same totals, risks, intervals and (protected) counts as the page's risk table — at the
    population rate, not at the sample's 20%."""
    _, lines = printed
    cli = rows_of(lines, t("cli.score.total_points", LANG))
    shown = MV.risk_table(page, LANG)
    assert [int(row[0]) for row in cli] == shown[t("model.col.total_points", LANG)].tolist()
    risks = [row[1].split(" (")[0] for row in cli]
    assert risks == shown[t("model.col.risk", LANG)].tolist()
    intervals = [row[1].split(" (")[1].rstrip(")").replace("–", " – ") for row in cli]
    assert intervals == shown[t("model.col.ci", LANG)].tolist()
    assert [row[2] for row in cli] == shown[t("model.col.n", LANG)].tolist()
    by_points = {int(row[0]): (risks[i], row[2]) for i, row in enumerate(cli)}
    assert by_points[0] == ("0.09%", "1,060")
    assert by_points[8] == ("0.33%", "161")
    assert by_points[19] == ("2.01%", "…")  # hidden: with 20 and 22 it would give them back
    assert by_points[20][1] == by_points[22][1] == "<10"
    # Without the prior correction the same table would claim a risk of ~11% at 8 points.
    assert page.scorecard.population_rate == pytest.approx(0.00157)
    table = page.scorecard.risk_table_.set_index("points")
    assert table.loc[8.0, "risk"] == pytest.approx(0.00330, abs=5e-5)


def test_the_page_would_fit_what_the_readme_names(page):
    """The README's --factors and --outcome are exactly the roles the page guesses."""
    commands, _ = readme_example()
    score = commands[1]
    factors = score[score.index("--factors") + 1]
    df = read_table(upload.example_csv(",", LANG), "example.csv")
    roles = upload.suggest_roles(df)
    assert _factor_names(factors) == list(roles.factors) == list(page.factors)
    assert score[score.index("--outcome") + 1] == roles.outcome == "offended"
    rate = score[score.index("--population-rate") + 1]
    assert rate == "0.157%"
    assert upload.default_population_rate() == pytest.approx(0.00157)
    assert isinstance(df, pd.DataFrame) and len(df) == upload.EXAMPLE_ROWS == 5000
