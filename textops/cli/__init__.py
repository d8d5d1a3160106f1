"""The ``textops`` command line. Every command has ``--help`` with an example.

One module per command group: ``_app`` holds the Typer app, the consoles and what commands share (the
store, progress bars, the one error exit :func:`fail`); ``_ingest`` (ingest, roles, corpora, demo),
``_corpus`` (a corpus's documents), ``_analyze``, ``_align``, ``_objections``, ``_headlines``,
``_experiments``, ``_keys``, ``_db`` and ``_serve`` (serve, version) hold the commands, which import the
library's heavy parts only when they run. They are all registered here, in the order ``textops --help``
lists them.
"""

from __future__ import annotations

import sys

from textops.cli._align import align
from textops.cli._analyze import analyze
from textops.cli._app import app, fail
from textops.cli._corpus import corpus_app
from textops.cli._db import db_app
from textops.cli._experiments import experiment_app, read_counts_csv
from textops.cli._headlines import headlines_command, print_explanation
from textops.cli._ingest import corpora, demo, ingest, roles
from textops.cli._keys import keys_app
from textops.cli._objections import load_custom_categories, objections_command
from textops.cli._serve import serve, version
from textops.errors import TextopsError

__all__ = ["app", "fail", "load_custom_categories", "main", "print_explanation", "read_counts_csv"]

for _command in (ingest, roles, corpora, demo, serve, analyze, align, version):
    app.command()(_command)
app.add_typer(corpus_app, name="corpus")
app.add_typer(db_app, name="db")
app.add_typer(experiment_app, name="experiment")
app.command("headlines")(headlines_command)
app.command("objections")(objections_command)
app.add_typer(keys_app, name="keys")


def main() -> None:
    """Entry point of the ``textops`` script: a :class:`TextopsError` that no command caught exits 2."""
    try:
        app()
    except TextopsError as exc:
        fail(exc)
        sys.exit(2)
