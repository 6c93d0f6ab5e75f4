"""Does a message ask the privacy team something? A linear model over word and character n-grams, learned from
labelled real text (`privacy-bot train`) and shipped as plain weights in intent.json: no library at run time.

The design follows Rasa's NLU pipeline: count features of words and character n-grams, a linear intent
classifier, and two thresholds: below `decline` the message is not a privacy question; between `decline` and
`answer` it may be one, so the bot never answers it with confidence (it escalates); from `answer` on it may be
answered. A third threshold, `pinned`, at most `answer`, applies to a question (a short line that asks, or a question
sentence) about the data of the one product its names leave: the names and the question make up for what the words
leave open. The title and the question sentences of a long post weigh double.
"""

from __future__ import annotations

import heapq
import itertools
import json
import math
import re
import unicodedata
from dataclasses import dataclass
from importlib import resources

from bot.core.matching.entities import EntityIndex
from bot.core.matching.segments import Segments, segment
from bot.core.matching.text import fold, normalise
from bot.core.matching.vocabulary import VOCABULARY, read_sections

_WORD = re.compile(r"\w+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_SCRIPT_RUN = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]+|[^\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]+")
# How a text is written says what it is: an issue title "[BUG] ..." or "docs(x): ..." reports or changes
# something, a stack trace or code block reports a failure, a question in the title asks.
_SHAPES = (
    ("tagged-title", re.compile(r"\A\s*(\[[^\]\n]{1,30}\]|\w+(\([^)\n]{0,30}\))?!?:\s)")),
    ("code", re.compile(r"```|Traceback|^\s{4,}\S|\w+Error\b|\bat [\w.$]+\(", re.M)),
    ("link", re.compile(r"https?://|<http")),
    ("title-asks", re.compile(r"\A[^\n]{0,200}\?[ \t]*(\n|\Z)")),
    ("first-person", _WRITER := re.compile(r"\b(I|we|We|our|Our|my|My)\b")),
)
_SPEAKER = [w for lang, words in read_sections("first-person").items() if lang != "en" for w in words]
_FIRST_PERSON = frozenset(w for w in _SPEAKER if not _CJK.search(w))
_FIRST_PERSON_CJK = re.compile("(" + "|".join(sorted((w for w in _SPEAKER if _CJK.search(w)), key=len, reverse=True))
                               + ")(?![的立])")  # not 私的 (private), 私立 (privately run)


def speaks_of_us(text: str) -> bool:
    """Return whether a text has a word by which its writer speaks of themselves or their organisation."""
    return bool(_WRITER.search(text) or _FIRST_PERSON_CJK.search(text)
                or _FIRST_PERSON.intersection(normalise(text).split()))


def impersonal(text: str) -> bool:
    """Return whether a text of several sentences (or a title and a text) never has a word by which its writer
    speaks of themselves or their organisation ("we", "our", "unsere", "nous", "弊社"): an article about a product,
    not a message from someone."""
    return len(segment(text).sentences) > 1 and not speaks_of_us(text)


FOCUS_WEIGHT = 2.0  # title and question sentences count double
MODEL_FILE = "intent.json"


def tokens(text: str) -> list[str]:
    """Return words; runs of Chinese, Japanese or Korean characters become overlapping character pairs."""
    out: list[str] = []
    for word in _WORD.findall(fold(unicodedata.normalize("NFKC", text))):
        if not _CJK.search(word):
            out.append(word)
            continue
        for run in _SCRIPT_RUN.findall(word):  # "cursorのprivacy": a Latin name written against Japanese
            if _CJK.match(run):
                out += [run[i:i + 2] for i in range(len(run) - 1)] or [run]
            else:
                out.append(run)
    return out


def _ngrams(part: str) -> set[str]:
    words = tokens(part)
    grams = {f"w:{w}" for w in words}
    grams |= {f"b:{a} {b}" for a, b in itertools.pairwise(words)}
    for w in words:
        if 4 <= len(w) <= 20 and not _CJK.search(w):
            padded = f"<{w}>"
            grams |= {f"c:{padded[i:i + 4]}" for i in range(len(padded) - 3)}
    return grams


def features(text: str, index: EntityIndex | None = None, seg: Segments | None = None) -> dict[str, float]:
    """Return the unit-length feature vector of a message (the same function trains and serves; seg: the
    message's segments, when the caller has them already)."""
    seg = seg or segment(text)
    values: dict[str, float] = dict.fromkeys(_ngrams(text), 1.0)
    for part in (seg.title, *seg.questions):
        for gram in _ngrams(part):
            values[gram] = FOCUS_WEIGHT
    values[f"shape:questions={min(len(seg.questions), 3)}"] = 1.0
    values[f"shape:length={min(len(text) // 300, 4)}"] = 1.0
    for name, pattern in _SHAPES:
        if pattern.search(text):
            values[f"shape:{name}"] = 1.0
    words = normalise(seg.focus).split()
    if "shape:first-person" not in values and (_FIRST_PERSON.intersection(words) or _FIRST_PERSON_CJK.search(text)):
        values["shape:first-person"] = 1.0  # ... in the other languages ("können wir", "nos données", "弊社")
    rest = words
    roles: set[str] = set()
    if index is not None:
        found, rest = index.scan(words)
        roles = {a.role for _, _, group in found for a in group}
        for role in sorted(roles):
            values[f"name:{role}"] = 1.0
    aspects = VOCABULARY.aspects_of(rest, words)  # what the words ask about, in any language the vocabulary has
    for aspect in aspects:
        values[f"aspect:{aspect}"] = FOCUS_WEIGHT
    opening = tokens(seg.title or (seg.sentences[0] if seg.sentences else ""))[:1]
    if opening:  # how the message opens: "does ..." asks, "add ..." or "feat" changes something
        values[f"first:{opening[0]}"] = 1.0
    if roles and aspects:  # a name and something asked about it, with or without a question sentence
        values[f"combo:name+aspect,questions={min(len(seg.questions), 1)}"] = FOCUS_WEIGHT
    unique = set(rest)
    for name, words_of in (("privacy", VOCABULARY.privacy), ("weak", VOCABULARY.weak_privacy),
                           ("operational", VOCABULARY.operational)):
        hits = len(unique & words_of)
        if hits:
            values[f"vocab:{name}={min(hits, 3)}"] = FOCUS_WEIGHT
    norm = math.sqrt(sum(v * v for v in values.values())) or 1.0
    return {f: v / norm for f, v in values.items()}


def _probability(weights: dict[str, float], bias: float, vector: dict[str, float]) -> float:
    z = bias + sum(weights.get(f, 0.0) * v for f, v in vector.items())
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@dataclass(frozen=True)
class Head:
    """A second linear model over the same features: whether a privacy question asks about our own organisation
    (what we signed, approved, set up or decided) rather than about a vendor; from `threshold` on, a person answers."""

    weights: dict[str, float]
    bias: float
    threshold: float

    def score(self, vector: dict[str, float]) -> float:
        return _probability(self.weights, self.bias, vector)


@dataclass(frozen=True)
class IntentModel:
    """Plain weights: a bias and a weight per feature, and the two thresholds."""

    weights: dict[str, float]
    bias: float
    decline: float  # below: not a privacy question
    answer: float  # from here on: a privacy question the bot may answer
    about: dict[str, object]
    pinned: float | None = None  # from here on, a question the names pin to one entry (None: `answer`)
    ours: Head | None = None  # does a privacy question ask about our own organisation? (None: not trained)

    @classmethod
    def shipped(cls) -> IntentModel | None:
        """Return the model shipped with the package (None when it has not been trained)."""
        path = resources.files("bot.core.matching") / MODEL_FILE
        return cls.load(path.read_text(encoding="utf-8")) if path.is_file() else None

    @classmethod
    def load(cls, text: str) -> IntentModel:
        """Return the model in a JSON text (raise ValueError, KeyError or TypeError when it is not one)."""
        data = json.loads(text)
        thresholds = data["thresholds"]
        pinned = thresholds.get("pinned")
        ours = data.get("ours")
        return cls(weights={str(k): float(v) for k, v in data["weights"].items()}, bias=float(data["bias"]),
                   decline=float(thresholds["decline"]), answer=float(thresholds["answer"]),
                   about=dict(data.get("about", {})), pinned=None if pinned is None else float(pinned),
                   ours=None if ours is None else Head(weights={str(k): float(v) for k, v in ours["weights"].items()},
                                                       bias=float(ours["bias"]), threshold=float(ours["threshold"])))

    def score(self, vector: dict[str, float]) -> float:
        """Return the probability that a message asks the privacy team something."""
        return _probability(self.weights, self.bias, vector)

    def explain(self, vector: dict[str, float], limit: int = 8) -> list[tuple[str, float]]:
        """Return the features that moved the score most, with their contribution."""
        parts = [(f, self.weights[f] * v) for f, v in vector.items() if f in self.weights]
        return heapq.nsmallest(limit, parts, key=lambda fc: -abs(fc[1]))  # as sorted()[:limit], ties in order
