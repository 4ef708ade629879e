"""Layout blocks for the chart summary: measured in device units, split across pages, drawn with QPainter.

A block knows its height for a width, how to split at a height (tables split between rows and repeat their
header), and how to draw itself, in device units measured by ``Ctx`` (desktop/report/measure.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen

from desktop.report.measure import WRAP, Ctx

INK = QColor("#1a1a1a")
MUTED = QColor("#5f5f5f")
RULE = QColor("#b8b8b8")
SHADE = QColor("#ececec")
_ALIGN = {"l": int(Qt.AlignmentFlag.AlignLeft), "c": int(Qt.AlignmentFlag.AlignHCenter),
          "r": int(Qt.AlignmentFlag.AlignRight)}


class Block:
    """Something placed in the page flow."""

    space_before = 3.0  # mm

    def height(self, ctx: Ctx, width: float) -> float:
        raise NotImplementedError

    def split(self, ctx: Ctx, width: float, available: float) -> tuple[Block | None, Block]:
        """(part that fits in ``available``, the rest); (None, self) when nothing fits or it cannot split."""
        return None, self

    def draw(self, ctx: Ctx, painter: QPainter, x: float, y: float, width: float) -> None:
        raise NotImplementedError


@dataclass
class Text(Block):
    """A paragraph (word-wrapped), optionally with a bold lead-in in the same font size."""

    text: str
    size: float = 8.0
    bold: bool = False
    italic: bool = False
    colour: QColor = field(default_factory=lambda: QColor(INK))
    space_before: float = 1.5

    def height(self, ctx: Ctx, width: float) -> float:
        return ctx.text_height(self.text, ctx.font(self.size, self.bold, self.italic), width)

    def draw(self, ctx: Ctx, painter: QPainter, x: float, y: float, width: float) -> None:
        painter.setFont(ctx.font(self.size, self.bold, self.italic))
        painter.setPen(self.colour)
        painter.drawText(QRectF(x, y, width, self.height(ctx, width) + 1), WRAP, self.text)


@dataclass
class Heading(Block):
    """A section title with a rule under it; kept with the block that follows (see Section)."""

    text: str
    size: float = 10.5
    space_before: float = 3.5

    def height(self, ctx: Ctx, width: float) -> float:
        return ctx.metrics(ctx.font(self.size, True)).height() + ctx.mm(1.2)

    def draw(self, ctx: Ctx, painter: QPainter, x: float, y: float, width: float) -> None:
        font = ctx.font(self.size, True)
        painter.setFont(font)
        painter.setPen(INK)
        h = ctx.metrics(font).height()
        painter.drawText(QRectF(x, y, width, h), int(Qt.AlignmentFlag.AlignLeft), self.text)
        painter.setPen(QPen(INK, ctx.mm(0.3)))
        painter.drawLine(QPointF(x, y + h + ctx.mm(0.4)), QPointF(x + width, y + h + ctx.mm(0.4)))


@dataclass
class Cell:
    text: str
    bold: bool = False
    italic: bool = False
    colour: QColor | None = None
    align: str = "l"  # l | c | r
    span: int = 1  # columns this cell covers (in a Grid)


@dataclass
class GridRow:
    cells: list[Cell]
    shade: QColor | None = None
    header: bool = False
    rule_above: bool = False  # a darker rule, to start a group (a condition of the differential)


@dataclass
class Grid(Block):
    """A table: fractional column widths, word-wrapped cells, header rows repeated on every page it spans."""

    widths: list[float]  # fractions of the block width
    rows: list[GridRow]
    size: float = 7.5
    title: str = ""
    border: QColor | None = None  # a box around the whole table (the red-flag box)
    border_width: float = 0.5  # mm
    space_before: float = 3.0
    pad: float = 0.45  # mm, vertical padding per row

    def _title_font(self, ctx: Ctx) -> QFont:
        return ctx.font(self.size + 1.0, True)

    def _title_h(self, ctx: Ctx) -> float:
        return ctx.metrics(self._title_font(ctx)).height() + ctx.mm(0.8) if self.title else 0.0

    def _inset(self, ctx: Ctx) -> float:
        return ctx.mm(1.5) if self.border is not None else 0.0

    def _col_x(self, width: float) -> list[float]:
        xs, acc = [], 0.0
        for w in self.widths:
            xs.append(acc * width)
            acc += w
        return xs

    def _placed(self, row: GridRow) -> list[tuple[Cell, int, float]]:
        """(cell, first column, fraction of the width) for each cell of ``row``, spans included."""
        out, col = [], 0
        for cell in row.cells:
            if col >= len(self.widths):
                break
            out.append((cell, col, sum(self.widths[col : col + cell.span])))
            col += cell.span
        return out

    def _row_h(self, ctx: Ctx, row: GridRow, width: float) -> float:
        key = (id(row), id(self.widths), self.size, self.pad, width)  # rows and widths live as long as ctx
        height = ctx.rows.get(key)
        if height is None:
            best = 0.0
            inset = ctx.mm(1.6)
            for cell, _, w in self._placed(row):
                font = ctx.font(self.size, cell.bold or row.header, cell.italic)
                best = max(best, ctx.text_height(cell.text, font, w * width - inset))
            height = ctx.rows[key] = best + 2 * ctx.mm(self.pad)
        return height

    def height(self, ctx: Ctx, width: float) -> float:
        inner = width - 2 * self._inset(ctx)
        return self._title_h(ctx) + sum(self._row_h(ctx, r, inner) for r in self.rows) + 2 * self._inset(ctx)

    def split(self, ctx: Ctx, width: float, available: float) -> tuple[Block | None, Block]:
        inner = width - 2 * self._inset(ctx)
        headers = [r for r in self.rows if r.header]
        body = [r for r in self.rows if not r.header]
        used = self._title_h(ctx) + 2 * self._inset(ctx) + sum(self._row_h(ctx, r, inner) for r in headers)
        fit = 0
        for row in body:
            used += self._row_h(ctx, row, inner)
            if used > available:
                break
            fit += 1
        if any(row.rule_above for row in body):  # grouped rows (a condition and its findings) stay together
            starts = [i for i in range(1, fit + 1) if i < len(body) and body[i].rule_above]
            groups = [i for i in starts if sum(1 for r in body[:i] if r.rule_above) >= 2]
            fit = groups[-1] if groups else 0  # and at least two groups go first
        if fit < 2 or fit == len(body):  # never leave a header with one row behind
            return None, self
        head = Grid(self.widths, headers + body[:fit], self.size, self.title, self.border, self.border_width,
                    self.space_before, self.pad)
        title = f"{self.title} (continued)" if self.title else ""
        tail = Grid(self.widths, headers + body[fit:], self.size, title, self.border, self.border_width,
                    self.space_before, self.pad)
        return head, tail

    def draw(self, ctx: Ctx, painter: QPainter, x: float, y: float, width: float) -> None:
        total = self.height(ctx, width)
        inset = self._inset(ctx)
        if self.border is not None:
            painter.setPen(QPen(self.border, ctx.mm(self.border_width)))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(QRectF(x, y, width, total))
        x, y, width = x + inset, y + inset, width - 2 * inset
        if self.title:
            painter.setFont(self._title_font(ctx))
            painter.setPen(self.border if self.border is not None else INK)
            painter.drawText(QRectF(x, y, width, self._title_h(ctx)), int(Qt.AlignmentFlag.AlignLeft), self.title)
            y += self._title_h(ctx)
        xs = self._col_x(width)
        left, pad, inset = x + ctx.mm(0.8), ctx.mm(self.pad), ctx.mm(1.6)
        rule, group_rule = QPen(RULE, ctx.mm(0.12)), QPen(INK, ctx.mm(0.25))
        for row in self.rows:
            h = self._row_h(ctx, row, width)
            if row.shade is not None:
                painter.fillRect(QRectF(x, y, width, h), row.shade)
            painter.setPen(group_rule if row.rule_above else rule)
            if row.rule_above or not row.header:
                painter.drawLine(QPointF(x, y), QPointF(x + width, y))
            for cell, col, w in self._placed(row):
                if not cell.text:
                    continue
                painter.setFont(ctx.font(self.size, cell.bold or row.header, cell.italic))
                painter.setPen(cell.colour or (MUTED if row.header else INK))
                painter.drawText(QRectF(left + xs[col], y + pad, w * width - inset, h), WRAP | _ALIGN[cell.align],
                                 cell.text)
            y += h
            if row.header:
                painter.setPen(QPen(INK, ctx.mm(0.2)))
                painter.drawLine(QPointF(x, y), QPointF(x + width, y))


@dataclass
class Stack(Block):
    """Blocks one under another, never split (a table with its key, a figure panel with its legend)."""

    children: list[Block]
    space_before: float = 3.0

    def height(self, ctx: Ctx, width: float) -> float:
        return sum(c.height(ctx, width) for c in self.children) + sum(
            ctx.mm(c.space_before) for c in self.children[1:])

    def draw(self, ctx: Ctx, painter: QPainter, x: float, y: float, width: float) -> None:
        for i, child in enumerate(self.children):
            if i:
                y += ctx.mm(child.space_before)
            child.draw(ctx, painter, x, y, width)
            y += child.height(ctx, width)


@dataclass
class Columns(Block):
    """Blocks side by side (fractions of the width, a gap between); as tall as the tallest; never split.
    ``alternatives``: other fraction sets to try; the one that makes the row least tall is used."""

    children: list[tuple[Block, float]]
    gap: float = 5.0  # mm
    space_before: float = 3.0
    alternatives: tuple[tuple[float, ...], ...] = ()

    def _widths(self, ctx: Ctx, width: float) -> list[float]:
        free = width - ctx.mm(self.gap) * (len(self.children) - 1)
        options = [tuple(frac for _, frac in self.children), *self.alternatives]
        if len(options) == 1:
            return [free * frac for frac in options[0]]
        best = min(options, key=lambda fracs: self._tallest(ctx, [free * f for f in fracs]))
        return [free * frac for frac in best]

    def _tallest(self, ctx: Ctx, widths: list[float]) -> float:
        return max(b.height(ctx, w) for (b, _), w in zip(self.children, widths, strict=True))

    def height(self, ctx: Ctx, width: float) -> float:
        return self._tallest(ctx, self._widths(ctx, width))

    def draw(self, ctx: Ctx, painter: QPainter, x: float, y: float, width: float) -> None:
        for (block, _), w in zip(self.children, self._widths(ctx, width), strict=True):
            block.draw(ctx, painter, x, y, w)
            x += w + ctx.mm(self.gap)


@dataclass
class Section(Block):
    """A heading kept together with the start of its content."""

    heading: Heading
    body: Block
    space_before: float = 3.5

    def height(self, ctx: Ctx, width: float) -> float:
        return self.heading.height(ctx, width) + ctx.mm(1.2) + self.body.height(ctx, width)

    def split(self, ctx: Ctx, width: float, available: float) -> tuple[Block | None, Block]:
        top = self.heading.height(ctx, width) + ctx.mm(1.2)
        head, tail = self.body.split(ctx, width, available - top)
        if head is None:
            return None, self
        if isinstance(tail, Flow) and not tail.children:
            return Section(self.heading, head, self.space_before), tail
        title = self.heading.text if self.heading.text.endswith("(continued)") else f"{self.heading.text} (continued)"
        return Section(self.heading, head, self.space_before), Section(Heading(title, self.heading.size), tail)

    def draw(self, ctx: Ctx, painter: QPainter, x: float, y: float, width: float) -> None:
        self.heading.draw(ctx, painter, x, y, width)
        self.body.draw(ctx, painter, x, y + self.heading.height(ctx, width) + ctx.mm(1.2), width)


@dataclass
class Flow(Block):
    """Blocks in order that may be split between pages (the body of a long section)."""

    children: list[Block]
    space_before: float = 0.0

    def height(self, ctx: Ctx, width: float) -> float:
        return Stack(self.children).height(ctx, width)

    def split(self, ctx: Ctx, width: float, available: float) -> tuple[Block | None, Block]:
        used = 0.0
        for i, child in enumerate(self.children):
            gap = ctx.mm(child.space_before) if i else 0.0
            h = child.height(ctx, width)
            if used + gap + h > available:
                head, tail = child.split(ctx, width, available - used - gap)
                taken = self.children[:i] + ([head] if head is not None else [])
                if not taken:
                    return None, self
                return Flow(taken), Flow([tail, *self.children[i + 1 :]])
            used += gap + h
        return self, Flow([])

    def draw(self, ctx: Ctx, painter: QPainter, x: float, y: float, width: float) -> None:
        Stack(self.children).draw(ctx, painter, x, y, width)


@dataclass
class NewspaperColumns(Block):
    """Rows (of one Grid style) filling two columns top to bottom, left column first, then onto the next page."""

    grid: Grid  # its rows are the items; no header rows
    columns: int = 2
    gap: float = 4.0  # mm
    space_before: float = 0.0

    def _width(self, ctx: Ctx, width: float) -> float:
        return (width - ctx.mm(self.gap) * (self.columns - 1)) / self.columns

    def _heights(self, ctx: Ctx, width: float) -> list[float]:
        w = self._width(ctx, width)
        return [self.grid._row_h(ctx, row, w) for row in self.grid.rows]

    def _balanced(self, ctx: Ctx, width: float) -> list[list[GridRow]]:
        heights = self._heights(ctx, width)
        total = sum(heights)
        cols: list[list[GridRow]] = [[] for _ in range(self.columns)]
        acc, col = 0.0, 0
        for row, h in zip(self.grid.rows, heights, strict=True):
            if col < self.columns - 1 and acc + h / 2 > total * (col + 1) / self.columns:
                col += 1
            cols[col].append(row)
            acc += h
        return cols

    def height(self, ctx: Ctx, width: float) -> float:
        w = self._width(ctx, width)
        return max((sum(self.grid._row_h(ctx, r, w) for r in col) for col in self._balanced(ctx, width)), default=0.0)

    def split(self, ctx: Ctx, width: float, available: float) -> tuple[Block | None, Block]:
        heights = self._heights(ctx, width)
        taken, used, col = 0, 0.0, 0
        for h in heights:
            if used + h > available:
                col += 1
                used = 0.0
                if col >= self.columns:
                    break
            used += h
            taken += 1
        if taken < min(6, len(self.grid.rows)) or taken == len(self.grid.rows):  # no orphaned first lines
            return None, self
        head = NewspaperColumns(self._with(self.grid.rows[:taken]), self.columns, self.gap, self.space_before)
        return head, NewspaperColumns(self._with(self.grid.rows[taken:]), self.columns, self.gap, 0.0)

    def _with(self, rows: list[GridRow]) -> Grid:
        g = self.grid
        return Grid(g.widths, rows, g.size, "", g.border, g.border_width, 0.0, g.pad)

    def draw(self, ctx: Ctx, painter: QPainter, x: float, y: float, width: float) -> None:
        w = self._width(ctx, width)
        for col in self._balanced(ctx, width):
            if col:
                self._with(col).draw(ctx, painter, x, y, w)
            x += w + ctx.mm(self.gap)
