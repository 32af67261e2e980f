"""Views (docs/criteria-format.md, "Views"): aggregates reported and ranked beside the
score without changing it, such as DTI's three pillars (chính quyền số, kinh tế số, xã
hội số), each the six foundation indices plus one activity index.

A view's value is the weighted mean of its criteria's fractions × 100 (weights: the
view's own, else each criterion's weight for the unit's group), over the criteria that
apply to the unit; or, with `sum: points`, the sum of their points. It is rounded as
the score is and ranked within the unit's group by competition ranking (1, 2, 2, 4).
Whole columns at a time: a loop runs over views and their criteria, never over units.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ictrank.criteria import Criteria, View
from ictrank.ranking import Ranking


@dataclass(frozen=True)
class ViewColumns:
    """One view's value and rank per unit, rows as the ranking's `units`."""

    view: View
    values: np.ndarray  # rounded; NaN where none of its criteria applies
    ranks: pd.Series  # Int64, <NA> where there is no value


def view_columns(ranking: Ranking, within: np.ndarray | None = None) -> list[ViewColumns]:
    """Every view of the criteria, in file order (empty without `views:`), ranked within
    each unit's group, or within `within` (a key per unit: a panel's period and group)."""
    criteria = ranking.criteria
    if not criteria.views:
        return []
    groups = (ranking.units["group"].fillna("").to_numpy(dtype=object) if within is None
              else within)
    out = []
    for view in criteria.views:
        values = criteria.round(_values(ranking, view))
        ranks = pd.Series(values).groupby(groups).rank(method="min", ascending=False)
        out.append(ViewColumns(view, values, ranks.astype("Int64")))
    return out


def _values(ranking: Ranking, view: View) -> np.ndarray:
    if view.sum == "points":
        points = np.column_stack([ranking.points_of(cid).to_numpy(dtype=float)
                                  for cid in view.of])
        counted = ~np.isnan(points)
        return np.where(counted.any(axis=1), np.where(counted, points, 0.0).sum(axis=1),
                        np.nan)
    weighted = np.zeros(len(ranking))
    total = np.zeros(len(ranking))
    for k, cid in enumerate(view.of):
        fraction = ranking.fractions[cid].to_numpy(dtype=float)
        weight = _weight(ranking.criteria, ranking, view, k)
        counted = ~np.isnan(fraction)
        weighted += np.where(counted, weight * fraction, 0.0)
        total += np.where(counted, weight, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(total > 0, 100.0 * weighted / total, np.nan)


def _weight(criteria: Criteria, ranking: Ranking, view: View, k: int) -> float | np.ndarray:
    """The k-th criterion's weight in the view: the view's own, else the criterion's
    weight for each unit's group."""
    if view.weights is not None:
        return view.weights[k]
    criterion = next(c for c in criteria.walk() if c.id == view.of[k])
    if criterion.group_weights is None:
        return criterion.weight
    return ranking.units["group"].map(dict(criterion.group_weights)).fillna(0.0).to_numpy(
        dtype=float)
