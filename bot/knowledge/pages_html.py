"""The matrix and entry pages: self-contained HTML (inline CSS and JS, no external requests), every string escaped."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterable
from html import escape
from typing import Any
from urllib.parse import quote, urlsplit

from bot.core.answer_set import AnswerSet
from bot.core.models import NOT_SPECIFIED, NOT_SPECIFIED_FACET, Entry, Facets
from bot.knowledge.matrix import FACET_LABELS, FACETS, entry_row, facet_text, facet_values, matrix_rows
from bot.knowledge.pages_assets import CSP, CSS, JS

DEFAULT_ENTRY_URL = "entries/{id}.html"


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _safe_url(url: str) -> str | None:
    """Return the URL when it is http(s) (entry text is curated, but a javascript: link must never be one)."""
    return url if urlsplit(url).scheme in ("http", "https") else None


def _link(url: str | None, text: str, *, cls: str = "", label: str = "") -> str:
    safe = _safe_url(url) if url else None
    if safe is None:
        return _e(text)
    attrs = f' class="{cls}"' if cls else ""
    attrs += f' aria-label="{_e(label)}"' if label else ""
    return f'<a href="{_e(safe)}"{attrs} title="{_e(safe)}" rel="noopener noreferrer">{_e(text)}</a>'


def entry_href(entry_id: str, entry_url: str | None) -> str:
    """Return the link to an entry's page: the template with {id} filled in (URL-quoted)."""
    return (entry_url or DEFAULT_ENTRY_URL).replace("{id}", quote(entry_id, safe=""))


def _page(title: str, body: str, *, script: str = "") -> str:
    js = f"<script>{script}</script>\n" if script else ""
    return (f'<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<meta name="referrer" content="no-referrer">\n'
            f"<title>{_e(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n{body}\n{js}</body>\n</html>\n")


def _value_html(value: object) -> str:
    text = facet_text(value)
    return f'<span class="nps">{_e(text)}</span>' if text == NOT_SPECIFIED_FACET else _e(text)


def _options(values: Iterable[str], counts: Counter[str]) -> str:
    return "".join(f'<option value="{_e(v)}">{_e(v)} ({counts[v]})</option>' for v in values)


def _filters(rows: list[dict[str, Any]]) -> str:
    vendors: Counter[str] = Counter(v for r in rows for v in dict.fromkeys(r["providers"] + r["platforms"]))
    controls = [f'<label>Provider or platform<select name="vendor"><option value="">All</option>'
                f"{_options(sorted(vendors, key=str.lower), vendors)}</select></label>"]
    for name in FACETS:
        counts: Counter[str] = Counter(v for r in rows for v in dict.fromkeys(facet_values(r["facets"][name]["value"])))
        options = _options(sorted(counts, key=str.lower), counts)
        controls.append(f'<label>{_e(FACET_LABELS[name])}<select name="f-{name}" data-facet="{name}">'
                        f'<option value="">All</option>{options}</select></label>')
    controls += ['<label>Search text<input type="search" name="q" placeholder="any word in a row"></label>',
                 '<label class="check"><input type="checkbox" name="overdue"> Overdue for review only</label>',
                 '<button type="reset">Clear filters</button>']
    return (f'<form id="filters" class="filters" role="search" aria-label="Filter the offerings" hidden>'
            f'{"".join(controls)}</form>')


def _row(row: dict[str, Any], entry_url: str | None) -> str:
    names = row["providers"] + row["platforms"]
    data = {"vendors": names, "overdue": row["overdue"],
            "facets": {n: facet_values(row["facets"][n]["value"]) for n in FACETS}}
    vendor = "<br>".join([_e(p) for p in row["providers"]] + [f'<span class="muted">{_e(p)}</span>'
                                                               for p in row["platforms"]]) or "–"
    cells = [f'<th scope="row"><a href="{_e(entry_href(row["id"], entry_url))}">{_e(row["title"])}</a>'
             f'<br><span class="id">{_e(row["id"])}</span></th>', f"<td>{vendor}</td>"]
    for name in FACETS:
        facet = row["facets"][name]
        source = _link(facet["source"], "source", cls="src", label=f"source for {FACET_LABELS[name].lower()}")
        cells.append(f'<td class="f-{name}">{_value_html(facet["value"])} {source}</td>')
    badge = ' <span class="badge">overdue</span>' if row["overdue"] else ""
    cells += [f'<td class="date">{_e(row["reviewed_on"])}</td>',
              f'<td class="date">{_e(row["review_due"])}{badge}</td>']
    cls = ' class="overdue"' if row["overdue"] else ""
    return f'<tr{cls} data-id="{_e(row["id"])}" data-filter="{_e(json.dumps(data))}">{"".join(cells)}</tr>'


def _legend() -> str:
    items = "".join(f"<dt>{_e(FACET_LABELS[n])}</dt><dd>{_e(Facets.model_fields[n].description or '')}</dd>"
                    for n in FACETS)
    return (f'<h2 id="legend">Facets</h2><dl class="legend">{items}<dt>{_e(NOT_SPECIFIED_FACET)}</dt>'
            f"<dd>The public sources do not say.</dd><dt>overdue</dt><dd>The review due date has passed: "
            f"the entry may be out of date.</dd></dl>")


def matrix_html(answers: AnswerSet, *, today: dt.date | None = None, entry_url: str | None = None) -> str:
    """Return the matrix as one self-contained HTML page: a filterable table, rows linking to entry pages."""
    today = today or dt.date.today()
    rows = matrix_rows(answers, today)
    overdue = sum(1 for r in rows if r["overdue"])
    head = "".join(f'<th scope="col">{_e(h)}</th>' for h in
                   ["Offering", "Provider / platform", *(FACET_LABELS[n] for n in FACETS), "Reviewed", "Review due"])
    body = "\n".join(_row(r, entry_url) for r in rows)
    main = (f"<main>\n<h1>AI vendors and data privacy</h1>\n"
            f'<p class="meta">{len(rows)} offerings from the curated answer set, as of {_e(today.isoformat())}; '
            f"{overdue} overdue for review. Each value links to the source it is taken from; an offering's name "
            f"opens its full entry. Check the full entry before relying on a value.</p>\n"
            f"{_filters(rows)}\n"
            f'<p id="count" role="status" aria-live="polite">Showing {len(rows)} of {len(rows)} offerings</p>\n'
            f'<div class="scroll"><table id="matrix"><caption>Offerings by data-privacy facet '
            f'(<a href="#legend">what each facet means</a>)</caption>\n<thead><tr>{head}</tr></thead>\n'
            f'<tbody>\n{body}\n</tbody></table>\n<p id="none" hidden>No offering matches these filters.</p></div>\n'
            f"{_legend()}\n</main>")
    return _page("AI vendors and data privacy: the matrix", main, script=JS)


def _section(title: str, content: str) -> str:
    return f"<section><h2>{_e(title)}</h2>{content}</section>\n" if content else ""


def _ul(items: Iterable[str]) -> str:
    listed = "".join(f"<li>{item}</li>" for item in items)
    return f"<ul>{listed}</ul>" if listed else ""


def _p(text: str | None) -> str:
    return f"<p>{_e(text)}</p>" if text else ""


def _entry_body(answers: AnswerSet, entry: Entry, today: dt.date) -> str:
    row = entry_row(answers, entry, today)
    parties = "".join(f"<tr><th scope=\"row\">{_e(p.name)}</th><td>{_e(p.role)}</td><td>{_e(p.data)}</td></tr>"
                      for p in entry.processor)
    ret = entry.retention
    duration = f'<span class="nps">{_e(ret.duration)}</span>' if ret.duration.lower() == NOT_SPECIFIED else _e(
        ret.duration)
    retention = (f"<p><strong>What:</strong> {_e(ret.what)}</p><p><strong>How long:</strong> {duration}</p>"
                 + (f"<p><strong>Why:</strong></p>{_ul(_e(p) for p in ret.purposes)}" if ret.purposes else "")
                 + (f"<p><strong>How to keep less:</strong> {_e(ret.how_to_reduce)}</p>" if ret.how_to_reduce else ""))
    governance = _ul(_link(str(d.url) if d.url else None, d.title) + (f" – {_e(d.note)}" if d.note else "")
                     for d in entry.governance)
    references = _ul(_link(str(r.url), r.title) + "".join(
        f' <span class="muted">({label} {_e(day.isoformat())})</span>'
        for label, day in (("dated", r.date), ("retrieved", r.retrieved)) if day) for r in entry.references)
    facets = "".join(f'<tr><th scope="row">{_e(FACET_LABELS[n])}</th><td>{_value_html(f["value"])}</td>'
                     f'<td>{_link(f["source"], f["source"])}</td></tr>' for n, f in row["facets"].items())
    changes = _ul(f"{_e(c.date.isoformat())}: {_e(c.summary)}" + (" <strong>(material)</strong>" if c.material else "")
                  for c in entry.changes)
    translations = "".join(f'<details lang="{_e(lang)}"><summary>{_e(lang)}: {_e(t.title)}</summary>{_p(t.summary)}'
                           f"</details>" for lang, t in sorted(entry.translations.items()))
    badge = ' <span class="badge">overdue</span>' if row["overdue"] else ""
    applies = "; ".join(x for x in (", ".join(row["providers"]), ", ".join(row["platforms"])) if x) or "–"
    return (_section("Summary", f"{_p(entry.summary)}<p><strong>Applies to:</strong> {_e(applies)}</p>")
            + _section("Processor", '<table><thead><tr><th scope="col">Who</th><th scope="col">Role</th>'
                                    f'<th scope="col">Data</th></tr></thead><tbody>{parties}</tbody></table>')
            + _section("Retention", retention) + _section("Training use", _p(entry.training_use))
            + _section("Data location", _p(entry.data_location)) + _section("Governance", governance)
            + _section("Caveats", _ul(_e(c) for c in entry.caveats)) + _section("References", references)
            + (_section("Facets", '<table><thead><tr><th scope="col">Facet</th><th scope="col">Value</th>'
                                  f'<th scope="col">Source</th></tr></thead><tbody>{facets}</tbody></table>')
               if facets else "")
            + _section("Changes", changes)
            + _section("Review", f"<p><strong>Reviewed on:</strong> {_e(entry.reviewed_on.isoformat())}; "
                                 f"<strong>review due:</strong> {_e(row['review_due'])}{badge}</p>"
                                 f"<p><strong>Owner:</strong> {_e(entry.owner)}</p>")
            + _section("Example questions", _ul(_e(q) for q in entry.questions))
            + _section("Translations", translations))


def entry_page(answers: AnswerSet, entry_id: str, *, today: dt.date | None = None,
               back_url: str | None = None) -> str:
    """Return one entry as a readable self-contained HTML page; raise KeyError for an unknown id."""
    entry = answers.entries[entry_id]
    today = today or dt.date.today()
    back = f'<p><a href="{_e(back_url)}">← All offerings</a></p>' if back_url else ""
    body = (f'<main class="entry">{back}<h1>{_e(entry.title)}</h1><p class="id">{_e(entry.id)} · '
            f"{_e(entry.status)}</p>\n{_entry_body(answers, entry, today)}</main>")
    return _page(entry.title, body)
