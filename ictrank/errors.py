"""Errors the library raises; the CLI turns them into messages and exit codes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ictrank.codes import Code
from ictrank.messages import msg, say

if TYPE_CHECKING:
    from ictrank.report import Problem, Report


class IctrankError(Exception):
    """Anything the user can fix: bad input, a missing file, an impossible request."""

    def __init__(self, message: str, code: Code):
        self.code = code
        self.message = message  # a catalogue Message where it comes from ictrank
        super().__init__(message)

    def text(self, lang: str = "en") -> str:
        return say(self.message, lang)


class UsageError(IctrankError):
    """Options that cannot go together, or that the data cannot meet (`--period 2030` of a
    sheet without it): the CLI reports it as a usage error (exit code 2)."""

    def __init__(self, message: str):
        super().__init__(message, Code.INVALID_ARGUMENT)


class CriteriaError(IctrankError):
    """A criteria file that cannot be used; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(p.described() for p in problems),
                         problems[0].code if problems else Code.NOT_YAML)


class SheetError(IctrankError):
    """Indicator data that cannot be scored; carries the validation report."""

    def __init__(self, report: Report):
        self.report = report
        errors = report.errors
        super().__init__(msg("sheet.problem" if len(errors) == 1 else "sheet.problems",
                             count=len(errors)),
                         errors[0].code if errors else Code.UNREADABLE_FILE)

    @classmethod
    def single(cls, file: str, code: Code, message: str) -> SheetError:
        """A sheet that cannot be read at all: one problem, no row or column."""
        from ictrank.report import Problem, Report

        return cls(Report([Problem(file, None, None, code, message)]))
