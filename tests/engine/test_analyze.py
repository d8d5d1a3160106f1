"""One analysis of a corpus (alignment + objections from one pass) and the local engine (fake embedder)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from tests.support import DEMO
from textops.alignment import AlignmentConfig, align
from textops.corpus import load_demo
from textops.embeddings import CachedEmbedder, HashingEmbedder
from textops.engine import AnalysisConfig, LocalEngine, Task, analyze, analyze_corpus
from textops.errors import InvalidInputError
from textops.ingest import load_pillars, read_paths
from textops.objections import ObjectionConfig, mine_objections
from textops.store import Store
from textops.types import CopyDocument, Transcript

SELLER = AlignmentConfig(own_names=frozenset({"brightlane"}))


@pytest.fixture(scope="module")
def demo() -> tuple[list[CopyDocument], list[Transcript]]:
    copy = [d for _, d in read_paths([DEMO / "copy"], kind="copy").documents if isinstance(d, CopyDocument)]
    return copy, list(read_paths([DEMO / "calls"], kind="transcript").transcripts)


@pytest.fixture(scope="module")
def fake() -> HashingEmbedder:
    return HashingEmbedder(64)


def test_analyze_gives_the_reports_of_the_separate_pipelines(
    demo: tuple[list[CopyDocument], list[Transcript]], fake: HashingEmbedder
) -> None:
    copy, calls = demo
    framework = load_pillars(DEMO / "messaging.json")
    config = AnalysisConfig(framework=framework, alignment=SELLER, slice_units=40, slice_calls=9)
    result = analyze(copy, calls, config=config, embedder=fake, engine=LocalEngine(2))
    assert result.alignment is not None
    assert result.engine == "local" and result.notes == []
    alone = align(copy, calls, framework=framework, embedder=fake, config=SELLER)
    mined = mine_objections(calls, embedder=fake)
    assert result.alignment.model_dump(mode="json") == alone.model_dump(mode="json")
    assert result.objections.model_dump(mode="json") == mined.model_dump(mode="json")
    assert result.objections.prospect_utterances > 40  # so the turns really were detected in several slices


def test_slices_and_threads_do_not_change_the_objections(
    demo: tuple[list[CopyDocument], list[Transcript]], fake: HashingEmbedder
) -> None:
    _, calls = demo
    one = analyze(
        [], calls[:20], config=AnalysisConfig(slice_units=10_000), embedder=fake, engine=LocalEngine(1)
    )
    many = analyze([], calls[:20], config=AnalysisConfig(slice_units=7), embedder=fake, engine=LocalEngine(3))
    assert one.objections.model_dump(mode="json") == many.objections.model_dump(mode="json")
    assert one.objections.objections, "the demo calls hold objections"


def test_without_copy_only_the_objection_report_is_made(
    demo: tuple[list[CopyDocument], list[Transcript]], fake: HashingEmbedder
) -> None:
    _, calls = demo
    result = analyze([], calls[:5], embedder=fake, engine=LocalEngine(2))
    assert result.alignment is None
    assert result.objections.calls == 5
    assert any("no alignment report" in n for n in result.notes)


def test_calls_without_rep_speech_still_get_their_objection_report(
    demo: tuple[list[CopyDocument], list[Transcript]], fake: HashingEmbedder
) -> None:
    copy, calls = demo
    no_reps = [
        t.model_copy(update={"utterances": [u for u in t.utterances if u.role != "rep"]}) for t in calls[:6]
    ]
    result = analyze(copy, no_reps, embedder=fake, engine=LocalEngine(2))
    assert result.alignment is None
    assert any(n.startswith("no alignment report: the transcripts have no rep speech") for n in result.notes)
    assert result.objections.calls == 6 and result.objections.objections


def test_objection_settings_reach_the_analysis(
    demo: tuple[list[CopyDocument], list[Transcript]], fake: HashingEmbedder
) -> None:
    _, calls = demo
    strict = AnalysisConfig(objections=ObjectionConfig(threshold=0.99))
    loose = AnalysisConfig(objections=ObjectionConfig(threshold=0.05))
    few = analyze([], calls[:10], config=strict, embedder=fake, engine=LocalEngine(2)).objections
    more = analyze([], calls[:10], config=loose, embedder=fake, engine=LocalEngine(2)).objections
    assert few.threshold == 0.99 and more.threshold == 0.05
    assert len(few.objections) < len(more.objections)


def test_no_calls_is_a_clear_error(fake: HashingEmbedder) -> None:
    with pytest.raises(InvalidInputError, match="no call transcripts"):
        analyze([], [], embedder=fake, engine=LocalEngine(1))


def test_local_engine_keeps_order_runs_in_parallel_and_reports_progress() -> None:
    seen: list[float] = []
    running = {"now": 0, "most": 0}
    lock = threading.Lock()

    def job(i: int) -> Task[int]:
        def run(progress: object) -> int:
            with lock:
                running["now"] += 1
                running["most"] = max(running["most"], running["now"])
            time.sleep(0.05)
            with lock:
                running["now"] -= 1
            return i * i

        return Task(f"t{i}", lambda p, run=run: run(p), weight=float(i + 1))

    tasks = [job(i) for i in range(6)]
    # a task that reports progress half-way and at the end
    tasks.append(Task("p", lambda p: (p("half", 0.5), p("end", 1.0), 49)[2], weight=1.0))
    results = LocalEngine(2).run(tasks, lambda _m, f: seen.append(f))
    assert results == [0, 1, 4, 9, 16, 25, 49]
    assert running["most"] == 2
    assert seen == sorted(seen) and 0 < seen[-1] <= 1


def test_local_engine_raises_the_first_failure() -> None:
    def boom(_p: object) -> int:
        raise InvalidInputError("slice 2 is broken")

    tasks = [Task("ok", lambda _p: 1), Task("bad", boom), Task("ok2", lambda _p: 3)]
    with pytest.raises(InvalidInputError, match="slice 2 is broken"):
        LocalEngine(2).run(tasks)


def test_analyze_corpus_stores_both_reports(tmp_path: Path, fake: HashingEmbedder) -> None:
    store = Store(f"sqlite:///{tmp_path / 't.db'}")
    ws = store.workspace()
    load_demo(store, ws)
    summary = analyze_corpus(
        store,
        ws,
        "demo-calls",
        copy_corpora=["demo-copy"],
        config=AnalysisConfig(framework=load_pillars(DEMO / "messaging.json"), alignment=SELLER),
        embedder=CachedEmbedder(fake, store),
        engine=LocalEngine(2),
    )
    stored_calls = len(store.load_transcripts(ws, ["demo-calls"]))
    assert stored_calls > 50
    assert summary.calls == stored_calls and summary.alignment_report_id and summary.objections_report_id
    alignment = store.get_report(ws, summary.alignment_report_id, kind="alignment")
    objections = store.get_report(ws, summary.objections_report_id, kind="objections")
    calls_id, copy_id = store.get_corpus(ws, "demo-calls").id, store.get_corpus(ws, "demo-copy").id
    assert alignment.corpus_ids == [calls_id, copy_id] and objections.corpus_ids == [calls_id]
    assert objections.body["calls"] == stored_calls
    assert len(objections.body["objections"]) == summary.objections
    assert alignment.body["components"]["score"] == summary.alignment_score
    assert store.count_vectors() == 0  # the analysis computes its vectors afresh and keeps none
