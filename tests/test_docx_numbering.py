"""Word auto-numbering: hand-made DOCX files (python-docx + numbering XML) and the real Tax Code."""

from __future__ import annotations

import re

import docx
import pytest
from docx.oxml import parse_xml

from ingest.docx_numbering import format_number, paragraph_labels
from ingest.docx_reader import docx_lines
from ingest.safe import open_docx_safely

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def lvl(ilvl: int, text: str, fmt: str = "decimal", start: int | None = 1,
        extra: str = "") -> str:
    first = f'<w:start w:val="{start}"/>' if start is not None else ""
    return (f'<w:lvl w:ilvl="{ilvl}">{first}<w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/>{extra}</w:lvl>')


def build(tmp_path, abstracts: dict[int, str], nums: dict[int, tuple[int, str]],
          paragraphs: list[tuple[str, int | None, int]], styles: str = ""):
    """A DOCX whose numbering.xml holds ``abstracts`` (id -> levels XML) and ``nums`` (numId ->
    (abstractNumId, overrides XML)); ``paragraphs``: (text, numId or None, ilvl). Saved and
    opened again through ``open_docx_safely``, as the reader opens files."""
    document = docx.Document()
    numbering = document.part.numbering_part.element
    for child in list(numbering):
        numbering.remove(child)
    for aid, levels in abstracts.items():
        numbering.append(parse_xml(f'<w:abstractNum {W} w:abstractNumId="{aid}">{levels}'
                                   "</w:abstractNum>"))
    for nid, (aid, overrides) in nums.items():
        numbering.append(parse_xml(f'<w:num {W} w:numId="{nid}"><w:abstractNumId w:val="{aid}"/>'
                                   f"{overrides}</w:num>"))
    if styles:
        document.styles.element.append(parse_xml(styles))
    for text, nid, ilvl in paragraphs:
        p = document.add_paragraph(text)
        if nid is not None:
            p._p.get_or_add_pPr().append(parse_xml(
                f'<w:numPr {W}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{nid}"/></w:numPr>'))
    path = tmp_path / "numbered.docx"
    document.save(path)
    return open_docx_safely(path)


def labels_of(document) -> list[str | None]:
    labels = paragraph_labels(document)
    return [labels.get(p._p) for p in document.paragraphs]


TWO_LEVELS = lvl(0, "%1.") + lvl(1, "%1.%2.")


@pytest.mark.parametrize("abstracts, nums, paragraphs, expected", [
    # plain decimal list, an unnumbered paragraph between items does not break it
    ({0: lvl(0, "%1.")}, {1: (0, "")},
     [("a", 1, 0), ("b", 1, 0), ("text", None, 0), ("c", 1, 0)],
     ["1. ", "2. ", None, "3. "]),
    # converted PDFs: an article number as a list that starts at the article (tax.docx "%1")
    ({0: lvl(0, "%1", start=28)}, {1: (0, "")}, [("x", 1, 0), ("y", 1, 0)], ["28 ", "29 "]),
    # two levels: the deeper one restarts after each item of the higher one
    ({0: TWO_LEVELS}, {1: (0, "")},
     [("a", 1, 0), ("b", 1, 1), ("c", 1, 1), ("d", 1, 0), ("e", 1, 1)],
     ["1. ", "1.1. ", "1.2. ", "2. ", "2.1. "]),
    # lvlRestart 0: the deeper level never restarts
    ({0: lvl(0, "%1)") + lvl(1, "%2)", "lowerLetter", extra='<w:lvlRestart w:val="0"/>')},
     {1: (0, "")},
     [("a", 1, 0), ("b", 1, 1), ("c", 1, 1), ("d", 1, 0), ("e", 1, 1)],
     ["1) ", "a) ", "b) ", "2) ", "c) "]),
    # two numIds of one abstractNum continue each other; a startOverride restarts
    ({0: lvl(0, "%1.")}, {1: (0, ""), 2: (0, ""),
                          3: (0, '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/>'
                                 "</w:lvlOverride>")},
     [("a", 1, 0), ("b", 1, 0), ("c", 2, 0), ("d", 3, 0), ("e", 3, 0)],
     ["1. ", "2. ", "3. ", "1. ", "2. "]),
    # a level replaced by the num's lvlOverride, with its own text and start
    ({0: lvl(0, "%1.")}, {1: (0, '<w:lvlOverride w:ilvl="0">'
                                 + lvl(0, "Статья %1.", start=5) + "</w:lvlOverride>")},
     [("a", 1, 0), ("b", 1, 0)], ["Статья 5. ", "Статья 6. "]),
    # Russian letters (а, б, в), upper roman; numId 0 removes numbering; bullets give nothing
    ({0: lvl(0, "%1)", "russianLower"), 1: lvl(0, "%1.", "upperRoman"),
      2: lvl(0, "\uf0b7", "bullet")}, {1: (0, ""), 2: (1, ""), 3: (2, "")},
     [("a", 1, 0), ("b", 1, 0), ("c", 1, 0), ("d", 2, 0), ("e", 2, 0), ("f", 0, 0),
      ("g", 3, 0)],
     ["а) ", "б) ", "в) ", "I. ", "II. ", None, None]),
    # isLgl: the higher level shown in decimal inside a legal-style level
    ({0: lvl(0, "%1.", "upperRoman") + lvl(1, "%1.%2", extra="<w:isLgl/>")}, {1: (0, "")},
     [("a", 1, 0), ("b", 1, 0), ("c", 1, 1)], ["I. ", "II. ", "2.1 "]),
    # no w:start: the counter starts at 0, as the standard says
    ({0: lvl(0, "%1.", start=None)}, {1: (0, "")}, [("a", 1, 0), ("b", 1, 0)], ["0. ", "1. "]),
    # w:suff nothing: no separator
    ({0: lvl(0, "%1.", extra='<w:suff w:val="nothing"/>')}, {1: (0, "")}, [("a", 1, 0)],
     ["1."]),
])
def test_numbering_table(tmp_path, abstracts, nums, paragraphs, expected):
    assert labels_of(build(tmp_path, abstracts, nums, paragraphs)) == expected


def test_numbering_through_the_paragraph_style(tmp_path):
    style = (f'<w:style {W} w:type="paragraph" w:styleId="ArticleNum"><w:name w:val="Article"/>'
             '<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>')
    document = build(tmp_path, {0: lvl(0, "Статья %1.")}, {1: (0, "")}, [], styles=style)
    for text in ("Цель", "Законодательство"):
        p = document.add_paragraph(text)
        p._p.get_or_add_pPr().append(parse_xml(f'<w:pStyle {W} w:val="ArticleNum"/>'))
    assert labels_of(document) == ["Статья 1. ", "Статья 2. "]


@pytest.mark.parametrize("n, fmt, expected", [
    (3, "decimal", "3"), (7, "decimalZero", "07"), (1, "lowerLetter", "a"),
    (27, "lowerLetter", "aa"), (28, "upperLetter", "BB"), (4, "upperRoman", "IV"),
    (1999, "lowerRoman", "mcmxcix"), (10, "russianLower", "к"), (26, "russianUpper", "Ы"),
    (30, "russianLower", "аа"), (5, "ordinalText", "5"), (2, "none", ""),
    (10**12, "upperLetter", str(10**12)), (10**9, "lowerRoman", str(10**9)),  # hostile starts
])
def test_format_number(n, fmt, expected):
    assert format_number(n, fmt) == expected


def test_file_without_numbering_part(shared):
    # python-docx cannot create a numbering part on the fly: no labels, no error
    document = open_docx_safely(shared / "docx/cl_congress_es/"
                                "pipeline__data__cl__15995__docs__01-mocion.docx")
    assert paragraph_labels(document) == {}


@pytest.fixture(scope="module")
def tax_lines(shared) -> list[str]:
    return docx_lines(shared / "uz_multi/ru_docx_2025/tax.docx")


def test_tax_code_article_numbers_come_from_numbering_xml(shared, tax_lines):
    """In tax.docx the text says only ``Статья<TAB>Заголовок``: the number is the auto-number of
    the next paragraph (numbering.xml: one abstractNum per run of articles, ``%1`` from the
    first article's number)."""
    raw = open_docx_safely(shared / "uz_multi/ru_docx_2025/tax.docx")
    bare = [p for p in raw.paragraphs if re.match(r"^\s*Статья\s*(\t|$)", p.text)]
    assert len(bare) == 462  # article headings printed without a number
    heads = [x for x in tax_lines if re.match(r"^Статья \d", x)]
    assert not [x for x in tax_lines if re.match(r"^Статья(\s+\D|$)", x)]
    assert heads[:3] == [
        "Статья 1. Отношения, регулируемые Налоговым кодексом Республики Узбекистан",
        "Статья 2. Налоговое законодательство",
        "Статья 3. Признание нормативно-правовых актов или их частей, не соответствующими "
        "положениям настоящего Кодекса"]  # the heading's second line was the numbered one
    assert tax_lines[tax_lines.index(heads[0]) + 1].startswith("Настоящий Кодекс регулирует")
    # the number in the middle of a two-line heading; a superscript on a line of its own; a
    # heading printed before its article word; a heading set as a table row
    assert "Статья 122. Взыскание налоговой задолженности за счет денежных средств на счетах " \
           "в банках с участников консолидированной группы налогоплательщиков" in heads
    assert "Статья 2891. Налоговые ставки на табачную продукцию" in heads
    assert "Статья 4511. Особенности определения налоговой базы при добыче (извлечении) " \
           "отдельных видов металлов" in heads
    assert "Статья 239. Оборот по реализации товаров (услуг)" in heads
    assert "Статья 306. Расходы на амортизацию" in heads  # the number lost: from 305 and 307


def test_an_act_whose_article_headings_word_numbers(tmp_path):
    """A Word-authored act: the article word and number come only from numbering.xml
    (``Статья %1.``), body paragraphs between the headings are not numbered, and a chapter
    heading in between does not restart the count. Text from competition.docx."""
    from ingest.docx_reader import read_docx

    paragraphs = [
        ("ЗАКОН РЕСПУБЛИКИ УЗБЕКИСТАН", None, 0), ("О КОНКУРЕНЦИИ", None, 0),
        ("Глава 1. Общие положения", None, 0),
        ("Цель настоящего Закона", 1, 0),
        ("Целью настоящего Закона является регулирование отношений в области конкуренции.",
         None, 0),
        ("Законодательство о конкуренции", 1, 0),
        ("Законодательство о конкуренции состоит из настоящего Закона и иных актов "
         "законодательства.", None, 0),
        ("Глава 2. Государственное регулирование в области конкуренции", None, 0),
        ("Основные принципы в области конкуренции", 1, 0),
        ("Основными принципами в области конкуренции являются:", None, 0),
        ("добросовестная конкуренция;", 2, 0), ("законность.", 2, 0),
    ]
    build(tmp_path, {0: lvl(0, "Статья %1."), 1: lvl(0, "%1)")}, {1: (0, ""), 2: (1, "")},
          paragraphs)
    doc = read_docx(tmp_path / "numbered.docx")
    arts = [p for p in doc.editions[0].provisions if p.kind == "article"]
    assert [(p.eid, p.heading, p.parent) for p in arts] == [
        ("art_1", "Цель настоящего Закона", "chp_1"),
        ("art_2", "Законодательство о конкуренции", "chp_1"),
        ("art_3", "Основные принципы в области конкуренции", "chp_2")]
    assert arts[2].text.split("\n")[1:] == ["1) добросовестная конкуренция;", "2) законность."]
