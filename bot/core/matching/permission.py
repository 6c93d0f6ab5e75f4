"""Whether a question asks if the asker may put data of people or of the company into a named product ("can I
upload candidate CVs to Microsoft 365 Copilot to rank them?", "darf ich Bewerbungsunterlagen in Copilot hochladen?"):
a question for the privacy team even when the model, which learned privacy from words for data and retention,
scores it low (it had declined these as not a privacy question)."""

from __future__ import annotations

from bot.core.matching.internal import skip_openers
from bot.core.matching.segments import LONG
from bot.core.matching.situation import Situation
from bot.core.matching.text import normalise, width
from bot.core.matching.vocabulary import phrase_starts, read_phrases, read_words

PERMISSION = read_phrases("permission")  # "can I", "is it ok to", "darf ich", "puis-je"
_STARTS = phrase_starts(PERMISSION)
_KINDS = read_words("sensitive-kinds")  # "candidate", "patient", "bank", "Bewerbungsunterlagen"
_PUT = read_words("entered") | frozenset(  # putting data in, or having the product work on it
    "use using feed give send share process summarize summarise summarizing analyse analyze rank screen review "
    "upload hochladen verwenden nutzen benutzen senden teilen utiliser envoyer partager usar enviar compartir subir "
    "utilizzare usare inviare condividere caricare gebruiken uploaden delen sturen".split())


def asks_to_put_in(s: Situation) -> bool:
    """Return whether one short question naming a product asks whether the asker may put there (or use it on) data
    of a kind that is people's or confidential ("patient notes", "bank statements", "customer support tickets");
    not "can I upload files to Claude?" (what the product can do) nor "Can I use DeepSeek as an API?"."""
    text = s.analysis.text
    if not s.named or width(text) > LONG:
        return False
    words = skip_openers(normalise(text).split())
    opens = any(tuple(words[:size]) in PERMISSION for size in _STARTS.get(words[0], ())) if words else False
    return opens and not _PUT.isdisjoint(words) and not _KINDS.isdisjoint(words)
