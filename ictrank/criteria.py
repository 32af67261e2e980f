"""Criteria files: load the YAML, check every rule of SPEC §1, and freeze it.

Code past `load_criteria` only sees the frozen dataclasses below, never raw dicts.
"""

from __future__ import annotations

import difflib
import hashlib
import itertools
import math
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from ictrank.errors import CriteriaError, CriteriaProblem, IctrankError
from ictrank.yamlsource import YList, YMap, load_yaml

METHODS = ("linear", "minmax", "best", "ratio", "steps", "choice", "boolean")
MISSING_POLICIES = ("zero", "error", "mean", "skip")
AGGREGATIONS = ("arithmetic", "geometric")
DEFAULT_CRITERIA = "laocai-2014.yaml"

_TOP_KEYS = {
    "name", "year", "scale", "decimals", "columns", "missing", "aggregation", "groups",
    "bands", "criteria", "deductions", "lang", "description", "source",
}
_TEXT_KEYS = {"name", "title", "description", "unit"}
_COLUMN_KEYS = {"id", "name", "group"}
_GROUP_KEYS = {"title", "match", "scale", "bands", "description"}
_BAND_KEYS = {"id", "title", "min", "min_percent", "color"}
_COMMON_KEYS = {"id", "title", "description", "unit", "weight", "applies_to"}
_BRANCH_KEYS = {"criteria", "aggregation"}
_LEAF_KEYS = {"method", "column", "direction", "bounds", "integer", "missing"}
_METHOD_KEYS: dict[str, set[str]] = {
    "linear": {"range", "transform"},
    "minmax": {"scope"},
    "best": {"scope"},
    "ratio": {"per", "target", "on_zero"},
    "steps": {"steps"},
    "choice": {"choices", "choice_points"},
    "boolean": set(),
}
_ALL_METHOD_KEYS = set().union(*_METHOD_KEYS.values())
_DEDUCTION_KEYS = {"id", "title", "description", "column", "points_each", "max_points"}
_BAND_COLORS = ("#2e7d32", "#f9a825", "#ef6c00", "#c62828", "#6a1b9a", "#455a64")


def normalize_label(value: object) -> str:
    """The form in which column names, group cells and choice values are compared."""
    return unicodedata.normalize("NFC", str(value)).strip().casefold()


@dataclass(frozen=True)
class Band:
    id: str
    title: str
    title_vi: str | None
    min: float | None
    min_percent: float | None
    color: str

    def threshold_percent(self, scale: float) -> float:
        if self.min_percent is not None:
            return self.min_percent
        assert self.min is not None
        return 100.0 * self.min / scale

    def label(self, lang: str = "en") -> str:
        return (self.title_vi or self.title) if lang == "vi" else self.title


@dataclass(frozen=True)
class Group:
    id: str
    title: str
    title_vi: str | None
    match: tuple[str, ...]
    scale: float | None
    bands: tuple[Band, ...] | None

    def label(self, lang: str = "en") -> str:
        return (self.title_vi or self.title) if lang == "vi" else self.title


@dataclass(frozen=True)
class Step:
    bound: float
    fraction: float


@dataclass(frozen=True)
class Criterion:
    """A node of the criteria tree: a branch (children) or a leaf (method)."""

    id: str
    title: str
    path: str
    weight: float = 1.0
    title_vi: str | None = None
    unit: str | None = None
    description: str | None = None
    applies_to: frozenset[str] | None = None
    children: tuple[Criterion, ...] = ()
    aggregation: str = "arithmetic"
    method: str | None = None
    column: str | None = None
    direction: str = "higher"
    range: tuple[float, float] | None = None
    transform: str | None = None
    scope: str = "group"
    per: str | None = None
    target: float | None = None
    on_zero: str = "zero"
    step_bound: str | None = None
    steps: tuple[Step, ...] = ()
    choices: tuple[tuple[str, float], ...] = ()
    bounds: tuple[float, float] | None = None
    integer: bool = False
    missing: str | None = None

    @property
    def is_leaf(self) -> bool:
        return self.method is not None

    def applies(self, group: str | None) -> bool:
        return self.applies_to is None or group is None or group in self.applies_to

    def walk(self) -> Iterator[Criterion]:
        """This criterion and all below it, parents before children, in file order."""
        yield self
        for child in self.children:
            yield from child.walk()

    def label(self, lang: str = "en") -> str:
        return (self.title_vi or self.title) if lang == "vi" else self.title


@dataclass(frozen=True)
class Deduction:
    id: str
    title: str
    title_vi: str | None
    column: str
    points_each: float
    max_points: float | None


@dataclass(frozen=True)
class Columns:
    id: str = "id"
    name: str = "name"
    group: str = "group"


@dataclass(frozen=True)
class Criteria:
    """A whole criteria set, checked and immutable."""

    name: str
    root: Criterion
    scale: float
    decimals: int = 2
    name_vi: str | None = None
    year: int | None = None
    columns: Columns = field(default_factory=Columns)
    missing: str = "zero"
    groups: tuple[Group, ...] = ()
    bands: tuple[Band, ...] = ()
    deductions: tuple[Deduction, ...] = ()
    lang: str | None = None
    source: str = "<criteria>"
    sha256: str = ""

    @property
    def top(self) -> tuple[Criterion, ...]:
        return self.root.children

    def walk(self) -> Iterator[Criterion]:
        """Every criterion (root excluded), parents before children."""
        for child in self.root.children:
            yield from child.walk()

    def leaves(self) -> list[Criterion]:
        return [c for c in self.walk() if c.is_leaf]

    def group(self, group_id: str) -> Group:
        return next(g for g in self.groups if g.id == group_id)

    def scale_for(self, group_id: str | None) -> float:
        if group_id is not None and self.groups:
            group = self.group(group_id)
            if group.scale is not None:
                return group.scale
        return self.scale

    def bands_for(self, group_id: str | None) -> tuple[Band, ...]:
        if group_id is not None and self.groups:
            group = self.group(group_id)
            if group.bands is not None:
                return group.bands
        return self.bands

    def all_bands(self) -> list[Band]:
        """Every band id once, global bands first, in order; for summaries and colours."""
        seen: dict[str, Band] = {b.id: b for b in self.bands}
        for g in self.groups:
            for b in g.bands or ():
                seen.setdefault(b.id, b)
        return list(seen.values())

    def label(self, lang: str = "en") -> str:
        return (self.name_vi or self.name) if lang == "vi" else self.name


class _Checker:
    """Walks the parsed YAML, collecting every problem before giving up."""

    def __init__(self, file: str):
        self.file = file
        self.problems: list[CriteriaProblem] = []
        self.ids: dict[str, str] = {}

    def error(self, path: str, line: int | None, message: str, hint: str | None = None) -> None:
        self.problems.append(CriteriaProblem(self.file, line, path, message, hint))

    # --- generic helpers -------------------------------------------------
    def mapping(self, value: Any, path: str, line: int | None) -> YMap | None:
        if isinstance(value, YMap):
            return value
        self.error(path, line, f"expected a mapping (key: value), got {_kind(value)}")
        return None

    def keys(self, m: YMap, path: str, allowed: set[str], required: tuple[str, ...] = ()) -> None:
        text_keys = {k for k in allowed if k in _TEXT_KEYS}
        for key in m:
            if key in allowed or (key.endswith("_vi") and key[:-3] in text_keys):
                continue
            close = difflib.get_close_matches(key, sorted(allowed), n=1, cutoff=0.6)
            hint = f"did you mean `{close[0]}`?" if close else "allowed: " + ", ".join(
                sorted(allowed)
            )
            self.error(_join(path, key), m.line_of(key), f"unknown key `{key}`", hint)
        for key in required:
            if key not in m:
                self.error(path, m.line, f"`{key}` is required")

    def text(self, m: YMap, key: str, path: str, default: str | None = None) -> str | None:
        if key not in m or m[key] is None:
            return default
        value = m[key]
        if isinstance(value, (YMap, YList, bool)):
            hint = ("YAML reads yes/no/on/off as true/false: put the text in quotes"
                    if isinstance(value, bool) else None)
            self.error(_join(path, key), m.line_of(key), f"expected text, got {_kind(value)}",
                       hint)
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
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(
            value
        ):
            self.error(where, m.line_of(key), f"expected a number, got {_kind(value)}")
            return default
        if positive and value <= 0:
            self.error(where, m.line_of(key), f"must be greater than 0, got {value}")
            return default
        if minimum is not None and value < minimum:
            self.error(where, m.line_of(key), f"must be at least {minimum:g}, got {value}")
            return default
        return float(value)

    def choice(self, m: YMap, key: str, path: str, options: tuple[str, ...], default: str) -> str:
        if key not in m:
            return default
        value = m[key]
        if value in options:
            return str(value)
        close = difflib.get_close_matches(str(value), options, n=1)
        hint = f"did you mean `{close[0]}`?" if close else "use one of: " + ", ".join(options)
        self.error(_join(path, key), m.line_of(key), f"`{value}` is not allowed", hint)
        return default

    def pair(self, m: YMap, key: str, path: str) -> tuple[float, float] | None:
        if key not in m:
            return None
        value = m[key]
        where = _join(path, key)
        if (
            not isinstance(value, YList)
            or len(value) != 2
            or not all(_is_number(v) for v in value)
        ):
            self.error(where, m.line_of(key), "expected two numbers [lo, hi]")
            return None
        lo, hi = float(value[0]), float(value[1])
        if lo >= hi:
            what = "lo == hi: the range has no width" if lo == hi else "lo must be below hi"
            self.error(where, m.line_of(key), f"{what} ({lo:g}, {hi:g})")
            return None
        return lo, hi

    def register_id(self, ident: str, path: str, line: int) -> None:
        if ident in self.ids:
            self.error(
                _join(path, "id"), line, f"duplicate id `{ident}` (also at {self.ids[ident]})"
            )
        else:
            self.ids[ident] = path

    # --- sections ---------------------------------------------------------
    def bands(self, value: Any, path: str, line: int, scale: float) -> tuple[Band, ...]:
        if not isinstance(value, YList):
            self.error(path, line, f"expected a list of bands, got {_kind(value)}")
            return ()
        bands: list[Band] = []
        seen: set[str] = set()
        for i, item in enumerate(value):
            bpath = f"{path}[{i}]"
            m = self.mapping(item, bpath, value.item_lines[i])
            if m is None:
                continue
            self.keys(m, bpath, _BAND_KEYS, ("id",))
            ident = self.text(m, "id", bpath) or f"band{i + 1}"
            if ident in seen:
                self.error(_join(bpath, "id"), m.line_of("id"), f"duplicate band id `{ident}`")
            seen.add(ident)
            has_min, has_pct = "min" in m, "min_percent" in m
            if has_min == has_pct:
                self.error(
                    bpath,
                    m.line,
                    "a band needs exactly one of `min` and `min_percent`",
                    "`min` is on the score's scale, `min_percent` a percent of it",
                )
                continue
            lo = self.number(m, "min", bpath)
            pct = self.number(m, "min_percent", bpath)
            if lo is None and pct is None:
                continue
            color = self.text(m, "color", bpath) or _BAND_COLORS[min(i, len(_BAND_COLORS) - 1)]
            bands.append(
                Band(ident, self.text(m, "title", bpath, ident) or ident,
                     self.text(m, "title_vi", bpath), lo, pct, color)
            )
        for i in range(1, len(bands)):
            if bands[i].threshold_percent(scale) >= bands[i - 1].threshold_percent(scale):
                self.error(
                    path,
                    value.line,
                    f"bands are not in descending order: `{bands[i].id}` does not start below "
                    f"`{bands[i - 1].id}`",
                    "list bands highest first",
                )
                break
        return tuple(bands)

    def groups(self, value: Any, line: int, scale: float) -> tuple[Group, ...]:
        m = self.mapping(value, "groups", line)
        if m is None:
            return ()
        groups: list[Group] = []
        matched: dict[str, str] = {}
        for gid, spec in m.items():
            gpath = f"groups.{gid}"
            gm = self.mapping(spec if spec is not None else YMap(), gpath, m.line_of(gid))
            if gm is None:
                continue
            if not hasattr(gm, "line"):
                gm.line, gm.key_lines = m.line_of(gid), {}
            self.keys(gm, gpath, _GROUP_KEYS)
            match_values = [gid]
            if "match" in gm:
                raw = gm["match"]
                if isinstance(raw, YList) and all(isinstance(v, (str, int)) for v in raw):
                    match_values += [str(v) for v in raw]
                elif isinstance(raw, (str, int)):
                    match_values.append(str(raw))
                else:
                    self.error(_join(gpath, "match"), gm.line_of("match"),
                               "expected a list of values")
            normalized = tuple(dict.fromkeys(normalize_label(v) for v in match_values))
            for v in normalized:
                if v in matched and matched[v] != gid:
                    self.error(_join(gpath, "match"), gm.line_of("match"),
                               f"`{v}` already matches group `{matched[v]}`")
                matched[v] = gid
            gscale = self.number(gm, "scale", gpath, positive=True)
            gbands = None
            if "bands" in gm:
                gbands = self.bands(gm["bands"], _join(gpath, "bands"), gm.line_of("bands"),
                                    gscale or scale)
            groups.append(Group(gid, self.text(gm, "title", gpath, gid) or gid,
                                self.text(gm, "title_vi", gpath), normalized, gscale, gbands))
        return tuple(groups)

    def criterion(
        self,
        value: Any,
        path: str,
        line: int,
        groups: set[str],
        has_groups: bool,
        inherited: frozenset[str] | None = None,
    ) -> Criterion | None:
        m = self.mapping(value, path, line)
        if m is None:
            return None
        is_branch = "criteria" in m
        if is_branch:
            allowed = _COMMON_KEYS | _BRANCH_KEYS
        else:
            method = m.get("method")
            method_keys = _METHOD_KEYS.get(method, _ALL_METHOD_KEYS) if isinstance(
                method, str) else _ALL_METHOD_KEYS
            allowed = _COMMON_KEYS | _LEAF_KEYS | method_keys
        if is_branch and "method" in m:
            self.error(_join(path, "method"), m.line_of("method"),
                       "a branch (a criterion with `criteria`) cannot have a method",
                       "move the method to a leaf, or remove `criteria`")
        specific = _ALL_METHOD_KEYS | _LEAF_KEYS
        for key in m:
            if key in specific and key not in allowed and key != "method":
                owner = "a branch" if is_branch else f"method `{m.get('method')}`"
                self.error(_join(path, key), m.line_of(key), f"`{key}` is not used by {owner}")
        self.keys(m, path, allowed | specific, ("id",))
        ident = self.text(m, "id", path)
        if not ident:
            return None
        self.register_id(ident, path, m.line_of("id"))
        weight = self.number(m, "weight", path, 1.0, minimum=0.0)
        applies_to = None
        if "applies_to" in m:
            raw = m["applies_to"]
            items = raw if isinstance(raw, YList) else YList([raw])
            if not has_groups:
                self.error(_join(path, "applies_to"), m.line_of("applies_to"),
                           "`applies_to` needs `groups` defined at the top of the file")
            for g in items:
                if has_groups and str(g) not in groups:
                    close = difflib.get_close_matches(str(g), sorted(groups), n=1)
                    self.error(_join(path, "applies_to"), m.line_of("applies_to"),
                               f"unknown group `{g}`",
                               f"did you mean `{close[0]}`?" if close else
                               "groups: " + ", ".join(sorted(groups)))
            applies_to = frozenset(str(g) for g in items)
        if inherited is not None:
            # a criterion under a restricted branch is restricted too
            applies_to = inherited if applies_to is None else applies_to & inherited
        common: dict[str, Any] = dict(
            id=ident,
            title=self.text(m, "title", path, ident) or ident,
            title_vi=self.text(m, "title_vi", path),
            unit=self.text(m, "unit", path),
            description=self.text(m, "description", path),
            path=path,
            weight=weight if weight is not None else 1.0,
            applies_to=applies_to,
        )
        if is_branch:
            raw_children = m["criteria"]
            if not isinstance(raw_children, YList) or not raw_children:
                self.error(_join(path, "criteria"), m.line_of("criteria"),
                           "expected a non-empty list of criteria")
                return None
            children = self.children(raw_children, _join(path, "criteria"), groups, has_groups,
                                     applies_to)
            agg = self.choice(m, "aggregation", path, AGGREGATIONS, "arithmetic")
            return Criterion(children=children, aggregation=agg, **common)
        return self.leaf(m, path, common)

    def children(
        self,
        items: YList,
        path: str,
        groups: set[str],
        has_groups: bool,
        inherited: frozenset[str] | None = None,
    ) -> tuple[Criterion, ...]:
        out = []
        for i, item in enumerate(items):
            c = self.criterion(item, f"{path}[{i}]", items.item_lines[i], groups, has_groups,
                               inherited)
            if c is not None:
                out.append(c)
        return tuple(out)

    def leaf(self, m: YMap, path: str, common: dict[str, Any]) -> Criterion | None:
        if "method" not in m:
            self.error(path, m.line, f"criterion `{common['id']}` has neither `method` nor "
                       "`criteria`", "a leaf needs a method: " + ", ".join(METHODS))
            return None
        method = self.choice(m, "method", path, METHODS, "")
        if not method:
            return None
        weight = common["weight"]
        spec: dict[str, Any] = dict(
            method=method,
            column=self.text(m, "column", path, common["id"]),
            direction=self.choice(m, "direction", path, ("higher", "lower"), "higher"),
            bounds=self.pair(m, "bounds", path),
            missing=self.choice(m, "missing", path, MISSING_POLICIES, "") or None,
        )
        if "integer" in m:
            if isinstance(m["integer"], bool):
                spec["integer"] = m["integer"]
            else:
                self.error(_join(path, "integer"), m.line_of("integer"), "expected true or false")
        if method == "linear":
            if "range" not in m:
                self.error(path, m.line, "method `linear` needs `range: [lo, hi]`",
                           "the goalposts: values at or below lo score 0, at or above hi full")
            spec["range"] = self.pair(m, "range", path)
            if "transform" in m:
                spec["transform"] = self.choice(m, "transform", path, ("log",), "log")
                rng = spec["range"]
                if rng is not None and rng[0] <= 0:
                    self.error(_join(path, "range"), m.line_of("range"),
                               "with `transform: log` the range must be above 0")
        elif method in ("minmax", "best"):
            spec["scope"] = self.choice(m, "scope", path, ("group", "all"), "group")
        elif method == "ratio":
            if ("per" in m) == ("target" in m):
                self.error(path, m.line, "method `ratio` needs exactly one of `per` (a column) "
                           "and `target` (a number)")
            spec["per"] = self.text(m, "per", path)
            spec["target"] = self.number(m, "target", path, positive=True)
            spec["on_zero"] = self.choice(m, "on_zero", path, ("zero", "full"), "zero")
        elif method == "steps":
            bound, steps = self.steps(m, path, weight)
            spec["step_bound"], spec["steps"] = bound, steps
        elif method == "choice":
            spec["choices"] = self.choices(m, path, weight)
        if spec["direction"] == "lower" and method in ("steps", "choice"):
            self.error(_join(path, "direction"), m.line_of("direction"),
                       f"`direction` has no meaning for method `{method}`",
                       "write the table so that better values get more points "
                       "(for steps: `max` bounds)")
        return Criterion(**common, **spec)

    def steps(self, m: YMap, path: str, weight: float) -> tuple[str | None, tuple[Step, ...]]:
        where = _join(path, "steps")
        raw = m.get("steps")
        if not isinstance(raw, YList) or not raw:
            self.error(where, m.line_of("steps"), "method `steps` needs a non-empty list "
                       "`steps: [{min: v, points: p}, ...]`")
            return None, ()
        kinds: set[str] = set()
        steps: list[Step] = []
        for i, item in enumerate(raw):
            spath = f"{where}[{i}]"
            sm = self.mapping(item, spath, raw.item_lines[i])
            if sm is None:
                return None, ()
            self.keys(sm, spath, {"min", "max", "points", "fraction"})
            bound_keys = [k for k in ("min", "max") if k in sm]
            value_keys = [k for k in ("points", "fraction") if k in sm]
            if len(bound_keys) != 1 or len(value_keys) != 1:
                self.error(spath, sm.line, "a step needs one bound (`min` or `max`) and one of "
                           "`points` or `fraction`")
                return None, ()
            kinds.add(bound_keys[0])
            b = self.number(sm, bound_keys[0], spath)
            v = self.number(sm, value_keys[0], spath, minimum=0.0)
            if b is None or v is None:
                return None, ()
            if value_keys[0] == "points":
                if v > weight:
                    self.error(_join(spath, "points"), sm.line_of("points"),
                               f"{v:g} points is more than the criterion's weight {weight:g}")
                fraction = v / weight if weight > 0 else 0.0
            else:
                if v > 1:
                    self.error(_join(spath, "fraction"), sm.line_of("fraction"),
                               f"a fraction is between 0 and 1, got {v:g}")
                fraction = v
            steps.append(Step(b, fraction))
        if len(kinds) > 1:
            self.error(where, raw.line, "a step table uses one kind of bound: all `min` or all "
                       "`max`")
            return None, ()
        kind = kinds.pop()
        bounds = [s.bound for s in steps]
        ordered = all(
            (a > b) if kind == "min" else (a < b) for a, b in itertools.pairwise(bounds)
        )
        if not ordered:
            order = "strictly descending" if kind == "min" else "strictly ascending"
            self.error(where, raw.line, f"the steps are out of order: `{kind}` bounds must be "
                       f"{order} ({', '.join(f'{b:g}' for b in bounds)})",
                       "the first step a value meets is the one it gets")
        return kind, tuple(steps)

    def choices(self, m: YMap, path: str, weight: float) -> tuple[tuple[str, float], ...]:
        has_f, has_p = "choices" in m, "choice_points" in m
        if has_f == has_p:
            self.error(path, m.line, "method `choice` needs exactly one of `choices` "
                       "(value: fraction) and `choice_points` (value: points)")
            return ()
        key = "choices" if has_f else "choice_points"
        raw = m[key]
        where = _join(path, key)
        if not isinstance(raw, YMap) or not raw:
            self.error(where, m.line_of(key), "expected a mapping of value: number")
            return ()
        out: dict[str, float] = {}
        for value, number in raw.items():
            vpath = _join(where, str(value))
            if not _is_number(number) or number < 0:
                self.error(vpath, raw.line_of(value), f"expected a number ≥ 0, got {number!r}")
                continue
            limit = 1.0 if has_f else weight
            if number > limit:
                self.error(vpath, raw.line_of(value),
                           f"{number:g} is more than {'1' if has_f else 'the weight'} "
                           f"({limit:g})")
            fraction = float(number) if has_f else (number / weight if weight > 0 else 0.0)
            norm = normalize_label(value)
            if norm in out:
                self.error(vpath, raw.line_of(value), f"`{value}` is listed twice")
            out[norm] = fraction
        return tuple(out.items())

    def deductions(self, value: Any, line: int) -> tuple[Deduction, ...]:
        if not isinstance(value, YList):
            self.error("deductions", line, f"expected a list, got {_kind(value)}")
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
            out.append(Deduction(ident, self.text(m, "title", path, ident) or ident,
                                 self.text(m, "title_vi", path),
                                 self.text(m, "column", path, ident) or ident, each, cap))
        return tuple(out)

    def weights(self, node: Criterion, groups: tuple[Group, ...]) -> None:
        """Every group must find some weight among the siblings it has."""
        for group in groups or (None,):
            gid = group.id if group is not None else None
            applicable = [c for c in node.children if c.applies(gid)]
            if applicable and sum(c.weight for c in applicable) <= 0:
                who = f" for group `{gid}`" if gid else ""
                self.error(node.path or "criteria", None,
                           f"the weights of these criteria add up to 0{who}",
                           "give at least one a positive weight")
        for child in node.children:
            if child.children:
                self.weights(child, groups)


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, YMap):
        return "a mapping"
    if isinstance(value, YList):
        return "a list"
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
    check = _Checker(file)
    check.problems.extend(problems)
    if data is None:
        raise CriteriaError(check.problems)
    top = check.mapping(data, "", 1)
    if top is None:
        raise CriteriaError(check.problems)
    check.keys(top, "", _TOP_KEYS, ("name", "criteria"))
    name = check.text(top, "name", "") or "?"
    year = None
    if "year" in top:
        if isinstance(top["year"], int) and not isinstance(top["year"], bool):
            year = top["year"]
        else:
            check.error("year", top.line_of("year"), f"expected a year, got {_kind(top['year'])}")
    decimals = 2
    if "decimals" in top:
        d = top["decimals"]
        if isinstance(d, int) and not isinstance(d, bool) and 0 <= d <= 10:
            decimals = d
        else:
            check.error("decimals", top.line_of("decimals"), f"expected 0 to 10, got {_kind(d)}")
    columns = Columns()
    if "columns" in top:
        cm = check.mapping(top["columns"], "columns", top.line_of("columns"))
        if cm is not None:
            check.keys(cm, "columns", _COLUMN_KEYS)
            columns = Columns(**{k: check.text(cm, k, "columns") or k for k in _COLUMN_KEYS})
    missing = check.choice(top, "missing", "", MISSING_POLICIES, "zero")
    aggregation = check.choice(top, "aggregation", "", AGGREGATIONS, "arithmetic")
    lang = None
    if "lang" in top:
        lang = check.choice(top, "lang", "", ("en", "vi"), "en")
    scale_given = check.number(top, "scale", "", positive=True)
    groups: tuple[Group, ...] = ()
    if "groups" in top:
        groups = check.groups(top["groups"], top.line_of("groups"), scale_given or 100.0)
    group_ids = {g.id for g in groups}
    children: tuple[Criterion, ...] = ()
    raw = top.get("criteria")
    if "criteria" in top:
        if isinstance(raw, YList) and raw:
            children = check.children(raw, "criteria", group_ids, bool(groups))
        else:
            check.error("criteria", top.line_of("criteria"), "expected a non-empty list")
    total = sum(c.weight for c in children)
    scale = scale_given if scale_given is not None else (total if total > 0 else 1.0)
    bands: tuple[Band, ...] = ()
    if "bands" in top:
        bands = check.bands(top["bands"], "bands", top.line_of("bands"), scale)
    deductions: tuple[Deduction, ...] = ()
    if "deductions" in top:
        deductions = check.deductions(top["deductions"], top.line_of("deductions"))
    root = Criterion(id="", title=name, path="", children=children, aggregation=aggregation)
    if children:
        check.weights(root, groups)
    if check.problems:
        raise CriteriaError(check.problems)
    return Criteria(
        name=name,
        name_vi=check.text(top, "name_vi", ""),
        year=year,
        root=root,
        scale=scale,
        decimals=decimals,
        columns=columns,
        missing=missing,
        groups=groups,
        bands=bands,
        deductions=deductions,
        lang=lang,
        source=file,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
    )


def bundled_criteria_path(name: str = DEFAULT_CRITERIA) -> Path:
    """Where a criteria set shipped with ictrank lives (installed package or source tree)."""
    try:
        candidate = Path(str(resources.files("ictrank.criteria_sets").joinpath(name)))
        if candidate.is_file():
            return candidate
    except ModuleNotFoundError:
        pass
    return Path(__file__).resolve().parent.parent / "criteria" / name


def resolve_criteria_path(given: str | None) -> Path:
    """SPEC §5: `-c` if given, else ./criteria.yaml if present, else the bundled default."""
    if given:
        path = Path(given)
        if not path.is_file():
            bundled = bundled_criteria_path(given if given.endswith(".yaml") else given + ".yaml")
            if bundled.is_file():
                return bundled
            raise IctrankError(f"criteria file not found: {given}")
        return path
    local = Path("criteria.yaml")
    if local.is_file():
        return local
    return bundled_criteria_path()


def load_criteria(path: str | Path) -> Criteria:
    """Read and check a criteria file."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise IctrankError(f"cannot read criteria file {path}: {exc.strerror}") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CriteriaError([CriteriaProblem(str(path), None, "",
                             f"not UTF-8 text (byte {exc.start})",
                             "save the file as UTF-8")]) from exc
    return parse_criteria(text, str(path))


@dataclass(frozen=True)
class InputColumn:
    """One column an agency fills in: a leaf's indicator, a ratio's total, or a deduction."""

    name: str
    title: str
    title_vi: str | None
    unit: str | None
    kind: str  # number | integer | boolean | choice
    bounds: tuple[float | None, float | None]
    choices: tuple[str, ...]
    applies_to: frozenset[str] | None

    def label(self, lang: str = "en") -> str:
        return (self.title_vi or self.title) if lang == "vi" else self.title


def input_columns(criteria: Criteria) -> list[InputColumn]:
    """Every indicator column a sheet must carry, in criteria order, each once."""
    found: dict[str, InputColumn] = {}

    def add(column: InputColumn) -> None:
        found.setdefault(normalize_label(column.name), column)

    for leaf in criteria.leaves():
        if leaf.method in ("boolean", "choice"):
            kind = leaf.method
        else:
            kind = "integer" if leaf.integer else "number"
        lo, hi = leaf.bounds if leaf.bounds is not None else (None, None)
        if leaf.method in ("best", "ratio") and (lo is None or lo < 0):
            lo = 0.0
        add(InputColumn(leaf.column or leaf.id, leaf.title, leaf.title_vi, leaf.unit, kind,
                        (lo, hi), tuple(k for k, _ in leaf.choices), leaf.applies_to))
        if leaf.per is not None:
            add(InputColumn(leaf.per, f"Total for {leaf.title}",
                            f"Tổng số cho: {leaf.title_vi}" if leaf.title_vi else None,
                            leaf.unit, kind if kind == "integer" else "number", (0.0, None), (),
                            leaf.applies_to))
    for ded in criteria.deductions:
        add(InputColumn(ded.column, ded.title, ded.title_vi, None, "number", (0.0, None), (),
                        None))
    return list(found.values())
