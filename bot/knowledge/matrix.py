"""The vendor matrix: offerings x facets, as rows, text, CSV or JSON (the HTML page is in pages_html.py)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Any

from bot.core.answer_set import AnswerSet
from bot.core.models import NOT_SPECIFIED_FACET, Entry, Facets

FACETS: tuple[str, ...] = tuple(Facets.model_fields)
FACET_LABELS: dict[str, str] = {
    "processor": "Processor",
    "default_retention": "Default retention",
    "trains_on_customer_data": "Trains on customer data",
    "zero_retention": "Zero retention",
    "data_residency": "Data residency",
    "human_review": "Human review",
}
FACET_SHORT: dict[str, str] = {
    "processor": "PROCESSOR",
    "default_retention": "RETENTION",
    "trains_on_customer_data": "TRAINS",
    "zero_retention": "ZDR",
    "data_residency": "RESIDENCY",
    "human_review": "HUMAN REVIEW",
}


def published(answers: AnswerSet) -> list[Entry]:
    """Return the published entries that have facets, ordered by title then id."""
    return sorted((e for e in answers.entries.values() if e.status == "published" and e.facets is not None),
                  key=lambda e: (e.title.lower(), e.id))


def facet_values(value: object) -> list[str]:
    """Return a facet value as a list of strings (data residency may hold several)."""
    if isinstance(value, (tuple, list)):
        return [str(v) for v in value]
    return [str(value)]


def facet_text(value: object) -> str:
    """Return a facet value as one string: lists joined with ', '."""
    return ", ".join(facet_values(value)) or NOT_SPECIFIED_FACET


def entry_row(answers: AnswerSet, entry: Entry, today: dt.date) -> dict[str, Any]:
    """Return one entry as a JSON-ready matrix row."""
    facets: dict[str, dict[str, Any]] = {}
    if entry.facets is not None:
        for name in FACETS:
            facet = getattr(entry.facets, name)
            value = list(facet.value) if isinstance(facet.value, tuple) else facet.value
            facets[name] = {"value": value, "source": str(facet.source)}
    return {
        "id": entry.id,
        "title": entry.title,
        "providers": [answers.entity_name(p) for p in entry.applies_to.providers],
        "platforms": [answers.entity_name(p) for p in entry.applies_to.platforms],
        "facets": facets,
        "reviewed_on": entry.reviewed_on.isoformat(),
        "review_due": entry.review_due().isoformat(),
        "overdue": entry.is_overdue(today),
    }


def matrix_rows(answers: AnswerSet, today: dt.date) -> list[dict[str, Any]]:
    """Return one row per published entry: names, the six facets with their sources, and the review dates."""
    return [entry_row(answers, entry, today) for entry in published(answers)]


def matrix_json(answers: AnswerSet, today: dt.date) -> str:
    """Return the rows as a JSON array (each facet as {"value", "source"})."""
    return json.dumps(matrix_rows(answers, today), indent=2, ensure_ascii=False) + "\n"


def csv_columns() -> list[str]:
    """Return the CSV header: names, each facet and its `<facet>_source`, the review dates."""
    columns = ["id", "title", "providers", "platforms"]
    for name in FACETS:
        columns += [name, f"{name}_source"]
    return [*columns, "reviewed_on", "review_due", "overdue"]


def matrix_csv(answers: AnswerSet, today: dt.date) -> str:
    """Return the rows as CSV: one value column and one `<facet>_source` column per facet."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=csv_columns(), lineterminator="\n")
    writer.writeheader()
    for row in matrix_rows(answers, today):
        flat: dict[str, Any] = {"id": row["id"], "title": row["title"], "providers": ", ".join(row["providers"]),
                                "platforms": ", ".join(row["platforms"]), "reviewed_on": row["reviewed_on"],
                                "review_due": row["review_due"], "overdue": "yes" if row["overdue"] else "no"}
        for name, facet in row["facets"].items():
            flat[name] = facet_text(facet["value"])
            flat[f"{name}_source"] = facet["source"]
        writer.writerow(flat)
    return out.getvalue()


def _cut(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def matrix_text(answers: AnswerSet, today: dt.date, *, width: int = 22) -> str:
    """Return an aligned table (values cut to `width`, each with its source's [n]), then a legend."""
    rows = matrix_rows(answers, today)
    sources: dict[str, int] = {}
    header = ["ENTRY", "OFFERING", "PROVIDER / PLATFORM", *(FACET_SHORT[n] for n in FACETS), "REVIEW DUE"]
    table: list[list[str]] = [header]
    for row in rows:
        names = ", ".join(row["providers"] + row["platforms"]) or "-"
        cells = [row["id"], _cut(row["title"], width), _cut(names, width)]
        for name in FACETS:
            facet = row["facets"][name]
            number = sources.setdefault(facet["source"], len(sources) + 1)
            cells.append(f"{_cut(facet_text(facet['value']), width)} [{number}]")
        cells.append(row["review_due"] + (" !" if row["overdue"] else ""))
        table.append(cells)
    widths = [max(len(r[i]) for r in table) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip() for r in table]
    overdue = sum(1 for r in rows if r["overdue"])
    lines += ["", f"{len(rows)} published entries as of {today.isoformat()}; {overdue} overdue for review "
                  "(! after the review due date)."]
    lines += ["Columns: " + "; ".join(f"{FACET_SHORT[n]} = {FACET_LABELS[n].lower()}" for n in FACETS)
              + f"; values longer than {width} characters are cut (…): --format csv, json or html shows them whole."]
    lines += ["Sources ([n] after each value):"] + [f"  [{n}] {url}" for url, n in sources.items()]
    return "\n".join(lines) + "\n"
