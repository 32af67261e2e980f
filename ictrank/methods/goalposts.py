"""Fractions between two goalposts, shared by the methods that score that way."""

from __future__ import annotations

import numpy as np


def goalposts(x: np.ndarray, lo: float | np.ndarray, hi: float | np.ndarray, lower: bool,
              out: np.ndarray) -> None:
    """clip((x − lo)/(hi − lo), 0, 1), or (hi − x)/(hi − lo) for `lower`, in place."""
    if lower:
        np.subtract(hi, x, out=out)
    else:
        np.subtract(x, lo, out=out)
    np.divide(out, np.subtract(hi, lo), out=out)
    np.clip(out, 0.0, 1.0, out=out)


def fill_where_not_positive(out: np.ndarray, guard: float | np.ndarray, value: float) -> None:
    """out = value wherever guard is not > 0 (NaN included)."""
    if np.ndim(guard) == 0:
        if not guard > 0:
            out.fill(value)
        return
    bad = ~(np.asarray(guard) > 0)
    if bad.any():
        out[bad] = value
