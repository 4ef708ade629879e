"""Text from files and exams made safe for where it goes: one terminal line, or one CSV cell.

File names need not be UTF-8 and messages may quote a lone surrogate from a document; a terminal interprets
escape sequences and bidirectional overrides; a spreadsheet runs a cell that starts with ``=``. Everything
shown or written here is valid UTF-8, bounded in length, and inert.
"""

from __future__ import annotations

import re

TERMINAL_LIMIT = 300  # characters of one stderr line
CELL_LIMIT = 1000  # characters of one CSV cell

# C0 and C1 controls, DEL, and the format characters that reorder or hide text (bidi overrides, isolates,
# marks, zero-width characters, the BOM)
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
_LONG_WORD = re.compile(r"\S{200,}")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def valid_unicode(text: str) -> str:
    """``text`` with undecodable file-name bytes and lone surrogates shown as ``\\xff`` / ``\\udc00``."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    try:  # a file name that is not UTF-8 (os.fsdecode's surrogateescape): show its bytes
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _cap(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def for_terminal(text: str, limit: int = TERMINAL_LIMIT) -> str:
    """One line a terminal shows as it is: controls and bidi characters escaped, at most ``limit`` long."""
    text = _UNSAFE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), valid_unicode(text))
    return _cap(text, limit)


def _elide(match: re.Match[str]) -> str:
    word = match.group()
    return f"{word[:60]}...{word[-20:]} ({len(word):,} characters)"


def one_line(text: str, limit: int = CELL_LIMIT) -> str:
    """A message as one line of valid Unicode (whitespace runs collapsed), at most ``limit`` long; a huge word
    (a key of a million characters) is cut in its middle, so the problem stated after it stays visible."""
    return _cap(_LONG_WORD.sub(_elide, " ".join(valid_unicode(text).split())), limit)


def csv_text_cell(text: str, limit: int = CELL_LIMIT) -> str:
    """A text cell a spreadsheet shows and never runs (OWASP CSV injection: prefix a single quote)."""
    text = _cap(valid_unicode(text), limit)
    return "'" + text if text.lstrip("'").startswith(_FORMULA_START) else text  # "'=x" too: reads back


def from_csv_text_cell(text: str) -> str:
    """Undo :func:`csv_text_cell`'s quote (for reading results back)."""
    return text[1:] if text.startswith("'") and text.lstrip("'").startswith(_FORMULA_START) else text
