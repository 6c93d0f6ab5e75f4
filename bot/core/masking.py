"""Mask e-mail addresses and phone numbers before a question is shown to the triage team or kept as a reason.

The masking errs on the side of privacy for things written as contacts, and leaves alone what only looks like
digits: model ids (claude-3-5-sonnet-20241022, gpt-4o-2024-08-06), versions, dates and IP addresses.
Every pattern is anchored so that it runs in linear time on any input.
"""

from __future__ import annotations

import datetime as dt
import re

EMAIL_MASK = "[e-mail removed]"
PHONE_MASK = "[phone number removed]"

# A local part may hold dots, plus, apostrophes and dashes (jane.o'neil+x@...). The look-behind makes a match
# start only where a run of such characters starts, so a long run is scanned once.
_EMAIL = re.compile(r"(?<![\w.+'’-])[\w.+'’-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}")
# Digits in groups separated by spaces, dots, dashes, slashes or brackets, optionally after + or 00.
_PHONE = re.compile(r"(?<![\w+])(?:\+|\(\+?)?\d[\d ().\-/]{5,24}\d(?!\w)")
_ATTACHED = frozenset("-._/@:")  # a number glued to a word by these is part of an identifier (model-20241022)
_DATES = (re.compile(r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}"), re.compile(r"\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}"))
_IP = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}")


def _is_date(text: str) -> bool:
    if any(p.fullmatch(text) for p in _DATES):
        return True
    if len(text) == 8 and text.isdigit() and text[:2] in ("19", "20"):
        try:
            dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
        except ValueError:
            return False
        return True
    return False


def _glued(text: str, start: int, end: int) -> bool:
    """Return whether the digits at start:end are part of a longer identifier (a model id, a path, a URL)."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    glued_before = before in _ATTACHED and start > 1 and text[start - 2].isalnum()
    glued_after = after in _ATTACHED and end + 1 < len(text) and text[end + 1].isalnum()
    return glued_before or glued_after


def _phone(match: re.Match[str]) -> str:
    found = match.group(0)
    text = found.strip(" ().-/")
    digits = sum(ch.isdigit() for ch in text)
    if not 8 <= digits <= 15 or _is_date(text) or _IP.fullmatch(text):
        return found
    if not found.startswith(("+", "(")) and _glued(match.string, match.start(), match.end()):
        return found
    return PHONE_MASK


def mask_contacts(text: str) -> str:
    """Return text with e-mail addresses and phone numbers replaced."""
    return _PHONE.sub(_phone, _EMAIL.sub(EMAIL_MASK, text))
