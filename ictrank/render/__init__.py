"""Renderers: a ranking, report, explanation or analysis in, text, bytes or a rich
renderable out; none of them prints.

`FORMATS` is the one table of which renderer serves which command and format.
Each entry names a module and a function taking (subject, RenderOptions); the
module is imported only when that format is asked for, so `ictrank --help` and
a CSV run never load XlsxWriter or rich.
"""

from __future__ import annotations

import importlib
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
