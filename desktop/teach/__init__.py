"""Teaching mode (PySide6): explore and compare the dermatome maps, nerves against roots, quizzes and results.

The questions, grading and saved results come from ``bodymaps.teach`` (no Qt)."""

from desktop.teach.widget import TeachingWidget

__all__ = ["TeachingWidget", "prepare"]


def prepare(atlas) -> dict:
    """What opening teaching mode needs that takes long and makes no widget: its modules (shapely and numpy among
    them, about 0.15 s to import), the question bank, the saved results and where the maps disagree. The window
    runs this on a worker thread and then builds ``TeachingWidget(atlas, parent, **prepare(atlas))`` itself."""
    import importlib

    from bodymaps.teach.bank import load_bank
    from bodymaps.teach.results import ResultStore

    for module in ("explore", "compare", "nerves", "quiz", "results_view"):
        importlib.import_module(f"desktop.teach.{module}")
    from desktop.teach import compare

    compare.prepare(atlas)
    return {"bank": load_bank(), "store": ResultStore()}
