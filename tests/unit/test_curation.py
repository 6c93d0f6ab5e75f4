"""Curators' tools: check's lint rules, golden questions, the committed JSON Schema, `new`, and CLI exits."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from bot.core.models import Retention
from bot.knowledge.curation import SCHEMA_COMMENT, facet_findings, golden_failures, lint, schema_text, skeleton
from bot.knowledge.loader import load_answer_set
from tests.conftest import KNOWLEDGE


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot", *args], capture_output=True, text=True, timeout=120,
                          check=False)


def rules(directory: Path, today: dt.date = dt.date(2026, 12, 1)) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for w in lint(load_answer_set(directory), today=today):
        out.setdefault(w.rule, []).append(str(w))
    return out


def test_every_golden_question_resolves_to_its_own_entry(answers):
    assert golden_failures(answers) == []


def test_the_real_set_has_no_warnings(answers):
    assert [str(w) for w in lint(answers, today=dt.date(2026, 12, 1))] == []


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


def test_overdue(knowledge_copy):
    path = knowledge_copy / "answers" / "claude-microsoft-foundry.yaml"
    text, n = re.subn(r"(?m)^reviewed_on: .*$", "reviewed_on: 2025-01-01", path.read_text())  # whatever the last review
    assert n == 1
    path.write_text(text)
    found = rules(knowledge_copy)
    overdue = found["overdue"]
    line = text.splitlines().index("reviewed_on: 2025-01-01") + 1
    assert len(overdue) == 1 and f"claude-microsoft-foundry.yaml:{line}:" in overdue[0]
    assert "review overdue since 2025-04-01" in overdue[0]


@pytest.mark.parametrize("facet, value, training, problem", [
    ("trains_on_customer_data", "no", "Customer data trains the models unless you opt out in settings.", "is no"),
    ("trains_on_customer_data", "opt-out", "Not used to train models.", "is opt-out"),
    ("trains_on_customer_data", "opt-in", "Not used to train models.", "is opt-in"),
    ("trains_on_customer_data", "yes", "Not used to train models.", "is yes"),
    ("trains_on_customer_data", "not-publicly-specified", "Not used to train models.", "is not-publicly-specified"),
    ("default_retention", "45 days", "Not used to train models.", "says 45"),
    ("zero_retention", "available", "Not used to train models.", "never mentions zero data retention"),
])
def test_a_facet_that_contradicts_its_text_is_flagged(answers, facet, value, training, problem):
    entry = answers.entries["openai-api"]
    changed = entry.facets.model_copy(update={facet: getattr(entry.facets, facet).model_copy(update={"value": value})})
    if facet == "zero_retention":
        quiet = Retention(what="Prompts and outputs", duration="30 days")
        parties = tuple(p.model_copy(update={"role": "processor", "data": "prompts"}) for p in entry.processor)
        entry = entry.model_copy(update={"retention": quiet, "caveats": (), "summary": "OpenAI runs the API.",
                                         "processor": parties, "data_location": "US"})
    found = facet_findings(entry.model_copy(update={"facets": changed, "training_use": training}))
    assert any(name == facet and problem in text for name, text in found), found


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
    path = knowledge_copy / "answers" / "claude-microsoft-foundry.yaml"
    path.write_text(re.sub(r"(?m)^reviewed_on: .*$", "reviewed_on: 2025-01-01", path.read_text()))
    assert run("check", str(knowledge_copy)).returncode == 0
    strict = run("check", "--strict", str(knowledge_copy))
    assert strict.returncode == 1 and "warning [overdue]" in strict.stderr


def test_new_writes_a_skeleton_that_check_refuses_until_filled(knowledge_copy):
    made = run("--knowledge", str(knowledge_copy), "new", "acme-ai-platform")
    assert made.returncode == 0, made.stderr
    path = knowledge_copy / "answers" / "acme-ai-platform.yaml"
    assert path.read_text().startswith(SCHEMA_COMMENT)
    checked = run("check", str(knowledge_copy))  # a draft: listed, not served, not an error
    assert checked.returncode == 0 and "acme-ai-platform.yaml: draft (not served" in checked.stdout
    path.write_text(path.read_text().replace("status: draft", "status: published"))
    checked = run("check", str(knowledge_copy))  # published: its placeholders and missing facets are errors
    assert checked.returncode == 1 and "acme-ai-platform.yaml:" in checked.stderr
    assert "facets: required for a published entry" in checked.stderr
    again = run("--knowledge", str(knowledge_copy), "new", "acme-ai-platform")
    assert again.returncode == 1 and "already exists" in again.stderr
    assert run("--knowledge", str(knowledge_copy), "new", "Bad Id").returncode == 2
    with pytest.raises(ValueError):
        skeleton("Bad Id")


def test_schema_command_prints_the_schema():
    out = run("schema")
    assert out.returncode == 0 and json.loads(out.stdout)["title"] == "privacy-bot answer entry"
