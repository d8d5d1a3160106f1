"""Read-outs of a stored experiment: every method from one read of its counts, with one decision."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel

from textops.experiments._bayesian import BayesianResult, analyze_bayesian
from textops.experiments._decision import Decision, decide
from textops.experiments._frequentist import FrequentistResult, analyze_frequentist
from textops.experiments._health import HealthReport, check_health
from textops.experiments._models import DailyCounts, cumulative_by_arm
from textops.experiments._sequential import SequentialResult, analyze_sequential
from textops.store import ExperimentInfo

if TYPE_CHECKING:
    from textops.store import Store

__all__ = ["Analysis", "Method", "analyses"]

Method = Literal["frequentist", "bayesian", "sequential"]
"""A read-out method."""


class Analysis(BaseModel):
    """An analysis of an experiment by one method, with its health checks and the experiment's decision.

    ``decision`` is the same whatever ``method`` is asked for: it comes from the sequential read-out (valid
    when results are checked daily), with the frequentist and Bayesian read-outs as other views.
    """

    experiment: ExperimentInfo
    method: Method
    health: HealthReport
    result: FrequentistResult | BayesianResult | SequentialResult
    decision: Decision


def analyses(
    store: Store,
    ws: int,
    experiment_id: str,
    methods: Sequence[Method],
    *,
    alpha: float = 0.05,
    correction: Literal["holm", "bh", "none"] = "holm",
) -> dict[Method, Analysis]:
    """The read-outs of ``methods`` from one read of the stored experiment (the web UI shows all three).

    Every analysis carries the same :class:`~textops.experiments.Decision`, made from all three read-outs.
    """
    info = store.get_experiment(ws, experiment_id)
    names, rows = store.load_observations(ws, experiment_id)
    daily = [DailyCounts(day=r.day, arm=r.arm, visitors=r.visitors, conversions=r.conversions) for r in rows]
    series = cumulative_by_arm(daily, arms=names)
    arms = series.final()
    shares = [a.planned_share for a in info.arms]
    planned = [float(s) for s in shares if s is not None] if all(s is not None for s in shares) else None
    planned_n = info.config.get("planned_n_per_arm")
    health = check_health(daily=series, planned_split=planned, planned_n_per_arm=planned_n)
    sequential = analyze_sequential(series, alpha=alpha)
    frequentist = analyze_frequentist(arms, alpha=alpha, correction=correction)
    bayesian = analyze_bayesian(arms)
    decision = decide(
        health, sequential, frequentist=frequentist, bayesian=bayesian, planned_n_per_arm=planned_n
    )
    results: dict[Method, FrequentistResult | BayesianResult | SequentialResult] = {
        "sequential": sequential,
        "frequentist": frequentist,
        "bayesian": bayesian,
    }
    return {
        method: Analysis(
            experiment=info, method=method, health=health, result=results[method], decision=decision
        )
        for method in methods
    }
