"""The methods' registry (ictrank/methods/): each method in its own module, and the recipe
of docs/architecture.md, "Add a scoring method", followed once: a method added to the
registry alone is checked, scored, described and read from a sheet."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from conftest import criteria_from
from ictrank.errors import CriteriaError
from ictrank.methods import REGISTRY, CellKind, KeyReader, Method, Statistics
from ictrank.pipeline import rank_source
from ictrank.render.common import method_text


class Threshold(Method):
    """Full marks from `at` up, none below: a method no module of ictrank knows."""

    name = "threshold"
    keys = frozenset({"at"})

    def parse(self, reader: KeyReader, m: Any, path: str, weight: float | None) -> float:
        return reader.number(m, "at", path, 0.0) or 0.0

    def fraction(self, leaf, x: np.ndarray, observed: np.ndarray, out: np.ndarray,
                 engine: Statistics) -> None:
        np.copyto(out, (x >= leaf.params).astype(float))

    def describe(self, leaf, lang: str) -> str:
        return f"≥ {leaf.params:g}"


CRITERIA = """
name: t
criteria:
  - {id: staff, method: threshold, at: 3}
  - {id: plan, method: boolean}
"""


def test_a_method_added_to_the_registry_alone_is_checked_scored_and_described(
        monkeypatch, tmp_path):
    monkeypatch.setitem(REGISTRY, "threshold", Threshold())
    criteria = criteria_from(CRITERIA)
    staff = criteria.leaves()[0]
    assert staff.kind == Threshold() and staff.params == 3.0
    assert method_text(staff, "en") == "≥ 3"
    sheet = tmp_path / "d.csv"
    sheet.write_text("id,name,staff,plan\nA,a,5,no\nB,b,2,yes\nC,c,3,yes\n", encoding="utf-8")
    ranking, report = rank_source(str(sheet), criteria)
    assert report.valid
    assert dict(zip(ranking.units["id"], ranking.units["score"], strict=True)) == {
        "C": 2.0, "A": 1.0, "B": 1.0}
    with pytest.raises(CriteriaError, match="`scope` is not used by method `threshold`"):
        criteria_from(CRITERIA.replace("at: 3", "at: 3, scope: all"))


def test_without_the_registry_entry_the_method_is_unknown_with_the_list_of_methods():
    with pytest.raises(CriteriaError, match="`threshold` is not allowed") as error:
        criteria_from(CRITERIA)
    [unknown] = [p for p in error.value.problems if p.path == "criteria[0].method"]
    assert "linear" in str(unknown.hint)


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_every_registered_method_is_one_module_named_for_it(name):
    method = REGISTRY[name]
    assert method.name == name
    module = type(method).__module__
    assert module.startswith("ictrank.methods.")
    assert method.cell in CellKind
