"""The inline CSS and JavaScript of the matrix and entry pages (no external requests: a CSP forbids them)."""

from __future__ import annotations

# Inline style and script only; links may still be followed, but the page itself fetches nothing.
CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; base-uri 'none'"

CSS = """
:root { --fg: #1f2328; --muted: #57606a; --line: #d0d7de; --head: #f3f5f7; --link: #0550ae;
        --overdue: #fff1e0; --overdue-edge: #b35900; --nps: #6e7781; }
* { box-sizing: border-box; }
body { margin: 0; padding: 1.25rem 1.5rem 3rem; color: var(--fg); background: #fff;
       font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
h2 { font-size: 1.1rem; margin: 1.5rem 0 .5rem; }
a { color: var(--link); }
a:focus-visible, select:focus-visible, input:focus-visible, button:focus-visible { outline: 3px solid #0969da;
  outline-offset: 1px; }
.muted, .id { color: var(--muted); }
.id { font: 12px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.meta { color: var(--muted); margin: 0 0 1rem; }
form.filters { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: end; padding: .75rem;
               background: var(--head); border: 1px solid var(--line); border-radius: 6px; margin-bottom: .75rem; }
form.filters label { display: flex; flex-direction: column; font-size: 12px; font-weight: 600; gap: .15rem; }
form.filters label.check { flex-direction: row; align-items: center; gap: .35rem; padding-bottom: .35rem; }
form.filters select, form.filters input[type=search] { font: inherit; font-weight: 400; padding: .2rem .3rem;
  max-width: 15rem; border: 1px solid #8c959f; border-radius: 4px; background: #fff; }
form.filters button { font: inherit; padding: .25rem .75rem; border: 1px solid #8c959f; border-radius: 4px;
  background: #fff; cursor: pointer; }
#count { font-weight: 600; margin: .25rem 0 .5rem; }
.scroll { overflow-x: auto; border: 1px solid var(--line); border-radius: 6px; }
table { border-collapse: collapse; width: 100%; }
caption { text-align: left; padding: .5rem .6rem; color: var(--muted); caption-side: top; }
th, td { text-align: left; vertical-align: top; padding: .4rem .6rem; border-top: 1px solid var(--line); }
thead th { position: sticky; top: 0; background: var(--head); font-size: 12px;
           border-top: 0; border-bottom: 2px solid var(--line); z-index: 1; }
tbody th { font-weight: 600; min-width: 11rem; }
tbody td { min-width: 6.5rem; }
td.f-data_residency { min-width: 9rem; }
tbody tr:nth-child(even) { background: #fafbfc; }
tr.overdue, tr.overdue:nth-child(even) { background: var(--overdue); }
tr.overdue > th { box-shadow: inset 4px 0 0 var(--overdue-edge); }
.badge { display: inline-block; font-size: 11px; font-weight: 700; padding: 0 .35rem; border-radius: 3px;
         color: #fff; background: var(--overdue-edge); white-space: nowrap; }
.nps { color: var(--nps); font-style: italic; }
a.src { font-size: 11px; margin-left: .2rem; text-decoration: none; white-space: nowrap; }
a.src:hover { text-decoration: underline; }
td.date { white-space: nowrap; }
#none { padding: 1rem; }
dl.legend { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: 0; }
dl.legend dt { font-weight: 600; }
dl.legend dd { margin: 0; }
main.entry { max-width: 60rem; }
main.entry table { width: auto; }
main.entry th { background: var(--head); }
main.entry li { margin-bottom: .25rem; }
"""

# Filters: a row stays visible when it matches every control. Row data is JSON in an escaped data-filter attribute.
JS = """
(function () {
  "use strict";
  var form = document.getElementById("filters");
  var count = document.getElementById("count");
  var none = document.getElementById("none");
  var rows = Array.prototype.slice.call(document.querySelectorAll("#matrix tbody tr"));
  var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-facet]"));
  var data = rows.map(function (row) { return JSON.parse(row.getAttribute("data-filter")); });
  function apply() {
    var vendor = form.elements.vendor.value;
    var text = form.elements.q.value.trim().toLowerCase();
    var overdueOnly = form.elements.overdue.checked;
    var shown = 0;
    rows.forEach(function (row, i) {
      var d = data[i];
      var ok = (!vendor || d.vendors.indexOf(vendor) >= 0) && (!overdueOnly || d.overdue) &&
               (!text || row.textContent.toLowerCase().indexOf(text) >= 0);
      selects.forEach(function (s) {
        if (ok && s.value && d.facets[s.getAttribute("data-facet")].indexOf(s.value) < 0) { ok = false; }
      });
      row.hidden = !ok;
      if (ok) { shown += 1; }
    });
    count.textContent = "Showing " + shown + " of " + rows.length + " offerings";
    none.hidden = shown > 0;
  }
  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
  form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
  form.hidden = false;
  apply();
})();
"""
