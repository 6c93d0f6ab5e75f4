"""The words a follow-up points back with ("it", "that", "sie"), the data it may ask about ("and the recordings?"),
and the bare aspects it may ask alone ("how long?", "and where?"): whether it continues the earlier question."""

from __future__ import annotations

from dataclasses import replace
from itertools import dropwhile, pairwise

from bot.core.matching.analysis import Analysis, analyse
from bot.core.matching.conversation import Context, asks_to_compare, language_of, opening_marker
from bot.core.matching.entities import EntityIndex
from bot.core.matching.text import normalise
from bot.core.matching.vocabulary import VOCABULARY, read_sections, read_words

ACK = frozenset("ok okay oke okey alright vale".split())  # opening a follow-up: "ok but how long?", "vale, ¿y…?"
BARE_MAX = 5  # words: "how long?", "wie lange?", "and where?"
HOW_LONG = VOCABULARY.how_long


def bare_aspects(words: list[str]) -> dict[str, float]:
    """Return the aspects a bare follow-up asks, made only of function words and aspect words ("how long?",
    "combien de temps ?", "and where?"): the earlier question supplies the data that its common aspect words need
    beside them (alone, "how long" asks nothing; "where did the button go?", "how long is the contract?" are no
    bare follow-ups); after an acknowledgement ("ok but how long?")."""
    words = list(dropwhile(ACK.__contains__, words))
    if not words or len(words) > BARE_MAX or VOCABULARY.other_senses(words) or any(
            w not in VOCABULARY.stopwords and w not in HOW_LONG and not VOCABULARY.aspects_of_word(w) for w in words):
        return {}
    aspects = VOCABULARY.aspects_of([*words, "data"])
    return {**aspects, "retention": max(aspects.get("retention", 0.0), 0.5)} if HOW_LONG & set(words) else aspects


CONTENT = read_words("content-nouns") | VOCABULARY.data_nouns  # what people put in: "and the recordings?"
IT = frozenset("it its they them their es il elle ils ello eles esso het".split())  # it, they: the earlier one
BACK = IT | frozenset("sie elles ellos ellas elas essi esse zij".split())  # "und wie lange werden sie gespeichert?"
# ... and the German and Dutch words for "with it", "for it", "of it" ("und wird damit trainiert?", "wat gebeurt
# daarmee?")
BACK |= frozenset("damit dafur dazu davon daruber darin darauf ermee daarmee ervoor daarvoor erover daarover erin "
                  "daarin".split())


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
    ("and the recordings?"), a privacy word ("is there a DPA?") or a word that asks an aspect on its own, whose
    subject the languages that drop it leave out ("e quanto tempo conserva…?", "学習には使われますか？")."""
    said = set(words)
    meant = said - VOCABULARY.other_senses(words)
    return bool(bare_aspects(words) or said & (CONTENT | BACK | THAT) or meant & (
        VOCABULARY.privacy | VOCABULARY.topics) or any(_strong(w) for w in meant))


# The aspect words of the languages that leave out a pronoun subject ("conserva", "guardan", "学習"): alone, they ask
# of "it" (English and German say it: "does it keep…", "werden sie gespeichert", "damit").
_SUBJECTLESS = frozenset(w for a in ("governance", "location", "processor", "retention", "training")
                         for lang, words in read_sections(f"aspect-{a}").items() if lang in ("es", "pt", "it", "ja")
                         for w in words)


_NOUN_ENDINGS = ("miento", "mientos", "mento", "menti", "cion", "ciones", "cao", "coes", "zione", "zioni", "aggio")


def _strong(word: str) -> bool:
    """Return whether a verb of a language that drops the subject asks an aspect at full weight ("conserva", "学習";
    not a weak one, nor a noun: "tem treinamento para a equipe?" asks about a course)."""
    return word in _SUBJECTLESS and not word.endswith(_NOUN_ENDINGS) and any(
        v >= 1.0 for v in VOCABULARY.aspects_of([word]).values())


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


def fragment(words: list[str]) -> bool:
    """Return whether a follow-up is a fragment of the question before it: a bare aspect of three words at most, an
    opening marker, or a word pointing back ("and training?", "what about…", "does it keep them?")."""
    words = list(dropwhile(ACK.__contains__, words))  # ("ok and training?", "vale, ¿y cuánto tiempo…?")
    return bool((bare_aspects(words) and len(words) <= 3) or opening_marker(words) or (BACK | THAT) & set(words))


def answered_before(context: Context, index: EntityIndex) -> Context | None:
    """Return the answered question before one handed over to the privacy team, when the one handed over named no
    product ("are we allowed to use it for health data?" after Claude on Bedrock): a follow-up after both is about
    the answered one's product ("and where is the data processed?"). None otherwise."""
    before = context.before
    return before if before is not None and before.entry_id and not before.handed_over and not analyse(
        context.text, index).positive else None


def compared_before(index: EntityIndex, context: Context) -> str | None:
    """Return the earlier question when it asked to compare: an aspect asked next ("and training?" after "Bedrock vs
    the Anthropic API, which keeps less?") compares the same offerings on it; through earlier follow-ups that named
    no product ("and where?" after "and training?" after that comparison)."""
    for text in (context.text, *context.older):
        if asks_to_compare(normalise(text).split()):
            return text
        if analyse(text, index).positive:  # a product named: the comparison is over
            return None
    return None
