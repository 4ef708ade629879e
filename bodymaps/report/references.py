"""The numbered reference list: every distinct source cited on the pages, in order of first citation.

A knowledge-base source often joins several citations with "; " ("Devillé 2000: ... [S]; Capra 2011 ...").
Each citation becomes one reference, so a study shared by many rows is listed once and a row cites ``[2, 5]``.
A part is split off only when it starts a new citation (an author and a year, or a "[S]"-style grade tag);
a qualifying clause ("...; normal strength only mildly against") stays with the statement it qualifies, and
semicolons inside brackets or without a following space ("2008;21(5)") are never split points.
"""

from __future__ import annotations

import re

_NEW_CITATION = re.compile(r"^(\[[A-Z/]+\]|[A-Z][\w'\u00c0-\u017f-]+(?: (?:&|and|et al\.?|[A-Z][\w'\u00c0-\u017f-]+)){0,3},? "
                           r"(?:19|20)\d\d\b|BodyMaps rule|ISNCSCI|clinical-evidence)")


def split_source(source: str) -> list[str]:
    """Top-level "; "-separated statements of a source, duplicates removed, order kept."""
    parts: list[str] = []
    depth = 0
    start = 0
    for i, ch in enumerate(source):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        elif ch == ";" and depth == 0 and source[i + 1 : i + 2] in (" ", ""):
            parts.append(source[start:i])
            start = i + 1
    parts.append(source[start:])
    merged: list[str] = []
    for part in parts:
        text = " ".join(part.split()).strip(" ;")
        if not text:
            continue
        if merged and not _NEW_CITATION.match(text):
            merged[-1] = f"{merged[-1]}; {text}"
        else:
            merged.append(text)
    out: list[str] = []
    for text in merged:
        if text not in out:
            out.append(text)
    return out


class References:
    """Numbers sources as they are cited; ``cite`` returns the numbers for one source string."""

    def __init__(self) -> None:
        self._numbers: dict[str, int] = {}

    def cite(self, source: str, *, whole: bool = False) -> tuple[int, ...]:
        """Numbers of the source's statements; ``whole`` keeps a formal citation as one reference."""
        numbers = []
        for statement in [" ".join(source.split())] if whole else split_source(source):
            number = self._numbers.setdefault(statement, len(self._numbers) + 1)
            if number not in numbers:
                numbers.append(number)
        return tuple(numbers)

    def items(self) -> list[tuple[int, str]]:
        return [(n, text) for text, n in self._numbers.items()]


def format_refs(numbers: tuple[int, ...]) -> str:
    """``(1, 2, 3, 5)`` -> ``"[1-3, 5]"``; empty for no numbers."""
    if not numbers:
        return ""
    ordered = sorted(set(numbers))
    runs: list[str] = []
    first = prev = ordered[0]
    for n in [*ordered[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        runs.append(str(first) if first == prev else f"{first}\u2013{prev}" if prev > first + 1 else f"{first}, {prev}")
        if n is not None:
            first = prev = n
    return "[" + ", ".join(runs) + "]"
