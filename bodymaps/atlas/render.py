"""Draw an atlas view with matplotlib (imported here only: it is slow to import) to PNG, SVG or PDF."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bodymaps.atlas.model import Atlas, Region, View
from bodymaps.files import private_atomic_path

SKIN = "#f6e4d6"
INK = "#4a3a2e"
ZONE_LINE = "#9c8574"
LAYERS_HELP = "zones, dermatomes:MAP, nerves, landmarks"


def layer_names(atlas: Atlas) -> list[str]:
    return ["zones", *[f"dermatomes:{m}" for m in atlas.dermatome_maps], "nerves", "landmarks"]


def check_layers(atlas: Atlas, layers: list[str]) -> None:
    allowed = layer_names(atlas)
    for layer in layers:
        if layer not in allowed:
            raise ValueError(f"unknown layer {layer!r}; allowed: {', '.join(allowed)}")


def _patches(region: Region, **style: Any) -> Any:
    from matplotlib.patches import PathPatch
    from matplotlib.path import Path as MplPath

    verts, codes = [], []
    for ring in region.polygons:
        verts += [*ring, ring[0]]
        codes += [MplPath.MOVETO] + [MplPath.LINETO] * (len(ring) - 1) + [MplPath.CLOSEPOLY]
    return PathPatch(MplPath(verts, codes), **style)


def _label_point(region: Region) -> tuple[float, float]:
    geom = region.geometry
    largest = max(getattr(geom, "geoms", [geom]), key=lambda g: g.area)
    p = largest.representative_point()
    return p.x, p.y


def render_view(atlas: Atlas, view_id: str, layers: list[str], out: Path, dpi: int = 110) -> Path:
    """Write a picture of one view with the given layers; format from the file suffix.

    Written as every output is (:func:`bodymaps.files.private_atomic_path`): all or nothing, mode 0o600, through
    a symlink to its target; OSError (OutputRefused, FolderNotWritable ...) when it cannot be written.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    check_layers(atlas, layers)
    view = atlas.view(view_id)
    legend_rows = 4
    fig_w = view.width / 100 * 1.9
    fig_h = view.height / 100 * 1.9 + 0.22 * legend_rows + 0.5
    fig = plt.figure(figsize=(fig_w, fig_h), dpi=dpi)
    ax = fig.add_axes((0.02, 0.12 if view.height < 600 else 0.07, 0.96, 0.84 if view.height < 600 else 0.9))
    ax.set_xlim(0, view.width)
    ax.set_ylim(view.height, 0)
    ax.set_aspect("equal")
    ax.axis("off")

    ax.add_patch(_patches(view.outline_region, facecolor=SKIN,
                          edgecolor="none", zorder=0))
    handles: list = []
    title_extra = ""
    notes: list[str] = []
    for layer in layers:
        if layer == "zones":
            for z in view.zones:
                ax.add_patch(_patches(z, facecolor="#e9d3c2" if z.side == "left" else "#eedccd",
                                      edgecolor=ZONE_LINE, lw=0.5, zorder=1))
                x, y = _label_point(z)
                ax.text(x, y, atlas_label(z.id), fontsize=4.2, ha="center", va="center", color=INK, zorder=5)
            title_extra = "zones"
        elif layer.startswith("dermatomes:"):
            map_id = layer.split(":", 1)[1]
            info = atlas.maps[map_id]
            colors = atlas.colors["roots"]
            seen = set()
            for r in view.dermatomes[map_id]:
                ax.add_patch(_patches(r, facecolor=colors.get(r.id, "#cccccc"), edgecolor="white", lw=0.6,
                                      alpha=0.92, zorder=2))
                x, y = _label_point(r)
                ax.text(x, y, r.id, fontsize=6.5, weight="bold", ha="center", va="center", color="#222",
                        zorder=5)
                seen.add(r.id)
            order = [root for root in colors if root in seen]
            handles += [Patch(facecolor=colors[root], edgecolor="none", label=root) for root in order]
            title_extra = f"dermatomes: {info.label}"
            notes.append(info.citation)
            notes.append(info.blank_areas)
            notes += [f"{root}: {text}" for root, text in info.supplements.items() if root in seen]
        elif layer == "nerves":
            colors = atlas.colors["nerves"]
            seen = set()
            for r in view.nerves:
                ax.add_patch(_patches(r, facecolor=colors.get(r.id, "#cccccc"), edgecolor="white", lw=0.6,
                                      alpha=0.9, zorder=2))
                seen.add(r.id)
            handles += [Patch(facecolor=colors[n], edgecolor="none", label=atlas.nerves[n].label.split(" (")[0])
                        for n in atlas.nerves if n in seen]
            title_extra = "peripheral nerve territories"
            notes.append("Cutaneous territories [T]: standard anatomy texts; see data/atlas/atlas.json for sources.")
        elif layer == "landmarks":
            for lm in view.landmarks:
                key = lm.root is not None
                ax.plot(lm.x, lm.y, "o", ms=3.2 if key else 2.4, color="#1d3557" if key else "#6c757d", zorder=6)
                if lm.side != "right" or view.id == "soles":
                    text = lm.root if lm.root is not None else lm.label
                    ax.annotate(text, (lm.x, lm.y), xytext=(4, 2), textcoords="offset points",
                                fontsize=4.6 if not key else 5.5, color="#1d3557", zorder=7)
    # zone boundaries and the outline on top so the body reads as one figure
    if "zones" not in layers:
        for z in view.zones:
            ax.add_patch(_patches(z, facecolor="none", edgecolor=ZONE_LINE, lw=0.25, alpha=0.6, zorder=3))
    for pts, closed in view.details:
        xs, ys = zip(*([*pts, pts[0]] if closed else pts), strict=True)
        ax.plot(xs, ys, color=INK, lw=0.6, alpha=0.8, zorder=4)
    ax.add_patch(_patches(view.outline_region, facecolor="none",
                          edgecolor=INK, lw=1.1, zorder=4))
    _orientation_marks(ax, view)
    ax.set_title(f"{view.label}{' — ' + title_extra if title_extra else ''}", fontsize=9, color=INK, pad=2)
    if handles:
        fig.legend(handles=handles, loc="lower center", ncol=len(handles) if all(len(h.get_label()) <= 5 for h in handles) else 3,
                   fontsize=6, frameon=False, bbox_to_anchor=(0.5, 0.025 + 0.012 * len(notes)))
    if notes:
        import textwrap

        wrapped = "\n".join(textwrap.fill(n, 110) for n in notes)
        fig.text(0.5, 0.005, wrapped, ha="center", va="bottom", fontsize=5.2, color="#555")
    out = Path(out)
    try:  # like every output: temporary file, fsync, rename, owner-only; a symlink's target, never a device
        with private_atomic_path(out) as tmp:
            fig.savefig(tmp, format=out.suffix.lstrip(".").lower() or "png")
    finally:
        plt.close(fig)
    return out


def _orientation_marks(ax: Any, view: View) -> None:
    left_x, right_x = (0.04, 0.96) if view.patient_left_on == "viewer-left" else (0.96, 0.04)
    for text, x in (("L", left_x), ("R", right_x)):
        ax.text(x, 0.985, text, transform=ax.transAxes, fontsize=13, weight="bold", color="#1d3557",
                ha="center", va="top")


def atlas_label(zone_id: str) -> str:
    from bodymaps.vocabulary import vocabulary

    label = vocabulary().label("zone", zone_id)
    return label.replace(" (", "\n(").replace(" of ", "\nof ") if len(label) > 14 else label
