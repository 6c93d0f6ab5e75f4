"""Curators' tools: lint warnings beyond schema errors, golden questions, JSON Schema, entry skeletons."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.core.answer_set import AnswerSet
from bot.core.matching.conversation import language_of
from bot.core.models import NOT_SPECIFIED_FACET, SLUG, Entry, Outcome

SCHEMA_FILE = "answer.schema.json"
SCHEMA_COMMENT = f"# yaml-language-server: $schema=../{SCHEMA_FILE}"
ALIKE = 0.9  # cosine between two entries' example questions above which the matcher cannot tell them apart


@dataclass(frozen=True)
class Warning_:
    """One lint finding: where, which rule, what to do."""

    path: str
    line: int
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: warning [{self.rule}]: {self.message}"


def _line_of(path: str, pattern: str) -> int:
    """Return the first line of a file matching a regex (1 if none): warnings point at the field."""
    try:
        for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
            if re.search(pattern, line):
                return n
    except OSError:
        pass
    return 1


def golden_failures(answers: AnswerSet) -> list[tuple[str, str, str]]:
    """Return (entry id, example question, what happened) for examples not answered by their own entry."""
    out = []
    for entry in answers.entries.values():
        for q in entry.questions:
            d = answers.decide(q)
            if d.outcome is not Outcome.ANSWER or d.entry_id != entry.id:
                got = d.outcome.value + (f" {d.entry_id}" if d.entry_id else "")
                if d.options:
                    got += " (" + ", ".join(d.options) + ")"
                out.append((entry.id, q, got))
    return out


def _alike_pairs(answers: AnswerSet) -> list[tuple[str, str, str, str, float]]:
    """Return pairs of example questions from different entries whose vectors are nearly the same."""
    terms = answers.matcher.terms  # the example vectors the matcher decides on
    examples = terms.examples()
    texts = [q for e in answers.entries.values() for q in (*e.questions, e.title)]
    by_entry: dict[str, list[int]] = defaultdict(list)
    for d, (entry_id, _) in enumerate(examples):
        by_entry[entry_id].append(d)
    found: dict[tuple[str, str], tuple[str, str, float]] = {}
    for d, (entry_id, vector) in enumerate(examples):
        for other, score in terms.scores(vector).items():
            pair = (min(entry_id, other), max(entry_id, other))
            if other == entry_id or score < ALIKE or score <= found.get(pair, ("", "", 0.0))[2]:
                continue
            best = max(by_entry[other], key=lambda o: sum(w * examples[o][1].get(t, 0.0) for t, w in vector.items()))
            first, second = (texts[d], texts[best]) if pair[0] == entry_id else (texts[best], texts[d])
            found[pair] = (first, second, score)
    return [(a, b, qa, qb, s) for (a, b), (qa, qb, s) in sorted(found.items())]


_OPT_OUT = re.compile(r"opt(s|ed|ing)?[- ]?out|turn(s|ed)? (it |this )?off|unless (you|the user|an admin)")
_OPT_IN = re.compile(r"opt(s|ed|ing)?[- ]?in\b|permission|consent|affirmative|only if you|unless you (share|choose)")
_NO_TRAINING = re.compile("|".join((
    r"(not|never|no longer|n't|nor) (be )?(used|use|uses|using) (\w+ ){0,6}(to |for )?(train|improv)",
    r"does(n't| not) (use|train)", r"won't (use|train)", r"will not (use|train)", r"no training", r"not train",
    r"never train", r"isn't used", r"aren't used", r"are not used", r"is not used", r"excluded")))
_MAY_TRAIN = re.compile(r"\bmay (use|train)|\buses .{0,60}(to|for) train|can be used (to|for) train|\btrains? on|"
                        r"assume .{0,40}(use|train)|possible use")
_ZDR = re.compile(r"zero[- ]data[- ]retention|\bzdr\b|zero[- ]retention|not retained|not stored|no data retention|"
                  r"does(n't| not) (store|retain|log)|no (prompts|data) (are|is) (stored|retained)")
_HUMAN = re.compile(r"human|review|personnel|staff|employee|people")
_NUMBERS = {w: str(n) for n, w in enumerate("zero one two three four five six seven eight nine ten".split())}
_SILENT = re.compile(r"not publicly specified|not specified|not stated|no (period|figure|duration)|unsourced|"
                     r"does not say|do not say|silent")


def facet_findings(entry: Entry) -> list[tuple[str, str]]:
    """Return (facet, problem) where a facet does not follow from the text it summarises."""
    f = entry.facets
    if f is None:
        return []
    training = (entry.training_use or "").lower()
    text = " ".join([entry.summary, entry.retention.what, entry.retention.duration, entry.retention.how_to_reduce or "",
                     entry.training_use or "", entry.data_location or "", *entry.caveats,
                     *(p.role + " " + p.data for p in entry.processor)]).lower()
    out = []
    value = f.trains_on_customer_data.value
    if value == "no" and not _NO_TRAINING.search(training):
        out.append(("trains_on_customer_data", "is no, but training_use does not say the data is not used to train"))
    if value == "opt-out" and not _OPT_OUT.search(training):
        out.append(("trains_on_customer_data", "is opt-out, but training_use does not say how to opt out"))
    if value == "opt-in" and not _OPT_IN.search(training):
        out.append(("trains_on_customer_data", "is opt-in, but training_use does not say it needs consent"))
    if value == "yes" and not _MAY_TRAIN.search(training):
        out.append(("trains_on_customer_data", "is yes, but training_use does not say the data may train models"))
    if value == NOT_SPECIFIED_FACET and not _SILENT.search(training):
        out.append(("trains_on_customer_data", "is not-publicly-specified, but training_use gives no such caveat"))
    retention = f.default_retention.value.lower()
    retention_text = f"{entry.retention.what} {entry.retention.duration} {entry.retention.how_to_reduce or ''} " \
                     f"{entry.summary}".lower()
    if retention == "not-publicly-specified" and not _SILENT.search(retention_text):
        out.append(("default_retention", "is not-publicly-specified, but the retention text gives no such caveat"))
    for word, digit in _NUMBERS.items():
        retention_text = re.sub(rf"\b{word}\b", digit, retention_text)
    for number in re.findall(r"\d+", retention):
        if not re.search(rf"\b{number}\b", retention_text):
            out.append(("default_retention", f"says {number}, which the retention text does not"))
    if f.zero_retention.value in ("available", "on-request") and not _ZDR.search(text):
        out.append(("zero_retention", f"is {f.zero_retention.value}, but the text never mentions zero data retention"))
    if f.human_review.value in ("flagged-only", "yes", "opt-in") and not _HUMAN.search(text):
        out.append(("human_review", f"is {f.human_review.value}, but the text never mentions human review"))
    residency = f.data_residency.value
    if isinstance(residency, tuple):
        location = (entry.data_location or "").lower() + " " + text
        for place in residency:
            words = [w for w in re.findall(r"[a-z0-9]+", place.lower()) if len(w) > 1]
            if words and not any(w in location for w in words):
                out.append(("data_residency", f"lists {place!r}, which data_location does not mention"))
    return out


MIN_EXAMPLES = 8  # example phrasings per entry: matching and intent learn from them
MIN_OTHER_LANGUAGE = 2  # of them in a language other than English


def lint(answers: AnswerSet, *, today: dt.date | None = None) -> list[Warning_]:
    """Return every lint warning for a loaded answer set."""
    today = today or dt.date.today()
    src = answers.sources
    out: list[Warning_] = []
    for entry in sorted(answers.entries.values(), key=lambda e: e.id):
        path = src.get(entry.id, entry.id)
        if entry.is_overdue(today):
            out.append(Warning_(path, _line_of(path, r"^reviewed_on:"), "overdue",
                                f"review overdue since {entry.review_due().isoformat()} (reviewed "
                                f"{entry.reviewed_on.isoformat()}, every {entry.review_every_days} days)"))
        other = sum(1 for q in entry.questions if language_of(q))
        if len(entry.questions) < MIN_EXAMPLES or other < MIN_OTHER_LANGUAGE:
            out.append(Warning_(path, _line_of(path, r"^questions:"), "examples",
                                f"{len(entry.questions)} example questions, {other} in another language: write at "
                                f"least {MIN_EXAMPLES}, {MIN_OTHER_LANGUAGE} of them in another language, the way "
                                "people ask (short, long, with typos)"))
        for facet, problem in facet_findings(entry):
            out.append(Warning_(path, _line_of(path, rf"^  {facet}:"), "facet", f"facets.{facet} {problem}"))
        if not (Path(path).is_file() and Path(path).read_text(encoding="utf-8").startswith(SCHEMA_COMMENT)):
            out.append(Warning_(path, 1, "schema-comment", f"first line should be: {SCHEMA_COMMENT}"))
    for entry_id, question, got in golden_failures(answers):
        path = src.get(entry_id, entry_id)
        out.append(Warning_(path, _line_of(path, re.escape(question[:60])), "golden",
                            f"example question {question!r} is not answered by this entry (got {got})"))
    groups: dict[tuple[tuple[str, ...], tuple[str, ...]], list[str]] = defaultdict(list)
    for entry in answers.entries.values():
        a = entry.applies_to
        groups[(tuple(sorted(a.providers)), tuple(sorted(a.platforms)))].append(entry.id)
    for (provs, plats), ids in sorted(groups.items()):
        if len(ids) > 1:
            same = sorted(ids)
            path = src.get(same[0], same[0])
            out.append(Warning_(path, _line_of(path, r"^applies_to:"), "same-applies-to",
                                f"entries {', '.join(same)} have the same applies_to (providers {list(provs)}, "
                                f"platforms {list(plats)}): questions cannot tell them apart by product"))
    for first, second, qa, qb, score in _alike_pairs(answers):
        path = src.get(first, first)
        out.append(Warning_(path, _line_of(path, re.escape(qa[:60])), "alike",
                            f"example {qa!r} ({first}) and {qb!r} ({second}) are {score:.2f} alike: the matcher "
                            "cannot tell the entries apart on these phrasings"))
    return out


def schema() -> dict[str, Any]:
    """Return the JSON Schema of an answer entry, generated from the pydantic model."""
    doc = Entry.model_json_schema()
    doc["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    doc["$id"] = "https://github.com/privacy-bot/privacy-bot/knowledge/answer.schema.json"
    doc["title"] = "privacy-bot answer entry"
    return doc


def schema_text() -> str:
    """Return the schema as the committed file's text."""
    return json.dumps(schema(), indent=2, ensure_ascii=False) + "\n"


def skeleton(entry_id: str, *, today: dt.date | None = None) -> str:
    """Return a commented skeleton entry that fails `check` until it is filled in."""
    if not SLUG.match(entry_id):
        raise ValueError(f"{entry_id!r} is not a lowercase slug like claude-microsoft-foundry")
    today = today or dt.date.today()
    return f"""{SCHEMA_COMMENT}
# A curated answer. Write it in your own words from public sources, and cite every source under
# references. Where the sources are silent, say "not publicly specified"; where they disagree or are
# dated, say so under caveats. Never invent a retention period or a guarantee. `privacy-bot check`
# validates this file (its example questions must be answered by this entry); `--strict` also fails on warnings.
id: {entry_id}
status: draft     # not served until you set it to published (`check` then requires facets and no TODO)
title: TODO one line, the product and the vendor, e.g. "Claude models in Microsoft Foundry"
summary: >-
  TODO two or three sentences: who processes the data, what is kept and for how long (or that it is
  not publicly specified), and the one thing people most often get wrong.
applies_to:
  providers: []   # ids from knowledge/entities.yaml, e.g. [anthropic]
  platforms: []   # e.g. [microsoft-foundry]
questions:        # at least 3 (6+ recommended), the way people type in Slack; each must name the product
  - TODO does <vendor> keep our prompts when we use <product>?
  - TODO who processes our data in <product>?
  - TODO is <product> used to train models?
processor:        # every party that touches the data, its role, and which data
  - name: TODO
    role: TODO e.g. data processor for prompts and outputs
    data: TODO which data
retention:
  what: TODO what is retained
  duration: not publicly specified   # or exactly what the sources say, for each kind of data
  purposes: []    # e.g. [abuse monitoring]
  how_to_reduce: null   # zero data retention, settings, contracts, where they exist
training_use: TODO what the sources say about training on this data
data_location: TODO where data is processed and stored, or that the sources do not say
governance:       # the documents that govern the processing
  - title: TODO e.g. Data Processing Addendum
    url: null
    note: null
caveats: []       # conflicting or dated sources; what the sources do not say
references:       # every statement above must be traceable to one of these (https URLs)
  - title: TODO page title
    url: https://example.com/TODO
    date: null        # the date shown on the page, if any
    retrieved: {today.isoformat()}
# facets: a short summary for side-by-side comparison; each value's source is one of the reference URLs above.
# Required before publishing. Values: trains_on_customer_data no|yes|opt-out|opt-in|varies|not-publicly-specified;
# zero_retention available|on-request|no|not-applicable|not-publicly-specified;
# human_review no|flagged-only|yes|opt-in|varies|not-publicly-specified;
# data_residency a list or not-publicly-specified.
# facets:
#   processor: {{value: TODO who processes prompts and outputs, source: https://example.com/TODO}}
#   default_retention: {{value: not-publicly-specified, source: https://example.com/TODO}}
#   trains_on_customer_data: {{value: "no", source: https://example.com/TODO}}
#   zero_retention: {{value: not-publicly-specified, source: https://example.com/TODO}}
#   data_residency: {{value: not-publicly-specified, source: https://example.com/TODO}}
#   human_review: {{value: not-publicly-specified, source: https://example.com/TODO}}
owner: "@privacy-team"
reviewed_on: {today.isoformat()}
review_every_days: 180
"""
