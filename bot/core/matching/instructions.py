"""Whether a message only asks how to do something with a product, or to get something back: no question about
the data an entry covers."""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.core.matching.segments import LONG, Segments, asks_how_to
from bot.core.matching.situation import Situation, Verdict
from bot.core.matching.text import fold, normalise
from bot.core.matching.vocabulary import VOCABULARY, contains_phrase, read_phrases, read_words
from bot.core.models import Outcome

RECOVER = read_phrases("recover")  # "restore", "get it back", "recuperar": asks to get something back
MISTAKE, DELETED = read_phrases("mistake"), read_words("deleted")  # "deleted … by mistake": the same


def recovers(question: str) -> bool:
    """Return whether a question asks to get something back ("can I get it back?", "¿se puede recuperar?") or says
    something was deleted by mistake ("I deleted a Cursor chat by mistake"; not "if I accidentally paste…")."""
    words = normalise(question).split()
    return contains_phrase(words, RECOVER) or (contains_phrase(words, MISTAKE) and not DELETED.isdisjoint(words))


LOCAL = read_phrases("local")  # "on my Mac", "on disk", "auf dem Mac": the asker's own machine
REMOTE = read_words("remote")  # ... unless the vendor's servers or the asker's data are asked about
_IMPROVE, _MODELS = read_words("improve"), read_words("models")  # improving one's own work (not the vendor's models)
_UI = read_words("ui-nouns")  # a part of the app's screen
OWN_SYSTEMS = read_phrases("own-systems")  # "our database", "nuestro propio modelo": the asker's own systems


_ASKERS, _MODALS = frozenset("someone somebody anyone anybody".split()), frozenset("can could would will".split())
_TELL = read_words("act-requests")  # "can someone confirm…": asks to be told
_CLAUSE = frozenset("whether if what how where who which when why wether".split())
_SEEING = frozenset("view views viewed watch monitor monitors".split())  # ... of the data (aspect words too: "see")
_TEAM = frozenset("from on in".split())  # "someone from legal" (not "someone at Anthropic": the vendor's staff)
_YOU = frozenset("you u".split())  # "can you delete my Cursor chat history?": the bot, or the privacy team, asked
_DO = frozenset("delete remove erase purge wipe enable disable turn switch submit file email contact ask request "
                "raise sign opt revoke cancel reset".split())  # ... to do something for the asker (not "get me…")
_POSSIBLE = frozenset("or how after once before when if yourself without".split())  # "can you turn off training for
# our workspace, or is it always on?", "… after it's created?", "… yourself in the dashboard?": can it be done
_MINE = frozenset("my our us me mine ours".split())  # (not "can you delete your history in ChatGPT?": anyone can)
_BOTS = frozenset("question questions feedback".split())  # what the bot keeps: "can you delete my past questions?" (its
# entry says how they are deleted)


def asks_to_act(question: str) -> bool:
    """Return whether a question asks a person to do something, in English: "can someone from legal look at the Cohere
    order form?", "could someone from privacy do a 5 min intro?", "can someone share the prompt library for ChatGPT
    Enterprise?", "… who can grab those?"; not to tell ("can someone confirm…", "… look into whether…"), nor one whose
    object is the data or a privacy topic ("can someone send me the DPA for Cursor?"), nor a verb for seeing or
    keeping ("who can see our prompts?", "can anyone at OpenAI read our chats?"), nor "can someone from data
    protection confirm…", nor one with no object ("…, can someone check?": what it asks is elsewhere). Asked of the
    bot, a request to do something for the asker ("can you delete my Cursor chat history?", "could you enable ZDR on
    our Cohere account", "can you ask Zoom to delete our summaries?"), not of anyone ("can you opt out of…?") nor
    whether it can be done ("can you switch our Azure OpenAI region after deployment?")."""
    words = normalise(question).split()
    for k in range(len(words) - 2):
        if words[k] in _MODALS and words[k + 1] in _YOU and words[k + 2] in _DO and not _MINE.isdisjoint(
                words[k + 3:k + 9]) and _BOTS.isdisjoint(words) and _POSSIBLE.isdisjoint(words[k + 3:]):
            return True
        if not ((words[k] == "who" and words[k + 1] in _MODALS) or (words[k] in _MODALS and words[k + 1] in _ASKERS)):
            continue
        rest = words[k + 2:]
        if rest[0] == "at":  # "can anyone at OpenAI read…": who at the vendor gets to the data
            return False
        if rest[0] in _TEAM:  # "someone from legal", "anyone on the privacy team": the verb comes after
            rest = rest[next((j for j, w in enumerate(rest[1:], 2) if w not in VOCABULARY.stopwords), 2):]
            rest = rest[1:] if rest[:1] == ["team"] else rest
        said = rest[1:]  # (a verb for seeing or keeping asks who gets the data: "can anyone see my chats…")
        return bool(said) and _TELL.isdisjoint(words[k + 2:k + 7]) and _CLAUSE.isdisjoint(said) and not (
            rest[0] in _SEEING or VOCABULARY.aspects_of_word(rest[0]) or VOCABULARY.aspects_of(said)
            or VOCABULARY.names_topic(said))
    return False


_TASKS, _DOCUMENTS = read_words("content-tasks"), read_words("documents")  # "reformat", "compilare"; "doc", "modulo"
_CONTROLS = frozenset({"training", "location"})  # the aspects a how-to question asks about as a data control


def worked_on(words: list[str]) -> list[str]:
    """Return a how-to question's words without its privacy topics and aspects when it asks a product to work on a
    document ("reformat our data retention policy doc", "far compilare a Copilot un modulo HIPAA", "eine Pivot zur
    Kundenbindung (Retention) bauen lasse", "summarise the DPA into a one-pager", "tradurre l'informativa privacy"):
    they name the document, not what the vendor does with data. Training and where data goes still ask about a data
    control ("how do we keep it from training on the templates we create?"). A word for data people put in a product
    is a document only after another noun ("policy doc"; not "keep our documents")."""
    if _TASKS.isdisjoint(words) or not any(w in _DOCUMENTS and (w not in _CONTENT or (
            k and words[k - 1] not in VOCABULARY.stopwords and words[k - 1] not in _TASKS)) for k, w in enumerate(
            words)):
        return words
    return [w for w in words if w in _TASKS or not (VOCABULARY.names_topic([w]) or VOCABULARY.aspects_of_word(w)) or (
        _CONTROLS.intersection(VOCABULARY.aspects_of_word(w)))]


# "how do I find out / check / know whether…": a question about what the vendor does, in a how-to's words
_LEARNS = re.compile(r"\b(find(ing)? out|figure out|check|confirm|verify|know|tell|determine|see|saber|comprobar|"
                     r"verificar|confirmar|averiguar|ver|descobrir|checar|sapere|verificare|controllare|capire|"
                     r"scoprire|confermare|savoir|verifier|confirmer|decouvrir|voir|heraus|prufen|uberprufen|nachsehen|"
                     r"feststellen|wissen|checken|controleren|weten|nagaan|uitzoeken)\W+(whether|if|how|where|what|who|"
                     r"which|si|se|donde|onde|dove|ou|cuanto|cuantos|quanto|quantos|combien|como|come|comment|quien|"
                     r"quem|chi|qui|ob|wo|wie|wer|was|of|waar|hoe|wat|that|dass)\b")


def learns(question: str) -> bool:
    """Return whether a how-to question asks how to learn something about the data ("how do I find out how long
    Notion AI keeps the notes?", "cómo puedo saber si Claude en Vertex retiene…", "wie finde ich heraus, ob…"): it
    asks that, not for instructions."""
    return bool(_LEARNS.search(fold(question)))


def instructions(text: str, seg: Segments) -> bool:
    """Return whether everything the message asks is how to do something, or it asks to get something back,
    naming no privacy topic, training or where data goes ("how do I turn off training on our data", "how do we
    keep requests in the EU" ask about a data control), or naming the asker's own systems ("how to set up retention
    for our BigQuery tables", "cómo entrenar nuestro propio modelo": how to run them, whatever the words)."""
    asked = seg.questions or ((text,) if len(text) <= LONG else ())
    if asked and all(asks_to_act(q) for q in asked):
        return True  # a request to a person to do something: whatever the rest of the message says
    parts = [normalise(q).split() for q in asked]  # a sentence asking where a part of the screen is ("…data tab?")
    said = [w for part in parts for w in part]
    screen = any(VOCABULARY.where.intersection(p) and not _UI.isdisjoint(p) for p in parts)
    local = screen or (bool(VOCABULARY.where.intersection(said)) and contains_phrase(said, LOCAL) and not (
        REMOTE & set(said)))  # on the app's screen, or on the asker's machine
    if not asked or not (local or all((asks_how_to(q) and not learns(q)) or recovers(q) for q in asked)):
        return False  # "where … on Mac?"; each question asks how to, or to get something back
    own = _IMPROVE if _MODELS.isdisjoint(said) else frozenset()  # "how do I improve
    words = [w for part in parts for w in worked_on(part) if w not in VOCABULARY.where and w not in own]  # Copilot
    # suggestions?": no training; nor the words of a document it is asked to work on ("… our retention policy doc")
    if contains_phrase(said, OWN_SYSTEMS):  # how to run the asker's own systems: no data control of the vendor's
        return True
    aspects = {"training"} if local else {"training", "location"}
    return (screen or not VOCABULARY.names_topic(words)) and not aspects & set(VOCABULARY.aspects_of(words))


_CONTENT = VOCABULARY.data_nouns | read_words("content-nouns")  # what people put in a product ("our DMs", "my pages")
_RESTRICT = read_words("restrict")  # keeping something from it: "turn off", "hide", "forget", "nobody"


def keeps_back(s: Situation) -> bool:
    """Return whether a how-to question naming a product asks how to keep something from it or from people."""
    return s.how_to and s.named and not _RESTRICT.isdisjoint(normalise(s.analysis.text).split())


def only_how_to(s: Situation) -> Verdict | None:
    """Decline a message that only asks how to use a product ("how do I turn on Slack AI recaps for my channel?",
    "Comment activer Gemini dans Google Docs ?", "ChatGPT Enterprise でカスタムGPTを共有する方法は？") and says no word
    of privacy, of an aspect, of what people put in it, nor of keeping something from it or from people, when the model
    is unsure: it had been escalated, and a person read a how-to question. Not "how do I hide my Notion pages from
    Notion AI?", "how do I turn off memory in ChatGPT Enterprise?", "Hoe zorg ik dat niemand ziet wat ik aan Claude
    vraag?" (what is kept from the product or from people), "how do I opt out of training…" (an aspect), nor a
    question that names no product ("how do we do a DPIA for a new AI vendor?" asks how the privacy process runs)."""
    a = s.analysis
    if not s.how_to or not s.named or s.intent is None or s.intent >= s.intent_answer or a.aspects or a.topic or (
            a.keywords or a.privacy or not _CONTENT.isdisjoint(normalise(a.text).split()) or keeps_back(s)):
        return None
    return Verdict(Outcome.DECLINE, f"it asks how to use the product and says nothing of data (intent {s.intent:.2f})")


def lead_input(asked: Sequence[str], aspects: dict[str, float], words: list[str]) -> tuple[dict[str, float], list[str]]:
    """Return the aspects and words a reply's first line is chosen by: a "where" that asks where to find something
    ("Where can I find the DPA for…?", "Où puis-je trouver le DPA…?", "Où dois-je désactiver l'entraînement…?") asks
    for no data location; without it, the other aspects lead (a place named still asks for the location). What the
    question sentences ask about leads, when they ask about something: not a region or "Legal" in the sentence
    before ("Our RAG service calls Claude through Bedrock in eu-west-1. Does Anthropic ever see those prompts?")."""
    said = normalise(" ".join(asked)).split()
    own = VOCABULARY.aspects_of(said) if said != words else {}
    if own:
        aspects, words = {a: v for a, v in aspects.items() if a in own} or own, said
    if not any(asks_how_to(q) for q in asked):  # (the question sentences the matcher found, or the text)
        return aspects, words
    rest = [w for w in words if w not in VOCABULARY.where]
    kept = VOCABULARY.aspects_of(rest)
    return {a: v for a, v in aspects.items() if a != "location" or "location" in kept} or aspects, rest
