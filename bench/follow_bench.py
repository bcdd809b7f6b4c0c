"""The catch-up rate of a read node's index (indexes/follow.py), in batches/s and provisions/s.

    .venv/bin/python bench/follow_bench.py [--limit N] [--batches N] [--store postgresql://…]

The sample corpus (the Makefile's CORPUS, or --corpus FOLDER…) is imported into a fresh store
batch by batch: one file per batch (``import_release`` of that file, with the release.json
beside it), as a gazette brings a few acts at a time; a file that cannot stand alone (one part
of a multi-part act) is imported with the rest of its folder as one batch. Then:

* **fresh node**: an empty node folder builds its index from the whole store (the follower's
  first poll: a rebuild);
* **lagging node**: a node built when all but the last ``--batches`` batches were in applies
  those batches in one poll (the range after the batch it holds);
* **following node**: a node that polls after every one of those batches, the steady state:
  seconds per batch.

Every node has its own folder and reads the store read-only (``Store(..., readonly=True)``), as a
read node on a standby does. With ``--store URL`` the store is that PostgreSQL database (it
should be empty: the batches are counted from what it holds when the run starts). Writes
bench/follow.json (--out), one entry per backend (``sqlite``, ``postgresql``), so the two runs
sit side by side. Keep ``--limit`` small while others use the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from indexes.follow import Follower  # noqa: E402
from ingest.formats import is_ignored  # noqa: E402
from ingest.importer import import_release  # noqa: E402
from lexsearch.search.engine import default_engine  # noqa: E402
from lexsearch.store import Store  # noqa: E402

CORPUS = ["corpora/uz-lexuz-2025", "corpora/uz-lexuz-2026-07", "corpora/uz-multi",
          "corpora/ru-pravo"]  # the Makefile's CORPUS


def _batches(folders: list[Path], limit: int | None) -> list[list[Path]]:
    """The import steps: one file each, in folder order (at most ``limit`` of them)."""
    steps = [[f] for folder in folders for f in sorted(folder.iterdir())
             if f.is_file() and not is_ignored(f)]
    return steps[:limit] if limit else steps


def _import(store: Store, paths: list[Path]) -> tuple[bool, str]:
    report = import_release(store, paths)
    if report.ok:
        return report.changed, ""
    if len(paths) == 1:  # not an act by itself: the whole folder is one batch instead
        whole = import_release(store, [paths[0].parent])
        if whole.ok:
            return whole.changed, f"{paths[0].parent.name} imported whole"
    first = report.errors[0] if report.errors else {}
    return False, f"{paths[0].name}: {first.get('message', 'refused')}"


def _stats(store: Store) -> tuple[int, int]:
    return store.last_batch_id(), store.stats()["provisions"]


def _poll(node: Path, open_store) -> tuple[float, int]:
    """One follower poll of ``node``: (seconds, documents written)."""
    with Follower(node, open_store) as follower:
        started = time.perf_counter()
        reports = follower.poll()
        seconds = time.perf_counter() - started
        if follower.state.get("last_error"):
            raise SystemExit(f"follower of {node}: {follower.state['last_error']}")
    return seconds, sum(r.docs for r in reports)


def _rate(count: float, seconds: float) -> float:
    return round(count / seconds, 2) if seconds > 0 else 0.0


def run(args: argparse.Namespace) -> dict:
    work = Path(tempfile.mkdtemp(prefix="lexsearch-follow-"))
    url = args.store

    def open_store(readonly: bool = True) -> Store:
        where = work / "importer" if url else work / "store"
        return Store(where, readonly=readonly, url=url) if url else Store(where, readonly=readonly)

    try:
        steps = _batches([ROOT / c if not Path(c).is_absolute() else Path(c)
                          for c in args.corpus], args.limit)
        lag = min(args.batches, max(len(steps) - 1, 0))
        notes: list[str] = []
        imported = 0
        import_seconds = 0.0
        with open_store(readonly=False) as store:
            first_batch, _ = _stats(store)
            lagging_at = following_at = None
            for n, paths in enumerate(steps):
                if n == len(steps) - lag:  # the lagging and the following node start here
                    _poll(work / "lagging", open_store)
                    _poll(work / "following", open_store)
                    lagging_at = following_at = _stats(store)  # (batch, provisions)
                    follow_seconds: list[float] = []
                    follow_docs = 0
                started = time.perf_counter()
                changed, note = _import(store, paths)
                import_seconds += time.perf_counter() - started
                imported += changed
                if note:
                    notes.append(note)
                if following_at is not None and changed:  # the steady state: one batch a poll
                    seconds, docs = _poll(work / "following", open_store)
                    follow_seconds.append(seconds)
                    follow_docs += docs
            last_batch, provisions = _stats(store)
        batches = last_batch - first_batch
        fresh_seconds, fresh_docs = _poll(work / "fresh", open_store)
        out: dict = {
            "store": "postgresql" if url else "sqlite", "engine": default_engine(),
            "corpus": args.corpus, "limit": args.limit, "files": len(steps),
            "batches": batches, "provisions": provisions, "notes": notes,
            "import_seconds": round(import_seconds, 2),
            "fresh_node": {"batches": batches, "provisions": provisions, "documents": fresh_docs,
                           "seconds": round(fresh_seconds, 3),
                           "batches_per_s": _rate(batches, fresh_seconds),
                           "provisions_per_s": _rate(provisions, fresh_seconds)},
        }
        if lagging_at is not None:
            behind = last_batch - lagging_at[0]
            added = provisions - lagging_at[1]
            lag_seconds, lag_docs = _poll(work / "lagging", open_store)
            out["lagging_node"] = {"batches": behind, "provisions": added,
                                   "documents": lag_docs, "seconds": round(lag_seconds, 3),
                                   "batches_per_s": _rate(behind, lag_seconds),
                                   "provisions_per_s": _rate(added, lag_seconds)}
            total = sum(follow_seconds)
            out["following_node"] = {
                "batches": len(follow_seconds), "provisions": added, "documents": follow_docs,
                "seconds": round(total, 3),
                "seconds_per_batch": round(total / len(follow_seconds), 3)
                if follow_seconds else None,
                "batches_per_s": _rate(len(follow_seconds), total),
                "provisions_per_s": _rate(added, total)}
        out["machine"] = {"cpus": os.cpu_count(), "python": platform.python_version(),
                          "load_1min": round(os.getloadavg()[0], 2)}
        return out
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", nargs="+", default=CORPUS,
                        help="folders to import, one file per batch (default: the Makefile's)")
    parser.add_argument("--limit", type=int, default=None, help="import only the first N files")
    parser.add_argument("--batches", type=int, default=5,
                        help="batches the lagging and the following node apply (default 5)")
    parser.add_argument("--store", default=None, metavar="URL",
                        help="a postgresql://… URL of an empty database (default: SQLite)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "follow.json")
    args = parser.parse_args()
    result = run(args)
    try:  # one entry per store backend, so a SQLite and a PostgreSQL run sit side by side
        runs = json.loads(args.out.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        runs = {}
    if not isinstance(runs, dict) or "store" in runs:
        runs = {}
    runs[result["store"]] = result
    args.out.write_text(json.dumps(runs, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
