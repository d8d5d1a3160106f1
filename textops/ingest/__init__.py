"""Readers that turn transcript and copy files into typed documents (see docs/formats.md).

Transcripts: ``.vtt`` (WebVTT), ``.srt`` (SubRip), ``.json`` (call export), ``.txt`` (``Name: text`` lines).
Copy: ``.md``/``.markdown``, ``.html``/``.htm``, ``.txt`` (plain text) and ``.csv`` (ads).
Every failure is a :class:`~textops.errors.IngestError` that names the file and, where it helps, the line.
"""

from __future__ import annotations

from ._batch import FoundFiles, IngestReport, find_files, read_paths
from ._decode import FileTooLargeError
from ._labels import PROSPECT_LABELS, REP_LABELS, label_key, role_from_label
from ._pillars import MessagingFramework, Pillar, load_pillars
from ._reader import SUPPORTED_EXTENSIONS, Kind, read_bytes, read_file, unsupported_type_error
from ._roles import infer_roles, rederive_roles
from ._timestamps import parse_timestamp

__all__ = [
    "PROSPECT_LABELS",
    "REP_LABELS",
    "SUPPORTED_EXTENSIONS",
    "FileTooLargeError",
    "FoundFiles",
    "IngestReport",
    "Kind",
    "MessagingFramework",
    "Pillar",
    "find_files",
    "infer_roles",
    "label_key",
    "load_pillars",
    "parse_timestamp",
    "read_bytes",
    "read_file",
    "read_paths",
    "rederive_roles",
    "role_from_label",
    "unsupported_type_error",
]
