"""AsOf keeps the store reads of as_of across days: same answers as a fresh one, forgotten on
clear (the store changed)."""

from __future__ import annotations

import pytest
from web_fixtures import LABOUR_CODE, TAX_CODE

from lexsearch.pointintime import as_of
from lexsearch.search.asof import AsOf
from lexsearch.store import Store

DAYS = ["1998-01-01", "2010-06-01", "2020-01-01", "2023-05-01", "2026-01-01"]


@pytest.fixture(scope="module")
def store(web_data):
    with Store(web_data) as s:
        yield s


@pytest.mark.parametrize("work", [TAX_CODE, LABOUR_CODE])
def test_a_cached_work_gives_what_a_fresh_one_does_on_every_day(store, work):
    cached = AsOf(store)
    for day in DAYS:
        for lang in ("uzb", "rus"):
            fresh = AsOf(store)
            assert repr(cached.exclusions({(work, lang)}, day)) == \
                repr(fresh.exclusions({(work, lang)}, day))
            pit = cached.point_in_time(work, day, lang)
            if pit is not None:
                assert pit.to_json() == as_of(store, work, day, lang).to_json()
    assert cached._reads._kept  # the day-independent reads were kept


def test_clear_forgets_the_reads(store):
    asof = AsOf(store)
    asof.point_in_time(TAX_CODE, "2020-01-01", "uzb")
    assert asof._reads._kept
    asof.clear()
    assert not asof._reads._kept and not asof.computed()
