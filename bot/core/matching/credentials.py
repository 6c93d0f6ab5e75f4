"""Questions about credentials (an API key, a password): how a tool keeps the asker's key is no entry's subject."""

from __future__ import annotations

from collections import Counter

from bot.core.matching.analysis import Analysis
from bot.core.matching.vocabulary import VOCABULARY, read_phrases, read_words

CREDENTIALS = read_phrases("credentials")
_BY_FIRST: dict[str, list[tuple[str, ...]]] = {}
for _phrase in CREDENTIALS:
    _BY_FIRST.setdefault(_phrase[0], []).append(_phrase)
# data an entry covers, a privacy topic, and putting something into the tool ("a password I type into X")
_CONTENT = VOCABULARY.weak_privacy | VOCABULARY.data_nouns | read_words("content-nouns") | read_words("entered")
_TOPICS = VOCABULARY.topics | VOCABULARY.aspects["governance"]  # not "encrypted", "leaked": how a key is kept


def about_credentials(words: list[str], a: Analysis) -> bool:
    """Return whether a question asks about credentials (an API key, a password: vocabulary/credentials.txt) and no
    other data or privacy topic, outside its names: how a tool keeps the asker's key is no entry's subject ("Does
    Cursor store my API keys in plain text?", "… encrypted?"; not "Does Cursor store our code and API keys?",
    "gemini via an ai studio api key — hipaa?", "Is a password I type into Claude for Work retained?"). Where the
    asker keeps the key and whether that is ok say nothing of data ("is it ok to store my OpenAI API key in the .env
    file in the repo?")."""
    named = Counter(n for m in a.mentions for n in m.text.split())
    found = [(k, phrase) for k, first in enumerate(words) for phrase in _BY_FIRST.get(first, ())
             if tuple(words[k:k + len(phrase)]) == phrase and not _by_means_of(words[:k], named)]
    said = Counter(w for _, phrase in found for w in phrase)
    kept = _kept_in(words, found[0][0]) if found else Counter()
    other = [w for w in (Counter(words) - said - named - kept).elements() if w not in _PERMISSION]
    return bool(said) and _CONTENT.isdisjoint(other) and _TOPICS.isdisjoint(other) and (
        "training" not in VOCABULARY.aspects_of(other))  # a key is never trained on


_MEANS = frozenset("with using via through mit uber avec par con mediante com usando met".split())
_OWN = frozenset("my our your the a an own mein meinem meinen unserem unseren eigenen mon ma notre nos propre mi "
                 "mis nuestra nuestro nuestras propia propio meu minha nosso nossa proprio propria mio mia nostro "
                 "nostra mijn onze eigen".split())


_PERMISSION = frozenset("ok okay oke".split())  # "is it ok to store my key…" asks leave, not about data
_IN = frozenset("in into inside im ins dans en no na nos nas nel nella nei negli op".split())


def _kept_in(words: list[str], start: int) -> Counter[str]:
    """Return the words after a credential that say where the asker keeps it ("my OpenAI API key in the .env file",
    "… im privaten Git-Repo", "… dans le fichier .env"): a place, not data a tool receives."""
    places: Counter[str] = Counter()
    for k in range(start, len(words)):
        if words[k] in _IN:
            j = k + 1
            while j < len(words) and words[j] in _OWN:
                j += 1
            places.update(w for w in words[j:j + 3] if w in _CONTENT)
    return places


def _by_means_of(before: list[str], names: Counter[str]) -> bool:
    """Return whether the words before a credential make it the means of a request ("what we send with our API
    key", "usage with my Anthropic API key": the data sent is asked about, not the key)."""
    k = len(before)
    while k and (before[k - 1] in _OWN or before[k - 1] in names):
        k -= 1
    return bool(k) and before[k - 1] in _MEANS
