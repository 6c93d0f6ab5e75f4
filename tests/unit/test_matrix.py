"""The vendor matrix: every published entry in every format, sources kept, strings escaped, overdue marked, pages
served (/matrix, /entries/<id>) and written by `privacy-bot matrix`."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import re
from pathlib import Path

import pytest

from bot.cli.main import main
from bot.core.answer_set import AnswerSet
from bot.knowledge.matrix import FACETS, csv_columns, matrix_csv, matrix_json, matrix_rows, matrix_text
from bot.knowledge.pages_html import entry_page, matrix_html
from bot.runtime.pages import register_pages
from bot.slack.server import make_flask

TODAY = dt.date(2026, 12, 15)
HOSTILE = 'Evil <script>alert("x")</script> & <img src=x onerror=alert(1)>'


def published_ids(answers: AnswerSet) -> set[str]:
    return {e.id for e in answers.entries.values() if e.status == "published"}


@pytest.fixture(scope="module")
def doctored(answers: AnswerSet) -> AnswerSet:
    """The answer set with `cursor` made hostile (title, a facet value and a javascript: source) and long overdue."""
    entry = answers.entries["cursor"]
    assert entry.facets is not None
    processor = entry.facets.processor.model_copy(update={"value": HOSTILE, "source": "javascript:alert(1)"})
    facets = entry.facets.model_copy(update={"processor": processor})
    bad = entry.model_copy(update={"title": HOSTILE, "summary": HOSTILE, "facets": facets,
                                   "reviewed_on": dt.date(2020, 1, 1)})
    return AnswerSet.build([bad if e.id == "cursor" else e for e in answers.entries.values()], answers.entities)


def test_every_published_entry_is_a_row_in_every_format(answers):
    ids = published_ids(answers)
    assert len(ids) >= 20
    assert {r["id"] for r in matrix_rows(answers, TODAY)} == ids
    text = matrix_text(answers, TODAY)
    assert {line.split()[0] for line in text.splitlines()[1:len(ids) + 1]} == ids
    assert {r["id"] for r in csv.DictReader(io.StringIO(matrix_csv(answers, TODAY)))} == ids
    assert {r["id"] for r in json.loads(matrix_json(answers, TODAY))} == ids
    page = matrix_html(answers, today=TODAY)
    assert set(re.findall(r'<tr[^>]* data-id="([^"]+)"', page)) == ids


def test_rows_carry_names_facets_sources_and_review_dates(answers):
    row = next(r for r in matrix_rows(answers, TODAY) if r["id"] == "claude-microsoft-foundry")
    assert row["providers"] == ["Anthropic"] and row["platforms"] == ["Microsoft Foundry"]
    assert set(row["facets"]) == set(FACETS)
    entry = answers.entries["claude-microsoft-foundry"]
    assert row["facets"]["zero_retention"] == {"value": entry.facets.zero_retention.value,
                                               "source": str(entry.facets.zero_retention.source)}
    assert row["review_due"] == entry.review_due().isoformat() and row["overdue"] is False


def test_csv_parses_with_a_source_column_per_facet(answers):
    reader = csv.DictReader(io.StringIO(matrix_csv(answers, TODAY)))
    assert reader.fieldnames == csv_columns()
    assert all(f"{name}_source" in reader.fieldnames for name in FACETS)
    rows = {r["id"]: r for r in reader}
    q = rows["amazon-q-business"]
    assert q["data_residency"] == ("primary AWS Region (storage), same geography (cross-region inference, "
                                   "on by default)")
    assert q["data_residency_source"].startswith("https://docs.aws.amazon.com/")
    assert all(r[f"{n}_source"].startswith("https://") for r in rows.values() for n in FACETS)
    assert {r["overdue"] for r in rows.values()} <= {"yes", "no"}


def test_json_round_trips(answers):
    text = matrix_json(answers, TODAY)
    assert json.loads(text) == matrix_rows(answers, TODAY)
    assert all(set(f) == {"value", "source"} for r in json.loads(text) for f in r["facets"].values())


def test_text_is_an_aligned_table_with_a_legend_of_sources(answers):
    text = matrix_text(answers, TODAY, width=22)
    lines = text.splitlines()
    header = lines[0]
    assert header.startswith("ENTRY") and "RESIDENCY" in header and "REVIEW DUE" in header
    start = header.index("REVIEW DUE")
    assert all(len(line) > start and line[start - 2:start] == "  " for line in lines[1:len(answers.entries) + 1])
    assert "Sources ([n] after each value):" in text
    assert "  [1] https://" in text
    assert "not-publicly-specified [" in text  # 22 characters: not cut at the default width


def test_hostile_strings_are_escaped_and_javascript_urls_not_linked(doctored):
    page = matrix_html(doctored, today=TODAY)
    assert page.count("<script>") == 1  # only the page's own inline script
    assert "<img" not in page and "onerror=alert(1)>" not in page
    assert html.escape(HOSTILE, quote=True) in page
    assert 'href="javascript:' not in page
    entry = entry_page(doctored, "cursor", today=TODAY)
    assert "<script" not in entry and "<img" not in entry and html.escape(HOSTILE, quote=True) in entry
    assert 'href="javascript:' not in entry


def test_pages_are_self_contained(answers):
    for page in (matrix_html(answers, today=TODAY), entry_page(answers, "claude-microsoft-foundry")):
        assert "Content-Security-Policy" in page and "default-src 'none'" in page
        assert not re.search(r'<(script|img|iframe)[^>]+src=|<link\b|@import|url\(', page)


def test_overdue_entries_are_marked_everywhere(doctored):
    row = next(r for r in matrix_rows(doctored, TODAY) if r["id"] == "cursor")
    assert row["overdue"] is True and row["review_due"] == "2020-06-29"
    assert sum(r["overdue"] for r in matrix_rows(doctored, TODAY)) == 1
    assert next(line for line in matrix_text(doctored, TODAY).splitlines() if line.startswith("cursor ")
                ).endswith("2020-06-29 !")
    assert next(r for r in csv.DictReader(io.StringIO(matrix_csv(doctored, TODAY))) if r["id"] == "cursor"
                )["overdue"] == "yes"
    page = matrix_html(doctored, today=TODAY)
    assert re.search(r'<tr class="overdue" data-id="cursor"', page)
    assert page.count('<tr class="overdue"') == 1 and '<span class="badge">overdue</span>' in page
    assert '<span class="badge">overdue</span>' in entry_page(doctored, "cursor", today=TODAY)


def test_entry_page_shows_every_field(answers):
    entry = answers.entries["claude-microsoft-foundry"]
    page = html.unescape(entry_page(answers, entry.id, today=TODAY))
    expected = [entry.title, entry.summary, entry.retention.what, entry.retention.duration, entry.owner,
                entry.reviewed_on.isoformat(), entry.review_due().isoformat()]
    expected += [p.name for p in entry.processor] + [p.role for p in entry.processor]
    expected += [d.title for d in entry.governance] + list(entry.caveats) + [c.summary for c in entry.changes]
    expected += [r.title for r in entry.references] + [f'href="{r.url}"' for r in entry.references]
    for text in [entry.training_use, entry.data_location, entry.retention.how_to_reduce]:
        assert text is not None
        expected.append(text)
    missing = [t for t in expected if t not in page]
    assert missing == []
    for heading in ("Summary", "Processor", "Retention", "Training use", "Data location", "Governance", "Caveats",
                    "References", "Facets", "Changes", "Review"):
        assert f"<h2>{heading}</h2>" in page
    with pytest.raises(KeyError):
        entry_page(answers, "no-such-entry")


def test_served_pages(answers):
    app = make_flask(None, signing_secret=None, health=lambda: None,
                     pages=lambda app: register_pages(app, lambda: answers))
    client = app.test_client()
    matrix = client.get("/matrix")
    assert matrix.status_code == 200 and matrix.mimetype == "text/html"
    page = matrix.get_data(as_text=True)
    for entry_id in published_ids(answers):
        assert f'href="entries/{entry_id}"' in page  # relative: /entries/<id> from /matrix, and behind a prefix
    known = client.get("/entries/claude-microsoft-foundry")
    assert known.status_code == 200
    assert html.escape(answers.entries["claude-microsoft-foundry"].title) in known.get_data(as_text=True)
    assert 'href="../matrix"' in known.get_data(as_text=True)
    assert client.get("/entries/no-such-entry").status_code == 404


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def test_cli_writes_the_page_and_the_entry_pages_it_links_to(tmp_path: Path, capsys):
    out = tmp_path / "site" / "matrix.html"
    status, stdout, _ = cli(capsys, "matrix", "--format", "html", "--output", str(out),
                            "--entries", str(tmp_path / "site" / "entries"))
    assert status == 0 and f"wrote {out}" in stdout
    links = re.findall(r'<th scope="row"><a href="([^"]+)"', out.read_text())
    assert len(links) == len(published_ids_of_default())
    assert all((out.parent / link).is_file() for link in links)
    entry = (tmp_path / "site" / "entries" / "cursor.html").read_text()
    assert 'href="../matrix.html"' in entry


def published_ids_of_default() -> set[str]:
    from bot.knowledge.loader import default_knowledge_dir, load_answer_set

    return published_ids(load_answer_set(default_knowledge_dir()))


@pytest.mark.parametrize("fmt", ["text", "csv", "json"])
def test_cli_prints_each_format(capsys, fmt):
    status, stdout, _ = cli(capsys, "matrix", "--format", fmt)
    assert status == 0 and "claude-microsoft-foundry" in stdout


def test_cli_entry_links_follow_the_flag_then_the_setting(capsys, monkeypatch):
    monkeypatch.setenv("PRIVACY_BOT_ENTRY_URL", "https://wiki.example.com/privacy/{id}")
    _, page, _ = cli(capsys, "matrix", "--format", "html")
    assert 'href="https://wiki.example.com/privacy/cursor"' in page
    _, page, _ = cli(capsys, "matrix", "--format", "html", "--entry-url", "https://git.example.com/{id}.yaml")
    assert 'href="https://git.example.com/cursor.yaml"' in page
    monkeypatch.delenv("PRIVACY_BOT_ENTRY_URL")
    _, page, _ = cli(capsys, "matrix", "--format", "html")
    assert 'href="entries/cursor.html"' in page


def test_cli_refuses_entries_without_html_and_a_template_without_id(capsys):
    assert cli(capsys, "matrix", "--entries", "x")[0] == 2
    assert cli(capsys, "matrix", "--format", "html", "--entry-url", "https://x.example.com/")[0] == 2


@pytest.mark.parametrize("args, target", [
    (["--output", "afile/m.txt"], "afile/m.txt"),  # a file where a directory should be
    (["--format", "csv", "--output", "."], "."),  # a directory where the file should be
    (["--format", "html", "--entries", "afile"], "entry pages to afile"),
    (["--format", "html", "--output", "m.html", "--entries", "afile/sub"], "entry pages to afile/sub"),
])
def test_cli_says_in_one_line_what_it_cannot_write(tmp_path: Path, capsys, monkeypatch, args, target):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "afile").write_text("not a directory")
    status, _, err = cli(capsys, "matrix", *args)
    assert status == 1 and err.startswith(f"privacy-bot: cannot write {target}: ") and err.count("\n") == 1
    assert "Traceback" not in err and (tmp_path / "afile").read_text() == "not a directory"
