"""Human words instead of codes, the job page and the jobs list (in-process, no browser)."""

from __future__ import annotations

import html as html_lib
import re

from fastapi.testclient import TestClient

from api.ui._words import WORDS, words
from textops.store import Store


def _text(page: str) -> str:
    page = re.sub(r"<script.*?</script>", " ", page, flags=re.S)
    return html_lib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def test_one_mapping_words_for_every_code_and_never_an_underscore() -> None:
    assert words("below_planned_sample", "health") == "below the planned sample"
    assert words("inconclusive", "verdict") == "no clear difference yet"
    assert words("no_traffic", "reason") == "no visitors yet"
    assert words("done", "job_status") == "finished"
    assert words("failed", "job_status") == "failed"
    assert words("some_new_code") == "some new code"
    assert words(None) == ""
    for table in WORDS.values():
        assert all("_" not in w for w in table.values())


def test_a_finished_job_page_goes_to_its_report(ui: TestClient, store: Store) -> None:
    ws = store.workspace("default")
    calls = ui.post("/v1/corpora", json={"name": "q3-calls"}).json()["id"]
    job = store.create_job(ws, "objections", {"request": {"corpus_ids": [calls]}})
    store.update_job(job.id, status="done", done=100, total=100, message="done", report_id="r-123")
    r = ui.get(f"/ui/jobs/{job.id}", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/ui/objections/r-123"


def test_job_states_in_words_never_twice(ui: TestClient, store: Store) -> None:
    ws = store.workspace("default")
    calls = ui.post("/v1/corpora", json={"name": "q3-calls"}).json()["id"]
    copy = ui.post("/v1/corpora", json={"name": "spring-copy"}).json()["id"]
    running = store.create_job(
        ws, "alignment", {"request": {"copy_corpus_ids": [copy], "call_corpus_ids": [calls]}}
    )
    store.update_job(running.id, status="running", done=40, total=100, message="embedding")
    failed = store.create_job(ws, "objections", {"request": {"corpus_ids": [calls]}})
    store.update_job(failed.id, status="failed", message="failed", error="no calls to analyse")
    page = _text(ui.get(f"/ui/jobs/{failed.id}").text)
    assert "State: failed" in page and "failed failed" not in page and "failed — failed" not in page
    assert "Corpus: q3-calls" in page
    page = _text(ui.get(f"/ui/jobs/{running.id}").text)
    assert "State: running — embedding" in page and "Corpus: spring-copy, q3-calls" in page
    listing = ui.get("/ui/jobs").text
    row = re.search(rf'<tr data-job-id="{running.id}">(.*?)</tr>', listing, re.S)
    assert row and "spring-copy, q3-calls" in row.group(1) and "Messaging alignment" in row.group(1)
    failed_row = re.search(rf'<tr data-job-id="{failed.id}">(.*?)</tr>', listing, re.S)
    assert failed_row and _text(failed_row.group(1)).count("failed") == 1  # the state once, then the error
    assert '<th scope="col">Corpus</th>' in listing
    assert 'id="ui-words"' in listing  # the script's copy of the same words


def test_a_deleted_corpus_and_inline_input_are_said_as_such(ui: TestClient, store: Store) -> None:
    ws = store.workspace("default")
    inline = store.create_job(ws, "objections", {"request": {"calls": []}})
    gone = store.create_job(ws, "objections", {"request": {"corpus_ids": [4242]}})
    listing = ui.get("/ui/jobs").text
    assert re.search(rf'<tr data-job-id="{inline.id}">.*?inline input', listing, re.S)
    assert re.search(rf'<tr data-job-id="{gone.id}">.*?corpus #4242 \(deleted\)', listing, re.S)
