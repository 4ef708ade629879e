"""Speed of the chart summary PDF beside baselines measured in the same run.

- Whole process (the headline: what a user of ``bodymaps report EXAM -o PDF`` waits for): the command against
  a process that imports Qt and writes the one-page baseline page (a title and a paragraph), both run as
  installed: with compiled bytecode (as pip installs it; kept in a temporary folder here) and a warm per-user
  cache (a private folder, so that other checkouts cannot evict it). Median wall time and CPU time of 11 runs
  each, interleaved; the source-only figure (no bytecode, as an editable checkout with
  PYTHONDONTWRITEBYTECODE runs) is printed beside it.
- In process (Qt, fonts and atlas loaded, as in the app): median time of ``write_pdf`` for the example exam
  (assess + content + layout + drawing + atomic 0600 write) against (a) the same one-page baseline, unchanged,
  and (b) a like-for-like baseline: the summary's own text runs (every string, font, box and page of it)
  replayed onto two pages with nothing else: no layout, no figures, no tables' rules. (b) is what Qt's PDF
  engine costs for this much text in three embedded fonts; the gap to it is the renderer's own cost.
  The tables through QTextDocument (HTML) are timed too, for the choice of renderer (docs/report.md).
- App: the longest stall of the window's event loop while File > Export PDF writes the example exam
  (goal < 100 ms; the PDF is drawn on a worker thread).
- Batch: ``bodymaps report --batch`` over 100 exams (tests/cases), end to end, in PDFs per second.
Goals: full summary < 2x the baseline; batch >= 20 PDFs/s on two cores. Ratios only; timings vary run to run.
Run: .venv/bin/python benchmarks/bench_report.py
"""

from __future__ import annotations

import os
import resource
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
PROCESS_REPEAT = 11
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

APP_SCRIPT = """
import os, sys, time
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, sys.argv[1])
from PySide6.QtCore import QEventLoop, QTimer
from bodymaps.atlas import load_atlas
from bodymaps.exam import ExamDocument
from desktop.app import make_application
from desktop.document import dialogs
from desktop.main_window import MainWindow
app = make_application()
window = MainWindow(load_atlas(), ExamDocument.open(sys.argv[2]), None)
window.resize(1366, 768)
window.show()
for _ in range(20):
    app.processEvents()
dialogs.ask_pdf_path = lambda parent, suggested: sys.argv[3]
last, gaps = [time.perf_counter()], []
def tick():
    now = time.perf_counter()
    gaps.append(now - last[0])
    last[0] = now
timer = QTimer(interval=2, timeout=tick)
timer.start()
for run in range(4):
    if os.path.exists(sys.argv[3]):
        os.unlink(sys.argv[3])
    loop = QEventLoop()
    def start():
        gaps.clear()
        last[0] = time.perf_counter()
        window.act.export_pdf.trigger()  # returns at once when the PDF is drawn on a worker thread
        tick()  # when it does not, the time it blocked is a gap too
    QTimer.singleShot(30, start)
    wait = QTimer(interval=10, timeout=lambda: "PDF written" in window.statusBar().currentMessage() and loop.quit())
    wait.start()
    QTimer.singleShot(10000, loop.quit)
    loop.exec()
    wait.stop()
    window.statusBar().clearMessage()
    print(f"{max(gaps) * 1000:.1f}")
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


def _text_runs(report) -> list[list[tuple]]:
    """Every text run the summary draws (font, box, flags, text), page by page, recorded from one drawing."""
    from PySide6.QtGui import QFont, QPainter, QPdfWriter

    from desktop.report.pdf import pdf_bytes

    pages: list[list[tuple]] = [[]]
    real_text, real_page = QPainter.drawText, QPdfWriter.newPage

    def record(painter, *args):
        if len(args) == 3:
            pages[-1].append((QFont(painter.font()), args[0], args[1], args[2]))
        return real_text(painter, *args)

    def page(writer):
        pages.append([])
        return real_page(writer)

    QPainter.drawText, QPdfWriter.newPage = record, page
    try:
        pdf_bytes(report)
    finally:
        QPainter.drawText, QPdfWriter.newPage = real_text, real_page
    return pages


def _replay(pages: list[list[tuple]]) -> None:
    """The like-for-like baseline: the same text runs on the same pages, nothing else."""
    from PySide6.QtCore import QBuffer, QIODevice
    from PySide6.QtGui import QPageSize, QPainter, QPdfWriter

    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(1200)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    painter = QPainter(writer)
    for number, runs in enumerate(pages):
        if number:
            writer.newPage()
        for font, rect, flags, text in runs:
            painter.setFont(font)
            painter.drawText(rect, flags, text)
    painter.end()


def in_process(tmp: Path) -> None:
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
    runs = _text_runs(report)
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
    t_same = _median(lambda: _replay(runs))
    t_content = _median(lambda: build_report(exam, assess(exam)))
    t_draw = _median(lambda: pdf_bytes(report))
    t_doc = _median(text_document)
    c_base = _median(baseline, clock=time.process_time)
    c_full = _median(full, clock=time.process_time)
    c_same = _median(lambda: _replay(runs), clock=time.process_time)
    print(f"in process, median of {REPEAT}:")
    print(f"  one-page QPdfWriter baseline      {t_base * 1000:7.1f} ms")
    print(f"  same text runs, 2 pages, 3 fonts  {t_same * 1000:7.1f} ms   ({sum(map(len, runs))} runs on {len(runs)} "
          "pages, nothing else: the like-for-like baseline)")
    print(f"  full summary (write_pdf)          {t_full * 1000:7.1f} ms   = {t_full / t_base:.2f}x the one-page baseline "
          f"(goal < 2x), {t_full / t_same:.2f}x the like-for-like one")
    print(f"    of which assess + content       {t_content * 1000:7.1f} ms")
    print(f"    of which layout + drawing       {t_draw * 1000:7.1f} ms")
    print(f"  tables only via QTextDocument     {t_doc * 1000:7.1f} ms   (no figures; for comparison)")
    print(f"  CPU time: one-page baseline {c_base * 1000:.1f} ms, like-for-like {c_same * 1000:.1f} ms, full summary "
          f"{c_full * 1000:.1f} ms = {c_full / c_base:.2f}x / {c_full / c_same:.2f}x (wall time includes the fsync)")
    del app


def _run(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, env=env, cwd=ROOT)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


def whole_process(tmp: Path) -> None:
    script = tmp / "baseline.py"
    script.write_text(BASELINE_SCRIPT, encoding="utf-8")
    plain = dict(os.environ, QT_QPA_PLATFORM="offscreen", BODYMAPS_CACHE_DIR=str(tmp / "cache"))
    installed = dict(plain, PYTHONPYCACHEPREFIX=str(tmp / "pycache"))
    installed.pop("PYTHONDONTWRITEBYTECODE", None)
    plain["PYTHONDONTWRITEBYTECODE"] = "1"
    base = [sys.executable, str(script), str(tmp / "b.pdf")]
    cli = [sys.executable, "-m", "bodymaps", "report", str(EXAMPLE), "-o", str(tmp / "cli.pdf")]
    for cmd in (base, cli):  # warm: bytecode written, atlas and print outlines cached
        _run(cmd, installed)
    print(f"whole process, median of {PROCESS_REPEAT} (load average {os.getloadavg()[0]:.1f}):")
    for label, env in (("as installed (bytecode)", installed), ("from source, no bytecode", plain)):
        times: dict[str, list[tuple[float, float]]] = {"base": [], "cli": []}
        for _ in range(PROCESS_REPEAT):
            times["base"].append(_run(base, env))
            times["cli"].append(_run(cli, env))
        wb, wc = (statistics.median(t[0] for t in times[k]) for k in ("base", "cli"))
        cb, cc = (statistics.median(t[1] for t in times[k]) for k in ("base", "cli"))
        print(f"  {label}: baseline page {wb * 1000:6.1f} ms, bodymaps report {wc * 1000:6.1f} ms = "
              f"{wc / wb:.2f}x (CPU {cb * 1000:.0f} / {cc * 1000:.0f} ms = {cc / cb:.2f}x)")


def app_stall(tmp: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", BODYMAPS_CACHE_DIR=str(tmp / "cache"))
    run = subprocess.run([sys.executable, "-c", APP_SCRIPT, str(ROOT), str(EXAMPLE), str(tmp / "app.pdf")], env=env,
                         capture_output=True, text=True)
    if run.returncode:
        print(f"app: the measurement failed: {run.stderr.strip().splitlines()[-1:]}")
        return
    out = run.stdout.split()
    print(f"app, File > Export PDF of the example exam: longest event-loop stall {out[0]} ms on the first export "
          f"of the session, then {', '.join(out[1:])} ms (goal < 100 ms)")


def batch(tmp: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", BODYMAPS_CACHE_DIR=str(tmp / "cache"))
    exams = tmp / "exams"
    exams.mkdir()
    cases = sorted((ROOT / "tests" / "cases").glob("*.bodymaps.json"))
    for i in range(BATCH):
        shutil.copy(cases[i % len(cases)], exams / f"{i:03d}.bodymaps.json")
    pdfs = tmp / "pdfs"
    pdfs.mkdir()
    elapsed, cpu = _run([sys.executable, "-m", "bodymaps", "report", "--batch", str(exams), "--out-dir", str(pdfs)],
                        env)
    written = len(list(pdfs.glob("*.pdf")))
    cores = os.cpu_count() or 1
    print(f"batch of {BATCH} exams, end to end on {cores} cores: {elapsed:.2f} s = "
          f"{written / elapsed:.1f} PDFs/s (goal >= 20); load average now {os.getloadavg()[0]:.1f}")
    print(f"  CPU used {cpu:.2f} s = {cpu / written * 1000:.0f} ms per PDF: {cores * written / cpu:.1f} PDFs/s "
          f"on {cores} free cores")


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="bench_report."))
    try:
        print(f"load average at start {os.getloadavg()[0]:.1f}")
        whole_process(tmp)
        in_process(tmp)
        app_stall(tmp)
        batch(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
