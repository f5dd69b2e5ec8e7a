"""The bad-input corpus, generated at test time into a temporary raw/ folder next to the two good sample
reports. Each bad report is a COPY of a sample with the inspected body renamed everywhere (so it is a
different report id and cannot collide with the sample), then damaged in one way.

`build_corpus` returns what each file is expected to end as: the final status in the manifest and a
word or code that must appear in its reason. Expectations are written by hand from what was done to
the file, not read from the pipeline.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WIGAN = (ROOT / "raw" / "wigan-pdu-2023-05.txt").read_text(encoding="utf-8")
TAMESIDE = (ROOT / "raw" / "tameside-pdu-2023-05.txt").read_text(encoding="utf-8")

SCRIPT = '<script>alert("hmip")</script>'
HTML_TEXT = f'<b>bold</b> {SCRIPT} <a href="javascript:x()">link</a>'
SQL_TEXT = "'); DROP TABLE reports; --"
# The first strength of Wigan's court work, which the hostile copy extends with HTML and SQL.
FIRST_STRENGTH = "- We assessed six reports, four oral reports which had a written record"
VANISHING = "vanishing-report.txt"
HTML_NAME = "<img src=x onerror=alert(1)>.txt"  # a file name cannot hold the '/' of </script>
HUGE_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class Expected:
    status: str  # the input's final status in the manifest
    reason: tuple[str, ...] = ()  # words that must all appear (case-insensitively) in its reason
    report_id: str | None = None  # the report it publishes as, when it publishes


def renamed(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new)


def ashby() -> str:
    return renamed(WIGAN, "Wigan", "Ashby")


def _png() -> bytes:
    rng = random.Random(2)
    return (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x02\x00\x00\x00"
            + rng.randbytes(2048))


def _without_ratings_page(text: str) -> str:
    start = text.index("\nRatings\n\n")  # the page itself, not the contents line "Ratings.....\t4"
    end = text.index("\nRecommendations\n\n", start)
    return text[:start] + text[end:]


def _windows_1252(text: str) -> bytes:
    """What a Windows tool makes of the report: cp1252, superscript footnote marks it lacks as '?'."""
    return text.encode("cp1252", errors="replace")


def _write_huge(path: Path) -> None:
    line = b"This line repeats to make a file far larger than any report could be.\n"
    block = line * (1024 * 1024 // len(line) + 1)
    with path.open("wb") as handle:
        written = 0
        while written < HUGE_BYTES:
            handle.write(block)
            written += len(block)


def build_corpus(raw: Path, outside: Path) -> dict[str, Expected]:
    """Fill `raw` (and `outside`, a folder next to it) and return the expected outcome per file name."""
    raw.mkdir(parents=True)
    outside.mkdir(parents=True)
    files: dict[str, bytes] = {
        "wigan-pdu-2023-05.txt": WIGAN.encode(),
        "tameside-pdu-2023-05.txt": TAMESIDE.encode(),
        "empty.txt": b"",
        "junk.txt": random.Random(1).randbytes(8192),
        "photo.txt": _png(),
        "utf16-copy.txt": renamed(TAMESIDE, "Tameside", "Brixley").encode("utf-16"),
        "windows-1252-copy.txt": _windows_1252(renamed(WIGAN, "Wigan", "Cowden")),
        "cut-off.txt": renamed(WIGAN, "Wigan", "Dunmore").encode()[: len(WIGAN) // 2],
        "no-ratings-page.txt": _without_ratings_page(renamed(WIGAN, "Wigan", "Elmfield")).encode(),
        "percentage-105.txt": renamed(renamed(WIGAN, "Wigan", "Farleigh"),
                                      "decision-making?\t50%", "decision-making?\t105%").encode(),
        # 2.2 Assessment is printed 'Inadequate' from its lowest key question (33%); 70% puts the lowest at
        # 64%, the 'Requires improvement' band, so the printed rating no longer matches its band.
        "rating-off-band.txt": renamed(renamed(WIGAN, "Wigan", "Glenham"),
                                       "keeping other people safe?\t33%", "keeping other people safe?\t70%"
                                       ).encode(),
        "conflict-a.txt": renamed(TAMESIDE, "Tameside", "Harwick").encode(),
        "conflict-b.txt": renamed(renamed(TAMESIDE, "Tameside", "Harwick"), "\t64%", "\t61%").encode(),
        "report with spaces.txt": renamed(WIGAN, "Wigan", "Ivybridge").encode(),
        "rapport-été-Łowick.txt": renamed(TAMESIDE, "Tameside", "Jarrow").encode(),
        "kelso..v2.txt": renamed(TAMESIDE, "Tameside", "Kelso").encode(),
        "hostile-text.txt": renamed(ashby(), FIRST_STRENGTH,
                                    f"- {HTML_TEXT} {SQL_TEXT} We assessed six reports, four oral reports "
                                    "which had a written record").encode(),
        HTML_NAME: f"not a report at all {SCRIPT}\n".encode(),
        VANISHING: renamed(TAMESIDE, "Tameside", "Morley").encode(),
    }
    for name, data in files.items():
        (raw / name).write_bytes(data)
    (raw / "caf\udce9-latin1-name.txt").write_bytes(renamed(WIGAN, "Wigan", "Lydney").encode())
    _write_huge(raw / "huge.txt")
    secret = outside / "secret-report.txt"
    secret.write_text(renamed(WIGAN, "Wigan", "Nowhere"), encoding="utf-8")
    (raw / "link-outside.txt").symlink_to(secret)
    (raw / "link-to-etc").symlink_to("/etc")
    (raw / "broken-link.txt").symlink_to(raw / "no-such-file.txt")
    (raw / "the-same-report-linked.txt").symlink_to("tameside-pdu-2023-05.txt")

    published = "published"
    return {
        "wigan-pdu-2023-05.txt": Expected(published, report_id="wigan-pdu-2023-05"),
        "tameside-pdu-2023-05.txt": Expected(published, report_id="tameside-pdu-2023-05"),
        "empty.txt": Expected("error", ("empty",)),
        "junk.txt": Expected("error", ()),
        "photo.txt": Expected("error", ("png",)),
        "utf16-copy.txt": Expected(published, report_id="brixley-pdu-2023-05"),
        "windows-1252-copy.txt": Expected(published, report_id="cowden-pdu-2023-05"),
        "cut-off.txt": Expected("held_back", ()),
        "no-ratings-page.txt": Expected("held_back", ()),
        "percentage-105.txt": Expected("held_back", ()),
        "rating-off-band.txt": Expected("held_back", ()),
        "conflict-a.txt": Expected("conflict", ("conflict-a.txt", "conflict-b.txt", "differ")),
        "conflict-b.txt": Expected("conflict", ("conflict-a.txt", "conflict-b.txt", "differ")),
        "report with spaces.txt": Expected(published, report_id="ivybridge-pdu-2023-05"),
        "rapport-été-Łowick.txt": Expected(published, report_id="jarrow-pdu-2023-05"),
        "kelso..v2.txt": Expected(published, report_id="kelso-pdu-2023-05"),
        "hostile-text.txt": Expected(published, report_id="ashby-pdu-2023-05"),
        HTML_NAME: Expected("error", ()),
        VANISHING: Expected("error", ("disappeared",)),
        "caf\\xe9-latin1-name.txt": Expected(published, report_id="lydney-pdu-2023-05"),
        "huge.txt": Expected("error", ("50 mb", "not read")),
        "link-outside.txt": Expected("error", ("outside the raw folder", "not read")),
        "link-to-etc": Expected("error", ("outside the raw folder", "not read")),
        "broken-link.txt": Expected("error", ("does not exist",)),
        "the-same-report-linked.txt": Expected("duplicate", ("tameside-pdu-2023-05.txt",)),
    }
