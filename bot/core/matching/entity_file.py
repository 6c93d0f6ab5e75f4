"""The schema of knowledge/entities.yaml: providers, platforms, and the names that mean them."""

from __future__ import annotations

from pydantic import Field, field_validator

from bot.core.models import Frozen, Text


class Provider(Frozen):
    """A company whose models or services process the data."""

    name: Text
    aliases: tuple[Text, ...] = Field(default=(), description="Company names, misspellings.")
    model_aliases: tuple[Text, ...] = Field(
        default=(), description="Model names (Claude, GPT-4o): they name the provider as model maker."
    )
    cloud_aliases: tuple[Text, ...] = Field(
        default=(), description="Names of the company's cloud (Azure, AWS, Google Cloud): they name the company, and "
                                "beside another maker's model they name cloud_platform too.")
    cloud_platform: str | None = Field(
        default=None, description="Platform id of the company's cloud service for other makers' models: 'gpt-4o on "
                                  "Azure' is OpenAI models in Microsoft Foundry, 'Claude on AWS' Claude on Bedrock.")
    parent: str | None = Field(default=None, description="Provider id of the parent company (GitHub -> microsoft).")
    typo_tolerant: bool = Field(default=True, description="Match one-typo misspellings of the aliases.")
    name_is_a_word: bool = Field(
        default=False, description="The id and name are also an ordinary word ('zoom', 'notion'): only the aliases "
                                   "name the company ('a zoom recording', 'I have a notion' name nobody).")
    api_platform: str | None = Field(
        default=None, description="Platform id meant by 'the API' next to this provider (anthropic -> anthropic-api).")
    named_beside: tuple[Text, ...] = Field(
        default=(), description="Words without which its id, name and aliases name nobody: a company whose name "
                                "mostly means products no entry covers ('GitHub' beside 'Copilot', 'AI', 'prompts').")


class Platform(Frozen):
    """A product or service through which the models are used."""

    name: Text
    operator: str = Field(description="Provider id of the company that runs the platform.")
    aliases: tuple[Text, ...] = ()
    typo_tolerant: bool = Field(default=True, description="Match one-typo misspellings of the aliases.")
    api_platform: str | None = Field(
        default=None, description="Platform id meant when 'API' stands right beside this product's name "
                                  "('ChatGPT-4 API', 'the API of ChatGPT' are the OpenAI API).")
    context: tuple[Text, ...] = Field(
        default=(), description="Words that, beside a company named alone, say it means this of its products "
                                "('OpenAI ... fine-tuning': the OpenAI API), when no other product's words appear.")
    capitalised: tuple[Text, ...] = Field(
        default=(), description="Aliases that name the product only with their last word capitalised as written "
                                "('Le Chat', 'le Chat'; French and Italian 'le chat' is 'the chat(s)').")

    @field_validator("context", mode="before")
    @classmethod
    def _joined(cls, value: object) -> object:
        """A list named in the file (YAML's *name: the personal-use words every consumer product shares) joins."""
        if isinstance(value, list):
            return [w for v in value for w in (v if isinstance(v, list) else [v])]
        return value


class Implication(Frozen):
    """A name that means one provider's models on one platform ("Azure OpenAI": OpenAI models in Foundry)."""

    provider: str
    platform: str


class EntitiesFile(Frozen):
    """The contents of knowledge/entities.yaml."""

    providers: dict[str, Provider]
    platforms: dict[str, Platform]
    ambiguous: dict[str, tuple[str, ...]] = Field(
        default={}, description="Alias -> ids it may mean (e.g. copilot -> two platforms)."
    )
    implies: dict[str, Implication] = Field(
        default={}, description="Alias -> the provider and the platform it means together; an answer must fit both."
    )
    other_senses: tuple[Text, ...] = Field(
        default=(), description="Phrases in which a name means something else ('database cursor', 'mouse cursor'): "
                                "the name in them names nothing.")
