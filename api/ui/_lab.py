"""Pages: the headline lab, the experiments list with the plan calculator, and an experiment's read-outs."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request, Response

from api.auth import Principal
from api.deps import AlphaQuery
from api.ui._common import Built, page, store_of
from textops.experiments import Method, SequentialResult, analyses
from textops.headlines import MAX_HEADLINE_CHARS

router = APIRouter(include_in_schema=False)

METHODS: tuple[Method, ...] = ("sequential", "frequentist", "bayesian")


@router.get("/ui/headlines")
def headlines(request: Request) -> Response:
    """Type a headline and constraints, get ranked variants, pick some and create an experiment."""

    def build(p: Principal) -> Built:
        corpora = [c for c in store_of(request).list_corpora(p.workspace_id) if c.transcripts]
        return "headlines.html", {
            "title": "Headline lab",
            "max_chars": MAX_HEADLINE_CHARS,
            "corpora": corpora,
        }

    return page(request, build, nav="headlines")


@router.get("/ui/experiments")
def experiments(request: Request) -> Response:
    """The workspace's experiments and the sample-size calculator."""

    def build(p: Principal) -> Built:
        return "experiments.html", {
            "title": "Experiments",
            "experiments": store_of(request).list_experiments(p.workspace_id),
        }

    return page(request, build, nav="experiments")


def lift_chart(result: SequentialResult) -> dict[str, Any]:
    """Chart.js data: cumulative relative lift of each variant per day with its confidence sequence."""
    series = []
    for c in result.comparisons:
        series.append(
            {
                "label": f"{c.variant} vs {c.control}",
                "lift": [_pct_or_none(look.relative_lift) for look in c.looks],
                "low": [_pct_or_none(look.relative_cs_low) for look in c.looks],
                "high": [_pct_or_none(look.relative_cs_high) for look in c.looks],
            }
        )
    return {"labels": [d.isoformat() for d in result.days], "series": series}


def _pct_or_none(x: float | None) -> float | None:
    return None if x is None else round(100 * x, 3)


ExperimentId = Annotated[str, Path(max_length=100)]


@router.get("/ui/experiments/{experiment_id}")
def experiment(request: Request, experiment_id: ExperimentId, alpha: AlphaQuery = 0.05) -> Response:
    """An experiment's sequential, frequentist and Bayesian read-outs, health checks and lift chart."""
    return _experiment_page(request, experiment_id, alpha, download=None)


@router.get("/ui/experiments/{experiment_id}/report.html")
def experiment_download(request: Request, experiment_id: ExperimentId, alpha: AlphaQuery = 0.05) -> Response:
    """The results page as one self-contained HTML file (inline CSS, tables instead of the chart)."""
    return _experiment_page(request, experiment_id, alpha, download=f"experiment-{experiment_id[:8]}.html")


def _experiment_page(request: Request, experiment_id: str, alpha: float, download: str | None) -> Response:
    def build(p: Principal) -> Built:
        store = store_of(request)
        ws = p.workspace_id
        results = analyses(store, ws, experiment_id, METHODS, alpha=alpha)
        sequential = results["sequential"].result
        assert isinstance(sequential, SequentialResult)
        names, rows = store.load_observations(ws, experiment_id)
        info = results["sequential"].experiment
        return "experiment.html", {
            "title": info.name,
            "exp": info,
            "a": results,
            "health": results["sequential"].health,
            "chart": lift_chart(sequential),
            "arms": names,
            "rows": rows[-60:],
            "n_rows": len(rows),
            "alpha": alpha,
        }

    return page(request, build, nav="experiments", download=download)
