"""Speed of the chart summary PDF beside a one-page QPdfWriter baseline measured in the same run.

- In process (Qt, fonts and atlas loaded, as in the app): median time of ``write_pdf`` for the example exam
  (assess + content + layout + drawing + atomic 0600 write) against a one-page QPdfWriter/QPainter PDF of a
  title and a paragraph. The same content's tables through QTextDocument (HTML) are timed too, for the choice
  of renderer (docs/report.md).
- Whole process: ``bodymaps report EXAM -o PDF`` against a process that imports Qt and writes the baseline page.
- Batch: ``bodymaps report --batch`` over 100 exams (tests/cases), end to end, in PDFs per second.
Goals: full summary < 2x the baseline; batch >= 20 PDFs/s on two cores. Ratios only; timings vary run to run.
Run: .venv/bin/python benchmarks/bench_report.py
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

EXAMPLE = ROOT / "data" / "examples" / "left_l5_radiculopathy.bodymaps.json"
REPEAT = 15
BATCH = 100

BASELINE_SCRIPT = """
import os, sys
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFont, QGuiApplication, QPageSize, QPainter, QPdfWriter
app = QGuiApplication.instance() or QGuiApplication([])
def page(target):
    writer = QPdfWriter(target)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setTitle("baseline")
    painter = QPainter(writer)
    font = QFont("DejaVu Sans")
    font.setPointSizeF(10)
    painter.setFont(font)
    painter.drawText(QRectF(800, 800, 8000, 600), 0, "One-page baseline")
    painter.drawText(QRectF(800, 1600, 8000, 4000), int(Qt.TextFlag.TextWordWrap), "Lorem ipsum dolor sit amet. " * 40)
    painter.drawRect(QRectF(800, 6000, 8000, 2000))
    painter.end()
if __name__ == "__main__":
    page(sys.argv[1])
"""


def _median(fn, repeat: int = REPEAT, clock=time.perf_counter) -> float:
    times = []
    for _ in range(repeat):
        t0 = clock()
        fn()
        times.append(clock() - t0)
    return statistics.median(times)


def _html(report) -> str:  # the report's tables as HTML, for the QTextDocument comparison
    from html import escape

    parts = [f"<h3>{escape(report.header.title)}</h3>"]
    for table in (report.sensory, report.strength, report.reflexes, report.tests, report.roots):
        parts.append(f"<b>{escape(table.title)}</b><table border=1 cellspacing=0 cellpadding=2 width=100%><tr>"
                     + "".join(f"<th>{escape(c)}</th>" for c in table.columns) + "</tr>")
        for row in table.rows:
            parts.append("<tr>" + "".join(f"<td>{escape(c.text)}</td>" for c in row.cells) + "</tr>")
        parts.append("</table>")
    for cand in report.differential:
        parts.append(f"<p><b>{cand.rank}. {escape(cand.label)}</b> {cand.side} {cand.score:+.2f}</p><ul>")
        parts += [f"<li>{escape(e.text)} {e.weight:+.2f}</li>" for e in (*cand.supporting, *cand.against)]
        parts.append("</ul>")
    parts += [f"<p>[{r.number}] {escape(r.text)}</p>" for r in report.references]
    return "".join(parts)


def main() -> None:
    from PySide6.QtCore import QBuffer, QIODevice
    from PySide6.QtGui import QGuiApplication, QPageSize, QPdfWriter, QTextDocument

    from bodymaps.engine import assess
    from bodymaps.exam import load_exam
    from bodymaps.report import build_report
    from desktop.report.pdf import pdf_bytes
    from desktop.report.printing import write_pdf

    app = QGuiApplication.instance() or QGuiApplication([])
    namespace: dict = {}
    exec(compile(BASELINE_SCRIPT, "baseline", "exec"), namespace)  # defines page()
    exam = load_exam(EXAMPLE)
    tmp = Path(tempfile.mkdtemp(prefix="bench_report."))
    try:
        out = tmp / "summary.pdf"
        write_pdf(exam, out, map_id="evidence_based")  # warm: atlas, fonts, paths
        namespace["page"](str(tmp / "baseline.pdf"))

        def baseline() -> None:
            buffer = QBuffer()
            buffer.open(QIODevice.OpenModeFlag.WriteOnly)
            namespace["page"](buffer)

        def full() -> None:
            write_pdf(exam, out, map_id="evidence_based")

        report = build_report(exam, assess(exam))
        html = _html(report)

        def text_document() -> None:
            buffer = QBuffer()
            buffer.open(QIODevice.OpenModeFlag.WriteOnly)
            writer = QPdfWriter(buffer)
            writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
            doc = QTextDocument()
            doc.setHtml(html)
            doc.print_(writer)

        t_base, t_full = _median(baseline), _median(full)
        t_content = _median(lambda: build_report(exam, assess(exam)))
        t_draw = _median(lambda: pdf_bytes(report))
        t_doc = _median(text_document)
        c_base = _median(baseline, clock=time.process_time)
        c_full = _median(full, clock=time.process_time)
        print(f"in process, median of {REPEAT}:")
        print(f"  one-page QPdfWriter baseline   {t_base * 1000:7.1f} ms")
        print(f"  full summary (write_pdf)       {t_full * 1000:7.1f} ms   = {t_full / t_base:.2f}x baseline (goal < 2x)")
        print(f"    of which assess + content    {t_content * 1000:7.1f} ms")
        print(f"    of which layout + drawing    {t_draw * 1000:7.1f} ms")
        print(f"  tables only via QTextDocument  {t_doc * 1000:7.1f} ms   (no figures; for comparison)")
        print(f"  CPU time: baseline {c_base * 1000:.1f} ms, full summary {c_full * 1000:.1f} ms "
              f"(wall time includes the fsync of the atomic write and any other load on the machine)")

        # whole process: python start, imports, atlas, drawing, writing
        script = tmp / "baseline.py"
        script.write_text(BASELINE_SCRIPT, encoding="utf-8")
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        cli = [sys.executable, "-m", "bodymaps", "report", str(EXAMPLE), "-o", str(tmp / "cli.pdf")]
        p_base = _median(lambda: subprocess.run([sys.executable, str(script), str(tmp / "b.pdf")], check=True,
                                                env=env), 5)
        p_full = _median(lambda: subprocess.run(cli, check=True, env=env, cwd=ROOT), 5)
        print("whole process, median of 5:")
        print(f"  baseline page                  {p_base * 1000:7.1f} ms")
        print(f"  bodymaps report                {p_full * 1000:7.1f} ms   = {p_full / p_base:.2f}x baseline")

        exams = tmp / "exams"
        exams.mkdir()
        cases = sorted((ROOT / "tests" / "cases").glob("*.bodymaps.json"))
        for i in range(BATCH):
            shutil.copy(cases[i % len(cases)], exams / f"{i:03d}.bodymaps.json")
        pdfs = tmp / "pdfs"
        pdfs.mkdir()
        import resource

        cpu0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "bodymaps", "report", "--batch", str(exams), "--out-dir", str(pdfs)],
                       check=True, env=env, cwd=ROOT)
        elapsed = time.perf_counter() - t0
        cpu1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (cpu1.ru_utime + cpu1.ru_stime) - (cpu0.ru_utime + cpu0.ru_stime)
        written = len(list(pdfs.glob("*.pdf")))
        cores = os.cpu_count() or 1
        print(f"batch of {BATCH} exams, end to end on {cores} cores: {elapsed:.2f} s = "
              f"{written / elapsed:.1f} PDFs/s (goal >= 20); load average now {os.getloadavg()[0]:.1f}")
        print(f"  CPU used {cpu:.2f} s = {cpu / written * 1000:.0f} ms per PDF: {cores * written / cpu:.1f} PDFs/s "
              f"on {cores} free cores")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        del app


if __name__ == "__main__":
    main()
