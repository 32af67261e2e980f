"""The criteria tree of a criteria file: branches and leaves, each leaf's method
(ictrank/methods/), per-group weights and `applies_to`, and the weights every group must
find."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from ictrank.codes import Code
from ictrank.criteria.model import Criterion, Group
from ictrank.criteria.reader import KeyReader, _join, _kind
from ictrank.criteria.schema import BRANCH, CRITERION, LEAF, TREAT
from ictrank.criteria.yamlsource import YList, YMap
from ictrank.messages import msg
from ictrank.methods import REGISTRY, method_keys, method_names
from ictrank.treatment import TreatRule

MAX_CRITERIA_DEPTH = 12  # levels of criteria under the top


@dataclass(frozen=True)
class _Context:
    """What a criterion needs to know about the file around it."""

    group_ids: frozenset[str]
    has_groups: bool


class TreeReader(KeyReader):
    """Reads the criteria tree into frozen `Criterion` objects."""

    # --- the criteria tree -----------------------------------------------------------
    def children(self, items: YList, path: str, context: _Context,
                 inherited: frozenset[str] | None = None) -> tuple[Criterion, ...]:
        if path.count("criteria") > MAX_CRITERIA_DEPTH:
            self.error(Code.INVALID_VALUE, path, items.line,
                       msg("yaml.too_deep", levels=MAX_CRITERIA_DEPTH), msg("yaml.too_deep_hint"))
            return ()
        out = []
        for i, item in enumerate(items):
            before = len(self.problems)
            c = self.criterion(item, f"{path}[{i}]", items.item_lines[i], context, inherited)
            if c is not None:
                out.append(c)
            weight = f"{path}[{i}].weight"
            if c is None or any(p.path == weight or (p.path or "").startswith(weight + ".")
                                for p in self.problems[before:]):
                self.unsure_sums.add(path.removesuffix("criteria").removesuffix("."))
        return tuple(out)

    def criterion(self, value: Any, path: str, line: int, context: _Context,
                  inherited: frozenset[str] | None = None) -> Criterion | None:
        m = self.mapping(value, path, line)
        if m is None:
            return None
        is_branch = "criteria" in m
        self.criterion_keys(m, path, is_branch)
        ident = self.text(m, "id", path)
        if not ident:
            return None
        self.register_id(ident, path, m.line_of("id"))
        group_weights = self.group_weights(m, path, context)
        weight = (max((w for _, w in group_weights), default=0.0) if group_weights is not None
                  else self.number(m, "weight", path, CRITERION["weight"].default,
                                   CRITERION["weight"].minimum))
        applies_to = self.applies_to(m, path, context)
        if group_weights is not None:  # a group the mapping leaves out: as `applies_to`
            listed = frozenset(g for g, _ in group_weights)
            applies_to = listed if applies_to is None else applies_to & listed
        if inherited is not None:
            # a criterion under a restricted branch is restricted too
            applies_to = inherited if applies_to is None else applies_to & inherited
        common: dict[str, Any] = dict(
            id=ident,
            **self.titles(m, path, ident),
            unit=self.text(m, "unit", path),
            path=path,
            weight=weight if weight is not None else 1.0,
            group_weights=group_weights,
            applies_to=applies_to,
            line=m.line,
        )
        if is_branch:
            return self.branch(m, path, common, context)
        return self.leaf(m, path, common)

    def group_weights(self, m: YMap, path: str,
                      context: _Context) -> tuple[tuple[str, float], ...] | None:
        """`weight: {department: 10, district: 5}`: a weight per group, or None."""
        if not isinstance(m.get("weight"), YMap):
            return None
        raw = m["weight"]
        where = _join(path, "weight")
        if not context.has_groups:
            self.error(Code.INVALID_VALUE, where, m.line_of("weight"),
                       msg("yaml.weight_needs_groups"))
            return None
        if not raw:  # `weight: {}` would give the criterion no weight in any group
            self.error(Code.INVALID_VALUE, where, m.line_of("weight"),
                       msg("yaml.weight_empty"),
                       msg("yaml.groups", names=", ".join(sorted(context.group_ids))))
            return ()  # (the file is refused; no second message about the same value)
        out = []
        for group in raw:
            if str(group) not in context.group_ids:
                self.error(Code.INVALID_VALUE, _join(where, str(group)), raw.line_of(group),
                           msg("yaml.unknown_group", group=group),
                           msg("yaml.groups", names=", ".join(sorted(context.group_ids))))
                continue
            value = self.number(raw, group, where, minimum=0.0)
            if value is not None:
                out.append((str(group), value))
        return tuple(out)

    def criterion_keys(self, m: YMap, path: str, is_branch: bool) -> None:
        """Unknown keys, and keys that belong to another kind of criterion or method."""
        if is_branch:
            allowed = set(CRITERION) | set(BRANCH)
        else:
            method = REGISTRY.get(m["method"]) if isinstance(m.get("method"), str) else None
            allowed = set(CRITERION) | set(LEAF) | (method.keys if method else method_keys())
        if is_branch and "method" in m:
            self.error(Code.UNKNOWN_KEY, _join(path, "method"), m.line_of("method"),
                       msg("yaml.branch_method"), msg("yaml.branch_method_hint"))
        specific = method_keys() | set(LEAF)
        for key in m:
            if key in specific and key not in allowed and key != "method":
                owner = (msg("yaml.a_branch") if is_branch
                         else msg("yaml.method", method=m.get("method")))
                self.error(Code.UNKNOWN_KEY, _join(path, key), m.line_of(key),
                           msg("yaml.not_used_by", key=key, owner=owner))
        self.keys(m, path, allowed | specific, ("id",))

    def applies_to(self, m: YMap, path: str, context: _Context) -> frozenset[str] | None:
        if "applies_to" not in m:
            return None
        raw = m["applies_to"]
        items = raw if isinstance(raw, YList) else YList([raw])
        where, line = _join(path, "applies_to"), m.line_of("applies_to")
        if not context.has_groups:
            self.error(Code.INVALID_VALUE, where, line,
                       msg("yaml.applies_needs_groups"))
        for g in items:
            if context.has_groups and str(g) not in context.group_ids:
                known = sorted(context.group_ids)
                close = difflib.get_close_matches(str(g), known, n=1)
                self.error(Code.INVALID_VALUE, where, line, msg("yaml.unknown_group", group=g),
                           msg("yaml.did_you_mean", name=close[0]) if close else
                           msg("yaml.groups", names=", ".join(known)))
        return frozenset(str(g) for g in items)

    def branch(self, m: YMap, path: str, common: dict[str, Any],
               context: _Context) -> Criterion | None:
        raw_children = m["criteria"]
        if not isinstance(raw_children, YList) or not raw_children:
            self.error(Code.WRONG_TYPE, _join(path, "criteria"), m.line_of("criteria"),
                       msg("yaml.expected_criteria"))
            return None
        children = self.children(raw_children, _join(path, "criteria"), context,
                                 common["applies_to"])
        aggregation = self.value(m, BRANCH, "aggregation", path)
        return Criterion(children=children, aggregation=aggregation, **common)

    def treat(self, m: YMap, path: str) -> TreatRule | str | None:
        """`treat: {method: winsorise, max_points: 5, skew: 2, kurtosis: 3.5, fallback: log}`
        or `treat: none` (a criterion's, to turn the file's off); None where not given."""
        if "treat" not in m:
            return None
        value, where = m["treat"], _join(path, "treat")
        if value == "none":
            return "none"
        if not isinstance(value, YMap):
            self.error(Code.WRONG_TYPE, where, m.line_of("treat"),
                       msg("yaml.treat", got=_kind(value)))
            return None
        self.keys(value, where, TREAT)
        return TreatRule(**{key: self.value(value, TREAT, key, where) for key in TREAT})

    def leaf(self, m: YMap, path: str, common: dict[str, Any]) -> Criterion | None:
        if "method" not in m:
            self.error(Code.MISSING_KEY, path, m.line, msg("yaml.no_method", id=common["id"]),
                       msg("yaml.no_method_hint", methods=", ".join(method_names())))
            return None
        method = self.choice(m, "method", path, method_names(), "")
        if not method:
            return None
        spec: dict[str, Any] = dict(
            method=method,
            **self.column_names(m, path, common["id"]),
            direction=self.value(m, LEAF, "direction", path),
            bounds=self.value(m, LEAF, "bounds", path),
            missing=self.value(m, LEAF, "missing", path) or None,
            treat=self.treat(m, path),
            denominator=self.value(m, LEAF, "denominator", path),
            scale_factor=self.value(m, LEAF, "scale_factor", path),
            impute_by=self.value(m, LEAF, "impute_by", path),
        )
        integer = self.value(m, LEAF, "integer", path)
        if integer is not None:
            spec["integer"] = integer
        kind = REGISTRY[method]
        per_group = common["group_weights"] is not None
        spec.update(kind=kind, params=kind.parse(self, m, path,
                                                 None if per_group else common["weight"]))
        if spec["direction"] == "lower" and not kind.lower_allowed:
            self.error(Code.INVALID_VALUE, _join(path, "direction"), m.line_of("direction"),
                       msg("yaml.direction", method=method), msg("yaml.direction_hint"))
        return Criterion(**common, **spec)

    def weights(self, node: Criterion, groups: tuple[Group, ...]) -> None:
        """Every group must find some weight among the siblings it has."""
        for group in groups or (None,):
            gid = group.id if group is not None else None
            applicable = [c for c in node.children if c.applies(gid)]
            if not applicable and not node.id and gid is not None:
                self.error(Code.GROUP_WITHOUT_CRITERIA, f"groups.{gid}", None,
                           msg("yaml.group_without", group=gid), msg("yaml.group_without_hint"))
            if applicable and sum(c.weight_for(gid) for c in applicable) <= 0:
                self.error(Code.ZERO_WEIGHTS, node.path or "criteria", None,
                           msg("yaml.zero_weights_group", group=gid) if gid
                           else msg("yaml.zero_weights"), msg("yaml.zero_weights_hint"))
        for child in node.children:
            if child.children:
                self.weights(child, groups)
