"""API keys, roles, browser sign-in with CSRF, and rate limits (auth on)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api import create_app
from api.auth import READ_ONLY_POSTS, required_role
from tests.support import AppClientFactory, AppFactory
from textops.settings import Settings
from textops.store import Store

SECURE = {"auth_enabled": True, "rate_limit": ""}


@pytest.fixture
def client(app_client: AppClientFactory) -> TestClient:
    """A client of the app with auth on (and no rate limit)."""
    return app_client(**SECURE)


def _key(store: Store, role: str, workspace: str = "default") -> dict[str, str]:
    _, secret = store.create_key(store.workspace(workspace), role, f"{role} test key")
    return {"Authorization": f"Bearer {secret}"}


def test_no_key_is_401_with_a_hint(client: TestClient) -> None:
    r = client.get("/v1/corpora")
    assert r.status_code == 401
    assert r.headers["www-authenticate"] == "Bearer"
    body = r.json()["error"]
    assert body["code"] == "auth_required"
    assert "textops keys create" in body["hint"]


def test_health_needs_no_key_and_reports_auth(client: TestClient) -> None:
    r = client.get("/health")
    assert r.status_code == 200
    assert r.json()["auth"] == "on"


def test_unknown_malformed_and_revoked_keys_are_401(client: TestClient, store: Store) -> None:
    for bad in ("nonsense", "tok_deadbeef_x", "tok__", "x" * 5000):
        r = client.get("/v1/corpora", headers={"X-API-Key": bad})
        assert r.status_code == 401, bad
        assert r.json()["error"]["code"] == "invalid_key"
    info, secret = store.create_key(store.workspace("default"), "read")
    assert client.get("/v1/corpora", headers={"X-API-Key": secret}).status_code == 200
    tampered = secret[:-2] + ("AA" if not secret.endswith("AA") else "BB")
    assert client.get("/v1/corpora", headers={"X-API-Key": tampered}).status_code == 401
    store.revoke_key(info.workspace_id, info.id)
    assert client.get("/v1/corpora", headers={"X-API-Key": secret}).status_code == 401


def test_keys_are_stored_hashed(store: Store) -> None:
    from sqlalchemy import select

    from textops.store._schema import ApiKeyRow

    _, secret = store.create_key(store.workspace("default"), "admin")
    with store.session() as s:
        rows = s.scalars(select(ApiKeyRow)).all()
    assert rows
    for row in rows:
        assert secret not in (row.digest, row.prefix, row.name)
        assert secret.split("_")[2] not in row.digest


def test_read_key_reads_and_computes_but_cannot_write(client: TestClient, store: Store) -> None:
    read = _key(store, "read")
    assert client.get("/v1/corpora", headers=read).status_code == 200
    r = client.post("/v1/corpora", json={"name": "c"}, headers=read)
    assert r.status_code == 403
    assert r.json()["error"]["code"] == "forbidden"
    assert "write" in r.json()["error"]["message"]
    plan = client.post(
        "/v1/experiments/plan", json={"baseline_rate": 0.05, "mde": 0.2, "daily_traffic": 1000}, headers=read
    )
    assert plan.status_code == 200, plan.text
    assert client.get("/v1/keys", headers=read).status_code == 403


def test_write_key_writes_but_cannot_manage_keys(client: TestClient, store: Store) -> None:
    write = _key(store, "write")
    assert client.post("/v1/corpora", json={"name": "c"}, headers=write).status_code == 201
    assert client.get("/v1/keys", headers=write).status_code == 403
    assert client.post("/v1/keys", json={"role": "read"}, headers=write).status_code == 403


def test_admin_creates_lists_and_revokes_keys(client: TestClient, store: Store) -> None:
    admin = _key(store, "admin")
    r = client.post("/v1/keys", json={"role": "write", "name": "ci"}, headers=admin)
    assert r.status_code == 201, r.text
    created = r.json()
    secret = created["secret"]
    assert secret.startswith("tok_")
    listed = client.get("/v1/keys", headers=admin).json()
    assert created["key"]["id"] in [k["id"] for k in listed]
    assert secret not in client.get("/v1/keys", headers=admin).text  # shown once, never again
    new = {"Authorization": f"Bearer {secret}"}
    assert client.post("/v1/corpora", json={"name": "by-ci"}, headers=new).status_code == 201
    assert client.delete(f"/v1/keys/{created['key']['id']}", headers=admin).status_code == 200
    assert client.get("/v1/corpora", headers=new).status_code == 401
    # an admin key of another workspace cannot see or revoke this workspace's keys
    other_admin = _key(store, "admin", workspace="other")
    ids = [k["id"] for k in client.get("/v1/keys", headers=other_admin).json()]
    assert created["key"]["id"] not in ids
    first_admin_id = client.get("/v1/session", headers=admin).json()["key_id"]
    assert client.delete(f"/v1/keys/{first_admin_id}", headers=other_admin).status_code == 404


def test_browser_sign_in_cookie_needs_csrf_on_writes(client: TestClient, store: Store) -> None:
    _, secret = store.create_key(store.workspace("default"), "write")
    r = client.post("/v1/session", json={"api_key": secret})
    assert r.status_code == 200, r.text
    token = r.json()["csrf_token"]
    set_cookie = r.headers.get_list("set-cookie")
    session_cookie = next(c for c in set_cookie if c.startswith("textops_session="))
    assert "HttpOnly" in session_cookie and "SameSite=strict" in session_cookie
    assert client.get("/v1/corpora").status_code == 200  # the cookie authenticates reads
    no_token = client.post("/v1/corpora", json={"name": "c1"})
    assert no_token.status_code == 403
    assert no_token.json()["error"]["code"] == "csrf_failed"
    wrong = client.post("/v1/corpora", json={"name": "c1"}, headers={"X-CSRF-Token": "guess"})
    assert wrong.status_code == 403
    ok = client.post("/v1/corpora", json={"name": "c1"}, headers={"X-CSRF-Token": token})
    assert ok.status_code == 201
    assert client.delete("/v1/session").status_code == 204
    client.cookies.clear()
    assert client.get("/v1/corpora").status_code == 401


def test_sign_in_with_a_bad_key_is_401(client: TestClient) -> None:
    r = client.post("/v1/session", json={"api_key": "tok_nope_nope"})
    assert r.status_code == 401
    assert "set-cookie" not in r.headers


def test_rate_limit_per_key_answers_429_with_retry_after(store: Store, app_client: AppClientFactory) -> None:
    c = app_client(auth_enabled=True, rate_limit="3/minute")
    a, b = _key(store, "read"), _key(store, "read")
    codes = [c.get("/v1/corpora", headers=a).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    r = c.get("/v1/corpora", headers=a)
    assert r.status_code == 429
    assert int(r.headers["retry-after"]) >= 1
    assert "3 requests per 1 minute" in r.json()["error"]["message"]
    assert c.get("/v1/corpora", headers=b).status_code == 200  # another key has its own budget
    # guessing keys is limited by client address
    guesses = [c.get("/v1/corpora", headers={"X-API-Key": f"tok_x_{i}"}).status_code for i in range(4)]
    assert guesses[-1] == 429


def test_bad_rate_limit_setting_is_a_clear_error(settings: Settings) -> None:
    from textops.errors import ConfigError

    with pytest.raises(ConfigError, match="TEXTOPS_RATE_LIMIT"):
        create_app(settings.model_copy(update={**SECURE, "rate_limit": "lots"}))


def test_every_route_has_a_role_and_read_only_posts_exist(make_app: AppFactory) -> None:
    app = make_app(**SECURE)
    paths = app.openapi()["paths"]
    for method, path in READ_ONLY_POSTS:
        assert method.lower() in paths.get(path, {}), f"READ_ONLY_POSTS names a missing route {path}"
    assert required_role("GET", "/v1/keys") == "admin"
    assert required_role("DELETE", "/v1/corpora/{corpus_id}") == "write"
    assert required_role("POST", "/v1/headlines/score") == "read"


def test_auth_off_says_so(app_client: AppClientFactory, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level("WARNING"):
        me = app_client(real_models=True).get("/v1/session").json()
    assert me == {
        "auth": "off",
        "workspace": "default",
        "role": "admin",
        "key_id": None,
        "via": "local",
        "csrf_token": None,
    }
    assert any("AUTH IS OFF" in r.getMessage() for r in caplog.records)
