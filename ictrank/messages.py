"""The one catalogue of what ictrank says, in English and Vietnamese.

Library code builds a `Message` from a key and its values; the message is its
English text (a `str`, so logs, tests and `str()` read as before) and knows how
to say itself in Vietnamese (`say(message, "vi")`). Renderers and the CLI say
each message in the language asked for. Words of the interface (headers,
summary words) are entries too, read with `term(key, lang)`.

Placeholders follow `str.format`; a value that is itself a Message is said in
the same language. tests/test_messages.py checks that every entry has both
languages with the same placeholders, and that no command run with `--lang vi`
prints a word found only on the English side.
"""

from __future__ import annotations

import re
from typing import Any


def _catalogue() -> dict[str, tuple[str, str]]:
    """The catalogue, imported when the first message is said (`--help` says none)."""
    from ictrank.messages_catalogue import CATALOGUE

    return CATALOGUE


class _Hole:
    """A placeholder not filled yet (a cell's value, filled per cell): kept as written."""

    def __init__(self, name: str):
        self.name = name

    def __format__(self, spec: str) -> str:
        return "{" + self.name + (":" + spec if spec else "") + "}"

    def __repr__(self) -> str:
        return "{" + self.name + "!r}"

    def __str__(self) -> str:
        return "{" + self.name + "!s}"


class _Values(dict[str, Any]):
    def __missing__(self, key: str) -> _Hole:
        return _Hole(key)


class _VietnameseNumber:
    """A number placed in a Vietnamese message: grouped the Vietnamese way (1.000.000;
    a decimal comma), where the message groups it ({limit:,})."""

    def __init__(self, number: int | float):
        self.number = number

    def __format__(self, spec: str) -> str:
        text = format(self.number, spec)
        return text.translate(VIETNAMESE_MARKS) if "," in spec else text

    def __str__(self) -> str:
        return str(self.number)

    def __repr__(self) -> str:
        return repr(self.number)


VIETNAMESE_MARKS = str.maketrans(",.", ".,")  # 1,234.5 -> 1.234,5


def _fill(template: str, params: dict[str, Any], lang: str) -> str:
    # a Message, or any value that says itself (`text(lang)`), in the same language; a
    # blank header's placeholder too; in Vietnamese, a grouped number grouped with dots
    values = _Values({k: (v.text(lang) if callable(getattr(v, "text", None)) else
                          column_label(v, lang) if isinstance(v, str) and v.startswith("(")
                          else _VietnameseNumber(v) if lang == "vi" and isinstance(
                              v, (int, float)) and not isinstance(v, bool)
                          else v)
                      for k, v in params.items()})
    return template.format_map(values)


class Message(str):
    """A catalogue entry with its values: English as a string, Vietnamese on request."""

    key: str
    params: dict[str, Any]

    def __new__(cls, key: str, /, **params: Any) -> Message:
        self = super().__new__(cls, _fill(_catalogue()[key][0], params, "en"))
        self.key = key
        self.params = params
        return self

    def filled(self, **more: Any) -> Message:
        """The same message with more values (a cell's value, once the cell is known)."""
        return Message(self.key, **{**self.params, **more})

    def text(self, lang: str) -> str:
        if lang != "vi":
            return str.__str__(self)
        return _fill(_catalogue()[self.key][1], self.params, lang)

    def __deepcopy__(self, memo: dict[int, Any]) -> Message:
        return self  # immutable

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (self.key, self.params))


def _rebuild(key: str, params: dict[str, Any]) -> Message:
    return Message(key, **params)


_BLANK_HEADER = re.compile(r"\(blank header (\d+)\)")  # sheets.column_names' placeholder


def column_label(column: str, lang: str) -> str:
    """A column as the sheet names it, or a blank header's placeholder in `lang`."""
    blank = _BLANK_HEADER.fullmatch(column)
    if blank is None or lang == "en":
        return column
    return Message("read.blank_header", number=int(blank.group(1))).text(lang)


def msg(key: str, /, **params: Any) -> Message:
    return Message(key, **params)


def say(text: object, lang: str) -> str:
    """`text` in `lang`: a Message in its language, anything else as it is (data, names)."""
    if isinstance(text, Message):
        return text.text(lang)
    return str(text)


def term(key: str, lang: str) -> str:
    """A word of the interface (a header, a summary word) in `lang`."""
    english, vietnamese = _catalogue()[key]
    return vietnamese if lang == "vi" else english
