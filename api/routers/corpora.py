"""``/v1/corpora``: create, list, inspect and delete corpora; upload documents (files or JSON), delete one."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Path, Query, Response, UploadFile, status
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from api.deps import EmbedderDep, SettingsDep, StoreDep, WorkspaceDep
from api.errors import ErrorResponse
from textops.corpus import IngestSummary, ingest_bytes, ingest_documents
from textops.errors import InputTooLargeError, InvalidInputError
from textops.ingest.redact import redactor_from_settings
from textops.roles import CallRoles, corpus_speakers, set_corpus_roles
from textops.store import CorpusInfo, DocumentDeletion, DocumentInfo
from textops.types import MAX_ROW_ID, CopyDocument, Document, Transcript

router = APIRouter(prefix="/v1", tags=["corpora"])

CorpusId = Annotated[int, Path(ge=1, le=MAX_ROW_ID, description="corpus id")]
RedactQuery = Annotated[
    bool | None,
    Query(
        alias="redact",
        description="replace emails, phone numbers, card numbers, IBANs and US SSNs (in texts, ids and file "
        "names) before storing "
        "(default: the server's TEXTOPS_REDACT_UPLOADS, which is on)",
    ),
]
DocId = Annotated[int, Path(ge=1, le=MAX_ROW_ID, description="document id")]


class RolesIn(BaseModel):
    """Who the reps (and prospects) are in a corpus; replaces the earlier list for the calls it covers."""

    reps: list[SpeakerName] = Field(
        default_factory=list, max_length=500, examples=[["Sales Rep", "Dana Ruiz"]]
    )
    prospects: list[SpeakerName] = Field(default_factory=list, max_length=500)
    call_ids: list[Annotated[str, Field(min_length=1, max_length=300)]] | None = Field(
        default=None, max_length=10_000, description="only these calls (default: every call of the corpus)"
    )


class CorpusCreate(BaseModel):
    """A new corpus."""

    name: str = Field(min_length=1, max_length=200, examples=["q3-discovery-calls"])
    description: str | None = Field(default=None, max_length=2000)


SpeakerName = Annotated[str, Field(min_length=1, max_length=200)]


class DocumentsIn(BaseModel):
    """Documents as JSON (the shapes of ``textops.types``)."""

    transcripts: list[Transcript] = Field(default_factory=list)
    copy_documents: list[CopyDocument] = Field(default_factory=list, alias="copy")
    reps: list[SpeakerName] = Field(
        default_factory=list,
        max_length=500,
        description="speaker names or labels that are sales reps (case and numbering ignored)",
    )
    prospects: list[SpeakerName] = Field(default_factory=list, max_length=500)

    model_config = {"populate_by_name": True}


@router.get("/corpora", response_model=list[CorpusInfo], summary="List corpora")
def list_corpora(store: StoreDep, ws: WorkspaceDep) -> list[CorpusInfo]:
    """All corpora of the workspace with document, utterance and word counts."""
    return store.list_corpora(ws)


@router.post(
    "/corpora", response_model=CorpusInfo, status_code=status.HTTP_201_CREATED, summary="Create a corpus"
)
def create_corpus(body: CorpusCreate, store: StoreDep, ws: WorkspaceDep) -> CorpusInfo:
    """Create an empty corpus; 409 if the name is taken."""
    return store.create_corpus(ws, body.name, body.description)


@router.get("/corpora/{corpus_id}", response_model=CorpusInfo, summary="One corpus")
def get_corpus(corpus_id: CorpusId, store: StoreDep, ws: WorkspaceDep) -> CorpusInfo:
    """A corpus with its counts."""
    return store.get_corpus(ws, corpus_id)


@router.delete("/corpora/{corpus_id}", status_code=status.HTTP_204_NO_CONTENT, summary="Delete a corpus")
def delete_corpus(corpus_id: CorpusId, store: StoreDep, ws: WorkspaceDep, embedder: EmbedderDep) -> Response:
    """Delete a corpus with everything derived from it, in one transaction.

    Gone: its documents and utterances, the reports computed from it, and the cached embeddings of its
    texts (those its analyses computed, and those of its raw texts). Vectors shared with another corpus go
    too; that corpus embeds the text again when it needs it.
    """
    deleted = store.delete_corpus(ws, corpus_id)
    embedder.forget(deleted.embedding_keys)  # this process's in-memory cache too
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/corpora/{corpus_id}/documents", response_model=list[DocumentInfo], summary="List documents")
def list_documents(
    corpus_id: CorpusId,
    store: StoreDep,
    ws: WorkspaceDep,
    kind: Annotated[str | None, Query(pattern="^(transcript|copy)$")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=2**62)] = 0,
) -> list[DocumentInfo]:
    """Document summaries, oldest first."""
    return store.list_documents(ws, corpus_id, kind=kind, limit=limit, offset=offset)


@router.delete(
    "/corpora/{corpus_id}/documents/{document_id}",
    response_model=DocumentDeletion,
    summary="Delete one document",
    responses={
        404: {"model": ErrorResponse, "description": "no such document in this corpus (or this workspace)"},
        409: {"model": ErrorResponse, "description": "an analysis of the corpus is queued or running"},
    },
)
def delete_document(
    corpus_id: CorpusId, document_id: DocId, store: StoreDep, ws: WorkspaceDep, embedder: EmbedderDep
) -> DocumentDeletion:
    """Delete one document of the corpus, with every report computed from the corpus, in one transaction.

    A report does not outlive its source: the corpus's reports may quote the document (sentences, call ids,
    speakers), so they go with it (``reports`` and ``report_ids`` in the answer). The cached embeddings of
    the document's texts and those the corpus's analyses computed go too; the corpus's other documents are
    embedded again by its next analysis. Refused (409) while a background analysis reads the corpus.
    """
    deleted = store.delete_document(ws, document_id, corpus=corpus_id)
    embedder.forget(deleted.embedding_keys)  # this process's in-memory cache too
    return deleted


@router.get("/documents/{document_id}", response_model=Transcript | CopyDocument, summary="One document")
def get_document(document_id: DocId, store: StoreDep, ws: WorkspaceDep) -> Document:
    """A full document (transcript with utterances, or copy with blocks)."""
    return store.get_document(ws, document_id)


@router.post("/corpora/{corpus_id}/files", response_model=IngestSummary, summary="Upload files")
async def upload_files(
    corpus_id: CorpusId,
    store: StoreDep,
    ws: WorkspaceDep,
    settings: SettingsDep,
    files: Annotated[
        list[UploadFile], File(description="transcripts (.txt .vtt .srt .json) or copy (.md .html .txt .csv)")
    ],
    redact: Annotated[
        bool | None,
        Form(
            description="redact emails, phone numbers, card numbers, IBANs and US SSNs (overrides the query "
            "parameter)"
        ),
    ] = None,
    redact_query: RedactQuery = None,
    rep: Annotated[
        list[str] | None,
        Form(
            description="a speaker name or label that is a sales rep (repeat the field for several); "
            "the other speakers of those calls become prospects"
        ),
    ] = None,
    prospect: Annotated[
        list[str] | None, Form(description="a speaker name or label that is a prospect")
    ] = None,
) -> IngestSummary:
    """Upload files; each is read and stored in its own transaction, bad files are reported per file.

    A ``NAME.meta.json`` uploaded beside ``NAME.vtt``/``.srt``/``.txt`` is used as that file's call metadata.
    Emails, phone numbers, card numbers, IBANs and US SSNs are replaced by ``[EMAIL]``, ``[PHONE]``,
    ``[CARD]``, ``[IBAN]``, ``[SSN]`` — in the texts, the call ids and the stored file names — before
    anything is stored, unless ``redact`` (form field or query parameter) is false or the server's
    ``TEXTOPS_REDACT_UPLOADS`` is off; ``redacted`` in the answer counts them.
    """
    do_redact = _choose(redact, redact_query, settings.redact_uploads)
    reps, prospects = _names(rep, "rep"), _names(prospect, "prospect")
    store.get_corpus(ws, corpus_id)
    if len(files) > settings.max_files_per_request:
        raise InputTooLargeError(
            f"{len(files)} files in one request; the limit is {settings.max_files_per_request}",
            hint="upload in several requests",
        )
    items: list[tuple[str, bytes]] = []
    sidecars: dict[str, bytes] = {}
    for upload in files:
        name = upload.filename or "upload"
        data = await upload.read(settings.max_file_bytes + 1)
        if name.endswith(".meta.json"):
            sidecars[name.removesuffix(".meta.json")] = data
            continue
        items.append((name, data))
    if not items:
        raise InvalidInputError(
            "no files to ingest", hint="send one or more files in the multipart field `files`"
        )
    by_stem = {n: sidecars.get(n.rsplit(".", 1)[0]) for n, _ in items}
    sidecar_map = {k: v for k, v in by_stem.items() if v is not None}
    # parsing and database writes block: keep them off the event loop
    redactor = redactor_from_settings(settings) if do_redact else False
    return await run_in_threadpool(
        ingest_bytes,
        store,
        ws,
        corpus_id,
        items,
        sidecars=sidecar_map,
        redact=redactor,
        reps=reps,
        prospects=prospects,
    )


@router.post("/corpora/{corpus_id}/documents", response_model=IngestSummary, summary="Add documents as JSON")
def add_documents(
    corpus_id: CorpusId,
    body: DocumentsIn,
    store: StoreDep,
    ws: WorkspaceDep,
    settings: SettingsDep,
    redact: RedactQuery = None,
) -> IngestSummary:
    """Add transcripts and copy documents given as JSON (idempotent: the same content is stored once).

    Redacted like file uploads (``?redact=false`` keeps the texts as sent).
    """
    docs: list[Document] = [*body.transcripts, *body.copy_documents]
    if not docs:
        raise InvalidInputError("no documents given", hint="send `transcripts` and/or `copy` arrays")
    if len(docs) > settings.max_files_per_request:
        raise InputTooLargeError(
            f"{len(docs)} documents in one request; the limit is {settings.max_files_per_request}",
            hint="send them in several requests",
        )
    for i, doc in enumerate(docs):
        texts = (
            [u.text for u in doc.utterances] if isinstance(doc, Transcript) else [b.text for b in doc.blocks]
        )
        if any(len(t) > settings.max_text_chars for t in texts):
            raise InputTooLargeError(
                f"document {i} has a text field longer than {settings.max_text_chars} characters",
                hint="split long texts into several utterances or blocks",
            )
        if isinstance(doc, Transcript) and not doc.utterances:
            raise InvalidInputError(f"transcript {doc.call_id!r} has no utterances")
    do_redact = _choose(None, redact, settings.redact_uploads)
    return ingest_documents(
        store,
        ws,
        corpus_id,
        docs,
        redact=redactor_from_settings(settings) if do_redact else False,
        reps=body.reps,
        prospects=body.prospects,
    )


@router.get("/corpora/{corpus_id}/speakers", response_model=CallRoles, summary="Speakers and their roles")
def list_speakers(corpus_id: CorpusId, store: StoreDep, ws: WorkspaceDep) -> CallRoles:
    """Every speaker of the corpus's calls with their role per call and the rule that decided it.

    Rules: the file, the user's list, a role-like label, an email domain, inference from what was said (with
    the mean confidence); ``check`` counts the calls whose roles are known, inferred and unknown.
    """
    return corpus_speakers(store, ws, corpus_id)


@router.put("/corpora/{corpus_id}/roles", response_model=CallRoles, summary="Say who the reps are")
def set_roles(corpus_id: CorpusId, body: RolesIn, store: StoreDep, ws: WorkspaceDep) -> CallRoles:
    """Re-derive the roles of the corpus's calls (or ``call_ids``) with this list of reps and prospects.

    No re-upload: the stored calls are re-read. Reports already made are not changed; run them again.
    """
    if not body.reps and not body.prospects:
        raise InvalidInputError("name at least one rep or prospect", hint='send {"reps": ["Sales Rep"]}')
    return set_corpus_roles(
        store, ws, corpus_id, reps=body.reps, prospects=body.prospects, call_ids=body.call_ids
    )


def _names(values: list[str] | None, field: str) -> list[str]:
    """Form values of a repeated name field, checked like the JSON ones."""
    out = [v.strip() for v in values or [] if v.strip()]
    if len(out) > 500 or any(len(v) > 200 for v in out):
        raise InvalidInputError(f"`{field}`: at most 500 names of at most 200 characters")
    return out


def _choose(form: bool | None, query: bool | None, default: bool) -> bool:
    """The request's choice (form field, then query parameter), else the server's setting."""
    if form is not None:
        return form
    return default if query is None else query
