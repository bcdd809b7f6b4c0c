"""The act's text in every language, in a real browser, on the multilingual sample
(corpora/uz-multi, its own portal: ``multi_portal``): switch the language on an article and
land on the same article (with the page switch and JavaScript, and with the provision's own
links without it), open the parallel view (and its print layout), switch the interface to
Russian and get the Russian text; axe-core on the new pages."""

from __future__ import annotations

import json

import pytest
from browser_support import LABOUR_CODE, fragment_of, path_of
from test_browser_accessibility import ARTIFACTS, describe, run_axe

pytestmark = pytest.mark.browser

TAX_CODE = "/akn/uz/act/kodeks/2019-12-30/orq-599"
TARGET_JS = "(document.querySelector(':target') || {}).id"


def in_viewport(page, locator) -> bool:
    box = locator.bounding_box()
    return box is not None and 0 <= box["y"] < page.viewport_size["height"]


def test_switch_language_on_an_article_lands_on_it(multi_page, shot):
    page = multi_page
    page.goto(f"{LABOUR_CODE}/uzb#art_131")
    assert page.evaluate(TARGET_JS) == "art_131"
    shot(page, "uzb-art131")
    with page.expect_navigation():  # the page-level switch, its link given #art_131 by JS
        page.locator("nav.doc-lang a[hreflang=ru]").click()
    assert path_of(page.url) == f"{LABOUR_CODE}/rus" and fragment_of(page.url) == "art_131"
    article = page.locator("section#art_131")
    assert page.evaluate(TARGET_JS) == "art_131"
    assert article.locator("h3").inner_text().startswith("Статья 131.")
    assert in_viewport(page, article), article.bounding_box()
    assert page.locator("article").get_attribute("lang") == "ru"
    shot(page, "rus-art131")


def test_switch_keeps_the_article_scrolled_to(multi_page, shot):
    """No fragment in the address: the switch takes the provision at the top of the window."""
    page = multi_page
    page.goto(f"{LABOUR_CODE}/uzb")
    page.evaluate("document.getElementById('art_131').scrollIntoView({block: 'start'})")
    with page.expect_navigation():
        page.locator("nav.doc-lang a[hreflang=uz-Cyrl]").click()
    assert path_of(page.url) == f"{LABOUR_CODE}/uzb-Cyrl" and fragment_of(page.url) == "art_131"
    assert page.locator("section#art_131 h3").inner_text().startswith("131-модда.")
    shot(page, "cyrl-art131")


def test_provision_links_work_without_javascript(multi_nojs_page, shot):
    page = multi_nojs_page
    page.goto(f"{LABOUR_CODE}/uzb-Cyrl#art_131")
    with page.expect_navigation():
        page.locator("section#art_131 p.other-langs a[hreflang=ru]").click()
    assert path_of(page.url) == f"{LABOUR_CODE}/rus" and fragment_of(page.url) == "art_131"
    assert page.evaluate(TARGET_JS) == "art_131"
    shot(page, "rus-art131-nojs")


def test_open_the_parallel_view(multi_page, shot):
    page = multi_page
    page.goto(f"{LABOUR_CODE}/rus")
    with page.expect_navigation():
        page.locator("nav.doc-lang a[href$='/parallel']").click()
    assert path_of(page.url) == f"{LABOUR_CODE}/parallel"
    page.locator("select[name=left]").select_option("rus")
    page.locator("select[name=right]").select_option("uzb")
    page.locator("select[name=part]").select_option("chp_3")
    with page.expect_navigation():
        page.locator("form.parallel-form button[type=submit]").click()
    row = page.locator("tr#art_19")
    left, right = row.locator("td").nth(0), row.locator("td").nth(1)
    assert left.get_attribute("lang") == "ru" and right.get_attribute("lang") == "uz-Latn"
    assert left.inner_text().startswith("Статья 19.")
    assert right.inner_text().startswith("19-modda.")
    lbox, rbox = left.bounding_box(), right.bounding_box()
    assert abs(lbox["y"] - rbox["y"]) < 1 and rbox["x"] > lbox["x"] + lbox["width"] - 1  # side by side
    shot(page, "parallel-chp3")
    page.emulate_media(media="print")
    assert not page.locator("header.site").is_visible()
    assert not page.locator("form.parallel-form").is_visible()
    assert abs(left.bounding_box()["y"] - right.bounding_box()["y"]) < 1
    shot(page, "parallel-print", full_page=False)


def test_russian_interface_gives_russian_text(multi_page, shot):
    page = multi_page
    page.goto(LABOUR_CODE)
    assert page.locator("article").get_attribute("lang") == "uz-Latn"
    with page.expect_navigation():
        page.locator("nav.ui-lang a", has_text="Русский").click()
    assert page.locator("html").get_attribute("lang") == "ru"
    assert page.locator("article").get_attribute("lang") == "ru"
    assert page.locator("section#art_131 h3").inner_text().startswith("Статья 131.")
    # the cookie keeps it: the bare act URL gives the Russian text on the next visit
    page.goto(LABOUR_CODE + "#art_1")
    assert page.locator("article").get_attribute("lang") == "ru"
    shot(page, "ru-ui-ru-text")


def test_automatic_transliteration_is_labelled(multi_page, shot):
    page = multi_page
    page.goto(TAX_CODE)
    with page.expect_navigation():
        page.locator("nav.doc-lang a[href*='translit=uzb-Cyrl']").click()
    notice = page.locator("p.banner-translit")
    assert notice.is_visible() and "rasmiy matn emas" in notice.inner_text()
    assert page.locator("h1").inner_text() == "Ўзбекистон Республикаси Солиқ кодекси"
    shot(page, "translit")


# axe on the new pages (the long act pages on a sample, as test_browser_accessibility does)
SAMPLE = {"include": [["header.site"], [".act-card"], [".act-tools"],
                      ["#art_131"], ["#art_39"]]}
NEW_PAGES = {
    "act-rus": (f"{LABOUR_CODE}/rus#art_131", SAMPLE),
    "parallel-chp3": (f"{LABOUR_CODE}/parallel?left=uzb&right=rus&part=chp_3", None),
    "translit": (f"{TAX_CODE}/uzb?translit=uzb-Cyrl#art_39", SAMPLE),
    "timeline-chart": (f"{TAX_CODE}/timeline", None),
    "browse-all-countries": ("/browse?country=all", None),
    "vmq-172": ("/akn/uz/act/vmq/2022-04-12/vmq-172#para_1",
                {"include": [["header.site"], [".act-card"], [".act-tools"], ["#para_1"],
                             ["#para_1__subpara_1"], ["#att_1"]]}),
}


@pytest.mark.parametrize("name", list(NEW_PAGES))
def test_axe_new_pages(multi_page, shot, name):
    url, context = NEW_PAGES[name]
    multi_page.goto(url)
    result = run_axe(multi_page, context)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"{name}.json").write_text(json.dumps(
        {"url": url, "axe": result["testEngine"]["version"],
         "violations": result["violations"]}, ensure_ascii=False, indent=1))
    shot(multi_page, name)
    serious = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert not serious, f"serious accessibility violations on {url}:\n{describe(serious)}"
    assert not result["violations"], f"violations on {url}:\n{describe(result['violations'])}"
