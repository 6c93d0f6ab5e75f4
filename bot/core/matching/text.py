"""Normalise Slack text into plain lowercase tokens, and spot what a question asks about."""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable

MAX_QUESTION_CHARS = 4000

# One pass over Slack markup: <...> with no < or > inside, bounded, so unclosed markup costs linear time.
_MARKUP = re.compile(r"<([^<>]{0,1000})>")
_EMOJI = re.compile(r":[a-z0-9_+'\-]{1,60}:")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_POSSESSIVE = re.compile(r"(\w)['’]s\b")
_NON_WORD = re.compile(r"[^0-9a-z]+")
_NON_WORD_KEEP_LINES = re.compile(r"[^0-9a-z\n]+")
_ASCII_NON_WORD = {c: " " for c in range(128) if not re.fullmatch(r"[0-9a-z\n]", chr(c))}
_LINK_SCHEMES = ("http:", "https:", "mailto:", "ftp:")


def scrub(text: str) -> str:
    """Return text safe to store and show: lone surrogates replaced, NULs and other control characters dropped."""
    if text.isascii() and text.isprintable():
        return text
    return _CONTROL.sub(" ", _SURROGATE.sub("\ufffd", text))


def _markup(urls: bool) -> Callable[[re.Match[str]], str]:
    def resolve(match: re.Match[str]) -> str:
        inner = match.group(1)
        target, _, label = inner.partition("|")
        if target.startswith(("@U", "@W", "@B", "!")):  # a mention of someone, @channel, @here: dropped
            return " "
        if target.startswith("#C"):  # a channel link: its name
            return f" {label} "
        if target.startswith(_LINK_SCHEMES):
            return f" {label} " if label else (f" {target} " if urls else " ")
        return f" {inner} "  # not Slack markup: keep the text (already-escaped < > are &lt; &gt;)

    return resolve


_MARKUP_CHARS = frozenset("<>&`")


def clean(text: str, *, limit: int = MAX_QUESTION_CHARS, urls: bool = True) -> str:
    """Return readable text: Slack markup resolved, control characters dropped, bounded in length.

    Linear in the length of the text. With urls=False, links without a label are dropped (a pasted URL says
    nothing about the question).
    """
    text = text[: limit * 2]
    if text.isascii() and text.isprintable() and not _MARKUP_CHARS.intersection(text):
        return " ".join(text.split())[:limit]
    text = scrub(text)
    text = _MARKUP.sub(_markup(urls), text)
    text = html.unescape(text).replace("`", " ")
    text = unicodedata.normalize("NFKC", text)
    return " ".join(text.split())[:limit]


def _fold(text: str) -> str:
    """Return text lowercased, with accents dropped (é -> e)."""
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def normalise(text: str) -> str:
    """Return lowercase ASCII-ish words separated by single spaces."""
    text = clean(text, urls=False)
    text = _fold(_EMOJI.sub(" ", text))
    text = _POSSESSIVE.sub(r"\1", text)
    return " ".join(_NON_WORD.sub(" ", text).split())


def normalise_many(texts: list[str]) -> list[list[str]]:
    """Return the normalised tokens of many texts at once (same result as normalise, much faster in bulk)."""
    blob = "\n".join(texts)
    # Short printable ASCII without markup, all of it: clean() would only collapse spaces, which changes no token.
    if not (blob.isascii() and blob.count("\n") == len(texts) - 1 and not any(c in blob for c in _MARKUP_CHARS)
            and "".join(texts).isprintable() and max(map(len, texts), default=0) <= MAX_QUESTION_CHARS):
        blob = "\n".join(clean(t, urls=False) for t in texts)
    blob = _fold(_EMOJI.sub(" ", blob))
    if "'" in blob or "’" in blob:  # a possessive never spans lines: only lines with an apostrophe can change
        blob = "\n".join(_POSSESSIVE.sub(r"\1", line) if "'" in line or "’" in line else line
                         for line in blob.split("\n"))
    # In ASCII, a space for each other character gives the same tokens as one for each run of them.
    blob = blob.translate(_ASCII_NON_WORD) if blob.isascii() else _NON_WORD_KEEP_LINES.sub(" ", blob)
    return [line.split() for line in blob.split("\n")]


STOPWORDS = frozenset(
    """a an the and or but if of to in on at by for with from into via through using use used uses is are
    was were be been being do does did doing done have has had having i we you they it its our your
    their my me us them this that these those there here what which who whom whose when how why can
    could should would will shall may might must any all some no not so as about than then too very
    just also only own same such get gets got please hi hello hey thanks thank team anyone someone
    question quick know tell let s t re ve ll d m""".split()
)

# Aspect words: what the question asks about. Keys are canonical aspect names.
ASPECTS: dict[str, frozenset[str]] = {
    "retention": frozenset(
    """retain retained retains retaining retention keep keeps kept keeping store stored stores storing
    storage log logs logged logging save saved saves saving persist persisted persists delete
    deleted deletes deleting deletion erase erased purge purged zdr history cache cached caching
    long archive archived backup backups""".split()
    ),
    "training": frozenset(
    """train trains trained training retrain retraining finetune learn learns learning improve improves
    improving improvement""".split()
    ),
    "processor": frozenset(
    """processor processors subprocessor subprocessors process processes processed processing sees see seen
    access accesses accessed read reads reviewer reviewers review reviewed human humans share shares
    shared sharing sent send sends operator operates operated controller handles handle handled host
    hosts hosted hosting collect collects collected collection get gets receive receives received go goes
    reads""".split()
    ),
    "location": frozenset(
    """where region regions regional residency resident location located locations geography geographies
    boundary eu eea uk country countries sovereign onshore offshore datazone zone abroad leave
    leaves outside""".split()
    ),
    "governance": frozenset(
    """dpa terms contract contracts agreement agreements governed governs governing baa hipaa gdpr
    compliance compliant soc iso addendum legal legally policy policies liability scc sccs certified
    certification""".split()
    ),
}

PRIVACY_WORDS = frozenset(
    """privacy private confidential confidentiality sensitive pii personal phi secret secrets secure
    security safe leak leaks leaked exposure exposed gdpr abuse monitoring monitored""".split()
)
# Words that often appear in privacy questions but also everywhere else: they count for less.
WEAK_PRIVACY_WORDS = frozenset(
    """prompt prompts output outputs input inputs completions completion conversation conversations
    chats chat data content information info customer customers employee employees paste pasting pasted
    upload uploading uploaded docs documents document files file code source emails email stuff records
    ok okay allowed approved copy copies confidentail confidental senstive sensitve privcy""".split()
)

# Words that mark a question as operational rather than about data privacy.
OFF_TOPIC_WORDS = frozenset(
    """quota quotas limit limits ratelimit ratelimited throttled throttling 429 500 502 503 504 error
    errors exception exceptions bug bugs crash crashes crashed crashing failing fails failed broken
    timeout timeouts latency slow billing bill billed invoice invoices cost costs price prices pricing
    cheaper expensive budget discount license licence licenses seat seats vpn password laptop wifi
    printer expense expenses expensing reimburse install installing installed setup configure sdk
    rpm tpm capacity outage uptime benchmark benchmarks faster accuracy accurate hallucinate
    hallucinations prompting stacktrace traceback lunch holiday holidays payroll parking parental
    onboarding workday stuck filter filters severity better worse cheapest
    fastest recommend enable enabled yet pending approval launch launched max_tokens cutting truncated""".split()
)

# Weights: a strong aspect word is enough to call a question a privacy question.
_ASPECT_WEIGHT = {"retention": 1.0, "training": 1.0, "processor": 0.8, "location": 0.6, "governance": 0.8}
_WEAK_ASPECT_WORDS = frozenset(
    """long see seen read review reviewed handle handles handled learn learning process processes processing
    zone history outside leave leaves get gets go goes receive""".split()
)


_ASPECT_OF: dict[str, list[tuple[str, float]]] = {}
for _aspect, _vocab in ASPECTS.items():
    for _word in _vocab:
        _weight = _ASPECT_WEIGHT[_aspect] * (0.5 if _word in _WEAK_ASPECT_WORDS else 1.0)
        _ASPECT_OF.setdefault(_word, []).append((_aspect, _weight))


def aspects_of(words: list[str]) -> dict[str, float]:
    """Return the aspects a token list asks about, with a strength each."""
    found: dict[str, float] = {}
    for word in words:
        for aspect, weight in _ASPECT_OF.get(word, ()):
            if weight > found.get(aspect, 0.0):
                found[aspect] = weight
    return found


def privacy_strength(words: list[str]) -> float:
    """Return how strongly the words speak of data privacy (0 = not at all)."""
    found = aspects_of(words)
    if "who" in words and "processor" in found:  # "who can see / who reads / who has access"
        found["processor"] = _ASPECT_WEIGHT["processor"]
    aspect = sum(found.values())
    unique = set(words)
    generic = 0.5 * len(unique & PRIVACY_WORDS) + 0.3 * len(unique & WEAK_PRIVACY_WORDS)
    return aspect + min(generic, 1.0)


def off_topic_strength(words: list[str]) -> float:
    """Return how strongly the words speak of something other than data privacy."""
    return float(sum(1 for w in set(words) if w in OFF_TOPIC_WORDS))
