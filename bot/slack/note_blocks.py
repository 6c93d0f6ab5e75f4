"""The bot's own short notes (bot.core.replies.Note): to a clicker, an asker or a triager, most of them privately.
A note to an asker that has a line in their language (phrases.NOTES) opens with it, as the bot's other replies do."""

from __future__ import annotations

from bot.core.phrases import NOTES, line
from bot.core.replies import Note
from bot.slack.blocks import Message, build_notice, in_language, mention

EMPTY_QUESTION = ("Ask me a data-privacy question about an AI vendor or platform, for example: "
                  "_Does Anthropic keep our prompts if we use Claude through Microsoft Foundry?_")
_NOTES = {
    Note.EMPTY: EMPTY_QUESTION,
    Note.ERROR: "Sorry, something went wrong and I couldn't answer. Please try again in a minute; if it keeps "
                "happening, ask the privacy team directly.",
    Note.NOT_ASKER: "Only {asker} can pick the product for this question. Ask me your own question and I'll answer "
                    "it for you.",
    Note.NOT_ASKERS_ANSWER: "Only {asker} can rate this answer or hand their question to the privacy team. Ask me "
                            "your own question and I'll answer it for you.",
    Note.GONE: "Sorry, I can't find that question or answer any more. Please ask again.",
    Note.ALREADY_ESCALATED: "The privacy team already has this question; their answer will come in the question's "
                            "thread.",
    Note.ALREADY_CHOSEN: "A product was picked for this question already.",
    Note.ALREADY_VOTED: "You already gave your verdict on this answer; it is kept (one verdict per answer).",
    Note.THANKS: "Thanks for the feedback: it is recorded against this version of the answer.",
    Note.SHARED: "Shared.",
    Note.TRIAGE_REFUSED: "Only members of {channel}{group} can claim, answer or close privacy questions. Nothing was "
                         "changed; ask the privacy team if you should be one of them.",
    Note.EXPIRED: "This question was removed after the retention period before anyone answered it.",
    Note.EXPIRED_UNANSWERED: "The privacy team didn't answer this before the question was removed after the "
                             "retention period, so no answer will come here. If you still need one, please ask again.",
    Note.FORM_EXPIRED: "Slack gives a form only a few seconds to open and that time ran out (I was busy). Please "
                       "click the button again.",
    Note.NO_DUPLICATE: "There is no other question, waiting or answered, that this one could be a duplicate of. "
                       "Nothing was changed.",
    Note.NOT_A_DUPLICATE: "This question can't be closed as a duplicate of #{of}: that is this question (or was "
                          "closed as its duplicate), or it was settled without an answer since. Nothing was changed.",
}
_ALREADY = {"claimed": "Already claimed by {by}.", "closed": "Already closed by {by} ({reason}). Nothing was changed.",
            "answered": "Already answered by {by}. Nothing was changed.",
            "expired": "This question expired (data retention). Nothing was changed."}


def build_note(note: Note, args: dict[str, str] | None = None, *, language: str | None = None) -> Message:
    """Return one of the bot's own short messages (ids in args are checked before they become mentions), under a
    line in the asker's language when the note has one (phrases.NOTES)."""
    args = args or {}
    if note is Note.TRIAGE_ALREADY:
        reason = {"not_privacy": "not a privacy question", "duplicate": "duplicate"}.get(args.get("reason", ""), "")
        text = _ALREADY.get(args.get("status", ""), "Nothing was changed.").format(by=mention(args.get("by")),
                                                                                 reason=reason)
        return build_notice(text)
    group = " or of the privacy team's user group" if args.get("usergroup") else ""  # a mention would notify them
    of = args.get("of", "")
    text = _NOTES[note].format(asker=mention(args.get("asker")), channel=mention(args.get("channel"), "#"),
                               group=group, of=of if of.isdigit() else "?")
    told = build_notice(text)
    return Message(text=told.text, blocks=[*in_language(line(NOTES.get(note.value, {}), language)), *told.blocks])
