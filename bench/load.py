"""Load test: the real server on 127.0.0.1 under concurrent clients, per endpoint, against 1 client.

Starts ``uvicorn api:create_app`` in a subprocess (real models, auth ON, a fresh database — SQLite in a temp
folder, or with ``--backend postgresql`` a throwaway PostgreSQL server — with one ``write`` key and one corpus
created directly in it), waits for ``/health`` to say ``ok`` (models loaded), then for each endpoint —
``POST /v1/objections/classify``, ``/v1/headlines/variants``, ``/v1/headlines/score``, and ``ingest``
(``POST /v1/corpora/1/documents``, one new 12-turn call per request: the database-bound one) — runs a
1-client baseline and then N concurrent clients, each for a bounded time and request count, and prints
requests, throughput, p50/p99 latency and errors (non-2xx, with the status codes seen), the N-vs-1
throughput ratio, the server's CPU use and the load average.

The rate limiter is turned off for the run (``TEXTOPS_RATE_LIMIT=""``): the point is the server's capacity,
not the per-key limit (600/minute by default), which would otherwise answer 429s. Request texts are drawn,
without repeats, from tens of thousands of combinations of phrases: the embedding cache does not turn the
run into a cache benchmark. Clients run in this process and share the machine's cores with the server,
so the figures are pessimistic on a small machine. Traffic goes to 127.0.0.1 only. Other server settings
come from the environment, e.g. ``TEXTOPS_TORCH_THREADS=1 python bench/load.py`` (one torch thread per
request instead of all cores: better throughput under concurrency, slower single requests).

Usage: python bench/load.py [--backend sqlite|postgresql] [--clients 4] [--duration 20]
       [--endpoints classify,variants,score,ingest] [--json]
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import itertools
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import numpy as np
from _common import ROOT

sys.path.insert(0, str(ROOT))

from textops.store import Store
from textops.store.throwaway import ThrowawayPostgres

HOST = "127.0.0.1"

# -- request bodies (shapes of ClassifyRequest, VariantsRequest, ScoreRequest in api/routers) -------------

_OPENERS = ["Honestly,", "To be fair,", "Look,", "I mean,", "Right now", "Frankly,", "Well,", "So"]
_OBJECTIONS = [
    "the price is way over our budget",
    "we already use Salesforce for this",
    "I need to run it by our CFO first",
    "the timing is bad, we're mid-migration",
    "I'm not sure we need another tool",
    "security will want a SOC 2 report",
    "the contract term is too long for us",
    "rolling it out to 40 people sounds painful",
    "we tried something similar and it failed",
    "legal has to review the data terms",
    "your competitor quoted us half that",
    "we can't commit before next quarter",
]
_CONTEXTS = [
    "",
    "for the finance team",
    "this year",
    "with the hiring freeze",
    "given how the last pilot went",
    "for three entities",
    "after the reorg",
    "until the audit is done",
    "across our EU offices",
    "for a team our size",
]
_VERBS = [
    "Access cash from",
    "Cut the cost of",
    "Get more out of",
    "Simplify",
    "Speed up",
    "Protect",
    "Automate",
]
_OBJECTS = [
    "the equity in your home",
    "your monthly invoices",
    "your team's sales calls",
    "your cloud bill",
    "your payroll",
    "customer onboarding",
    "your expense reports",
    "vendor approvals",
    "your month-end close",
    "your support inbox",
]
_QUALIFIERS = [
    "",
    "in minutes",
    "without the paperwork",
    "this quarter",
    "with one app",
    "for small teams",
    "before tax season",
    "with no new hires",
]


_TEAM_SIZES = range(5, 400, 5)
_DAYS = range(2, 61)


def _shuffled(rng: random.Random, *pools: Any) -> Iterator[tuple[Any, ...]]:
    """Every combination once, in random order, then again (only after tens of thousands of requests)."""
    combos = list(itertools.product(*pools))
    while True:
        rng.shuffle(combos)
        yield from combos


def _classify_bodies(rng: random.Random) -> Iterator[dict[str, Any]]:
    for opener, objection, context, seats in _shuffled(rng, _OPENERS, _OBJECTIONS, _CONTEXTS, _TEAM_SIZES):
        text = " ".join(p for p in (opener, objection, context) if p)
        yield {"text": f"{text}, and we are {seats} people."}


def _headlines(rng: random.Random) -> Iterator[str]:
    for verb, obj, qual, days in _shuffled(rng, _VERBS, _OBJECTS, _QUALIFIERS, _DAYS):
        yield " ".join(p for p in (verb, obj, qual, f"in {days} days") if p)


def _variants_bodies(rng: random.Random) -> Iterator[dict[str, Any]]:
    for headline in _headlines(rng):
        yield {"headline": headline, "n": 10, "audience": "finance teams"}


def _score_bodies(rng: random.Random) -> Iterator[dict[str, Any]]:
    heads = _headlines(rng)
    while True:
        yield {"headline": next(heads), "variants": [next(heads) for _ in range(5)]}


def _ingest_bodies(rng: random.Random) -> Iterator[dict[str, Any]]:
    """One new call per request (never a duplicate: the call id and the numbers differ)."""
    combos = _shuffled(rng, _OPENERS, _OBJECTIONS, _CONTEXTS, _TEAM_SIZES)
    for n, (opener, objection, context, seats) in enumerate(combos, start=1):
        turns = []
        for j in range(12):
            if j % 2 == 0:
                turns.append({"speaker": "Dana Ruiz", "role": "rep", "text": f"Question {j} for call {n}?"})
            else:
                text = " ".join(p for p in (opener, objection, context) if p)
                turns.append(
                    {"speaker": "Sam Lee", "role": "prospect", "text": f"{text}, {seats} seats, {j}."}
                )
        yield {"transcripts": [{"call_id": f"load-{rng.random():.12f}-{n}", "utterances": turns}]}


ENDPOINTS: dict[str, tuple[str, Callable[[random.Random], Iterator[dict[str, Any]]]]] = {
    "classify": ("/v1/objections/classify", _classify_bodies),
    "variants": ("/v1/headlines/variants", _variants_bodies),
    "score": ("/v1/headlines/score", _score_bodies),
    "ingest": ("/v1/corpora/1/documents", _ingest_bodies),
}


# -- the server ------------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def running_server(
    workdir: Path, port: int, start_timeout: float, url: str
) -> Iterator[tuple[str, str, int]]:
    """Start the API on database ``url`` with auth on, one write key and corpus 1; yield (base URL, key,
    server pid)."""
    store = Store(url)
    ws = store.workspace("load")
    _, secret = store.create_key(ws, "write", "load")
    corpus = store.create_corpus(ws, "load")
    assert corpus.id == 1, "the ingest endpoint posts to corpus 1 of a fresh database"
    store.engine.dispose()
    env = {
        **os.environ,
        "TEXTOPS_DATABASE_URL": url,
        "TEXTOPS_DATA_DIR": str(workdir),
        "TEXTOPS_AUTH_ENABLED": "true",
        "TEXTOPS_RATE_LIMIT": "",  # capacity, not the per-key limit, is measured
        "TEXTOPS_API_WARM_MODELS": "true",
        "TEXTOPS_LOG_LEVEL": "WARNING",
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
    }
    log = (workdir / "server.log").open("wb")
    cmd = [
        sys.executable,
        "-m",
        "uvicorn",
        "api:create_app",
        "--factory",
        "--host",
        HOST,
        "--port",
        str(port),
    ]
    proc = subprocess.Popen([*cmd, "--log-level", "warning"], cwd=ROOT, env=env, stdout=log, stderr=log)
    base = f"http://{HOST}:{port}"
    try:
        _wait_healthy(base, proc, start_timeout, workdir / "server.log")
        yield base, secret, proc.pid
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def _wait_healthy(base: str, proc: subprocess.Popen[bytes], timeout: float, log_path: Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the server exited ({proc.returncode}):\n{log_path.read_text()[-3000:]}")
        with contextlib.suppress(httpx.HTTPError):
            health = httpx.get(f"{base}/health", timeout=2).json()
            if health.get("status") == "ok":
                return
        time.sleep(0.5)
    raise SystemExit(f"the server was not healthy after {timeout:.0f} s:\n{log_path.read_text()[-3000:]}")


def _cpu_seconds(pid: int) -> float | None:
    """utime + stime of a process (Linux /proc), in seconds."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


# -- the clients -----------------------------------------------------------------------------------------


@dataclass
class PhaseResult:
    """What one endpoint did under one client count."""

    endpoint: str
    clients: int
    seconds: float
    latencies_ms: list[float] = field(default_factory=list)
    statuses: collections.Counter[str] = field(default_factory=collections.Counter)
    server_cpu_pct: float | None = None
    loadavg_1m: float = 0.0

    @property
    def requests(self) -> int:
        return sum(self.statuses.values())

    @property
    def errors(self) -> int:
        return sum(n for code, n in self.statuses.items() if not code.startswith("2"))

    @property
    def ok(self) -> int:
        return self.requests - self.errors

    @property
    def throughput(self) -> float:
        return self.ok / self.seconds if self.seconds else 0.0

    def percentile(self, q: float) -> float:
        return float(np.percentile(self.latencies_ms, q)) if self.latencies_ms else float("nan")

    def as_dict(self) -> dict[str, Any]:
        return {
            "endpoint": self.endpoint,
            "clients": self.clients,
            "requests": self.requests,
            "ok": self.ok,
            "seconds": round(self.seconds, 2),
            "throughput_rps": round(self.throughput, 2),
            "p50_ms": round(self.percentile(50), 1),
            "p99_ms": round(self.percentile(99), 1),
            "errors": self.errors,
            "status_codes": dict(self.statuses),
            "server_cpu_pct": None if self.server_cpu_pct is None else round(self.server_cpu_pct),
            "loadavg_1m": round(self.loadavg_1m, 2),
        }


def run_phase(
    base: str,
    key: str,
    name: str,
    source: Iterator[dict[str, Any]],
    clients: int,
    duration: float,
    max_requests: int,
    timeout: float,
    server_pid: int,
) -> PhaseResult:
    """``clients`` threads send requests back to back until ``duration`` s or ``max_requests`` in total.

    Bodies come from ``source``, shared by the phases of one endpoint, so a text is not sent twice.
    """
    path = ENDPOINTS[name][0]
    lock = threading.Lock()
    result = PhaseResult(name, clients, 0.0)
    budget = itertools.count()
    headers = {"Authorization": f"Bearer {key}"}

    def client() -> None:
        with httpx.Client(base_url=base, headers=headers, timeout=timeout) as http:
            while time.monotonic() < stop and next(budget) < max_requests:
                with lock:
                    body = next(source)
                t0 = time.perf_counter()
                try:
                    code = str(http.post(path, json=body).status_code)
                except httpx.HTTPError as exc:
                    code = type(exc).__name__
                ms = (time.perf_counter() - t0) * 1000
                with lock:
                    result.statuses[code] += 1
                    if code.startswith("2"):
                        result.latencies_ms.append(ms)

    cpu0 = _cpu_seconds(server_pid)
    start = time.monotonic()
    stop = start + duration
    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=duration + timeout + 10)
    result.seconds = time.monotonic() - start
    cpu1 = _cpu_seconds(server_pid)
    if cpu0 is not None and cpu1 is not None:
        result.server_cpu_pct = 100 * (cpu1 - cpu0) / result.seconds
    result.loadavg_1m = os.getloadavg()[0]
    return result


def _warm(base: str, key: str, name: str, source: Iterator[dict[str, Any]], n: int) -> None:
    path = ENDPOINTS[name][0]
    with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {key}"}, timeout=120) as http:
        for _ in range(n):
            r = http.post(path, json=next(source))
            if r.status_code >= 300:
                raise SystemExit(f"warm-up request to {path} failed: {r.status_code} {r.text[:500]}")


def _print_table(results: list[PhaseResult], clients: int) -> None:
    cols = f"{'endpoint':<10} {'clients':>7} {'requests':>8} {'req/s':>7} {'p50 ms':>8} {'p99 ms':>8}"
    print(f"{cols} {'errors':>6} {'srv CPU':>7} {'load1':>6}  status codes")
    for r in results:
        cpu = "n/a" if r.server_cpu_pct is None else f"{r.server_cpu_pct:.0f}%"
        codes = ", ".join(f"{c}×{n}" for c, n in sorted(r.statuses.items()))
        print(
            f"{r.endpoint:<10} {r.clients:>7} {r.requests:>8} {r.throughput:>7.2f} {r.percentile(50):>8.1f} "
            f"{r.percentile(99):>8.1f} {r.errors:>6} {cpu:>7} {r.loadavg_1m:>6.2f}  {codes}"
        )
    print()
    by = {(r.endpoint, r.clients): r for r in results}
    for name in dict.fromkeys(r.endpoint for r in results):
        one, many = by.get((name, 1)), by.get((name, clients))
        if one and many and one.throughput:
            print(
                f"{name}: {clients} clients give {many.throughput / one.throughput:.2f}× the throughput of 1 "
                f"({many.throughput:.2f} vs {one.throughput:.2f} req/s); p50 {one.percentile(50):.0f} → "
                f"{many.percentile(50):.0f} ms"
            )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=4, help="concurrent clients (after the 1-client baseline)")
    ap.add_argument("--duration", type=float, default=20.0, help="seconds per endpoint and client count")
    ap.add_argument(
        "--max-requests", type=int, default=20_000, help="request cap per endpoint and client count"
    )
    ap.add_argument("--timeout", type=float, default=60.0, help="per-request timeout, seconds")
    ap.add_argument(
        "--endpoints", default="classify,variants,score", help="comma-separated: " + ",".join(ENDPOINTS)
    )
    ap.add_argument("--warmup", type=int, default=3, help="untimed requests per endpoint first")
    ap.add_argument("--start-timeout", type=float, default=300.0, help="seconds to wait for /health ok")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--json", action="store_true", help="also print the results as one JSON object")
    ap.add_argument(
        "--backend", choices=["sqlite", "postgresql"], default="sqlite", help="the server's database"
    )
    args = ap.parse_args()
    names = [n.strip() for n in args.endpoints.split(",") if n.strip()]
    unknown = [n for n in names if n not in ENDPOINTS]
    if unknown or not names:
        raise SystemExit(f"unknown endpoint(s) {unknown}; choose from {', '.join(ENDPOINTS)}")
    if not 1 <= args.clients <= 64 or not 0 < args.duration <= 600:
        raise SystemExit("--clients must be 1..64 and --duration 0..600 s (bounded load)")

    print(f"machine: {os.cpu_count()} CPU(s); load average before start: {os.getloadavg()}")
    results: list[PhaseResult] = []
    with tempfile.TemporaryDirectory(prefix="textops-load-") as tmp, contextlib.ExitStack() as stack:
        if args.backend == "postgresql":
            url = stack.enter_context(ThrowawayPostgres()).create_database()
        else:
            url = f"sqlite:///{Path(tmp) / 'load.db'}"
        t0 = time.monotonic()
        with running_server(Path(tmp), _free_port(), args.start_timeout, url) as (base, key, pid):
            print(
                f"server {base} healthy after {time.monotonic() - t0:.1f} s "
                f"(auth on, rate limit off, {args.backend})"
            )
            for i, name in enumerate(names):
                source = ENDPOINTS[name][1](random.Random(args.seed + i))
                _warm(base, key, name, source, args.warmup)
                for clients in dict.fromkeys([1, args.clients]):
                    r = run_phase(
                        base, key, name, source, clients, args.duration, args.max_requests, args.timeout, pid
                    )
                    results.append(r)
                    print(
                        f"  {name} × {clients}: {r.requests} requests, {r.throughput:.2f} req/s, "
                        f"p50 {r.percentile(50):.0f} ms, p99 {r.percentile(99):.0f} ms, {r.errors} errors",
                        flush=True,
                    )
    print()
    _print_table(results, args.clients)
    print(f"\nload average at the end (1, 5, 15 min): {os.getloadavg()}")
    if args.json:
        print(json.dumps({"clients": args.clients, "results": [r.as_dict() for r in results]}))


if __name__ == "__main__":
    main()
