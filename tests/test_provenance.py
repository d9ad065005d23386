"""Checksums and run.json: reruns on the same inputs must be recognisable."""

from __future__ import annotations

import json

from analysis.provenance import checksum_files, sha256_file, write_run_json


def test_checksum_ignores_the_order_files_are_given_in(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("first")
    b.write_text("second")
    assert checksum_files([a, b], root=tmp_path) == checksum_files([b, a], root=tmp_path)


def test_checksum_changes_when_a_file_is_edited_or_renamed(tmp_path):
    a = tmp_path / "a.txt"
    a.write_text("first")
    before = checksum_files([a], root=tmp_path)
    a.write_text("first!")
    edited = checksum_files([a], root=tmp_path)
    renamed = a.rename(tmp_path / "c.txt")
    assert len({before, edited, checksum_files([renamed], root=tmp_path)}) == 3


def test_checksum_does_not_depend_on_where_the_folder_lives(tmp_path):
    for name in ("one", "two"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "a.txt").write_text("same bytes")
    one = checksum_files([tmp_path / "one" / "a.txt"], root=tmp_path / "one")
    assert one == checksum_files([tmp_path / "two" / "a.txt"], root=tmp_path / "two")


def test_sha256_file_reads_large_files_in_chunks(tmp_path):
    big = tmp_path / "big.bin"
    big.write_bytes(b"x" * (3 * (1 << 20) + 7))
    assert sha256_file(big, chunk_size=1 << 20) == sha256_file(big, chunk_size=1 << 16)


def test_run_json_records_checksums_parameters_and_versions(tmp_path):
    path = write_run_json(tmp_path / "out", command="score", parameters={"by": "outlet"},
                          checksums={"corpus": "abc"}, timings={"score": 1.23456})
    record = json.loads(path.read_text())
    assert record["checksums"] == {"corpus": "abc"}
    assert record["parameters"] == {"by": "outlet"}
    assert record["timings_seconds"] == {"score": 1.235}
    assert record["versions"]["pandas"] != "not installed"
    assert record["versions"]["framing-analysis"] != "not installed"
