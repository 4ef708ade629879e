"""Speed of loading the atlas (parse + validate + derived weights), beside a baseline from the same run.

Baseline: parsing the same SVG files as XML, the least any loader must do. The atlas is loaded once per
process, so this is start-up time for the command line and the desktop app.
Run: .venv/bin/python benchmarks/bench_atlas.py
"""

from __future__ import annotations

import statistics
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bodymaps.atlas import load_atlas_from  # noqa: E402

REPEAT = 7


def main() -> None:
    folder = ROOT / "data" / "atlas"
    svgs = sorted(folder.glob("*.svg"))
    load_atlas_from(folder)  # warm imports and the vocabulary
    loads, weights, baseline = [], [], []
    for _ in range(REPEAT):
        t0 = time.perf_counter()
        for svg in svgs:
            ET.parse(svg)
        t1 = time.perf_counter()
        atlas = load_atlas_from(folder)
        t2 = time.perf_counter()
        for map_id in atlas.dermatome_maps:
            atlas.zone_root_weights(map_id)
        atlas.zone_nerve_weights()
        t3 = time.perf_counter()
        baseline.append(t1 - t0)
        loads.append(t2 - t1)
        weights.append(t3 - t2)
    base = statistics.median(baseline)
    load, derived = statistics.median(loads), statistics.median(weights)
    print(f"atlas: {len(svgs)} views, {REPEAT} runs (median)")
    print(f"load + validate   {load * 1e3:7.1f} ms   baseline (XML parse) {base * 1e3:6.1f} ms   ratio {load / base:5.1f}x")
    print(f"derived weights   {derived * 1e3:7.1f} ms   ratio {derived / base:5.1f}x")


if __name__ == "__main__":
    main()
