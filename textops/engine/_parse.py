"""spaCy parsing in a process of its own, for the local engine.

spaCy holds the GIL while it parses, and so does much of the pipelines' own Python: in threads of one
process they take turns, and a corpus analysis used about 1.5 of 2 cores. The local engine therefore sends
the alignment's parses to one parse process (spaCy only: no encoder, and torch kept out) and reads the parsed
documents back as a ``DocBin`` (a few percent of the parse's cost); the threads meanwhile embed, match and
detect. The parses are the same as in-process ones (same pipeline, same profile), so the reports are too.

The process is a plain ``python -m textops.engine._parse MODEL PROFILE`` child speaking length-prefixed
messages on its standard input and output (JSON texts in, ``DocBin`` bytes out) — not ``multiprocessing``,
whose spawned children re-import the caller's ``__main__`` (a script without a main guard would fail).
"""

from __future__ import annotations

import json
import struct
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator, Sequence
from typing import IO, TYPE_CHECKING

from textops.errors import TextopsError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["ParseProcess"]

_HEADER = struct.Struct("<Q")


def _send(stream: IO[bytes], data: bytes) -> None:
    stream.write(_HEADER.pack(len(data)))
    stream.write(data)
    stream.flush()


def _receive(stream: IO[bytes]) -> bytes | None:
    head = stream.read(_HEADER.size)
    if len(head) < _HEADER.size:
        return None
    (size,) = _HEADER.unpack(head)
    data = stream.read(size)
    return data if len(data) == size else None


CHUNK_CHARS = 50_000
"""Characters of text (about 10,000 words) the parse process is sent at a time."""


def _chunks(texts: Sequence[str], limit: int) -> Iterator[list[str]]:
    """``texts`` in order, in lists of at most ``limit`` characters (at least one text each)."""
    chunk: list[str] = []
    size = 0
    for text in texts:
        if chunk and size + len(text) > limit:
            yield chunk
            chunk, size = [], 0
        chunk.append(text)
        size += len(text)
    if chunk:
        yield chunk


class ParseProcess:
    """One child process that parses with the pipeline ``model``/``profile`` (``nlp``'s own).

    :meth:`pipe` is what ``nlp.pipe`` is, with the parsing done in the child; it may be called from several
    threads (one request at a time goes to the child; the documents are read back into ``nlp``'s
    vocabulary).
    """

    def __init__(self, nlp: Language, model: str, profile: str) -> None:
        self.nlp = nlp
        self._errors = tempfile.TemporaryFile()  # noqa: SIM115 — kept open as the child's stderr until close()
        self._process = subprocess.Popen(
            [sys.executable, "-m", "textops.engine._parse", model, profile],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._errors,
        )
        self._lock = threading.Lock()

    def pipe(self, texts: Sequence[str], batch_size: int = 256) -> Iterator[Doc]:
        """The parsed documents of ``texts``, in order (the child parses in batches of its own).

        The texts go to the child in chunks of about :data:`CHUNK_CHARS` characters, and come back chunk by
        chunk: what the child holds at once (its documents and their ``DocBin``) stays small, whatever the
        size of the request.
        """
        for chunk in _chunks(texts, CHUNK_CHARS):
            yield from self._parse(chunk)

    def _parse(self, texts: list[str]) -> list[Doc]:
        from spacy.tokens import DocBin

        with self._lock:
            assert self._process.stdin is not None and self._process.stdout is not None
            try:
                _send(self._process.stdin, json.dumps(texts).encode())
                data = _receive(self._process.stdout)
            except BrokenPipeError:
                data = None
            if data is None:
                raise TextopsError(f"the spaCy parse process stopped: {self._tail()}")
            return list(DocBin().from_bytes(data).get_docs(self.nlp.vocab))

    def _tail(self) -> str:
        self._errors.seek(0)
        text = self._errors.read().decode(errors="replace").strip()
        return text[-1000:] or f"exit code {self._process.poll()}"

    def close(self) -> None:
        """Stop the child (it ends when its input closes)."""
        if self._process.stdin is not None:
            self._process.stdin.close()
        try:
            self._process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        if self._process.stdout is not None:
            self._process.stdout.close()
        self._errors.close()

    def __enter__(self) -> ParseProcess:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _serve(model: str, profile: str) -> None:
    """The child: parse each request until the input closes."""
    from spacy.tokens import DocBin

    from textops.engine._parallel import release_memory
    from textops.loaders import load_spacy

    nlp = load_spacy(model, profile)  # type: ignore[arg-type]
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    while (request := _receive(stdin)) is not None:
        docs = DocBin(store_user_data=False)
        for doc in nlp.pipe(json.loads(request), batch_size=64):
            docs.add(doc)
        _send(stdout, bytes(docs.to_bytes()))
        del docs
        release_memory()  # the parses' arrays are freed: hand their pages back


if __name__ == "__main__":
    # spaCy's thinc imports torch when it is installed, for models that need it; the parse pipelines do not
    # (numpy ops), and the child is smaller without it. A ``None`` entry makes ``import torch`` fail
    # as if it were not installed, which thinc handles.
    sys.modules.setdefault("torch", None)  # type: ignore[arg-type]
    _serve(sys.argv[1], sys.argv[2])
