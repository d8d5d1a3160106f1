"""``GET .../analysis`` carries the decision; ``POST .../observations/csv`` imports the CLI's CSV format."""

from __future__ import annotations

from datetime import date, timedelta

from fastapi.testclient import TestClient


def _experiment(
    client: TestClient, arms: tuple[str, ...] = ("control", "B", "C"), planned: int = 10_000
) -> str:
    body = {"name": "headline test", "arms": [{"name": a} for a in arms], "planned_n_per_arm": planned}
    r = client.post("/v1/experiments", json=body)
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


def _csv(
    days: int, rates: dict[str, float], visitors: int = 1500, header: str = "day,arm,visitors,conversions"
) -> str:
    lines = [header]
    for d in range(days):
        day = (date(2026, 3, 1) + timedelta(days=d)).isoformat()
        lines += [f"{day},{arm},{visitors},{round(visitors * rate)}" for arm, rate in rates.items()]
    return "\n".join(lines) + "\n"


ISSUE = {"control": 0.050, "B": 0.051, "C": 0.0575}


def test_csv_import_then_one_decision_whatever_the_method(client: TestClient) -> None:
    exp = _experiment(client)
    r = client.post(
        f"/v1/experiments/{exp}/observations/csv",
        files={"file": ("counts.csv", _csv(10, ISSUE).encode(), "text/csv")},
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["rows"] == 30 and body["days"] == 10
    arms = {a["name"]: a for a in body["experiment"]["arms"]}
    assert arms["C"]["visitors"] == 15_000 and arms["C"]["conversions"] == 10 * round(1500 * 0.0575)
    decisions = []
    for method in ("sequential", "frequentist", "bayesian"):
        got = client.get(f"/v1/experiments/{exp}/analysis", params={"method": method})
        assert got.status_code == 200, got.text
        decisions.append(got.json()["decision"])
    assert decisions[0] == decisions[1] == decisions[2]
    decision = decisions[0]
    assert decision["action"] == "keep_running" and decision["method"] == "sequential"
    assert decision["days_needed"] > 0 and decision["reasons"]
    assert [v["method"] for v in decision["other_views"]] == ["frequentist", "bayesian"]
    assert all(not v["agrees"] and v["note"] for v in decision["other_views"])


def test_csv_with_impressions_and_clicks_and_reimport_replaces_days(client: TestClient) -> None:
    exp = _experiment(client, ("control", "B"))
    text = _csv(3, {"control": 0.05, "B": 0.06}, header="Date,Variant,Impressions,Clicks")
    url = f"/v1/experiments/{exp}/observations/csv"
    assert (
        client.post(url, files={"file": ("a.csv", text.encode("utf-8-sig"), "text/csv")}).status_code == 200
    )
    again = client.post(url, files={"file": ("a.csv", text.encode(), "text/csv")})
    assert again.status_code == 200
    arms = {a["name"]: a for a in again.json()["experiment"]["arms"]}
    assert arms["control"]["visitors"] == 4500 and again.json()["experiment"]["days"] == 3
    # the counts download reads back in
    download = client.get(f"/v1/experiments/{exp}/observations", params={"format": "csv"})
    back = client.post(url, files={"file": ("back.csv", download.content, "text/csv")})
    assert back.status_code == 200 and back.json()["rows"] == 6


def test_bad_csv_is_refused_whole_with_where_and_why(client: TestClient) -> None:
    exp = _experiment(client, ("control", "B"))
    url = f"/v1/experiments/{exp}/observations/csv"
    cases = [
        ("day,arm,visitors\n2026-03-01,control,10\n", "no 'conversions' column"),
        ("day,arm,visitors,conversions\n2026-03-01,control,10,1\n2026-03-02,B,x,1\n", "counts.csv:3"),
        ("day,arm,visitors,conversions\n2026-03-01,control,10,1\n2026-03-01,Z,10,1\n", "unknown arm 'Z'"),
        ("day,arm,visitors,conversions\n2026-03-01,control,10,11\n", "exceed visitors"),
        ("day,arm,visitors,conversions\n2026-03-01,control,-1,0\n", "greater than or equal to 0"),
    ]
    for text, message in cases:
        r = client.post(url, files={"file": ("counts.csv", text.encode(), "text/csv")})
        assert r.status_code == 422, (text, r.text)
        assert message in r.json()["error"]["message"], r.json()
    assert client.get(f"/v1/experiments/{exp}").json()["days"] == 0  # nothing half-recorded
    binary = client.post(url, files={"file": ("counts.csv", b"\xff\xfe\x00bad", "text/csv")})
    assert binary.status_code == 422 and "UTF-8" in binary.json()["error"]["message"]
