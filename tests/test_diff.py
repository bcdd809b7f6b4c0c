"""Edition comparison on real pairs of editions: lex.uz late-2025 vs the 2026-07 corpus, BOE."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lexsearch.diff import (
    MOVE_THRESHOLD,
    compare,
    compare_editions,
    new_text,
    old_text,
    render_text,
    tokens,
    word_diff,
)
from lexsearch.errors import NotFound
from lexsearch.model import EditionText, WorkMeta
from lexsearch.store import Store

LABOUR = "/akn/uz/act/kodeks/2022-10-28/orq-798"
TAX = "/akn/uz/act/kodeks/2019-12-30/orq-599"
CIVIL = "/akn/uz/act/kodeks/1995-12-21/163-i"
CONSTITUTION = "/akn/uz/act/konstitutsiya/2023-05-01/konstitutsiya"
PAIRS = {  # work -> (lex.uz late-2025 text, 2026-07 JSONL)
    LABOUR: ("Mehnat_Kodeksi.txt", "mehnat_kodeksi.jsonl"),
    TAX: ("Soliq_Kodeksi.txt", "soliq_kodeksi.jsonl"),
    CIVIL: ("Fuqarolik_Kodeksi.txt", "fuqarolik_kodeksi_1qism.jsonl"),
    CONSTITUTION: ("Konstitutsiya.txt", "konstitutsiya.jsonl"),
}
NEW = "2026-07-01"  # the 2026-07 snapshot's edition date


def build_uz_store(path, shared, works=PAIRS) -> Store:
    """Both editions of each work, written through the store API."""
    from ingest.lexuz_text import read_lexuz_text
    from ingest.tomaris_jsonl import read_tomaris_jsonl

    uz = shared / "uz"
    store = Store(path)
    with store.release("test: late-2025 + 2026-07") as writer:
        for uri, (txt, jsonl) in works.items():
            old = read_lexuz_text(uz / "lexuz_uzlatn_raw_with_amendment_notes" / txt)
            new = read_tomaris_jsonl(uz / "lexuz_uzlatn_clean_tomaris" / "articles" / jsonl)
            work_id, _ = writer.ensure_work(uri, old.work, "uzb")
            writer.add_edition(work_id, old.editions[0], source_file=txt)
            new.editions[0].valid_from = NEW
            writer.add_edition(work_id, new.editions[0], source_file=jsonl)
    return store


@pytest.fixture(scope="module")
def uz_store(tmp_path_factory, shared):
    store = build_uz_store(tmp_path_factory.mktemp("uz"), shared)
    yield store
    store.close()


@pytest.fixture(scope="module")
def diffs(uz_store):
    return {uri: compare(uz_store, uri, "2025-12-31", NEW) for uri in PAIRS}


# ---- the word diff ---------------------------------------------------------------------------

@pytest.mark.parametrize(("old", "new", "ops"), [
    ("", "", []),
    ("bir ikki", "bir ikki", [["=", "bir ikki"]]),
    ("tegishli davlat boshqaruvi organlari", "tegishli respublika ijro etuvchi organlari",
     [["=", "tegishli "], ["-", "davlat boshqaruvi"], ["+", "respublika ijro etuvchi"],
      ["=", " organlari"]]),
    ("Boshlangʻich darajadagi", "Boshlangʻich darajalardagi",
     [["=", "Boshlangʻich "], ["-", "darajadagi"], ["+", "darajalardagi"]]),
    ("o'rta maktab.", "o'rta maktab;", [["=", "o'rta maktab"], ["-", "."], ["+", ";"]]),
    ("a\nb\nc\n", "a\nB\nc\n", [["=", "a\n"], ["-", "b"], ["+", "B"], ["=", "\nc\n"]]),
    ("eski", "", [["-", "eski"]]),
    ("", "yangi", [["+", "yangi"]]),
])
def test_word_diff_table(old, new, ops):
    assert word_diff(old, new) == ops


def test_tokens_keep_uzbek_words_whole():
    assert tokens("Oʻzbekiston g'alla, 121¹-modda") == [
        "Oʻzbekiston", " ", "g'alla", ",", " ", "121¹", "-", "modda"]


_WORDS = st.sampled_from(["modda", "Oʻzbekiston", "qism", "g'alla", "davlat", "organlari",
                          "121¹", "—", ",", ".", " ", "  ", "\n", "ish", "beruvchi"])
_TEXT = st.lists(_WORDS, max_size=40).map("".join)


@given(old=_TEXT, new=_TEXT)
def test_word_diff_reproduces_both_texts(old, new):
    ops = word_diff(old, new)
    assert old_text(ops) == old
    assert new_text(ops) == new
    assert all(text for _, text in ops)
    assert all(tag in "=-+" for tag, _ in ops)
    assert all(a[0] != b[0] for a, b in zip(ops, ops[1:], strict=False))  # runs are merged


@given(old=st.text(max_size=80), new=st.text(max_size=80))
def test_word_diff_reproduces_any_text(old, new):
    ops = word_diff(old, new)
    assert (old_text(ops), new_text(ops)) == (old, new)


# ---- real pairs of editions ------------------------------------------------------------------

def test_dates_resolve_through_edition_for(uz_store, diffs):
    d = diffs[LABOUR]
    assert d.old.uri == f"{LABOUR}/uzb@2025-11-12"
    assert d.new.uri == f"{LABOUR}/uzb@{NEW}"
    same = compare(uz_store, LABOUR, "2026-01-01", "2026-02-01")  # both on the 2025 edition
    assert same.old == same.new and not (same.added or same.removed or same.changed)
    assert same.unchanged == len(uz_store.provisions(same.old, with_text=False))
    with pytest.raises(NotFound):
        compare(uz_store, LABOUR, "2020-01-01", NEW)  # before the first stored edition


def test_labour_code_article_39_wording(diffs):
    """The late-2025 text still names "davlat boshqaruvi organlari"; the 2026-07 text says
    "respublika ijro etuvchi hokimiyat organlari", twice in the second part."""
    change = next(c for c in diffs[LABOUR].changed if c.eid == "art_39")
    assert change.heading_ops is None and change.from_eid is None
    edits = [op for op in change.ops if op[0] != "="]
    assert edits == [["-", "davlat boshqaruvi"], ["+", "respublika ijro etuvchi hokimiyat"]] * 2
    i = change.ops.index(["-", "davlat boshqaruvi"])
    assert change.ops[i - 1][1].endswith("taklifiga koʻra tegishli tarmoqdagi ")
    assert change.ops[i + 2][1].startswith(" organlari ishtirok etadi.")


def test_reverse_direction_swaps_the_ops(uz_store, diffs):
    back = compare(uz_store, LABOUR, NEW, "2025-12-31")
    change = next(c for c in back.changed if c.eid == "art_39")
    assert [op for op in change.ops if op[0] != "="][:2] == [
        ["-", "respublika ijro etuvchi hokimiyat"], ["+", "davlat boshqaruvi"]]
    assert len(back.added) == len(diffs[LABOUR].removed)


@pytest.mark.parametrize("uri", list(PAIRS))
def test_every_provision_is_accounted_for(uz_store, diffs, uri):
    d = diffs[uri]
    old = uz_store.provisions(d.old, with_text=False)
    new = uz_store.provisions(d.new, with_text=False)
    moved_changed = sum(1 for c in d.changed if c.from_eid)
    same_eid_changed = len(d.changed) - moved_changed
    assert len(new) == len(d.added) + len(d.moved) + same_eid_changed + d.unchanged
    assert len(old) == len(d.removed) + len(d.moved) + same_eid_changed + d.unchanged
    texts = uz_store.texts(sorted({p.text_hash for p in old + new}))
    old_by, new_by = {p.eid: p for p in old}, {p.eid: p for p in new}
    for c in d.changed:
        a, b = old_by[c.from_eid or c.eid], new_by[c.eid]
        assert (a.text_hash, a.heading) != (b.text_hash, b.heading)
        assert old_text(c.ops) == texts[a.text_hash] and new_text(c.ops) == texts[b.text_hash]
    json.dumps(d.to_json(), ensure_ascii=False)


def test_equal_hashes_are_never_read_nor_diffed(uz_store):
    asked: list[str] = []
    real_texts = uz_store.texts

    class Spy:
        def __getattr__(self, name):
            return getattr(uz_store, name)

        def texts(self, hashes):
            asked.extend(hashes)
            return real_texts(hashes)

    d = compare(Spy(), TAX, "2025-12-31", NEW)
    old = {p.eid: p for p in uz_store.provisions(d.old, with_text=False)}
    new = {p.eid: p for p in uz_store.provisions(d.new, with_text=False)}
    equal = {e for e in old.keys() & new.keys()
             if (old[e].text_hash, old[e].heading) == (new[e].text_hash, new[e].heading)}
    assert d.unchanged == len(equal) > 300
    assert not {c.eid for c in d.changed} & equal
    others = {p.text_hash for e, p in [*old.items(), *new.items()] if e not in equal}
    only_unchanged = {new[e].text_hash for e in equal} - others
    assert only_unchanged and not only_unchanged & set(asked)
    assert asked  # the changed texts were fetched, in one call

def test_real_counts(diffs):
    """Counts for each real pair (the report quotes them). Both readers give containers the
    same eIds, so the only container difference left is the parts lex.uz prints and the
    2026-07 JSONL does not."""
    labour, tax = diffs[LABOUR], diffs[TAX]
    assert not labour.moved
    assert set(labour.removed) == {"part_1", "part_2"}
    assert not labour.added
    assert {"art_121.1", "art_159.1"} <= set(tax.added)  # articles 121¹ and 159¹ are new
    assert {"art_383", "art_392"} <= set(tax.removed)
    constitution = diffs[CONSTITUTION]
    assert any(c.whitespace_only for c in constitution.changed)
    assert not any(c.whitespace_only for c in labour.changed)
    for d in diffs.values():
        assert d.changed and d.unchanged


# ---- moves, headings and the threshold on a small store ---------------------------------------

@pytest.fixture
def tiny(tmp_path, uz_store):
    """Two editions built from real Labour Code articles 39–41 with chosen edits."""
    edition = uz_store.edition_for(LABOUR, as_of="2025-12-31")
    real = {p.eid: p for p in uz_store.provisions(edition) if p.eid in ("art_39", "art_40",
                                                                         "art_41")}
    from lexsearch.model import Provision

    def prov(eid, src, text=None, heading=None):
        p = real[src]
        return Provision(eid, "article", eid[4:], heading or p.heading, text or p.text)

    renumbered = real["art_40"].text.replace("ish beruvchi", "ish beruvchi tashkilot", 1)
    v1 = [prov("art_39", "art_39"), prov("art_40", "art_40"), prov("art_41", "art_41")]
    v2 = [prov("art_39", "art_39", heading="Ijtimoiy sheriklikning taraflari"),
          prov("art_40_1", "art_40", text=renumbered), prov("art_42", "art_39",
                                                            text="Yangi modda matni.")]
    store = Store(tmp_path)
    with store.release("tiny") as w:
        work_id, _ = w.ensure_work("/akn/uz/act/qonun/2020-01-01/orq-1", WorkMeta(), "uzb")
        w.add_edition(work_id, EditionText("uzb", "2020-01-01", v1), source_file="v1")
        w.add_edition(work_id, EditionText("uzb", "2021-01-01", v2), source_file="v2")
    a, b = store.editions("/akn/uz/act/qonun/2020-01-01/orq-1")
    return store, a, b


def test_moves_headings_and_threshold(tiny):
    store, a, b = tiny
    d = compare_editions(store, a, b)
    assert d.moved == [("art_40", "art_40_1")]
    assert d.added == ["art_42"] and d.removed == ["art_41"]
    assert d.unchanged == 0
    by_eid = {c.eid: c for c in d.changed}
    assert set(by_eid) == {"art_39", "art_40_1"}
    heading_only = by_eid["art_39"]
    assert all(tag == "=" for tag, _ in heading_only.ops)
    assert heading_only.heading_ops == [["=", "Ijtimoiy "], ["-", "sheriklik"],
                                        ["+", "sheriklikning"], ["=", " taraflari"]]
    moved = by_eid["art_40_1"]
    assert moved.from_eid == "art_40"
    assert [op for op in moved.ops if op[0] != "="] == [["+", " tashkilot"]]
    out = d.to_json()
    assert out["moved"] == [["art_40", "art_40_1"]]
    assert out["changed"][1]["from_eid"] == "art_40" and "heading" in out["changed"][0]
    assert set(out) == {"from", "to", "added", "removed", "moved", "changed", "unchanged"}


def test_below_threshold_is_not_a_move(tiny, monkeypatch):
    store, a, b = tiny
    monkeypatch.setattr("lexsearch.diff.MOVE_THRESHOLD", 100.0)
    d = compare_editions(store, a, b)
    assert d.moved == [] and "art_40" in d.removed and "art_40_1" in d.added
    assert MOVE_THRESHOLD == 85.0


# ---- BOE consolidated texts: every dated version of every block ------------------------------

@pytest.fixture(scope="module")
def boe_store(tmp_path_factory, shared):
    try:
        from ingest.boe import read_boe
    except ImportError as exc:
        pytest.skip(f"ingest.boe.read_boe is not available yet: {exc}")
    from lexsearch.uri import work_uri

    doc = read_boe(shared / "versioned_xml/boe_es_consolidated/BOE-A-2018-16673-texto.xml")
    uri = str(work_uri(doc.work.subtype, doc.work.date, doc.work.number, doc.work.country))
    store = Store(tmp_path_factory.mktemp("boe"))
    with store.release("boe") as w:
        work_id, _ = w.ensure_work(uri, doc.work, doc.editions[0].lang)
        for edition in doc.editions:
            w.add_edition(work_id, edition, source_file="BOE-A-2018-16673-texto.xml")
    yield store, uri
    store.close()


def test_boe_dated_versions(boe_store):
    store, uri = boe_store
    d = compare(store, uri, "2023-01-01", "2023-06-01")  # 2021-06-16 -> 2023-05-10 edition
    assert (d.old.valid_from, d.new.valid_from) == ("2021-06-16", "2023-05-10")
    assert "art_53bis" in d.added and not d.removed and not d.moved
    assert {"art_24", "art_48"} <= {c.eid for c in d.changed}  # Ley 2/2023 and Ley 11/2023
    last = compare(store, uri, "2025-01-01", "2026-01-01")  # Ley 10/2025 touched article 23
    assert [c.eid for c in last.changed] == ["art_23"] and not last.added
    inserted = " ".join(t for tag, t in last.changed[0].ops if tag == "+")
    assert "Reglamento general de protección de datos" in inserted
    assert last.unchanged == len(store.provisions(last.new, with_text=False)) - 1



def test_render_text(diffs):
    text = render_text(diffs[LABOUR])
    line = next(x for x in text.splitlines() if x.startswith("~ art_39:"))
    assert "[-davlat boshqaruvi-]{+respublika ijro etuvchi hokimiyat+}" in line
    assert "- part_1" in text.splitlines()
