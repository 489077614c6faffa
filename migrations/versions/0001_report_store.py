"""Report store: reports, follow-ups and the delivery outbox.

Revision ID: 0001_report_store
Revises:
Create Date: 2024-11-23
"""
from alembic import op
import sqlalchemy as sa

revision = "0001_report_store"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference_code", sa.String(length=14), nullable=False),
        sa.Column("gemeente", sa.String(length=100), nullable=True),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_reports"),
        sa.UniqueConstraint("reference_code", name="uq_reports_reference_code"),
    )
    op.create_index("ix_reports_created_at", "reports", ["created_at"])
    op.create_table(
        "report_followups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["report_id"], ["reports.id"], ondelete="CASCADE",
                                name="fk_report_followups_report_id_reports"),
        sa.PrimaryKeyConstraint("id", name="pk_report_followups"),
    )
    op.create_index("ix_report_followups_report_id", "report_followups", ["report_id"])
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("followup_id", sa.Integer(), nullable=True),
        sa.Column("recipient_code", sa.String(length=40), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("destination", sa.String(length=320), nullable=False),
        sa.Column("secret_env", sa.String(length=100), nullable=True),
        sa.Column("idempotency_key", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=False),
        sa.Column("lease_expires_at", sa.DateTime(), nullable=True),
        sa.Column("claim_token", sa.String(length=36), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["report_id"], ["reports.id"], ondelete="CASCADE",
                                name="fk_outbox_report_id_reports"),
        sa.ForeignKeyConstraint(["followup_id"], ["report_followups.id"], ondelete="CASCADE",
                                name="fk_outbox_followup_id_report_followups"),
        sa.PrimaryKeyConstraint("id", name="pk_outbox"),
        sa.UniqueConstraint("idempotency_key", name="uq_outbox_idempotency_key"),
    )
    op.create_index("ix_outbox_report_id", "outbox", ["report_id"])
    op.create_index("ix_outbox_status_next_attempt_at", "outbox", ["status", "next_attempt_at"])


def downgrade() -> None:
    op.drop_index("ix_outbox_status_next_attempt_at", table_name="outbox")
    op.drop_index("ix_outbox_report_id", table_name="outbox")
    op.drop_table("outbox")
    op.drop_index("ix_report_followups_report_id", table_name="report_followups")
    op.drop_table("report_followups")
    op.drop_index("ix_reports_created_at", table_name="reports")
    op.drop_table("reports")
