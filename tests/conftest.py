from __future__ import annotations

import io
import shutil
import tempfile
import textwrap
import zipfile
from pathlib import Path

import pytest

from ictrank.criteria import Criteria, NumberFormat, load_criteria, parse_criteria
from ictrank.dataset import Dataset
from ictrank.pipeline import load_dataset
from ictrank.ranking import Ranking
from ictrank.read.text import read_csv_text
from ictrank.scoring import score
from ictrank.sheet_checks import check_sheet

ROOT = Path(__file__).resolve().parent.parent


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--regen-samples", action="store_true",
                     help="write tests/sample_outputs/ anew from the current code "
                          "(test_sample_outputs.py), for a change meant to alter an output")

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


def ods_bytes(rows: list[list[object]], sheet: str = "Sheet1",
              repeats: dict[int, int] | None = None) -> bytes:
    """A minimal OpenDocument spreadsheet as LibreOffice writes one: numbers typed as
    float, a `(value, "%")` pair typed as percentage, and a run of repeated empty rows;
    `repeats`: row index -> how many times that row is repeated (number-rows-repeated)."""
    from xml.sax.saxutils import escape

    def cell(value: object) -> str:
        if isinstance(value, tuple):
            return (f'<table:table-cell office:value-type="percentage" '
                    f'office:value="{value[0]}"><text:p>{value[0] * 100:g}%</text:p>'
                    "</table:table-cell>")
        if isinstance(value, (int, float)):
            return (f'<table:table-cell office:value-type="float" office:value="{value}">'
                    f"<text:p>{value}</text:p></table:table-cell>")
        if value in ("", None):
            return '<table:table-cell table:number-columns-repeated="2"/>'
        return (f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}'
                "</text:p></table:table-cell>")

    repeats = repeats or {}
    body = "".join((f'<table:table-row table:number-rows-repeated="{repeats[i]}">'
                    if i in repeats else "<table:table-row>")
                   + "".join(map(cell, row)) + "</table:table-row>"
                   for i, row in enumerate(rows))
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="{sheet}">{body}'
        '<table:table-row table:number-rows-repeated="1048000"><table:table-cell/>'
        "</table:table-row></table:table></office:spreadsheet></office:body>"
        "</office:document-content>")
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"),
                         "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def write_panel(tmp_path):
    """The two Lào Cai samples as one sheet with a year column, and criteria reading it."""
    import pandas as pd

    frames = [pd.read_csv(SAMPLES / f"laocai-{y}.csv", dtype=str, keep_default_na=False)
              .assign(year=str(y)) for y in (2015, 2014)]
    pd.concat(frames).to_csv(tmp_path / "panel.csv", index=False)
    text = (SAMPLES.parent / "criteria" / "laocai-2014.yaml").read_text("utf-8").replace(
        "columns: {id: id, name: name, group: group}",
        "columns: {id: id, name: name, group: group, period: year}")
    (tmp_path / "panel.yaml").write_text(text, encoding="utf-8")
    return tmp_path / "panel.csv", tmp_path / "panel.yaml"


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed "
                                    "(Debian package `chromium`; .ci/run installs it)")


def chromium_args(tmp_path: Path, window: str) -> list[str]:
    """Headless Chromium with a profile of its own, at a window size such as "390,844"."""
    profile = tempfile.mkdtemp(dir=tmp_path)
    return [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", f"--user-data-dir={profile}", f"--window-size={window}"]
