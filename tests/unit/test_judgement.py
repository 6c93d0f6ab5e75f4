"""Judgement on real text: what names imply, products inside products, long posts, statements, and the intent
model (its file, its scores, what it shows)."""

from __future__ import annotations

import json

import pytest

from bot.core.matching.analysis import analyse, scan_clauses
from bot.core.matching.instructions import asks_to_act
from bot.core.matching.intent import IntentModel, features, tokens
from bot.core.matching.passing import in_passing
from bot.core.matching.segments import (
    LONG,
    acknowledges,
    asks_how_to,
    is_question,
    is_short_question,
    reports,
    segment,
)
from bot.core.matching.text import clean, normalise, width
from bot.core.matching.vocabulary import VOCABULARY
from bot.core.models import Outcome
from bot.knowledge.loader import KnowledgeError, load_knowledge


@pytest.mark.parametrize("name", ["Azure OpenAI", "AOAI", "the Azure OpenAI Service"])
def test_azure_openai_means_openai_models_in_foundry_never_claude(answers, name):
    d = answers.decide(f"Does {name} keep our prompts, and for how long?")
    assert "openai" in d.providers and "microsoft-foundry" in d.platforms
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, "azure-direct-models"), d.reason
    assert "claude-microsoft-foundry" not in {c.entry_id for c in d.candidates}


def test_github_beside_copilot_means_github_copilot(answers):
    d = answers.decide("Our GitHub Enterprise has Copilot: are our prompts kept or used for training?")
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, "github-copilot-business"), d.reason  # "GitHub": a context word
    assert "microsoft-365-copilot" not in d.options


def test_a_specific_name_resolves_a_later_ambiguous_one(answers):
    d = answers.decide("Microsoft 365 Copilot question: does Copilot keep our prompts inside the tenant?")
    assert d.platforms == ("microsoft-365-copilot",)
    assert d.outcome is not Outcome.CLARIFY


@pytest.mark.parametrize("question", [
    "ChatGPT (personal) — does it train on what I paste? We don't have ChatGPT Enterprise yet.",
    "ChatGPT: I pasted customer data into my personal account before we got ChatGPT Team, is that retained?",
    "ChatGPT gratis: ¿usa mis datos para entrenar? no es ChatGPT Enterprise",
    "Amazon Q in the IDE: does it keep our code? We also have Amazon Q Business.",
])
def test_a_bare_product_name_beside_one_of_its_plans_is_never_answered_as_the_plan(answers, question):
    d = answers.decide(question)  # the bare name is often the consumer product or another edition
    assert d.outcome is not Outcome.ANSWER, (d.entry_id, d.reason)


@pytest.mark.parametrize("question", [
    "Does Gemini on my private Gmail account train on my emails?",
    "¿La app de Gemini con mi Gmail personal usa mis correos para entrenar?",
    "Gemini avec mon compte Gmail personnel : mes mails servent-ils à l'entraînement ?",
    "Gemini met mijn persoonlijke Gmail: worden mijn mails gebruikt voor training?",
    "Does Microsoft Copilot on my private laptop train on my data?",
])
def test_a_product_used_on_a_personal_account_is_not_its_business_edition(answers, question):
    d = answers.decide(question)  # the consumer edition, which no entry covers
    assert d.outcome is Outcome.ESCALATE, (d.entry_id, d.reason)


@pytest.mark.parametrize(("question", "entry"), [
    ("Does Microsoft 365 Copilot process personal data in the EU?", "microsoft-365-copilot"),
    ("Can the ChatGPT team admin see the private chats of the employees?", "chatgpt-enterprise"),
    ("Claude Pro on my personal account: does Anthropic train on my chats?", "claude-consumer-apps"),
])
def test_personal_data_or_private_chats_say_nothing_of_the_account(answers, question, entry):
    d = answers.decide(question)
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, entry), d.reason


@pytest.mark.parametrize(("question", "plan", "entry"), [
    ("How long does Claude keep my chats on the Pro plan?", " on the Pro plan", "claude-consumer-apps"),
    ("Does Claude keep chats on the Team plan?", " on the Team plan", "claude-for-work"),
    ("Does Gemini train on my prompts on the free tier?", " on the free tier", "gemini-api"),
    ("Is GPT-4o on the free plan trained on my data?", " on the free plan", None),  # ChatGPT's consumer plans
    # a consumer app no entry covers, known by its plans (Le Chat Pro, the free DeepSeek app)
    ("Does Mistral Large on the Pro plan train on my data?", "", None),
    ("Does DeepSeek R1 keep my chats on the free plan?", "", None),
    # another app's plan is not the maker's
    ("Does Claude in Raycast's Pro plan keep my data?", "", None), ("Does Claude on the Poe Pro plan train?", "", None),
    ("Does Raycast keep my Claude chats on the Pro plan?", "", None),
    ("Does Claude in Slack keep my messages on the Pro plan?", "", None),  # Slack's Pro plan
    ("Does Claude in Notion keep my pages on the free plan?", "", None),
])
def test_a_model_named_with_a_plan_is_its_makers_product_of_that_plan(answers, question, plan, entry):
    d = answers.decide(question)
    if entry is None:  # a plan no entry covers, or another app's
        assert d.outcome is not Outcome.ANSWER, (d.entry_id, d.reason)
        return
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, entry), d.reason
    # without the plan: which product (the apps, the API, a cloud) is asked back
    assert answers.decide(question.replace(plan, "")).outcome is Outcome.CLARIFY


@pytest.mark.parametrize(("question", "entry"), [
    ("I use Claude for personal use: does it train on my chats?", "claude-consumer-apps"),
    ("Claude privat nutzen: werden meine Chats zum Training verwendet?", "claude-consumer-apps"),
    ("Uso Claude a título personal: ¿entrena con mis chats?", "claude-consumer-apps"),
    # the consumer edition of a vendor whose consumer product no entry covers
    ("J'utilise ChatGPT à titre personnel, mes conversations servent-elles à l'entraînement ?", None),
    ("Does OpenAI train on my chats when I use it for personal use?", None),
    ("Gemini per uso personale: usa le mie chat per l'addestramento?", None),
    # a model named alone whose edition its words say is as pinned as the edition named
    ("Para uso personal, ¿Claude guarda mis conversaciones y las usa para entrenar?", "claude-consumer-apps"),
    ("Is Claude on the Team plan trained on our data?", "claude-for-work"),
    ("Does Gemini train on my data when I use my work account?", "gemini-google-workspace"),
    # ... and with its maker named too
    ("If I use Claude on my personal account, does Anthropic train on my chats?", "claude-consumer-apps"),
    ("Wenn ich Claude privat nutze, trainiert Anthropic dann mit meinen Chats?", "claude-consumer-apps"),
    # the consumer terms, named in each language
    ("Com os novos termos do consumidor, a Anthropic treina com as nossas conversas?", "claude-consumer-apps"),
    ("Con los nuevos términos para consumidores, ¿Anthropic entrena con nuestras conversaciones?",
     "claude-consumer-apps"),
])
def test_a_product_used_for_personal_purposes_is_its_consumer_edition(answers, question, entry):
    d = answers.decide(question)  # "for personal use" says which edition, as "my personal account" does
    if entry is None:
        assert d.outcome is Outcome.ESCALATE, (d.entry_id, d.reason)
        return
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, entry), d.reason


@pytest.mark.parametrize(("question", "entry"), [
    ("How long is the ChatGPT Enterprise contract?", None), ("How long is the Slack AI contract term?", None),
    ("Wie lange läuft der Vertrag für ChatGPT Enterprise?", None), ("How long does the DPA with OpenAI last?", None),
    ("¿Cuánto dura el contrato de ChatGPT Enterprise?", None),
    ("Quanto dura il contratto di ChatGPT Enterprise?", None),
    ("¿Cuánto dura la retención de datos en ChatGPT Enterprise?", "chatgpt-enterprise"),
    # how long data is kept, with a contract or a law beside it, still asks
    ("How long does ChatGPT Enterprise keep data after the contract ends?", "chatgpt-enterprise"),
    ("How long does HIPAA require Azure OpenAI logs to be kept?", "azure-direct-models"),
    ("Is the ChatGPT Enterprise contract GDPR compliant?", "chatgpt-enterprise"),
])
def test_how_long_a_contract_runs_asks_about_no_data_and_no_terms(answers, question, entry):
    d = answers.decide(question)
    assert (d.outcome is Outcome.ANSWER, d.entry_id) == (entry is not None, entry), d.reason


@pytest.mark.parametrize(("question", "entry"), [
    ("How long does it take Cohere to process our prompts?", None),
    ("How long does Claude on Bedrock take to respond to a 100k token prompt?", None),
    ("How long does the OpenAI batch API take to process our files?", None),
    ("Cuánto tiempo tarda la API de Gemini en procesar nuestros prompts?", None),
    ("Combien de temps faut-il pour que Claude réponde via l'API quand le prompt est très long ?", None),
    # how long a deletion takes asks about retention
    ("Hoe lang duurt het voordat Anthropic onze data verwijdert na opzegging van ons Claude Team-abonnement?",
     "claude-for-work"),
    # how long data is kept, or taking long beside it, still asks
    ("How long does Claude on Bedrock keep the prompts we send, and does that take extra config?",
     "claude-amazon-bedrock"),
    ("How long does the OpenAI API keep our prompts?", "openai-api"),
])
def test_how_long_a_vendor_takes_to_process_is_a_wait_not_who_processes(answers, question, entry):
    d = answers.decide(question)
    assert (d.outcome is Outcome.ANSWER, d.entry_id) == (entry is not None, entry), d.reason


@pytest.mark.parametrize("question", [
    "Does Cursor store my API keys in plain text?", "Does Cursor send my API key to their servers?",
    "Where is the Gemini API key stored in AI Studio?", "Does ChatGPT Enterprise store our SSO credentials?",
    "Does GitHub Copilot save my passwords?", "Wo speichert Cursor meinen API-Schlüssel?",
    "Où Cursor stocke-t-il ma clé API ?", "Does Cursor store my API keys encrypted?",
    "Where does Claude Code store my login token?", "Does GitHub Copilot keep my personal access token?",
    # where the asker keeps the key, and whether that is ok: a place and leave, not data a tool receives
    "is it ok to store my OpenAI API key in vault?", "can I keep my Anthropic API key in our repo?",
    "Puis-je garder ma clé API Mistral dans le fichier .env ?",
    "Ist es ok, meinen Mistral API-Schlüssel im privaten Git-Repo zu speichern?",
])
def test_a_question_about_credentials_alone_is_no_entrys_subject(answers, question):
    d = answers.decide(question)  # how a tool keeps the asker's key: a person decides
    assert d.outcome is Outcome.ESCALATE and "credentials" in d.reason, (d.outcome, d.entry_id, d.reason)


@pytest.mark.parametrize(("question", "entry"), [
    ("Does Cursor store our code and API keys?", "cursor"),  # the code too
    ("claude code with our company anthropic api key (console org) — does anthropic keep the code it reads?",
     "anthropic-api"),
    ("gemini via google ai studio api key, not gcp — hipaa?", "gemini-api"),  # a privacy topic
    ("Does OpenAI train on what we send with our API key?", "openai-api"),  # the key as the means: what is sent
    ("Is usage with my Anthropic API key retained for 30 days?", "anthropic-api"),
    ("Is a password I type into Claude for Work retained?", "claude-for-work"),  # typed in: content
    ("Si je colle un mot de passe dans Microsoft 365 Copilot Chat, est-ce que c'est conservé ?",
     "microsoft-365-copilot-chat"),
])
def test_credentials_beside_other_data_or_a_privacy_topic_still_ask_about_it(answers, question, entry):
    d = answers.decide(question)
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, entry), d.reason


def test_an_api_feature_name_means_the_providers_api(answers):
    d = answers.decide("Are conversations sent to the Responses API stored by OpenAI, and for how long?")
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, "openai-api"), d.reason


@pytest.mark.parametrize("question", [
    "Does this extension send my code to Anthropic, and does it keep it?",
    "Could you clarify if the app sends my conversations to OpenAI servers and stores them?",
    "With custom providers, if I bring my own endpoint (Azure OpenAI), is any data sent anywhere else?",
    "Does this MCP server keep the prompts it forwards to Claude on Bedrock?",
    "このアプリはOpenAIにデータを送信して保存しますか?",
    "¿La extensión guarda las conversaciones que envía a la API de OpenAI?",  # "the extension", as in English
    "Speichert das Plugin die Prompts, die es an Azure OpenAI schickt?",
    "L'extension conserve-t-elle les conversations envoyées à l'API d'OpenAI ?",
])
def test_a_question_about_another_tool_that_uses_a_vendor_escalates(answers, question):
    d = answers.decide(question)
    assert d.outcome is Outcome.ESCALATE and "another tool" in d.reason


@pytest.mark.parametrize(("question", "entry"), [
    ("Does Zoom AI Companion send our meetings to Perplexity?", "zoom-ai-companion"),
    ("Zoom AI Companion envoie nos réunions à Perplexity ?", "zoom-ai-companion"),
    ("Cursor invia il nostro codice a xAI?", "cursor"),
    ("Does Zoom AI Companion send our meetings to OpenAI, Anthropic and Perplexity?", "zoom-ai-companion"),
    # ... not a company the entry does not name among its processors: whether data goes there, it does not say
    ("does slack ai send our messages to openai?", None), ("Does Cursor send our code to DeepSeek?", None),
    # ... nor when the writer sends: that asks whether they may, which no entry answers
    ("Can I send Slack AI summaries to DeepSeek?", None),
    ("Is it ok to send Zoom AI Companion transcripts to Perplexity for analysis?", None),
    ("¿Podemos enviar las transcripciones de Zoom AI Companion a Perplexity?", None),
    ("does deepseek on bedrock send anything to deepseek?", None),  # the company is also what it asks about
])
def test_a_company_named_as_where_a_product_sends_the_data_leaves_the_product_asked_about(answers, question, entry):
    d = answers.decide(question)
    assert (d.outcome, d.entry_id) == ((Outcome.ANSWER, entry) if entry else (Outcome.ESCALATE, None)), d.reason


def test_an_articles_this_tool_is_the_product_it_names_not_another_tool(answers):
    article = ("Anthropic anunció que Claude usará las conversaciones de los usuarios para entrenar sus modelos si "
               "no se desactiva la opción en la configuración de la cuenta. El cambio generó debate entre quienes ya "
               "utilizan esta herramienta, que deberán aceptar los nuevos términos para consumidores antes de octubre "
               "o dejar de usar el servicio.")
    post = ("¿Esta herramienta envía nuestras conversaciones a Anthropic? La queremos usar en el trabajo con "
            "Claude, pero no sabemos qué datos salen de nuestros ordenadores.")
    short = "This plugin uses Claude via the Anthropic API. Does this plugin log the prompts anywhere?"
    assert "another tool" not in answers.decide(article).reason
    assert "another tool" in answers.decide(post).reason and "another tool" in answers.decide(short).reason


def test_sides_of_one_offering_are_no_comparison_of_offerings(answers):
    d = answers.decide("La Plateforme: free vs paid tier for training\nWe started on the free plan of Mistral La "
                       "Plateforme and are about to upgrade. Does Mistral train on what we send on La Plateforme "
                       "while we are on the free plan, and does that stop once we pay?")
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, "mistral-la-plateforme"), d.reason
    assert answers.decide("Bedrock vs the Anthropic API, which keeps our prompts for less time?").outcome is (
        Outcome.COMPARE)


def test_the_same_as_sets_two_sides_against_each_other(answers):
    d = answers.decide("is copilot in outlook the same as copilot chat privacy-wise?")  # "copilot chat": which?
    assert d.outcome is Outcome.ESCALATE and "a side names no single product" in d.reason, d.reason
    d = answers.decide("Is Claude on Vertex the same as Claude on Bedrock for retention?")
    assert d.outcome is Outcome.COMPARE and set(d.compared) == {"claude-google-vertex-ai", "claude-amazon-bedrock"}


@pytest.mark.parametrize(("question", "entry"), [
    ("ChatGPT Team vs ChatGPT Enterprise: which keeps our chats for less time?", "chatgpt-enterprise"),
    ("GitHub Copilot Pro vs Copilot Business: is our code used for training?", "github-copilot-business"),
    ("Anthropic API vs Claude Platform on AWS: is HIPAA readiness available on both?", "anthropic-api"),
    ("Copilot in Word vs Copilot in Teams - is our data handled the same way?", "microsoft-365-copilot"),
    ("Duet AI vs Gemini for Workspace - did the privacy terms change?", "gemini-google-workspace"),
])
def test_two_names_of_one_entry_compared_get_its_answer(answers, question, entry):
    d = answers.decide(question)  # plans, or names of one product: its entry answers
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, entry), d.reason


@pytest.mark.parametrize(("question", "entry"), [
    ("Microsoft 365 Copilot : ce qu'on tape dans le chat est-il conservé ?", "microsoft-365-copilot"),
    ("Le chat de Slack AI garde-t-il nos messages ?", "slack-ai"),
    ("Does Le Chat keep my chats?", None), ("Mistral le Chat: are my prompts used for training?", None),
    ("Est-ce que Mistral garde ce que j'écris dans le chat ?", None),  # beside its company: its app
])
def test_a_name_that_is_an_ordinary_phrase_names_the_product_only_as_written(answers, question, entry):
    d = answers.decide(question)  # "le chat" is "the chat"; "Le Chat" is Mistral's app, which no entry covers
    assert (d.outcome, d.entry_id) == ((Outcome.ANSWER, entry) if entry else (Outcome.ESCALATE, None)), d.reason


@pytest.mark.parametrize(("question", "entry"), [
    ("ChatGPT チームプランのデータは学習に使われますか?", "chatgpt-enterprise"),  # katakana plan names
    ("ChatGPTエンタープライズは入力データを学習に使いますか?", "chatgpt-enterprise"),
    ("Nos admins ChatGPT Entreprise peuvent-ils fixer une durée de conservation des conversations ?",
     "chatgpt-enterprise"),  # ... or spelt the French way
    ("Claude Entreprise conserve-t-il nos conversations ?", "claude-for-work"),
])
def test_a_plan_written_in_katakana_or_the_french_way_names_the_edition(answers, question, entry):
    d = answers.decide(question)
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, entry), d.reason


def test_a_post_that_states_but_asks_nothing_is_never_answered(answers):
    post = ("Data sent via the free Gemini API is used for training.\n"
            "Google's terms say that unpaid services may use prompts and responses to improve products. "
            "Human reviewers may read them. We should document this in the README for our users.")
    assert answers.decide(post).outcome is not Outcome.ANSWER


_ARTICLE = ("Data retention in Azure OpenAI Service\nThis post summarises where Azure OpenAI Service stores prompts "
            "and completions, and how long they are kept for abuse monitoring. It also covers which customers may "
            "apply for modified abuse monitoring, and what changes for stored files and fine-tuning data once they do.")


def test_an_article_on_one_products_privacy_is_answered_with_its_entry(answers):
    d = answers.decide(_ARTICLE)  # no question, but it speaks of nothing else: the entry is what the team points to
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, "azure-direct-models"), d.reason



@pytest.mark.parametrize("post", [
    _ARTICLE.split(" It also")[0],  # as short as a message: someone may be telling the team something
    _ARTICLE.replace("This post summarises", "Our wiki says").replace("abuse monitoring.", "abuse monitoring in our "
                                                                                        "subscription."),
    _ARTICLE.replace("Data retention in Azure OpenAI Service\n", "Retention schedules at a glance\n"),  # named later
    _ARTICLE.replace("Data retention in Azure OpenAI Service\n", "Azure OpenAI Service: senior engineer wanted\n"),
    "We turned on zero data retention for Azure OpenAI yesterday.",  # one sentence, said to a person
    "Claude on Vertex AI retention. We signed the Google Cloud terms in March. Legal is fine with it.",
    "Daten auf Servern in China\nDeepSeek speichert nach eigenen Angaben Anfragen an die KI und hochgeladene Dateien "
    "auf Rechnern in China.",  # as short as a message, and its title names nobody
])
def test_a_statement_from_someone_or_about_a_company_alone_is_not_answered(answers, post):
    d = answers.decide(post)
    assert d.outcome is Outcome.ESCALATE and "states something" in d.reason, (d.outcome, d.reason)


_COMPANY_ARTICLE = (
    "DeepSeek et la protection des données : la CNIL ouvre une procédure\nLa CNIL a adressé un courrier à la société "
    "chinoise au sujet du traitement des données personnelles des utilisateurs français. Selon sa politique de "
    "confidentialité, les informations collectées sont conservées sur des serveurs situés en Chine. D'autres autorités "
    "européennes ont engagé des démarches similaires, et l'entreprise dispose de quelques semaines pour répondre.")


def test_an_article_on_a_companys_privacy_is_answered_when_its_products_have_one_entry(answers):
    d = answers.decide(_COMPANY_ARTICLE)  # "DeepSeek" alone, as a short question naming it is answered
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, "deepseek-api"), d.reason
    d = answers.decide(_COMPANY_ARTICLE.replace("DeepSeek", "Anthropic"))  # its products have several entries
    assert d.outcome is not Outcome.ANSWER, d.reason


@pytest.mark.parametrize("second, answered", [
    # the product in the first sentence, its privacy in the second: a privacy topic there says what it is about
    ("Uit een nieuwe privacytoets blijkt dat de assistent persoonsgegevens van studenten verwerkt zonder duidelijke "
     "afspraken over bewaartermijnen.", True),
    # an aspect word there may be in another sense (training the assistent on documents), the topic comes later
    ("Uit een nieuwe toets blijkt dat het trainen van de assistent op eigen documenten tijd kost. Ook de "
     "privacytoets van de assistent laat zien dat persoonsgegevens van studenten verwerkt worden zonder duidelijke "
     "afspraken.", False),
])
def test_an_article_may_name_its_privacy_topic_in_the_second_sentence(answers, second, answered):
    post = ("Nederlandse onderwijsinstellingen moeten terughoudend zijn met het gebruik van Microsoft 365 Copilot, "
            "adviseert SURF. " + second + " SURF vraagt Microsoft om aanpassingen en verwacht binnen enkele maanden "
            "een nieuwe versie van de beoordeling.")
    d = answers.decide(post)
    assert (d.outcome is Outcome.ANSWER and d.entry_id == "microsoft-365-copilot") is answered, d.reason


@pytest.mark.parametrize("title, answered", [
    ("DeepSeek e os dados sensíveis: o chatbot guarda tudo em Pequim", True),
    ("DeepSeek e os temas sensíveis: o chatbot evita falar de Pequim", False),  # sensitive topics: politics
])
def test_sensitive_topics_are_no_privacy_topic(answers, title, answered):
    post = (f"{title}\nPesquisadores analisaram as respostas e a política de privacidade do assistente. As "
            "conversas, os arquivos enviados e os dados do aparelho são armazenados em servidores na China, segundo "
            "o texto, e podem ser compartilhados com outras empresas do grupo.")
    assert (answers.decide(post).outcome is Outcome.ANSWER) is answered


def test_a_long_post_is_understood_from_its_title_and_question(answers):
    body = " ".join(["We moved our evaluation pipeline last quarter and tried several things on Vertex AI."] * 6)
    post = f"Claude on Bedrock: how long are prompts kept?\n{body}\nDoes AWS keep our prompts on Bedrock?"
    seg = segment(post)
    assert seg.title.startswith("Claude on Bedrock") and len(seg.questions) == 2
    d = answers.decide(post)
    assert "aws-bedrock" in d.platforms and "google-vertex-ai" not in d.platforms


@pytest.mark.parametrize("message", [
    "we get 429s from bedrock, can someone raise our quota?",
    "how much does azure openai cost?",
    "Why do I get 429 errors from Bedrock when my prompts are long?",  # the error is the main clause
    "Thanks, that fixed it!",
])
def test_operational_messages_get_no_privacy_answer(answers, message):
    assert answers.decide(message).outcome is Outcome.DECLINE


def test_the_shipped_intent_model_is_loaded_and_explains_itself(answers):
    model = answers.intent
    assert model is not None and 0 < model.decline < model.answer < 1
    assert model.about["command"] == "privacy-bot train"
    d = answers.decide("Does Anthropic keep our prompts if we use Claude through Microsoft Foundry?")
    assert d.intent is not None and d.intent >= model.answer
    assert d.intent_features and all(f in features(d.question, answers.matcher.index) for f, _ in d.intent_features)
    low = answers.decide("our bedrock endpoint throws a 500 error on every call, bug?")
    assert low.intent is not None and low.intent < d.intent


def test_intent_scores_follow_the_weights():
    model = IntentModel.load(json.dumps({"weights": {"w:keep": 2.0, "w:quota": -2.0}, "bias": 0.0,
                                         "thresholds": {"decline": 0.3, "answer": 0.7}}))
    keep, quota = model.score({"w:keep": 1.0}), model.score({"w:quota": 1.0})
    assert keep > 0.5 > quota and model.score({}) == 0.5
    assert model.explain({"w:keep": 1.0, "w:unknown": 1.0}) == [("w:keep", 2.0)]


def test_an_answer_set_may_carry_its_own_intent_model(knowledge_copy):
    (knowledge_copy / "intent.json").write_text(json.dumps(
        {"weights": {}, "bias": -5.0, "thresholds": {"decline": 0.5, "answer": 0.9}}))
    answers = load_knowledge(knowledge_copy).answers
    assert answers.intent is not None and answers.intent.decline == 0.5
    assert answers.decide("We send tickets to Claude on Bedrock; is any of it retained?").outcome is Outcome.DECLINE
    # an entry's own example question passes whatever the model says (curators say it is one)
    assert answers.decide("Does Anthropic keep our prompts on Bedrock?").outcome is Outcome.ANSWER


def test_a_broken_intent_file_is_refused_with_its_name(knowledge_copy):
    (knowledge_copy / "intent.json").write_text('{"weights": ')
    with pytest.raises(KnowledgeError) as err:
        load_knowledge(knowledge_copy)
    assert "intent.json" in str(err.value) and "not an intent model" in str(err.value)


def test_without_a_model_the_vocabulary_rules_decide(knowledge_copy, monkeypatch):
    monkeypatch.setattr(IntentModel, "shipped", classmethod(lambda cls: None))
    answers = load_knowledge(knowledge_copy).answers
    assert answers.intent is None
    d = answers.decide("we get 429s from bedrock, can someone raise our quota?")
    assert d.outcome is Outcome.DECLINE and d.intent is None


def test_a_title_naming_the_company_takes_the_product_from_the_body(answers):
    filler = " ".join(["We run a small evaluation service for our support team and log every request."] * 3)
    post = (f"OpenAI data retention for images?\n{filler}\nWe send the pictures through the OpenAI vision API. "
            "How long does OpenAI keep the images we send?")
    d = answers.decide(post)
    assert "openai-api" in d.platforms


@pytest.mark.parametrize("sentence", [
    "I was wondering whether the prompts are stored",
    "We would like to know how long the logs are kept",
    "I want to confirm if our data is used for training",
    "I am not sure whether Vertex keeps our data",
    # ... and in the other languages, without a question mark
    "Ich möchte wissen, ob Claude auf Bedrock unsere Prompts speichert",
    "Je voudrais savoir si Vertex garde nos données",
    "Quisiera saber si OpenAI usa nuestros datos para entrenar",
    "Gostaria de saber se o Copilot guarda os dados",
    "Vorrei sapere se Gemini conserva i prompt",
    "Ik wil weten of Bedrock onze gegevens bewaart",
    "Welche Daten speichert Anthropic von unseren Eingaben",
    "Bedrockに送ったデータが保存されるか知りたい",
    "Claudeの入力データは学習に使われますか",
])
def test_an_indirect_question_asks(sentence):
    assert segment(f"Title\n{sentence}. Thanks for the great work.").questions


@pytest.mark.parametrize("statement", [
    "I know what the logs are for.",
    "We added the retention setting to the README.",
    "We answered all the questions about the rollout",  # questions mentioned, none reported as open
    "Me preocupa que eso sea un problema",  # a worry stated, not a question
    "ログの保存先を東京リージョンに変更しました",
    "The team raised the quota last week",
    "Die Fragen wurden im Meeting beantwortet",
])
def test_a_statement_does_not_ask(statement):
    assert not segment(f"Title\n{statement}").questions


@pytest.mark.parametrize("body", ["• Can someone tell me which customer data is processed in the US.",
                                  "- Does Copilot keep our prompts inside the tenant", "* Ist das DSGVO-konform",
                                  "1) How long are the transcripts kept", '"Is our data used for training"'])
def test_a_question_after_a_list_bullet_or_a_quotation_mark_asks(body):
    assert segment(f"Copilot data processing for EU customers\n{body}\n• other notes").questions, body


@pytest.mark.parametrize(("question", "asked"), [
    ("Can Microsoft 365 Copilot help with our customer retention strategy?",
     "Can Microsoft 365 Copilot help with our data retention?"),
    ("Is there a staff training for ChatGPT Enterprise?", "Is there training on our data for ChatGPT Enterprise?"),
    ("Tem um treinamento de Microsoft 365 Copilot para a equipe?",
     "O Microsoft 365 Copilot usa nossos dados para treinamento?"),
    ("Can we schedule a Claude for Work training for the legal team?",  # a team, a course ("…under our legal
     "Is Claude for Work covered by a legal agreement with Anthropic?"),  # agreement…?" asks about ours: a person)
    ("Is there a compliance training module about using Microsoft 365 Copilot?",
     "Is Microsoft 365 Copilot covered by our compliance policies?"),
])
def test_an_aspect_word_about_people_not_data_pins_nothing(answers, question, asked):
    d = answers.decide(question)
    assert d.outcome is not Outcome.ANSWER, (d.entry_id, d.reason)
    assert answers.decide(asked).outcome is Outcome.ANSWER  # the same words about the data are answered


@pytest.mark.parametrize(("line", "asked"), [
    ("Slack AI doesn't train on our messages.", "Slack AI doesn't train on our messages?"),
    ("Anthropic no longer trains on Claude for Work data, per their new terms.", None),
    ("Copilot Studio keeps our transcripts for 30 days.", "Copilot Studio keeps our transcripts for 30 days?"),
    # a reply that thanks or closes under a quoted question: the quote was asked before
    ("> does Cursor keep our code?\nthanks, all clear now", "> does Cursor keep our code?"),
    ("> Is Slack AI trained on our messages?\nthat answers it, cheers", None),
    ("Answer was helpful :white_check_mark: Slack AI doesn't train on our messages", None),
    # a ruling or a note, reported
    ("per legal, Claude Team is OK for internal docs but not customer data",
     "per legal, can we use Claude Team for customer data?"),
    ("Legal confirmed Gemini API paid tier is OK for customer data", None),
    ("TODO for me: ask legal about DeepSeek API data retention", None),
    ("Quoting from the thread:\n> Does Anthropic train on Claude Team chats?\nThis was answered, closing.", None),
])
def test_a_line_that_states_or_thanks_is_never_answered(answers, line, asked):
    d = answers.decide(line)
    assert d.outcome is not Outcome.ANSWER, d.reason
    if asked:  # asked, the same words are answered
        assert answers.decide(asked).outcome is Outcome.ANSWER


@pytest.mark.parametrize("line", [
    "Please explain how long Azure OpenAI keeps our prompts.",
    "Tell me whether Cursor trains on our code.",
    "I'd like to know if ChatGPT Enterprise keeps our chats.",
    "Claude for Workのデータは学習に使われますか。",
    "Bitte erklären, wie lange Azure OpenAI Prompts speichert.",
    "Kindly confirm if Azure OpenAI data stays in the EU.",
    "Any idea whether Microsoft 365 Copilot uses our emails for training.",  # no subject first
    "Speichert Cursor unseren Code.",  # the verb first
    "Les prompts envoyés à Azure OpenAI sont-ils stockés en Europe.",  # an inverted pronoun
])
def test_a_request_or_question_ending_with_a_full_stop_still_asks(line):
    from bot.core.matching.segments import states

    assert not states(line)


@pytest.mark.parametrize(("sentence", "asks"), [
    ("Tell me whether Notion AI shares our page content with AI subprocessors.", True),
    ("Please explain how long the Anthropic API keeps our prompts.", True),
    ("Dites-moi si Notion AI partage le contenu de nos pages avec des sous-traitants IA.", True),
    ("Sag mir, ob Microsoft 365 Copilot unsere Daten speichert.", True),
    ("Dimmi se Gemini usa i nostri dati per l'addestramento.", True),
    ("Vertel me of Copilot Chat onze gegevens bewaart.", True),
    ("Let me know if Slack AI stores our messages outside the EU.", True),
    ("Tell me a joke about ChatGPT.", False),  # a request to do something, not for an answer
    ("Please summarize the ChatGPT Enterprise rollout plan.", False),
    ("Let me know if you need access to the Notion AI workspace.", False),  # an offer to the listener
    ("Dis-moi si tu as besoin d'un accès à Notion AI.", False),
    ("Clarify in the README whether code is persisted in the vendor API.", False),  # a change asked of a project
])
def test_a_request_for_an_answer_is_a_question_sentence(sentence, asks):
    """A question sentence weighs double and lets the names pin an entry: "Tell me whether…" is one, in any
    language; a request to do something or an offer is not."""
    assert (segment(sentence).questions == (sentence,)) is asks


def test_a_request_for_an_answer_about_one_product_is_answered(answers):
    d = answers.decide("Tell me whether Notion AI shares our page content with AI subprocessors.")
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, "notion-ai"), d.reason
    assert answers.decide("Let me know if you need access to the Notion AI workspace.").outcome is not Outcome.ANSWER


@pytest.mark.parametrize(("question", "entry"), [
    # a short question about putting data into one product
    ("can i put customer PII into claude opus via Microsoft Foundry?", "claude-microsoft-foundry"),
    ("is it ok to use github copilot business on customer data?", "github-copilot-business"),
    # a model on a cloud: the cloud's model platform, not the cloud company's products that use the model
    ("gpt-4o deployed in azure, does msft or openai train on it?", "azure-direct-models"),
    ("claude on azure: how long are prompts kept?", "claude-microsoft-foundry"),
    ("claude on google cloud: how long are prompts kept?", "claude-google-vertex-ai"),
])
def test_a_question_that_says_which_product_is_answered_with_its_entry(answers, question, entry):
    d = answers.decide(question)
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, entry)


@pytest.mark.parametrize(("text", "short"), [
    ("is claude on bedrock ok for customer PII?", True),
    ("does vertex keep our prompts", True),
    ("Potential compliance risk: retention default for Azure OpenAI", False),  # a title: it asks nothing
    ("does vertex keep our prompts?\nWe run a pipeline in europe-west3.", False),  # a post, not one line
    ("does vertex keep our prompts " + "and the files we upload " * 10, False),  # longer than a Slack question
    ("platform.openai.com - do they store the files we upload", True),  # a clause after a dash asks
    ("we deployed sonnet through foundry, who processes the prompts", True),  # ... or after a comma
    ("Error: could not reach Bedrock, retrying", False),
])
def test_only_one_short_line_that_asks_is_a_short_question(text, short):
    assert is_short_question(text) is short


def test_a_company_alone_whose_own_products_have_one_entry_is_answered_and_says_which_product(answers):
    d = answers.decide("Kann ich DeepSeek datenschutzkonform in meinem Unternehmen nutzen?")
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, "deepseek-api")
    assert d.reading and "DeepSeek API" in d.reading


@pytest.mark.parametrize(("question", "entry", "reading"), [
    ("If we fine-tune a model at OpenAI, is our training data used by OpenAI?", "openai-api", "OpenAI API"),
    ("Does Google train on prompts sent on the free tier?", "gemini-api", "Gemini API"),
    ("does Anthropic train on chats from the free plan?", "claude-consumer-apps", "Claude apps"),
    ("no Claude Team plan here - does Anthropic train on chats from the free plan?", "claude-consumer-apps",
     "Claude apps"),  # "no X plan": the asker has none
])
def test_a_company_alone_takes_the_product_whose_context_words_the_text_uses(answers, question, entry, reading):
    d = answers.decide(question)
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, entry)
    assert d.reading and reading in d.reading


@pytest.mark.parametrize(("question", "entry"), [
    ("Does claude.ai Enterprise train on our chats?", "claude-for-work"),  # had been the consumer apps' entry
    ("claude.ai team plan: who is the processor?", "claude-for-work"),  # "Claude Team plan": Claude for Work's name
    ("does the Claude app keep chats on the Enterprise plan?", "claude-for-work"),  # its plan's own words
    ("we use the claude app on our team plan — does anthropic train on it?", "claude-for-work"),
    ("using claude code with my max subscription: does anthropic train on my code?", "claude-consumer-apps"),
    ("Nutzt Claude meine Chats mit dem Pro-Abo fürs Training?", "claude-consumer-apps"),  # a plan's other names
    ("Does Claude (private Pro plan) use my chats for training?", "claude-consumer-apps"),  # had been asked back
    ("ClaudeのTeamプランだと、会話は学習に使われない？", "claude-for-work"),  # had been asked back
    ("does claude.ai train on my chats? I'm on my personal account, not our Enterprise plan", "claude-consumer-apps"),
    ("does claude.ai train on our chats?", "claude-consumer-apps"),
])
def test_an_app_named_with_a_plan_is_read_as_the_product_of_that_plan(answers, question, entry):
    d = answers.decide(question)
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, entry), d.reason


@pytest.mark.parametrize("question", [
    "Does ChatGPT train on my chats? I know ChatGPT Enterprise doesn't.",  # the two set apart: still escalated
    "we have Claude for Work but some people use claude.ai — does it train?",
    "We are not sure we will get a paid enterprise subscription, so people use the ChatGPT app. Does it train?"])
def test_an_app_named_beside_its_business_product_is_not_read_as_it(answers, question):
    assert answers.decide(question).outcome is not Outcome.ANSWER


@pytest.mark.parametrize("question", [
    "Our Zoom team subscription renews soon; does claude.ai train on our chats?",  # another vendor's plan
    "Our Zoom team subscription renews soon; does Anthropic train on our chats?",  # ... a maker named alone
    "is claude.ai enterprise-grade for customer data?",  # "enterprise" in another sense
    "does claude.ai train on chats? we don't have seats on the team plan",  # a plan not had, elsewhere
    "the claude app isn't on the enterprise plan, does it train?",
    "Can the claude.ai team see my chats?",  # people, not the Team plan
    "I used the Claude app long before we were on the Team plan — does Anthropic train on those old chats?"])
def test_a_plan_word_that_does_not_put_the_app_on_the_plan_leaves_it(answers, question):
    assert answers.decide(question).entry_id != "claude-for-work"


@pytest.mark.parametrize(("question", "entry"), [
    ("Does Copilot send the source code of our private repos to Microsoft?", "github-copilot-business"),
    ("Is the codebase we open in VS Code kept by Copilot?", "github-copilot-business"),
])
def test_a_name_several_products_share_takes_the_one_whose_context_words_the_text_uses(answers, question, entry):
    d = answers.decide(question)
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, entry)
    assert d.reading == answers.matcher.index.entities.platforms[answers.entries[entry].applies_to.platforms[0]].name
    plain = answers.decide("Does Copilot keep our prompts?")  # no context word: every Copilot is still offered
    assert plain.outcome is Outcome.CLARIFY and len(plain.options) == 3


@pytest.mark.parametrize(("question", "entry"), [
    ("Est-ce que Gemini dans Workspace utilise nos e-mails pour l'entraînement ?", "gemini-google-workspace"),
    ("Nutzt Copilot für Microsoft 365 unsere Daten zum Training?", "microsoft-365-copilot"),
    ("Speichert Copilot von Microsoft 365 unsere Prompts dauerhaft?", "microsoft-365-copilot"),  # "of"
    ("¿Gemini en Gmail usa nuestros correos para entrenar?", "gemini-google-workspace"),
    ("Gebruikt Copilot voor Microsoft 365 onze documenten voor training?", "microsoft-365-copilot"),
    ("Does Copilot in M365 keep our prompts?", "microsoft-365-copilot"),
    ("Copilot dans M365 garde-t-il nos prompts ?", "microsoft-365-copilot"),
])
def test_a_name_joined_by_in_or_for_reads_in_every_language(answers, question, entry):
    d = answers.decide(question)
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, entry), d.reason


@pytest.mark.parametrize("question", [
    "Does Copilot for Microsoft 365 Personal keep my chats?",  # a consumer plan after the business name
    "Nutzt Copilot von Microsoft 365 Family meine Dokumente zum Training?",
    "Un compañero instaló el bot de ChatGPT de Teams en el canal, ¿guarda los mensajes?",  # "de" is no "for"
])
def test_a_joined_name_does_not_swallow_a_consumer_plan_or_another_product(answers, question):
    d = answers.decide(question)
    assert d.outcome is Outcome.ESCALATE, (d.outcome, d.entry_id, d.reason)


@pytest.mark.parametrize("text", [
    "We only licensed ChatGPT Enterprise, but staff also paste customer data into their personal ChatGPT. Does "
    "OpenAI train on that?",  # a full name and a short one can be two products
    "Cursor is banned here. Does GitHub Copilot keep our code like Cursor does?",  # named first and last
    "Legal raised questions about ChatGPT Enterprise retention last week; they're all resolved now, thanks!",
])
def test_a_short_post_naming_two_products_or_a_resolved_question_gets_no_answer(answers, text):
    assert answers.decide(text).outcome is not Outcome.ANSWER


def test_a_company_alone_whose_context_words_say_a_product_with_no_entry_is_escalated(answers):
    d = answers.decide("Does OpenAI train on my chats on the plus plan?")  # consumer ChatGPT: no entry
    assert d.outcome is Outcome.ESCALATE and not d.options


def test_an_alias_that_is_an_ordinary_phrase_in_another_language_names_the_product_only_beside_its_company(answers):
    assert answers.decide("Mistral : la plateforme garde-t-elle nos prompts ?").entry_id == "mistral-la-plateforme"
    d = answers.decide("Mais la plateforme collecte-t-elle vos données ?")  # French for "the platform"
    assert "mistral-la-plateforme" not in d.platforms


def test_a_company_alone_with_several_own_products_asks_which(answers):
    d = answers.decide("Does OpenAI keep our prompts?")
    assert d.outcome is Outcome.CLARIFY and {"openai-api", "chatgpt-enterprise"} <= set(d.options)


@pytest.mark.parametrize(("text", "own"), [
    ("Is Claude on the Team plan trained on our data?", True),  # the maker's own edition, pinned by its plan
    # a model beside another company: the entry both leave (GitHub Copilot, which offers Claude) is no edition of it
    ("where does claude code store its global configuration? I want to persist it in the github", False),
])
def test_a_model_alone_pins_its_makers_edition_but_not_beside_another_company(answers, text, own):
    m = answers.matcher
    a = analyse(text, m.index)
    assert m.own_product(a, m.candidates(a)) is own


def test_a_company_beside_a_shared_name_means_its_own_products_before_its_subsidiarys(answers):
    d = answers.decide("Copilot Chat from Microsoft: is our data used for training?")  # not GitHub's Copilot Chat
    assert d.outcome is Outcome.CLARIFY and set(d.options) == {"microsoft-365-copilot", "microsoft-365-copilot-chat"}
    d = answers.decide("Copilot Chat from GitHub: is our code used for training?")
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, "github-copilot-business"), d.reason


@pytest.mark.parametrize("sentence", [
    "I was wondering for how long those files are stored",
    "Hi, I have a question regarding the opt-out form",
    # "the question is whether", in each language, and "whether" clauses in Japanese
    "The real question is whether the prompts leave the region",
    "Retention of stored responses - need clarification",
    "Die entscheidende Frage lautet, ob die Daten im Tenant bleiben",
    "La question est de savoir si les données quittent l'UE",
    "La pregunta es si los datos salen de la UE",
    "A pergunta é se os dados saem da UE",
    "La domanda è se i dati escono dall'UE",
    "De vraag is of de gegevens de EU verlaten",
    "ソースコードが学習に使われないかを確認する必要がありました",
    "データが国外に出るかどうか気になっています",
    # a sentence that reports a question someone has, in each language, asks it
    "The rollout raises critical questions about GDPR compliance",
    "Many admins are worried about whether prompts leave the tenant",
    "Damit stellt sich die Frage, wo die Daten verarbeitet werden",
    "Viele Firmen fragen sich, ob ihre Eingaben gespeichert werden",
    "Les clients s'interrogeant sur la souveraineté des données attendent une réponse",
    "L'intégration soulève des questions critiques sur la conformité",
    "Muchas empresas se preguntan si sus datos se usan para entrenar",
    "La herramienta plantea muchas dudas sobre la privacidad",
    "Importa perceber que dados são recolhidos",
    "Il lancio solleva dubbi sulla conservazione dei dati",
    "Veel organisaties vragen zich af waar de gegevens blijven",
    "「Copilotが自分の情報を勝手に持って行ってしまわないか不安だ」という声が聞かれます",
    "「AIに機密データを渡して大丈夫なのか」といった懸念が導入を妨げています",  # a quoted question, no mark
    "どのプランでどこまで守られるのかが導入判断の焦点です",  # a question embedded with its interrogative
    # a reported question that names data (a compound's part too), a privacy word or a topic
    "Schoolbesturen vragen zich af of Gemini leerlinggegevens gebruikt om modellen te trainen",  # a compound's data
    "Les utilisateurs s'interrogent sur l'endroit où leurs données sont stockées dans les centres de données",
    "Analysts raise questions about whether Gemini is trained on Gmail messages",
    # people asking whether, in each language
    "Our legal team is asking whether Meta can see or retain the prompts we send",
    "Datenschützer fragen, ob Zoom die Aufzeichnungen zum Training seiner Modelle verwendet",
    "Les juristes demandent si les prompts sont conservés",
    "L'ufficio legale chiede se i dati restano in Europa",
    "our legal team wants to know whether Anthropic keeps API prompts",  # someone else wants to know
    "So legal asked me to find out who the processor is when we use Gemini through Vertex",
])
def test_more_indirect_questions_ask(sentence):
    assert segment(f"Title\n{sentence}. Thanks.").questions


@pytest.mark.parametrize("sentence", [
    "Les associations s'inquiètent de la consommation d'électricité et d'eau",
    "Many residents are worried about whether the new campus will raise power prices",
    "Viele Anwohner fragen sich, ob der Strompreis steigt",
    "Analysts raise questions about the chip export rules",
    # data centres are buildings; models trained on fewer chips say nothing of anyone's data
    "Les investisseurs s'interrogent sur les investissements massifs dans les centres de données",
    "Los inversores se preguntan si los centros de datos son necesarios",
    "Investors raise questions about whether models can be trained with fewer chips",
    "I got an email with a toggle asking if my chats may be used to improve the models",  # a toggle asks nobody
])
def test_a_reported_question_about_nothing_of_data_or_privacy_asks_nothing(sentence):
    assert not segment(f"Title\n{sentence}. Thanks.").questions  # an article's report, not the asker's question


@pytest.mark.parametrize("sentence", [
    "Il comune, come titolare del trattamento, deve valutare i rischi",  # as controller: a role, not how to
    "La empresa, como titular de los datos, decide qué se guarda",
    "A empresa, como titular dos dados, decide o que fica guardado",
])
def test_as_a_role_is_no_how_to(sentence):
    assert not asks_how_to(sentence)
    assert asks_how_to("Slack AI: come archiviare un canale?") and asks_how_to("¿Cómo borrar el historial de ChatGPT?")


def test_a_post_that_reports_the_question_is_answered(answers):
    post = ("Intégration de Microsoft Copilot et conformité RGPD\nL'intégration de Microsoft 365 Copilot dans les "
            "entreprises soulève des questions sur la conformité avec le RGPD et sur l'endroit où les données sont "
            "traitées.")
    d = answers.decide(post)
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, "microsoft-365-copilot")


def test_private_data_in_another_language_is_a_data_question(answers):
    d = answers.decide("¿Cómo usa Microsoft 365 Copilot los datos privados de la organización?")
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, "microsoft-365-copilot")


def test_a_heading_of_an_issue_template_is_not_a_question():
    post = "Telemetry\n### What is the type of issue?\nDocumentation is missing\n### What is the issue?\nNone."
    assert segment(post).questions == ()


def _with_intent(knowledge_copy, bias: float, decline: float, answer: float, pinned: float | None = 0.5):
    """Return the answer set with a model that scores every message the same (the sigmoid of bias)."""
    (knowledge_copy / "intent.json").write_text(json.dumps(
        {"weights": {}, "bias": bias, "thresholds": {"decline": decline, "answer": answer, "pinned": pinned}}))
    return load_knowledge(knowledge_copy).answers


def test_a_short_question_that_pins_a_product_is_answered_from_the_pinned_threshold(knowledge_copy):
    from bot.core.matching.rules import FIRM

    question = "is it ok to use github copilot business on customer data?"
    leaning = _with_intent(knowledge_copy, 0.4, 0.3, 0.9).decide(question)  # intent 0.60: above pinned 0.5
    assert (leaning.outcome, leaning.entry_id) == (Outcome.ANSWER, "github-copilot-business")
    assert leaning.reason.endswith(FIRM)
    doubting = _with_intent(knowledge_copy, -0.4, 0.3, 0.9).decide(question)  # intent 0.40: above decline only
    assert doubting.outcome is Outcome.ESCALATE
    unpinned = _with_intent(knowledge_copy, 0.4, 0.3, 0.9, pinned=None).decide(question)  # no pinned: answer's
    assert unpinned.outcome is Outcome.ESCALATE


def test_a_question_sentence_in_a_post_that_pins_a_product_is_answered_from_the_pinned_threshold(knowledge_copy):
    from bot.core.matching.rules import PINNED

    post = ("Vertex AI and Claude for our support team\nWe are rolling out Claude on Vertex AI for the support team "
            "next quarter. Legal wants the details in writing before the pilot. How long are our prompts retained?")
    pinned = _with_intent(knowledge_copy, 0.4, 0.3, 0.9).decide(post)  # intent 0.60: above pinned 0.5
    assert (pinned.outcome, pinned.entry_id) == (Outcome.ANSWER, "claude-google-vertex-ai")
    assert pinned.reason.endswith(PINNED)
    statement = post.replace(" How long are our prompts retained?", " Retention is the open point.")
    assert _with_intent(knowledge_copy, 0.4, 0.3, 0.9).decide(statement).outcome is Outcome.ESCALATE  # asks nothing
    doubting = _with_intent(knowledge_copy, -0.4, 0.3, 0.9).decide(post)  # intent 0.40: above decline only
    assert doubting.outcome is Outcome.ESCALATE


@pytest.mark.parametrize(("line", "entry"), [
    ("github copilot DPA gdpr", "github-copilot-business"),
    ("gemini vertex hipaa", "gemini-vertex-ai"),
    ("Claude auf Bedrock: Speicherung und DSGVO", "claude-amazon-bedrock"),
    ("Azure OpenAI Service data storage", "azure-direct-models"),  # a word for data beside an aspect word
    ("Azure OpenAI Service におけるデータ保存について", "azure-direct-models"),
    ("Slack AIのデータ保持期間", "slack-ai"),
])
def test_a_line_of_names_and_privacy_words_is_answered_whatever_the_model_says(knowledge_copy, line, entry):
    from bot.core.matching.rules import KEYWORDS

    for bias in (-0.4, -2.0):  # intent 0.40 (above decline only), 0.12 (below decline): its few words say little
        d = _with_intent(knowledge_copy, bias, 0.3, 0.9, pinned=0.9).decide(line)
        assert (d.outcome, d.entry_id) == (Outcome.ANSWER, entry) and d.reason.endswith(KEYWORDS)


@pytest.mark.parametrize("line", [
    # each names one entry and asks about it, so without the keyword check it would be answered
    "github copilot DPA settings gdpr",  # another word than privacy ("settings"): the model decides
    "github copilot logs delete",  # no word that names a privacy topic on its own, and no word for data
    "how github copilot DPA gdpr",  # a question word: the question paths and the model decide
    "github copilot without DPA",  # a negation
    "github copilot DPA gdpr " + "hipaa " * 20,  # longer than a line of keywords
    "ChatGPT Enterprise DPA signed",  # a status note: "signed" is no privacy word
    "privacy: GitHub Copilot retention",  # a label before it: a commit or changelog title
    "github copilot logs data",  # ... beside a weak one only
])
def test_other_lines_are_no_keyword_question(knowledge_copy, line, monkeypatch):
    from bot.core.matching import matcher, rules

    monkeypatch.setattr(matcher, "reports", lambda text: False)  # "signed" reports too: the keyword check alone
    model = _with_intent(knowledge_copy, -0.4, 0.3, 0.9, pinned=0.9)
    assert model.decide(line).outcome is not Outcome.ANSWER
    monkeypatch.setattr(rules, "keyword_query", rules.pinned)  # the check it stands on, ignored
    assert model.decide(line).outcome is Outcome.ANSWER


def test_a_post_titled_with_names_and_privacy_words_is_answered_past_the_decline_threshold(knowledge_copy):
    from bot.core.matching.rules import KEYWORDS

    unsure = _with_intent(knowledge_copy, -0.4, 0.3, 0.9, pinned=0.9)  # intent 0.40: above decline only
    post = "GitHub Copilot DPA and GDPR\nOur legal team reviews the DPA next week, could someone point me to it?"
    d = unsure.decide(post)
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, "github-copilot-business") and d.reason.endswith(KEYWORDS)
    # a body that speaks of operations (a bug, a price) or asks about something else leaves the post to the model
    for body in ("Could someone explain the error on the settings page?", "Could someone tell me the price per seat?",
                 "Who can give me access to the admin center?"):
        assert unsure.decide(f"GitHub Copilot DPA and GDPR\n{body}").outcome is not Outcome.ANSWER


@pytest.mark.parametrize("message", [
    "which regions have claude opus 4 on bedrock?",  # what is offered where, not where data goes
    "Reminder: do not put customer PII into claude opus via Microsoft Foundry",  # an instruction
    "Rule: do not upload customer data to Notion AI",
])
def test_the_short_question_rule_skips_availability_and_instructions(knowledge_copy, message):
    assert _with_intent(knowledge_copy, 0.4, 0.3, 0.9).decide(message).outcome is not Outcome.ANSWER


def test_where_a_product_is_offered_is_never_answered_as_where_data_goes(knowledge_copy):
    sure = _with_intent(knowledge_copy, 5.0, 0.3, 0.9)  # the model is sure: only the names and words decide
    assert sure.decide("which regions have claude opus 4 on bedrock?").outcome is not Outcome.ANSWER
    d = sure.decide("does our data leave the region when we use claude on bedrock?")
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, "claude-amazon-bedrock")


@pytest.mark.parametrize(("text", "question"), [
    ("Error: could not connect to Bedrock", False),
    ("does not work with Vertex", False),
    ("Question: does Bedrock keep prompts", True),
])
def test_a_negated_opening_is_no_question(text, question):
    assert bool(segment(f"Title\n{text}").questions) is question


def test_a_body_names_the_product_only_when_it_is_the_titled_companys_only_one(answers):
    filler = "We use Claude for summarising tickets and we also evaluate Azure OpenAI for other stuff. " * 4
    d = answers.decide(f"Anthropic retention question\n{filler}How long does Anthropic keep our prompts?")
    assert d.outcome is not Outcome.ANSWER and "microsoft-foundry" not in d.platforms


def test_operations_in_a_posts_body_do_not_outweigh_the_privacy_question_its_title_asks(answers):
    post = ("Does Amazon Bedrock keep our Claude prompts, and for how long?\nSome background: billing runs through "
            "our AWS account, we raised the quota last month, pricing is fine, and the SDK works. We only need the "
            "retention answer for the security review, which is due next week, before the pilot starts in the "
            "support team.")
    assert len(post) > LONG
    d = answers.decide(post)
    assert "operational" not in d.reason and (d.outcome, d.entry_id) == (Outcome.ANSWER, "claude-amazon-bedrock")
    ops = answers.decide("Bedrock quota increase for Claude: billing error after the pricing change?")
    assert ops.outcome is Outcome.DECLINE
    crash = ("Gemini on Vertex AI retention\nOur pipeline crashes every hour with timeouts, we hit the quota twice "
             "this week, the budget alert fired and the SDK keeps throwing errors on every retry we make, and the "
             "logs are full of it again this morning, as they were yesterday. How do we get the pipeline working "
             "again today?")
    assert len(crash) > LONG and answers.decide(crash).outcome is Outcome.DECLINE  # the question is the crash


def test_a_parent_company_alone_does_not_mean_its_subsidiarys_product(answers):
    d = answers.decide("Does Salesforce train on our data?")
    assert d.outcome is not Outcome.ANSWER


@pytest.mark.parametrize("question", [
    "Does the ChatGPT API keep our prompts?",
    "we call chatgpt through the api, is our data used for training?",  # reached through the API, in one phrase
    "Wir nutzen ChatGPT über die API – werden unsere Prompts zum Training verwendet?",
    "Usamos ChatGPT a través de la API, ¿guardan nuestros datos?"])
def test_the_chatgpt_api_means_the_openai_api(answers, question):
    d = answers.decide(question)
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, "openai-api")


@pytest.mark.parametrize("question", ["we use ChatGPT, not the API. does it train on our chats?",
                                      "is ChatGPT in the API the same privacy as ChatGPT?",
                                      "we don't use ChatGPT via the API, only the web version — does it keep prompts?",
                                      "ChatGPT via the API or the regular app — which one trains on our data?",
                                      "Does our ticketing vendor send our data to ChatGPT via their API?",
                                      "We use ChatGPT via the API that HubSpot provides — is our CRM data used "
                                      "for training?",  # someone else's API
                                      "Is using ChatGPT via the API safer than just using the website?"])
def test_chatgpt_beside_the_api_but_not_reached_through_it_stays_the_app(answers, question):
    assert answers.decide(question).outcome is not Outcome.ANSWER


def test_a_makers_app_reached_through_a_cloud_platform_means_its_models_there(answers):
    """"ChatGPT via the Azure OpenAI Service" is OpenAI's models on Azure. Named apart (blocked, contrasted, a
    fallback, negated), beside a cloud company's bare name, or on a cloud with no entry for them, ChatGPT stays the
    app, which no entry covers."""
    for q in ["We use ChatGPT via the Azure OpenAI Service. Where is our data stored?",
              "Speichert Microsoft unsere Prompts, wenn wir ChatGPT über Azure OpenAI nutzen?"]:
        d = answers.decide(q)
        assert (d.outcome, d.entry_id) == (Outcome.ANSWER, "azure-direct-models"), q
    for q in ["Does OpenAI train on what I type into ChatGPT? Our team's chatbot runs on Azure OpenAI.",
              "We don't use Azure OpenAI, just plain ChatGPT. Does ChatGPT keep our prompts?",
              "We block ChatGPT but allow Azure OpenAI. Does ChatGPT keep what staff paste?",
              "I heard ChatGPT runs on Azure. Does Microsoft train on ChatGPT chats?",
              "Does ChatGPT on Bedrock keep prompts?"]:
        assert answers.decide(q).outcome is not Outcome.ANSWER, q


@pytest.mark.parametrize("question", ["do openai and anthropic train on our data?",
                                      "OpenAI oder Anthropic – wer speichert unsere Daten länger?"])
def test_two_model_makers_named_alone_never_get_a_question_back_about_tools_that_use_both(answers, question):
    d = answers.decide(question)  # Copilot Studio, Cursor… use both makers' models: nobody asked about them
    assert d.outcome is Outcome.ESCALATE and not d.options, (d.outcome, d.options)


def test_the_training_gate_mirrors_the_rules_for_known_and_short_questions():
    from dataclasses import replace

    from bot.core.evaluation import Labelled
    from bot.knowledge.training import Held, gate

    item = Labelled(q="does bedrock keep prompts?", expect=Outcome.ANSWER, entry="claude-amazon-bedrock")
    held = Held(item, 0.1, "answer", "claude-amazon-bedrock", (), False, known=True)
    assert gate(held, 0.5, 0.9)[0] == "answer"  # an entry's own example question passes both thresholds
    assert gate(replace(held, known=False), 0.5, 0.9)[0] == "decline"
    pinned = replace(held, known=False, pinned=True, score=0.6)  # a question the names pin to one entry
    assert gate(pinned, 0.5, 0.9, 0.6)[0] == "answer" and gate(pinned, 0.5, 0.9, 0.65)[0] == "escalate"
    assert gate(replace(pinned, pinned=False), 0.5, 0.9, 0.6)[0] == "escalate"
    keywords = replace(held, known=False, keywords=True, score=0.6)  # names and privacy words: past decline
    assert gate(keywords, 0.5, 0.9, 0.95)[0] == "answer" and gate(keywords, 0.65, 0.9)[0] == "decline"


def test_thresholds_keep_the_gathered_texts_within_the_wrong_target():
    from bot.core.evaluation import Labelled
    from bot.knowledge.training import GATHERED_WRONG, Held, _thresholds

    def held(score: float, expect: Outcome, n: int) -> list[Held]:
        item = Labelled(q="does bedrock keep prompts?", expect=expect,
                        entry="claude-amazon-bedrock" if expect is Outcome.ANSWER else None)
        return [Held(item, score, "answer", "claude-amazon-bedrock", (), False, pinned=True)] * n

    calibration = held(0.7, Outcome.ANSWER, 50) + held(0.95, Outcome.ANSWER, 50) + held(0.1, Outcome.DECLINE, 200)
    alone = _thresholds(calibration)
    assert alone[2] <= 0.7 and alone[3][1] == 100.0  # every covered question answered, nothing wrong
    gathered = held(0.7, Outcome.DECLINE, 5) + held(0.95, Outcome.ANSWER, 95)  # 5% wrong from 0.7 down
    _, _, pinned, (wrong, covered, _) = _thresholds(calibration, gathered)
    assert 0.7 < pinned <= 0.95 and covered == 50.0 and wrong == 0.0 and GATHERED_WRONG < 5.0


def test_thresholds_stay_a_margin_inside_the_bounds(monkeypatch):
    from bot.core.evaluation import Labelled
    from bot.knowledge import training
    from bot.knowledge.training import Held, _thresholds

    def held(score: float, expect: Outcome, n: int, *, pinned: bool = True) -> list[Held]:
        item = Labelled(q="does bedrock keep prompts?", expect=expect,
                        entry="claude-amazon-bedrock" if expect is Outcome.ANSWER else None)
        return [Held(item, score, "answer", "claude-amazon-bedrock", (), False, pinned=pinned)] * n

    # covered: questions the names pin (the pinned threshold) at 0.67, 0.72, 0.95 and posts (the answer threshold)
    # at 0.82, 0.88; three texts that are not privacy questions at 0.62 (pinned) and 0.77 (a post): let through,
    # either three is over the 0.5% bound. Uncovered questions at 0.5 keep the decline threshold below them.
    calibration = (held(0.67, Outcome.ANSWER, 40) + held(0.72, Outcome.ANSWER, 40) + held(0.95, Outcome.ANSWER, 40)
                   + held(0.82, Outcome.ANSWER, 40, pinned=False) + held(0.88, Outcome.ANSWER, 40, pinned=False)
                   + held(0.62, Outcome.DECLINE, 3) + held(0.77, Outcome.DECLINE, 3, pinned=False)
                   + held(0.5, Outcome.ESCALATE, 60, pinned=False) + held(0.1, Outcome.DECLINE, 200))
    for margin in (0, 4):  # on the edge, or less than 0.05 inside: 0.05 lower answers them wrongly
        monkeypatch.setattr(training, "MARGIN", margin)
        assert _thresholds(calibration)[1:3] == (0.82, 0.67) and _thresholds(calibration)[3][1] == 100.0
    monkeypatch.setattr(training, "MARGIN", 5)
    _, answer, pinned, (wrong, covered, _) = _thresholds(calibration)
    assert (answer, pinned) == (0.88, 0.72) and covered == 60.0 and wrong == 0.0  # each 0.05 inside its bound


def test_a_tie_on_the_calibration_texts_goes_to_the_pair_that_covers_most_gathered_texts():
    from bot.core.evaluation import Labelled
    from bot.knowledge.training import Held, _thresholds

    def held(score: float, expect: Outcome, n: int) -> list[Held]:
        item = Labelled(q="does bedrock keep prompts?", expect=expect,
                        entry="claude-amazon-bedrock" if expect is Outcome.ANSWER else None)
        return [Held(item, score, "answer", "claude-amazon-bedrock", (), False, pinned=True)] * n

    calibration = held(0.95, Outcome.ANSWER, 100) + held(0.1, Outcome.DECLINE, 200)  # every pair from 0.95 ties
    assert _thresholds(calibration)[1:3] == (0.99, 0.95)  # ... and nothing else decides: the higher pair
    gathered = held(0.7, Outcome.ANSWER, 10) + held(0.1, Outcome.DECLINE, 10)  # covered from 0.70 down
    assert _thresholds(calibration, gathered)[1:3] == (0.99, 0.7)


def test_the_decline_threshold_is_the_lowest_near_the_best_separation():
    from bot.core.evaluation import Labelled
    from bot.knowledge.training import Held, _thresholds

    def held(score: float, expect: Outcome, n: int) -> list[Held]:
        item = Labelled(q="does bedrock keep prompts?", expect=expect,
                        entry="claude-amazon-bedrock" if expect is Outcome.ANSWER else None)
        return [Held(item, score, "escalate", None, (), False)] * n

    # privacy questions at 0.9; texts for nobody at 0.1, and 10 of 1,000 at 0.4: 0.41 separates them perfectly,
    # anything from 0.11 within half a point (99.5%)
    calibration = held(0.9, Outcome.ESCALATE, 1000) + held(0.1, Outcome.DECLINE, 990) + held(0.4, Outcome.DECLINE, 10)
    assert _thresholds(calibration)[0] == 0.11  # the lowest of them: a person reads rather than a question declined


def test_index_scores_are_exact_whatever_the_order_of_examples(answers):
    from bot.core.matching.index import TermIndex, example_terms

    first, second = list(answers.entries.values())[:2]
    again = first.model_copy(update={"questions": [second.questions[0]]})  # same id, stored after another entry
    index = TermIndex([first, second, again], answers.matcher.index)
    vector = index.weigh(example_terms(answers.matcher.index, second.questions[0]))
    best: dict[str, float] = {}
    for owner, doc in index.examples():
        best[owner] = max(best.get(owner, 0.0), sum(w * doc.get(t, 0.0) for t, w in vector.items()))
    scores = index.scores(vector)
    assert scores[first.id] == pytest.approx(best[first.id]) and scores[first.id] == pytest.approx(1.0)
    assert scores[second.id] == pytest.approx(best[second.id])


def test_both_ways_of_scoring_agree_for_a_long_post(answers):
    from bot.core.matching.index import example_terms

    index = answers.matcher.terms
    post = " ".join(q for e in list(answers.entries.values())[:6] for q in e.questions)  # many more terms
    vector = index.weigh(example_terms(answers.matcher.index, post))
    few = {"claude-amazon-bedrock", "claude-google-vertex-ai"}  # few examples: scored one by one
    assert len(vector) > max(len(doc) for _, doc in index.examples())
    through_postings = {e: sc for e, sc in index.scores(vector).items() if e in few}
    one_by_one = index.scores(vector, few)
    assert one_by_one.keys() == through_postings.keys()
    assert all(one_by_one[e] == pytest.approx(through_postings[e]) for e in few)


def test_japanese_sentences_end_at_their_full_stop_without_a_space():
    seg = segment("タイトル\nZoomを導入しました。データは保存されますか。よろしくお願いします。")
    assert seg.questions == ("データは保存されますか。",)
    assert len(seg.sentences) == 4


def test_a_latin_name_written_against_japanese_stays_a_word():
    # Japanese puts no space between a product name and the particle after it: the name is a word of its own,
    # the Japanese around it character pairs
    assert tokens("CursorのPrivacy Modeについて") == ["cursor", "の", "privacy", "mode", "につ", "つい", "いて"]
    assert "w:privacy" in features("CursorのPrivacy Modeについて")


@pytest.mark.parametrize("text", ["Können wir Claude auf Bedrock nutzen?", "Est-ce que notre code part chez Cursor ?",
                                  "¿Dónde guardan nuestros datos?", "弊社でCopilotを使う場合", "Wij gebruiken Zoom",
                                  "Can we use Claude?", "Quiero usar Claude en el trabajo",
                                  "Tenho dúvidas sobre o Copilot", "Vorrei usare Gemini", "J'utilise Claude"])
def test_the_asker_speaking_of_their_own_organisation_is_seen_in_every_language(text):
    assert "shape:first-person" in features(text)


@pytest.mark.parametrize("text", ["Claude auf Bedrock nutzen?", "Je data bij Zoom?", "Os dados nos servidores",
                                  "i.e. the Claude API", "私的な利用", "Mon: Claude retention review",
                                  "add-ons for Zoom", "El uso de datos en Claude", "Sono molti i dati su Gemini"])
def test_words_other_languages_use_otherwise_are_no_first_person(text):
    assert "shape:first-person" not in features(text)


@pytest.mark.parametrize("sentence", ["copilot in teams - can it see other people's files",
                                      "i pay for claude max personally, is it ok to paste work stuff in",
                                      "github copilot business - where is our code stored",
                                      "on passe par l'API de Mistral, est-ce que Mistral entraîne ses modèles dessus"])
def test_a_clause_that_asks_makes_a_question_sentence(sentence):
    # the same reading as a short question's: the model sees a question, not a statement
    assert segment(sentence).questions == (sentence,) and is_short_question(sentence)
    assert "shape:questions=1" in features(sentence)


@pytest.mark.parametrize("sentence", ["Thanks, will try that.", "On Bedrock, does not work", "Thanks - all good",
                                      "thanks, will check", "Moved the team to Claude Enterprise, will share the DPA",
                                      "Retention is zero for completions, when you use it in VS Code",
                                      "We switched to Bedrock, which is fine",
                                      "We use the EU region, where data stays"])
def test_a_clause_that_does_not_ask_makes_no_question_sentence(sentence):
    assert segment(sentence).questions == () and not is_short_question(sentence)


@pytest.mark.parametrize("question", [
    "How do I save a page in Notion AI?", "How to share a ChatGPT Enterprise chat with a colleague?",
    "Comment partager un fichier Notion AI avec un client ?", "Come si salva una pagina in Notion AI?",
    "Como compartilhar um arquivo do Notion AI com o time?", "ChatGPT Enterpriseでチャットを共有する方法は？",
    "Slack AI: come archiviare un canale?",
    "ChatGPT Enterprise chats, how do I share one with a colleague?",
    "is there a way to bulk delete old chats in chatgpt enterprise",
    "where did my chats go in ChatGPT Enterprise after the SSO migration?",
    "Waar vind ik mijn opgeslagen gesprekken in ChatGPT Enterprise?",
    "Waar moet ik de API-sleutel invoeren voor DeepSeek?", "Où puis-je exporter l'historique de ChatGPT Enterprise ?",
    "Waar kunnen we zien welke gegevens Cursor bewaart?",
    "Wo stellt man bei Zoom AI Companion die Sprache der Zusammenfassung um?",  # "man": anyone, as "wie … man"
])
def test_a_question_that_asks_for_instructions_is_never_answered(answers, question, monkeypatch):
    from bot.core.matching import instructions

    assert asks_how_to(question)
    assert answers.decide(question).outcome is not Outcome.ANSWER
    monkeypatch.setattr(instructions, "asks_how_to", lambda sentence: False)  # the rule it stands on, off
    assert answers.decide(question).outcome is Outcome.ANSWER


@pytest.mark.parametrize("question", [
    "Gemini on Vertex AI: how to set up retention for our BigQuery tables",
    "Cómo configurar la retención de nuestra base de datos que alimenta el asistente de ChatGPT Enterprise",
    "Comment entraîner notre propre modèle avec les données de nos clients sur Azure OpenAI",
    "ChatGPT Enterprise: como fazer backup das conversas da equipe no nosso servidor",
    "Webinar: come addestrare un modello personalizzato su Vertex AI con i nostri dati",  # a custom model is ours
    "DeepSeek API：自社データでモデルを学習させる方法",  # with our own data, we train
    "how do i train my copilot studio agent on our sharepoint faq pages?",  # our agent, trained by us
    "comment on entraine un agent copilot studio sur notre base de connaissances ?",
])
def test_instructions_for_the_askers_own_systems_are_no_data_control(answers, question):
    d = answers.decide(question)  # retention or training words, but of our database or our own model
    assert d.outcome is Outcome.ESCALATE and "how to do something" in d.reason, (d.outcome, d.reason)


@pytest.mark.parametrize("message", [
    "can someone from legal look at the Cohere order form? redlines attached in <#C06LEGAL|legal-requests>",
    "can someone from legal look at the Notion AI renewal quote?",
    "Hey team :wave:\nWe're running a lunch & learn on GitHub Copilot next Friday.\nCould someone from privacy do a 5 "
    "min intro? Not a question about data, just want a speaker :smile:",
    "our `retention` cronjob for the Bedrock logs bucket failed again, can someone from infra look at it?",
    "Can you delete my Cursor chat history?",  # asked of the bot, for the asker (a reviewer's: had been answered)
    "could you enable ZDR on our Cohere account",
    "Can you ask Zoom to delete our AI Companion summaries from last quarter?",
])
def test_a_request_for_a_person_to_do_something_is_no_privacy_answer(answers, message, monkeypatch):
    from bot.core.matching import instructions

    assert asks_to_act(segment(message).questions[-1])
    d = answers.decide(message)
    assert d.outcome is Outcome.ESCALATE, (d.outcome, d.reason)  # a person decides (the model may be unsure first)
    assert "how to do something" in d.reason or "too unsure" in d.reason, d.reason
    monkeypatch.setattr(instructions, "asks_to_act", lambda question: False)  # the reading it stands on, off
    assert "how to do something" not in answers.decide(message).reason


@pytest.mark.parametrize(("question", "entry"), [
    ("can someone confirm Cursor doesn't keep our code?", "cursor"),  # asks to be told
    ("can someone look into whether Slack AI reads our DMs?", "slack-ai"),  # ... what a clause asks
    ("can someone send me the DPA for Cursor?", "cursor"),  # the object is a privacy document
    ("who can access our chats in ChatGPT Enterprise?", "chatgpt-enterprise"),  # who may see the data
    ("Can anyone see my chats in ChatGPT Enterprise?", "chatgpt-enterprise"),  # seeing is asked about
    ("Can someone at Anthropic read our API prompts?", "anthropic-api"),  # the vendor's staff
    ("Can someone view my prompts in Microsoft 365 Copilot?", "microsoft-365-copilot"),
    ("Can someone from data protection confirm Claude for Work is OK for customer data?", "claude-for-work"),
    ("can you delete your chat history in ChatGPT Enterprise?", "chatgpt-enterprise"),  # "you": anyone
    ("can you delete my past questions?", "privacy-bot"),  # what the bot keeps: its entry says how
])
def test_a_request_to_be_told_about_the_data_is_answered(answers, question, entry):
    assert not asks_to_act(question)
    d = answers.decide(question)
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, entry), d.reason


@pytest.mark.parametrize(("question", "entry"), [
    ("how do I opt out of training in ChatGPT Enterprise?", "chatgpt-enterprise"),  # a privacy control
    ("Comment désactiver l'entraînement sur nos données dans ChatGPT Enterprise ?", "chatgpt-enterprise"),
    ("How does Notion AI store our pages?", "notion-ai"),  # what the product does, not instructions
    ("Come conserva Zoom AI Companion i nostri dati?", "zoom-ai-companion"),
])
def test_a_how_question_about_the_data_is_not_taken_for_instructions(answers, question, entry):
    assert asks_how_to("Hoe deel ik een pagina met mijn team?") and asks_how_to("Wie kann ich eine Seite teilen?")
    d = answers.decide(question)
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, entry)


@pytest.mark.parametrize("text", ["where did the notion ai button go?", "Where do I find the Slack AI settings?",
                                  "how long does microsoft 365 copilot take to answer?"])
def test_where_and_weak_aspect_words_alone_ask_about_no_aspect(answers, text):
    # "where", "go", "long" ask about location, processing, retention only beside a word for data
    assert VOCABULARY.aspects_of(normalise(text).split()) == {}
    assert answers.decide(text).outcome is not Outcome.ANSWER


@pytest.mark.parametrize(("question", "aspect", "entry"), [
    ("where are our prompts stored when we use claude on bedrock?", "location", "claude-amazon-bedrock"),
    ("llama on bedrock - does meta see our prompts", "processor", "meta-llama-bedrock"),
])
def test_where_and_weak_aspect_words_beside_data_ask(answers, question, aspect, entry):
    d = answers.decide(question)
    assert aspect in d.aspects and (d.outcome, d.entry_id) == (Outcome.ANSWER, entry), d.reason


@pytest.mark.parametrize("text", ["thanks, that answers my question about claude for work retention",
                                  "ok so chatgpt enterprise does not train on our data, great",
                                  ":+1: thanks, so claude for work does not train on our chats",
                                  ":pray: got it, chatgpt enterprise does not train on our data"])  # Slack emoji
def test_an_acknowledgement_asks_nothing_and_gets_no_answer(answers, text, monkeypatch):
    from bot.core.matching import matcher

    assert acknowledges(text)
    assert answers.decide(text).outcome is not Outcome.ANSWER
    monkeypatch.setattr(matcher, "acknowledges", lambda text: False)  # the reading it stands on, off
    assert answers.decide(text).outcome is Outcome.ANSWER


@pytest.mark.parametrize("text", ["merci, c'est clair pour la rétention de Claude for Work", "danke, passt so",
                                  "gracias, ya vi que ChatGPT Enterprise no entrena con nuestros datos"])
def test_acknowledgements_in_other_languages_ask_nothing(answers, text):
    assert acknowledges(text) and answers.decide(text).outcome is not Outcome.ANSWER


@pytest.mark.parametrize(("text", "privacy"), [
    ("How long does it take to get approved for a GitHub Copilot Business seat?", False),
    ("wie lange dauert die Freischaltung von Microsoft 365 Copilot?", False),
    ("how long does the Gemini API keep prompts?", True),
])
def test_how_long_something_takes_is_a_wait_not_a_retention_period(answers, text, privacy):
    assert (answers.decide(text).outcome is Outcome.ANSWER) is privacy


def test_an_announcement_asks_nothing(answers):
    text = "FYI we turned on zero data retention for the OpenAI API in the prod org"
    assert acknowledges(text) and answers.decide(text).outcome is not Outcome.ANSWER


def test_a_japanese_acknowledgement_asks_nothing():
    assert acknowledges("ありがとうございます、Zoom AI Companionのデータ保持について理解しました")
    assert not acknowledges("ありがとうございます。Claudeはデータを保存しますか")


def test_a_post_under_a_privacy_title_that_refers_back_to_it_is_about_the_title(answers):
    off = answers.decide("ChatGPT Enterprise retention\nThe admin console does not load for me, can someone check?")
    assert off.outcome is Outcome.ESCALATE and "title" in off.reason
    fix = answers.decide("ChatGPT Enterprise retention\nthe admin console does not load, can someone fix it?")
    assert fix.outcome is Outcome.ESCALATE and "how to do something" in fix.reason  # asks a person to act, first
    back = answers.decide("Claude API retention\nIs it 30 days or 7 days now?")
    assert "title" not in back.reason and back.entry_id in (None, "anthropic-api")


@pytest.mark.parametrize("text", ["thanks! does claude for work keep our chats?",
                                  "Danke, aber speichert Claude unsere Daten",
                                  "ok if I paste customer emails into Claude for Work",
                                  "ok to paste customer data in claude",
                                  "okay, and what about vertex", "ok so does chatgpt enterprise train on our data"])
def test_an_acknowledgement_followed_by_a_question_asks(text):
    assert not acknowledges(text)


@pytest.mark.parametrize(("sentence", "asks"), [
    ("Gemini su Vertex AI: come ottenere la conservazione zero dei dati", True),  # a title's label, then how to
    ("Cómo desactivar el entrenamiento con tus datos en ChatGPT Enterprise", True),
    ("Comment désactiver l'entraînement dans Claude", True), ("How to stop Copilot using your prompts", True),
    ("Como esperado, o Copilot guarda os dados na UE.", False), ("Come previsto, Copilot conserva i dati.", False),
])
def test_a_request_for_instructions_is_a_question_without_a_question_mark(sentence, asks):
    assert is_question(sentence) is asks


def test_a_japanese_question_mark_ends_its_sentence_once_normalised():
    seg = segment(clean("Copilot Studioは安全？機密情報漏洩のリスクを低減する方法"))  # ？ becomes ? in clean()
    assert seg.sentences == ("Copilot Studioは安全?", "機密情報漏洩のリスクを低減する方法")
    assert seg.questions[0] == "Copilot Studioは安全?"  # (the second asks for instructions: "how to reduce…")
    assert segment("Is it safe?No space after this one.").questions == ("Is it safe?No space after this one.",)
    assert len(segment("詳細は https://example.com/faq?項目=1 を参照").sentences) == 1  # a link's query


def test_a_question_quoted_in_japanese_brackets_is_a_question_sentence():
    seg = segment("タイトル\n導入を検討中です。「情報漏洩リスクは大丈夫?」と不安です")
    assert "「情報漏洩リスクは大丈夫?」" in seg.questions



@pytest.mark.parametrize("question", [
    "Data retention for image requests in OpenAI's ChatGPT-4 API: are the images stored?",
    "does the chatgpt 3.5 turbo api store our prompts?",
    "Does the API of ChatGPT keep our prompts?",
    "¿La API de ChatGPT guarda nuestros datos?",
])
def test_a_consumer_product_named_right_beside_api_means_the_api(answers, question):
    d = answers.decide(question)
    assert (d.outcome, d.entry_id, d.platforms) == (Outcome.ANSWER, "openai-api", ("openai-api",))


@pytest.mark.parametrize("question", [
    "Does ChatGPT keep our prompts?",
    "I use ChatGPT and the API: does OpenAI train on what we send?",
    "No API, ChatGPT only: does it keep our prompts?",  # "API" and the name in different clauses
    "We only have ChatGPT Plus; API access is blocked by IT. Does it train on our chats?",
    "Does the API do ChatGPT-style retention of chats?",
])
def test_a_consumer_product_not_beside_api_stays_the_consumer_product(answers, question):
    d = answers.decide(question)
    assert "chatgpt" in d.platforms and d.entry_id != "openai-api"


_FILLER = ("We are a small team and have read the documentation and the terms several times, but we could not find "
           "a clear statement about this anywhere, so any pointer is welcome. ")


def test_the_rest_of_a_post_narrows_what_its_title_names_to_one_entry(answers):
    post = ("Vertex AI data storage and human review policy\n" + _FILLER +
            "We plan to use Gemini through it. Are our prompts stored on Google Cloud's servers, and for how long?")
    d = answers.decide(post)
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, "gemini-vertex-ai")


def test_names_in_the_rest_of_a_post_that_point_different_ways_narrow_nothing(answers):
    post = ("Vertex AI data storage and human review policy\n" + _FILLER +
            "We use Gemini and Claude through it. Are our prompts stored on Google Cloud's servers, and how long?")
    d = answers.decide(post)
    assert d.entry_id is None and d.outcome is not Outcome.ANSWER


@pytest.mark.parametrize("question", [
    "does copilot train on our data?",
    "does copilot keep what we paste into it?",  # no product's context word
    "Does Copilot Chat in Outlook store my emails?",  # Copilot Chat runs in Outlook with or without a licence
    "Does Copilot keep the contracts stored in our legal repository?",  # a repository of documents
])
def test_an_ambiguous_name_asks_which_product(answers, question):
    d = answers.decide(question)
    assert d.outcome is Outcome.CLARIFY and {"github-copilot-business", "microsoft-365-copilot",
                                             "microsoft-365-copilot-chat"} <= set(d.options)


@pytest.mark.parametrize("question", [
    "Does Copilot Chat keep our prompts for users without a license?",
    "Copilot Chat with the green shield: does Microsoft train on our prompts?",
    "Copilot Chat zonder licentie: worden onze prompts gelogd?",
    "Copilot Chat con cuenta del trabajo, ¿Microsoft guarda los prompts?",
    "職場アカウントで使うCopilot Chatは、入力内容が学習に使われますか？",
])
def test_copilot_chat_without_a_licence_is_the_unlicensed_product(answers, question):
    # what people without a Microsoft 365 Copilot licence have is Copilot Chat (and its green shield is EDP); its
    # entry is Copilot Chat signed in with a work account
    d = answers.decide(question)
    assert d.outcome is Outcome.ANSWER and d.entry_id == "microsoft-365-copilot-chat"


@pytest.mark.parametrize("question", [
    "Copilot in Dynamics 365 Sales: is it true prompts are kept 30 days for abuse monitoring?",
    "Copilot in Dynamics 365 Sales conserva i prompt?",
    "Security Copilot with my work account: are prompts stored?",  # the work account said Copilot Chat before
    "Copilot in Power BI — where is our data processed?",
    "Microsoft 365 Copilot for Sales — is that covered by the M365 Copilot privacy answer?",
])
def test_microsofts_other_copilots_escalate(answers, question):
    d = answers.decide(question)  # not the Microsoft 365 Copilot answer, nor asked which Copilot
    assert d.outcome is Outcome.ESCALATE


@pytest.mark.parametrize("question", [
    "GitHub Copilot Enterprise, combien de temps sont gardés les prompts du chat sur github.com ?",
    "Llama dans Azure AI Foundry, c'est hébergé par Microsoft ou par Meta ?",
    "En Claude Team, ¿quién hace el tratamiento de los datos, nosotros o Anthropic?",
])
def test_every_form_of_a_privacy_verb_asks(answers, question):
    # a participle as well as the infinitive ("gardés"), hosting by someone, the GDPR's word for processing (beside
    # a word for data: "tratamiento de imágenes" is any treatment)
    d = answers.decide(question)
    assert d.outcome is Outcome.ANSWER


@pytest.mark.parametrize("question", [
    "Who is hosting the Notion AI demo on Thursday?",
    "Chi ospita il webinar su Copilot Studio giovedì?",
    "El tratamiento de imágenes con la API de Gemini, ¿qué formatos acepta?",
])
def test_hosting_an_event_or_treating_images_asks_nothing_of_the_data(answers, question):
    assert answers.decide(question).outcome is not Outcome.ANSWER


def test_an_app_asked_of_under_its_business_product_is_asked_back(answers):
    # the business product named in one sentence, the app's bare name in the question: either may be meant (the
    # app's entry was answered before; a person on Claude Team may also use claude.ai privately, or mean the same)
    d = answers.decide("We're on Claude Team. Does the Claude app keep our chats?")
    assert d.outcome is Outcome.CLARIFY and set(d.options) == {"claude-for-work", "claude-consumer-apps"}
    d = answers.decide("Legal approved Claude for Work. Can I paste customer data into claude.ai Pro?")
    assert d.outcome is Outcome.ANSWER and d.entry_id == "claude-consumer-apps"  # its own plan says which
    d = answers.decide("I'm on Claude Max personally and our company has Claude Team. Does the Claude app share my "
                       "chats with the company admins?")
    assert d.outcome is Outcome.ANSWER and d.entry_id == "claude-consumer-apps"  # ... in another sentence too
    d = answers.decide("Tenemos Claude Team. ¿La app de Claude entrena con mis chats?")  # the app in Spanish
    assert d.outcome is Outcome.CLARIFY and set(d.options) == {"claude-for-work", "claude-consumer-apps"}


@pytest.mark.parametrize("question", [
    "How long are Gemini app conversations kept on our Workspace accounts?",
    "Wenn ich die Gemini-App mit meinem Firmen-Google-Konto nutze, gelten dann dieselben Datenschutzregeln?",
    "¿Gemini con la cuenta del trabajo entrena con mis prompts?",
    "Gemini met mijn werkaccount: traint Google op mijn prompts?",  # an account word written as one, or in katakana
    "Geminiを職場アカウントで使っている場合、入力した内容はGoogleの学習に使われますか？",
])
def test_workspace_accounts_say_gemini_in_workspace(answers, question):
    d = answers.decide(question)
    assert d.outcome is Outcome.ANSWER and d.entry_id == "gemini-google-workspace"


@pytest.mark.parametrize("question", [
    "J'utilise Claude Code avec mon abonnement Pro perso, est-ce qu'Anthropic garde mon code ?",
    "Uso Claude con el plan Max, ¿entrena con mis chats?",
])
def test_a_plan_named_noun_first_is_the_edition(answers, question):
    d = answers.decide(question)  # "mon abonnement Pro", "el plan Max": the Romance languages' order
    assert d.outcome is Outcome.ANSWER and d.entry_id == "claude-consumer-apps"


def test_a_bare_name_after_the_full_name_is_the_same_product(answers):
    # "Copilot" may mean any Copilot, so it fits the one the post names in full ("no curated answer covers
    # copilot with enterprise data protection + copilot" before)
    d = answers.decide("We switched on Copilot with enterprise data protection for everyone. Does Copilot keep our "
                       "prompts or use them for training?")
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, "microsoft-365-copilot-chat")


@pytest.mark.parametrize("question", [
    "Copilot Studio vs Copilot: which one retains chat transcripts?",  # two products, not a short form
    "We use Copilot Studio for our HR bot. Does Copilot train on HR data?",
    "Does GCP log the prompts we send to our endpoint?",  # endpoints are no product's context
    "Does Anthropic train on our data? We don't have seats.",  # a negated context
])
def test_names_that_leave_the_product_open_are_not_answered_with_one(answers, question):
    assert answers.decide(question).outcome is not Outcome.ANSWER


def test_a_question_quoted_in_a_statement_is_no_question_sentence():
    post = ('Docs: add FAQ entry for retention\nMany users ask "does Claude for Work train on our data?" when '
            "they onboard. We should add an entry.")
    assert segment(post).questions == ()


@pytest.mark.parametrize("text", [
    "Wanneer je ChatGPT Enterprise gebruikt worden je gegevens niet gebruikt voor training.",
    "Heads up - how ChatGPT Enterprise handles retention is documented in the DPA.",
    "When you use ChatGPT Enterprise your data is not used for training.",
])
def test_a_line_that_ends_with_a_full_stop_states_something(text):
    assert not is_short_question(text)


def test_names_in_sentences_about_something_else_narrow_nothing(answers):
    post = ("Vertex AI: are our prompts stored?\nWe call the models through the Vertex SDK. " + _FILLER +
            "Last year we ran an evaluation of Claude on Bedrock but decided against it. Are prompts stored?")
    assert answers.decide(post).outcome is not Outcome.ANSWER


@pytest.mark.parametrize(("word", "parts"), [
    ("datenspeicherung", ("daten", "speicherung")),  # its last part says what it is: a kind of storing
    ("gegevensbewaring", ("gegevens", "bewaring")),
    ("datenschutzeinstellungen", ("datenschutz", "einstellungen")),  # a privacy topic in front
    ("privacyinstellingen", ("privacy", "instellingen")),  # Dutch borrows the English word
    ("datenbankfehler", ("datenbank", "fehler")),  # an error, and it says so
    ("speicherplatz", ("speicherplatz",)),  # a kind of Platz (disk space): no listed word ends it
    ("information", ("information",)), ("database", ("database",)),  # English words stay whole
    ("loeschfristen", ("loschfristen",)), ("fuer", ("fur",)),  # German typed without umlauts
    ("queue", ("queue",)), ("steuer", ("steuer",)),  # ... but only into a listed word
])
def test_german_and_dutch_compounds_read_as_their_listed_parts(word, parts):
    from bot.core.matching.compounds import compound_parts

    assert compound_parts(word) == parts


@pytest.mark.parametrize(("text", "entry"), [
    ("Wo findet die Datenspeicherung bei Claude über AWS Bedrock statt, bleibt sie in der EU?",
     "claude-amazon-bedrock"),
    ("Welke gegevensverwerking doet de OpenAI API met onze prompts, en waar?", "openai-api"),
])
def test_a_question_in_compounds_asks_about_their_aspect(answers, text, entry):
    d = answers.decide(text)
    assert d.aspects and (d.outcome, d.entry_id) == (Outcome.ANSWER, entry), d.reason


def test_an_operational_compound_is_no_privacy_question(answers):
    assert answers.decide("Datenbankfehler bei der OpenAI API seit heute morgen").outcome is not Outcome.ANSWER


@pytest.mark.parametrize(("text", "entry"), [
    ("Microsoft 365 Copilot privacy", "microsoft-365-copilot"), ("cohere api subprocessors", "cohere-platform"),
    ("Datenschutz bei Microsoft 365 Copilot", "microsoft-365-copilot"),
    ("Claude APIのデータ保持について", "anthropic-api"),  # について is "about": a function word
])
def test_a_line_of_a_name_and_privacy_words_is_answered_however_the_model_scores_it(answers, text, entry):
    d = answers.decide(text)
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, entry), d.reason
    assert d.intent is not None


@pytest.mark.parametrize("text", ["Gemini API pricing", "claude api rate limits", "chatgpt enterprise dpa signed",
                                  "Copilot Studioの料金について"])
def test_a_line_of_a_name_and_other_words_is_no_keyword_line(answers, text):
    assert answers.decide(text).outcome is not Outcome.ANSWER


@pytest.mark.parametrize(("text", "privacy"), [
    ("Is anyone going to the M365 Copilot training session on Thursday?", False),
    ("Who is running the Microsoft 365 Copilot training tomorrow?", False),
    ("Microsoft 365 Copilot privacy\nCan anyone share the slides from the training session?", False),  # no data
    ("cursor keeps losing my settings, anyone else??", False),
    ("Why does the DeepSeek API return empty responses for long prompts?", False),
    ("Is our data used for training in Copilot Studio?", True),
    ("Does Cursor keep our code after indexing?", True),
    ("Does Microsoft 365 Copilot keep meeting transcripts?", True),  # "meeting" is no verb going on
    ("How long does the DeepSeek API keep our prompts?", True),
    # "keep" before any verb going on ("-ing") is no retention, unless that verb or the word after it is about data
    ("Does Notion AI keep timing out for anyone?", False),
    ("Does GitHub Copilot keep suggesting the same code?", False),
    ("Does Cursor keep logging me out?", False),  # "logging me out" is signing out
    ("Does Anthropic keep logging our prompts when we use Claude on Bedrock?", True),
    ("Does Cursor keep everything we type?", True),  # a "-thing" is no verb
    # kept in a state, no data between: "keep the Gemini API free" (in each language)
    ("Does Google keep the Gemini API free this year?", False),
    ("¿Google mantiene la API de Gemini gratis este año?", False),
    ("Does OpenAI keep logs available for 30 days in the API?", True),
])
def test_an_aspect_word_means_something_else_before_some_words(answers, text, privacy):
    assert (answers.decide(text).outcome is Outcome.ANSWER) is privacy


@pytest.mark.parametrize(("text", "asks"), [
    ("darf ich vertrauliche verträge in m365 copilot kopieren", True),  # German asks with the verb first
    ("Ist Claude auf Bedrock DSGVO-konform", True),  # ... before its subject or a capitalised name
    ("Kunnen we klantgegevens in ChatGPT Enterprise zetten", True),
    ("datenschutz bei m365 copilot - darf ich da vertrauliche verträge reinkopieren", True),  # in a clause
    ("Est-ce que Mistral garde nos prompts", True), ("Conserve-t-il nos données", True),
    ("¿Guarda OpenAI nuestros datos", True),
    ("kann mich nicht einloggen bei copilot", False),  # no subject: a report
    ("Hat geklappt, Cursor Privacy Mode ist aktiv", False), ("Add-on: Slack AI retention set to 90 days", False),
    ("Die Daten werden gespeichert", False), ("Merci pour tout", False),
])
def test_questions_without_a_question_mark_in_other_languages(text, asks):
    assert is_short_question(text) is asks
    assert bool(segment(text).questions) is asks


@pytest.mark.parametrize(("text", "entry"), [
    ("In plaats van ChatGPT Enterprise willen we de OpenAI API gebruiken: hoe lang worden prompts daar bewaard?",
     "openai-api"),
    ("Au lieu de ChatGPT Enterprise, nous utilisons l'API OpenAI : combien de temps les prompts sont-ils conservés ?",
     "openai-api"),
    ("En lugar de Bedrock usamos la API de Anthropic, ¿cuánto tiempo guardan los prompts?", "anthropic-api"),
    ("Not Bedrock, the Anthropic API: how long are prompts kept?", "anthropic-api"),
])
def test_a_name_after_instead_of_is_excluded_and_the_api_is_the_providers(answers, text, entry):
    d = answers.decide(text)
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, entry), d.reason


def test_a_product_the_asker_does_not_have_is_not_what_is_asked_about(answers):
    d = answers.decide("can admins apply purview retention to copilot chat prompts for ppl who don't have the m365 "
                       "copilot license?")  # had been answered for Microsoft 365 Copilot
    assert d.entry_id != "microsoft-365-copilot"
    d = answers.decide("we don't have Copilot Studio, does M365 Copilot keep our prompts?")
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, "microsoft-365-copilot"), d.reason


@pytest.mark.parametrize(("text", "aspect"), [
    ("Slaat Cursor onze code op?", "retention"),  # opslaan, its particle at the end
    ("Houdt Zoom AI Companion onze vergaderingen bij?", "retention"),
    ("Gibt Microsoft 365 Copilot unsere Daten an Dritte weiter?", "processor"),
    ("Bekommt Meta bei Llama auf Vertex AI unsere Anfragen mit?", "processor"),  # mitbekommen: gets to see
    ("Wie lange hebt Slack AI unsere Zusammenfassungen auf?", "retention"),  # aufheben: keeps
])
def test_a_separable_verb_reads_with_its_particle(answers, text, aspect):
    assert aspect in answers.decide(text).aspects
    assert aspect not in answers.decide(text.rsplit(" ", 1)[0] + "?").aspects  # without its particle, another verb


@pytest.mark.parametrize("text", ["Does the OpenAI API charge for file storage?",
                                  "How much does Azure OpenAI charge for file storage?",
                                  "Does Anthropic charge extra for zero data retention?",
                                  "Wie viel kostet die Datenspeicherung bei Azure OpenAI?"])
def test_what_storage_is_charged_is_no_privacy_answer(answers, text):
    assert answers.decide(text).outcome is Outcome.DECLINE  # billing: a price asked, not the data (price.txt)
    assert answers.decide("How much data does Slack AI keep?").entry_id == "slack-ai"  # an amount of data


@pytest.mark.parametrize("text", ["How much data is left in my Gemini API free tier?",
                                  "Quanti dati restano nel mio piano free tier della Gemini API?"])
def test_how_much_is_left_asks_about_a_quota(answers, text):
    assert answers.decide(text).outcome is Outcome.DECLINE  # an allowance left (left.txt), not data kept
    assert answers.decide("How much data does Slack AI keep?").entry_id == "slack-ai"
    for kept in ("How much of our data remains in the EU when we use Azure OpenAI?",  # no allowance named
                 "Combien de temps nos conversations restent sur les serveurs d'Anthropic ?"):
        assert answers.decide(kept).outcome is not Outcome.DECLINE


@pytest.mark.parametrize("text", ["Azure OpenAI deployment region", "OpenAI API file storage",
                                  "Rather than guessing, does Claude on Bedrock keep our prompts?"])
def test_operational_lines_and_phrases_far_from_a_name_get_no_wrong_answer(answers, text):
    d = answers.decide(text)  # an aspect beside "deployment" or "file" is no line of keywords; "rather than" negates
    assert d.outcome is not Outcome.ANSWER or d.entry_id == "claude-amazon-bedrock", d.reason  # only what it names


def test_an_aspect_word_alone_beside_a_name_makes_no_keyword_line(answers):
    assert answers.decide("claude api logs").outcome is not Outcome.ANSWER  # no word for data: logs of what?


@pytest.mark.parametrize("text", ["zoom ai companion deletion job finished", "we turned off training in cursor",
                                  "Datenlöschung für Zoom AI Companion abgeschlossen",
                                  "anthropic api zdr approved for our org",
                                  # a question someone asked, raised or was told is reported, not asked
                                  "Legal asked about Cursor privacy mode yesterday, I told them it's on",
                                  "legal raised questions about chatgpt enterprise retention last week, FYI",
                                  "Die Rechtsabteilung hat gestern nach dem Datenschutz von Cursor gefragt",
                                  # ... or one going on or planned
                                  "Stay tuned: we're rolling out Gemini for Google Workspace next week, data privacy "
                                  "FAQ coming."])
def test_a_line_that_reports_a_change_asks_nothing(knowledge_copy, text, monkeypatch):
    from bot.core.matching import matcher

    sure = _with_intent(knowledge_copy, 3.0, 0.3, 0.9)  # intent 0.95: the model alone would let it be answered
    assert reports(text) and sure.decide(text).outcome is not Outcome.ANSWER
    monkeypatch.setattr(matcher, "reports", lambda text: False)  # the reading it stands on, off
    assert sure.decide(text).outcome is Outcome.ANSWER


@pytest.mark.parametrize("text", ["openai api zdr enabled?", "is zdr enabled for the openai api",
                                  "notion ai data used for training", "ist ZDR für die OpenAI API aktiviert"])
def test_a_question_about_a_state_is_no_report(text):
    assert not reports(text)


@pytest.mark.parametrize(("text", "how_to"), [
    ("Does anyone know how to keep Cursor from indexing node_modules?", True),
    ("anyone know how to share a notion ai page with a guest?", True),
    ("can someone tell me how to archive a channel in Slack AI?", True),
    ("does anyone know how long OpenAI keeps API prompts?", False),  # asks what the product does
    ("alguém sabe como apagar um projeto antigo no google ai studio?", True),  # ... in other languages
    ("quelqu'un sait comment activer Gemini dans Docs ?", True),
    ("qualcuno sa come si attiva Slack AI?", True),
    ("alguien sabe si OpenAI guarda los prompts?", False),
])
def test_asking_whether_anyone_knows_how_to_asks_for_instructions(text, how_to):
    assert asks_how_to(text) is how_to


@pytest.mark.parametrize("text", [
    "come si cancella un blocco generato da notion ai? non trovo l'opzione",  # answered as if it asked on
    "¿cómo borro un proyecto viejo en google ai studio? no encuentro el botón",
])
def test_a_how_to_with_a_statement_after_it_is_not_answered(answers, text):
    d = answers.decide(text)
    assert d.outcome is not Outcome.ANSWER, d.reason


@pytest.mark.parametrize(("text", "how_to"), [
    ("¿Cómo exporto mi historial de ChatGPT Enterprise a PDF?", True),  # a verb in the first person
    ("Come esporto la cronologia di ChatGPT Team in PDF?", True),
    ("Wo speichere ich den Gemini API Schlüssel?", True),  # "where do I…"
    ("Où stocker la clé de l'API OpenAI ?", True),  # "where to…"
    ("Zoom AI Companion の要約をメールで自動送信する設定はどこ？", True),  # where the setting is
    ("Wo speichert die Gemini API meine Prompts?", False),  # where the product stores the data
    ("¿Dónde guarda OpenAI mis datos?", False),
])
def test_how_to_questions_in_the_first_person_or_the_infinitive_ask_for_instructions(answers, text, how_to):
    assert asks_how_to(text) is how_to
    if how_to:  # no privacy answer to instructions asked for
        assert answers.decide(text).outcome is not Outcome.ANSWER


def test_keep_from_prevents_and_keeps_nothing(answers):
    assert "retention" not in answers.decide("how can we keep Cursor from indexing node_modules?").aspects
    assert "retention" in answers.decide("does Cursor keep our code?").aspects


@pytest.mark.parametrize(("text", "asks"), [
    ("wo ist die liste der unterauftragsverarbeiter bei mistral", True),  # a question word before an auxiliary
    ("Unterauftragsverarbeiter bei Mistral La Plateforme, wo ist die Liste", True),  # ... also in a clause
    ("hoe lang bewaart notion ai onze paginas", True), ("wat gebeurt er met onze data in slack ai", True),
    ("Wie erwartet speichert Claude nichts.", False), ("waar nodig gebruiken we copilot", False),
])
def test_german_and_dutch_question_words_ask_before_an_auxiliary(text, asks):
    assert is_short_question(text) is asks


def test_opt_out_is_a_line_of_privacy_words(answers):
    d = answers.decide("claude pro training opt-out")
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, "claude-consumer-apps"), d.reason


@pytest.mark.parametrize(("text", "entry"), [
    ("claude free tier privacy", "claude-consumer-apps"),  # which plan is meant, not what is asked
    ("github copilot business code retention", "github-copilot-business"),
])
def test_words_that_say_which_plan_fit_a_line_of_keywords(answers, text, entry):
    d = answers.decide(text)
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, entry), d.reason


@pytest.mark.parametrize(("text", "entry"), [
    ("notion ai retention of page content", "notion-ai"),  # what people put in: the data the topic is about
    ("github copilot business code snippets retention", "github-copilot-business"),
])
def test_words_for_content_fit_a_line_of_keywords(answers, text, entry):
    from bot.core.matching.rules import KEYWORDS

    d = answers.decide(text)
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, entry), d.reason
    assert d.reason.endswith(KEYWORDS)


_PASSING = ("DeepSeek has become one of the most downloaded assistants this year, and many teams now try it at work. "
            "Like ChatGPT before it, the app is free and fast. Our security team keeps asking the same thing about "
            "the DeepSeek API we would call from our backend. Where are the prompts we send stored, and for how "
            "long are they kept?")


def test_a_long_post_about_one_product_that_names_another_in_passing_is_about_its_subject(answers):
    d = answers.decide(_PASSING)
    assert len(_PASSING) > LONG
    assert not d.reason.startswith("no curated answer covers"), d.reason
    assert "deepseek-api" in {c.entry_id for c in d.candidates}
    assert d.entry_id in (None, "deepseek-api")


def test_a_long_post_that_names_two_products_again_and_again_has_no_one_subject(answers):
    text = _PASSING.replace("Like ChatGPT before it, the app is free and fast.",
                            "ChatGPT, which we also use, is free too, and ChatGPT's app is just as fast.")
    d = answers.decide(text)
    assert d.outcome is Outcome.ESCALATE and d.reason.startswith("no curated answer covers"), d.reason


def test_a_name_said_in_passing_does_not_compete_with_a_long_posts_subject(answers):
    text = _PASSING.replace("Like ChatGPT before it", "Like ChatGPT, and like ChatGPT's rivals")
    d = answers.decide(text)  # DeepSeek twice, ChatGPT twice but only as a comparison
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, "deepseek-api"), d.reason


def test_a_japanese_post_as_wide_as_a_long_one_is_read_as_a_post(answers):
    text = ("近年、ChatGPTをはじめとした生成AIの企業導入が進む中で、中国発のDeepSeekも注目されています。"
            "当社の開発チームはDeepSeek APIをバックエンドから呼び出す予定で、顧客の問い合わせ内容を送ることになります。"
            "送信したプロンプトはどこに保存され、どのくらいの期間保持されますか？"
            "セキュリティ部門が導入前に確認したいと言っています。")
    d = answers.decide(text)  # under 300 characters, over 300 columns: its subject is DeepSeek, ChatGPT in passing
    assert len(text) < LONG < width(text)
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, "deepseek-api"), d.reason


@pytest.mark.parametrize("question", [
    "Does Cursor keep prompts as long as tools like ChatGPT Enterprise do?",
    "We already use Slack AI. For tools like Notion AI, how long are prompts kept?",
    "Comme Slack AI est activé chez nous, ses résumés sont-ils stockés hors UE ? On a aussi Notion AI."])
def test_a_name_said_in_passing_in_a_short_question_still_counts(answers, question):
    d = answers.decide(question)  # it is as often what is asked about: never one side's answer
    assert d.outcome is not Outcome.ANSWER, d.reason


@pytest.mark.parametrize(("text", "passing"), [
    ("DeepSeek, which rivals ChatGPT, collects data", {"chatgpt"}),
    ("tools such as ChatGPT or Claude, unlike Cursor", {"chatgpt", "claude"}),
    ("ChatGPTやClaudeなどのモデルをCursorで使う", {"chatgpt", "claude"}),
    ("ChatGPTをはじめとした生成AIとDeepSeek", {"chatgpt"}),
    ("we would like Claude to keep less, like Gemini", {"gemini"}),
    ("Comme ChatGPT, DeepSeek collecte des données", {"chatgpt"}),
])
def test_names_said_in_passing_are_those_after_like_or_before_nado(answers, text, passing):
    words = normalise(text).split()
    found = scan_clauses(answers.matcher.index, words, text)[0]
    assert {found[k][1] for k in in_passing(words, found)} == passing


def test_a_long_post_naming_its_subject_twice_as_often_as_another_product_is_about_its_subject(answers):
    text = ("DeepSeek is in the news again, and like ChatGPT it is free. Unlike ChatGPT, DeepSeek keeps its servers "
            "in China, and our developers want the DeepSeek API for a backend service that handles customer "
            "tickets. Legal wants one thing settled before DeepSeek is approved. Where are the prompts we send "
            "stored, and for how long are they kept?")
    d = answers.decide(text)  # DeepSeek four times, ChatGPT twice
    assert len(text) > LONG and not d.reason.startswith("no curated answer covers"), d.reason
    assert {c.entry_id for c in d.candidates} == {"deepseek-api"}, d.candidates
    assert d.outcome is not Outcome.ANSWER or d.entry_id == "deepseek-api"


@pytest.mark.parametrize(("question", "entry"), [("Does OpenAI offer zero data retention for us?", "openai-api"),
                                                 ("is ZDR something anthropic offers?", "anthropic-api")])
def test_zero_data_retention_with_a_company_alone_means_its_api(answers, question, entry):
    d = answers.decide(question)
    assert entry in {c.entry_id for c in d.candidates} and len(d.candidates) == 1, d.candidates


@pytest.mark.parametrize(("sentence", "asks"), [
    ("gemini api via ai studio - are prompts reviewed by humans", True),
    ("copilot business – is code retained for training", True),
    ("Vertex AI - is not supported in eu-west4", False),  # no word for data after the auxiliary
    ("Claude API, are prompts logged", False),  # only after a dash: a comma also opens relative clauses
    ("ChatGPT Enterprise kickoff - are docs ready for review", False),  # nothing happens to the data: a status
])
def test_after_a_dash_an_auxiliary_before_a_word_for_data_asks(sentence, asks):
    assert bool(segment(sentence).questions) is asks


def test_a_name_in_passing_that_fits_the_subject_still_counts(answers):
    text = ("Claude has become the model most of our teams ask for, and the platform team wants to standardise on "
            "it. Like ChatGPT before it, people paste all kinds of things into it. We would run Claude on Bedrock "
            "from our AWS account, in eu-central-1. Where are the prompts stored, and for how long are they kept?")
    d = answers.decide(text)
    assert "aws-bedrock" in d.platforms and {c.entry_id for c in d.candidates} == {"claude-amazon-bedrock"}, d.reason


def test_a_long_post_that_ends_on_another_product_is_not_read_as_about_its_opening(answers):
    text = ("We moved off ChatGPT Enterprise last quarter after a long evaluation. The rollout of ChatGPT Enterprise "
            "had gone well, but cost was an issue, so legal signed with Anthropic and now the whole company is on "
            "Claude for Work (the Team plan). People paste customer tickets and contracts into it every day. Does it "
            "train on our conversations?")
    d = answers.decide(text)
    assert len(text) > LONG and d.entry_id != "chatgpt-enterprise", d.reason
    assert d.outcome is not Outcome.ANSWER, d.reason


def test_a_long_post_titled_as_a_comparison_compares_even_when_it_opens_on_one_of_them(answers):
    text = ("ChatGPT Enterprise vs Claude for Work: which one keeps our data for less time? We have been running "
            "ChatGPT Enterprise for a year and the ChatGPT Enterprise admin console is fine, and we now trial the "
            "other one with a small team of analysts in the legal department. Both plans were bought by procurement.")
    d = answers.decide(text)
    assert len(text) > LONG and d.outcome is Outcome.COMPARE, d.reason
    assert set(d.compared) == {"chatgpt-enterprise", "claude-for-work"}


@pytest.mark.parametrize(("question", "entry"), [
    ("M365 Copilot. Studio comes later, is the tenant data kept inside the EU?", "microsoft-365-copilot"),
    ("Microsoft 365 Copilot, Studio is blocked for now. Does it keep our prompts?", "microsoft-365-copilot"),
    ("Does Microsoft 365 Copilot Studio keep our prompts?", "microsoft-copilot-studio"),
])
def test_a_name_of_several_words_is_not_read_across_a_full_stop_or_a_comma(answers, question, entry):
    d = answers.decide(question)
    assert {c.entry_id for c in d.candidates} == {entry}, d.candidates


@pytest.mark.parametrize("text", [
    "Anthropic API logs show 400 invalid_request_error, what does it mean?",
    "Bedrock logs show ValidationException for Claude, why?",
    "Gemini API logs: 400 FAILED_PRECONDITION in the EU region",
    "Azure OpenAI logs show DeploymentNotFound, what is wrong?",
    "¿Por qué los logs de Bedrock muestran ThrottlingException?",
    "Mistral API logs show HTTP 422 on every request",
])
def test_a_message_that_quotes_an_error_gets_no_privacy_answer(answers, text):
    assert answers.decide(text).outcome is Outcome.DECLINE


@pytest.mark.parametrize(("text", "entry"), [
    ("Does OpenAI store data sent with store=false on the Responses API?", "openai-api"),  # code, but no error
    ("Is zero data retention available on the Anthropic API?", "anthropic-api"),
])
def test_code_that_names_no_error_does_not_make_a_question_operational(answers, text, entry):
    d = answers.decide(text)
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, entry), d.reason


@pytest.mark.parametrize("text", [
    "If Bedrock throws ValidationException, is the prompt still logged by AWS?",
    "When Vertex returns RESOURCE_EXHAUSTED, does Google keep the rejected prompt?",
    # operations in an aside: a case the question sets, or a bracket
    "Does OpenAI keep our API prompts if we hit rate limit errors and retry?",
    "Does upgrading to the paid Gemini API tier (billing enabled) stop Google training on our prompts?",
    "we use ai studio without billing enabled — does google train on our prompts?",  # "without …": had been declined
])
def test_a_question_about_the_data_of_a_failed_request_still_asks(answers, text):
    assert answers.decide(text).outcome is not Outcome.DECLINE


@pytest.mark.parametrize("text", [
    "Does Anthropic delete our data when we ask?",
    "Will OpenAI sign a BAA so we can send PHI?",
    "If I delete a conversation, when is it gone from OpenAI's systems?",
])
def test_a_company_named_alone_is_no_product_however_an_entrys_examples_are_worded(answers, text):
    d = answers.decide(text)
    assert d.outcome is Outcome.CLARIFY and len(d.options) >= 2, d.reason


@pytest.mark.parametrize(("text", "privacy"), [
    ("Kann Microsoft unsere Copilot-Chat-Verläufe lesen?", True),  # "read" beside a word for data asks
    ("Microsoft peut-il lire nos conversations Copilot Chat ?", True),
    ("¿Puede Microsoft leer nuestras conversaciones de Copilot Chat?", True),
    ("Ich kann das PDF in Copilot nicht lesen", False),  # ... alone it does not
])
def test_who_reads_the_data_is_asked_in_other_languages_too(answers, text, privacy):
    assert (answers.decide(text).outcome is not Outcome.DECLINE) is privacy


@pytest.mark.parametrize("text", [
    "we host LibreChat in front of Azure OpenAI, do prompts get stored?",
    "is TypingMind with our OpenAI API key safe for customer data?",
    "Continue extension in VS Code with the Claude API - does Anthropic keep our code?",
    "Cline con Azure OpenAI, ¿dónde se guardan los prompts?",
])
def test_a_third_party_tool_in_front_of_a_vendor_is_escalated_not_answered_as_the_vendor(answers, text):
    d = answers.decide(text)
    assert d.outcome is Outcome.ESCALATE, d.reason


def test_vs_code_is_an_editor_not_a_comparison(answers):
    d = answers.decide("GitHub Copilot in VS Code - does GitHub keep our code?")
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, "github-copilot-business"), d.reason


@pytest.mark.parametrize("line", ["bedrock retention", "vertex model garden retention", "Vertex AI data location"])
def test_a_line_of_names_and_privacy_words_that_leaves_several_entries_asks_which(knowledge_copy, line):
    for bias in (-0.4, -2.0):  # intent 0.40 (above decline only), 0.12 (below decline): its few words say little
        d = _with_intent(knowledge_copy, bias, 0.3, 0.9, pinned=0.9).decide(line)
        assert d.outcome is Outcome.CLARIFY and len(d.options) >= 2, d.reason
    assert _with_intent(knowledge_copy, -2.0, 0.3, 0.9).decide("bedrock pricing").outcome is Outcome.DECLINE


@pytest.mark.parametrize(("question", "company"), [
    ("Gemini retention?", "google"), ("does gemini keep my prompts for 55 days", "google"),
    ("is gpt-4o safe to use with customer data", "openai"),
])
def test_the_products_asked_back_are_the_named_ones_not_every_tool_that_uses_them(answers, question, company):
    d = answers.decide(question)
    assert d.outcome is Outcome.CLARIFY and len(d.options) >= 2, d.reason
    for option in d.options:  # made by the named company, or on a platform it runs ("Azure OpenAI" for gpt-4o)
        a = answers.entries[option].applies_to
        assert company == a.providers[0] or company in {answers.matcher.index.operator[p] for p in a.platforms} \
            or a.platforms[0] == "microsoft-foundry", option
    assert not {"cursor", "github-copilot-business"} & set(d.options)


@pytest.mark.parametrize(("text", "status"), [
    ("Anthropic API: our calls fail with 400 since this morning", True),
    ("OpenAI API: every request returns 403", True),
    ("Bedrock throws a 500 on long prompts", True),
    ("Returns 403 when the Anthropic API is called", True),
    ("We have 400 employees on ChatGPT Enterprise", False),
    ("Vertex returns 200 results per page", False),
])
def test_a_failing_calls_status_weighs_as_operations_a_number_does_not(answers, text, status):
    from bot.core.matching.analysis import quotes_error

    assert (quotes_error(text) > 0) is status


@pytest.mark.parametrize("question", [
    # a Workspace app alone is the app itself
    "Is Google Drive HIPAA compliant?",
    "Where are Google Meet recordings stored and how long are they kept?",
    "Does Google scan our Gmail for ads?",
    "Is Google Workspace GDPR compliant for HR data?",
    # the Gemini app with a personal account (no Workspace words)
    "Gemini app on my Android phone (personal) - does Google keep my chats?",
    "Does gemini.google.com train on our prompts?",
    # Microsoft's consumer Copilot
    "Is the consumer Microsoft Copilot OK for company data?",
    "Does Copilot Pro (the $20 Microsoft one) train on my Word documents?",
    "Copilot Pro in Outlook on my personal Microsoft account - is my data kept?",
])
def test_a_product_no_entry_covers_is_escalated_by_its_name(answers, question):
    d = answers.decide(question)
    assert d.outcome is Outcome.ESCALATE and d.reason.startswith("no curated answer covers"), d.reason


@pytest.mark.parametrize(("question", "outcome"), [
    ("Does Copilot Pro use my code snippets for training?", Outcome.ANSWER),  # code: GitHub's plan
    ("Does Copilot Business keep our code?", Outcome.ANSWER),
    ("Does Copilot Business keep our Teams chats?", Outcome.CLARIFY),  # GitHub's, or Microsoft 365 Copilot Business
])
def test_a_plan_name_two_copilots_share_is_read_from_its_words(answers, question, outcome):
    d = answers.decide(question)
    assert d.outcome is outcome, d.reason
    assert d.entry_id in (None, "github-copilot-business")


@pytest.mark.parametrize("question", [
    "Can I put customer data into ChatGPT Enterprise?",
    "Darf ich Kundendaten in ChatGPT Enterprise eingeben?",  # a compound of two data words weighs as both
    "Puis-je mettre des données clients dans ChatGPT Enterprise ?",
    "¿Puedo poner datos de clientes en ChatGPT Enterprise?",
    "Posso inserire dati dei clienti in ChatGPT Enterprise?",
    "Mag ik klantgegevens in ChatGPT Enterprise invoeren?",
])
def test_whether_data_may_be_put_into_a_product_is_asked_about_its_data(answers, question):
    d = answers.decide(question)
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, "chatgpt-enterprise"), d.reason


@pytest.mark.parametrize("question", [
    "How do I put my API key into the OpenAI Python client?",
    "Can I enter a credit card for ChatGPT Enterprise billing?",
])
def test_putting_something_in_that_is_no_data_asks_nothing_of_the_privacy_team(answers, question):
    assert answers.decide(question).outcome is not Outcome.ANSWER


def test_a_japanese_request_ends_with_tell_me(answers):
    assert segment("ChatGPTのデータ保持期間を教えて").questions
    d = answers.decide("ChatGPT Enterpriseのデータ保持期間を教えて")
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, "chatgpt-enterprise"), d.reason


@pytest.mark.parametrize("text", ["Erzähl mir von der Datenspeicherung", "Dites-moi tout",
                                  "Dimmi qualcosa sulla conservazione dei dati", "Parle-moi de la rétention",
                                  "Vertel me over de bewaartermijn", "Me fala sobre a retenção de dados"])
def test_tell_me_in_each_language_asks(text):
    assert is_short_question(text)


def test_a_compound_of_data_words_reads_as_both_but_an_aspect_stays_whole():
    from bot.core.matching.compounds import compound_parts
    assert compound_parts("kundendaten") == ("kunden", "daten")
    assert compound_parts("chatgeschiedenis") == ("chatgeschiedenis",)  # chat history: a retention word


@pytest.mark.parametrize(("text", "asks"), [("Slack AI, does it train on our messages.", True),
                                            ("We rolled out Cursor, is it ok to paste client code in.", True),
                                            ("We use Claude on Bedrock, which is fine.", False),
                                            ("Thanks, will check.", False),
                                            # a name for its subject: a capital after the auxiliary
                                            ("Hi all, we're rolling out Gemini, does Google train on our emails",
                                             True),
                                            ("We use Sonnet via Foundry, is Microsoft keeping the prompts.", True),
                                            ("We moved to Bedrock, is fine for now.", False),
                                            ("Kanada hat einen Angemessenheitsbeschluss, was Datenübermittlungen "
                                             "erleichtert, allerdings setzt Cohere US-Dienste ein", False)])
def test_a_clause_asks_before_a_full_stop_only_with_an_auxiliary_before_its_subject(text, asks):
    assert bool(segment(text).questions) is asks


@pytest.mark.parametrize("question", ["Wie steht es um den Datenschutz bei Cursor?",
                                      "Erzähl mir etwas über den Datenschutz von Cursor"])
def test_a_privacy_topic_asked_of_the_one_product_named_is_asked_about_its_data(answers, question):
    d = answers.decide(question)
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, "cursor"), d.reason


@pytest.mark.parametrize("question", [
    "Can someone send me the Zoom AI Companion transcript of the client meeting?",
    "Quelqu'un peut m'envoyer la transcription Zoom AI Companion de la réunion client ?",
    "Zoom AI Companionの要約を送ってもらえますか？",
])
def test_send_me_asks_a_person_for_a_document(answers, question):
    assert answers.decide(question).outcome is not Outcome.ANSWER


@pytest.mark.parametrize(("question", "entry"), [
    ("Zoom AI Companion envoie-t-il les transcriptions à OpenAI ?", "zoom-ai-companion"),
    ("slack aiってdmの中身も読んでるの？", "slack-ai"),
    ("DeepSeekのAPIに顧客データを送るのはNGですか？データが中国に保存されると聞きました。", "deepseek-api"),
    ("Dites-moi si Notion AI partage le contenu de nos pages avec des sous-traitants IA.", "notion-ai"),
    ("Gemini Developer API é compatível com a LGPD?", "gemini-api"),  # compatible with a law: compliance
    ("is bedrock HIPAA eligible for Claude? we'd use whichever plan is cheapest", "claude-amazon-bedrock"),
])
def test_what_a_product_does_with_data_is_asked_in_each_language(answers, question, entry):
    d = answers.decide(question)
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, entry), d.reason


@pytest.mark.parametrize("question", ["Speichert dieser Bot meine Fragen?", "Ce bot garde-t-il mes questions ?",
                                      "Bewaart deze bot mijn vragen?", "このボットは質問を保存しますか？"])
def test_this_bot_in_each_language_is_the_bots_own_entry(answers, question):
    d = answers.decide(question)
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, "privacy-bot"), d.reason


@pytest.mark.parametrize("message", ["more secure login for ChatGPT Enterprise (SSO) - who sets that up?",
                                     "Does this bot also work in private channels?",
                                     "¿Este bot funciona también en canales privados?"])
def test_an_adjective_that_can_describe_anything_names_no_privacy_topic(answers, message):
    # "secure login", "private channels": not the topic "Datenschutz" or "retention" asked of one product
    assert answers.decide(message).outcome is not Outcome.ANSWER


@pytest.mark.parametrize("question", [
    "I deleted a Cursor chat by mistake, can I get it back?",
    "Can the admin restore my deleted ChatGPT Enterprise conversation? I need it for a deck",
    "Borré un chat de ChatGPT Enterprise sin querer, ¿se puede recuperar?",
    "Ho cancellato per sbaglio una chat in ChatGPT Enterprise, si può recuperare?",
])
def test_a_question_that_asks_to_get_something_back_is_never_answered(answers, question, monkeypatch):
    # vocabulary/recover.txt, mistake.txt + deleted.txt: support for the asker's own data; a person decides
    from bot.core.matching import instructions

    assert answers.decide(question).outcome is Outcome.ESCALATE
    monkeypatch.setattr(instructions, "recovers", lambda question: False)  # the reading it stands on, off
    assert answers.decide(question).outcome is Outcome.ANSWER


@pytest.mark.parametrize(("question", "asks"), [
    ("Where does Cursor store its logs on Mac? it's crashing", False),
    ("Wo speichert Cursor die Logdateien auf dem Mac?", False), ("Dove salva Cursor i file di log su Mac?", False),
    ("Where does Cursor store our code?", True), ("Does Cursor keep our code locally or on their servers?", True),
])
def test_a_where_question_about_the_askers_own_machine_is_no_question_about_the_vendor(answers, question, asks,
                                                                                       monkeypatch):
    # vocabulary/local.txt: "on Mac", "auf dem Mac" place the file on the asker's machine; a person decides
    from bot.core.matching import instructions

    assert (answers.decide(question).outcome is Outcome.ANSWER) is asks
    monkeypatch.setattr(instructions, "LOCAL", frozenset())  # the phrases it stands on, gone: every one is answered
    assert answers.decide(question).outcome is Outcome.ANSWER


@pytest.mark.parametrize(("question", "entry"), [
    ("If I accidentally paste source code into Cursor, does Cursor store it?", "cursor"),  # a mistake alone
    ("We use a Postgres database. Cursor: does it keep our code?", "cursor"),  # no phrase across a full stop
    ("Next, Cursor: does it train on our code?", "cursor"),
    ("Where does Claude Desktop store conversations on my Mac, locally or on Anthropic servers?",
     "claude-consumer-apps"),  # the vendor's servers are asked about
    ("Does ChatGPT Enterprise keep our prompts? And if someone deletes a chat by mistake, can an admin restore it?",
     "chatgpt-enterprise"),  # one of the questions asks about the data
    # a product the text excludes leaves no answer for its company or its name: which one is meant is not said
    ("Our users have no ChatGPT Enterprise seat, so does OpenAI train on their chats?", None),
    ("Non abbiamo licenza per Microsoft 365 Copilot, Copilot Chat conserva i prompt?", None),
])
def test_the_support_and_exclusion_rules_answer_privacy_questions_and_nothing_else(answers, question, entry):
    decision = answers.decide(question)
    answered = decision.entry_id if decision.outcome is Outcome.ANSWER else None
    assert answered == entry, decision.reason


def test_emoji_codes_before_a_line_are_read_in_linear_time():
    # ":+:" can be read two ways by a careless pattern: 60 of them would take hours; this returns at once
    assert not acknowledges(":+:" * 60 + " chatgpt enterprise retention?")
    assert acknowledges(":+1: thanks") and acknowledges(": thanks, all clear")


@pytest.mark.parametrize("text", ["Non riesco ad accedere a Microsoft 365 Copilot, qualcuno può aiutarmi?",
                                  "I can't access Microsoft 365 Copilot, can someone help?"])
def test_access_in_every_language_asks_about_data_only_beside_a_word_for_data(answers, text):
    assert answers.decide(text).outcome is not Outcome.ANSWER  # signing in, not who reads the data


def test_access_beside_a_word_for_data_asks_who_reads_it(answers):
    d = answers.decide("Microsoft può accedere ai nostri dati in Microsoft 365 Copilot?")
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, "microsoft-365-copilot"), d.reason


@pytest.mark.parametrize("question", ["Llama: ¿Meta recibe nuestros datos?",
                                      "Wie lange speichert Google Gemini unsere Eingaben?",
                                      "ジェミニって入力したデータが学習に使われる？"])
def test_a_question_in_another_language_naming_a_family_of_products_is_asked_back(answers, question):
    # entries hold example questions in a few languages each: their words must not pick one of the family
    d = answers.decide(question)
    assert d.outcome is Outcome.CLARIFY and len(d.options) > 1, (d.outcome, d.entry_id, d.reason)


@pytest.mark.parametrize(("question", "entry"), [
    ("¿Meta recibe nuestros datos si usamos Llama en Vertex AI?", "meta-llama-vertex-ai"),  # the cloud is named
    ("Vertex AIのジェミニは入力データを学習に使いますか？", "gemini-vertex-ai"),  # a name written in katakana
    ("A Anthropic apaga nossos dados se usarmos a API?", "anthropic-api"),  # erased
    ("Google AI Studio a pagamento: i log per quanto tempo vengono tenuti?", "gemini-api"),  # kept
    ("¿Cuánto tiempo mantiene la API de Gemini nuestros prompts?", "gemini-api"),
    ("Claude sur Vertex AI : qui est le sous-traitant, Google ou Anthropic ?", "claude-google-vertex-ai"),
    ("Bedrock上のLlamaを使うとMetaにデータが送られますか？", "meta-llama-bedrock"),
    ("Peut-on mettre des données clients dans Copilot M365 ?", "microsoft-365-copilot"),  # the name's words turned
])
def test_other_languages_name_products_and_ask_aspects_in_their_own_ways(answers, question, entry):
    d = answers.decide(question)
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, entry), d.reason


@pytest.mark.parametrize("question", ["Training interno su Cursor: chi lo tiene?",
                                      "What's the retention of users on ChatGPT Enterprise after the pilot?",
                                      "Which regions have Claude in Foundry?",
                                      "Which regions have Claude in Foundry for our customers?",
                                      "In which countries can our employees use ChatGPT Enterprise?",
                                      "Is there an internal training for Microsoft 365 Copilot?",
                                      "Will my messages stay pinned after Slack AI summarizes the channel?",
                                      "Copilot M365 training for the sales team – anyone have material?",
                                      "Treinamento de Copilot M365 para o time de vendas – alguém tem material?",
                                      "Training over Copilot M365 voor het salesteam, heeft iemand materiaal?"])
def test_where_a_product_is_offered_and_a_course_on_it_get_no_privacy_answer(answers, question):
    assert answers.decide(question).outcome is not Outcome.ANSWER


@pytest.mark.parametrize("question", ["Does Zoom AI Companion train on our team meetings?",
                                      "Does Notion AI use our team wiki for training?"])
def test_training_on_a_teams_content_is_still_training(answers, question):
    assert answers.decide(question).outcome is Outcome.ANSWER



@pytest.mark.parametrize("question", ["How do I improve Copilot suggestions?",
                                      "Tips to improve code completions in GitHub Copilot Business?",
                                      "Ways to improve the prompts we send to the OpenAI API?",
                                      "Come migliorare le risposte di Claude for Work?",
                                      "Comment améliorer les réponses de ChatGPT Enterprise ?",
                                      "¿Cómo mejorar los prompts que enviamos a la API de OpenAI?",
                                      "Wie verbessern wir unsere Prompts für die Claude API?"])
def test_improving_ones_own_work_is_no_question_about_training(answers, question):
    assert answers.decide(question).outcome is not Outcome.ANSWER  # the asker improves it, not the vendor its models


@pytest.mark.parametrize(("question", "entry"), [
    ("Does OpenAI use our API data to improve its models?", "openai-api"),
    ("How do I stop Google from using our Gemini API data to improve its models?", "gemini-api"),  # a data control
    ("Is there a way to stop OpenAI from training on our API data?", "openai-api"),
    ("Does Zoom use our calls to improve its AI Companion?", "zoom-ai-companion"),
])
def test_the_vendor_improving_its_models_with_our_data_is_about_training(answers, question, entry):
    d = answers.decide(question)
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, entry), d.reason


@pytest.mark.parametrize("question", ["Where is the history panel in Cursor?",
                                      "Where is the data tab in Microsoft Copilot Studio?",
                                      "Wo ist der Button für den Verlauf in ChatGPT Enterprise?"])
def test_where_a_part_of_the_apps_screen_is_asks_for_instructions(answers, question):
    d = answers.decide(question)  # vocabulary/ui-nouns.txt: not where the vendor keeps the data
    assert d.outcome is Outcome.ESCALATE and "how to do something" in d.reason
    assert answers.decide("Where does ChatGPT Enterprise store our chats?").outcome is Outcome.ANSWER


@pytest.mark.parametrize(("question", "entry"), [
    ("Os dados ficam na AWS se usarmos o Claude no Bedrock?", "claude-amazon-bedrock"),
    ("¿Los datos salen de Azure cuando usamos Azure OpenAI?", "azure-direct-models"),
    ("I dati escono da Azure se usiamo Azure OpenAI?", "azure-direct-models"),
    ("Blijven onze gegevens in Azure bij Azure OpenAI?", "azure-direct-models"),
    ("Bleiben unsere Prompts in der EU, wenn wir Gemini auf Vertex AI nutzen?", "gemini-vertex-ai"),
    ("Les données quittent-elles Azure avec Azure OpenAI ?", "azure-direct-models"),
    ("Gemini en Gmail: ¿nuestros correos salen de la organización?", "gemini-google-workspace"),  # emails are data
    ("Do our prompts remain within Microsoft's infrastructure with Microsoft 365 Copilot?", "microsoft-365-copilot"),
    ("Un dev veut brancher l'API DeepSeek sur notre CRM. Les données partent en Chine ?", "deepseek-api"),
])
def test_data_staying_in_or_leaving_a_place_asks_where_it_is(answers, question, entry):
    d = answers.decide(question)
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, entry), d.reason
    assert "location" in d.aspects


@pytest.mark.parametrize("question", [
    "Meine Prompts bleiben im Eingabefeld von Microsoft 365 Copilot hängen, was tun?",  # no place: stuck
    "Die Daten bleiben im Dashboard von Cursor leer, ist das ein Bug?",
    "Hoeveel data blijft er over in ons Cohere API-tegoed?",
    "¿Por qué los datos no salen en el portal de Azure cuando uso Azure OpenAI?",  # "salir en": appear in
    "Os dados não saem no relatório do Azure OpenAI, alguém sabe por quê?",
    "How much data remains in our Azure credits for Azure OpenAI this month?",  # what is left
    "Slack AI recap data stays blank for our org since yesterday, known issue?",  # a state, then the place
    "DeepSeek API down in China?",  # a country is a place data goes, not a question of where data is on its own
    "The data stays in the staging environment until we publish the Copilot Studio agent, right?",
])
def test_staying_or_going_out_without_a_place_is_no_location_question(answers, question):
    d = answers.decide(question)
    assert d.outcome is not Outcome.ANSWER and "location" not in d.aspects, (d.outcome, d.aspects, d.reason)


@pytest.mark.parametrize("question", ["Do my Notion AI pages stay in the sidebar after I leave the workspace?"])
def test_a_person_leaving_a_group_is_no_data_leaving_a_place(answers, question):
    assert answers.decide(question).outcome is not Outcome.ANSWER  # "leave the workspace": vocabulary/senses.txt
    d = answers.decide("Does data leave our tenant with Microsoft 365 Copilot?")
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, "microsoft-365-copilot"), d.reason



@pytest.mark.parametrize("text", [
    "Is the ChatGPT playground part of the API? Is what we type there used for training?",
    "We fine-tune ChatGPT through the API on support tickets: are the training files kept?",
])
def test_a_product_named_with_the_api_and_what_only_an_api_has_means_the_api(answers, text):
    d = answers.decide(text)  # ChatGPT itself has no playground and no fine-tuning: the OpenAI API has
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, "openai-api"), d.reason


@pytest.mark.parametrize("text", [
    "Is the ChatGPT playground used for training?",  # no API spoken of
    "I fine-tuned my prompts in ChatGPT over the weekend - does ChatGPT keep my chat history forever?",
    "Does ChatGPT Plus have zero data retention like the API?",  # a plan named, and ZDR compares
    "Are AI assistants like ChatGPT allowed to keep our customer data via the API?",  # "assistants": everyday
    "We have ChatGPT Enterprise, but does my personal ChatGPT keep what I paste?",
    "ChatGPT Enterprise for staff, interns get regular ChatGPT accounts: does OpenAI train on theirs?",
])
def test_chatgpt_stays_the_consumer_product_otherwise(answers, text):
    assert answers.decide(text).outcome is not Outcome.ANSWER


@pytest.mark.parametrize(("text", "entry", "aspect"), [
    ("who are Cursor's subcontractors?", "cursor", "processor"),
    ("Welche Subunternehmer hat Cursor?", "cursor", "processor"),
    ("Bedrock経由でClaude使う場合、AWSにプロンプト残りますか？", "claude-amazon-bedrock", "retention"),  # 残る: remains
    ("per quanto tempo Slack AI conserva i riassunti?", "slack-ai", "retention"),  # summaries are what it keeps
])
def test_everyday_words_for_keeping_and_for_sub_processors_ask_about_the_data(answers, text, entry, aspect):
    d = answers.decide(text)
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, entry), d.reason
    assert aspect in d.aspects


def test_the_rest_of_a_quota_is_not_data_kept(answers):
    assert answers.decide("Claudeの残りのクォータを確認するには？").outcome is Outcome.DECLINE  # 残り: what is left


@pytest.mark.parametrize("text", [
    "how do i get chatgpt enterprise to reformat our data retention policy doc into the new template?",
    "come faccio a far compilare a copilot in word un modulo HIPAA?",
    "Kann mir wer erklären, wie ich mit Copilot in Excel eine Pivot zur Kundenbindung (Retention) bauen lasse?",
    "how can I get Notion AI to fill in our GDPR checklist template?",
    "how do I get claude for work to summarise the DPA into a one-pager for the sales team?",  # the DPA: a document
    "come posso far tradurre a chatgpt enterprise la nostra informativa privacy?",
    "how can I get amazon q business to build a checklist from our infosec and privacy policy?",
])
def test_how_to_have_a_product_work_on_a_document_about_privacy_asks_for_instructions(answers, text):
    d = answers.decide(text)  # vocabulary/content-tasks.txt, documents.txt: the privacy words name the document
    assert d.outcome is Outcome.ESCALATE and "how to do something" in d.reason, d.reason


@pytest.mark.parametrize(("text", "entry"), [
    ("how do we keep ChatGPT Enterprise from training on the templates we create?", "chatgpt-enterprise"),  # training
    ("how do I create a retention policy in ChatGPT Enterprise?", "chatgpt-enterprise"),  # no document
    ("Does Microsoft 365 Copilot keep the documents it helps us draft?", "microsoft-365-copilot"),  # no how-to
])
def test_a_document_beside_a_data_control_or_outside_a_how_to_still_asks_about_the_data(answers, text, entry):
    d = answers.decide(text)
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, entry), d.reason


@pytest.mark.parametrize(("text", "how_to"), [
    ("Kann mir wer erklären, wie ich in Slack AI die Recaps abschalte?", True),
    ("Kannst du mir erklären, wie man in Notion AI eine Seite teilt?", True),
    ("Weiß jemand, wie ich den Verlauf in Copilot lösche?", True),
    ("Wie ich sehe, speichert Copilot unsere Prompts – stimmt das?", False),  # "as I see"
    ("Kann mir wer erklären, wie Copilot unsere Daten speichert?", False),  # how the product does it
])
def test_german_how_i_or_one_does_something_asks_for_instructions(text, how_to):
    from bot.core.matching.segments import asks_how_to, segment
    assert any(asks_how_to(q) for q in segment(text).questions) is how_to


@pytest.mark.parametrize(("text", "entry", "aspect"), [
    ("claude su microsoft foundry: chi tratta i dati, microsoft o anthropic?", "claude-microsoft-foundry", "processor"),
    ("¿quién trata los datos si usamos Claude en Bedrock?", "claude-amazon-bedrock", "processor"),
    ("quem trata os dados no Gemini da Vertex AI?", "gemini-vertex-ai", "processor"),
    ("Si tratta di una domanda su ChatGPT Enterprise: i dati restano in Europa?", "chatgpt-enterprise", "location"),
    ("se trata de ChatGPT Enterprise: ¿los datos salen de la UE?", "chatgpt-enterprise", "location"),
])
def test_handling_the_data_in_italian_spanish_portuguese_asks_who_processes_it(answers, text, entry, aspect):
    d = answers.decide(text)  # "tratta i dati"; not "si tratta di", "se trata de": what it is about (senses.txt)
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, entry), d.reason
    assert aspect in d.aspects and (aspect == "processor" or "processor" not in d.aspects)


@pytest.mark.parametrize(("text", "entry"), [
    ("how do I find out how long notion ai keeps the meeting notes it summarises for us?", "notion-ai"),
    ("how do i check where gemini in docs stores the client memos it drafts?", "gemini-google-workspace"),
    ("cómo puedo saber si claude en vertex ai retiene los informes que le pedimos resumir?", "claude-google-vertex-ai"),
    ("hoe kan ik checken of amazon q business de samenvattingen van onze klantdossiers opslaat?", "amazon-q-business"),
    ("Wie finde ich heraus, ob Slack AI unsere Nachrichten speichert?", "slack-ai"),
])
def test_how_to_find_out_what_a_vendor_does_with_data_asks_that(answers, text, entry):
    d = answers.decide(text)  # instructions.learns: the question inside the how-to's words
    assert (d.outcome, d.entry_id) == (Outcome.ANSWER, entry), d.reason
    assert answers.decide("how do I check my Slack AI usage?").outcome is not Outcome.ANSWER  # no question inside


@pytest.mark.parametrize("text", [
    "What did legal decide about Cursor? heard a rumour it's blocked for the dev teams",
    "what did legal approve for Cursor?",
    "are we enrolled in zero data retention with openai?",
    "is our org enrolled in ZDR with openai?",
    "¿Qué decidimos sobre Cursor?",
    "Avons-nous décidé d'autoriser Cursor ?",
])
def test_what_we_decided_or_enrolled_in_is_ours_to_answer(answers, text):
    d = answers.decide(text)  # vocabulary/ours.txt: our decision or enrolment, which no entry records
    assert d.outcome is Outcome.ESCALATE, d.reason
    assert answers.decide("what did OpenAI decide about retention for the API?").outcome is Outcome.ANSWER
