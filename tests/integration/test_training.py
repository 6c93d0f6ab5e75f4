"""`privacy-bot train`: one reproducible command; the shipped intent.json is what it makes from the train splits,
and no test split ever reaches it."""

from __future__ import annotations

import subprocess
import sys

import yaml

from bot.knowledge import training
from bot.knowledge.evaluation import eval_dir


def test_the_shipped_model_is_what_training_makes_from_the_current_data(answers, tmp_path):
    out = tmp_path / "intent.json"
    result = subprocess.run([sys.executable, "-m", "bot", "train", "--output", str(out)], capture_output=True,
                            text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    assert "cross-validated on the real train splits" in result.stdout
    assert out.read_text(encoding="utf-8") == training.shipped_path().read_text(encoding="utf-8"), (
        "bot/core/matching/intent.json is stale: run `privacy-bot train` and commit it")
    check = subprocess.run([sys.executable, "-m", "bot", "train", "--check", "--output", str(out)],
                           capture_output=True, text=True, timeout=300, check=False)
    assert check.returncode == 0 and "up to date" in check.stdout
    out.write_text("{}", encoding="utf-8")
    stale = subprocess.run([sys.executable, "-m", "bot", "train", "--check", "--output", str(out)],
                           capture_output=True, text=True, timeout=300, check=False)
    assert stale.returncode == 1 and "retrain" in stale.stderr


def test_no_test_split_text_is_trained_on(answers):
    base = eval_dir()
    assert base is not None
    trained = {e.text for e in training.examples(answers)}
    for name in ("real/test", "multilingual/test"):
        held_out = {row["q"] for row in yaml.safe_load((base / f"{name}.yaml").read_text())["questions"]}
        assert held_out and not trained & held_out
    assert {e.source for e in training.examples(answers)} <= {*training.TRAIN_SETS, "entries"}
