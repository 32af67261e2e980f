"""A sheet as read: its cells as text, where each sits in the file, and the problems found
while reading; the limits every reader keeps to.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ictrank.codes import Code
from ictrank.criteria.model import NumberFormat
from ictrank.errors import SheetError
from ictrank.labels import normalize_label
from ictrank.messages import msg
from ictrank.report import Problem

MAX_XLSX_ROWS = 1_000_000


MAX_COLUMNS = 16_384  # as many as Excel holds


@dataclass(frozen=True)
class JoinedColumn:
    """Where a column's cells came from when `--join` put them there (ictrank/join.py)."""

    file: str
    rows: np.ndarray  # per row of the sheet: the joined sheet's row, 0 for the sheet's own
    letter: str | None  # the column's letter in a joined workbook


@dataclass
class RawSheet:
    """One sheet's cells as text, with where each row and column sits in the file."""

    file: str
    frame: pd.DataFrame  # columns as written in the header; every cell a str
    rows: np.ndarray  # spreadsheet row number of each frame row (header = 1)
    letters: dict[str, str] | None = None  # column -> Excel column letter, for XLSX
    problems: list[Problem] = field(default_factory=list)  # found while reading
    header_row: int = 1  # the header's row in the file
    # a filled template: where each column's one value sits (row, cell such as F12)
    template_cells: dict[str, tuple[int, str]] | None = None
    # (row, column) of the workbook text cells shaped like a number with thousands dots
    text_numbers: frozenset[tuple[int, str]] = frozenset()
    # (row, column) of the workbook number cells shown as percentages (read as shown)
    percent_cells: frozenset[tuple[int, str]] = frozenset()
    # the decimal comma this CSV was read with because its cells show it (decimal_mark.py)
    number_format: NumberFormat | None = None
    # columns put here by --join: where their cells are, and how that sheet writes numbers
    joined: dict[str, JoinedColumn] = field(default_factory=dict)
    column_formats: dict[str, NumberFormat] = field(default_factory=dict)

    def cell(self, column: str, row: int) -> str | None:
        if self.letters is None or column not in self.letters:
            return None
        return f"{self.letters[column]}{row}"

    def place(self, column: str | None, row: int | None) -> tuple[int | None, str | None]:
        """Where a problem at (column, row) is in the file: its row and cell."""
        if self.template_cells is not None:
            return self.template_cells.get(column or "", (None, None))
        if column is None or row is None:
            return row, None
        return row, self.cell(column, row)

    def locate(self, column: str | None, row: int | None) -> tuple[str, int | None, str | None]:
        """The file, row and cell of a problem at (column, row): a joined cell's own."""
        joined = self.joined.get(column) if column is not None else None
        if joined is not None and row is not None:
            at = np.flatnonzero(self.rows == row)
            there = int(joined.rows[at[0]]) if at.size else 0
            if there:
                return joined.file, there, (f"{joined.letter}{there}" if joined.letter
                                            else None)
        row, cell = self.place(column, row)
        return self.file, row, cell

    def column_index(self) -> dict[str, str]:
        """Normalised header name -> header as written (first one wins)."""
        index: dict[str, str] = {}
        for name in self.frame.columns:
            index.setdefault(normalize_label(name), name)
        return index


def unreadable(file: str, message: str) -> SheetError:
    """The error for a file that cannot be read as a sheet at all."""
    return SheetError.single(file, Code.UNREADABLE_FILE, message)


def empty(file: str, message: str | None = None) -> SheetError:
    return SheetError.single(file, Code.EMPTY_FILE, message or msg("read.empty"))


# cells that mean "no value" (docs/criteria-format.md, "Missing values"), trimmed and
# case-folded; MISSING_CELLS holds every case variant, for pandas' exact matching
MISSING_TOKENS = frozenset({"", "na", "n/a", "-", "—", "–"})


MISSING_CELLS = sorted({"".join(chars) for token in MISSING_TOKENS
                        for chars in itertools.product(*({c, c.upper()} for c in token))})


@dataclass(frozen=True)
class ColumnHints:
    """How to read a CSV's columns quickly: which hold text, which few distinct values.

    Every other column is read as numbers by the C parser when all its cells are
    numbers or missing (8 bytes a cell, no Python object), and as text otherwise,
    so that `validate` can say what is wrong with each bad cell.
    """

    text: frozenset[str] = frozenset()  # normalised names: ids, names, groups
    category: frozenset[str] = frozenset()  # normalised names: yes/no and choice columns
    decimal: str = "."
    thousands: str | None = None
    # finding the header row (docs/criteria-format.md, "Header row")
    id_names: frozenset[str] = frozenset()  # normalised names the id column may have
    header_names: frozenset[str] = frozenset()  # every column the criteria read
    header_row: int | None = None  # given by --header-row


def empty_cells(column: pd.Series) -> np.ndarray:
    """True where a cell holds nothing (missing number, empty or blank text)."""
    if pd.api.types.is_numeric_dtype(column.dtype):
        return column.isna().to_numpy()
    if isinstance(column.dtype, pd.CategoricalDtype):
        blank_category = np.append(
            (pd.Series(column.cat.categories.astype(str)).str.strip() == "").to_numpy(), True)
        return blank_category[column.cat.codes.to_numpy()]  # code -1 (NaN) -> last entry
    return (column.isna() | (column.astype(str).str.strip() == "")).to_numpy()


def blank_rows(frame: pd.DataFrame) -> np.ndarray:
    """True for each row with nothing in any cell (stops looking once no row is blank)."""
    blank = np.ones(len(frame), dtype=bool)
    for name in frame.columns:
        blank &= empty_cells(frame[name])
        if not blank.any():
            break
    return blank
