"""Property tests (hypothesis) over what hostile text reaches: normalisation, entity scanning, decide() and payload
parsing never raise, stay bounded and keep their invariants. tests/bench/bench_fuzz.py runs far more examples and
prints the slowest input."""

from __future__ import annotations

import re
import string

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bot.core.matching.compounds import compound_parts
from bot.core.matching.text import MAX_QUESTION_CHARS, clean, normalise, scrub
from bot.core.models import Outcome
from bot.core.questions import Source
from bot.slack import parsing
from bot.slack.parsing import PayloadError

# Text as Slack users produce it, plus what attackers add: markup fragments, mentions, entities, control
# characters, lone surrogates, emoji, other scripts, and product names.
PIECES = st.sampled_from([
    "<", ">", "<@U123ABC>", "<@U1|x", "<!channel>", "<#C1|gen>", "<https://x.example|a>", "&lt;", "&amp;", "&#x3c;",
    "`", ":smile:", "\x00", "\x07", "\ud800", "\udfff", "\u202e", "🙂", "日本語", "Ärger", "claude", "bedrock",
    "foundry", "azure openai", "retention", "train", "not", " ", "\n", "gpt-4o-2024-08-06", "+49 170 1234567",
])
TEXT = st.lists(st.one_of(PIECES, st.text(max_size=20)), max_size=60).map("".join)
FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(TEXT)
def test_clean_is_bounded_and_leaves_no_control_characters_or_surrogates(text):
    out = clean(text)
    assert len(out) <= MAX_QUESTION_CHARS
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff]", out)
    assert out == out.strip()


@FAST
@given(TEXT)
@example("モデルのトレーニングには自社のデータが使用されますか?")
@example("㉮ Ⅻ ﬁ")
def test_normalise_gives_lowercase_words_in_ascii_or_cjk(text):
    out = normalise(text)
    assert all(ch in string.ascii_lowercase + string.digits + " " or "\u3040" <= ch <= "\ud7af" for ch in out)
    assert "  " not in out and normalise(out) == out


@FAST
@given(TEXT)
def test_scrub_keeps_length_and_removes_what_storage_refuses(text):
    """Every character stays (a control character as a space) but the invisible format ones, which are removed."""
    out = scrub(text)
    hidden = re.findall("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]", text)
    assert len(out) == len(text) - len(hidden) and not any(c in out for c in hidden)
    out.encode("utf-8")  # PostgreSQL and the JSON logs take it
    assert "\x00" not in out


@FAST
@given(TEXT)
def test_entity_scanning_accounts_for_every_word(answers, text):
    words = normalise(text).split()
    found, rest = answers.matcher.index.scan(words)
    named = [i + k for i, alias, _ in found for k in range(len(alias.split()))]
    assert len(set(named)) == len(named)  # no word is two names
    assert rest == [part for j, w in enumerate(words) if j not in named for part in compound_parts(w)]


@FAST
@given(TEXT)
def test_decide_never_raises_and_never_answers_outside_the_set(answers, text):
    d = answers.decide(text)
    assert d.outcome in Outcome and len(d.question) <= MAX_QUESTION_CHARS
    if d.outcome is Outcome.ANSWER:
        assert d.entry_id in answers.entries
    assert set(d.options) <= set(answers.entries)


EVENT_VALUES = st.one_of(st.none(), st.integers(), TEXT, st.sampled_from(["C1", "U1", "1700.1", "T1"]),
                         st.lists(st.integers(), max_size=2), st.dictionaries(st.text(max_size=3), st.integers(),
                                                                              max_size=2))


@FAST
@given(st.dictionaries(st.sampled_from(["text", "user", "channel", "ts", "thread_ts", "team", "bot_id", "subtype"]),
                       EVENT_VALUES, max_size=8))
def test_parsing_any_event_gives_an_item_or_a_payload_error(event):
    try:
        key, item = parsing.message(event, team="T1", bot_user_id="UBOT", source=Source.MENTION)
    except PayloadError:
        return
    assert key.startswith("msg:") and len(item.question.text) <= MAX_QUESTION_CHARS


@FAST
@given(st.dictionaries(st.sampled_from(["user", "trigger_id", "response_url", "container", "message"]),
                       EVENT_VALUES, max_size=5), EVENT_VALUES)
def test_parsing_any_click_gives_an_item_or_a_payload_error(body, value):
    from bot.core.inbox import Action

    try:
        _, item = parsing.action(body, {"value": value, "action_ts": "1.1"}, Action.CLARIFY,
                                 hooks="https://hooks.slack.com/")
    except PayloadError:
        return
    assert item.response_url is None or item.response_url.startswith("https://hooks.slack.com/")
