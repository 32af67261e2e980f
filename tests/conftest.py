from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from ictrank.criteria import Criteria, NumberFormat, load_criteria, parse_criteria
from ictrank.dataset import Dataset
from ictrank.pipeline import load_dataset
from ictrank.ranking import Ranking
from ictrank.scoring import score
from ictrank.sheets import read_csv_text
from ictrank.validate import check_sheet

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
CRITERIA = ROOT / "criteria"

# criteria with one leaf of every kind a sheet is checked for, and a sheet header for them
CHECKED_CRITERIA = """
name: t
missing: zero
groups: {dep: {match: [department, sở]}, dis: {}}
criteria:
  - {id: pct, column: pct, method: linear, range: [0, 100], bounds: [0, 100]}
  - {id: count, method: steps, integer: true, steps: [{min: 1, fraction: 1}]}
  - {id: ok, method: boolean}
  - {id: kind, method: choice, choices: {full: 1, none: 0}}
  - {id: income, method: linear, range: [1, 100], transform: log, missing: error}
  - {id: online, method: ratio, per: total}
  - {id: communes, method: boolean, applies_to: [dis]}
deductions:
  - {id: late, points_each: 1}
"""

CHECKED_HEADER = "id,name,group,pct,count,ok,kind,income,online,total,communes,late"


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


@pytest.fixture(scope="session")
def laocai_criteria() -> Criteria:
    """The bundled Lào Cai criteria set, read once for the whole run."""
    return load_criteria(CRITERIA / "laocai-2014.yaml")


@pytest.fixture(scope="session")
def laocai_data(laocai_criteria: Criteria) -> Dataset:
    dataset, _ = load_dataset(str(SAMPLES / "laocai-2014.csv"), laocai_criteria)
    return dataset


@pytest.fixture(scope="session")
def laocai_ranking(laocai_data: Dataset, laocai_criteria: Criteria) -> Ranking:
    return score(laocai_data, laocai_criteria)


@pytest.fixture
def tmp_cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path
