"""Read → validate → score, the steps every command shares."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from ictrank.codes import Code
from ictrank.criteria import Criteria, NumberFormat
from ictrank.dataset import Dataset
from ictrank.decimal_mark import decimal_comma_evidence
from ictrank.errors import SheetError
from ictrank.messages import msg
from ictrank.panel import Panel
from ictrank.ranking import Ranking
from ictrank.report import Problem, Report
from ictrank.scoring import score
from ictrank.sheet_checks import check_sheet, column_hints
from ictrank.sheets import (
    ColumnHints,
    RawSheet,
    file_bytes,
    open_workbook,
    read_book_sheet,
    read_sheet_bytes,
)
from ictrank.template import is_template, read_template

SHEET_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".xls", ".ods")


def number_format_for(criteria: Criteria, decimal: str | None = None,
                      thousands: str | None = None) -> NumberFormat | None:
    """The sheets' number format: the options given, else the criteria file's
    `number_format`, else plain numbers (None: let the criteria decide)."""
    if decimal is None and thousands is None:
        return None
    base = criteria.number_format or NumberFormat()
    if decimal is None:
        return NumberFormat(decimal=base.decimal, thousands=thousands)
    return NumberFormat(decimal=decimal, thousands=thousands)


@dataclass(frozen=True)
class ReadOptions:
    """How to read the sheets of one run: options every reading command shares."""

    number_format: NumberFormat | None = None  # None: the criteria's, else plain
    sheet: str | None = None  # a workbook's sheet by name or number
    header_row: int | None = None  # None: found (docs/criteria-format.md, "Header row")
    strict: bool = False  # every warning an error
    stdin: bytes | None = None  # the bytes of `-`


DEFAULT_READING = ReadOptions()


def open_sheet(source: str, criteria: Criteria,
               options: ReadOptions = DEFAULT_READING) -> RawSheet:
    """A sheet from a path, or from standard input when the path is `-`."""
    hints = column_hints(criteria, options.number_format, options.header_row)
    data = (options.stdin or b"") if source == "-" else file_bytes(source)
    file = "<stdin>" if source == "-" else source
    book = open_workbook(data, file)
    if book is None:
        raw = read_sheet_bytes(data, file, options.sheet, hints)
        if options.number_format is None and criteria.number_format is None:
            return _with_decimal_comma(raw, data, options.sheet, hints)
        return raw
    if is_template(book):  # a workbook made by `ictrank template`, filled in
        return read_template(book, criteria, hints.decimal)
    return read_book_sheet(book, options.sheet, hints)


def _with_decimal_comma(raw: RawSheet, data: bytes, sheet: str | None,
                        hints: ColumnHints) -> RawSheet:
    """`raw`, or the same CSV read again with the decimal comma its cells show, with a
    note at the cell that shows it (decimal_mark.py)."""
    evidence = decimal_comma_evidence(raw.frame, raw.rows, hints.text)
    if evidence is None:
        return raw
    comma = NumberFormat(decimal=",")
    again = read_sheet_bytes(data, raw.file, sheet,
                             replace(hints, decimal=comma.decimal, thousands=comma.thousands))
    again.number_format = comma
    again.problems.append(Problem(raw.file, evidence.row, evidence.column, Code.DECIMAL_COMMA,
                                  msg("read.decimal_comma", value=evidence.text)))
    return again


def expand_sources(sources: list[str]) -> list[str]:
    """A folder stands for every sheet in it (sorted, so runs are repeatable)."""
    out: list[str] = []
    for source in sources:
        path = Path(source)
        if source != "-" and path.is_dir():
            out += sorted(str(p) for p in path.iterdir()
                          if p.is_file() and p.suffix.lower() in SHEET_SUFFIXES
                          and not p.name.startswith(("~$", ".")))
        else:
            out.append(source)
    return out


def check_source(source: str, criteria: Criteria,
                 options: ReadOptions = DEFAULT_READING) -> tuple[Dataset | None, Report]:
    """Read and check one sheet: its dataset (None when it has errors) and its report."""
    raw = open_sheet(source, criteria, options)
    dataset, report = check_sheet(raw, criteria, options.number_format)
    if options.strict and report.warnings:
        return None, report.strict()
    return dataset, report


def load_dataset(source: str, criteria: Criteria,
                 options: ReadOptions = DEFAULT_READING) -> tuple[Dataset, Report]:
    """Read and check a sheet; raises SheetError with the whole report when it has errors."""
    dataset, report = check_source(source, criteria, options)
    if dataset is None:
        raise SheetError(report)
    return dataset, report


def validate_sources(sources: list[str], criteria: Criteria,
                     options: ReadOptions = DEFAULT_READING) -> Report:
    """Every problem of every sheet in one report; an unreadable sheet does not stop the rest."""
    from ictrank.across import across_sheets

    report = Report()
    read = []
    for source in expand_sources(sources):
        try:
            raw = open_sheet(source, criteria, options)
        except SheetError as exc:
            report.extend(exc.report.problems)
            continue
        dataset, sheet_report = check_sheet(raw, criteria, options.number_format,
                                            empty_notes=True)
        report.extend(sheet_report.problems)
        if dataset is not None:
            read.append((raw, dataset))
    report.extend(across_sheets(read, criteria, report.problems))
    return report.strict() if options.strict else report


def rank_source(source: str, criteria: Criteria,
                options: ReadOptions = DEFAULT_READING) -> tuple[Ranking, Report]:
    """The ranking of one sheet, and one report of the sheet's and the engine's warnings
    (under `strict`, an engine warning stops the run too)."""
    dataset, report = load_dataset(source, criteria, options)
    ranking = score(dataset, criteria)
    report.extend(list(ranking.warnings))
    if options.strict and ranking.warnings:
        raise SheetError(report.strict())
    return ranking, report


def rank_panel(sources: list[str], criteria: Criteria, options: ReadOptions = DEFAULT_READING,
               labels: list[str] | None = None) -> tuple[Panel, Report]:
    """Several periods: one sheet with a period column, or a sheet per period (`labels`, or
    the period column of each); each period scored on its own (docs/cli.md, "Periods")."""
    from ictrank.panel import concat, duplicates_across_files, labelled, score_panel

    report = Report()
    datasets = []
    for k, source in enumerate(sources):
        dataset, sheet_report = load_dataset(source, criteria, options)
        report.extend(sheet_report.problems)
        datasets.append(labelled(dataset, labels[k]) if labels else dataset)
    if len(datasets) > 1:
        duplicates = duplicates_across_files(datasets)
        if duplicates:
            raise SheetError(Report(report.problems + duplicates))
    panel = score_panel(concat(datasets) if len(datasets) > 1 else datasets[0], criteria)
    report.extend(list(panel.warnings))
    if options.strict and panel.warnings:
        raise SheetError(report.strict())
    return panel, report
