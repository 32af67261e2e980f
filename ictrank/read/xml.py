"""Parsing the XML parts of a workbook as a stream, safely.
"""

from __future__ import annotations

import pyexpat
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


# what parsing a damaged part raises (the reading around it is ictrank's: a bug of its own
# is an internal error, never a "damaged file")
PARSE_ERRORS = (ElementTree.ParseError, DefusedXmlException)


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]
