"""Safe YAML loading that keeps line numbers and rejects duplicate keys.

PyYAML's safe loader silently keeps the last of two equal keys and forgets
where every value came from; an analyst needs both to fix a criteria file.
"""

from __future__ import annotations

from typing import Any

import yaml

from ictrank.codes import Code
from ictrank.errors import CriteriaProblem


class YMap(dict[str, Any]):
    """A YAML mapping that remembers its line and the line of each key."""

    line: int
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class YList(list[Any]):
    """A YAML sequence that remembers its line and the line of each item."""

    line: int
    item_lines: list[int]


# libyaml's parser where PyYAML was built with it (every PyYAML wheel is) reads a criteria
# file ten times faster than the pure-Python one, to the same nodes and marks. A file it
# cannot read is read again by the pure-Python parser, whose messages are more precise
# (they name the character or the alias at fault).
FAST_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


def _convert(
    node: yaml.Node, loader: yaml.SafeLoader, file: str, path: str, problems: list[CriteriaProblem]
) -> Any:
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)
        result = YMap()
        result.line = _line(node)
        result.key_lines = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                problems.append(
                    CriteriaProblem(file, _line(key_node), path, Code.WRONG_TYPE,
                                    f"key {key!r} is not a name")
                )
                continue
            child_path = f"{path}.{key}" if path else key
            if key in result:
                problems.append(
                    CriteriaProblem(
                        file,
                        _line(key_node),
                        child_path,
                        Code.DUPLICATE_KEY,
                        f"duplicate key `{key}` (first given on line {result.key_lines[key]})",
                        "remove one of the two",
                    )
                )
                continue
            result.key_lines[key] = _line(key_node)
            result[key] = _convert(value_node, loader, file, child_path, problems)
        return result
    if isinstance(node, yaml.SequenceNode):
        items = YList()
        items.line = _line(node)
        items.item_lines = []
        for i, item in enumerate(node.value):
            items.item_lines.append(_line(item))
            items.append(_convert(item, loader, file, f"{path}[{i}]", problems))
        return items
    return loader.construct_object(node, deep=True)


def load_yaml(text: str, file: str) -> tuple[Any, list[CriteriaProblem]]:
    """Parse YAML text into YMap/YList/scalars; syntax errors and duplicate keys are problems."""
    data, problems = _load(text, file, FAST_LOADER)
    if data is None and FAST_LOADER is not yaml.SafeLoader:
        return _load(text, file, yaml.SafeLoader)
    return data, problems


def _load(text: str, file: str,
          loader_class: type[yaml.SafeLoader]) -> tuple[Any, list[CriteriaProblem]]:

    def unreadable(line: int | None, message: str) -> tuple[None, list[CriteriaProblem]]:
        return None, [CriteriaProblem(file, line, "", Code.NOT_YAML, message)]

    try:
        loader = loader_class(text)
    except yaml.YAMLError as exc:  # the reader rejects control characters up front
        return unreadable(None, f"not YAML text: {exc}")
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = int(mark.line) + 1 if mark is not None else None
            what = exc.problem or exc.context or "invalid YAML"
            return unreadable(line, f"YAML syntax error: {what}")
        except yaml.YAMLError as exc:
            return unreadable(None, f"YAML syntax error: {exc}")
        if node is None:
            return unreadable(None, "the file is empty")
        problems: list[CriteriaProblem] = []
        try:
            data = _convert(node, loader, file, "", problems)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            return unreadable(int(mark.line) + 1 if mark is not None else None,
                              f"YAML error: {exc}")
        except RecursionError:
            return unreadable(None, "the YAML is nested too deeply")
        return data, problems
    finally:
        loader.dispose()
