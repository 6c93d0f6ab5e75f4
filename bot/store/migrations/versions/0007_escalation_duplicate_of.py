"""Closing as a duplicate says of which escalation: escalations.duplicate_of, so that the other escalation's answer
(given already, or later) is relayed to this asker too, once.

Only a new nullable column: the previous release keeps working on this schema.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-08
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("escalations", sa.Column("duplicate_of", sa.Integer, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("escalations") as batch:
        batch.drop_column("duplicate_of")
