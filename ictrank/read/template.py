"""A filled template (`ictrank template`) read back: the layout the writer and the
reader share, the columns a sheet must carry, and the reading by marker sheet and keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ictrank.codes import Code
from ictrank.criteria import Criteria
from ictrank.criteria.model import Titled
from ictrank.errors import SheetError
from ictrank.labels import normalize_label
from ictrank.messages import msg, term
from ictrank.methods import CellKind
from ictrank.read.book import Book, SheetCells
from ictrank.read.cells import excel_letter
from ictrank.read.raw import RawSheet
from ictrank.report import Problem

META_SHEET = "_ictrank"


MARKER = "ictrank-template"


HEADER_ROW = 7


FIRST_ROW = 8


VALUE_COL = "F"


GROUPS_ROW = 6  # of the hidden sheet: the group titles the drop-down lists


_TEXT_KEYS = ("sheet", "id", "name", "group", "column", "criterion", "unit", "accepted",
              "applies", "value", "all", "yes_no", "whole", "number", "one_of", "from", "to",
              "at_least", "at_most", "instructions", "bad", "fill")


TEXT = {lang: {key: term(f"template.{key}", lang) for key in _TEXT_KEYS} for lang in ("en", "vi")}


@dataclass(frozen=True, kw_only=True)
class InputColumn(Titled):
    """One column an agency fills in: a leaf's indicator, a ratio's total, or a deduction."""

    name: str
    unit: str | None
    kind: str  # number | integer | a CellKind (yes_no, choice)
    bounds: tuple[float | None, float | None]
    choices: tuple[str, ...] = ()
    applies_to: frozenset[str] | None = None


def input_columns(criteria: Criteria) -> list[InputColumn]:
    """Every indicator column a sheet must carry, in criteria order, each once."""
    found: dict[str, InputColumn] = {}

    def add(column: InputColumn) -> None:
        found.setdefault(normalize_label(column.name), column)

    for leaf in criteria.leaves():
        assert leaf.kind is not None
        if leaf.kind.cell != CellKind.NUMBER:
            kind: str = leaf.kind.cell
        else:
            kind = "integer" if leaf.integer else "number"
        lo, hi = leaf.bounds if leaf.bounds is not None else (None, None)
        if leaf.kind.nonnegative and (lo is None or lo < 0):
            lo = 0.0
        add(InputColumn(name=leaf.column or leaf.id, title=leaf.title, title_vi=leaf.title_vi,
                        unit=leaf.unit, kind=kind, bounds=(lo, hi),
                        choices=tuple(k for k, _ in leaf.choices), applies_to=leaf.applies_to))
        if leaf.per is not None:
            add(InputColumn(name=leaf.per, title=msg("template.total", title=leaf.title),
                            title_vi=msg("template.total", title=leaf.title_vi).text("vi")
                            if leaf.title_vi else None,
                            unit=leaf.unit, kind=kind if kind == "integer" else "number",
                            bounds=(0.0, None), applies_to=leaf.applies_to))
    for ded in criteria.adjustments:
        add(InputColumn(name=ded.column, title=ded.title, title_vi=ded.title_vi, unit=None,
                        kind="number", bounds=(0.0, None)))
    return list(found.values())


MAX_TEMPLATE_ROWS = 5000


def is_template(book: Book | None) -> bool:
    """True for a workbook made by `ictrank template` (it has the hidden marker sheet),
    whether saved again by Excel (.xlsx) or by LibreOffice (.ods, .xls)."""
    return book is not None and META_SHEET in book.sheet_names


@dataclass(frozen=True)
class _Labels:
    """The labels a template carries, in either language, normalised."""

    identity: dict[str, str]  # label in column A -> identity column (id, name, group)
    header: frozenset[str]  # the "Column" header of the indicator rows
    value: frozenset[str]  # the "Value" header
    fill: frozenset[str]  # the closing instruction line

    @classmethod
    def of(cls, criteria: Criteria) -> _Labels:
        cols = criteria.columns
        identity = {}
        for t in TEXT.values():
            for key, column in (("id", cols.id), ("name", cols.name), ("group", cols.group)):
                identity[normalize_label(f"{t[key]} ({column})")] = column
        return cls(identity, frozenset(normalize_label(t["column"]) for t in TEXT.values()),
                   frozenset(normalize_label(t["value"]) for t in TEXT.values()),
                   frozenset(normalize_label(t["fill"]) for t in TEXT.values()))


def read_template(book: Book | None, criteria: Criteria, decimal: str = ".",
                  file: str | None = None) -> RawSheet:
    """A filled template as a one-row sheet whose problems point at the template's cells.

    The workbook is read by its marker sheet and by the keys in column A, not by fixed
    positions: rows inserted, sheets reordered or renamed do not move a value. `file`
    names a source that is not a workbook at all (a CSV given to `collect`)."""
    meta = _meta(book) if book is not None else None
    if book is None or meta is None:
        raise SheetError.single(book.file if book is not None else file or "",
                                Code.NOT_A_TEMPLATE, msg("collect.not_template"))
    _check_criteria(meta, book.file, criteria)
    keys = {normalize_label(c.name) for c in input_columns(criteria)}
    cells = book.cells(_indicator_sheet(book, meta, keys), MAX_TEMPLATE_ROWS, decimal)
    return _template_sheet(cells, book.file, criteria, keys)


def _meta(book: Book) -> dict[str, list[str]] | None:
    if META_SHEET not in book.sheet_names:
        return None
    rows = book.cells(META_SHEET, 50).grid
    if not rows or not rows[0] or rows[0][0] != MARKER:
        return None
    return {row[0]: row[1:] for row in rows[1:] if row and row[0]}


def _check_criteria(meta: dict[str, list[str]], file: str, criteria: Criteria) -> None:
    """A template made from other criteria may ask for other indicators, or read them
    otherwise: `template-mismatch`, naming both."""
    stored = (meta.get("criteria_sha256") or [""])[0]
    if stored and stored != criteria.sha256:
        made_from = (meta.get("criteria") or ["?"])[0]
        raise SheetError.single(
            file, Code.TEMPLATE_MISMATCH,
            msg("template.mismatch", made_from=made_from, stored=stored[:12],
                file=Path(criteria.source).name, sha=criteria.sha256[:12]))


def _indicator_sheet(book: Book, meta: dict[str, list[str]], keys: set[str]) -> str:
    """The sheet the meta names, else the one whose column A holds most indicator keys."""
    named = (meta.get("sheet") or [""])[0]
    sheets = [name for name in book.sheet_names if name != META_SHEET]
    if named in sheets:
        return named

    def known(name: str) -> int:
        grid = book.cells(name, MAX_TEMPLATE_ROWS).grid
        return sum(1 for row in grid if row and normalize_label(row[0]) in keys)

    return max(sheets, key=known) if sheets else book.sheet_names[0]


def _template_sheet(cells: SheetCells, file: str, criteria: Criteria,
                    keys: set[str]) -> RawSheet:
    """Walk the rows: identity labels, the header, indicator keys; anything else typed
    below the header is reported, never dropped silently. A formula stored without its
    value in a cell read is `formula-without-value` there, as in any sheet."""
    walk = _TemplateWalk(file, criteria, keys)
    for number, row in enumerate(cells.grid, start=1):
        walk.row(number, row)
    for column in (criteria.columns.id, criteria.columns.name):
        walk.values.setdefault(column, "")
    read_at = {cell: column for column, (_, cell) in walk.cells.items()}
    for at_row, col in cells.formulas:
        cell = f"{excel_letter(col - 1)}{at_row}"
        if cell in read_at:
            walk.problems.append(Problem(file, at_row, read_at[cell], Code.FORMULA_WITHOUT_VALUE,
                                         msg("read.uncomputed"), cell=cell))
    frame = pd.DataFrame({k: [v] for k, v in walk.values.items()}, dtype=str)
    def placed(found: list[tuple[int, int]]) -> frozenset[tuple[int, str]]:
        """Cells of the template read as values, as (row 2, column) of its one-row sheet."""
        return frozenset((2, read_at[f"{excel_letter(col - 1)}{row}"]) for row, col in found
                         if f"{excel_letter(col - 1)}{row}" in read_at)

    return RawSheet(file, frame, np.array([2]), problems=walk.problems,
                    template_cells=walk.cells, text_numbers=placed(cells.text_numbers),
                    percent_cells=placed(cells.percent_cells))


class _TemplateWalk:
    """What the rows of a filled template say, row by row."""

    def __init__(self, file: str, criteria: Criteria, keys: set[str]):
        self.file = file
        self.labels = _Labels.of(criteria)
        cols = criteria.columns
        # an identity column typed as an indicator row would replace B3: it is a duplicate
        self.keys = keys | {normalize_label(c) for c in (cols.id, cols.name, cols.group)}
        self.value_col = ord(VALUE_COL) - ord("A")
        self.header_seen = False
        self.values: dict[str, str] = {}
        self.cells: dict[str, tuple[int, str]] = {}
        self.problems: list[Problem] = []

    def row(self, number: int, row: list[str]) -> None:
        key = normalize_label(row[0]) if row else ""
        if key in self.labels.identity:
            self.put(self.labels.identity[key], row[1] if len(row) > 1 else "", number,
                     f"B{number}")
        elif key in self.labels.header:
            self.header_seen = True
            found = [i for i, text in enumerate(row) if normalize_label(text) in
                     self.labels.value]
            self.value_col = found[0] if found else self.value_col
        elif self.header_seen and key in self.keys:
            value = row[self.value_col] if self.value_col < len(row) else ""
            self.put(row[0].strip(), value, number, f"{excel_letter(self.value_col)}{number}")
        elif self.header_seen and key not in self.labels.fill and any(t.strip() for t in row):
            text = " | ".join(t.strip() for t in row if t.strip())
            self.problems.append(Problem(
                self.file, number, None, Code.UNKNOWN_COLUMN,
                msg("template.note_row", row=number, text=text[:80]), cell=f"A{number}"))

    def put(self, column: str, value: str, row: int, cell: str) -> None:
        """One template value; a second row for the same column would replace the first."""
        same = [c for c in self.values if normalize_label(c) == normalize_label(column)]
        if same:
            self.problems.append(Problem(
                self.file, row, column, Code.DUPLICATE_COLUMN,
                msg("template.twice", column=column, cell=self.cells[same[0]][1]), cell=cell))
            return
        self.values[column] = value
        self.cells[column] = (row, cell)
