"""The Ray engine gives the local engine's reports (demo corpus, real models, a local 2-CPU Ray cluster)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support import DEMO
from textops.alignment import AlignmentConfig
from textops.embeddings import CachedEmbedder, get_embedder
from textops.engine import AnalysisConfig, LocalEngine, analyze
from textops.ingest import load_pillars, read_paths
from textops.types import CopyDocument

ray = pytest.importorskip(
    "ray", reason="the Ray engine needs `pip install 'textops[scale]'` (make install has it)"
)

pytestmark = [pytest.mark.model, pytest.mark.slow]


@pytest.fixture(scope="module")
def local_ray() -> Iterator[None]:
    ray.init(
        num_cpus=2,
        include_dashboard=False,
        log_to_driver=False,
        configure_logging=False,
        _node_ip_address="127.0.0.1",
        runtime_env={"env_vars": {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}},
    )
    try:
        yield
    finally:
        ray.shutdown()


def test_ray_engine_gives_the_local_engines_reports_on_the_demo_corpus(local_ray: None) -> None:
    from textops.engine._ray import RayEngine

    copy = [d for _, d in read_paths([DEMO / "copy"], kind="copy").documents if isinstance(d, CopyDocument)]
    calls = list(read_paths([DEMO / "calls"], kind="transcript").transcripts)
    config = AnalysisConfig(
        framework=load_pillars(DEMO / "messaging.json"),
        alignment=AlignmentConfig(own_names=frozenset({"brightlane"})),
        slice_units=300,  # several objection slices, spread over the two Ray workers
        slice_calls=20,  # and several alignment slices
    )
    fresh = CachedEmbedder(get_embedder().inner)  # nothing cached from other tests: every vector computed now
    local = analyze(copy, calls, config=config, embedder=fresh, engine=LocalEngine(2))
    remote = analyze(copy, calls, config=config, engine=RayEngine())
    assert remote.engine == "ray" and local.engine == "local"
    assert local.alignment is not None and remote.alignment is not None
    assert remote.alignment.model_dump(mode="json") == local.alignment.model_dump(mode="json")
    assert remote.objections.model_dump(mode="json") == local.objections.model_dump(mode="json")
    assert local.objections.prospect_utterances > 300 and local.objections.objections
