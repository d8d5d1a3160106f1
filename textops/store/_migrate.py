"""Schema migrations with Alembic, applied by every :class:`~textops.store.Store` when it starts.

``textops db upgrade`` does the same on demand, and ``textops db status`` tells where a database stands.

* A new, empty database gets the tables from the models (``create_all``) and is stamped with the newest
  revision — the quick path every test database takes; a test checks that the revisions build exactly
  the same schema.
* A database made before migrations existed (tables, no ``alembic_version``) is upgraded from the first
  revision, whose steps only create the tables it lacks.
* Any other database is upgraded from its recorded revision. On PostgreSQL an advisory lock serialises
  servers that start at the same moment.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect, text

from textops.store._connect import database_errors
from textops.store._schema import Base

__all__ = ["MIGRATIONS", "SchemaState", "head_revision", "schema_state", "upgrade_schema"]

MIGRATIONS = Path(__file__).parent / "migrations"
"""The Alembic script folder shipped with textops."""

_LOCK_ID = 7_270_001  # pg_advisory_xact_lock key for "textops schema upgrade"


@dataclass(frozen=True)
class SchemaState:
    """Where a database's schema stands: its recorded revision and the newest one textops knows."""

    current: str | None
    head: str

    @property
    def up_to_date(self) -> bool:
        """True when the database is at the newest revision."""
        return self.current == self.head


def _config(connection: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


@lru_cache(maxsize=1)
def head_revision() -> str:
    """The newest revision in the shipped migrations."""
    head = ScriptDirectory.from_config(_config()).get_current_head()
    if head is None:  # pragma: no cover - the package ships its revisions
        raise RuntimeError(f"no migrations found in {MIGRATIONS}")
    return head


def _current(connection: Connection) -> str | None:
    rev: Any = MigrationContext.configure(connection).get_current_revision()
    return str(rev) if rev is not None else None


def schema_state(engine: Engine) -> SchemaState:
    """The database's recorded revision and the newest one.

    Raises :class:`~textops.errors.DatabaseUnavailableError` when the database cannot be reached or opened.
    """
    with database_errors(engine), engine.connect() as conn:
        return SchemaState(_current(conn), head_revision())


def upgrade_schema(engine: Engine) -> SchemaState:
    """Bring the database to the newest revision (see the module docstring); returns the state before.

    The first thing a :class:`~textops.store.Store` does: a database that cannot be reached or opened
    raises :class:`~textops.errors.DatabaseUnavailableError` here, saying which and why.
    """
    with database_errors(engine), engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOCK_ID})
        before = SchemaState(_current(conn), head_revision())
        if before.up_to_date:
            return before
        if before.current is None and not inspect(conn).get_table_names():
            Base.metadata.create_all(conn)
            command.stamp(_config(conn), "head")
        else:
            command.upgrade(_config(conn), "head")
        return before
