"""`ictrank collect`: filled templates (one per agency) in, one wide indicator sheet out.

Each template is checked by the same `check_sheet` as any CSV, then its problems
are pointed back at the template's own cells (F12, not "row 2").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ictrank.codes import Code
from ictrank.criteria import Criteria, normalize_label
from ictrank.errors import IctrankError, SheetError
from ictrank.pipeline import DEFAULT_READING, ReadOptions
from ictrank.report import Problem, Report
from ictrank.safety import spreadsheet_column
from ictrank.sheets import RawSheet, open_workbook, unreadable, worksheet_cells
from ictrank.template import (
    FIRST_ROW,
    GROUP_CELL,
    ID_CELL,
    MARKER,
    META_SHEET,
    NAME_CELL,
    VALUE_COL,
    input_columns,
)
from ictrank.validate import check_sheet

MAX_TEMPLATE_ROWS = 5000


@dataclass
class Collected:
    """The wide sheet, the report over every template, and the templates left out."""

    frame: pd.DataFrame
    report: Report
    templates: int  # how many were read
    left_out: list[str] = field(default_factory=list)

    def csv_bytes(self, partial: bool = False) -> bytes:
        """The indicator sheet for `score`; refused while a template is invalid, unless
        `partial` (then the invalid ones are left out)."""
        if self.left_out and not partial:
            raise IctrankError(f"{len(self.left_out)} of {self.templates} template(s) are "
                               "invalid; nothing was written (fix them, or use --partial to "
                               "leave them out)", Code.INVALID_TEMPLATES)
        if self.frame.empty:
            raise IctrankError("no valid template to collect; nothing was written",
                               Code.INVALID_TEMPLATES)
        guarded = self.frame.apply(spreadsheet_column, numbers_too=False)
        return guarded.to_csv(index=False, lineterminator="\n").encode("utf-8")


def read_template(data: bytes, file: str,
                  criteria: Criteria) -> tuple[RawSheet, dict[str, tuple[int, str]]]:
    """A filled template as a one-row sheet, and where each of its columns sits."""
    book = open_workbook(data, file)
    try:
        if META_SHEET not in book.sheetnames or book[META_SHEET]["A1"].value != MARKER:
            raise SheetError.single(file, Code.NOT_A_TEMPLATE,
                                    "this workbook was not made by `ictrank template`; use the "
                                    "template, or give the sheet to `ictrank validate`/`score` "
                                    "directly")
        grid = worksheet_cells(book.worksheets[0], file, MAX_TEMPLATE_ROWS)
    finally:
        book.close()

    def at(ref: str) -> str:
        col = ord(ref[0]) - ord("A")
        row = int(ref[1:]) - 1
        return grid[row][col] if row < len(grid) and col < len(grid[row]) else ""

    cols = criteria.columns
    values: dict[str, str] = {cols.id: at(ID_CELL), cols.name: at(NAME_CELL)}
    where: dict[str, tuple[int, str]] = {cols.id: (3, ID_CELL), cols.name: (4, NAME_CELL)}
    if criteria.groups:
        values[cols.group] = at(GROUP_CELL)
        where[cols.group] = (5, GROUP_CELL)
    seen = {normalize_label(name): name for name in values}
    problems = []
    for offset in range(len(grid) - FIRST_ROW + 1):
        row = FIRST_ROW + offset
        name = at(f"A{row}").strip()
        if not name:
            break
        if normalize_label(name) in seen:  # a row added below would replace the first one
            first = where[seen[normalize_label(name)]][1]
            problems.append(Problem(file, row, name, Code.DUPLICATE_COLUMN,
                                    f"the template gives {name!r} twice: here and in {first}; "
                                    "remove this row", cell=f"A{row}"))
            continue
        seen[normalize_label(name)] = name
        values[name] = at(f"{VALUE_COL}{row}")
        where[name] = (row, f"{VALUE_COL}{row}")
    frame = pd.DataFrame({k: [v] for k, v in values.items()}, dtype=str)
    return RawSheet(file, frame, np.array([2]), problems=problems), where


def _relocate(problems: list[Problem], where: dict[str, tuple[int, str]]) -> list[Problem]:
    out = []
    for p in problems:
        if p.cell is not None:  # located in the template already
            out.append(p)
        elif p.column is not None and p.column in where:
            row, cell = where[p.column]
            out.append(Problem(p.file, row, p.column, p.code, p.message, p.severity, cell))
        else:
            out.append(Problem(p.file, None, p.column, p.code, p.message, p.severity, None))
    return out


def collect(paths: list[str], criteria: Criteria,
            options: ReadOptions = DEFAULT_READING) -> Collected:
    """Read and check every template; invalid ones are listed in `left_out`."""
    report = Report()
    rows: list[dict[str, str]] = []
    files: list[str] = []
    left_out: list[str] = []
    cols = criteria.columns
    for file in paths:
        try:
            sheet, where = read_template(_read_bytes(file), file, criteria)
        except SheetError as exc:
            report.extend(exc.report.problems)
            left_out.append(file)
            continue
        dataset, sheet_report = check_sheet(sheet, criteria, options.number_format)
        if options.strict and sheet_report.warnings:
            dataset, sheet_report = None, sheet_report.strict()
        report.extend(_relocate(sheet_report.problems, where))
        if dataset is None:
            left_out.append(file)
            continue
        rows.append(dict(sheet.frame.iloc[0].str.strip()))
        files.append(file)
    seen: dict[str, str] = {}
    accepted = []
    for file, row in zip(files, rows, strict=True):
        unit = row[cols.id]
        if unit in seen:
            report.add(Problem(file, 3, cols.id, Code.DUPLICATE_ID,
                               f"id {unit!r} is also the id in {seen[unit]}; each agency needs "
                               "its own id", cell=ID_CELL))
            left_out.append(file)
            continue
        seen[unit] = file
        accepted.append(row)
    names = [cols.id, cols.name] + ([cols.group] if criteria.groups else [])
    names += [c.name for c in input_columns(criteria)]
    frame = pd.DataFrame([{n: row.get(n, "") for n in names} for row in accepted], columns=names,
                         dtype=str)
    return Collected(frame, report, len(paths), left_out)


def _read_bytes(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except FileNotFoundError as exc:
        raise unreadable(path, "file not found") from exc
    except OSError as exc:
        raise unreadable(path, f"cannot read the file: {exc.strerror}") from exc
