"""Teaching mode core: question banks, generated questions with answer keys, grading, sessions and saved
results. Pure Python, no Qt: the desktop teaching mode and `bodymaps quiz` both use it.

Import from the modules: ``bank`` (load_bank), ``questions`` (generate, Question), ``scoring`` (grade,
Response, Feedback), ``session`` (Session), ``results`` (ResultStore), ``geometry``, ``kinds`` (KINDS). This
package imports nothing itself, so that `bodymaps` sub-commands that do not teach start without shapely.
"""
