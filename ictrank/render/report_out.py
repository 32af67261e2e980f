"""Validation reports as a rich table, JSON or CSV, and as lines for stderr."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from typing import TYPE_CHECKING

from ictrank.codes import Code
from ictrank.messages import column_label, msg
from ictrank.render import RenderOptions
from ictrank.render.common import shown, term
from ictrank.report import Problem, Report
from ictrank.safety import spreadsheet_text

if TYPE_CHECKING:
    from rich.console import RenderableType

FIELDS = ("file", "row", "column", "cell", "severity", "code", "message")
TABLE_ROWS = 500  # problems of a file drawn as a table; the rest are plain lines


def report_json(report: Report, options: RenderOptions) -> str:
    return json.dumps(report.to_dict(options.max_errors, options.lang), ensure_ascii=False,
                      indent=2) + "\n"


def report_csv(report: Report, options: RenderOptions) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(FIELDS)
    for p in report.shown(options.max_errors):
        row = p.to_dict(options.lang)
        writer.writerow([_csv_cell(row.get(f)) for f in FIELDS])
    return out.getvalue()


def _csv_cell(value: object) -> object:
    if value is None:
        return ""
    return spreadsheet_text(value) if isinstance(value, str) else value


def _count(count: int, key: str, lang: str) -> str:
    """'1 error', '3 errors' ('3 lỗi'): the catalogue has a singular and a plural key."""
    return msg(key if count == 1 else f"{key}s", count=count).text(lang)


def report_table(report: Report, options: RenderOptions) -> RenderableType:
    """A status line per file with its real totals, then its problems (at most
    `max_errors` errors in all, every warning)."""
    from rich.console import Group as RenderGroup
    from rich.text import Text

    lang = options.lang
    totals = Counter((p.file, p.severity) for p in report.problems)
    by_file: dict[str, list[Problem]] = {f: [] for f in options.files}
    for p in report.shown(options.max_errors):
        by_file.setdefault(p.file, []).append(p)
    parts: list[RenderableType] = []
    for file, problems in by_file.items():
        errors, warnings = totals[file, "error"], totals[file, "warning"]
        head = shown(f"{file}: ")
        head.append_text(Text(_count(errors, "report.error", lang), style="bold red") if errors
                         else Text(term("report.valid", lang), style="bold green"))
        if warnings:
            head.append(f", {_count(warnings, 'report.warning', lang)}", style="yellow")
        parts.append(head)
        if problems:
            parts.append(_problem_table(problems[:TABLE_ROWS], lang))
        if len(problems) > TABLE_ROWS:  # a drawn table of thousands of rows takes minutes
            parts.append(shown("\n".join(_plain_line(p, lang) for p in problems[TABLE_ROWS:])))
    return RenderGroup(*parts)


def _plain_line(p: Problem, lang: str) -> str:
    row = "" if p.row is None else msg("report.row_n", row=p.row).text(lang)
    where = " ".join(x for x in (row, column_label(p.column or "", lang), p.cell or "") if x)
    return f"  {where}: [{p.code}] {p.text(lang)}"


def _problem_table(problems: list[Problem], lang: str) -> RenderableType:
    from rich.table import Table
    from rich.text import Text

    table = Table(show_edge=False, header_style="bold")
    with_cells = any(p.cell for p in problems)
    keys = ("report.row", "column", "report.cell", "report.code", "report.message")
    for key in keys if with_cells else tuple(k for k in keys if k != "report.cell"):
        table.add_column(term(key, lang), overflow="fold", no_wrap=key == "report.code")
    for p in problems:
        style = {"error": "red", "warning": "yellow"}.get(p.severity, "cyan")
        cells: list[RenderableType] = ["" if p.row is None else str(p.row),
                                       shown(column_label(p.column or "", lang))]
        if with_cells:
            cells.append(p.cell or "")
        cells += [Text(p.code, style=style), shown(p.text(lang))]
        table.add_row(*cells)
    return table


def hidden_errors_line(report: Report, max_errors: int | None, lang: str = "en") -> str | None:
    """'... 8 more errors not shown (--max-errors)', when some are."""
    hidden = len(report.errors) - max_errors if max_errors is not None else 0
    return _count(hidden, "report.hidden", lang) if hidden > 0 else None


def report_lines(report: Report, limit: int = 50, lang: str = "en") -> list[str]:
    """One line per error, for `score` refusing a sheet."""
    errors = [p for p in report.sorted() if p.severity == "error"]
    lines = [p.line(lang) for p in errors[:limit]]
    if len(errors) > limit:
        lines.append(msg("report.more", count=len(errors) - limit).text(lang))
    return lines


def warning_lines(report: Report, lang: str = "en") -> list[str]:
    """The warnings of a run that went ahead, for stderr: one line each, except that the
    columns a sheet has and the criteria do not use are named in one line."""
    # (a template's stray row is unknown-column too, with no column: it gets its own line)
    named = [p for p in report.warnings if p.code == Code.UNKNOWN_COLUMN and p.column]
    lines = [p.line(lang) for p in report.warnings if p not in named]
    unused = [str(p.column) for p in named]
    if unused:
        lines.append(msg("report.unused", count=len(unused), columns=", ".join(unused)
                         ).text(lang))
    return lines


def note_lines(report: Report, lang: str = "en") -> list[str]:
    """What was read differently from a plain sheet (the header row found lower down)."""
    return [p.line(lang) for p in report.notes]
