"""Reading many files: which files a set of paths names (:func:`find_files`), and :func:`read_paths`."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from textops.errors import IngestError
from textops.types import CopyDocument, Document, Transcript

from ._reader import SIDECAR_SUFFIX, SUPPORTED_EXTENSIONS, Kind, read_file, unsupported_type_error

__all__ = ["FoundFiles", "IngestReport", "find_files", "read_paths"]


@dataclass
class IngestReport:
    """What :func:`read_paths` read: documents with their file, the errors, and counts."""

    documents: list[tuple[Path, Document]] = field(default_factory=list)
    errors: list[IngestError] = field(default_factory=list)
    files_read: int = 0
    """Files that were read, whether they gave documents or an error."""
    files_skipped: int = 0
    """Files in folders skipped for an unsupported extension (hidden files and sidecars are not counted)."""

    @property
    def transcripts(self) -> list[Transcript]:
        """The transcripts read, in order."""
        return [d for _, d in self.documents if isinstance(d, Transcript)]

    @property
    def copy_documents(self) -> list[CopyDocument]:
        """The copy documents read, in order."""
        return [d for _, d in self.documents if isinstance(d, CopyDocument)]


def _is_sidecar(path: Path) -> bool:
    return path.name.lower().endswith(SIDECAR_SUFFIX)


def _hidden(name: str) -> bool:
    return name.startswith(".")


@dataclass
class FoundFiles:
    """What :func:`find_files` found: the files to read, in order, and the named paths it cannot read."""

    files: list[Path] = field(default_factory=list)
    errors: list[IngestError] = field(default_factory=list)
    skipped_files: list[Path] = field(default_factory=list)
    """Files in folders skipped for an unsupported extension, in walk order (hidden files and sidecars are
    left out silently: they are not listed)."""

    @property
    def skipped(self) -> int:
        """How many files in folders were skipped for an unsupported extension."""
        return len(self.skipped_files)


def find_files(paths: Iterable[Path], *, recursive: bool = True) -> FoundFiles:
    """The files to read under ``paths``, in a deterministic order, each once.

    Folders are walked in sorted order (a folder's files, then its sub-folders when ``recursive``),
    skipping hidden files and folders, ``*.meta.json`` sidecars (read with their transcript) and
    unsupported extensions (listed in ``skipped_files``). A named file that does not exist or has an
    unsupported extension is an error; a named sidecar is skipped.
    """
    found = FoundFiles()
    seen: set[Path] = set()

    def add(path: Path) -> None:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            found.files.append(path)

    for given in paths:
        path = Path(given)
        if path.is_dir():
            for root, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not _hidden(d)) if recursive else []
                for name in sorted(names):
                    child = Path(root) / name
                    if _hidden(name) or _is_sidecar(child):
                        continue
                    if child.suffix.lower() in SUPPORTED_EXTENSIONS:
                        add(child)
                    else:
                        found.skipped_files.append(child)
        elif not path.exists():
            found.errors.append(
                IngestError("no such file or folder", file=str(path), hint="check the path and try again")
            )
        elif _is_sidecar(path):
            continue  # read together with its transcript
        elif path.suffix.lower() not in SUPPORTED_EXTENSIONS:
            found.errors.append(unsupported_type_error(str(path)))
        else:
            add(path)
    return found


def read_paths(
    paths: Iterable[Path],
    *,
    recursive: bool = True,
    kind: Kind = "auto",
    seller_domains: Sequence[str] | None = None,
    seller_company: str | None = None,
    on_progress: Callable[[int, int, Path], None] | None = None,
) -> IngestReport:
    """Read files and folders; a file that cannot be read is reported in ``errors`` and the rest go on.

    The files are those of :func:`find_files` (its errors go to ``errors``, its skipped files to
    ``files_skipped``). ``on_progress(done, total, path)`` is called after each file.
    """
    report = IngestReport()
    if isinstance(paths, str | Path):
        paths = [Path(paths)]  # one path given on its own, not an iterable of paths
    found = find_files(paths, recursive=recursive)
    report.errors.extend(found.errors)
    report.files_skipped = found.skipped
    files = found.files
    for done, path in enumerate(files, start=1):
        report.files_read += 1
        try:
            docs = read_file(path, kind=kind, seller_domains=seller_domains, seller_company=seller_company)
        except IngestError as exc:
            report.errors.append(exc)
        else:
            report.documents.extend((path, doc) for doc in docs)
        if on_progress is not None:
            on_progress(done, len(files), path)
    return report
