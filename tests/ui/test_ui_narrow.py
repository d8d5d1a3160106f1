"""The demo journey's pages at 375 px and 1366 px in headless Chromium (fake embedder, real uvicorn).

At 375 px no page may scroll sideways (``document.documentElement.scrollWidth <= 375``): tables scroll
inside their card. On the way, the parts of issue #17 a person meets: pickers that only offer corpora a job
can use, an objection job started from the page that opens its report, reversed filter dates answered on the
same page, a CSV of daily counts imported on the experiment page and the decision box it updates.
Screenshots of every page at both widths go to the folder the run prints.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import expect

from tests.support import DEMO, seed_reports
from tests.ui.browser import OVERFLOW_JS, Web, aborted_poll

NARROW = 375


def _seed(api: httpx.Client, tmp: Path) -> dict[str, Any]:
    seeded = seed_reports(
        api,
        sorted((DEMO / "calls").iterdir())[:24],
        sorted((DEMO / "copy").iterdir()),
        names=("demo-calls", "demo-copy"),
    )
    exp = api.post(
        "/v1/experiments",
        json={
            "name": "Home equity headline test",
            "arms": [
                {"name": "control", "text": "Access cash from the equity in your home"},
                {"name": "B", "text": "Your home's equity, as cash, without selling"},
                {"name": "C", "text": "Turn the equity in your home into cash for what matters"},
            ],
            "planned_n_per_arm": 10_000,
        },
    ).json()
    lines = ["day,arm,visitors,conversions"]
    for d in range(10):
        day = (date(2026, 3, 1) + timedelta(days=d)).isoformat()
        lines += [
            f"{day},{arm},1500,{round(1500 * rate)}"
            for arm, rate in (("control", 0.05), ("B", 0.051), ("C", 0.0575))
        ]
    counts = tmp / "daily-counts.csv"
    counts.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return {**seeded, "experiment": exp, "csv": counts}


@pytest.mark.slow
def test_the_journey_at_375_px_never_scrolls_sideways(
    web: Web,
    tmp_path: Path,
) -> None:
    server = web.serve()
    api = httpx.Client(base_url=server.url, timeout=180)
    empty = web.open_page(server)
    # -- empty pickers point to Home --
    empty.goto("/ui/alignment")
    expect(empty.locator("#no-calls")).to_contain_text("Upload calls")
    expect(empty.locator("#no-copy a[href='/ui/']")).to_be_visible()
    expect(empty.locator("#alignment-form button[type=submit]")).to_be_disabled()
    empty.goto("/ui/objections")
    expect(empty.locator("#no-calls a[href='/ui/']")).to_be_visible()

    seeded = _seed(api, tmp_path)
    al, ob, exp = seeded["alignment"], seeded["objections"], seeded["experiment"]
    failed: list[str] = []
    page = web.open_page(server)
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.on(
        "requestfailed",
        lambda r: None if aborted_poll(r) else failed.append(f"failed {r.method} {r.url} {r.failure}"),
    )

    # -- pickers offer only corpora a job can use --
    page.goto("/ui/alignment")
    assert [t.split(" (")[0] for t in page.locator("#copy-corpus option").all_inner_texts()] == ["demo-copy"]
    assert [t.split(" (")[0] for t in page.locator("#call-corpus option").all_inner_texts()] == ["demo-calls"]
    page.goto("/ui/objections")
    assert [t.split(" (")[0] for t in page.locator("#obj-corpus option").all_inner_texts()] == ["demo-calls"]

    # -- an objection job from the page: its page follows it and opens the report --
    page.click("#objections-form button[type=submit]")
    page.wait_for_url(re.compile(r"/ui/(jobs|objections)/[\w-]+$"), timeout=60_000)
    page.wait_for_url(re.compile(r"/ui/objections/[\w-]+$"), timeout=180_000)
    job_report = page.url.rsplit("/", 1)[1]
    job = api.get("/v1/jobs").json()[0]
    assert job["status"] == "done" and job["report_id"] == job_report
    page.goto("/ui/jobs")
    row = page.locator(f'#jobs-table tr[data-job-id="{job["id"]}"]')
    expect(row.locator('[data-field="corpora"]')).to_have_text("demo-calls")
    expect(row.locator('[data-field="status"]')).to_have_text("finished")

    # -- reversed dates: an error next to the filters, the filters kept, the report still there --
    page.goto(f"/ui/objections/{ob['id']}")
    page.fill("#f-since", "2026-03-20")
    page.fill("#f-until", "2026-03-01")
    page.click(".filters button[type=submit]")
    expect(page.locator("#filter-error")).to_contain_text("swap the dates")
    expect(page.locator("#f-since")).to_have_value("2026-03-20")
    expect(page.locator("#f-until")).to_have_value("2026-03-01")
    expect(page.locator("#summary")).to_be_visible()

    # -- the experiment: import the CSV of daily counts on the page, then the decision box --
    page.goto(f"/ui/experiments/{exp['id']}")
    expect(page.locator("#decision-title")).to_have_text(re.compile("^Keep running"))
    page.set_input_files("#csv-file", str(seeded["csv"]))
    with page.expect_navigation():  # the page reloads once the import is stored: read the API after that
        page.click("#csv-form button[type=submit]")
    page.wait_for_load_state("load")
    decision = api.get(f"/v1/experiments/{exp['id']}/analysis").json()["decision"]
    expect(page.locator("#decision-title")).to_have_text(decision["title"])
    assert page.locator("#decision").get_attribute("data-action") == decision["action"] == "keep_running"
    expect(page.locator('#decision-needed [data-field="days_needed"]')).to_have_text(
        str(decision["days_needed"])
    )
    assert page.locator("#other-views li[data-agrees='no']").count() == 2
    assert "winner" not in page.inner_text("main")

    rid = al["id"]
    rep, pillar = al["reps"][0]["rep"], al["pillars"][0]["name"]
    call_id = al["call_scores"][0]["call_id"]
    quote = next(iter(ob["objections"]), None)
    pages = [
        ("home", "/ui/"),
        ("corpus", f"/ui/corpora/{seeded['calls']}"),
        ("alignment-index", "/ui/alignment"),
        ("alignment-report", f"/ui/alignment/{rid}"),
        (
            "alignment-evidence",
            f"/ui/alignment/{rid}/evidence?" + httpx.QueryParams({"pillar": pillar, "rep": rep}).__str__(),
        ),
        ("alignment-call", f"/ui/alignment/{rid}/calls/{call_id}"),
        ("objections-index", "/ui/objections"),
        ("objections-report", f"/ui/objections/{ob['id']}"),
        ("objections-filter-error", f"/ui/objections/{ob['id']}?since=2026-03-20&until=2026-03-01"),
        ("objections-call", f"/ui/objections/{ob['id']}/calls/{quote['call_id'] if quote else call_id}"),
        ("headline-lab", "/ui/headlines"),
        ("experiments", "/ui/experiments"),
        ("experiment-decision", f"/ui/experiments/{exp['id']}"),
        ("jobs", "/ui/jobs"),
    ]
    too_wide: dict[str, Any] = {}
    for width in (1366, NARROW):
        page.set_viewport_size({"width": width, "height": 900})
        for name, url in pages:
            page.goto(url)
            page.wait_for_load_state("load")
            if width == NARROW:
                scroll = page.evaluate("document.documentElement.scrollWidth")
                if scroll > NARROW:
                    too_wide[name] = (scroll, page.evaluate(OVERFLOW_JS, NARROW))
            web.shots(page, f"{name}-{width}")
    assert not too_wide, too_wide
    assert failed == [], failed
    assert page.outside == [] and page.errors == [], (page.outside, page.errors)
