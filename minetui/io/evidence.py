"""The evidence store's file side: photos, routes and documents copied beside the database, named by SHA-256.

A file is stored as `<evidence dir>/ab/abcdef….jpg` (the first two hex digits as a folder, the suffix kept,
lower-cased). It is copied and hashed in one pass, in chunks, into a temporary name in the target folder and
then renamed into place, so a half-copied file never carries a hash name. The same content twice is stored
once (whatever its name or suffix). An `EvidenceBatch` remembers which files it created, so that a save whose
database transaction fails can remove again the files that no row references.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from minetui.errors import ServiceError
from minetui.i18n import _

CHUNK_BYTES = 1 << 20
_SUFFIX = re.compile(r"^\.[a-z0-9]{1,10}$")
_HEX64 = re.compile(r"^[0-9a-f]{64}$")


class EvidenceFileError(ServiceError):
    """An evidence file is missing or cannot be read or stored; the message names the file."""


@dataclass(frozen=True, slots=True)
class StoredFile:
    """A file in the store: its hash, size, kept suffix, the name it was given, and whether this copy created it."""

    sha256: str
    size: int
    suffix: str
    original_name: str
    path: Path
    created: bool


def clean_suffix(name: str) -> str:
    """The suffix kept in the store: lower-case, `.` + 1–10 letters/digits; anything else is dropped."""
    suffix = Path(name).suffix.lower()
    return suffix if _SUFFIX.match(suffix) else ""


def stored_path(directory: Path, sha256: str, suffix: str = "") -> Path:
    """Where a file with this hash and suffix lives: `directory/ab/abcdef….jpg`."""
    if not _HEX64.match(sha256):
        raise ValueError(f"not a SHA-256 hex digest: {sha256!r}")
    return directory / sha256[:2] / f"{sha256}{suffix}"


def find_stored(directory: Path, sha256: str) -> Path | None:
    """The stored file with this hash (any suffix), or None."""
    folder = stored_path(directory, sha256).parent
    if not folder.is_dir():
        return None
    for entry in folder.iterdir():
        if entry.name == sha256 or (entry.name.startswith(sha256 + ".") and entry.is_file()):
            return entry
    return None


def sha256_of(path: Path) -> tuple[str, int]:
    """(hex digest, size) of a file, read in chunks; EvidenceFileError naming the file if it cannot be read."""
    digest, size = hashlib.sha256(), 0
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(CHUNK_BYTES):
                digest.update(chunk)
                size += len(chunk)
    except OSError as exc:
        raise _unreadable(path, exc) from exc
    return digest.hexdigest(), size


def check_readable(path: Path) -> str | None:
    """None when `path` is a readable file, else the reason (for import errors that name row and column)."""
    if not path.exists():
        return _("file not found")
    if not path.is_file():
        return _("not a file")
    if not os.access(path, os.R_OK):
        return _("not readable")
    return None


def _unreadable(path: Path, exc: OSError) -> EvidenceFileError:
    if isinstance(exc, FileNotFoundError):
        reason = _("file not found")
    elif isinstance(exc, IsADirectoryError):
        reason = _("not a file")
    else:
        reason = exc.strerror or str(exc)
    return EvidenceFileError(_("Evidence file {file} cannot be read: {reason}").format(file=str(path), reason=reason))


def store_file(directory: Path, source: Path) -> StoredFile:
    """Copy `source` into the store (hashing while copying); an existing copy of the same content is reused."""
    directory.mkdir(parents=True, exist_ok=True)
    temporary = directory / f".incoming-{os.getpid()}-{os.urandom(6).hex()}.part"
    try:
        sha256, size = _copy_hashing(source, temporary)
        existing = find_stored(directory, sha256)
        if existing is not None:
            return StoredFile(sha256, size, existing.name[64:], source.name, existing, created=False)
        target = stored_path(directory, sha256, clean_suffix(source.name))
        target.parent.mkdir(exist_ok=True)
        os.replace(temporary, target)
        return StoredFile(sha256, size, target.suffix, source.name, target, created=True)
    finally:
        temporary.unlink(missing_ok=True)


def _copy_hashing(source: Path, target: Path) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with open(target, "wb") as writer:
        try:
            with open(source, "rb") as reader:
                while chunk := reader.read(CHUNK_BYTES):
                    digest.update(chunk)
                    size += len(chunk)
                    writer.write(chunk)
        except OSError as exc:
            raise _unreadable(source, exc) from exc
        writer.flush()
        os.fsync(writer.fileno())
    return digest.hexdigest(), size


@dataclass(slots=True)
class EvidenceBatch:
    """Files stored for one save; `discard_unreferenced` undoes the copies a failed save left behind."""

    directory: Path
    stored: list[StoredFile] = field(default_factory=list)
    _seen: dict[tuple[str, int, int], StoredFile] = field(default_factory=dict)

    def add(self, source: Path) -> StoredFile:
        """Store `source`; the same unchanged file added again in this batch is not copied again (an import whose
        rows share a route file copies it once)."""
        try:
            info = Path(source).stat()
            key: tuple[str, int, int] | None = (str(Path(source).resolve()), info.st_size, info.st_mtime_ns)
        except OSError:
            key = None  # store_file reports the unreadable file
        if key is not None and key in self._seen:
            return self._seen[key]
        stored = store_file(self.directory, source)
        self.stored.append(stored)
        if key is not None:
            self._seen[key] = stored
        return stored

    def discard_unreferenced(self, is_referenced: Callable[[str], bool]) -> list[Path]:
        """Remove the files this batch created that no database row references; returns the removed paths."""
        removed: list[Path] = []
        for stored in self.stored:
            if stored.created and not is_referenced(stored.sha256) and stored.path.exists():
                stored.path.unlink()
                removed.append(stored.path)
        return removed
