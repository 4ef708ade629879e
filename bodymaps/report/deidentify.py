"""HIPAA Safe Harbor for the teaching variant: no name, ID, examiner or notes; dates to the year; ages 90+."""

from __future__ import annotations

import re

SAFE_HARBOR_NOTE = "no name, ID, examiner or notes; dates shown as the year; ages over 89 as 90+"
_YEAR = re.compile(r"\b(\d{4})\b")


def year_only(date: str | None) -> str | None:
    """``"2026-11-21"`` -> ``"2026"``; None stays None; text without a year becomes None (never leaked)."""
    if not date:
        return None
    match = _YEAR.search(date)
    return match.group(1) if match else None


def age_text(age: int | None, deidentify: bool) -> str | None:
    if age is None:
        return None
    if deidentify and age > 89:
        return "90+"
    return str(age)
