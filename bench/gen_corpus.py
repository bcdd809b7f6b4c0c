"""Scale the real corpus for the search benchmark.

Reads every provision of the shipped sample corpus (``corpora/``, imported into a scratch
store), then writes a store of ``--provisions`` N provisions: works of 120 provisions each,
renumbered (``/akn/uz/act/qonun/<date>/b-<n>``, eIds ``art_<k>``), whose texts are real
provision texts resampled with a light perturbation (a few words swapped in from another real
text) so that every text is distinct and the analyser's caches do not flatter the numbers.
Invented text is allowed here only. One work in five gets a second edition where one
provision in ten changes, so validity intervals are exercised.

    python bench/gen_corpus.py --provisions 100000 --out bench/work/100k
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lexsearch.model import EditionText, Provision, WorkMeta  # noqa: E402
from lexsearch.store import Store  # noqa: E402

PER_WORK = 120
RUSSIAN = 0.15  # the share of works in Russian (the rest Uzbek Latin)
SUBTYPES = ("qonun", "kodeks", "pf", "pq", "vmq")
RELEASES = ("uz-lexuz-2025", "uz-lexuz-2026-07", "ru-pravo")


def real_provisions() -> list[tuple[str, str, str | None]]:
    """``(lang, text, heading)`` of every non-empty provision of the sample corpus."""
    from ingest.importer import import_release

    out = []
    with tempfile.TemporaryDirectory() as tmp, Store(tmp) as store:
        for name in RELEASES:
            import_release(store, [ROOT / "corpora" / name])
        for work in store.works():
            for edition in store.editions(work.uri):
                for p in store.provisions(edition):
                    if p.text and len(p.text) > 40:
                        out.append((edition.lang, p.text, p.heading))
    return out


def perturb(text: str, donor: str, rng: random.Random) -> str:
    words, extra = text.split(), donor.split()
    for _ in range(3):
        if words and extra:
            words[rng.randrange(len(words))] = extra[rng.randrange(len(extra))]
    return " ".join(words)


# Index documents a work yields on average: its provisions, plus the one in ten reworded in the
# second edition that one work in five gets.
DOCS_PER_WORK = PER_WORK * (1 + 0.2 * 0.1)


def generate(out: Path, provisions: int, seed: int = 7, russian: float = RUSSIAN) -> dict:
    rng = random.Random(seed)
    pool = real_provisions()
    by_lang = {lang: [p for p in pool if p[0] == lang] for lang in ("uzb", "rus")}
    out.mkdir(parents=True, exist_ok=True)
    started, written = time.perf_counter(), 0
    n_works = max(1, round(provisions / DOCS_PER_WORK))
    with Store(out) as store:
        for chunk in range(0, n_works, 200):
            with store.release(f"gen-{chunk}") as rel:
                for w in range(chunk, min(n_works, chunk + 200)):
                    lang = "rus" if rng.random() < russian else "uzb"
                    same = [rng.choice(by_lang[lang]) for _ in range(PER_WORK)]
                    year = 1995 + w % 30
                    date = f"{year}-{1 + w % 12:02d}-{1 + w % 28:02d}"
                    subtype = SUBTYPES[w % len(SUBTYPES)]
                    uri = f"/akn/uz/act/{subtype}/{date}/b-{w}"
                    meta = WorkMeta(subtype=subtype, number=f"B-{w}", date=date,
                                    title=f"{same[0][2] or 'Qonun'} ({w})",
                                    status="repealed" if w % 17 == 0 else "in_force")
                    work_id, _ = rel.ensure_work(uri, meta, lang)
                    provs = [Provision(eid=f"art_{k + 1}", kind="article", num=str(k + 1),
                                       heading=h, text=perturb(t, rng.choice(pool)[1], rng))
                             for k, (_l, t, h) in enumerate(same)]
                    rel.add_edition(work_id, EditionText(lang, date, provs),
                                    source_file="gen")
                    written += len(provs)
                    if w % 5 == 0:  # a second edition: one provision in ten reworded
                        later = f"{min(year + 3, 2026)}-06-01"
                        provs2 = [Provision(p.eid, p.kind, p.num, p.heading,
                                            perturb(p.text, rng.choice(pool)[1], rng))
                                  if k % 10 == 0 else p for k, p in enumerate(provs)]
                        if later > date:
                            rel.add_edition(work_id, EditionText(lang, later, provs2),
                                            source_file="gen")
                            written += len(provs) // 10
                    rel.files.append(uri)
    return {"provisions": written, "works": n_works, "seconds": time.perf_counter() - started}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--provisions", type=int, default=10_000)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--russian", type=float, default=RUSSIAN,
                        help="share of works in Russian (default %(default)s)")
    args = parser.parse_args()
    print(generate(args.out, args.provisions, args.seed, args.russian))


if __name__ == "__main__":
    main()
