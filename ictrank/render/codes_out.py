"""`ictrank codes`: the catalogue of problem codes as a table, JSON or markdown.

The markdown is the README's list of codes, word for word (a test checks it).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from ictrank.codes import Code
from ictrank.messages import term
from ictrank.render import RenderOptions

if TYPE_CHECKING:
    from rich.console import RenderableType

HEADERS = ("codes.code", "codes.severity", "codes.area", "codes.meaning")


def _headers(lang: str) -> tuple[str, ...]:
    return tuple(term(key, lang) for key in HEADERS)


def _row(code: Code, lang: str) -> tuple[str, str, str, str]:
    return (str(code), term(f"severity.{code.severity}", lang), term(f"area.{code.area}", lang),
            code.describe(lang))


def codes_json(codes: list[Code], options: RenderOptions) -> str:
    data = [{"code": str(c), "severity": c.severity, "area": c.area,
             "description": {"en": c.describe("en"), "vi": c.describe("vi")}} for c in codes]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def codes_markdown(codes: list[Code], options: RenderOptions) -> str:
    header = _headers(options.lang)
    lines = ["| " + " | ".join(header) + " |", "|---|---|---|---|"]
    for code in codes:
        name, severity, area, text = _row(code, options.lang)
        text = text.replace("|", "\\|")
        lines.append(f"| `{name}` | {severity} | {area} | {text} |")
    return "\n".join(lines) + "\n"


def codes_table(codes: list[Code], options: RenderOptions) -> RenderableType:
    from rich.table import Table
    from rich.text import Text

    table = Table(header_style="bold", show_edge=False)
    for name in _headers(options.lang):
        table.add_column(name, overflow="fold", no_wrap=name in ("code", "mã"))
    for code in codes:
        name, severity, area, text = _row(code, options.lang)
        style = {"error": "red", "warning": "yellow"}.get(code.severity, "cyan")
        table.add_row(Text(name, style=style), severity, area, text)
    return table
