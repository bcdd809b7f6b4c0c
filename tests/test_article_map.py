"""JSON article maps ({article: text}, {article: {ru, uz}}) on the real files of
``../shared/corpora/uz_multi``; the reflow of PDF-extracted entries; which JSON is an act."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from ingest.article_map import json_format, map_shape, read_article_map
from ingest.formats import detect, is_ignored
from ingest.importer import import_release
from ingest.manifest import FileEntry
from ingest.reflow import reflow
from lexsearch.errors import InputError
from lexsearch.store import Store

LABOUR = "uz_multi/labour_code_2022_by_article"
TAX = "uz_multi/qonunlar_data/SoliqKodeks.json"
ACCOUNTING = "uz_multi/qonunlar_data/BuxgalteriyaHisobi.json"


def articles(edition):
    return [p for p in edition.provisions if p.kind == "article"]


def summary(doc) -> dict:
    """What a golden file keeps of a big map: every article number, every container, the
    first articles and notes in full, the warnings."""
    return {"source": doc.source, "work": doc.work, "format": doc.format, "editions": [{
        "lang": e.lang, "valid_from": e.valid_from, "gazette": e.gazette,
        "produced_by": e.produced_by, "article_nums": [p.num for p in articles(e)],
        "containers": [(p.eid, p.heading, p.parent) for p in e.provisions if p.kind != "article"],
        "first_articles": articles(e)[:3], "notes": len(e.notes), "first_notes": e.notes[:4],
        "has_previous": sum(p.has_previous for p in e.provisions)} for e in doc.editions],
        "warnings": [str(w) for w in doc.warnings]}


def test_labour_code_uzbek_latin(shared):
    doc = read_article_map(shared / LABOUR / "law_base_uz.json")
    (edition,) = doc.editions
    arts = articles(edition)
    assert (edition.lang, len(arts)) == ("uzb", 581)
    assert [a.num for a in arts] == [str(n) for n in range(1, 582)]
    by_eid = {p.eid: p for p in edition.provisions}
    # the headings that open section II trail article 33's entry: they open article 34
    assert by_eid["art_34"].parent == "chp_4" and by_eid["chp_4"].parent == "sec_2"
    assert by_eid["chp_4"].heading == "Umumiy qoidalar"
    assert by_eid["art_1"].heading == "Ushbu Kodeks bilan tartibga solinadigan munosabatlar"
    assert "II BOʻLIM" not in by_eid["art_33"].text
    # the closing publication list of article 581 dates the edition
    assert (edition.valid_from, edition.gazette) == ("2025-12-09", "03/25/1101/1135")
    assert [n.gazette for n in edition.notes][:2] == ["02/22/798/0972", "03/23/829/0208"]


def test_labour_code_russian(shared):
    (edition,) = read_article_map(shared / LABOUR / "law_base_ru.json").editions
    arts = articles(edition)
    assert (edition.lang, len(arts)) == ("rus", 581)
    assert arts[0].heading == "Отношения, регулируемые настоящим Кодексом"


def test_two_languages_in_one_file(shared):
    doc = read_article_map(shared / LABOUR / "lex_base.json")
    by_lang = {e.lang: e for e in doc.editions}
    assert sorted(by_lang) == ["rus", "uzb-Cyrl"]
    uz = articles(by_lang["uzb-Cyrl"])
    # 578 entries; the Uzbek text of 417-419 is empty in the file
    assert len(uz) == 575 and {"417", "418", "419"}.isdisjoint(a.num for a in uz)
    assert uz[0].heading == "Ушбу Кодекс билан тартибга солинадиган муносабатлар"
    assert uz[0].text.startswith("Ушбу Кодекс ходимлар, иш берувчилар ва давлат манфаатларининг "
                                 "мувозанатини таъминлаш ҳамда")
    assert len(articles(by_lang["rus"])) == 578
    # dated by the official page footer "QMMB: 02/22/798/0972-son 29.10.2022-y."
    assert (by_lang["uzb-Cyrl"].valid_from, by_lang["uzb-Cyrl"].gazette) == (
        "2022-10-29", "02/22/798/0972")
    assert not any("QMMB" in p.text for p in by_lang["uzb-Cyrl"].provisions)
    assert any("uzb-Cyrl: 3 articles of the other languages missing: 417, 418, 419" in str(w)
               for w in doc.warnings)


def test_tax_code_headings_rebuilt_from_keys(shared):
    doc = read_article_map(shared / TAX)
    (edition,) = doc.editions
    keys = json.loads((shared / TAX).read_text(encoding="utf-8"))
    assert len(keys) == 479
    arts = articles(edition)
    by_num = {a.num: a for a in arts}
    # 477 keyed articles (326 and 331 hold only text split off a citation) and 21 with a
    # superscript the scraper lost ("121 -modda." inside entry 121 is 121¹)
    assert len(arts) == 498
    assert sum("¹" in n or "²" in n or "³" in n or "⁴" in n or "⁵" in n or "⁶" in n
               or "⁷" in n for n in by_num) == 21
    assert by_num["1"].heading == ("Oʻzbekiston Respublikasining Soliq kodeksi bilan tartibga "
                                   "solinadigan munosabatlar")
    assert by_num["121¹"].heading == ("Soliq qarzini undirishni soliq toʻlovchining debitorlik "
                                      "qarziga qaratish")
    assert by_num["121¹"].eid == "art_121.1"
    # a hard-wrapped note is one note again
    note = next(n for n in edition.notes if n.eid == "art_2")
    assert (note.action, note.act.number, note.gazette) == ("wording", "OʻRQ-683",
                                                            "03/21/683/0375")
    assert len(edition.notes) > 900
    assert sum(p.has_previous for p in edition.provisions) > 300
    assert not any("Oldingi tahrirga qarang" in p.text for p in edition.provisions)
    # "… Kodeksning 163-moddasida …" split by the scraper: glued back into article 160
    assert "ushbu Kodeksning 163-moddasida nazarda tutilgan tartibda kuchga kiradi" in \
        re.sub(r"\s+", " ", by_num["160"].text)
    order = [tuple(int(x) for x in a.eid[4:].split(".")) for a in arts]
    assert order == sorted(order)


def test_accounting_law_drops_the_approving_act(shared):
    doc = read_article_map(shared / ACCOUNTING)
    arts = articles(doc.editions[0])
    assert [a.num for a in arts] == [str(n) for n in range(1, 33)]
    by_num = {a.num: a for a in arts}
    assert by_num["3"].heading == "Buxgalteriya hisobining asosiy prinsiplari"
    assert by_num["2"].heading == "Buxgalteriya hisobi toʻgʻrisidagi qonunchilik"
    assert not any("KARIMOV" in a.text for a in arts)
    assert any("text of the approving act dropped" in str(w) for w in doc.warnings)


def test_manifest_entry_gives_the_work(shared):
    entry = FileEntry(work={"uri": "/akn/uz/act/kodeks/2019-12-30/orq-599", "title": "Soliq kodeksi"},
                      language="uzb", valid_from="2026-07-01")
    doc = read_article_map(shared / ACCOUNTING, entry)
    assert doc.work.uri == "/akn/uz/act/kodeks/2019-12-30/orq-599"
    assert doc.editions[0].valid_from == "2026-07-01"
    assert not any("names no work" in str(w) for w in doc.warnings)
    bare = read_article_map(shared / ACCOUNTING)
    assert any("names no work" in str(w) for w in bare.warnings)


@pytest.mark.parametrize("name,path", [
    ("json/law_base_uz", f"{LABOUR}/law_base_uz.json"),
    ("json/law_base_ru", f"{LABOUR}/law_base_ru.json"),
    ("json/lex_base", f"{LABOUR}/lex_base.json"),
    ("json/SoliqKodeks", TAX),
    ("json/BuxgalteriyaHisobi", ACCOUNTING),
])
def test_golden(shared, golden, name, path):
    golden(name, summary(read_article_map(shared / path)))


# Real lines: SoliqKodeks.json "soliq-2" and "soliq-4"; lex_base.json "2" (uz).
@pytest.mark.parametrize("lines,expected", [
    (["Soliq to", "ʻgʻrisidagi qonunchilik", "Soliq toʻgʻrisidagi qonunchilik ushbu Kodeksdan va "
      "qabul qilinishi ushbu Kodeksda", "toʻgʻridan-toʻgʻri nazarda tutilgan boshqa "
      "normativ-huquqiy hujjatlardan iborat."],
     ["Soliq toʻgʻrisidagi qonunchilik", "Soliq toʻgʻrisidagi qonunchilik ushbu Kodeksdan va "
      "qabul qilinishi ushbu Kodeksda toʻgʻridan-toʻgʻri nazarda tutilgan boshqa "
      "normativ-huquqiy hujjatlardan iborat."]),
    (["Soliq to", "ʻgʻrisidagi qonunchilikning vaqt bo", "ʻ", "yicha amal qilishi"],
     ["Soliq toʻgʻrisidagi qonunchilikning vaqt boʻyicha amal qilishi"]),
    (["Heading", "Matn.", "(2-modda Oʻzbekiston Respublikasining 2021-yil 21-apreldagi "
      "OʻRQ-683-sonli Qonuni tahririda —", "Qonunchilik maʼlumotlari milliy bazasi, "
      "21.04.2021-y., 03/21/683/0375-son)", "Oldingi tahrirga qarang."],
     ["Heading", "Matn.", "(2-modda Oʻzbekiston Respublikasining 2021-yil 21-apreldagi "
      "OʻRQ-683-sonli Qonuni tahririda — Qonunchilik maʼlumotlari milliy bazasi, "
      "21.04.2021-y., 03/21/683/0375-son)", "Oldingi tahrirga qarang."]),
    (["2-модда. Ушбу Кодекснинг асосий вазифалари", "", "мелодия;", "QMMB: 02/22/798/0972-son "
      "29.10.2022-y.", "", "2"],
     ["2-модда. Ушбу Кодекснинг асосий вазифалари мелодия;"]),
])
def test_reflow(lines, expected):
    assert reflow(lines, width=100) == expected


def test_a_short_line_before_a_capital_ends_the_paragraph():
    # SoliqKodeks.json "soliq-163": the rest of article 160, then article 163's heading
    lines = ["Heading", "qisman ijro etish huquqidan mahrum etmaydi.",
             "Shikoyat qilinganda soliq organlari qarorlarini ijro etish",
             "Soliq tekshiruvi natijalari boʻyicha qabul qilingan soliq organining qarori ustidan "
             "shikoyat", "qilinganda, bunday qaror kuchga kiradi."]
    assert reflow(lines, width=100)[-2:] == [
        "Shikoyat qilinganda soliq organlari qarorlarini ijro etish",
        "Soliq tekshiruvi natijalari boʻyicha qabul qilingan soliq organining qarori ustidan "
        "shikoyat qilinganda, bunday qaror kuchga kiradi."]


# -- which JSON is an act ---------------------------------------------------------------------

@pytest.mark.parametrize("path,fmt", [
    (f"{LABOUR}/law_base_uz.json", "article-map"),
    (f"{LABOUR}/law_base_ru.json", "article-map"),
    (f"{LABOUR}/lex_base.json", "article-map"),
    (TAX, "article-map"),
    (ACCOUNTING, "article-map"),
    ("uz_multi/qonunlar_data/standartlarFar.json", "lexuz-json"),
    ("uz_multi/lexuz_recent_2026_01/7987564.json", "lexuz-json"),
    ("uz_multi/lexuz_recent_2026_01/7985737.json", "lexuz-json"),
])
def test_real_json_acts_are_detected(shared, path, fmt):
    assert detect(shared / path) == fmt
    assert not is_ignored(shared / path)


@pytest.mark.parametrize("name,content", [
    ("release.json", {"release": "gazette 2026-07", "files": {"a.txt": {"language": "uzb"}}}),
    ("manifest.json", {"release": "x", "files": {"law_base_uz.json": {"language": "uzb"}}}),
    ("notes.json", {"author": "someone", "tags": ["inbox"], "count": 3}),
    ("list.json", [{"1": "1-modda. Matn"}]),
    ("numbers.json", {"1": 1, "2": 2}),
    ("empty.json", {}),
    ("broken.json", None),
])
def test_other_json_is_not_an_act(tmp_path, name, content):
    path = tmp_path / name
    path.write_text("{not json" if content is None else json.dumps(content), encoding="utf-8")
    assert is_ignored(path)
    if name != "broken.json":
        assert json_format(path) is None
    with pytest.raises(InputError, match=re.escape(name)):
        detect(path)


def test_shapes():
    assert map_shape({"1": "1-modda. A", "2": "2-modda. B"}) == "article-map"
    assert map_shape({"1": {"ru": "Статья 1. А", "uz": "1-модда. А"}}) == "article-map"
    assert map_shape({f"standart-{n}": "bir satr" for n in range(1, 30)}) == "line-map"
    assert map_shape({"id": "1", "content": "…", "url": "https://lex.uz/docs/1"}) == "lexuz-page"
    assert map_shape({"1": {"de": "Artikel 1"}}) is None
    assert map_shape({"article one": "text"}) is None


def test_manifest_naming_an_unknown_json_shape_is_a_clear_error(tmp_path):
    folder = tmp_path / "release"
    folder.mkdir()
    (folder / "data.json").write_text(json.dumps({"records": [1, 2, 3]}), encoding="utf-8")
    (folder / "release.json").write_text(json.dumps({"release": "t", "files": {"data.json": {
        "work": {"uri": "/akn/uz/act/qonun/2020-01-01/orq-1"}, "language": "uzb",
        "valid_from": "2020-01-01"}}}), encoding="utf-8")
    report = import_release(Store(tmp_path / "var"), [folder])
    assert not report.ok
    (error,) = report.errors
    assert error["file"].endswith("data.json")
    assert "JSON of no known act shape" in error["message"]


def test_bad_article_map_names_the_field(tmp_path):
    path = tmp_path / "map.json"
    path.write_text(json.dumps({"1": {"ru": "Статья 1. А", "uz": 5}}), encoding="utf-8")
    with pytest.raises(InputError, match=r"map\.json \[1\.uz\]: article text must be a string"):
        read_article_map(path)
    path.write_text(json.dumps({str(n): f"{n}-modda. A\nMatn." for n in range(1, 20)} | {"20": 7}),
                    encoding="utf-8")
    with pytest.raises(InputError, match=r"map\.json \[20\]"):
        read_article_map(path)
    path.write_text('{"1": "1-modda. A",\n "2": ', encoding="utf-8")
    with pytest.raises(InputError, match=r"map\.json:2.*not valid JSON"):
        read_article_map(path)


def test_hostile_json_is_refused_cleanly(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    with pytest.raises(InputError, match=r"deep\.json: JSON nested too deeply"):
        read_article_map(path)
    assert is_ignored(path)
    path.write_bytes(b'{"1": "1-modda. \xff"}')
    with pytest.raises(InputError, match=r"deep\.json:1: not valid UTF-8"):
        read_article_map(path)


def test_folder_imports_with_the_shipped_manifest(shared, tmp_path):
    """The three labour code maps join one work: rus, uzb and (with Russian) uzb-Cyrl."""
    manifest = Path(__file__).parent / "data" / "manifests" / "labour_code_2022_by_article.json"
    with Store(tmp_path / "var") as store:
        report = import_release(store, [shared / LABOUR], manifest=manifest, dry_run=True)
    assert report.ok, report.errors
    rows = {w["file"]: w for w in report.works}
    assert {w["uri"] for w in rows.values()} == {"/akn/uz/act/kodeks/2022-10-28/orq-798"}
    assert (rows["law_base_uz.json"]["articles"], rows["law_base_ru.json"]["articles"]) == (
        581, 581)
    assert not any("names no work" in m for w in rows.values() for m in w["warnings"])
