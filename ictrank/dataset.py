"""Indicator values ready for scoring: what validation hands the engine.

Its own module so that the engine depends on the model and the data, never on
the validator that produced them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class Dataset:
    """One row per unit, NaN where a value is missing."""

    ids: np.ndarray
    names: np.ndarray
    groups: np.ndarray  # group id per unit, or None where the criteria have no groups
    values: dict[str, np.ndarray]  # leaf id -> raw number (boolean/choice as their fraction)
    denominators: dict[str, np.ndarray]  # ratio leaf id -> denominator (for `per`)
    deductions: dict[str, np.ndarray]  # deduction id -> value (0 where empty)
    rows: np.ndarray  # spreadsheet row of each unit
    source: str  # the sheet it came from, named in the engine's warnings
    periods: np.ndarray | None = None  # period label per unit, with `columns: {period: ...}`
    # leaf id -> the `denominator` column's numbers (docs/criteria-format.md, "Treatment")
    divisors: dict[str, np.ndarray] = field(default_factory=dict)
    # an `impute_by` column -> each unit's cell, compared as labels ("" where empty)
    unit_columns: dict[str, np.ndarray] = field(default_factory=dict)
    # leaf id -> True where the value was filled in before scoring (group-mean, -median)
    imputed: dict[str, np.ndarray] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.ids)

    def take(self, positions: np.ndarray) -> Dataset:
        """The units at `positions`, every column sliced at once."""
        return Dataset(
            ids=self.ids[positions], names=self.names[positions], groups=self.groups[positions],
            values={k: v[positions] for k, v in self.values.items()},
            denominators={k: v[positions] for k, v in self.denominators.items()},
            deductions={k: v[positions] for k, v in self.deductions.items()},
            rows=self.rows[positions], source=self.source,
            periods=None if self.periods is None else self.periods[positions],
            divisors={k: v[positions] for k, v in self.divisors.items()},
            unit_columns={k: v[positions] for k, v in self.unit_columns.items()},
            imputed={k: v[positions] for k, v in self.imputed.items()})
