"""Templates checked together give each template what checking it alone gives."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from ictrank.criteria import parse_criteria
from ictrank.dataset import Dataset
from ictrank.read.raw import RawSheet
from ictrank.report import Report
from ictrank.sheet_checks import check_sheet
from ictrank.template_checks import check_templates

CRITERIA = parse_criteria("""
name: Templates
year: 2026
groups:
  a: {title: Group A}
  b: {title: Group B}
bands: [{id: good, min: 70}, {id: low, min: 0}]
criteria:
  - {id: x0, weight: 1, method: linear, range: [0, 100], bounds: [0, 100]}
  - {id: x1, weight: 1, method: linear, range: [0, 100], applies_to: [b], missing: error}
  - {id: x2, weight: 1, method: ratio, per: total2}
  - {id: x3, weight: 1, method: boolean}
  - {id: x4, weight: 1, method: choice, choices: {full: 1, partial: 0.5, none: 0}}
  - {id: x5, weight: 1, method: linear, range: [0, 100], unit: percent}
  - {id: x6, weight: 1, method: linear, range: [0, 1], unit: fraction}
deductions:
  - {id: late, points_each: 1, max_points: 5}
""", "templates.yaml")

COLUMNS = ["id", "name", "group", "x0", "x1", "x2", "total2", "x3", "x4", "x5", "x6", "late"]
CELLS = ["", " ", "50", "0.85", "85%", "abc", "-3", "1.000", "1,5", "yes", "no", "full",
         "partial", "1e400", "NA", "150", "7", "\x1b"]


def _template(index: int, unit: str, group: str, cells: list[str], dropped: set[str],
              dotted: set[str], percent: set[str]) -> RawSheet:
    columns = [c for c in COLUMNS if c not in dropped]
    values = {"id": unit, "name": f"Unit {index}", "group": group}
    values.update(zip(COLUMNS[3:], cells, strict=False))
    values.update({c: "1.000" for c in dotted})  # as the reader lists them: text like 1.000
    values.update({c: "85" for c in percent})  # a number cell shown as 85 %
    frame = pd.DataFrame({c: [values.get(c, "")] for c in columns}, dtype=str)
    at = {c: (5 + k, f"F{5 + k}") for k, c in enumerate(columns)}
    return RawSheet(f"t{index}.xlsx", frame, np.array([2]), template_cells=at,
                    text_numbers=frozenset((2, c) for c in dotted if c in columns),
                    percent_cells=frozenset((2, c) for c in percent if c in columns))


template_strategy = st.builds(
    lambda unit, group, cells, dropped, dotted, percent: (unit, group, cells, dropped,
                                                          dotted, percent),
    st.sampled_from(["u1", "U1 ", "u2", "u3", "", "u4", "u5"]),
    st.sampled_from(["a", "b", "Group B", " A", "x", ""]),
    st.lists(st.sampled_from(CELLS), min_size=9, max_size=9),
    st.sets(st.sampled_from(["group", "x1", "total2", "late"]), max_size=1),
    st.sets(st.sampled_from(["x0", "x2", "x5"]), max_size=2),
    st.sets(st.sampled_from(["x5", "x6"]), max_size=1))


def _same_report(one: Report, other: Report) -> None:
    assert [(p.file, p.row, p.column, p.cell, p.code, p.severity, p.text("en"), p.text("vi"))
            for p in one.problems] == [
        (p.file, p.row, p.column, p.cell, p.code, p.severity, p.text("en"), p.text("vi"))
        for p in other.problems]


def _same_dataset(one: Dataset | None, other: Dataset | None) -> None:
    assert (one is None) == (other is None)
    if one is None or other is None:
        return
    for name in ("ids", "names", "groups", "rows"):
        assert list(getattr(one, name)) == list(getattr(other, name)), name
    for name in ("values", "denominators", "deductions"):
        mine, theirs = getattr(one, name), getattr(other, name)
        assert mine.keys() == theirs.keys()
        for key in mine:
            np.testing.assert_array_equal(mine[key], theirs[key])
    assert one.source == other.source and one.periods is None and other.periods is None


@settings(max_examples=60, deadline=None)
@given(st.lists(template_strategy, min_size=1, max_size=8), st.booleans())
def test_templates_checked_together_get_what_each_gets_alone(drawn, empty_notes):
    templates = [_template(i, *parts) for i, parts in enumerate(drawn)]
    together = check_templates(templates, CRITERIA, empty_notes=empty_notes)
    assert len(together) == len(templates)
    for template, (dataset, report) in zip(templates, together, strict=True):
        alone, alone_report = check_sheet(template, CRITERIA, empty_notes=empty_notes)
        _same_report(report, alone_report)
        _same_dataset(dataset, alone)


def test_a_problem_goes_to_its_own_template_at_its_own_cell():
    filled = ["50", "50", "5", "10", "yes", "full", "50", "0.5", "0"]
    good = _template(0, "u1", "a", filled, set(), set(), set())
    bad = _template(1, "u2", "a", ["abc", *filled[1:]], set(), set(), set())
    (first, first_report), (second, second_report) = check_templates([good, bad], CRITERIA)
    assert first is not None and first_report.problems == []
    assert second is None
    [problem] = [p for p in second_report.problems if p.severity == "error"]
    assert (problem.file, problem.row, problem.column, problem.cell) == ("t1.xlsx", 8, "x0",
                                                                         "F8")
