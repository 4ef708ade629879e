"""Read the atlas SVG files: polygons from <path d="M x,y ... Z"> (even-odd), points from <circle>.

Coordinates are returned in the document's outer units (its ``width`` × ``height``, the units of
``data-midline-x`` and ``data-px-per-cm``): the ``viewBox`` (with ``preserveAspectRatio``) and every
``transform`` on an element and its ancestors are applied, as an SVG editor may add them (a layer moved in
Inkscape gets ``transform="translate(...)"``). What cannot be mapped to plain coordinates (``<use>``,
a nested ``<svg>``, a CSS transform, a transform that collapses the drawing) is refused naming the element.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from shapely import affinity
from shapely.geometry import Polygon
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

from bodymaps.resources import DataError

SVG_NS = "{http://www.w3.org/2000/svg}"
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_TOKEN = re.compile(r"[MmLlZz]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_NUMBER_TEXT = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
_PATH_DATA = re.compile(rf"[\s,]*(?:(?:[MmLlZz]|{_NUMBER_TEXT})[\s,]*)*")  # all of it M/L/Z and numbers
_COMMANDS = frozenset("MmLlZz")
_FUNCTION = re.compile(r"[\s,]*([A-Za-z]+)\s*\(([^()]*)\)[\s,]*")
_ALIGNS = {f"x{x}Y{y}" for x in ("Min", "Mid", "Max") for y in ("Min", "Mid", "Max")}
# transforms that refer to other elements or to CSS cannot be applied here
_REFUSED_TAGS = {"use": "a <use> element (a copy of another element)", "svg": "a nested <svg> viewport",
                 "symbol": "a <symbol>", "foreignObject": "a <foreignObject>"}

Matrix = tuple[float, float, float, float, float, float]  # SVG matrix(a b c d e f): x' = a x + c y + e
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


@dataclass
class RawView:
    id: str
    label: str
    width: float
    height: float
    midline_x: float
    patient_left_on: str
    px_per_cm: float
    unit: float = 1.0  # document units per viewBox unit: drawing tolerances (rounding) scale with it
    paths: dict[str, BaseGeometry] = field(default_factory=dict)  # element id -> geometry
    circles: dict[str, tuple[float, float, dict[str, str]]] = field(default_factory=dict)
    details: list[tuple[list[tuple[float, float]], bool]] = field(default_factory=list)  # (points, closed)


def parse_path(d: str, where: str) -> BaseGeometry:
    """Polygon geometry of a path made of M/L/Z commands (absolute or relative); subpaths combine even-odd."""
    tokens = _TOKEN.findall(d)
    if not tokens or "".join(tokens).replace(" ", "") == "":
        raise DataError(f"{where}: empty path data")
    if not _PATH_DATA.fullmatch(d):
        leftovers = _TOKEN.sub("", d).replace(",", "").strip()
        raise DataError(f"{where}: unsupported path data {leftovers[:20]!r} (only M, L and Z polygons)")
    rings: list[list[tuple[float, float]]] = []
    current: list[tuple[float, float]] = []
    cmd = None
    pos = (0.0, 0.0)
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok in _COMMANDS:
            cmd = tok
            i += 1
            if tok in "Zz":
                if current:
                    rings.append(current)
                    pos = current[0]
                current = []
            continue
        if cmd is None or cmd in "Zz":
            raise DataError(f"{where}: coordinates without a command in path data")
        if i + 1 >= len(tokens) or tokens[i + 1] in _COMMANDS:
            raise DataError(f"{where}: odd number of coordinates in path data")
        x, y = float(tok), float(tokens[i + 1])
        i += 2
        if cmd in "ml":
            x, y = pos[0] + x, pos[1] + y
        if cmd in "Mm" and current:
            rings.append(current)
            current = []
        current.append((x, y))
        pos = (x, y)
        if cmd == "M":
            cmd = "L"
        elif cmd == "m":
            cmd = "l"
    if current:
        rings.append(current)
    geom: BaseGeometry | None = None
    for ring in rings:
        if len(ring) < 3:
            raise DataError(f"{where}: a subpath has fewer than 3 points")
        poly = Polygon(np.array(ring, dtype=float))  # an array skips shapely's per-point conversion
        if not poly.is_valid:
            from shapely.validation import explain_validity

            raise DataError(f"{where}: invalid polygon ({explain_validity(poly)})")
        geom = poly if geom is None else geom.symmetric_difference(poly)
    assert geom is not None
    return unary_union([geom])


def multiply(m: Matrix, n: Matrix) -> Matrix:
    """m × n: the transform that applies n first, then m."""
    a1, b1, c1, d1, e1, f1 = m
    a2, b2, c2, d2, e2, f2 = n
    return (a1 * a2 + c1 * b2, b1 * a2 + d1 * b2, a1 * c2 + c1 * d2, b1 * c2 + d1 * d2,
            a1 * e2 + c1 * f2 + e1, b1 * e2 + d1 * f2 + f1)


def _snap(m: Matrix) -> Matrix:
    """Identity when within rounding error of it (rotate(30) inside rotate(-30)), so such geometry is exact."""
    return IDENTITY if all(abs(x - y) <= 1e-12 for x, y in zip(m, IDENTITY, strict=True)) else m


def parse_transform(text: str, where: str) -> Matrix:
    """Matrix of an SVG transform list: matrix, translate, scale, rotate, skewX, skewY (applied right to left)."""
    result = IDENTITY
    pos = 0
    text = text.strip()
    while pos < len(text):
        match = _FUNCTION.match(text, pos)
        if not match:
            raise DataError(f"{where}: cannot read transform {text!r}")
        name, arg_text = match[1], match[2]
        args = [float(n) for n in _NUMBER.findall(arg_text)]
        if _NUMBER.sub("", arg_text).replace(",", "").strip() or not all(math.isfinite(a) for a in args):
            raise DataError(f"{where}: transform {name}({arg_text}) has arguments that are not numbers")
        arity = {"matrix": (6,), "translate": (1, 2), "scale": (1, 2), "rotate": (1, 3), "skewX": (1,),
                 "skewY": (1,)}
        if name not in arity:
            raise DataError(f"{where}: unknown transform {name!r} in {text!r}")
        if len(args) not in arity[name]:
            raise DataError(f"{where}: transform {name} takes {' or '.join(map(str, arity[name]))} numbers, "
                            f"not {len(args)}")
        m: Matrix
        if name == "matrix":
            m = (args[0], args[1], args[2], args[3], args[4], args[5])
        elif name == "translate":
            m = (1.0, 0.0, 0.0, 1.0, args[0], args[1] if len(args) == 2 else 0.0)
        elif name == "scale":
            m = (args[0], 0.0, 0.0, args[-1], 0.0, 0.0)
        elif name == "rotate":
            angle = math.radians(args[0])
            cos, sin = math.cos(angle), math.sin(angle)
            m = (cos, sin, -sin, cos, 0.0, 0.0)
            if len(args) == 3:  # about (cx, cy)
                cx, cy = args[1], args[2]
                m = multiply(multiply((1.0, 0.0, 0.0, 1.0, cx, cy), m), (1.0, 0.0, 0.0, 1.0, -cx, -cy))
        elif name == "skewX":
            m = (1.0, 0.0, math.tan(math.radians(args[0])), 1.0, 0.0, 0.0)
        else:
            m = (1.0, math.tan(math.radians(args[0])), 0.0, 1.0, 0.0, 0.0)
        result = multiply(result, m)
        pos = match.end()
    return result


def viewbox_matrix(root: ET.Element, width: float, height: float, where: str) -> Matrix:
    """Map from viewBox units to the width × height of the document, honouring preserveAspectRatio."""
    box = root.get("viewBox")
    if box is None:
        return IDENTITY
    try:
        min_x, min_y, box_w, box_h = (float(n) for n in box.replace(",", " ").split())
    except ValueError:
        raise DataError(f"{where}: viewBox {box!r} must be four numbers") from None
    if not (all(math.isfinite(v) for v in (min_x, min_y)) and box_w > 0 and box_h > 0
            and math.isfinite(box_w) and math.isfinite(box_h)):
        raise DataError(f"{where}: viewBox {box!r} needs a positive width and height")
    sx, sy = width / box_w, height / box_h
    words = (root.get("preserveAspectRatio") or "xMidYMid meet").split()
    align, mode = words[0], (words[1] if len(words) > 1 else "meet")
    if align == "none":
        return (sx, 0.0, 0.0, sy, -min_x * sx, -min_y * sy)
    if align not in _ALIGNS or mode not in ("meet", "slice") or len(words) > 2:
        raise DataError(f"{where}: preserveAspectRatio {root.get('preserveAspectRatio')!r} is not supported")
    scale = min(sx, sy) if mode == "meet" else max(sx, sy)
    spare = {"Min": 0.0, "Mid": 0.5, "Max": 1.0}
    tx = -min_x * scale + spare[align[1:4]] * (width - box_w * scale)
    ty = -min_y * scale + spare[align[5:8]] * (height - box_h * scale)
    return (scale, 0.0, 0.0, scale, tx, ty)


def _describe(el: ET.Element, parent: str) -> str:
    tag = el.tag.removeprefix(SVG_NS)
    return f"element {el.get('id')!r}" if el.get("id") else f"<{tag}> element inside {parent}"


def _walk(el: ET.Element, ctm: Matrix, path: Path, parent: str) -> Iterator[tuple[ET.Element, Matrix]]:
    """Every element below ``el`` with its matrix to document units (ancestors' and its own transform)."""
    for child in el:
        if not isinstance(child.tag, str):  # comments, processing instructions
            continue
        where = f"{path}: {_describe(child, parent)}"
        tag = child.tag.removeprefix(SVG_NS)
        if tag in _REFUSED_TAGS:
            raise DataError(f"{where}: {_REFUSED_TAGS[tag]} cannot be read as atlas geometry; "
                            "convert it to plain paths in the editor (Object to Path / Unlink Clone)")
        style = child.get("style", "")
        if re.search(r"(^|;)\s*transform\s*:", style):
            raise DataError(f"{where}: a CSS transform in style={style!r} is not supported; use the transform "
                            "attribute")
        own = child.get("transform")
        child_ctm = ctm if own is None else _snap(multiply(ctm, parse_transform(own, where)))
        if own is not None:
            a, b, c, d, _, _ = child_ctm
            if abs(a * d - b * c) < 1e-9:
                raise DataError(f"{where}: transform {own!r} collapses the drawing to a line or a point")
        yield child, child_ctm
        yield from _walk(child, child_ctm, path, repr(child.get("id")) if child.get("id") else parent)


def _apply(ctm: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = ctm
    return a * x + c * y + e, b * x + d * y + f


def read_view(path: Path) -> RawView:
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as exc:
        raise DataError(f"{path}: cannot read SVG ({exc})") from None
    if root.tag != f"{SVG_NS}svg":
        raise DataError(f"{path}: not an SVG document (root element {root.tag})")
    vid = root.get("id", "")
    if not vid.startswith("view:"):
        raise DataError(f"{path}: the <svg> element needs id='view:NAME'")
    try:
        width, height = float(root.get("width", "")), float(root.get("height", ""))
        midline = float(root.get("data-midline-x", ""))
        scale = float(root.get("data-px-per-cm", ""))
    except ValueError:
        raise DataError(f"{path}: <svg> needs numeric width, height, data-midline-x and data-px-per-cm") from None
    if not all(math.isfinite(v) and v > 0 for v in (width, height, scale)) or not 0 < midline < width:
        raise DataError(f"{path}: <svg> width, height and data-px-per-cm must be positive numbers and "
                        "data-midline-x must lie inside the width")
    view = RawView(vid[5:], root.get("data-label", vid[5:]), width, height, midline,
                   root.get("data-patient-left-on", ""), scale)
    if root.get("transform") is not None:
        raise DataError(f"{path}: a transform on the <svg> element is not supported; put it on a group")
    box = _snap(viewbox_matrix(root, width, height, str(path)))
    view.unit = math.sqrt(abs(box[0] * box[3] - box[1] * box[2]))
    for el, ctm in _walk(root, box, path, "the document"):
        eid = el.get("id")
        if el.tag == f"{SVG_NS}path" and el.get("class") == "detail":
            d = el.get("d", "")
            nums = [float(n) for n in _NUMBER.findall(d)]
            points = list(zip(nums[::2], nums[1::2], strict=False))
            if ctm != IDENTITY:
                points = [_apply(ctm, x, y) for x, y in points]
            view.details.append((points, d.rstrip().endswith(("Z", "z"))))
            continue
        if not eid:
            continue
        if el.tag == f"{SVG_NS}path":
            if eid in view.paths:
                raise DataError(f"{path}: element id {eid!r} appears twice")
            geom = parse_path(el.get("d", ""), f"{path}: element {eid!r}")
            if ctm != IDENTITY:
                a, b, c, d_, e, f = ctm
                geom = affinity.affine_transform(geom, [a, c, b, d_, e, f])
            view.paths[eid] = geom
        elif el.tag == f"{SVG_NS}circle":
            try:
                cx, cy = float(el.get("cx", "")), float(el.get("cy", ""))
            except ValueError:
                raise DataError(f"{path}: element {eid!r}: circle needs numeric cx and cy") from None
            if not (math.isfinite(cx) and math.isfinite(cy)):
                raise DataError(f"{path}: element {eid!r}: circle needs finite cx and cy")
            if eid in view.circles:
                raise DataError(f"{path}: element id {eid!r} appears twice")
            attrs = {k: v for k, v in el.attrib.items() if k.startswith("data-")}
            view.circles[eid] = (*_apply(ctm, cx, cy), attrs)
    return view
