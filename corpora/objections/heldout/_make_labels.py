"""Build the held-out objection evaluation set from the annotated sources in ``_source/``.

Standard library only. Run from anywhere:

    python corpora/objections/heldout/_make_labels.py          # render calls, write labels, check
    python corpora/objections/heldout/_make_labels.py --check  # only re-check the shipped files

Source format (``_source/*.src``), one block per call::

    === ho-001
    format: txt | vtt | json
    title: ...
    started_at: 2026-02-02T15:00:00+00:00
    outcome: won | lost | open
    segment: smb | mid-market | enterprise
    stage: discovery | demo | negotiation
    seller_company: ...
    seller_domain: ...
    roles: explicit | domain        (vtt/json: reps marked with "role": "rep", or by email domain)
    ts: bracket | paren | mmss | none   (txt only: timestamp style)
    rep: Full Name | email | job title
    prospect: Full Name | email | job title | Company
    meta: key=value
    ---
    Key: turn text            (Key = a unique first name or the full name of a participant)
      continuation line       (indented: a wrapped line in txt, a new cue in vtt, joined in json)

Prospect sentences may start with a tag: ``{price}`` ... ``{other}`` marks an objection sentence of
that category, ``{hn}`` a hard negative (label "none", on an objection topic). Untagged sentences
are "none". Tags never reach the rendered transcripts.
"""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "_source"
CALLS = HERE / "calls"
CATEGORIES = [
    "price", "timing", "authority", "need", "competitor",
    "trust", "implementation", "contract", "security", "other",
]
TAGS = set(CATEGORIES) | {"hn"}
SPLIT = re.compile(r"(?<=[.?!])\s+")
TAG = re.compile(r"^\{(\w+)\}\s*")
BAD_ABBR = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|vs|etc|e\.g|i\.e|Inc|Ltd|Co|St|approx|No|Jr|Sr)\.|\b[A-Za-z]\.[A-Za-z]\.")


def split_sentences(text: str) -> list[str]:
    return [s for s in (p.strip() for p in SPLIT.split(text.strip())) if s]


# ----------------------------------------------------------------------------------------------
# parsing the sources


class SourceError(Exception):
    pass


def parse_sources() -> list[dict]:
    calls = []
    for path in sorted(SOURCE.glob("*.src")):
        block: list[tuple[int, str]] = []
        for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if line.startswith("=== "):
                if block:
                    calls.append(parse_call(block, path))
                block = [(no, line)]
            elif block:
                block.append((no, line))
            elif line.strip() and not line.startswith("//"):
                raise SourceError(f"{path.name}:{no}: text before the first call")
        if block:
            calls.append(parse_call(block, path))
    return calls


def parse_call(block: list[tuple[int, str]], path: Path) -> dict:
    no0, first = block[0]
    call = {"call_id": first[4:].strip(), "reps": [], "prospects": [], "meta": {}, "turns": [], "where": f"{path.name}:{no0}"}
    i = 1
    while i < len(block) and block[i][1].strip() != "---":
        no, line = block[i]
        i += 1
        if not line.strip() or line.startswith("//"):
            continue
        key, _, value = line.partition(":")
        key, value = key.strip(), value.strip()
        if key in ("rep", "prospect"):
            parts = [p.strip() for p in value.split("|")]
            person = {"name": parts[0], "email": parts[1] if len(parts) > 1 else "", "title": parts[2] if len(parts) > 2 else "",
                      "company": parts[3] if len(parts) > 3 else ""}
            call["reps" if key == "rep" else "prospects"].append(person)
        elif key == "meta":
            k, _, v = value.partition("=")
            call["meta"][k.strip()] = v.strip()
        else:
            call[key] = value
    people = {}
    for person in call["reps"] + call["prospects"]:
        role = "rep" if person in call["reps"] else "prospect"
        for key in {person["name"], person["name"].split()[0]}:
            if key in people:
                raise SourceError(f"{call['where']}: ambiguous speaker key {key!r}")
            people[key] = (person["name"], role)
    for no, line in block[i + 1:]:
        if not line.strip() or line.startswith("//"):
            continue
        if line[0] in " \t":
            if not call["turns"]:
                raise SourceError(f"{path.name}:{no}: continuation before the first turn")
            call["turns"][-1]["raw_lines"].append(line.strip())
            continue
        key, sep, text = line.partition(":")
        if not sep or key.strip() not in people:
            raise SourceError(f"{path.name}:{no}: unknown speaker in {line[:40]!r}")
        name, role = people[key.strip()]
        if call["turns"] and call["turns"][-1]["speaker"] == name:
            raise SourceError(f"{path.name}:{no}: two turns in a row by {name}")
        call["turns"].append({"speaker": name, "role": role, "raw_lines": [text.strip()], "line": no})
    for turn in call["turns"]:
        turn["lines"] = []
        turn["sentences"] = []
        for raw in turn["raw_lines"]:
            pieces = split_sentences(raw)
            clean_pieces = []
            for piece in pieces:
                m = TAG.match(piece)
                tag = m.group(1) if m else None
                clean = TAG.sub("", piece, count=1)
                if tag is not None and tag not in TAGS:
                    raise SourceError(f"{path.name}:{turn['line']}: unknown tag {tag!r}")
                if tag is not None and turn["role"] != "prospect":
                    raise SourceError(f"{path.name}:{turn['line']}: tag in a rep turn")
                if "{" in clean or "}" in clean:
                    raise SourceError(f"{path.name}:{turn['line']}: tag not at a sentence start in {piece!r}")
                clean_pieces.append(clean)
                if turn["role"] == "prospect":
                    label = tag if tag in CATEGORIES else "none"
                    turn["sentences"].append({"text": clean, "label": label, "hard_negative": tag == "hn"})
            line = " ".join(clean_pieces)
            if split_sentences(line) != clean_pieces:
                raise SourceError(f"{path.name}:{turn['line']}: sentence split not stable for {line!r}")
            for bad in (":", "<", ">", "&", "-->", "  ", "\t"):
                if bad in line:
                    raise SourceError(f"{path.name}:{turn['line']}: forbidden {bad!r} in {line!r}")
            if BAD_ABBR.search(line):
                raise SourceError(f"{path.name}:{turn['line']}: abbreviation with a period in {line!r}")
            if turn["role"] == "prospect" and line[-1] not in ".?!":
                raise SourceError(f"{path.name}:{turn['line']}: prospect line must end a sentence: {line!r}")
            turn["lines"].append(line)
        turn["text"] = " ".join(turn["lines"])
    return call


# ----------------------------------------------------------------------------------------------
# rendering


def hms(seconds: float, millis: bool = False) -> str:
    ms = int(round(seconds * 1000))
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}.{ms:03d}" if millis else f"{h:02d}:{m:02d}:{s:02d}"


def chunk(line: str, max_words: int) -> list[str]:
    """Group the sentences of a line into pieces of at most ``max_words`` words (a long sentence stays whole)."""
    pieces: list[str] = []
    for sentence in split_sentences(line):
        if pieces and len(pieces[-1].split()) + len(sentence.split()) <= max_words:
            pieces[-1] += " " + sentence
        else:
            pieces.append(sentence)
    return pieces


def timings(call: dict) -> None:
    """Time every turn; a turn is shown as several physical lines (txt) or cues (vtt) at sentence boundaries."""
    rng = random.Random(call["call_id"])
    t = rng.uniform(1.5, 9.0)
    if call["format"] == "vtt":
        max_words = rng.choice([14, 18, 22])
    elif call["format"] == "txt" and rng.random() < 0.6:
        max_words = rng.choice([24, 32, 40])  # a transcript wrapped into unlabelled continuation lines
    else:
        max_words = 10_000
    for turn in call["turns"]:
        turn["cues"] = []
        for line in [piece for raw in turn["lines"] for piece in chunk(raw, max_words)]:
            dur = max(1.2, len(line.split()) / rng.uniform(2.3, 3.1))
            turn["cues"].append((round(t, 3), round(t + dur, 3), line))
            t += dur + rng.uniform(0.05, 0.5)
        turn["start"], turn["end"] = turn["cues"][0][0], turn["cues"][-1][1]
        t += rng.uniform(0.3, 1.6)


def participants(call: dict, with_roles: bool) -> list[dict]:
    out = []
    for person in call["reps"]:
        p = {"name": person["name"], "email": person["email"], "company": call["seller_company"]}
        if with_roles:
            p["role"] = "rep"
        if person["title"]:
            p["title"] = person["title"]
        out.append(p)
    for person in call["prospects"]:
        p = {"name": person["name"]}
        if person["email"]:
            p["email"] = person["email"]
        if person["company"]:
            p["company"] = person["company"]
        if with_roles:
            p["role"] = "prospect"
        if person["title"]:
            p["title"] = person["title"]
        out.append(p)
    return out


def header_fields(call: dict) -> dict:
    fields = {"call_id": call["call_id"], "title": call["title"], "started_at": call["started_at"],
              "outcome": call["outcome"], "segment": call["segment"], "stage": call["stage"]}
    if call.get("roles", "explicit") == "domain":
        fields["seller_domain"] = call["seller_domain"]
    return fields


def render_txt(call: dict) -> str:
    style = call.get("ts", "bracket")
    out = [f"# call_id: {call['call_id']}", f"# title: {call['title']}", f"# started_at: {call['started_at']}",
           f"# outcome: {call['outcome']}", f"# segment: {call['segment']}", f"# stage: {call['stage']}"]
    for rep in call["reps"]:
        out.append(f"# rep: {rep['name']}")
    if call.get("prospect_header", "yes") == "yes":
        out.append(f"# prospect: {', '.join(p['name'] for p in call['prospects'])}")
    out.append(f"# seller_company: {call['seller_company']}")
    out.append(f"# seller_domain: {call['seller_domain']}")
    for k, v in call["meta"].items():
        out.append(f"# {k}: {v}")
    for turn in call["turns"]:
        start = turn["start"]
        stamp = {
            "bracket": f"[{hms(start)}] ",
            "paren": f"({hms(start)}) ",
            "mmss": f"[{int(start // 60):02d}:{int(start % 60):02d}] ",
            "none": "",
        }[style]
        pieces = [cue[2] for cue in turn["cues"]]
        out.append(f"{stamp}{turn['speaker']}: {pieces[0]}")
        out.extend(pieces[1:])
    return "\n".join(out) + "\n"


def render_vtt(call: dict) -> tuple[str, str]:
    rng = random.Random(call["call_id"] + "vtt")
    numbered = rng.random() < 0.5
    out = ["WEBVTT", ""]
    n = 0
    for turn in call["turns"]:
        for k, (start, end, line) in enumerate(turn["cues"]):
            n += 1
            if numbered:
                out.append(str(n))
            out.append(f"{hms(start, True)} --> {hms(end, True)}")
            if k > 0 and rng.random() < 0.35:
                out.append(line)  # unlabelled cue: continues the previous speaker
            else:
                out.append(f"<v {turn['speaker']}>{line}</v>")
            out.append("")
    meta = header_fields(call)
    meta["participants"] = participants(call, call.get("roles", "explicit") == "explicit")
    if call["meta"]:
        meta["metadata"] = dict(call["meta"])
    return "\n".join(out), json.dumps(meta, indent=2, ensure_ascii=False) + "\n"


def render_json(call: dict) -> str:
    rng = random.Random(call["call_id"] + "json")
    as_strings = rng.random() < 0.4
    obj = header_fields(call)
    obj["participants"] = participants(call, call.get("roles", "explicit") == "explicit")
    obj["utterances"] = [
        {"speaker": t["speaker"],
         "start": hms(t["start"], True) if as_strings else t["start"],
         "end": hms(t["end"], True) if as_strings else t["end"],
         "text": t["text"]}
        for t in call["turns"]
    ]
    if call["meta"]:
        obj["metadata"] = dict(call["meta"])
    return json.dumps(obj, indent=2, ensure_ascii=False) + "\n"


def render(calls: list[dict]) -> None:
    for old in CALLS.glob("*"):
        old.unlink()
    for call in calls:
        timings(call)
        fmt = call["format"]
        cid = call["call_id"]
        if fmt == "txt":
            (CALLS / f"{cid}.txt").write_text(render_txt(call), encoding="utf-8")
        elif fmt == "vtt":
            vtt, meta = render_vtt(call)
            (CALLS / f"{cid}.vtt").write_text(vtt, encoding="utf-8")
            (CALLS / f"{cid}.meta.json").write_text(meta, encoding="utf-8")
        elif fmt == "json":
            (CALLS / f"{cid}.json").write_text(render_json(call), encoding="utf-8")
        else:
            raise SourceError(f"{call['where']}: unknown format {fmt!r}")


def write_labels(calls: list[dict]) -> None:
    with (HERE / "sentences.jsonl").open("w", encoding="utf-8") as fh:
        for call in calls:
            for index, turn in enumerate(call["turns"]):
                for s in turn["sentences"]:
                    fh.write(json.dumps({"call_id": call["call_id"], "utterance_index": index, "text": s["text"],
                                         "label": s["label"]}, ensure_ascii=False) + "\n")
    with (HERE / "labels.jsonl").open("w", encoding="utf-8") as fh:
        for call in calls:
            cats = sorted({s["label"] for t in call["turns"] for s in t["sentences"] if s["label"] != "none"})
            fh.write(json.dumps({"call_id": call["call_id"], "categories": cats}) + "\n")


# ----------------------------------------------------------------------------------------------
# independent check: re-read the shipped files (not the sources) and test the labels against them

TXT_UTT = re.compile(r"^(?:(?:\[(?:\d{1,2}:)?\d{1,2}:\d{2}\]|\(\d{1,2}:\d{2}:\d{2}\)|\d{1,2}:\d{2}:\d{2})\s+)?([^:\[\]()]{1,60}?):\s(.*)$")
VOICE = re.compile(r"^<v(?:\.[\w.]+)?\s+([^>]+)>(.*?)(?:</v>)?$")


def read_txt(path: Path) -> tuple[dict, list[dict]]:
    header, turns = {}, []
    reps, prospects = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not turns and line.startswith("#"):
            k, _, v = line[1:].partition(":")
            k, v = k.strip(), v.strip()
            if k == "rep":
                reps += [x.strip() for x in v.split(",")]
            elif k == "prospect":
                prospects += [x.strip() for x in v.split(",")]
            else:
                header[k] = v
            continue
        if not line.strip():
            continue
        m = TXT_UTT.match(line)
        if m:
            turns.append({"speaker": m.group(1).strip(), "text": m.group(2).strip()})
        else:
            turns[-1]["text"] += " " + line.strip()
    for t in turns:
        t["role"] = "rep" if t["speaker"] in reps else "prospect" if t["speaker"] in prospects else None
    if any(t["role"] is None for t in turns):  # rule 5: reps known, the others are prospects
        for t in turns:
            if t["role"] is None:
                t["role"] = "prospect"
    header["_reps"] = reps
    return header, turns


def roles_from_meta(meta: dict) -> dict:
    roles = {}
    domain = meta.get("seller_domain")
    for p in meta.get("participants", []):
        if "role" in p:
            roles[p["name"]] = p["role"]
        elif domain and p.get("email"):
            d = p["email"].rsplit("@", 1)[1]
            roles[p["name"]] = "rep" if d == domain or d.endswith("." + domain) else "prospect"
    return roles


def read_vtt(path: Path) -> tuple[dict, list[dict]]:
    meta = json.loads(path.with_suffix("").with_suffix(".meta.json").read_text(encoding="utf-8")) \
        if path.with_name(path.stem + ".meta.json").exists() else {}
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "WEBVTT", path
    turns, speaker, i = [], None, 1
    while i < len(lines):
        if "-->" in lines[i]:
            text = lines[i + 1]
            m = VOICE.match(text)
            if m:
                speaker, text = m.group(1).strip(), m.group(2)
            if turns and turns[-1]["speaker"] == speaker:
                turns[-1]["text"] += " " + text.strip()
            else:
                turns.append({"speaker": speaker, "text": text.strip()})
            i += 2
        else:
            i += 1
    roles = roles_from_meta(meta)
    for t in turns:
        t["role"] = roles.get(t["speaker"], "prospect")
    return meta, turns


def read_json(path: Path) -> tuple[dict, list[dict]]:
    obj = json.loads(path.read_text(encoding="utf-8"))
    roles = roles_from_meta(obj)
    turns = [{"speaker": u["speaker"], "text": u["text"], "role": roles.get(u["speaker"], "prospect")}
             for u in obj["utterances"]]
    return obj, turns


def check() -> dict:
    problems: list[str] = []
    files = {}
    for path in sorted(CALLS.iterdir()):
        if path.name.endswith(".meta.json"):
            continue
        reader = {".txt": read_txt, ".vtt": read_vtt, ".json": read_json}[path.suffix]
        meta, turns = reader(path)
        cid = meta.get("call_id", path.stem)
        if cid != path.stem:
            problems.append(f"{path.name}: call_id {cid!r} differs from the file name")
        for key in ("call_id", "started_at", "outcome", "segment"):
            if not meta.get(key):
                problems.append(f"{path.name}: no {key}")
        if meta.get("outcome") not in ("won", "lost", "open"):
            problems.append(f"{path.name}: bad outcome")
        if meta.get("segment") not in ("smb", "mid-market", "enterprise"):
            problems.append(f"{path.name}: bad segment")
        if path.suffix == ".txt":
            if not meta.get("_reps"):
                problems.append(f"{path.name}: no # rep header")
        elif not any(r == "rep" for r in roles_from_meta(meta).values()):
            problems.append(f"{path.name}: no rep identified")
        if not any(t["role"] == "prospect" for t in turns) or not any(t["role"] == "rep" for t in turns):
            problems.append(f"{path.name}: needs both a rep and a prospect")
        if not 12 <= len(turns) <= 40:
            problems.append(f"{path.name}: {len(turns)} turns")
        files[cid] = (path.suffix[1:], turns, meta)
    sentences = [json.loads(line) for line in (HERE / "sentences.jsonl").read_text(encoding="utf-8").splitlines()]
    labels = [json.loads(line) for line in (HERE / "labels.jsonl").read_text(encoding="utf-8").splitlines()]
    seen_per_turn: dict = {}
    for s in sentences:
        if set(s) != {"call_id", "utterance_index", "text", "label"}:
            problems.append(f"bad keys {s}")
        if s["label"] not in CATEGORIES + ["none"]:
            problems.append(f"bad label {s}")
        if s["call_id"] not in files:
            problems.append(f"unknown call {s['call_id']}")
            continue
        turns = files[s["call_id"]][1]
        i = s["utterance_index"]
        if not 0 <= i < len(turns):
            problems.append(f"index out of range {s}")
            continue
        turn = turns[i]
        if turn["role"] != "prospect":
            problems.append(f"not a prospect turn {s}")
        if s["text"] not in turn["text"]:
            problems.append(f"text not in turn {s}")
        seen_per_turn.setdefault((s["call_id"], i), []).append(s["text"])
    # every prospect turn is fully covered, in order, by its sentences
    for cid, (_, turns, _) in files.items():
        for i, turn in enumerate(turns):
            if turn["role"] != "prospect":
                continue
            got = seen_per_turn.get((cid, i), [])
            if got != split_sentences(turn["text"]):
                problems.append(f"{cid} turn {i}: sentences do not cover the turn")
    label_ids = [entry["call_id"] for entry in labels]
    if sorted(label_ids) != sorted(files) or len(set(label_ids)) != len(label_ids):
        problems.append("labels.jsonl does not list every call exactly once")
    for entry in labels:
        derived = sorted({s["label"] for s in sentences if s["call_id"] == entry["call_id"] and s["label"] != "none"})
        if entry["categories"] != derived:
            problems.append(f"labels.jsonl {entry['call_id']}: {entry['categories']} != {derived}")
    # no annotation marks leaked into the shipped transcripts
    for path in CALLS.iterdir():
        if re.search(r"\{(?:%s)\}" % "|".join(sorted(TAGS)), path.read_text(encoding="utf-8")):
            problems.append(f"{path.name}: annotation mark in the transcript")
    counts = {c: sum(s["label"] == c for s in sentences) for c in CATEGORIES}
    total = len(sentences)
    objections = sum(counts.values())
    formats: dict = {}
    for fmt, _, _ in files.values():
        formats[fmt] = formats.get(fmt, 0) + 1
    if total < 900:
        problems.append(f"only {total} sentences")
    if not 0.25 <= objections / total <= 0.35:
        problems.append(f"objection share {objections / total:.1%}")
    for c, n in counts.items():
        if n < (10 if c == "other" else 30):
            problems.append(f"{c}: only {n}")
    if len(files) != 40:
        problems.append(f"{len(files)} calls")
    return {"problems": problems, "counts": counts, "total": total, "objections": objections,
            "formats": formats, "calls": len(files), "sentences": sentences, "files": files}


def stats_markdown(result: dict, calls: list[dict] | None) -> str:
    total, counts = result["total"], result["counts"]
    lines = ["| label | sentences | calls |", "| --- | ---: | ---: |"]
    labels = [json.loads(x) for x in (HERE / "labels.jsonl").read_text(encoding="utf-8").splitlines()]
    for c in CATEGORIES:
        ncalls = sum(c in e["categories"] for e in labels)
        lines.append(f"| {c} | {counts[c]} | {ncalls} |")
    none = total - result["objections"]
    lines.append(f"| none | {none} | |")
    lines.append(f"| **all** | **{total}** | **{result['calls']}** |")
    lines.append("")
    lines.append(f"- objection sentences: {result['objections']} ({result['objections'] / total:.1%} of prospect sentences)")
    if calls is not None:
        hns = [s for c in calls for t in c["turns"] for s in t["sentences"] if s["hard_negative"]]
        questions = sum(s["text"].endswith("?") for s in hns)
        lines.append(f"- hard negatives (label `none`, marked `{{hn}}` in `_source/`): {len(hns)}, of which {questions} are questions")
        turns = [len(c["turns"]) for c in calls]
        lines.append(f"- speaker turns per call: {min(turns)}–{max(turns)} ({sum(turns)} in all)")
    fm = result["formats"]
    lines.append(f"- calls per format: {fm.get('txt', 0)} txt, {fm.get('vtt', 0)} vtt (+ `.meta.json` sidecars), {fm.get('json', 0)} json")
    outcomes: dict = {}
    segments: dict = {}
    stages: dict = {}
    for _, _, meta in result["files"].values():
        outcomes[meta.get("outcome")] = outcomes.get(meta.get("outcome"), 0) + 1
        segments[meta.get("segment")] = segments.get(meta.get("segment"), 0) + 1
        stages[meta.get("stage")] = stages.get(meta.get("stage"), 0) + 1
    lines.append("- outcomes: " + ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items())))
    lines.append("- segments: " + ", ".join(f"{k} {v}" for k, v in sorted(segments.items())))
    lines.append("- stages: " + ", ".join(f"{k} {v}" for k, v in sorted(stages.items())))
    return "\n".join(lines)


def update_readme(text: str) -> None:
    readme = HERE / "README.md"
    if not readme.exists():
        return
    content = readme.read_text(encoding="utf-8")
    start, end = "<!-- counts:start -->", "<!-- counts:end -->"
    if start in content and end in content:
        before, rest = content.split(start, 1)
        _, after = rest.split(end, 1)
        readme.write_text(before + start + "\n" + text + "\n" + end + after, encoding="utf-8")


def main(argv: list[str]) -> int:
    calls = None
    if "--check" not in argv:
        calls = parse_sources()
        ids = [c["call_id"] for c in calls]
        if len(set(ids)) != len(ids):
            raise SourceError("duplicate call ids")
        calls.sort(key=lambda c: c["call_id"])
        render(calls)
        write_labels(calls)
    result = check()
    text = stats_markdown(result, calls)
    print(text)
    if calls is not None:
        update_readme(text)
    if result["problems"]:
        print(f"\n{len(result['problems'])} problem(s):")
        for p in result["problems"][:80]:
            print("  -", p)
        return 1
    print("\nall checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
