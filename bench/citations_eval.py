"""Precision and recall of the citation finder on tests/data/citations_gold.jsonl.

Run: ``.venv/bin/python bench/citations_eval.py [-v]``; prints a table and writes
``bench/citations.json``. ``-v`` also lists the lines the finder gets wrong.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lexsearch.citations import find_citations  # noqa: E402
from lexsearch.citations.scoring import load_gold, score  # noqa: E402

GOLD = ROOT / "tests" / "data" / "citations_gold.jsonl"
OUT = ROOT / "bench" / "citations.json"


def main(argv: list[str]) -> int:
    gold = load_gold(GOLD)
    report = score(gold, find_citations)
    print(f"{'level':8} {'lang':6} {'tp':>5} {'fp':>4} {'fn':>4} {'precision':>9} {'recall':>7}")
    for level, tallies in (("article", report.article), ("act", report.act)):
        for lang in sorted(tallies, key=lambda k: (k == "all", k)):
            t = tallies[lang]
            print(f"{level:8} {lang:6} {t.tp:5} {t.fp:4} {t.fn:4} {t.precision:9.3f} {t.recall:7.3f}")
    data = {"gold": str(GOLD.relative_to(ROOT)), "examples": len(gold), **report.as_dict()}
    OUT.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    if "-v" in argv:
        for err in report.errors:
            print(json.dumps(err, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
