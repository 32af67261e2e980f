"""Errors the library raises; the CLI turns them into messages and exit codes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ictrank.codes import Code

if TYPE_CHECKING:
    from ictrank.report import Report


class IctrankError(Exception):
    """Anything the user can fix: bad input, a missing file, an impossible request."""

    def __init__(self, message: str, code: Code):
        self.code = code
        super().__init__(message)


@dataclass(frozen=True)
class CriteriaProblem:
    """One thing wrong in a criteria file, located by line and YAML path."""

    file: str
    line: int | None
    path: str
    code: Code
    message: str
    hint: str | None = None

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        text = f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text


class CriteriaError(IctrankError):
    """A criteria file that cannot be used; carries every problem found."""

    def __init__(self, problems: list[CriteriaProblem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems),
                         problems[0].code if problems else Code.NOT_YAML)


class SheetError(IctrankError):
    """Indicator data that cannot be scored; carries the validation report."""

    def __init__(self, report: Report):
        self.report = report
        errors = report.errors
        n = len(errors)
        super().__init__(f"{n} problem{'s' if n != 1 else ''} in the indicator data",
                         errors[0].code if errors else Code.UNREADABLE_FILE)

    @classmethod
    def single(cls, file: str, code: Code, message: str) -> SheetError:
        """A sheet that cannot be read at all: one problem, no row or column."""
        from ictrank.report import Problem, Report

        return cls(Report([Problem(file, None, None, code, message)]))
