"""Workspace isolation on every route, generated from the app's own routes.

Workspace A owns a corpus, a document, an alignment and an objections report, a job, an experiment and
an API key. Workspace B's admin key then calls every route that takes an id — with A's ids — and must get
404, the same answer as for an id that never existed: no 403, no data. List routes must not show A's
things. A new route is covered automatically: a path parameter or a request body this test does not know
fails the test with a note on what to add, so no route escapes silently.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from starlette.routing import Mount, Route

from tests.support import DEMO, AppFactory
from textops.store import Store

MARK = "zz-alpha-secret"
SKIP_PATHS = {"/openapi.json", "/docs", "/docs/oauth2-redirect", "/redoc", "/health", "/metrics"}


def iter_routes(app: FastAPI) -> Iterator[tuple[str, str, Any]]:
    """(method, path, route) of every HTTP route, walking included routers (FastAPI keeps them lazy)."""

    def walk(routes: list[Any], prefix: str) -> Iterator[tuple[str, str, Any]]:
        for r in routes:
            if hasattr(r, "original_router"):
                extra = getattr(getattr(r, "include_context", None), "prefix", "") or ""
                yield from walk(list(r.original_router.routes), prefix + extra)
            elif isinstance(r, Mount):
                continue  # static files: no workspace data
            elif isinstance(r, APIRoute | Route):
                for m in sorted(r.methods or ()):
                    if m != "HEAD":
                        yield m, prefix + r.path, r

    yield from walk(list(app.router.routes), "")


@dataclass
class World:
    a: dict[str, str]
    b: dict[str, str]
    ids: dict[str, Any]


def _auth(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture
def world(store: Store, make_app: AppFactory) -> Iterator[tuple[TestClient, World]]:
    with TestClient(make_app(auth_enabled=True, rate_limit="")) as c:
        ws_a, ws_b = store.workspace("team-a"), store.workspace("team-b")
        key_a, secret_a = store.create_key(ws_a, "admin", f"{MARK}-key")
        _, secret_b = store.create_key(ws_b, "admin", "b-admin")
        a, b = _auth(secret_a), _auth(secret_b)
        corpus = c.post("/v1/corpora", json={"name": f"{MARK}-corpus"}, headers=a).json()
        files = [
            ("files", (p.name, p.read_bytes(), "text/plain"))
            for p in [*sorted((DEMO / "calls").glob("*.txt"))[:4], *sorted((DEMO / "copy").glob("*.md"))[:2]]
        ]
        up = c.post(f"/v1/corpora/{corpus['id']}/files", files=files, headers=a)
        assert up.status_code == 200 and up.json()["added"] == 6, up.text
        docs = c.get(f"/v1/corpora/{corpus['id']}/documents", headers=a).json()
        alignment = c.post(
            "/v1/alignment",
            json={"copy_corpus_ids": [corpus["id"]], "call_corpus_ids": [corpus["id"]], "background": False},
            headers=a,
        )
        assert alignment.status_code == 200, alignment.text
        objections = c.post(
            "/v1/objections", json={"corpus_ids": [corpus["id"]], "background": False}, headers=a
        )
        assert objections.status_code == 200, objections.text
        analysis = c.post("/v1/analyses", json={"corpus_id": corpus["id"], "background": False}, headers=a)
        assert analysis.status_code == 200, analysis.text
        job = store.create_job(ws_a, "alignment", {"marker": MARK})
        store.update_job(job.id, status="interrupted")
        exp = c.post(
            "/v1/experiments",
            json={"name": f"{MARK}-exp", "arms": [{"name": "A", "text": "x"}, {"name": "B", "text": "y"}]},
            headers=a,
        ).json()
        ids = {
            "corpus_id": corpus["id"],
            "document_id": docs[0]["id"],
            "alignment_report": alignment.json()["id"],
            "objections_report": objections.json()["id"],
            "analysis_id": analysis.json()["id"],
            "job_id": job.id,
            "experiment_id": exp["id"],
            "key_id": key_a.id,
            "call_id": next(d["external_id"] for d in docs if d["kind"] == "transcript"),
        }
        yield c, World(a, b, ids)


def _param_value(name: str, path: str, ids: dict[str, Any]) -> Any:
    if name == "report_id":
        return ids["objections_report"] if "objection" in path else ids["alignment_report"]
    if name in ids:
        return ids[name]
    pytest.fail(
        f"route {path} has a path parameter {name!r} that tests/api/test_isolation.py does not know: "
        "create such a thing in workspace A in the `world` fixture and map the parameter in `_param_value`"
    )


def _request_kwargs(method: str, path: str, route: Any, ids: dict[str, Any]) -> dict[str, Any]:
    """A valid request body for routes that need one, naming A's ids where the body refers to things."""
    cid = ids["corpus_id"]
    bodies: dict[tuple[str, str], dict[str, Any]] = {
        ("POST", "/v1/corpora/{corpus_id}/documents"): {
            "json": {"copy": [{"doc_id": "c1", "title": "t", "blocks": [{"text": "A sentence of copy."}]}]}
        },
        ("POST", "/v1/corpora/{corpus_id}/files"): {
            "files": [("files", ("x.md", b"# Title\n\nSome copy text.\n", "text/markdown"))]
        },
        ("POST", "/v1/experiments/{experiment_id}/observations"): {
            "json": {"observations": [{"day": "2026-01-01", "arm": "A", "visitors": 10, "conversions": 1}]}
        },
        ("POST", "/v1/experiments/{experiment_id}/observations/csv"): {
            "files": [
                ("file", ("counts.csv", b"day,arm,visitors,conversions\n2026-01-01,A,10,1\n", "text/csv"))
            ]
        },
        ("POST", "/v1/alignment"): {
            "json": {"copy_corpus_ids": [cid], "call_corpus_ids": [cid], "background": False}
        },
        ("POST", "/v1/objections"): {"json": {"corpus_ids": [cid], "background": False}},
        ("POST", "/v1/analyses"): {"json": {"corpus_id": cid, "background": False}},
        ("PUT", "/v1/corpora/{corpus_id}/roles"): {"json": {"reps": ["Dana Ruiz"]}},
    }
    if (method, path) in bodies:
        return bodies[(method, path)]
    body_field = getattr(route, "body_field", None)
    if body_field is not None and body_field.field_info.is_required():
        pytest.fail(
            f"{method} {path} takes a request body that tests/api/test_isolation.py does not know: add an "
            "example to `bodies` (naming workspace A's ids wherever the body refers to stored things)"
        )
    return {}


def _fill(path: str, ids: dict[str, Any]) -> str:
    return re.sub(r"\{(\w+)(?::\w+)?\}", lambda m: str(_param_value(m.group(1), path, ids)), path)


def _refers_to_stored_things(method: str, path: str) -> bool:
    return "{" in path or (method, path) in {
        ("POST", "/v1/alignment"),
        ("POST", "/v1/objections"),
        ("POST", "/v1/analyses"),
    }


@pytest.mark.model
def test_other_workspace_ids_are_404_on_every_route(world: tuple[TestClient, World]) -> None:
    c, w = world
    app: FastAPI = c.app  # type: ignore[assignment]
    checked: list[str] = []
    for method, path, route in iter_routes(app):
        if path in SKIP_PATHS or not _refers_to_stored_things(method, path):
            continue
        url = _fill(path, w.ids)
        r = c.request(method, url, headers=w.b, **_request_kwargs(method, path, route, w.ids))
        assert r.status_code == 404, (
            f"{method} {path} with workspace A's id answered {r.status_code}: {r.text}"
        )
        assert MARK not in r.text
        for value in w.ids.values():  # echoing the id the caller sent is fine; any other id is a leak
            if isinstance(value, str) and value not in url:
                assert value not in r.text, f"{method} {path} leaked an id of workspace A"
        checked.append(f"{method} {path}")
    assert len(checked) >= 12, checked  # the id-taking routes of corpora, reports, jobs, experiments, keys
    # B's attempts changed nothing of A's, and A itself reaches every one of those ids (positive control)
    for method, path, _ in iter_routes(app):
        if method != "GET" or path in SKIP_PATHS or "{" not in path:
            continue
        r = c.get(_fill(path, w.ids), headers=w.a)
        assert r.status_code == 200, f"GET {path} for workspace A's own id answered {r.status_code}"


@pytest.mark.model
def test_lists_never_show_another_workspace(world: tuple[TestClient, World]) -> None:
    c, w = world
    app: FastAPI = c.app  # type: ignore[assignment]
    listed = 0
    for method, path, _ in iter_routes(app):
        if method != "GET" or "{" in path or path in SKIP_PATHS:
            continue
        r = c.get(path, headers=w.b)
        assert r.status_code < 500, f"GET {path}: {r.status_code}"
        assert MARK not in r.text, f"GET {path} shows workspace A's data to workspace B"
        for value in w.ids.values():
            if isinstance(value, str):
                assert value not in r.text, f"GET {path} shows an id of workspace A to workspace B"
        own = c.get(path, headers=w.a)
        if own.status_code == 200 and MARK in own.text:
            listed += 1  # the same list shows A its own things: the check above could have failed
    assert listed >= 3  # corpora, experiments, keys at least


@pytest.mark.model
def test_unknown_ids_look_exactly_like_other_workspaces_ids(world: tuple[TestClient, World]) -> None:
    c, w = world
    theirs = c.get(f"/v1/corpora/{w.ids['corpus_id']}", headers=w.b)
    missing = c.get("/v1/corpora/987654", headers=w.b)
    assert theirs.status_code == missing.status_code == 404
    assert theirs.json()["error"]["code"] == missing.json()["error"]["code"] == "not_found"
