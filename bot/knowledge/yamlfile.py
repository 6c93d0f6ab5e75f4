"""Read one YAML file of an answer set: its data, each field's line, and validation errors as file:line: field."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available


@dataclass(frozen=True)
class LoadError:
    """One problem in one file, for people."""

    path: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class KnowledgeError(Exception):
    """The answer set cannot be served at all; .errors lists every problem found."""

    def __init__(self, errors: list[LoadError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))



def _lines(node: yaml.Node, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], int]]:
    yield path, node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield (*path, key.value), key.start_mark.line + 1
            for sub, line in _lines(value, (*path, key.value)):
                if sub != (*path, key.value):
                    yield sub, line
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            yield from _lines(item, (*path, i))


def line_map(text: str) -> dict[tuple[Any, ...], int]:
    """Return the line of every field path in a YAML text."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError:
        return {}
    return dict(_lines(node)) if node is not None else {}


def line_for(lines: dict[tuple[Any, ...], int], loc: tuple[Any, ...]) -> int:
    """Return the line of a field path, or of its nearest parent that has one."""
    for end in range(len(loc), 0, -1):
        if loc[:end] in lines:
            return lines[loc[:end]]
    return 1


def field_name(loc: tuple[Any, ...]) -> str:
    return ".".join(str(p) if not isinstance(p, int) else f"[{p}]" for p in loc).replace(".[", "[")


def _message(err: Any) -> str:
    if err["type"] == "missing":
        return "field required"
    if err["type"] == "extra_forbidden":
        return "unknown field"
    msg = str(err["msg"]).replace("Tuple should", "List should").replace("tuple should", "list should")
    msg = msg.removeprefix("Value error, ")
    return msg[0].lower() + msg[1:] if msg else msg


_DATE_VALUE = re.compile(r"^\s*-?\s*([\w.-]+)?\s*:?\s*['\"]?(\d{4}-\d{1,2}-\d{1,2})\b")


def _bad_date(text: str) -> tuple[int, str]:
    """Return the line and key of the first date-looking value that is not a real date."""
    for number, line in enumerate(text.splitlines(), start=1):
        match = _DATE_VALUE.match(line)
        if match:
            try:
                dt.date(*(int(part) for part in match[2].split("-")))
            except ValueError:
                return number, match[1] or ""
    return 1, ""


def read(path: Path, display: str) -> tuple[Any, str, list[LoadError]]:
    """Return a file's data, text and the problems that are this file's own (an impossible date, like 2026-02-30,
    as the field holding it); raise KnowledgeError when it cannot be read as YAML at all."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise KnowledgeError([LoadError(display, 1, "", f"cannot read: {exc}")]) from None
    try:
        return yaml.load(text, Loader=_Loader), text, []  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        raise KnowledgeError([LoadError(display, mark.line + 1 if mark else 1, "", f"invalid YAML: {problem}")]
                             ) from None
    except (ValueError, OverflowError) as exc:  # a timestamp YAML accepts but the calendar does not: 2026-02-30
        line, name = _bad_date(text)
        return None, text, [LoadError(display, line, name, f"invalid date: {exc}")]


def validate(model: type[BaseModel], data: Any, text: str, display: str) -> tuple[Any, list[LoadError]]:
    """Return (the model or None, problems with file:line: field)."""
    if not isinstance(data, dict):
        return None, [LoadError(display, 1, "", "expected a mapping of fields at the top level")]
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        lines = line_map(text)
        out = []
        for err in exc.errors():
            loc = tuple(err["loc"])
            message = _message(err)
            if not loc and ":" in message:  # a check across fields names its field first ("facets: ...")
                name, message = message.split(":", 1)
                loc = tuple(name.split("."))
                message = message.strip()
            out.append(LoadError(display, line_for(lines, loc), field_name(loc), message))
        return None, out
