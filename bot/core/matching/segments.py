"""Long text: a title, sentences, and the sentences that ask something. A post that pastes a paragraph or an
issue body asks its question in one sentence among many; the title and the question sentences carry it."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from bot.core.matching.indirect import REQUEST, reports_a_question, requests_an_answer
from bot.core.matching.text import fold
from bot.core.matching.vocabulary import VOCABULARY, read_words

# A sentence ends at . ! ? followed by space, or between Japanese (a full-width ？ reads as ? once normalised; not in
# a link: "faq?項目=1"), at the full-width 。！？ (Japanese puts no space after them), at a question mark closing a
# Japanese quote (「…?」), or at a line break. A quoted question ('users ask "does it train on…?" when') ends nothing.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|(?<=[。！？])\s*|(?<=[?？][」』])\s*"
                           r"|(?<=[\u3040-\u30ff\u3400-\u9fff][!?])(?=[\u3040-\u30ff\u3400-\u9fff])|\n+")
QUESTION_WORDS = frozenset(
    "who what where when which why how does do did is are can could should would will may shall".split()
    # the other languages' interrogatives (accents folded), not words that also open statements ("como", "que",
    # "quand", "wanneer", "dove", "onde", "perche": when, where, because) nor English words ("comment")
    + "wer welche welcher welches welchen warum weshalb inwiefern"  # de
    "  pourquoi quel quelle quels quelles  quien quienes cual cuales  quem qual quais"  # fr; es, pt
    "  chi quale quali  welke waarom hoelang".split())  # it; nl
_CODE = re.compile(r"```.*?```", re.S)
# An indirect question: "I was wondering whether...", "we would like to know how long...", "legal wants to know if".
_INDIRECT = re.compile(r"\b(wonder(ing)?|curious|unsure|not sure|inquire|inquiring|(wants?|wanted|like|needs?|needed|"
                       r"wish|trying|hoping|asked\s+(me|us))"
                       r"\s+to\s+(know|confirm|clarify|understand|find\s+out|figure\s+out|ask|check|determine|verify|learn))"
                       r"\W+((about|for|on|as to)\W+)?(if|whether|what|how|where|who|when|which|why)\b"
                       r"|\b(have|had|got)\s+(a\s+|some\s+|a\s+few\s+)?(quick\s+)?questions?\b"
                       # "the question is whether...", "need clarification"
                       r"|\bquestion\s+(is|remains)\W+(whether|if|how|what|where|who|which)\b"
                       r"|\b(need|want|would\s+like|looking\s+for)\s+(some\s+)?clarification\b", re.I)
# ... and in the other languages (on folded text): "ich möchte wissen, ob", "je voudrais savoir si", "quisiera
# saber si", "gostaria de saber se", "vorrei sapere se", "ik wil weten of", "知りたい", "教えてください".
_INDIRECT_OTHER = re.compile(
    r"\b((wissen|klaren|erfahren|verstehen|frage mich|fragen uns)\W+(ob|wie|was|wo|wer|welche\w*)"
    r"|(savoir|comprendre|confirmer|verifier|demande|demandons)\W+(si|comment|ou|qui|quel\w*|ce que)"
    r"|(saber|entender|confirmar|pregunto|preguntamos)\W+(si|como|donde|quien|que|cual\w*)"
    r"|(saber|entender|confirmar|pergunto|perguntamos)\W+(se|como|onde|quem|o que|qua\w+)"
    r"|(sapere|capire|confermare|chiedo|chiediamo|domando)\W+(se|come|dove|chi|cosa|qual\w*)"
    r"|(weten|begrijpen|bevestigen|afvragen|vraag me af|vragen ons af)\W+(of|hoe|waar|wie|wat|welke)"
    # "die Frage lautet, ob", "la question est de savoir si", "la pregunta es si", "de vraag is of"
    r"|frage (lautet|ist)\W+(ob|wie|was|wo|wer|welche\w*)|question (est de savoir|se pose)\W+(si|comment|ou|qui)"
    r"|pregunta es\W+(si|como|donde|quien)|pergunta e\W+(se|como|onde|quem)|domanda e\W+(se|come|dove|chi)"
    r"|vraag is\W+(of|hoe|waar|wie|wat))\b"
    # "...かどうか", "...ないかを確認する" (whether), 知りたい, 確認したい, 教えてください, "...を教えて" (tell me)
    r"|かどうか|かを(確認|調べ)|知りたい|確認したい|教えて(ください|下さい|ほしい|欲しい|[。.!！\s]*$)")
# A Japanese sentence that ends in the question particle ("...ですか", "...でしょうか。").
_JA_QUESTION = re.compile(r"かな?[。.．\s]*$")
_LABEL = re.compile(r"^(\[[^\]\n]{1,30}\]\s*|[\w ]{1,40}:\s+)")  # a title's label before what it asks
_AUXILIARIES = frozenset("is are was were do does did can could will would should may might shall has have".split())
_SUBJECTS = frozenset("i we you it they he she this that these those there the my our your their a an any anyone "
                      "anything someone something".split())
# German and Dutch ask with the verb first: an auxiliary or a modal before its subject ("darf ich…", "ist das
# DSGVO-konform", "blijft dat in de EU", "kann anthropic…"; not "kann mich nicht einloggen", where a pronoun object,
# a negation or an adverb says the subject was dropped: a report); French with "est-ce que"
# or a pronoun joined to the verb ("peut-on…", "conserve-t-il…"); Spanish opens a question with ¿.
_VERB_FIRST = frozenset("ist sind kann konnen darf durfen muss mussen soll sollen sollte sollten wird werden wurde "
                        "wurden hat haben gibt bleibt bleiben"  # de
                        " zijn kan kunnen mag mogen moet moeten zal zullen wordt worden werd heeft hebben blijft "
                        "blijven gaat gaan".split())  # nl
_NO_SUBJECT = frozenset("nicht kein keine noch schon auch mich mir dich dir sich uns gerade jetzt heute leider nun "
                        "wohl morgen gestern so hier da dort bald gleich immer wieder gut niet geen nog al wel ook me "
                        "mij zich ons nu vandaag gisteren zo hier daar snel helaas net goed".split())
_SUBJECTS_OTHER = frozenset("ich wir du ihr sie er es das dies diese dieser dieses der die den dem man unsere unser "
                            "meine mein ein eine jemand ik we wij je jij u het dat dit deze de een er onze mijn iemand "
                            "men ze zij hij".split())
# ... and with a question word before an auxiliary ("wo ist die Liste", "wat gebeurt", "hoe lang…"): "wo", "wie",
# "was", "waar", "hoe" also open statements ("wie erwartet", "waar nodig").
_WH_FIRST = frozenset("wo wie was wann waar hoe wat wanneer".split())
_WH_SECOND = _VERB_FIRST | frozenset("lange lang viel viele oft veel vaak gebeurt passiert".split())
_OTHER_OPENINGS = re.compile(r"\s*(¿|est-ce qu|\w+-t-(il|elle|on)\b|\w+t-(on|il|elle|ils|elles)\b|\w+[sx]-je\b"
                             r"|\w+[sz]-(nous|vous)\b)", re.I)  # "peut-on", "puis-je"; not "add-on", "hands-on"
_LEADING = re.compile(r"^(?:[^\w¿]+|\d{1,2}[.)])+")  # a list's bullet or number, a quotation mark
_CLAUSE_ASKS = frozenset("who what how why".split())  # "where", "when" only before an auxiliary: "…, where is
# our code stored" asks, "…, where data stays" and "…, when you use it" do not; "which" never ("…, which is fine")
_CLAUSE = re.compile(r"\s[-–—]+\s|,\s*")  # where a clause starts: after a dash between spaces, or a comma
_DASH = re.compile(r"\s[-–—]+\s")
_DATA = read_words("privacy-weak")  # after a dash, an auxiliary before a word for data asks ("… - are prompts kept")
LONG = 300  # characters: shorter text is treated as one question


@dataclass(frozen=True)
class Segments:
    """A text cut into what matters for understanding it."""

    title: str
    sentences: tuple[str, ...]
    questions: tuple[str, ...]

    @property
    def focus(self) -> str:
        """Return the title and the question sentences (the whole text when it asks nothing explicitly)."""
        parts = dict.fromkeys(p for p in (self.title, *self.questions) if p)
        return " ".join(parts) if self.questions else " ".join(self.sentences)


def is_question(sentence: str) -> bool:
    """Return whether a sentence asks something: a question mark, an interrogative first word, an indirect question
    ("I wonder whether…"), a request ("Tell me whether…", "Dites-moi si…"), one it reports ("…raises questions
    about…") or a request for instructions ("Gemini su Vertex AI: come ottenere la conservazione zero dei dati")."""
    stripped = sentence.strip()
    asked, folded = _LABEL.sub("", stripped, count=1), fold(stripped)  # "Question: does...", "[Help] is..."
    return ends_asking(stripped) or (len(stripped) < 300 and (
        opens_a_question(asked) or bool(_INDIRECT.search(stripped) or _INDIRECT_OTHER.search(folded))
        or requests_an_answer(fold(asked)) or asks_how_to(stripped)
        or reports_a_question(folded) or bool(_JA_QUESTION.search(stripped)) or _asks_in_a_clause(stripped)))


def _asks_in_a_clause(sentence: str) -> bool:
    """Return whether a clause after a dash or a comma asks, in a sentence that does not end with a full stop: an
    auxiliary before its subject or a capitalised name ("copilot in teams - can it see…", "we use Gemini, does Google
    train on it"; not German's "…, was Daten…", "…, will Microsoft…"), who/what/how/why, where/when before an
    auxiliary, "est-ce que", after a dash an auxiliary before words for data and what happens to them ("… - are
    prompts reviewed by humans"; not "kickoff - are docs ready for review"); not a relative clause or a plan
    ("…, which is fine", "thanks, will check"). After a full stop only an auxiliary before its subject asks."""
    dashed = {part for piece in _DASH.split(sentence)[1:] for part in _CLAUSE.split(piece)[:1]}
    for part in _CLAUSE.split(sentence)[1:]:
        words, raw = re.split(r"\W+", fold(part).strip(), maxsplit=2), re.split(r"\W+", part.strip(), maxsplit=2)
        second = words[1] if len(words) > 1 else ""
        subject = second in _SUBJECTS or (len(raw) > 1 and raw[1][:1].isupper() and raw[0] not in ("was", "will")
                                          and raw[0].islower())
        if sentence.endswith((".", "。")) and not (words[0] in _AUXILIARIES and subject):
            continue
        if (words[0] in _CLAUSE_ASKS or (words[0] in _AUXILIARIES and (subject or (part in dashed and _handled(part))))
                or _OTHER_OPENINGS.match(part)  # "on passe par l'API, est-ce que Mistral entraîne…"
                or (words[0] in _VERB_FIRST and second in _SUBJECTS_OTHER)
                or (words[0] in _WH_FIRST and second in _WH_SECOND)
                or (words[0] in ("where", "when") and second in _AUXILIARIES)):
            return True
    return False


def _handled(part: str) -> bool:
    """Return whether a clause opening with an auxiliary goes on with words for data, then a word for what happens
    to them ("are prompts reviewed", "is code retained")."""
    words, k = re.split(r"\W+", fold(part).strip()), 1
    while k < len(words) and words[k] in _DATA:
        k += 1
    return 1 < k < len(words) and bool(VOCABULARY.aspects_of_word(words[k]))


# A question that asks for instructions: "how do I…", "(does anyone know) how to…", "is there a way to…", "tips for…",
# "where do I…", in the other languages ("gibt es eine Möglichkeit", "¿cómo puedo…", "wo kann ich", "waar moet ik",
# "come si…", "hoe deel ik…", "…する方法は?"; after "and": "and how do I call it from Vertex?"); not "how does X…".
_HOW_TO = re.compile(r"^\W*((and|also|so|then|und|et|y|e|en)\W+)?"
                     r"(((does|do) )?(any ?one|someone|somebody) knows? |any idea |(can|could) (any ?one"
                     r"|someone) (tell|show) (me|us) |(alguem|alguien|qualcuno|quelqu\W?un|jemand|iemand) (sabe|sait"
                     r"|sa|weiss|weis|weet),? |(kann|konnte|kannst) ((mir|uns) (jemand|wer|einer)|du (mir"
                     r"|uns)) (erklaren|sagen|zeigen),? )?"
                     r"(how (do|can|could|should|would) (i|we|you|one)\b|how to\b"
                     r"|((is|are) there )?((any|a|some) )?ways? to\b|where (do|can|could|should) (i|we)\b"
                     r"|((any|some|good|best) ){0,2}(tips|advice|best practices?|tutorials?|guides?) (to|for|on)\b"
                     r"|where did (my|our|the|it)\b|wo \w+ (ich|wir|man)\b"
                     r"|ou (?![^?]*-t-(il|elle|on)\b)"  # "où stocker…", not "où Azure stocke-t-il…"
                     r"(\w+(er|ir|re)\b|je trouve|(dois|puis|peux)\W+je\b|(devons|pouvons)\W+nous\b)"
                     r"|(donde|onde|dove) (encuentro|veo|debo|puedo|tengo que|debemos|podemos|encontro|vejo|devo|posso"
                     r"|devemos|trovo|vedo|dobbiamo|possiamo)\b|waar ((vind|zie|moet|kan) ik|(moeten|kunnen) w(e|ij))\b"
                     r"|gibt es (eine|einen|irgendeine) (moglichkeit|weg)|(y\W+a\W+t\W+il|existe\W+t\W+il) un moyen"
                     r"|hay (alguna|una) (forma|manera) de|(existe|ha|tem) (alguma|uma) (forma|maneira|jeito) de"
                     r"|c\W*e (un|qualche) modo (per|di)|is er een (manier|mogelijkheid) om"
                     r"|comment (puis|peut\W+on|pouvons|je|on\b|\w+(er|ir|re)\b)|wie (\w+ |(?=(ich|man|wir) (?!(sehe|"
                     r"lese|hore|verstehe|weiss|weis|finde|meine|glaube|gelesen|gehort)\b)))(ich|man|wir)\b"  # "wie ich
                     # … lasse", not "wie ich sehe": as I see; "como esperado", "come previsto", "come titolare": as
                     r"|como (puedo|podemos|hago|posso|faco|se\b|(?!(\w+[ai]do|titular)\b)\w+(ar|er|ir|o)\b)"
                     r"|come (posso|possiamo|faccio|si\b|(?!(\w+[aius]to|detto|scritto|titolare)\b)"
                     r"\w+(are|ere|ire|o)\b)|hoe \w+ (ik|je|we|wij|men)\b)"
                     r"|(方法|やり方|手順)は?\W*$|するには|どうやって|どうすれば|どこで(見|確認|設定)|設定(画面)?は?どこ")


def asks_how_to(sentence: str) -> bool:
    """Return whether a question or a clause of it asks for instructions ("how do I share a page in Notion AI?")."""
    stripped = _LABEL.sub("", sentence.strip(), count=1)
    return any(_HOW_TO.search(fold(part.strip())) for part in (stripped, *_CLAUSE.split(stripped)[1:]))


# A reply that acknowledges, or a note that announces ("thanks, that answers it", "ok so X does not train on our data,
# great", "merci, c'est clair", "FYI we turned on ZDR"): not "ok to paste…", which asks.
ACKNOWLEDGES = re.compile(r"^([^\w:]|:[\w+-]+:|:(?![\w+-]*:))*((ok|okay)\b(?!\s+(to|for|if)\b)|(thanks|thank you"
                           r"|thx|ty|great|cool|perfect|got it|noted|done|awesome|nice|makes sense|understood|cheers"
                           r"|super|that (answers|helps|clears)|all clear|((very|super|really) )?helpful"
                           r"|((the|that|your) )?answer (was|is) (very )?helpful|merci|d\W?accord|parfait|danke"
                           r"|vielen dank|alles klar|(muchas )?gracias|perfecto|obrigad[oa]|valeu|grazie|perfetto"
                           r"|ottimo|bedankt|dank je( wel)?|dankjewel|fyi|heads up|psa)\b|(ありがとう|了解|承知)\w*)"
                           r"\W*((so|and|also)\b)?(?!\W*(but|aber|mais|pero|mas|ma|maar)\b)\W*(?P<rest>.*)$")


def acknowledges(text: str) -> bool:
    """Return whether one line opens with an acknowledgement and what follows asks nothing ("thanks, that answers
    my question about X retention"; not "thanks! does it apply to the API too", "danke, aber speichert…"): it
    replies, it does not ask."""
    stripped = text.strip()
    found = ACKNOWLEDGES.match(fold(stripped)) if "\n" not in stripped else None
    rest = _CONTRACTED.sub(r"\1 is", found["rest"]) if found is not None else ""  # "ok, whats…" asks
    return found is not None and not ends_asking(stripped) and not (opens_a_question(rest) or _asks_in_a_clause(
        rest) or _INDIRECT.search(rest) or _INDIRECT_OTHER.search(rest) or _JA_QUESTION.search(rest))


_CONTRACTED, _REPORTS = re.compile(r"^(what|where|how|who)s\b"), read_words("reports")  # "whats": "what is"
_SUBORDINATE = re.compile(r"\b(when|if|once|after|while|unless|before|wenn|falls|sobald|quand|lorsque|si|cuando|quando|"
                          r"se|als|wanneer|zodra)\b")
_HAS_ASKS = re.compile(r"\W*(has|have|had)\s+(the|it|our|my|your|any ?one|anybody|someone|you|we|they|this|that)\b")
_REPORTS_CJK = tuple(w for w in _REPORTS if not w.isascii())
_RULING = re.compile(r"\W*(per|as per|according to|todo|note to self|reminder)\b[^,:]{0,30}[,:]")  # "per legal, …"


def reports(text: str) -> bool:
    """Return whether one line reports a change or a state and asks nothing ("zoom ai companion deletion job
    finished", "we turned off training in cursor", "DPA unterschrieben"; not "zdr enabled?", "is zdr enabled…")."""
    stripped = text.strip()
    folded = fold(stripped)
    main = _SUBORDINATE.split(folded, maxsplit=1)[0]  # "… when recording is turned off" asks about a case
    if _REPORTS.isdisjoint(re.split(r"\W+", main)) and not any(w in stripped for w in _REPORTS_CJK) and not (
            _RULING.match(folded)):
        return False
    if _HAS_ASKS.match(folded):  # "has the retention period changed"
        return False
    asks = ends_asking(stripped) or opens_a_question(stripped) or _asks_in_a_clause(stripped)
    return not (asks or "\n" in stripped or _INDIRECT.search(stripped) or _INDIRECT_OTHER.search(folded)
                or _JA_QUESTION.search(stripped))


_INVERSION = re.compile(r"\w-(t-)?(il|elle|on|ils|elles)\b")  # "sont-ils", "conserve-t-il": French asks
_STATED = (_SUBJECTS | _SUBJECTS_OTHER | frozenset("per fyi le la les un une el los las lo o os il gli".split())) - {
    "any", "anyone", "anything", "someone", "something", "jemand", "iemand", "es", "er"}


def states(text: str, subject_first: bool = False) -> bool:
    """Return whether one line states something and asks nothing: it ends with a full stop, opens with its subject
    (subject_first: a name, say; or a pronoun or an article) and neither opens nor holds a question or a request
    ("Slack AI doesn't train on our messages."; not "Please explain whether…", "Any idea whether…", "Speichert
    Cursor unseren Code.", "Les prompts sont-ils stockés en Europe.", "I'd like to know if…", "…ですか。")."""
    stripped = text.strip()
    folded = fold(stripped)
    first = re.split(r"\W+", folded, maxsplit=1)[0]
    return ("\n" not in stripped and stripped.endswith((".", "。")) and not stripped.endswith("..")
            and (subject_first or first in _STATED) and not (
                opens_a_question(stripped) or _asks_in_a_clause(stripped) or _INDIRECT.search(stripped)
                or _INDIRECT_OTHER.search(folded) or _JA_QUESTION.search(stripped) or REQUEST.match(folded)
                or _INVERSION.search(folded)))


def own_words(text: str) -> str:
    """Return what a reply says itself when, under a quoted message ("> does Cursor keep our code?"), it only
    thanks, closes or states ("thanks, all clear now"): the quoted question was asked before. Otherwise the text
    ("> …\ncan you answer this?" asks it again)."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    own = " ".join(line for line in lines if not line.startswith(">"))
    if not own or len(own) == len(" ".join(lines)):  # nothing quoted, or nothing but the quote
        return text
    return own if acknowledges(own) or reports(own) or states(own, subject_first=True) else text


def ends_asking(text: str) -> bool:
    """Return whether a text ends with a question mark (perhaps followed by a smiley or a bracket)."""
    return text.endswith(("?", "？")) or "?" in text[-3:]


def opens_a_question(text: str) -> bool:
    """Return whether a text starts the way a question does: an interrogative, not followed by a negation ("do
    not put...", "does not work" instruct or report), or an auxiliary first in German or Dutch, before its subject
    ("ist Claude…", "kunnen we…"; not "kann mich nicht einloggen", which drops it), "est-ce que", "peut-on", "¿"."""
    words = re.split(r"\W+", _LEADING.sub("", fold(text)), maxsplit=2)  # after a list's bullet ("• Can someone…")
    if words and words[0] in _VERB_FIRST:  # a participle after it reports ("hat geklappt", "is gelukt")
        return len(words) > 1 and bool(words[1]) and words[1] not in _NO_SUBJECT and not (
            words[1].startswith("ge") and words[1].endswith(("t", "d", "en")))
    if words and words[0] in _WH_FIRST and len(words) > 1 and words[1] in _WH_SECOND:
        return True
    return (bool(words) and words[0] in QUESTION_WORDS and (len(words) < 2 or words[1] not in ("not", "t"))) or bool(
        _OTHER_OPENINGS.match(text))


@functools.lru_cache(maxsize=512)  # the matcher and the rules read one message's segments (bounded: texts are)
def segment(text: str) -> Segments:
    """Return the title (a first line, for multi-line text), the sentences and the question sentences."""
    text = _CODE.sub(" ", text)
    lines = [line.strip(" #>*-\t") for line in text.splitlines() if line.strip(" #>*-\t")]
    title = lines[0] if len(lines) > 1 and len(lines[0]) <= 200 else ""
    sentences = tuple(s.strip() for s in _SENTENCE_END.split(text) if s and s.strip(" #>*-\t"))
    questions = tuple(s for s in sentences if is_question(s) and not s.startswith("#"))  # a heading labels
    return Segments(title=title, sentences=sentences, questions=questions)


SHORT = 200  # characters: a Slack question, not a post


def is_short_question(text: str) -> bool:
    """Return whether a text is one short line that asks something: a question mark, or a question's first words
    (a label before them does not count here: "Reminder: do...", "Error: could..." are no short question)."""
    stripped = text.strip()
    if "\n" in stripped or len(stripped) > SHORT:
        return False
    # ... or a clause after a dash or a comma does ("platform.openai.com - do they store...", "we use X, who
    # processes..."); a line that ends with a full stop states something ("When you use X, your data is...").
    # A request ("Please explain how long…", "Tell me whether…") asks, full stop or not.
    return ends_asking(stripped) or _asks_in_a_clause(stripped) or bool(REQUEST.match(fold(stripped))) or (
        not stripped.endswith((".", "。")) and opens_a_question(stripped))
