"""Read → validate → score, the steps every command shares."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ictrank.criteria import Criteria
from ictrank.dataset import Dataset
from ictrank.errors import SheetError
from ictrank.panel import Panel
from ictrank.ranking import Ranking
from ictrank.read import expand_sources, read_source
from ictrank.read.options import DEFAULT_READING, ReadOptions
from ictrank.read.raw import RawSheet
from ictrank.report import Report
from ictrank.scoring import score
from ictrank.sheet_checks import check_sheet

if TYPE_CHECKING:
    from ictrank.join import Joiner
    from ictrank.lineage import Lineage


def joiner_for(criteria: Criteria, options: ReadOptions) -> Joiner | None:
    """The run's joined sheets (`--join`), read once; None without any."""
    if not options.joins:
        return None
    from ictrank.join import Joiner

    return Joiner(options.joins, criteria, options)


def open_sheet(source: str, criteria: Criteria, options: ReadOptions = DEFAULT_READING,
               joiner: Joiner | None = None) -> RawSheet:
    """A sheet as read, with the run's joined columns beside its own. Without a `joiner`
    of the run, the options' joins are applied to this sheet alone."""
    raw = read_source(source, criteria, options)
    alone = joiner is None
    joiner = joiner or joiner_for(criteria, options)
    if joiner is None:
        return raw
    raw = joiner.apply(raw, options.number_format)
    if alone:
        raw.problems.extend(joiner.unmatched())
    return raw


def check_source(source: str, criteria: Criteria, options: ReadOptions = DEFAULT_READING,
                 joiner: Joiner | None = None) -> tuple[Dataset | None, Report]:
    """Read and check one sheet: its dataset (None when it has errors) and its report."""
    raw = open_sheet(source, criteria, options, joiner)
    dataset, report = check_sheet(raw, criteria, options.number_format)
    if options.strict and report.warnings:
        return None, report.strict()
    return dataset, report


def load_dataset(source: str, criteria: Criteria, options: ReadOptions = DEFAULT_READING,
                 joiner: Joiner | None = None) -> tuple[Dataset, Report]:
    """Read and check a sheet; raises SheetError with the whole report when it has errors."""
    dataset, report = check_source(source, criteria, options, joiner)
    if dataset is None:
        raise SheetError(report)
    return dataset, report


def validate_sources(sources: list[str], criteria: Criteria,
                     options: ReadOptions = DEFAULT_READING) -> Report:
    """Every problem of every sheet in one report; an unreadable sheet does not stop the rest."""
    from ictrank.across import across_sheets

    report = Report()
    read = []
    try:
        joiner = joiner_for(criteria, options)
    except SheetError as exc:  # a joined sheet that cannot be read: nothing is checked
        return exc.report
    for source in expand_sources(sources):
        try:
            raw = open_sheet(source, criteria, options, joiner)
        except SheetError as exc:
            report.extend(exc.report.problems)
            continue
        dataset, sheet_report = check_sheet(raw, criteria, options.number_format,
                                            empty_notes=True)
        report.extend(sheet_report.problems)
        if dataset is not None:
            read.append((raw, dataset))
    report.extend(across_sheets(read, criteria, report.problems))
    if joiner is not None:
        report.extend(joiner.unmatched())
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
               labels: list[str] | None = None,
               lineage: Lineage | None = None) -> tuple[Panel, Report]:
    """Several periods: one sheet with a period column, or a sheet per period (`labels`, or
    the period column of each); each period scored on its own (docs/cli.md, "Periods")."""
    from ictrank.panel import concat, duplicates_across_files, labelled, score_panel

    report = Report()
    datasets = []
    joiner = joiner_for(criteria, options)
    for k, source in enumerate(sources):
        dataset, sheet_report = load_dataset(source, criteria, options, joiner)
        report.extend(sheet_report.problems)
        datasets.append(labelled(dataset, labels[k]) if labels else dataset)
    if joiner is not None:
        report.extend(joiner.unmatched())
    if len(datasets) > 1:
        duplicates = duplicates_across_files(datasets)
        if duplicates:
            raise SheetError(Report(report.problems + duplicates))
    panel = score_panel(concat(datasets) if len(datasets) > 1 else datasets[0], criteria,
                        lineage)
    report.extend(list(panel.warnings))
    if options.strict and panel.warnings:
        raise SheetError(report.strict())
    return panel, report
