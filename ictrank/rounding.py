"""How published numbers are rounded (docs/criteria-format.md, "Rounding"): the criteria
file's `rounding:` names one of ROUNDINGS.

Publishers compute in a spreadsheet, whose ROUND first takes a value to 15 significant
digits and then rounds half away from zero: ROUND(1.005, 2) is 1.01, although the
double nearest 1.005 lies just below it and numpy's rounding of that double gives 1.0
(a score summed to 8.434999999999999 is 8.44 in the spreadsheet, 8.43 in numpy).
`half-up` reproduces the spreadsheet; `half-even` keeps numpy's rule.

Vectorised: each value is scaled to a whole number of 15 significant digits (exact in
a double, which holds integers up to 2⁵³), the digits past `decimals` are dropped by
integer arithmetic, and the result is divided by a power of ten, which gives the
double nearest the decimal result.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, overload

import numpy as np

SIGNIFICANT = 15  # the digits a spreadsheet keeps of a double


def half_up(values: Any, decimals: int) -> np.ndarray:
    """`values` rounded as a spreadsheet's ROUND(value, decimals) rounds them."""
    x = np.asarray(values, dtype=float)
    magnitude = np.abs(x)
    # below a tenth of the last decimal a value rounds to 0 (and would overflow the scaling)
    usable = np.isfinite(x) & (magnitude >= 10.0 ** (-decimals - 1))
    out = np.where(usable | ~np.isfinite(x), x, 0.0)  # NaN and ±inf kept
    if not usable.any():
        return out
    a = magnitude[usable]
    # Most values are nowhere near a half of the last decimal: there every rule agrees
    # with rounding the double itself. Only those within what 15 digits and the
    # scaling can move (a relative 10⁻¹⁴) are rounded digit by digit.
    scaled = a * 10.0**decimals
    nearest = np.rint(scaled)
    edge = np.abs(np.abs(scaled - nearest) - 0.5) <= 1e-13 * scaled + 1e-12
    result = nearest / 10.0**decimals
    if edge.any():
        result[edge] = _on_the_edge(a[edge], decimals)
    out[usable] = np.copysign(result, x[usable]) + 0.0  # (+ 0.0: no "-0.00" printed)
    return out


def _on_the_edge(a: np.ndarray, decimals: int) -> np.ndarray:
    """Positive `a` rounded to `decimals` from its first 15 significant digits, half up."""
    exponent = np.floor(np.log10(a)).astype(np.int64)
    digits = _significant(a, exponent)
    # log10 can land one off next to a power of ten: put 15 digits back where it did
    high, low = digits >= 10**SIGNIFICANT, digits < 10 ** (SIGNIFICANT - 1)
    if (high | low).any():
        exponent = exponent + high - low
        digits[high | low] = _significant(a[high | low], exponent[high | low])
    # `digits` × 10^-(14 - exponent) is the value to 15 significant digits
    places = (SIGNIFICANT - 1) - exponent  # its decimals
    drop = places - decimals  # the digits past `decimals`
    power = 10 ** np.clip(drop, 0, SIGNIFICANT)
    kept = (digits + power // 2) // power  # half away from zero (digits are ≥ 0)
    shown = np.minimum(places, decimals)  # the decimals `kept` holds
    return np.where(shown >= 0, kept / 10.0 ** np.maximum(shown, 0),
                    kept * 10.0 ** np.maximum(-shown, 0))


def _significant(a: np.ndarray, exponent: np.ndarray) -> np.ndarray:
    """`a` as the whole number of its first 15 significant digits (correctly rounded,
    ties to even, as Python's `format` gives them), given its decimal exponent.

    a × 10^places rounds, and a double of 15 digits has no bits to spare: the product's
    rounding error is recovered exactly (Dekker's product of two doubles), so the digits
    are decided on the exact value. Where 10^places is not itself exact (a value below
    10⁻⁸ or from 10¹⁵ up: never a score) Python's format decides, value by value."""
    places = (SIGNIFICANT - 1) - exponent
    exact = (places >= 0) & (places <= 22)  # 10^places is a double exactly
    power = 10.0 ** np.where(exact, places, 0)
    product = a * power
    error = _product_error(a, power, product)
    digits = np.rint(product)  # ties to even
    off = product - digits  # exact: the product is on a grid far finer than 1
    digits += ((off - 0.5) + error > 0).astype(float)  # more than half above
    digits -= ((off + 0.5) + error < 0).astype(float)  # more than half below
    for k in np.flatnonzero(~exact).tolist():
        mantissa, _, power10 = format(float(a[k]), f".{SIGNIFICANT - 1}e").partition("e")
        digits[k] = float(mantissa.replace(".", "")) * 10.0 ** (int(power10) - exponent[k])
    return digits.astype(np.int64)


def _product_error(a: np.ndarray, b: np.ndarray, product: np.ndarray) -> np.ndarray:
    """a × b − product, exactly (Dekker 1971: each factor split into two halves of 26
    bits, whose partial products a double holds without rounding)."""
    a_high, a_low = _split(a)
    b_high, b_low = _split(b)
    return ((a_high * b_high - product) + a_high * b_low + a_low * b_high) + a_low * b_low


def _split(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    scaled = 134217729.0 * x  # 2^27 + 1 (Veltkamp)
    high = scaled - (scaled - x)
    return high, x - high


def half_even(values: Any, decimals: int) -> np.ndarray:
    """`values` rounded as numpy rounds them: half to even, of the binary double."""
    return np.round(np.asarray(values, dtype=float), decimals)


ROUNDINGS: dict[str, Callable[[Any, int], np.ndarray]] = {
    "half-up": half_up,
    "half-even": half_even,
}


@overload
def round_as(values: float, decimals: int, rule: str) -> float: ...
@overload
def round_as(values: Any, decimals: int, rule: str) -> np.ndarray: ...
def round_as(values: Any, decimals: int, rule: str) -> Any:
    """`values` (a number or an array) rounded to `decimals` by `rule` (ROUNDINGS)."""
    out = ROUNDINGS[rule](values, decimals)
    return float(out) if np.ndim(values) == 0 else out
