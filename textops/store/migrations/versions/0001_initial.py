"""Initial schema (the tables as of 2026-12-06, before migrations existed).

Revision ID: 0001
Revises:
Create Date: 2026-12-06 22:32:17.713694
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    # idempotent: a database created before migrations existed (by create_all) may hold some of
    # these tables already; only the missing ones are created
    existing = set(sa.inspect(op.get_bind()).get_table_names())
    if "embeddings" not in existing:
        op.create_table(
            "embeddings",
            sa.Column("key", sa.String(length=64), nullable=False),
            sa.Column("model", sa.String(length=300), nullable=False),
            sa.Column("dim", sa.Integer(), nullable=False),
            sa.Column("vector", sa.LargeBinary(), nullable=False),
            sa.PrimaryKeyConstraint("key"),
        )
    if "workspaces" not in existing:
        op.create_table(
            "workspaces",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("name", sa.String(length=100), nullable=False),
            sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
            sa.PrimaryKeyConstraint("id"),
            sa.UniqueConstraint("name"),
        )
    if "api_keys" not in existing:
        op.create_table(
            "api_keys",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("workspace_id", sa.Integer(), nullable=False),
            sa.Column("name", sa.String(length=200), nullable=False),
            sa.Column("role", sa.String(length=10), nullable=False),
            sa.Column("prefix", sa.String(length=32), nullable=False),
            sa.Column("digest", sa.String(length=64), nullable=False),
            sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
            sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
            sa.ForeignKeyConstraint(["workspace_id"], ["workspaces.id"], ondelete="CASCADE"),
            sa.PrimaryKeyConstraint("id"),
            sa.UniqueConstraint("prefix"),
        )
        _index("api_keys", "workspace_id")

    if "corpora" not in existing:
        op.create_table(
            "corpora",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("workspace_id", sa.Integer(), nullable=False),
            sa.Column("name", sa.String(length=200), nullable=False),
            sa.Column("description", sa.Text(), nullable=True),
            sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
            sa.ForeignKeyConstraint(["workspace_id"], ["workspaces.id"], ondelete="CASCADE"),
            sa.PrimaryKeyConstraint("id"),
            sa.UniqueConstraint("workspace_id", "name"),
        )
        _index("corpora", "workspace_id")

    if "experiments" not in existing:
        op.create_table(
            "experiments",
            sa.Column("id", sa.String(length=36), nullable=False),
            sa.Column("workspace_id", sa.Integer(), nullable=False),
            sa.Column("name", sa.String(length=300), nullable=False),
            sa.Column("config", sa.JSON(), nullable=False),
            sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
            sa.ForeignKeyConstraint(["workspace_id"], ["workspaces.id"], ondelete="CASCADE"),
            sa.PrimaryKeyConstraint("id"),
        )
        _index("experiments", "workspace_id")

    if "jobs" not in existing:
        op.create_table(
            "jobs",
            sa.Column("id", sa.String(length=36), nullable=False),
            sa.Column("workspace_id", sa.Integer(), nullable=False),
            sa.Column("kind", sa.String(length=50), nullable=False),
            sa.Column("status", sa.String(length=20), nullable=False),
            sa.Column("done", sa.Integer(), nullable=False),
            sa.Column("total", sa.Integer(), nullable=False),
            sa.Column("message", sa.Text(), nullable=True),
            sa.Column("params", sa.JSON(), nullable=False),
            sa.Column("report_id", sa.String(length=36), nullable=True),
            sa.Column("error", sa.Text(), nullable=True),
            sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
            sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
            sa.ForeignKeyConstraint(["workspace_id"], ["workspaces.id"], ondelete="CASCADE"),
            sa.PrimaryKeyConstraint("id"),
        )
        _index("jobs", "workspace_id")

    if "reports" not in existing:
        op.create_table(
            "reports",
            sa.Column("id", sa.String(length=36), nullable=False),
            sa.Column("workspace_id", sa.Integer(), nullable=False),
            sa.Column("kind", sa.String(length=50), nullable=False),
            sa.Column("corpus_ids", sa.JSON(), nullable=False),
            sa.Column("params", sa.JSON(), nullable=False),
            sa.Column("result", sa.JSON(), nullable=False),
            sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
            sa.ForeignKeyConstraint(["workspace_id"], ["workspaces.id"], ondelete="CASCADE"),
            sa.PrimaryKeyConstraint("id"),
        )
        _index("reports", "workspace_id")

    if "documents" not in existing:
        op.create_table(
            "documents",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("corpus_id", sa.Integer(), nullable=False),
            sa.Column("kind", sa.String(length=20), nullable=False),
            sa.Column("external_id", sa.String(length=300), nullable=False),
            sa.Column("source", sa.String(length=500), nullable=True),
            sa.Column("content_hash", sa.String(length=64), nullable=False),
            sa.Column("title", sa.String(length=500), nullable=True),
            sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
            sa.Column("outcome", sa.String(length=20), nullable=True),
            sa.Column("segment", sa.String(length=100), nullable=True),
            sa.Column("n_units", sa.Integer(), nullable=False),
            sa.Column("n_words", sa.Integer(), nullable=False),
            sa.Column("body", sa.JSON(), nullable=False),
            sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
            sa.ForeignKeyConstraint(["corpus_id"], ["corpora.id"], ondelete="CASCADE"),
            sa.PrimaryKeyConstraint("id"),
            sa.UniqueConstraint("corpus_id", "content_hash"),
        )
        _index("documents", "corpus_id")

    if "embedding_links" not in existing:
        op.create_table(
            "embedding_links",
            sa.Column("key", sa.String(length=64), nullable=False),
            sa.Column("corpus_id", sa.Integer(), nullable=False),
            sa.ForeignKeyConstraint(["corpus_id"], ["corpora.id"], ondelete="CASCADE"),
            sa.PrimaryKeyConstraint("key", "corpus_id"),
        )
        _index("embedding_links", "corpus_id")

    if "experiment_arms" not in existing:
        op.create_table(
            "experiment_arms",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("experiment_id", sa.String(length=36), nullable=False),
            sa.Column("position", sa.Integer(), nullable=False),
            sa.Column("name", sa.String(length=200), nullable=False),
            sa.Column("text", sa.Text(), nullable=True),
            sa.Column("planned_share", sa.Float(), nullable=True),
            sa.ForeignKeyConstraint(["experiment_id"], ["experiments.id"], ondelete="CASCADE"),
            sa.PrimaryKeyConstraint("id"),
            sa.UniqueConstraint("experiment_id", "name"),
        )
        _index("experiment_arms", "experiment_id")

    if "experiment_observations" not in existing:
        op.create_table(
            "experiment_observations",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("arm_id", sa.Integer(), nullable=False),
            sa.Column("day", sa.Date(), nullable=False),
            sa.Column("visitors", sa.Integer(), nullable=False),
            sa.Column("conversions", sa.Integer(), nullable=False),
            sa.ForeignKeyConstraint(["arm_id"], ["experiment_arms.id"], ondelete="CASCADE"),
            sa.PrimaryKeyConstraint("id"),
            sa.UniqueConstraint("arm_id", "day"),
        )
        _index("experiment_observations", "arm_id")

    if "utterances" not in existing:
        op.create_table(
            "utterances",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("document_id", sa.Integer(), nullable=False),
            sa.Column("idx", sa.Integer(), nullable=False),
            sa.Column("speaker", sa.String(length=200), nullable=False),
            sa.Column("role", sa.String(length=20), nullable=False),
            sa.Column("start", sa.Float(), nullable=True),
            sa.Column("end", sa.Float(), nullable=True),
            sa.Column("text", sa.Text(), nullable=False),
            sa.ForeignKeyConstraint(["document_id"], ["documents.id"], ondelete="CASCADE"),
            sa.PrimaryKeyConstraint("id"),
        )
        op.create_index("ix_utterances_doc_idx", "utterances", ["document_id", "idx"], unique=False)
        _index("utterances", "role")


def _index(table: str, column: str) -> None:
    """The model's ``index=True`` on one column: ``ix_<table>_<column>``."""
    op.create_index(op.f(f"ix_{table}_{column}"), table, [column], unique=False)


def downgrade() -> None:
    """Revert this revision: drop every table, dependants first (a table's indexes go with it)."""
    for table in (
        "utterances",
        "experiment_observations",
        "experiment_arms",
        "embedding_links",
        "documents",
        "reports",
        "jobs",
        "experiments",
        "corpora",
        "api_keys",
        "workspaces",
        "embeddings",
    ):
        op.drop_table(table)
