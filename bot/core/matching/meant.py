"""Which product a consumer product's bare name means, read from the rest of the text: "ChatGPT" is the OpenAI API
where the text speaks of what only the API has, and OpenAI's models where the text reaches a cloud that runs them
through it ("ChatGPT via Azure OpenAI")."""

from __future__ import annotations

import re
from functools import lru_cache

from bot.core.matching.analysis import Analysis
from bot.core.matching.entities import NO, EntityIndex, Mention
from bot.core.matching.passing import LIST_WORDS
from bot.core.matching.text import fold, normalise
from bot.core.matching.vocabulary import VOCABULARY, contains_phrase, read_phrases, read_words

API_ONLY = read_phrases("api-only")
THROUGH = read_words("through")
_TEAMS = frozenset("team teams for".split())
_ON = frozenset("on with under auf mit im sur avec en con no na com su nel op met".split())  # "the app on a plan"
_DET = frozenset("the our a an my unserem unseren unserer dem den notre le la nuestro el nosso o il nostro onze het de "
                 "ons".split())
_APART = frozenset("than vs versus different unlike website browser web app interface ui sondern statt plutot "
                   "que".split())  # the API set against another way of using the app
_THEIRS = frozenset("their its ihre ihrer leur leurs su sus sua suas loro hun".split())  # another's API
BY_MEANS = THROUGH - read_words("through-places")  # "via", "über", "tramite"; not "in", "on": "ChatGPT in the API"


def meant(a: Analysis, index: EntityIndex) -> list[Mention]:
    """Return the names asked about, each consumer product's bare name read as what the text means by it."""
    return plan_meant(maker_meant(api_meant(a, index), index, a.text), index, a.text)


def plan_meant(mentions: list[Mention], index: EntityIndex, text: str) -> list[Mention]:
    """Return the names asked about, an app's name that names none of its own plans read as its maker's business
    product (one with plans) where the text names that product's plan right after it, the plan's name ending there
    ("claude.ai Enterprise train…": "Claude Enterprise" names Claude for Work; "the ChatGPT app for teams?"; not
    "claude.ai enterprise customers"). The app's own words too ("my personal account"), or the business product
    named outright, leave it: the text sets the two apart. (Its words anywhere in the text were tried on 7
    December: another vendor's "enterprise plan", a plan not bought, "our team plan is to…" read so.)"""
    apps = [m for m in mentions if _bare_app(m, index)]
    if not apps:  # most messages name no app of a maker with a business product
        return mentions
    words, named = normalise(text).split(), {i for m in mentions for i in m.ids}

    def read(m: Mention) -> Mention:
        if m not in apps:
            return m
        siblings, plans, plan_words = _family(index, next(iter(m.ids)))
        if siblings & named or index.in_context(words, m.ids):
            return m
        said, first = m.text.split(), m.text.split()[0]
        for i in (i for i in range(len(words)) if len(said) > 1 and words[i:i + len(said)] == said):  # (one word
            # and a plan after it is the business product's own name, read as such where the text says it)
            after = words[i + len(said):i + len(said) + 3]
            for k in range(len(after), 0, -1) if after and after[0] in plan_words else ():  # "claude enterprise"
                found, rest = index.scan([first, *after[:k]])
                own = {i for _, _, aliases in found for a in aliases if a.role == "platform" for i in a.ids}
                if not rest and len(found) == 1 and len(own) == 1 and own <= siblings and _ends(
                        words, i + len(said) + k, text) and not _TEAMS.issuperset(after[:k]):  # "the claude.ai
                    # team" are people, "the ChatGPT app for Teams" is Microsoft Teams
                    return Mention(frozenset(own), "platform", m.text)
            near = words[i + len(said):i + len(said) + 6]  # "… keeps chats on the Enterprise plan"
            plan = {p for p, c in plans if c[1] in near for n in range(1, len(near) - 1) if tuple(near[n:n + 2]) == c
                    and _on(near[:n]) and NO.isdisjoint(words[max(i - 4, 0):i] + near[:n])}  # not "isn't on it"
            if len(plan) == 1 and _clause(text, said, near[:near.index("plan") + 1] if "plan" in near else near):
                return Mention(frozenset(plan), "platform", m.text)
        return m

    return [read(m) for m in mentions]


def either(asked: tuple[Mention, ...], named: tuple[Mention, ...], index: EntityIndex, text: str) -> tuple[
        Mention, ...]:
    """Return a question sentence's names, an app's bare name read as the app or its maker's business product where
    another sentence names that product ("We're on Claude Team. Does the Claude app keep our chats?"): which one is
    meant is asked back, never guessed (a breaker's 242 messages on 7 December: reading the app as the business
    product gave 52 wrong answers, for people who use the app apart from it, before it, or not yet)."""
    editions = {i for m in named if m.role == "platform" and not m.negated for i in m.ids}
    words = normalise(text).split()

    def read(m: Mention) -> Mention:
        own, said = _bare_app(m, index), m.text.split()  # its plans' names, right after it too ("claude.ai Pro")
        if not own or index.in_context(words, m.ids) or any(
                words[i:i + len(said)] == said and not own.isdisjoint(words[i:i + len(said) + 2])
                for i in range(len(words))) or any(m.ids <= x.ids and not own.isdisjoint(x.text.split())
                                                   for x in named):
            return m  # (or one of its plans named in another sentence: "I'm on Claude Max personally…")
        return Mention(m.ids | (_family(index, next(iter(m.ids)))[0] & editions), m.role, m.text)

    return tuple(read(m) for m in asked) if editions else asked


def _on(before: list[str]) -> bool:
    """Return whether the words before a plan's name put the app on it ("on our", "with the", "im"), at most two
    words after the app's name ("the Claude app keeps chats on the Team plan"; not "… long before we were on…")."""
    k = len(before) - (2 if len(before) > 1 and before[-1] in _DET else 1)
    return bool(before) and before[k] in _ON and k <= 2


def _clause(text: str, said: list[str], near: list[str]) -> bool:
    """Return whether the app's name and the words after it up to the plan stand in one clause of the text."""
    return any(" ".join(said + near) in normalise(c) for c in re.split(r"[.;:!?,()\n—–]", text))


def _ends(words: list[str], k: int, text: str) -> bool:
    """Return whether a plan's name ends at words[k]: at the text's end or a clause's, or before a word asking about
    the data ("claude.ai Enterprise train on…"; not "claude.ai enterprise customers", "… enterprise-grade")."""
    if k >= len(words):
        return True
    nxt = words[k]
    return bool(VOCABULARY.aspects_of_word(nxt)) or nxt in VOCABULARY.privacy or nxt in VOCABULARY.topics or bool(
        re.search(rf"\b{re.escape(words[k - 1])}\s*[,.;:!?()]", fold(text)))


@lru_cache(maxsize=64)
def _family(index: EntityIndex, pid: str) -> tuple[frozenset[str], tuple[tuple[str, tuple[str, ...]], ...],
                                                   frozenset[str]]:
    """Return an app's maker's products with plans, their plans' names, and the words of those products' names
    after the maker's ("team", "enterprise", "for": of "Claude Team", "Claude for Work")."""
    plans = tuple((p, c) for p, op in sorted(index.operator.items()) if op == index.operator[pid] and p != pid
                  for c in index.context.get(p, ()) if len(c) == 2 and c[1] == "plan")
    siblings = frozenset(p for p, _ in plans)
    names = (normalise(a).split() for p in siblings for a in index.entities.platforms[p].aliases)
    return siblings, plans, frozenset(w for n in names for w in n[1:])


def _bare_app(m: Mention, index: EntityIndex) -> frozenset[str]:
    """Return the words of an app's own plans where a mention names the app (one with plans) without them, else
    nothing ("claude.ai", "ChatGPT"; not "Claude Pro", a business product, a negated name)."""
    own = _plans(index, next(iter(m.ids))) if m.role == "platform" and len(m.ids) == 1 and not m.negated else (
        frozenset())
    return own if own.isdisjoint(m.text.split()) else frozenset()


@lru_cache(maxsize=64)
def _plans(index: EntityIndex, platform: str) -> frozenset[str]:
    """Return the words that name a consumer app's own plans ("free", "pro", "max": of "free plan"…); empty for a
    product with none, or a business product (no personal account among its words)."""
    own = index.context.get(platform, frozenset())
    return frozenset(c[0] for c in own if len(c) == 2 and c[1] == "plan") if ("personal", "account") in own else (
        frozenset())


def api_meant(a: Analysis, index: EntityIndex) -> list[Mention]:
    """Return the names asked about, a consumer product's bare name (no plan: "ChatGPT", not "ChatGPT Plus") read as
    its API (`api_platform`) where the text speaks of the API and of something only an API has
    (`vocabulary/api-only.txt`: "the Playground … is it part of the API?", "fine-tune ChatGPT … via the API"), or
    reaches it through the API in one phrase ("we call ChatGPT through the API", "ChatGPT über die API")."""
    products = [m for m in a.positive if m.role == "platform" and len(m.ids) == 1 and (
        next(iter(m.ids)) in index.product_api)]
    words = normalise(a.text).split() if products else []  # most messages name no such product: nothing to read
    if "api" not in words:
        return list(a.positive)
    only = contains_phrase(words, API_ONLY)
    return [Mention(frozenset({index.product_api[pid]}), "platform", m.text) if m in products and bare(
        m.text, index, pid := next(iter(m.ids))) and not index.in_context(words, m.ids) and (
        only or _via_api(words, m.text, a.text)) else m for m in a.positive]


def _via_api(words: list[str], name: str, text: str) -> bool:
    """Return whether a name is reached through the API in one phrase that ends the clause or goes on to ask about
    the data ("we call ChatGPT through the API, is…", "ChatGPT via the API for training?"), not denied ("ChatGPT,
    not via the API"), set against another way ("… or the app?", "… than the website", "… marketing uses the
    website") or through someone else's API ("… via their API", "… the API of our vendor", "… that HubSpot
    provides")."""
    said = name.split()
    if not _APART.isdisjoint(words) or not LIST_WORDS.isdisjoint(words[words.index(said[0]):]):
        return False
    for i in (i for i in range(len(words)) if words[i:i + len(said)] == said):
        end = i + len(said)
        api = next((k for k in range(end + 1, min(end + 6, len(words))) if words[k] == "api"), None)
        if api is None or not _through(words[i:api + 1], name, "api", BY_MEANS) or not _THEIRS.isdisjoint(
                words[end:api]) or not NO.isdisjoint(words[max(i - 4, 0):api]):
            continue
        nxt = words[api + 1] if api + 1 < len(words) else ""
        if not nxt or VOCABULARY.aspects_of_word(nxt) or (nxt == "for" and api + 2 < len(words) and bool(
                VOCABULARY.aspects_of_word(words[api + 2]))) or re.search(r"\bapi\s*[,.;:!?)–—-]", fold(text)):
            return True
    return False


def maker_meant(mentions: list[Mention], index: EntityIndex, text: str) -> list[Mention]:
    """Return the names asked about, the bare name of a model maker's own app ("ChatGPT", "Le Chat": those with an
    `api_platform`) read as the maker's models where the text reaches a cloud platform that runs other makers'
    models through it, in one phrase: "ChatGPT via the Azure OpenAI Service" is OpenAI's models on Azure, not the
    app. Not where the two are named apart ("we block ChatGPT but allow Azure OpenAI", "unlike ChatGPT, Azure
    OpenAI…"), nor a cloud company's bare name ("ChatGPT runs on Azure" is OpenAI's own hosting)."""
    hosts = set(index.clouds.values())
    clouds = [m for m in mentions if m.role == "platform" and m.ids & hosts and not m.negated]
    if not clouds:  # most messages name no cloud platform: nothing to read
        return mentions
    words, runs = normalise(text).split(), {index.operator.get(i) for c in clouds for i in c.ids}

    def read(m: Mention) -> Mention:
        pid = next(iter(m.ids))
        if m.role != "platform" or len(m.ids) != 1 or m.negated or pid not in index.product_api:
            return m
        maker = index.operator[pid]  # its bare name, without its own words ("my personal account"), through the cloud
        if maker in runs or not bare(m.text, index, pid) or index.in_context(words, m.ids) or not any(
                _through(words, m.text, c.text, THROUGH) for c in clouds):
            return m
        return Mention(frozenset({maker}), "model", m.text)

    return [read(m) for m in mentions]


def _through(words: list[str], name: str, platform: str, means: frozenset[str]) -> bool:
    """Return whether a platform's name follows a name with only a word of reaching it (means) and function words
    between (one to three words: "ChatGPT via the Azure OpenAI Service")."""
    first, then = name.split(), platform.split()
    for i in range(len(words)):
        if words[i:i + len(first)] == first:
            end = i + len(first)
            for j in range(end + 1, min(end + 4, len(words)) + 1):
                between = words[end:j]
                if words[j:j + len(then)] == then and not means.isdisjoint(between) and all(
                        w in means or w in VOCABULARY.stopwords for w in between):
                    return True
    return False


def bare(name: str, index: EntityIndex, platform: str) -> bool:
    """Return whether a name is a product's bare name: no shorter name of it starts it ("ChatGPT Plus")."""
    said = name.split()
    return not any(len(n := normalise(alias).split()) < len(said) and said[:len(n)] == n
                   for alias in index.entities.platforms[platform].aliases)
