"""Dispatch on the file extension: ``read_bytes`` and ``read_file`` (many files: :mod:`._batch`)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from pydantic import ValidationError

from textops.errors import IngestError
from textops.types import MAX_CALL_ID, MAX_SEGMENT, MAX_SPEAKER, MAX_TITLE, Document

from ._calls import CallMeta, CallOrigin, build_transcript
from ._captions import read_srt_utterances, read_vtt_utterances
from ._common import SIDECAR_SUFFIX, stem_of
from ._copy import read_ads_csv, read_plain_copy
from ._decode import check_size, decode
from ._html import read_html
from ._json import read_json_calls, read_sidecar
from ._markdown import read_markdown
from ._text import looks_like_transcript, read_text_transcript

__all__ = [
    "SIDECAR_SUFFIX",
    "SUPPORTED_EXTENSIONS",
    "Kind",
    "read_bytes",
    "read_file",
    "unsupported_type_error",
]

Kind = Literal["auto", "transcript", "copy"]
"""How to read a file: by its extension (``auto``), or forcing a ``.txt`` to a transcript or to copy."""

_TRANSCRIPT_EXTENSIONS = frozenset({".vtt", ".srt", ".json"})
_COPY_EXTENSIONS = frozenset({".md", ".markdown", ".html", ".htm", ".csv"})
SUPPORTED_EXTENSIONS: frozenset[str] = _TRANSCRIPT_EXTENSIONS | _COPY_EXTENSIONS | {".txt"}
"""The file extensions :func:`read_bytes` understands (lower case, with the dot)."""

_SIDECAR_EXTENSIONS = frozenset({".vtt", ".srt", ".txt"})
# what to do when a file of the other kind is given where transcripts (or copy) are expected
_TRANSCRIPT_HINT = (
    "give the call as .vtt, .srt, .json or .txt ('Name: text' lines); docs/formats.md lists the transcript "
    "formats"
)
_COPY_HINT = "give copy as .md, .html, .txt or .csv; docs/formats.md lists the copy formats"


def _extension(filename: str) -> str:
    return Path(filename.replace("\\", "/")).suffix.lower()


def unsupported_type_error(filename: str) -> IngestError:
    """The error for a file whose extension textops does not read (it names the extensions it does read)."""
    ext = _extension(filename)
    return IngestError(
        f"unsupported file type {ext or '(no extension)'!r}",
        file=filename,
        hint=f"textops reads {', '.join(sorted(SUPPORTED_EXTENSIONS))}",
    )


def _sidecar_name(filename: str) -> str:
    path = Path(filename)
    return str(path.with_name(path.stem + SIDECAR_SUFFIX))


def read_bytes(
    data: bytes,
    filename: str,
    *,
    kind: Kind = "auto",
    seller_domains: Sequence[str] | None = None,
    seller_company: str | None = None,
    sidecar: bytes | None = None,
) -> list[Document]:
    """Read the documents in one file's bytes; the format comes from ``filename``'s extension.

    ``kind`` forces a ``.txt`` file to be read as a transcript or as copy (and rejects a format of the other
    kind). ``seller_domains`` / ``seller_company`` default to the settings and add to what the file says.
    ``sidecar`` is the content of ``<stem>.meta.json`` for ``.vtt``, ``.srt`` and ``.txt`` transcripts.
    Raises :class:`~textops.errors.IngestError` naming the file (and line) when it cannot be read, or when
    a field is longer than the store keeps (a speaker name over 200 characters, ...).
    """
    try:
        return _read_bytes(
            data,
            filename,
            kind=kind,
            seller_domains=seller_domains,
            seller_company=seller_company,
            sidecar=sidecar,
        )
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(x) for x in first.get("loc", ()))
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise IngestError(
            f"{where}: {first.get('msg', 'invalid value')}{more}",
            file=filename,
            hint=f"shorten the field in the file (limits: speaker {MAX_SPEAKER} characters, call id "
            f"{MAX_CALL_ID}, segment and stage {MAX_SEGMENT}, title {MAX_TITLE})",
        ) from None


def _read_bytes(
    data: bytes,
    filename: str,
    *,
    kind: Kind,
    seller_domains: Sequence[str] | None,
    seller_company: str | None,
    sidecar: bytes | None,
) -> list[Document]:
    if kind not in ("auto", "transcript", "copy"):
        raise ValueError(f"kind must be 'auto', 'transcript' or 'copy', not {kind!r}")
    ext = _extension(filename)
    if ext not in SUPPORTED_EXTENSIONS:
        raise unsupported_type_error(filename)
    if kind == "copy" and ext in _TRANSCRIPT_EXTENSIONS:
        raise IngestError(f"{ext} files are transcripts, not copy", file=filename, hint=_COPY_HINT)
    if kind == "transcript" and ext in _COPY_EXTENSIONS:
        if ext == ".csv":
            raise IngestError(
                ".csv files are copy (ads, one per row), not transcripts",
                file=filename,
                hint=f"a speaker,text CSV is not a transcript format: {_TRANSCRIPT_HINT}",
            )
        raise IngestError(f"{ext} files are copy, not transcripts", file=filename, hint=_TRANSCRIPT_HINT)
    text = decode(data, filename)
    stem, source = stem_of(filename), Path(filename.replace("\\", "/")).name
    origin = CallOrigin(stem, source, seller_domains, seller_company)

    if ext == ".json":
        return list(read_json_calls(text, filename, origin=origin))
    if ext in (".md", ".markdown"):
        return [read_markdown(text, filename, doc_id=stem, source=source)]
    if ext in (".html", ".htm"):
        return [read_html(text, filename, doc_id=stem, source=source)]
    if ext == ".csv":
        return list(read_ads_csv(text, filename, stem=stem, source=source))
    if ext == ".txt" and (kind == "copy" or (kind == "auto" and not looks_like_transcript(text))):
        return [read_plain_copy(text, filename, doc_id=stem, source=source)]

    meta: CallMeta | None = None
    if sidecar is not None:
        side_name = _sidecar_name(filename)
        meta = read_sidecar(decode(sidecar, side_name), side_name)
    if ext == ".txt":
        return [read_text_transcript(text, filename, origin=origin, sidecar=meta)]
    utterances = read_vtt_utterances(text, filename) if ext == ".vtt" else read_srt_utterances(text, filename)
    return [build_transcript(meta or CallMeta(), utterances, file=filename, origin=origin)]


def _read_limited(path: Path, file: str) -> bytes:
    try:
        check_size(path.stat().st_size, file)
        return path.read_bytes()
    except OSError as exc:
        raise IngestError(
            f"cannot read the file: {exc.strerror or exc}",
            file=file,
            hint="check that the path exists and is a readable file",
        ) from None


def read_file(
    path: Path,
    *,
    kind: Kind = "auto",
    seller_domains: Sequence[str] | None = None,
    seller_company: str | None = None,
) -> list[Document]:
    """Read one file (see :func:`read_bytes`), with its ``<stem>.meta.json`` sidecar when there is one."""
    path = Path(path)
    file = str(path)
    data = _read_limited(path, file)
    sidecar: bytes | None = None
    side = path.with_name(path.stem + SIDECAR_SUFFIX)
    if path.suffix.lower() in _SIDECAR_EXTENSIONS and side.is_file():
        sidecar = _read_limited(side, str(side))
    return read_bytes(
        data, file, kind=kind, seller_domains=seller_domains, seller_company=seller_company, sidecar=sidecar
    )
