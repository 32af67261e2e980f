"""Read → validate → score, the steps every command shares."""

from __future__ import annotations

from pathlib import Path

from ictrank.criteria import Criteria, NumberFormat
from ictrank.dataset import Dataset
from ictrank.errors import SheetError
from ictrank.ranking import Ranking
from ictrank.report import Report
from ictrank.scoring import score
from ictrank.sheets import RawSheet, read_sheet, read_sheet_bytes
from ictrank.validate import check_sheet, column_hints

SHEET_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm")


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


def open_sheet(source: str, criteria: Criteria, number_format: NumberFormat | None = None,
               sheet: str | None = None, stdin: bytes | None = None) -> RawSheet:
    """A sheet from a path, or from standard input when the path is `-`."""
    hints = column_hints(criteria, number_format)
    if source == "-":
        return read_sheet_bytes(stdin or b"", "<stdin>", sheet, hints)
    return read_sheet(source, sheet, hints)


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


def load_dataset(
    source: str,
    criteria: Criteria,
    number_format: NumberFormat | None = None,
    sheet: str | None = None,
    stdin: bytes | None = None,
) -> tuple[Dataset, Report]:
    """Read and check a sheet; raises SheetError with the whole report when it has errors."""
    raw = open_sheet(source, criteria, number_format, sheet, stdin)
    dataset, report = check_sheet(raw, criteria, number_format)
    if dataset is None:
        raise SheetError(report)
    return dataset, report


def validate_sources(
    sources: list[str],
    criteria: Criteria,
    number_format: NumberFormat | None = None,
    sheet: str | None = None,
    stdin: bytes | None = None,
) -> Report:
    """Every problem of every sheet in one report; an unreadable sheet does not stop the rest."""
    report = Report()
    for source in expand_sources(sources):
        try:
            raw = open_sheet(source, criteria, number_format, sheet, stdin)
        except SheetError as exc:
            report.extend(exc.report.problems)
            continue
        _, sheet_report = check_sheet(raw, criteria, number_format)
        report.extend(sheet_report.problems)
    return report


def rank_source(
    source: str,
    criteria: Criteria,
    number_format: NumberFormat | None = None,
    sheet: str | None = None,
    stdin: bytes | None = None,
) -> tuple[Ranking, Report]:
    """The ranking of one sheet, and one report of the sheet's and the engine's warnings."""
    dataset, report = load_dataset(source, criteria, number_format, sheet, stdin)
    ranking = score(dataset, criteria)
    report.extend(list(ranking.warnings))
    return ranking, report
