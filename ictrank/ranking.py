"""What scoring produces: the ranking of every unit, and how it compares with a previous one.

The engine (`scoring`) builds a Ranking, `comparison` attaches a Comparison, the
renderers read both; none of them needs the others' code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from ictrank.criteria import Criteria, Criterion
from ictrank.report import Problem, Report
from ictrank.treatment import LeafTreatment

Mask = np.ndarray | None  # a boolean per unit; None means every unit
UNSCORED_DECIMALS = 4  # an unscored criterion's fraction, as DTI publishes its indices


@dataclass(frozen=True)
class Comparison:
    """Aligned with the current ranking's rows, plus the units that are gone."""

    source: str
    frame: pd.DataFrame  # previous_rank, rank_change, previous_score, score_change,
    #                      previous_band, status ("new" or "")
    gone: pd.DataFrame  # id, name, group, rank, score, band of last year's units missing now


@dataclass(frozen=True)
class CriterionArrays:
    """What the engine found per criterion, with units in the sheet's row order."""

    ids: tuple[str, ...]
    fractions: np.ndarray  # one row per id: fraction in [0, 1], NaN where it does not apply
    applicable: dict[str, Mask]  # id -> where the criterion counts for the unit
    missing: dict[str, Mask]  # leaf id -> where the value was missing and filled in or skipped

    def row(self, criterion_id: str) -> np.ndarray:
        return self.fractions[self.ids.index(criterion_id)]


@dataclass(frozen=True)
class Ranking:
    """Scores, ranks and bands of every unit, rows in publication order."""

    criteria: Criteria
    units: pd.DataFrame  # id, name, group, rank, score, percent, band, deductions, scale
    order: np.ndarray  # sheet position of the unit on each row of `units`
    arrays: CriterionArrays
    warnings: tuple[Problem, ...] = ()  # the engine's, each with its catalogue code
    comparison: Comparison | None = None  # set by ictrank.comparison.compare
    report: Report | None = field(default=None, compare=False)  # the sheet's problems
    treatment: tuple[LeafTreatment, ...] = ()  # outliers treated before scoring (treatment.py)

    def __len__(self) -> int:
        return len(self.units)

    def to_frame(self) -> pd.DataFrame:
        """The ranking as published, one row per unit in publication order: group (where
        the criteria have groups), rank, id, name, score, percent, band, deductions,
        missing (the ids of the leaves without a value), points.<criterion id> for every
        criterion, and with a comparison previous_rank, rank_change, previous_score,
        score_change, previous_band and status. Numbers are rounded to the criteria's
        decimals as the JSON output rounds them; NaN where a criterion does not apply."""
        units = self.units
        missing = self.missing

        def rounded(values: Any) -> list[float]:
            return self.criteria.round(np.asarray(values, dtype=float)).tolist()

        columns: dict[str, Any] = {}
        if self.criteria.groups:
            columns["group"] = units["group"].to_numpy()
        columns.update({
            "rank": units["rank"].to_numpy(dtype=np.int64),
            "id": units["id"].to_numpy(), "name": units["name"].to_numpy(),
            "score": rounded(units["score"]), "percent": rounded(units["percent"]),
            "band": units["band"].to_numpy(), "deductions": rounded(units["deductions"]),
            "missing": [tuple(missing.columns[row]) for row in missing.to_numpy(dtype=bool)]
            if len(missing.columns) else [()] * len(units),
        })
        if self.criteria.bonuses:
            columns["bonuses"] = rounded(units["bonuses"])
        for criterion_id in self.points.columns:
            columns[f"points.{criterion_id}"] = self.rounded_points[criterion_id].tolist()
        frame = pd.DataFrame(columns)
        if self.comparison is not None:
            previous = self.comparison.frame.reset_index(drop=True)
            for name in ("previous_rank", "rank_change"):
                frame[name] = previous[name].astype("Int64").to_numpy()
            for name in ("previous_score", "score_change"):
                frame[name] = rounded(previous[name])
            frame["previous_band"] = previous["previous_band"].to_numpy()
            frame["status"] = previous["status"].to_numpy()
        return frame

    def _published(self, mask: Mask, default: bool) -> np.ndarray:
        if mask is None:
            return np.full(len(self.order), default)
        return mask[self.order]

    @cached_property
    def fractions(self) -> pd.DataFrame:
        """criterion id -> fraction in [0, 1] (NaN where it does not apply), rows as `units`.

        Built on first use: a CSV of a million units reads a handful of rows of the
        matrix and never pays for reordering the rest."""
        return pd.DataFrame(self.arrays.fractions.T[self.order], columns=list(self.arrays.ids),
                            copy=False)

    @cached_property
    def applicable(self) -> pd.DataFrame:
        """criterion id -> True where the criterion counts for the unit."""
        return pd.DataFrame({cid: self._published(self.arrays.applicable[cid], True)
                             for cid in self.arrays.ids}, copy=False)

    @cached_property
    def missing(self) -> pd.DataFrame:
        """leaf id -> True where the value was missing and filled in or skipped."""
        return pd.DataFrame({lid: self._published(mask, False)
                             for lid, mask in self.arrays.missing.items()}, copy=False)

    @cached_property
    def possible(self) -> pd.DataFrame:
        """Points each unit could earn on each criterion: its share of the scale."""
        return pd.DataFrame({cid: self.possible_of(cid) for cid in self.arrays.ids}, copy=False)

    @cached_property
    def points(self) -> pd.DataFrame:
        """Points per criterion (NaN where it does not apply): fraction × possible."""
        return self.fractions * self.possible

    @cached_property
    def rounded_points(self) -> pd.DataFrame:
        """The points as published: rounded by the criteria's `rounding` rule."""
        points = self.points
        return pd.DataFrame(self.criteria.round(points.to_numpy(dtype=float)),
                            columns=points.columns, copy=False)

    def rounded_points_of(self, criterion_id: str) -> np.ndarray:
        """One criterion's published points, without building the whole matrix."""
        if "rounded_points" in self.__dict__:
            return self.rounded_points[criterion_id].to_numpy()
        return self.criteria.round(self.points_of(criterion_id).to_numpy(dtype=float))

    def unscored_fractions(self, criterion_id: str) -> np.ndarray:
        """An unscored criterion's fractions as published: rounded to UNSCORED_DECIMALS by
        the criteria's rule (its points are 0)."""
        return self.criteria.round(self.fractions[criterion_id].to_numpy(dtype=float),
                                   UNSCORED_DECIMALS)

    def _applies(self, criterion_id: str) -> np.ndarray:
        return self._published(self.arrays.applicable[criterion_id], True)

    def _weight(self, criterion: Criterion) -> float | np.ndarray:
        """A criterion's weight for each unit, in publication order."""
        if criterion.group_weights is None:
            return criterion.weight
        return self.units["group"].map(dict(criterion.group_weights)).fillna(0.0).to_numpy(
            dtype=float)

    def possible_of(self, criterion_id: str) -> np.ndarray:
        """One criterion's share of the scale per unit: weight shares multiplied from the root
        ("Score, points, percent"), each renormalised over the siblings that apply to the unit."""
        if "possible" in self.__dict__:
            return self.possible[criterion_id].to_numpy()
        share = self.units["scale"].to_numpy(dtype=float)
        for parent, child in _path_to(self.criteria.root, criterion_id):
            total = np.zeros(len(share))
            for sibling in parent.children:
                total += np.where(self._applies(sibling.id), self._weight(sibling), 0.0)
            weight = np.where(self._applies(child.id), self._weight(child), 0.0)
            with np.errstate(divide="ignore", invalid="ignore"):
                share = np.where(total > 0, share * weight / total, 0.0)
        return np.where(self._applies(criterion_id), share, np.nan)

    def points_of(self, criterion_id: str) -> pd.Series:
        """One criterion's points, without building the whole matrix."""
        if "points" in self.__dict__:
            return self.points[criterion_id]
        fraction = self.arrays.row(criterion_id)[self.order]
        return pd.Series(fraction * self.possible_of(criterion_id))


def _path_to(root: Criterion, criterion_id: str) -> list[tuple[Criterion, Criterion]]:
    """(parent, child) pairs from the root down to the criterion."""
    for child in root.children:
        if child.id == criterion_id:
            return [(root, child)]
        below = _path_to(child, criterion_id)
        if below:
            return [(root, child), *below]
    return []
