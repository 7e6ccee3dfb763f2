"""The audit trail: append-only, hash-chained rows of who changed what, with before and after.

hash = sha256(prev_hash | seq | at | actor | action | entity | entity_id | before | after), hex.
The first row's prev_hash is GENESIS. Triggers in schema.sql refuse UPDATE and DELETE.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple

from minetui.store.db import now_utc

GENESIS = "0" * 64


# One encoder for every row (json.dumps with options builds a new one per call: a third of a batch's time).
_CANONICAL = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def canonical_json(value: Any) -> str | None:
    """Stable JSON for hashing: sorted keys, no spaces, UTF-8 kept readable. None stays None."""
    if value is None:
        return None
    return _CANONICAL.encode(value)


def row_hash(prev_hash: str, seq: int, at: str, actor: str, action: str, entity: str, entity_id: str,
             before: str | None, after: str | None) -> str:
    parts = [prev_hash, str(seq), at, actor, action, entity, entity_id, before or "", after or ""]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class AuditHead:
    seq: int
    hash: str


def head(conn: sqlite3.Connection) -> AuditHead:
    row = conn.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    return AuditHead(0, GENESIS) if row is None else AuditHead(row["seq"], row["hash"])


def append(conn: sqlite3.Connection, *, actor: str, action: str, entity: str, entity_id: str | int,
           before: Any = None, after: Any = None) -> AuditHead:
    """Append one audit row inside the caller's write transaction."""
    previous = head(conn)
    seq = previous.seq + 1
    at = now_utc()
    before_json, after_json = canonical_json(before), canonical_json(after)
    digest = row_hash(previous.hash, seq, at, actor, action, entity, str(entity_id), before_json, after_json)
    conn.execute(
        "INSERT INTO audit (seq, at, actor, action, entity, entity_id, before, after, prev_hash, hash)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (seq, at, actor, action, entity, str(entity_id), before_json, after_json, previous.hash, digest),
    )
    return AuditHead(seq, digest)


class Entry(NamedTuple):
    """One audit row to append in a batch (the actor is the batch's). A NamedTuple: a batch builds 20,000."""

    action: str
    entity: str
    entity_id: str | int
    before: Any = None
    after: Any = None


def append_many(conn: sqlite3.Connection, *, actor: str, entries: Iterable[Entry]) -> AuditHead:
    """Append many audit rows inside the caller's write transaction, chained exactly as `append` chains them
    (each row's hash over the previous row's), computed here and written with one executemany."""
    previous = head(conn)
    seq, prev_hash, at = previous.seq, previous.hash, now_utc()
    rows = []
    for entry in entries:
        seq += 1
        entity_id = str(entry.entity_id)
        before_json, after_json = canonical_json(entry.before), canonical_json(entry.after)
        digest = row_hash(prev_hash, seq, at, actor, entry.action, entry.entity, entity_id, before_json, after_json)
        rows.append((seq, at, actor, entry.action, entry.entity, entity_id, before_json, after_json, prev_hash,
                     digest))
        prev_hash = digest
    conn.executemany(
        "INSERT INTO audit (seq, at, actor, action, entity, entity_id, before, after, prev_hash, hash)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    return AuditHead(seq, prev_hash)


def first_broken_row(conn: sqlite3.Connection) -> int | None:
    """Re-compute the chain; the seq of the first row whose hash or link is wrong, else None."""
    expected_prev = GENESIS
    expected_seq = 1
    for row in conn.execute("SELECT * FROM audit ORDER BY seq"):
        if row["seq"] != expected_seq or row["prev_hash"] != expected_prev:
            return row["seq"]
        digest = row_hash(row["prev_hash"], row["seq"], row["at"], row["actor"], row["action"], row["entity"],
                          row["entity_id"], row["before"], row["after"])
        if digest != row["hash"]:
            return row["seq"]
        expected_prev, expected_seq = row["hash"], row["seq"] + 1
    return None


def history(conn: sqlite3.Connection, entity: str, entity_id: str | int, limit: int = 200) -> list[sqlite3.Row]:
    return conn.execute(
        "SELECT * FROM audit WHERE entity = ? AND entity_id = ? ORDER BY seq DESC LIMIT ?",
        (entity, str(entity_id), limit),
    ).fetchall()


def count(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM audit").fetchone()[0])


def hash_at(conn: sqlite3.Connection, seq: int) -> str | None:
    row = conn.execute("SELECT hash FROM audit WHERE seq = ?", (seq,)).fetchone()
    return None if row is None else str(row[0])


def log(conn: sqlite3.Connection, *, entity: str | None = None, actor: str | None = None,
        limit: int = 1000) -> list[sqlite3.Row]:
    """Newest first, optionally one entity kind (or 'kind:id') and/or one actor."""
    where, params = [], []
    if entity:
        kind, _, key = entity.partition(":")
        where.append("entity = ?")
        params.append(kind)
        if key:
            where.append("entity_id = ?")
            params.append(key)
    if actor:
        where.append("actor = ?")
        params.append(actor)
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    return conn.execute(f"SELECT * FROM audit {clause} ORDER BY seq DESC LIMIT ?", [*params, limit]).fetchall()
