"""Hostile text through every command and format.

Names, ids, group and band ids, criterion ids, titles and colours are drawn from a
hostile alphabet (rich markup, control characters, noncharacters, formula prefixes,
right-to-left marks, HTML) and sent through every command and output format. Whatever
they hold: no internal error, no formula in any CSV or workbook, nothing unescaped in
HTML or markdown, no raw escape on the terminal, no file clobbered.
CI runs a few examples; ICTRANK_FUZZ_EXAMPLES=500 for a longer hunt.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import re
from collections import Counter
from html.parser import HTMLParser

import openpyxl
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ictrank.cli import cli

EXAMPLES = int(os.environ.get("ICTRANK_FUZZ_EXAMPLES", "12"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])
HOSTILE = ["[/]", "[bold red]", "[link=http://x]", "\x1b[31m", "\x1b]0;pwned\x07", "\x01", "\x7f",
           "\x85", "\x9b", "\ufffe", "\uffff", "=", "+", "-", "@", "\t", "\r", "\n", "\u202e",
           "\u200f", "<script>", "</td>", "&amp;", '"', "'", "|", ",", ";", "`", "*", "#", "Sở",
           "=HYPERLINK(\"http://evil\")", "@SUM(A1)", "+cmd|' /C calc'!A0"]
text = st.lists(st.one_of(st.sampled_from(HOSTILE), st.sampled_from("abcXYZ019 ")),
                min_size=1, max_size=6).map("".join).filter(lambda t: t.strip())
colour = st.one_of(st.sampled_from(["#2e7d32", "#F9A825"]),
                   st.sampled_from(["red", "red;background:url(https://evil.example/t.png)",
                                    '"><script>', "#12345"]))
FORMULA = ("=", "+", "@", "\t", "\r")


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def check_csv(output: str) -> None:
    for row in csv.reader(io.StringIO(output)):
        for cell in row:
            assert not cell.startswith(FORMULA), cell
            assert not cell.startswith("-") or _is_number(cell) or cell == "-", cell


def check_workbook(path) -> None:
    book = openpyxl.load_workbook(path)  # the XML is well formed
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)


def check_terminal(output: str) -> None:
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", output), repr(output[:200])


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.opened: Counter[str] = Counter()
        self.closed: Counter[str] = Counter()

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.opened[tag] += 1
        for _, value in attrs:  # an attribute never carries a way out of its quotes
            assert value is None or "url(" not in value, value

    def handle_endtag(self, tag: str) -> None:
        self.closed[tag] += 1


PAGE_TAGS = {"html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "p",
             "section", "div", "table", "thead", "tbody", "tr", "th", "td", "span", "svg",
             "rect", "text", "g", "footer", "code", "script", "ul", "li"}


def check_html(page: str) -> None:
    """Only the page's own elements, each closed where it opens: data never makes a tag."""
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", page)
    tags = _Tags()
    tags.feed(page)
    assert set(tags.opened) <= PAGE_TAGS, set(tags.opened) - PAGE_TAGS
    assert tags.opened["script"] == 1  # the page's own sorting script
    for tag in ("td", "th", "tr", "p", "span", "li", "h1", "h2", "title", "text"):
        assert tags.opened[tag] == tags.closed[tag], tag


def check_markdown(page: str) -> None:
    assert "<script" not in page and "</td>" not in page
    assert not re.search(r"(?<!\\)\]\(", page)  # no live link
    check_terminal(page.replace("\n", " "))


@st.composite
def hostile_case(draw):
    groups = draw(st.lists(text, min_size=1, max_size=2, unique_by=lambda t: t.strip().casefold()))
    bands = draw(st.lists(text, min_size=1, max_size=2, unique=True))
    leaves = draw(st.lists(text, min_size=2, max_size=3, unique=True))
    criteria = {
        "name": draw(text), "description": draw(text), "source": draw(text),
        "groups": {g: {"title": draw(text), "title_vi": draw(text)} for g in groups},
        "bands": [{"id": b, "title": draw(text), "title_vi": draw(text),
                   "min": 50.0 * (len(bands) - 1 - i), "color": draw(colour)}
                  for i, b in enumerate(bands)],
        "criteria": [{"id": f"c{i}", "title": draw(text), "title_vi": draw(text),
                      "column": leaf, "method": "linear", "range": [0, 10],
                      "description": draw(text)} for i, leaf in enumerate(leaves)],
    }
    units = draw(st.lists(st.tuples(text, text), min_size=1, max_size=4,
                          unique_by=lambda u: u[0].strip()))
    rows = [["id", "name", "group", *leaves]]
    for uid, name in units:
        rows.append([uid, name, draw(st.sampled_from(groups)),
                     *(str(draw(st.integers(0, 10))) for _ in leaves)])
    return criteria, rows


def run(*args, input=None):
    result = CliRunner().invoke(cli, [str(a) for a in args], input=input)
    assert result.exit_code in (0, 1, 2), (args, result.output, result.exception)
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        args, repr(result.exception))
    assert "internal error" not in result.output and "Traceback" not in result.output, (
        args, result.output)
    return result


@FUZZ
@given(hostile_case())
def test_hostile_text_through_every_command_and_format(tmp_path, case):
    criteria, rows = case
    criteria_path = tmp_path / "criteria.yaml"
    criteria_path.write_text(yaml.safe_dump(criteria, allow_unicode=True), encoding="utf-8")
    data = tmp_path / "data.csv"
    with data.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    inputs = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in (criteria_path, data)}
    c = ["-c", criteria_path]

    check = run("criteria", "check", criteria_path)
    for lang in ("en", "vi"):
        check_terminal(run("criteria", "show", criteria_path, "--lang", lang).stdout)
    validated = run("validate", data, *c, "--format", "csv")
    check_csv(validated.stdout)
    check_terminal(run("validate", data, *c, "--format", "table").stdout)
    run("validate", data, *c, "--format", "json")
    if check.exit_code == 0:
        template = tmp_path / "t.xlsx"
        run("template", *c, "-o", template, "--lang", "vi")
        check_workbook(template)
    score = run("score", data, *c, "--format", "csv")
    if score.exit_code == 0:
        check_csv(score.stdout)
        check_terminal(run("score", data, *c, "--format", "table").stdout)
        check_markdown(run("score", data, *c, "--format", "markdown", "--lang", "vi").stdout)
        check_html(run("score", data, *c, "--format", "html").stdout)
        json_out = run("score", data, *c, "--format", "json")
        assert json_out.exit_code == 0
        workbook = tmp_path / "ranking.xlsx"
        assert run("score", data, *c, "-o", workbook, "--lang", "vi").exit_code == 0
        check_workbook(workbook)
        check_csv(run("sensitivity", data, *c, "--runs", "2", "--format", "csv").stdout)
        check_terminal(run("sensitivity", data, *c, "--runs", "2", "--format", "table").stdout)
        unit = rows[1][0].strip()
        check_terminal(run("explain", unit, data, *c, "--format", "table").stdout)
        run("explain", unit, data, *c, "--format", "json")
    assert run("score", data, *c, "-o", data).exit_code == 2  # the output is the input
    assert run("score", "-", *c, "--previous", "-", input=data.read_bytes()).exit_code == 2
    for path, digest in inputs.items():
        assert hashlib.sha256(path.read_bytes()).hexdigest() == digest, path


def test_period_labels_are_never_live_formulas_nor_escape_sequences(tmp_path):
    from click.testing import CliRunner

    from conftest import SAMPLES, write_panel
    from ictrank.cli import cli

    files = [str(SAMPLES / "laocai-2014.csv"), str(SAMPLES / "laocai-2015.csv")]
    formula = CliRunner().invoke(cli, ["score", *files, "--periods", '=HYPERLINK("x"),2015',
                                       "--format", "csv"])
    assert formula.exit_code == 0, formula.output
    assert '\n"\'=HYPERLINK(""x"")",department,1,' in formula.stdout
    escape = CliRunner().invoke(cli, ["trend", *files, "--periods", "\x1b[31mA,2015",
                                      "--format", "csv"])
    assert escape.exit_code == 2 and "\x1b" not in escape.output and "\\x1b" in escape.output
    # a period column of a sheet: its escapes are shown as text in the trend's CSV
    panel, criteria = write_panel(tmp_path)
    text = panel.read_text(encoding="utf-8").replace(",2015\n", ",\x1b[1m2015\n")
    panel.write_text(text, encoding="utf-8")
    trend = CliRunner().invoke(cli, ["trend", str(panel), "-c", str(criteria), "--format",
                                     "csv"])
    assert "\x1b" not in trend.stdout and "rank.\\x1b[1m2015" in trend.stdout


def test_a_file_name_with_escapes_is_shown_not_obeyed_on_stderr(tmp_path):
    from click.testing import CliRunner

    from ictrank.cli import cli

    name = tmp_path / "so-y-te\x1b[31m\x9b2J.csv"  # ESC and the C1 CSI in a name
    result = CliRunner().invoke(cli, ["score", str(name)])
    assert result.exit_code == 1
    assert "\x1b" not in result.stderr and "\x9b" not in result.stderr
    assert "so-y-te\\x1b[31m\\x9b2J.csv" in result.stderr
