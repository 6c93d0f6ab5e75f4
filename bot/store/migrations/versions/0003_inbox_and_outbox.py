"""Every request recorded before the ack (inbox); every reply through one outbox with idempotency keys.

- inbox: what arrived from Slack, handled by one worker at a time until done (replaces processed_events).
- outbox: any message (answers, clarifications, notes, escalation messages), keyed so that queueing twice is a
  no-op; pending escalation messages of 0002 are carried over.
- feedback: one verdict per answer message (when several people voted on one answer, the latest vote is kept).
- questions.origin: the inbox item a question came from, so handling it twice records it once.
- leases: which replica runs a scheduled job (e.g. the daily source check).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _time(name: str, *, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _outbox(name: str) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("question_id", sa.Integer, nullable=True),
        sa.Column("stream", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("maybe_sent", sa.Boolean, nullable=False),
        sa.Column("locked_by", sa.String(80), nullable=True),
        _time("locked_until", nullable=True),
        _time("next_attempt_at"),
        _time("first_attempt_at", nullable=True),
        sa.Column("last_error", sa.Text, nullable=True),
        sa.Column("sent_channel", sa.String(32), nullable=True),
        sa.Column("sent_ts", sa.String(32), nullable=True),
        _time("sent_at", nullable=True),
        _time("created_at"),
        sa.PrimaryKeyConstraint("id", name="pk_outbox"),
        sa.UniqueConstraint("key", name="uq_outbox_key"),
        sa.ForeignKeyConstraint(["question_id"], ["questions.id"], ondelete="CASCADE",
                                name="fk_outbox_question_id_questions"),
    )


def upgrade() -> None:
    op.create_table(
        "inbox",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("locked_by", sa.String(80), nullable=True),
        _time("locked_until", nullable=True),
        _time("next_attempt_at"),
        sa.Column("last_error", sa.Text, nullable=True),
        _time("created_at"),
        _time("done_at", nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_inbox"),
        sa.UniqueConstraint("key", name="uq_inbox_key"),
    )
    op.create_index("ix_inbox_status_due", "inbox", ["status", "next_attempt_at"])
    op.create_table(
        "leases",
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("holder", sa.String(80), nullable=False),
        _time("until"),
        _time("last_run_at", nullable=True),
        sa.PrimaryKeyConstraint("name", name="pk_leases"),
    )
    op.drop_table("processed_events")
    with op.batch_alter_table("questions") as batch:  # the inbox item a question came from: handled once
        batch.add_column(sa.Column("origin", sa.String(40), nullable=True))
        batch.create_unique_constraint("uq_questions_origin", ["origin"])

    # The outbox: read the 0002 rows, recreate the table in the new shape, and carry them over.
    conn = op.get_bind()
    old = sa.table("outbox", *(sa.column(c) for c in (
        "id", "question_id", "stream", "notice", "reply_url", "status", "attempts", "maybe_sent", "locked_by",
        "locked_until", "next_attempt_at", "first_attempt_at", "last_error", "sent_channel", "sent_ts", "sent_at",
        "created_at")))
    new = sa.table("outbox", *(sa.column(c) for c in (
        "id", "key", "question_id", "stream", "kind", "payload", "status", "attempts", "maybe_sent", "locked_by",
        "locked_until", "next_attempt_at", "first_attempt_at", "last_error", "sent_channel", "sent_ts", "sent_at",
        "created_at")))
    rows = []
    for r in conn.execute(sa.select(old)).mappings():
        side = "asker" if str(r["notice"]).startswith("asker") else "triage"
        reply = {"key": f"q{r['question_id']}:{r['notice']}:{r['id']}", "stream": f"q{r['question_id']}:{side}",
                 "question_id": r["question_id"], "target": {},
                 "body": {"kind": "escalation", "question_id": r["question_id"], "notice": r["notice"],
                          "reply_url": r["reply_url"]}}
        rows.append({**{k: r[k] for k in ("id", "question_id", "status", "attempts", "maybe_sent", "locked_by",
                                          "locked_until", "next_attempt_at", "first_attempt_at", "last_error",
                                          "sent_channel", "sent_ts", "sent_at", "created_at")},
                     "key": reply["key"], "stream": reply["stream"], "kind": "escalation",
                     "payload": json.dumps(reply)})
    op.drop_index("ix_outbox_status_due", table_name="outbox")
    op.drop_index("ix_outbox_stream", table_name="outbox")
    op.drop_table("outbox")
    _outbox("outbox")
    if rows:
        conn.execute(sa.insert(new), rows)
        if conn.dialect.name == "postgresql":  # the id sequence goes on after the rows carried over
            op.execute("SELECT setval(pg_get_serial_sequence('outbox', 'id'), (SELECT MAX(id) FROM outbox))")
    op.create_index("ix_outbox_status_due", "outbox", ["status", "next_attempt_at"])
    op.create_index("ix_outbox_stream", "outbox", ["stream", "status", "id"])

    # One verdict per answer message: keep the latest when several people voted on one answer.
    op.execute("DELETE FROM feedback WHERE id NOT IN (SELECT MAX(id) FROM feedback GROUP BY question_id, entry_id)")
    with op.batch_alter_table("feedback") as batch:
        batch.drop_constraint("uq_feedback_vote", type_="unique")
        batch.create_unique_constraint("uq_feedback_answer", ["question_id", "entry_id"])


def downgrade() -> None:
    raise NotImplementedError("0003 cannot be undone: restore the backup taken before the upgrade")
