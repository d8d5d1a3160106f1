"""The local engine's spaCy parse process gives the in-process parses (textops/engine/_parse.py)."""

from __future__ import annotations

import pytest

from textops.engine._parse import ParseProcess
from textops.errors import TextopsError
from textops.nlp import get_nlp
from textops.settings import get_settings

pytestmark = pytest.mark.model

TEXTS = [
    "We sync with your ERP every fifteen minutes, so the ledger is always current. Does that help?",
    "Honestly the price is a lot for a team our size.",
    "",
    "so um yeah we we looked at it last year and the integration was a nightmare",
]


def _view(doc: object) -> list[tuple[str, str, str, int, str, bool]]:
    return [(t.text, t.tag_, t.dep_, t.head.i, t.lemma_, bool(t.is_sent_start)) for t in doc]  # type: ignore[attr-defined]


def test_the_parse_process_gives_the_in_process_parses_in_order() -> None:
    nlp = get_nlp("parse")
    with ParseProcess(nlp, get_settings().spacy_model, "parse") as process:
        remote = list(process.pipe(TEXTS))
        again = list(process.pipe(TEXTS[:1]))  # the process serves request after request
    local = list(nlp.pipe(TEXTS))
    assert [_view(d) for d in remote] == [_view(d) for d in local]
    assert [[s.text for s in d.sents] for d in remote] == [[s.text for s in d.sents] for d in local]
    assert [n.text for n in remote[0].noun_chunks] == [n.text for n in local[0].noun_chunks]
    assert _view(again[0]) == _view(local[0])


def test_a_parse_process_that_died_is_an_error_naming_it() -> None:
    nlp = get_nlp("parse")
    process = ParseProcess(nlp, "no_such_spacy_pipeline", "parse")  # the child fails to load it
    try:
        with pytest.raises(TextopsError, match="parse process stopped"):
            list(process.pipe(["hello there"]))
    finally:
        process.close()


def test_texts_go_to_the_parse_process_in_chunks_and_come_back_in_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from textops.engine import _parse

    assert list(_parse._chunks(["aaaa", "bb", "cc", "dddddd", "e"], 5)) == [
        ["aaaa"],
        ["bb", "cc"],
        ["dddddd"],
        ["e"],
    ]
    monkeypatch.setattr(_parse, "CHUNK_CHARS", 60)  # a few texts a message
    nlp = get_nlp("parse")
    texts = [f"{t} ({i})" for i in range(5) for t in TEXTS]
    with ParseProcess(nlp, get_settings().spacy_model, "parse") as process:
        remote = list(process.pipe(texts))
    assert [_view(d) for d in remote] == [_view(d) for d in nlp.pipe(texts)]


def test_the_parse_process_module_leaves_the_store_and_the_job_runner_out() -> None:
    """The child imports ``textops.engine._parse`` (and so the package): neither the database layer nor the
    encoder comes with it."""
    import subprocess
    import sys

    code = (
        "import sys; sys.modules['torch'] = None; import textops.engine._parse; "
        "heavy = ('sqlalchemy', 'alembic', 'transformers'); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
