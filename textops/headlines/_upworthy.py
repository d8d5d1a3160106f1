"""Pairs of headlines from A/B tests in the Upworthy Research Archive format, and the time split.

Split rule (used by ``bench/train_headline_model.py`` and ``bench/headline_quality.py``):

* sort the distinct ``test_week`` values; the latest 20 % of weeks (rounded up) are the validation weeks, the
  rest the training weeks. A test belongs to the week of its earliest row.
* pairs are formed only inside one ``clickability_test_id`` **and** one ``eyecatcher_id`` (same image, so
  the headline is the only difference), from arms with different headline text and at least one
  impression each; pairs with exactly equal click rates are skipped.
* the label is 1 when the first headline's click rate is higher. A pair is *significant* when a pooled
  two-proportion z-test of the two arms gives p < 0.05.
"""

from __future__ import annotations

import csv
import math
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from textops.errors import InvalidInputError

__all__ = ["Arm", "HeadlinePair", "build_pairs", "read_arms", "split_weeks", "two_proportion_p"]

_REQUIRED = ("clickability_test_id", "test_week", "headline", "eyecatcher_id", "impressions", "clicks")


@dataclass(frozen=True)
class Arm:
    """One package (arm) of a test."""

    test_id: str
    week: int
    headline: str
    eyecatcher: str
    impressions: int
    clicks: int


@dataclass(frozen=True)
class HeadlinePair:
    """Two headlines of the same test and image; ``label`` is 1 when ``a`` got the higher click rate."""

    test_id: str
    week: int
    a: str
    b: str
    label: int
    p_value: float

    @property
    def significant(self) -> bool:
        """Whether the click-rate difference is significant (two-proportion z-test, p < 0.05)."""
        return self.p_value < 0.05


def read_arms(path: Path) -> list[Arm]:
    """Read an Upworthy-format CSV (one row per arm)."""
    try:
        handle = path.open(encoding="utf-8", newline="")
    except OSError as exc:
        raise InvalidInputError(f"{path}: cannot read ({exc})", hint="pass an existing CSV file") from exc
    with handle:
        reader = csv.DictReader(handle)
        missing = [c for c in _REQUIRED if c not in (reader.fieldnames or [])]
        if missing:
            raise InvalidInputError(
                f"{path}: missing columns {missing}", hint=f"the CSV needs the columns {list(_REQUIRED)}"
            )
        arms = []
        for row in reader:
            try:
                arms.append(
                    Arm(
                        test_id=row["clickability_test_id"],
                        week=int(row["test_week"]),
                        headline=" ".join(row["headline"].split()),
                        eyecatcher=row["eyecatcher_id"],
                        impressions=int(float(row["impressions"])),
                        clicks=int(float(row["clicks"])),
                    )
                )
            except ValueError:
                continue
    return arms


def two_proportion_p(c1: int, n1: int, c2: int, n2: int) -> float:
    """Two-sided p-value of the pooled two-proportion z-test (1.0 when undefined)."""
    if n1 <= 0 or n2 <= 0:
        return 1.0
    pooled = (c1 + c2) / (n1 + n2)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    if se == 0:
        return 1.0
    z = abs(c1 / n1 - c2 / n2) / se
    return math.erfc(z / math.sqrt(2))


def split_weeks(arms: list[Arm], validation_share: float = 0.2) -> tuple[set[int], set[int]]:
    """``(training weeks, validation weeks)``: the latest ``validation_share`` of distinct weeks validate."""
    weeks = sorted({a.week for a in arms})
    n_val = math.ceil(len(weeks) * validation_share) if weeks else 0
    return set(weeks[: len(weeks) - n_val]), set(weeks[len(weeks) - n_val :])


def build_pairs(arms: list[Arm]) -> list[HeadlinePair]:
    """All headline pairs within a test and image (see the module docstring for the rule)."""
    groups: dict[tuple[str, str], list[Arm]] = defaultdict(list)
    first_week: dict[str, int] = {}
    for arm in arms:
        if arm.impressions > 0 and arm.headline:
            groups[(arm.test_id, arm.eyecatcher)].append(arm)
        first_week[arm.test_id] = min(first_week.get(arm.test_id, arm.week), arm.week)
    pairs: list[HeadlinePair] = []
    for (test_id, _), members in sorted(groups.items()):
        for i in range(len(members)):
            for j in range(i + 1, len(members)):
                x, y = members[i], members[j]
                if x.headline == y.headline:
                    continue
                rx, ry = x.clicks / x.impressions, y.clicks / y.impressions
                if rx == ry:
                    continue
                p = two_proportion_p(x.clicks, x.impressions, y.clicks, y.impressions)
                pairs.append(
                    HeadlinePair(test_id, first_week[test_id], x.headline, y.headline, int(rx > ry), p)
                )
    return pairs
