"""Curators' tools: check's lint rules, golden questions, the committed JSON Schema, `new`, and CLI exits."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from bot.knowledge.curation import SCHEMA_COMMENT, golden_failures, lint, schema_text, skeleton, unfinished
from bot.knowledge.loader import load_answer_set
from tests.conftest import KNOWLEDGE


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot", *args], capture_output=True, text=True, timeout=120,
                          check=False)


def rules(directory: Path, today: dt.date = dt.date(2026, 11, 24)) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for w in lint(load_answer_set(directory), today=today):
        out.setdefault(w.rule, []).append(str(w))
    return out


def test_every_golden_question_resolves_to_its_own_entry(answers):
    assert golden_failures(answers) == []


def test_the_real_set_has_no_errors_and_only_known_warnings(answers):
    assert unfinished(answers) == []
    found = {w.rule for w in lint(answers, today=dt.date(2026, 11, 24))}
    assert found <= {"reference-url"}


def test_committed_schema_is_current_and_accepts_every_entry():
    committed = (KNOWLEDGE / "answer.schema.json").read_text()
    assert committed == schema_text(), "run: privacy-bot schema > knowledge/answer.schema.json"
    validator = jsonschema.Draft202012Validator(json.loads(committed))
    for path in sorted((KNOWLEDGE / "answers").glob("*.yaml")):
        text = path.read_text()
        assert text.startswith(SCHEMA_COMMENT), path.name
        data = json.loads(json.dumps(yaml.safe_load(text), default=str))
        assert list(validator.iter_errors(data)) == [], path.name
    bad = {"id": "Not A Slug"}
    assert list(validator.iter_errors(bad))


def test_overdue_and_reference_without_url(knowledge_copy):
    path = knowledge_copy / "answers" / "claude-microsoft-foundry.yaml"
    text = path.read_text().replace("reviewed_on: 2026-11-20", "reviewed_on: 2025-01-01")
    path.write_text(text)
    found = rules(knowledge_copy)
    overdue = found["overdue"]
    line = text.splitlines().index("reviewed_on: 2025-01-01") + 1
    assert len(overdue) == 1 and f"claude-microsoft-foundry.yaml:{line}:" in overdue[0]
    assert "review overdue since 2025-04-01" in overdue[0]
    assert any("anthropic-api.yaml" in w for w in found["reference-url"])


def test_golden_question_routed_elsewhere_is_named(knowledge_copy):
    path = knowledge_copy / "answers" / "gemini-api.yaml"
    path.write_text(path.read_text().replace("questions:\n", "questions:\n  - does bedrock keep claude prompts?\n", 1))
    golden = rules(knowledge_copy)["golden"]
    assert any("gemini-api.yaml" in w and "does bedrock keep claude prompts?" in w for w in golden), golden


def test_same_applies_to_and_alike_examples_name_both_entries(knowledge_copy):
    src = (knowledge_copy / "answers" / "openai-api.yaml").read_text()
    copy = src.replace("id: openai-api", "id: openai-api-copy")
    (knowledge_copy / "answers" / "openai-api-copy.yaml").write_text(copy)
    found = rules(knowledge_copy)
    assert any("openai-api, openai-api-copy" in w for w in found["same-applies-to"])
    assert any("(openai-api)" in w and "(openai-api-copy)" in w for w in found["alike"])


def test_check_fails_when_an_edit_breaks_a_golden_question(knowledge_copy):
    path = knowledge_copy / "answers" / "gemini-api.yaml"
    path.write_text(path.read_text().replace("questions:\n", "questions:\n  - does bedrock keep claude prompts?\n", 1))
    out = run("check", str(knowledge_copy))
    assert out.returncode == 1 and "gemini-api.yaml" in out.stderr and "error [golden]" in out.stderr


def test_check_exit_codes(knowledge_copy):
    ok = run("check", str(knowledge_copy))
    assert ok.returncode == 0 and ok.stdout.startswith("ok:")
    strict = run("check", "--strict", str(knowledge_copy))
    assert strict.returncode == 1 and "warning [reference-url]" in strict.stderr


def test_new_writes_a_skeleton_that_check_refuses_until_filled(knowledge_copy):
    made = run("--knowledge", str(knowledge_copy), "new", "mistral-la-plateforme")
    assert made.returncode == 0, made.stderr
    path = knowledge_copy / "answers" / "mistral-la-plateforme.yaml"
    assert path.read_text().startswith(SCHEMA_COMMENT)
    checked = run("check", str(knowledge_copy))
    assert checked.returncode == 1 and "mistral-la-plateforme.yaml:" in checked.stderr and "TODO" in checked.stderr
    again = run("--knowledge", str(knowledge_copy), "new", "mistral-la-plateforme")
    assert again.returncode == 1 and "already exists" in again.stderr
    assert run("--knowledge", str(knowledge_copy), "new", "Bad Id").returncode == 2
    with pytest.raises(ValueError):
        skeleton("Bad Id")


def test_schema_command_prints_the_schema():
    out = run("schema")
    assert out.returncode == 0 and json.loads(out.stdout)["title"] == "privacy-bot answer entry"
