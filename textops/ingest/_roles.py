"""Who is the rep and who is the prospect: the role rules of docs/formats.md."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from textops.errors import IngestError
from textops.settings import get_settings
from textops.types import Participant, Role, RoleSource, Transcript

from ._labels import label_key, role_from_label
from ._role_inference import infer_from_content, speaker_scores

__all__ = ["ROLE_SYNONYMS", "domains_of", "infer_roles", "parse_role", "rederive_roles"]

ROLE_SYNONYMS: dict[str, Role] = {
    "rep": "rep",
    "seller": "rep",
    "internal": "rep",
    "prospect": "prospect",
    "buyer": "prospect",
    "customer": "prospect",
    "external": "prospect",
    "unknown": "unknown",
}


def parse_role(value: object, *, file: str | None, path: str) -> Role:
    """Read a role or one of its synonyms (case-insensitive); raise :class:`IngestError` otherwise."""
    role = ROLE_SYNONYMS.get(value.strip().lower()) if isinstance(value, str) else None
    if role is None:
        raise IngestError(
            f"{path}: unknown role {value!r}",
            file=file,
            hint="use rep (or seller/internal), prospect (or buyer/customer/external) or unknown",
        )
    return role


def domains_of(value: str | Iterable[str] | None) -> set[str]:
    """Normalise seller domains: lower case, no ``@``, comma-separated strings split."""
    if value is None:
        return set()
    items = [value] if isinstance(value, str) else list(value)
    out: set[str] = set()
    for item in items:
        for part in item.split(","):
            domain = part.strip().lower().lstrip("@").rstrip(".")
            if domain:
                out.add(domain)
    return out


def infer_roles(
    transcript: Transcript,
    *,
    seller_domains: Sequence[str] | None = None,
    seller_company: str | None = None,
    reps: Iterable[str] = (),
    prospects: Iterable[str] = (),
    user_reps: Iterable[str] = (),
    user_prospects: Iterable[str] = (),
    from_content: bool = True,
) -> Transcript:
    """Return a copy of ``transcript`` with a role on every utterance and participant.

    The first rule that applies wins (docs/formats.md, "How roles are decided"):

    0. the user's mapping: the speaker is named in ``user_reps`` / ``user_prospects`` (``--rep``);
    1. a role already set on the utterance or the participant;
    2. the participant's email domain is a seller domain → ``rep``, another domain → ``prospect``;
    3. the participant's company is the seller company → ``rep``, another company → ``prospect``;
    4. the speaker is named in the file's header lists ``reps`` / ``prospects``;
    4b. a role-like speaker label (``Customer``, ``Sales Rep 2``, ``Agent (Mike)``: :mod:`._labels`);
    5. if some speakers are reps and none of the others is known, the others are ``prospect`` (and if
       some are prospects and exactly one other speaker is not known, that one is the ``rep``);
    6. inferred from what each speaker says (:mod:`._role_inference`), with a confidence, when
       ``from_content``;
    7. otherwise ``unknown``.

    Every participant records the rule in ``role_source`` (and ``role_confidence``). Seller domains and
    company are those in the transcript's metadata (``seller_domain``, ``seller_company``, set from the file)
    together with the arguments; an argument left as ``None`` falls back to the ``TEXTOPS_SELLER_DOMAINS`` /
    ``TEXTOPS_SELLER_COMPANY`` settings. Every speaker ends up in ``participants``. Names are compared
    case-insensitively; the user's names also match a label without its numbering (``Sales Rep`` matches
    ``Sales Rep 2``).
    """
    settings = get_settings()
    domains = domains_of(transcript.metadata.get("seller_domain"))
    domains |= domains_of(settings.seller_domains if seller_domains is None else seller_domains)
    companies = {
        c.strip().casefold()
        for c in (
            transcript.metadata.get("seller_company"),
            settings.seller_company if seller_company is None else seller_company,
        )
        if c and c.strip()
    }
    header = {**{_key(n): "prospect" for n in prospects}, **{_key(n): "rep" for n in reps}}
    user = _user_map(user_reps, user_prospects)

    participants = [p.model_copy() for p in transcript.participants]
    by_key: dict[str, Participant] = {}
    for p in participants:
        by_key.setdefault(_key(p.name), p)
    for u in transcript.utterances:
        if _key(u.speaker) not in by_key:
            new = Participant(name=u.speaker)
            participants.append(new)
            by_key[_key(u.speaker)] = new
    spoken: dict[str, Role] = {}
    for u in transcript.utterances:
        if u.role != "unknown":
            spoken.setdefault(_key(u.speaker), u.role)

    decided: dict[str, tuple[Role, RoleSource, float]] = {}
    for key, p in by_key.items():
        found = _rules(key, p, spoken.get(key), header, user, domains, companies)
        if found is not None:
            decided[key] = (found[0], found[1], 1.0)
    talking = {_key(u.speaker) for u in transcript.utterances}
    roles = {k: decided[k][0] if k in decided else "unknown" for k in by_key}
    known_reps = [k for k in talking if roles[k] == "rep"]
    known_prospects = [k for k in talking if roles[k] == "prospect"]
    open_keys = [k for k in by_key if roles[k] == "unknown"]
    if known_reps and all(r in ("rep", "unknown") for r in roles.values()):
        decided.update({k: ("prospect", "rest", 1.0) for k in open_keys})
    elif (
        known_prospects
        and not known_reps
        and [k for k in open_keys if k in talking]
        and (len([k for k in open_keys if k in talking]) == 1)
    ):
        [only] = [k for k in open_keys if k in talking]
        decided[only] = ("rep", "rest", 1.0)
    elif from_content and [k for k in open_keys if k in talking]:
        scores = speaker_scores(
            transcript.utterances, key=_key, seller_names=[*companies, *(d.split(".")[0] for d in domains)]
        )
        current = {k: (decided[k][0] if k in decided else "unknown") for k in scores}
        for k, (role, conf) in infer_from_content(scores, current).items():
            decided[k] = (role, "inferred", conf)

    for p in participants:
        key = _key(p.name)
        p.role, p.role_source, p.role_confidence = decided.get(key, ("unknown", None, None))
    final = {_key(p.name): p.role for p in participants}
    utterances = [
        u if u.role == final[_key(u.speaker)] else u.model_copy(update={"role": final[_key(u.speaker)]})
        for u in transcript.utterances
    ]
    return transcript.model_copy(update={"participants": participants, "utterances": utterances})


def rederive_roles(
    transcript: Transcript,
    *,
    user_reps: Iterable[str] = (),
    user_prospects: Iterable[str] = (),
    seller_domains: Sequence[str] | None = None,
    seller_company: str | None = None,
) -> Transcript:
    """Decide a stored transcript's roles again with a new user mapping (no re-upload needed).

    Roles the file stated (``role_source == "explicit"``) are kept unless the user names that speaker;
    every other role is forgotten and decided again by :func:`infer_roles`.
    """
    user = _user_map(user_reps, user_prospects)
    keep = {
        _key(p.name): p.role
        for p in transcript.participants
        if p.role_source == "explicit" and _user_role(user, _key(p.name)) is None
    }
    participants = [
        p.model_copy(update={"role": "unknown", "role_source": None, "role_confidence": None})
        if _key(p.name) not in keep
        else p.model_copy()
        for p in transcript.participants
    ]
    utterances = [
        u.model_copy(update={"role": keep.get(_key(u.speaker), "unknown")}) for u in transcript.utterances
    ]
    reset = transcript.model_copy(update={"participants": participants, "utterances": utterances})
    return infer_roles(
        reset,
        seller_domains=seller_domains,
        seller_company=seller_company,
        user_reps=user_reps,
        user_prospects=user_prospects,
    )


def _user_map(reps: Iterable[str], prospects: Iterable[str]) -> dict[str, Role]:
    out: dict[str, Role] = {}
    for names, role in ((prospects, "prospect"), (reps, "rep")):
        for n in names:
            if n and n.strip():
                out[_key(n)] = role  # type: ignore[assignment]
                if label_key(n) == _key(n):  # "Sales Rep" also matches "Sales Rep 2"; "Speaker 2" only itself
                    out.setdefault("label:" + label_key(n), role)  # type: ignore[arg-type]
    return out


def _user_role(user: dict[str, Role], key: str) -> Role | None:
    return user.get(key) or user.get("label:" + label_key(key))


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _rules(
    key: str,
    p: Participant,
    spoken_role: Role | None,
    header: dict[str, str],
    user: dict[str, Role],
    domains: set[str],
    companies: set[str],
) -> tuple[Role, RoleSource] | None:
    mine = _user_role(user, key)
    if mine is not None:
        return mine, "user"
    if p.role != "unknown":
        return p.role, p.role_source or "explicit"
    if spoken_role is not None:
        return spoken_role, "explicit"
    if domains and p.email and "@" in p.email:
        domain = p.email.rsplit("@", 1)[1].strip().lower().rstrip(".")
        if domain:
            in_seller = any(domain == d or domain.endswith("." + d) for d in domains)
            return ("rep" if in_seller else "prospect"), "domain"
    if companies and p.company and p.company.strip():
        return ("rep" if p.company.strip().casefold() in companies else "prospect"), "company"
    if key in header:
        return header[key], "explicit"  # type: ignore[return-value]
    by_label = role_from_label(p.name)
    if by_label != "unknown":
        return by_label, "label"
    return None
