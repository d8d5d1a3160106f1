from __future__ import annotations

from tests.support import DEMO
from textops.ingest import load_pillars, read_paths
from textops.types import Transcript


def test_demo_corpus_reads_without_errors() -> None:
    report = read_paths([DEMO / "calls", DEMO / "copy"])
    assert report.errors == []
    assert len(report.transcripts) >= 60
    assert all(isinstance(t, Transcript) and t.utterances for t in report.transcripts)
    assert len({t.call_id for t in report.transcripts}) == len(report.transcripts)
    # every demo call says who the rep is (header, sidecar or participants), so no role is left unknown
    assert all(u.role != "unknown" for t in report.transcripts for u in t.utterances)
    assert report.copy_documents


def test_demo_messaging_framework_loads() -> None:
    framework = load_pillars(DEMO / "messaging.json")
    assert framework.pillars
    assert all(p.name for p in framework.pillars)
