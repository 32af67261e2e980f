"""`ictrank trend`: units × periods side by side, per group, in every format."""

from __future__ import annotations

import csv
import io
import json
import subprocess

import pytest
from click.testing import CliRunner

from conftest import SAMPLES, chromium_args, needs_chromium, write_panel
from ictrank.cli import cli

FILES = [str(SAMPLES / "laocai-2014.csv"), str(SAMPLES / "laocai-2015.csv")]


def run(*args: str):
    return CliRunner().invoke(cli, ["trend", *FILES, "--periods", "2014,2015", *args])


def test_trend_csv_has_each_period_side_by_side_and_the_change_over_the_series():
    result = run("--format", "csv")
    assert result.exit_code == 0, result.output
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(result.stdout))}
    assert list(rows["STP"].values()) == ["department", "STP", "Sở Tư pháp", "3", "90.30",
                                          "good", "2", "93.40", "good", "1", "3.10", ""]
    assert rows["BQLDA"]["status"] == "entered 2015" and rows["BQLDA"]["rank.2014"] == ""
    assert rows["VPDDBQH"]["status"] == "left after 2014"
    assert rows["VPDDBQH"]["rank_change"] == ""  # one period: no change to speak of


def test_trend_json_gives_every_period_of_every_unit():
    data = json.loads(run("--format", "json").stdout)
    assert data["periods"] == ["2014", "2015"]
    stp = next(u for u in data["units"] if u["id"] == "STP")
    assert stp["periods"] == {"2014": {"rank": 3, "score": 90.3, "band": "good"},
                              "2015": {"rank": 2, "score": 93.4, "band": "good"}}
    assert (stp["rank_change"], stp["score_change"]) == (1, 3.1)
    new = next(u for u in data["units"] if u["id"] == "BQLDA")
    assert new["periods"]["2014"] is None and new["first"] == "2015"


def test_trend_text_formats_are_per_group_in_the_language_asked():
    markdown = run("--format", "markdown", "--lang", "vi").stdout
    assert "## Sở, ban, ngành" in markdown and "| Hạng 2014 |" in markdown
    assert "| STP | Sở Tư pháp | 3 | 90,30 | Tốt | 2 | 93,40 | Tốt | +1 | +3,10 |  |" in markdown
    table = run("--format", "table").stdout
    assert "Ranks over time" in table and "entered 2015" in table


def test_trend_workbook_has_a_sheet_per_group_with_a_rank_chart(tmp_path):
    import openpyxl

    out = tmp_path / "trend.xlsx"
    assert run("-o", str(out)).exit_code == 0
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Provincial departments and agen", "Districts and city"]
    ws = book.worksheets[0]
    assert [c.value for c in ws[1]][:4] == ["ID", "Name", "Rank 2014", "Rank 2015"]
    assert len(ws._charts) == 1  # openpyxl keeps a sheet's charts here


def test_a_single_period_column_sheet_gives_the_same_trend(tmp_path):
    sheet, criteria = write_panel(tmp_path)
    one = CliRunner().invoke(cli, ["trend", str(sheet), "-c", str(criteria), "--format", "csv"])
    assert one.exit_code == 0, one.output
    assert one.stdout == run("--format", "csv").stdout


@needs_chromium
@pytest.mark.parametrize("window", ["1280,900", "390,844"])
def test_the_trend_page_draws_a_line_per_unit_and_clips_no_name(tmp_path, window):
    page = tmp_path / "trend.html"
    page.write_text(run("--format", "html").stdout, encoding="utf-8")
    args = chromium_args(tmp_path, window)
    dom = subprocess.run([*args, "--dump-dom", page.as_uri()], capture_output=True, text=True,
                         timeout=120, check=True).stdout
    assert 'data-lines-drawn="23" data-labels-clipped="0"' in dom  # 22 + 1 gone
    assert 'data-lines-drawn="9" data-labels-clipped="0"' in dom
    shot = tmp_path / "trend.png"
    subprocess.run([*args, f"--screenshot={shot}", page.as_uri()], capture_output=True,
                   timeout=120, check=True)
    assert shot.stat().st_size > 10_000


def test_many_periods_make_no_fragmented_frame_and_ids_meet_case_folded(tmp_path):
    import warnings

    import pandas as pd
    from click.testing import CliRunner

    from ictrank.cli import cli

    (tmp_path / "c.yaml").write_text("name: t\ncolumns: {period: year}\ncriteria:\n"
                                     "  - {id: x, method: linear, range: [0, 10]}\n",
                                     encoding="utf-8")
    rows = [f"{'u1' if year % 2 else 'U1'},One,{year},{year % 10}\nu2,Two,{year},5"
            for year in range(1900, 2040)]  # 140 periods; u1 spelt U1 every other year
    (tmp_path / "p.csv").write_text("id,name,year,x\n" + "\n".join(rows) + "\n",
                                    encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error", pd.errors.PerformanceWarning)
        result = CliRunner().invoke(cli, ["trend", str(tmp_path / "p.csv"), "-c",
                                          str(tmp_path / "c.yaml"), "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert "PerformanceWarning" not in result.output
    body = result.stdout.strip().splitlines()[1:]
    assert len(body) == 2  # u1 and U1 are one unit


def _pdf_pages(path) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(str(path)).pages]


def _drawn_lines(path) -> int:
    """Line segments drawn on the PDF's pages (the `l` operator of its content streams)."""
    import re

    from pypdf import PdfReader

    return sum(len(re.findall(r"[\d.] l\b", page.get_contents().get_data().decode("latin-1")))
               for page in PdfReader(str(path)).pages)


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_trend_to_pdf_sets_each_groups_table_and_draws_its_bump_chart(tmp_path, lang):
    out = tmp_path / "trend.pdf"
    result = CliRunner().invoke(cli, ["trend", str(SAMPLES / "laocai-2014.csv"),
                                      str(SAMPLES / "laocai-2015.csv"), "--periods",
                                      "2014,2015", "-o", str(out), "--lang", lang])
    assert result.exit_code == 0, result.output
    text = " ".join(_pdf_pages(out))
    assert ("Thứ hạng qua các kỳ" if lang == "vi" else "Ranks over time") in text
    assert ("NĂM 2014–2015" if lang == "vi" else "2014–2015") in text
    assert "Huyện Bát Xát" in text and ("94,33" if lang == "vi" else "94.33") in text
    assert _drawn_lines(out) >= 29  # a segment 2014 → 2015 for every unit ranked in both


def test_tied_units_share_one_label_in_the_bump_chart(tmp_path):
    import pandas as pd

    later = pd.read_csv(SAMPLES / "laocai-2015.csv", dtype=str, keep_default_na=False)
    values = [c for c in later.columns if c not in ("id", "name", "group")]
    later.loc[later["id"] == "SAPA", values] = later.loc[later["id"] == "BACHA",
                                                         values].to_numpy()
    later.to_csv(tmp_path / "2015.csv", index=False)
    page = CliRunner().invoke(cli, ["trend", str(SAMPLES / "laocai-2014.csv"),
                                    str(tmp_path / "2015.csv"), "--periods", "2014,2015",
                                    "--format", "html"]).stdout
    labels = [chunk.split("</text>")[0] for chunk in page.split("<text")[1:]]
    tied = [text for text in labels if "Huyện Sa Pa" in text and 'class="label"' in text]
    assert len(tied) == 1 and "Huyện Bắc Hà" in tied[0]  # one label, both names
