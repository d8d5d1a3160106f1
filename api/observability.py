"""Request ids, one structured log line per request, and Prometheus metrics at ``/metrics``.

Log lines carry the request id (taken from a well-formed ``X-Request-ID`` header or made up, and echoed in
the answer), the method, path, status, duration and the caller's workspace/key id — never request or
response bodies, so transcript text stays out of the log at INFO.
"""

from __future__ import annotations

import contextvars
import logging
import re
import sys
import time
import uuid
from collections.abc import Iterable

from fastapi import APIRouter, Request, Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api._asgi import HttpMiddleware
from textops.loaders import loaded_models
from textops.settings import Settings

__all__ = [
    "Metrics",
    "RequestContext",
    "configure_logging",
    "current_request_id",
    "metrics_router",
]

_REQUEST_ID: contextvars.ContextVar[str] = contextvars.ContextVar("textops_request_id", default="-")
_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
access_log = logging.getLogger("textops.access")


def current_request_id() -> str:
    """The id of the request being served ("-" outside a request)."""
    return _REQUEST_ID.get()


class _RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = _REQUEST_ID.get()
        return True


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def escape_control(text: str) -> str:
    """Control characters as visible escapes, so a logged value never starts a new line (log forging).

    A newline becomes backslash-n, a NUL byte backslash-x00, and so on.
    """
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


class _EscapeControlFilter(logging.Filter):
    """Escapes control characters in every record's message and string extras before it is written."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = escape_control(message)
        if clean != message or record.args:
            record.msg, record.args = clean, None
        for key in ("path", "route", "method"):
            value = getattr(record, key, None)
            if isinstance(value, str):
                setattr(record, key, escape_control(value))
        return True


def configure_logging(settings: Settings) -> None:
    """Log to stderr as text or JSON (``TEXTOPS_LOG_FORMAT``), every line with its request id."""
    handler = logging.StreamHandler(sys.stderr)
    if settings.log_format == "json":
        from pythonjsonlogger.json import JsonFormatter

        handler.setFormatter(
            JsonFormatter(
                "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
                rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
            )
        )
    else:
        handler.setFormatter(
            logging.Formatter("%(asctime)s %(levelname)-7s %(name)s [%(request_id)s] %(message)s")
        )
    handler.addFilter(_RequestIdFilter())
    handler.addFilter(_EscapeControlFilter())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(settings.log_level.upper())
    for name in ("uvicorn", "uvicorn.error"):
        logging.getLogger(name).handlers.clear()
        logging.getLogger(name).propagate = True
    logging.getLogger("uvicorn.access").disabled = True  # textops.access logs each request instead


class _ModelLoadCollector(Collector):
    def collect(self) -> Iterable[GaugeMetricFamily]:
        family = GaugeMetricFamily(
            "textops_model_load_seconds",
            "Seconds it took to load each model in this process",
            labels=["model"],
        )
        for name, seconds in sorted(loaded_models().items()):
            family.add_metric([name], seconds)
        yield family


class Metrics:
    """The app's Prometheus metrics, in a registry of its own (several apps may live in one process)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = Counter(
            "textops_http_requests",
            "HTTP requests answered",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "textops_http_request_duration_seconds",
            "Time to answer an HTTP request",
            ["method", "route"],
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60),
            registry=self.registry,
        )
        self.in_flight = Gauge(
            "textops_http_requests_in_flight", "Requests being answered now", registry=self.registry
        )
        self.jobs = Histogram(
            "textops_job_duration_seconds",
            "Run time of background jobs, by kind and final status",
            ["kind", "status"],
            buckets=(1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600),
            registry=self.registry,
        )
        self.registry.register(_ModelLoadCollector())

    def observe_job(self, kind: str, status: str, seconds: float) -> None:
        """Record a finished job (the job runner calls this)."""
        self.jobs.labels(kind=kind, status=status).observe(seconds)

    def render(self) -> bytes:
        """The metrics in Prometheus' text format."""
        return generate_latest(self.registry)


class RequestContext(HttpMiddleware):
    """ASGI middleware: request id, timing, the access log line and the request metrics."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        super().__init__(app)
        self.metrics = metrics

    async def http(self, scope: Scope, receive: Receive, send: Send, headers: dict[bytes, bytes]) -> None:
        """Serve one request inside its id's context."""
        given = headers.get(b"x-request-id", b"").decode("latin-1")
        request_id = given if _VALID_ID.match(given) else uuid.uuid4().hex[:16]
        token = _REQUEST_ID.set(request_id)
        status = 500
        start = time.perf_counter()
        self.metrics.in_flight.inc()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-request-id", request_id.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            elapsed = time.perf_counter() - start
            self.metrics.in_flight.dec()
            route = getattr(scope.get("route"), "path", None) or "unmatched"
            method = scope.get("method", "GET")
            self.metrics.requests.labels(method=method, route=route, status=str(status)).inc()
            self.metrics.latency.labels(method=method, route=route).observe(elapsed)
            principal = scope.get("state", {}).get("principal")
            who = f"ws={principal.workspace_id} key={principal.key_id}" if principal is not None else "anon"
            access_log.info(
                "%s %s %d %.1fms %s",
                method,
                escape_control(scope.get("path", "")),
                status,
                elapsed * 1000,
                who,
                extra={
                    "request_id": request_id,
                    "method": method,
                    "path": escape_control(scope.get("path", "")),
                    "route": route,
                    "status": status,
                    "duration_ms": round(elapsed * 1000, 2),
                },
            )
            _REQUEST_ID.reset(token)


metrics_router = APIRouter(tags=["health"])


@metrics_router.get(
    "/metrics",
    summary="Prometheus metrics",
    response_class=Response,
    responses={200: {"content": {CONTENT_TYPE_LATEST: {}}, "description": "Prometheus text format"}},
)
async def metrics(request: Request) -> Response:
    """Requests, latencies, job durations and model load times. Needs a key unless TEXTOPS_METRICS_PUBLIC."""
    settings: Settings = request.app.state.settings
    if settings.auth_enabled and not settings.metrics_public:
        from api.auth import authorize

        await authorize(request)
    registry: Metrics = request.app.state.metrics
    return Response(registry.render(), media_type=CONTENT_TYPE_LATEST)
