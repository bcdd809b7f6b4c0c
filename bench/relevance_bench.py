"""Relevance benchmark: hit@1, hit@3, hit@10 and MRR@10 of the questions in tests/relevance/.

The sample corpus that ``make run`` loads (the Makefile's ``CORPUS`` folders) is imported into
a temporary data folder (or ``--data DIR`` is used as it is), the index of each engine is
rebuilt, and every question runs through ``Searcher.search`` -- the service the web page and the
API call -- with ``limit=10`` and no filter. The web page shows these hits in this order
(grouped by act in order of first appearance), so a question's rank is the position of the
first hit whose (work, eId) is one of its gold provisions; a hit inside a gold provision (a
sub-point ``…__subpara_2`` of a gold point) counts as that provision. A work-level hit never
counts. Figures per engine: overall, per language and per kind of question, written to
``bench/relevance.json`` (replaced by each run) and printed as a markdown table.

    python bench/relevance_bench.py                       # both engines, fresh import
    python bench/relevance_bench.py --engines tantivy --data var
    python bench/relevance_bench.py --ranking legacy relaxed   # old and new, same run
    python bench/relevance_bench.py --data D --hybrid   # lexical, then vectors fused in
    python bench/relevance_bench.py --data D --keep-index   # query-side changes only

Each run is reported whole and for two fixed halves of the questions (``even``/``odd``: the
parity of the number ending the id): settings are chosen on the even half, and the odd half
is the held-out figure -- a change that helps one half and hurts the other is overfitting.

The script measures whatever ranking the code has, so the same run before and after a
ranking change gives comparable figures. It tunes nothing.
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lexsearch.search import Searcher  # noqa: E402
from lexsearch.store import Store  # noqa: E402

QUESTIONS = ROOT / "tests" / "relevance"
RESULTS = ROOT / "bench" / "relevance.json"
K = (1, 3, 10)
LANGS = ("uzb", "uzb-Cyrl", "rus", "eng")


def load_questions(folder: Path = QUESTIONS) -> list[dict]:
    """Every question of ``folder/*.jsonl``, in file order (``tests/relevance/README.md``)."""
    out = []
    for path in sorted(folder.glob("*.jsonl")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                try:
                    out.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise SystemExit(f"{path}:{n}: not JSON ({exc})") from exc
    return out


def corpus_folders() -> list[Path]:
    """The folders of the Makefile's ``CORPUS`` variable (what ``make run`` imports)."""
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    found = re.search(r"^CORPUS\s*:?=\s*(.+)$", text, re.M)
    if not found:
        raise SystemExit("Makefile: no CORPUS variable")
    return [ROOT / part for part in found.group(1).split()]


def import_corpus(data: Path) -> None:
    from ingest.importer import import_release

    with Store(data) as store:
        report = import_release(store, corpus_folders())
        if not report.ok:
            raise SystemExit(f"the sample corpus does not import: {report}")


def rank_of(hits, gold: list[tuple[str, str]]) -> int | None:
    """1-based position of the first hit inside a gold (work, eId), else ``None``."""
    for i, hit in enumerate(hits, 1):
        if not hit.eid:
            continue
        for work, eid in gold:
            if hit.work == work and (hit.eid == eid or hit.eid.startswith(eid + "__")):
                return i
    return None


def scores(ranks: list[int | None]) -> dict:
    n = len(ranks)
    row: dict = {"n": n}
    for k in K:
        row[f"hit@{k}"] = round(sum(1 for r in ranks if r is not None and r <= k) / n, 3)
    row["mrr@10"] = round(sum(1 / r for r in ranks if r is not None and r <= 10) / n, 3)
    return row


def run_engine(data: Path, engine: str, questions: list[dict], rankings: list[str | None],
               hybrid: bool = False, rebuild: bool = True) -> list[dict]:
    """One index build of ``engine``, then every question once per ranking (same run)."""
    from indexes.build import rebuild_index

    if rebuild:
        with Store(data) as store:
            rebuild_index(store, data, engine)
    with Searcher(data, engine) as searcher:
        params = inspect.signature(searcher.search).parameters
        if rankings != [None] and "ranking" not in params:
            raise SystemExit("--ranking: this version's Searcher.search has no ranking switch")
        if hybrid and "hybrid" not in params:
            raise SystemExit("--hybrid: this version's Searcher.search has no hybrid switch")
        return [run_questions(searcher, engine, questions, ranking, fused)
                for ranking in rankings for fused in ((False, True) if hybrid else (False,))]


def run_questions(searcher: Searcher, engine: str, questions: list[dict], ranking: str | None,
                  hybrid: bool) -> dict:
    extra: dict = {}
    if ranking is not None:
        extra["ranking"] = ranking
    if "hybrid" in inspect.signature(searcher.search).parameters:
        # said either way: the service fuses whatever vectors the store has by default
        extra["hybrid"] = hybrid  # vectors of `lexsearch embed` (bench/hybrid_bench.py)
    per_q = []
    started = time.perf_counter()
    for q in questions:
        gold = [(q["work"], eid) for eid in q["eids"]]
        hits = searcher.search(q["query"], limit=10, **extra).hits[:10]
        per_q.append({"id": q["id"], "rank": rank_of(hits, gold),
                      "top": [f"{h.work}#{h.eid}" for h in hits[:3]]})
    seconds = time.perf_counter() - started
    by_id = {q["id"]: q for q in questions}
    out = {"engine": engine, "ranking": (ranking or "default") + ("+hybrid" if hybrid else ""),
           "seconds": round(seconds, 1),
           "overall": scores([r["rank"] for r in per_q]), "language": {}, "kind": {}}
    out.update(breakdown(per_q, by_id))
    out["half"] = {name: {"overall": scores([r["rank"] for r in part]),
                          **breakdown(part, by_id)}
                   for name, part in halves(per_q).items()}
    out["questions"] = per_q
    return out


def half_of(qid: str) -> str:
    """The fixed half of a question: ``even`` or ``odd`` by the number that ends its id
    (settings are chosen on the even half; the odd half is the held-out report)."""
    digits = re.search(r"(\d+)$", qid)
    if digits is None:
        raise SystemExit(f"question id {qid!r} does not end in a number")
    return "even" if int(digits.group(1)) % 2 == 0 else "odd"


def halves(per_q: list[dict]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {"even": [], "odd": []}
    for r in per_q:
        out[half_of(r["id"])].append(r)
    return out


def breakdown(per_q: list[dict], by_id: dict[str, dict]) -> dict:
    """Scores per language and per kind of question."""
    out: dict = {}
    for facet, key in (("language", "language"), ("kind", "kind")):
        groups: dict[str, list] = defaultdict(list)
        for r in per_q:
            groups[by_id[r["id"]][key]].append(r["rank"])
        order = LANGS if facet == "language" else sorted(groups)
        out[facet] = {name: scores(groups[name]) for name in order if name in groups}
    return out


def table(runs: list[dict]) -> str:
    head = ("| engine | ranking | slice | n | hit@1 | hit@3 | hit@10 | MRR@10 |\n"
            "|---|---|---|---:|---:|---:|---:|---:|")
    lines = [head]
    for run in runs:
        rows = [("overall", run["overall"])]
        rows += [(f"lang {k}", v) for k, v in run["language"].items()]
        rows += [(f"kind {k}", v) for k, v in run["kind"].items()]
        for half, part in run.get("half", {}).items():
            rows += [(f"{half} overall", part["overall"])]
            rows += [(f"{half} lang {k}", v) for k, v in part["language"].items()]
        for name, s in rows:
            lines.append(f"| {run['engine']} | {run['ranking']} | {name} | {s['n']} | "
                         f"{s['hit@1']:.3f} | {s['hit@3']:.3f} | {s['hit@10']:.3f} | "
                         f"{s['mrr@10']:.3f} |")
    return "\n".join(lines)


def code_version() -> dict:
    """The commit measured, and the ranking files changed since it (figures are traceable)."""
    def git(*args: str) -> str:
        try:
            return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True,
                                  check=True).stdout
        except (OSError, subprocess.CalledProcessError):
            return ""
    changed = git("status", "--porcelain", "--", "lexsearch/search", "lexsearch/analysis",
                  "indexes")
    return {"commit": git("rev-parse", "--short", "HEAD").strip(),
            "uncommitted": [line[3:] for line in changed.splitlines()]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engines", nargs="+", default=["tantivy", "whoosh"])
    parser.add_argument("--data", type=Path, help="a data folder with the corpus imported "
                        "(default: a fresh import into a temporary folder)")
    parser.add_argument("--ranking", nargs="+", help="passed to Searcher.search(ranking=…) "
                        "when the service has that switch; several (legacy relaxed) are "
                        "measured in the same run on the same index")
    parser.add_argument("--hybrid", action="store_true", help="also with the stored vectors "
                        "fused in, in the same run on the same index (needs --data with "
                        "`lexsearch embed` run and the extra `semantic`)")
    parser.add_argument("--keep-index", action="store_true", help="with --data: search the "
                        "index as it is (only query-side code changed since it was built)")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    questions = load_questions()
    tmp = None
    if args.data is None:
        tmp = Path(tempfile.mkdtemp(prefix="relevance-bench-"))
        print(f"importing {' '.join(p.name for p in corpus_folders())} …", flush=True)
        import_corpus(tmp)
    data = args.data or tmp
    try:
        runs = [run for engine in args.engines
                for run in run_engine(data, engine, questions, args.ranking or [None],
                                      args.hybrid, rebuild=not (args.keep_index and args.data))]
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
    report = {"measured_at": time.strftime("%Y-%m-%d %H:%M"), **code_version(),
              "load_avg": [round(x, 2) for x in os.getloadavg()],
              "questions": len(questions), "runs": runs}
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n",
                        encoding="utf-8")
    dirty = f" + uncommitted {', '.join(report['uncommitted'])}" if report["uncommitted"] else ""
    print(f"{len(questions)} questions, commit {report['commit']}{dirty}\n")
    print(table(runs))


if __name__ == "__main__":
    main()
