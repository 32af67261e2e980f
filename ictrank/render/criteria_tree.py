"""`criteria show`: the tree with each criterion's weight, points, method and column."""

from __future__ import annotations

from rich.console import Group as RenderGroup
from rich.console import RenderableType
from rich.tree import Tree

from ictrank.criteria import Criteria, Criterion
from ictrank.render.common import about_lines, plain_number, shown, term
from ictrank.scoring import nominal_points


def _method_text(c: Criterion) -> str:
    if c.method == "linear" and c.range is not None:
        text = f"linear [{c.range[0]:g}, {c.range[1]:g}]"
        return text + (" log" if c.transform == "log" else "")
    if c.method == "ratio":
        return f"ratio per {c.per}" if c.per else f"ratio of target {c.target:g}"
    if c.method == "steps":
        return f"steps ({len(c.steps)}, {c.step_bound})"
    if c.method in ("minmax", "best"):
        return f"{c.method} ({c.scope})"
    return c.method or ""


def criteria_tree(criteria: Criteria, lang: str = "en") -> RenderableType:
    points = nominal_points(criteria)
    d = max(criteria.decimals, 2)
    keys = list(points)

    def points_text(cid: str) -> str:
        values = [points[k].get(cid) for k in keys]
        if keys == [None]:
            return f"{values[0]:.{d}f} pts"
        return ", ".join(f"{k} {v:.{d}f}" if v is not None else f"{k} —"
                         for k, v in zip(keys, values, strict=True)) + " pts"

    title = criteria.titled(lang)
    tree = Tree(shown(f"{title} — scale {plain_number(criteria.scale)}, "
                      f"{criteria.decimals} decimals", style="bold"))

    def add(node: Criterion, branch: Tree) -> None:
        for child in node.children:
            line = shown(child.id, style="bold cyan")
            pieces: list[tuple[str, str]] = []
            if child.label(lang) != child.id:
                pieces.append((f" {child.label(lang)}", ""))
            pieces.append((f"  weight {child.weight_text()}, {points_text(child.id)}", "green"))
            if child.is_leaf:
                pieces.append((f", {_method_text(child)}", "magenta"))
                if child.direction == "lower":
                    pieces.append((" (lower is better)", ""))
                pieces.append((f", column {child.column}", "dim"))
            elif child.aggregation == "geometric":
                pieces.append((", geometric mean", "magenta"))
            if child.applies_to is not None:
                pieces.append((f", only {', '.join(sorted(child.applies_to))}", "yellow"))
            for text, style in pieces:
                line.append_text(shown(text, style=style))
            if child.about(lang):
                line.append("\n")
                line.append_text(shown(child.about(lang), style="dim italic"))
            add(child, branch.add(line))

    add(criteria.root, tree)
    parts: list[RenderableType] = [shown(f"{term(key, lang)}: {text}", style="italic")
                                   for key, text in about_lines(criteria, lang)]
    parts.append(tree)
    for ded in criteria.deductions:
        cap = f", at most {ded.max_points:g}" if ded.max_points is not None else ""
        parts.append(shown(f"deduction {ded.id}: {ded.points_each:g} points each "
                           f"(column {ded.column}){cap}"))
    bands = ", ".join(f"{b.label(lang)} ≥ {b.min:g}" if b.min is not None
                      else f"{b.label(lang)} ≥ {b.min_percent:g}%" for b in criteria.bands)
    if bands:
        parts.append(shown(f"bands: {bands}"))
    for g in criteria.groups:
        extra = f", scale {g.scale:g}" if g.scale else ""
        parts.append(shown(f"group {g.id}: {g.label(lang)} (matches {', '.join(g.match)})"
                           f"{extra}"))
    return RenderGroup(*parts)
