"""Inflate the members of an untrusted zip archive (a .docx) ourselves, within a byte budget that counts the
bytes really produced, never the sizes the headers declare, and repack what passed as a stored
(uncompressed) archive for the parser, so that it only ever reads checked bytes.

A member that inflates past the size its header declares, or past the budget, is refused as a zip bomb
naming the member and the budget; inflation stops at that point, so memory stays near the budget. Parsing
the parts does not belong here; each XML part's element count and nesting are checked (`budget`) before
the parser builds a tree of it.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from pipelines.extract.readers.budget import check_xml_shape
from pipelines.extract.readers.errors import UnreadableDocument
from pipelines.extract.readers.limits import MB, Limits

_CHUNK = 1 << 20
_FILE_HEADER = struct.Struct(zipfile.structFileHeader)
_NAME_LENGTH, _EXTRA_LENGTH = 10, 11  # fields of the local file header


def _bomb(source_file: str, message: str) -> UnreadableDocument:
    return UnreadableDocument("zip_bomb", f"{source_file}: zip bomb: {message}")


def _compressed(data: memoryview, member: zipfile.ZipInfo) -> memoryview:
    """The member's compressed bytes, located through its local header, never past the end of the file."""
    start = member.header_offset
    header = bytes(data[start:start + _FILE_HEADER.size])
    if len(header) < _FILE_HEADER.size or header[:4] != zipfile.stringFileHeader:
        raise zipfile.BadZipFile(f"bad local header for {member.filename}")
    fields = _FILE_HEADER.unpack(header)
    begin = start + _FILE_HEADER.size + fields[_NAME_LENGTH] + fields[_EXTRA_LENGTH]
    return data[begin:min(begin + member.compress_size, len(data))]


def inflate_member(data: memoryview, member: zipfile.ZipInfo, budget: int, source_file: str) -> bytes:
    """The member's bytes, inflated at most a chunk past what is allowed: no more than the header declares
    and no more than `budget`."""
    raw = _compressed(data, member)
    allowed = min(member.file_size, budget)
    if member.compress_type == zipfile.ZIP_STORED:
        if len(raw) > budget:
            raise _bomb(source_file, f"{member.filename} holds more than {budget // MB} MB")
        out = bytes(raw)
    elif member.compress_type == zipfile.ZIP_DEFLATED:
        inflater = zlib.decompressobj(-zlib.MAX_WBITS)
        parts: list[bytes] = []
        produced = 0
        pending: bytes | memoryview = raw
        while not inflater.eof and (pending or inflater.unconsumed_tail):
            chunk = inflater.decompress(pending, _CHUNK)
            pending = inflater.unconsumed_tail
            produced += len(chunk)
            if produced > member.file_size:
                raise _bomb(source_file, f"{member.filename} inflates past the {member.file_size:,} bytes "
                            "its header declares")
            if produced > allowed:
                raise _bomb(source_file, f"{member.filename} inflates past {budget // MB} MB")
            parts.append(chunk)
        if not inflater.eof:
            raise zipfile.BadZipFile(f"{member.filename} is truncated")
        out = b"".join(parts)
    else:
        raise zipfile.BadZipFile(f"{member.filename} uses compression method {member.compress_type}")
    if len(out) != member.file_size or zlib.crc32(out) != member.CRC:
        raise zipfile.BadZipFile(f"{member.filename} does not match its header (size or CRC)")
    return out


def checked_archive(data: bytes, source_file: str, limits: Limits) -> bytes:
    """A stored zip holding the archive's members, each inflated within the budget; UnreadableDocument
    ('zip_bomb', 'zip_too_many_entries') when a budget is passed, zipfile.BadZipFile when damaged."""
    view = memoryview(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = archive.infolist()
        if len(members) > limits.max_zip_entries:
            raise UnreadableDocument(
                "zip_too_many_entries",
                f"{source_file}: the archive holds {len(members)} files (at most {limits.max_zip_entries})")
        declared = sum(m.file_size for m in members)
        if declared > limits.max_decompressed_bytes:
            raise _bomb(source_file, f"the archive declares {declared / MB:.0f} MB uncompressed (limit "
                        f"{limits.max_decompressed_bytes // MB} MB)")
        left = limits.max_decompressed_bytes
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as repacked:
            for member in members:
                if member.is_dir():
                    continue
                body = inflate_member(view, member, left, source_file)
                left -= len(body)
                if member.filename.endswith((".xml", ".rels")):
                    check_xml_shape(body, source_file, member.filename, limits)
                repacked.writestr(member.filename, body)
                del body
    return out.getvalue()
