"""Read a regional office's anonymised table from bytes and turn it into 0/1 model inputs.

Two steps, both in memory (nothing is ever written to disk, not even a temporary file):

1. :func:`read_table` turns the uploaded bytes (CSV/TSV/TXT or XLSX/XLS/XLSB/ODS) into a
   :class:`pandas.DataFrame`. Text files may be UTF-8 (with or without BOM), UTF-16 (with a BOM,
   or without one when the byte pattern shows it) or a Cyrillic Windows code page; the encoding
   is found with charset-normalizer after a strict UTF-8 attempt, and Windows-1251 text that
   uses the Kazakh letters of KZ-1048 (ә ғ қ ң ө ұ ү һ, which Windows-1251 lacks) is read as
   KZ-1048. The delimiter (``;`` ``,`` Tab ``|``) and a decimal comma are detected from a sample.
2. :func:`prepare` (record-level rows) and :func:`prepare_grouped` (one row per factor pattern
   with case and total counts) check the chosen columns and return 0/1 arrays.

Every problem with the user's file is an :class:`~riskexplorer.errors.InputError` whose code
lives under ``errors.ingest`` in the locale files and says what is wrong, where and what to do.

Row numbers in messages are the numbers a spreadsheet shows: the header is row 1, so the data
row at position ``i`` (0-based) is row ``i + 2``. When blank rows above the header were skipped,
``TableInfo.first_row`` (also in ``df.attrs["riskexplorer"]["first_row"]``) says which row holds
the first data row, and messages use it.
"""

from __future__ import annotations

import codecs
import csv
import io
import math
import re
import unicodedata
import warnings
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd
import python_calamine
from charset_normalizer import from_bytes

from riskexplorer.errors import InputError

__all__ = [
    "MAX_BYTES",
    "SPREADSHEET_EXTENSIONS",
    "TEXT_EXTENSIONS",
    "TableInfo",
    "list_sheets",
    "prepare",
    "prepare_grouped",
    "read_table",
    "read_table_with_info",
    "row_numbers",
    "suggest_columns",
    "to_binary",
]

MAX_BYTES = 50 * 1024 * 1024
TEXT_EXTENSIONS = (".csv", ".tsv", ".tab", ".txt")
SPREADSHEET_EXTENSIONS = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")
DELIMITERS = (";", ",", "\t", "|")
ATTRS_KEY = "riskexplorer"

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_BOMS = (  # longest first: the UTF-32 LE BOM begins with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Single-byte code pages charset-normalizer may choose between. Limiting the search to what
# offices in Kazakhstan actually produce keeps short Russian files from being read as, say,
# Mac Cyrillic or a Japanese code page (both happen without the limit).
_CODEPAGES = ["cp1251", "kz1048", "cp866", "koi8_r", "cp1252"]
# Bytes that Windows-1251 maps to Serbian/Macedonian/Ukrainian letters and KZ-1048 maps to
# Kazakh ones (қ һ ұ ә ө ғ ү ң …). In data from Kazakhstan they mean KZ-1048.
_KZ1048_BYTES = re.compile(rb"[\x8d\x8e\x9d\x9e\xa1\xa2\xa3\xa5\xaa\xaf\xb4\xba\xbc\xbd\xbe\xbf]")
_CYRILLIC = "А-Яа-яЁёІі"
# A "?" between Cyrillic letters (or starting a Cyrillic word): a Kazakh letter that was lost
# when the file was saved in Windows-1251 ("?аза?стан").
_LOST_LETTER = re.compile(rf"[{_CYRILLIC}]\?[{_CYRILLIC}]|(?:^|[\s;,|\"])\?[{_CYRILLIC}]")
_BLANK_LINE = re.compile(r"[ \t;,|\u00a0]*")
_SAMPLE_CHARS = 64 * 1024
_SNIFF_CHARS = 16 * 1024
_DETECT_BYTES = 1024 * 1024
_SPACES = "[ \u00a0\u202f]"
_NOT_TEXT = {"Cc", "Cn", "Co", "Cs"}  # control, unassigned, private use, surrogate


@dataclass(frozen=True)
class TableInfo:
    """How a file was read, for the preview: format, encoding, delimiter, decimal mark, sheet.

    ``first_row`` is the spreadsheet row number of the first data row (2 when the header is in
    row 1). ``warnings`` holds codes under ``errors.ingest`` for advice that does not stop the
    upload (e.g. ``"ingest.lost_letters"``); show them with ``t("errors." + code, lang)``.
    """

    format: str  # "text" or "spreadsheet"
    encoding: str | None = None
    delimiter: str | None = None
    decimal: str | None = None
    sheet: str | None = None
    sheets: tuple[str, ...] = ()
    first_row: int = 2
    rows: int = 0
    columns: int = 0
    warnings: tuple[str, ...] = field(default_factory=tuple)


# --------------------------------------------------------------------------------------------
# read_table


def read_table(
    data: bytes,
    filename: str,
    *,
    sheet: str | int | None = None,
    max_bytes: int = MAX_BYTES,
    header_row: int | None = None,
) -> pd.DataFrame:
    """Read an uploaded CSV/TSV/TXT or spreadsheet from bytes into a DataFrame.

    Parameters
    ----------
    data
        The file's bytes (e.g. ``UploadedFile.getvalue()``).
    filename
        The file's name; its extension chooses text or spreadsheet (the content is checked too,
        so an Excel file renamed ``.csv`` or a CSV named ``.xls`` is still read).
    sheet
        Spreadsheets only: a sheet name, or a 0-based position among worksheets. ``None`` reads
        the first visible sheet. Ignored for text files.
    max_bytes
        Larger files are refused with ``ingest.too_large``.
    header_row
        The row (as the spreadsheet numbers it, from 1) that holds the column names, when title
        rows stand above it; ``None`` takes the first non-blank row.
        :func:`riskexplorer.shapes.find_header_row` guesses it.

    Returns
    -------
    pandas.DataFrame
        Header names stripped of spaces, empty trailing rows and nameless empty columns
        dropped. ``df.attrs["riskexplorer"]`` holds the :class:`TableInfo` fields as a dict.

    Raises
    ------
    InputError
        For every problem with the file; no other exception escapes for any bytes.

    Examples
    --------
    >>> df = read_table("возраст;пол\\n14;м\\n".encode("cp1251"), "a.csv")
    >>> df.attrs["riskexplorer"]["encoding"], list(df.columns)
    ('cp1251', ['возраст', 'пол'])
    """
    return read_table_with_info(
        data, filename, sheet=sheet, max_bytes=max_bytes, header_row=header_row
    )[0]


def read_table_with_info(
    data: bytes,
    filename: str,
    *,
    sheet: str | int | None = None,
    max_bytes: int = MAX_BYTES,
    header_row: int | None = None,
) -> tuple[pd.DataFrame, TableInfo]:
    """Like :func:`read_table`, also returning the :class:`TableInfo` for the preview."""
    data = _as_bytes(data)
    if sheet is not None and (isinstance(sheet, bool) or not isinstance(sheet, str | int)):
        raise TypeError("sheet must be a sheet name, a 0-based position or None")
    try:
        df, info = _read(data, filename, sheet, max_bytes, header_row)
    except InputError:
        raise
    except BaseException as exc:  # the guard: a Rust panic in calamine is a BaseException
        if isinstance(exc, KeyboardInterrupt | SystemExit | GeneratorExit):
            raise
        raise InputError("ingest.unreadable", filename=filename, detail=type(exc).__name__) from exc
    df.attrs[ATTRS_KEY] = asdict(info)
    return df, info


def list_sheets(data: bytes, filename: str) -> list[str]:
    """Worksheet names of a spreadsheet in file order; ``[]`` for a text file."""
    data = _as_bytes(data)
    try:
        kind = _kind(data, filename)
        if kind != "spreadsheet":
            return []
        names, _ = _worksheets(_open_workbook(data, filename))
        return names
    except InputError:
        raise
    except BaseException as exc:
        if isinstance(exc, KeyboardInterrupt | SystemExit | GeneratorExit):
            raise
        raise InputError("ingest.unreadable", filename=filename, detail=type(exc).__name__) from exc


def _as_bytes(data: Any) -> bytes:
    if isinstance(data, bytes):
        return data
    if isinstance(data, bytearray | memoryview):
        return bytes(data)
    raise TypeError(f"read_table expects the file's bytes, got {type(data).__name__}")


def _read(
    data: bytes,
    filename: str,
    sheet: str | int | None,
    max_bytes: int,
    header_row: int | None = None,
) -> tuple[pd.DataFrame, TableInfo]:
    if len(data) > max_bytes:
        raise InputError(
            "ingest.too_large",
            filename=filename,
            size_mb=_megabytes(len(data)),
            limit_mb=_megabytes(max_bytes),
        )
    if not data.strip(b" \t\r\n\x00\x1a") or data in {bom for bom, _ in _BOMS}:
        raise InputError("ingest.empty_file", filename=filename)
    kind = _kind(data, filename)
    if header_row is not None and (
        isinstance(header_row, bool) or not isinstance(header_row, int) or header_row < 1
    ):
        raise InputError("ingest.header_row_out_of_range", row=str(header_row), rows="—")
    if kind == "spreadsheet":
        return _read_spreadsheet(data, filename, sheet, header_row)
    return _read_text(data, filename, renamed=kind == "text-in-spreadsheet", header_row=header_row)


def _megabytes(n: int) -> str:
    return f"{n / (1024 * 1024):.1f}"


def _extension(filename: str) -> str:
    name = (filename or "").strip().lower()
    dot = name.rfind(".")
    return name[dot:] if dot > 0 or (dot == 0 and len(name) > 1) else ""


def _kind(data: bytes, filename: str) -> str:
    """``"spreadsheet"``, ``"text"`` or ``"text-in-spreadsheet"`` (a CSV named ``.xls``)."""
    ext = _extension(filename)
    container = data.startswith(_ZIP_MAGIC) or data.startswith(_OLE_MAGIC)
    if ext in SPREADSHEET_EXTENSIONS:
        return "spreadsheet" if container else "text-in-spreadsheet"
    if ext in TEXT_EXTENSIONS or ext == "":
        return "spreadsheet" if container else "text"
    raise InputError(
        "ingest.unsupported_format",
        filename=filename,
        extension=ext or "—",
        supported=", ".join(TEXT_EXTENSIONS + SPREADSHEET_EXTENSIONS),
    )


# --------------------------------------------------------------------------------------------
# text files


def _read_text(
    data: bytes, filename: str, *, renamed: bool, header_row: int | None = None
) -> tuple[pd.DataFrame, TableInfo]:
    try:
        text, encoding = _decode(data, filename)
    except InputError:
        if renamed:  # named .xlsx/.xls/.ods but neither a workbook nor text
            raise InputError("ingest.corrupt_spreadsheet", filename=filename) from None
        raise
    if renamed and re.match(r"\s*<(!doctype|html|table|\?xml)", text[:2000], re.IGNORECASE):
        raise InputError("ingest.html_table", filename=filename)
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff").rstrip("\x1a")
    lines = text.split("\n", 1000)  # enough to count leading blank lines cheaply
    skipped = 0
    while skipped < len(lines) - 1 and _BLANK_LINE.fullmatch(lines[skipped]):
        skipped += 1
    if header_row is not None:  # title rows above the header: the user (or shapes.py) chose
        if header_row > len(lines) - 1:
            raise InputError("ingest.header_row_out_of_range", row=header_row, rows=len(lines))
        skipped = header_row - 1
    body = text.split("\n", skipped)[-1] if skipped else text
    body = _strip_trailing_blank_lines(body)
    if not body.strip():
        raise InputError("ingest.empty_file", filename=filename)

    sample = _sample(body)
    delimiter = _detect_delimiter(sample, _extension(filename))
    decimal = _detect_decimal(sample, delimiter)
    first_row = skipped + 2
    header = _raw_header(body, delimiter)
    notes = ("ingest.lost_letters",) if _LOST_LETTER.search(text[:_DETECT_BYTES]) else ()
    # From here on only UTF-8 bytes are kept: the decoded text of a Cyrillic file costs twice
    # its size in memory, and the parser does not need it.
    encoded = body.encode("utf-8")
    del text, body, lines
    df = _parse_delimited(encoded, delimiter, decimal, header, first_row, filename)
    if header is None or len(header) != df.shape[1]:
        header = [_pandas_name(c) for c in df.columns]
    df.columns = range(df.shape[1])
    df = _checked_shape(
        _tidy(df, header),
        filename,
        lambda column: InputError(
            "ingest.single_column",
            column=column,
            delimiter=_delimiter_label(delimiter),
            tried=", ".join(_delimiter_label(d) for d in DELIMITERS),
        ),
    )
    df = _numbers_from_text(df, decimal)
    info = TableInfo(
        format="text",
        encoding=encoding,
        delimiter=delimiter,
        decimal=decimal,
        first_row=first_row,
        rows=len(df),
        columns=df.shape[1],
        warnings=notes,
    )
    return df, info


def _checked_shape(
    df: pd.DataFrame, filename: str, single_column: Callable[[str], InputError]
) -> pd.DataFrame:
    """``df`` if it has rows and at least two columns; else the error that says which is missing
    (``single_column`` builds the one-column message, which differs for text and sheets)."""
    if len(df) == 0:
        raise InputError("ingest.no_rows", filename=filename, columns=df.shape[1])
    if df.shape[1] == 0:
        raise InputError("ingest.no_columns", filename=filename)
    if df.shape[1] == 1:
        raise single_column(_short(df.columns[0]))
    return df


def _decode(data: bytes, filename: str) -> tuple[str, str]:
    """The text and the name of its encoding; refuses binary content."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return _checked_text(data[len(bom) :], name.removesuffix("-sig"), filename), name
    utf16 = _utf16_without_bom(data)
    if utf16:
        try:
            return _checked_text(data, utf16, filename), utf16
        except InputError:
            pass
    if b"\x00" not in data:
        try:
            return _checked_text(data, "utf-8", filename), "utf-8"
        except InputError:
            pass
    for payload in (data[:_DETECT_BYTES], data):
        match = from_bytes(payload, cp_isolation=_CODEPAGES).best()
        if match is None:
            break
        encoding = codecs.lookup(match.encoding).name
        if encoding in {"cp1251", "kz1048"}:
            encoding = "kz1048" if _KZ1048_BYTES.search(data) else "cp1251"
        try:
            return _checked_text(data, encoding, filename), encoding
        except InputError:
            if len(payload) == len(data):
                break
    raise InputError("ingest.binary", filename=filename)


def _checked_text(data: bytes, encoding: str, filename: str) -> str:
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        raise InputError("ingest.binary", filename=filename) from None
    if _looks_binary(text):
        raise InputError("ingest.binary", filename=filename)
    return text


def _utf16_without_bom(data: bytes) -> str | None:
    """``"utf-16-le"``/``"utf-16-be"`` when every other byte is 0x00 or 0x04 (ASCII, Cyrillic)."""
    head = data[:4096]
    if len(head) < 4 or len(data) % 2:
        return None
    even, odd = head[0::2], head[1::2]

    def high_share(part: bytes) -> float:
        return sum(b in (0, 4) for b in part) / len(part)

    le, be = high_share(odd), high_share(even)
    if le > 0.7 and be < 0.3 and odd.count(0) > 0:
        return "utf-16-le"
    if be > 0.7 and le < 0.3 and even.count(0) > 0:
        return "utf-16-be"
    return None


def _looks_binary(text: str) -> bool:
    """Control characters, NULs, unassigned or private code points in more than 1% of a sample."""
    sample = text[:200_000]
    if "\x00" in sample:
        return True
    bad = sum(
        1
        for ch in sample
        if (ch < " " and ch not in "\t\n\r\x0c\x1a")
        or ch == "\ufffd"
        or (ch >= "\u0080" and unicodedata.category(ch) in _NOT_TEXT)
    )
    return bad > 0.01 * len(sample)


def _strip_trailing_blank_lines(body: str) -> str:
    """``body`` without blank lines at its end, ending in one newline.

    Works backwards from the end, one line at a time, so a large file is not split into a list
    of a million lines (and joined again) just to look at its last few.
    """
    end = len(body.rstrip("\n"))
    while end > 0:
        start = body.rfind("\n", 0, end) + 1
        if start == 0 or not _BLANK_LINE.fullmatch(body, start, end):
            break
        end = len(body[:start].rstrip("\n")) if start else 0
    trimmed = body[:end] + "\n"
    return body if trimmed == body else trimmed


def _sample(body: str) -> str:
    """The first ~64k characters cut after a whole line (more if the first line is longer)."""
    if len(body) <= _SAMPLE_CHARS:
        return body
    sample = body[:_SAMPLE_CHARS]
    if "\n" not in sample:
        end = body.find("\n", _SAMPLE_CHARS)
        return body if end < 0 else body[: end + 1]
    return sample[: sample.rfind("\n") + 1]


def _records(sample: str, delimiter: str, limit: int = 200) -> list[list[str]]:
    try:
        reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
        return [record for _, record in zip(range(limit), reader, strict=False)]
    except csv.Error:
        return []


def _detect_delimiter(sample: str, extension: str) -> str:
    """The delimiter that splits the sample into the most consistent rows of 2+ columns.

    Ties go to the file's extension (``.tsv`` → Tab), then to :class:`csv.Sniffer`'s choice,
    then to the order ``;`` ``,`` Tab ``|`` (semicolons first: Excel in Russian and Kazakh
    locales saves "CSV" with semicolons because the comma is the decimal mark).
    """
    try:
        sniffed = csv.Sniffer().sniff(sample[:_SNIFF_CHARS], delimiters="".join(DELIMITERS))
        sniffed_delimiter: str | None = sniffed.delimiter
    except Exception:  # csv.Error "Could not determine delimiter", and odd inputs
        sniffed_delimiter = None
    hint = {".tsv": "\t", ".tab": "\t"}.get(extension)
    best: tuple[Any, ...] | None = None
    chosen = DELIMITERS[0]
    for order, delimiter in enumerate(DELIMITERS):
        records = [r for r in _records(sample, delimiter) if any(f.strip() for f in r)]
        if not records:
            continue
        width = len(records[0])
        rows = records[1:]
        consistent = sum(_fits(r, width) for r in rows) / len(rows) if rows else 1.0
        key = (
            width > 1,
            round(consistent, 3),
            delimiter == hint,  # a .tsv name beats the sniffer in a tie
            delimiter == sniffed_delimiter,
            width,
            -order,
        )
        if best is None or key > best:
            best, chosen = key, delimiter
    return chosen


def _fits(record: list[str], width: int) -> bool:
    return len(record) == width or (
        len(record) > width and not any(f.strip() for f in record[width:])
    )


_COMMA_DECIMAL = re.compile(rf"[-+]?(?:\d{{1,3}}(?:{_SPACES}\d{{3}})+|\d+),\d+")
_DOT_DECIMAL = re.compile(rf"[-+]?(?:\d{{1,3}}(?:{_SPACES}\d{{3}})+|\d+)\.\d+")


def _detect_decimal(sample: str, delimiter: str) -> str:
    """``","`` when numbers in the sample are written ``1,5`` and none ``1.5``."""
    comma = dot = 0
    for record in _records(sample, delimiter)[1:]:
        for value in record:
            value = value.strip()
            if _COMMA_DECIMAL.fullmatch(value):
                comma += 1
            elif _DOT_DECIMAL.fullmatch(value):
                dot += 1
    return "," if comma and not dot else "."


def _raw_header(body: str, delimiter: str) -> list[str] | None:
    """The header's names as written (pandas would rename ``a, a`` to ``a, a.1``)."""
    try:
        return next(csv.reader(io.StringIO(body, newline=""), delimiter=delimiter))
    except (csv.Error, StopIteration):
        return None


def _pandas_name(name: Hashable) -> str:
    text = str(name)
    return "" if re.fullmatch(r"Unnamed: \d+", text) else text


def _parse_delimited(
    encoded: bytes,
    delimiter: str,
    decimal: str,
    header: list[str] | None,
    first_row: int,
    filename: str,
) -> pd.DataFrame:
    options: dict[str, Any] = {
        "sep": delimiter,
        "index_col": False,
        "skip_blank_lines": False,  # keep blank rows so row numbers match the spreadsheet
        # Parse in chunks: the whole-file tokenizer peaked at ~5x the file's size. A column
        # whose chunks disagree (numbers, then words) comes out as mixed objects, which
        # prepare() maps value by value like any other.
        "low_memory": True,
        "decimal": decimal if decimal != delimiter else ".",
    }
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", pd.errors.DtypeWarning)
        warnings.simplefilter("error", pd.errors.ParserWarning)  # it means silent data loss
        # Parse from UTF-8 bytes: io.StringIO keeps 4 bytes a character, so a 40 MB Cyrillic
        # file would cost ~300 MB before pandas even starts.
        options["encoding"] = "utf-8"
        try:
            return pd.read_csv(io.BytesIO(encoded), **options)
        except pd.errors.EmptyDataError:
            raise InputError("ingest.empty_file", filename=filename) from None
        except (pd.errors.ParserError, pd.errors.ParserWarning) as exc:
            found = re.search(r"EOF inside string starting at row (\d+)", str(exc))
            if found:
                raise InputError(
                    "ingest.unclosed_quote", row=int(found.group(1)) + first_row - 1
                ) from None
            width = len(header) if header is not None else 0
            body = encoded.decode("utf-8")  # only on this error path
            ragged = _first_ragged_record(body, delimiter, width) if width else None
            if ragged is not None:
                index, count = ragged
                raise InputError(
                    "ingest.ragged_row", row=index + first_row - 1, expected=width, found=count
                ) from None
            if width:  # only empty cells past the header's last column: harmless
                options["usecols"] = range(width)
                return pd.read_csv(io.BytesIO(encoded), **options)
            raise


def _first_ragged_record(body: str, delimiter: str, width: int) -> tuple[int, int] | None:
    """(record number with the header as 0, number of filled cells) of the first long row."""
    try:
        reader = csv.reader(io.StringIO(body, newline=""), delimiter=delimiter)
        for index, record in enumerate(reader):
            if len(record) > width and any(f.strip() for f in record[width:]):
                while record and not record[-1].strip():
                    record.pop()
                return index, len(record)
    except csv.Error:
        return None
    return None


def _numbers_from_text(df: pd.DataFrame, decimal: str) -> pd.DataFrame:
    """Text columns written as numbers with a decimal comma or space thousands (1 234,5)."""
    if decimal == ",":
        pattern = re.compile(rf"[-+]?(?:\d{{1,3}}(?:{_SPACES}\d{{3}})+|\d+)(?:,\d+)?")
    else:
        pattern = re.compile(rf"[-+]?(?:\d{{1,3}}(?:{_SPACES}\d{{3}})+|\d+)(?:\.\d+)?")
    for column in df.columns:
        series = df[column]
        if not (pd.api.types.is_string_dtype(series) or series.dtype == object):
            continue
        values = series.dropna()
        if values.empty or not all(
            isinstance(v, str) and pattern.fullmatch(v.strip()) for v in values
        ):
            continue
        cleaned = series.map(
            lambda v: re.sub(_SPACES, "", v.strip()).replace(",", ".") if isinstance(v, str) else v
        )
        df[column] = pd.to_numeric(cleaned)
    return df


# --------------------------------------------------------------------------------------------
# spreadsheets


def _open_workbook(data: bytes, filename: str) -> python_calamine.CalamineWorkbook:
    try:
        return python_calamine.load_workbook(io.BytesIO(data))
    except BaseException as exc:  # CalamineError, ZipError, PasswordError, or a Rust panic
        if isinstance(exc, KeyboardInterrupt | SystemExit | GeneratorExit):
            raise
        raise InputError("ingest.corrupt_spreadsheet", filename=filename) from None


def _worksheets(book: python_calamine.CalamineWorkbook) -> tuple[list[str], str | None]:
    """All worksheet names, and the first visible one (hidden lookup sheets come first often)."""
    sheets = [s for s in book.sheets_metadata if s.typ == python_calamine.SheetTypeEnum.WorkSheet]
    names = [s.name for s in sheets]
    visible = [s.name for s in sheets if s.visible == python_calamine.SheetVisibleEnum.Visible]
    return names, (visible or names or [None])[0]


def _choose_sheet(names: list[str], default: str | None, sheet: str | int | None) -> str:
    listed = ", ".join(f'"{n}"' for n in names)
    if sheet is None:
        if default is None:
            raise InputError("ingest.empty_sheet", sheet="—")
        return default
    if isinstance(sheet, int):
        if 0 <= sheet < len(names):
            return names[sheet]
        raise InputError("ingest.sheet_not_found", sheet=sheet + 1, sheets=listed)
    if sheet in names:
        return sheet
    loose = [n for n in names if n.strip().casefold() == sheet.strip().casefold()]
    if len(loose) == 1:
        return loose[0]
    raise InputError("ingest.sheet_not_found", sheet=sheet, sheets=listed)


def _read_spreadsheet(
    data: bytes, filename: str, sheet: str | int | None, header_row: int | None = None
) -> tuple[pd.DataFrame, TableInfo]:
    book = _open_workbook(data, filename)
    names, default = _worksheets(book)
    name = _choose_sheet(names, default, sheet)
    try:
        rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
    except BaseException as exc:
        if isinstance(exc, KeyboardInterrupt | SystemExit | GeneratorExit):
            raise
        raise InputError("ingest.corrupt_spreadsheet", filename=filename) from None
    cells = [[_cell(v) for v in row] for row in rows]
    blank = [all(v is None for v in row) for row in cells]
    start = next((i for i, b in enumerate(blank) if not b), None)
    if start is None:
        raise InputError("ingest.empty_sheet", sheet=name)
    if header_row is not None:  # title rows above the header
        if header_row > len(cells) or blank[header_row - 1]:
            raise InputError("ingest.header_row_out_of_range", row=header_row, rows=len(cells))
        start = header_row - 1
    end = len(cells) - next(i for i, b in enumerate(reversed(blank)) if not b)
    width = max(len(row) for row in cells[start:end])
    header = [_header_text(v) for v in cells[start]] + [""] * (width - len(cells[start]))
    body = [row + [None] * (width - len(row)) for row in cells[start + 1 : end]]
    df = pd.DataFrame(body, columns=range(width), dtype=object).infer_objects()
    for column in df.columns:  # None → NaN, as in a CSV
        if df[column].dtype == np.dtype(object):
            df[column] = df[column].where(df[column].notna(), np.nan)
    df = _checked_shape(
        _tidy(df, header),
        filename,
        lambda column: InputError("ingest.single_column_sheet", column=column, sheet=name),
    )
    info = TableInfo(
        format="spreadsheet",
        sheet=name,
        sheets=tuple(names),
        first_row=start + 2,
        rows=len(df),
        columns=df.shape[1],
    )
    return df, info


def _cell(value: Any) -> Any:
    """A calamine cell as pandas reads it: ``None`` for empty, whole floats as ints."""
    if isinstance(value, str):
        return value if value.strip() else None
    if isinstance(value, float):
        if math.isnan(value):
            return None
        return int(value) if value.is_integer() else value
    if isinstance(value, date) and not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day)
    return value


def _header_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime) and value == datetime(value.year, value.month, value.day):
        return value.date().isoformat()
    return str(value)


# --------------------------------------------------------------------------------------------
# shared clean-up


def _tidy(df: pd.DataFrame, header: list[str]) -> pd.DataFrame:
    """Name columns, drop nameless empty columns and empty trailing rows, refuse bad headers."""
    names = [" ".join(str(h).split()) if h is not None else "" for h in header]
    empty = [_is_blank_column(df[i]) for i in range(df.shape[1])]
    for i, name in enumerate(names):
        if not name and not empty[i]:
            previous = next((n for n in reversed(names[:i]) if n), "—")
            raise InputError(
                "ingest.unnamed_column",
                position=i + 1,
                letter=_column_letter(i),
                previous=_short(previous),
            )
    keep = [i for i, name in enumerate(names) if name]
    df = df.iloc[:, keep]
    names = [names[i] for i in keep]
    repeated = [name for name, n in Counter(names).items() if n > 1]
    if repeated:
        raise InputError(
            "ingest.duplicate_columns", names=", ".join(f'"{_short(n)}"' for n in repeated)
        )
    df.columns = names
    filled = ~df.isna().all(axis=1).to_numpy()
    last = int(np.flatnonzero(filled)[-1]) + 1 if filled.any() else 0
    return df.iloc[:last].reset_index(drop=True)


def _is_blank_column(series: pd.Series) -> bool:
    values = series.dropna()
    return all(isinstance(v, str) and not v.strip() for v in values)


def _column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA: the column letter a spreadsheet shows."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _delimiter_label(delimiter: str) -> str:
    return "Tab" if delimiter == "\t" else f'"{delimiter}"'


def _short(value: Any, limit: int = 60) -> str:
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --------------------------------------------------------------------------------------------
# yes/no values

# fmt: off
_YES = {
    "1", "true", "yes", "y", "да", "д", "истина", "иә", "ия", "ақиқат",
    "иа",  # иә typed on a Russian keyboard
    "и?",  # иә saved in Windows-1251, which has no ә
}
_NO = {
    "0", "false", "no", "n", "нет", "н", "ложь", "жоқ", "жалған",
    "жок",  # жоқ typed on a Russian keyboard
    "жо?",  # жоқ saved in Windows-1251, which has no қ
}
# fmt: on
_MISSING = object()
_BAD = object()


def _yes_no(value: Any) -> Any:
    """1, 0, ``_MISSING`` or ``_BAD`` for one cell."""
    if value is None or value is pd.NA or value is pd.NaT:
        return _MISSING
    if isinstance(value, bool | np.bool_):
        return int(value)
    if isinstance(value, int | float | np.integer | np.floating):
        if math.isnan(value):
            return _MISSING
        return int(value) if value in (0, 1) else _BAD
    if isinstance(value, str):
        token = " ".join(unicodedata.normalize("NFKC", value).split()).casefold()
        if not token:
            return _MISSING
        if token in _YES:
            return 1
        if token in _NO:
            return 0
        try:
            number = float(token.replace(",", "."))
        except ValueError:
            return _BAD
        return int(number) if number in (0, 1) else _BAD
    return _BAD


def to_binary(series: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(0/1 values as uint8, missing mask, not-yes/no mask) for one column.

    Accepted, in any case and with stray spaces: 1/0, 1.0/0.0, true/false, yes/no, y/n,
    да/нет, д/н, истина/ложь (Russian Excel), иә/жоқ, ия/жоқ, ақиқат/жалған (Kazakh Excel), and
    жок/иа/жо?/и? (Kazakh typed without Kazakh letters or saved in Windows-1251).
    """
    values = np.zeros(len(series), dtype=np.uint8)
    if pd.api.types.is_bool_dtype(series.dtype) and not series.hasnans:
        return series.to_numpy(dtype=np.uint8), np.zeros(len(series), bool), values.astype(bool)
    missing = series.isna().to_numpy()
    bad = np.zeros(len(series), dtype=bool)
    if pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(series.dtype):
        numbers = series.to_numpy(dtype=float, na_value=np.nan)
        bad = ~missing & ~np.isin(numbers, (0.0, 1.0))
        values[~missing & ~bad] = numbers[~missing & ~bad].astype(np.uint8)
        return values, missing, bad
    codes, uniques = pd.factorize(series, use_na_sentinel=True)  # one lookup per distinct value
    meaning = [_yes_no(u) for u in uniques]
    table = np.array([2 if m is _MISSING else 3 if m is _BAD else m for m in meaning] + [2])
    decoded = table[codes]  # the sentinel -1 picks the trailing 2: missing
    missing = decoded == 2
    bad = decoded == 3
    values = np.where(missing | bad, 0, decoded).astype(np.uint8)
    return values, missing, bad


# --------------------------------------------------------------------------------------------
# prepare


def prepare(
    df: pd.DataFrame,
    outcome: str,
    factors: Sequence[str],
    weight: str | None = None,
    *,
    blanks: str | None = None,
) -> tuple[pd.DataFrame, np.ndarray, np.ndarray | None]:
    """Check record-level columns and return ``(X, y, w)`` for the scorecard.

    Parameters
    ----------
    df
        One row per record (e.g. per child or per case file), as read by :func:`read_table`.
    outcome
        A yes/no column: did the outcome happen for this record.
    factors
        Yes/no columns to score (see :func:`to_binary` for the accepted spellings).
    weight
        Optional column of non-negative weights (how many records a row stands for, or a survey
        weight; fractions are allowed, negative or non-numeric values are not).
    blanks
        Empty factor cells: ``None`` refuses them (naming the rows), ``"no"`` reads them as "no",
        ``"drop"`` leaves those rows out (:func:`riskexplorer.shapes.fill_blanks`).

    Returns
    -------
    X : pandas.DataFrame
        ``uint8`` 0/1 columns named as the factors, indexed like ``df``.
    y : numpy.ndarray
        ``uint8`` 0/1 outcome.
    w : numpy.ndarray or None
        ``float64`` weights, or ``None`` without a weight column.

    Raises
    ------
    InputError
        With the column, a few spreadsheet row numbers (header = row 1) and the fix.
    """
    if _unchosen(outcome):
        raise InputError("ingest.no_outcome")
    factors = _factor_list(factors)
    weight = None if _unchosen(weight) else weight
    _check_roles(df, [outcome, *factors] + ([weight] if weight is not None else []))
    if blanks is not None:
        from riskexplorer.shapes import fill_blanks

        df = fill_blanks(df, factors, blanks)
    if len(df) == 0:
        raise InputError("ingest.no_rows", filename="", columns=df.shape[1])
    y = _binary_or_raise(df, outcome)
    X = pd.DataFrame({f: _binary_or_raise(df, f) for f in factors}, index=df.index)
    w = _numbers_or_raise(df, weight, whole=False) if weight is not None else None
    if w is not None and not (w > 0).any():
        raise InputError("ingest.zero_weights", column=weight)
    happened = float(np.sum(y * (w if w is not None else 1)))
    possible = float(np.sum(w)) if w is not None else float(len(y))
    _check_outcome(outcome, happened, possible)
    return X, y, w


def prepare_grouped(
    df: pd.DataFrame, factors: Sequence[str], cases: str, total: str, *, blanks: str | None = None
) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """Check an aggregated table and return ``(patterns, cases, totals)``.

    Each row of ``df`` is a combination of yes/no factors with the number of records that had
    the outcome (``cases``) out of all records with that combination (``total``). Rows with the
    same combination are added together. Patterns whose total is 0 are kept: they carry no
    weight in a fit but show the user that the combination was counted.

    Returns
    -------
    patterns : pandas.DataFrame
        ``uint8`` 0/1 columns named as the factors, one row per distinct combination.
    cases, totals : numpy.ndarray
        ``int64`` counts for each pattern.
    """
    if _unchosen(cases) or _unchosen(total):
        raise InputError("ingest.no_counts")
    factors = _factor_list(factors)
    _check_roles(df, [*factors, cases, total])
    if blanks is not None:
        from riskexplorer.shapes import fill_blanks

        df = fill_blanks(df, factors, blanks)
    if len(df) == 0:
        raise InputError("ingest.no_rows", filename="", columns=df.shape[1])
    X = pd.DataFrame({f: _binary_or_raise(df, f) for f in factors}, index=df.index)
    n_cases = _numbers_or_raise(df, cases, whole=True).astype(np.int64)
    n_total = _numbers_or_raise(df, total, whole=True).astype(np.int64)
    above = n_cases > n_total
    if above.any():
        raise InputError(
            "ingest.cases_above_total",
            cases=cases,
            total=total,
            rows=_rows_text(df, above),
            count=int(above.sum()),
        )
    _check_outcome(cases, float(n_cases.sum()), float(n_total.sum()))
    grouped = (
        X.assign(__cases=n_cases, __total=n_total)
        .groupby(factors, sort=True, as_index=False)[["__cases", "__total"]]
        .sum()
    )
    patterns = grouped[factors].astype(np.uint8).reset_index(drop=True)
    return (
        patterns,
        grouped["__cases"].to_numpy(np.int64),
        grouped["__total"].to_numpy(np.int64),
    )


def _factor_list(factors: Sequence[str] | str | None) -> list[str]:
    listed = [factors] if isinstance(factors, str) else list(factors or [])
    listed = [f for f in listed if not _unchosen(f)]
    if not listed:
        raise InputError("ingest.no_factors")
    return listed


def _unchosen(column: Any) -> bool:
    return column is None or (isinstance(column, str) and not column.strip())


def _check_roles(df: pd.DataFrame, columns: list[Any]) -> None:
    repeated = [c for c, n in Counter(columns).items() if n > 1]
    if repeated:
        raise InputError("ingest.column_reused", column=_short(repeated[0]))
    for column in columns:
        if column not in df.columns:
            available = ", ".join(f'"{_short(c, 40)}"' for c in list(df.columns)[:12])
            if df.shape[1] > 12:
                available += ", …"
            raise InputError("ingest.column_not_found", column=_short(column), available=available)


def _check_outcome(column: str, happened: float, possible: float) -> None:
    if happened <= 0:
        raise InputError("ingest.outcome_never", column=column)
    if happened >= possible:
        raise InputError("ingest.outcome_always", column=column)


def _refuse_rows(
    code: str, df: pd.DataFrame, column: str, mask: np.ndarray, *, values: bool = True
) -> None:
    """Raise ``InputError(code)`` naming the column, the first offending rows as the spreadsheet
    numbers them, how many there are and (unless ``values=False``) a few of their values."""
    if not mask.any():
        return
    params: dict[str, Any] = {
        "column": column,
        "rows": _rows_text(df, mask),
        "count": int(mask.sum()),
    }
    if values:
        params["values"] = _values_text(df[column][mask])
    raise InputError(code, **params)


def _binary_or_raise(df: pd.DataFrame, column: str) -> np.ndarray:
    series = df[column]
    values, missing, bad = to_binary(series)
    _refuse_rows("ingest.missing_values", df, column, missing, values=False)
    _refuse_rows("ingest.not_yes_no", df, column, bad)
    return values


def _numbers_or_raise(df: pd.DataFrame, column: str, *, whole: bool) -> np.ndarray:
    """Non-negative finite numbers (whole ones for counts) from a column, or an InputError."""
    series = df[column]
    missing = series.isna().to_numpy()
    if pd.api.types.is_bool_dtype(series.dtype):
        numbers = np.full(len(series), np.nan)
    elif pd.api.types.is_numeric_dtype(series.dtype):
        numbers = series.to_numpy(dtype=float, na_value=np.nan)
    else:
        numbers = pd.to_numeric(series.map(_number_text).astype(object), errors="coerce").to_numpy(
            dtype=float, na_value=np.nan
        )
        blank = series.map(lambda v: isinstance(v, str) and not v.strip()).to_numpy(dtype=bool)
        missing = missing | blank
    _refuse_rows("ingest.missing_values", df, column, missing, values=False)
    bad = ~np.isfinite(numbers)
    _refuse_rows("ingest.not_a_number", df, column, bad)
    negative = numbers < 0
    _refuse_rows("ingest.negative_number", df, column, negative)
    if whole:
        fractional = numbers != np.floor(numbers)
        _refuse_rows("ingest.fractional_count", df, column, fractional)
    return numbers


def _number_text(value: Any) -> Any:
    """``"1 234,5"`` → ``"1234.5"``; other values unchanged (``"<10"`` stays and fails)."""
    if isinstance(value, str):
        text = re.sub(_SPACES, "", value.strip())
        if re.fullmatch(r"[-+]?\d+,\d+", text):
            text = text.replace(",", ".")
        return text
    if isinstance(value, bool | np.bool_):
        return None
    return value


def row_numbers(df: pd.DataFrame, mask: Iterable[bool]) -> list[int]:
    """Spreadsheet row numbers (header = row 1) of the rows where ``mask`` is true.

    Uses the index labels when they are integers (so a filtered table still points at the
    right rows) plus ``df.attrs["riskexplorer"]["first_row"]`` (2 unless blank rows preceded
    the header); positions otherwise.
    """
    positions = np.flatnonzero(np.asarray(list(mask) if not isinstance(mask, np.ndarray) else mask))
    first_row = int(df.attrs.get(ATTRS_KEY, {}).get("first_row", 2))
    if pd.api.types.is_integer_dtype(df.index.dtype):
        return [int(df.index[p]) + first_row for p in positions]
    return [int(p) + first_row for p in positions]


def _rows_text(df: pd.DataFrame, mask: np.ndarray, limit: int = 5) -> str:
    rows = row_numbers(df, np.asarray(mask)[: len(df)])
    text = ", ".join(str(r) for r in rows[:limit])
    return text + (", …" if len(rows) > limit else "")


def _values_text(values: pd.Series, limit: int = 3) -> str:
    distinct: list[str] = []
    for value in values:
        text = _short(value.strip() if isinstance(value, str) else value, 30)
        if text not in distinct:
            distinct.append(text)
        if len(distinct) == limit:
            break
    return ", ".join(f'"{v}"' for v in distinct)


# --------------------------------------------------------------------------------------------
# suggestions for the page's defaults


def suggest_columns(df: pd.DataFrame) -> dict[str, Any]:
    """Guess defaults for the page: yes/no columns, count columns, and likely roles.

    A thin wrapper of :func:`riskexplorer.roles.guess` (the one word list). Returns a dict with
    ``"binary"``, ``"counts"``, and ``"outcome"``, ``"weight"``, ``"cases"``, ``"total"`` — a
    column whose name suggests the role as a whole word, or ``None`` (no blind guesses).
    """
    from riskexplorer import roles

    found = roles.guess(df)
    return {
        "binary": list(found.binary),
        "counts": list(found.counts),
        "outcome": found.outcome,
        "weight": found.weight,
        "cases": found.cases,
        "total": found.total,
    }
