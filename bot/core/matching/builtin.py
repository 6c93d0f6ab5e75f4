"""Whether a message says a product the bot does not know is built on one it does ("workday uses azure openai for
its assistant - where is our HR data processed?", "grammarly is powered by anthropic now, does anthropic keep our
drafts?"): what reaches the vendor, and what it keeps, is that product's arrangement, which no entry covers (the
vendor's entry would answer for the vendor's own customers)."""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.matching.entities import EntityIndex
from bot.core.matching.text import normalise
from bot.core.matching.vocabulary import VOCABULARY, contains_phrase, phrase_starts, read_phrases, read_words

BUILT = read_phrases("built-on")  # "uses", "is powered by", "runs on", "nutzt", "utilise"
_STARTS = phrase_starts(BUILT)
_SENDS = read_words("send-verbs")
OURS = frozenset("we i our my us ours mine you your wir ich unser unsere mein meine nous je notre nos mon ma "
                  "nosotros nuestro nuestra mi nos nosso nossa meu minha noi nostro nostra mio mia wij ik ons onze "
                  "mijn".split())  # the asker's own app: "my app uses the OpenAI API" asks about the vendor
_THIRD = frozenset("vendor vendors provider providers supplier suppliers partner partners contractor contractors "
                   "anbieter dienstleister lieferant fournisseur prestataire proveedor fornecedor fornitore "
                   "leverancier".split())  # ... unless it is someone else's: "our crm vendor uses…"
_ORG = frozenset("company team teams org organisation organization department dept firm business employer staff "
                 "everyone everybody people engineers developers devs marketing sales legal hr it here".split())


def built_on(words: Sequence[str], starts: Sequence[int], theirs: frozenset[str] = frozenset()) -> bool:
    """Return whether the words say that something unnamed is built on a name they go on to give: no name before
    the phrase, one after it, and the word before it neither a function word, the asker's own nor a word that says
    the named product itself (starts: where the names found begin; theirs: its context words, "GitHub uses our
    code to train Copilot?")."""
    for k in range(1, len(words)):
        for size in _STARTS.get(words[k], ()):
            if tuple(words[k:k + size]) not in BUILT:
                continue
            if any(i < k for i in starts) or not any(i >= k + size for i in starts):
                break
            subject = words[max(0, k - 3):k]
            mine = not OURS.isdisjoint(subject) and _THIRD.isdisjoint(subject)
            if not (mine or subject[-1] in VOCABULARY.stopwords or subject[-1] in _ORG or subject[-1] in theirs):
                return True
            break
    return False


def links(words: list[str], index: EntityIndex) -> bool:
    """Return whether a sentence says a product it names uses or sends to another it names ("Microsoft 365 Copilot
    uses Azure OpenAI.", "Cursor sends code to OpenAI."): a question then about the other asks of that arrangement."""
    starts = [i for i, _, _ in index.scan(words)[0]]
    return any((contains_phrase(words[k:k + 3], BUILT) or w in _SENDS) and any(i < k for i in starts) and any(
        i > k for i in starts) for k, w in enumerate(words))


def on_cloud(words: list[str], makers: set[str], index: EntityIndex) -> bool:
    """Return whether a sentence names a cloud platform and no model maker but these ("We run Mistral Large on Vertex
    AI.", "We're on Bedrock."): a question then about the maker asks of it there (not "Our Claude is on Bedrock.")."""
    found = index.scan(words)[0]
    cloud = any(normalise(name) in index.clouds or not a.ids.isdisjoint(index.clouds.values())
                for _, name, aliases in found for a in aliases)
    makers_named = {i for _, name, aliases in found for a in aliases if a.role != "platform" and normalise(name)
                    not in index.clouds for i in a.ids}
    return cloud and makers_named <= makers
