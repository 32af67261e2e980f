"""`ratio`: the value over a denominator column of the sheet (`per`) or a fixed `target`,
capped at 1 (online services over services; a budget share over its target)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from ictrank.messages import msg
from ictrank.methods.base import KeyReader, Method, Statistics
from ictrank.methods.goalposts import fill_where_not_positive

if TYPE_CHECKING:
    from ictrank.criteria.model import Criterion


@dataclass(frozen=True)
class RatioParams:
    per: str | None  # the sheet's column of denominators
    target: float | None
    on_zero: str = "zero"  # zero | full: the fraction where the denominator is 0


class Ratio(Method):
    name = "ratio"
    keys = frozenset({"per", "target", "on_zero"})
    nonnegative = True

    def parse(self, reader: KeyReader, m: Any, path: str, weight: float | None) -> RatioParams:
        reader.exactly_one(m, path, ("per", "target"), msg("yaml.ratio"))
        return RatioParams(per=reader.text(m, "per", path),
                           target=reader.number(m, "target", path, positive=True),
                           on_zero=reader.choice(m, "on_zero", path, ("zero", "full"), "zero"))

    def fraction(self, leaf: Criterion, x: np.ndarray, observed: np.ndarray,
                 out: np.ndarray, engine: Statistics) -> None:
        params: RatioParams = leaf.params
        den = params.target if params.target is not None else engine.denominators[leaf.id]
        np.divide(x, den, out=out)
        np.clip(out, 0.0, 1.0, out=out)
        fill_where_not_positive(out, den, 1.0 if params.on_zero == "full" else 0.0)
        if leaf.direction == "lower":
            np.subtract(1.0, out, out=out)

    def describe(self, leaf: Criterion, lang: str) -> str:
        params: RatioParams = leaf.params
        if params.per:
            return msg("show.ratio_per", per=params.per).text(lang)
        return msg("show.ratio_target", target=f"{params.target:g}").text(lang)


