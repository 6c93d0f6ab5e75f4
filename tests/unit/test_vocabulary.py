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
    words = {w.lstrip("-<>") if name in ("senses", "embedded") else w for w in read_words(name)}  # "-ing", "<me": marks
    words -= {"…"} if name == "ours" else set()  # "haben wir … unterschrieben": a gap of some words
    broken = sorted(w for w in words if normalise(w) != w)
    assert broken == [], f"vocabulary/{name}.txt: these words change under normalise(): {broken}"


def test_privacy_and_operational_words_do_not_overlap():
    assert VOCABULARY.privacy & VOCABULARY.operational == set()
    assert VOCABULARY.weak_privacy & VOCABULARY.operational == set()


def test_every_privacy_topic_counts_as_privacy_or_an_aspect():
    # a topic names privacy on its own, so it must also weigh ("OpenAI APIのデータ保持期間は?" asks about retention)
    counted = VOCABULARY.privacy | {w for words in VOCABULARY.aspects.values() for w in words}
    assert sorted(read_words("privacy-topics") - counted - {"opt", "optout", "オプトアウト"}) == []


@pytest.mark.parametrize(("text", "asks"), [
    ("cursor mi invia email di marketing", False), ("cursor m envoie des e mails", False),
    ("cursor me envia correos", False), ("cursor sendet mir newsletter", False),
    ("cursor invia il nostro codice a terzi", True), ("cursor envoie le code", True), ("cursor sendet den code", True),
])
def test_a_word_before_or_after_a_send_verb_can_make_it_send_to_the_asker(text, asks):
    # "mi invia email": it sends to me, no question of who processes data; "invia il nostro codice" asks it
    assert ("processor" in VOCABULARY.aspects_of(text.split())) is asks


@pytest.mark.parametrize(("text", "asks"), [
    ("how long does a session stay logged in", False), ("how long do i stay logged in", False),
    ("are prompts logged in the eu", True), ("everything is logged how long is it kept", True),
])
def test_staying_logged_in_is_a_session_not_a_log_of_data(text, asks):
    assert ("retention" in VOCABULARY.aspects_of(text.split())) is asks
