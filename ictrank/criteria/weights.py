"""Do the weights say what the file means? (docs/criteria-format.md, "Weights").

Under `weights: points` the file writes points, and every branch's children must add
up to the branch's points. Under `weights: relative` (the default) siblings are
rescaled to their parent's share; where they add up to neither the parent's weight
nor 1 nor 100 and are not all equal, the file probably meant points, so each child's
real worth is named: a Vietnamese decision fixes exact points.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ictrank.codes import Code
from ictrank.criteria.model import Criterion, Group
from ictrank.errors import CriteriaProblem

TOLERANCE = 1e-9  # relative, for sums of weights written with decimals


@dataclass(frozen=True)
class WeightRules:
    """What the sums are checked against."""

    mode: str  # relative | points
    groups: tuple[Group, ...]
    scale: float  # the scale in force (given, or the sum of the top-level weights)
    scale_given: bool
    decimals: int
    file: str


def check_weights(root: Criterion, rules: WeightRules) -> list[CriteriaProblem]:
    """Errors (`weights-do-not-add-up`) under points, warnings (`weights-rescaled`) under
    relative weights; one per branch, naming the groups where they differ."""
    keys: list[str | None] = [g.id for g in rules.groups] or [None]
    worth = {key: _worth(root, _scale_for(rules, key), key) for key in keys}
    problems = []
    for node in _branches(root):
        by_message: dict[str, list[str | None]] = {}
        for key in keys:
            message = _finding(node, key, rules, worth[key])
            if message is not None:
                by_message.setdefault(message, []).append(key)
        for message, where in by_message.items():
            if where != keys:
                message += ", for group " + ", ".join(str(k) for k in where)
            problems.append(_problem(node, message, rules))
    return problems


def _finding(node: Criterion, key: str | None, rules: WeightRules,
             worth: dict[str, float]) -> str | None:
    """What is wrong with `node`'s children's weights for units of `key`, or None."""
    if node.id and not node.applies(key):
        return None
    live = [c for c in node.children if c.applies(key)]
    if not live:
        return None
    weights = [c.weight_for(key) for c in live]
    total = sum(weights)
    what = f"the criteria under `{node.id}`" if node.id else "the top-level criteria"
    expected, against = _expected(node, key, rules)
    if rules.mode == "points":
        if expected is None or _close(total, expected):
            return None
        return f"the points of {what} add up to {total:g}, not {against}"
    meant = (1.0, 100.0) if expected is None else (1.0, 100.0, expected)
    if len(set(weights)) == 1 or any(_close(total, x) for x in meant):
        return None
    d = rules.decimals
    each = "; ".join(f"{c.id}: weight {w:g}, worth {worth[c.id]:.{d}f} points"
                     for c, w in zip(live, weights, strict=True))
    neither = f"neither {against} nor 1 nor 100" if against else "neither 1 nor 100"
    return (f"the weights of {what} add up to {total:g}, {neither}: each is read relative "
            f"to the others, so {each}")


def _expected(node: Criterion, key: str | None,
              rules: WeightRules) -> tuple[float | None, str]:
    """What the children should add up to (the branch's weight, or the scale where the file
    sets one), and how to name it."""
    if node.id:
        return node.weight_for(key), f"its weight {node.weight_for(key):g}"
    if rules.scale_given or _group_scale(rules, key):
        scale = _scale_for(rules, key)
        return scale, f"the scale {scale:g}"
    return None, ""


def _problem(node: Criterion, message: str, rules: WeightRules) -> CriteriaProblem:
    path = node.path or "criteria"
    if rules.mode == "points":
        return CriteriaProblem(rules.file, node.line, path, Code.WEIGHTS_DO_NOT_ADD_UP, message,
                               "make them add up, or remove `weights: points` to have the "
                               "weights read as relative")
    return CriteriaProblem(rules.file, node.line, path, Code.WEIGHTS_RESCALED, message,
                           "if the weights are points, make them add up and set `weights: "
                           "points` to have them checked")


def _branches(node: Criterion) -> Iterator[Criterion]:
    if node.children:
        yield node
        for child in node.children:
            yield from _branches(child)


def _group_scale(rules: WeightRules, key: str | None) -> float | None:
    group = next((g for g in rules.groups if g.id == key), None)
    return group.scale if group is not None else None


def _scale_for(rules: WeightRules, key: str | None) -> float:
    return _group_scale(rules, key) or rules.scale


def _worth(root: Criterion, scale: float, key: str | None) -> dict[str, float]:
    """Points each criterion is worth to a unit of `key` with every value present."""
    points: dict[str, float] = {}

    def visit(node: Criterion, share: float) -> None:
        live = [c for c in node.children if c.applies(key)]
        total = sum(c.weight_for(key) for c in live)
        for child in live:
            points[child.id] = share * child.weight_for(key) / total if total > 0 else 0.0
            visit(child, points[child.id])

    visit(root, scale)
    return points


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= TOLERANCE * max(1.0, abs(a), abs(b))
