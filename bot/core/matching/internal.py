"""Messages about the asker's own organisation, which a person on the privacy team answers and no entry records: a
possible incident ("I accidentally pasted our customer list into Claude, what now?": an entry's answer would read as
if nothing more were needed, and a decline would drop it), and a question about what the organisation itself
decided, signed, approved or switched on ("who signed our DPA with OpenAI?", "is ZDR enabled on our OpenAI org?")."""

from __future__ import annotations

import re

from bot.core.matching.segments import LONG, Segments, asks_how_to, opens_a_question, segment
from bot.core.matching.situation import Situation, Verdict
from bot.core.matching.text import normalise, width
from bot.core.matching.vocabulary import contains_phrase, read_phrases, read_words
from bot.core.models import Outcome

MISTAKE, ASKS = read_phrases("mistake"), read_phrases("incident-asks")  # "by accident"; "what now", "was jetzt"
OURS, RECORDS = read_phrases("ours"), read_phrases("ours-records")  # "did we…", "who signed…"; "our signed"
_GREETING = frozenset("hey hi hello so quick q qq btw also and pls please hallo salut hola ola ciao hoi".split())
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


def about_us(text: str, seg: Segments) -> bool:
    """Return whether a short message asks about the asker's own organisation: a question sentence that opens with
    one of its decisions or people ("did we sign…", "who approved…", "when does our … renew", "wer hat den AVV
    unterschrieben": a phrase's last word may come later) or, not asking how to, speaks of its records or settings
    ("on our approved list", "our signed BAA", "enabled on our OpenAI org"; not "how do we get MAM turned on for
    our AOAI resource", which the entry answers)."""
    if width(text) > LONG:
        return False
    for question in seg.questions:  # (a line that reports, "ZDR approved for our org", is left to `reports`)
        words = normalise(question).split()
        while words and words[0] in _GREETING:  # "hey, quick q: did we…"
            words = words[1:]
        if (contains_phrase(words, RECORDS) and not asks_how_to(question)) or any(  # (not "how do we get it
                tuple(words[:len(p) - 1]) == p[:-1] and p[-1] in words[len(p) - 1:] for p in OURS):  # turned on…")
            return True
    return False


def asks_about_us(s: Situation) -> Verdict | None:
    """Escalate a question about the asker's own organisation (what it decided, signed, approved or switched on,
    who there does what): the privacy team knows; an entry says what the vendor does, not what we did."""
    if about_us(s.analysis.text, segment(s.analysis.text)):
        return Verdict(Outcome.ESCALATE, "it asks about our own organisation (what it signed, approved or set up, "
                                         "or who handles it), which no entry records; a person decides")
    return None
