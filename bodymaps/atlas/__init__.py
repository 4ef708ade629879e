"""Anatomy atlas: views, zones, dermatome maps, nerve territories, landmarks and derived weights."""

from bodymaps.atlas.loader import load_atlas, load_atlas_from
from bodymaps.atlas.model import (
    Atlas,
    Landmark,
    MapInfo,
    NerveInfo,
    Region,
    View,
)

__all__ = ["Atlas", "Landmark", "MapInfo", "NerveInfo", "Region", "View", "load_atlas", "load_atlas_from"]
