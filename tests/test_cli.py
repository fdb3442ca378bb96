"""The command line: the same table gives the same scorecard as the library (and so as the app),
in the chosen language, with small counts hidden, clear errors, and nothing written to disk."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from riskexplorer import facts as F
from riskexplorer.cli import EXIT_DATA, EXIT_OK, EXIT_USAGE, main
from riskexplorer.errors import InputError
from riskexplorer.i18n import fmt_number, t
from riskexplorer.ingest import prepare, read_table
from riskexplorer.scorecard import Scorecard

OUTCOME = "правонарушение"
FACTORS = ["прогулы", "конфликт в семье", "спортивная секция", "редкий фактор"]
KAZAKH_LETTERS = set("әғқңөұүһі")


@pytest.fixture(autouse=True)
def _no_language_from_the_environment(monkeypatch, tmp_path):
    """Each test chooses its language, and runs in tmp_path so a stray write would show there."""
    monkeypatch.delenv("RISKEXPLORER_LANG", raising=False)
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def children() -> pd.DataFrame:
    """3,000 synthetic children as 0/1 factors and outcome; "редкий фактор" is present in only 8
    (3 with the outcome), so its count and some risk-table counts are under 10."""
    rng = np.random.default_rng(1)
    n = 3000
    frame = pd.DataFrame(
        {
            "прогулы": rng.random(n) < 0.3,
            "конфликт в семье": rng.random(n) < 0.25,
            "спортивная секция": rng.random(n) < 0.4,
            "редкий фактор": np.arange(n) < 8,
        }
    ).astype(np.uint8)
    logit = -2.5 + frame.to_numpy(float) @ np.array([1.0, 0.7, -0.5, 1.2])
    outcome = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(np.uint8)
    outcome[:3], outcome[3:8] = 1, 0
    frame.insert(0, OUTCOME, outcome)
    return frame


def yes_no(frame: pd.DataFrame) -> pd.DataFrame:
    """0/1 columns written as a Russian office writes them: «да»/«нет»."""
    return frame.map(lambda v: "да" if v else "нет")


@pytest.fixture
def records(tmp_path, children) -> Path:
    path = tmp_path / "records.csv"
    path.write_bytes(yes_no(children).to_csv(index=False, sep=";").encode("utf-8"))
    return path


@pytest.fixture
def counts(tmp_path, children) -> Path:
    """The same children as one row per combination of factors, with cases and totals."""
    grouped = children.groupby(FACTORS, as_index=False).agg(
        случаев=(OUTCOME, "sum"), всего=(OUTCOME, "size")
    )
    table = pd.concat([yes_no(grouped[FACTORS]), grouped[["случаев", "всего"]]], axis=1)
    path = tmp_path / "counts.csv"
    path.write_bytes(table.to_csv(index=False, sep=";").encode("utf-8"))
    return path


def score_args(path: Path, *extra: str) -> list[str]:
    return ["score", str(path), "--outcome", OUTCOME, "--factors", ",".join(FACTORS), *extra]


def grouped_args(path: Path, *extra: str) -> list[str]:
    return [
        "score", str(path), "--outcome", OUTCOME, "--factors", ",".join(FACTORS),
        "--cases", "случаев", "--total", "всего", *extra,
    ]  # fmt: skip


def run(capsys, argv: list[str]) -> tuple[int, str, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def read_csv_output(text: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(text.lstrip("\ufeff")), dtype={0: str})


def listing(folder: Path) -> list[tuple[str, int]]:
    return sorted((str(p.relative_to(folder)), p.stat().st_size) for p in folder.rglob("*"))


# --------------------------------------------------------------------------------------------
# score


def test_score_prints_the_scorecard_the_library_fits_on_the_same_data(capsys, records, children):
    """Guards against the command line and the app (which fits Scorecard directly) disagreeing:
    the points and odds ratios printed must be those of Scorecard on the same children."""
    card = Scorecard().fit(children[FACTORS], children[OUTCOME])
    expected = card.table()

    code, out, err = run(capsys, score_args(records, "--lang", "en", "--format", "csv"))
    assert code == EXIT_OK, err
    printed = read_csv_output(out)
    assert printed[t("cli.score.factor", "en")].tolist() == FACTORS
    assert printed[t("cli.score.points", "en")].tolist() == expected["points"].tolist()
    for column, key in (("odds_ratio", "odds_ratio_value"), ("ci_low", "ci_low"),
                        ("ci_high", "ci_high")):  # fmt: skip
        np.testing.assert_allclose(
            printed[t(f"cli.score.{key}", "en")], expected[column], rtol=1e-9
        )

    code, out, _ = run(capsys, score_args(records, "--lang", "en"))
    assert code == EXIT_OK
    for row in expected.itertuples():
        line = next(x for x in out.splitlines() if x.startswith(row.factor))
        assert fmt_number(row.points, "en") in line.split()
        assert fmt_number(row.odds_ratio, "en", decimals=2) in line
    assert t("cli.score.rule", "en", s=card.points_per_doubling_) in out
    assert fmt_number(card.auc_full_, "en", decimals=3) in out
    assert fmt_number(card.auc_points_, "en", decimals=3) in out
    assert t("cli.score.reminder", "en") in out


def test_grouped_counts_give_the_same_scorecard_as_the_records(capsys, records, counts):
    """Guards against the two input shapes drifting apart: a table of cases and totals must
    print exactly what the rows it counts print (apart from the line naming the file)."""
    _, by_record, _ = run(capsys, score_args(records, "--lang", "ru", "--format", "csv"))
    code, by_count, err = run(capsys, grouped_args(counts, "--lang", "ru", "--format", "csv"))
    assert code == EXIT_OK, err
    pd.testing.assert_frame_equal(read_csv_output(by_count), read_csv_output(by_record))

    _, by_record, _ = run(capsys, score_args(records, "--lang", "ru"))
    _, by_count, _ = run(capsys, grouped_args(counts, "--lang", "ru"))
    start = t("cli.score.factor", "ru")
    body = [line for line in by_count.splitlines() if line != t(
        "cli.score.grouped", "ru", cases="случаев", total="всего")]  # fmt: skip
    assert by_record.splitlines()[1:] == body[1:]
    assert any(line.startswith(start) for line in body)


def test_kazakh_output_is_kazakh(capsys, records):
    code, out, _ = run(capsys, score_args(records, "--lang", "kk"))
    assert code == EXIT_OK
    assert t("cli.score.reminder", "kk") in out
    assert t("cli.score.reminder", "en") not in out
    assert t("cli.score.reminder", "ru") not in out
    assert KAZAKH_LETTERS & set(out)
    assert "3\xa0000" in out  # numbers written as Kazakh writes them


def test_language_defaults_to_the_environment_then_russian(capsys, records, monkeypatch):
    _, out, _ = run(capsys, score_args(records))
    assert t("cli.score.reminder", "ru") in out
    monkeypatch.setenv("RISKEXPLORER_LANG", "en-GB")
    _, out, _ = run(capsys, score_args(records))
    assert t("cli.score.reminder", "en") in out


def test_small_counts_print_as_fewer_than_ten(capsys, records):
    """Guards against a rare factor's count (8 children) reaching the screen or the CSV, and
    against working a hidden risk-table count back from the printed total."""
    _, out, _ = run(capsys, score_args(records, "--lang", "en"))
    rare = next(line for line in out.splitlines() if line.startswith("редкий фактор"))
    assert rare.split()[-1] == "<10"
    assert t("privacy.note", "en", min_count=10) in out
    risk_part = out.split(t("cli.score.risk_heading", "en", outcome=OUTCOME))[1]
    risk_rows = risk_part.strip("\n").split("\n\n")[0].splitlines()[2:]  # below head and rule
    n_cells = [line.split()[-1] for line in risk_rows]
    # The 8 children with the rare factor fall in one total of the points rule; that cell is
    # hidden, and one more with it, so the printed total does not give it back by subtraction.
    assert n_cells.count("<10") == 1
    assert n_cells.count("…") == 1

    _, out, _ = run(capsys, score_args(records, "--lang", "en", "--format", "csv"))
    printed = read_csv_output(out).set_index(t("cli.score.factor", "en"))
    assert printed.at["редкий фактор", t("cli.score.n_with", "en")] == "<10"


def test_weighted_counts_are_hidden_by_the_rows_behind_them(capsys, tmp_path, children):
    """Guards against weights lifting a small group over the threshold: the 8 children with the
    rare factor weigh 16 here, and are still shown as "<10"."""
    table = yes_no(children).assign(вес=np.where(children["редкий фактор"] == 1, 2.0, 1.0))
    path = tmp_path / "weighted.csv"
    path.write_bytes(table.to_csv(index=False, sep=";").encode("utf-8"))

    code, out, err = run(capsys, score_args(path, "--weight", "вес", "--lang", "en"))
    assert code == EXIT_OK, err
    rare = next(line for line in out.splitlines() if line.startswith("редкий фактор"))
    assert rare.split()[-1] == "<10"
    assert t("cli.score.weighted", "en", weight="вес") in out


def risk_rows(out: str, outcome: str = OUTCOME, lang: str = "en") -> list[list[str]]:
    """The risk table's rows as printed: [total points, risk (interval), children]."""
    part = out.split(t("cli.score.risk_heading", lang, outcome=outcome))[1]
    rows = part.strip("\n").split("\n\n")[0].splitlines()[2:]  # below the head and the rule
    return [re.split(r"\s{2,}", line.strip()) for line in rows]


@pytest.mark.parametrize("rate", ["0.002", "0.2%", "0,002"])
def test_population_rate_moves_the_risks_as_the_library_does(capsys, records, children, rate):
    """Guards against the CLI giving a case-control table the sample's base rate (issue 15):
    with --population-rate the risks are those of Scorecard(population_rate=...), the points
    and odds ratios stay those of the plain fit."""
    plain = Scorecard().fit(children[FACTORS], children[OUTCOME])
    card = Scorecard(population_rate=0.002).fit(children[FACTORS], children[OUTCOME])
    assert card.points_.to_dict() == plain.points_.to_dict()

    code, out, err = run(capsys, score_args(records, "--population-rate", rate, "--lang", "en"))
    assert code == EXIT_OK, err
    assert t("cli.score.population_rate", "en", rate="0.200%") in out
    printed = {int(row[0]): row[1] for row in risk_rows(out)}
    expected = {
        int(row.points): f"{100 * row.risk:.2f}% ({100 * row.ci_low:.2f}%–{100 * row.ci_high:.2f}%)"
        for row in card.risk_table_.itertuples()
    }
    assert printed == expected
    at_zero = card.risk_table_.set_index("points").at[0.0, "risk"]
    assert 0.0005 < at_zero < 0.002  # the population's scale, not the sample's ~10%
    assert plain.risk_table_.set_index("points").at[0.0, "risk"] > 0.05

    code, by_count, err = run(
        capsys, ["score", str(records), "--outcome", OUTCOME, "--factors", ",".join(FACTORS),
                 "--lang", "en"],
    )  # fmt: skip
    assert t("cli.score.population_rate", "en", rate="0.200%") not in by_count


def test_population_rate_applies_to_a_table_of_counts_too(capsys, records, counts):
    _, by_record, _ = run(capsys, score_args(records, "--population-rate", "0.01", "--lang", "ru"))
    code, by_count, err = run(
        capsys, grouped_args(counts, "--population-rate", "0.01", "--lang", "ru")
    )
    assert code == EXIT_OK, err
    assert risk_rows(by_count, lang="ru") == risk_rows(by_record, lang="ru")
    assert t("cli.score.population_rate", "ru", rate="1,000\xa0%") in by_count


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
@pytest.mark.parametrize("rate", ["0", "1", "-0.1", "150%", "inf", "nan", "1e309", "много"])
def test_an_unusable_population_rate_exits_2_in_the_chosen_language(capsys, records, lang, rate):
    code, out, err = run(capsys, score_args(records, "--population-rate", rate, "--lang", lang))
    assert code == EXIT_USAGE
    assert out == ""
    assert err.strip() == t("errors.cli.bad_population_rate", lang, value=rate)


@pytest.fixture
def fractional(tmp_path, children) -> Path:
    """The children with survey-like weights: 1.0 everywhere but 2.5 in the third data row
    (spreadsheet row 4: the header is row 1)."""
    weights = np.ones(len(children))
    weights[2] = 2.5
    path = tmp_path / "survey.csv"
    path.write_bytes(yes_no(children).assign(вес=weights).to_csv(index=False, sep=";").encode())
    return path


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
@pytest.mark.parametrize("kind", [None, "frequency"])
def test_a_fractional_frequency_weight_is_refused_with_rc_2(capsys, fractional, lang, kind):
    """Guards against reading a survey weight as a head count (issue 15: weights × 100 shrank
    the standard errors 10×): as on the page, a frequency weight must be whole; the message
    names the column, the row and the value, and the option that fixes it."""
    extra = ["--weight-kind", kind] if kind else []
    code, out, err = run(capsys, score_args(fractional, "--weight", "вес", *extra, "--lang", lang))
    assert code == EXIT_USAGE
    assert out == ""
    message = t("errors.cli.fractional_frequency_weight", lang, weight="вес", row=4, value="2.5")
    assert err.strip() == message
    assert "--weight-kind survey" in message


def test_survey_weights_give_the_librarys_robust_errors(capsys, fractional, children):
    weights = np.ones(len(children))
    weights[2] = 2.5
    card = Scorecard(weights="survey").fit(children[FACTORS], children[OUTCOME], weights)
    frequency = Scorecard().fit(children[FACTORS], children[OUTCOME], np.round(weights))
    code, out, err = run(
        capsys,
        score_args(fractional, "--weight", "вес", "--weight-kind", "survey", "--lang", "en",
                   "--format", "csv"),
    )  # fmt: skip
    assert code == EXIT_OK, err
    printed = read_csv_output(out)
    expected = card.table()
    np.testing.assert_allclose(printed[t("cli.score.ci_low", "en")], expected["ci_low"], rtol=1e-9)
    np.testing.assert_allclose(
        printed[t("cli.score.ci_high", "en")], expected["ci_high"], rtol=1e-9
    )
    # Robust (sandwich) intervals differ from the frequency-weight ones on the same rows.
    assert not np.allclose(expected["ci_low"], frequency.table()["ci_low"], rtol=1e-6)

    _, out, _ = run(
        capsys, score_args(fractional, "--weight", "вес", "--weight-kind", "survey", "--lang", "kk")
    )
    assert t("cli.score.weighted_survey", "kk", weight="вес") in out


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_weight_kind_without_a_weight_column_exits_2(capsys, records, lang):
    code, out, err = run(capsys, score_args(records, "--weight-kind", "survey", "--lang", lang))
    assert code == EXIT_USAGE
    assert err.strip() == t("errors.cli.weight_kind_without_weight", lang)


def test_a_factor_name_with_a_comma_is_quoted(capsys, tmp_path, children):
    table = yes_no(children).rename(columns={"конфликт в семье": "конфликт, в семье"})
    path = tmp_path / "comma.csv"
    path.write_bytes(table.to_csv(index=False, sep=";").encode())
    factors = 'прогулы, "конфликт, в семье",спортивная секция,редкий фактор'
    code, out, err = run(
        capsys, ["score", str(path), "--outcome", OUTCOME, "--factors", factors, "--lang", "en"]
    )
    assert code == EXIT_OK, err
    assert any(line.startswith("конфликт, в семье  ") for line in out.splitlines())


# --------------------------------------------------------------------------------------------
# errors


def expected_error(data: bytes, filename: str, factors=FACTORS) -> InputError:
    with pytest.raises(InputError) as caught:
        prepare(read_table(data, filename), OUTCOME, factors)
    return caught.value


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
@pytest.mark.parametrize("broken", ["garbage", "missing_column", "constant_outcome"])
def test_a_broken_file_exits_1_with_the_library_message(capsys, tmp_path, children, lang, broken):
    """Guards against tracebacks and vague errors: the command line says what the app says."""
    factors = FACTORS
    if broken == "garbage":
        data = bytes(range(256)) * 40
    elif broken == "missing_column":
        data = yes_no(children).to_csv(index=False, sep=";").encode()
        factors = [*FACTORS, "нет такого столбца"]
    else:
        data = yes_no(children.assign(**{OUTCOME: 0})).to_csv(index=False, sep=";").encode()
    path = tmp_path / "broken.csv"
    path.write_bytes(data)
    error = expected_error(data, path.name, factors)

    code, out, err = run(
        capsys, ["score", str(path), "--outcome", OUTCOME, "--factors", ",".join(factors),
                 "--lang", lang],
    )  # fmt: skip
    assert code == EXIT_DATA
    assert out == ""
    assert err.strip() == error.message(lang)
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("target", "code"),
    [("no_such_file.csv", "cli.file_not_found"), (".", "cli.is_directory")],
)
def test_a_path_that_is_not_a_readable_file_exits_1(capsys, target, code):
    exit_code, _, err = run(capsys, ["score", target, "--outcome", "a", "--factors", "b"])
    assert exit_code == EXIT_DATA
    assert err.strip() == InputError(code, path=target, cwd=os.getcwd()).message("ru")


@pytest.mark.parametrize(
    ("argv", "code"),
    [
        (["score", "x.csv", "--factors", "a"], "cli.no_outcome"),
        (["score", "x.csv", "--outcome", "y"], "cli.no_factors"),
        (["score", "x.csv", "--factors", "a", "--cases", "c"], "cli.counts_pair"),
        ([], "cli.no_command"),
    ],
)
def test_a_bad_command_line_exits_2_with_a_translated_message(capsys, argv, code):
    exit_code, out, err = run(capsys, [*argv, "--lang", "kk"] if argv else argv)
    assert exit_code == EXIT_USAGE
    assert out == ""
    assert err.strip() == t(f"errors.{code}", "kk" if argv else "ru")
    assert "Traceback" not in err


def test_the_language_may_come_before_the_command(capsys):
    code, out, _ = run(capsys, ["--lang", "kk", "facts", "--status", "contradicted"])
    assert code == EXIT_OK
    assert t("cli.facts.filter_status", "kk", status=t("status.contradicted", "kk")) in out


def test_argparse_errors_are_wrapped_in_the_chosen_language(capsys):
    exit_code, _, err = run(capsys, ["facts", "--format", "xml", "--lang", "en"])
    assert exit_code == EXIT_USAGE
    assert err.startswith("The command cannot be run as typed (")
    assert "--help" in err


# --------------------------------------------------------------------------------------------
# facts


def test_facts_by_status_lists_exactly_the_contradicted_figure(capsys):
    code, out, _ = run(capsys, ["facts", "--status", "contradicted", "--format", "csv"])
    assert code == EXIT_OK
    assert read_csv_output(out)[t("cli.facts.id", "ru")].tolist() == ["teen_offenders_neet_share"]

    code, out, _ = run(capsys, ["facts", "--status", "contradicted", "--lang", "en"])
    assert code == EXIT_OK
    listed = [fact_id for fact_id in F.load_facts()["id"] if fact_id in out.split()]
    assert listed == ["teen_offenders_neet_share"]
    assert t("status.contradicted", "en") in out


def test_facts_show_each_figure_as_the_app_does(capsys):
    code, out, _ = run(capsys, ["facts", "--lang", "ru"])
    assert code == EXIT_OK
    facts = F.load_facts()
    assert t("cli.facts.header", "ru", n=fmt_number(len(facts), "ru"),
             total=fmt_number(len(facts), "ru")) in out  # fmt: skip
    for _, row in facts.iterrows():
        assert f"{F.label(row, 'ru')}: {F.format_value(row, 'ru')} ({F.period(row, 'ru')})" in out


# --------------------------------------------------------------------------------------------
# nothing written, and the installed entry point


def test_nothing_is_written(capsys, tmp_path, records, counts):
    """Guards against temporary or output files: the user's data must stay where it is."""
    before = listing(tmp_path)
    for argv in (
        score_args(records, "--lang", "en"),
        score_args(records, "--format", "csv"),
        grouped_args(counts),
        ["facts", "--format", "csv"],
        ["score", str(tmp_path / "missing.csv"), "--outcome", "a", "--factors", "b"],
    ):
        main(argv)
    capsys.readouterr()
    assert listing(tmp_path) == before


def test_the_installed_console_script_runs(tmp_path):
    """Guards against a broken `[project.scripts]` entry: run the script pip installed."""
    script = shutil.which("riskexplorer", path=str(Path(sys.executable).parent))
    assert script, "console script missing: run `pip install -e .`"
    env = {k: v for k, v in os.environ.items() if k != "RISKEXPLORER_LANG"}
    done = subprocess.run(
        [script, "facts", "--lang", "kk"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=tmp_path,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "teen_offenders_neet_share" in done.stdout
    assert t("cli.facts.status_line", "kk", status="").split(":")[0] in done.stdout
    assert KAZAKH_LETTERS & set(done.stdout)
    assert done.stderr == ""


def test_an_unexpected_error_is_a_plain_message_not_a_traceback(monkeypatch, capsys):
    from riskexplorer import cli

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(cli, "_facts", broken)
    monkeypatch.delenv("RISKEXPLORER_DEBUG", raising=False)
    assert cli.main(["facts", "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert "Something went wrong inside riskexplorer (RuntimeError)" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("ru", ("использование: riskexplorer score", "параметры:", "показать эту справку и выйти")),
        ("kk", ("қолданылуы: riskexplorer score", "параметрлер:", "осы анықтаманы көрсетіп")),
        ("en", ("usage: riskexplorer score", "options:", "show this help message and exit")),
    ],
)
def test_help_is_in_the_chosen_language(capsys, lang, words):
    code, out, _ = run(capsys, ["--lang", lang, "score", "--help"])
    assert code == EXIT_OK
    for word in words:
        assert word in out
    assert out.count(words[0].split()[0]) == 1  # "usage:" once, not twice
    assert t("cli.help.factors", lang) in " ".join(out.split())
    if lang != "en":
        assert "show this help" not in out and "comma-separated" not in out


# --- files that must be refused before they are read ----------------------------------------------

CLI_CHILD = r"""
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
from riskexplorer.cli import main
sys.exit(main(sys.argv[1:]))
"""


def run_capped(argv: list[str], cwd: Path) -> subprocess.CompletedProcess:
    """The CLI in a child capped at 1 GiB and 30 s: a regression fails the test, not pytest."""
    env = {k: v for k, v in os.environ.items() if k != "RISKEXPLORER_LANG"}
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[1] / "src")
    return subprocess.run(
        [sys.executable, "-c", CLI_CHILD, *argv],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        env=env,
        timeout=30,
        check=False,
    )


def _two_cell_xlsx() -> bytes:
    """The 1.6 KB workbook with cells at A1 and XFD1048576 (see tests/test_read_limits.py)."""
    from tests.test_read_limits import a1_and

    return a1_and("XFD1048576")


@pytest.mark.parametrize("lang", ["ru", "kk", "en"])
def test_a_device_is_refused_before_it_is_read(tmp_path, lang):
    done = run_capped(
        ["score", "/dev/zero", "--outcome", "a", "--factors", "b", "--lang", lang], tmp_path
    )
    assert done.returncode == EXIT_DATA
    assert done.stderr.strip() == InputError("cli.not_regular_file", path="/dev/zero").message(lang)
    assert done.stdout == ""


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "table.csv"
    os.mkfifo(fifo)
    done = run_capped(["score", str(fifo), "--outcome", "a", "--factors", "b"], tmp_path)
    assert done.returncode == EXIT_DATA
    assert done.stderr.strip() == InputError("cli.not_regular_file", path=str(fifo)).message("ru")


def test_the_tiny_xlsx_that_killed_the_server_gives_a_translated_refusal(tmp_path):
    path = tmp_path / "book.xlsx"
    path.write_bytes(_two_cell_xlsx())
    done = run_capped(
        ["score", str(path), "--outcome", "a", "--factors", "b", "--lang", "kk"], tmp_path
    )
    assert done.returncode == EXIT_DATA, done.stderr
    expected = InputError(
        "ingest.too_many_sheet_columns", sheet="Sheet1", columns="16\u00a0384", limit="200"
    )
    assert done.stderr.strip() == expected.message("kk")
    assert "Traceback" not in done.stderr and "panicked" not in done.stderr


def test_a_file_past_the_size_limit_is_refused_before_it_is_read(capsys, tmp_path, monkeypatch):
    from riskexplorer import cli

    path = tmp_path / "huge.csv"
    with path.open("wb") as handle:  # sparse: nothing of it is written
        handle.truncate(cli.MAX_BYTES + 1)
    opened = []
    real_read = cli._read_at_most
    monkeypatch.setattr(cli, "_read_at_most", lambda *a: opened.append(a) or real_read(*a))
    exit_code, _, err = run(capsys, ["score", str(path), "--outcome", "a", "--factors", "b"])
    assert exit_code == EXIT_DATA
    assert opened == []
    assert err.strip() == InputError(
        "ingest.too_large", filename="huge.csv", size_mb="50.0", limit_mb="50.0"
    ).message("ru")
