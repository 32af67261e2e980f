"""Which kind of file a sheet is, and the workbooks: one `Book` per kind, each giving its
worksheets' cells as the text a CSV would hold.

- .xlsx: `xlsx_reader.XlsxBook`, its XML parts parsed with defusedxml's ElementTree.
- .ods (LibreOffice): python-calamine (Rust, wheels for Linux, Windows and macOS, no
  system library) reads the values; it does not report number formats, so the cells
  typed as percentages are found by parsing content.xml (85 % is stored as 0.85; the
  sheet means 85, as in a CSV or an .xlsx).
- .xls (Excel 97-2003): xlrd with `formatting_info=True`, the one maintained reader that
  gives an .xls cell's number format, so a percentage cell reads as shown there too.
"""

from __future__ import annotations

import contextlib
import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np
import pandas as pd

from ictrank import number_format
from ictrank.codes import Code
from ictrank.errors import SheetError
from ictrank.messages import Message, msg
from ictrank.number_format import NumberFormat

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
            return "xlsx"  # the .xlsx reader says the file is damaged
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


@dataclass
class SheetCells:
    """A sheet's cells as text, row by row (each row without its empty cells at the end),
    and the (row, column) from 1 of the formulas stored without a value."""

    grid: list[list[str]]
    formulas: list[tuple[int, int]] = field(default_factory=list)
    # (row, column) from 1 of the text cells shaped like a number with thousands dots
    # (3.000, 12.345.678): typed as text, not a number cell, they read two ways
    text_numbers: list[tuple[int, int]] = field(default_factory=list)
    # (row, column) from 1 of the number cells shown as percentages (0.85 shown 85 %), read
    # as shown (85): a criterion of fractions reads them back as 0.85
    percent_cells: list[tuple[int, int]] = field(default_factory=list)


_DOTTED = re.compile(r"[+-]?[1-9]\d{0,2}(?:\.\d{3})+")


def dotted(text: str) -> bool:
    """True for text shaped like a number with dots between thousands (3.000, 1.250):
    3000, or 3.0 with a decimal point?"""
    return "." in text and _DOTTED.fullmatch(text.strip()) is not None


class Book(Protocol):
    """A workbook opened for reading: its worksheets by name, each read as text."""

    file: str

    @property
    def sheet_names(self) -> list[str]: ...

    @property
    def hidden_sheets(self) -> set[str]: ...

    def cells(self, name: str, max_rows: int, decimal: str = ".") -> SheetCells: ...


def open_book(data: bytes, file: str) -> Book | None:
    """The workbook `data` holds (None for a text sheet, such as a CSV)."""
    kind = workbook_kind(data, file)
    if kind == "xlsx":
        if data.startswith(OLE_MAGIC):
            raise SheetError.single(file, Code.UNREADABLE_FILE, msg("read.password_xlsx"))
        from ictrank.xlsx_reader import XlsxBook

        return XlsxBook(data, file)
    if kind == "ods":
        return OdsBook(data, file)
    if kind == "xls":
        return XlsBook(data, file)
    return None


def choose_sheet(book: Book, sheet: str | None) -> str:
    """The worksheet asked for: by name, by number from 1, or the first worksheet."""
    names = book.sheet_names
    if not names:
        raise SheetError.single(book.file, Code.UNREADABLE_FILE, msg("read.no_worksheet"))
    if sheet is None:  # the first a person sees: a hidden sheet is no agency's table
        hidden = book.hidden_sheets
        return next((name for name in names if name not in hidden), names[0])
    if sheet in names:
        return sheet
    if sheet.isdigit() and 1 <= int(sheet) <= len(names):
        return names[int(sheet) - 1]
    raise SheetError.single(book.file, Code.UNREADABLE_FILE,
                            msg("read.no_sheet", name=sheet, names=", ".join(names)))


def _trimmed_grid(rows: Iterator[list[str]]) -> list[list[str]]:
    grid = []
    for cells in rows:
        while cells and not cells[-1]:
            cells.pop()
        grid.append(cells)
    while grid and not grid[-1]:
        grid.pop()
    return grid


class OdsBook:
    """An OpenDocument spreadsheet (LibreOffice's .ods), read by python-calamine; the cells
    typed as percentages are found in its content.xml (calamine gives their fraction)."""

    def __init__(self, data: bytes, file: str):
        from python_calamine import CalamineWorkbook

        check_unpacked_size(data, file)
        self.data, self.file = data, file
        with self._reading():
            self.book = CalamineWorkbook.from_filelike(io.BytesIO(data))
            self._names = [str(m.name) for m in self.book.sheets_metadata
                           if "WorkSheet" in str(m.typ)]
            self._hidden = {str(m.name) for m in self.book.sheets_metadata
                            if "Hidden" in str(m.visible)}

    @property
    def sheet_names(self) -> list[str]:
        return self._names

    @property
    def hidden_sheets(self) -> set[str]:
        return self._hidden

    @contextlib.contextmanager
    def _reading(self) -> Iterator[None]:
        from python_calamine import CalamineError, PasswordError

        try:
            with rust_panics_as_errors():
                yield
        except PasswordError as exc:
            raise SheetError.single(self.file, Code.UNREADABLE_FILE,
                                    msg("read.password")) from exc
        except (CalamineError, ValueError, OSError, _Panic) as exc:
            raise SheetError.single(self.file, Code.UNREADABLE_FILE,
                                    msg("read.bad_ods")) from exc

    def cells(self, name: str, max_rows: int, decimal: str = ".") -> SheetCells:
        from ictrank.sheets import cell_text

        found = SheetCells([])

        def text(row: int, col: int, value: Any) -> str:
            """One cell, noted where it is a dotted text or shown as a percentage."""
            if isinstance(value, str) and dotted(value):
                found.text_numbers.append((row + 1, col + 1))
            if (row, col) in percent:
                found.percent_cells.append((row + 1, col + 1))
                return cell_text(value, "0%", decimal)
            return cell_text(value, None, decimal)

        with self._reading():
            table = self.book.get_sheet_by_name(name)
            if table.total_height > max_rows:
                raise SheetError.single(self.file, Code.UNREADABLE_FILE,
                                        msg("read.too_many_rows", limit=max_rows))
            rows = table.to_python(skip_empty_area=False)
        percent = _ods_percent_cells(self.data, name)
        found.grid = _trimmed_grid([text(r, c, value) for c, value in enumerate(row)]
                                   for r, row in enumerate(rows))
        return found


def xls_errors() -> tuple[type[BaseException], ...]:
    """What xlrd raises on a damaged, truncated or foreign .xls: its own errors, and the
    errors of the binary structures it decodes (a length past the end, a bad index)."""
    import struct

    import xlrd
    from xlrd.compdoc import CompDocError

    return (xlrd.XLRDError, CompDocError, struct.error, IndexError, KeyError, ValueError,
            AssertionError, EOFError, TypeError, OverflowError, ZeroDivisionError)


class XlsBook:
    """An Excel 97-2003 workbook (.xls), read by xlrd with its formatting, so that a cell
    shown as 85 % reads 85 and an id shown as 007 reads 007, as in an .xlsx."""

    def __init__(self, data: bytes, file: str):
        import xlrd

        self.file = file
        try:  # only xlrd's parsing is inside: what it raises is about the file
            self.book = xlrd.open_workbook(file_contents=data, formatting_info=True,
                                           logfile=io.StringIO(), verbosity=0,
                                           ragged_rows=True)
        except xls_errors() as exc:
            raise SheetError.single(file, Code.UNREADABLE_FILE, msg("read.bad_xls")) from exc
        self._formats: dict[int, NumberFormat] = {}

    @property
    def sheet_names(self) -> list[str]:
        return [str(name) for name in self.book.sheet_names()]

    @property
    def hidden_sheets(self) -> set[str]:
        return {str(sheet.name) for sheet in self.book.sheets() if sheet.visibility}

    def _format(self, xf_index: int) -> NumberFormat:
        found = self._formats.get(xf_index)
        if found is None:
            xf_list, format_map = self.book.xf_list, self.book.format_map
            key = xf_list[xf_index].format_key if xf_index < len(xf_list) else 0
            code = format_map[key].format_str if key in format_map else ""
            found = self._formats[xf_index] = number_format.parse(code)
        return found

    def cells(self, name: str, max_rows: int, decimal: str = ".") -> SheetCells:
        sheet = self.book.sheet_by_name(name)
        if sheet.nrows > max_rows:
            raise SheetError.single(self.file, Code.UNREADABLE_FILE,
                                    msg("read.too_many_rows", limit=max_rows))
        found = SheetCells([])
        found.grid = _trimmed_grid(
            [self._text(sheet, r, c, decimal, found) for c in range(sheet.row_len(r))]
            for r in range(sheet.nrows))
        return found

    def _text(self, sheet: Any, row: int, col: int, decimal: str, found: SheetCells) -> str:
        """One cell as text; a dotted text or a cell shown as a percentage is noted in
        `found`."""
        import xlrd

        from ictrank.sheets import cell_text

        kind, value = sheet.cell_type(row, col), sheet.cell_value(row, col)
        if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
            return ""
        if kind == xlrd.XL_CELL_TEXT:
            if dotted(value):
                found.text_numbers.append((row + 1, col + 1))
            return cell_text(value)
        if kind == xlrd.XL_CELL_BOOLEAN:
            return cell_text(bool(value))
        if kind == xlrd.XL_CELL_ERROR:
            return str(xlrd.error_text_from_code.get(value, "#N/A"))
        fmt = self._format(sheet.cell_xf_index(row, col))
        if kind == xlrd.XL_CELL_DATE or fmt.date:
            try:
                return cell_text(xlrd.xldate.xldate_as_datetime(value, self.book.datemode))
            except (xlrd.xldate.XLDateError, OverflowError, ValueError):
                return "#VALUE!"
        number = int(value) if float(value).is_integer() and abs(value) < 1e15 else value
        section = fmt.section(value)
        if section.percents:
            found.percent_cells.append((row + 1, col + 1))
            return cell_text(value * 100 ** (section.percents - 1), "0%", decimal)
        if section.padded:
            return cell_text(number, "0" * section.padded, decimal)
        return cell_text(float(value), None, decimal)


class _Panic(Exception):
    """calamine gave up on a damaged file with a Rust panic (pyo3's PanicException, which
    is not an Exception and would pass every handler)."""


@contextlib.contextmanager
def rust_panics_as_errors() -> Iterator[None]:
    """Turn a Rust panic into _Panic, so that the user gets one message about the file.
    (Rust writes the panic's own report to the process's stderr: it is left there, as
    anything the library says before it stops.)"""
    try:
        yield
    except BaseException as exc:
        if type(exc).__name__ == "PanicException":
            raise _Panic(str(exc)) from exc
        raise


_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"


def _ods_percent_cells(data: bytes, sheet: str) -> set[tuple[int, int]]:
    """(row, column) from 0 of the cells of `sheet` whose type is percentage."""
    from ictrank.xlsx_reader import PARSE_ERRORS, stream_events

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            content = archive.read("content.xml")
    except ZIP_ERRORS:
        return set()  # calamine read the cells; a damaged XML is no percentage
    found: set[tuple[int, int]] = set()
    try:
        _scan_percentages(stream_events(io.BytesIO(content), ("start", "end")), sheet, found)
    except PARSE_ERRORS:
        return found  # a damaged XML (or a repeat count not a number): the cells read so far
    return found


def _count(text: str | None) -> int:
    """A repeat count of content.xml (1 where it is missing or not a count)."""
    text = (text or "").strip()
    return int(text) if text.isdigit() and text.isascii() else 1


def _scan_percentages(events: Any, sheet: str, found: set[tuple[int, int]]) -> None:
    """(row, column) from 0 of the percentage cells of `sheet`, repeated rows and columns
    counted as LibreOffice writes them (two equal rows are one row repeated twice)."""
    inside = False
    row = col = 0
    in_row: list[int] = []  # the percentage columns of the row being read
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
                col, in_row = 0, []
                continue
            repeat = _count(element.get(f"{_TABLE}number-rows-repeated"))
            if in_row:
                found.update((r, c) for r in range(row, row + min(repeat, 1_000_000))
                             for c in in_row)
            row += repeat
            element.clear()
        elif tag in (f"{_TABLE}table-cell", f"{_TABLE}covered-table-cell") and event == "start":
            repeat = _count(element.get(f"{_TABLE}number-columns-repeated"))
            if element.get(f"{_OFFICE}value-type") == "percentage":
                in_row += range(col, col + min(repeat, 16_384))
            col += repeat


def grid_frame(grid: list[list[str]]) -> tuple[pd.DataFrame, np.ndarray]:
    """A ragged grid as a rectangular frame of text, and its row numbers from 1."""
    width = max((len(r) for r in grid), default=0)
    frame = pd.DataFrame([r + [""] * (width - len(r)) for r in grid], dtype=str)
    return frame, np.arange(1, len(grid) + 1)
