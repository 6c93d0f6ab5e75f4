"""The database tables (SQLAlchemy Core). Changes here need an Alembic migration in migrations/versions."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


def _time(name: str, *, nullable: bool = False) -> Column[object]:
    return Column(name, DateTime(timezone=True), nullable=nullable)


questions = Table(
    "questions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("team", String(32), nullable=False),
    Column("channel", String(32), nullable=False),
    Column("ts", String(32), nullable=True),  # NULL for slash commands, which have no message
    Column("thread_ts", String(32), nullable=True),
    Column("asker", String(32), nullable=False),
    Column("text", Text, nullable=False),
    Column("source", String(16), nullable=False),
    Column("original_length", Integer, nullable=False, default=0),
    Column("origin", String(40), nullable=True, unique=True),  # the inbox item it came from
    Column("outcome", String(16), nullable=True),  # a Handling value; NULL until the bot replied
    Column("entry_id", String(200), nullable=True),
    Column("entry_version", String(64), nullable=True),
    _time("created_at"),
    _time("claimed_at"),
    _time("replied_at", nullable=True),
    _time("escalated_at", nullable=True),
    UniqueConstraint("team", "channel", "ts", name="uq_questions_message"),
    Index("ix_questions_asker_created", "asker", "created_at"),
    Index("ix_questions_entry_created", "entry_id", "created_at"),  # who was answered with an entry (updates)
)

inbox = Table(
    "inbox",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key", String(200), nullable=False, unique=True),  # a Slack message, click or form; retries share it
    Column("kind", String(16), nullable=False),  # question | action | submission | home
    Column("payload", Text, nullable=False),  # JSON: the parsed bot.core.inbox item
    Column("status", String(16), nullable=False),  # pending | done | failed
    Column("attempts", Integer, nullable=False),
    Column("locked_by", String(80), nullable=True),
    _time("locked_until", nullable=True),
    _time("next_attempt_at"),
    Column("last_error", Text, nullable=True),
    _time("created_at"),
    _time("done_at", nullable=True),
    Index("ix_inbox_status_due", "status", "next_attempt_at"),
)

leases = Table(
    "leases",
    metadata,
    Column("name", String(80), primary_key=True),  # a scheduled job, e.g. the daily source check
    Column("holder", String(80), nullable=False),
    _time("until"),
    _time("last_run_at", nullable=True),
)

feedback = Table(
    "feedback",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("question_id", Integer, ForeignKey("questions.id", ondelete="CASCADE"), nullable=False),
    Column("entry_id", String(200), nullable=False),
    Column("entry_version", String(64), nullable=False),
    Column("user", String(32), nullable=False),
    Column("helpful", Boolean, nullable=False),
    Column("reason", Text, nullable=True),
    _time("created_at"),
    UniqueConstraint("question_id", "entry_id", name="uq_feedback_answer"),  # one verdict per answer message
)

rate_limits = Table(
    "rate_limits",
    metadata,
    Column("key", String(80), primary_key=True),
    Column("window", Integer, primary_key=True),  # minutes since the epoch
    Column("count", Integer, nullable=False),
)

escalations = Table(
    "escalations",
    metadata,
    Column("question_id", Integer, ForeignKey("questions.id", ondelete="CASCADE"), primary_key=True),
    Column("status", String(16), nullable=False),  # open | claimed | answered | closed
    Column("why", Text, nullable=False),
    Column("requested_by", String(32), nullable=True),
    Column("decision", Text, nullable=False),  # JSON: near misses with scores, providers, platforms
    Column("triage_channel", String(32), nullable=False),
    Column("triage_ts", String(32), nullable=True),  # known once the triage post is delivered
    Column("claimed_by", String(32), nullable=True),
    _time("claimed_at", nullable=True),
    Column("answered_by", String(32), nullable=True),
    Column("answered_by_name", String(80), nullable=True),
    _time("answered_at", nullable=True),
    Column("draft", Text, nullable=True),  # JSON: the written answer (bot.core.drafts.Draft)
    Column("entry_id", String(200), nullable=True),  # or the curated entry sent instead
    Column("entry_version", String(64), nullable=True),
    Column("closed_by", String(32), nullable=True),
    _time("closed_at", nullable=True),
    Column("close_reason", String(16), nullable=True),
    _time("reminded_at", nullable=True),
    _time("created_at"),
    _time("updated_at"),
    Column("undelivered", String(32), nullable=True),  # the asker's message given up (its Notice), if any
    Column("duplicate_of", Integer, nullable=True),  # closed as a duplicate of this escalation (its answer is relayed)
    Index("ix_escalations_status_created", "status", "created_at"),
)

outbox = Table(
    "outbox",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key", String(200), nullable=False, unique=True),  # queueing a key twice keeps the first
    Column("question_id", Integer, ForeignKey("questions.id", ondelete="CASCADE"), nullable=True),
    Column("stream", String(200), nullable=False),  # messages of one stream go out in id order
    Column("kind", String(32), nullable=False),  # the body's kind (answer, clarify, escalation, ...)
    Column("payload", Text, nullable=False),  # JSON: the bot.core.replies.Reply
    Column("status", String(16), nullable=False),  # pending | sent | failed (reached nobody: given up)
    Column("attempts", Integer, nullable=False),
    Column("maybe_sent", Boolean, nullable=False),
    Column("locked_by", String(80), nullable=True),
    _time("locked_until", nullable=True),  # set while a worker sends it; a lapsed lease means it died trying
    _time("next_attempt_at"),
    _time("first_attempt_at", nullable=True),
    _time("unsure_since", nullable=True),  # a call timed out or lost its connection: Slack may still be posting it
    Column("last_error", Text, nullable=True),
    Column("sent_channel", String(32), nullable=True),
    Column("sent_ts", String(32), nullable=True),
    _time("sent_at", nullable=True),
    _time("created_at"),
    Index("ix_outbox_status_due", "status", "next_attempt_at"),
    Index("ix_outbox_stream", "stream", "status", "id"),
)

seen_entries = Table(
    "seen_entries",
    metadata,
    Column("entry_id", String(200), primary_key=True),  # an entry some process loaded: its later changes are news
    _time("first_seen_at"),
)

entry_changes = Table(
    "entry_changes",
    metadata,
    Column("key", String(240), primary_key=True),  # entry@date#n: recorded once across replicas
    Column("entry_id", String(200), nullable=False),
    Column("change_date", Date, nullable=False),
    Column("summary", Text, nullable=False),
    Column("entry_version", String(64), nullable=False),  # the version that brought the change
    Column("status", String(16), nullable=False),  # baseline | pending | announced | skipped
    _time("seen_at"),
    _time("announced_at", nullable=True),
    Column("updates", Integer, nullable=False, default=0),  # updates queued for earlier askers
    Index("ix_entry_changes_status_seen", "status", "seen_at"),
)

update_mutes = Table(
    "update_mutes",
    metadata,
    Column("user", String(32), primary_key=True),  # someone who muted updates about changed answers
    _time("muted_at"),
)

source_flags = Table(
    "source_flags",
    metadata,
    Column("entry_id", String(200), primary_key=True),  # an entry whose sources changed at the last daily check
    Column("summary", Text, nullable=False),
    _time("checked_at"),
)
