"""`criteria show`: the tree with each criterion's weight, points, method and column."""

from __future__ import annotations

from rich.console import Group as RenderGroup
from rich.console import RenderableType
from rich.tree import Tree

from ictrank.criteria import Criteria, Criterion
from ictrank.messages import VIETNAMESE_MARKS, msg
from ictrank.render.common import about_lines, method_text, number_text, plain_number, shown, term
from ictrank.scoring import nominal_points


def _prepared(criteria: Criteria, leaf: Criterion, lang: str) -> list[str]:
    """What is done to a leaf's values before scoring: its denominator, how an empty value
    is filled in, its outlier treatment (docs/criteria-format.md, "Treatment")."""
    def g(value: float) -> str:  # 3.5, 3,5 in Vietnamese
        text = f"{value:g}"
        return text.translate(VIETNAMESE_MARKS) if lang == "vi" else text

    out = []
    if leaf.denominator is not None:
        factor = f" × {g(leaf.scale_factor)}" if leaf.scale_factor != 1 else ""
        out.append(msg("show.per", column=leaf.denominator, factor=factor).text(lang))
    how = leaf.missing or criteria.missing
    if how in ("group-mean", "group-median", "previous"):
        by = criteria.imputed_by(leaf) or term("show.ranking_group", lang)
        out.append(msg(f"show.{how}", column=by).text(lang))
    rule = criteria.treatment_of(leaf)
    if rule is not None:
        out.append(msg("show.treat", points=rule.max_points, skew=g(rule.skew),
                       kurtosis=g(rule.kurtosis)).text(lang))
    return out


def criteria_tree(criteria: Criteria, lang: str = "en") -> RenderableType:
    points = nominal_points(criteria)
    d = max(criteria.decimals, 2)
    keys = list(points)
    groups = {g.id: g.label(lang) for g in criteria.groups}

    def say(key: str, **values: object) -> str:
        return msg(key, **values).text(lang)

    def points_text(cid: str) -> str:
        """"8 pts", or per group where they differ: "6.25 pts (Departments) / 5 pts
        (Districts)"; a group the criterion leaves out is not named."""
        values = {k: (None if v is None else criteria.round(v, d))
                  for k in keys for v in [points[k].get(cid)]}
        shown_values = {k: v for k, v in values.items() if v is not None}
        if len(set(shown_values.values())) <= 1:
            value = next(iter(shown_values.values()), None)
            return say("show.points", points=number_text(value, d, lang))
        return " / ".join(f"{say('show.points', points=number_text(v, d, lang))} "
                          f"({groups.get(str(k), k)})" for k, v in shown_values.items())

    def weight_text(c: Criterion) -> str:
        if c.group_weights is None:
            return f"{c.weight:g}"
        return " / ".join(f"{w:g} ({groups.get(g, g)})" for g, w in c.group_weights)

    title = criteria.titled(lang)
    tree = Tree(shown(say("show.title", title=title, scale=plain_number(criteria.scale),
                          decimals=criteria.decimals,
                          rounding=term(f"rounding.{criteria.rounding}", lang)), style="bold"))

    def add(node: Criterion, branch: Tree) -> None:
        for child in node.children:
            line = shown(child.id, style="bold cyan")
            pieces: list[tuple[str, str]] = []
            if child.label(lang) != child.id:
                pieces.append((f" {child.label(lang)}", ""))
            weight = (say("show.weight", weight=weight_text(child),
                          points=term("unscored", lang)) if child.unscored else
                      say("show.weight", weight=weight_text(child), points=points_text(child.id)))
            pieces.append((f"  {weight}", "green"))
            if child.is_leaf:
                pieces.append((f", {method_text(child, lang)}", "magenta"))
                if child.direction == "lower":
                    pieces.append((f" ({term('show.lower', lang)})", ""))
                pieces.append((f", {say('show.column', column=child.column)}", "dim"))
                pieces += [(f", {text}", "blue") for text in _prepared(criteria, child, lang)]
            elif child.aggregation == "geometric":
                pieces.append((f", {term('method.geometric', lang)}", "magenta"))
            if child.applies_to is not None:
                only = ", ".join(groups.get(g, g) for g in sorted(child.applies_to))
                pieces.append((f", {say('show.only', groups=only)}", "yellow"))
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
    for ded in criteria.adjustments:
        cap = say("show.cap", points=f"{ded.max_points:g}") if ded.max_points is not None else ""
        parts.append(shown(say("show.bonus" if ded.bonus else "show.deduction",
                               title=ded.label(lang), points=f"{ded.points_each:g}",
                               column=ded.column, cap=cap)))
    if criteria.max_score is not None:
        parts.append(shown(say("show.max_score", points=f"{criteria.max_score:g}")))
    labels = {c.id: c.label(lang) for c in criteria.walk()}
    for view in criteria.views:
        members = ", ".join(labels[cid] if view.weights is None else
                            f"{labels[cid]} {weight:g}"
                            for cid, weight in zip(view.of, view.weights or view.of,
                                                   strict=True))
        parts.append(shown(say(f"show.view_{view.sum}", title=view.label(lang),
                               criteria=members)))
    bands = ", ".join(f"{b.label(lang)} {b.rule_text()}" for b in criteria.bands)
    if bands:
        parts.append(shown(say("show.bands", bands=bands)))
    for g in criteria.groups:
        extra = say("show.scale", scale=f"{g.scale:g}") if g.scale else ""
        parts.append(shown(say("show.group", title=g.label(lang), match="; ".join(g.match),
                               extra=extra)))
    return RenderGroup(*parts)
