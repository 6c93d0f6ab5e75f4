"""Hot reload: a valid edit is swapped in; a file that is not YAML or is invalid keeps the whole old set; a draft is
left out while the rest serves; each distinct set of problems is reported once."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from bot.core.answer_set import AnswerSet
from bot.knowledge.loader import Knowledge, load_knowledge, load_served
from bot.runtime.reload import Reloader

SEED = "claude-microsoft-foundry"


class Holder:
    def __init__(self, knowledge: Knowledge) -> None:
        self.knowledge = knowledge

    @property
    def answers(self) -> AnswerSet:
        return self.knowledge.answers

    def swap(self, knowledge: Knowledge) -> None:
        self.knowledge = knowledge


def make(directory: Path) -> tuple[Reloader, Holder, list[tuple[list[str], bool]]]:
    holder = Holder(load_knowledge(directory))
    reports: list[tuple[list[str], bool]] = []
    reloader = Reloader(directory, load=load_knowledge, swap=holder.swap,
                        report=lambda lines, kept: reports.append((lines, kept)), interval=0.05)
    return reloader, holder, reports


def edit(path: Path, old: str, new: str) -> None:
    path.write_text(path.read_text().replace(old, new))
    stamp = time.time_ns() + 1_000_000_000  # a distinct mtime even on coarse filesystem clocks
    os.utime(path, ns=(stamp, stamp))


def test_valid_edit_is_swapped_in(knowledge_copy):
    reloader, holder, reports = make(knowledge_copy)
    assert reloader.check() is False  # nothing changed
    edit(knowledge_copy / "answers" / f"{SEED}.yaml", "title: Claude models in Microsoft Foundry (Azure AI Foundry)",
         "title: Claude in Foundry (edited)")
    assert reloader.check() is True
    assert holder.answers.entries[SEED].title == "Claude in Foundry (edited)"
    assert reports == []


def test_a_file_that_is_not_yaml_keeps_the_old_set_and_is_reported_once(knowledge_copy):
    reloader, holder, reports = make(knowledge_copy)
    before = holder.answers
    path = knowledge_copy / "answers" / f"{SEED}.yaml"
    edit(path, "status: published\n", "status: [published\n")
    assert reloader.check() is False
    assert holder.answers is before
    assert len(reports) == 1 and reports[0][1] is True and "invalid YAML" in reports[0][0][0]
    edit(path, "owner:", "owner:")  # touched again, same errors: not reported twice
    assert reloader.check() is False and len(reports) == 1
    edit(path, "status: [published\n", "status: published\n")
    assert reloader.check() is True and holder.answers is not before


@pytest.mark.parametrize("load", [load_knowledge, load_served], ids=["lenient load", "served load"])
def test_an_invalid_file_keeps_the_whole_old_set_and_is_reported_once(knowledge_copy, load):
    holder = Holder(load_knowledge(knowledge_copy))
    reports: list[tuple[list[str], bool]] = []
    reloader = Reloader(knowledge_copy, load=load, swap=holder.swap,
                        report=lambda lines, kept: reports.append((lines, kept)), interval=0.05)
    before = holder.answers
    path = knowledge_copy / "answers" / f"{SEED}.yaml"
    edit(path, "owner: \"@privacy-team\"", "ownr: x")  # one entry's file broken: the entry must not go away
    assert reloader.check() is False
    assert holder.answers is before and SEED in holder.answers.entries
    assert len(reports) == 1 and reports[0][1] is True
    assert any(line.startswith(f"{path}:") and ": ownr: unknown field" in line for line in reports[0][0])
    edit(path, "ownr: x", "ownr: x")  # touched again, same problems: not reported twice
    assert reloader.check() is False and len(reports) == 1
    edit(path, "ownr: x", "owner: \"@privacy-team\"")
    assert reloader.check() is True and holder.answers is not before and SEED in holder.answers.entries


def test_a_draft_is_left_out_the_rest_serves_and_it_is_reported_once(knowledge_copy):
    reloader, holder, reports = make(knowledge_copy)
    path = knowledge_copy / "answers" / f"{SEED}.yaml"
    edit(path, "status: published", "status: draft")
    assert reloader.check() is True and SEED not in holder.answers.entries and "openai-api" in holder.answers.entries
    assert len(reports) == 1 and reports[0][1] is False
    assert reports[0][0] == [f"{path}: draft (not served until published)"]


def test_a_file_in_a_subfolder_of_answers_keeps_the_old_set(knowledge_copy):
    reloader, holder, reports = make(knowledge_copy)
    before = holder.answers
    (knowledge_copy / "answers" / "sub").mkdir()
    (knowledge_copy / "answers" / "sub" / "x.yaml").write_text("id: x\n")
    assert reloader.check() is False and holder.answers is before
    assert len(reports) == 1 and reports[0][1] is True and "answers/ must be flat" in reports[0][0][0]


def test_an_interval_of_a_day_still_waits(knowledge_copy):
    reloader, _, _ = make(knowledge_copy)
    reloader.interval = 86400  # the largest the settings allow: Event.wait must accept it
    reloader.start()
    try:
        time.sleep(0.2)
        assert reloader._thread is not None and reloader._thread.is_alive()
    finally:
        reloader.stop()


def test_new_file_and_deleted_file_are_noticed(knowledge_copy):
    reloader, holder, _ = make(knowledge_copy)
    src = (knowledge_copy / "answers" / "openai-api.yaml").read_text()
    (knowledge_copy / "answers" / "openai-api-2.yaml").write_text(src.replace("id: openai-api", "id: openai-api-2"))
    assert reloader.check() and "openai-api-2" in holder.answers.entries
    (knowledge_copy / "answers" / "openai-api-2.yaml").unlink()
    assert reloader.check() and "openai-api-2" not in holder.answers.entries


def test_polling_thread_and_sighup(knowledge_copy):
    reloader, holder, _ = make(knowledge_copy)
    reloader.interval = 30  # only SIGHUP can wake it in time
    assert reloader.install_sighup()
    reloader.start()
    try:
        path = knowledge_copy / "answers" / f"{SEED}.yaml"
        path.write_text(path.read_text().replace("review_every_days: 90", "review_every_days: 91"))
        os.kill(os.getpid(), signal.SIGHUP)
        deadline = time.monotonic() + 10
        while holder.answers.entries[SEED].review_every_days != 91 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert holder.answers.entries[SEED].review_every_days == 91
    finally:
        reloader.stop()
        signal.signal(signal.SIGHUP, signal.SIG_DFL)


def test_a_failing_report_does_not_break_reloading(knowledge_copy):
    holder = Holder(load_knowledge(knowledge_copy))

    def boom(_lines: list[str], _kept: bool) -> None:
        raise RuntimeError("slack is down")

    reloader = Reloader(knowledge_copy, load=load_knowledge, swap=holder.swap, report=boom)
    edit(knowledge_copy / "answers" / f"{SEED}.yaml", "status: published\n", "status: [published\n")
    assert reloader.check() is False
    edit(knowledge_copy / "answers" / f"{SEED}.yaml", "status: [published\n", "status: published\n")
    assert reloader.check() is True
