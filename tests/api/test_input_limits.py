"""#16 item 3: inputs SQLite accepts but PostgreSQL refuses are refused (or cleaned) at the edge.

NUL characters, names and ids longer than their columns, experiment counts above 2^31 and ``%00`` in ids
were 500s on PostgreSQL. The limits come from one place (``textops.types``: the store's columns use the
same constants), so the same input gives the same answer on both backends.
"""

from __future__ import annotations

import json

from fastapi.testclient import TestClient

from textops.store._schema import DocumentRow, UtteranceRow
from textops.types import MAX_CALL_ID, MAX_SEGMENT, MAX_SPEAKER, MAX_TITLE


def _corpus(client: TestClient) -> int:
    r = client.post("/v1/corpora", json={"name": "limits"})
    assert r.status_code == 201, r.text
    return int(r.json()["id"])


def _call(**over: object) -> dict[str, object]:
    call: dict[str, object] = {
        "call_id": "c1",
        "utterances": [
            {"speaker": "Dana", "role": "rep", "text": "Thanks for joining."},
            {"speaker": "Sam", "role": "prospect", "text": "It is too expensive."},
        ],
    }
    call.update(over)
    return call


def _upload(client: TestClient, cid: int, name: str, payload: object) -> dict[str, object]:
    files = [("files", (name, json.dumps(payload).encode(), "application/json"))]
    r = client.post(f"/v1/corpora/{cid}/files", files=files)
    assert r.status_code == 200, r.text
    out: dict[str, object] = r.json()["files"][0]
    return out


def test_the_store_columns_use_the_same_limits() -> None:
    assert UtteranceRow.__table__.c.speaker.type.length == MAX_SPEAKER  # type: ignore[attr-defined]
    assert DocumentRow.__table__.c.external_id.type.length == MAX_CALL_ID  # type: ignore[attr-defined]
    assert DocumentRow.__table__.c.segment.type.length == MAX_SEGMENT  # type: ignore[attr-defined]
    assert DocumentRow.__table__.c.title.type.length == MAX_TITLE  # type: ignore[attr-defined]


def test_over_long_fields_in_a_file_fail_that_file_with_a_clear_error(client: TestClient) -> None:
    cid = _corpus(client)
    long_speaker = _call()
    long_speaker["utterances"] = [{"speaker": "S" * 250, "role": "prospect", "text": "Too expensive."}]
    cases = {
        "speaker.json": long_speaker,
        "callid.json": _call(call_id="c" * 301),
        "segment.json": _call(call_id="c2", segment="s" * 101),
        "title.json": _call(call_id="c3", title="t" * 501),
    }
    for name, payload in cases.items():
        result = _upload(client, cid, name, payload)
        assert result["status"] == "error", (name, result)
        assert "at most" in str(result["error"]), (name, result)
    assert client.get(f"/v1/corpora/{cid}").json()["transcripts"] == 0


def test_nul_characters_in_files_are_dropped_not_stored(client: TestClient) -> None:
    cid = _corpus(client)
    payload = _call(call_id="nul\u0000id", segment="mid\u0000market")
    payload["utterances"] = [
        {"speaker": "Da\u0000na", "role": "rep", "text": "Hello\u0000 there."},
        {"speaker": "Sam", "role": "prospect", "text": "Too\u0000 expensive."},
    ]
    assert _upload(client, cid, "nul.json", payload)["status"] == "added"
    docs = client.get(f"/v1/corpora/{cid}/documents").json()
    body = json.dumps(docs)
    assert "\\u0000" not in body and "nulid" in body


def test_nul_in_json_bodies_and_urls_is_a_422(client: TestClient) -> None:
    r = client.post("/v1/corpora", json={"name": "bad\u0000name"})
    assert r.status_code == 422 and "NUL" in r.json()["error"]["message"]
    assert client.post("/v1/corpora", json={"name": "a literal \\u0000 is fine"}).status_code == 201
    for url in ("/v1/jobs/abc%00def", "/v1/corpora?x=%00", "/v1/objections/x%00y"):
        r = client.get(url)
        assert r.status_code == 422, (url, r.status_code, r.text)
        assert r.json()["error"]["code"] == "invalid_input"


def test_experiment_counts_above_32_bits_are_stored(client: TestClient) -> None:
    arms = [{"name": "control"}, {"name": "b"}]
    exp = client.post("/v1/experiments", json={"name": "big", "arms": arms}).json()["id"]
    big = 3 * 2**31
    rows = [
        {"day": "2026-03-01", "arm": "control", "visitors": big, "conversions": 2**31 + 5},
        {"day": "2026-03-01", "arm": "b", "visitors": 10**12, "conversions": 10},
    ]
    r = client.post(f"/v1/experiments/{exp}/observations", json={"observations": rows})
    assert r.status_code == 200, r.text
    arms_out = {a["name"]: a for a in r.json()["arms"]}
    assert arms_out["control"]["visitors"] == big and arms_out["b"]["visitors"] == 10**12


def test_ids_beyond_the_32_bit_id_columns_are_422(client: TestClient) -> None:
    """PostgreSQL's id columns are 32-bit: a larger id was a database error (500) there."""
    huge = 2**31
    assert client.delete(f"/v1/keys/{huge}").status_code == 422
    assert client.get(f"/v1/corpora/{huge}").status_code == 422
    assert client.post("/v1/objections", json={"corpus_ids": [huge]}).status_code == 422
    body = {"copy_corpus_ids": [huge], "call_corpus_ids": [1]}
    assert client.post("/v1/alignment", json=body).status_code == 422
    assert client.get(f"/v1/corpora/{2**31 - 1}").status_code == 404


def test_a_messaging_framework_uploaded_as_a_file_says_where_it_goes(client: TestClient) -> None:
    """#17 item 4: it was 'call_id: missing'."""
    cid = _corpus(client)
    framework = {"campaign": "Q3", "pillars": [{"name": "Speed", "statements": ["Close the books in days."]}]}
    result = _upload(client, cid, "messaging.json", framework)
    assert result["status"] == "error"
    assert "messaging framework" in str(result["error"]) and "call_id" not in str(result["error"])
    assert "alignment" in str(result["hint"])
