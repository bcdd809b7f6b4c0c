"""Uzbek Cyrillic lex.uz text against its Latin twin: the Administrative Liability Code.

The Cyrillic file is a saved lex.uz page (a bot's header, the table of contents, the site's
menus, every inline link and superscript on a line of its own, the page toolbar after each
paragraph); the Latin file is lex.uz's plain text. The recogniser must give both the same tree
and the same amendment notes, and keep the Cyrillic words as the provisions' text."""

from __future__ import annotations

import json

import pytest

from ingest.folding import fold_line, language_of, latin_display
from ingest.lexuz_page import unwrap
from ingest.lexuz_text import read_lexuz_text, read_lines

CYRL = "uz_multi/lexuz_cyrl_text/mamuriy_javobgarlik_kodeksi_cyrl.txt"
LATN = "uz/lexuz_uzlatn_raw_with_amendment_notes/Ma'muriy_Javobgarlik_Kodeksi.txt"


@pytest.fixture(scope="module")
def cyrl(shared):
    return read_lexuz_text(shared / CYRL)


@pytest.fixture(scope="module")
def latn(shared):
    return read_lexuz_text(shared / LATN)


def articles(doc):
    return [p for p in doc.editions[0].provisions if p.kind == "article"]


def summary(doc) -> dict:
    """What the golden file keeps: every provision's eId, kind, number, heading, parent and
    line; every note's fields (not its raw text); the editorial notes; the warnings."""
    ed = doc.editions[0]
    return {"source": doc.source, "work": doc.work, "format": doc.format, "lang": ed.lang,
            "valid_from": ed.valid_from, "gazette": ed.gazette, "produced_by": ed.produced_by,
            "provisions": [(p.eid, p.kind, p.num, p.heading, p.parent, p.line, p.has_previous)
                           for p in ed.provisions],
            "notes": [(n.eid, n.line, n.action, n.target, n.act, n.published, n.gazette,
                       n.effective) for n in ed.notes],
            "editorial": [(e.eid, e.line, e.text) for e in ed.editorial],
            "warnings": [str(w) for w in doc.warnings]}


def test_golden(cyrl, golden):
    golden("lexuz-cyrl/mamuriy_javobgarlik_kodeksi_cyrl", summary(cyrl))


def test_header_and_language(cyrl):
    w, ed = cyrl.work, cyrl.editions[0]
    assert ed.lang == "uzb-Cyrl"
    assert (w.subtype, w.title, w.entry_into_force, w.status) == (
        "kodeks", "Ўзбекистон Республикасининг Маъмурий жавобгарлик тўғрисидаги кодекси",
        "1995-04-01", "in_force")
    # the bot's header, the contents and the menus are one warning, not an error
    assert len(cyrl.warnings) == 1 and "lines before the act skipped" in cyrl.warnings[0].message
    # the closing publication list dates the edition (Cyrillic "30.12.2025 й.")
    assert (ed.valid_from, ed.gazette, ed.produced_by.number) == (
        "2025-12-30", "03/25/1109/1241", "OʻRQ-1109")


def test_same_tree_as_the_latin_twin(cyrl, latn):
    c = {p.eid: p for p in cyrl.editions[0].provisions}
    lt = {p.eid: p for p in latn.editions[0].provisions}
    assert set(c) == set(lt)
    assert all(c[e].parent == lt[e].parent and c[e].kind == lt[e].kind for e in c)
    assert all(c[e].has_previous == lt[e].has_previous for e in c)
    # numbers: superscripts (17 1 -> 17¹, XXX 1 боб -> XXX1) as the Latin reader shows them
    assert [p.num for p in articles(cyrl)] == [p.num for p in articles(latn)]
    assert c["chp_30.1"].num == lt["chp_30.1"].num == "XXX1"
    assert c["art_17.1"].num == "17¹" and c["art_17.1"].parent == "chp_2"


@pytest.mark.parametrize(("eid", "num", "heading", "parent"), [
    ("sec_1", "БИРИНЧИ", "УМУМИЙ ҚОИДАЛАР", None),
    ("part_1", "УМУМИЙ", "УМУМИЙ ҚИСМ", "sec_2"),
    ("chp_1", "I", "АСОСИЙ ҚОИДАЛАР", "sec_1"),
    ("chp_29", "XXIX", "МАХСУС ҲУҚУҚДАН МАҲРУМ ЭТИШ ТЎҒРИСИДАГИ ҚАРОРНИ ИЖРО ЭТИШ БЎЙИЧА ИШ ЮРИТИШ",
     "sec_5"),
    ("art_1", "1", "Маъмурий жавобгарлик тўғрисидаги қонунчилик", "chp_1"),
    ("art_17.1", "17¹", "Махсус автоматлаштирилган фото ва видео қайд этиш техника воситалари "
     "орқали қайд этилган йўл ҳаракати қоидаларини бузганлик учун шахсларнинг маъмурий "
     "жавобгарлиги", "chp_2"),
    ("art_348", "348", "Қарорнинг мулкий зарарни ундириб олиш хусусидаги қисмини бажармаслик "
     "оқибатлари", "chp_31"),
])
def test_structure(cyrl, eid, num, heading, parent):
    p = next(p for p in cyrl.editions[0].provisions if p.eid == eid)
    assert (p.num, p.heading, p.parent) == (num, heading, parent)


def test_texts_are_the_law_in_cyrillic(cyrl):
    ed = cyrl.editions[0]
    by = {p.eid: p for p in ed.provisions}
    # the link pieces are joined back ("… Ўзбекистон Республикаси" + "Конституцияси" + "ва …")
    assert "фуқароларни Ўзбекистон Республикаси Конституцияси ва қонунларига риоя этиш" in (
        by["art_2"].text)
    assert by["art_1"].line == 1036  # lines keep their numbers in the file
    for prov in ed.provisions:
        for line in prov.text.splitlines():
            assert not line.startswith(("Қаранг", "LexUZ", "Hujjat", "Audioni")), (prov, line)
            assert not (line.startswith("(") and line.endswith("-сон)")), (prov, line)
            assert "таҳрирга қаранг" not in line and line not in ("ОКОЗ:", "[", "]")


def test_at_least_as_many_notes_per_100_articles_as_latin(cyrl, latn):
    def rate(doc):
        return 100 * len(doc.editions[0].notes) / len(articles(doc))
    print(f"notes per 100 articles: Cyrillic {rate(cyrl):.1f} ({len(cyrl.editions[0].notes)}/"
          f"{len(articles(cyrl))}), Latin {rate(latn):.1f} ({len(latn.editions[0].notes)}/"
          f"{len(articles(latn))})")
    assert rate(cyrl) >= rate(latn) > 200
    assert all(n.action != "unknown" for n in cyrl.editions[0].notes)


# Checked by hand against both files: (eId, line in the Cyrillic file, line in the Latin file,
# action, Cyrillic target, Latin target, act, act date, published, gazette, effective)
SPOT = [
    ("art_1", 1038, 16, "wording", "номи", "nomi", "OʻRQ-683", "2021-04-21", "2021-04-21",
     "03/21/683/0375", None),
    ("art_9", 1332, 79, "wording", "биринчи қисми", "birinchi qismi", "OʻRQ-823", "2023-03-15",
     "2023-03-15", "03/23/823/0150", "2023-06-16"),
    ("art_9", 1341, 82, "inserted", None, None, "OʻRQ-145", "2008-04-08", None,
     "OʻR QHT, 2008-y., 14-15-son, 88-modda", None),
    ("art_13", 1458, 106, "wording", "матни", "matni", "OʻRQ-514", "2019-01-09", "2019-01-10",
     "03/19/514/2450", None),
    ("art_17.1", 1715, 151, "inserted", None, None, "OʻRQ-985", "2024-10-28", "2024-10-28",
     "03/24/985/0861", "2025-01-29"),
]


@pytest.mark.parametrize(("eid", "cline", "lline", "action", "ctarget", "ltarget", "act",
                          "date", "published", "gazette", "effective"), SPOT)
def test_spot_checked_notes_in_both_scripts(shared, cyrl, latn, eid, cline, lline, action,
                                            ctarget, ltarget, act, date, published, gazette,
                                            effective):
    for doc, line, target in ((cyrl, cline, ctarget), (latn, lline, ltarget)):
        (note,) = [n for n in doc.editions[0].notes if n.line == line]
        assert (note.eid, note.action, note.target) == (eid, action, target)
        assert (note.act.number, note.act.date, note.published, note.gazette, note.effective) == (
            act, date, published, gazette, effective)
        if doc is cyrl:  # the act as printed in Cyrillic: "ЎРҚ-683-сонли"
            assert act.replace("OʻRQ", "ЎРҚ") + "-сонли" in note.raw
    printed = (shared / CYRL).read_text("utf-8").splitlines()[cline - 1]
    assert printed.startswith("(")  # the note's first piece on the page


def test_editorial_notes_are_kept_apart(cyrl):
    ed = cyrl.editions[0]
    first = ed.editorial[0]
    assert (first.eid, first.line, first.text) == (
        "art_10", 1410, "LexUZ шарҳи\nҚаранг: Жиноят кодексининг 14-моддаси.")
    assert len(ed.editorial) > 150
    assert all(e.text.startswith(("LexUZ шарҳи", "Қаранг")) for e in ed.editorial)
    words = {w for p in ed.provisions for w in p.text.split()}
    assert "Қаранг:" not in words


# -- the pieces ------------------------------------------------------------------------------
@pytest.mark.parametrize(("raw", "folded"), [
    ("(1-модданинг номи Ўзбекистон Республикасининг 2021 йил 21 апрелдаги ЎРҚ-683-сонли Қонуни "
     "таҳририда — Қонунчилик маълумотлари миллий базаси, 21.04.2021 й., 03/21/683/0375-сон)",
     "(1-moddaning nomi O'zbekiston Respublikasining 2021 yil 21 apreldagi O'RQ-683-sonli Qonuni "
     "tahririda — Qonunchilik ma'lumotlari milliy bazasi, 21.04.2021 y., 03/21/683/0375-son)"),
    ("ХХIХ боб. МАХСУС ҲУҚУҚДАН", "XXIX bob. MAXSUS HUQUQDAN"),  # Cyrillic Х as a Roman X
    ("Олдинги таҳрирга қаранг.", "Oldingi tahrirga qarang."),
    ("Oʻzbekiston Respublikasining", "O'zbekiston Respublikasining"),
])
def test_fold_line(raw, folded):
    f = fold_line(raw)
    assert f.text == folded
    assert f.raw_span(0, len(f.text)) == raw
    start = f.text.rfind(" ") + 1  # the last word maps back to the last printed word
    assert f.raw_from(start) == raw[raw.rfind(" ") + 1:]
    first = f.text.split()[0]
    assert f.raw_span(0, len(first)) == raw.split()[0]


def test_latin_display():
    assert latin_display("O'R QHT, ma'lumotlari, to'g'risida") == "OʻR QHT, maʼlumotlari, toʻgʻrisida"


@pytest.mark.parametrize(("lines", "lang"), [
    (["Ўзбекистон Республикасининг Маъмурий жавобгарлик тўғрисидаги кодекси"], "uzb-Cyrl"),
    (["Oʻzbekiston Respublikasining Maʼmuriy javobgarlik toʻgʻrisidagi kodeksi", "РУС"], "uzb"),
    (["Кодекс Республики Узбекистан об административной ответственности"], "rus"),
])
def test_language_of(lines, lang):
    assert language_of(lines) == lang


def test_unwrap_joins_the_pieces_of_a_paragraph(shared):
    lines = (shared / CYRL).read_text("utf-8").splitlines()
    page = unwrap(lines)
    assert page.body == 1001 and len(page.lines) < len(lines)  # first toolbar; the footer cut
    text = {i + 1: x for i, x in enumerate(page.lines) if x}
    assert text[1036] == "1-модда. Маъмурий жавобгарлик тўғрисидаги қонунчилик"
    assert text[1041] == "Олдинги таҳрирга қаранг."
    assert text[1038].endswith("ЎРҚ-683-сонли Қонуни таҳририда — Қонунчилик маълумотлари "
                               "миллий базаси, 21.04.2021 й., 03/21/683/0375-сон)")
    # "17" + "1" + "-модда." (a superscript on its own line) -> "17 1-модда."
    assert text[1635].startswith("17 1-модда. Махсус автоматлаштирилган")
    assert 1037 not in text and 1039 not in text  # joined into the line before


def test_law_page_from_the_json_texts(shared):
    # ЎРҚ-1111 (lexuz_recent_2026_01): the header in the menus, a bare "Қонуни" before the title
    path = shared / "uz_multi/lexuz_recent_2026_01/7987564.json"
    doc = read_lines(json.loads(path.read_text("utf-8"))["content"].splitlines(), str(path),
                     fmt="lexuz_json")
    w, ed = doc.work, doc.editions[0]
    assert (w.subtype, w.number, w.date, w.title) == (
        "qonun", "OʻRQ-1111", "2026-01-13", "Пиротехника буюмларининг муомаласи тўғрисида")
    assert (w.status, w.entry_into_force, ed.lang) == ("not_yet_in_force", "2026-04-14", "uzb-Cyrl")
    by = {p.eid: p for p in ed.provisions}
    assert by["preface"].text == ("Қонунчилик палатаси томонидан 2025 йил 29 июлда қабул қилинган\n"
                                  "Сенат томонидан 2025 йил 1 ноябрда маъқулланган")
    assert [p.eid for p in ed.provisions if p.kind == "article"] == [
        f"art_{n}" for n in range(1, 16)]
    assert by["conclusions"].text.startswith("Ўзбекистон Республикасининг Президенти Ш. МИРЗИЁЕВ")
    assert (ed.valid_from, ed.gazette) == ("2026-01-13", "03/26/1111/0037")
    assert len(doc.warnings) == 1  # the menus before the page's text


@pytest.mark.parametrize(("header", "title_line", "lang"), [
    # lex.uz's header line in Cyrillic, then the title line as the Cyrillic page prints it
    ("Ўзбекистон Республикасининг Кодекси, 22.09.1994 йилдаги 2015-XII-сон",
     "ЎЗБЕКИСТОН РЕСПУБЛИКАСИНИНГ МАЪМУРИЙ ЖАВОБГАРЛИК ТЎҒРИСИДАГИ КОДЕКСИ", "uzb-Cyrl"),
    ("Oʻzbekiston Respublikasining Kodeksi, 22.09.1994 yildagi 2015-XII-son",
     "OʻZBEKISTON RESPUBLIKASINING MAʼMURIY JAVOBGARLIK TOʻGʻRISIDAGI KODEKSI", "uzb"),
])
def test_dated_code_header_in_both_scripts(header, title_line, lang):
    lines = [header, "Кучга кириш санаси", "01.04.1995", title_line,
             "I боб. АСОСИЙ ҚОИДАЛАР" if lang == "uzb-Cyrl" else "I bob. ASOSIY QOIDALAR",
             "1-модда. Маъмурий жавобгарлик тўғрисидаги қонунчилик" if lang == "uzb-Cyrl"
             else "1-modda. Maʼmuriy javobgarlik toʻgʻrisidagi qonunchilik"]
    doc = read_lines(lines, "header.txt")
    w = doc.work
    assert (w.subtype, w.number, w.date, w.entry_into_force, doc.editions[0].lang) == (
        "kodeks", "2015-XII", "1994-09-22", "1995-04-01", lang)
    assert w.title.lower().endswith(("кодекси", "kodeksi")) and "1994" not in w.title
