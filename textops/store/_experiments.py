"""Experiment persistence: arms and daily counts, idempotent per (arm, day)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from textops.errors import ConflictError, InvalidInputError, NotFoundError
from textops.store._base import StoreMixin
from textops.store._schema import ArmRow, ExperimentRow, ObservationRow


class ArmInfo(BaseModel):
    """An arm with its running totals."""

    name: str
    text: str | None = None
    planned_share: float | None = None
    visitors: int = 0
    conversions: int = 0


class ExperimentInfo(BaseModel):
    """An experiment with its arms and the days it has counts for."""

    id: str
    name: str
    created_at: datetime
    config: dict[str, Any]
    arms: list[ArmInfo]
    days: int
    first_day: date | None = None
    last_day: date | None = None


class Observation(BaseModel):
    """Counts of one arm on one day (that day only, not cumulative)."""

    day: date
    arm: str
    visitors: int
    conversions: int


class ExperimentsMixin(StoreMixin):
    """Experiment methods of :class:`textops.store.Store` (scoped by workspace like everything else)."""

    def create_experiment(
        self,
        ws: int,
        name: str,
        arms: Sequence[tuple[str, str | None, float | None]],
        config: dict[str, Any] | None = None,
    ) -> ExperimentInfo:
        """Create an experiment with arms ``(name, text, planned_share)``; the first arm is the control."""
        names = [a[0].strip() for a in arms]
        if len(names) < 2:
            raise InvalidInputError("an experiment needs at least two arms (a control and a variant)")
        if len(set(names)) != len(names) or not all(names):
            raise InvalidInputError("arm names must be non-empty and distinct", hint=f"got {names}")
        with self.session() as s:
            row = ExperimentRow(id=str(uuid.uuid4()), workspace_id=ws, name=name, config=config or {})
            s.add(row)
            for i, (arm_name, text, share) in enumerate(arms):
                s.add(
                    ArmRow(
                        experiment_id=row.id,
                        position=i,
                        name=arm_name.strip(),
                        text=text,
                        planned_share=share,
                    )
                )
            s.flush()
            exp_id = row.id
        return self.get_experiment(ws, exp_id)

    def _experiment_row(self, s: Session, ws: int, exp_id: str) -> ExperimentRow:
        row = s.scalar(
            select(ExperimentRow).where(ExperimentRow.id == exp_id, ExperimentRow.workspace_id == ws)
        )
        if row is None:
            raise NotFoundError(
                f"experiment {exp_id!r} not found", hint="list experiments with GET /v1/experiments"
            )
        return row

    def get_experiment(self, ws: int, exp_id: str) -> ExperimentInfo:
        """An experiment with totals per arm."""
        with self.session() as s:
            row = self._experiment_row(s, ws, exp_id)
            arms: list[ArmInfo] = []
            days: set[date] = set()
            for arm in row.arms:
                obs = s.scalars(select(ObservationRow).where(ObservationRow.arm_id == arm.id)).all()
                days.update(o.day for o in obs)
                arms.append(
                    ArmInfo(
                        name=arm.name,
                        text=arm.text,
                        planned_share=arm.planned_share,
                        visitors=sum(o.visitors for o in obs),
                        conversions=sum(o.conversions for o in obs),
                    )
                )
            return ExperimentInfo(
                id=row.id,
                name=row.name,
                created_at=row.created_at,
                config=row.config,
                arms=arms,
                days=len(days),
                first_day=min(days) if days else None,
                last_day=max(days) if days else None,
            )

    def list_experiments(self, ws: int) -> list[ExperimentInfo]:
        """All experiments of a workspace, newest first."""
        with self.session() as s:
            ids = s.scalars(
                select(ExperimentRow.id)
                .where(ExperimentRow.workspace_id == ws)
                .order_by(ExperimentRow.created_at.desc())
            ).all()
        return [self.get_experiment(ws, i) for i in ids]

    def delete_experiment(self, ws: int, exp_id: str) -> None:
        """Delete an experiment with its arms and counts."""
        with self.session() as s:
            s.delete(self._experiment_row(s, ws, exp_id))

    def record_observations(self, ws: int, exp_id: str, rows: Sequence[Observation]) -> int:
        """Store daily counts; a (day, arm) already stored is replaced, so re-posting a day is idempotent."""
        with self.session() as s:
            exp = self._experiment_row(s, ws, exp_id)
            arms = {a.name: a for a in exp.arms}
            seen: set[tuple[date, str]] = set()
            for i, r in enumerate(rows):
                if r.arm not in arms:
                    raise InvalidInputError(
                        f"observations[{i}]: unknown arm {r.arm!r}",
                        hint=f"the experiment's arms are {sorted(arms)}",
                    )
                if (r.day, r.arm) in seen:
                    raise ConflictError(
                        f"observations[{i}]: {r.arm!r} on {r.day} appears twice in this request"
                    )
                seen.add((r.day, r.arm))
                arm = arms[r.arm]
                existing = s.scalar(
                    select(ObservationRow).where(ObservationRow.arm_id == arm.id, ObservationRow.day == r.day)
                )
                if existing is None:
                    s.add(
                        ObservationRow(
                            arm_id=arm.id, day=r.day, visitors=r.visitors, conversions=r.conversions
                        )
                    )
                else:
                    existing.visitors, existing.conversions = r.visitors, r.conversions
            return len(rows)

    def load_observations(self, ws: int, exp_id: str) -> tuple[list[str], list[Observation]]:
        """Arm names (control first) and all daily rows, by day."""
        with self.session() as s:
            exp = self._experiment_row(s, ws, exp_id)
            names = [a.name for a in exp.arms]
            by_id = {a.id: a.name for a in exp.arms}
            rows = s.scalars(
                select(ObservationRow)
                .where(ObservationRow.arm_id.in_(list(by_id)))
                .order_by(ObservationRow.day)
            ).all()
            return names, [
                Observation(day=r.day, arm=by_id[r.arm_id], visitors=r.visitors, conversions=r.conversions)
                for r in rows
            ]
