"""Who the reps are, per corpus: what the speakers' roles are, how they were decided, and changing them.

Roles are decided at ingest (:func:`textops.ingest.infer_roles`: the file, the user's ``--rep`` list,
role-like labels, email domains, and inference from the call's content). This module is the service the
CLI, the API and the web UI share: it summarises the roles of a set of calls (every report carries that
summary, so a report never silently rests on calls whose prospects could not be found) and re-derives a
stored corpus's roles from a new list of reps without re-uploading anything.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from textops.ingest import REP_LABELS, label_key, rederive_roles
from textops.types import Participant, Role, Transcript

if TYPE_CHECKING:  # the pipelines import this module for RolesCheck; they need no store
    from textops.store import Store

__all__ = [
    "CallRoles",
    "RolesCheck",
    "SpeakerRoles",
    "as_reported",
    "call_reps",
    "check_roles",
    "corpus_speakers",
    "generic_label",
    "named_reps",
    "set_corpus_roles",
    "unify_rep_names",
]

MAX_LISTED = 50
"""How many call ids a summary lists by name."""

FIX_HINT = (
    "say who the reps are: `textops roles CORPUS --rep NAME` (or `textops ingest … --rep NAME`), "
    "PUT /v1/corpora/{id}/roles, or the Speakers step of the web UI; speaker labels such as "
    "'Sales Rep' / 'Customer' are recognised"
)


def generic_label(label: str) -> bool:
    """A speaker label that names no person: a rep role word (``Sales Rep``, ``Agent 2``) or ``Speaker N``."""
    key = label_key(label)
    return key == "speaker" or key in REP_LABELS


def _header_rep(call: Transcript) -> tuple[str, Participant] | None:
    """(the rep speaker's generic label, the silent rep participant) when :func:`named_reps` renames."""
    spoken = {u.speaker.casefold() for u in call.utterances}
    silent = [p for p in call.participants if p.role == "rep" and p.name.casefold() not in spoken]
    reps = call.reps
    if len(silent) != 1 or len(reps) != 1 or not generic_label(reps[0]):
        return None
    return reps[0], silent[0]


def call_reps(call: Transcript) -> list[str]:
    """The call's reps as the reports name them: :attr:`Transcript.reps` after :func:`named_reps`."""
    found = _header_rep(call)
    return call.reps if found is None else [found[1].name]


def named_reps(call: Transcript) -> Transcript:
    """The call with its one generically labelled rep speaker named as the file names its rep.

    ``# rep: Dana Ruiz`` above ``Speaker 1:`` / ``Speaker 2:`` lines: the header says who the rep is, the
    roles say which speaker (stated, or inferred from what was said), so the reports count the call under
    Dana Ruiz, and her turns are quoted under her name, rather than under a label every call shares. Only
    when exactly one speaker is a rep, that speaker's label names nobody (:func:`generic_label`) and exactly
    one rep participant never speaks. The stored call keeps its labels (so changing who the reps are
    re-derives everything); this is applied when a report reads the calls. Otherwise ``call`` itself.
    """
    found = _header_rep(call)
    if found is None:
        return call
    label, silent = found
    return call.model_copy(
        update={
            "utterances": [
                u.model_copy(update={"speaker": silent.name}) if u.speaker == label else u
                for u in call.utterances
            ],
            # the speaker's participant takes the name and keeps how its role was decided (inferred, say)
            "participants": [
                p.model_copy(update={"name": silent.name}) if p.name == label else p
                for p in call.participants
                if p is not silent
            ],
        }
    )


def _fold(name: str) -> str:
    return " ".join(name.casefold().split())


def unify_rep_names(calls: Sequence[Transcript]) -> list[Transcript]:
    """The calls with rep names that differ only in case or spacing spelled one way.

    ``sales rep:`` in one file and ``Sales Rep:`` in the others are one rep in the reports (as in
    ``textops roles``), under the spelling most calls use (on a tie, the one met first).
    """
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for t in calls:
        for name in t.reps:
            spellings[_fold(name)][name] += 1
    chosen = {key: c.most_common(1)[0][0] for key, c in spellings.items() if len(c) > 1}
    if not chosen:
        return list(calls)
    out: list[Transcript] = []
    for t in calls:
        rename = {n: chosen[_fold(n)] for n in t.reps if chosen.get(_fold(n), n) != n}
        if not rename:
            out.append(t)
            continue
        utterances = [
            u.model_copy(update={"speaker": rename[u.speaker]})
            if u.role == "rep" and u.speaker in rename
            else u
            for u in t.utterances
        ]
        participants = [
            p.model_copy(update={"name": rename[p.name]}) if p.role == "rep" and p.name in rename else p
            for p in t.participants
        ]
        out.append(t.model_copy(update={"utterances": utterances, "participants": participants}))
    return out


def as_reported(calls: Iterable[Transcript]) -> list[Transcript]:
    """The calls as the reports read them: :func:`named_reps` on each, then :func:`unify_rep_names`."""
    return unify_rep_names([named_reps(t) for t in calls])


class RolesCheck(BaseModel):
    """How many calls of a report had their speakers' roles known, inferred from the call, or unknown."""

    calls: int = 0
    known: int = 0
    """Roles stated by the file, the user's mapping, a role-like label, an email domain or a company."""
    inferred: int = 0
    """At least one role inferred from what the speakers say (see ``low_confidence``)."""
    unknown: int = 0
    """Some speaker's role is unknown (or several people speak and none is a prospect, or none a rep): its
    turns are not analysed as prospect or rep speech."""
    one_speaker: int = 0
    """Calls (counted in ``known`` or ``inferred``) where one person speaks: a voicemail or a one-sided
    recording, with only rep or only prospect turns to analyse."""
    low_confidence: int = 0
    """Calls with an inferred role whose confidence is below 0.75."""
    unknown_calls: list[str] = Field(default_factory=list)
    """Call ids with unknown roles (the first 50)."""
    inferred_calls: list[str] = Field(default_factory=list)
    """Call ids with inferred roles (the first 50)."""
    warning: str | None = None
    """Set when roles are unknown in most calls (or in any): what happened and how to fix it."""
    summary: str = ""
    """One line for people: how many calls had roles known, inferred and unknown."""


def check_roles(calls: Sequence[Transcript]) -> RolesCheck:
    """The :class:`RolesCheck` of a set of calls."""
    out = RolesCheck(calls=len(calls))
    for t in calls:
        status = t.roles_status
        if status == "unknown":
            out.unknown += 1
            if len(out.unknown_calls) < MAX_LISTED:
                out.unknown_calls.append(t.call_id)
        elif status == "inferred":
            out.inferred += 1
            if len(out.inferred_calls) < MAX_LISTED:
                out.inferred_calls.append(t.call_id)
            if any(p.role_source == "inferred" and (p.role_confidence or 0) < 0.75 for p in t.participants):
                out.low_confidence += 1
        else:
            out.known += 1
        if status != "unknown" and len({_fold(u.speaker) for u in t.utterances}) == 1:
            out.one_speaker += 1
    one = f" ({out.one_speaker} with one speaker only, such as a voicemail)" if out.one_speaker else ""
    out.summary = (
        f"Speaker roles: {out.known} of {out.calls} calls known from the files, labels or your list{one}; "
        f"{out.inferred} inferred from what was said ({out.low_confidence} with low confidence); "
        f"{out.unknown} unknown (not analysed)."
    )
    if out.calls and out.unknown * 2 > out.calls:
        out.warning = (
            f"the speakers' roles are unknown in {out.unknown} of {out.calls} calls, so most prospect and "
            f"rep turns could not be told apart and this report is mostly empty; {FIX_HINT}"
        )
    elif out.unknown:
        out.warning = f"roles are unknown in {out.unknown} of {out.calls} calls (not analysed): {FIX_HINT}"
    return out


class SpeakerRoles(BaseModel):
    """One speaker label across a corpus: in how many calls it had each role, and why."""

    speaker: str
    calls: int
    turns: int
    roles: dict[str, int]
    """Calls per role (``rep``, ``prospect``, ``unknown``)."""
    sources: dict[str, int]
    """Calls per rule that decided the role (``explicit``, ``user``, ``label``, ``inferred``, …)."""
    confidence: float | None = None
    """Mean confidence of the inferred roles, where any were inferred."""
    reported_as: dict[str, int] = Field(default_factory=dict)
    """Calls per name the reports give this speaker instead of its label: the file's header rep, when this
    speaker is the call's one generically labelled rep (``# rep: Dana Ruiz`` over ``Speaker 1:``; see
    :func:`named_reps`)."""


class CallRoles(BaseModel):
    """The roles of a corpus: per speaker, and the calls' summary."""

    speakers: list[SpeakerRoles]
    check: RolesCheck
    changed: int | None = None
    """After a change: how many calls' roles changed."""


def _speaker_key(name: str) -> str:
    """A speaker label as the speakers list groups it: spaces collapsed, case folded."""
    return " ".join(name.split()).casefold()


def _speakers(calls: Iterable[Transcript]) -> list[SpeakerRoles]:
    shown: dict[str, str] = {}
    turns: Counter[str] = Counter()
    roles: dict[str, Counter[str]] = defaultdict(Counter)
    sources: dict[str, Counter[str]] = defaultdict(Counter)
    confidences: dict[str, list[float]] = defaultdict(list)
    reported: dict[str, Counter[str]] = defaultdict(Counter)
    n_calls: Counter[str] = Counter()
    for t in calls:
        by_key = {_speaker_key(p.name): p for p in t.participants}
        header = _header_rep(t)
        if header is not None:
            reported[_speaker_key(header[0])][header[1].name] += 1
        seen: dict[str, Role] = {}
        for u in t.utterances:
            key = _speaker_key(u.speaker)
            shown.setdefault(key, u.speaker)
            turns[key] += 1
            seen.setdefault(key, u.role)
        for key, role in seen.items():
            n_calls[key] += 1
            roles[key][role] += 1
            p = by_key.get(key)
            source = p.role_source if p is not None and p.role_source else "none"
            sources[key][source] += 1
            if p is not None and p.role_source == "inferred" and p.role_confidence is not None:
                confidences[key].append(p.role_confidence)
    out = [
        SpeakerRoles(
            speaker=shown[k],
            calls=n_calls[k],
            turns=turns[k],
            roles=dict(roles[k]),
            sources=dict(sources[k]),
            confidence=round(sum(confidences[k]) / len(confidences[k]), 3) if confidences[k] else None,
            reported_as=dict(reported[k]),
        )
        for k in shown
    ]
    return sorted(out, key=lambda s: (-s.calls, -s.turns, s.speaker.casefold()))


def corpus_speakers(store: Store, ws: int, corpus: int | str) -> CallRoles:
    """The speakers of a stored corpus with their roles, and the corpus's :class:`RolesCheck`."""
    calls = store.load_transcripts(ws, [corpus])
    return CallRoles(speakers=_speakers(calls), check=check_roles(calls))


def set_corpus_roles(
    store: Store,
    ws: int,
    corpus: int | str,
    *,
    reps: Sequence[str] = (),
    prospects: Sequence[str] = (),
    call_ids: Sequence[str] | None = None,
) -> CallRoles:
    """Re-derive the roles of a stored corpus's calls (all, or ``call_ids``) with the user's mapping.

    ``reps`` / ``prospects`` are speaker names or labels (``"Dana Ruiz"``, ``"Sales Rep"``; case and
    numbering ignored). The mapping replaces any earlier one of those calls; roles the files state are kept
    unless a speaker is named here. Reports already stored are not changed: run the analysis again.
    """
    changed = store.update_transcripts(
        ws,
        corpus,
        lambda t: rederive_roles(t, user_reps=reps, user_prospects=prospects),
        call_ids=call_ids,
    )
    result = corpus_speakers(store, ws, corpus)
    result.changed = changed
    return result
