"""A work printed as several files (one PDF per chapter, in folders per section) becomes ONE
edition: parts grouped by work and language, ordered by ``part`` or by the leading numbers of
folder and file names, their lines recognised once."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from ingest.importer import import_release
from ingest.manifest import FileEntry
from ingest.parts import common_folder, group, ordered
from lexsearch.errors import InputError
from lexsearch.store import Store

CODE_1995 = "/akn/uz/act/kodeks/1995-12-21/161-i"


@dataclass
class Part:
    path: Path
    rel: str
    root: Path
    entry: FileEntry | None


def _parts(root: Path, entry_of=lambda rel: FileEntry(work={"uri": CODE_1995}, language="rus")):
    rels = sorted(p.relative_to(root).as_posix() for p in root.rglob("*.pdf"))
    return [Part(root / r, r, root, entry_of(r)) for r in rels]


def test_name_order_is_by_leading_numbers_of_folders_and_files(shared):
    root = shared / "uz_multi/codes_pdf_2020/criminal/kir"
    rels = [p.rel for p in ordered(_parts(root))]
    assert rels[0].startswith("1.I.БИРИНЧИ БЎЛИМ") and "/1.1-боб" in rels[0]
    assert "/2.2-боб" in rels[1]
    sections = [int(r.split(".")[0]) for r in rels if not r.startswith("Вторая часть")]
    assert sections == sorted(sections)  # 1., 2., … 7. (not 1, 10, 2 …)
    second = [i for i, r in enumerate(rels) if r.startswith("Вторая часть")]
    assert second == list(range(len(rels) - len(second), len(rels)))  # unnumbered folder last
    assert rels.index(next(r for r in rels if "/5.20.1-боб" in r)) == \
        rels.index(next(r for r in rels if "/4.20-боб" in r)) + 1


def test_name_order_is_natural(shared):
    rels = [p.rel for p in ordered(_parts(shared / "uz_multi/codes_pdf_2020/labour_1995/kir"))]
    assert [r.split(".")[0] for r in rels] == [str(n) for n in range(1, 17)]


def test_entries_of_one_work_and_language_group_and_others_stay_alone(shared):
    root = shared / "uz_multi/codes_pdf_2020/llc_law"
    langs = {"kir": "uzb-Cyrl", "rus": "rus"}
    items = _parts(root, lambda rel: FileEntry(work={"uri": "/akn/uz/act/qonun/2001-12-06/310-ii"},
                                               language=langs[rel.split("/")[0]]))
    items.append(Part(root / "x", "x.pdf", root, None))
    groups = group(items)
    assert sorted(len(g) for g in groups) == [1, 7, 7]
    assert sorted(common_folder([p.rel for p in g]) for g in groups if len(g) > 1) == ["kir",
                                                                                        "rus"]


def test_part_numbers_missing_or_twice_are_errors(shared):
    root = shared / "uz_multi/codes_pdf_2020/labour_1995/rus"
    items = _parts(root, lambda rel: FileEntry(work={"uri": CODE_1995}, language="rus",
                                               part=1 if rel.startswith("1.") else None))
    with pytest.raises(InputError) as info:
        ordered(items)
    assert info.value.field.startswith("files.") and info.value.field.endswith(".part")
    twice = _parts(root, lambda rel: FileEntry(work={"uri": CODE_1995}, language="rus", part=1))
    with pytest.raises(InputError, match="given twice"):
        ordered(twice)


@pytest.mark.slow
def test_part_numbers_decide_the_order_of_the_edition(shared, tmp_path):
    """The 1995 Labour Code in Russian, 16 chapter PDFs numbered backwards by ``part``: one
    edition whose first article is the last chapter's."""
    root = shared / "uz_multi/codes_pdf_2020/labour_1995/rus"
    rels = [p.rel for p in ordered(_parts(root))]
    files = {r: {"work": {"uri": CODE_1995, "number": "161-I"}, "language": "rus",
                 "format": "pdf", "part": len(rels) - n} for n, r in enumerate(rels)}
    manifest = tmp_path / "m.json"
    manifest.write_text(json.dumps({"files": files}, ensure_ascii=False), encoding="utf-8")
    store = Store(tmp_path / "var")
    report = import_release(store, [root], manifest=manifest)
    assert report.ok, report.errors
    (work,) = report.works
    assert work["file"] == f"{rels[-1]} ({len(rels)} parts)"  # the first part, then the count
    (edition,) = store.editions(CODE_1995)
    articles = [p for p in store.provisions(edition, with_text=False) if p.kind == "article"]
    first, last = articles[0].num, articles[-1].num
    assert int(first.split(".")[0].split("-")[0]) > int(last.split(".")[0].split("-")[0])


@pytest.mark.slow
def test_without_language_the_folder_names_it(shared, tmp_path):
    """Entries that name the work but no language: the kir/ and rus/ folders make two editions,
    not one edition of both."""
    root = shared / "uz_multi/codes_pdf_2020/llc_law"
    uri = "/akn/uz/act/qonun/2001-12-06/310-ii"
    files = {p.relative_to(root).as_posix(): {"work": {"uri": uri}}
             for p in root.rglob("*.pdf")}
    manifest = tmp_path / "m.json"
    manifest.write_text(json.dumps({"files": files}, ensure_ascii=False), encoding="utf-8")
    store = Store(tmp_path / "var")
    report = import_release(store, [root], manifest=manifest)
    assert report.ok, report.errors
    assert sorted(w["language"] for w in report.works) == ["rus", "uzb-Cyrl"]
    assert sorted(store.languages(uri)) == ["rus", "uzb-Cyrl"]
