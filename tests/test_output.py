"""Output files are written whole or not at all: a failed write leaves the old file as it was."""

from __future__ import annotations

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
