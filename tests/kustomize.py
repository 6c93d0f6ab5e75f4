"""Render a kustomization without kubectl: the subset deploy/k8s uses (resources, strategic-merge patches).

Anything else in a kustomization.yaml is an error rather than silently ignored, so a future kustomization that
needs more (images, namePrefix, generators, JSON 6902 patches) fails its test until this grows to match.
Strategic merge, as kustomize does it for the fields we patch: maps merge recursively, null deletes a key, lists
of containers/env/volumes/volumeMounts/ports merge by their Kubernetes merge key, `$patch: delete` removes a list
item or (at the top of a patch) the whole resource; other lists are replaced.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

SUPPORTED = {"apiVersion", "kind", "resources", "patches"}
MERGE_KEYS = {"containers": "name", "initContainers": "name", "env": "name", "volumes": "name",
              "volumeMounts": "mountPath", "ports": "containerPort"}

Resource = dict[str, Any]


class KustomizeError(Exception):
    """The kustomization uses something this renderer does not support, or a patch matches nothing."""


def load_documents(path: Path) -> list[Resource]:
    """Return the non-empty YAML documents of a file."""
    return [doc for doc in yaml.safe_load_all(path.read_text()) if doc]


def identity(resource: Resource) -> tuple[str, str, str]:
    """Return (group of apiVersion, kind, name): how a patch finds its target."""
    group = resource["apiVersion"].rpartition("/")[0]
    return group, resource["kind"], resource["metadata"]["name"]


def build(directory: Path) -> list[Resource]:
    """Return the resources the kustomization in directory produces, in order."""
    spec = yaml.safe_load((directory / "kustomization.yaml").read_text())
    unsupported = set(spec) - SUPPORTED
    if unsupported:
        raise KustomizeError(f"{directory}: unsupported kustomization fields {sorted(unsupported)}")
    resources: list[Resource] = []
    for entry in spec.get("resources", []):
        path = (directory / entry).resolve()
        resources.extend(build(path) if path.is_dir() else load_documents(path))
    for patch_entry in spec.get("patches", []):
        if set(patch_entry) != {"path"}:
            raise KustomizeError(f"{directory}: only `patches: - path: FILE` is supported, got {patch_entry}")
        for patch in load_documents(directory / patch_entry["path"]):
            resources = apply_patch(resources, patch)
    return resources


def apply_patch(resources: list[Resource], patch: Resource) -> list[Resource]:
    """Return resources with one strategic-merge patch applied to the resource it names."""
    target = identity(patch)
    matches = [i for i, res in enumerate(resources) if identity(res) == target]
    if len(matches) != 1:
        raise KustomizeError(f"patch for {target} matches {len(matches)} resources")
    out = list(resources)
    if patch.get("$patch") == "delete":
        del out[matches[0]]
    else:
        out[matches[0]] = merge(resources[matches[0]], patch)
    return out


def merge(base: Any, patch: Any, field: str = "") -> Any:
    """Return base with patch merged in (strategic merge for the subset described above)."""
    if isinstance(base, dict) and isinstance(patch, dict):
        out = copy.deepcopy(base)
        for key, value in patch.items():
            if key == "$patch":
                raise KustomizeError(f"unsupported $patch directive inside {field or 'a map'}")
            if value is None:
                out.pop(key, None)
            elif key in out:
                out[key] = merge(out[key], value, key)
            else:
                out[key] = _strip(value)
        return out
    if isinstance(base, list) and isinstance(patch, list) and field in MERGE_KEYS:
        return _merge_list(base, patch, MERGE_KEYS[field], field)
    return _strip(patch)


def _merge_list(base: list[Any], patch: list[Any], key: str, field: str) -> list[Any]:
    out = copy.deepcopy(base)
    for item in patch:
        index = next((i for i, old in enumerate(out) if old.get(key) == item.get(key)), None)
        if item.get("$patch") == "delete":
            if index is None:
                raise KustomizeError(f"$patch: delete of {field} {key}={item.get(key)} matches nothing")
            del out[index]
        elif index is None:
            out.append(_strip(item))
        else:
            out[index] = merge(out[index], item, field)
    return out


def _strip(value: Any) -> Any:
    """Return a patch value without null keys (kustomize drops them when adding new content)."""
    if isinstance(value, dict):
        if "$patch" in value:
            raise KustomizeError(f"unsupported $patch directive in {value}")
        return {k: _strip(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_strip(v) for v in value]
    return value
