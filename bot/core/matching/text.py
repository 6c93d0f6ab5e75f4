"""Normalise Slack text into plain lowercase tokens, and spot what a question asks about."""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from collections.abc import Callable

from bot.core.matching.vocabulary import CJK_LONGEST, CJK_WORDS

MAX_QUESTION_CHARS = 4000

# One pass over Slack markup: <...> with no < or > inside, bounded, so unclosed markup costs linear time.
_MARKUP = re.compile(r"<([^<>]{0,1000})>")
_EMOJI = re.compile(r":[a-z0-9_+'\-]{1,60}:")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
# Invisible format characters that can disguise text: zero-width space, (non-)joiners and marks, bidi embeddings,
# overrides and isolates, word joiner and invisible operators, the byte-order mark. (An emoji sequence joined with
# U+200D falls apart into its emoji; scripts that need no format character, Japanese among them, are unchanged.)
_FORMAT = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_POSSESSIVE = re.compile(r"(\w)['’]s\b")
# French "où" (where) as it opens a question, not the relative "le jour où"; once folded it would be "ou" (or)
_OU = re.compile(r"(^|[.?!:;,(«\"\n]\s*|\b(?i:et|mais|par|c['’]est)\s+|\b(?i:d)['’])[oO](?:[uU]\u0300|[ùÙ])(?!\w)")
_CJK = "\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af"  # kana, CJK ideographs, hangul
_WORD_OR_CJK_RUN = re.compile(rf"[0-9a-z]+|[{_CJK}]+")
_HAS_CJK = re.compile(rf"[{_CJK}]")
_LINK_SCHEMES = ("http:", "https:", "mailto:", "ftp:")
_KEPT_URL = re.compile(r"https?://[^\s|<>]{1,500}")
_KEPT_LINK = re.compile(rf"<({_KEPT_URL.pattern})(?:\|([^<>]{{0,1000}}))?>")  # a link clean(keep=True) kept


_PERSON = re.compile(r"(?<![\w@.])@[UW][A-Z0-9]{2,}\b")  # someone a stored question names ("@U0LEGAL01")


def readable(text: str, *, people: bool = True) -> str:
    """Return a stored question as plain text: its links as "label (url)"; with people=False, the people it names
    as "someone" (text that outlives the retention period: a draft entry, a report)."""
    text = _KEPT_LINK.sub(lambda m: f"{m.group(2)} ({m.group(1)})" if m.group(2) else m.group(1), text)
    return text if people else _PERSON.sub("someone", text)


def scrub(text: str) -> str:
    """Return text safe to store and show: lone surrogates replaced, NULs and other control characters dropped,
    invisible format characters (bidi overrides, zero-width characters) removed."""
    if text.isascii() and text.isprintable():
        return text
    return _FORMAT.sub("", _CONTROL.sub(" ", _SURROGATE.sub("\ufffd", text)))


def _markup(urls: bool, keep: bool = False) -> Callable[[re.Match[str]], str]:
    def resolve(match: re.Match[str]) -> str:
        inner = match.group(1)
        target, _, label = inner.partition("|")
        if keep and target.startswith(("@U", "@W")) and target[1:].isalnum():  # who is named, as plain text
            return f" {target} "
        if target.startswith(("@U", "@W", "@B", "!")):  # a mention of someone, @channel, @here: dropped
            return " "
        if target.startswith("#C"):  # a channel link: its name
            return f" #{label} " if keep and label else f" {label} "
        if keep and target.startswith(("http:", "https:")) and _KEPT_URL.fullmatch(target):  # the link, as sent
            return f" <{target}|{label}> " if label else f" <{target}> "
        if target.startswith(_LINK_SCHEMES):
            return f" {label} " if label else (f" {target} " if urls else " ")
        return f" {inner} "  # not Slack markup: keep the text (already-escaped < > are &lt; &gt;)

    return resolve


_MARKUP_CHARS = frozenset("<>&`")


def clean(text: str, *, limit: int = MAX_QUESTION_CHARS, urls: bool = True, keep: bool = False) -> str:
    """Return readable text: Slack markup resolved, control characters dropped, spaces squeezed (line breaks kept),
    bounded in length.

    Linear in the length of the text. With urls=False, links without a label are dropped (a pasted URL says
    nothing about the question). With keep=True (a question as stored and shown to people), links stay Slack
    links and people named stay named ("@U0LEGAL01"): clean() again resolves them as before for matching.
    """
    text = text[: limit * 2]
    if "\r" in text:  # a carriage return breaks a line too (before scrub() turns control characters to spaces)
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not (text.isascii() and text.isprintable() and not _MARKUP_CHARS.intersection(text)):
        text = scrub(text)
        text = _MARKUP.sub(_markup(urls, keep), text)
        text = html.unescape(text).replace("`", " ")
        text = unicodedata.normalize("NFKC", text).replace("\u061f", "?")  # the Arabic script's question mark
    return squeeze(text)[:limit]


def squeeze(text: str) -> str:
    """Return text with runs of spaces made one and blank lines dropped; line breaks stay (a post's title is its
    first line)."""
    if "\n" not in text:
        return " ".join(text.split())
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


_ASCII = re.compile(r"[\x00-\x7f]+")


def width(text: str) -> int:
    """Return how wide a text is written: a wide character (Japanese, Chinese, Korean) counts two, as on screen, so
    that a length means as much text in every script."""
    if text.isascii():
        return len(text)
    return len(text) + sum(unicodedata.east_asian_width(c) in "WF" for c in _ASCII.sub("", text))


def capitalised(name: str, text: str) -> bool:
    """Return whether a name (normalised) stands in a text with its last word capitalised ("Le Chat", "le Chat"; not
    "le chat", "Le chat")."""
    words = name.split()
    found = re.finditer(r"\b" + r"\W*".join(map(re.escape, words)) + r"\b", text, re.IGNORECASE)
    return any(m.group()[len(m.group()) - len(words[-1])].isupper() for m in found)


@functools.lru_cache(maxsize=512)  # one message's sentences are read by several rules (bounded: texts are)
def fold(text: str) -> str:
    """Return text lowercased, with accents dropped from Latin letters (é -> e); other scripts keep theirs (グ)."""
    if text.isascii():
        return text.lower()
    out: list[str] = []
    latin = False
    for ch in unicodedata.normalize("NFKD", text.casefold()):
        if unicodedata.combining(ch):
            if latin:
                continue
        else:
            latin = ch < "\u0370"
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out))


@functools.lru_cache(maxsize=512)
def normalise(text: str, *, limit: int = MAX_QUESTION_CHARS) -> str:
    """Return lowercase words separated by single spaces: ASCII letters and digits, and Chinese, Japanese or
    Korean runs cut at the words the vocabulary knows (those scripts do not separate words with spaces).

    Bounded like a question (limit); our own text (an entry's fields) passes its length."""
    text = _OU.sub(r"\1where", clean(text, limit=limit, urls=False))
    text = fold(_EMOJI.sub(" ", text))
    text = _POSSESSIVE.sub(r"\1", text)
    words = _WORD_OR_CJK_RUN.findall(text)
    if not any(_HAS_CJK.match(w) for w in words):
        return " ".join(words)
    return " ".join(part for w in words for part in (_cut(w) if _HAS_CJK.match(w) else (w,)))


def _cut(run: str) -> list[str]:
    """Return a run of CJK characters cut at known words (longest first); the characters between stay together."""
    known, longest = CJK_WORDS, CJK_LONGEST
    out: list[str] = []
    rest_start, i = 0, 0
    while i < len(run):
        for size in range(min(longest, len(run) - i), 0, -1):
            if run[i:i + size] in known:
                if rest_start < i:
                    out.append(run[rest_start:i])
                out.append(run[i:i + size])
                i += size
                rest_start = i
                break
        else:
            i += 1
    if rest_start < len(run):
        out.append(run[rest_start:])
    return out
