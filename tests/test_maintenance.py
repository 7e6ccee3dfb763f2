"""Backups, verified restores and the audit chain — on real files."""

from __future__ import annotations

from pathlib import Path

import pytest

from minetui.errors import ServiceError
from minetui.services.core.maintenance import backup, restore, verify_audit, verify_backup
from minetui.store import audit, db
from tests.factories import add_mine, add_office


def _audit_some(ctx, n: int = 3) -> None:
    with db.write(ctx.conn):
        for i in range(n):
            audit.append(ctx.conn, actor="tester", action="update", entity="mine", entity_id=i,
                         before={"name": f"旧{i}"}, after={"name": f"新{i}"})


def test_backup_then_restore_round_trip(ctx, tmp_path: Path) -> None:
    add_office(ctx)
    add_mine(ctx, "C1400002010121120000001", "甲煤矿")
    copy = backup(ctx, tmp_path / "copy.db")
    assert (tmp_path / "copy.db.sha256").read_text().split()[1] == "copy.db"
    add_mine(ctx, "C1400002010121120000002", "乙煤矿")  # a change made after the backup
    ctx.close()
    restore(copy, ctx.db_path)
    conn = db.connect(ctx.db_path)
    assert [r[0] for r in conn.execute("SELECT name FROM mines")] == ["甲煤矿"]
    assert (ctx.db_path.parent / "minetui.db.before-restore").exists()
    conn.close()


def test_restore_refuses_a_changed_copy(ctx, tmp_path: Path) -> None:
    copy = backup(ctx, tmp_path / "copy.db")
    with open(copy, "r+b") as handle:
        handle.seek(200)
        handle.write(b"\xff\xff")
    with pytest.raises(ServiceError, match="does not match"):
        verify_backup(copy)


def test_restore_refuses_a_corrupt_file_even_with_matching_hash(ctx, tmp_path: Path) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100 + b"garbage" * 100)
    from minetui.services.core.maintenance import hash_file_for, sha256_of

    hash_file_for(bad).write_text(f"{sha256_of(bad)}  bad.db\n")
    with pytest.raises(ServiceError):
        restore(bad, ctx.db_path)
    assert db.connect(ctx.db_path).execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_restore_refuses_without_hash_file(ctx, tmp_path: Path) -> None:
    copy = backup(ctx, tmp_path / "copy.db")
    (tmp_path / "copy.db.sha256").unlink()
    with pytest.raises(ServiceError, match="hash file"):
        restore(copy, ctx.db_path)


def test_audit_rows_cannot_be_updated_or_deleted(ctx) -> None:
    _audit_some(ctx)
    import sqlite3

    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        ctx.conn.execute("UPDATE audit SET actor = 'mallory' WHERE seq = 2")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        ctx.conn.execute("DELETE FROM audit WHERE seq = 3")


def test_verify_names_the_first_tampered_row(ctx) -> None:
    _audit_some(ctx, 5)
    assert verify_audit(ctx).first_broken is None
    ctx.conn.execute("DROP TRIGGER audit_no_update")
    ctx.conn.execute("UPDATE audit SET after = '{\"name\":\"篡改\"}' WHERE seq = 3")
    assert verify_audit(ctx).first_broken == 3


def test_verify_detects_a_removed_tail_against_an_exported_head(ctx) -> None:
    _audit_some(ctx, 5)
    head = audit.head(ctx.conn)
    ctx.conn.execute("DROP TRIGGER audit_no_delete")
    ctx.conn.execute("DELETE FROM audit WHERE seq >= 4")
    assert verify_audit(ctx).first_broken is None  # the chain itself is still consistent…
    assert verify_audit(ctx, expected_head=head).first_broken == 4  # …but the export's head proves the loss


def test_cli_backup_restore_and_verify(tmp_path: Path, capsys) -> None:
    from minetui.cli import main

    path = tmp_path / "x.db"
    assert main(["--db", str(path), "init"]) == 0
    assert main(["--db", str(path), "backup", str(tmp_path / "b.db")]) == 0
    assert main(["--db", str(path), "audit", "verify"]) == 0
    assert main(["--db", str(path), "restore", str(tmp_path / "missing.db")]) == 2
    assert "no such backup" in capsys.readouterr().err
    assert main(["--db", str(path), "restore", str(tmp_path / "b.db")]) == 0
