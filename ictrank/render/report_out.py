"""Validation reports as a rich table, JSON (SPEC §5) or CSV."""

from __future__ import annotations

import csv
import io
import json

from rich.console import Group as RenderGroup
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from ictrank.report import Report

FIELDS = ("file", "row", "column", "cell", "severity", "code", "message")


def report_json(report: Report) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"


def report_csv(report: Report) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(FIELDS)
    for p in report.sorted():
        writer.writerow(["" if getattr(p, f) is None else getattr(p, f) for f in FIELDS])
    return out.getvalue()


def report_table(report: Report, files: list[str]) -> RenderableType:
    parts: list[RenderableType] = []
    by_file: dict[str, list] = {f: [] for f in files}
    for p in report.sorted():
        by_file.setdefault(p.file, []).append(p)
    for file, problems in by_file.items():
        errors = sum(1 for p in problems if p.severity == "error")
        warnings = len(problems) - errors
        status = Text("valid", style="bold green") if not errors else Text(
            f"{errors} error{'s' if errors != 1 else ''}", style="bold red")
        head = Text(f"{file}: ")
        head.append_text(status)
        if warnings:
            head.append(f", {warnings} warning{'s' if warnings != 1 else ''}", style="yellow")
        parts.append(head)
        if problems:
            table = Table(show_edge=False, header_style="bold")
            with_cells = any(p.cell for p in problems)
            names = ("row", "column", "cell", "code", "message") if with_cells else (
                "row", "column", "code", "message")
            for name in names:
                table.add_column(name, overflow="fold", no_wrap=name == "code")
            for p in problems:
                style = "red" if p.severity == "error" else "yellow"
                cells: list[RenderableType] = ["" if p.row is None else str(p.row),
                                               p.column or ""]
                if with_cells:
                    cells.append(p.cell or "")
                cells += [Text(p.code, style=style), p.message]
                table.add_row(*cells)
            parts.append(table)
    return RenderGroup(*parts)


def report_lines(report: Report, limit: int = 50) -> list[str]:
    """One line per error, for `score` refusing a sheet."""
    errors = [p for p in report.sorted() if p.severity == "error"]
    lines = [str(p) for p in errors[:limit]]
    if len(errors) > limit:
        lines.append(f"... and {len(errors) - limit} more; `ictrank validate` lists them all")
    return lines
