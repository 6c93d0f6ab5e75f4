"""Companies named as where a product sends the data ("does Zoom AI Companion send our meetings to Perplexity?",
"Cursor invia il nostro codice a xAI?"): such a question asks about the product, whose entry says who processes its
data, not about the company it names. Read only when the names together fit no entry and the product's entry names
the company among its processors (matcher.decide); never when the writer sends ("can we send … to DeepSeek?")."""

from __future__ import annotations

import re

from bot.core.matching.builtin import OURS
from bot.core.matching.entities import API_WORDS, EntityIndex, FoundAliases
from bot.core.matching.passing import LIST_WORDS
from bot.core.matching.text import normalise
from bot.core.matching.vocabulary import VOCABULARY, read_groups, read_words

_TO, _ARTICLES = (frozenset(words) for (words,) in read_groups("sent-to"))  # where to; the articles after it
_VERBS = read_words("send-verbs")
_LIST = LIST_WORDS | {"of"}  # Dutch "or" too
# before the verb, the writer sends ("can we send…", "is it OK to share…", "thinking of sharing…"), not the product
_SENDER = frozenset("to i we you us me of let lets nous on je j ich wir yo eu io ik wij".split())
REACH = 8  # words between the verb and the name ("send the transcripts of our meetings to …")


def _sent_by(words: list[str], i: int) -> tuple[int, int]:
    """Return, for a name at words[i], where the word for where to before it is (-1: none; "to", "an die") and the
    last word for sending shortly before that (-1: none)."""
    j = i - 1
    while j >= 0 and i - j <= 2 and words[j] in _ARTICLES and words[j] not in _TO:
        j -= 1
    if j < 0 or words[j] not in _TO:
        return j, -1
    return j, max((k for k in range(max(j - REACH, 0), j) if words[k] in _VERBS), default=-1)


def sent_to(words: list[str], found: FoundAliases) -> set[str]:
    """Return the names of companies found right after a word for where to ("to", "an", "à"…), with a word for
    sending or sharing shortly before in the same stretch of words."""
    out, last = set(), -2  # the end of the last recipient ("to OpenAI or Anthropic": both)
    for i, name, aliases in found:
        if not any(a.role == "company" for a in aliases) or sum(n == name for _, n, _ in found) > 1:
            continue  # not a name also asked about ("does DeepSeek on Bedrock send anything to DeepSeek?")
        j, verb = _sent_by(words, i)
        if (verb > 0 and words[verb - 1] not in _SENDER) or (
                i == last or (j == last and words[j] in _LIST)):  # "to OpenAI, Anthropic and Perplexity"
            out.add(name)
            last = i + len(name.split())
    return out


_AUXILIARIES = frozenset("does do did is are was will would can could has have should might may".split())


def from_unnamed(words: list[str], found: FoundAliases) -> tuple[str, ...]:
    """Return the words of what sends the data to a company, when it names no product the bot knows ("does grammarly
    send our drafts to openai?": "grammarly"; "Rovo envoie-t-il nos pages à OpenAI ?"): a product whose arrangement
    with the company may be no entry's (the matcher checks the words against the entries'). Empty when a name comes
    before the verb or after the company ("… when we use Zoom AI Companion?"), the writer sends ("do we send…",
    "does our chatbot send…"), a pronoun does ("does it send…": its thread says what it is) or the data is sent ("is
    our data sent to…", "does anything get sent to…")."""
    for i, _, aliases in found:
        if not any(a.role == "company" for a in aliases) or any(s != i for s, _, _ in found):
            continue  # (one name only: the company the data goes to)
        _, verb = _sent_by(words, i)
        if verb <= 0:
            continue
        start = verb
        while start > 0 and verb - start < 4 and words[start - 1] not in _AUXILIARIES:
            start -= 1
        subject = words[start:verb]
        said = tuple(w for w in subject if w not in VOCABULARY.stopwords)
        if not said or not OURS.isdisjoint(subject) or not _SENDER.isdisjoint(subject[-1:]) or any(
                VOCABULARY.aspects_of_word(w) or w in VOCABULARY.privacy | VOCABULARY.weak_privacy for w in said):
            return ()
        return said
    return ()


_PRONOUNS = frozenset("it they this that these those there anything everything something anyone someone anybody "
                      "somebody everyone everybody nothing nobody which what who il elle ils ca cela".split())
_VERBAL = _AUXILIARIES | frozenset("be been being get gets got getting".split())  # "will it be stored", "is … being"
_ASKS_IF = (("est", "ce", "que"), ("est", "ce", "qu"))  # French: "est-ce que Datadog garde nos logs ?"
_CLAUSE = re.compile(r"[.?!]+(?=\s|$)|[;:,()\n]+|\s[-–—]+\s")
_LEADS = frozenset("how long where when why and but so also then or ok btw et mais ou".split())  # "and how long does…"


def kept_by_unnamed(text: str, index: EntityIndex) -> tuple[str, ...]:
    """Return the words of what a clause asks about keeping, storing or training on the data, when no name the bot
    knows says what it is and the message spoke of it before, as where the data goes ("we log Anthropic API requests
    into Splunk; how long does Splunk keep them?": "splunk"; "… notes in HubSpot. Is HubSpot storing it in the EU?";
    not "We use Cursor. Does Bugbot store our pull requests?", a part of the product named once):
    one to three words between the auxiliary opening the clause and its first word of privacy, none the asker's, a
    pronoun, "API" or a word of privacy ("does it keep", "does the API keep", "will my file be stored"), in a clause
    that names nothing the bot knows (not "does voice mode store audio in ChatGPT Enterprise?": a part of it)."""
    whole = normalise(text).split()
    for clause in _CLAUSE.split(text):
        words = normalise(clause).split()
        named = index.scan(words)[0]
        k = next((k for k, w in enumerate(words) if w not in _LEADS), len(words))  # where the clause's verb may be
        start = k + 1 if words[k:k + 1] and words[k] in _AUXILIARIES else k + 3 if tuple(words[k:k + 3]) in _ASKS_IF \
            else -1
        verb = next((j for j in range(start, min(start + 4, len(words))) if VOCABULARY.aspects_of_word(words[j])
                     or words[j] in VOCABULARY.privacy), -1) if start > 0 and not named else -1
        subject = words[start:verb]
        said = tuple(w for w in subject if w not in VOCABULARY.stopwords)
        if verb > start and said and subject[0] not in _PRONOUNS and (
                OURS.isdisjoint(subject) and not any(w in VOCABULARY.weak_privacy or w in _VERBAL or w in API_WORDS
                                                     for w in said)) and (
                sum(whole[j:j + len(said)] == list(said) for j in range(len(whole))) > 1):
            return said
    return ()


_VERSUS = re.compile(r"\s(vs\.?|versus|or)\s", re.IGNORECASE)  # two offerings side by side (English: German nouns
# are all capitalised)
_PRODUCT_WORDS = frozenset("api ai".split())  # "qwen api", "Confluence AI": a product's name, whatever its case
_AFTER_A_NAME = frozenset("for to in on with when if".split())  # "… or Grammarly for drafting…": a name ends there


def _next_to(side: str, index: EntityIndex, *, at_end: bool) -> bool:
    """Return whether a name ends the side (before "vs") or opens it (after): "Gemini in Workspace or…" compares it;
    "Does Slack AI keep data in Ireland or Germany?" compares two places."""
    words = normalise(side).split()
    at = len(words) - 1 if at_end else 0
    return any(i <= at < i + len(name.split()) for i, name, _ in index.scan(words)[0])


def compared_unnamed(text: str, index: EntityIndex) -> tuple[str, ...]:
    """Return the name on the side of "vs" / "or" that names nothing the bot knows, when the other side names
    something ("Gemini in Workspace or Grammarly for drafting client emails — privacy-wise?": "grammarly";
    "deepseek api vs qwen api": "qwen"): the word nearest the "vs", capitalised or before "API" / "AI", in no word
    list, and after "or" standing alone ("Is Bedrock OK for PHI or HIPAA data?", "… for HR or Finance data?" compare
    nothing)."""
    parts = _VERSUS.split(text)
    if len(parts) != 3:
        return ()
    (left, joint, right), known = parts, [bool(index.scan(normalise(p).split())[0]) for p in parts[::2]]
    if sum(known) != 1 or not _next_to(left if known[0] else right, index, at_end=known[0]):
        return ()
    tokens = re.findall(r"[^\W_][\w.+-]*", right if known[0] else left)
    name, after = (tokens[0], tokens[1:2]) if known[0] and tokens else (tokens[-1], []) if tokens else ("", [])
    word, following = normalise(name), normalise(" ".join(after))
    product = not _PRODUCT_WORDS.isdisjoint(following.split())
    alone = not following or following in _AFTER_A_NAME or joint.lower() != "or"
    if not word or " " in word or VOCABULARY.is_known(word) or OURS & {word} or not (
            product or (name[:1].isupper() and alone)):
        return ()
    return (word,)


def unnamed(text: str, index: EntityIndex) -> tuple[str, ...]:
    """Return the words of a product no name the bot knows says, asked about beside one it knows."""
    return kept_by_unnamed(text, index) or compared_unnamed(text, index)


def theirs(found: FoundAliases, index: EntityIndex) -> frozenset[str]:
    """Return the one-word context words of the products found ("github" for GitHub Copilot)."""
    return frozenset(p[0] for _, _, aliases in found for a in aliases for i in a.ids
                     for p in index.context.get(i, ()) if len(p) == 1)
