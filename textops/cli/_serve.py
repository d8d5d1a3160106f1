"""``textops serve|version``: run the HTTP API and web UI; say which textops this is."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from textops.cli._app import console, db_option, exit_on_error, fail, out
from textops.errors import InvalidInputError
from textops.settings import get_settings, override_settings

__all__ = ["serve", "version"]

_LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})


def serve(
    host: Annotated[str, typer.Option(help="interface to bind")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port")] = 8000,
    load_demo: Annotated[
        bool, typer.Option("--demo/--no-demo", help="load the demo corpus at start-up")
    ] = False,
    warm: Annotated[bool, typer.Option("--warm/--no-warm", help="load the models before answering")] = True,
    auth: Annotated[
        bool | None,
        typer.Option(
            "--auth/--no-auth",
            help="require API keys (default: TEXTOPS_AUTH_ENABLED, which is on); --no-auth is local "
            "single-user mode and refuses a non-loopback --host",
        ),
    ] = None,
) -> None:
    """Start the HTTP API (docs at /docs, web UI at /).

    Example: textops serve --demo --no-auth --port 8000
    """
    import uvicorn

    from api.app import create_app
    from textops.store import Store

    overrides: dict[str, Any] = {"demo_corpus": load_demo, "api_warm_models": warm}
    if auth is not None:
        overrides["auth_enabled"] = auth
    auth_on = get_settings().auth_enabled if auth is None else auth
    if not auth_on and host not in _LOOPBACK:
        raise fail(
            InvalidInputError(
                f"refusing to serve with auth off on {host}: anyone who can reach it could read every "
                "transcript",
                hint="keep --host 127.0.0.1, or turn auth on and create a key with `textops keys create`",
            )
        )
    if db_option():
        overrides["database_url"] = db_option()
    with override_settings(**overrides) as settings:
        from api.observability import configure_logging

        configure_logging(settings)
        with exit_on_error():  # a database that cannot be opened: say which and why, before uvicorn starts
            store = Store(settings.resolved_database_url)
        console.print(f"textops API on http://{host}:{port}  (docs: http://{host}:{port}/docs)")
        # proxy_headers=False: uvicorn would otherwise believe X-Forwarded-For from 127.0.0.1, letting a
        # local client pick its address; the app reads it itself, from TEXTOPS_TRUSTED_PROXIES only.
        uvicorn.run(
            create_app(settings, store=store),
            host=host,
            port=port,
            log_config=None,
            access_log=False,
            proxy_headers=False,
        )


def version() -> None:
    """Print the textops version.

    Example: textops version
    """
    from textops import __version__

    out.print(__version__)
