"""`bodymaps report` and the app's printing API: bad input, unwritable output, atomic replacement, batches."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from bodymaps.exam import load_exam
from tests.report_helpers import info, needs_poppler, text

pytestmark = needs_poppler
ROOT = Path(__file__).resolve().parent.parent
L5 = ROOT / "data" / "examples" / "left_l5_radiculopathy.bodymaps.json"
CES = ROOT / "data" / "examples" / "cauda_equina_red_flags.bodymaps.json"


def _cli(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    return subprocess.run([sys.executable, "-m", "bodymaps", "report", *map(str, args)], capture_output=True,
                          text=True, env=env, cwd=cwd)


def test_cli_writes_an_owner_only_pdf_without_a_display(tmp_path):
    out = tmp_path / "summary.pdf"
    result = _cli(L5, "-o", out, "--paper", "letter")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert info(out)["Page size"].startswith("612 x 792")
    assert "L5 radiculopathy" in text(out)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["summary.pdf"]  # no temporary file left behind


def test_cli_deidentify_and_map_options(tmp_path):
    out = tmp_path / "teaching.pdf"
    result = _cli(L5, "-o", out, "--deidentify", "--map", "keegan_garrett", "--no-dermatome-outline")
    assert result.returncode == 0, result.stderr
    body = text(out)
    assert "Keegan" in body and "De-identified" in body and "2026-11-21" not in body
    assert "Dashed outline" not in body


def test_invalid_exam_exits_2_with_one_line(tmp_path):
    bad = tmp_path / "bad.bodymaps.json"
    bad.write_text('{"format": "bodymaps.exam", "version": 1, "sensory": [{"zone": "elbow", "side": "left", '
                   '"kind": "pain"}]}', encoding="utf-8")
    out = tmp_path / "bad.pdf"
    result = _cli(bad, "-o", out)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "elbow" in result.stderr
    assert not out.exists()


@pytest.mark.parametrize("where", ["missing_folder", "folder_is_a_file", "output_is_a_folder"])
def test_unwritable_output_exits_2_with_one_line_and_writes_nothing(tmp_path, where):
    blocker = tmp_path / "file.txt"
    blocker.write_text("x", encoding="utf-8")
    out = {"missing_folder": tmp_path / "nope" / "s.pdf", "folder_is_a_file": blocker / "s.pdf",
           "output_is_a_folder": tmp_path}[where]
    before = sorted(p.name for p in tmp_path.rglob("*"))
    result = _cli(L5, "-o", out)
    assert result.returncode == 2, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "cannot write" in result.stderr
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


def test_messages_are_one_inert_line_even_for_hostile_file_names(tmp_path):
    bad = tmp_path / "evil\x1b[31m\u202e.bodymaps.json"
    bad.write_text("{not json", encoding="utf-8")
    result = _cli(bad, "-o", tmp_path / "s.pdf")
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "\x1b" not in result.stderr and "\u202e" not in result.stderr and "\\x1b" in result.stderr


def test_unknown_map_exits_2(tmp_path):
    result = _cli(L5, "-o", tmp_path / "s.pdf", "--map", "nonsense")
    assert result.returncode == 2 and "unknown map" in result.stderr


def test_batch_writes_one_pdf_per_exam_and_skips_a_bad_one(tmp_path):
    exams = tmp_path / "exams"
    exams.mkdir()
    shutil.copy(L5, exams / "a.bodymaps.json")
    shutil.copy(CES, exams / "b.bodymaps.json")
    (exams / "c.bodymaps.json").write_text("{not json", encoding="utf-8")
    out = tmp_path / "pdfs"
    out.mkdir()
    result = _cli("--batch", exams, "--out-dir", out)
    assert result.returncode == 1
    assert sorted(p.name for p in out.iterdir()) == ["a.pdf", "b.pdf"]
    assert "c.bodymaps.json" in result.stderr and "1 of 3" in result.stderr
    assert "RED FLAGS" in text(out / "b.pdf")


def test_batch_needs_an_output_folder(tmp_path):
    result = _cli("--batch", tmp_path, "--out-dir", tmp_path / "missing")
    assert result.returncode == 2 and "does not exist" in result.stderr


# ------------------------------------------------------------------------------------------ the app's API
def test_write_pdf_replaces_an_existing_pdf_atomically(qapp, tmp_path):
    from desktop.report.printing import write_pdf

    out = tmp_path / "s.pdf"
    out.write_bytes(b"old")
    os.chmod(out, 0o644)
    write_pdf(load_exam(L5), out, map_id="evidence_based")
    assert out.read_bytes().startswith(b"%PDF") and stat.S_IMODE(out.stat().st_mode) == 0o600


def test_write_pdf_failure_leaves_the_old_file_and_the_exam_as_they_were(qapp, tmp_path, monkeypatch):
    from desktop.report import printing

    exam = load_exam(L5)
    snapshot = repr(exam)
    out = tmp_path / "s.pdf"
    out.write_bytes(b"old")
    with pytest.raises(ValueError, match="unknown"):
        printing.write_pdf(exam, out, map_id="nonsense")
    with pytest.raises(ValueError, match="paper"):
        printing.write_pdf(exam, out, map_id="evidence_based", paper="a3")
    with pytest.raises(OSError, match=r"^cannot write .*does not exist$"):
        printing.write_pdf(exam, tmp_path / "missing" / "s.pdf", map_id="evidence_based")
    with pytest.raises(IsADirectoryError, match=r"^cannot write .*it is a folder$"):
        printing.write_pdf(exam, tmp_path, map_id="evidence_based")

    def disk_full(path, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("bodymaps.files.write_private_atomic_bytes", disk_full)
    with pytest.raises(OSError, match=r"^cannot write .*No space left") as caught:
        printing.write_pdf(exam, out, map_id="evidence_based")
    assert caught.value.errno == 28
    assert out.read_bytes() == b"old"
    assert repr(exam) == snapshot


def test_print_and_preview_draw_the_same_pages(qapp, tmp_path, monkeypatch):
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
    from PySide6.QtWidgets import QDialog

    from desktop.report import printing

    made: list[QPrinter] = []
    real = printing._printer

    def to_file(paper):
        printer = real(paper)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(tmp_path / f"printed{len(made)}.pdf"))
        made.append(printer)
        return printer

    monkeypatch.setattr(printing, "_printer", to_file)
    monkeypatch.setattr(QPrintDialog, "exec", lambda self: QDialog.DialogCode.Rejected)
    assert printing.print_report(None, load_exam(L5), map_id="evidence_based") is False
    monkeypatch.setattr(QPrintDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    assert printing.print_report(None, load_exam(L5), map_id="evidence_based") is True
    printed = tmp_path / "printed1.pdf"
    from desktop.report.pdf import pdf_bytes

    pages = pdf_bytes(printing.build(load_exam(L5), map_id="evidence_based")).pages
    assert f"Page {pages} of {pages}" in text(printed) and "L5 radiculopathy" in text(printed)

    shown = []

    def fake_exec(self):
        self.paintRequested.emit(made[-1])
        shown.append(True)
        return 0

    monkeypatch.setattr(QPrintPreviewDialog, "exec", fake_exec)
    printing.preview_report(None, load_exam(CES), map_id="evidence_based", paper="letter")
    assert shown and "RED FLAGS" in text(tmp_path / "printed2.pdf")


def test_the_app_api_has_the_agreed_signatures():
    import inspect

    from desktop.report import printing

    def shape(fn):
        return [(p.name, p.kind.name, p.default) for p in inspect.signature(fn).parameters.values()]

    empty = inspect.Parameter.empty
    assert shape(printing.write_pdf) == [
        ("exam", "POSITIONAL_OR_KEYWORD", empty), ("path", "POSITIONAL_OR_KEYWORD", empty),
        ("map_id", "KEYWORD_ONLY", empty), ("paper", "KEYWORD_ONLY", "a4"), ("deidentify", "KEYWORD_ONLY", False)]
    for fn in (printing.print_report, printing.preview_report):
        assert shape(fn) == [
            ("parent", "POSITIONAL_OR_KEYWORD", empty), ("exam", "POSITIONAL_OR_KEYWORD", empty),
            ("map_id", "KEYWORD_ONLY", empty), ("paper", "KEYWORD_ONLY", "a4")]


def test_a_large_batch_uses_worker_processes_and_writes_every_pdf(tmp_path):
    from bodymaps.cli.report_batch import PARALLEL_FROM

    exams = tmp_path / "exams"
    exams.mkdir()
    for i in range(PARALLEL_FROM + 1):
        shutil.copy(L5 if i % 2 else CES, exams / f"{i:02d}.bodymaps.json")
    out = tmp_path / "pdfs"
    out.mkdir()
    result = _cli("--batch", exams, "--out-dir", out, "--deidentify")
    assert result.returncode == 0, result.stderr
    written = sorted(out.iterdir())
    assert [p.name for p in written] == [f"{i:02d}.pdf" for i in range(PARALLEL_FROM + 1)]
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 and p.read_bytes().startswith(b"%PDF") for p in written)
    assert "RED FLAGS" in text(out / "00.pdf") and "RED FLAGS" not in text(out / "01.pdf")
