"""A workbook opened for reading: the `Book` every reader gives, its worksheets' cells as
text (`SheetCells`), and the rules all workbooks share (the sheet chosen, the zip bomb
refused).
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
import pandas as pd

from ictrank.codes import Code
from ictrank.errors import SheetError
from ictrank.messages import msg

ZIP_MAGIC = b"PK\x03\x04"


OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # old .xls (and .doc, and password-protected .xlsx)


# what reading a damaged zip (a workbook) can raise: a bad archive, a truncated or corrupt
# member, or a compression method zipfile has not got
ZIP_ERRORS = (zipfile.BadZipFile, OSError, KeyError, zlib.error, EOFError, ValueError,
              NotImplementedError)


MAX_UNCOMPRESSED = 1_000_000_000  # bytes; a larger workbook is refused as a likely zip bomb


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


class Book(Protocol):
    """A workbook opened for reading: its worksheets by name, each read as text."""

    file: str

    @property
    def sheet_names(self) -> list[str]: ...

    @property
    def hidden_sheets(self) -> set[str]: ...

    def cells(self, name: str, max_rows: int, decimal: str = ".") -> SheetCells: ...


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


def grid_frame(grid: list[list[str]]) -> tuple[pd.DataFrame, np.ndarray]:
    """A ragged grid as a rectangular frame of text, and its row numbers from 1."""
    width = max((len(r) for r in grid), default=0)
    frame = pd.DataFrame([r + [""] * (width - len(r)) for r in grid], dtype=str)
    return frame, np.arange(1, len(grid) + 1)
