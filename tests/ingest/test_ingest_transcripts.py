from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from tests.support import read_one
from textops.ingest import read_bytes, read_file
from textops.types import Transcript

# --- plain text ---------------------------------------------------------------------------------------


def test_txt_header_fields(fixtures: Path) -> None:
    t = read_one(fixtures / "discovery-northwind.txt", Transcript)
    assert t.call_id == "demo-017"
    assert t.title == "Discovery call — Northwind Logistics"
    assert t.started_at == datetime(2026, 3, 4, 15, 0, tzinfo=UTC)
    assert t.outcome == "won"
    assert t.segment == "mid-market"
    assert t.stage == "discovery"
    assert t.source == "discovery-northwind.txt"
    assert t.metadata["crm_opportunity"] == "OPP-1017"
    assert t.metadata["seller_domain"] == "brightlane.io"


def test_txt_utterances_timestamps_and_continuations(fixtures: Path) -> None:
    t = read_one(fixtures / "discovery-northwind.txt", Transcript)
    assert [u.speaker for u in t.utterances] == [
        "Dana Ruiz",
        "Sam Patel",
        "Dana Ruiz",
        "Lee Wong",
        "Dana Ruiz",
        "Sam Patel",
        "Dana Ruiz",
    ]
    assert [u.index for u in t.utterances] == list(range(7))
    assert [u.start for u in t.utterances] == [5.0, 9.0, None, 62.0, 75.0, 150.0, 190.0]
    assert [u.line for u in t.utterances] == [11, 12, 14, 16, 19, 20, 21]
    # continuation lines (also after a blank line and indented) join the turn, whitespace-normalised
    assert t.utterances[1].text == "Sure. So we looked at your site and I had a few questions."
    assert t.utterances[3].text.endswith(
        "forty dispatchers? We tried another tool last year and it dragged on for months."
    )
    assert all(u.end is None for u in t.utterances)


def test_txt_roles_from_header_lists(fixtures: Path) -> None:
    t = read_one(fixtures / "discovery-northwind.txt", Transcript)
    roles = {u.speaker: u.role for u in t.utterances}
    assert roles == {"Dana Ruiz": "rep", "Sam Patel": "prospect", "Lee Wong": "prospect"}
    assert t.reps == ["Dana Ruiz"]
    assert {p.name: p.role for p in t.participants} == roles


def test_txt_without_header_uses_file_stem_and_keeps_preamble() -> None:
    data = b"Transcript exported from Gong\n\nAlex: Hi there.\nBlake: Hello!\nAlex: Shall we start?\n"
    [doc] = read_bytes(data, "calls/intro-call.txt")
    assert isinstance(doc, Transcript)
    assert doc.call_id == "intro-call"
    assert doc.source == "intro-call.txt"
    assert doc.metadata["preamble"] == "Transcript exported from Gong"
    assert [u.text for u in doc.utterances] == ["Hi there.", "Hello!", "Shall we start?"]


def test_txt_drops_empty_utterances_and_reindexes() -> None:
    data = b"Alex:\nBlake: Hello!\nAlex:   \nBlake: Anyone there?\n"
    [doc] = read_bytes(data, "gaps.txt")
    assert isinstance(doc, Transcript)
    assert [(u.index, u.speaker, u.text) for u in doc.utterances] == [
        (0, "Blake", "Hello!"),
        (1, "Blake", "Anyone there?"),
    ]


def test_txt_name_longer_than_60_chars_is_not_a_speaker() -> None:
    long_name = "N" * 61
    data = f"Alex: Hi.\n{long_name}: not a speaker\n".encode()
    [doc] = read_bytes(data, "long.txt", kind="transcript")
    assert isinstance(doc, Transcript)
    assert len(doc.utterances) == 1
    assert doc.utterances[0].text == f"Hi. {long_name}: not a speaker"


def test_txt_utf16_with_bom_is_read(fixtures: Path) -> None:
    t = read_one(fixtures / "bad" / "utf16-bom.txt", Transcript)
    assert [u.speaker for u in t.utterances] == ["Dana Ruiz", "Sam Patel"]
    assert t.utterances[1].text == "Café time."


def test_txt_sidecar_is_overridden_by_header(tmp_path: Path) -> None:
    (tmp_path / "call.txt").write_text(
        "# title: From the header\nAlex: Hi.\nBlake: Hello.\n", encoding="utf-8"
    )
    (tmp_path / "call.meta.json").write_text(
        '{"call_id": "side-1", "title": "From the sidecar", "outcome": "open"}', encoding="utf-8"
    )
    t = read_one(tmp_path / "call.txt", Transcript)
    assert t.call_id == "side-1"
    assert t.title == "From the header"
    assert t.outcome == "open"


# --- WebVTT -------------------------------------------------------------------------------------------


def test_vtt_voice_tags_prefixes_and_merging(fixtures: Path) -> None:
    t = read_one(fixtures / "sales-demo.vtt", Transcript)
    assert [(u.speaker, u.start, u.end) for u in t.utterances] == [
        ("Dana Ruiz", 1.0, 7.9),  # cues 1+2 merged: start of the first, end of the last
        ("Priya Shah", 8.5, 15.5),  # voice tag with a class, then a "Name:" prefix
        ("Dana Ruiz", 16.0, 21.0),
        ("Priya Shah", 21.0, 23.0),
    ]
    assert (
        t.utterances[0].text
        == "Thanks for joining, everyone. Today I'd like to walk through the routing module."
    )
    assert t.utterances[1].text == "Before that — what does it cost per seat? We have about 120 drivers."
    assert (
        t.utterances[2].text == "Pricing depends on volume & seats; I'll send a quote."
    )  # entity decoded, tags gone
    assert [u.line for u in t.utterances] == [9, 18, 26, 30]
    assert [u.index for u in t.utterances] == [0, 1, 2, 3]


def test_vtt_metadata_and_roles_from_sidecar(fixtures: Path) -> None:
    t = read_one(fixtures / "sales-demo.vtt", Transcript)
    assert t.call_id == "demo-044"
    assert t.title == "Demo — Harbor Freight Co"
    assert t.outcome == "open"
    assert t.stage == "demo"
    assert t.started_at == datetime(2026, 4, 10, 17, 30, tzinfo=UTC)
    assert {u.speaker: u.role for u in t.utterances} == {"Dana Ruiz": "rep", "Priya Shah": "prospect"}


def test_vtt_without_sidecar_defaults_to_stem(fixtures: Path) -> None:
    data = (fixtures / "sales-demo.vtt").read_bytes()
    [doc] = read_bytes(data, "uploads/sales-demo.vtt", seller_domains=[])
    assert isinstance(doc, Transcript)
    assert doc.call_id == "sales-demo"
    assert doc.title is None
    # no role in the file: inferred from what each speaker says, with the rule recorded
    assert {u.role for u in doc.utterances} == {"rep", "prospect"}
    assert {p.role_source for p in doc.participants} == {"inferred"}


def test_vtt_multiple_voices_in_one_cue_and_unlabelled_continuation() -> None:
    data = (
        b"WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Alex>Hi.</v>\n<v Blake>Hello.</v>\n\n"
        b"00:00:03.000 --> 00:00:05.000\nand welcome.\n"
    )
    [doc] = read_bytes(data, "two.vtt")
    assert isinstance(doc, Transcript)
    assert [(u.speaker, u.text) for u in doc.utterances] == [
        ("Alex", "Hi."),
        ("Blake", "Hello. and welcome."),
    ]
    assert doc.utterances[1].end == 5.0


# --- SubRip -------------------------------------------------------------------------------------------


def test_srt_prefixes_merging_and_dialogue_dashes(fixtures: Path) -> None:
    t = read_one(fixtures / "renewal-acme.srt", Transcript)
    assert t.call_id == "renewal-acme"
    assert [(u.speaker, u.text, u.start, u.end) for u in t.utterances] == [
        ("Dana Ruiz", "Good morning, Sam. I wanted to go over the renewal terms today.", 0.5, 6.25),
        ("Sam Patel", "Sure. Our budget is tighter this year.", 6.5, 10.0),
        ("Dana Ruiz", "Understood.", 10.0, 14.0),
        ("Sam Patel", "We may need a smaller plan.", 10.0, 14.0),
    ]
    assert [u.line for u in t.utterances] == [3, 12, 16, 16]


def test_srt_roles_from_arguments(fixtures: Path) -> None:
    data = (fixtures / "renewal-acme.srt").read_bytes()
    sidecar = b'{"participants": [{"name": "Dana Ruiz", "company": "Brightlane"}, {"name": "Sam Patel"}]}'
    [doc] = read_bytes(data, "renewal-acme.srt", seller_company="brightlane", sidecar=sidecar)
    assert isinstance(doc, Transcript)
    # Dana by company (rule 3), Sam because everyone else is unknown (rule 5)
    assert {u.speaker: u.role for u in doc.utterances} == {"Dana Ruiz": "rep", "Sam Patel": "prospect"}


# --- JSON ---------------------------------------------------------------------------------------------


def test_json_single_call(fixtures: Path) -> None:
    t = read_one(fixtures / "call-single.json", Transcript)
    assert t.call_id == "demo-031"
    assert t.title == "Negotiation — Acme Freight"
    assert t.outcome == "lost"
    assert t.segment == "enterprise"
    assert t.stage == "negotiation"
    assert t.started_at == datetime(2026, 4, 2, 16, 0, tzinfo=UTC)
    assert t.metadata["crm_opportunity"] == "OPP-1182"
    assert t.metadata["amount"] == "48000"
    dana = next(p for p in t.participants if p.name == "Dana Ruiz")
    assert (dana.role, dana.email, dana.company, dana.title) == (
        "rep",
        "dana@brightlane.io",
        "Brightlane",
        "AE",
    )
    # the whitespace-only utterance is dropped; times as seconds or HH:MM:SS(.mmm) / MM:SS / SubRip strings
    assert [(u.index, u.speaker, u.start, u.end) for u in t.utterances] == [
        (0, "Dana Ruiz", 0.0, 4.2),
        (1, "Sam Patel", 4.5, 9.0),
        (2, "Dana Ruiz", 10.0, 15.25),
    ]
    assert t.utterances[1].text == "Happy to. We reviewed the proposal."
    assert [u.role for u in t.utterances] == ["rep", "prospect", "rep"]


def test_json_list_of_calls(fixtures: Path) -> None:
    docs = read_file(fixtures / "calls-list.json")
    assert [d.call_id for d in docs if isinstance(d, Transcript)] == ["demo-101", "102"]
    first, second = docs
    assert isinstance(first, Transcript) and isinstance(second, Transcript)
    # "seller" is a synonym of rep; rule 5 makes the other speaker a prospect
    assert [u.role for u in first.utterances] == ["rep", "prospect"]
    # "customer" is a synonym of prospect; with a prospect known and one other speaker, that one is the rep
    assert [u.role for u in second.utterances] == ["prospect", "rep"]
    assert [p.role_source for p in second.participants] == ["explicit", "rest"]


def test_json_calls_wrapper(fixtures: Path) -> None:
    [t] = read_file(fixtures / "calls-wrapped.json")
    assert isinstance(t, Transcript)
    assert t.call_id == "demo-201"
    assert {u.speaker: u.role for u in t.utterances} == {"Dana Ruiz": "rep", "Chris Obi": "prospect"}
    assert t.metadata["seller_company"] == "Brightlane"
