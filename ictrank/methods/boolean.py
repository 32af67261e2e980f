"""`boolean`: yes or no, full marks or none (a website, a plan approved)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ictrank.codes import Code
from ictrank.messages import Message, msg, term
from ictrank.methods.base import CellKind, Method, Statistics

if TYPE_CHECKING:
    from ictrank.criteria.model import Criterion

# the texts read as yes and as no (trimmed, case-folded), in English and Vietnamese
YES = frozenset({"1", "true", "yes", "y", "x", "có", "co", "đạt", "dat"})
NO = frozenset({"0", "false", "no", "n", "không", "khong", "chưa", "chua"})
YES_NO = {**dict.fromkeys(YES, 1.0), **dict.fromkeys(NO, 0.0)}


class Boolean(Method):
    name = "boolean"
    cell = CellKind.YES_NO

    def fraction(self, leaf: Criterion, x: np.ndarray, observed: np.ndarray,
                 out: np.ndarray, engine: Statistics) -> None:
        if leaf.direction == "lower":
            np.subtract(1.0, x, out=out)
        else:  # the cell's yes/no arrives as 1/0 already
            np.copyto(out, x)

    def lookup_table(self, leaf: Criterion) -> dict[str, float]:
        return YES_NO

    def invalid_cell(self, leaf: Criterion) -> tuple[Code, Message]:
        return Code.INVALID_BOOLEAN, msg("cell.not_boolean")

    def value_text(self, leaf: Criterion, value: float, lang: str) -> str:
        return term("value.yes" if value else "value.no", lang)

    def canonical(self, leaf: Criterion, value: float, typed: str) -> str:
        return "" if np.isnan(value) else ("yes" if value else "no")
