"""Decide what to do with a question: answer, clarify, escalate or decline. Never guess.

decide() analyses the question, keeps only the entries consistent with every name it mentions, scores them by
TF-IDF cosine against their example questions, and then applies the named rules of rules.py in order."""

from __future__ import annotations

import heapq
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from functools import cached_property

from bot.core.matching.analysis import Analysis, analyse, analyse_long, asked_of, asks_privacy, last_named, subject
from bot.core.matching.anew import asks_anew
from bot.core.matching.compare import asked_again, chooses, compares_in_thread, offerings, sides, together
from bot.core.matching.conversation import (
    Context,
    as_asked,
    asked_lead,
    asks_to_compare,
    compares_on_privacy,
    is_help,
    language_of,
)
from bot.core.matching.credentials import about_credentials
from bot.core.matching.entities import EntityIndex, Mention
from bot.core.matching.followup import continues, on_subject, silent
from bot.core.matching.index import TermIndex, rank_key
from bot.core.matching.instructions import instructions, lead_input
from bot.core.matching.intent import IntentModel, features
from bot.core.matching.meant import either, meant
from bot.core.matching.picking import in_context
from bot.core.matching.pointing import bare_aspects, thread_language
from bot.core.matching.rules import RULES, known_question, nothing_fits
from bot.core.matching.segments import (
    LONG,
    acknowledges,
    is_short_question,
    own_words,
    reports,
    segment,
    states,
)
from bot.core.matching.situation import Situation
from bot.core.matching.text import clean, normalise, squeeze, width
from bot.core.matching.titles import off_title, titled_with_keywords
from bot.core.matching.uncovered import entry_text, not_covered
from bot.core.matching.vocabulary import VOCABULARY
from bot.core.models import Candidate, Decision, Entry, Outcome
from bot.core.thresholds import Thresholds

__all__ = ["Context", "Matcher", "Thresholds"]


_HANDLE = re.compile(r"(?<![\w@.])@[\w][\w.-]*")  # a handle typed as text ("@privacy-bot"): who is addressed
ANSWERS = (Outcome.ANSWER, Outcome.COMPARE)  # the outcomes whose reply leads with the aspect asked
LEADS = (*ANSWERS, Outcome.CLARIFY)  # and a clarify's, for the product a button picks


def _another_name(a: Analysis, context_words: frozenset[str]) -> bool:
    """Return whether the asker capitalised a word no list knows, past the first: an app a model is used in, whose
    plan a plan word may be ("Claude in Raycast on the Pro plan"; "Raycast", "Poe", "Slack" alone)."""
    known = context_words.union(*(m.text.split() for m in a.mentions))
    return any(w[:1].isupper() and not all(n in known or VOCABULARY.is_known(n) for n in normalise(w).split())
               for w in re.findall(r"[^\W\d_][\w-]*", a.text)[1:])


def _context_decides(mentions: Sequence[Mention]) -> bool:
    """Return whether the names leave the product to context words ("OpenAI ... fine-tuning", "Copilot ... repos")."""
    return all(m.role == "company" or len(m.ids) > 1 for m in mentions)


class Matcher:
    """Matches questions against an answer set; build once, call decide() many times."""

    def __init__(self, entries: Sequence[Entry], index: EntityIndex, thresholds: Thresholds | None = None,
                 intent: IntentModel | None = None) -> None:
        self.entries = {e.id: e for e in entries}
        self.index = index
        self.t = thresholds or Thresholds()
        self.intent = intent
        self.terms = TermIndex(entries, index)
        self._context_words = frozenset(w for phrases in index.context.values() for p in phrases for w in p)
        self._by_entity: dict[str, set[str]] = defaultdict(set)
        for e in entries:
            for ident in (*e.applies_to.providers, *e.applies_to.platforms):
                self._by_entity[ident].add(e.id)
            for company in (c for plat in e.applies_to.platforms for c in index.run_by.get(plat, ())):
                self._by_entity[company].add(e.id)  # the company running a platform covers it (and its parent)
        consumer = {index.operator[p] for p, words in index.context.items() if ("personal", "account") in words
                    and p not in self._by_entity}  # companies whose consumer edition has no entry ("personal account")
        self._business = {e.id for e in entries if {index.operator.get(p) for p in e.applies_to.platforms} & consumer}
        self._processors = {e.id: f" {normalise(' '.join(p.name for p in e.processor))} " for e in entries}

    @cached_property
    def _vendor_words(self) -> frozenset[str]:  # the words the entries use (their features: "the batch API"), once
        return frozenset(w for e in self.entries.values() for w in entry_text(e))  # needed: not at start-up

    def consistent(self, mentions: Sequence[Mention]) -> set[str]:
        """Return the entries consistent with every mention."""
        result: set[str] | None = None
        for m in mentions:
            ids = {e for i in m.ids for e in self._by_entity.get(i, ()) if self.index.satisfied(
                m, self.entries[e].applies_to.providers, self.entries[e].applies_to.platforms)}
            result = ids if result is None else result & ids
        return result or set()

    def _excluded(self, a: Analysis, candidates: set[str]) -> set[str]:
        """Return the candidates a negated mention rules out ("via Vertex, not Bedrock")."""
        positive_ids = {i for m in a.positive for i in m.ids}
        positive_ids |= {op for i in positive_ids if (op := self.index.operator.get(i))}
        out = set()
        for e in candidates:
            applies = self.entries[e].applies_to
            for m in a.negated:
                ids = m.ids - positive_ids
                if ids & set(applies.platforms if m.role == "platform" else applies.providers):
                    out.add(e)
        return out

    def own_products(self, mentions: Sequence[Mention], allowed: set[str]) -> set[str]:
        """A company named alone ("OpenAI") means its own products, not every product using its models, if any."""
        if not allowed or any(m.role != "company" for m in mentions):
            return allowed
        companies = {i for m in mentions for i in m.ids}
        own = {e for e in allowed for plat in self.entries[e].applies_to.platforms
               if self.index.run_by.get(plat, frozenset()) & companies}
        return own or (allowed if len(companies) == 1 else set())  # "do OpenAI and Anthropic train…": not a tool

    def own_product(self, a: Analysis, allowed: set[str] | None) -> bool:
        """Return whether a company or its model named alone leaves one entry ("Claude … on the Team plan"), on a
        platform it runs itself (not "Salesforce" for Slack AI), and the text excludes none of its products."""
        if not allowed or len(allowed) != 1 or not a.positive or any(m.role == "platform" for m in a.positive) or (
                any(m.role == "model" for m in a.positive) and len({m.ids for m in a.positive}) > 1):
            return False  # (a model beside another company: "claude code … in the github")
        companies = {i for m in a.positive for i in m.ids}
        if any(self.index.run_by.get(i, frozenset()) & companies for m in a.negated for i in m.ids):
            return False
        entry = self.entries[next(iter(allowed))]
        return any(self.index.operator.get(p) in companies for p in entry.applies_to.platforms)

    def narrowed(self, a: Analysis, compare: bool = False) -> Analysis:
        """Return a post's analysis with the names from its rest that narrow what its title and questions name to one
        entry ("Vertex AI data storage" ... "we use Gemini through Vertex AI"; "OpenAI" ... "the API"; not to several).
        Names that fit no entry together read as its subject (analysis.subject), with those that fit it, unless it
        compares or ends on another product. Not for one short question: a name in passing is as often what it asks."""
        allowed = self.candidates(a) or set() if a.positive else set()
        if not allowed and not compare and len(a.positive) > 1 and (read := subject(a, self.index)):
            for m in a.positive:  # the names in passing that fit the subject stay ("Claude ... on Bedrock")
                if m not in read.mentions and self.candidates(fuller := replace(read, mentions=(*read.mentions, m))):
                    read = fuller
            last = last_named(a, self.index)
            return read if self.candidates(read) and any(m.ids & last for m in read.positive) else a
        if not a.body or len(allowed) < 2:
            return a
        narrowing: list[Mention] = []
        left: set[str] = set()
        for m in a.body:
            fits = self.candidates(replace(a, mentions=(*a.mentions, m))) or set()
            if fits and fits < allowed:
                narrowing.append(m)
                left |= fits
        return replace(a, mentions=(*a.mentions, *narrowing)) if len(left) == 1 else a

    def candidates(self, a: Analysis) -> set[str] | None:
        """Return the entries that may answer: consistent with every name asked about, minus those excluded."""
        allowed: set[str] | None = None
        if a.positive:
            allowed = self.own_products(a.positive, self.consistent(meant(a, self.index)))
            if allowed and _context_decides(a.positive):
                platforms = {p for e in allowed for p in self.entries[e].applies_to.platforms}
                bare = {p for p in self.index.context if not self._by_entity.get(p) and any(  # a company's, no entry
                    m.role == "company" and self.index.operator.get(p) in m.ids for m in a.positive)}
                picked = self.index.in_context(normalise(a.text).split(), platforms | bare)
                if picked & bare:
                    allowed = set()  # "OpenAI ... on the Plus plan": one of its products that no entry covers
                elif len(allowed) > 1:
                    allowed = {e for e in allowed if picked & set(self.entries[e].applies_to.platforms)} or allowed
                elif not picked and any(len(m.ids) > 1 and i not in self._by_entity for m in a.positive for i in m.ids):
                    allowed = set()  # "Google Drive" alone is Drive itself (no entry), unless its words say Gemini
            elif allowed and a.privacy and all(m.role != "platform" for m in a.positive) and len(  # a model, maybe
                    {m.ids for m in a.positive}) == 1 and not _another_name(  # its maker too ("Claude … Anthropic")
                    a, self._context_words) and (
                    picked := self.index.edition(normalise(a.text).split(), [
                        p for p, op in self.index.operator.items() if op in a.positive[0].ids])):
                allowed &= {e for e in allowed if picked & set(self.entries[e].applies_to.platforms)}  # "Claude on the
                # Pro plan" asked of its data: the maker's own app; none when no entry covers it ("GPT-4o on the free
                # plan": ChatGPT's); not "on the Team plan, do we get Opus?"
        elif a.negated:
            allowed = set(self.entries)
        if allowed and a.personal and allowed & self._business:
            allowed = set()  # "Gemini with my personal Gmail": the consumer edition, which no entry covers
        if allowed and a.negated:
            allowed -= self._excluded(a, allowed)
        return allowed

    def name(self, ident: str) -> str:
        """Return the name of a provider or platform id."""
        found = self.index.entities.platforms.get(ident) or self.index.entities.providers.get(ident)
        return found.name if found is not None else ident

    def decide(self, question: str, context: Context | None = None) -> Decision:
        """Return what to do with a question (a follow-up borrows what it leaves out from its context)."""
        written = own_words(squeeze(_HANDLE.sub(" ", clean(question))))
        text = as_asked(written)  # "a openai treina com os dados da api" asks (the question keeps what was written)
        words = normalise(text).split()
        if is_help(words):
            return Decision(question=written, outcome=Outcome.HELP, reason="asks what the bot can answer")
        seg, long = segment(text), width(text) > LONG  # a CJK character is as wide as two Latin letters
        marked = seg if text == written else segment(written)  # the questions the asker marked ("…? non trovo")
        compare = asks_to_compare(normalise(seg.focus).split() if long else words)  # what a post asks
        if long:
            a = self.narrowed(analyse_long(text, seg.focus, self.index, seg.sentences, seg.questions), compare)
        else:
            a = analyse(text, self.index)
            if len(seg.sentences) > 1 and self.candidates(a) == set() and not (a.other_tool or a.sender) and all(
                    self.candidates(replace(a, mentions=(m,))) for m in a.positive) and (  # each name has an entry
                    of := asked_of(seg.sentences, seg.questions, self.index, a)) and self.candidates(of):
                a = self.narrowed(replace(analyse_long(text, seg.focus, self.index, seg.sentences, seg.questions),
                                          mentions=either(of.mentions, a.mentions, self.index, text)), compare)
            elif len(seg.sentences) > 1 and a.off_topic and asks_privacy(seg.questions, self.index):  # as in a post
                a = replace(a, off_topic=analyse(" ".join(seg.questions), self.index).off_topic)
        if a.recipients and not self.candidates(a) and (fits := self.candidates(rest := replace(a, mentions=tuple(
                m for m in a.mentions if m.text not in a.recipients)))) and rest.platform_named and all(
                f" {name} " in self._processors[e] for e in fits for name in a.recipients):
            a = rest  # "does Zoom AI Companion send our meetings to Perplexity?": its entry names its processors
        if a.sender and not set(a.sender) <= self._vendor_words:  # "does grammarly send our drafts to openai?"
            a = replace(a, other_tool=True)  # something no entry speaks of sends to the company: another tool
        if seg.title and not a.keywords and titled_with_keywords(a, seg, self.index):
            a = replace(a, keywords=True)
        if context is not None and not a.aspects and (bare := bare_aspects(words)):
            a = replace(a, aspects=bare)
        a, reading, own, again, every = in_context(self, a, words, compare=compare, context=context)
        vector = features(text, self.index, seg) if self.intent is not None else {}
        intent = self.intent.score(vector) if self.intent is not None else None
        going_on = reading is not None and continues(self, text, own, seg)
        if going_on and self.intent is not None and intent is not None:
            intent = max(intent, self.intent.answer)  # it continues a privacy conversation
        elif reading is not None and context is not None and asks_anew(text, own, context, self.entries):
            a, reading = own, None  # "is the Cursor trial free?" after a Cursor answer borrows no aspect
        allowed, language = self.candidates(a), language_of(text, words) or thread_language(context, reading)
        terms = self.terms.weigh(a.terms)
        scores = self.terms.scores(terms, allowed) if terms else {}
        scores = {**dict.fromkeys(allowed or (), 0.0), **scores}  # (ranked by score, then id: the order is no matter)
        # With nothing named, every rule looks only at the best few (the top two, and up to max_options options
        # above the clarify floor), so rank those alone; with names, the few candidates are all ranked.
        ranked = heapq.nsmallest(self.t.max_options + 5, scores.items(), key=rank_key) if allowed is None else sorted(
            scores.items(), key=rank_key)
        situation = Situation(analysis=a, allowed=allowed, ranked=ranked, vector=terms, entries=self.entries,
                              index=self.terms, t=self.t, intent=intent,
                              asks=bool(seg.questions) or (len(seg.sentences) <= 1 and not acknowledges(text)
                                                           and not reports(text) and not states(text, any(  # by a name
                                                               i == 0 for i, _, _ in self.index.scan(words[:4])[0])))
                              or (reading is not None and not (acknowledges(text) and own.text == text)  # ("ok
                                  and not reports(text)),  # the first": a pick among the options asked back)
                              short_question=is_short_question(text), question_sentence=bool(seg.questions),
                              own_product=self.own_product(a, allowed), how_to=instructions(text, marked),
                              credentials=about_credentials(words, a),
                              off_title=bool(seg.title) and reading is None and off_title(seg, self.index),
                              silent=reading is not None and silent(text, own), foreign=language is not None,
                              operator=self.index.operator)
        if self.intent is not None:
            situation.intent_decline, situation.intent_answer = self.intent.decline, self.intent.answer
            situation.intent_pinned = self.intent.answer if self.intent.pinned is None else self.intent.pinned
            if (head := self.intent.ours) is not None and reading is None and not long:  # about us? (not a reply)
                situation.ours, situation.ours_threshold = head.score(vector), head.threshold
        if compare or again or every:  # ("and training?" after "Bedrock vs the Anthropic API…" compares on training)
            situation.extra["compare"] = every or offerings(self, a) or sides(
                self, again or (seg.focus if long else text))
            asked = normalise(" ".join(seg.questions)).split() if seg.questions else [] if long else words
            situation.extra["privacy_words"] = compares_on_privacy(asked) or compares_in_thread(words, a, reading)
        elif not long and (chosen := chooses(self, text, a) or together(self, text, a) or (
                context is None and asked_again(self, text))):  # "X or Y for HIPAA data?"
            situation.extra["compare"] = chosen  # the model still decides whether it is a privacy question
        verdict = next((v for rule in RULES if (v := rule(situation)) is not None), None) or nothing_fits(situation)
        verdict = on_subject(verdict, context if reading is None and not a.positive else None)
        entry = self.entries.get(verdict.entry_id or "")
        if reading is None and entry is not None and a.positive and _context_decides(a.positive):  # what it read
            reading = " and ".join(self.name(p) for p in entry.applies_to.platforms)
        missing = not_covered(words, entry, text) if entry is not None else ()
        if entry is not None and reading is not None and context is not None and not own.aspects:  # the aspect
            # borrowed: so is what the earlier question asked that this entry does not cover ("and the OpenAI API?"
            # after "Is Azure OpenAI HIPAA compliant and will Microsoft sign a BAA?": no BAA there either)
            missing = tuple(dict.fromkeys((*missing, *not_covered(normalise(context.text).split(), entry,
                                                                  context.text))))
        return Decision(question=written, outcome=verdict.outcome, entry_id=verdict.entry_id,
                        confidence=verdict.confidence, options=verdict.options, reason=verdict.reason,
                        candidates=tuple(Candidate(entry_id=e, score=round(sc, 3)) for e, sc in ranked[:5]),
                        providers=a.providers, platforms=a.platforms, aspects=tuple(sorted(a.aspects)),
                        intent=None if intent is None else round(intent, 3),
                        intent_features=tuple((f, round(c, 3)) for f, c in self.intent.explain(vector))
                        if self.intent is not None else (),
                        compared=verdict.compared, missing=verdict.missing, reading=reading,
                        lead=asked_lead(*lead_input(seg.questions or (text,), a.aspects, words), missing) if (
                            verdict.outcome in LEADS or verdict.compared) else None,
                        not_covered=missing, asked=not_covered(words, entry, text, covered=True) if entry else (),
                        language=language, known=known_question(situation))

