"""Steps 3 and 4: themes (clustering, labels, outliers) and response/outcome statistics."""

from __future__ import annotations

import numpy as np
import pytest

from tests.objections.obj_helpers import make_call
from textops.embeddings import HashingEmbedder
from textops.objections import Objection, ThemeConfig
from textops.objections._outcome import link_repeats, outcome_stats, rep_reply, reply_score
from textops.objections._themes import find_themes, phrase_terms


def obj(
    i: int, text: str, category: str = "price", call: str = "c1", utt: int = 1, **kw: object
) -> Objection:
    return Objection(
        id=i,
        call_id=call,
        utterance_index=utt,
        speaker="Sam",
        text=text,
        start_char=0,
        end_char=len(text),
        category=category,
        category_label=category,
        confidence=0.9,
        category_confidence=0.8,
        **kw,  # type: ignore[arg-type]
    )


def test_rep_reply_is_the_next_rep_turn() -> None:
    t = make_call(
        "c1",
        [("rep", "Hi."), ("prospect", "Too pricey."), ("prospect", "Really."), ("rep", "Fair, what budget?")],
    )
    reply = rep_reply(t, 1)
    assert reply is not None and reply.utterance_index == 3 and reply.text == "Fair, what budget?"
    assert rep_reply(t, 3) is None


def test_repeats_link_later_objections_of_the_same_category() -> None:
    items = [
        obj(1, "Too pricey.", utt=1),
        obj(2, "We use HubSpot.", "competitor", utt=3),
        obj(3, "Back to price.", utt=5),
        obj(4, "Too pricey.", call="c2", utt=1),
    ]
    link_repeats(items)
    assert items[0].raised_again and items[2].repeat_of == 1
    assert items[1].repeat_of is None and not items[1].raised_again
    assert items[3].repeat_of is None, "repeats are per call"


def test_reply_score_prefers_acknowledge_and_ask_over_dismiss() -> None:
    from textops.objections import Reply

    good = obj(
        1,
        "Too pricey.",
        reply=Reply(
            utterance_index=2,
            speaker="Dana",
            text="That's fair. Can I ask what you spend today on manual processing, roughly per month?",
        ),
    )
    bad = obj(
        2,
        "Too pricey.",
        reply=Reply(
            utterance_index=2,
            speaker="Dana",
            text="Don't worry about it, I can knock twenty percent off if you sign this week.",
        ),
    )
    assert reply_score(good) > 0 > reply_score(bad)
    assert reply_score(obj(3, "x")) == float("-inf")


def test_outcome_stats_with_intervals_and_too_few_calls() -> None:
    calls = [make_call(f"w{i}", [("prospect", "x")], outcome="won") for i in range(8)]
    calls += [make_call(f"l{i}", [("prospect", "x")], outcome="lost") for i in range(8)]
    calls += [make_call("o1", [("prospect", "x")], outcome="open")]
    items = [obj(i, "Too pricey.", call=f"l{i}") for i in range(6)] + [obj(10, "Too pricey.", call="w0")]
    items += [obj(20, "legal", "contract", call="w1"), obj(21, "Too pricey.", call="o1")]
    stats = {s.category: s for s in outcome_stats(["price", "contract", "trust"], calls, items, min_calls=5)}
    price = stats["price"]
    assert (price.calls_with, price.wins_with, price.calls_without, price.wins_without) == (7, 1, 9, 7)
    assert price.status == "ok" and price.win_rate_with == pytest.approx(1 / 7, abs=1e-3)
    assert (
        price.win_rate_with_ci is not None and price.win_rate_with_ci[0] < 1 / 7 < price.win_rate_with_ci[1]
    )
    assert price.difference is not None and price.difference < 0
    assert (
        price.difference_ci is not None and price.difference_ci[0] < price.difference < price.difference_ci[1]
    )
    assert price.fisher_p is not None and 0 < price.fisher_p < 0.05
    contract = stats["contract"]
    assert (
        contract.status == "too_few_calls" and contract.win_rate_with is None and contract.difference is None
    )
    assert contract.calls_with == 1 and "at least 5" in (contract.reason or "")
    assert stats["trust"].calls_with == 0 and stats["trust"].win_rate_with_ci is None


def test_phrase_terms_do_not_cross_stop_words() -> None:
    terms = phrase_terms("Per-seat pricing for contractors . the per-seat pricing is way too much")
    assert "per-seat pricing" in terms and "contractors" in terms
    assert not any("the" in t.split() for t in terms)
    assert "pricing contractors" not in terms


def test_themes_cluster_similar_objections_and_keep_outliers() -> None:
    fake = HashingEmbedder(256)
    texts = [
        "per seat pricing for contractors is too expensive",
        "the per seat pricing for our contractors is too expensive",
        "per seat pricing for contractors is way too expensive for us",
        "annual price increase of seven percent",
        "a seven percent annual price increase every year",
        "the dashboard colors are ugly",
    ]
    items = [obj(i + 1, t, call=f"c{i}") for i, t in enumerate(texts)]
    items.append(obj(7, "we already use salesforce for this", "competitor", call="c9"))
    vectors = fake.encode([o.text for o in items])
    themes, cross = find_themes(items, vectors, fake, ThemeConfig(theme_similarity=0.35))
    assert [t.size for t in themes] == [3, 2]
    top = themes[0]
    assert top.category == "price" and top.calls == 3
    assert any("contractors" in k or "per seat" in k for k in top.keyphrases)
    assert top.representative.objection_id in top.objection_ids
    outliers = [o for o in items if o.theme_id is None]
    assert {o.id for o in outliers} == {6, 7}, "outliers stay in the list, outside any theme"
    assert cross == []


def test_cross_category_theme() -> None:
    fake = HashingEmbedder(256)
    texts = [
        "contractors make per seat licences a problem",
        "per seat licences for contractors are a problem",
        "contractors per seat licences problem again",
        "per seat licences contractors problem",
    ]
    cats = ["price", "price", "need", "need"]
    items = [obj(i + 1, t, c, call=f"c{i}") for i, (t, c) in enumerate(zip(texts, cats, strict=True))]
    _, cross = find_themes(items, fake.encode(texts), fake, ThemeConfig(theme_similarity=0.3))
    assert len(cross) == 1 and cross[0].categories == {"price": 2, "need": 2}


def test_large_groups_use_hdbscan_and_keep_noise() -> None:
    rng = np.random.default_rng(0)
    centres = rng.normal(size=(3, 16))
    vectors = np.vstack(
        [c + 0.05 * rng.normal(size=(30, 16)) for c in centres] + [rng.normal(size=(5, 16)) * 3]
    )
    vectors = (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)
    items = [obj(i + 1, f"objection number {i}", call=f"c{i}") for i in range(len(vectors))]
    themes, _ = find_themes(items, vectors, HashingEmbedder(16), ThemeConfig(hdbscan_above=50))
    assert len(themes) == 3
    for t in themes:  # each theme holds one whole planted cluster (ids 1-30, 31-60, 61-90) and maybe noise
        planted = {(i - 1) // 30 for i in t.objection_ids if i <= 90}
        assert len(planted) == 1 and sum(i <= 90 for i in t.objection_ids) == 30
    assert sum(o.theme_id is None for o in items) >= 1, "HDBSCAN noise is kept as outliers"


def test_repeated_text_is_clustered_once_and_counted_with_its_repeats() -> None:
    """#16 item 6: a file of one exchange repeated ~138k times stalled clustering for 14+ minutes."""
    import time

    from textops.objections._themes import _cluster

    rng = np.random.default_rng(1)
    one = rng.normal(size=(1, 16)).astype(np.float32)
    other = rng.normal(size=(1, 16)).astype(np.float32)
    vectors = np.vstack(
        [np.repeat(one, 60_000, axis=0), np.repeat(other, 3, axis=0), rng.normal(size=(1, 16))]
    )
    vectors = (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)
    started = time.perf_counter()
    labels = _cluster(vectors, ThemeConfig())
    assert time.perf_counter() - started < 20  # it used to run out of time and memory (O(n^2) on repeats)
    assert len(set(labels[:60_000].tolist())) == 1 and labels[0] >= 0
    assert len(set(labels[60_000:60_003].tolist())) == 1 and labels[60_000] >= 0
    assert labels[60_000] != labels[0]
    assert labels[-1] == -1  # a lone sentence stays an outlier


def test_more_distinct_points_than_the_bound_join_the_nearest_theme() -> None:
    rng = np.random.default_rng(2)
    centres = rng.normal(size=(4, 16))
    vectors = np.vstack([c + 0.02 * rng.normal(size=(400, 16)) for c in centres])
    vectors = (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)
    from textops.objections._themes import _cluster

    labels = _cluster(vectors, ThemeConfig(max_cluster_points=300, hdbscan_above=200))
    for k in range(4):
        block = labels[k * 400 : (k + 1) * 400]
        assert (block >= 0).mean() > 0.9
        assert len(set(block[block >= 0].tolist())) == 1
    assert len({int(labels[k * 400]) for k in range(4)}) == 4
