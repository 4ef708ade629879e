"""The kinds of teaching question (stable ids of `bodymaps quiz --kind`); no imports, cheap to load."""

KINDS = ("dermatome-click", "area-root", "myotome", "reflex", "nerve-vs-root", "case")
