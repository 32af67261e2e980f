"""How to read the sheets of one run: the options every reading command shares."""

from __future__ import annotations

from dataclasses import dataclass

from ictrank.criteria import Criteria, NumberFormat


def number_format_for(criteria: Criteria, decimal: str | None = None,
                      thousands: str | None = None) -> NumberFormat | None:
    """The sheets' number format: the options given, else the criteria file's
    `number_format`, else plain numbers (None: let the criteria decide)."""
    if decimal is None and thousands is None:
        return None
    base = criteria.number_format or NumberFormat()
    if decimal is None:
        return NumberFormat(decimal=base.decimal, thousands=thousands)
    return NumberFormat(decimal=decimal, thousands=thousands)


@dataclass(frozen=True)
class ReadOptions:
    """How to read the sheets of one run: options every reading command shares."""

    number_format: NumberFormat | None = None  # None: the criteria's, else plain
    sheet: str | None = None  # a workbook's sheet by name or number
    header_row: int | None = None  # None: found (docs/criteria-format.md, "Header row")
    strict: bool = False  # every warning an error
    stdin: bytes | None = None  # the bytes of `-`
    joins: tuple[str, ...] = ()  # sheets whose columns are added by id (ictrank/join.py)


DEFAULT_READING = ReadOptions()
