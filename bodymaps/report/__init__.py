"""Chart summary content: plain data built from an exam and its assessment, shared by every renderer (no Qt)."""

from bodymaps.report.build import build_report, versions
from bodymaps.report.model import SECTION_TITLES, Report
from bodymaps.report.references import format_refs, split_source

__all__ = ["SECTION_TITLES", "Report", "build_report", "format_refs", "split_source", "versions"]
