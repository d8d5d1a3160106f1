from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

pytestmark = pytest.mark.model  # the real spaCy parse runs behind the endpoint

H = "Access cash from the equity in your home"


def test_variants_are_ranked_with_strategy_scores_and_lint(client: TestClient) -> None:
    r = client.post("/v1/headlines/variants", json={"headline": H, "n": 20, "audience": "homeowners"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["original"]["strategy"] == "original" and body["variants"]
    first = body["variants"][0]
    assert first["rank"] == 1 and first["strategy"] and 0 < first["win_probability"] < 1
    assert first["win_low"] <= first["win_probability"] <= first["win_high"]
    assert "chars" in first["contributions"] and first["lint"]["placements"]


def test_constraints_are_met(client: TestClient) -> None:
    r = client.post(
        "/v1/headlines/variants",
        json={"headline": H, "constraints": {"max_chars": 45, "required_terms": ["cash"]}},
    )
    assert r.status_code == 200, r.text
    assert all(len(v["text"]) <= 45 and "cash" in v["text"].lower() for v in r.json()["variants"])


@pytest.mark.parametrize(
    ("payload", "where"),
    [
        ({"headline": ""}, "headline"),
        ({"headline": "   "}, "headline"),
        ({"headline": "x" * 2000}, "headline"),
        ({"headline": H, "n": 0}, "n"),
    ],
)
def test_bad_input_is_a_clear_422(client: TestClient, payload: dict[str, object], where: str) -> None:
    r = client.post("/v1/headlines/variants", json=payload)
    assert r.status_code == 422
    assert r.json()["error"]["message"].startswith(where)


def test_impossible_constraints_name_the_constraint(client: TestClient) -> None:
    r = client.post("/v1/headlines/variants", json={"headline": H, "constraints": {"max_chars": 10}})
    assert r.status_code == 422, r.text
    err = r.json()["error"]
    assert (
        err["code"] == "unsatisfiable_constraint"
        and "max_chars" in err["message"]
        and "max_chars" in err["hint"]
    )
    r = client.post(
        "/v1/headlines/variants",
        json={"headline": H, "constraints": {"max_words": 1, "required_terms": ["home equity"]}},
    )
    assert r.status_code == 422 and "max_words" in r.json()["error"]["message"]


def test_score_user_variants(client: TestClient) -> None:
    r = client.post(
        "/v1/headlines/score", json={"headline": H, "variants": ["Is your home hiding cash?", "Free cash!!"]}
    )
    assert r.status_code == 200, r.text
    rows = r.json()["variants"]
    assert sorted(v["rank"] for v in rows) == [1, 2]
    spam = next(v for v in rows if v["text"] == "Free cash!!")
    assert any(f.startswith("new_claim") for f in spam["flags"])
    assert any(w.startswith("spammy_punctuation") for w in spam["lint"]["warnings"])
    assert client.post("/v1/headlines/score", json={"headline": H, "variants": []}).status_code == 422
