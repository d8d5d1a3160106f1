from __future__ import annotations

from fastapi.testclient import TestClient

from tests.support import HEADER_REP_CALL, AppFactory, embedder_of, wait_for_job
from textops.settings import override_settings
from textops.store import Store

TXT = b"""# call_id: t-1
# rep: Dana Ruiz
[00:00:01] Dana Ruiz: Thanks for joining, Sam.
[00:00:05] Sam Patel: Sure. Honestly the price looks too high for us.
"""
MD = b"# Close the books faster\n\nBrightlane cuts invoice processing time by 60%.\n\n- Approvals in Slack\n"


def _make(client: TestClient, name: str = "calls") -> int:
    r = client.post("/v1/corpora", json={"name": name, "description": "test"})
    assert r.status_code == 201, r.text
    return int(r.json()["id"])


def test_health_reports_database_and_models(client: TestClient) -> None:
    r = client.get("/health")
    assert r.status_code == 200
    body = r.json()
    assert body["database"] is True and body["status"] == "ok" and body["auth"] == "off"
    assert set(body["models"]) == {"spacy", "embedding", "load_seconds"}


def test_create_list_get_delete(client: TestClient) -> None:
    cid = _make(client)
    assert client.post("/v1/corpora", json={"name": "calls"}).status_code == 409
    assert [c["name"] for c in client.get("/v1/corpora").json()] == ["calls"]
    assert client.get(f"/v1/corpora/{cid}").json()["transcripts"] == 0
    assert client.delete(f"/v1/corpora/{cid}").status_code == 204
    r = client.get(f"/v1/corpora/{cid}")
    assert r.status_code == 404
    assert r.json()["error"]["code"] == "not_found" and "textops corpora" in r.json()["error"]["hint"]


def test_upload_files_reports_each_file_and_is_idempotent(client: TestClient) -> None:
    cid = _make(client)
    files = [
        ("files", ("call.txt", TXT, "text/plain")),
        ("files", ("landing.md", MD, "text/markdown")),
        ("files", ("empty.txt", b"", "text/plain")),
        ("files", ("blob.vtt", b"\x00\x01\x02binary", "application/octet-stream")),
    ]
    r = client.post(f"/v1/corpora/{cid}/files", files=files)
    assert r.status_code == 200, r.text
    body = r.json()
    status = {f["file"]: f["status"] for f in body["files"]}
    assert status == {"call.txt": "added", "landing.md": "added", "empty.txt": "error", "blob.vtt": "error"}
    errors = {f["file"]: f["error"] for f in body["files"] if f["error"]}
    assert "empty" in errors["empty.txt"].lower() and "binary" in errors["blob.vtt"].lower()
    assert (body["added"], body["errors"]) == (2, 2)
    assert body["corpus"]["transcripts"] == 1 and body["corpus"]["copy_documents"] == 1
    again = client.post(f"/v1/corpora/{cid}/files", files=files[:2]).json()
    assert (again["added"], again["duplicates"]) == (0, 2)
    docs = client.get(f"/v1/corpora/{cid}/documents", params={"kind": "transcript"}).json()
    assert [d["external_id"] for d in docs] == ["t-1"]
    full = client.get(f"/v1/documents/{docs[0]['id']}").json()
    assert [u["role"] for u in full["utterances"]] == ["rep", "prospect"]
    assert full["utterances"][1]["start"] == 5.0


def test_json_documents(client: TestClient) -> None:
    cid = _make(client)
    payload = {
        "transcripts": [{"call_id": "j1", "utterances": [{"speaker": "A", "role": "rep", "text": "Hello."}]}]
    }
    r = client.post(f"/v1/corpora/{cid}/documents", json=payload)
    assert r.status_code == 200 and r.json()["added"] == 1
    assert client.post(f"/v1/corpora/{cid}/documents", json=payload).json()["duplicates"] == 1
    bad = client.post(
        f"/v1/corpora/{cid}/documents", json={"transcripts": [{"call_id": "x", "utterances": []}]}
    )
    assert bad.status_code == 422 and "no utterances" in bad.json()["error"]["message"]
    empty = client.post(f"/v1/corpora/{cid}/documents", json={})
    assert empty.status_code == 422 and empty.json()["error"]["code"] == "invalid_input"
    wrong = client.post(f"/v1/corpora/{cid}/documents", json={"transcripts": [{"utterances": "nope"}]})
    assert wrong.status_code == 422 and wrong.json()["error"]["code"] == "validation_error"
    assert client.post("/v1/corpora/999/documents", json=payload).status_code == 404


def test_limits_answer_413_with_the_limit(client: TestClient, make_app: AppFactory) -> None:
    cid = _make(client)
    app_settings = client.app.state.settings  # type: ignore[attr-defined]
    with override_settings(max_file_bytes=100):
        r = client.post(f"/v1/corpora/{cid}/files", files=[("files", ("big.txt", TXT * 5, "text/plain"))])
    assert r.status_code == 200 and r.json()["files"][0]["status"] == "error"
    assert "100" in r.json()["files"][0]["error"]
    with TestClient(make_app(max_request_bytes=1000)) as c:
        r = c.post(
            f"/v1/corpora/{cid}/documents", content=b"x" * 1001, headers={"content-type": "application/json"}
        )
        assert r.status_code == 413 and "1000 bytes" in r.json()["error"]["message"]

        def chunks():  # no Content-Length: the streamed body is counted
            yield b"x" * 600
            yield b"x" * 600

        r = c.post(
            f"/v1/corpora/{cid}/documents", content=chunks(), headers={"content-type": "application/json"}
        )
        assert r.status_code == 413
    text = "x" * (app_settings.max_text_chars + 1)
    payload = {"transcripts": [{"call_id": "j", "utterances": [{"speaker": "A", "text": text}]}]}
    r = client.post(f"/v1/corpora/{cid}/documents", json=payload)
    assert r.status_code == 413 and str(app_settings.max_text_chars) in r.json()["error"]["message"]


def test_unknown_route_and_bad_ids(client: TestClient) -> None:
    assert client.get("/v1/nope").json()["error"]["code"] == "not_found"
    assert client.get("/v1/corpora/abc").status_code == 422
    assert client.get("/v1/documents/12345").status_code == 404
    assert client.post("/v1/corpora", json={"name": ""}).status_code == 422


def test_json_and_file_ingest_agree_on_roles_and_content(client: TestClient) -> None:
    call = {
        "call_id": "r1",
        "seller_domain": "acme.io",
        "participants": [
            {"name": "Dana", "email": "dana@acme.io"},
            {"name": "Sam", "email": "sam@buyer.com"},
        ],
        "utterances": [{"speaker": "Dana", "text": "Hello Sam."}, {"speaker": "Sam", "text": "Hi Dana."}],
    }
    import json as _json

    a = _make(client, "from-file")
    r = client.post(
        f"/v1/corpora/{a}/files",
        files=[("files", ("r1.json", _json.dumps(call).encode(), "application/json"))],
    )
    assert r.json()["added"] == 1
    file_doc = client.get(f"/v1/documents/{client.get(f'/v1/corpora/{a}/documents').json()[0]['id']}").json()
    b = _make(client, "from-json")
    parsed = {k: v for k, v in file_doc.items() if k not in {"source"}}
    assert client.post(f"/v1/corpora/{b}/documents", json={"transcripts": [parsed]}).json()["added"] == 1
    json_doc = client.get(f"/v1/documents/{client.get(f'/v1/corpora/{b}/documents').json()[0]['id']}").json()
    assert (
        [u["role"] for u in json_doc["utterances"]]
        == ["rep", "prospect"]
        == [u["role"] for u in file_doc["utterances"]]
    )
    assert [u["index"] for u in json_doc["utterances"]] == [0, 1]
    # an unlabelled JSON call gets roles from the participants' email domains via the settings
    bare = {
        "call_id": "r2",
        "participants": [{"name": "Dana", "role": "rep"}, {"name": "Sam"}],
        "utterances": [{"speaker": "Dana", "text": "Hi."}, {"speaker": "Sam", "text": "Hello."}],
    }
    assert client.post(f"/v1/corpora/{b}/documents", json={"transcripts": [bare]}).json()["added"] == 1
    docs = client.get(f"/v1/corpora/{b}/documents").json()
    second = client.get(f"/v1/documents/{docs[1]['id']}").json()
    assert [u["role"] for u in second["utterances"]] == ["rep", "prospect"]


def _call_json(call_id: str, prospect_line: str, rep_line: str) -> dict[str, object]:
    return {
        "call_id": call_id,
        "started_at": "2026-03-02T15:00:00Z",
        "utterances": [
            {"speaker": "Dana", "role": "rep", "text": rep_line},
            {"speaker": "Sam", "role": "prospect", "text": prospect_line},
            {"speaker": "Dana", "role": "rep", "text": "Understood, what budget did you have in mind?"},
        ],
    }


def _linked_keys(store: Store, corpus_id: int) -> set[str]:
    from sqlalchemy import select

    from textops.store._schema import EmbeddingLinkRow

    with store.session() as s:
        return set(s.scalars(select(EmbeddingLinkRow.key).where(EmbeddingLinkRow.corpus_id == corpus_id)))


def _stored_keys(store: Store, keys: set[str]) -> set[str]:
    from sqlalchemy import select

    from textops.store._schema import EmbeddingRow

    with store.session() as s:
        return set(s.scalars(select(EmbeddingRow.key).where(EmbeddingRow.key.in_(sorted(keys)))))


def test_delete_removes_documents_reports_and_embeddings_of_the_corpus_only(
    client: TestClient, store: Store
) -> None:
    from textops.embeddings import text_key

    a, b = _make(client, "alpha"), _make(client, "beta")
    alpha_rep = "Alpha cuts invoice processing time by 60% for finance teams like yours."
    alpha_calls = [
        _call_json(f"a{i}", f"Alpha {i}: the price is too high for us.", alpha_rep) for i in (1, 2)
    ]
    beta_rep = "Beta keeps your invoice data encrypted at rest and in transit."
    beta_calls = [_call_json(f"b{i}", f"Beta {i}: we already use Globex.", beta_rep) for i in (1, 2)]
    assert client.post(f"/v1/corpora/{a}/documents", json={"transcripts": alpha_calls}).json()["added"] == 2
    assert client.post(f"/v1/corpora/{b}/documents", json={"transcripts": beta_calls}).json()["added"] == 2
    rep_a = client.post("/v1/objections", json={"corpus_ids": [a]}).json()["id"]
    rep_b = client.post("/v1/objections", json={"corpus_ids": [b]}).json()["id"]
    align_a = client.post(
        "/v1/alignment",
        json={
            "copy": [{"text": "Alpha cuts invoice time by 60%."}],
            "call_corpus_ids": [a],
            "background": True,
        },
    ).json()
    job = wait_for_job(client, align_a["job"]["id"])
    assert job["status"] == "done", job
    rep_align = job["report_id"]
    # a vector of one raw utterance, as a CLI analysis that does not link its keys would leave
    embedder = embedder_of(client.app)
    raw = "Alpha 1: the price is too high for us."
    embedder.encode([raw])
    links_a, links_b = _linked_keys(store, a), _linked_keys(store, b)
    a_keys = links_a | {text_key(embedder.name, raw)}
    b_only = links_b - a_keys
    assert links_a and b_only
    assert _stored_keys(store, a_keys) == a_keys and _stored_keys(store, b_only) == b_only

    assert client.delete(f"/v1/corpora/{a}").status_code == 204

    assert _stored_keys(store, a_keys) == set() and _linked_keys(store, a) == set()
    assert not set(embedder._memory) & a_keys  # the process's in-memory cache forgot them too
    for rid, kind in ((rep_a, "objections"), (rep_align, "alignment")):
        assert client.get(f"/v1/{kind}/{rid}").status_code == 404
    assert client.get(f"/v1/corpora/{a}").status_code == 404
    # the other corpus keeps its documents, report, links and vectors
    assert client.get(f"/v1/corpora/{b}").json()["transcripts"] == 2
    assert client.get(f"/v1/objections/{rep_b}").status_code == 200
    assert _linked_keys(store, b) == links_b and _stored_keys(store, b_only) == b_only
    assert client.delete(f"/v1/corpora/{a}").status_code == 404
    # the deleted corpus's texts are embedded again when needed (the cache is only a cache)
    again = client.post("/v1/objections", json={"calls": alpha_calls})
    assert again.status_code == 200 and again.json()["calls"] == 2


PII = b"""# call_id: pii-1
# rep: Dana Ruiz
[00:00:01] Dana Ruiz: I'll send the contract to sam.patel@buyer.com today.
[00:00:05] Sam Patel: Use my card 4111 1111 1111 1111 or call (415) 555-0132.
"""


def _utterances(client: TestClient, cid: int) -> list[str]:
    docs = client.get(f"/v1/corpora/{cid}/documents").json()
    return [u["text"] for d in docs for u in client.get(f"/v1/documents/{d['id']}").json()["utterances"]]


def test_uploads_are_redacted_by_default_and_on_request(client: TestClient, make_app: AppFactory) -> None:
    redacted = [
        "I'll send the contract to [EMAIL] today.",
        "Use my card [CARD] or call [PHONE].",
    ]
    on = _make(client, "default-on")
    r = client.post(f"/v1/corpora/{on}/files", files=[("files", ("p.txt", PII, "text/plain"))])
    assert r.status_code == 200 and r.json()["redacted"] == {"email": 1, "card": 1, "phone": 1}
    assert _utterances(client, on) == redacted

    off = _make(client, "form-off")
    r = client.post(
        f"/v1/corpora/{off}/files", files=[("files", ("p.txt", PII, "text/plain"))], data={"redact": "false"}
    )
    assert r.json()["redacted"] == {} and "sam.patel@buyer.com" in _utterances(client, off)[0]

    query_off = _make(client, "query-off")
    files = [("files", ("p.txt", PII, "text/plain"))]
    assert client.post(f"/v1/corpora/{query_off}/files?redact=false", files=files).json()["redacted"] == {}
    form_wins = _make(client, "form-wins")
    r = client.post(f"/v1/corpora/{form_wins}/files?redact=false", files=files, data={"redact": "true"})
    assert r.json()["redacted"]["card"] == 1

    call = {
        "call_id": "j-1",
        "utterances": [{"speaker": "Sam", "role": "prospect", "text": "Mail me at sam@buyer.com"}],
    }
    js = _make(client, "json")
    assert client.post(f"/v1/corpora/{js}/documents", json={"transcripts": [call]}).json()["redacted"] == {
        "email": 1
    }
    assert _utterances(client, js) == ["Mail me at [EMAIL]"]
    # the same call unredacted is another call with the id j-1: refused (call ids are unique in a corpus)
    taken = client.post(f"/v1/corpora/{js}/documents?redact=false", json={"transcripts": [call]})
    assert taken.status_code == 422 and "'j-1' is already another call's" in taken.text
    again = {**call, "call_id": "j-2"}
    kept = client.post(f"/v1/corpora/{js}/documents?redact=false", json={"transcripts": [again]}).json()
    assert kept["added"] == 1 and "Mail me at sam@buyer.com" in _utterances(client, js)

    # a server with TEXTOPS_REDACT_UPLOADS=false keeps texts unless the request asks
    with TestClient(make_app(redact_uploads=False)) as c:
        cid, asked = _make(c, "server-off"), _make(c, "server-off-asked")
        assert c.post(f"/v1/corpora/{cid}/files", files=files).json()["redacted"] == {}
        assert c.post(f"/v1/corpora/{asked}/files", files=files, data={"redact": "true"}).json()["added"] == 1
        assert _utterances(c, asked)[0].startswith("I'll send the contract to [EMAIL]")
        # into the first corpus, the redacted file is another call with the file's stated id pii-1: refused
        refused = c.post(f"/v1/corpora/{cid}/files", files=files, data={"redact": "true"}).json()
        assert refused["added"] == 0 and "'pii-1' is already another call's" in refused["files"][0]["error"]


HEADERLESS = b"""Sales Rep: Thanks for joining. What are you using for invoices today?
Customer: Spreadsheets. Honestly the price looks too high for us.
"""
NAMED = b"""Dana: Thanks for joining. What are you using for invoices today?
Sam: Spreadsheets, mostly.
"""


def test_upload_reports_roles_and_the_speakers_can_be_changed_without_reupload(client: TestClient) -> None:
    cid = _make(client)
    r = client.post(
        f"/v1/corpora/{cid}/files",
        files=[("files", ("a.txt", HEADERLESS, "text/plain")), ("files", ("b.txt", NAMED, "text/plain"))],
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert [f["read_as"] for f in body["files"]] == ["transcript", "transcript"]
    assert body["files"][0]["roles"] == ["known"]
    speakers = client.get(f"/v1/corpora/{cid}/speakers").json()
    by_name = {s["speaker"]: s for s in speakers["speakers"]}
    assert by_name["Customer"]["roles"] == {"prospect": 1} and by_name["Customer"]["sources"] == {"label": 1}
    assert speakers["check"]["calls"] == 2
    r = client.put(f"/v1/corpora/{cid}/roles", json={"reps": ["Dana"], "call_ids": ["b"]})
    assert r.status_code == 200, r.text
    changed = r.json()
    by_name = {s["speaker"]: s for s in changed["speakers"]}
    assert by_name["Dana"]["roles"] == {"rep": 1} and by_name["Dana"]["sources"] == {"user": 1}
    assert by_name["Sam"]["roles"] == {"prospect": 1}
    assert changed["check"]["unknown"] == 0
    # the stored utterances follow
    docs = client.get(f"/v1/corpora/{cid}/documents").json()
    b = next(d for d in docs if d["external_id"] == "b")
    roles = [u["role"] for u in client.get(f"/v1/documents/{b['id']}").json()["utterances"]]
    assert roles == ["rep", "prospect"]
    # the same file uploaded again is still a duplicate (roles are not part of the content hash)
    again = client.post(f"/v1/corpora/{cid}/files", files=[("files", ("b.txt", NAMED, "text/plain"))])
    assert again.json()["duplicates"] == 1


def test_upload_with_a_rep_form_field(client: TestClient) -> None:
    cid = _make(client)
    r = client.post(
        f"/v1/corpora/{cid}/files",
        files=[("files", ("b.txt", NAMED, "text/plain"))],
        data={"rep": ["Sam"]},
    )
    assert r.status_code == 200, r.text
    speakers = {s["speaker"]: s for s in client.get(f"/v1/corpora/{cid}/speakers").json()["speakers"]}
    assert speakers["Sam"]["roles"] == {"rep": 1} and speakers["Dana"]["roles"] == {"prospect": 1}


def test_speakers_say_which_name_the_reports_give_a_generic_rep(client: TestClient) -> None:
    cid = _make(client)
    r = client.post(f"/v1/corpora/{cid}/files", files=[("files", ("a.txt", HEADER_REP_CALL, "text/plain"))])
    assert r.status_code == 200, r.text
    speakers = {s["speaker"]: s for s in client.get(f"/v1/corpora/{cid}/speakers").json()["speakers"]}
    assert speakers["Speaker 1"]["reported_as"] == {"Dana Ruiz": 1}
    assert speakers["Speaker 2"]["reported_as"] == {}


def test_roles_need_a_name(client: TestClient) -> None:
    cid = _make(client)
    r = client.put(f"/v1/corpora/{cid}/roles", json={})
    assert r.status_code == 422 and "rep" in r.json()["error"]["message"]
    assert client.put("/v1/corpora/999/roles", json={"reps": ["x"]}).status_code == 404


def test_out_of_range_numbers_are_422_not_500(client: TestClient) -> None:
    cid = _make(client)
    huge = "1" + "0" * 20
    r = client.get(f"/v1/corpora/{cid}/documents", params={"offset": huge})
    assert r.status_code == 422 and "offset" in r.json()["error"]["message"]
    assert client.delete("/v1/keys/" + "9" * 30).status_code == 422
    r = client.post("/v1/experiments/plan", json={"baseline_rate": 0.05, "mde": 1e-300})
    assert r.status_code == 422 and "larger minimum detectable effect" in r.json()["error"]["hint"]
    long_number = (
        b'{"call_id": "a", "utterances": [{"speaker": "A", "text": "hi", "start": ' + b"9" * 5000 + b"}]}"
    )
    good = b'{"call_id": "b", "utterances": [{"speaker": "A", "text": "hi"}, {"speaker": "B", "text": "yo"}]}'
    r = client.post(
        f"/v1/corpora/{cid}/files",
        files=[
            ("files", ("good.json", good, "application/json")),
            ("files", ("bad.json", long_number, "application/json")),
        ],
    )
    assert r.status_code == 200, r.text
    bad = next(f for f in r.json()["files"] if f["file"] == "bad.json")
    assert bad["status"] == "error" and "digits" in bad["error"]
    assert r.json()["added"] == 1
