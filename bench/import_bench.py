"""Import throughput on the whole shared corpus: provisions/s and MB/s, per release and overall.

    .venv/bin/python bench/import_bench.py [--shared ../shared/corpora] [--out bench/import.json]

Three releases, imported into a fresh store in a temp folder, each timed from reading the files
to the commit: (1) the lex.uz late-2025 texts and the pravo.gov.ru codes (work identity of the
codes from tests/data/shared_release.json), (2) the 2026-07 JSONL of 25 acts (a generated
manifest dates them 2026-07-01 and names the works the first release does not hold), (3) the
Akoma Ntoso and BOE XML, (4) the DOCX files (a generated manifest gives each an identity and
a date, which DOCX does not carry). Reported figures are
the median of --repeat runs.
"""

from __future__ import annotations

import argparse
import csv
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest.importer import import_release  # noqa: E402
from lexsearch.store import Store  # noqa: E402
from lexsearch.uri import slug  # noqa: E402


def build_releases(shared: Path, tmp: Path) -> list[tuple[str, Path]]:
    r1 = tmp / "lexuz-2025-and-pravo"
    r1.mkdir()
    for p in sorted((shared / "uz/lexuz_uzlatn_raw_with_amendment_notes").glob("*.txt")) + \
            sorted((shared / "ru/pravo_gov_ru_ips_codes_html").glob("*.html")):
        (r1 / p.name).symlink_to(p)
    shutil.copy(ROOT / "tests/data/shared_release.json", r1 / "release.json")
    known = json.loads((r1 / "release.json").read_text(encoding="utf-8"))["files"]

    r2 = tmp / "tomaris-2026-07"
    r2.mkdir()
    src = shared / "uz/lexuz_uzlatn_clean_tomaris"
    (r2 / "manifest.csv").symlink_to(src / "manifest.csv")
    rows = {r["filename"].removesuffix(".txt"): r
            for r in csv.DictReader(open(src / "manifest.csv", encoding="utf-8"))}
    # the 2026-07 file of an act the first release holds -> that act's work
    same = {"fuqarolik_kodeksi_1qism": "Fuqarolik_Kodeksi.txt",
            "fuqarolik_protsessual_kodeksi": "Fuqarolik_Protsessual_Kodeksi.txt",
            "jinoyat_kodeksi": "Jinoyat_Kodeksi.txt", "konstitutsiya": "Konstitutsiya.txt",
            "mamuriy_javobgarlik_kodeksi": "Ma'muriy_Javobgarlik_Kodeksi.txt",
            "mamuriy_sud_ishlarni_yuritish_kodeksi": "Mamuriy_Sud_Ishlarini_Yuritish_Kodeksi.txt",
            "mehnat_kodeksi": "Mehnat_Kodeksi.txt", "oila_kodeksi": "Oila_Kodeksi.txt",
            "soliq_kodeksi": "Soliq_Kodeksi.txt", "yer_kodeksi": "Yer_Kodeksi.txt"}
    files = {}
    for p in sorted((src / "articles").glob("*.jsonl")):
        (r2 / p.name).symlink_to(p)
        if p.stem in same:
            uri = known[same[p.stem]]["work"]["uri"]
        else:  # no number in the source: a benchmark-only identity from the title
            subtype = "qonun" if p.stem.endswith("qonuni") else "kodeks"
            uri = f"/akn/uz/act/{subtype}/{rows[p.stem]['adopted']}/{slug(p.stem)}"
        files[p.name] = {"work": {"uri": uri}, "language": "uzb", "valid_from": "2026-07-01"}
    (r2 / "release.json").write_text(json.dumps({"files": files}, ensure_ascii=False), "utf-8")

    r3 = tmp / "xml-and-docx"
    r3.mkdir()
    xml = shared / "versioned_xml"
    picks = sorted((xml / "boe_es_consolidated").glob("*-texto.xml"))
    picks += sorted((xml / "legaldocml_de_akn").rglob("regelungstext-verkuendung-1.xml"))
    for n, p in enumerate(picks):
        (r3 / f"{n:02d}-{p.name}").symlink_to(p)

    # DOCX files carry no requisites: a benchmark-only identity and date for each (the one
    # empty .DOCX in the shared folder is left out: it is refused, as it should be)
    r4 = tmp / "docx"
    r4.mkdir()
    files = {}
    docs = sorted((shared / "docx").rglob("*.docx")) + sorted((shared / "docx").rglob("*.DOCX"))
    for p in docs:
        if p.stat().st_size == 0:
            continue
        (r4 / p.name).symlink_to(p)
        country = "cl" if "cl_congress" in str(p) else "ru"
        files[p.name] = {"work": {"uri": f"/akn/{country}/act/doc/2026-01-01/{slug(p.stem)[:60]}"},
                         "valid_from": "2026-01-01"}
    (r4 / "release.json").write_text(json.dumps({"files": files}, ensure_ascii=False), "utf-8")
    return [("lexuz-2025 + pravo.gov.ru", r1), ("tomaris 2026-07 JSONL", r2),
            ("Akoma Ntoso + BOE", r3), ("DOCX", r4)]


def size_of(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.iterdir() if p.suffix not in (".json", ".csv"))


def run_once(shared: Path) -> list[dict]:
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        releases = build_releases(shared, tmp)
        store = Store(tmp / "var")
        for name, folder in releases:
            before = store.stats()["provisions"]
            start = time.perf_counter()
            report = import_release(store, [folder])
            seconds = time.perf_counter() - start
            provisions = store.stats()["provisions"] - before
            mb = size_of(folder) / 1e6
            out.append({"release": name, "files": len(report.works) or None,
                        "errors": report.errors, "provisions": provisions, "mb": round(mb, 2),
                        "seconds": seconds})
        store.close()
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "corpora")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "import.json")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    runs = [run_once(args.shared) for _ in range(args.repeat)]
    rows = []
    for i, first in enumerate(runs[0]):
        secs = statistics.median(r[i]["seconds"] for r in runs)
        rows.append({**first, "seconds": round(secs, 3),
                     "provisions_per_s": round(first["provisions"] / secs),
                     "mb_per_s": round(first["mb"] / secs, 2)})
    total_p = sum(r["provisions"] for r in rows)
    total_mb = sum(r["mb"] for r in rows)
    total_s = sum(r["seconds"] for r in rows)
    result = {"releases": rows, "total": {"provisions": total_p, "mb": round(total_mb, 2),
                                          "seconds": round(total_s, 3),
                                          "provisions_per_s": round(total_p / total_s),
                                          "mb_per_s": round(total_mb / total_s, 2)},
              "repeat": args.repeat, "machine": "2 cores, 24 GB (see README)"}
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", "utf-8")
    print("| release | files | provisions | MB | s | provisions/s | MB/s | errors |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows + [{"release": "**total**", "files": "", "errors": [], **result["total"]}]:
        print(f"| {r['release']} | {r['files']} | {r['provisions']} | {r['mb']} | {r['seconds']} "
              f"| {r['provisions_per_s']} | {r['mb_per_s']} | {len(r['errors'])} |")


if __name__ == "__main__":
    main()
