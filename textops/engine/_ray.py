"""The Ray engine: an analysis's per-call work as Ray Data ``map_batches`` on a cluster.

Tasks of one kind (e.g. the slices of prospect turns to detect objections in) become one Ray dataset of
their items; ``map_batches`` runs them on an actor pool whose actors call the kind's ``setup`` once — they
load the models there, from the packages installed on their node, never from a hub — and then ``fn`` for
each item. Results come back to the driver, which aggregates them exactly as the local engine's results.

``TEXTOPS_RAY_ADDRESS`` names the cluster (``auto``, ``ray://head:10001``); without it a local Ray instance is
started with the machine's CPUs. The driver's ``TEXTOPS_*``, ``HF_HUB_OFFLINE`` and ``TRANSFORMERS_OFFLINE``
settings are passed to the workers, so they load the same models. Install with ``pip install
'textops[scale]'`` on the driver and on every node.
"""

from __future__ import annotations

import os
import pickle
import threading
from collections.abc import Sequence
from typing import Any, TypeVar

from textops.engine._parallel import Portable, Task, TaskProgress
from textops.errors import ConfigError

__all__ = ["RayEngine"]

R = TypeVar("R")

_ENV_PREFIXES = ("TEXTOPS_", "HF_", "TRANSFORMERS_")
_init_lock = threading.Lock()


class RayEngine:
    """Runs portable tasks on a Ray cluster (or a local Ray started on first use)."""

    name = "ray"

    def __init__(self, address: str | None = None, *, num_cpus: int | None = None) -> None:
        self.address = address
        self.num_cpus = num_cpus

    def _ray(self) -> Any:
        try:
            import ray
        except ImportError as exc:
            raise ConfigError(
                "the ray engine needs Ray, which is not installed",
                hint="pip install 'textops[scale]', or use the local engine (TEXTOPS_ENGINE=local)",
            ) from exc
        with _init_lock:
            if not ray.is_initialized():
                env = {k: v for k, v in os.environ.items() if k.startswith(_ENV_PREFIXES)}
                env.pop("TEXTOPS_ENGINE", None)
                ray.init(
                    address=self.address,
                    num_cpus=None if self.address else self.num_cpus,
                    include_dashboard=False,
                    log_to_driver=False,
                    configure_logging=False,
                    runtime_env={"env_vars": env},
                )
        return ray

    def run(self, tasks: Sequence[Task[R]], progress: TaskProgress | None = None) -> list[R]:
        """Run the tasks' portable forms on the cluster, one dataset per kind; results in order."""
        missing = [t.name for t in tasks if t.portable is None]
        if missing:
            raise ConfigError(
                f"these tasks cannot run on Ray: {', '.join(missing)}", hint="use the local engine"
            )
        ray = self._ray()
        from ray import data as ray_data

        groups: dict[tuple[int, int, int], list[int]] = {}
        for i, t in enumerate(tasks):
            p = t.portable
            assert p is not None
            groups.setdefault((id(p.setup), id(p.fn), id(p.spec)), []).append(i)
        results: dict[int, R] = {}
        total = sum(max(t.weight, 1e-9) for t in tasks)
        done = 0.0
        for indices in groups.values():
            first = tasks[indices[0]].portable
            assert first is not None
            rows = [{"i": i, "item": pickle.dumps(_item(tasks[i].portable))} for i in indices]
            cpus = int(ray.cluster_resources().get("CPU", 1))
            dataset = ray_data.from_items(rows, override_num_blocks=len(rows))
            mapped = dataset.map_batches(
                _Worker,
                fn_constructor_kwargs={"setup": first.setup, "spec": first.spec, "fn": first.fn},
                batch_size=1,
                concurrency=max(1, min(cpus, len(rows))),
                num_cpus=1,
            )
            for row in mapped.iter_rows():
                i = int(row["i"])
                results[i] = pickle.loads(row["result"])
                done += max(tasks[i].weight, 1e-9)
                if progress is not None:
                    progress(f"{tasks[i].name}: done", done / total)
        return [results[i] for i in range(len(tasks))]


def _item(p: Portable | None) -> Any:
    assert p is not None
    return p.item


class _Worker:
    """A Ray actor: ``setup(spec)`` once (models load here), then ``fn(state, item)`` per row."""

    def __init__(self, setup: Any, spec: Any, fn: Any) -> None:
        import torch

        torch.set_num_threads(1)  # one CPU per actor, as the local engine's threads
        self._state = setup(spec)
        self._fn = fn

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        out = [pickle.dumps(self._fn(self._state, pickle.loads(b))) for b in batch["item"]]
        return {"i": list(batch["i"]), "result": out}
