"""Build the synthetic Brightlane demo corpus in corpora/demo/ (deterministic, standard library only).

    python corpora/tools/build_demo.py            # (re)writes corpora/demo/
    python corpora/tools/build_demo.py --out DIR  # writes somewhere else

Calls are composed from the hand-written banks in demo_banks.py; the campaign copy is in demo_copy.py.
Every call is annotated while it is composed, and the annotations are written to ground_truth.json
(schema in corpora/README.md). experiment-counts.csv, the daily counts of a made-up A/B test, comes from
its own seed. Run check_demo.py afterwards to verify the output.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import random
import shutil
import sys
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import demo_banks as B
import demo_copy as C

SEED = 20260112
N_CALLS = 66
START = dt.date(2026, 1, 12)  # Monday of week 1; the corpus spans 14 weeks (to Friday 2026-04-17)
LAST_DAY = 7 * 13 + 4
CATEGORIES = ["price", "timing", "authority", "need", "competitor", "trust", "implementation", "contract",
              "security"]
STAGE_TITLES = {"discovery": "Discovery call", "demo": "Product demo", "negotiation": "Negotiation"}

# First-mention objections per category over the corpus (repeats come on top), and the affinities that
# decide which calls get them: segment x stage, and for security a rising week trend (see affinity()).
OBJECTION_TARGET = {"price": 30, "timing": 21, "competitor": 17, "need": 14, "authority": 12,
                    "implementation": 11, "trust": 10, "contract": 8, "security": 8}
SEGMENT_W = {
    "smb": {"price": 1.6, "need": 1.4, "security": 0.25, "contract": 0.2, "authority": 0.6},
    "mid-market": {"competitor": 1.4, "implementation": 1.4, "contract": 0.7},
    "enterprise": {"security": 6.0, "contract": 3.5, "authority": 1.6, "price": 0.7, "need": 0.5},
}
STAGE_W = {
    "discovery": {"timing": 1.6, "need": 1.6, "contract": 0.15, "price": 0.8},
    "demo": {"implementation": 1.6, "competitor": 1.3, "trust": 1.4, "contract": 0.4},
    "negotiation": {"price": 1.6, "contract": 2.8, "authority": 1.4, "need": 0.3, "timing": 0.8},
}
OBJECTIONS_PER_CALL = {"discovery": [0, 1, 1, 2, 2], "demo": [1, 1, 2, 2, 3], "negotiation": [1, 2, 2, 3, 3]}
PITCH_PILLAR_W = {B.SPEED: 5.0, B.ERP: 3.2, B.ERRORS: 2.2, B.SECURITY: 0.8}
GOOD_REPLY_P = {"won": 0.85, "open": 0.6, "lost": 0.3}


class Decks:
    """Draw lines without replacement from each bank, reshuffling when a bank runs out (more variety)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self._decks: dict[str, list[str]] = {}

    def draw(self, key: str, items: list[str]) -> str:
        deck = self._decks.get(key)
        if not deck:
            deck = list(items)
            self.rng.shuffle(deck)
            self._decks[key] = deck
        return deck.pop()


@dataclass
class Seg:
    text: str
    tag: tuple[Any, ...] = ()  # ("objection", cat, repeat) | ("claim", pillar, kind) | ("hardneg", cat)
    #                            | ("reply", cat, quality) | ("smalltalk",)


@dataclass
class Turn:
    speaker: str
    role: str
    segs: list[Seg] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.segs)


@dataclass
class Person:
    name: str
    email: str
    title: str


@dataclass
class CallPlan:
    rep: str
    company: tuple[str, str, str, str]
    people: list[Person]
    stage: str
    day: int
    outcome: str
    opportunity: str
    call_id: str = ""
    started_at: str = ""
    fmt: str = ""
    variant: str = ""
    cats: list[str] = field(default_factory=list)


def ascii_fold(s: str) -> str:
    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode().lower().replace("'", "")


def weighted(rng: random.Random, weights: dict[str, float]) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


# ------------------------------------------------------------------------------------------- planning
def plan_calls(rng: random.Random) -> list[CallPlan]:
    """Deals (one prospect company each, 1-3 calls at successive stages) until N_CALLS calls exist."""
    companies = list(B.PROSPECT_COMPANIES)
    rng.shuffle(companies)
    rep_w = {
        "smb": {"Leo Hartmann": 3, "Dana Ruiz": 1, "Marcus Chen": 1, "Tom Becker": 1.2, "Jess Okafor": 1.2,
                "Priya Nair": 0.1},
        "mid-market": {"Leo Hartmann": 0.6, "Dana Ruiz": 1.4, "Marcus Chen": 1.4, "Tom Becker": 1.4,
                       "Jess Okafor": 1.4, "Priya Nair": 0.5},
        "enterprise": {"Leo Hartmann": 0, "Dana Ruiz": 0.7, "Marcus Chen": 0.7, "Tom Becker": 0.8,
                       "Jess Okafor": 0.8, "Priya Nair": 3},
    }
    used_names: set[str] = set()
    deals: list[list[CallPlan]] = []
    load: Counter[str] = Counter()  # keeps the reps' call counts roughly even
    starts = [int((i + rng.random()) * 90 / 36) for i in range(36)]  # stratified: calls spread evenly
    rng.shuffle(starts)
    for n, comp in enumerate(companies):
        if sum(load.values()) >= N_CALLS:
            break
        _name, domain, segment, _erp = comp
        rep = weighted(rng, {r: w / (1 + load[r]) ** 2 for r, w in rep_w[segment].items()})
        k = rng.choices([1, 2, 3], weights={"smb": [5, 4, 1], "mid-market": [3, 4, 3],
                                            "enterprise": [1, 3, 6]}[segment])[0]
        stages = {1: [rng.choice(["discovery", "discovery", "demo"])],
                  2: rng.choice([["discovery", "demo"], ["demo", "negotiation"], ["discovery", "negotiation"]]),
                  3: ["discovery", "demo", "negotiation"]}[k]
        days, d = [], starts.pop() if starts else rng.randint(0, 84)
        for _ in stages:
            while (START + dt.timedelta(days=d)).weekday() >= 5:
                d += 1
            if d > LAST_DAY or len(days) + sum(load.values()) >= N_CALLS:
                break
            days.append(d)
            d += rng.randint(5, 16)
        if not days:
            continue
        people = []
        n_people = 2 if rng.random() < {"smb": 0.1, "mid-market": 0.35, "enterprise": 0.6}[segment] else 1
        for title in rng.sample(B.PROSPECT_TITLES[segment], n_people):
            while True:
                first, last = rng.choice(B.FIRST_NAMES), rng.choice(B.LAST_NAMES)
                if f"{first} {last}" not in used_names and all(p.name.split()[0] != first for p in people):
                    break
            used_names.add(f"{first} {last}")
            people.append(Person(f"{first} {last}", f"{ascii_fold(first)}.{ascii_fold(last)}@{domain}", title))
        deal = []
        for stage, day in zip(stages, days, strict=False):
            on_call = people if len(people) == 1 or rng.random() < 0.7 else people[:1]
            deal.append(CallPlan(rep, comp, list(on_call), stage, day, "open", f"OPP-{1100 + n * 7}"))
        deals.append(deal)
        load[rep] += len(deal)
    decide_outcomes(rng, deals)
    calls = sorted((c for deal in deals for c in deal), key=lambda c: (c.day, c.rep))
    for i, c in enumerate(calls, 1):
        c.call_id = f"demo-{i:03d}"
        hour, minute = rng.choice([14, 15, 16, 17, 18, 19, 20, 21]), rng.choice([0, 0, 0, 15, 30, 30, 45])
        c.started_at = dt.datetime.combine(START + dt.timedelta(days=c.day), dt.time(hour, minute)).isoformat()
    return calls


def decide_outcomes(rng: random.Random, deals: list[list[CallPlan]]) -> None:
    """Deal outcome (shared by all its calls): recent deals mostly open; win rate set per rep style."""
    win_rate = {"faithful": 0.6, "sparse": 0.45, "distorts": 0.3, "unbacked": 0.3}
    by_rep: dict[str, list[list[CallPlan]]] = defaultdict(list)
    for deal in deals:
        by_rep[deal[0].rep].append(deal)
    for rep, mine in by_rep.items():
        closed = [d for d in mine if not (d[-1].day >= LAST_DAY - 14 and rng.random() < 0.7)
                  and rng.random() > 0.05]
        n_won = round(len(closed) * win_rate[B.REPS[rep]["style"]])
        pool = list(closed)
        for _ in range(n_won):  # deals that reached negotiation are likelier to be the won ones
            won = pool.pop(rng.choices(range(len(pool)), [{"negotiation": 4, "demo": 1.5, "discovery": 0.5}
                                                          [d[-1].stage] for d in pool])[0])
            for c in won:
                c.outcome = "won"
        for deal in pool:
            for c in deal:
                c.outcome = "lost"


def allocate_objections(rng: random.Random, calls: list[CallPlan]) -> None:
    """Give every call its (first-mention) objection categories so that the corpus totals hit OBJECTION_TARGET.

    Each objection goes to a call with a free slot, drawn by affinity (segment x stage x week trend).
    """
    slots = {id(c): rng.choice(OBJECTIONS_PER_CALL[c.stage]) for c in calls}
    while sum(slots.values()) < sum(OBJECTION_TARGET.values()):
        c = rng.choice([c for c in calls if slots[id(c)] < 4 - (c.stage == "discovery")])
        slots[id(c)] += 1
    for c in calls:
        c.cats = []
    # interleave the categories evenly so that no category is left with only "already has it" slots
    queue = sorted(((j + 0.5) / n, cat) for cat, n in OBJECTION_TARGET.items() for j in range(n))
    for _, cat in queue:
        free = [c for c in calls if len(c.cats) < slots[id(c)] and cat not in c.cats]
        if free:
            rng.choices(free, [affinity(c, cat) for c in free])[0].cats.append(cat)
    for c in calls:
        rng.shuffle(c.cats)


def affinity(c: CallPlan, cat: str) -> float:
    w = SEGMENT_W[c.company[2]].get(cat, 1.0) * STAGE_W[c.stage].get(cat, 1.0)
    if cat == "security":
        w *= (0.05 + c.day / 7 / 13) ** 3  # the designed trend: security concerns grow week by week
    return w


def assign_formats(rng: random.Random, calls: list[CallPlan]) -> None:
    fmts = ["txt", "vtt", "json"] * (len(calls) // 3 + 1)
    fmts = fmts[: len(calls)]
    rng.shuffle(fmts)
    for c, f in zip(calls, fmts, strict=True):
        c.fmt = f
    by_fmt: dict[str, list[CallPlan]] = defaultdict(list)
    for c in calls:
        by_fmt[c.fmt].append(c)
    # Format variations the readers must cope with (each documented in corpora/README.md).
    variants = {"txt": ["bom", "mmss", "paren", "no_timestamps", "no_prospect_header"],
                "vtt": ["crlf", "note", "no_cue_ids"],
                "json": ["batch_a", "batch_a", "batch_a", "batch_b", "batch_b", "string_times", "string_times"]}
    for fmt, names in variants.items():
        for c, v in zip(rng.sample(by_fmt[fmt], len(names)), names, strict=True):
            c.variant = v


# ------------------------------------------------------------------------------------------ composing
class Composer:
    """Composes one call turn by turn, keeping per-segment annotations."""

    def __init__(self, rng: random.Random, decks: Decks, plan: CallPlan) -> None:
        self.rng, self.decks, self.plan = rng, decks, plan
        self.turns: list[Turn] = []
        self.used: set[str] = set()
        self.style = B.REPS[plan.rep]["style"]
        day, day2 = rng.sample(B.DAYS, 2)
        self.fill = {"first": plan.people[0].name.split()[0], "company": plan.company[0],
                     "rep": plan.rep.split()[0], "erp": plan.company[3], "day": day, "day2": day2,
                     "time": rng.choice(B.TIMES)}

    def pick(self, key: str, items: list[Any]) -> Any:
        """Next item of a bank, avoiding repeats within this call."""
        for _ in range(6):
            item = self.decks.draw(key, items)
            if repr(item) not in self.used:
                break
        self.used.add(repr(item))
        return item

    def fmt(self, text: str) -> str:
        return text.format(**self.fill)

    def line(self, key: str, items: list[str]) -> str:
        return self.fmt(self.pick(key, items))

    def say(self, role: str, *segs: Seg) -> int:
        if role == "rep":
            speaker = self.plan.rep
        else:
            people = self.plan.people
            speaker = people[0].name if len(people) == 1 or self.rng.random() < 0.7 else people[1].name
        if self.turns and self.turns[-1].speaker == speaker:
            self.turns[-1].segs.extend(segs)
        else:
            self.turns.append(Turn(speaker, role, list(segs)))
        return len(self.turns) - 1

    def last_role(self) -> str:
        return self.turns[-1].role if self.turns else ""

    # --- claims
    def claim(self, pillar: str) -> Seg:
        if self.style == "distorts" and self.rng.random() < 0.7:
            return Seg(self.line(f"dist:{pillar}", B.CLAIMS_DISTORTED[pillar]), ("claim", pillar, "distorted"))
        return Seg(self.line(f"faith:{pillar}", B.CLAIMS_FAITHFUL[pillar]), ("claim", pillar, "faithful"))

    def unbacked(self, competitor: bool = False) -> Seg:
        bank = B.UNBACKED_COMPETITOR if competitor else B.UNBACKED_CLAIMS
        return Seg(self.line(f"unb:{competitor}", bank), ("claim", None, "unbacked"))

    def pitch(self, pillar: str) -> None:
        if self.last_role() == "rep":  # let the prospect in before the rep moves on to the product
            self.say("prospect", Seg(self.line("backchannel", B.PROSPECT_BACKCHANNEL)))
        segs = []
        if self.rng.random() < 0.6:
            segs.append(Seg(self.line("lead", B.CLAIM_LEADS)))
        if self.style == "sparse" and self.rng.random() < 0.55:
            segs.append(Seg(self.line("vague", B.VAGUE_PITCH)))
        else:
            segs.append(self.claim(pillar))
            if self.style == "unbacked" and self.rng.random() < 0.75:
                segs.append(self.unbacked())
        if self.rng.random() < 0.4:
            segs.append(Seg(self.line("tail", B.CLAIM_TAILS)))
        self.say("rep", *segs)
        if self.rng.random() < 0.25:
            self.hard_negative(reaction=True)
        else:
            self.say("prospect", Seg(self.line("react", B.PROSPECT_REACTIONS)))

    # --- prospect-side blocks
    def hard_negative(self, cat: str | None = None, reaction: bool = False) -> None:
        """A prospect line that resembles an objection but is not one (a reaction only right after a pitch)."""
        bank: list[tuple[str, ...]] = []
        while not bank:
            cat = cat or self.rng.choice(list(B.HARD_NEGATIVES))
            bank = [h for h in B.HARD_NEGATIVES[cat] if reaction or len(h) == 2]
            cat = cat if bank else None
        line, answer = self.pick(f"hn:{cat}:{reaction}", bank)[:2]
        self.say("prospect", Seg(self.fmt(line), ("hardneg", cat)))
        self.say("rep", Seg(self.fmt(answer)))

    def objection(self, cat: str, repeat: bool = False) -> None:
        if self.last_role() == "prospect" and self.rng.random() < 0.65:
            key = "repeat" if repeat else cat
            self.say("rep", Seg(self.line(f"prompt:{key}", B.OBJECTION_PROMPTS[key])))
        segs = []
        if self.last_role() == "rep" and self.rng.random() < 0.45:
            segs.append(Seg(self.line("leadin", B.OBJECTION_LEADINS)))
        bank = B.OBJECTION_REPEATS[cat] if repeat else B.OBJECTIONS[cat]
        segs.append(Seg(self.line(f"obj:{cat}:{repeat}", bank), ("objection", cat, repeat)))
        self.say("prospect", *segs)
        drift_penalty = 0.1 if self.style in ("distorts", "unbacked") else 0.0
        good = self.rng.random() < GOOD_REPLY_P[self.plan.outcome] - drift_penalty
        quality = "good" if good else "weak"
        reply = [Seg(self.line(f"{quality}:{cat}", (B.GOOD_REPLIES if good else B.WEAK_REPLIES)[cat]),
                     ("reply", cat, quality))]
        if self.style == "unbacked" and cat == "competitor" and self.rng.random() < 0.75:
            reply.append(self.unbacked(competitor=True))
        elif self.style == "unbacked" and self.rng.random() < 0.4:
            reply.append(self.unbacked())
        elif cat in B.REPLY_PILLAR and (good or self.style == "distorts") and self.rng.random() < 0.5:
            reply.append(self.claim(B.REPLY_PILLAR[cat]))
        self.say("rep", *reply)
        if self.rng.random() < 0.7:
            bank = B.PROSPECT_AFTER_GOOD if good else B.PROSPECT_AFTER_WEAK
            self.say("prospect", Seg(self.line(f"after:{quality}", bank)))

    def question(self) -> None:
        question, answers = self.pick("qa", B.DISCOVERY_QA)
        segs = [Seg(self.fmt(question))]
        if self.last_role() == "prospect" and self.rng.random() < 0.4:
            segs.insert(0, Seg(self.line("ack", B.REP_ACKS)))
        self.say("rep", *segs)
        self.say("prospect", Seg(self.fmt(self.rng.choice(answers))))

    def interruption(self) -> None:
        start, interrupt, resume = self.pick("interrupt", B.INTERRUPTIONS)
        self.say("rep", Seg(start, ("smalltalk",)))
        self.say("prospect", Seg(interrupt))
        self.say("rep", Seg(resume, ("smalltalk",)))

    def compose(self) -> list[Turn]:
        rng, stage = self.rng, self.plan.stage
        st = ("smalltalk",)
        opener, kind = self.pick("open", B.REP_OPENERS)
        self.say("rep", Seg(self.fmt(opener), st))
        self.say("prospect", Seg(self.line(f"greet:{kind}", B.PROSPECT_GREETINGS[kind])))
        if rng.random() < 0.6:
            rep_line, answers = self.pick("smalltalk", B.SMALL_TALK)
            self.say("rep", Seg(rep_line, st))
            self.say("prospect", Seg(rng.choice(answers)))
        self.say("rep", Seg(self.line(f"agenda:{stage}", B.REP_AGENDA[stage]), st))
        ok_key = "screen" if stage == "demo" else "generic"
        self.say("prospect", Seg(self.line(f"agenda-ok:{ok_key}", B.PROSPECT_AGENDA_OK[ok_key])))

        n_q = {"discovery": rng.randint(3, 5), "demo": rng.randint(1, 2), "negotiation": rng.randint(0, 1)}[stage]
        n_pitch = {"discovery": rng.randint(0, 1), "demo": rng.randint(2, 4), "negotiation": rng.randint(0, 1)}[stage]
        if self.style == "sparse":
            n_pitch = max(0, n_pitch - 1)
        pillars: list[str] = []
        while len(pillars) < n_pitch:
            pillars.append(weighted(rng, {p: w for p, w in PITCH_PILLAR_W.items() if p not in pillars}))
        cats = self.plan.cats

        body: list[tuple[str, Any]] = [("q", None)] * n_q + [("pitch", p) for p in pillars]
        body += [("hardneg", None)] * rng.randint(1, 2)
        if stage == "negotiation" and rng.random() < 0.6:
            body.append(("hardneg", "price"))
        if rng.random() < 0.3:
            body.append(("interrupt", None))
        head, tail = body[:1], body[1:]
        rng.shuffle(tail)
        for c in cats:  # objections land after the first body block, anywhere among the rest
            tail.insert(rng.randint(0, len(tail)), ("objection", c))
        if cats and rng.random() < 0.25:  # the prospect comes back to an earlier objection
            tail.append(("q", None) if stage == "discovery" else ("hardneg", None))
            tail.append(("repeat", weighted(rng, {c: OBJECTION_TARGET[c] ** 2 for c in cats})))
        for kind, arg in head + tail:
            if kind == "q":
                self.question()
            elif kind == "pitch":
                self.pitch(arg)
            elif kind == "hardneg":
                self.hard_negative(arg)
            elif kind == "interrupt":
                self.interruption()
            else:
                self.objection(arg, repeat=kind == "repeat")

        rep_line, answers = self.pick("next", B.NEXT_STEPS)
        self.say("rep", Seg(self.fmt(rep_line), st))
        self.say("prospect", Seg(self.fmt(rng.choice(answers))))
        if rng.random() < 0.4 and "invite" not in rep_line:
            self.say("rep", Seg("Perfect, I'll send a calendar invite right after this.", st))
            self.say("prospect", Seg(self.line("invite-ok", ["Great.", "Sounds good.", "Perfect, thanks."])))
        self.say("rep", Seg(self.line("close", B.CLOSINGS_REP), st))
        self.say("prospect", Seg(self.line("close-pro", B.CLOSINGS_PROSPECT)))
        return self.turns


def compose_call(rng: random.Random, decks: Decks, plan: CallPlan) -> list[Turn]:
    for _ in range(50):
        turns = Composer(rng, decks, plan).compose()
        if 15 <= len(turns) <= 45:
            return turns
    raise RuntimeError(f"could not compose {plan.call_id} within 15-45 turns")


# ------------------------------------------------------------------------------------------- timing
def timings(rng: random.Random, turns: list[Turn]) -> list[tuple[float, float]]:
    t, out = rng.uniform(2.0, 8.0), []
    for turn in turns:
        words = len(turn.text.split())
        dur = words / rng.uniform(2.3, 2.9) + rng.uniform(0.2, 0.6)
        out.append((round(t, 3), round(t + dur, 3)))
        t += dur + (rng.uniform(2.0, 4.0) if rng.random() < 0.1 else rng.uniform(0.3, 1.4))
    return out


def hms(sec: float) -> str:
    s = int(sec)
    return f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}"


def vtt_time(sec: float) -> str:
    ms = round(sec * 1000)
    return f"{ms // 3600000:02d}:{ms % 3600000 // 60000:02d}:{ms % 60000 // 1000:02d}.{ms % 1000:03d}"


def chunks(rng: random.Random, turn: Turn, p: float) -> list[list[Seg]]:
    """Split a long turn at segment boundaries (never inside an annotated span)."""
    segs = turn.segs
    if len(segs) < 2 or len(turn.text.split()) < 18 or rng.random() >= p:
        return [segs]
    cut = rng.randint(1, len(segs) - 1)
    return [segs[:cut], segs[cut:]]


# ------------------------------------------------------------------------------------------- writers
def participants(plan: CallPlan, explicit_role: bool) -> list[dict[str, Any]]:
    rep = B.REPS[plan.rep]
    out: list[dict[str, Any]] = [{"name": plan.rep, "email": rep["email"], "company": B.COMPANY,
                                  "title": rep["title"]}]
    if explicit_role:
        out[0]["role"] = "rep"
    out += [{"name": p.name, "email": p.email, "company": plan.company[0], "title": p.title} for p in plan.people]
    return out


def meta(plan: CallPlan, explicit_role: bool = False) -> dict[str, Any]:
    return {
        "call_id": plan.call_id,
        "title": f"{STAGE_TITLES[plan.stage]} — {plan.company[0]}",
        "started_at": plan.started_at + ("Z" if plan.fmt != "txt" else "+00:00"),
        "outcome": plan.outcome, "segment": plan.company[2], "stage": plan.stage,
        "seller_domain": B.SELLER_DOMAIN, "seller_company": B.COMPANY,
        "participants": participants(plan, explicit_role),
        "metadata": {"crm_opportunity": plan.opportunity},
    }


def write_txt(rng: random.Random, plan: CallPlan, turns: list[Turn], times: list[tuple[float, float]],
              path: Path) -> None:
    m = meta(plan)
    lines = [f"# call_id: {plan.call_id}", f"# title: {m['title']}", f"# started_at: {m['started_at']}",
             f"# outcome: {plan.outcome}", f"# segment: {m['segment']}", f"# stage: {plan.stage}",
             f"# rep: {plan.rep}"]
    if plan.variant != "no_prospect_header":
        lines.append(f"# prospect: {', '.join(p.name for p in plan.people)}")
    lines += [f"# seller_domain: {B.SELLER_DOMAIN}", f"# opportunity: {plan.opportunity}"]
    for turn, (start, _end) in zip(turns, times, strict=True):
        stamp = {"mmss": f"[{int(start) // 60:02d}:{int(start) % 60:02d}] ", "paren": f"({hms(start)}) ",
                 "no_timestamps": ""}.get(plan.variant, f"[{hms(start)}] ")
        parts = chunks(rng, turn, 0.35)
        lines.append(f"{stamp}{turn.speaker}: {' '.join(s.text for s in parts[0])}")
        lines += [" ".join(s.text for s in part) for part in parts[1:]]  # continuation line(s)
    text = "\n".join(lines) + "\n"
    path.write_text(("\ufeff" if plan.variant == "bom" else "") + text, encoding="utf-8", newline="\n")


def write_vtt(rng: random.Random, plan: CallPlan, turns: list[Turn], times: list[tuple[float, float]],
              path: Path) -> None:
    out = ["WEBVTT", ""]
    if plan.variant == "note":
        out += ["NOTE", "Exported from the meeting recorder. Speaker names come from the calendar invite.", ""]
    n = 0
    for turn, (start, end) in zip(turns, times, strict=True):
        parts = chunks(rng, turn, 0.5)
        total = sum(len(s.text.split()) for s in turn.segs)
        t = start
        for part in parts:
            words = sum(len(s.text.split()) for s in part)
            t_end = t + (end - start) * words / total
            n += 1
            if plan.variant != "no_cue_ids" and int(plan.call_id[-3:]) % 2 == 0:
                out.append(str(n))
            out.append(f"{vtt_time(t)} --> {vtt_time(t_end)}")
            out.append(f"<v {turn.speaker}>{' '.join(s.text for s in part)}</v>")
            out.append("")
            t = t_end
    nl = "\r\n" if plan.variant == "crlf" else "\n"
    path.write_text(nl.join(out), encoding="utf-8", newline="")
    sidecar = path.with_name(path.stem + ".meta.json")
    sidecar.write_text(json.dumps(meta(plan), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def json_call(plan: CallPlan, turns: list[Turn], times: list[tuple[float, float]]) -> dict[str, Any]:
    d = meta(plan, explicit_role=int(plan.call_id[-3:]) % 2 == 0)
    utts = []
    for turn, (start, end) in zip(turns, times, strict=True):
        if plan.variant == "string_times":
            s, e = vtt_time(start), vtt_time(end)
        else:
            s, e = round(start, 1), round(end, 1)
        utts.append({"speaker": turn.speaker, "start": s, "end": e, "text": turn.text})
    d["utterances"] = utts
    return d


# --------------------------------------------------------------------------------------- ground truth
def annotate(plan: CallPlan, turns: list[Turn], file: str) -> dict[str, Any]:
    objections, claims, hardnegs, smalltalk, delivered = [], [], [], [], set()
    for i, turn in enumerate(turns):
        tags = [s.tag for s in turn.segs]
        for s in turn.segs:
            if s.tag and s.tag[0] == "objection":
                reply = next((j for j in range(i + 1, len(turns)) if turns[j].role == "rep"), None)
                rtag = next((t for t in ([x.tag for x in turns[reply].segs] if reply is not None else [])
                             if t and t[0] == "reply"), None)
                objections.append({"utterance_index": i, "category": s.tag[1], "text": s.text,
                                   "repeat": s.tag[2], "reply_index": reply,
                                   "reply_quality": rtag[2] if rtag else None})
            elif s.tag and s.tag[0] == "claim":
                claims.append({"utterance_index": i, "pillar": s.tag[1], "kind": s.tag[2], "text": s.text})
                if s.tag[2] == "faithful":
                    delivered.add(s.tag[1])
        if turn.role == "prospect" and any(t and t[0] == "hardneg" for t in tags) \
                and not any(t and t[0] == "objection" for t in tags):
            hn = next(s for s in turn.segs if s.tag and s.tag[0] == "hardneg")
            hardnegs.append({"utterance_index": i, "looks_like": hn.tag[1], "text": hn.text})
        if turn.role == "rep" and all(t and t[0] == "smalltalk" for t in tags):
            smalltalk.append(i)
    order = [p["name"] for p in B.PILLARS]
    return {
        "file": file, "rep": plan.rep, "outcome": plan.outcome, "segment": plan.company[2],
        "stage": plan.stage, "started_at": meta(plan)["started_at"], "week": plan.day // 7 + 1,
        "prospect_company": plan.company[0], "n_utterances": len(turns), "format_variant": plan.variant or None,
        "objections": objections,
        "delivered_pillars": sorted(delivered, key=order.index),
        "unbacked_claims": [c["text"] for c in claims if c["kind"] == "unbacked"],
        "distorted_claims": [c["text"] for c in claims if c["kind"] == "distorted"],
        "claims": claims, "hard_negatives": hardnegs, "small_talk_indices": smalltalk,
    }


def summarize(calls: dict[str, dict[str, Any]]) -> dict[str, Any]:
    mix: Counter[str] = Counter()
    by_seg: dict[str, Counter[str]] = defaultdict(Counter)
    by_month: dict[str, Counter[str]] = defaultdict(Counter)
    replies: dict[str, Counter[str]] = defaultdict(Counter)
    delivery: Counter[str] = Counter()
    for c in calls.values():
        for o in c["objections"]:
            mix[o["category"]] += 1
            by_seg[c["segment"]][o["category"]] += 1
            by_month[c["started_at"][:7]][o["category"]] += 1
            replies[c["outcome"]][o["reply_quality"]] += 1
        delivery.update(c["delivered_pillars"])
    rate = {k: round(v["good"] / max(1, v["good"] + v["weak"]), 2) for k, v in sorted(replies.items())}
    return {
        "pillar_delivery": {p["name"]: delivery.get(p["name"], 0) for p in B.PILLARS},
        "objection_mix": {c: mix.get(c, 0) for c in CATEGORIES},
        "objections_by_segment": {s: {c: v.get(c, 0) for c in CATEGORIES} for s, v in sorted(by_seg.items())},
        "objections_by_month": {m: {c: v.get(c, 0) for c in CATEGORIES} for m, v in sorted(by_month.items())},
        "good_reply_rate_by_outcome": rate,
    }


# ------------------------------------------------------------------------------------ experiment counts
EXPERIMENT_SEED = 20260406  # its own generator: the counts never reshuffle the calls, nor the calls them
EXPERIMENT_START = dt.date(2026, 4, 6)  # a Monday: 14 days are two full weeks
EXPERIMENT_ARMS = (("control", 0.040), ("outcome-first", 0.048))  # true conversion rates: +20% relative


def experiment_counts(out: Path) -> None:
    """experiment-counts.csv: a synthetic 2-arm headline test, 14 days of visitors and conversions per arm.

    Each day's traffic (about 2,900 on weekdays, half that on weekends) is split 50/50 at random between
    the arms, and each visitor converts with the arm's true rate: the format of `textops experiment analyze`.
    """
    rng = random.Random(EXPERIMENT_SEED)
    lines = ["day,arm,visitors,conversions"]
    for offset in range(14):
        day = EXPERIMENT_START + dt.timedelta(days=offset)
        traffic = round((1450 if day.weekday() >= 5 else 2900) * rng.uniform(0.9, 1.1))
        first = sum(rng.random() < 0.5 for _ in range(traffic))
        for (arm, rate), visitors in zip(EXPERIMENT_ARMS, (first, traffic - first)):
            conversions = sum(rng.random() < rate for _ in range(visitors))
            lines.append(f"{day.isoformat()},{arm},{visitors},{conversions}")
    (out / "experiment-counts.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


# ----------------------------------------------------------------------------------------------- main
def build(out: Path) -> dict[str, Any]:
    rng = random.Random(SEED)
    decks = Decks(rng)
    plans = plan_calls(rng)
    allocate_objections(rng, plans)
    assign_formats(rng, plans)
    if out.exists():
        if any(out.iterdir()) and not (out / "ground_truth.json").exists():
            raise SystemExit(f"refusing to overwrite {out}: not empty and not a generated corpus")
        shutil.rmtree(out)
    (out / "calls").mkdir(parents=True)
    (out / "copy").mkdir()

    (out / "messaging.json").write_text(
        json.dumps({"campaign": B.CAMPAIGN, "pillars": B.PILLARS}, indent=2, ensure_ascii=False) + "\n",
        encoding="utf-8")
    (out / "copy" / "landing.md").write_text(C.LANDING_MD, encoding="utf-8")
    (out / "copy" / "pricing.html").write_text(C.PRICING_HTML, encoding="utf-8")
    (out / "copy" / "email-1.md").write_text(C.EMAIL_1_MD, encoding="utf-8")
    (out / "copy" / "email-2.txt").write_text(C.EMAIL_2_TXT, encoding="utf-8")
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(C.ADS_HEADER)
    for ad_id, channel, headline, body, cta in C.ADS:
        w.writerow([ad_id, B.CAMPAIGN, channel, headline, body, cta])
    (out / "copy" / "ads.csv").write_text(buf.getvalue(), encoding="utf-8")

    calls_gt: dict[str, dict[str, Any]] = {}
    batches: dict[str, list[dict[str, Any]]] = {"batch_a": [], "batch_b": []}
    for plan in plans:
        turns = compose_call(rng, decks, plan)
        times = timings(rng, turns)
        if plan.fmt == "txt":
            rel = f"calls/{plan.call_id}.txt"
            write_txt(rng, plan, turns, times, out / rel)
        elif plan.fmt == "vtt":
            rel = f"calls/{plan.call_id}.vtt"
            write_vtt(rng, plan, turns, times, out / rel)
        elif plan.variant in batches:
            rel = f"calls/export-{plan.variant.replace('_', '-')}.json"
            batches[plan.variant].append(json_call(plan, turns, times))
        else:
            rel = f"calls/{plan.call_id}.json"
            (out / rel).write_text(json.dumps(json_call(plan, turns, times), indent=2, ensure_ascii=False) + "\n",
                                   encoding="utf-8")
        calls_gt[plan.call_id] = annotate(plan, turns, rel)
    (out / "calls" / "export-batch-a.json").write_text(
        json.dumps({"calls": batches["batch_a"]}, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (out / "calls" / "export-batch-b.json").write_text(
        json.dumps(batches["batch_b"], indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    summary = summarize(calls_gt)
    reps = {}
    for name, r in B.REPS.items():
        mine = [c for c in calls_gt.values() if c["rep"] == name]
        reps[name] = {"email": r["email"], "on_message": r["on_message"], "drift_kind": r["drift_kind"],
                      "style": r["style"], "n_calls": len(mine),
                      "outcomes": dict(Counter(c["outcome"] for c in mine))}
    gt = {
        "company": B.COMPANY, "seller_domain": B.SELLER_DOMAIN, "product": B.PRODUCT, "campaign": B.CAMPAIGN,
        "competitors": B.COMPETITORS, "synthetic": True, "generator": "corpora/tools/build_demo.py",
        "seed": SEED, "reps": reps,
        "undelivered_pillars": [p for p, n in summary["pillar_delivery"].items() if n == 0],
        **summary, "calls": calls_gt,
    }
    (out / "ground_truth.json").write_text(json.dumps(gt, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    experiment_counts(out)
    return gt


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "demo")
    args = ap.parse_args()
    gt = build(args.out)
    print(f"wrote {len(gt['calls'])} calls to {args.out}")
    print("pillar delivery:", gt["pillar_delivery"])
    print("objection mix:", gt["objection_mix"])
    print("good reply rate by outcome:", gt["good_reply_rate_by_outcome"])


if __name__ == "__main__":
    main()
