"""Escalation workflow: escalations and the outbox of Slack messages that follow their changes.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _time(name: str, *, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "escalations",
        sa.Column("question_id", sa.Integer, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("why", sa.Text, nullable=False),
        sa.Column("requested_by", sa.String(32), nullable=True),
        sa.Column("decision", sa.Text, nullable=False),
        sa.Column("triage_channel", sa.String(32), nullable=False),
        sa.Column("triage_ts", sa.String(32), nullable=True),
        sa.Column("claimed_by", sa.String(32), nullable=True),
        _time("claimed_at", nullable=True),
        sa.Column("answered_by", sa.String(32), nullable=True),
        sa.Column("answered_by_name", sa.String(80), nullable=True),
        _time("answered_at", nullable=True),
        sa.Column("draft", sa.Text, nullable=True),
        sa.Column("entry_id", sa.String(200), nullable=True),
        sa.Column("entry_version", sa.String(64), nullable=True),
        sa.Column("closed_by", sa.String(32), nullable=True),
        _time("closed_at", nullable=True),
        sa.Column("close_reason", sa.String(16), nullable=True),
        _time("reminded_at", nullable=True),
        _time("created_at"),
        _time("updated_at"),
        sa.PrimaryKeyConstraint("question_id", name="pk_escalations"),
        sa.ForeignKeyConstraint(["question_id"], ["questions.id"], ondelete="CASCADE",
                                name="fk_escalations_question_id_questions"),
    )
    op.create_index("ix_escalations_status_created", "escalations", ["status", "created_at"])
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("question_id", sa.Integer, nullable=False),
        sa.Column("stream", sa.String(64), nullable=False),
        sa.Column("notice", sa.String(32), nullable=False),
        sa.Column("reply_url", sa.Text, nullable=True),
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
        sa.ForeignKeyConstraint(["question_id"], ["escalations.question_id"], ondelete="CASCADE",
                                name="fk_outbox_question_id_escalations"),
    )
    op.create_index("ix_outbox_status_due", "outbox", ["status", "next_attempt_at"])
    op.create_index("ix_outbox_stream", "outbox", ["stream", "status", "id"])


def downgrade() -> None:
    op.drop_index("ix_outbox_stream", table_name="outbox")
    op.drop_index("ix_outbox_status_due", table_name="outbox")
    op.drop_table("outbox")
    op.drop_index("ix_escalations_status_created", table_name="escalations")
    op.drop_table("escalations")
