"""Russian texts of Uzbek acts through the one structure recogniser (ingest.grammar_ru).

Lines are real: the Russian Word files of uz_multi/ru_docx_2025 and the Russian chapter PDFs of
uz_multi/codes_pdf_2020/*/rus (their text layer, as ingest.pdf_reader gives it)."""

from __future__ import annotations

import docx
import pytest

from ingest import grammar_ru
from ingest.lexuz_text import read_lexuz_text, read_lines
from ingest.notes import parse_note

DOCX = "uz_multi/ru_docx_2025"
LATN = "uz/lexuz_uzlatn_raw_with_amendment_notes/Ma'muriy_Javobgarlik_Kodeksi.txt"


def docx_lines(path) -> list[str]:
    return [line for p in docx.Document(str(path)).paragraphs for line in p.text.split("\n")]


@pytest.fixture(scope="module")
def administrative(shared):
    path = shared / DOCX / "administrative.docx"
    return read_lines(docx_lines(path), str(path), fmt="docx")


@pytest.mark.parametrize(("line", "expected"), [
    ("РАЗДЕЛ ПЕРВЫЙ", (1, "section", "sec", "1", "")),
    ("РАЗДЕЛ I. ОБЩИЕ ПОЛОЖЕНИЯ", (1, "section", "sec", "I", "ОБЩИЕ ПОЛОЖЕНИЯ")),
    ("РАЗДЕЛ ЧЕТВЕРТЫЙ ПРОИЗВОДСТВО ПО ДЕЛАМ ОБ АДМИНИСТРАТИВНЫХ ПРАВОНАРУШЕНИЯХ",
     (1, "section", "sec", "4", "ПРОИЗВОДСТВО ПО ДЕЛАМ ОБ АДМИНИСТРАТИВНЫХ ПРАВОНАРУШЕНИЯХ")),
    ("ОБЩАЯ ЧАСТЬ", (0, "part", "part", "1", "")),
    ("ОСОБЕННАЯ ЧАСТЬ", (0, "part", "part", "2", "")),
    ("Подраздел 1. Основные положения", (2, "subsection", "subsec", "1", "Основные положения")),
    ("Глава 1. Основные положения", (3, "chapter", "chp", "1", "Основные положения")),
    ("Глава I. ОСНОВНЫЕ ПОЛОЖЕНИЯ", (3, "chapter", "chp", "I", "ОСНОВНЫЕ ПОЛОЖЕНИЯ")),
    ("Глава ХХIII1. ПРОИЗВОДСТВО ПО ДЕЛАМ О ПРИМИРЕНИИ",  # Cyrillic Х, flattened superscript
     (3, "chapter", "chp", "XXIII1", "ПРОИЗВОДСТВО ПО ДЕЛАМ О ПРИМИРЕНИИ")),
    ("I. ОБЩИЕ ПОЛОЖЕНИЯ", (3, "chapter", "chp", "I", "ОБЩИЕ ПОЛОЖЕНИЯ")),
    ("§ 1. Общие положения", (4, "paragraph", "para", "1", "Общие положения")),
    ("Глава 5 настоящего Кодекса применяется", None),  # prose
    ("Статья 12. Освобождение", None),
])
def test_containers(line, expected):
    assert grammar_ru.parse_container(grammar_ru.fold(line)) == expected


@pytest.mark.parametrize(("line", "num", "heading"), [
    ("Статья 1. Отношения, регулируемые настоящим Кодексом", "1",
     "Отношения, регулируемые настоящим Кодексом"),
    ("Статья 17-1. Административная ответственность лиц за нарушения правил дорожного движения,",
     "17 1", "Административная ответственность лиц за нарушения правил дорожного движения,"),
    ("Статья 171. Административная ответственность лиц", "171", "Административная ответственность лиц"),
    ("Статья 289.1 Обжалование", "289 1", "Обжалование"),
    ("Статья 5", "5", None),
])
def test_articles(line, num, heading):
    m = grammar_ru.ARTICLE.match(grammar_ru.fold(line))
    assert m and m.group("num") == num
    assert grammar_ru.article_heading(line) == heading


# (line, action, target, act number, act date, published, gazette, effective); lines from the
# Russian chapter PDFs (codes_pdf_2020/administrative_liability, budget) and the brief's form
NOTES = [
    ("(часть вторая статьи 7 в редакции Закона Республики Узбекистан от 14 сентября 2017 года № ЗРУ-446 — СЗ РУ, 2017 г., № 37, ст. 978)",  # noqa: E501
     "wording", "часть вторая", "OʻRQ-446", "2017-09-14", None, "СЗ РУ, 2017 г., № 37, ст. 978", None),
    ("(статья 9 дополнена частью второй Законом Республики Узбекистан от 8 апреля 2008 года № ЗРУ-145 — СЗ РУ, 2008 г., № 14-15, ст. 88)",  # noqa: E501
     "inserted", None, "OʻRQ-145", "2008-04-08", None, "СЗ РУ, 2008 г., № 14-15, ст. 88", None),
    ("(текст статьи 13 в редакции Закона Республики Узбекистан от 9 января 2019 года № ЗРУ-514 — Национальная база данных законодательства, 10.01.2019 г., № 03/19/514/2450)",  # noqa: E501
     "wording", "текст", "OʻRQ-514", "2019-01-09", "2019-01-10", "03/19/514/2450", None),
    ("(статья 37 утратит силу с 1 января 2019 года Законом Республики Узбекистан от 24 декабря 2018 года № ЗРУ-508 — Национальная база данных законодательства, 25.12.2018 г., № 03/18/508/2365)",  # noqa: E501
     "repealed", None, "OʻRQ-508", "2018-12-24", "2018-12-25", "03/18/508/2365", "2019-01-01"),
    ("(пункт 4 статьи 51 будет исключен с 1 января 2019 года Законом Республики Узбекистан от 24 декабря 2018 года № ЗРУ-508 — Национальная база данных законодательства, 25.12.2018 г., № 03/18/508/2365)",  # noqa: E501
     "removed", "пункт 4", "OʻRQ-508", "2018-12-24", "2018-12-25", "03/18/508/2365", "2019-01-01"),
    ("(абзацы второй — девятый части первой статьи 29 в редакции Закона Республики Узбекистан от 9 декабря 2019 года № ЗРУ-590 — Национальная база данных законодательства, 10.12.2019 г., № 03/19/590/4129)",  # noqa: E501
     "wording", "абзацы второй — девятый части первой", "OʻRQ-590", "2019-12-09", "2019-12-10",
     "03/19/590/4129", None),
    ("(часть четвертая статьи 34 заменена частями четвертой и пятой Законом Республики Узбекистан от 16 апреля 2008 года № ЗРУ-153 — СЗ РУ, 2008 г., № 16, ст. 117)",  # noqa: E501
     "amended", "часть четвертая", "OʻRQ-153", "2008-04-16", None, "СЗ РУ, 2008 г., № 16, ст. 117", None),
    ("(часть первая статьи 27 в редакции Закона Республики Узбекистан от 29 января 2018 года № ЗРУ-463 — Национальная база данных законодательства, 30.01.2018 г., № 03/18/463/0634 — вступает в силу с 1 апреля 2018 года)",  # noqa: E501
     "wording", "часть первая", "OʻRQ-463", "2018-01-29", "2018-01-30", "03/18/463/0634", "2018-04-01"),
    ("(в редакции Закона Республики Узбекистан от 21.04.2021 г. № ЗРУ-683)",
     "wording", None, "OʻRQ-683", "2021-04-21", None, None, None),
]


@pytest.mark.parametrize(("line", "action", "target", "number", "date", "published", "gazette",
                          "effective"), NOTES)
def test_notes(line, action, target, number, date, published, gazette, effective):
    (note,) = grammar_ru.parse_notes(line, 3)
    assert (note.action, note.target, note.act.number, note.act.date) == (
        action, target, number, date)
    assert (note.published, note.gazette, note.effective, note.line) == (
        published, gazette, effective, 3)


@pytest.mark.parametrize("line", ["(новая редакция)", "(в ред. от 2019)",
                                  "(далее — уполномоченный орган)"])
def test_parentheticals_of_the_law_are_not_notes(line):
    assert grammar_ru.parse_notes(line) == []


def test_russian_note_lands_in_the_fields_of_its_uzbek_twin():
    ru = grammar_ru.parse_notes(NOTES[2][0])[0]
    uz = parse_note("(13-moddaning matni Oʻzbekiston Respublikasining 2019-yil 9-yanvardagi "
                    "OʻRQ-514-sonli Qonuni tahririda — Qonun hujjatlari maʼlumotlari milliy "
                    "bazasi, 10.01.2019-y., 03/19/514/2450-son)")
    assert (ru.action, ru.act, ru.published, ru.gazette) == (uz.action, uz.act, uz.published,
                                                             uz.gazette)
    assert grammar_ru.note_subject(NOTES[2][0]) == ("13", "текст")


def test_publication_list():
    line = ("(Собрание законодательства Республики Узбекистан, 2015 г., № 34, ст. 450; Национальная "
            "база данных законодательства, 12.10.2021 г., № 03/21/721/0952; 16.01.2024 г., "
            "№ 03/24/896/0037)")  # Investment and Mutual Funds.docx
    notes = grammar_ru.parse_notes(line, 9)
    assert [(n.action, n.gazette, n.published) for n in notes] == [
        ("published", "Собрание законодательства Республики Узбекистан, 2015 г., № 34, ст. 450",
         None),
        ("published", "03/21/721/0952", "2021-10-12"), ("published", "03/24/896/0037", "2024-01-16")]
    assert notes[-1].act.number == "OʻRQ-896"


def test_administrative_code_docx_has_the_latin_tree(shared, administrative):
    ru = {p.eid: p for p in administrative.editions[0].provisions}
    uz = {p.eid: p for p in read_lexuz_text(shared / LATN).editions[0].provisions}
    assert administrative.editions[0].lang == "rus"
    assert set(ru) == set(uz)  # "Статья 171." (a Word superscript) is art_17.1 in both
    assert all(ru[e].parent == uz[e].parent for e in ru)
    assert ru["art_17.1"].num == "17¹" and ru["chp_23.1"].parent == uz["chp_23.1"].parent
    assert ru["sec_1"].heading == "ОБЩИЕ ПОЛОЖЕНИЯ" and ru["part_2"].heading == "ОСОБЕННАЯ ЧАСТЬ"
    w = administrative.work
    assert (w.subtype, w.title) == (
        "kodeks", "Кодекс Республики Узбекистан об административной ответственности")
    assert administrative.warnings == []


# number: only where the closing list names the adopting law (02/22/798/… -> OʻRQ-798);
# otherwise the manifest or the register gives it
@pytest.mark.parametrize(("name", "subtype", "title", "articles", "number"), [
    ("labour.docx", "kodeks", "Трудовой кодекс Республики Узбекистан", 581, "OʻRQ-798"),
    ("constitution.docx", "konstitutsiya", "Конституция Республики Узбекистан", 155, None),
    ("Audit Activity.docx", "qonun", "Об аудиторской деятельности", 55, None),
    # an amending law printed before the law it amends: the law's own title names the work
    ("Foreign Economic Activity.docx", "qonun", "О внешнеэкономической деятельности", 31, None),
    ("budget.docx", "kodeks", "Бюджетный кодекс Республики Узбекистан", 176, None),
])
def test_headerless_russian_docx(shared, name, subtype, title, articles, number):
    path = shared / DOCX / name
    doc = read_lines(docx_lines(path), str(path), fmt="docx")
    ed = doc.editions[0]
    assert (doc.work.subtype, doc.work.title, ed.lang, doc.format) == (subtype, title, "rus",
                                                                       "docx")
    assert sum(p.kind == "article" for p in ed.provisions) == articles
    assert doc.work.number == number


def test_headerless_uzbek_cyrillic_title_over_two_lines():
    # the first lines of codes_pdf_2020/administrative_liability/kir (ingest.pdf_reader)
    lines = ["ЎЗБЕКИСТОН РЕСПУБЛИКАСИНИНГ МАЪМУРИЙ", "ЖАВОБГАРЛИК ТЎҒРИСИДАГИ КОДЕКСИ",
             "БИРИНЧИ БЎЛИМ УМУМИЙ ҚОИДАЛАР", "I боб. АСОСИЙ ҚОИДАЛАР",
             "1-модда. Маъмурий жавобгарлик тўғрисидаги қонун ҳужжатлари",
             "Маъмурий жавобгарлик тўғрисидаги қонун ҳужжатлари ушбу Кодекс, Ўзбекистон "
             "Республикаси қонунларидан иборатдир."]
    doc = read_lines(lines, "kir/1.pdf", fmt="pdf")
    ed = doc.editions[0]
    assert (doc.work.subtype, doc.work.title, ed.lang) == (
        "kodeks", "Ўзбекистон Республикасининг маъмурий жавобгарлик тўғрисидаги кодекси",
        "uzb-Cyrl")
    assert [(p.eid, p.parent) for p in ed.provisions] == [
        ("sec_1", None), ("chp_1", "sec_1"), ("art_1", "chp_1")]


def test_editorial_cross_references_in_russian():
    lines = ["Статья 10. Понятие административного правонарушения",
             "Административным правонарушением признается посягающее на личность действие.",
             "См. ст. 14 Уголовного кодекса.",
             "Статья 11. Совершение административного правонарушения умышленно",
             "Административное правонарушение признается совершенным умышленно.",
             "Например, см. абзац второй пункта 43 Правил."]
    ed = read_lines(lines, "rus/2.pdf", fmt="pdf").editions[0]
    assert [(e.eid, e.line, e.text) for e in ed.editorial] == [
        ("art_10", 3, "См. ст. 14 Уголовного кодекса."),
        ("art_11", 6, "Например, см. абзац второй пункта 43 Правил.")]
    assert all("См." not in p.text and "см." not in p.text for p in ed.provisions)


@pytest.mark.parametrize("lines", [
    # codes_pdf_2020/labour_1995 (the Labour Code of 1995), kir and rus, as pdf_reader gives them
    ["228-модда. Тунги ишларда, иш вақтидан ташқари ишларда аёлларнинг меҳнатини чеклаш",
     "Ҳомиладор аёлларни тунги ишларга жалб қилишга йўл қўйилмайди.",
     "228-1-модда. Уч ёшга тўлмаган болалари бор, бюджет ҳисобидан молиявий жиҳатдан "
     "таъминланадиган", "Аёлларга иш вақтининг қисқартирилган муддати белгиланади."],
    ["Статья 228. Ограничение труда женщин на ночных, сверхурочных работах, работах в выходные дни и",
     "Не допускается привлечение к ночным работам беременных женщин.",
     "Статья 228-1. Право женщин, имеющих детей в возрасте до трех лет и работающих в учреждениях и",
     "Женщинам устанавливается сокращенная продолжительность рабочего времени."],
])
def test_dashed_superscript_article_has_one_eid_in_every_language(lines):
    ed = read_lines(lines, "labour_1995.pdf", fmt="pdf").editions[0]
    assert [(p.eid, p.num) for p in ed.provisions] == [("art_228", "228"), ("art_228.1", "228¹")]
