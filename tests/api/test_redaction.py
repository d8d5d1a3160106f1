"""Redaction through the API (#16 item 8): ids, file names and fields of uploads, and the inline texts of
``/v1/objections`` and ``/v1/alignment`` — neither the stored report nor a job's stored request keeps them."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from tests.support import wait_for_job
from textops.errors import TextopsError
from textops.store import Store

PRICE = "Honestly it's just too expensive for us."
SECRETS = ("buyer.com", "josé", "empresa", "7946", "12345678", "6789", "3704", "4111", "@", "＠")


def _no_secrets(blob: Any) -> None:
    text = blob if isinstance(blob, str) else json.dumps(blob, ensure_ascii=False)
    for secret in SECRETS:
        assert secret not in text, f"{secret!r} kept in {text[:2000]}"


def _call(call_id: str, extra: str = "") -> dict[str, Any]:
    return {
        "call_id": call_id,
        "started_at": "2026-03-02T15:00:00Z",
        "outcome": "won",
        "segment": "smb sam@buyer.com",
        "stage": "demo 030 12345678",
        "title": "Call with josé@empresa.es",
        "utterances": [
            {"speaker": "Dana", "role": "rep", "text": "Thanks for joining. Acme cuts invoice time by 60%."},
            {"speaker": "Sam", "role": "prospect", "text": f"Sure. {PRICE} Mail josé@empresa.es {extra}"},
            {"speaker": "Dana", "role": "rep", "text": "Noted: 020 7946 0958, card 4111.1111.1111.1111."},
            {"speaker": "Sam", "role": "prospect", "text": "We already use Salesforce. SSN 123-45-6789."},
        ],
    }


TXT = f"""# call_id: file sam@buyer.com
# rep: Dana Ruiz
[00:00:01] Dana Ruiz: Thanks for joining, Sam. Reach me on 020 7946 0958.
[00:00:05] Sam Patel: {PRICE} Send it to josé@empresa.es or IBAN DE89 3704 0044 0532 0130 00.
"""


def test_inline_objection_calls_and_files_leave_no_personal_data_in_the_report(client: TestClient) -> None:
    body = {
        "calls": [_call("sam@buyer.com"), _call("bob@buyer.com", "(second call)")],
        "files": [{"name": "call dana＠buyer.com.txt", "content": TXT}],
    }
    r = client.post("/v1/objections", json=body)
    assert r.status_code == 200, r.text
    report = r.json()
    _no_secrets(report)
    stored = client.get(f"/v1/objections/{report['id']}")
    _no_secrets(stored.json())
    for fmt in ("md", "csv", "html"):
        _no_secrets(client.get(f"/v1/objections/{report['id']}", params={"format": fmt}).text)
    ids = {o["call_id"] for o in report["objections"]}
    assert len(ids) == 3 and all(re.search(r"\[EMAIL\]-[a-z]{10}$", i) for i in ids), ids
    one = sorted(ids)[0]
    view = client.get(f"/v1/objections/{report['id']}/calls/{quote(one, safe='')}")
    assert view.status_code == 200 and view.json()["call_id"] == one
    _no_secrets(view.json())
    again = client.post("/v1/objections", json=body).json()  # stable ids: the same calls, the same ids
    assert {o["call_id"] for o in again["objections"]} == ids


def test_inline_texts_are_kept_when_the_request_says_so(client: TestClient) -> None:
    r = client.post("/v1/objections", json={"calls": [_call("sam@buyer.com")], "redact": False})
    assert r.status_code == 200 and {o["call_id"] for o in r.json()["objections"]} == {"sam@buyer.com"}


def test_a_failed_objection_job_keeps_only_a_redacted_request(
    client: TestClient, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    import api.routers.objections as objections_router

    real = objections_router.mine_objections

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise TextopsError("the disk filled up")

    monkeypatch.setattr(objections_router, "mine_objections", broken)
    body = {
        "calls": [_call("sam@buyer.com")],
        "files": [{"name": "call dana@buyer.com.txt", "content": TXT}],
        "background": True,
    }
    r = client.post("/v1/objections", json=body)
    assert r.status_code == 202, r.text
    job_id = r.json()["job"]["id"]
    assert wait_for_job(client, job_id)["status"] == "failed"
    _no_secrets(store.job_params(store.workspace(), job_id))  # kept to run again: redacted

    monkeypatch.setattr(objections_router, "mine_objections", real)
    assert client.post(f"/v1/jobs/{job_id}/rerun").status_code == 202
    done = wait_for_job(client, job_id)
    assert done["status"] == "done", done
    report = client.get(f"/v1/objections/{done['report_id']}").json()
    assert report["calls"] == 2
    _no_secrets(report)


def test_inline_alignment_calls_and_copy_leave_no_personal_data_in_the_report(client: TestClient) -> None:
    body = {
        "copy": [
            {
                "title": "Landing for josé@empresa.es",
                "text": "Acme cuts invoice time by 60%. Call 020 7946 0958 or write to sam@buyer.com.",
            }
        ],
        "framework": {
            "campaign": "Q3 sam@buyer.com",
            "pillars": [
                {"name": "Speed", "statements": ["Acme cuts invoice time by 60%. Ring 020 7946 0958."]}
            ],
        },
        "calls": [_call("sam@buyer.com"), _call("bob@buyer.com", "(second call)")],
        "seller_names": ["Acme"],
    }
    r = client.post("/v1/alignment", json=body)
    assert r.status_code == 200, r.text
    report = client.get(f"/v1/alignment/{r.json()['id']}").json()
    _no_secrets(report)
    ids = {c["call_id"] for c in report["call_scores"]}
    assert len(ids) == 2 and all(re.fullmatch(r"\[EMAIL\]-[a-z]{10}", i) for i in ids), ids
    one = sorted(ids)[0]
    view = client.get(f"/v1/alignment/{r.json()['id']}/calls/{quote(one, safe='')}")
    assert view.status_code == 200, view.text
    _no_secrets(view.json())


def test_uploads_redact_call_ids_file_names_segment_and_stage(client: TestClient) -> None:
    cid = client.post("/v1/corpora", json={"name": "calls"}).json()["id"]
    files = [
        (
            "files",
            ("call sam@buyer.com.txt", TXT.replace("# call_id: file sam@buyer.com\n", ""), "text/plain"),
        ),
        (
            "files",
            (
                "call bob@buyer.com.txt",
                TXT.replace("# call_id: file sam@buyer.com\n", "") + " ",
                "text/plain",
            ),
        ),
    ]
    r = client.post(f"/v1/corpora/{cid}/files", files=files)
    assert r.status_code == 200 and r.json()["added"] == 2, r.text
    listed = client.get(f"/v1/corpora/{cid}/documents").json()
    _no_secrets(listed)
    docs = [client.get(f"/v1/documents/{d['id']}").json() for d in listed]
    _no_secrets(docs)
    assert docs[0]["source"] == "call [EMAIL].txt"
    assert len({d["call_id"] for d in docs}) == 2  # two calls stay two

    js = client.post("/v1/corpora", json={"name": "json"}).json()["id"]
    added = client.post(f"/v1/corpora/{js}/documents", json={"transcripts": [_call("sam@buyer.com")]})
    assert added.status_code == 200, added.text
    doc = client.get(f"/v1/documents/{client.get(f'/v1/corpora/{js}/documents').json()[0]['id']}").json()
    _no_secrets(doc)
    assert (doc["segment"], doc["stage"]) == ("smb [EMAIL]", "demo [PHONE]")
