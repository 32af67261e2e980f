from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from conftest import SAMPLES
from ictrank.cli import cli
from ictrank.codes import Code
from ictrank.errors import IctrankError
from ictrank.sensitivity import sensitivity


@pytest.fixture
def run(laocai_data, laocai_criteria, laocai_ranking):
    """The sensitivity table of the Lào Cai sample for the given arguments."""

    def run_with(**kwargs):
        return sensitivity(laocai_data, laocai_criteria, laocai_ranking, **kwargs).units

    return run_with


def test_zero_jitter_reproduces_the_nominal_ranking_exactly(run):
    units = run(runs=37, jitter=0.0)
    assert (units["median_rank"] == units["rank"]).all()
    assert (units["rank_p05"] == units["rank"]).all() and (units["rank_p95"] == units["rank"]).all()
    assert (units["p_nominal_band"] == 1.0).all() and not units["unstable"].any()


def test_same_seed_same_output_and_another_seed_differs(run):
    a, b = run(runs=200, seed=7), run(runs=200, seed=7)
    pd.testing.assert_frame_equal(a, b)
    c = run(runs=200, seed=8)
    assert not a[["p_good", "p_fair"]].equals(c[["p_good", "p_fair"]])


def test_intervals_contain_the_nominal_rank_and_probabilities_sum_to_one(run):
    units = run(runs=400, jitter=0.1, seed=1)
    assert ((units["rank_p05"] <= units["rank"]) & (units["rank"] <= units["rank_p95"])).all()
    total = units[["p_good", "p_fair", "p_average"]].sum(axis=1)
    assert np.allclose(total, 1.0)


def test_units_near_a_band_boundary_are_flagged(run):
    units = run(runs=500, jitter=0.25).set_index("id")
    assert units.loc["SYT", "unstable"]  # 69.31, just under fair
    assert not units.loc["VPUBND", "unstable"]


def test_methods_alone_move_ranks_where_fixed_weights_do_not(run):
    plain = run(runs=200, seed=3, jitter=0.0)
    varied = run(runs=200, seed=3, jitter=0.0, methods=True)
    width = varied["rank_p95"] - varied["rank_p05"]
    assert (plain["rank_p95"] == plain["rank_p05"]).all()  # nothing varies
    assert (width > 0).sum() >= 5  # aggregation and normalisation alone move several units
    assert (varied["p_nominal_band"] < 1).any()


def test_chunks_give_the_same_result_as_one_pass(run, monkeypatch):
    import ictrank.sensitivity as module

    whole = run(runs=64, seed=5)
    monkeypatch.setattr(module, "_chunk_size", lambda n, k: 5)
    pd.testing.assert_frame_equal(whole, run(runs=64, seed=5))


def test_sensitivity_command_formats():
    runner = CliRunner()
    args = ["sensitivity", str(SAMPLES / "laocai-2014.csv"), "--runs", "100"]
    data = json.loads(runner.invoke(cli, [*args, "--format", "json"]).stdout)
    assert data["runs"] == 100 and len(data["units"]) == 31
    first = data["units"][0]
    assert first["rank_interval"][0] <= first["rank"] <= first["rank_interval"][1]
    assert "p_good" in runner.invoke(cli, [*args, "--format", "csv"]).stdout.splitlines()[0]
    table = runner.invoke(cli, [*args, "--format", "table"]).stdout
    assert "100 runs" in table
    assert runner.invoke(cli, [*args, "--jitter", "1.5"]).exit_code == 2


def test_bad_arguments_are_refused_with_a_catalogue_code(run):
    with pytest.raises(IctrankError) as caught:
        run(runs=0)
    assert caught.value.code == Code.INVALID_ARGUMENT
    with pytest.raises(IctrankError, match="--jitter"):
        run(jitter=1.0)


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_sensitivity_is_published_as_a_page_a_workbook_and_a_pdf(tmp_path, lang):
    import zipfile

    import openpyxl
    from pypdf import PdfReader

    sample = str(SAMPLES / "laocai-2014.csv")
    written = {}
    for fmt in ("html", "xlsx", "pdf"):
        out = tmp_path / f"s.{fmt}"
        result = CliRunner().invoke(cli, ["sensitivity", sample, "--runs", "50", "-o",
                                          str(out), "--lang", lang])
        assert result.exit_code == 0, result.output
        written[fmt] = out
    page = written["html"].read_text("utf-8")
    assert page.count('<svg class="intervals"') == 2  # a chart per group
    assert ("Độ ổn định" if lang == "vi" else "Stability") in page
    book = openpyxl.load_workbook(written["xlsx"])
    assert len(book.sheetnames) >= 2
    with zipfile.ZipFile(written["xlsx"]) as archive:
        assert sum(name.startswith("xl/charts/chart") for name in archive.namelist()) == 2
    text = " ".join(p.extract_text() for p in PdfReader(str(written["pdf"])).pages)
    assert "Văn phòng UBND tỉnh" in text and "5–95%" in text
    assert ("1,00" if lang == "vi" else "1.00") in text
    piped = CliRunner().invoke(cli, ["sensitivity", sample, "--runs", "20"])
    assert piped.stdout.startswith("id,name,group")  # piped: CSV, as before
