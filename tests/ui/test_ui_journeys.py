"""Issue #17's three journeys, each from an empty database, in headless Chromium against a real uvicorn.

1. Content lead: campaign copy and the messaging framework dropped on Home, a folder of 85 calls with their
   ``.meta.json`` sidecars dropped on the drop zone at once (a real folder drop: Chromium's
   ``Input.dispatchDragEvent`` with the folder's path, as from a file manager) → the alignment report → the
   evidence behind a heatmap cell → a transcript.
2. Enablement: 250 header-less ``Customer:`` / ``Sales Rep:`` call files dropped at once → the speakers and
   their roles confirmed on the corpus page → the objection report → filters (the rep; a date, which leaves
   none of these undated calls, and the page says why) → a quote's transcript.
3. Marketer: Headline lab → an experiment from the picked variants → a CSV of daily counts imported on the
   experiment page (twice: too early, then enough days) → the decision box.

Every journey runs with auth off and with auth on (signing in with a key on the login page). The server keeps
its default rate limit and takes at most 25 files per request, so the uploads must be batched (and keep each
sidecar with its call). On every page the numbers are checked against the API's JSON for the same thing; no
request may fail (a ``429`` the uploader retries is the only answer >= 400 allowed); and at 375 px no page
scrolls sideways. Each step is saved at 1366 and 375 px under ``test-artifacts/ui-journeys/``; with
``TEXTOPS_DOCS_SCREENSHOTS=1`` the auth-on journeys (signed in, as on a shared server) also refresh the
README's screenshots in ``docs/screenshots/``. The inputs
are generated here: a fictional payroll vendor's campaign and calls, a fictional booking tool's calls.

Then what the journeys found: the uploader under a tight rate limit (every 429 waited out, the counts on the
page final when it says "Done"), and confirming the roles the labels gave must not report them as changed (it
counted the calls rewritten, not the calls whose roles changed).
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from tests.support import ARTIFACTS, ROOT, fake_app
from tests.ui.browser import OVERFLOW_JS, RECORD_UPLOADS_JS, Web, aborted_poll
from textops.reports import pct as _pct  # the pages' (and downloads') percentage format
from textops.settings import Settings, override_settings
from textops.store import Store

JOURNEYS = ARTIFACTS / "ui-journeys"
DOCS_SCREENSHOTS = ROOT / "docs" / "screenshots"
"""The README's screenshots: refreshed by the auth-on journeys when ``TEXTOPS_DOCS_SCREENSHOTS=1``."""
WIDE, NARROW = 1366, 375
FILES_PER_REQUEST = (
    25  # the server's per-request file limit here (default 200): 170 and 250 files need batches
)
JOB_TIMEOUT = 180_000


# drop files on the zone as a browser does: a DataTransfer of File objects built in the page
_DROP_JS = """([files]) => {
  const dt = new DataTransfer();
  for (const [name, text, type] of files) dt.items.add(new File([text], name, {type}));
  return dt;
}"""


# -- journey 1's inputs: a fictional payroll vendor ---------------------------------------------------------
SELLER = "Tallyfern"
DOMAIN = "tallyfern.example"
FRAMEWORK: dict[str, Any] = {
    "campaign": "Payday, Sorted 2026",
    "pillars": [
        {
            "name": "Payroll in minutes",
            "description": "A full pay run, tax filings and payslips handled in minutes instead of a day.",
            "statements": [
                "Tallyfern runs a full payroll in under ten minutes.",
                "Payroll tax filings are prepared and submitted automatically every pay period.",
                "Employees get their payslips the moment the pay run is approved.",
            ],
        },
        {
            "name": "Fewer pay errors",
            "description": "Checks on every pay run catch mistakes before anyone is paid the wrong amount.",
            "statements": [
                "Every pay run is compared with the last one before it is approved.",
                "Customers cut payroll corrections by half in their first quarter.",
                "Each salary change keeps an audit trail of who made it and when.",
            ],
        },
        {
            "name": "Works with your accounting",
            "description": "Journal entries flow to the ledger after every pay run; switching takes weeks.",
            "statements": [
                "Tallyfern posts journal entries to Xero and QuickBooks after every pay run.",
                "Most teams switch over in two weeks with a named onboarding specialist.",
                "Setup happens in the browser, with no IT project needed.",
            ],
        },
    ],
}
LANDING = """---
title: Tallyfern — payday, sorted
campaign: Payday, Sorted 2026
doc_type: landing_page
---

# Payday, sorted: payroll in minutes with Tallyfern

Stop rebuilding the same spreadsheet every pay period. Tallyfern runs a full payroll in under ten minutes,
files the payroll taxes for you and sends every payslip the moment you approve the run.

## Payroll in minutes, not a lost afternoon

- A full pay run in under ten minutes
- Payroll tax filings prepared and submitted automatically every pay period
- Payslips in every employee's inbox as soon as the run is approved

## Fewer pay errors, fewer awkward conversations

Every pay run is compared with the last one before you approve it, so an extra zero never reaches a bank
account. Customers cut payroll corrections by half in their first quarter, and each salary change keeps an
audit trail of who made it and when.

## Works with the accounting you already have

Tallyfern posts journal entries to Xero and QuickBooks after every pay run. Most teams switch over in two
weeks with a named onboarding specialist, and setup happens in the browser: no IT project needed.
"""
REPS = ["Marisol Quint", "Tobias Wren", "Ines Halvorsen", "Devon Achebe", "Priyanka Rao"]
OFF_MESSAGE_REP = "Devon Achebe"
FAITHFUL = [
    "With Tallyfern a full payroll run takes under ten minutes.",
    "We prepare and submit the payroll tax filings automatically every pay period.",
    "Your employees get their payslips as soon as you approve the pay run.",
    "Before you approve, every pay run is compared with the previous one.",
    "Our customers cut payroll corrections by half in the first quarter.",
    "Every salary change keeps an audit trail showing who changed it and when.",
    "Journal entries go to Xero or QuickBooks after every pay run.",
    "Most teams switch over in about two weeks, with a named onboarding specialist.",
    "Setup is all in the browser, so there is no IT project.",
]
DISTORTED = [
    "Tallyfern guarantees you will never have a single payroll error again.",
    "A full payroll takes under one minute with Tallyfern, every time.",
    "Customers cut payroll corrections to zero in their first week.",
    "You can switch over in a day, we promise.",
]
UNBACKED = [
    "We are the only payroll tool that has never had an outage.",
    "We are twice as fast as any other payroll provider on the market.",
    "Honestly, every accountant in the country recommends us.",
]
SMALL_TALK = [
    "Thanks for making the time today, how has your week been?",
    "Can you walk me through how a pay period works for you today?",
    "Who else on your side would want to see this?",
    "Shall I send a short summary after the call?",
]
PROSPECT_LINES = [
    "We run payroll for about {n} people, mostly hourly staff.",
    "Right now it takes most of a day and two spreadsheets.",
    "Honestly the price is more than we planned to spend this year.",
    "I would need our finance director to sign off on anything like this.",
    "We are locked into our current provider until the autumn.",
    "Last month we paid someone twice and it was a mess to undo.",
    "Does it work with Xero? That is where our books live.",
    "I am not sure we have anyone with time to set this up.",
]
FIRST = [
    "Alba",
    "Bram",
    "Celia",
    "Dmitri",
    "Esme",
    "Farid",
    "Greta",
    "Hugo",
    "Ilse",
    "Jonas",
    "Kaia",
    "Lorenz",
]
LAST = ["Ashdown", "Birchall", "Corrigan", "Dunmore", "Elsworth", "Fairleigh", "Gresham", "Holloway"]
COMPANIES = [
    "Cobalt Orchard",
    "Harbor & Pike",
    "Mossgate Bakery",
    "Quarry Lane Dental",
    "Stillwater Rentals",
    "Thimble Studio",
    "Umber Logistics",
    "Verdant Kitchens",
]


def _content_lead_folder(folder: Path, n: int = 85) -> list[str]:
    """``n`` calls without a header (.txt and .vtt, alternating), each with its ``.meta.json`` sidecar, and a
    ``.DS_Store`` as a real folder has; returns the call file names."""
    rng = random.Random(1785)
    folder.mkdir(parents=True)
    start = datetime(2026, 1, 5, 15, 0, tzinfo=UTC)
    names = []
    for i in range(n):
        rep = REPS[i % len(REPS)]
        prospect, company = f"{rng.choice(FIRST)} {rng.choice(LAST)}", rng.choice(COMPANIES)
        rep_lines = [rng.choice(SMALL_TALK), *rng.sample(FAITHFUL, 3)]
        if rep == OFF_MESSAGE_REP or rng.random() < 0.15:
            rep_lines.append(rng.choice(DISTORTED))
        if rep == OFF_MESSAGE_REP or rng.random() < 0.1:
            rep_lines.append(rng.choice(UNBACKED))
        answers = [p.format(n=rng.randint(12, 240)) for p in rng.sample(PROSPECT_LINES, len(rep_lines))]
        turns = [
            (who, text)
            for pair in zip(rep_lines, answers, strict=True)
            for who, text in zip((rep, prospect), pair, strict=True)
        ]
        stem = f"call-{i + 1:03d}"
        if i % 2:
            cues = ["WEBVTT", ""]
            for k, (who, text) in enumerate(turns):
                a, b = 9 * k + 2, 9 * k + 9
                cues += [
                    f"00:{a // 60:02d}:{a % 60:02d}.000 --> 00:{b // 60:02d}:{b % 60:02d}.000",
                    f"<v {who}>{text}</v>",
                    "",
                ]
            call = folder / f"{stem}.vtt"
            call.write_text("\n".join(cues), encoding="utf-8")
        else:
            call = folder / f"{stem}.txt"
            call.write_text("".join(f"{who}: {text}\n" for who, text in turns), encoding="utf-8")
        meta = {
            "call_id": stem,
            "title": f"Discovery call — {company}",
            "started_at": (start + timedelta(days=i * 70 // n)).isoformat(),
            "outcome": ("won", "lost", "open")[i % 3],
            "segment": "mid-market" if i % 4 == 0 else "smb",
            "seller_company": SELLER,
            "seller_domain": DOMAIN,
            "participants": [
                {"name": rep, "company": SELLER, "email": f"{rep.split()[0].lower()}@{DOMAIN}"},
                {"name": prospect, "company": company},
            ],
        }
        (folder / f"{stem}.meta.json").write_text(json.dumps(meta, indent=2), encoding="utf-8")
        names.append(call.name)
    (folder / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    return names


# -- journey 2's inputs: a fictional clinic booking tool, exported without headers ---------------------------
BOOKING_REP = [
    "Thanks for taking the call, how is the clinic doing this month?",
    "How do patients book appointments with you today?",
    "Bookwell sends a text reminder two days before each visit.",
    "The starter plan is ninety dollars a month per location.",
    "Most clinics are live within a week of signing.",
    "It connects to the calendar your front desk already uses.",
    "Would a short trial at one location help?",
    "Who else should join the next call?",
]
BOOKING_CUSTOMER = [
    "It's busy, flu season has started and we see about {n} patients a day.",
    "Mostly by phone, and the front desk writes it in a paper book.",
    "Ninety a month is more than we can justify for one location.",
    "I'd have to check with the practice owner before we sign anything.",
    "We signed a contract with another booking vendor last spring.",
    "Nobody here has time to learn a new system right now.",
    "Can you email me something to read later?",
    "We are a small practice of {n} staff, I'm not sure we need this.",
    "Our patients are older and some of them never read text messages.",
]


def _headerless_calls(n: int = 250) -> list[tuple[str, str, str]]:
    """``n`` exports with no header, no metadata and generic labels: (name, text, MIME type)."""
    rng = random.Random(250)
    calls = []
    for i in range(n):
        lines = []
        for _turn in range(rng.randint(3, 5)):
            lines.append(f"Sales Rep: {rng.choice(BOOKING_REP)}")
            lines.append(f"Customer: {rng.choice(BOOKING_CUSTOMER).format(n=rng.randint(4, 90))}")
        calls.append((f"export-{i + 1:03d}.txt", "\n".join(lines) + "\n", "text/plain"))
    return calls


# -- the journey harness -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class DocsShot:
    """A README screenshot of a step: its file in ``docs/screenshots/``, the viewport width, and either the
    top ``height`` pixels of the page or the element ``selector`` (across the whole width)."""

    file: str
    width: int
    height: int = 900
    selector: str | None = None


@dataclass
class Journey:
    """One journey's page and API client; saves each step at both widths and collects what went wrong."""

    name: str
    page: Any
    api: httpx.Client
    auth: bool
    steps: int = 0
    failed: list[str] = field(default_factory=list)
    too_wide: dict[str, Any] = field(default_factory=dict)
    retried: list[str] = field(default_factory=list)

    @property
    def mode(self) -> str:
        return "auth-on" if self.auth else "auth-off"

    def uploads(self) -> list[list[str]]:
        """The file names of each upload request this page sent (a retried request counts again)."""
        sent: list[list[str]] = self.page.evaluate("window.__uploads || []")
        return sent

    def watch(self) -> None:
        """Record failed requests and answers >= 400 (a 429 to the uploader is expected: it retries)."""

        def on_response(r: Any) -> None:
            if r.status < 400:
                return
            if r.status == 429 and re.search(r"/v1/corpora/\d+(/files)?$", r.url):  # the uploader's
                self.retried.append(r.url)
            else:
                self.failed.append(f"{r.status} {r.request.method} {r.url}")

        self.page.on("response", on_response)
        self.page.add_init_script(RECORD_UPLOADS_JS)
        self.page.on(
            "requestfailed",
            lambda r: (
                None if aborted_poll(r) else self.failed.append(f"failed {r.method} {r.url} {r.failure}")
            ),
        )

    def step(self, name: str, docs: DocsShot | None = None) -> None:
        """Screenshots of the page as it is now at 1366 and 375 px; at 375 px it must not scroll sideways.

        ``docs``: the step is also one of the README's screenshots (saved with auth on and
        ``TEXTOPS_DOCS_SCREENSHOTS=1``).
        """
        self.steps += 1
        JOURNEYS.mkdir(parents=True, exist_ok=True)
        stem = f"{self.name}-{self.mode}-{self.steps:02d}-{name}"
        self.page.screenshot(path=str(JOURNEYS / f"{stem}-{WIDE}.png"), full_page=True)
        self._resize(NARROW)
        width = self.page.evaluate("document.documentElement.scrollWidth")
        if width > NARROW:
            self.too_wide[name] = (width, self.page.evaluate(OVERFLOW_JS, NARROW))
        self.page.screenshot(path=str(JOURNEYS / f"{stem}-{NARROW}.png"), full_page=True)
        if docs is not None and self.auth and os.environ.get("TEXTOPS_DOCS_SCREENSHOTS") == "1":
            self._docs_shot(docs)
        self.page.set_viewport_size({"width": WIDE, "height": 900})

    def _resize(self, width: int) -> None:
        self.page.set_viewport_size({"width": width, "height": 900})
        # a chart resizes itself a moment after the viewport does: wait for the page to settle (3 s at most)
        with contextlib.suppress(PlaywrightTimeoutError):
            self.page.wait_for_function(
                "(w) => document.documentElement.scrollWidth <= w", arg=width, timeout=3000
            )

    def _docs_shot(self, shot: DocsShot) -> None:
        self._resize(shot.width)
        path = str(DOCS_SCREENSHOTS / shot.file)
        if shot.selector is None:
            clip = {"x": 0, "y": 0, "width": shot.width, "height": shot.height}
            self.page.screenshot(path=path, clip=clip, full_page=True)
            return
        element = self.page.locator(shot.selector)
        element.scroll_into_view_if_needed()
        box = element.bounding_box()
        assert box is not None, shot
        top = max(0.0, box["y"] - 8)
        self.page.screenshot(
            path=path, clip={"x": 0, "y": top, "width": shot.width, "height": box["height"] + 16}
        )

    def finish(self) -> None:
        """Nothing failed, nothing scrolled sideways, nothing was fetched from elsewhere, no script error."""
        assert self.too_wide == {}, self.too_wide
        assert self.failed == [], self.failed
        assert self.page.outside == [], self.page.outside
        # the browser logs each answer >= 400 as a console error: only the retried 429s may be there
        errors = [e for e in self.page.errors if not (self.retried and "status of 429" in e)]
        assert errors == [], errors


@pytest.fixture(params=[False, True], ids=["auth-off", "auth-on"])
def journey_settings(request: pytest.FixtureRequest, settings: Settings) -> Iterator[Settings]:
    """The test settings with auth off or on, the default rate limit and a per-request file limit of 25."""
    with override_settings(
        **{
            **settings.model_dump(),
            "auth_enabled": request.param,
            "rate_limit": "600/minute;20/second",
            "max_files_per_request": FILES_PER_REQUEST,
        }
    ) as s:
        yield s


@pytest.fixture
def start_journey(
    journey_settings: Settings,
    store: Store,
    live_server: Callable[[Any], Any],
    open_page: Callable[[Any], Any],
) -> Iterator[Callable[[str], Journey]]:
    """A journey on a fresh server and an empty database; with auth on, signed in through the login page."""
    clients: list[httpx.Client] = []

    def start(name: str) -> Journey:
        server = live_server(fake_app(journey_settings, store))
        auth = journey_settings.auth_enabled
        headers: dict[str, str] = {}
        if (
            auth
        ):  # the test's own checks use a key of their own: they do not count against the browser's limit
            _info, checker = store.create_key(store.workspace("default"), "write", "journey checks")
            headers["Authorization"] = f"Bearer {checker}"
        api = httpx.Client(base_url=server.url, timeout=120, headers=headers)
        clients.append(api)
        assert api.get("/v1/corpora").json() == []  # an empty database
        j = Journey(name, open_page(server), api, auth)
        for old in JOURNEYS.glob(f"{name}-{j.mode}-*.png"):  # a step renamed since: no stale screenshot
            old.unlink()
        j.watch()
        page = j.page
        if auth:
            _info, secret = store.create_key(store.workspace("default"), "write", f"{name} browser")
            page.goto("/ui/")
            page.wait_for_url(re.compile(r"/ui/login\?next=%2Fui%2F$"))
            expect(page.locator("#auth-off-banner")).to_have_count(0)
            j.steps = -1  # step 00: the steps after it are numbered alike with auth on and off
            j.step("sign-in")
            page.fill("#api-key", secret)
            page.click("#login-form button[type=submit]")
            page.wait_for_url(re.compile(r"/ui/$"))
            expect(page.locator("header .who")).to_contain_text("write")
        else:
            page.goto("/ui/")
            expect(page.locator("#auth-off-banner")).to_contain_text("Auth is off")
        return j

    yield start
    for c in clients:
        c.close()


def _new_corpus(page: Any, name: str) -> None:
    page.fill("#corpus-name", name)
    page.click("#new-corpus button[type=submit]")
    expect(page.locator("#corpora-table")).to_contain_text(name)
    # the corpus just created is the one the upload goes into
    expect(page.locator("#upload-corpus option:checked")).to_have_text(name)


def _drop(page: Any, files: list[tuple[str, str, str]]) -> None:
    transfer = page.evaluate_handle(_DROP_JS, [files])
    page.dispatch_event("#dropzone", "drop", {"dataTransfer": transfer})


def _drop_folder(page: Any, folder: Path) -> None:
    """Drag ``folder`` from the desktop onto the drop zone: DevTools' ``Input.dispatchDragEvent`` with the
    folder's path gives the page a directory entry, as a file manager's drag does (a ``DataTransfer`` built
    in the page cannot hold one)."""
    zone = page.locator("#dropzone")
    zone.scroll_into_view_if_needed()
    box = zone.bounding_box()
    assert box is not None
    point = {"x": box["x"] + box["width"] / 2, "y": box["y"] + box["height"] / 2}
    cdp = page.context.new_cdp_session(page)
    data = {"items": [], "files": [str(folder)], "dragOperationsMask": 1}
    for kind in ("dragEnter", "dragOver", "drop"):
        cdp.send("Input.dispatchDragEvent", {"type": kind, **point, "data": data})
    cdp.detach()


def _result(page: Any, name: str) -> Any:
    return page.locator(f'#file-list tr[data-file="{name}"] td.result')


def _corpus_counts(page: Any, api: httpx.Client, scope: str, corpus_id: int) -> None:
    info = api.get(f"/v1/corpora/{corpus_id}").json()
    for f in ("transcripts", "copy_documents", "utterances", "words"):
        expect(page.locator(f'{scope} [data-field="{f}"]')).to_have_text(f"{info[f]:,}")


def _field(page: Any, scope: str, name: str) -> str:
    text: str = page.locator(f'{scope} [data-field="{name}"]').inner_text()
    return text


# -- 1. content lead -----------------------------------------------------------------------------------------
@pytest.mark.slow
def test_content_lead_copy_framework_and_a_folder_of_calls_to_a_transcript(
    start_journey: Callable[[str], Journey], tmp_path: Path
) -> None:
    folder = tmp_path / "q1-discovery-calls"
    call_files = _content_lead_folder(folder)
    framework = tmp_path / "messaging.json"
    framework.write_text(json.dumps(FRAMEWORK, indent=2), encoding="utf-8")
    j = start_journey("content-lead")
    page, api = j.page, j.api
    expect(page.locator("main")).to_contain_text("No corpora yet")
    j.step("home-empty")

    # -- the copy and the framework, dropped together: the copy is stored, the framework is sent where it goes
    _new_corpus(page, "Payday copy")
    _drop(
        page,
        [
            ("landing.md", LANDING, "text/markdown"),
            ("messaging.json", framework.read_text(), "application/json"),
        ],
    )
    status = page.locator("#upload-status")
    expect(status).to_have_text(re.compile("^Done"))
    expect(_result(page, "landing.md")).to_have_text(re.compile("^added: copy"))
    fw = _result(page, "messaging.json")
    expect(fw).to_have_attribute("data-status", "framework")
    expect(fw).to_contain_text("a messaging framework (3 pillar(s))")
    expect(fw.locator("a[href='/ui/alignment']")).to_have_text("Messaging alignment")
    expect(status).to_have_text(
        "Done: 1 document(s) added, 0 file(s) with errors; 1 messaging framework(s) for Messaging alignment."
    )
    copy_id = next(c["id"] for c in api.get("/v1/corpora").json() if c["name"] == "Payday copy")
    assert [d["source"] for d in api.get(f"/v1/corpora/{copy_id}/documents").json()] == ["landing.md"]
    _corpus_counts(page, api, f'#corpora-table tr[data-corpus-id="{copy_id}"]', copy_id)
    j.step("copy-and-framework")

    # -- a folder of 85 calls with their sidecars, dropped at once on the drop zone --------------------------
    _new_corpus(page, "Q1 discovery calls")
    _drop_folder(page, folder)
    expect(status).to_have_text(re.compile("^Done"), timeout=120_000)
    expect(status).to_have_text("Done: 85 document(s) added, 0 file(s) with errors.")
    expect(page.locator("#file-list tr.file-added")).to_have_count(85)
    expect(page.locator('#file-list tr[data-file=".DS_Store"]')).to_have_count(0)
    for name in call_files:
        expect(_result(page, name)).to_have_text(re.compile(r"^added: call; roles known"))
        expect(_result(page, name.rsplit(".", 1)[0] + ".meta.json")).to_have_text(f"metadata of {name}")
    expect(page.locator("#roles-next")).to_contain_text("85 from the files or labels, 0 inferred")
    # batches within the server's limit, each sidecar in the same request as its call
    uploads = j.uploads()
    assert len(uploads) >= 7 and len({n for u in uploads for n in u}) == 170, [len(u) for u in uploads]
    for sent in uploads:
        assert 0 < len(sent) <= FILES_PER_REQUEST
        for meta in (n for n in sent if n.endswith(".meta.json")):
            assert any(n.startswith(meta.removesuffix("meta.json")) and n != meta for n in sent), (meta, sent)
    calls_id = next(c["id"] for c in api.get("/v1/corpora").json() if c["name"] == "Q1 discovery calls")
    docs = api.get(f"/v1/corpora/{calls_id}/documents").json()
    assert sorted(d["source"] for d in docs) == sorted(call_files)
    assert all(d["started_at"] and d["outcome"] in ("won", "lost", "open") and d["segment"] for d in docs)
    _corpus_counts(page, api, f'#corpora-table tr[data-corpus-id="{calls_id}"]', calls_id)
    j.step("calls-folder", DocsShot("upload-folder.png", WIDE, height=1100))

    page.reload()
    for cid in (copy_id, calls_id):
        _corpus_counts(page, api, f'#corpora-table tr[data-corpus-id="{cid}"]', cid)
    j.step("home-corpora")

    # -- the alignment report, with the framework given where it goes ----------------------------------------
    page.click("nav >> text=Messaging alignment")
    assert page.locator("#copy-corpus option").all_inner_texts() == ["Payday copy (1 copy docs)"]
    assert page.locator("#call-corpus option").all_inner_texts() == ["Q1 discovery calls (85 transcripts)"]
    page.set_input_files("#framework", str(framework))
    page.fill("#seller-names", SELLER)
    j.step("alignment-form")
    page.click("#alignment-form button[type=submit]")
    page.wait_for_url(re.compile(r"/ui/jobs/[\w-]+$"))
    page.wait_for_url(re.compile(r"/ui/alignment/[\w-]+$"), timeout=JOB_TIMEOUT)
    rid = page.url.rsplit("/", 1)[1]
    report = api.get(f"/v1/alignment/{rid}").json()
    assert report["calls"] == 85 and report["roles"]["known"] == 85
    comp = report["components"]
    expect(page.locator("#score")).to_have_text(f"{comp['score']:.1f}")
    assert _field(page, "#components", "coverage") == _pct(comp["coverage"], 1)
    assert _field(page, "#components", "fidelity") == _pct(comp["fidelity"], 1)
    assert _field(page, "#components", "claims_backed") == _pct(1 - comp["unbacked_rate"], 1)
    assert _field(page, "#components", "unbacked_rate") == _pct(comp["unbacked_rate"], 1)
    assert _field(page, "#components", "vocabulary_divergence") == f"{comp['vocabulary_divergence']:.3f}"
    for p in report["pillars"]:
        scope = f'#coverage tr[data-pillar="{p["name"]}"]'
        assert _field(page, scope, "calls_delivered") == str(p["calls_delivered"]), p["name"]
        assert _field(page, scope, "calls_distorted") == str(p["calls_distorted"]), p["name"]
    cells = 0
    for r in report["reps"]:
        for p in FRAMEWORK["pillars"]:
            cell = page.locator(f'#heatmap a[data-rep="{r["rep"]}"][data-pillar="{p["name"]}"]')
            faithful = r["pillars_delivered"].get(p["name"], 0)
            assert cell.inner_text().splitlines()[0] == _pct(faithful / r["calls"]), (r["rep"], p["name"])
            assert cell.get_attribute("data-distorted") == str(r["pillars_distorted"].get(p["name"], 0))
            cells += 1
        assert _field(page, f'#reps tr[data-rep="{r["rep"]}"]', "score") == f"{r['components']['score']:.1f}"
    assert cells == 15
    drifting = {r["rep"] for r in report["reps"] if r["drifting"]}
    assert OFF_MESSAGE_REP in drifting
    expect(page.locator("#unbacked tbody tr")).to_have_count(min(50, len(report["unbacked_claims"])))
    j.step("alignment-report")

    # -- the evidence behind the cell with the most distorted deliveries ------------------------------------
    distorted, pillar = max(
        (r["pillars_distorted"].get(p, 0), p)
        for r in report["reps"]
        for p in r["pillars_distorted"]
        if r["rep"] == OFF_MESSAGE_REP
    )
    assert distorted > 0
    page.click(f'#heatmap a[data-rep="{OFF_MESSAGE_REP}"][data-pillar="{pillar}"]')
    page.wait_for_url(re.compile(r"/evidence\?"))
    evidence = api.get(
        f"/v1/alignment/{rid}/evidence", params={"pillar": pillar, "rep": OFF_MESSAGE_REP}
    ).json()
    rows = page.locator("#evidence tbody tr")
    expect(rows).to_have_count(len(evidence["items"]))
    expect(page.locator("#evidence tbody tr.distorted")).to_have_count(
        sum(it["status"] == "distorted" for it in evidence["items"])
    )
    first = next(it for it in evidence["items"] if it["status"] == "distorted")
    row = page.locator("#evidence tbody tr.distorted").first
    expect(row).to_contain_text(first["delivery"]["sentence"])
    expect(row).to_contain_text(first["message"]["text"])
    j.step("evidence", DocsShot("alignment-evidence.png", WIDE))

    # -- the transcript of that call, the sentence marked, the call's metadata from its sidecar -------------
    call_id = first["delivery"]["call_id"]
    row.locator(f'a[href$="/calls/{call_id}"]').click()
    page.wait_for_url(re.compile(rf"/calls/{call_id}$"))
    view = api.get(f"/v1/alignment/{rid}/calls/{call_id}").json()
    expect(page.locator("h1")).to_have_text(f"Call {call_id}")
    expect(page.locator("#transcript mark.distorted").first).to_contain_text(
        first["delivery"]["sentence"][:30]
    )
    assert page.locator("#transcript li").count() == len(view["transcript"]["utterances"])
    expect(page.locator("main")).to_contain_text(f"outcome {view['call']['outcome']}")
    j.step("transcript")
    j.finish()


# -- 2. enablement -------------------------------------------------------------------------------------------
@pytest.mark.slow
def test_enablement_250_headerless_calls_to_roles_objections_a_filter_and_a_quote(
    start_journey: Callable[[str], Journey],
) -> None:
    calls = _headerless_calls(250)
    j = start_journey("enablement")
    page, api = j.page, j.api
    _new_corpus(page, "Bookwell export")
    corpus_id = api.get("/v1/corpora").json()[0]["id"]
    _drop(page, calls)  # all 250 at once
    status = page.locator("#upload-status")
    expect(status).to_have_text(re.compile("^Done"), timeout=180_000)
    expect(status).to_have_text("Done: 250 document(s) added, 0 file(s) with errors.")
    expect(page.locator("#file-list tr.file-added")).to_have_count(250)
    expect(page.locator("#roles-next")).to_contain_text("250 from the files or labels, 0 inferred")
    uploads = j.uploads()
    assert len({n for u in uploads for n in u}) == 250 and all(len(u) == FILES_PER_REQUEST for u in uploads)
    _corpus_counts(page, api, f'#corpora-table tr[data-corpus-id="{corpus_id}"]', corpus_id)
    j.step("drop-250")

    # -- who are the reps? the labels decided; confirm them on the corpus page ------------------------------
    page.click("#roles-next a")
    page.wait_for_url(re.compile(rf"/ui/corpora/{corpus_id}\?after=upload#speakers$"))
    page.set_viewport_size({"width": NARROW, "height": 900})
    expect(page.locator("#file-list")).to_be_hidden()  # no upload on this page yet: no empty results table
    page.set_viewport_size({"width": WIDE, "height": 900})
    speakers = api.get(f"/v1/corpora/{corpus_id}/speakers").json()
    rows = page.locator("#speakers-table tbody tr")
    expect(rows).to_have_count(len(speakers["speakers"]))
    for sp in speakers["speakers"]:
        cells = page.locator(f'#speakers-table tr[data-speaker="{sp["speaker"]}"] td')
        assert cells.nth(0).inner_text() == str(sp["calls"]) and cells.nth(1).inner_text() == str(sp["turns"])
    expect(page.locator('#speakers-table tr[data-speaker="Sales Rep"] select')).to_have_value("rep")
    expect(page.locator('#speakers-table tr[data-speaker="Customer"] select')).to_have_value("prospect")
    _corpus_counts(page, api, "#corpus-stats", corpus_id)
    with page.expect_response(re.compile(rf"/v1/corpora/{corpus_id}/roles$")) as answer:
        page.click("#roles-form button[type=submit]")
    saved = answer.value.json()
    assert saved["check"]["known"] == 250 and saved["check"]["unknown"] == 0
    expect(page.locator("#roles-status")).to_contain_text(
        f"Saved: roles changed in {saved['changed']} call(s)."
    )
    expect(page.locator("#roles-status")).to_contain_text(saved["check"]["summary"])
    j.step("speakers-confirmed", DocsShot("speakers-375.png", NARROW, selector="#speakers"))
    page.reload()  # confirmed: the roles are now yours
    for sp in api.get(f"/v1/corpora/{corpus_id}/speakers").json()["speakers"]:
        assert sp["sources"] == {"user": 250}, sp
        expect(page.locator(f'#speakers-table tr[data-speaker="{sp["speaker"]}"] td').nth(3)).to_have_text(
            "you"
        )

    # -- the objection report, started from the page -------------------------------------------------------
    page.click("nav >> text=Objections")
    expect(page.locator("#obj-corpus option:checked")).to_have_text("Bookwell export (250 transcripts)")
    j.step("objections-form")
    page.click("#objections-form button[type=submit]")
    page.wait_for_url(re.compile(r"/ui/jobs/[\w-]+$"))
    page.wait_for_url(re.compile(r"/ui/objections/[\w-]+$"), timeout=JOB_TIMEOUT)
    rid = page.url.rsplit("/", 1)[1]
    report = api.get(f"/v1/objections/{rid}").json()
    assert report["calls"] == 250 and report["roles"]["known"] == 250
    assert len(report["objections"]) > 100
    for f in ("calls", "calls_with_objections", "prospect_utterances"):
        assert _field(page, "#summary", f) == f"{report[f]:,}", f
    assert _field(page, "#summary", "objections") == str(len(report["objections"]))
    for c in report["categories"]:
        assert _field(page, f'#categories tr[data-category="{c["category"]}"]', "count") == str(c["count"])
    for g in report["by_rep"]:
        assert _field(page, f'#by-rep tr[data-rep="{g["name"]}"]', "objections") == str(g["objections"])
    expect(page.locator(".theme")).to_have_count(len(report["themes"]))
    expect(page.locator("#roles-summary")).to_contain_text("250 of 250 calls known")
    j.step("objection-report")

    # -- a filter: the rep, applied on the same page, the numbers the API's filtered view ------------------
    page.select_option("#f-rep", label="Sales Rep")
    page.click(".filters button[type=submit]")
    page.wait_for_url(re.compile(r"\?rep=Sales\+Rep"))
    expect(page.locator("h1")).to_contain_text("(filtered)")
    view = api.get(f"/v1/objections/{rid}/view", params={"rep": "Sales Rep"}).json()
    assert _field(page, "#summary", "calls") == f"{view['calls']:,}"
    assert _field(page, "#summary", "objections") == str(len(view["objections"]))
    for c in view["categories"]:
        assert _field(page, f'#categories tr[data-category="{c["category"]}"]', "count") == str(c["count"])
    expect(page.locator("#f-rep")).to_have_value("Sales Rep")
    j.step("filtered")
    # these exports carry no dates: a date filter leaves no call, and the page says why (filters kept)
    page.fill("#f-since", "2026-01-01")
    page.click(".filters button[type=submit]")
    page.wait_for_url(re.compile(r"since=2026-01-01"))
    view = api.get(f"/v1/objections/{rid}/view", params={"rep": "Sales Rep", "since": "2026-01-01"}).json()
    assert view["calls"] == 0
    assert _field(page, "#summary", "calls") == "0"
    expect(page.locator("main")).to_contain_text("250 call(s) have no start date")
    expect(page.locator("main")).to_contain_text("0 of 250 calls")
    expect(page.locator("#f-rep")).to_have_value("Sales Rep")
    expect(page.locator("#f-since")).to_have_value("2026-01-01")
    j.step("filtered-by-date")
    page.click("text=Clear filters")
    page.wait_for_url(re.compile(rf"/ui/objections/{rid}$"))

    # -- a quote's transcript: the objection marked where it was said ----------------------------------------
    category, quotes = next(iter(report["top_quotes"].items()))
    quote = quotes[0]
    link = page.locator(f'#quotes-h ~ ul a[href*="/calls/{quote["call_id"]}#u-"]').first
    link.click()
    page.wait_for_url(re.compile(rf"/ui/objections/{rid}/calls/{quote['call_id']}#u-\d+$"))
    call = api.get(f"/v1/objections/{rid}/calls/{quote['call_id']}").json()
    expect(page.locator("h1")).to_have_text(f"Call {quote['call_id']}")
    expect(page.locator("#in-call-h")).to_have_text(f"Objections in this call ({len(call['objections'])})")
    marked = page.locator("#transcript mark.objection")
    expect(marked).to_have_count(len(call["objections"]))
    expect(page.locator("#transcript")).to_contain_text(quote["text"])
    assert any(o["category"] == category for o in call["objections"])
    j.step("quote-transcript")
    j.finish()


# -- 3. marketer ---------------------------------------------------------------------------------------------
def _daily_counts(path: Path, days: int) -> Path:
    """A CSV of daily counts in the CLI's format: B converts clearly better, C about as the control."""
    rates = {"control": 0.050, "B": 0.065, "C": 0.051}
    lines = ["day,arm,visitors,conversions"]
    for d in range(days):
        day = (date(2026, 4, 6) + timedelta(days=d)).isoformat()
        lines += [f"{day},{arm},2000,{round(2000 * r) + d % 3}" for arm, r in rates.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.slow
def test_marketer_headline_lab_to_an_experiment_a_csv_and_the_decision(
    start_journey: Callable[[str], Journey], tmp_path: Path
) -> None:
    headline = "Run payroll in ten minutes, not a whole afternoon"
    j = start_journey("marketer")
    page, api = j.page, j.api

    # -- the lab: ranked variants, the numbers the API gives for the same request ----------------------------
    page.click("nav >> text=Headline lab")
    page.fill("#h-headline", headline)
    page.fill("#h-n", "6")
    page.fill("#h-max-chars", "70")
    with page.expect_request(re.compile(r"/v1/headlines/variants$")) as sent:
        page.click("#headline-form button[type=submit]")
    expect(page.locator("#variants-section")).to_be_visible(timeout=60_000)
    body: dict[str, Any] = sent.value.post_data_json  # the page's request, asked again by the test
    assert body["headline"] == headline and body["n"] == 6 and body["constraints"]["max_chars"] == 70
    variants = api.post("/v1/headlines/variants", json=body).json()["variants"]
    rows = page.locator("#variants tbody tr")
    expect(rows).to_have_count(len(variants) + 1)
    for i, v in enumerate(variants):
        expect(rows.nth(i + 1).locator("td.headline-text")).to_have_text(v["text"])
        expect(rows.nth(i + 1).locator('[data-field="win_probability"]')).to_contain_text(
            f"{100 * v['win_probability']:.1f}%"
        )
    picked = [
        int(x)
        for x in page.locator('input[name="pick"]:checked').evaluate_all("(els) => els.map((e) => e.value)")
    ]
    assert picked == [0, 1]  # the top two are picked: arms B and C
    j.step("headline-variants")

    # -- an experiment from the picked variants ------------------------------------------------------------
    page.fill("#x-name", "Payroll headline test")
    page.fill("#x-planned", "20000")
    page.click("#experiment-form button[type=submit]")
    page.wait_for_url(re.compile(r"/ui/experiments/[\w-]+$"))
    eid = page.url.rsplit("/", 1)[1]
    exp = api.get(f"/v1/experiments/{eid}").json()
    assert [(a["name"], a["text"]) for a in exp["arms"]] == [
        ("control", headline),
        ("B", variants[0]["text"]),
        ("C", variants[1]["text"]),
    ]
    assert exp["config"]["planned_n_per_arm"] == 20000

    def check_decision() -> dict[str, Any]:
        analysis = api.get(f"/v1/experiments/{eid}/analysis").json()
        decision: dict[str, Any] = analysis["decision"]
        expect(page.locator("#decision-title")).to_have_text(decision["title"])
        assert page.locator("#decision").get_attribute("data-action") == decision["action"]
        assert page.locator("#decision-reasons li").all_inner_texts() == decision["reasons"]
        for arm in analysis["experiment"]["arms"]:
            cells = page.locator(f'#arms tr[data-arm="{arm["name"]}"] td.num')
            assert (
                cells.nth(0).inner_text() == f"{arm['visitors']:,}"
                and cells.nth(1).inner_text() == f"{arm['conversions']:,}"
            )
        agrees = page.locator("#other-views li[data-agrees]").evaluate_all(
            "(els) => els.map((e) => e.dataset.agrees)"
        )
        assert agrees == ["yes" if v["agrees"] else "no" for v in decision["other_views"]]
        assert "winner" not in page.inner_text("main")
        return decision

    decision = check_decision()
    assert decision["action"] == "keep_running"
    j.step("experiment-new")

    # -- four days of counts: too early to call, the box says how long to wait -------------------------------
    def import_csv(csv: Path) -> None:
        page.set_input_files("#csv-file", str(csv))
        with page.expect_navigation():
            page.click("#csv-form button[type=submit]")
        page.wait_for_load_state("load")

    import_csv(_daily_counts(tmp_path / "week-1.csv", 4))
    decision = check_decision()
    assert decision["action"] == "keep_running" and decision["too_early"] and decision["days_needed"] == 3
    expect(page.locator('#decision-needed [data-field="days_needed"]')).to_have_text("3")
    j.step("decision-too-early")

    # -- two weeks of counts (the first four days again, replaced): ship B ----------------------------------
    import_csv(_daily_counts(tmp_path / "two-weeks.csv", 14))
    decision = check_decision()
    assert decision["action"] == "ship" and decision["arm"] == "B"
    assert page.locator("#decision").get_attribute("data-arm") == "B"
    expect(page.locator("#srm-warning")).to_have_count(0)
    j.step("decision-ship", DocsShot("experiment-decision-375.png", NARROW, height=1000))

    page.click("nav >> text=Experiments")
    row = page.locator("#experiments tbody tr", has_text="Payroll headline test")
    expect(row.locator("td.num").nth(1)).to_have_text("14")
    expect(row.locator("td.num").nth(2)).to_have_text(
        f"{sum(a['visitors'] for a in api.get(f'/v1/experiments/{eid}').json()['arms']):,}"
    )
    j.step("experiments")
    j.finish()


# -- what the journeys found ---------------------------------------------------------------------------------
@pytest.mark.slow
def test_the_uploader_waits_out_the_rate_limit_and_keeps_sidecars_with_their_calls(
    store: Store,
    web: Web,
    tmp_path: Path,
) -> None:
    """One request a second and four files a request: a folder of 6 calls and 6 sidecars goes in 3 requests,
    the second and third are answered 429 first and retried after ``Retry-After``; the counts on the page are
    the final ones when it says "Done"."""
    folder = tmp_path / "calls"
    call_files = _content_lead_folder(folder, 6)
    server = web.serve(rate_limit="1/second", max_files_per_request=4)
    corpus = store.create_corpus(store.workspace("default"), "rate-limited")
    j = Journey("rate-limit", web.open_page(server), httpx.Client(base_url=server.url), auth=False)
    j.watch()
    page = j.page
    page.goto(f"/ui/corpora/{corpus.id}")
    with page.expect_file_chooser() as chooser:
        page.click("#choose-folder")
    chooser.value.set_files(str(folder))
    expect(page.locator("#upload-status")).to_have_text(
        "Done: 6 document(s) added, 0 file(s) with errors.", timeout=60_000
    )
    assert len(j.retried) >= 2, j.retried
    uploads = {tuple(u) for u in j.uploads()}  # a retry sends the same request again
    assert len(uploads) == 3 and all(len(u) == 4 for u in uploads), uploads
    for u in uploads:
        assert {n.split(".")[0] for n in u} == {n.split(".")[0] for n in u if not n.endswith(".meta.json")}
    for name in call_files:
        expect(_result(page, name)).to_have_text(re.compile(r"^added: call; roles known"))
    expect(page.locator('#corpus-stats [data-field="transcripts"]')).to_have_text("6")
    j.finish()


@pytest.mark.slow
def test_confirming_the_roles_found_says_that_no_role_changed(
    web: Web,
) -> None:
    server = web.serve()
    api = httpx.Client(base_url=server.url)
    corpus = api.post("/v1/corpora", json={"name": "export"}).json()["id"]
    files = [("files", (n, t.encode(), m)) for n, t, m in _headerless_calls(3)]
    assert api.post(f"/v1/corpora/{corpus}/files", files=files).json()["added"] == 3
    page = web.open_page(server)
    page.goto(f"/ui/corpora/{corpus}")
    expect(page.locator('#speakers-table tr[data-speaker="Sales Rep"] select')).to_have_value("rep")
    page.click("#roles-form button[type=submit]")
    expect(page.locator("#roles-status")).to_contain_text("Saved")
    # no speaker's role was changed: the message must not say that roles changed in some calls
    assert not re.search(r"roles changed in [1-9]", page.inner_text("#roles-status"))
