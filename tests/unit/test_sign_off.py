"""A request for the privacy team's decision, a question whether a product was approved for some data, and a
product the answer set does not cover: each goes to a person, never to an entry's answer."""

from __future__ import annotations

import pytest

from bot.core.models import Outcome


@pytest.mark.parametrize("message", [
    "I need formal sign-off from privacy: can I upload this quarter's performance review export (names + ratings) to "
    "our ChatGPT Enterprise workspace to summarise it",  # answered with the entry before
    "need approval for Notion AI on the HR space (perf reviews + sick leave notes). ok or nah?",
    "Can privacy sign off on us fine-tuning Llama on Bedrock with claims data?",  # a team of ours decides
    "we want to index the legal team's contract share in Amazon Q Business. does that need privacy approval?",
    "Kann jemand vom Datenschutz genehmigen, dass wir Kundentickets über die Gemini API klassifizieren?",
    "Buenas, pido aprobación para usar Zoom AI Companion en las reuniones con pacientes.",
    "Hoi privacyteam, kan iemand akkoord geven om de enquêteantwoorden van medewerkers door Gemini in Google "
    "Workspace te halen?",
    "is Claude for Work approved for customer data?",  # whether it was approved, for a kind of data
    "Slack AI è già stato approvato per i canali HR o no?",
    "¿Está aprobado Claude Enterprise para datos de clientes o solo para uso interno?",
])
def test_a_decision_asked_of_the_privacy_team_is_escalated(answers, message):
    d = answers.decide(message)
    assert (d.outcome, d.entry_id) == (Outcome.ESCALATE, None), d.reason
    assert "a person" in d.reason


@pytest.mark.parametrize(("message", "outcomes"), [
    # a product's own approval step, asked about with its data
    ("Does Slack AI need workspace admin approval before it's turned on in a channel? and does the LLM keep the "
     "messages?", {Outcome.ANSWER}),
    ("can you approve my Cursor seat?", {Outcome.DECLINE}),  # a seat: no data
    ("Is Claude for Work approved under HIPAA?", {Outcome.ANSWER}),  # a regulator's
    ("Legal approved Claude for Work. Does Anthropic train on our chats?", {Outcome.ANSWER}),  # stated, not asked
])
def test_an_approval_that_is_not_ours_to_give_is_not_escalated_as_one(answers, message, outcomes):
    d = answers.decide(message)
    assert "decide (a sign-off" not in d.reason and "approved for such data" not in d.reason, d.reason
    assert d.outcome in outcomes, d.reason


@pytest.mark.parametrize("message", [
    "claude in databricks (via the foundation model apis) — who processes the data, databricks or anthropic?",
    "Sendet Grammarly unsere Entwürfe an OpenAI?",  # had been asked which OpenAI product
    "Atlassian Intelligence in Confluence — does it send our pages to OpenAI?",
    "Llama on Groq cloud — do they keep prompts?",
])
def test_a_product_no_entry_covers_is_escalated_not_given_its_models_entry(answers, message):
    d = answers.decide(message)
    assert (d.outcome, d.entry_id) == (Outcome.ESCALATE, None), d.reason


@pytest.mark.parametrize(("message", "entry"), [
    ("Copilot Chat in JetBrains, work login: does GitHub keep the chat?", "github-copilot-business"),  # the IDE
    ("we buy Cursor through the AWS Marketplace, does Cursor keep our code?", "cursor"),  # where it is bought
    ("Claude Platform on AWS, the one from the AWS Marketplace: who is the data processor?", "anthropic-api"),
    ("what is our data retention set to out of the box in ChatGPT Enterprise?", "chatgpt-enterprise"),  # not Box AI
])
def test_a_name_beside_a_product_that_is_not_another_product_is_read_past(answers, message, entry):
    d = answers.decide(message)
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, entry), d.reason


@pytest.mark.parametrize("message", [
    "who on the privacy team owns the zoom ai companion review?",  # our review (ourside.py)
    "die rechtsabteilung wollte sich den AVV mit mistral anschauen – gibts da schon was neues?",
    "chi del team privacy segue la valutazione di cursor? vorrei sapere a che punto siamo",
    "we have modified abuse monitoring approved on our azure openai resource, don't we?",  # a fact of ours, to confirm
    "nuestra config de retencion en chatgpt enterprise es de 90 dias, verdad?",
    "what's the process for getting gemini for workspace approved for customer data?",  # our process
    "before i enforce privacy mode for the whole cursor org, do i need a privacy ticket or can i just do it?",
    "per our internal policy, which data classes are we allowed to put into chatgpt enterprise?",
    "on a bien signé le DPA avec anthropic pour l'api, non ?",  # an adverb inside the phrase
    "zijn wij juridisch verplicht om klanten te melden dat we zoom ai companion in gesprekken gebruiken?",  # legal
    "can we legally run patient notes through Claude on Bedrock if the patients never agreed?",  # may we, legally
    "Dürfen wir rechtlich Kundendaten über die Gemini API verarbeiten lassen?",
    "mogen we juridisch klantgesprekken met Zoom AI Companion laten samenvatten?",
    "would sending patient notes to Claude on Bedrock put us in breach of HIPAA?",
    "is it GDPR compliant for us to send claims data to the OpenAI API?",  # lawful or compliant for us
    "ist es für uns DSGVO-konform, Gesundheitsdaten von Versicherten in Notion AI zu verarbeiten?",
    "é legal a gente mandar dados de saúde dos segurados pra api da openai?",
    "can I use my personal claude pro account for work stuff or is that against our policy?",  # our policy
    "Darf ich meinen privaten claude.ai Pro Account nutzen oder verstößt das gegen unsere Richtlinie?",
    "¿tenemos aprobado usar cohere para datos de clientes? ¿quién lo aprobó?",  # have we approved; who approved it
    "temos aprovado o uso do gemini com dados de clientes?", "Chi l'ha approvato, Cursor?",
])
def test_a_question_about_our_review_process_or_a_fact_of_ours_is_escalated(answers, message):
    d = answers.decide(message)
    assert (d.outcome, d.entry_id) == (Outcome.ESCALATE, None), d.reason


@pytest.mark.parametrize(("message", "entry"), [
    ("Our legal team asked me to check: does AWS keep copies of the documents Amazon Q Business indexes?",
     "amazon-q-business"),  # our people ask the vendor question
    ("ChatGPT Enterprise keeps our chats for 30 days after deletion, right?", "chatgpt-enterprise"),  # the vendor's
    ("Anthropic API で ZDR（ゼロデータ保持）は申請できますか？", "anthropic-api"),  # applying to the vendor
    ("what's the process for deleting data in chatgpt enterprise?", "chatgpt-enterprise"),  # the vendor's process
    ("Does Anthropic's commercial DPA make Anthropic legally our processor for the API?", "anthropic-api"),  # its role
    ("is OpenAI legally allowed to train on what we send through the API?", "openai-api"),  # what the vendor may do
    ("Ist es für Google rechtlich zulässig, unsere Gemini-API-Prompts zu speichern?", "gemini-api"),
    ("is Notion AI GDPR compliant?", "notion-ai"), ("ist Notion AI DSGVO-konform?", "notion-ai"),  # the vendor's
    ("does the OpenAI API train on our data? our policy says no training", "openai-api"),  # said, not asked
    ("our policy needs 30-day retention — how long does the OpenAI API keep prompts?", "openai-api"),  # before the
    ("Volgens ons beleid moet alles binnen 30 dagen weg; hoe lang bewaart Zoom AI Companion samenvattingen?",  # ask
     "zoom-ai-companion"),
])
def test_a_vendor_question_with_our_people_or_a_tag_is_answered(answers, message, entry):
    d = answers.decide(message)
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, entry), d.reason


@pytest.mark.parametrize(("message", "outcome"), [
    ("Who can approve budget for the Gemini API paid tier? finance wants a cost center", Outcome.DECLINE),  # bought
    ("who approves copilot seats for the github org? need one for my new hire", Outcome.DECLINE),
    # ... a contract is a privacy topic: ours, for a person (it had been answered with the entry)
    ("when does our chatgpt enterprise contract renew? need it for next year's budget", Outcome.ESCALATE),
])
def test_a_purchase_question_about_our_organisation_is_not_answered_with_an_entry(answers, message, outcome):
    d = answers.decide(message)
    assert d.outcome is outcome, d.reason


@pytest.mark.parametrize(("message", "entry"), [
    ("as part of our vendor review process: where does cohere store data and how long are prompts logged?",
     "cohere-platform"),  # our process as context, the vendor asked about
])
def test_our_process_as_context_leaves_the_vendor_question(answers, message, entry):
    d = answers.decide(message)
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, entry), d.reason


def test_a_statement_of_our_review_is_not_taken_for_a_question_about_it(answers):
    d = answers.decide("Update: the DPO gave sign-off on the Azure OpenAI DPIA, we're unblocked for the EU deployment")
    assert "our own organisation" not in d.reason, d.reason
