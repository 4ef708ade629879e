"""Whatever text a file name, an exam or a message carries, the terminal line and the CSV cell are inert."""

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from bodymaps.batch.results import csv_text
from bodymaps.batch.text import csv_text_cell, for_terminal, from_csv_text_cell, one_line

ANY_TEXT = st.text(st.characters(codec=None, exclude_categories=()), max_size=400)


@given(ANY_TEXT)
def test_terminal_text_is_valid_unicode_without_controls_or_bidi_and_bounded(text):
    shown = for_terminal(text)
    shown.encode("utf-8")
    assert len(shown) <= 300
    assert not any(unicodedata.category(c) == "Cc" or c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
                   for c in shown)


@given(ANY_TEXT)
def test_csv_cells_never_start_a_formula_and_read_back(text):
    cell = csv_text_cell(text)
    cell.encode("utf-8")
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return  # shown with \udc00-style escapes instead
    if len(text) <= 1000:
        assert from_csv_text_cell(cell) == text


@given(ANY_TEXT)
def test_one_line_is_one_bounded_line(text):
    line = one_line(text)
    assert "\n" not in line and "\r" not in line and len(line) <= 1000


def test_quoted_formulas_read_back_exactly():
    for text in ["=x", "'=x", "''@x", "'a", "a=b", "", "-"]:
        assert from_csv_text_cell(csv_text_cell(text)) == text


def test_scores_stay_numbers_while_text_that_looks_like_one_is_quoted():
    row = {"file": "-1.25", "top_condition": "x", "side": "", "score": "-1.250", "top_root": "", "red_flags": "",
           "error": ""}
    assert csv_text([row]).splitlines()[1] == "'-1.25,x,,-1.250,,,"
