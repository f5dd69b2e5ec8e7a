"""Listing raw/: what counts as an input file and its content hash."""

import os
import time

from pipelines.inputs.inventory import scan_raw


def _write(path, text: str, age_seconds: float = 60) -> None:
    path.write_text(text)
    past = time.time() - age_seconds
    os.utime(path, (past, past))


def test_scan_hashes_content_and_ignores_hidden_files_and_readme(tmp_path):
    _write(tmp_path / "a.txt", "abc")
    _write(tmp_path / ".partial", "x")
    _write(tmp_path / "README.md", "about")
    files = scan_raw(tmp_path)
    assert [f.name for f in files] == ["a.txt"]
    # sha256 of b"abc", a published test vector
    assert files[0].sha256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
