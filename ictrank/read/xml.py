"""Parsing the XML parts of a workbook as a stream, safely.
"""

from __future__ import annotations

import pyexpat
from collections.abc import Iterator
from typing import Any, Literal
from xml.etree import ElementTree

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeTree

# expat 2.4.1 and later bound entity expansion (billion laughs, quadratic blowup), and
# ElementTree fetches no external entity: the standard library's C parser is then as safe
# as defusedxml's for a stream, and twice as fast (defusedxml's iterparse is pure Python)
EXPAT_BOUNDS_ENTITIES = pyexpat.version_info >= (2, 4, 1)


def stream_events(source: Any, events: tuple[Literal["start", "end"], ...] = ("end",)) -> Any:
    """The events of parsing `source` (a sheet, the shared strings) as it is read."""
    if EXPAT_BOUNDS_ENTITIES:
        return ElementTree.iterparse(source, events)
    return SafeTree.iterparse(source, events)


CHUNK = 1 << 20  # bytes parsed at a time by `content_end` and `events_through`


def content_end(source: Any, names: frozenset[str]) -> int | None:
    """How many bytes of `source` hold every element named in `names` (by local name):
    past them the part holds none, whatever it holds besides (a million formatted blank
    cells, say). Known to within a chunk; None where the part is not well-formed XML or
    the parser does not bound entities, for the whole parse to say what it says.

    A cheap pass: expat with no Python code per element (the end handler is a set's
    `add`), three to four times faster than building each element."""
    if not EXPAT_BOUNDS_ENTITIES:
        return None
    parser = pyexpat.ParserCreate()
    closed: set[str] = set()
    parser.EndElementHandler = closed.add
    end = read = 0
    try:
        while chunk := source.read(CHUNK):
            parser.Parse(chunk, False)
            read += len(chunk)
            if any(name.rpartition(":")[2] in names for name in closed):
                end = read
            closed.clear()
        parser.Parse(b"", True)
    except pyexpat.ExpatError:
        return None
    return end


def events_through(source: Any, end: int, last: str) -> Iterator[Any]:
    """The end events of parsing `source` through its first `end` bytes, then on to where
    an element named `last` (by local name) closes: what follows holds nothing read."""
    parser: Any = ElementTree.XMLPullParser(("end",))
    parsed = 0
    while chunk := source.read(CHUNK):
        past = parsed >= end  # every event of this chunk comes after the first `end` bytes
        parser.feed(chunk)
        parsed += len(chunk)
        for event in parser.read_events():
            yield event
            if past and _local(event[1].tag) == last:
                return
    parser.close()
    yield from parser.read_events()


# what parsing a damaged part raises (the reading around it is ictrank's: a bug of its own
# is an internal error, never a "damaged file")
PARSE_ERRORS = (ElementTree.ParseError, DefusedXmlException)


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]
