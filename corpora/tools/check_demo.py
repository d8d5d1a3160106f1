"""Sanity checks for corpora/demo (standard library only; independent of textops' own readers).

    python corpora/tools/check_demo.py [DIR]

Parses every call the way docs/formats.md describes (one utterance per speaker turn; consecutive WebVTT cues of
one speaker are merged; a plain-text line without a speaker label continues the previous utterance) and checks
the files against ground_truth.json. Exits non-zero on the first batch of failures.
"""

from __future__ import annotations

import csv
import itertools
import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import demo_banks as B  # noqa: E402

CATEGORIES = {"price", "timing", "authority", "need", "competitor", "trust", "implementation", "contract",
              "security"}
TXT_UTT = re.compile(r"^(?:\[(?:\d{2}:)?\d{2}:\d{2}\] |\(\d{2}:\d{2}:\d{2}\) )?([^:\[\(#][^:]{0,59}): (.*)$")
TXT_STAMP = re.compile(r"^(?:\[((?:\d{2}:)?\d{2}:\d{2})\]|\((\d{2}:\d{2}:\d{2})\)) ")
VTT_TIME = re.compile(r"^(\d{2}):(\d{2}):(\d{2})\.(\d{3}) --> (\d{2}):(\d{2}):(\d{2})\.(\d{3})$")
VTT_VOICE = re.compile(r"^<v ([^>]+)>(.*)</v>$")
SUPPLIER_WORDS = re.compile(r"(?i:supplier|portal|virtual card|early-payment|discount)|\bACH\b")

errors: list[str] = []


def fail(msg: str) -> None:
    errors.append(msg)


def secs(stamp: str) -> float:
    parts = [float(p) for p in stamp.split(":")]
    return sum(p * 60 ** i for i, p in enumerate(reversed(parts)))


def parse_txt(path: Path) -> tuple[dict[str, str], list[dict]]:
    raw = path.read_bytes()
    text = raw.decode("utf-8-sig")
    header: dict[str, str] = {}
    utts: list[dict] = []
    body_lines = utt_lines = 0
    for n, line in enumerate(text.split("\n"), 1):
        if not line:
            continue
        if line.startswith("# ") and not utts:
            k, _, v = line[2:].partition(": ")
            header[k] = v
            continue
        body_lines += 1
        m = TXT_UTT.match(line)
        if m:
            utt_lines += 1
            st = TXT_STAMP.match(line)
            start = secs(st.group(1) or st.group(2)) if st else None
            utts.append({"speaker": m.group(1), "text": m.group(2), "start": start, "line": n})
        elif utts:
            if ":" in line or line.startswith(("[", "(", "#")):
                fail(f"{path.name}:{n}: continuation line could be read as an utterance: {line!r}")
            utts[-1]["text"] += " " + line
        else:
            fail(f"{path.name}:{n}: text before the first utterance")
    if utt_lines * 2 <= body_lines + len(header):
        fail(f"{path.name}: fewer than half of the lines are 'Speaker: text' lines")
    return header, utts


def parse_vtt(path: Path) -> list[dict]:
    text = path.read_bytes().decode("utf-8").replace("\r\n", "\n")
    blocks = text.split("\n\n")
    if not blocks[0].startswith("WEBVTT"):
        fail(f"{path.name}: does not start with WEBVTT")
    utts: list[dict] = []
    last_end = -1.0
    for block in blocks[1:]:
        lines = [ln for ln in block.split("\n") if ln]
        if not lines or lines[0].startswith("NOTE"):
            continue
        if not VTT_TIME.match(lines[0]):
            lines = lines[1:]  # cue identifier
        t = VTT_TIME.match(lines[0]) if lines else None
        if not t or len(lines) != 2:
            fail(f"{path.name}: malformed cue {block[:60]!r}")
            continue
        g = [int(x) for x in t.groups()]
        start, end = g[0] * 3600 + g[1] * 60 + g[2] + g[3] / 1000, g[4] * 3600 + g[5] * 60 + g[6] + g[7] / 1000
        if not (last_end - 1e-6 <= start < end):
            fail(f"{path.name}: cue times not increasing at {lines[0]}")
        last_end = end
        v = VTT_VOICE.match(lines[1])
        if not v:
            fail(f"{path.name}: cue without <v Name> voice tag: {lines[1][:60]!r}")
            continue
        if utts and utts[-1]["speaker"] == v.group(1):
            utts[-1]["text"] += " " + v.group(2)
        else:
            utts.append({"speaker": v.group(1), "text": v.group(2), "start": start})
    return utts


def check_json_call(d: dict, name: str) -> list[dict]:
    for key in ("call_id", "utterances", "started_at", "outcome", "segment", "stage", "participants"):
        if key not in d:
            fail(f"{name}: missing {key}")
    utts = []
    for u in d["utterances"]:
        if not u.get("speaker") or not u.get("text"):
            fail(f"{name}: utterance without speaker/text")
        start = u["start"] if isinstance(u["start"], float | int) else secs(u["start"])
        utts.append({"speaker": u["speaker"], "text": u["text"], "start": start})
    return utts


def check_call(cid: str, gt: dict, utts: list[dict], meta: dict) -> None:
    reps = {n for n in B.REPS}
    where = f"{gt['file']} [{cid}]"
    if not 15 <= len(utts) <= 45:
        fail(f"{where}: {len(utts)} utterances, expected 15-45")
    if len(utts) != gt["n_utterances"]:
        fail(f"{where}: parsed {len(utts)} utterances, ground truth says {gt['n_utterances']}")
    for a, b in itertools.pairwise(utts):
        if a["speaker"] == b["speaker"]:
            fail(f"{where}: two consecutive turns by {a['speaker']}")
        if a["start"] is not None and b["start"] is not None and b["start"] < a["start"]:
            fail(f"{where}: timestamps go backwards at {b['text'][:40]!r}")
    for u in utts:
        if re.search(r"[:<>&]", u["text"]):
            fail(f"{where}: forbidden character in {u['text'][:60]!r}")
        if SUPPLIER_WORDS.search(u["text"]):
            fail(f"{where}: the undelivered supplier pillar is mentioned: {u['text'][:80]!r}")
        if "{" in u["text"]:
            fail(f"{where}: unfilled placeholder in {u['text'][:80]!r}")
    speakers = {u["speaker"] for u in utts}
    if speakers & reps != {gt["rep"]}:
        fail(f"{where}: rep speakers {speakers & reps} != {gt['rep']}")
    for key in ("outcome", "segment", "stage", "started_at"):
        if meta.get(key) != gt[key]:
            fail(f"{where}: {key} {meta.get(key)!r} != ground truth {gt[key]!r}")
    if meta.get("call_id") != cid:
        fail(f"{where}: call_id {meta.get('call_id')!r}")
    is_rep = [u["speaker"] in reps for u in utts]
    for o in gt["objections"]:
        i = o["utterance_index"]
        if o["category"] not in CATEGORIES:
            fail(f"{where}: bad category {o['category']}")
        if i >= len(utts) or is_rep[i] or o["text"] not in utts[i]["text"]:
            fail(f"{where}: objection #{i} not found on a prospect turn: {o['text']!r}")
        if o["reply_index"] is not None and not is_rep[o["reply_index"]]:
            fail(f"{where}: reply_index {o['reply_index']} is not a rep turn")
    for c in gt["claims"]:
        i = c["utterance_index"]
        if not is_rep[i] or c["text"] not in utts[i]["text"]:
            fail(f"{where}: claim #{i} not found on a rep turn: {c['text']!r}")
    for h in gt["hard_negatives"]:
        i = h["utterance_index"]
        if is_rep[i] or h["text"] not in utts[i]["text"]:
            fail(f"{where}: hard negative #{i} not found on a prospect turn")
    for i in gt["small_talk_indices"]:
        if not is_rep[i]:
            fail(f"{where}: small-talk index {i} is not a rep turn")
    for text in gt["unbacked_claims"] + gt["distorted_claims"]:
        if not any(text in u["text"] for u in utts):
            fail(f"{where}: claim text not in transcript: {text!r}")


def main() -> int:
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE.parent / "demo"
    gt = json.loads((root / "ground_truth.json").read_text(encoding="utf-8"))
    messaging = json.loads((root / "messaging.json").read_text(encoding="utf-8"))
    pillars = [p["name"] for p in messaging["pillars"]]
    if not 4 <= len(pillars) <= 5 or any(not 3 <= len(p["statements"]) <= 5 for p in messaging["pillars"]):
        fail("messaging.json: expected 4-5 pillars with 3-5 statements each")
    for p in gt["undelivered_pillars"] + list(gt["pillar_delivery"]):
        if p not in pillars:
            fail(f"ground truth names unknown pillar {p!r}")

    # copy
    copy = root / "copy"
    with (copy / "ads.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    if len(rows) < 12 or set(rows[0]) != {"id", "campaign", "channel", "headline", "body", "cta"}:
        fail("ads.csv: expected >= 12 rows with id,campaign,channel,headline,body,cta")
    html = (copy / "pricing.html").read_text(encoding="utf-8")
    for tag in ("<nav", "<script", "<footer", "<title>", "<h1>", "<li>"):
        if tag not in html:
            fail(f"pricing.html: no {tag}")
    email2 = (copy / "email-2.txt").read_text(encoding="utf-8")
    if any(re.match(r"^[^:]{1,60}: ", ln) for ln in email2.splitlines()):
        fail("email-2.txt: a line looks like 'Speaker: text'")
    for name in ("landing.md", "email-1.md"):
        if not (copy / name).read_text(encoding="utf-8").startswith("---\n"):
            fail(f"{name}: no front matter")

    # experiment counts: one row per arm and day, two arms over 14 days
    with (root / "experiment-counts.csv").open(encoding="utf-8", newline="") as f:
        counts = list(csv.DictReader(f))
    days = sorted({r["day"] for r in counts}) if counts else []
    if not counts or list(counts[0]) != ["day", "arm", "visitors", "conversions"]:
        fail("experiment-counts.csv: expected the columns day,arm,visitors,conversions")
    elif len({r["arm"] for r in counts}) != 2 or len(days) != 14 or len(counts) != 28:
        fail("experiment-counts.csv: expected 2 arms over 14 days, one row per arm and day")
    elif any(not 0 <= int(r["conversions"]) <= int(r["visitors"]) for r in counts):
        fail("experiment-counts.csv: a row has more conversions than visitors")

    # calls
    calls_dir = root / "calls"
    seen: set[str] = set()
    for path in sorted(calls_dir.iterdir()):
        if path.name.endswith(".meta.json"):
            if not path.with_name(path.name[: -len(".meta.json")] + ".vtt").exists():
                fail(f"{path.name}: sidecar without a .vtt")
            continue
        if path.suffix == ".txt":
            header, utts = parse_txt(path)
            cid = header.get("call_id", path.stem)
            meta = dict(header)
            check_call(cid, gt["calls"][cid], utts, meta)
            seen.add(cid)
        elif path.suffix == ".vtt":
            meta = json.loads(path.with_name(path.stem + ".meta.json").read_text(encoding="utf-8"))
            if "utterances" in meta:
                fail(f"{path.name}: sidecar has utterances")
            check_call(meta["call_id"], gt["calls"][meta["call_id"]], parse_vtt(path), meta)
            seen.add(meta["call_id"])
        elif path.suffix == ".json":
            data = json.loads(path.read_text(encoding="utf-8"))
            items = data["calls"] if isinstance(data, dict) and "calls" in data else \
                data if isinstance(data, list) else [data]
            for d in items:
                check_call(d["call_id"], gt["calls"][d["call_id"]], check_json_call(d, path.name), d)
                if gt["calls"][d["call_id"]]["file"] != f"calls/{path.name}":
                    fail(f"{d['call_id']}: ground truth file is {gt['calls'][d['call_id']]['file']}")
                seen.add(d["call_id"])
        else:
            fail(f"unexpected file {path.name}")
    if seen != set(gt["calls"]):
        fail(f"calls in files vs ground truth differ: {sorted(seen ^ set(gt['calls']))}")

    # aggregates agree with the per-call annotations
    mix = Counter(o["category"] for c in gt["calls"].values() for o in c["objections"])
    if {k: v for k, v in gt["objection_mix"].items() if v} != dict(mix):
        fail("objection_mix does not match the per-call objections")
    delivered = Counter(p for c in gt["calls"].values() for p in c["delivered_pillars"])
    for p in gt["undelivered_pillars"]:
        if delivered[p]:
            fail(f"undelivered pillar {p} is delivered somewhere")
    if set(mix) != CATEGORIES:
        fail(f"not every objection category occurs: {CATEGORIES - set(mix)}")
    formats = Counter(c["file"].rsplit(".", 1)[1] for c in gt["calls"].values())
    if len(gt["calls"]) < 64:
        fail(f"only {len(gt['calls'])} calls")

    if errors:
        print("\n".join(errors[:60]))
        print(f"{len(errors)} problem(s)")
        return 1
    print(f"ok: {len(gt['calls'])} calls {dict(formats)}, {sum(mix.values())} objections, "
          f"{sum(len(c['claims']) for c in gt['calls'].values())} claims, "
          f"{sum(len(c['hard_negatives']) for c in gt['calls'].values())} hard negatives")
    return 0


if __name__ == "__main__":
    sys.exit(main())
