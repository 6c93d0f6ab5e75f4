"""Large answer sets load in worker processes: the same entries, versions, errors, index and decisions."""

from __future__ import annotations

import shutil
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

import pytest
import yaml

import bot.knowledge as knowledge
from bot.core.answer_set import AnswerSet
from bot.core.entities import EntityIndex
from bot.core.matching import Matcher, TermExtractor
from bot.core.text import normalise, normalise_many
from bot.knowledge import PARALLEL_MIN_FILES, KnowledgeError, load_answer_set
from tests.bench.bench_matching import make_set

SIZE = PARALLEL_MIN_FILES

# Questions that take the slow paths of normalisation: apostrophes, markup, accents, tabs, repeated words.
ODD_QUESTIONS = [
    "what's {prov}'s retention on {plat}? it's {prov}'s call",
    "does <@U123ABC|bob> know if {prov} & {plat} keep <https://example.com/x|our docs>?",
    "café résumé: does {prov} ﬁle our data via {plat}?",
    "{prov} {prov} {prov} on {plat}: retention retention retention",
    "  {prov}\tvia {plat}  keeps :smile: prompts  ",
]


@pytest.fixture(scope="module")
def big_set(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    root = tmp_path_factory.mktemp("big") / "kb"
    samples = make_set(root, SIZE)
    files = sorted((root / "answers").glob("*.yaml"))
    for i, path in enumerate(files[:: len(files) // 40]):
        data = yaml.safe_load(path.read_text())
        prov, plat = data["applies_to"]["providers"][0], data["applies_to"]["platforms"][0]
        odd = ODD_QUESTIONS[i % len(ODD_QUESTIONS)].format(prov=prov, plat=plat)
        data["questions"].append(odd)
        samples.append(odd)
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    return root, samples


def index_state(answers: AnswerSet) -> dict[str, Any]:
    m = answers.matcher
    return {
        "docs": [(d.entry_id, list(d.vec.items())) for d in m._docs],
        "idf": m._idf,
        "postings": dict(m._postings),
        "entry_docs": dict(m._entry_docs),
        "by_entity": dict(m._by_entity),
    }


def test_parallel_load_equals_sequential_load(big_set):
    root, samples = big_set
    seq = load_answer_set(root, processes=1)
    par = load_answer_set(root, processes=2)
    assert len(seq.entries) == SIZE
    assert list(par.entries) == list(seq.entries)
    assert par.entries == seq.entries
    assert [e.model_fields_set for e in par.entries.values()] == [e.model_fields_set for e in seq.entries.values()]
    assert par.versions == seq.versions
    assert par.sources == seq.sources
    assert index_state(par) == index_state(seq)
    for question in [*samples[::7], "thanks!", "how long do you keep our data?"]:
        assert par.decide(question) == seq.decide(question), question


def test_large_sets_go_parallel_by_default_and_small_ones_do_not(big_set, monkeypatch):
    root, _ = big_set
    calls: list[int] = []
    real = knowledge._load_parallel

    def spy(pool: Any, workers: int, *args: Any) -> Any:
        calls.append(workers)
        return real(pool, workers, *args)

    monkeypatch.setattr(knowledge, "_load_parallel", spy)
    monkeypatch.setattr(knowledge, "_cpus", lambda: 2)
    load_answer_set(root)
    assert calls == [1]
    monkeypatch.setattr(knowledge, "_cpus", lambda: 1)
    load_answer_set(root)
    assert calls == [1]
    monkeypatch.setattr(knowledge, "_cpus", lambda: 2)
    monkeypatch.setattr(knowledge, "PARALLEL_MIN_FILES", SIZE + 1)
    load_answer_set(root)
    assert calls == [1]


def break_files(root: Path) -> dict[str, str]:
    """Break a few files in different ways; return {file name: the error it must report, less its line}."""
    files = sorted((root / "answers").glob("*.yaml"))
    expected = {}
    # A missing nested field, in a file the workers load (the front) and in one this process loads (the back).
    for path in (files[3], files[-3]):
        lines = path.read_text().splitlines()
        lines = [line for line in lines if not line.startswith("  duration:")]
        path.write_text("\n".join(lines) + "\n")
        expected[path.name] = "retention.duration: field required"
    files[len(files) // 2].write_text("id: [unclosed\n")
    expected[files[len(files) // 2].name] = "invalid YAML"
    text = files[100].read_text().replace("owner: '@bench'", "owner: '@bench'\nsurprise: 1")
    files[100].write_text(text)
    expected[files[100].name] = "surprise: unknown field"
    text = files[200].read_text()
    files[200].write_text(text.replace("platforms:\n  -", "platforms:\n  - not-a-platform\n  -"))
    expected[files[200].name] = "applies_to.platforms[0]: unknown platform id 'not-a-platform'"
    duplicate = yaml.safe_load(files[0].read_text())["id"]
    files[300].write_text(files[300].read_text().replace(yaml.safe_load(files[300].read_text())["id"], duplicate, 1))
    expected[files[300].name] = f"id: duplicate id {duplicate!r}"
    return expected


def test_errors_are_the_same_and_name_file_line_and_field(big_set, tmp_path):
    root = tmp_path / "kb"
    shutil.copytree(big_set[0], root)
    expected = break_files(root)
    with pytest.raises(KnowledgeError) as seq:
        load_answer_set(root, processes=1)
    with pytest.raises(KnowledgeError) as par:
        load_answer_set(root, processes=2)
    seq_errors = [str(e) for e in seq.value.errors]
    assert [str(e) for e in par.value.errors] == seq_errors
    assert len(seq_errors) == len(expected)
    for error, (name, message) in zip(sorted(seq_errors), sorted(expected.items()), strict=True):
        path, line, rest = error.split(":", 2)
        assert path.endswith(name) and int(line) >= 1 and rest.strip().startswith(message), error
    missing = next(e for e in par.value.errors if e.path.endswith(sorted(root.glob("answers/*.yaml"))[-3].name))
    text = Path(missing.path).read_text().splitlines()
    assert text[missing.line - 1] == "retention:" and missing.field == "retention.duration"


class _BrokenPool:
    """Stands in for a process pool whose workers died: submit fails, or the futures do."""

    def __init__(self, fail_submit: bool) -> None:
        self.fail_submit = fail_submit

    def submit(self, *args: Any) -> Future[Any]:
        if self.fail_submit:
            raise BrokenProcessPool("gone")
        future: Future[Any] = Future()
        future.set_exception(BrokenProcessPool("gone"))
        return future


@pytest.mark.parametrize("fail_submit", [True, False])
def test_chunks_a_broken_pool_could_not_load_are_loaded_here(big_set, fail_submit):
    root, _ = big_set
    errors: list[knowledge.LoadError] = []
    entities = knowledge.load_entities(root, errors)
    files = [(p, str(p)) for p in knowledge.answer_files(root)][:400]
    loaded = knowledge._load_parallel(_BrokenPool(fail_submit), 1, files, entities)
    here = knowledge._load_files(files, entities, TermExtractor(EntityIndex(entities)))
    assert loaded == here
    assert all(item.entry is not None and item.terms for item in loaded)


def test_precomputed_terms_must_fit_the_entries(answers):
    entries = list(answers.entries.values())
    index = EntityIndex(answers.entities)
    terms = TermExtractor(index).entry_terms(entries)
    built = Matcher(entries, index, terms=terms)
    assert [d.vec for d in built._docs] == [d.vec for d in answers.matcher._docs]
    with pytest.raises(ValueError, match="terms"):
        Matcher(entries, index, terms=terms[:-1])
    with pytest.raises(ValueError, match="terms"):
        Matcher(entries, index, terms=[t[:-1] for t in terms])


YAML_DOCS = [
    "a: 1\nb: [x, y, {c: d}]\n", "", "# a comment\n", "a: &x {k: v}\nb: *x\n", "a: &x [1, 2]\nb: *x\n",
    "base: &b {x: 1}\nd:\n  <<: *b\n  y: 2\n", "d: {<<: [{a: 1}, {b: 2}], c: 3}\n", "? [1, 2]\n: v\n",
    "t: 2026-11-01\nu: 2026-11-01 10:00:00Z\n", "t: 2026-02-30\n", "n: ~\nb: yes\nc: Off\nf: 1.5e+3\ni: 0x1F\no: 017\n",
    "x: !!str 123\ny: !!int '7'\nz: !!binary aGVsbG8=\n", "s: !!set {a, b}\n", "o: !!omap [a: 1, b: 2]\n",
    "u: !custom x\n", "= : value\n", "a: 1\na: 2\n", "'quoted: yes'\n", "&a [*a]\n", "a: .nan\n", "a: [1, 2\n",
    "3: int key\n2026-01-01: date key\nnull: k\ntrue: k\n", "a: Yes please\nb: no way\nc: ~foo\nd: 7 days\ne: =\n",
]


@pytest.mark.parametrize("doc", YAML_DOCS)
def test_fast_yaml_loader_builds_what_pyyaml_builds(doc):
    def load(loader: Any) -> tuple[str, ...]:
        try:
            data = yaml.load(doc, Loader=loader)
        except Exception as exc:  # the same error either way
            return ("error", type(exc).__name__, str(exc))
        shared = isinstance(data, dict) and "a" in data and "b" in data and data["a"] is data["b"]
        return ("data", repr(data), str(shared))

    assert load(knowledge._FastLoader) == load(knowledge._Loader)


def test_bulk_normalisation_equals_one_at_a_time():
    texts = [odd.format(prov="anthropic", plat="vertex") for odd in ODD_QUESTIONS] + [
        "a's's", "x" * 5000, "new\nline", "", "Ærø İstanbul e\u0301", "plain ascii question here", "tab\there",
    ]
    for batch in (texts, [t for t in texts if t.isascii() and t.isprintable()], texts[::-1], []):
        assert normalise_many(batch) == ([normalise(t).split() for t in batch] or [[]])
