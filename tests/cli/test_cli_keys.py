from __future__ import annotations

from typer.testing import CliRunner

from textops.cli import app
from textops.settings import Settings
from textops.store import Store

runner = CliRunner()


def test_keys_create_list_revoke(settings: Settings) -> None:
    db = ["--db", settings.resolved_database_url]
    created = runner.invoke(
        app, [*db, "keys", "create", "--workspace", "team-x", "--role", "admin", "--name", "ops"]
    )
    assert created.exit_code == 0, created.output
    secret = next(line for line in created.output.splitlines() if line.startswith("tok_"))
    store = Store(settings.resolved_database_url)
    info = store.authenticate(secret)
    assert info is not None and info.workspace == "team-x" and info.role == "admin" and info.name == "ops"
    listed = runner.invoke(app, [*db, "keys", "list", "--workspace", "team-x"])
    assert listed.exit_code == 0 and info.prefix in listed.output and secret not in listed.output
    revoked = runner.invoke(app, [*db, "keys", "revoke", str(info.id), "--workspace", "team-x"])
    assert revoked.exit_code == 0, revoked.output
    assert store.authenticate(secret) is None
    other = runner.invoke(app, [*db, "keys", "revoke", str(info.id), "--workspace", "someone-else"])
    assert other.exit_code == 2 and "not found" in other.output


def test_keys_create_rejects_an_unknown_role(settings: Settings) -> None:
    result = runner.invoke(app, ["--db", settings.resolved_database_url, "keys", "create", "--role", "owner"])
    assert result.exit_code == 2 and "unknown role" in result.output


def test_serve_refuses_auth_off_beyond_loopback(settings: Settings) -> None:
    result = runner.invoke(app, ["serve", "--no-auth", "--host", "0.0.0.0", "--no-warm"])
    assert result.exit_code == 2
    assert "refusing to serve with auth off" in result.output
