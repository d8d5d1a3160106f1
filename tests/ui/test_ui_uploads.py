"""Bad uploads through the browser: a specific error next to each bad file, nothing of it saved."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import expect

from tests.support import DEMO
from tests.ui.browser import Web

DEMO_CALL = DEMO / "calls" / "demo-001.txt"


@pytest.mark.slow
def test_bad_files_get_a_specific_error_next_to_them_and_nothing_half_saved(
    web: Web,
    tmp_path: Path,
) -> None:
    server = web.serve()
    api = httpx.Client(base_url=server.url)
    corpus = api.post("/v1/corpora", json={"name": "uploads"}).json()
    binary = tmp_path / "slides.vtt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    big = tmp_path / "huge-call.txt"
    with big.open("wb") as f:  # 50 MB: under the 50 MiB request limit, over the 10 MiB file limit
        line = b"Rep: we cut invoice processing time by sixty percent for teams like yours.\n"
        f.write(line * (50_000_000 // len(line)))
    good = tmp_path / DEMO_CALL.name
    good.write_bytes(DEMO_CALL.read_bytes())

    page = web.open_page(server)
    page.goto(f"/ui/corpora/{corpus['id']}")
    with page.expect_file_chooser() as chooser:  # the drop zone opens the file chooser from the keyboard
        page.focus("#dropzone")
        page.keyboard.press("Enter")
    chooser.value.set_files([str(binary), str(empty), str(big), str(good)])
    expect(page.locator("#upload-status")).to_have_text(re.compile("^Done"), timeout=120_000)

    def result(name: str) -> str:
        cell = page.locator(f'#file-list tr[data-file="{name}"] td.result')
        text: str = cell.inner_text()
        assert cell.is_visible()
        return text

    assert "binary file" in result("slides.vtt")
    assert "file is empty" in result("empty.txt")
    assert "over the limit" in result("huge-call.txt") and "TEXTOPS_MAX_FILE_BYTES" in result("huge-call.txt")
    assert result(good.name).startswith("added: call")  # what it was read as
    for name in ("slides.vtt", "empty.txt", "huge-call.txt"):
        assert page.locator(f'#file-list tr[data-file="{name}"]').get_attribute("class") == "file-error"
    assert "1 document(s) added, 3 file(s) with errors" in page.inner_text("#upload-status")
    # the counts on the page were refreshed from the API
    assert page.inner_text('#corpus-stats [data-field="transcripts"]') == "1"
    web.shots(page, "bad-files")

    # nothing of the bad files was stored: only the good call is in the corpus
    docs = api.get(f"/v1/corpora/{corpus['id']}/documents").json()
    assert [d["source"] for d in docs] == [good.name]
    info = api.get(f"/v1/corpora/{corpus['id']}").json()
    assert info["transcripts"] == 1 and info["copy_documents"] == 0
    # drag and drop: a copy file dropped on the zone is uploaded like a chosen one
    landing = (DEMO_CALL.parents[1] / "copy" / "landing.md").read_text()
    transfer = page.evaluate_handle(
        "([text]) => { const dt = new DataTransfer();"
        " dt.items.add(new File([text], 'landing.md', {type: 'text/markdown'})); return dt; }",
        [landing],
    )
    page.dispatch_event("#dropzone", "drop", {"dataTransfer": transfer})
    expect(page.locator('#file-list tr[data-file="landing.md"] td.result')).to_have_text(
        re.compile("^added: copy")
    )
    expect(page.locator('#corpus-stats [data-field="copy_documents"]')).to_have_text("1")
    assert page.outside == [] and page.errors == []


@pytest.mark.slow
def test_two_files_of_one_name_are_two_calls_each_with_its_own_result(web: Web) -> None:
    """`transcript.txt` from two meeting folders, dropped at once: both stored, the second under another id,
    and each row shows its own file's result."""
    server = web.serve()
    api = httpx.Client(base_url=server.url)
    corpus = api.post("/v1/corpora", json={"name": "same-names"}).json()
    page = web.open_page(server)
    page.goto(f"/ui/corpora/{corpus['id']}")
    transfer = page.evaluate_handle(
        "() => { const dt = new DataTransfer();"
        " dt.items.add(new File(['Sales Rep: Hi, Monday call.\\nCustomer: Hello.\\n'], 'transcript.txt'));"
        " dt.items.add(new File(['Sales Rep: Hi, Friday call.\\nCustomer: Hey.\\n'], 'transcript.txt'));"
        " return dt; }"
    )
    page.dispatch_event("#dropzone", "drop", {"dataTransfer": transfer})
    expect(page.locator("#upload-status")).to_have_text(re.compile("^Done"), timeout=60_000)
    rows = page.locator('#file-list tr[data-file="transcript.txt"] td.result')
    expect(rows).to_have_count(2)
    texts = [rows.nth(i).inner_text() for i in range(2)]
    assert all(t.startswith("added: call") for t in texts), texts
    assert 'stored as call "transcript.txt"' in texts[1] and "stored as" not in texts[0]
    ids = sorted(d["external_id"] for d in api.get(f"/v1/corpora/{corpus['id']}/documents").json())
    assert ids == ["transcript", "transcript.txt"]
    assert page.outside == [] and page.errors == []
