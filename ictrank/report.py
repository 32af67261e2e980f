"""A validation report: every problem found in the indicator sheets, not just the first."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import Any

from ictrank.codes import Code, Severity
from ictrank.messages import column_label, msg, say

MAX_PROBLEMS = 10_000  # listed per sheet; more are counted in one `too-many-problems` line



@dataclass(frozen=True)
class Problem:
    """One problem, located the way its reader finds it: a sheet's row (header = 1),
    column and cell, or a criteria file's line (`row`) and YAML path, with a hint.

    The severity is the code's own unless given. One record for every problem ictrank
    reports, in a sheet, a criteria file, the scoring or a run."""

    file: str
    row: int | None
    column: str | None
    code: Code
    message: str
    severity: Severity = None  # type: ignore[assignment]  # the code's, set below
    cell: str | None = None
    path: str | None = None  # a criteria file's YAML path, such as criteria[2].weight
    hint: str | None = None  # how to fix it, where one helps

    @classmethod
    def in_criteria(cls, file: str, line: int | None, path: str, code: Code, message: str,
                    hint: str | None = None) -> Problem:
        """A problem of a criteria file, at its line and YAML path."""
        return cls(file, line, None, code, message, path=path, hint=hint)

    def __post_init__(self) -> None:
        if self.severity is None:
            object.__setattr__(self, "severity", self.code.severity)

    def location(self, lang: str = "en") -> str:
        if self.path is not None:  # a criteria file: file:line: path
            where = self.file if self.row is None else f"{self.file}:{self.row}"
            return f"{where}: {self.path}" if self.path else where
        parts = [self.file]
        if self.row is not None:
            parts.append(msg("report.row_n", row=self.row).text(lang))
        if self.column is not None:
            parts.append(msg("report.column_n", column=column_label(self.column, lang)
                             ).text(lang))
        if self.cell is not None:
            parts.append(msg("report.cell_n", cell=self.cell).text(lang))
        return ", ".join(parts)

    def text(self, lang: str = "en") -> str:
        """The message in `lang`."""
        return say(self.message, lang)

    def described(self, lang: str = "en") -> str:
        """Where, what and the hint."""
        hint = f" ({say(self.hint, lang)})" if self.hint else ""
        return f"{self.location(lang)}: {self.text(lang)}{hint}"

    def line(self, lang: str = "en") -> str:
        """Where, what, the hint and the code, on one line."""
        return f"{self.described(lang)} [{self.code}]"

    def __str__(self) -> str:
        return self.line()

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        data = asdict(self)
        data["code"] = str(self.code)
        data["message"] = self.text(lang)
        if self.column is not None:
            data["column"] = column_label(self.column, lang)
        for key in ("cell", "path", "hint"):  # a sheet's problem has no path, and so on
            if data[key] is None:
                del data[key]
        if self.hint is not None:
            data["hint"] = say(self.hint, lang)
        return data


@dataclass
class Report:
    """Problems collected over one or more sheets."""

    problems: list[Problem] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)

    def extend(self, problems: list[Problem]) -> None:
        self.problems.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def notes(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "info"]

    @property
    def valid(self) -> bool:
        return not self.errors

    def strict(self) -> Report:
        """The report under `--strict`: every warning an error (notes stay notes)."""
        return Report([replace(p, severity="error") if p.severity == "warning" else p
                       for p in self.problems])

    def sorted(self) -> list[Problem]:
        """Problems in reading order: file, row, then column, so a user can work down the sheet."""
        return sorted(
            self.problems,
            key=lambda p: (p.file, p.row if p.row is not None else 0, p.column or "", p.code),
        )

    def shown(self, max_errors: int | None) -> list[Problem]:
        """Problems in reading order with at most `max_errors` errors; warnings all stay."""
        if max_errors is None:
            return self.sorted()
        out, errors = [], 0
        for p in self.sorted():
            if p.severity == "error":
                errors += 1
                if errors > max_errors:
                    continue
            out.append(p)
        return out

    def count_unlisted(self, file: str, unlisted: int, warnings: int = 0) -> None:
        """One line for the errors past MAX_PROBLEMS that were counted, not listed, and one
        (a warning) for the warnings: warnings alone never make a sheet invalid."""
        if unlisted:
            self.add(Problem(file, None, None, Code.TOO_MANY_PROBLEMS,
                             msg("report.too_many", count=unlisted)))
        if warnings:
            self.add(Problem(file, None, None, Code.TOO_MANY_PROBLEMS,
                             msg("report.too_many_warnings", count=warnings),
                             severity="warning"))

    def to_dict(self, max_errors: int | None = None, lang: str = "en") -> dict[str, Any]:
        """`valid`, `errors`, `warnings`, `notes` when there are any; with `max_errors`,
        also how many errors are not listed (`truncated`). Messages in `lang`."""
        shown = self.shown(max_errors)
        data: dict[str, Any] = {
            "valid": self.valid,
            "errors": [p.to_dict(lang) for p in shown if p.severity == "error"],
            "warnings": [p.to_dict(lang) for p in shown if p.severity == "warning"],
        }
        notes = [p.to_dict(lang) for p in shown if p.severity == "info"]
        if notes:
            data["notes"] = notes
        hidden = len(self.errors) - len(data["errors"])
        if hidden:
            data["truncated"] = hidden
        return data
