"""Browser sessions (server-side, #16 item 10); 64-bit experiment counts (#16 item 3).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-06 22:32:17.930778
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "browser_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("key_id", sa.Integer(), nullable=False),
        sa.Column("csrf", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["key_id"], ["api_keys.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("digest"),
    )
    op.create_index(op.f("ix_browser_sessions_key_id"), "browser_sessions", ["key_id"], unique=False)

    with op.batch_alter_table("experiment_observations", schema=None) as batch_op:
        batch_op.alter_column(
            "visitors", existing_type=sa.INTEGER(), type_=sa.BigInteger(), existing_nullable=False
        )
        batch_op.alter_column(
            "conversions", existing_type=sa.INTEGER(), type_=sa.BigInteger(), existing_nullable=False
        )


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("experiment_observations", schema=None) as batch_op:
        batch_op.alter_column(
            "conversions", existing_type=sa.BigInteger(), type_=sa.INTEGER(), existing_nullable=False
        )
        batch_op.alter_column(
            "visitors", existing_type=sa.BigInteger(), type_=sa.INTEGER(), existing_nullable=False
        )

    op.drop_table("browser_sessions")  # its index goes with it
