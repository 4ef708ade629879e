"""Printable PDF handouts of a map or a comparison: the canvases' scenes drawn as vectors with QPdfWriter,
a title above and a legend and notes below, finished like the chart summary (desktop.report.pdfmeta) and
written atomically and owner-only (bodymaps.files)."""

from __future__ import annotations

import os

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, Qt
from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPainter, QPdfWriter, QTextDocument
from PySide6.QtWidgets import QGraphicsView

from bodymaps.files import write_private_atomic_bytes
from desktop.report.pdfmeta import finish


def _font(size: float, bold: bool = False) -> QFont:
    font = QFont()
    font.setPointSizeF(size)
    font.setBold(bold)
    font.setFeature(QFont.Tag("liga"), 0)  # text copied out of the PDF stays exact (platform-notes.md)
    return font


def handout_pdf(title: str, notes_html: str, canvases: list[QGraphicsView], table_html: str = "") -> bytes:
    """The handout as PDF bytes: title, figures side by side, then notes (and an optional table)."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setTitle(title)
    writer.setCreator("BodyMaps teaching mode")
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Landscape,
                                     QMarginsF(12, 12, 12, 12), QPageLayout.Unit.Millimeter))
    writer.setResolution(300)
    painter = QPainter(writer)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    page = QRectF(writer.pageLayout().paintRectPixels(writer.resolution()))
    page.moveTo(0, 0)
    painter.setFont(_font(13, bold=True))
    title_h = page.height() * 0.08
    painter.drawText(QRectF(0, 0, page.width(), title_h),
                     Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap, title)
    figure_h = page.height() * 0.64
    gap = page.width() * 0.02
    width = (page.width() - gap * (len(canvases) - 1)) / max(1, len(canvases))
    for i, canvas in enumerate(canvases):
        scene = canvas.scene()
        source = scene.itemsBoundingRect()
        scale = min(width / source.width(), figure_h / source.height())
        w, h = source.width() * scale, source.height() * scale
        target = QRectF(i * (width + gap) + (width - w) / 2, title_h, w, h)  # centred in its column
        scene.render(painter, target, source, Qt.AspectRatioMode.KeepAspectRatio)
    doc = QTextDocument()
    doc.setDefaultFont(_font(8.5))
    doc.setTextWidth(page.width() / (writer.resolution() / 96.0))
    doc.setHtml(notes_html + table_html)
    painter.save()
    painter.translate(0, title_h + figure_h + page.height() * 0.01)
    scale = writer.resolution() / 96.0
    painter.scale(scale, scale)
    doc.drawContents(painter, QRectF(0, 0, page.width() / scale, (page.height() - title_h - figure_h) / scale))
    painter.restore()
    painter.end()
    buffer.close()
    # the chart summary's finishing step (desktop.report): a Subject entry, so a handout is recognisable in a
    # PDF reader's properties and in a document store
    return finish(bytes(data.data()), f"BodyMaps teaching handout: {title}")


def legend_html(entries: list[tuple[str, str]]) -> str:
    """A row of coloured cells with labels (colour, label), for the printed legend."""
    cells = "".join(f"<td bgcolor='{c}'>&nbsp;&nbsp;&nbsp;&nbsp;</td><td>{label}&nbsp;&nbsp;</td>" for c, label in entries)
    return f"<table cellspacing='2'><tr>{cells}</tr></table>"


def write_handout(path: str | os.PathLike[str], title: str, notes_html: str, canvases: list[QGraphicsView],
                  table_html: str = "") -> None:
    write_private_atomic_bytes(path, handout_pdf(title, notes_html, canvases, table_html))
