"""Point in time from the real amendment notes of the Tax Code (corpora/uz-lexuz-2025/
Soliq_Kodeksi.txt, one edition of 2025-10-20) and the Labour Code (Mehnat_Kodeksi.txt of
2025-11-12 with notes, mehnat_kodeksi.jsonl of 2026-07-01 without). Every case below was read
in the note text; the note is quoted (shortened) beside the case."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from web_fixtures import LABOUR_CODE, TAX_CODE, html

from lexsearch.cli import main
from lexsearch.errors import NotFound
from lexsearch.history import Event
from lexsearch.pointintime import Evidence, _status, _timing, as_of
from lexsearch.store import Store


@pytest.fixture(scope="module")
def store(web_data):
    s = Store(web_data, readonly=True)
    yield s
    s.close()


def _acts(status) -> set[str]:
    return {x.event.act_number for x in status.evidence}


def _get(pit, eid):
    return pit.statuses.get(eid) or next(a for a in pit.absent if a.eid == eid)


# (work, date, eid, status, acts whose notes prove it)
CASES = [
    # Soliq_Kodeksi.txt has no note under art. 1 at all
    (TAX_CODE, "2024-01-01", "art_1", "same", set()),
    # "(22-modda … 2025-yil 21-avgustdagi OʻRQ-1083-sonli Qonuniga asosan toʻrtinchi va
    # beshinchi qismlar bilan toʻldirilgan — …, 22.08.2025-y.)": two parts added after the date,
    # the article itself existed. Its other note (OʻRQ-891, "2024-yil 1-yanvardan kuchga
    # kiradi") took effect ON the date, so it is not evidence of a later change.
    (TAX_CODE, "2024-01-01", "art_22", "changed", {"OʻRQ-1083"}),
    # "(97-modda … OʻRQ-911 … 22.02.2024-y.)" (thirteenth part added after the date)
    (TAX_CODE, "2024-01-01", "art_97", "changed", {"OʻRQ-911"}),
    # "(2661-modda … 2022-yil 30-dekabrdagi OʻRQ-812-sonli Qonuniga asosan kiritilgan — …,
    # 31.12.2022-y. … — 2023-yil 1-yanvardan kuchga kiradi)": in force before 2024, absent 2020
    (TAX_CODE, "2024-01-01", "art_266.1", "same", set()),
    (TAX_CODE, "2020-06-01", "art_266.1", "added", {"OʻRQ-812"}),
    # "(324-modda … 2025-yil 17-apreldagi OʻRQ-1057-sonli Qonuniga asosan oʻz kuchini
    # yoʻqotgan …)": printed under art. 323 (lex.uz prints no heading for a repealed article);
    # it is art. 324's, not art. 323's
    (TAX_CODE, "2024-01-01", "art_324", "repealed", {"OʻRQ-1057"}),
    (TAX_CODE, "2024-01-01", "art_323", "same", set()),
    # "(72-bob … 2020-yil 1-dekabrdagi OʻRQ-652-sonli Qonuniga asosan kiritilgan — …,
    # 02.12.2020-y. … — 2020-yil 1-martdan eʼtiboran yuzaga keladigan munosabatlarga nisbatan
    # ham tatbiq etiladi)": the chapter and its articles were inserted on 2 December 2020;
    # the retroactive application from 1 March does not put the text there in June
    (TAX_CODE, "2020-06-01", "chp_72", "added", {"OʻRQ-652"}),
    (TAX_CODE, "2020-06-01", "art_481", "added", {"OʻRQ-652"}),
    # "(337-moddaning sakkizinchi — oʻn beshinchi qismlari … OʻRQ-1014 … 26.12.2024-y. …
    # Kuchga kirish sanasi — 2025-yil 1-yanvar)": published before 31 Dec, in force after;
    # OʻRQ-1013 of the same day "2024-yil 1-yanvardan eʼtiboran … tatbiq etiladi" changed the
    # text on publication (26 Dec), so it is not evidence on 31 Dec
    (TAX_CODE, "2024-12-31", "art_337", "changed", {"OʻRQ-1014"}),
    # Labour Code: "(39-moddaning ikkinchi qismi … OʻRQ-1030-sonli Qonuni tahririda — …,
    # 14.02.2025-y.)"; the OʻRQ-880 note (29.11.2023) is before the date
    (LABOUR_CODE, "2024-01-01", "art_39", "changed", {"OʻRQ-1030"}),
    (LABOUR_CODE, "2024-01-01", "art_1", "same", set()),
    # "(100-moddaning ikkinchi qismi … OʻRQ-1070 … 24.06.2025-y. … Kuchga kirish sanasi —
    # 2025-yil 25-sentabr)": deferred, so still the old wording on 1 July, the new on 1 October
    (LABOUR_CODE, "2025-07-01", "art_100", "changed", {"OʻRQ-1070"}),
    (LABOUR_CODE, "2025-10-01", "art_100", "same", set()),
]


@pytest.mark.parametrize("work, day, eid, status, acts", CASES)
def test_hand_checked_statuses(store, work, day, eid, status, acts):
    got = _get(as_of(store, work, day), eid)
    assert (got.status, _acts(got)) == (status, acts)


def test_nearest_edition_when_none_was_in_force(store):
    pit = as_of(store, TAX_CODE, "2024-01-01")
    assert pit.edition.valid_from == "2025-10-20" and not pit.exact and pit.act_in_force
    assert pit.in_force("art_22") and pit.in_force("art_266.1")
    early = as_of(store, TAX_CODE, "2020-06-01")
    assert not early.in_force("art_266.1")  # as-of search leaves it out


def test_a_container_insertion_covers_its_articles_a_title_note_does_not(store):
    pit = as_of(store, TAX_CODE, "2020-06-01")
    via = {x.via for x in pit.statuses["art_483"].evidence}
    assert "chp_72" in via and pit.statuses["art_483"].status == "added"
    # "(29-bobning nomi … OʻRQ-683 … 21.04.2021-y.)": the chapter's title only
    assert pit.statuses["chp_29"].status == "changed"
    inside = [p.eid for p in store.provisions(pit.edition, with_text=False)
              if p.parent == "chp_29"]
    assert inside and all(
        "chp_29" not in {x.via for x in pit.statuses[e].evidence} for e in inside)


def test_labour_code_editions(store):
    exact = as_of(store, LABOUR_CODE, "2026-01-01")  # the 2025-11-12 edition was in force
    assert exact.exact and exact.edition.valid_from == "2025-11-12"
    assert exact.counts()["same"] == len(exact.statuses)
    before = as_of(store, LABOUR_CODE, "2023-01-01")  # adopted 2022-10-28, in force 2023-04-30
    assert not before.act_in_force and set(s.status for s in before.statuses.values()) == {
        "added"}
    with pytest.raises(NotFound, match="in force on 2020-01-01"):
        as_of(store, LABOUR_CODE, "2020-01-01")


def test_a_note_without_a_date_is_unknown():
    raw = ("(39-moddaning ikkinchi qismi Oʻzbekiston Respublikasining OʻRQ-1030-sonli Qonuni "
           "tahririda)")  # the Labour Code note with its dates cut off
    event = Event("art_39", "wording", "ikkinchi qismi", "qonun", "OʻRQ-1030", None, None,
                  None, None, None, raw, "x")
    assert _timing(event, "2024-01-01") == "unknown"
    assert _status([(Evidence(event, "unknown"), False)]) == "unknown"


def _page(client, work, day) -> dict[str, str]:
    doc = html(client.get(f"{work}?as_of={day}"))
    return {d.get("data-eid"): d.get("data-status")
            for d in doc.xpath("//div[contains(@class, 'asof-status')]")}


def _api(client, work, day) -> dict[str, str]:
    import jsonschema

    from web.openapi import spec

    data = client.get(f"/api/v1/pointintime?work={work}&as_of={day}").get_json()
    schema = {"$ref": "#/components/schemas/PointInTime", "components": spec()["components"]}
    jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator)  # as documented
    return {s["eid"]: s["status"] for s in data["statuses"]}


def _cli(client, work, day) -> dict[str, str]:
    data_dir = client.application.config["DATA_DIR"]
    out = CliRunner().invoke(main, ["--data", data_dir, "show", work, "--as-of", day,
                                    "--format", "json"])
    assert out.exit_code == 0, out.output
    return {s["eid"]: s["status"] for s in json.loads(out.output)["point_in_time"]["statuses"]}


@pytest.mark.parametrize("work, day", [(TAX_CODE, "2024-01-01"), (TAX_CODE, "2020-06-01"),
                                       (LABOUR_CODE, "2024-01-01")])
def test_page_api_and_cli_agree(web_client, store, work, day):
    want = {e: s.status for e, s in as_of(store, work, day).statuses.items()}
    assert {"changed"} <= set(want.values())
    for surface in (_page, _api, _cli):
        assert surface(web_client, work, day) == want, surface.__name__


def test_api_errors(web_client):
    assert web_client.get(f"/api/v1/pointintime?work={TAX_CODE}").status_code == 400
    assert web_client.get(
        f"/api/v1/pointintime?work={TAX_CODE}&as_of=1990-01-01").status_code == 404
