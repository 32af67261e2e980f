"""`.ods` (LibreOffice): python-calamine (Rust, wheels for Linux, Windows and macOS, no
system library) reads the values; it does not report number formats, so the cells typed as
percentages are found by parsing content.xml (85 % is stored as 0.85; the sheet means 85,
as in a CSV or an .xlsx).
"""

from __future__ import annotations

import contextlib
import io
import zipfile
from collections.abc import Iterator
from typing import Any

from ictrank.codes import Code
from ictrank.errors import SheetError
from ictrank.messages import msg
from ictrank.read.book import ZIP_ERRORS, SheetCells, _trimmed_grid, check_unpacked_size
from ictrank.read.cells import cell_text, dotted
from ictrank.read.xml import PARSE_ERRORS, stream_events


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
