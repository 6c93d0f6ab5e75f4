"""Answers that stay true: material changes seen, entries known, muted updates, sources flagged by the daily check.

- seen_entries: the entries some process has loaded; a material change of an entry known before the load that
  brought it is announced to earlier askers, the changes present at a database's first load are not.
- entry_changes: each material change once (its key), with its status (baseline, pending, announced, skipped).
- update_mutes: people who muted updates about changed answers.
- source_flags: the entries whose cited pages changed at the last daily check (for the weekly digest).
- ix_questions_entry_created: finding who was answered with an entry.

Only new tables and an index: the previous release keeps working on this schema.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _time(name: str, *, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "seen_entries",
        sa.Column("entry_id", sa.String(200), nullable=False),
        _time("first_seen_at"),
        sa.PrimaryKeyConstraint("entry_id", name="pk_seen_entries"),
    )
    op.create_table(
        "entry_changes",
        sa.Column("key", sa.String(240), nullable=False),
        sa.Column("entry_id", sa.String(200), nullable=False),
        sa.Column("change_date", sa.Date, nullable=False),
        sa.Column("summary", sa.Text, nullable=False),
        sa.Column("entry_version", sa.String(64), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        _time("seen_at"),
        _time("announced_at", nullable=True),
        sa.Column("updates", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_entry_changes"),
    )
    op.create_index("ix_entry_changes_status_seen", "entry_changes", ["status", "seen_at"])
    op.create_table(
        "update_mutes",
        sa.Column("user", sa.String(32), nullable=False),
        _time("muted_at"),
        sa.PrimaryKeyConstraint("user", name="pk_update_mutes"),
    )
    op.create_table(
        "source_flags",
        sa.Column("entry_id", sa.String(200), nullable=False),
        sa.Column("summary", sa.Text, nullable=False),
        _time("checked_at"),
        sa.PrimaryKeyConstraint("entry_id", name="pk_source_flags"),
    )
    op.create_index("ix_questions_entry_created", "questions", ["entry_id", "created_at"])


def downgrade() -> None:
    op.drop_index("ix_questions_entry_created", table_name="questions")
    op.drop_table("source_flags")
    op.drop_table("update_mutes")
    op.drop_index("ix_entry_changes_status_seen", table_name="entry_changes")
    op.drop_table("entry_changes")
    op.drop_table("seen_entries")
