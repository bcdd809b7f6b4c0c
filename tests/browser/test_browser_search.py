"""Search in a real browser: type a query (Uzbek Latin, Uzbek Cyrillic, Russian) into one of
the portal's search boxes, submit, and see results grouped by act with highlighted snippets."""

from __future__ import annotations

import pytest
from browser_support import LABOUR_CODE, WATER_CODE_RU, parse_rgb, path_of, query_of

pytestmark = pytest.mark.browser

MARK_BACKGROUND = (255, 226, 122)  # style.css: mark { background: #ffe27a }

CASES = [
    # id, start page, search box, query, first act, stem every highlight of that act starts with
    pytest.param("/", "form.big-search input[name=q]", "mehnat shartnomasi", LABOUR_CODE,
                 ("mehnat", "shartnom"), id="uzbek-latin-home"),
    pytest.param("/browse", "form.quick input[name=q]", "меҳнат шартномаси", LABOUR_CODE,
                 ("mehnat", "shartnom"), id="uzbek-cyrillic-header"),
    pytest.param("/search?ui=ru", "form.search-form input[name=q]", "водные объекты",
                 WATER_CODE_RU, ("водн", "объект"), id="russian-search-page"),
]


@pytest.mark.parametrize("start, box, query, first_act, stems", CASES)
def test_search_shows_grouped_highlighted_results(page, shot, start, box, query, first_act,
                                                  stems):
    page.goto(start)
    field = page.locator(box)
    field.click()
    field.press_sequentially(query)  # typed key by key, as a person would (IME-free)
    assert field.input_value() == query
    with page.expect_navigation():
        field.press("Enter")

    assert path_of(page.url) == "/search"
    assert query_of(page.url)["q"] == [query]
    # the query survives in the page's own search box
    assert page.locator("form.search-form input[name=q]").input_value() == query

    groups = page.locator("section.hit-group")
    assert groups.count() >= 1, page.locator("main").inner_text()
    total = int(page.locator("p.total").inner_text().split()[0])
    assert total >= groups.count()

    # grouped: one section per act, each hit links into its group's act
    group_acts = [groups.nth(i).locator("h2 a").get_attribute("href")
                  for i in range(groups.count())]
    assert len(group_acts) == len(set(group_acts)), group_acts
    assert group_acts[0] == first_act
    for i, act in enumerate(group_acts):
        hits = groups.nth(i).locator("ul.hits > li > a")
        assert hits.count() >= 1
        for href in hits.evaluate_all("els => els.map(e => e.getAttribute('href'))"):
            assert href.startswith(act + "/") or href.startswith(act + "#"), (act, href)

    # highlighted snippets in the first group: real <mark> elements, visibly styled
    marks = groups.first.locator(".snippet mark")
    assert marks.count() >= 2
    words = [w.lower() for w in marks.all_inner_texts()]
    assert all(w.startswith(stems) for w in words), words
    assert {w[:4] for w in words} >= {s[:4] for s in stems}, words  # both query words found
    bg = parse_rgb(marks.first.evaluate("e => getComputedStyle(e).backgroundColor"))
    assert bg[:3] == MARK_BACKGROUND  # the stylesheet loaded under the CSP and applies
    assert marks.first.is_visible()

    shot(page, "results", full_page=True)


def test_search_without_results_says_so(page, shot):
    page.goto("/search?ui=en")
    page.locator("form.search-form input[name=q]").fill("qwzxqwzx")
    with page.expect_navigation():
        page.locator("form.search-form button[type=submit]").click()
    assert page.locator("section.hit-group").count() == 0
    assert page.locator("p.total").inner_text().startswith("0 ")
    assert "Nothing found" in page.locator("div.hits").inner_text()
    shot(page, "empty")
