"""Whether a question asks if the asker may put data of people or of the company into a named product ("can I
upload candidate CVs to Microsoft 365 Copilot to rank them?", "darf ich Bewerbungsunterlagen in Copilot hochladen?"):
a question for the privacy team even when the model, which learned privacy from words for data and retention,
scores it low (it had declined these as not a privacy question)."""

from __future__ import annotations

from bot.core.matching.internal import BOUGHT, skip_openers
from bot.core.matching.segments import LONG, segment
from bot.core.matching.situation import Situation, Verdict
from bot.core.matching.text import normalise, width
from bot.core.matching.vocabulary import VOCABULARY, phrase_starts, read_phrases, read_words
from bot.core.models import Outcome

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


SIGN_OFF, SIGN_OFF_ASKS = read_phrases("sign-off"), read_phrases("sign-off-asks")  # "approval"; "need", "please"
SIGNED_OFF, OUR_TEAMS = read_words("signed-off"), read_words("our-teams")  # "approved", "validé"; "privacy", "legal"
_DATA = _KINDS | VOCABULARY.data_nouns | _PUT  # whose data, data, or putting it in ("upload", "use it on")
_ASKING = frozenset("do does did will would should whether if".split())  # whether a decision is needed: asked
_REQUEST_SPAN = 6  # words from the request to the decision: "need someone from privacy to approve"
_FOR = frozenset("for pour para per voor fur".split())  # "approved for customer data", "validé pour les données RH"
# ... asked of a state ("is … approved for", "a été validé pour"; not "Legal approved Claude for Work. Can I paste…")
_BE = frozenset("is are was were been get got ist sind wurde est ete esta estan fue sido e sta stato stata sono"
                .split())


def _requested(words: list[str], k: int) -> bool:
    """Return whether a request stands before the decision word at k ("need approval", "can someone approve"),
    not a question whether one is needed ("does Slack AI need admin approval…", "brauche ich eine Freigabe…"),
    unless a team of ours decides ("does that need privacy approval?")."""
    ours = not OUR_TEAMS.isdisjoint(words[max(0, k - 2):k])
    return any(tuple(words[j:j + m]) in SIGN_OFF_ASKS and (ours or (
        _ASKING.isdisjoint(words[max(0, j - 6):j]) and words[j + m:j + m + 1] != ["ich"]))
        for j in range(max(0, k - _REQUEST_SPAN), k) for m in (1, 2) if j + m <= k) or (
        k > 1 and words[k - 1] in OUR_TEAMS and words[k - 2] in ("can", "could", "will"))  # "can privacy sign off…"


def asks_for_sign_off(s: Situation) -> Verdict | None:
    """Escalate a short message naming a product that asks the privacy team for a decision about putting people's or
    the company's data there ("I need formal sign-off from privacy: can I upload the performance review export to
    ChatGPT Enterprise?", "can someone approve Cursor for the client repos with customer data?", "pido aprobación
    para usar Zoom AI Companion con pacientes"), or whether it was approved for such data ("is Claude for Work
    approved for customer data?", "Slack AI è già stato approvato per i canali HR?"): the entry says what the vendor
    does, not what we allow. Not a seat or access request without such data ("can you approve my Cursor seat?"),
    nor whether the product needs an approval of its own ("does Slack AI need workspace admin approval…?"), nor an
    approval by a regulator ("FedRAMP approved", "approved under HIPAA")."""
    text = s.analysis.text
    if not s.named or width(text) > LONG:
        return None
    words = normalise(text).split()
    if (_DATA.isdisjoint(words) and OUR_TEAMS.isdisjoint(words)) or not BOUGHT.isdisjoint(words):
        return None  # (not "can you approve my Cursor seat?", "can i get approval for a cursor pro license?")
    asked = normalise(" ".join(segment(text).questions)).split()  # a state is asked ("we are only allowed to use
    for k in range(len(asked)):  # Bedrock for company data" states one)
        if asked[k] in SIGNED_OFF and not _BE.isdisjoint(asked[max(0, k - 6):k]) and any(
                w in _FOR and not _DATA.isdisjoint(asked[j + 1:j + 5]) for j, w in enumerate(asked[k:k + 5], k)):
            return Verdict(Outcome.ESCALATE, "it asks whether the product was approved for such data, which the "
                                             "privacy team decides; a person answers")
    for k in range(len(words)):
        if any(tuple(words[k:k + n]) in SIGN_OFF and _requested(words, k) for n in (1, 2)):
            return Verdict(Outcome.ESCALATE, "it asks the privacy team to decide (a sign-off, an approval) about "
                                             "putting data into the product; a person decides")
    return None
