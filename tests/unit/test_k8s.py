"""deploy/k8s: every manifest and both rendered kustomizations validate (kubernetes-validate, bundled schemas, offline),
and they agree with each other, with the image and with Settings.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml

from bot.cli.config import env_names
from tests.deployfiles import (
    K8S,
    KUSTOMIZATIONS,
    REPO,
    SECRET_ENV,
    compose,
    container,
    dockerfile_cmd,
    dockerfile_exposed_port,
    find,
    kustomize,
    rendered,
)

# Validated against 1.30 (the oldest release we claim) and 1.37 (the newest schemas kubernetes-validate ships).
K8S_VERSIONS = ["1.30", "1.37"]


def manifest_files() -> dict[str, list[Path]]:
    """Return the YAML files under deploy/k8s by role: kustomizations, resources, patches."""
    roles: dict[str, list[Path]] = {"kustomization": [], "resource": [], "patch": []}
    for directory in KUSTOMIZATIONS.values():
        spec = yaml.safe_load((directory / "kustomization.yaml").read_text())
        roles["kustomization"].append(directory / "kustomization.yaml")
        roles["resource"] += [directory / r for r in spec.get("resources", []) if (directory / r).is_file()]
        roles["patch"] += [directory / p["path"] for p in spec.get("patches", [])]
    return roles


def test_every_yaml_file_under_k8s_is_used_by_a_kustomization():
    used = {p.resolve() for paths in manifest_files().values() for p in paths}
    assert {p.resolve() for p in K8S.rglob("*.y*ml")} == used


@pytest.mark.parametrize("version", K8S_VERSIONS)
def test_every_manifest_and_every_rendered_resource_validates(version):
    resources = [(str(path.relative_to(REPO)), doc) for path in manifest_files()["resource"]
                 for doc in yaml.safe_load_all(path.read_text()) if doc]
    resources += [(f"kustomize build {name}", doc) for name in KUSTOMIZATIONS for doc in rendered(name)]
    assert len(resources) > 10
    for where, doc in resources:
        try:  # strict: unknown fields (a typo such as readinessProbes) are errors too
            kubernetes_validate.validate(doc, version, strict=True)
        except kubernetes_validate.ValidationError as exc:
            pytest.fail(f"{where}: {doc['kind']}/{doc['metadata']['name']}: {'.'.join(map(str, exc.path))}: "
                        f"{exc.message}")
        except kubernetes_validate.SchemaNotFoundError as exc:  # the CLI only warns; here it fails
            pytest.fail(f"{where}: {exc.message}")


def test_kubernetes_validate_catches_a_broken_manifest():
    deployment = find(rendered("base"), "Deployment")
    broken = copy.deepcopy(deployment)
    broken["spec"]["replicas"] = "two"
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, K8S_VERSIONS[-1], strict=True)
    typo = copy.deepcopy(deployment)
    typo["spec"]["template"]["spec"]["containers"][0]["livenesProbe"] = {}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(typo, K8S_VERSIONS[-1], strict=True)


def pod_spec(resource: dict[str, Any]) -> dict[str, Any]:
    return dict(resource["spec"]["template"]["spec"])


def test_base_runs_two_http_replicas_with_probes_resources_and_a_locked_down_context():
    resources = rendered("base")
    deployment = find(resources, "Deployment", "privacy-bot")
    assert deployment["spec"]["replicas"] == 2
    bot = container(deployment, "bot")
    port = next(p for p in bot["ports"] if p["name"] == "http")["containerPort"]
    assert port == dockerfile_exposed_port()
    assert bot["args"] == dockerfile_cmd()
    assert bot["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "http"}
    assert bot["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "http"}
    labels = deployment["spec"]["template"]["metadata"]["labels"]
    assert deployment["spec"]["selector"]["matchLabels"].items() <= labels.items()
    assert deployment["spec"]["strategy"]["rollingUpdate"]["maxUnavailable"] == 0


@pytest.mark.parametrize("name", list(KUSTOMIZATIONS))
def test_every_container_is_non_root_read_only_with_no_capabilities_and_a_tmp_volume(name):
    for workload in [r for r in rendered(name) if r["kind"] in {"Deployment", "Job"}]:
        spec = pod_spec(workload)
        assert spec["securityContext"]["runAsNonRoot"] is True and spec["securityContext"]["runAsUser"] != 0
        assert spec["automountServiceAccountToken"] is False
        tmp_volumes = {v["name"] for v in spec["volumes"] if "emptyDir" in v}
        for c in spec["containers"] + spec.get("initContainers", []):
            where = f"{workload['kind']}/{c['name']}"
            assert c["securityContext"] == {"allowPrivilegeEscalation": False, "readOnlyRootFilesystem": True,
                                            "runAsNonRoot": True, "capabilities": {"drop": ["ALL"]}}, where
            assert {"cpu", "memory"} <= set(c["resources"]["requests"]) and "memory" in c["resources"]["limits"]
            assert any(m["mountPath"] == "/tmp" and m["name"] in tmp_volumes for m in c["volumeMounts"]), where
            assert c["image"] == container(find(rendered(name), "Deployment"), "bot")["image"], where


@pytest.mark.parametrize("name", list(KUSTOMIZATIONS))
def test_secrets_come_from_secret_refs_and_every_variable_is_a_setting(name):
    resources = rendered(name)
    config = find(resources, "ConfigMap", "privacy-bot")["data"]
    assert set(config) <= set(env_names()) and not set(config) & SECRET_ENV
    for workload in [r for r in resources if r["kind"] in {"Deployment", "Job"}]:
        for c in pod_spec(workload)["containers"]:
            for var in c.get("env", []):
                assert var["name"] in env_names(), var["name"]
                if var["name"] in SECRET_ENV:
                    assert set(var) == {"name", "valueFrom"}, var["name"]
                    assert var["valueFrom"]["secretKeyRef"]["name"] == "privacy-bot"
            for source in c.get("envFrom", []):
                assert source == {"configMapRef": {"name": "privacy-bot"}}
    bot_env = {v["name"] for v in container(find(resources, "Deployment"), "bot")["env"]}
    if name == "base":
        assert bot_env == {"SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "PRIVACY_BOT_DATABASE_URL"}
    else:
        assert bot_env == {"SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "PRIVACY_BOT_DATABASE_URL"}


def test_the_service_ingress_and_pdb_reach_the_bot_pods():
    resources = rendered("base")
    labels = find(resources, "Deployment")["spec"]["template"]["metadata"]["labels"]
    service = find(resources, "Service", "privacy-bot")
    assert service["spec"]["selector"].items() <= labels.items()
    assert service["spec"]["ports"][0]["targetPort"] == "http"
    (rule,) = find(resources, "Ingress")["spec"]["rules"]
    (path,) = rule["http"]["paths"]
    assert path["path"] == "/slack/events" and path["pathType"] == "Exact"
    assert path["backend"]["service"] == {"name": "privacy-bot", "port": {"name": "http"}}
    pdb = find(resources, "PodDisruptionBudget")
    assert pdb["spec"]["selector"]["matchLabels"].items() <= labels.items()
    assert pdb["spec"]["minAvailable"] < find(resources, "Deployment")["spec"]["replicas"]


def test_the_migration_job_upgrades_the_database_with_the_bot_image():
    job = find(rendered("base"), "Job", "privacy-bot-migrate")
    (migrate,) = pod_spec(job)["containers"]
    assert migrate["args"] == ["privacy-bot", "db", "upgrade"] == compose()["services"]["migrate"]["command"]
    assert pod_spec(job)["restartPolicy"] == "Never"


def test_the_answer_set_comes_from_a_configmap_laid_out_and_checked_by_an_init_container():
    deployment = find(rendered("base"), "Deployment")
    volumes = {v["name"]: v for v in pod_spec(deployment)["volumes"]}
    assert volumes["answer-set-source"]["configMap"]["name"] == "privacy-bot-knowledge"
    assert "emptyDir" in volumes["answer-set"]
    init = container(deployment, "answer-set")
    bot = container(deployment, "bot")
    knowledge = find(rendered("base"), "ConfigMap", "privacy-bot")["data"]["PRIVACY_BOT_KNOWLEDGE_DIR"]
    assert {"name": "answer-set", "mountPath": knowledge, "readOnly": True} in bot["volumeMounts"]
    assert any(m["name"] == "answer-set" and m["mountPath"] == knowledge for m in init["volumeMounts"])
    assert 'privacy-bot check "$dst"' in init["command"][2] and f"dst={knowledge}" in init["command"][2]
    # `kubectl create configmap --from-file=knowledge/answers/` takes only files directly in answers/, and a
    # ConfigMap holds at most 1 MiB.
    answers = REPO / "knowledge" / "answers"
    assert not [p for p in answers.iterdir() if p.is_dir()], "answers/ must stay flat for the ConfigMap"
    assert "entities.yaml" not in {p.name for p in answers.iterdir()}
    size = sum(p.stat().st_size for p in [*answers.iterdir(), REPO / "knowledge" / "entities.yaml"])
    assert size < 900 * 1024, f"the answer set ({size} bytes) is close to a ConfigMap's 1 MiB limit"


def test_the_socket_mode_overlay_serves_over_a_socket_with_nothing_exposed():
    resources = rendered("socket-mode")
    assert {r["kind"] for r in resources} == {"ConfigMap", "Deployment", "PodDisruptionBudget", "Job"}
    deployment = find(resources, "Deployment")
    bot = container(deployment, "bot")
    assert bot["args"] == ["privacy-bot", "serve", "--socket", "--host", "0.0.0.0", "--port", "3000"]
    assert bot["readinessProbe"]["httpGet"]["path"] == "/readyz"  # ready once connected to Slack
    assert bot["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert bot["ports"][0]["containerPort"] == 3000
    assert deployment["spec"]["replicas"] == 2 and deployment["spec"]["minReadySeconds"] > 0
    base = find(rendered("base"), "Deployment")
    assert container(deployment, "answer-set") == container(base, "answer-set")


def test_kubectl_kustomize_refuses_a_patch_that_matches_nothing(tmp_path):
    base = KUSTOMIZATIONS["base"]
    (tmp_path / "kustomization.yaml").write_text(f"resources: [{base}]\npatches: [{{path: p.yaml}}]\n")
    (tmp_path / "p.yaml").write_text("apiVersion: v1\nkind: Service\nmetadata: {name: nothing-by-this-name}\n")
    with pytest.raises(RuntimeError, match="kubectl kustomize"):
        kustomize(tmp_path)
