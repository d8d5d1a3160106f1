from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest

from textops.embeddings import HashingEmbedder
from textops.errors import ModelNotAvailableError
from textops.headlines import OpenAICompatGenerator, TransformersGenerator, generate_variants
from textops.headlines._neural import clean_output, default_model_location
from textops.settings import Settings

H = "Access cash from the equity in your home"


class _Stub(BaseHTTPRequestHandler):
    calls: ClassVar[list[dict[str, Any]]] = []
    fail_first = 0

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        _Stub.calls.append(body)
        if _Stub.fail_first > 0:
            _Stub.fail_first -= 1
            self.send_response(503)
            self.end_headers()
            return
        content = "1. Tap the cash in your home equity\n2. Get 50% off your home equity loan, free"
        data = {"choices": [{"message": {"role": "assistant", "content": content}}]}
        raw = json.dumps(data).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def stub_url() -> Iterator[str]:
    server = HTTPServer(("127.0.0.1", 0), _Stub)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Stub.calls.clear()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()


def test_clean_output() -> None:
    assert clean_output('\n 2) "Headline: Tap your equity"\nmore') == "Tap your equity"


def test_openai_backend_parses_and_retries(stub_url: str) -> None:
    _Stub.fail_first = 1
    gen = OpenAICompatGenerator(stub_url, "stub-model", timeout_s=2, retries=2)
    out = gen.generate(H, 5)
    assert out == ["Tap the cash in your home equity", "Get 50% off your home equity loan, free"]
    assert len(_Stub.calls) == 2 and _Stub.calls[-1]["model"] == "stub-model" and _Stub.calls[-1]["n"] == 5


def test_openai_backend_gives_up_clearly(stub_url: str) -> None:
    _Stub.fail_first = 10
    with pytest.raises(ModelNotAvailableError, match="did not answer"):
        OpenAICompatGenerator(stub_url, "m", timeout_s=1, retries=1).generate(H, 2)
    _Stub.fail_first = 0


@pytest.mark.model
def test_neural_variants_are_filtered_and_invented_claims_dropped(stub_url: str, settings: Settings) -> None:
    from textops.nlp import get_nlp

    gen = OpenAICompatGenerator(stub_url, "stub", timeout_s=2, retries=0)
    report = generate_variants(H, n=30, generators=[gen], nlp=get_nlp("parse"), embedder=HashingEmbedder(64))
    neural = [v for v in report.variants if v.strategy == "neural:stub"]
    assert [v.backend for v in neural] == ["openai"] and "50%" not in neural[0].text
    assert report.dropped.get("invented_claim") == 1


def test_transformers_backend_on_a_tiny_model(tiny_causal_lm: Path) -> None:
    from transformers import AutoTokenizer

    words = set(AutoTokenizer.from_pretrained(tiny_causal_lm).get_vocab())
    gen = TransformersGenerator(tiny_causal_lm, max_new_tokens=6, seed=1)
    out = gen.generate(H, 4)
    assert gen.name == "tiny" and gen.backend == "transformers"
    assert 1 <= len(out) <= 4 and all(set(o.split()) <= words for o in out)


def test_default_model_location_is_the_package() -> None:
    folder, gguf = default_model_location()
    assert gguf == "SmolLM2-135M-Instruct.Q4_1.gguf" and (folder / gguf).is_file()


@pytest.mark.model
def test_smollm2_samples_and_caches_the_conversion(settings: Settings) -> None:
    gen = TransformersGenerator(max_new_tokens=8)
    out = gen.generate(H, 3)
    assert out and all(isinstance(o, str) and o for o in out)
    cached = list((settings.data_dir / "models").glob("SmolLM2-135M-Instruct.Q4_1-*/config.json"))
    assert len(cached) == 1
    assert "quantization_config" not in json.loads(cached[0].read_text())


def test_get_generators_reads_the_setting_and_checks_up_front(stub_url: str, settings: Settings) -> None:
    from textops.errors import ConfigError
    from textops.headlines import get_generators
    from textops.settings import override_settings

    assert get_generators() == []  # default: builtin only, nothing to load
    with override_settings(
        headline_backends=["openai", "builtin", "openai"],
        headline_openai_base_url=stub_url,
        headline_openai_model="m",
    ) as s:
        gens = get_generators(settings=s)
        assert [g.backend for g in gens] == ["openai"]  # listed twice, used once
        assert get_generators(["builtin"], settings=s) == []  # an explicit list overrides the setting
        with pytest.raises(ConfigError, match="requested"):
            get_generators(["nope"], settings=s)
