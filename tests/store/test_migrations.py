"""Schema migrations (Alembic), on SQLite and PostgreSQL: the revisions build the models' schema, and a
database made before migrations existed is upgraded in place with its data."""

from __future__ import annotations

from datetime import date, timedelta

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text
from typer.testing import CliRunner

from textops.store import Store, head_revision, make_engine, schema_state
from textops.store._experiments import Observation
from textops.store._migrate import _config
from textops.store._schema import Base


def test_the_revisions_build_exactly_the_models_schema(database_url: str) -> None:
    engine = make_engine(database_url)
    with engine.begin() as conn:
        command.upgrade(_config(conn), "head")  # every revision from an empty database
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    assert diff == [], diff
    assert schema_state(engine).current == head_revision()
    engine.dispose()


def test_every_revision_downgrades_to_an_empty_database_and_up_again(database_url: str) -> None:
    engine = make_engine(database_url)
    with engine.begin() as conn:
        command.upgrade(_config(conn), "head")
        command.downgrade(_config(conn), "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    with engine.begin() as conn:
        command.upgrade(_config(conn), "head")
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    assert diff == [], diff
    engine.dispose()


def test_a_new_database_is_created_at_the_newest_revision(database_url: str) -> None:
    Store(database_url)
    state = schema_state(make_engine(database_url))
    assert state.up_to_date and state.current == head_revision()


def _pre_migration_database(url: str) -> None:
    """What a textops before migrations left: the first revision's tables, no alembic_version, data."""
    engine = make_engine(url)
    with engine.begin() as conn:
        command.upgrade(_config(conn), "0001")
        conn.execute(text("DROP TABLE alembic_version"))
        conn.execute(
            text("INSERT INTO workspaces (id, name, created_at) VALUES (7, 'sales', CURRENT_TIMESTAMP)")
        )
        conn.execute(
            text(
                "INSERT INTO corpora (id, workspace_id, name, created_at) "
                "VALUES (3, 7, 'q3-calls', CURRENT_TIMESTAMP)"
            )
        )
    assert "browser_sessions" not in inspect(engine).get_table_names()
    engine.dispose()


def test_a_database_from_before_migrations_is_upgraded_with_its_data(database_url: str) -> None:
    _pre_migration_database(database_url)
    store = Store(database_url)  # every start upgrades
    ws = store.workspace("sales")
    assert ws == 7 and [c.name for c in store.list_corpora(ws)] == ["q3-calls"]
    assert schema_state(store.engine).up_to_date
    # what the new revision added works: browser sessions and 64-bit counts
    info, _ = store.create_key(ws, "read")
    sid, _ = store.open_browser_session(info.id, timedelta(hours=1))
    assert store.browser_session(sid) is not None
    exp = store.create_experiment(ws, "big", [("control", None, None), ("b", None, None)])
    day = date(2026, 3, 1)
    store.record_observations(
        ws, exp.id, [Observation(day=day, arm="control", visitors=3 * 2**31, conversions=5)]
    )
    _, rows = store.load_observations(ws, exp.id)
    assert rows[0].visitors == 3 * 2**31


def test_textops_db_upgrade_and_status(database_url: str) -> None:
    from textops.cli import app

    _pre_migration_database(database_url)
    runner = CliRunner()
    status = runner.invoke(app, ["--db", database_url, "db", "status"])
    assert status.exit_code == 0 and "an upgrade is due" in status.output
    done = runner.invoke(app, ["--db", database_url, "db", "upgrade"])
    assert done.exit_code == 0 and f"to {head_revision()}" in done.output, done.output
    again = runner.invoke(app, ["--db", database_url, "db", "upgrade"])
    assert "nothing to do" in again.output
