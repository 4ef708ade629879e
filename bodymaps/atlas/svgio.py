"""Read the atlas SVG files: polygons from <path d="M x,y ... Z"> (even-odd), points from <circle>."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from shapely.geometry import Polygon
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

from bodymaps.resources import DataError

SVG_NS = "{http://www.w3.org/2000/svg}"
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_TOKEN = re.compile(r"[MmLlZz]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


@dataclass
class RawView:
    id: str
    label: str
    width: float
    height: float
    midline_x: float
    patient_left_on: str
    px_per_cm: float
    paths: dict[str, BaseGeometry] = field(default_factory=dict)  # element id -> geometry
    circles: dict[str, tuple[float, float, dict[str, str]]] = field(default_factory=dict)
    details: list[tuple[list[tuple[float, float]], bool]] = field(default_factory=list)  # (points, closed)


def parse_path(d: str, where: str) -> BaseGeometry:
    """Polygon geometry of a path made of M/L/Z commands (absolute or relative); subpaths combine even-odd."""
    tokens = _TOKEN.findall(d)
    if not tokens or "".join(tokens).replace(" ", "") == "":
        raise DataError(f"{where}: empty path data")
    leftovers = _TOKEN.sub("", d).replace(",", "").strip()
    if leftovers:
        raise DataError(f"{where}: unsupported path data {leftovers[:20]!r} (only M, L and Z polygons)")
    rings: list[list[tuple[float, float]]] = []
    current: list[tuple[float, float]] = []
    cmd = None
    pos = (0.0, 0.0)
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok in "MmLlZz":
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
        if i + 1 >= len(tokens) or not _NUMBER.fullmatch(tokens[i + 1]):
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
        poly = Polygon(ring)
        if not poly.is_valid:
            from shapely.validation import explain_validity

            raise DataError(f"{where}: invalid polygon ({explain_validity(poly)})")
        geom = poly if geom is None else geom.symmetric_difference(poly)
    assert geom is not None
    return unary_union([geom])


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
    for el in root.iter():
        eid = el.get("id")
        if el.tag == f"{SVG_NS}path" and el.get("class") == "detail":
            d = el.get("d", "")
            nums = [float(n) for n in _NUMBER.findall(d)]
            view.details.append((list(zip(nums[::2], nums[1::2], strict=False)), d.rstrip().endswith(("Z", "z"))))
            continue
        if not eid:
            continue
        if el.tag == f"{SVG_NS}path":
            if eid in view.paths:
                raise DataError(f"{path}: element id {eid!r} appears twice")
            view.paths[eid] = parse_path(el.get("d", ""), f"{path}: element {eid!r}")
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
            view.circles[eid] = (cx, cy, attrs)
    return view
