"""The assessment side of the window: one Assessment, recomputed on every change, shown by several panels."""
