"""What the two forms of analysed text cost tantivy: plain terms vs pre-tokenized JSON.

The tantivy backend sends a text field as a plain string of terms (with a filler where a
stopword was) whenever no position holds two terms, and in tantivy's pre-tokenized form (every
term with its explicit position) only where one does. This measures why, on the same real
documents: the first ``--docs`` documents of the generated 100k corpus (``bench/gen_corpus.py``),
planned and analysed once, then encoded each way and indexed into a fresh index, timing the
encoding and the writer (add every document, commit; CPU time includes tantivy's indexing
threads). Results go to ``bench/text_forms.json``.

    python bench/text_forms.py [--docs 30000]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.gen_corpus import generate  # noqa: E402
from indexes.docs import analyse, plan_work  # noqa: E402
from lexsearch.search.engine import open_engine  # noqa: E402
from lexsearch.search.tantivy_engine import encode  # noqa: E402
from lexsearch.store import Store  # noqa: E402

CORPUS = ROOT / "bench" / "work" / "search-100000"
RESULTS = ROOT / "bench" / "text_forms.json"


def documents(n: int) -> list:
    if not (CORPUS / "lexsearch.db").exists():
        print(generate(CORPUS, 100_000), flush=True)
    docs = []
    with Store(CORPUS) as store:  # not read-only: an older cached corpus is migrated
        for work in store.works():
            docs.extend(analyse(plan) for plan in plan_work(store, work))
            if len(docs) >= n:
                return docs[:n]
    return docs


def measure(docs: list, pretokenized: bool) -> dict:
    started = time.perf_counter()
    encoded = [encode(doc, pretokenized=pretokenized) for doc in docs]
    encode_s = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as tmp:
        writer = open_engine("tantivy", Path(tmp), create=True).writer()
        wall, cpu = time.perf_counter(), time.process_time()
        for doc in encoded:
            writer.add_encoded(doc)
        writer.commit()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    per_doc = 1e6 / len(docs)
    return {"form": "pre-tokenized" if pretokenized else "plain where possible",
            "encode_us_per_doc": round(encode_s * per_doc, 1),
            "index_wall_us_per_doc": round(wall * per_doc, 1),
            "index_cpu_us_per_doc": round(cpu * per_doc, 1),
            "json_bytes_per_doc": round(sum(map(len, encoded)) / len(docs))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=30_000)
    args = parser.parse_args()
    docs = documents(args.docs)
    terms = sum(len(t) for d in docs for p in d.texts.values() for t in p)
    shared = sum(1 for d in docs if any(len(t) > 1 for p in d.texts.values() for t in p))
    out = {"documents": len(docs), "terms_per_doc": round(terms / len(docs), 1),
           "docs_needing_pretokenized": shared,
           "forms": [measure(docs, False), measure(docs, True)],
           "measured_at": time.strftime("%Y-%m-%d %H:%M")}
    RESULTS.write_text(json.dumps(out, indent=1) + "\n")
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
