"""``textops db status|upgrade``: the database schema, where it stands and upgrading it."""

from __future__ import annotations

from textops.cli._app import command_group, db_url, exit_on_error, out

__all__ = ["db_app"]

db_app = command_group("The database schema: where it stands, and upgrading it.", "textops db status")


@db_app.command("status")
def db_status() -> None:
    """Say which schema revision the database is at, and whether an upgrade is due.

    Example: textops --db sqlite:///var/textops.db db status
    """
    from textops.store import make_engine, schema_state

    with exit_on_error():
        state = schema_state(make_engine(db_url()))
    current = state.current or "none (a new database, or one made before migrations)"
    out.print(f"schema revision: {current}; newest: {state.head}")
    if not state.up_to_date:
        out.print("an upgrade is due: run `textops db upgrade` (textops also upgrades when it starts)")


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Bring the database to the newest schema revision, keeping its data.

    Every textops process does this when it starts; run it yourself before a deploy to see it done.

    Example: textops db upgrade
    """
    from textops.store import make_engine, upgrade_schema

    with exit_on_error():
        before = upgrade_schema(make_engine(db_url()))
    if before.up_to_date:
        out.print(f"the database is at the newest schema revision ({before.head}); nothing to do")
    else:
        out.print(f"upgraded the schema from {before.current or 'none'} to {before.head}")
