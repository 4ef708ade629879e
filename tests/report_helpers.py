"""Reading chart-summary PDFs back with poppler (pdftotext, pdfinfo, pdffonts, pdftoppm) for the report tests."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

POPPLER = all(shutil.which(tool) for tool in ("pdftotext", "pdfinfo", "pdffonts", "pdftoppm"))
needs_poppler = pytest.mark.skipif(not POPPLER, reason="poppler-utils not installed (tools/setup.sh installs it)")


def text(pdf: Path, *args: str) -> str:
    return subprocess.run(["pdftotext", *args, str(pdf), "-"], check=True, capture_output=True, text=True).stdout


def info(pdf: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", "-isodates", str(pdf)], check=True, capture_output=True, text=True)
    assert out.stderr == "", out.stderr  # poppler complains about any structural problem
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in out.stdout.splitlines())}


def fonts(pdf: Path) -> list[list[str]]:
    out = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True, text=True).stdout
    return [line.split() for line in out.splitlines()[2:] if line.strip()]


def words(pdf: Path, page: int = 1) -> list[tuple[str, float, float, float, float]]:
    """(word, x_min, y_min, x_max, y_max) in points on one page."""
    html = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
    return [(w, float(a), float(b), float(c), float(d)) for a, b, c, d, w in re.findall(pattern, html)]


def page_image(pdf: Path, tmp: Path, dpi: int, gray: bool = False, page: int = 1):  # -> PIL.Image
    from PIL import Image

    stem = tmp / f"page{'-gray' if gray else ''}-{dpi}"
    args = ["pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile", "-png"]
    if gray:
        args.append("-gray")
    subprocess.run([*args, str(pdf), str(stem)], check=True)
    return Image.open(f"{stem}.png").convert("L" if gray else "RGB")


def median_pixel(image, x: float, y: float, radius: int = 2) -> tuple[int, ...]:
    """Per-channel median of a small square: robust to the thin hatch lines that cross a fill."""
    values = [image.getpixel((int(x) + dx, int(y) + dy)) for dx in range(-radius, radius + 1)
              for dy in range(-radius, radius + 1)]
    if isinstance(values[0], int):
        return (sorted(values)[len(values) // 2],)
    return tuple(sorted(v[c] for v in values)[len(values) // 2] for c in range(3))
