"""Load an answer set from YAML files; every error names its file, line and field."""

from __future__ import annotations

import hashlib
import importlib.util
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from bot.core.answer_set import AnswerSet
from bot.core.entities import EntitiesFile
from bot.core.matching import Thresholds
from bot.core.models import Entry

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: 10x faster

ENTITIES_FILE = "entities.yaml"
ANSWERS_DIR = "answers"


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
    """The answer set is invalid; .errors lists every problem found."""

    def __init__(self, errors: list[LoadError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


def default_knowledge_dir() -> Path:
    """Return the answer set shipped with the package (or the checkout's knowledge/)."""
    here = Path(__file__).resolve().parent
    checkout = here.parent / "knowledge"
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


def _line_map(text: str) -> dict[tuple[Any, ...], int]:
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError:
        return {}
    return dict(_lines(node)) if node is not None else {}


def _line_for(lines: dict[tuple[Any, ...], int], loc: tuple[Any, ...]) -> int:
    for end in range(len(loc), 0, -1):
        if loc[:end] in lines:
            return lines[loc[:end]]
    return 1


def _field(loc: tuple[Any, ...]) -> str:
    return ".".join(str(p) if not isinstance(p, int) else f"[{p}]" for p in loc).replace(".[", "[")


def _message(err: Any) -> str:
    msg = str(err["msg"])
    if err["type"] == "missing":
        return "field required"
    if err["type"] == "extra_forbidden":
        return "unknown field"
    msg = msg.replace("Tuple should", "List should").replace("tuple should", "list should")
    return msg[0].lower() + msg[1:] if msg else msg


def _read(path: Path, display: str, errors: list[LoadError]) -> tuple[Any, str] | None:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        errors.append(LoadError(display, 1, "", f"cannot read: {exc}"))
        return None
    try:
        data = yaml.load(text, Loader=_Loader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        problem = getattr(exc, "problem", None) or str(exc)
        errors.append(LoadError(display, line, "", f"invalid YAML: {problem}"))
        return None
    return data, text


def _validate(model: type[BaseModel], data: Any, text: str, display: str,
              errors: list[LoadError]) -> Any:
    if not isinstance(data, dict):
        errors.append(LoadError(display, 1, "", "expected a mapping of fields at the top level"))
        return None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        lines = _line_map(text)
        for err in exc.errors():
            loc = tuple(err["loc"])
            errors.append(LoadError(display, _line_for(lines, loc), _field(loc), _message(err)))
        return None


def _display(path: Path, cwd: Path) -> str:
    """Return the path as people should see it: relative to the working directory where possible."""
    try:
        return str(path.absolute().relative_to(cwd))
    except ValueError:
        return str(path)


def load_entities(directory: Path, errors: list[LoadError]) -> EntitiesFile | None:
    """Load entities.yaml, appending problems to errors."""
    path = directory / ENTITIES_FILE
    display = _display(path, Path.cwd().absolute())
    if not path.is_file():
        errors.append(LoadError(display, 1, "", "file not found"))
        return None
    read = _read(path, display, errors)
    if read is None:
        return None
    entities: EntitiesFile | None = _validate(EntitiesFile, read[0], read[1], display, errors)
    if entities is None:
        return None
    lines = _line_map(read[1])
    for pid, plat in entities.platforms.items():
        if plat.operator not in entities.providers:
            errors.append(LoadError(display, _line_for(lines, ("platforms", pid, "operator")),
                                    f"platforms.{pid}.operator", f"unknown provider id {plat.operator!r}"))
    known = set(entities.providers) | set(entities.platforms)
    for alias, ids in entities.ambiguous.items():
        for ident in ids:
            if ident not in known:
                errors.append(LoadError(display, _line_for(lines, ("ambiguous", alias)),
                                        f"ambiguous.{alias}", f"unknown id {ident!r}"))
    return entities


def answer_files(directory: Path) -> list[Path]:
    """Return the entry files of an answer set, sorted."""
    return sorted((directory / ANSWERS_DIR).rglob("*.yaml"))


def load_entry_file(path: Path, display: str, entities: EntitiesFile | None,
                    errors: list[LoadError]) -> tuple[Entry, str] | None:
    """Load and validate one entry file; return the entry and its version hash."""
    read = _read(path, display, errors)
    if read is None:
        return None
    data, text = read
    entry: Entry | None = _validate(Entry, data, text, display, errors)
    if entry is None:
        return None
    before = len(errors)
    if entities is not None:
        for kind, known in (("providers", entities.providers), ("platforms", entities.platforms)):
            for i, ident in enumerate(getattr(entry.applies_to, kind)):
                if ident not in known:
                    loc = ("applies_to", kind, i)
                    errors.append(LoadError(display, _line_for(_line_map(text), loc), _field(loc),
                                            f"unknown {kind[:-1]} id {ident!r} (see {ENTITIES_FILE})"))
    if len(errors) > before:
        return None
    return entry, hashlib.sha256(text.encode()).hexdigest()[:12]


def load_answer_set(directory: Path | str, thresholds: Thresholds | None = None) -> AnswerSet:
    """Load and validate a whole answer set; raise KnowledgeError listing every problem."""
    base = Path(directory)
    cwd = Path.cwd().absolute()
    errors: list[LoadError] = []
    if not base.is_dir():
        raise KnowledgeError([LoadError(str(base), 1, "", "answer set directory not found")])
    entities = load_entities(base, errors)
    entries: list[Entry] = []
    versions: dict[str, str] = {}
    sources: dict[str, str] = {}
    files = answer_files(base)
    if not files:
        errors.append(LoadError(_display(base / ANSWERS_DIR, cwd), 1, "", "no answer files (*.yaml) found"))
    for path in files:
        display = _display(path, cwd)
        loaded = load_entry_file(path, display, entities, errors)
        if loaded is None:
            continue
        entry, version = loaded
        if entry.id in sources:
            errors.append(LoadError(display, 1, "id", f"duplicate id {entry.id!r}, also in {sources[entry.id]}"))
            continue
        entries.append(entry)
        versions[entry.id] = version
        sources[entry.id] = display
    if errors or entities is None:
        raise KnowledgeError(errors)
    return AnswerSet.build(entries, entities, versions=versions, sources=sources, thresholds=thresholds)
