"""`steps`: a table of thresholds, each earning its points (or fraction), as Vietnamese
decisions write them ("from 3 servers: 2 points")."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from ictrank.codes import Code
from ictrank.messages import msg, term
from ictrank.methods.base import KeyReader, Method, Statistics, join, short_number

if TYPE_CHECKING:
    from ictrank.criteria.model import Criterion


@dataclass(frozen=True)
class Step:
    bound: float
    fraction: float


@dataclass(frozen=True)
class StepsParams:
    bound: str | None  # min | max: which side of its bound a step is met on
    steps: tuple[Step, ...]


class Steps(Method):
    name = "steps"
    keys = frozenset({"steps"})
    lower_allowed = False

    def parse(self, reader: KeyReader, m: Any, path: str, weight: float | None) -> StepsParams:
        where = join(path, "steps")
        raw: Any = m.get("steps")  # a YAML list: its items' lines in `item_lines`
        if not isinstance(m.get("steps"), list) or not raw:
            reader.error(Code.MISSING_KEY, where, m.line_of("steps"), msg("yaml.steps"))
            return StepsParams(None, ())
        kinds: set[str] = set()
        steps: list[Step] = []
        for i, item in enumerate(raw):
            step = _step(reader, item, f"{where}[{i}]", raw.item_lines[i], weight, kinds)
            if step is None:
                return StepsParams(None, ())
            steps.append(step)
        if len(kinds) > 1:
            reader.error(Code.STEPS_OUT_OF_ORDER, where, raw.line, msg("yaml.steps_kind"))
            return StepsParams(None, ())
        kind = kinds.pop()
        bounds = [s.bound for s in steps]
        if not all((a > b) if kind == "min" else (a < b) for a, b in itertools.pairwise(bounds)):
            reader.error(Code.STEPS_OUT_OF_ORDER, where, raw.line,
                         msg("yaml.steps_order_min" if kind == "min" else "yaml.steps_order_max",
                             bounds=", ".join(f"{b:g}" for b in bounds)),
                         msg("yaml.steps_order_hint"))
        return StepsParams(kind, tuple(steps))

    def fraction(self, leaf: Criterion, x: np.ndarray, observed: np.ndarray,
                 out: np.ndarray, engine: Statistics) -> None:
        # bounds are strictly monotone, so a value meets the first listed step it meets
        # and every step after it: the number of steps met picks the fraction
        params: StepsParams = leaf.params
        met = np.zeros(len(x), dtype=np.intp)
        for step in params.steps:
            np.add(met, (x >= step.bound) if params.bound == "min" else (x <= step.bound),
                   out=met)
        table = np.array([0.0, *(step.fraction for step in reversed(params.steps))])
        np.take(table, met, out=out)

    def describe(self, leaf: Criterion, lang: str) -> str:
        """"steps (3, min): ≥ 3 100%; ≥ 1 40%": every threshold and its share of the
        criterion's points."""
        params: StepsParams = leaf.params
        head = msg("show.steps", count=len(params.steps),
                   bound=term(f"show.bound.{params.bound}", lang)).text(lang)
        sign = "≥" if params.bound == "min" else "≤"
        table = "; ".join(f"{sign} {short_number(step.bound, lang)} "
                          f"{short_number(step.fraction * 100, lang)}%" for step in params.steps)
        return f"{head}: {table}" if table else head



def _step(reader: KeyReader, item: Any, path: str, line: int, weight: float | None,
          kinds: set[str]) -> Step | None:
    """One step of a table, its fraction of the criterion; records its kind of bound."""
    sm = reader.mapping(item, path, line)
    if sm is None:
        return None
    reader.keys(sm, path, {"min", "max", "points", "fraction"})
    bound_keys = [k for k in ("min", "max") if k in sm]
    value_keys = [k for k in ("points", "fraction") if k in sm]
    if len(bound_keys) != 1 or len(value_keys) != 1:
        reader.error(Code.CONFLICTING_KEYS, path, sm.line, msg("yaml.step"))
        return None
    kinds.add(bound_keys[0])
    bound = reader.number(sm, bound_keys[0], path)
    value = reader.number(sm, value_keys[0], path, minimum=0.0)
    if bound is None or value is None:
        return None
    if value_keys[0] == "fraction":
        if value > 1:
            reader.error(Code.INVALID_VALUE, join(path, "fraction"), sm.line_of("fraction"),
                         msg("yaml.fraction", value=f"{value:g}"))
        return Step(bound, value)
    if weight is None:
        reader.error(Code.CONFLICTING_KEYS, join(path, "points"), sm.line_of("points"),
                     msg("yaml.step_points"), msg("yaml.step_points_hint"))
        return None
    if value > weight:
        reader.error(Code.INVALID_VALUE, join(path, "points"), sm.line_of("points"),
                     msg("yaml.step_over", value=f"{value:g}", weight=f"{weight:g}"))
    return Step(bound, value / weight if weight > 0 else 0.0)
