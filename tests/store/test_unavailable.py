"""A database that cannot be reached or opened is one clear error: which database, what failed, what to do.

It was SQLAlchemy's traceback (``OperationalError ... Connection refused``) at every command, at ``textops
serve`` start-up, and a 500 when the database went away while serving.
"""

from __future__ import annotations

import os
import shutil
import socket
from pathlib import Path

import pytest
from sqlalchemy.exc import IntegrityError, OperationalError

from textops.errors import ConfigError, DatabaseUnavailableError
from textops.store import Store, make_engine, masked_url, schema_state
from textops.store._connect import unavailable
from textops.store.throwaway import ThrowawayPostgres


def _unused_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_no_server_at_the_url_says_which_database_and_why_with_the_password_masked() -> None:
    url = f"postgresql+psycopg://me:s3cret@127.0.0.1:{_unused_port()}/textops"
    with pytest.raises(DatabaseUnavailableError) as info:
        Store(url)
    err = info.value
    shown = url.replace("s3cret", "***")
    assert err.message == f"cannot connect to the database {shown}: connection refused"
    assert err.url == shown and err.reason == "connection refused" and err.code == "database_unavailable"
    assert err.hint is not None and "TEXTOPS_DATABASE_URL" in err.hint and "running" in err.hint
    assert "s3cret" not in str(err)
    with pytest.raises(DatabaseUnavailableError, match="connection refused"):  # `textops db status`
        schema_state(make_engine(url))


def test_a_database_that_does_not_exist_on_the_server(pg_server: ThrowawayPostgres) -> None:
    url = pg_server.url_template.replace("{db}", "no_such_database")
    with pytest.raises(DatabaseUnavailableError) as info:
        Store(url)
    assert info.value.reason == "database does not exist"
    assert info.value.hint is not None and "create the database" in info.value.hint


@pytest.mark.parametrize(
    ("driver_says", "reason"),
    [
        ("failed to resolve host 'nohost': [Errno -2] Name or service not known", "host not found"),
        ('could not translate host name "nohost" to address: Name or service not known', "host not found"),
        (
            'connection failed: connection to server at "10.0.0.5", port 5432 failed: FATAL:  password '
            'authentication failed for user "me"',
            "authentication failed",
        ),
        (
            'connection failed: connection to server on socket "/run/pg/.s.PGSQL.5432" failed: FATAL:  '
            'database "textops" does not exist',
            "database does not exist",
        ),
        ("connection timeout expired", "timed out"),
        ("something else went wrong\nDETAIL: more", "something else went wrong"),
    ],
)
def test_what_failed_is_said_in_a_few_words(driver_says: str, reason: str) -> None:
    err = unavailable(
        OperationalError(None, None, Exception(driver_says)), "postgresql://me:pw@db.internal/x"
    )
    assert err is not None and err.reason == reason
    assert err.url == "postgresql://me:***@db.internal/x"


def test_other_database_errors_are_left_as_they_are() -> None:
    no_table = OperationalError("SELECT * FROM nope", {}, Exception("no such table: nope"))
    assert unavailable(no_table, "sqlite:///x.db") is None  # a statement's error, not the database's
    duplicate = IntegrityError("INSERT ...", {}, Exception("UNIQUE constraint failed: workspaces.name"))
    assert unavailable(duplicate, "sqlite:///x.db") is None


def test_a_sqlite_file_whose_folder_cannot_be_made(tmp_path: Path) -> None:
    in_the_way = tmp_path / "var"
    in_the_way.write_text("a file, not a folder")
    url = f"sqlite:///{in_the_way / 'textops.db'}"
    with pytest.raises(DatabaseUnavailableError) as info:
        Store(url)
    assert info.value.message == (
        f"cannot open the SQLite database {url}: its folder {in_the_way} cannot be made (a file of that name "
        "is in the way)"
    )
    assert info.value.hint is not None and "folder" in info.value.hint and "--db" in info.value.hint


@pytest.mark.skipif(
    not Path("/proc/self").is_dir(), reason="needs Linux's /proc (no folder can be made in it)"
)
def test_a_sqlite_file_under_a_missing_folder_that_cannot_be_made() -> None:
    with pytest.raises(DatabaseUnavailableError, match=r"its folder /proc/textops-missing cannot be made"):
        Store("sqlite:////proc/textops-missing/textops.db")


def test_a_missing_folder_is_still_made(tmp_path: Path) -> None:
    Store(f"sqlite:///{tmp_path / 'new' / 'deeper' / 'textops.db'}")
    assert (tmp_path / "new" / "deeper" / "textops.db").is_file()


def test_a_sqlite_path_that_cannot_be_opened_or_written(tmp_path: Path) -> None:
    with pytest.raises(DatabaseUnavailableError, match="the database file cannot be opened or created"):
        Store(f"sqlite:///{tmp_path}")  # a folder
    Store(f"sqlite:///{tmp_path / 'ro.db'}")
    read_only = Store(f"sqlite:///file:{tmp_path / 'ro.db'}?mode=ro&uri=true")
    with pytest.raises(DatabaseUnavailableError, match="the database file cannot be written"):
        read_only.workspace("new")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes in any folder")
def test_a_sqlite_file_in_a_folder_that_cannot_be_written(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o555)
    with pytest.raises(DatabaseUnavailableError, match=r"cannot open the SQLite database .*locked"):
        Store(f"sqlite:///{locked / 'textops.db'}")


def test_a_database_gone_while_in_use(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'db' / 'textops.db'}")
    ws = store.workspace()
    shutil.rmtree(tmp_path / "db")
    store.engine.dispose()  # the next use opens the file again
    with pytest.raises(DatabaseUnavailableError, match="cannot be opened"):
        store.list_corpora(ws)


def test_a_url_that_is_not_one_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="is not one SQLAlchemy can read"):
        Store("var/textops.db")
    with pytest.raises(ConfigError, match=r"no database driver for nosuch://me:\*\*\*@h/x"):
        Store("nosuch://me:pw@h/x")


def test_masked_url_hides_every_password_and_keeps_the_rest() -> None:
    assert masked_url("postgresql+psycopg://me:p%40ss@h:5432/x") == "postgresql+psycopg://me:***@h:5432/x"
    assert (
        masked_url("postgresql://me@/x?host=/tmp/s&password=pw")
        == "postgresql://me@/x?host=/tmp/s&password=***"
    )
    assert masked_url("sqlite:////tmp/a:b@c.db") == "sqlite:////tmp/a:b@c.db"
    assert masked_url("postgresql://me@h/x") == "postgresql://me@h/x"
    # a password holding "@", and a URL missing its scheme (the one an "is not a URL" error shows)
    assert masked_url("postgresql://me:p@ss@h/x") == "postgresql://me:***@h/x"
    assert masked_url("me:s3cret@db/x") == "me:***@db/x"
    assert masked_url("me@db/x") == "me@db/x"
