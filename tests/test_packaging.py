"""What `pip install .` ships: every package of the source tree (pyproject.toml lists them)."""

from __future__ import annotations

import tomllib

from conftest import ROOT


def test_every_package_of_the_source_is_listed_for_installation():
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
                 ["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts)
             for p in (ROOT / "ictrank").rglob("__init__.py")}
    assert found <= listed, f"not installed: {sorted(found - listed)}"
