"""`ictrank collect`: filled templates (one per agency) in, one wide indicator sheet out.

Each template is checked as `check_sheet` checks any CSV (together, in one pass:
template_checks), its problems pointed back at the template's own cells (F12, not
"row 2").
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ictrank.across import fractions
from ictrank.codes import Code
from ictrank.criteria import Criteria, NumberFormat, normalize_label
from ictrank.dataset import Dataset
from ictrank.errors import IctrankError, SheetError
from ictrank.join import Joiner
from ictrank.messages import msg
from ictrank.methods.base import number_text
from ictrank.read import open_workbook
from ictrank.read.files import file_bytes
from ictrank.read.options import DEFAULT_READING, ReadOptions
from ictrank.read.raw import RawSheet
from ictrank.read.template import input_columns, read_template
from ictrank.report import Problem, Report
from ictrank.safety import spreadsheet_column
from ictrank.template_checks import check_templates


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
            raise IctrankError(msg("collect.invalid", count=len(self.left_out),
                                   total=self.templates), Code.INVALID_TEMPLATES)
        if self.frame.empty:
            raise IctrankError(msg("collect.none"), Code.INVALID_TEMPLATES)
        guarded = self.frame.apply(spreadsheet_column, numbers_too=False)
        # a BOM, as every CSV ictrank writes to a file has: Excel then reads it as UTF-8
        return b"\xef\xbb\xbf" + guarded.to_csv(index=False, lineterminator="\n").encode("utf-8")


def collect(paths: list[str], criteria: Criteria,
            options: ReadOptions = DEFAULT_READING) -> Collected:
    """Read and check every template; invalid ones are listed in `left_out`.

    An id found in two templates is published from neither, whether or not both are
    valid: an agency's workbook carrying another agency's id must never stand in for
    that agency's own (invalid) one."""
    from ictrank.pipeline import joiner_for

    report = Report()
    joiner = joiner_for(criteria, options)  # counts the analyst keeps, by unit id
    sheets = [(file, _read(file, criteria, options, joiner)) for file in paths]
    read, left_out = _checked(sheets, criteria, options, report)
    if joiner is not None:
        report.extend(joiner.unmatched())
    duplicated = _duplicate_ids(read, criteria, report)
    left_out += [file for file, _, dataset in read if file in duplicated and dataset is not None]
    left_out += _fractions_across(read, criteria, report, options.strict)
    rows = [_canonical_row(sheet, dataset, criteria) for file, sheet, dataset in read
            if dataset is not None and file not in duplicated]
    cols = criteria.columns
    names = [cols.id, cols.name] + ([cols.group] if criteria.groups else [])
    names += [c.name for c in input_columns(criteria)]
    frame = pd.DataFrame([{n: row.get(n, "") for n in names} for row in rows], columns=names,
                         dtype=str)
    return Collected(frame, report, len(paths), sorted(set(left_out), key=paths.index))


def _checked(sheets: list[tuple[str, RawSheet | SheetError]], criteria: Criteria,
             options: ReadOptions, report: Report
             ) -> tuple[list[tuple[str, RawSheet, Dataset | None]], list[str]]:
    """Every template read checked (together: template_checks), its problems in `report`
    file by file; the templates read with their datasets, and the files left out."""
    read: list[tuple[str, RawSheet, Dataset | None]] = []
    left_out: list[str] = []
    checked = iter(check_templates([s for _, s in sheets if isinstance(s, RawSheet)],
                                   criteria, options.number_format, empty_notes=True))
    for file, sheet in sheets:
        if isinstance(sheet, SheetError):
            report.extend(sheet.report.problems)
            left_out.append(file)
            continue
        dataset, sheet_report = next(checked)
        if options.strict and sheet_report.warnings:
            dataset, sheet_report = None, sheet_report.strict()
        if dataset is not None and len(dataset) == 0:
            sheet_report.add(Problem(file, None, None, Code.MISSING_ID,
                                     msg("collect.not_filled")))
            dataset = None
        report.extend(sheet_report.problems)
        read.append((file, sheet, dataset))
        if dataset is None:
            left_out.append(file)
    return read, left_out


def _read(file: str, criteria: Criteria, options: ReadOptions,
          joiner: Joiner | None) -> RawSheet | SheetError:
    """One template as a one-row sheet (its joined columns put in), or why it cannot be."""
    try:
        sheet = read_template(open_workbook(file_bytes(file), file), criteria,
                              _decimal(criteria, options), file)
        return sheet if joiner is None else joiner.apply(sheet, options.number_format)
    except SheetError as exc:
        return exc


def _fractions_across(read: list[tuple[str, RawSheet, Dataset | None]], criteria: Criteria,
                      report: Report, strict: bool) -> list[str]:
    """A percentage typed as a fraction, judged against the other templates' values, at its
    template's cell; under `strict` its template is left out. The templates left out."""
    valid = [(sheet, dataset) for _, sheet, dataset in read if dataset is not None]
    seen = {(p.file, p.row, p.column, p.code) for p in report.problems}
    found = [p for p in (fractions(valid, criteria) if len(valid) > 1 else [])
             if (p.file, p.row, p.column, p.code) not in seen]
    report.extend(Report(found).strict().problems if strict else found)
    return [p.file for p in found] if strict else []


def _decimal(criteria: Criteria, options: ReadOptions) -> str:
    return (options.number_format or criteria.number_format or NumberFormat()).decimal


def _duplicate_ids(read: list[tuple[str, RawSheet, Dataset | None]], criteria: Criteria,
                   report: Report) -> set[str]:
    """Files whose id another template gives too (valid or not), each problem naming the
    other files."""
    id_column = criteria.columns.id
    files_of: dict[str, list[str]] = {}
    for file, sheet, _ in read:
        unit = str(sheet.frame[id_column].iloc[0]).strip() if id_column in sheet.frame else ""
        if unit:  # snv and SNV are one agency
            files_of.setdefault(normalize_label(unit), []).append(file)
    duplicated: set[str] = set()
    for files in files_of.values():
        if len(files) < 2:
            continue
        duplicated.update(files)
        for file, sheet, _ in read:
            if file in files:
                others = ", ".join(f for f in files if f != file)
                row, cell = sheet.place(id_column, 2)
                written = str(sheet.frame[id_column].iloc[0]).strip()
                report.add(Problem(file, row, id_column, Code.DUPLICATE_ID,
                                   msg("collect.same_id", id=written, others=others), cell=cell))
    return duplicated


def _canonical_row(sheet: RawSheet, dataset: Dataset, criteria: Criteria) -> dict[str, str]:
    """The template's values as `score` reads them with no option: numbers with a decimal
    dot and no separator, yes/no as `yes`/`no`, a choice as the criteria spell it, the
    group by its id."""
    cols = criteria.columns
    row = {cols.id: str(dataset.ids[0]), cols.name: str(dataset.names[0])}
    if criteria.groups:
        row[cols.group] = str(dataset.groups[0] or "")
    raw = {normalize_label(k): str(v).strip() for k, v in sheet.frame.iloc[0].items()}
    for leaf in criteria.leaves():
        column = leaf.column or leaf.id
        value = float(dataset.values[leaf.id][0])
        assert leaf.kind is not None
        row[column] = leaf.kind.canonical(leaf, value, raw.get(normalize_label(column), ""))
        if leaf.per is not None and leaf.id in dataset.denominators:
            row[leaf.per] = number_text(float(dataset.denominators[leaf.id][0]))
    for deduction in criteria.adjustments:
        written = raw.get(normalize_label(deduction.column), "")
        amount = dataset.deductions.get(deduction.id)
        row[deduction.column] = "" if amount is None or not written else number_text(float(
            amount[0]))
    return row
