"""Conversation in the core: help, comparisons, follow-ups, the aspect asked, parts not covered, languages; and the
service using them over in-memory ports."""

from __future__ import annotations

import pytest

from bot.core.inbox import Action, QuestionItem, Received
from bot.core.matching.analysis import analyse
from bot.core.matching.conversation import language_of
from bot.core.matching.matcher import Context
from bot.core.matching.segments import acknowledges
from bot.core.matching.text import MAX_QUESTION_CHARS
from bot.core.matching.uncovered import entry_text
from bot.core.models import Outcome
from bot.core.questions import Handling, Question, Source
from tests.fakes import NOW
from tests.unit.test_service import World, click, world  # noqa: F401  (the fixture)

BEDROCK = Context("Does AWS keep our prompts when we use Claude on Bedrock?", "claude-amazon-bedrock")


@pytest.mark.parametrize("text", ["help", "what can you answer?", "list", "Hilfe", "@privacy-bot help please",
                                  "Was kannst du beantworten?", "Qu'est-ce que tu peux répondre ?",
                                  "¿Qué puedes responder?", "O que você pode responder?", "Cosa puoi rispondere?",
                                  "Waar kun je antwoord op geven?", "何に答えられますか?",
                                  "Welche Produkte deckst du ab?", "lista", "lijst", "一覧", "Hilfe bitte",
                                  "aide s'il vous plaît", "ayuda por favor", "aiuto per favore", "hulp alsjeblieft"])
def test_help(answers, text):
    assert answers.decide(text).outcome is Outcome.HELP


def test_help_is_only_the_whole_message(answers):
    assert answers.decide("help: does Bedrock keep our prompts?").outcome is not Outcome.HELP
    assert answers.decide("hi, does Bedrock keep our prompts?").outcome is not Outcome.HELP
    assert answers.decide("thanks").outcome is Outcome.DECLINE  # an acknowledgement is no request for the guide


@pytest.mark.parametrize("text", ["", "<@U0123ABCD>", "?", "hi!", "hello privacy bot", "good morning", "Guten Morgen",
                                  "what can I ask you?", "What's covered?", "which products are covered?"])
def test_a_greeting_a_bare_mention_or_what_can_i_ask_gets_the_guide(answers, text):
    assert answers.decide(text).outcome is Outcome.HELP  # not "not a privacy question", nor the triage channel


def test_compare_names_each_offering_once(answers):
    d = answers.decide("Claude on Bedrock vs the Anthropic API — which keeps our prompts for less time?")
    assert d.outcome is Outcome.COMPARE
    assert d.compared == ("claude-amazon-bedrock", "anthropic-api") and d.missing == () and d.lead == "retention"


def test_fixed_facet_values_read_as_words_and_free_text_as_written():
    from bot.core.answering import facet_text
    from bot.core.models import Facet

    source = "https://example.com/terms"
    assert facet_text(Facet(value="not-applicable", source=source)) == "not applicable"  # was shown "not-applicable"
    assert facet_text(Facet(value="on-request", source=source)) == "on request"
    assert facet_text(Facet(value="30-day abuse monitoring", source=source)) == "30-day abuse monitoring"


def test_every_training_value_has_a_direct_answer_and_silence_is_said(answers):
    from typing import get_args

    from bot.core.answering import TRAINING, lead_parts
    from bot.core.models import Facet, Training

    assert set(TRAINING) == set(get_args(Training))
    entry = answers.entries["deepseek-api"]
    silent = Facet[Training](value="not-publicly-specified", source=entry.facets.trains_on_customer_data.source)
    entry = entry.model_copy(update={"facets": entry.facets.model_copy(update={"trains_on_customer_data": silent})})
    title, text = lead_parts(entry, "training")
    assert title == "Training use" and text.startswith("Not publicly specified (see below) — ")


def test_compare_narrows_a_platform_by_the_other_offerings_provider(answers):
    d = answers.decide("Bedrock vs the Anthropic API, which keeps less?")
    assert (d.outcome, set(d.compared)) == (Outcome.COMPARE, {"claude-amazon-bedrock", "anthropic-api"})


def test_compare_says_which_offering_has_no_entry(answers):
    d = answers.decide("Gemini API vs the Mistral Le Chat app: which one keeps our prompts for longer?")
    assert d.outcome is Outcome.COMPARE and d.compared == ("gemini-api",) and len(d.missing) == 1


def test_compare_never_pairs_names_by_guessing(answers):
    d = answers.decide("Mistral on Vertex vs Claude on Bedrock: which keeps less?")
    assert d.outcome is not Outcome.COMPARE and d.outcome is not Outcome.ANSWER


@pytest.mark.parametrize("question", [
    "Claude Code vs Cursor, which one keeps less of our code?",  # read together: Claude models in Cursor
    "ChatGPT Enterprise vs Codex: which is safer for our repo?",
    "Copilot vs ChatGPT, which keeps less data?",
    # a name after a comparative's "than" is the other side, not excluded ("other than X" excludes X)
    "Does ChatGPT Enterprise keep chats longer than Claude Enterprise?",
    "Does Azure OpenAI keep prompts longer than the OpenAI API?",
    # "better" is also an operational word: an unclear side goes to a person, not declined
    "Which is better for privacy: Copilot or Cursor?",
    "Which is better for privacy: Gemini or Copilot?",
    # a shared name ("Copilot Chat" may also mean Microsoft 365 Copilot) is no qualifier of the other side
    "Copilot Chat vs Microsoft 365 Copilot: does either keep our prompts?",
])
def test_a_comparison_whose_side_names_no_single_entry_is_never_answered_with_one_side(answers, question):
    d = answers.decide(question)
    assert d.outcome is Outcome.ESCALATE, (d.outcome, d.entry_id, d.reason)


@pytest.mark.parametrize("question", [
    "claude on vertex, google managed vs anthropic managed - what's the difference for our data?",
    "Data handling when using Claude Code with Vertex AI (vs. Claude Code on the API)",
])
def test_a_side_that_only_qualifies_what_the_other_names_is_no_offering(answers, question):
    from bot.core.matching.compare import sides
    from bot.core.matching.rules import UNCLEAR

    assert sides(answers.matcher, question) != UNCLEAR


def test_sides_are_read_apart_up_to_a_bound(answers):
    from bot.core.matching.compare import MAX_SIDES, sides
    from bot.core.matching.rules import UNCLEAR

    names = ["ChatGPT Enterprise", "Claude for Work", "Gemini API", "Cursor", "Slack AI", "Notion AI",
             "Zoom AI Companion"]
    assert sides(answers.matcher, " or ".join(names[:MAX_SIDES])) not in (None, UNCLEAR)  # each read
    assert sides(answers.matcher, " or ".join(names[:MAX_SIDES + 1])) == UNCLEAR  # too many: not read


def test_the_sides_of_a_comparison_are_read_apart(answers):
    d = answers.decide("Is ChatGPT Enterprise safer than Claude for Work for our data?")
    assert (d.outcome, set(d.compared)) == (Outcome.COMPARE, {"chatgpt-enterprise", "claude-for-work"})


@pytest.mark.parametrize(("question", "offerings"), [
    ("which is better for privacy: gemini api or openai api?", {"gemini-api", "openai-api"}),
    ("claude via bedrock or via vertex better for eu data residency?",
     {"claude-amazon-bedrock", "claude-google-vertex-ai"}),
    ("is the retention the same on bedrock and on vertex for claude?", {"claude-amazon-bedrock",
                                                                        "claude-google-vertex-ai"}),
    # alternatives offered for a privacy question, with no word for comparing
    ("Azure OpenAI or the OpenAI API for HIPAA data?", {"azure-direct-models", "openai-api"}),
    ("Should we use Claude on Bedrock or the Anthropic API for customer PII?",
     {"claude-amazon-bedrock", "anthropic-api"}),
    # a privacy question about two offerings at once, each named on its own side of "and"
    ("Do Claude for Work and the Anthropic API keep our prompts?", {"claude-for-work", "anthropic-api"}),
    ("Does Claude on Bedrock and Vertex keep prompts?", {"claude-amazon-bedrock", "claude-google-vertex-ai"}),
    ("Speichern ChatGPT Enterprise und Claude for Work unsere Prompts?", {"chatgpt-enterprise", "claude-for-work"}),
    ("Bewaren Cursor en GitHub Copilot onze code?", {"cursor", "github-copilot-business"}),
    ("Do Slack AI, Notion AI and Zoom AI Companion keep our data?", {"slack-ai", "notion-ai", "zoom-ai-companion"}),
    ("claude for work & chatgpt enterprise - training on our data?", {"claude-for-work", "chatgpt-enterprise"}),
    # a question, then the same asked again of another name in a follow-up sentence
    ("Does ChatGPT Enterprise train on our data? What about Claude for Work?",
     {"chatgpt-enterprise", "claude-for-work"}),
    ("Hi! Does Cursor keep our code? And GitHub Copilot?", {"cursor", "github-copilot-business"}),
    ("Is Claude for Work SOC 2 certified? And the API?", {"claude-for-work", "anthropic-api"}),
    ("ChatGPT Enterprise garde-t-il nos prompts ? Et Claude for Work ?", {"chatgpt-enterprise", "claude-for-work"}),
])
def test_a_comparison_on_a_privacy_word_is_compared_whatever_the_model_says(answers, question, offerings):
    # "better" is also an operational word, and the intent model has seen few comparisons
    d = answers.decide(question)
    assert (d.outcome, set(d.compared)) == (Outcome.COMPARE, offerings), d.reason


@pytest.mark.parametrize("text", [
    "bedrock vs vertex pricing for claude?",
    "is it the openai api, chatgpt or something different?",  # which product, not a comparison
    "Is it the API or ChatGPT Enterprise?",  # alternatives, but no privacy question
    "Azure OpenAI or the OpenAI API for higher rate limits in the EU?",  # alternatives for an operational need
    "Does Microsoft 365 Copilot send our data to Copilot Studio or not?",  # "or not" offers no alternative
    "O GitHub Copilot envia o nosso código para o Cursor?",  # Portuguese "o" is an article
    "I would like to propose a Vertex AI integration, a kind of Google AI Studio for data teams.",  # "of" is no "or"
    "Is GitHub Copilot with Claude and GPT models safe for our code?",  # one product, the models it uses
    "Does Microsoft 365 Copilot keep our data and train on it?",  # "and" joins two aspects
    "Does Claude for Work keep our chats and are they hosted on AWS?",  # and joins two questions of one product
    "Does Cursor send our code to the Anthropic API and the OpenAI API?",  # the product that sends it is asked of
    "Forget Cursor and GitHub Copilot, does Claude for Work keep code we paste?",
    "Is the Notion AI and Slack AI integration GDPR compliant?",  # one thing linking the two
    "Does Cursor keep our code, e.g. when it calls the Anthropic API?",  # "e" is Portuguese and Italian "and"
    "¿Cursor guarda el código en la API de OpenAI?",  # Spanish "en" is "in"
    "Do Claude for Work and the Anthropic API support SSO?",  # two offerings, no privacy question
    "Does Cursor keep our code? And does GitHub Copilot keep it too?",  # a second question of its own
    "Does Cursor keep our code? And for how long?",  # the same product asked again
    "How do I get a Cursor licence? And GitHub Copilot?",  # the first is no privacy question
    "Does Cursor keep our code? And is GitHub Copilot down?",  # the follow-up says more than a name
    "Support for Copilot Chat\nWe want it in our tenant. Notably m365 copilot and copilot chat are not the same "
    "thing, and both are secure.",  # said, not asked
])
def test_no_privacy_comparison_is_asked(answers, text):
    assert answers.decide(text).outcome is not Outcome.COMPARE


@pytest.mark.parametrize("text", ["Is anything other than Bedrock approved for Claude?",
                                  "We use Vertex rather than Bedrock for Claude"])
def test_other_than_and_rather_than_exclude_a_name(answers, text):
    a = analyse(text, answers.matcher.index)
    assert "aws-bedrock" not in {i for m in a.positive for i in m.ids}
    assert "aws-bedrock" in {i for m in a.negated for i in m.ids}


def test_a_single_offering_is_no_comparison(answers):
    assert answers.decide("Is Bedrock better for privacy?").outcome is not Outcome.COMPARE


@pytest.mark.parametrize("follow_up", ["and the direct Anthropic API?", "e na API direta da Anthropic?",
                                       "und bei der Anthropic API direkt?"])
def test_a_product_bought_directly_is_no_other_word(answers, follow_up):
    d = answers.decide(follow_up, BEDROCK)  # "direct" says it is bought from its maker, nothing else
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, "anthropic-api"), d.reason


def test_going_direct_with_the_maker_leaves_the_platform(answers):
    d = answers.decide("and if we go direct with anthropic?", BEDROCK)
    assert d.outcome is Outcome.CLARIFY and "claude-amazon-bedrock" not in d.options, d.reason
    assert answers.decide("and anthropic?", BEDROCK).entry_id == "claude-amazon-bedrock"  # the maker again


@pytest.mark.parametrize(("follow_up", "entry"), [
    ("and on Vertex?", "claude-google-vertex-ai"),
    ("what about Llama?", "meta-llama-bedrock"),
    ("how long is it kept?", "claude-amazon-bedrock"),
])
def test_follow_ups_borrow_what_they_leave_out(answers, follow_up, entry):
    d = answers.decide(follow_up, BEDROCK)
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, entry), d.reason
    assert d.reading and " on " in d.reading


OPENAI_API = Context("Does OpenAI train on what we send through the API?", "openai-api")
GEMINI_API = Context("Does Google train on Gemini API prompts?", "gemini-api")


@pytest.mark.parametrize(("context", "follow_up", "entry", "reading"), [
    (BEDROCK, "and via Azure?", "claude-microsoft-foundry", "Anthropic on Microsoft Foundry"),  # not M365 Copilot
    (BEDROCK, "same for Google Cloud?", "claude-google-vertex-ai", "Anthropic on Google Cloud Vertex AI"),
    (OPENAI_API, "what about Azure?", "azure-direct-models", "OpenAI on Microsoft Foundry"),
    (GEMINI_API, "and on Vertex?", "gemini-vertex-ai", "Google on Google Cloud Vertex AI"),  # not Claude there
])
def test_a_cloud_asked_next_runs_the_earlier_makers_models(answers, context, follow_up, entry, reading):
    d = answers.decide(follow_up, context)
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, entry), d.reason
    assert d.reading and d.reading.startswith(reading), d.reading


@pytest.mark.parametrize(("context", "follow_up"), [
    (OPENAI_API, "and on Vertex?"), (OPENAI_API, "and Bedrock?"), (GEMINI_API, "and via Azure?"),
])
def test_the_earlier_makers_models_on_a_cloud_no_entry_covers_go_to_the_privacy_team(answers, context, follow_up):
    d = answers.decide(follow_up, context)  # never another maker's entry on that cloud, nor a question back
    assert d.outcome is Outcome.ESCALATE and not d.options, (d.outcome, d.options)


ANTHROPIC_API = Context("How long does the Anthropic API keep our prompts?", "anthropic-api")


@pytest.mark.parametrize(("context", "follow_up", "entry", "reading"), [
    (OPENAI_API, "is that also true for Whisper?", "openai-api", "Whisper on OpenAI API"),
    (OPENAI_API, "et pour Whisper ?", "openai-api", "Whisper on OpenAI API"),
    (ANTHROPIC_API, "and Opus 4.5?", "anthropic-api", "Opus on Anthropic API"),
    (ANTHROPIC_API, "gilt das auch für Claude Haiku?", "anthropic-api", "Claude Haiku on Anthropic API"),
    (GEMINI_API, "and Gemini 2.5 Flash?", "gemini-api", "Gemini on Gemini API"),
    (BEDROCK, "even for Opus 4.5?", "claude-amazon-bedrock", "Opus on Amazon Bedrock"),
])
def test_a_model_asked_next_stays_on_its_makers_own_platform_or_the_earlier_cloud(answers, context, follow_up,
                                                                                 entry, reading):
    d = answers.decide(follow_up, context)  # (a version or tier beside the name is part of it, no other topic)
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, entry), d.reason
    assert d.reading and d.reading.startswith(reading), d.reading


CLAUDE_FOR_WORK = Context("Does Claude for Work train on our chats?", "claude-for-work")
CHATGPT_ENTERPRISE = Context("Does ChatGPT Enterprise train on our data?", "chatgpt-enterprise")


@pytest.mark.parametrize(("context", "follow_up"), [
    # a model of the maker after another of its products: which product is meant is not said
    (CLAUDE_FOR_WORK, "and Claude?"), (CHATGPT_ENTERPRISE, "and Whisper?"), (CHATGPT_ENTERPRISE, "and GPT-5?"),
    # after its API, words that may point at another of its products, or ask something else
    (ANTHROPIC_API, "and my personal Claude?"), (ANTHROPIC_API, "and Opus with my personal account?"),
    (OPENAI_API, "and GPT-5 on our team plan?"), (OPENAI_API, "and GPT-5?? when??"),
    (ANTHROPIC_API, "and Claude Code, which version?"), (GEMINI_API, "and Gemini on my personal account?"),
    (GEMINI_API, "and Bard?"),  # the consumer app's old name, no model
])
def test_a_model_asked_next_keeps_only_its_makers_api_and_only_when_nothing_else_is_said(answers, context,
                                                                                        follow_up):
    d = answers.decide(follow_up, context)
    assert d.entry_id != context.entry_id, (d.outcome, d.entry_id, d.reason)


GEMINI_WORKSPACE = Context("Does Gemini in Gmail train on our emails?", "gemini-google-workspace")


@pytest.mark.parametrize(("context", "follow_up"), [
    (Context("Does Microsoft 365 Copilot keep our prompts?", "microsoft-365-copilot"),
     "and for personal Microsoft accounts?"),
    (GEMINI_WORKSPACE, "and my private Google account?"), (GEMINI_WORKSPACE, "und mein privates Konto bei Google?"),
    (CHATGPT_ENTERPRISE, "and with an OpenAI personal account?"),
])
def test_the_earlier_maker_named_with_a_personal_account_is_not_the_earlier_business_product(answers, context,
                                                                                            follow_up):
    d = answers.decide(follow_up, context)  # its consumer product, which no entry covers
    assert d.outcome is Outcome.ESCALATE, (d.outcome, d.entry_id, d.reason)
    assert answers.decide("and does Google sign a BAA?", GEMINI_WORKSPACE).entry_id == "gemini-google-workspace"


CLAUDE_APPS = Context("How long does Claude keep my chats on the Pro plan?", "claude-consumer-apps")
SLACK_AI = Context("Does Slack AI keep our messages?", "slack-ai")


@pytest.mark.parametrize(("context", "follow_up", "entry"), [
    # a plan of the earlier vendor's is an edition of its products: the one it names, with the earlier aspect
    (CHATGPT_ENTERPRISE, "and on the Team plan?", "chatgpt-enterprise"),
    (CLAUDE_APPS, "and on the Team plan?", "claude-for-work"), (CLAUDE_APPS, "and the enterprise plan?",
                                                                "claude-for-work"),
    (CLAUDE_FOR_WORK, "and on the Max plan?", "claude-consumer-apps"),
    (CLAUDE_FOR_WORK, "and the consumer app?", "claude-consumer-apps"),  # "consumer" names the edition
    (CHATGPT_ENTERPRISE, "what about the consumer version?", None),
    (Context("Is the Gemini API free tier used for training?", "gemini-api"), "and the paid tier?", "gemini-api"),
    # one no entry covers (ChatGPT's consumer plans, Gemini with a personal account), or a plan none of the
    # vendor's products is known by: the privacy team, never the earlier entry nor "not a privacy question"
    (CHATGPT_ENTERPRISE, "and on the free plan?", None), (CHATGPT_ENTERPRISE, "what about personal accounts?", None),
    (CHATGPT_ENTERPRISE, "is training different on the free plan?", None),
    (CHATGPT_ENTERPRISE, "et avec mon compte personnel ?", None),
    (GEMINI_WORKSPACE, "and retention on a personal account?", None),
    (SLACK_AI, "and on the Pro plan?", None), (SLACK_AI, "and the retention on the Pro plan?", None),
    (Context("Does Notion AI train on our pages?", "notion-ai"), "¿y en el plan gratuito?", None),
    # plan words that also speak of billing ("Tarif", "Abo"), a German "beim"
    (CHATGPT_ENTERPRISE, "und im kostenlosen Tarif?", None), (CLAUDE_APPS, "Und beim Team-Plan?", "claude-for-work"),
    (CLAUDE_APPS, "チームプランではデータは学習に使われますか？", "claude-for-work"),  # a plan in katakana
])
def test_a_plan_asked_next_is_the_earlier_vendors_product_of_that_plan(answers, context, follow_up, entry):
    d = answers.decide(follow_up, context)
    expected = Outcome.ANSWER if entry else Outcome.ESCALATE
    assert (d.outcome, d.entry_id) == (expected, entry), d.reason
    if entry is None:
        assert d.reason.startswith("no curated answer covers"), d.reason


GEMINI_API = Context("Is data sent to the Gemini API used for training?", "gemini-api")


@pytest.mark.parametrize(("context", "follow_up", "entry"), [
    # an API's tiers and an app's accounts are never each other's
    (GEMINI_API, "and if I'm signed in with my work account?", "gemini-google-workspace"),
    (GEMINI_API, "and if we use the company account instead?", "gemini-google-workspace"),
    (GEMINI_WORKSPACE, "and on the free tier?", "gemini-api"),
    (GEMINI_WORKSPACE, "and on the paid tier?", "gemini-api"),
    # a plan the earlier entry names is its own ("Edu" in ChatGPT Enterprise, Business and Edu)
    (CHATGPT_ENTERPRISE, "and the Edu plan?", None),
])
def test_a_plan_never_turns_to_a_product_of_another_kind(answers, context, follow_up, entry):
    d = answers.decide(follow_up, context)
    assert d.entry_id != entry if entry else (d.outcome, d.entry_id) == (Outcome.ANSWER, context.entry_id), d.reason


@pytest.mark.parametrize(("context", "follow_up"), [
    (CLAUDE_APPS, "and on the Team plan, do we get Claude Code?"),  # what the plan includes
    (Context("Does Cursor store our code?", "cursor"),
     "what's the difference in features between the Pro and Business plans?"),
])
def test_a_plan_asked_about_for_its_features_gets_no_privacy_answer(answers, context, follow_up):
    assert answers.decide(follow_up, context).outcome not in (Outcome.ANSWER, Outcome.COMPARE)


@pytest.mark.parametrize("follow_up", ["und was kostet der kostenlose Tarif?", "wie viel kostet das Pro-Abo?",
                                       "and what does the free plan cost?", "how do I upgrade to the team plan?",
                                       "thanks, we are on the team plan", "how many seats does the team plan have?"])
def test_a_plan_in_a_follow_up_about_something_else_is_no_privacy_question(answers, follow_up):
    assert answers.decide(follow_up, CHATGPT_ENTERPRISE).outcome is Outcome.DECLINE


@pytest.mark.parametrize(("context", "follow_up"), [
    (Context("Does Microsoft 365 Copilot keep our prompts?", "microsoft-365-copilot"), "who is our Microsoft rep?"),
    (OPENAI_API, "who pays for the OpenAI invoices here?"),
])
def test_a_follow_up_saying_nothing_of_privacy_never_borrows_the_earlier_aspect(answers, context, follow_up):
    d = answers.decide(follow_up, context)  # the model alone scored "who is our … rep?" 0.88
    assert d.outcome not in (Outcome.ANSWER, Outcome.CLARIFY), (d.outcome, d.entry_id, d.reason)


@pytest.mark.parametrize(("context", "follow_up"), [
    (Context("Does Cursor train on our code if privacy mode is off?", "cursor"), "how long is the Cursor trial?"),
    (Context("Does Cursor keep our code?", "cursor"), "is the Cursor trial free?"),
    (SLACK_AI, "is Slack AI included in our Business+ plan?"),
    (Context("Does Gemini API train on our prompts?", "gemini-api"), "does the Gemini API have a free tier?"),
    (Context("Does Cursor keep our code?", "cursor"), "¿la prueba de Cursor es gratis?"),
])
def test_a_question_of_its_own_about_the_product_borrows_no_aspect(answers, context, follow_up):
    d = answers.decide(follow_up, context)  # it names the product itself and asks about something else
    assert d.outcome not in (Outcome.ANSWER, Outcome.CLARIFY), (d.outcome, d.entry_id, d.reason)
    assert d.reading is None


@pytest.mark.parametrize(("context", "follow_up", "entry"), [
    (Context("Does Cursor keep our code?", "cursor"), "what about GitHub Copilot Business?",
     "github-copilot-business"),
    (BEDROCK, "is that true for Vertex too?", "claude-google-vertex-ai"),
    (Context("Does Cursor train on our code?", "cursor"), "does GitHub Copilot Business do that too?",
     "github-copilot-business"),
    (Context("Does Cursor train on our code?", "cursor"), "¿GitHub Copilot Business también?",
     "github-copilot-business"),
    (BEDROCK, "does the Anthropic API work that way as well?", "anthropic-api"),
    (Context("Does Cursor train on our code?", "cursor"), "is the Cursor free plan also covered by that?", "cursor"),
])
def test_a_follow_up_naming_another_product_or_pointing_back_borrows_the_aspect(answers, context, follow_up, entry):
    d = answers.decide(follow_up, context)
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, entry), d.reason
    assert d.reading is not None


@pytest.mark.parametrize("follow_up", [
    "how much storage do we get?", "how long does the training run take?", "is there a training for admins?",
    "tem treinamento para a equipe?", "when does our contract renew?", "log in?",
    "where are the backups of our database?", "and when in Europe?", "wann in Deutschland?",
    "when is it GA in the EU region?", "wanneer komt het naar Nederland?",  # when it comes there, not the data
    "can I see my usage history?",  # what the asker sees on their screen, not who sees the data
])
def test_a_follow_up_naming_nothing_that_asks_about_something_else_is_not_read_in_the_thread(answers, follow_up):
    for context in (CHATGPT_ENTERPRISE, BEDROCK):  # an aspect word in another sense, or when something comes
        d = answers.decide(follow_up, context)
        assert d.outcome is not Outcome.ANSWER, (context.entry_id, d.entry_id, d.reason)


@pytest.mark.parametrize("follow_up", ["and when is it deleted?", "is that stored in the EU?", "se usa para entrenar?",
                                       "and the recordings?", "is there a DPA?", "can we delete it?", "and deletion?",
                                       "who can see our prompts?", "can Anthropic see them?"])
def test_a_follow_up_naming_nothing_about_the_earlier_data_is_read_in_the_thread(answers, follow_up):
    d = answers.decide(follow_up, BEDROCK)  # a word pointing back, a kind of data, a privacy word, a bare aspect
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, "claude-amazon-bedrock"), d.reason


@pytest.mark.parametrize("follow_up", ["and for the retention bonus?", "and for customer retention?",
                                       "and for staff training?", "and the training session on Thursday?",
                                       "retención de clientes?", "and the training of employees?"])
def test_a_follow_up_whose_aspect_word_means_something_else_is_never_answered(answers, follow_up):
    d = answers.decide(follow_up, CHATGPT_ENTERPRISE)  # people, not data: no aspect borrowed, no list of entries
    assert d.outcome not in (Outcome.ANSWER, Outcome.CLARIFY), (d.outcome, d.entry_id, d.reason)
    assert answers.decide("and for retention?", CHATGPT_ENTERPRISE).entry_id == "chatgpt-enterprise"


@pytest.mark.parametrize(("context", "follow_up", "entry"), [
    (ANTHROPIC_API, "does that apply to Bedrock as well?", "claude-amazon-bedrock"),
    (ANTHROPIC_API, "what if we switch to Bedrock?", "claude-amazon-bedrock"),
    (ANTHROPIC_API, "und wenn wir Bedrock nutzen?", "claude-amazon-bedrock"),
    (CHATGPT_ENTERPRISE, "does that apply to ChatGPT Team as well?", "chatgpt-enterprise"),
])
def test_a_follow_up_naming_a_product_with_other_words_still_borrows_the_earlier_aspect(answers, context,
                                                                                       follow_up, entry):
    d = answers.decide(follow_up, context)
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, entry), d.reason


@pytest.mark.parametrize(("follow_up", "lead"), [
    ("how long?", "retention"), ("wie lange?", "retention"), ("combien de temps ?", "retention"),
    ("¿cuánto tiempo?", "retention"), ("hoe lang?", "retention"), ("and where?", "location"),
])
def test_a_bare_follow_up_asks_its_aspect_of_the_earlier_question(answers, follow_up, lead):
    d = answers.decide(follow_up, BEDROCK)
    assert (d.outcome, d.entry_id, d.lead) == (Outcome.ANSWER, "claude-amazon-bedrock", lead), d.reason
    assert answers.decide(follow_up).outcome is not Outcome.ANSWER  # alone it asks nothing


@pytest.mark.parametrize("follow_up", [
    "where did the button go?",  # not bare: a button
    "how long does it take?",  # a wait
    "how long is the contract?", "wie lange läuft der Vertrag?", "combien de temps dure le contrat ?",  # a term
    "perfect, thanks a lot, I'll let legal know",  # thanks
    "and which models are available?",  # neither a name nor an aspect of its own
    "and how do I rotate my API key?",  # how to do something
    "the API also keeps timing out for me",  # operations
    "what about the consumer app?",  # names nothing the bot knows: never read as the earlier product
])
def test_a_follow_up_that_asks_no_privacy_question_gets_no_answer(answers, follow_up):
    assert answers.decide(follow_up, BEDROCK).outcome is not Outcome.ANSWER


@pytest.mark.parametrize(("follow_up", "entry"), [
    ("and for ChatGPT Enterprise?", "chatgpt-enterprise"),  # another vendor's product: Anthropic is not borrowed
    ("Does Slack AI train on our messages?", "slack-ai"),
])
def test_a_follow_up_about_another_vendors_product_does_not_borrow_the_earlier_vendor(answers, follow_up, entry):
    d = answers.decide(follow_up, BEDROCK)
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, entry), d.reason
    assert "Anthropic" not in (d.reading or "")


@pytest.mark.parametrize(("follow_up", "lead"), [("what about training?", "training"), ("how long?", "retention"),
                                              ("and where is the data?", "location")])
def test_an_aspect_asked_after_a_comparison_compares_the_same_offerings_on_it(answers, follow_up, lead):
    earlier = Context("Bedrock vs the Anthropic API, which keeps less?")  # compared: no one entry answered it
    d = answers.decide(follow_up, earlier)
    assert (d.outcome, set(d.compared), d.lead) == (Outcome.COMPARE, {"claude-amazon-bedrock", "anthropic-api"}, lead)
    assert answers.decide("thanks!", earlier).outcome is Outcome.DECLINE


def test_a_follow_up_in_the_words_of_the_earlier_answers_entry_asks_about_that_entry(answers):
    earlier = Context("How long does OpenAI keep API data?", "openai-api")  # its entry speaks of abuse monitoring
    d = answers.decide("what about abuse monitoring?", earlier)
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, "openai-api") and d.reading, d.reason
    assert answers.decide("what about abuse monitoring?").outcome is not Outcome.ANSWER  # alone: which product?
    assert answers.decide("what about billing?", earlier).outcome is not Outcome.ANSWER  # operations, in the entry too
    assert answers.decide("what about the consumer app?", earlier).outcome is not Outcome.ANSWER  # not its words


ANTHROPIC = Context("Does Anthropic train on our data?")  # asked back: the API, Claude for Work or the apps


@pytest.mark.parametrize(("context", "reply", "entry"), [
    (ANTHROPIC, "the API", "anthropic-api"), (ANTHROPIC, "we use the team plan", "claude-for-work"),
    (ANTHROPIC, "the free version", "claude-consumer-apps"),  # "Free" is in that product's name
    (Context("Does OpenAI train on our data?"), "enterprise", "chatgpt-enterprise"),
    (Context("Trainiert Anthropic mit unseren Daten?"), "die API", "anthropic-api"),  # in the asker's language
    (Context("Does OpenAI train on our data?"), "das Team-Abo", "chatgpt-enterprise"),  # "Team" names the plan
    (Context("Does Gemini train on our data?"), "the workspace one", "gemini-google-workspace"),  # on its button
    # only, though the Workspace apps themselves (no entry) share the word
    (Context("Does Gemini train on our data?"), "the Docs one", "gemini-google-workspace"),
    (Context("Does Copilot keep our prompts?"), "the free version", "microsoft-365-copilot-chat"),  # "free Copilot
    # Chat" is its name; "the" is no word of GitHub Copilot's, though its context words say "the repo"
])
def test_a_reply_naming_one_of_the_products_asked_back_about_answers_the_earlier_question(answers, context, reply,
                                                                                          entry):
    assert answers.decide(context.text).outcome is Outcome.CLARIFY
    d = answers.decide(reply, context)
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, entry), d.reason
    assert d.reading and d.lead == ("retention" if "keep" in context.text else "training"), (d.reading, d.lead)


@pytest.mark.parametrize(("context", "reply"), [
    (Context("Does Google train on our data?"), "the free version"),  # the free Gemini app (no entry) or the API's
    # free tier: a tier's word is no product's name
    (Context("Does Copilot keep our prompts?"), "Pro"),  # also Microsoft's consumer Copilot Pro, which has no entry
    (ANTHROPIC, "API key?"), (ANTHROPIC, "thanks"), (ANTHROPIC, "no"),  # a word no option is named with
    (Context("Does AWS keep our prompts when we use Claude on Bedrock?", "claude-amazon-bedrock"), "the API"),
])
def test_a_reply_that_names_no_single_option_is_not_read_as_one(answers, context, reply):
    assert answers.decide(reply, context).outcome is not Outcome.ANSWER
    assert answers.decide(reply).outcome is not Outcome.ANSWER  # alone it asks nothing


@pytest.mark.parametrize(("context", "reply"), [
    (ANTHROPIC, "both"), (ANTHROPIC, "all of them please"), (ANTHROPIC, "compare all"),
    (ANTHROPIC, "I'd like to see both"),
    (Context("Trainiert Anthropic mit unseren Daten?"), "alle"), (ANTHROPIC, "les deux"), (ANTHROPIC, "両方"),
    (Context("Does Copilot keep our prompts?"), "all three"),
])
def test_a_reply_asking_for_every_option_compares_them_on_the_earlier_question(answers, context, reply):
    earlier = answers.decide(context.text)
    assert earlier.outcome is Outcome.CLARIFY
    d = answers.decide(reply, context)
    assert (d.outcome, set(d.compared)) == (Outcome.COMPARE, set(earlier.options)), d.reason
    assert d.lead == ("retention" if "keep" in context.text else "training") and " vs " in (d.reading or "")


@pytest.mark.parametrize(("context", "reply"), [
    (ANTHROPIC, "both are bad"), (ANTHROPIC, "that's all"),  # more than asking for them all
    (Context("How do I rotate my Anthropic API key?"), "both"),  # nothing was asked back
    (BEDROCK, "all of them"),  # answered, not asked back
])
def test_every_option_only_after_a_question_back_and_in_so_many_words(answers, context, reply):
    assert answers.decide(reply, context).outcome is not Outcome.COMPARE


CHATGPT = Context("Does ChatGPT Enterprise train on our chats?", "chatgpt-enterprise")


@pytest.mark.parametrize(("context", "follow_up"), [
    (CHATGPT, "and the API?"),  # it was answered with ChatGPT Enterprise again: its entry mentions the API
    (Context("Does Claude for Work keep our chats?", "claude-for-work"), "and the free version?"),
    (BEDROCK, "and in Teams?"), (BEDROCK, "and the console?"),  # a reviewer's: never another product either
    (BEDROCK, "and the cloud version?"),
])
def test_a_follow_up_naming_another_product_by_a_word_of_its_name_is_not_the_earlier_entry(answers, context,
                                                                                           follow_up):
    d = answers.decide(follow_up, context)
    assert d.entry_id != context.entry_id and context.entry_id not in d.options, (d.entry_id, d.reading)


@pytest.mark.parametrize(("context", "follow_up", "entry"), [
    (Context("Does Claude for Work keep our chats?", "claude-for-work"), "what about the Enterprise plan?",
     "claude-for-work"),  # its own name's word
    (Context("Does Microsoft 365 Copilot keep prompts?", "microsoft-365-copilot"), "and our data?",
     "microsoft-365-copilot"),  # a word for data names no product
    (Context("Does Slack AI use our messages to train models?", "slack-ai"), "what about the summaries?",
     "slack-ai"),  # a word inside another product's longer alias ("zoom meeting summaries") names nothing
])
def test_a_follow_up_in_the_earlier_products_words_stays_with_it(answers, context, follow_up, entry):
    d = answers.decide(follow_up, context)
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, entry), d.reason


@pytest.mark.parametrize(("context", "follow_up"), [
    (Context("Does Cursor keep our code?", "cursor"), "and the API?"),  # Cursor's maker has no API entry: whose?
    (Context("Does the Gemini API train on prompts?", "gemini-api"), "and the free version?"),  # the API's tier
])
def test_a_product_word_no_single_product_of_the_maker_has_is_not_read_as_the_earlier_entry(answers, context,
                                                                                             follow_up):
    d = answers.decide(follow_up, context)
    assert d.outcome is not Outcome.ANSWER, (d.entry_id, d.reading)


@pytest.mark.parametrize(("context", "follow_up", "compared"), [
    (BEDROCK, "how does that compare to Vertex?", ["claude-amazon-bedrock", "claude-google-vertex-ai"]),
    (CHATGPT, "compared to Claude for Work?", ["chatgpt-enterprise", "claude-for-work"]),
])
def test_a_follow_up_comparing_with_one_product_compares_it_with_the_earlier_answer(answers, context, follow_up,
                                                                                    compared):
    d = answers.decide(follow_up, context)
    assert (d.outcome, list(d.compared)) == (Outcome.COMPARE, compared), d.reason
    assert d.lead == ("retention" if "keep" in context.text else "training")


def test_a_follow_up_comparing_with_a_product_no_entry_covers_says_so(answers):
    d = answers.decide("compared to Perplexity?", CHATGPT)
    assert (d.outcome, d.compared, d.missing) == (Outcome.COMPARE, ("chatgpt-enterprise",), ("Perplexity",))
    assert d.reading and d.reading.startswith("ChatGPT Enterprise") and " vs Perplexity" in d.reading


def test_a_model_compared_on_the_earlier_cloud_is_named_as_written_not_by_its_maker(answers):
    d = answers.decide("compared to Gemini?", BEDROCK)  # no entry covers Gemini on Bedrock; Google's others differ
    assert (d.outcome, d.compared, d.missing) == (Outcome.COMPARE, ("claude-amazon-bedrock",),
                                                  ("Gemini on Amazon Bedrock",))
    assert "Google" not in (d.reading or ""), d.reading


def test_a_follow_up_comparing_with_an_ambiguous_name_asks_which_and_the_pick_compares(answers):
    d = answers.decide("compared to Copilot?", CHATGPT)  # which Copilot: GitHub's or Microsoft 365's?
    assert (d.outcome, d.compared) == (Outcome.CLARIFY, ("chatgpt-enterprise",)), d.reason  # compared with it
    assert {"github-copilot-business", "microsoft-365-copilot", "microsoft-365-copilot-chat"} <= set(d.options)
    assert "chatgpt-enterprise" not in d.options and d.reading and d.reading.startswith("ChatGPT Enterprise")
    asked_back = Context("compared to Copilot?", None, (CHATGPT.text,), before=CHATGPT)
    for reply in ("GitHub Copilot", "the GitHub one"):  # named, or by a word of its name
        picked = answers.decide(reply, asked_back)
        assert (picked.outcome, picked.compared) == (Outcome.COMPARE, ("chatgpt-enterprise",
                                                                       "github-copilot-business")), reply
        assert picked.lead == "training" and " vs GitHub Copilot" in (picked.reading or "")
    every = answers.decide("all of them", asked_back)
    assert every.outcome is Outcome.COMPARE and every.compared[0] == "chatgpt-enterprise"
    assert set(every.compared[1:]) == set(d.options)
    plain = Context("Does Copilot train on our code?", None, before=None)  # a plain question back: the pick answers
    assert answers.decide("GitHub Copilot", plain).outcome is not Outcome.COMPARE


def test_a_follow_up_comparing_with_a_name_too_many_entries_fit_is_escalated(answers):
    d = answers.decide("compared to Microsoft?", CHATGPT)  # every Microsoft product and model: too many to offer
    assert d.outcome is Outcome.ESCALATE and not d.compared, d.reason


CURSOR = Context("Does Cursor train on our code?", "cursor")


@pytest.mark.parametrize(("context", "follow_up", "not_entry"), [
    (BEDROCK, "and Mistral?", "mistral-la-plateforme"),  # Mistral's models on Bedrock: no entry, not its own API
    (BEDROCK, "and OpenAI?", "openai-api"),
    (CURSOR, "and Claude Code?", "cursor"),  # another tool, not Claude inside Cursor (Cursor hosts no models)
    (BEDROCK, "what about fine-tuning data?", "mistral-la-plateforme"),  # names nothing: not another product's
    # entry by its words ("fine-tuning" is in Mistral's examples) in a conversation about Bedrock
])
def test_a_follow_up_is_never_answered_with_a_product_it_did_not_ask_about(answers, context, follow_up, not_entry):
    d = answers.decide(follow_up, context)
    assert d.entry_id != not_entry and d.outcome is not Outcome.ANSWER, (d.outcome, d.entry_id, d.reason)


@pytest.mark.parametrize(("context", "follow_up", "entry"), [
    (Context("Is Gemini in Workspace HIPAA compliant?", "gemini-google-workspace"), "and does Google sign a BAA?",
     "gemini-google-workspace"),  # it asked which of Google's products
    (BEDROCK, "can Anthropic see them?", "claude-amazon-bedrock"),  # the maker of the models on Bedrock
])
def test_the_earlier_maker_named_again_keeps_the_subject(answers, context, follow_up, entry):
    d = answers.decide(follow_up, context)
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, entry), (d.options, d.reason)


@pytest.mark.parametrize(("context", "follow_up", "entry"), [
    (Context("Does Zoom AI Companion train on our meetings?", "zoom-ai-companion"), "and the recordings?",
     "zoom-ai-companion"),  # it was declined: no product, no aspect, a word its entry does not use
    (Context("Does Slack AI use our messages to train models?", "slack-ai"), "and DMs?", "slack-ai"),
    (CURSOR, "und die Dateien?", "cursor"), (CURSOR, "et les fichiers ?", "cursor"),
    (CURSOR, "コードの場合は？", "cursor"),  # Japanese says "what about…?" last
])
def test_a_follow_up_naming_only_a_kind_of_data_asks_the_earlier_question_of_it(answers, context, follow_up, entry):
    d = answers.decide(follow_up, context)
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, entry), d.reason
    assert d.lead in ("training", "retention") and d.lead in (d.reading or "")
    assert answers.decide("ok", context).outcome is Outcome.DECLINE  # no data named: nothing asked


def test_another_model_maker_after_an_api_is_that_makers_products_alone(answers):
    d = answers.decide("and Anthropic?", OPENAI_API)  # not the products that use both OpenAI's and Anthropic's
    assert d.outcome is Outcome.CLARIFY and set(d.options) == {"anthropic-api", "claude-for-work",
                                                               "claude-consumer-apps"}, (d.options, d.reason)
    mistral = answers.decide("and Mistral?", BEDROCK)
    assert mistral.outcome is Outcome.ESCALATE and mistral.reading and "Bedrock" in mistral.reading


def test_without_context_or_with_nothing_to_add_nothing_is_borrowed(answers):
    assert answers.decide("and on Vertex?").outcome is not Outcome.ANSWER
    thanks = answers.decide("thanks!", BEDROCK)
    assert thanks.outcome is Outcome.DECLINE and thanks.reading is None
    whole = answers.decide("Does Google keep prompts sent to the Gemini API?", BEDROCK)
    assert whole.reading is None and whole.entry_id == "gemini-api"


def test_the_aspect_asked_leads(answers):
    assert answers.decide("How long does the Anthropic API keep prompts?").lead == "retention"
    assert answers.decide("Does OpenAI train on what we send to the OpenAI API?").lead == "training"


@pytest.mark.parametrize(("text", "lead"), [
    ("Where does DeepSeek store prompts?", "location"),  # "where" asks for the place, not the retention
    ("Wo werden die Daten bei Claude über Bedrock gespeichert?", "location"),
    ("Where is Notion AI data processed?", "location"),
    ("Is Mistral hosted in the EU?", "location"),  # a region says more than "hosted"
    ("Will Anthropic sign a BAA for the Anthropic API so we can send HIPAA data?", "governance"),
])
def test_the_most_specific_aspect_asked_leads(answers, text, lead):
    d = answers.decide(text)
    assert (d.outcome, d.lead) == (Outcome.ANSWER, lead), d.reason


@pytest.mark.parametrize(("text", "lead"), [  # each had led with the sentence before's region or "Legal"
    ("Our RAG service calls Claude through Bedrock in eu-west-1. Does Anthropic ever get to see those prompts?",
     "processor"),
    ("Claude Sonnet through Vertex AI in europe-west4 for our claims pipeline. Does Google log our prompts anywhere?",
     "retention"),
    ("Can we get ZDR for the Claude Enterprise chat interface? Legal wants zero retention for the M&A workspace.",
     "retention"),
])
def test_what_the_question_sentence_asks_leads_not_the_context_before_it(answers, text, lead):
    d = answers.decide(text)
    assert (d.outcome, d.lead) == (Outcome.ANSWER, lead), d.reason


@pytest.mark.parametrize("text", [
    "ChatGPT Enterprise vs the API of OpenAI, which keeps less?",
    "Differenza tra ChatGPT Enterprise e l'API OpenAI per l'addestramento?",
    "Qual é a diferença entre ChatGPT Enterprise e a API da OpenAI sobre treinamento?",
    "ChatGPT Enterprise ou API OpenAI, lequel garde moins de données ?",
])
def test_a_companys_api_written_around_its_name_is_an_offering_compared(answers, text):
    d = answers.decide(text)
    assert (d.outcome, set(d.compared)) == (Outcome.COMPARE, {"chatgpt-enterprise", "openai-api"}), d.reason


@pytest.mark.parametrize("text", ["l'API OpenAI vs l'API Anthropic : lequel conserve moins ?",
                                  "la API de OpenAI o la API de Anthropic, ¿cuál de las dos guarda menos?"])
def test_two_companies_apis_are_two_offerings_compared(answers, text):
    d = answers.decide(text)
    assert (d.outcome, set(d.compared)) == (Outcome.COMPARE, {"openai-api", "anthropic-api"}), d.reason


def test_a_part_the_entry_does_not_cover_is_named(answers):
    d = answers.decide("Is Azure OpenAI HIPAA compliant and will Microsoft sign a BAA?")
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, "azure-direct-models")
    assert d.not_covered == ("BAA", "HIPAA")
    full = answers.decide("Does Anthropic keep our prompts if we use Claude through Microsoft Foundry?")
    assert full.not_covered == ()


@pytest.mark.parametrize(("text", "entry", "parts"), [
    ("Is DeepSeek API GDPR compliant?", "deepseek-api", ("GDPR",)),  # the entry has no GDPR and no DPA
    ("Does ChatGPT Enterprise encrypt our chats at rest?", "chatgpt-enterprise", ("encrypt",)),
    ("Is the Anthropic API ISO 27001 and FedRAMP certified?", "anthropic-api", ("ISO 27001", "FedRAMP")),
    ("Is Claude for Work ISO certified?", "claude-for-work", ("ISO certified",)),  # no number: any ISO standard
    # a regime named alone asks about governance like "HIPAA compliant" (it was declined: no aspect word)
    ("Is Gemini in Workspace FedRAMP authorized?", "gemini-google-workspace", ("FedRAMP",)),
    # "comply" asks about governance like "compliant" (it was escalated: no aspect but "EU", a region); the
    # regulation is named as the asker wrote it, not "EU AI ACT"
    ("Does Claude on Bedrock comply with the EU AI Act?", "claude-amazon-bedrock", ("EU AI Act",)),
    ("is deepseek api gdpr compliant?", "deepseek-api", ("GDPR",)),  # written in lower case: short words upper-cased
])
def test_regulations_and_encryption_the_entry_never_mentions_are_named(answers, text, entry, parts):
    d = answers.decide(text)
    assert (d.outcome, d.entry_id, d.not_covered) == (Outcome.ANSWER, entry, parts), d.reason


def test_what_an_entry_covers_is_read_to_its_end(answers):
    """A long entry (longer than a question may be) that mentions HIPAA near its end covers it."""
    entry = answers.entries["microsoft-365-copilot"]
    words = entry_text(entry)
    assert len(" ".join(words)) > MAX_QUESTION_CHARS and "hipaa" in words[len(words) // 2:]
    d = answers.decide("Does Microsoft 365 Copilot support HIPAA?")
    assert (d.outcome, d.entry_id, d.not_covered) == (Outcome.ANSWER, "microsoft-365-copilot", ())


@pytest.mark.parametrize(("text", "lang"), [
    ("Speichert Anthropic unsere Prompts, wenn wir Claude über Microsoft Foundry nutzen?", "de"),
    ("Est-ce qu'Anthropic conserve nos prompts si nous utilisons Claude via Microsoft Foundry ?", "fr"),
    ("¿Anthropic guarda nuestros prompts si usamos Claude a través de Microsoft Foundry?", "es"),
    ("A Anthropic guarda os nossos prompts se usarmos o Claude através do Microsoft Foundry?", "pt"),
    ("Anthropic conserva i nostri prompt se usiamo Claude tramite Microsoft Foundry?", "it"),
    ("Bewaart Anthropic onze prompts als we Claude via Microsoft Foundry gebruiken?", "nl"),
    ("Microsoft Foundry 経由で Claude を使う場合、Anthropic はプロンプトを保持しますか?", "ja"),
    ("Does Anthropic keep our prompts if we use Claude through Microsoft Foundry?", None),
])
def test_the_askers_language_and_the_answer(answers, text, lang):
    assert language_of(text) == lang
    d = answers.decide(text)
    assert (d.outcome, d.entry_id, d.language) == (Outcome.ANSWER, "claude-microsoft-foundry", lang)


@pytest.mark.parametrize(("text", "lang"), [  # few function words: the privacy words of each language vote too
    ("O Notion AI usa o conteúdo das nossas páginas para treinar modelos?", "pt"),
    ("Zoom AI Companion conserva le trascrizioni delle nostre riunioni?", "it"),
    ("Gebruikt Zoom AI Companion onze vergaderingen om AI-modellen te trainen?", "nl"),
    ("Azure OpenAI garde-t-il nos prompts pendant 30 jours ?", "fr"),  # "il" is French too
    ("Por quanto tempo o Cursor guarda nosso código?", "pt"),  # "por", "guarda": Portuguese as much as Spanish
    ("¿Por cuánto tiempo guarda Cursor nuestro código?", "es"),
    ("is gemini ok for confidential docs", None),
    ("gemini vertex hipaa", None),
    ("Azure OpenAI data residence Europe", None),  # no function word: a line of names and privacy words
])
def test_the_language_of_a_short_question(text, lang):
    assert language_of(text) == lang


def ask_in(world: World, text: str, *, ts: str, thread_ts: str | None = None, origin: int):  # noqa: F811
    q = Question(team="T1", channel="C1", ts=ts, thread_ts=thread_ts, asker="U0ASKER1", text=text,
                 source=Source.MENTION, original_length=len(text))
    return world.service.handle(Received(id=origin, item=QuestionItem(question=q), attempts=1, worker="w",
                                         created_at=NOW))


def test_the_service_completes_a_thread_follow_up_from_the_stored_question(world):  # noqa: F811
    first = ask_in(world, "Does AWS keep our prompts when we use Claude on Bedrock?", ts="1.1", origin=1)
    assert first.entry_id == "claude-amazon-bedrock"
    other_thread = ask_in(world, "and on Vertex?", ts="3.1", origin=3)
    assert other_thread.outcome != "answer"
    follow = ask_in(world, "and on Vertex?", ts="2.1", thread_ts="1.1", origin=2)
    assert (follow.outcome, follow.entry_id) == ("answer", "claude-google-vertex-ai")
    body = world.replies.sent["q3:reply"].body
    assert body.reading_as and body.reading_as.startswith("Anthropic on Google")


def test_a_follow_up_of_a_follow_up_asks_the_first_questions_aspect(world):  # noqa: F811
    assert ask_in(world, "Does AWS keep our prompts when we use Claude on Bedrock?", ts="1.1", origin=1).entry_id
    assert ask_in(world, "and on Vertex?", ts="2.1", thread_ts="1.1", origin=2).entry_id == "claude-google-vertex-ai"
    third = ask_in(world, "and via Azure?", ts="3.1", thread_ts="1.1", origin=3)  # it escalated: no aspect asked
    assert (third.outcome, third.entry_id) == ("answer", "claude-microsoft-foundry")
    assert world.replies.sent["q3:reply"].body.lead == "retention"
    fourth = ask_in(world, "what about Llama?", ts="4.1", thread_ts="1.1", origin=4)  # Llama in Foundry
    assert (fourth.outcome, fourth.entry_id) == ("answer", "meta-llama-foundry")


def test_a_reply_to_a_question_back_about_a_follow_up_reads_that_follow_up_in_its_thread(world):  # noqa: F811
    assert ask_in(world, "Does Gemini for Google Workspace keep our docs?", ts="1.1", origin=1).entry_id
    asked_back = ask_in(world, "and Copilot?", ts="2.1", thread_ts="1.1", origin=2)  # which Copilot?
    assert asked_back.outcome == "clarify"
    picked = ask_in(world, "the GitHub one", ts="3.1", thread_ts="1.1", origin=3)
    assert (picked.outcome, picked.entry_id) == ("answer", "github-copilot-business")
    assert world.replies.sent["q3:reply"].body.lead == "retention"  # the thread's first question asked it
    every = ask_in(world, "both", ts="4.1", thread_ts="1.1", origin=4)  # after the answer: nothing asked back now
    assert every.outcome != "compare"


def test_a_button_picking_what_a_follow_up_compares_with_shows_both_side_by_side(world):  # noqa: F811
    assert ask_in(world, "Does ChatGPT Enterprise train on our chats?", ts="1.1", origin=1).entry_id
    which = ask_in(world, "compared to Copilot?", ts="2.1", thread_ts="1.1", origin=2)
    assert which.outcome == "clarify"
    asked = world.replies.sent["q2:reply"].body
    assert asked.compare_with and asked.compare_with.startswith("ChatGPT Enterprise")
    assert "github-copilot-business" in [c.entry_id for c in asked.options]
    click(world, Action.CLARIFY, which.question_id, "github-copilot-business")
    shown = world.replies.sent[f"q{which.question_id}:chosen"].body
    assert [e.id for e in shown.entries] == ["chatgpt-enterprise", "github-copilot-business"]
    assert shown.lead == "training" and " vs GitHub Copilot" in shown.reading_as
    plain = ask_in(world, "Does Copilot keep our prompts?", ts="3.1", origin=3)  # a plain question back
    assert plain.outcome == "clarify" and world.replies.sent["q3:reply"].body.compare_with is None
    click(world, Action.CLARIFY, plain.question_id, "github-copilot-business")
    assert world.replies.sent["q3:chosen"].body.entry.id == "github-copilot-business"


def test_every_option_after_a_question_back_about_a_follow_up_compares_them(answers):
    first = Context("Does Gemini for Google Workspace keep our docs?", "gemini-google-workspace")
    d = answers.decide("all of them", Context("and Copilot?", None, (first.text,), before=first))
    assert d.outcome is Outcome.COMPARE and "gemini-google-workspace" not in d.compared, d.reason
    assert {"github-copilot-business", "microsoft-365-copilot"} <= set(d.compared) and d.lead == "retention"


@pytest.mark.parametrize(("context", "follow_up", "entry"), [
    (Context("the API", "anthropic-api", ("Does Anthropic train on our data?",)), "and on Bedrock?",
     "claude-amazon-bedrock"),  # a reply to a question back, then a platform: the first question's aspect
    (Context("and via Azure?", "claude-microsoft-foundry", ("and on Vertex?", BEDROCK.text)), "and on Vertex?",
     "claude-google-vertex-ai"),
])
def test_a_chain_of_follow_ups_keeps_the_aspect_first_asked(answers, context, follow_up, entry):
    d = answers.decide(follow_up, context)
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, entry), d.reason
    assert d.lead in {"training", "retention"} and d.lead in (d.reading or "")


def test_an_aspect_asked_after_a_comparison_and_its_follow_up_compares_again(answers):
    earlier = Context("and training?", None, ("Bedrock vs the Anthropic API, which keeps less?",))
    d = answers.decide("and where?", earlier)
    assert (d.outcome, set(d.compared), d.lead) == (Outcome.COMPARE, {"claude-amazon-bedrock", "anthropic-api"},
                                                    "location"), d.reason
    named = Context("and on Vertex?", "claude-google-vertex-ai", ("Bedrock vs the Anthropic API, which keeps less?",))
    assert answers.decide("and where?", named).outcome is not Outcome.COMPARE  # a product named since: not again


def test_the_service_sends_compare_and_help_and_escalates_the_uncovered_part(world):  # noqa: F811
    compared = ask_in(world, "Bedrock vs the Anthropic API, which keeps less?", ts="1.1", origin=1)
    assert compared.outcome == "compare" and world.questions.get(1).handling is Handling.COMPARE
    assert [e.id for e in world.replies.sent["q1:reply"].body.entries] == ["claude-amazon-bedrock", "anthropic-api"]
    assert ask_in(world, "help", ts="2.1", origin=2).outcome == "help"
    assert world.replies.sent["q2:reply"].body.offerings
    partial = ask_in(world, "Is Azure OpenAI HIPAA compliant and will Microsoft sign a BAA?", ts="3.1", origin=3)
    assert world.replies.sent["q3:reply"].body.not_covered == "BAA, HIPAA"
    click(world, Action.ESCALATE_PART, partial.question_id, "azure-direct-models")
    why = world.escalations.get(partial.question_id).why
    assert "answered in part" in why and "BAA, HIPAA" in why


@pytest.mark.parametrize(("question", "compared"), [
    ("Is Claude Team more private than ChatGPT Business?", {"claude-for-work", "chatgpt-enterprise"}),
    ("Does Cursor keep less data than GitHub Copilot?", {"cursor", "github-copilot-business"}),
    ("¿Qué guarda menos datos, la API de OpenAI o Azure OpenAI?", {"openai-api", "azure-direct-models"}),
    ("CursorとGitHub Copilot、どちらがプライバシー的に安全?", {"cursor", "github-copilot-business"}),
])
def test_which_is_more_private_or_keeps_less_compares(answers, question, compared):
    d = answers.decide(question)
    assert d.outcome is Outcome.COMPARE, d.reason
    assert set(d.compared) == compared


@pytest.mark.parametrize(("question", "compared"), [
    ("Entre Claude sur Bedrock et Azure OpenAI, lequel conserve le moins de données ?",
     {"claude-amazon-bedrock", "azure-direct-models"}),  # "between X and Y": and joins the sides
    ("Wat is privacyvriendelijker: GitHub Copilot Business of Cursor met Privacy Mode?",
     {"github-copilot-business", "cursor"}),  # Dutch "of" is "or"; a comparative made of a privacy word
    ("Was ist datenschutzfreundlicher: ChatGPT Enterprise oder Microsoft 365 Copilot?",
     {"chatgpt-enterprise", "microsoft-365-copilot"}),
    ("¿Cuál es más seguro, Claude en Bedrock o Claude en Vertex?",
     {"claude-amazon-bedrock", "claude-google-vertex-ai"}),
    ("Qual è più sicuro, Claude su Bedrock o Claude su Vertex?", {"claude-amazon-bedrock", "claude-google-vertex-ai"}),
])
def test_comparisons_in_other_languages_compare(answers, question, compared):
    d = answers.decide(question)
    assert d.outcome is Outcome.COMPARE, d.reason
    assert set(d.compared) == compared


def test_of_joins_no_sides_in_english(answers):
    d = answers.decide("Which of Bedrock or Vertex keeps Claude prompts longer?")
    assert (d.outcome, set(d.compared)) == (Outcome.COMPARE, {"claude-amazon-bedrock", "claude-google-vertex-ai"})


def test_another_companys_tool_asked_next_does_not_borrow_the_earlier_maker(answers):
    d = answers.decide("and Copilot?", Context("Does Gemini for Google Workspace train on our docs?",
                                               "gemini-google-workspace"))
    assert d.outcome is Outcome.CLARIFY and {"github-copilot-business", "microsoft-365-copilot"} <= set(d.options)
    assert d.reading and " or " in d.reading and "Google" not in d.reading


@pytest.mark.parametrize(("context", "follow_up"), [
    (Context("Does Meta see our prompts if we use Llama on Bedrock?", "meta-llama-bedrock"), "and the Llama API?"),
    (Context("Does Google train on prompts we send to the Gemini API?", "gemini-api"), "and the Gemini app?"),
])
def test_a_product_no_entry_covers_asked_next_is_escalated_not_answered_with_a_neighbour(answers, context,
                                                                                         follow_up):
    assert answers.decide(follow_up, context).outcome is Outcome.ESCALATE


def test_a_comparison_with_one_product_named_and_the_earlier_answer_compares_them(answers):
    d = answers.decide("which one keeps less, that or Azure OpenAI?", OPENAI_API)
    assert (d.outcome, d.compared, d.lead) == (Outcome.COMPARE, ("openai-api", "azure-direct-models"), "retention")


@pytest.mark.parametrize("reply", ["compare them", "compare both", "which one is better for privacy?"])
def test_compare_them_compares_the_threads_last_two_answers(answers, reply):
    thread = Context("and Azure OpenAI?", "azure-direct-models", (OPENAI_API.text,), before=OPENAI_API)
    d = answers.decide(reply, thread)
    assert (d.outcome, d.compared) == (Outcome.COMPARE, ("openai-api", "azure-direct-models")), d.reason
    assert d.lead == "training"  # the thread's aspect


@pytest.mark.parametrize("reply", ["which one is cheaper?", "which one is better?"])
def test_compare_them_about_something_else_than_the_data_is_not_compared(answers, reply):
    thread = Context("and Azure OpenAI?", "azure-direct-models", (OPENAI_API.text,), before=OPENAI_API)
    assert answers.decide(reply, thread).outcome is not Outcome.COMPARE


@pytest.mark.parametrize(("context", "follow_up"), [
    (OPENAI_API, "who is our account manager at OpenAI?"),  # a name, and something else than the data
    (OPENAI_API, "how many tokens can I send?"),
    (OPENAI_API, "cool, and how do I get an API key for Azure?"),
    (BEDROCK, "and how do I call it from Vertex?"),  # how to, after "and"
    (OPENAI_API, "ok, I'll tell legal about the retention"),  # says, does not ask
])
def test_a_follow_up_about_something_else_than_the_data_gets_no_privacy_answer(answers, context, follow_up):
    d = answers.decide(follow_up, context)
    assert d.outcome not in (Outcome.ANSWER, Outcome.COMPARE), (d.entry_id, d.reason)


@pytest.mark.parametrize(("context", "follow_up", "entry"), [
    (Context("Does Zoom AI Companion train on our meetings?", "zoom-ai-companion"), "does it send data to OpenAI?",
     "zoom-ai-companion"),  # its entry names OpenAI's models: "it" is still Zoom's
    (Context("Does Microsoft 365 Copilot keep our prompts?", "microsoft-365-copilot"), "and when it uses Anthropic?",
     "microsoft-365-copilot"),
])
def test_it_with_a_model_maker_the_earlier_entry_names_stays_with_that_entry(answers, context, follow_up, entry):
    d = answers.decide(follow_up, context)
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, entry), d.reason


def test_a_model_maker_the_earlier_entry_does_not_name_is_its_own_products(answers):
    d = answers.decide("does it use Anthropic?", Context("Does Slack AI train on our messages?", "slack-ai"))
    assert d.entry_id != "slack-ai" and "slack-ai" not in d.options


ANTHROPIC_API = Context("Does the Anthropic API keep our prompts?", "anthropic-api")


@pytest.mark.parametrize(("context", "follow_up"), [  # a reviewer's: words of other products' names, said plainly
    (OPENAI_API, "and Slack?"), (OPENAI_API, "what about business data?"), (OPENAI_API, "and the API docs?"),
    (ANTHROPIC_API, "Is our data used to train AI?"), (ANTHROPIC_API, "what's the max retention?"),
    (ANTHROPIC_API, "and our work data?"), (ANTHROPIC_API, "und für unser Team?"),
    (ANTHROPIC_API, "and with an Enterprise agreement?"), (BEDROCK, "and the AI outputs?"),
    (Context("Does Microsoft 365 Copilot train on our data?", "microsoft-365-copilot"), "and data protection?"),
    (GEMINI_API, "what about the mobile app?"), (Context("Does Claude for Work train on chats?", "claude-for-work"),
                                                  "and can I use it in Slack?"),
])
def test_a_word_of_another_products_name_never_answers_with_another_product(answers, context, follow_up):
    d = answers.decide(follow_up, context)
    assert d.outcome is not Outcome.COMPARE and d.entry_id in (None, context.entry_id), (d.entry_id, d.reading)


@pytest.mark.parametrize(("context", "follow_up", "entry"), [
    (CHATGPT, "does the API train on our data too?", "openai-api"), (CHATGPT, "and the API?", "openai-api"),
    (Context("Does Claude for Work train on our chats?", "claude-for-work"), "same for the API?", "anthropic-api"),
    (Context("Does Claude for Work train on our chats?", "claude-for-work"), "und die API?", "anthropic-api"),
])
def test_the_api_after_an_answer_is_its_makers(answers, context, follow_up, entry):
    d = answers.decide(follow_up, context)  # said how it was read: "OpenAI on OpenAI API — training"
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, entry) and "API" in (d.reading or ""), (d.reason, d.reading)
    d = answers.decide(follow_up, Context("Does Microsoft 365 Copilot keep our prompts?", "microsoft-365-copilot"))
    assert d.outcome is not Outcome.ANSWER  # a maker with no API entry: nothing to read it as



@pytest.mark.parametrize("follow_up", ["and does it train models on our prompts?",
                                       "and training of models on our code?",
                                       "does the assistant keep our data?"])
def test_an_ordinary_word_of_a_products_name_names_no_other_product(answers, follow_up):
    d = answers.decide(follow_up, CHATGPT_ENTERPRISE)  # "models", "features": words of names, and of everyday speech
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, "chatgpt-enterprise"), d.reason
    assert answers.decide("and the API?", CHATGPT_ENTERPRISE).entry_id != "chatgpt-enterprise"  # a word that names


@pytest.mark.parametrize(("question", "lead", "missing"), [
    ("Does Cursor have ISO 27001 and how long does it keep our code?", "retention", ("ISO 27001",)),
    ("Is Slack AI SOC 2 certified and does it train on our messages?", "training", ("SOC 2",)),
])
def test_what_an_entry_does_not_cover_does_not_lead_the_answer(answers, question, lead, missing):
    d = answers.decide(question)
    assert (d.outcome, d.lead, d.not_covered) == (Outcome.ANSWER, lead, missing), (d.reason, d.lead, d.not_covered)


CLAUDE_COMPARED = Context("Bedrock vs the Anthropic API, which keeps less?")
OPENAI_COMPARED = Context("ChatGPT Enterprise vs the OpenAI API: which keeps less?")


@pytest.mark.parametrize(("context", "follow_up", "entry"), [
    (CLAUDE_COMPARED, "and on Vertex?", "claude-google-vertex-ai"),  # the maker both sides share, not which model
    (CLAUDE_COMPARED, "et pour Bedrock ?", "claude-amazon-bedrock"),
    (CLAUDE_COMPARED, "and via Azure?", "claude-microsoft-foundry"),
    (OPENAI_COMPARED, "and on Azure?", "azure-direct-models"),
])
def test_a_platform_asked_after_a_comparison_of_one_makers_offerings_runs_that_makers_models(answers, context,
                                                                                              follow_up, entry):
    d, maker = answers.decide(follow_up, context), answers.entries[entry].applies_to.providers[0]
    assert (d.outcome, d.entry_id, d.lead) == (Outcome.ANSWER, entry, "retention"), (d.reason, d.options)
    assert (d.reading or "").startswith(answers.entity_name(maker) + " on "), d.reading  # the thread's aspect too


def test_a_platform_asked_after_comparing_two_makers_asks_which(answers):
    d = answers.decide("and on Vertex?", Context("Gemini API vs OpenAI API for privacy?"))
    assert d.outcome is not Outcome.ANSWER


VERTEX = Context("Does Google keep our prompts when we use Claude on Vertex AI?", "claude-google-vertex-ai")


@pytest.mark.parametrize(("context", "follow_up", "entry", "lead"), [
    (BEDROCK, "does Amazon train on it?", "claude-amazon-bedrock", "training"),  # the company running it, as AWS
    (VERTEX, "and does Google train on it?", "claude-google-vertex-ai", "training"),
    (VERTEX, "und trainiert Google damit?", "claude-google-vertex-ai", "training"),
    (BEDROCK, "und wie lange werden sie gespeichert?", "claude-amazon-bedrock", "retention"),  # "sie": they
    (Context("Is ChatGPT Enterprise data stored in the EU?", "chatgpt-enterprise"), "et où sont-elles stockées ?",
     "chatgpt-enterprise", "location"),  # "où" is where, not "ou" (or)
    (Context("Does GitHub Copilot Business keep our code?", "github-copilot-business"), "et l'entraînement ?",
     "github-copilot-business", "training"),  # the elided article says nothing
    (Context("Does GitHub Copilot Business keep our code?", "github-copilot-business"), "e l'addestramento?",
     "github-copilot-business", "training"),
])
def test_a_follow_up_about_the_company_running_it_or_pointing_back_in_any_language_keeps_the_entry(
        answers, context, follow_up, entry, lead):
    d = answers.decide(follow_up, context)
    assert (d.outcome, d.entry_id, d.lead) == (Outcome.ANSWER, entry, lead), (d.reason, d.options, d.lead)


@pytest.mark.parametrize(("context", "follow_up", "entry"), [
    (BEDROCK, "does Amazon Q keep it too?", "claude-amazon-bedrock"),  # another product of the company running it
    (BEDROCK, "Does Amazon use our data for Alexa?", "claude-amazon-bedrock"),  # nothing points back
    (BEDROCK, "does AWS train on it?", None),  # a cloud's name is the platform: answered as before
    (Context("Does Zoom AI Companion train on our meetings?", "zoom-ai"),
     "Können Sie mir sagen, wie lange OpenAI die Daten speichert?", "zoom-ai"),  # the formal "Sie" points nowhere
    (Context("Does Cursor train on our code?", "cursor"), "Weet je of ze bij OpenAI onze data bewaren?", "cursor"),
])
def test_a_company_named_without_pointing_back_is_read_on_its_own(answers, context, follow_up, entry):
    d = answers.decide(follow_up, context)
    if entry is None:
        assert (d.outcome, d.entry_id) == (Outcome.ANSWER, context.entry_id), d.reason
    else:
        assert d.entry_id != entry, d.reason


def test_a_french_where_question_with_a_subject_inverted_is_no_how_to(answers):
    d = answers.decide("Où Azure OpenAI stocke-t-il nos données ?")
    assert (d.outcome, d.entry_id, d.lead) == (Outcome.ANSWER, "azure-direct-models", "location"), d.reason
    assert answers.decide("Où stocker les fichiers dans Notion AI ?").outcome is not Outcome.ANSWER  # how to


def test_a_follow_up_borrowing_the_aspect_keeps_what_the_entry_does_not_cover(answers):
    azure = Context("Is Azure OpenAI HIPAA compliant and will Microsoft sign a BAA?", "azure-direct-models")
    d = answers.decide("and the OpenAI API?", azure)
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, "openai-api") and "BAA" in d.not_covered, d.not_covered


def test_a_lead_line_says_what_the_facets_say_once(answers):
    from bot.core.answering import lead_parts
    from bot.core.models import Facet, ZeroRetention

    entry = answers.entries["amazon-q-business"]
    silent = Facet[ZeroRetention](value="not-publicly-specified", source=entry.facets.zero_retention.source)
    unknown = entry.facets.default_retention.model_copy(update={"value": "not-publicly-specified"})
    facets = entry.facets.model_copy(update={"zero_retention": silent, "default_retention": unknown})
    retention = entry.retention.model_copy(update={"duration": "Not publicly specified."})
    entry = entry.model_copy(update={"facets": facets, "retention": retention})
    _, text = lead_parts(entry, "retention")
    assert text == "not publicly specified; zero data retention: not publicly specified", text  # not a third time


@pytest.mark.parametrize(("context", "follow_up", "reading"), [
    (Context("Is Azure OpenAI HIPAA compliant and will Microsoft sign a BAA?", "azure-direct-models"),
     "and the OpenAI API?", "OpenAI API — governance"),  # not "OpenAI on OpenAI API"
    (BEDROCK, "and the Anthropic API?", "Anthropic API (Claude API) — retention"),
    (Context("Does OpenAI train on what we send through the API?", "openai-api"), "is that also true for Whisper?",
     "Whisper on OpenAI API"),  # a model the asker wrote stays
    (Context("How long does the Gemini API keep prompts?", "gemini-api"), "and on Vertex?",
     "Google on Google Cloud Vertex AI"),  # on a cloud, whose models
])
def test_a_reading_names_the_maker_only_where_it_says_something(answers, context, follow_up, reading):
    assert (answers.decide(follow_up, context).reading or "").startswith(reading)


def test_a_retention_lead_where_the_sources_give_no_duration_says_what_is_kept(answers):
    from bot.core.answering import lead_parts

    entry = answers.entries["amazon-q-business"]
    assert not entry.retention.duration_specified
    title, text = lead_parts(entry, "retention")
    assert title == "Retention" and "what is kept: Your Amazon Q Business application data" in text, text
    assert text.count("not publicly specified") == 2, text  # the two facets, not the duration a third time


@pytest.mark.parametrize("text", ["what about training?", "Do they train on our data?", "how long is it kept?"])
def test_a_question_naming_no_product_asks_which_with_the_guide_not_five_guesses(answers, text):
    d = answers.decide(text)
    assert (d.outcome, d.options) == (Outcome.HELP, ()), (d.outcome, d.options)


def test_the_service_asks_which_product_then_answers_the_one_named_next(world):  # noqa: F811
    from bot.slack.conversation_blocks import build_help

    assert ask_in(world, "Does it train on our data?", ts="1.1", origin=1).outcome == "help"
    body = world.replies.sent["q1:reply"].body
    assert body.which and body.offerings  # which product, and what is covered
    assert build_help(body.offerings, which=body.which).text.startswith("Which product do you mean?")
    assert not build_help(body.offerings).text.startswith("Which")  # "help" itself gets the guide alone
    named = ask_in(world, "ChatGPT Enterprise", ts="1.2", thread_ts="1.1", origin=2)
    assert (named.outcome, named.entry_id) == ("answer", "chatgpt-enterprise")  # the aspect it asked: training
    assert world.replies.sent["q2:reply"].body.lead == "training"


@pytest.mark.parametrize("question", ["What is the difference between ChatGPT Enterprise and the OpenAI API?",
                                      "ChatGPT Enterprise vs OpenAI API?"])
def test_a_short_question_setting_two_covered_offerings_side_by_side_compares_them(answers, question):
    d = answers.decide(question)  # asked of the privacy bot, without a privacy word (it escalated: "no curated
    assert (d.outcome, set(d.compared)) == (Outcome.COMPARE, {"chatgpt-enterprise", "openai-api"}), d.reason
    # answer covers chatgpt enterprise + openai api", although both have entries)


PERPLEXITY = Context("How long does Perplexity keep prompts on Vertex AI?", handed_over=True)  # escalated


@pytest.mark.parametrize(("context", "follow_up", "outcome", "entry", "reading"), [
    (PERPLEXITY, "and training?", Outcome.ESCALATE, None, "Perplexity on Google Cloud Vertex AI"),  # a fragment
    (PERPLEXITY, "and ChatGPT Enterprise?", Outcome.ANSWER, "chatgpt-enterprise", "ChatGPT Enterprise"),  # aspect
    (Context("How long does Mistral keep prompts on Vertex AI?", handed_over=True), "and does Mistral train on it?",
     Outcome.ESCALATE, None, "Mistral AI on Google Cloud Vertex AI"),  # named again: not Mistral's own API
    (Context("Does DeepSeek on Bedrock keep prompts?", handed_over=True), "and does DeepSeek train on them?",
     Outcome.ESCALATE, None, "DeepSeek on Amazon Bedrock"),
    (Context("Does DeepSeek on Bedrock keep prompts?", handed_over=True), "and the DeepSeek API?", Outcome.ANSWER,
     "deepseek-api", "DeepSeek API"),  # something new named: that, with the aspect
    (Context("Is Perplexity safe?", handed_over=True), "what about Bedrock?", Outcome.CLARIFY, None, None),  # alone
    (Context("Is Perplexity safe?", handed_over=True), "Where are our backups stored?", Outcome.HELP, None, None),
])
def test_after_an_escalation_a_fragment_borrows_everything_and_a_product_named_only_the_aspect(
        answers, context, follow_up, outcome, entry, reading):
    d = answers.decide(follow_up, context)  # a question of its own is read on its own
    assert (d.outcome, d.entry_id) == (outcome, entry), (d.reason, d.reading)
    assert (d.reading or "").startswith(reading or "") and (reading is not None or d.reading is None), d.reading


@pytest.mark.parametrize(("earlier", "follow_up", "entry"), [
    ("grok api privacy?", "ok what about deepseek", "deepseek-api"),  # the earlier one asked about privacy at large
    ("is perplexity pro ok for research on medical literature? privacy wise", "what about chatgpt enterprise then",
     "chatgpt-enterprise"),
])
def test_a_name_asked_next_after_a_privacy_question_without_an_aspect_asks_its_privacy(answers, earlier, follow_up,
                                                                                       entry):
    d = answers.decide(follow_up, Context(earlier, handed_over=True))  # (no entry: the privacy team had it)
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, entry), (d.reason, d.reading)
    assert answers.decide("what about chatgpt enterprise pricing", Context(earlier, handed_over=True)).outcome is not (
        Outcome.ANSWER)  # something else said beside the name


BEDROCK_THEN_OURS = Context("Are we as a company even allowed to use it for health data?", handed_over=True,
                            before=BEDROCK)  # a question about us, handed over, in a thread about Claude on Bedrock


def test_after_a_question_about_us_went_to_a_person_the_threads_product_is_still_the_one_answered(answers):
    d = answers.decide("ok and where is the data processed, eu region possible?", BEDROCK_THEN_OURS)
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, "claude-amazon-bedrock"), (d.reason, d.reading)
    # not when the question handed over named a product of its own: that is what the thread is about now
    other = Context("Does Perplexity keep our prompts?", handed_over=True, before=BEDROCK)
    d = answers.decide("Where are our backups stored?", other)
    assert d.outcome is not Outcome.ANSWER, (d.entry_id, d.reading)


@pytest.mark.parametrize(("context", "follow_up"), [
    (OPENAI_API, "ok but how long?"), (SLACK_AI, "ok, whats the retention on the summaries"),
    (BEDROCK, "und wird damit trainiert?"),  # German "with it": a word pointing back
    (SLACK_AI, "e quanto tempo conserva i riassunti?"),  # the languages that leave out "it"
    (BEDROCK, "学習には使われますか？"), (SLACK_AI, "¿y cuánto tiempo guardan los resúmenes?"),
])
def test_a_follow_up_after_an_acknowledgement_or_without_a_pronoun_continues_the_thread(answers, context, follow_up):
    d = answers.decide(follow_up, context)
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, context.entry_id), (d.reason, d.reading)
    assert d.reading, d.reason


@pytest.mark.parametrize("follow_up", ["which one keeps data for less time?", "lequel garde les données le moins "
                                                                               "longtemps ?"])
def test_a_comparison_with_only_the_earlier_answer_in_the_thread_never_compares_it_with_itself(answers, follow_up):
    d = answers.decide(follow_up, CLAUDE_FOR_WORK)  # (it had escalated as "Claude for Work vs Claude for Work")
    assert " vs " not in (d.reading or ""), d.reading
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, "claude-for-work"), d.reason


@pytest.mark.parametrize(("context", "follow_up", "entry"), [
    (CLAUDE_FOR_WORK, "and claude.ai free?", "claude-consumer-apps"),  # an edition beside the name
    (ANTHROPIC_API, "and on bedrock, is there an equivalent?", "claude-amazon-bedrock"),  # the same thing there
    (Context("Does Microsoft 365 Copilot Chat keep our prompts?", "microsoft-365-copilot-chat"),
     "and with the full m365 copilot license?", "microsoft-365-copilot"),  # its licence: the licensed product
    (Context("traint microsoft op onze data in m365 copilot chat?", "microsoft-365-copilot-chat"),
     "en bij de betaalde m365 copilot licentie?", "microsoft-365-copilot"),
])
def test_a_fragment_naming_an_edition_or_asking_for_the_same_there_continues(answers, context, follow_up, entry):
    d = answers.decide(follow_up, context)
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, entry), (d.reason, d.reading)
    assert answers.decide("and claude.ai free? how much does it cost", context).outcome is not Outcome.ANSWER
    assert answers.decide("and how much is the license?", context).outcome is not Outcome.ANSWER  # a price


@pytest.mark.parametrize(("context", "follow_up", "entry"), [
    (Context("Does Notion AI send our pages to OpenAI?", "notion-ai"), "same question for slack ai?", "slack-ai"),
    (BEDROCK, "same question for Vertex", "claude-google-vertex-ai"),
    (Context("Azure OpenAI usa i prompt per l'addestramento?", "azure-direct-models"),
     "stessa domanda per Llama su Foundry", "meta-llama-foundry"),
])
def test_the_same_question_asked_of_another_product_is_a_follow_up_not_a_comparison(answers, context, follow_up,
                                                                                     entry):
    d = answers.decide(follow_up, context)
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, entry), (d.outcome, d.compared, d.reason)


@pytest.mark.parametrize("follow_up", ["and the workspace version?", "what about in workspace?"])
def test_an_ordinary_word_naming_another_product_of_the_same_maker_never_gets_the_earlier_entry(answers, follow_up):
    d = answers.decide(follow_up, Context("does gemini on vertex keep our prompts?", entry_id="gemini-vertex-ai"))
    assert d.entry_id != "gemini-vertex-ai", (d.outcome, d.reason)  # Gemini in Workspace has other terms


@pytest.mark.parametrize(("context", "follow_up", "entry"), [
    (BEDROCK, "Speichert Amazon sie?", "claude-amazon-bedrock"),  # "sie" in lower case: them
    (BEDROCK, "Können Sie mir sagen, ob Amazon unsere Prompts speichert?", None),  # the formal "Sie": no pointer
])
def test_german_sie_points_back_only_in_lower_case(answers, context, follow_up, entry):
    d = answers.decide(follow_up, context)
    assert (d.entry_id == entry) if entry else d.entry_id != "claude-amazon-bedrock", (d.outcome, d.entry_id)


@pytest.mark.parametrize(("question", "lead"), [
    ("Where can I find the DPA for ChatGPT Enterprise?", "governance"),  # where to find it: no data location
    ("Où puis-je trouver le DPA de ChatGPT Enterprise ?", "governance"),
    ("Where is ChatGPT Enterprise data stored?", "location"),
    ("Le jour où on résilie Claude for Work, combien de temps gardent-ils nos données ?", "retention"),  # relative
    ("Par où passent nos données avec Zoom AI Companion ?", "location"),
])
def test_where_leads_with_the_location_only_when_it_asks_where_the_data_is(answers, question, lead):
    assert answers.decide(question).lead == lead


@pytest.mark.parametrize("question", ["Dell'IA di Zoom, quanto tempo conservano i dati?",
                                      "Does the API train on our data?"])
def test_a_question_with_a_word_of_a_products_name_is_not_told_it_names_none(answers, question):
    assert answers.decide(question).outcome is not Outcome.HELP


ASKED_BACK = Context("Does Anthropic train on our data?")  # asked back: the API, Claude for Work, the apps


@pytest.mark.parametrize(("reply", "entry"), [
    ("the second one", "claude-for-work"), ("2", "claude-for-work"), ("option 3", "claude-consumer-apps"),
    ("die zweite", "claude-for-work"), ("le deuxième", "claude-for-work"), ("el segundo, por favor", "claude-for-work"),
    ("the first one", "anthropic-api"), ("the last one", "claude-consumer-apps"),
    ("die letzte", "claude-consumer-apps"),
    ("actually we're on Bedrock", "claude-amazon-bedrock"),  # a correction names the product
    ("none of them, we use Claude via Bedrock", "claude-amazon-bedrock"),
])
def test_a_typed_reply_picks_an_option_by_its_place_or_corrects_them(answers, reply, entry):
    assert answers.decide("Does Anthropic train on our data?").options[:3] == (
        "anthropic-api", "claude-for-work", "claude-consumer-apps")
    d = answers.decide(reply, ASKED_BACK)
    assert (d.outcome, d.entry_id, d.lead) == (Outcome.ANSWER, entry, "training"), (d.outcome, d.reason)


@pytest.mark.parametrize("reply", ["the fifth one", "one", "the second one is wrong"])
def test_a_place_beyond_the_options_or_with_other_words_picks_nothing(answers, reply):
    assert answers.decide(reply, ASKED_BACK).outcome is not Outcome.ANSWER


def test_the_service_asks_back_and_declines_with_the_askers_language(world):  # noqa: F811
    assert ask_in(world, "Speichert Anthropic unsere Daten?", ts="1.1", origin=1).outcome == "clarify"
    assert world.replies.sent["q1:reply"].body.language == "de"
    assert ask_in(world, "Combien coûte ChatGPT Enterprise par mois pour notre équipe ?", ts="2.1",
                  origin=2).outcome == "decline"
    assert world.replies.sent["q2:reply"].body.language == "fr"


def test_a_governance_lead_starts_with_the_document_about_what_was_asked(answers):
    from bot.core.answering import lead_parts

    d = answers.decide("Will Anthropic sign a BAA for the API?")
    assert (d.outcome, d.entry_id, d.lead) == (Outcome.ANSWER, "anthropic-api", "governance") and d.asked
    _, text = lead_parts(answers.entries["anthropic-api"], "governance", d.asked)
    assert text.startswith("Business Associate Agreement (BAA)") and "execute the BAA" in text, text
    plain = lead_parts(answers.entries["anthropic-api"], "governance")[1]  # nothing asked: the first documents
    assert plain.startswith("Anthropic Commercial Terms"), plain


@pytest.mark.parametrize(("question", "compared", "missing"), [
    ("Claude on Vertex vs Mistral on Vertex: which keeps less?", ["claude-google-vertex-ai"],
     ["Mistral AI on Google Cloud Vertex AI (Agent Platform)"]),  # never Mistral's own API
    ("Compare Claude and Mistral on Vertex for retention", ["claude-google-vertex-ai"],
     ["Mistral AI on Google Cloud Vertex AI (Agent Platform)"]),
    ("Claude on Bedrock vs Mistral, which keeps less?", ["claude-amazon-bedrock", "mistral-la-plateforme"], []),
])
def test_a_compared_name_on_a_platform_no_entry_covers_is_said_never_its_own_product(answers, question, compared,
                                                                                      missing):
    d = answers.decide(question)
    assert (d.outcome, list(d.compared), list(d.missing)) == (Outcome.COMPARE, compared, missing), d.reason


@pytest.mark.parametrize(("text", "thanked"), [
    ("thanks!", True), ("ok great", True), ("Danke!", True), ("Merci", True), ("ありがとう", True),
    ("thanks, does it apply to the API too?", False), ("ok to paste PII into Claude?", False),
])
def test_a_message_that_only_thanks_gets_a_welcome_not_a_decline_with_a_button(world, text, thanked):  # noqa: F811
    from bot.slack.blocks import ActionsBlock, build_decline

    assert ask_in(world, "Does AWS keep our prompts when we use Claude on Bedrock?", ts="1.1", origin=1).outcome
    ask_in(world, text, ts="1.2", thread_ts="1.1", origin=2)
    reply = world.replies.sent.get("q2:reply")  # (an escalation is told otherwise)
    assert getattr(reply and reply.body, "thanked", False) is thanked, reply
    if thanked:
        message = build_decline(question_id=2, thanked=True)
        assert message.text.startswith("You're welcome") and not any(isinstance(b, ActionsBlock)
                                                                      for b in message.blocks)


@pytest.mark.parametrize(("earlier", "reply"), [("Speichert Anthropic unsere Daten?", "die zweite"),
                                                ("Werden unsere Daten zum Training verwendet?", "ChatGPT Enterprise")])
def test_a_reply_whose_words_say_no_language_keeps_the_threads(answers, earlier, reply):
    d = answers.decide(reply, Context(earlier))
    assert (d.outcome, d.language) == (Outcome.ANSWER, "de"), (d.outcome, d.reason)
    assert answers.decide(reply).language is None  # on its own: English


def test_a_bare_follow_up_asks_its_aspect_for_the_turns_after_it(answers):
    thread = Context("how long?", None, ("and training?", "How long does Perplexity keep prompts on Vertex AI?"),
                     handed_over=True)
    d = answers.decide("What about ChatGPT Enterprise?", thread)
    assert (d.entry_id, d.lead) == ("chatgpt-enterprise", "retention"), (d.reading, d.lead)  # not training


@pytest.mark.parametrize(("follow_up", "other"), [
    ("is that better than ChatGPT Enterprise?", "chatgpt-enterprise"),  # "better" is also a word for accuracy: it
    ("which is better, that or Bedrock", "claude-amazon-bedrock"),  # had been declined as operational
    ("is GitHub Copilot any better", "github-copilot-business"),
])
def test_a_follow_up_comparing_the_earlier_answer_compares_on_the_earlier_aspect(answers, follow_up, other):
    earlier = Context("How long does the Anthropic API keep our prompts?", "anthropic-api")
    d = answers.decide(follow_up, earlier)
    assert (d.outcome, set(d.compared)) == (Outcome.COMPARE, {"anthropic-api", other}), d.reason
    assert d.reading and d.reading.endswith("retention"), d.reading


@pytest.mark.parametrize("follow_up", ["which is cheaper, that or Bedrock", "is that faster than Bedrock?",
                                       # what the products do, a reviewer's (had been compared on retention)
                                       "is it better quality than the openai api?",
                                       "which has better docs, that or the openai api?"])
def test_a_follow_up_comparing_on_price_or_speed_is_no_privacy_comparison(answers, follow_up):
    earlier = Context("How long does the Anthropic API keep our prompts?", "anthropic-api")
    assert answers.decide(follow_up, earlier).outcome is Outcome.DECLINE


@pytest.mark.parametrize("follow_up", ["ok and how do I get a licence?", "Haben Sie eine Minute?",
                                       "thanks, that helps"])
def test_an_operational_or_social_message_after_an_answer_is_still_declined(answers, follow_up):
    earlier = Context("How long does the OpenAI API keep our prompts?", "openai-api")
    assert answers.decide(follow_up, earlier).outcome is Outcome.DECLINE


@pytest.mark.parametrize(("earlier", "reply", "entry"), [
    ("Does AWS keep our prompts?", "claude", "claude-amazon-bedrock"),  # had got five Claude buttons, AWS dropped
    ("Who processes our data in Copilot?", "github copilot enterprise", "github-copilot-business"),  # declined
    ("Does Google train on our data?", "the last one", "claude-google-vertex-ai"),  # had got three Vertex buttons
    ("Does Anthropic train on our data?", "ok the first", "anthropic-api"),  # "ok" had made it a thank-you
    ("Does Anthropic train on our data?", "ok the API", "anthropic-api"),
    ("Does Anthropic train on our data?", "the consumer one", "claude-consumer-apps"),  # "consumer" on its button
])
def test_a_reply_picking_among_the_products_asked_back_about_answers_with_it(answers, earlier, reply, entry):
    asked_back = Context(earlier)
    assert answers.decide(earlier).outcome is Outcome.CLARIFY
    d = answers.decide(reply, asked_back)
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, entry), (d.reason, d.reading)


@pytest.mark.parametrize("reply", ["no we use claude directly", "claude via the console"])  # not Bedrock's
def test_a_reply_that_says_more_than_a_name_is_no_pick(answers, reply):
    assert answers.decide(reply, Context("Does AWS keep our prompts?")).entry_id != "claude-amazon-bedrock"


def test_a_name_several_options_fit_is_still_asked_about(answers):
    d = answers.decide("copilot chat", Context("How long does Copilot keep our prompts?"))  # Microsoft's or GitHub's
    assert d.outcome is not Outcome.ANSWER


@pytest.mark.parametrize("message", ["oi", "こんにちは", "wat kan je beantwoorden"])  # had been declined
def test_a_greeting_or_a_question_what_the_bot_does_gets_the_guide_in_any_language(answers, message):
    assert answers.decide(message).outcome is Outcome.HELP


@pytest.mark.parametrize("message", ["cheers", "super, danke!", "muchas gracias"])  # had got "not a privacy question"
def test_thanks_in_any_language_is_an_acknowledgement(message):
    assert acknowledges(message)
    assert not acknowledges("super, does it apply to Bedrock?")


def test_a_question_about_it_and_a_maker_its_entry_does_not_name_goes_to_the_privacy_team(answers):
    slack = Context("Does Slack AI keep our summaries?", "slack-ai")
    d = answers.decide("does it send data to openai", slack)  # what Slack AI sends: never OpenAI's own products
    assert (d.outcome, d.options) == (Outcome.ESCALATE, ()), (d.outcome, d.options, d.reason)
    assert d.reading and "Slack AI" in d.reading
    zoom = Context("Does Zoom AI Companion train on our meetings?", "zoom-ai-companion")
    assert answers.decide("does it send data to OpenAI?", zoom).entry_id == "zoom-ai-companion"  # its entry names
    # OpenAI's models there


@pytest.mark.parametrize(("context", "follow_up", "entry", "read"), [
    (Context("does microsoft use our m365 copilot data for training?", "microsoft-365-copilot"),
     "and does that also apply to copilot chat without a license?", "microsoft-365-copilot-chat", "Copilot Chat"),
    (Context("nutzt microsoft unsere daten aus m365 copilot fürs training?", "microsoft-365-copilot"),
     "und gilt das auch für copilot chat ohne lizenz?", "microsoft-365-copilot-chat", "Copilot Chat"),
    (Context("gemini in gmail - does google read our mails for training?", "gemini-google-workspace"),
     "and gemini in docs - same deal?", "gemini-google-workspace", "Workspace"),
    (Context("Gemini in Gmail: liest Google unsere Mails fürs Training?", "gemini-google-workspace"),
     "und Gemini in Docs, gleiche Regeln?", "gemini-google-workspace", "Workspace"),
])
def test_a_follow_up_without_a_licence_or_asking_for_the_same_rules_continues(answers, context, follow_up, entry,
                                                                               read):
    d = answers.decide(follow_up, context)  # "without a license" is its edition; "same rules": the earlier question
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, entry), (d.reason, d.reading)
    assert read in (d.reading or "") and "GitHub" not in (d.reading or "")  # read as the product its words name
