"""A cell as the text a CSV would hold, read as LibreOffice and Excel show it
(docs/spreadsheets.md, "A cell's text").
"""

from __future__ import annotations

import re
import unicodedata


def excel_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


_ZERO_PADDED = re.compile("0{2,}")


def cell_text(value: object, excel_format: str | None = None, decimal: str = ".") -> str:
    """An XLSX cell as the text a CSV would hold, numbers written so they read back exactly
    under the sheet's decimal mark (a number cell is a number whatever the mark).

    A cell shown as a percentage (85%) holds 0.85; the sheet means 85, as in a CSV.
    """
    if excel_format is None:  # the usual cell first: a workbook has millions of them
        if isinstance(value, str):
            return value if value.isascii() else unicodedata.normalize("NFC", value)
        if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
            return str(int(value))
    text = _cell_text(value, excel_format)
    if decimal != "." and isinstance(value, float):
        return text.replace(".", decimal)
    return text


def _cell_text(value: object, excel_format: str | None) -> str:
    if (excel_format and "%" in excel_format and isinstance(value, (int, float))
            and not isinstance(value, bool)):
        value = float(f"{value * 100:.12g}")
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if (excel_format and _ZERO_PADDED.fullmatch(excel_format) and isinstance(value, (int, float))
            and not isinstance(value, bool) and float(value).is_integer()):
        return f"{int(value):0{len(excel_format)}d}"  # an id 007 shown by its format "000"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return unicodedata.normalize("NFC", str(value))


_DOTTED = re.compile(r"[+-]?[1-9]\d{0,2}(?:\.\d{3})+")


def dotted(text: str) -> bool:
    """True for text shaped like a number with dots between thousands (3.000, 1.250):
    3000, or 3.0 with a decimal point?"""
    return "." in text and _DOTTED.fullmatch(text.strip()) is not None
