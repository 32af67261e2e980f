from __future__ import annotations

import csv
import io
import json
import re

import pytest

from conftest import SAMPLES, rank
from ictrank.render import RenderOptions
from ictrank.render.common import number_text
from ictrank.render.csv_out import render_csv_bytes
from ictrank.render.json_out import ranking_dict, render_json
from ictrank.render.markdown import render_markdown
from ictrank.render.table import ranking_table

CRITERIA = """
name: Test index
year: 2014
groups:
  dep: {title: Departments, title_vi: "Sở, ban, ngành"}
  dis: {title: Districts}
bands:
  - {id: good, title: Good, title_vi: Tốt, min: 85}
  - {id: fair, title: Fair, title_vi: Khá, min: 70}
  - {id: average, title: Average, title_vi: Trung bình, min: 0}
criteria:
  - id: infra
    weight: 60
    criteria:
      - {id: pc, weight: 40, method: linear, range: [0, 100]}
      - {id: lan, weight: 20, method: boolean}
  - {id: web, weight: 40, method: boolean}
deductions:
  - {id: late, points_each: 2}
"""
DATA = """id,name,group,pc,lan,web,late
a,=HYPERLINK("x"),dep,100,1,1,0
b,Sở Nội vụ,dep,50,1,1,1
c,Bát | Xát,dis,,1,0,
"""


def ranking():
    return rank(CRITERIA, DATA)


def render_csv(ranking):
    return render_csv_bytes(ranking).decode("utf-8")


def test_json_has_the_spec_shape():
    data = json.loads(render_json(ranking()))
    assert set(data) == {"index", "units", "summary", "warnings"}
    assert data["index"] == {"name": "Test index", "year": 2014, "scale": 100, "decimals": 2,
                             "rounding": "half-up"}
    first = data["units"][0]
    assert first == {
        "id": "a", "name": '=HYPERLINK("x")', "group": "dep", "rank": 1, "score": 100.0,
        "percent": 100.0, "band": "good",
        "points": {"infra": 60.0, "pc": 40.0, "lan": 20.0, "web": 40.0},
        "missing": [], "deductions": 0.0,
    }
    c = data["units"][2]
    assert c["missing"] == ["pc"] and c["band"] == "average" and c["score"] == 20.0
    assert data["summary"] == {
        "units": 3, "bands": {"good": 1, "fair": 1, "average": 1},
        "groups": {"dep": {"units": 2, "bands": {"good": 1, "fair": 1, "average": 0}},
                   "dis": {"units": 1, "bands": {"good": 0, "fair": 0, "average": 1}}},
    }


def test_csv_numbers_equal_the_json_and_formulas_are_defused():
    r = ranking()
    rows = list(csv.DictReader(io.StringIO(render_csv(r))))
    units = ranking_dict(r)["units"]
    assert [row["id"] for row in rows] == [u["id"] for u in units]
    for row, unit in zip(rows, units, strict=True):
        assert float(row["score"]) == unit["score"]
        assert float(row["points.infra"]) == unit["points"]["infra"]
        assert float(row["points.web"]) == unit["points"]["web"]
    assert rows[0]["name"] == "'=HYPERLINK(\"x\")"
    assert rows[1]["score"] == "78.00" and rows[1]["deductions"] == "2.00"
    assert rows[2]["missing"] == "pc"


def test_markdown_has_a_table_per_group_and_summary_lines():
    text = render_markdown(ranking())
    assert "## Departments" in text and "## Districts" in text
    assert "Bát \\| Xát" in text
    assert "| 2 | b | Sở Nội vụ | 78.00 | 78.00 | Fair | 40.00 | 40.00 |" in text
    assert "1 of 2 good (50%), 1 fair (50%), 0 average (0%)" in text
    # whole percents that add up to 100 (largest remainder, ties to the first band)
    assert "**All units:** 1 of 3 good (34%), 1 fair (33%), 1 average (33%)" in text


def test_markdown_in_vietnamese_uses_the_vi_titles():
    text = render_markdown(ranking(), "vi")
    assert "## Sở, ban, ngành" in text and "Hạng" in text and "Tốt" in text


def test_table_renders_groups_and_summary():
    from rich.console import Console

    console = Console(width=200, record=True)
    console.print(ranking_table(ranking(), RenderOptions()))
    text = console.export_text()
    assert "Departments" in text and "Districts" in text
    assert "All units: 1 of 3 good (34%)" in text


def test_csv_written_in_chunks_equals_one_piece(monkeypatch):
    import ictrank.render.csv_out as csv_out
    from conftest import SAMPLES
    from ictrank.comparison import compare
    from ictrank.criteria import load_criteria
    from ictrank.pipeline import rank_source

    criteria = load_criteria(SAMPLES.parent / "criteria" / "laocai-2014.yaml")
    now, _ = rank_source(str(SAMPLES / "laocai-2015.csv"), criteria)
    before, _ = rank_source(str(SAMPLES / "laocai-2014.csv"), criteria)
    ranking = compare(now, before)
    whole = render_csv(ranking)
    monkeypatch.setattr(csv_out, "CHUNK_ROWS", 4)
    assert render_csv(ranking) == whole
    assert whole.count("\n") == 1 + 31 + 1  # header, units, one gone


def test_the_index_description_and_source_show_under_the_title_of_every_publication():
    from ictrank.render.html_out import render_html
    from ictrank.render.xlsx_out import render_xlsx

    described = CRITERIA.replace("year: 2014\n", "year: 2014\ndescription: How agencies use ICT\n"
                                 "description_vi: Mức độ ứng dụng CNTT\nsource: Decision 12/QĐ\n")
    r = rank(described, DATA)
    assert r.criteria.description == "How agencies use ICT" and r.criteria.cites == "Decision 12/QĐ"
    text = render_markdown(r, "vi")
    assert "*Mô tả:* Mức độ ứng dụng CNTT" in text and "*Nguồn:* Decision 12/QĐ" in text
    assert "How agencies use ICT" in render_html(r, "en")
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(render_xlsx(r, "en")))
    summary = {row[0]: row[1] for row in book["Summary"].iter_rows(max_col=2, values_only=True)}
    assert summary["Description"] == "How agencies use ICT" and summary["Source"] == "Decision 12/QĐ"


def test_criteria_show_prints_each_criterions_description_in_the_language_asked():
    from rich.console import Console

    from conftest import criteria_from
    from ictrank.render.criteria_tree import criteria_tree

    criteria = criteria_from("name: t\ncriteria:\n  - {id: a, method: boolean, description: Has a LAN, "
                     "description_vi: Có mạng LAN}\n")
    for lang, expected in (("en", "Has a LAN"), ("vi", "Có mạng LAN")):
        console = Console(width=120, record=True)
        console.print(criteria_tree(criteria, lang))
        assert expected in console.export_text()


def test_on_a_16_colour_terminal_bands_keep_their_hue(laocai_ranking):
    """Good is green, Fair yellow and Average red there: the nearest of 16 colours by
    distance made Good grey and Fair red."""
    from rich.console import Console

    out = io.StringIO()
    console = Console(file=out, color_system="standard", force_terminal=True, width=200)
    console.print(ranking_table(laocai_ranking, RenderOptions(basic_colors=True)))
    text = out.getvalue()
    assert "\x1b[1;32mGood" in text and "\x1b[1;33mFair" in text
    assert "\x1b[1;31mAverage" in text


# --- every human format: a row adds up, numbers as the language writes them -----------------

def _cli(*args: str):
    from click.testing import CliRunner

    from ictrank.cli import cli

    return CliRunner().invoke(cli, list(args))


def _numbers(cells: list[str], lang: str) -> list[float]:
    """The decimal numbers among a row's cells (98.88, or 98,88 in Vietnamese; −4.00)."""
    import re

    pattern = r"[−-]?\d{1,3}(?:\.\d{3})*,\d+" if lang == "vi" else r"[−-]?\d+\.\d+"
    found = []
    for cell in cells:
        for text in re.findall(pattern, cell):
            if lang == "vi":
                text = text.replace(".", "").replace(",", ".")
            found.append(float(text.replace("−", "-")))
    return found


def _adds_up(numbers: list[float], points: int = 6) -> None:
    """score (the first number) = the criteria's points (the `points` numbers before the
    last) + the deductions (the last, negative), to the rounding of each column."""
    score, parts, deducted = numbers[0], numbers[-1 - points:-1], numbers[-1]
    assert deducted < 0, numbers
    assert abs(sum(parts) + deducted - score) <= 0.005 * (points + 2), numbers


def _html_rows(page: str) -> list[list[str]]:
    from html.parser import HTMLParser

    class Rows(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.rows: list[list[str]] = []
            self.cell: list[str] | None = None

        def handle_starttag(self, tag, attrs):
            if tag == "tr":
                self.rows.append([])
            elif tag in ("td", "th"):
                self.cell = []

        def handle_endtag(self, tag):
            if tag in ("td", "th") and self.cell is not None and self.rows:
                self.rows[-1].append("".join(self.cell))
                self.cell = None

        def handle_data(self, data):
            if self.cell is not None:
                self.cell.append(data)

    parser = Rows()
    parser.feed(page)
    return parser.rows


def _format_rows(fmt: str, lang: str, tmp_path) -> list[str]:
    """The row of Ban Dân tộc (deducted 4 points for late reports) in `fmt`, as cells."""
    sample = str(SAMPLES / "laocai-2014.csv")
    if fmt in ("table", "markdown"):
        out = _cli("score", sample, "--format", fmt, "--lang", lang).stdout
        line = next(line for line in out.splitlines() if "Ban Dân tộc" in line)
        return [cell for cell in line.replace("│", "|").split("|")]
    if fmt == "html":
        page = _cli("score", sample, "--format", "html", "--lang", lang).stdout
        return next(row for row in _html_rows(page) if any("Ban Dân tộc" in c for c in row))
    path = tmp_path / f"r.{fmt}"
    assert _cli("score", sample, "-o", str(path), "--lang", lang).exit_code == 0
    if fmt == "pdf":
        from pypdf import PdfReader

        text = "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)
        return [next(line for line in text.splitlines() if "Ban Dân tộc" in line)]
    import openpyxl

    book = openpyxl.load_workbook(path)
    for ws in book.worksheets:
        for row in ws.iter_rows(values_only=True):
            if "Ban Dân tộc" in row:
                # score, percent, six criteria's points, the deductions (then the ranks)
                numbers = [v for v in row[3:] if isinstance(v, (int, float))][:9]
                return [number_text(v, 2, lang) for v in numbers]
    raise AssertionError("no row")


@pytest.mark.parametrize("lang", ["en", "vi"])
@pytest.mark.parametrize("fmt", ["table", "markdown", "html", "pdf", "xlsx"])
def test_a_rows_points_less_its_deductions_are_its_score_in_every_human_format(
        fmt, lang, tmp_path):
    cells = _format_rows(fmt, lang, tmp_path)
    numbers = _numbers(cells, lang)
    _adds_up(numbers)
    assert 61.5 in numbers  # Ban Dân tộc: 65.50 points less 4.00 for late reports


@pytest.mark.parametrize("fmt", ["table", "markdown", "html", "pdf"])
def test_vietnamese_outputs_write_the_decimal_comma_and_english_the_point(fmt, tmp_path):
    vi = " ".join(_format_rows(fmt, "vi", tmp_path))
    en = " ".join(_format_rows(fmt, "en", tmp_path))
    assert "61,50" in vi and "61.50" not in vi
    assert "61.50" in en and "61,50" not in en
    csv_out = _cli("score", str(SAMPLES / "laocai-2014.csv"), "--format", "csv", "--lang",
                   "vi").stdout
    assert ",61.50," in csv_out  # a program's format stays a program's


def test_thousands_get_a_dot_in_vietnamese():
    assert number_text(1234.5, 2, "vi") == "1.234,50"
    assert number_text(1234.5, 2, "en") == "1234.50"
    assert number_text(-0.5, 1, "vi") == "-0,5"


def test_the_smaller_things_a_reader_of_the_vietnamese_outputs_notices(tmp_path):
    sample = str(SAMPLES / "laocai-2014.csv")
    later = str(SAMPLES / "laocai-2015.csv")
    # the trend's status in the language asked for, also in its CSV
    trend = _cli("trend", sample, later, "--periods", "2014,2015", "--format", "csv",
                 "--lang", "vi").stdout
    assert ",mới vào 2015" in trend and ",rời khỏi sau 2014" in trend
    # every column of the sensitivity table has its header
    table = _cli("sensitivity", sample, "--runs", "20", "--format", "table", "--lang",
                 "vi").stdout
    assert "Độ ổn định" in table
    # explain: values as the sheet means them, an empty cell said
    explained = _cli("explain", "BDT", sample, "--format", "table", "--lang", "vi").stdout
    assert "trống (tính 0 điểm)" in explained and "toàn bộ" in explained
    assert " có " in explained and "61,50" in explained
    # criteria show: the points per group, the step thresholds and the choices
    shown_tree = re.sub(r"[\s│]+", " ", _cli("criteria", "show", "--lang", "vi").stdout)
    assert "6,25 điểm (Sở, ban, ngành) / 5,00 điểm (Huyện, thành phố)" in shown_tree
    assert "≥ 3 100%; ≥ 2 70%; ≥ 1 40%" in shown_tree and "toàn bộ 100%" in shown_tree
    # dates the Vietnamese way
    page = _cli("score", sample, "--format", "html", "--lang", "vi",
                ).stdout
    assert re.search(r"Ngày lập \d{2}/\d{2}/\d{4}", page)


def test_every_csv_written_to_a_file_starts_with_a_bom_for_excel(tmp_path):
    # (collect's sheet too: tests/test_collect.py)
    out = tmp_path / "r.csv"
    _cli("score", str(SAMPLES / "laocai-2014.csv"), "-o", str(out))
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")


BONUS_CRITERIA = """name: Bonus index
scale: 100
max_score: 100
weights: points
bands:
  - {id: lead, title: Leading, title_vi: Dẫn dắt, above_percent: 75}
  - {id: start, title: Starting, title_vi: Khởi động, min_percent: 0}
criteria:
  - {id: a, weight: 60, method: linear, range: [0, 100]}
  - {id: b, weight: 40, method: linear, range: [0, 100]}
  - {id: smart, title: Smart city, title_vi: Đô thị thông minh, weight: 0, method: linear,
     range: [0, 1]}
bonuses:
  - {id: award, title: Awards, title_vi: Giải thưởng, points_each: 2, max_points: 5}
deductions:
  - {id: late, title: Late reports, title_vi: Báo cáo chậm, points_each: 1}
"""
BONUS_DATA = "id,name,a,b,smart,award,late\nx,Unit X,50,100,0.8,1,0\ny,Unit Y,100,100,0.3,3,1\n"


@pytest.mark.parametrize("lang", ["en", "vi"])
@pytest.mark.parametrize("fmt", ["table", "markdown", "html", "pdf", "xlsx"])
def test_bonuses_and_deductions_make_every_human_row_add_up_to_its_score(fmt, lang, tmp_path):
    """Unit Y: 60 + 40 points, 3 awards (6, capped at 5, of which 1 counts under
    max_score 100), 1 late report (−1): 100 + 1 − 1 = 100. Its smart-city index (0.3)
    is shown, not scored."""
    (tmp_path / "c.yaml").write_text(BONUS_CRITERIA, encoding="utf-8")
    (tmp_path / "d.csv").write_text(BONUS_DATA, encoding="utf-8")
    args = [str(tmp_path / "d.csv"), "-c", str(tmp_path / "c.yaml"), "--lang", lang]
    if fmt in ("table", "markdown", "html"):
        out = _cli("score", *args, "--format", fmt).stdout
        rows = (_html_rows(out) if fmt == "html" else
                [line.replace("│", "|").split("|") for line in out.splitlines()])
        cells = next(row for row in rows if any("Unit Y" in c for c in row))
        if fmt != "html":
            assert ("không tính điểm" if lang == "vi" else "not scored") in out
    elif fmt == "pdf":
        from pypdf import PdfReader

        assert _cli("score", *args, "-o", str(tmp_path / "r.pdf")).exit_code == 0
        text = "\n".join(p.extract_text() for p in PdfReader(str(tmp_path / "r.pdf")).pages)
        cells = [next(line for line in text.splitlines() if "Unit Y" in line)]
    else:
        import openpyxl

        assert _cli("score", *args, "-o", str(tmp_path / "r.xlsx")).exit_code == 0
        book = openpyxl.load_workbook(tmp_path / "r.xlsx")
        row = next(r for ws in book.worksheets for r in ws.iter_rows(values_only=True)
                   if "Unit Y" in r)
        # score, percent, the points of a and b, smart's fraction, bonuses, deductions
        cells = [number_text(v, 4 if v == 0.3 else 2, lang) for v in row[3:]
                 if isinstance(v, (int, float))][:7]
    numbers = _numbers(cells, lang)
    assert numbers[0] == 100.0
    points, unscored, bonus, deducted = numbers[-5:-3], numbers[-3], numbers[-2], numbers[-1]
    assert (points, unscored, bonus, deducted) == ([60.0, 40.0], 0.3, 1.0, -1.0), numbers
    assert sum(points) + bonus + deducted == numbers[0]


def test_bonuses_unscored_criteria_and_strict_bands_in_csv_and_json(tmp_path):
    (tmp_path / "c.yaml").write_text(BONUS_CRITERIA, encoding="utf-8")
    (tmp_path / "d.csv").write_text(BONUS_DATA, encoding="utf-8")
    args = ["score", str(tmp_path / "d.csv"), "-c", str(tmp_path / "c.yaml")]
    rows = _cli(*args, "--format", "csv").stdout.splitlines()
    assert rows[0] == ("rank,id,name,score,percent,band,bonuses,deductions,missing,points.a,"
                       "points.b,points.smart,value.smart")
    assert rows[1] == "1,y,Unit Y,100.00,100.00,lead,1.00,1.00,,60.00,40.00,0.00,0.3000"
    # 30 + 40 + 2 = 72: not above 75 %, so Starting
    assert rows[2] == "2,x,Unit X,72.00,72.00,start,2.00,0.00,,30.00,40.00,0.00,0.8000"
    data = json.loads(_cli(*args, "--format", "json").stdout)
    y = data["units"][0]
    assert (y["bonuses"], y["deductions"], y["unscored"], y["points"]["smart"]) == (
        1.0, 1.0, {"smart": 0.3}, 0.0)
