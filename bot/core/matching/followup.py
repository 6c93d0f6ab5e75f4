"""Follow-ups in a thread or a DM: a short message completed from the earlier question ("and on Vertex?" after a
Bedrock answer is Claude on Vertex AI), and whether it continues that privacy question at all."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Protocol

from bot.core.matching import pointing as pt
from bot.core.matching.analysis import PERSONAL_USE, Analysis, analyse
from bot.core.matching.compare import Reader as CompareReader
from bot.core.matching.conversation import (
    COMPARE,
    DIRECT,
    FOLLOW_UP_MARKERS,
    Context,
    api_named,
    asks_to_compare,
    borrowed_mentions,
    edition_named,
    opening_marker,
)
from bot.core.matching.entities import VERSION, Mention
from bot.core.matching.instructions import instructions
from bot.core.matching.segments import LONG, QUESTION_WORDS, Segments, acknowledges, reports
from bot.core.matching.situation import Verdict
from bot.core.matching.text import normalise
from bot.core.matching.uncovered import as_typed, entry_text
from bot.core.matching.vocabulary import VOCABULARY, read_words
from bot.core.models import Decision, Entry, Outcome

Sides = tuple[list[str], list[str]]  # the entries compared, and the names no entry covers


class Reader(CompareReader, Protocol):
    """What a follow-up is read with (the matcher): what a comparison needs, and decide()."""

    def decide(self, question: str, context: Context | None = None) -> Decision: ...


def complete(m: Reader, a: Analysis, context: Context) -> tuple[Analysis, str, Analysis] | None:
    """Return a follow-up completed from the earlier question of its thread, how it was read, and what it asks itself;
    None when it names nothing and asks no aspect ("what about the consumer app?": maybe a product the bot does not
    know), unless its words are all in the earlier answer's entry ("abuse monitoring?" after the OpenAI API's)."""
    entry, words = m.entries.get(context.entry_id or ""), normalise(a.text).split()  # ("vs the API?": its own)
    if context.handed_over and not a.positive:  # after a question the privacy team has: the answer before it, when
        if answered := pt.answered_before(context, m.index):  # it named nothing, says the product; else only a
            return complete(m, a, answered)  # fragment continues it ("and training?", "does it keep them?"), not
        if not pt.fragment(words):  # one of its own ("Where are backups kept?")
            return None
    plan = (edition_named(m.index, words, entry) or api_named(m.index, words, entry)) if not a.positive and entry else (
        None)
    a = replace(a, mentions=(*a.mentions, plan), off_topic=max(0.0, a.off_topic - sum(  # "and on the free plan?":
        w in VOCABULARY.operational for w in plan.text.split()))) if plan else a  # that plan's product ("Tarif")
    if a.positive and opening_marker(words) and (licence := _LICENCE.intersection(words)):  # a product's licence:
        a = replace(a, off_topic=max(0.0, a.off_topic - len(licence)))  # its edition ("and with the m365 licence?")
    said = set(words) - VOCABULARY.stopwords - _MARKER_WORDS - _NOT_SAID - (
        _COMPARE_WORDS - pt.CONTENT if asks_to_compare(words) else set())
    another = bool(said) and entry is not None and not a.positive and _names_another(m, said, entry)
    in_entry = bool(said) and entry is not None and (said <= pt.CONTENT or said <= set(entry_text(entry)))  # "what
    # about abuse monitoring?" after an entry speaking of it; "and the recordings?" after Zoom's: other data
    if (not a.aspects and VOCABULARY.other_senses(words)) or (not a.positive and (
            pt.at_a_time(words) or not (in_entry or pt.about_the_data(words)))):  # "and for customer retention?",
        return None  # "when does our contract renew?", "how much storage do we get?": another topic
    if not a.positive and (another or (not a.aspects and not in_entry)):  # a word of another product's name: which
        return None  # product is not said ("and the API?", "does the API train on it too?"; read on its own)
    chain = [pt.asking(analyse(t, m.index)) for t in (context.text, *context.older)]  # the earlier ones, newest first:
    # the newest that asked an aspect, the one that named a product ("Does AWS keep our prompts…?", "and on Vertex?")
    before = next((b for b in chain if b.aspects), chain[0])
    previous = list(next((b for b in chain if b.positive), before).positive)
    if entry is not None:  # the entry the earlier question got says best what it was about
        hosted = bool(set(entry.applies_to.platforms) & set(m.index.clouds.values()))  # a cloud's: its models
        previous = [Mention(frozenset({p}), "model" if hosted else "company", p)
                    for p in entry.applies_to.providers[:1]] + [
            Mention(frozenset({p}), "platform", p) for p in entry.applies_to.platforms]
    elif any(n.role == "platform" or n.text in m.index.clouds for n in a.positive) and (
            maker := _compared_maker(m, context)):
        previous = [Mention(frozenset({maker}), "model", maker)]  # "and on Vertex?" after "Bedrock vs the Anthropic
        # API, which keeps less?": Claude on Vertex AI, the maker both sides share
    again = {i for n in previous for i in n.ids} | {m.index.operator.get(i) for n in previous for i in n.ids}
    previous = [] if context.handed_over and any(n.ids - again for n in a.positive) else previous  # escalated: the
    # aspect alone of what names something new; names said again keep it all ("and does Mistral…"; not "its API")
    if entry is not None and a.positive and _same_entry(m, a, entry, set(words)):
        previous += [replace(n, role="company") for n in a.positive]  # "does it send data to OpenAI?" after Zoom
        # AI Companion, whose entry names OpenAI's models: still Zoom's
    borrowed = borrowed_mentions(a, previous, m.index, plain=_only_names(a))
    if entry is not None and borrowed and not any(n.role == "platform" for n in borrowed) and not any(
            n.role == "platform" and len(n.ids) > 1 for n in a.positive):
        # only the platform changes: the earlier answer's provider is the maker of what is now asked about on the
        # new one ("and on Vertex?" after the Gemini API: Gemini on Vertex AI, not every model Google hosts there);
        # a name several products share stays the company's to tell apart ("and the Gemini app?": which account?)
        borrowed = [replace(n, role="model") if n.role == "company" else n for n in borrowed]
    aspects, carried = a.aspects or before.aspects, not a.aspects and before.topic and any(a.positive) and (
        _only_names(a))  # ("what about DeepSeek?" after "Grok API privacy?" asks its privacy, as "DeepSeek privacy?")
    if not borrowed and aspects == a.aspects and not plan and not carried:
        return None
    # a cloud asked instead runs the earlier maker's models there ("and via Azure?" after Claude on Bedrock: Foundry)
    makers = {i for n in borrowed if n.role != "platform" for i in n.ids}
    clouds = m.index.clouds_for(list(a.positive), makers) if makers else []
    kept = not a.positive or any(n.role == "platform" for n in (*a.positive, *borrowed, *clouds))  # a product, or
    # none: the earlier words say which ("and GPT-5?" after the API, when no platform is kept, asks which product)
    completed = replace(a, mentions=(*a.mentions, *borrowed, *clouds), aspects=aspects, keywords=a.keywords or carried,
                        terms=a.terms + (before.terms if kept else ()))
    hosts = set(m.index.clouds.values())  # the clouds' model platforms (Bedrock, Vertex AI, Foundry)
    to_cloud = bool(makers) and not any(n.role == "platform" for n in borrowed) and any(
        n.role == "platform" and n.ids & hosts for n in (*a.positive, *clouds))
    on_host = not any(n.role == "platform" for n in a.positive) and any(n.role == "platform" for n in borrowed)
    if borrowed and a.positive and not (to_cloud or on_host or plan) and not m.candidates(completed):  # another
        # vendor's product ("what about Claude for Work?" after ChatGPT Enterprise): the names asked now replace them
        # (not the earlier vendor's plan: "and the free plan?"). The earlier maker's models on another cloud stay
        # asked ("and on Vertex?" after the OpenAI API), and another maker's models on the earlier cloud ("and
        # Mistral?" after Claude on Bedrock): no entry covers them; the privacy team gets them, not another's entry.
        completed, borrowed = replace(completed, mentions=a.mentions), []
        if aspects == a.aspects:
            return None
    run = {c for n in completed.positive if n.role == "platform" for i in n.ids for c in m.index.run_by.get(i, ())}
    cloud = bool({i for n in completed.positive if n.role == "platform" for i in n.ids} & hosts)
    names = [name for n in completed.positive  # not the company running a platform named ("Azure": Foundry's)
             if n.role != "platform" and not _runs_it(m, n, a.text, run, cloud) for name in _named(m, n, a.text)]
    places = [" or ".join(m.name(i) for i in sorted(m.index.in_context(words, n.ids) or n.ids))  # ("copilot chat
              for n in completed.positive if n.role == "platform"]  # without a license": Copilot Chat's words say)
    reading = " and ".join(dict.fromkeys(names)) + (" on " if names and places else "") + " and ".join(
        dict.fromkeys(places))
    own = a if a.positive or a.aspects else completed  # what it asks itself (a term of the entry: the entry's)
    return completed, reading + (f" — {', '.join(sorted(aspects))}" if aspects else ""), own


def _compared_maker(m: Reader, context: Context) -> str | None:
    """Return the one model maker of the offerings the earlier question compared (None: none, or several makers')."""
    compared = m.decide(context.text, context.before).compared
    makers = {entry.applies_to.providers[0] for e in compared
              if (entry := m.entries.get(e)) and entry.applies_to.providers}
    return makers.pop() if len(makers) == 1 else None


def _same_entry(m: Reader, a: Analysis, entry: Entry, said: set[str]) -> bool:
    """Return whether the companies a follow-up names are the earlier entry's own and it asks about "it": a provider
    the entry names, or the company running its platform ("does Amazon train on it?" after Claude on Bedrock, as
    "does AWS…"; not "does Amazon use our data for Alexa?", another product, nor a cloud's name: the platform)."""
    own = {*entry.applies_to.providers, *(m.index.operator.get(p) for p in entry.applies_to.platforms)}
    return bool(_POINTS & said or _THEM.search(a.text)) and all(
        n.role != "platform" and n.text not in m.index.clouds and n.ids <= own for n in a.positive)


_POINTS = pt.IT | {"damit"}  # "und trainiert Google damit?" (not "Sie", "ze", "ellos": "Weet je of ze bij OpenAI…")
_THEM = re.compile(r"\bsie\b")  # "Speichert Amazon sie?": lower case, never the formal "Können Sie…"


def _runs_it(m: Reader, n: Mention, text: str, run: set[str], cloud: bool) -> bool:
    """Return whether a name in a reading is the company running the platform named: left out ("Azure" reads as
    Foundry), and so is the maker on its own platform ("OpenAI API", not "OpenAI on OpenAI API"); a model the asker
    wrote, or the maker on a cloud, stays ("Whisper on OpenAI API", "Google on Google Cloud Vertex AI")."""
    return n.ids <= run and (n.role == "company" or (not cloud and _named(m, n, text) == [
        m.name(i) for i in sorted(n.ids)]))


def written(n: Mention, text: str) -> str:
    """Return a name as the asker wrote it ("Copilot")."""
    return as_typed(n.text.split(), text) or n.text


def _named(m: Reader, n: Mention, text: str) -> list[str]:
    """Return how a reading names a provider: a model as the asker wrote it ("Gemini", not its maker Google: no entry
    may cover Google's other products there), else by its name."""
    return [written(n, text)] if n.role == "model" and n.text and n.text in normalise(text) else [
        m.name(i) for i in sorted(n.ids)]


def _names_another(m: Reader, said: set[str], entry: Entry) -> bool:
    """Return whether a word said is a word of another product's name, not of the entry's, and no word for data ("the
    API" after ChatGPT Enterprise's, whose entry speaks of the API, asks about the API; not "search" of "slack ai
    search", nor an ordinary word, "models", unless in a name of the maker's: "workspace" after Gemini on Vertex)."""
    named = said & m.index.all_name_words - words_of(m, entry.applies_to.platforms, context=False)
    makers = {m.index.operator.get(p) for p in entry.applies_to.platforms}  # an ordinary word in a name of the same
    kin = words_of(m, [p for p, op in m.index.operator.items() if op in makers], context=False)  # maker's: its product
    return any(not VOCABULARY.is_generic(w) or w in kin for w in named - VOCABULARY.stopwords - pt.CONTENT)


class Unclear(list[str]):
    """A follow-up comparison whose other side several entries fit: the earlier answer's entry, the options to ask."""


def against_earlier(m: Reader, a: Analysis, context: Context, own: Analysis) -> Sides | Unclear | None:
    """Return the earlier answer's entry and the one product a follow-up compares it with ("which is better, this or
    Vertex?" after Claude on Bedrock: Claude on Vertex AI), or the names no entry covers ("compared to
    Perplexity?"); the entries that fit when several do ("compared to Copilot?": which Copilot?); None without an
    earlier answer or a product named, or when only its opening compares ("same for Google Cloud?" asks the same
    question of it). A product of its own (OWN: what the follow-up names itself) is compared as named, without the
    earlier maker ("compared to Copilot?" after ChatGPT Enterprise: every Copilot, not only those using OpenAI's
    models); a cloud platform or a model takes it ("compared to Vertex?": the earlier maker's models there)."""
    hosts = set(m.index.clouds.values())
    if own.positive and all(n.role == "platform" and not n.ids & hosts for n in own.positive):
        a = replace(a, mentions=own.mentions)
    words = normalise(a.text).split()
    opening = opening_marker(words)
    if context.entry_id not in m.entries or not a.positive or not asks_to_compare(words[opening:]):
        return None
    fits = m.candidates(a)
    if fits == set():  # no entry covers what it names ("compared to Perplexity?"): the reply says so
        names = [name for n in a.positive if n.role != "platform" for name in _named(m, n, a.text)]
        places = [" or ".join(m.name(i) for i in sorted(n.ids)) for n in a.positive if n.role == "platform"]
        return [context.entry_id or ""], [" on ".join(" and ".join(dict.fromkeys(p)) for p in (names, places) if p)]
    fits = (fits or set()) - {context.entry_id}  # none left: only the earlier answer again, nothing to compare it with
    return ([context.entry_id or "", *fits], []) if len(fits) == 1 else Unclear([context.entry_id or "", *sorted(
        fits)]) if fits else None


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
    """Return how a follow-up compared with the earlier answer was read ("Amazon Bedrock vs Claude on Vertex AI")."""
    return platforms_named(m, context.entry_id or "") + " vs " + reading


def continues(m: Reader, text: str, own: Analysis, seg: Segments) -> bool:
    """Return whether a follow-up continues the privacy question before it (and passes as one whatever the model
    scores its few words): it names a product or asks an aspect itself, and does not thank, report, speak of
    operations or ask how to do something ("and on Vertex?", "and training?"; not "thanks, I'll tell legal", "and
    which models are available?", "and how do I rotate the API key?")."""
    words, ack = normalise(text).split(), acknowledges(text)  # (a reply picking among options: read by its pick)
    opens = opening_marker(words) > 0 or (bool(words) and words[0] in pt.ACK and not ack)  # "and…",
    # "what about…": a fragment asks, as a question does after "ok" ("ok, whats the retention on the summaries")
    others = len(other_words(text, own))  # a product and nothing else, however long ("none of them, we use Claude
    asks = own.text != text or ((bool(seg.questions) or len(words) <= pt.BARE_MAX or opens) and others <= (  # via
        1 if own.aspects else 0)) or (bool(own.positive) and not others)  # Bedrock" after a question asked back)
    return bool(own.positive or own.aspects) and asks and not own.off_topic and not (ack and own.text == text and (
        not opens)) and not reports(text) and not instructions(text, seg)  # ("ok the first": a pick)


def other_words(text: str, own: Analysis) -> set[str]:
    """Return the words of a follow-up that are no name, aspect, word for data or privacy, or function word: what
    else it speaks of ("manager" in "who is our account manager at OpenAI?", "tokens" in "how many tokens can I
    send?"; not the personal account a product is used on); the model judges those, not the conversation."""
    words = normalise(text).split()
    names, lost = _name_words(own) | (PERSONAL_USE if own.personal else set()), VOCABULARY.other_senses(words)
    skip = _SAID_NOTHING | (VOCABULARY.descriptors | _EDITION if opening_marker(words) else set())  # an edition
    # after "and…" ("and claude.ai free?", "and with the full m365 copilot license?", "und für copilot chat ohne
    # Lizenz?"; not in "does the Gemini API have a free tier?", a question of its own)
    return {w for w in words if w not in names and w not in VOCABULARY.stopwords and w not in skip and (
        w not in pt.CONTENT and w not in VOCABULARY.privacy and w not in VOCABULARY.topics
        and not (VOCABULARY.aspects_of_word(w) and w not in lost) and not VERSION.fullmatch(w))}  # a model's
    # version ("opus 4 5"); an aspect word unless it means something else there ("staff training")


def _name_words(a: Analysis) -> set[str]:
    return {w for n in a.mentions for w in n.text.split()}


def _only_names(a: Analysis) -> bool:
    """Return whether a follow-up says nothing but names (a model's version among them), its opening and function
    words ("and Opus 4.5?", "is that also true for Whisper?"; not "and my personal Claude?", "and GPT-5? when?")."""
    names = _name_words(a)
    return all(w in names or w in _MARKER_WORDS or w in pt.ACK or VERSION.fullmatch(w) or (
        w in VOCABULARY.stopwords and w not in QUESTION_WORDS and w not in VOCABULARY.descriptors)
        for w in normalise(a.text).split())


def silent(text: str, own: Analysis) -> bool:
    """Return whether a message names no product, says nothing of data or privacy itself and speaks of something
    else ("who is our Microsoft rep?"; not "does that apply to Bedrock as well?"), in words the word lists can judge
    (Latin script: they hold no Chinese, and Japanese is not split into words)."""
    others = other_words(text, own) if len(text) <= LONG and not own.platform_named else set()
    return bool(others) and all(w.isascii() for w in others) and not (
        own.aspects or own.privacy or own.topic or own.keywords)


_COMPARE_WORDS = frozenset(w for phrase in COMPARE for w in phrase)  # "vs", "compared", "which"…
_MARKER_WORDS = frozenset(w for phrase in FOLLOW_UP_MARKERS for w in phrase)  # "what about", "und", "et pour"…
FILLER = read_words("filler")  # "and the business version?", "und wenn wir Bedrock nutzen?"
_NOT_SAID = FILLER | DIRECT  # "and the direct Anthropic API?" (not in a pick: "we use claude directly")
_LICENCE = frozenset("license licence licenses licences lizenz lizenzen licencia licencias licenca licencas "
                     "licenza licenze licentie licenties".split())  # a product's, after "and…": its edition
_EDITION = _LICENCE | frozenset("full without ohne sans sin sem senza zonder".split())  # (with one, without one)
_SAID_NOTHING = _MARKER_WORDS | _NOT_SAID | _COMPARE_WORDS | QUESTION_WORDS | pt.HOW_LONG | {"whats", "hows", "wheres"}


def words_of(m: Reader, platforms: Sequence[str], *, context: bool = True) -> set[str]:
    """Return the words that name platforms: their aliases (and context words), and the words of their names that
    are not function words (a name is a phrase: "Gemini app with a Workspace account")."""
    found = [plat for p in platforms if (plat := m.index.entities.platforms.get(p))]
    names = normalise(" ".join(plat.name for plat in found)).split()
    return set(normalise(" ".join(t for plat in found for t in (*plat.aliases, *(plat.context if context else ()))))
               .split()) | (set(names) - VOCABULARY.stopwords)


def platforms_named(m: Reader, entry_id: str) -> str:
    """Return the names of an entry's platforms ("Amazon Bedrock")."""
    return " and ".join(m.name(p) for p in m.entries[entry_id].applies_to.platforms)
