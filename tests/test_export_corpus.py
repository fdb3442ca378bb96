"""Issue 15: a corpus of real-export shapes, each read (or refused) the way a person would.

Regional offices in Kazakhstan (police, juvenile affairs commissions, schools, social services)
export their registers in many shapes: title rows above the header, «Итого» rows under each
district, notes below the table, CSV in Windows-1251 with semicolons, tab-separated 1C reports
in UTF-16, workbooks with a cover sheet. Each :class:`Shape` here is one such file and what a
correct reading of it is; :func:`run` chains the library exactly as
``app_pages/your_data.py`` does (header row → read → roles → totals/blank choices → prepare →
fit).
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from riskexplorer import ingest, shapes
from riskexplorer.errors import InputError
from riskexplorer.i18n import t
from riskexplorer.scorecard import Scorecard
from riskexplorer.views import your_data as upload

# --------------------------------------------------------------------------------------------
# the records behind every file

DISTRICTS = ["Алмалинский", "Бостандыкский", "Медеуский"]
RU = {
    "district": "Район",
    "sex": "Пол",
    "age": "Возраст",
    "truancy": "Прогулы",
    "family": "Неполная семья",
    "friends": "Друзья-правонарушители",
    "outcome": "Правонарушение",
}
KK = {
    "district": "Аудан",
    "sex": "Жынысы",
    "age": "Жасы",
    "truancy": "Сабақтан қалу",
    "family": "Толық емес отбасы",
    "friends": "Құқық бұзушы достары",
    "outcome": "Құқық бұзушылық",
}
EN = {
    "district": "District",
    "sex": "Sex",
    "age": "Age",
    "truancy": "Truancy",
    "family": "Single-parent family",
    "friends": "Friends who offend",
    "outcome": "offence",
}
FACTOR_KEYS = ("truancy", "family", "friends")


def records(n: int = 90, seed: int = 15) -> pd.DataFrame:
    """``n`` made-up teenagers (0/1 factors and outcome), sorted by district."""
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame(
        {
            "district": rng.choice(DISTRICTS, n),
            "sex": rng.choice(["м", "ж"], n),
            "age": rng.integers(14, 18, n),
            "truancy": rng.random(n) < 0.4,
            "family": rng.random(n) < 0.3,
            "friends": rng.random(n) < 0.3,
        }
    )
    logit = -1.6 + 1.2 * frame["truancy"] + 0.7 * frame["family"] + 1.0 * frame["friends"]
    frame["outcome"] = rng.random(n) < 1 / (1 + np.exp(-logit))
    frame = frame.sort_values("district", kind="stable").reset_index(drop=True)
    return frame.astype({k: int for k in (*FACTOR_KEYS, "outcome")})


BASE = records()


def spelled(frame: pd.DataFrame, yes: str, no: str, keys=(*FACTOR_KEYS, "outcome")) -> pd.DataFrame:
    out = frame.copy().astype(object)
    for key in keys:
        out[key] = [yes if v else no for v in frame[key]]
    return out


def rows_of(frame: pd.DataFrame, names: dict[str, str]) -> list[list[Any]]:
    """Header and rows, columns in the order of ``names``."""
    keys = list(names)
    return [[names[k] for k in keys], *frame[keys].to_numpy().tolist()]


def csv_bytes(rows: list[list[Any]], *, sep: str = ";", encoding: str = "cp1251") -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=sep, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(
    sheets: list[tuple[str, list[list[Any]]]],
    *,
    hidden: tuple[str, ...] = (),
    merge: dict[str, str] | None = None,
) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets:
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
        if name in hidden:
            sheet.sheet_state = "hidden"
        if merge and name in merge:
            sheet.merge_cells(merge[name])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xls_bytes(rows: list[list[Any]], sheet: str = "Лист1") -> bytes:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    page = book.add_sheet(sheet)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is not None:
                page.write(r, c, value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def with_subtotals(frame: pd.DataFrame, names: dict[str, str], label: str, grand: str):
    """Rows with a subtotal row after each district and a grand total at the end: the sums of
    the yes/no columns of :data:`BASE` (as offices write them), the label in the district
    column (``frame`` is :data:`BASE`, spelled in some way)."""
    keys = list(names)
    out: list[list[Any]] = [[names[k] for k in keys]]
    for district, block in frame.groupby("district", sort=False):
        out += block[keys].to_numpy().tolist()
        out.append([label.format(district=district) if k == "district" else "" for k in keys])
        for i, k in enumerate(keys):
            if k in (*FACTOR_KEYS, "outcome"):
                out[-1][i] = int(BASE.loc[block.index, k].sum())
    out.append([grand if k == "district" else "" for k in keys])
    for i, k in enumerate(keys):
        if k in (*FACTOR_KEYS, "outcome"):
            out[-1][i] = int(BASE[k].sum())
    return out


def counts_table(frame: pd.DataFrame, names: dict[str, str], cases: str, total: str):
    """One row per factor pattern: the cases and the total (an aggregated export)."""
    keys = list(FACTOR_KEYS)
    grouped = frame.groupby(keys).agg(cases=("outcome", "sum"), total=("outcome", "size"))
    grouped = grouped.reset_index()
    header = [names[k] for k in keys] + [cases, total]
    return header, grouped


# --------------------------------------------------------------------------------------------
# the pipeline of the page


@dataclass
class Outcome:
    """What the page does with one file, step by step."""

    header_row: int | None = None
    df: pd.DataFrame | None = None
    info: Any = None
    roles: upload.Roles | None = None
    totals: list[int] = field(default_factory=list)  # spreadsheet rows offered for dropping
    blank_rows: int = 0
    X: pd.DataFrame | None = None
    y: np.ndarray | None = None
    card: Scorecard | None = None
    error: InputError | None = None
    step: str = ""  # where the error came from


def run(
    data: bytes,
    filename: str,
    *,
    sheet: str | int | None = None,
    outcome: str | None = None,
    factors: list[str] | None = None,
    fit: bool = True,
    weights: str = "frequency",
) -> Outcome:
    """The page's chain on one file: any InputError is caught and kept with its step; any
    other exception escapes (and fails the test)."""
    out = Outcome()
    try:
        out.step = "header"
        row, error = shapes.find_header_row(data, filename, sheet=sheet)
        if error is not None:
            raise error
        out.header_row = row
        out.step = "read"
        out.df, out.info = ingest.read_table_with_info(data, filename, sheet=sheet, header_row=row)
        out.step = "roles"
        out.roles = upload.suggest_roles(out.df)
        totals = shapes.totals_rows(out.df)
        out.totals = ingest.row_numbers(out.df, totals)
        kept = out.df.loc[~totals]  # the page's "leave totals rows out" box starts ticked
        roles = out.roles
        if outcome is not None or factors is not None:
            roles = upload.Roles(
                kind="records",
                outcome=outcome or roles.outcome,
                factors=tuple(factors or roles.factors),
                weight=roles.weight,
            )
        blank = shapes.blank_factor_rows(kept, roles.factors)
        out.blank_rows = int(blank.sum())
        if not fit:
            return out
        out.step = "prepare"
        blanks = "no" if blank.any() else None  # the page's radio starts on "treat as no"
        if roles.kind == "counts":
            patterns, cases, totals_ = ingest.prepare_grouped(
                kept, list(roles.factors), roles.cases, roles.total, blanks=blanks
            )
            out.step = "fit"
            out.card = Scorecard().fit_grouped(patterns, cases, totals_)
        else:
            out.X, out.y, w = ingest.prepare(
                kept, roles.outcome, list(roles.factors), roles.weight, blanks=blanks
            )
            out.step = "fit"
            out.card = Scorecard(weights=weights).fit(out.X, out.y, sample_weight=w)
    except InputError as error:
        out.error = error
    return out


# --------------------------------------------------------------------------------------------
# the corpus

RU_ROWS = rows_of(spelled(BASE, "да", "нет"), RU)
RU_HEADER = RU_ROWS[0]
RU_FACTORS = ("Прогулы", "Неполная семья", "Друзья-правонарушители")
KK_FACTORS = ("Сабақтан қалу", "Толық емес отбасы", "Құқық бұзушы достары")
EN_FACTORS = ("Truancy", "Single-parent family", "Friends who offend")
N = len(BASE)  # 90 teenagers
BLANK_ROW = [""] * 7


@dataclass(frozen=True)
class Shape:
    """One file and what a correct reading of it is (``None``: not checked)."""

    filename: str
    build: Callable[[], bytes]
    header_row: int | None = None
    rows: int | None = N  # data rows read (totals rows included)
    outcome: str | None = "Правонарушение"
    factors: tuple[str, ...] | None = RU_FACTORS
    kind: str = "records"
    totals: tuple[int, ...] = ()  # spreadsheet rows offered for dropping
    warnings: tuple[str, ...] = ()
    note: tuple[str, dict] | None = None  # why the outcome was left empty
    sheet: str | None = None
    group: str | None = "Район"
    weight: str | None = None
    cases: str | None = None
    total: str | None = None
    blank_rows: int = 0
    fitted_rows: int | None = N  # rows the scorecard is fitted on (None: refused)
    error: str | None = None  # code of the InputError the chain stops with
    error_step: str | None = None
    error_names: tuple[str, ...] = ()  # what the message must name (column, row …)
    refit: dict = field(default_factory=dict)  # run() options for a second try


def _titled_cp1251() -> bytes:
    return csv_bytes(
        [
            ["Сведения о несовершеннолетних, состоящих на профилактическом учёте"],
            ["по состоянию на 01.01.2025 г."],
            *RU_ROWS,
            ["Итого", *[""] * 6],
        ]
    )


def _footer() -> bytes:
    rows = rows_of(spelled(BASE, "Да", "Нет"), RU)
    notes = [[], ["Примечание: данные обезличены."], ["Источник: ОЮП ДП г. Алматы"]]
    return csv_bytes(rows + notes, sep=",", encoding="utf-8-sig")


def _signature() -> bytes:
    return csv_bytes([*RU_ROWS, [], ["Начальник ОЮП ДП подполковник полиции Иванов И.И."]])


def _subtotals(frame, names, label, grand, **kw) -> Callable[[], bytes]:
    return lambda: csv_bytes(with_subtotals(frame, names, label, grand), **kw)


def _kk_totals() -> bytes:
    rows = rows_of(spelled(BASE, "иә", "жоқ"), KK)
    return csv_bytes([*rows, ["Барлығы", *[""] * 6], ["Жиыны", *[""] * 6]], encoding="utf-8")


def _blocks() -> bytes:
    frame = spelled(BASE, "да", "нет")
    rows = [RU_HEADER]
    for _, block in frame.groupby("district", sort=False):
        rows += block[list(RU)].to_numpy().tolist() + [BLANK_ROW]
    return csv_bytes(rows)


def _one_c() -> bytes:
    lines = ["Отчет: Несовершеннолетние на учете\tПериод: 2024 г.", ""]
    lines += ["\t".join(map(str, r)) for r in rows_of(spelled(BASE, "Да", "Нет"), RU)]
    return "\r\n".join(lines).encode("utf-16")  # Excel's "Unicode text": UTF-16 LE with a BOM


def _line_breaks() -> bytes:
    header = ["Район", "Пол", "Возраст", "Прогулы", "Неполная\nсемья", "Друзья-\nправонарушители",
              "Правонарушение  (да/нет)"]  # fmt: skip
    return csv_bytes([header, *RU_ROWS[1:]], encoding="utf-8-sig")


def _marks(yes: str, no: str) -> Callable[[], bytes]:
    frame = spelled(BASE, yes, no, keys=FACTOR_KEYS)
    frame["outcome"] = spelled(BASE, "да", "нет")["outcome"]
    return lambda: csv_bytes(rows_of(frame, RU), encoding="utf-8")


def _counts_ru() -> bytes:
    """Counts per pattern, ×37 so they reach thousands, written "1 234" (no-break spaces too)."""
    header, grouped = counts_table(BASE, RU, "Количество правонарушений", "Всего детей")
    rows = [header]
    for *pattern, cases, total in grouped.to_numpy().tolist():
        rows.append(
            ["да" if v else "нет" for v in pattern]
            + [f"{37 * cases:,}".replace(",", "\u00a0"), f"{37 * total:,}".replace(",", " ")]
        )
    rows.append(["Итого", "", "", "", f"{37 * N:,}".replace(",", " ")])
    return csv_bytes(rows)


def _counts_kk() -> bytes:
    header, grouped = counts_table(BASE, KK, "Саны", "Барлығы")
    rows = [["иә" if v else "жоқ" for v in r[:3]] + r[3:] for r in grouped.to_numpy().tolist()]
    return xlsx_bytes([("Кесте", [header, *rows])])


def _weights() -> bytes:
    frame = spelled(BASE, "да", "нет")
    frame["w"] = [f"{x:.1f}".replace(".", ",") for x in np.linspace(0.5, 2, N)]
    return csv_bytes(rows_of(frame, {**RU, "w": "Вес"}))


def _whole_weights() -> bytes:
    frame = spelled(BASE, "да", "нет")
    frame["w"] = [1 + i % 3 for i in range(N)]
    return xlsx_bytes([("Лист1", rows_of(frame, {**RU, "w": "Вес"}))])


def _cover() -> bytes:
    cover = [["Министерство внутренних дел Республики Казахстан"], ["Отчёт о несовершеннолетних"],
             ["2024 год"]]  # fmt: skip
    return xlsx_bytes([("Титульный лист", cover), ("Данные", RU_ROWS)])


def _hidden() -> bytes:
    lookup = [["код", "значение"], [1, "да"], [0, "нет"]]
    return xlsx_bytes([("Справочник", lookup), ("Данные", RU_ROWS)], hidden=("Справочник",))


def _merged_title() -> bytes:
    rows = [["Сведения о несовершеннолетних"], ["на 01.01.2025"], [], *RU_ROWS, ["Итого"]]
    return xlsx_bytes([("Лист1", rows)], merge={"Лист1": "A1:G1"})


def _dates() -> bytes:
    start = datetime.date(2008, 1, 1)
    born = [start + datetime.timedelta(days=37 * i) for i in range(N)]
    rows = [RU_HEADER + ["Дата рождения"]] + [
        r + [d] for r, d in zip(RU_ROWS[1:], born, strict=True)
    ]
    return xlsx_bytes([("Лист1", rows)])


def _percent() -> bytes:
    rows = [RU_HEADER + ["Доля пропусков"]]
    rows += [r + [f"{i % 20},5%"] for i, r in enumerate(RU_ROWS[1:])]
    return csv_bytes(rows)


def _kk_text(encoding: str) -> Callable[[], bytes]:
    rows = rows_of(spelled(BASE, "иә", "жоқ"), KK)
    text = "\r\n".join(";".join(map(str, r)) for r in rows)
    return lambda: text.encode(encoding, errors="replace")


def _all_no() -> bytes:
    return csv_bytes(rows_of(spelled(BASE.assign(outcome=0), "да", "нет"), RU))


def _constant_factor() -> bytes:
    return csv_bytes(rows_of(spelled(BASE.assign(family=0), "да", "нет"), RU))


def _two_level() -> bytes:
    top = ["Район", "Пол", "Возраст", "Факторы риска", None, None, "Правонарушение"]
    second = [None, None, None, "Прогулы", "Неполная семья", "Друзья-правонарушители", None]
    return xlsx_bytes([("Лист1", [top, second, *RU_ROWS[1:]])])


TOTALS_BY_DISTRICT = (34, 61, 94, 95)  # 32, 26 and 32 teenagers, a subtotal after each, a total
CORPUS: dict[str, Shape] = {
    "titles, a comma in the title, cp1251, «Итого»": Shape(
        "svedeniya.csv", _titled_cp1251, header_row=3, rows=N + 1, totals=(94,)
    ),
    "«Примечание»/«Источник» under the table": Shape(
        "report.csv", _footer, warnings=("ingest.footer_dropped",)
    ),
    "a signature under an empty row": Shape(
        "report.csv", _signature, warnings=("ingest.footer_dropped",)
    ),
    "subtotals per district (sums of 1/0) and «Всего по городу»": Shape(
        "uchet.csv",
        _subtotals(BASE, RU, "Итого по {district} району", "Всего по городу"),
        rows=N + 4,
        totals=TOTALS_BY_DISTRICT,
    ),
    "English, TRUE/FALSE in Excel, Subtotal/Total rows": Shape(
        "register.csv",
        _subtotals(spelled(BASE, "TRUE", "FALSE"), EN, "Subtotal {district}", "Total", sep=","),
        rows=N + 4,
        totals=TOTALS_BY_DISTRICT,
        outcome="offence",
        factors=EN_FACTORS,
        group="District",
    ),
    "Kazakh, иә/жоқ, «Барлығы» and «Жиыны»": Shape(
        "tizim.csv",
        _kk_totals,
        rows=N + 2,
        totals=(N + 2, N + 3),
        outcome="Құқық бұзушылық",
        factors=KK_FACTORS,
        group="Аудан",
    ),
    "«Всего» right under the header": Shape(
        "forma.csv",
        lambda: csv_bytes([RU_HEADER, ["Всего", *[""] * 6], *RU_ROWS[1:]]),
        rows=N + 1,
        totals=(2,),
    ),
    "blank rows between district blocks": Shape("blocks.csv", _blocks),
    "trailing separators (empty unnamed columns)": Shape(
        "trailing.csv", lambda: csv_bytes([r + ["", "", ""] for r in RU_ROWS])
    ),
    "1C report: UTF-16, Tab, a title line, Да/Нет": Shape("1c.txt", _one_c, header_row=3),
    "header names with line breaks and double spaces": Shape(
        "breaks.csv", _line_breaks, outcome="Правонарушение (да/нет)"
    ),
    "a column numbers row (1, 2, 3 …) under the header": Shape(
        "form.csv",
        lambda: csv_bytes([RU_HEADER, [str(i) for i in range(1, 8)], *RU_ROWS[1:]]),
        warnings=("ingest.numbering_row_dropped",),
    ),
    "+/- marks": Shape("plus.csv", _marks("+", "-")),
    "+/− with the minus sign": Shape("minus.csv", _marks("+", "\u2212")),
    "x or empty": Shape("marks.csv", _marks("x", ""), blank_rows=87),
    "Иә/Жоқ capitalised": Shape("kk.csv", _marks("Иә", "Жоқ")),
    "1/0": Shape("digits.csv", _marks("1", "0")),
    "«Совершил правонарушение»": Shape(
        "s.csv",
        lambda: csv_bytes(
            rows_of(spelled(BASE, "да", "нет"), {**RU, "outcome": "Совершил правонарушение"})
        ),
        outcome="Совершил правонарушение",
    ),
    "all «нет»: the outcome left empty, the look-alike not taken": Shape(
        "none.csv",
        _all_no,
        outcome=None,
        note=("constant", {"column": "Правонарушение", "value": "нет"}),
        fitted_rows=None,
        error="ingest.no_outcome",
        error_step="prepare",
    ),
    "all «нет», the user picks it anyway": Shape(
        "none.csv",
        _all_no,
        outcome=None,
        note=("constant", {"column": "Правонарушение", "value": "нет"}),
        fitted_rows=None,
        error="ingest.outcome_never",
        error_step="prepare",
        error_names=("Правонарушение",),
        refit={"outcome": "Правонарушение"},
    ),
    "a school column «Жалпы білім беретін мектеп» is not a totals row": Shape(
        "mektep.csv",
        lambda: csv_bytes(
            [["Мектеп түрі", *RU_HEADER]]
            + [
                ["Жалпы білім беретін мектеп" if i % 3 else "Лицей", *r]
                for i, r in enumerate(RU_ROWS[1:])
            ],
            encoding="utf-8",
        ),
    ),
    "a constant factor is not offered": Shape(
        "const.csv", _constant_factor, factors=("Прогулы", "Друзья-правонарушители")
    ),
    "counts with «Количество»/«Всего», 1 234 with (no-break) spaces, «Итого»": Shape(
        "agg.csv",
        _counts_ru,
        rows=9,
        kind="counts",
        outcome=None,
        cases="Количество правонарушений",
        total="Всего детей",
        totals=(10,),
        group=None,
        fitted_rows=None,
    ),
    "counts with «Саны»/«Барлығы» in a workbook": Shape(
        "kesté.xlsx",
        _counts_kk,
        rows=8,
        kind="counts",
        outcome=None,
        factors=KK_FACTORS,
        cases="Саны",
        total="Барлығы",
        group=None,
        sheet="Кесте",
        fitted_rows=None,
    ),
    "a weight of fractions (survey weights) as «frequency»": Shape(
        "w.csv",
        _weights,
        weight="Вес",
        fitted_rows=None,
        error="scorecard.fractional_frequency_weight",
        error_step="fit",
        error_names=("0.5",),
    ),
    "a weight of fractions, read as survey weights": Shape(
        "w.csv", _weights, weight="Вес", refit={"weights": "survey"}
    ),
    "a whole-number weight": Shape("w.xlsx", _whole_weights, weight="Вес", sheet="Лист1"),
    "a cover sheet first, the data on sheet 2": Shape("book.xlsx", _cover, sheet="Данные"),
    "a hidden lookup sheet first": Shape("book.xlsx", _hidden, sheet="Данные"),
    "two title rows, a merged title cell, an empty row, «Итого»": Shape(
        "merged.xlsx", _merged_title, header_row=4, rows=N + 1, totals=(95,), sheet="Лист1"
    ),
    "dates in a column": Shape("dates.xlsx", _dates, sheet="Лист1"),
    "a percent column «12,5%»": Shape("pct.csv", _percent),
    "a CSV named .xlsx": Shape("renamed.xlsx", lambda: csv_bytes(RU_ROWS)),
    "an .xlsx named .csv": Shape(
        "renamed.csv", lambda: xlsx_bytes([("Лист1", RU_ROWS)]), sheet="Лист1"
    ),
    "an old .xls (BIFF)": Shape("old.xls", lambda: xls_bytes(RU_ROWS), sheet="Лист1"),
    "Kazakh in KZ-1048": Shape(
        "kz1048.csv",
        _kk_text("kz1048"),
        outcome="Құқық бұзушылық",
        factors=KK_FACTORS,
        group="Аудан",
    ),
    "Kazakh saved in cp1251: letters lost, said so, no outcome guessed": Shape(
        "lost.csv",
        _kk_text("cp1251"),
        outcome=None,
        factors=None,
        group="Аудан",
        warnings=("ingest.lost_letters",),
        fitted_rows=None,
        error="ingest.no_outcome",
        error_step="prepare",
    ),
    "10 rows": Shape(
        "small.csv",
        lambda: csv_bytes(rows_of(spelled(records(10, 3), "да", "нет"), RU)),
        rows=10,
        fitted_rows=10,
    ),
    "an empty file": Shape(
        "empty.csv",
        lambda: b"",
        rows=None,
        outcome=None,
        factors=None,
        group=None,
        fitted_rows=None,
        error="ingest.empty_file",
        error_step="header",
        error_names=("empty.csv",),
    ),  # fmt: skip
    "only a header": Shape(
        "header.csv",
        lambda: csv_bytes([RU_HEADER]),
        rows=None,
        outcome=None,
        factors=None,
        group=None,
        fitted_rows=None,
        error="ingest.no_rows",
        error_step="header",
    ),  # fmt: skip
    "duplicate column names": Shape(
        "dup.csv",
        lambda: csv_bytes(
            [
                ["Район", "Прогулы", "Прогулы", "Правонарушение"],
                *[r[:2] + r[3:4] + r[6:] for r in RU_ROWS[1:]],
            ]
        ),
        rows=None,
        outcome=None,
        factors=None,
        group=None,
        fitted_rows=None,
        error="ingest.duplicate_columns",
        error_step="header",
        error_names=("Прогулы",),
    ),  # fmt: skip
    "a two-level header (merged «Факторы риска»)": Shape(
        "two.xlsx",
        _two_level,
        rows=None,
        outcome=None,
        factors=None,
        group=None,
        fitted_rows=None,
        error="ingest.unnamed_column",
        error_step="header",
        error_names=("E", "Факторы риска"),
    ),  # fmt: skip
}


@pytest.mark.parametrize("label", list(CORPUS))
def test_each_export_shape_is_read_or_refused_as_a_person_would(label):
    shape = CORPUS[label]
    out = run(shape.build(), shape.filename, **shape.refit)
    if shape.error is not None:
        assert out.error is not None, f"{label}: expected {shape.error}, got a result"
        assert (out.error.code, out.step) == (shape.error, shape.error_step)
        _assert_translated(out.error, shape.error_names)
    else:
        assert out.error is None, f"{label}: {out.step}: {out.error and out.error.message('en')}"
    assert out.header_row == shape.header_row
    if shape.rows is None:
        assert out.df is None
        return
    assert len(out.df) == shape.rows
    assert out.info.rows == shape.rows
    assert set(out.info.warnings) == set(shape.warnings)
    if shape.sheet is not None:
        assert out.info.sheet == shape.sheet
    assert tuple(out.totals) == shape.totals
    roles = out.roles
    assert roles.kind == shape.kind
    assert roles.outcome == shape.outcome
    assert roles.note == shape.note
    if shape.factors is not None:
        assert roles.factors == shape.factors
    assert (roles.weight, roles.cases, roles.total) == (shape.weight, shape.cases, shape.total)
    assert roles.group == shape.group
    assert out.blank_rows == shape.blank_rows
    assert roles.outcome != "Друзья-правонарушители"
    if shape.kind == "counts":
        assert out.card is not None
        assert out.card.grouped_.n == pytest.approx(
            float(37 * N if shape.filename == "agg.csv" else N)
        )
    elif shape.fitted_rows is not None:
        assert out.card is not None
        assert len(out.y) == shape.fitted_rows
        assert tuple(out.X.columns) == roles.factors


def _assert_translated(error: InputError, names: tuple[str, ...]) -> None:
    """The message exists in every language, is filled in and names what it is about."""
    texts = {lang: error.message(lang) for lang in ("kk", "ru", "en")}
    assert len(set(texts.values())) == 3, texts
    for lang, text in texts.items():
        assert t(f"errors.{error.code}", lang) != f"errors.{error.code}"
        assert "{" not in text, (lang, text)
        for name in names:
            assert name in text, (lang, name, text)


def test_the_corpus_is_varied():
    """~40 shapes, in every format the page takes and every encoding offices use."""
    assert len(CORPUS) >= 30
    formats = {shape.filename.rsplit(".", 1)[-1] for shape in CORPUS.values()}
    assert formats == {"csv", "txt", "xlsx", "xls"}


def test_a_footer_and_a_column_numbers_row_say_so_in_every_language():
    for code in ("ingest.footer_dropped", "ingest.numbering_row_dropped"):
        texts = {lang: t(f"errors.{code}", lang) for lang in ("kk", "ru", "en")}
        assert len(set(texts.values())) == 3 and all(f"errors.{code}" != v for v in texts.values())


def test_row_numbers_still_point_at_the_spreadsheet_after_blank_rows_are_left_out():
    df = ingest.read_table(_blocks(), "blocks.csv")
    # 32 Алмалинский rows (2–33), a blank row 34, then Бостандыкский from row 35.
    assert ingest.row_numbers(df, (df["Район"] == "Бостандыкский").to_numpy())[0] == 35
    with pytest.raises(InputError) as caught:
        ingest.prepare(
            df.assign(Прогулы=df["Прогулы"].where(df.index != 40)), "Правонарушение", ["Прогулы"]
        )
    assert "42" in caught.value.message("ru")  # position 40 is row 42: the blank row counts


def test_totals_rows_left_in_are_refused_naming_the_row():
    data = _titled_cp1251()
    df = ingest.read_table(data, "svedeniya.csv", header_row=3)
    with pytest.raises(InputError) as caught:
        ingest.prepare(df, "Правонарушение", list(RU_FACTORS))
    assert caught.value.code == "ingest.missing_values"
    assert "94" in caught.value.message("kk")


def test_the_header_search_reads_only_the_first_rows():
    """Each candidate header is judged on 200 rows: a long file is not read 13 times over."""
    body = "\r\n".join(";".join(map(str, r)) for r in RU_ROWS[1:] * 300)
    data = (
        "Сведения о детях, состоящих на учёте\r\n\r\n" + ";".join(RU_HEADER) + "\r\n" + body
    ).encode("cp1251")
    assert shapes.find_header_row(data, "big.csv") == (3, None)
    df = ingest.read_table(data, "big.csv", header_row=3, max_rows=200)
    assert len(df) == 200


def test_a_very_repetitive_cp1251_file_is_still_read_as_text():
    """Found by the property below: charset-normalizer gives no verdict for a long column of
    the same few Cyrillic words, and the file was refused as "not a table". Windows-1251 is
    then tried (and must still decode into text that does not look binary)."""
    names = ["Графа ааа", "Графа ааб", "Графа аав", "Да или нет", "Число"]
    data = csv_bytes([names] + [["Ааа", "ааа", "ааа", "да", 0]] * 40, sep="\t")
    assert shapes.find_header_row(data, "t.csv") == (None, None)
    df = ingest.read_table(data, "t.csv")
    assert list(df.columns) == names and len(df) == 40
    assert set(df["Да или нет"]) == {"да"}


# --------------------------------------------------------------------------------------------
# the property: titles above and a totals row below never change the data read

# A word of a data cell: never a totals label itself ("всего" can be spelt in this alphabet).
_WORD = st.text(alphabet="абвгдежзиклмнопрстуфэюя", min_size=3, max_size=9).filter(
    lambda w: not w.startswith(("всего", "итог", "сумма"))
)
_TITLE = st.builds(
    lambda a, b, c: f"Сведения о {a}, {b} {c}",
    _WORD,
    _WORD,
    st.sampled_from(["", "2024 г.", "на 01.01.2025"]),
)


@st.composite
def exports(draw):
    n_cols = draw(st.integers(2, 6))
    n_rows = draw(st.integers(2, 25))
    # Column names are not values of the table (a header never repeats in its column).
    names = draw(
        st.lists(_WORD.map(lambda w: "Графа " + w), min_size=n_cols, max_size=n_cols, unique=True)
    )
    kinds = [draw(st.sampled_from(["word", "yes_no", "int"])) for _ in range(n_cols - 1)]
    data = [[draw(_WORD).capitalize() for _ in range(n_rows)]]
    for kind in kinds:
        if kind == "word":
            column = [draw(_WORD) for _ in range(n_rows)]
        elif kind == "yes_no":
            column = [draw(st.sampled_from(["да", "нет"])) for _ in range(n_rows)]
        else:
            column = [draw(st.integers(0, 5000)) for _ in range(n_rows)]
        data.append(column)
    rows = [list(r) for r in zip(*data, strict=True)]
    titles = draw(st.lists(_TITLE, max_size=3))
    gap = draw(st.booleans()) and bool(titles)
    totals = None
    if draw(st.booleans()):
        label = draw(
            st.sampled_from(["Итого", "Всего", "Барлығы", "Жиыны", "Total", "Итого по району"])
        )
        totals = [label] + [
            sum(c) if k == "int" else "" for k, c in zip(kinds, data[1:], strict=True)
        ]
    fmt = draw(st.sampled_from(["csv", "xlsx"]))
    sep = draw(st.sampled_from([";", ",", "\t"]))
    encoding = draw(st.sampled_from(["cp1251", "utf-8", "utf-8-sig", "utf-16"]))
    if totals is not None and encoding == "cp1251" and "ғ" in totals[0]:
        encoding = "utf-8"  # Windows-1251 has no ғ (the lost-letters shape is in the corpus)
    return names, rows, titles, gap, totals, fmt, sep, encoding


def _same(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(exports())
def test_titles_above_and_a_totals_row_below_leave_the_data_as_it_was(export):
    names, rows, titles, gap, totals, fmt, sep, encoding = export
    grid = [[title] for title in titles] + ([[]] if gap else []) + [names, *rows]
    if totals is not None:
        grid.append(totals)
    if fmt == "xlsx":
        data, filename = xlsx_bytes([("Лист1", grid)]), "t.xlsx"
    else:
        data, filename = csv_bytes(grid, sep=sep, encoding=encoding), "t.csv"
    row, error = shapes.find_header_row(data, filename)
    assert error is None
    assert row == (len(titles) + gap + 1 if titles else None)
    df = ingest.read_table(data, filename, header_row=row)
    df = df.loc[~shapes.totals_rows(df)]
    assert list(df.columns) == names
    got = [[_same(v) for v in r] for r in df.to_numpy().tolist()]
    assert got == [[_same(v) for v in r] for r in rows]
