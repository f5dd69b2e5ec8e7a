"""Builders of files that cost too much to read: a .docx whose zip headers lie about a part's size, web
pages of 30 MB (many elements, or few huge ones), nesting thousands deep in HTML and in a PDF object."""

from __future__ import annotations

import struct
import zlib

MB = 1024 * 1024
CONTENT_TYPES = (b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
                 b'package/2006/content-types"/>')


def _zip(members: list[tuple[str, bytes, int, int, int]]) -> bytes:
    """A zip of (name, deflated bytes, declared size, crc, method) written by hand, headers as given."""
    out, central = bytearray(), bytearray()
    for name, body, size, crc, method in members:
        offset = len(out)
        encoded = name.encode()
        out += struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, method, 0, 0, crc, len(body), size,
                           len(encoded), 0) + encoded + body
        central += struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, method, 0, 0, crc, len(body), size,
                               len(encoded), 0, 0, 0, 0, 0, offset) + encoded
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(members), len(members), len(central), len(out), 0)
    return bytes(out + central + end)


def lying_docx(inflated_mb: int = 2048, declared: int = 1024) -> bytes:
    """word/document.xml declares `declared` bytes (and the CRC of its first `declared` bytes, so a reader
    that stops there sees a valid part) but inflates to `inflated_mb` MB."""
    start = b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/'
    start += b'2006/main"><w:body><w:p><w:r><w:t>'
    deflater = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    body = bytearray(deflater.compress(start))
    filler = b" " * MB
    for _ in range(inflated_mb):
        body += deflater.compress(filler)
    body += deflater.flush()
    head = (start + b" " * declared)[:declared]
    return _zip([("[Content_Types].xml", CONTENT_TYPES, len(CONTENT_TYPES), zlib.crc32(CONTENT_TYPES), 0),
                 ("word/document.xml", bytes(body), declared, zlib.crc32(head), 8)])


def html_many_elements(mb: int = 30) -> bytes:
    row = b"<p>The probation delivery unit worked well with partners in the area.</p>\n"
    return b"<html><body><main><h1>Report</h1>" + row * (mb * MB // len(row)) + b"</main></body></html>"


def html_few_huge_paragraphs(mb: int = 30) -> bytes:
    para = b"<p>" + b"Staff knew their cases well and planned work with care. " * 1800 + b"</p>\n"
    return b"<html><body><main><h1>Report</h1>" + para * (mb * MB // len(para)) + b"</main></body></html>"


def html_nested(depth: int = 100_000) -> bytes:
    return b"<html><body>" + b"<div>" * depth + b"deep" + b"</div>" * depth + b"</body></html>"


def pdf_nested(depth: int = 100_000) -> bytes:
    """A one-page PDF whose page dictionary holds an array nested `depth` deep."""
    content = b"BT /F1 12 Tf 72 720 Td (Inspection report) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> /Nested " + b"[" * depth + b"1" + b"]" * depth + b" >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def docx_many_elements(elements: int = 2_000_000) -> bytes:
    """An honest .docx (headers true, within the size cap) whose document.xml holds `elements` paragraphs."""
    import io
    import zipfile

    body = (b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/'
            b'2006/main"><w:body>' + b"<w:p/>" * elements + b"</w:body></w:document>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("word/document.xml", body)
    return out.getvalue()
