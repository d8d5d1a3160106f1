"""500 header-less `Customer:` / `Sales Rep:` call files dropped on the UI at once give an objection report.

The corpus is generated here in the shape an ordinary export has (no `#` header, generic speaker labels,
no metadata) from a small bank of lines written for this test. Nothing is edited by hand: the labels alone
must make the customer turns prospect turns, the uploader must get all 500 files past the server's limits,
the corpus page must show who the reps are, and the objection job must find objections.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import expect

from tests.ui.browser import Web

REP_LINES = [
    "Thanks for making time today, how are things on your side?",
    "Can you walk me through how you handle vendor invoices today?",
    "Our platform matches invoices to purchase orders automatically.",
    "Pricing starts at twelve hundred a month for up to five users.",
    "Most teams are live within four weeks of signing.",
    "We connect to NetSuite and QuickBooks out of the box.",
    "Would it help if I sent over a short case study?",
    "Who else would want to see this before a decision?",
]
CUSTOMER_LINES = [
    "Things are busy, month end is coming up.",
    "Honestly it's a lot of copying numbers between spreadsheets.",
    "That's more than we budgeted for this tool this year.",
    "I'd have to run this by our controller before we commit to anything.",
    "We just signed a two year deal with another vendor, so switching now is hard.",
    "Our IT team is stretched thin, I don't see who would set this up.",
    "Sounds interesting, can you send me the pricing sheet?",
    "We're not sure a company our size needs something like this.",
]


def _corpus(folder: Path, n: int) -> list[Path]:
    rng = random.Random(500)
    files = []
    for i in range(n):
        lines = []
        for turn in range(rng.randint(3, 5)):
            lines.append(f"Sales Rep: {rng.choice(REP_LINES)}")
            lines.append(f"Customer: {rng.choice(CUSTOMER_LINES)} (call {i}, turn {turn})")
        path = folder / f"call-{i:03d}.txt"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        files.append(path)
    return files


@pytest.mark.slow
def test_five_hundred_headerless_calls_through_the_browser(
    web: Web,
    tmp_path: Path,
) -> None:
    files = _corpus(tmp_path, 500)
    server = web.serve()
    api = httpx.Client(base_url=server.url, timeout=60)
    corpus = api.post("/v1/corpora", json={"name": "export"}).json()

    page = web.open_page(server)
    page.goto(f"/ui/corpora/{corpus['id']}")
    page.set_input_files("#upload-files", [str(f) for f in files])
    status = page.locator("#upload-status")
    expect(status).to_have_text(re.compile("^Done"), timeout=180_000)
    assert status.inner_text().startswith("Done: 500 document(s) added, 0 file(s) with errors")
    assert page.locator("#file-list tr.file-added").count() == 500
    expect(page.locator("#roles-next")).to_contain_text("500 from the files or labels")
    web.shots(page, "headerless-upload", full_page=False)

    # who are the reps? the labels decided it, and the page says so
    page.click("#roles-next a")
    page.wait_for_url(re.compile(r"#speakers$"))
    speakers = page.locator("#speakers-table tbody tr")
    expect(speakers).to_have_count(2)
    rep_row = page.locator('#speakers-table tr[data-speaker="Sales Rep"]')
    expect(rep_row).to_contain_text("rep 500")
    expect(rep_row.locator("select")).to_have_value("rep")
    expect(page.locator('#speakers-table tr[data-speaker="Customer"] select')).to_have_value("prospect")
    web.shots(page, "headerless-speakers")

    # the objection report, started from the page, is not empty
    page.goto("/ui/objections")
    expect(page.locator("#obj-corpus option:checked")).to_have_text(re.compile("^export"))
    page.click("#objections-form button[type=submit]")
    page.wait_for_url(re.compile(r"/ui/jobs/[\w-]+$"))
    page.wait_for_url(re.compile(r"/ui/objections/[\w-]+$"), timeout=240_000)
    rid = page.url.rsplit("/", 1)[1]
    report = api.get(f"/v1/objections/{rid}").json()
    assert report["calls"] == 500
    assert report["roles"]["unknown"] == 0 and report["roles"]["known"] == 500
    assert report["prospect_utterances"] >= 1500
    assert len(report["objections"]) > 100 and report["calls_with_objections"] > 100
    assert page.inner_text('#summary [data-field="objections"]') == str(len(report["objections"]))
    expect(page.locator("#roles-summary")).to_contain_text("500 of 500 calls known")
    # every call's rep is the label "Sales Rep": the per-rep table says that its one row pools every rep
    expect(page.locator("#unnamed-reps")).to_contain_text("500 of 500 calls name their rep only by a role")
    web.shots(page, "headerless-objections")
    assert page.errors == [] and page.outside == []
