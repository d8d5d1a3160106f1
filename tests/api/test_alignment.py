from __future__ import annotations

import time
from typing import Any

from fastapi.testclient import TestClient

COPY = [
    {
        "title": "Landing",
        "text": "Acme cuts invoice processing time by 60% for finance teams.\n\n"
        "Acme keeps invoice data encrypted at rest and in transit.",
    }
]


def _call(call_id: str, rep_line: str) -> dict[str, Any]:
    return {
        "call_id": call_id,
        "utterances": [
            {"speaker": "Dana", "role": "rep", "text": "Hi, can you hear me?"},
            {"speaker": "Dana", "role": "rep", "text": rep_line},
            {"speaker": "Pat", "role": "prospect", "text": "Interesting."},
        ],
    }


BODY = {
    "copy": COPY,
    "calls": [
        _call("c1", "Acme cuts invoice processing time by 60% for finance teams like yours."),
        _call("c2", "We are twice as fast as Globex for 100 countries."),
    ],
    "match_threshold": 0.8,
    "topical_threshold": 0.4,
}


def test_inline_alignment_answers_with_a_stored_report(client: TestClient) -> None:
    r = client.post("/v1/alignment", json=BODY)
    assert r.status_code == 200, r.text
    report = r.json()
    assert report["calls"] == 2 and report["thresholds"] == {"match": 0.8, "topical": 0.4}
    assert report["unbacked_claims"][0]["call_id"] == "c2"
    again = client.get(f"/v1/alignment/{report['id']}")
    assert again.status_code == 200 and again.json()["components"] == report["components"]


def test_background_job_with_progress(client: TestClient) -> None:
    r = client.post("/v1/alignment", json={**BODY, "background": True})
    assert r.status_code == 202, r.text
    status_url = r.json()["status_url"]
    for _ in range(200):
        job = client.get(status_url).json()
        if job["status"] in {"done", "failed"}:
            break
        time.sleep(0.05)
    assert job["status"] == "done", job
    report = client.get(f"/v1/alignment/{job['report_id']}")
    assert report.status_code == 200 and report.json()["calls"] == 2


def test_alignment_from_stored_corpora(client: TestClient) -> None:
    copy_id = client.post("/v1/corpora", json={"name": "copy"}).json()["id"]
    calls_id = client.post("/v1/corpora", json={"name": "calls"}).json()["id"]
    files = [
        (
            "files",
            ("lp.md", b"# Acme cuts invoice processing time by 60% for finance teams.\n", "text/markdown"),
        )
    ]
    assert client.post(f"/v1/corpora/{copy_id}/files", files=files).json()["added"] == 1
    assert (
        client.post(f"/v1/corpora/{calls_id}/documents", json={"transcripts": BODY["calls"]}).json()["added"]
        == 2
    )
    r = client.post(
        "/v1/alignment",
        json={
            "copy_corpus_ids": [copy_id],
            "call_corpus_ids": [calls_id],
            "match_threshold": 0.8,
            "topical_threshold": 0.4,
        },
    )
    assert r.status_code == 200, r.text
    assert r.json()["pillars"][0]["calls_delivered"] == 1


def test_bad_input_gives_clear_4xx(client: TestClient) -> None:
    r = client.post("/v1/alignment", json={"calls": BODY["calls"]})
    assert r.status_code == 422 and "campaign copy" in r.json()["error"]["message"]
    r = client.post("/v1/alignment", json={"copy": COPY})
    assert r.status_code == 422 and "give calls" in r.json()["error"]["message"]
    r = client.post("/v1/alignment", json={"copy": [{"text": ""}], "calls": BODY["calls"]})
    assert r.status_code == 422
    prospects_only = [
        {"call_id": "p", "utterances": [{"speaker": "Pat", "role": "prospect", "text": "Too pricey."}]}
    ]
    r = client.post("/v1/alignment", json={**BODY, "calls": prospects_only})
    assert r.status_code == 422 and "no rep speech" in r.json()["error"]["message"]
    r = client.post("/v1/alignment", json={"copy": COPY, "call_corpus_ids": [999]})
    assert r.status_code == 404
    r = client.post("/v1/alignment", json={**BODY, "match_threshold": 1.5})
    assert r.status_code == 422 and r.json()["error"]["code"] == "validation_error"
    assert client.get("/v1/alignment/nope").status_code == 404
    assert client.get("/v1/jobs/nope").status_code == 404
