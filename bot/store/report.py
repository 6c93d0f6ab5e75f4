"""The curators' report: what the database says about questions, answers, feedback and escalations."""

from __future__ import annotations

import datetime as dt
import math
import statistics
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, and_, case, func, or_, select

from bot.core.answer_set import AnswerSet
from bot.core.grouping import group_questions
from bot.core.masking import mask_contacts
from bot.core.matching.text import readable
from bot.store.schema import escalations, feedback, questions

Rows = list[dict[str, Any]]


@dataclass(frozen=True)
class Report:
    """The sections of the curators' report."""

    since: dt.datetime
    per_entry: Rows
    unanswered: Rows
    not_helpful: Rows
    overdue: Rows
    time_to_answer: Rows = field(default_factory=list)
    weekly: Rows = field(default_factory=list)

    def sections(self) -> dict[str, Rows]:
        """Return the sections in display order."""
        return {"questions per entry": self.per_entry, "escalated and unanswered questions": self.unanswered,
                "not helpful feedback": self.not_helpful, "entries overdue for review": self.overdue,
                "time to answer escalations": self.time_to_answer, "weekly trends": self.weekly}


def _utc(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)  # SQLite gives naive ones back


def _span(seconds: float) -> str:
    """Return a duration for people: 45m, 3h 20m, 2d 4h."""
    minutes = round(seconds / 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return f"{days}d {hours}h"
    return f"{hours}h {minutes:02d}m" if hours else f"{minutes}m"


def time_to_answer(waits: list[float], still_open: int) -> Rows:
    """Return the escalations answered, the median and 90th percentile (nearest rank) of their time to answer."""
    if not waits:
        return [{"answered": 0, "median": "", "p90": "", "median_seconds": None, "p90_seconds": None,
                 "still_open": still_open}]
    ordered = sorted(waits)
    median, p90 = statistics.median(ordered), ordered[math.ceil(0.9 * len(ordered)) - 1]
    return [{"answered": len(ordered), "median": _span(median), "p90": _span(p90), "median_seconds": round(median),
             "p90_seconds": round(p90), "still_open": still_open}]


def weekly_trends(rows: list[tuple[dt.datetime, str | None, bool]]) -> Rows:
    """Return per ISO week the questions asked, and how many were answered, escalated and declined."""
    weeks: dict[str, dict[str, int]] = {}
    for created, outcome, escalated in rows:
        year, week, _ = created.isocalendar()
        counts = weeks.setdefault(f"{year}-W{week:02d}", {"questions": 0, "answered": 0, "escalated": 0,
                                                           "declined": 0})
        counts["questions"] += 1
        counts["answered"] += outcome == "answer"
        counts["escalated"] += escalated or outcome == "escalate"
        counts["declined"] += outcome == "decline"
    return [{"week": week, **counts} for week, counts in sorted(weeks.items())]


def build_report(engine: Engine, answers: AnswerSet, *, since: dt.datetime, today: dt.date) -> Report:
    """Return the report for questions asked since a time."""
    with engine.connect() as conn:
        counts = conn.execute(
            select(questions.c.entry_id, func.count().label("n"), func.max(questions.c.created_at).label("last"))
            .where(and_(questions.c.outcome == "answer", questions.c.created_at >= since))
            .group_by(questions.c.entry_id)).all()
        votes = conn.execute(
            select(feedback.c.entry_id,
                   func.sum(case((feedback.c.helpful.is_(True), 1), else_=0)).label("up"),
                   func.sum(case((feedback.c.helpful.is_(False), 1), else_=0)).label("down"))
            .where(feedback.c.created_at >= since).group_by(feedback.c.entry_id)).all()
        # Unanswered: an escalation still open or claimed; or, without one, a question the bot could not answer.
        open_rows = conn.execute(
            select(questions.c.text, questions.c.created_at,
                   func.coalesce(escalations.c.status, questions.c.outcome).label("outcome"))
            .select_from(questions.outerjoin(escalations, escalations.c.question_id == questions.c.id))
            .where(and_(questions.c.created_at >= since, or_(
                escalations.c.status.in_(["open", "claimed"]),
                and_(escalations.c.status.is_(None),
                     questions.c.outcome.in_(["escalate", "clarify"]) | questions.c.escalated_at.is_not(None)))))
        ).all()
        answered = conn.execute(
            select(escalations.c.created_at, escalations.c.answered_at)
            .where(escalations.c.created_at >= since, escalations.c.status == "answered",
                   escalations.c.answered_at.is_not(None))).all()
        still_open = conn.execute(select(func.count()).select_from(escalations).where(
            escalations.c.created_at >= since, escalations.c.status.in_(["open", "claimed"]))).scalar_one()
        by_week = conn.execute(select(questions.c.created_at, questions.c.outcome, questions.c.escalated_at)
                               .where(questions.c.created_at >= since)).all()
        down = conn.execute(
            select(feedback.c.entry_id, feedback.c.entry_version, feedback.c.reason, feedback.c.created_at)
            .where(and_(feedback.c.helpful.is_(False), feedback.c.created_at >= since))
            .order_by(feedback.c.created_at.desc())).all()
    waits = [(_utc(r.answered_at) - _utc(r.created_at)).total_seconds() for r in answered]
    weekly = weekly_trends([(_utc(r.created_at), r.outcome, r.escalated_at is not None) for r in by_week])
    asked = {r.entry_id: (r.n, r.last) for r in counts}
    voted = {r.entry_id: (int(r.up or 0), int(r.down or 0)) for r in votes}
    per_entry = []
    for entry_id in sorted(set(answers.entries) | set(asked), key=lambda e: (-asked.get(e, (0, None))[0], e)):
        n, last = asked.get(entry_id, (0, None))
        up, dn = voted.get(entry_id, (0, 0))
        per_entry.append({"entry": entry_id, "answered": n, "helpful": up, "not_helpful": dn,
                          "last_asked": last.date().isoformat() if last else "",
                          "in_answer_set": entry_id in answers.entries})
    groups = group_questions([(mask_contacts(readable(r.text, people=False)), r.created_at, r.outcome or "")
                              for r in open_rows])
    unanswered = [{"count": g.count, "example": g.example[:200],
                   "outcomes": ", ".join(f"{k} {v}" for k, v in sorted(g.outcomes.items())),
                   "last_asked": g.last_asked.date().isoformat() if g.last_asked else ""} for g in groups]
    not_helpful = [{"entry": r.entry_id, "version": r.entry_version, "reason": r.reason or "",
                    "date": r.created_at.date().isoformat()} for r in down]
    overdue = [{"entry": e.id, "owner": e.owner, "reviewed_on": e.reviewed_on.isoformat(),
                "due": e.review_due().isoformat(), "days_over": (today - e.review_due()).days}
               for e in answers.overdue(today)]
    return Report(since, per_entry, unanswered, not_helpful, overdue, time_to_answer(waits, still_open), weekly)
