"""Companies named as where a product sends the data ("does Zoom AI Companion send our meetings to Perplexity?",
"Cursor invia il nostro codice a xAI?"): such a question asks about the product, whose entry says who processes its
data, not about the company it names. Read only when the names together fit no entry and the product's entry names
the company among its processors (matcher.decide); never when the writer sends ("can we send … to DeepSeek?")."""

from __future__ import annotations

from bot.core.matching.entities import FoundAliases
from bot.core.matching.passing import LIST_WORDS
from bot.core.matching.vocabulary import read_groups, read_words

_TO, _ARTICLES = (frozenset(words) for (words,) in read_groups("sent-to"))  # where to; the articles after it
_VERBS = read_words("send-verbs")
_LIST = LIST_WORDS | {"of"}  # Dutch "or" too
# before the verb, the writer sends ("can we send…", "is it OK to share…", "thinking of sharing…"), not the product
_SENDER = frozenset("to i we you us me of let lets nous on je j ich wir yo eu io ik wij".split())
REACH = 8  # words between the verb and the name ("send the transcripts of our meetings to …")


def sent_to(words: list[str], found: FoundAliases) -> set[str]:
    """Return the names of companies found right after a word for where to ("to", "an", "à"…), with a word for
    sending or sharing shortly before in the same stretch of words."""
    out, last = set(), -2  # the end of the last recipient ("to OpenAI or Anthropic": both)
    for i, name, aliases in found:
        if not any(a.role == "company" for a in aliases) or sum(n == name for _, n, _ in found) > 1:
            continue  # not a name also asked about ("does DeepSeek on Bedrock send anything to DeepSeek?")
        j = i - 1
        while j >= 0 and i - j <= 2 and words[j] in _ARTICLES and words[j] not in _TO:
            j -= 1
        verbs = [k for k in range(max(j - REACH, 0), j) if words[k] in _VERBS]
        if (j >= 0 and words[j] in _TO and verbs and verbs[-1] > 0 and words[verbs[-1] - 1] not in _SENDER) or (
                i == last or (j == last and words[j] in _LIST)):  # "to OpenAI, Anthropic and Perplexity"
            out.add(name)
            last = i + len(name.split())
    return out
