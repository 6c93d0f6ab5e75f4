"""Load an answer set from YAML files; every error names its file, line and field."""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import importlib.util
import multiprocessing
import os
import pickle
import re
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from bot.core.answer_set import AnswerSet
from bot.core.matching.entities import EntitiesFile, EntityIndex
from bot.core.matching.matcher import TermExtractor, Thresholds
from bot.core.models import Entry

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: 10x faster

# Answer sets with at least this many files are loaded by several processes (where there are several CPUs):
# a worker takes about 0.3 s to start and loads about 4,000 files a second, so below this it hardly pays.
PARALLEL_MIN_FILES = 1500

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


_TAG = "tag:yaml.org,2002:"
_STR, _MAP, _SEQ = _TAG + "str", _TAG + "map", _TAG + "seq"
_PLAIN_SCALARS = frozenset(_TAG + t for t in ("null", "bool", "int", "float", "timestamp"))
_PLAIN_KEYS = _PLAIN_SCALARS | {_STR}


class _FastLoader(_Loader):  # type: ignore[misc]  # _Loader is libyaml's or the pure-Python safe loader
    """The safe loader with a direct constructor for plain documents: mappings, lists and scalars.

    PyYAML's own constructor is general (generators, anchors, merge keys) and costs as much as parsing. Anything
    but a plain document (an explicit or unknown tag, an alias, a merge key, an error) goes to it, untouched:
    the direct path builds the same data and changes no node, so the result is always PyYAML's. Likewise
    resolve() skips only the patterns that cannot match.
    """

    def resolve(self, kind: type[Node], value: str | None, implicit: tuple[bool, bool]) -> Any:
        """Return the tag of a node: PyYAML's answer, without trying its patterns on a plain scalar none fits."""
        resolvers = self.yaml_implicit_resolvers  # patterns by first character; None: patterns for any
        if (kind is ScalarNode and implicit[0] and value and value[0] not in resolvers and None not in resolvers
                and not self.yaml_path_resolvers):
            return self.DEFAULT_SCALAR_TAG
        return super().resolve(kind, value, implicit)

    def construct_document(self, node: Node) -> Any:
        try:
            return self._plain(node, set())
        except Exception:  # PyYAML's constructor decides what is built or raised
            return super().construct_document(node)

    def _plain(self, node: Node, seen: set[int]) -> Any:
        kind = type(node)
        if kind is ScalarNode:
            if node.tag == _STR:
                return node.value
            if node.tag in _PLAIN_SCALARS:
                return self.yaml_constructors[node.tag](self, node)
            raise LookupError(node.tag)
        if id(node) in seen:  # an alias: PyYAML shares the object
            raise LookupError("alias")
        seen.add(id(node))
        if kind is MappingNode and node.tag == _MAP:
            out = {}
            for key, value in node.value:
                if type(key) is not ScalarNode or key.tag not in _PLAIN_KEYS:  # e.g. "<<" merge keys
                    raise LookupError(key.tag)
                out[self._plain(key, seen)] = self._plain(value, seen)
            return out
        if kind is SequenceNode and node.tag == _SEQ:
            return [self._plain(item, seen) for item in node.value]
        raise LookupError(node.tag)


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
        data = yaml.load(text, Loader=_FastLoader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        problem = getattr(exc, "problem", None) or str(exc)
        errors.append(LoadError(display, line, "", f"invalid YAML: {problem}"))
        return None
    except (ValueError, OverflowError) as exc:  # a timestamp YAML accepts but the calendar does not: 2026-02-30
        line, field = _bad_date(text)
        errors.append(LoadError(display, line, field, f"invalid date: {exc}"))
        return None
    return data, text


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


@dataclass(frozen=True)
class _Loaded:
    """What loading one entry file gave: its problems, or its entry, version and index terms."""

    errors: list[LoadError]
    entry: Entry | None = None
    version: str = ""
    terms: list[list[str]] | None = None


def _load_files(files: list[tuple[Path, str]], entities: EntitiesFile | None,
                extractor: TermExtractor | None) -> list[_Loaded]:
    """Load entry files (path, display) in order; with an extractor, also compute each entry's index terms."""
    out: list[_Loaded] = []
    for path, display in files:
        errors: list[LoadError] = []
        loaded = load_entry_file(path, display, entities, errors)
        out.append(_Loaded(errors, loaded[0], loaded[1]) if loaded else _Loaded(errors))
    if extractor is not None:
        ok = [i for i, item in enumerate(out) if item.entry is not None]
        terms = extractor.entry_terms([e for i in ok if (e := out[i].entry) is not None])
        for i, entry_terms in zip(ok, terms, strict=True):
            out[i] = _Loaded(out[i].errors, out[i].entry, out[i].version, entry_terms)
    return out


_worker_state: dict[str, Any] = {}


def _load_in_worker(files: list[tuple[Path, str]], entities_blob: bytes) -> list[_Loaded]:
    """Load a chunk in a worker process; the entities come pickled with every chunk and are unpickled once."""
    enabled = gc.isenabled()
    gc.disable()  # a chunk builds a few hundred thousand objects and keeps them all: collecting finds nothing
    try:
        if _worker_state.get("blob") != entities_blob:
            entities: EntitiesFile | None = pickle.loads(entities_blob)  # noqa: S301 - from our own process
            extractor = TermExtractor(EntityIndex(entities)) if entities is not None else None
            _worker_state.update(blob=entities_blob, entities=entities, extractor=extractor)
        return _load_files(files, _worker_state["entities"], _worker_state["extractor"])
    finally:
        if enabled:
            gc.enable()


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _warm_up() -> None:
    """Nothing: unpickling it makes a new worker import this module while this process reads the entities."""


def _start_workers(count: int) -> ProcessPoolExecutor:
    # spawn, not fork: the server reloads answers from a thread, and forking a threaded process is unsafe.
    pool = ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("spawn"))
    try:
        for _ in range(count):
            pool.submit(_warm_up)
    except BrokenProcessPool:  # _load_parallel finds out too, and loads everything here
        pass
    return pool


def _load_parallel(pool: ProcessPoolExecutor, workers: int, files: list[tuple[Path, str]],
                   entities: EntitiesFile | None) -> list[_Loaded]:
    """Load files with the workers and this process, in chunks; return the results in file order.

    The workers are handed chunks from the front, two at a time each, while this process loads chunks from the
    back, so the work is shared however long the workers take to start. A chunk no worker could load is loaded
    here. (Chunks are handed out as they are needed rather than all submitted and then cancelled: a cancelled
    future makes the executor's manager thread fail if a worker dies, up to Python 3.11.)
    """
    extractor = TermExtractor(EntityIndex(entities)) if entities is not None else None
    size = max(50, min(250, -(-len(files) // ((workers + 1) * 10))))
    chunks = [files[i : i + size] for i in range(0, len(files), size)]
    results: list[list[_Loaded] | None] = [None] * len(chunks)
    futures: dict[int, Future[list[_Loaded]]] = {}
    front, back = 0, len(chunks)  # chunks[front:back] are not taken yet
    # The entities go with the chunks, not as the workers' initargs: a spawned process is handed its initargs
    # through a pipe that blocks this one for good if the child dies before reading them all.
    blob = pickle.dumps(entities, protocol=pickle.HIGHEST_PROTOCOL)
    broken = False
    while front < back:
        if not broken:
            busy = sum(1 for f in futures.values() if not f.done())
            try:
                while busy < 2 * workers and front < back:
                    futures[front] = pool.submit(_load_in_worker, chunks[front], blob)
                    front, busy = front + 1, busy + 1
            except BrokenProcessPool:  # a worker could not start: the rest is loaded here
                broken = True
        if front < back:
            back -= 1
            results[back] = _load_files(chunks[back], entities, extractor)
    for i, future in futures.items():
        try:
            results[i] = future.result()
        except Exception:  # a worker that died or could not start: load the chunk here
            results[i] = _load_files(chunks[i], entities, extractor)
    return [item for chunk in results if chunk is not None for item in chunk]


def load_answer_set(directory: Path | str, thresholds: Thresholds | None = None, *,
                    processes: int | None = None) -> AnswerSet:
    """Load and validate a whole answer set; raise KnowledgeError listing every problem.

    processes: how many processes parse the files, this one included. By default every CPU for sets of
    PARALLEL_MIN_FILES files or more, and this process alone for smaller ones. The result is the same either way.
    """
    enabled = gc.isenabled()
    gc.disable()  # loading only builds objects that stay: cyclic collection would find nothing, slowly
    try:
        return _load_answer_set(Path(directory), thresholds, processes)
    finally:
        if enabled:
            gc.enable()


def _load_answer_set(base: Path, thresholds: Thresholds | None, processes: int | None) -> AnswerSet:
    cwd = Path.cwd().absolute()
    errors: list[LoadError] = []
    if not base.is_dir():
        raise KnowledgeError([LoadError(str(base), 1, "", "answer set directory not found")])
    paths = answer_files(base)
    if processes is None:
        processes = _cpus() if len(paths) >= PARALLEL_MIN_FILES else 1
    pool = _start_workers(processes - 1) if processes > 1 and paths else None
    try:
        entities = load_entities(base, errors)
        files = [(path, _display(path, cwd)) for path in paths]
        if not files:
            errors.append(LoadError(_display(base / ANSWERS_DIR, cwd), 1, "", "no answer files (*.yaml) found"))
        if pool is not None:
            loaded = _load_parallel(pool, processes - 1, files, entities)
        else:
            loaded = _load_files(files, entities, None)  # the matcher computes the index terms
    finally:
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)  # the workers exit by themselves; no need to wait
    entries: list[Entry] = []
    versions: dict[str, str] = {}
    sources: dict[str, str] = {}
    terms: list[list[list[str]] | None] = []
    for (_, display), item in zip(files, loaded, strict=True):
        errors.extend(item.errors)
        entry = item.entry
        if entry is None:
            continue
        if entry.id in sources:
            errors.append(LoadError(display, 1, "id", f"duplicate id {entry.id!r}, also in {sources[entry.id]}"))
            continue
        entries.append(entry)
        versions[entry.id] = item.version
        sources[entry.id] = display
        terms.append(item.terms)
    if errors or entities is None:
        raise KnowledgeError(errors)
    known = [t for t in terms if t is not None]
    return AnswerSet.build(entries, entities, versions=versions, sources=sources, thresholds=thresholds,
                           terms=known if len(known) == len(entries) else None)
