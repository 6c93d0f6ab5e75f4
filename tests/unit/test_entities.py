"""Finding providers and platforms: aliases, typos, ambiguity, negation, roles."""

from __future__ import annotations

import pytest

from bot.core.matching.entities import EntityIndex
from bot.core.matching.text import normalise


@pytest.fixture(scope="module")
def index(answers) -> EntityIndex:
    return answers.matcher.index


def found(index: EntityIndex, text: str) -> set[tuple[str, str, bool]]:
    mentions, _ = index.find(normalise(text).split())
    return {(i, m.role, m.negated) for m in mentions for i in m.ids}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Claude via MS Foundry", {("anthropic", "model", False), ("microsoft-foundry", "platform", False)}),
        ("does antropic keep our stuff on azure foundary", {("anthropic", "company", False),
                                                            ("microsoft", "company", False),
                                                            ("microsoft-foundry", "platform", False)}),
        ("sonnet on bedrok", {("anthropic", "model", False), ("aws-bedrock", "platform", False)}),
        ("AOAI retention", {("microsoft-foundry", "platform", False), ("openai", "model", False)}),
        ("gemeni in vertx", {("google", "model", False), ("google-vertex-ai", "platform", False)}),
        ("M365 Copilot with Claude", {("microsoft-365-copilot", "platform", False), ("anthropic", "model", False)}),
        ("GPT-4o", {("openai", "model", False)}),
        ("Google AI Studio", {("gemini-api", "platform", False)}),
        # a multi-word name written as one word, as in code and identifiers
        ("AzureOpenAI retention", {("microsoft-foundry", "platform", False), ("openai", "model", False)}),
        ("GoogleVertexAI", {("google-vertex-ai", "platform", False)}),
        # a typo in a word of a longer name, or in a name several products share
        ("m365 copliot", {("microsoft-365-copilot", "platform", False)}),
        # the product's own name and its short forms ("Microsoft 365 Copilot Chat": Copilot Chat for work or school)
        ("m365 copilot chat retention", {("microsoft-365-copilot-chat", "platform", False)}),
        ("Microsoft 365 Copilot Chat", {("microsoft-365-copilot-chat", "platform", False)}),
        ("copliot", {("microsoft-365-copilot", "platform", False), ("microsoft-365-copilot-chat", "platform", False),
                     ("github-copilot", "platform", False)}),
    ],
)
def test_aliases_and_typos(index, text, expected):
    assert found(index, text) == expected


@pytest.mark.parametrize(("text", "platform"), [
    ("gpt-4o deployed on azure", "microsoft-foundry"),  # OpenAI models in Foundry, not Copilot
    ("claude on google cloud", "google-vertex-ai"),
    ("llama via aws", "aws-bedrock"),
])
def test_a_cloud_beside_another_makers_model_names_its_model_platform(index, text, platform):
    assert (platform, "platform", False) in found(index, text)


@pytest.mark.parametrize("text", [
    "does microsoft train on gpt-4 prompts?",  # the company's own name: any of its products
    "gemini on google cloud",  # the cloud's own models: the Gemini API, Vertex AI or Workspace
    "is azure hipaa compliant?",  # no model
])
def test_a_cloud_names_no_platform_otherwise(index, text):
    assert not any(role == "platform" for _, role, _ in found(index, text))


def test_ambiguous_copilot_names_every_copilot_platform(index):
    mentions, _ = index.find(normalise("is copilot safe?").split())
    assert len(mentions) == 1 and mentions[0].ids == {"microsoft-365-copilot", "microsoft-365-copilot-chat",
                                                      "github-copilot"}


def test_negated_mentions(index):
    got = found(index, "claude via vertex, not bedrock")
    assert ("aws-bedrock", "platform", True) in got and ("google-vertex-ai", "platform", False) in got
    assert ("aws-bedrock", "platform", True) in found(index, "we're not using bedrock")


@pytest.mark.parametrize(("text", "negated"), [
    ("copilot chat, signed in with entra id, no m365 copilot license", True),
    ("we have no claude team plan", True), ("no chatgpt enterprise seats here", True),
    ("os dados ficam no claude team?", False),  # Portuguese "no": "in the"
    ("no claude team, is that a problem", False),  # "no" alone may be Portuguese; a licence word says it is English
    ("sin licencia de microsoft 365 copilot", True), ("without a license for microsoft 365 copilot", True),
    ("ohne lizenz fur microsoft 365 copilot", True), ("we have a license for microsoft 365 copilot", False),
])
def test_no_before_a_name_and_a_licence_after_it_says_the_asker_has_none(index, text, negated):
    mentions, _ = index.find(normalise(text).split())
    named = [m for m in mentions if m.role == "platform" and not (m.ids & {"microsoft-365-copilot-chat"})]
    assert named and all(m.negated is negated for m in named)


@pytest.mark.parametrize("text", ["Wir nutzen Claude über Vertex statt über Bedrock",
                                  "Claude su Vertex anziché Bedrock", "Claude via Vertex, ohne den Bedrock",
                                  "we replaced bedrock with vertex for claude",
                                  "not asking about bedrock, claude on vertex"])
def test_negations_and_replacements_exclude_the_name(index, text):
    got = found(index, text)
    assert ("aws-bedrock", "platform", True) in got and ("google-vertex-ai", "platform", False) in got


@pytest.mark.parametrize("text", ["En primer lugar, ¿Bedrock guarda los prompts de Claude?",
                                  "Esta vez con Bedrock: ¿guarda Claude los datos?",
                                  "Non, Bedrock garde-t-il les prompts ?", "E invece Bedrock conserva i dati?"])
def test_words_that_also_mean_place_time_or_no_negate_nothing(index, text):
    assert ("aws-bedrock", "platform", False) in found(index, text)


@pytest.mark.parametrize("word", ["clause", "other", "apply", "stack", "nation", "coherent", "vortex", "individually",
                                  "personally", "escalate", "advances", "businesses"])
def test_common_words_are_not_typos_of_vendors(index, word):
    assert found(index, f"what does the {word} say about prompts") == set()


@pytest.mark.parametrize(("text", "name"), [
    ("Vertel me over de bewaartermijn van ChatGPT Enterprise", "google-vertex-ai"),  # nl: tell
    ("Can I use a Jupyter notebook with the OpenAI API?", "notebooklm"),
    ("Gli operai possono usare Microsoft 365 Copilot?", "openai"),  # it: the workers
    ("What did the Anthropic founders say about retention?", "microsoft-foundry"),
])
def test_common_words_of_the_supported_languages_are_not_typos_of_names(index, text, name):
    assert name not in {i for i, _, _ in found(index, text)}


def test_no_common_word_is_read_as_a_name_it_is_not(index):
    """Every frequent word of the supported languages one typo from a bundled name is listed as no typo (a new
    alias near a common word fails here: run python -m bot.knowledge.typos --write)."""
    from bot.knowledge.typos import misread_words  # needs wordfreq, a dev dependency

    assert misread_words(index) == {}
    assert index.typo_of("copliot") == "copilot"  # a typo still reads as the name
    assert index.typo_of("microsofts") == "microsoft"  # so does an inflection


@pytest.mark.parametrize("text", ["I have a notion this is wrong, does claude keep prompts?",
                                  "where is the zoom recording of yesterday's all-hands stored?",
                                  "does notion train on our pages?"])
def test_a_company_whose_name_is_an_ordinary_word_is_named_by_its_aliases_only(answers, index, text):
    assert not {i for i, _, _ in found(index, text)} & {"notion", "zoom", "notion-ai", "zoom-ai-companion"}
    assert answers.decide(text).entry_id not in ("notion-ai", "zoom-ai-companion")
    assert found(index, "Notion Labs and Zoom Video Communications") == {("notion", "company", False),
                                                                         ("zoom", "company", False)}


def test_parent_company_and_operator(index):
    gh = found(index, "github copilot")
    assert gh == {("github-copilot", "platform", False), ("github", "company", False)} or gh == {
        ("github-copilot", "platform", False)}
    mention = index.find(["microsoft"])[0][0]
    assert index.satisfied(mention, providers=["github"], platforms=["github-copilot"])
    assert index.satisfied(mention, providers=["anthropic"], platforms=["microsoft-foundry"])
    assert not index.satisfied(mention, providers=["anthropic"], platforms=["aws-bedrock"])
    model = index.find(["gemini"])[0][0]
    assert not index.satisfied(model, providers=["anthropic"], platforms=["google-vertex-ai"])


@pytest.mark.parametrize(("text", "names_cursor"), [
    ("does the database cursor store data after the connection is closed", False),
    ("how long does a server-side cursor keep data in postgresql", False),
    ("is the data in a mongodb cursor deleted after iteration", False),
    ("the mouse cursor disappears when copilot suggestions show up", False),
    ("does cursor keep our code on their servers", True), ("we use the cursor editor with our repos", True),
])
def test_a_phrase_that_uses_a_name_in_another_sense_names_nothing(index, text, names_cursor):
    # knowledge/entities.yaml other_senses: "database cursor" is no Cursor; the other words stay in the text
    mentions, rest = index.find(normalise(text).split())
    assert any("cursor" in m.ids for m in mentions) is names_cursor
    assert ("cursor" in rest) is not names_cursor
