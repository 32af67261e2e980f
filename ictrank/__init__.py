"""ictrank: rank agencies by a weighted ICT-application index.

The Python API (docs/api.md), the same as the command line's:

    import ictrank
    ranking = ictrank.score("samples/laocai-2014.csv", criteria="laocai-2014")
    ranking.to_frame()
    ictrank.validate(["bao-cao/"]).valid
    ictrank.load_criteria("undp-hdi")

Names are loaded on first use, so that `ictrank --help` does not import pandas.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "score": "ictrank.api", "rank_periods": "ictrank.api", "validate": "ictrank.api",
    "audit": "ictrank.api",
    "load_criteria": "ictrank.api", "read_options": "ictrank.api", "language": "ictrank.api",
    "Criteria": "ictrank.criteria", "Ranking": "ictrank.ranking", "Panel": "ictrank.panel",
    "Report": "ictrank.report", "Problem": "ictrank.report", "Code": "ictrank.codes",
    "IctrankError": "ictrank.errors", "CriteriaError": "ictrank.errors",
    "SheetError": "ictrank.errors", "UsageError": "ictrank.errors",
}

__all__ = [
    "Code", "Criteria", "CriteriaError", "IctrankError", "Panel", "Problem", "Ranking",
    "Report", "SheetError", "UsageError", "__version__", "audit", "language", "load_criteria",
    "rank_periods", "read_options", "score", "validate",
]

if TYPE_CHECKING:
    from ictrank.api import (
        audit,
        language,
        load_criteria,
        rank_periods,
        read_options,
        score,
        validate,
    )
    from ictrank.codes import Code
    from ictrank.criteria import Criteria
    from ictrank.errors import CriteriaError, IctrankError, SheetError, UsageError
    from ictrank.panel import Panel
    from ictrank.ranking import Ranking
    from ictrank.report import Problem, Report


def __getattr__(name: str) -> Any:
    """A public name of the API, imported from its module when first asked for (PEP 562)."""
    if name not in _EXPORTS:
        raise AttributeError(f"module 'ictrank' has no attribute {name!r}")
    value = getattr(importlib.import_module(_EXPORTS[name]), name)
    globals()[name] = value
    return value
