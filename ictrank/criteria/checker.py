"""Check parsed criteria YAML against every rule of the format and freeze it into the model.

The checker walks the whole document and collects every problem (file, line,
YAML path, catalogue code, hint) before giving up, so an analyst fixes a file
in one round. The rules are written down in docs/criteria-format.md.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import itertools
import math
import re
from dataclasses import dataclass
from typing import Any

from ictrank.codes import Code
from ictrank.criteria.model import (
    AGGREGATIONS,
    MISSING_POLICIES,
    Band,
    Columns,
    Criteria,
    Criterion,
    Deduction,
    Group,
    NumberFormat,
    Publication,
    normalize_label,
)
from ictrank.criteria.weights import WeightRules, check_weights
from ictrank.criteria.yamlsource import YList, YMap, load_yaml
from ictrank.errors import CriteriaError, CriteriaProblem
from ictrank.messages import Message, msg
from ictrank.methods import REGISTRY, method_keys, method_names
from ictrank.safety import CONTROL, MAX_MAGNITUDE

_TOP_KEYS = {
    "name", "year", "scale", "decimals", "columns", "missing", "aggregation", "groups",
    "number_format", "weights", "rank_on", "publication",
    "bands", "criteria", "deductions", "lang", "description", "source",
}
_TEXT_KEYS = {"name", "title", "description", "unit", "issuer", "annex", "decision", "place"}
_PUBLICATION_KEYS = {"issuer", "annex", "decision", "place", "date"}
_COLUMN_KEYS = {"id", "name", "group", "period"}
_GROUP_KEYS = {"title", "match", "scale", "bands", "description"}
_BAND_KEYS = {"id", "title", "min", "min_percent", "color"}
_COMMON_KEYS = {"id", "title", "description", "unit", "weight", "applies_to"}
_BRANCH_KEYS = {"criteria", "aggregation"}
_LEAF_KEYS = {"method", "column", "direction", "bounds", "integer", "missing"}
_DEDUCTION_KEYS = {"id", "title", "description", "column", "points_each", "max_points"}
_BAND_COLORS = ("#2e7d32", "#f9a825", "#ef6c00", "#c62828", "#6a1b9a", "#455a64")
_COLOR = re.compile(r"#[0-9a-fA-F]{6}")
_TEXT_NUMBER = re.compile(r"[+-]?\d+(\.\d*)?[eE][+-]?\d+")  # 1e308: YAML 1.1 reads it as text
MAX_CRITERIA_DEPTH = 12  # levels of criteria under the top


@dataclass(frozen=True)
class _Context:
    """What a criterion needs to know about the file around it."""

    group_ids: frozenset[str]
    has_groups: bool


class _Checker:
    """Walks the parsed YAML, collecting every problem before giving up."""

    def __init__(self, file: str):
        self.file = file
        self.problems: list[CriteriaProblem] = []
        self.warnings: list[CriteriaProblem] = []  # the file is usable; check and show say
        self.ids: dict[str, str] = {}
        # branches (by path) with a child left out or of unreadable weight: their children's
        # sum is not checked, for it would leave that child out ("add up to 15" for 26)
        self.unsure_sums: set[str] = set()

    def error(self, code: Code, path: str, line: int | None, message: Message,
              hint: Message | None = None) -> None:
        self.problems.append(CriteriaProblem(self.file, line, path, code, message, hint))

    # --- values ----------------------------------------------------------------------
    def mapping(self, value: Any, path: str, line: int | None) -> YMap | None:
        if isinstance(value, YMap):
            return value
        self.error(Code.WRONG_TYPE, path, line,
                   msg("yaml.expected_mapping", got=_kind(value)))
        return None

    def keys(self, m: YMap, path: str, allowed: set[str], required: tuple[str, ...] = ()) -> None:
        text_keys = {k for k in allowed if k in _TEXT_KEYS}
        for key in m:
            if key in allowed or (key.endswith("_vi") and key[:-3] in text_keys):
                continue
            close = difflib.get_close_matches(key, sorted(allowed), n=1, cutoff=0.6)
            hint = (msg("yaml.did_you_mean", name=close[0]) if close
                    else msg("yaml.allowed", names=", ".join(sorted(allowed))))
            self.error(Code.UNKNOWN_KEY, _join(path, key), m.line_of(key),
                       msg("yaml.unknown_key", key=key), hint)
        for key in required:
            if key not in m:
                self.error(Code.MISSING_KEY, path, m.line, msg("yaml.required", key=key))

    def text(self, m: YMap, key: str, path: str, default: str | None = None) -> str | None:
        if key not in m or m[key] is None:
            return default
        value = m[key]
        if isinstance(value, (YMap, YList, bool)):
            hint = msg("yaml.hint_bool") if isinstance(value, bool) else None
            self.error(Code.WRONG_TYPE, _join(path, key), m.line_of(key),
                       msg("yaml.expected_text", got=_kind(value)), hint)
            return default
        return str(value).strip()

    def number(
        self,
        m: YMap,
        key: str,
        path: str,
        default: float | None = None,
        minimum: float | None = None,
        positive: bool = False,
    ) -> float | None:
        if key not in m:
            return default
        value = m[key]
        where = _join(path, key)
        if not _is_number(value):
            hint = None
            if isinstance(value, str) and _TEXT_NUMBER.fullmatch(value.strip()):
                mantissa, exponent = value.strip().lower().split("e")
                mantissa += "" if "." in mantissa else ".0"
                exponent = exponent if exponent[0] in "+-" else "+" + exponent
                hint = msg("yaml.hint_exponent", value=value, number=f"{mantissa}e{exponent}")
            self.error(Code.WRONG_TYPE, where, m.line_of(key),
                       msg("yaml.expected_number", got=_kind(value)), hint)
            return default
        if abs(value) > MAX_MAGNITUDE:
            self.error(Code.INVALID_VALUE, where, m.line_of(key),
                       msg("yaml.too_large", value=f"{value:g}", limit=f"{MAX_MAGNITUDE:g}"))
            return default
        if positive and value <= 0:
            self.error(Code.INVALID_VALUE, where, m.line_of(key),
                       msg("yaml.positive", value=value))
            return default
        if minimum is not None and value < minimum:
            self.error(Code.INVALID_VALUE, where, m.line_of(key),
                       msg("yaml.at_least", minimum=f"{minimum:g}", value=value))
            return default
        return float(value)

    def whole(self, m: YMap, key: str, path: str, what: Message, valid: range | None = None
              ) -> int | None:
        """An integer key (a year, a count of decimals), or None after reporting it."""
        if key not in m:
            return None
        value = m[key]
        if isinstance(value, int) and not isinstance(value, bool) and (
                valid is None or value in valid):
            return value
        self.error(Code.WRONG_TYPE, _join(path, key), m.line_of(key),
                   msg("yaml.expected", what=what, got=_kind(value)))
        return None

    def choice(self, m: YMap, key: str, path: str, options: tuple[str, ...], default: str) -> str:
        if key not in m:
            return default
        value = m[key]
        if value in options:
            return str(value)
        close = difflib.get_close_matches(str(value), options, n=1)
        hint = (msg("yaml.did_you_mean", name=close[0]) if close
                else msg("yaml.use_one_of", names=", ".join(options)))
        self.error(Code.INVALID_VALUE, _join(path, key), m.line_of(key),
                   msg("yaml.not_allowed", value=value), hint)
        return default

    def pair(self, m: YMap, key: str, path: str) -> tuple[float, float] | None:
        if key not in m:
            return None
        value = m[key]
        where = _join(path, key)
        if not isinstance(value, YList) or len(value) != 2 or not all(map(_is_number, value)):
            self.error(Code.WRONG_TYPE, where, m.line_of(key), msg("yaml.expected_pair"))
            return None
        lo, hi = float(value[0]), float(value[1])
        if max(abs(lo), abs(hi)) > MAX_MAGNITUDE:
            self.error(Code.INVALID_VALUE, where, m.line_of(key),
                       msg("yaml.pair_too_large", limit=f"{MAX_MAGNITUDE:g}"))
            return None
        if lo >= hi:
            self.error(Code.EMPTY_RANGE, where, m.line_of(key),
                       msg("yaml.no_width" if lo == hi else "yaml.lo_below_hi", lo=f"{lo:g}",
                           hi=f"{hi:g}"))
            return None
        return lo, hi

    def plain_id(self, ident: str, path: str, line: int | None) -> None:
        """Ids are keys for programs (CSV columns, JSON keys): no control characters."""
        if CONTROL.search(ident):
            self.error(Code.INVALID_VALUE, path, line,
                       msg("yaml.id_control", id=ident.encode("unicode_escape").decode("ascii")),
                       msg("yaml.retype_id"))

    def register_id(self, ident: str, path: str, line: int) -> None:
        self.plain_id(ident, _join(path, "id"), line)
        if ident in self.ids:
            self.error(Code.DUPLICATE_CRITERION_ID, _join(path, "id"), line,
                       msg("yaml.duplicate_id", id=ident, other=self.ids[ident]))
        else:
            self.ids[ident] = path

    def exactly_one(self, m: YMap, path: str, keys: tuple[str, str], message: Message,
                    hint: Message | None = None) -> bool:
        """True when `m` has exactly one of the two keys; reports it otherwise."""
        if (keys[0] in m) != (keys[1] in m):
            return True
        self.error(Code.CONFLICTING_KEYS, path, m.line, message, hint)
        return False

    def titles(self, m: YMap, path: str, default: str) -> dict[str, Any]:
        """title, description and their Vietnamese twins, of anything titled."""
        return dict(title=self.text(m, "title", path, default) or default,
                    title_vi=self.text(m, "title_vi", path),
                    description=self.text(m, "description", path),
                    description_vi=self.text(m, "description_vi", path))

    # --- bands and groups ------------------------------------------------------------
    def bands(self, value: Any, path: str, line: int, scale: float) -> tuple[Band, ...]:
        if not isinstance(value, YList):
            self.error(Code.WRONG_TYPE, path, line, msg("yaml.expected_bands", got=_kind(value)))
            return ()
        bands: list[Band] = []
        seen: set[str] = set()
        for i, item in enumerate(value):
            band = self.band(item, f"{path}[{i}]", value.item_lines[i], i, seen)
            if band is not None:
                bands.append(band)
        for higher, lower in itertools.pairwise(bands):
            if lower.threshold_percent(scale) >= higher.threshold_percent(scale):
                self.error(Code.BANDS_NOT_DESCENDING, path, value.line,
                           msg("yaml.bands_order", lower=lower.id, higher=higher.id),
                           msg("yaml.bands_hint"))
                break
        return tuple(bands)

    def band(self, item: Any, path: str, line: int, index: int, seen: set[str]) -> Band | None:
        m = self.mapping(item, path, line)
        if m is None:
            return None
        self.keys(m, path, _BAND_KEYS, ("id",))
        ident = self.text(m, "id", path) or f"band{index + 1}"
        self.plain_id(ident, _join(path, "id"), m.line_of("id"))
        if ident in seen:
            self.error(Code.DUPLICATE_CRITERION_ID, _join(path, "id"), m.line_of("id"),
                       msg("yaml.duplicate_band", id=ident))
        seen.add(ident)
        if not self.exactly_one(m, path, ("min", "min_percent"),
                                msg("yaml.band_threshold"), msg("yaml.band_threshold_hint")):
            return None
        lo = self.number(m, "min", path)
        pct = self.number(m, "min_percent", path)
        if lo is None and pct is None:
            return None
        color = self.text(m, "color", path) or _BAND_COLORS[min(index, len(_BAND_COLORS) - 1)]
        if not _COLOR.fullmatch(color):
            self.error(Code.INVALID_VALUE, _join(path, "color"), m.line_of("color"),
                       msg("yaml.colour", color=color), msg("yaml.colour_hint"))
            color = _BAND_COLORS[min(index, len(_BAND_COLORS) - 1)]
        return Band(id=ident, title=self.text(m, "title", path, ident) or ident,
                    title_vi=self.text(m, "title_vi", path), min=lo, min_percent=pct, color=color)

    def groups(self, value: Any, line: int, scale: float) -> tuple[Group, ...]:
        m = self.mapping(value, "groups", line)
        if m is None:
            return ()
        groups: list[Group] = []
        matched: dict[str, str] = {}  # normalised match value -> group id
        for gid, spec in m.items():
            group = self.group(gid, spec, m.line_of(gid), scale, matched)
            if group is not None:
                groups.append(group)
        return tuple(groups)

    def group(self, gid: str, spec: Any, line: int, scale: float,
              matched: dict[str, str]) -> Group | None:
        path = f"groups.{gid}"
        self.plain_id(gid, path, line)
        gm = self.mapping(spec if spec is not None else YMap(), path, line)
        if gm is None:
            return None
        if not hasattr(gm, "line"):
            gm.line, gm.key_lines = line, {}
        self.keys(gm, path, _GROUP_KEYS)
        match = self.match_values(gm, gid, path)
        for value in match:
            if value in matched and matched[value] != gid:
                self.error(Code.DUPLICATE_CRITERION_ID, _join(path, "match"), gm.line_of("match"),
                           msg("yaml.already_matches", value=value, group=matched[value]))
            matched[value] = gid
        group_scale = self.number(gm, "scale", path, positive=True)
        group_bands = None
        if "bands" in gm:
            group_bands = self.bands(gm["bands"], _join(path, "bands"), gm.line_of("bands"),
                                     group_scale or scale)
        return Group(id=gid, **self.titles(gm, path, gid), match=match, scale=group_scale,
                     bands=group_bands)

    def match_values(self, gm: YMap, gid: str, path: str) -> tuple[str, ...]:
        """The group's id and its `match` values, normalised, each once."""
        values = [gid]
        raw = gm.get("match")
        if isinstance(raw, YList) and all(isinstance(v, (str, int)) for v in raw):
            values += [str(v) for v in raw]
        elif isinstance(raw, (str, int)):
            values.append(str(raw))
        elif "match" in gm:
            self.error(Code.WRONG_TYPE, _join(path, "match"), gm.line_of("match"),
                       msg("yaml.expected_values"))
        return tuple(dict.fromkeys(normalize_label(v) for v in values))

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
            if c is None or any(p.path == weight or p.path.startswith(weight + ".")
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
                  else self.number(m, "weight", path, 1.0, minimum=0.0))
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
            allowed = _COMMON_KEYS | _BRANCH_KEYS
        else:
            method = REGISTRY.get(m["method"]) if isinstance(m.get("method"), str) else None
            allowed = _COMMON_KEYS | _LEAF_KEYS | (method.keys if method else method_keys())
        if is_branch and "method" in m:
            self.error(Code.UNKNOWN_KEY, _join(path, "method"), m.line_of("method"),
                       msg("yaml.branch_method"), msg("yaml.branch_method_hint"))
        specific = method_keys() | _LEAF_KEYS
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
        aggregation = self.choice(m, "aggregation", path, AGGREGATIONS, "arithmetic")
        return Criterion(children=children, aggregation=aggregation, **common)

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
            direction=self.choice(m, "direction", path, ("higher", "lower"), "higher"),
            bounds=self.pair(m, "bounds", path),
            missing=self.choice(m, "missing", path, MISSING_POLICIES, "") or None,
        )
        if "integer" in m:
            if isinstance(m["integer"], bool):
                spec["integer"] = m["integer"]
            else:
                self.error(Code.WRONG_TYPE, _join(path, "integer"), m.line_of("integer"),
                           msg("yaml.expected_bool"))
        kind = REGISTRY[method]
        per_group = common["group_weights"] is not None
        spec.update(kind=kind, params=kind.parse(self, m, path,
                                                 None if per_group else common["weight"]))
        if spec["direction"] == "lower" and not kind.lower_allowed:
            self.error(Code.INVALID_VALUE, _join(path, "direction"), m.line_of("direction"),
                       msg("yaml.direction", method=method), msg("yaml.direction_hint"))
        return Criterion(**common, **spec)

    def column_names(self, m: YMap, path: str, default: str,
                     key: str = "column") -> dict[str, Any]:
        """`column: name` or `column: [name, other name...]`: the first is the one ictrank
        writes (templates, collected sheets); any is read."""
        raw = m.get(key)
        if not isinstance(raw, YList):
            return {"column": self.text(m, key, path, default) or default}
        names = [str(v).strip() for v in raw if isinstance(v, (str, int, float))
                 and not isinstance(v, bool) and str(v).strip()]
        if len(names) != len(raw) or not names:
            self.error(Code.WRONG_TYPE, _join(path, key), m.line_of(key),
                       msg("yaml.expected_column"))
            return {"column": default}
        return {"column": names[0], "aliases": tuple(names[1:])}

    def deductions(self, value: Any, line: int) -> tuple[Deduction, ...]:
        if not isinstance(value, YList):
            self.error(Code.WRONG_TYPE, "deductions", line, msg("yaml.expected_list",
                                                                 got=_kind(value)))
            return ()
        out = []
        for i, item in enumerate(value):
            path = f"deductions[{i}]"
            m = self.mapping(item, path, value.item_lines[i])
            if m is None:
                continue
            self.keys(m, path, _DEDUCTION_KEYS, ("id", "points_each"))
            ident = self.text(m, "id", path)
            each = self.number(m, "points_each", path, minimum=0.0)
            cap = self.number(m, "max_points", path, minimum=0.0)
            if not ident or each is None:
                continue
            self.register_id(ident, path, m.line_of("id"))
            out.append(Deduction(id=ident, **self.titles(m, path, ident),
                                 column=self.text(m, "column", path, ident) or ident,
                                 points_each=each, max_points=cap))
        return tuple(out)

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

    # --- the whole file --------------------------------------------------------------
    def top_level(self, top: YMap, text: str) -> Criteria:
        """The file's top-level keys, each checked, in an order that lets later ones use
        earlier ones (bands need the scale, which needs the criteria)."""
        self.keys(top, "", _TOP_KEYS, ("name", "criteria"))
        header = self.header(top)
        scale_given = self.number(top, "scale", "", positive=True)
        groups: tuple[Group, ...] = ()
        if "groups" in top:
            groups = self.groups(top["groups"], top.line_of("groups"), scale_given or 100.0)
        children: tuple[Criterion, ...] = ()
        if "criteria" in top:
            raw = top["criteria"]
            if isinstance(raw, YList) and raw:
                context = _Context(frozenset(g.id for g in groups), bool(groups))
                children = self.children(raw, "criteria", context)
            else:
                self.error(Code.WRONG_TYPE, "criteria", top.line_of("criteria"),
                           msg("yaml.expected_nonempty"))
        if scale_given is None and any(c.group_weights for c in children):
            self.error(Code.MISSING_KEY, "scale", top.line, msg("yaml.needs_scale"),
                       msg("yaml.needs_scale_hint"))
        total = sum(c.weight for c in children)
        scale = scale_given if scale_given is not None else (total if total > 0 else 1.0)
        mode = self.choice(top, "weights", "", ("relative", "points"), "relative")
        bands: tuple[Band, ...] = ()
        if "bands" in top:
            bands = self.bands(top["bands"], "bands", top.line_of("bands"), scale)
        deductions: tuple[Deduction, ...] = ()
        if "deductions" in top:
            deductions = self.deductions(top["deductions"], top.line_of("deductions"))
        aggregation = header.pop("aggregation")
        root = Criterion(id="", title=header["name"], path="", children=children,
                         aggregation=aggregation, line=top.line_of("criteria") if children
                         else None)
        if children:
            self.weights(root, groups)
            rules = WeightRules(mode, groups, scale, scale_given is not None,
                                header["decimals"], self.file)
            for problem in check_weights(root, rules, frozenset(self.unsure_sums)):
                (self.problems if problem.code.severity == "error" else self.warnings).append(
                    problem)
        return Criteria(
            **header,
            name_vi=self.text(top, "name_vi", ""),
            root=root,
            scale=scale,
            groups=groups,
            bands=bands,
            deductions=deductions,
            description=self.text(top, "description", ""),
            description_vi=self.text(top, "description_vi", ""),
            cites=self.text(top, "source", ""),
            source=self.file,
            sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
            weights=mode,
            warnings=tuple(self.warnings),
        )

    def header(self, top: YMap) -> dict[str, Any]:
        """The keys that stand alone: name, year, decimals, columns, policies, language."""
        name = self.text(top, "name", "") or "?"
        year = self.whole(top, "year", "", msg("yaml.a_year"))
        decimals = self.whole(top, "decimals", "", msg("yaml.0_to_10"), range(0, 11))
        return dict(
            name=name,
            year=year,
            decimals=2 if decimals is None else decimals,
            columns=self.columns(top),
            missing=self.choice(top, "missing", "", MISSING_POLICIES, "zero"),
            aggregation=self.choice(top, "aggregation", "", AGGREGATIONS, "arithmetic"),
            lang=self.choice(top, "lang", "", ("en", "vi"), "en") if "lang" in top else None,
            number_format=self.number_format(top),
            rank_on=self.choice(top, "rank_on", "", ("rounded", "unrounded"), "rounded"),
            publication=self.publication(top),
        )

    def publication(self, top: YMap) -> Publication:
        """`publication: {issuer, annex, decision, place, date}`: the annex's title block."""
        if "publication" not in top:
            return Publication()
        pm = self.mapping(top["publication"], "publication", top.line_of("publication"))
        if pm is None:
            return Publication()
        self.keys(pm, "publication", _PUBLICATION_KEYS)
        texts = {f"{key}{suffix}": self.text(pm, f"{key}{suffix}", "publication")
                 for key in sorted(_PUBLICATION_KEYS - {"date"}) for suffix in ("", "_vi")}
        return Publication(**texts, date=self.date(pm, "date", "publication"))

    def date(self, m: YMap, key: str, path: str) -> dt.date | None:
        """A date written YYYY-MM-DD (YAML reads it as a date; quoted, as text)."""
        if key not in m:
            return None
        value = m[key]
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value).strip())
        except ValueError:
            self.error(Code.WRONG_TYPE, _join(path, key), m.line_of(key),
                       msg("yaml.expected_date", got=_kind(value)), msg("yaml.date_hint"))
            return None

    def number_format(self, top: YMap) -> NumberFormat | None:
        """`number_format: {decimal: ",", thousands: "."}`: how the sheets write numbers."""
        if "number_format" not in top:
            return None
        nm = self.mapping(top["number_format"], "number_format", top.line_of("number_format"))
        if nm is None:
            return None
        self.keys(nm, "number_format", {"decimal", "thousands"})
        decimal = self.choice(nm, "decimal", "number_format", (".", ","), ".")
        thousands = self.choice(nm, "thousands", "number_format", (".", ",", " ", "'", ""), "")
        if thousands == decimal:
            self.error(Code.CONFLICTING_KEYS, "number_format", nm.line,
                       msg("yaml.same_marks", mark=decimal), msg("yaml.same_marks_hint"))
        return NumberFormat(decimal=decimal, thousands=thousands or None)

    def columns(self, top: YMap) -> Columns:
        if "columns" not in top:
            return Columns()
        cm = self.mapping(top["columns"], "columns", top.line_of("columns"))
        if cm is None:
            return Columns()
        self.keys(cm, "columns", _COLUMN_KEYS)
        names: dict[str, Any] = {}
        aliases = []
        for key in sorted(_COLUMN_KEYS):
            if key == "period" and key not in cm:
                continue  # no periods: one ranking
            given = self.column_names(cm, "columns", key, key)
            names[key] = given["column"]
            if given.get("aliases"):
                aliases.append((key, given["aliases"]))
        period = names.get("period")
        for key in ("id", "name", "group"):
            if period is not None and normalize_label(period) == normalize_label(names[key]):
                # one column cannot be both: every unit would be its own period, or no id
                self.error(Code.INVALID_VALUE, "columns.period", cm.line_of("period"),
                           msg("yaml.period_is", column=period, key=key))
        return Columns(**names, aliases=tuple(aliases))


def _kind(value: Any) -> str:
    if value is None:
        return msg("yaml.nothing")
    if isinstance(value, YMap):
        return msg("yaml.a_mapping")
    if isinstance(value, YList):
        return msg("yaml.a_list")
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    return f"`{value}`"


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def parse_criteria(text: str, file: str = "<criteria>") -> Criteria:
    """Check criteria YAML text and freeze it; raises CriteriaError listing every problem."""
    data, problems = load_yaml(text, file)
    checker = _Checker(file)
    checker.problems.extend(problems)
    top = checker.mapping(data, "", 1) if not problems else None
    if top is None:
        raise CriteriaError(checker.problems)
    criteria = checker.top_level(top, text)
    if checker.problems:
        raise CriteriaError(checker.problems)
    return criteria
