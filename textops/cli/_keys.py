"""``textops keys create|list|revoke``: API keys for a shared server (the first admin key is made here)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from textops.cli._app import command_group, console, exit_on_error, open_store, out

__all__ = ["keys_app"]

keys_app = command_group(
    "Create, list and revoke API keys (each bound to a workspace and a role).",
    "textops keys create --workspace default --role admin",
)


@keys_app.command("create")
def create(
    workspace: Annotated[
        str, typer.Option("--workspace", "-w", help="workspace name (created if absent)")
    ] = ("default"),
    role: Annotated[str, typer.Option("--role", "-r", help="read, write or admin")] = "admin",
    name: Annotated[str, typer.Option("--name", help="a label to recognise the key by")] = "",
) -> None:
    """Create a key and print its secret — shown this once; only a hash is stored.

    Example: textops keys create --workspace sales-emea --role admin --name "Dana (enablement lead)"
    """
    store = open_store()
    with exit_on_error():
        info, secret = store.create_key(store.workspace(workspace), role, name)
    console.print(
        f"created {info.role} key #{info.id} ({escape(info.name)}) for workspace "
        f"[bold]{escape(info.workspace)}[/bold]. Store the secret now; it cannot be shown again:"
    )
    out.print(secret, markup=False, highlight=False)


@keys_app.command("list")
def list_keys(
    workspace: Annotated[str, typer.Option("--workspace", "-w", help="workspace name")] = "default",
    include_revoked: Annotated[bool, typer.Option("--all", help="also show revoked keys")] = False,
) -> None:
    """List a workspace's keys (never their secrets).

    Example: textops keys list --workspace default --all
    """
    store = open_store()
    keys = store.list_keys(store.workspace(workspace), include_revoked=include_revoked)
    table = Table(title=f"API keys of {escape(workspace)}")
    for col in ("id", "name", "role", "prefix", "created", "revoked"):
        table.add_column(col)
    for k in keys:
        table.add_row(
            str(k.id),
            escape(k.name),
            k.role,
            k.prefix,
            k.created_at.strftime("%Y-%m-%d %H:%M"),
            k.revoked_at.strftime("%Y-%m-%d %H:%M") if k.revoked_at else "",
        )
    out.print(table)


@keys_app.command("revoke")
def revoke(
    key_id: Annotated[int, typer.Argument(help="the key's id (see `textops keys list`)")],
    workspace: Annotated[str, typer.Option("--workspace", "-w", help="workspace name")] = "default",
) -> None:
    """Revoke a key; it stops working at once.

    Example: textops keys revoke 1 --workspace default
    """
    store = open_store()
    with exit_on_error():
        info = store.revoke_key(store.workspace(workspace), key_id)
    console.print(f"revoked key #{info.id} ({escape(info.name)}) of {escape(info.workspace)}")
