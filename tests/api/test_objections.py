"""``/v1/objections``: sync reports, background jobs, stored reports in every format, classify, bad input."""

from __future__ import annotations

import csv
import io
from typing import Any

from fastapi.testclient import TestClient

PRICE = "Honestly it's just too expensive for us."
COMPETITOR = "We already use Salesforce for that."


def call(call_id: str, outcome: str = "won") -> dict[str, Any]:
    return {
        "call_id": call_id,
        "started_at": "2026-03-02T15:00:00Z",
        "outcome": outcome,
        "segment": "smb",
        "utterances": [
            {"speaker": "Dana", "role": "rep", "text": "Thanks for joining.", "start": 0},
            {"speaker": "Sam", "role": "prospect", "text": f"Sure. {PRICE}", "start": 4},
            {"speaker": "Dana", "role": "rep", "text": "That's fair. What do you spend today?", "start": 9},
            {"speaker": "Sam", "role": "prospect", "text": COMPETITOR, "start": 15},
            {"speaker": "Dana", "role": "rep", "text": "Got it.", "start": 20},
            {"speaker": "Sam", "role": "prospect", "text": "How much is it per seat?", "start": 24},
        ],
    }


TXT = f"""# call_id: file-1
# started_at: 2026-02-02T10:00:00+00:00
# rep: Dana Ruiz
[00:00:01] Dana Ruiz: Thanks for joining, Sam.
[00:00:05] Sam Patel: {PRICE}
[00:00:09] Dana Ruiz: Understood, can I ask what budget you had in mind?
"""


def test_sync_report_is_stored_and_served_in_every_format(client: TestClient) -> None:
    r = client.post("/v1/objections", json={"calls": [call("c1"), call("c2", "lost")]})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["kind"] == "objections" and body["calls"] == 2
    cats = {c["category"]: c["count"] for c in body["categories"]}
    assert cats["price"] == 2 and cats["competitor"] == 2 and sum(cats.values()) == 4
    first = body["objections"][0]
    assert first["text"] == PRICE and first["start_char"] == 6 and first["reply"]["speaker"] == "Dana"
    assert first["evidence"]["neighbours"] and 0 < first["confidence"] <= 1
    got = client.get(f"/v1/objections/{body['id']}")
    assert got.status_code == 200 and got.json()["objections"] == body["objections"]
    html = client.get(f"/v1/objections/{body['id']}", params={"format": "html"})
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    assert "<svg" in html.text and "<script" not in html.text
    md = client.get(f"/v1/objections/{body['id']}?format=md")
    assert md.headers["content-type"].startswith("text/markdown") and md.text.startswith("# Objection report")
    csv = client.get(f"/v1/objections/{body['id']}?format=csv")
    assert csv.text.splitlines()[0].startswith("id,call_id") and len(csv.text.strip().splitlines()) == 5


def test_uploaded_files_and_stored_corpora(client: TestClient) -> None:
    r = client.post("/v1/objections", json={"files": [{"name": "file-1.txt", "content": TXT}]})
    assert r.status_code == 200, r.text
    assert [o["call_id"] for o in r.json()["objections"]] == ["file-1"]
    cid = client.post("/v1/corpora", json={"name": "calls"}).json()["id"]
    added = client.post(f"/v1/corpora/{cid}/documents", json={"transcripts": [call("stored-1")]})
    assert added.status_code == 200, added.text
    r = client.post("/v1/objections", json={"corpus_ids": [cid], "since": "2026-03-01"})
    assert r.status_code == 200, r.text
    assert {o["call_id"] for o in r.json()["objections"]} == {"stored-1"}


def test_large_requests_run_as_a_job(client: TestClient) -> None:
    r = client.post("/v1/objections", json={"calls": [call("j1"), call("j2")], "background": True})
    assert r.status_code == 202, r.text
    job = r.json()["job"]
    assert r.json()["status_url"] == f"/v1/jobs/{job['id']}"
    client.app.state.jobs.wait(job["id"], timeout=60)  # type: ignore[attr-defined]
    state = client.get(f"/v1/jobs/{job['id']}").json()
    assert state["status"] == "done" and state["done"] == 100, state
    report = client.get(f"/v1/objections/{state['report_id']}")
    assert report.status_code == 200 and report.json()["calls"] == 2


def test_classify(client: TestClient) -> None:
    # The API's plumbing; partial-sentence spans ("…, but it's too expensive") are the detector's tests
    # (tests/objections/test_objections_detect.py), with the real model in the real-model tests.
    r = client.post("/v1/objections/classify", json={"text": f"Thanks. {PRICE}"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["is_objection"] and [d["category"] for d in body["detections"]] == ["price"]
    assert body["detections"][0]["text"] == PRICE and body["detections"][0]["start_char"] == 8
    assert body["threshold"] > 0
    neg = client.post("/v1/objections/classify", json={"text": "How much is it per seat?"}).json()
    assert neg["is_objection"] is False and neg["detections"] == []
    custom = {
        "key": "data_quality",
        "examples": ["Our CRM data is way too messy for this.", "Half our contact data is out of date."],
    }
    r = client.post(
        "/v1/objections/classify",
        json={
            # a reason not to buy; "our data is messy" alone would be a pain point
            "text": "Honestly our CRM data is way too messy for this, so no.",
            "custom_categories": [custom],
        },
    )
    assert r.status_code == 200 and r.json()["detections"][0]["category"] == "data_quality", r.json()


def test_bad_input(client: TestClient) -> None:
    r = client.post("/v1/objections", json={})
    assert r.status_code == 422 and r.json()["error"]["code"] == "validation_error"
    assert "corpus_ids" in r.json()["error"]["message"]
    assert client.post("/v1/objections", json={"corpus_ids": [999]}).status_code == 404
    r = client.post("/v1/objections", json={"calls": [call("c1")], "threshold": 1.5})
    assert r.status_code == 422 and r.json()["error"]["code"] == "validation_error"
    clash = {"key": "price", "examples": ["a b c", "d e f"]}
    r = client.post("/v1/objections", json={"calls": [call("c1")], "custom_categories": [clash]})
    assert r.status_code == 422 and "clashes" in r.json()["error"]["message"]
    r = client.post("/v1/objections", json={"files": [{"name": "call.pdf", "content": "x"}]})
    assert r.status_code == 422 and r.json()["error"]["code"] == "ingest_error"
    r = client.post("/v1/objections", json={"calls": [call("c1")], "since": "2031-01-01"})
    assert r.status_code == 422 and "no calls" in r.json()["error"]["message"]
    r = client.get("/v1/objections/no-such-report")
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
    stored = client.post("/v1/objections", json={"calls": [call("c1")]}).json()["id"]
    assert client.get(f"/v1/objections/{stored}?format=pdf").status_code == 422
    assert client.post("/v1/objections/classify", json={"text": ""}).status_code == 422
    assert client.post("/v1/objections/classify", json={"text": "   "}).status_code == 422
    assert client.post("/v1/objections/classify", json={"text": "x" * 5001}).status_code == 422
    bad_custom = {"text": "hi there", "custom_categories": [{"key": "Bad Key", "examples": ["a", "b"]}]}
    assert client.post("/v1/objections/classify", json=bad_custom).status_code == 422


def test_exports_cannot_carry_formulas_or_scripts(client: TestClient) -> None:
    hostile = call('=HYPERLINK("http://x")')
    hostile["segment"] = "+smb"
    for u in hostile["utterances"]:
        u["speaker"] = "@" + u["speaker"]
    hostile["utterances"][1]["text"] = f"-2+3 {PRICE} <script>alert(1)</script>"
    hostile["utterances"][2]["text"] = "=1+1 That's fair. What do you spend today?"
    r = client.post("/v1/objections", json={"calls": [hostile]})
    assert r.status_code in (200, 201), r.text
    rid = r.json()["id"]
    csv_r = client.get(f"/v1/objections/{rid}", params={"format": "csv"})
    rows = list(csv.reader(io.StringIO(csv_r.text)))
    header, body = rows[0], rows[1:]
    assert body, "the hostile call has objections"
    for row in body:
        for name, cell in zip(header, row, strict=True):
            assert not cell.lstrip(" ").startswith(("=", "+", "-", "@")), (name, cell)
    assert any(row[header.index("call_id")].startswith("'=HYPERLINK") for row in body)
    for fmt in ("md", "html", "csv"):
        got = client.get(f"/v1/objections/{rid}", params={"format": fmt})
        assert got.headers["x-content-type-options"] == "nosniff"
        assert "default-src 'none'" in got.headers["content-security-policy"]
        if fmt != "csv":  # a CSV is data (text/csv, nosniff): the words stay as they were said
            assert "<script>" not in got.text


def test_call_ids_with_a_slash_have_working_call_views(client: TestClient) -> None:
    r = client.post("/v1/objections", json={"calls": [call("q3/call-7")]})
    assert r.status_code in (200, 201), r.text
    rid = r.json()["id"]
    view = client.get(f"/v1/objections/{rid}/calls/q3%2Fcall-7")
    assert view.status_code == 200, view.text
    assert view.json()["call_id"] == "q3/call-7"
    assert client.get(f"/v1/objections/{rid}/calls/q3%2Fnope").status_code == 404


def test_inline_calls_with_role_labels_get_their_roles(client: TestClient) -> None:
    """`Sales Rep:` / `Customer:` labels decide roles for inline calls, as they do for files and uploads."""
    labelled = call("labels-1")
    for u in labelled["utterances"]:
        u["speaker"] = "Sales Rep" if u.pop("role") == "rep" else "Customer"
    r = client.post("/v1/objections", json={"calls": [labelled], "redact": True})
    assert r.status_code == 200, r.text
    body = r.json()
    assert "1 of 1 calls known" in body["roles"]["summary"], body["roles"]
    assert {o["category"] for o in body["objections"]} == {"price", "competitor"}
    assert {o["speaker"] for o in body["objections"]} == {"Customer"}
