"""Draw the chart summary (``bodymaps.report.Report``) on a QPdfWriter or a QPrinter with QPainter.

``pdf_bytes(report)`` gives the finished PDF (metadata, Subject, year-only dates when de-identified) and where
each body figure was drawn; ``paint(report, device)`` draws the same pages on any paged device (the print
dialog and print preview use it). The pages are laid out once, then drawn, so every page knows "of M".
Importing this module needs Qt but opens no window; a QGuiApplication is created when none exists.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QGuiApplication,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
)

from bodymaps.atlas import load_atlas
from bodymaps.report.model import Report
from desktop.report import pdfmeta
from desktop.report.blocks import INK, MUTED, Block, Ctx, Flow, Text
from desktop.report.content import build_blocks
from desktop.report.figures import FigurePanel, Placement

PAPERS = {"a4": QPageSize.PageSizeId.A4, "letter": QPageSize.PageSizeId.Letter}
SIDE_MM = 14.0
HEADER_MM = 10.0  # running header baseline area
BODY_TOP_MM = 19.0
BODY_BOTTOM_MM = 15.0  # from the bottom edge
RESOLUTION = 1200

_app: QGuiApplication | None = None


def ensure_app() -> None:
    """Qt needs an application object for fonts; make a GUI-less one when the caller has none."""
    global _app
    if QGuiApplication.instance() is None:
        _app = QGuiApplication([])


@dataclass
class Rendered:
    data: bytes
    pages: int
    placements: list[Placement]  # one per body figure, in points from the page's top-left corner


def page_size(paper: str) -> QPageSize:
    try:
        return QPageSize(PAPERS[paper])
    except KeyError:
        raise ValueError(f"unknown paper {paper!r}; allowed: {', '.join(PAPERS)}") from None


def _paginate(ctx: Ctx, blocks: list[Block], width: float, top: float, bottom: float) -> list[list[tuple[Block, float]]]:
    pages: list[list[tuple[Block, float]]] = [[]]
    y = top
    queue = list(blocks)
    while queue:
        block = queue.pop(0)
        gap = ctx.mm(block.space_before) if pages[-1] else 0.0
        h = block.height(ctx, width)
        if h <= 0 and isinstance(block, Flow):
            continue
        if y + gap + h <= bottom or (not pages[-1] and h > bottom - top):
            if y + gap + h > bottom:  # taller than a page and cannot split: place it and let it clip
                head, tail = block.split(ctx, width, bottom - y - gap)
                if head is not None:
                    pages[-1].append((head, y + gap))
                    pages.append([])
                    y = top
                    queue.insert(0, tail)
                    continue
            pages[-1].append((block, y + gap))
            y += gap + h
            continue
        head, tail = block.split(ctx, width, bottom - y - gap)
        if head is not None:
            pages[-1].append((head, y + gap))
            queue.insert(0, tail)
        else:
            queue.insert(0, block)
        pages.append([])
        y = top
    return pages


def _running(ctx: Ctx, painter: QPainter, report: Report, page: int, total: int, w: float, h: float) -> None:
    x0, x1 = ctx.mm(SIDE_MM), w - ctx.mm(SIDE_MM)
    bold, small = ctx.font(8.5, True), ctx.font(7.5)
    y = ctx.mm(HEADER_MM)
    painter.setFont(bold)
    painter.setPen(INK)
    line_h = ctx.metrics(bold).height()
    painter.drawText(QRectF(x0, y, x1 - x0, line_h), int(Qt.AlignmentFlag.AlignLeft), report.header.title)
    room = x1 - x0 - ctx.text_width(report.header.title, bold) - ctx.mm(6)
    ident_font = bold
    for size in (8.0, 7.5, 7.0, 6.5):  # a long name shrinks; it is never cut short unless it must be
        if ctx.text_width(report.header.identifiers, ident_font) <= room:
            break
        ident_font = ctx.font(size, True)
    identifiers = ctx.metrics(ident_font).elidedText(report.header.identifiers, Qt.TextElideMode.ElideMiddle, room)
    painter.setFont(ident_font)
    painter.drawText(QRectF(x0, y, x1 - x0, line_h), int(Qt.AlignmentFlag.AlignRight), identifiers)
    painter.setPen(QPen(INK, ctx.mm(0.35)))
    painter.drawLine(QPointF(x0, y + line_h + ctx.mm(1.2)), QPointF(x1, y + line_h + ctx.mm(1.2)))
    fy = h - ctx.mm(BODY_BOTTOM_MM) + ctx.mm(4.5)
    painter.setPen(QPen(QColor("#9a9a9a"), ctx.mm(0.2)))
    painter.drawLine(QPointF(x0, fy - ctx.mm(1)), QPointF(x1, fy - ctx.mm(1)))
    painter.setFont(small)
    painter.setPen(MUTED)
    small_h = ctx.metrics(small).height()
    left = f"BodyMaps {report.header.version} \u00b7 produced {report.header.produced} \u00b7 decision support, not a diagnosis"
    painter.drawText(QRectF(x0, fy, x1 - x0, small_h), int(Qt.AlignmentFlag.AlignLeft), left)
    painter.setFont(ctx.font(8, True))
    painter.setPen(INK)
    painter.drawText(QRectF(x0, fy, x1 - x0, small_h), int(Qt.AlignmentFlag.AlignRight), f"Page {page} of {total}")


def paint(report: Report, device: QPagedPaintDevice, painter: QPainter | None = None) -> tuple[int, list[Placement]]:
    """Lay out and draw every page on ``device``; returns (page count, figure placements)."""
    ensure_app()
    ctx = Ctx(device)
    w, h = float(device.width()), float(device.height())
    width = w - 2 * ctx.mm(SIDE_MM)
    atlas = load_atlas()
    blocks, panel = build_blocks(report, atlas, paper_height_mm=h * 25.4 / ctx.dpi)
    pages = _paginate(ctx, blocks, width, ctx.mm(BODY_TOP_MM), h - ctx.mm(BODY_BOTTOM_MM))
    own = painter is None
    painter = painter or QPainter()
    if own and not painter.begin(device):
        raise OSError("cannot start drawing the PDF (Qt could not open the output)")
    placements: list[Placement] = []
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for number, placed in enumerate(pages, start=1):
            if number > 1:
                device.newPage()
            _running(ctx, painter, report, number, len(pages), w, h)
            for block, y in placed:
                if isinstance(block, FigurePanel) or _holds(block, panel):
                    panel.page = number
                block.draw(ctx, painter, ctx.mm(SIDE_MM), y, width)
        placements = list(panel.placements) if panel is not None else []
    finally:
        if own:
            painter.end()
    return len(pages), placements


def _holds(block: Block, panel: FigurePanel | None) -> bool:
    if panel is None:
        return False
    children = getattr(block, "children", None) or []
    body = getattr(block, "body", None)
    items = [c[0] if isinstance(c, tuple) else c for c in children] + ([body] if body is not None else [])
    return any(item is panel or _holds(item, panel) for item in items)


def pdf_bytes(report: Report) -> Rendered:
    """The finished PDF of ``report`` in memory (nothing is written to disk here)."""
    ensure_app()
    size = page_size(report.paper)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(RESOLUTION)
    writer.setPageLayout(QPageLayout(size, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
    meta = report.metadata
    writer.setTitle(meta.get("title", ""))
    writer.setAuthor(meta.get("author", ""))
    writer.setCreator(meta.get("creator", "BodyMaps"))
    pages, placements = paint(report, writer)
    del writer  # flushes the PDF into the buffer
    data = bytes(QByteArray(buffer.data()).data())
    buffer.close()
    data = pdfmeta.finish(data, meta.get("subject", ""), year_only=report.deidentified)
    return Rendered(data, pages, placements)


__all__ = ["PAPERS", "Rendered", "Text", "ensure_app", "page_size", "paint", "pdf_bytes"]
