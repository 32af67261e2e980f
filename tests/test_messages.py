"""The message catalogue: both languages for every entry, and no English in `--lang vi`.

The guard runs every command in Vietnamese (outputs in every format, reports, errors
and stderr) and fails on any word that only the catalogue's English side uses. Data
(unit names, ids, column names, criteria titles, file paths, problem codes, options)
is taken out first: it is what the user wrote, not what ictrank says.
"""

from __future__ import annotations

import html
import io
import json
import re
import string
from pathlib import Path

import openpyxl
import pandas as pd
from click.testing import CliRunner
from pypdf import PdfReader

from conftest import CRITERIA, SAMPLES, write_panel
from ictrank.cli import cli
from ictrank.codes import Code
from ictrank.criteria import load_criteria
from ictrank.messages import msg, say, term
from ictrank.messages_catalogue import CATALOGUE

LAOCAI = str(SAMPLES / "laocai-2014.csv")
LAOCAI_2015 = str(SAMPLES / "laocai-2015.csv")
INVALID = str(SAMPLES / "laocai-2014-invalid.csv")
WORD = re.compile(r"[A-Za-z][a-z]+")
# English words that Vietnamese outputs use as they are (names of things, not sentences)
SHARED = {"Excel", "Internet", "Word", "PowerPoint", "Windows", "ictrank", "gzip", "Zip"}


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _prose(text: str) -> str:
    """A catalogue text without what is not prose: placeholders, `code`, options."""
    text = re.sub(r"\{[^}]*\}", " ", text)
    text = re.sub(r"`[^`]*`", " ", text)
    return re.sub(r"--[a-z-]+", " ", text)


def english_only_words() -> set[str]:
    english = {w for en, _ in CATALOGUE.values() for w in WORD.findall(_prose(en))}
    vietnamese = {w for _, vi in CATALOGUE.values() for w in WORD.findall(_prose(vi))}
    return {w for w in english - vietnamese - SHARED if len(w) >= 3}


def test_every_entry_has_both_languages_with_the_same_placeholders():
    for key, (english, vietnamese) in CATALOGUE.items():
        assert english.strip() and vietnamese.strip(), key
        assert _placeholders(english) == _placeholders(vietnamese), key


def test_vietnamese_differs_from_english_except_where_the_words_are_shared():
    same = {key for key, (en, vi) in CATALOGUE.items() if en == vi}
    assert same <= {"show.scope", "sensitivity.interval", "audit.none"}, same  # a dash


def test_a_message_is_its_english_text_and_says_itself_in_vietnamese():
    message = msg("cell.out_of_range", low="0", high="100").filled(value="120")
    assert message == "120 is outside the allowed range [0, 100]"
    assert say(message, "vi") == "120 nằm ngoài khoảng cho phép [0, 100]"
    assert say("plain data", "vi") == "plain data"
    nested = msg("cell.not_number", hint=msg("hint.number")).filled(value="abc")
    assert say(nested, "vi") == "'abc' không phải là số; hãy ghi một số, ví dụ 12.5"
    assert term("rank", "vi") == "Hạng" and term("rank", "en") == "Rank"


def test_a_missing_value_is_kept_until_the_cell_is_known():
    template = msg("cell.not_boolean")
    assert "{value!r}" in template
    assert template.filled(value="maybe").text("vi").startswith("'maybe' không phải")


def test_every_problem_code_is_described_in_both_languages():
    for code in Code:
        assert code.describe("vi") != code.describe("en"), code


# --- the guard: every command in Vietnamese --------------------------------------------

def _data_words() -> list[str]:
    """What the user wrote, longest first: it is taken out of outputs before they are read."""
    criteria = load_criteria(CRITERIA / "laocai-2014.yaml")
    found: set[str] = {criteria.name, criteria.name_vi or "", criteria.description or "",
                       criteria.description_vi or "", criteria.cites or ""}
    for c in criteria.walk():
        found.update({c.id, c.title, c.title_vi or "", c.column or "", c.per or "",
                      c.description or "", c.description_vi or "", c.unit or ""})
        found.update(k for k, _ in c.choices)
    for g in criteria.groups:
        found.update({g.id, g.title, g.title_vi or "", *g.match})
    for b in criteria.all_bands():
        found.update({b.id, b.title, b.title_vi or ""})
    for d in criteria.deductions:
        found.update({d.id, d.title, d.title_vi or "", d.column})
    for sample in (LAOCAI, LAOCAI_2015, INVALID):
        frame = pd.read_csv(sample, dtype=str, keep_default_na=False)
        found.update(frame.columns)
        for column in frame.columns:
            found.update(frame[column])
    found.update(str(code) for code in Code)
    from ictrank.criteria.schema import SECTIONS  # the keys of the criteria format are syntax

    for section in SECTIONS.values():
        found.update(section)
    from ictrank.methods import method_keys

    found.update(method_keys())
    found.update(f"cli {name}" for name in cli.commands)  # command names are syntax
    found.update(["relative", "points", "rounded", "unrounded", "higher", "lower", "min",
                  "max", "group", "all", "zero", "mean", "skip", "error", "full", "log"])
    return sorted((w for w in found if w), key=len, reverse=True)


DATA = re.compile("|".join(rf"(?<!\w){re.escape(word)}(?!\w)" for word in _data_words()))


def _english_in(text: str) -> set[str]:
    text = re.sub(r"(/[\w.\-]+)+", " ", text)  # paths
    text = re.sub(r"[\w.\-]+\.(csv|xlsx|yaml|pdf|html|md|ods|xls)\b", " ", text)
    text = re.sub(r"--[a-z-]+", " ", text)  # options
    text = re.sub(r"\[[a-z]+(-[a-z]+)+\]", " ", text)  # [problem-code]
    text = re.sub(r"`[^`\n]*`", " ", text)  # `syntax`, `ictrank template`
    text = re.sub(r"\b[a-z_]+\[\d+\][\w.\[\]]*", " ", text)  # YAML paths: criteria[2].weight
    text = re.sub(r"\((table|csv|json|markdown|xlsx|html|pdf)(, [a-z]+)*\)", " ", text)
    text = DATA.sub(" ", text)
    words = set(WORD.findall(text))
    return words & english_only_words()


def _html_text(page: str) -> str:
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def _xlsx_text(data: bytes) -> str:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return "\n".join(str(cell.value) for ws in book.worksheets if ws.sheet_state == "visible"
                     for row in ws.iter_rows() for cell in row if cell.value is not None)


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _invoke(args: list[str]) -> tuple[str, str]:
    result = CliRunner().invoke(cli, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        args, result.exception)
    return result.stdout, result.stderr


def _runs(tmp: Path) -> list[tuple[str, str]]:
    """(what ran, what it printed or wrote) for every command and format, in Vietnamese."""
    vi = ["--lang", "vi"]
    panel, panel_criteria = write_panel(tmp)
    texts: list[tuple[str, str]] = []
    for fmt in ("table", "markdown", "html"):
        for extra in ([], ["--previous", LAOCAI]):
            out, err = _invoke(["score", LAOCAI_2015, "--format", fmt, *vi, *extra])
            texts.append((f"score {fmt} {extra}", (_html_text(out) if fmt == "html" else out)
                          + err))
    for fmt, reader in (("xlsx", _xlsx_text), ("pdf", _pdf_text)):
        target = tmp / f"ranking.{fmt}"
        _, err = _invoke(["score", LAOCAI_2015, "--previous", LAOCAI, "-o", str(target), *vi])
        texts.append((f"score {fmt}", reader(target.read_bytes()) + err))
    out, err = _invoke(["score", LAOCAI, "--format", "json", *vi])
    texts.append(("score json warnings", " ".join(json.loads(out)["warnings"]) + err))
    for fmt in ("table", "markdown", "html"):
        out, err = _invoke(["score", str(panel), "-c", str(panel_criteria), "--format", fmt, *vi])
        texts.append((f"panel {fmt}", (_html_text(out) if fmt == "html" else out) + err))
    for fmt in ("table", "markdown", "html"):
        out, err = _invoke(["trend", str(panel), "-c", str(panel_criteria), "--format", fmt, *vi])
        texts.append((f"trend {fmt}", (_html_text(out) if fmt == "html" else out) + err))
    _, err = _invoke(["trend", str(panel), "-c", str(panel_criteria), "-o",
                      str(tmp / "trend.xlsx"), *vi])
    texts.append(("trend xlsx", _xlsx_text((tmp / "trend.xlsx").read_bytes()) + err))
    texts.append(("explain", "".join(_invoke(["explain", "SNN", LAOCAI, "--format", "table",
                                              *vi]))))
    texts.append(("sensitivity", "".join(_invoke(["sensitivity", LAOCAI, "--format", "table",
                                                  "--runs", "200", *vi]))))
    texts.append(("criteria show", "".join(_invoke(["criteria", "show", *vi]))))
    texts.append(("criteria check", "".join(_invoke(["criteria", "check", *vi]))))
    texts.append(("codes", "".join(_invoke(["codes", "--format", "table", *vi]))))
    texts.append(("validate table", "".join(_invoke(["validate", INVALID, "--format", "table",
                                                     *vi]))))
    out, _ = _invoke(["validate", INVALID, "--format", "csv", *vi])  # keys, and messages
    texts.append(("validate csv", "\n".join(pd.read_csv(io.StringIO(out))["message"])))
    out, _ = _invoke(["validate", INVALID, "--format", "json", *vi])
    report = json.loads(out)
    texts.append(("validate json", " ".join(p["message"] for p in
                                            report["errors"] + report["warnings"])))
    texts.append(("score refused", "".join(_invoke(["score", INVALID, *vi]))))
    texts.append(("explain unknown", "".join(_invoke(["explain", "XYZ", LAOCAI, *vi]))))
    texts.append(("usage", "".join(_invoke(["score", LAOCAI, "-o", str(tmp / "x.docx"), *vi]))))
    broken = tmp / "broken.yaml"
    broken.write_text("name: x\ncriteria:\n  - {id: a, weigth: 1, method: boolean}\n",
                      encoding="utf-8")
    texts.append(("criteria errors", "".join(_invoke(["criteria", "check", str(broken),
                                                      *vi]))))
    template = tmp / "mau.xlsx"
    _, err = _invoke(["template", "-o", str(template), *vi])
    texts.append(("template", _xlsx_text(template.read_bytes()) + err))
    _, err = _invoke(["collect", str(template), "-o", str(tmp / "data.csv"), *vi])
    texts.append(("collect", err))
    return texts


def test_every_command_in_vietnamese_says_no_english_word_of_the_catalogue(tmp_path):
    assert {"unknown", "missing", "column", "points", "warning"} <= english_only_words()
    found = {what: sorted(_english_in(text)) for what, text in _runs(tmp_path)}
    assert {what: words for what, words in found.items() if words} == {}


def test_the_guard_would_see_english():
    assert _english_in("bảng không có cột 'x'; is 'y' meant to be it?") >= {"meant"}
    assert _english_in("Hạng Tên đơn vị Score") == {"Score"}


def test_a_grouped_number_in_a_vietnamese_message_is_grouped_with_dots():
    message = msg("xlsx.too_many_sheets", periods=10_000, sheets=30_004, limit=1_000)
    assert "10,000 periods would hold 30,004 sheets" in message
    assert "10.000 kỳ sẽ có 30.004 trang" in message.text("vi")
    assert "(tối đa 1.000)" in message.text("vi")
    # a number not grouped, or quoted as a value, is written as it is
    assert msg("read.too_many_rows", limit=5).text("vi") == "trang tính có hơn 5 dòng"
    assert msg("cell.not_number", value=1.5, hint="").text("vi").startswith("1.5 không")
