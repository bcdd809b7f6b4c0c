"""Snippets: cut from the original text with analyser offsets, escaped before marking."""

from __future__ import annotations

from lexsearch.search.snippets import Snippet, make_snippet


def test_marks_inflected_forms_by_offsets():
    s = make_snippet("Mehnat shartnomasining shartlari <b>", "uzb", {"shartnoma"})
    assert s.html() == "Mehnat <mark>shartnomasining</mark> shartlari &lt;b&gt;"
    assert s.plain("[", "]") == "Mehnat [shartnomasining] shartlari <b>"


def test_russian_lemmas_and_prefixes():
    s = make_snippet("Охрана подземных водных объектов.", "rus", {"водный"}, {"охран"})
    assert s.html() == "<mark>Охрана</mark> подземных <mark>водных</mark> объектов."


def test_long_text_is_cut_around_the_matches():
    text = "boshqa " * 100 + "noqulay mehnat sharoitlari " + "soʻz " * 100
    s = make_snippet(text, "uzb", {"noqulay"})
    assert s.text.startswith("…") and s.text.endswith("…") and len(s.text) <= 245
    assert "<mark>noqulay</mark>" in s.html()


def test_escaping_never_breaks_marks():
    s = Snippet("a<b & c", ((2, 3),))
    assert s.html() == "a&lt;<mark>b</mark> &amp; c"
