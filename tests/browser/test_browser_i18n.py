"""The interface language switch (Oʻzbekcha · Ўзбекча · Русский · English) in a real browser:
clicking a language changes the labels and <html lang>, and the choice sticks (cookie)."""

from __future__ import annotations

import pytest
from browser_support import LABOUR_CODE, UI, path_of

pytestmark = pytest.mark.browser


def labels_of(page) -> dict:
    return {
        "lang": page.locator("html").get_attribute("lang"),
        "search": page.locator("form.quick button[type=submit]").inner_text().strip(),
        "current": page.locator("nav.ui-lang strong").inner_text().strip(),
    }


@pytest.mark.parametrize("code", list(UI), ids=list(UI))
def test_switch_interface_language(page, context, shot, code):
    # start in a different language than the target, so that the click must change something
    start = "en" if code != "en" else "ru"
    page.goto(f"{LABOUR_CODE}?ui={start}")
    assert labels_of(page)["search"] == UI[start]["search"]

    switch = page.locator("nav.ui-lang a", has_text=UI[code]["name"])
    assert switch.get_attribute("lang") == UI[code]["lang"]  # the name is tagged in its language
    with page.expect_navigation():
        switch.click()
    assert path_of(page.url) == LABOUR_CODE  # same page, other interface language
    want = UI[code]
    assert labels_of(page) == {"lang": want["lang"], "search": want["search"],
                               "current": want["name"]}
    assert page.locator("form.quick input[name=q]").get_attribute("aria-label") == want["search"]
    assert page.locator("section.editions h2").inner_text().startswith(want["editions"])
    assert page.locator("section.editions a", has_text=want["compare"]).count() == 1
    # the other three languages are links, the current one is not
    others = page.locator("nav.ui-lang a").all_inner_texts()
    assert sorted(others) == sorted(v["name"] for k, v in UI.items() if k != code)
    shot(page, "act-page")

    # the choice is remembered: a plain link (no ?ui=) keeps the language
    assert any(c["name"] == "ui" and c["value"] == code for c in context.cookies())
    with page.expect_navigation():
        page.locator("a.brand").click()
    assert path_of(page.url) == "/"
    assert labels_of(page)["search"] == want["search"]
    assert page.locator("form.big-search button").inner_text().strip() == want["search"]
    shot(page, "home")
