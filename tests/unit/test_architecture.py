"""bot/core stays pure: stdlib, pydantic and rapidfuzz only."""

from __future__ import annotations

import ast
from pathlib import Path

CORE = Path(__file__).resolve().parents[2] / "bot" / "core"
FORBIDDEN = {"slack_bolt", "slack_sdk", "sqlalchemy", "yaml", "alembic", "flask", "psycopg", "requests"}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_core_imports_no_adapter_library():
    offenders = {
        str(path.name): sorted(imported_modules(path) & FORBIDDEN) for path in CORE.rglob("*.py")
    }
    offenders = {k: v for k, v in offenders.items() if v}
    assert offenders == {}


def test_the_check_would_catch_an_offender(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("import yaml\nfrom slack_sdk.models import blocks\n")
    assert imported_modules(bad) & FORBIDDEN == {"yaml", "slack_sdk"}
