"""The PDF reader on the real chapter PDFs of ``uz_multi/codes_pdf_2020`` (Uzbek codes about 2020,
one PDF per chapter, LibreOffice text layer) and on hostile PDFs made here with pypdf."""

from __future__ import annotations

import io
import re
from collections import Counter

import pytest
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject, TextStringObject

from ingest.formats import detect, is_ignored
from ingest.pdf_layout import Line
from ingest.pdf_reader import (
    MAX_PAGES,
    _join,
    lang_of,
    latin_letters,
    order_key,
    ordered_pdfs,
    pdf_lines,
    read_pdf,
    read_pdfs,
    reflow,
)
from lexsearch.errors import InputError, UnsafeInputError
from lexsearch.numbers import fold_apostrophes

CODES = "uz_multi/codes_pdf_2020"
CHAPTER_3 = {  # the family code's chapter 3 ("conclusion of marriage"), 4-5 pages, per script
    "kir": "family/kir/2.II БЎЛИМ НИКОҲ/1.3-боб. Никоҳ тузиш тартиби ва шартлари.pdf",
    "lat": "family/lat/2.II BO‘LIM. NIKOH/1.3-bob. Nikoh tuzish tartibi va shartlari.pdf",
    "rus": "family/rus/2.РАЗДЕЛ II. БРАК/1.Глава 3. Порядок и условия заключения брака.pdf",
}


@pytest.fixture(scope="module")
def codes(shared):
    return shared / CODES


def make_pdf(pages: list[list[tuple]], *, js: str | None = None, password: str | None = None,
             blank: int = 0) -> bytes:
    """A PDF with one Helvetica text line per ``(x, y, text[, size])`` on each page."""
    writer = PdfWriter()
    font = DictionaryObject({NameObject("/Type"): NameObject("/Font"),
                             NameObject("/Subtype"): NameObject("/Type1"),
                             NameObject("/BaseFont"): NameObject("/Helvetica"),
                             NameObject("/Encoding"): NameObject("/WinAnsiEncoding")})
    for lines in pages:
        page = writer.add_blank_page(595, 842)
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})})
        ops = []
        for x, y, text, *size in lines:
            escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            ops.append(f"BT /F1 {size[0] if size else 12} Tf {x} {y} Td ({escaped}) Tj ET")
        stream = DecodedStreamObject()
        stream.set_data("\n".join(ops).encode("cp1252"))
        page.replace_contents(stream)
    for _ in range(blank):
        writer.add_blank_page(595, 842)
    if js:  # an action run when the document opens
        writer.root_object[NameObject("/OpenAction")] = DictionaryObject(
            {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject(js)})
    if password is not None:
        writer.encrypt(user_password=password, owner_password="owner")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


# -- real chapters ---------------------------------------------------------------------------

@pytest.mark.parametrize("script", sorted(CHAPTER_3))
def test_golden_lines(codes, golden, script):
    golden(f"pdf/family_chapter3_{script}_lines", pdf_lines(codes / CHAPTER_3[script]))


@pytest.mark.parametrize("script", sorted(CHAPTER_3))
def test_golden_document(codes, golden, script):
    golden(f"pdf/family_chapter3_{script}", read_pdf(codes / CHAPTER_3[script]))


@pytest.mark.parametrize("script, heading, article, cross_ref, superscript", [
    ("kir", "3-боб. Никоҳ тузиш тартиби ва шартлари", "13-модда. Никоҳ тузиш тартиби",
     "Қаранг: Ўзбекистон Республикаси Жиноят кодексининг 136-моддаси.",
     "жавобгарлик тўғрисидаги кодексининг 473-моддаси, "),
    ("lat", "3-bob. Nikoh tuzish tartibi va shartlari", "13-modda. Nikoh tuzish tartibi",
     "Qarang: Oʻzbekiston Respublikasi Jinoyat kodeksining 136-moddasi.",
     "javobgarlik toʻgʻrisidagi kodeksining 473-moddasi, "),
    ("rus", "Глава 3. Порядок и условия заключения брака", "Статья 13. Порядок заключения брака",
     "См. ст. 136 Уголовного кодекса Республики Узбекистан.",
     "ст. 473 Кодекса Республики Узбекистан об административной"),
], ids=["kir", "lat", "rus"])
def test_chapter_paragraphs(codes, script, heading, article, cross_ref, superscript):
    lines = pdf_lines(codes / CHAPTER_3[script])
    start = lines.index(heading)
    assert start <= 1 and lines[start + 1] == article  # kir and lat open with the section
    assert cross_ref in lines  # the editors' cross-reference is a line of its own
    assert any(superscript in x for x in lines)  # 47³ rejoined and flattened as lex.uz prints it
    assert not any("  " in x or x != x.strip() for x in lines)
    # every paragraph of law ends a sentence or a list item; wrapped lines were joined
    body = [x for x in lines
            if not re.match(r"^(\d+-(модда|modda)|Статья|\d+-(боб|bob)|Глава|II (БЎЛИМ|BOʻLIM))", x)]
    assert all(re.search(r"[.;:)»]$", x) for x in body), [x for x in body
                                                         if not re.search(r"[.;:)»]$", x)]
    # the 2019 note stays one line (it wrapped over four in print)
    assert sum(1 for x in lines if "3662" in x) == 1


def test_a_heading_wrapped_over_three_lines_is_one(codes):
    lines = pdf_lines(codes / "labour_1995/rus/15.ГЛАВА XV. ТРУДОВЫЕ СПОРЫ.pdf")
    assert "Статья 274. Возложение материальной ответственности на должностное лицо, виновное в " \
           "незаконном прекращении трудового договора или незаконном переводе" in lines


@pytest.mark.parametrize("copied", [False, True], ids=["in-lat-folder", "copied-elsewhere"])
def test_latin_letters_as_lexuz_prints_them(codes, tmp_path, copied):
    path = codes / CHAPTER_3["lat"]
    if copied:  # no folder names the language: the letters do
        (tmp_path / "chapter.pdf").write_bytes(path.read_bytes())
        path = tmp_path / "chapter.pdf"
    lines = pdf_lines(path)
    text = "\n".join(lines)
    assert "‘" not in text and "’" not in text
    assert "Oʻzbekiston" in text and "maʼlumotlari" in text
    assert "“Vijdon erkinligi" in text  # quotation marks are not apostrophes


@pytest.mark.parametrize("text, expected", [
    ("II BO‘LIM. NIKOH", "II BOʻLIM. NIKOH"),
    ("VII BO‘LIM. FUQAROLIK HOLATI DALOLATNOMALARINI QAYD ETISh",
     "VII BOʻLIM. FUQAROLIK HOLATI DALOLATNOMALARINI QAYD ETISH"),
    ("III BO‘LIM. QON-QARINDOShLIK VA BOLALARNING", "III BOʻLIM. QON-QARINDOSHLIK VA BOLALARNING"),
    ("Shu bilan bir vaqtda ma’lumotlar", "Shu bilan bir vaqtda maʼlumotlar"),
    ("“Sudlar tomonidan” o‘tkaziladi, g‘oya", "“Sudlar tomonidan” oʻtkaziladi, gʻoya"),
])
def test_latin_letters(text, expected):
    assert latin_letters(text) == expected


# Real line ends of codes_pdf_2020 (head: the end of a printed line, tail: the next line).
@pytest.mark.parametrize("head, tail, words, expected", [
    ("ана шу устав ёки қоидаларда тўғридан-", "тўғри назарда тутилган", [],
     "ана шу устав ёки қоидаларда тўғридан-тўғри назарда тутилган"),
    ("Ўзбекистон Республикасининг 2010 йил 24 майдаги ЎРҚ-", "248-сон Қонуни таҳририда",
     [], "Ўзбекистон Республикасининг 2010 йил 24 майдаги ЎРҚ-248-сон Қонуни таҳририда"),
    ("ЎР ҚҲТ, 2010 й., 21-сон, 161-", "модда)", [], "ЎР ҚҲТ, 2010 й., 21-сон, 161-модда)"),
    ("ҳуқуқбузарликлар фото-", "ва видеоқайд этишнинг", [],
     "ҳуқуқбузарликлар фото- ва видеоқайд этишнинг"),
    ("bunday talon-", "toroj oz miqdordagi", [], "bunday talon-toroj oz miqdordagi"),
    ("Qarang: O‘zbekiston Respublikasi Konstitutsiyasi 63-", "moddasining ikkinchi qismi", [],
     "Qarang: O‘zbekiston Respublikasi Konstitutsiyasi 63-moddasining ikkinchi qismi"),
    # a word divided at the line end: the act prints it whole elsewhere, never hyphenated
    ("спорт-соғломлаштириш муасса-", "саларида, ёнғин", ["муассасаларида"],
     "спорт-соғломлаштириш муассасаларида, ёнғин"),
    # ... but a compound the act prints with its hyphen keeps it
    ("ишга оид бошқа материаллар тўғри тузилган-", "тузилмаганлиги;",
     ["тузилгантузилмаганлиги", "тузилган-тузилмаганлиги"],
     "ишга оид бошқа материаллар тўғри тузилган-тузилмаганлиги;"),
    ("Никоҳ фуқаролик ҳолати далолатномаларини қайд", "этиш органларида тузилади.", [],
     "Никоҳ фуқаролик ҳолати далолатномаларини қайд этиш органларида тузилади."),
], ids=["compound", "act-number", "article-ref", "suspended", "latin-compound", "number-ref",
        "division", "compound-in-vocabulary", "plain-wrap"])
def test_join_line_ends(head, tail, words, expected):
    assert _join(head, tail, Counter(words)) == expected


def test_hyphens_pdfium_joined_itself_are_kept(codes):
    """PDFium joins a line ending in a hyphen itself (marking the hyphen U+FFFE): the reader puts
    the hyphen back (``бир-бирига``) and keeps the space of a suspended one."""
    lines = pdf_lines(codes / "administrative_liability/kir/2.ИККИНЧИ БЎЛИМ. МАЪМУРИЙ ҲУҚУҚБУЗАРЛИК "
                      "ВА МАЪМУРИЙ ЖАВОБГАРЛИК/1.2-БОБ. ИККИНЧИ БЎЛИМ МАЪМУРИЙ ҲУҚУҚБУЗАРЛИК ВА "
                      "МАЪМУРИЙ ЖАВОБГАРЛИК.pdf")
    text = "\n".join(lines)
    assert "\ufffe" not in text
    assert "тўғридан-тўғри назарда тутилган" in text
    assert "фото- ва видеоқайд" in text
    assert "61, 1161, 1162, 1163, 125, 1251, 126" in text  # a run of 116¹, 116² … rejoined


def test_reflow_without_positions_goes_by_the_text():
    """Where PDFium gives no character positions, a line ending a sentence ends its paragraph
    and a point starts one (lines of the family code's article 16, as printed)."""
    printed = ["16-модда. Никоҳ тузишга монелик қиладиган ҳолатлар", "Никоҳ тузишга:",
               "лоақал биттаси рўйхатга олинган бошқа никоҳда турган", "шахслар ўртасида;",
               "а) насл-насаб шажараси бўйича тўғри туташган", "қариндошлар ўртасида.",
               "Қаранг: Ўзбекистон Республикаси Вазирлар Маҳкамасининг 2016 йил 14",
               "ноябрдаги 387-сонли қарори.", "Никоҳ тузиш ихтиёрийдир."]
    assert reflow([Line(x, 1) for x in printed]) == [
        "16-модда. Никоҳ тузишга монелик қиладиган ҳолатлар", "Никоҳ тузишга:",
        "лоақал биттаси рўйхатга олинган бошқа никоҳда турган шахслар ўртасида;",
        "а) насл-насаб шажараси бўйича тўғри туташган қариндошлар ўртасида.",
        "Қаранг: Ўзбекистон Республикаси Вазирлар Маҳкамасининг 2016 йил 14 ноябрдаги 387-сонли "
        "қарори.", "Никоҳ тузиш ихтиёрийдир."]


# -- reflow and furniture on a PDF made here (geometry as in the real files) -----------------

HEADER = "O'zbekiston Respublikasining Oila kodeksi"


def _page(no: int, body: list[tuple]) -> list[tuple]:
    return [(36, 815, HEADER)] + body + [(290, 20, str(no))]


def test_reflow_and_furniture(tmp_path):
    """Justified paragraphs (inner lines reach the right margin, a paragraph's first line is
    indented), a ragged heading that wraps, a paragraph running over a page end, a superscript,
    a running header and page numbers on every page."""
    pages = [
        _page(1, [(36, 760, "VII BO'LIM. FUQAROLIK HOLATI"),
                  (36, 740, "DALOLATNOMALARINI QAYD ETISH"),
                  (36, 700, "188-modda. Voyaga yetmagan shaxsni g'ayriijtimoiy xatti-harakatlarga"),
                  (36, 680, "jalb qilish"),
                  (79, 650, "Nikoh fuqarolik holati dalolatnomalarini qayd etish organlarida"),
                  (36, 630, "tuziladi."),
                  (79, 600, "Nikoh yoshi erkaklar va ayollar uchun o'n sakkiz yosh etib belgi-"),
                  (36, 580, "lanadi. Uzrli sabablar bo'lganida, alohida hollarda tuman, shahar"),
                  (36, 560, "hokimi nikoh yoshini ko'pi bilan bir yilga kamaytirishi mumkin, bu")]),
        _page(2, [(36, 760, "qoida belgilanadi va shu yerda tugaydi."),
                  (79, 710, "Qarang: mazkur Kodeksning 51-moddasi, Ma'muriy javobgarlik"),
                  (36, 690, "to'g'risidagi kodeksining 47"), (190, 695, "3", 7),
                  (196, 690, "-moddasi."),
                  (36, 660, "16-modda. Nikoh tuzishga monelik qiladigan holatlar")]),
        _page(3, [(79, 760, "Nikoh tuzishga:"),
                  (79, 740, "loaqal bittasi ro'yxatga olingan boshqa nikohda turgan shaxslar"),
                  (36, 720, "o'rtasida;"),
                  (79, 700, "yaqin qarindoshlar o'rtasida yo'l qo'yilmaydi. Nikoh belgilanadi.")]),
        _page(4, [(79, 760, "Nikoh yoshi belgilanadi.")]),
    ]
    path = tmp_path / "lat" / "1.3-bob.pdf"
    path.parent.mkdir()
    path.write_bytes(make_pdf(pages))
    assert pdf_lines(path) == [
        "VII BOʻLIM. FUQAROLIK HOLATI DALOLATNOMALARINI QAYD ETISH",
        "188-modda. Voyaga yetmagan shaxsni gʻayriijtimoiy xatti-harakatlarga jalb qilish",
        "Nikoh fuqarolik holati dalolatnomalarini qayd etish organlarida tuziladi.",
        # "belgi-" + "lanadi": "belgilanadi" is printed whole elsewhere, so the hyphen was a break
        "Nikoh yoshi erkaklar va ayollar uchun oʻn sakkiz yosh etib belgilanadi. Uzrli sabablar "
        "boʻlganida, alohida hollarda tuman, shahar hokimi nikoh yoshini koʻpi bilan bir yilga "
        "kamaytirishi mumkin, bu qoida belgilanadi va shu yerda tugaydi.",
        "Qarang: mazkur Kodeksning 51-moddasi, Maʼmuriy javobgarlik toʻgʻrisidagi kodeksining "
        "473-moddasi.",
        "16-modda. Nikoh tuzishga monelik qiladigan holatlar",
        "Nikoh tuzishga:",
        "loaqal bittasi roʻyxatga olingan boshqa nikohda turgan shaxslar oʻrtasida;",
        "yaqin qarindoshlar oʻrtasida yoʻl qoʻyilmaydi. Nikoh belgilanadi.",
        "Nikoh yoshi belgilanadi.",
    ]  # the running header and the page numbers are gone


def test_furniture_and_scanned_pages_are_warnings(tmp_path):
    body = [(79, 760, "1-modda. Asosiy qoidalar"), (79, 740, "Nikoh yoshi belgilanadi.")]
    path = tmp_path / "x.pdf"
    path.write_bytes(make_pdf([_page(1, body), _page(2, body), [], _page(3, body)], blank=1))
    warnings = [str(w) for w in read_pdf(path).warnings]
    assert "x.pdf: page(s) 3 without text (scanned?): nothing read from them" in warnings
    assert f"x.pdf: 6 line(s) of page furniture dropped (page numbers, running headers), e.g. " \
           f"{HEADER!r}" in warnings


def test_recogniser_warnings_name_the_chapter_file(codes):
    doc = read_pdfs(ordered_pdfs(codes / "criminal/kir"), str(codes / "criminal/kir"))
    located = [w for w in doc.warnings if w.line]
    assert all(re.match(r"^\d+\.[^:]+\.pdf: ", w.message) for w in located)


def test_a_line_on_one_page_only_is_not_furniture(tmp_path):
    path = tmp_path / "x.pdf"
    path.write_bytes(make_pdf([[(36, 815, HEADER), (79, 760, "1-modda. Asosiy qoidalar")],
                               [(79, 760, "Nikoh yoshi belgilanadi.")],
                               [(79, 760, "Nikoh tuzish ixtiyoriydir.")]]))
    assert pdf_lines(path)[0] == latin_letters(HEADER)


def test_law_that_ends_every_page_is_not_furniture(tmp_path):
    """The Criminal Code's sanctions end many pages with the same words: a sentence's end is
    law, however often it recurs at the foot of a page."""
    pages = [[(79, 760 - 20 * k, "Qasddan odam o'ldirish - o'n yildan o'n besh yilgacha ozodlikdan")
              for k in range(3)] + [(36, 680, "mahrum qilish bilan jazolanadi.")]
             for _ in range(4)]
    path = tmp_path / "x.pdf"
    path.write_bytes(make_pdf(pages))
    assert sum(x.endswith("bilan jazolanadi.") for x in pdf_lines(path)) == 4


def test_superscript_article_heading_keeps_its_number_apart(tmp_path):
    path = tmp_path / "x.pdf"
    path.write_bytes(make_pdf([[(36, 760, "173"), (57, 765, "1", 7),
                                (61, 760, "-modda. Vasiylik huquqini suiiste'mol qilish")]]))
    assert pdf_lines(path) == ["173 1-modda. Vasiylik huquqini suiiste'mol qilish"]


# -- hostile input ---------------------------------------------------------------------------

def _write(tmp_path, data: bytes, name: str = "bad.pdf"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


SIMPLE = [[(79, 760, "1-modda. Asosiy qoidalar"), (79, 740, "Nikoh yoshi belgilanadi.")]]


@pytest.mark.parametrize("password", ["", "secret"])
def test_encrypted_pdf_is_refused(tmp_path, password):
    path = _write(tmp_path, make_pdf(SIMPLE, password=password), "encrypted.pdf")
    with pytest.raises(InputError, match=r"encrypted\.pdf.*encrypted PDF"):
        pdf_lines(path)


def test_javascript_is_refused(tmp_path):
    path = _write(tmp_path, make_pdf(SIMPLE, js="app.alert('x');"), "js.pdf")
    with pytest.raises(UnsafeInputError, match=r"js\.pdf.*JavaScript"):
        pdf_lines(path)


def test_page_limit(tmp_path):
    path = _write(tmp_path, make_pdf(SIMPLE, blank=11))
    with pytest.raises(UnsafeInputError, match="12 pages, more than the limit of 10"):
        pdf_lines(path, max_pages=10)
    huge = _write(tmp_path, make_pdf(SIMPLE, blank=MAX_PAGES), "huge.pdf")
    with pytest.raises(UnsafeInputError, match=f"huge.pdf.*{MAX_PAGES + 1} pages"):
        read_pdf(huge)


def test_decompression_bomb_is_refused(tmp_path):
    writer = PdfWriter()
    page = writer.add_blank_page(595, 842)
    stream = DecodedStreamObject()
    stream.set_data(b"BT ET " + b" " * 3_000_000)
    page.replace_contents(stream)
    page.compress_content_streams()
    buf = io.BytesIO()
    writer.write(buf)
    assert len(buf.getvalue()) < 20_000
    path = _write(tmp_path, buf.getvalue(), "bomb.pdf")
    with pytest.raises(UnsafeInputError, match=r"bomb\.pdf.*inflate to more than 1000000 bytes"):
        pdf_lines(path, max_inflated=1_000_000)


def test_size_and_time_limits(codes):
    path = codes / CHAPTER_3["kir"]
    with pytest.raises(UnsafeInputError, match="larger than the limit of 10000 bytes"):
        pdf_lines(path, max_bytes=10_000)
    with pytest.raises(UnsafeInputError, match=r"longer than 0 s \(stopped at page 1 of 5\)"):
        pdf_lines(path, max_seconds=0)


def test_broken_files_are_input_errors(tmp_path, codes):
    real = (codes / CHAPTER_3["rus"]).read_bytes()
    cases = {
        "empty.pdf": b"",
        "text.pdf": "Статья 1. Это не PDF".encode(),
        "garbage.pdf": bytes((i * 7919 + 13) % 256 for i in range(4096)),
        "header_only.pdf": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
        "truncated.pdf": real[: len(real) // 3],
    }
    for name, data in cases.items():
        path = _write(tmp_path, data, name)
        try:
            lines = pdf_lines(path)
        except InputError as exc:
            assert name in str(exc)
        else:  # PDFium recovers what a truncated file still holds; it must be real text then
            assert name == "truncated.pdf" and lines and lines[0].startswith("Глава 3")


def test_mutated_pdfs_never_raise_anything_but_input_errors(tmp_path, codes):
    real = bytearray((codes / CHAPTER_3["lat"]).read_bytes())
    for k in range(12):
        data = bytearray(real)
        for i in range(k * 997 % 400 + 10, len(data), 1500 + k * 37):
            data[i] = (data[i] + 1 + k) % 256
        path = _write(tmp_path, bytes(data), f"mutated{k}.pdf")
        try:
            pdf_lines(path)
        except InputError as exc:
            assert f"mutated{k}.pdf" in str(exc)


def test_no_text_layer(tmp_path):
    path = _write(tmp_path, make_pdf([], blank=2), "scan.pdf")
    with pytest.raises(InputError, match="scan.pdf.*no text layer"):
        read_pdf(path)


def test_formats_take_pdf(tmp_path):
    path = _write(tmp_path, make_pdf(SIMPLE), "x.PDF")
    assert detect(path) == "pdf" and not is_ignored(path)


# -- order of the files of one work ----------------------------------------------------------

def test_natural_order(tmp_path):
    for name in ["10.X bob.pdf", "2.II bob.pdf", "1.I bob.pdf", "Ilova.pdf",
                 "3.III/2.5-bob.pdf", "3.III/10.13-bob.pdf", "3.III/1.4-bob.pdf",
                 "Вторая часть/1.1-боб.pdf", "notes.txt"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"%PDF-1.4")
    got = [p.relative_to(tmp_path).as_posix() for p in ordered_pdfs(tmp_path)]
    assert got == ["1.I bob.pdf", "2.II bob.pdf", "3.III/1.4-bob.pdf", "3.III/2.5-bob.pdf",
                   "3.III/10.13-bob.pdf", "10.X bob.pdf", "Ilova.pdf", "Вторая часть/1.1-боб.pdf"]
    assert order_key(tmp_path / "2.II bob.pdf", tmp_path) < order_key(tmp_path / "10.X bob.pdf",
                                                                      tmp_path)


def _chapter_numbers(paths) -> list[str]:
    out = []
    for p in paths:
        m = re.match(r"^\d+\.(\d+(?:\.\d+)?)-(?:боб|bob|БОБ)", p.name) or re.match(
            r"^\d+\.(?:ГЛАВА|Глава) (\d+)", p.name)
        out.append(m.group(1) if m else p.name)
    return out


def test_order_of_the_real_tree(codes):
    family = ordered_pdfs(codes / "family/kir")
    assert _chapter_numbers(family) == [str(n) for n in range(1, 31)]
    assert _chapter_numbers(ordered_pdfs(codes / "family/rus")) == [str(n) for n in range(1, 31)]
    labour = [p.name.split(".", 1)[0] for p in ordered_pdfs(codes / "labour_1995/kir")]
    assert labour == [str(n) for n in range(1, 17)]  # 2. before 10.
    criminal = ordered_pdfs(codes / "criminal/kir")
    sections = [p.relative_to(codes / "criminal/kir").parts[0][:2] for p in criminal]
    assert sections[:15] == ["1."] * 2 + ["2."] * 6 + ["3."] + ["4."] * 2 + ["5."] * 3 + ["7."]
    assert all(s == "Вт" for s in sections[15:])  # the Special Part's folder comes last
    chapters = _chapter_numbers(criminal)
    assert chapters[:15] == [str(n) for n in range(1, 15)] + ["17"]
    assert chapters[-1].startswith("1.САККИЗ")
    assert "20.1" in chapters


@pytest.mark.parametrize("path, lang", [
    ("codes_pdf_2020/family/kir/1.I/1.1-боб.pdf", "uzb-Cyrl"),
    ("codes_pdf_2020/family/lat/1.pdf", "uzb"),
    ("codes_pdf_2020/civil/rus/x/y.pdf", "rus"),
    ("elsewhere/x.pdf", None),
])
def test_lang_of(path, lang):
    assert lang_of(path) == lang


# -- one edition from many files -------------------------------------------------------------

_EDITIONS: dict = {}


def _edition(codes, code: str, script: str):
    """The one edition the chapter PDFs of ``code`` in ``script`` make (read once per run)."""
    if (code, script) not in _EDITIONS:
        folder = codes / code / script
        (_EDITIONS[code, script],) = read_pdfs(ordered_pdfs(folder), str(folder)).editions
    return _EDITIONS[code, script]


def _articles_by_chapter(edition) -> dict[str, set[str]]:
    kind = {p.eid: p.kind for p in edition.provisions}
    parent = {p.eid: p.parent for p in edition.provisions}
    out: dict[str, set[str]] = {}
    for p in edition.provisions:
        if p.kind == "article":
            chapter = p.parent
            while chapter and kind.get(chapter) != "chapter":
                chapter = parent.get(chapter)
            out.setdefault(chapter, set()).add(p.eid)
    return out


def test_family_code_is_one_edition_per_script(codes):
    """All chapter PDFs of the family code in each script: one edition each, articles in order,
    cross-references kept as editorial notes and never as words of the law."""
    for script, lang in (("kir", "uzb-Cyrl"), ("lat", "uzb"), ("rus", "rus")):
        edition = _edition(codes, "family", script)
        assert edition.lang == lang
        eids = [p.eid for p in edition.provisions if p.kind == "article"]
        nums = [float(e.split("_")[1]) for e in eids]
        assert nums == sorted(nums) and len(set(eids)) == len(eids)
        assert len(edition.editorial) > 150
        assert not any(fold_apostrophes(line).startswith(("Qarang:", "Қаранг:", "См. "))
                       for p in edition.provisions for line in p.text.split("\n"))


# Articles per code and script over the files the corpus holds; a gap between scripts is a
# chapter whose PDF the source left out (listed), never an article lost inside a chapter.
ARTICLES = {
    "family": ({"kir": 214, "lat": 211, "rus": 214}, {"lat": {"art_148", "art_149", "art_150"}}),
    "budget": ({"kir": 139, "lat": 136, "rus": 139}, {"lat": {"art_167", "art_168", "art_169"}}),
    "private_enterprise_law": ({"kir": 29, "lat": 29, "rus": 29}, {}),
    "llc_law": ({"kir": 55, "rus": 55}, {}),
    "administrative_liability": ({"kir": 146, "lat": 93, "rus": 90}, None),  # 17/10/10 chapters
}


@pytest.mark.parametrize("code", sorted(ARTICLES))
def test_articles_agree_across_scripts(codes, code):
    counts, missing = ARTICLES[code]
    chapters = {s: _articles_by_chapter(_edition(codes, code, s)) for s in counts}
    assert {s: sum(map(len, c.values())) for s, c in chapters.items()} == counts
    scripts = sorted(counts)
    for i, a in enumerate(scripts):
        for b in scripts[i + 1:]:
            shared_chapters = set(chapters[a]) & set(chapters[b])
            assert shared_chapters
            for chapter in shared_chapters:
                assert chapters[a][chapter] == chapters[b][chapter], (code, a, b, chapter)
    if missing is not None:
        every = set().union(*(set().union(*c.values()) for c in chapters.values()))
        for s, c in chapters.items():
            assert every - set().union(*c.values()) == missing.get(s, set()), (code, s)


def _plain(text: str) -> str:
    """A text with every difference of form removed: apostrophes, case, spacing, hyphens."""
    return re.sub(r"[\s\-–—]+", "", fold_apostrophes(text).casefold())


def test_2020_pdf_and_2025_lexuz_editions_differ_in_law_only(codes, shared, tmp_path):
    """The family code's 2020 Latin PDFs and its 2025 lex.uz text as two editions of one work:
    the same eIds, and every difference the diff shows is a difference of words."""
    from ingest.lexuz_text import read_lexuz_text
    from lexsearch.diff import compare
    from lexsearch.store import Store

    old = _edition(codes, "family", "lat")
    new_doc = read_lexuz_text(shared / "uz/lexuz_uzlatn_raw_with_amendment_notes/Oila_Kodeksi.txt")
    (new,) = new_doc.editions
    assert old.valid_from < "2021-01-01" < new.valid_from
    uri = "/akn/uz/act/kodeks/1998-04-30/607-i"
    store = Store(tmp_path)
    with store.release("test: family code 2020 PDF + 2025 lex.uz") as writer:
        work_id, _ = writer.ensure_work(uri, new_doc.work, "uzb")
        writer.add_edition(work_id, old, source_file="codes_pdf_2020/family/lat")
        writer.add_edition(work_id, new, source_file="Oila_Kodeksi.txt")
    diff = compare(store, uri, old.valid_from, new.valid_from, "uzb")
    store.close()
    assert diff.removed == [] and diff.moved == []  # every 2020 eId is in the 2025 edition
    # added: the chapter whose PDF is missing (148-150), articles 4¹ and 234-238 of 2021-2025
    assert {e for e in diff.added if e.startswith("art_")} == {
        "art_4.1", "art_148", "art_149", "art_150", "art_234", "art_235", "art_236", "art_237",
        "art_238"}
    assert not [c.eid for c in diff.changed if c.whitespace_only]
    formatting_only = []
    for c in diff.changed:
        sides = [(c.ops, tag) for tag in ("+", "-")] + [(c.heading_ops or [], tag)
                                                         for tag in ("+", "-")]
        old_text, new_text, old_head, new_head = (
            _plain("".join(t for tag, t in ops if tag != skip)) for ops, skip in sides)
        if old_text == new_text and old_head == new_head:
            formatting_only.append(c.eid)
    assert formatting_only == []
    assert diff.unchanged >= 180 and len(diff.changed) <= 65  # measured: 186 and 60
    changed = {c.eid: c for c in diff.changed}
    # the 2021 terminology reform: "qonun hujjatlari" became "qonunchilik"
    assert ["-", "qonun hujjatlarida"] in changed["art_217"].ops
    assert ["+", "qonunchilikda"] in changed["art_217"].ops
