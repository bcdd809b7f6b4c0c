"""The human pages: home, browse, the act page, languages, errors and security headers."""

from __future__ import annotations

import re

import pytest
from web_fixtures import CONSTITUTION, EDUCATION_LAW, LABOUR_CODE, RELEASES, TAX_CODE, html


def test_home_lists_types_and_releases(web_client):
    resp = web_client.get("/?ui=en")
    assert resp.status_code == 200
    doc = html(resp)
    assert doc.xpath("//form[@role='search']//input[@name='q']")
    types = [a.get("href") for a in doc.xpath("//a[starts-with(@href, '/browse?type=')]")]
    assert "/browse?type=kodeks" in types and "/browse?type=qonun" in types
    assert len(doc.xpath("//ol[@class='releases']/li")) == len(RELEASES)  # a batch per corpus


def test_browse_filters_by_type(web_client):
    doc = html(web_client.get("/browse?type=konstitutsiya"))
    links = [a.get("href") for a in doc.xpath("//ul[@class='works']/li/a")]
    assert links == [CONSTITUTION]


@pytest.mark.parametrize("ui, label", [("uz", "Qidirish"), ("uz-Cyrl", "Қидириш"),
                                       ("ru", "Найти"), ("en", "Search")])
def test_interface_language_switch_and_cookie(web_app, ui, label):
    client = web_app.test_client()
    resp = client.get(f"/?ui={ui}")
    assert label in html(resp).xpath("string(//form[@class='quick']/button)")
    assert f"ui={ui}" in resp.headers.get("Set-Cookie", "")
    # the cookie alone keeps the language on the next page
    assert label in html(client.get("/browse")).xpath("string(//form[@class='quick']/button)")


def test_unknown_ui_language_falls_back_to_uzbek_latin(web_client):
    doc = html(web_client.get("/?ui=xx"))
    assert doc.xpath("string(//html/@lang)") == "uz-Latn"


def test_act_page_card_toc_and_anchors(web_client):
    resp = web_client.get(TAX_CODE)
    assert resp.status_code == 200
    doc = html(resp)
    assert "Soliq kodeksi" in doc.xpath("string(//h1)")
    assert "OʻRQ-599" in doc.xpath("string(//dl[@class='card'])")
    articles = doc.xpath("//section[contains(@class, 'k-article')]")
    assert len(articles) == 496
    toc_targets = {a.get("href")[1:] for a in doc.xpath("//nav[@class='toc']//a")}
    ids = {s.get("id") for s in doc.xpath("//section[@id]")}
    assert "art_39" in toc_targets and toc_targets <= ids  # every contents entry has its anchor
    art = doc.xpath("//section[@id='art_2']")[0]
    assert art.xpath("string(.//h3/a[@class='self'])").startswith("2-modda.")
    assert art.xpath(".//a[@class='permalink']/@href")[0].endswith("/~art_2")


def test_amendment_notes_are_history_never_text(web_client):
    doc = html(web_client.get(TAX_CODE))
    art = doc.xpath("//section[@id='art_2']")[0]
    body = " ".join(p.text_content() for p in art.xpath("./p"))
    assert "tahririda" not in body and "OʻRQ-683" not in body
    history = art.xpath("./details[@class='history']")[0]
    assert "OʻRQ-683" in history.text_content()
    assert "03/21/683/0375" in history.text_content()


def test_citations_link_to_anchors(web_client):
    doc = html(web_client.get(TAX_CODE))
    hrefs = doc.xpath("//section[@id='art_3']/p/a[@class='cite']/@href") + doc.xpath(
        "//a[@class='cite']/@href")
    assert "#art_88" in hrefs
    assert any(h.startswith(LABOUR_CODE) for h in hrefs)  # the Tax Code cites the Labour Code


def test_cited_by_panel(web_client):
    doc = html(web_client.get(LABOUR_CODE))
    cited = doc.xpath("//section[@class='cited-by']//a/@href")
    assert any(h.startswith(TAX_CODE) for h in cited)


def test_repealed_act_has_banner(web_client):
    doc = html(web_client.get(EDUCATION_LAW))
    assert doc.xpath("//p[contains(@class, 'banner-repealed')]")
    assert not html(web_client.get(TAX_CODE)).xpath("//p[contains(@class, 'banner-repealed')]")


def test_exact_edition_and_as_of(web_client):
    old = html(web_client.get(LABOUR_CODE + "/uzb@2025-11-12"))
    assert old.xpath("//strong[@aria-current='page']/text()") == ["2025-11-12"]
    assert old.xpath("//p[contains(@class, 'banner-old')]")
    as_of = html(web_client.get(LABOUR_CODE + "?as_of=2026-01-01"))
    assert as_of.xpath("//strong[@aria-current='page']/text()") == ["2025-11-12"]
    latest = html(web_client.get(LABOUR_CODE))
    assert latest.xpath("//strong[@aria-current='page']/text()") == ["2026-07-01"]


def test_portion_uri_redirects_to_anchor(web_client):
    resp = web_client.get(TAX_CODE + "/uzb@2025-10-20/~art_39")
    assert resp.status_code == 302
    assert resp.headers["Location"].endswith("/uzb@2025-10-20#art_39")


@pytest.mark.parametrize("url, status", [
    ("/akn/uz/act/kodeks/2019-12-30/no-such-act", 404),
    ("/akn/not/a/uri", 404),
    (TAX_CODE + "/uzb@2001-01-01", 404),
    (TAX_CODE + "?as_of=2019-13-45", 400),
    (TAX_CODE + "?as_of=1990-01-01", 404),
    (TAX_CODE + "?format=rtf", 400),  # pdf is an export now (pdfexport)
])
def test_errors_are_pages_with_status(web_client, url, status):
    resp = web_client.get(url)
    assert resp.status_code == status
    assert html(resp).xpath("string(//h1)")


def test_security_headers_on_every_response(web_client):
    for url in ("/", TAX_CODE, "/api/v1/works", "/nope", "/feeds/releases.atom",
                "/static/style.css"):
        resp = web_client.get(url)
        csp = resp.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert resp.headers["X-Content-Type-Options"] == "nosniff"
        assert resp.headers["Referrer-Policy"]


def test_pages_have_no_inline_script_or_style(web_client):
    for url in ("/", TAX_CODE, "/search?q=soliq", LABOUR_CODE + "/timeline"):
        text = web_client.get(url).get_data(as_text=True)
        # only the portal's own script files, never inline code
        scripts = re.findall(r"<script[^>]*>", text)
        assert all(re.fullmatch(r'<script src="/static/[\w.-]+\.js" defer>', s) for s in scripts)
        assert "</script>" not in text.replace('defer></script>', 'defer>')
        assert "style=" not in text and "<style" not in text


def test_print_stylesheet_present(web_client):
    css = web_client.get("/static/style.css").get_data(as_text=True)
    assert "@media print" in css


def test_label_tables_are_complete():
    import re

    from web import i18n

    for key in i18n.keys():
        row = [i18n.label(key, ui) for ui in i18n.UI_LANGUAGES]
        assert all(row), key
        if not key.startswith(("lang_", "search_unavailable_help")):
            assert not re.search(r"[A-Za-z]", row[1]), f"{key}: Latin letters in uz-Cyrl"
            assert not re.search(r"[А-Яа-яЁё]", row[0]), f"{key}: Cyrillic in uz Latin"


@pytest.mark.parametrize("ui, contents, status", [("uz-Cyrl", "Мундарижа", "Кучини йўқотган"),
                                                  ("ru", "Оглавление", "Утратил силу"),
                                                  ("en", "Contents", "Repealed")])
def test_act_page_labels_follow_interface_language(web_client, ui, contents, status):
    doc = html(web_client.get(f"{EDUCATION_LAW}?ui={ui}"))
    assert doc.xpath("string(//nav[@class='toc']//summary)") == contents
    assert status in doc.xpath("string(//dl[@class='card'])")
    # the document's own text stays in the document's language
    assert doc.xpath("string(//article/@lang)") == "uz-Latn"
