"""Units that merge, split or are renamed (SPEC §7.3): `--lineage FILE`.

No published pair of DTI tables (2024 main indices of the former provinces and the
2024 values republished for the merged ones) was found in machine-readable form, so
these are hand-computed cases shaped as the 2025 mergers (Lào Cai + Yên Bái → Lào
Cai; Hà Giang + Tuyên Quang → Tuyên Quang)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from ictrank.cli import cli

CRITERIA = """name: Mini PDTI
scale: 1000
weights: points
criteria:
  - {id: a, weight: 600, method: linear, range: [0, 1]}
  - {id: b, weight: 400, method: linear, range: [0, 1]}
"""
Y2024 = ("id,name,a,b\nHG,Hà Giang,0.5,0.4\nTQ,Tuyên Quang,0.7,0.6\nLC,Lào Cai,0.8,0.9\n"
         "YB,Yên Bái,0.6,0.5\nHN,Hà Nội,0.9,0.9\nHT,Hà Tây,0.3,0.3\n")
Y2025 = "id,name,a,b\nTQ,Tuyên Quang,0.7,0.7\nlc,Lào Cai,0.8,0.8\nHN,Hà Nội,0.95,0.9\n"
LINEAGE = "old_id,new_id\nHG,TQ\nTQ,TQ\nLC,LC\nYB,LC\n"


@pytest.fixture
def files(tmp_path):
    for name, text in (("c.yaml", CRITERIA), ("2024.csv", Y2024), ("2025.csv", Y2025),
                       ("lineage.csv", LINEAGE)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def _run(*args: str):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_a_merged_unit_is_compared_with_the_mean_of_its_predecessors(files):
    result = _run("score", files / "2025.csv", "-c", files / "c.yaml", "--previous",
                  files / "2024.csv", "--lineage", files / "lineage.csv", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    units = {u["id"]: u for u in data["units"]}
    # Lào Cai 2024 recomputed: a = (0.8 + 0.6) / 2 = 0.7, b = (0.9 + 0.5) / 2 = 0.7:
    # 600 × 0.7 + 400 × 0.7 = 700; Tuyên Quang: a = 0.6, b = 0.5: 360 + 200 = 560;
    # Hà Nội 900. Ranked over this round's three units: 1 HN, 2 lc, 3 TQ.
    assert units["lc"]["previous"] == {"rank": 2, "score": 700.0, "band": None,
                                       "rank_change": 0, "score_change": 100.0,
                                       "lineage": "merged", "from": ["LC", "YB"]}
    assert units["TQ"]["previous"]["score"] == 560.0
    assert units["TQ"]["previous"]["from"] == ["HG", "TQ"]
    assert "lineage" not in units["HN"]["previous"]
    assert not any(u["new"] for u in data["units"])
    # only Hà Tây, with no successor, is gone
    assert [g["id"] for g in data["previous"]["gone"]] == ["HT"]


def test_weights_split_and_rename(files):
    (files / "2025.csv").write_text(Y2025.replace("HN,Hà Nội", "HNI,Hà Nội mới"),
                                    encoding="utf-8")
    (files / "lineage.csv").write_text(
        "old_id,new_id,weight\nLC,LC,3\nYB,LC,1\nHN,HNI,1\nHN,TQ,1\n", encoding="utf-8")
    result = _run("score", files / "2025.csv", "-c", files / "c.yaml", "--previous",
                  files / "2024.csv", "--lineage", files / "lineage.csv", "--format", "json")
    assert result.exit_code == 0, result.output
    units = {u["id"]: u["previous"] for u in json.loads(result.stdout)["units"]}
    # weighted 3:1: a = (3 × 0.8 + 0.6) / 4 = 0.75, b = (2.7 + 0.5) / 4 = 0.8: 450 + 320
    assert (units["lc"]["score"], units["lc"]["lineage"]) == (770.0, "merged")
    # Hà Nội split into HNI and TQ: each compared with Hà Nội's 900
    assert (units["HNI"]["score"], units["HNI"]["lineage"]) == (900.0, "split")
    assert (units["TQ"]["score"], units["TQ"]["lineage"], units["TQ"]["from"]) == (
        900.0, "split", ["HN"])


def test_a_renamed_unit_keeps_its_history(files):
    (files / "2025.csv").write_text(Y2025.replace("HN,Hà Nội", "HNI,Hà Nội"),
                                    encoding="utf-8")
    (files / "lineage.csv").write_text("old_id,new_id\nHN,HNI\n", encoding="utf-8")
    result = _run("score", files / "2025.csv", "-c", files / "c.yaml", "--previous",
                  files / "2024.csv", "--lineage", files / "lineage.csv", "--format", "csv")
    assert result.exit_code == 0, result.output
    row = next(line for line in result.stdout.splitlines() if line.startswith("1,HNI"))
    assert row.endswith(",900.00,30.00,,renamed,HN")


def test_an_id_of_the_lineage_in_neither_round_is_an_error_at_its_row(files):
    (files / "lineage.csv").write_text("old_id,new_id\nHG,TQ\nXX,TQ\n", encoding="utf-8")
    result = _run("score", files / "2025.csv", "-c", files / "c.yaml", "--previous",
                  files / "2024.csv", "--lineage", files / "lineage.csv")
    assert result.exit_code == 1
    assert "lineage.csv, row 3, column 'old_id': 'XX' is in neither round's data" in \
        result.stderr.replace("\n", " ")
    assert "unknown-unit" in result.stderr


def test_lineage_needs_a_previous_round(files):
    result = _run("score", files / "2025.csv", "-c", files / "c.yaml", "--lineage",
                  files / "lineage.csv")
    assert result.exit_code == 2 and "--lineage needs --previous" in result.stderr


def test_panels_and_trend_follow_the_lineage(files):
    args = [files / "2024.csv", files / "2025.csv", "-c", files / "c.yaml", "--periods",
            "2024,2025", "--lineage", files / "lineage.csv"]
    panel = _run("score", *args, "--period", "2025", "--format", "json")
    assert panel.exit_code == 0, panel.output
    lc = next(u for u in json.loads(panel.stdout)["units"] if u["id"] == "lc")
    assert lc["previous"]["lineage"] == "merged" and lc["previous"]["score"] == 700.0
    trend = _run("trend", *args, "--format", "csv", "--lang", "vi")
    assert trend.exit_code == 0, trend.output
    rows = {line.split(",")[0]: line for line in trend.stdout.splitlines()}
    # the year before the merger shows the predecessors recomputed; the change runs from it
    assert rows["lc"].startswith("lc,Lào Cai,2,700.00,,2,800.00,,0,100.00,")
    assert rows["lc"].endswith('"hợp nhất từ LC, YB vào 2025"')
    assert rows["YB"].endswith(",hợp nhất vào lc sau 2024")
    assert rows["HT"].endswith(",rời khỏi sau 2024")


def test_the_annex_names_the_merged_units(files, tmp_path):
    result = _run("score", files / "2025.csv", "-c", files / "c.yaml", "--previous",
                  files / "2024.csv", "--lineage", files / "lineage.csv", "--format",
                  "markdown", "--lang", "vi")
    assert "Hợp nhất (so sánh với trung bình của): Lào Cai (LC, YB), Tuyên Quang (HG, TQ)" \
        in result.stdout
    assert "Không còn trong xếp hạng: Hà Tây (HT)" in result.stdout
