"""Human words for the codes and enums shown to people: one mapping for the web UI and the report downloads.

The report downloads (:mod:`textops.reports`: HTML, Markdown) and the web UI's templates
(``{{ code | words("claim_kind") }}``, through :mod:`api.ui._words`) read this table, and the UI's script
gets the same table as JSON (``word("job_status", code)`` in ui.js). A code missing from its group is shown
with its underscores as spaces, never as the raw identifier. CSV downloads keep the codes: they are data.
"""

from __future__ import annotations

from typing import Final

__all__ = ["WORDS", "words"]

WORDS: Final[dict[str, dict[str, str]]] = {
    "job_status": {
        "queued": "waiting to start",
        "running": "running",
        "done": "finished",
        "failed": "failed",
        "interrupted": "interrupted (the server stopped)",
    },
    "job_kind": {"alignment": "Messaging alignment", "objections": "Objections"},
    "report_kind": {"alignment": "Messaging alignment", "objections": "Objections"},
    "health": {
        "srm": "traffic split off plan",
        "below_planned_sample": "below the planned sample",
        "under_one_week": "under one week",
        "few_conversions": "few conversions",
    },
    "reason": {
        "no_traffic": "no visitors yet",
        "no_conversions": "no conversions yet",
        "all_converted": "every visitor converted",
        "single_arm": "only one arm",
        "no_arms": "no arms",
        "too_few_calls": "too few decided calls",
    },
    "verdict": {"winner": "better", "loser": "worse", "inconclusive": "no clear difference yet"},
    "decision": {
        "ship": "ship",
        "keep_running": "keep running",
        "no_difference": "no detectable difference",
        "stop_data_problem": "stop: data problem",
    },
    "distortion": {
        "changed_number": "changed a number",
        "added_number": "added a number",
        "negation": "says the opposite",
        "stronger_claim": "claims more",
        "added_comparison": "adds a comparison",
        "unbacked_name": "names something the copy does not",
    },
    "claim_kind": {
        "guarantee": "guarantee",
        "number": "number",
        "comparison": "comparison with others",
        "capability": "capability",
    },
    "delivery": {"delivered": "delivered", "distorted": "distorted", "unbacked": "unbacked claim"},
    "document_kind": {"transcript": "call", "copy": "copy"},
    "outcome": {"won": "won", "lost": "lost", "open": "open"},
    "role": {"rep": "rep", "prospect": "prospect", "unknown": "unknown"},
    "role_source": {
        "explicit": "the file",
        "user": "you",
        "label": "its label",
        "domain": "email domain",
        "company": "company",
        "rest": "the other speakers",
        "inferred": "what was said",
        "none": "nothing",
    },
    "method": {
        "sequential": "sequential",
        "frequentist": "frequentist",
        "bayesian": "Bayesian",
    },
}
"""Group → code → words. Groups keep codes that mean different things apart (a job's ``done``)."""


def words(code: object, group: str | None = None) -> str:
    """The human words for ``code`` (in ``group``, else in any group); unknown codes lose underscores."""
    if code is None:
        return ""
    text = str(code)
    if group is not None:
        found = WORDS.get(group, {}).get(text)
        if found is not None:
            return found
    else:
        for table in WORDS.values():
            if text in table:
                return table[text]
    return text.replace("_", " ")
