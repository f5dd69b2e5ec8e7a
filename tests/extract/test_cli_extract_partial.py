"""`hmip extract` on a report held back for want of a date shows everything read from it, its overall
rating included, under its provisional id; with a provenance record giving `published`, under its real id.
The report text is synthetic, written for this test."""

from __future__ import annotations

import json

from pipelines.cli import main

PAGE = """Skip to content

An inspection of probation services in Sunderland PDU

Published:

Foreword (Back to top)

When we last inspected Sunderland PDU in 2022, we rated it as 'Inadequate' overall.
This time we have rated Sunderland PDU as 'Good' overall.

Recommendations (Back to top)

Sunderland PDU should:

1. keep the improvements going.
"""

RECORD = {"url": "http://127.0.0.1/sunderland", "final_url": "http://127.0.0.1/sunderland",
          "retrieved_at": "2025-05-01T10:00:00Z", "http_status": 200, "sha256": "", "bytes": 0}


def test_extract_shows_an_undated_report_under_its_provisional_id(tmp_path, capsys):
    path = tmp_path / "sunderland.txt"
    path.write_text(PAGE, encoding="utf-8")
    assert main(["extract", str(path)]) == 1
    out = capsys.readouterr().out
    assert out.startswith("sunderland.txt: report sunderland-pdu-undated (held back: see the errors below)")
    assert "  overall_rating: Good\n" in out and "  report_family: pdu_2024\n" in out
    assert "error: no_publication_month: held back: no usable publication date: its 'Published:' line " \
        "carries no date" in out


def test_extract_dates_it_from_the_provenance_record(tmp_path, capsys):
    import hashlib

    path = tmp_path / "sunderland.txt"
    path.write_bytes(PAGE.encode())
    record = {**RECORD, "sha256": hashlib.sha256(PAGE.encode()).hexdigest(), "bytes": len(PAGE.encode()),
              "published": "2025-04-30"}
    (tmp_path / "sunderland.txt.source.json").write_text(json.dumps(record), encoding="utf-8")
    main(["extract", "--json", str(path)])
    got = json.loads(capsys.readouterr().out)
    assert got["report_id"] == "sunderland-pdu-2025-04"
    (report,) = got["tables"]["reports"]
    assert (report["publication_month"], report["overall_rating"]) == ("2025-04-01", "Good")
    codes = {i["code"]: i["severity"] for i in got["tables"]["extraction_issues"]}
    assert codes["publication_date_source"] == "warning" and "no_publication_month" not in codes
