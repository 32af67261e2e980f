"""Views (SPEC §7.2): aggregates ranked beside the score without changing it."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from ictrank.cli import cli
from ictrank.criteria import parse_criteria
from ictrank.errors import CriteriaError

MINI_DTI = """name: Mini DTI
scale: 1000
weights: points
groups:
  p: {title: Provinces, match: [p]}
  q: {title: Cities, match: [q]}
views:
  - {id: gov, title: Digital government, title_vi: Chính quyền số, of: [awareness, gov_ops]}
  - {id: eco, title: Digital economy, title_vi: Kinh tế số, of: [awareness, eco_ops],
     weights: {awareness: 1, eco_ops: 3}}
  - {id: both, title: Activity points, of: [gov_ops, eco_ops], sum: points}
criteria:
  - {id: awareness, weight: 400, method: linear, range: [0, 1]}
  - {id: gov_ops, weight: 300, method: linear, range: [0, 1]}
  - {id: eco_ops, weight: 300, method: linear, range: [0, 1]}
"""
SHEET = """id,group,awareness,gov_ops,eco_ops
A,p,0.8,0.5,0.9
B,p,0.6,0.9,0.5
C,p,0.7,0.7,0.7
D,q,0.5,0.5,0.5
"""


def _score(tmp_path, fmt: str, *extra: str) -> str:
    (tmp_path / "c.yaml").write_text(MINI_DTI, encoding="utf-8")
    (tmp_path / "d.csv").write_text(SHEET, encoding="utf-8")
    result = CliRunner().invoke(cli, ["score", str(tmp_path / "d.csv"), "-c",
                                      str(tmp_path / "c.yaml"), "--format", fmt, *extra])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_views_are_weighted_means_of_fractions_ranked_within_the_group(tmp_path):
    units = {u["id"]: u for u in json.loads(_score(tmp_path, "json"))["units"]}
    # gov: the criteria's own weights, 400 and 300: A (320 + 150) / 700 × 100 = 67.142…
    assert units["A"]["views"]["gov"] == {"value": 67.14, "rank": 3}
    assert units["B"]["views"]["gov"] == {"value": 72.86, "rank": 1}  # (240 + 270) / 7
    assert units["C"]["views"]["gov"] == {"value": 70.0, "rank": 2}
    # eco: the view's weights 1 and 3: A (0.8 + 2.7) / 4 × 100 = 87.5
    assert units["A"]["views"]["eco"] == {"value": 87.5, "rank": 1}
    assert units["B"]["views"]["eco"] == {"value": 52.5, "rank": 3}
    # both: the sum of points, 150 + 270 = 420 for A, a tie with B and C
    assert [units[u]["views"]["both"] for u in "ABC"] == [{"value": 420.0, "rank": 1}] * 3
    # D is alone in its group: first in every view; the score is untouched by views
    assert units["D"]["views"]["gov"] == {"value": 50.0, "rank": 1}
    assert units["A"]["score"] == 740.0


def test_every_format_has_a_column_per_view(tmp_path):
    header = _score(tmp_path, "csv").splitlines()[0]
    assert ",view.gov,view_rank.gov,view.eco,view_rank.eco,view.both,view_rank.both," in header
    table = _score(tmp_path, "markdown", "--lang", "vi")
    assert "Chính quyền số (điểm, hạng)" in table and "67,14 (3)" in table
    html = _score(tmp_path, "html")
    assert "Digital economy (score, rank)" in html and "87.50 (1)" in html
    import openpyxl
    from pypdf import PdfReader

    for ext in ("xlsx", "pdf"):
        path = tmp_path / f"r.{ext}"
        result = CliRunner().invoke(cli, ["score", str(tmp_path / "d.csv"), "-c",
                                          str(tmp_path / "c.yaml"), "-o", str(path)])
        assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(tmp_path / "r.xlsx")
    rows = [r for ws in book.worksheets for r in ws.iter_rows(values_only=True)]
    header_row = next(r for r in rows if "Digital government" in r)
    a_row = next(r for r in rows if "A" in r)
    k = header_row.index("Digital government")
    assert a_row[k:k + 2] == (67.14, 3)
    text = "".join(p.extract_text() for p in PdfReader(str(tmp_path / "r.pdf")).pages)
    assert "67.14 (3)" in text


@pytest.mark.parametrize(("views", "expected"), [
    ("[{id: v, of: [nothere]}]", "views[0].of: `nothere` is not a criterion of this file"),
    ("[{id: v, of: [a, a]}]", "views[0].of: a view names a criterion twice"),
    ("[{id: v, of: [a, b], weights: {a: 1}}]", "views[0].weights: no weight for b"),
    ("[{id: v, of: [a], weights: {a: 1, b: 2}}]",
     "views[0].weights.b: `b` has a weight but is not in the view's `of`"),
    ("[{id: a, of: [b]}]", "views[0].id: duplicate id `a`"),
    ("[{id: v}]", "views[0]: `of` is required"),
])
def test_a_view_that_names_what_is_not_there_is_an_error_at_its_path(views, expected):
    text = ("name: t\ncriteria:\n  - {id: a, method: boolean}\n  - {id: b, method: boolean}\n"
            f"views: {views}\n")
    with pytest.raises(CriteriaError) as caught:
        parse_criteria(text, "c.yaml")
    assert any(expected in p.line() for p in caught.value.problems), [
        p.line() for p in caught.value.problems]
