"""The loader: valid sets load; every error names file, line and field."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.knowledge.loader import KnowledgeError, load_answer_set, load_knowledge, load_served
from tests.conftest import KNOWLEDGE

SEED = "claude-microsoft-foundry"


def seed_text() -> str:
    return (KNOWLEDGE / "answers" / f"{SEED}.yaml").read_text()


def errors_of(directory: Path) -> list[str]:
    with pytest.raises(KnowledgeError) as info:
        load_answer_set(directory)
    return [str(e) for e in info.value.errors]


def test_real_answer_set_loads_cleanly(answers):
    assert SEED in answers.entries
    assert answers.version(SEED)
    seed = answers.entries[SEED]
    assert seed.status == "published" and seed.facets is not None
    assert {p.name for p in seed.processor} >= {"Anthropic", "Microsoft"}
    assert all(str(r.url).startswith("https://") for e in answers.entries.values() for r in e.references)


def test_missing_nested_field_names_file_line_and_field(knowledge_copy):
    path = knowledge_copy / "answers" / f"{SEED}.yaml"
    lines = seed_text().splitlines()
    idx = next(i for i, line in enumerate(lines) if line.startswith("  duration:"))
    end = next(i for i in range(idx + 1, len(lines)) if not lines[i].startswith("    "))
    retention_line = next(i for i, line in enumerate(lines) if line.startswith("retention:")) + 1
    del lines[idx:end]
    path.write_text("\n".join(lines) + "\n")
    errs = errors_of(knowledge_copy)
    assert any(e.endswith(f"{SEED}.yaml:{retention_line}: retention.duration: field required") for e in errs), errs


def test_every_error_is_reported_not_only_the_first(knowledge_copy):
    path = knowledge_copy / "answers" / f"{SEED}.yaml"
    text = seed_text().replace("owner: \"@privacy-team\"", "owner: \"\"")
    text = re.sub(r"(?m)^reviewed_on: .*$", "reviewed_on: someday", text)  # whatever the last review
    text = text.replace("review_every_days: 90", "review_every_days: 90\nsurprise: 1")
    path.write_text(text.replace("review_every_days: 90\n", "review_every_days: 90\n", 1))
    errs = errors_of(knowledge_copy)
    joined = "\n".join(errs)
    assert "owner: " in joined and "reviewed_on: " in joined and "surprise: unknown field" in joined
    surprise_line = text.splitlines().index("surprise: 1") + 1
    assert any(e.endswith(f":{surprise_line}: surprise: unknown field") for e in errs)


def test_unknown_entity_id_is_an_error_with_its_line(knowledge_copy):
    path = knowledge_copy / "answers" / f"{SEED}.yaml"
    text = seed_text().replace("platforms: [microsoft-foundry]", "platforms: [azure-fondue]")
    path.write_text(text)
    line = text.splitlines().index("  platforms: [azure-fondue]") + 1
    errs = errors_of(knowledge_copy)
    assert any(f":{line}: applies_to.platforms[0]: unknown platform id 'azure-fondue'" in e for e in errs), errs


def test_duplicate_ids_name_both_files_and_the_line_of_the_id(knowledge_copy):
    (knowledge_copy / "answers" / "copy.yaml").write_text(seed_text())
    id_line = seed_text().splitlines().index(f"id: {SEED}") + 1
    assert id_line > 1  # the schema comment comes first
    errs = errors_of(knowledge_copy)
    dup = [e for e in errs if f"duplicate id '{SEED}'" in e]
    assert len(dup) == 1, errs
    first, second = sorted([f"{SEED}.yaml", "copy.yaml"])
    assert f"{second}:{id_line}: id: duplicate id '{SEED}', also in " in dup[0] and dup[0].endswith(first), dup


def test_a_file_in_a_subfolder_of_answers_is_a_problem_and_is_not_loaded(knowledge_copy):
    sub = knowledge_copy / "answers" / "sub"
    sub.mkdir()
    (sub / "x.yaml").write_text(seed_text().replace(f"id: {SEED}", "id: x"))
    knowledge = load_knowledge(knowledge_copy)
    assert "x" not in knowledge.answers.entries and SEED in knowledge.answers.entries
    assert [str(p) for p in knowledge.problems] == [
        f"{sub / 'x.yaml'}:1: answers/ must be flat: move the file up (files in subfolders are not loaded)"]
    with pytest.raises(KnowledgeError):
        load_served(knowledge_copy)


def test_broken_yaml_names_the_line_and_refuses_the_whole_set(knowledge_copy):
    path = knowledge_copy / "answers" / f"{SEED}.yaml"
    lines = seed_text().splitlines()
    lines[5] = "summary: [unclosed"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(knowledge_copy)  # not even the other files are served: the previous set stays
    errs = [str(e) for e in info.value.errors]
    assert len(errs) == 1 and "invalid YAML" in errs[0] and f"{SEED}.yaml:" in errs[0]


def test_an_invalid_file_is_listed_while_the_rest_loads_but_the_set_is_not_served(knowledge_copy):
    path = knowledge_copy / "answers" / f"{SEED}.yaml"
    path.write_text(seed_text().replace("owner: \"@privacy-team\"", "owner: \"\""))
    knowledge = load_knowledge(knowledge_copy)  # check lints the rest
    assert SEED not in knowledge.answers.entries and len(knowledge.answers.entries) > 20
    assert [e.field for e in knowledge.problems] == ["owner"] and f"{SEED}.yaml" in knowledge.problems[0].path
    with pytest.raises(KnowledgeError) as info:  # serving refuses it: the entry must not quietly go away
        load_served(knowledge_copy)
    assert [e.field for e in info.value.errors] == ["owner"]


def test_a_draft_is_left_out_of_a_served_set_without_refusing_it(knowledge_copy):
    path = knowledge_copy / "answers" / f"{SEED}.yaml"
    path.write_text(seed_text().replace("status: published", "status: draft", 1))
    knowledge = load_served(knowledge_copy)
    assert SEED not in knowledge.answers.entries and knowledge.drafts == [str(path)]


@pytest.mark.parametrize("edit, message", [
    (("status: published", "status: draft"), None),
    (("summary: >-\n", "summary: >-\n  TODO say more.\n"), "unfinished: replace the TODO placeholder"),
    (("facets:\n", "not_facets:\n"), None),
])
def test_drafts_and_unfinished_entries_are_never_served(knowledge_copy, edit, message):
    path = knowledge_copy / "answers" / f"{SEED}.yaml"
    text = seed_text()
    assert edit[0] in text
    path.write_text(text.replace(edit[0], edit[1], 1))
    knowledge = load_knowledge(knowledge_copy)
    assert SEED not in knowledge.answers.entries
    if edit[1] == "status: draft":
        assert knowledge.drafts == [str(path)] and not knowledge.problems
    elif message:
        assert any(message in str(p) for p in knowledge.problems)
    else:
        assert knowledge.problems


def test_a_draft_needs_no_facets_but_a_published_entry_does(knowledge_copy):
    path = knowledge_copy / "answers" / f"{SEED}.yaml"
    text = seed_text()
    cut = text[:text.index("facets:")] + text[text.index("changes:"):]
    path.write_text(cut)
    errs = errors_of(knowledge_copy)
    assert any(e.endswith(": facets: required for a published entry") for e in errs), errs
    path.write_text(cut.replace("status: published", "status: draft"))
    assert load_knowledge(knowledge_copy).drafts == [str(path)]


def test_fewer_than_three_questions_and_no_references(knowledge_copy):
    path = knowledge_copy / "answers" / "tiny.yaml"
    path.write_text(
        "id: tiny\nstatus: draft\ntitle: T\nsummary: S.\napplies_to: {providers: [anthropic]}\nquestions: [a, b]\n"
        "processor: [{name: A, role: r, data: d}]\nretention: {what: w, duration: d}\n"
        "governance: [{title: g}]\nreferences: []\nowner: o\nreviewed_on: 2026-01-01\n"
    )
    errs = errors_of(knowledge_copy)
    assert any("tiny.yaml:6: questions:" in e for e in errs), errs
    assert any("tiny.yaml:10: references: list should have at least 1 item" in e for e in errs), errs


def test_bad_entities_file(knowledge_copy):
    path = knowledge_copy / "entities.yaml"
    path.write_text(path.read_text().replace("operator: amazon", "operator: amazing", 1))
    errs = errors_of(knowledge_copy)
    assert any("entities.yaml" in e and "operator: unknown provider id 'amazing'" in e for e in errs), errs


def test_an_api_platform_must_be_a_known_platform(knowledge_copy):
    path = knowledge_copy / "entities.yaml"
    path.write_text(path.read_text().replace("api_platform: openai-api", "api_platform: openai-apy", 2))
    errs = errors_of(knowledge_copy)
    assert any("entities.yaml" in e and "providers.openai.api_platform: unknown platform id 'openai-apy'" in e
               for e in errs), errs
    assert any("platforms.chatgpt.api_platform: unknown platform id 'openai-apy'" in e for e in errs), errs


def test_a_cloud_platform_must_be_a_known_platform(knowledge_copy):
    path = knowledge_copy / "entities.yaml"
    path.write_text(path.read_text().replace("cloud_platform: aws-bedrock", "cloud_platform: aws-bedrok"))
    errs = errors_of(knowledge_copy)
    assert any("providers.amazon.cloud_platform: unknown platform id 'aws-bedrok'" in e for e in errs), errs


def test_missing_directory(tmp_path):
    errs = errors_of(tmp_path / "nope")
    assert "not found" in errs[0]


def test_impossible_date_is_that_files_field_error_and_the_rest_still_loads(knowledge_copy):
    path = knowledge_copy / "answers" / f"{SEED}.yaml"
    text = re.sub(r"(?m)^reviewed_on: .*$", "reviewed_on: 2026-02-30", seed_text())  # whatever the last review
    path.write_text(text)
    line = text.splitlines().index("reviewed_on: 2026-02-30") + 1
    knowledge = load_knowledge(knowledge_copy)  # not "nothing can be served": the other entries load and lint
    assert SEED not in knowledge.answers.entries and "openai-api" in knowledge.answers.entries
    assert [str(p) for p in knowledge.problems] == [
        f"{path}:{line}: reviewed_on: invalid date: day is out of range for month"]
    errs = errors_of(knowledge_copy)  # and serving refuses the set
    assert errs == [str(p) for p in knowledge.problems]
