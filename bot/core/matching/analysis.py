"""What a question says, before any entry is considered: the names it mentions (and excludes), the aspects it
asks about, how much it speaks of privacy and how much of operations, and its index terms."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import pairwise

from bot.core.matching.builtin import built_on, links, on_cloud
from bot.core.matching.entities import API_WORDS, PUNCTUATION, EntityIndex, FoundAliases, Mention
from bot.core.matching.index import api_platforms, says_api, terms_of
from bot.core.matching.naming import named_beside, sister_api, unaddressed
from bot.core.matching.passing import in_passing
from bot.core.matching.recipients import from_unnamed, sent_to, theirs, unnamed
from bot.core.matching.segments import LONG, QUESTION_WORDS
from bot.core.matching.text import capitalised, normalise, width
from bot.core.matching.vocabulary import QUANTITY, VOCABULARY, contains_phrase, read_phrases, read_words

OTHER_TOOL = read_phrases("other-tool")
COMPATIBILITY, COMPATIBLE = read_phrases("compatibility"), read_words("compatible")
_LEFT, _ALLOWANCE = read_words("left"), read_words("allowance")  # "how much data is left in our free tier": a quota
DURATION, PRICE = read_phrases("duration"), read_phrases("price")  # "how long does it take…": a wait; "charge for…"
NOT_KEYWORDS = QUESTION_WORDS | read_words("negators")  # a line with these asks or negates: no line of keywords
_LABELLED = re.compile(r"\s*\w+(\([^)\n]{0,30}\))?!?:\s")  # "privacy: add …", "docs(x): …" labels a change
KEYWORDS_MAX = 120  # characters: a line of names and privacy words reads as a question up to this length
# A word written as code: snake_case, CamelCase or ALL CAPS of six letters or more (an error name or code)
_IDENTIFIER = re.compile(r"\b(?:[A-Za-z0-9]*(?:[a-z][A-Z]|_[A-Za-z])[A-Za-z0-9_]*|[A-Z]{6,})\b")
_STATUS = re.compile(r"\b(?:HTTP|[Ss]tatus|[Ee]rror|[Cc]ode|[Ff]ail(?:s|ed|ing)?\s+with|[Rr]eturn(?:s|ed|ing)?|"
                     r"[Tt]hrow(?:s|ing)?)\s*:?\s*(?:an?\s+)?[45]\d\d\b|\b[45]\d\d\s+(?:[Ee]rror|[Ss]tatus)\b")
ERROR_WORDS, ERROR_QUOTED = tuple(sorted(read_words("error-words"))), 1.0  # a quoted error weighs as operational
BODY_SENTENCES = 30  # a long post's sentences read for names that may narrow its title (a post is <= 4,000 chars)


@dataclass(frozen=True)
class Analysis:
    """One question, understood."""

    text: str
    mentions: tuple[Mention, ...]
    terms: tuple[str, ...]
    aspects: dict[str, float]
    privacy: float
    off_topic: float
    other_tool: bool = False  # it points at another tool ("this extension", "the app") that uses the vendor
    body: tuple[Mention, ...] = ()  # a long post: the names only the rest of the post mentions (they may narrow)
    keywords: bool = False  # one line of names and privacy words only ("github copilot DPA gdpr")
    topic: bool = False  # a word names a privacy topic on its own ("Datenschutz", "gdpr", "retention")
    personal: bool = False  # it says the product is used on a personal account (personal_use)
    recipients: frozenset[str] = frozenset()  # companies named as where the data is sent ("send … to OpenAI")
    sender: tuple[str, ...] = ()  # what sends the data there, named by no name the bot knows ("does grammarly…")

    @property
    def positive(self) -> list[Mention]:
        """Return the names the question asks about."""
        return [m for m in self.mentions if not m.negated]

    @property
    def negated(self) -> list[Mention]:
        """Return the names it excludes ("not Bedrock")."""
        return [m for m in self.mentions if m.negated]

    @property
    def providers(self) -> tuple[str, ...]:
        """Return the provider ids named (as a company or a model)."""
        return tuple(sorted({i for m in self.mentions if m.role != "platform" for i in m.ids}))

    @property
    def platforms(self) -> tuple[str, ...]:
        """Return the platform ids named."""
        return tuple(sorted({i for m in self.mentions if m.role == "platform" for i in m.ids}))

    @property
    def platform_named(self) -> bool:
        """Return whether a platform (not only a provider or a model) is asked about."""
        return any(m.role == "platform" for m in self.positive)


# Words that name a privacy topic ("Datenschutz", "retention", "gdpr"), not adjectives that may describe something
# else ("secure login", "private channels"): one of them asked of the one product named pins the question.
_TOPIC_NAMES = VOCABULARY.topics | VOCABULARY.aspects.get("governance", frozenset())


def _short(text: str) -> bool:
    return len(text) <= LONG and width(text) <= LONG  # (the length first: a long post's width is costly)


def _named(text: str, index: EntityIndex) -> tuple[list[str], FoundAliases, list[str], list[str], list[Mention]]:
    """Return a text's words, the names found in them, the other words, the API platforms it means and what it
    names."""
    words = normalise(text).split()
    found, rest = scan_clauses(index, words, text)
    found = named_beside(words, unaddressed(text, found), index)  # not the bot spoken to, nor "GitHub" alone
    found = index.beside_api(words, found, text)
    mentions = index.mentions(words, found)
    negated = [index.negated(words, i, name) for i, name, _ in found]
    api = api_platforms(index, found, negated) if says_api(found, rest) else []
    api = api or (sister_api(text, found, index) if API_WORDS & set(rest) and _short(text) else [])
    mentions.extend(Mention(frozenset({plat}), "platform", "api") for plat in api)
    return words, found, rest, api, mentions


def analyse(text: str, index: EntityIndex) -> Analysis:
    """Return the analysis of a cleaned question."""
    words, found, rest, api, mentions = _named(text, index)
    lost = VOCABULARY.other_senses(rest)  # not "customer retention", "staff training"
    meant = [w for w in rest if w not in lost] if lost else rest
    return Analysis(text=text, mentions=tuple(mentions), terms=tuple(terms_of(found, rest, api)),
                    aspects=VOCABULARY.aspects_of(rest, words),
                    privacy=VOCABULARY.privacy_strength(meant),
                    off_topic=_main_off_topic(words, rest, text),
                    other_tool=contains_phrase(words, OTHER_TOOL) or built_on(words, [i for i, _, _ in found], theirs(
                        found, index)),
                    sender=from_unnamed(words, found) or (
                        unnamed(text, index) if found and _short(text) else ()),
                    topic=not _TOPIC_NAMES.isdisjoint(meant),
                    personal=personal_use(words), recipients=frozenset(sent_to(words, found)),
                    keywords=bool(found) and "\n" not in text.strip() and len(text) <= KEYWORDS_MAX
                    and not _LABELLED.match(text) and VOCABULARY.only_privacy(rest, NOT_KEYWORDS))


def analyse_long(text: str, focus: str, index: EntityIndex, sentences: Sequence[str] = (),
                 questions: Sequence[str] = ()) -> Analysis:
    """Return the analysis of a long post: its title and question sentences weigh double, and say which product
    is meant; when they name none, the rest of the post does. The other names of a sentence that also names what
    the title or questions name are kept apart (Analysis.body: "we use Gemini through Vertex AI" under a title
    about Vertex AI): they may narrow it (the matcher decides). Names in sentences about something else (another
    setup, another team's tool) are not. When the question sentences speak of privacy more than of operations,
    operations are weighed where the question is asked: a body that mentions billing or a quota as background
    does not make a privacy question operational (a body of crashes under a question about the crash does)."""
    whole, asked = analyse(text, index), analyse(focus, index)
    mentions = asked.mentions or whole.mentions
    said = {(m.ids, m.role) for m in mentions}
    named = {i for m in asked.positive for i in m.ids}
    body: dict[tuple[frozenset[str], str], Mention] = {}
    for sentence in dict.fromkeys(sentences[:BODY_SENTENCES]) if named else ():
        found = [m for m in _named(sentence, index)[-1] if not m.negated]  # its names only: the rest is not read
        if any(m.ids & named for m in found):
            body.update({(m.ids, m.role): m for m in found if (m.ids, m.role) not in said})
    return Analysis(text=text, mentions=mentions, terms=asked.terms * 2 + whole.terms,
                    aspects=asked.aspects or whole.aspects, privacy=max(asked.privacy, whole.privacy),
                    off_topic=asked.off_topic if asks_privacy(questions, index) else whole.off_topic,
                    other_tool=asked.other_tool, body=tuple(body.values()), topic=asked.topic, personal=whole.personal)


def subject(a: Analysis, index: EntityIndex) -> Analysis | None:
    """Return a post read as about its subject: the name it opens with (or its company's products), named again,
    when every other name is named at most half as often, in passing ("DeepSeek, which rivals ChatGPT, collects
    ... the DeepSeek API"; "DeepSeek ... like ChatGPT ... ChatGPT ... DeepSeek ... DeepSeek ... DeepSeek"); None
    when it has none."""
    words = normalise(a.text).split()
    found = scan_clauses(index, words, a.text)[0]
    if not found:
        return None
    aside = in_passing(words, found)
    first = next((f for k, f in enumerate(found) if k not in aside), found[0])
    opening = {i for alias in first[2] for i in alias.ids}
    opening |= {op for i in opening if (op := index.operator.get(i))}
    ours = [m for m in a.positive if m.ids & opening or {index.operator.get(i) for i in m.ids} & opening]
    own = {i for m in ours for i in m.ids}

    def times(ids: set[str] | frozenset[str], passing: bool = True) -> int:
        return sum(1 for k, (_, _, group) in enumerate(found) if any(alias.ids & ids for alias in group)
                   and (passing or k not in aside))

    if not ours or times(own) < 2 or any(2 * times(m.ids, False) > times(own) for m in a.positive if m not in ours):
        return None
    return replace(a, mentions=(*ours, *a.negated), body=())


PERSONAL = read_words("personal")
_ACCOUNT = frozenset("account accounts konto compte cuenta conta gmail outlook login abo subscription abonnement "
                     "suscripcion assinatura phone laptop pc computer device".split())
PERSONAL_USE = PERSONAL | _ACCOUNT  # "my personal account": which edition is meant, not another subject


def personal_use(words: list[str]) -> bool:
    """Return whether the words say a product is used on a personal account: a personal word beside an account, a
    mailbox or a device ("my personal Gmail", "Gmail personal", "compte Gmail personnel"; not "personal data",
    "kept private", "private chats", "vie privée")."""
    return any(w in PERSONAL and not _ACCOUNT.isdisjoint(words[max(k - 2, 0):k + 3]) for k, w in enumerate(words))


def scan_clauses(index: EntityIndex, words: list[str], text: str) -> tuple[FoundAliases, list[str]]:
    """Return what index.scan() finds in the words of a text, no name of several words read across a full stop, a
    comma or a line break ("M365 Copilot. Studio comes later" names Microsoft 365 Copilot, not Copilot Studio), nor
    a name that is one only capitalised where it is not and its company is not named ("le chat": the chat, not
    Mistral's Le Chat; "Mistral … le chat" is)."""
    found, rest = _scan_clauses(index, words, text)
    if not any(name in index.capitalised for _, name, _ in found):
        return found, rest
    named = {i for _, _, group in found for alias in group if alias.role != "platform" for i in alias.ids}
    kept = [f for f in found if f[1] not in index.capitalised or capitalised(f[1], text) or any(
        index.operator.get(i) in named for alias in f[2] for i in alias.ids)]  # "Mistral … le chat": its app
    return kept, rest + [w for f in found if f not in kept for w in f[1].split()]


def _scan_clauses(index: EntityIndex, words: list[str], text: str) -> tuple[FoundAliases, list[str]]:
    found, rest = index.scan(words)
    spans = [(i, i + len(name.split())) for i, name, _ in found if " " in name] + index.other_spans(words)
    if not spans:  # ... nor a phrase that names nothing ("a Postgres database. Cursor: does it keep our code?")
        return found, rest
    ends = [0]
    for clause in PUNCTUATION.split(text):
        ends.append(ends[-1] + len(normalise(clause).split()))
    inside = set(ends[1:-1])
    if ends[-1] != len(words) or not any(i < b < j for i, j in spans for b in inside):
        return found, rest  # (the clauses' words do not add up to the text's: read it whole)
    found, rest = [], []
    for start, end in pairwise(ends):
        part, left = index.scan(words[start:end])
        found += [(i + start, name, aliases) for i, name, aliases in part]
        rest += left
    return found, rest


_FRAGMENT = 5  # words: "And Claude for Work." asks as a question does
_ALSO = frozenset("and or also plus und oder auch et ou aussi y o tambien e ou tambem anche en of ook".split())


def asked_of(sentences: Sequence[str], questions: Sequence[str], index: EntityIndex, whole: Analysis) -> (
        Analysis | None):
    """Return the analysis of the question sentences of a short message whose names fit no entry together ("I read
    Slack AI doesn't train on our data. Does Notion AI?"); None when they name something in passing ("For tools like
    Notion AI…"), a short sentence without "?" adds a name ("…? And Claude for Work."), another links two products or
    puts a maker asked of on a cloud ("We run Mistral on Vertex AI. Does Mistral…?")."""
    if any(s not in questions and ((len(words := normalise(s).split()) <= _FRAGMENT and words[:1] and (
            words[0] in _ALSO) and index.scan(words)[0]) or links(words, index)) for s in sentences):
        return None
    text = " ".join(questions)
    words = normalise(text).split()
    found = scan_clauses(index, words, text)[0]
    if found:
        makers = {i for f in found for a in f[2] for i in a.ids} if all(a.role != "platform" for f in found
                                                                        for a in f[2]) else set()
        there = any(on_cloud(normalise(s).split(), makers, index) for s in sentences if s not in questions and makers)
        return None if there or in_passing(words, found) else analyse(text, index)
    api = tuple(m for m in whole.mentions if m.text == "api") if API_WORDS & set(words) else ()
    return replace(analyse(text, index), mentions=api) if api else None


def last_named(a: Analysis, index: EntityIndex) -> set[str]:
    """Return the ids of the last name a text mentions."""
    found = scan_clauses(index, normalise(a.text).split(), a.text)[0]
    return {i for alias in found[-1][2] for i in alias.ids} if found else set()


def asks_privacy(questions: Sequence[str], index: EntityIndex) -> bool:
    """Return whether the question sentences speak of privacy (a word that does on its own) more than of
    operations."""
    if not questions:
        return False
    words = normalise(" ".join(questions)).split()
    rest = index.scan(words)[1]
    return VOCABULARY.names_privacy(rest) and VOCABULARY.privacy_strength(rest) > _off_topic(words, rest,
                                                                                             " ".join(questions))


# An aside: in brackets, or a clause that sets a case ("if we hit rate limit errors", "(billing enabled)", "w/o …")
_ASIDE = re.compile(r"\([^()]*\)|\b(if|when|whenever|while|once|unless|without|w/o|wenn|falls|sobald|ohne|quand|"
                    r"lorsque|si|sans|cuando|sin|quando|se|sem|senza|als|wanneer|zodra|zonder)\b[^,;:.?!()—–]*", re.I)


def _main_off_topic(words: list[str], rest: list[str], text: str) -> float:
    """Return how strongly a text speaks of operations, its asides left out when what remains asks about privacy
    ("Does OpenAI keep our API prompts if we hit rate limit errors?"; not "Why do I get 429 errors when my prompts
    are long?", whose main clause is the error)."""
    whole = _off_topic(words, rest, text)
    main = _ASIDE.sub(" ", text)
    if not whole or main == text:
        return whole
    kept = normalise(main).split()
    return whole if not VOCABULARY.privacy_strength(kept) else min(whole, _off_topic(kept, kept, main))


def _off_topic(words: list[str], rest: list[str], text: str = "") -> float:
    """Return how strongly a text speaks of operations: its operational words, compatibility phrases and how long
    something takes."""
    waits = (contains_phrase(words, DURATION) or VOCABULARY.waits(words)) and "retention" not in VOCABULARY.aspects_of(
        [w for w in words if w != "long"])  # a wait, unless for a deletion ("how long does it take … to delete…")
    phrases = (contains_phrase(words, COMPATIBILITY) + waits
               + 2 * contains_phrase(words, PRICE)  # a price asked weighs like two operational words
               + (not _ALLOWANCE.isdisjoint(words) and any(  # ... of a plan, tier or credit: not data kept
                   w in QUANTITY and not _LEFT.isdisjoint(words[k + 1:k + 6]) for k, w in enumerate(words))))
    compliance = sum(1 for k, w in enumerate(words) if w in COMPATIBLE  # "compatible with GDPR" asks about compliance
                     and VOCABULARY.names_topic(words[max(k - 3, 0):k] + words[k + 1:k + 4]))
    operational = max(VOCABULARY.off_topic_strength(rest) - compliance, 0.0)
    return operational + phrases + (quotes_error(text, operational > 0) if text else 0)


def quotes_error(text: str, counted: bool = False) -> float:
    """Return how much a quoted error weighs as operations: an identifier written as code that names a failure
    ("invalid_request_error", "ValidationException", "INVALID_ARGUMENT") like an operational word; an HTTP error
    status ("HTTP 500", "error 404") too, unless an operational word ("error") already counts it. A question about
    the data of a failed request still asks ("does Google keep the prompt when Vertex returns RESOURCE_EXHAUSTED?")."""
    named = (m.lower() for m in _IDENTIFIER.findall(text))
    if any(any(w in m for w in ERROR_WORDS) for m in named):
        return ERROR_QUOTED
    return ERROR_QUOTED if _STATUS.search(text) and not counted else 0.0
