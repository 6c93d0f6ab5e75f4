"""A question in a thread the bot answered, about that answer, in words the bot cannot read as a privacy question
("can we get that down to zero?", "and batch jobs?", "does that apply to Sonnet 4 too or only Fable?" after a
retention answer): a person decides, rather than the asker being told it is no question for the privacy team."""

from __future__ import annotations

from bot.core.matching.analysis import Analysis
from bot.core.matching.conversation import FOLLOW_UP_MAX, Context, opening_marker
from bot.core.matching.segments import Segments, acknowledges, reports
from bot.core.matching.situation import Verdict
from bot.core.matching.text import normalise
from bot.core.matching.vocabulary import read_words
from bot.core.models import Outcome

BACK = read_words("back-references")  # "that", "it", "das", "ça", "eso": the answer just given


def of_the_answer(verdict: Verdict, text: str, a: Analysis, seg: Segments, *, context: Context | None,
                  reading: str | None) -> Verdict:
    """Return the verdict, or an escalation instead of a decline for a short question after an answer that points
    back at it ("that", "it"), opens as a follow-up ("and…") or was read as one, and speaks of nothing operational
    ("ok and how do I get a licence?", "which is cheaper?" stay declined)."""
    if verdict.outcome is not Outcome.DECLINE or context is None or not context.entry_id or len(text) > FOLLOW_UP_MAX:
        return verdict
    words = normalise(text).split()
    back = reading is not None or opening_marker(words) > 0 or not BACK.isdisjoint(words)
    if not (back and seg.questions) or a.off_topic or acknowledges(text) or reports(text):
        return verdict
    return Verdict(Outcome.ESCALATE, "it asks about the answer just given, in words the bot cannot read as a privacy "
                                     "question; a person decides", confidence=verdict.confidence)
