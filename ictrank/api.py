"""The Python API: what the command line does, as functions a program calls.

    import ictrank
    ranking = ictrank.score("samples/laocai-2014.csv", criteria="laocai-2014")
    ranking.to_frame()            # group, rank, id, name, score, percent, band, ...
    report = ictrank.validate(["bao-cao/"])
    report.valid, report.errors

Options are keyword arguments named as the command line names them. Nothing here prints
or exits: bad input raises an `IctrankError` subclass (`CriteriaError`, `SheetError`, and
`UsageError` for options that cannot go together), each with its catalogue code and a
message in English or Vietnamese (`error.text("vi")`). The CLI (`cli.py`) is a thin
shell over these functions: it parses options, calls them and renders (docs/api.md).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ictrank.criteria import Criteria, resolve_criteria_path
from ictrank.criteria import load_criteria as _load_file
from ictrank.errors import UsageError
from ictrank.messages import msg
from ictrank.panel import Panel, period_labels
from ictrank.ranking import Ranking
from ictrank.read.options import ReadOptions, number_format_for
from ictrank.report import Report

Sources = str | Path | Sequence[str | Path]


def load_criteria(criteria: str | Path | Criteria | None = None) -> Criteria:
    """A criteria set: a file's path, a bundled set's name (`laocai-2014`, `undp-hdi`,
    `un-egdi`), or None for ./criteria.yaml if it exists, else the bundled default."""
    if isinstance(criteria, Criteria):
        return criteria
    return _load_file(resolve_criteria_path(None if criteria is None else str(criteria)))


def language(criteria: Criteria | None, lang: str | None = None) -> str:
    """The language of outputs and messages: the one asked for, else the criteria file's
    `lang`, else English."""
    return lang or (criteria.lang if criteria is not None else None) or "en"


def read_options(criteria: Criteria, *, decimal: str | None = None,
                 thousands: str | None = None, sheet: str | None = None,
                 header_row: int | None = None, strict: bool = False,
                 stdin: bytes | None = None, joins: Sequence[str | Path] = ()) -> ReadOptions:
    """How to read the sheets of a run (docs/criteria-format.md, "Reading sheets");
    `joins`: sheets whose columns are added by unit id (docs/cli.md, "Joined columns")."""
    chosen = number_format_for(criteria, decimal, thousands)
    if chosen is not None and chosen.thousands == chosen.decimal:
        raise UsageError(msg("usage.same_marks"))
    return ReadOptions(number_format=chosen, sheet=sheet, header_row=header_row,
                       strict=strict, stdin=stdin, joins=tuple(str(j) for j in joins))


def _paths(data: Sources) -> list[str]:
    return [str(data)] if isinstance(data, (str, Path)) else [str(d) for d in data]


def is_panel(data: Sources, criteria: Criteria, periods: str | Sequence[str] | None = None,
             period: str | None = None) -> bool:
    """True when `data` is scored as several periods: more than one file, file periods
    named, one period asked for, or a period column in the criteria."""
    return bool(len(_paths(data)) > 1 or periods or period or criteria.columns.period)


def score(data: Sources, criteria: str | Path | Criteria | None = None, *,
          previous: str | Path | None = None,
          previous_criteria: str | Path | Criteria | None = None,
          previous_decimal: str | None = None, year: int | None = None,
          periods: str | Sequence[str] | None = None, period: str | None = None,
          lineage: str | Path | None = None, **reading: Any) -> Ranking | Panel:
    """Score, rank and band the units of `data` (a sheet, or one sheet per period).

    Returns the `Ranking` of one sheet (compared with `previous` where given), or for
    several periods the `Panel` of them, or with `period` that period's `Ranking`. The
    sheet's warnings are in `.report`. `reading` takes `decimal`, `thousands`, `sheet`,
    `header_row`, `strict`, `stdin` (the bytes of a sheet named `-`) and `joins`.
    `lineage` (a file of old_id, new_id, weight) compares merged, split and renamed units
    with their predecessors, for `previous` and for several periods.
    """
    from ictrank.pipeline import rank_source

    loaded = load_criteria(criteria)
    if year is not None:
        loaded = dataclasses.replace(loaded, year=year)
    sources = _paths(data)
    if is_panel(sources, loaded, periods, period):
        if previous is not None:
            raise UsageError(msg("usage.previous_panel"))
        whole = rank_periods(sources, loaded, periods=periods, lineage=lineage, **reading)
        if period is None:
            return whole
        return dataclasses.replace(whole.ranking(period), report=whole.report)
    if previous_decimal is not None and previous is None:
        raise UsageError(msg("usage.previous_decimal"))
    if previous_criteria is not None and previous is None:
        raise UsageError(msg("usage.previous_criteria"))
    if lineage is not None and previous is None:
        raise UsageError(msg("usage.lineage"))
    ranking, report = rank_source(sources[0], loaded, read_options(loaded, **reading))
    ranking = dataclasses.replace(ranking, report=report)
    if previous is None:
        return ranking
    from ictrank.comparison import compare

    old_criteria = loaded if previous_criteria is None else load_criteria(previous_criteria)
    # last round's sheet is read as it was published: without this round's joined columns
    last_round = {key: value for key, value in reading.items() if key != "joins"}
    if previous_decimal:
        last_round["decimal"] = previous_decimal
    old_ranking, _ = rank_source(str(previous), old_criteria,
                                 read_options(old_criteria, **last_round))
    links = None
    if lineage is not None:
        from ictrank.lineage import read_lineage
        from ictrank.sheet_checks import id_key

        links = read_lineage(str(lineage))
        links.check(set(id_key(old_ranking.units["id"])) | set(id_key(ranking.units["id"])))
    return compare(ranking, old_ranking, str(previous), links)


def rank_periods(data: Sources, criteria: str | Path | Criteria | None = None, *,
                 periods: str | Sequence[str] | None = None, lineage: str | Path | None = None,
                 **reading: Any) -> Panel:
    """Several periods, each ranked on its own and compared with the one before: one sheet
    with a period column, or one sheet per period named by `periods` ("2014,2015" or a
    list). The sheets' warnings are in `.report`."""
    from ictrank.pipeline import rank_panel

    loaded = load_criteria(criteria)
    sources = _paths(data)
    labels = period_labels(len(sources), loaded, periods)
    links = None
    if lineage is not None:
        from ictrank.lineage import read_lineage

        links = read_lineage(str(lineage))
    ranked, report = rank_panel(sources, loaded, read_options(loaded, **reading), labels, links)
    return dataclasses.replace(ranked, report=report)


def validate(data: Sources, criteria: str | Path | Criteria | None = None,
             **reading: Any) -> Report:
    """Check indicator sheets (files, or folders of them): every problem of every file,
    with its file, row, column, cell and code. `report.valid` says whether all can be
    scored."""
    from ictrank.pipeline import validate_sources

    loaded = load_criteria(criteria)
    return validate_sources(_paths(data), loaded, read_options(loaded, **reading))


def audit(data: str | Path, criteria: str | Path | Criteria | None = None, *,
          period: str | None = None, **reading: Any) -> Any:
    """The statistical audit of the index over one sheet (docs/audit.md): an `Audit`, or
    for a sheet of several periods an `AuditSeries` of one per period (`period`: that
    one only)."""
    from ictrank.audits import audit as audit_one
    from ictrank.audits import audit_periods
    from ictrank.panel import one_period
    from ictrank.pipeline import load_dataset
    from ictrank.scoring import score as score_dataset

    loaded = load_criteria(criteria)
    dataset, _ = load_dataset(str(data), loaded, read_options(loaded, **reading))
    if dataset.periods is not None and period is None:
        return audit_periods(dataset, loaded)
    dataset = one_period(dataset, period)
    return audit_one(dataset, loaded, score_dataset(dataset, loaded))


__all__ = ["audit", "is_panel", "language", "load_criteria", "rank_periods", "read_options",
           "score", "validate"]
