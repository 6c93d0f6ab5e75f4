"""`privacy-bot train`: one reproducible command; the shipped intent.json is what it makes from the train splits,
and no test split ever reaches it."""

from __future__ import annotations

import json
import subprocess
import sys

import yaml

from bot.knowledge import training
from bot.knowledge.evaluation import eval_dir


def test_the_shipped_model_is_what_training_makes_from_the_current_data(answers, tmp_path):
    # one real training (about two minutes), in a new process as a curator runs it
    out = tmp_path / "intent.json"
    result = subprocess.run([sys.executable, "-m", "bot", "train", "--output", str(out)], capture_output=True,
                            text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stderr
    assert "cross-validated on the real train splits" in result.stdout
    assert out.read_text(encoding="utf-8") == training.shipped_path().read_text(encoding="utf-8"), (
        "bot/core/matching/intent.json is stale: run `privacy-bot train` and commit it")
    out.write_text("{}", encoding="utf-8")  # no model at all: stale at once, without training
    stale = subprocess.run([sys.executable, "-m", "bot", "train", "--check", "--output", str(out)],
                           capture_output=True, text=True, timeout=60, check=False)
    assert stale.returncode == 1 and "holds no intent model" in stale.stderr and "retrain" in stale.stderr


def test_check_compares_the_file_with_what_training_makes(tmp_path, monkeypatch, capsys):
    # the comparison of `train --check`, with training itself replaced by the shipped model (trained above)
    from bot.cli.main import main

    shipped = json.loads(training.shipped_path().read_text(encoding="utf-8"))
    monkeypatch.setattr(training, "train", lambda answers, base=None: shipped)
    out = tmp_path / "intent.json"
    out.write_text(training.dumps(shipped), encoding="utf-8")
    assert main(["train", "--check", "--output", str(out)]) == 0
    assert "up to date" in capsys.readouterr().out
    changed = dict(shipped, bias=shipped["bias"] + 1.0)  # a model, but not what training makes
    out.write_text(training.dumps(changed), encoding="utf-8")
    assert main(["train", "--check", "--output", str(out)]) == 1
    assert "is not what `privacy-bot train` makes" in capsys.readouterr().err


def test_no_test_split_text_is_trained_on(answers):
    base = eval_dir()
    assert base is not None
    trained = {e.text for e in training.examples(answers)}
    for name in ("real/test", "multilingual/test", "slack/test", "ours/test"):
        held_out = {row["q"] for row in yaml.safe_load((base / f"{name}.yaml").read_text())["questions"]}
        assert held_out and not trained & held_out
    assert {e.source for e in training.examples(answers)} <= {*training.TRAIN_SETS, "entries"}


def test_the_own_organisation_head_learns_from_its_train_split_and_never_its_probe(answers):
    from bot.knowledge import ours_head

    base = eval_dir()
    assert base is not None
    rows = ours_head.examples(answers)
    train = yaml.safe_load((base / "ours" / "train.yaml").read_text())["questions"]
    probe = {row["q"] for row in yaml.safe_load((base / "ours" / "test.yaml").read_text())["questions"]}
    slack = {row["q"] for row in yaml.safe_load((base / "slack" / "test.yaml").read_text())["questions"]}
    assert sum(ours for _, ours in rows) == sum(bool(row.get("ours")) for row in train) > 100
    assert probe and slack and not (probe | slack) & {text for text, _ in rows}
    head = ours_head.train_head(answers)
    assert head is not None and 0.5 <= head["threshold"] < 1.0 and head["weights"]
    assert head["about"]["cross_validated"]["not_ours_sent_pct"] <= ours_head.MAX_FALSE
