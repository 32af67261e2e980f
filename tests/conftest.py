from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from ictrank.criteria import Criteria, parse_criteria
from ictrank.dataset import Dataset
from ictrank.ranking import Ranking
from ictrank.scoring import score
from ictrank.sheets import NumberFormat, read_csv_text
from ictrank.validate import check_sheet

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
CRITERIA = ROOT / "criteria"


def criteria_from(text: str) -> Criteria:
    return parse_criteria(textwrap.dedent(text), "test.yaml")


def dataset_from(criteria: Criteria, csv_text: str,
                 number_format: NumberFormat | None = None) -> Dataset:
    dataset, report = check_sheet(read_csv_text(textwrap.dedent(csv_text), "data.csv"), criteria,
                                  number_format)
    assert dataset is not None, [str(p) for p in report.errors]
    return dataset


def rank(criteria_text: str, csv_text: str) -> Ranking:
    criteria = criteria_from(criteria_text)
    return score(dataset_from(criteria, csv_text), criteria)


def by_id(ranking: Ranking, column: str = "score") -> dict[str, object]:
    return dict(zip(ranking.units["id"], ranking.units[column], strict=True))


def points_of(ranking: Ranking, unit: str) -> dict[str, float]:
    row = ranking.units.index[ranking.units["id"] == unit][0]
    return {k: float(v) for k, v in ranking.points.iloc[row].items() if v == v}


@pytest.fixture
def tmp_cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path
