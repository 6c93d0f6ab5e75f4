"""German and Dutch compounds read as the listed words they are made of ("Datenspeicherung": Daten + Speicherung),
and German typed without its umlauts ("loeschen")."""

from __future__ import annotations

import re
from functools import lru_cache

from bot.core.matching.vocabulary import ASPECT_NAMES, VOCABULARY, read_sections

_COMPOUND_LISTS = ("privacy", "privacy-weak", "operational", "privacy-topics", "aspect-weak",
                   *(f"aspect-{a}" for a in ASPECT_NAMES))


def _compound_words() -> tuple[tuple[frozenset[str], frozenset[str]], ...]:
    """Return, for German and Dutch, the words of the lists (not stopwords) and the privacy-topic words (theirs and
    the English ones they borrow: "privacyinstellingen")."""
    sections = {name: read_sections(name) for name in _COMPOUND_LISTS}  # each file read once
    topics = sections["privacy-topics"]
    return tuple((frozenset(w for name in _COMPOUND_LISTS for w in sections[name].get(lang, ())),
                  topics.get(lang, frozenset()) | topics["en"]) for lang in ("de", "nl"))


_COMPOUNDS = _compound_words()


_UMLAUT = re.compile(r"([aou])e")  # "fuer", "loeschen": German typed without its umlauts


@lru_cache(maxsize=8192)
def compound_parts(word: str) -> tuple[str, ...]:
    """Return a German or Dutch compound that no list holds as the listed words it is made of: its last part says
    what it is ("Datenspeicherung": Daten + Speicherung, "gegevensbewaring": gegevens + bewaring; not
    "Speicherplatz", a kind of Platz), and a privacy topic in front makes it about privacy
    ("Datenschutzeinstellungen", "privacyinstellingen"). The linking s between parts is dropped. A German word
    typed without umlauts reads as the listed word ("fuer", "Loeschfristen"). A listed compound of listed privacy
    words reads as both, as its English words do ("Kundendaten": customer data). Other words are returned as they
    are."""
    if len(word) < 4 or not word.isascii() or not word.isalpha() or VOCABULARY.is_known(word):
        parts = _parts(word) if word.isascii() and word.isalpha() else ()
        both = len(parts) > 1 and all(p in VOCABULARY.privacy or p in VOCABULARY.weak_privacy for p in parts) and \
            not VOCABULARY.aspects_of([word])  # not "Chatgeschiedenis" (chat history), an aspect as a whole
        return parts if both else (word,)
    plain = _UMLAUT.sub(r"\1", word)
    if plain != word and VOCABULARY.is_known(plain):
        return (plain,)
    for written in dict.fromkeys((word, plain)):
        parts = _parts(written)
        if len(parts) > 1:
            return parts
    return (word,)


def _parts(word: str) -> tuple[str, ...]:
    if len(word) < 8:
        return (word,)
    for words, topics in _COMPOUNDS:
        for i in range(3, len(word) - 3):
            head, tail = word[:i], word[i:]
            modifier = head if head in words or head in topics else head[:-1] if (
                head[-1] == "s" and head[:-1] in words) else None
            if tail in words and (modifier or len(head) >= 4):
                return (modifier or head.removesuffix("s"), tail)
            if modifier in topics and len(modifier) >= 4:  # not "phi" in "phishing", "opt" in "optional"
                return (modifier, tail)
    return (word,)
