"""What text from a sheet or a criteria file must never do in an output.

Names, ids, titles and colours come from agencies and analysts and are as hostile
as any input. Every writer passes text through the guard of its medium:

- a spreadsheet (CSV, XLSX) must not run it as a formula: `spreadsheet_text`;
- XML (XLSX) cannot hold most control characters: `xml_text`;
- a terminal must not obey escape sequences in it: `terminal_text`;
- markdown must not carry live HTML or break its table: `markdown_text`;
- HTML is escaped by `html.escape`, and colours are checked when the criteria are read.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas is imported by the writers that use it: `criteria check` never
    import pandas as pd  # loads it

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")  # C0, DEL and C1
MAX_MAGNITUDE = 1e15  # the largest number ictrank accepts, in a criteria file or a sheet:
#                       no indicator, weight or threshold is larger, and sums stay finite
REPLACEMENT = "\ufffd"


def spreadsheet_text(text: str) -> str:
    """Text a spreadsheet would run as a formula, with a leading `'` so it stays text. A
    carriage return inside becomes a line feed: CSV writers quote a field with a line feed,
    not one with a lone CR, which would break the row for every reader."""
    text = "'" + text if text.startswith(FORMULA_PREFIXES) else text
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


# a cell that may start with a formula prefix, or hold a CR, in the column joined by "\n"
# (a line feed inside a cell can only add false alarms, which the cell-by-cell pass settles)
_MAYBE_RISKY = re.compile("(?:^|\n)[=+\\-@\t]|\r")


def spreadsheet_column(text: pd.Series, numbers_too: bool = True) -> pd.Series:
    """spreadsheet_text over a whole column (None becomes empty text). With
    `numbers_too=False`, a cell that reads as a number (-3, +5) is left as it is: a
    spreadsheet takes it for that number, and an indicator sheet must keep it one."""
    text = text.fillna("").astype(str)
    if not _MAYBE_RISKY.search("\n".join(text.to_numpy(dtype=object))):
        return text  # one scan of the whole column finds nothing to guard: the usual case
    risky = text.str.startswith(FORMULA_PREFIXES)
    if risky.any() and not numbers_too:
        import pandas as pd

        risky &= pd.to_numeric(text.str.strip(), errors="coerce").isna()
    text = text.where(~risky, "'" + text) if risky.any() else text
    if text.str.contains("\r", regex=False).any():
        text = text.str.replace("\r\n", "\n", regex=False).str.replace("\r", "\n", regex=False)
    return text


def xml_text(text: str) -> str:
    """Characters XML 1.0 cannot hold replaced by U+FFFD (a workbook with them is damaged)."""
    return XML_ILLEGAL.sub(REPLACEMENT, text)


def terminal_text(text: str) -> str:
    """Control characters shown as escapes (`\\x1b`), so the terminal does not obey them."""
    return CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def markdown_text(text: str) -> str:
    """Markdown text on one line: HTML escaped (a portal renders it), and `|` (tables), `[`,
    `]` (links) and backticks (code) escaped."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    for mark in ("|", "[", "]", "`"):
        text = text.replace(mark, "\\" + mark)
    return terminal_text(text.replace("\r\n", " ").replace("\n", " "))
