"""What a spreadsheet number format says about reading a number: shown as a percentage,
as a zero-padded id, or as a date.

A format code has up to four sections (positive;negative;zero;text). Which section a
number is shown by depends on its sign, and only that section's characters count: `%`
inside quotes (`0"%"`), escaped (`0\\%`) or in another section (`0;-0%`) is a literal
and does not scale the number, as Excel and LibreOffice show it. The code is tokenised
here, character by character (it is format text, not XML).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Section:
    """One section of a format code, with its literals removed."""

    percents: int  # unquoted `%` signs: each shows the number times 100
    padded: int  # width of an id format such as `000` (0 where not one)


@dataclass(frozen=True)
class NumberFormat:
    """The sections of a format code that change how a number reads."""

    sections: tuple[Section, ...]
    date: bool  # the number is a date or time serial
    timedelta: bool  # an elapsed time ([h]:mm)

    def section(self, value: float) -> Section:
        """The section Excel shows `value` by."""
        count = len(self.sections)
        if value < 0 and count >= 2:
            return self.sections[1]
        if value == 0 and count >= 3:
            return self.sections[2]
        return self.sections[0]

    @property
    def matters(self) -> bool:
        """True where some number reads otherwise than plain under this format."""
        return self.date or any(s.percents or s.padded for s in self.sections)


def _literal_free(code: str) -> list[str]:
    """The sections of `code`, each without quoted text, escaped characters, bracketed
    parts ([Red], [$-42A], [h]: kept as `[h]` marks for elapsed time), and the `_x`/`*x`
    spacing and fill pairs."""
    sections: list[str] = []
    current: list[str] = []
    i, n = 0, len(code)
    while i < n:
        char = code[i]
        if char == '"':
            end = code.find('"', i + 1)
            i = n if end < 0 else end + 1
            continue
        if char in "\\_*":  # the next character is shown, padded for, or repeated
            i += 2
            continue
        if char == "[":
            end = code.find("]", i + 1)
            inside = code[i + 1: end if end >= 0 else n].lower()
            if inside and set(inside) <= set("hms"):
                current.append("[h]")  # elapsed hours, minutes or seconds
            i = n if end < 0 else end + 1
            continue
        if char == ";":
            sections.append("".join(current))
            current = []
        else:
            current.append(char)
        i += 1
    sections.append("".join(current))
    return sections


_DATE_LETTERS = frozenset("dmyhs")  # day, month or minute, year, hour, second


def _is_padded(section: str) -> int:
    stripped = section.strip()
    return len(stripped) if len(stripped) >= 2 and set(stripped) == {"0"} else 0


@lru_cache(maxsize=512)
def parse(code: str | None) -> NumberFormat:
    """The parts of `code` that matter for reading (General and None: none)."""
    if not code or code.lower() == "general":
        return NumberFormat((Section(0, 0),), False, False)
    parts = _literal_free(code)
    numeric = parts[:3] or [""]
    sections = tuple(Section(s.count("%"), _is_padded(s)) for s in numeric)
    first = parts[0].lower()
    timedelta = "[h]" in first
    date = timedelta or any(letter in _DATE_LETTERS for letter in first.replace("general", ""))
    return NumberFormat(sections, date, timedelta)
