"""Validation reports as a rich table, JSON or CSV, and as lines for stderr."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from typing import TYPE_CHECKING

from ictrank.codes import Code
from ictrank.render import RenderOptions
from ictrank.render.common import shown
from ictrank.report import Problem, Report
from ictrank.safety import spreadsheet_text

if TYPE_CHECKING:
    from rich.console import RenderableType

FIELDS = ("file", "row", "column", "cell", "severity", "code", "message")
TABLE_ROWS = 500  # problems of a file drawn as a table; the rest are plain lines


def report_json(report: Report, options: RenderOptions) -> str:
    return json.dumps(report.to_dict(options.max_errors), ensure_ascii=False, indent=2) + "\n"


def report_csv(report: Report, options: RenderOptions) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(FIELDS)
    for p in report.shown(options.max_errors):
        writer.writerow([_csv_cell(getattr(p, f)) for f in FIELDS])
    return out.getvalue()


def _csv_cell(value: object) -> object:
    if value is None:
        return ""
    return spreadsheet_text(value) if isinstance(value, str) else value


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count != 1 else ''}"


def report_table(report: Report, options: RenderOptions) -> RenderableType:
    """A status line per file with its real totals, then its problems (at most
    `max_errors` errors in all, every warning)."""
    from rich.console import Group as RenderGroup
    from rich.text import Text

    totals = Counter((p.file, p.severity) for p in report.problems)
    by_file: dict[str, list[Problem]] = {f: [] for f in options.files}
    for p in report.shown(options.max_errors):
        by_file.setdefault(p.file, []).append(p)
    parts: list[RenderableType] = []
    for file, problems in by_file.items():
        errors, warnings = totals[file, "error"], totals[file, "warning"]
        head = shown(f"{file}: ")
        head.append_text(Text(_plural(errors, "error"), style="bold red") if errors
                         else Text("valid", style="bold green"))
        if warnings:
            head.append(f", {_plural(warnings, 'warning')}", style="yellow")
        parts.append(head)
        if problems:
            parts.append(_problem_table(problems[:TABLE_ROWS]))
        if len(problems) > TABLE_ROWS:  # a drawn table of thousands of rows takes minutes
            parts.append(shown("\n".join(_plain_line(p) for p in problems[TABLE_ROWS:])))
    return RenderGroup(*parts)


def _plain_line(p: Problem) -> str:
    where = " ".join(x for x in ("" if p.row is None else f"row {p.row}", p.column or "",
                                 p.cell or "") if x)
    return f"  {where}: [{p.code}] {p.message}"


def _problem_table(problems: list[Problem]) -> RenderableType:
    from rich.table import Table
    from rich.text import Text

    table = Table(show_edge=False, header_style="bold")
    with_cells = any(p.cell for p in problems)
    names = ("row", "column", "cell", "code", "message") if with_cells else (
        "row", "column", "code", "message")
    for name in names:
        table.add_column(name, overflow="fold", no_wrap=name == "code")
    for p in problems:
        style = {"error": "red", "warning": "yellow"}.get(p.severity, "cyan")
        cells: list[RenderableType] = ["" if p.row is None else str(p.row),
                                       shown(p.column or "")]
        if with_cells:
            cells.append(p.cell or "")
        cells += [Text(p.code, style=style), shown(p.message)]
        table.add_row(*cells)
    return table


def hidden_errors_line(report: Report, max_errors: int | None) -> str | None:
    """'... 8 more errors not shown (--max-errors)', when some are."""
    hidden = len(report.errors) - max_errors if max_errors is not None else 0
    return f"... {_plural(hidden, 'more error')} not shown (--max-errors)" if hidden > 0 else None


def report_lines(report: Report, limit: int = 50) -> list[str]:
    """One line per error, for `score` refusing a sheet."""
    errors = [p for p in report.sorted() if p.severity == "error"]
    lines = [str(p) for p in errors[:limit]]
    if len(errors) > limit:
        lines.append(f"... and {len(errors) - limit} more; `ictrank validate` lists them all")
    return lines


def warning_lines(report: Report) -> list[str]:
    """The warnings of a run that went ahead, for stderr: one line each, except that the
    columns a sheet has and the criteria do not use are named in one line."""
    lines = [str(p) for p in report.warnings if p.code != Code.UNKNOWN_COLUMN]
    unused = [str(p.column) for p in report.warnings if p.code == Code.UNKNOWN_COLUMN]
    if unused:
        lines.append(f"{len(unused)} column(s) not used by the criteria: " + ", ".join(unused))
    return lines


def note_lines(report: Report) -> list[str]:
    """What was read differently from a plain sheet (the header row found lower down)."""
    return [str(p) for p in report.notes]
