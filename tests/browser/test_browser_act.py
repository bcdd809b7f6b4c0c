"""The act page in a real browser: open an article from a search result, switch editions of the
Labour Code (edition list and as-of form) and compare the two editions (article 39)."""

from __future__ import annotations

import pytest
from browser_support import (
    ART39_NEW,
    ART39_OLD,
    LABOUR_CODE,
    NEW_EDITION,
    OLD_EDITION,
    fragment_of,
    parse_rgb,
    path_of,
    query_of,
)

pytestmark = pytest.mark.browser

INS_BACKGROUND = (220, 245, 227)  # style.css: --ins
DEL_BACKGROUND = (251, 225, 225)  # style.css: --del


def in_viewport(page, locator) -> bool:
    box = locator.bounding_box()
    height = page.viewport_size["height"]
    return box is not None and 0 <= box["y"] < height


def test_open_article_from_result_lands_on_its_anchor(page, shot):
    page.goto("/")
    page.locator("form.big-search input[name=q]").fill("Mehnat kodeksi 39-modda")
    with page.expect_navigation():
        page.locator("form.big-search button[type=submit]").click()
    first_hit = page.locator("section.hit-group").first.locator("ul.hits > li > a").first
    assert first_hit.inner_text().startswith("39-modda")
    shot(page, "results")

    with page.expect_navigation():
        first_hit.click()
    assert path_of(page.url) == f"{LABOUR_CODE}/uzb"
    assert fragment_of(page.url) == "art_39"
    article = page.locator("section#art_39")
    assert page.evaluate("(document.querySelector(':target') || {}).id") == "art_39"
    assert article.locator("h3").inner_text().startswith("39-modda. Ijtimoiy sheriklik taraflari")
    assert in_viewport(page, article), article.bounding_box()  # scrolled to, not just present
    # the act page: the Labour Code's card and its latest edition
    assert "Mehnat kodeksi" in page.locator("h1").inner_text()
    assert page.locator(".edition-list [aria-current=page]").inner_text() == NEW_EDITION
    shot(page, "article")


def article_39(page) -> str:
    return page.locator("section#art_39").inner_text()


def test_switch_edition_with_list_and_as_of_form(page, shot):
    page.goto(LABOUR_CODE)
    editions = page.locator("ol.edition-list > li")
    assert editions.count() == 2
    assert page.locator(".edition-list [aria-current=page]").inner_text() == NEW_EDITION
    assert page.locator(".banner-old").count() == 0
    assert ART39_NEW in article_39(page) and ART39_OLD not in article_39(page)
    shot(page, "latest")

    # 1. the edition list: the older edition is a link
    with page.expect_navigation():
        page.locator("ol.edition-list a", has_text=OLD_EDITION).click()
    assert path_of(page.url) == f"{LABOUR_CODE}/uzb@{OLD_EDITION}"
    assert page.locator(".edition-list [aria-current=page]").inner_text() == OLD_EDITION
    banner = page.locator("p.banner-old")
    assert banner.is_visible() and OLD_EDITION in banner.inner_text()
    assert ART39_OLD in article_39(page) and ART39_NEW not in article_39(page)
    shot(page, "old-edition-from-list")

    # 2. the as-of form: a date in the new edition's time brings it back ...
    form = page.locator("form.as-of")
    form.locator("input[name=as_of]").fill("2026-08-01")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert path_of(page.url) == LABOUR_CODE and query_of(page.url)["as_of"] == ["2026-08-01"]
    assert page.locator(".edition-list [aria-current=page]").inner_text() == NEW_EDITION
    assert page.locator(".banner-old").count() == 0
    assert ART39_NEW in article_39(page)
    shot(page, "as-of-2026-08-01")

    # ... and a date between the two editions gives the older one, with the banner
    form = page.locator("form.as-of")
    assert form.locator("input[name=as_of]").input_value() == "2026-08-01"  # form remembers
    form.locator("input[name=as_of]").fill("2026-01-15")
    with page.expect_navigation():
        form.locator("input[name=as_of]").press("Enter")
    assert query_of(page.url)["as_of"] == ["2026-01-15"]
    assert page.locator(".edition-list [aria-current=page]").inner_text() == OLD_EDITION
    assert page.locator("p.banner-old").is_visible()
    assert ART39_OLD in article_39(page)
    shot(page, "as-of-2026-01-15")

    # the banner's link goes back to the current edition
    with page.expect_navigation():
        page.locator("p.banner-old a").click()
    assert path_of(page.url) == f"{LABOUR_CODE}/uzb@{NEW_EDITION}"
    assert page.locator(".banner-old").count() == 0


def test_compare_editions_shows_article_39_with_ins_and_del(page, shot):
    page.goto(LABOUR_CODE)
    with page.expect_navigation():
        page.locator("section.editions a", has_text="Tahrirlarni solishtirish").click()
    assert path_of(page.url) == f"{LABOUR_CODE}/compare"
    q = query_of(page.url)
    assert (q["from"], q["to"], q["lang"]) == ([OLD_EDITION], [NEW_EDITION], ["uzb"])
    assert page.locator("h1").inner_text() == "Tahrirlarni solishtirish"
    assert int(page.locator("li.s-changed strong").inner_text()) >= 1

    item = page.locator("section#d-art_39")
    assert item.locator("h3").inner_text().startswith("39-modda")
    # side by side (default): the old wording deleted on the left, the new inserted on the right
    old, new = item.locator("div.old"), item.locator("div.new")
    assert [t.strip() for t in old.locator("del").all_inner_texts()] == [ART39_OLD] * 2
    assert [t.strip() for t in new.locator("ins").all_inner_texts()] == [ART39_NEW] * 2
    assert old.locator("ins").count() == 0 and new.locator("del").count() == 0
    background = "e => getComputedStyle(e).backgroundColor"
    ins_bg = parse_rgb(new.locator("ins").first.evaluate(background))
    del_bg = parse_rgb(old.locator("del").first.evaluate(background))
    assert ins_bg[:3] == INS_BACKGROUND and del_bg[:3] == DEL_BACKGROUND
    item.scroll_into_view_if_needed()
    shot(page, "article-39-side-by-side", element=item)
    shot(page, "side-by-side")

    # the inline view, chosen with the form's radio buttons
    page.locator("form.compare-form input[name=view][value=inline]").check()
    with page.expect_navigation():
        page.locator("form.compare-form button[type=submit]").click()
    assert query_of(page.url)["view"] == ["inline"]
    inline = page.locator("section#d-art_39 div.inline-diff")
    assert [t.strip() for t in inline.locator("del").all_inner_texts()] == [ART39_OLD] * 2
    assert [t.strip() for t in inline.locator("ins").all_inner_texts()] == [ART39_NEW] * 2
    text = inline.inner_text()
    assert text.index(ART39_OLD) < text.index(ART39_NEW)  # deletion shown before insertion
    assert page.locator("form.compare-form input[value=inline]").is_checked()
    shot(page, "article-39-inline", element=page.locator("section#d-art_39"))

    # the heading links to article 39 in the new edition
    with page.expect_navigation():
        page.locator("section#d-art_39 h3 a").click()
    assert path_of(page.url) == f"{LABOUR_CODE}/uzb@{NEW_EDITION}"
    assert fragment_of(page.url) == "art_39"
    assert ART39_NEW in article_39(page)
