"""Property tests (hypothesis) for the code that sees the most untrusted text: the lex.uz text
reader, the citation finder and the analysis chains. Generated texts mix real lines of the
sample corpus with random unicode, brackets, ``N-modda.`` headings, superscript numbers and
amendment-note shapes.

Properties: the reader either returns a document or raises ``InputError`` (nothing else); the
finder never raises, and every citation's span lies inside the text and is the text it says;
the index's analysis (``analyze_positions``) gives the very terms and positions of ``analyze``,
and no term holds whitespace or is tantivy's stopword filler (its plain text form needs both).
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.lexuz_text import read_lexuz_text
from lexsearch.analysis import analyze, analyze_positions
from lexsearch.citations import find_citations
from lexsearch.errors import InputError
from lexsearch.search.tantivy_engine import FILLER

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "corpora"

LANGS = ("uzb", "uzb-Cyrl", "rus", "eng")
SUPERSCRIPTS = "¹²³⁴⁵⁶⁷⁸⁹⁰"


def _real_lines() -> tuple[list[str], list[str]]:
    """Every act's header (its lines before ``1-modda``) and a sample of its other lines."""
    headers, lines = [], []
    for path in sorted((CORPORA / "uz-lexuz-2025").glob("*.txt")):
        text = path.read_text(encoding="utf-8").splitlines()
        first = next(i for i, x in enumerate(text) if re.match(r"1-modda\.", x.strip()))
        headers.append("\n".join(text[:first]))
        lines += [x for x in text[first:: max(1, len(text) // 150)] if x.strip()]
    return headers, lines


HEADERS, REAL = _real_lines()
RU_LINES = ["Статья 15. Права и обязанности супругов", "в соответствии со статьей 39 "
            "Трудового кодекса", "(В редакции Федерального закона от 01.05.2022 № 122-ФЗ)",
            "части второй статьи 7 настоящего Кодекса", "ЗРУ-547 от 02.07.2019"]

headings = st.builds(lambda n, sup, title: f"{n}{sup}-modda. {title}",
                     st.integers(0, 2000), st.text(SUPERSCRIPTS, max_size=2),
                     st.sampled_from(REAL))
notes = st.builds(lambda n, d, m, y: f"({n}-modda Oʻzbekiston Respublikasining {d:02d}.{m:02d}."
                  f"{y}-y. OʻRQ-{n}-sonli Qonuni tahririda — Qonunchilik maʼlumotlari milliy "
                  f"bazasi, {d:02d}.{m:02d}.{y}-y., 03/{y % 100}/{n}/0375-son)",
                  st.integers(1, 999), st.integers(0, 35), st.integers(0, 14),
                  st.integers(1900, 2100))
noise = st.text(st.characters(blacklist_categories=("Cs",)), max_size=80)
brackets = st.text("()[]{}«»\"'ʻʼ‘’`-–—.,;:0123456789 ", max_size=40)
line = st.one_of(st.sampled_from(REAL), st.sampled_from(RU_LINES), headings, notes, noise,
                 brackets, st.builds(lambda a, b: a + b, st.sampled_from(REAL), noise))
body = st.lists(line, min_size=0, max_size=40).map("\n".join)
documents = st.one_of(body, st.builds(lambda h, b: h + "\n" + b, st.sampled_from(HEADERS), body),
                      st.builds(lambda h, b: h + "\n1-modda. Maqsad\n" + b,
                                st.sampled_from(HEADERS), body))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=documents, bom=st.booleans(), newline=st.sampled_from(["\n", "\r\n"]))
def test_reader_returns_a_document_or_an_input_error(text, bom, newline):
    data = ("\ufeff" if bom else "") + text.replace("\n", newline)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "act.txt"
        path.write_bytes(data.encode("utf-8", errors="surrogatepass"))
        try:
            doc = read_lexuz_text(path)
        except InputError as exc:
            assert exc.file and exc.file.endswith("act.txt"), exc
            return
    for edition in doc.editions:
        eids = [p.eid for p in edition.provisions]
        assert len(eids) == len(set(eids)), "eIds must be unique within an edition"
        assert all(p.eid for p in edition.provisions)


@settings(max_examples=60, deadline=None)
@given(data=st.binary(max_size=300))
def test_reader_on_raw_bytes(data):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "raw.txt"
        path.write_bytes(data)
        try:
            read_lexuz_text(path)
        except InputError:
            pass


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=documents, lang=st.sampled_from(LANGS))
def test_citation_spans_lie_inside_the_text(text, lang):
    for c in find_citations(text, lang):
        assert 0 <= c.start < c.end <= len(text), c
        assert text[c.start:c.end] == c.text, c


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=documents, lang=st.sampled_from((*LANGS, "spa", "kaa")))
def test_index_positions_are_the_analysed_tokens(text, lang):
    positions = analyze_positions(text, lang)
    from_tokens: list[tuple[str, ...]] = [()] * len(positions)
    for token in analyze(text, lang):
        from_tokens[token.pos] += (token.text,)
    assert positions == from_tokens
    for terms in positions:
        for term in terms:
            assert term and term != FILLER and not any(ch.isspace() for ch in term), term
