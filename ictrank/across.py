"""Checks across the sheets of one run (`validate` of several files, `collect`): what no
single sheet shows, reported at each agency's own file and cell.

- One id in two files (`duplicate-id`, naming the other files) where one of them is an
  agency's own sheet (one unit: a template, a one-row sheet). Two sheets of many units
  sharing their ids are two periods of one ranking (2014.csv and 2015.csv), not a
  duplicate. Ids are compared as `normalize_label` compares them (trimmed, case-folded,
  NFC), so `snv` and `SNV` are one agency.
- A percentage typed as a fraction, judged against the other files' values: a template
  holds one value per criterion, so only the run as a whole shows that 0.85 sits among
  70–95 (`validate.fraction_flags`).
"""

from __future__ import annotations

import numpy as np

from ictrank.codes import Code
from ictrank.criteria import Criteria, normalize_label
from ictrank.dataset import Dataset
from ictrank.messages import msg
from ictrank.methods import CellKind
from ictrank.read.raw import RawSheet
from ictrank.report import Problem
from ictrank.sheet_checks import fraction_flags, fraction_message

Read = list[tuple[RawSheet, Dataset]]


def across_sheets(read: Read, criteria: Criteria, known: list[Problem]) -> list[Problem]:
    """The problems of `read` as a whole that `known` (the sheets' own) does not hold."""
    if len(read) < 2:
        return []
    seen = {(p.file, p.row, p.column, p.code) for p in known}
    found = duplicate_ids(read, criteria) + fractions(read, criteria)
    return [p for p in found if (p.file, p.row, p.column, p.code) not in seen]


def sheet_column(sheet: RawSheet, names: tuple[str, ...]) -> str | None:
    """The sheet's own header for one of `names`."""
    index = sheet.column_index()
    return next((index[key] for key in map(normalize_label, names) if key in index), None)


def duplicate_ids(read: Read, criteria: Criteria) -> list[Problem]:
    """An id given in two files or more, at each file's row of it."""
    where: dict[str, list[tuple[RawSheet, int, str]]] = {}
    for sheet, dataset in read:
        for unit, row in zip(dataset.ids.tolist(), dataset.rows.tolist(), strict=True):
            where.setdefault(normalize_label(unit), []).append((sheet, int(row), str(unit)))
    problems = []
    id_names = (criteria.columns.id,)
    single = {sheet.file for sheet, dataset in read if len(dataset.ids) == 1}
    for places in where.values():
        files = list(dict.fromkeys(sheet.file for sheet, _, _ in places))
        if len(files) < 2 or not single.intersection(files):
            continue
        for sheet, row, unit in places:
            column = sheet_column(sheet, id_names) or criteria.columns.id
            at_row, cell = sheet.place(column, row)
            others = ", ".join(f for f in files if f != sheet.file)
            problems.append(Problem(sheet.file, at_row, column, Code.DUPLICATE_ID,
                                    msg("validate.same_id", id=unit, others=others),
                                    cell=cell))
    return problems


def fractions(read: Read, criteria: Criteria) -> list[Problem]:
    """Percentages typed as fractions, judged over every file's values."""
    problems = []
    for leaf in criteria.leaves():
        if not leaf.is_percentage or (leaf.kind is not None
                                      and leaf.kind.cell != CellKind.NUMBER):
            continue
        parts = [(sheet, dataset, dataset.values[leaf.id]) for sheet, dataset in read]
        values = np.concatenate([v for _, _, v in parts]) if parts else np.array([])
        flags, median, every = fraction_flags(values)
        start = 0
        for sheet, dataset, own in parts:
            column = sheet_column(sheet, leaf.accepted_names())
            mine = flags[start:start + len(own)]
            start += len(own)
            if column is None:
                continue
            if every and np.isfinite(own).any():
                at_row, cell = sheet.place(column, None)
                problems.append(Problem(sheet.file, at_row, column, Code.LOOKS_LIKE_FRACTION,
                                        msg("column.fractions", column=column), cell=cell))
            for i in np.flatnonzero(mine):
                at_row, cell = sheet.place(column, int(dataset.rows[i]))
                problems.append(Problem(sheet.file, at_row, column, Code.LOOKS_LIKE_FRACTION,
                                        fraction_message(float(own[i]), median), cell=cell))
    return problems
