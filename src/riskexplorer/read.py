"""Read a regional office's anonymised table from bytes, within limits that keep one upload
from taking the server down.

Everything happens in memory (nothing is ever written to disk, not even a temporary file).
:func:`read_table` turns the uploaded bytes (CSV/TSV/TXT or XLSX/XLS/XLSB/ODS) into a
:class:`pandas.DataFrame`. Text files may be UTF-8 (with or without BOM), UTF-16 (with a BOM,
or without one when the byte pattern shows it) or a Cyrillic Windows code page; the encoding
is found with charset-normalizer after a strict UTF-8 attempt, and Windows-1251 text that
uses the Kazakh letters of KZ-1048 (ә ғ қ ң ө ұ ү һ, which Windows-1251 lacks) is read as
KZ-1048. The delimiter (``;`` ``,`` Tab ``|``) and a decimal comma are detected from a sample.

Bounded reading (:class:`Limits`, one place for every limit; each refusal names its limit):

- text: a first cheap pass over the bytes (numpy, no Python object per cell) refuses lines
  longer than ``max_line_chars``, lines with more than ``max_fields_per_line`` fields and
  headers with more than ``max_columns`` columns, before the sniffer or pandas see the text;
- .xlsx/.xlsm: the zip's declared sizes and compression ratios, then the sheet's declared
  ``<dimension>`` and a streamed scan of every cell reference are checked against
  ``max_cells`` before python-calamine is asked for the sheet (calamine allocates the whole
  rectangle from A1 to the last cell: a 1.6 KB file with cells at A1 and XFD1048576 asks for
  550 GB and aborts the process, which no ``except`` can catch);
- .xls, .xlsb, .ods, and an .xlsx whose cells do not all carry a reference: calamine runs in
  a child Python process capped at ``child_memory_mb`` of address space and
  ``child_seconds``. These formats are parsed in full when the workbook is opened, and their
  cell positions (BIFF records, binary parts, ODS ``number-*-repeated``) cannot be bounded
  with a text scan, so a native abort or an out-of-memory there ends only the child.

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
import operator
import pickle
import posixpath
import re
import subprocess
import sys
import unicodedata
import warnings
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable, Hashable
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any
from xml.etree import ElementTree

import numpy as np
import pandas as pd
import python_calamine
from charset_normalizer import from_bytes

from riskexplorer.errors import InputError

__all__ = [
    "LIMITS",
    "MAX_BYTES",
    "SPREADSHEET_EXTENSIONS",
    "TEXT_EXTENSIONS",
    "Limits",
    "TableInfo",
    "list_sheets",
    "read_table",
    "read_table_with_info",
]


@dataclass(frozen=True)
class Limits:
    """Everything an upload may be, in one place; each refusal's message names its limit.

    The defaults keep a refusal under ~2 s and ~300 MB, and still read a 1,000,000-row CSV
    of ten columns (``benchmarks/bench_upload.py``). A spreadsheet of ``max_cells`` cells
    takes about 0.5 GB to read; larger tables read far more cheaply as CSV.
    """

    max_bytes: int = 50 * 1024 * 1024  #: size of the uploaded file
    max_columns: int = 200  #: columns in the header row (text) or the sheet
    max_fields_per_line: int = 1_000  #: separators + 1 on any line of a text file
    max_line_chars: int = 1_000_000  #: characters on any line of a text file
    max_cells: int = 5_000_000  #: rows × columns of a sheet, counted from cell A1
    max_unzipped_mb: int = 512  #: declared size of a workbook's parts once unpacked
    max_zip_ratio: int = 100  #: unpacked / packed size of any part above 8 MB
    max_zip_entries: int = 10_000  #: parts in a workbook
    child_memory_mb: int = 1_024  #: address space of the child that reads .xls/.xlsb/.ods
    child_seconds: float = 60.0  #: time that child may take


LIMITS = Limits()
MAX_BYTES = LIMITS.max_bytes
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
    max_bytes: int | None = None,
    limits: Limits = LIMITS,
    header_row: int | None = None,
    max_rows: int | None = None,
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
        Larger files are refused with ``ingest.too_large`` (default ``limits.max_bytes``).
    limits
        The other bounds (:class:`Limits`); the defaults suit the app and the CLI.

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
        data,
        filename,
        sheet=sheet,
        max_bytes=max_bytes,
        limits=limits,
        header_row=header_row,
        max_rows=max_rows,
    )[0]


def read_table_with_info(
    data: bytes,
    filename: str,
    *,
    sheet: str | int | None = None,
    max_bytes: int | None = None,
    limits: Limits = LIMITS,
    header_row: int | None = None,
    max_rows: int | None = None,
) -> tuple[pd.DataFrame, TableInfo]:
    """Like :func:`read_table`, also returning the :class:`TableInfo` for the preview.

    ``header_row`` is the row (as the spreadsheet numbers it, from 1) that holds the column
    names, when title rows stand above it; ``None`` takes the first non-blank row
    (:func:`riskexplorer.shapes.find_header_row` guesses it). ``max_rows`` reads only the
    first rows under the header (a quick look, as the header search takes).

    A spreadsheet read without ``sheet`` is read from its first visible sheet that holds a
    table (two rows of two filled cells or more), so a cover sheet ("Титульный лист") before
    the data is passed over; :attr:`TableInfo.sheet` names the sheet read."""
    data = _as_bytes(data)
    if sheet is not None and (isinstance(sheet, bool) or not isinstance(sheet, str | int)):
        raise TypeError("sheet must be a sheet name, a 0-based position or None")
    try:
        size_limit = limits.max_bytes if max_bytes is None else max_bytes
        df, info = _read(data, filename, sheet, size_limit, limits, header_row, max_rows)
    except InputError:
        raise
    except BaseException as exc:  # the guard: a Rust panic in calamine is a BaseException
        if isinstance(exc, KeyboardInterrupt | SystemExit | GeneratorExit):
            raise
        raise InputError("ingest.unreadable", filename=filename, detail=type(exc).__name__) from exc
    df.attrs[ATTRS_KEY] = asdict(info)
    return df, info


def list_sheets(data: bytes, filename: str, *, limits: Limits = LIMITS) -> list[str]:
    """Worksheet names of a spreadsheet in file order; ``[]`` for a text file."""
    data = _as_bytes(data)
    try:
        kind = _kind(data, filename)
        if kind != "spreadsheet":
            return []
        archive = _checked_archive(data, filename, limits)
        if archive is None and not _plausible_ole(data):
            raise InputError("ingest.corrupt_spreadsheet", filename=filename)
        if archive is None or _XLSX_WORKBOOK not in archive.NameToInfo:
            return _in_child(data, filename, None, limits, rows=False).names
        _check_shared_strings(archive, filename, limits)
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
    limits: Limits,
    header_row: int | None = None,
    max_rows: int | None = None,
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
        return _read_spreadsheet(data, filename, sheet, limits, header_row, max_rows)
    return _read_text(
        data,
        filename,
        limits,
        renamed=kind == "text-in-spreadsheet",
        header_row=header_row,
        max_rows=max_rows,
    )


def _megabytes(n: int) -> str:
    return f"{n / (1024 * 1024):.1f}"


def _count(n: int) -> str:
    """A whole number as the messages show it: 1 000 000 (no-break spaces), in every language."""
    return f"{n:,}".replace(",", "\u00a0")


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
    data: bytes,
    filename: str,
    limits: Limits,
    *,
    renamed: bool,
    header_row: int | None = None,
    max_rows: int | None = None,
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
    if max_rows is not None:
        body = "".join(line for _, line in zip(range(max_rows + 1), _lines(body), strict=False))
    if not body.strip():
        raise InputError("ingest.empty_file", filename=filename)

    # The cheap first pass, before the sniffer, the csv module or pandas see the text: their
    # cost grows with the longest line and the widest row (pandas renames 20,000 repeated
    # header names in quadratic time), so those are bounded first.
    encoded = body.encode("utf-8")
    first_line = skipped + 1  # the header's line number in the file
    _check_line_lengths(encoded, first_line, limits)
    sample = _sample(body)
    delimiter = _detect_delimiter(sample, _extension(filename))
    _check_fields(encoded, delimiter, first_line, limits)
    decimal = _detect_decimal(sample, delimiter)
    first_row = skipped + 2
    header = _raw_header(body, delimiter)
    _check_columns(header, limits)
    notes = ("ingest.lost_letters",) if _LOST_LETTER.search(text[:_DETECT_BYTES]) else ()
    # From here on only UTF-8 bytes are kept: the decoded text of a Cyrillic file costs twice
    # its size in memory, and the parser does not need it.
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
    notes += _shape_notes(df)
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


_CHUNK_BYTES = 1024 * 1024


def _line_chunks(encoded: bytes) -> Any:
    """``(offset, lines_before, array)``: the bytes as numpy views of ~1 MB cut after a newline."""
    array = np.frombuffer(encoded, dtype=np.uint8)
    start, lines = 0, 0
    while start < array.size:
        end = min(start + _CHUNK_BYTES, array.size)
        if end < array.size:
            newline = encoded.rfind(b"\n", start, end)
            end = newline + 1 if newline >= start else encoded.find(b"\n", end) + 1 or array.size
        chunk = array[start:end]
        yield start, lines, chunk
        lines += int(np.count_nonzero(chunk == 10))
        start = end


def _line_ends(chunk: np.ndarray) -> np.ndarray:
    """Positions (in ``chunk``) of each line's end: its newline, or the chunk's end."""
    ends = np.flatnonzero(chunk == 10)
    if ends.size == 0 or ends[-1] != chunk.size - 1:
        ends = np.append(ends, chunk.size)
    return ends


def _check_line_lengths(encoded: bytes, first_line: int, limits: Limits) -> None:
    """Refuse the first line longer than ``limits.max_line_chars`` characters.

    Counts bytes with numpy; only a line whose UTF-8 bytes exceed the limit is decoded to count
    its characters (a Cyrillic letter is two bytes).
    """
    limit = limits.max_line_chars
    if len(encoded) <= limit:
        return
    for offset, lines_before, chunk in _line_chunks(encoded):
        ends = _line_ends(chunk)
        starts = np.concatenate([[0], ends[:-1] + 1])
        for index in np.flatnonzero(ends - starts > limit):
            line = encoded[offset + starts[index] : offset + ends[index]]
            chars = len(line.decode("utf-8", errors="replace"))
            if chars > limit:
                raise InputError(
                    "ingest.line_too_long",
                    line=_count(first_line + lines_before + int(index)),
                    chars=_count(chars),
                    limit=_count(limit),
                )


def _check_fields(encoded: bytes, delimiter: str, first_line: int, limits: Limits) -> None:
    """Refuse a line with more than ``limits.max_fields_per_line`` fields (the header line:
    ``ingest.too_many_columns``, which names ``max_columns``).

    Counts separators per line with numpy, quotes ignored: an upper bound, exact unless a
    quoted value holds the separator (a line that passes is certainly within the limit).
    """
    limit = limits.max_fields_per_line
    code = ord(delimiter)
    for _, lines_before, chunk in _line_chunks(encoded):
        separators = np.flatnonzero(chunk == code)
        if separators.size < limit:
            continue  # no line of this chunk can have more
        ends = _line_ends(chunk)
        fields = np.diff(np.searchsorted(separators, ends), prepend=0) + 1
        over = np.flatnonzero(fields > limit)
        if not over.size:
            continue
        index = int(over[0])
        if lines_before == 0 and index == 0:
            _refuse_header(_count(int(fields[0])), limits)
        raise InputError(
            "ingest.too_many_fields",
            line=_count(first_line + lines_before + index),
            fields=_count(int(fields[index])),
            delimiter=_delimiter_label(delimiter),
            limit=_count(limit),
        )


def _refuse_header(columns: str, limits: Limits) -> None:
    raise InputError("ingest.too_many_columns", columns=columns, limit=_count(limits.max_columns))


def _check_columns(header: list[str] | None, limits: Limits) -> None:
    """The header's columns, not counting empty ones at its end, within ``max_columns``."""
    if header is None:
        return
    width = len(header)
    while width and not header[width - 1].strip():
        width -= 1
    if width > limits.max_columns:
        _refuse_header(_count(width), limits)


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
        # No verdict (charset-normalizer gives none for very repetitive text, e.g. a column
        # of «да» over many rows): Windows-1251, what Kazakh and Russian Windows exports are
        # saved in, still has to decode it into text that does not look binary.
        encoding = codecs.lookup(match.encoding if match is not None else "cp1251").name
        if encoding in {"cp1251", "kz1048"}:
            encoding = "kz1048" if _KZ1048_BYTES.search(data) else "cp1251"
        try:
            return _checked_text(data, encoding, filename), encoding
        except InputError:
            if match is None or len(payload) == len(data):
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
    try:  # lines handed over one by one: a copy of the whole body would cost its size again
        return next(csv.reader(_lines(body), delimiter=delimiter))
    except (csv.Error, StopIteration):
        return None


def _lines(text: str) -> Any:
    """The lines of ``text`` with their newlines, made one at a time."""
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end + 1
        yield text[start:end]
        start = end


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


_XLSX_WORKBOOK = "xl/workbook.xml"
_HEAD_BYTES = 64 * 1024
_RATIO_FLOOR = 8 * 1024 * 1024  # parts smaller than this are not ratio-checked
_DIMENSION = re.compile(
    rb'<dimension\s+ref=["\']\$?([A-Z]{1,3})\$?([0-9]{1,7})(?::\$?([A-Z]{1,3})\$?([0-9]{1,7}))?'
)
_CELL_REF = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"')
_FIRST, _SECOND = operator.itemgetter(0), operator.itemgetter(1)
_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"


def _checked_archive(data: bytes, filename: str, limits: Limits) -> zipfile.ZipFile | None:
    """The workbook's zip, checked before anything is unpacked; ``None`` for an OLE .xls.

    Refuses more than ``max_zip_entries`` parts (read from the end record before the central
    directory is parsed), a declared unpacked size over ``max_unzipped_mb`` and any part above
    8 MB compressed more than ``max_zip_ratio`` times (a zip bomb: 715 KB that unpack to
    1.78 GB). Python's zip reader never returns more than a part's declared size, so the
    scans below are bounded by these checks.
    """
    if not data.startswith(_ZIP_MAGIC):
        return None
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if end >= 0 and len(data) >= end + 12:
        declared = int.from_bytes(data[end + 10 : end + 12], "little")
        if declared > limits.max_zip_entries:
            raise InputError(
                "ingest.zip_entries",
                filename=filename,
                entries=_count(declared),
                limit=_count(limits.max_zip_entries),
            )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise InputError("ingest.corrupt_spreadsheet", filename=filename) from None
    if len(infos) > limits.max_zip_entries:
        raise InputError(
            "ingest.zip_entries",
            filename=filename,
            entries=_count(len(infos)),
            limit=_count(limits.max_zip_entries),
        )
    unpacked = sum(i.file_size for i in infos)
    if unpacked > limits.max_unzipped_mb * 1024 * 1024:
        raise InputError(
            "ingest.zip_too_large",
            filename=filename,
            unzipped_mb=_count(unpacked // (1024 * 1024)),
            limit_mb=_count(limits.max_unzipped_mb),
        )
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > _RATIO_FLOOR and ratio > limits.max_zip_ratio:
            raise InputError(
                "ingest.zip_ratio",
                filename=filename,
                part=_short(info.filename, 60),
                ratio=_count(int(ratio)),
                limit=_count(limits.max_zip_ratio),
            )
    return archive


def _check_shared_strings(archive: zipfile.ZipFile, filename: str, limits: Limits) -> None:
    """Refuse more shared strings than ``max_cells``: calamine loads them all when it opens the
    workbook, before any sheet is asked for (each one costs ~50 bytes in memory)."""
    name = next((n for n in archive.NameToInfo if n.lower() == "xl/sharedstrings.xml"), None)
    if name is None:
        return
    count, carry = 0, b""
    try:
        with archive.open(name) as stream:
            while chunk := stream.read(_CHUNK_BYTES):
                buffer = carry + chunk
                count += buffer.count(b"<si>") + buffer.count(b"<si ")
                carry = buffer[-3:]
                if count > limits.max_cells:
                    raise InputError(
                        "ingest.too_many_strings",
                        filename=filename,
                        strings=_count(count),
                        limit=_count(limits.max_cells),
                    )
    except InputError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError):
        raise InputError("ingest.corrupt_spreadsheet", filename=filename) from None


def _plausible_ole(data: bytes) -> bool:
    """An OLE header an .xls can have: byte order FFFE and 512- or 4096-byte sectors. Saves
    starting the child for bytes that merely begin like an .xls."""
    return (
        len(data) >= 1024
        and data[28:30] == b"\xfe\xff"
        and data[30:32] in {b"\x09\x00", b"\x0c\x00"}
    )


def _sheet_part(archive: zipfile.ZipFile, name: str) -> str | None:
    """The zip path of the worksheet called ``name`` (workbook.xml → its relationships)."""
    rels_name = "xl/_rels/workbook.xml.rels"
    try:
        if max(archive.getinfo(n).file_size for n in (_XLSX_WORKBOOK, rels_name)) > 16 << 20:
            return None
        book = ElementTree.fromstring(archive.read(_XLSX_WORKBOOK))
        rels = ElementTree.fromstring(archive.read(rels_name))
    except (KeyError, ElementTree.ParseError, zipfile.BadZipFile, OSError, ValueError):
        return None
    rid = next(
        (
            value
            for element in book.iter()
            if element.tag.rsplit("}", 1)[-1] == "sheet" and element.get("name") == name
            for key, value in element.attrib.items()
            if key.endswith("}id")
        ),
        None,
    )
    for rel in rels.iter(f"{{{_REL_NS}}}Relationship"):
        if rel.get("Id") == rid and rid is not None:
            target = rel.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            path = posixpath.normpath(path)
            return path if path in archive.NameToInfo else None
    return None


def _column_number(letters: bytes) -> int:
    """b"A" → 1, b"Z" → 26, b"AA" → 27, b"XFD" → 16384."""
    number = 0
    for byte in letters:
        number = number * 26 + byte - 64
    return number


def _xlsx_sheet_fits(archive: zipfile.ZipFile, name: str, limits: Limits) -> bool:
    """Whether calamine may read this sheet in this process; refuses one that is too big.

    calamine fills the rectangle from A1 to the furthest cell with a value, 32 bytes a cell,
    whatever the sheet declares. So the sheet's ``<dimension>`` (in its first bytes) is a quick
    first refusal, and then every ``<c r="…">`` reference is scanned, streamed from the zip,
    for the furthest row and column. ``False`` (read it in the capped child instead) when the
    sheet part cannot be found or some cell carries no plain reference, whose position the
    scan cannot know.
    """
    part = _sheet_part(archive, name)
    if part is None:
        return False
    tags = refs = 0
    max_row = max_column = 0
    min_column = 1 << 30
    with archive.open(part) as stream:
        carry = b""
        first = True
        while True:
            chunk = stream.read(_CHUNK_BYTES)
            if not chunk and not carry:
                break
            buffer = carry + chunk
            if chunk:
                cut = buffer.rfind(b">") + 1
                buffer, carry = buffer[:cut], buffer[cut:]
            else:
                carry = b""
            if first:
                first = False
                head = buffer[:_HEAD_BYTES]
                if re.search(rb"<[A-Za-z_][\w.-]*:worksheet[\s>]", head):
                    return False  # cells would be <x:c>: not what the scan counts
                found = _DIMENSION.search(
                    head[: head.find(b"<sheetData")] if b"<sheetData" in head else head
                )
                if found:
                    last_col, last_row = (
                        found.group(3) or found.group(1),
                        found.group(4) or found.group(2),
                    )
                    first_col = _column_number(found.group(1))
                    _check_sheet_shape(
                        name, int(last_row), _column_number(last_col), first_col, limits
                    )
            tags += buffer.count(b"<c ") + buffer.count(b"<c>") + buffer.count(b"<c/")
            found_refs = _CELL_REF.findall(buffer)
            refs += len(found_refs)
            if found_refs:
                rows = set(map(_SECOND, found_refs))
                columns = set(map(_FIRST, found_refs))
                max_row = max(max_row, max(map(int, rows)))
                numbers = [_column_number(c) for c in columns]
                max_column = max(max_column, *numbers)
                min_column = min(min_column, *numbers)
                _check_sheet_shape(name, max_row, max_column, min_column, limits)
            if refs > limits.max_cells:
                _refuse_cells(name, max_row, max_column, limits)
            if not chunk:
                break
    return tags == refs


def _check_sheet_shape(
    name: str, rows: int, columns: int, first_column: int, limits: Limits
) -> None:
    if columns - first_column + 1 > limits.max_columns:
        _refuse_sheet_columns(name, columns - first_column + 1, limits)
    if rows * columns > limits.max_cells:
        _refuse_cells(name, rows, columns, limits)


def _refuse_cells(name: str, rows: int, columns: int, limits: Limits) -> None:
    raise InputError(
        "ingest.too_many_cells",
        sheet=name,
        last_cell=f"{_column_letter(max(columns, 1) - 1)}{max(rows, 1)}",
        rows=_count(rows),
        columns=_count(columns),
        cells=_count(rows * columns),
        limit=_count(limits.max_cells),
    )


def _refuse_sheet_columns(name: str, columns: int, limits: Limits) -> None:
    raise InputError(
        "ingest.too_many_sheet_columns",
        sheet=name,
        columns=_count(columns),
        limit=_count(limits.max_columns),
    )


# --------------------------------------------------------------------------------------------
# the capped child process


@dataclass(frozen=True)
class _ChildResult:
    names: list[str]
    default: str | None
    rows: list[list[Any]] | None = None
    shape: tuple[int, int] | None = None  # (rows, columns) of a sheet over the cell budget
    chosen: str | None = None  # the sheet read, when none was asked for


# Runs in a fresh interpreter (``-I``: no environment, no user site, no current directory on
# the path), not a fork of the server: forking a threaded process can deadlock the child, and
# the child needs nothing of ours. It caps its own address space before importing calamine.
_CHILD = r"""
import pickle, resource, sys
limit = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
data, sheet, max_cells, want_rows = pickle.load(sys.stdin.buffer)
import io
import python_calamine as pc

def answer(result, code=0):
    sys.stdout.buffer.write(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    sys.stdout.flush()
    sys.exit(code)

try:
    book = pc.load_workbook(io.BytesIO(data))
    sheets = [s for s in book.sheets_metadata if s.typ == pc.SheetTypeEnum.WorkSheet]
except MemoryError:
    raise
except Exception:
    answer({"corrupt": True})
names = [s.name for s in sheets]
visible = [s.name for s in sheets if s.visible == pc.SheetVisibleEnum.Visible]
default = (visible or names or [None])[0]
result = {"names": names, "default": default}
name = None
if sheet is None:
    name = default
elif isinstance(sheet, int):
    name = names[sheet] if 0 <= sheet < len(names) else None
elif sheet in names:
    name = sheet
else:
    loose = [n for n in names if n.strip().casefold() == sheet.strip().casefold()]
    name = loose[0] if len(loose) == 1 else None
if not want_rows or name is None:
    answer(result)

def holds_table(rows):  # read._holds_table: two rows of two filled cells or more
    found = 0
    for row in rows:
        if sum(1 for v in row if not (v is None or (isinstance(v, str) and not v.strip()))) >= 2:
            found += 1
            if found == 2:
                return True
    return False

# Without a chosen sheet, the first visible one that holds a table (not a cover sheet).
candidates = (visible or [name]) if sheet is None else [name]
first = None
for name in candidates:
    try:
        found = book.get_sheet_by_name(name)
        end = found.end
        if end is not None and (end[0] + 1) * (end[1] + 1) > max_cells:
            result["shape"] = (end[0] + 1, end[1] + 1)
            result["chosen"] = name
            answer(result)
        rows = found.to_python(skip_empty_area=False)
    except MemoryError:
        raise
    except Exception:
        answer({"corrupt": True})
    first = first or (name, rows)
    if len(candidates) == 1 or holds_table(rows):
        first = (name, rows)
        break
result["chosen"], result["rows"] = first
answer(result)
"""


class _ChildUnpickler(pickle.Unpickler):
    """Loads only what a cell can hold: the child parsed an untrusted file, so its answer may
    name no class beyond the dates and times of :mod:`datetime`."""

    def find_class(self, module: str, name: str) -> Any:
        if module == "datetime" and name in {"date", "datetime", "time", "timedelta"}:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not a cell value")


def _in_child(
    data: bytes, filename: str, sheet: str | int | None, limits: Limits, *, rows: bool
) -> _ChildResult:
    """Open the workbook (and read a sheet's rows) with calamine in a memory-capped child.

    An abort, an out-of-memory or a timeout ends only the child and becomes
    ``ingest.sheet_too_costly``, which names both limits.
    """
    payload = pickle.dumps((data, sheet, limits.max_cells, rows), protocol=pickle.HIGHEST_PROTOCOL)
    costly = InputError(
        "ingest.sheet_too_costly",
        filename=filename,
        memory_mb=_count(limits.child_memory_mb),
        seconds=_count(int(limits.child_seconds)),
    )
    try:
        done = subprocess.run(
            [sys.executable, "-I", "-c", _CHILD, str(limits.child_memory_mb * 1024 * 1024)],
            input=payload,
            capture_output=True,
            timeout=limits.child_seconds,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise costly from None
    if done.returncode != 0 or not done.stdout:
        raise costly
    try:
        result = _ChildUnpickler(io.BytesIO(done.stdout)).load()
    except (pickle.UnpicklingError, EOFError, ValueError, TypeError):
        raise costly from None
    if result.get("corrupt"):
        raise InputError("ingest.corrupt_spreadsheet", filename=filename)
    return _ChildResult(
        names=result["names"],
        default=result["default"],
        rows=result.get("rows"),
        shape=result.get("shape"),
        chosen=result.get("chosen"),
    )


def _open_workbook(data: bytes, filename: str) -> python_calamine.CalamineWorkbook:
    try:
        return python_calamine.load_workbook(io.BytesIO(data))
    except BaseException as exc:  # CalamineError, ZipError, PasswordError, or a Rust panic
        if isinstance(exc, KeyboardInterrupt | SystemExit | GeneratorExit):
            raise
        raise InputError("ingest.corrupt_spreadsheet", filename=filename) from None


def _holds_table(rows: list[list[Any]]) -> bool:
    """Whether a sheet's rows hold a table: two rows or more with two filled cells or more (a
    cover sheet has one line of text a row). The same test runs in the child (``_CHILD``)."""
    found = 0
    for row in rows:
        filled = sum(1 for v in row if not (v is None or v == "" or _is_blank_text(v)))
        if filled >= 2:
            found += 1
            if found == 2:
                return True
    return False


def _visible_sheets(book: python_calamine.CalamineWorkbook) -> list[str]:
    return [
        s.name
        for s in book.sheets_metadata
        if s.typ == python_calamine.SheetTypeEnum.WorkSheet
        and s.visible == python_calamine.SheetVisibleEnum.Visible
    ]


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
    data: bytes,
    filename: str,
    sheet: str | int | None,
    limits: Limits,
    header_row: int | None = None,
    max_rows: int | None = None,
) -> tuple[pd.DataFrame, TableInfo]:
    archive = _checked_archive(data, filename, limits)
    rows: list[list[Any]] | None = None
    child_sheet = sheet
    if archive is not None and _XLSX_WORKBOOK in archive.NameToInfo:
        _check_shared_strings(archive, filename, limits)
        book = _open_workbook(data, filename)
        names, default = _worksheets(book)
        # Without a chosen sheet, the first visible one that holds a table (not a cover sheet).
        if sheet is None and default is not None:
            candidates = _visible_sheets(book) or [default]
        else:
            candidates = [_choose_sheet(names, default, sheet)]
        first: tuple[str, list[list[Any]]] | None = None
        for name in candidates:
            try:
                fits = _xlsx_sheet_fits(archive, name, limits)
            except InputError:
                raise
            except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError):
                raise InputError("ingest.corrupt_spreadsheet", filename=filename) from None
            if not fits:  # read this sheet in the capped child
                child_sheet, rows = name, None
                break
            try:
                rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
            except BaseException as exc:
                if isinstance(exc, KeyboardInterrupt | SystemExit | GeneratorExit):
                    raise
                raise InputError("ingest.corrupt_spreadsheet", filename=filename) from None
            first = first or (name, rows)
            if len(candidates) == 1 or _holds_table(rows):
                break
        else:
            name, rows = first  # no sheet holds a table: the first one's error is shown
        del book
    if rows is None:  # .xls, .xlsb, .ods, or an .xlsx the scan cannot vouch for
        if archive is None and not _plausible_ole(data):
            raise InputError("ingest.corrupt_spreadsheet", filename=filename)
        result = _in_child(data, filename, child_sheet, limits, rows=True)
        names, default = result.names, result.chosen or result.default
        name = _choose_sheet(names, default, child_sheet)
        if result.shape is not None:
            _refuse_cells(name, *result.shape, limits)
        rows = result.rows or []
    cells = [[_cell(v) for v in row] for row in rows]
    del rows
    width = max((len(row) for row in cells), default=0)
    if width > limits.max_columns:
        _refuse_sheet_columns(name, width, limits)
    blank = [all(v is None for v in row) for row in cells]
    start = next((i for i, b in enumerate(blank) if not b), None)
    if start is None:
        raise InputError("ingest.empty_sheet", sheet=name)
    if header_row is not None:  # title rows above the header
        if header_row > len(cells) or blank[header_row - 1]:
            raise InputError("ingest.header_row_out_of_range", row=header_row, rows=len(cells))
        start = header_row - 1
    end = len(cells) - next(i for i, b in enumerate(reversed(blank)) if not b)
    if max_rows is not None:
        end = min(end, start + 1 + max_rows)
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
    footer = _shape_notes(df)
    info = TableInfo(
        format="spreadsheet",
        sheet=name,
        sheets=tuple(names),
        first_row=start + 2,
        rows=len(df),
        columns=df.shape[1],
        warnings=footer,
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
    """Name columns, drop nameless empty columns, empty rows and the notes under the table,
    refuse bad headers.

    Empty rows (between the blocks of an export, or after it) are left out; the index keeps
    each row's position, so messages still name the spreadsheet's rows. Notes under the table
    ("Примечание: …", "Источник: …", a signature below an empty row: :func:`_footer_start`)
    are cut off, and ``df.attrs["footer_rows"]`` says how many rows that was.
    """
    names = [_header_name(h) for h in header]
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
    df = df.reset_index(drop=True)
    filled = _filled_cells(df).sum(axis=1)
    end = _footer_start(df, filled)
    keep = filled > 0
    keep[end:] = False
    numbering = _is_numbering_row(df, filled)
    keep[:1] &= not numbering
    out = df.loc[keep]
    out.attrs["footer_rows"] = int((filled[end:] > 0).sum())
    out.attrs["numbering_row"] = numbering
    return out


def _shape_notes(df: pd.DataFrame) -> tuple[str, ...]:
    """The warnings of what :func:`_tidy` left out: the notes under the table, a column
    numbers row."""
    notes = ()
    if df.attrs.pop("numbering_row", False):
        notes += ("ingest.numbering_row_dropped",)
    if df.attrs.pop("footer_rows", 0):
        notes += ("ingest.footer_dropped",)
    return notes


def _is_numbering_row(df: pd.DataFrame, filled: np.ndarray) -> bool:
    """Whether the first row under the header numbers the columns 1, 2, 3 … (the "графа" row
    of a statistical form) while a column below it holds words: then it is not a record."""
    if len(df) < 2 or df.shape[1] < 3 or filled[0] != df.shape[1]:
        return False
    for position, value in enumerate(df.iloc[0].tolist(), start=1):
        if _as_number(value) != position:
            return False
    below = df.iloc[1 : 1 + 200]
    return any(
        any(isinstance(v, str) and v.strip() and _as_number(v) is None for v in below[c])
        for c in below.columns
    )


def _as_number(value: Any) -> float | None:
    try:
        return float(str(value).strip().replace(",", "."))
    except ValueError:
        return None


def _header_name(value: Any) -> str:
    """A header cell as one line: "Друзья-⏎правонарушители" → "Друзья-правонарушители",
    "Неполная⏎семья" and "Неполная  семья" → "Неполная семья"."""
    if value is None:
        return ""
    return " ".join(re.sub(r"(?<=\w)-[ \t]*[\r\n]+\s*(?=\w)", "-", str(value)).split())


def _is_blank_text(value: Any) -> bool:
    return isinstance(value, str) and not value.strip()


def _filled_cells(df: pd.DataFrame) -> np.ndarray:
    """Boolean (rows × columns): the cell holds a value (not NaN, not only spaces). One look
    at each distinct text, not at each of perhaps millions of cells."""
    out = np.empty(df.shape, dtype=bool)
    for i in range(df.shape[1]):
        series = df.iloc[:, i]
        if not (pd.api.types.is_string_dtype(series.dtype) or series.dtype == np.dtype(object)):
            out[:, i] = series.notna().to_numpy()
            continue
        codes, uniques = pd.factorize(series, use_na_sentinel=True)
        marks = np.array([not _is_blank_text(u) for u in uniques] + [False], dtype=bool)
        out[:, i] = marks[codes]
    return out


#: Notes under a table are a few lines; a longer block of one-cell rows is the table itself.
_MAX_FOOTER_ROWS = 12


def _footer_start(df: pd.DataFrame, filled: np.ndarray) -> int:
    """The position where the notes under the table begin (``len(df)`` when there are none).

    The notes are the trailing rows that are empty, or have one text cell, or begin with a note
    word ("Примечание", "Источник", "Ескерту", "Дереккөз", "Note", "* …":
    :func:`riskexplorer.roles.is_note_label`), when at least one of them begins with such a
    word or an empty row stands between them and the data.
    """
    from riskexplorer.roles import is_note_label

    start = len(df)
    noted = False
    while start > 0 and len(df) - start < _MAX_FOOTER_ROWS:
        row = df.iloc[start - 1].tolist()
        if filled[start - 1] == 0:
            start -= 1
            continue
        first = next(v for v in row if not (v is None or _is_na(v) or _is_blank_text(v)))
        note = is_note_label(first)
        if not note and not (filled[start - 1] == 1 and isinstance(first, str)):
            break
        noted |= note
        start -= 1
    last_data = start
    if last_data == len(df) or last_data == 0 or len(df) - start >= _MAX_FOOTER_ROWS:
        return len(df)  # no notes, or no table above them: not a footer
    separated = filled[last_data] == 0
    rows = filled[last_data:] > 0
    return last_data if (noted or separated) and rows.any() else len(df)


def _is_na(value: Any) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


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
