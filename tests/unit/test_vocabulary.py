"""The vocabulary files: every word survives normalisation (or it could never match), and lists do not clash."""

from __future__ import annotations

from importlib import resources

import pytest

from bot.core.matching.text import normalise
from bot.core.matching.vocabulary import VOCABULARY, read_words

FILES = sorted(p.name.removesuffix(".txt") for p in
               resources.files("bot.core.matching").joinpath("vocabulary").iterdir() if p.name.endswith(".txt"))


def test_there_are_word_lists():
    assert {"stopwords", "privacy", "privacy-weak", "operational", "aspect-retention", "negators"} <= set(FILES)


@pytest.mark.parametrize("name", FILES)
def test_every_word_survives_normalisation(name):
    words = {w.removeprefix("-") if name == "senses" else w for w in read_words(name)}  # "-ing": a suffix
    broken = sorted(w for w in words if normalise(w) != w)
    assert broken == [], f"vocabulary/{name}.txt: these words change under normalise(): {broken}"


def test_privacy_and_operational_words_do_not_overlap():
    assert VOCABULARY.privacy & VOCABULARY.operational == set()
    assert VOCABULARY.weak_privacy & VOCABULARY.operational == set()


def test_every_privacy_topic_counts_as_privacy_or_an_aspect():
    # a topic names privacy on its own, so it must also weigh ("OpenAI APIのデータ保持期間は?" asks about retention)
    counted = VOCABULARY.privacy | {w for words in VOCABULARY.aspects.values() for w in words}
    assert sorted(read_words("privacy-topics") - counted - {"opt", "optout", "オプトアウト"}) == []
