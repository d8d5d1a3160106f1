"""Step 5: the report over calls (pipeline), its renderings (md/html/csv) and the CLI (fake embedder)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from spacy.language import Language
from typer.testing import CliRunner

from tests.objections.obj_helpers import make_call
from textops.embeddings import HashingEmbedder
from textops.errors import InvalidInputError
from textops.objections import ObjectionConfig, ObjectionModel, ObjectionReport, mine_objections
from textops.reports import NO_OUTCOMES, decided_calls, render, unnamed_reps_note
from textops.settings import Settings
from textops.store import Store
from textops.types import Participant, Transcript

PRICE = "Honestly it's just too expensive for us."
COMPETITOR = "We already use Salesforce for that."
TIMING = "It's not a priority for us right now."
GOOD_REPLY = "That's fair. Can I ask what you spend on this today, roughly per month?"


def calls() -> list[Transcript]:
    out = []
    for i in range(12):
        won = i % 2 == 0
        turns = [
            ("rep", "Thanks for joining, how's the week?"),
            ("prospect", "Good, busy. How much does it cost for fifty users?"),
            ("rep", "It depends on volume."),
            ("prospect", PRICE if i < 8 else "No problem at all."),
            ("rep", GOOD_REPLY if won else "Don't worry about it, I'll knock twenty percent off."),
            ("prospect", COMPETITOR if i % 3 == 0 else "Yeah, okay."),
            ("rep", "Got it."),
            ("prospect", "Sorry, going back to it, it's just too expensive for us." if i == 0 else "Sure."),
        ]
        out.append(
            make_call(
                f"call-{i:02d}",
                turns,
                outcome="won" if won else "lost",
                segment="smb" if i < 6 else "enterprise",
                started_at=datetime(2026, 1 + i // 4, 5 + i, 15, tzinfo=UTC),
            )
        )
    return out


@pytest.fixture(scope="module")
def report(fake: HashingEmbedder, model: ObjectionModel) -> ObjectionReport:
    return mine_objections(calls(), embedder=fake, model=model)


def test_report_finds_objections_with_call_context(report: ObjectionReport) -> None:
    counts = {c.category: c.count for c in report.categories}
    assert counts["price"] == 9  # eight first mentions + one repeat
    assert counts["competitor"] == 4
    assert sum(counts.values()) == 13, "questions about price and 'no problem' are not objections"
    first = next(o for o in report.objections if o.call_id == "call-00" and o.category == "price")
    assert (first.utterance_index, first.speaker, first.start) == (3, "Sam", 30.0)
    assert first.reply is not None and first.reply.utterance_index == 4
    assert first.raised_again and first.segment == "smb" and first.outcome == "won"
    repeat = next(o for o in report.objections if o.call_id == "call-00" and o.utterance_index == 7)
    assert repeat.repeat_of == first.id
    assert report.calls == 12 and report.calls_with_objections == 8 + 1  # call-09 has only a competitor one
    assert report.prospect_utterances == 48


def test_report_tables(report: ObjectionReport) -> None:
    assert report.trend_granularity == "week"
    assert sum(p.counts["price"] for p in report.trend) == 9
    segments = {g.name: g for g in report.by_segment}
    assert segments["smb"].counts["price"] == 7 and segments["enterprise"].counts["price"] == 2
    assert report.by_rep[0].name == "Dana" and report.by_rep[0].calls == 12
    price = next(s for s in report.outcomes if s.category == "price")
    assert (price.calls_with, price.calls_without) == (8, 4)
    assert price.status == "too_few_calls"  # only 4 decided calls without a price objection
    assert report.top_quotes["price"][0].call_id.startswith("call-")
    best = report.best_replies["price"]
    assert best and all(o.outcome == "won" and o.reply and o.reply.text == GOOD_REPLY for o in best)
    assert {c.call_id: c.categories for c in report.per_call}["call-00"] == ["price", "competitor"]
    assert any(t.category == "price" and t.size >= 8 for t in report.themes)
    assert any("hashing fake" in w for w in report.warnings)


def test_since_filters_calls(fake: HashingEmbedder, model: ObjectionModel) -> None:
    later = mine_objections(
        calls(), embedder=fake, model=model, config=ObjectionConfig(since=date(2026, 3, 1))
    )
    assert later.calls == 4 and later.since == datetime(2026, 3, 1, tzinfo=UTC)
    with pytest.raises(InvalidInputError, match="no calls to analyse on or after 2030-01-01"):
        mine_objections(calls(), embedder=fake, model=model, config=ObjectionConfig(since=date(2030, 1, 1)))


def test_bad_input(fake: HashingEmbedder, model: ObjectionModel) -> None:
    with pytest.raises(InvalidInputError, match="no calls"):
        mine_objections([], embedder=fake, model=model)
    with pytest.raises(InvalidInputError, match="threshold"):
        mine_objections(calls(), embedder=fake, model=model, config=ObjectionConfig(threshold=1.5))
    unknown_roles = [make_call("x", [("unknown", PRICE)])]
    rep = mine_objections(unknown_roles, embedder=fake, model=model)
    assert rep.objections == [] and any("no prospect turns" in w for w in rep.warnings)


def test_progress_is_reported(fake: HashingEmbedder, model: ObjectionModel) -> None:
    seen: list[tuple[str, float]] = []
    mine_objections(calls()[:2], embedder=fake, model=model, progress=lambda m, f: seen.append((m, f)))
    fractions = [f for _, f in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0 and len(seen) >= 4


def test_renderings(report: ObjectionReport) -> None:
    md = render(report, "md")
    assert md.startswith("# Objection report") and "| Price / budget | 9 |" in md
    assert "too few calls" in md
    html = render(report, "html")
    # category bars, and the trend as small multiples of the share of calls (no line of raw counts)
    assert html.count("<svg") == 2 and '<path d="M' in html and "<rect" in html and "<polyline" not in html
    assert "share of calls per" in html
    assert "<script" not in html and "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in html
    rows = render(report, "csv").strip().splitlines()
    assert rows[0].startswith("id,call_id,utterance_index") and len(rows) == 1 + len(report.objections)
    assert json.loads(render(report, "json"))["kind"] == "objections"


def test_without_outcomes_the_win_rates_say_what_is_missing(
    report: ObjectionReport, fake: HashingEmbedder, model: ObjectionModel
) -> None:
    # the fixture's calls are decided: every category's line is there, not the note
    assert decided_calls(report) == 12
    assert NO_OUTCOMES not in render(report, "md") and "- **Price / budget**:" in render(report, "md")
    undecided = [c.model_copy(update={"outcome": None}) for c in calls()]
    bare = mine_objections(undecided, embedder=fake, model=model)
    assert decided_calls(bare) == 0
    md = render(bare, "md")
    assert NO_OUTCOMES in md and "- **Price / budget**:" not in md
    html = render(bare, "html")
    assert "No call has a known outcome (won or lost)" in html and "too few calls for a rate" not in html


def _calls_with_rep_label(label: str) -> list[Transcript]:
    """The fixture's calls with every rep turn spoken by ``label`` instead of 'Dana'."""
    return [
        c.model_copy(
            update={
                "utterances": [
                    u.model_copy(update={"speaker": label}) if u.role == "rep" else u for u in c.utterances
                ]
            }
        )
        for c in calls()
    ]


def test_reps_named_only_by_a_role_label_are_pointed_out(
    report: ObjectionReport, fake: HashingEmbedder, model: ObjectionModel
) -> None:
    assert unnamed_reps_note(report) is None  # the fixture's rep is 'Dana'
    bare = mine_objections(_calls_with_rep_label("Sales Rep"), embedder=fake, model=model)
    note = unnamed_reps_note(bare)
    assert note is not None and note.startswith(
        "12 of 12 calls name their rep only by a role label ('Sales Rep')"
    )
    assert note in render(bare, "md")
    assert "name their rep only by a role label" in render(bare, "html")
    numbered = mine_objections(_calls_with_rep_label("SPEAKER_01"), embedder=fake, model=model)
    assert "('SPEAKER_01')" in (unnamed_reps_note(numbered) or "")


def test_a_header_rep_over_speaker_labels_names_the_per_rep_rows(
    fake: HashingEmbedder, model: ObjectionModel
) -> None:
    """'# rep: Dana Ruiz' over 'Speaker 1:' lines: the rows and replies say Dana Ruiz, and no note asks for
    the header the calls already have."""
    header = Participant(name="Dana Ruiz", role="rep", role_source="explicit")
    named = [
        c.model_copy(update={"participants": [*c.participants, header]})
        for c in _calls_with_rep_label("Speaker 1")
    ]
    report = mine_objections(named, embedder=fake, model=model)
    assert [row.name for row in report.by_rep] == ["Dana Ruiz"]
    assert unnamed_reps_note(report) is None
    replies = [o.reply for o in report.objections if o.reply is not None]
    assert replies and {r.speaker for r in replies} == {"Dana Ruiz"}
    assert {o.rep for o in report.objections} == {"Dana Ruiz"}


def test_html_escapes_quotes(fake: HashingEmbedder, model: ObjectionModel) -> None:
    evil = [make_call("c<script>", [("prospect", "It's <b>way</b> too expensive for us & our team.")])]
    html = render(mine_objections(evil, embedder=fake, model=model), "html")
    assert "<b>way</b>" not in html and "&lt;b&gt;way&lt;/b&gt;" in html
    assert "c<script>" not in html


def test_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake: HashingEmbedder) -> None:
    from textops.cli import app

    monkeypatch.setattr("textops.objections._pipeline.get_embedder", lambda: fake)
    folder = tmp_path / "calls"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "# call_id: a\n# started_at: 2026-02-03T10:00:00+00:00\n# outcome: won\n# rep: Dana\n"
        f"Dana: Hi Sam, thanks for joining.\nSam: {PRICE}\nDana: {GOOD_REPLY}\nSam: {COMPETITOR}\n"
    )
    (folder / "b.txt").write_text(
        f"# call_id: b\n# started_at: 2026-01-03T10:00:00+00:00\n# rep: Dana\nDana: Hello.\nSam: {TIMING}\n"
    )
    runner = CliRunner()
    result = runner.invoke(app, ["objections", str(folder), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["calls"] == 2 and {o["category"] for o in data["objections"]} == {
        "price",
        "competitor",
        "timing",
    }
    out = tmp_path / "r.html"
    result = runner.invoke(
        app, ["objections", str(folder), "--since", "2026-02-01", "-f", "html", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "<svg" in out.read_text() and "1 calls" in result.output
    custom = tmp_path / "custom.json"
    custom.write_text(json.dumps([{"key": "price", "examples": ["a b", "c d"]}]))
    result = runner.invoke(app, ["objections", str(folder), "--custom", str(custom)])
    assert result.exit_code == 2 and "clashes with a built-in category" in result.output
    result = runner.invoke(app, ["objections", str(folder), "--format", "pdf"])
    assert result.exit_code == 2 and "unknown format" in result.output
    result = runner.invoke(app, ["objections", str(folder), "--since", "yesterday"])
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.output


def test_a_spacy_pipeline_can_split_sentences(
    fake: HashingEmbedder, model: ObjectionModel, blank_nlp: Language
) -> None:
    one = [make_call("n1", [("rep", "Hi."), ("prospect", f"Thanks. {PRICE} {COMPETITOR}")])]
    with_spacy = mine_objections(one, embedder=fake, model=model, nlp=blank_nlp)
    default = mine_objections(one, embedder=fake, model=model)
    spans = [(o.category, o.start_char, o.end_char) for o in with_spacy.objections]
    assert spans == [(o.category, o.start_char, o.end_char) for o in default.objections]
    assert [c for c, _, _ in spans] == ["price", "competitor"]


def test_cli_reads_a_stored_corpus(
    store: Store, settings: Settings, monkeypatch: pytest.MonkeyPatch, fake: HashingEmbedder
) -> None:
    from textops.cli import app

    monkeypatch.setattr("textops.objections._pipeline.get_embedder", lambda: fake)
    ws = store.workspace()
    store.create_corpus(ws, "q1-calls")
    store.add_documents(ws, "q1-calls", calls()[:3])
    result = CliRunner().invoke(app, ["objections", "q1-calls", "-f", "csv"])
    assert result.exit_code == 0, result.output
    rows = result.stdout.strip().splitlines()
    assert rows[0].startswith("id,call_id") and {r.split(",")[1] for r in rows[1:]} == {
        "call-00",
        "call-01",
        "call-02",
    }
    missing = CliRunner().invoke(app, ["objections", "no-such-corpus"])
    assert missing.exit_code == 2 and "not found" in missing.output
