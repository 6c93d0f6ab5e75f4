"""The words a follow-up points back with ("it", "that", "sie"), the data it may ask about ("and the recordings?"),
and the bare aspects it may ask alone ("how long?", "and where?"): whether it continues the earlier question."""

from __future__ import annotations

from dataclasses import replace
from itertools import pairwise

from bot.core.matching.analysis import Analysis
from bot.core.matching.conversation import Context, language_of
from bot.core.matching.text import normalise
from bot.core.matching.vocabulary import VOCABULARY, read_words

BARE_MAX = 5  # words: "how long?", "wie lange?", "and where?"
HOW_LONG = VOCABULARY.how_long


def bare_aspects(words: list[str]) -> dict[str, float]:
    """Return the aspects a bare follow-up asks, made only of function words and aspect words ("how long?",
    "combien de temps ?", "and where?"): the earlier question supplies the data that its common aspect words need
    beside them (alone, "how long" asks nothing; "where did the button go?", "how long is the contract?" are no
    bare follow-ups)."""
    if not words or len(words) > BARE_MAX or VOCABULARY.other_senses(words) or any(
            w not in VOCABULARY.stopwords and w not in HOW_LONG and not VOCABULARY.aspects_of_word(w) for w in words):
        return {}
    aspects = VOCABULARY.aspects_of([*words, "data"])
    return {**aspects, "retention": max(aspects.get("retention", 0.0), 0.5)} if HOW_LONG & set(words) else aspects


CONTENT = read_words("content-nouns") | VOCABULARY.data_nouns  # what people put in: "and the recordings?"
IT = frozenset("it its they them their es il elle ils ello eles esso het".split())  # it, they: the earlier one
BACK = IT | frozenset("sie elles ellos ellas elas essi esse zij".split())  # "und wie lange werden sie gespeichert?"


WHEN = frozenset("when wann quand cuando quando wanneer".split())  # time or availability ("and when in Europe?")
THAT = frozenset("that this those these ce cela ca das dies dat dit eso esto isso isto questo cio se".split())


def at_a_time(words: list[str]) -> bool:
    """Return whether a follow-up asks when something happens, of nothing that points at the data, or when it comes
    to a place ("and when in Europe?", "wann in Deutschland?", "when is it GA in the EU region?"; not "and when is
    it deleted?")."""
    said, aspects = set(words), set(VOCABULARY.aspects_of(words))
    points = bool(said & (BACK | THAT)) and not aspects  # "and when is that?": the earlier question's moment
    return bool(WHEN & said) and not (said & CONTENT or aspects - {"location"} or points)


def about_the_data(words: list[str]) -> bool:
    """Return whether a follow-up that names no product asks about the earlier question's data: a bare aspect ("how
    long?", "and training?"), a word pointing back ("is it kept?", "is that stored in the EU?"), a kind of data
    ("and the recordings?") or a privacy word ("is there a DPA?")."""
    said = set(words)
    meant = said - VOCABULARY.other_senses(words)
    return bool(bare_aspects(words) or said & (CONTENT | BACK | THAT) or meant & (
        VOCABULARY.privacy | VOCABULARY.topics))


def thread_language(context: Context | None, reading: str | None) -> str | None:
    """Return the language of the question a follow-up continues, for one whose own words say none ("die zweite",
    "ChatGPT Enterprise" after a German question): the reply keeps the thread's language line."""
    return language_of(context.text) if context is not None and reading is not None else None


def asking(a: Analysis) -> Analysis:
    """Return an earlier question of a thread with the aspect a bare one asked ("how long?": retention), as it was
    read then: the next follow-up borrows that, not the one before it."""
    return a if a.aspects else replace(a, aspects=bare_aspects(normalise(a.text).split()))


_AUXILIARIES = frozenset("does do did will would can could is are was were has have".split())


def asks_of_it(words: list[str]) -> bool:
    """Return whether a message asks about "it" or "they", the earlier answer's product ("does it send data to
    OpenAI?" after Slack AI asks what Slack AI sends; "does ChatGPT Enterprise train on it?" asks of ChatGPT)."""
    return any(w in _AUXILIARIES and after in ("it", "they") for w, after in pairwise(words))
