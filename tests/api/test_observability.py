"""Request ids, the access log (no transcript text at INFO), and the Prometheus /metrics endpoint."""

from __future__ import annotations

import json
import logging
import re

import pytest
from fastapi.testclient import TestClient

from api.observability import configure_logging
from tests.support import AppClientFactory, AppFactory
from textops.settings import Settings
from textops.store import Store

SECRET_LINE = "Our budget for Zorblax Industries is exactly Quuxington dollars, please keep that quiet"
CALL = f"""# call_id: obs-1
# rep: Dana Ruiz
[00:00:01] Dana Ruiz: Thanks for joining.
[00:00:05] Sam Patel: {SECRET_LINE}.
"""


def test_request_id_is_echoed_or_made_up(client: TestClient) -> None:
    r = client.get("/v1/corpora", headers={"X-Request-ID": "trace-abc.123"})
    assert r.headers["x-request-id"] == "trace-abc.123"
    made = client.get("/v1/corpora", headers={"X-Request-ID": "bad id with spaces\x00"})
    assert made.headers["x-request-id"] != "bad id with spaces\x00"
    assert len(made.headers["x-request-id"]) == 16
    assert client.get("/v1/corpora").headers["x-request-id"] != made.headers["x-request-id"]


def test_access_log_has_request_id_and_no_transcript_text(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO):
        cid = client.post("/v1/corpora", json={"name": "obs"}).json()["id"]
        up = client.post(
            f"/v1/corpora/{cid}/files",
            files=[("files", ("obs.txt", CALL.encode(), "text/plain"))],
            headers={"X-Request-ID": "upload-1"},
        )
        assert up.status_code == 200 and up.json()["added"] == 1
        docs = client.get(f"/v1/corpora/{cid}/documents").json()
        client.get(f"/v1/documents/{docs[0]['id']}")
        client.post("/v1/corpora", json={"name": SECRET_LINE[:50]})  # text in a body, never logged
    access = [r for r in caplog.records if r.name == "textops.access"]
    assert access, "no access log lines"
    upload = [r for r in access if getattr(r, "request_id", None) == "upload-1"]
    assert upload and upload[0].status == 200 and upload[0].route == "/v1/corpora/{corpus_id}/files"
    for record in caplog.records:
        if record.levelno >= logging.INFO:
            text = record.getMessage() + json.dumps({k: str(v) for k, v in record.__dict__.items()})
            assert "Zorblax" not in text and "Quuxington" not in text, f"transcript text logged: {text}"


def test_json_log_lines_carry_the_request_id(
    capsys: pytest.CaptureFixture[str], settings: Settings, make_app: AppFactory
) -> None:
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    try:
        configure_logging(settings.model_copy(update={"log_format": "json"}))
        with TestClient(make_app()) as c:
            c.get("/v1/corpora", headers={"X-Request-ID": "json-line-1"})
        lines = [json.loads(x) for x in capsys.readouterr().err.splitlines() if x.startswith("{")]
    finally:
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])
    hit = [x for x in lines if x.get("request_id") == "json-line-1"]
    assert hit and hit[0]["logger"] == "textops.access" and hit[0]["status"] == 200
    assert {"time", "level", "duration_ms", "route"} <= set(hit[0])


def test_metrics_count_requests_and_need_a_key_with_auth_on(
    store: Store, app_client: AppClientFactory
) -> None:
    c = app_client(auth_enabled=True, rate_limit="")
    assert c.get("/metrics").status_code == 401
    _, secret = store.create_key(store.workspace("default"), "read")
    key = {"Authorization": f"Bearer {secret}"}
    for _ in range(3):
        c.get("/v1/corpora", headers=key)
    c.get("/v1/corpora/424242", headers=key)
    body = c.get("/metrics", headers=key).text
    assert 'textops_http_requests_total{method="GET",route="/v1/corpora",status="200"} 3.0' in body
    assert (
        'textops_http_requests_total{method="GET",route="/v1/corpora/{corpus_id}",status="404"} 1.0' in body
    )
    assert "textops_http_request_duration_seconds_bucket" in body
    assert "# TYPE textops_job_duration_seconds histogram" in body
    assert "# TYPE textops_model_load_seconds gauge" in body


def test_metrics_public_setting(app_client: AppClientFactory) -> None:
    r = app_client(auth_enabled=True, metrics_public=True).get("/metrics")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/plain")


def test_job_durations_reach_the_metrics(client: TestClient) -> None:
    from pydantic import BaseModel

    from textops.errors import InvalidInputError

    class Tiny(BaseModel):
        ok: bool = True

    def fails(_progress: object) -> Tiny:
        raise InvalidInputError("no calls")

    app = client.app
    runner = app.state.jobs  # type: ignore[attr-defined]
    ws = app.state.default_workspace  # type: ignore[attr-defined]
    done = runner.submit(ws, "unit-test", lambda _progress: Tiny())
    failed = runner.submit(ws, "unit-test", fails)
    runner.wait(done.id, timeout=30)
    runner.wait(failed.id, timeout=30)
    body = client.get("/metrics").text
    assert 'textops_job_duration_seconds_count{kind="unit-test",status="done"} 1.0' in body
    assert 'textops_job_duration_seconds_count{kind="unit-test",status="failed"} 1.0' in body


def test_control_characters_cannot_forge_log_lines(
    capsys: pytest.CaptureFixture[str], settings: Settings, make_app: AppFactory
) -> None:
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    forged = "/v1/x%0A2026-12-06 12:00:00 INFO    textops.access [-] GET /admin 200%00"
    try:
        configure_logging(settings.model_copy(update={"log_format": "text"}))
        with TestClient(make_app()) as c:
            c.get(forged)
        logging.getLogger("textops.test").warning("a value with a newline\nINFO forged and a NUL \x00")
        err = capsys.readouterr().err
    finally:
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])
    assert "\x00" not in err
    access = [line for line in err.splitlines() if re.match(r"^\S+ \S+ INFO\s+textops\.access .*/v1/x", line)]
    assert len(access) == 1 and "\\n2026-12-06 12:00:00 INFO" in access[0] and "\\x00" in access[0]
    assert not any(line.startswith("2026-12-06 12:00:00 INFO") for line in err.splitlines())
    warned = [line for line in err.splitlines() if "textops.test" in line]
    assert len(warned) == 1 and "newline\\nINFO forged and a NUL \\x00" in warned[0]
