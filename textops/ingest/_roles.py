"""Who is the rep and who is the prospect: the role rules of docs/formats.md."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from textops.errors import IngestError
from textops.settings import get_settings
from textops.types import Participant, Role, Transcript

__all__ = ["ROLE_SYNONYMS", "domains_of", "infer_roles", "parse_role"]

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
) -> Transcript:
    """Return a copy of ``transcript`` with a role on every utterance and participant.

    The first rule that applies wins (docs/formats.md, "How roles are decided"):

    1. a role already set on the utterance or the participant;
    2. the participant's email domain is a seller domain → ``rep``, another domain → ``prospect``;
    3. the participant's company is the seller company → ``rep``, another company → ``prospect``;
    4. the speaker is named in ``reps`` / ``prospects``;
    5. if some speakers are reps and none of the others is known, the others are ``prospect``;
    6. otherwise ``unknown``.

    Seller domains and company are those in the transcript's metadata (``seller_domain``,
    ``seller_company``, set from the file) together with the arguments; an argument left as ``None`` falls
    back to the ``TEXTOPS_SELLER_DOMAINS`` / ``TEXTOPS_SELLER_COMPANY`` settings. Every speaker ends up in
    ``participants``. Names are compared case-insensitively.
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
    rep_names = {_key(n) for n in reps}
    prospect_names = {_key(n) for n in prospects}

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

    roles: dict[str, Role] = {}
    for key, p in by_key.items():
        roles[key] = _rule_1_to_4(p, spoken.get(key), domains, companies, rep_names, prospect_names)
    if any(r == "rep" for r in roles.values()) and all(r in ("rep", "unknown") for r in roles.values()):
        roles = {k: ("prospect" if r == "unknown" else r) for k, r in roles.items()}  # rule 5

    for p in participants:
        p.role = roles[_key(p.name)] if p.role == "unknown" else p.role
    utterances = [
        u if u.role != "unknown" else u.model_copy(update={"role": roles[_key(u.speaker)]})
        for u in transcript.utterances
    ]
    return transcript.model_copy(update={"participants": participants, "utterances": utterances})


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _rule_1_to_4(
    p: Participant,
    spoken_role: Role | None,
    domains: set[str],
    companies: set[str],
    rep_names: set[str],
    prospect_names: set[str],
) -> Role:
    if p.role != "unknown":
        return p.role
    if spoken_role is not None:
        return spoken_role
    if domains and p.email and "@" in p.email:
        domain = p.email.rsplit("@", 1)[1].strip().lower().rstrip(".")
        if domain:
            return "rep" if any(domain == d or domain.endswith("." + d) for d in domains) else "prospect"
    if companies and p.company and p.company.strip():
        return "rep" if p.company.strip().casefold() in companies else "prospect"
    key = _key(p.name)
    if key in rep_names:
        return "rep"
    if key in prospect_names:
        return "prospect"
    return "unknown"
