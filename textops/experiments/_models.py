"""Input data model of the experiments core, shared result pieces, and input validation.

Inputs are counts of *visitors* (units assigned to an arm) and *conversions* (units that converted at least
once). Every model refuses NaN/inf (``allow_inf_nan=False``) so results always serialise to strict JSON;
quantities that are undefined for the data at hand are ``None``, never NaN.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Generic, Literal, TypeVar

import numpy as np
from numpy.typing import NDArray
from pydantic import BaseModel, ConfigDict, Field, model_validator

from textops.errors import InvalidInputError

__all__ = [
    "ArmCounts",
    "ArmSummary",
    "CumulativeSeries",
    "DailyCounts",
    "FloatArray",
    "ParameterError",
    "Verdict",
    "cumulative_by_arm",
]

FloatArray = NDArray[np.float64]
"""An array of float64 (posterior draws, simulated rates, running statistics)."""
Verdict = Literal["winner", "loser", "inconclusive"]
"""Decision for one variant against control: better, worse, or not decided at the chosen error rate."""


PARAMETER_NAMES: dict[str, str] = {"absolute_mde": "mde_type='absolute'"}
"""How the library and the API write the placeholders of a :class:`ParameterError` that are not a
parameter's own name; every other ``{name}`` is written as the name itself."""

_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


class ParameterError(InvalidInputError):
    """An invalid parameter of an experiments function, e.g. ``baseline_rate`` outside (0, 1).

    ``field`` is the parameter's name. The message and hint write parameters as ``{name}`` placeholders, so
    each front end names them as its users type them (:meth:`renamed`): the library and the API as the
    parameter (``baseline_rate``, ``mde_type='absolute'``: :data:`PARAMETER_NAMES`), the CLI as its flag
    (``--baseline``, ``--absolute``). Only numbers go into the text besides the placeholders.
    """

    def __init__(
        self, field: str, message: str, *, hint: str | None = None, names: Mapping[str, str] | None = None
    ) -> None:
        self.field = field
        self.template = message
        self.hint_template = hint
        shown = {**PARAMETER_NAMES, **(names or {})}
        super().__init__(_fill(message, shown), hint=_fill(hint, shown) if hint is not None else None)

    def renamed(self, names: Mapping[str, str]) -> ParameterError:
        """The same error with the parameters written as in ``names``: ``{"baseline_rate": "--baseline"}``."""
        return ParameterError(self.field, self.template, hint=self.hint_template, names=names)


def _fill(text: str, names: Mapping[str, str]) -> str:
    return _PLACEHOLDER.sub(lambda m: names.get(m[1], m[1]), text)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


def _check_counts(where: str, visitors: int, conversions: int, *, per_day: bool = False) -> None:
    if visitors < 0 or conversions < 0:
        raise InvalidInputError(
            f"{where}: counts must be non-negative (visitors={visitors}, conversions={conversions})",
            hint="send the number of visitors and converting visitors, both >= 0",
        )
    if not per_day and conversions > visitors:
        raise InvalidInputError(
            f"{where}: conversions ({conversions}) exceed visitors ({visitors})",
            hint="count converting visitors (at most one conversion per visitor), not conversion events",
        )


class ArmCounts(_Model):
    """Cumulative counts of one arm: ``visitors`` exposed, ``conversions`` of them converted."""

    name: str = Field(min_length=1)
    visitors: int
    conversions: int

    @model_validator(mode="after")
    def _valid(self) -> ArmCounts:
        _check_counts(f"arm {self.name!r}", self.visitors, self.conversions)
        return self

    @property
    def rate(self) -> float | None:
        """Observed conversion rate, or ``None`` without visitors."""
        return self.conversions / self.visitors if self.visitors else None


class DailyCounts(_Model):
    """Counts of one arm for one day, *incremental* (that day's new visitors and conversions only).

    A single day may report more conversions than visitors (visitors from earlier days converting
    later), so ``conversions <= visitors`` is checked on the cumulative totals, not per row.
    """

    day: date
    arm: str = Field(min_length=1)
    visitors: int
    conversions: int

    @model_validator(mode="after")
    def _valid(self) -> DailyCounts:
        _check_counts(f"arm {self.arm!r} on {self.day}", self.visitors, self.conversions, per_day=True)
        return self


class ArmSummary(_Model):
    """An arm's totals echoed in a result, with its observed rate (``None`` without traffic)."""

    name: str
    visitors: int
    conversions: int
    rate: float | None

    @classmethod
    def of(cls, arm: ArmCounts) -> ArmSummary:
        """Summarise ``arm``."""
        return cls(name=arm.name, visitors=arm.visitors, conversions=arm.conversions, rate=arm.rate)


class Comparison(_Model):
    """One variant against control: the verdict and, where the data cannot give one, why (``reason``)."""

    variant: str
    control: str
    verdict: Verdict
    reason: str | None = None


class IntervalComparison(Comparison):
    """A comparison with the variant's lift over control and its interval, absolute and relative.

    Lifts are variant minus control (relative: ``p_v / p_c - 1``); ``None`` where undefined.
    """

    absolute_lift: float | None
    absolute_ci_low: float | None
    absolute_ci_high: float | None
    relative_lift: float | None
    relative_ci_low: float | None
    relative_ci_high: float | None


ArmT = TypeVar("ArmT", bound=BaseModel)
ComparisonT = TypeVar("ComparisonT", bound=Comparison)


class ResultBase(_Model, Generic[ArmT, ComparisonT]):
    """What every analysis reports: the control, each arm, each variant against control and the best arm.

    ``reason`` says why no comparison could be made (``None`` when they could); ``notes`` are caveats.
    """

    control: str | None
    arms: list[ArmT]
    comparisons: list[ComparisonT]
    best_arm: str | None
    reason: str | None = None
    notes: list[str]


class CumulativeSeries(_Model):
    """Cumulative counts per arm at each look (day): ``visitors[arm][i]`` is the total up to ``days[i]``."""

    arms: list[str]
    days: list[date]
    visitors: dict[str, list[int]]
    conversions: dict[str, list[int]]

    def at(self, index: int) -> list[ArmCounts]:
        """The arms' cumulative counts at look ``index`` (negative indexes count from the end)."""
        return [
            ArmCounts(name=a, visitors=self.visitors[a][index], conversions=self.conversions[a][index])
            for a in self.arms
        ]

    def final(self) -> list[ArmCounts]:
        """Totals at the last look; zero counts for every arm when there is no data yet."""
        if not self.days:
            return [ArmCounts(name=a, visitors=0, conversions=0) for a in self.arms]
        return self.at(-1)


def cumulative_by_arm(rows: Sequence[DailyCounts], arms: Sequence[str] | None = None) -> CumulativeSeries:
    """Turn incremental daily rows into cumulative series per arm, one look per day present in ``rows``.

    ``arms`` fixes the arm names and their order (the first is the default control); rows for other arms
    are rejected. Without it arms are ordered by first appearance. An arm with no row on a day adds zero.
    Raises :class:`InvalidInputError` for duplicate (day, arm) rows, unknown arms, or cumulative
    conversions above cumulative visitors.
    """
    names = _unique_names(list(arms), "arms") if arms is not None else []
    if arms is None:
        for r in rows:
            if r.arm not in names:
                names.append(r.arm)
    known = set(names)
    inc: dict[date, dict[str, tuple[int, int]]] = {}
    for r in rows:
        if r.arm not in known:
            raise InvalidInputError(
                f"unknown arm {r.arm!r} on {r.day}; known arms: {', '.join(names)}",
                hint="fix the arm name or add it to the experiment's arms",
            )
        day_rows = inc.setdefault(r.day, {})
        if r.arm in day_rows:
            raise InvalidInputError(
                f"duplicate row for arm {r.arm!r} on {r.day}",
                hint="send one incremental row per arm and day (sum duplicates first)",
            )
        day_rows[r.arm] = (r.visitors, r.conversions)
    days = sorted(inc)
    vis: dict[str, list[int]] = {a: [] for a in names}
    conv: dict[str, list[int]] = {a: [] for a in names}
    for d in days:
        for a in names:
            v, c = inc[d].get(a, (0, 0))
            tv = (vis[a][-1] if vis[a] else 0) + v
            tc = (conv[a][-1] if conv[a] else 0) + c
            _check_counts(f"arm {a!r} cumulative up to {d}", tv, tc)
            vis[a].append(tv)
            conv[a].append(tc)
    return CumulativeSeries(arms=names, days=days, visitors=vis, conversions=conv)


def _unique_names(names: list[str], what: str) -> list[str]:
    seen: set[str] = set()
    for n in names:
        if n in seen:
            raise InvalidInputError(
                f"duplicate arm name {n!r} in {what}", hint="give every arm a unique name"
            )
        seen.add(n)
    return names


def order_arms(arms: Sequence[ArmCounts], control: str | None) -> list[ArmCounts]:
    """Validate ``arms`` (unique names) and return them with the control first.

    The control is ``control`` when given (an unknown name raises), else the first arm.
    """
    lst = list(arms)
    _unique_names([a.name for a in lst], "arms")
    if control is None or not lst:
        if control is not None:
            raise InvalidInputError(f"unknown control arm {control!r}: no arms given", hint="send the arms")
        return lst
    idx = next((i for i, a in enumerate(lst) if a.name == control), None)
    if idx is None:
        raise InvalidInputError(
            f"unknown control arm {control!r}; known arms: {', '.join(a.name for a in lst)}",
            hint="name one of the arms as control, or leave it out to use the first arm",
        )
    return [lst[idx], *lst[:idx], *lst[idx + 1 :]]


def global_reason(arms: Sequence[ArmCounts]) -> str | None:
    """Reason code when the whole data set cannot support a comparison, else ``None``.

    ``no_arms``/``single_arm`` (fewer than two arms), ``no_traffic`` (no visitors anywhere),
    ``no_conversions`` (no conversions in any arm), ``all_converted`` (every visitor converted in every arm).
    """
    if not arms:
        return "no_arms"
    if len(arms) == 1:
        return "single_arm"
    if sum(a.visitors for a in arms) == 0:
        return "no_traffic"
    if sum(a.conversions for a in arms) == 0:
        return "no_conversions"
    if all(a.conversions == a.visitors for a in arms):
        return "all_converted"
    return None


def pair_reason(control: ArmCounts, variant: ArmCounts) -> str | None:
    """Reason code when one control/variant pair cannot be compared, else ``None``."""
    if control.visitors == 0 or variant.visitors == 0:
        return "no_traffic"
    if control.conversions + variant.conversions == 0:
        return "no_conversions"
    if control.conversions == control.visitors and variant.conversions == variant.visitors:
        return "all_converted"
    return None


def check_alpha(alpha: float, name: str = "alpha", *, example: str = "0.05") -> None:
    """Raise :class:`ParameterError` for parameter ``name`` unless ``0 < alpha < 1``."""
    if not (math.isfinite(alpha) and 0.0 < alpha < 1.0):
        raise ParameterError(
            name, f"{{{name}}} must be between 0 and 1 (got {alpha})", hint=f"e.g. {example}"
        )


def normalised_shares(
    shares: Sequence[float], n_arms: int, *, name: str, count_hint: str, positive: str
) -> list[float]:
    """Traffic shares (one per arm, finite and positive) scaled to sum to 1.

    ``name`` is how the message calls the shares ("split", "planned split"), ``count_hint`` says how to
    give them, and ``positive`` names them in the message about a share that is not positive.
    """
    weights = [float(w) for w in shares]
    if len(weights) != n_arms:
        raise InvalidInputError(f"{name} has {len(weights)} shares for {n_arms} arms", hint=count_hint)
    if any(not math.isfinite(w) or w <= 0 for w in weights):
        raise InvalidInputError(f"{positive} shares must be positive (got {weights})", hint="e.g. [0.5, 0.5]")
    total = sum(weights)
    return [w / total for w in weights]


ModelT = TypeVar("ModelT", bound=BaseModel)


def neutral(model: type[ModelT], reason: str, **known: object) -> ModelT:
    """A neutral comparison: the ``known`` fields, verdict ``inconclusive``, ``reason``, every other ``None``.

    What degenerate data gives instead of an exception: no figure is defined for the pair.
    """
    undefined = dict.fromkeys(model.model_fields)
    return model(**{**undefined, "verdict": "inconclusive", "reason": reason, **known})


def finite(x: float) -> float | None:
    """``x`` as a float, or ``None`` when it is NaN or infinite."""
    xf = float(x)
    return xf if math.isfinite(xf) else None
