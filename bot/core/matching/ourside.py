"""Questions about the asker's own organisation that no opening phrase gives away (internal.py reads those): how our
own review stands ("who on the privacy team owns the Zoom AI Companion review?"), a fact about what we set, asked to
be confirmed ("nuestra config de retención en ChatGPT Enterprise es de 90 días, verdad?"), how our process runs
("what's the process for getting Gemini for Workspace approved for customer data?"), and legal advice ("what's our
legal position?"). An entry says what the vendor does; a person on the privacy team answers these."""

from __future__ import annotations

import re

from bot.core.matching.segments import Segments
from bot.core.matching.text import normalise
from bot.core.matching.vocabulary import contains_phrase, read_phrases, read_words

ROLES, REVIEWS = read_phrases("our-roles"), read_words("our-reviews")  # "privacy team", "Rechtsabteilung"; "review"
TAGS, ACTIONS = read_phrases("confirm-tags"), read_words("our-actions")  # "right?", "verdad?"; "configured", "config"
PROCESS, LEGAL = read_phrases("our-process"), read_phrases("legal-advice")  # "privacy ticket"; "legal position"
POLICY = read_phrases("our-policy")  # "our policy", "unsere Richtlinie"
_ASKING = re.compile(r"\s*[—–:;]\s+|\s+-\s+")  # before the clause that asks: "our policy needs 30 days — how long…?"
SIGN_OFF = read_phrases("sign-off")  # "approval", "Freigabe"
_WE = frozenset("we us our wir uns unser unsere unseren unserem nous notre nos nosotros nuestra nuestro nuestros "
                "nuestras nosso nossa nossos nossas gente noi nostro nostra nostri nostre wij ons onze".split())
_ASKED = frozenset("ask asks asked wants wanted needs told".split())
_APPROVED = frozenset("approved approve cleared ticket request freigegeben genehmigt valide approuve aprobado aprovado "
                      "approvato goedgekeurd".split())  # ... the process of an approval
_HOW_IT_RUNS = frozenset("process prozess processus proceso processo proces".split())  # ... asked with an approval
_SENTENCE = re.compile(r"[.?!;]+(?:\s|$)")
_TAG_WORDS = 4  # a confirmation tag closes a sentence: "…, don't we?", "… iirc"


def _confirms_ours(text: str) -> bool:
    """Return whether a sentence that says what we did or set ends with a tag asking to confirm it."""
    for sentence in _SENTENCE.split(text):
        words = normalise(sentence).split()
        tail = words[-_TAG_WORDS:]
        tagged = any(tuple(tail[k:]) in TAGS for k in range(len(tail)))
        if tagged and not _WE.isdisjoint(words) and not ACTIONS.isdisjoint(words):
            return True
    return False


def asks_ours(text: str, seg: Segments) -> str | None:
    """Return why a short message asks about our own organisation, or None: how our review stands (our own people
    beside a word for reviewing or deciding), a fact about what we set asked to be confirmed, how our process runs
    (with an approval), or legal advice."""
    words = normalise(text).split()
    if contains_phrase(words, LEGAL):
        return "legal"
    for q in seg.questions:  # (not "Update: the DPO gave sign-off on the DPIA")
        said = normalise(q).split()
        if contains_phrase(said, ROLES) and not REVIEWS.isdisjoint(said) and _ASKED.isdisjoint(said):
            return "review"  # (not "our legal team asked me to check: does AWS keep…": they ask the vendor question)
        if contains_phrase(said, PROCESS) and (not _HOW_IT_RUNS.intersection(said) or not _APPROVED.isdisjoint(
                said) or contains_phrase(said, SIGN_OFF)):  # (not "as part of our vendor review process: where…")
            return "process"
        if contains_phrase(normalise(_ASKING.split(q)[-1]).split(), POLICY):
            return "process"  # whether something is within our policy ("… or is that against our policy?")
    return "confirm" if _confirms_ours(text) else None
