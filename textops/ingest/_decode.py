"""Bytes to text: size limit, empty and binary files, UTF-8 / UTF-16 with BOM, and a useful hint otherwise."""

from __future__ import annotations

import codecs
import shlex
from pathlib import PurePath

from charset_normalizer import from_bytes

from textops.errors import IngestError, InputTooLargeError
from textops.settings import get_settings

from ._common import SIDECAR_SUFFIX

__all__ = ["FileTooLargeError", "check_size", "decode"]


class FileTooLargeError(InputTooLargeError, IngestError):
    """A file is over ``TEXTOPS_MAX_FILE_BYTES``.

    It is an :class:`~textops.errors.InputTooLargeError` (so the API answers 413) and an
    :class:`~textops.errors.IngestError` (so batch readers collect it with the others and it names the file).
    """


_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (.docx, .xlsx, .zip, ...)"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document (.doc, .xls)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"{\\rtf", "an RTF document"),
)
_TEXT_FORMATS = "export it as UTF-8 text (.txt, .vtt, .srt, .json, .md, .html or .csv)"
_ICONV_NAMES = {"iso8859-1": "latin1", "mac-roman": "MACINTOSH"}
_GUESS_BYTES = 256 * 1024
_NEAR_TIE = 0.02


def check_size(size: int, file: str, limit: int | None = None) -> None:
    """Raise :class:`FileTooLargeError` when ``size`` is over the limit (default: the settings')."""
    limit = get_settings().max_file_bytes if limit is None else limit
    if size > limit:
        raise FileTooLargeError(
            # uploads are read only up to limit + 1 bytes: then the exact size is not known
            f"file is {'larger than allowed' if size == limit + 1 else f'{size:,} bytes'}, over the limit of "
            f"{limit:,} bytes ({limit / 1048576:.1f} MiB, TEXTOPS_MAX_FILE_BYTES)",
            file=file,
            hint="split it into smaller files, or raise TEXTOPS_MAX_FILE_BYTES",
        )


def decode(data: bytes, file: str, *, limit: int | None = None) -> str:
    """Return the text of ``data``; raise :class:`IngestError` for empty, binary or non-UTF-8 input.

    A UTF-8 BOM is dropped; UTF-16 with a BOM is decoded. Line ends are left as they are.
    """
    check_size(len(data), file, limit)
    if not data:
        raise IngestError("file is empty", file=file, hint="export the transcript or copy again")
    for signature, what in _SIGNATURES:
        if data.startswith(signature):
            raise IngestError(f"binary file (it looks like {what})", file=file, hint=_TEXT_FORMATS)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and not data.startswith(
        codecs.BOM_UTF32_LE
    ):
        text = _decode_utf16(data, file)
    else:
        if b"\x00" in data:
            raise _binary(data, file)
        text = _decode_utf8(data, file)
    if "\x00" in text:
        raise _binary(data, file)
    if not text.strip():
        raise IngestError(
            "file contains only whitespace", file=file, hint="export the transcript or copy again"
        )
    return text


def _iconv_hint(encoding: str, file: str) -> str:
    """How to re-save ``file`` as UTF-8 under a name textops reads: the extension stays last.

    ``X.txt`` gives ``X.utf8.txt`` beside it (a ``X.txt.utf8`` would be refused, and skipped in a folder). A
    ``X.meta.json`` sidecar is replaced in place, since only that name is read with its transcript.
    """
    path = PurePath(file)
    if path.name.lower().endswith(SIDECAR_SUFFIX):
        tmp = path.with_name(path.name + ".tmp")
        src, dst = shlex.quote(str(path)), shlex.quote(str(tmp))
        return f"re-save it as UTF-8: iconv -f {encoding} -t utf-8 {src} > {dst} && mv {dst} {src}"
    copy = path.with_name(f"{path.stem}.utf8{path.suffix}")
    src, dst = shlex.quote(str(path)), shlex.quote(str(copy))
    return f"read a UTF-8 copy instead, made with: iconv -f {encoding} -t utf-8 {src} > {dst}"


def _decode_utf16(data: bytes, file: str) -> str:
    try:
        return data.decode("utf-16")
    except UnicodeDecodeError as exc:
        raise IngestError(
            f"file starts with a UTF-16 byte order mark but is not valid UTF-16 (byte {exc.start})",
            file=file,
            hint=_iconv_hint("utf-16", file),
        ) from None


def _decode_utf8(data: bytes, file: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        encoding = _guess_encoding(data)
        if encoding is None or encoding.startswith("utf-8"):
            hint = (
                f"byte 0x{data[exc.start]:02x} at offset {exc.start} is not UTF-8; "
                "fix the damaged characters or re-save the file as UTF-8"
            )
            what = "not valid UTF-8"
        else:
            hint = _iconv_hint(encoding, file)
            what = f"not UTF-8 (it looks like {encoding})"
        raise IngestError(f"file is {what}", file=file, line=line, hint=hint) from None


def _guess_encoding(data: bytes) -> str | None:
    """The likely encoding as an ``iconv`` name, or ``None`` when charset-normalizer has no idea."""
    matches = from_bytes(data[:_GUESS_BYTES])
    best = matches.best()
    if best is None:
        return None
    # Short Western-European texts fit several single-byte code pages about equally well; Windows-1252 is by
    # far the most common source of non-UTF-8 business documents, so it wins a near tie.
    for match in matches:
        if "cp1252" in match.could_be_from_charset and match.chaos <= best.chaos + _NEAR_TIE:
            return "cp1252"
    try:
        name = codecs.lookup(best.encoding).name
    except LookupError:
        name = best.encoding
    return _ICONV_NAMES.get(name, name.replace("_", "-"))


def _binary(data: bytes, file: str) -> IngestError:
    sample = data[:4096]
    even, odd = sample[0::2], sample[1::2]
    if sample and (odd.count(0) > 0.4 * len(odd) or even.count(0) > 0.4 * len(even)):
        endian = "le" if odd.count(0) >= even.count(0) else "be"
        return IngestError(
            "binary file (it contains NUL bytes; it may be UTF-16 text without a byte order mark)",
            file=file,
            hint=_iconv_hint(f"utf-16{endian}", file),
        )
    return IngestError("binary file (it contains NUL bytes)", file=file, hint=_TEXT_FORMATS)
