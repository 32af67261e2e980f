"""What the reader should know of the criteria: the columns to read as text or as
categories, and the names that find the header row.
"""

from __future__ import annotations

from ictrank.criteria import Criteria, NumberFormat
from ictrank.labels import normalize_label
from ictrank.methods import CellKind
from ictrank.read.raw import ColumnHints


def column_hints(criteria: Criteria, number_format: NumberFormat | None = None,
                 header_row: int | None = None) -> ColumnHints:
    """What the reader should know of these criteria: the columns to read as text or as
    categories, and the names that find the header row."""
    number_format = number_format or criteria.number_format or NumberFormat()
    cols = criteria.columns
    text = {normalize_label(c) for which in ("id", "name", "group", "period")
            for c in cols.accepted(which)}
    category = {normalize_label(name) for leaf in criteria.leaves()
                if leaf.kind is not None and leaf.kind.cell != CellKind.NUMBER
                for name in leaf.accepted_names()}
    every = set(text)
    for leaf in criteria.leaves():
        every.update(normalize_label(name) for name in leaf.accepted_names())
        if leaf.per is not None:
            every.add(normalize_label(leaf.per))
    for deduction in criteria.adjustments:
        every.update(normalize_label(name) for name in deduction.accepted_names())
    return ColumnHints(frozenset(text), frozenset(category - text), number_format.decimal,
                       number_format.thousands,
                       id_names=frozenset(map(normalize_label, cols.accepted("id"))),
                       header_names=frozenset(every), header_row=header_row)
