"""Exactly-once submission: a report remembers which conversation confirmed which content.

``submission_key`` makes a retried or replayed confirmation return the same report;
``conversation_key`` lets "wat was mijn code?" find it after a crash. Both are keyed hashes
(never the sender id itself) and go with the report when it is deleted or purged.

Revision ID: 0002_submission_keys
Revises: 0001_report_store
Create Date: 2026-12-06
"""
from alembic import op
import sqlalchemy as sa

revision = "0002_submission_keys"
down_revision = "0001_report_store"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("reports") as batch:  # batch: SQLite cannot add a constraint in place
        batch.add_column(sa.Column("submission_key", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("conversation_key", sa.String(length=64), nullable=True))
        batch.create_unique_constraint("uq_reports_submission_key", ["submission_key"])
        batch.create_index("ix_reports_conversation_key", ["conversation_key"])


def downgrade() -> None:
    with op.batch_alter_table("reports") as batch:
        batch.drop_index("ix_reports_conversation_key")
        batch.drop_constraint("uq_reports_submission_key", type_="unique")
        batch.drop_column("conversation_key")
        batch.drop_column("submission_key")
