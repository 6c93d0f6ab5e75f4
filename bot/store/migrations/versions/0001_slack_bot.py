"""Slack bot: questions, processed events, feedback, rate limits.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _time(name: str, *, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "questions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("team", sa.String(32), nullable=False),
        sa.Column("channel", sa.String(32), nullable=False),
        sa.Column("ts", sa.String(32), nullable=True),
        sa.Column("thread_ts", sa.String(32), nullable=True),
        sa.Column("asker", sa.String(32), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("original_length", sa.Integer, nullable=False),
        sa.Column("outcome", sa.String(16), nullable=True),
        sa.Column("entry_id", sa.String(200), nullable=True),
        sa.Column("entry_version", sa.String(64), nullable=True),
        _time("created_at"),
        _time("claimed_at"),
        _time("replied_at", nullable=True),
        _time("escalated_at", nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_questions"),
        sa.UniqueConstraint("team", "channel", "ts", name="uq_questions_message"),
    )
    op.create_index("ix_questions_asker_created", "questions", ["asker", "created_at"])
    op.create_table(
        "processed_events",
        sa.Column("event_id", sa.String(64), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        _time("received_at"),
        _time("updated_at"),
        sa.PrimaryKeyConstraint("event_id", name="pk_processed_events"),
    )
    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("question_id", sa.Integer, nullable=False),
        sa.Column("entry_id", sa.String(200), nullable=False),
        sa.Column("entry_version", sa.String(64), nullable=False),
        sa.Column("user", sa.String(32), nullable=False),
        sa.Column("helpful", sa.Boolean, nullable=False),
        sa.Column("reason", sa.Text, nullable=True),
        _time("created_at"),
        sa.PrimaryKeyConstraint("id", name="pk_feedback"),
        sa.ForeignKeyConstraint(["question_id"], ["questions.id"], ondelete="CASCADE",
                                name="fk_feedback_question_id_questions"),
        sa.UniqueConstraint("question_id", "entry_id", "user", name="uq_feedback_vote"),
    )
    op.create_table(
        "rate_limits",
        sa.Column("key", sa.String(80), nullable=False),
        sa.Column("window", sa.Integer, nullable=False),
        sa.Column("count", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("key", "window", name="pk_rate_limits"),
    )


def downgrade() -> None:
    op.drop_table("rate_limits")
    op.drop_table("feedback")
    op.drop_table("processed_events")
    op.drop_index("ix_questions_asker_created", table_name="questions")
    op.drop_table("questions")
