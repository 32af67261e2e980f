from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from conftest import SAMPLES
from ictrank.cli import cli
from ictrank.errors import IctrankError
from ictrank.explain import explain


def test_points_add_up_to_the_score_for_every_unit(laocai_ranking, laocai_data):
    assert len(laocai_ranking) == 31
    for unit in laocai_ranking.units["id"]:
        e = explain(laocai_ranking, laocai_data, unit)
        top = sum(line.points for line in e.lines if line.depth == 0)
        assert round(max(top - e.unit["deductions"], 0), 2) == e.unit["score"], unit
        for line in e.lines:
            assert line.points <= line.possible + 1e-9, (unit, line.id)


def test_points_needed_for_the_next_band_and_gains(laocai_ranking, laocai_data):
    e = explain(laocai_ranking, laocai_data, "SNN")
    assert e.unit["score"] == 83.36 and e.unit["band"] == "fair"
    assert e.next_band.id == "good" and e.points_needed == pytest.approx(1.64)
    gains = [g for _, g in e.to_gain]
    assert gains == sorted(gains, reverse=True)
    assert e.to_gain[0][0] == "online_services"


def test_top_band_has_no_next_band(laocai_ranking, laocai_data):
    assert explain(laocai_ranking, laocai_data, "VPUBND").next_band is None


def test_criterion_ranks_are_within_the_group(laocai_ranking, laocai_data):
    e = explain(laocai_ranking, laocai_data, "TPLC")
    lines = {line.id: line for line in e.lines}
    assert "commune_websites" in lines  # a district
    assert lines["internet"].rank == 1
    assert all(line.rank is None or 1 <= line.rank <= 9 for line in e.lines)


def test_unknown_unit_suggests_close_ids(laocai_ranking, laocai_data):
    with pytest.raises(IctrankError, match=r"did you mean .*SNV"):
        explain(laocai_ranking, laocai_data, "SNW")
    assert explain(laocai_ranking, laocai_data, "snv").unit["id"] == "SNV"


def test_explain_command_json_and_table():
    result = CliRunner().invoke(cli, ["explain", "SNN", str(SAMPLES / "laocai-2014.csv"),
                                      "--format", "json"])
    data = json.loads(result.stdout)
    assert data["next_band"] == {"band": "good", "points_needed": 1.64}
    top = sum(c["points"] for c in data["criteria"] if c["depth"] == 0)
    assert abs(top - 83.36) <= 6 * 0.005 + 1e-9  # six top-level criteria, each rounded
    table = CliRunner().invoke(cli, ["explain", "SNN", str(SAMPLES / "laocai-2014.csv"),
                                     "--format", "table"])
    assert "1.64 more points reach Good." in table.stdout
    missing = CliRunner().invoke(cli, ["explain", "XX", str(SAMPLES / "laocai-2014.csv")])
    assert missing.exit_code == 1 and "no unit with id 'XX'" in missing.stderr


def test_criteria_without_bands_say_so(tmp_path):
    criteria = tmp_path / "c.yaml"
    criteria.write_text("name: Bare\ncriteria:\n  - {id: a, method: linear, range: [0, 10]}\n")
    data = tmp_path / "d.csv"
    data.write_text("id,a\nx,5\ny,10\n")
    result = CliRunner().invoke(cli, ["explain", "x", str(data), "-c", str(criteria),
                                      "--format", "table"])
    assert "The criteria define no bands." in result.stdout
