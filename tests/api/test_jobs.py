"""``/v1/jobs``: jobs survive a restart (interrupted, then re-run from their stored request), list, 409s."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.support import AppClientFactory, wait_for_job
from textops.embeddings import HashingEmbedder, text_key
from textops.errors import ConflictError, TextopsError
from textops.store import Store
from textops.types import Transcript

PRICE = "Honestly it's just too expensive for us."


def _call(call_id: str) -> dict[str, Any]:
    return {
        "call_id": call_id,
        "started_at": "2026-03-02T15:00:00Z",
        "outcome": "won",
        "utterances": [
            {"speaker": "Dana", "role": "rep", "text": "Thanks for joining."},
            {"speaker": "Sam", "role": "prospect", "text": PRICE},
            {"speaker": "Dana", "role": "rep", "text": "Acme cuts invoice processing time by 60%."},
            {"speaker": "Sam", "role": "prospect", "text": "We already use Salesforce for that."},
        ],
    }


def test_running_job_left_by_a_dead_server_is_interrupted_then_rerun_to_a_report(
    store: Store, app_client: AppClientFactory
) -> None:
    ws = store.workspace("default")
    corpus = store.create_corpus(ws, "calls")
    store.add_documents(ws, corpus.id, [Transcript.model_validate(_call(f"c{i}")) for i in range(3)])
    # what a server killed mid-job leaves behind: a 'running' row with the request it was started with
    job = store.create_job(ws, "objections", {"request": {"corpus_ids": [corpus.id], "trend": "month"}})
    store.update_job(job.id, status="running", done=40, total=100, message="scoring sentences")

    client = app_client()  # start-up marks it interrupted
    seen = client.get(f"/v1/jobs/{job.id}").json()
    assert seen["status"] == "interrupted" and "start it again" in seen["message"]
    assert [j["id"] for j in client.get("/v1/jobs", params={"status": "interrupted"}).json()] == [job.id]

    r = client.post(f"/v1/jobs/{job.id}/rerun")
    assert r.status_code == 202, r.text
    accepted = r.json()
    assert accepted["job"]["id"] == job.id and accepted["status_url"] == f"/v1/jobs/{job.id}"
    assert accepted["report_url_template"] == "/v1/objections/{report_id}"
    done = wait_for_job(client, job.id)
    assert done["status"] == "done" and done["error"] is None, done
    report = client.get(f"/v1/objections/{done['report_id']}")
    assert report.status_code == 200 and report.json()["calls"] == 3
    assert report.json()["categories"]

    again = client.post(f"/v1/jobs/{job.id}/rerun")
    assert again.status_code == 409 and "only failed or interrupted" in again.json()["error"]["message"]
    # a done job keeps the report's summary of its parameters, not the request
    assert store.job_params(ws, job.id) == {
        "corpus_ids": [corpus.id],
        "since": None,
        "threshold": None,
        "trend": "month",
        "custom_categories": [],
    }


def test_failed_alignment_job_with_inline_texts_reruns_from_its_stored_request(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    import api.routers.alignment as alignment_router

    real_align = alignment_router.align

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise TextopsError("the disk filled up")

    monkeypatch.setattr(alignment_router, "align", broken)
    body = {
        "copy": [{"title": "Landing", "text": "Acme cuts invoice processing time by 60% for finance teams."}],
        "calls": [_call("c1"), _call("c2")],
        "seller_names": ["Acme"],
        "background": True,
    }
    r = client.post("/v1/alignment", json=body)
    assert r.status_code == 202, r.text
    job_id = r.json()["job"]["id"]
    failed = wait_for_job(client, job_id)
    assert failed["status"] == "failed" and "disk filled up" in failed["error"]

    monkeypatch.setattr(alignment_router, "align", real_align)
    rerun = client.post(f"/v1/jobs/{job_id}/rerun")
    assert rerun.status_code == 202, rerun.text
    assert rerun.json()["report_url_template"] == "/v1/alignment/{report_id}"
    done = wait_for_job(client, job_id)
    assert done["status"] == "done", done
    report = client.get(f"/v1/alignment/{done['report_id']}").json()
    assert report["calls"] == 2


def test_rerun_refuses_queued_running_unknown_and_unrebuildable_jobs(
    client: TestClient, store: Store
) -> None:
    ws = store.workspace("default")
    queued = store.create_job(ws, "objections", {"request": {"corpus_ids": [1]}})
    r = client.post(f"/v1/jobs/{queued.id}/rerun")
    assert r.status_code == 409 and "is queued" in r.json()["error"]["message"]

    running = store.create_job(ws, "objections", {"request": {"corpus_ids": [1]}})
    store.update_job(running.id, status="running")
    assert client.post(f"/v1/jobs/{running.id}/rerun").status_code == 409

    legacy = store.create_job(ws, "objections", {"corpus_ids": [1]})  # an older version kept no request
    store.update_job(legacy.id, status="interrupted")
    r = client.post(f"/v1/jobs/{legacy.id}/rerun")
    assert r.status_code == 409 and "did not keep the request" in r.json()["error"]["message"]

    cid = client.post("/v1/corpora", json={"name": "gone"}).json()["id"]
    orphan = store.create_job(ws, "objections", {"request": {"corpus_ids": [cid]}})
    store.update_job(orphan.id, status="failed", error="boom")
    assert client.delete(f"/v1/corpora/{cid}").status_code == 204
    r = client.post(f"/v1/jobs/{orphan.id}/rerun")
    assert r.status_code == 409 and "not found" in r.json()["error"]["message"]
    assert client.get(f"/v1/jobs/{orphan.id}").json()["status"] == "failed"  # left as it was

    assert client.post("/v1/jobs/no-such-job/rerun").status_code == 404


def test_requeue_is_atomic(store: Store) -> None:
    ws = store.workspace()
    job = store.create_job(ws, "objections", {"request": {}})
    store.update_job(job.id, status="interrupted")
    assert store.requeue_job(ws, job.id).status == "queued"
    with pytest.raises(ConflictError, match="is queued"):
        store.requeue_job(ws, job.id)


def test_job_list_is_newest_first_filtered_and_never_shows_another_workspace(
    store: Store, app_client: AppClientFactory
) -> None:
    ws_a, ws_b = store.workspace("team-a"), store.workspace("team-b")
    _, key_a = store.create_key(ws_a, "write", "a")
    _, key_b = store.create_key(ws_b, "read", "b")
    mine = [store.create_job(ws_a, "alignment", {}) for _ in range(3)]
    store.update_job(mine[1].id, status="failed", error="x")
    theirs = [store.create_job(ws_b, "objections", {}) for _ in range(4)]
    client = app_client(auth_enabled=True, rate_limit="")
    a = {"Authorization": f"Bearer {key_a}"}
    listed = client.get("/v1/jobs", headers=a)
    assert listed.status_code == 200, listed.text
    assert [j["id"] for j in listed.json()] == [j.id for j in reversed(mine)]
    assert [j["id"] for j in client.get("/v1/jobs?status=failed", headers=a).json()] == [mine[1].id]
    assert len(client.get("/v1/jobs?limit=2", headers=a).json()) == 2
    for status in ("queued", "running", "done", "failed", "interrupted", None):
        params = {"status": status} if status else {}
        ids = {j["id"] for j in client.get("/v1/jobs", params=params, headers=a).json()}
        assert not ids & {j.id for j in theirs}
    assert client.get(f"/v1/jobs/{theirs[0].id}", headers=a).status_code == 404
    store.update_job(theirs[0].id, status="interrupted")
    assert client.post(f"/v1/jobs/{theirs[0].id}/rerun", headers=a).status_code == 404
    b = {"Authorization": f"Bearer {key_b}"}
    assert {j["id"] for j in client.get("/v1/jobs", headers=b).json()} == {j.id for j in theirs}
    assert client.get("/v1/jobs?status=exploded", headers=a).status_code == 422
    assert client.get("/v1/jobs", params={"limit": 0}, headers=a).status_code == 422


class _DeletesMidway(HashingEmbedder):
    """A fake embedder that deletes the corpus under analysis (a user's DELETE) the first time it is asked
    to embed the corpus's own text (``marker``), then goes on embedding."""

    def __init__(self, store: Store, ws: int, marker: str) -> None:
        super().__init__(64)
        self.store, self.ws, self.marker, self.corpus_id = store, ws, marker, 0
        self.seen: set[str] = set()

    def encode(self, texts: Any, **kwargs: Any) -> Any:
        self.seen.update(t for t in texts if self.marker in t)
        if self.corpus_id and any(self.marker in t for t in texts):
            self.store.delete_corpus(self.ws, self.corpus_id)
            self.corpus_id = 0
        return super().encode(texts, **kwargs)


def _marked(call_id: str, marker: str) -> Transcript:
    call = _call(call_id)
    for u in call["utterances"]:
        u["text"] = f"{u['text'].rstrip('.')} at {marker} {call_id}."
    return Transcript.model_validate(call)


@pytest.mark.parametrize("kind", ["objections", "alignment"])
def test_deleting_the_corpus_during_a_job_fails_it_and_keeps_nothing(
    store: Store, app_client: AppClientFactory, kind: str
) -> None:
    """#16 item 1: the job used to finish 'done' and serve a report of the deleted transcripts, and the
    vectors of their text stayed in the cache with no link to delete them by."""
    from textops.types import CopyBlock, CopyDocument

    ws = store.workspace("default")
    marker = "Zorblat"
    warm, doomed = store.create_corpus(ws, "warm"), store.create_corpus(ws, "doomed")
    store.add_documents(ws, warm.id, [Transcript.model_validate(_call(f"w{i}")) for i in range(3)])
    store.add_documents(ws, doomed.id, [_marked(f"c{i}", marker) for i in range(6)])
    copy = CopyDocument(doc_id="lp", blocks=[CopyBlock(kind="paragraph", text="Acme cuts invoice time.")])
    store.add_documents(ws, warm.id, [copy])

    def body(cid: int) -> dict[str, Any]:
        if kind == "alignment":
            return {"copy_corpus_ids": [warm.id], "call_corpus_ids": [cid], "background": True}
        return {"corpus_ids": [cid], "background": True}

    embedder = _DeletesMidway(store, ws, marker)
    client = app_client(embedder=embedder)
    # a first analysis loads and caches what every analysis needs (models, training vectors)
    first = wait_for_job(client, client.post(f"/v1/{kind}", json=body(warm.id)).json()["job"]["id"])
    assert first["status"] == "done", first
    vectors_before, reports_before = store.count_vectors(), len(store.list_reports(ws))
    embedder.corpus_id = doomed.id
    r = client.post(f"/v1/{kind}", json=body(doomed.id))
    assert r.status_code == 202, r.text
    job = wait_for_job(client, r.json()["job"]["id"])
    assert embedder.corpus_id == 0, f"the corpus was not deleted mid-job: the test did not test {job}"
    assert job["status"] == "failed", job
    assert "deleted while the analysis ran" in job["error"]
    assert job["report_id"] is None
    assert len(store.list_reports(ws)) == reports_before
    assert [x["id"] for x in client.get("/v1/corpora").json()] == [warm.id]
    # no vector of the deleted text was left behind (vectors shared with the warm corpus may go too:
    # delete_corpus removes everything the deleted corpus used; the warm corpus embeds them again)
    assert store.count_vectors() <= vectors_before
    from sqlalchemy import select

    from textops.store._schema import EmbeddingLinkRow

    with store.session() as s:
        assert not list(s.scalars(select(EmbeddingLinkRow).where(EmbeddingLinkRow.corpus_id == doomed.id)))
    assert embedder.seen
    keys = [text_key(embedder.name, t) for t in embedder.seen]
    assert store.get_vectors(embedder.name, keys) == {}
