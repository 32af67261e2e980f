"""`ictrank template`: the submission workbook an agency fills in (read back by
`ictrank/read/template.py`, which holds the layout both share).

Layout (fixed, so `collect` can read it): identity cells B3 (id), B4 (name), B5
(group); a header on row 7; from row 8 one row per input column with its column
name in A and the value in F. A hidden sheet `_ictrank` marks the workbook as a
template and records the criteria it was made from.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ictrank.criteria import Criteria, Group
from ictrank.messages import term
from ictrank.methods import CellKind
from ictrank.read.template import (
    FIRST_ROW,
    GROUPS_ROW,
    HEADER_ROW,
    MARKER,
    META_SHEET,
    TEXT,
    VALUE_COL,
    InputColumn,
    input_columns,
)
from ictrank.render.common import today
from ictrank.render.xlsx_book import MAX_MESSAGE, MAX_MESSAGE_TITLE
from ictrank.safety import spreadsheet_text, xml_text

if TYPE_CHECKING:
    from ictrank.render.xlsx_book import Sheet

ID_CELL, NAME_CELL, GROUP_CELL = "B3", "B4", "B5"
INSTRUCTIONS = ("template.howto", "template.howto.1", "template.howto.2", "template.howto.3",
                "template.howto.4", "template.howto.5")  # the first is the sheet's heading


def _number_text(value: float) -> str:
    return f"{value:g}"


def accepted_text(col: InputColumn, lang: str, yes_no: tuple[str, str]) -> str:
    t = TEXT[lang]
    if col.kind == CellKind.YES_NO:
        return f"{yes_no[0]} / {yes_no[1]}"
    if col.kind == CellKind.CHOICE:
        return f"{t['one_of']}: " + ", ".join(col.choices)
    base = t["whole"] if col.kind == "integer" else t["number"]
    lo, hi = col.bounds
    if lo is not None and hi is not None:
        return f"{base} {t['from']} {_number_text(lo)} {t['to']} {_number_text(hi)}"
    if lo is not None:
        return f"{base}, {t['at_least']} {_number_text(lo)}"
    if hi is not None:
        return f"{base}, {t['at_most']} {_number_text(hi)}"
    return base


def _list_values(values: tuple[str, ...] | list[str]) -> list[str] | None:
    """`values` as an Excel drop-down list, or None where Excel cannot list them (a comma
    or quote inside a value, or more than 255 characters)."""
    items = ",".join(values)
    if '"' in items or any("," in v for v in values) or len(items) > 250:
        return None
    return [xml_text(v) for v in values]


def _message(text: str, limit: int = MAX_MESSAGE) -> str:
    """A drop-down's message or title within what Excel holds."""
    text = xml_text(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _validation(col: InputColumn, lang: str, yes_no: tuple[str, str]) -> dict[str, Any] | None:
    """XlsxWriter's data validation for a value cell: a drop-down, or a number's range."""
    message = _message(accepted_text(col, lang, yes_no))
    common: dict[str, Any] = {"ignore_blank": True, "show_error": True,
                              "error_title": _message(TEXT[lang]["bad"], MAX_MESSAGE_TITLE),
                              "error_message": message, "show_input": True,
                              "input_message": message}
    if col.kind == CellKind.YES_NO:
        return {"validate": "list", "source": list(yes_no), **common}
    if col.kind == CellKind.CHOICE:
        items = _list_values(col.choices)
        return None if items is None else {"validate": "list", "source": items, **common}
    kind = "integer" if col.kind == "integer" else "decimal"
    lo, hi = col.bounds
    if lo is not None and hi is not None:
        return {"validate": kind, "criteria": "between", "minimum": _number_text(lo),
                "maximum": _number_text(hi), **common}
    if lo is not None:
        return {"validate": kind, "criteria": ">=", "value": _number_text(lo), **common}
    if hi is not None:
        return {"validate": kind, "criteria": "<=", "value": _number_text(hi), **common}
    return {"validate": kind, "criteria": "between", "minimum": "-1E+300",
            "maximum": "1E+300", **common}


_FILL = "#FFF59D"  # the yellow of the cells an agency fills in
_VALUE_CELL = {"bg_color": _FILL, "pattern": 1, "locked": False}


def build_template(criteria: Criteria, lang: str = "en", group: str | None = None,
                   year: int | None = None, title: str | None = None) -> bytes:
    """The submission workbook as XLSX bytes (only the columns of `group` when given), titled
    `title` (default: the criteria's name) with `year` (default: the criteria's) once."""
    from ictrank.render.xlsx_book import Workbook

    columns = [c for c in input_columns(criteria)
               if group is None or c.applies_to is None or group in c.applies_to]
    book = Workbook(today(), criteria.label(lang))
    ws = book.sheet(TEXT[lang]["sheet"])
    _identity_block(ws, criteria, lang, group, criteria.titled(lang, " — ", title, year))
    _indicator_rows(ws, columns, lang, criteria.groups)
    _instructions_sheet(book.sheet(TEXT[lang]["instructions"]), lang)
    meta = book.sheet(META_SHEET, hidden=True)
    rows: list[list[Any]] = [
        [MARKER, 1], ["criteria", spreadsheet_text(criteria.name)],
        ["criteria_sha256", criteria.sha256],
        ["rows", FIRST_ROW, FIRST_ROW + len(columns) - 1], ["sheet", ws.name],
        ["groups", *(g.label(lang) for g in criteria.groups)],  # GROUPS_ROW: as text
    ]
    for r, values in enumerate(rows, start=1):
        for c, value in enumerate(values, start=1):
            meta.put(r, c, value)
    return book.bytes()


def _identity_block(ws: Sheet, criteria: Criteria, lang: str, group: str | None,
                    title: str) -> None:
    """The title, and the id, name and group cells (the group as a drop-down)."""
    t = TEXT[lang]
    ws.put(1, 1, title, look={"bold": True, "font_size": 14})
    identity = [(ID_CELL, t["id"] + f" ({criteria.columns.id})"),
                (NAME_CELL, t["name"] + f" ({criteria.columns.name})")]
    if criteria.groups:
        identity.append((GROUP_CELL, t["group"] + f" ({criteria.columns.group})"))
    chosen = criteria.group(group).label(lang) if group is not None else None
    for cell, text in identity:
        row = int(cell[1:])
        ws.put(row, 1, text, look={"bold": True})
        ws.put(row, 2, chosen if cell == GROUP_CELL else None, look=_VALUE_CELL)
    if not criteria.groups:
        return
    from ictrank.read.cells import excel_letter

    # the groups by their titles in `lang`, listed from the hidden sheet's GROUPS_ROW (a
    # title such as "Sở, ban, ngành" holds commas, which a literal list cannot)
    labels = [xml_text(g.label(lang)) for g in criteria.groups]
    last = excel_letter(len(labels))
    row = int(GROUP_CELL[1:]) - 1
    ws.ws.data_validation(row, 1, row, 1, {
        "validate": "list", "source": f"='{META_SHEET}'!$B${GROUPS_ROW}:${last}${GROUPS_ROW}",
        "ignore_blank": False, "show_error": True,
        "error_title": _message(t["bad"], MAX_MESSAGE_TITLE),
        "error_message": _message(f"{t['one_of']}: " + "; ".join(labels))})
    ws.put(row + 1, 3, "; ".join(labels))


def _indicator_rows(ws: Sheet, columns: list[InputColumn], lang: str,
                    groups: tuple[Group, ...]) -> None:
    """The header on HEADER_ROW, then a row per column with its value cell in VALUE_COL."""
    t = TEXT[lang]
    yes_no = ("có", "không") if lang == "vi" else ("yes", "no")
    headers = [t["column"], t["criterion"], t["unit"], t["accepted"], t["applies"], t["value"]]
    for i, text in enumerate(headers, start=1):
        ws.put(HEADER_ROW, i, text, look={"bold": True})
    value_col = ord(VALUE_COL) - ord("A")
    for offset, col in enumerate(columns):
        row = FIRST_ROW + offset
        applies = (", ".join(g.label(lang) for g in groups if g.id in col.applies_to)
                   if col.applies_to else t["all"])
        values = [col.name, col.label(lang), col.unit or "", accepted_text(col, lang, yes_no),
                  applies]
        for i, value in enumerate(values, start=1):
            ws.put(row, i, value, look={"text_wrap": True})
        ws.put(row, value_col + 1, None, look=_VALUE_CELL)
        rule = _validation(col, lang, yes_no)
        if rule is not None:
            ws.ws.data_validation(row - 1, value_col, row - 1, value_col, rule)
    for i, width in enumerate((22, 60, 14, 34, 20, 16)):
        ws.ws.set_column(i, i, width)
    ws.freeze(FIRST_ROW, 1)
    ws.ws.protect()
    last = FIRST_ROW + len(columns) + 1
    ws.put(last, 1, t["fill"])
    _print_setup(ws, last)


def _print_setup(ws: Sheet, last: int) -> None:
    """A4 landscape, the six columns one page wide, so that every indicator prints with its
    value cell beside it; the header row of the indicators repeated on every page."""
    ws.ws.set_landscape()
    ws.ws.set_paper(9)
    ws.ws.fit_to_pages(1, 0)
    ws.ws.repeat_rows(HEADER_ROW - 1)
    ws.print_area(last, ord(VALUE_COL) - ord("A") + 1)
    ws.ws.hide_gridlines(0)  # shown, and printed


def _instructions_sheet(guide: Sheet, lang: str) -> None:
    for i, key in enumerate(INSTRUCTIONS, start=1):
        guide.put(i, 1, term(key, lang), look={"bold": i == 1})
    guide.ws.set_column(0, 0, 110)


# --- reading a filled template back ---------------------------------------------------


