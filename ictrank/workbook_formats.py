"""Which kind of file a sheet is, and reading the workbooks openpyxl cannot: .xls and .ods.

python-calamine (Rust, wheels for Linux, Windows and macOS, no system library) reads
both; LibreOffice's .ods is what many offices save. It does not report number formats,
so for .ods the cells typed as percentages are found in the file's XML (85 % is stored
as 0.85; the sheet means 85, as in a CSV or an .xlsx). An .xls keeps its formats in a
binary record calamine does not expose: a percentage cell there reads as its fraction,
which `looks-like-fraction` flags among other percentages (docs/criteria-format.md).
"""

from __future__ import annotations

import contextlib
import io
import os
import zipfile
import zlib
from collections.abc import Iterator
from typing import Any

import numpy as np
import pandas as pd

from ictrank.codes import Code
from ictrank.errors import SheetError
from ictrank.messages import Message, msg

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # old .xls (and .doc, and password-protected .xlsx)
_ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"
_KNOWN_BINARY = {  # what a misplaced file often is, to say so (catalogue keys)
    b"%PDF": "kind.pdf", b"\x89PNG": "kind.png", b"\xff\xd8\xff": "kind.jpeg",
    b"GIF8": "kind.gif", b"Rar!": "kind.rar", b"\x1f\x8b": "kind.gzip",
    b"7z\xbc\xaf": "kind.7z",
}
_ZIP_KINDS = {"word/document.xml": "kind.docx", "ppt/presentation.xml": "kind.pptx"}
# what reading a damaged zip (a workbook) can raise: a bad archive, a truncated or corrupt
# member, or a compression method zipfile has not got
ZIP_ERRORS = (zipfile.BadZipFile, OSError, KeyError, zlib.error, EOFError, ValueError,
              NotImplementedError)
MAX_UNCOMPRESSED = 1_000_000_000  # bytes; a larger workbook is refused as a likely zip bomb


def unsupported(file: str, what: Message) -> SheetError:
    return SheetError.single(file, Code.UNSUPPORTED_FORMAT, msg("read.unsupported", what=what))


def workbook_kind(data: bytes, file: str) -> str | None:
    """`xlsx`, `ods` or `xls` for a workbook, None for text; an error for any other binary."""
    if data.startswith(OLE_MAGIC):
        return "xls"
    if data.startswith(ZIP_MAGIC):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
                mime = archive.read("mimetype")[:100] if "mimetype" in names else b""
        except ZIP_ERRORS:
            return "xlsx"  # openpyxl's reader says the file is damaged
        if mime.strip().startswith(_ODS_MIME):
            return "ods"
        if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
            return "xlsx"
        what = next((kind for member, kind in _ZIP_KINDS.items() if member in names),
                    "kind.zip")
        raise unsupported(file, msg(what))
    for magic, what in _KNOWN_BINARY.items():
        if data.startswith(magic):
            raise unsupported(file, msg(what))
    if file.lower().endswith((".xlsx", ".xlsm")):
        return "xlsx"
    if file.lower().endswith((".xls", ".ods")):
        raise SheetError.single(file, Code.UNREADABLE_FILE, msg("read.damaged"))
    return None


def check_unpacked_size(data: bytes, file: str) -> None:
    """Refuse a workbook that unpacks to more than MAX_UNCOMPRESSED bytes (a zip bomb)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except ZIP_ERRORS as exc:
        raise SheetError.single(file, Code.UNREADABLE_FILE, msg("read.damaged_short")) from exc
    if total > MAX_UNCOMPRESSED:
        raise SheetError.single(file, Code.UNREADABLE_FILE,
                                msg("read.unpacks", size=total, limit=MAX_UNCOMPRESSED))


def calamine_grid(data: bytes, file: str, kind: str, sheet: str | None, max_rows: int,
                  decimal: str) -> list[list[str]]:
    """The cells of an .xls or .ods sheet as the text a CSV would hold (see cell_text)."""
    from python_calamine import CalamineError, CalamineWorkbook, PasswordError

    from ictrank.sheets import cell_text

    if kind == "ods":
        check_unpacked_size(data, file)
    try:
        with rust_panics_quiet():
            book = CalamineWorkbook.from_filelike(io.BytesIO(data))
            name = _sheet_name(book, file, sheet)
            table = book.get_sheet_by_name(name)
            if table.total_height > max_rows:
                raise SheetError.single(file, Code.UNREADABLE_FILE,
                                        msg("read.too_many_rows", limit=max_rows))
            rows = table.to_python(skip_empty_area=False)
    except PasswordError as exc:
        raise SheetError.single(file, Code.UNREADABLE_FILE, msg("read.password")) from exc
    except (CalamineError, ValueError, OSError, _Panic) as exc:
        if kind == "xls":
            raise SheetError.single(file, Code.UNREADABLE_FILE, msg("read.bad_xls")) from exc
        raise SheetError.single(file, Code.UNREADABLE_FILE,
                                msg("read.bad_ods", error=type(exc).__name__)) from exc
    percent = _ods_percent_cells(data, name) if kind == "ods" else set()
    grid = []
    for r, row in enumerate(rows):
        cells = [cell_text(value, "0%" if (r, c) in percent else None, decimal)
                 for c, value in enumerate(row)]
        while cells and not cells[-1]:
            cells.pop()
        grid.append(cells)
    while grid and not grid[-1]:
        grid.pop()
    return grid


class _Panic(Exception):
    """calamine gave up on a damaged file with a Rust panic (pyo3's PanicException, which
    is not an Exception and would pass every handler)."""


@contextlib.contextmanager
def rust_panics_quiet() -> Iterator[None]:
    """Turn a Rust panic into _Panic, and keep the panic's own report (written by Rust
    straight to the process's stderr) off the user's screen: the user gets one message."""
    saved = os.dup(2)
    try:
        with open(os.devnull, "wb") as devnull:
            os.dup2(devnull.fileno(), 2)
        try:
            yield
        except BaseException as exc:
            if type(exc).__name__ == "PanicException":
                raise _Panic(str(exc)) from exc
            raise
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def _sheet_name(book: Any, file: str, sheet: str | None) -> str:
    """The worksheet asked for: by name, by number from 1, or the first worksheet."""
    names = [m.name for m in book.sheets_metadata if "WorkSheet" in str(m.typ)]
    if not names:
        raise SheetError.single(file, Code.UNREADABLE_FILE, msg("read.no_worksheet_short"))
    if sheet is None:
        return str(names[0])
    if sheet in names:
        return sheet
    if sheet.isdigit() and 1 <= int(sheet) <= len(names):
        return str(names[int(sheet) - 1])
    raise SheetError.single(file, Code.UNREADABLE_FILE,
                            msg("read.no_sheet", name=sheet, names=", ".join(names)))


_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"


def _ods_percent_cells(data: bytes, sheet: str) -> set[tuple[int, int]]:
    """(row, column) from 0 of the cells of `sheet` whose type is percentage."""
    import xml.etree.ElementTree as ET

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            content = archive.read("content.xml")
    except ZIP_ERRORS:
        return set()  # calamine read the cells; a damaged XML is no percentage
    if b'value-type="percentage"' not in content:
        return set()
    found: set[tuple[int, int]] = set()
    try:
        _scan_percentages(ET.iterparse(io.BytesIO(content), events=("start", "end")),
                          sheet, found)
    except (ET.ParseError, ValueError):
        return found  # a damaged XML (or a repeat count not a number): the cells read so far
    return found


def _scan_percentages(events: Any, sheet: str, found: set[tuple[int, int]]) -> None:
    inside = False
    row = col = 0
    for event, element in events:
        tag = element.tag
        if tag == f"{_TABLE}table":
            if event == "start":
                inside, row = element.get(f"{_TABLE}name") == sheet, 0
            elif inside:
                break
        elif not inside:
            continue
        elif tag == f"{_TABLE}table-row":
            if event == "start":
                col = 0
            else:
                row += int(element.get(f"{_TABLE}number-rows-repeated", "1"))
                element.clear()
        elif tag in (f"{_TABLE}table-cell", f"{_TABLE}covered-table-cell") and event == "start":
            repeat = int(element.get(f"{_TABLE}number-columns-repeated", "1"))
            if element.get(f"{_OFFICE}value-type") == "percentage":
                found.update((row, c) for c in range(col, col + min(repeat, 16_384)))
            col += repeat


def grid_frame(grid: list[list[str]]) -> tuple[pd.DataFrame, np.ndarray]:
    """A ragged grid as a rectangular frame of text, and its row numbers from 1."""
    width = max((len(r) for r in grid), default=0)
    frame = pd.DataFrame([r + [""] * (width - len(r)) for r in grid], dtype=str)
    return frame, np.arange(1, len(grid) + 1)
