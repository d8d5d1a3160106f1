"""The web UI end to end in headless Chromium with the real models, on the demo corpus.

Upload the demo corpus through the page, run each report as a job, check the numbers on the pages against
the API's JSON, create an experiment from headline variants, post a few days of counts and read the results.
A screenshot of every page goes to the folder printed at the end of the run.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from playwright.sync_api import expect

from api.ui._common import _pvalue  # the pages' number formats
from tests.support import DEMO
from tests.ui.browser import Web
from textops.reports import pct as _pct  # the pages' (and downloads') percentage format

JOB_TIMEOUT = 240_000


def _upload(page: Any, corpus: str, files: list[Path]) -> str:
    page.select_option("#upload-corpus", label=corpus)
    page.set_input_files("#upload-files", [str(f) for f in files])
    status = page.locator("#upload-status")
    expect(status).to_have_text(re.compile("^Done"), timeout=120_000)
    text: str = status.inner_text()
    return text


def _follow_job(page: Any, kind: str, shots: Callable[..., Path]) -> str:
    """From the job page to the report page; returns the report id."""
    page.wait_for_url(re.compile(r"/ui/jobs/[\w-]+$"))
    expect(page.locator("#job-state")).to_have_text(re.compile("waiting to start|running|finished"))
    shots(page, f"{kind}-job", full_page=False)
    page.wait_for_url(re.compile(rf"/ui/{kind}/[\w-]+$"), timeout=JOB_TIMEOUT)
    return str(page.url.rsplit("/", 1)[1])


@pytest.mark.model
@pytest.mark.slow
def test_demo_corpus_through_the_browser(
    web: Web,
) -> None:
    server = web.serve(real_models=True)  # the packaged MiniLM and spaCy models
    api = httpx.Client(base_url=server.url, timeout=60)
    page = web.open_page(server)

    # -- home: auth-off banner, create two corpora, upload the demo corpus --
    page.goto("/ui/")
    expect(page.locator("#auth-off-banner")).to_contain_text("Auth is off — local single-user mode")
    for name in ("demo-calls", "demo-copy"):
        page.fill("#corpus-name", name)
        page.click("#new-corpus button[type=submit]")
        expect(page.locator("#corpora-table")).to_contain_text(name)
    calls = sorted((DEMO / "calls").iterdir())
    copy = sorted((DEMO / "copy").iterdir())
    n_main = sum(not f.name.endswith(".meta.json") for f in calls)
    assert _upload(page, "demo-calls", calls).startswith("Done:")
    assert page.locator("#file-list tr.file-error").count() == 0
    assert page.locator("#file-list tr.file-added").count() == n_main
    _upload(page, "demo-copy", copy)
    assert page.locator("#file-list tr.file-error").count() == 0
    web.shots(page, "home-upload")
    page.reload()
    corpora = {c["name"]: c for c in api.get("/v1/corpora").json()}
    assert corpora["demo-calls"]["transcripts"] >= 66 and corpora["demo-copy"]["copy_documents"] >= 5
    for name, c in corpora.items():
        row = page.locator(f'#corpora-table tr[data-corpus-id="{c["id"]}"]')
        for field in ("transcripts", "copy_documents", "utterances", "words"):
            assert row.locator(f'[data-field="{field}"]').inner_text() == f"{c[field]:,}", (name, field)
    web.shots(page, "home")

    # -- messaging alignment: run as a job, then the numbers on the page vs GET /v1/alignment/{id} --
    page.click("nav >> text=Messaging alignment")
    page.set_input_files("#framework", str(DEMO / "messaging.json"))
    page.fill("#seller-names", "Brightlane")
    web.shots(page, "alignment-form")
    page.click("#alignment-form button[type=submit]")
    rid = _follow_job(page, "alignment", web.shots)
    report = api.get(f"/v1/alignment/{rid}").json()
    comp = report["components"]
    expect(page.locator("#score")).to_have_text(f"{comp['score']:.1f}")
    for field in ("coverage", "fidelity", "unbacked_rate"):
        assert page.inner_text(f'#components [data-field="{field}"]') == _pct(comp[field], 1)
    assert (
        page.inner_text('#components [data-field="vocabulary_divergence"]')
        == f"{comp['vocabulary_divergence']:.3f}"
    )
    for p in report["pillars"]:
        cell = page.locator(f'#coverage tr[data-pillar="{p["name"]}"] [data-field="calls_delivered"]')
        assert cell.inner_text() == str(p["calls_delivered"])
    for r in report["reps"]:
        for pillar, n in r["pillars_delivered"].items():
            cell = page.locator(f'#heatmap a[data-rep="{r["rep"]}"][data-pillar="{pillar}"]')
            if cell.count():  # faithful share; distorted deliveries counted apart
                assert cell.inner_text().splitlines()[0] == _pct(n / r["calls"])
                assert cell.get_attribute("data-distorted") == str(r["pillars_distorted"].get(pillar, 0))
        score = r["components"]["score"]
        expected = "–" if score is None else f"{score:.1f}"
        assert page.inner_text(f'#reps tr[data-rep="{r["rep"]}"] [data-field="score"]') == expected
    assert page.locator("#unbacked tbody tr").count() == min(50, len(report["unbacked_claims"]))
    web.shots(page, "alignment-report")
    for fmt, ctype in (("csv", "text/csv"), ("json", "application/json"), ("html", "text/html")):
        href = page.get_attribute(f'.downloads a[href$="format={fmt}"]', "href")
        got = page.request.get(href)
        assert got.ok and got.headers["content-type"].startswith(ctype), fmt

    # a heatmap cell opens the rep sentences behind it, beside the approved messages
    best = max(
        (
            (r["pillars_delivered"].get(p["name"], 0), r["rep"], p["name"])
            for r in report["reps"]
            for p in report["pillars"]
        ),
    )
    _n, rep, pillar = best
    page.click(f'#heatmap a[data-rep="{rep}"][data-pillar="{pillar}"]')
    page.wait_for_url(re.compile(r"/evidence\?"))
    evidence = api.get(f"/v1/alignment/{rid}/evidence", params={"pillar": pillar, "rep": rep}).json()
    assert page.locator("#evidence tbody tr").count() == len(evidence["items"])
    for i, item in enumerate(evidence["items"]):
        row = page.locator("#evidence tbody tr").nth(i)
        expect(row).to_contain_text(item["delivery"]["sentence"])
        expect(row).to_contain_text(item["message"]["text"])
    web.shots(page, "alignment-evidence")

    # an unbacked claim's call link opens the transcript with the claim marked
    page.goto(f"/ui/alignment/{rid}")
    claim = report["unbacked_claims"][0]
    page.locator(f'#unbacked a[href$="/calls/{quote(claim["call_id"], safe="")}"]').first.click()
    page.wait_for_url(re.compile(r"/calls/"))
    assert page.locator("#transcript mark").count() >= 1
    expect(page.locator("#transcript")).to_contain_text(claim["sentence"][:40])
    web.shots(page, "alignment-call")

    # -- objections: run as a job, compare, filter, transcript view --
    page.click("nav >> text=Objections")
    page.click("#objections-form button[type=submit]")
    oid = _follow_job(page, "objections", web.shots)
    obj = api.get(f"/v1/objections/{oid}").json()
    for field in ("calls", "calls_with_objections", "prospect_utterances"):
        assert page.inner_text(f'#summary [data-field="{field}"]') == f"{obj[field]:,}", field
    assert page.inner_text('#summary [data-field="objections"]') == str(len(obj["objections"]))
    for c in obj["categories"]:
        assert page.inner_text(
            f'#categories tr[data-category="{c["category"]}"] [data-field="count"]'
        ) == str(c["count"])
    for g in obj["by_rep"]:
        assert page.inner_text(f'#by-rep tr[data-rep="{g["name"]}"] [data-field="objections"]') == str(
            g["objections"]
        )
    assert page.locator(".theme").count() == len(obj["themes"])
    for th in obj["themes"][:12]:
        expect(page.locator("#themes")).to_contain_text(th["representative"]["text"])
    page.locator("#trend-multiples").scroll_into_view_if_needed()
    web.shots(page, "objections-report")
    rep = obj["by_rep"][0]["name"]
    page.select_option("#f-rep", label=rep)
    page.click(".filters button[type=submit]")
    page.wait_for_url(re.compile(r"\?rep="))
    view = api.get(f"/v1/objections/{oid}/view", params={"rep": rep}).json()
    assert page.inner_text('#summary [data-field="calls"]') == str(view["calls"])
    assert page.inner_text('#summary [data-field="objections"]') == str(len(view["objections"]))
    for c in view["categories"]:
        assert page.inner_text(
            f'#categories tr[data-category="{c["category"]}"] [data-field="count"]'
        ) == str(c["count"])
    web.shots(page, "objections-filtered")
    page.goto(f"/ui/objections/{oid}")
    link = page.locator(".replies a").first
    if not link.count():
        link = page.locator("#themes blockquote a").first
    link.click()
    page.wait_for_url(re.compile(r"/calls/"))
    assert page.locator("#transcript mark.objection").count() >= 1
    assert page.locator("#transcript li.is-reply").count() >= 1
    web.shots(page, "objections-call")

    page.click("nav >> text=Jobs")
    expect(page.locator("#jobs-table tbody tr")).to_have_count(2)
    expect(page.locator("#jobs-table")).to_contain_text("finished")
    expect(page.locator("#jobs-table")).to_contain_text("demo-calls")  # the corpus each job read
    web.shots(page, "jobs")

    # -- headline lab → experiment --
    headline = "Access cash from the equity in your home"
    page.click("nav >> text=Headline lab")
    page.fill("#h-headline", headline)
    page.fill("#h-max-chars", "70")
    page.click("#headline-form button[type=submit]")
    expect(page.locator("#variants-section")).to_be_visible(timeout=60_000)
    variants = api.post(
        "/v1/headlines/variants", json={"headline": headline, "constraints": {"max_chars": 70, "tone": "any"}}
    ).json()
    rows = page.locator("#variants tbody tr")
    assert rows.count() == len(variants["variants"]) + 1 >= 3
    for i, v in enumerate(variants["variants"][:3]):
        expect(rows.nth(i + 1)).to_contain_text(v["text"])
        expect(rows.nth(i + 1).locator('[data-field="win_probability"]')).to_contain_text(
            f"{100 * v['win_probability']:.1f}%"
        )
    web.shots(page, "headline-lab")
    page.check('input[name="pick"][value="2"]')  # the top two are picked already: three variants
    page.fill("#x-name", "Home equity headline test")
    page.click("#experiment-form button[type=submit]")
    page.wait_for_url(re.compile(r"/ui/experiments/[\w-]+$"))
    eid = page.url.rsplit("/", 1)[1]
    exp = api.get(f"/v1/experiments/{eid}").json()
    assert [a["name"] for a in exp["arms"]] == ["control", "B", "C", "D"]
    assert exp["arms"][0]["text"] == headline
    assert [a["text"] for a in exp["arms"][1:]] == [v["text"] for v in variants["variants"][:3]]
    web.shots(page, "experiment-new")

    # -- a few days of counts via the API, then the read-outs on the page vs the API --
    rates = {"control": 0.050, "B": 0.065, "C": 0.052, "D": 0.047}
    obs = [
        {"day": f"2026-03-{d:02d}", "arm": arm, "visitors": 2000, "conversions": round(2000 * rate) + d % 3}
        for d in range(1, 11)
        for arm, rate in rates.items()
    ]
    assert api.post(f"/v1/experiments/{eid}/observations", json={"observations": obs}).status_code == 200
    page.reload()
    for method in ("sequential", "frequentist", "bayesian"):
        result = api.get(f"/v1/experiments/{eid}/analysis", params={"method": method}).json()["result"]
        section = page.locator(f"#{method}")
        for c in result["comparisons"]:
            row = section.locator(f'tr[data-variant="{c["variant"]}"]')
            expect(row.locator('[data-field="verdict"]')).to_have_attribute("data-value", c["verdict"])
            if method == "bayesian":
                assert row.locator('[data-field="chance_to_beat_control"]').inner_text() == _pct(
                    c["chance_to_beat_control"], 1
                )
            else:
                assert row.locator('[data-field="relative_lift"]').inner_text() == _pct(c["relative_lift"], 2)
                assert row.locator('[data-field="p_value"]').inner_text() == _pvalue(c["p_value"])
    decision = api.get(f"/v1/experiments/{eid}/analysis").json()["decision"]  # the box at the top
    expect(page.locator("#decision-title")).to_have_text(decision["title"])
    assert page.locator("#decision").get_attribute("data-action") == decision["action"]
    assert page.locator("#decision-reasons li").count() == len(decision["reasons"])
    expect(page.locator("#lift-table tbody tr")).to_have_count(10)
    for link in page.locator(".downloads a").all():
        got = page.request.get(link.get_attribute("href"))
        assert got.ok, link.get_attribute("href")
    assert page.locator("#srm-warning").count() == 0
    web.shots(page, "experiment-results")

    # an experiment whose traffic split is off shows the SRM warning
    skewed = api.post(
        "/v1/experiments", json={"name": "Skewed split", "arms": [{"name": "control"}, {"name": "B"}]}
    ).json()
    obs = [
        {"day": f"2026-03-{d:02d}", "arm": arm, "visitors": n, "conversions": n // 20}
        for d in range(1, 9)
        for arm, n in (("control", 2000), ("B", 1700))
    ]
    api.post(f"/v1/experiments/{skewed['id']}/observations", json={"observations": obs})
    page.goto(f"/ui/experiments/{skewed['id']}")
    expect(page.locator("#srm-warning")).to_contain_text("Sample ratio mismatch")
    web.shots(page, "experiment-srm")

    # -- the plan calculator answers what the API answers --
    page.click("nav >> text=Experiments")
    page.fill("#p-traffic", "4000")
    page.click("#plan-form button[type=submit]")
    plan = api.post(
        "/v1/experiments/plan", json={"baseline_rate": 0.05, "mde": 0.1, "daily_traffic": 4000}
    ).json()
    expect(page.locator("#plan-n")).to_have_text(" / ".join(f"{n:,}" for n in plan["n_per_arm"]))
    expect(page.locator("#plan-days")).to_have_text(str(plan["days"]))
    web.shots(page, "experiments")

    assert page.outside == [], "the UI requested something outside the server"
    assert page.errors == [], page.errors
