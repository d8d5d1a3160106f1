from __future__ import annotations

import shlex
from collections.abc import Callable
from pathlib import Path

import pytest

from textops.errors import IngestError, InputTooLargeError
from textops.ingest import FileTooLargeError, Kind, find_files, read_bytes, read_file
from textops.settings import override_settings
from textops.types import Transcript

CheckError = Callable[..., IngestError]  # the check_error fixture of conftest.py

# (file in tests/fixtures/ingest/bad, line, what the reason says, what the hint says): one case per file
BAD_FILES = [
    # files that are not readable text
    pytest.param("empty.txt", None, "file is empty", None, id="empty-file"),
    pytest.param("whitespace.md", None, "only whitespace", None, id="whitespace-only-file"),
    pytest.param(
        "binary.vtt", None, "binary file (it contains NUL bytes)", "UTF-8", id="binary-file-with-nul-bytes"
    ),
    pytest.param(
        "report.pdf.txt",
        None,
        "looks like a PDF document",
        "export it as UTF-8 text",
        id="binary-by-signature",
    ),
    pytest.param(
        "utf16-nobom.txt", None, "UTF-16", "iconv -f utf-16le -t utf-8", id="utf16-without-bom-iconv-hint"
    ),
    # line 2 holds the first non-UTF-8 byte (the header line is ASCII)
    pytest.param(
        "cp1252.txt",
        2,
        "not UTF-8 (it looks like cp1252)",
        "iconv -f cp1252 -t utf-8",
        id="not-utf8-names-the-likely-encoding",
    ),
    # text transcripts
    pytest.param(
        "bad-timestamp.txt", 4, "malformed timestamp '00:61:10'", "HH:MM:SS", id="txt-bad-timestamp"
    ),
    pytest.param(
        "bad-outcome.txt", 2, "'maybe' is not a valid outcome", "won, lost or open", id="txt-invalid-outcome"
    ),
    # JSON
    pytest.param(
        "malformed.json",
        5,
        "malformed JSON: Expecting ',' delimiter (line 5, column 5)",
        None,
        id="json-malformed-names-line-and-column",
    ),
    # captions
    pytest.param(
        "bad-cue.vtt",
        6,
        "malformed cue timing '00:00:03.000 --> 00:75:05.000'",
        None,
        id="vtt-bad-cue-timing",
    ),
    pytest.param("not-webvtt.vtt", 1, "not a WebVTT file", "WEBVTT", id="vtt-without-header"),
    pytest.param("no-voices.vtt", 4, "no speaker names", "<v Dana Ruiz>", id="vtt-without-speakers"),
    pytest.param("bad-block.srt", 6, "malformed subtitle block", "-->", id="srt-malformed-block"),
    pytest.param(
        "bad-time.srt", 6, "malformed timestamp in '00:00:03 --> 00:00:05,000'", None, id="srt-bad-timestamp"
    ),
    # copy
    pytest.param(
        "no-headline.csv",
        1,
        "no 'headline' column (columns: title, body, cta)",
        "headline",
        id="csv-without-headline-column",
    ),
    pytest.param(
        "empty-headline.csv", 3, "ad 2 has an empty headline", None, id="csv-row-with-empty-headline"
    ),
]

# (bytes, file name, kind, line, what the reason says, what the hint says): one case per upload
BAD_UPLOADS = [
    pytest.param(
        "Alex: Café is fine\nBlake: ".encode() + b"\xff\xfe broken\n",
        "mixed.txt",
        "auto",
        2,
        "UTF-8",
        None,
        id="invalid-utf8-in-mostly-utf8-text",
    ),
    pytest.param(
        b"hello",
        "notes.docx",
        "auto",
        None,
        "unsupported file type '.docx'",
        ".vtt",
        id="unsupported-extension",
    ),
    pytest.param(
        b"\n\nJust some prose here.\nMore prose.\n",
        "prose.txt",
        "transcript",
        3,
        "first line: 'Just some prose here.'",
        "Name: text",
        id="txt-forced-transcript-without-speakers",
    ),
    pytest.param(
        b"# call_id: x\n# title: t\n# started_at: 04/03/2026 3pm\nAlex: hi\n",
        "when.txt",
        "auto",
        3,
        "not an ISO 8601 date-time",
        "2026-03-04T15:00:00",
        id="txt-bad-started-at",
    ),
    pytest.param(
        b'{"call_id": "x", "utterances": [{"speaker": "A", "text": "hi", "start": "1:75:00"}]}',
        "t.json",
        "auto",
        None,
        "utterances[0].start: malformed timestamp '1:75:00'",
        None,
        id="json-malformed-timestamp-names-the-element",
    ),
    pytest.param(
        b"WEBVTT\n\nNOTE nothing here\n", "empty.vtt", "auto", None, "no cues", None, id="vtt-without-cues"
    ),
    pytest.param(b"headline,body\n\n", "ads.csv", "auto", 1, "no ads", None, id="csv-header-only"),
    pytest.param(
        b"<html><head><title>T</title><script>x()</script></head><body><nav>Menu</nav></body></html>",
        "blank.html",
        "auto",
        None,
        "no visible text",
        None,
        id="html-without-visible-text",
    ),
    pytest.param(
        b"---\ntitle: x\n---\n\n---\n",
        "empty.md",
        "auto",
        None,
        "no text found",
        None,
        id="markdown-without-text",
    ),
]


@pytest.mark.parametrize(("name", "line", "reason", "hint"), BAD_FILES)
def test_a_bad_file_is_named_with_its_line_and_a_fix(
    fixtures: Path, check_error: CheckError, name: str, line: int | None, reason: str, hint: str | None
) -> None:
    path = fixtures / "bad" / name
    with pytest.raises(IngestError) as info:
        read_file(path)
    check_error(info.value, file=path, line=line, reason=reason, hint=hint)


@pytest.mark.parametrize(("data", "name", "kind", "line", "reason", "hint"), BAD_UPLOADS)
def test_a_bad_upload_is_named_with_its_line_and_a_fix(
    check_error: CheckError,
    data: bytes,
    name: str,
    kind: Kind,
    line: int | None,
    reason: str,
    hint: str | None,
) -> None:
    with pytest.raises(IngestError) as info:
        read_bytes(data, name, kind=kind)
    check_error(info.value, file=name, line=line, reason=reason, hint=hint)


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


def test_kind_that_does_not_fit_the_extension(check_error: CheckError) -> None:
    """The hint says which formats fit (the CLI shows it too: no API parameter such as ``kind``)."""
    with pytest.raises(IngestError) as info:
        read_bytes(b"# Hi\n", "page.md", kind="transcript")
    check_error(
        info.value, file="page.md", line=None, reason="copy, not transcripts", hint=".vtt, .srt, .json"
    )
    with pytest.raises(IngestError) as info2:
        read_bytes(b"WEBVTT\n", "call.vtt", kind="copy")
    check_error(info2.value, file="call.vtt", line=None, reason="transcripts, not copy", hint=".md, .html")
    with pytest.raises(IngestError) as info3:
        read_bytes(b"speaker,text\nAlex,hi\n", "speaker_text.csv", kind="transcript")
    check_error(
        info3.value,
        file="speaker_text.csv",
        line=None,
        reason=".csv files are copy (ads, one per row), not transcripts",
        hint="a speaker,text CSV is not a transcript format",
    )
    for err in (info.value, info2.value, info3.value):
        assert "kind" not in str(err) and "docs/formats.md" in (err.hint or "")


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


# --- JSON ---------------------------------------------------------------------------------------------


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


def test_sidecar_errors_name_the_sidecar(fixtures: Path, check_error: CheckError) -> None:
    data = (fixtures / "sales-demo.vtt").read_bytes()
    with pytest.raises(IngestError) as info:
        read_bytes(data, "calls/sales-demo.vtt", sidecar=b'{"outcome": "won",\n "started_at": }')
    check_error(info.value, file="calls/sales-demo.meta.json", line=2, reason="malformed JSON")


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("Alex: Café crème\nSam: déjà vu\n".encode("cp1252"), "cp1252"),
        ("Alex: Café crème\nSam: déjà vu\n".encode("utf-16"), "utf-16"),  # a BOM, then a broken tail
        ("Alex: Café crème\nSam: déjà vu\n".encode("utf-16-le"), "utf-16le"),  # no BOM
    ],
    ids=["cp1252", "utf16-bom", "utf16-no-bom"],
)
def test_the_iconv_hint_writes_a_file_textops_reads(tmp_path: Path, data: bytes, encoding: str) -> None:
    """The converted copy keeps its extension last (``X.utf8.txt``); ``X.txt.utf8`` was refused, skipped."""
    calls = tmp_path / "my calls"
    calls.mkdir()
    path = calls / "call one.txt"
    path.write_bytes(data + (b"\x00\xd8" if encoding == "utf-16" else b""))  # a lone surrogate: not UTF-16
    with pytest.raises(IngestError) as info:
        read_file(path)
    hint = info.value.hint or ""
    command = hint[hint.index("iconv") :]
    args = shlex.split(command)
    assert args[:5] == ["iconv", "-f", encoding, "-t", "utf-8"] and args[6] == ">", hint
    assert Path(args[5]) == path
    converted = Path(args[7])
    assert converted == calls / "call one.utf8.txt"
    converted.write_text("Alex: Café crème\nSam: déjà vu\n", encoding="utf-8")  # what iconv writes
    [call] = read_file(converted)
    assert isinstance(call, Transcript) and call.utterances[0].text == "Café crème"
    assert converted in find_files([calls]).files  # a folder's walk reads it too


def test_the_iconv_hint_for_a_sidecar_keeps_its_name() -> None:
    """A sidecar is read only as ``<stem>.meta.json``: the hint converts it in place."""
    with pytest.raises(IngestError) as info:
        read_bytes(b"WEBVTT\n\n", "calls/a.vtt", sidecar='{"title": "Café"}'.encode("cp1252"))
    hint = info.value.hint or ""
    args = shlex.split(hint[hint.index("iconv") :])
    tmp = "calls/a.meta.json.tmp"
    assert args[5:] == ["calls/a.meta.json", ">", tmp, "&&", "mv", tmp, "calls/a.meta.json"], hint
