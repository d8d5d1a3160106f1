"""Corpus pickers offer only corpora a job can use, and an empty picker points to Home (in-process)."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient


def _options(page: str, select_id: str) -> list[str]:
    m = re.search(rf'<select id="{select_id}".*?</select>', page, re.S)
    return re.findall(r">([^<(]+) \(", m.group(0)) if m else []


def test_empty_pickers_point_to_home(ui: TestClient) -> None:
    ui.post("/v1/corpora", json={"name": "nothing-yet"})
    page = ui.get("/ui/alignment").text
    assert 'id="copy-corpus"' not in page and 'id="call-corpus"' not in page
    assert re.search(r'id="no-calls">.*?<a href="/ui/">', page) and re.search(
        r'id="no-copy">.*?<a href="/ui/">', page
    )
    assert re.search(r'<button type="submit" disabled>Run alignment', page)
    page = ui.get("/ui/objections").text
    assert 'id="obj-corpus"' not in page and re.search(r'id="no-calls">.*?<a href="/ui/">', page)


def test_pickers_offer_only_what_the_job_reads(ui: TestClient) -> None:
    calls = ui.post("/v1/corpora", json={"name": "calls"}).json()["id"]
    copy = ui.post("/v1/corpora", json={"name": "copy"}).json()["id"]
    ui.post("/v1/corpora", json={"name": "empty"})
    call = b"Sales Rep: Thanks for joining. We cut invoice time by half.\nCustomer: It's too expensive.\n"
    assert (
        ui.post(f"/v1/corpora/{calls}/files", files=[("files", ("a.txt", call, "text/plain"))]).status_code
        == 200
    )
    landing = b"# Close faster\n\nAcme cuts invoice processing time by 60% for finance teams.\n"
    assert (
        ui.post(
            f"/v1/corpora/{copy}/files", files=[("files", ("landing.md", landing, "text/markdown"))]
        ).status_code
        == 200
    )
    page = ui.get("/ui/alignment").text
    assert _options(page, "copy-corpus") == ["copy"]  # no calls-only or empty corpus as copy
    assert _options(page, "call-corpus") == ["calls"]
    assert _options(ui.get("/ui/objections").text, "obj-corpus") == ["calls"]
