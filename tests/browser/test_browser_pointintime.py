"""An as-of date before the Tax Code's first stored edition (2025-10-20), typed into the act
page's as-of form: the page shows the nearest edition and, per provision, what the amendment
notes prove about 1 June 2020 (see tests/test_pointintime.py for the notes behind each)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

TAX_CODE = "/akn/uz/act/kodeks/2019-12-30/orq-599"


def status_of(page, eid: str) -> str | None:
    return page.locator(f'section[id="{eid}"] .asof-status').first.get_attribute("data-status")


def test_as_of_before_the_first_edition_shows_each_provision_status(page, shot):
    page.goto(TAX_CODE)
    page.locator("form.as-of input[name=as_of]").fill("2020-06-01")
    with page.expect_navigation():
        page.locator("form.as-of button[type=submit]").click()
    assert "as_of=2020-06-01" in page.url
    summary = page.locator("#asof-summary")
    assert summary.get_attribute("data-exact") == "false"  # nearest edition, not a 404
    assert "2025-10-20" in summary.inner_text()
    assert int(summary.locator("[data-status=added] .n").inner_text()) > 0
    shot(page, "summary")
    # art. 266¹ inserted by OʻRQ-812 (in force 2023-01-01): did not exist then
    added = page.locator('section[id="art_266.1"] .asof-status')
    assert status_of(page, "art_266.1") == "added" and "OʻRQ-812" in added.inner_text()
    added.scroll_into_view_if_needed()
    shot(page, "added")
    # chapter 72 inserted by OʻRQ-652 (published 2020-12-02): its articles too
    assert status_of(page, "art_481") == "added"
    # art. 97 changed later (OʻRQ-652, OʻRQ-741, OʻRQ-911); art. 1 has no note
    assert status_of(page, "art_97") == "changed"
    assert status_of(page, "art_1") == "same"
