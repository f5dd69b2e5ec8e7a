"""The input set: which files in raw/ are candidate reports, with their content hashes, and reading them
safely.

Only listing, hashing and guarded reading belong here. A file's content, not its mtime, identifies it; a
change of content is a change of input. Nothing outside the raw folder is ever opened: a link that leads
out of it, a broken link, a folder link, a pipe or device, or a file over `MAX_FILE_BYTES` is listed with a
refusal (a code and a reason for a person) and never read, so it still appears in the run's input set.
A provenance record beside a file (`<file>.source.json`, written by `hmip fetch`) is not an input of its
own: it is read with its file, and a record that is malformed or describes other bytes refuses the file.
Extraction, resolution and loading live elsewhere.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pipelines.extract.model import Extraction, Issue
from pipelines.sources.provenance import MAX_RECORD_BYTES, BadRecord, SourceRecord, parse_record, record_path

_CHUNK = 1 << 20
MB = 1024 * 1024
# A published report is a few MB (text well under 1 MB); anything larger is refused unread.
MAX_FILE_BYTES = 32 * MB


@dataclass(frozen=True)
class Refusal:
    """Why a listed file is not read: a stable code (e.g. 'outside_raw', 'too_large') and a reason."""

    code: str
    message: str


@dataclass(frozen=True)
class RawFile:
    name: str  # path relative to the raw folder, with '/' separators (undecodable bytes as \\xNN)
    path: Path  # what to read: for a link inside raw/, the file it leads to
    sha256: str  # of the bytes; for a refused file (never read), of the refusal, see `refusal_sha256`
    size: int
    refusal: Refusal | None = None
    source: SourceRecord | None = None  # the provenance record beside the file, when there is one
    source_record_sha256: str | None = None  # of that record's bytes

    @property
    def state(self) -> str:
        """What a change of this input is judged by: its content and, when present, its provenance."""
        return self.sha256 + (f"+{self.source_record_sha256}" if self.source_record_sha256 else "")


class RawReadError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def refusal_sha256(name: str, code: str, message: str) -> str:
    """A stand-in hash for a file that is not read: stable while the refusal is the same, never equal to a
    content hash, so the extraction cache keeps one refusal per file and reason."""
    return hashlib.sha256(f"hmip-refused\0{name}\0{code}\0{message}".encode()).hexdigest()


def is_candidate(path: Path) -> bool:
    """Hidden files, README files, provenance records and folders are not reports."""
    return path.is_file() and not _ignored(path.name)


def _ignored(name: str) -> bool:
    """Hidden entries (editors' and copy tools' partial files, .git) and README files are not inputs."""
    return name.startswith(".") or name.lower() == "readme.md" or name.lower().endswith(".source.json")


def _display_name(raw_dir: Path, path: Path) -> str:
    """The path relative to raw/, always valid text: bytes that are not UTF-8 are shown as \\xNN."""
    relative = os.fsencode(path.relative_to(raw_dir).as_posix())
    return relative.decode("utf-8", errors="backslashreplace")


def _walk(raw_dir: Path) -> Iterator[tuple[Path, Refusal | None]]:
    """Every non-hidden entry under raw_dir that is not a real folder, without following folder links."""
    pending = [raw_dir]
    while pending:
        folder = pending.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError as exc:
            if folder == raw_dir:
                raise
            yield folder, Refusal("unreadable_folder", f"the folder could not be listed ({_why(exc)})")
            continue
        for entry in entries:
            if _ignored(entry.name):
                continue
            try:
                is_real_dir = entry.is_dir(follow_symlinks=False)
            except OSError:
                is_real_dir = False
            if is_real_dir:
                pending.append(Path(entry.path))
            else:
                yield Path(entry.path), None


def _why(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def _inspect(raw_real: Path, path: Path, max_bytes: int) -> tuple[Path, os.stat_result] | Refusal:
    """The regular file to read for `path` and its stat, or why it must not be read."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return Refusal("vanished", "the file disappeared while raw/ was being listed")
    except OSError as exc:
        return Refusal("unreadable_file", f"the file could not be examined ({_why(exc)})")
    target = path
    if stat.S_ISLNK(st.st_mode):
        link = os.readlink(path)
        target = Path(os.path.realpath(path))
        if not target.is_relative_to(raw_real):
            return Refusal("outside_raw", f"a link to {link}, outside the raw folder; not read")
        try:
            st = os.stat(target)
        except OSError:
            return Refusal("broken_link", f"a link to {link}, which does not exist")
        if stat.S_ISDIR(st.st_mode):
            return Refusal("not_a_file", f"a link to the folder {link}; folder links are not followed")
    if not stat.S_ISREG(st.st_mode):
        return Refusal("not_a_file", "not a regular file (a pipe, socket or device); not read")
    if st.st_size > max_bytes:
        return Refusal("too_large", f"{st.st_size / MB:.0f} MB is more than the {max_bytes // MB} MB a "
                       "report may be; not read")
    return target, st


def scan_raw(raw_dir: Path, max_bytes: int = MAX_FILE_BYTES) -> list[RawFile]:
    """Every candidate file under raw_dir, sorted by name: hashed, or listed with the reason it is refused."""
    raw_real = Path(os.path.realpath(raw_dir))
    files = []
    for path, refusal in _walk(raw_dir):
        name = _display_name(raw_dir, path)
        inspected = refusal or _inspect(raw_real, path, max_bytes)
        if isinstance(inspected, tuple):
            target, st = inspected
            try:
                digest, size = _hash_bounded(target, max_bytes)
            except RawReadError as exc:
                inspected = Refusal(exc.code, exc.message)
            else:
                raw = RawFile(name=name, path=target, sha256=digest, size=size)
                files.append(_with_provenance(raw, path))
                continue
        files.append(_refused(name, path, inspected))
    return sorted(files, key=lambda f: f.name)


def _refused(name: str, path: Path, refusal: Refusal) -> RawFile:
    message = f"{name}: {refusal.message}"
    return RawFile(name=name, path=path, sha256=refusal_sha256(name, refusal.code, message), size=0,
                   refusal=Refusal(refusal.code, message))


def _with_provenance(raw: RawFile, listed: Path) -> RawFile:
    """`raw` with the provenance record beside it (by its name in raw/), or refused when the record
    cannot be read or describes other bytes than the file's."""
    where = record_path(listed)
    if not os.path.lexists(where):
        return raw
    try:
        data = b"".join(_read_chunks(where, MAX_RECORD_BYTES))
        record = parse_record(data, where.name)
    except (RawReadError, BadRecord) as exc:
        why = exc.message if isinstance(exc, RawReadError) else str(exc)
        return _refused(raw.name, raw.path, Refusal("bad_provenance", f"its provenance record {where.name}: "
                                                    f"{why}; fix or delete the record"))
    if record.sha256 != raw.sha256:
        return _refused(raw.name, raw.path, Refusal("stale_provenance", f"its provenance record "
                        f"{where.name} describes other bytes (sha256 {record.sha256[:12]}...); the file was "
                        "changed by hand: fetch it again or delete the record"))
    return RawFile(raw.name, raw.path, raw.sha256, raw.size, source=record,
                   source_record_sha256=hashlib.sha256(data).hexdigest())


def _open_regular(path: Path) -> int:
    """A read-only descriptor on a regular file; never follows a link, never blocks on a pipe."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except FileNotFoundError as exc:
        raise RawReadError("vanished", "the file disappeared before it could be read") from exc
    except OSError as exc:
        raise RawReadError("unreadable_file", f"could not be read ({_why(exc)})") from exc
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise RawReadError("not_a_file", "no longer a regular file; not read")
    return fd


def _read_chunks(path: Path, max_bytes: int) -> Iterator[bytes]:
    fd = _open_regular(path)
    total = 0
    try:
        with os.fdopen(fd, "rb") as handle:
            while chunk := handle.read(_CHUNK):
                total += len(chunk)
                if total > max_bytes:
                    raise RawReadError("too_large", f"grew past the {max_bytes // MB} MB a report may be; "
                                       "not read")
                yield chunk
    except OSError as exc:
        raise RawReadError("unreadable_file", f"could not be read ({_why(exc)})") from exc


def _hash_bounded(path: Path, max_bytes: int) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    for chunk in _read_chunks(path, max_bytes):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def read_raw(raw: RawFile, max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a listed file, exactly as listed; RawReadError when it is refused, gone, too large or
    no longer the bytes that were hashed (e.g. still being written)."""
    if raw.refusal:
        raise RawReadError(raw.refusal.code, raw.refusal.message)
    try:
        data = b"".join(_read_chunks(raw.path, max_bytes))
    except RawReadError as exc:
        raise RawReadError(exc.code, f"{raw.name}: {exc.message}") from exc
    if hashlib.sha256(data).hexdigest() != raw.sha256:
        raise RawReadError("changed_during_run", f"{raw.name}: the file changed while the run was reading "
                           "it (still being written?); it will be read again by the next run")
    return data


def extract_raw(raw: RawFile, extract: Callable[[bytes, str], Extraction]) -> Extraction:
    """`extract(bytes, name)` of a listed file, or an error extraction saying why it could not be read.

    A failure that may pass (gone, changed, unreadable) is recorded under a stand-in hash so the
    extraction cache, keyed by content hash, never remembers it for the file's real content.
    """
    try:
        data = read_raw(raw)
    except RawReadError as exc:
        if raw.refusal:
            return unreadable_file(raw, exc.message, exc.code)
        transient = RawFile(raw.name, raw.path, refusal_sha256(raw.name, exc.code, raw.sha256), raw.size)
        return unreadable_file(transient, exc.message, exc.code)
    return extract(data, raw.name)


def dated_from_record(extraction: Extraction, raw: RawFile) -> Extraction:
    """The extraction with the publication date its provenance record gives, when its text gives none
    (after the cache: the record can change while the bytes do not)."""
    from pipelines.extract.dating import with_published_date

    if raw.source is None:
        return extraction
    return with_published_date(extraction, raw.source.published, record_path(raw.path).name)


def fingerprint(files: list[RawFile]) -> dict[str, str]:
    """name -> sha256 (and its provenance record's): what the sensor compares between ticks."""
    return {f.name: f.state for f in files}


def unreadable_file(raw: RawFile, message: str, code: str = "unreadable_file") -> Extraction:
    """The extraction of a file that could not even be read: one error, no report."""
    from pipelines.extract import EXTRACTOR_VERSION

    return Extraction(
        source_file=raw.name, source_sha256=raw.sha256, extractor_version=EXTRACTOR_VERSION,
        issues=[Issue("error", code, message)],
    )


def recently_modified(raw_dir: Path, since: float) -> list[str]:
    """Entries modified after `since` (epoch seconds): possibly still being written. Links are judged by
    their own time (a file they lead to inside raw/ is listed itself); entries that vanish are skipped."""
    recent = []
    for path, _ in _walk(raw_dir):
        try:
            mtime = os.lstat(path).st_mtime
        except OSError:
            continue
        if mtime > since:
            recent.append(_display_name(raw_dir, path))
    return sorted(recent)
