"""The decision rules, in the order the README tells them. Each looks at the situation and either decides or
passes to the next; the last always decides. A wrong confident answer is the worst outcome, so every rule that
answers needs a reason to be sure, and everything in doubt ends in a question back or the privacy team."""

from __future__ import annotations

import math
from collections.abc import Callable

from bot.core.matching.index import specific
from bot.core.matching.instructions import keeps_back, only_how_to
from bot.core.matching.intent import impersonal
from bot.core.matching.internal import asks_about_us, learned_ours, reports_an_incident
from bot.core.matching.permission import asks_for_sign_off, asks_to_put_in
from bot.core.matching.segments import LONG, segment
from bot.core.matching.situation import Situation, Verdict, about_its_data, asks_which
from bot.core.matching.text import normalise, width
from bot.core.matching.vocabulary import VOCABULARY, contains_phrase
from bot.core.models import Outcome


def known_question(s: Situation) -> bool:
    """Return whether the question reads as one of an entry's own example questions (and that entry leads)."""
    return s.top >= s.t.known_question_score and s.lead >= s.t.margin


def not_a_privacy_question(s: Situation) -> Verdict | None:
    """Decline what the intent model says is not for the privacy team, and what speaks of operations more than of
    privacy; not an entry's own example, a privacy comparison, a line of names and privacy words, whether data may go
    into a product (asks_to_put_in) nor how to keep something from it (keeps_back). Without a model, few words do."""
    if asks_to_put_in(s) or keeps_back(s) or any(r(s) for r in (known_question, compares_privacy, keyword_query,
                                                                 several_keywords)):
        return None
    operational = bool(s.analysis.off_topic) and s.analysis.privacy < s.analysis.off_topic
    if s.intent is not None and s.intent < s.intent_decline:
        return Verdict(Outcome.DECLINE,
                       f"this does not read as a question for the privacy team (intent {s.intent:.2f})")
    if operational:
        return Verdict(Outcome.DECLINE, "this reads as an operational question (quota, errors, billing, setup), not "
                                        "data privacy")
    if s.intent is not None:
        return None
    strong_text = s.top >= s.t.unnamed_answer_score and s.lead >= s.t.strict_margin
    needed = s.t.min_privacy_named if s.named else s.t.min_privacy
    if s.analysis.privacy >= needed or strong_text:
        return None
    return Verdict(Outcome.DECLINE, "this does not read as a data-privacy question about an AI vendor or platform")


def compares_privacy(s: Situation) -> bool:
    """Return whether it asks to compare named offerings on a privacy topic ("gemini api or openai api: better for
    privacy?"), in its question sentences ("…, and m365 copilot and copilot chat are not the same" does not)."""
    return bool(s.extra.get("compare")) and s.extra.get("privacy_words") is True


def about_another_tool(s: Situation) -> Verdict | None:
    """Escalate a question about another tool that uses a vendor ("does this extension send my code to OpenAI?"):
    no entry covers what the tool sends and keeps. Not in an article, whose "this tool" is the product it names."""
    if s.analysis.other_tool and not (width(s.analysis.text) > LONG and impersonal(s.analysis.text)):
        return Verdict(Outcome.ESCALATE, "it asks about another tool (an app, extension or plugin) that uses the "
                                         "vendor; no entry covers that tool", confidence=round(s.top, 3))
    return None


def pinned(s: Situation) -> bool:
    """Return whether the names leave exactly one entry and the question asks about something entries answer: an
    aspect (retention...), whether its data may go there ("can I put PII into ..."), a privacy topic ("wie steht es
    um den Datenschutz bei Cursor?"), or its privacy in a line of names and privacy words ("Cursor privacy"). The
    names are a platform, or a company alone whose own products have one entry ("DeepSeek"), on a platform it runs
    itself. Where a product is offered is no question about its data."""
    a = s.analysis
    return ((a.platform_named or s.own_product) and len(s.ranked) == 1
            and (bool(a.aspects) or a.keywords or a.topic or a.privacy >= s.t.min_privacy) and about_its_data(s))


def _pinned_and_sure(s: Situation) -> bool:
    return pinned(s) and (s.intent is None or s.intent >= s.intent_pinned)  # and the model passes the threshold


def firm(s: Situation) -> bool:
    """Return whether a short question is sure enough without the answer threshold: the names leave one entry, it
    asks about its data (a location question with a privacy word too), and the model passes the pinned threshold."""
    return s.short_question and _pinned_and_sure(s) and about_its_data(s, beyond=s.t.min_privacy)


def pinned_question(s: Situation) -> bool:
    """Return whether a question sentence asks about the data of the one entry the names leave, and the model
    passes the pinned threshold (learned with the answer threshold, and lower)."""
    return s.question_sentence and _pinned_and_sure(s)


def keyword_query(s: Situation) -> bool:
    """Return whether a line made only of names and privacy words ("github copilot DPA gdpr"), or a post titled
    with one whose body speaks of no operations, names one entry: it asks about that product's privacy and nothing
    else, however the model scores its few words (past the decline threshold)."""
    return s.analysis.keywords and pinned(s)


def several_keywords(s: Situation) -> bool:
    """Return whether a line of names and privacy words leaves several entries ("bedrock retention"): asked back."""
    return s.analysis.keywords and s.named and len(s.ranked) > 1


def not_sure_it_is_one(s: Situation) -> Verdict | None:
    """Escalate, never answer, a message that may or may not be a privacy question: a person decides. A question
    (a short line, or a question sentence) that names the product and asks about one of its privacy aspects is
    sure enough once it passed the pinned threshold: the doubt this rule is for lives in posts and statements
    whose names or words leave it open."""
    if keyword_query(s) or firm(s) or pinned_question(s):
        return None
    if (several_keywords(s) or asks_which(s)) and (clarify := several_fit(s)) and clarify.outcome is Outcome.CLARIFY:
        return clarify
    if s.intent is not None and s.intent < s.intent_answer and not known_question(s):
        return Verdict(Outcome.ESCALATE, f"it may be a privacy question (intent {s.intent:.2f}), too unsure to answer",
                       confidence=round(s.intent, 3))
    return None


def asks_for_instructions(s: Situation) -> Verdict | None:
    """Escalate, never answer, a question that only asks how to do something with a product ("how do I share a
    page in Notion AI?", "come si salva una pagina…", "ChatGPT Enterpriseでチャットを共有する方法は?") and names no
    privacy topic: "share", "save" or "access" ask for instructions there, not about the data ("how do we enable
    ZDR", "how do I opt out", "how do I turn off training on our data" are left to the other rules). The same for a
    post titled with names and privacy words whose questions ask about something else ("ChatGPT Enterprise
    retention" over "the admin console does not load, can someone check?")."""
    why = "it asks how to do something, not about the data" if s.how_to else "its title names privacy, but it asks " \
        "about something else" if s.off_title else "it asks about credentials (an API key, a password), not the " \
        "data an entry covers" if s.credentials else None
    return Verdict(Outcome.ESCALATE, f"{why}; a person decides", confidence=round(s.intent or 0, 3)) if why else None


UNCOVERED_NAMES = "no curated answer covers"
HELP_UNNAMED = Verdict(Outcome.HELP, "it names no product the bot knows; which one?")
UNCLEAR = "unclear"  # a comparison whose sides do not each name one entry
WHICH_TO_COMPARE = "it compares the earlier answer with a name several entries fit; which one?"
ONLY_ENTRY = "the only entry that fits every provider and platform named"
FIRM, PINNED = ", asked in one short question", ", asked in a question sentence"
KEYWORDS = ", asked in names and privacy words"


def compare_offerings(s: Situation) -> Verdict | None:
    """Show two or more named offerings side by side when the question asks to compare them ("Bedrock vs the
    Anthropic API, which keeps less?", or a short question, two covered ones); a name no entry covers is said."""
    found, short = s.extra.get("compare"), s.short_question  # (short: "ChatGPT Enterprise vs OpenAI API?")
    if not (found and (s.analysis.aspects or s.intent is None or s.intent >= s.intent_answer or compares_privacy(s)
                       or (short and isinstance(found, tuple) and not found[1]))):
        return None
    if isinstance(found, list) and 2 < len(found) <= s.t.max_options + 1:  # a follow-up comparing the earlier
        # answer (first) with a name several entries fit ("compared to Copilot?"): which one? (a clarify's `compared`)
        return Verdict(Outcome.CLARIFY, WHICH_TO_COMPARE, options=tuple(found[1:]), compared=(found[0],),
                       confidence=round(s.top, 3))
    if not isinstance(found, tuple):  # never one side's answer to a question about two
        return Verdict(Outcome.ESCALATE, "it asks to compare offerings, but a side names no single product; a "
                                         "person decides", confidence=round(s.top, 3))
    entries, missing = found
    return Verdict(Outcome.COMPARE, "asks to compare offerings", confidence=1.0, compared=tuple(entries),
                   missing=tuple(missing))


def names_no_entry_covers(s: Situation) -> Verdict | None:
    """Escalate when the names asked about fit no entry together ("Mistral on Vertex"): never borrow a neighbour."""
    if s.named and not s.allowed:
        names = " + ".join(dict.fromkeys(m.text for m in s.analysis.positive))
        return Verdict(Outcome.ESCALATE, f"{UNCOVERED_NAMES} {names}")
    return None


def says_nothing_of_privacy(s: Situation) -> Verdict | None:
    """Escalate, never answer, a follow-up that says nothing the word lists know of data or privacy and speaks of
    something else ("who is our Microsoft rep?" after a Microsoft 365 Copilot answer): what the earlier question
    asked (retention) is not what it asks, and the model's score rests on how it is put. On its own such a
    question is left to the model: the lists miss privacy words ("who can see…", "anonymous")."""
    if s.silent and not known_question(s):
        return Verdict(Outcome.ESCALATE, "it says nothing the word lists know of data or privacy, and speaks of "
                                         "something else; a person decides", confidence=round(s.intent or 0, 3))
    return None


def reports_on_its_privacy(s: Situation) -> bool:
    """Return whether a post wider than a Slack question (not a headline over a short lede), never speaking of its
    writer, opens (title, first sentence) with the platform that leaves one entry (or the company alone whose products
    do, "DeepSeek") and a privacy aspect or topic (perhaps next, not after a headline), and the model is sure."""
    a = s.analysis
    if not (width(a.text) > LONG and impersonal(a.text) and _pinned_and_sure(s) and (
            s.intent is not None and s.intent >= s.intent_answer)):
        return False
    named = frozenset(tuple(m.text.split()) for m in a.positive if m.role == "platform" or s.own_product)
    seg = segment(a.text)  # a headline (a first line of one sentence) without privacy heads news of something else
    one, *more = (normalise(x).split() for x in seg.sentences[:1 if seg.title == seg.sentences[0] else 2])
    return contains_phrase(one, named) and bool(VOCABULARY.aspects_of(one) or VOCABULARY.names_topic(sum(more, one)))


def says_but_does_not_ask(s: Situation) -> Verdict | None:
    """Escalate, never answer, a post that states or reports something but asks nothing (a bug report, a change
    request, an announcement): it may concern privacy, but nobody asked the question an entry answers."""
    if s.asks or s.analysis.keywords or reports_on_its_privacy(s):  # a line of names and privacy words asks
        return None  # ("Claude on Bedrock data retention.")
    return Verdict(Outcome.ESCALATE, "it states something but asks no question; a person decides",
                   confidence=round(s.top, 3))


def only_entry_for_a_named_platform(s: Situation) -> Verdict | None:
    """Answer when a platform is named, exactly one entry fits every name, and the question asks about something
    entries answer (retention, training, location, who processes, governance): names alone do not make a
    how-to or a bug report a privacy question."""
    if pinned(s):
        how = KEYWORDS if keyword_query(s) else FIRM if firm(s) else PINNED if pinned_question(s) else ""
        return Verdict(Outcome.ANSWER, ONLY_ENTRY + how, s.ranked[0][0], round(0.7 + 0.3 * s.top, 3))
    return None


def _threshold_and_margin(s: Situation) -> tuple[float, float]:  # what clear_leader and only_one_fits need
    named = (s.t.answer_score, s.t.margin if s.analysis.platform_named else s.t.strict_margin)
    return named if s.named else (s.t.unnamed_answer_score, s.t.strict_margin)


def leads_on_specific_words(s: Situation) -> bool:
    """Return whether the leader leads on words that name something, not on generic privacy words."""
    if len(s.ranked) < 2:
        return True
    spec = specific(s.vector)
    if not spec:
        return False
    norm = math.sqrt(sum(v * v for v in spec.values()))
    contenders = {e for e, _ in s.ranked[:5]}
    scores = s.index.scores({t: v / norm for t, v in spec.items()}, contenders)
    leader = scores.get(s.ranked[0][0], 0.0)
    return leader > 0 and all(leader - scores.get(e, 0.0) >= s.t.specific_margin
                              for e in contenders if e != s.ranked[0][0])


def names_what_entries_answer(s: Situation) -> bool:
    """Return whether a question has any word for what entries answer (an aspect, even a weak one such as "read" or
    "see"; a word for data; a privacy topic; a line of names and privacy words) or reads as an entry's own example
    question: names and a question shape alone ask nothing of privacy ("Does Cursor keep logging me out?")."""
    a, words = s.analysis, normalise(s.analysis.text).split()  # (not in another sense: "how long is the contract")
    return bool(a.aspects) or a.topic or a.keywords or a.privacy > 0 or known_question(s) or not (
        VOCABULARY.weak_aspect.isdisjoint(set(words) - VOCABULARY.other_senses(words)))


def clear_leader(s: Situation) -> Verdict | None:
    """Answer when one entry scores high enough, leads the runner-up by a margin, and leads on specific words; not
    among a company's products when it is named alone ("Does Anthropic delete our data?": only context words say),
    nor in another language among the entries its names leave: entries hold example questions in a few languages
    each, so their words would pick one by accident ("Llama: ¿Meta recibe nuestros datos?": on which cloud?)."""
    threshold, margin = _threshold_and_margin(s)
    several = s.named and (all(m.role == "company" for m in s.analysis.positive) or (
        s.foreign and s.allowed is not None and len(s.allowed) > 1))  # the names leave several: words cannot pick
    if s.ranked and s.top >= threshold and s.lead >= margin and leads_on_specific_words(s) and (
            names_what_entries_answer(s)) and not several:
        return Verdict(Outcome.ANSWER, "clearly the best fit for the question", s.ranked[0][0],
                       round(min(1.0, 0.5 + s.top / 2 + s.lead / 2), 3))
    return None


def _options(s: Situation) -> list[str]:
    """Return the entries worth offering: those whose main provider, platform or its company was named (only those
    when there are two: "Gemini?" offers Google's products, not every tool that uses it), then the rest."""
    floor = s.t.clarify_score if not s.named else 0.0
    named_ids, op = {i for m in s.analysis.positive for i in m.ids}, s.operator.get

    def primary(entry_id: str) -> int:
        a = s.entries[entry_id].applies_to
        return 2 if named_ids & {*a.providers[:1], *a.platforms} else int(bool(named_ids & {*map(op, a.platforms)}))

    eligible = sorted(((e, sc) for e, sc in s.ranked if sc >= floor), key=lambda es: (-primary(es[0]), -es[1], es[0]))
    if sum(primary(e) > 0 for e, _ in eligible) >= 2:
        eligible = [(e, sc) for e, sc in eligible if primary(e)]
    return [e for e, _ in eligible][: s.t.max_options]


def several_fit(s: Situation) -> Verdict | None:
    """Ask which product is meant when several entries fit and none leads clearly; nothing named: the guide."""
    s.extra["options"] = options = _options(s)  # (words alone would offer five products nobody named)
    if len(options) >= 2 and (s.named or (s.analysis.aspects and not s.unread_names)):  # not "IA di Zoom"
        return Verdict(Outcome.CLARIFY, "several entries fit; the question does not say which product",
                       confidence=round(s.top, 3), options=tuple(options)) if s.named else HELP_UNNAMED
    return None


def only_one_fits(s: Situation) -> Verdict | None:
    """Answer when the names leave one entry and its text score is high enough (a lead needs a runner-up)."""
    options = s.extra.get("options", [])
    if isinstance(options, list) and len(options) == 1 and s.named and s.top >= _threshold_and_margin(s)[0] and (
            names_what_entries_answer(s)):
        return Verdict(Outcome.ANSWER, "the only entry that fits", options[0], round(0.5 + s.top / 2, 3))
    return None


def nothing_fits(s: Situation) -> Verdict:
    """Escalate the rest: a privacy question no curated entry answers with confidence."""
    return Verdict(Outcome.ESCALATE, "a privacy question that no curated entry answers with confidence",
                   confidence=round(s.top, 3))


RULES: tuple[Callable[[Situation], Verdict | None], ...] = (
    reports_an_incident, asks_about_us, asks_for_sign_off, not_a_privacy_question, compare_offerings,
    names_no_entry_covers, about_another_tool, says_nothing_of_privacy, only_how_to, not_sure_it_is_one,
    asks_for_instructions, says_but_does_not_ask, learned_ours, only_entry_for_a_named_platform, clear_leader,
    several_fit, only_one_fits)
