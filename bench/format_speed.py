"""Extraction throughput per input format on one core, against the text floor: ms per file and, for PDF,
ms per page, through `pipelines.extract.extract_bytes` over the conversion corpus
(tests/fixtures/conversions/). Targets: PDF <= 25 ms a page, DOCX <= 0.2 s a report.

Run: `python -m bench.format_speed`. Only timing belongs here.
"""

from __future__ import annotations

import io
import json
import time
from pathlib import Path

import pypdf

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "conversions"
FORMATS = {
    "text": ("pandoc.md", "libreoffice.pdftotext-layout.txt"),
    "html": ("html5.html", "pandoc.html"),
    "docx": ("python-docx.docx", "pandoc.docx"),
    "pdf": ("libreoffice.pdf", "chromium.pdf"),
}
TARGETS_MS = {"pdf_per_page": 25.0, "docx_per_file": 200.0}


def measure(repeat: int = 3) -> dict[str, dict[str, float]]:
    from pipelines.extract import extract_bytes

    out: dict[str, dict[str, float]] = {}
    for kind, names in FORMATS.items():
        items = [
            (p.read_bytes(), p.name)
            for sample in sorted(CORPUS.iterdir())
            if sample.is_dir()
            for p in (sample / n for n in names)
        ]
        pages = sum(len(pypdf.PdfReader(io.BytesIO(d)).pages) for d, _ in items) if kind == "pdf" else 0
        extract_bytes(*items[0])  # warm up imports
        best = float("inf")
        for _ in range(repeat):
            start = time.perf_counter()
            for data, name in items:
                extract_bytes(data, name)
            best = min(best, time.perf_counter() - start)
        row = {"files": float(len(items)), "ms_per_file": round(1000 * best / len(items), 1)}
        if pages:
            row["pages"] = float(pages)
            row["ms_per_page"] = round(1000 * best / pages, 1)
        out[kind] = row
    floor = out["text"]["ms_per_file"]
    for row in out.values():
        row["x_text_floor"] = round(row["ms_per_file"] / floor, 1)
    return out


if __name__ == "__main__":
    print(json.dumps({"targets_ms": TARGETS_MS, "formats": measure()}, indent=2))
