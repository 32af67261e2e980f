"""Renderers: a ranking, report, explanation or analysis in, text, bytes or a rich
renderable out; none of them prints.

`OUTPUTS` is the one table of the output formats: the file endings each is known
by and whether it is bytes (a workbook, a PDF: never printed to a terminal).
`FORMATS` is the one table of which renderer serves which command and format.
Each entry names a module and a function taking (subject, RenderOptions); the
module is imported only when that format is asked for, so `ictrank --help` and
a CSV run never load XlsxWriter or rich. Adding a format is one module and a line in
each table (docs/architecture.md, "Add an output format").
"""

from __future__ import annotations

import importlib
import os
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from ictrank.criteria import Criteria


class RenderOptions(NamedTuple):
    """What a renderer may need besides its subject (a NamedTuple, not a dataclass: the
    dataclasses module costs `ictrank --help` a seventh of its time)."""

    lang: str = "en"
    criteria: Criteria | None = None
    to_file: bool = False  # written with -o (CSV gets a BOM for Excel)
    criteria_file: str | None = None  # as named in the workbook's summary
    files: tuple[str, ...] = ()  # validate: every file checked, valid ones too
    max_errors: int | None = None  # validate: errors listed at most (totals stay real)
    basic_colors: bool = False  # table: a terminal of 16 colours (bands by their hue)


class OutputFormat(NamedTuple):
    """An output format: the endings of a file written in it (the first is the usual one),
    and whether it is bytes rather than text."""

    endings: tuple[str, ...]
    binary: bool = False


OUTPUTS: dict[str, OutputFormat] = {
    "table": OutputFormat((".txt",)),
    "csv": OutputFormat((".csv",)),
    "json": OutputFormat((".json",)),
    "markdown": OutputFormat((".md", ".markdown")),
    "xlsx": OutputFormat((".xlsx",), binary=True),
    "html": OutputFormat((".html", ".htm")),
    "pdf": OutputFormat((".pdf",), binary=True),
}


def format_of_file(path: str, command: str) -> str | None:
    """The format `command` writes to a file named `path`, by its ending (None: none)."""
    ending = os.path.splitext(path)[1].lower()
    return next((fmt for fmt in FORMATS[command] if ending in OUTPUTS[fmt].endings), None)


def endings(command: str) -> tuple[str, ...]:
    """Every file ending `command` can write, for a message that lists them."""
    return tuple(e for fmt in FORMATS[command] for e in OUTPUTS[fmt].endings)


def is_written_as(path: str, fmt: str) -> bool:
    """True when a file named `path` ends as files of `fmt` do (a template must be .xlsx)."""
    return os.path.splitext(path)[1].lower() in OUTPUTS[fmt].endings


def is_binary(fmt: str) -> bool:
    return OUTPUTS[fmt].binary


FORMATS: dict[str, dict[str, tuple[str, str]]] = {
    "score": {
        "table": ("table", "ranking_table"),
        "csv": ("csv_out", "publish_csv"),
        "json": ("json_out", "publish_json"),
        "markdown": ("markdown", "publish_markdown"),
        "xlsx": ("xlsx_out", "publish_xlsx"),
        "html": ("html_out", "publish_html"),
        "pdf": ("pdf_out", "publish_pdf"),
    },
    "panel": {  # score of several periods
        "table": ("panel_out", "panel_table"),
        "csv": ("panel_out", "panel_csv"),
        "json": ("panel_out", "panel_json"),
        "markdown": ("panel_out", "panel_markdown"),
        "xlsx": ("panel_out", "panel_xlsx"),
        "html": ("panel_out", "panel_html"),
        "pdf": ("panel_out", "panel_pdf"),
    },
    "trend": {
        "table": ("trend_out", "trend_table"),
        "csv": ("trend_out", "trend_csv"),
        "json": ("trend_out", "trend_json"),
        "markdown": ("trend_out", "trend_markdown"),
        "xlsx": ("trend_out", "trend_xlsx"),
        "html": ("trend_out", "trend_html"),
        "pdf": ("trend_out", "trend_pdf"),
    },
    "validate": {
        "table": ("report_out", "report_table"),
        "json": ("report_out", "report_json"),
        "csv": ("report_out", "report_csv"),
    },
    "explain": {
        "table": ("explain_out", "explanation_table"),
        "json": ("explain_out", "explanation_json"),
    },
    "sensitivity": {
        "table": ("sensitivity_out", "sensitivity_table"),
        "json": ("sensitivity_out", "sensitivity_json"),
        "csv": ("sensitivity_out", "sensitivity_csv"),
        "html": ("sensitivity_out", "sensitivity_html"),
        "xlsx": ("sensitivity_out", "sensitivity_xlsx"),
        "pdf": ("sensitivity_out", "sensitivity_pdf"),
    },
    "sobol": {
        "table": ("sobol_out", "sobol_table"),
        "json": ("sobol_out", "sobol_json"),
        "csv": ("sobol_out", "sobol_csv"),
    },
    "audit": {
        "table": ("audit_out", "audit_table"),
        "json": ("audit_out", "audit_json"),
        "xlsx": ("audit_out", "audit_xlsx"),
        "html": ("audit_out", "audit_html"),
    },
    "codes": {
        "table": ("codes_out", "codes_table"),
        "json": ("codes_out", "codes_json"),
        "markdown": ("codes_out", "codes_markdown"),
    },
}


def formats(command: str) -> tuple[str, ...]:
    return tuple(FORMATS[command])


def render(command: str, fmt: str, subject: Any, options: RenderOptions) -> Any:
    """`subject` in `fmt`: str, bytes, or a rich renderable for `table`."""
    module, function = FORMATS[command][fmt]
    return getattr(importlib.import_module(f"ictrank.render.{module}"), function)(subject,
                                                                                 options)
