"""The whole job at corpus scale: ingest → analyze (alignment + objections, both reports stored), timed.

Corpus (deterministic, seed 2026): N calls of ~4,500 words in the plain-text export shape
(``# rep: …`` header, ``Name: text`` lines), rep and prospect turns alternating, written under a work folder
with the demo corpus's copy and messaging framework. Sentences come from the demo calls' rep and prospect
turns and the objection seed and training files (prospect lines in three registers, and the rep turns
before them); each spoken sentence gets a lead-in and a tail and, one time in three, is joined to a second
sentence, so most sentences are new text — the share of exact duplicate sentences is printed.

Runs, each in its own process (wall time, CPU time of the process and its children; peak RSS of the process
and its children — the local engine's spaCy parse process — together, their RSS summed from /proc every
0.1 s and never less than either's own high-water mark; and the sum of the process's and its largest
child's high-water marks, which may come at different times — an upper bound with the local engine's one
child):
  ingest       ``textops ingest`` into a fresh SQLite store
  analyze      ``textops analyze CORPUS`` — one pass for both reports, stored
  baseline     ``textops align`` then ``textops objections`` on the same files, one after the other
               (what a user ran before ``analyze``), measured in the same run for the speed-up: the
               commands of the code the issue measured when it was filed (commit ``FILED``, checked out
               into a temporary git worktree, with its own data folder), and today's commands (this
               checkout) — ``--baseline-at filed|current|both``.
  with ``--engine ray``: ``analyze`` on a local Ray (all CPUs of this machine), then on the local engine,
               the overhead of Ray printed and whether the two stored the same reports.

Usage:
  python bench/corpus_scale.py                      # N = 100, 200 and 1000, with the baseline at 100 and 200
  python bench/corpus_scale.py --calls 1000         # that size only, without the baseline
  python bench/corpus_scale.py --calls 200 --baseline
  python bench/corpus_scale.py --calls 100 --baseline --baseline-at filed
  python bench/corpus_scale.py --calls 50 --engine ray
The last line of a ``--calls N`` run reads ``N calls: <wall> s wall, <cpu> s CPU, <rss> MiB peak``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from _common import ROOT

if TYPE_CHECKING:
    from collections.abc import Sequence

DEMO = ROOT / "corpora" / "demo"
SEED_FILES = [ROOT / "corpora" / "objections" / "seed.jsonl"]
TRAIN_FILES = sorted((ROOT / "corpora" / "objections" / "train").glob("*.jsonl"))
FILED = "39eb77f"
"""The code issue 18 measured ("today's align + objections"): the last commit before the round it was filed in
(2026-11-23); the baseline the 3x goal is set against."""
WORDS_PER_CALL = 4_500
SEED = 2026

REPS = ["Dana Ruiz", "Priya Nair", "Marcus Webb", "Lena Fischer", "Tom Okafor", "Aiko Tanaka", "Sam Patel"]
PROSPECTS = ["Chris Morgan", "Jordan Lee", "Alex Kim", "Taylor Brooks", "Morgan Diaz", "Jamie Chen"]
SEGMENTS = ["smb", "mid-market", "enterprise"]
OUTCOMES = ["won", "lost", "open"]
LEADS = ["", "", "So, ", "I mean, ", "Honestly, ", "Look, ", "Well, ", "And ", "Right, ", "Yeah, ", "Okay, "]
TAILS = ["", "", ", you know", " for us", " right now", " at this point", ", I think", " anyway", " today"]
JOINS = [", and ", ", but ", ", so ", " — ", ", because "]
SENT = re.compile(r"(?<=[.!?])\s+")


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in SENT.split(text) if len(s.split()) >= 3]


def sentence_pools() -> tuple[list[str], list[str]]:
    """Rep and prospect sentences from the demo calls (and the objection training set for prospects)."""
    sys.path.insert(0, str(ROOT))
    from textops.ingest import read_paths

    rep: set[str] = set()
    prospect: set[str] = set()
    for t in read_paths([DEMO / "calls"], kind="transcript").transcripts:
        for u in t.utterances:
            (rep if u.role == "rep" else prospect).update(_sentences(u.text))
    for path in SEED_FILES:
        with path.open(encoding="utf-8") as f:
            prospect.update(json.loads(line)["text"] for line in f if line.strip())
    for path in TRAIN_FILES:  # labelled prospect lines and the rep turns before them, in three registers
        with path.open(encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    row = json.loads(line)
                    prospect.update(_sentences(row["text"]))
                    rep.update(_sentences(row.get("rep") or ""))
    clean = re.compile(r"^[^:<>&\n]+$")
    return sorted(s for s in rep if clean.match(s)), sorted(s for s in prospect if clean.match(s))


def _lower_first(s: str) -> str:
    return s if re.match(r"I\b|[A-Z]{2}", s) else s[:1].lower() + s[1:]


def _spoken(pool: list[str], rng: random.Random) -> str:
    first = rng.choice(pool)
    core, end = first.rstrip(".!?"), "?" if first.endswith("?") else "."
    if rng.random() < 1 / 3:
        other = rng.choice(pool)
        core = core + rng.choice(JOINS) + _lower_first(other.rstrip(".!?"))
        end = "?" if other.endswith("?") else "."
    lead = rng.choice(LEADS)
    if lead:
        core = _lower_first(core)
    return f"{lead}{core}{rng.choice(TAILS)}{end}"


@dataclass
class Built:
    """What :func:`build_corpus` wrote."""

    folder: Path
    calls: int
    words: int
    sentences: int
    duplicate_share: float


def build_corpus(n: int, out: Path, seed: int = SEED) -> Built:
    """Write ``n`` calls under ``out/calls`` and the demo copy and framework beside them."""
    rng = random.Random(seed)
    rep_pool, prospect_pool = sentence_pools()
    calls_dir = out / "calls"
    calls_dir.mkdir(parents=True)
    shutil.copytree(DEMO / "copy", out / "copy")
    shutil.copy(DEMO / "messaging.json", out / "messaging.json")
    seen: set[str] = set()
    total_sentences = duplicates = words = 0
    start = datetime(2026, 1, 5, 9, tzinfo=UTC)
    for i in range(n):
        rep, prospect = rng.choice(REPS), rng.choice(PROSPECTS)
        lines = [
            f"# call_id: scale-{i:05d}",
            f"# started_at: {(start + timedelta(hours=7 * i)).isoformat()}",
            f"# outcome: {rng.choice(OUTCOMES)}",
            f"# segment: {rng.choice(SEGMENTS)}",
            f"# rep: {rep}",
            f"# prospect: {prospect}",
        ]
        call_words = 0
        turn = 0
        while call_words < WORDS_PER_CALL:
            is_rep = turn % 2 == 0
            speaker, pool = (rep, rep_pool) if is_rep else (prospect, prospect_pool)
            k = rng.choice((2, 3, 3, 4, 5, 6)) if is_rep else rng.choice((1, 1, 2, 2, 3))
            sentences = [_spoken(pool, rng) for _ in range(k)]
            for s in sentences:
                total_sentences += 1
                duplicates += s in seen
                seen.add(s)
            text = " ".join(sentences)
            call_words += len(text.split())
            lines.append(f"{speaker}: {text}")
            turn += 1
        words += call_words
        (calls_dir / f"scale-{i:05d}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return Built(out, n, words, total_sentences, duplicates / max(1, total_sentences))


@dataclass
class Run:
    """One step run in its own process."""

    wall: float
    cpu: float
    rss_mib: float
    """Peak RSS of the process and its children together (sampled sum, at least either's own peak)."""
    rss_bound_mib: float
    """The sum of the process's and its largest child's own peaks: an upper bound of :attr:`rss_mib` when
    there is one child (the local engine's parse process); with Ray's many processes it is not."""
    stdout: str = ""


def run_step(args: list[str], env: dict[str, str]) -> Run:
    """Run ``textops ARGS`` in a child process; its wall, CPU time and peak RSS."""
    code = (
        "import os, resource, sys, threading, time\n"
        "child_peak = [0]\n"
        "together = [0]\n"
        "def _kib(pid, key):\n"
        "    try:\n"
        "        for line in open(f'/proc/{pid}/status'):\n"
        "            if line.startswith(key):\n"
        "                return int(line.split()[1])\n"
        "    except OSError:\n"
        "        pass\n"
        "    return 0\n"
        "def _cmd(pid):\n"
        "    try:\n"
        "        return open(f'/proc/{pid}/cmdline', 'rb').read()\n"
        "    except OSError:\n"
        "        return b''\n"
        "def _watch():\n"
        "    me = os.getpid()\n"
        "    mine = _cmd(me)\n"
        "    while True:\n"
        "        try:\n"
        "            kids = open(f'/proc/{me}/task/{me}/children').read().split()\n"
        "        except OSError:\n"
        "            kids = []\n"
        "        # a child between fork and exec still shows this process's pages (shared, not new memory)\n"
        "        kids = [k for k in kids if _cmd(k) != mine]\n"
        "        for k in kids:\n"
        "            child_peak[0] = max(child_peak[0], _kib(k, 'VmHWM'))\n"
        "        now = _kib(me, 'VmRSS') + sum(_kib(k, 'VmRSS') for k in kids)\n"
        "        together[0] = max(together[0], now)\n"
        "        time.sleep(0.1)\n"
        "threading.Thread(target=_watch, daemon=True).start()\n"
        "from textops.cli import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as e:\n"
        "    if e.code not in (0, None): raise\n"
        "finally:\n"
        "    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "    peak = max(together[0], own, child_peak[0]) / 1024\n"
        "    bound = (own + child_peak[0]) / 1024\n"
        "    print(f'TEXTOPS_PEAK_RSS_MIB={peak:.1f} {bound:.1f}', file=sys.stderr)\n"
    )
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, check=False
    )
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout[-4000:] + proc.stderr[-4000:])
        raise SystemExit(f"textops {' '.join(args)} failed ({proc.returncode})")
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    # the child reports the peak of itself and its own children (the local engine's spaCy parse process)
    # together: their RSS summed every 0.1 s, and never less than either one's own high-water mark (a spike
    # of one between two samples); and, as an upper bound, the sum of the two high-water marks (peaks that
    # may come at different times). Not RUSAGE_CHILDREN: a child started by vfork/exec is charged its
    # parent's high-water mark at exec (Linux), which counted the analyze process's models a second time.
    found = _child_rss(proc.stderr)
    rss, bound = found if found else (after.ru_maxrss / 1024, after.ru_maxrss / 1024)
    return Run(wall, cpu, rss, bound, proc.stdout)


def _child_rss(stderr: str) -> tuple[float, float] | None:
    found = re.findall(r"TEXTOPS_PEAK_RSS_MIB=([\d.]+) ([\d.]+)", stderr)
    return (float(found[-1][0]), float(found[-1][1])) if found else None


def environment(work: Path, engine: str, code: Path = ROOT) -> dict[str, str]:
    """The children's environment: a fresh data folder (SQLite store and caches), offline models, the
    ``textops`` of ``code`` (this checkout, or the filed baseline's worktree)."""
    env = dict(os.environ)
    env.update(
        {
            "TEXTOPS_DATA_DIR": str(work / "var"),
            "TEXTOPS_DATABASE_URL": f"sqlite:///{work / 'var' / 'bench.db'}",
            "HF_HUB_OFFLINE": "1",
            "TRANSFORMERS_OFFLINE": "1",
            "TEXTOPS_ENGINE": engine,
            "PYTHONPATH": str(code),
        }
    )
    env.pop("TEXTOPS_TEST_DATABASE_URL", None)
    return env


def warm_up(work: Path, env: dict[str, str]) -> None:
    """Untimed: what any first command in a fresh data folder does once (the objection classifier is
    trained and cached there, the fine-tuned encoder written out as a model folder), so that no timed
    step pays it and the others not."""
    call = work / "warm-up.txt"
    call.write_text("# rep: Dana\nDana: Hello, thanks for joining.\nSam: Honestly the price is too high.\n")
    run_step(["objections", str(call), "-f", "json", "-o", str(work / "warm-up.json")], env)


Results = dict[str, Run | Built | bool]


def measure(n: int, *, baseline: Sequence[str], engine: str, keep: Path | None = None) -> Results:
    """Build an ``n``-call corpus, ingest and analyze it (and the baselines: ``filed``, ``current``)."""
    work = Path(tempfile.mkdtemp(prefix=f"textops-scale-{n}-"))
    try:
        (work / "var").mkdir()
        built = build_corpus(n, work / "corpus")
        env = environment(work, engine)
        warm_up(work, env)
        out: Results = {"corpus": built}
        out["ingest"] = run_step(
            ["ingest", str(built.folder / "calls"), str(built.folder / "copy"), "--corpus", "scale"], env
        )
        framework = str(built.folder / "messaging.json")
        analyze = ["analyze", "scale", "--pillars", framework, "--seller", "brightlane"]
        out["analyze"] = ana = run_step([*analyze, "--json"], env)
        if engine == "ray":  # the local engine on the same corpus, for the overhead and the same reports
            out["analyze (local)"] = local = run_step([*analyze, "--json", "--engine", "local"], env)
            out["same reports"] = same_reports(env, ana, local)
        for at in baseline:
            base_env = env
            if at == "filed":
                code = filed_code(work / "filed-code")
                (work / "filed" / "var").mkdir(parents=True)
                base_env = environment(work / "filed", engine, code)
                warm_up(work / "filed", base_env)
            out[f"align ({at})"], out[f"objections ({at})"] = run_baseline(work, built, base_env)
        return out
    finally:
        if (work / "filed-code").exists():
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(work / "filed-code")]
            )
        if keep is None:
            shutil.rmtree(work, ignore_errors=True)


def filed_code(folder: Path) -> Path:
    """The code at :data:`FILED`, checked out into ``folder`` (a detached git worktree)."""
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(folder), FILED], check=True)
    return folder


def run_baseline(work: Path, built: Built, env: dict[str, str]) -> tuple[Run, Run]:
    """``textops align`` then ``textops objections`` on the corpus's files (the code ``env`` names)."""
    calls, copy = built.folder / "calls", built.folder / "copy"
    align = run_step(
        [
            "align",
            "--copy",
            str(copy),
            "--calls",
            str(calls),
            "--pillars",
            str(built.folder / "messaging.json"),
            "--seller",
            "brightlane",
            "-f",
            "json",
            "-o",
            str(work / "align.json"),
        ],
        env,
    )
    objections = run_step(["objections", str(calls), "-f", "json", "-o", str(work / "objections.json")], env)
    return align, objections


def same_reports(env: dict[str, str], a: Run, b: Run) -> bool:
    """Whether two ``analyze --json`` runs stored the same alignment and objection report bodies."""
    from textops.store import Store

    store = Store(env["TEXTOPS_DATABASE_URL"])
    ws = store.workspace()
    ids = [json.loads(r.stdout) for r in (a, b)]
    same = True
    for key in ("alignment_report_id", "objections_report_id"):
        if ids[0][key] is None and ids[1][key] is None:
            continue
        bodies = [store.get_report(ws, i[key]).body for i in ids]
        same = same and bodies[0] == bodies[1]
    return same


def _line(name: str, r: Run, words: int) -> str:
    rate = words / r.wall
    return (
        f"  {name:<24s} {r.wall:8.1f} s wall {r.cpu:8.1f} s CPU {rate:9.0f} words/s {r.rss_mib:7.0f} MiB peak"
        f" (own + largest child's peaks {r.rss_bound_mib:.0f})"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--calls", type=int, help="one size only (default: 100, 200 and 1000)")
    ap.add_argument("--baseline", action="store_true", help="with --calls: also run align + objections")
    ap.add_argument("--engine", choices=["local", "ray"], default="local")
    ap.add_argument(
        "--baseline-at",
        choices=["filed", "current", "both"],
        default="both",
        help=f"the baseline commands: the code when issue 18 was filed ({FILED}), this checkout's, or both",
    )
    args = ap.parse_args()
    sizes = [args.calls] if args.calls else [100, 200, 1000]
    last = None
    for n in sizes:
        at = ["filed", "current"] if args.baseline_at == "both" else [args.baseline_at]
        baseline = at if (args.baseline if args.calls else n <= 200) else []
        res = measure(n, baseline=baseline, engine=args.engine)
        built = res["corpus"]
        assert isinstance(built, Built)
        ing, ana = res["ingest"], res["analyze"]
        assert isinstance(ing, Run) and isinstance(ana, Run)
        print(
            f"{n} calls: {built.words} words ({built.words / n:.0f}/call), {built.sentences} sentences, "
            f"{100 * built.duplicate_share:.1f}% exact-duplicate sentences; engine {args.engine}"
        )
        print(_line("ingest", ing, built.words))
        print(_line("analyze", ana, built.words))
        whole = Run(
            ing.wall + ana.wall,
            ing.cpu + ana.cpu,
            max(ing.rss_mib, ana.rss_mib),
            max(ing.rss_bound_mib, ana.rss_bound_mib),
        )
        print(_line("ingest + analyze", whole, built.words))
        local = res.get("analyze (local)")
        if isinstance(local, Run):
            print(_line("analyze, local engine", local, built.words))
            print(
                f"  ray engine overhead vs local: {ana.wall / local.wall:.2f}x wall "
                f"({ana.wall - local.wall:+.1f} s); same reports: {res['same reports']}"
            )
        for name in baseline:
            al, ob = res[f"align ({name})"], res[f"objections ({name})"]
            assert isinstance(al, Run) and isinstance(ob, Run)
            label = f"at {FILED}, when #18 was filed" if name == "filed" else "this checkout's"
            print(_line(f"baseline ({name}): align", al, built.words))
            print(_line(f"baseline ({name}): objections", ob, built.words))
            base = al.wall + ob.wall
            print(f"  speed-up of analyze over align + objections {label}: {base / ana.wall:.2f}x")
        per_call = whole.wall / n
        if n < 1000:
            print(f"  extrapolated to 1000 calls: {per_call * 1000:.0f} s wall (linear)")
        last = (n, whole)
        sys.stdout.flush()
    if last is not None:
        n, whole = last
        print(
            f"{n} calls: {whole.wall:.0f} s wall, {whole.cpu:.0f} s CPU, {whole.rss_mib:.0f} MiB peak "
            f"(own + largest child's peaks {whole.rss_bound_mib:.0f} MiB)"
        )


if __name__ == "__main__":
    main()
