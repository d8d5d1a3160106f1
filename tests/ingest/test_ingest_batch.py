from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from textops.corpus import ingest_paths
from textops.errors import NotFoundError
from textops.ingest import SUPPORTED_EXTENSIONS, FileTooLargeError, find_files, read_paths
from textops.settings import override_settings
from textops.store import Store
from textops.types import CopyDocument, Transcript


def _corpus(tmp_path: Path, fixtures: Path) -> Path:
    root = tmp_path / "corpus"
    (root / "calls" / "2026").mkdir(parents=True)
    (root / "copy").mkdir()
    (root / ".cache").mkdir()
    shutil.copy(fixtures / "discovery-northwind.txt", root / "calls" / "b-discovery.txt")
    shutil.copy(fixtures / "sales-demo.vtt", root / "calls" / "a-demo.vtt")
    shutil.copy(fixtures / "sales-demo.meta.json", root / "calls" / "a-demo.meta.json")
    shutil.copy(fixtures / "bad" / "malformed.json", root / "calls" / "c-broken.json")
    shutil.copy(fixtures / "calls-list.json", root / "calls" / "2026" / "d-list.json")
    shutil.copy(fixtures / "landing-page.md", root / "copy" / "landing.md")
    shutil.copy(fixtures / "ads.csv", root / "copy" / "ads.csv")
    (root / "copy" / "logo.png").write_bytes(b"\x89PNG\r\n")
    (root / "copy" / "notes.docx").write_bytes(b"PK\x03\x04")
    (root / "calls" / ".hidden.txt").write_text("Alex: secret\n", encoding="utf-8")
    (root / ".cache" / "x.txt").write_text("Alex: cached\n", encoding="utf-8")
    return root


def test_read_paths_continues_after_a_bad_file(tmp_path: Path, fixtures: Path) -> None:
    root = _corpus(tmp_path, fixtures)
    report = read_paths([root])
    assert report.files_read == 6
    assert len(report.errors) == 1
    [err] = report.errors
    assert err.file == str(root / "calls" / "c-broken.json")
    assert err.line == 5
    assert "malformed JSON" in err.reason
    # every other file was read, in sorted order, folder by folder
    ids = [
        (p.relative_to(root).as_posix(), d.call_id if isinstance(d, Transcript) else d.doc_id)
        for p, d in report.documents
    ]
    assert ids == [
        ("calls/a-demo.vtt", "demo-044"),
        ("calls/b-discovery.txt", "demo-017"),
        ("calls/2026/d-list.json", "demo-101"),
        ("calls/2026/d-list.json", "102"),
        ("copy/ads.csv", "ads-a1"),
        ("copy/ads.csv", "ads-2"),
        ("copy/ads.csv", "ads-a3"),
        ("copy/landing.md", "landing"),
    ]
    assert len(report.transcripts) == 4
    assert all(isinstance(d, Transcript) for d in report.transcripts)
    assert len(report.copy_documents) == 4
    assert all(isinstance(d, CopyDocument) for d in report.copy_documents)
    # unsupported files in folders are skipped but counted; hidden files and sidecars are not read
    assert report.files_skipped == 2
    assert find_files([root]).skipped_files == [root / "copy" / "logo.png", root / "copy" / "notes.docx"]
    assert not any("secret" in d.utterances[0].text for d in report.transcripts)
    # the sidecar was applied to its transcript
    assert report.transcripts[0].title == "Demo — Harbor Freight Co"


def test_read_paths_not_recursive(tmp_path: Path, fixtures: Path) -> None:
    root = _corpus(tmp_path, fixtures)
    report = read_paths([root / "calls"], recursive=False)
    assert [p.name for p, _ in report.documents] == ["a-demo.vtt", "b-discovery.txt"]
    assert report.files_read == 3
    assert len(report.errors) == 1


def test_read_paths_reports_named_files_that_cannot_be_read(tmp_path: Path, fixtures: Path) -> None:
    root = _corpus(tmp_path, fixtures)
    named = [
        root / "copy" / "notes.docx",
        root / "missing.txt",
        root / "calls" / "a-demo.meta.json",  # a sidecar is read with its transcript, not on its own
        root / "calls" / "a-demo.vtt",
        root / "calls" / "a-demo.vtt",  # the same file twice is read once
    ]
    report = read_paths(named)
    assert [(e.file, e.reason) for e in report.errors] == [
        (str(root / "copy" / "notes.docx"), "unsupported file type '.docx'"),
        (str(root / "missing.txt"), "no such file or folder"),
    ]
    assert all(e.hint for e in report.errors)
    assert report.files_read == 1
    assert [p.name for p, _ in report.documents] == ["a-demo.vtt"]


def test_read_paths_collects_size_errors_and_reports_progress(tmp_path: Path, fixtures: Path) -> None:
    root = _corpus(tmp_path, fixtures)
    seen: list[tuple[int, int, str]] = []
    limit = (root / "copy" / "landing.md").stat().st_size - 1
    assert (root / "copy" / "ads.csv").stat().st_size <= limit
    with override_settings(max_file_bytes=limit):
        report = read_paths(
            [root / "copy"], on_progress=lambda done, total, path: seen.append((done, total, path.name))
        )
    assert seen == [(1, 2, "ads.csv"), (2, 2, "landing.md")]
    assert report.files_read == 2
    [err] = report.errors
    assert isinstance(err, FileTooLargeError)
    assert err.file == str(root / "copy" / "landing.md")
    assert f"over the limit of {limit:,} bytes" in err.reason
    assert [p.name for p, _ in report.documents] == ["ads.csv"] * 3


def test_supported_extensions() -> None:
    assert {
        ".vtt",
        ".srt",
        ".json",
        ".txt",
        ".md",
        ".markdown",
        ".html",
        ".htm",
        ".csv",
    } == SUPPORTED_EXTENSIONS


def test_ingest_paths_walks_folders_as_read_paths_does(store: Store, tmp_path: Path, fixtures: Path) -> None:
    """Storing a folder reads the files read_paths reads: no hidden files, sidecars or other types."""
    root = _corpus(tmp_path, fixtures)
    named = [root, root / "missing.txt", root / "calls" / "a-demo.meta.json"]
    report = read_paths(named)
    summary = ingest_paths(store, store.workspace(), "walked", named)
    read = list(dict.fromkeys(str(p) for p, _ in report.documents))
    stored = [f.file for f in summary.files if f.status not in ("error", "skipped")]
    assert stored == read
    skipped = [(f.file, f.error) for f in summary.files if f.status == "skipped"]
    assert skipped == [
        (str(root / "copy" / "logo.png"), "unsupported file type '.png'"),
        (str(root / "copy" / "notes.docx"), "unsupported file type '.docx'"),
    ]
    assert summary.errors == 2 and not summary.corpus_removed
    assert len(stored) == 5 and not any(".hidden" in f or ".cache" in f or ".meta." in f for f in stored)
    errors = {(f.file, f.error) for f in summary.files if f.status == "error"}
    assert errors == {(e.file, e.reason) for e in report.errors}
    assert (str(root / "missing.txt"), "no such file or folder") in errors
    calls = store.load_transcripts(store.workspace(), ["walked"])
    assert len(calls) == len(report.transcripts) and not any(
        "secret" in u.text for t in calls for u in t.utterances
    )


def test_ingest_paths_does_not_keep_a_corpus_it_created_and_stored_nothing_in(
    store: Store, tmp_path: Path, fixtures: Path
) -> None:
    ws = store.workspace()
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.docx").write_bytes(b"PK\x03\x04")
    only_other_types = ingest_paths(store, ws, "new", [tmp_path / "docs"])
    assert only_other_types.corpus_removed
    assert [(f.status, f.error) for f in only_other_types.files] == [
        ("skipped", "unsupported file type '.docx'")
    ]
    bad = fixtures / "bad" / "empty.txt"
    all_failed = ingest_paths(store, ws, "new", [bad])
    assert all_failed.corpus_removed and all_failed.errors == 1
    with pytest.raises(NotFoundError):
        store.get_corpus(ws, "new")
    assert store.list_corpora(ws) == []
    # a corpus that existed before is kept, even empty
    store.create_corpus(ws, "kept")
    kept = ingest_paths(store, ws, "kept", [bad])
    assert not kept.corpus_removed and store.get_corpus(ws, "kept").id == kept.corpus.id
    good = ingest_paths(store, ws, "new", [bad, fixtures / "sales-demo.vtt"])
    assert not good.corpus_removed and good.added == 1 and store.get_corpus(ws, "new").transcripts == 1


def _call(rep_line: str) -> str:
    return f"Sales Rep: {rep_line}\nCustomer: Sounds good, what does it cost?\n"


def test_calls_named_after_one_file_name_get_distinct_ids_and_a_second_ingest_adds_nothing(
    store: Store, tmp_path: Path
) -> None:
    """`call.txt` + `call.vtt` in one folder, `transcript.txt` in three folders (as exports name them): every
    call keeps an id of its own, the renames are reported, and ingesting the folder again stores nothing."""
    ws, root = store.workspace(), tmp_path / "calls"
    for folder in ("a", "b", "c"):
        (root / folder).mkdir(parents=True)
        text = _call(f"Hi, this is the {folder} call.")
        (root / folder / "transcript.txt").write_text(text, encoding="utf-8")
    (root / "call.txt").write_text(_call("Thanks for joining."), encoding="utf-8")
    vtt = "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Sales Rep>Good morning.\n\n"
    (root / "call.vtt").write_text(vtt + "00:00:04.000 --> 00:00:06.000\n<v Customer>Hi.\n", encoding="utf-8")
    first = ingest_paths(store, ws, "calls", [root])
    assert (first.added, first.errors) == (5, 0)
    ids = sorted(t.call_id for t in store.load_transcripts(ws, ["calls"]))
    assert ids == ["c/transcript", "call", "call.vtt", "transcript", "transcript.txt"]
    renamed = {Path(f.file).relative_to(root).as_posix(): f.renamed for f in first.files if f.renamed}
    assert renamed == {
        "b/transcript.txt": {"transcript": "transcript.txt"},
        "c/transcript.txt": {"transcript": "c/transcript"},
        "call.vtt": {"call": "call.vtt"},
    }
    again = ingest_paths(store, ws, "calls", [root])
    assert (again.added, again.duplicates, again.errors) == (0, 5, 0)
    assert not any(f.renamed for f in again.files)


def test_a_call_id_the_file_states_is_never_changed_another_call_with_it_is_refused(
    store: Store, tmp_path: Path
) -> None:
    ws = store.workspace()
    for name, line in (("one.txt", "First call."), ("two.txt", "Second call.")):
        (tmp_path / name).write_text(f"# call_id: q3-007\n{_call(line)}", encoding="utf-8")
    summary = ingest_paths(store, ws, "stated", [tmp_path / "one.txt", tmp_path / "two.txt"])
    assert (summary.added, summary.errors) == (1, 1)
    [refused] = [f for f in summary.files if f.status == "error"]
    assert refused.file.endswith("two.txt") and "'q3-007' is already another call's" in (refused.error or "")
    assert refused.hint and "call_id" in refused.hint
    assert [t.call_id for t in store.load_transcripts(ws, ["stated"])] == ["q3-007"]


def test_a_call_stored_under_a_later_id_keeps_it_when_an_earlier_one_is_free_again(
    store: Store, tmp_path: Path
) -> None:
    ws = store.workspace()
    (tmp_path / "call.txt").write_text(_call("Thanks for joining."), encoding="utf-8")
    cues = "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Sales Rep>Good morning.\n\n"
    cues += "00:00:04.000 --> 00:00:06.000\n<v Customer>Hi.\n"
    (tmp_path / "call.vtt").write_text(cues, encoding="utf-8")
    ingest_paths(store, ws, "freed", [tmp_path])
    [first] = [d for d in store.list_documents(ws, "freed") if d.external_id == "call"]
    store.delete_document(ws, first.id)
    again = ingest_paths(store, ws, "freed", [tmp_path / "call.vtt"])
    assert (again.added, again.duplicates) == (0, 1)
    assert [t.call_id for t in store.load_transcripts(ws, ["freed"])] == ["call.vtt"]


def test_folder_names_in_call_ids_are_redacted(store: Store, tmp_path: Path) -> None:
    """The third `transcript.txt` takes `<folder>/transcript`: a folder named by an email is redacted."""
    ws = store.workspace()
    for folder in ("a", "b", "jane.doe@client.com"):
        (tmp_path / folder).mkdir()
        text = _call(f"Hello from {folder[:3]}.")
        (tmp_path / folder / "transcript.txt").write_text(text, encoding="utf-8")
    ingest_paths(store, ws, "private", [tmp_path], redact=True)
    ids = sorted(t.call_id for t in store.load_transcripts(ws, ["private"]))
    assert ids == ["[EMAIL]/transcript", "transcript", "transcript.txt"]


def test_numbered_ids_are_found_again_on_a_second_ingest(store: Store, tmp_path: Path) -> None:
    """Five `a/100%_notes.txt` in five exports: the last takes a numbered id, found again by its prefix."""
    ws = store.workspace()
    for export in "pqrst":
        folder = tmp_path / export / "a"
        folder.mkdir(parents=True)
        (folder / "100%_notes.txt").write_text(_call(f"Export {export}."), encoding="utf-8")
    first = ingest_paths(store, ws, "numbered", [tmp_path])
    ids = sorted(t.call_id for t in store.load_transcripts(ws, ["numbered"]))
    assert ids == ["100%_notes", "100%_notes-2", "100%_notes.txt", "a/100%_notes", "a/100%_notes.txt"]
    assert first.added == 5
    again = ingest_paths(store, ws, "numbered", [tmp_path])
    assert (again.added, again.duplicates, again.errors) == (0, 5, 0)
