"""Which offerings a comparison names ("Bedrock vs the Anthropic API, which keeps less?"): paired by the names that
fit together, or read side by side between "vs", "or", "than" when that leaves one side."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from bot.core.matching.analysis import Analysis, analyse
from bot.core.matching.conversation import COMPARE, Context, language_of, only_greets, opening_marker, sides_of
from bot.core.matching.entities import EntityIndex, Mention
from bot.core.matching.rules import UNCLEAR
from bot.core.matching.segments import is_short_question, segment
from bot.core.matching.text import normalise
from bot.core.matching.vocabulary import VOCABULARY, read_words
from bot.core.models import Decision, Entry, Outcome

MAX_SIDES = 6  # parts between "vs", "or", "than": more are not read one by one
_OR = frozenset({"or", "oder", "oppure"})  # not "o", "ou", "of": also articles, "où", "of" in English
_AND = {None: frozenset({"and"}), "de": frozenset({"and", "und"}), "fr": frozenset({"and", "et"}),  # each
        "es": frozenset({"and", "y"}), "pt": frozenset({"and", "e"}), "it": frozenset({"and", "e"}),  # language's
        "nl": frozenset({"and", "en"}), "ja": frozenset({"and"})}  # (Dutch "en" is Spanish "in"; "et al.")
_LINKS = read_words("links")  # "the Notion AI and Slack AI integration": one thing
_ARTICLES = frozenset("the die der das den le la les l el los las o a os as il lo gli i het".split())


class Reader(Protocol):
    """What the comparison needs of the matcher."""

    entries: dict[str, Entry]
    index: EntityIndex

    def consistent(self, mentions: Sequence[Mention]) -> set[str]: ...

    def own_products(self, mentions: Sequence[Mention], allowed: set[str]) -> set[str]: ...

    def candidates(self, a: Analysis) -> set[str] | None: ...

    def name(self, ident: str) -> str: ...

    def decide(self, question: str, context: Context | None = None) -> Decision: ...


def offerings(self: Reader, a: Analysis) -> tuple[list[str], list[str]] | None:
    """Return the entries a comparison names (one per offering) and the names no entry covers; None when an
    offering is ambiguous or the names cannot be paired ("Mistral on Vertex vs Claude on Bedrock" pairs
    only by position: escalated, never guessed)."""
    platforms = list({m.ids: m for m in a.positive if m.role == "platform"}.values())
    others = list({m.ids: m for m in a.positive if m.role != "platform"}.values())
    fit_platform = [o for o in others if any(self.consistent([p, o]) for p in platforms)]
    if len(others) > 1 and len(platforms) > 1:  # which name goes with which platform: only positions say
        return None
    hint = {i for m in others for i in m.ids} | {op for p in platforms for i in p.ids
                                                  if (op := self.index.operator.get(i))}
    groups = [[p, *fit_platform] for p in platforms] + [[o] for o in others if o not in fit_platform]
    resolved: list[str] = []
    missing: list[str] = []
    for group in groups:
        if group[0] not in platforms and (paired := _on_a_platform(self, a.text, group[0])):
            missing.append(paired)  # "Mistral on Vertex" in "Claude on Vertex vs Mistral on Vertex": no entry,
            continue  # never Mistral's own API
        fitting = self.own_products(group, self.consistent(group) or self.consistent(group[:1]))
        if len(fitting) > 1:
            fitting = {e for e in fitting if set(self.entries[e].applies_to.providers) & hint} or fitting
        if len(fitting) > 1:
            return None
        if fitting:
            resolved.append(next(iter(fitting)))
        else:
            missing.append(" or ".join(self.name(i) for i in sorted(group[0].ids)))
    resolved = list(dict.fromkeys(resolved))
    return (resolved, missing) if resolved and len(resolved) + len(missing) >= 2 else None


def _on_a_platform(self: Reader, text: str, name: Mention) -> str | None:
    """Return "<name> on <cloud>" when a side of the comparison names a cloud that hosts models with it (no entry
    fits both; not a tool: "Cursor and Windsurf" are two products)."""
    hosts = set(self.index.clouds.values())
    for part in sides_of(text):
        side = analyse(part, self.index).positive
        places = [self.name(i) for m in side if m.role == "platform" for i in sorted(m.ids & hosts)]
        if places and any(m.ids == name.ids for m in side if m.role != "platform"):
            return " or ".join(self.name(i) for i in sorted(name.ids)) + " on " + " and ".join(places)
    return None


def sides(self: Reader, text: str) -> tuple[list[str], list[str]] | str | None:
    """Return the entries a comparison's sides name, read apart between "vs", "or", "than" ("Claude Code vs
    Cursor"); UNCLEAR when a side names no single entry; None when < 2 sides name what the others do not."""
    parts = sides_of(text)
    if len(parts) > MAX_SIDES:  # a long list of options is no comparison the bot can show: a person reads it
        return UNCLEAR
    named = [side for part in parts if (side := analyse(part, self.index)).positive]
    ids = [{i for m in side.positive for i in m.ids} for side in named]  # a side naming what others do, qualifies
    # ... named outright there: a name several products share ("Copilot Chat") does not make the one it may mean
    # ("Copilot Chat vs Microsoft 365 Copilot") a qualifier of itself
    definite = [{i for m in side.positive if len(m.ids) == 1 for i in m.ids} for side in named]
    fits = [self.candidates(side) or set() for k, side in enumerate(named)
            if not ids[k] <= set().union(*definite[:k], *definite[k + 1:])]
    if len(fits) < 2:
        return None
    one = [next(iter(f)) for f in fits if len(f) == 1]
    if len(one) == len(fits) and len(set(one)) == 1:  # sides of one offering ("La Plateforme - free vs paid tier"):
        return None  # its entry answers
    return (list(dict.fromkeys(one)), []) if len(one) == len(fits) and len(set(one)) > 1 else UNCLEAR


def chooses(self: Reader, text: str, a: Analysis) -> tuple[list[str], list[str]] | None:
    """Return the entries a short privacy question offers as alternatives, with no word for comparing ("Azure
    OpenAI or the OpenAI API for HIPAA data?"): read by position, each side between "or" ("oder", "oppure") names
    one entry of its own; None otherwise ("… to Copilot Studio or not?", Portuguese "o", French "où")."""
    words = normalise(text).split()
    if _OR.isdisjoint(words) or not is_short_question(text) or not (a.topic or VOCABULARY.names_privacy(words)):
        return None
    found = sides(self, text)
    return found if isinstance(found, tuple) and len(found[0]) >= 2 and not found[1] else None


def together(self: Reader, text: str, a: Analysis) -> tuple[list[str], list[str]] | None:
    """Return the entries a short privacy question asks about together, naming them side by side joined by "and"
    (a comma): "do Claude for Work and the Anthropic API keep our prompts?", "Claude on Bedrock and Vertex?". Each
    is the entry the same question asked of that name alone is answered with, one of its own. None otherwise:
    "and" joining other words ("keep files and sync them to Notion AI", "and never ChatGPT"), a name the question
    alone is not answered for ("forget Cursor and Copilot, does Claude for Work…"), one entry for both."""
    words = normalise(text).split()
    joins, amp = _AND.get(language_of(text, words), _AND[None]), "&" in text  # ("&" is no word)
    if (joins.isdisjoint(words) and not amp) or not _LINKS.isdisjoint(words) or not is_short_question(text) or not (
            a.topic or a.aspects or VOCABULARY.names_privacy(words)):
        return None
    spans = [(i, i + len(t.split())) for i, t, _ in self.index.scan(words)[0]]
    runs: list[list[tuple[int, int]]] = []
    for k, span in enumerate(spans):
        gap = words[spans[k - 1][1]:span[0]] if k else None
        if gap is not None and set(gap) <= joins | _ARTICLES:
            runs[-1].append(span)
        else:
            runs.append([span])
    chains = [run for run in runs if len(run) > 1]
    if len(chains) != 1 or (joins.isdisjoint(words[chains[0][0][0]:chains[0][-1][1]]) and not amp):
        return None
    chain, mark = chains[0], "?" if text.rstrip().endswith(("?", "？")) else ""
    entries: list[str] = []
    for start, end in chain:  # the question asked of this name alone
        d = self.decide(" ".join([*words[:chain[0][0]], *words[start:end], *words[chain[-1][1]:]]) + mark)
        if d.outcome is not Outcome.ANSWER or d.entry_id in entries or d.entry_id not in (
                self.candidates(analyse(" ".join(words[start:end]), self.index)) or ()):
            return None
        entries.append(d.entry_id or "")
    return entries, []


def asked_again(self: Reader, text: str) -> tuple[list[str], list[str]] | None:
    """Return the entries a message asks one question of and then again of another name, in a last sentence that is
    a follow-up saying nothing but a name ("Does ChatGPT Enterprise train on our data? And Claude for Work?", "…? what
    about Bedrock?"): the first sentence answered with one entry, the last, read as its follow-up in a thread, with
    another. None otherwise: more sentences, a last one that asks something of its own ("… And does GitHub Copilot
    keep it?": two questions), either part not answered, or both with the same entry."""
    said = [s for s in segment(text).sentences if not only_greets(normalise(s).split())]  # ("Hi!")
    if len(said) != 2 or not said[1].rstrip().endswith(("?", "？")):
        return None
    first, last = said
    words, own = normalise(last).split(), analyse(last, self.index)
    names = {w for m in own.positive for w in normalise(m.text).split()}
    if not (skip := opening_marker(words)) or own.aspects or len(set(words[skip:]) - names - VOCABULARY.stopwords) > (
            0 if own.positive else 2):  # a name, or a plan of the earlier product's maker ("And the API?")
        return None
    earlier = self.decide(first)
    if earlier.outcome is not Outcome.ANSWER or earlier.entry_id is None:
        return None
    later = self.decide(last, Context(text=first, entry_id=earlier.entry_id))
    if later.outcome is not Outcome.ANSWER or later.entry_id in (None, earlier.entry_id):
        return None
    return [earlier.entry_id, later.entry_id or ""], []


_GAUGE = frozenset("better worse best worst more less longer shorter any".split())  # comparing, also operational
_THAT = frozenset("that this it one ones right".split())  # the earlier answer
_COMPARING = frozenset(w for phrase in COMPARE for w in phrase)  # "vs", "compared", "which"…


def compares_in_thread(words: list[str], a: Analysis, reading: str | None) -> bool:
    """Return whether a follow-up comparing the earlier answer with another product asks on the earlier question's
    privacy aspect ("is that better than ChatGPT Enterprise?" after "how long does the Anthropic API keep prompts?":
    retention): read with an aspect it borrowed, it says nothing but names, words that compare ("better" is also a
    word for accuracy) and function words (not "which is cheaper, that or Bedrock?", "is it better at writing?")."""
    names = {w for n in a.mentions for w in normalise(n.text).split()}
    said = set(words) - names - VOCABULARY.stopwords - _GAUGE - _THAT - _COMPARING
    return reading is not None and bool(a.aspects) and not said  # nothing else: not "better at writing", "better
    # docs", "better quality" (what the products do), nor "cheaper" (a price)
