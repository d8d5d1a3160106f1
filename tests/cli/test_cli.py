from __future__ import annotations

import json
import re
import shlex
import socket
from pathlib import Path

import pytest
import typer
from typer.core import TyperGroup
from typer.testing import CliRunner

from tests.support import DEMO, ROOT
from textops.cli import app, fail
from textops.cli._app import console as cli_console
from textops.errors import ConfigError, InvalidInputError
from textops.settings import Settings
from textops.store import Store

runner = CliRunner()


def _db(settings: Settings) -> list[str]:
    return ["--db", settings.resolved_database_url]


def _command_paths(command: object, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command and group of the app, as the words that name it (the root is ``()``)."""
    paths = [path]
    if isinstance(command, TyperGroup):
        for name, sub in command.commands.items():
            paths += _command_paths(sub, (*path, name))
    return paths


def test_every_command_help_has_an_example() -> None:
    paths = _command_paths(typer.main.get_command(app))
    assert {("ingest",), ("align",), ("headlines",), ("objections",), ("version",)} <= set(paths)
    assert {("db", "upgrade"), ("experiment", "analyze"), ("keys", "revoke")} <= set(paths)
    assert len(paths) == 24  # the app, 10 commands, 4 groups and their 9 sub-commands
    for path in paths:
        result = runner.invoke(app, [*path, "--help"], env={"COLUMNS": "250"})
        assert result.exit_code == 0, (path, result.output)
        assert re.search(r"^\W*Example: textops \S", result.output, re.M), (path, result.output)


def test_fail_escapes_markup_and_always_prints_the_hint() -> None:
    with cli_console.capture() as captured:
        exit_ = fail(InvalidInputError("no corpus [bold]x[/bold]", hint="try [red]y[/red]"))
    assert exit_.exit_code == 2
    assert captured.get().splitlines() == ["error: no corpus [bold]x[/bold]", "hint: try [red]y[/red]"]
    with cli_console.capture() as captured:
        fail(InvalidInputError("plain"))
    assert captured.get().splitlines() == ["error: plain"]


def _error_lines(output: str) -> list[str]:
    """The ``error:``/``hint:`` lines (the output may also hold log lines of the store opening)."""
    return [line for line in output.splitlines() if line.startswith(("error:", "hint:"))]


def test_command_errors_go_through_the_one_exit(settings: Settings) -> None:
    # each of these printed its error its own way before: markup read as markup, or the hint on the same line
    missing = runner.invoke(app, [*_db(settings), "objections", "[bold]nowhere[b]"])
    assert missing.exit_code == 2
    assert _error_lines(missing.output) == [
        "error: corpus '[bold]nowhere[b]' not found",
        "hint: list corpora with `textops corpora` or GET /v1/corpora",
    ]
    plan = runner.invoke(app, ["experiment", "plan", "--baseline", "2", "--mde", "0.1"])
    assert plan.exit_code == 2
    assert _error_lines(plan.output) == [
        "error: --baseline must be between 0 and 1 (got 2.0)",
        "hint: e.g. 0.03 for 3%",
    ]
    channel = runner.invoke(app, ["headlines", "x", "--channel", "[b]tv[/b]"])
    assert channel.exit_code == 2
    assert "error: unknown channel '[b]tv[/b]'" in channel.output
    fmt = runner.invoke(app, ["objections", str(DEMO / "calls"), "-f", "[b]pdf[/b]"])
    assert fmt.exit_code == 2 and "error: unknown format '[b]pdf[/b]'" in fmt.output


def test_main_turns_an_uncaught_error_into_exit_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import textops.cli

    def boom() -> None:
        raise ConfigError("bad [bold]setting[/bold]", hint="set [i]TEXTOPS_X[/i]")

    monkeypatch.setattr(textops.cli, "app", boom)
    with pytest.raises(SystemExit) as exited:
        textops.cli.main()
    assert exited.value.code == 2
    assert capsys.readouterr().err.splitlines() == [
        "error: bad [bold]setting[/bold]",
        "hint: set [i]TEXTOPS_X[/i]",
    ]


def _unused_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_a_database_that_cannot_be_reached_is_one_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every command, and `serve` before uvicorn starts, said it with SQLAlchemy's traceback and exit 1."""
    import uvicorn

    import api.observability

    port = _unused_port()
    url = f"postgresql+psycopg://me:s3cret@127.0.0.1:{port}/textops"
    said = [
        f"error: cannot connect to the database postgresql+psycopg://me:***@127.0.0.1:{port}/textops: "
        "connection refused",
        "hint: check the URL (--db or TEXTOPS_DATABASE_URL), and that the database server is running and "
        "accepts connections from here",
    ]

    def never(*_: object, **__: object) -> None:
        raise AssertionError("uvicorn started over a database that cannot be reached")

    monkeypatch.setattr(uvicorn, "run", never)
    monkeypatch.setattr(api.observability, "configure_logging", lambda _settings: None)
    for command in (
        ["corpora"],
        ["keys", "list"],
        ["db", "status"],
        ["db", "upgrade"],
        ["serve", "--no-warm"],
    ):
        result = runner.invoke(app, ["--db", url, *command])
        assert result.exit_code == 2, (command, result.output)
        output = "".join(result.output.split())  # Rich wraps long lines, in the middle of a long URL too
        assert "".join("".join(said).split()) in output, (command, result.output)
        assert "Traceback" not in output and "s3cret" not in output


def test_a_sqlite_file_whose_folder_cannot_be_made_is_one_clear_error(tmp_path: Path) -> None:
    (tmp_path / "var").write_text("a file where the folder should be")
    url = f"sqlite:///{tmp_path / 'var' / 'textops.db'}"
    result = runner.invoke(app, ["--db", url, "corpora"])
    assert result.exit_code == 2, result.output
    said = (
        f"error: cannot open the SQLite database {url}: its folder {tmp_path / 'var'} cannot be made (a file "
        "of that name is in the way) hint: check the URL (--db or TEXTOPS_DATABASE_URL): the SQLite file's "
        "folder must exist or be one textops can create, and textops must be allowed to write in it"
    )
    assert "".join(result.output.split()) == "".join(said.split())  # Rich wraps long lines, URLs too


def test_objections_reads_a_stored_corpus_from_the_db_option(settings: Settings, tmp_path: Path) -> None:
    other = f"sqlite:///{(tmp_path / 'other.db').as_posix()}"
    call = tmp_path / "call.txt"
    call.write_text("# rep: Dana\nDana: Thanks for joining.\nSam: Honestly the price is too high for us.\n")
    added = runner.invoke(app, ["--db", other, "ingest", str(call), "--corpus", "elsewhere"])
    assert added.exit_code == 0, added.output
    found = runner.invoke(app, ["--db", other, "objections", "elsewhere", "-f", "json"])
    assert found.exit_code == 0, found.output
    assert json.loads(found.stdout)["calls"] == 1


def test_ingest_reports_bad_files_and_goes_on(settings: Settings, tmp_path: Path) -> None:
    good = tmp_path / "call.txt"
    good.write_text("# rep: Dana\nDana: Hello there, thanks for joining.\nSam: Sure, happy to be here.\n")
    bad = tmp_path / "broken.json"
    bad.write_text('{"call_id": "x", "utterances": [')
    result = runner.invoke(app, [*_db(settings), "ingest", str(good), str(bad), "--corpus", "c", "--json"])
    assert result.exit_code == 1, result.output  # a partial failure is not a clean run
    body = json.loads(result.stdout)
    assert body["added"] == 1 and body["errors"] == 1
    failed = next(f for f in body["files"] if f["status"] == "error")
    assert failed["file"].endswith("broken.json") and failed["line"] == 1
    again = runner.invoke(app, [*_db(settings), "ingest", str(good), "--corpus", "c", "--json"])
    assert again.exit_code == 0, again.output
    assert json.loads(again.stdout)["duplicates"] == 1
    listed = json.loads(runner.invoke(app, [*_db(settings), "corpora", "--json"]).stdout)
    assert [(c["name"], c["transcripts"]) for c in listed] == [("c", 1)]


def test_ingest_only_bad_files_exits_nonzero(settings: Settings, tmp_path: Path) -> None:
    bad = tmp_path / "empty.txt"
    bad.write_text("")
    result = runner.invoke(app, [*_db(settings), "ingest", str(bad), "--corpus", "c"])
    assert result.exit_code == 1
    assert "empty" in result.output.lower()
    said = " ".join(result.output.split())
    assert "corpus c: +0 new, 0 already there, 1 file(s) failed — nothing was stored, so the corpus" in said
    listed = runner.invoke(app, [*_db(settings), "corpora", "--json"])
    assert json.loads(listed.stdout) == []  # the corpus this run created is not left behind empty
    assert (
        runner.invoke(app, [*_db(settings), "ingest", str(good_call(tmp_path)), "-c", "kept"]).exit_code == 0
    )
    again = runner.invoke(app, [*_db(settings), "ingest", str(bad), "--corpus", "kept"])
    assert again.exit_code == 1
    listed = runner.invoke(app, [*_db(settings), "corpora", "--json"])
    assert [(c["name"], c["transcripts"]) for c in json.loads(listed.stdout)] == [("kept", 1)]


def good_call(folder: Path, name: str = "call.txt") -> Path:
    """A transcript file that reads cleanly."""
    path = folder / name
    path.write_text("# rep: Dana\nDana: Hello there, thanks for joining.\nSam: Sure, happy to be here.\n")
    return path


def test_ingest_lists_skipped_files_and_a_run_that_read_nothing_fails(
    settings: Settings, tmp_path: Path
) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("a.docx", "b.docx"):
        (docs / name).write_bytes(b"PK\x03\x04")
    nothing = runner.invoke(app, [*_db(settings), "ingest", str(docs), "--corpus", "c"])
    assert nothing.exit_code == 1, nothing.output
    said = " ".join(nothing.output.split())
    assert f"skipped {docs / 'a.docx'}: unsupported file type '.docx'" in said
    assert f"skipped {docs / 'b.docx'}: unsupported file type '.docx'" in said
    assert (
        f"error: nothing to read: no transcript or copy file in {docs} (2 file(s) of other types skipped)"
        in said
    )
    assert "hint: give transcripts or copy (.csv, .htm, .html, .json" in said
    assert json.loads(runner.invoke(app, [*_db(settings), "corpora", "--json"]).stdout) == []
    empty = tmp_path / "empty"
    empty.mkdir()
    none = runner.invoke(app, [*_db(settings), "ingest", str(empty), "--corpus", "c"])
    assert none.exit_code == 1 and "nothing to read" in none.output
    # skipped files beside files that were read: listed, and the run is clean
    good_call(docs)
    mixed = runner.invoke(app, [*_db(settings), "ingest", str(docs), "--corpus", "c"])
    assert mixed.exit_code == 0, mixed.output
    said = " ".join(mixed.output.split())
    assert f"skipped {docs / 'a.docx'}: unsupported file type '.docx'" in said
    assert "+1 new, 0 already there, 0 file(s) failed, 2 skipped — now 1 transcripts" in said
    as_json = runner.invoke(app, [*_db(settings), "ingest", str(docs), "--corpus", "c", "--json"])
    assert as_json.exit_code == 0
    files = json.loads(as_json.stdout)["files"]
    assert [(f["status"], f["error"]) for f in files if f["status"] == "skipped"] == [
        ("skipped", "unsupported file type '.docx'")
    ] * 2


def test_ingest_exit_status_is_documented_in_its_help() -> None:
    shown = runner.invoke(app, ["ingest", "--help"], env={"COLUMNS": "250"})
    said = " ".join(shown.output.split())
    assert "Exit status: 0 when every file read was stored or was already there; 1 when a file failed" in said


def test_demo_loads_the_whole_demo_corpus(settings: Settings) -> None:
    result = runner.invoke(app, [*_db(settings), "demo", "--json", "--no-report"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    truth = json.loads((DEMO / "ground_truth.json").read_text())
    assert body["errors"] == 0
    assert body["corpus"]["transcripts"] == len(truth["calls"])
    listed = {
        c["name"]: c for c in json.loads(runner.invoke(app, [*_db(settings), "corpora", "--json"]).stdout)
    }
    assert listed["demo-copy"]["copy_documents"] >= 14


def test_ingest_with_rep_and_the_roles_command(settings: Settings, tmp_path: Path) -> None:
    call = tmp_path / "call.txt"
    call.write_text("Speaker 1: Thanks for joining.\nSpeaker 2: Sure, happy to be here.\n")
    result = runner.invoke(app, [*_db(settings), "ingest", str(call), "--corpus", "c", "--rep", "Speaker 2"])
    assert result.exit_code == 0, result.output
    assert "speaker roles in the 1 call(s) read: 1 from the files or labels" in result.stdout
    shown = json.loads(runner.invoke(app, [*_db(settings), "roles", "c", "--json"]).stdout)
    roles = {s["speaker"]: s["roles"] for s in shown["speakers"]}
    assert roles == {"Speaker 1": {"prospect": 1}, "Speaker 2": {"rep": 1}}
    changed = runner.invoke(app, [*_db(settings), "roles", "c", "--rep", "Speaker 1", "--json"])
    assert changed.exit_code == 0, changed.output
    body = json.loads(changed.stdout)
    assert body["changed"] == 1
    assert {s["speaker"]: s["roles"] for s in body["speakers"]}["Speaker 1"] == {"rep": 1}
    missing = runner.invoke(app, [*_db(settings), "roles", "nope"])
    assert missing.exit_code == 2 and "not found" in missing.output


def test_roles_say_which_name_the_reports_give_a_generic_rep_speaker(
    settings: Settings, tmp_path: Path
) -> None:
    """A ``# rep:`` header over ``Speaker 1:`` lines: the roles table names the header's rep too."""
    for i, name in enumerate(("Dana Ruiz", "Sam Oh")):
        (tmp_path / f"call{i}.txt").write_text(
            f"# rep: {name}\n"
            "Speaker 1: Thanks for the time. Our platform integrates with your ERP; we charge per user.\n"
            "Speaker 2: We use spreadsheets and honestly your pricing seems high. How much does it cost?\n"
            "Speaker 1: It is $30 a user a month, and most teams close the books two days sooner.\n"
        )
    assert runner.invoke(app, [*_db(settings), "ingest", str(tmp_path), "--corpus", "c"]).exit_code == 0
    shown = json.loads(runner.invoke(app, [*_db(settings), "roles", "c", "--json"]).stdout)
    by = {s["speaker"]: s for s in shown["speakers"]}
    assert by["Speaker 1"]["roles"] == {"rep": 2}
    assert by["Speaker 1"]["reported_as"] == {"Dana Ruiz": 1, "Sam Oh": 1}
    assert by["Speaker 2"]["reported_as"] == {}
    table = runner.invoke(app, [*_db(settings), "roles", "c"], env={"COLUMNS": "200"})
    assert "Speaker 1 (reported as Dana Ruiz 1, Sam Oh 1)" in table.stdout


def test_confirming_the_roles_the_labels_gave_changes_no_call(settings: Settings, tmp_path: Path) -> None:
    """Saving the same roles rewrites who decided them (the user), but no call's roles changed."""
    call = tmp_path / "call.txt"
    call.write_text("Customer: The price is too high.\nSales Rep: I understand.\n")
    assert runner.invoke(app, [*_db(settings), "ingest", str(call), "--corpus", "c"]).exit_code == 0
    same = runner.invoke(app, [*_db(settings), "roles", "c", "--rep", "Sales Rep", "--json"])
    assert same.exit_code == 0, same.output
    assert json.loads(same.stdout)["changed"] == 0
    other = runner.invoke(app, [*_db(settings), "roles", "c", "--rep", "Customer", "--json"])
    assert json.loads(other.stdout)["changed"] == 1


def test_align_says_why_a_file_given_as_calls_is_skipped_without_naming_an_api_parameter(
    tmp_path: Path,
) -> None:
    calls = tmp_path / "speaker_text.csv"
    calls.write_text("speaker,text\nDana,Hello there\nSam,Hi\n")
    result = runner.invoke(app, ["align", "--copy", str(DEMO / "copy"), "--calls", str(calls)])
    assert result.exit_code == 2  # nothing left to align
    said = " ".join(result.output.split())  # the console wraps long lines
    assert f"skipped {calls}: .csv files are copy (ads, one per row), not transcripts" in said
    assert (
        "(a speaker,text CSV is not a transcript format: give the call as .vtt, .srt, .json or .txt" in said
    )
    assert "docs/formats.md lists the transcript formats" in said
    assert "kind" not in said


@pytest.mark.parametrize("command", [["objections"], ["headlines", "Save time on payroll", "--voice"]])
def test_a_file_folder_or_corpus_argument_that_is_neither_says_which_it_looked_like(
    settings: Settings, tmp_path: Path, command: list[str]
) -> None:
    """A path-like argument (a separator or an extension) is a missing file or folder, not just a corpus."""
    for where in (str(tmp_path / "nonexistent"), "calls.txt", "exports/q3"):
        result = runner.invoke(app, [*_db(settings), *command, where])
        assert result.exit_code == 2, result.output
        said = " ".join(result.output.split())  # the console wraps long lines
        assert (
            f"error: no such file or folder: {where} (and it is not a corpus name either) "
            "hint: check the path; list the stored corpora with `textops corpora`"
        ) in said
    name = runner.invoke(app, [*_db(settings), *command, "q3-calls"])
    assert name.exit_code == 2
    assert _error_lines(name.output)[0] == "error: corpus 'q3-calls' not found"


def test_ingest_again_says_nothing_about_the_roles_of_calls_already_there(
    settings: Settings, tmp_path: Path
) -> None:
    """The roles line and warning count the calls read; when none was new they are left out."""
    (tmp_path / "a.txt").write_text("Alex: Café crème brûlée.\nSam: Déjà vu.\n")  # nothing tells the roles
    first = runner.invoke(app, [*_db(settings), "ingest", str(tmp_path), "--corpus", "c"])
    assert first.exit_code == 0, first.output
    said = " ".join(first.output.split())
    assert "speaker roles in the 1 call(s) read: 0 from the files or labels" in said
    assert "warning: the speakers' roles are unknown in 1 of the 1 calls" in said
    (tmp_path / "b.txt").write_text("Sales Rep: Thanks for joining.\nCustomer: The price is too high.\n")
    second = runner.invoke(app, [*_db(settings), "ingest", str(tmp_path), "--corpus", "c"])
    assert second.exit_code == 0, second.output
    said = " ".join(second.output.split())
    assert "+1 new, 1 already there" in said
    assert "speaker roles in the 2 call(s) read: 1 from the files or labels, 0 inferred" in said
    again = runner.invoke(app, [*_db(settings), "ingest", str(tmp_path), "--corpus", "c"])
    assert again.exit_code == 0, again.output
    assert "+0 new, 2 already there" in " ".join(again.output.split())
    assert "speaker roles" not in again.output and "warning" not in again.output
    as_json = runner.invoke(app, [*_db(settings), "ingest", str(tmp_path), "--corpus", "c", "--json"])
    assert json.loads(as_json.stdout)["roles"] == {"unknown": 1, "known": 1}  # the data still counts them


def _examples() -> dict[tuple[str, ...], list[str]]:
    """Every command's help example, split as a shell would (without the leading ``textops``)."""
    found = {}
    for path in _command_paths(typer.main.get_command(app)):
        command = typer.main.get_command(app)
        for word in path:
            command = command.commands[word]  # type: ignore[attr-defined]
        text = (command.help or "").split("Example: ", 1)[1].split("\n\n", 1)[0]
        found[path] = shlex.split(" ".join(text.split()))[1:]
    return found


def test_help_examples_work_against_the_demo(
    settings: Settings, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What each example names exists after `textops demo`: its files and its stored corpora (by parsing it).

    `textops analyze demo …` named no corpus (`demo` makes demo-calls and demo-copy); `corpus rm-doc` and
    `db status` named a corpus and a server that do not exist; `experiment analyze` named a counts.csv that
    no one had (the demo ships a synthetic one now, and its example is run).
    """
    assert runner.invoke(app, [*_db(settings), "demo", "--no-report"]).exit_code == 0
    ws = store.workspace()
    demo = {c.name for c in store.list_corpora(ws)}
    assert demo == {"demo-calls", "demo-copy"}
    monkeypatch.chdir(ROOT)  # the examples' paths are relative to a clone of the repository
    checked = 0
    for path, args in _examples().items():
        if not path:
            continue
        if args[:1] == ["--db"]:  # the only root option an example gives: the demo's default database
            default = Settings.model_fields["data_dir"].default / "textops.db"
            assert args[1] == f"sqlite:///{default.as_posix()}", args
            args = args[2:]
        command = typer.main.get_command(app)
        for word in path:
            assert args[0] == word, (path, args)
            command = command.commands[args.pop(0)]  # type: ignore[attr-defined]
        params = command.make_context(path[-1], args).params  # files given must exist (exists=True)
        corpora = [*params.get("copy", [])] if path == ("analyze",) else []
        if path in {("analyze",), ("roles",), ("corpus", "docs")}:
            corpora.append(params["corpus"])
        if path == ("objections",) and not Path(params["corpus"]).exists():
            corpora.append(params["corpus"])
        if path == ("corpus", "rm-doc"):
            corpora.append(params["corpus"])
            store.document_corpus(ws, params["document_id"], corpus=params["corpus"])  # raises if not there
        assert set(corpora) <= demo, (path, corpora)
        if path == ("ingest",):  # a new corpus: redacted copies beside the demo's own calls would double it
            assert params["corpus"] not in demo
        checked += 1
    assert checked == 23
    analyze = runner.invoke(app, _examples()[("experiment", "analyze")])
    assert analyze.exit_code == 0, analyze.output
    assert analyze.output.startswith("Ship outcome-first\n")
