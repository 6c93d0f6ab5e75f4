"""A sentence that reports a question rather than asking it: someone wonders or worries whether, or something raises
questions about ("…raises critical questions about GDPR compliance", "clients s'interrogeant sur la souveraineté
des données", "「Copilotが…持って行ってしまわないか不安だ」という声"). A post that says so asks it, as "I wonder
whether…" does (segments._INDIRECT); a statement that only mentions a question ("we answered the questions") does
not. Matched on folded text (accents removed, lower case). A request for an answer ("Tell me whether…", "Dites-moi
si…") asks as well."""

from __future__ import annotations

import re

from bot.core.matching.compounds import compound_parts
from bot.core.matching.text import normalise
from bot.core.matching.vocabulary import VOCABULARY, read_words

_FEW = r"(?:\w+\s+){0,2}"  # "raises (serious, critical) questions"
_RAISED = re.compile(
    # en: raises questions about, prompts concerns over, worried about whether, concerned whether
    rf"\b(?:rais(?:e|es|ing)|prompts?|pos(?:e|es|ing))\s+{_FEW}(?:questions|concerns|doubts)\s+"
    r"(?:about|over|regarding|around|as to|whether|if)\b"  # not "raised": "Legal raised questions…, resolved"
    r"|(?<!was )(?<!were )\b(?:worr(?:y|ied|ies)|concerned|afraid)\s+(?:about\s+)?(?:whether|if)\b"
    # ... and an interest in knowing ("we are interested in understanding in detail how the data is managed")
    r"|\binterested in (?:knowing|understanding|learning|finding out)\W+(?:\w+\s+){0,3}?"
    r"(?:if|whether|what|how|where|who|when|which|why)\b|\binteressiert (?:mich|uns)\W+(?:ob|wie|was|wo|wer)\b"
    # de: stellt sich die Frage, fragen sich ob, wirft Fragen auf, sorgen sich ob
    r"|\bstellt sich (?:die|eine) frage|\bfrage stellt sich|\bfragen sich\W+(?:ob|wie|was|wo|wer)\b"
    rf"|\bwirft\s+{_FEW}fragen\s+(?:auf|zu|nach)\b|\bsorgen sich\W+(?:daruber\W+)?ob\b"
    # fr: s'interrogent sur, se demandent si, la question se pose, soulève des questions, s'inquiètent de
    r"|\bs\W+interrog\w*\s+sur\b|\bse demand\w*\s+(?:si|comment|ce que|ou)\b|\bquestion se pose\b"
    rf"|\bsouleve\w*\s+{_FEW}(?:questions|interrogations|inquietudes|doutes)\b|\bs\W+inquiet\w*\s+(?:de|que|si)\b"
    # es: se preguntan si, plantea dudas, surge la pregunta (not "me preocupa que…": a worry stated)
    r"|\bse pregunta\w*\s+(?:si|como|que|donde|cual\w*)\b"
    rf"|\b(?:plantea|suscita|genera|levanta)\w*\s+{_FEW}(?:preguntas|dudas|interrogantes|inquietudes)\b"
    r"|\bsurge la (?:pregunta|duda)\b"
    # pt: se perguntam se, levanta dúvidas, importa perceber, surge a pergunta
    r"|\bse pergunta\w*\s+(?:se|como|que)\b"
    rf"|\b(?:levanta|suscita|gera)\w*\s+{_FEW}(?:questoes|perguntas|duvidas|preocupacoes)\b"
    r"|\bimporta (?:perceber|saber|entender|compreender)\b|\bsurge a (?:pergunta|duvida)\b"
    # it: si chiedono se, solleva dubbi
    r"|\bsi chied\w*\s+(?:se|come|cosa|quale)\b"
    rf"|\b(?:solleva|suscita)\w*\s+{_FEW}(?:domande|dubbi|questioni|interrogativi|preoccupazioni)\b"
    # nl: vragen zich af, roept vragen op
    rf"|\bvra\w+ zich af\b|\broept\s+{_FEW}vragen op\b"
    # people asking whether, in each language ("regulators ask whether…", not "a toggle asking if…"; "Datenschützer
    # fragen, ob…", "les juristes demandent si…", "los expertos preguntan si…", "os usuários perguntam se…", "gli
    # utenti chiedono se…", "experts vragen of…")
    r"|\b(?:ask|asks|asked|(?:is|are|was|were|am|m|been) asking) (?:whether|if)\b|\bfrag(?:en|t)\W+ob\b"
    r"|\bdemand(?:ent|e)\s+si\b|\bpregunta(?:n)?\s+si\b|\bpergunta(?:m)?\s+se\b|\bchied(?:ono|e)\s+se\b"
    r"|\bvra(?:gen|agt)\s+of\b"
    # ja: ...か不安 / ...か心配 (worried whether), という疑問 / といった懸念 (the question / worries such as), a
    # quoted question without its mark (「…大丈夫なのか」), a question embedded with its interrogative
    # (どこまで守られるのか)
    r"|か(?:が|と)?(?:不安|心配|気にな)|とい(?:う|った)(?:疑問|懸念|不安)|(?:のか|ないか|ですか|ますか|でしょうか)」"
    r"|(?:どこ|どう|どの|どれ|なに|何を|何が|いつ|誰)[^。、？?]{0,30}のか")


# A building for servers, whose "data" is no data asked about ("investors wonder whether data centres pay off", "les
# investisseurs s'interrogent sur les centres de données")
_FACILITY = re.compile(r"\b(data ?cent(er|re)s?|cent(re|ro|ri)s? (de |di )?(donnees|datos|dados|dati)|datacent\w*)\b")


def reports_a_question(folded: str) -> bool:
    """Return whether a sentence (folded) says that someone wonders or worries whether, or that something raises
    questions about, something that has to do with data or privacy (not "residents worry whether power prices
    rise": an article's report, no question for the privacy team)."""
    if not _RAISED.search(folded):
        return False
    said = [p for w in normalise(_FACILITY.sub(" ", folded)).split() for p in compound_parts(w)]  # "leerlinggegevens"
    words = [w for w in said if "location" not in VOCABULARY.aspects_of_word(w)]
    data = not VOCABULARY.moved.isdisjoint(words) or not VOCABULARY.data_nouns.isdisjoint(words)  # a place alone: none
    return data or VOCABULARY.names_topic(words) or not VOCABULARY.privacy.isdisjoint(words)  # an aspect alone: none


# A request in the imperative ("Please explain how long…", "Tell me whether…", "Bitte erklären…"): it asks.
REQUEST = re.compile(r"^\W*((please|pls|plz|kindly|bitte|svp|por favor|per favore|graag)\W+)?(tell|explain|confirm|"
                     r"clarify|check (whether|if)|describe|summari[sz]e|let me know|point me|walk me through|"
                     r"erkla\w*|erzahl\w*|sag\w*|explique\w*|expliq\w*|indique\w*|(dis|dites|parle)\w*\W+moi|dime|cuentame|"
                     r"hablame|diga\w*|me (fala|conta|diz)|conte\W+me|explica\w*|dimmi|spiega\w*|parlami|vertel\w*|"
                     r"leg\w*( eens)? uit|教えて)\b", re.I)
_EMBEDDED = read_words("embedded")  # "tell me whether…"; "<you": not "let me know if you need access"


def requests_an_answer(folded: str) -> bool:
    """Return whether a sentence requests an answer: a request verb, then what it asks, right after the verb or
    within two words of the asker as its recipient ("Confirm whether…", "Tell me whether…", "Dites-moi si…", "Let
    me know if…"; not "Tell me a joke", "Let me know if you need…", "Clarify in the README whether…")."""
    found = REQUEST.match(folded)
    if found is None:
        return False
    said, verb = re.findall(r"\w+", folded)[:9], len(re.findall(r"\w+", found.group()))  # REQUEST opens the text
    to = next((k for k, w in enumerate(said[:5]) if ">" + w in _EMBEDDED), None)
    near = [verb] if to is None else [verb, to + 1, to + 2]
    at = next((k for k in near if k < len(said) and said[k] in _EMBEDDED), None)
    return at is not None and "<" + (said[at + 1:] or [""])[0] not in _EMBEDDED
