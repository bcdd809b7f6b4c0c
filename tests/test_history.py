"""Amendment history from the real Labour Code notes (lex.uz late-2025 text)."""

from __future__ import annotations

import dataclasses

import pytest

from lexsearch.errors import NotFound
from lexsearch.history import changes_by, provision_history, work_timeline
from lexsearch.model import WorkMeta
from lexsearch.store import Store

LABOUR = "/akn/uz/act/kodeks/2022-10-28/orq-798"
AMENDING = "/akn/uz/act/qonun/2025-02-13/orq-1030"  # a stub of the amending law
LEXUZ = "uz/lexuz_uzlatn_raw_with_amendment_notes/Mehnat_Kodeksi.txt"
TOMARIS = "uz/lexuz_uzlatn_clean_tomaris/articles/mehnat_kodeksi.jsonl"


def _store(path, shared, *, repeat_notes: bool) -> Store:
    """The Labour Code's late-2025 edition (with notes), the 2026-07 edition (none); with
    ``repeat_notes`` also a copy of the 2025 text as an edition of 2026-01-01 whose notes repeat
    every note of the first, as a later lex.uz consolidated text does."""
    from ingest.lexuz_text import read_lexuz_text
    from ingest.tomaris_jsonl import read_tomaris_jsonl

    old = read_lexuz_text(shared / LEXUZ)
    new = read_tomaris_jsonl(shared / TOMARIS)
    new.editions[0].valid_from = "2026-07-01"
    store = Store(path)
    with store.release("test") as w:
        work_id, _ = w.ensure_work(LABOUR, old.work, "uzb")
        w.add_edition(work_id, old.editions[0], source_file="Mehnat_Kodeksi.txt")
        if repeat_notes:
            copy = dataclasses.replace(old.editions[0], valid_from="2026-01-01")
            w.add_edition(work_id, copy, source_file="copy")
        w.add_edition(work_id, new.editions[0], source_file="mehnat_kodeksi.jsonl")
        w.ensure_work(AMENDING, WorkMeta(subtype="qonun", number="OʻRQ-1030", date="2025-02-13",
                                         title="Mehnat kodeksiga oʻzgartishlar kiritish "
                                               "toʻgʻrisida"), "uzb")
    return store


@pytest.fixture(scope="module")
def store(tmp_path_factory, shared):
    s = _store(tmp_path_factory.mktemp("hist"), shared, repeat_notes=True)
    yield s
    s.close()


def test_article_39_history(store):
    events = provision_history(store, LABOUR, "art_39")
    assert [(e.action, e.act_number) for e in events] == [
        ("wording", "OʻRQ-1030"), ("wording", "OʻRQ-880")]
    latest, earlier = events
    assert (latest.act_type, latest.act_date, latest.published, latest.gazette) == (
        "qonun", "2025-02-13", "2025-02-14", "03/25/1030/0144")
    assert latest.target == "ikkinchi qismi"
    assert latest.act_uri == AMENDING  # the amending law is in the store
    assert earlier.act_uri is None and earlier.published == "2023-11-29"
    assert earlier.gazette == "03/23/880/0905" and earlier.target == "uchinchi qismi"
    assert latest.edition == f"{LABOUR}/uzb@2026-01-01"  # the newest edition carrying it
    assert "OʻRQ-1030-sonli Qonuni tahririda" in latest.raw


def test_notes_repeated_by_a_later_edition_count_once(store, tmp_path, shared):
    merged = [e.raw for e in provision_history(store, LABOUR, "art_11")]
    single = _store(tmp_path, shared, repeat_notes=False)
    assert merged == [e.raw for e in provision_history(single, LABOUR, "art_11")]
    assert len(merged) == len(set(merged)) >= 2
    raw_rows = sum(len(store.notes(e, "art_11")) for e in store.editions(LABOUR))
    assert raw_rows == 2 * len(merged)  # both 2025 texts carry them, the 2026 JSONL none
    single.close()


def test_history_is_newest_first_everywhere(store):
    for eid in ("art_4", "art_11", "art_27", "art_39", "art_100", "art_262"):
        dates = [e.date for e in provision_history(store, LABOUR, eid)]
        assert dates and dates == sorted(dates, reverse=True)


def test_history_of_unknown_things(store):
    assert provision_history(store, LABOUR, "art_9999") == []
    with pytest.raises(NotFound):
        provision_history(store, "/akn/uz/act/kodeks/2000-01-01/orq-1", "art_1")
    with pytest.raises(NotFound):
        provision_history(store, LABOUR, "art_39", lang="rus")


def test_work_timeline(store):
    timeline = work_timeline(store, LABOUR)
    editions = timeline["editions"]
    assert [e["valid_from"] for e in editions] == ["2026-07-01", "2026-01-01", "2025-11-12"]
    assert editions[2]["produced_by"] == "qonun OʻRQ-1095 2025-11-11"
    assert editions[2]["gazette"] == "03/25/1095/1036"
    acts = timeline["amending_acts"]
    numbers = [a["number"] for a in acts]
    assert numbers[:4] == ["OʻRQ-1095", "OʻRQ-1070", "OʻRQ-1030", "OʻRQ-963"]
    assert "OʻRQ-798" not in numbers  # the code's own publication is no amendment
    dates = [a["date"] or a["published"] for a in acts]
    assert dates == sorted(dates, reverse=True)
    law_1030 = acts[2]
    assert law_1030["uri"] == AMENDING and law_1030["type"] == "qonun"
    assert law_1030["date"] == "2025-02-13" and law_1030["gazette"] == "03/25/1030/0144"
    assert "art_39" in law_1030["provisions"] and "art_11" in law_1030["provisions"]
    assert law_1030["events"] == len(changes_by(store, "OʻRQ-1030"))
    assert law_1030["provisions"].index("art_11") < law_1030["provisions"].index("art_39")
    assert all(a["uri"] is None for a in acts if a["number"] != "OʻRQ-1030")


@pytest.mark.parametrize("number", ["ЗРУ-1030", "OʻRQ-1030", "O'RQ-1030", "ЎРҚ-1030",
                                    "ZRU-1030"])
def test_changes_by_any_script(store, number):
    changes = changes_by(store, number)
    assert {c["work"] for c in changes} == {LABOUR}
    assert {"eid": "art_39", "action": "wording", "target": "ikkinchi qismi",
            "published": "2025-02-14"} in [
        {k: c[k] for k in ("eid", "action", "target", "published")} for c in changes]
    assert len({(c["eid"], c["action"], c["target"]) for c in changes}) == len(changes)
    assert "art_11" in {c["eid"] for c in changes}


def test_changes_by_other_acts(store):
    by_880 = {c["eid"] for c in changes_by(store, "ЗРУ-880")}
    assert "art_39" in by_880 and "art_11" not in by_880
    assert changes_by(store, "OʻRQ-99999") == []
    assert all(c["action"] != "published" for c in changes_by(store, "OʻRQ-1095"))
