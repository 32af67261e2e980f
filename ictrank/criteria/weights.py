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
from ictrank.messages import Message, msg
from ictrank.report import Problem

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


class _Each(tuple[tuple[str, str, str], ...]):
    """Each child's id, weight and worth, said in the message's language."""

    def __str__(self) -> str:
        return self.text("en")

    def __format__(self, spec: str) -> str:
        return self.text("en")

    def text(self, lang: str) -> str:
        return "; ".join(msg("weights.each", id=cid, weight=w, worth=p).text(lang)
                         for cid, w, p in self)


def check_weights(root: Criterion, rules: WeightRules,
                  unsure: frozenset[str] = frozenset()) -> list[Problem]:
    """Errors (`weights-do-not-add-up`) under points, warnings (`weights-rescaled`) under
    relative weights; one per branch, naming the groups where they differ. The branches
    whose paths are `unsure` lost a child or a child's weight to another error: their sum
    would be wrong, so it waits until that error is fixed."""
    keys: list[str | None] = [g.id for g in rules.groups] or [None]
    worth = {key: _worth(root, _scale_for(rules, key), key) for key in keys}
    problems = []
    for node in _branches(root):
        if node.path in unsure:
            continue
        by_message: dict[Message, list[str | None]] = {}
        for key in keys:
            message = _finding(node, key, rules, worth[key])
            if message is not None:
                by_message.setdefault(message, []).append(key)
        for message, where in by_message.items():
            if where != keys:
                message = msg("weights.for_group", message=message,
                              groups=", ".join(str(k) for k in where))
            problems.append(_problem(node, message, rules))
    return problems


def _finding(node: Criterion, key: str | None, rules: WeightRules,
             worth: dict[str, float]) -> Message | None:
    """What is wrong with `node`'s children's weights for units of `key`, or None."""
    if node.id and not node.applies(key):
        return None
    live = [c for c in node.children if c.applies(key)]
    if not live:
        return None
    weights = [c.weight_for(key) for c in live]
    total = sum(weights)
    what = msg("weights.under", id=node.id) if node.id else msg("weights.top")
    expected, against = _expected(node, key, rules)
    if rules.mode == "points":
        if expected is None or _close(total, expected):
            return None
        return msg("weights.points", what=what, total=f"{total:g}", against=against)
    meant = (1.0, 100.0) if expected is None else (1.0, 100.0, expected)
    if len(set(weights)) == 1 or any(_close(total, x) for x in meant):
        return None
    d = rules.decimals
    each = _Each(tuple((c.id, f"{w:g}", f"{worth[c.id]:.{d}f}")
                       for c, w in zip(live, weights, strict=True)))
    neither = msg("weights.neither", against=against) if against else msg("weights.neither_1")
    return msg("weights.relative", what=what, total=f"{total:g}", neither=neither, each=each)


def _expected(node: Criterion, key: str | None,
              rules: WeightRules) -> tuple[float | None, Message | str]:
    """What the children should add up to (the branch's weight, or the scale where the file
    sets one), and how to name it."""
    if node.id:
        return node.weight_for(key), msg("weights.its_weight", weight=f"{node.weight_for(key):g}")
    if rules.scale_given or _group_scale(rules, key):
        scale = _scale_for(rules, key)
        return scale, msg("weights.the_scale", scale=f"{scale:g}")
    return None, ""


def _problem(node: Criterion, message: Message, rules: WeightRules) -> Problem:
    path = node.path or "criteria"
    if rules.mode == "points":
        return Problem.in_criteria(rules.file, node.line, path, Code.WEIGHTS_DO_NOT_ADD_UP, message,
                               msg("weights.hint_points"))
    return Problem.in_criteria(rules.file, node.line, path, Code.WEIGHTS_RESCALED, message,
                           msg("weights.hint_relative"))


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
