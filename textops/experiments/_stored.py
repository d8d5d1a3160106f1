"""Read-outs of a stored experiment: every method from one read of its counts, with one decision."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel

from textops.experiments._bayesian import BayesianResult
from textops.experiments._decision import Decision
from textops.experiments._frequentist import FrequentistResult
from textops.experiments._health import HealthReport
from textops.experiments._models import DailyCounts
from textops.experiments._readout import Method, read_out
from textops.experiments._sequential import SequentialResult
from textops.store import ExperimentInfo

if TYPE_CHECKING:
    from textops.store import Store

__all__ = ["Analysis", "Method", "analyses"]


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
    shares = [a.planned_share for a in info.arms]
    planned = [float(s) for s in shares if s is not None] if all(s is not None for s in shares) else None
    read = read_out(
        daily,
        arms=names,
        alpha=alpha,
        correction=correction,
        planned_split=planned,
        planned_n_per_arm=info.config.get("planned_n_per_arm"),
    )
    return {
        method: Analysis(
            experiment=info,
            method=method,
            health=read.health,
            result=read.result(method),
            decision=read.decision,
        )
        for method in methods
    }
