"""The start-up commands of deploy/, run in this virtualenv instead of a container engine (none runs here).

The commands and settings are read from the deploy files themselves, not repeated: compose's migration and the
image's CMD and HEALTHCHECK with .env.example's settings (only what a container would reach differently is
adapted: the database, the Slack API and a free port); Kubernetes' answer-set init script, migration Job and
Deployment args with the ConfigMap and the Secret keys they reference. Each runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.knowledge.sources import LOCK_FILE, Snapshot, read_lock, write_lock
from tests.botserver import (
    APP_TOKEN,
    BOT_TOKEN,
    REPO,
    SECRET,
    BotServer,
    free_port,
    in_thread,
    payload,
    unique_ts,
    unique_user,
)
from tests.deployfiles import (
    compose,
    container,
    container_env,
    dockerfile_cmd,
    dockerfile_exposed_port,
    dockerfile_healthcheck,
    find,
    init_script,
    kubectl_configmap_from_files,
    read_env_file,
    rendered,
)
from tests.fakeslack import BOT_USER_ID, FakeSlack

DEPLOY_CHANNEL = "C0123456789"  # the triage channel id in deploy/.env.example and the ConfigMap


@pytest.fixture(autouse=True)
def bot_is_in_the_deploy_channel(request: pytest.FixtureRequest) -> None:
    """The fake Slack knows the example channel, with the bot as a member (serve checks it at start)."""
    if "fake" in request.fixturenames:
        request.getfixturevalue("fake").channels[DEPLOY_CHANNEL] = {"is_member": True, "is_archived": False}

VENV_BIN = str(Path(sys.executable).parent)  # privacy-bot and python of this virtualenv, as /opt/venv/bin in the image


def clean_environ() -> dict[str, str]:
    """Return os.environ without the bot's settings, this virtualenv's bin first on PATH (as the image's ENV)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "PRIVACY_BOT_"))}
    env["PATH"] = VENV_BIN + os.pathsep + env.get("PATH", "")
    return env


def http_status(port: int, path: str) -> int:
    """Return the status of GET path on 127.0.0.1:port (0 when nothing answers yet)."""
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as response:
            return int(response.status)
    except urllib.error.HTTPError as err:
        return int(err.code)
    except OSError:
        return 0


def with_port(argv: list[str], old: int, new: int) -> list[str]:
    """Return argv with the container port replaced by a free port on this machine."""
    return [arg.replace(str(old), str(new)) for arg in argv]


def run(argv: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, env=env, cwd=cwd, capture_output=True, text=True, timeout=120, check=False)


class Process:
    """A long-running command with its output in a log file."""

    def __init__(self, argv: list[str], env: dict[str, str], cwd: Path) -> None:
        self.log_path = cwd / "serve.log"
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(argv, env=env, cwd=cwd, stdout=log, stderr=subprocess.STDOUT)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-4000:]

    def wait_until(self, check: object, what: str, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"exited {self.process.returncode}:\n{self.log()}"
            if callable(check) and check():
                return
            time.sleep(0.2)
        raise AssertionError(f"{what} not within {timeout}s:\n{self.log()}")

    stop = BotServer.stop  # SIGTERM, then a kill after 20 s: it only needs self.process


@pytest.fixture
def processes() -> Iterator[list[Process]]:
    started: list[Process] = []
    yield started
    for process in started:
        process.stop()


def healthcheck_passes(argv: list[str], env: dict[str, str], cwd: Path) -> bool:
    return run(argv, env, cwd).returncode == 0


def test_compose_migrates_then_serves_and_the_image_healthcheck_passes(fake, db_url, tmp_path, processes):
    settings = read_env_file()  # .env.example, as deploy/.env would be
    settings.update({"PRIVACY_BOT_DATABASE_URL": db_url, "SLACK_API_URL": fake.api_url,
                     "PRIVACY_BOT_KNOWLEDGE_DIR": str(REPO / "knowledge")})  # the bind mount's source
    env = {**clean_environ(), **{k: v for k, v in settings.items() if not k.startswith("POSTGRES_")}}
    migrate = run(compose()["services"]["migrate"]["command"], env, tmp_path)
    assert migrate.returncode == 0, migrate.stderr
    assert migrate.stdout.startswith("database is at revision ")

    container_port, port = dockerfile_exposed_port(), free_port()
    serve = Process(with_port(compose()["services"]["bot"]["command"], container_port, port), env, tmp_path)
    processes.append(serve)
    healthcheck = with_port(dockerfile_healthcheck(), container_port, port)
    serve.wait_until(lambda: healthcheck_passes(healthcheck, env, tmp_path), "the image's HEALTHCHECK passing")
    assert compose()["services"]["bot"]["command"] == dockerfile_cmd()


def kubernetes_env(resources: list[dict], name: str, db_url: str, fake: FakeSlack) -> dict[str, str]:
    secrets = {"slack-bot-token": BOT_TOKEN, "slack-signing-secret": SECRET, "slack-app-token": APP_TOKEN,
               "database-url": db_url}
    config_maps = {"privacy-bot": find(resources, "ConfigMap", "privacy-bot")["data"]}
    workload = next(r for r in resources if r["kind"] in {"Deployment", "Job"} and
                    any(c["name"] == name for c in r["spec"]["template"]["spec"]["containers"]))
    env = container_env(workload, name, secrets, config_maps)
    return {**clean_environ(), **env, "SLACK_API_URL": fake.api_url}  # the fake stands in for slack.com


def lay_out_answer_set(resources: list[dict], tmp_path: Path) -> Path:
    """Run the init container's script on a ConfigMap made as README says; return the answer set it wrote."""
    source = kubectl_configmap_from_files(REPO / "knowledge", tmp_path / "configmap")
    target = tmp_path / "knowledge"
    script = init_script(resources)
    assert "/etc/privacy-bot/knowledge" in script and "/app/knowledge" in script
    script = script.replace("/etc/privacy-bot/knowledge", str(source)).replace("/app/knowledge", str(target))
    result = run(["/bin/sh", "-ec", script], clean_environ(), tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok: " in result.stdout
    assert sorted(p.name for p in (target / "answers").iterdir()) == sorted(
        p.name for p in (REPO / "knowledge" / "answers").iterdir())
    return target


def test_the_init_script_fails_on_a_broken_answer_set(tmp_path):
    resources = rendered("base")
    source = kubectl_configmap_from_files(REPO / "knowledge", tmp_path / "configmap")
    broken = next(source.glob("claude-*.yaml"))
    broken.write_text(broken.read_text().replace("owner:", "ownr:", 1))
    script = init_script(resources).replace("/etc/privacy-bot/knowledge", str(source))
    script = script.replace("/app/knowledge", str(tmp_path / "knowledge"))
    result = run(["/bin/sh", "-ec", script], clean_environ(), tmp_path)
    assert result.returncode != 0 and broken.name in result.stderr


def test_the_init_script_puts_a_sources_lock_at_the_knowledge_root(tmp_path):
    # README step 2 adds --from-file=knowledge/sources.lock.yaml once the answer set has a lock: it belongs next to
    # entities.yaml, where `sources check` and the daily check read it, not in answers/ (it is not an entry).
    knowledge = tmp_path / "checkout"
    shutil.copytree(REPO / "knowledge", knowledge)
    rows = {"https://example.com/terms": Snapshot(url="https://example.com/terms", entries=("anthropic-api",),
                                                  fetched="2026-12-01T00:00:00Z", final_url="https://example.com/terms",
                                                  status=200, etag=None, last_modified=None, hash="0" * 64,
                                                  sentences=("Prompts are kept for 30 days.",))}
    write_lock(knowledge, rows)
    source = kubectl_configmap_from_files(knowledge, tmp_path / "configmap")
    assert (source / LOCK_FILE).is_file()
    target = tmp_path / "knowledge"
    script = init_script(rendered("base")).replace("/etc/privacy-bot/knowledge", str(source))
    result = run(["/bin/sh", "-ec", script.replace("/app/knowledge", str(target))], clean_environ(), tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (target / LOCK_FILE).read_text() == (knowledge / LOCK_FILE).read_text()
    assert not (target / "answers" / LOCK_FILE).exists()
    assert read_lock(target) == rows


def test_kubernetes_job_then_deployment_serve_healthz(fake, db_url, tmp_path, processes):
    resources = rendered("base")
    knowledge = lay_out_answer_set(resources, tmp_path)
    job = container(find(resources, "Job", "privacy-bot-migrate"), "migrate")
    migrate = run(job["args"], kubernetes_env(resources, "migrate", db_url, fake), tmp_path)
    assert migrate.returncode == 0, migrate.stderr

    bot = container(find(resources, "Deployment", "privacy-bot"), "bot")
    env = kubernetes_env(resources, "bot", db_url, fake)
    assert env["PRIVACY_BOT_KNOWLEDGE_DIR"] == "/app/knowledge"
    env["PRIVACY_BOT_KNOWLEDGE_DIR"] = str(knowledge)  # the answer-set volume's mount point, here
    container_port, port = bot["ports"][0]["containerPort"], free_port()
    serve = Process(with_port(bot["args"], container_port, port), env, tmp_path)
    processes.append(serve)
    liveness = f"http://127.0.0.1:{port}{bot['livenessProbe']['httpGet']['path']}"
    probe = ["python", "-c", f"import urllib.request; urllib.request.urlopen({liveness!r}, timeout=4)"]
    serve.wait_until(lambda: healthcheck_passes(probe, env, tmp_path), "the liveness probe passing")


def test_the_socket_mode_overlay_connects_and_answers(tmp_path, processes):
    fake = FakeSlack().start()  # its own, so the connection seen is this pod's
    fake.channels[DEPLOY_CHANNEL] = {"is_member": True, "is_archived": False}
    try:
        resources = rendered("socket-mode")
        knowledge = lay_out_answer_set(resources, tmp_path)
        env = kubernetes_env(resources, "bot", f"sqlite:///{tmp_path / 'bot.db'}", fake)
        env["PRIVACY_BOT_KNOWLEDGE_DIR"] = str(knowledge)
        bot = container(find(resources, "Deployment"), "bot")
        container_port, port = bot["ports"][0]["containerPort"], free_port()
        serve = Process(with_port(bot["args"], container_port, port), env, tmp_path)
        processes.append(serve)
        fake.wait_for_socket(timeout=60)
        probe = bot["readinessProbe"]["httpGet"]["path"]
        serve.wait_until(lambda: http_status(port, probe) == 200, "the readiness probe passing")
        body = payload("app_mention")
        ts = unique_ts()
        body["event"].update(text=f"<@{BOT_USER_ID}> Does Anthropic keep our prompts if we use Claude through "
                                  "Microsoft Foundry?", ts=ts, event_ts=ts, user=unique_user())
        body["event_id"] = f"Ev{ts.replace('.', '')}"
        fake.wait_for_ack(fake.send_envelope("events_api", body))
        [answer] = fake.wait_for("chat.postMessage", in_thread(ts), timeout=30)
        assert answer.body["blocks"][0]["type"] == "header"
    finally:
        for process in processes:
            process.stop()
        fake.stop()
