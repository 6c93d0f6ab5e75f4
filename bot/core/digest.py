"""The weekly digest, pure: entries overdue for review, entries whose sources changed at the last daily check, and
drafts waiting; one message for the triage channel and one direct message per owner with their own items.

An owner is reached through `owner_slack`: a user id (U… or W…) gets the direct message; a user group (S…) is
mentioned in the triage channel's digest instead (a group has no DM); without it, the digest names `owner`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

from bot.core.models import Entry
from bot.core.notices import DigestBody, DigestLine, SourcesChangedBody
from bot.core.replies import Reply, Target

_TOTAL = re.compile(r"\d+ of the (\d+) sources")  # the summary's first line (knowledge/sources.py summary_for)
_STATE = re.compile(r"([a-z]+): \S")  # then one line per flagged page: "changed: https://…"


def iso_week(day: dt.date) -> str:
    """Return the ISO week of a day, e.g. 2026-W49."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def is_person(owner_slack: str | None) -> bool:
    """Return whether an owner id is a person's (a DM can reach them), not a user group's."""
    return bool(owner_slack) and str(owner_slack)[0] in "UW"


def what_changed(summary: str) -> str:
    """Return a source check's summary as one line that stands alone: "1 changed, 1 gone, of its 10 sources"."""
    lines = summary.splitlines()
    total = _TOTAL.match(lines[0]) if lines else None
    states = Counter(m.group(1) for text in lines[1:] if (m := _STATE.match(text)))
    if not states:
        return lines[0].rstrip(":") if lines else ""
    counted = ", ".join(f"{n} {state}" for state, n in sorted(states.items()))
    return counted + (f", of its {total.group(1)} sources" if total else "")


def line(entry: Entry, detail: str) -> DigestLine:
    """Return an entry's line in the digest."""
    return DigestLine(entry_id=entry.id, title=entry.title, owner=entry.owner, owner_slack=entry.owner_slack,
                      detail=detail)


def build_digest(*, published: Iterable[Entry], drafts: Iterable[Entry], source_flags: Mapping[str, str],
                 today: dt.date) -> tuple[DigestBody, dict[str, DigestBody]]:
    """Return the triage channel's digest and each person-owner's own (user id -> their items)."""
    served = {e.id: e for e in published}
    waiting = {e.id: e for e in drafts if e.id not in served}
    every = {**waiting, **served}
    overdue = [line(e, f"review was due {e.review_due().isoformat()}") for e in sorted(served.values(),
                                                                                      key=lambda e: e.id)
               if e.is_overdue(today)]
    sources = [line(every[e], what_changed(summary)) for e, summary in sorted(source_flags.items()) if e in every]
    draft_lines = [line(e, f"draft, last reviewed {e.reviewed_on.isoformat()}") for e in sorted(waiting.values(),
                                                                                              key=lambda e: e.id)]
    week = iso_week(today)
    triage = DigestBody(week=week, overdue=tuple(overdue), sources=tuple(sources), drafts=tuple(draft_lines))
    owners: dict[str, DigestBody] = {}
    for user in sorted({str(x.owner_slack) for x in (*overdue, *sources, *draft_lines) if is_person(x.owner_slack)}):
        def mine(lines: Sequence[DigestLine], user: str = user) -> tuple[DigestLine, ...]:
            return tuple(x for x in lines if x.owner_slack == user)

        owners[user] = DigestBody(week=week, overdue=mine(overdue), sources=mine(sources), drafts=mine(draft_lines),
                                  owner=user)
    return triage, owners


def digest_replies(triage: DigestBody, owners: Mapping[str, DigestBody], *, channel: str) -> list[Reply]:
    """Return the digest messages, keyed per ISO week: once a week across retries and replicas."""
    out = []
    if not triage.empty():
        out.append(Reply(key=f"digest:{triage.week}", body=triage, target=Target(channel=channel),
                         stream=f"digest:{triage.week}"))
    for user, body in owners.items():
        key = f"digest:{body.week}:{user}"
        out.append(Reply(key=key, body=body, target=Target(channel=user), stream=key))
    return out


def sources_notice(entry: Entry, summary: str, fingerprint: str, *, channel: str) -> Reply:
    """Return the triage notice that an entry's sources changed; the key holds what changed, so the same diff
    found again (the next day, by another replica, after a retry) is never posted twice."""
    body = SourcesChangedBody(entry_id=entry.id, title=entry.title, owner=entry.owner, owner_slack=entry.owner_slack,
                              summary=summary)
    key = f"sources:{entry.id[:150]}:{fingerprint[:32]}"
    return Reply(key=key, body=body, target=Target(channel=channel), stream="sources")
