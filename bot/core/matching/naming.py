"""Names that do not say what a message asks about: the bot spoken to by name ("hey privacy bot, does Cursor keep our
code?": Cursor is asked about), and a company whose name mostly means products no entry covers, named without the
words that make it its AI product ("how long does GitHub keep deleted repositories?" is not about GitHub Copilot);
and "the API" that names the API of a product's maker ("ChatGPT Enterprise … What about the API?")."""

from __future__ import annotations

import re
from functools import lru_cache

from bot.core.matching.entities import API_WORDS, Alias, EntityIndex, FoundAliases
from bot.core.matching.segments import LONG
from bot.core.matching.text import normalise
from bot.core.matching.vocabulary import VOCABULARY

SELF = "privacy-bot"  # the bot's own platform: named to speak to the bot, it is not what the message asks about
_BOT = r"(?:(?:the|this|your|our)\s+)?(?:privacy[\s-]?bot|(?:this|your)\s+(?:slack\s+)?bot)"
_ADDRESSED = re.compile(  # "hey privacy bot, …", "privacy bot does…", "can the privacy bot tell us if…"
    rf"^\W*(?:(?:hey|hi|hello|dear|yo|ok|okay|thanks|hallo|hej|bonjour|salut|hola|ol[aá]|oi|ciao|hoi)\W+)?{_BOT}"
    rf"(?:\s*[,:;!.\-–—]|\s+(?=(?:does|do|is|are|can|could|will|would|should|did|has|have|how|what|where|who|which|"
    rf"why|when)\b))|\b(?:can|could|would|will|does|do|did|should)\s+{_BOT}\s+(?:tell|say|know|answer|confirm|check|"
    rf"explain)\s+(?:\w+\s+)?(?:if|whether)\b|\bask(?:ed|ing)?\s+{_BOT}", re.IGNORECASE)
_ABOUT_ITSELF = re.compile(  # "privacy bot: do you send my questions to OpenAI?": the bot is asked about (not "can
    r"\b(?:you|your|yours|yourself|here)\b(?!\s+(?:tell|say|confirm|check|explain|know|let)\b)|"  # you tell me if…")
    r"\b(?:if|whether|asked|tell|told)\s+it\b|\bmy\s+questions?\b|\bwhat\s+i\s+ask(?:ed)?\b", re.IGNORECASE)


_OF_YOU = re.compile(  # the bot asked about in the second person, of what it is asked (whatever else it names)
    r"\b(?:do|does|did|will|would|are|have)\s+(?:you|u|the\s+bot|this\s+bot)\s+(?:\w+\s+)?"
    r"(?:store|keep|log|save|retain|remember|send|share|forward|pass)\w*\s+"
    r"(?:my\s+(?:\w+\s+)?questions?|what\s+i\s+ask(?:ed)?)\b(?!\s+and\b)|"  # "how long do you store what i ask?"
    r"\b(?:what|whatever|questions?|anything|everything)\s+(?:that\s+)?i\s+(?:ask|asked)\s+(?:to\s+)?you\b|"
    r"\b(?:asking|messaging)\s+you\s+(?:is|isn't|anonymous|private|confidential|logged|stored|recorded)\b|"
    r"\bmy\s+questions?\s+(?:to|with|for)\s+you\b|"
    # ... in the other languages, in the second person ("gardez-vous mes questions ?", "speicherst du meine Fragen?",
    # "¿guardas mis preguntas?", "você guarda minhas perguntas?", "conservi le mie domande?", "bewaar je mijn vragen?")
    r"\b(?:gardez|conservez|stockez|enregistrez|envoyez|partagez|transmettez)(?:-|\s+)vous\s+mes\s+questions\b|"
    r"\b(?:vous|tu)\s+(?:gardez|conservez|stockez|enregistrez|envoyez|partagez|gardes|conserves|envoies)\s+mes\s+"
    r"questions\b|\b(?:speicherst|behältst|behaltst|sendest|teilst|protokollierst)\s+du\s+(?:\w+\s+)?meine\s+"
    r"fragen\b|\b(?:guardas|almacenas|envías|envias|mandas|compartes|conservas|registras)\s+(?:\w+\s+)?mis\s+preguntas\b|"
    r"\bvoc[eê]\s+(?:guarda|armazena|envia|compartilha|salva|registra)\s+(?:as\s+)?minhas\s+perguntas\b|"
    r"\b(?:guardas|armazenas|envias|partilhas|registas|registras)\s+(?:\w+\s+){0,2}minhas\s+perguntas\b|"
    r"\bel\s+bot\s+(?:guarda|almacena|env[ií]a|comparte|conserva|registra)\s+(?:\w+\s+)?mis\s+preguntas\b|"
    r"\b(?:conservi|salvi|memorizzi|invii|condividi|tieni|registri)\s+(?:\w+\s+)?(?:le\s+)?mie\s+domande\b|"
    r"\b(?:bewaar|sla|stuur|deel|log)\s+(?:je|jij|u)\s+(?:\w+\s+)?mijn\s+vragen\b", re.IGNORECASE)
_YOU_ALONE = re.compile(  # ... or, where the message names nothing else, of what it keeps about the asker ("what do
    # you keep about me?", "speicherst du meine Slack-ID?") or what it does when it escalates ("if you escalate my
    # question, does it show my name?"); not "do you keep my messages…", "Do you store what I type in Notion?"
    r"\b(?:do|does|did|will|would|are|have|can)\s+you\s+(?:\w+\s+)?(?:store|keep|log|save|retain|remember|record|"
    r"track|collect)\w*\s+(?:about\s+me|my\s+(?:name|slack\s+id|user\s+id|id|identity|email))\b|"
    r"\b(?:if|when)\s+you\s+(?:escalate|forward|pass)\w*\s+(?:my|a|the)\s+questions?\b|"
    r"\b(?:speicherst|behältst|behaltst|protokollierst|merkst)\s+du\s+(?:\w+\s+)?(?:meine|über\s+mich)\b|"
    r"\b(?:gardez|conservez|stockez|enregistrez)(?:-|\s+)vous\s+(?:sur\s+moi|mon\s+nom)\b", re.IGNORECASE)
_QUOTED = re.compile(r"[\"“”‘«»]|(?<!\w)'")  # "when users ask our app 'do you store what I type?'": someone else asked
_SELF_IF = ("if", "wh")  # "if you escalate my question…" supposes what the bot does: it asks about the bot
_SUPPOSED = re.compile(r"^\W*(?:if|when|si|se|wenn|falls|als|quand|cuando|quando)\b", re.IGNORECASE)  # "si compartes…"
_QUESTIONS = ("question", "questions", "fragen", "preguntas", "perguntas", "domande", "vragen")
_ERRAND = re.compile(r"\s+(?:about|regarding|concerning|sur|sobre|über|uber|zu|su|sul|sulla|over)\b",
                     re.IGNORECASE)  # after "my questions": "… about Gemini to legal", an errand


def unaddressed(text: str, found: FoundAliases) -> FoundAliases:
    """Return the names found, without the bot's own when the message speaks to the bot and asks about another; only
    the bot's when it asks about the bot ("privacy bot: do you send my questions to OpenAI?", "I asked privacy-bot
    about Slack AI yesterday — is my question logged?"). A short message that asks "you" about what it is asked
    names the bot, and only the bot ("how long do you store what i ask?", "is asking you anonymous?", "how long do
    you keep what i ask about Cursor?"), unless it quotes or reports someone asking ("J'ai demandé à Claude : …"),
    supposes ("si compartes mis preguntas con…"), follows another name ("Copilot Chat, do you…") or sends on an errand
    ("would you forward my questions about Notion AI to legal?": a breaker's 254 messages on 7 December)."""
    said = (_OF_YOU.search(text) or (None if found else _YOU_ALONE.search(text))) if len(text) <= LONG else None
    at = len(normalise(text[:said.start()]).split()) if said else 0
    supposed = _SUPPOSED.match(text) and said is not None and said.group()[:2].lower() not in _SELF_IF
    if said and not (_QUOTED.search(text) or supposed or ":" in text[:said.start()] or any(
            i < at for i, _, _ in found) or (said.group().lower().endswith(_QUESTIONS) and _ERRAND.match(
            text, said.end()))):
        return [(at, "you", [Alias(frozenset({SELF}), "platform")])]
    if all(SELF in a.ids for _, _, aliases in found for a in aliases) or not _ADDRESSED.search(text):
        return found
    itself = bool(_ABOUT_ITSELF.search(_ADDRESSED.sub(" if ", text)))  # the bot asked about: what it was asked, or
    return [f for f in found if any(SELF in a.ids for a in f[2]) is itself]  # sends, is its own record


@lru_cache(maxsize=64)
def _beside(index: EntityIndex) -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    """Return, per company with `named_beside` words, its names and those words, normalised (once per index)."""
    return {pid: (frozenset(normalise(n) for n in (pid, p.name, *p.aliases)),
                  frozenset(normalise(" ".join(p.named_beside)).split()))
            for pid, p in index.entities.providers.items() if p.named_beside}


def named_beside(words: list[str], found: FoundAliases, index: EntityIndex) -> FoundAliases:
    """Return the names found, a company's names read as its other products, which no entry covers, when none of
    its `named_beside` words is in the words ("Does GitHub keep our prompts?" names GitHub, for Copilot; "how long
    does GitHub keep deleted repos?" names GitHub's repositories: no entry)."""
    beside = _beside(index)
    if not beside or not found:
        return found
    said = set(words)

    def named(name: str, pid: str) -> bool:
        names, near = beside.get(pid, (frozenset(), frozenset()))
        return name not in names or not said.isdisjoint(near)

    out = []
    for f in found:
        if all(a.role != "company" or all(named(f[1], i) for i in a.ids) for a in f[2]):
            out.append(f)
        elif VOCABULARY.aspects_of(words):  # its other products, no entry (a pick, "the GitHub one", names nothing)
            out.append((f[0], f[1], [Alias(frozenset(f"{i}:other" for a in f[2] for i in a.ids), "platform")]))
    return out


_CLAUSES = re.compile(r"[.?!;:]+(?:\s|$)|\s(?:but|and|aber|und|mais|et|pero|y|mas|e|ma|maar|en)\s", re.I)
_AN = frozenset("an any un une ein eine einen um uma una".split())  # "is there an API to delete chats?": a feature
_MEANS = frozenset("through via using over with per uber par por tramite met".split())  # "pull logs through the API"
_OF = frozenset("of von de di van del do da".split())  # "the API of our CRM": another's


def sister_api(text: str, found: FoundAliases, index: EntityIndex) -> list[str]:
    """Return the API platform of the maker of a product named, when "the API" stands in a clause that names nothing
    ("I know ChatGPT Enterprise doesn't train on our chats. What about the API?": the OpenAI API; "… Claude Team;
    our app calls the API"); not a cloud's ("Claude on Bedrock … the API" is Bedrock's), "an API" (a feature), the
    API as a means ("can we pull conversation logs through the API?") nor another's ("the API of our CRM")."""
    clouds = set(index.clouds.values())
    named = {p for _, _, aliases in found for a in aliases if a.role == "platform" for p in a.ids}
    apis = {api for p in named - clouds if (api := index.api_platform.get(index.operator.get(p, ""), p)) != p}
    every = normalise(text).split()
    if len(apis) != 1 or apis & named or any(w in API_WORDS and not _OF.isdisjoint(every[k + 1:k + 2])
                                             for k, w in enumerate(every)):
        return []
    for clause in _CLAUSES.split(text):
        words = normalise(clause).split()
        if any(w in API_WORDS and (k == 0 or (words[k - 1] in VOCABULARY.stopwords and words[k - 1] not in _AN)) and (
               _MEANS.isdisjoint(words[max(k - 2, 0):k])) for k, w in enumerate(
                words)) and not index.scan(words)[0]:  # (not "the Compliance API": a feature)
            return sorted(apis)
    return []
