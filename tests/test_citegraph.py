"""The citation graph on the real sample: stored at import, resolved, re-resolved later."""

import json
import shutil

import pytest
from conftest import CORPORA

from ingest.importer import import_release
from lexsearch import citegraph
from lexsearch.store import Store

CIVIL = "/akn/uz/act/kodeks/1995-12-21/163-i"
FAMILY = "/akn/uz/act/kodeks/1998-04-30/607-i"
LABOUR = "/akn/uz/act/kodeks/2022-10-28/orq-798"
UZ2025 = CORPORA / "uz-lexuz-2025"


def release_of(tmp_path, name, *files):
    folder = tmp_path / name
    folder.mkdir()
    manifest = json.loads((UZ2025 / "release.json").read_text(encoding="utf-8"))
    for f in files:
        shutil.copy(UZ2025 / f, folder)
    manifest["files"] = {f: manifest["files"][f] for f in files if f in manifest["files"]}
    (folder / "release.json").write_text(json.dumps(manifest, ensure_ascii=False), "utf-8")
    return folder


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("graph")
    s = Store(tmp / "var")
    first = import_release(s, [release_of(tmp, "a", "Oila_Kodeksi.txt", "Mehnat_Kodeksi.txt")])
    assert first.ok and first.citations > 0
    # the Civil Code arrives later: the Family Code's citations of it resolve then
    second = import_release(s, [release_of(tmp, "b", "Fuqarolik_Kodeksi.txt")])
    assert second.ok and second.citations_resolved_later > 0
    s.late = second.citations_resolved_later
    return s


def test_cross_act_citation_resolved_when_target_arrives(store):
    rows = citegraph.cited_by(store, CIVIL, "art_223")
    assert (FAMILY, "art_23") in {(r["work"], r["eid"]) for r in rows}
    assert any("Fuqarolik kodeksining 223 va 225-moddalarida" in r["raw"] for r in rows)


def test_self_references_resolve_to_the_citing_act(store):
    # Labour Code art. 140: "… ushbu Kodeksning 145-moddasiga muvofiq …"
    rows = citegraph.cited_by(store, LABOUR, "art_145")
    assert (LABOUR, "art_140") in {(r["work"], r["eid"]) for r in rows}


def test_outgoing_citations_of_a_provision_carry_spans(store):
    edition = store.edition_for(FAMILY)
    text = store.provision(edition, "art_23").text
    cits = citegraph.outgoing(store, edition.id, "art_23")
    targets = {(c.target_work, c.target_eid) for c in cits}
    assert {(CIVIL, "art_223"), (CIVIL, "art_225")} <= targets
    for c in cits:
        assert text[c.start:c.end] == c.text


def test_unresolved_citations_are_kept_and_counted(store):
    counts = citegraph.counts(store)
    assert counts["unresolved"] > 0  # laws the store does not hold
    assert counts["resolved"] + counts["unresolved"] == counts["citations"]
    raw = [r[0] for r in store.conn.execute(
        "SELECT raw FROM citations WHERE target_work IS NULL AND self_ref = 0")]
    assert any("toʻgʻrisida" in r for r in raw)


def test_gazette_locators_never_become_article_citations(store):
    rows = store.conn.execute("SELECT raw FROM citations WHERE article IS NOT NULL").fetchall()
    assert not [r for r in rows if "Axborotnomasi" in r[0] or "toʻplami" in r[0]]
