"""The frozen criteria model: what a checked criteria file holds.

Nothing here reads YAML; `checker.py` builds these objects and every other
module only ever sees them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, overload

from ictrank.criteria.schema import AGGREGATIONS, MISSING_POLICIES
from ictrank.labels import normalize_label
from ictrank.methods import METHODS, Method, Step
from ictrank.treatment import TreatRule

if TYPE_CHECKING:
    import numpy as np

    from ictrank.report import Problem

# kept importable where they were first found
__all__ = ["AGGREGATIONS", "METHODS", "MISSING_POLICIES", "Step", "normalize_label"]



@dataclass(frozen=True, kw_only=True)
class Titled:
    """Anything with an English title, an optional Vietnamese one and a description."""

    title: str
    title_vi: str | None = None
    description: str | None = None
    description_vi: str | None = None

    def label(self, lang: str = "en") -> str:
        return (self.title_vi or self.title) if lang == "vi" else self.title

    def about(self, lang: str = "en") -> str | None:
        """The description in `lang` (the English one where no Vietnamese is given)."""
        return (self.description_vi or self.description) if lang == "vi" else self.description


@dataclass(frozen=True, kw_only=True)
class Band(Titled):
    """A class of scores. Its threshold is `min` (on the score's scale) or `min_percent`;
    `strict` when the file gave `above`/`above_percent`: scores must exceed it."""

    id: str
    min: float | None
    min_percent: float | None
    color: str
    strict: bool = False

    def rule_text(self) -> str:
        """'≥ 85', '≥ 50%', '> 75%'."""
        sign = ">" if self.strict else "≥"
        if self.min is not None:
            return f"{sign} {self.min:g}"
        return f"{sign} {self.min_percent:g}%"

    def threshold(self, scale: float) -> float:
        """The score a unit on this `scale` needs to reach the band."""
        if self.min is not None:
            return self.min
        return (self.min_percent or 0.0) * scale / 100.0

    def threshold_percent(self, scale: float) -> float:
        if self.min_percent is not None:
            return self.min_percent
        assert self.min is not None
        return 100.0 * self.min / scale


@dataclass(frozen=True, kw_only=True)
class Group(Titled):
    id: str
    match: tuple[str, ...]
    scale: float | None
    bands: tuple[Band, ...] | None



@dataclass(frozen=True, kw_only=True)
class Criterion(Titled):
    """A node of the criteria tree: a branch (children) or a leaf (method)."""

    id: str
    path: str  # YAML path, such as `criteria[2].criteria[0]`
    weight: float = 1.0
    group_weights: tuple[tuple[str, float], ...] | None = None  # `weight: {group: w}`
    line: int | None = field(default=None, compare=False)  # where the file defines it
    unit: str | None = None
    applies_to: frozenset[str] | None = None
    children: tuple[Criterion, ...] = ()
    aggregation: str = "arithmetic"
    method: str | None = None  # a leaf's method, by name
    kind: Method | None = None  # that method (ictrank/methods/)
    params: Any = None  # its own parameters, a frozen object the method defines
    column: str | None = None
    aliases: tuple[str, ...] = ()  # more names the column may have (`column: [a, b]`)
    direction: str = "higher"
    bounds: tuple[float, float] | None = None
    integer: bool = False
    missing: str | None = None
    treat: TreatRule | str | None = None  # its own treatment, "none", or None: the file's
    denominator: str | None = None  # a unit column the value is divided by (treatment.py)
    scale_factor: float = 1.0  # value / (denominator / scale_factor)
    impute_by: str | None = None  # the column whose units share an imputed value

    @property
    def is_leaf(self) -> bool:
        return self.method is not None

    @property
    def per(self) -> str | None:
        """The sheet's column a leaf's value is divided by, if its method reads one."""
        per: str | None = getattr(self.params, "per", None)
        return per

    @property
    def choices(self) -> tuple[tuple[str, float], ...]:
        """The values a leaf's cell may hold and their fractions, if its method lists
        them (normalised, in file order)."""
        choices: tuple[tuple[str, float], ...] = getattr(self.params, "choices", ())
        return choices

    @property
    def depth(self) -> int:
        """0 for a top-level criterion, 1 for its children, and so on."""
        return self.path.count("criteria[") - 1

    def accepted_names(self) -> tuple[str, ...]:
        """Headers a sheet may give this leaf's column: its column, its other names, its
        titles (docs/criteria-format.md, "Column names")."""
        names = (self.column or self.id, *self.aliases, self.title, self.title_vi or "")
        return tuple(dict.fromkeys(n for n in names if n))

    @property
    def is_percentage(self) -> bool:
        """A criterion whose values are percentages: bounds [0, 100] or unit %."""
        return self.bounds == (0.0, 100.0) or (self.unit or "").strip() == "%"

    @property
    def is_fraction(self) -> bool:
        """A criterion whose values are fractions of one (bounds or a linear range within
        [0, 1]): there 85 % means 0.85."""
        span = self.bounds or (self.kind.value_span(self) if self.kind else None)
        return (span is not None and min(span) >= 0 and max(span) <= 1
                and not self.is_percentage)

    @property
    def unscored(self) -> bool:
        """`weight: 0` (for every group): read, validated and shown, but earns nothing, as
        DTI 2022's smart-city index (docs/criteria-format.md, "Unscored criteria")."""
        if self.group_weights is not None:
            return all(w == 0 for _, w in self.group_weights)
        return self.weight == 0

    def weight_for(self, group: str | None) -> float:
        """The weight a unit of `group` gives this criterion (0 where a per-group weight
        leaves the group out)."""
        if self.group_weights is None:
            return self.weight
        return dict(self.group_weights).get(group, 0.0) if group is not None else self.weight

    def weight_text(self) -> str:
        """10, or `department 10, district 5`."""
        if self.group_weights is None:
            return f"{self.weight:g}"
        return ", ".join(f"{g} {w:g}" for g, w in self.group_weights)

    def applies(self, group: str | None) -> bool:
        return self.applies_to is None or group is None or group in self.applies_to

    def walk(self) -> Iterator[Criterion]:
        """This criterion and all below it, parents before children, in file order."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True, kw_only=True)
class Deduction(Titled):
    """Points per counted item, taken off the score (`deductions:`) or added to it
    (`bonuses:`, `bonus` true): the two lists have the same shape."""

    id: str
    column: str
    points_each: float
    max_points: float | None
    bonus: bool = False

    def accepted_names(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(n for n in (self.column, self.title, self.title_vi) if n))


@dataclass(frozen=True, kw_only=True)
class View(Titled):
    """An aggregate reported and ranked beside the score without changing it: the
    weighted mean of some criteria's fractions × 100, or the sum of their points (DTI's
    pillars: the six foundation indices and one activity index each)."""

    id: str
    of: tuple[str, ...]
    weights: tuple[float, ...] | None  # one per `of`; None: the criteria's own weights
    sum: str = "mean"  # mean | points


@dataclass(frozen=True)
class NumberFormat:
    """How numbers are written in the sheets: the decimal mark and a thousands separator.

    Under a decimal comma the dot separates thousands, as Vietnam writes them (15.293 is
    fifteen thousand two hundred ninety-three); a separator is one only where it groups
    digits by three (docs/criteria-format.md, "Numbers").
    """

    decimal: str = "."
    thousands: str | None = None

    @property
    def grouping(self) -> str | None:
        """The thousands separator in force: the one given, else `.` under a decimal comma."""
        if self.thousands is not None:
            return self.thousands
        return "." if self.decimal == "," else None

    @property
    def plain(self) -> bool:
        """Numbers as a program writes them: a decimal dot and no separator."""
        return self.decimal == "." and self.thousands is None


# headers an identity column may have besides its name: the template's labels
IDENTITY_LABELS = {
    "id": ("Unit id", "Mã đơn vị"),
    "name": ("Unit name", "Tên đơn vị"),
    "group": ("Group", "Nhóm"),
    "period": ("Period", "Kỳ"),
}


@dataclass(frozen=True)
class Columns:
    id: str = "id"
    name: str = "name"
    group: str = "group"
    period: str | None = None  # a column of periods: each is ranked on its own
    aliases: tuple[tuple[str, tuple[str, ...]], ...] = ()  # `columns: {id: [id, ma_dv]}`

    def accepted(self, which: str) -> tuple[str, ...]:
        """Headers the identity column `which` (id, name, group) may have."""
        names = (getattr(self, which) or which, *dict(self.aliases).get(which, ()),
                 *IDENTITY_LABELS[which])
        return tuple(dict.fromkeys(names))


@dataclass(frozen=True)
class Publication:
    """The title block of an annex: who issues it, under which decision, where and when
    (the criteria file's `publication:`; docs/criteria-format.md, "Publication")."""

    issuer: str | None = None
    issuer_vi: str | None = None
    annex: str | None = None
    annex_vi: str | None = None
    decision: str | None = None
    decision_vi: str | None = None
    place: str | None = None
    place_vi: str | None = None
    date: dt.date | None = None
    style: str = "decree"  # decree (serif, as Nghị định 30/2020) | sans

    def text(self, key: str, lang: str) -> str | None:
        english = getattr(self, key)
        return (getattr(self, f"{key}_vi") or english) if lang == "vi" else english

    def place_and_date(self, lang: str) -> str | None:
        """'Lào Cai, ngày 20 tháng 3 năm 2015' / 'Lào Cai, 20 March 2015'."""
        place = self.text("place", lang)
        when = None
        if self.date is not None:
            from ictrank.messages import msg, term

            d = self.date
            when = msg("date", day=d.day, month=term(f"month.{d.month}", lang),
                       year=d.year).text(lang)
        parts = [p for p in (place, when) if p]
        return ", ".join(parts) if parts else None


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
    bonuses: tuple[Deduction, ...] = ()  # the same shape, points added
    max_score: float | None = None  # the highest score, bonuses included
    views: tuple[View, ...] = ()  # aggregates ranked beside the score
    lang: str | None = None
    description: str | None = None
    description_vi: str | None = None
    cites: str | None = None  # the file's `source` key: where the method is published
    number_format: NumberFormat | None = None  # how its sheets write numbers, when it says
    weights: str = "relative"  # relative | points (docs/criteria-format.md, "Weights")
    rank_on: str = "rounded"  # rounded | unrounded (docs/criteria-format.md, "Ranks")
    rounding: str = "half-up"  # half-up | half-even (ictrank/rounding.py)
    treat: TreatRule | None = None  # outliers treated before scoring (treatment.py)
    impute_by: str | None = None  # the column group-mean/median imputes within
    min_available: float | None = None  # `screen`: a unit's least share of values
    publication: Publication = field(default_factory=Publication)
    warnings: tuple[Problem, ...] = ()  # found by the checker; the file is usable
    source: str = "<criteria>"  # the file it was read from
    sha256: str = ""

    @property
    def top(self) -> tuple[Criterion, ...]:
        return self.root.children

    @property
    def adjustments(self) -> tuple[Deduction, ...]:
        """Bonuses and deductions: the counted columns read beside the criteria."""
        return (*self.bonuses, *self.deductions)

    def walk(self) -> Iterator[Criterion]:
        """Every criterion (root excluded), parents before children."""
        for child in self.root.children:
            yield from child.walk()

    def treatment_of(self, leaf: Criterion) -> TreatRule | None:
        """The outlier treatment a leaf's values get: its own, none, or the file's."""
        if isinstance(leaf.treat, TreatRule):
            return leaf.treat
        return None if leaf.treat == "none" else self.treat

    def imputed_by(self, leaf: Criterion) -> str | None:
        """The unit column a leaf's `group-mean`/`group-median` imputes within (None: the
        ranking group)."""
        return leaf.impute_by or self.impute_by

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

    @overload
    def round(self, values: float, decimals: int | None = None) -> float: ...
    @overload
    def round(self, values: Any, decimals: int | None = None) -> np.ndarray: ...
    def round(self, values: Any, decimals: int | None = None) -> Any:
        """A number or an array rounded to `decimals` (default: the file's) by the file's
        `rounding` rule: every published number goes through here."""
        from ictrank.rounding import round_as

        return round_as(values, self.decimals if decimals is None else decimals,
                        self.rounding)

    def titled(self, lang: str = "en", separator: str = " ", title: str | None = None,
               year: int | str | None = None) -> str:
        """The index's name (or `title`) with its year, the year written once: a name that
        says "năm 2025" already is not followed by "2025" again."""
        text = title or self.label(lang)
        year = year or self.year
        if year is None or str(year) in text:
            return text
        return f"{text}{separator}{year}"

    def about(self, lang: str = "en") -> str | None:
        return (self.description_vi or self.description) if lang == "vi" else self.description
