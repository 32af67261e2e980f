"""`minmax` and `best`: scored against the other units of the group (or of all units,
`scope: all`), so one unit's value moves everyone's fraction."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from ictrank.messages import msg, term
from ictrank.methods.base import KeyReader, Method, Statistics
from ictrank.methods.goalposts import fill_where_not_positive, goalposts

if TYPE_CHECKING:
    from ictrank.criteria.model import Criterion


@dataclass(frozen=True)
class ScopeParams:
    scope: str = "group"  # group | all


class _AgainstOthers(Method):
    keys = frozenset({"scope"})

    def parse(self, reader: KeyReader, m: Any, path: str, weight: float | None) -> ScopeParams:
        return ScopeParams(reader.choice(m, "scope", path, ("group", "all"), "group"))

    def describe(self, leaf: Criterion, lang: str) -> str:
        return msg("show.scope", method=term(f"method.{self.name}", lang),
                   scope=term(f"show.scope.{leaf.params.scope}", lang)).text(lang)


class MinMax(_AgainstOthers):
    """(x − min) / (max − min) over the scope; everyone full marks where all are equal."""

    name = "minmax"

    def fraction(self, leaf: Criterion, x: np.ndarray, observed: np.ndarray,
                 out: np.ndarray, engine: Statistics) -> None:
        scope = leaf.params.scope
        lo = engine.group_stat(observed, "min", scope)
        hi = engine.group_stat(observed, "max", scope)
        span = hi - lo
        goalposts(x, lo, hi, leaf.direction == "lower", out)
        fill_where_not_positive(out, span, 1.0)
        engine.warn_no_spread(leaf, observed, span, scope)


class Best(_AgainstOthers):
    """x / the best value of the scope (best / x for `direction: lower`)."""

    name = "best"
    nonnegative = True

    def fraction(self, leaf: Criterion, x: np.ndarray, observed: np.ndarray,
                 out: np.ndarray, engine: Statistics) -> None:
        scope = leaf.params.scope
        if leaf.direction == "lower":
            np.divide(engine.group_stat(observed, "min", scope), x, out=out)
            fill_where_not_positive(out, x, 0.0)
        else:
            best = engine.group_stat(observed, "max", scope)
            np.divide(x, best, out=out)
            fill_where_not_positive(out, best, 0.0)
        np.clip(out, 0.0, 1.0, out=out)
