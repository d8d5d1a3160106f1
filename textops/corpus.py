"""Ingest files into a stored corpus: read, validate, redact (optional), store — one transaction per file.

One bad file never aborts a batch: it is reported with its error, and the rest go on. Re-ingesting
the same content is a no-op (documents are keyed by content hash), so an ingest that was killed half-way
is resumed by running it again: each file is stored whole (a document with all its utterances, a
multi-call export with all its calls) or not at all.

Redaction (``redact=True``: the ``TEXTOPS_REDACT_*`` settings, or a :class:`Redactor`) replaces emails,
phone numbers, card numbers, IBANs and US SSNs before anything is stored — and so before anything is
embedded — in every text field, the call or document id and the stored file name (``source``; the ingest
result names each file as it was sent, for the sender to match). The content hash is taken of the
redacted document: the same file ingested with and without redaction is two different calls, and two
calls never share an id in a corpus (:func:`unique_call_ids`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path, PurePath
from typing import Literal

from pydantic import BaseModel

from textops.errors import DatabaseUnavailableError, IngestError, NotFoundError, TextopsError
from textops.ingest import (
    find_files,
    infer_roles,
    read_bytes,
    read_file,
    rederive_roles,
    unsupported_type_error,
)
from textops.ingest.redact import Redactor, redactor_from_settings
from textops.roles import FIX_HINT
from textops.settings import get_settings
from textops.store import CorpusInfo, Store, content_hash
from textops.types import Document, Transcript

__all__ = [
    "FileResult",
    "IngestSummary",
    "demo_corpus_path",
    "ingest_bytes",
    "ingest_documents",
    "ingest_paths",
    "load_demo",
    "prepare_transcript",
    "redacted_calls",
    "unique_call_ids",
    "with_reps",
]

FileStatus = Literal["added", "duplicate", "partial", "error", "skipped"]
RoleMap = tuple[Sequence[str], Sequence[str]]
RolesCount = dict[str, int]


class FileResult(BaseModel):
    """What happened to one input file."""

    file: str
    status: FileStatus
    documents: int = 0
    added: int = 0
    duplicates: int = 0
    error: str | None = None
    hint: str | None = None
    line: int | None = None
    redacted: dict[str, int] = {}
    """Values replaced by redaction, per kind (``email``, ``phone``, ``card``, ``iban``, ``ssn``)."""
    read_as: Literal["transcript", "copy"] | None = None
    """What the file was read as (``None`` when it could not be read)."""
    roles: list[Literal["known", "inferred", "unknown"]] = []
    """Per call read from the file: whether its speakers' roles are known, inferred or unknown."""
    renamed: dict[str, str] = {}
    """Call ids the file's calls are stored under instead of the one taken from their file name, because
    another call of the corpus has it (``call`` → ``call.srt``): see :func:`unique_call_ids`."""


class IngestSummary(BaseModel):
    """What an ingest run did, per file and in total."""

    corpus: CorpusInfo
    files: list[FileResult]
    added: int
    duplicates: int
    errors: int
    redacted: dict[str, int] = {}
    """Values replaced by redaction across all files, per kind; empty when redaction was off."""
    roles: RolesCount = {}
    """Calls of this upload whose roles are ``known`` / ``inferred`` / ``unknown``."""
    roles_warning: str | None = None
    """Set when some calls of this upload have unknown roles: what to do about it."""
    corpus_removed: bool = False
    """True when this run created the corpus and stored nothing in it, so it deleted the empty corpus again
    (:func:`ingest_paths` only; a corpus that existed before is kept)."""


ProgressFn = Callable[[int, int, str], None]

Redact = bool | Redactor
"""``False``: keep texts as they are; ``True``: redact as the settings say; or a :class:`Redactor`."""


def _redactor(redact: Redact) -> Redactor | None:
    if isinstance(redact, Redactor):
        return redact
    return redactor_from_settings() if redact else None


def _redacted(
    docs: Sequence[Document], redactor: Redactor | None, ids: dict[str, str] | None = None
) -> tuple[Sequence[Document], dict[str, int]]:
    if redactor is None:
        return docs, {}
    counts: Counter[str] = Counter()
    return redactor.documents(docs, counts, ids=ids), dict(counts)


def with_reps(docs: Sequence[Document], reps: Sequence[str], prospects: Sequence[str] = ()) -> list[Document]:
    """The documents with the user's mapping of reps (and prospects) applied to every transcript's roles."""
    if not reps and not prospects:
        return list(docs)
    return [
        rederive_roles(d, user_reps=reps, user_prospects=prospects) if isinstance(d, Transcript) else d
        for d in docs
    ]


def _store_docs(
    store: Store,
    ws: int,
    corpus_id: int,
    name: str,
    docs: Sequence[Document],
    redactor: Redactor | None,
    roles: RoleMap = ((), ()),
    ids: dict[str, str] | None = None,
) -> FileResult:
    docs = with_reps(docs, *roles)
    docs, counts = _redacted(docs, redactor, ids)
    docs, renamed = unique_call_ids(store, ws, corpus_id, name, docs, redactor)
    added = store.add_documents(ws, corpus_id, docs)  # one transaction: the whole file or nothing
    status: FileStatus = "added" if added.added else "duplicate"
    calls = [d for d in docs if isinstance(d, Transcript)]
    return FileResult(
        file=name,
        status=status,
        documents=len(docs),
        added=added.added,
        duplicates=added.duplicates,
        redacted=counts,
        read_as="transcript" if calls else "copy",
        roles=[t.roles_status for t in calls],
        renamed=renamed,
    )


_MAX_SUFFIX = 1000
"""The highest number a call named after its file may take (``call-1000``); past it the file is refused."""


def _id_candidates(call: Transcript, name: str, redactor: Redactor | None) -> list[str]:
    """The call's id, then — only when it is its file's name — other ids from the file's name and path.

    The numbered ids come after these (:func:`_numbered`). The folder's name is redacted like the file's
    (``source``) when redaction is on.
    """
    source = call.source or PurePath(name.replace("\\", "/")).name
    stem = PurePath(source).stem
    if call.call_id != stem:
        return [call.call_id]  # the file (a header, the JSON, a sidecar) names the call: keep it
    parent = PurePath(name.replace("\\", "/")).parent.name
    if parent and redactor is not None:
        parent = redactor.text(parent)
    out = [call.call_id, source]
    if parent:
        out += [f"{parent}/{stem}", f"{parent}/{source}"]
    return list(dict.fromkeys(out))


def _numbered(stem: str) -> list[str]:
    """``call-2`` … ``call-1000``: the last ids a call named after its file may take."""
    return [f"{stem}-{k}" for k in range(2, _MAX_SUFFIX + 1)]


def _with_id(doc: Transcript, call_id: str) -> Transcript:
    return doc if call_id == doc.call_id else doc.model_copy(update={"call_id": call_id})


def _choose_id(
    doc: Transcript, candidates: list[str], taken: dict[str, set[str]]
) -> tuple[str, Transcript, str] | None:
    """(id, the call with it, its content hash) for ``doc``, or ``None`` when every candidate is taken.

    Where this very call is stored already, that id; else the first free one.
    """
    for call_id in candidates:  # hashes only where an id is taken: a few, not every candidate
        if call_id in taken:
            chosen = _with_id(doc, call_id)
            digest = content_hash(chosen)
            if digest in taken[call_id]:
                return call_id, chosen, digest
    free = next((c for c in candidates if not taken.get(c)), None)
    if free is None:
        return None
    chosen = _with_id(doc, free)
    return free, chosen, content_hash(chosen)


def unique_call_ids(
    store: Store,
    ws: int,
    corpus_id: int,
    name: str,
    docs: Sequence[Document],
    redactor: Redactor | None = None,
) -> tuple[list[Document], dict[str, str]]:
    """The documents with every call's id unique in the corpus, and the ids that had to change.

    Two different calls with one id would be one call to every report (its call view would show one
    transcript with the other's objections). A call whose id is its file's name (``call.vtt`` → ``call``)
    takes the next free id of ``call.vtt``, ``<folder>/call``, ``<folder>/call.vtt``, ``call-2``, … when
    another call of the corpus (or of the same file) already has it; the same call stored again keeps its
    earlier id (even where an id before it in that list has become free), so ingesting the files again adds
    nothing. A call whose id the file states (a header, the JSON, a sidecar) and that differs from the file's
    name keeps it, or the file is refused with what to do. ``redactor``: the one the documents were redacted
    with (folder names in the ids are redacted too).
    """
    calls = [d for d in docs if isinstance(d, Transcript)]
    if not calls:
        return list(docs), {}
    listed = {id(c): _id_candidates(c, name, redactor) for c in calls}
    # one lookup: the listed ids, and the stored numbered ones (`<stem>-…`) of calls named after their file
    named = {key: ids[0] for key, ids in listed.items() if len(ids) > 1}
    taken = store.call_hashes(
        ws, corpus_id, [i for ids in listed.values() for i in ids], prefixes=[f"{s}-" for s in named.values()]
    )
    candidates = {key: ids + (_numbered(named[key]) if key in named else []) for key, ids in listed.items()}
    out: list[Document] = []
    renamed: dict[str, str] = {}
    for doc in docs:
        if not isinstance(doc, Transcript):
            out.append(doc)
            continue
        found = _choose_id(doc, candidates[id(doc)], taken)
        if found is None:
            raise IngestError(
                f"call id {doc.call_id!r} is already another call's in this corpus",
                file=name,
                hint="give the call its own id (a `# call_id:` line, `call_id` in the JSON or its .meta.json "
                "sidecar), or put it in another corpus",
            )
        call_id, chosen, digest = found
        stored_before = digest in taken.get(call_id, set())
        taken.setdefault(call_id, set()).add(digest)
        if call_id != doc.call_id and not stored_before:  # a call stored again under its id is no news
            renamed[doc.call_id] = call_id
        out.append(chosen)
    return out, renamed


def _error_result(name: str, exc: TextopsError) -> FileResult:
    line = exc.line if isinstance(exc, IngestError) else None
    message = exc.reason if isinstance(exc, IngestError) else exc.message
    return FileResult(file=name, status="error", error=message, hint=exc.hint, line=line)


def _skipped_result(path: Path) -> FileResult:
    exc = unsupported_type_error(str(path))
    return FileResult(file=str(path), status="skipped", error=exc.reason, hint=exc.hint)


def _corpus_exists(store: Store, ws: int, name: str) -> bool:
    try:
        store.get_corpus(ws, name.strip())
    except NotFoundError:
        return False
    return True


def ingest_paths(
    store: Store,
    ws: int,
    corpus: str,
    paths: Iterable[Path],
    *,
    description: str | None = None,
    progress: ProgressFn | None = None,
    redact: Redact = False,
    reps: Sequence[str] = (),
    prospects: Sequence[str] = (),
) -> IngestSummary:
    """Read files (directories are walked) and add their documents to ``corpus`` (created if absent).

    ``reps`` / ``prospects``: speaker names or labels the user says are reps (prospects); they decide the
    roles before any other rule (docs/formats.md, "How roles are decided"). Files of other types in the
    folders are listed in the result with status ``skipped``. A corpus this call created and stored nothing
    in (every file failed, or none could be read) is deleted again (``corpus_removed``).
    """
    redactor = _redactor(redact)
    ids: dict[str, str] = {}  # redacted ids given in this run: two files' calls never share one
    existed = _corpus_exists(store, ws, corpus)
    info = store.create_corpus(ws, corpus, description, exist_ok=True)
    found = find_files(paths)  # the walk of read_paths: hidden files, sidecars, other types skipped
    files = found.files
    results = [_error_result(exc.file or "", exc) for exc in found.errors]
    results += [_skipped_result(path) for path in found.skipped_files]
    for i, path in enumerate(files):
        try:
            docs = read_file(path)
            if not docs:
                raise IngestError(
                    "no documents found", file=path.name, hint="check the file's format in docs/formats.md"
                )
            results.append(_store_docs(store, ws, info.id, str(path), docs, redactor, (reps, prospects), ids))
        except DatabaseUnavailableError:
            raise  # not this file's fault: every other file would fail the same way
        except TextopsError as exc:
            results.append(_error_result(str(path), exc))
        if progress is not None:
            progress(i + 1, len(files), path.name)
    summary = _summary(store, ws, info.id, results)
    if not existed and not summary.corpus.transcripts and not summary.corpus.copy_documents:
        store.delete_corpus(ws, info.id)  # nothing went into the corpus this run created: do not leave it
        summary = summary.model_copy(update={"corpus_removed": True})
    return summary


def ingest_bytes(
    store: Store,
    ws: int,
    corpus: int | str,
    items: Sequence[tuple[str, bytes]],
    *,
    sidecars: dict[str, bytes] | None = None,
    redact: Redact = False,
    reps: Sequence[str] = (),
    prospects: Sequence[str] = (),
) -> IngestSummary:
    """Add uploaded files (name, content) to an existing corpus.

    ``sidecars`` maps a file name to the bytes of its ``.meta.json`` call metadata; ``reps`` /
    ``prospects`` as for :func:`ingest_paths`.
    """
    redactor = _redactor(redact)
    ids: dict[str, str] = {}  # redacted ids given in this upload: two files' calls never share one
    info = store.get_corpus(ws, corpus)
    results: list[FileResult] = []
    sidecars = sidecars or {}
    for name, data in items:
        try:
            docs = read_bytes(data, name, sidecar=sidecars.get(name))
            if not docs:
                raise IngestError(
                    "no documents found", file=name, hint="check the file's format in docs/formats.md"
                )
            results.append(_store_docs(store, ws, info.id, name, docs, redactor, (reps, prospects), ids))
        except DatabaseUnavailableError:
            raise  # not this file's fault: every other file would fail the same way
        except TextopsError as exc:
            results.append(_error_result(name, exc))
    return _summary(store, ws, info.id, results)


def prepare_transcript(t: Transcript) -> Transcript:
    """Give a transcript built in code or posted as JSON what the file readers give.

    Utterances are numbered in order and roles decided by the rules of docs/formats.md (seller domains and
    company from the settings).
    """
    settings = get_settings()
    numbered = t.model_copy(
        update={"utterances": [u.model_copy(update={"index": i}) for i, u in enumerate(t.utterances)]}
    )
    return infer_roles(
        numbered, seller_domains=settings.seller_domains, seller_company=settings.seller_company
    )


def redacted_calls(calls: Sequence[Transcript], redactor: Redactor) -> list[Transcript]:
    """Inline calls prepared (:func:`prepare_transcript`), then redacted.

    The roles are decided first: redaction may remove the e-mail domains that decide them.
    """
    prepared: list[Document] = [prepare_transcript(c) for c in calls]
    return [c for c in redactor.documents(prepared) if isinstance(c, Transcript)]


def ingest_documents(
    store: Store,
    ws: int,
    corpus: int | str,
    docs: Sequence[Document],
    *,
    redact: Redact = False,
    reps: Sequence[str] = (),
    prospects: Sequence[str] = (),
) -> IngestSummary:
    """Add already-typed documents (e.g. from the JSON API) to an existing corpus in one transaction.

    Transcripts go through :func:`prepare_transcript` first, so the same call stored from a file and from
    JSON has the same roles and the same content hash; redaction comes after the roles are decided.
    """
    info = store.get_corpus(ws, corpus)
    docs = [prepare_transcript(d) if isinstance(d, Transcript) else d for d in docs]
    result = _store_docs(store, ws, info.id, "<json>", docs, _redactor(redact), (reps, prospects))
    return _summary(store, ws, info.id, [result])


def _summary(store: Store, ws: int, corpus_id: int, results: list[FileResult]) -> IngestSummary:
    redacted: Counter[str] = Counter()
    roles: Counter[str] = Counter()
    for r in results:
        redacted.update(r.redacted)
        roles.update(r.roles)
    unknown = roles.get("unknown", 0)
    calls = sum(roles.values())
    return IngestSummary(
        corpus=store.get_corpus(ws, corpus_id),
        files=results,
        added=sum(r.added for r in results),
        duplicates=sum(r.duplicates for r in results),
        errors=sum(r.status == "error" for r in results),
        redacted=dict(redacted),
        roles=dict(roles),
        roles_warning=(
            f"the speakers' roles are unknown in {unknown} of the {calls} calls uploaded: {FIX_HINT}"
            if unknown
            else None
        ),
    )


def demo_corpus_path() -> Path:
    """The bundled demo corpus folder (``corpora/demo`` next to the package, or ``TEXTOPS_DEMO_PATH``)."""
    configured = get_settings().demo_path
    if configured is not None:
        return configured
    return Path(__file__).resolve().parent.parent / "corpora" / "demo"


def load_demo(store: Store, ws: int, *, progress: ProgressFn | None = None) -> IngestSummary:
    """Load the demo corpus into corpora ``demo-calls`` (transcripts) and ``demo-copy`` (campaign copy)."""
    root = demo_corpus_path()
    if not (root / "calls").is_dir():
        raise TextopsError(
            f"demo corpus not found at {root}", hint="run from a clone of the textops repository"
        )
    ingest_paths(store, ws, "demo-copy", [root / "copy"], description="Demo campaign copy (synthetic)")
    return ingest_paths(
        store,
        ws,
        "demo-calls",
        [root / "calls"],
        description="Demo call transcripts (synthetic)",
        progress=progress,
    )
