"""The portal with JavaScript disabled: search, an article, the as-of form, compare and the
language switch all work as plain HTML forms and links."""

from __future__ import annotations

import pytest
from browser_support import (
    ART39_NEW,
    ART39_OLD,
    COMPARE,
    LABOUR_CODE,
    OLD_EDITION,
    fragment_of,
    path_of,
    query_of,
)

pytestmark = pytest.mark.browser


def test_javascript_is_really_off(nojs_page):
    # A page that would change its own title if its script ran.
    nojs_page.set_content("<title>off</title><script>document.title = 'on'</script>")
    assert nojs_page.title() == "off"


def test_portal_ships_no_inline_script(nojs_page):
    """Only the act page loads a script, its own file (keep-place.js: the language switch
    keeps the #fragment); nothing needs it, and nothing is inline."""
    for url in ("/", "/search?q=mehnat", LABOUR_CODE, COMPARE):
        nojs_page.goto(url)
        scripts = nojs_page.locator("script")
        expected = ["/static/keep-place.js"] if url == LABOUR_CODE else []
        assert [scripts.nth(i).get_attribute("src") for i in range(scripts.count())] == \
            expected, url
        assert all(scripts.nth(i).inner_text() == "" for i in range(scripts.count())), url
        # no inline event handlers or javascript: links either (the CSP would block them too)
        html = nojs_page.content().lower()
        for needle in (" onclick=", " onsubmit=", " onchange=", " onload=", "javascript:"):
            assert needle not in html, (url, needle)


def test_walk_through_without_javascript(nojs_page, shot):
    page = nojs_page
    # search from the home page
    page.goto("/")
    page.locator("form.big-search input[name=q]").fill("Mehnat kodeksi 39-modda")
    with page.expect_navigation():
        page.locator("form.big-search input[name=q]").press("Enter")
    assert path_of(page.url) == "/search"
    assert page.locator("section.hit-group").count() >= 1
    assert page.locator("section.hit-group mark").count() >= 1
    shot(page, "search")

    # open the article
    with page.expect_navigation():
        page.locator("section.hit-group ul.hits > li > a").first.click()
    assert path_of(page.url) == f"{LABOUR_CODE}/uzb" and fragment_of(page.url) == "art_39"
    box = page.locator("section#art_39").bounding_box()
    assert box is not None and 0 <= box["y"] < page.viewport_size["height"]
    shot(page, "article")

    # the as-of form
    page.locator("form.as-of input[name=as_of]").fill("2026-01-15")
    with page.expect_navigation():
        page.locator("form.as-of button[type=submit]").click()
    assert query_of(page.url)["as_of"] == ["2026-01-15"]
    assert page.locator(".edition-list [aria-current=page]").inner_text() == OLD_EDITION
    assert ART39_OLD in page.locator("section#art_39").inner_text()
    shot(page, "as-of")

    # compare, then the inline view through the form
    with page.expect_navigation():
        page.locator("section.editions a[href*='/compare']").click()
    assert page.locator("section#d-art_39 div.new ins").count() == 2
    page.locator("form.compare-form input[value=inline]").check()
    with page.expect_navigation():
        page.locator("form.compare-form button[type=submit]").click()
    assert ART39_NEW in page.locator("section#d-art_39 div.inline-diff ins").first.inner_text()
    shot(page, "compare-inline")

    # the history notes are <details>: they open without JavaScript
    page.goto(f"{LABOUR_CODE}/uzb@{OLD_EDITION}")
    details = page.locator("section.provision details.history").first
    assert details.get_attribute("open") is None
    details.locator("summary").click()
    assert details.get_attribute("open") is not None
    assert details.locator("ul.notes li").first.is_visible()

    # the language switch is a link
    with page.expect_navigation():
        page.locator("nav.ui-lang a", has_text="Русский").click()
    assert page.locator("html").get_attribute("lang") == "ru"
    assert page.locator("form.quick button").inner_text().strip() == "Найти"
    shot(page, "russian")
