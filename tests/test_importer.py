"""The release importer on the real sample corpus: all or nothing, idempotent, clear errors."""

import json
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CORPORA, ROOT
from store_backends import dump

from ingest.importer import import_release
from lexsearch.cli import main
from lexsearch.store import Store

LABOUR = "/akn/uz/act/kodeks/2022-10-28/orq-798"
UZ2025 = CORPORA / "uz-lexuz-2025"
UZ2026 = CORPORA / "uz-lexuz-2026-07"
pytestmark = pytest.mark.usefixtures("store_backend")  # every test on SQLite and PostgreSQL


def run(data_dir, *args):
    result = CliRunner().invoke(main, ["--data", str(data_dir), *args])
    return result


@pytest.fixture(scope="module")
def labour_store(tmp_path_factory, store_backend):
    """Both Labour Code texts, each as its own release (with their manifests)."""
    data = tmp_path_factory.mktemp("labour")
    release = data / "r2025"
    release.mkdir()
    shutil.copy(UZ2025 / "Mehnat_Kodeksi.txt", release)
    manifest = json.loads((UZ2025 / "release.json").read_text(encoding="utf-8"))
    manifest["files"] = {"Mehnat_Kodeksi.txt": manifest["files"]["Mehnat_Kodeksi.txt"]}
    (release / "release.json").write_text(json.dumps(manifest, ensure_ascii=False), "utf-8")
    assert run(data / "var", "import", "--no-index", str(release)).exit_code == 0
    release2 = data / "r2026"
    release2.mkdir()
    for name in ("mehnat_kodeksi.jsonl", "manifest.csv"):
        shutil.copy(UZ2026 / name, release2)
    manifest = json.loads((UZ2026 / "release.json").read_text(encoding="utf-8"))
    manifest["files"] = {"mehnat_kodeksi.jsonl": manifest["files"]["mehnat_kodeksi.jsonl"]}
    (release2 / "release.json").write_text(json.dumps(manifest, ensure_ascii=False), "utf-8")
    assert run(data / "var", "import", "--no-index", str(release2)).exit_code == 0
    return data / "var"


def test_two_texts_of_the_labour_code_are_one_work_with_two_editions(labour_store):
    store = Store(labour_store, readonly=True)
    editions = store.editions(LABOUR)
    assert [e.valid_from for e in editions][-1] == "2026-07-01"
    assert len(editions) == 2
    first = editions[0].valid_from
    assert "2025-01-01" <= first < "2026-07-01"
    # show --as-of picks the edition in force on either side of the second edition's date
    out = run(labour_store, "show", LABOUR, "--as-of", "2026-06-30", "--format", "json")
    assert json.loads(out.output)["edition"]["valid_from"] == first
    out = run(labour_store, "show", LABOUR, "--as-of", "2026-07-01", "--format", "json")
    assert json.loads(out.output)["edition"]["valid_from"] == "2026-07-01"
    out = run(labour_store, "show", LABOUR, "--as-of", "2020-01-01")
    assert out.exit_code != 0 and "in force on 2020-01-01" in out.output


def test_show_text_prints_article_39(labour_store):
    out = run(labour_store, "show", f"{LABOUR}/uzb@2026-07-01")
    assert out.exit_code == 0
    assert "39-modda. Ijtimoiy sheriklik taraflari" in out.output
    assert "-sonli Qonuni tahririda" not in out.output  # the 2026 text has no notes


def test_notes_are_history_not_text(labour_store):
    store = Store(labour_store, readonly=True)
    first = store.editions(LABOUR)[0]
    art39 = store.provision(first, "art_39")
    assert "tahririda" not in art39.text
    gazettes = {n["gazette"] for n in store.notes(first, "art_39")}
    assert {"03/25/1030/0144", "03/23/880/0905"} <= gazettes


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory, store_backend):
    data = tmp_path_factory.mktemp("sample") / "var"
    result = run(data, "import", "--json", "--no-index", str(UZ2025), str(UZ2026),
                 str(CORPORA / "uz-multi"), str(CORPORA / "ru-pravo"))
    assert result.exit_code == 0, result.output
    return data, json.loads(result.output)


def test_sample_corpus_imports_with_zero_errors(sample_store):
    _, report = sample_store
    assert report["errors"] == []
    by_file = {w["file"]: w for w in report["works"]}
    assert len(by_file) == 22
    assert by_file["Mehnat_Kodeksi.txt"]["articles"] == 581
    assert by_file["Shaxsiy_Malumotlar_Qonuni.txt"]["uri"] == "/akn/uz/act/qonun/2019-07-02/orq-547"
    for w in report["works"]:
        assert set(w) >= {"uri", "title", "language", "editions", "articles", "notes", "warnings"}
        assert w["articles"] > 0 or w["uri"].split("/")[4] in ("pq", "vmq"), w["file"]  # points
    # 78 note lines ending in a gazette reference plus the closing publication list
    assert by_file["Mehnat_Kodeksi.txt"]["notes"] >= 78
    assert by_file["mehnat_kodeksi.jsonl"]["notes"] == 0


def test_reimport_is_idempotent(sample_store):
    data, _ = sample_store
    before = dump(data)
    result = run(data, "import", "--json", "--no-index", str(UZ2025), str(UZ2026),
                 str(CORPORA / "uz-multi"), str(CORPORA / "ru-pravo"))
    assert result.exit_code == 0
    report = json.loads(result.output)
    assert report["changed"] is False and report["batch"] is None
    assert all(w["new_editions"] == [] for w in report["works"])
    assert dump(data) == before
    assert "already imported" in run(data, "import", "--no-index", str(UZ2026)).output


def test_stats_counts(sample_store):
    data, _ = sample_store
    stats = json.loads(run(data, "stats", "--json").output)
    # 12 Uzbek acts (in up to three languages, two with a second edition) + 2 Russian codes
    assert stats["works"] == 14
    assert stats["editions"] == 23
    assert stats["by_language"] == {"rus": 7, "uzb": 13, "uzb-Cyrl": 3}
    assert stats["works_by_country"] == {"ru": 2, "uz": 12}


def test_dry_run_writes_nothing(tmp_path):
    result = run(tmp_path / "var", "import", "--dry-run", "--json", str(UZ2026))
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["dry_run"] and report["changed"]
    assert json.loads(run(tmp_path / "var", "stats", "--json").output)["editions"] == 0


def _release(tmp_path, files: dict[str, bytes], manifest: dict | None = None) -> Path:
    folder = tmp_path / "release"
    folder.mkdir()
    for name, data in files.items():
        (folder / name).write_bytes(data)
    if manifest is not None:
        (folder / "release.json").write_text(json.dumps(manifest), encoding="utf-8")
    return folder


def test_one_bad_file_fails_the_whole_release_and_changes_nothing(labour_store, tmp_path):
    before = dump(labour_store)
    good = (UZ2025 / "Shaxsiy_Malumotlar_Qonuni.txt").read_bytes()
    folder = _release(tmp_path, {"a_good.txt": good, "b_empty.txt": b""})
    result = run(labour_store, "import", "--json", str(folder))
    assert result.exit_code == 1
    errors = json.loads(result.output)["errors"]
    assert len(errors) == 1 and errors[0]["file"].endswith("b_empty.txt")
    assert dump(labour_store) == before


@pytest.mark.parametrize("manifest, field", [
    ({"files": {"missing.txt": {}}}, "files.missing.txt"),
    ({"files": {"a.txt": {"valid_from": "2026-13-01"}}}, "files.a.txt.valid_from"),
    ({"files": {"a.txt": {"language": "xx"}}}, "files.a.txt.language"),
    ({"files": {"a.txt": {"work": {"uri": "/akn/uz/act"}}}}, "files.a.txt.work.uri"),
    ({"files": {"a.txt": {"colour": "red"}}}, "files.a.txt"),
    ({"files": []}, "files"),
])
def test_bad_manifest_names_the_field(tmp_path, manifest, field):
    good = (UZ2025 / "Shaxsiy_Malumotlar_Qonuni.txt").read_bytes()
    folder = _release(tmp_path, {"a.txt": good}, manifest)
    report = import_release(Store(tmp_path / "var"), [folder])
    assert not report.ok
    assert report.errors[0]["field"] == field
    assert report.errors[0]["file"].endswith("release.json")


def test_unknown_work_asks_for_the_manifest(tmp_path):
    folder = _release(tmp_path, {"jsonl.jsonl": (UZ2026 / "konstitutsiya.jsonl").read_bytes()})
    report = import_release(Store(tmp_path / "var"), [folder])
    assert not report.ok
    assert "release.json" in report.errors[0]["message"]


def test_zip_release_imports_like_the_folder(tmp_path):
    archive = tmp_path / "release.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in ("mehnat_kodeksi.jsonl", "manifest.csv", "release.json"):
            data = (UZ2026 / name).read_bytes()
            if name == "release.json":
                m = json.loads(data)
                m["files"] = {"mehnat_kodeksi.jsonl": m["files"]["mehnat_kodeksi.jsonl"]}
                data = json.dumps(m, ensure_ascii=False).encode()
            zf.writestr(name, data)
    report = import_release(Store(tmp_path / "var"), [archive])
    assert report.ok, report.errors
    assert report.works[0]["uri"] == LABOUR and report.works[0]["articles"] == 581


@pytest.mark.parametrize("member", ["../evil.txt", "/etc/evil.txt", "a/../../evil.txt"])
def test_zip_with_escaping_paths_is_refused(tmp_path, member):
    archive = tmp_path / "bad.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr(member, (UZ2025 / "Talim_Qonuni.txt").read_bytes())
    report = import_release(Store(tmp_path / "var"), [archive])
    assert not report.ok
    assert report.errors[0]["file"].endswith("bad.zip")
    assert not (tmp_path / "evil.txt").exists()


def test_zip_bomb_is_refused_before_unpacking(tmp_path):
    archive = tmp_path / "bomb.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("bomb.txt", b"\0" * (50 * 1024 * 1024))
    report = import_release(Store(tmp_path / "var"), [archive])
    assert not report.ok and "zip bomb" in report.errors[0]["message"]


def test_truncated_zip_is_refused(tmp_path):
    archive = tmp_path / "cut.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("Talim_Qonuni.txt", (UZ2025 / "Talim_Qonuni.txt").read_bytes())
    archive.write_bytes(archive.read_bytes()[:2000])
    report = import_release(Store(tmp_path / "var"), [archive])
    assert not report.ok and report.errors[0]["file"].endswith("cut.zip")


def test_oversized_manifest_is_refused(tmp_path):
    good = (UZ2025 / "Talim_Qonuni.txt").read_bytes()
    folder = _release(tmp_path, {"a.txt": good})
    with open(folder / "release.json", "wb") as fh:  # sparse: 17 MB of nothing
        fh.truncate(17 * 1024 * 1024)
    report = import_release(Store(tmp_path / "var"), [folder])
    assert not report.ok
    assert report.errors[0]["file"].endswith("release.json")
    assert "limit" in report.errors[0]["message"]


def test_a_repeal_without_a_new_edition_lands_and_reaches_the_index(tmp_path):
    """The Education law was first known as in force (a manifest says so); the next release
    brings the same text whose lex.uz header says it was repealed on 24.09.2020. No edition is
    new, but the repeal must be stored, reported and searchable by status."""
    talim = "/akn/uz/act/qonun/1997-08-29/464-i"
    first, second = tmp_path / "r1", tmp_path / "r2"
    for release in (first, second):
        release.mkdir()
        shutil.copy(UZ2025 / "Talim_Qonuni.txt", release)
    (first / "release.json").write_text(json.dumps(
        {"files": {"Talim_Qonuni.txt": {"work": {"status": "in_force"}}}}), "utf-8")
    data = tmp_path / "var"
    assert run(data, "import", str(first)).exit_code == 0
    with Store(data, readonly=True) as store:
        assert store.work(talim).status == "in_force"

    result = run(data, "import", "--json", str(second))
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["changed"] and report["batch"] == 2
    assert [(w["uri"], w["updated"], w["new_editions"]) for w in report["works"]] == \
        [(talim, True, [])]
    with Store(data, readonly=True) as store:
        work = store.work(talim)
        assert (work.status, work.repealed_on) == ("repealed", "2020-09-24")
        assert store.changed_since(1) == {talim: {"uzb"}}
    hits = json.loads(run(data, "search", "taʼlim", "--json").output)["hits"]
    assert hits and {h["work"] for h in hits} == {talim}
    from lexsearch.search import Searcher

    with Searcher(data) as s:
        assert s.search("taʼlim", status="repealed", limit=1).total > 0
        assert s.search("taʼlim", status="in_force", limit=1).total == 0

    again = run(data, "import", str(second))
    assert again.exit_code == 0 and "already imported: nothing changed" in again.output


# ---- uz_multi: every folder imports with its shipped manifest (tests/data/manifests/) --------
MANIFESTS = Path(__file__).resolve().parent / "data" / "manifests"
UZ_MULTI_FOLDERS = ("codes_pdf_2020", "labour_code_2022_by_article", "lexuz_cyrl_text",
                    "lexuz_html", "lexuz_recent_2026_01", "qonunlar_data", "ru_docx_2025")


def test_every_uz_multi_folder_has_a_manifest_naming_every_file(shared):
    folders = sorted(p.name for p in (shared / "uz_multi").iterdir() if p.is_dir())
    assert folders == sorted(UZ_MULTI_FOLDERS)
    for name in folders:
        manifest = json.loads((MANIFESTS / f"{name}.json").read_text(encoding="utf-8"))
        root = shared / "uz_multi" / name
        files = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
        assert set(manifest["files"]) == files, name


@pytest.mark.slow
@pytest.mark.parametrize("name", UZ_MULTI_FOLDERS)
def test_uz_multi_folder_imports_with_zero_errors(shared, tmp_path, name):
    report = import_release(Store(tmp_path / "var"), [shared / "uz_multi" / name],
                            manifest=MANIFESTS / f"{name}.json")
    print(json.dumps({"folder": name, "errors": report.errors,
                      "works": [{k: w[k] for k in ("file", "uri", "language", "editions",
                                                   "articles", "warnings_total")}
                                for w in report.works],
                      "alignment": [{k: a[k] for k in ("uri", "language", "missing_total")}
                                    for a in report.alignment]}, ensure_ascii=False))
    assert report.errors == []
    assert report.works and all(w["articles"] or w["uri"].split("/")[4] in (
        "pq", "vmq", "buyruq", "qaror") for w in report.works)


def test_files_in_three_languages_join_one_work_through_the_register(shared, tmp_path):
    """No manifest: the lex.uz Latin text (its header names no number), the Russian Word text
    (no number, no date) and the Cyrillic lex.uz text of a code join their works by title,
    in any language and script; the report aligns the expressions by eId."""
    folder = tmp_path / "release"
    folder.mkdir()
    for src in ("uz/lexuz_uzlatn_raw_with_amendment_notes/Mehnat_Kodeksi.txt",
                "uz_multi/ru_docx_2025/labour.docx",
                "uz/lexuz_uzlatn_raw_with_amendment_notes/Ma'muriy_Javobgarlik_Kodeksi.txt",
                "uz_multi/lexuz_cyrl_text/mamuriy_javobgarlik_kodeksi_cyrl.txt"):
        shutil.copy(shared / src, folder)
    store = Store(tmp_path / "var")
    report = import_release(store, [folder])
    assert report.ok, report.errors
    uris = {w["file"]: w["uri"] for w in report.works}
    assert uris["Mehnat_Kodeksi.txt"] == uris["labour.docx"] == LABOUR
    mjtk = "/akn/uz/act/kodeks/1994-09-22/2015-xii"
    assert uris["Ma'muriy_Javobgarlik_Kodeksi.txt"] == mjtk
    assert uris["mamuriy_javobgarlik_kodeksi_cyrl.txt"] == mjtk
    assert store.languages(LABOUR) == ["rus", "uzb"]
    assert sorted(store.languages(mjtk)) == ["uzb", "uzb-Cyrl"]
    rows = {(a["uri"], a["language"]): a for a in report.alignment}
    assert set(rows) == {(LABOUR, "rus"), (LABOUR, "uzb"), (mjtk, "uzb"), (mjtk, "uzb-Cyrl")}
    labour_rus = rows[(LABOUR, "rus")]
    assert labour_rus["compared_with"] == {"uzb": store.editions(LABOUR, "uzb")[-1].valid_from}
    # measured: 581 articles in both Labour Code texts, 648 in both MJtK scripts, no gaps
    assert {k: a["missing_total"] for k, a in rows.items()} == dict.fromkeys(rows, 0)
    assert {w["file"]: w["articles"] for w in report.works}["labour.docx"] == 581


def test_a_gap_between_expressions_is_listed(shared, tmp_path):
    """The Cyrillic map stops at article 578: its row lists 579-581 as held by Russian."""
    folder = tmp_path / "release"
    folder.mkdir()
    shutil.copy(shared / "uz_multi/labour_code_2022_by_article/lex_base.json", folder)
    shutil.copy(shared / "uz/lexuz_uzlatn_raw_with_amendment_notes/Mehnat_Kodeksi.txt", folder)
    (folder / "release.json").write_text(json.dumps({"files": {"lex_base.json": {
        "work": {"uri": LABOUR}, "valid_from": "2023-04-30", "format": "article-map"}}}))
    result = run(tmp_path / "var", "import", "--json", "--no-index", str(folder))
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    rows = {a["language"]: a for a in report["alignment"] if a["uri"] == LABOUR}
    assert set(rows) == {"rus", "uzb", "uzb-Cyrl"}
    assert rows["uzb-Cyrl"]["missing"]["uzb"][-3:] == ["art_579", "art_580", "art_581"]
    assert rows["uzb-Cyrl"]["compared_with"]["rus"] == "2023-04-30"
    counted = rows["uzb-Cyrl"]["missing_counts"]["uzb"]
    text = run(tmp_path / "var2", "import", "--no-index", str(folder)).output  # the CLI report
    assert (f"languages {LABOUR}  uzb-Cyrl@2023-04-30 lacks {counted} articles of uzb@"
            in text), text


@pytest.mark.slow
def test_the_2020_pdf_text_is_an_earlier_edition_of_the_2025_lexuz_text(shared, tmp_path):
    """The Family Code in Uzbek Latin: the 2020 chapter PDFs (shipped manifest) and the 2025
    lex.uz text (the shared manifest) are two editions of one work."""
    store = Store(tmp_path / "var")
    lexuz = json.loads((ROOT / "tests/data/shared_release.json").read_text(encoding="utf-8"))
    release = _release(tmp_path, {"Oila_Kodeksi.txt": (
        shared / "uz/lexuz_uzlatn_raw_with_amendment_notes/Oila_Kodeksi.txt").read_bytes()},
        {"files": {"Oila_Kodeksi.txt": lexuz["files"]["Oila_Kodeksi.txt"]}})
    first = import_release(store, [release])
    assert first.ok, first.errors
    manifest = json.loads((MANIFESTS / "codes_pdf_2020.json").read_text(encoding="utf-8"))
    manifest["files"] = {k.removeprefix("family/lat/"): v for k, v in manifest["files"].items()
                         if k.startswith("family/lat/")}  # keys relative to the folder imported
    (tmp_path / "m.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    second = import_release(store, [shared / "uz_multi/codes_pdf_2020/family/lat"],
                            manifest=tmp_path / "m.json")
    assert second.ok, second.errors
    family = "/akn/uz/act/kodeks/1998-04-30/607-i"
    (work,) = second.works
    assert work["uri"] == family and not work["new_work"]
    dates = [e.valid_from for e in store.editions(family, "uzb")]
    assert len(dates) == 2 and dates[0] < "2021-01-01" < dates[1]
