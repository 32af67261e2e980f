"""Writing output files atomically: a failed run never leaves a half-written file."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from ictrank.codes import Code
from ictrank.errors import IctrankError
from ictrank.messages import msg


def write_atomic(path: str | Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, then rename it over `path`. A `path` that is
    not a regular file (a pipe, /dev/stdout, a device) is written in place, never replaced
    by a file."""
    path = Path(path)
    if path.exists() and not path.is_file() and not path.is_dir():
        _write_in_place(path, data)
        return
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise IctrankError(msg("write.no_folder", path=path, folder=directory),
                           Code.CANNOT_WRITE)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise IctrankError(msg("write.cannot", path=path, error=exc.strerror),
                           Code.CANNOT_WRITE) from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            with contextlib.suppress(OSError):
                os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise IctrankError(msg("write.cannot", path=path, error=exc.strerror),
                           Code.CANNOT_WRITE) from exc
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _write_in_place(path: Path, data: bytes) -> None:
    try:
        with open(path, "wb") as handle:
            handle.write(data)
    except OSError as exc:
        raise IctrankError(msg("write.cannot", path=path, error=exc.strerror),
                           Code.CANNOT_WRITE) from exc


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
