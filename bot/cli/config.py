"""`privacy-bot config`: every setting with its environment name, default and meaning, from Settings itself.

README's configuration table is this module's Markdown output (a test keeps them equal), and the deploy tests use
env_names() to check that .env.example, docker-compose and the Kubernetes manifests only name real settings.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from typing import Any

from pydantic import AliasChoices, BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from bot.config import Settings


@dataclass(frozen=True)
class Row:
    """One environment variable."""

    name: str
    default: str
    meaning: str
    field: tuple[str, ...]  # attribute path on Settings, e.g. ("matching", "margin")


def _env_name(field_name: str, info: FieldInfo) -> str:
    alias = info.validation_alias
    if isinstance(alias, AliasChoices) and isinstance(alias.choices[0], str):
        return alias.choices[0]  # Slack credentials keep Slack's own names
    if isinstance(alias, str):
        return alias
    return f"{Settings.model_config.get('env_prefix', '')}{field_name}".upper()


def _default(info: FieldInfo) -> Any:
    if info.default_factory is not None:
        return info.default_factory()  # type: ignore[call-arg]
    return None if info.default is PydanticUndefined else info.default


def _show(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def rows() -> list[Row]:
    """Return every setting, nested models (PRIVACY_BOT_MATCHING__*) expanded, in declaration order."""
    delimiter = Settings.model_config.get("env_nested_delimiter") or "__"
    out = []
    for name, info in Settings.model_fields.items():
        env = _env_name(name, info)
        default = _default(info)
        if isinstance(default, BaseModel):
            for sub_name, sub_info in type(default).model_fields.items():
                out.append(Row(f"{env}{delimiter}{sub_name.upper()}", _show(getattr(default, sub_name)),
                               sub_info.description or "", (name, sub_name)))
            continue
        out.append(Row(env, _show(default), info.description or "", (name,)))
    return out


def env_names() -> list[str]:
    """Return the environment variable name of every setting."""
    return [row.name for row in rows()]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown() -> str:
    """Return the configuration table in Markdown (what README's Configuration section contains)."""
    lines = ["| variable | default | meaning |", "|---|---|---|"]
    for row in rows():
        default = "–" if row.default == "–" else f"`{_cell(row.default)}`"
        lines.append(f"| `{row.name}` | {default} | {_cell(row.meaning)} |")
    return "\n".join(lines) + "\n"


def env_template() -> str:
    """Return every setting as a commented .env line with its default."""
    lines = []
    for row in rows():
        lines.append(f"# {row.meaning}")
        lines.append(f"# {row.name}={'' if row.default == '–' else row.default}")
    return "\n".join(lines) + "\n"


def cmd_config(args: argparse.Namespace) -> int:
    """Print every setting: a Markdown table (--markdown) or commented .env lines."""
    sys.stdout.write(markdown() if args.markdown else env_template())
    return 0
