"""A message for the asker of an escalation given up: escalations.undelivered, the notice that reached them neither
in their conversation nor by direct message, so the triage message itself says it was not delivered.

Only a new nullable column: the previous release keeps working on this schema.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-08
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("escalations", sa.Column("undelivered", sa.String(32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("escalations") as batch:
        batch.drop_column("undelivered")
