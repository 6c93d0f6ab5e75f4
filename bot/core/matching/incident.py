"""Whether a message reports data put into a product by mistake, or asks what to do now that it was: a possible
incident ("I accidentally pasted our customer list into Claude, what now?"), which a person on the privacy team
handles. An entry's answer would read as if nothing more were needed, and a decline would drop it."""

from __future__ import annotations

import re

from bot.core.matching.segments import LONG, opens_a_question
from bot.core.matching.situation import Situation, Verdict
from bot.core.matching.text import normalise, width
from bot.core.matching.vocabulary import contains_phrase, read_phrases, read_words
from bot.core.models import Outcome

MISTAKE, ASKS = read_phrases("mistake"), read_phrases("incident-asks")  # "by accident"; "what now", "was jetzt"
_PUT = read_words("entered") | read_words("send-verbs")  # "pasted", "uploaded", "sent", "shared", "eingefügt"
_SUPPOSED = re.compile(r"\b(if|when|whenever|once|suppose|supposing|wenn|falls|sobald|si|quand|lorsque|cuando|"
                       r"quando|caso|se|als|wanneer|zodra)\b|もし|場合")  # a case supposed: "if I paste…", "¿y si…"


def reports_incident(text: str) -> bool:
    """Return whether one short message says data was put into a product by mistake, or asks what to do now that
    it was ("I sent a client's contract to the Gemini API by accident, how bad is it?", "Pegué datos de un cliente
    en Gemini sin querer, ¿qué hago?"); not a case supposed ("if I accidentally paste customer data into ChatGPT
    Enterprise, does OpenAI keep it?") nor a question that opens as one ("can employees accidentally leak…?")."""
    if width(text) > LONG:
        return False
    words = normalise(text).split()
    if _PUT.isdisjoint(words) or not (contains_phrase(words, MISTAKE) or contains_phrase(words, ASKS)):
        return False
    put = next(k for k, w in enumerate(words) if w in _PUT)
    return not _SUPPOSED.search(" ".join(words[:put])) and not opens_a_question(text.strip())


def reports_an_incident(s: Situation) -> Verdict | None:
    """Escalate a possible incident, whatever else the message asks or the model scores: data put into a product
    by mistake, or a question what to do now that it was (a person on the privacy team handles it)."""
    if reports_incident(s.analysis.text):
        return Verdict(Outcome.ESCALATE, "it reports data put into a product by mistake, or asks what to do now "
                                         "(a possible incident); a person on the privacy team handles it")
    return None
