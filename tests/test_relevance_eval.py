"""The relevance questions of ``tests/relevance/`` are well-formed (see its README.md).

Format checks need no store; the gold checks read the sample corpus as ``make run`` imports it
(the portal's session store, ``web_data``): every gold work and provision exists, the words
recorded as read are the opening words of that provision, and no question carries its gold
provision's heading verbatim (in any language or script of the work).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from lexsearch.analysis.translit import to_latin
from lexsearch.errors import NotFound
from lexsearch.store import Store

FOLDER = Path(__file__).resolve().parent / "relevance"
LANGS = ("uzb", "uzb-Cyrl", "rus", "eng")
KINDS = ("paraphrase", "question", "typo", "no_apostrophe", "act_article_ref",
         "act_name_other_language", "cross_language")
FIELDS = {"id", "query", "language", "kind", "work", "eids", "check"}
AT_LEAST = {"uzb": 50, "uzb-Cyrl": 50, "rus": 50, "eng": 30}
MOST_ON_ONE_WORK = 0.25
WORD = re.compile(r"[^\W_]+(?:['ʻʼ‘’`-][^\W_]+)*")


def load() -> list[tuple[str, int, dict]]:
    out = []
    for path in sorted(FOLDER.glob("*.jsonl")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                out.append((path.stem, n, json.loads(line)))
    return out


QUESTIONS = load()


def folded(text: str) -> str:
    """Lowercase words in one script (Uzbek Cyrillic and Russian alike through the Uzbek
    transliteration), apostrophes folded, padded so that containment is word-bounded."""
    return " " + " ".join(to_latin(w) for w in WORD.findall(text.lower())) + " "


def where(stem: str, n: int, q: dict) -> str:
    return f"tests/relevance/{stem}.jsonl:{n} ({q.get('id')})"


def test_the_files_are_there():
    assert sorted(p.stem for p in FOLDER.glob("*.jsonl")) == sorted(LANGS)
    assert (FOLDER / "README.md").exists()


@pytest.mark.parametrize(("stem", "n", "q"), QUESTIONS, ids=[q["id"] for _s, _n, q in QUESTIONS])
def test_question_is_well_formed(stem, n, q):
    at = where(stem, n, q)
    assert set(q) == FIELDS, f"{at}: fields {sorted(set(q) ^ FIELDS)}"
    assert q["language"] == stem, f"{at}: language {q['language']!r} in {stem}.jsonl"
    assert q["language"] in LANGS and q["kind"] in KINDS, at
    assert re.fullmatch(rf"{re.escape(stem)}-\d{{3}}", q["id"]), f"{at}: id"
    assert q["query"].strip() and q["query"] == q["query"].strip(), f"{at}: query"
    assert q["work"].startswith("/akn/"), f"{at}: work"
    assert q["eids"] and len(set(q["eids"])) == len(q["eids"]), f"{at}: eids"
    assert sorted(q["check"]) == sorted(q["eids"]), f"{at}: one check per gold eId"
    assert all(len(v.split()) >= 2 for v in q["check"].values()), f"{at}: check too short"


def test_ids_and_queries_are_unique():
    ids = Counter(q["id"] for _s, _n, q in QUESTIONS)
    assert [i for i, c in ids.items() if c > 1] == []
    queries = Counter(folded(q["query"]) for _s, _n, q in QUESTIONS)
    assert [k for k, c in queries.items() if c > 1] == []


def test_enough_questions_spread_over_works():
    langs = Counter(q["language"] for _s, _n, q in QUESTIONS)
    assert len(QUESTIONS) >= 240
    for lang, least in AT_LEAST.items():
        assert langs[lang] >= least, (lang, langs[lang])
    works = Counter(q["work"] for _s, _n, q in QUESTIONS)
    work, most = works.most_common(1)[0]
    assert most <= MOST_ON_ONE_WORK * len(QUESTIONS), (work, most)
    assert len(works) >= 10
    kinds = Counter(q["kind"] for _s, _n, q in QUESTIONS)
    assert set(kinds) == set(KINDS), kinds


@pytest.fixture(scope="module")
def store(web_data):
    with Store(web_data, readonly=True) as s:
        yield s


def provisions_of(store: Store, work: str, eid: str) -> list:
    found = []
    for lang in store.languages(work):
        try:
            found.append(store.provision(store.edition_for(work, lang), eid))
        except NotFound:
            pass
    return found


def test_gold_provisions_exist_and_were_read(store):
    problems = []
    for stem, n, q in QUESTIONS:
        at = where(stem, n, q)
        try:
            store.work(q["work"])
        except NotFound:
            problems.append(f"{at}: no work {q['work']}")
            continue
        for eid in q["eids"]:
            found = provisions_of(store, q["work"], eid)
            if not found:
                problems.append(f"{at}: {q['work']} has no {eid}")
                continue
            check = " ".join(q["check"][eid].split())
            openings = [" ".join((p.text or p.heading or "").split()) for p in found]
            if not any(o.startswith(check) for o in openings):
                problems.append(f"{at}: {eid} does not open with {check!r}")
            for p in found:
                if p.heading and folded(p.heading) in folded(q["query"]):
                    problems.append(f"{at}: the query holds the heading of {eid}: {p.heading!r}")
    assert problems == []


def test_the_heading_check_can_fail():
    """The folding that catches a copied heading sees through script and apostrophes."""
    assert folded("Nikoh yoshi") in folded("nikoh yoshi necha?")
    assert folded("Ishdan boʻshatish nafaqasi") in folded("Ишдан бўшатиш нафақаси қанча")
    assert folded("Penya") not in folded("penyalar")


def test_the_bench_counts_a_hit_inside_a_gold_provision_only():
    """``bench/relevance_bench.rank_of``: the gold eId or a provision inside it, of the gold
    work; a work-level hit or the same eId in another act is no answer."""
    import importlib.util
    from types import SimpleNamespace as Hit

    path = FOLDER.parent.parent / "bench" / "relevance_bench.py"
    spec = importlib.util.spec_from_file_location("relevance_bench", path)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    labour, tax = "/akn/uz/act/kodeks/2022-10-28/orq-798", "/akn/uz/act/kodeks/2019-12-30/orq-599"
    hits = [Hit(work=labour, eid=None), Hit(work=tax, eid="art_39"),
            Hit(work=labour, eid="art_390"), Hit(work=labour, eid="art_39")]
    assert bench.rank_of(hits, [(labour, "art_39")]) == 4
    assert bench.rank_of(hits[:3], [(labour, "art_39")]) is None
    points = [Hit(work=labour, eid="para_5__subpara_5")]
    assert bench.rank_of(points, [(labour, "para_5")]) == 1
    assert bench.rank_of(points, [(labour, "para_5__subpara_5__subpara_1")]) is None
    assert bench.scores([1, 3, None, 12]) == {"n": 4, "hit@1": 0.25, "hit@3": 0.5,
                                              "hit@10": 0.5, "mrr@10": round((1 + 1 / 3) / 4, 3)}
