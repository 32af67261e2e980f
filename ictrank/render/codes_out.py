"""`ictrank codes`: the catalogue of problem codes as a table, JSON or markdown.

The markdown is the README's list of codes, word for word (a test checks it).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from ictrank.codes import Code
from ictrank.render import RenderOptions

if TYPE_CHECKING:
    from rich.console import RenderableType

HEADERS = {
    "en": ("code", "severity", "where", "what it means"),
    "vi": ("mã", "mức độ", "phạm vi", "ý nghĩa"),
}
SEVERITY_VI = {"error": "lỗi", "warning": "cảnh báo", "info": "ghi chú"}
AREA_VI = {"criteria": "tiêu chí", "sheet": "bảng số liệu", "engine": "tính điểm",
           "run": "thực thi"}


def _row(code: Code, lang: str) -> tuple[str, str, str, str]:
    if lang == "vi":
        return (str(code), SEVERITY_VI[code.severity], AREA_VI[code.area], code.describe("vi"))
    return (str(code), code.severity, code.area, code.describe("en"))


def codes_json(codes: list[Code], options: RenderOptions) -> str:
    data = [{"code": str(c), "severity": c.severity, "area": c.area,
             "description": {"en": c.describe("en"), "vi": c.describe("vi")}} for c in codes]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def codes_markdown(codes: list[Code], options: RenderOptions) -> str:
    header = HEADERS.get(options.lang, HEADERS["en"])
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
    for name in HEADERS.get(options.lang, HEADERS["en"]):
        table.add_column(name, overflow="fold", no_wrap=name in ("code", "mã"))
    for code in codes:
        name, severity, area, text = _row(code, options.lang)
        style = {"error": "red", "warning": "yellow"}.get(code.severity, "cyan")
        table.add_row(Text(name, style=style), severity, area, text)
    return table
