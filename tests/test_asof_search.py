"""Search as of a date uses the point-in-time reasoning (lexsearch.search.asof over
lexsearch.pointintime.as_of), and Uzbek acts come first for the same words (jurisdiction).

Every as-of case was read in the note text of corpora/uz-lexuz-2025 (quoted, shortened):
- Soliq_Kodeksi.txt line 3949, under art. 266.1: "(2661-modda … 2022-yil 30-dekabrdagi
  OʻRQ-812-sonli Qonuniga asosan kiritilgan — …, 31.12.2022-y. … — 2023-yil 1-yanvardan kuchga
  kiradi)": the article did not exist in June 2020, it did in January 2024;
- line 1418, under art. 97: "(97-modda … 2024-yil 21-fevraldagi OʻRQ-911-sonli Qonuniga asosan
  oʻn uchinchi qism bilan toʻldirilgan — …, 22.02.2024-y.)": on 1 January 2024 the article
  existed in other words; its OʻRQ-741 note (30.12.2021) is before that date;
- Mehnat_Kodeksi.txt line 324, under art. 39: "(39-moddaning ikkinchi qismi … 2025-yil
  13-fevraldagi OʻRQ-1030-sonli Qonuni tahririda — …, 14.02.2025-y.)"; the OʻRQ-880 note of
  29.11.2023 is before 1 January 2024. The Russian text (lex_base.json, 2023-04-30) was in force.
The only stored Tax Code edition is of 2025-10-20, the Uzbek Latin Labour Code's of 2025-11-12:
before them the search used to find nothing of either act.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from search_corpus import corpus_data
from web_fixtures import LABOUR_CODE, TAX_CODE, html

from lexsearch.cli import main
from lexsearch.pointintime import as_of
from lexsearch.search.service import Searcher

EDUCATION_LAW = "/akn/uz/act/qonun/1997-08-29/464-i"  # repealed on 2020-09-24
CRIMINAL_CODE = "/akn/uz/act/kodeks/1994-09-22/2012-xii"
ART_266_1 = "Guvohnomasining amal qilishi toʻxtatib turilgan"  # words of art. 266.1
ART_97 = "Soliqlarni toʻlash muddatlarini oʻzgartirishning umumiy shartlari"  # its heading
ART_39 = "Ijtimoiy sheriklik taraflari"  # the heading of Labour Code art. 39


@pytest.fixture(scope="module", params=["tantivy", "whoosh"])
def searcher(request):
    with Searcher(corpus_data(), request.param) as s:
        yield s


def hits(result) -> dict[tuple[str, str | None], dict | None]:
    return {(h.work, h.eid): h.point_in_time for h in result.hits}


def acts(pit: dict) -> set[str]:
    return {x["act_number"] for x in pit["evidence"]}


def test_a_provision_added_later_is_not_found_before_it_existed(searcher):
    before = searcher.search(ART_266_1, as_of="2020-06-01", limit=50)
    assert (TAX_CODE, "art_266.1") not in hits(before)
    assert TAX_CODE in {h.work for h in before.hits}  # the act was there, with its other articles
    after = hits(searcher.search(ART_266_1, as_of="2024-01-01", limit=10))
    pit = after[(TAX_CODE, "art_266.1")]
    assert pit["status"] == "same" and not pit["exact"]  # the 2025 text: nearest edition held
    assert pit["edition_valid_from"] == "2025-10-20" and pit["date"] == "2024-01-01"


def test_a_provision_changed_later_says_so_with_the_act(searcher):
    pit = hits(searcher.search(ART_97, as_of="2024-01-01", limit=10))[(TAX_CODE, "art_97")]
    assert pit["status"] == "changed" and acts(pit) == {"OʻRQ-911"}
    assert all(x["in_force_from"] > "2024-01-01" for x in pit["evidence"])
    assert searcher.search(ART_97, limit=10).hits[0].point_in_time is None  # no date asked


def test_the_edition_in_force_is_the_text_then_the_nearest_one_is_marked(searcher):
    uzb = hits(searcher.search(ART_39, as_of="2024-01-01", lang="uzb", limit=10))
    assert uzb[(LABOUR_CODE, "art_39")]["status"] == "changed"
    assert acts(uzb[(LABOUR_CODE, "art_39")]) == {"OʻRQ-1030"}
    rus = hits(searcher.search("Стороны социального партнерства", as_of="2024-01-01",
                               lang="rus", limit=10))
    pit = rus[(LABOUR_CODE, "art_39")]
    assert pit["exact"] and pit["edition_valid_from"] == "2023-04-30"
    assert pit["status"] == "same"


def test_an_act_not_yet_in_force_or_repealed_has_no_provision_in_force(searcher):
    # the Labour Code of 28.10.2022 entered into force on 30.04.2023
    assert LABOUR_CODE not in {h.work for h in searcher.search(
        ART_39, as_of="2023-01-01", limit=50).hits}
    assert (LABOUR_CODE, "art_39") in hits(searcher.search(ART_39, as_of="2023-05-01",
                                                           limit=10))
    # the education law of 1997 (edition of 2018) was repealed on 24.09.2020
    assert (EDUCATION_LAW, "art_31") in hits(searcher.search("Taʼlimni moliyalash",
                                                             as_of="2019-01-01", limit=10))
    later = searcher.search("Taʼlimni moliyalash", as_of="2021-01-01", limit=50)
    assert not any(h.work == EDUCATION_LAW and h.eid for h in later.hits)
    assert (EDUCATION_LAW, "art_31") in hits(searcher.search("Taʼlimni moliyalash", limit=10))


def test_hits_and_counts_agree_with_the_one_shared_function(searcher):
    """Every hit's status is ``as_of``'s; the total counts exactly the hits that remain (the
    Tax Code's 18 provisions of later insertions -- chapters 64.1, 71.1, 72, art. 266.1 … --
    are not among them)."""
    result = searcher.search("soliq", as_of="2020-06-01", limit=1000, type="kodeks",
                             lang="uzb", ranking="legacy")
    assert 500 < result.total < 1000 and len(result.hits) == result.total
    added = as_of(searcher.store, TAX_CODE, "2020-06-01", "uzb").not_in_force()
    assert len(added) == 18 and not {(TAX_CODE, eid) for eid in added} & set(hits(result))
    assert len(searcher.search("soliq", as_of="2024-01-01", limit=1000, type="kodeks",
                               lang="uzb", ranking="legacy").hits) > result.total
    pits = {}
    for h in result.hits:
        if h.eid is None:
            continue
        pit = pits.get((h.work, h.lang)) or pits.setdefault(
            (h.work, h.lang), as_of(searcher.store, h.work, "2020-06-01", h.lang))
        assert pit.in_force(h.eid), (h.work, h.eid)
        assert h.point_in_time["status"] == pit.statuses[h.eid].status
    assert sum(result.facets["work"].values()) == result.total


def test_statuses_only_for_the_works_in_the_hits():
    with Searcher(corpus_data(), "tantivy") as fresh:
        result = fresh.search("aylanmadan olinadigan soliq", as_of="2020-06-01", limit=10)
        computed = fresh.asof.computed()
        assert computed and {work for work, _day, _lang in computed} <= \
            set(result.facets["work"])
        assert len(computed) < len(fresh.store.works())
        again = fresh.search("aylanmadan olinadigan soliq", as_of="2020-06-01", limit=10,
                             offset=10)
        assert fresh.asof.computed() == computed and again.total == result.total  # cached


# ---- jurisdiction ---------------------------------------------------------------------
# "загрязнение вод": the Uzbek Criminal Code art. 196 ("Загрязнение или порча земель,
# загрязнение вод или атмосферного воздуха…", uz-multi/criminal.docx) and the Russian
# Federation's Water Codes (corpora/ru-pravo) have the same words.
SAME_WORDS = "загрязнение вод"


def test_uzbek_act_first_for_the_same_words(searcher):
    default = searcher.search(SAME_WORDS, limit=10)
    assert (default.hits[0].work, default.hits[0].eid) == (CRIMINAL_CODE, "art_196")
    assert any(h.work.startswith("/akn/ru/") for h in default.hits)  # found, after it
    assert set(default.facets["country"]) == {"uz", "ru"}
    everything = searcher.search(SAME_WORDS, limit=10, jurisdiction="all")
    assert everything.total == default.total
    russian = searcher.search(SAME_WORDS, limit=10, jurisdiction="ru")
    assert russian.hits and all(h.work.startswith("/akn/ru/") for h in russian.hits)
    assert russian.total == default.facets["country"]["ru"]


def test_search_page_has_the_jurisdiction_facet(web_client):
    doc = html(web_client.get(f"/search?q={SAME_WORDS}&ui=en"))
    first = doc.xpath("string(//section[@class='hit-group'][1]/h2/a/@href)")
    assert first == CRIMINAL_CODE
    facet = doc.xpath("//aside[@class='facets']/section[h2='Jurisdiction']")[0]
    labels = [a.text for a in facet.xpath(".//a")]
    assert labels == ["Uzbekistan", "Russian Federation"]
    counts = [int(c) for c in facet.xpath(".//span[@class='count']/text()")]
    assert sum(counts) == int(doc.xpath("string(//p[@class='total'])").split()[0])
    href = facet.xpath(".//a[.='Russian Federation']/@href")[0]
    assert "jurisdiction=ru" in href
    chosen = html(web_client.get(href))
    groups = chosen.xpath("//section[@class='hit-group']/h2")
    assert groups and all(g.xpath("string(a/@href)").startswith("/akn/ru/") for g in groups)
    assert all(g.xpath("string(span[@class='country'])") == "Russian Federation"
               for g in groups)
    assert chosen.xpath("//aside//section[h2='Jurisdiction']//strong/text()") == [
        "Russian Federation"]


@pytest.mark.parametrize("query, status", [("jurisdiction=ru", 200), ("country=ru", 200),
                                           ("jurisdiction=all", 200), ("country=rus", 400),
                                           ("jurisdiction=<x>", 400), ("page=", 400)])
def test_api_search_takes_the_jurisdiction(web_client, query, status):
    resp = web_client.get(f"/api/v1/search?q={SAME_WORDS}&{query}")
    assert resp.status_code == status, resp.get_data(as_text=True)[:200]
    if status == 200 and query.endswith("ru"):
        assert set(resp.get_json()["facets"]["country"]) == {"ru"}


def test_page_and_api_show_the_status_on_the_date(web_client):
    api = web_client.get(f"/api/v1/search?q={ART_97}&as_of=2024-01-01").get_json()
    pit = next(h["point_in_time"] for h in api["hits"] if h["eid"] == "art_97")
    assert pit["status"] == "changed" and acts(pit) == {"OʻRQ-911"}
    doc = html(web_client.get(f"/search?q={ART_97}&as_of=2024-01-01&ui=en"))
    item = doc.xpath("//li[a[contains(@href, '#art_97')]]")[0]
    assert "as_of=2024-01-01" in item.xpath("string(a/@href)")
    status = item.xpath(".//p[contains(@class, 'asof-hit')]")[0]
    assert status.get("data-status") == "changed"
    assert "Changed later" in status.text_content() and "OʻRQ-911" in status.text_content()
    assert "nearest edition" in status.text_content() and "2025-10-20" in status.text_content()


def test_cli_says_the_status_and_takes_the_jurisdiction():
    data = str(corpus_data())
    out = CliRunner().invoke(main, ["--data", data, "search", "--as-of", "2024-01-01",
                                    "--limit", "3", ART_97])
    assert out.exit_code == 0, out.output
    assert f"{TAX_CODE}/~art_97" in out.output
    assert ("as of 2024-01-01: changed (OʻRQ-911 in force 2024-02-22); text of the nearest "
            "edition held, 2025-10-20") in out.output
    ru = CliRunner().invoke(main, ["--data", data, "search", "--jurisdiction", "ru", "--json",
                                   SAME_WORDS])
    assert ru.exit_code == 0 and '"/akn/uz/' not in ru.output and '"/akn/ru/' in ru.output
    bad = CliRunner().invoke(main, ["--data", data, "search", "--jurisdiction", "russia", "x"])
    assert bad.exit_code == 2 and "--jurisdiction" in bad.output
