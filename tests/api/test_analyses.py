"""``/v1/analyses``: both reports of a corpus from one pass (fake embedder), at once or as a job."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient

from tests.support import DEMO, wait_for_job


def _corpus(client: TestClient, name: str, folder: str, limit: int | None = None) -> int:
    cid = int(client.post("/v1/corpora", json={"name": name}).json()["id"])
    paths = sorted(p for p in (DEMO / folder).iterdir() if p.is_file())[:limit]
    files = [("files", (p.name, p.read_bytes(), "application/octet-stream")) for p in paths]
    r = client.post(f"/v1/corpora/{cid}/files", files=files)
    assert r.status_code == 200, r.text
    return cid


def test_analysis_stores_both_reports_and_its_summary(client: TestClient) -> None:
    calls = _corpus(client, "calls", "calls", limit=12)
    copy = _corpus(client, "copy", "copy")
    framework = json.loads((DEMO / "messaging.json").read_text(encoding="utf-8"))
    r = client.post(
        "/v1/analyses",
        json={
            "corpus_id": calls,
            "copy_corpus_ids": [copy],
            "framework": framework,
            "seller_names": ["Brightlane"],
        },
    )
    assert r.status_code == 200, r.text
    summary = r.json()
    assert summary["corpus_ids"] == [calls, copy] and summary["engine"] == "local"
    alignment = client.get(f"/v1/alignment/{summary['alignment_report_id']}").json()
    objections = client.get(f"/v1/objections/{summary['objections_report_id']}").json()
    assert alignment["calls"] == summary["calls"] == objections["calls"]
    assert alignment["components"]["score"] == summary["alignment_score"]
    assert len(objections["objections"]) == summary["objections"]
    assert client.get(f"/v1/analyses/{summary['id']}").json() == summary
    assert [a["id"] for a in client.get("/v1/analyses").json()] == [summary["id"]]
    # the two reports are listed where their pages look for them
    assert summary["alignment_report_id"] in [a["id"] for a in client.get("/v1/alignment").json()]
    assert summary["objections_report_id"] in [o["id"] for o in client.get("/v1/objections").json()]


def test_analysis_as_a_job_saves_the_reports_with_the_job(client: TestClient) -> None:
    calls = _corpus(client, "calls", "calls", limit=8)
    r = client.post("/v1/analyses", json={"corpus_id": calls, "background": True})
    assert r.status_code == 202, r.text
    accepted = r.json()
    assert accepted["report_url_template"] == "/v1/analyses/{report_id}"
    job = wait_for_job(client, accepted["job"]["id"])
    assert job["status"] == "done", job
    summary = client.get(f"/v1/analyses/{job['report_id']}").json()
    assert summary["alignment_report_id"] is None  # no copy, no framework: objections only, and it says so
    assert any("no alignment report" in n for n in summary["notes"])
    assert client.get(f"/v1/objections/{summary['objections_report_id']}").json()["calls"] == summary["calls"]


def test_analysis_errors(client: TestClient) -> None:
    copy = _corpus(client, "copy", "copy")
    empty = client.post("/v1/analyses", json={"corpus_id": copy})
    assert empty.status_code == 422 and "holds no transcripts" in empty.json()["error"]["message"]
    missing = client.post("/v1/analyses", json={"corpus_id": 987654})
    assert missing.status_code == 404
    assert client.get("/v1/analyses/nope").status_code == 404
