"""`ictrank audit`: every figure against an independent computation with numpy."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from conftest import CRITERIA, SAMPLES
from ictrank.audits import audit
from ictrank.cli import cli
from ictrank.criteria import load_criteria, parse_criteria
from ictrank.pipeline import load_dataset
from ictrank.scoring import score


@pytest.fixture(scope="module")
def asem():
    criteria = load_criteria(str(CRITERIA / "coinr-asem.yaml"))
    data, _ = load_dataset(str(SAMPLES / "coinr-asem.csv"), criteria)
    ranking = score(data, criteria)
    return criteria, data, ranking, audit(data, criteria, ranking)


def _children(ranking, ids):
    return np.column_stack([100 * ranking.arrays.row(i) for i in ids])


def test_cronbach_alpha_and_the_first_component_equal_numpy_on_every_branch(asem):
    _, _, ranking, result = asem
    for branch in result.branches:
        if not branch.id:
            continue
        x = _children(ranking, branch.children)
        x = x[np.isfinite(x).all(axis=1)]
        k = x.shape[1]
        items = sum(np.var(x[:, j], ddof=1) for j in range(k))
        alpha = k / (k - 1) * (1 - items / np.var(x.sum(axis=1), ddof=1))
        assert branch.alpha == pytest.approx(alpha, abs=1e-12)
        z = (x - x.mean(axis=0)) / x.std(axis=0, ddof=1)
        singular = np.linalg.svd(z, compute_uv=False)
        assert branch.pc1_share == pytest.approx(singular[0] ** 2 / (singular ** 2).sum(),
                                                 abs=1e-12)
        assert branch.n == len(x)


def test_correlations_equal_numpy_within_branches_with_the_parent_and_the_score(asem):
    _, _, ranking, result = asem
    score_sheet = np.empty(len(ranking))
    score_sheet[ranking.order] = ranking.units["score"].to_numpy(dtype=float)
    for branch in result.branches:
        x = _children(ranking, branch.children)
        for i in range(len(branch.children)):
            for j in range(len(branch.children)):
                both = np.isfinite(x[:, i]) & np.isfinite(x[:, j])
                if i != j and both.sum() > 2 and x[both, i].std() and x[both, j].std():
                    expected = np.corrcoef(x[both, i], x[both, j])[0, 1]
                    assert branch.pearson[i][j] == pytest.approx(expected, abs=1e-12)
                    ranks = pd.DataFrame(x[both][:, [i, j]]).rank().to_numpy()
                    assert branch.spearman[i][j] == pytest.approx(
                        np.corrcoef(ranks[:, 0], ranks[:, 1])[0, 1], abs=1e-12)
    for row in result.criteria_rows:
        own = 100 * ranking.arrays.row(row.id)
        parent = score_sheet if row.parent is None else 100 * ranking.arrays.row(row.parent)
        assert row.r_parent == pytest.approx(np.corrcoef(own, parent)[0, 1], abs=1e-12)
        assert row.r_score == pytest.approx(np.corrcoef(own, score_sheet)[0, 1], abs=1e-12)
        assert row.n == 51


def test_leaving_a_criterion_out_moves_the_ranks_it_decides(tmp_path):
    criteria = parse_criteria("name: t\nscale: 100\ncriteria:\n"
                              "  - {id: a, weight: 1, method: linear, range: [0, 10]}\n"
                              "  - {id: b, weight: 1, method: linear, range: [0, 10]}\n"
                              "  - {id: c, weight: 1, method: linear, range: [0, 10]}\n")
    (tmp_path / "d.csv").write_text("id,name,a,b,c\nu1,U1,10,0,5\nu2,U2,0,9,5\nu3,U3,4,4,5\n",
                                    encoding="utf-8")
    data, _ = load_dataset(str(tmp_path / "d.csv"), criteria)
    ranking = score(data, criteria)  # 50.00, 46.67, 43.33: u1, u2, u3
    shifts = {row.id: row.loo_shift for row in audit(data, criteria, ranking).criteria_rows}
    # without a: u2 (9 + 5), u3 (4 + 5), u1 (0 + 5): ranks 3, 1, 2 against 1, 2, 3
    assert shifts["a"] == pytest.approx((2 + 1 + 1) / 3)
    # without b: u1 15, u3 9, u2 5: ranks 1, 3, 2 against 1, 2, 3
    assert shifts["b"] == pytest.approx((0 + 1 + 1) / 3)
    assert shifts["c"] == 0.0  # the same for everyone: it decides nothing


def test_audit_json_holds_the_keys_the_format_names_and_flags(tmp_path):
    result = CliRunner().invoke(cli, ["audit", str(SAMPLES / "laocai-2014.csv"), "--format",
                                      "json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    first = out["criteria"][1]
    assert {"id", "available", "skewness", "kurtosis", "treatment", "r_parent", "r_score",
            "loo_shift"} <= set(first)
    assert {"id", "alpha", "pc1_share"} <= set(out["branches"][0])
    internet = next(c for c in out["criteria"] if c["id"] == "internet")
    assert "outliers" in internet["flags"]  # |skewness| 5.57, kurtosis 31.00
    security = next(b for b in out["branches"] if b["id"] == "security")
    assert security["alpha"] < 0.7 and "low-alpha" in security["flags"]
    assert len(out["units"]) == 31


def test_the_audit_table_speaks_vietnamese():
    result = CliRunner().invoke(cli, ["audit", str(SAMPLES / "laocai-2014.csv"), "--format",
                                      "table", "--lang", "vi"])
    assert result.exit_code == 0, result.output
    assert "Kiểm định thống kê" in result.stdout and "α dưới 0,7" in result.stdout
    assert "0,93" in result.stdout  # numbers with a decimal comma


def test_audit_workbook_has_a_sheet_per_section_and_a_coloured_heatmap(tmp_path):
    import openpyxl

    out = tmp_path / "audit.xlsx"
    result = CliRunner().invoke(cli, ["audit", str(SAMPLES / "coinr-asem.csv"), "-c",
                                      "coinr-asem", "-o", str(out)])
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Criterion", "Branch", "Units"]
    branches = book["Branch"]
    alphas = {row[0].value: row[1].value for row in branches.iter_rows(min_row=2, max_row=12)}
    data = json.loads(CliRunner().invoke(cli, ["audit", str(SAMPLES / "coinr-asem.csv"),
                                               "-c", "coinr-asem", "--format",
                                               "json"]).stdout)
    for branch in data["branches"]:
        assert round(alphas[branch["id"] or "Score"], 4) == branch["alpha"]
    scales = [rule.type for rules in branches.conditional_formatting for rule in rules.rules]
    assert scales.count("colorScale") == len(data["branches"])


def test_audit_page_draws_the_heatmap_and_the_availability_chart():
    from html.parser import HTMLParser

    result = CliRunner().invoke(cli, ["audit", str(SAMPLES / "laocai-2014.csv"), "--format",
                                      "html", "--lang", "vi"])
    assert result.exit_code == 0, result.output
    page = result.stdout
    HTMLParser().feed(page)
    assert 'class="availability"' in page and "Số liệu" in page
    assert "background:#63BE7B" in page  # a correlation of 1 on the diagonal: full green
    assert "1,00" in page  # numbers with a decimal comma


def test_a_panel_is_audited_period_by_period_as_each_period_alone(tmp_path):
    from conftest import write_panel

    sheet, criteria = write_panel(tmp_path)
    runner = CliRunner()
    panel = runner.invoke(cli, ["audit", str(sheet), "-c", str(criteria), "--format", "json"])
    assert panel.exit_code == 0, panel.output
    periods = json.loads(panel.stdout)["periods"]
    assert [p["period"] for p in periods] == ["2014", "2015"]
    for part in periods:
        alone = runner.invoke(cli, ["audit", str(sheet), "-c", str(criteria), "--format",
                                    "json", "--period", part["period"]])
        assert {k: v for k, v in part.items() if k != "period"} == json.loads(alone.stdout)


def test_a_treated_criterion_shows_the_statistics_that_made_it_treated(asem):
    _, _, ranking, result = asem
    before = {t.id: t for t in ranking.treatment}
    for row in result.criteria_rows:
        if row.treatment != "none":
            assert row.skewness == before[row.id].skewness
            assert abs(row.skewness) >= 2 and row.kurtosis >= 3.5
            assert "outliers" in row.flags
