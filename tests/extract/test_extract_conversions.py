"""More conversion variants: the samples rewritten the way PDF, web page and Word conversions print the same
report (headings with or without the trailing dot or as markdown, curly quotes, other percentage spellings,
the key-question table as markdown pipes, other bullet marks, bold ratings beside the standard, non-breaking
spaces, soft hyphens, ligatures, trailing whitespace, tabs) give the same rows as the originals, apart from
offsets and section text."""

from __future__ import annotations

import re

import pytest

from pipelines.extract import extract_bytes
from tests.extract.conftest import SAMPLES, extracted, sample_text
from tests.extract.test_extract_variants import comparable as _comparable

_STANDARD_HEADING = re.compile(r"^(\d\.\d)\.? ([A-Z][a-z][^\n]*)$", re.MULTILINE)
_DOMAIN_HEADING = re.compile(r"^(\d\. [A-Z][a-z][^\n]*)$", re.MULTILINE)
_TOP_HEADINGS = ("Contents", "Foreword", "Ratings", "Recommendations", "Background")
_RATING = r"(Outstanding|Good|Requires improvement|Inadequate)"
_KQ_ROW = re.compile(r"^([^\n\t]+\?)\t(\d+)%$", re.MULTILINE)
_TABLE_HEAD = re.compile(r"^(Key question|Outcomes)\t(Percentage 'Yes')$", re.MULTILINE)
_BULLET = re.compile(r"^- ", re.MULTILINE)
_CODE_DOT = re.compile(r"\b(\d\.\d)\. ")


def comparable(e):
    """Rows apart from offsets; section headings are as printed, so "2.2." and "2.2" count as the same."""
    rows = _comparable(e)
    for row in rows.get("sections", []):
        row["heading"] = _CODE_DOT.sub(r"\1 ", row["heading"])
        row["section_path"] = _CODE_DOT.sub(r"\1 ", row["section_path"])
    return rows


def headings_without_dot(text: str) -> str:
    return _STANDARD_HEADING.sub(r"\1 \2", text)


def headings_with_dot(text: str) -> str:
    return _STANDARD_HEADING.sub(r"\1. \2", text)


def markdown_headings(text: str) -> str:
    text = _DOMAIN_HEADING.sub(r"# \1", text)
    text = _STANDARD_HEADING.sub(lambda m: f"## {m.group(0)}", text)
    for name in _TOP_HEADINGS:
        text = re.sub(rf"^{name}$", f"# {name}", text, flags=re.MULTILINE)
    return text


def curly_percentage_yes(text: str) -> str:
    return text.replace("Percentage 'Yes'", "Percentage \u2018Yes\u2019")


def spaced_percent(text: str) -> str:
    return _KQ_ROW.sub(r"\1\t\2 %", text)


def per_cent(text: str) -> str:
    return _KQ_ROW.sub(r"\1\t\2 per cent", text)


def pipe_table(text: str) -> str:
    text = _TABLE_HEAD.sub(r"| \1 | \2 |\n| --- | --- |", text)
    return _KQ_ROW.sub(r"| \1 | \2% |", text)


def bullet_dots(text: str) -> str:
    return _BULLET.sub("\u2022 ", text)


def bullet_stars(text: str) -> str:
    return _BULLET.sub("* ", text)


def bullet_dashes(text: str) -> str:
    return _BULLET.sub("\u2013 ", text)


def bold_rating_on_heading_line(text: str) -> str:
    return re.sub(rf"^(\d\.\d\.? [A-Z][a-z][^\n]*)\n\n{_RATING}$", r"\1 **\2**", text, flags=re.MULTILINE)


def non_breaking_spaces(text: str) -> str:
    text = re.sub(r"(\d) (per cent|cases)", "\\1\u00a0\\2", text)
    text = re.sub(r"^(\d\.\d\.?) ", "\\1\u00a0", text, flags=re.MULTILINE)
    return text.replace("Requires improvement", "Requires\u00a0improvement")


def soft_hyphens(text: str) -> str:
    for word in ("Inadequate", "improvement", "Outstanding", "Assessment", "probation", "recommendations"):
        half = len(word) // 2
        text = text.replace(word, f"{word[:half]}\u00ad{word[half:]}")
    return text


def ligatures(text: str) -> str:
    for letters, ligature in (("ffi", "\ufb03"), ("fi", "\ufb01"), ("fl", "\ufb02"), ("ff", "\ufb00")):
        text = text.replace(letters, ligature)
    return text


def trailing_whitespace(text: str) -> str:
    return "\n".join(f"{line}  \t" if i % 2 else f"{line} " for i, line in enumerate(text.split("\n")))


def tabs(text: str) -> str:
    text = _BULLET.sub("-\t", text)
    text = _STANDARD_HEADING.sub("\\1\t\\2", text)
    return re.sub(r"^(Strengths|Areas for improvement):$", "\t\\1:", text, flags=re.MULTILINE)


VARIANTS = [headings_without_dot, headings_with_dot, markdown_headings, curly_percentage_yes, spaced_percent,
            per_cent, pipe_table, bullet_dots, bullet_stars, bullet_dashes, bold_rating_on_heading_line,
            non_breaking_spaces, soft_hyphens, ligatures, trailing_whitespace, tabs]


@pytest.mark.parametrize("sample", SAMPLES)
@pytest.mark.parametrize("variant", VARIANTS, ids=lambda f: f.__name__)
def test_conversion_gives_the_same_rows(sample, variant):
    original = extracted(sample)
    text = sample_text(sample)
    changed = variant(text)
    assert changed != text, "the variant must change the sample"
    got = extract_bytes(changed.encode("utf-8"), "variant-" + sample)
    assert not got.has_errors, got.issues
    assert got.report_id == original.report_id
    assert comparable(got) == comparable(original)


def test_all_conversions_at_once():
    for sample in SAMPLES:
        text = sample_text(sample)
        for variant in (markdown_headings, curly_percentage_yes, pipe_table, bullet_dots,
                        bold_rating_on_heading_line, non_breaking_spaces, soft_hyphens, ligatures,
                        trailing_whitespace):
            text = variant(text)
        got = extract_bytes(text.encode("utf-8"), "all-" + sample)
        assert comparable(got) == comparable(extracted(sample))


def test_the_variants_really_change_what_matters():
    text = sample_text(SAMPLES[0])
    assert "\n2.2 Assessment\n" in headings_without_dot(text)
    assert "\n2.1. Court work\n" in headings_with_dot(text)
    assert "\n## 2.2. Assessment\n" in markdown_headings(text)
    assert "\n# 1. Organisational delivery\n" in markdown_headings(text)
    assert "Percentage \u2018Yes\u2019" in curly_percentage_yes(text)
    assert "keeping other people safe?\t33 %\n" in spaced_percent(text)
    assert "keeping other people safe?\t33 per cent\n" in per_cent(text)
    assert "| Does assessment focus sufficiently on keeping other people safe? | 33% |" in pipe_table(text)
    assert "\n\u2022 The strongest area" in bullet_dots(text)
    assert "\n2.2 Assessment **Inadequate**\n" in bold_rating_on_heading_line(text)
    assert "Inade\u00adquate" in soft_hyphens(text)
    assert "\ufb01" in ligatures(text)
