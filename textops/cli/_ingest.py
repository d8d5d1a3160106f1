"""``textops ingest|roles|corpora|demo``: put calls and copy into the store and look at what is there."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table

from textops.cli._app import (
    console,
    exit_on_error,
    open_store,
    out,
    pipeline_progress,
    print_json,
    progress_bar,
)
from textops.cli._options import JsonFlag, ProspectsOption, RepsOption
from textops.settings import get_settings

if TYPE_CHECKING:
    from textops.corpus import IngestSummary
    from textops.store import Store

__all__ = ["corpora", "demo", "ingest", "roles"]


_SKIPPED_SHOWN = 20
"""At most this many skipped files are named (``--json`` lists them all)."""


def _print_ingest(summary: IngestSummary, as_json: bool) -> None:
    if as_json:
        print_json(summary)
        return
    for f in summary.files:
        if f.status == "error":
            where = f"{f.file}:{f.line}" if f.line else f.file
            console.print(
                f"[red]✗[/red] {escape(where)}: {escape(f.error or '')}"
                + (f" [dim]({escape(f.hint)})[/dim]" if f.hint else "")
            )
    for f in summary.files:
        for was, now in f.renamed.items():
            console.print(
                f"[yellow]renamed[/yellow] {escape(f.file)}: call id {escape(repr(was))} is another call's "
                f"in this corpus, so this call is stored as {escape(repr(now))}"
            )
    skipped = [f for f in summary.files if f.status == "skipped"]
    for f in skipped[:_SKIPPED_SHOWN]:
        console.print(f"[yellow]skipped[/yellow] {escape(f.file)}: {escape(f.error or '')}")
    if len(skipped) > _SKIPPED_SHOWN:
        console.print(
            f"[yellow]skipped[/yellow] … and {len(skipped) - _SKIPPED_SHOWN} more (--json lists all)"
        )
    c = summary.corpus
    counts = f"+{summary.added} new, {summary.duplicates} already there, {summary.errors} file(s) failed"
    if skipped:
        counts += f", {len(skipped)} skipped"
    if summary.corpus_removed:
        out.print(
            f"corpus [bold]{escape(c.name)}[/bold]: {counts} — nothing was stored, so the corpus this run "
            "created was not kept"
        )
        return
    out.print(
        f"corpus [bold]{escape(c.name)}[/bold] (id {c.id}): {counts} — now {c.transcripts} transcripts, "
        f"{c.copy_documents} copy documents, {c.words} words"
    )
    if summary.roles and _new_calls(summary):
        known, inferred, unknown = (summary.roles.get(k, 0) for k in ("known", "inferred", "unknown"))
        out.print(
            f"speaker roles in the {known + inferred + unknown} call(s) read: {known} from the files or "
            f"labels, {inferred} inferred from what was said, {unknown} unknown (see `textops roles "
            f"{escape(c.name)}`)"
        )


def _new_calls(summary: IngestSummary) -> bool:
    """Whether the run stored a call; if not, the roles of the calls read (all stored before) are old news."""
    return any(f.added and f.roles for f in summary.files)


def ingest(
    paths: Annotated[list[Path], typer.Argument(help="files or folders (walked recursively)", exists=True)],
    corpus: Annotated[str, typer.Option("--corpus", "-c", help="corpus name (created if absent)")],
    description: Annotated[str | None, typer.Option(help="corpus description")] = None,
    as_json: JsonFlag = False,
    redact: Annotated[
        bool,
        typer.Option(
            "--redact/--no-redact",
            help="replace emails, phone numbers, card numbers, IBANs and US SSNs with [EMAIL] [PHONE] [CARD] "
            "[IBAN] [SSN] before storing, in texts, ids and metadata (kinds and tokens: "
            "TEXTOPS_REDACT_*); off by default here, on by default for API uploads",
        ),
    ] = False,
    rep: RepsOption = None,
    prospect: ProspectsOption = None,
) -> None:
    """Read transcripts/copy files into a corpus. Bad files are reported; the rest go on.

    A killed ingest is resumed by running it again: files already stored are skipped. Files of other types
    in the folders are listed as skipped. A corpus this command creates is not kept when nothing went into
    it. Speaker roles come from the files, role-like labels (Customer, Sales Rep), or are inferred from
    what each speaker says; --rep says who the reps are: the other speakers of those calls become prospects
    (change it later with `textops roles`).

    Exit status: 0 when every file read was stored or was already there; 1 when a file failed (the others
    are still stored) or no transcript or copy file was found; 2 when the command could not run (a bad
    option or corpus name, the database).

    Example: textops ingest corpora/demo/calls --corpus calls-redacted --redact --rep "Dana Ruiz"
    """
    from textops.corpus import ingest_paths

    store = open_store()
    ws = store.workspace()
    with exit_on_error(), progress_bar() as progress:
        task = progress.add_task("ingest", total=None, item="")

        def step(done: int, total: int, name: str) -> None:
            progress.update(task, completed=done, total=total, item=name)

        summary = ingest_paths(
            store,
            ws,
            corpus,
            paths,
            description=description,
            progress=step,
            redact=redact,
            reps=rep or [],
            prospects=prospect or [],
        )
    _print_ingest(summary, as_json)
    if summary.roles_warning and _new_calls(summary) and not as_json:
        console.print(f"[yellow]warning:[/yellow] {escape(summary.roles_warning)}")
    if redact and not as_json:
        counts = ", ".join(f"{n} {kind}" for kind, n in sorted(summary.redacted.items())) or "nothing"
        console.print(f"redacted: {counts}")
    if summary.errors:
        raise typer.Exit(code=1)
    if all(f.status == "skipped" for f in summary.files):
        _nothing_to_read(summary, paths, as_json)


def _nothing_to_read(summary: IngestSummary, paths: list[Path], as_json: bool) -> None:
    """Exit 1: no transcript or copy file among ``paths`` (only files of other types, or none at all)."""
    from textops.ingest import SUPPORTED_EXTENSIONS

    if not as_json:
        skipped = sum(f.status == "skipped" for f in summary.files)
        where = ", ".join(str(p) for p in paths)
        others = f" ({skipped} file(s) of other types skipped)" if skipped else ""
        console.print(
            f"[red]error:[/red] nothing to read: no transcript or copy file in {escape(where)}{others}"
        )
        console.print(
            f"[dim]hint:[/dim] give transcripts or copy ({', '.join(sorted(SUPPORTED_EXTENSIONS))}); "
            "docs/formats.md lists the formats"
        )
    raise typer.Exit(code=1)


def roles(
    corpus: Annotated[str, typer.Argument(help="corpus name or id")],
    rep: RepsOption = None,
    prospect: ProspectsOption = None,
    call: Annotated[
        list[str] | None, typer.Option("--call", help="only these call ids (repeatable; default: all)")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Show the speakers of a corpus with their roles; with --rep/--prospect, change them.

    Changing roles re-derives them from the stored calls (no re-upload); run the analyses again after.

    Example: textops roles demo-calls --rep "Sales Rep" --rep "Dana Ruiz"
    """
    from textops.roles import corpus_speakers, set_corpus_roles

    store = open_store()
    ws = store.workspace()
    ref: int | str = int(corpus) if corpus.isdigit() else corpus
    with exit_on_error():
        if rep or prospect:
            result = set_corpus_roles(store, ws, ref, reps=rep or [], prospects=prospect or [], call_ids=call)
        else:
            result = corpus_speakers(store, ws, ref)
    if as_json:
        print_json(result)
        return
    table = Table("speaker", "calls", "turns", "role (calls)", "decided by", "confidence")
    for sp in result.speakers[:100]:
        several = len(sp.reported_as) > 1  # counts only when the name differs between calls, as in the UI
        named = ", ".join(f"{name} {n}" if several else name for name, n in sorted(sp.reported_as.items()))
        table.add_row(
            escape(sp.speaker) + (f" (reported as {escape(named)})" if named else ""),
            str(sp.calls),
            str(sp.turns),
            ", ".join(f"{r} {n}" for r, n in sorted(sp.roles.items())),
            ", ".join(f"{r} {n}" for r, n in sorted(sp.sources.items())),
            "" if sp.confidence is None else f"{sp.confidence:.2f}",
        )
    out.print(table)
    if len(result.speakers) > 100:
        out.print(f"… and {len(result.speakers) - 100} more speakers (--json lists all)")
    c = result.check
    if result.changed is not None:
        out.print(f"roles changed in {result.changed} call(s); run the analyses again to use them")
    one = f", {c.one_speaker} with one speaker only (a voicemail?)" if c.one_speaker else ""
    out.print(
        f"calls: {c.known} roles known, {c.inferred} inferred "
        f"({c.low_confidence} low confidence), {c.unknown} unknown{one}"
    )
    if c.warning:
        console.print(f"[yellow]warning:[/yellow] {escape(c.warning)}")


def corpora(as_json: JsonFlag = False) -> None:
    """List corpora with their counts.

    Example: textops corpora --json
    """
    store = open_store()
    items = store.list_corpora(store.workspace())
    if as_json:
        print_json(items)
        return
    table = Table("id", "name", "transcripts", "copy", "utterances", "words", "created")
    for c in items:
        table.add_row(
            str(c.id),
            c.name,
            str(c.transcripts),
            str(c.copy_documents),
            str(c.utterances),
            str(c.words),
            c.created_at.strftime("%Y-%m-%d %H:%M"),
        )
    out.print(table if items else "no corpora yet — try: textops demo")


def demo(
    as_json: JsonFlag = False,
    report: Annotated[
        bool, typer.Option("--report/--no-report", help="also run the alignment report")
    ] = True,
) -> None:
    """Load the bundled (synthetic) demo corpus into `demo-calls` and `demo-copy`; run the alignment on it.

    The report is stored (GET /v1/alignment/{id}) and written as HTML under the data folder.

    Example: textops demo
    """
    from textops.corpus import demo_corpus_path, load_demo

    store = open_store()
    ws = store.workspace()
    with exit_on_error():
        with progress_bar() as progress:
            task = progress.add_task("demo corpus", total=None, item="")
            summary = load_demo(
                store, ws, progress=lambda d, t, n: progress.update(task, completed=d, total=t, item=n)
            )
        _print_ingest(summary, as_json)
        if report:
            _demo_report(store, ws, demo_corpus_path())


def _demo_report(store: Store, ws: int, root: Path) -> None:
    from textops.alignment import AlignmentConfig
    from textops.alignment import align as run_align
    from textops.embeddings import TrackingEmbedder, store_embedder
    from textops.ingest import load_pillars
    from textops.reports import render

    copy_docs = store.load_copy(ws, ["demo-copy"])
    calls = store.load_transcripts(ws, ["demo-calls"])
    corpus_ids = [store.get_corpus(ws, "demo-copy").id, store.get_corpus(ws, "demo-calls").id]
    # cached vectors are linked to the corpora, so deleting a corpus also deletes them
    embedder = TrackingEmbedder(store_embedder(store), store, corpus_ids)
    with pipeline_progress("alignment") as progress:
        result = run_align(
            copy_docs,
            calls,
            embedder=embedder,
            framework=load_pillars(root / "messaging.json"),
            config=AlignmentConfig(own_names=frozenset({"brightlane"})),
            progress=progress,
        )
    rid = store.save_report(ws, "alignment", result.model_dump(mode="json"), corpus_ids=corpus_ids)
    html = get_settings().data_dir / "reports" / "demo-alignment.html"
    html.parent.mkdir(parents=True, exist_ok=True)
    html.write_text(render(result, "html"), encoding="utf-8")
    c = result.components
    console.print(
        f"alignment on the demo corpus: consistency {c.score}/100 over {result.calls} calls; "
        f"never delivered: {', '.join(result.never_delivered_pillars) or 'none'}; "
        f"drifting reps: {', '.join(result.drifting_reps) or 'none'}"
    )
    console.print(f"report {rid}: GET /v1/alignment/{rid} — HTML: {html}")
