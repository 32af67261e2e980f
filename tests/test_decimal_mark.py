"""Which cells show a sheet writes the decimal comma (ictrank/decimal_mark.py)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ictrank.read.decimal_mark import CommaEvidence, decimal_comma_evidence

ROWS = np.array([2, 3, 4])


def evidence(**columns):
    indicators = frozenset(name for name in columns if name not in ("id", "name", "notes"))
    return decimal_comma_evidence(pd.DataFrame(columns), ROWS, indicators)


@pytest.mark.parametrize("text", ["12,5", "-0,25", "1.234,5", "1.234.567", "85,5%", "3,1415"])
def test_text_only_the_decimal_comma_explains_is_evidence(text):
    found = evidence(id=["a", "b", "c"], x=["7", text, ""])
    assert found == CommaEvidence(3, "x", text)


@pytest.mark.parametrize("text", ["1,250", "1.250", "12", "", "n/a"])
def test_text_that_reads_both_ways_is_no_evidence(text):
    assert evidence(x=["7", text, "8"]) is None


@pytest.mark.parametrize("point", ["12.5", ".5", "1,234.5", "1,234,567"])
def test_one_cell_only_the_point_explains_keeps_the_point(point):
    assert evidence(x=["12,5", "7", "8"], y=["1", point, "2"]) is None


def test_a_column_parsed_as_numbers_with_fractions_keeps_the_point():
    assert evidence(x=["12,5", "7", "8"], y=[1.5, 2.0, np.nan]) is None
    assert evidence(x=["12,5", "7", "8"], y=[1.0, 2.0, np.nan]) == CommaEvidence(2, "x", "12,5")


def test_identity_columns_are_not_looked_at():
    assert evidence(name=["Sở 1,5", "b", "c"], x=[1.0, 2.0, 3.0]) is None
    assert evidence(name=["12.5", "b", "c"], x=["12,5", "1", "2"]) == CommaEvidence(2, "x", "12,5")


def test_a_column_no_criterion_reads_does_not_vote():
    # a note typed "phiên bản 1,5" or a phone number says nothing of the indicators' mark
    assert evidence(notes=["1,5", "", ""], x=["7", "1.250", "8"]) is None
    assert evidence(notes=["12.5", "", ""], x=["12,5", "7", "8"]) == CommaEvidence(2, "x", "12,5")
