"""`linear`: goalposts the criteria file fixes (`range: [lo, hi]`), optionally on a log
scale (`transform: log`, as the HDI's income index)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import numpy as np

from ictrank.codes import Code
from ictrank.messages import msg, term
from ictrank.methods.base import KeyReader, Method, Statistics, join
from ictrank.methods.goalposts import goalposts
from ictrank.methods.statistic import MinMax, ScopeParams

if TYPE_CHECKING:
    from ictrank.criteria.model import Criterion


@dataclass(frozen=True)
class LinearParams:
    range: tuple[float, float] | None
    transform: str | None = None


class Linear(Method):
    name = "linear"
    keys = frozenset({"range", "transform"})

    def parse(self, reader: KeyReader, m: Any, path: str, weight: float | None) -> LinearParams:
        if "range" not in m:
            reader.error(Code.MISSING_KEY, path, m.line, msg("yaml.linear"),
                         msg("yaml.linear_hint"))
        span = reader.pair(m, "range", path)
        transform = None
        if "transform" in m:
            transform = reader.choice(m, "transform", path, ("log",), "log")
            if span is not None and span[0] <= 0:
                reader.error(Code.INVALID_VALUE, join(path, "range"), m.line_of("range"),
                             msg("yaml.log_range"))
        return LinearParams(span, transform)

    def fraction(self, leaf: Criterion, x: np.ndarray, observed: np.ndarray,
                 out: np.ndarray, engine: Statistics) -> None:
        params: LinearParams = leaf.params
        assert params.range is not None
        lo, hi = params.range
        if params.transform == "log":
            x, lo, hi = np.log(np.where(x > 0, x, np.nan)), float(np.log(lo)), float(np.log(hi))
        goalposts(x, lo, hi, leaf.direction == "lower", out)

    def describe(self, leaf: Criterion, lang: str) -> str:
        params: LinearParams = leaf.params
        if params.range is None:
            return super().describe(leaf, lang)
        text = msg("show.linear", low=f"{params.range[0]:g}",
                   high=f"{params.range[1]:g}").text(lang)
        return text + (term("show.log", lang) if params.transform == "log" else "")

    def positive_only(self, leaf: Criterion) -> bool:
        return bool(leaf.params.transform == "log")

    def value_span(self, leaf: Criterion) -> tuple[float, float] | None:
        span: tuple[float, float] | None = leaf.params.range
        return span

    def for_sensitivity(self, leaf: Criterion) -> Criterion:
        minmax = MinMax()
        return replace(leaf, method=minmax.name, kind=minmax, params=ScopeParams("group"))
