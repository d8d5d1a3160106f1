"""Web UI pages and the read-only API views they use, in-process (fake embedder; no browser)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.ui import mount_ui
from tests.support import DEMO, HEADER_REP_CALL, AppFactory, seed_reports
from textops.store import Store

CALLS = [
    "demo-001.txt",
    "demo-002.vtt",
    "demo-002.meta.json",
    "demo-003.json",
    "demo-004.txt",
    "demo-005.json",
]
COPY = ["landing.md", "email-1.md", "ads.csv"]


@pytest.fixture
def ui(make_app: AppFactory) -> Iterator[TestClient]:
    app = make_app()
    mount_ui(app)
    mount_ui(app)  # a second call (e.g. from create_app itself) is a no-op
    with TestClient(app) as c:
        yield c


@pytest.fixture
def seeded(ui: TestClient) -> dict[str, Any]:
    seeded = seed_reports(ui, [DEMO / "calls" / n for n in CALLS], [DEMO / "copy" / n for n in COPY])
    exp = ui.post(
        "/v1/experiments",
        json={
            "name": "Test headline",
            "arms": [{"name": "control", "text": "A"}, {"name": "B", "text": "B!"}],
        },
    ).json()
    obs = [
        {
            "day": f"2026-03-{d:02d}",
            "arm": arm,
            "visitors": 1000,
            "conversions": 50 + (d if arm == "B" else 0),
        }
        for d in range(1, 9)
        for arm in ("control", "B")
    ]
    assert ui.post(f"/v1/experiments/{exp['id']}/observations", json={"observations": obs}).status_code == 200
    return {**seeded, "experiment": exp}


def _page(ui: TestClient, url: str, status: int = 200) -> str:
    r = ui.get(url)
    assert r.status_code == status, (url, r.status_code, r.text[:500])
    assert r.headers["content-type"].startswith("text/html")
    assert "default-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["server-timing"].startswith("app;dur=")
    return r.text


def test_every_page_renders_from_the_stored_data(ui: TestClient, seeded: dict[str, Any]) -> None:
    al, ob, exp = seeded["alignment"], seeded["objections"], seeded["experiment"]
    home = _page(ui, "/ui/")
    assert "Auth is off — local single-user mode" in home
    assert 'name="csrf-token"' in home and "textops_csrf" in ui.cookies
    assert ">calls</a>" in home and "/ui/alignment/" + al["id"] in home
    assert _page(ui, f"/ui/corpora/{seeded['calls']}").count("<tr>") >= 5
    assert ui.get("/", follow_redirects=False).headers["location"] == "/ui/"
    page = _page(ui, f"/ui/alignment/{al['id']}")
    assert f"{al['components']['score']:.1f}" in page
    for pillar in al["pillars"][:2]:
        assert pillar["name"] in page
    _page(ui, "/ui/alignment")
    rep = al["reps"][0]["rep"]
    pillar = al["pillars"][0]["name"]
    ev_page = _page(ui, f"/ui/alignment/{al['id']}/evidence?pillar={pillar}&rep={rep}")
    assert "Evidence" in ev_page and pillar in ev_page
    call_id = al["call_scores"][0]["call_id"]
    assert 'class="transcript"' in _page(ui, f"/ui/alignment/{al['id']}/calls/{call_id}")
    _page(ui, "/ui/objections")
    obj_page = _page(ui, f"/ui/objections/{ob['id']}")
    assert f'data-field="objections">{len(ob["objections"])}<' in obj_page
    if ob["objections"]:
        o = ob["objections"][0]
        call_page = _page(ui, f"/ui/objections/{ob['id']}/calls/{o['call_id']}")
        assert '<mark class="objection"' in call_page
    some_rep = ob["by_rep"][0]["name"]
    filtered = _page(ui, f"/ui/objections/{ob['id']}?rep={some_rep}")
    assert "(filtered)" in filtered
    # the demo calls have outcomes: win rates; a filter that leaves no decided call says what is missing
    assert '<table class="data" id="outcomes">' in obj_page and "No call has a known outcome" not in obj_page
    assert 'id="unnamed-reps"' not in obj_page  # the demo files name their reps
    nothing = _page(ui, f"/ui/objections/{ob['id']}?since=2099-01-01")
    assert "No call has a known outcome" in nothing and '<table class="data" id="outcomes">' not in nothing
    _page(ui, "/ui/headlines")
    assert exp["name"] in _page(ui, "/ui/experiments")
    exp_page = _page(ui, f"/ui/experiments/{exp['id']}")
    for section in ("sequential", "frequentist", "bayesian", "lift-data"):
        assert f'id="{section}"' in exp_page
    _page(ui, "/ui/jobs")
    _page(ui, "/ui/login")


def test_missing_things_are_html_error_pages(ui: TestClient, seeded: dict[str, Any]) -> None:
    assert "not found" in _page(ui, "/ui/alignment/nope", 404)
    assert "not found" in _page(ui, "/ui/corpora/999", 404)
    _page(ui, f"/ui/alignment/{seeded['alignment']['id']}/calls/no-such-call", 404)
    _page(ui, "/ui/experiments/nope", 404)
    _page(ui, "/ui/jobs/nope", 404)
    # an objections report id is not an alignment report
    _page(ui, f"/ui/alignment/{seeded['objections']['id']}", 404)


def test_alignment_downloads_evidence_and_call_views(ui: TestClient, seeded: dict[str, Any]) -> None:
    rid = seeded["alignment"]["id"]
    for fmt, ctype in (("csv", "text/csv"), ("html", "text/html"), ("md", "text/markdown")):
        r = ui.get(f"/v1/alignment/{rid}?format={fmt}")
        assert r.status_code == 200 and r.headers["content-type"].startswith(ctype)
    assert ui.get(f"/v1/alignment/{rid}").json()["id"] == rid
    listed = ui.get("/v1/alignment").json()
    assert listed[0]["id"] == rid and listed[0]["corpus_ids"] == [seeded["copy"], seeded["calls"]]
    report = seeded["alignment"]
    msg = next(m for p in report["pillars"] for m in p["messages"] if m["best_evidence"])
    ev = ui.get(f"/v1/alignment/{rid}/evidence", params={"message_id": msg["message"]["id"]}).json()
    assert ev["items"][0]["delivery"] == msg["best_evidence"]
    assert ev["items"][0]["message"]["text"] == msg["message"]["text"]
    call = msg["best_evidence"]["call_id"]
    view = ui.get(f"/v1/alignment/{rid}/calls/{call}").json()
    assert view["transcript"]["call_id"] == call and view["document_id"]
    assert any(i["delivery"]["sentence"] == msg["best_evidence"]["sentence"] for i in view["items"])
    assert ui.get(f"/v1/alignment/{rid}/evidence", params={"pillar": "no such pillar"}).status_code == 404
    rep = report["reps"][0]["rep"]
    by_rep = ui.get(f"/v1/alignment/{rid}/evidence", params={"rep": rep}).json()
    assert all(i["delivery"]["speaker"] == rep for i in by_rep["items"])
    assert all(u["speaker"] == rep for u in by_rep["unbacked"])
    assert all(rep in c["reps"] for c in by_rep["calls"])


def test_objection_filters_recompute_every_table(ui: TestClient, seeded: dict[str, Any]) -> None:
    full = seeded["objections"]
    rid = full["id"]
    assert ui.get(f"/v1/objections/{rid}/view").json()["objections"] == full["objections"]
    rep = full["by_rep"][0]["name"]
    view = ui.get(f"/v1/objections/{rid}/view", params={"rep": rep}).json()
    assert view["calls"] == full["by_rep"][0]["calls"]
    assert len(view["objections"]) == full["by_rep"][0]["objections"]
    assert {o["rep"] for o in view["objections"]} <= {rep}
    assert sum(c["count"] for c in view["categories"]) == len(view["objections"])
    assert [g["name"] for g in view["by_rep"]] == [rep]
    assert any("filtered to rep" in w for w in view["warnings"])
    empty = ui.get(f"/v1/objections/{rid}/view", params={"since": "2099-01-01"}).json()
    assert empty["calls"] == 0 and empty["objections"] == [] and empty["themes"] == []
    bad = ui.get(f"/v1/objections/{rid}/view", params={"since": "2026-02-01", "until": "2026-01-01"})
    assert bad.status_code == 422
    csv = ui.get(f"/v1/objections/{rid}/view", params={"rep": rep, "format": "csv"})
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    assert ui.get("/v1/objections").json()[0]["id"] == rid
    if full["objections"]:
        o = full["objections"][0]
        call = ui.get(f"/v1/objections/{rid}/calls/{o['call_id']}").json()
        assert call["transcript"]["call_id"] == o["call_id"]
        assert all(x["call_id"] == o["call_id"] for x in call["objections"])
    assert ui.get(f"/v1/objections/{rid}/calls/nope").status_code == 404


def test_experiment_observations_download(ui: TestClient, seeded: dict[str, Any]) -> None:
    eid = seeded["experiment"]["id"]
    data = ui.get(f"/v1/experiments/{eid}/observations").json()
    assert data["arms"] == ["control", "B"] and len(data["observations"]) == 16
    csv = ui.get(f"/v1/experiments/{eid}/observations?format=csv")
    assert csv.text.splitlines()[0] == "day,arm,visitors,conversions" and len(csv.text.splitlines()) == 17
    html = ui.get(f"/ui/experiments/{eid}/report.html")
    assert html.status_code == 200 and html.headers["content-disposition"].startswith("attachment;")
    assert "<script" not in html.text and "<style>" in html.text and 'id="lift-table"' in html.text
    assert "/static/" not in html.text and 'id="observation-form"' not in html.text
    page = _page(ui, f"/ui/experiments/{eid}")
    analysis = ui.get(f"/v1/experiments/{eid}/analysis", params={"method": "frequentist"}).json()
    lift = analysis["result"]["comparisons"][0]["relative_lift"]
    assert f"{100 * lift:.2f}%" in page


def test_static_files_and_vendored_chart_library(ui: TestClient) -> None:
    for path in (
        "/static/ui.css",
        "/static/ui.js",
        "/static/charts.js",
        "/static/vendor/chart.js/chart.umd.min.js",
    ):
        assert ui.get(path).status_code == 200, path
    head = ui.get("/static/vendor/chart.js/chart.umd.min.js").text[:200]
    assert "Chart.js v4.6.1" in head
    readme = ui.get("/static/vendor/README.md").text
    assert "npm pack chart.js@4.6.1" in readme
    assert ui.get("/static/vendor/chart.js/LICENSE.md").status_code == 200


def test_pages_reference_nothing_outside_the_server(ui: TestClient, seeded: dict[str, Any]) -> None:
    urls = [
        "/ui/",
        f"/ui/alignment/{seeded['alignment']['id']}",
        f"/ui/objections/{seeded['objections']['id']}",
    ]
    urls += ["/ui/headlines", f"/ui/experiments/{seeded['experiment']['id']}"]
    for url in urls:
        html = ui.get(url).text
        assert not re.search(r"""(src|href)=["']?(https?:)?//""", html), url


def test_with_auth_on_pages_need_a_sign_in(store: Store, make_app: AppFactory) -> None:
    app = make_app(auth_enabled=True)
    mount_ui(app)
    with TestClient(app) as c:
        r = c.get("/ui/objections?x=1", follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/ui/login?next=%2Fui%2Fobjections%3Fx%3D1"
        login = c.get("/ui/login")
        assert login.status_code == 200 and "Auth is off" not in login.text
        ws = store.workspace("default")
        _info, secret = store.create_key(ws, "read", "viewer")
        assert c.post("/v1/session", json={"api_key": secret}).status_code == 200
        home = c.get("/ui/")
        assert home.status_code == 200 and "default · read" in home.text
        assert 'id="new-corpus"' not in home.text  # a read key sees no write controls
        assert c.get("/ui/login", follow_redirects=False).status_code == 303


def test_corpus_page_lists_speakers_with_their_roles_and_a_way_to_fix_them(ui: TestClient) -> None:
    cid = ui.post("/v1/corpora", json={"name": "headerless"}).json()["id"]
    call = b"Sales Rep: Thanks for joining. What are you using today?\nCustomer: Spreadsheets, mostly.\n"
    named = (
        b"Speaker 1: Thanks for joining. Our platform plugs into your ERP, $30 per user.\n"
        b"Speaker 2: We currently use spreadsheets and your price looks high.\n"
    )
    r = ui.post(
        f"/v1/corpora/{cid}/files",
        files=[("files", ("a.txt", call, "text/plain")), ("files", ("b.txt", named, "text/plain"))],
    )
    assert r.status_code == 200, r.text
    page = ui.get(f"/ui/corpora/{cid}")
    assert page.status_code == 200
    html = page.text
    assert 'id="speakers"' in html and "who are the reps?" in html
    rows = re.findall(r'<tr data-speaker="([^"]+)">', html)
    assert set(rows) == {"Sales Rep", "Customer", "Speaker 1", "Speaker 2"}
    # label-decided speakers are pre-set; the inferred ones too (one role each here)
    row = {m.group(1): m.group(2) for m in re.finditer(r'<tr data-speaker="([^"]+)">(.*?)</tr>', html, re.S)}
    assert '<option value="rep" selected>' in row["Sales Rep"]
    assert '<option value="prospect" selected>' in row["Customer"]
    assert "its label" in html and "what was said" in html
    assert "Speaker roles: 1 of 2 calls known" in html


def test_speakers_table_says_a_generic_rep_is_reported_under_the_headers_name(ui: TestClient) -> None:
    cid = ui.post("/v1/corpora", json={"name": "header-rep"}).json()["id"]
    r = ui.post(f"/v1/corpora/{cid}/files", files=[("files", ("a.txt", HEADER_REP_CALL, "text/plain"))])
    assert r.status_code == 200, r.text
    html = ui.get(f"/ui/corpora/{cid}").text
    row = {m.group(1): m.group(2) for m in re.finditer(r'<tr data-speaker="([^"]+)">(.*?)</tr>', html, re.S)}
    assert "(reported as Dana Ruiz)" in row["Speaker 1"]
    assert "reported as" not in row["Speaker 2"]


@pytest.mark.parametrize(
    "next_",
    [
        "/\\127.0.0.1:8809/x",
        "/\t/127.0.0.1:8809/x",
        "//127.0.0.1:8809/x",
        "https://127.0.0.1:8809/x",
        "/ui/\\x",
    ],
)
def test_sign_in_never_redirects_to_another_origin(make_app: AppFactory, next_: str) -> None:
    app = make_app(auth_enabled=True)
    mount_ui(app)
    with TestClient(app) as c:
        page = c.get("/ui/login", params={"next": next_})
        assert page.status_code == 200 and 'data-next="/ui/"' in page.text
        fine = c.get("/ui/login", params={"next": "/ui/objections?x=1"})
        assert 'data-next="/ui/objections?x=1"' in fine.text


def test_call_views_work_for_call_ids_with_a_slash(ui: TestClient) -> None:
    text = (
        "Sales Rep: Thanks for joining. How do you handle invoices?\n"
        "Customer: It's too expensive for us, and I need to run it by my CFO first.\n"
    )
    r = ui.post(
        "/v1/objections",
        json={"files": [{"name": "q3-call.txt", "content": "# call_id: q3/call-7\n" + text}]},
    )
    assert r.status_code in (200, 201), r.text
    rid = r.json()["id"]
    page = ui.get(f"/ui/objections/{rid}")
    assert "/calls/q3%2Fcall-7" in page.text  # links quote the slash
    view = ui.get(f"/ui/objections/{rid}/calls/q3%2Fcall-7")
    assert view.status_code == 200 and "q3/call-7" in view.text


def test_reports_point_out_reps_named_only_by_a_role_label(ui: TestClient, tmp_path: Path) -> None:
    files = []
    for i in range(3):
        f = tmp_path / f"export-{i}.txt"
        f.write_text(
            "Sales Rep: Thanks for joining. Our platform cuts invoice processing time in half.\n"
            "Customer: Honestly the price is too high for a team our size.\n"
            "Sales Rep: We connect to your ERP in a day and you only pay for what you use.\n",
            encoding="utf-8",
        )
        files.append(f)
    seeded = seed_reports(ui, files, [DEMO / "copy" / n for n in COPY], names=("export", "export-copy"))
    for url in (f"/ui/alignment/{seeded['alignment']['id']}", f"/ui/objections/{seeded['objections']['id']}"):
        page = _page(ui, url)
        assert 'id="unnamed-reps"' in page, url
        assert "3 of 3 calls name their rep only by a role label (&#39;Sales Rep&#39;)" in page, url
