"""The JSON call export (one call, a list, or ``{"calls": [...]}``) and ``.meta.json`` sidecars."""

from __future__ import annotations

import json
from typing import Any

from textops.errors import IngestError
from textops.types import Participant, Transcript, Utterance

from ._calls import CallMeta, CallOrigin, build_transcript, parse_outcome, parse_started_at
from ._roles import parse_role
from ._timestamps import TIMESTAMP_HINT, parse_timestamp

__all__ = ["load_json", "read_json_calls", "read_sidecar"]

_SHAPE_HINT = (
    'a call export is one call object, a list of them, or {"calls": [...]}; '
    "each call needs call_id and utterances, each utterance speaker and text (see docs/formats.md)"
)


def load_json(text: str, file: str) -> Any:
    """``json.loads`` with errors that name the line and column."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise IngestError(
            f"malformed JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})",
            file=file,
            line=exc.lineno,
            hint="check for a missing comma, quote or bracket near that position",
        ) from None
    except RecursionError:
        raise IngestError("malformed JSON: nested too deeply", file=file, hint=_SHAPE_HINT) from None
    except ValueError as exc:  # e.g. a number with more digits than Python converts (4,300)
        raise IngestError(
            f"unreadable JSON: {exc}".split("; use sys.")[0],
            file=file,
            hint="numbers in a call export are times in seconds: write them with at most a few digits",
        ) from None


def read_json_calls(
    text: str,
    file: str,
    *,
    origin: CallOrigin,
) -> list[Transcript]:
    """Read every call of a JSON call export."""
    data = load_json(text, file)
    if isinstance(data, dict) and "pillars" in data and "utterances" not in data and "calls" not in data:
        raise IngestError(
            "this is a messaging framework (campaign pillars), not calls: it is not stored in a corpus",
            file=file,
            hint="give it to the messaging-alignment analysis instead: the web UI's Messaging alignment "
            "page, `textops align --pillars FILE`, or the `framework` field of POST /v1/alignment",
        )
    if isinstance(data, dict) and "calls" in data and "utterances" not in data:
        items, prefix = data["calls"], "calls"
        if not isinstance(items, list):
            raise IngestError(f"calls: expected a list, got {_kind(items)}", file=file, hint=_SHAPE_HINT)
        paths = [f"calls[{i}]" for i in range(len(items))]
    elif isinstance(data, list):
        items, prefix = data, ""
        paths = [f"[{i}]" for i in range(len(items))]
    elif isinstance(data, dict):
        items, prefix, paths = [data], "", [""]
    else:
        raise IngestError(f"expected a call object, got {_kind(data)}", file=file, hint=_SHAPE_HINT)
    if not items:
        raise IngestError(f"{prefix or 'the list'}: no calls", file=file, hint=_SHAPE_HINT)
    out: list[Transcript] = []
    for item, path in zip(items, paths, strict=True):
        meta = _call_meta(item, file, path, require_utterances=True)
        utterances = _utterances(item, file, path)
        out.append(build_transcript(meta, utterances, file=file, origin=origin))
    return out


def read_sidecar(text: str, file: str) -> CallMeta:
    """Read a ``<name>.meta.json`` sidecar: the call shape without ``utterances`` (which are ignored)."""
    return _call_meta(load_json(text, file), file, "", require_utterances=False)


def _join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def _kind(value: object) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "true/false", type(None): "null"}
    return names.get(type(value), "a number")


def _err(path: str, message: str, file: str) -> IngestError:
    return IngestError(f"{path}: {message}" if path else message, file=file, hint=_SHAPE_HINT)


def _opt_str(obj: dict[str, Any], key: str, file: str, path: str) -> str | None:
    value = obj.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise _err(_join(path, key), f"expected a string, got {_kind(value)}", file)
    text = str(value).strip()
    return text or None


def _call_meta(item: object, file: str, path: str, *, require_utterances: bool) -> CallMeta:
    if not isinstance(item, dict):
        raise _err(path, f"expected a call object, got {_kind(item)}", file)
    if require_utterances and "call_id" not in item:
        raise _err(_join(path, "call_id"), "missing (every call needs a call_id)", file)
    if require_utterances and "utterances" not in item:
        raise _err(_join(path, "utterances"), "missing (every call needs its utterances)", file)
    meta = CallMeta(
        call_id=_opt_str(item, "call_id", file, path),
        title=_opt_str(item, "title", file, path),
        segment=_opt_str(item, "segment", file, path),
        stage=_opt_str(item, "stage", file, path),
        seller_company=_opt_str(item, "seller_company", file, path),
    )
    if require_utterances and meta.call_id is None:
        raise _err(_join(path, "call_id"), "is empty", file)
    if item.get("started_at") is not None:
        meta.started_at = parse_started_at(item["started_at"], file=file, path=_join(path, "started_at"))
    if item.get("outcome") is not None:
        meta.outcome = parse_outcome(item["outcome"], file=file, path=_join(path, "outcome"))
    domains = item.get("seller_domain", item.get("seller_domains"))
    if isinstance(domains, list) and all(isinstance(d, str) for d in domains):
        meta.seller_domains = [d.strip() for d in domains if d.strip()]
    elif domains is not None:
        one = _opt_str({"seller_domain": domains}, "seller_domain", file, path)
        meta.seller_domains = [one] if one else []
    meta.participants = _participants(item.get("participants"), file, _join(path, "participants"))
    raw_meta = item.get("metadata")
    if raw_meta is not None:
        if not isinstance(raw_meta, dict):
            raise _err(_join(path, "metadata"), f"expected an object, got {_kind(raw_meta)}", file)
        meta.metadata = {
            str(k): v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)
            for k, v in raw_meta.items()
        }
    return meta


def _participants(value: object, file: str, path: str) -> list[Participant]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise _err(path, f"expected a list, got {_kind(value)}", file)
    out: list[Participant] = []
    for i, raw in enumerate(value):
        here = _join(path, i)
        if not isinstance(raw, dict):
            raise _err(here, f"expected an object, got {_kind(raw)}", file)
        name = _opt_str(raw, "name", file, here)
        if name is None:
            raise _err(_join(here, "name"), "missing (every participant needs a name)", file)
        role = parse_role(raw["role"], file=file, path=_join(here, "role")) if raw.get("role") else "unknown"
        out.append(
            Participant(
                name=name,
                role=role,
                email=_opt_str(raw, "email", file, here),
                company=_opt_str(raw, "company", file, here),
                title=_opt_str(raw, "title", file, here),
            )
        )
    return out


def _utterances(item: dict[str, Any], file: str, path: str) -> list[Utterance]:
    here = _join(path, "utterances")
    raw_list = item["utterances"]
    if not isinstance(raw_list, list):
        raise _err(here, f"expected a list, got {_kind(raw_list)}", file)
    if not raw_list:
        raise _err(here, "is empty (a call needs at least one utterance)", file)
    out: list[Utterance] = []
    for i, raw in enumerate(raw_list):
        at = _join(here, i)
        if not isinstance(raw, dict):
            raise _err(at, f"expected an object, got {_kind(raw)}", file)
        for key in ("speaker", "text"):
            if key not in raw:
                raise _err(_join(at, key), f"missing (every utterance needs {key})", file)
            if not isinstance(raw[key], str):
                raise _err(_join(at, key), f"expected a string, got {_kind(raw[key])}", file)
        if not raw["speaker"].strip():
            raise _err(_join(at, "speaker"), "is empty", file)
        role = parse_role(raw["role"], file=file, path=_join(at, "role")) if raw.get("role") else "unknown"
        out.append(
            Utterance(
                speaker=raw["speaker"],
                text=raw["text"],
                role=role,
                start=_time(raw, "start", file, at),
                end=_time(raw, "end", file, at),
            )
        )
    return out


def _time(raw: dict[str, Any], key: str, file: str, path: str) -> float | None:
    value = raw.get(key)
    if value is None:
        return None
    try:
        return parse_timestamp(value, file=file)
    except IngestError as exc:
        raise IngestError(f"{_join(path, key)}: {exc.reason}", file=file, hint=TIMESTAMP_HINT) from None
