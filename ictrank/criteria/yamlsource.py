"""Safe YAML loading that keeps line numbers and rejects duplicate keys.

PyYAML's safe loader silently keeps the last of two equal keys and forgets
where every value came from; an analyst needs both to fix a criteria file.
"""

from __future__ import annotations

from typing import Any

import yaml

from ictrank.codes import Code
from ictrank.messages import Message, msg
from ictrank.report import Problem


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


MAX_DEPTH = 64  # mappings and lists nested in one another
MAX_VALUES = 100_000  # values after aliases are expanded: a few bytes of aliases can mean billions


class _TooLarge(Exception):
    pass


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


def _too_deep(text: str, loader_class: type[yaml.SafeLoader]) -> int | None:
    """The line where the nesting passes MAX_DEPTH, found from the parser's events (which
    do not recurse, where building the document would)."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=loader_class):
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    return int(mark.line) + 1 if mark is not None else 1
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        return None  # reported when the document is built
    return None


class _Converter:
    """Nodes into YMap/YList/scalars, counting values so that aliases cannot explode."""

    def __init__(self, loader: yaml.SafeLoader, file: str, problems: list[Problem]):
        self.loader = loader
        self.file = file
        self.problems = problems
        self.values = 0

    def convert(self, node: yaml.Node, path: str) -> Any:
        self.values += 1
        if self.values > MAX_VALUES:
            raise _TooLarge
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            items = YList()
            items.line = _line(node)
            items.item_lines = []
            for i, item in enumerate(node.value):
                items.item_lines.append(_line(item))
                items.append(self.convert(item, f"{path}[{i}]"))
            return items
        try:
            return self.loader.construct_object(node, deep=True)
        except (ValueError, OverflowError):  # a date that is none: 2025-02-30
            self.problems.append(Problem.in_criteria(self.file, _line(node), path,
                                                 Code.INVALID_VALUE,
                                                 msg("yaml.bad_scalar", value=str(node.value))))
            return None

    def mapping(self, node: yaml.MappingNode, path: str) -> YMap:
        self.loader.flatten_mapping(node)
        result = YMap()
        result.line = _line(node)
        result.key_lines = {}
        for key_node, value_node in node.value:
            key = self.loader.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                self.problems.append(Problem.in_criteria(self.file, _line(key_node), path,
                                                     Code.WRONG_TYPE,
                                                     msg("yaml.key_not_name", key=repr(key))))
                continue
            child_path = f"{path}.{key}" if path else key
            if key in result:
                self.problems.append(Problem.in_criteria(
                    self.file, _line(key_node), child_path, Code.DUPLICATE_KEY,
                    msg("yaml.duplicate_key", key=key, line=result.key_lines[key]),
                    msg("yaml.remove_one")))
                continue
            result.key_lines[key] = _line(key_node)
            result[key] = self.convert(value_node, child_path)
        return result


def load_yaml(text: str, file: str) -> tuple[Any, list[Problem]]:
    """Parse YAML text into YMap/YList/scalars; syntax errors and duplicate keys are problems."""
    data, problems = _load(text, file, FAST_LOADER)
    if data is None and FAST_LOADER is not yaml.SafeLoader:
        return _load(text, file, yaml.SafeLoader)
    return data, problems


def _load(text: str, file: str,
          loader_class: type[yaml.SafeLoader]) -> tuple[Any, list[Problem]]:

    def unreadable(line: int | None, message: Message) -> tuple[None, list[Problem]]:
        return None, [Problem.in_criteria(file, line, "", Code.NOT_YAML, message)]

    deep_at = _too_deep(text, loader_class)
    if deep_at is not None:
        return unreadable(deep_at, msg("yaml.nested", levels=MAX_DEPTH))
    try:
        loader = loader_class(text)
    except yaml.YAMLError as exc:  # the reader rejects control characters up front
        return unreadable(None, msg("yaml.not_yaml", error=str(exc).splitlines()[0]))
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = int(mark.line) + 1 if mark is not None else None
            what = exc.problem or exc.context or "invalid YAML"
            return unreadable(line, msg("yaml.syntax", error=what))
        except yaml.YAMLError as exc:
            return unreadable(None, msg("yaml.syntax", error=exc))
        if node is None:
            return unreadable(None, msg("yaml.empty"))
        problems: list[Problem] = []
        try:
            data = _Converter(loader, file, problems).convert(node, "")
        except yaml.MarkedYAMLError as exc:  # a tag or value that cannot be built
            mark = exc.problem_mark or exc.context_mark
            return unreadable(int(mark.line) + 1 if mark is not None else None,
                              msg("yaml.error", error=exc.problem or exc.context))
        except yaml.YAMLError as exc:
            return unreadable(None, msg("yaml.error", error=exc))
        except _TooLarge:
            return unreadable(None, msg("yaml.aliases", limit=MAX_VALUES))
        except RecursionError:
            return unreadable(None, msg("yaml.too_nested"))
        return data, problems
    finally:
        loader.dispose()
