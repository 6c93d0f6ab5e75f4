"""Whether a message only asks how to do something with a product, or to get something back: no question about
the data an entry covers."""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.matching.segments import LONG, Segments, asks_how_to
from bot.core.matching.text import normalise
from bot.core.matching.vocabulary import VOCABULARY, contains_phrase, read_phrases, read_words

RECOVER = read_phrases("recover")  # "restore", "get it back", "recuperar": asks to get something back
MISTAKE, DELETED = read_phrases("mistake"), read_words("deleted")  # "deleted … by mistake": the same


def recovers(question: str) -> bool:
    """Return whether a question asks to get something back ("can I get it back?", "¿se puede recuperar?") or says
    something was deleted by mistake ("I deleted a Cursor chat by mistake"; not "if I accidentally paste…")."""
    words = normalise(question).split()
    return contains_phrase(words, RECOVER) or (contains_phrase(words, MISTAKE) and not DELETED.isdisjoint(words))


LOCAL = read_phrases("local")  # "on my Mac", "on disk", "auf dem Mac": the asker's own machine
REMOTE = read_words("remote")  # ... unless the vendor's servers or the asker's data are asked about
_IMPROVE, _MODELS = read_words("improve"), read_words("models")  # improving one's own work (not the vendor's models)
_UI = read_words("ui-nouns")  # a part of the app's screen
OWN_SYSTEMS = read_phrases("own-systems")  # "our database", "nuestro propio modelo": the asker's own systems


def instructions(text: str, seg: Segments) -> bool:
    """Return whether everything the message asks is how to do something, or it asks to get something back,
    naming no privacy topic, training or where data goes ("how do I turn off training on our data", "how do we
    keep requests in the EU" ask about a data control), or naming the asker's own systems ("how to set up retention
    for our BigQuery tables", "cómo entrenar nuestro propio modelo": how to run them, whatever the words)."""
    asked = seg.questions or ((text,) if len(text) <= LONG else ())
    parts = [normalise(q).split() for q in asked]  # a sentence asking where a part of the screen is ("…data tab?")
    said = [w for part in parts for w in part]
    screen = any(VOCABULARY.where.intersection(p) and not _UI.isdisjoint(p) for p in parts)
    local = screen or (bool(VOCABULARY.where.intersection(said)) and contains_phrase(said, LOCAL) and not (
        REMOTE & set(said)))  # on the app's screen, or on the asker's machine
    if not asked or not (local or all(asks_how_to(q) or recovers(q) for q in asked)):
        return False  # "where … on Mac?"; each question asks how to, or to get something back
    own = _IMPROVE if _MODELS.isdisjoint(said) else frozenset()  # "how do I improve
    words = [w for w in said if w not in VOCABULARY.where and w not in own]  # Copilot suggestions?": no training
    if contains_phrase(said, OWN_SYSTEMS):  # how to run the asker's own systems: no data control of the vendor's
        return True
    aspects = {"training"} if local else {"training", "location"}
    return (screen or not VOCABULARY.names_topic(words)) and not aspects & set(VOCABULARY.aspects_of(words))


def lead_input(asked: Sequence[str], aspects: dict[str, float], words: list[str]) -> tuple[dict[str, float], list[str]]:
    """Return the aspects and words a reply's first line is chosen by: a "where" that asks where to find something
    ("Where can I find the DPA for…?", "Où puis-je trouver le DPA…?", "Où dois-je désactiver l'entraînement…?") asks
    for no data location; without it, the other aspects lead (a place named still asks for the location)."""
    if not any(asks_how_to(q) for q in asked):  # (the question sentences the matcher found, or the text)
        return aspects, words
    rest = [w for w in words if w not in VOCABULARY.where]
    kept = VOCABULARY.aspects_of(rest)
    return {a: v for a, v in aspects.items() if a != "location" or "location" in kept} or aspects, rest
