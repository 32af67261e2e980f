"""Where criteria files are found, and reading one from disk.

`-c FILE` if given (or the name of a bundled set), else ./criteria.yaml, else the
bundled default set (docs/cli.md, "Which criteria").
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from ictrank.codes import Code
from ictrank.criteria.checker import parse_criteria
from ictrank.criteria.model import Criteria
from ictrank.errors import CriteriaError, IctrankError
from ictrank.messages import msg
from ictrank.report import Problem

DEFAULT_CRITERIA = "laocai-2014"
LOCAL_CRITERIA = "criteria.yaml"


def bundled_criteria_path(name: str = DEFAULT_CRITERIA) -> Path | None:
    """A criteria set shipped with ictrank, by name (`undp-hdi` or `undp-hdi.yaml`)."""
    file = name if name.endswith(".yaml") else f"{name}.yaml"
    try:
        candidate = Path(str(resources.files("ictrank.criteria_sets").joinpath(file)))
    except ModuleNotFoundError:  # running from a source tree that was never installed
        candidate = Path(__file__).resolve().parents[2] / "criteria" / file
    return candidate if candidate.is_file() else None


def resolve_criteria_path(given: str | None) -> Path:
    """The criteria file a command uses: `given`, else ./criteria.yaml, else the default."""
    if not given:
        local = Path(LOCAL_CRITERIA)
        return local if local.is_file() else _bundled_or_fail(DEFAULT_CRITERIA)
    path = Path(given)
    return path if path.is_file() else _bundled_or_fail(given)


def _bundled_or_fail(name: str) -> Path:
    path = bundled_criteria_path(name)
    if path is None:
        raise IctrankError(msg("criteria.not_found", name=name), Code.CRITERIA_NOT_FOUND)
    return path


def load_criteria(path: str | Path) -> Criteria:
    """Read and check a criteria file."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise IctrankError(msg("criteria.cannot_read", path=path, error=exc.strerror),
                           Code.CRITERIA_NOT_FOUND) from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CriteriaError([Problem.in_criteria(str(path), None, "", Code.NOT_YAML,
                                             msg("criteria.not_utf8", byte=exc.start),
                                             msg("criteria.save_utf8"))]) from exc
    return parse_criteria(text, str(path))
