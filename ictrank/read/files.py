"""The bytes of a sheet: a file, a pipe or a device, read up to a stated limit.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ictrank.messages import msg
from ictrank.read.raw import unreadable

MAX_INPUT_BYTES = 1_000_000_000  # a sheet larger than this is refused, as a workbook unpacking


def bounded_bytes(stream: Any, file: str) -> bytes:
    """All of `stream`, or the error that says it is larger than MAX_INPUT_BYTES (a stream
    such as /dev/zero never ends)."""
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = stream.read(1 << 24)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > MAX_INPUT_BYTES:
            raise unreadable(file, msg("read.too_large", limit=MAX_INPUT_BYTES))
        chunks.append(chunk)


def file_bytes(path: str | Path) -> bytes:
    """A file's bytes, or the error that says why they cannot be read (a regular file
    larger than MAX_INPUT_BYTES is refused before it is read; a pipe or a device is read
    up to that much)."""
    path = Path(path)
    try:
        if path.is_file():  # its size is known: read at once, no chunks held twice
            if path.stat().st_size > MAX_INPUT_BYTES:
                raise unreadable(str(path), msg("read.too_large", limit=MAX_INPUT_BYTES))
            return path.read_bytes()
        with open(path, "rb") as stream:
            return bounded_bytes(stream, str(path))
    except FileNotFoundError as exc:
        raise unreadable(str(path), msg("read.not_found")) from exc
    except IsADirectoryError as exc:
        raise unreadable(str(path), msg("read.folder")) from exc
    except OSError as exc:
        raise unreadable(str(path), msg("read.cannot", error=exc.strerror)) from exc
