"""Finishing touches on the bytes Qt writes: the Subject entry and year-only dates (no Qt, no rewriting).

QPdfWriter sets Title, Author, Creator and the dates but has no Subject. We append a standard PDF incremental
update (a new Info dictionary, an xref section and a trailer pointing at the previous one), which leaves
every byte Qt wrote in place. For the de-identified variant the dates Qt wrote are cut to the year in place,
padded with spaces so that no offset moves.
"""

from __future__ import annotations

import re

_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_TRAILER = re.compile(rb"trailer\s*<<(.*?)>>\s*startxref", re.S)
_DATE = re.compile(rb"/(CreationDate|ModDate) \(D:(\d{4})[^)]*\)")
_XMP_DATE = re.compile(rb'(xmp:(?:CreateDate|ModifyDate|MetadataDate))="(\d{4})[^"]*"')
_INFO_ENTRY = re.compile(rb"/(Title|Author|Creator|Producer|CreationDate|ModDate)\s*(\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f]*>)")


def _text(value: str) -> bytes:
    """A PDF text string: UTF-16BE with a byte-order mark, as hex (safe for any character)."""
    return b"<FEFF" + value.encode("utf-16-be").hex().upper().encode("ascii") + b">"


def _year_only(data: bytes) -> bytes:
    def date(m: re.Match[bytes]) -> bytes:
        new = b"/" + m.group(1) + b" (D:" + m.group(2) + b")"
        return new + b" " * (len(m.group(0)) - len(new))

    def xmp(m: re.Match[bytes]) -> bytes:
        new = m.group(1) + b'="' + m.group(2) + b'"'
        return new + b" " * (len(m.group(0)) - len(new))

    return _XMP_DATE.sub(xmp, _DATE.sub(date, data))


def finish(data: bytes, subject: str, *, year_only: bool = False) -> bytes:
    """Add ``/Subject`` to the document information (incremental update); dates to the year if asked."""
    if year_only:
        data = _year_only(data)
    start = _STARTXREF.search(data)
    trailers = list(_TRAILER.finditer(data))
    trailer = trailers[-1] if trailers else None
    if start is None or trailer is None:
        raise ValueError("unexpected PDF structure: no trailer")
    body = trailer.group(1)
    size = int(re.search(rb"/Size\s+(\d+)", body).group(1))  # type: ignore[union-attr]
    root = re.search(rb"/Root\s+(\d+\s+\d+\s+R)", body)
    info_ref = re.search(rb"/Info\s+(\d+)\s+\d+\s+R", body)
    if root is None:
        raise ValueError("unexpected PDF structure: no /Root")
    entries = b""
    if info_ref is not None:
        obj = re.search(rb"\n" + info_ref.group(1) + rb" 0 obj\s*<<(.*?)>>\s*endobj", data, re.S)
        if obj is not None:
            entries = b"".join(b"/" + m.group(1) + b" " + m.group(2) + b"\n" for m in _INFO_ENTRY.finditer(obj.group(1)))
    info = f"{size} 0 obj\n<<\n".encode() + entries + b"/Subject " + _text(subject) + b"\n>>\nendobj\n"
    if not data.endswith(b"\n"):
        data += b"\n"
    offset = len(data)
    xref_at = offset + len(info)
    ident = re.search(rb"/ID\s*(\[[^\]]*\])", body)
    trailer_dict = (b"<< /Size " + str(size + 1).encode() + b" /Root " + root.group(1) + b" /Info "
                    + str(size).encode() + b" 0 R /Prev " + start.group(1)
                    + (b" /ID " + ident.group(1) if ident else b"") + b" >>")
    update = (info + b"xref\n" + f"{size} 1\n{offset:010d} 00000 n \n".encode() + b"trailer\n" + trailer_dict
              + b"\nstartxref\n" + str(xref_at).encode() + b"\n%%EOF\n")
    return data + update
