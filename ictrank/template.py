"""`ictrank template`: a submission workbook an agency fills in, and how `collect` reads it back.

Layout (fixed, so `collect` can read it): identity cells B3 (id), B4 (name), B5
(group); a header on row 7; from row 8 one row per input column with its column
name in A and the value in F. A hidden sheet `_ictrank` marks the workbook as a
template and records the criteria it was made from.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ictrank.codes import Code
from ictrank.criteria import Criteria, Group, normalize_label
from ictrank.criteria.model import Titled
from ictrank.errors import SheetError
from ictrank.messages import msg, term
from ictrank.methods import CellKind
from ictrank.render.common import today
from ictrank.render.xlsx_book import MAX_MESSAGE, MAX_MESSAGE_TITLE
from ictrank.report import Problem
from ictrank.safety import spreadsheet_text, xml_text

if TYPE_CHECKING:
    from ictrank.render.xlsx_book import Sheet
    from ictrank.sheets import RawSheet
    from ictrank.workbook_formats import Book, SheetCells

META_SHEET = "_ictrank"
MARKER = "ictrank-template"
ID_CELL, NAME_CELL, GROUP_CELL = "B3", "B4", "B5"
HEADER_ROW = 7
FIRST_ROW = 8
VALUE_COL = "F"
GROUPS_ROW = 6  # of the hidden sheet: the group titles the drop-down lists

_TEXT_KEYS = ("sheet", "id", "name", "group", "column", "criterion", "unit", "accepted",
              "applies", "value", "all", "yes_no", "whole", "number", "one_of", "from", "to",
              "at_least", "at_most", "instructions", "bad", "fill")
TEXT = {lang: {key: term(f"template.{key}", lang) for key in _TEXT_KEYS} for lang in ("en", "vi")}

INSTRUCTIONS = ("template.howto", "template.howto.1", "template.howto.2", "template.howto.3",
                "template.howto.4", "template.howto.5")  # the first is the sheet's heading


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
    for ded in criteria.deductions:
        add(InputColumn(name=ded.column, title=ded.title, title_vi=ded.title_vi, unit=None,
                        kind="number", bounds=(0.0, None)))
    return list(found.values())


def _number_text(value: float) -> str:
    return f"{value:g}"


def accepted_text(col: InputColumn, lang: str, yes_no: tuple[str, str]) -> str:
    t = TEXT[lang]
    if col.kind == CellKind.YES_NO:
        return f"{yes_no[0]} / {yes_no[1]}"
    if col.kind == CellKind.CHOICE:
        return f"{t['one_of']}: " + ", ".join(col.choices)
    base = t["whole"] if col.kind == "integer" else t["number"]
    lo, hi = col.bounds
    if lo is not None and hi is not None:
        return f"{base} {t['from']} {_number_text(lo)} {t['to']} {_number_text(hi)}"
    if lo is not None:
        return f"{base}, {t['at_least']} {_number_text(lo)}"
    if hi is not None:
        return f"{base}, {t['at_most']} {_number_text(hi)}"
    return base


def _list_values(values: tuple[str, ...] | list[str]) -> list[str] | None:
    """`values` as an Excel drop-down list, or None where Excel cannot list them (a comma
    or quote inside a value, or more than 255 characters)."""
    items = ",".join(values)
    if '"' in items or any("," in v for v in values) or len(items) > 250:
        return None
    return [xml_text(v) for v in values]


def _message(text: str, limit: int = MAX_MESSAGE) -> str:
    """A drop-down's message or title within what Excel holds."""
    text = xml_text(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _validation(col: InputColumn, lang: str, yes_no: tuple[str, str]) -> dict[str, Any] | None:
    """XlsxWriter's data validation for a value cell: a drop-down, or a number's range."""
    message = _message(accepted_text(col, lang, yes_no))
    common: dict[str, Any] = {"ignore_blank": True, "show_error": True,
                              "error_title": _message(TEXT[lang]["bad"], MAX_MESSAGE_TITLE),
                              "error_message": message, "show_input": True,
                              "input_message": message}
    if col.kind == CellKind.YES_NO:
        return {"validate": "list", "source": list(yes_no), **common}
    if col.kind == CellKind.CHOICE:
        items = _list_values(col.choices)
        return None if items is None else {"validate": "list", "source": items, **common}
    kind = "integer" if col.kind == "integer" else "decimal"
    lo, hi = col.bounds
    if lo is not None and hi is not None:
        return {"validate": kind, "criteria": "between", "minimum": _number_text(lo),
                "maximum": _number_text(hi), **common}
    if lo is not None:
        return {"validate": kind, "criteria": ">=", "value": _number_text(lo), **common}
    if hi is not None:
        return {"validate": kind, "criteria": "<=", "value": _number_text(hi), **common}
    return {"validate": kind, "criteria": "between", "minimum": "-1E+300",
            "maximum": "1E+300", **common}


_FILL = "#FFF59D"  # the yellow of the cells an agency fills in
_VALUE_CELL = {"bg_color": _FILL, "pattern": 1, "locked": False}


def build_template(criteria: Criteria, lang: str = "en", group: str | None = None,
                   year: int | None = None, title: str | None = None) -> bytes:
    """The submission workbook as XLSX bytes (only the columns of `group` when given), titled
    `title` (default: the criteria's name) with `year` (default: the criteria's) once."""
    from ictrank.render.xlsx_book import Workbook

    columns = [c for c in input_columns(criteria)
               if group is None or c.applies_to is None or group in c.applies_to]
    book = Workbook(today(), criteria.label(lang))
    ws = book.sheet(TEXT[lang]["sheet"])
    _identity_block(ws, criteria, lang, group, criteria.titled(lang, " — ", title, year))
    _indicator_rows(ws, columns, lang, criteria.groups)
    _instructions_sheet(book.sheet(TEXT[lang]["instructions"]), lang)
    meta = book.sheet(META_SHEET, hidden=True)
    rows: list[list[Any]] = [
        [MARKER, 1], ["criteria", spreadsheet_text(criteria.name)],
        ["criteria_sha256", criteria.sha256],
        ["rows", FIRST_ROW, FIRST_ROW + len(columns) - 1], ["sheet", ws.name],
        ["groups", *(g.label(lang) for g in criteria.groups)],  # GROUPS_ROW: as text
    ]
    for r, values in enumerate(rows, start=1):
        for c, value in enumerate(values, start=1):
            meta.put(r, c, value)
    return book.bytes()


def _identity_block(ws: Sheet, criteria: Criteria, lang: str, group: str | None,
                    title: str) -> None:
    """The title, and the id, name and group cells (the group as a drop-down)."""
    t = TEXT[lang]
    ws.put(1, 1, title, look={"bold": True, "font_size": 14})
    identity = [(ID_CELL, t["id"] + f" ({criteria.columns.id})"),
                (NAME_CELL, t["name"] + f" ({criteria.columns.name})")]
    if criteria.groups:
        identity.append((GROUP_CELL, t["group"] + f" ({criteria.columns.group})"))
    chosen = criteria.group(group).label(lang) if group is not None else None
    for cell, text in identity:
        row = int(cell[1:])
        ws.put(row, 1, text, look={"bold": True})
        ws.put(row, 2, chosen if cell == GROUP_CELL else None, look=_VALUE_CELL)
    if not criteria.groups:
        return
    from ictrank.sheets import excel_letter

    # the groups by their titles in `lang`, listed from the hidden sheet's GROUPS_ROW (a
    # title such as "Sở, ban, ngành" holds commas, which a literal list cannot)
    labels = [xml_text(g.label(lang)) for g in criteria.groups]
    last = excel_letter(len(labels))
    row = int(GROUP_CELL[1:]) - 1
    ws.ws.data_validation(row, 1, row, 1, {
        "validate": "list", "source": f"='{META_SHEET}'!$B${GROUPS_ROW}:${last}${GROUPS_ROW}",
        "ignore_blank": False, "show_error": True,
        "error_title": _message(t["bad"], MAX_MESSAGE_TITLE),
        "error_message": _message(f"{t['one_of']}: " + "; ".join(labels))})
    ws.put(row + 1, 3, "; ".join(labels))


def _indicator_rows(ws: Sheet, columns: list[InputColumn], lang: str,
                    groups: tuple[Group, ...]) -> None:
    """The header on HEADER_ROW, then a row per column with its value cell in VALUE_COL."""
    t = TEXT[lang]
    yes_no = ("có", "không") if lang == "vi" else ("yes", "no")
    headers = [t["column"], t["criterion"], t["unit"], t["accepted"], t["applies"], t["value"]]
    for i, text in enumerate(headers, start=1):
        ws.put(HEADER_ROW, i, text, look={"bold": True})
    value_col = ord(VALUE_COL) - ord("A")
    for offset, col in enumerate(columns):
        row = FIRST_ROW + offset
        applies = (", ".join(g.label(lang) for g in groups if g.id in col.applies_to)
                   if col.applies_to else t["all"])
        values = [col.name, col.label(lang), col.unit or "", accepted_text(col, lang, yes_no),
                  applies]
        for i, value in enumerate(values, start=1):
            ws.put(row, i, value, look={"text_wrap": True})
        ws.put(row, value_col + 1, None, look=_VALUE_CELL)
        rule = _validation(col, lang, yes_no)
        if rule is not None:
            ws.ws.data_validation(row - 1, value_col, row - 1, value_col, rule)
    for i, width in enumerate((22, 60, 14, 34, 20, 16)):
        ws.ws.set_column(i, i, width)
    ws.freeze(FIRST_ROW, 1)
    ws.ws.protect()
    last = FIRST_ROW + len(columns) + 1
    ws.put(last, 1, t["fill"])
    _print_setup(ws, last)


def _print_setup(ws: Sheet, last: int) -> None:
    """A4 landscape, the six columns one page wide, so that every indicator prints with its
    value cell beside it; the header row of the indicators repeated on every page."""
    ws.ws.set_landscape()
    ws.ws.set_paper(9)
    ws.ws.fit_to_pages(1, 0)
    ws.ws.repeat_rows(HEADER_ROW - 1)
    ws.print_area(last, ord(VALUE_COL) - ord("A") + 1)
    ws.ws.hide_gridlines(0)  # shown, and printed


def _instructions_sheet(guide: Sheet, lang: str) -> None:
    for i, key in enumerate(INSTRUCTIONS, start=1):
        guide.put(i, 1, term(key, lang), look={"bold": i == 1})
    guide.ws.set_column(0, 0, 110)


# --- reading a filled template back ---------------------------------------------------

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
    from ictrank.sheets import RawSheet, excel_letter

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
            from ictrank.sheets import excel_letter

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
