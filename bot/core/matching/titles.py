"""A post's title of names and privacy words ("Slack AI GDPR"), read with the questions under it."""

from __future__ import annotations

from bot.core.matching.analysis import Analysis, analyse
from bot.core.matching.entities import EntityIndex
from bot.core.matching.segments import Segments
from bot.core.matching.text import normalise
from bot.core.matching.vocabulary import VOCABULARY

# Words that point back at what was said before, as a question's first words ("is it…", "gilt das…"; not "fix it?").
_BACK = frozenset("it that this these those they das dies diese c ce cela ca eso esto isso isto questo quello dat dit "
                  "deze それ これ".split())


def titled_with_keywords(a: Analysis, seg: Segments, index: EntityIndex) -> bool:
    """Return whether a post is titled with names and privacy words only, its text speaks of no operations, and
    its question sentences name a privacy topic ("Azure AI BAA/HIPAA Compliance" over "how does Azure handle
    PHI?"; not over "who can give me access to the admin center?")."""
    asked = [q for q in seg.questions if q != seg.title]
    return (not a.off_topic and bool(asked) and VOCABULARY.names_topic(normalise(" ".join(asked)).split())
            and analyse(seg.title, index).keywords)


def off_title(seg: Segments, index: EntityIndex) -> bool:
    """Return whether a post titled with names and privacy words asks, in its text, only questions with no
    word of privacy, data or an aspect, none pointing back at the title ("Slack AI GDPR" over "where is the
    button to turn on recaps?"; not "Claude API retention" over "is it 30 days or 7 days now?")."""
    questions = [normalise(q).split() for q in seg.questions if q != seg.title]
    asked = [w for q in questions for w in q]
    back = any(_BACK & set(q[:3]) for q in questions)
    return (bool(asked) and not VOCABULARY.privacy_strength(asked) and not back
            and analyse(seg.title, index).keywords)
