"""VectorIndex: brute force below ``ANN_MIN`` rows or without faiss, an HNSW graph above it
that finds what brute force finds, and the graph's file in the data folder (read again, grown
by new rows, leaving out removed or changed ones, rebuilt when too many are). Vectors are
clustered random unit vectors stored as float16 like the store's; one test loads the
OʻRQ-547 law's vectors through a Store.
"""

from __future__ import annotations

import pytest

np = pytest.importorskip("numpy")  # comes with the optional extra `semantic`

from test_embeddings import Trigrams  # noqa: E402
from web_fixtures import PERSONAL_DATA_LAW  # noqa: E402

from ingest.importer import import_release  # noqa: E402
from lexsearch import vectors  # noqa: E402
from lexsearch.store import Store  # noqa: E402
from lexsearch.vectors import VectorIndex, embed  # noqa: E402


@pytest.fixture
def faiss():
    return pytest.importorskip("faiss")


def clustered(n: int, dim: int = 32, seed: int = 3):
    """Unit vectors around n // 50 centres, as float16 (what the store holds)."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(max(n // 50, 1), dim))
    m = centres[rng.integers(len(centres), size=n)] + 0.35 * rng.normal(size=(n, dim))
    m /= np.linalg.norm(m, axis=1, keepdims=True)
    return [f"h{i}" for i in range(n)], m.astype(np.float16)


def queries(m, count: int = 40, seed: int = 4):
    rng = np.random.default_rng(seed)
    q = m[rng.integers(len(m), size=count)].astype(np.float32)
    q += 0.2 * rng.normal(size=q.shape).astype(np.float32) / np.sqrt(m.shape[1])
    return q / np.linalg.norm(q, axis=1, keepdims=True)


def exact(keys, m, q, k):
    sims = m.astype(np.float32) @ q
    return [(keys[i], float(sims[i])) for i in np.argsort(-sims)[:k]]


def test_hnsw_finds_what_brute_force_finds(faiss):
    keys, m = clustered(4000)
    hnsw = VectorIndex(keys, m, ann_min=1000)
    assert hnsw.ann is not None and hnsw.matrix is None
    recalls = []
    for q in queries(m):
        got, want = hnsw.nearest(q, k=10), exact(keys, m, q, 10)
        assert len(got) == 10 and [s for _k, s in got] == sorted((s for _k, s in got),
                                                                 reverse=True)
        sims = dict(want)
        assert all(s == pytest.approx(sims[key], abs=1e-5) for key, s in got if key in sims)
        recalls.append(len({k for k, _s in got} & set(sims)) / 10)
    assert np.mean(recalls) >= 0.95


def test_brute_force_below_the_threshold_and_without_faiss(faiss, monkeypatch):
    monkeypatch.setattr(vectors, "ANN_MIN", 200)
    keys, m = clustered(200)
    assert VectorIndex(keys[:199], m[:199]).ann is None
    assert VectorIndex(keys, m).ann is not None
    monkeypatch.setattr(vectors, "_faiss", lambda: None)
    index = VectorIndex(keys, m)
    assert index.ann is None
    q = queries(m)[0]
    got, want = index.nearest(q, k=5), exact(keys, m, q, 5)
    assert [k for k, _s in got] == [k for k, _s in want]
    assert [s for _k, s in got] == pytest.approx([s for _k, s in want])


@pytest.mark.parametrize("ann_min", [10, 10**9])
def test_empty_index_and_k_above_the_rows(faiss, ann_min):
    empty = VectorIndex([], np.zeros((0, 1), dtype=np.float32), ann_min=ann_min)
    assert len(empty) == 0 and empty.nearest(np.ones(32, dtype=np.float32)) == []
    keys, m = clustered(30)
    got = VectorIndex(keys, m, ann_min=ann_min).nearest(queries(m)[0], k=50)
    assert sorted(k for k, _s in got) == sorted(keys)
    assert [s for _k, s in got] == sorted((s for _k, s in got), reverse=True)


@pytest.mark.parametrize("ann_min", [100, 10**9])
def test_float16_matrix_and_query_answer_as_float32(faiss, ann_min):
    keys, m = clustered(500)
    q = queries(m)[0]
    half = VectorIndex(keys, m, ann_min=ann_min).nearest(q.astype(np.float16), k=8)
    full = VectorIndex(keys, m.astype(np.float32), ann_min=ann_min).nearest(
        q.astype(np.float16).astype(np.float32), k=8)
    assert half == full and len(half) == 8


@pytest.fixture
def builds(faiss, monkeypatch):
    """How many graphs were built (not read from a file)."""
    count = []
    real = vectors._build

    def counted(matrix):
        count.append(len(matrix))
        return real(matrix)

    monkeypatch.setattr(vectors, "_build", counted)
    return count


def test_graph_file_is_read_again_grown_masked_and_rebuilt(tmp_path, builds):
    cache = tmp_path / "ann" / "model@1.npz"
    keys, m = clustered(1200)
    first = VectorIndex(keys[:1000], m[:1000], cache=cache, ann_min=500)
    assert builds == [1000] and cache.exists()
    q = queries(m)[0]
    again = VectorIndex(keys[:1000], m[:1000], cache=cache, ann_min=500)
    assert builds == [1000] and again.nearest(q) == first.nearest(q)
    # an embedding run added 200 rows (in the middle of the key order): added, not rebuilt
    order = list(range(500)) + list(range(1000, 1200)) + list(range(500, 1000))
    grown = VectorIndex([keys[i] for i in order], m[order], cache=cache, ann_min=500)
    assert builds == [1000] and grown.ann.ntotal == len(grown) == 1200
    assert grown.nearest(m[1100].astype(np.float32), k=1)[0][0] == "h1100"
    assert VectorIndex(keys, m, cache=cache, ann_min=500).nearest(q) == grown.nearest(q)
    # a new edition: h0 gone, h5 changed (to h6's vector): left out, h5 added again
    changed = m.copy()
    changed[5] = changed[6]
    edited = VectorIndex(keys[1:], changed[1:], cache=cache, ann_min=500)
    assert builds == [1000] and edited.ann.ntotal == 1201 and len(edited) == 1199
    assert "h0" not in dict(edited.nearest(m[0].astype(np.float32), k=50))
    assert {k for k, _s in edited.nearest(m[6].astype(np.float32), k=2)} == {"h5", "h6"}
    everything = edited.nearest(q, k=5000)
    assert len(everything) == 1199 and "" not in dict(everything)
    # more than MAX_DEAD of the graph dead: rebuilt
    VectorIndex(keys[301:], changed[301:], cache=cache, ann_min=500)
    assert builds == [1000, 899]
    assert VectorIndex(keys[301:], changed[301:], cache=cache, ann_min=500).ann.ntotal == 899
    assert builds == [1000, 899]


def test_unusable_cache_folder_builds_in_memory(tmp_path, builds):
    (tmp_path / "file").write_text("not a folder")
    keys, m = clustered(300)
    index = VectorIndex(keys, m, cache=tmp_path / "file" / "ann" / "m@1.npz", ann_min=100)
    assert builds == [300] and index.nearest(m[7].astype(np.float32), k=1)[0][0] == "h7"


def test_load_keeps_the_graph_in_the_data_folder(tmp_path, builds, monkeypatch):
    monkeypatch.setattr(vectors, "ANN_MIN", 10)
    fake = Trigrams()
    with Store(tmp_path) as store:
        assert import_release(store, [PERSONAL_DATA_LAW]).ok
        embed(store, fake)
        first = VectorIndex.load(store, fake.name, fake.version)
        assert first.ann is not None and len(first) > 20 and builds == [len(first)]
        assert (tmp_path / "ann" / "test-trigrams@1.npz").exists()
        q = fake.query("shaxsga doir maʼlumotlarni tarqatish")
        again = VectorIndex.load(store, fake.name, fake.version)
        assert builds == [len(first)] and again.nearest(q) == first.nearest(q)
