"""Sheets as agencies send them, end to end from the command line: each case here once
gave a wrong ranking with no message at all (docs/criteria-format.md, "Reading sheets")."""

from __future__ import annotations

import csv
import io
import json

from click.testing import CliRunner

from conftest import SAMPLES
from ictrank.cli import cli

HDI = SAMPLES / "undp-hdi-2022.csv"
LAOCAI = SAMPLES / "laocai-2014.csv"


def run(*args: str, input: bytes | str | None = None):
    return CliRunner().invoke(cli, [str(a) for a in args], input=input)


def vietnamese_number(text: str) -> str:
    """1335.205733 as Vietnam writes it: 1.335,205733."""
    try:
        float(text)
    except ValueError:
        return text
    whole, _, fraction = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    grouped = f"{int(whole.lstrip('-')):,}".replace(",", ".")
    return sign + grouped + ("," + fraction if fraction else "")


def hdi_units(*args: str) -> dict[str, dict]:
    result = run("score", *args, "-c", "undp-hdi", "--format", "json")
    assert result.exit_code == 0, result.output
    return {u["id"]: u for u in json.loads(result.stdout)["units"]}


def test_vietnamese_numbers_with_decimal_comma_rank_albania_as_published(tmp_path):
    rows = list(csv.reader(HDI.open(encoding="utf-8")))
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(rows[0])
    writer.writerows([vietnamese_number(c) for c in row] for row in rows[1:])
    sheet = tmp_path / "hdi-vi.csv"
    sheet.write_text(out.getvalue(), encoding="utf-8")
    assert ";15.293,32651;" in out.getvalue()  # Albania's income, as Vietnam writes it

    albania = hdi_units(sheet, "--decimal", ",")["ALB"]
    assert (albania["rank"], albania["score"]) == (74, 0.789)
    assert hdi_units(sheet, "--decimal", ",") == hdi_units(HDI)


def test_a_dot_decimal_under_decimal_comma_is_refused_at_its_cell_not_misread():
    result = run("validate", HDI, "-c", "undp-hdi", "--decimal", ",", "--format", "json")
    assert result.exit_code == 1
    first = json.loads(result.stdout)["errors"][0]
    assert (first["row"], first["column"], first["code"]) == (2, "eys_2022", "ambiguous-number")
