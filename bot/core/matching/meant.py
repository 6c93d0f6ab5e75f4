"""Which product a consumer product's bare name means, read from the rest of the text: "ChatGPT" is the OpenAI API
where the text speaks of what only the API has, ChatGPT Enterprise where the text names that edition, and OpenAI's
models where it names a cloud that runs them ("ChatGPT via Azure OpenAI")."""

from __future__ import annotations

from collections.abc import Collection

from bot.core.matching.analysis import Analysis
from bot.core.matching.entities import EntityIndex, Mention
from bot.core.matching.intent import impersonal
from bot.core.matching.segments import LONG
from bot.core.matching.text import normalise, width
from bot.core.matching.vocabulary import contains_phrase, read_phrases

API_ONLY = read_phrases("api-only")


def meant(a: Analysis, index: EntityIndex, covered: Collection[str]) -> list[Mention]:
    """Return the names asked about, each consumer product's bare name read as what the text means by it (the
    entries cover the ids in `covered`)."""
    return maker_meant(edition_meant(api_meant(a, index), index, covered, a.text), index, a.text)


def api_meant(a: Analysis, index: EntityIndex) -> list[Mention]:
    """Return the names asked about, a consumer product's bare name (no plan: "ChatGPT", not "ChatGPT Plus") read as
    its API (`api_platform`) where the text speaks of the API and of something only an API has
    (`vocabulary/api-only.txt`: "the Playground … is it part of the API?", "fine-tune ChatGPT … via the API")."""
    products = [m for m in a.positive if m.role == "platform" and len(m.ids) == 1 and (
        next(iter(m.ids)) in index.product_api)]
    words = normalise(a.text).split() if products else []  # most messages name no such product: nothing to read
    if "api" not in words or not contains_phrase(words, API_ONLY):
        return list(a.positive)
    return [Mention(frozenset({index.product_api[pid]}), "platform", m.text) if m in products and bare(
        m.text, index, pid := next(iter(m.ids))) and not index.in_context(words, m.ids) else m for m in a.positive]


def edition_meant(mentions: list[Mention], index: EntityIndex, covered: Collection[str], text: str) -> list[Mention]:
    """Return the names asked about, a family's bare name that no entry covers ("ChatGPT", "Amazon Q") read as the one
    edition an article also names by a longer name it opens ("ChatGPT Enterprise"): a long text in which no writer
    speaks calls the edition it is about by the family's name. Not in a message from someone, where the bare name is
    often the other edition ("we licensed ChatGPT Enterprise, but staff paste data into their personal ChatGPT"),
    nor where the family's own words are used ("free plan")."""
    editions = {n.ids for n in mentions if n.role == "platform" and len(n.ids) == 1 and not n.ids.isdisjoint(covered)}
    if not editions or not (width(text) > LONG and impersonal(text)):  # most messages name no edition
        return mentions

    def edition(m: Mention) -> frozenset[str] | None:  # the one edition named by a longer name it opens, of its maker
        said, maker = m.text.split(), {index.operator.get(i) for i in m.ids}
        found = {n.ids for n in mentions if n.ids in editions and n.text.split()[:len(said)] == said and len(
            n.text.split()) > len(said) and {index.operator.get(i) for i in n.ids} == maker}
        return next(iter(found)) if len(found) == 1 else None

    return [Mention(ids, "platform", m.text) if _consumer(m, index, text, covered) and (ids := edition(m)) else m
            for m in mentions]


def maker_meant(mentions: list[Mention], index: EntityIndex, text: str) -> list[Mention]:
    """Return the names asked about, the bare name of a model maker's own app ("ChatGPT", "Le Chat": those with an
    `api_platform`) read as the maker's models where the text names a cloud that runs other makers' models (Microsoft
    Foundry, Bedrock, Vertex AI): "ChatGPT via the Azure OpenAI Service" is OpenAI's models on Azure, not the app."""
    hosts = set(index.clouds.values())
    words = normalise(text).split()
    clouds = {index.operator.get(i) for m in mentions if m.role == "platform" for i in m.ids & hosts} | {
        index.operator.get(index.clouds[m.text]) for m in mentions if m.role == "company" and m.text in index.clouds
        and any(_beside(words, n.text, m.text) for n in mentions if n.ids.isdisjoint(m.ids))}  # "ChatGPT on Azure"
    if not clouds:  # most messages name no cloud: nothing to read
        return mentions
    out = [Mention(frozenset({maker}), "model", m.text) if _consumer(m, index, text) and next(iter(
        m.ids)) in index.product_api and (maker := index.operator[next(iter(m.ids))]) not in clouds else m
        for m in mentions]
    return out if out == mentions else out + [c for c in index.clouds_for(out) if c not in out]  # "… on Azure"


def _beside(words: list[str], name: str, cloud: str) -> bool:
    """Return whether a cloud's name follows a name within a few words ("ChatGPT on Azure", "ChatGPT via AWS")."""
    first, then = name.split(), cloud.split()
    return any(words[i:i + len(first)] == first and any(words[j:j + len(then)] == then for j in range(
        i + len(first), i + len(first) + 4)) for i in range(len(words)))


def _consumer(m: Mention, index: EntityIndex, text: str, covered: Collection[str] = ()) -> bool:
    """Return whether a mention is one product that no entry covers, by its bare name, without its own words."""
    return m.role == "platform" and len(m.ids) == 1 and m.ids.isdisjoint(covered) and bare(
        m.text, index, next(iter(m.ids))) and not index.in_context(normalise(text).split(), m.ids)


def bare(name: str, index: EntityIndex, platform: str) -> bool:
    """Return whether a name is a product's bare name: no shorter name of it starts it ("ChatGPT Plus")."""
    said = name.split()
    return not any(len(n := normalise(alias).split()) < len(said) and said[:len(n)] == n
                   for alias in index.entities.platforms[platform].aliases)
