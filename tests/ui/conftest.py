"""Browser fixtures for the web UI's end-to-end tests: a real uvicorn server and Debian's headless Chromium.

Screenshots go to ``test-artifacts/ui-screenshots/`` (or ``$TEXTOPS_UI_SCREENSHOTS``); the run prints the
folder at the end. Chromium is ``$TEXTOPS_CHROMIUM`` or ``/usr/bin/chromium`` (``make browser`` installs it;
``playwright install`` cannot download here).
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.ui import mount_ui
from tests.support import ARTIFACTS, AppClientFactory, AppFactory
from tests.ui.browser import Web

SCREENSHOTS = Path(os.environ.get("TEXTOPS_UI_SCREENSHOTS") or ARTIFACTS / "ui-screenshots")
CHROMIUM = os.environ.get("TEXTOPS_CHROMIUM") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

_saved: list[Path] = []


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    """Say where the screenshots of this run are."""
    if _saved:
        terminalreporter.section("web UI screenshots")
        terminalreporter.write_line(f"{len(_saved)} screenshot(s) of the web UI saved in {SCREENSHOTS}/")


class LiveServer:
    """``app`` served by uvicorn on a free loopback port, in a thread."""

    def __init__(self, app: FastAPI) -> None:
        mount_ui(app)  # no-op once create_app mounts the UI itself
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", 0))
        self.port = self._sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, log_level="warning", lifespan="on", timeout_graceful_shutdown=2)
        self.server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self._sock]}, daemon=True)

    def start(self) -> LiveServer:
        self._thread.start()
        deadline = time.monotonic() + 60
        while not self.server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the test server did not start")
            time.sleep(0.05)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self._thread.join(timeout=15)
        self._sock.close()


@pytest.fixture
def ui(app_client: AppClientFactory) -> TestClient:
    """An in-process client of the app (pages and API) with the fake embedder: no browser."""
    return app_client()


@pytest.fixture
def live_server() -> Iterator[Callable[[FastAPI], LiveServer]]:
    """Start servers for apps; they stop at the end of the test."""
    started: list[LiveServer] = []

    def start(app: FastAPI) -> LiveServer:
        server = LiveServer(app).start()
        started.append(server)
        return server

    yield start
    for s in started:
        s.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Chromium driven by Playwright."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip(f"no Chromium at {CHROMIUM}: run `make browser` or set TEXTOPS_CHROMIUM")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


class Shots:
    """Saves full-page screenshots under :data:`SCREENSHOTS` with a test-specific prefix."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def __call__(self, page: Any, name: str, *, full_page: bool = True) -> Path:
        path = SCREENSHOTS / f"{self.prefix}-{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        _saved.append(path)
        return path


@pytest.fixture
def shots(request: pytest.FixtureRequest) -> Shots:
    """Screenshot saver named after the test module."""
    return Shots(request.module.__name__.rpartition(".")[2].removeprefix("test_ui_"))


@pytest.fixture
def open_page(browser: Any) -> Iterator[Callable[[LiveServer], Any]]:
    """A fresh browser context and page for a server; requests anywhere else and page errors are recorded
    (``page.outside`` and ``page.errors``) so a test can assert there were none."""
    contexts: list[Any] = []

    def make(server: LiveServer) -> Any:
        ctx = browser.new_context(base_url=server.url, viewport={"width": 1366, "height": 900})
        ctx.set_default_timeout(20_000)
        contexts.append(ctx)
        page = ctx.new_page()
        page.outside = []
        page.errors = []
        page.on(
            "request",
            lambda r: (
                None if r.url.startswith((server.url, "data:", "blob:")) else page.outside.append(r.url)
            ),
        )
        page.on("pageerror", lambda e: page.errors.append(str(e)))
        page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
        return page

    yield make
    for ctx in contexts:
        ctx.close()


@pytest.fixture
def web(
    make_app: AppFactory,
    live_server: Callable[[FastAPI], LiveServer],
    open_page: Callable[[LiveServer], Any],
    shots: Shots,
) -> Web:
    """A browser test's tools: ``web.serve(**settings)``, ``web.open_page(server)``, ``web.shots(...)``."""
    return Web(make_app, live_server, open_page, shots)
