"""Finding the header row of a sheet, and its column names
(docs/criteria-format.md, "Header row").
"""

from __future__ import annotations

from ictrank.codes import Code
from ictrank.errors import SheetError
from ictrank.labels import normalize_label
from ictrank.messages import msg
from ictrank.read.raw import MAX_COLUMNS, ColumnHints, empty, unreadable
from ictrank.report import MAX_PROBLEMS, Problem, Report

HEADER_SEARCH_ROWS = 30  # rows looked through for the header


def find_header(rows: list[list[str]], hints: ColumnHints | None, file: str) -> int:
    """Index in `rows` (the sheet's first rows) of the header: the row given, else the first
    that holds the id column and more of the criteria's columns than any other row, else the
    first row with anything in it."""
    if hints is not None and hints.header_row is not None:
        index = hints.header_row - 1
        if index >= len(rows) or not any(cell.strip() for cell in rows[index]):
            raise unreadable(file, msg("read.header_beyond", row=hints.header_row))
        return index
    filled = [i for i, row in enumerate(rows) if any(cell.strip() for cell in row)]
    if not filled:
        raise empty(file)
    best, most = filled[0], 0
    if hints is not None and hints.id_names:
        for i in filled:
            names = {normalize_label(cell) for cell in rows[i]}
            if names & hints.id_names and len(names & hints.header_names) > most:
                best, most = i, len(names & hints.header_names)
    return best


def header_note(file: str, header_row: int, skipped: bool) -> list[Problem]:
    """The note that rows above the header (titles, a dispatch number) were skipped."""
    if not skipped:
        return []
    return [Problem(file, header_row, None, Code.HEADER_ROW,
                    msg("read.header_found", row=header_row))]


def column_names(header: list[str], file: str) -> list[str]:
    """The header's names (a blank one gets a placeholder); two equal names are an error."""
    if len(header) > MAX_COLUMNS:
        raise unreadable(file, msg("read.too_many_columns", count=len(header),
                                   limit=MAX_COLUMNS))
    report = Report()
    seen: dict[str, int] = {}
    unlisted = 0
    for i, name in enumerate(header):
        key = normalize_label(name)
        if name and key in seen:
            if len(report.problems) < MAX_PROBLEMS:
                report.add(Problem(file, 1, name, Code.DUPLICATE_COLUMN,
                                   msg("read.column_twice", name=name, first=seen[key] + 1,
                                       second=i + 1)))
            else:
                unlisted += 1
        seen.setdefault(key, i)
    if report.problems:
        report.count_unlisted(file, unlisted)
        raise SheetError(report)
    return [name if name else str(msg("read.blank_header", number=i + 1))
            for i, name in enumerate(header)]  # a placeholder, said again in any language
