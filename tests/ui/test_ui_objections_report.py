"""The objections report page (in-process): filter errors on the same page with the filters kept, the
trend as small multiples of the share of calls, best replies without flagged claims."""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.support import fake_app
from textops.settings import override_settings
from textops.store import Store

PRICE = "Honestly it's just too expensive for us."
GOOD = "That's fair. Can I ask what you spend on this today, roughly per month, across the team?"
GUARANTEE = (
    "That's fair, and you will never pay a duplicate invoice again, that's guaranteed. Shall we start?"
)


def _call(i: int, reply: str) -> dict[str, Any]:
    turns = [
        ("rep", "Thanks for joining today, how is the week going?"),
        ("prospect", PRICE if i % 2 == 0 else "We already use Salesforce for that."),
        ("rep", reply),
        ("prospect", "Okay, makes sense."),
    ]
    return {
        "call_id": f"call-{i:02d}",
        "started_at": f"2026-03-{2 + 3 * i:02d}T15:00:00+00:00",
        "outcome": "won",
        "segment": "smb",
        "utterances": [
            {
                "speaker": "Dana" if role == "rep" else "Sam",
                "role": role,
                "text": text,
                "index": n,
                "start": 10.0 * n,
            }
            for n, (role, text) in enumerate(turns)
        ],
    }


@pytest.fixture(scope="module")
def client_and_report(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, str]]:

    tmp = tmp_path_factory.mktemp("objections-ui")
    with override_settings(
        data_dir=tmp,
        database_url=f"sqlite:///{tmp / 'test.db'}",
        api_warm_models=False,
        auth_enabled=False,
        rate_limit="",
    ) as s:
        store = Store(s.resolved_database_url)
        with TestClient(fake_app(s, store)) as c:
            cid = c.post("/v1/corpora", json={"name": "calls"}).json()["id"]
            transcripts = [_call(i, GUARANTEE if i % 3 == 0 else GOOD) for i in range(8)]
            r = c.post(f"/v1/corpora/{cid}/documents", json={"transcripts": transcripts})
            assert r.status_code == 200, r.text
            ob = c.post("/v1/objections", json={"corpus_ids": [cid], "background": False})
            assert ob.status_code == 200, ob.text
            yield c, ob.json()["id"]


def _text(page: str) -> str:
    page = re.sub(r"<script.*?</script>", " ", page, flags=re.S)
    return html_lib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def test_reversed_dates_are_an_inline_error_with_the_filters_kept(
    client_and_report: tuple[TestClient, str],
) -> None:
    ui, rid = client_and_report
    r = ui.get(f"/ui/objections/{rid}", params={"rep": "Dana", "since": "2026-03-20", "until": "2026-03-01"})
    assert r.status_code == 200, r.text[:300]
    page = r.text
    assert 'id="filter-error"' in page and "swap the dates" in _text(page)
    assert 'id="f-since" name="since" type="date" value="2026-03-20"' in page
    assert 'id="f-until" name="until" type="date" value="2026-03-01"' in page
    assert "<option selected>Dana</option>" in page
    assert 'id="summary"' in page and 'action="/ui/objections/' in page  # the report, on the same page
    bad = ui.get(f"/ui/objections/{rid}", params={"since": "yesterday"})
    assert bad.status_code == 200 and "is not a date" in _text(bad.text)
    fine = ui.get(f"/ui/objections/{rid}", params={"since": "2026-03-01", "until": "2026-03-20"})
    assert fine.status_code == 200 and 'id="filter-error"' not in fine.text


def test_trend_is_a_share_of_calls_in_small_multiples(client_and_report: tuple[TestClient, str]) -> None:
    ui, rid = client_and_report
    report = ui.get(f"/v1/objections/{rid}").json()
    page = ui.get(f"/ui/objections/{rid}").text
    assert 'id="trend-chart"' not in page and 'id="trend-multiples"' in page
    assert "share of calls" in page
    panels = re.findall(r'<figure class="multiple" data-category="([^"]+)">', page)
    used = [c["category"] for c in report["categories"] if c["count"]]
    assert panels and set(panels) <= set(used)
    # the table holds the shares: calls with the category / calls in the period
    first = report["trend"][0]
    cat = panels[0]
    share = first["calls_with"][cat] / first["calls"] if first["calls"] else None
    row = re.search(r'<tbody><tr><td>([^<]+)</td><td class="num">(\d+)</td>(.*?)</tr>', page, re.S)
    assert row and row.group(1) == first["period"] and int(row.group(2)) == first["calls"]
    if share is not None:
        assert f"{100 * share:.0f}%" in row.group(3)


def test_best_replies_on_the_page_make_no_flagged_claim(client_and_report: tuple[TestClient, str]) -> None:
    ui, rid = client_and_report
    page = ui.get(f"/ui/objections/{rid}").text
    best = page[page.index('id="best-replies"') : page.index('id="pain-points"')]
    assert "guaranteed" not in best
    report = ui.get(f"/v1/objections/{rid}").json()
    assert any(o["reply"] and "guaranteed" in o["reply"]["text"] for o in report["objections"])
    for items in report["best_replies"].values():
        assert all("guaranteed" not in o["reply"]["text"] for o in items)
    filtered = ui.get(f"/v1/objections/{rid}/view", params={"rep": "Dana"}).json()
    for items in filtered["best_replies"].values():
        assert all("guaranteed" not in o["reply"]["text"] for o in items)
