"""The evidence store's file side (io/evidence.py): named by SHA-256, stored once, copied whole or not at all."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from minetui.io import evidence
from minetui.io.evidence import EvidenceBatch, EvidenceFileError, clean_suffix, store_file, stored_path
from minetui.paths import evidence_dir


@pytest.fixture
def store(tmp_path: Path) -> Path:
    return evidence_dir(tmp_path / "minetui.db")


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def files_in(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def test_evidence_lives_beside_the_database(tmp_path):
    assert evidence_dir(tmp_path / "bureau.db") == tmp_path / "bureau.evidence"


def test_a_file_is_stored_under_its_hash_with_its_suffix(tmp_path, store):
    data = b"\xff\xd8" + b"x" * 5000
    source = write(tmp_path / "in" / "现场照片.JPG", data)
    stored = store_file(store, source)
    digest = hashlib.sha256(data).hexdigest()
    assert (stored.sha256, stored.size, stored.suffix, stored.original_name) == (digest, 5000 + 2, ".jpg",
                                                                                 "现场照片.JPG")
    assert stored.path == store / digest[:2] / f"{digest}.jpg" and stored.created
    assert stored.path.read_bytes() == data
    assert files_in(store) == [stored.path]          # no temporary file left behind


def test_large_files_are_hashed_in_chunks_to_the_same_digest(tmp_path, store, monkeypatch):
    monkeypatch.setattr(evidence, "CHUNK_BYTES", 7)
    data = bytes(range(256)) * 3
    source = write(tmp_path / "route.gpx", data)
    assert evidence.sha256_of(source) == (hashlib.sha256(data).hexdigest(), len(data))
    assert store_file(store, source).path.read_bytes() == data


def test_the_same_content_twice_is_stored_once(tmp_path, store):
    a = write(tmp_path / "a.jpg", b"same bytes")
    b = write(tmp_path / "sub" / "b.jpeg", b"same bytes")
    first, second = store_file(store, a), store_file(store, b)
    assert first.created and not second.created
    assert second.path == first.path and second.suffix == ".jpg" and second.original_name == "b.jpeg"
    assert files_in(store) == [first.path]


@pytest.mark.parametrize(("name", "suffix"), [("a.JPG", ".jpg"), ("track.gpx", ".gpx"), ("noext", ""),
                                              ("weird.j p g", ""), ("x.verylongsuffix1", "")])
def test_suffixes_are_kept_lower_case_when_sensible(name, suffix):
    assert clean_suffix(name) == suffix


def test_a_missing_file_is_an_error_naming_it(tmp_path, store):
    with pytest.raises(EvidenceFileError, match=r"nothere\.jpg"):
        store_file(store, tmp_path / "nothere.jpg")
    assert files_in(store) == []


def test_a_folder_is_not_an_evidence_file(tmp_path, store):
    (tmp_path / "photos").mkdir()
    with pytest.raises(EvidenceFileError, match="photos"):
        store_file(store, tmp_path / "photos")
    assert evidence.check_readable(tmp_path / "photos") is not None
    assert evidence.check_readable(tmp_path / "nope") is not None
    assert evidence.check_readable(write(tmp_path / "ok.txt", b"1")) is None


def test_a_failed_save_removes_only_the_unreferenced_copies_it_created(tmp_path, store):
    old = store_file(store, write(tmp_path / "old.jpg", b"old"))
    batch = EvidenceBatch(store)
    again = batch.add(tmp_path / "old.jpg")          # existed before the batch: never removed by it
    new = batch.add(write(tmp_path / "new.jpg", b"new"))
    referenced = batch.add(write(tmp_path / "ref.jpg", b"ref"))
    removed = batch.discard_unreferenced(lambda sha: sha == referenced.sha256)
    assert removed == [new.path]
    assert not new.path.exists() and again.path.exists() and old.path.exists() and referenced.path.exists()


def test_stored_path_refuses_anything_but_a_digest(store):
    with pytest.raises(ValueError):
        stored_path(store, "../../etc/passwd")


def test_a_batch_copies_a_file_it_was_given_before_only_once(tmp_path, store, monkeypatch):
    route = write(tmp_path / "in" / "route.gpx", b"<gpx/>")
    copies: list[Path] = []
    real_store = evidence.store_file
    monkeypatch.setattr(evidence, "store_file", lambda d, s: copies.append(s) or real_store(d, s))
    batch = EvidenceBatch(store)
    first, again = batch.add(route), batch.add(tmp_path / "in" / ".." / "in" / "route.gpx")
    assert again == first and len(copies) == 1 and len(batch.stored) == 1
    write(route, b"<gpx>changed</gpx>")  # a changed file (size and time) is stored again
    changed = batch.add(route)
    assert changed.sha256 == hashlib.sha256(b"<gpx>changed</gpx>").hexdigest() and len(copies) == 2
