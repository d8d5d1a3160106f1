"""``textops corpus docs|rm-doc``: list a corpus's documents; delete one with its corpus's reports."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from textops.cli._app import command_group, console, exit_on_error, fail, open_store, out, print_json
from textops.cli._options import JsonFlag
from textops.errors import InvalidInputError

__all__ = ["corpus_app"]

corpus_app = command_group(
    "A corpus's documents: list them, delete one (with the reports computed from the corpus).",
    "textops corpus docs demo-calls",
)


@corpus_app.command("docs")
def docs(
    corpus: Annotated[str, typer.Argument(help="corpus name or id (see `textops corpora`)")],
    kind: Annotated[str | None, typer.Option(help="only `transcript` or `copy` documents")] = None,
    limit: Annotated[int, typer.Option(min=1, max=1000, help="at most this many")] = 100,
    offset: Annotated[int, typer.Option(min=0, help="skip this many first")] = 0,
    as_json: JsonFlag = False,
) -> None:
    """List a corpus's documents (oldest first) with the ids `textops corpus rm-doc` takes.

    Example: textops corpus docs demo-calls --kind transcript
    """
    if kind not in (None, "transcript", "copy"):
        raise fail(InvalidInputError(f"unknown kind {kind!r}", hint="choose transcript or copy"))
    store = open_store()
    with exit_on_error():
        items = store.list_documents(store.workspace(), corpus, kind=kind, limit=limit, offset=offset)
    if as_json:
        print_json(items)
        return
    table = Table("id", "kind", "call / document", "title", "date", "words")
    for d in items:
        table.add_row(
            str(d.id),
            "call" if d.kind == "transcript" else d.kind,
            escape(d.external_id),
            escape(d.title or ""),
            d.started_at.strftime("%Y-%m-%d") if d.started_at else "",
            str(d.words),
        )
    out.print(table if items else "no documents in this corpus — add some with: textops ingest")


@corpus_app.command("rm-doc")
def rm_doc(
    document_id: Annotated[int, typer.Argument(min=1, help="the document's id (see `textops corpus docs`)")],
    corpus: Annotated[
        str | None, typer.Option("--corpus", "-c", help="refuse unless the document is in this corpus")
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="do not ask for confirmation")] = False,
    as_json: JsonFlag = False,
) -> None:
    """Delete one document with every report computed from its corpus (they may quote it).

    The cached embeddings of the corpus's analyses go too; its next analysis embeds them again. Refused
    while a background analysis (``textops serve``) reads the corpus.

    Example: textops corpus rm-doc 42 --corpus demo-calls
    """
    from textops.types import Transcript

    store = open_store()
    ws = store.workspace()
    with exit_on_error():
        if not yes:
            corpus_id = store.document_corpus(ws, document_id, corpus=corpus)
            doc = store.get_document(ws, document_id)
            what = f"call {doc.call_id}" if isinstance(doc, Transcript) else f"copy document {doc.doc_id}"
            reports = store.count_corpus_reports(ws, corpus_id)
            console.print(
                f"document {document_id} is the {escape(what)}; the {reports} report(s) computed from its "
                "corpus go with it"
            )
            if not typer.confirm("Delete it?", default=False, err=True):
                console.print("nothing deleted")
                raise typer.Exit(code=1)
        gone = store.delete_document(ws, document_id, corpus=corpus)
    if as_json:
        print_json(gone)
        return
    console.print(
        f"deleted document {gone.document_id} ({escape(gone.external_id)}) and {gone.reports} report(s) "
        f"computed from its corpus; {gone.embeddings} cached embedding(s) dropped"
    )
