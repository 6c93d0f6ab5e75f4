"""What a question asks for that an entry does not mention (a BAA, a certification): the part of the question
the reply says it does not cover, and the words of an entry it is looked for in."""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.core.matching.text import normalise
from bot.core.matching.vocabulary import contains_phrase, phrase_starts, read_groups
from bot.core.models import Entry

ASKS = read_groups("asks")
_ASK_GROUPS = tuple(frozenset(group) for group in ASKS)
_ASKED = frozenset(p for group in ASKS for p in group)
_ASK_STARTS = phrase_starts(_ASKED)


_WORDS: dict[int, tuple[Entry, tuple[str, ...]]] = {}  # id(entry) -> (the entry, kept alive so its id stays, its words)


def entry_text(entry: Entry) -> tuple[str, ...]:
    """Return the entry's words in order (every field a reader sees, not its example questions); worked out once per
    entry (an entry is frozen), as a reply reads them for every question it answers."""
    if (kept := _WORDS.get(id(entry))) is not None and kept[0] is entry:
        return kept[1]
    if len(_WORDS) > 4096:  # answer sets reloaded many times over: start again
        _WORDS.clear()
    _WORDS[id(entry)] = (entry, words := _entry_words(entry))
    return words


def _entry_words(entry: Entry) -> tuple[str, ...]:
    data = entry.model_dump(mode="json", exclude={"questions", "translations", "changes", "facets"})

    def strings(value: object) -> Iterable[str]:
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for v in value.values():
                yield from strings(v)
        elif isinstance(value, list | tuple):
            for v in value:
                yield from strings(v)

    text = " ".join(strings(data))
    return tuple(normalise(text, limit=len(text)).split())  # the whole entry: a term near its end counts too


def as_typed(phrase: Iterable[str], text: str) -> str | None:
    """Return a phrase of normalised words as the text writes it ("Copilot", "EU AI Act"), None when it does not."""
    found = re.search(r"\b" + r"\W+".join(map(re.escape, phrase)) + r"\b", text, re.IGNORECASE)
    return " ".join(found[0].split()) if found else None


def _as_written(phrase: tuple[str, ...], text: str) -> str:
    """Return a phrase as the asker capitalised it ("EU AI Act", "FedRAMP"), else short words upper-cased ("BAA")."""
    found = as_typed(phrase, text)
    if found and any(ch.isupper() for ch in found):
        return found
    return " ".join(w.upper() if len(w) <= 5 else w for w in phrase)


def not_covered(words: list[str], entry: Entry, question: str = "", *, covered: bool = False) -> tuple[str, ...]:
    """Return what the question asks for (a BAA, a certification) that the entry never mentions, named as the
    QUESTION writes it (covered: what it asks that the entry does mention, each as its phrases: "baa / business…")."""
    asked: list[str] = []
    text: tuple[str, ...] | None = None
    said = {t for i, w in enumerate(words) if w in _ASK_STARTS for n in _ASK_STARTS[w] if (t := tuple(words[i:i + n]))
            in _ASKED}  # every phrase of the groups the question holds, in one pass over its words
    for group, phrases in zip(ASKS, _ASK_GROUPS, strict=True):
        found = next((p for p in group if p in said), None)
        if found is None:
            continue
        text = entry_text(entry) if text is None else text
        if contains_phrase(text, phrases) is covered:  # "ISO 27001", "GDPR", "encrypt"
            asked.append(" / ".join(" ".join(p) for p in group) if covered else _as_written(found, question))
    return tuple(dict.fromkeys(asked))
