"""Whatever the bytes, a reader returns documents or raises IngestError, never anything else."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from textops.errors import IngestError
from textops.ingest import SUPPORTED_EXTENSIONS, read_bytes
from textops.types import CopyDocument, Transcript

# Pieces of every supported format, so that generated inputs get past the decoder and into the parsers.
_FRAGMENTS = [
    "WEBVTT",
    "WEBVTT - title",
    "NOTE a note",
    "STYLE",
    "00:00:01.000 --> 00:00:02.000",
    "00:01.000 --> 00:02.000 align:start",
    "00:00:03,500 --> 00:00:04,000",
    "00:99:00.000 --> 00:00:01.000",
    "1",
    "-->",
    "<v Dana Ruiz>",
    "<v.loud Sam>hi</v>",
    "</v>",
    "<i>",
    "&amp;",
    "Dana Ruiz: hello there",
    "- Sam: yes",
    "[00:00:05] Dana: hi",
    "[00:61:00] Dana: hi",
    "(01:02) Sam: ok",
    "00:00:09 Lee: sure",
    "# call_id: x",
    "# outcome: won",
    "# outcome: maybe",
    "# started_at: 2026-01-01T00:00:00Z",
    "# rep: Dana",
    "# seller_domain: brightlane.io",
    '{"call_id": "x", "utterances": [{"speaker": "A", "text": "hi", "start": "00:00:01"}]}',
    '{"calls": [',
    '[{"call_id": 1, "utterances": [{"speaker": "A", "text": "t", "role": "buyer"}]}]',
    '"participants": [{"name": "A", "email": "a@b.c", "role": "rep"}]',
    "{",
    "}",
    "[",
    "]",
    ",",
    '"',
    "---",
    "title: Spring",
    "# Heading",
    "## Sub",
    "- bullet",
    "  - nested",
    "1. item",
    "| a | b |",
    "|---|---|",
    "```",
    "<h1>Title</h1>",
    "<p>para",
    "<li>item</li>",
    "<script>x()</script>",
    "<nav>menu</nav>",
    "<a class='btn'>Go</a>",
    "<!-- c -->",
    "<![CDATA[x]]>",
    "<!DOCTYPE html>",
    "headline,body,cta,id",
    "Fast routes,Plan fast,Go,7",
    '"unterminated',
    ";",
    "\t",
    "",
    " ",
]

_lines = st.lists(st.one_of(st.sampled_from(_FRAGMENTS), st.text(max_size=12)), max_size=25)
_texts = st.one_of(
    _lines.map("\n".join),
    _lines.map("\r\n".join),
    _lines.map("\n\n".join),
    st.text(max_size=200),
)
_encoded = st.one_of(
    _texts.map(lambda t: t.encode("utf-8", "surrogatepass")),
    _texts.map(lambda t: t.encode("utf-16", "surrogatepass")),
    st.binary(max_size=300),
)

# Format-shaped inputs that reach deep into each parser.
_stamp = st.one_of(
    st.sampled_from(
        ["00:00:01.000", "00:01.500", "01:00:00.000", "00:00:02,000", "0:0:3.5", "00:75:00.000", "x"]
    ),
    st.from_regex(r"\A\d{1,3}:\d{1,3}(:\d{1,3})?([.,]\d{0,4})?\Z"),
)
_cue_text = st.lists(
    st.one_of(st.sampled_from(_FRAGMENTS[10:20]), st.text(max_size=15)), min_size=0, max_size=3
)
_cue = st.tuples(st.one_of(st.none(), st.integers(0, 99)), _stamp, _stamp, _cue_text)


def _vtt(cues: list[tuple[int | None, str, str, list[str]]]) -> str:
    blocks = []
    for n, start, end, text in cues:
        ident = "" if n is None else f"{n}\n"
        blocks.append(f"{ident}{start} --> {end}\n" + "\n".join(text))
    return "WEBVTT\n\n" + "\n\n".join(blocks) + "\n"


def _srt(cues: list[tuple[int | None, str, str, list[str]]]) -> str:
    return "\n\n".join(f"{n or 1}\n{a} --> {b}\n" + "\n".join(t) for n, a, b, t in cues) + "\n"


_json_scalar = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 5), st.floats(allow_nan=True), st.text(max_size=8), _stamp
)
_json_keys = st.sampled_from(
    ["call_id", "utterances", "speaker", "text", "start", "end", "role", "participants", "name", "email",
     "company", "outcome", "started_at", "metadata", "calls", "seller_domain", "title", "x"]
)  # fmt: skip
_json_value = st.recursive(
    _json_scalar,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(_json_keys, inner, max_size=6)),
    max_leaves=25,
)
_role = st.one_of(st.sampled_from(["rep", "Seller", "buyer", "external", "unknown"]), _json_scalar)
_json_utterance = st.fixed_dictionaries(
    {"speaker": st.text(max_size=6), "text": st.text(max_size=12)},
    optional={"start": _json_scalar, "end": _json_scalar, "role": _role},
)
_json_participant = st.fixed_dictionaries(
    {"name": st.text(max_size=6)},
    optional={"email": st.sampled_from(["a@brightlane.io", "b@acme.com", "x", "@"]), "company": _json_scalar},
)
_json_call = st.fixed_dictionaries(
    {
        "call_id": st.one_of(st.text(max_size=5), st.integers()),
        "utterances": st.lists(_json_utterance, max_size=4),
    },
    optional={
        "participants": st.lists(_json_participant, max_size=3),
        "outcome": st.sampled_from(["won", "LOST", "open", "tbd"]),
        "started_at": st.sampled_from(["2026-04-02T16:00:00Z", "2026-04-02", "soon"]),
        "seller_domain": st.one_of(st.just("brightlane.io"), st.lists(st.text(max_size=5), max_size=2)),
        "metadata": st.dictionaries(st.text(max_size=4), _json_value, max_size=3),
    },
)
_json = st.one_of(
    _json_value,
    _json_call,
    st.lists(_json_call, max_size=3),
    st.fixed_dictionaries({"calls": st.lists(_json_call, max_size=3)}),
)
_csv_cell = st.one_of(
    st.sampled_from(["headline", "body", "cta", "id", "channel", "", '"a,b"', '"x']), st.text(max_size=8)
)
_csv = st.lists(st.lists(_csv_cell, max_size=6), max_size=6).map(
    lambda rows: "\n".join(",".join(r) for r in rows)
)

_SHAPED: dict[str, st.SearchStrategy[str]] = {
    ".vtt": st.lists(_cue, max_size=6).map(_vtt),
    ".srt": st.lists(_cue, max_size=6).map(_srt),
    ".json": _json.map(json.dumps),
    ".csv": _csv,
}


@pytest.mark.parametrize("extension", sorted(SUPPORTED_EXTENSIONS))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_read_bytes_returns_documents_or_raises_ingest_error(extension: str, data: st.DataObject) -> None:
    shaped = _SHAPED.get(extension, _texts).map(lambda t: t.encode("utf-8", "surrogatepass"))
    raw = data.draw(st.one_of(_encoded, shaped), label="bytes")
    try:
        docs = read_bytes(raw, f"upload{extension}")
    except IngestError as exc:
        assert exc.file == f"upload{extension}"
        assert exc.reason
        assert exc.hint
        return
    assert docs
    for doc in docs:
        assert isinstance(doc, Transcript | CopyDocument)
        if isinstance(doc, Transcript):
            assert doc.utterances
            assert [u.index for u in doc.utterances] == list(range(len(doc.utterances)))
            assert all(u.text and u.text == " ".join(u.text.split()) for u in doc.utterances)
        else:
            assert doc.blocks
            assert all(b.text and b.text == " ".join(b.text.split()) for b in doc.blocks)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=_encoded, sidecar=_encoded)
def test_sidecars_never_raise_anything_but_ingest_error(data: bytes, sidecar: bytes) -> None:
    try:
        docs = read_bytes(data, "call.txt", kind="transcript", sidecar=sidecar)
    except IngestError as exc:
        assert exc.file in ("call.txt", "call.meta.json")
        return
    assert all(isinstance(d, Transcript) for d in docs)
