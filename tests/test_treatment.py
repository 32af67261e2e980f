"""Outlier treatment (SPEC §7.5): statistics as pandas computes them, COINr's rule."""

from __future__ import annotations

import io
import json
import math

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from ictrank.treatment import TreatRule, kurtosis, skewness, treat_columns

values = st.floats(-1e6, 1e6, allow_nan=False) | st.just(math.nan)
columns = st.lists(values, min_size=1, max_size=30)


@settings(max_examples=200, deadline=None)
@given(st.lists(columns, min_size=1, max_size=4).map(
    lambda cols: [c + [math.nan] * (max(map(len, cols)) - len(c)) for c in cols]))
def test_skewness_and_kurtosis_are_pandas_type_2_statistics(cols):
    matrix = np.array(cols, dtype=float).T
    frame = pd.DataFrame(matrix)
    mine_skew, mine_kurt = skewness(matrix), kurtosis(matrix)
    for j in range(matrix.shape[1]):
        column = frame[j].dropna()
        # pandas before 2.2 reads a variance near 0 (its denominators under 1e-14) as none
        spread = column.size > 1 and float(column.var()) > 1e-6
        if column.size >= 3 and spread:
            assert math.isclose(mine_skew[j], column.skew(), rel_tol=1e-6, abs_tol=1e-6)
        if column.size >= 4 and spread:
            assert math.isclose(mine_kurt[j], column.kurt(), rel_tol=1e-6, abs_tol=1e-6)


def _skew_kurt(x: pd.Series) -> tuple[float, float]:
    """The type-2 statistics, written from their formulas (pandas before 2.2 zeroes them
    for a tiny variance)."""
    v = x.dropna().to_numpy()
    if len(v) < 4:
        return math.nan, math.nan
    n, d = len(v), v - v.mean()
    s2, s3, s4 = (d ** 2).sum(), (d ** 3).sum(), (d ** 4).sum()
    if n < 4 or s2 ** 2 == 0:  # no spread (or one too small to square)
        return math.nan, math.nan
    skew = math.sqrt(n) * s3 / s2 ** 1.5 * math.sqrt(n * (n - 1)) / (n - 2)
    kurt = ((n + 1) * (n * s4 / s2 ** 2 - 3) + 6) * (n - 1) / ((n - 2) * (n - 3))
    return float(skew), float(kurt)


class _Edge(Exception):
    """A statistic within rounding of its threshold: either side is a right answer."""


def _reference(column: np.ndarray, rule: TreatRule) -> tuple[np.ndarray, int, bool]:
    """The rule on one column as the format document words it, one value at a time."""
    def fails(x: pd.Series) -> bool:
        s, k = _skew_kurt(x)
        if abs(abs(s) - rule.skew) < 1e-9 or abs(k - rule.kurtosis) < 1e-9:
            raise _Edge
        return bool(abs(s) >= rule.skew and k >= rule.kurtosis)

    original = pd.Series(column)
    x = original.copy()
    if not fails(x):
        return x.to_numpy(), 0, False
    moved = 0
    touched = pd.Series(False, index=x.index)  # a value moved again counts once
    while fails(x) and moved < rule.max_points:
        present = x.dropna()
        high = _skew_kurt(present)[0] >= 0
        side = present.max() if high else present.min()
        rest = present[present != side]
        if rest.empty:
            break
        inward = rest.max() if high else rest.min()
        at = x == side
        x[at] = inward
        touched |= at
        moved = int(touched.sum())
    if fails(x):
        low, high = original.min(), original.max()
        return np.log(original - low + 0.01 * (high - low)).to_numpy(), 0, True
    return x.to_numpy(), moved, False


def test_one_outlier_is_winsorised_to_the_next_value():
    column = np.array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 500.0])
    treated = treat_columns(column[:, None], TreatRule())
    assert treated.action(0) == "winsorised" and treated.moved[0] == 1
    assert treated.values[-1, 0] == 12.0 and treated.values[:-1, 0].tolist() == list(
        range(1, 13))


def test_a_tail_too_long_to_winsorise_is_logged_from_the_original():
    column = 2.0 ** np.arange(20)
    treated = treat_columns(column[:, None], TreatRule(max_points=1))
    assert treated.action(0) == "log" and treated.moved[0] == 0
    spread = column.max() - column.min()
    assert np.allclose(treated.values[:, 0], np.log(column - column.min() + 0.01 * spread))


def test_a_column_that_passes_is_left_alone():
    column = np.array([3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0])
    treated = treat_columns(column[:, None], TreatRule())
    assert treated.action(0) == "none" and np.array_equal(treated.values[:, 0], column)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.floats(0, 1e4, allow_nan=False) | st.just(math.nan),
                         min_size=8, max_size=8), min_size=1, max_size=5),
       st.integers(1, 6), st.sampled_from([0.5, 1.0, 2.0]), st.sampled_from([0.0, 1.0, 3.5]))
def test_every_column_treated_at_once_as_the_rule_treats_it_alone(cols, points, skew, kurt):
    rule = TreatRule(max_points=points, skew=skew, kurtosis=kurt)
    matrix = np.array(cols, dtype=float).T
    treated = treat_columns(matrix, rule)
    for j in range(matrix.shape[1]):
        try:
            expected, moved, logged = _reference(matrix[:, j], rule)
        except _Edge:  # [0, 0, 0, 9] has a skewness of exactly 2 on paper
            continue
        np.testing.assert_allclose(treated.values[:, j], expected, rtol=1e-9, atol=1e-9)
        assert (int(treated.moved[j]), bool(treated.logged[j])) == (moved, logged)


def _write(tmp_path, criteria: str, rows: list[str]) -> tuple[str, str]:
    (tmp_path / "c.yaml").write_text(criteria, encoding="utf-8")
    (tmp_path / "d.csv").write_text("\n".join(["id,name,a,b", *rows]) + "\n",
                                    encoding="utf-8")
    return str(tmp_path / "d.csv"), str(tmp_path / "c.yaml")


def test_a_treated_criterion_scores_as_its_winsorised_sheet_and_json_lists_it(tmp_path):
    from click.testing import CliRunner

    from ictrank.cli import cli

    rows = [f"u{i},Unit {i},{i},{i}" for i in range(1, 13)] + ["u13,Unit 13,500,500"]
    data, criteria = _write(tmp_path, (
        "name: Treated\ntreat: {max_points: 5}\ncriteria:\n"
        "  - {id: a, weight: 1, method: minmax}\n"
        "  - {id: b, weight: 1, method: minmax, treat: none}\n"), rows)
    result = CliRunner().invoke(cli, ["score", data, "-c", criteria, "--format", "json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    [done] = out["treatment"]  # b's treatment is turned off: not listed
    assert (done["id"], done["action"], done["moved"]) == ("a", "winsorised", 1)
    assert done["skewness"] == round(pd.Series([*range(1, 13), 500]).skew(), 6)
    # a's 500 now counts as 12, the next value inward: full points, as u12's
    points = {u["id"]: u["points"] for u in out["units"]}
    assert points["u13"]["a"] == points["u12"]["a"] == 1.0
    assert points["u12"]["b"] == round(11 / 499, 2)
    # the same as scoring the sheet with 500 written as 12 in column a, untreated
    by_hand, plain = _write(tmp_path, "name: Treated\ncriteria:\n"
                            "  - {id: a, weight: 1, method: minmax}\n"
                            "  - {id: b, weight: 1, method: minmax}\n",
                            [*rows[:-1], "u13,Unit 13,12,500"])
    again = json.loads(CliRunner().invoke(cli, ["score", by_hand, "-c", plain, "--format",
                                                "json"]).stdout)
    assert [u["score"] for u in again["units"]] == [u["score"] for u in out["units"]]
    assert "treatment" not in again


def test_treat_keys_are_checked_at_their_yaml_path():
    import pytest

    from ictrank.criteria import parse_criteria
    from ictrank.errors import CriteriaError

    with pytest.raises(CriteriaError) as info:
        parse_criteria("name: t\ntreat: {max_points: -3, method: trim}\ncriteria:\n"
                       "  - {id: a, weight: 1, method: minmax, treat: 5}\n")
    where = {(p.path, p.row) for p in info.value.problems}
    assert {("treat.max_points", 2), ("treat.method", 2), ("criteria[0].treat", 4)} <= where


def test_sensitivity_perturbs_the_treated_values_the_nominal_ranking_scored(tmp_path):
    from ictrank.criteria import load_criteria
    from ictrank.pipeline import load_dataset
    from ictrank.scoring import score
    from ictrank.sensitivity import sensitivity

    rows = [f"u{i},Unit {i},{i},{13 - i}" for i in range(1, 13)] + ["u13,Unit 13,500,0"]
    data, criteria_file = _write(tmp_path, (
        "name: Treated\ntreat: {max_points: 5}\ncriteria:\n"
        "  - {id: a, weight: 1, method: minmax}\n"
        "  - {id: b, weight: 3, method: minmax}\n"), rows)
    criteria = load_criteria(criteria_file)
    dataset, _ = load_dataset(data, criteria)
    ranking = score(dataset, criteria)
    result = sensitivity(dataset, criteria, ranking, runs=5, jitter=0.0)
    # no jitter: every run is the nominal ranking, which scored the treated values
    assert result.units["median_rank"].tolist() == ranking.units["rank"].tolist()


PREPARED = """name: Prepared
missing: group-mean
impute_by: region
screen: {min_available: 0.5}
criteria:
  - {id: a, weight: 1, method: minmax, denominator: pop, scale_factor: 1000}
  - {id: b, weight: 1, method: minmax}
  - {id: c, weight: 1, method: minmax, missing: group-median}
"""
PREPARED_SHEET = """id,name,region,pop,a,b,c
u1,One,North,2000,10,1,5
u2,Two,North,4000,10,,7
u3,Three,South,1000,,3,
u4,Four,South,1000,4,5,9
u5,Five,south,0,8,,
u6,Six,North,1000,,,
"""


def test_denominators_imputation_by_column_and_screening_computed_by_hand(tmp_path):
    from click.testing import CliRunner

    from ictrank.cli import cli

    (tmp_path / "c.yaml").write_text(PREPARED, encoding="utf-8")
    (tmp_path / "d.csv").write_text(PREPARED_SHEET, encoding="utf-8")
    result = CliRunner().invoke(cli, ["score", str(tmp_path / "d.csv"), "-c",
                                      str(tmp_path / "c.yaml"), "--format", "json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    # screened before imputation: u3 has 1 value of 3 (33 %), u5 none (its population is
    # 0, so `a` is missing), u6 none; each a warning at its row
    assert [w.split(" has values")[0] for w in out["warnings"]] == [
        "unit 'u3'", "unit 'u5'", "unit 'u6'"]
    units = {u["id"]: u for u in out["units"]}
    assert sorted(units) == ["u1", "u2", "u4"]
    # a per 1,000 people: u1 10 / 2 = 5, u2 10 / 4 = 2.5, u4 4 / 1 = 4 -> min-max 1, 0, 0.6
    assert [units[u]["points"]["a"] for u in ("u1", "u2", "u4")] == [1.0, 0.0, 0.6]
    # u2's b: the mean of North's present values (u1's 1; u6's is empty) = 1 -> 0 points,
    # listed as filled in
    assert units["u2"]["points"]["b"] == 0.0 and units["u2"]["missing"] == ["b"]
    # c: u1 5, u2 7, u4 9 -> 0, 0.5, 1
    assert [units[u]["points"]["c"] for u in ("u1", "u2", "u4")] == [0.0, 0.5, 1.0]


def test_group_median_within_the_impute_by_column_and_a_group_with_no_value(tmp_path):
    from ictrank.criteria import parse_criteria
    from ictrank.pipeline import load_dataset
    from ictrank.scoring import score

    criteria_file = tmp_path / "c.yaml"
    criteria_file.write_text("name: t\nscale: 100\ncriteria:\n  - {id: x, weight: 1, "
                             "method: linear, "
                             "range: [0, 100], missing: group-median, impute_by: zone}\n",
                             encoding="utf-8")
    (tmp_path / "d.csv").write_text(
        "id,name,zone,x\na,A,z1,10\nb,B,z1,20\nc,C,z1,90\nd,D,z1,\ne,E,z2,\n",
        encoding="utf-8")
    criteria = parse_criteria(criteria_file.read_text(encoding="utf-8"), str(criteria_file))
    data, _ = load_dataset(str(tmp_path / "d.csv"), criteria)
    ranking = score(data, criteria)
    scores = dict(zip(ranking.units["id"], ranking.units["score"], strict=True))
    assert scores["d"] == 20.0  # the median of z1's 10, 20, 90 (the mean would be 40)
    assert scores["e"] == 0.0  # z2 has no value: empty, 0, and a warning
    assert [w.code.value for w in ranking.warnings] == ["nothing-to-average"]


def test_the_workbook_lists_the_treatment_and_the_values_imputed(tmp_path):
    import openpyxl
    from click.testing import CliRunner

    from ictrank.cli import cli

    (tmp_path / "c.yaml").write_text(PREPARED + "treat: {max_points: 5}\n", encoding="utf-8")
    (tmp_path / "d.csv").write_text(PREPARED_SHEET, encoding="utf-8")
    out = tmp_path / "r.xlsx"
    result = CliRunner().invoke(cli, ["score", str(tmp_path / "d.csv"), "-c",
                                      str(tmp_path / "c.yaml"), "-o", str(out), "--lang", "vi"])
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out)
    treatment = book["Xử lý số liệu"]
    assert [c.value for c in treatment["A"]][1:] == ["a", "b", "c"]
    cells = [c.value for row in book.worksheets[-2].iter_rows() for c in row]
    assert "trung bình nhóm `impute_by` của nó, trước khi tính điểm" in cells  # u2's b


def test_missing_previous_takes_the_units_latest_earlier_value(tmp_path):
    from click.testing import CliRunner

    from ictrank.cli import cli

    (tmp_path / "c.yaml").write_text(
        "name: Previous\nscale: 100\ncolumns: {period: year}\nmissing: previous\ncriteria:\n"
        "  - {id: x, weight: 1, method: linear, range: [0, 100]}\n"
        "  - {id: y, weight: 1, method: linear, range: [0, 100], missing: zero}\n",
        encoding="utf-8")
    (tmp_path / "d.csv").write_text(
        "year,id,name,x,y\n2020,a,A,40,10\n2020,b,B,,20\n2021,a,A,,30\n2021,B,B,60,\n"
        "2022,a,A,,50\n2022,b,B,,\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["score", str(tmp_path / "d.csv"), "-c",
                                      str(tmp_path / "c.yaml"), "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = {(r["period"], r["id"].lower()): r for r in
            pd.read_csv(io.StringIO(result.stdout), dtype=str).to_dict("records")}
    # a's x of 2020 (40: 20 points) carries to 2021 and 2022, listed as filled in
    assert [rows[(p, "a")]["points.x"] for p in ("2020", "2021", "2022")] == ["20.00"] * 3
    assert rows[("2021", "a")]["missing"] == "x"
    # b has no x before 2021: 0 in 2020; its 60 of 2021 (written B) carries to 2022
    assert rows[("2020", "b")]["points.x"] == "0.00"
    assert rows[("2022", "b")]["points.x"] == "30.00"
    # y is `zero`: B's empty y of 2021 is 0, not 2020's 20
    assert rows[("2021", "b")]["points.y"] == "0.00"


def test_criteria_show_says_what_is_done_before_scoring(tmp_path):
    from click.testing import CliRunner

    from ictrank.cli import cli

    (tmp_path / "c.yaml").write_text(PREPARED + "treat: {max_points: 3, skew: 2.5}\n",
                                     encoding="utf-8")
    runner = CliRunner(env={"COLUMNS": "300"})
    english = runner.invoke(cli, ["criteria", "show", str(tmp_path / "c.yaml")]).stdout
    assert "per pop × 1000, empty: the mean over region" in english
    assert "empty: the median over region" in english
    assert "outliers winsorised (at most 3) while |skewness| ≥ 2.5 and kurtosis ≥ 3.5" in english
    vietnamese = runner.invoke(cli, ["criteria", "show", str(tmp_path / "c.yaml"), "--lang",
                                     "vi"]).stdout
    assert "khi |độ lệch| ≥ 2,5 và độ nhọn ≥ 3,5" in vietnamese


def test_every_human_format_says_which_outliers_were_treated():
    from click.testing import CliRunner

    from conftest import SAMPLES
    from ictrank.cli import cli

    args = ["score", str(SAMPLES / "coinr-asem.csv"), "-c", "coinr-asem"]
    for fmt in ("table", "markdown", "html"):
        out = CliRunner(env={"COLUMNS": "300"}).invoke(cli, [*args, "--format", fmt]).stdout
        assert "Outliers treated before scoring: International flights passenger capacity " \
               "(1 value(s) winsorised), Border crossings (3 value(s) winsorised)" in out, fmt
    vi = CliRunner(env={"COLUMNS": "300"}).invoke(cli, [*args, "--format", "markdown",
                                                        "--lang", "vi"]).stdout
    assert "Ngoại lai đã xử lý trước khi tính điểm: International flights passenger " \
           "capacity (cắt 1 giá trị)" in vi
