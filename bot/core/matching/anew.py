"""A follow-up that asks a question of its own about the product just answered ("is the Cursor trial free?" after
"Does Cursor train on our code?"): it is read on its own, and borrows no aspect from the thread."""

from __future__ import annotations

from collections.abc import Mapping

from bot.core.matching.analysis import Analysis
from bot.core.matching.conversation import Context, opening_marker
from bot.core.matching.followup import other_words
from bot.core.matching.text import normalise
from bot.core.models import Entry

# Words that point back at the earlier question, or say the same is asked again, wherever they stand ("is the Cursor
# free plan also covered by that?", "does the Anthropic API work that way as well?", "GitHub Copilot Businessもそう?");
# not the articles that are also pointers (das, o, ce: "est-ce que…").
POINTS_BACK = frozenset(
    "it that this these those same too also well way similar similarly likewise either neither "
    "dies auch ebenso gleich gleiche gleichen genauso cela ca pareil meme aussi egalement "
    "eso esto lo igual mismo misma tambien isso isto mesmo mesma tambem questo quello stesso stessa anche uguale "
    "dat dit ook hetzelfde zelfde eveneens も そう 同じ 同様 それ これ".split())


def asks_anew(text: str, own: Analysis, context: Context, entries: Mapping[str, Entry]) -> bool:
    """Return whether a follow-up names the product the earlier question was answered about (no other), asks no
    aspect, opens with no follow-up marker, speaks of something else and points nowhere back."""
    words = normalise(text).split()
    entry = entries.get(context.entry_id or "")
    if entry is None or not own.platform_named or own.aspects or opening_marker(words) or not (
            other_words(text, own)):
        return False
    named = {i for m in own.positive for i in m.ids}
    platforms = {i for m in own.positive if m.role == "platform" for i in m.ids}
    return platforms <= set(entry.applies_to.platforms) and named <= {*entry.applies_to.platforms,
                                                                       *entry.applies_to.providers} and not (
        POINTS_BACK.intersection(words))
