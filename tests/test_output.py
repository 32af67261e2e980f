"""Output files are written whole or not at all: a failed write leaves the old file as it was."""

from __future__ import annotations

import json
import os
import stat

import pytest

from ictrank import output
from ictrank.codes import Code
from ictrank.errors import IctrankError
from ictrank.output import write_atomic


def leftovers(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_a_new_file_is_written_whole_with_the_usual_permissions(tmp_path):
    target = tmp_path / "ranking.csv"
    write_atomic(target, b"a,b\n")
    assert target.read_bytes() == b"a,b\n" and leftovers(tmp_path) == []
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~mask


def test_replacing_a_file_keeps_its_permissions(tmp_path):
    target = tmp_path / "ranking.csv"
    target.write_bytes(b"old")
    target.chmod(0o640)
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new" and stat.S_IMODE(target.stat().st_mode) == 0o640


def test_a_missing_folder_is_a_clear_error_and_nothing_is_created(tmp_path):
    with pytest.raises(IctrankError) as caught:
        write_atomic(tmp_path / "nowhere" / "ranking.csv", b"x")
    assert caught.value.code == Code.CANNOT_WRITE
    assert "the folder" in str(caught.value) and "does not exist" in str(caught.value)
    assert list(tmp_path.iterdir()) == []


def test_a_failed_rename_keeps_the_old_file_and_removes_the_temporary_one(tmp_path, monkeypatch):
    target = tmp_path / "ranking.csv"
    target.write_bytes(b"last year's ranking")

    def refuse(src, dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(output.os, "replace", refuse)
    with pytest.raises(IctrankError) as caught:
        write_atomic(target, b"half")
    assert caught.value.code == Code.CANNOT_WRITE and "Permission denied" in str(caught.value)
    assert target.read_bytes() == b"last year's ranking" and leftovers(tmp_path) == []


def test_an_interrupted_write_keeps_the_old_file_and_passes_the_interruption_on(tmp_path,
                                                                                monkeypatch):
    target = tmp_path / "ranking.csv"
    target.write_bytes(b"last year's ranking")

    def interrupted(fd):
        raise KeyboardInterrupt

    monkeypatch.setattr(output.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, b"half")
    assert target.read_bytes() == b"last year's ranking" and leftovers(tmp_path) == []


def test_a_full_disk_is_a_clear_error(tmp_path, monkeypatch):
    def full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(output.os, "fsync", full)
    with pytest.raises(IctrankError, match="No space left on device"):
        write_atomic(tmp_path / "ranking.csv", b"x")
    assert list(tmp_path.iterdir()) == []


def test_a_wide_table_written_to_a_file_keeps_every_column_and_every_number_whole(
        tmp_path, monkeypatch):
    from click.testing import CliRunner

    from ictrank.cli import cli

    count = 24  # far wider than 160 columns
    lines = ["name: wide", "decimals: 2", "criteria:"]
    lines += [f"  - {{id: c{k}, title: Criterion number {k}, method: linear, range: [0, 8]}}"
              for k in range(count)]
    (tmp_path / "c.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    header = "id,name," + ",".join(f"c{k}" for k in range(count))
    rows = [f"u{u},Unit {u}," + ",".join(f"{(u + k) % 8 + 0.75:g}" for k in range(count))
            for u in range(3)]
    (tmp_path / "d.csv").write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    scored = CliRunner().invoke(cli, ["score", str(tmp_path / "d.csv"), "-c",
                                      str(tmp_path / "c.yaml"), "--format", "json"])
    unit = json.loads(scored.stdout)["units"][0]
    points = [f"{unit['points'][f'c{k}']:.2f}" for k in range(count)]
    for columns in (None, "300"):
        if columns:
            monkeypatch.setenv("COLUMNS", columns)
        out = tmp_path / f"t{columns}.txt"
        result = CliRunner().invoke(cli, ["score", str(tmp_path / "d.csv"), "-c",
                                          str(tmp_path / "c.yaml"), "-o", str(out)])
        assert result.exit_code == 0, result.output
        text = out.read_text(encoding="utf-8")
        row = next(line for line in text.splitlines() if f" {unit['id']} " in line)
        cells = [c.strip() for c in row.split("│")[1:-1]]
        assert cells[-count:] == points
