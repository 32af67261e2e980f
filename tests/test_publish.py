"""Publishing formats: XLSX workbook, HTML page, year-on-year comparison, Vietnamese labels."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import json
import re
import subprocess
import time
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from conftest import CRITERIA, SAMPLES, chromium_args, needs_chromium, rank
from ictrank.cli import cli
from ictrank.comparison import compare
from ictrank.criteria import load_criteria
from ictrank.pipeline import rank_source
from ictrank.render.html_out import render_html
from ictrank.render.json_out import ranking_dict
from ictrank.render.xlsx_out import render_xlsx

DAY = dt.date(2015, 3, 1)
DRAWING = "http://schemas.openxmlformats.org/drawingml/2006/chart"


@functools.cache
def laocai(year: int = 2014):
    """The ranking of a Lào Cai sample, made once per run (rankings are immutable)."""
    ranking, _ = rank_source(str(SAMPLES / f"laocai-{year}.csv"),
                             load_criteria(CRITERIA / "laocai-2014.yaml"))
    return ranking


def with_previous():
    return compare(laocai(2015), laocai(2014), "laocai-2014.csv")


def book_of(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def test_workbook_values_equal_the_json():
    ranking = with_previous()
    book = book_of(render_xlsx(ranking, "en", DAY))
    units = {u["id"]: u for u in ranking_dict(ranking)["units"]}
    assert book.sheetnames == ["Summary", "Provincial departments and agen",
                               "Districts and city", "Criteria", "Details", "Warnings"]
    seen = 0
    for name in book.sheetnames[1:3]:
        ws = book[name]
        header = [c.value for c in ws[1]]
        for row in ws.iter_rows(min_row=2, values_only=True):
            record = dict(zip(header, row, strict=True))
            unit = units[record["ID"]]
            assert record["Rank"] == unit["rank"]
            assert record["Score"] == unit["score"]
            assert record["Percent"] == unit["percent"]
            assert record["Band"] == {"good": "Good", "fair": "Fair", "average": "Average"}[
                unit["band"]]
            assert record["Technical infrastructure"] == unit["points"]["infrastructure"]
            if unit["previous"]:
                assert record["Previous rank"] == unit["previous"]["rank"]
                assert record["Rank change"] == unit["previous"]["rank_change"]
            else:
                assert record["Rank change"] == "new"
            seen += 1
    assert seen == 31


def test_group_sheets_are_ready_to_hand_over():
    ws = book_of(render_xlsx(laocai(), "en", DAY))["Districts and city"]
    assert ws.freeze_panes == "D2"
    assert ws.auto_filter.ref.startswith("A1:") and ws.auto_filter.ref.endswith("10")
    assert ws["D2"].number_format == "0.00"
    assert ws["F2"].fill.fgColor.rgb.endswith("1B5E20")  # good, in its colour
    assert ws.column_dimensions["C"].width > 10
    header = [c.value for c in ws[1]]
    assert "Technical infrastructure — rank" in header


def test_summary_sheet_has_counts_and_provenance():
    ws = book_of(render_xlsx(laocai(), "en", DAY, "laocai-2014.yaml"))["Summary"]
    cells = {row[0]: row[1:] for row in ws.iter_rows(values_only=True) if row[0]}
    assert cells["Criteria file"][0] == "laocai-2014.yaml"
    assert cells["Criteria SHA-256"][0] == laocai().criteria.sha256
    assert cells["Made on"][0] == "2015-03-01"
    assert cells["All units"][:7] == (31, 9, pytest.approx(9 / 31), 12, pytest.approx(12 / 31),
                                      10, pytest.approx(10 / 31))


def test_no_cell_holds_a_formula_even_for_hostile_names():
    ranking = rank("""
    name: t
    criteria:
      - {id: x, method: linear, range: [0, 10]}
    """, 'id,name,x\n=1+1,"=HYPERLINK(""http://x"",""y"")",5\n@a,+b,3\n-c,\tt,1\n')
    book = book_of(render_xlsx(ranking, "en", DAY))
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
    names = [r[2] for r in book["Ranking"].iter_rows(min_row=2, values_only=True)]
    assert names[0] == '=HYPERLINK("http://x","y")'


def test_workbook_bytes_are_deterministic_for_a_day():
    first = render_xlsx(laocai(), "vi", DAY)
    time.sleep(1.1)  # a zip entry or a document property dated by the clock would differ
    assert render_xlsx(laocai(), "vi", DAY) == first
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        core = archive.read("docProps/core.xml").decode()
    assert "2015-03-01T00:00:00Z" in core


def test_vietnamese_workbook():
    book = book_of(render_xlsx(laocai(), "vi", DAY))
    assert book.sheetnames[:3] == ["Tổng hợp", "Sở, ban, ngành", "Huyện, thành phố"]
    header = [c.value for c in book["Sở, ban, ngành"][1]]
    assert header[:6] == ["Hạng", "Mã", "Tên đơn vị", "Điểm", "Tỷ lệ (%)", "Xếp loại"]
    assert book["Sở, ban, ngành"]["F2"].value == "Tốt"


def test_html_is_self_contained_with_a_table_per_group_and_a_chart():
    page = render_html(with_previous(), "vi", DAY)
    assert not re.search(r'(src|href)\s*=\s*"(https?:)?//', page)
    assert "<link" not in page and "@import" not in page
    assert page.count('<table class="ranking">') == 2
    assert page.count("<tbody>") == 2
    assert len(re.findall(r"<tr><td", page)) == 31
    assert page.count('class="bar"') == 31
    assert '<html lang="vi">' in page and "Không còn trong xếp hạng" in page
    assert "Sở Nội vụ" in page


def test_html_escapes_hostile_text():
    ranking = rank("name: t\ncriteria:\n  - {id: x, method: boolean}\n",
                   'id,name,x\na,"<script>alert(1)</script>",1\n')
    page = render_html(ranking)
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page


def _render_in_chromium(tmp_path, page_text: str, window: str) -> tuple[str, object]:
    """The page's DOM after its script ran, and its screenshot (a Pillow image), at `window`."""
    from PIL import Image

    page = tmp_path / f"ranking-{window.replace(',', 'x')}-{len(list(tmp_path.iterdir()))}.html"
    page.write_text(page_text, encoding="utf-8")
    args = [*chromium_args(tmp_path, window), "--hide-scrollbars"]
    dom = subprocess.run([*args, "--dump-dom", page.as_uri()], capture_output=True, text=True,
                         timeout=120, check=True).stdout
    shot = tmp_path / f"shot-{window.replace(',', 'x')}.png"
    subprocess.run([*args, f"--screenshot={shot}", page.as_uri()], capture_output=True,
                   timeout=120, check=True)
    return dom, Image.open(shot).convert("RGB")


SCROLL_RIGHT = ("<script>document.querySelectorAll('.scroll').forEach(function (box) "
                "{ box.scrollLeft = box.scrollWidth; });</script></body>")


def _same_when_scrolled(tmp_path, page_text: str, window: str) -> bool:
    """The screenshot of the page, and of the page with every table scrolled to its right
    end, are the same picture: no column is hidden past the edge of its box."""
    import numpy as np

    _, shot = _render_in_chromium(tmp_path, page_text, window)
    _, scrolled = _render_in_chromium(tmp_path, page_text.replace("</body>", SCROLL_RIGHT),
                                      window)
    return bool(np.array_equal(np.asarray(shot), np.asarray(scrolled)))


@needs_chromium
@pytest.mark.parametrize("window", ["390,3000", "1280,2600"])
def test_html_renders_in_headless_chromium_with_nothing_cut_off(tmp_path, window):
    """At a phone's width each unit is a card (rank, name, score and band at its top); at
    1280 px the whole table, year-on-year columns and six criteria, fits with no column
    hidden. The page counts cells and chart labels outside the window, and its screenshot
    is the same with every table scrolled to its right end."""
    dom, shot = _render_in_chromium(tmp_path, render_html(with_previous(), "vi", DAY), window)
    assert 'data-rows="31"' in dom
    assert 'data-bars-drawn="31"' in dom
    assert 'data-labels-clipped="0"' in dom  # every unit named in full in the chart
    assert 'data-cells-cut="0"' in dom  # no column off the page or scrolled out of view
    assert 'data-key-cells-hidden="0"' in dom  # rank, name, score, band of every unit shown
    assert ">Sở Nông nghiệp và Phát triển nông thôn</text>" in dom
    assert shot.size[0] == int(window.split(",")[0])
    # two Chromium runs can paint a frame apart on a loaded machine: a column really cut
    # off differs every time (the next test proves the check sees it), so three tries
    page = render_html(with_previous(), "vi", DAY)
    assert any(_same_when_scrolled(tmp_path, page, window) for _ in range(3))


@needs_chromium
def test_the_chromium_check_fails_when_a_column_is_cut_off(tmp_path):
    page = render_html(with_previous(), "vi", DAY).replace(
        "</style>", "td.name { min-width: 1400px; }</style>")
    dom, _ = _render_in_chromium(tmp_path, page, "1280,1600")
    assert 'data-cells-cut="0"' not in dom
    assert not _same_when_scrolled(tmp_path, page, "1280,1600")


def test_year_on_year_in_every_format(tmp_path):
    runner = CliRunner()
    base = ["score", str(SAMPLES / "laocai-2015.csv"), "--previous",
            str(SAMPLES / "laocai-2014.csv"), "--year", "2015"]
    data = json.loads(runner.invoke(cli, [*base, "--format", "json"]).stdout)
    assert data["index"]["year"] == 2015
    new = [u["id"] for u in data["units"] if u["new"]]
    assert new == ["BQLDA"]
    assert [g["id"] for g in data["previous"]["gone"]] == ["VPDDBQH"]
    stp = next(u for u in data["units"] if u["id"] == "STP")
    assert stp["previous"] == {"rank": 3, "score": 90.3, "band": "good", "rank_change": 1,
                               "score_change": 3.1}
    rows = list(csv.DictReader(io.StringIO(runner.invoke(cli, [*base, "--format", "csv"])
                                           .stdout)))
    by_id = {r["id"]: r for r in rows}
    assert by_id["STP"]["rank_change"] == "1" and by_id["STP"]["previous_rank"] == "3"
    assert by_id["BQLDA"]["status"] == "new" and by_id["VPDDBQH"]["status"] == "gone"
    markdown = runner.invoke(cli, [*base, "--format", "markdown"]).stdout
    assert ("| 2 | STP | Sở Tư pháp | 93.40 | 93.40 | Good | 3 | ▲ 1 | 90.30 | +3.10 | Good |"
            in markdown)
    assert "| 3 | SNV | Sở Nội vụ | 91.49 | 91.49 | Good | 2 | ▼ 1 | 92.40 | −0.91 | Good |" in (
        markdown)
    assert "No longer ranked: Văn phòng Đoàn ĐBQH và HĐND tỉnh (VPDDBQH)" in markdown
    table = runner.invoke(cli, [*base, "--format", "table"]).stdout
    assert "▲ 1" in table and "+3.10" in table and "No longer ranked" in table
    html = runner.invoke(cli, [*base, "--format", "html"]).stdout
    assert "Previous rank" in html and "Previous score" in html and "Previous band" in html
    assert '<td class="num up" data-key="rank_change" data-label="Rank change" data-sort="1">▲ 1</td>' in html
    out = tmp_path / "r.xlsx"
    assert runner.invoke(cli, [*base, "-o", str(out)]).exit_code == 0
    assert "Previous rank" in [c.value for c in book_of(out.read_bytes()).worksheets[1][1]]


def test_previous_scored_with_its_own_criteria(tmp_path):
    old = tmp_path / "old.yaml"
    old.write_text((CRITERIA / "laocai-2014.yaml").read_text(encoding="utf-8")
                   .replace("- {id: good, title: Good, title_vi: \"Tốt\", min: 85}",
                            "- {id: good, title: Good, title_vi: \"Tốt\", min: 95}"),
                   encoding="utf-8")
    result = CliRunner().invoke(cli, ["score", str(SAMPLES / "laocai-2015.csv"), "--previous",
                                      str(SAMPLES / "laocai-2014.csv"), "--previous-criteria",
                                      str(old), "--format", "json"])
    units = {u["id"]: u for u in json.loads(result.stdout)["units"]}
    assert units["SNV"]["previous"]["band"] == "fair"  # 92.40 was good under the 85 bar


def test_csv_file_output_has_a_bom_and_vietnamese(tmp_path):
    out = tmp_path / "r.csv"
    result = CliRunner().invoke(cli, ["score", str(SAMPLES / "laocai-2014.csv"), "-o", str(out)])
    assert result.exit_code == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and "Sở Nội vụ".encode() in raw


def test_lang_defaults_to_the_criteria_file(tmp_path):
    text = (CRITERIA / "laocai-2014.yaml").read_text(encoding="utf-8").replace("lang: en",
                                                                                "lang: vi")
    path = Path(tmp_path / "vi.yaml")
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["score", str(SAMPLES / "laocai-2014.csv"), "-c",
                                      str(path), "--format", "markdown"])
    assert "| Hạng | Mã | Tên đơn vị |" in result.stdout
    assert "9 trên 31 Tốt (29%)" in result.stdout


def test_group_sheets_print_on_a4_with_the_top_level_criteria_and_the_header_repeated():
    ranking = with_previous()
    book = book_of(render_xlsx(ranking, "vi", DAY))
    ws = book["Sở, ban, ngành"]
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert ws.page_setup.orientation == "landscape"
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert (ws.page_setup.fitToWidth or 1, ws.page_setup.fitToHeight) == (1, 0)  # 1: the default
    assert ws.print_title_rows == "$1:$1"
    header = [c.value for c in ws[1]]
    # printed: rank .. band, the five year-on-year columns, the six criteria's points and
    # the deductions; the six ranks per criterion come after the printed page
    printed = ws.print_area[0] if isinstance(ws.print_area, list) else ws.print_area
    last_column = re.match(r"'?[^!]*'?!\$A\$1:\$([A-Z]+)\$\d+", printed).group(1)
    width = openpyxl.utils.column_index_from_string(last_column)
    assert width == 6 + 5 + 6 + 1
    assert header[width - 2:width] == ["An toàn, an ninh thông tin", "Điểm trừ"]
    assert all(h.endswith("— hạng") for h in header[width:])
    assert len(header) == width + 6
    details = book["Chi tiết"]  # every criterion's points, on a sheet of their own
    assert "Tỷ lệ máy tính trên cán bộ, công chức" in [c.value for c in details[1]]


def chart_parts(data: bytes) -> list[ET.Element]:
    """The charts of a workbook, as their XML parts."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [ET.fromstring(archive.read(name)) for name in sorted(archive.namelist())
                if name.startswith("xl/charts/chart")]


def test_the_workbook_chart_names_units_by_name_and_colours_bars_by_band():
    charts = chart_parts(render_xlsx(laocai(), "en", DAY))
    assert len(charts) == 2  # one per group
    districts = charts[1]
    categories = [f.text for f in districts.iter(f"{{{DRAWING}}}f")]
    assert "'Districts and city'!$C$2:$C$10" in categories
    assert "'Districts and city'!$D$2:$D$10" in categories
    colours = {c.get("val") for point in districts.iter(f"{{{DRAWING}}}dPt")
               for c in point.iter("{http://schemas.openxmlformats.org/drawingml/2006/main}srgbClr")}
    assert colours <= {b.color.lstrip("#").upper() for b in laocai().criteria.all_bands()}
    assert len(list(districts.iter(f"{{{DRAWING}}}dPt"))) == 9


def test_the_workbook_marks_rises_and_falls_with_arrows_and_colour():
    book = book_of(render_xlsx(with_previous(), "vi", DAY))
    ws = book["Sở, ban, ngành"]
    header = [c.value for c in ws[1]]
    change = header.index("Thay đổi hạng") + 1
    score_change = header.index("Thay đổi điểm") + 1
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 3).value == "Sở Tư pháp")
    assert ws.cell(row, change).value == 1  # a number, shown ▲ 1 in green
    assert ws.cell(row, change).number_format == '[Color10]"▲ "0;[Red]"▼ "0;"="'
    assert ws.cell(row, score_change).number_format == "[Color10]+0.00;[Red]-0.00;0.00"


def test_no_output_names_a_folder_of_the_analysts_machine(tmp_path):
    import shutil

    folder = tmp_path / "may-cua-chuyen-vien"
    folder.mkdir()
    for name in ("laocai-2014.csv", "laocai-2015.csv"):
        shutil.copy(SAMPLES / name, folder / name)
    shutil.copy(CRITERIA / "laocai-2014.yaml", folder / "tieu-chi.yaml")
    base = ["score", str(folder / "laocai-2015.csv"), "-c", str(folder / "tieu-chi.yaml"),
            "--previous", str(folder / "laocai-2014.csv"), "--lang", "vi"]
    runner = CliRunner()
    for fmt in ("table", "csv", "json", "markdown", "html"):
        out = runner.invoke(cli, [*base, "--format", fmt]).stdout
        assert str(folder) not in out and "may-cua-chuyen-vien" not in out, fmt
    for fmt in ("xlsx", "pdf"):
        target = tmp_path / f"out.{fmt}"
        assert runner.invoke(cli, [*base, "-o", str(target)]).exit_code == 0
        data = target.read_bytes()
        if fmt == "xlsx":
            book = book_of(data)
            text = " ".join(str(c.value) for ws in book.worksheets for row in ws.iter_rows()
                            for c in row if c.value is not None)
        else:
            from pypdf import PdfReader

            text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
        assert "may-cua-chuyen-vien" not in text, fmt


def test_an_id_spelt_in_another_case_last_year_is_the_same_unit(tmp_path):
    frame = __import__("pandas").read_csv(SAMPLES / "laocai-2014.csv", dtype=str,
                                          keep_default_na=False)
    frame["id"] = frame["id"].str.lower() + " "  # snv last year, SNV this year
    frame.to_csv(tmp_path / "2014.csv", index=False)
    result = CliRunner().invoke(cli, ["score", str(SAMPLES / "laocai-2015.csv"), "--previous",
                                      str(tmp_path / "2014.csv"), "--format", "json"])
    assert result.exit_code == 0, result.output
    as_spelt = CliRunner().invoke(cli, ["score", str(SAMPLES / "laocai-2015.csv"), "--previous",
                                        str(SAMPLES / "laocai-2014.csv"), "--format", "json"])
    ranking, expected = json.loads(result.stdout), json.loads(as_spelt.stdout)
    assert ranking["units"] == expected["units"]  # SNV, as this year's sheet spells it
    assert ranking.get("gone") == expected.get("gone")
    assert [u["id"] for u in ranking["units"] if u["previous"] is None] == ["BQLDA"]


def test_one_id_twice_in_a_sheet_whatever_its_case_is_a_duplicate(tmp_path):
    lines = (SAMPLES / "laocai-2014.csv").read_text(encoding="utf-8").splitlines()
    lines.append(lines[2].replace("SNV,", "snv,", 1))
    (tmp_path / "s.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(tmp_path / "s.csv"), "--format", "json"])
    assert [p["code"] for p in json.loads(result.stdout)["errors"]] == ["duplicate-id"]


def test_sheet_names_are_ones_excel_takes_whatever_the_group_titles():
    from ictrank.render.xlsx_out import sheet_name

    taken: set[str] = set()
    names = [sheet_name(t, taken) for t in ("'Sở'", "😀" * 20, "a/b:c", "SỞ", "'", "x" * 40)]
    assert names == ["Sở", "😀" * 15, "a b c", "SỞ (2)", "Sheet", "x" * 31]
    assert all(len(n.encode("utf-16-le")) <= 62 for n in names)
    book = render_xlsx(rank("""
    name: t
    groups: {a: {title: "'Quoted'"}, b: {title: "😀😀 Units, a long title of emoji 😀😀"}}
    criteria:
      - {id: x, method: linear, range: [0, 10]}
    """, "id,name,group,x\nu1,U1,a,5\nu2,U2,b,3\n"), "en", DAY)
    assert book_of(book).sheetnames[1:3] == ["Quoted", "😀😀 Units, a long title of emo"]


def test_the_details_sheet_prints_across_pages_with_the_id_and_name_on_each(tmp_path):
    out = tmp_path / "r.xlsx"
    result = CliRunner().invoke(cli, ["score", str(SAMPLES / "laocai-2014.csv"), "-o", str(out),
                                      "--lang", "vi"])
    assert result.exit_code == 0, result.output
    ws = openpyxl.load_workbook(out)["Chi tiết"]
    assert ws.max_column >= 30
    assert ws.page_setup.orientation == "landscape"
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (0, 0)  # not shrunk to one
    assert ws.print_title_cols == "$A:$B" and ws.print_title_rows == "$1:$1"
