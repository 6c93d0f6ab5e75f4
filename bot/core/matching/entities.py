"""Providers and platforms, their aliases, and finding them in a question (typo tolerant)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.core.matching.compounds import compound_parts
from bot.core.matching.entity_file import EntitiesFile
from bot.core.matching.forms import translated as _translated
from bot.core.matching.text import normalise
from bot.core.matching.vocabulary import VOCABULARY, contains_phrase, read_phrases, read_words

NEGATORS = read_words("negators")
SKIPPABLE = read_words("skippable")
NEGATING = {w: [p for p in ps if p[-1] == w] for ps in [read_phrases("negating-phrases")] for w in {p[-1] for p in ps}}
NOT_TYPOS = read_words("not-typos")
NO = NEGATORS | {"no", "t", "never", "without"}  # before a context word, not so ("we don t have seats")
_MINE = frozenset("my our mon ma mes notre nos mein meine meinem meinen meiner unser unsere unserem mi mis nuestro "
                  "nuestra meu minha nosso nossa mio mia nostro nostra mijn ons onze".split())  # "my personal account"
EDITION = read_words("personal") | frozenset(  # which edition: "the free plan", "my personal account"
    "account accounts konto compte cuenta conta plan plans tier tiers plano planos piano piani formule abo consumer "
    "subscription abonnement プラン werkaccount アカウント".split())
_HELD = frozenset("license licence licenses licences seat seats subscription account plan lizenz lizenzen licencia "
                  "licencias licenca licencas licenza licenze licentie licenties abonnement abo suscripcion assinatura "
                  "abbonamento".split())  # "no X license", "sin licencia de X"; "no" alone is Portuguese for "in the"
_OF = frozenset("of for de do da di del fur van voor pour per para".split())
API_WORDS = frozenset({"api", "apis"})  # "the API" next to a provider or product means its API platform
# A model's version or tier ("4 5", "4o", "flash"): part of its name in a follow-up ("and Opus 4.5?"), and between
# a name and "API" ("GPT-4 API")...
VERSION = re.compile(r"(v?\d[\w]*|o\d\w*|turbo|mini|nano|preview|latest|pro|flash|lite|ultra)")
# ... or, before the name, a preposition ("the API of ChatGPT", "API de ChatGPT", "API von ChatGPT").
_API_OF = frozenset({"of", "de", "di", "da", "del", "della", "von", "van", "du", "des", "voor"})
PUNCTUATION = re.compile(r"[.;:!?,](?=\s|$)|[()\[\]\n]")  # "3.5" is no full stop
_MIN_FUZZY = 6  # shorter aliases (azure, slack, apple) sit one typo away from too many English words
_MIN_JOINED = 8  # a multi-word name written as one word is read from this length on ("vertexai"; not "amazonq")


Role = Literal["company", "model", "platform"]


@dataclass(frozen=True)
class Mention:
    """Something the question names: one or more alternative entity ids, and how it named them."""

    ids: frozenset[str]
    role: Role
    text: str
    negated: bool = False


@dataclass(frozen=True)
class Alias:
    ids: frozenset[str]
    role: Role


FoundAliases = list[tuple[int, str, list[Alias]]]  # what EntityIndex.scan() finds: (position, text, aliases)


class EntityIndex:
    """Finds provider and platform mentions in normalised text."""

    def __init__(self, entities: EntitiesFile) -> None:
        self.entities = entities
        self.operator = {pid: p.operator for pid, p in entities.platforms.items()}
        self.all_name_words = frozenset(w for p in entities.platforms.values() for w in normalise(p.name).split())
        self.parent = {pid: p.parent for pid, p in entities.providers.items() if p.parent}
        self.api_platform = {pid: p.api_platform for pid, p in entities.providers.items() if p.api_platform}
        self.product_api = {pid: p.api_platform for pid, p in entities.platforms.items() if p.api_platform}
        self.context = {pid: frozenset(tuple(normalise(w).split()) for w in p.context)
                        for pid, p in entities.platforms.items() if p.context}
        self._editions = {pid: frozenset(tuple(normalise(w).split()) for c in p.context for w in _translated(c, True))
                          for pid, p in entities.platforms.items() if p.context}  # plans' other names: edition()
        self.clouds = {" ".join(normalise(a).split()): p.cloud_platform for p in entities.providers.values()
                       if p.cloud_platform for a in p.cloud_aliases}  # a cloud's name as Mention.text -> its platform
        self.run_by: dict[str, frozenset[str]] = {}  # platform -> the company running it and its parents
        for pid in entities.platforms:
            chain, op = [], self.operator.get(pid)
            while op and op not in chain:
                chain.append(op)
                op = self.parent.get(op)
            self.run_by[pid] = frozenset(chain)
        table: dict[tuple[str, ...], dict[Role, set[str]]] = {}
        fuzzy: set[str] = set()

        def add(alias: str, ident: str, role: Role, typos: bool) -> None:
            key = tuple(normalise(alias).split())
            if key:
                table.setdefault(key, {}).setdefault(role, set()).add(ident)
                if typos and len(key) == 1 and len(key[0]) >= _MIN_FUZZY:  # a one-word name: the fuzzy targets
                    fuzzy.add(key[0])

        for pid, prov in entities.providers.items():
            for alias in ((() if prov.name_is_a_word else (pid, prov.name)) + (*prov.aliases, *prov.cloud_aliases)):
                add(alias, pid, "company", prov.typo_tolerant)
            for alias in prov.model_aliases:  # model names sit near ordinary words (imagen/images): exact only
                add(alias, pid, "model", False)
        for pid, plat in entities.platforms.items():
            for alias in (pid, plat.name, *plat.aliases):
                for form in _translated(alias):
                    add(form, pid, "platform", plat.typo_tolerant)
        self.capitalised = frozenset(" ".join(normalise(a).split()) for p in entities.platforms.values()
                                     for a in p.capitalised)
        self._words: dict[str, set[str]] = {}  # a provider's or platform's name words
        for key, roles in table.items():
            for i in (i for ids in roles.values() for i in ids):
                self._words.setdefault(i, set()).update(key)
        self._table: dict[tuple[str, ...], list[Alias]] = {}
        for key, roles in table.items():
            self._table[key] = [Alias(frozenset(ids), role) for role, ids in roles.items()]
        for alias, ids in entities.ambiguous.items():
            key = tuple(normalise(alias).split())
            self._table[key] = [Alias(frozenset(ids), "platform")]
            if len(key) == 1 and len(key[0]) >= _MIN_FUZZY:
                fuzzy.add(key[0])
        for alias, both in entities.implies.items():
            key = tuple(normalise(alias).split())
            self._table[key] = [Alias(frozenset({both.provider}), "model"),
                                Alias(frozenset({both.platform}), "platform")]
        self._other_first: dict[str, list[tuple[str, ...]]] = {}  # first word -> phrases that name nothing
        for phrase in entities.other_senses:  # "database cursor": found as a phrase that names nothing
            key = tuple(normalise(phrase).split())
            self._table.setdefault(key, [])
            self._other_first.setdefault(key[0], []).append(key)
        for key, aliases in list(self._table.items()):  # a name written as one word: "AzureOpenAI", "VertexAI"
            joined = "".join(key)
            if len(key) > 1 and len(joined) >= _MIN_JOINED and joined.isalnum() and (joined,) not in self._table:
                self._table[(joined,)] = aliases
        self._sizes: dict[str, tuple[int, ...]] = {}
        for key in self._table:
            self._sizes[key[0]] = tuple(sorted({*self._sizes.get(key[0], ()), len(key)}, reverse=True))
        self._single = sorted(fuzzy)
        # A fuzzy look-up compares a word with every long one-word name (also in a longer name: "m365 copliot"; never
        # a word only longer names use: "individual", "business"); unknown words recur, so they are remembered.
        self.typo_of = lru_cache(maxsize=4096)(self._fuzzy_uncached)  # the name a word misspells
        self._scanned = lru_cache(maxsize=256)(self._scan)  # one message's sentences are scanned by several rules

    def _fuzzy_uncached(self, word: str) -> str | None:
        if len(word) < _MIN_FUZZY - 1 or word in NOT_TYPOS or VOCABULARY.is_known(word):
            return None
        best = process.extractOne(word, self._single, scorer=OSA.distance, score_cutoff=2)
        if best is None:
            return None
        alias, distance = best[0], best[1]
        allowed = 1 if len(alias) < 8 else 2
        if distance > allowed or alias[0] != word[0]:
            return None
        return str(alias)

    def scan(self, words: list[str]) -> tuple[FoundAliases, list[str]]:
        """Return (position, text, aliases) for each alias found, and the tokens left over (a German or Dutch
        compound as the listed words it is made of: compounds.compound_parts)."""
        found, rest = self._scanned(tuple(words))
        return list(found), list(rest)

    def _scan(self, words: tuple[str, ...]) -> tuple[tuple[tuple[int, str, list[Alias]], ...], tuple[str, ...]]:
        found: FoundAliases = []
        rest: list[str] = []
        table, sizes, fuzzy = self._table, self._sizes, self.typo_of
        i = 0
        n = len(words)
        while i < n:
            head = words[i] if words[i] in sizes else fuzzy(words[i]) or words[i]
            for size in sizes.get(head, ()):
                if i + size > n:
                    continue
                key = (head, *(w if w in sizes else fuzzy(w) or w for w in words[i + 1:i + size]))
                if key in table:  # the words as written ("copliot"), the name they are; or another sense
                    if table[key]:
                        found.append((i, " ".join(words[i:i + size]), table[key]))
                    else:
                        rest.extend(words[i:i + size])
                    i += size
                    break
            else:
                rest.extend(compound_parts(words[i]) if len(words[i]) > 3 else (words[i],))
                i += 1
        return tuple(found), tuple(rest)

    def other_spans(self, words: list[str]) -> list[tuple[int, int]]:
        """Return where the phrases that use a name in another sense stand in a token list ("database cursor")."""
        first = self._other_first
        return [(i, i + len(p)) for i, w in enumerate(words) if w in first for p in first[w]
                if tuple(words[i:i + len(p)]) == p]

    def beside_api(self, words: list[str], found: FoundAliases, text: str | None = None) -> FoundAliases:
        """Return what scan() found, with a product named right beside "API" read as the API platform it stands for
        ("ChatGPT-4 API": the OpenAI API), and a company's API beside another product or company ("Azure OpenAI vs
        the API of OpenAI"). text: the words' text, if any: no punctuation may stand between ("No API, ChatGPT")."""
        out: FoundAliases = []
        platforms = {p for _, _, aliases in found for a in aliases if a.role == "platform" for p in a.ids}
        companies = {c for _, _, aliases in found for a in aliases if a.role == "company" for c in a.ids}
        for i, name, aliases in found:
            api = {self.product_api[p] for a in aliases if a.role == "platform" for p in a.ids if p in self.product_api}
            if not api and (platforms or len(companies) > 1):  # its API, beside another product or company
                api = {p for a in aliases if a.role == "company" for c in a.ids
                       if (p := self.api_platform.get(c, "")) and p not in platforms}
            beside = len(api) == 1 and _api_beside(words, i, i + len(name.split())) and (
                text is None or _api_in_one_clause(text, name))
            out.append((i, name, [Alias(frozenset(api), "platform")] if beside else aliases))
        return out

    def in_context(self, words: list[str], ids: Iterable[str]) -> frozenset[str]:
        """Return the one platform among ids whose context words the text uses (empty when none or several do):
        which of its own products a company named alone means ("OpenAI ... fine-tuning")."""
        own = frozenset(i for i in ids if contains_phrase(words, self.context.get(i, frozenset()), unless_after=NO))
        return own if len(own) == 1 else frozenset()

    def edition(self, words: list[str], ids: Iterable[str]) -> frozenset[str]:
        """Return the one platform among ids whose plan or account words the text uses as nobody else's, after a
        function word or a vendor's name ("on the free plan", "my max subscription"; not "Raycast's Pro plan")."""
        ids, ours = list(ids), VOCABULARY.stopwords | _MINE | EDITION  # before: a function word, "private", ours, or
        ours = ours.union(*(self._words.get(i, ()) for p in ids for i in (p, self.operator[p])))  # the vendor's names
        present = set(words)  # a phrase is looked for only when its words are all in the text
        own = frozenset(p for p in ids for c in self._editions.get(p, ()) if not EDITION.isdisjoint(c)
                        and present.issuperset(c) and any(
            tuple(words[k:k + len(c)]) == c and (k == 0 or words[k - 1] in ours)
            and NO.isdisjoint(words[max(k - 4, 0):k]) for k in range(len(words))))
        return own if len(own) == 1 else frozenset()

    def find(self, words: list[str]) -> tuple[list[Mention], list[str]]:
        """Return the mentions in a token list, and the tokens left over (entities removed)."""
        found, rest = self.scan(words)
        return self.mentions(words, found), rest

    def mentions(self, words: list[str], found: FoundAliases) -> list[Mention]:
        """Return the mentions of what scan() found, each marked negated or not. A name of several products means
        the one also named outright ("GitHub Copilot ... Copilot"), or the company's named beside it ("GitHub")."""
        out = [Mention(a.ids, a.role, t, self.negated(words, i, t)) for i, t, aliases in found for a in aliases]
        out = [m for m in out if len(m.ids) < 2 or not any(
            n.role == m.role and n.ids < m.ids and n.negated == m.negated for n in out)]
        companies = {i for m in out if m.role == "company" and not m.negated for i in m.ids}
        narrowed = []
        for m in out:  # what it runs itself first ("Copilot Chat from Microsoft"), unless context words say ("repos")
            wide = frozenset(i for i in m.ids if m.role == "platform" and self.run_by.get(i, frozenset()) & companies)
            exact = frozenset(i for i in wide if self.operator.get(i) in companies)
            own = exact if exact and self.in_context(words, wide) <= exact else wide
            narrowed.append(Mention(own, m.role, m.text, m.negated) if own else m)
        return narrowed + self.clouds_for(narrowed)

    def clouds_for(self, mentions: list[Mention], makers: set[str] | None = None) -> list[Mention]:
        """Return the platforms a cloud named beside another maker's model means ("gpt-4o on azure": Microsoft
        Foundry; "claude on google cloud": Vertex AI), not every product of the cloud's company that uses it.
        makers: the model makers meant (default: the models named)."""
        if makers is None:
            makers = {i for m in mentions if m.role == "model" and not m.negated for i in m.ids}
        return [Mention(frozenset({plat}), "platform", m.text, m.negated) for m in mentions
                if m.role == "company" and (plat := self.clouds.get(m.text)) and makers - m.ids
                and not makers <= self.run_by.get(plat, frozenset())]

    @staticmethod
    def negated(words: list[str], i: int, name: str = "") -> bool:
        """Return whether the name at i follows a negation ("not Bedrock", "in plaats van X", "no X license")."""
        j, end = i - 1, i + len(name.split())
        while j >= 0 and i - j <= 3 and words[j] in SKIPPABLE:
            j -= 1
        h = j - 1 if j >= 0 and words[j] in _OF else j  # "sin licencia de X", "without a license for X"
        held = h >= 0 and words[h] in _HELD and any(w in NEGATORS or w in ("no", "non") for w in words[max(h - 2, 0):h])
        return j >= 0 and (held or words[j] in NEGATORS
                           or (words[j] == "no" and not _HELD.isdisjoint(words[end - 1:end + 1]))
                           or any(k + 1 >= len(p) and tuple(words[k + 1 - len(p):k + 1]) == p
                                  for k in range(j, i) for p in NEGATING.get(words[k], ())))

    def satisfied(self, mention: Mention, providers: Iterable[str], platforms: Iterable[str]) -> bool:
        """Return whether an entry about these providers and platforms covers the mention."""
        provs, plats = set(providers), set(platforms)
        if mention.role == "platform":
            return bool(mention.ids & plats)
        if mention.ids & provs:
            return True
        if mention.role == "company":
            return any(self.run_by.get(p, frozenset()) & mention.ids for p in plats)
        return False


def _api_beside(words: list[str], start: int, end: int) -> bool:
    """Return whether "API" follows the name at words[start:end] (a version may stand between) or precedes it
    (perhaps with a preposition)."""
    after = next((k for k in range(end, min(end + 3, len(words))) if not VERSION.fullmatch(words[k])), end + 3)
    before = words[max(start - 2, 0):start]  # "API of ChatGPT", "l'API OpenAI" (no punctuation between: the caller)
    return (after < len(words) and words[after] in API_WORDS) or (bool(before) and before[-1] in API_WORDS) or (
        len(before) == 2 and before[1] in _API_OF and before[0] in API_WORDS)


def _api_in_one_clause(text: str, name: str) -> bool:
    """Return whether some clause of the text (between punctuation) holds both the name and "API"."""
    clauses = (normalise(clause).split() for clause in PUNCTUATION.split(text))
    return any(f" {name} " in f" {' '.join(words)} " and API_WORDS & set(words) for words in clauses)
