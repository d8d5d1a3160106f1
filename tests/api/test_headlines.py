from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.support import AppClientFactory
from textops.store import Store

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


def test_configured_backends_are_used_by_default(
    openai_stub: Callable[[str], str], app_client: AppClientFactory
) -> None:
    stub_url = openai_stub("1. Tap the cash in your home equity\n2. Get 50% off your home equity loan, free")
    client = app_client(
        headline_backends=["builtin", "openai"],
        headline_openai_base_url=stub_url,
        headline_openai_model="stub",
    )
    r = client.post("/v1/headlines/variants", json={"headline": H, "n": 30})
    assert r.status_code == 200, r.text
    body = r.json()
    backends = {v["backend"] for v in body["variants"]}
    assert {"builtin", "openai"} <= backends
    assert body["dropped"].get("invented_claim") == 1  # "50% off … free" is not in the headline
    # a request that names its backends overrides the setting
    r = client.post("/v1/headlines/variants", json={"headline": H, "n": 30, "backends": ["builtin"]})
    assert r.status_code == 200 and {v["backend"] for v in r.json()["variants"]} == {"builtin"}


def test_a_configured_backend_that_cannot_load_is_a_clear_error(
    app_client: AppClientFactory, tmp_path: Path
) -> None:
    missing = tmp_path / "no-such-model"
    client = app_client(headline_backends=["transformers"], headline_model=str(missing))
    r = client.post("/v1/headlines/variants", json={"headline": H})
    assert r.status_code == 503, r.text
    err = r.json()["error"]
    assert err["code"] == "model_not_available"
    assert "'transformers'" in err["message"] and "TEXTOPS_HEADLINE_BACKENDS" in err["message"]
    assert str(missing) in err["message"] and "TEXTOPS_HEADLINE_MODEL" in err["hint"]
    # scoring user-written variants needs no generator and keeps working
    assert client.post("/v1/headlines/score", json={"headline": H, "variants": ["x y"]}).status_code == 200
    client = app_client(headline_backends=["builtin", "openai"])
    r = client.post("/v1/headlines/variants", json={"headline": H})
    assert r.status_code == 500, r.text
    err = r.json()["error"]
    assert err["code"] == "config_error" and "TEXTOPS_HEADLINE_OPENAI_BASE_URL" in err["message"]
    client = app_client(headline_backends=["builtin", "gpt"])
    r = client.post("/v1/headlines/variants", json={"headline": H})
    assert r.status_code == 500 and "unknown headline backend 'gpt'" in r.json()["error"]["message"]


def test_configured_transformers_backend_runs_a_local_model(
    app_client: AppClientFactory, tiny_causal_lm: Path
) -> None:
    folder = tiny_causal_lm
    client = app_client(headline_backends=["transformers"], headline_model=str(folder), headline_samples=4)
    r = client.post("/v1/headlines/variants", json={"headline": H, "n": 50})
    assert r.status_code == 200, r.text
    body = r.json()
    neural = [v for v in body["variants"] if v["backend"] == "transformers"]
    # the tiny model's samples are word salad: whatever survives is tagged, the rest is counted as dropped
    assert all(v["strategy"] == "neural:tiny" for v in neural)
    builtin = sum(1 for v in body["variants"] if v["backend"] == "builtin")
    assert len(neural) + sum(body["dropped"].values()) >= 1 and builtin >= 1


def test_variants_explain_a_short_answer_and_follow_the_brief(client: TestClient) -> None:
    story = "This dad built a treehouse for his daughter. What happened next is amazing."
    r = client.post(
        "/v1/headlines/variants",
        json={"headline": story, "n": 40, "channel": "email", "constraints": {"banned_terms": ["amazing"]}},
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["variants"] and all(len(v["text"]) <= 60 for v in body["variants"])
    assert not any("amazing" in v["text"].lower() for v in body["variants"])
    exp = body["explanation"]
    assert exp["asked"] == 40 and exp["returned"] == len(body["variants"])
    assert exp["summary"].startswith("Fewer than asked")
    assert {s["strategy"] for s in exp["strategies_not_applied"]} >= {"audience_callout", "specific_benefit"}
    assert all(s["reason"] for s in exp["strategies_not_applied"])
    assert any("email" in line for line in exp["brief"])
    assert body["banned_terms"] == [
        {
            "term": "amazing",
            "removed": True,
            "how": "it was in a curiosity-gap sentence, which the variants leave out",
        }
    ]
    assert [s["style"] for s in body["styling"]] == ["title_case"]


def test_tone_and_channel_are_validated(client: TestClient) -> None:
    r = client.post("/v1/headlines/variants", json={"headline": H, "constraints": {"tone": "sarcastic"}})
    assert r.status_code == 422
    r = client.post("/v1/headlines/variants", json={"headline": H, "channel": "billboard"})
    assert r.status_code == 422
    r = client.post("/v1/headlines/variants", json={"headline": H, "constraints": {"tone": "playful"}})
    assert r.status_code == 200 and any(v["text"].startswith("Here's how to") for v in r.json()["variants"])


def test_variants_in_the_words_of_a_corpus(store: Store, app_client: AppClientFactory) -> None:
    """A corpus without an objection report is a 422 that says so; with one, variants cite its quotes."""
    ws = store.workspace()
    corpus = store.create_corpus(ws, "ap-calls")
    quote = "We keep chasing invoices by email."
    # the real headline encoder ranks the phrases by closeness to the headline
    client = app_client(real_models=True)
    no_report = client.post(
        "/v1/headlines/variants",
        json={"headline": "Automate your invoice reminders", "voice_corpus": "ap-calls"},
    )
    report = {"objections": [], "pain_points": {"items": [{"text": quote, "call_id": "c1"}]}}
    store.save_report(ws, "objections", report, corpus_ids=[corpus.id])
    r = client.post(
        "/v1/headlines/variants",
        json={"headline": "Automate your invoice reminders", "n": 30, "voice_corpus": str(corpus.id)},
    )
    assert no_report.status_code == 422 and "objection" in no_report.json()["error"]["message"]
    assert r.status_code == 200, r.text
    body = r.json()
    assert any("ap-calls" in line for line in body["explanation"]["brief"])
    cited = [v for v in body["variants"] if v["sources"]]
    assert cited, "no variant uses the corpus's words"
    assert all(v["sources"] == [f"\u201c{quote}\u201d"] for v in cited)
    uncited = [v for v in body["variants"] if not v["sources"]]
    assert all(v["sources"] == [] for v in uncited)
