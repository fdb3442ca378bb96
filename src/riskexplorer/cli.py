"""Command line: fit the risk-factor scorecard on a table, or list the documented figures.

::

    riskexplorer score FILE --outcome COL --factors A,B,C [--weight COL
                       [--weight-kind frequency|survey]] [--population-rate P] [--sheet NAME]
    riskexplorer score FILE --cases COL --total COL --factors A,B,C [--outcome LABEL]
                       [--population-rate P]
    riskexplorer facts [--status STATUS] [--topic TOPIC]
    riskexplorer example > example.csv

``--population-rate`` is for rows selected on the outcome (a case-control extract): the
intercept moves by logit(P) − logit(sample rate), as on the Your data page when "selected on the
outcome" is answered yes. ``--weight-kind`` says what ``--weight`` means, as the page asks:
``frequency`` (whole numbers, "this row stands for w people"; the default) or ``survey`` (robust
errors). ``example`` writes the page's SYNTHETIC example table, so the README's example can be
re-run. Factor names that contain a comma are quoted: ``--factors 'a,"b, c"'``.

Both commands take ``--lang kk|ru|en`` (default: ``RISKEXPLORER_LANG``, else Russian) and
``--format table|csv``. The file is read into memory with :func:`riskexplorer.ingest.read_table`,
as the app reads an upload, and fitted with the same :class:`~riskexplorer.scorecard.Scorecard`,
so the same table gives the same scorecard in the app and here. Nothing is ever written to disk:
results go to standard output, messages to standard error.

Every line printed comes from the locale files through :func:`~riskexplorer.i18n.t` (argparse's
``--help`` stays English). Counts of 1 to 9 are shown as ``<10``, and a count that would let a
reader work such a number back from a printed total is shown as ``…`` (:mod:`riskexplorer.privacy`).

Exit codes: 0 done, 1 the file or the data cannot be used, 2 the command line cannot be used.
Either way the message is translated and says what to do; there is never a traceback for bad
input.
"""

from __future__ import annotations

import argparse
import csv
import math
import os
import stat
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import numpy as np
import pandas as pd

from riskexplorer import facts as F
from riskexplorer import privacy
from riskexplorer.errors import InputError, RiskExplorerError
from riskexplorer.i18n import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    fmt_number,
    fmt_percent,
    normalize_language,
    t,
)
from riskexplorer.ingest import MAX_BYTES, prepare, prepare_grouped, read_table_with_info
from riskexplorer.scorecard import GroupedData, Scorecard, group_patterns

__all__ = ["EXIT_DATA", "EXIT_OK", "EXIT_USAGE", "build_parser", "main"]

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2
LANG_ENV = "RISKEXPLORER_LANG"
FORMATS = ("table", "csv")
WEIGHT_KINDS = ("frequency", "survey")
_GAP = "  "


class _UsageError(Exception):
    """The command line cannot be used; ``error`` is the translated InputError to show."""

    def __init__(self, error: InputError) -> None:
        super().__init__(error.code)
        self.error = error


class _Parser(argparse.ArgumentParser):
    """argparse that reports a bad command line as a translatable error instead of exiting."""

    def error(self, message: str):  # type: ignore[override]
        raise _UsageError(InputError("cli.usage", detail=message, prog=self.prog))


def _language_arg(value: str) -> str:
    lang = normalize_language(value)
    if lang is None:
        raise argparse.ArgumentTypeError(f"{value!r} is not one of {', '.join(LANGUAGES)}")
    return lang


def _formatter(lang: str) -> type[argparse.HelpFormatter]:
    """argparse's help layout with its own words ("usage:") in ``lang``."""

    class Formatter(argparse.HelpFormatter):
        def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[override]
            prefix = t("cli.help.usage", lang) if prefix is None else prefix
            return super().add_usage(usage, actions, groups, prefix)

    return Formatter


def _translated(parser: argparse.ArgumentParser, lang: str) -> argparse.ArgumentParser:
    """argparse's group titles and its -h text in ``lang``."""
    parser._positionals.title = t("cli.help.positionals", lang)
    parser._optionals.title = t("cli.help.options", lang)
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction):
            action.help = t("cli.help.help", lang)
    return parser


def build_parser(lang: str = "en") -> argparse.ArgumentParser:
    """The ``riskexplorer`` argument parser, its help texts in ``lang``."""

    def h(name: str, **params: object) -> str:
        # argparse formats help with %-style: a literal "%" (as in "0.157%") must be doubled
        return t(f"cli.help.{name}", lang, **params).replace("%", "%%")

    formatter = _formatter(lang)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--lang",
        type=_language_arg,
        default=None,
        metavar="|".join(LANGUAGES),
        help=h("lang", env=f"${LANG_ENV}", default=DEFAULT_LANGUAGE),
    )
    common.add_argument("--format", choices=FORMATS, default="table", help=h("format"))
    parser = _Parser(prog="riskexplorer", description=h("description"), formatter_class=formatter)
    parser.add_argument(  # also accepted before the command: `riskexplorer --lang kk facts`
        "--lang", dest="global_lang", type=_language_arg, default=None, help=argparse.SUPPRESS
    )
    commands = parser.add_subparsers(dest="command", metavar="{score,facts,example,serve}")
    score = commands.add_parser(
        "score",
        parents=[common],
        help=h("score"),
        description=h("score_description"),
        formatter_class=formatter,
    )
    score.add_argument("file", metavar="FILE", help=h("file"))
    score.add_argument("--outcome", metavar="COL", help=h("outcome"))
    score.add_argument("--factors", metavar="A,B,C", help=h("factors"))
    score.add_argument("--weight", metavar="COL", help=h("weight"))
    score.add_argument("--weight-kind", choices=WEIGHT_KINDS, default=None, help=h("weight_kind"))
    score.add_argument("--population-rate", metavar="P", help=h("population_rate"))
    score.add_argument("--cases", metavar="COL", help=h("cases"))
    score.add_argument("--total", metavar="COL", help=h("total"))
    score.add_argument("--sheet", metavar="NAME", help=h("sheet"))
    facts = commands.add_parser(
        "facts",
        parents=[common],
        help=h("facts"),
        description=h("facts_description"),
        formatter_class=formatter,
    )
    facts.add_argument("--status", choices=F.STATUSES, help=h("status"))
    facts.add_argument("--topic", choices=F.TOPICS, help=h("topic"))
    example = commands.add_parser(
        "example",
        parents=[common],
        help=h("example"),
        description=h("example_description"),
        formatter_class=formatter,
    )
    serve = commands.add_parser(
        "serve", help=h("serve"), description=h("serve_description"), formatter_class=formatter
    )
    serve.add_argument("streamlit_args", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    for each in (parser, score, facts, example, serve):
        _translated(each, lang)
    return parser


def _language_from(argv: Sequence[str]) -> str:
    """The output language before parsing, so even a parse error is reported in it."""
    for position, arg in enumerate(argv):
        if arg == "--":
            break
        value = None
        if arg == "--lang" and position + 1 < len(argv):
            value = argv[position + 1]
        elif arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
        if value is not None and normalize_language(value):
            return normalize_language(value)  # type: ignore[return-value]
    return normalize_language(os.environ.get(LANG_ENV)) or DEFAULT_LANGUAGE


def main(argv: list[str] | None = None) -> int:
    """Run ``riskexplorer`` with ``argv`` (default: ``sys.argv[1:]``); returns the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = _language_from(argv)
    try:
        try:
            args = build_parser(lang).parse_args(argv)
        except SystemExit as done:  # --help
            return int(done.code or 0)
        lang = getattr(args, "lang", None) or args.global_lang or lang
        if args.command is None:
            raise _UsageError(InputError("cli.no_command"))
        if args.command == "score":
            return _score(args, lang, sys.stdout)
        if args.command == "example":
            return _example(lang, sys.stdout)
        if args.command == "serve":
            from riskexplorer.app.serve import serve

            serve([a for a in args.streamlit_args if a != "--"])
        return _facts(args, lang, sys.stdout)
    except _UsageError as usage:
        _fail(usage.error, lang)
        return EXIT_USAGE
    except RiskExplorerError as error:  # InputError for the user's file, DataError for data/
        _fail(error, lang)
        return EXIT_DATA
    except BrokenPipeError:  # `riskexplorer facts | head`: the reader left, nothing to report
        _silence_stdout()
        return EXIT_DATA
    except Exception as error:  # a bug: say so plainly; RISKEXPLORER_DEBUG=1 shows the traceback
        if os.environ.get("RISKEXPLORER_DEBUG"):
            raise
        _fail(InputError("cli.unexpected", kind=type(error).__name__), lang)
        return EXIT_DATA


def _fail(error: RiskExplorerError, lang: str) -> None:
    print(error.message(lang), file=sys.stderr)


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


# --------------------------------------------------------------------------------------------
# score


def _read_bytes(path_text: str) -> tuple[bytes, str]:
    """The file's bytes and its name, or an InputError that says why it cannot be read.

    The file is opened without blocking and checked on the open descriptor before one byte is
    read: a device (``/dev/zero`` would be read without end), a FIFO (which would wait forever
    for a writer) or a socket is refused, and so is a file past ``MAX_BYTES``; at most
    ``MAX_BYTES + 1`` bytes are ever read, so a file that grows meanwhile is refused too.
    """
    path = Path(path_text)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise InputError("cli.file_not_found", path=path_text, cwd=os.getcwd()) from None
    except IsADirectoryError:
        raise InputError("cli.is_directory", path=path_text) from None
    except PermissionError:
        raise InputError("cli.permission", path=path_text) from None
    except OSError as exc:
        detail = exc.strerror or type(exc).__name__
        raise InputError("cli.unreadable_file", path=path_text, detail=detail) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InputError("cli.is_directory", path=path_text)
        if not stat.S_ISREG(info.st_mode):
            raise InputError("cli.not_regular_file", path=path_text)
        if info.st_size > MAX_BYTES:
            raise _too_large(path.name, info.st_size)
        with os.fdopen(fd, "rb", buffering=0) as handle:
            fd = -1  # the handle closes it now
            data = _read_at_most(handle, MAX_BYTES + 1)
    except OSError as exc:
        detail = exc.strerror or type(exc).__name__
        raise InputError("cli.unreadable_file", path=path_text, detail=detail) from None
    finally:
        if fd >= 0:
            os.close(fd)
    if len(data) > MAX_BYTES:
        raise _too_large(path.name, len(data))
    return data, path.name


def _read_at_most(handle: IO[bytes], limit: int) -> bytes:
    chunks, size = [], 0
    while size < limit:
        chunk = handle.read(min(1 << 20, limit - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def _too_large(filename: str, size: int) -> InputError:
    return InputError(
        "ingest.too_large",
        filename=filename,
        size_mb=f"{size / 2**20:.1f}",
        limit_mb=f"{MAX_BYTES / 2**20:.1f}",
    )


def _factor_names(text: str | None) -> list[str]:
    """The comma-separated names, read as one CSV line so that a name holding a comma can be
    quoted (``a,"b, c"``); names without quotes read as before."""
    if not (text or "").strip():
        return []
    try:
        names = next(csv.reader([text], skipinitialspace=True))
    except csv.Error:  # a stray quote: fall back to plain commas
        names = text.split(",")
    return [name.strip() for name in names if name.strip()]


def _population_rate(text: str | None) -> float | None:
    """``--population-rate`` as a share: ``0.00157``, or ``0.157%``; a _UsageError otherwise."""
    if text is None:
        return None
    value = text.strip().replace(",", ".").replace("\u00a0", "").replace(" ", "")
    percent = value.endswith("%")
    try:
        rate = float(value.rstrip("%")) / (100.0 if percent else 1.0)
    except ValueError:
        rate = math.nan
    if not (math.isfinite(rate) and 0.0 < rate < 1.0):
        raise _UsageError(InputError("cli.bad_population_rate", value=text))
    return rate


def _check_score_args(args: argparse.Namespace) -> tuple[list[str], bool]:
    """The factor list and whether the table is grouped; a _UsageError for a bad combination."""
    factors = _factor_names(args.factors)
    if not factors:
        raise _UsageError(InputError("cli.no_factors"))
    grouped = bool(args.cases or args.total)
    if grouped and not (args.cases and args.total):
        raise _UsageError(InputError("cli.counts_pair"))
    if grouped and args.weight:
        raise _UsageError(InputError("cli.weight_with_counts"))
    if args.weight_kind and not args.weight:
        raise _UsageError(InputError("cli.weight_kind_without_weight"))
    _population_rate(args.population_rate)
    if not grouped and not (args.outcome and args.outcome.strip()):
        raise _UsageError(InputError("cli.no_outcome"))
    return factors, grouped


@dataclass(frozen=True)
class _Counts:
    """How many children the output speaks of, and which of those numbers may be printed.

    ``*_rows`` are the rows of the file behind each number: with ``--weight`` the printed
    numbers are sums of weights, but the small-count rule is about real children, so a cell is
    hidden when either the rows or the weighted number is 1–9. Without weights they are equal.
    """

    n: float
    n_rows: float
    cases: float
    case_rows: float
    with_factor: np.ndarray
    with_factor_rows: np.ndarray
    by_points: np.ndarray  # aligned with ``card.risk_table_``
    by_points_rows: np.ndarray


def _fit(
    args: argparse.Namespace, factors: list[str], grouped: bool, df: pd.DataFrame
) -> tuple[Scorecard, _Counts]:
    """The scorecard fitted as the app fits it (record-level rows, or grouped counts), with
    the page's two choices: the population rate and what the weights mean."""
    rate = _population_rate(args.population_rate)
    if grouped:
        patterns, cases, totals = prepare_grouped(df, factors, args.cases, args.total)
        card = Scorecard(population_rate=rate).fit_grouped(patterns, cases, totals)
        return card, _counts(card)
    kind = args.weight_kind or "frequency"
    try:
        X, y, w = prepare(df, args.outcome, factors, args.weight, weight_kind=kind)
        card = Scorecard(population_rate=rate, weights=kind).fit(X, y, sample_weight=w)
    except InputError as error:
        if error.code != "scorecard.fractional_frequency_weight":
            raise
        # The fix is on the command line (--weight-kind survey), as on the page it is a choice.
        raise _UsageError(
            InputError("cli.fractional_frequency_weight", weight=args.weight, **error.params)
        ) from None
    if w is None:
        return card, _counts(card)
    present = w > 0
    return card, _counts(card, group_patterns(X[present], y[present]))


def _counts(card: Scorecard, rows: GroupedData | None = None) -> _Counts:
    """The numbers of :class:`_Counts` from a fitted card (and, with weights, the unweighted
    counts of the same rows)."""

    def numbers(grouped: GroupedData) -> tuple[float, float, np.ndarray, np.ndarray]:
        totals = grouped.total_points(card.points_.to_numpy())
        position = np.searchsorted(card.risk_table_["points"].to_numpy(), totals)
        by_points = np.bincount(position, weights=grouped.totals, minlength=len(card.risk_table_))
        with_factor = grouped.totals @ grouped.patterns.astype(np.float64)
        return grouped.n, grouped.n_cases, with_factor, by_points

    n, cases, with_factor, by_points = numbers(card.grouped_)
    n_rows, case_rows, with_factor_rows, by_points_rows = numbers(rows or card.grouped_)
    return _Counts(
        n, n_rows, cases, case_rows, with_factor, with_factor_rows, by_points, by_points_rows
    )


def _small(*values: float) -> bool:
    return any(privacy.is_small(v) for v in values)


_marks_beside_total = privacy.beside_total  # the rules live in privacy.py, shared with the app
_marks_of_partition = privacy.partition


def _cells(values: np.ndarray, marks: list[str | None], lang: str) -> list[str]:
    texts = {
        "counts": t("privacy.suppressed", lang, min_count=privacy.MIN_COUNT),
        "derived": t("privacy.hidden", lang),
    }
    return [
        texts[mark] if mark else privacy.format_count(value, lang)
        for value, mark in zip(values, marks, strict=True)
    ]


def _score(args: argparse.Namespace, lang: str, out: IO[str]) -> int:
    factors, grouped = _check_score_args(args)
    data, filename = _read_bytes(args.file)
    df, info = read_table_with_info(data, filename, sheet=args.sheet)
    for code in info.warnings:
        print(t(f"errors.{code}", lang), file=sys.stderr)
    card, counts = _fit(args, factors, grouped, df)
    if args.format == "csv":
        _write_csv(_score_frame(card, counts, lang), lang, out)
        return EXIT_OK
    outcome = (args.outcome or "").strip() or args.cases
    lines = _score_lines(card, counts, lang, filename=filename, rows=len(df), outcome=outcome)
    if args.population_rate is not None:
        rate = _population_rate(args.population_rate)
        lines.insert(
            1, t("cli.score.population_rate", lang, rate=fmt_percent(100 * rate, lang, decimals=3))
        )
    if args.weight:
        kind = args.weight_kind or "frequency"
        lines.insert(
            1,
            t(
                "cli.score.weighted_survey" if kind == "survey" else "cli.score.weighted",
                lang,
                weight=args.weight,
            ),
        )
    if grouped:
        lines.insert(1, t("cli.score.grouped", lang, cases=args.cases, total=args.total))
    _write_lines(lines, out)
    return EXIT_OK


def _score_frame(card: Scorecard, counts: _Counts, lang: str) -> pd.DataFrame:
    """The scorecard as a CSV table: translated headers, exact numbers, counts hidden as on
    screen (marked for :func:`riskexplorer.privacy.to_safe_csv`, which writes ``<10``/``…``).

    Only the count column is hidden: the points and odds ratios are the scorecard itself and are
    not computed from that column.
    """
    table = card.table()
    n_column = t("cli.score.n_with", lang)
    marks = _marks_beside_total(
        counts.with_factor, counts.with_factor_rows, counts.n, counts.n_rows
    )
    n = _whole(counts.with_factor)
    hidden = np.array([mark is not None for mark in marks])
    if hidden.any():
        n = n.astype("Int64" if n.dtype.kind == "i" else "Float64").mask(hidden)
    frame = pd.DataFrame(
        {
            t("cli.score.factor", lang): table["factor"],
            t("cli.score.points", lang): table["points"],
            t("cli.score.odds_ratio_value", lang): table["odds_ratio"],
            t("cli.score.ci_low", lang): table["ci_low"],
            t("cli.score.ci_high", lang): table["ci_high"],
            n_column: n,
        }
    )
    frame.attrs[privacy.SUPPRESSED_ATTR] = {
        group: {n_column: [i for i, mark in enumerate(marks) if mark == group]}
        for group in ("counts", "derived")
    }
    return frame


def _whole(values: np.ndarray) -> pd.Series:
    """Counts as integers when they are whole (unweighted data), else as floats."""
    values = np.asarray(values, dtype=np.float64)
    if np.all(values == np.round(values)):
        return pd.Series(values.astype(np.int64))
    return pd.Series(values.round(6))  # sums of weights: drop float noise such as 1143.5799999


def _risk_text(risk: float, lang: str) -> str:
    """A risk as the page shows it (:func:`riskexplorer.views.scorecard.risk_table`): a
    percentage with two decimals, so the CLI and the page print the same numbers."""
    return fmt_percent(risk * 100, lang, decimals=2)


def _interval(value: str, low: str, high: str, lang: str) -> str:
    return t("cli.score.interval", lang, value=value, low=low, high=high)


def _score_lines(
    card: Scorecard, counts: _Counts, lang: str, *, filename: str, rows: int, outcome: str
) -> list[str]:
    """The readable report: header, scorecard, rule, AUC, risk table, notes."""
    suppressed, hidden = (
        t("privacy.suppressed", lang, min_count=privacy.MIN_COUNT),
        t("privacy.hidden", lang),
    )
    n_text = suppressed if _small(counts.n, counts.n_rows) else privacy.format_count(counts.n, lang)
    cases_text = privacy.format_count(counts.cases, lang)
    rate_text = _risk_text(counts.cases / counts.n, lang)
    if _small(counts.cases, counts.case_rows):
        cases_text, rate_text = suppressed, hidden
    elif _small(counts.n - counts.cases, counts.n_rows - counts.case_rows):
        cases_text = rate_text = hidden
    lines = [
        t(
            "cli.score.header",
            lang,
            file=filename,
            rows=fmt_number(rows, lang),
            n=n_text,
            cases=cases_text,
            outcome=outcome,
            rate=rate_text,
        ),
        "",
    ]
    any_hidden = hidden in lines[0] or suppressed in lines[0]

    table = card.table()
    marks = _marks_beside_total(
        counts.with_factor, counts.with_factor_rows, counts.n, counts.n_rows
    )
    body = [
        [
            str(row.factor),
            fmt_number(row.points, lang),
            _interval(
                fmt_number(row.odds_ratio, lang, decimals=2),
                fmt_number(row.ci_low, lang, decimals=2),
                fmt_number(row.ci_high, lang, decimals=2),
                lang,
            ),
            cell,
        ]
        for row, cell in zip(
            table.itertuples(index=False), _cells(counts.with_factor, marks, lang), strict=True
        )
    ]
    any_hidden = any_hidden or any(marks)
    heads = [
        t("cli.score.factor", lang),
        t("cli.score.points", lang),
        t("cli.score.odds_ratio", lang),
        t("cli.score.n_with", lang),
    ]
    lines += _render(heads, body, right=(False, True, False, True))
    lines += [
        "",
        t("cli.score.rule", lang, s=card.points_per_doubling_),
        t(
            "cli.score.risk_rule",
            lang,
            a=fmt_number(card.risk_intercept_, lang, decimals=3),
            b=fmt_number(card.risk_slope_, lang, decimals=3),
        ),
        t(
            "cli.score.auc",
            lang,
            full=fmt_number(card.auc_full_, lang, decimals=3),
            points=fmt_number(card.auc_points_, lang, decimals=3),
            loss=fmt_number(_no_negative_zero(card.auc_loss_, 3), lang, decimals=3),
        ),
        "",
        t("cli.score.risk_heading", lang, outcome=outcome),
    ]
    risk = card.risk_table_
    marks = _marks_of_partition(counts.by_points, counts.by_points_rows)
    any_hidden = any_hidden or any(marks)
    body = [
        [
            fmt_number(row.points, lang),
            _interval(
                _risk_text(row.risk, lang),
                _risk_text(row.ci_low, lang),
                _risk_text(row.ci_high, lang),
                lang,
            ),
            cell,
        ]
        for row, cell in zip(
            risk.itertuples(index=False), _cells(counts.by_points, marks, lang), strict=True
        )
    ]
    heads = [
        t("cli.score.total_points", lang),
        t("cli.score.risk", lang),
        t("cli.score.n", lang),
    ]
    lines += _render(heads, body, right=(True, False, True))
    lines.append("")
    if any_hidden:
        lines.append(t("privacy.note", lang, min_count=privacy.MIN_COUNT))
    lines.append(t("cli.score.reminder", lang))
    return lines


def _no_negative_zero(value: float, decimals: int) -> float:
    """``value`` rounded, with ``-0.0`` as ``0.0`` (a loss of "-0.000" reads like a bug)."""
    rounded = round(value, decimals)
    return 0.0 if rounded == 0 else rounded


def _render(heads: list[str], body: list[list[str]], right: Sequence[bool]) -> list[str]:
    """A plain-text table: columns padded to their widest cell, numbers right-aligned."""
    widths = [max(len(cell) for cell in column) for column in zip(heads, *body, strict=True)]

    def line(cells: Sequence[str]) -> str:
        padded = [
            cell.rjust(width) if flush else cell.ljust(width)
            for cell, width, flush in zip(cells, widths, right, strict=True)
        ]
        return _GAP.join(padded).rstrip()

    rule = _GAP.join("─" * width for width in widths)
    return [line(heads), rule, *(line(row) for row in body)]


# --------------------------------------------------------------------------------------------
# facts


def _facts(args: argparse.Namespace, lang: str, out: IO[str]) -> int:
    facts = F.load_facts()
    total = len(facts)
    if args.status:
        facts = facts[facts["status"] == args.status]
    if args.topic:
        facts = facts[facts["topic"] == args.topic]
    rows = [
        {
            "id": str(row["id"]),
            "label": F.label(row, lang),
            "value": F.format_value(row, lang),
            "period": F.period(row, lang) or t("facts.period_unknown", lang),
            "status": t(f"status.{row['status']}", lang),
            # the briefing has no author to cite: the app's translated wording for it
            "source": t("sources.seed_short", lang)
            if row["source_id"] == "seed"
            else F.source_text(row["source_id"], lang),
            "link": str(row["source_url"]),
        }
        for _, row in facts.iterrows()
    ]
    if args.format == "csv":
        columns = ("id", "label", "value", "period", "status", "source", "link")
        frame = pd.DataFrame(rows, columns=list(columns))
        frame.columns = [t(f"cli.facts.{c}", lang) for c in columns]
        _write_csv(frame, lang, out)
        return EXIT_OK
    lines = [
        t("cli.facts.header", lang, n=fmt_number(len(rows), lang), total=fmt_number(total, lang))
    ]
    if args.status:
        lines.append(t("cli.facts.filter_status", lang, status=t(f"status.{args.status}", lang)))
    if args.topic:
        lines.append(t("cli.facts.filter_topic", lang, topic=t(f"topic.{args.topic}", lang)))
    if not rows:
        lines.append(t("cli.facts.none", lang))
    for row in rows:
        lines += [
            "",
            row["id"],
            "  " + t("cli.facts.line", lang, label=row["label"], value=row["value"],
                     period=row["period"]),
            "  " + t("cli.facts.status_line", lang, status=row["status"]),
            "  " + t("cli.facts.source_line", lang, source=row["source"]),
        ]  # fmt: skip
        if row["link"]:
            lines.append("  " + row["link"])
    _write_lines(lines, out)
    return EXIT_OK


# --------------------------------------------------------------------------------------------
# example


def _example(lang: str, out: IO[str]) -> int:
    """The Your data page's SYNTHETIC example table (the bytes its download button gives)."""
    from riskexplorer.views import your_data

    _write_bytes(your_data.example_csv(your_data.csv_separator(lang), lang), out)
    return EXIT_OK


# --------------------------------------------------------------------------------------------
# output


def _write_lines(lines: Sequence[str], out: IO[str]) -> None:
    out.write("\n".join(lines) + "\n")
    out.flush()


def _write_csv(frame: pd.DataFrame, lang: str, out: IO[str]) -> None:
    """CSV through :func:`riskexplorer.privacy.to_safe_csv` (see :func:`_write_bytes`)."""
    _write_bytes(privacy.to_safe_csv(frame, lang=lang), out)


def _write_bytes(data: bytes, out: IO[str]) -> None:
    """A CSV's bytes as they are where the stream takes bytes (``> file.csv`` keeps the BOM
    Excel needs), else as text."""
    buffer = getattr(out, "buffer", None)
    if buffer is not None:
        out.flush()
        buffer.write(data)
        buffer.flush()
    else:
        out.write(data.decode("utf-8-sig"))
        out.flush()


if __name__ == "__main__":  # pragma: no cover - `python -m riskexplorer.cli`
    sys.exit(main())
