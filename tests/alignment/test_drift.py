from __future__ import annotations

import math
from collections import Counter

import numpy as np
import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from textops.alignment._drift import (
    TermScore,
    distinctive_terms,
    extract_terms,
    fightin_words,
    term_pairs,
)
from textops.embeddings import HashingEmbedder

A = Counter({"invoice": 5, "tool": 2, "price": 1})
B = Counter({"invoice": 1, "tool": 3, "platform": 4})


def _by_hand(
    a: Counter[str], b: Counter[str], alpha0: float, prior: Counter[str] | None = None
) -> dict[str, tuple[float, float, float]]:
    """Monroe et al. (2008) eqs. 16, 19, 20, term by term, written independently of the module."""
    vocab = sorted(set(a) | set(b))
    base = prior if prior is not None else a + b
    raw = np.array([base[w] if base[w] > 0 else 1.0 for w in vocab])
    alphas = alpha0 * raw / raw.sum()
    n_a, n_b = sum(a.values()), sum(b.values())
    out = {}
    for w, aw in zip(vocab, alphas, strict=True):
        ya, yb = a[w], b[w]
        delta = math.log((ya + aw) / (n_a + alpha0 - ya - aw)) - math.log(
            (yb + aw) / (n_b + alpha0 - yb - aw)
        )
        var = 1 / (ya + aw) + 1 / (yb + aw)
        out[w] = (delta, var, delta / math.sqrt(var))
    return out


def test_fightin_words_known_answer() -> None:
    scores = fightin_words(A, B, alpha0=10.0)
    # alpha_w = 10 * (y_a + y_b) / 16: invoice 3.75, tool 3.125, price 0.625, platform 2.5
    by_term = {s.term: s for s in scores}
    assert by_term["invoice"].prior == pytest.approx(3.75)
    # invoice: delta = log(8.75 / (8 + 10 - 5 - 3.75)) - log(4.75 / (8 + 10 - 1 - 3.75))
    assert by_term["invoice"].delta == pytest.approx(math.log(8.75 / 9.25) - math.log(4.75 / 13.25), abs=1e-9)
    expected = _by_hand(A, B, 10.0)
    assert set(by_term) == set(expected)
    for term, (delta, var, z) in expected.items():
        s = by_term[term]
        assert round(s.delta, 6) == round(delta, 6)
        assert round(s.variance, 6) == round(var, 6)
        assert round(s.z, 6) == round(z, 6)
    assert [s.z for s in scores] == sorted((s.z for s in scores), reverse=True)
    inv = by_term["invoice"]
    assert (inv.count_a, inv.count_b) == (5, 1)
    assert (inv.rate_a, inv.rate_b) == pytest.approx((5 / 8, 1 / 8))


def test_fightin_words_with_background_prior() -> None:
    prior = Counter({"invoice": 50, "tool": 30, "platform": 10, "weather": 100})  # no "price": counts as 1
    scores = {s.term: s for s in fightin_words(A, B, prior=prior, alpha0=5.0)}
    assert "weather" not in scores
    assert sum(s.prior for s in scores.values()) == pytest.approx(5.0)
    for term, (delta, var, z) in _by_hand(A, B, 5.0, prior).items():
        assert (round(scores[term].delta, 6), round(scores[term].variance, 6), round(scores[term].z, 6)) == (
            round(delta, 6),
            round(var, 6),
            round(z, 6),
        )


def test_fightin_words_symmetry() -> None:
    ab = {s.term: s for s in fightin_words(A, B, alpha0=7.0)}
    ba = {s.term: s for s in fightin_words(B, A, alpha0=7.0)}
    for term, s in ab.items():
        assert ba[term].z == pytest.approx(-s.z)
        assert ba[term].delta == pytest.approx(-s.delta)
        assert ba[term].variance == pytest.approx(s.variance)
        assert (ba[term].count_a, ba[term].count_b) == (s.count_b, s.count_a)


def test_one_sided_term_ranks_top() -> None:
    copy = Counter({"invoice": 30, "automation": 25, "rebate": 12, "team": 10, "approval": 8})
    reps = Counter({"invoice": 60, "automation": 45, "team": 22, "approval": 15, "discount": 14})
    scores = fightin_words(copy, reps)
    assert scores[0].term == "rebate" and scores[0].count_b == 0
    assert scores[-1].term == "discount"
    assert distinctive_terms(scores, "a", k=1)[0].term == "rebate"
    assert distinctive_terms(scores, "b", k=1)[0].term == "discount"
    assert all(s.z < 0 for s in distinctive_terms(scores, "b", k=10))
    assert "rebate" not in [s.term for s in distinctive_terms(scores, "a", k=5, min_count=13)]
    assert distinctive_terms(scores, "a", k=5, min_z=100) == []
    assert fightin_words(Counter(), Counter()) == []
    (only,) = fightin_words(Counter({"invoice": 3}), Counter({"invoice": 1}))
    assert (only.delta, only.z) == (0.0, 0.0)
    with pytest.raises(ValueError, match="alpha0"):
        fightin_words(copy, reps, alpha0=0)


def test_extract_terms_blank_pipeline() -> None:
    nlp = spacy.blank("en")
    docs = nlp.pipe(["Yeah, um, the Invoices are 30 days late!", "okay so invoices approval at https://x.io"])
    counts = extract_terms(docs)
    # no tagger: every non-stop, non-filler, non-number word counts; no lemmatizer: lowercase text
    assert counts == Counter({"invoices": 2, "days": 1, "late": 1, "approval": 1})
    assert extract_terms(nlp.pipe(["Invoices late"]), noun_chunks=False) == Counter(
        {"invoices": 1, "late": 1}
    )
    assert extract_terms([nlp("late invoices")], extra_stop={"late"}) == Counter({"invoices": 1})


def test_extract_terms_noun_chunks_from_annotated_doc(blank_nlp: Language) -> None:
    words = ["Our", "new", "invoice", "automation", "tools", "cut", "costs", "."]
    doc = Doc(
        blank_nlp.vocab,
        words=words,
        pos=["PRON", "ADJ", "NOUN", "NOUN", "NOUN", "VERB", "NOUN", "PUNCT"],
        deps=["poss", "amod", "compound", "compound", "nsubj", "ROOT", "dobj", "punct"],
        heads=[4, 4, 3, 4, 5, 5, 5, 5],
        lemmas=["our", "new", "invoice", "automation", "tool", "cut", "cost", "."],
    )
    counts = extract_terms([doc])
    assert counts == Counter(
        {
            "new": 1,
            "invoice": 1,
            "automation": 1,
            "tool": 1,
            "cut": 1,
            "cost": 1,
            "new invoice automation tool": 1,
        }
    )
    assert "new invoice automation tool" not in extract_terms([doc], noun_chunks=False)


@pytest.mark.model
def test_extract_terms_real_parse_pipeline() -> None:
    from textops.nlp import get_nlp

    nlp = get_nlp("parse")
    text = "Yeah, um, our new invoice automation tools cut approval time by 60%. Okay, it helps the AP team."
    counts = extract_terms(nlp.pipe([text]))
    for term in (
        "invoice",
        "tool",
        "cut",
        "approval",
        "time",
        "help",
        "team",
        "new invoice automation tool",
        "approval time",
        "ap team",
    ):
        assert counts[term] >= 1, term
    for junk in ("yeah", "um", "okay", "our", "60", "%", "it", "the", "60%"):
        assert junk not in counts, junk


def test_term_pairs_with_hashing_embedder() -> None:
    emb = HashingEmbedder()
    copy = ["invoice automation platform", "pricing tier", "approval workflow"]
    reps = ["onboarding call", "invoice automation tool", "approval workflow"]
    pairs = term_pairs(copy, reps, emb, threshold=0.4)
    assert [(p.term_a, p.term_b) for p in pairs] == [
        ("invoice automation platform", "invoice automation tool")
    ]
    assert pairs[0].similarity >= 0.4 and pairs[0].z_a is None
    # nested names are the same name, longer: only paired on request
    assert term_pairs(["invoice automation"], ["invoice automation tool"], emb, threshold=0.4) == []
    nested = term_pairs(
        ["invoice automation"], ["invoice automation tool"], emb, threshold=0.4, allow_nested=True
    )
    assert [(p.term_a, p.term_b) for p in nested] == [("invoice automation", "invoice automation tool")]
    assert (
        term_pairs(
            ["invoice automation"], ["invoice automation tool"], emb, threshold=0.99, allow_nested=True
        )
        == []
    )


def test_term_pairs_greedy_each_term_once() -> None:
    emb = HashingEmbedder()
    a = [
        TermScore(
            term="invoice automation platform",
            delta=1,
            variance=1,
            z=3.0,
            count_a=5,
            count_b=0,
            rate_a=0.1,
            rate_b=0.0,
            prior=1.0,
        ),
        TermScore(
            term="invoice automation suite",
            delta=1,
            variance=1,
            z=2.0,
            count_a=4,
            count_b=0,
            rate_a=0.1,
            rate_b=0.0,
            prior=1.0,
        ),
    ]
    b = ["invoice automation tool"]
    pairs = term_pairs(a, b, emb, threshold=0.1)
    assert len(pairs) == 1 and pairs[0].term_b == "invoice automation tool"
    assert pairs[0].z_a in (3.0, 2.0) and pairs[0].z_b is None
    sims = emb.encode([a[0].term, a[1].term, b[0]])
    best = 0 if float(sims[0] @ sims[2]) >= float(sims[1] @ sims[2]) else 1
    assert pairs[0].term_a == a[best].term
    assert term_pairs(a, b, emb, threshold=0.1, k=0) == []
