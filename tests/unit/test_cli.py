"""The command line: ask (text, JSON, batch) and check, run as a real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SEED_Q = "What customer data does Anthropic retain when we use Claude models in Microsoft Foundry?"


def run(*args: str, stdin: str | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot", *args], input=stdin, capture_output=True, text=True,
                          cwd=cwd, timeout=120, check=False)


def test_ask_prints_the_structured_seed_answer(tmp_path):
    result = run("ask", SEED_Q, cwd=tmp_path)  # any directory works
    assert result.returncode == 0, result.stderr
    out = result.stdout
    for heading in ("Summary", "Processor", "Retention", "Training use", "Data location", "Governance",
                    "Caveats", "References", "Reviewed"):
        assert f"\n{heading}" in out
    assert "Anthropic - Seller, operator and data processor for Claude prompts and outputs" in out
    assert "How long: not publicly specified" in out
    assert "https://learn.microsoft.com/en-us/azure/foundry/responsible-ai/claude-models/data-privacy" in out
    assert "https://platform.claude.com/docs/en/manage-claude/api-and-data-retention" in out


def test_ask_json_shape():
    result = run("ask", "--json", SEED_Q)
    data = json.loads(result.stdout)
    assert set(data) >= {"question", "outcome", "entry_id", "applies_to", "confidence", "candidates", "reason"}
    assert data["outcome"] == "answer" and data["entry_id"] == "claude-microsoft-foundry"
    assert "microsoft-foundry" in data["applies_to"]["platforms"]
    assert 0 <= data["confidence"] <= 1
    assert data["candidates"][0]["entry_id"] == "claude-microsoft-foundry"


def test_ask_declines_nonsense_and_says_so():
    result = run("ask", "--json", "where is the VPN setup guide for my laptop?")
    data = json.loads(result.stdout)
    assert data["outcome"] == "decline" and data["entry_id"] is None and data["applies_to"] is None
    text = run("ask", "where is the VPN setup guide for my laptop?").stdout
    assert "decline" in text


def test_batch_answers_100_questions_in_order_in_one_process():
    questions = [SEED_Q if i % 2 == 0 else f"what is the lunch menu on day {i}" for i in range(100)]
    result = run("ask", "--json", "--batch", "-", stdin="\n".join(questions) + "\n")
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 100
    assert [r["question"] for r in rows] == questions
    assert {r["outcome"] for r in rows[::2]} == {"answer"}
    assert {r["outcome"] for r in rows[1::2]} == {"decline"}


def test_batch_from_file_and_missing_file(tmp_path):
    qfile = tmp_path / "q.txt"
    qfile.write_text(SEED_Q + "\n\n" + SEED_Q + "\n")
    assert len(run("ask", "--json", "--batch", str(qfile)).stdout.splitlines()) == 2
    missing = run("ask", "--json", "--batch", str(tmp_path / "nope.txt"))
    assert missing.returncode == 1 and "cannot read" in missing.stderr


def test_check_ok_and_broken(knowledge_copy):
    ok = run("check", str(knowledge_copy))
    assert ok.returncode == 0 and ok.stdout.startswith("ok:")
    path = knowledge_copy / "answers" / "claude-microsoft-foundry.yaml"
    path.write_text(path.read_text().replace("  duration: not publicly specified\n", ""))
    bad = run("check", str(knowledge_copy))
    assert bad.returncode == 1
    assert "claude-microsoft-foundry.yaml:" in bad.stderr and "retention.duration: field required" in bad.stderr


def test_knowledge_option_and_env(knowledge_copy, tmp_path):
    path = knowledge_copy / "answers" / "claude-microsoft-foundry.yaml"
    path.write_text(path.read_text().replace("title: Claude models in Microsoft Foundry (Azure AI Foundry)",
                                             "title: A Locally Edited Title"))
    out = run("--knowledge", str(knowledge_copy), "ask", SEED_Q).stdout
    assert out.startswith("A Locally Edited Title")
    broken = run("--knowledge", str(tmp_path / "missing"), "ask", SEED_Q)
    assert broken.returncode == 1 and "answer set directory not found" in broken.stderr
