"""Browser sessions (#16 item 10) and the client address behind proxies (#16 item 11).

The UI's cookie used to be the raw API key: signing out only deleted the browser's copy, so a stolen cookie
kept working until the key was revoked, and the CSRF check compared the cookie to the header, so any value
that matched passed. These tests fail on that design.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from starlette.requests import Request

from api.auth import client_address
from tests.support import AppClientFactory, AppFactory
from textops.settings import Settings
from textops.store import Store

SECURE = {"auth_enabled": True, "rate_limit": ""}


@pytest.fixture
def client(app_client: AppClientFactory) -> TestClient:
    """A client of the app with auth on (and no rate limit)."""
    return app_client(**SECURE)


def _sign_in(client: TestClient, secret: str) -> tuple[str, str]:
    r = client.post("/v1/session", json={"api_key": secret})
    assert r.status_code == 200, r.text
    return client.cookies["textops_session"], r.json()["csrf_token"]


def test_the_cookie_is_a_random_session_id_not_the_key(client: TestClient, store: Store) -> None:
    _, secret = store.create_key(store.workspace("default"), "write")
    sid, _ = _sign_in(client, secret)
    assert secret not in sid and sid not in secret
    assert "textops_key" not in client.cookies
    assert all(secret not in v for v in client.cookies.values())
    # a second sign-in with the same key is a different session
    other = TestClient(client.app)
    sid2, _ = _sign_in(other, secret)
    assert sid2 != sid


def test_sign_out_ends_the_session_on_the_server(client: TestClient, store: Store) -> None:
    _, secret = store.create_key(store.workspace("default"), "read")
    sid, _ = _sign_in(client, secret)
    assert client.get("/v1/corpora").status_code == 200
    assert client.delete("/v1/session").status_code == 204
    # a copy of the cookie taken before sign-out (e.g. stolen) no longer works
    replay = TestClient(client.app, cookies={"textops_session": sid})
    r = replay.get("/v1/corpora")
    assert r.status_code == 401
    # and the key itself still works
    assert client.get("/v1/corpora", headers={"X-API-Key": secret}).status_code == 200


def test_revoking_the_key_ends_its_sessions(client: TestClient, store: Store) -> None:
    info, secret = store.create_key(store.workspace("default"), "read")
    _sign_in(client, secret)
    assert client.get("/v1/corpora").status_code == 200
    store.revoke_key(info.workspace_id, info.id)
    assert client.get("/v1/corpora").status_code == 401


def test_sessions_expire(store: Store) -> None:
    info, _ = store.create_key(store.workspace("default"), "read")
    live, _ = store.open_browser_session(info.id, timedelta(hours=1))
    dead, _ = store.open_browser_session(info.id, timedelta(seconds=-1))
    assert store.browser_session(live) is not None
    assert store.browser_session(dead) is None
    assert store.browser_session("made-up") is None
    assert store.close_browser_session(live) is True
    assert store.browser_session(live) is None


def test_csrf_token_is_bound_to_the_session(client: TestClient, store: Store) -> None:
    _, secret = store.create_key(store.workspace("default"), "write")
    _, token = _sign_in(client, secret)
    # double-submit forgery: a cookie and a header that merely match each other
    client.cookies.set("textops_csrf", "forged")
    forged = client.post("/v1/corpora", json={"name": "x"}, headers={"X-CSRF-Token": "forged"})
    assert forged.status_code == 403
    assert forged.json()["error"]["code"] == "csrf_failed"
    # another session's token does not pass either
    other = TestClient(client.app)
    _, other_token = _sign_in(other, secret)
    assert other_token != token
    cross = client.post("/v1/corpora", json={"name": "x"}, headers={"X-CSRF-Token": other_token})
    assert cross.status_code == 403
    ok = client.post("/v1/corpora", json={"name": "x"}, headers={"X-CSRF-Token": token})
    assert ok.status_code == 201, ok.text


def test_ui_pages_render_the_sessions_csrf_token(client: TestClient, store: Store) -> None:
    _, secret = store.create_key(store.workspace("default"), "write")
    _, token = _sign_in(client, secret)
    client.cookies.set("textops_csrf", "stale")
    page = client.get("/ui/")
    assert page.status_code == 200
    assert f'name="csrf-token" content="{token}"' in page.text


def test_over_https_cookies_are_host_prefixed_and_secure(store: Store, make_app: AppFactory) -> None:
    https = make_app(**SECURE, cookie_secure=True)
    _, secret = store.create_key(store.workspace("default"), "read")
    with TestClient(https, base_url="https://t") as c:
        r = c.post("/v1/session", json={"api_key": secret})
        assert r.status_code == 200
        cookies = r.headers.get_list("set-cookie")
        session = next(x for x in cookies if x.startswith("__Host-textops_session="))
        csrf = next(x for x in cookies if x.startswith("__Host-textops_csrf="))
        for cookie in (session, csrf):
            assert "Secure" in cookie and "Path=/" in cookie and "Domain" not in cookie
        assert "HttpOnly" in session and "Max-Age=43200" in session
        assert c.get("/v1/corpora").status_code == 200
        assert c.delete("/v1/session").status_code == 204
        assert c.get("/v1/corpora").status_code == 401


# -- client address behind proxies (#16 item 11) ------------------------------------------------------


def _request(settings: Settings, peer: str, forwarded: list[str]) -> Request:
    app: Any = type("App", (), {})()
    app.state = type("State", (), {"settings": settings})()
    headers = [(b"x-forwarded-for", v.encode()) for v in forwarded]
    scope = {"type": "http", "app": app, "client": (peer, 1234), "headers": headers}
    return Request(scope)


def test_forwarded_for_is_ignored_unless_the_peer_is_a_trusted_proxy(settings: Settings) -> None:
    assert client_address(_request(settings, "127.0.0.1", ["203.0.113.9"])) == "127.0.0.1"
    trusting = settings.model_copy(update={"trusted_proxies": ["127.0.0.1", "10.0.0.0/8"]})
    assert client_address(_request(trusting, "127.0.0.1", ["203.0.113.9"])) == "203.0.113.9"
    # the client may write anything on the left; the first untrusted hop from the right is the client
    spoof = ["1.2.3.4, 203.0.113.9, 10.1.2.3"]
    assert client_address(_request(trusting, "127.0.0.1", spoof)) == "203.0.113.9"
    # a peer that is not a trusted proxy is the client, whatever it sends
    assert client_address(_request(trusting, "198.51.100.7", ["1.2.3.4"])) == "198.51.100.7"


def test_trusted_proxies_setting_is_validated() -> None:
    with pytest.raises(ValueError, match="TEXTOPS_TRUSTED_PROXIES"):
        Settings(trusted_proxies=["not-an-ip"])


def test_serve_does_not_let_uvicorn_trust_forwarded_headers(monkeypatch: pytest.MonkeyPatch) -> None:
    """uvicorn trusts X-Forwarded-For from 127.0.0.1 by default; `textops serve` must turn that off."""
    import uvicorn
    from typer.testing import CliRunner

    import api.observability
    from textops.cli import app

    seen: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda *a, **kw: seen.update(kw))
    # serve installs a log handler on CliRunner's stderr, which is closed after the call: later tests'
    # log lines would then fail with "I/O operation on closed file"
    monkeypatch.setattr(api.observability, "configure_logging", lambda _settings: None)
    result = CliRunner().invoke(app, ["serve", "--no-warm"])
    assert result.exit_code == 0, result.output
    assert seen.get("proxy_headers") is False


def test_forwarded_for_from_loopback_cannot_dodge_the_bad_key_limit(app_client: AppClientFactory) -> None:
    c = app_client(auth_enabled=True, rate_limit="3/minute")
    codes = [
        c.get(
            "/v1/corpora", headers={"X-API-Key": f"tok_x_{i}", "X-Forwarded-For": f"10.9.0.{i}"}
        ).status_code
        for i in range(5)
    ]
    assert codes[-1] == 429
