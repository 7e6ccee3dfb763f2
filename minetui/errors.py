"""The error types every layer may raise, and what the faces make of them (the CLI: exit code 2 and one line).

No layer below the services needs to import the services for these: io/ raises ServiceError for a bad file,
store/ raises DatabaseBusy and DatabaseTooNew.
"""

from __future__ import annotations


class ServiceError(Exception):
    """A refused operation, with a message for the user (CLI exit code 2)."""


class StaleRecord(ServiceError):
    """The record changed since it was read: the save is refused rather than overwriting another clerk."""

    def __init__(self, entity: str, key: str, expected: int, found: int | None) -> None:
        self.entity, self.key, self.expected, self.found = entity, key, expected, found
        super().__init__(f"{entity} {key} was changed by someone else (version {expected} → {found}); reload it")


class DatabaseBusy(RuntimeError):
    """Another process held the write lock for longer than the busy timeout."""


class DatabaseTooNew(RuntimeError):
    """The file was written by a newer minetui; refusing to touch it."""
