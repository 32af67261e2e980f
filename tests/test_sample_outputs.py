"""Every sample output, stored under tests/sample_outputs/ and compared: a change meant to
keep behaviour is checked by running this file, and a change meant to alter an output
regenerates them deliberately (`pytest tests/test_sample_outputs.py --regen-samples`),
the diff then showing what changed.

Each case is one command run in-process on the bundled samples, its day pinned by
SOURCE_DATE_EPOCH. A stored case holds the exit code, stdout, stderr and, for a command
that writes a file, that file: text formats as written, a workbook as its cells (value,
number format, bold) and a PDF as its pages (size and text), so that the lowest and newest
supported versions of the writing libraries are held to the same content.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from conftest import ROOT
from ictrank.cli import cli
from ictrank.criteria import bundled_criteria_path

STORED = Path(__file__).parent / "sample_outputs"
DAY = "1742428800"  # 2025-03-20, the day every stored output was made
SAMPLES = {"laocai-2014": [], "laocai-2015": [], "undp-hdi-2022": ["-c", "undp-hdi"],
           "un-egdi-2022": ["-c", "un-egdi"],
           "dti-2022-province": ["-c", "dti-2022-province"],
           "laocai-dti-2024": ["-c", "laocai-dti-2024"]}
TEXT_FORMATS = ("table", "csv", "json", "markdown", "html")
PREVIOUS = ["samples/laocai-2015.csv", "--previous", "samples/laocai-2014.csv"]


# the day pinned; what rich reads of the terminal unset (a pipe: tables at their width)
ENVIRONMENT: dict[str, str | None] = {
    "SOURCE_DATE_EPOCH": DAY, "COLUMNS": None, "LINES": None, "FORCE_COLOR": None,
    "NO_COLOR": None, "TTY_COMPATIBLE": None, "TTY_INTERACTIVE": None}


def _cases() -> dict[str, list[str]]:
    """Name → command line (OUT/ stands for the folder a written file goes to)."""
    cases: dict[str, list[str]] = {}
    for sample, criteria in SAMPLES.items():
        data = [f"samples/{sample}.csv", *criteria]
        for fmt in TEXT_FORMATS:
            cases[f"score-{sample}-{fmt}"] = ["score", *data, "--format", fmt]
            cases[f"score-{sample}-{fmt}-vi"] = ["score", *data, "--format", fmt, "--lang", "vi"]
        cases[f"score-{sample}-xlsx"] = ["score", *data, "-o", f"OUT/{sample}.xlsx"]
        runs = ["--runs", "200"]
        cases[f"sensitivity-{sample}-csv"] = ["sensitivity", *data, *runs, "--format", "csv"]
        cases[f"sensitivity-{sample}-json"] = ["sensitivity", *data, *runs, "--methods",
                                               "--format", "json"]
        cases[f"sensitivity-{sample}-table"] = ["sensitivity", *data, *runs, "--format",
                                                "table"]
    for fmt in TEXT_FORMATS:
        cases[f"score-previous-{fmt}"] = ["score", *PREVIOUS, "--year", "2015", "--format",
                                          fmt, "--lang", "vi"]
    cases["score-previous-xlsx"] = ["score", *PREVIOUS, "--year", "2015", "-o",
                                    "OUT/prev.xlsx", "--lang", "vi"]
    for lang in ("en", "vi"):
        cases[f"score-pdf-{lang}"] = ["score", "samples/laocai-2014.csv", "-o",
                                      f"OUT/laocai-2014-{lang}.pdf", "--lang", lang]
        cases[f"score-previous-pdf-{lang}"] = ["score", *PREVIOUS, "-o", f"OUT/prev-{lang}.pdf",
                                               "--lang", lang]
        cases[f"template-{lang}"] = ["template", "-o", f"OUT/t-{lang}.xlsx", "--lang", lang]
        cases[f"trend-{lang}"] = ["trend", "samples/laocai-2014.csv", "samples/laocai-2015.csv",
                                  "--periods", "2014,2015", "--format", "csv", "--lang", lang]
    cases["trend-pdf-vi"] = ["trend", "samples/laocai-2014.csv", "samples/laocai-2015.csv",
                             "--periods", "2014,2015", "-o", "OUT/trend.pdf", "--lang", "vi"]
    for fmt in ("html", "xlsx", "pdf"):
        cases[f"sensitivity-laocai-2014-{fmt}-vi"] = [
            "sensitivity", "samples/laocai-2014.csv", "--runs", "200", "-o",
            f"OUT/sensitivity.{fmt}", "--lang", "vi"]
    cases["score-stdin"] = ["score", "-", "--format", "csv"]
    cases["score-xlsx-input"] = ["score", "IN/in.xlsx", "--format", "csv"]
    cases["validate-xlsx-input"] = ["validate", "IN/in.xlsx", "--format", "csv"]
    cases["score-invalid"] = ["score", "samples/laocai-2014-invalid.csv", "--format", "csv"]
    for fmt in ("table", "json", "csv"):
        invalid = ["validate", "samples/laocai-2014-invalid.csv", "--format", fmt]
        cases[f"validate-invalid-{fmt}"] = invalid
        cases[f"validate-invalid-{fmt}-max3"] = [*invalid, "--max-errors", "3"]
        cases[f"validate-samples-{fmt}"] = ["validate", "samples/laocai-2014.csv",
                                            "samples/laocai-2015.csv", "--format", fmt]
    for unit in ("SNN", "UBND-BT", "nope"):
        for fmt in ("table", "json"):
            cases[f"explain-{unit}-{fmt}"] = ["explain", unit, "samples/laocai-2014.csv",
                                              "--format", fmt]
    cases["explain-vnm-hdi"] = ["explain", "VNM", "samples/undp-hdi-2022.csv", "-c",
                                "undp-hdi", "--format", "table"]
    for name in ("laocai-2014", "undp-hdi", "un-egdi", "dti-2022-province", "laocai-dti-2024"):
        cases[f"criteria-show-{name}"] = ["criteria", "show", name]
        cases[f"criteria-show-{name}-vi"] = ["criteria", "show", name, "--lang", "vi"]
        cases[f"criteria-check-{name}"] = ["criteria", "check", name]
    cases["codes"] = ["codes", "--format", "json"]
    return cases


CASES = _cases()


def _workbook_text(data: bytes) -> str:
    """A workbook as its sheets' cells: what a reader of it sees, not how it is zipped."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    lines = []
    for ws in book.worksheets:
        lines.append(f"## sheet {ws.title!r} ({ws.sheet_state}), freeze {ws.freeze_panes}")
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is None:
                    continue
                style = "" if cell.number_format == "General" else f" [{cell.number_format}]"
                bold = " bold" if cell.font is not None and cell.font.b else ""
                lines.append(f"{cell.coordinate}: {cell.value!r}{style}{bold}")
    return "\n".join(lines) + "\n"


def _pdf_text(data: bytes) -> str:
    """A PDF as its pages: each page's size and text without its spaces. Where a narrow
    column wraps a word differs between fpdf2 versions, and how the text is extracted
    between pypdf versions; the characters and their order do not."""
    lines = []
    for number, page in enumerate(PdfReader(io.BytesIO(data)).pages, start=1):
        width, height = (round(float(v)) for v in page.mediabox.upper_right)
        text = re.sub(r"\s+", "", page.extract_text())
        lines.append(f"## page {number} ({width} x {height})\n{text}")
    return "\n".join(lines) + "\n"


def _agency_workbook(path: Path) -> None:
    """The Lào Cai sample as a workbook an agency would send: percentages shown as 85 %."""
    book = openpyxl.Workbook()
    ws = book.active
    rows = list(csv.reader((ROOT / "samples/laocai-2014.csv").open(encoding="utf-8")))
    for r, row in enumerate(rows, start=1):
        for c, text in enumerate(row, start=1):
            try:
                value: object = float(text)
            except ValueError:
                value = text
            cell = ws.cell(row=r, column=c, value=value)
            if r > 1 and isinstance(value, float) and rows[0][c - 1].endswith("_pct"):
                cell.value, cell.number_format = value / 100, "0.0%"
    book.save(path)


def _placed(text: str, out: Path, inputs: Path) -> str:
    """`text` with the folders of this machine named as in the stored outputs: where the
    files are written and read, and where the bundled criteria are installed (the
    checkout, or site-packages)."""
    bundled = str(bundled_criteria_path("laocai-2014").parent)  # type: ignore[union-attr]
    return (text.replace(str(out), "OUT").replace(str(inputs), "IN")
            .replace(bundled, "BUNDLED"))


def _run(args: list[str], out: Path) -> str:
    """The stored form of one case: exit code, stdout, stderr, and any file written."""
    inputs = out.parent / "in"
    if any(a.startswith("IN/") for a in args):
        inputs.mkdir(exist_ok=True)
        _agency_workbook(inputs / "in.xlsx")
    argv = [str(out / a[4:]) if a.startswith("OUT/") else
            str(inputs / a[3:]) if a.startswith("IN/") else a for a in args]
    stdin = (ROOT / "samples/laocai-2014.csv").read_bytes() if "-" in args else None
    result = CliRunner().invoke(cli, argv, input=stdin, env=ENVIRONMENT)
    parts = [f"$ ictrank {' '.join(args)}", f"exit {result.exit_code}",
             "--- stdout", _placed(result.stdout, out, inputs),
             "--- stderr", _placed(result.stderr, out, inputs)]
    for written in sorted(out.iterdir()):
        data = written.read_bytes()
        dump = (_workbook_text(data) if written.suffix == ".xlsx" else
                _pdf_text(data) if written.suffix == ".pdf" else data.decode("utf-8"))
        parts += [f"--- file {written.name}", dump]
        written.unlink()
    return "\n".join(parts)


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_sample_output_is_as_stored(name, tmp_path, monkeypatch, request):
    monkeypatch.chdir(ROOT)
    (tmp_path / "out").mkdir()
    got = _run(CASES[name], tmp_path / "out")
    stored = STORED / f"{name}.txt"
    if request.config.getoption("--regen-samples"):
        STORED.mkdir(exist_ok=True)
        stored.write_text(got, encoding="utf-8", newline="\n")
        return
    assert stored.exists(), f"no stored output for {name}: run with --regen-samples"
    assert got == stored.read_text(encoding="utf-8"), (
        f"{name} differs from {stored}; if the change is meant, regenerate with "
        "`pytest tests/test_sample_outputs.py --regen-samples` and review the diff")


def test_no_stored_output_is_left_without_its_case():
    assert {p.stem for p in STORED.glob("*.txt")} == set(CASES)
