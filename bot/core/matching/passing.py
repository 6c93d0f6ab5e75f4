"""Names said in passing: as an example or a rival ("DeepSeek, which rivals ChatGPT", "tools such as Claude"),
not as what a text asks about."""

from __future__ import annotations

from itertools import pairwise

from bot.core.matching.entities import FoundAliases
from bot.core.matching.vocabulary import read_phrases

_BEFORE = read_phrases("in-passing")
_AFTER = read_phrases("in-passing-after")
_LIKES = frozenset("i we you they would d dont don t also really".split())  # "like" as a verb
LIST_WORDS = frozenset("and or und oder et ou y o e en や と 、".split())  # what joins names in a list


def in_passing(words: list[str], found: FoundAliases) -> set[int]:
    """Return which of the names found are said in passing: after "like", "such as", "rivals", "comme"… or
    before "など", "をはじめ"; with the names listed with them ("such as Claude or Gemini", "ChatGPTやClaudeなど")."""
    spans = [(i, i + len(name.split())) for i, name, _ in found]
    before = [any(tuple(words[max(i - len(p), 0):i]) == p for p in _BEFORE) and not (
        i > 1 and words[i - 2] in _LIKES) for i, _ in spans]  # not "we would like Claude to…"
    after = [any(tuple(words[end:end + len(p)]) == p for p in _AFTER) for _, end in spans]
    listed = [len(gap) == 1 and gap[0] in LIST_WORDS for gap in (words[a[1]:b[0]] for a, b in pairwise(spans))]
    for k, joined in enumerate(listed):  # forwards from "like X", backwards from "X など"
        before[k + 1] = before[k + 1] or (joined and before[k])
    for k in range(len(listed) - 1, -1, -1):
        after[k] = after[k] or (listed[k] and after[k + 1])
    return {k for k in range(len(spans)) if before[k] or after[k]}
