"""Messages about the asker's own organisation, which a person on the privacy team answers and no entry records: a
possible incident ("I accidentally pasted our customer list into Claude, what now?": an entry's answer would read as
if nothing more were needed, and a decline would drop it), and a question about what the organisation itself
decided, signed, approved or switched on ("who signed our DPA with OpenAI?", "is ZDR enabled on our OpenAI org?")."""

from __future__ import annotations

import re

from bot.core.matching.intent import speaks_of_us
from bot.core.matching.naming import SELF
from bot.core.matching.ourside import ROLES, asks_ours
from bot.core.matching.segments import LONG, Segments, asks_how_to, opens_a_question, segment
from bot.core.matching.situation import Situation, Verdict
from bot.core.matching.text import normalise, width
from bot.core.matching.vocabulary import VOCABULARY, contains_phrase, phrase_starts, read_phrases, read_words
from bot.core.models import Outcome

MISTAKE, ASKS = read_phrases("mistake"), read_phrases("incident-asks")  # "by accident"; "what now", "was jetzt"
_MISTAKE_SIZES, _ASKS_SIZES = phrase_starts(MISTAKE), phrase_starts(ASKS)
LEAKS = read_phrases("leaks")  # "data leak?", "privacy breach?", "Datenschutzvorfall?": an incident named
_CLAUSE_END = re.compile(r"[.?!;,:]+(?:\s|$)|\s[-–—]+\s")
_TAG = 8  # words: "… Is that a bug or a data leak?" asks after a report; a longer clause asks of a risk or a plan
OURS, RECORDS = read_phrases("ours"), read_phrases("ours-records")  # "did we sign…", "who approved"; "our signed"
DONE = read_words("put-past")  # "pasted", "uploaded", "eingefügt", "pegué": already done
_PUT = read_words("entered") | DONE | frozenset(  # putting in or sending, any tense (not "goes", "flows")
    "send sends sending share shares sharing forward forwards upload uploads leak leaks feed feeds give gives".split())
OPENERS = frozenset("hey hi hello so quick q qq btw also and pls please hallo salut hola ola ciao hoi alors bon "
                    "entonces pues oye entao pessoal gente allora ragazzi dus nou".split())  # and others' "so", "well"
_LEADS = (("du", "coup"), ("en", "fait"), ("sag", "mal"), ("kurze", "frage"), ("petite", "question"),
          ("una", "pregunta"), ("uma", "duvida"), ("una", "domanda"), ("even", "checken"))  # two-word openers
_NOT = frozenset("not never t didn didnt don dont isn isnt aren arent wasn nicht kein keine nie pas jamais nunca "
                 "nao non mai niet nooit geen".split())  # "I didn't upload anything by mistake", "not by accident"
_PURPOSE = frozenset("to so about for with regarding damit um pour afin para per om zodat sobre".split())  # "what
# should I do to…", "what now for data we send": no question about what happened
_SUPPOSED = re.compile(r"\b(if|when|whenever|once|suppose|supposing|say|case|hypothetically|imagine|worried|afraid|"
                       r"avoid|prevent|wenn|falls|sobald|angenommen|vermeiden|verhindern|si|quand|lorsque|imaginons|"
                       r"supposons|eviter|cuando|supongamos|imaginemos|evitar|quando|caso|se|immagina|"
                       r"evitare|als|wanneer|zodra|stel|voorkomen)\b")  # a case supposed: "if I paste…", "say I…"


def _leak_asked(text: str) -> bool:
    """Return whether the message's last clause only asks whether what it reported is a leak ("Slack AI just showed
    me a private channel. Data leak?", "… kept recording after the meeting, is that a data protection violation?"):
    short, after another clause, asking of no aspect (not "Risk of data leak with DeepSeek API?", "Not a data leak,
    just curious: does Slack AI read DMs?", "We had a data leak last year. Does Cursor keep our code?")."""
    clauses = [c for c in _CLAUSE_END.split(text) if c.strip()]
    last = normalise(clauses[-1]).split() if clauses else []
    return len(clauses) > 1 and len(last) <= _TAG and contains_phrase(last, LEAKS) and not VOCABULARY.aspects_of(last)


def _at(words: list[str], phrases: frozenset[tuple[str, ...]], sizes: dict[str, tuple[int, ...]]) -> list[
        tuple[int, int]]:
    """Return where the phrases are in the words: (start, end) of each (sizes: their lengths by first word)."""
    return [(k, k + n) for k, w in enumerate(words) for n in sizes.get(w, ()) if tuple(words[k:k + n]) in phrases]


def skip_openers(words: list[str]) -> list[str]:
    """Return the words after the openers a Slack message starts with ("hey, quick q: did we…")."""
    k, moved = 0, True
    while moved:
        moved = False
        while k < len(words) and words[k] in OPENERS:
            k, moved = k + 1, True
        lead = next((p for p in _LEADS if tuple(words[k:k + 2]) == p), None)
        if lead:
            k, moved = k + 2, True
    return words[k:]


def reports_incident(text: str) -> bool:
    """Return whether one short message says data was put into a product by mistake, or asks what to do now that
    it was ("I sent a client's contract to the Gemini API by accident, how bad is it?", "Pegué datos de un cliente
    en Gemini, ¿qué hago?"), or names a possible incident ("… showed me a private channel. Data leak?"); not a case
    supposed ("if I accidentally paste…", "say I accidentally…", "もし…"), a mistake denied ("not by accident"), a
    routine ("our developers share code with Cursor. What should we do to…?") nor a question that opens as one
    ("can employees accidentally leak…?", "does Anthropic keep the file I…")."""
    if width(text) > LONG or "もし" in text:
        return False
    words = normalise(text).split()
    if _leak_asked(text) and not _SUPPOSED.search(" ".join(words)) and not opens_a_question(text.strip()):
        return True  # "Slack AI just showed me a private channel I'm not in. Data leak?": the product did it
    if _PUT.isdisjoint(words):
        return False
    mistakes = _at(words, MISTAKE, _MISTAKE_SIZES)
    asks = [(k, end) for k, end in _at(words, ASKS, _ASKS_SIZES) if end >= len(words) or words[end] not in _PURPOSE]
    verbs = [k for k, w in enumerate(words) if w in (_PUT if mistakes else DONE)]
    if not verbs or not (mistakes or asks):
        return False
    said = [verbs[0], *(k for k, _ in mistakes)]  # neither denied: "I didn't upload anything by mistake"
    if any(not _NOT.isdisjoint(words[max(0, k - 3):k]) for k in said):
        return False
    return not _SUPPOSED.search(" ".join(words[:verbs[0]])) and not opens_a_question(text.strip())


def reports_an_incident(s: Situation) -> Verdict | None:
    """Escalate a possible incident, whatever else the message asks or the model scores: data put into a product
    by mistake, a question what to do now that it was, or a leak named (a person on the privacy team handles it)."""
    if reports_incident(s.analysis.text):
        return Verdict(Outcome.ESCALATE, "it reports data put into a product by mistake, a leak, or asks what to do "
                                         "now (a possible incident); a person on the privacy team handles it")
    return None


def about_us(text: str, seg: Segments) -> bool:
    """Return whether a short message asks about the asker's own organisation: a question sentence that opens with
    one of its decisions or people ("did we sign…", "who approved…", "when does our … renew", "wer hat den AVV
    unterschrieben") or, not asking how to, speaks of its records or settings ("on our approved
    list", "our signed BAA", "enabled on our OpenAI org"; not "how do we get MAM turned on for our AOAI resource",
    which the entry answers, nor "is training enabled for our workspace by default?")."""
    if width(text) > LONG:
        return False
    for question in seg.questions:  # (a line that reports, "ZDR approved for our org", is left to `reports`)
        for clause in _after_topic(question):
            words = skip_openers(normalise(clause).split())
            words = next((words[len(p):] for p in _AT_OURS if tuple(words[:len(p)]) == p and len(words) > len(p)),
                         words)
            if not _DEFAULT.isdisjoint(words):
                continue  # (not of a default: "what is our retention set to by default in Slack AI?")
            if any(_opens(said, p) for said in (words, _as_we(words, clause)) if said
                   for p in _OPENING.get(said[0], ()) if _WORDS_OF[p] <= set(said)):  # (its words all there)
                return True
            if (contains_phrase(words, RECORDS) or _our_state(words)) and not asks_how_to(clause):
                return True
    return False


_TOPIC = re.compile(r"\s*(?::|\s[-–—]+)\s+")
_TOPIC_WORDS = 6


def _after_topic(question: str) -> list[str]:
    """Return the question, and what follows a short topic before a colon or a dash ("claude on bedrock: did we
    opt in…?", "Copilot Studio — who approved it?"): the question opens there. Spanish marks where a question opens
    ("Firmamos con Zoom el año pasado; ¿AI Companion entrena…?" states what we did, then asks the vendor's)."""
    question = question[question.rfind("¿") + 1:]
    parts = _TOPIC.split(question, maxsplit=1)
    if len(parts) == 2 and parts[1] and 0 < len(normalise(parts[0]).split()) <= _TOPIC_WORDS:
        return [question, parts[1]]
    return [question]


_OPENING: dict[str, list[tuple[str, ...]]] = {}
for _phrase in OURS:
    _OPENING.setdefault(_phrase[0], []).append(_phrase)
_WORDS_OF = {p: frozenset(p) - {"…"} for p in OURS}  # a phrase can open a question only where all its words are
_DEFAULT = frozenset("default defaults standard box standardmassig defaut defecto padrao predefinito standaard".split())
_GAP = 6  # words "…" stands for, at most (none: "tenemos … firmado" is said "tenemos firmado el DPA" too)
# ... or, before a last part that ends the question, as German and Dutch put the verb last ("Hebben we de opslag van
# ChatGPT Enterprise op EU-dataresidentie ingesteld?", "Heeft legal de verwerking door Cohere al contractueel laten
# afdekken?")
_VERB_LAST_GAP = 12
_VERB_LAST = frozenset("haben hat hebben heeft wer wie".split())  # how those questions open
# Where a question opens with our own place ("Chez nous, est-ce qu'on a activé…", "Bij ons: hebben we…"), what
# follows it is read as the opening
_AT_OURS = (("chez", "nous"), ("bij", "ons"), ("bei", "uns"), ("da", "noi"), ("aqui", "na", "empresa"),
            ("en", "la", "empresa"), ("at", "our", "company"), ("in", "our", "org"), ("here", "at", "work"))
BOUGHT = read_words("bought")  # a seat, a licence, an invoice: bought or billed, no privacy matter
_STATES = read_words("our-states")  # "on", "enabled", "aktiv", "finished": a setting's or a review's state
_OUR_PLACE = read_phrases("our-place")  # "bei uns", "for our org", "chez nous", "in our tenant"
_DPIA = frozenset("dpia dpias dsfa aipd eipd".split())  # our own assessment of a product
_ON = frozenset("on off".split())  # a state only right before our place ("on for our org"; "on the API" is not), or
_AAN = frozenset("an aan uit".split())  # right after it in German and Dutch ("bij ons aan", "bei uns an")


def _our_state(words: list[str]) -> bool:
    """Return whether a question asks the state of something of ours: a setting where it names our own place ("is
    zdr on for our org on the openai api?", "ist ZDR bei uns für die Anthropic API aktiv?") or our assessment ("is
    the Gemini for Workspace DPIA finished?"); not "is training enabled for our workspace by default?" (read
    before: a default is the vendor's)."""
    if not (_STATES - _ON - _AAN).isdisjoint(words):
        return contains_phrase(words, _OUR_PLACE) or not _DPIA.isdisjoint(words)
    return any((w in _ON and contains_phrase(words[k + 1:k + 5], _OUR_PLACE)) or (w in _AAN and any(
        tuple(words[k - n:k]) in _OUR_PLACE for n in (2, 3, 4) if k >= n)) for k, w in enumerate(words))


_AGREEMENTS = frozenset("contract contracts relationship renewal vertrag contrat contrato contratto".split())


def _opens(words: list[str], phrase: tuple[str, ...]) -> bool:
    """Return whether the words open with the phrase, each "…" in it standing for one to six words."""
    parts, at = " ".join(phrase).split(" … "), 0
    for n, part in enumerate(p.split() for p in parts):
        window = range(at, at + 1) if n == 0 else range(at, min(at + _GAP, len(words)) + 1)  # ("tenemos firmado")
        found = next(((k, end) for k in window if (end := _match(words, k, part)) is not None), None)
        last = len(words) - len(part)  # the verb last, ending the question, further off
        if found is None and n == len(parts) - 1 and n and phrase[0] in _VERB_LAST and (
                at < last <= at + _VERB_LAST_GAP and words[last:] == part):
            found = last, len(words)
        duty = n > 0 and words[at:at + 1] == ["to"]  # "do we have to have ZDR enabled…": a duty, not a setting
        if found is None or duty or (part[0] in _AGREEMENTS and not VOCABULARY.data_nouns.isdisjoint(
                words[at:found[0]])):
            return False  # (the data before "contract" is what is asked of: "who is responsible for the data under…")
        at = found[1]
    return True


_SAID_BY_THE_WAY = frozenset("ever actually already yet really even officially finally formally bien eigentlich schon "
                             "bereits wirklich jemals deja vraiment ya realmente ja gia davvero al eigenlijk echt ooit"
                             .split())  # "did we ever sign…", "has IT actually enforced…", "¿ya firmamos…?"


def _match(words: list[str], k: int, part: list[str]) -> int | None:
    """Return where the part ends when the words from k say it, an adverb between its words or not."""
    j = k
    for n, want in enumerate(part):
        while n and j < len(words) and words[j] != want and words[j] in _SAID_BY_THE_WAY and want not in part[:n]:
            j += 1
        if j >= len(words) or words[j] != want:
            return None
        j += 1
    return j


_AUX = frozenset("did has have had".split())
_ROLES = frozenset("legal security procurement compliance infosec hr management finance purchasing dpo ciso".split())
_ANYONE = frozenset("anyone anybody someone somebody".split())  # "did anyone check that with privacy?", "has anyone
# from legal looked at…" (not "did anyone at OpenAI review…")
_CHECKED = frozenset("check checked review reviewed vet vetted assess assessed approve approved sign signed clear "
                     "cleared look looked".split())
_TEAM_OF = frozenset("the our".split())
_TEAM = frozenset("team admins admin company org organization organisation department it dpo ciso cio cto counsel "
                  "lawyers lawyer".split())


def _as_we(words: list[str], clause: str) -> list[str]:
    """Return the words with a team of ours after "did", "has" or "have" read as "we" ("has legal approved…" as
    "have we approved…", "did the privacy team review…", "has our company enabled…", "has the DPO reviewed…", "has
    IT enforced…" (IT in capitals: not "has it…"), "did anyone check…", "has anyone from legal looked at…")."""
    if len(words) < 3 or words[0] not in _AUX:
        return words
    k = 2 if words[1] in _ROLES or (words[1] == "it" and re.search(r"\bIT\b", clause)) else 0
    if words[1] in _ANYONE and words[2] != "at":
        j = 2
        if words[j] in ("from", "in", "on"):  # ... from (the) legal (team)
            j += 1 + (words[3:4] == ["the"])
            j += j < len(words) and words[j] in _ROLES | {"privacy"}
            j += words[j:j + 1] == ["team"]
        k = j if j < len(words) and words[j] in _CHECKED else 0
    if not k and words[1] in _TEAM_OF:  # "the privacy team", "our security team", "our admins", "the admins"
        k = next((j + 1 for j in range(2, min(5, len(words))) if words[j] in _TEAM), 0)
    return ["have" if words[0] in ("has", "have") else words[0], "we", *words[k:]] if k else words


def asks_about_us(s: Situation) -> Verdict | None:
    """Escalate a question about the asker's own organisation (what it decided, signed, approved or switched on,
    who there does what): the privacy team knows; an entry says what the vendor does, not what we did. Read before
    the intent model's decline: "did legal sign the DPA with Zoom yet?" is for a person, however few privacy words."""
    text = s.analysis.text
    if width(text) > LONG:
        return None
    seg = segment(text)
    why = asks_ours(text, seg)
    if why == "legal":
        return Verdict(Outcome.ESCALATE, "it asks for legal advice about our own situation; a person answers")
    if not (why or about_us(text, seg)):
        return None
    words = normalise(text).split()
    if not BOUGHT.isdisjoint(words) and VOCABULARY.data_nouns.isdisjoint(words) and not VOCABULARY.names_topic(
            words):  # (not "…buy Jasper… vendors that touch personal data?")
        return Verdict(Outcome.DECLINE, "it asks about a purchase, a seat, a licence or an invoice of ours, not about "
                                        "data privacy")  # ("who approves copilot seats…", "… for next year's budget")
    return Verdict(Outcome.ESCALATE, "it asks about our own organisation (what it signed, approved or set up, or who "
                                     "handles it), which no entry records; a person decides")


def learned_ours(s: Situation) -> Verdict | None:
    """Escalate a message the size of a Slack question that the own-organisation head (learned beside the intent
    model, `privacy-bot train`) reads as asking about our own organisation: the phrasings the rules above miss ("is
    marketing allowed to paste customer lists into Notion AI under our policy", "nosso contrato com a Anthropic
    inclui…"). Only one that speaks of us ("we", "our", "the DPO"), never one only the bot's own entry fits."""
    text = s.analysis.text
    if s.ours is not None and s.ours >= s.ours_threshold and s.allowed != {SELF} and (  # (scored for short text)
            speaks_of_us(text) or contains_phrase(normalise(text).split(), ROLES)):  # we, our people ("the DPO")
        return Verdict(Outcome.ESCALATE, f"it reads as a question about our own organisation (learned, {s.ours:.2f}), "
                                         "which no entry records; a person decides", confidence=round(s.ours, 3))
    return None
