"""Block Kit messages: structure, limits (a huge entry still fits), escaping, overdue warnings."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from slack_sdk.models.blocks import ActionsBlock, ContextBlock, HeaderBlock, SectionBlock

from bot.core.models import Reference
from bot.core.questions import Handling, Question, QuestionRecord, Source
from bot.core.replies import Choice, Note
from bot.slack import blocks as b
from bot.slack.mrkdwn import escape, fair_caps, lines_within, neutralize, shorten
from bot.slack.note_blocks import build_note
from bot.slack.views import build_feedback_modal, build_home

TODAY = dt.date(2026, 11, 25)
ENTRY_ID = "claude-microsoft-foundry"


@pytest.fixture
def entry(answers):
    return answers.entries[ENTRY_ID]


def dump(message: b.Message) -> str:
    """Serialise as WebClient would; to_dict() runs slack_sdk's validation and raises on a limit."""
    return json.dumps([block.to_dict() for block in message.blocks])


def section_texts(message: b.Message) -> list[str]:
    return [blk.text.text for blk in message.blocks if isinstance(blk, SectionBlock)]


def test_answer_structure(entry):
    message = b.build_answer(entry, question_id=7, today=TODAY)
    dump(message)
    assert isinstance(message.blocks[0], HeaderBlock)
    assert message.blocks[0].text.text == entry.title
    texts = section_texts(message)
    for heading in ("Processor", "Retention", "Training use", "Data location", "Governance", "Caveats", "References"):
        assert any(t.startswith(f"*{heading}*\n") for t in texts), heading
    assert "Anthropic" in texts[0]
    link = "<https://learn.microsoft.com/en-us/azure/foundry/responsible-ai/claude-models/data-privacy|"
    assert link in dump(message)
    context = next(blk for blk in message.blocks if isinstance(blk, ContextBlock)).elements[0].text
    assert context == f"Reviewed {entry.reviewed_on.isoformat()} · owner @privacy-team · entry {ENTRY_ID}"
    actions = message.blocks[-1]
    assert isinstance(actions, ActionsBlock)
    assert [e.action_id for e in actions.elements] == [b.ACTION_HELPFUL, b.ACTION_NOT_HELPFUL, b.ACTION_ESCALATE]
    assert {e.value for e in actions.elements} == {f"7:{ENTRY_ID}"}
    assert message.text.startswith(entry.title) and ENTRY_ID in message.text
    assert "Overdue" not in dump(message)


def test_private_answers_can_be_shared(entry):
    message = b.build_answer(entry, question_id=7, today=TODAY, shareable=True)
    assert message.blocks[-1].elements[0].action_id == b.ACTION_SHARE


def test_an_overdue_entry_is_shown_with_a_warning(entry):
    late = entry.review_due() + dt.timedelta(days=1)
    message = b.build_answer(entry, question_id=1, today=late)
    assert "Overdue for review" in section_texts(message)[0]
    assert message.text.startswith("[Overdue for review]")
    assert "overdue for review" in dump(message)


def huge(entry):
    long = "word " * 12_000
    refs = tuple(Reference(title=f"Reference {n} " + "t" * 400, url=f"https://example.com/{n}") for n in range(400))
    return entry.model_copy(update={
        "title": "T" * 150, "summary": long, "caveats": tuple(long[:5000] for _ in range(60)), "references": refs,
        "training_use": long, "data_location": "x&y " * 5000,
        "processor": entry.processor * 40,
    })


def test_a_huge_entry_is_shortened_to_block_kit_limits(entry):
    message = b.build_answer(huge(entry), question_id=1, today=TODAY, entry_url="https://git.example/{id}.yaml")
    dump(message)  # raises SlackObjectFormationError if a section or the header is too long
    texts = section_texts(message)
    assert len(message.blocks) <= b.MAX_BLOCKS
    assert all(len(t) <= b.SECTION_LIMIT for t in texts)
    assert sum(len(t) for t in texts) <= b.TEXT_BUDGET
    assert len(message.text) <= b.FALLBACK_LIMIT
    pointer = "shortened; full entry: <https://git.example/claude-microsoft-foundry.yaml|claude-microsoft-foundry>"
    assert pointer in texts[0]
    references = next(t for t in texts if t.startswith("*References*"))
    assert "more _(shortened" in references
    assert references.count("<https://example.com/") == references.count(">") - references.count("&gt;") - 1
    assert "&am " not in dump(message) and "&a " not in dump(message)


def test_text_from_entries_and_users_is_escaped(entry):
    evil = entry.model_copy(update={"summary": "Ping <!channel> and <@U123ABC> & <https://evil|click>",
                                    "owner": "<!here>"})
    out = dump(b.build_answer(evil, question_id=1, today=TODAY))
    assert "<!channel>" not in out and "<@U123ABC>" not in out and "<!here>" not in out and "<https://evil" not in out
    assert "&lt;!channel&gt;" in out and "&amp;" in out


def test_clarify_offers_one_button_per_option(answers, entry):
    other = entry.model_copy(update={"id": "claude-aws-bedrock", "title": "Claude in Amazon Bedrock " + "x" * 100})
    choices = [Choice(entry_id=e.id, title=e.title) for e in (entry, other)]
    message = b.build_clarify(choices, question_id=5)
    dump(message)
    actions = message.blocks[-1]
    ids = [e.action_id for e in actions.elements]
    assert ids == ["clarify_choose_0", "clarify_choose_1", b.ACTION_ESCALATE]
    assert [e.value for e in actions.elements] == [f"5:{ENTRY_ID}", "5:claude-aws-bedrock", "5:"]
    assert all(len(e.text.text) <= 75 for e in actions.elements)
    assert "Claude in Amazon Bedrock" in message.text


def test_a_clarify_for_a_comparison_names_what_the_pick_is_compared_with(entry):
    choices = [Choice(entry_id=entry.id, title=entry.title), Choice(entry_id="x", title="X")]
    message = b.build_clarify(choices, question_id=5, compare_with="ChatGPT <!channel> Enterprise")
    dump(message)
    intro = message.blocks[0].text.text
    assert "side by side with *ChatGPT &lt;!channel&gt; Enterprise*" in intro
    assert "side by side" not in b.build_clarify(choices, question_id=5).blocks[0].text.text


def test_decline_offers_the_privacy_team_anyway():
    message = b.build_decline(question_id=9)
    dump(message)
    button = message.blocks[-1].elements[0]
    assert (button.text.text, button.action_id) == ("Ask the privacy team anyway", b.ACTION_ESCALATE)
    assert button.value == "9:"
    assert message.text


@pytest.mark.parametrize("language", ["de", "fr", "es", "pt", "it", "nl", "ja"])
def test_a_question_back_a_decline_and_the_guide_say_one_line_in_the_askers_language(entry, language):
    from bot.core import phrases
    from bot.slack.conversation_blocks import build_help

    choices = [Choice(entry_id=entry.id, title=entry.title), Choice(entry_id="x", title="X")]
    for message, said in ((b.build_clarify(choices, question_id=5, language=language), phrases.CLARIFY),
                          (b.build_decline(question_id=9, language=language), phrases.DECLINE),
                          (build_help([("Anthropic", ("API",))], language=language), phrases.HELP),
                          (build_help([("Anthropic", ("API",))], which=True, language=language), phrases.WHICH)):
        dump(message)
        first = message.blocks[0]
        assert isinstance(first, ContextBlock) and first.elements[0].text == escape(said[language])
    assert not isinstance(b.build_decline(question_id=9).blocks[0], ContextBlock)  # English: no such line


def test_polite_replies_have_text():
    assert "40,000 characters" in b.build_too_long(40_000, 4000).text
    assert "10 questions" in b.build_rate_limited(10).text
    assert "Sorry" in build_note(Note.ERROR).text


def test_notes_name_only_checked_ids():
    assert "Only <@U0ASKER1> can pick" in build_note(Note.NOT_ASKER, {"asker": "U0ASKER1"}).text
    assert "<@" not in build_note(Note.NOT_ASKER, {"asker": "<!channel>"}).text
    refused = build_note(Note.TRIAGE_REFUSED, {"channel": "C0TRIAGE", "usergroup": "S1"}).text
    assert "<#C0TRIAGE> or of the privacy team's user group" in refused and "subteam" not in refused
    already = build_note(Note.TRIAGE_ALREADY, {"status": "closed", "by": "U7", "reason": "duplicate"}).text
    assert already == "Already closed by <@U7> (duplicate). Nothing was changed."


@pytest.mark.parametrize("language", ["de", "fr", "es", "pt", "it", "nl", "ja"])
@pytest.mark.parametrize("note", [Note.ALREADY_VOTED, Note.ALREADY_CHOSEN, Note.ALREADY_ESCALATED])
def test_a_note_to_the_asker_opens_with_a_line_in_their_language(note, language):
    from bot.core import phrases

    message = build_note(note, language=language)
    dump(message)
    first = message.blocks[0]
    assert isinstance(first, ContextBlock) and first.elements[0].text == escape(phrases.NOTES[note.value][language])
    assert message.text == build_note(note).text  # the note itself, in English, follows
    assert len(build_note(note).blocks) == 1  # English: the note alone
    assert len(build_note(Note.ERROR, language=language).blocks) == 1  # a note with no line: as before


def test_a_used_message_keeps_its_content_loses_its_buttons_and_says_who():
    original = [{"type": "header", "text": {"type": "plain_text", "text": "T"}},
                {"type": "actions", "elements": []}, {"type": "context", "elements": []}]
    message = b.build_resolved(original, action="chosen", user="U1", detail="Claude <b> & Bedrock")
    types = [blk["type"] for blk in message.blocks]
    assert types == ["header", "context", "context"]
    assert "<@U1> picked *Claude &lt;b&gt; &amp; Bedrock*" in json.dumps(message.blocks)


def record(n: int, handling, text="q", escalated=False) -> QuestionRecord:
    question = Question(team="T1", channel="C1", ts=f"{n}.1", asker="U1", text=text, source=Source.DM)
    at = dt.datetime(2026, 11, 25, 12, n % 60, tzinfo=dt.timezone.utc)
    return QuestionRecord(id=n, question=question, handling=handling, entry_id=ENTRY_ID if handling else None,
                          created_at=at, escalated_at=at if escalated else None)


def test_home_lists_recent_questions_with_status_escaped():
    recent = [record(1, Handling.ANSWER, "<!channel> retention?"), record(2, None),
              record(3, Handling.DECLINE, escalated=True)] + [record(n, Handling.CLARIFY) for n in range(4, 40)]
    view = build_home(examples=["Does Anthropic keep our prompts?"], recent=recent)
    out = json.dumps(view.to_dict())
    assert len(view.blocks) <= 100
    assert "&lt;!channel&gt; retention?" in out and "<!channel>" not in out
    assert f"answered (`{ENTRY_ID}`)" in out and "in progress" in out and "sent to the privacy team" in out
    assert "Does Anthropic keep our prompts?" in out and "/privacy" in out


def test_home_without_questions():
    out = json.dumps(build_home(examples=[], recent=[]).to_dict())
    assert "You haven't asked anything yet." in out


def test_feedback_modal():
    view = build_feedback_modal(feedback_id=12, question_id=34).to_dict()
    assert view["private_metadata"] == "12:34" and view["type"] == "modal"
    assert [blk.get("block_id") for blk in view["blocks"]][1:] == ["reason", "follow_up"]


def test_escaping_helpers():
    assert escape("a & <b> <!here>") == "a &amp; &lt;b&gt; &lt;!here&gt;"
    assert neutralize("&amp; <@U1>") == "&amp; &lt;@U1&gt;"


def test_shorten_cuts_at_words_and_never_inside_an_entity():
    assert shorten("short", 10) == "short"
    cut = shorten("aaaa &amp;&amp;&amp;&amp;&amp; bbbb", 20, "…")
    assert len(cut) <= 20 and cut.endswith("…") and not cut.rstrip(" …").endswith(("&", "&a", "&am", "&amp"))
    assert shorten("one two three four five six", 15, "…") == "one two three …"


def test_lines_within_keeps_whole_lines():
    lines = [f"line {n}" for n in range(100)]
    out = lines_within(lines, 50, "+{n} more")
    assert len(out) <= 50 and out.endswith("more") and all(p.startswith(("line", "+")) for p in out.split("\n"))
    assert lines_within(["a", "b"], 50, "+{n}") == "a\nb"


def test_fair_caps():
    assert fair_caps([10, 10], 100) == 10
    assert fair_caps([10, 1000, 1000], 1010) == 500


def test_every_question_and_escalation_state_reads_on_app_home():
    from bot.core.escalations import Escalation, Status
    from bot.slack.views import status_of

    rec = record(1, Handling.ESCALATE, escalated=True)
    for status in Status:
        esc = Escalation(question_id=1, status=status, why="w", triage_channel="C1", created_at=rec.created_at)
        assert status_of(rec, esc)
    for handling in Handling:
        assert status_of(record(2, handling))
    answered = Escalation(question_id=1, status=Status.ANSWERED, why="w", triage_channel="C1",
                          created_at=rec.created_at)
    slash = rec.model_copy(update={"question": rec.question.model_copy(update={"source": Source.COMMAND})})
    assert "thread" in status_of(rec, answered) and "direct message" in status_of(slash, answered)  # /privacy: a DM
    duplicate = answered.model_copy(update={"status": Status.CLOSED, "duplicate_of": 7})
    assert status_of(rec, duplicate) == ("closed by the privacy team as a duplicate of another question: its answer "
                                         "comes in the question's thread")
    assert status_of(slash, duplicate).endswith("its answer comes in a direct message")
