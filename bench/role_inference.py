"""How often textops gets the speakers' roles right when the file does not say them.

Each set is read as a user has it, then everything that states a role is removed — ``# rep:`` /
``# prospect:`` header lines, ``role`` fields, emails, companies, seller domains — so only the speaker
labels and what each speaker says remain; textops then decides the roles (label lexicon, then inference
from the call's content) and each call counts as correct when every speaker's role equals the truth.

Sets:
- ``demo``: the synthetic demo corpus (names as labels). The inference cues were checked on it: a
  development figure, not a quality claim.
- ``heldout``: ``corpora/objections/heldout/`` (named speakers, roles from its headers / JSON): held out.
- ``registers``: ``corpora/objections/heldout-registers/`` (header-less ``.txt`` with generic labels,
  ``Speaker N`` and names; truth in ``roles.jsonl``): held out.

Usage: python bench/role_inference.py [--set demo|heldout|registers ...] [--verbose]
"""

from __future__ import annotations

import argparse
import json
from collections import Counter

from _common import ROOT

from textops.ingest import infer_roles, read_paths
from textops.settings import override_settings
from textops.types import Participant, Transcript

SETS = {
    "demo": ROOT / "corpora" / "demo" / "calls",
    "heldout": ROOT / "corpora" / "objections" / "heldout" / "calls",
    "registers": ROOT / "corpora" / "objections" / "heldout-registers" / "calls",
}


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


def truth_of(t: Transcript) -> dict[str, str]:
    """The roles the file states (read normally)."""
    return {_key(u.speaker): u.role for u in t.utterances}


def stripped(t: Transcript) -> Transcript:
    """The call without anything that states a role: labels and words only."""
    meta = {k: v for k, v in t.metadata.items() if k not in ("seller_domain", "seller_company")}
    return t.model_copy(
        update={
            "participants": [Participant(name=p.name) for p in t.participants],
            "utterances": [u.model_copy(update={"role": "unknown"}) for u in t.utterances],
            "metadata": meta,
        }
    )


def evaluate(name: str, verbose: bool) -> tuple[int, int, Counter[str]]:
    folder = SETS[name]
    if not folder.is_dir():
        print(f"{name}: {folder} not found, skipped")
        return 0, 0, Counter()
    with override_settings(seller_domains=[], seller_company=None):
        calls = read_paths([folder], kind="transcript").transcripts
        truth: dict[str, dict[str, str]] = {}
        roles_file = folder.parent / "roles.jsonl"
        if name == "registers" and roles_file.is_file():
            for line in roles_file.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    row = json.loads(line)
                    truth[row["call_id"]] = {
                        **{_key(n): "prospect" for n in row["prospects"]},
                        **{_key(n): "rep" for n in row["reps"]},
                    }
        else:
            truth = {t.call_id: truth_of(t) for t in calls}
        ok = 0
        how: Counter[str] = Counter()
        for t in calls:
            got = infer_roles(stripped(t), seller_domains=[], seller_company=None)
            guess = {_key(u.speaker): u.role for u in got.utterances}
            gold = truth.get(t.call_id, {})
            right = bool(gold) and all(guess.get(k) == r for k, r in gold.items())
            ok += right
            how[got.roles_status] += 1
            if verbose and not right:
                print(f"  {t.call_id}: got {guess} want {gold}")
    return ok, len(calls), how


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--set", action="append", choices=sorted(SETS), help="default: all three")
    ap.add_argument("--verbose", action="store_true", help="list the calls it gets wrong")
    args = ap.parse_args()
    print("set        calls  correct  accuracy  status (known/inferred/unknown)")
    for name in args.set or ["demo", "heldout", "registers"]:
        ok, n, how = evaluate(name, args.verbose)
        if n:
            status = f"{how['known']}/{how['inferred']}/{how['unknown']}"
            print(f"{name:<10} {n:>5}  {ok:>7}  {ok / n:>8.1%}  {status}")


if __name__ == "__main__":
    main()
