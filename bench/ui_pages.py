"""Server time of every web UI page on the demo corpus (budget: 300 ms per page).

Loads the demo corpus into a temporary SQLite database, makes the stored reports the pages render (the
messaging alignment with corpora/demo/messaging.json and the objection report, both with the real models,
which takes about a minute), an experiment with 4 arms and 28 days of counts, then requests each page
--runs times through the app in-process (routing, auth, template, middleware; no network) and prints the
median, 95th percentile and maximum wall time per page. Page loads never run a model: analyses are jobs.
The maximum includes the occasional full garbage collection of the whole process (models included, about
190 ms on the 2-core machine); ``--gc-freeze`` shows the figures without it.

Usage: python bench/ui_pages.py [--runs 20]
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import quote

from _common import ROOT
from fastapi.testclient import TestClient

from api import create_app
from api.ui import mount_ui
from textops.corpus import load_demo
from textops.settings import override_settings
from textops.store import Store

BUDGET_MS = 300.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=20, help="requests per page")
    parser.add_argument(
        "--gc-freeze",
        action="store_true",
        help="gc.freeze() after loading the models (as a server could after start-up): full garbage "
        "collections then skip the models' objects, which otherwise cost ~190 ms whenever one runs",
    )
    args = parser.parse_args()
    with (
        tempfile.TemporaryDirectory() as tmp,
        override_settings(
            data_dir=Path(tmp),
            database_url=f"sqlite:///{tmp}/bench.db",
            auth_enabled=False,
            rate_limit="",
            api_warm_models=False,
        ) as settings,
    ):
        store = Store(settings.resolved_database_url)
        app = create_app(settings, store=store)
        mount_ui(app)
        with TestClient(app) as client:
            urls = _prepare(client, store)
            if args.gc_freeze:
                gc.collect()
                gc.freeze()
            print(f"server time per page, {args.runs} requests each (in-process, warm):")
            print(f"{'page':<44} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
            worst = 0.0
            for name, url in urls:
                first = client.get(url)  # the first request compiles the page's template
                assert first.status_code == 200, (url, first.status_code, first.text[:300])
                times = []
                for _ in range(args.runs):
                    start = time.perf_counter()
                    r = client.get(url)
                    times.append(1000 * (time.perf_counter() - start))
                    assert r.status_code == 200, (url, r.status_code, r.text[:300])
                times.sort()
                p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
                worst = max(worst, p95)
                print(f"{name:<44} {statistics.median(times):8.1f} {p95:8.1f} {times[-1]:8.1f}")
            verdict = "within" if worst <= BUDGET_MS else "OVER"
            print(f"slowest page p95: {worst:.1f} ms — {verdict} the {BUDGET_MS:.0f} ms budget")


def _prepare(client: TestClient, store: Store) -> list[tuple[str, str]]:
    ws = store.workspace("default")
    print("loading the demo corpus and running the reports with the real models (about a minute)…")
    t0 = time.perf_counter()
    load_demo(store, ws)
    calls = store.get_corpus(ws, "demo-calls").id
    copy = store.get_corpus(ws, "demo-copy").id
    framework = json.loads((ROOT / "corpora" / "demo" / "messaging.json").read_text())
    al = client.post(
        "/v1/alignment",
        json={
            "copy_corpus_ids": [copy],
            "call_corpus_ids": [calls],
            "framework": framework,
            "seller_names": ["Brightlane"],
            "background": False,
        },
    )
    assert al.status_code == 200, al.text
    ob = client.post("/v1/objections", json={"corpus_ids": [calls], "background": False})
    assert ob.status_code == 200, ob.text
    alignment, objections = al.json(), ob.json()
    exp = client.post(
        "/v1/experiments",
        json={
            "name": "bench",
            "arms": [{"name": n, "text": f"headline {n}"} for n in ("control", "B", "C", "D")],
        },
    ).json()
    start = date(2026, 3, 1)
    obs = [
        {
            "day": (start + timedelta(days=d)).isoformat(),
            "arm": arm,
            "visitors": 2000,
            "conversions": 100 + i * 5,
        }
        for d in range(28)
        for i, arm in enumerate(("control", "B", "C", "D"))
    ]
    assert (
        client.post(f"/v1/experiments/{exp['id']}/observations", json={"observations": obs}).status_code
        == 200
    )
    job = client.post(
        "/v1/objections", json={"corpus_ids": [calls], "background": True, "since": "2026-02-01"}
    ).json()["job"]
    app_jobs = client.app.state.jobs  # type: ignore[attr-defined]
    app_jobs.wait(job["id"], timeout=300)
    print(f"prepared in {time.perf_counter() - t0:.0f} s\n")

    rid, oid, eid = alignment["id"], objections["id"], exp["id"]
    rep = alignment["reps"][0]["rep"]
    pillar = alignment["pillars"][0]["name"]
    a_call = quote(alignment["unbacked_claims"][0]["call_id"], safe="")
    o_rep = objections["by_rep"][0]["name"]
    o_call = quote(objections["objections"][0]["call_id"], safe="")
    return [
        ("home", "/ui/"),
        ("corpus (demo-calls)", f"/ui/corpora/{calls}"),
        ("jobs", "/ui/jobs"),
        ("job", f"/ui/jobs/{job['id']}"),
        ("alignment: index", "/ui/alignment"),
        ("alignment: report", f"/ui/alignment/{rid}"),
        (
            "alignment: evidence (pillar × rep)",
            f"/ui/alignment/{rid}/evidence?pillar={quote(pillar)}&rep={quote(rep)}",
        ),
        ("alignment: call", f"/ui/alignment/{rid}/calls/{a_call}"),
        ("objections: index", "/ui/objections"),
        ("objections: report", f"/ui/objections/{oid}"),
        ("objections: report filtered by rep", f"/ui/objections/{oid}?rep={quote(o_rep)}"),
        ("objections: call transcript", f"/ui/objections/{oid}/calls/{o_call}"),
        ("headline lab", "/ui/headlines"),
        ("experiments + plan calculator", "/ui/experiments"),
        ("experiment: 3 read-outs, 4 arms, 28 days", f"/ui/experiments/{eid}"),
        ("sign-in page", "/ui/login"),
    ]


if __name__ == "__main__":
    main()
