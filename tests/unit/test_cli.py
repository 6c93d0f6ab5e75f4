"""The command line: ask (text, JSON, batch), check, global options before or after the command.

In-process through bot.cli.main.main(argv), except one real subprocess from another directory (the installed
entry point's view)."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli.main import main

SEED_Q = "What customer data does Anthropic retain when we use Claude models in Microsoft Foundry?"


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def test_ask_prints_the_structured_seed_answer_from_any_directory(tmp_path):
    result = subprocess.run([sys.executable, "-m", "bot", "ask", SEED_Q], capture_output=True, text=True,
                            cwd=tmp_path, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    for heading in ("Summary", "Processor", "Retention", "Training use", "Data location", "Governance",
                    "Caveats", "References", "Reviewed"):
        assert f"\n{heading}" in out
    assert "Anthropic - Seller, operator and data processor for Claude prompts and outputs" in out
    assert "How long: " in out and "Covered Models" in out
    assert "https://learn.microsoft.com/en-us/azure/foundry/responsible-ai/claude-models/data-privacy" in out


def test_ask_json_shape(capsys):
    status, out, _ = cli(capsys, "ask", "--json", SEED_Q)
    data = json.loads(out)
    assert status == 0
    assert set(data) >= {"question", "outcome", "entry_id", "applies_to", "confidence", "candidates", "reason"}
    assert data["outcome"] == "answer" and data["entry_id"] == "claude-microsoft-foundry"
    assert "microsoft-foundry" in data["applies_to"]["platforms"]
    assert 0 <= data["confidence"] <= 1
    assert data["candidates"][0]["entry_id"] == "claude-microsoft-foundry"


def test_ask_after_earlier_questions_reads_a_follow_up_as_the_bot_does_in_a_thread(capsys):
    bedrock = "Does AWS keep our prompts when we use Claude on Bedrock?"
    thread = ["--after", bedrock, "--after", "and on Vertex?"]
    data = json.loads(cli(capsys, "ask", "--json", *thread, "and via Azure?")[1])
    assert (data["outcome"], data["entry_id"]) == ("answer", "claude-microsoft-foundry")
    assert data["reading"] == "Anthropic on Microsoft Foundry — retention"  # the first question's aspect
    status, out, _ = cli(capsys, "ask", "--after", "Does Anthropic train on our data?", "both")
    assert status == 0 and out.startswith("Reading this as: Anthropic API (Claude API) vs ")
    assert "\nSide by side: " in out
    alone = json.loads(cli(capsys, "ask", "--json", "and via Azure?")[1])
    assert alone["outcome"] != "answer" and alone["reading"] is None  # no thread: nothing to borrow


def test_ask_declines_nonsense_and_says_so(capsys):
    data = json.loads(cli(capsys, "ask", "--json", "where is the VPN setup guide for my laptop?")[1])
    assert data["outcome"] == "decline" and data["entry_id"] is None and data["applies_to"] is None
    assert "decline" in cli(capsys, "ask", "where is the VPN setup guide for my laptop?")[1]


def test_a_comparison_in_another_language_says_in_it_that_the_vetted_answer_is_in_english(capsys):
    assert main(["ask", "Qual é a diferença entre ChatGPT Enterprise e a API da OpenAI sobre treinamento?"]) == 0
    first, second = capsys.readouterr().out.splitlines()[:2]
    assert first.startswith("Side by side: ChatGPT Enterprise")
    assert second == "A resposta validada pela equipe de privacidade está em inglês."


def test_a_comparison_with_a_side_no_entry_covers_names_it_in_the_header(capsys):
    assert main(["ask", "Compare Cursor and Windsurf on retention"]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith("Side by side: Cursor") and first.endswith("| Windsurf (Codeium) (no entry)"), first


def test_batch_answers_100_questions_in_order(capsys, monkeypatch, tmp_path):
    questions = [SEED_Q if i % 2 == 0 else f"what is the lunch menu on day {i}" for i in range(100)]
    qfile = tmp_path / "q.txt"
    qfile.write_text("\n".join(questions) + "\n")
    status, out, err = cli(capsys, "ask", "--json", "--batch", str(qfile))
    assert status == 0, err
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["question"] for r in rows] == questions
    assert {r["outcome"] for r in rows[::2]} == {"answer"}
    assert {r["outcome"] for r in rows[1::2]} == {"decline"}


def test_batch_survives_invalid_utf8_nul_and_lone_surrogates(capsys, tmp_path):
    qfile = tmp_path / "q.bin"
    qfile.write_bytes(SEED_Q.encode() + b"\n\xff\xfe bad bytes \x00 privacy?\n\xed\xa0\x80 surrogate\n")
    status, out, err = cli(capsys, "ask", "--json", "--batch", str(qfile))
    assert status == 0 and "Traceback" not in err
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(rows) == 3 and rows[0]["outcome"] == "answer" and "\ufffd" in rows[1]["question"]


def test_batch_from_stdin_and_a_missing_file(capsys, monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO((SEED_Q + "\n\n" + SEED_Q + "\n").encode())))
    monkeypatch.setattr("bot.cli.ask._stdin", lambda: sys.stdin)
    assert len(cli(capsys, "ask", "--json", "--batch", "-")[1].splitlines()) == 2
    status, _, err = cli(capsys, "ask", "--json", "--batch", str(tmp_path / "nope.txt"))
    assert status == 1 and "cannot read" in err


def test_check_ok_and_broken(capsys, knowledge_copy):
    status, out, _ = cli(capsys, "check", str(knowledge_copy))
    assert status == 0 and out.startswith("ok:")
    path = knowledge_copy / "answers" / "claude-microsoft-foundry.yaml"
    path.write_text(path.read_text().replace('owner: "@privacy-team"', 'owner: ""'))
    status, _, err = cli(capsys, "check", str(knowledge_copy))
    assert status == 1 and "claude-microsoft-foundry.yaml:" in err and "owner: must not be empty" in err


def test_check_reports_a_bad_date_and_a_subfolder_file_as_those_files_problems_and_lints_the_rest(capsys,
                                                                                              knowledge_copy):
    dated = knowledge_copy / "answers" / "cursor.yaml"
    dated.write_text(re.sub(r"^reviewed_on: .*$", "reviewed_on: 2026-02-30", dated.read_text(), flags=re.M))
    (knowledge_copy / "answers" / "sub").mkdir()
    (knowledge_copy / "answers" / "sub" / "x.yaml").write_text("id: x\n")
    owner = knowledge_copy / "answers" / "claude-microsoft-foundry.yaml"
    owner.write_text(owner.read_text().replace('owner: "@privacy-team"', "ownr: x"))
    status, _, err = cli(capsys, "check", str(knowledge_copy))
    lines = err.splitlines()
    assert status == 1 and "nothing can be served" not in err
    assert any("cursor.yaml:" in line and ": reviewed_on: invalid date: day is out of range" in line for line in lines)
    assert any(line.endswith("x.yaml:1: answers/ must be flat: move the file up (files in subfolders are not "
                             "loaded)") for line in lines)
    assert any("claude-microsoft-foundry.yaml:" in line and ": ownr: unknown field" in line for line in lines)
    assert lines[-1].startswith("failed: 26 published entries")  # the rest loaded and was linted


@pytest.mark.parametrize("before", [True, False])
def test_global_options_work_before_or_after_the_command(capsys, knowledge_copy, before):
    path = knowledge_copy / "answers" / "claude-microsoft-foundry.yaml"
    path.write_text(path.read_text().replace("title: Claude models in Microsoft Foundry (Azure AI Foundry)",
                                             "title: A Locally Edited Title"))
    args = ["--knowledge", str(knowledge_copy), "ask", SEED_Q] if before else ["ask", "--knowledge",
                                                                               str(knowledge_copy), SEED_Q]
    assert cli(capsys, *args)[1].startswith("A Locally Edited Title")


def test_a_missing_answer_set_is_one_line(capsys, tmp_path):
    status, _, err = cli(capsys, "ask", "--knowledge", str(tmp_path / "missing"), SEED_Q)
    assert status == 1 and "answer set directory not found" in err and "Traceback" not in err


def test_new_without_a_directory_writes_into_the_working_directory(capsys, monkeypatch, tmp_path: Path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PRIVACY_BOT_KNOWLEDGE_DIR", raising=False)
    status, _, _ = cli(capsys, "new", "acme-ai")
    assert status == 0 and (tmp_path / "knowledge" / "answers" / "acme-ai.yaml").is_file()
    assert "status: draft" in (tmp_path / "knowledge" / "answers" / "acme-ai.yaml").read_text()


@pytest.mark.parametrize("args, least", [
    (["purge", "--days", "99999999"], 0), (["purge", "--days", "-1"], 0), (["report", "--days", "99999999"], 1),
    (["report", "--days", "-30"], 1), (["report", "--days", "0"], 1), (["report", "--days", "soon"], 1),
])
def test_days_beyond_the_calendar_or_in_the_future_are_usage_errors(capsys, args, least):
    with pytest.raises(SystemExit) as info:
        main(args)
    err = capsys.readouterr().err
    assert info.value.code == 2 and f"--days: must be a whole number of days from {least} to 36500" in err


def test_a_retention_period_beyond_the_calendar_is_one_line(capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("PRIVACY_BOT_RETENTION_DAYS", "99999999")
    monkeypatch.setenv("PRIVACY_BOT_DATABASE_URL", f"sqlite:///{tmp_path / 'bot.db'}")
    status, _, err = cli(capsys, "purge")
    assert status == 1 and err.strip() == ("privacy-bot: invalid settings: PRIVACY_BOT_RETENTION_DAYS: Input should "
                                           "be less than or equal to 36500")


def test_new_then_check_in_an_answer_set_repository_look_at_the_same_files(capsys, monkeypatch, tmp_path: Path,
                                                                           knowledge_copy):
    monkeypatch.chdir(knowledge_copy.parent)  # ./knowledge holds an answer set: every command's default
    monkeypatch.delenv("PRIVACY_BOT_KNOWLEDGE_DIR", raising=False)
    status, out, _ = cli(capsys, "new", "acme-ai")
    assert status == 0 and out.rstrip().endswith("then run `privacy-bot check --strict`")
    status, out, _ = cli(capsys, "check")
    assert status == 0 and "knowledge/answers/acme-ai.yaml: draft (not served until its status is published)" in out
    assert "1 draft(s)" in out and " in knowledge; " in out
    seed = knowledge_copy / "answers" / "claude-microsoft-foundry.yaml"
    seed.write_text(seed.read_text().replace("title: Claude models in Microsoft Foundry (Azure AI Foundry)",
                                             "title: The Local Copy"))
    assert cli(capsys, "ask", SEED_Q)[1].startswith("The Local Copy")


def test_new_names_the_check_command_for_a_directory_check_would_not_look_at(capsys, monkeypatch, tmp_path: Path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PRIVACY_BOT_KNOWLEDGE_DIR", raising=False)
    status, out, _ = cli(capsys, "new", "acme-ai", "--dir", "drafts")
    assert status == 0 and out.rstrip().endswith("then run `privacy-bot check drafts --strict`")


def test_ask_gives_the_bots_reply_to_a_question_over_4000_characters(capsys, tmp_path):
    padding = " Please also consider our situation in detail." * 100
    long_q = (SEED_Q + padding)[:4001]
    status, out, _ = cli(capsys, "ask", long_q)
    assert status == 0 and out.strip() == (
        "Your message is 4,001 characters long, and I read questions of up to 4,000 characters. Please ask a shorter "
        "question, for example: Does Anthropic keep our prompts if we use Claude through Microsoft Foundry?")
    data = json.loads(cli(capsys, "ask", "--json", long_q)[1])
    assert (data["outcome"], data["length"], data["limit"]) == ("too_long", 4001, 4000)
    assert json.loads(cli(capsys, "ask", "--json", long_q[:4000])[1])["outcome"] != "too_long"  # the limit is read
    qfile = tmp_path / "q.txt"
    qfile.write_text(f"{SEED_Q}\n{long_q}\n")
    outcomes = [json.loads(line)["outcome"] for line in cli(capsys, "ask", "--json", "--batch", str(qfile))[1].split(
        "\n") if line]
    assert outcomes == ["answer", "too_long"]


@pytest.mark.parametrize("extra", [["extra question"], ["--after", "Does Anthropic train on our data?"]])
def test_batch_refuses_a_question_or_thread_beside_it(capsys, tmp_path, extra):
    qfile = tmp_path / "q.txt"
    qfile.write_text(SEED_Q + "\n")
    status, out, err = cli(capsys, "ask", "--json", "--batch", str(qfile), *extra)
    assert status == 2 and out == ""
    assert err.strip() == "privacy-bot: --batch reads every question from FILE: give no QUESTION or --after beside it"
