"""Property tests: random damage to a report never raises and never crashes the parser; it gives either a
report or a clean extraction error, and every offset stays inside the normalised text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipelines.extract import extract_bytes, normalise
from pipelines.extract.readers import read_document
from tests.extract.conftest import SAMPLES, sample_bytes

_SETTINGS = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_OFFSET_TABLES = ("standards", "key_questions", "recommendations", "findings", "quotes", "sections")


@st.composite
def damaged(draw: st.DrawFn) -> bytes:
    data = bytearray(sample_bytes(draw(st.sampled_from(SAMPLES))))
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["truncate", "delete", "insert", "duplicate", "flip", "swap_lines"]))
        n = len(data)
        if n == 0:
            break
        a = draw(st.integers(0, n - 1))
        b = draw(st.integers(a, min(n, a + 4000)))
        if kind == "truncate":
            del data[a:]
        elif kind == "delete":
            del data[a:b]
        elif kind == "insert":
            data[a:a] = draw(st.binary(min_size=1, max_size=200))
        elif kind == "duplicate":
            data[a:a] = data[a:b]
        elif kind == "flip":
            data[a] ^= draw(st.integers(1, 255))
        else:
            lines = bytes(data).split(b"\n")
            i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
            data = bytearray(b"\n".join(lines))
    return bytes(data)


def _check(data: bytes) -> None:
    e = extract_bytes(data, "damaged.txt")  # must not raise
    codes = {i.code for i in e.issues}
    assert "internal_error" not in codes, e.issues
    assert all(i.severity in ("error", "warning") for i in e.issues)
    if e.report_id is None:
        assert e.has_errors  # no report: there is an error saying why
        return
    text = normalise(read_document(data, "damaged.txt")[0])
    for table in _OFFSET_TABLES:
        for row in e.rows[table]:
            assert 0 <= row["char_start"] <= row["char_end"] <= len(text)
            assert row["report_id"] == e.report_id


@_SETTINGS
@given(damaged())
def test_random_damage_gives_a_report_or_a_clean_error(data):
    _check(data)


@_SETTINGS
@given(st.binary(max_size=3000))
def test_random_bytes_give_a_clean_error(data):
    _check(data)


@_SETTINGS
@given(st.text(max_size=3000))
def test_random_text_gives_a_clean_error(text):
    _check(text.encode("utf-8", errors="surrogatepass"))
