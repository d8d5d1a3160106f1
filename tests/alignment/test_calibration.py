from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest
from scipy.stats import spearmanr

from textops.alignment._calibration import (
    MATCH_CUT,
    TOPICAL_CUT,
    SimilarityCalibration,
    StsPair,
    build_calibration,
    choose_threshold,
    evaluate_threshold,
    load_calibration,
    load_pairs,
    load_sts,
    pair_similarities,
    spearman,
)
from textops.embeddings import HashingEmbedder


def _f1_at(sims: Sequence[float], gold: Sequence[float], cut: float, thr: float) -> float:
    pred = [s >= thr for s in sims]
    truth = [g >= cut for g in gold]
    tp = sum(p and t for p, t in zip(pred, truth, strict=True))
    return 2 * tp / (sum(pred) + sum(truth))


def test_choose_threshold_known_best() -> None:
    sims = [0.95, 0.9, 0.8, 0.7, 0.6, 0.5, 0.3, 0.2]
    gold = [5.0, 4.0, 4.0, 1.0, 4.0, 1.0, 0.0, 0.0]
    choice = choose_threshold(sims, gold, 3.5)
    # best: predict positive down to 0.6 (TP 4, FP 1) -> F1 8/9; threshold halfway to the next value 0.5
    assert choice.threshold == pytest.approx(0.55)
    assert (choice.precision, choice.recall, choice.f1) == pytest.approx((0.8, 1.0, 8 / 9))
    assert (choice.n, choice.positives) == (8, 4)
    # brute force over a fine grid: nothing beats it
    grid = np.linspace(0, 1, 1001)
    assert max(_f1_at(sims, gold, 3.5, t) for t in grid) == pytest.approx(choice.f1)


def test_choose_threshold_tie_prefers_precision() -> None:
    # cut-off 0.9: TP 1, predicted 1 -> F1 2/3, P 1.0; cut-off 0.6: TP 2, predicted 4 -> F1 2/3, P 0.5
    sims = [0.9, 0.8, 0.7, 0.6, 0.1]
    gold = [5, 0, 0, 5, 0]
    choice = choose_threshold(sims, gold, 3.5)
    assert choice.f1 == pytest.approx(2 / 3)
    assert choice.precision == 1.0
    assert choice.threshold == pytest.approx(0.85)


def test_choose_threshold_equal_similarities_and_lowest_cut() -> None:
    sims = [0.5, 0.5, 0.5]
    choice = choose_threshold(sims, [4, 4, 0], 3.5)
    assert choice.threshold == 0.5  # lowest observed value: no lower neighbour to split with
    assert (choice.precision, choice.recall) == pytest.approx((2 / 3, 1.0))


def test_choose_threshold_random_matches_brute_force() -> None:
    rng = np.random.default_rng(7)
    gold = rng.uniform(0, 5, 300)
    sims = np.clip(gold / 5 + rng.normal(0, 0.2, 300), -1, 1).round(2)  # many ties
    for cut in (MATCH_CUT, TOPICAL_CUT):
        choice = choose_threshold(sims, gold, cut)
        best = max(_f1_at(list(sims), list(gold), cut, t) for t in np.unique(sims))
        assert choice.f1 == pytest.approx(best)
        again = evaluate_threshold(sims, gold, cut, choice.threshold)
        assert again.f1 == pytest.approx(choice.f1) and again.precision == pytest.approx(choice.precision)


def test_choose_threshold_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match="no pair"):
        choose_threshold([0.1, 0.2], [1.0, 2.0], 3.5)
    with pytest.raises(ValueError, match="gold"):
        choose_threshold([0.1, 0.2], [1.0], 3.5)
    with pytest.raises(ValueError, match="finite"):
        choose_threshold([0.1, float("nan")], [4.0, 4.0], 3.5)


def test_evaluate_threshold_counts() -> None:
    sims = [0.9, 0.8, 0.4, 0.3]
    gold = [4.0, 1.0, 5.0, 0.0]
    t = evaluate_threshold(sims, gold, 3.5, 0.5)
    assert (t.threshold, t.n, t.positives) == (0.5, 4, 2)
    assert (t.precision, t.recall, t.f1) == pytest.approx((0.5, 0.5, 0.5))
    nothing = evaluate_threshold(sims, gold, 3.5, 0.99)
    assert (nothing.precision, nothing.recall, nothing.f1) == (0.0, 0.0, 0.0)
    everything = evaluate_threshold(sims, gold, 3.5, -1.0)
    assert (everything.precision, everything.recall) == pytest.approx((0.5, 1.0))


def test_spearman_matches_scipy() -> None:
    sims = [0.1, 0.5, 0.3, 0.9, 0.7]
    gold = [0.0, 2.0, 3.0, 5.0, 4.0]
    assert spearman(sims, gold) == pytest.approx(spearmanr(sims, gold).statistic)
    assert spearman([1, 2, 3], [10, 20, 30]) == pytest.approx(1.0)


def test_load_sts_extra_columns_and_quotes(tmp_path: Path) -> None:
    path = tmp_path / "sts.csv"
    path.write_text(
        "main-captions\tMSRvid\t2012test\t0001\t5.000\tA man is playing a flute.\tA man plays the flute.\n"
        'main-forums\tanswer-answer\t2016\t0008\t3\tHe said "hi there. \tHe "said" hi.'
        "\tLicence: a\tLicence: b\n"
        "\n"
        "main-news\theadlines\t2015\t0003\t0.4\tStocks fall\tRain in Spain\n",
        encoding="utf-8",
    )
    pairs = load_sts(path)
    assert len(pairs) == 3
    assert pairs[0] == StsPair(
        "A man is playing a flute.",
        "A man plays the flute.",
        5.0,
        "main-captions",
        "MSRvid",
        "2012test",
        "0001",
    )
    assert pairs[1].sentence1 == 'He said "hi there.' and pairs[1].sentence2 == 'He "said" hi.'
    assert pairs[1].score == 3.0 and pairs[2].score == pytest.approx(0.4)


def test_load_sts_rejects_short_or_bad_lines(tmp_path: Path) -> None:
    short = tmp_path / "short.csv"
    short.write_text("a\tb\tc\td\t3.0\tonly one sentence\n", encoding="utf-8")
    with pytest.raises(ValueError, match="7"):
        load_sts(short)
    bad = tmp_path / "bad.csv"
    bad.write_text("a\tb\tc\td\t7.5\tx\ty\n", encoding="utf-8")
    with pytest.raises(ValueError, match="outside"):
        load_sts(bad)


def test_load_pairs_csv(tmp_path: Path) -> None:
    path = tmp_path / "pairs.csv"
    path.write_text(
        'id,Sentence1,sentence2,score\n1,"We cut invoice time, by 60%.",Invoices take 60% less time.,1\n'
        '2,"He said ""fast""",It is slow,0\n',
        encoding="utf-8",
    )
    pairs = load_pairs(path, scale_max=1)
    assert [(p.sentence1, p.sentence2, p.score) for p in pairs] == [
        ("We cut invoice time, by 60%.", "Invoices take 60% less time.", 5.0),
        ('He said "fast"', "It is slow", 0.0),
    ]


def test_load_pairs_tsv(tmp_path: Path) -> None:
    path = tmp_path / "pairs.txt"
    path.write_text(
        'sentence1\tsentence2\tscore\textra\nHe said "hi\tHello, he said\t3.5\tz\n', encoding="utf-8"
    )
    (pair,) = load_pairs(path)
    assert (pair.sentence1, pair.sentence2, pair.score) == ('He said "hi', "Hello, he said", 3.5)
    tsv = tmp_path / "pairs.tsv"
    tsv.write_text("score\tsentence1\tsentence2\n4\ta b\tc d\n", encoding="utf-8")
    assert load_pairs(tsv, scale_max=4)[0].score == 5.0


def test_load_pairs_errors(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text("text_a,text_b,score\nx,y,1\n", encoding="utf-8")
    with pytest.raises(ValueError, match="sentence1"):
        load_pairs(path)
    path.write_text("sentence1,sentence2,score\nx,y,9\n", encoding="utf-8")
    with pytest.raises(ValueError, match="scale-max"):
        load_pairs(path)


def test_pair_similarities_embeds_each_sentence_once() -> None:
    calls: list[list[str]] = []
    inner = HashingEmbedder(dim=64)

    def embed(texts: Sequence[str]) -> npt.NDArray[np.float32]:
        calls.append(list(texts))
        return inner.encode(texts)

    pairs = [StsPair("a b c", "a b c", 5), StsPair("a b c", "x y z", 0), StsPair("um a b c", "x y z", 0)]
    sims = pair_similarities(pairs, embed)
    assert len(calls) == 1 and sorted(calls[0]) == ["a b c", "um a b c", "x y z"]
    assert sims[0] == pytest.approx(1.0)
    cleaned = pair_similarities(pairs, embed, preprocess=lambda s: s.removeprefix("um "))
    assert sorted(calls[1]) == ["a b c", "x y z"]
    assert cleaned[1] == pytest.approx(cleaned[2])


def test_build_calibration_fits_on_fit_split_only() -> None:
    rng = np.random.default_rng(3)
    splits = {}
    for name, n in (("train+dev", 400), ("test", 200)):
        gold = rng.uniform(0, 5, n)
        splits[name] = (np.clip(gold / 5 + rng.normal(0, 0.1, n), -1, 1), gold)
    cal = build_calibration(splits, model="fake")
    fit_s, fit_g = splits["train+dev"]
    assert cal.match_threshold == choose_threshold(fit_s, fit_g, MATCH_CUT).threshold
    assert cal.test.match.threshold == cal.match_threshold and cal.test.n_pairs == 200
    assert cal.label(cal.match_threshold) == "match"
    assert cal.label((cal.match_threshold + cal.topical_threshold) / 2) == "topical"
    assert cal.label(0.0) == "none"
    dumped = cal.model_dump(mode="json")
    assert SimilarityCalibration.model_validate(dumped) == cal


def test_shipped_calibration() -> None:
    cal = load_calibration()
    assert load_calibration() is cal
    assert 0 < cal.topical_threshold < cal.match_threshold < 1
    assert (cal.match_cut, cal.topical_cut) == (MATCH_CUT, TOPICAL_CUT)
    assert cal.fitted_on == "train+dev"
    test = cal.test
    assert test.n_pairs > 1000 and 0 < test.spearman <= 1
    for fig in (test.match, test.topical):
        assert fig.n == test.n_pairs and fig.positives > 0 and 0 < fig.f1 <= 1
    assert test.match.threshold == cal.match_threshold
    assert "alignment_quality.py --write" in cal.produced_by


@pytest.mark.model
def test_real_model_against_shipped_thresholds() -> None:
    from textops.embeddings import TransformerEmbedder

    cal = load_calibration()
    pairs = [
        StsPair(
            "Our tool cuts invoice processing time by 60%.", "It makes processing invoices 60% faster.", 5
        ),
        StsPair("Our tool cuts invoice processing time by 60%.", "The weather in Lisbon was lovely.", 0),
    ]
    sims = pair_similarities(pairs, TransformerEmbedder().encode)
    assert cal.label(float(sims[1])) == "none"
    assert sims[0] > cal.topical_threshold
