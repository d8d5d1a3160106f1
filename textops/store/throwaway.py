"""A throwaway PostgreSQL server for tests and benchmarks.

It is started from the installed binaries on a unix socket in a temporary folder, with durability off
(``fsync=off``), and removed when it stops.

Needs Debian's ``postgresql`` package (``make postgres``) or ``initdb``/``pg_ctl`` on the ``PATH``. As root
the cluster runs as the ``postgres`` user (``initdb`` refuses root). Not for data you want to keep.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

__all__ = ["ThrowawayPostgres", "postgres_bindir"]


def postgres_bindir() -> Path | None:
    """The folder of ``initdb`` and ``pg_ctl``: on the ``PATH``, else Debian's newest, else None."""
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    return versions[-1].parent if versions else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ThrowawayPostgres:
    """``with ThrowawayPostgres() as pg: url = pg.create_database()`` — a private server for a while.

    ``url_template`` may name an existing server instead (a SQLAlchemy URL with ``{db}`` where the database
    name goes); then nothing is started and databases are made and dropped on that server.
    """

    def __init__(self, url_template: str | None = None) -> None:
        self.url_template = url_template or ""
        self._root: Path | None = None
        self._as_user: list[str] = []
        self._bindir: Path | None = None

    def start(self) -> ThrowawayPostgres:
        """Start the server (unless a URL template was given); raises RuntimeError when it cannot."""
        if self.url_template:
            return self
        bindir = postgres_bindir()
        if bindir is None:
            raise RuntimeError(
                "PostgreSQL is not installed: run `make postgres` (Debian's postgresql package)"
            )
        root = Path(tempfile.mkdtemp(prefix="textops-pg-"))
        data, sock = root / "data", root / "sock"
        sock.mkdir()
        if os.geteuid() == 0:  # initdb refuses to run as root
            self._as_user = ["runuser", "-u", "postgres", "--"]
            root.chmod(0o755)
            shutil.chown(root, "postgres")
            shutil.chown(sock, "postgres")
        port = _free_port()
        opts = (
            f"-k {sock} -p {port} -c listen_addresses='' -c fsync=off -c synchronous_commit=off "
            "-c full_page_writes=off -c max_connections=200"
        )
        self._root, self._bindir = root, bindir
        self._run(
            str(bindir / "initdb"),
            "-D",
            str(data),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--no-locale",
        )
        self._run(
            str(bindir / "pg_ctl"), "-D", str(data), "-l", str(root / "server.log"), "-w", "-o", opts, "start"
        )
        self.url_template = f"postgresql+psycopg://postgres@/{{db}}?host={sock}&port={port}"
        return self

    def stop(self) -> None:
        """Stop the server and remove its files (a no-op for a server given by URL)."""
        if self._root is None or self._bindir is None:
            return
        stop = [
            *self._as_user,
            str(self._bindir / "pg_ctl"),
            "-D",
            str(self._root / "data"),
            "-m",
            "immediate",
            "-w",
            "stop",
        ]
        subprocess.run(stop, capture_output=True, timeout=60, check=False)
        shutil.rmtree(self._root, ignore_errors=True)
        self._root = None

    def __enter__(self) -> ThrowawayPostgres:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()

    def _run(self, *args: str) -> None:
        subprocess.run([*self._as_user, *args], check=True, capture_output=True, timeout=120)

    def _admin(self, sql: str) -> None:
        import psycopg

        url = self.url_template.replace("postgresql+psycopg://", "postgresql://").replace("{db}", "postgres")
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(sql)  # type: ignore[arg-type]

    def create_database(self) -> str:
        """A new empty database; returns its SQLAlchemy URL."""
        name = f"t_{uuid.uuid4().hex[:16]}"
        self._admin(f'CREATE DATABASE "{name}"')
        return self.url_template.replace("{db}", name)

    def drop_database(self, url: str) -> None:
        """Drop a database made by :meth:`create_database`, closing its connections."""
        name = url.split("?", 1)[0].rsplit("/", 1)[1]
        self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
