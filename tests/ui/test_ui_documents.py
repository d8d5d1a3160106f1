"""Issue #17 in the browser: delete one document from the corpus page; drop a whole folder on the drop zone.

The folder drop is a real one: Chromium's DevTools protocol (``Input.dispatchDragEvent`` with a folder's
path, as the desktop hands a dragged folder to the browser) gives the page a directory entry, which the
uploader walks with ``webkitGetAsEntry`` / ``readEntries`` like one dropped from a file manager. A drop
event built in the page cannot carry directories, so no fake entries are needed.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import expect

from tests.ui.browser import RECORD_UPLOADS_JS, Web
from textops.store import Store
from textops.types import Transcript, Utterance


def _call(call_id: str, prospect: str) -> Transcript:
    return Transcript(
        call_id=call_id,
        utterances=[
            Utterance(speaker="Dana Ruiz", role="rep", text="We cut invoice time by 60%.", index=0),
            Utterance(speaker="Sam Patel", role="prospect", text=prospect, index=1),
        ],
    )


@pytest.mark.slow
def test_delete_one_document_from_the_corpus_page_with_auth_and_csrf(
    store: Store,
    web: Web,
) -> None:
    server = web.serve(auth_enabled=True)
    ws = store.workspace("default")
    _info, secret = store.create_key(ws, "write", "ui-test")
    corpus = store.create_corpus(ws, "q3-calls")
    other = store.create_corpus(ws, "q4-calls")
    ids = store.add_documents(
        ws, corpus.id, [_call("call-1", "Too expensive."), _call("call-2", "We use Globex.")]
    ).document_ids
    store.add_documents(ws, other.id, [_call("call-9", "Not now.")])
    mine = [store.save_report(ws, "objections", {"n": i}, corpus_ids=[corpus.id]) for i in range(2)]
    theirs = store.save_report(ws, "objections", {"n": 9}, corpus_ids=[other.id])

    page = web.open_page(server)
    page.goto(f"/ui/corpora/{corpus.id}")
    page.fill("#api-key", secret)
    page.click("#login-form button[type=submit]")
    page.wait_for_url(re.compile(rf"/ui/corpora/{corpus.id}$"))
    rows = page.locator("#documents tbody tr")
    expect(rows).to_have_count(2)
    expect(page.locator("#corpus-reports")).to_have_text("2")
    page.set_viewport_size({"width": 375, "height": 900})  # the Delete column scrolls inside its card
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.set_viewport_size({"width": 1366, "height": 900})

    asked: list[str] = []

    def answer(dialog: Any) -> None:
        asked.append(dialog.message)
        dialog.dismiss() if len(asked) == 1 else dialog.accept()

    page.on("dialog", answer)
    button = page.locator(f'#documents [data-action="delete-document"][data-document-id="{ids[0]}"]')
    expect(button).to_have_accessible_name("Delete call call-1")
    button.click()  # the first confirm is dismissed: nothing happens
    expect(rows).to_have_count(2)
    button.click()
    expect(page.locator("#documents-status")).to_have_text(
        "Deleted “call-1” and 2 report(s) computed from this corpus."
    )
    assert (
        asked
        == [
            "Delete “call-1” from this corpus? The 2 report(s) computed from this corpus go with it "
            "(they may quote it)."
        ]
        * 2
    )
    # the page is read again: counts, speakers and the report count as they are now
    expect(rows).to_have_count(1)
    expect(page.locator('#corpus-stats [data-field="transcripts"]')).to_have_text("1")
    expect(page.locator("#corpus-reports")).to_have_text("0")
    expect(page.locator('#speakers-table tr[data-speaker="Dana Ruiz"] td').first).to_have_text("1")
    web.shots(page, "deleted")

    # the API agrees: the document and the corpus's reports are gone, the other corpus keeps its own
    api = httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {secret}"})
    assert [d["external_id"] for d in api.get(f"/v1/corpora/{corpus.id}/documents").json()] == ["call-2"]
    assert api.get(f"/v1/documents/{ids[0]}").status_code == 404
    assert [api.get(f"/v1/objections/{rid}").status_code for rid in mine] == [404, 404]
    assert store.get_report(ws, theirs) is not None

    # the next confirm knows the reports are gone; deleting the last document shows the empty corpus
    page.locator('[data-action="delete-document"]').click()
    expect(page.locator("#documents-status")).to_have_text(
        "Deleted “call-2” and 0 report(s) computed from this corpus."
    )
    expect(page.locator("#documents-status + p")).to_have_text("No documents yet.")
    assert asked[-1].endswith("No report has been computed from this corpus yet.")
    page.reload()  # the message was for one load only
    expect(page.locator("#documents-status")).to_be_empty()
    assert page.outside == [] and page.errors == []


def _folder(root: Path) -> tuple[Path, int]:
    """A folder as people keep calls: subfolders, sidecars beside their calls, junk, hidden files.

    120 calls in one subfolder (Chromium reads a folder's entries at most 100 at a time).
    """
    top = root / "q3 calls"
    many = top / "week-1"
    many.mkdir(parents=True)
    for i in range(120):
        (many / f"call-{i:03d}.txt").write_text(
            f"Sales Rep: Thanks for joining, this is call {i}.\nCustomer: Honestly the price is too high.\n"
        )
    meta = top / "week-2"
    meta.mkdir()
    (meta / "call-200.txt").write_text("Dana Ruiz: Hello.\nSam Patel: We already use Globex.\n")
    (meta / "call-200.meta.json").write_text(
        json.dumps(
            {
                "call_id": "call-200",
                "outcome": "won",
                "segment": "smb",
                "participants": [{"name": "Dana Ruiz", "role": "rep"}, {"name": "Sam Patel"}],
            }
        )
    )
    (top / "landing.md").write_text("# Payday, sorted\n\nPayroll in under ten minutes.\n")
    (top / "notes.pdf").write_bytes(b"%PDF-1.4 not a transcript")
    (top / ".DS_Store").write_bytes(b"\x00\x01")
    hidden = top / ".git"
    hidden.mkdir()
    (hidden / "HEAD.txt").write_text("ref: refs/heads/main\n")
    return top, 120 + 1 + 1


@pytest.mark.slow
def test_a_folder_dropped_on_the_zone_is_walked_and_batched(
    store: Store,
    tmp_path: Path,
    web: Web,
) -> None:
    server = web.serve(max_files_per_request=25, rate_limit="600/minute;20/second")
    ws = store.workspace("default")
    corpus = store.create_corpus(ws, "dropped")
    folder, documents = _folder(tmp_path)

    page = web.open_page(server)
    page.add_init_script(RECORD_UPLOADS_JS)
    page.goto(f"/ui/corpora/{corpus.id}")
    box = page.locator("#dropzone").bounding_box()
    assert box is not None
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    cdp = page.context.new_cdp_session(page)
    data = {"items": [], "files": [str(folder)], "dragOperationsMask": 1}
    for kind in ("dragEnter", "dragOver", "drop"):
        cdp.send("Input.dispatchDragEvent", {"type": kind, "x": x, "y": y, "data": data})
    expect(page.locator("#upload-status")).to_have_text(re.compile("^Done"), timeout=120_000)

    status = page.inner_text("#upload-status")
    assert status.startswith(f"Done: {documents} document(s) added, 0 file(s) with errors")
    assert "1 file(s) of other kinds skipped" in status
    results = page.locator("#file-list tbody tr")
    names = results.evaluate_all("(rows) => rows.map((r) => r.dataset.file)")
    # every call of the 120-file subfolder (past Chromium's 100 entries per read), the sidecar with its call,
    # the copy and the skipped PDF; hidden files and folders are left out
    assert len(names) == 120 + 2 + 1 + 1
    assert {"call-000.txt", "call-119.txt", "call-200.meta.json", "landing.md", "notes.pdf"} <= set(names)
    assert not {".DS_Store", "HEAD.txt"} & set(names)
    expect(page.locator('#file-list tr[data-file="notes.pdf"] td.result')).to_contain_text("skipped")
    expect(page.locator('#file-list tr[data-file="landing.md"] td.result')).to_have_text("added: copy")
    expect(page.locator('#file-list tr[data-file="call-200.meta.json"] td.result')).to_have_text(
        "metadata of call-200.txt"
    )
    # batches within the server's 25 files per request, the sidecar in the same request as its call
    uploads: list[list[str]] = page.evaluate("window.__uploads")
    assert max(len(u) for u in uploads) <= 25 and sum(len(u) for u in uploads) == documents + 1
    assert any({"call-200.txt", "call-200.meta.json"} <= set(u) for u in uploads)
    expect(page.locator('#corpus-stats [data-field="transcripts"]')).to_have_text(str(documents - 1))
    web.shots(page, "folder-drop")

    info = store.get_corpus(ws, corpus.id)
    assert (info.transcripts, info.copy_documents) == (documents - 1, 1)
    (with_meta,) = [d for d in store.list_documents(ws, corpus.id, limit=1000) if d.external_id == "call-200"]
    assert (with_meta.outcome, with_meta.segment) == ("won", "smb")  # the sidecar was read with its call
    assert page.outside == []
    assert all("status of 429" in e for e in page.errors), page.errors  # retried, not failed
