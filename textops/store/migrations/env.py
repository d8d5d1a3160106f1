"""Alembic environment: migrates the connection textops hands over (``config.attributes["connection"]``)."""

from __future__ import annotations

from alembic import context

from textops.store._schema import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - textops always passes its engine's connection
    raise RuntimeError("run migrations through textops (textops db upgrade), not the alembic command")

context.configure(
    connection=connection,
    target_metadata=context.config.attributes.get("metadata", Base.metadata),
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
