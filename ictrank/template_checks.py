"""Many filled templates checked at once: what `check_sheet` gives each, in one pass.

`collect` reads one workbook per agency; each is a one-row sheet. Checked one by one,
pandas' fixed cost per column and call (a hundred microseconds, a row or a million)
made the checking 15 ms a template. Templates that share a header are stacked into one
sheet and checked over whole columns; every problem goes back to its own template, at
its own cell, in the order checking that template alone gives.

A check that looks across rows could see another agency's row, so a template joins a
stack only where none does: its id is nobody else's, it has something in it
(`_stack_key`), and its group is the stack's (a criterion of other groups needs no column where no
row is of them). The fraction check needs two values in a column, which a one-row sheet
never has, and no template comes near the caps of listed problems.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd

from ictrank.codes import Code
from ictrank.criteria import Criteria, NumberFormat, normalize_label
from ictrank.dataset import Dataset
from ictrank.messages import Message, msg
from ictrank.read.raw import RawSheet, blank_rows
from ictrank.report import MAX_PROBLEMS, Problem, Report
from ictrank.sheet_checks import (
    _SheetCheck,
    check_sheet,
    empty_count,
    given_format,
    id_key,
    run_checks,
)

Result = tuple[Dataset | None, Report]
PROBLEMS_A_COLUMN = 4  # at most, in one cell and its header (so far 2)


def check_templates(templates: list[RawSheet], criteria: Criteria,
                    number_format: NumberFormat | None = None,
                    empty_notes: bool = False) -> list[Result]:
    """check_sheet's result for each template, in order, most of them checked together."""
    results: list[Result | None] = [None] * len(templates)
    stacks: dict[tuple[object, ...], list[int]] = {}
    units = _id_keys(templates, criteria)
    counted = Counter(unit for unit in units if unit is not None)
    for index, template in enumerate(templates):
        unit = units[index]  # another template's too: checked alone
        shared = unit is not None and counted[unit] > 1
        key = None if shared else _stack_key(template, criteria, number_format)
        if key is None:
            results[index] = check_sheet(template, criteria, number_format, empty_notes)
        else:
            stacks.setdefault(key, []).append(index)
    for indices in stacks.values():
        stack = [templates[i] for i in indices]
        checked = (_check_stack(stack, criteria, number_format, empty_notes) if len(stack) > 1
                   else [check_sheet(stack[0], criteria, number_format, empty_notes)])
        for index, result in zip(indices, checked, strict=True):
            results[index] = result
    return [result for result in results if result is not None]


def _cell(template: RawSheet, names: tuple[str, ...]) -> str | None:
    """The template's one cell under the first of `names` it has (None: no such column)."""
    index = template.column_index()
    column = next((index[key] for key in map(normalize_label, names) if key in index), None)
    return None if column is None else str(template.frame[column].iloc[0])


def _id_keys(templates: list[RawSheet], criteria: Criteria) -> list[str | None]:
    """Each one-row template's id as ids are compared (None: no id column, or not one
    row), compared over every template at once."""
    names = criteria.columns.accepted("id")
    cells = [_cell(template, names) if len(template.frame) == 1 else None
             for template in templates]
    keys = id_key(pd.Series(["" if c is None else c.strip() for c in cells], dtype=object))
    return [None if cell is None else str(key) for cell, key in zip(cells, keys, strict=True)]


def _stack_key(template: RawSheet, criteria: Criteria,
               number_format: NumberFormat | None) -> tuple[object, ...] | None:
    """What templates checked together share; None for one to check alone."""
    frame = template.frame
    if (len(frame) != 1 or template.template_cells is None or template.joined
            or template.column_formats or bool(blank_rows(frame)[0])
            or PROBLEMS_A_COLUMN * frame.shape[1] + len(template.problems) >= MAX_PROBLEMS // 2):
        return None
    group = _cell(template, criteria.columns.accepted("group")) if criteria.groups else ""
    return (tuple(frame.columns), tuple(str(t) for t in frame.dtypes), template.header_row,
            given_format(template, criteria, number_format),
            None if group is None else normalize_label(group))


def _stacked(templates: list[RawSheet]) -> RawSheet:
    """The templates as one sheet: template i is row i + 2 (the header is row 1)."""
    frame = pd.concat([t.frame for t in templates], ignore_index=True)

    def moved(cells: frozenset[tuple[int, str]], at: int) -> set[tuple[int, str]]:
        return {(at, column) for _, column in cells}

    text_numbers: set[tuple[int, str]] = set()
    percent_cells: set[tuple[int, str]] = set()
    for i, template in enumerate(templates):
        text_numbers |= moved(template.text_numbers, i + 2)
        percent_cells |= moved(template.percent_cells, i + 2)
    first = templates[0]
    return RawSheet(first.file, frame, np.arange(2, len(templates) + 2),
                    number_format=first.number_format, text_numbers=frozenset(text_numbers),
                    percent_cells=frozenset(percent_cells))


class _StackCheck(_SheetCheck):
    """The checks of stacked templates, each problem put in its template's report."""

    def __init__(self, templates: list[RawSheet], criteria: Criteria, given: NumberFormat | None,
                 empty_notes: bool):
        self.templates = templates
        self.reports = [Report(list(t.problems)) for t in templates]
        self.empty_counts = np.zeros(len(templates), dtype=int)
        super().__init__(_stacked(templates), criteria, given or NumberFormat(), Report(),
                         settled=given is not None, empty_notes=empty_notes)

    def flagged(self, mask: np.ndarray, code: Code) -> np.ndarray:
        return np.flatnonzero(mask)  # one cell a template: no template nears the caps

    def problem(self, row: int | None, column: str | None, code: Code, message: Message) -> None:
        if row is not None and row > self.sheet.header_row:  # a cell: its template's own
            template = self.templates[row - 2]
            file, at, cell = template.locate(column, int(template.rows[0]))
            self.reports[row - 2].add(Problem(file, at, column, code, message, cell=cell))
            return
        for template, report in zip(self.templates, self.reports, strict=True):
            file, at, cell = template.locate(column, None if row is None
                                             else template.header_row)
            report.add(Problem(file, at, column, code, message, cell=cell))

    def note_empty(self, empty: np.ndarray, column: str) -> None:
        self.empty_counts += empty
        for i in np.flatnonzero(empty):
            self.problem(int(self.sheet.rows[i]), column, Code.EMPTY_CELL,
                         msg("cell.empty_zero"))

    def report_not_numbers(self, bad: np.ndarray, column: str, stripped: pd.Series,
                           fmt: NumberFormat) -> None:
        """Each template's hint from its own cell: with a comma or without."""
        commas = stripped.str.contains(",", regex=False).to_numpy(dtype=bool)
        for part in (bad & commas, bad & ~commas):
            if part.any():
                super().report_not_numbers(part, column, stripped, fmt)

    def check_fractions(self, column: str, values: np.ndarray) -> None:
        """Nothing: a column of one value is never judged (sheet_checks.fraction_flags)."""


def _check_stack(templates: list[RawSheet], criteria: Criteria,
                 number_format: NumberFormat | None, empty_notes: bool) -> list[Result]:
    check = _StackCheck(templates, criteria,
                        given_format(templates[0], criteria, number_format), empty_notes)
    parsed = run_checks(check)
    results: list[Result] = []
    rows = np.concatenate([template.rows for template in templates])  # each in its file
    for i, (template, report) in enumerate(zip(templates, check.reports, strict=True)):
        if check.empty_counts[i]:
            report.add(empty_count(template.file, int(check.empty_counts[i])))
        if not report.valid:
            results.append((None, report))
            continue
        results.append((parsed.dataset(slice(i, i + 1), rows, template.file), report))
    return results
