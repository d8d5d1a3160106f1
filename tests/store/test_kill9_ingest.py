"""SIGKILL during ``textops ingest``: the database holds whole files or none of them; a re-run completes.

Each file is stored in one transaction (a document with all its utterances; a multi-call JSON file with all
its calls). The test runs the real CLI in a subprocess on a generated corpus that takes several seconds,
kills it with SIGKILL once the first 40 documents are visible, then checks the database from outside and
resumes the ingest. On SQLite and on PostgreSQL.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import SQLAlchemyError

from tests.support import ROOT
from textops.corpus import ingest_paths
from textops.ingest import read_file
from textops.store import Store, content_hash

FILES = 300
TURNS = 24
MULTI_EVERY = 10  # every 10th file is a JSON export with 3 calls: all 3 or none may be stored


def _turn(i: int, j: int) -> tuple[str, str]:
    speaker = "Dana Ruiz" if j % 2 == 0 else "Sam Patel"
    return speaker, f"Turn {j} of call {i}: we process about {100 + i * 7 + j} invoices a week, by hand."


def _write_corpus(folder: Path) -> None:
    folder.mkdir()
    for i in range(FILES):
        if i % MULTI_EVERY == 0:
            calls = [
                {
                    "call_id": f"multi-{i}-{k}",
                    "utterances": [
                        {"speaker": s, "text": f"{t} (part {k})"}
                        for s, t in (_turn(i, j) for j in range(TURNS))
                    ],
                }
                for k in range(3)
            ]
            (folder / f"f-{i:04d}.json").write_text(json.dumps(calls), encoding="utf-8")
            continue
        lines = [f"# call_id: gen-{i:04d}", "# rep: Dana Ruiz"]
        for j in range(TURNS):
            speaker, text = _turn(i, j)
            lines.append(f"[00:{j // 60:02d}:{j % 60:02d}] {speaker}: {text}")
        (folder / f"f-{i:04d}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _count_documents(url: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(text("SELECT count(*) FROM documents")).scalar_one())
    except SQLAlchemyError:  # the schema is not there yet, or the writer holds a lock
        return 0
    finally:
        engine.dispose()


def _check_consistent(url: str, expected: dict[Path, dict[str, int]]) -> set[str]:
    """Every stored document is whole; every file is all-or-nothing; no orphans or duplicates."""
    engine = create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT d.id, d.content_hash, d.n_units,"
                " (SELECT count(*) FROM utterances u WHERE u.document_id = d.id) FROM documents d"
            )
        ).all()
        orphans = conn.execute(
            text("SELECT count(*) FROM utterances WHERE document_id NOT IN (SELECT id FROM documents)")
        ).scalar_one()
        out_of_range = conn.execute(
            text(
                "SELECT count(*) FROM utterances u"
                " WHERE u.idx >= (SELECT n_units FROM documents d WHERE d.id = u.document_id)"
            )
        ).scalar_one()
    engine.dispose()
    assert orphans == 0 and out_of_range == 0
    turns_by_hash = {h: n for per_file in expected.values() for h, n in per_file.items()}
    stored = [h for _, h, _, _ in rows]
    assert len(stored) == len(set(stored)), "a document was stored twice"
    for _, digest, n_units, n_utterances in rows:
        assert digest in turns_by_hash, "a stored document matches no source file"
        assert n_units == n_utterances == turns_by_hash[digest], "a document without all its utterances"
    present = set(stored)
    for path, per_file in expected.items():
        got = present & set(per_file)
        assert not got or got == set(per_file), f"{path.name}: part of a file was stored"
    return present


@pytest.mark.slow
def test_sigkill_mid_ingest_leaves_whole_files_and_a_rerun_completes(
    tmp_path: Path, database_url: str
) -> None:
    calls = tmp_path / "calls"
    _write_corpus(calls)
    expected = {
        p: {content_hash(d): len(d.utterances) for d in read_file(p)} for p in sorted(calls.iterdir())
    }
    total = sum(len(v) for v in expected.values())
    url = database_url
    env = {
        **os.environ,
        "TEXTOPS_DATABASE_URL": url,
        "TEXTOPS_DATA_DIR": str(tmp_path),
        "HF_HUB_OFFLINE": "1",
    }
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from textops.cli import main; main()",
            "ingest",
            str(calls),
            "--corpus",
            "k9",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 120
        while _count_documents(url) < 40 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
        with contextlib.suppress(ProcessLookupError):  # it may have ended already: checked below
            os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    if (
        proc.returncode != -signal.SIGKILL
    ):  # it finished (or failed) before the kill: say why, then still check
        err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
        assert proc.returncode == 0, err
    if proc.stderr:
        proc.stderr.close()

    present = _check_consistent(url, expected)
    assert present, "the kill came before any document was stored"
    if proc.returncode == -signal.SIGKILL:
        assert len(present) < total, "the ingest finished before the kill"
    print(f"killed: {proc.returncode == -signal.SIGKILL}; stored {len(present)} of {total} documents")

    # resume: the same ingest adds exactly what is missing
    store = Store(url)
    summary = ingest_paths(store, store.workspace(), "k9", [calls])
    assert summary.errors == 0
    assert (summary.added, summary.duplicates) == (total - len(present), len(present))
    assert _check_consistent(url, expected) == {h for v in expected.values() for h in v}
    info = store.get_corpus(store.workspace(), "k9")
    assert info.transcripts == total and info.utterances == total * TURNS
    again = ingest_paths(store, store.workspace(), "k9", [calls])
    assert (again.added, again.duplicates) == (0, total)
