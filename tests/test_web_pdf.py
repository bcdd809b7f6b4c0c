"""PDF export (``?format=pdf``, web.pdf_export): the Labour Code typeset in each of its three
languages renders every script, read back from the PDF with pypdf; automatic
transliterations carry their notice; PDFs are stored once and bounded."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from web_fixtures import CONSTITUTION, LABOUR_CODE

from lexsearch.render import TRANSLIT_NOTICE
from web import create_app

PERSONAL_DATA_LAW = "/akn/uz/act/qonun/2019-07-02/orq-547"  # stored in uzb only

# Article 131 of the Labour Code as the sample corpus prints it, per language: the Uzbek
# Latin letters oʻ gʻ (U+02BB), the Uzbek Cyrillic ў қ ғ ҳ, Russian.
ARTICLE_131 = {
    "uzb": ("131-modda. Dastlabki sinov davrida xodimga nisbatan mehnat",
            "mehnat toʻgʻrisidagi qonunchilikning va mehnat haqidagi boshqa huquqiy "
            "hujjatlarning amal qilishi toʻliq tatbiq etiladi"),
    "uzb-Cyrl": ("131-модда. Дастлабки синов даврида ходимга нисбатан меҳнат",
                 "меҳнат тўғрисидаги қонунчиликнинг ва меҳнат ҳақидаги бошқа ҳуқуқий "
                 "ҳужжатларнинг амал қилиши тўлиқ татбиқ этилади"),
    "rus": ("Статья 131. Распространение действия трудового законодательства",
            "на работника полностью распространяется действие трудового законодательства и "
            "иных правовых актов о труде"),
}
LETTERS = {"uzb": "ʻ", "uzb-Cyrl": "ўқғҳ", "rus": "ыэъ"}


def pdf_text(body: bytes) -> tuple[int, str]:
    """(pages, text) of a PDF, whitespace folded (justified lines extract with double spaces
    and every line break is a space)."""
    reader = PdfReader(io.BytesIO(body))
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    return len(reader.pages), re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module")
def labour_pdfs(web_app) -> dict[str, object]:
    client = web_app.test_client()
    return {lang: client.get(f"{LABOUR_CODE}/{lang}?format=pdf") for lang in ARTICLE_131}


@pytest.mark.parametrize("lang", list(ARTICLE_131))
def test_labour_code_pdf_renders_every_script(labour_pdfs, lang):
    resp = labour_pdfs[lang]
    assert resp.status_code == 200, resp.get_data(as_text=True)[:300]
    assert resp.mimetype == "application/pdf" and resp.data.startswith(b"%PDF-")
    disposition = resp.headers["Content-Disposition"]
    assert disposition.startswith("attachment;") and f"_orq-798_{lang}_" in disposition
    pages, text = pdf_text(resp.data)
    assert pages > 100  # the whole code, not a title page
    heading, sentence = ARTICLE_131[lang]
    assert heading in text
    assert sentence in text
    assert all(letter in text for letter in LETTERS[lang])
    assert "\ufffd" not in text  # no glyph without its character (a font lacking a letter)


def test_labour_code_pdf_has_the_contents_as_bookmarks(labour_pdfs):
    reader = PdfReader(io.BytesIO(labour_pdfs["rus"].data))

    def titles(items):
        for item in items:
            if isinstance(item, list):
                yield from titles(item)
            else:
                yield item.title

    outline = list(titles(reader.outline))
    assert any(t.startswith("Статья 131.") for t in outline)


def test_pdf_is_stored_once_in_the_data_folder(labour_pdfs, web_data: Path, web_client):
    stored = {p.read_bytes() for p in (web_data / "exports").glob("*/*.pdf")}
    assert labour_pdfs["uzb"].data in stored
    again = web_client.get(f"{LABOUR_CODE}/uzb?format=pdf")  # read from the file, not typeset
    assert again.data == labour_pdfs["uzb"].data


def test_transliterated_pdf_is_labelled_on_every_page(web_app):
    from web.act_view import load_act
    from web.exports import export

    with web_app.test_request_context(f"{PERSONAL_DATA_LAW}?format=pdf"):
        _, work, edition = load_act(PERSONAL_DATA_LAW)
        assert edition.lang == "uzb"
        resp = export(work, edition, "pdf", translit="uzb-Cyrl")
        official = export(work, edition, "pdf")
    assert "_uzb-Cyrl-auto_" in resp.headers["Content-Disposition"]
    reader = PdfReader(io.BytesIO(resp.data))
    assert len(reader.pages) > 1
    notice = re.sub(r"\s+", " ", TRANSLIT_NOTICE["uzb-Cyrl"])
    for page in reader.pages:  # the footer of every page says what the text is
        assert "Automatic transliteration, not an official text." in re.sub(
            r"\s+", " ", page.extract_text())
    _, text = pdf_text(resp.data)
    assert notice[:40] in text
    assert "Шахсга доир маълумотлар" in text  # the law's words, in Cyrillic now
    _, official_text = pdf_text(official.data)
    assert "Automatic transliteration" not in official_text
    assert "Shaxsga doir maʼlumotlar" in official_text


def test_transliteration_downloads_only_as_txt_or_pdf(web_app):
    from werkzeug.exceptions import BadRequest

    from web.act_view import load_act
    from web.exports import export

    with web_app.test_request_context(PERSONAL_DATA_LAW):
        _, work, edition = load_act(PERSONAL_DATA_LAW)
        with pytest.raises(BadRequest, match="format=txt or format=pdf"):
            export(work, edition, "docx", translit="uzb-Cyrl")
        txt = export(work, edition, "txt", translit="uzb-Cyrl")
    assert TRANSLIT_NOTICE["uzb-Cyrl"] in txt.get_data(as_text=True)


def test_pdf_over_its_bound_is_413(web_data):
    """The bound is on typesetting (a stored PDF is served whatever its size): the
    Constitution, which no other test exports as PDF."""
    app = create_app({"DATA_DIR": str(web_data), "TESTING": True,
                      "EXPORT_MAX_PDF_CHARS": 10_000})
    resp = app.test_client().get(f"{CONSTITUTION}/rus?format=pdf")
    assert resp.status_code == 413
    assert "10,000" in resp.get_data(as_text=True)
    # the other formats keep their own, larger bound
    assert app.test_client().get(f"{CONSTITUTION}/rus?format=txt").status_code == 200


def test_typesetting_fetches_nothing():
    from web.pdf_export import _no_fetching

    fetcher = _no_fetching()
    for url in ("file:///etc/hostname", "http://127.0.0.1/x.png", "data:text/css,p{}"):
        with pytest.raises(ValueError, match="disallowed protocol"):
            fetcher.fetch(url)


def test_act_page_offers_the_pdf_beside_the_other_downloads(web_client):
    from web_fixtures import html

    page = html(web_client.get(f"{LABOUR_CODE}/rus"))
    links = page.xpath("//section[@class='downloads']//a/@href")
    formats = {href.rpartition("format=")[2] for href in links}
    assert {"txt", "docx", "pdf", "akn", "json"} <= formats


def test_parallel_view_pdf_puts_both_texts_side_by_side(web_app, web_data: Path):
    """Chapter 2 of the Labour Code, Russian beside Uzbek Latin, as the parallel view aligns
    it (web.parallel), with one Uzbek article left out: its row says so. The page's own PDF
    of the same editions and part is stored first (as tests/test_web_languages.py does in the
    same session): the PDF of other rows is another document, not that stored file."""
    from web.act_view import CONTAINERS, load_act, store
    from web.i18n import t
    from web.parallel import Row, _side, aligned, within
    from web.pdf_export import parallel_pdf

    whole = web_app.test_client().get(f"{LABOUR_CODE}/parallel?left=rus&right=uzb&part=chp_2"
                                      "&format=pdf")
    assert whole.status_code == 200 and "11-modda." in pdf_text(whole.data)[1]
    with web_app.test_request_context(f"{LABOUR_CODE}/parallel"):
        s = store()
        _, work, _ = load_act(LABOUR_CODE)
        left_ed, right_ed = s.edition_for(work.uri, "rus"), s.edition_for(work.uri, "uzb")
        left = within(s.provisions(left_ed), "chp_2")
        right = [p for p in within(s.provisions(right_ed), "chp_2") if p.eid != "art_11"]
        by_left, by_right = {p.eid: p for p in left}, {p.eid: p for p in right}
        rows = [Row(eid, (by_left.get(eid) or by_right[eid]).kind,
                    (by_left.get(eid) or by_right[eid]).kind in CONTAINERS,
                    _side(by_left.get(eid), "rus"), _side(by_right.get(eid), "uzb"))
                for eid in aligned(left, right)]
        resp = parallel_pdf(work, left_ed, right_ed, rows, "chp_2")
        missing = t("missing_here")
    assert resp.status_code == 200 and resp.mimetype == "application/pdf"
    assert "_parallel_rus-uzb_" in resp.headers["Content-Disposition"]
    reader = PdfReader(io.BytesIO(resp.data))
    box = reader.pages[0].mediabox
    assert box.width > box.height  # landscape: two columns
    _, text = pdf_text(resp.data)
    assert "Статья 10. Трудовое законодательство" in text
    assert "10-modda. Mehnat toʻgʻrisidagi qonunchilik" in text
    assert "Статья 11. Сфера действия трудового законодательства" in text
    assert "11-modda." not in text and missing in text
    assert resp.data in {p.read_bytes() for p in (web_data / "exports").glob("*/*.pdf")}


def test_parallel_view_pdf_is_labelled_in_the_interface_language(web_app):
    """The column headers are in the reader's interface language: a Russian reader does not
    get the PDF stored for an English one (or the other way round)."""
    client = web_app.test_client()  # its own: ?ui= sets a cookie
    url = f"{LABOUR_CODE}/parallel?left=rus&right=uzb&part=chp_3&format=pdf"
    english = pdf_text(client.get(url + "&ui=en").data)[1]
    russian = pdf_text(client.get(url + "&ui=ru").data)[1]
    assert "Russian ·" in english and "Uzbek (Latin) ·" in english
    assert "Русский ·" in russian and "Узбекский (латиница) ·" in russian
    assert "Статья 19." in russian and "19-modda." in russian  # the texts stay as they are


def test_pdf_urls_of_the_parallel_view_and_of_a_transliteration(web_client):
    """The routes portal wired: the parallel view's ``format=pdf`` and ``translit=…&format=pdf``
    on an act that has one Uzbek script only."""
    resp = web_client.get(f"{LABOUR_CODE}/parallel?left=rus&right=uzb-Cyrl&part=chp_2&format=pdf")
    assert resp.status_code == 200 and resp.mimetype == "application/pdf"
    _, text = pdf_text(resp.data)
    assert "Статья 10. Трудовое законодательство" in text
    assert "10-модда." in text
    auto = web_client.get(f"{PERSONAL_DATA_LAW}/uzb?translit=uzb-Cyrl&format=pdf")
    assert auto.status_code == 200 and auto.mimetype == "application/pdf"
    assert "_uzb-Cyrl-auto_" in auto.headers["Content-Disposition"]
    _, text = pdf_text(auto.data)
    assert "Automatic transliteration, not an official text." in text
