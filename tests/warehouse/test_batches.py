"""Buckets and batch files of the batch job (`pipelines.warehouse.batches`): real files, real Parquet.
Hashes and bucket keys below are typed by hand (sha256 of the bytes written)."""

import os
import time
from pathlib import Path

import pytest

from pipelines.extract import extract_bytes
from pipelines.extract.model import Extraction, Issue
from pipelines.inputs.inventory import RawFile, extract_raw, scan_raw
from pipelines.warehouse import batches

# sha256(b"a\n") = 87428fc5..., sha256(b"b\n") = 0263829989b6...
SHA_A = "87428fc522803d31065e7bce3cf03fe475096631e5e07bbd7a0fde60c4cf25c7"
SHA_B = "0263829989b6fd954f72baaf2fc64bc2e2f01d692d4de72986ea808f6e99813f"


def _files(tmp_path: Path, contents: dict[str, bytes]) -> list[RawFile]:
    raw = tmp_path / "raw"
    raw.mkdir(exist_ok=True)
    for name, data in contents.items():
        (raw / name).write_bytes(data)
    return scan_raw(raw)


def test_sixteen_buckets_by_the_first_hex_digit_of_the_content_hash(tmp_path):
    assert batches.bucket_keys() == list("0123456789abcdef")
    assert batches.bucket_keys(2)[:3] == ["00", "01", "02"] and len(batches.bucket_keys(2)) == 256
    files = _files(tmp_path, {"one.txt": b"a\n", "two.txt": b"b\n", "three.txt": b"a\n"})
    assert {f.name: f.sha256 for f in files} == {"one.txt": SHA_A, "three.txt": SHA_A, "two.txt": SHA_B}
    buckets = batches.assign(files)
    assert list(buckets) == ["0", "8"]  # key order
    assert [f.name for f in buckets["8"]] == ["one.txt", "three.txt"]  # same bytes, same bucket, by name
    assert [f.name for f in buckets["0"]] == ["two.txt"]
    assert list(batches.assign(files, digits=2)) == ["02", "87"]


def test_a_bucket_digest_follows_names_hashes_and_extractor_version_not_order(tmp_path):
    files = _files(tmp_path, {"one.txt": b"a\n", "three.txt": b"a\n"})
    digest = batches.batch_digest(files, "v1")
    assert batches.batch_digest(list(reversed(files)), "v1") == digest
    assert batches.batch_digest(files, "v2") != digest
    assert batches.batch_digest(files[:1], "v1") != digest
    renamed = [RawFile("other.txt", files[0].path, files[0].sha256, files[0].size), files[1]]
    assert batches.batch_digest(renamed, "v1") != digest
    path = batches.batch_path(tmp_path / "wh", "v1", "8", digest)
    assert path == tmp_path / "wh" / "batches" / "v1" / "8" / f"{digest}.parquet"


def test_same_bytes_are_extracted_once_and_each_file_keeps_its_own_name(tmp_path):
    files = _files(tmp_path, {"one.txt": b"\x00\x01 binary", "three.txt": b"\x00\x01 binary"})
    calls: list[str] = []

    def extract(raw: RawFile) -> Extraction:
        calls.append(raw.name)
        return extract_raw(raw, extract_bytes)

    got, extracted = batches.extract_batch(files, extract)
    assert calls == ["three.txt"] and extracted == 1  # the last by name, as the single-process cache does
    assert [e.source_file for e in got] == ["one.txt", "three.txt"]
    assert all(e.report_id is None and e.has_errors for e in got)
    assert got[0].issues[0].message.startswith("one.txt: ")


def test_batch_file_round_trip_and_written_by_rename(tmp_path):
    files = _files(tmp_path, {"one.txt": b"\x00\x01 binary", "two.txt": b"\x00\x02 binary"})
    extractions, _ = batches.extract_batch(files, lambda raw: extract_raw(raw, extract_bytes))
    path = batches.batch_path(tmp_path / "wh", "v1", "0", "d" * 64)
    written = batches.write_batch(path, extractions)
    assert written == path and path.is_file()
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary file left
    back = batches.read_batch(path)
    assert [(e.source_file, e.issues) for e in back] == [(e.source_file, e.issues) for e in extractions]
    assert batches.in_file_order(reversed(back), files) == back


def test_a_read_that_may_pass_is_written_as_a_one_off_never_reused(tmp_path):
    files = _files(tmp_path, {"one.txt": b"a\n"})
    stand_in = Extraction("one.txt", "f" * 64, "v1", None, {}, [Issue("error", "vanished", "one.txt: gone")])
    assert not batches.is_reusable(files, [stand_in])
    path = batches.batch_path(tmp_path / "wh", "v1", "8", "d" * 64)
    written = batches.write_batch(path, [stand_in], reusable=False)
    assert not path.exists() and written.parent == path.parent and ".once-" in written.name
    assert batches.read_batch(written)[0].issues[0].code == "vanished"


def test_missing_or_damaged_batch_files_and_missing_extractions_are_errors_naming_them(tmp_path):
    missing = tmp_path / "batches" / "v1" / "0" / "gone.parquet"
    with pytest.raises(batches.BatchError, match="gone.parquet: batch file missing"):
        batches.read_batch(missing)
    damaged = tmp_path / "damaged.parquet"
    damaged.write_bytes(b"PAR1 not really")
    with pytest.raises(batches.BatchError, match="damaged.parquet: batch file damaged"):
        batches.read_batch(damaged)
    files = _files(tmp_path, {"one.txt": b"a\n", "two.txt": b"b\n"})
    only_one = [Extraction("one.txt", SHA_A, "v1")]
    with pytest.raises(batches.BatchError, match="no batch holds the extraction of two.txt"):
        batches.in_file_order(only_one, files)


def test_pruning_keeps_what_this_run_used_and_the_newest_other_file_per_bucket(tmp_path):
    wh = tmp_path / "wh"
    bucket = wh / "batches" / "v2" / "8"
    bucket.mkdir(parents=True)
    old, newer, used = bucket / "old.parquet", bucket / "newer.parquet", bucket / "used.parquet"
    for age, path in ((300, old), (200, newer), (100, used)):
        path.write_bytes(b"x")
        os.utime(path, (time.time() - age, time.time() - age))
    stale_version = wh / "batches" / "v1" / "8"
    stale_version.mkdir(parents=True)
    (stale_version / "any.parquet").write_bytes(b"x")
    removed = batches.prune_batches(wh, "v2", {used})
    assert sorted(p.name for p in removed) == ["old.parquet", "v1"]
    assert sorted(p.name for p in bucket.iterdir()) == ["newer.parquet", "used.parquet"]
    assert not (wh / "batches" / "v1").exists()
    assert batches.prune_batches(tmp_path / "nowhere", "v2", set()) == []


def test_a_changed_bucket_reuses_its_previous_batch_file_and_extracts_only_new_content(tmp_path):
    files = _files(tmp_path, {"one.txt": b"\x00\x01 binary"})
    calls: list[str] = []

    def extract(raw: RawFile) -> Extraction:
        calls.append(raw.name)
        return extract_raw(raw, extract_bytes)

    first, _ = batches.extract_batch(files, extract)
    old = batches.write_batch(batches.batch_path(tmp_path / "wh", "v1", "3", "a" * 64), first)
    files = _files(tmp_path, {"two.txt": b"\x00\x02 binary"})  # now one.txt and two.txt
    new_path = batches.batch_path(tmp_path / "wh", "v1", "3", "b" * 64)
    known = batches.previous_batch(new_path)
    assert set(known) == {first[0].source_sha256}
    calls.clear()
    got, extracted = batches.extract_batch(files, extract, known)
    assert calls == ["two.txt"] and extracted == 1
    assert [e.source_file for e in got] == ["one.txt", "two.txt"]
    old.write_bytes(b"damaged")
    assert batches.previous_batch(new_path) == {}  # unreadable: everything is extracted again
    assert batches.previous_batch(tmp_path / "wh" / "batches" / "v1" / "none" / "x.parquet") == {}
