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
