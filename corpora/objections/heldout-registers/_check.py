#!/usr/bin/env python3
"""Consistency checker for the heldout-registers objection evaluation set.

Standard library only. Re-reads calls/*.txt and the JSONL annotation files
(every sentences/labels/roles ``*.part-*.jsonl`` plus the combined
``sentences.jsonl`` / ``labels.jsonl`` / ``roles.jsonl`` when present), checks
every formatting and annotation rule, and prints counts per label.

Usage:
    python3 _check.py            # all parts (and combined files)
    python3 _check.py --part a   # only the files of part a (*.part-a.jsonl)
Exit status 0 when everything passes, 1 otherwise.
"""
import argparse
import collections
import glob
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OBJECTIONS = ["price", "timing", "authority", "need", "competitor", "trust",
              "implementation", "contract", "security", "other"]
LABELS = set(OBJECTIONS) | {"pain", "none"}
REGISTERS = {"asr", "chat", "rambling", "informal", "formal"}
STYLES = {"generic", "speaker_n", "names"}
LINE_RE = re.compile(r"^([^:\n]{1,40}): (\S.*)$")
SPEAKER_N_RE = re.compile(r"^(Speaker \d+|SPEAKER_\d+|Speaker [A-Z]|Participant [A-Z0-9]+)$")
ROLE_WORDS = re.compile(r"\b(rep|reps|sales|salesperson|seller|customer|client|prospect|buyer|caller|lead|guest|"
                        r"interviewee|agent|ae|sdr|bdr|account|manager|consultant|host|speaker|participant|"
                        r"user|vendor|support)\b", re.I)
TIMESTAMP_RE = re.compile(r"^[\[(]?\d{1,2}:\d{2}")

errors = []


def err(msg):
    errors.append(msg)


def load_jsonl(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                err(f"{os.path.basename(path)}:{n}: blank line")
                continue
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as e:
                err(f"{os.path.basename(path)}:{n}: bad JSON ({e})")
    return rows


def files_for(kind, part):
    if part:
        paths = [os.path.join(HERE, f"{kind}.part-{part}.jsonl")]
        return [p for p in paths if os.path.exists(p)] or err(f"missing {kind}.part-{part}.jsonl") or []
    paths = sorted(glob.glob(os.path.join(HERE, f"{kind}.part-*.jsonl")))
    combined = os.path.join(HERE, f"{kind}.jsonl")
    if os.path.exists(combined):
        paths.insert(0, combined)
    if not paths:
        err(f"no {kind} JSONL file found")
    return paths


def load_per_call(kind, part):
    """call_id -> record (labels/roles); duplicates across files must be identical."""
    out = {}
    for path in files_for(kind, part):
        seen_here = set()
        for r in load_jsonl(path):
            cid = r.get("call_id")
            if cid in seen_here:
                err(f"{os.path.basename(path)}: duplicate call_id {cid}")
            seen_here.add(cid)
            if cid in out and out[cid] != r:
                err(f"{kind}: call {cid} differs between files")
            out.setdefault(cid, r)
    return out


def load_sentences(part):
    """call_id -> list of unit records; a call present in several files must be identical there."""
    out = {}
    for path in files_for("sentences", part):
        per = collections.OrderedDict()
        order = []
        for r in load_jsonl(path):
            cid = r.get("call_id")
            if cid not in per:
                per[cid] = []
                order.append(cid)
            elif order[-1] != cid:
                err(f"{os.path.basename(path)}: units of {cid} are not contiguous")
            per[cid].append(r)
        if order != sorted(order):
            err(f"{os.path.basename(path)}: calls not in call order")
        for cid, rows in per.items():
            if cid in out and out[cid] != rows:
                err(f"sentences: call {cid} differs between files")
            out.setdefault(cid, rows)
    return out


def read_call(path):
    cid = os.path.basename(path)[:-4]
    try:
        raw = open(path, encoding="utf-8").read()
    except UnicodeDecodeError:
        err(f"{cid}: not UTF-8")
        return []
    if raw.startswith("\ufeff"):
        err(f"{cid}: BOM")
    if not raw.endswith("\n"):
        err(f"{cid}: no final newline")
    turns = []
    for n, line in enumerate(raw.split("\n")[:-1]):
        if line.startswith("#"):
            err(f"{cid}:{n}: header/comment line")
        m = LINE_RE.match(line)
        if not m:
            err(f"{cid}:{n}: not a 'Label: text' line or colon in text: {line[:70]!r}")
            turns.append((line, ""))
            continue
        label, text = m.group(1), m.group(2)
        if ":" in text:
            err(f"{cid}:{n}: colon in turn text")
        if label != label.strip() or label.strip() == "":
            err(f"{cid}:{n}: label has surrounding spaces")
        if TIMESTAMP_RE.match(label) or TIMESTAMP_RE.match(text):
            err(f"{cid}:{n}: timestamp-like text")
        if re.match(r"^\S+:", text):
            err(f"{cid}:{n}: text starts like 'Word:'")
        if text != text.strip() or "  " in text or "\t" in text:
            err(f"{cid}:{n}: stray whitespace in text")
        turns.append((label, text))
    return turns


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--part", help="limit to one part, e.g. a (reads *.part-a.jsonl only)")
    args = ap.parse_args()
    part = args.part

    labels = load_per_call("labels", part)
    roles = load_per_call("roles", part)
    sents = load_sentences(part)

    call_files = {os.path.basename(p)[:-4]: p for p in glob.glob(os.path.join(HERE, "calls", "*.txt"))}
    for other in glob.glob(os.path.join(HERE, "calls", "*")):
        if not other.endswith(".txt"):
            err(f"unexpected file in calls/: {os.path.basename(other)}")
    ids = set(labels) | set(roles) | set(sents)
    if not part:
        ids |= set(call_files)
    for cid in sorted(ids):
        for name, d in (("labels", labels), ("roles", roles), ("calls/", call_files)):
            if cid not in d:
                err(f"{cid}: missing from {name}")
        if cid not in sents:
            err(f"{cid}: no units in sentences")

    unit_counts = collections.Counter()
    call_counts = collections.Counter()
    reg_counts, style_counts = collections.Counter(), collections.Counter()
    n_units = n_calls = no_obj = with_pain = 0
    per_cat_calls = collections.Counter()
    for cid in sorted(ids):
        if cid not in call_files or cid not in labels or cid not in roles:
            continue
        if not re.match(r"^[A-Za-z0-9_.-]+$", cid):
            err(f"{cid}: odd call_id")
        n_calls += 1
        turns = read_call(call_files[cid])
        lab, rol = labels[cid], roles[cid]
        if set(lab) != {"call_id", "categories", "pain", "register", "labels_style"}:
            err(f"{cid}: labels keys {sorted(lab)}")
        if set(rol) != {"call_id", "reps", "prospects"}:
            err(f"{cid}: roles keys {sorted(rol)}")
        if not (18 <= len(turns) <= 40):
            err(f"{cid}: {len(turns)} turns (need 18-40)")
        for i in range(1, len(turns)):
            if turns[i][0] == turns[i - 1][0]:
                err(f"{cid}:{i}: same speaker as previous line ({turns[i][0]})")
        reps, pros = list(rol.get("reps") or []), list(rol.get("prospects") or [])
        if not reps or not pros:
            err(f"{cid}: empty reps or prospects")
        if set(reps) & set(pros):
            err(f"{cid}: label both rep and prospect")
        if len(set(reps)) != len(reps) or len(set(pros)) != len(pros):
            err(f"{cid}: duplicate label in roles")
        file_labels = {t[0] for t in turns}
        for x in reps + pros:
            if x not in file_labels:
                err(f"{cid}: roles label {x!r} not in file")
            if len(x) > 40:
                err(f"{cid}: label longer than 40 chars")
        for x in file_labels - set(reps) - set(pros):
            err(f"{cid}: file label {x!r} missing from roles")

        register, style = lab.get("register"), lab.get("labels_style")
        if register not in REGISTERS:
            err(f"{cid}: bad register {register!r}")
        if style not in STYLES:
            err(f"{cid}: bad labels_style {style!r}")
        reg_counts[register] += 1
        style_counts[style] += 1
        if style == "speaker_n":
            for x in file_labels:
                if not SPEAKER_N_RE.match(x):
                    err(f"{cid}: label {x!r} is not a speaker_n label")
        elif style == "names":
            for x in file_labels:
                if ROLE_WORDS.search(x) or re.search(r"\d", x):
                    err(f"{cid}: names-style label {x!r} carries role/number")
        elif style == "generic":
            for x in file_labels:
                if not ROLE_WORDS.search(x):
                    err(f"{cid}: generic label {x!r} has no role word")
        if register == "asr":
            for i, (l, t) in enumerate(turns):
                if not re.match(r"^[a-z0-9 ]+$", t):
                    err(f"{cid}:{i}: asr text has uppercase or punctuation: {t[:60]!r}")
        if register == "rambling":
            wc = [len(t.split()) for l, t in turns if l in pros]
            if not any(80 <= w <= 200 for w in wc):
                err(f"{cid}: rambling call without an 80-200 word prospect turn")
            if any(w > 200 for w in wc):
                err(f"{cid}: rambling prospect turn over 200 words")

        # units
        units = sents.get(cid, [])
        by_idx = collections.OrderedDict()
        last = -1
        for u in units:
            if set(u) != {"call_id", "utterance_index", "text", "label"}:
                err(f"{cid}: unit keys {sorted(u)}")
            idx = u.get("utterance_index")
            if not isinstance(idx, int) or idx < 0 or idx >= len(turns):
                err(f"{cid}: bad utterance_index {idx!r}")
                continue
            if idx < last:
                err(f"{cid}: units not in turn order at {idx}")
            last = idx
            if u.get("label") not in LABELS:
                err(f"{cid}:{idx}: bad label {u.get('label')!r}")
            t = u.get("text")
            if not isinstance(t, str) or not t or t != t.strip():
                err(f"{cid}:{idx}: empty or padded unit {t!r}")
            by_idx.setdefault(idx, []).append(u)
        for i, (l, t) in enumerate(turns):
            if l in pros:
                us = by_idx.get(i)
                if not us:
                    err(f"{cid}:{i}: prospect turn has no units")
                    continue
                if " ".join(u["text"] for u in us) != t:
                    err(f"{cid}:{i}: units do not cover the turn exactly")
            elif i in by_idx:
                err(f"{cid}:{i}: units on a non-prospect turn ({l})")
        call_labels = {u.get("label") for u in units}
        cats = sorted(c for c in call_labels if c in OBJECTIONS)
        if lab.get("categories") != cats:
            err(f"{cid}: categories {lab.get('categories')} != unit labels {cats}")
        has_pain = "pain" in call_labels
        if lab.get("pain") is not has_pain:
            err(f"{cid}: pain flag {lab.get('pain')} != {has_pain}")
        n_units += len(units)
        for u in units:
            unit_counts[u.get("label")] += 1
        for c in call_labels:
            call_counts[c] += 1
        no_obj += not cats
        with_pain += has_pain

    print(f"part: {part or 'all'}  calls: {n_calls}  prospect units: {n_units}")
    print(f"{'label':<16}{'units':>7}{'%units':>8}{'calls':>7}")
    for l in OBJECTIONS + ["pain", "none"]:
        pct = 100.0 * unit_counts[l] / n_units if n_units else 0.0
        print(f"{l:<16}{unit_counts[l]:>7}{pct:>7.1f}%{call_counts[l]:>7}")
    obj = sum(unit_counts[l] for l in OBJECTIONS)
    if n_units:
        print(f"objection units: {obj} ({100.0 * obj / n_units:.1f}%)  pain units: {unit_counts['pain']} "
              f"({100.0 * unit_counts['pain'] / n_units:.1f}%)")
    print(f"calls without objection: {no_obj}  calls with pain: {with_pain}")
    print("registers: " + ", ".join(f"{k} {v}" for k, v in sorted(reg_counts.items())))
    print("labels_style: " + ", ".join(f"{k} {v}" for k, v in sorted(style_counts.items())))
    if errors:
        print(f"\nFAILED with {len(errors)} error(s):")
        for e in errors[:200]:
            print("  " + e)
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
