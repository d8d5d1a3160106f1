from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from textops.errors import IngestError, InputTooLargeError
from textops.ingest import FileTooLargeError, read_bytes, read_file
from textops.settings import override_settings

CheckError = Callable[..., IngestError]  # the check_error fixture of conftest.py

# --- files that are not readable text -----------------------------------------------------------------


def test_file_over_the_size_limit(tmp_path: Path, check_error: CheckError) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"Alex: hi\n" * 20)
    with override_settings(max_file_bytes=100), pytest.raises(IngestError) as info:
        read_file(path)
    err = check_error(
        info.value, file=path, line=None, reason="over the limit of 100 bytes", hint="TEXTOPS_MAX_FILE_BYTES"
    )
    assert isinstance(err, InputTooLargeError)
    assert isinstance(err, FileTooLargeError)
    assert err.code == "input_too_large"
    assert "180 bytes" in err.reason


def test_read_bytes_enforces_the_size_limit(check_error: CheckError) -> None:
    with override_settings(max_file_bytes=10), pytest.raises(InputTooLargeError) as info:
        read_bytes(b"Alex: hello there\n", "up.txt")
    check_error(info.value, file="up.txt", line=None, reason="over the limit of 10 bytes")


def test_empty_file(fixtures: Path, check_error: CheckError) -> None:
    path = fixtures / "bad" / "empty.txt"
    with pytest.raises(IngestError) as info:
        read_file(path)
    check_error(info.value, file=path, line=None, reason="file is empty")


def test_whitespace_only_file(fixtures: Path, check_error: CheckError) -> None:
    path = fixtures / "bad" / "whitespace.md"
    with pytest.raises(IngestError) as info:
        read_file(path)
    check_error(info.value, file=path, line=None, reason="only whitespace")


def test_binary_file_with_nul_bytes(fixtures: Path, check_error: CheckError) -> None:
    path = fixtures / "bad" / "binary.vtt"
    with pytest.raises(IngestError) as info:
        read_file(path)
    check_error(info.value, file=path, line=None, reason="binary file (it contains NUL bytes)", hint="UTF-8")


def test_binary_file_by_signature(fixtures: Path, check_error: CheckError) -> None:
    path = fixtures / "bad" / "report.pdf.txt"
    with pytest.raises(IngestError) as info:
        read_file(path)
    check_error(
        info.value, file=path, line=None, reason="looks like a PDF document", hint="export it as UTF-8 text"
    )


def test_utf16_without_bom_is_reported_with_an_iconv_hint(fixtures: Path, check_error: CheckError) -> None:
    path = fixtures / "bad" / "utf16-nobom.txt"
    with pytest.raises(IngestError) as info:
        read_file(path)
    check_error(info.value, file=path, line=None, reason="UTF-16", hint="iconv -f utf-16le -t utf-8")


def test_not_utf8_names_the_likely_encoding(fixtures: Path, check_error: CheckError) -> None:
    path = fixtures / "bad" / "cp1252.txt"
    with pytest.raises(IngestError) as info:
        read_file(path)
    # line 2 holds the first non-UTF-8 byte (the header line is ASCII)
    check_error(
        info.value,
        file=path,
        line=2,
        reason="not UTF-8 (it looks like cp1252)",
        hint="iconv -f cp1252 -t utf-8",
    )


def test_invalid_utf8_in_mostly_utf8_text(check_error: CheckError) -> None:
    data = "Alex: Café is fine\nBlake: ".encode() + b"\xff\xfe broken\n"
    with pytest.raises(IngestError) as info:
        read_bytes(data, "mixed.txt")
    check_error(info.value, file="mixed.txt", line=2, reason="UTF-8")


def test_unsupported_extension(check_error: CheckError) -> None:
    with pytest.raises(IngestError) as info:
        read_bytes(b"hello", "notes.docx")
    check_error(info.value, file="notes.docx", line=None, reason="unsupported file type '.docx'", hint=".vtt")


def test_kind_that_does_not_fit_the_extension(check_error: CheckError) -> None:
    with pytest.raises(IngestError) as info:
        read_bytes(b"# Hi\n", "page.md", kind="transcript")
    check_error(info.value, file="page.md", line=None, reason="copy, not transcripts")
    with pytest.raises(IngestError) as info2:
        read_bytes(b"WEBVTT\n", "call.vtt", kind="copy")
    check_error(info2.value, file="call.vtt", line=None, reason="transcripts, not copy")


def test_missing_file_is_an_ingest_error(tmp_path: Path, check_error: CheckError) -> None:
    path = tmp_path / "nope.txt"
    with pytest.raises(IngestError) as info:
        read_file(path)
    check_error(info.value, file=path, line=None, reason="cannot read the file")


# --- text transcripts ---------------------------------------------------------------------------------


def test_txt_without_speaker_lines(fixtures: Path, check_error: CheckError) -> None:
    path = fixtures / "bad" / "no-speakers.txt"
    with pytest.raises(IngestError) as info:
        read_file(path)  # its header names a call, so it is a transcript even in "auto"
    err = check_error(
        info.value, file=path, line=4, reason="unknown speaker format", hint="[HH:MM:SS] Name: text"
    )
    assert "'DANA RUIZ'" in err.reason


def test_txt_forced_transcript_without_speakers(check_error: CheckError) -> None:
    with pytest.raises(IngestError) as info:
        read_bytes(b"\n\nJust some prose here.\nMore prose.\n", "prose.txt", kind="transcript")
    check_error(
        info.value, file="prose.txt", line=3, reason="first line: 'Just some prose here.'", hint="Name: text"
    )


def test_txt_malformed_timestamp(fixtures: Path, check_error: CheckError) -> None:
    path = fixtures / "bad" / "bad-timestamp.txt"
    with pytest.raises(IngestError) as info:
        read_file(path)
    check_error(info.value, file=path, line=4, reason="malformed timestamp '00:61:10'", hint="HH:MM:SS")


def test_txt_invalid_outcome(fixtures: Path, check_error: CheckError) -> None:
    path = fixtures / "bad" / "bad-outcome.txt"
    with pytest.raises(IngestError) as info:
        read_file(path)
    check_error(
        info.value, file=path, line=2, reason="'maybe' is not a valid outcome", hint="won, lost or open"
    )


def test_txt_bad_started_at(check_error: CheckError) -> None:
    data = b"# call_id: x\n# title: t\n# started_at: 04/03/2026 3pm\nAlex: hi\n"
    with pytest.raises(IngestError) as info:
        read_bytes(data, "when.txt")
    check_error(
        info.value, file="when.txt", line=3, reason="not an ISO 8601 date-time", hint="2026-03-04T15:00:00"
    )


# --- JSON ---------------------------------------------------------------------------------------------


def test_json_malformed_names_line_and_column(fixtures: Path, check_error: CheckError) -> None:
    path = fixtures / "bad" / "malformed.json"
    with pytest.raises(IngestError) as info:
        read_file(path)
    check_error(
        info.value, file=path, line=5, reason="malformed JSON: Expecting ',' delimiter (line 5, column 5)"
    )


@pytest.mark.parametrize(
    ("name", "element"),
    [
        ("missing-text.json", "utterances[3].text: missing"),
        ("missing-speaker.json", "utterances[0].speaker: missing"),
        ("missing-call-id.json", "[1].call_id: missing"),
        ("missing-utterances.json", "calls[0].utterances: missing"),
        ("bad-role.json", "participants[0].role: unknown role 'champion'"),
        ("bad-started-at.json", "started_at: 'last Tuesday' is not an ISO 8601 date-time"),
    ],
)
def test_json_missing_or_bad_elements_are_named_by_path(
    fixtures: Path, check_error: CheckError, name: str, element: str
) -> None:
    path = fixtures / "bad" / name
    with pytest.raises(IngestError) as info:
        read_file(path)
    err = check_error(info.value, file=path, line=None, reason=element)
    assert err.reason.startswith(element.split(":")[0] + ":")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b'"just a string"', "expected a call object, got a string"),
        (b"[]", "no calls"),
        (b'{"call_id": "x", "utterances": []}', "utterances: is empty"),
        (
            b'{"call_id": "x", "utterances": [{"speaker": "A", "text": 3}]}',
            "utterances[0].text: expected a string",
        ),
        (b'{"call_id": "x", "outcome": "tbd", "utterances": []}', "outcome: 'tbd' is not a valid outcome"),
        (b'{"call_id": "", "utterances": [{"speaker": "A", "text": "hi"}]}', "call_id: is empty"),
        (b'{"call_id": "x", "utterances": [{"speaker": "A", "text": "  "}]}', "no utterances with text"),
    ],
)
def test_json_shape_errors(data: bytes, reason: str) -> None:
    with pytest.raises(IngestError) as info:
        read_bytes(data, "export.json")
    assert info.value.file == "export.json"
    assert reason in info.value.reason
    assert info.value.hint


def test_json_malformed_timestamp_names_the_element(check_error: CheckError) -> None:
    data = b'{"call_id": "x", "utterances": [{"speaker": "A", "text": "hi", "start": "1:75:00"}]}'
    with pytest.raises(IngestError) as info:
        read_bytes(data, "t.json")
    check_error(
        info.value, file="t.json", line=None, reason="utterances[0].start: malformed timestamp '1:75:00'"
    )


def test_sidecar_errors_name_the_sidecar(fixtures: Path, check_error: CheckError) -> None:
    data = (fixtures / "sales-demo.vtt").read_bytes()
    with pytest.raises(IngestError) as info:
        read_bytes(data, "calls/sales-demo.vtt", sidecar=b'{"outcome": "won",\n "started_at": }')
    check_error(info.value, file="calls/sales-demo.meta.json", line=2, reason="malformed JSON")


# --- captions -----------------------------------------------------------------------------------------


def test_vtt_malformed_cue_timing(fixtures: Path, check_error: CheckError) -> None:
    path = fixtures / "bad" / "bad-cue.vtt"
    with pytest.raises(IngestError) as info:
        read_file(path)
    check_error(info.value, file=path, line=6, reason="malformed cue timing '00:00:03.000 --> 00:75:05.000'")


def test_vtt_without_header(fixtures: Path, check_error: CheckError) -> None:
    path = fixtures / "bad" / "not-webvtt.vtt"
    with pytest.raises(IngestError) as info:
        read_file(path)
    check_error(info.value, file=path, line=1, reason="not a WebVTT file", hint="WEBVTT")


def test_vtt_without_speakers(fixtures: Path, check_error: CheckError) -> None:
    path = fixtures / "bad" / "no-voices.vtt"
    with pytest.raises(IngestError) as info:
        read_file(path)
    check_error(info.value, file=path, line=4, reason="no speaker names", hint="<v Dana Ruiz>")


def test_vtt_without_cues(check_error: CheckError) -> None:
    with pytest.raises(IngestError) as info:
        read_bytes(b"WEBVTT\n\nNOTE nothing here\n", "empty.vtt")
    check_error(info.value, file="empty.vtt", line=None, reason="no cues")


def test_srt_malformed_block(fixtures: Path, check_error: CheckError) -> None:
    path = fixtures / "bad" / "bad-block.srt"
    with pytest.raises(IngestError) as info:
        read_file(path)
    check_error(info.value, file=path, line=6, reason="malformed subtitle block", hint="-->")


def test_srt_malformed_timestamp(fixtures: Path, check_error: CheckError) -> None:
    path = fixtures / "bad" / "bad-time.srt"
    with pytest.raises(IngestError) as info:
        read_file(path)
    check_error(info.value, file=path, line=6, reason="malformed timestamp in '00:00:03 --> 00:00:05,000'")


# --- copy ---------------------------------------------------------------------------------------------


def test_csv_without_headline_column(fixtures: Path, check_error: CheckError) -> None:
    path = fixtures / "bad" / "no-headline.csv"
    with pytest.raises(IngestError) as info:
        read_file(path)
    check_error(
        info.value,
        file=path,
        line=1,
        reason="no 'headline' column (columns: title, body, cta)",
        hint="headline",
    )


def test_csv_row_with_empty_headline(fixtures: Path, check_error: CheckError) -> None:
    path = fixtures / "bad" / "empty-headline.csv"
    with pytest.raises(IngestError) as info:
        read_file(path)
    check_error(info.value, file=path, line=3, reason="ad 2 has an empty headline")


def test_csv_header_only(check_error: CheckError) -> None:
    with pytest.raises(IngestError) as info:
        read_bytes(b"headline,body\n\n", "ads.csv")
    check_error(info.value, file="ads.csv", line=1, reason="no ads")


def test_html_without_visible_text(check_error: CheckError) -> None:
    data = b"<html><head><title>T</title><script>x()</script></head><body><nav>Menu</nav></body></html>"
    with pytest.raises(IngestError) as info:
        read_bytes(data, "blank.html")
    check_error(info.value, file="blank.html", line=None, reason="no visible text")


def test_markdown_without_text(check_error: CheckError) -> None:
    with pytest.raises(IngestError) as info:
        read_bytes(b"---\ntitle: x\n---\n\n---\n", "empty.md")
    check_error(info.value, file="empty.md", line=None, reason="no text found")
