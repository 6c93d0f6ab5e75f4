"""The words the matcher knows, read from the data files in vocabulary/ (one file per word list). Curators and
engineers edit the files; tests/unit/test_vocabulary.py checks that every word survives normalisation."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

ASPECT_NAMES = ("retention", "training", "processor", "location", "governance")
# A strong aspect word is enough to call a question a privacy question; location and processor words less so.
_OF = frozenset("of de del des du da do di della delle dei degli dos das der van the our o a la le el die het".split())
ASPECT_WEIGHT = {"retention": 1.0, "training": 1.0, "processor": 0.8, "location": 0.6, "governance": 0.8}


def _lines(name: str) -> list[str]:
    text = (resources.files("bot.core.matching") / "vocabulary" / f"{name}.txt").read_text(encoding="utf-8")
    return [line.split("#", 1)[0] for line in text.splitlines()]


def read_words(name: str) -> frozenset[str]:
    """Return the words of vocabulary/NAME.txt (whitespace-separated; # starts a comment; ";" separates too)."""
    return frozenset(w for line in _lines(name) for w in line.replace(";", " ").split())


def read_phrases(name: str) -> frozenset[tuple[str, ...]]:
    """Return the phrases of vocabulary/NAME.txt, one per line, as word tuples."""
    return frozenset(tuple(line.split()) for line in _lines(name) if line.split())


def read_groups(name: str) -> tuple[tuple[tuple[str, ...], ...], ...]:
    """Return the phrase groups of vocabulary/NAME.txt: one group per line, alternatives separated by ";"."""
    return tuple(tuple(tuple(p.split()) for p in line.split(";") if p.split()) for line in _lines(name) if line.strip())


def read_sections(name: str) -> dict[str, frozenset[str]]:
    """Return the words of vocabulary/NAME.txt per language section ("# de" starts German; English first)."""
    sections: dict[str, set[str]] = {"en": set()}
    current = "en"
    for line in (resources.files("bot.core.matching") / "vocabulary" / f"{name}.txt").read_text("utf-8").splitlines():
        header = re.fullmatch(r"#\s*([a-z]{2})\s*", line.strip())
        if header:
            current = header[1]
            sections.setdefault(current, set())
            continue
        sections[current].update(line.split("#", 1)[0].split())
    return {lang: frozenset(words) for lang, words in sections.items()}


@lru_cache(maxsize=256)
def phrase_starts(phrases: frozenset[tuple[str, ...]]) -> dict[str, tuple[int, ...]]:
    """Return, per first word, the lengths of the phrases that start with it (longest first)."""
    out: dict[str, set[int]] = {}
    for p in phrases:
        out.setdefault(p[0], set()).add(len(p))
    return {w: tuple(sorted(n, reverse=True)) for w, n in out.items()}


def contains_phrase(words: Sequence[str], phrases: frozenset[tuple[str, ...]],
                    unless_after: frozenset[str] = frozenset()) -> bool:
    """Return whether the words contain one of the phrases (not within four words after one of unless_after: "we
    don't have seats" has no seats)."""
    starts = phrase_starts(phrases)
    return any(tuple(words[i:i + n]) in phrases and not unless_after & set(words[max(0, i - 4):i])
               for i, w in enumerate(words) if w in starts for n in starts[w])


QUANTITY = frozenset("much many viel viele ubrig combien cuanto cuantos cuanta cuantas quanto quantos quanta quantas "
                      "quanti quante hoeveel".split())  # "how much data remains…": what is left
_TAKES = read_words("takes")  # "how long does it take": a wait ("… to process our prompts"), not data kept
_COURSE = frozenset("material materials course courses webinar webinars workshop workshops onboarding hires unterlagen "
                    "kurs kurse schulungsunterlagen cours curso cursos materiais materiale corso corsi materiaal "
                    "cursus".split())  # a course given to people: "Copilot training for sales – anyone have material?"
_PEOPLE = frozenset("customer customers employee employees kunden mitarbeiter clients employes clientes empleados "
                    "funcionarios colaboradores clienti dipendenti klanten medewerkers".split())


@dataclass(frozen=True)
class Vocabulary:
    """The word lists, and the strengths computed from them."""

    stopwords: frozenset[str]
    privacy: frozenset[str]
    weak_privacy: frozenset[str]
    operational: frozenset[str]
    aspects: dict[str, frozenset[str]]
    weak_aspect: frozenset[str]
    other_generic: frozenset[str] = frozenset()
    topics: frozenset[str] = frozenset()  # words that name a privacy topic on their own
    where: frozenset[str] = frozenset()  # "where": location only beside a word for data
    senses: tuple[tuple[frozenset[str], frozenset[str]], ...] = ()  # aspect words, the words after that change them
    separable: dict[str, tuple[str, str]] = field(default_factory=dict)  # a verb form: its particle, the whole verb
    together: dict[str, str] = field(default_factory=dict)  # a form joined to its particle ("mitliest"): the verb
    descriptors: frozenset[str] = frozenset()  # which plan or edition is meant: "free tier", "paid"
    data_nouns: frozenset[str] = frozenset()  # the data itself: beside a strong aspect word, a privacy topic
    how_long: frozenset[str] = frozenset()  # "how long", "wie lange", "combien de temps": a duration asked
    moves: frozenset[str] = frozenset()  # "stay", "leave": location only where a place is named too
    places: frozenset[str] = frozenset()  # where data stays or goes: "AWS", "tenant", "infrastructure"
    place_links: frozenset[str] = frozenset()  # what may stand between such a verb and its place: "in", "our"

    @classmethod
    def load(cls) -> Vocabulary:
        """Return the vocabulary shipped in vocabulary/."""
        return cls(stopwords=read_words("stopwords"), privacy=read_words("privacy"),
                   weak_privacy=read_words("privacy-weak"), operational=read_words("operational"),
                   aspects={a: read_words(f"aspect-{a}") for a in ASPECT_NAMES}, weak_aspect=read_words("aspect-weak"),
                   other_generic=read_words("generic"), topics=read_words("privacy-topics"), where=read_words("where"),
                   senses=tuple((frozenset(g[0]), frozenset(g[1])) for g in read_groups("senses")),
                   separable={form: (g[1][0], g[2][0]) for g in read_groups("separable-verbs") for form in g[0]},
                   together={g[1][0] + form: g[2][0] for g in read_groups("separable-verbs") for form in g[0]},
                   descriptors=read_words("descriptors"), data_nouns=read_words("data-nouns"),
                   how_long=read_words("how-long"), moves=read_words("moves"), places=read_words("places"),
                   place_links=read_words("place-links"))

    def __post_init__(self) -> None:
        aspect_of: dict[str, list[tuple[str, float]]] = {}
        for aspect, words in self.aspects.items():
            for word in words:
                weight = ASPECT_WEIGHT[aspect] * (0.5 if word in self.weak_aspect else 1.0)
                aspect_of.setdefault(word, []).append((aspect, weight))
        object.__setattr__(self, "_aspect_of", aspect_of)
        changed: dict[str, frozenset[str]] = {}
        for word, after in ((w, after) for words, after in self.senses for w in words):
            changed[word] = changed.get(word, frozenset()) | after
        object.__setattr__(self, "_senses", changed)  # an aspect word: the words after it that change its sense
        topics = self.topics | self.privacy | self.aspects.get("governance", frozenset())  # name a privacy topic
        object.__setattr__(self, "_topic_words", topics)
        data = self.privacy | self.weak_privacy | frozenset(w for w in aspect_of if w not in self.weak_aspect)
        object.__setattr__(self, "_data_words", data - self.where)
        object.__setattr__(self, "_beside_data", self.weak_aspect | self.where)
        places = self.aspects.get("location", frozenset()) - self.weak_aspect - self.where  # "EU", "region"
        object.__setattr__(self, "_places", self.places | places)  # where data stays or goes (_to_a_place)
        moved = self.data_nouns | read_words("content-nouns")  # what stays or leaves: data, not a person
        object.__setattr__(self, "_moved", moved - _PEOPLE)
        generic = self.privacy | self.weak_privacy | self.operational | self.other_generic | frozenset(
            w for words in self.aspects.values() for w in words)
        object.__setattr__(self, "generic", generic)

    @property
    def moved(self) -> frozenset[str]:
        """Return the words for data that can be stored somewhere: data, prompts, emails, files (not people)."""
        moved: frozenset[str] = self.__dict__["_moved"]
        return moved

    def aspects_of(self, words: list[str], whole: list[str] | None = None) -> dict[str, float]:
        """Return the aspects a token list asks about, with a strength each. "Where" and weak aspect words ("get",
        "see", "long") ask only beside a word for data ("where are prompts stored"; not "where did the button go");
        "stay", "leave" only with a place as their complement in the whole text (default: the words; "…in AWS")."""
        found: dict[str, float] = {}
        aspect_of: dict[str, list[tuple[str, float]]] = self.__dict__["_aspect_of"]
        data, senses = self.__dict__["_data_words"], self.__dict__["_senses"]
        alone = data.isdisjoint(words)  # no word for data: "where"/"get"/"long" ask nothing
        if not alone and not senses.keys().isdisjoint(words):  # ... nor one in another sense ("the training slides")
            alone = not any(w in data and not self._other_sense(words, k, w) for k, w in enumerate(words))
        beside: frozenset[str] = self.__dict__["_beside_data"]
        separable = self.separable
        for k, as_written in enumerate(words):  # "slaat … op" is "opslaan"; "…, ob Google mitliest" "mitlesen"
            word = self._joined(words, k) if as_written in separable else self.together.get(as_written, as_written)
            weights = aspect_of.get(word)
            if weights is None or (alone and word in beside) or self._other_sense(words, k, word) or (
                    word in self.moves and not self._to_a_place(whole or words, word)):  # "prompts stay stuck"
                continue
            for aspect, weight in weights:
                if weight > found.get(aspect, 0.0):
                    found[aspect] = weight
        return found

    def _to_a_place(self, words: list[str], verb: str) -> bool:
        """Return whether a verb of staying or leaving has data as its subject or object and a place as its
        complement, only links between ("our prompts remain within Microsoft's infrastructure"; not "the data stays
        blank for our org", "un empleado sale de la empresa"), and nobody asks how much is left."""
        if not QUANTITY.isdisjoint(words):
            return False
        places, data = self.__dict__["_places"], self.__dict__["_moved"]
        for k in (k for k, w in enumerate(words) if w == verb):
            moved = not data.isdisjoint(words[max(k - 4, 0):k])
            for w in words[k + 1:k + 8]:
                if w in places and moved:
                    return True
                moved = moved or w in data
                if w not in data and w not in self.place_links:
                    break
        return False

    def other_senses(self, words: list[str]) -> set[str]:
        """Return the aspect words of a token list that mean something else there ("customer retention")."""
        return {w for k, w in enumerate(words) if w in self.__dict__["_aspect_of"] and self._other_sense(words, k, w)}

    def _joined(self, words: list[str], k: int) -> str:
        """Return the separable verb at words[k] joined with its particle when the particle ends the text ("Slaat
        Cursor onze code op?"; not "slaat Cursor op de achtergrond vast", where "op" is a preposition)."""
        particle, whole = self.separable[words[k]]
        return whole if words[-1] == particle and len(words) - k <= 8 else words[k]

    def _other_sense(self, words: list[str], k: int, word: str) -> bool:
        """Return whether the word after words[k] (read as `word`; or after "of" or "the"), or the one before it
        where senses.txt writes it "<me", gives it another sense (vocabulary/senses.txt: "training session", "keeps
        losing", "long prompts", "Cursor mi invia email")."""
        if (word == "long" or word in self.aspects["processor"]) and self.waits(words[max(k - 10, 0):k + 7]):
            return True  # a wait: "how long does Bedrock take to respond", "… take Cohere to process our prompts"
        terms, data = self.aspects["governance"], self.__dict__["_data_words"]  # how long a contract runs, or
        if (word in terms or word in self.how_long) and not self.how_long.isdisjoint(words) and all(  # its terms:
                w not in data or w in terms for w in words) and not terms.isdisjoint(words):  # no data, no terms
            return True
        if word in self.aspects["training"] and not _COURSE.isdisjoint(words) and all(  # a course for a team,
                (w not in data and w not in self.__dict__["_moved"]) or w in self.aspects["training"] for w in words):
            return True  # and no data: "Copilot M365 training for the sales team – anyone have material?"
        changing, near = self.__dict__["_senses"].get(word) or frozenset(), words[k + 1:k + 6]
        if (k and "<" + words[k - 1] in changing) or (any(">" + w in changing for w in near) and not any(  # "<me":
                w in data or w in self.__dict__["_aspect_of"] for w in near)):  # "mi invia"; ">free": "keep X free"
            return True
        if not changing or k + 1 >= len(words):
            return False
        after = words[k + 1]  # "retention bonus"; after "of", "the": "retención de clientes", "leave the workspace"
        # (not "retention of customer data"):
        then = next((i for i in range(k + 1, min(k + 4, len(words))) if words[i] not in _OF), 0) if after in _OF else 0
        if after in changing or (then and words[then] in changing and self.data_nouns.isdisjoint(words[then + 1:][:1])):
            return True
        if "-ing" not in changing or len(after) < 5 or not after.endswith("ing") or after.endswith("thing"):
            return False
        # "keep logging prompts", "keep meeting transcripts" ask; "keeps logging me out", "keeps timing out" do not
        return not ((after in data and not self._other_sense(words, k + 1, after))
                    or (k + 2 < len(words) and words[k + 2] in data))

    def waits(self, words: list[str]) -> bool:
        """Return whether words ask how long something takes ("how long does Bedrock take", "wie lange dauert")."""
        return any(w in self.how_long and not _TAKES.isdisjoint(words[j + 1:j + 7]) for j, w in enumerate(words))

    def aspects_of_word(self, word: str) -> tuple[str, ...]:
        """Return the aspects one word asks about."""
        return tuple(aspect for aspect, _ in self.__dict__["_aspect_of"].get(word, ()))

    def privacy_strength(self, words: list[str]) -> float:
        """Return how strongly the words speak of data privacy (0 = not at all)."""
        found = self.aspects_of(words)
        if "who" in words and "processor" in found:  # "who can see / who reads / who has access"
            found["processor"] = ASPECT_WEIGHT["processor"]
        unique = set(words)
        generic = 0.5 * len(unique & self.privacy) + 0.3 * len(unique & self.weak_privacy)
        return sum(found.values()) + min(generic, 1.0)

    def off_topic_strength(self, words: list[str]) -> float:
        """Return how strongly the words speak of something other than data privacy (errors, quotas, billing)."""
        return float(len(set(words) & self.operational))

    def is_known(self, word: str) -> bool:
        """Return whether a word is in a word list (stopword, privacy, aspect or operational): never a typo."""
        return (word in self.stopwords or word in self.privacy or word in self.weak_privacy or word in self.operational
                or word in self.__dict__["_aspect_of"])

    def only_privacy(self, words: list[str], excluded: frozenset[str] = frozenset()) -> bool:
        """Return whether words (a line's, its names taken out) are all privacy words or words that say nothing,
        one of them naming a privacy topic on its own ("gdpr", "retention"; not "delete", "logs", "training") or a
        word for the data beside an aspect word that is not weak ("data storage", "data location"), and words that
        say which plan is meant ("free tier"), none of them in excluded (question words and negations: "how do I
        delete...", "not gdpr" are no line of keywords)."""
        aspect_of, topics = self.__dict__["_aspect_of"], self.__dict__["_topic_words"]
        topic = bool(self.data_nouns.intersection(words)) and any(
            w in aspect_of and w not in self.weak_aspect for w in words)
        for word in words:
            if word in excluded:
                return False
            if word in topics:
                topic = True
            elif not (word in self.stopwords or word in self.weak_privacy or word in aspect_of
                      or word in self.descriptors or word in self.__dict__["_moved"]):
                return False
        return topic

    def names_topic(self, words: list[str]) -> bool:
        """Return whether a word names a privacy topic on its own ("gdpr", "retention", "privacy"; not "access"), in
        that sense (not "sensitive topics": senses.txt)."""
        topics, senses = self.__dict__["_topic_words"], self.__dict__["_senses"]
        return any(w in topics and not (w in senses and self._other_sense(words, k, w)) for k, w in enumerate(words))

    def names_privacy(self, words: list[str]) -> bool:
        """Return whether a word speaks of privacy on its own: a privacy word, a topic, or an aspect word that is
        not also common elsewhere ("retention", "gdpr", "privacy"; not "get", "data", "history", "where")."""
        aspect_of, beside = self.__dict__["_aspect_of"], self.__dict__["_beside_data"]
        return any(w in self.privacy or w in self.topics or (w in aspect_of and w not in beside) for w in words)

    def is_generic(self, word: str) -> bool:
        """Return whether a word says a question is about privacy but not which product (it must not decide)."""
        return word in self.__dict__["generic"]


VOCABULARY = Vocabulary.load()


def _cjk_words() -> frozenset[str]:
    """Return every vocabulary word written in Chinese, Japanese or Korean characters (normalise() cuts at them)."""
    names = [p.name.removesuffix(".txt") for p in (resources.files("bot.core.matching") / "vocabulary").iterdir()
             if p.name.endswith(".txt")]
    return frozenset(w for name in names for w in read_words(name) if any("\u3040" <= ch <= "\ud7af" for ch in w))


CJK_WORDS = _cjk_words()
CJK_LONGEST = max((len(w) for w in CJK_WORDS), default=1)
