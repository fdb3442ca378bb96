"""Hostile uploads are refused quickly, cheaply and in words, and never end the process.

Every hostile read runs in a child Python capped at 1 GiB of address space with a time budget,
so a regression fails its test instead of killing pytest (calamine aborts the whole process when
an allocation fails: no ``except`` can catch that). The files are built here, as bytes: minimal
xlsx XML in a zip, ODS XML in a zip, or text.
"""

from __future__ import annotations

import io
import json
import os
import pickle
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from riskexplorer import read
from riskexplorer.errors import InputError
from riskexplorer.i18n import LANGUAGES
from riskexplorer.read import LIMITS, Limits, list_sheets, read_table

SRC = Path(read.__file__).resolve().parents[1]
CAP_BYTES = 1 << 30
SECONDS = 2.0  # the target for a refusal
PEAK_MB = 300  # the target for a refusal, the interpreter and its imports included

CHILD = r"""
import json, pickle, resource, sys, time
cap = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
data, filename = pickle.load(sys.stdin.buffer)
from riskexplorer.errors import InputError
from riskexplorer.read import read_table
# CPU seconds, not wall seconds: the budget is the work a refusal costs, whatever else the
# machine (CI, a shared laptop) is doing meanwhile.
start = time.process_time()
try:
    frame = read_table(data, filename)
    result = {"shape": list(frame.shape)}
except InputError as error:
    result = {"code": error.code, "params": error.params, "ru": error.message("ru")}
result["seconds"] = time.process_time() - start
# The peak of this process's own memory (VmHWM), not ru_maxrss: that one keeps the high-water
# mark of the forked copy of a large parent (pytest with the app loaded) from before exec.
with open("/proc/self/status") as status:
    hwm = next(line for line in status if line.startswith("VmHWM:"))
result["peak_mb"] = int(hwm.split()[1]) / 1024
print(json.dumps(result, default=str))
"""


def read_capped(data: bytes, filename: str, timeout: float = 60.0) -> dict:
    """``read_table`` in a memory-capped child: its result, time and peak memory."""
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(CAP_BYTES)],
        input=pickle.dumps((data, filename)),
        capture_output=True,
        timeout=timeout,
        env={**os.environ, "PYTHONPATH": str(SRC)},
        check=False,
    )
    assert done.returncode == 0, f"the reader died (rc {done.returncode}): {done.stderr[-800:]!r}"
    return json.loads(done.stdout)


# --- building xlsx files by hand ------------------------------------------------------------------

_CT = (
    b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    b'package/2006/content-types"><Default Extension="rels" ContentType="application/'
    b'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
    b'"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
    b'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName='
    b'"/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    b'spreadsheetml.worksheet+xml"/></Types>'
)
_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats'
    b'.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats'
    b'.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    b"</Relationships>"
)
_WORKBOOK = (
    b'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
    b'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats'
    b'.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats'
    b'.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    b"</Relationships>"
)


def _parts(sheet_writer, extra: dict[str, bytes] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in (extra or {}).items():
            archive.writestr(name, content)
        archive.writestr("[Content_Types].xml", _CT)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            sheet_writer(part)
    return buffer.getvalue()


def xlsx(rows: bytes, dimension: str | None = None) -> bytes:
    head = b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    if dimension:
        head += b'<dimension ref="%s"/>' % dimension.encode()
    return _parts(
        lambda part: part.write(head + b"<sheetData>" + rows + b"</sheetData></worksheet>")
    )


def text_cell(ref: str, text: str) -> bytes:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'.encode()


def a1_and(far: str, dimension: str | None = None) -> bytes:
    """Two cells: A1 and ``far`` (the 1.6 KB file that took the server down)."""
    row = int("".join(ch for ch in far if ch.isdigit()))
    rows = b'<row r="1">' + text_cell("A1", "a") + b'</row><row r="%d">' % row
    return xlsx(rows + text_cell(far, "b") + b"</row>", dimension)


def bomb(unpacked_mb: int) -> bytes:
    """A sheet holding one string of ``unpacked_mb`` MB of the same letter, written in pieces."""
    head = b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'
    piece = b"a" * (1 << 20)

    def write(part):
        part.write(head)
        for _ in range(unpacked_mb):
            part.write(piece)
        part.write(b"</t></is></c></row></sheetData></worksheet>")

    return _parts(write)


_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:'
    'tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry '
    'manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)


def ods(rows_xml: str) -> bytes:
    """A minimal OpenDocument spreadsheet with one sheet "Лист1"."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="Лист1">'
        f"{rows_xml}</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", _MANIFEST, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content.encode(), compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def ods_row(*values: str, repeat: int = 1, columns: int = 1) -> str:
    cells = "".join(
        f'<table:table-cell table:number-columns-repeated="{columns}" office:value-type="string">'
        f"<text:p>{v}</text:p></table:table-cell>"
        for v in values
    )
    return f'<table:table-row table:number-rows-repeated="{repeat}">{cells}</table:table-row>'


# --- the hostile corpus of issue 10 ----------------------------------------------------------------

HOSTILE = {
    "xlsx A1 + XFD1048576": (lambda: a1_and("XFD1048576"), "a.xlsx"),
    "xlsx A1 + Z2000000": (lambda: a1_and("Z2000000"), "a.xlsx"),
    "xlsx A1 + Z2000000 declaring A1:B2": (lambda: a1_and("Z2000000", "A1:B2"), "a.xlsx"),
    "xlsx declaring A1:XFD1048576": (lambda: a1_and("B2", "A1:XFD1048576"), "a.xlsx"),
    "xlsx zip bomb, 600 MB unpacked": (lambda: bomb(600), "bomb.xlsx"),
    "xlsx zip bomb, 100 MB at ratio ~1000": (lambda: bomb(100), "bomb.xlsx"),
    "40 KB header a;a;a;…": (lambda: (";".join(["a"] * 20_000) + "\n1;2\n").encode(), "h.csv"),
    "50,000 columns": (
        lambda: (
            ";".join(f"c{i}" for i in range(50_000))
            + "\n"
            + "\n".join(";".join(["1"] * 50_000) for _ in range(20))
            + "\n"
        ).encode(),
        "wide.csv",
    ),
    "a 5-million-field row": (
        lambda: b"a;b;c\n" + b";" * 4_999_999 + b"\n1;2;3\n",
        "row.csv",
    ),
    "1,501 fields on a 3,000-character line": (
        lambda: b"a;b;c\n1;2;3\n" + b"1;" * 1_500 + b"\n4;5;6\n",
        "fields.csv",
    ),
}
EXPECTED = {
    "xlsx A1 + XFD1048576": {"ingest.too_many_sheet_columns", "ingest.too_many_cells"},
    "xlsx A1 + Z2000000": {"ingest.too_many_cells"},
    "xlsx A1 + Z2000000 declaring A1:B2": {"ingest.too_many_cells"},
    "xlsx declaring A1:XFD1048576": {"ingest.too_many_sheet_columns", "ingest.too_many_cells"},
    "xlsx zip bomb, 600 MB unpacked": {"ingest.zip_too_large"},
    "xlsx zip bomb, 100 MB at ratio ~1000": {"ingest.zip_ratio"},
    "40 KB header a;a;a;…": {"ingest.too_many_columns"},
    "50,000 columns": {"ingest.too_many_columns"},
    "a 5-million-field row": {"ingest.line_too_long"},
    "1,501 fields on a 3,000-character line": {"ingest.too_many_fields"},
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_hostile_file_is_refused_fast_cheaply_and_in_words(case):
    build, filename = HOSTILE[case]
    data = build()
    assert len(data) < LIMITS.max_bytes
    result = read_capped(data, filename)
    assert result.get("code") in EXPECTED[case], result
    assert result["seconds"] < SECONDS, result
    assert result["peak_mb"] < PEAK_MB, result
    assert "{" not in result["ru"]


def test_the_xlsx_that_took_the_server_down_is_tiny_and_names_the_limit():
    data = a1_and("XFD1048576")
    assert len(data) < 2_000
    with pytest.raises(InputError) as caught:
        read_table(data, "a.xlsx")
    assert caught.value.params["limit"] == "200"
    assert "16\u00a0384" in caught.value.message("en")


def test_a_lying_dimension_does_not_hide_the_far_cell():
    with pytest.raises(InputError) as caught:
        read_table(a1_and("Z2000000", "A1:B2"), "a.xlsx")
    assert caught.value.code == "ingest.too_many_cells"
    assert caught.value.params["last_cell"] == "Z2000000"
    assert caught.value.params["cells"] == "52\u00a0000\u00a0000"
    assert caught.value.params["limit"] == "5\u00a0000\u00a0000"


def test_each_refusal_names_its_limit_in_every_language():
    small = Limits(max_columns=3, max_fields_per_line=5, max_line_chars=40, max_cells=20)
    corpus = [
        (b"a;b;c;d\n1;2;3;4\n", "t.csv", "3"),
        (b"a;b\n1;2\n1;2;3;4;5;6;7;8\n", "t.csv", "5"),
        (b"a;b\n" + "ж".encode() * 41 + b";1\n", "t.csv", "40"),
        (a1_and("B11"), "a.xlsx", "20"),
    ]
    for data, filename, limit in corpus:
        with pytest.raises(InputError) as caught:
            read_table(data, filename, limits=small)
        for lang in LANGUAGES:
            assert limit in caught.value.message(lang), (caught.value.code, lang)


def test_line_limit_counts_characters_not_bytes():
    # 30 Cyrillic letters are 60 bytes: within a 40-character limit.
    data = ("a;b\n" + "ж" * 30 + ";1\nx;0\n").encode()
    assert read_table(data, "t.csv", limits=Limits(max_line_chars=40)).shape == (2, 2)


def test_the_line_and_field_numbers_are_the_files():
    small = Limits(max_fields_per_line=5)
    with pytest.raises(InputError) as caught:
        read_table(b"\n\na;b\n1;2\n3;4;;;;;;\n", "t.csv", limits=small)
    assert caught.value.params["line"] == "5"  # two blank lines, header, two rows
    assert caught.value.params["fields"] == "8"


def test_trailing_empty_header_fields_do_not_count_as_columns():
    data = ("a;b" + ";" * 300 + "\n1;2\n").encode()
    assert list(read_table(data, "t.csv").columns) == ["a", "b"]


def test_a_legit_xlsx_at_the_column_limit_reads():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([f"f{i}" for i in range(LIMITS.max_columns)])
    for r in range(3):
        sheet.append([(i + r) % 2 for i in range(LIMITS.max_columns)])
    buffer = io.BytesIO()
    book.save(buffer)
    df = read_table(buffer.getvalue(), "wide.xlsx")
    assert df.shape == (3, LIMITS.max_columns)
    sheet.cell(row=1, column=LIMITS.max_columns + 1, value="one too many")
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(InputError) as caught:
        read_table(buffer.getvalue(), "wide.xlsx")
    assert caught.value.code == "ingest.too_many_sheet_columns"


def test_an_xlsx_cell_without_a_reference_is_read_in_the_child():
    rows = b"<row><c><v>1</v></c><c><v>2</v></c></row><row><c><v>0</v></c><c><v>1</v></c></row>"
    df = read_table(
        xlsx(b'<row r="1">' + text_cell("A1", "y") + text_cell("B1", "x") + b"</row>" + rows),
        "a.xlsx",
    )
    assert df.to_dict("list") == {"y": [1, 0], "x": [2, 1]}


# --- formats read in the capped child ---------------------------------------------------------------


def test_ods_is_read_in_the_child():
    data = ods(ods_row("исход", "фактор") + ods_row("да", "нет") + ods_row("нет", "да"))
    assert list_sheets(data, "a.ods") == ["Лист1"]
    df = read_table(data, "a.ods")
    assert df.to_dict("list") == {"исход": ["да", "нет"], "фактор": ["нет", "да"]}


def test_an_ods_that_expands_past_memory_kills_only_the_child():
    # 200,000 rows × 100 repeated cells: 20 million cells from 800 bytes.
    data = ods(ods_row("a", "b") + ods_row("x", repeat=200_000, columns=100))
    assert len(data) < 2_000
    result = read_capped(data, "b.ods")
    assert result.get("code") == "ingest.sheet_too_costly", result
    assert result["peak_mb"] < PEAK_MB, result  # the reading process; the child took the blow


def test_an_ods_over_the_cell_budget_is_refused_by_the_child():
    data = ods(ods_row("a", "b") + ods_row("x", "y", repeat=30))
    with pytest.raises(InputError) as caught:
        read_table(data, "b.ods", limits=Limits(max_cells=20))
    assert caught.value.code == "ingest.too_many_cells"
    assert caught.value.params["cells"] == "62"


def test_garbage_that_starts_like_an_xls_is_corrupt_without_a_child(monkeypatch):
    def no_child(*args, **kwargs):
        raise AssertionError("a child was started for bytes that cannot be an .xls")

    monkeypatch.setattr(subprocess, "run", no_child)
    with pytest.raises(InputError) as caught:
        read_table(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "a.xls")
    assert caught.value.code == "ingest.corrupt_spreadsheet"


def test_a_child_that_dies_becomes_a_translated_refusal(monkeypatch):
    def died(*args, **kwargs):
        return subprocess.CompletedProcess(args, -6, b"", b"memory allocation failed")

    monkeypatch.setattr(subprocess, "run", died)
    with pytest.raises(InputError) as caught:
        read_table(ods(ods_row("a", "b") + ods_row("1", "0")), "a.ods")
    assert caught.value.code == "ingest.sheet_too_costly"
    assert caught.value.params["memory_mb"] == "1\u00a0024"


def test_the_childs_answer_may_hold_only_cell_values():
    evil = pickle.dumps({"names": [os.system]})  # a function: never loaded
    with pytest.raises(pickle.UnpicklingError):
        read._ChildUnpickler(io.BytesIO(evil)).load()


# --- the legitimate large file still reads ------------------------------------------------------


def test_a_million_row_csv_still_reads_within_the_cap():
    header = "f0;f1;f2;f3;f4;f5;f6;f7;offended;region\n"
    line = "0;1;0;0;1;0;0;0;нет;Алматы\n"
    data = (header + line * 1_000_000).encode()
    result = read_capped(data, "big.csv", timeout=120)
    assert result["shape"] == [1_000_000, 10], result


def test_more_shared_strings_than_the_cell_budget_are_refused_before_calamine_opens_the_book():
    strings = b"".join(b"<si><t>text %d</t></si>" % i for i in range(60))
    shared = (
        b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
        b'spreadsheetml/2006/main" count="60" uniqueCount="60">' + strings + b"</sst>"
    )
    head = b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    rows = b'<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
    rows += b'<row r="2"><c r="A2"><v>1</v></c><c r="B2"><v>0</v></c></row>'
    data = _parts(
        lambda part: part.write(head + rows + b"</sheetData></worksheet>"),
        {"xl/sharedStrings.xml": shared},
    )
    assert read_table(data, "a.xlsx").to_dict("list") == {"text 0": [1], "text 1": [0]}
    with pytest.raises(InputError) as caught:
        read_table(data, "a.xlsx", limits=Limits(max_cells=50))
    assert caught.value.code == "ingest.too_many_strings"
    assert caught.value.params == {"filename": "a.xlsx", "strings": "60", "limit": "50"}


def test_a_damaged_sheet_stream_is_corrupt_not_unreadable():
    data = bytearray(a1_and("B2"))
    archive = zipfile.ZipFile(io.BytesIO(bytes(data)))
    info = archive.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    data[start + 5 : start + 25] = b"\xff" * 20  # garble the deflate stream
    with pytest.raises(InputError) as caught:
        read_table(bytes(data), "a.xlsx")
    assert caught.value.code == "ingest.corrupt_spreadsheet"
