"""The lex.uz HTML document page reader (ingest/lexuz_html.py) on a real saved page: VMQ-172,
the Cabinet resolution approving the Road Traffic Rules, with its annexes."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.formats import detect, reader
from ingest.lexuz_html import is_lexuz_html, lexuz_html_lines, read_lexuz_html
from lexsearch.errors import InputError

CORPORA = Path(__file__).resolve().parent.parent / "corpora"

PAGE = "uz_multi/lexuz_html/vmq-172_2022-04-12_yol_harakati_qoidalari.html"


@pytest.fixture(scope="module")
def doc(shared):
    return read_lexuz_html(shared / PAGE)


def test_golden(shared, golden, doc):
    golden("lexuz-html/vmq-172_2022-04-12_yol_harakati_qoidalari", doc)


@pytest.mark.parametrize("path, fmt", [
    ("shared:" + PAGE, "lexuz-html"),
    ("corpora:ru-pravo/102038209.html", "pravo-html"),
    ("shared:ru/pravo_gov_ru_ips_codes_html/102024315.html", "pravo-html"),  # an old <pre> page
    ("shared:ru/pravo_gov_ru_ips_codes_html/102107048.html", "pravo-html"),
])
def test_detected_by_content(shared, path, fmt):
    root, rel = path.split(":", 1)
    full = (shared if root == "shared" else CORPORA) / rel
    assert detect(full) == fmt
    assert reader(fmt) is (read_lexuz_html if fmt == "lexuz-html" else reader("pravo-html"))


def test_suffix_alone_decides_nothing(shared, tmp_path):
    """The same lex.uz bytes under .htm and a pravo.gov.ru page renamed to .html."""
    page = tmp_path / "act.htm"
    page.write_bytes((shared / PAGE).read_bytes())
    assert detect(page) == "lexuz-html"
    pravo = tmp_path / "lexuz-looking-name.html"
    pravo.write_bytes((CORPORA / "ru-pravo" / "102038209.html").read_bytes())
    assert detect(pravo) == "pravo-html" and not is_lexuz_html(pravo)


def test_chrome_dropped(shared, doc):
    lines = lexuz_html_lines(shared / PAGE)
    chrome = ("Ҳужжатга таклиф юбориш", "Аудиони тинглаш", "Ҳужжат элементидан ҳавола олиш",
              "OKOZ", "TSZ", "gtag(", "Google", "Telegram")
    assert not [x for x in lines if any(c in x for c in chrome)]
    texts = [p.text for p in doc.editions[0].provisions]
    assert not [t for t in texts if any(c in t for c in chrome)]
    assert lines[:4] == [
        "Oʻzbekiston Respublikasi Vazirlar Mahkamasining qarori, 12.04.2022 yildagi 172-son",
        "Кучга кириш санаси", "13.04.2022", "Oʻzbekiston Respublikasi Vazirlar Mahkamasining"]
    assert doc.work.source_id == "5953883"


def test_elements_as_lines(shared, doc):
    by_eid = {p.eid: p for p in doc.editions[0].provisions}
    # <sup> kept as a superscript, a table as rows of cells, the banner not in the text
    assert by_eid["att_1__chp_2__para_12.1"].num == "12¹"
    assert "50 sm³ va undan oshadigan" in by_eid["att_1__chp_1__para_6"].text
    table = by_eid["att_1__att_3__para_2__subpara_1"].text.splitlines()
    assert table[1:3] == ["| Transport vositasining toifasi | Yoʻl qoʻyilgan lyuft koʻrsatgichi "
                          "(gradusda) |", "| M1 | 10o |"]
    assert by_eid["att_1"].heading == "Yoʻl harakati qoidalari" and by_eid["att_1"].text == ""
    assert by_eid["att_1__att_1"].heading == "Yoʻl belgilari"
    assert by_eid["att_1__att_3__para_1__subpara_6"].text.splitlines()[-1] == (
        "Izoh: Toʻxtab turish tormoz tizimi sinovdan oʻtkazilayotganda dvigatel "
        "transmissiyadan ajratilgan boʻlishi kerak.")  # a FOOTNOTE stays with its point


def test_notes_and_previous_editions(doc):
    ed = doc.editions[0]
    actions = {}
    for n in ed.notes:
        actions[n.action] = actions.get(n.action, 0) + 1
    assert actions == {"wording": 83, "inserted": 16, "published": 12}
    assert all(n.eid for n in ed.notes if n.action != "published")
    listed = [n.gazette for n in ed.notes if n.action == "published"]
    assert listed[0] == "09/22/172/0298" and listed[-1] == "09/25/750/1112"
    note = next(n for n in ed.notes if n.eid == "att_1__chp_17.1")
    assert (note.action, note.act.number, note.act.date) == ("inserted", "VMQ-658", "2024-10-10")
    assert len(ed.editorial) == sum(p.has_previous for p in ed.provisions) == 84


def test_warnings_name_the_line(doc):
    """Orphan sign numbers among the pictures of annex 1 and repeated ones are reported."""
    messages = [str(w) for w in doc.warnings]
    assert "line 1249: point 5.48 has no point 5 above it: read as a point" in messages
    assert len(messages) == 6


def test_not_a_document_page(tmp_path):
    page = tmp_path / "other.html"
    page.write_text("<html><body><div class='lx_elem'>x</div></body></html>", "utf-8")
    with pytest.raises(InputError, match="no #divCont") as err:
        read_lexuz_html(page)
    assert err.value.file == str(page)
    page.write_text("<html><body><div id='divCont'><p>lx_elem</p></div></body></html>", "utf-8")
    with pytest.raises(InputError, match="no lex.uz act elements"):
        read_lexuz_html(page)


def test_hardened_parse(tmp_path):
    """Entities are not expanded into the act and nothing is fetched: the page is parsed by
    ingest.safe.parse_html (no network); an external image or script stays a dead tag."""
    page = tmp_path / "evil.html"
    page.write_text(
        '<!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><html><body>'
        '<div id="divCont"><div class="ACCEPTING_BODY lx_elem"><a>Oʻzbekiston Respublikasi '
        'Vazirlar Mahkamasining</a></div><div class="ACT_FORM lx_elem"><a>qarori</a></div>'
        '<div class="ACT_TITLE lx_elem"><a>Sinov &xxe;</a></div><div class="ACT_TEXT lx_elem">'
        '<a>1. Birinchi band.<img src="http://example.invalid/x.png"/></a></div>'
        '<script src="http://example.invalid/x.js"></script></div></body></html>', "utf-8")
    doc = read_lexuz_html(page)
    assert "root:" not in doc.work.title
    assert [p.eid for p in doc.editions[0].provisions] == ["para_1"]
    assert doc.editions[0].provisions[0].text == "Birinchi band."


def test_both_texts_import_as_one_work(shared, tmp_path):
    """The HTML page and the Cyrillic text are the uzb and uzb-Cyrl expressions of one work;
    every point is stored under the same eId in both, and a point is found by its words."""
    from click.testing import CliRunner

    from lexsearch.cli import main
    from lexsearch.store import Store

    data = tmp_path / "var"
    for rel in (PAGE, "uz_multi/lexuz_cyrl_text/vmq-172_yol_harakati_qoidalari_cyrl.txt"):
        result = CliRunner().invoke(main, ["--data", str(data), "import", str(shared / rel)])
        assert result.exit_code == 0, result.output
    store = Store(data, readonly=True)
    try:
        uri = "/akn/uz/act/vmq/2022-04-12/vmq-172"
        assert [w.uri for w in store.works()] == [uri]
        editions = store.editions(uri)
        assert sorted(e.lang for e in editions) == ["uzb", "uzb-Cyrl"]
        eids = [[p.eid for p in store.provisions(e, with_text=False)] for e in editions]
        assert eids[0] == eids[1] and "att_1__chp_2__para_11__subpara_7" in eids[0]
    finally:
        store.close()
    found = CliRunner().invoke(main, ["--data", str(data), "search", "tormoz suyuqligi",
                                      "--json"])
    assert found.exit_code == 0, found.output
    assert '"eid": "att_1__att_3__para_1__subpara_1"' in found.output
