"""Reading a message in its conversation: a reply to a question asked back ("the API", "both"), a follow-up
completed from the thread (followup.py), and the comparisons either leads to."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from bot.core.matching import pointing as pt
from bot.core.matching.analysis import Analysis, analyse
from bot.core.matching.compare import offerings
from bot.core.matching.conversation import FOLLOW_UP_MAX, Context, aspects_named, is_follow_up
from bot.core.matching.entities import Mention
from bot.core.matching.followup import (
    FILLER,
    Reader,
    Sides,
    Unclear,
    against_earlier,
    complete,
    platforms_named,
    versus,
    words_of,
    written,
)
from bot.core.matching.text import normalise
from bot.core.matching.vocabulary import VOCABULARY, contains_phrase, read_groups, read_phrases, read_words
from bot.core.models import Outcome

PICK_MAX = 6  # words: "the API", "we use the team plan", "the GitHub one"
_INTERJECTIONS = frozenset("ok okay yes yeah yep sure oh hmm um well ah right ja oui si sim".split())

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
    while words and words[0] in _INTERJECTIONS:  # "ok the API", "yes, the second one"
        words = words[1:]
    if not words or len(words) > PICK_MAX:
        return None
    earlier = m.decide(context.text, context.before)  # asked back, maybe about a follow-up ("and the API?")
    if earlier.outcome is not Outcome.CLARIFY or len(earlier.options) < 2:
        return None
    before = _asked(m, context)
    base = list(earlier.compared)  # "compared to Copilot?" -> which? -> "GitHub's": compared with the earlier one
    if contains_phrase(words, EVERY_OPTION) and set(words) <= _EVERY_WORDS:
        every = [*base, *earlier.options]
        return before, " vs ".join(platforms_named(m, e) for e in every) + aspects_named(before), (every, [])
    vocab = {e: words_of(m, m.entries[e].applies_to.platforms) for e in earlier.options if e in m.entries}
    said = set(words) - FILLER - (VOCABULARY.stopwords - _proper(m, earlier.options))  # "the team plan": Team's
    said = (said - VOCABULARY.descriptors) or said  # "das Team-Abo": the team's; a plan's word alone is read below
    shared = set.intersection(*vocab.values()) if vocab else set()
    chosen = [e for e, w in vocab.items() if said & (w - shared) and said <= w  # every word it says is that one's
              and not (said <= VOCABULARY.descriptors and not said <= words_of(m, m.entries[e].applies_to.platforms,
                                                                                context=False)
                       and not _on_its_button(m, said, e, earlier.options))]  # "the consumer one": its button's
    # (a plan's word alone names a product by its name, "Free" in "Claude apps (claude.ai Free, Pro, Max)", not by a
    # word that says which tier of it is meant: "the free version" among Gemini's is not the Gemini API's free tier)
    taken = {p for e in vocab for p in m.entries[e].applies_to.platforms}
    makers = {m.index.operator.get(p) for p in taken}
    rivals = (words_of(m, (p,)) for p, op in m.index.operator.items() if op in makers and p not in taken)
    if (place := _place(words, len(earlier.options))) is not None:  # "the second one", "2", "die zweite"
        chosen, said = [earlier.options[place]], set()  # (no rival is meant: the place says which)
    if len(chosen) != 1 or (any(said and said <= w for w in rivals) and not _on_its_button(
            m, said, chosen[0], earlier.options)):  # the same company's product with no entry may be the one meant
        return None  # ("Pro" among the Copilots: also Microsoft's consumer Copilot Pro), unless its button says it
    entry = m.entries[chosen[0]]
    mention = Mention(frozenset(entry.applies_to.platforms), "platform", " ".join(words))
    read = replace(before, mentions=(*before.mentions, mention))
    if m.candidates(read) != {entry.id}:  # a platform of several makers' models ("the last one": Claude on Vertex)
        read = replace(read, mentions=(*read.mentions, Mention(frozenset(entry.applies_to.providers), "model",
                                                                 " ".join(words))))
    reading = platforms_named(m, entry.id) + aspects_named(before)
    if base and context.before is not None:
        return before, versus(m, context.before, reading), ([*base, entry.id], [])
    return read, reading, None


def named_option(m: Reader, a: Analysis, words: list[str], context: Context) -> tuple[Analysis, str] | None:
    """Return the earlier question read with the one product it was asked back about that a short reply's names fit
    ("claude" after "does AWS keep our prompts?" -> Claude on Amazon Bedrock, not every Claude product; "github
    copilot enterprise" after "who processes our data in Copilot?"); None when none or several fit ("copilot chat":
    Microsoft's and GitHub's) or the reply says more than a pick."""
    names = {w for n in a.mentions for w in normalise(n.text).split()}
    extra = set(words) - names - VOCABULARY.stopwords - FILLER - _INTERJECTIONS  # more than a name ("no, we use
    if len(words) > PICK_MAX:  # claude directly", "claude via the console"), unless on the option's button
        return None  # ("github copilot enterprise": "GitHub Copilot Business / Enterprise")
    earlier = m.decide(context.text, context.before)
    fits = (m.candidates(a) or set()) & set(earlier.options) if earlier.outcome is Outcome.CLARIFY and not (
        earlier.compared) else set()  # (a comparison's question back: picked() shows the pick beside the earlier)
    if len(fits) != 1 or not extra <= set(normalise(m.entries[next(iter(fits))].title).split()):
        return None
    before = _asked(m, context)
    read = replace(before, mentions=(*before.mentions, *a.mentions), aspects=a.aspects or before.aspects)
    if m.candidates(read) != fits:  # the earlier names and the reply's together must name it
        return None
    return read, platforms_named(m, next(iter(fits))) + aspects_named(read)


ORDINALS = read_groups("ordinals")  # line N: the words for the Nth
LAST = read_words("last-option")  # "the last one"
_PLACE_WORDS = _EVERY_WORDS | frozenset("one option number nr no".split())  # "the second one, please"


def _place(words: list[str], options: int) -> int | None:
    """Return the index of the option a reply picks by its place ("the second one", "option 2", "2"), if it says
    nothing else."""
    ordinal = {w for group in ORDINALS for (w, *_) in group} | LAST
    said = [w for w in words if w in ordinal or not (w in _PLACE_WORDS or w in FILLER or w in VOCABULARY.stopwords)]
    places = [k for k, group in enumerate(ORDINALS) if len(said) == 1 and (said[0],) in group]
    places += [options - 1] if len(said) == 1 and said[0] in LAST else []  # "the last one"
    return places[0] if places and places[0] < options else None


def _on_its_button(m: Reader, said: set[str], chosen: str, options: Sequence[str]) -> bool:
    """Return whether the words a reply says are on the chosen option's button (its entry's title) and on no other
    one's: the asker read them there ("the workspace one" among Gemini's: "Gemini for Google Workspace")."""
    shown = {e: set(normalise(m.entries[e].title).split()) - VOCABULARY.stopwords for e in options if e in m.entries}
    return bool(said) and said <= shown.get(chosen, set()) and not any(
        said & words for e, words in shown.items() if e != chosen)


def _asked(m: Reader, context: Context) -> Analysis:
    """Return what the earlier question asked: completed from its own context when it was a follow-up."""
    a = analyse(context.text, m.index)
    done = complete(m, a, context.before) if context.before is not None and is_follow_up(context.text, a) else None
    return a if done is None else done[0]


def _proper(m: Reader, entry_ids: Sequence[str]) -> set[str]:
    """Return the capitalised words of the entries' platform names ("Team" in "Claude for Work (Claude Team and
    Enterprise plans)"): part of a product's name, even where the word is common ("the team")."""
    names = (plat.name for e in entry_ids if e in m.entries for p in m.entries[e].applies_to.platforms
             if (plat := m.index.entities.platforms.get(p)))
    return set(normalise(" ".join(w for name in names for w in name.split() if w[:1].isupper())).split())


def in_context(m: Reader, a: Analysis, words: list[str], *, compare: bool, context: Context | None) -> tuple[
        Analysis, str | None, Analysis, str | None, Sides | Unclear | None]:
    """Return a message read in its conversation: the analysis to decide on, how it was read (None: on its own),
    what it asks itself, the earlier question when that compared and this asks an aspect of it, and the offerings
    to compare (or the options a comparison with the earlier answer leaves)."""
    if context is None:
        return a, None, a, None, None
    if a.positive and (one := named_option(m, a, words, context)) is not None:  # "claude" after "does AWS keep…?"
        return one[0], one[1], one[0], None, None
    chose = picked(m, words, context) if a.positive else None  # "GitHub's" after "compared to Copilot?" -> which?
    if chose is not None and chose[2] is not None:
        return chose[0], chose[1], chose[0], None, chose[2]
    short = len(a.text) <= FOLLOW_UP_MAX
    if short and (it := _its_maker(m, a, words, context)) is not None:  # "does it send data to OpenAI?" after Slack AI
        return it[0], it[1], a, None, None
    if compare and short and not a.positive and (a.privacy or not a.off_topic) and len(
            answered := _answered(m, context)) > 1:  # "compare them", "which one is better for privacy?"
        asked = _asked(m, context)  # after "and Azure OpenAI?" after the OpenAI API: the thread's two answers
        read = replace(a, aspects=a.aspects or asked.aspects)
        reading = " vs ".join(platforms_named(m, e) for e in answered) + aspects_named(read)
        return read, reading, read, None, (answered, [])
    if compare and short and a.positive and not is_follow_up(a.text, a) and offerings(m, a) is None and (
            every := against_earlier(m, a, context, a)) is not None:  # "which keeps less, that or Azure OpenAI?"
        named = " and ".join(dict.fromkeys(written(n, a.text) for n in a.positive)) + aspects_named(a)
        return a, versus(m, context, named), a, None, every
    if (is_follow_up(a.text, a) or (compare and short)) and (done := complete(m, a, context)) is not None:
        again = pt.compared_before(m.index, context) if not a.positive and not compare else None
        completed, reading, own = done
        every = against_earlier(m, completed, context, a) if compare and offerings(m, completed) is None else None
        if isinstance(every, Unclear) and a.positive:  # "ChatGPT Enterprise vs Copilot — training": which one?
            reading = " or ".join(dict.fromkeys(written(n, a.text) for n in a.positive)) + aspects_named(completed)
        return completed, versus(m, context, reading) if every is not None else reading, own, again, every
    if not a.positive and (chose := picked(m, words, context)) is not None:
        return chose[0], chose[1], chose[0], None, chose[2]  # a reply naming a product asked back about, or all
    return a, None, a, None, None


def _its_maker(m: Reader, a: Analysis, words: list[str], context: Context) -> tuple[Analysis, str] | None:
    """Return a question about "it" (the earlier answer's product) and a model maker read as about both, when its
    entry does not name that maker ("does it send data to OpenAI?" after Slack AI: no entry covers Slack AI with
    OpenAI, never OpenAI's own products; after Zoom AI Companion, whose entry names OpenAI's models, complete()
    keeps Zoom's); None otherwise."""
    entry = m.entries.get(context.entry_id or "")
    if entry is None or not a.positive or any(n.role == "platform" for n in a.positive) or not pt.asks_of_it(words):
        return None
    earlier = [Mention(frozenset({p}), "platform", m.name(p).split(" (")[0]) for p in entry.applies_to.platforms]
    read = replace(a, mentions=(*a.mentions, *earlier))
    if m.candidates(read) not in (set(), {entry.id}):  # none: the privacy team; its own: "does it use Claude?"
        return None  # after Cursor, whose entry names Claude's models
    names = " and ".join(dict.fromkeys(written(n, a.text) for n in a.positive))
    return read, f"{names} with {platforms_named(m, entry.id)}" + aspects_named(a)


def _answered(m: Reader, context: Context) -> list[str]:
    """Return the last two entries a thread's questions were answered with, the earlier first ("compare them")."""
    found: list[str] = []
    step: Context | None = context
    while step is not None and len(found) < 2:
        if step.entry_id in m.entries and step.entry_id not in found:
            found.insert(0, step.entry_id or "")
        step = step.before
    return found
