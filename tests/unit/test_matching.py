"""decide(): each decision rule, on the real answer set and on small hand-made ones."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.core.answer_set import AnswerSet
from bot.core.matching.entity_file import EntitiesFile
from bot.core.matching.matcher import Thresholds
from bot.core.models import Entry, Outcome


@pytest.mark.parametrize(
    ("question", "entry"),
    [
        ("What customer data does Anthropic retain when we use Claude models in Microsoft Foundry?",
         "claude-microsoft-foundry"),
        ("does antropic keep our stuff on azure foundary?", "claude-microsoft-foundry"),
        ("claude via vertex, not bedrock - retention?", "claude-google-vertex-ai"),
        ("does openai train on api data", "openai-api"),
        ("AOAI abuse monitoring - how long are prompts stored?", "azure-direct-models"),
        ("who sees my question when the privacy bot escalates it?", "privacy-bot"),
        # a quoted question asked again
        ("> Does Cursor train on our code?\nthis is what my manager asked, can you answer it?", "cursor"),
        # a Workspace app beside Gemini's name, or a word that says Gemini, is Gemini in it
        ("Does Gemini in Gmail read our emails?", "gemini-google-workspace"),
        ("Does Gemini read our Gmail?", "gemini-google-workspace"),
        ("Does Help me write in Gmail keep our drafts?", "gemini-google-workspace"),
        ("Is the Gemini app OK for company data with our work account?", "gemini-google-workspace"),
        # a handle typed as text addresses someone: it names no product ("privacy-bot" is one)
        ("@privacy-bot does Mistral train on API data?", "mistral-la-plateforme"),
        ("Please explain how long ChatGPT Enterprise keeps chats.", "chatgpt-enterprise"),  # a request asks
    ],
)
def test_answers(answers, question, entry):
    d = answers.decide(question)
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, entry), d.reason
    assert 0 < d.confidence <= 1 and d.candidates[0].entry_id == entry


def test_clarify_when_the_product_is_not_said(answers):
    d = answers.decide("Does Anthropic train on our data?")
    assert d.outcome is Outcome.CLARIFY and d.entry_id is None
    # a company named alone means its own products, not every platform that resells its models
    assert {"anthropic-api", "claude-for-work", "claude-consumer-apps"} == set(d.options)
    claude = answers.decide("Does Claude train on our data?")  # a model: wherever it runs
    assert claude.outcome is Outcome.CLARIFY and "claude-microsoft-foundry" in claude.options
    assert len(d.options) <= answers.thresholds.max_options
    foundry = answers.decide("does foundry keep our prompts?")
    assert foundry.outcome is Outcome.CLARIFY
    assert {"claude-microsoft-foundry", "azure-direct-models"} <= set(foundry.options)
    assert all("microsoft-foundry" in answers.entries[e].applies_to.platforms for e in foundry.options)


def test_generic_words_do_not_pick_an_entry(answers):
    # "customer data" appears in one entry's examples only; that must not decide between products.
    d = answers.decide("can i use claude for customer data?")
    assert d.outcome is Outcome.CLARIFY


@pytest.mark.parametrize(
    "question",
    ["Does Mistral retain prompts on Vertex?", "does perplexity keep our search history?",
     "is notebooklm private for our documents?", "does cohere on bedrock log our prompts",
     "Does Gemini Code Assist keep our code?",  # Google's, under its own terms: not Gemini in Workspace
     "Does Gemini Code Assist and Gemini for Workspace keep our code?"],
)
def test_uncovered_pairs_escalate_never_borrow_a_neighbour(answers, question):
    d = answers.decide(question)
    assert d.outcome is Outcome.ESCALATE and d.entry_id is None, (d.outcome, d.entry_id)


@pytest.mark.parametrize(
    "question",
    ["where is the VPN guide", "we get 429s from bedrock, can someone raise our quota?",
     "our HIPAA bedrock endpoint throws a 500 error, bug?", "thanks!", "how much does azure openai cost?",
     "is gpt-4o better than sonnet for code review?"],
)
def test_declines_what_is_not_a_privacy_question(answers, question):
    assert answers.decide(question).outcome is Outcome.DECLINE


def test_hostile_input_is_bounded_and_never_crashes(answers):
    for q in ["", "   ", "<!channel> " * 5000, "\x00\x01\x02", "a" * 40_000, "🙂" * 1000, "<@U1|x>" * 100]:
        d = answers.decide(q)
        assert d.outcome in Outcome and len(d.question) <= 4000


def _entry(ident: str, providers: list[str], platforms: list[str], questions: list[str]) -> Entry:
    return Entry.model_validate({
        "id": ident, "title": ident, "summary": "s", "questions": questions,
        "applies_to": {"providers": providers, "platforms": platforms},
        "processor": [{"name": "n", "role": "r", "data": "d"}],
        "retention": {"what": "w", "duration": "not publicly specified"}, "status": "draft",
        "governance": [{"title": "g"}], "references": [{"title": "r", "url": "https://example.com/r"}],
        "owner": "o", "reviewed_on": dt.date(2026, 1, 1),
    })


@pytest.fixture
def tiny() -> EntitiesFile:
    return EntitiesFile.model_validate({
        "providers": {"acme": {"name": "Acme", "model_aliases": ["roadrunner"]},
                      "zeta": {"name": "Zeta"}},
        "platforms": {"cloudy": {"name": "Cloudy", "operator": "zeta"},
                      "stormy": {"name": "Stormy", "operator": "zeta"}},
    })


def test_only_consistent_entry_is_answered_and_margin_is_a_setting(tiny):
    entries = [
        _entry("acme-cloudy", ["acme"], ["cloudy"], ["does roadrunner on cloudy keep prompts", "a b c", "d e f"]),
        _entry("acme-stormy", ["acme"], ["stormy"], ["does roadrunner on stormy keep prompts", "g h", "i j"]),
    ]
    kb = AnswerSet.build(entries, tiny)
    assert kb.decide("does roadrunner on stormy store our prompts?").entry_id == "acme-stormy"
    assert kb.decide("does roadrunner keep our prompts?").outcome is Outcome.CLARIFY
    assert kb.decide("does zeta keep our prompts?").outcome is Outcome.CLARIFY
    # An impossible margin turns every multi-candidate answer into a clarification.
    strict = AnswerSet.build(entries, tiny, thresholds=Thresholds(strict_margin=2.0, margin=2.0))
    assert strict.decide("roadrunner cloudy prompts retention stormy?").outcome is not Outcome.ANSWER


def test_candidates_and_options_are_entry_ids(answers):
    d = answers.decide("does vertex store our prompts")
    assert d.outcome is Outcome.CLARIFY
    assert {"claude-google-vertex-ai", "gemini-vertex-ai"} <= set(d.options)
    assert all(c.entry_id in answers.entries for c in d.candidates)


@pytest.mark.parametrize("message", [
    "Help! I pasted customer PII into Claude for Work, what now?",  # had been answered with the entry
    "I accidentally pasted a customer's credit card number into chatgpt enterprise, what now?",  # had been declined
    "accidentally sent confidential M&A docs to deepseek, how bad is it",
    "someone on my team shared patient data in a copilot chat, who do I report this to",  # had been asked back
    "Ich habe aus Versehen Kundendaten in ChatGPT Enterprise eingefügt, was jetzt?",
    "Pegué datos de un cliente en Gemini sin querer, ¿qué hago?",
    "J'ai collé des données personnelles dans Claude par erreur, que faire ?",
    # a leak named after what the product did (a reviewer's: each had been answered)
    "Slack AI just showed me a summary of a private channel I'm not a member of. Data leak?",
    "Zoom AI Companion sent the meeting summary to an external guest who left early. Is that a privacy breach?",
    "Slack AI m'a montré un message d'un canal privé. Fuite de données ?",
])
def test_a_possible_incident_goes_to_the_privacy_team(answers, message):
    d = answers.decide(message)
    assert (d.outcome, d.entry_id) == (Outcome.ESCALATE, None), d.reason
    assert "incident" in d.reason


@pytest.mark.parametrize(("message", "entry"), [
    ("if I accidentally paste customer data into ChatGPT Enterprise, does OpenAI keep it?", "chatgpt-enterprise"),
    ("Can employees accidentally leak data through Cursor?", "cursor"),  # a question, not a report
    # a case supposed, a mistake denied, a routine with "what should we do to…" (a reviewer's, all had escalated)
    ("Say I accidentally uploaded a contract to Gemini in Workspace, would Google train on it?",
     "gemini-google-workspace"),
    ("I didn't upload anything by mistake, but does Claude for Work keep uploaded files?", "claude-for-work"),
    ("Our developers share code with Cursor. What should we do to keep it out of training?", "cursor"),
    ("Does Microsoft 365 Copilot prevent data leaks?", "microsoft-365-copilot"),  # asks about a safeguard
    ("We had a data leak last year so legal is careful. Does Cursor keep our code?", "cursor"),  # a motive
    ("Risk of data leak with DeepSeek API?", "deepseek-api"),  # a risk
])
def test_a_mistake_supposed_or_asked_about_is_a_privacy_question(answers, message, entry):
    d = answers.decide(message)
    assert "incident" not in d.reason
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, entry), d.reason


@pytest.mark.parametrize("message", [
    "when does our chatgpt enterprise contract renew",  # had been answered with the entry
    "is ZDR actually enabled on our openai org?",  # ... the entry says it can be, not whether ours is
    "who signed our DPA with OpenAI",  # had been asked back
    "has the privacy team approved deepseek?",
    "Haben wir einen AVV mit Anthropic unterschrieben?",  # the participle comes last
    "Chi ha firmato il DPA con Microsoft per Copilot?",
    "who signed the DPA for Cursor?",  # each had been answered with the product's entry
    "who owns the Notion AI contract?",
    "who manages our Zoom AI Companion contract?",
    "who is responsible for the Cursor contract?",
    "Which region did we pick for our Azure OpenAI deployment?",  # a choice, a setting, our policy (a reviewer's)
    "what data residency region is our Claude for Work org set to?",
    "do we have a BAA in place for Vertex AI Gemini?",
    "is DeepSeek API allowed under our AI policy?",
    "Wer hat bei uns den DPA für ChatGPT Enterprise unterschrieben?",
    "Est-ce qu'on a activé le ZDR sur notre compte Anthropic API ?",
    "¿Hemos activado la retención cero en la API de OpenAI?",
    "Est-ce qu'on a un DPA signé avec Mistral ?",  # a held-out probe's, each answered with the entry before
    "A gente assinou algum contrato de ZDR com a Anthropic?",
    "Hebben wij al een verwerkersovereenkomst met Zoom voor de AI Companion?",
    "which retention period did our admins configure for ChatGPT Enterprise?",  # a second held-out probe's
    "is Cursor allowed here, i.e. on the list of tools security signed off on?",
    "Abbiamo un accordo di zero data retention con GitHub per Copilot?",
    "did legal sign the DPA with zoom yet?",  # declined as not for the privacy team before its rule came first
    "Have we signed a DPA with Anthropic yet? procurement says it's 'in progress'",  # ... as operational
    "Hebben we de opslag van ChatGPT Enterprise op EU-dataresidentie ingesteld?",  # the verb last, 8 words on
    "Heeft legal de verwerking van onze gegevens door Cohere al contractueel laten afdekken?",
    "Chez nous, est-ce qu'on a activé le réglage pour que les données ChatGPT Enterprise restent hors des US ?",
    "claude on bedrock: did we opt in to the provider_data_share mode in our aws account?",  # after a topic
    "Du coup, est-ce qu'on a signé le DPA de Microsoft pour Copilot Studio ?",  # after an opener
    "¿Firmamos el DPA con OpenAI para la API?",  # the first person plural alone says "we"
    "¿Ya activamos la retención cero en la API de Gemini?",
    "Est-ce qu'on a déjà une politique interne sur ChatGPT Enterprise ?",  # our own policy
    "did we ever sign a DPA with anthropic? procurement is asking",  # an adverb between the words
    "has IT actually enforced privacy mode org-wide on our cursor business account?",  # a team of ours as "we"
    "has our zoom admin turned on ai companion zdr?",
    "did the security team approve Notion AI?",
    "which of our AOAI resources have abuse monitoring turned off? need the list for the ISO audit",
    "a gente tem contrato assinado com a openai que cubra o chatgpt enterprise?",
    "has our company enabled Privacy Mode for everyone in Cursor?",
    # a second held-out probe's: a state of ours, a review by someone of ours, a DPIA, who decides, no gap
    "is zdr on for our org on the openai api? i'm about to send call transcripts through it",
    "ist zdr bei uns für die anthropic api eigentlich aktiv?",
    "staat zdr bij ons aan voor de openai api?",
    "has the DPO reviewed zoom ai companion? we want summaries on for all customer calls",
    "did anyone check that with privacy first? we turned on the anthropic models in m365 copilot",
    "has anyone from legal looked at the cursor terms yet?",
    "is the gemini for workspace DPIA finished?",
    "is there a DPA in place with cohere? procurement says they sent one",
    "quien aprueba el uso de cursor con codigo de clientes? hay alguna politica interna?",
    "tenemos firmado el DPA con mistral o todavia no?",
    "alguem do juridico ja olhou o contrato do zoom ai companion?",
    "est-ce que le DPO a validé l'usage de gemini dans workspace pour les données RH ?",
])
def test_a_question_about_our_own_organisation_goes_to_the_privacy_team(answers, message):
    d = answers.decide(message)
    assert (d.outcome, d.entry_id) == (Outcome.ESCALATE, None), d.reason
    assert "our own organisation" in d.reason


@pytest.mark.parametrize("message", [
    "who approves copilot seats for the github org? need one for my new hire",  # bought, not a privacy matter
    "No me llega la factura de OpenAI de este mes, ¿a quién le pregunto?",
    "who approves software purchases over $5k?",
])
def test_a_purchase_question_about_our_organisation_is_not_escalated_as_one(answers, message):
    d = answers.decide(message)
    assert "our own organisation" not in d.reason, d.reason


@pytest.mark.parametrize(("message", "entry"), [
    ("how do we get modified abuse monitoring turned on for our aoai resource", "azure-direct-models"),  # how to
    ("who can see the questions I ask the privacy bot?", "privacy-bot"),  # "who can … ask" opens no such question
    ("Does Cursor keep the code in our repos?", "cursor"),  # "our" data, not our decisions
    # "approved" by a regulator, a default, the vendor's own people (a reviewer's, all had escalated)
    ("Is Claude for Work approved under HIPAA?", "claude-for-work"),
    ("Is Notion AI training enabled for our workspace by default?", "notion-ai"),
    ("Did ChatGPT Enterprise ever train on the files we uploaded?", "chatgpt-enterprise"),
    ("do we have a BAA with anthropic for the API?", "anthropic-api"),  # the entry says whether one is offered
    ("Who do we contract with when using Claude in Foundry?", "claude-microsoft-foundry"),  # the vendor's side
    ("who handles our data when we use Copilot Studio?", "microsoft-copilot-studio"),
    # "do we already have an idea…" in another language asks about the vendor (a breaker's)
    ("Hebben we al een idee hoe lang Cohere onze prompts bewaart?", "cohere-platform"),
    ("Firmamos con Zoom el año pasado; ¿AI Companion entrena con nuestras reuniones?", "zoom-ai-companion"),
    ("has it ever trained on my chats, chatgpt enterprise?", "chatgpt-enterprise"),  # "it": not IT
    ("Has Anthropic ever used Claude for Work chats to train?", "claude-for-work"),
    ("which of our files can Microsoft 365 Copilot see?", "microsoft-365-copilot"),  # what the product does
    ("is ZDR available for our org on the OpenAI API?", "openai-api"),  # offered, not set ("on" the API)
    ("has anyone at OpenAI reviewed our API prompts for abuse?", "openai-api"),  # the vendor's people
])
def test_a_question_about_the_vendor_with_our_in_it_is_answered(answers, message, entry):
    d = answers.decide(message)
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, entry), d.reason


@pytest.mark.parametrize(("message", "entry"), [
    ("hey privacy bot, does Cursor keep our code?", "cursor"),  # each had been escalated as two products
    ("privacy-bot: does Notion AI train on our pages?", "notion-ai"),
    ("can the privacy bot tell us if Cursor keeps our code?", "cursor"),
    ("Hallo Privacy Bot, trainiert Slack AI mit unseren Nachrichten?", "slack-ai"),
    ("hey privacy bot, what do you keep about me?", "privacy-bot"),  # speaking to the bot about the bot
    ("privacy bot: do you send my questions to OpenAI?", "privacy-bot"),  # ... with another name in it
    ("I asked privacy-bot about Slack AI yesterday — is my question logged anywhere?", "privacy-bot"),
    ("does the privacy bot store my questions?", "privacy-bot"),
    ("what do you keep about me?", "privacy-bot"),  # "you", naming nothing else: the bot (had asked which product)
    ("if you escalate my question to the privacy team does it show my name?", "privacy-bot"),  # what it does
    ("speicherst du eigentlich meine Slack-ID? und wie lange?", "privacy-bot"),
])
def test_the_bot_spoken_to_by_name_is_not_what_is_asked_about(answers, message, entry):
    d = answers.decide(message)
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, entry), d.reason


@pytest.mark.parametrize("message", [
    "how long do you keep my questions?",  # had been the help reply, "which product?"
    "how long do you store what i ask? asking before i paste something sensitive",
    "is asking you anonymous? like does the privacy team see my name",  # had been escalated
    "how long do you keep what i ask about Cursor?",  # another name in it: had been answered for Cursor
    "@privacy-bot do you send my questions to chatgpt or something?",  # had been escalated: ChatGPT has no entry
    "Combien de temps gardez-vous mes questions ?",  # the second person in the other languages
    "Você guarda minhas perguntas?",
    "Hoe lang bewaar je mijn vragen?",
    "Speicherst du meine Fragen? Und wie lange?",  # the informal second person of the verbs ("speicherst", "guardas")
    "¿Guardas mis preguntas? ¿Por cuánto tiempo?",
    "Lieber Privacy-Bot, wie lange bewahrst du meine Fragen eigentlich auf?",
    "does the bot store what I ask it?", "how long do u keep my questions, bot?",  # "the bot", "u"
    "¿el bot guarda mis preguntas? ¿cuánto tiempo?", "o que é que guardas sobre as minhas perguntas?",
])
def test_the_bot_asked_about_in_the_second_person_answers_for_itself(answers, message):
    d = answers.decide(message)
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, "privacy-bot"), d.reason


@pytest.mark.parametrize("message", ["can I ask you about DPAs in general?",  # "you" asked, not asked about
                                     "do you guys store customer data in Notion?",  # another name: not the bot
                                     "can you use it with PHI?", "could you forward my question to legal please?",
                                     "A candidate asked me: do you keep my CV after you reject me?",
                                     "can you see my messages in private channels as an admin?",
                                     "Quick check from legal: when users ask our app 'do you store what I ask?', "
                                     "can we say no?", "Do you store what I type in Notion?",
                                     "¿ChatGPT guarda mis preguntas?",  # the third person: not the bot
                                     "does the bot in our support app store what I ask it?",  # another bot
                                     # a breaker's: reported, supposed, after another name, an errand
                                     "J'ai demandé à Claude : tu gardes mes questions ? Il dit que non.",
                                     "Si compartes mis preguntas con Claude en el plan Team, ¿Anthropic entrena?",
                                     "Copilot Chat, do you send my questions to Bing?",
                                     "would you forward my questions about Notion AI to legal? I'm out tomorrow"])
def test_you_in_a_question_that_asks_nothing_of_the_bot_does_not_name_it(answers, message):
    assert answers.decide(message).entry_id != "privacy-bot"


@pytest.mark.parametrize("message", [
    "can I upload candidate CVs to m365 copilot to rank them",  # each had been declined as not a privacy question
    "can I paste patient notes into azure openai for a summarization poc",
    "is it allowed to upload bank statements to deepseek",
    "Kann ich Bewerbungsunterlagen in Microsoft 365 Copilot hochladen?",
])
def test_asking_whether_peoples_data_may_go_into_a_product_is_never_declined(answers, message):
    assert answers.decide(message).outcome is not Outcome.DECLINE


@pytest.mark.parametrize("message", ["Can I use DeepSeek as an API?",  # whose data: nobody's
                                     "can I upload files to Claude for Work?"])  # what the product can do
def test_asking_what_a_product_can_do_is_still_declined(answers, message):
    assert answers.decide(message).outcome is Outcome.DECLINE


@pytest.mark.parametrize("message", [
    "how do I set up SSO for Cursor with Okta?",  # each had been escalated as too unsure
    "Comment on active Gemini dans Google Sheets ?",
    "Wie richte ich SSO für Claude Enterprise ein?",
    "ChatGPT Enterprise でカスタムGPTを共有する方法は？",
])
def test_a_question_only_how_to_use_a_product_is_declined(answers, message):
    d = answers.decide(message)  # (by the model itself when it scores it under the decline threshold)
    assert d.outcome is Outcome.DECLINE, d.reason
    assert d.reason.startswith("it asks how to use the product") or (d.intent or 0) < answers.matcher.intent.decline


@pytest.mark.parametrize("message", ["How do I turn off Slack AI for our DMs?",  # what is kept from the product
                                     "how do I hide my Notion pages from Notion AI?",
                                     "how do I opt out of training in Claude for Work?",  # an aspect
                                     "how do we do a DPIA for a new ai vendor?",  # no product: the process
                                     "how do I make Gemini forget what I told it?",  # kept from the product: these
                                     "Hoe zorg ik dat niemand ziet wat ik aan Claude vraag?"])  # had been declined
def test_a_how_to_question_about_what_goes_into_a_product_is_not_declined(answers, message):
    assert answers.decide(message).outcome is not Outcome.DECLINE


@pytest.mark.parametrize("message", [
    "workday uses azure openai for its assistant - where is our HR data processed?",  # had been answered with Azure's
    "quillbot is powered by anthropic now, does anthropic keep our drafts?",  # had been asked back
    "our crm vendor uses claude on bedrock - does aws keep our customer records?",  # someone else's product
    "does quillbot send our drafts to openai?",  # a product the bot does not know sends to a vendor it knows
    "Does Pipedrive's AI send our CRM data to OpenAI?",  # (had been asked back: the OpenAI API or ChatGPT?)
    "Coda AI envoie-t-il nos pages à OpenAI ?",
    # asked about beside a covered one, or compared with it (a reviewer's: each had been answered for the covered one)
    "we log anthropic api requests into splunk; how long does splunk keep them?",
    "Our app calls the OpenAI API but the prompts go through LangSmith first. Does LangSmith retain them?",
    "After summarising with Zoom AI Companion, we store notes in HubSpot. Is HubSpot storing it in the EU?",
    "We call Gemini through Vertex AI and cache responses in Redis Cloud. Is Redis Cloud GDPR compliant?",
    "On envoie les logs de Claude sur Bedrock à Datadog ; est-ce que Datadog garde nos logs ?",
    "Gemini in Workspace or Quillbot for drafting client emails — privacy-wise?",  # compared with one it knows
    "deepseek api vs qwen api: data goes to china either way?",
])
def test_a_product_the_bot_does_not_know_built_on_a_vendor_is_escalated(answers, message):
    d = answers.decide(message)
    assert (d.outcome, d.entry_id) == (Outcome.ESCALATE, None), d.reason
    assert "another tool" in d.reason


@pytest.mark.parametrize(("message", "entry"), [
    ("does voice mode store audio in ChatGPT Enterprise?", "chatgpt-enterprise"),  # a part of the product named
    ("We use the OpenAI API. Does fine-tuning keep our training files?", "openai-api"),  # a word its entry uses
    ("We use Claude on Bedrock. Does the API keep prompts?", "claude-amazon-bedrock"),  # a cloud's API
    ("We use ChatGPT Enterprise. Does the Compliance API keep logs?", "chatgpt-enterprise"),  # a feature's API
    ("GPTs in ChatGPT Enterprise call the API of our CRM. Does the API get our chat data?",
     "chatgpt-enterprise"),  # another's API
    ("we use Claude for Work; does incognito keep anything?", "claude-for-work"),
    ("I was wondering how long Claude for Work keeps chats", "claude-for-work"),  # the asker, no auxiliary opening
    ("Ist Slack AI Auftragsverarbeiter oder Verantwortlicher?", "slack-ai"),  # German nouns: capitals, no names
    ("Does Slack AI keep data in Ireland or Germany?", "slack-ai"),  # "or" between two places, not products
    ("Is ChatGPT Enterprise OK for HR or Finance data?", "chatgpt-enterprise"),  # "or" inside a phrase
])
def test_a_part_of_a_covered_product_asked_about_is_answered(answers, message, entry):
    d = answers.decide(message)
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, entry), d.reason


@pytest.mark.parametrize("message", [  # each had been answered with GitHub Copilot's entry (a reviewer's)
    "how long does GitHub keep deleted private repositories?",  # GitHub alone is mostly not its AI product
    "does github store our code in the EU?",
    "Does GitHub Models keep our prompts?",  # its model playground, no entry
    "can i customise the cursor colour in the DPA review tool?",  # the pointer on screen, not the editor
])
def test_a_company_or_word_that_is_mostly_something_else_gets_no_ai_products_answer(answers, message):
    assert answers.decide(message).outcome is not Outcome.ANSWER


@pytest.mark.parametrize("message", ["Does GitHub keep our Copilot prompts?", "is Copilot in GitHub safe for our code?",
                                     "Trainiert GitHub mit unserem Code?",
                                     "does github copilot business keep our code?",
                                     "GitHub uses our code to train Copilot?"])  # GitHub's own, not built on it
def test_github_beside_copilot_is_github_copilot(answers, message):
    d = answers.decide(message)
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, "github-copilot-business"), d.reason


@pytest.mark.parametrize(("message", "entry"), [
    ("my app uses the openai api, does openai keep the prompts?", "openai-api"),  # the asker's own: the API's terms
    ("our team uses claude on bedrock - does aws keep our prompts?", "claude-amazon-bedrock"),
    ("Cursor uses Claude, does Anthropic keep my code?", "cursor"),  # a product the bot knows
    ("do we send customer data to openai when we use the api?", "openai-api"),  # we send: the API's terms
    ("Does Zoom AI Companion send our meetings to Perplexity?", "zoom-ai-companion"),  # the product named sends
    ("is it safe to send PII to the OpenAI API?", "openai-api"),
])
def test_our_own_use_of_a_vendor_or_a_known_product_on_it_is_answered(answers, message, entry):
    d = answers.decide(message)
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, entry), d.reason


@pytest.mark.parametrize(("message", "entry"), [
    ("a openai treina com os dados da api", "openai-api"),  # had been declined: a question only by its "?"
    ("onde ficam os dados do claude no bedrock", "claude-amazon-bedrock"),
    ("openai usa i dati dell'api per addestrare i modelli", "openai-api"),
])
def test_a_one_line_question_in_another_language_needs_no_question_mark(answers, message, entry):
    d = answers.decide(message)
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, entry), d.reason
    assert d.question == message  # as written


@pytest.mark.parametrize("message", ["Die Rechtsabteilung hat gestern nach dem Datenschutz von Cursor gefragt",
                                     "obrigado pela resposta", "o cursor está travando",
                                     # a reviewer's: "we…", an opinion, a German line opening with a verb-like word
                                     "o nosso time usa a api com zdr", "o notion ai é muito bom pra resumir reuniões",
                                     "Läuft bei uns alles über Bedrock", "übrigens haben wir bei OpenAI ZDR bekommen"])
def test_a_statement_in_another_language_is_not_made_a_question(answers, message):
    assert answers.decide(message).outcome is not Outcome.ANSWER


@pytest.mark.parametrize(("message", "entry"), [
    ("unrelated but does slack ai read our DMs", "slack-ai"),  # each had been declined: the lead-in hid the question
    ("one more thing, does notion ai send pages to anthropic", "notion-ai"),
    ("übrigens, speichert Slack AI unsere Nachrichten?", "slack-ai"),
])
def test_a_lead_in_before_the_question_is_read_past(answers, message, entry):
    d = answers.decide(message)
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, entry), d.reason
    assert d.question == message


@pytest.mark.parametrize(("message", "entry"), [  # each had been escalated: the message's names fit no one entry
    ("I read that Slack AI doesn't train on customer data. Does Notion AI?", "notion-ai"),
    ("Cursor says privacy mode means no code is stored. What about GitHub Copilot Business — does it store code?",
     "github-copilot-business"),
    ("Llama on Bedrock is fine. Does Meta see data on Llama in Foundry?", "meta-llama-foundry"),
    # "the API" beside the maker's other product is its API (each had been answered for ChatGPT Enterprise or Claude
    # for Work: a reviewer's)
    ("I know ChatGPT Enterprise doesn't train on our chats. What about the API?", "openai-api"),
    ("Claude Team is what we use in the browser; our app calls the API. Is API data used for training?",
     "anthropic-api"),
    ("Der ChatGPT Enterprise Vertrag ist klar. Aber speichert die API unsere Daten?", "openai-api"),
    ("We migrated from Cohere to Mistral. Does Mistral train on API data?", "mistral-la-plateforme"),  # no cloud
    ("Our Claude workloads are all on Bedrock. Separate question: does Cohere train on our prompts?",
     "cohere-platform"),  # a cloud, but another maker's
])
def test_a_short_message_is_answered_for_what_its_question_names(answers, message, entry):
    d = answers.decide(message)
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, entry), d.reason


@pytest.mark.parametrize("message", [
    "We self-host Llama 3 on our own GPUs in Frankfurt. Do we still need a DPA with Meta for that?",  # no entry
    "We already use Slack AI. For tools like Notion AI, how long are prompts kept?",  # in passing
    "Cursor is banned here. Does GitHub Copilot keep our code like Cursor does?",  # the question names both
    "We use ChatGPT Enterprise. Is there an API to delete conversations?",  # "an API": a feature
    "Does ChatGPT Enterprise train on our data? And Claude for Work.",  # asked of the second too
    "Microsoft 365 Copilot uses Azure OpenAI. Does Azure OpenAI keep my prompts?",  # Copilot's arrangement
    "Cursor uses our GitHub repo. How long does GitHub keep the Cursor branches?",  # GitHub's repositories
    "We run Mistral Large on Vertex AI. Does Mistral keep our prompts?",  # the maker on a cloud: had been answered
    "Deploying DeepSeek-R1 from the Foundry catalog. Does DeepSeek get any of our data that way?",  # for its own API
    "We're on Bedrock. Does Mistral keep our prompts?",  # a cloud alone in the sentence before
])
def test_a_short_message_whose_question_does_not_settle_the_product_gets_no_answer(answers, message):
    assert answers.decide(message).outcome is not Outcome.ANSWER
