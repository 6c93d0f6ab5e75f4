"""The triage message in every state, the asker's messages and the triage modals: structure, escaping, masking,
Block Kit limits (to_dict() runs slack_sdk's validation)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from bot.core.drafts import FIELDS, parse_draft
from bot.core.escalations import CloseReason, Escalation, NearMiss, Notice, Status
from bot.core.questions import Question, Source
from bot.slack import asker_blocks as ab
from bot.slack import triage_blocks as tb
from bot.slack.blocks import build_answer
from bot.slack.triage_views import build_answer_form, build_refused, build_send_entry_form, chosen_entry, form_values

NOW = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.timezone.utc)
EVIL = "Can I paste <!channel> data for jo@example.com, +44 20 7946 0958, into Mistral? <@UVICTIM> &amp; <https://x|y>"
QUESTION = Question(team="T1", channel="C0GENERAL", ts="1764000000.000100", asker="U0ASKER1", text=EVIL,
                    source=Source.MENTION)
TITLES = {"claude-microsoft-foundry": "Claude models in Microsoft Foundry", "openai-api": "OpenAI API"}
DRAFT, _ = parse_draft({
    "title": "Mistral <!here> on Vertex AI", "summary": "Google processes prompts as a processor <@U1>; Mistral "
    "does not see them.", "processor": "Google: data processor (prompts and outputs)\nMistral AI: model provider",
    "retention_what": "Prompts", "retention_duration": "not publicly specified",
    "governance": "Google Cloud DPA https://cloud.google.com/terms/data-processing-addendum",
    "references": "Vertex AI data governance https://cloud.google.com/vertex-ai/generative-ai/docs/data-governance"})


def escalation(status: Status = Status.OPEN, **kw) -> Escalation:
    base = {"question_id": 42, "status": status, "why": "no entry <!here> covers Mistral", "triage_channel": "CT",
            "near_misses": (NearMiss(entry_id="claude-microsoft-foundry", score=0.4123),
                            NearMiss(entry_id="openai-api", score=0.31)), "created_at": NOW}
    return Escalation(**{**base, **kw})


def dump(blocks) -> str:
    return json.dumps([b.to_dict() for b in blocks], ensure_ascii=False)


def action_ids(message) -> list[str]:
    return [e["action_id"] for b in message.blocks if b.type == "actions" for e in b.to_dict()["elements"]]


def test_the_open_triage_message_shows_everything_and_every_button():
    message = tb.build_triage_message(escalation(), QUESTION, titles=TITLES,
                                      permalink="https://fake.slack.com/archives/C0GENERAL/p1764000000000100")
    out = dump(message.blocks) + message.text
    for live in ("<!channel>", "<@UVICTIM>", "<!here>", "jo@example.com", "7946"):
        assert live not in out, live
    assert "y (https://x)" in out  # a web link the question was sent with shows its address (Slack links it)
    assert "&lt;!channel&gt;" in out and "[e-mail removed]" in out and "[phone number removed]" in out
    assert "Asked by <@U0ASKER1> in <#C0GENERAL> (<https://fake.slack.com/archives/C0GENERAL/p1764000000000100|" in out
    assert "Claude models in Microsoft Foundry (`claude-microsoft-foundry`): score 0.41" in out
    assert "OpenAI API (`openai-api`): score 0.31" in out
    assert "*Open*" in out and "(#42)" in message.text
    assert action_ids(message) == [tb.ACTION_CLAIM, tb.ACTION_ANSWER, tb.ACTION_SEND_ENTRY, tb.ACTION_CLOSE]
    values = [e.get("value") for b in message.blocks if b.type == "actions" for e in b.to_dict()["elements"]]
    assert values[:3] == ["42", "42", "42"]
    overflow = message.blocks[-1].to_dict()["elements"][-1]
    assert [o["value"] for o in overflow["options"]] == ["42:not_privacy", "42:duplicate"]


@pytest.mark.parametrize("esc, status, buttons", [
    (escalation(Status.CLAIMED, claimed_by="UT1", claimed_at=NOW), "*Claimed* by <@UT1>",
     [tb.ACTION_ANSWER, tb.ACTION_SEND_ENTRY, tb.ACTION_CLOSE]),
    (escalation(Status.ANSWERED, answered_by="UT2", answered_at=NOW, draft=DRAFT), "*Answered* by <@UT2>", []),
    (escalation(Status.ANSWERED, answered_by="UT2", answered_at=NOW, entry_id="openai-api"), "_OpenAI API_", []),
    (escalation(Status.CLOSED, closed_by="UT3", closed_at=NOW, close_reason=CloseReason.DUPLICATE),
     "*Closed* by <@UT3>", []),
    (escalation(Status.EXPIRED), "*Expired*: nobody answered before the question was removed", []),
])
def test_each_state_shows_who_and_only_the_buttons_that_still_apply(esc, status, buttons):
    message = tb.build_triage_message(esc, QUESTION, titles=TITLES)
    assert status in dump(message.blocks)
    assert action_ids(message) == buttons


@pytest.mark.parametrize("status, given_up, said", [
    (Status.ANSWERED, Notice.ASKER_ANSWER, "the answer reached <@U0ASKER1> neither in their channel nor by direct"),
    (Status.CLOSED, Notice.ASKER_CLOSED, "the note that this question was closed reached <@U0ASKER1> neither"),
    (Status.OPEN, Notice.ASKER_NOTICE, "the note that the privacy team has this question reached <@U0ASKER1>"),
])
def test_the_triage_message_says_when_a_message_for_the_asker_was_not_delivered(status, given_up, said):
    esc = escalation(status, answered_by="UT2", answered_at=NOW, draft=DRAFT, closed_by="UT3", closed_at=NOW)
    plain = tb.build_triage_message(esc, QUESTION, titles=TITLES)
    assert "Not delivered" not in dump(plain.blocks) and plain.text.endswith(f"[{status.value}]")
    message = tb.build_triage_message(esc.model_copy(update={"undelivered": given_up}), QUESTION, titles=TITLES)
    shown = dump(message.blocks)
    assert f":warning: *Not delivered*: {said}" in shown and "Please reach them another way." in shown
    assert message.text.endswith(f"[{status.value}, not delivered]")


def test_the_triage_thread_hears_where_the_askers_message_went_or_that_it_went_nowhere():
    assert tb.build_undelivered("U1", Notice.ASKER_ANSWER).text.startswith(
        ":warning: The answer could not be delivered to <@U1>: their channel refused it")
    assert tb.build_undelivered(None, Notice.ASKER_ADDED).text.startswith(
        ":warning: A message about this question could not be delivered to the asker")
    assert tb.build_delivered_by_dm("U1", "C0GONE", Notice.ASKER_ANSWER).text == (
        ":incoming_envelope: The answer went to <@U1> by direct message: <#C0GONE> refused it (archived, or the bot "
        "is no longer in it).")
    assert tb.build_delivered_by_dm("U1", "C0GONE", Notice.ASKER_CLOSED).text.startswith(
        ":incoming_envelope: The note that this question was closed went to <@U1> by direct message")


def test_where_a_question_was_asked():
    dm = QUESTION.model_copy(update={"source": Source.DM, "channel": "D0ASKER1"})
    command = QUESTION.model_copy(update={"source": Source.COMMAND, "ts": None})
    assert "in a direct message to me" in dump(tb.build_triage_message(escalation(), dm, titles={}).blocks)
    assert "with /privacy in <#C0GENERAL>" in dump(tb.build_triage_message(escalation(), command, titles={}).blocks)
    no_misses = tb.build_triage_message(escalation(near_misses=()), QUESTION, titles={})
    assert "none came close" in dump(no_misses.blocks)


def test_a_purged_question_still_renders():
    purged = QUESTION.model_copy(update={"text": "", "asker": ""})
    message = tb.build_triage_message(escalation(), purged, titles={})
    assert "<@>" not in dump(message.blocks) + message.text
    assert "removed after the retention period" in dump(message.blocks)


def test_a_huge_question_still_fits():
    huge = QUESTION.model_copy(update={"text": "word " * 5000})
    message = tb.build_triage_message(escalation(why="w" * 5000), huge, titles=TITLES)
    assert len(dump(message.blocks)) < 12_000 and len(message.text) < 4000


def test_the_written_answer_is_rendered_like_a_curated_one_and_marked(answers):
    message = ab.build_written_answer(DRAFT, answered_by="UT2", answered_at=NOW)
    out = dump(message.blocks) + message.text
    curated = build_answer(answers.entries["claude-microsoft-foundry"], question_id=1, today=NOW.date())
    heads = [b.to_dict()["text"]["text"].split("\n")[0] for b in message.blocks if b.type == "section"][1:]
    assert heads == ["*Processor*", "*Retention*", "*Governance*", "*References*"]
    assert [b.type for b in message.blocks][:2] == [b.type for b in curated.blocks][:2] == ["header", "section"]
    assert "Answered by <@UT2> of the privacy team on 2026-11-25 · not yet a curated entry" in out
    mrkdwn = json.dumps([b.to_dict() for b in message.blocks if b.type != "header"]) + message.text
    assert "<!here>" not in mrkdwn and "<@U1>" not in mrkdwn and "&lt;@U1&gt;" in mrkdwn
    assert message.blocks[0].to_dict()["text"]["type"] == "plain_text"  # Slack parses no mentions there
    assert "<https://cloud.google.com/terms/data-processing-addendum|Google Cloud DPA>" in out


def test_an_answer_sent_by_direct_message_quotes_the_question_it_answers():
    message = ab.build_written_answer(DRAFT, answered_by="UT2", answered_at=NOW, before=[ab.asked_block(EVIL)])
    quoted = message.blocks[1].to_dict()["text"]["text"]
    assert quoted.startswith("*You asked:*\n> Can I paste") and "[e-mail removed]" in quoted
    assert "<!channel>" not in quoted and "&lt;!channel&gt;" in quoted


def test_an_answered_follow_up_shows_the_answer_and_the_question_it_follows():
    earlier = Question(team="T1", channel="C0GENERAL", ts="1.1", asker="U0ASKER1", source=Source.MENTION,
                       text="Does Anthropic keep our prompts on Foundry? <!channel> jo@example.com")
    esc = escalation(follows=41, reading="Anthropic on Vertex AI <!here>",
                     near_misses=(NearMiss(entry_id="claude-microsoft-foundry", score=1.0),
                                  NearMiss(entry_id="openai-api", score=0.31)))
    shown = dump(tb.build_triage_message(esc, QUESTION, titles=TITLES, answered="claude-microsoft-foundry",
                                         earlier=earlier).blocks)
    assert "*Answered with* Claude models in Microsoft Foundry (`claude-microsoft-foundry`)" in shown
    assert "not close enough" not in shown and "*Entries considered*" in shown and "OpenAI API" in shown
    assert "*A follow-up to* (#41; read as _Anthropic on Vertex AI &lt;!here&gt;_)" in shown
    assert "Does Anthropic keep our prompts on Foundry?" in shown and "jo@example.com" not in shown
    assert "<!channel>" not in shown  # the earlier question is escaped and masked like the question itself
    compared = dump(tb.build_triage_message(escalation(), QUESTION, titles=TITLES, answered=tb.COMPARED).blocks)
    assert "*Answered with* curated entries side by side" in compared and "no entry covers" not in compared
    plain = dump(tb.build_triage_message(escalation(), QUESTION, titles=TITLES).blocks)
    assert "not close enough to answer with" in plain and "follow-up" not in plain


def test_asker_notices_and_the_reminder():
    assert "follow up on this answer" in ab.build_escalated("CT", answered=True).text
    assert "no vetted answer" not in ab.build_escalated_privately("CT", answered=True).text
    assert "no vetted answer" in ab.build_escalated("CT").text
    assert "<#CT>" in ab.build_escalated("CT").text and "in this thread" in ab.build_escalated("CT").text
    assert "direct message" in ab.build_escalated_privately("CT").text
    assert "duplicate" in ab.build_closed_for_asker(CloseReason.DUPLICATE).text
    assert "doesn't look like a data-privacy question" in ab.build_closed_for_asker(CloseReason.NOT_PRIVACY).text
    assert "waited 4 hours" in tb.build_reminder(dt.timedelta(hours=4)).text
    reminder = tb.build_reminder(dt.timedelta(minutes=30), usergroup="S0PRIV").text
    assert "waited 30 minutes" in reminder and reminder.startswith(":alarm_clock: <!subteam^S0PRIV>")
    claimed = tb.build_reminder(dt.timedelta(hours=4), usergroup="S0PRIV", claimed_by="UT1").text
    assert claimed.startswith(":alarm_clock: <@UT1> claimed this question 4 hours ago") and "subteam" not in claimed


def test_the_answer_form_has_one_input_per_field_and_reads_back(answers):
    esc = escalation(Status.CLAIMED, claimed_by="UT1")
    view = build_answer_form(esc, EVIL, user="UT2").to_dict()
    assert (view["callback_id"], view["private_metadata"]) == ("triage_answer_form", "42")
    inputs = [b for b in view["blocks"] if b["type"] == "input"]
    assert [b["block_id"] for b in inputs] == list(FIELDS)
    assert "<@UT1> has claimed this" in json.dumps(view) and "<!channel>" not in json.dumps(view)
    assert len(view["title"]["text"]) <= 24 and len(view["submit"]["text"]) <= 24
    state = {"values": {f: {f + "_input": {"type": "plain_text_input", "value": f"v-{f}"}} for f in FIELDS}}
    assert form_values({"state": state}) == {f: f"v-{f}" for f in FIELDS}
    assert "has claimed" not in json.dumps(build_answer_form(esc, EVIL, user="UT1").to_dict())


def test_the_send_entry_form_puts_the_nearest_entries_first(answers):
    view = build_send_entry_form(escalation(), EVIL, list(answers.entries.values()), user="UT1").to_dict()
    select = next(b for b in view["blocks"] if b["type"] == "input")["element"]
    groups = select["option_groups"]
    assert groups[0]["label"]["text"] == "Nearest to this question"
    assert [o["value"] for o in groups[0]["options"]] == ["claude-microsoft-foundry", "openai-api"]
    assert select["initial_option"]["value"] == "claude-microsoft-foundry"
    everything = [o["value"] for g in groups for o in g["options"]]
    assert sorted(everything) == sorted(answers.entries) and len(everything) == len(set(everything))
    state = {"values": {"entry": {"entry_input": {"selected_option": {"value": "openai-api"}}}}}
    assert chosen_entry({"state": state}) == "openai-api" and chosen_entry({}) is None


def test_the_duplicate_form_offers_the_other_questions_and_reads_back_the_one_chosen():
    from bot.slack.triage_views import build_duplicate_form, chosen_original

    others = [(escalation(Status.ANSWERED, question_id=7), EVIL), (escalation(question_id=8), "x " * 100),
              (escalation(Status.CLAIMED, question_id=9), "")]
    view = build_duplicate_form(escalation(Status.CLAIMED, claimed_by="UT1"), EVIL, others, user="UT2").to_dict()
    assert (view["callback_id"], view["private_metadata"]) == ("triage_duplicate_form", "42")
    select = next(b for b in view["blocks"] if b["type"] == "input")["element"]
    shown = [o["text"]["text"] for o in select["options"]]
    assert [o["value"] for o in select["options"]] == ["7", "8", "9"] and select["initial_option"]["value"] == "7"
    assert shown[0].startswith("#7 · answered · Can I paste <!channel> data for [e-mail removed]")  # plain text
    assert all(len(text) <= 75 for text in shown) and shown[2] == "#9 · claimed · (removed after the retention period)"
    assert "<@UT1> has claimed this" in json.dumps(view)
    state = {"values": {"original": {"original_input": {"selected_option": {"value": "8"}}}}}
    assert chosen_original({"state": state}) == 8 and chosen_original({}) is None
    bad = {"values": {"original": {"original_input": {"selected_option": {"value": "8; DROP"}}}}}
    assert chosen_original({"state": bad}) is None


@pytest.mark.parametrize("original, said", [
    (Status.ANSWERED, "duplicate of #7, which is answered: its answer goes to this asker too."),
    (Status.OPEN, "duplicate of #7, whose answer goes to this asker too once it has one."),
    (Status.CLOSED, "duplicate of #7, which was settled without an answer."),
])
def test_a_question_closed_as_a_duplicate_says_of_which_and_whether_its_answer_came(original, said):
    esc = escalation(Status.CLOSED, closed_by="UT3", closed_at=NOW, close_reason=CloseReason.DUPLICATE, duplicate_of=7)
    assert said in dump(tb.build_triage_message(esc, QUESTION, titles=TITLES, original=original).blocks)
    assert "*Closed* by <@UT3> (2026-11-25 12:00 UTC): duplicate." in dump(tb.build_triage_message(
        esc.model_copy(update={"duplicate_of": None}), QUESTION, titles=TITLES).blocks)  # closed before this release


def test_the_asker_of_a_duplicate_hears_whether_the_answer_follows_and_gets_it_marked():
    assert "one they have answered: their answer follows" in ab.build_closed_for_asker(
        CloseReason.DUPLICATE, original=Status.ANSWERED).text
    assert "their answer will come here too" in ab.build_closed_for_asker(CloseReason.DUPLICATE,
                                                                        original=Status.CLAIMED).text
    assert "will come here" not in ab.build_closed_for_asker(CloseReason.DUPLICATE, original=Status.EXPIRED).text
    message = ab.build_written_answer(DRAFT, answered_by="UT2", answered_at=NOW, before=[ab.relayed_block()])
    assert "(yours was closed as its duplicate), so here is their answer" in dump(message.blocks[1:2])


def test_the_refusal_view():
    view = build_refused("Only members of <#CT> can answer.").to_dict()
    assert "submit" not in view and "Only members" in json.dumps(view)


ESCAPE_HEAVY = {"ampersands": "How long does Mistral keep prompts on Vertex AI? R&D " + "& " * 700,
                "angles": "How long does Mistral keep prompts? " + " <" * 600,
                "xml": "How long does Mistral keep prompts on Vertex AI? Our config: " + "<a>" * 300,
                "lines": "How long does Mistral keep prompts on Vertex AI?\n" + "x\n" * 740,
                "entities": "Retention? " + "&amp;" * 790}


@pytest.mark.parametrize("name", ESCAPE_HEAVY)
def test_a_question_that_escaping_makes_longer_fits_every_block_it_is_quoted_in(name, answers):
    """Escaping can make a question five times longer (& is &amp;) and quoting adds two characters a line: every
    text is cut after both, never inside an entity, with an ellipsis (to_dict() raises above 3,000)."""
    from bot.core.questions import Handling, QuestionRecord
    from bot.slack.views import build_home

    text = ESCAPE_HEAVY[name]
    question = Question(team="T1", channel="C0GENERAL", ts="1764000000.000100", asker="U0ASKER1", text=text,
                        source=Source.COMMAND)
    earlier = escalation(follows=41, reading="Mistral on Vertex AI")
    record = QuestionRecord(id=42, question=question, handling=Handling.ESCALATE, entry_id=None, created_at=NOW)
    views = [build_answer_form(escalation(), text, user="UT1").to_dict(),
             build_send_entry_form(escalation(), text, list(answers.entries.values()), user="UT1").to_dict(),
             build_home(examples=[text] * 8, recent=[record] * 3).to_dict()]
    blocks = [*tb.build_triage_message(earlier, question, titles=TITLES, earlier=question).blocks,
              ab.asked_block(text)]
    sections = [b["text"]["text"] for v in views for b in v["blocks"] if b["type"] == "section"]
    sections += [b.to_dict()["text"]["text"] for b in blocks if b.type == "section"]
    quoted = [s for s in sections if "keep prompts" in s or "Retention?" in s]
    assert len(quoted) >= 6
    for shown in quoted:
        assert len(shown) <= 3000 and "…" in shown[-3:], (name, len(shown))
        assert "<" not in shown.replace("<@U0ASKER1>", "")  # nothing live; no entity cut in two:
        assert all(m in ("&amp;", "&lt;", "&gt;") for m in __import__("re").findall(r"&[a-z]*;?", shown))


@pytest.mark.parametrize("language", ["de", "fr", "es", "pt", "it", "nl", "ja"])
def test_the_asker_hears_the_privacy_team_has_the_question_in_their_language_too(language):
    from slack_sdk.models.blocks import ContextBlock

    from bot.core.phrases import HANDED_OVER
    from bot.slack.mrkdwn import escape

    for message in (ab.build_escalated("CT", language=language), ab.build_escalated_privately("CT", language=language)):
        first = message.blocks[0]
        assert isinstance(first, ContextBlock) and first.elements[0].text == escape(HANDED_OVER[language])
        assert "privacy team in <#CT>" in message.blocks[1].text.text
    assert len(ab.build_escalated("CT").blocks) == 1  # English: the notice alone


@pytest.mark.parametrize("language", ["de", "fr", "es", "pt", "it", "nl", "ja"])
def test_the_asker_who_asked_again_hears_so_in_their_language_too(language):
    from slack_sdk.models.blocks import ContextBlock

    from bot.core.phrases import AGAIN
    from bot.slack.mrkdwn import escape

    for build in (ab.build_escalated, ab.build_escalated_privately):
        message = build("CT", language=language, again=True)
        first = message.blocks[0]
        assert isinstance(first, ContextBlock) and first.elements[0].text == escape(AGAIN[language])
        assert "privacy team in <#CT> again, with what you said" in message.blocks[1].text.text
    assert len(ab.build_escalated("CT", again=True).blocks) == 1
