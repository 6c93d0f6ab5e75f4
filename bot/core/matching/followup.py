"""Follow-ups in a thread or a DM: a short message completed from the earlier question ("and on Vertex?" after a
Bedrock answer is Claude on Vertex AI), and whether it continues that privacy question at all."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Protocol

from bot.core.matching.analysis import Analysis, analyse
from bot.core.matching.conversation import (
    FOLLOW_UP_MARKERS,
    Context,
    asks_to_compare,
    borrowed_mentions,
    entry_text,
    is_follow_up,
)
from bot.core.matching.entities import EntityIndex, Mention
from bot.core.matching.rules import UNCLEAR
from bot.core.matching.segments import Segments, acknowledges, reports
from bot.core.matching.situation import Verdict
from bot.core.matching.text import normalise
from bot.core.matching.vocabulary import VOCABULARY, contains_phrase, read_phrases, read_words
from bot.core.models import Decision, Entry, Outcome

Sides = tuple[list[str], list[str]]  # the entries compared, and the names no entry covers


class Reader(Protocol):
    """What a follow-up is read with (the matcher)."""

    index: EntityIndex
    entries: dict[str, Entry]

    def candidates(self, a: Analysis) -> set[str] | None: ...

    def name(self, ident: str) -> str: ...

    def how_to(self, text: str, seg: Segments) -> bool: ...

    def decide(self, question: str, context: Context | None = None) -> Decision: ...


def complete(m: Reader, a: Analysis, context: Context) -> tuple[Analysis, str, Analysis] | None:
    """Return a follow-up completed from the earlier question of its thread, how it was read, and what it asks
    itself; None when it names nothing and asks no aspect ("what about the consumer app?" may name a product the bot
    does not know: never read as the earlier one) unless its words are all in the entry the earlier question got
    ("what about abuse monitoring?" after the OpenAI API's)."""
    entry = m.entries.get(context.entry_id or "")
    said = set(normalise(a.text).split()) - VOCABULARY.stopwords - _MARKER_WORDS - _FILLER
    another = bool(said) and entry is not None and not a.positive and _names_another(m, said, entry)
    in_entry = bool(said) and entry is not None and (said <= CONTENT or (said <= set(entry_text(entry)) and not (
        another)))  # "what about abuse monitoring?" after an answer whose entry speaks of abuse monitoring; "and the
    # recordings?" after one about Zoom's meetings: the same question of other data
    if not a.positive and not a.aspects and not in_entry and not another:
        return None
    chain = [analyse(text, m.index) for text in (context.text, *context.older)]  # the earlier questions, newest
    # first: the newest that asked an aspect, the newest that named a product ("Does AWS keep our prompts…?" before
    # "and on Vertex?")
    before = next((b for b in chain if b.aspects), chain[0])
    previous = list(next((b for b in chain if b.positive), before).positive)
    if entry is not None:  # the entry the earlier question got says best what it was about; a word of another
        # product's name keeps only its maker ("does the API train on it too?" after ChatGPT Enterprise: OpenAI's API)
        previous = [Mention(frozenset({p}), "company", p) for p in entry.applies_to.providers[:1]] + [
            Mention(frozenset({p}), "platform", p, negated=another) for p in entry.applies_to.platforms]
    borrowed = borrowed_mentions(a, previous, m.index)
    if entry is not None and borrowed and not any(n.role == "platform" for n in borrowed):
        # only the platform changes: the earlier answer's provider is the maker of what is now asked about on the
        # new one ("and on Vertex?" after the Gemini API: Gemini on Vertex AI, not every model Google hosts there)
        borrowed = [replace(n, role="model") if n.role == "company" else n for n in borrowed]
    aspects = a.aspects or before.aspects
    if not borrowed and aspects == a.aspects:
        return None
    # a cloud asked about instead of the earlier platform runs the earlier maker's models there ("and via Azure?"
    # after Claude on Bedrock: Claude in Microsoft Foundry), not every product of the cloud's company
    makers = {i for n in borrowed if n.role != "platform" for i in n.ids}
    clouds = m.index.clouds_for(list(a.positive), makers) if makers else []
    completed = replace(a, mentions=(*a.mentions, *borrowed, *clouds), aspects=aspects, terms=a.terms + before.terms)
    hosts = set(m.index.clouds.values())  # the clouds' model platforms (Bedrock, Vertex AI, Foundry)
    to_cloud = bool(makers) and not any(n.role == "platform" for n in borrowed) and any(
        n.role == "platform" and n.ids & hosts for n in (*a.positive, *clouds))
    on_host = not any(n.role == "platform" for n in a.positive) and any(n.role == "platform" for n in borrowed)
    if borrowed and a.positive and not to_cloud and not on_host and not m.candidates(completed):  # another vendor's
        # product ("what about Claude for Work?" after ChatGPT Enterprise, "Does Slack AI train on our messages?"):
        # the names asked now replace them. The earlier maker's models on another cloud stay asked ("and on Vertex?"
        # after the OpenAI API), and another maker's models on the earlier cloud ("and Mistral?" after Claude on
        # Bedrock): no entry covers them, so the privacy team gets the question, not another product's entry.
        completed, borrowed = replace(completed, mentions=a.mentions), []
        if aspects == a.aspects:
            return None
    run = {c for n in completed.positive if n.role == "platform" for i in n.ids for c in m.index.run_by.get(i, ())}
    names = [name for n in completed.positive  # not the company running a platform named ("Azure": Foundry's)
             if n.role != "platform" and not (n.role == "company" and n.ids <= run) for name in _named(m, n, a.text)]
    places = [m.name(i) for n in completed.positive if n.role == "platform" for i in sorted(n.ids)]
    reading = " and ".join(dict.fromkeys(names)) + (" on " if names and places else "") + " and ".join(
        dict.fromkeys(places))
    own = a if a.positive or a.aspects else completed  # what it asks itself (a term of the entry: the entry's)
    return completed, reading + (f" — {', '.join(sorted(aspects))}" if aspects else ""), own


def _named(m: Reader, n: Mention, text: str) -> list[str]:
    """Return how a reading names a provider: a model as the asker wrote it ("Gemini", not its maker Google: no entry
    may cover Google's other products there), else by its name."""
    written = re.search(r"\b" + r"\W+".join(map(re.escape, n.text.split())) + r"\b", text, re.IGNORECASE)
    return [written[0]] if n.role == "model" and written and n.text else [m.name(i) for i in sorted(n.ids)]


def _names_another(m: Reader, said: set[str], entry: Entry) -> bool:
    """Return whether a word said is a word of another product's name, not of the entry's names, and no word for
    data ("the API" after ChatGPT Enterprise's answer, whose entry speaks of the API too, asks about the API; a word
    only inside a longer alias names nothing: "search" in "slack ai search")."""
    own = _words_of(m, entry.applies_to.platforms, context=False)
    names = (normalise(plat.name).split() for plat in m.index.entities.platforms.values())
    return any(said & (set(words) - own - VOCABULARY.stopwords - CONTENT) for words in names)


def against_earlier(m: Reader, a: Analysis, context: Context) -> Sides | str | None:
    """Return the earlier answer's entry and the one product a follow-up compares it with ("which is better, this or
    Vertex?" after Claude on Bedrock: Claude on Vertex AI), or the names no entry covers ("compared to
    Perplexity?"); UNCLEAR when several entries fit ("compared to Copilot?": which Copilot?); None without an
    earlier answer or a product named, or when only its opening compares ("same for Google Cloud?" asks the same
    question of it)."""
    words = normalise(a.text).split()
    opening = max((len(p) for p in FOLLOW_UP_MARKERS if tuple(words[:len(p)]) == p), default=0)
    if context.entry_id not in m.entries or not a.positive or not asks_to_compare(words[opening:]):
        return None
    fits = m.candidates(a)
    if fits == set():  # no entry covers what it names ("compared to Perplexity?"): the reply says so
        names = [name for n in a.positive if n.role != "platform" for name in _named(m, n, a.text)]
        places = [m.name(i) for n in a.positive if n.role == "platform" for i in sorted(n.ids)]
        return [context.entry_id or ""], [" on ".join(" and ".join(dict.fromkeys(p)) for p in (names, places) if p)]
    fits = (fits or set()) - {context.entry_id}
    return ([context.entry_id or "", *fits], []) if len(fits) == 1 else UNCLEAR


def on_subject(verdict: Verdict, context: Context | None) -> Verdict:
    """Return the verdict on a message of a conversation that names no product and was not read as continuing it
    (CONTEXT None otherwise), unless it answers with another entry than the earlier answer's by its words alone: in
    a thread about Claude on Bedrock, "what about fine-tuning data?" is no question about Mistral's platform, whose
    examples speak of fine-tuning. A person decides."""
    if context is None or not context.entry_id or verdict.outcome is not Outcome.ANSWER or (
            verdict.entry_id == context.entry_id):
        return verdict
    return Verdict(Outcome.ESCALATE, "it names no product in a conversation about another one; its words fit an "
                   "entry of a product not asked about, so a person decides", confidence=verdict.confidence)


def versus(m: Reader, context: Context, reading: str) -> str:
    """Return how a follow-up compared with the earlier answer was read ("Amazon Bedrock vs Anthropic on Google
    Cloud Vertex AI — retention")."""
    entry = m.entries[context.entry_id or ""]
    return " and ".join(m.name(p) for p in entry.applies_to.platforms) + " vs " + reading


def compared_before(m: Reader, context: Context) -> str | None:
    """Return the earlier question when it asked to compare: an aspect asked next ("and training?" after "Bedrock vs
    the Anthropic API, which keeps less?") compares the same offerings on it; through earlier follow-ups that named
    no product ("and where?" after "and training?" after that comparison)."""
    for text in (context.text, *context.older):
        if asks_to_compare(normalise(text).split()):
            return text
        if analyse(text, m.index).positive:  # a product named: the comparison is over
            return None
    return None


def continues(m: Reader, text: str, own: Analysis, seg: Segments) -> bool:
    """Return whether a follow-up continues the privacy question before it (and passes as one whatever the model
    scores its few words): it names a product or asks an aspect itself, and does not thank, report, speak of
    operations or ask how to do something ("and on Vertex?", "and training?"; not "thanks, I'll tell legal", "and
    which models are available?", "and how do I rotate the API key?")."""
    return bool(own.positive or own.aspects) and not own.off_topic and not acknowledges(text) and not reports(
        text) and not m.how_to(text, seg)


BARE_MAX = 5  # words: "how long?", "wie lange?", "and where?"
HOW_LONG = read_words("how-long")


def bare_aspects(words: list[str]) -> dict[str, float]:
    """Return the aspects a bare follow-up asks, made only of function words and aspect words ("how long?",
    "combien de temps ?", "and where?"): the earlier question supplies the data that its common aspect words need
    beside them (alone, "how long" asks nothing; "where did the button go?" is no bare follow-up)."""
    if not words or len(words) > BARE_MAX or any(
            w not in VOCABULARY.stopwords and w not in HOW_LONG and not VOCABULARY.aspects_of_word(w) for w in words):
        return {}
    aspects = VOCABULARY.aspects_of([*words, "data"])
    return {**aspects, "retention": max(aspects.get("retention", 0.0), 0.5)} if HOW_LONG & set(words) else aspects


CONTENT = read_words("content-nouns") | VOCABULARY.data_nouns  # what people put in: "and the recordings?"
_MARKER_WORDS = frozenset(w for phrase in FOLLOW_UP_MARKERS for w in phrase)  # "what about", "und", "et pour"…
PICK_MAX = 6  # words: "the API", "we use the team plan", "the GitHub one"
_FILLER = frozenset("one ones use uses using used version edition plan product option thing we re m l d 方 場合 どう"
                    .split())  # (Japanese "Xの場合は？", "Xはどうですか？": "and X?", "what about X?")


EVERY_OPTION = read_phrases("every-option")
# ... and the words around such a phrase ("both, please", "I'd like to see both"; not "that's all": done, no reply)
_EVERY_WORDS = frozenset(w for phrase in EVERY_OPTION for w in phrase) | frozenset(
    "please pls thanks svp favor favore graag alstublieft bitte por per i d like to see show me tell about for the of "
    "them with and just".split())


def picked(m: Reader, words: list[str], context: Context) -> tuple[Analysis, str, Sides | None] | None:
    """Return the earlier question read with the product a short reply picks among the ones the bot asked back
    about ("Does Anthropic train on our data?" -> which product? -> "the API", "we're on the team plan"): the words
    of one option's names and context words, and of no other, say it; with every option when the reply asks for
    them all ("both", "all of them", "beide"): those to compare. None when the earlier question was not asked back,
    or no option or several fit."""
    if not words or len(words) > PICK_MAX:
        return None
    earlier = m.decide(context.text, context.before)  # asked back, maybe about a follow-up ("and the API?")
    if earlier.outcome is not Outcome.CLARIFY or len(earlier.options) < 2:
        return None
    before = _asked(m, context)
    if contains_phrase(words, EVERY_OPTION) and set(words) <= _EVERY_WORDS:
        return before, " vs ".join(" and ".join(m.name(p) for p in m.entries[e].applies_to.platforms)
                                   for e in earlier.options) + _aspects(before), (list(earlier.options), [])
    vocab = {e: _words_of(m, m.entries[e].applies_to.platforms) for e in earlier.options if e in m.entries}
    said = set(words) - _FILLER - (VOCABULARY.stopwords - _proper(m, earlier.options))  # "the team plan": Team's
    said = (said - VOCABULARY.descriptors) or said  # "das Team-Abo": the team's; a plan's word alone is read below
    shared = set.intersection(*vocab.values()) if vocab else set()
    chosen = [e for e, w in vocab.items() if said & (w - shared) and said <= w  # every word it says is that one's
              and not (said <= VOCABULARY.descriptors and not said <= _words_of(m, m.entries[e].applies_to.platforms,
                                                                                context=False))]
    # (a plan's word alone names a product by its name, "Free" in "Claude apps (claude.ai Free, Pro, Max)", not by a
    # word that says which tier of it is meant: "the free version" among Gemini's is not the Gemini API's free tier)
    taken = {p for e in vocab for p in m.entries[e].applies_to.platforms}
    makers = {m.index.operator.get(p) for p in taken}
    rivals = (_words_of(m, (p,)) for p, op in m.index.operator.items() if op in makers and p not in taken)
    if len(chosen) != 1 or any(said <= w for w in rivals):  # the same company's product with no entry may be the
        return None  # one meant ("Pro" among the Copilots: also Microsoft's consumer Copilot Pro)
    entry = m.entries[chosen[0]]
    mention = Mention(frozenset(entry.applies_to.platforms), "platform", " ".join(words))
    read = replace(before, mentions=(*before.mentions, mention))
    return read, " and ".join(m.name(p) for p in entry.applies_to.platforms) + _aspects(before), None


def _asked(m: Reader, context: Context) -> Analysis:
    """Return what the earlier question asked: completed from its own context when it was a follow-up."""
    a = analyse(context.text, m.index)
    done = complete(m, a, context.before) if context.before is not None and is_follow_up(context.text, a) else None
    return a if done is None else done[0]


def _aspects(a: Analysis) -> str:
    """Return the aspects a reading names after its products (" — retention, training")."""
    return f" — {', '.join(sorted(a.aspects))}" if a.aspects else ""


def _proper(m: Reader, entry_ids: Sequence[str]) -> set[str]:
    """Return the capitalised words of the entries' platform names ("Team" in "Claude for Work (Claude Team and
    Enterprise plans)"): part of a product's name, even where the word is common ("the team")."""
    names = (plat.name for e in entry_ids if e in m.entries for p in m.entries[e].applies_to.platforms
             if (plat := m.index.entities.platforms.get(p)))
    return set(normalise(" ".join(w for name in names for w in name.split() if w[:1].isupper())).split())


def _words_of(m: Reader, platforms: Sequence[str], *, context: bool = True) -> set[str]:
    """Return the words that name platforms: their aliases (and context words), and the words of their names that
    are not function words (a name is a phrase: "Gemini app with a Workspace account")."""
    found = [plat for p in platforms if (plat := m.index.entities.platforms.get(p))]
    names = normalise(" ".join(plat.name for plat in found)).split()
    return set(normalise(" ".join(t for plat in found for t in (*plat.aliases, *(plat.context if context else ()))))
               .split()) | (set(names) - VOCABULARY.stopwords)
