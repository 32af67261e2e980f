"""Rounding as the publisher rounds (SPEC §7.1): a spreadsheet's ROUND, or numpy's."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from ictrank.cli import cli
from ictrank.rounding import half_even, half_up, round_as


def spreadsheet_round(value: float, decimals: int) -> float:
    """ROUND as a spreadsheet computes it: 15 significant digits, then half away from 0."""
    exact = Decimal(format(value, ".15g"))
    return float(exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


def test_values_whose_doubles_lie_below_the_half_round_up_as_a_spreadsheet_does():
    assert half_up([1.005, 0.285, 2.675, 8.434999999999999], 2).tolist() == [
        1.01, 0.29, 2.68, 8.44]
    assert half_even([1.005, 0.285], 2).tolist() == [1.0, 0.28]


def test_half_up_goes_away_from_zero_keeps_nan_and_inf_and_never_gives_minus_zero():
    out = half_up([-1.005, -0.125, np.nan, np.inf, -np.inf, 0.0, -0.0, -0.004, -1e-300], 2)
    assert out[:2].tolist() == [-1.01, -0.13]
    assert math.isnan(out[2]) and out[3] == np.inf and out[4] == -np.inf
    assert all(math.copysign(1, v) == 1 for v in out[5:])  # "0.00", never "-0.00"


def test_values_far_below_or_above_the_decimals_round_as_a_spreadsheet():
    assert half_up([1e-20, 0.0049999, 0.005, 1e17, 123456789.125, 999.9999999999999],
                   2).tolist() == [0.0, 0.0, 0.01, 1e17, 123456789.13, 1000.0]


def test_a_number_gives_a_number_and_an_array_an_array():
    assert round_as(1.005, 2, "half-up") == 1.01 and isinstance(round_as(1.005, 2, "half-up"),
                                                                 float)
    assert round_as(np.array([1.005]), 2, "half-even").tolist() == [1.0]


@given(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False), st.integers(0, 6))
def test_half_up_equals_the_spreadsheet_rule_on_any_value(value: float, decimals: int):
    assert half_up([value], decimals)[0] == spreadsheet_round(value, decimals)


@given(st.integers(-10**9, 10**9), st.integers(1, 6))
def test_half_up_on_decimal_halves_always_goes_up(units: int, decimals: int):
    # a value written with one more decimal, ending in 5: k + 0.5 units of the last place
    value = float(Decimal(2 * units + 1).scaleb(-decimals - 1) / 2)
    expected = spreadsheet_round(value, decimals)
    assert half_up([value], decimals)[0] == expected


CRITERIA = """name: t
scale: 100
criteria:
  - {id: x, method: linear, range: [0, 1000]}
"""


def test_the_cli_publishes_the_spreadsheet_rounding_and_names_the_rule(tmp_path):
    (tmp_path / "c.yaml").write_text(CRITERIA, encoding="utf-8")
    (tmp_path / "even.yaml").write_text(CRITERIA + "rounding: half-even\n", encoding="utf-8")
    (tmp_path / "d.csv").write_text("id,x\na,10.05\nb,84.35\n", encoding="utf-8")
    runner = CliRunner()
    up = runner.invoke(cli, ["score", str(tmp_path / "d.csv"), "-c", str(tmp_path / "c.yaml"),
                             "--format", "csv"])
    assert up.exit_code == 0, up.output
    rows = up.stdout.splitlines()
    assert rows[1].startswith("1,b,,8.44,8.44,") and rows[2].startswith("2,a,,1.01,1.01,")
    even = runner.invoke(cli, ["score", str(tmp_path / "d.csv"), "-c",
                               str(tmp_path / "even.yaml"), "--format", "csv"])
    assert even.stdout.splitlines()[1].startswith("1,b,,8.43,8.43,")
    shown = runner.invoke(cli, ["criteria", "show", str(tmp_path / "c.yaml"), "--lang", "vi"])
    assert "làm tròn lên từ 5, như hàm ROUND của bảng tính" in shown.stdout


def test_the_criteria_files_rounding_choices_are_the_registrys_rules():
    from ictrank.criteria.schema import FILE
    from ictrank.rounding import ROUNDINGS

    assert FILE["rounding"].choices == tuple(ROUNDINGS)
    assert FILE["rounding"].default == "half-up"
