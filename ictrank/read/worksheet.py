"""A workbook's worksheet into a `RawSheet`, its formulas without a value reported at their
cells.
"""

from __future__ import annotations

import numpy as np

from ictrank.codes import Code
from ictrank.messages import msg
from ictrank.read.book import Book, choose_sheet, grid_frame
from ictrank.read.cells import excel_letter
from ictrank.read.grid import _from_grid
from ictrank.read.raw import MAX_XLSX_ROWS, ColumnHints, RawSheet, empty
from ictrank.report import Problem


def read_book_sheet(book: Book, sheet: str | None = None,
                    hints: ColumnHints | None = None) -> RawSheet:
    """A worksheet of `book` (by name, number from 1, or the first) as a sheet."""
    cells = book.cells(choose_sheet(book, sheet), MAX_XLSX_ROWS, hints.decimal if hints else ".")
    raw = _workbook_sheet(cells.grid, book.file, hints)
    raw.problems += _formula_problems(raw, cells.formulas)
    names = list(raw.frame.columns)

    def placed(cells: list[tuple[int, int]]) -> frozenset[tuple[int, str]]:
        return frozenset((row, names[col - 1]) for row, col in cells
                         if row > raw.header_row and col <= len(names))

    raw.text_numbers = placed(cells.text_numbers)
    raw.percent_cells = placed(cells.percent_cells)
    return raw


def _workbook_sheet(grid: list[list[str]], file: str, hints: ColumnHints | None) -> RawSheet:
    """A workbook's grid of text as a sheet, its columns known by their letters."""
    if not grid:
        raise empty(file, msg("read.sheet_empty"))
    frame, rownums = grid_frame(grid)
    nonblank = np.fromiter((any(cell.strip() for cell in row) for row in grid), bool, len(grid))
    return _from_grid(frame, file, rownums, [excel_letter(i) for i in range(frame.shape[1])],
                      hints, nonblank)


def _formula_problems(raw: RawSheet, cells: list[tuple[int, int]]) -> list[Problem]:
    names = list(raw.frame.columns)
    problems = []
    for row, col in cells:
        if row <= raw.header_row or col > len(names):
            continue
        problems.append(Problem(
            raw.file, row, names[col - 1], Code.FORMULA_WITHOUT_VALUE,
            msg("read.uncomputed"),
            cell=f"{excel_letter(col - 1)}{row}"))
    return problems
