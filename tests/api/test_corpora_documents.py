"""``DELETE /v1/corpora/{corpus_id}/documents/{document_id}``: a document, with its corpus's reports."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from textops.store import Store
from textops.types import Transcript


def _call(call_id: str, prospect: str) -> dict[str, Any]:
    return {
        "call_id": call_id,
        "utterances": [
            {
                "speaker": "Dana Ruiz",
                "role": "rep",
                "text": "Brightlane cuts invoice processing time by 60%.",
            },
            {"speaker": "Sam Patel", "role": "prospect", "text": prospect},
        ],
    }


def _corpus_with_calls(client: TestClient, name: str, n: int) -> tuple[int, list[dict[str, Any]]]:
    cid = int(client.post("/v1/corpora", json={"name": name}).json()["id"])
    calls = [_call(f"{name}-{i}", f"Call {i}: honestly the price is too high for us.") for i in range(n)]
    assert client.post(f"/v1/corpora/{cid}/documents", json={"transcripts": calls}).json()["added"] == n
    return cid, client.get(f"/v1/corpora/{cid}/documents").json()


def test_delete_one_document_with_the_reports_of_its_corpus(client: TestClient, store: Store) -> None:
    a, docs = _corpus_with_calls(client, "alpha", 3)
    b, _ = _corpus_with_calls(client, "beta", 1)
    ws = store.workspace()  # reports as an analysis stores them (running one here would load its models)
    rep_a = store.save_report(ws, "objections", {"calls": 3}, corpus_ids=[a])
    rep_ab = store.save_report(ws, "alignment", {"calls": 4}, corpus_ids=[a, b])
    rep_b = store.save_report(ws, "objections", {"calls": 1}, corpus_ids=[b])
    target = docs[1]

    r = client.delete(f"/v1/corpora/{a}/documents/{target['id']}")

    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["document_id"], body["corpus_id"], body["kind"], body["external_id"]) == (
        target["id"],
        a,
        "transcript",
        "alpha-1",
    )
    assert body["utterances"] == 2 and body["reports"] == 2 and set(body["report_ids"]) == {rep_a, rep_ab}
    assert "embedding_keys" not in body  # cache hashes are not the caller's business
    assert [d["external_id"] for d in client.get(f"/v1/corpora/{a}/documents").json()] == [
        "alpha-0",
        "alpha-2",
    ]
    assert client.get(f"/v1/corpora/{a}").json()["transcripts"] == 2
    assert client.get(f"/v1/documents/{target['id']}").status_code == 404
    assert client.get(f"/v1/objections/{rep_a}").status_code == 404
    assert client.get(f"/v1/alignment/{rep_ab}").status_code == 404
    assert store.get_report(ws, rep_b) is not None  # another corpus's report stays (else NotFoundError)


def test_unknown_or_other_corpus_documents_are_404_and_stay(client: TestClient) -> None:
    a, docs = _corpus_with_calls(client, "alpha", 1)
    b, _ = _corpus_with_calls(client, "beta", 1)
    doc_id = docs[0]["id"]
    for url in (
        f"/v1/corpora/{b}/documents/{doc_id}",  # not in this corpus
        f"/v1/corpora/{a}/documents/987654",  # does not exist
        f"/v1/corpora/987654/documents/{doc_id}",
    ):
        r = client.delete(url)
        assert r.status_code == 404, (url, r.text)
        assert r.json()["error"]["code"] == "not_found"
    assert client.get(f"/v1/documents/{doc_id}").status_code == 200
    assert client.delete(f"/v1/corpora/{a}/documents/0").status_code == 422  # ids start at 1
    assert client.delete(f"/v1/corpora/{a}/documents/{doc_id}").status_code == 200
    again = client.delete(f"/v1/corpora/{a}/documents/{doc_id}")
    assert again.status_code == 404 and "textops corpus docs" in again.json()["error"]["hint"]


def test_another_workspace_cannot_delete_it(client: TestClient, store: Store) -> None:
    a, _ = _corpus_with_calls(client, "alpha", 1)
    other = store.workspace("other")
    b = store.create_corpus(other, "theirs")
    # the caller (workspace "default") names a document of another workspace: 404, nothing deleted
    (their_doc,) = store.add_documents(
        other, b.id, [Transcript.model_validate(_call("their-call", "Too expensive."))]
    ).document_ids
    assert client.delete(f"/v1/corpora/{b.id}/documents/{their_doc}").status_code == 404
    assert client.delete(f"/v1/corpora/{a}/documents/{their_doc}").status_code == 404
    assert store.get_corpus(other, b.id).transcripts == 1
    assert client.get(f"/v1/corpora/{a}").json()["transcripts"] == 1


def test_refused_with_409_while_a_job_reads_the_corpus(client: TestClient, store: Store) -> None:
    a, docs = _corpus_with_calls(client, "alpha", 1)
    job = store.create_job(store.workspace(), "objections", {"request": {"corpus_ids": [a]}})
    r = client.delete(f"/v1/corpora/{a}/documents/{docs[0]['id']}")
    assert r.status_code == 409 and job.id in r.json()["error"]["message"]
    assert client.get(f"/v1/corpora/{a}").json()["transcripts"] == 1


def test_documented_in_openapi(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    op = spec["paths"]["/v1/corpora/{corpus_id}/documents/{document_id}"]["delete"]
    assert op["summary"] == "Delete one document" and "report" in op["description"]
    assert {"200", "404", "409"} <= set(op["responses"])
    schema = op["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    props = spec["components"]["schemas"][schema]["properties"]
    assert {"document_id", "corpus_id", "reports", "report_ids"} <= set(props)
    assert "embedding_keys" not in props
