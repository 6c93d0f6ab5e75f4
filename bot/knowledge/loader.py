"""Load an answer set from YAML files; every problem names its file, line and field.

Serving takes what is fit to serve: published entries that validate and have no placeholders. A file that is
invalid, unfinished or a draft is left out and reported, and the rest serves. Only a problem with the set as a
whole (entities.yaml, a file that is not YAML at all, nothing left to serve) rejects it, so a reload keeps the
previous set.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.util
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from bot.core.answer_set import AnswerSet
from bot.core.matching.entity_file import EntitiesFile
from bot.core.matching.intent import IntentModel
from bot.core.models import Entry
from bot.core.thresholds import Thresholds

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available

ENTITIES_FILE = "entities.yaml"
ANSWERS_DIR = "answers"
INTENT_FILE = "intent.json"  # an answer set may carry its own intent model (privacy-bot train --output)
PLACEHOLDER = re.compile(r"\bTODO\b")


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


@dataclass(frozen=True)
class Knowledge:
    """What loading found: the set to serve, the files left out (and why), and the drafts."""

    answers: AnswerSet
    problems: list[LoadError] = field(default_factory=list)
    drafts: list[str] = field(default_factory=list)


def default_knowledge_dir() -> Path:
    """Return the answer set shipped with the package (or the checkout's knowledge/)."""
    checkout = Path(__file__).resolve().parents[2] / "knowledge"
    if (checkout / ENTITIES_FILE).is_file():
        return checkout
    spec = importlib.util.find_spec("bot._knowledge")
    if spec and spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations)))
    return checkout


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


def _field(loc: tuple[Any, ...]) -> str:
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


def _read(path: Path, display: str) -> tuple[Any, str]:
    """Return a file's data and text; raise KnowledgeError when it cannot be read as YAML at all."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise KnowledgeError([LoadError(display, 1, "", f"cannot read: {exc}")]) from None
    try:
        return yaml.load(text, Loader=_Loader), text  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        raise KnowledgeError([LoadError(display, mark.line + 1 if mark else 1, "", f"invalid YAML: {problem}")]
                             ) from None
    except (ValueError, OverflowError) as exc:  # a timestamp YAML accepts but the calendar does not: 2026-02-30
        line, name = _bad_date(text)
        raise KnowledgeError([LoadError(display, line, name, f"invalid date: {exc}")]) from None


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
            out.append(LoadError(display, line_for(lines, loc), _field(loc), message))
        return None, out


def _display(path: Path) -> str:
    """Return the path as people should see it: relative to the working directory where possible."""
    try:
        return str(path.absolute().relative_to(Path.cwd().absolute()))
    except ValueError:
        return str(path)


def load_entities(directory: Path) -> EntitiesFile:
    """Load entities.yaml; raise KnowledgeError listing its problems."""
    path = directory / ENTITIES_FILE
    display = _display(path)
    if not path.is_file():
        raise KnowledgeError([LoadError(display, 1, "", "file not found")])
    data, text = _read(path, display)
    entities: EntitiesFile | None
    entities, errors = validate(EntitiesFile, data, text, display)
    if entities is None:
        raise KnowledgeError(errors)
    lines = line_map(text)
    # every id one entry of the file names: (where, field, kind of id, the id)
    refs: list[tuple[tuple[str, ...], str, str, str]] = [
        (("platforms", pid, "operator"), f"platforms.{pid}.operator", "provider", p.operator)
        for pid, p in entities.platforms.items()]
    refs += [((kind, ident, field), f"{kind}.{ident}.{field}", "platform", plat)
             for kind, items in (("providers", entities.providers), ("platforms", entities.platforms))
             for ident, spec in items.items() for field in ("api_platform", "cloud_platform")
             if (plat := getattr(spec, field, None)) is not None]
    refs += [(("ambiguous", alias), f"ambiguous.{alias}", "", ident) for alias, ids in entities.ambiguous.items()
             for ident in ids]
    refs += [(("implies", alias), f"implies.{alias}.{what}", what, getattr(both, what))
             for alias, both in entities.implies.items() for what in ("provider", "platform")]
    known = {"provider": set(entities.providers), "platform": set(entities.platforms)}
    known[""] = known["provider"] | known["platform"]
    errors += [LoadError(display, line_for(lines, where), label, f"unknown {what + ' ' if what else ''}id {ident!r}")
               for where, label, what, ident in refs if ident not in known[what]]
    if errors:
        raise KnowledgeError(errors)
    return entities


def answer_files(directory: Path) -> list[Path]:
    """Return the entry files of an answer set, sorted."""
    return sorted((directory / ANSWERS_DIR).rglob("*.yaml"))


def load_entry(path: Path, entities: EntitiesFile) -> tuple[Entry | None, str, list[LoadError]]:
    """Load one entry file: (the entry, its version hash, problems). Raise KnowledgeError if it is not YAML."""
    display = _display(path)
    data, text = _read(path, display)
    entry, errors = validate(Entry, data, text, display)
    if entry is None:
        return None, "", errors
    for kind, known in (("providers", entities.providers), ("platforms", entities.platforms)):
        for i, ident in enumerate(getattr(entry.applies_to, kind)):
            if ident not in known:
                loc = ("applies_to", kind, i)
                errors.append(LoadError(display, line_for(line_map(text), loc), _field(loc),
                                        f"unknown {kind[:-1]} id {ident!r} (see {ENTITIES_FILE})"))
    if entry.id != path.stem:
        errors.append(LoadError(display, line_for(line_map(text), ("id",)), "id",
                                f"must equal the file name ({path.stem!r})"))
    if entry.status == "published" and "TODO" in text:
        for n, line in enumerate(text.splitlines(), start=1):
            if PLACEHOLDER.search(line) and not line.lstrip().startswith("#"):
                errors.append(LoadError(display, n, "", "unfinished: replace the TODO placeholder"))
    return entry, hashlib.sha256(text.encode()).hexdigest()[:12], errors


def load_knowledge(directory: Path | str, thresholds: Thresholds | None = None) -> Knowledge:
    """Load what is fit to serve; raise KnowledgeError only when nothing can be served or a file is not YAML."""
    base = Path(directory)
    if not base.is_dir():
        raise KnowledgeError([LoadError(str(base), 1, "", "answer set directory not found")])
    entities = load_entities(base)
    problems: list[LoadError] = []
    drafts: list[str] = []
    broken: list[LoadError] = []
    entries: dict[str, Entry] = {}
    versions: dict[str, str] = {}
    sources: dict[str, str] = {}
    for path in answer_files(base):
        try:
            entry, version, errors = load_entry(path, entities)
        except KnowledgeError as exc:
            broken += exc.errors
            continue
        display = _display(path)
        if entry is not None and entry.id in sources:
            errors.append(LoadError(display, 1, "id", f"duplicate id {entry.id!r}, also in {sources[entry.id]}"))
        problems += errors
        if entry is None or errors:
            continue
        if entry.status == "draft":
            drafts.append(display)
            continue
        entries[entry.id], versions[entry.id], sources[entry.id] = entry, version, display
    if broken:
        raise KnowledgeError(broken + problems)
    if not entries:
        raise KnowledgeError([*problems, LoadError(_display(base / ANSWERS_DIR), 1, "",
                                                   "no published entry to serve")])
    answers = AnswerSet.build(list(entries.values()), entities, versions=versions, sources=sources,
                              thresholds=thresholds, intent=load_intent(base))
    return Knowledge(answers, problems, drafts)


def load_intent(base: Path) -> IntentModel | None:
    """Return the answer set's own intent model (<dir>/intent.json, from `privacy-bot train --output`), else the
    one shipped with the package; a broken file is refused with its name, never silently ignored."""
    path = base / INTENT_FILE
    if not path.is_file():
        return IntentModel.shipped()
    try:
        return IntentModel.load(path.read_text(encoding="utf-8"))
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise KnowledgeError([LoadError(_display(path), 1, "", f"not an intent model: {exc}")]) from None


def load_answer_set(directory: Path | str, thresholds: Thresholds | None = None) -> AnswerSet:
    """Load a whole answer set strictly: raise KnowledgeError listing every problem, if there is any."""
    knowledge = load_knowledge(directory, thresholds)
    if knowledge.problems:
        raise KnowledgeError(knowledge.problems)
    return knowledge.answers
