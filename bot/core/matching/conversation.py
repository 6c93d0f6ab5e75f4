"""Conversation: help requests, comparisons, follow-ups completed from the thread, the aspect asked first, parts
of a question an entry does not cover, and the asker's language. Pure functions over normalised words; the
vocabulary lives in vocabulary/{help,compare,asks,stopwords}.txt."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from bot.core.matching.analysis import Analysis
from bot.core.matching.entities import EntityIndex, Mention
from bot.core.matching.segments import SHORT, acknowledges, opens_a_question, reports
from bot.core.matching.text import fold, normalise
from bot.core.matching.uncovered import entry_text
from bot.core.matching.vocabulary import (
    ASPECT_WEIGHT,
    VOCABULARY,
    contains_phrase,
    read_phrases,
    read_sections,
    read_words,
)
from bot.core.models import Entry

HELP = read_phrases("help")
COMPARE_PRIVACY = read_phrases("compare-privacy")
COMPARE = read_phrases("compare") | COMPARE_PRIVACY
FOLLOW_UP_MARKERS = read_phrases("follow-up")
FOLLOW_UP_ENDINGS = read_phrases("follow-up-endings")  # "APIの場合は？": "and the API?"
_GREETING = frozenset((
    "hi hello hey please privacy bot privacybot hallo bonjour hola ola oi ciao hoi there good morning afternoon "
    "evening guten tag morgen moin servus salut buenos dias bom dia buongiorno goedemorgen goedemiddag yo hiya howdy "
    "こんにちは おはようございます bitte svp s il vous plait por per favor favore alsjeblieft alstublieft plz").split())
DIRECT = read_words("direct")  # bought from the maker: "and if we go direct with Anthropic?"
FOLLOW_UP_MAX = 160  # characters: a longer message stands on its own
_LANGUAGE_LISTS = ("stopwords", "privacy", "privacy-weak", "negators", "operational", *(f"aspect-{a}" for a in (
    "governance", "location", "processor", "retention", "training")))
LANGUAGE_NAMES = {"de": "German", "fr": "French", "es": "Spanish", "pt": "Portuguese", "it": "Italian",
                  "nl": "Dutch", "ja": "Japanese"}

FUNCTION_WORDS = read_sections("stopwords")  # per language, its function words


def _language_words() -> dict[str, dict[str, float]]:
    """Return, per language, its words from the word lists' language sections (function words, and the words for
    privacy, its aspects and operations: a short question has few function words), each weighing 1 / the number of
    languages that share it ("quando" is Portuguese and Italian: half a vote each)."""
    per: dict[str, set[str]] = {}
    for name in _LANGUAGE_LISTS:
        for lang, words in read_sections(name).items():
            if lang != "en" or name == "stopwords":  # English privacy words are in every language's questions
                per.setdefault(lang, set()).update(words)
    seen = Counter(w for words in per.values() for w in words)
    return {lang: {w: 1 / seen[w] for w in words} for lang, words in per.items()}


LANGUAGE_WORDS = _language_words()
_VOTING = frozenset().union(*LANGUAGE_WORDS.values())  # the words some language votes for
KANA = range(0x3040, 0x3100)


def is_help(words: list[str]) -> bool:
    """Return whether the whole message asks what the bot can do ("help", "what can you answer?"), or only greets
    ("hi", "good morning") or says no word at all (a bare mention, "?"): the guide tells what to ask."""
    kept = tuple(w for w in words if w not in _GREETING)
    return not kept or kept in HELP or "".join(words) in _GREETING  # (Japanese is cut: "こん に ち は")


def only_greets(words: list[str]) -> bool:
    """Return whether the words only greet ("Hi!", "hey team", "bonjour")."""
    return bool(words) and all(w in _GREETING or w == "team" for w in words)


def asks_to_compare(words: list[str]) -> bool:
    """Return whether the words ask to compare ("vs", "which keeps less", "Unterschied"); "VS Code" is an editor."""
    return contains_phrase([w for k, w in enumerate(words) if not (w == "vs" and words[k + 1:k + 2] == ["code"])],
                           COMPARE) or any(w.endswith(_COMPARATIVE) for w in words)


_COMPARATIVE = ("freundlicher", "vriendelijker", "sicherer", "veiliger")  # "datenschutzfreundlicher": friendlier


def compares_on_privacy(words: list[str]) -> bool:
    """Return whether the words ask to compare on privacy: a phrase that does ("safer", "plus sûr"), a privacy
    word or topic beside a comparison, or a comparative made of one ("datenschutzfreundlicher")."""
    stems = [w.removesuffix(end) for w in words for end in _COMPARATIVE if w.endswith(end)]
    return contains_phrase(words, COMPARE_PRIVACY) or (asks_to_compare(words) and not (
        VOCABULARY.topics.isdisjoint(words + stems) and VOCABULARY.privacy.isdisjoint(words + stems)))


_SIDES = re.compile(r"\b(?:vs(?!\.?\s+code\b)|versus|or|than|compared (?:to|with)|oder|ou|o|oppure|same as|different "
                    r"from|dasselbe wie|gleiche wie|même que|mismo que|mesmo que|stesso di|hetzelfde als)\b\.?",
                    re.IGNORECASE)  # "is Copilot in Outlook the same as Copilot Chat?": two sides


_BETWEEN = re.compile(r"\b(between|entre|zwischen|tra|fra|tussen)\b", re.IGNORECASE)
_AND = re.compile(r"\b(?:and|et|und|y|e|en)\b", re.IGNORECASE)  # "between X and Y": its sides too
_OR_NL = re.compile(r"\bof\b", re.IGNORECASE)  # Dutch "or" (English "of" joins no sides)


def sides_of(text: str) -> list[str]:
    """Return the parts of a comparison between its "vs", "or", "than" (and other languages' "or", Dutch "of"; the
    "and" of "between X and Y"): its sides."""
    parts = _SIDES.split(text)
    if language_of(text) == "nl":
        parts = [q for p in parts for q in _OR_NL.split(p)]
    if _BETWEEN.search(text):
        parts = [q for p in parts for q in _AND.split(p)]
    return [p for p in parts if p.strip()]


def language_of(text: str, words: list[str] | None = None) -> str | None:
    """Return the language of a message when it is not English (de, fr, es, pt, it, nl, ja), else None."""
    if not text.isascii() and sum(1 for ch in text if ord(ch) in KANA) >= 2:
        return "ja"
    found = {w for w in (normalise(text).split() if words is None else words) if w in _VOTING}  # (others weigh 0)
    hits = {lang: sum(vocab.get(w, 0.0) for w in found) for lang, vocab in LANGUAGE_WORDS.items()}
    hits["es"] += "¿" in text or "¡" in text  # only Spanish opens a question or an exclamation
    best = max(hits, key=lambda lang: (hits[lang], lang == "en"))
    # a line of names and privacy words ("Azure OpenAI data residence Europe") has no function word: English
    return best if (best != "en" and hits[best] >= 2 and hits[best] >= hits["en"]
                    and found & FUNCTION_WORDS.get(best, frozenset())) else None


# When a question asks about several aspects as strongly, the most specific leads: a BAA or a region says more
# about what is asked than "send" or "see" (words that ask about the processor).
LEAD_ORDER = ("governance", "location", "training", "retention", "processor")


def lead_aspect(aspects: dict[str, float], words: Iterable[str] = ()) -> str | None:
    """Return the one aspect a question asks about most (None when it asks about none): a "where" asks for the
    location ("where does DeepSeek store prompts?"); else the strongest word (a weak one counts half), the most
    specific aspect on a tie."""
    if not aspects:
        return None
    if "location" in aspects and not VOCABULARY.where.isdisjoint(words):
        return "location"

    def strength(a: str) -> float:
        return aspects[a] / ASPECT_WEIGHT.get(a, 1.0)

    return max(aspects, key=lambda a: (strength(a), -LEAD_ORDER.index(a) if a in LEAD_ORDER else -len(LEAD_ORDER)))


def opening_marker(words: list[str]) -> int:
    """Return how many words of a follow-up's opening marker it starts with ("what about…": 2; 0 without one)."""
    return max((len(p) for p in FOLLOW_UP_MARKERS if tuple(words[:len(p)]) == p), default=0)


def asked_lead(aspects: dict[str, float], words: list[str], missing: tuple[str, ...]) -> str | None:
    """Return the aspect a reply leads with; not governance when what the entry does not cover asked for it and
    another aspect was asked ("Does Cursor have ISO 27001 and how long does it keep our code?": retention first,
    the line that says ISO 27001 is not covered comes next)."""
    rest = {a: v for a, v in aspects.items() if a != "governance"} if missing else aspects
    return lead_aspect(rest or aspects, words)


@dataclass(frozen=True)
class Context:
    """The earlier question of a thread or DM, the entry it was answered with (if any), and the questions before it,
    newest first (a follow-up of a follow-up: "and on Vertex?", then "and via Azure?", asks the first one's aspect)."""

    text: str
    entry_id: str | None = None
    older: tuple[str, ...] = ()
    before: Context | None = None  # the earlier question's own context (a question asked back after a follow-up)
    handed_over: bool = False  # the earlier question went to the privacy team: only a fragment continues it


def is_follow_up(text: str, a: Analysis) -> bool:
    """Return whether a message reads as a follow-up: short, and missing a name or an aspect it could borrow."""
    if len(text) > FOLLOW_UP_MAX:
        return False
    names = {m.role for m in a.positive}
    complete = "platform" in names and names - {"platform"} and a.aspects
    words = normalise(text).split()
    adds = bool(a.positive) or bool(a.aspects) or contains_phrase(words[:3], FOLLOW_UP_MARKERS) or contains_phrase(
        words[-3:], FOLLOW_UP_ENDINGS)
    return not complete and adds


def direct(text: str) -> bool:
    """Return whether a follow-up says it is bought from the maker ("and Claude directly?"; not "sent directly to")."""
    words = normalise(text).split()
    return not DIRECT.isdisjoint(words) and "processor" not in VOCABULARY.aspects_of(words)


def borrowed_mentions(a: Analysis, previous: list[Mention], index: EntityIndex, plain: bool = False) -> list[Mention]:
    """Return the names a follow-up borrows from the earlier question: a provider for a new platform ("and on
    Vertex?", "and via Azure?": a company that runs platforms stands for them, but after a cloud that hosts models
    another model maker is its models there: "and Mistral?" after Claude on Bedrock), a cloud that hosts models for
    a new provider or model ("and Llama?" after Bedrock; not a tool: "and Claude Code?" after Cursor is no Claude
    model in Cursor), the maker's API for its models when the follow-up says nothing but names (plain: "and
    Whisper?" after the OpenAI API), everything when it names nothing."""
    roles = {m.role for m in a.positive}
    if not roles:
        return previous
    hosts = set(index.clouds.values())
    on_host = any(m.role == "platform" and m.ids & hosts for m in previous)
    makers = {i for m in previous if m.role != "platform" for i in m.ids}

    def runs_platforms(m: Mention) -> bool:
        return m.role == "company" and bool(m.ids & set(index.operator.values())) and (
            not on_host or m.text in index.clouds or bool(m.ids & makers))

    if all(m.role == "company" and m.ids <= makers and m.text not in index.clouds for m in a.positive):
        # the earlier maker named again ("and does Google sign a BAA?" after Gemini in Workspace), unless the words
        # say which other of its products ("and my private Google account?": the Gemini app, no entry)
        others = {p for p, op in index.operator.items() if op in makers} - {
            i for m in previous if m.role == "platform" for i in m.ids}
        return [] if index.in_context(normalise(a.text).split(), others) or direct(a.text) else previous  # (or
        # from it directly: "and if we go direct with Anthropic?" after Claude on Bedrock)
    switches_platform = all(m.role == "platform" or runs_platforms(m) for m in a.positive)
    if switches_platform and any(m.role == "company" and not m.ids & makers and m.text not in index.clouds
                                 for m in a.positive):
        return []  # another vendor ("and Anthropic?" after the OpenAI API): its own products, not both makers'
    if switches_platform and any(m.role == "platform" and not m.ids & hosts and not any(
            index.run_by.get(i, frozenset()) & makers for i in m.ids) for m in a.positive):
        return []  # another company's tool ("and Copilot?" after Gemini in Workspace): not the models it may use
    if switches_platform:
        return [m for m in previous if m.role != "platform"]
    if "platform" not in roles and direct(a.text):  # "and Claude directly?" after Claude on Bedrock: no cloud
        return []
    if "platform" not in roles:  # a cloud hosts the model; a maker's API serves its own models too ("and Whisper?"
        # after the OpenAI API), when the follow-up says nothing else ("and my personal Claude?" may be the app)
        apis = {index.api_platform.get(i) for m in a.positive if m.role == "model" for i in m.ids} if (
            plain and roles == {"model"}) else set()
        return [m for m in previous if m.role == "platform" and (m.ids & hosts or m.ids & apis)]
    return []


_PLANS = frozenset("plan plans tier tiers subscription abonnement abo tarif tarifa plano piano formule".split())


def edition_named(index: EntityIndex, words: list[str], entry: Entry) -> Mention | None:
    """Return the one product of the earlier answer's vendor whose plan or account words a follow-up that names
    nothing uses ("and on the free plan?" after ChatGPT Enterprise: ChatGPT's consumer plans, which no entry covers;
    "and the Team plan?" after Claude Pro: Claude for Work), as written ("free plan"). An API's tiers and an app's
    accounts are never each other's ("and on the free tier?" after Gemini in Gmail). A plan the entry does not name
    and none of the vendor's products is known by ("and on the free plan?" after Notion AI) is an edition no entry
    is known to cover. None when it names no plan, or several products."""
    own, apis = set(entry.applies_to.platforms), {*index.product_api.values(), *index.api_platform.values()}
    vendors = {index.operator[p] for p in own if p in index.operator}
    found = index.edition(words, [p for p, op in index.operator.items() if op in vendors and (
        p in own or not (own | {p}) & apis)])
    said = [" ".join(c) for p in found for c in index.context[p] if " ".join(c) in " ".join(words)]
    if found and said:
        return Mention(found, "platform", max(said, key=len))
    named, stop = set(entry_text(entry)) | _PLANS, VOCABULARY.stopwords  # the plan's own word, then its owner's:
    plan = next((words[i:i + 2] for k, w in enumerate(words) if w in _PLANS for i in (k - 1, k) if 0 <= i < len(
        words) - 1 and words[i + (i == k)] not in named | stop and (i == 0 or words[i - 1] in stop)), None)  # none
    return Mention(frozenset({" ".join(plan)}), "platform", " ".join(plan)) if plan and not (
        found or asks_to_compare(words)) else None  # (not "the difference between the Pro and Business plans")


def api_named(index: EntityIndex, words: list[str], entry: Entry) -> Mention | None:
    """Return the API of the earlier answer's maker when a follow-up asks of "the API" ("and the API?" after Claude
    for Work: the Anthropic API; after ChatGPT Enterprise: the OpenAI API); None when that maker has none."""
    api = index.api_platform.get(next(iter(entry.applies_to.providers), "")) if {"api", "apis"} & set(words) else None
    return Mention(frozenset({api}), "platform", "api") if api and api not in entry.applies_to.platforms else None


def aspects_named(a: Analysis) -> str:
    """Return the aspects a reading names after its products (" — retention, training")."""
    return f" — {', '.join(sorted(a.aspects))}" if a.aspects else ""


_UNMARKED = frozenset({"fr", "es", "pt", "it"})  # where a question may keep a statement's word order (not German
# or Dutch: a line opening with a verb-like word is as often a statement, "Stimmt so", "Läuft bei uns über Bedrock")
_WE = frozenset("nos nosotros nosotras nous on noi nosso nossa nossos nossas nuestro nuestra nuestros nuestras nostro "
                "nostra nostri nostre notre gente usamos utilizamos usiamo utilizziamo utilisons estou estoy sono je "
                "creo acho penso crois".split())  # "o nosso time usa a api com zdr": says


_LEAD_IN = re.compile(r"^\W*(unrelated( question)?( but)?|one more (thing|question)|another (thing|question)|"
                      r"(a )?(quick|side|separate|different) (q|question)|also|btw|by the way|oh and|ps|"
                      r"noch eine frage|andere frage|autre question|otra pregunta|outra pergunta|un altra domanda|"
                      r"nog een vraag)\b"
                      r"[\s,:;.!\-–—]*", re.IGNORECASE)  # ("oh and on Vertex?" continues the thread: kept)


def as_asked(text: str) -> str:
    """Return a message without a lead-in before its question ("unrelated but", "one more thing,"; not "übrigens",
    after which German states with the verb first: "übrigens hat Legal … unterschrieben"), and a one-line message
    in French, Spanish, Portuguese or Italian that speaks of privacy, ends without punctuation and says nothing of
    "we" with a question mark: there a question may differ from a statement only by it ("a openai treina com os
    dados da api", "openai usa i dati dell'api per addestrare i modelli"), and Slack messages often leave it out.
    Other text as it is (English asks with its word order: "openai trains on our api data" states something)."""
    line = text.strip()
    lead = _LEAD_IN.match(fold(line))  # "unrelated but does Slack AI read our DMs": the question after it
    if lead and lead.end() < len(line) and opens_a_question(line[lead.end():]):
        text = line = line[lead.end():]
    if not line or "\n" in line or len(line) > SHORT or line[-1] in ".!?…:;)" or not line[-1].isalnum():
        return text
    words = normalise(line).split()
    topic = bool(VOCABULARY.aspects_of(words)) or not VOCABULARY.privacy.isdisjoint(words)  # what the bot answers
    asks = language_of(line, words) in _UNMARKED and topic and _WE.isdisjoint(words)  # not an opinion, news, "we…"
    return f"{line}?" if asks and not acknowledges(line) and not reports(line) else text
