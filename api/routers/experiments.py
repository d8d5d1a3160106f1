"""``/v1/experiments``: plan, record and read headline A/B tests."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Query, Response, UploadFile, status
from pydantic import BaseModel, Field, ValidationError, model_validator

from api.deps import AlphaQuery, StoreDep, WorkspaceDep
from textops.errors import InputTooLargeError, InvalidInputError
from textops.experiments import Analysis, SampleSizePlan, analyses, parse_counts_csv, plan_sample_size
from textops.reports import csv_text
from textops.store import ExperimentInfo, Observation

router = APIRouter(prefix="/v1", tags=["experiments"])


class PlanRequest(BaseModel):
    """Inputs of a sample-size plan."""

    baseline_rate: float = Field(gt=0, lt=1, description="control conversion/click rate, e.g. 0.05")
    mde: float = Field(gt=0, description="minimum detectable effect (relative, e.g. 0.1 = +10%, or absolute)")
    mde_type: Literal["relative", "absolute"] = "relative"
    alpha: float = Field(default=0.05, gt=0, lt=0.5)
    power: float = Field(default=0.8, gt=0.5, lt=1)
    n_arms: int = Field(default=2, ge=2, le=20)
    split: list[float] | None = Field(default=None, description="planned traffic shares per arm")
    daily_traffic: float | None = Field(default=None, gt=0, description="visitors per day over all arms")


class ArmIn(BaseModel):
    """An arm: its name and the headline it shows."""

    name: str = Field(min_length=1, max_length=200)
    text: str | None = Field(default=None, max_length=2000)
    planned_share: float | None = Field(default=None, gt=0, le=1)


class ExperimentCreate(BaseModel):
    """A new experiment: the first arm is the control."""

    name: str = Field(min_length=1, max_length=300)
    arms: list[ArmIn] = Field(min_length=2, max_length=20)
    planned_n_per_arm: int | None = Field(default=None, ge=1)
    source_variant_set: str | None = Field(
        default=None, max_length=100, description="headline variant set id"
    )


class ObservationIn(BaseModel):
    """Counts of one arm on one day (that day only)."""

    day: date
    arm: str = Field(min_length=1, max_length=200)
    visitors: int = Field(ge=0, description="impressions or visitors that day", le=10**12)
    conversions: int = Field(ge=0, description="clicks or conversions that day", le=10**12)

    @model_validator(mode="after")
    def _not_more_conversions_than_visitors(self) -> ObservationIn:
        if self.conversions > self.visitors:
            raise ValueError(
                f"{self.arm} on {self.day}: conversions ({self.conversions}) "
                f"exceed visitors ({self.visitors})"
            )
        return self


class ObservationsIn(BaseModel):
    """Daily counts; posting the same (day, arm) again replaces it."""

    observations: list[ObservationIn] = Field(min_length=1, max_length=10_000)


MAX_CSV_BYTES = 2_000_000
"""Largest CSV of daily counts the import takes."""
MAX_CSV_ROWS = 50_000
"""Most (day, arm) rows in one CSV import."""


class CsvImport(BaseModel):
    """The experiment after a CSV import, and how many (day, arm) rows the file held."""

    rows: int
    days: int
    experiment: ExperimentInfo


@router.post("/experiments/plan", response_model=SampleSizePlan, summary="Sample size and duration")
def plan(body: PlanRequest) -> SampleSizePlan:
    """Visitors per arm to detect the effect, and days at the given traffic."""
    return plan_sample_size(**body.model_dump())  # the request's fields are the function's parameters


@router.post(
    "/experiments",
    response_model=ExperimentInfo,
    status_code=status.HTTP_201_CREATED,
    summary="Create an experiment",
)
def create_experiment(body: ExperimentCreate, store: StoreDep, ws: WorkspaceDep) -> ExperimentInfo:
    """Create an experiment from arms with their headline text (e.g. picked headline variants)."""
    config: dict[str, Any] = {
        "planned_n_per_arm": body.planned_n_per_arm,
        "source_variant_set": body.source_variant_set,
    }
    return store.create_experiment(
        ws, body.name, [(a.name, a.text, a.planned_share) for a in body.arms], config
    )


@router.get("/experiments", response_model=list[ExperimentInfo], summary="List experiments")
def list_experiments(store: StoreDep, ws: WorkspaceDep) -> list[ExperimentInfo]:
    """All experiments, newest first."""
    return store.list_experiments(ws)


@router.get("/experiments/{experiment_id}", response_model=ExperimentInfo, summary="One experiment")
def get_experiment(experiment_id: str, store: StoreDep, ws: WorkspaceDep) -> ExperimentInfo:
    """An experiment with totals per arm."""
    return store.get_experiment(ws, experiment_id)


@router.delete("/experiments/{experiment_id}", status_code=status.HTTP_204_NO_CONTENT, summary="Delete")
def delete_experiment(experiment_id: str, store: StoreDep, ws: WorkspaceDep) -> Response:
    """Delete an experiment with its counts."""
    store.delete_experiment(ws, experiment_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/experiments/{experiment_id}/observations", response_model=ExperimentInfo, summary="Record daily counts"
)
def record(experiment_id: str, body: ObservationsIn, store: StoreDep, ws: WorkspaceDep) -> ExperimentInfo:
    """Record daily counts per arm; idempotent per (day, arm). Unknown arms are a 422."""
    store.record_observations(ws, experiment_id, [Observation(**o.model_dump()) for o in body.observations])
    return store.get_experiment(ws, experiment_id)


@router.post(
    "/experiments/{experiment_id}/observations/csv",
    response_model=CsvImport,
    summary="Import daily counts from a CSV file",
)
async def import_csv(
    experiment_id: str,
    store: StoreDep,
    ws: WorkspaceDep,
    file: Annotated[UploadFile, File(description="CSV: day, arm, visitors|impressions, conversions|clicks")],
) -> CsvImport:
    """Record the daily counts of a CSV file, in the format ``textops experiment analyze`` reads.

    Columns ``day`` (YYYY-MM-DD), ``arm``, ``visitors`` (or ``impressions``) and ``conversions`` (or
    ``clicks``), one row per arm and day with that day's counts. A (day, arm) already recorded is replaced.
    The whole file is checked first: one bad row and nothing is recorded (422 with its line number).
    """
    name = file.filename or "counts.csv"
    data = await file.read(MAX_CSV_BYTES + 1)
    if len(data) > MAX_CSV_BYTES:
        raise InputTooLargeError(
            f"{name}: larger than {MAX_CSV_BYTES:,} bytes", hint="import it in several files (by month)"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInputError(f"{name}: not UTF-8 text", hint="save it as a UTF-8 CSV") from exc
    rows = parse_counts_csv(text, name)
    if len(rows) > MAX_CSV_ROWS:
        raise InputTooLargeError(
            f"{name}: {len(rows):,} rows; at most {MAX_CSV_ROWS:,}", hint="import it in several files"
        )
    observations: list[Observation] = []
    for day, arm, visitors, conversions in rows:
        try:
            checked = ObservationIn(day=day, arm=arm, visitors=visitors, conversions=conversions)
        except ValidationError as exc:
            problem = exc.errors()[0].get("msg", "invalid row").removeprefix("Value error, ")
            raise InvalidInputError(
                f"{name}: the row of {arm} on {day}: {problem}",
                hint="counts are whole numbers >= 0, conversions at most the visitors of that day",
            ) from None
        observations.append(Observation(**checked.model_dump()))
    store.record_observations(ws, experiment_id, observations)
    info = store.get_experiment(ws, experiment_id)
    return CsvImport(rows=len(observations), days=len({o.day for o in observations}), experiment=info)


@router.get("/experiments/{experiment_id}/analysis", response_model=Analysis, summary="Read the experiment")
def analysis(
    experiment_id: str,
    store: StoreDep,
    ws: WorkspaceDep,
    method: Annotated[Literal["frequentist", "bayesian", "sequential"], Query()] = "sequential",
    alpha: AlphaQuery = 0.05,
    correction: Annotated[Literal["holm", "bh", "none"], Query()] = "holm",
) -> Analysis:
    """Frequentist, Bayesian or sequential read-out, with SRM and too-early warnings, and the decision.

    The sequential method is always valid: safe to check daily. Degenerate data gives a neutral result
    with a reason code, never an error. ``decision`` says what to do — ship an arm, keep running (with the
    visitors and days still needed), no detectable difference, or stop: data problem — with the reasons
    in plain words; it always comes from the sequential read-out, the others are listed as other views.
    """
    return analyses(store, ws, experiment_id, (method,), alpha=alpha, correction=correction)[method]


class ObservationsOut(BaseModel):
    """An experiment's daily counts per arm, oldest day first."""

    experiment_id: str
    arms: list[str]
    observations: list[Observation]


@router.get(
    "/experiments/{experiment_id}/observations",
    response_model=ObservationsOut,
    summary="The recorded daily counts (JSON, or CSV with `format=csv`)",
    responses={200: {"content": {"text/csv": {}}}},
)
def observations(
    experiment_id: str,
    store: StoreDep,
    ws: WorkspaceDep,
    fmt: Annotated[Literal["json", "csv"], Query(alias="format")] = "json",
) -> Any:
    """Every (day, arm) row recorded so far; the CSV reads back with ``textops experiment analyze``."""
    names, rows = store.load_observations(ws, experiment_id)
    if fmt == "csv":
        text = csv_text(
            ["day", "arm", "visitors", "conversions"],
            ([r.day.isoformat(), r.arm, r.visitors, r.conversions] for r in rows),
        )
        return Response(content=text, media_type="text/csv; charset=utf-8")
    return ObservationsOut(experiment_id=experiment_id, arms=names, observations=rows)
