from __future__ import annotations

import math
from datetime import date, timedelta

from fastapi.testclient import TestClient
from statsmodels.stats.proportion import proportions_ztest

from textops.experiments import plan_sample_size


def _create(client: TestClient, shares: tuple[float, float] | None = None) -> str:
    arms = [
        {"name": "control", "text": "Access cash from the equity in your home"},
        {"name": "question", "text": "Could the equity in your home be cash?"},
    ]
    if shares:
        for arm, share in zip(arms, shares, strict=True):
            arm["planned_share"] = share  # type: ignore[assignment]
    r = client.post("/v1/experiments", json={"name": "home equity", "arms": arms, "planned_n_per_arm": 5000})
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


def _days(n: int, c: tuple[int, int], v: tuple[int, int]) -> list[dict[str, object]]:
    start = date(2026, 3, 1)
    rows: list[dict[str, object]] = []
    for i in range(n):
        day = (start + timedelta(days=i)).isoformat()
        rows.append({"day": day, "arm": "control", "visitors": c[0], "conversions": c[1]})
        rows.append({"day": day, "arm": "question", "visitors": v[0], "conversions": v[1]})
    return rows


def test_plan_matches_the_library(client: TestClient) -> None:
    r = client.post("/v1/experiments/plan", json={"baseline_rate": 0.05, "mde": 0.1, "daily_traffic": 2000})
    assert r.status_code == 200, r.text
    expected = plan_sample_size(0.05, 0.1, daily_traffic=2000)
    assert r.json()["n_per_arm"] == expected.n_per_arm
    assert client.post("/v1/experiments/plan", json={"baseline_rate": 1.5, "mde": 0.1}).status_code == 422


def test_observations_are_idempotent_per_day_and_arm(client: TestClient) -> None:
    exp = _create(client)
    rows = _days(3, (1000, 50), (1000, 65))
    assert client.post(f"/v1/experiments/{exp}/observations", json={"observations": rows}).status_code == 200
    again = client.post(f"/v1/experiments/{exp}/observations", json={"observations": rows[:2]})
    arms = {a["name"]: a for a in again.json()["arms"]}
    assert arms["control"]["visitors"] == 3000 and arms["question"]["conversions"] == 195
    assert again.json()["days"] == 3


def test_frequentist_analysis_matches_statsmodels(client: TestClient) -> None:
    exp = _create(client)
    client.post(
        f"/v1/experiments/{exp}/observations", json={"observations": _days(10, (1000, 50), (1000, 62))}
    )
    r = client.get(f"/v1/experiments/{exp}/analysis", params={"method": "frequentist"})
    assert r.status_code == 200, r.text
    comp = r.json()["result"]["comparisons"][0]
    _, p = proportions_ztest([620, 500], [10000, 10000])
    assert math.isclose(comp["p_value"], p, abs_tol=1e-4)
    bayes = client.get(f"/v1/experiments/{exp}/analysis", params={"method": "bayesian"}).json()
    assert 0.9 < bayes["result"]["comparisons"][0]["chance_to_beat_control"] <= 1
    seq = client.get(f"/v1/experiments/{exp}/analysis").json()
    assert seq["method"] == "sequential" and seq["result"]["comparisons"][0]["p_value"] >= p


def test_srm_and_too_early_warnings(client: TestClient) -> None:
    exp = _create(client, shares=(0.5, 0.5))
    client.post(
        f"/v1/experiments/{exp}/observations", json={"observations": _days(3, (1000, 50), (1200, 60))}
    )
    health = client.get(f"/v1/experiments/{exp}/analysis").json()["health"]
    codes = {w["code"] for w in health["warnings"]}
    assert {"srm", "under_one_week", "below_planned_sample"} <= codes


def test_degenerate_data_is_neutral_not_an_error(client: TestClient) -> None:
    exp = _create(client)
    for method in ["frequentist", "bayesian", "sequential"]:
        r = client.get(f"/v1/experiments/{exp}/analysis", params={"method": method})
        assert r.status_code == 200, r.text
        assert r.json()["result"]["reason"] == "no_traffic"
        assert "NaN" not in r.text and "Infinity" not in r.text
    client.post(f"/v1/experiments/{exp}/observations", json={"observations": _days(2, (100, 0), (100, 0))})
    r = client.get(f"/v1/experiments/{exp}/analysis", params={"method": "frequentist"})
    assert r.json()["result"]["reason"] == "no_conversions"


def test_bad_input_is_a_clear_422(client: TestClient) -> None:
    exp = _create(client)
    url = f"/v1/experiments/{exp}/observations"
    neg = client.post(
        url,
        json={"observations": [{"day": "2026-03-01", "arm": "control", "visitors": -1, "conversions": 0}]},
    )
    assert neg.status_code == 422 and "visitors" in neg.json()["error"]["message"]
    more = client.post(
        url, json={"observations": [{"day": "2026-03-01", "arm": "control", "visitors": 5, "conversions": 9}]}
    )
    assert more.status_code == 422 and "exceed" in more.json()["error"]["message"]
    unknown = client.post(
        url, json={"observations": [{"day": "2026-03-01", "arm": "nope", "visitors": 5, "conversions": 1}]}
    )
    assert unknown.status_code == 422 and "unknown arm 'nope'" in unknown.json()["error"]["message"]
    assert client.post("/v1/experiments", json={"name": "x", "arms": [{"name": "a"}]}).status_code == 422
    dup = client.post("/v1/experiments", json={"name": "x", "arms": [{"name": "a"}, {"name": "a"}]})
    assert dup.status_code == 422 and "distinct" in dup.json()["error"]["message"]
    assert client.get("/v1/experiments/nope/analysis").status_code == 404
    assert client.get(f"/v1/experiments/{exp}/analysis", params={"method": "magic"}).status_code == 422
    assert client.delete(f"/v1/experiments/{exp}").status_code == 204
    assert client.get(f"/v1/experiments/{exp}").status_code == 404
