"""Escaping first, our marks after: citation links, search highlights, diff marks."""

from __future__ import annotations

import pytest

from web.markup import diff_html, highlight, linked_paragraphs, snippet_html


def test_linked_paragraphs_escape_text_and_link_spans():
    text = "ushbu Kodeksning 88-moddasida <b>x</b>\nikkinchi & qator"
    start = text.index("ushbu")
    end = text.index(" <b>")
    paras = linked_paragraphs(text, [(start, end, "#art_88")])
    assert [str(p) for p in paras] == [
        '<a class="cite" href="#art_88">ushbu Kodeksning 88-moddasida</a> &lt;b&gt;x&lt;/b&gt;',
        "ikkinchi &amp; qator"]


def test_linked_paragraphs_skip_bad_spans():
    text = "birinchi\nikkinchi"
    paras = linked_paragraphs(text, [(0, 12, "#a"), (5, 3, "#b"), (0, 99, "#c")])
    assert [str(p) for p in paras] == ["birinchi", "ikkinchi"]


def test_href_is_escaped():
    (para,) = linked_paragraphs("modda", [(0, 5, '"><script>')])
    assert "<script>" not in str(para) and "&#34;&gt;&lt;script&gt;" in str(para)


def test_highlight_escapes_before_marking():
    assert str(highlight("a <i>soliq</i>", [(5, 10)])) == "a &lt;i&gt;<mark>soliq</mark>&lt;/i&gt;"


@pytest.mark.parametrize("hit, expected", [
    # an escaped snippet with its plain text (what lexsearch.search returns)
    ({"snippet": "&lt;script&gt; <mark>soliq</mark>", "snippet_text": "<script> soliq"},
     "&lt;script&gt; <mark>soliq</mark>"),
    # a snippet whose markup does not agree with its plain text: no marks, all escaped
    ({"snippet": "<mark>x</mark><img src=x>", "snippet_text": "other <b>"}, "other &lt;b&gt;"),
    # plain snippet with character spans
    ({"snippet": "a <soliq>", "highlights": [[3, 8]]}, "a &lt;<mark>soliq</mark>&gt;"),
    # unescaped snippet with markers only
    ({"snippet": "<b>mehnat</b> & <script>"}, "<mark>mehnat</mark> &amp; &lt;script&gt;"),
])
def test_snippet_html(hit, expected):
    assert str(snippet_html(hit)) == expected


def test_diff_html_sides():
    ops = [["=", "soliq "], ["-", "<eski>"], ["+", "yangi"], ["=", " toʻlovchi"]]
    assert str(diff_html(ops, "inline")) == (
        "soliq <del>&lt;eski&gt;</del><ins>yangi</ins> toʻlovchi")
    assert str(diff_html(ops, "old")) == "soliq <del>&lt;eski&gt;</del> toʻlovchi"
    assert str(diff_html(ops, "new")) == "soliq <ins>yangi</ins> toʻlovchi"
