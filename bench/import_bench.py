"""Import throughput on the whole shared corpus, per format and per release.

    .venv/bin/python bench/import_bench.py [--shared ../shared/corpora] [--repeat 3]
    .venv/bin/python bench/import_bench.py --folders      # every folder, one store, a table

Every import reads the shared folders IN PLACE (they are read-only), with the manifests shipped
in tests/data/ (``import_release(..., manifest=...)``, what ``lexsearch import --manifest``
does): the lex.uz 2025 Latin texts and the pravo.gov.ru codes (tests/data/shared_release.json),
the uz_multi folders (tests/data/manifests/<folder>.json: Cyrillic lex.uz texts, a lex.uz HTML
page, lex.uz page JSON, article maps, the 2020 PDFs, the Russian Word texts), the 2026-07 JSONL
of 25 acts (a generated manifest dates them 2026-07-01 and names the works the first release
does not hold), the Akoma Ntoso and BOE XML, the foreign DOCX files (a generated manifest gives
each an identity and a date, which DOCX does not carry) and the English Civil Code. Each import
goes into a fresh store of its own and is timed from reading the files to the commit. Reported
seconds are the median of --repeat runs; provisions are those the import added to the store.
The per-format rows sum the imports of that format; the release rows keep the groups of the
earlier benchmark (lex.uz 2025 + pravo.gov.ru, tomaris JSONL, AKN + BOE, DOCX) and add one per
uz_multi folder.

``--folders`` instead imports EVERY folder of the shared corpus as it is (the whole folder, with
its shipped manifest when there is one) into one store and prints files, works, editions,
errors and warnings per folder: what a reader does with everything it is handed.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest.formats import is_ignored  # noqa: E402
from ingest.importer import import_release  # noqa: E402
from lexsearch.store import Store  # noqa: E402
from lexsearch.uri import slug  # noqa: E402

MANIFESTS = ROOT / "tests" / "data" / "manifests"
SHARED_RELEASE = ROOT / "tests" / "data" / "shared_release.json"


@dataclass
class Step:
    """One import: a format, the release it stands for, the paths and the manifest."""

    fmt: str
    release: str
    paths: list[Path]
    manifest: Path | None = None


def _files(paths: list[Path]) -> list[Path]:
    out = []
    for p in paths:
        if p.is_dir():  # a folder's documentation is not read; a file named outright is
            out.extend(f for f in sorted(p.rglob("*")) if f.is_file() and not is_ignored(f))
        else:
            out.append(p)
    return out


def _write_manifest(tmp: Path, name: str, files: dict) -> Path:
    path = tmp / f"{name}.json"
    path.write_text(json.dumps({"files": files}, ensure_ascii=False), "utf-8")
    return path


def _subset(tmp: Path, name: str, manifest: Path, folder: Path) -> Path:
    """The entries of ``manifest`` that name a file of ``folder`` (a manifest's keys must each
    name a file: shared_release.json covers two folders, imported here one at a time)."""
    files = json.loads(manifest.read_text(encoding="utf-8"))["files"]
    return _write_manifest(tmp, name, {k: v for k, v in files.items() if (folder / k).is_file()})


def _tomaris_manifest(shared: Path, tmp: Path) -> tuple[list[Path], Path]:
    src = shared / "uz/lexuz_uzlatn_clean_tomaris"
    known = json.loads(SHARED_RELEASE.read_text(encoding="utf-8"))["files"]
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
    paths = sorted((src / "articles").glob("*.jsonl"))
    files = {}
    for p in paths:
        if p.stem in same:
            uri = known[same[p.stem]]["work"]["uri"]
        else:  # no number in the source: a benchmark-only identity from the title
            subtype = "qonun" if p.stem.endswith("qonuni") else "kodeks"
            uri = f"/akn/uz/act/{subtype}/{rows[p.stem]['adopted']}/{slug(p.stem)}"
        files[p.name] = {"work": {"uri": uri}, "language": "uzb", "valid_from": "2026-07-01"}
    return paths, _write_manifest(tmp, "tomaris", files)


def _docx_manifest(shared: Path, tmp: Path) -> tuple[list[Path], Path]:
    # DOCX files carry no requisites: a benchmark-only identity and date for each (the one
    # empty .DOCX in the shared folder is left out: it is refused, as it should be)
    docs = [p for p in sorted((shared / "docx").rglob("*"))
            if p.suffix.lower() == ".docx" and p.stat().st_size > 0]
    files = {}
    for p in docs:
        country = "cl" if "cl_congress" in str(p) else "ru"
        files[p.name] = {"work": {"uri": f"/akn/{country}/act/doc/2026-01-01/{slug(p.stem)[:60]}"},
                         "valid_from": "2026-01-01"}
    return docs, _write_manifest(tmp, "docx", files)


def bench_steps(shared: Path, tmp: Path) -> list[Step]:
    uz = shared / "uz/lexuz_uzlatn_raw_with_amendment_notes"
    ru = shared / "ru/pravo_gov_ru_ips_codes_html"
    multi = shared / "uz_multi"

    def m(name: str) -> Step:
        return Step("", f"uz_multi/{name}", [multi / name], MANIFESTS / f"{name}.json")

    steps = [Step("lex.uz text (Latin)", "lexuz-2025 + pravo.gov.ru", [uz],
                  _subset(tmp, "uz", SHARED_RELEASE, uz)),
             Step("pravo.gov.ru HTML", "lexuz-2025 + pravo.gov.ru", [ru],
                  _subset(tmp, "ru", SHARED_RELEASE, ru))]
    for fmt, name in (("lex.uz text (Cyrillic)", "lexuz_cyrl_text"), ("lex.uz HTML", "lexuz_html"),
                      ("lex.uz page JSON", "lexuz_recent_2026_01"),
                      ("article-map JSON", "labour_code_2022_by_article"),
                      ("article-map JSON", "qonunlar_data"), ("PDF", "codes_pdf_2020"),
                      ("DOCX", "ru_docx_2025")):
        step = m(name)
        step.fmt = fmt
        steps.append(step)
    paths, manifest = _tomaris_manifest(shared, tmp)
    steps.append(Step("JSONL (tomaris)", "tomaris 2026-07 JSONL", paths, manifest))
    xml = shared / "versioned_xml"
    picks = sorted((xml / "boe_es_consolidated").glob("*-texto.xml"))
    picks += sorted((xml / "legaldocml_de_akn").rglob("regelungstext-verkuendung-1.xml"))
    steps.append(Step("AKN/BOE XML", "Akoma Ntoso + BOE", picks))
    paths, manifest = _docx_manifest(shared, tmp)
    steps.append(Step("DOCX", "DOCX", paths, manifest))
    # no manifest is shipped for it: the one tests/test_english_md.py imports it with
    english = _write_manifest(tmp, "en", {"civil_code_part1_en.md": {
        "work": {"uri": "/akn/uz/act/kodeks/1995-12-21/163-i"}, "language": "eng",
        "valid_from": "2025-05-08", "format": "english-md"}})
    steps.append(Step("English Markdown", "en", [shared / "en/civil_code_part1_en.md"], english))
    return steps


def pdf_pages(files: list[Path]) -> int:
    import pypdfium2
    total = 0
    for p in files:
        if p.suffix.lower() == ".pdf":
            doc = pypdfium2.PdfDocument(p)
            total += len(doc)
            doc.close()
    return total


def run_step(store: Store, step: Step) -> dict:
    before = store.stats()
    start = time.perf_counter()
    report = import_release(store, step.paths, manifest=step.manifest)
    seconds = time.perf_counter() - start
    after = store.stats()
    return {"seconds": seconds, "errors": report.errors,
            "warnings": sum(w["warnings_total"] for w in report.works),
            "works": after["works"] - before["works"],
            "editions": after["editions"] - before["editions"],
            "provisions": after["provisions"] - before["provisions"],
            "gaps": [f"{a['uri']} {a['language']}@{a['valid_from']} lacks "
                     + ", ".join(f"{n} of {lang}" for lang, n in a["missing_counts"].items())
                     for a in report.alignment if a["missing_total"]]}


def run_once(steps: list[Step]) -> list[dict]:
    """Each import into a fresh store of its own, as tests/test_importer.py imports each
    uz_multi folder: two of them hold the same edition (the Russian Labour Code of 2025-02-14,
    law_base_ru.json and labour.docx) with different structure, which one store refuses
    (see ``--folders``)."""
    out = []
    for step in steps:
        with tempfile.TemporaryDirectory() as tmp:
            store = Store(Path(tmp) / "var")
            try:
                out.append(run_step(store, step))
            finally:
                store.close()
    return out


def _rates(row: dict) -> dict:
    secs = row["seconds"]
    return {**row, "seconds": round(secs, 3), "mb": round(row["mb"], 2),
            "provisions_per_s": round(row["provisions"] / secs) if secs else None,
            "mb_per_s": round(row["mb"] / secs, 2) if secs else None}


def summarise(steps: list[Step], runs: list[list[dict]]) -> dict:
    per_step = []
    for i, step in enumerate(steps):
        files = _files(step.paths)
        first = runs[0][i]
        per_step.append({
            "format": step.fmt, "release": step.release,
            "import": ", ".join(p.name for p in step.paths) if len(step.paths) < 3
            else f"{len(step.paths)} files of {step.paths[0].parent.name}",
            "files": len(files), "pages": pdf_pages(files),
            "mb": sum(f.stat().st_size for f in files) / 1e6,
            "works": first["works"], "editions": first["editions"],
            "provisions": first["provisions"],
            "seconds": statistics.median(r[i]["seconds"] for r in runs),
            "errors": len(first["errors"]), "warnings": first["warnings"],
            "error_messages": [f"{e['file']}:{e['line']}: {e['message']}"
                               for e in first["errors"]][:20]})

    def group(key: str) -> list[dict]:
        out: dict[str, dict] = {}
        for row in per_step:
            g = out.setdefault(row[key], {key: row[key], "imports": 0, "files": 0, "pages": 0,
                                          "mb": 0.0, "provisions": 0, "seconds": 0.0,
                                          "errors": 0, "warnings": 0})
            g["imports"] += 1
            for k in ("files", "pages", "mb", "provisions", "seconds", "errors", "warnings"):
                g[k] += row[k]
        return [_rates(g) for g in out.values()]

    everything = {"files": 0, "pages": 0, "mb": 0.0, "provisions": 0, "seconds": 0.0,
                  "errors": 0, "warnings": 0}
    for row in per_step:
        for k in everything:
            everything[k] += row[k]
    return {"formats": group("format"), "releases": group("release"),
            "imports": [_rates(r) for r in per_step], "total": _rates(everything),
            "repeat": len(runs), "load_average": [round(x, 2) for x in os.getloadavg()],
            "machine": "2 cores, 24 GB, shared with other work (see README)"}


def print_table(rows: list[dict], key: str) -> None:
    print(f"| {key} | files | pages | MB | provisions | s | provisions/s | MB/s | errors "
          "| warnings |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r[key]} | {r['files']} | {r['pages'] or ''} | {r['mb']} | {r['provisions']} "
              f"| {r['seconds']} | {r['provisions_per_s']} | {r['mb_per_s']} | {r['errors']} "
              f"| {r['warnings']} |")


def every_folder(shared: Path) -> list[tuple[str, Path, Path | None]]:
    """Every folder of the shared corpus (a top folder's subfolders, or the top folder when it
    has none), with its shipped manifest if there is one."""
    out = []
    for top in sorted(p for p in shared.iterdir() if p.is_dir()):
        subs = sorted(p for p in top.iterdir() if p.is_dir())
        for folder in subs or [top]:
            rel = folder.relative_to(shared).as_posix()
            manifest = MANIFESTS / f"{folder.name}.json"
            if top.name == "uz_multi" and manifest.is_file():
                out.append((rel, folder, manifest))
            elif rel in ("uz/lexuz_uzlatn_raw_with_amendment_notes",
                         "ru/pravo_gov_ru_ips_codes_html"):
                out.append((rel, folder, SHARED_RELEASE))
            else:
                out.append((rel, folder, None))
    return out


def import_every_folder(shared: Path) -> list[dict]:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "var")
        for rel, folder, manifest in every_folder(shared):
            if manifest == SHARED_RELEASE:
                manifest = _subset(Path(tmp), slug(rel), SHARED_RELEASE, folder)
            done = run_step(store, Step("", rel, [folder], manifest))
            rows.append({
                **done, "folder": rel, "manifest": manifest.name if manifest else None,
                "files": sum(1 for p in folder.rglob("*") if p.is_file()),
                "acts": len(_files([folder])), "seconds": round(done["seconds"], 1),
                "errors": [f"{e['file']}:{e['line']}: {e['field'] or ''} {e['message']}"
                           for e in done["errors"]]})
        store.close()
    return rows


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "corpora")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "import.json")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--folders", action="store_true",
                    help="import every folder of the shared corpus into one store, print a table")
    args = ap.parse_args()
    if args.folders:
        rows = import_every_folder(args.shared)
        print(f"load average {os.getloadavg()}")
        print("| folder | manifest | files | act files | works | editions | errors | warnings "
              "| s |")
        print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
        for r in rows:
            print(f"| {r['folder']} | {r['manifest'] or '-'} | {r['files']} | {r['acts']} "
                  f"| {r['works']} | {r['editions']} | {len(r['errors'])} | {r['warnings']} "
                  f"| {r['seconds']} |")
        for r in rows:
            for e in r["errors"]:
                print(f"ERROR {r['folder']}: {e}")
        for r in rows:
            for g in r["gaps"]:
                print(f"GAP {r['folder']}: {g}")
        return
    with tempfile.TemporaryDirectory() as tmp:
        steps = bench_steps(args.shared, Path(tmp))
        runs = [run_once(steps) for _ in range(args.repeat)]
        result = summarise(steps, runs)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", "utf-8")
    print(f"median of {args.repeat} run(s); load average {result['load_average']}")
    print_table(result["formats"] + [{"format": "**total**", **result["total"]}], "format")
    print()
    print_table(result["releases"], "release")
    for r in result["imports"]:
        for e in r["error_messages"]:
            print(f"ERROR {r['release']}: {e}")


if __name__ == "__main__":
    main()
