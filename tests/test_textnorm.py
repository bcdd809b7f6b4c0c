"""lexsearch.textnorm: the one normalisation of imported text and queries, and the escaping of
what the CLI prints. The end-to-end table (import, store, show, search) is in
test_hostile_input.py."""

from __future__ import annotations

import unicodedata

import pytest

from lexsearch.model import Document, EditionText, EditorialNote, Provision, WorkMeta
from lexsearch.textnorm import escape_controls, normalize, normalize_value

WORD = "maʼlumotlar"  # from Shaxsiy_Malumotlar_Qonuni.txt

CASES = [
    # (what, input, expected)
    ("plain text untouched", "Ushbu Qonunning maqsadi", "Ushbu Qonunning maqsadi"),
    ("newline and tab kept", "1) birinchi;\n\t2) ikkinchi", "1) birinchi;\n\t2) ikkinchi"),
    ("SOH dropped", "Ta\x01lim", "Talim"),
    ("NUL dropped", "\x00modda", "modda"),
    ("ESC sequence defused", "\x1b[2J\x1b[31mqizil", "[2J[31mqizil"),
    ("DEL dropped", "qonun\x7f", "qonun"),
    ("C1 CSI dropped", "a\x9b31mb", "a31mb"),
    ("C1 NEL a space", "bir\x85ikki", "bir ikki"),
    ("CRLF and CR to LF", "bir\r\nikki\rуч", "bir\nikki\nуч"),
    ("vertical tab and form feed to space", "a\x0bb\x0cc", "a b c"),
    ("soft hyphen dropped", "ma\u00adlumot\u00adlar", "malumotlar"),
    ("zero-width space dropped", f"{WORD[:3]}\u200b{WORD[3:]}", WORD),
    ("ZWNJ, ZWJ, word joiner dropped", "sh\u200cax\u200dsiy\u2060", "shaxsiy"),
    ("BOM dropped", "\ufeffOʻzbekiston", "Oʻzbekiston"),
    ("bidi override dropped", "\u202eqonun\u202c", "qonun"),
    ("bidi isolate and marks dropped", "\u2067\u200fmodda\u200e\u2069", "modda"),
    ("line separator to space", "bir\u2028ikki", "bir ikki"),
    ("full-width Latin to ASCII", "ｋｏｄｅｋｓ", "kodeks"),
    ("full-width digits and hyphen", "ＯʻＲＱ－５４７", "OʻRQ-547"),
    ("ideographic space", "Mehnat\u3000kodeksi", "Mehnat kodeksi"),
    ("NFC: decomposed й composed", "Закон о персональных данны" + "и\u0306", "Закон о персональных данный"),
    ("NFC: decomposed ё", "е\u0308", "ё"),
    ("superscript article number kept", "121¹-modda", "121¹-modda"),
    ("no-break space kept (spacing is the readers' job)", "5\u00a0%", "5\u00a0%"),
    ("Cyrillic Uzbek untouched", "Ўзбекистон Республикасининг Қонуни", "Ўзбекистон Республикасининг Қонуни"),
]


@pytest.mark.parametrize("what, text, expected", CASES, ids=[c[0] for c in CASES])
def test_normalize(what, text, expected):
    out = normalize(text)
    assert out == expected
    assert normalize(out) == out  # idempotent
    assert unicodedata.is_normalized("NFC", out)


def test_normalize_returns_the_same_object_when_clean():
    text = "Ushbu Qonun fuqarolarga taʼlim, tarbiya berish huquqiy asoslarini belgilaydi."
    assert normalize(text) is text


def test_normalize_value_walks_a_document():
    doc = Document(
        source="/releases/a\x01b.txt",
        work=WorkMeta(title="TAʼLIM\x01 TOʻGʻRISIDA", number="464-I"),
        editions=[EditionText(
            lang="uzb", valid_from="1997-09-30", title="Ta\u00adlim",
            provisions=[Provision(eid="art_1", kind="article", num="1",
                                  heading="Ushbu Qonunning\u200b maqsadi",
                                  text="Ushbu Qonun\x1b[0m fuqarolarga\n taʼlim")],
            editorial=[EditorialNote(eid="art_1", text="Qarang:\x07 OʻRQ-637", line=3)])])
    same = normalize_value(doc)
    assert same is doc
    assert doc.work.title == "TAʼLIM TOʻGʻRISIDA"
    edition = doc.editions[0]
    assert edition.title == "Talim"
    (prov,) = edition.provisions
    assert prov.heading == "Ushbu Qonunning maqsadi"
    assert prov.text == "Ushbu Qonun[0m fuqarolarga\n taʼlim"
    assert edition.editorial[0].text == "Qarang: OʻRQ-637"
    assert doc.source == "/releases/a\x01b.txt"  # the file it came from is not text


@pytest.mark.parametrize("text, keep, expected", [
    ("Talim_Qonuni.txt", "", "Talim_Qonuni.txt"),
    ("evil\nnew       /akn/uz/forged.txt", "", "evil\\x0anew       /akn/uz/forged.txt"),
    ("a\x1b[2Jb", "", "a\\x1b[2Jb"),
    ("c1\x9bx", "", "c1\\x9bx"),
    ("rtl\u202etxt.exe", "", "rtl\\u202etxt.exe"),
    ("line one\nline\ttwo\x07", "\n\t", "line one\nline\ttwo\\x07"),
])
def test_escape_controls(text, keep, expected):
    assert escape_controls(text, keep) == expected
