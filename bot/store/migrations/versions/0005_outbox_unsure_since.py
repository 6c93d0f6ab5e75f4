"""Delivery after a timeout: outbox.unsure_since, when a call last timed out or lost its connection.

Slack may still be posting such a message, so until PRIVACY_BOT_OUTBOX_SETTLE has passed since then the delivery
worker only looks for it, and does not post it again.

Only a new nullable column: the previous release keeps working on this schema.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-08
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("outbox", sa.Column("unsure_since", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("unsure_since")
