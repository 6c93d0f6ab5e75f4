"""Load an answer set from YAML files; every problem names its file, line and field.

Loading finds what is fit to serve (published entries that validate and have no placeholders) and every problem:
a file that is invalid or unfinished, a file in a subfolder of answers/, a duplicate id. Drafts are left out
quietly. `load_served` (serve, hot reload, ask) refuses a set with any problem, so a broken edit never takes an
entry out of service; `load_knowledge` (check) returns the rest too, so the whole set is linted. A problem with the
set as a whole (entities.yaml, a file that is not YAML at all, nothing to serve) raises KnowledgeError from both.
"""

from __future__ import annotations

import hashlib
import importlib.util
import re
from dataclasses import dataclass, field
from pathlib import Path

from bot.core.answer_set import AnswerSet
from bot.core.matching.entity_file import EntitiesFile
from bot.core.matching.intent import IntentModel
from bot.core.models import Entry
from bot.core.thresholds import Thresholds
from bot.knowledge.yamlfile import KnowledgeError, LoadError, field_name, line_for, line_map, read, validate

__all__ = ["ANSWERS_DIR", "ENTITIES_FILE", "INTENT_FILE", "Knowledge", "KnowledgeError", "LoadError", "answer_files",
           "default_knowledge_dir", "load_answer_set", "load_entities", "load_entry", "load_intent", "load_knowledge",
           "load_served", "nested_files"]

ENTITIES_FILE = "entities.yaml"
ANSWERS_DIR = "answers"
INTENT_FILE = "intent.json"  # an answer set may carry its own intent model (privacy-bot train --output)
PLACEHOLDER = re.compile(r"\bTODO\b")


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
    data, text, errors = read(path, display)
    if errors:
        raise KnowledgeError(errors)
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
    """Return the entry files of an answer set, sorted (answers/ is flat: files in subfolders are not entries)."""
    return sorted((directory / ANSWERS_DIR).glob("*.yaml"))


def nested_files(directory: Path) -> list[Path]:
    """Return the .yaml files in subfolders of answers/, which are never loaded (kubectl skips them too)."""
    return sorted(p for p in (directory / ANSWERS_DIR).rglob("*.yaml") if p.parent != directory / ANSWERS_DIR)


def load_entry(path: Path, entities: EntitiesFile) -> tuple[Entry | None, str, list[LoadError]]:
    """Load one entry file: (the entry, its version hash, problems). Raise KnowledgeError if it is not YAML."""
    display = _display(path)
    data, text, errors = read(path, display)
    if errors:  # an impossible date: this file's problem, not the set's
        return None, "", errors
    entry, errors = validate(Entry, data, text, display)
    if entry is None:
        return None, "", errors
    for kind, known in (("providers", entities.providers), ("platforms", entities.platforms)):
        for i, ident in enumerate(getattr(entry.applies_to, kind)):
            if ident not in known:
                loc = ("applies_to", kind, i)
                errors.append(LoadError(display, line_for(line_map(text), loc), field_name(loc),
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
    """Load what is fit to serve and list every problem (check lints the rest); raise KnowledgeError only when
    nothing can be served or a file is not YAML. To serve, use load_served."""
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
    problems += [LoadError(_display(path), 1, "", f"{ANSWERS_DIR}/ must be flat: move the file up (files in "
                           "subfolders are not loaded)") for path in nested_files(base)]
    for path in answer_files(base):
        try:
            entry, version, errors = load_entry(path, entities)
        except KnowledgeError as exc:
            broken += exc.errors
            continue
        display = _display(path)
        if entry is not None and entry.id in sources:
            line = line_for(line_map(path.read_text(encoding="utf-8")), ("id",))
            errors.append(LoadError(display, line, "id", f"duplicate id {entry.id!r}, also in {sources[entry.id]}"))
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


def load_served(directory: Path | str, thresholds: Thresholds | None = None) -> Knowledge:
    """Load an answer set to serve: raise KnowledgeError listing every problem if any file has one (drafts are
    left out, not problems), so an invalid edit keeps the previous set instead of dropping an entry."""
    knowledge = load_knowledge(directory, thresholds)
    if knowledge.problems:
        raise KnowledgeError(knowledge.problems)
    return knowledge


def load_answer_set(directory: Path | str, thresholds: Thresholds | None = None) -> AnswerSet:
    """Load a whole answer set strictly: raise KnowledgeError listing every problem, if there is any."""
    return load_served(directory, thresholds).answers
