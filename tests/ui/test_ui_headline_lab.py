"""The Headline lab in headless Chromium: the tone choices, and why fewer variants came back than asked."""

from __future__ import annotations

import httpx
import pytest
from playwright.sync_api import expect

from tests.ui.browser import Web
from textops.store import Store


@pytest.mark.model
def test_lab_explains_a_short_answer_and_casing_notes(
    store: Store,
    web: Web,
) -> None:
    server = web.serve(real_models=True)
    page = web.open_page(server)
    page.goto(f"{server.url}/ui/headlines")
    assert page.locator("#h-tone option").all_inner_texts() == ["any", "plain", "urgent", "playful", "formal"]
    page.fill("#h-headline", "This dad built a treehouse for his daughter. What happened next is amazing.")
    page.fill("#h-n", "40")
    page.fill("#h-banned", "amazing")
    page.click("#headline-form button[type=submit]")
    expect(page.locator("#variants-section")).to_be_visible(timeout=60_000)
    expect(page.locator("#exp-summary")).to_contain_text("Fewer than asked")
    details = page.locator("#exp-details")
    expect(details).to_be_visible()
    expect(page.locator("#exp-strategies")).to_contain_text("audience call-out: no audience named")
    notes = page.locator("#exp-notes")
    expect(notes).to_contain_text("Banned term “amazing”: rewritten out")
    expect(notes).to_contain_text("Styling note (not a test arm)")
    # casing-only restyles are never test arms
    for text in page.locator("#variants tbody td.headline-text").all_inner_texts()[1:]:
        assert text.lower() != "this dad built a treehouse for his daughter. what happened next is amazing."
    web.shots(page, "headline-lab-explanation")
    # five asked, five given: no "why not more" block (a product headline: the story gets only three)
    page.fill("#h-headline", "Introducing Acme Cloud: faster builds for every team")
    page.fill("#h-banned", "")
    page.fill("#h-n", "5")
    page.click("#headline-form button[type=submit]")
    expect(page.locator("#exp-summary")).to_contain_text("as asked", timeout=60_000)
    expect(details).to_be_hidden()


@pytest.mark.model
def test_lab_uses_the_words_of_a_corpus(
    store: Store,
    web: Web,
) -> None:
    from textops.types import Transcript, Utterance

    ws = store.workspace()
    corpus = store.create_corpus(ws, "ap calls")
    call = Transcript(
        call_id="c1",
        utterances=[
            Utterance(speaker="Prospect", role="prospect", text="We keep chasing invoices by email.")
        ],
    )
    store.add_documents(ws, corpus.id, [call])
    report = {
        "objections": [],
        "pain_points": {"items": [{"text": "We keep chasing invoices by email.", "call_id": "c1"}]},
    }
    store.save_report(ws, "objections", report, corpus_ids=[corpus.id])
    server = web.serve(real_models=True)
    page = web.open_page(server)
    page.goto(f"{server.url}/ui/headlines")
    page.fill("#h-headline", "Automate your invoice reminders")
    page.fill("#h-n", "30")
    page.select_option("#h-voice", label="ap calls")
    page.click("#headline-form button[type=submit]")
    expect(page.locator("#variants-section")).to_be_visible(timeout=60_000)
    expect(page.locator("#exp-notes")).to_contain_text("voice of the customer")
    quotes = page.locator(".source-quote").all_inner_texts()
    assert quotes, "no variant on the page cites the calls"
    assert all(q.strip() == "from the calls: “We keep chasing invoices by email.”" for q in quotes), quotes
    # the page shows the variants the API gives for the same request, citing the same quote
    api = httpx.Client(base_url=server.url, timeout=120)
    body = api.post(
        "/v1/headlines/variants",
        json={"headline": "Automate your invoice reminders", "n": 30, "voice_corpus": str(corpus.id)},
    ).json()
    cited = [v["text"] for v in body["variants"] if v["sources"]]
    # a cell holds the variant's text, then its quotes on lines of their own
    shown = [
        t.strip().splitlines()[0] for t in page.locator("#variants tbody td.headline-text").all_inner_texts()
    ]
    assert cited and set(cited) <= set(shown), (cited, shown)
