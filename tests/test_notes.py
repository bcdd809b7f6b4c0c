"""Amendment notes: real lines from the lex.uz corpus -> parsed fields."""

from __future__ import annotations

import pytest

from ingest.notes import note_subject, parse_note, parse_notes, parse_publication_list

# Every line below is copied from /work/shared/corpora/uz/lexuz_uzlatn_raw_with_amendment_notes/.
# (line, action, target, act number, act date, published, gazette, effective)
NOTES = [
    ("(39-moddaning ikkinchi qismi Oʻzbekiston Respublikasining 2025-yil 13-fevraldagi OʻRQ-1030-sonli Qonuni tahririda — Qonunchilik maʼlumotlari milliy bazasi, 14.02.2025-y., 03/25/1030/0144-son)",  # noqa: E501
     "wording", "ikkinchi qismi", "OʻRQ-1030", "2025-02-13", "2025-02-14", "03/25/1030/0144", None),
    ("(39-moddaning uchinchi qismi Oʻzbekiston Respublikasining 2023-yil 28-noyabrdagi OʻRQ-880-sonli Qonuni tahririda — Qonunchilik maʼlumotlari milliy bazasi, 29.11.2023-y., 03/23/880/0905-son)",  # noqa: E501
     "wording", "uchinchi qismi", "OʻRQ-880", "2023-11-28", "2023-11-29", "03/23/880/0905", None),
    ("(483-modda Oʻzbekiston Respublikasining 2024-yil 2-apreldagi OʻRQ-923-sonli Qonuniga asosan qirq oltinchi — qirq sakkizinchi qismlar bilan toʻldirilgan — Qonunchilik maʼlumotlari milliy bazasi, 03.04.2024-y., 03/24/923/0264-son — 2023-yil 1-iyuldan eʼtiboran yuzaga kelgan munosabatlarga nisbatan ham tatbiq etiladi)",  # noqa: E501
     "inserted", None, "OʻRQ-923", "2024-04-02", "2024-04-03", "03/24/923/0264", "2023-07-01"),
    ("(sakkizinchi boʻlimning 28, 29, 30-xatboshilari Oʻzbekiston Respublikasining 2002-yil 30-avgustdagi 405-II-sonli Qonuni bilan chiqarib tashlangan — Oliy Majlis Axborotnomasi, 2002-y., 9-son, 165-modda)",  # noqa: E501
     "removed", "sakkizinchi boʻlimning 28, 29, 30-xatboshilari", "405-II", "2002-08-30", None,
     "Oliy Majlis Axborotnomasi, 2002-y., 9-son, 165-modda", None),
    ("(37-moddaning beshinchi xatboshisi Oʻzbekiston Respublikasining 2003-yil 30-avgustdagi 535-II-son Qonuniga asosan chiqarib tashlangan — Oliy Majlis Axborotnomasi, 2003-y., 9-10-son, 149-modda)",  # noqa: E501
     "removed", "beshinchi xatboshisi", "535-II", "2003-08-30", None,
     "Oliy Majlis Axborotnomasi, 2003-y., 9-10-son, 149-modda", None),
    ("(187-modda Oʻzbekiston Respublikasining 2000-yil 15-dekabrdagi 175-II-son Qonuniga asosan chiqarildi — Oliy Majlis Axborotnomasi, 2001-y., 1-2-son, 23-modda)",  # noqa: E501
     "removed", None, "175-II", "2000-12-15", None,
     "Oliy Majlis Axborotnomasi, 2001-y., 1-2-son, 23-modda", None),
    ("(30-moddaning toʻrtinchi qismi Oʻzbekiston Respublikasining 2023-yil 25-dekabrdagi OʻRQ-889-sonli Qonuniga asosan 2024-yil 1-yanvardan chiqariladi — Qonunchilik maʼlumotlari milliy bazasi, 27.12.2023-y., 03/23/889/0978-son)",  # noqa: E501
     "removed", "toʻrtinchi qismi", "OʻRQ-889", "2023-12-25", "2023-12-27", "03/23/889/0978",
     "2024-01-01"),
    ("(17-moddaning ikkinchi qismi Oʻzbekiston Respublikasining 2021-yil 7-dekabrdagi OʻRQ-735-sonli Qonuniga asosan oʻz kuchini yoʻqotgan — Qonunchilik maʼlumotlari milliy bazasi, 07.12.2021-y., 03/21/735/1141-son)",  # noqa: E501
     "repealed", "ikkinchi qismi", "OʻRQ-735", "2021-12-07", "2021-12-07", "03/21/735/1141", None),
    ("(73-modda Oʻzbekiston Respublikasining 2025-yil 10-iyuldagi OʻRQ-1075-sonli Qonuniga asosan oʻz kuchini yoʻqotgan — Qonunchilik maʼlumotlari milliy bazasi, 11.07.2025-y., 03/25/1075/0597-son)",  # noqa: E501
     "repealed", None, "OʻRQ-1075", "2025-07-10", "2025-07-11", "03/25/1075/0597", None),
    ("(Oʻzbekiston Respublikasining 2025-yil 7-fevraldagi OʻRQ-1025-sonli Qonuniga asosan 63-moddaning oʻz kuchini yoʻqotish sanasi — 2025-yil 8-may — Qonunchilik maʼlumotlari milliy bazasi, 07.02.2025-y., 03/25/1025/0116-son)",  # noqa: E501
     "repealed", None, "OʻRQ-1025", "2025-02-07", "2025-02-07", "03/25/1025/0116", "2025-05-08"),
    ("(392-modda Oʻzbekiston Respublikasining 2023-yil 25-dekabrdagi OʻRQ-887-sonli Qonuniga asosan 2024-yil 1-yanvardan oʻz kuchini yoʻqotadi — Qonunchilik maʼlumotlari milliy bazasi, 26.12.2023-y., 03/23/887/0972-son)",  # noqa: E501
     "repealed", None, "OʻRQ-887", "2023-12-25", "2023-12-26", "03/23/887/0972", "2024-01-01"),
    ("(311-moddaning ikkinchi va uchinchi qismlari Oʻzbekiston Respublikasining 2022-yil 30 dekabrdagi OʻRQ-812-sonli Qonuniga asosan ikkinchi, uchinchi va toʻrtinchi qismlar bilan almashtirilgan — Qonunchilik maʼlumotlari milliy bazasi, 31.12.2022-y., 03/22/812/1145-son — 2023-yil 1-yanvardan kuchga kiradi)",  # noqa: E501
     "amended", "ikkinchi va uchinchi qismlari", "OʻRQ-812", "2022-12-30", "2022-12-31",
     "03/22/812/1145", "2023-01-01"),
    ("(145-moddaning ikkinchi qismi Oʻzbekiston Respublikasining 1998-yil 1-maydagi 621-I-son Qonuniga asosan ikkinchi va uchinchi qismlar bilan almashtirildi — Oliy Majlis Axborotnomasi, 1998-y., 5-6-son, 102-modda)",  # noqa: E501
     "amended", "ikkinchi qismi", "621-I", "1998-05-01", None,
     "Oliy Majlis Axborotnomasi, 1998-y., 5-6-son, 102-modda", None),
    ("(21-bob Oʻzbekiston Respublikasining 2025-yil 5-maydagi OʻRQ-1061-sonli Qonuniga asosan kiritilgan — Qonunchilik maʼlumotlari milliy bazasi, 05.05.2025-y., 03/25/1061/0409-son)",  # noqa: E501
     "inserted", "21-bob", "OʻRQ-1061", "2025-05-05", "2025-05-05", "03/25/1061/0409", None),
    ("(43-modda Oʻzbekiston Respublikasining 2015-yil 10-avgustdagi OʻRQ-389-sonli Qonuniga asosan “d1” band bilan toʻldirildi — OʻR QHT, 2015-y., 32-son, 425-modda)",  # noqa: E501
     "inserted", None, "OʻRQ-389", "2015-08-10", None, "OʻR QHT, 2015-y., 32-son, 425-modda", None),
    ("(3-modda Oʻzbekiston Respublikasining 2014-yil 4-sentabrdagi OʻRQ-373-sonli Qonuniga asosan xatboshi bilan toʻldirilgan — OʻR QHT, 2014-y., 36-son, 452-modda)",  # noqa: E501
     "inserted", None, "OʻRQ-373", "2014-09-04", None, "OʻR QHT, 2014-y., 36-son, 452-modda", None),
    ("(478-modda Oʻzbekiston Respublikasining 2023 yil 31 oktabrdagi OʻRQ-874-sonli Qonuniga asosan kiritilgan — Qonunchilik maʼlumotlari milliy bazasi, 01.11.2023-y., 03/23/874/0818-son)",  # noqa: E501
     "inserted", None, "OʻRQ-874", "2023-10-31", "2023-11-01", "03/23/874/0818", None),
    ("(40-moddaning beshinchi qismi Oʻzbekiston Respublikasining 2000-yil 15-dekabrdagi 175-II-son Qonuni tahririda— Oliy Majlis Axborotnomasi, 2001-y., 1-2-son, 23-modda)",  # noqa: E501
     "wording", "beshinchi qismi", "175-II", "2000-12-15", None,
     "Oliy Majlis Axborotnomasi, 2001-y., 1-2-son, 23-modda", None),
    ("(1862-modda Oʻzbekiston Respublikasining 25-apreldagi 2007-yil OʻRQ-93-sonli Qonuni bilan kiritilgan — OʻR QHT, 2007-y., 17-18-son, 171-modda)",  # noqa: E501
     "inserted", None, "OʻRQ-93", "2007-04-25", None, "OʻR QHT, 2007-y., 17-18-son, 171-modda", None),
    ("(333-moddaning ikkinchi qismi Oʻzbekiston Respublikasining 2017-yil 16-oktabrdagi OʻRQ-448-sonli Qonuni tahririda — Qonun hujjatlari maʼlumotlari milliy bazasi, 2017-y.)",  # noqa: E501
     "wording", "ikkinchi qismi", "OʻRQ-448", "2017-10-16", None,
     "Qonun hujjatlari maʼlumotlari milliy bazasi, 2017-y.", None),
    ("(1-bobning nomi Oʻzbekiston Respublikasining 2021-yil 21-apreldagi OʻRQ-683-sonli Qonuni tahririda — Qonunchilik maʼlumotlari milliy bazasi, 21.04.2021-y., 03/21/683/0375-son)",  # noqa: E501
     "wording", "1-bobning nomi", "OʻRQ-683", "2021-04-21", "2021-04-21", "03/21/683/0375", None),
    ("(sakkizinchi boʻlimning birinchi xatboshisi Oʻzbekiston Respublikasining 2019-yil 3-dekabrdagi OʻRQ-586-sonli Qonuni tahririda — Qonun hujjatlari maʼlumotlari milliy bazasi, 04.12.2019-y., 03/19/586/4106-son)",  # noqa: E501
     "wording", "sakkizinchi boʻlimning birinchi xatboshisi", "OʻRQ-586", "2019-12-03",
     "2019-12-04", "03/19/586/4106", None),
    ("(203-moddaning birinchi qismi Oʻzbekiston Respublikasining 2023-yil 6-maydagi OʻRQ-838-sonli Konstitutsiyaviy Qonuni tahririda — Qonunchilik maʼlumotlari milliy bazasi, 08.05.2023-y., 03/23/838/0257-son) )",  # noqa: E501
     "wording", "birinchi qismi", "OʻRQ-838", "2023-05-06", "2023-05-08", "03/23/838/0257", None),
    ("(46-modda Oʻzbekiston Respublikasining 1999-yil 20-avgust 832-I-sonli Qonuni bilan toʻrtinchi qism bilan toʻldirilgan — Oliy Majlis Axborotnomasi, 1999-y., 9-son, 229-modda)",  # noqa: E501
     "inserted", None, "832-I", "1999-08-20", None,
     "Oliy Majlis Axborotnomasi, 1999-y., 9-son, 229-modda", None),
    ("(5-modda birinchi qismining uchinchi xatboshisi Oʻzbekiston Respublikasining 2023-yil 25-dekabrdagi OʻRQ-889-sonli Qonuni tahririda — Qonunchilik maʼlumotlari milliy bazasi, 27.12.2023-y., 03/23/889/0978-son — 2024-yil 1-yanvardan kuchga kiradi)",  # noqa: E501
     "wording", "birinchi qismining uchinchi xatboshisi", "OʻRQ-889", "2023-12-25", "2023-12-27",
     "03/23/889/0978", "2024-01-01"),
    ("(38-modda Oʻzbekiston Respublikasining 1998-yil 25-dekabrdagi 729-I-son Qonuniga muvofiq uchinchi qism bilan toʻldirilgan — Oliy Majlis Axborotnomasi, 1999-y., 1-son, 20-modda)",  # noqa: E501
     "inserted", None, "729-I", "1998-12-25", None,
     "Oliy Majlis Axborotnomasi, 1999-y., 1-son, 20-modda", None),
    ("(1491, 1492 va 1493-moddalar Oʻzbekiston Respublikasining 2025-yil 8-avgustdagi OʻRQ-1080-sonli Qonuniga asosan kiritilgan — Qonunchilik maʼlumotlari milliy bazasi, 09.08.2025-y., 03/25/1080/0710-son. Kuchga kirish sanasi — 2025-yil 10-noyabr)",  # noqa: E501
     "inserted", "1491, 1492 va 1493-moddalar", "OʻRQ-1080", "2025-08-08", "2025-08-09",
     "03/25/1080/0710", "2025-11-10"),
    ("(1264-moddaning ikkinchi qismi Oʻzbekiston Respublikasining 2023-yil 25-dekabrdagi OʻRQ-889-sonli Qonuni tahririda — Qonunchilik maʼlumotlari milliy bazasi, 27.12.2023-y., 03/23/889/0978-son — 2024-yil 1-yanvardan kuchga kiradi)s",  # noqa: E501
     "wording", "ikkinchi qismi", "OʻRQ-889", "2023-12-25", "2023-12-27", "03/23/889/0978",
     "2024-01-01"),
]


@pytest.mark.parametrize(
    ("line", "action", "target", "number", "date", "published", "gazette", "effective"), NOTES)
def test_parse_note(line, action, target, number, date, published, gazette, effective):
    note = parse_note(line, line=7)
    assert note is not None
    assert note.action == action
    assert note.target == target
    assert note.act is not None and note.act.type == "qonun"
    assert (note.act.number, note.act.date) == (number, date)
    assert (note.published, note.gazette, note.effective) == (published, gazette, effective)
    assert note.line == 7 and note.raw == line.strip()


def test_every_action_is_covered():
    assert {row[1] for row in NOTES} >= {"wording", "inserted", "removed", "repealed", "amended"}


@pytest.mark.parametrize("line", [
    "(yangi tahriri)", "(soʻmda)", "(mln soʻmda)", "(1 litr uchun)",
    "Mehnat va (yoki) mashgʻulotlar sohasida kamsitish taqiqlanadi.",
    "Oldingi tahrirga qarang.", "",
])
def test_body_parentheticals_are_not_notes(line):
    assert parse_note(line) is None
    assert parse_notes(line) == []


@pytest.mark.parametrize(("line", "subject"), [
    (NOTES[0][0], ("39", "ikkinchi qismi")),
    (NOTES[9][0], ("63", None)),
    (NOTES[20][0], (None, "1-bobning nomi")),
    ("(3991-modda Oʻzbekiston Respublikasining 2023-yil 25-dekabrdagi OʻRQ-887-sonli Qonuniga asosan 2024-yil 1-yanvardan oʻz kuchini yoʻqotadi — Qonunchilik maʼlumotlari milliy bazasi, 26.12.2023-y., 03/23/887/0972-son)",  # noqa: E501
     ("3991", None)),
])
def test_note_subject(line, subject):
    assert note_subject(line) == subject


MEHNAT_LIST = ("(Qonunchilik maʼlumotlari milliy bazasi, 29.10.2022-y., 02/22/798/0972-son; "
               "12.04.2023-y., 03/23/829/0208-son; 29.11.2023-y., 03/23/880/0905-son; "
               "22.02.2024-y., 03/24/911/0142-son; 04.07.2024-y., 03/24/934/0469-son; "
               "21.09.2024-y., 03/24/963/0735-son; 14.02.2025-y., 03/25/1030/0144-son; "
               "24.06.2025-y., 03/25/1070/0536-son; 12.11.2025-y., 03/25/1095/1036-son)")
AXBOROT_LIST = ("(Oʻzbekiston Respublikasi Oliy Majlisining Axborotnomasi, 2004-y., 1-2-son, "
                "10-modda; Oʻzbekiston Respublikasi qonun hujjatlari toʻplami, 2014-y., 36-son, "
                "452-modda; Qonun hujjatlari maʼlumotlari milliy bazasi, 30.03.2021-y., "
                "03/21/679/0256-son; Qonunchilik maʼlumotlari milliy bazasi, 21.04.2021-y., "
                "03/21/683/0375-son; 11.09.2024-y., 03/24/959/0698-son)")
JINOYAT_HEAD = ("(Oʻzbekiston Respublikasi Oliy Kengashining Axborotnomasi, 1995-y., 1-son, "
                "Oʻzbekiston Respublikasi Oliy Majlisining Axborotnomasi, 1996-y., 9-son, "
                "144-modda; 1997-y., 2-son, 56-modda, 9-son, 241-modda)")


def test_publication_list_modern():
    notes = parse_publication_list(MEHNAT_LIST, line=3800)
    assert len(notes) == 9
    assert all(n.action == "published" and n.eid is None for n in notes)
    assert (notes[0].published, notes[0].gazette, notes[0].act.number) == (
        "2022-10-29", "02/22/798/0972", "OʻRQ-798")
    assert (notes[-1].published, notes[-1].gazette) == ("2025-11-12", "03/25/1095/1036")
    assert parse_note(MEHNAT_LIST).gazette == "02/22/798/0972"


def test_publication_list_mixed_series():
    notes = parse_publication_list(AXBOROT_LIST)
    assert [n.gazette for n in notes] == [
        "Oʻzbekiston Respublikasi Oliy Majlisining Axborotnomasi, 2004-y., 1-2-son, 10-modda",
        "Oʻzbekiston Respublikasi qonun hujjatlari toʻplami, 2014-y., 36-son, 452-modda",
        "03/21/679/0256", "03/21/683/0375", "03/24/959/0698"]
    assert [n.published for n in notes] == [None, None, "2021-03-30", "2021-04-21", "2024-09-11"]


def test_publication_list_issue_without_article():
    notes = parse_publication_list(JINOYAT_HEAD)
    assert [n.gazette for n in notes] == [
        "Oʻzbekiston Respublikasi Oliy Kengashining Axborotnomasi, 1995-y., 1-son",
        "Oʻzbekiston Respublikasi Oliy Majlisining Axborotnomasi, 1996-y., 9-son, 144-modda",
        "Oʻzbekiston Respublikasi Oliy Majlisining Axborotnomasi, 1997-y., 2-son, 56-modda",
        "Oʻzbekiston Respublikasi Oliy Majlisining Axborotnomasi, 1997-y., 9-son, 241-modda"]


# Cyrillic notes of the Administrative Liability Code (uz_multi/lexuz_cyrl_text, pieces joined as
# ingest.lexuz_page joins them) beside their Latin twins (uz/lexuz_uzlatn_raw_with_amendment_notes):
# (Cyrillic, Latin, subject, Cyrillic target) -- every other field must be equal.
TWINS = [
    ("(9-модданинг биринчи қисми Ўзбекистон Республикасининг 2023 йил 15 мартдаги ЎРҚ-823-сонли Қонуни таҳририда — Қонунчилик маълумотлари миллий базаси, 15.03.2023 й., 03/23/823/0150-сон — 2023 йил 16 июндан кучга киради)",  # noqa: E501
     "(9-moddaning birinchi qismi Oʻzbekiston Respublikasining 2023-yil 15-martdagi OʻRQ-823-sonli Qonuni tahririda — Qonunchilik maʼlumotlari milliy bazasi, 15.03.2023-y., 03/23/823/0150-son — 2023-yil 16-iyundan kuchga kiradi)",  # noqa: E501
     "9", "биринчи қисми"),
    ("(6-модда Ўзбекистон Республикасининг 2020 йил 28 сентябрдаги ЎРҚ-638-сонли Қонунига асосан ўз кучини йўқотган — Қонун ҳужжатлари маълумотлари миллий базаси, 28.09.2020 й., 03/20/638/1333-сон)",  # noqa: E501
     "(6-modda Oʻzbekiston Respublikasining 2020-yil 28-sentabrdagi OʻRQ-638-sonli Qonuniga asosan oʻz kuchini yoʻqotgan — Qonun hujjatlari maʼlumotlari milliy bazasi, 28.09.2020-y., 03/20/638/1333-son)",  # noqa: E501
     "6", None),
    ("(9-модда Ўзбекистон Республикасининг 2008 йил 8 апрелдаги ЎРҚ-145-сонли Қонуни асосида иккинчи қисм билан тўлдирилган — ЎР ҚҲТ, 2008 й., 14-15-сон, 88-модда)",  # noqa: E501
     "(9-modda Oʻzbekiston Respublikasining 2008-yil 8-apreldagi OʻRQ-145-sonli Qonuni asosida ikkinchi qism bilan toʻldirilgan — OʻR QHT, 2008-y., 14-15-son, 88-modda)",  # noqa: E501
     "9", None),
    ("(17 1-модда Ўзбекистон Республикасининг 2020 йил 21 июлдаги ЎРҚ-629-сонли Қонунига асосан олтинчи қисм билан тўлдирилган — Қонун ҳужжатлари маълумотлари миллий базаси, 22.07.2020 й., 03/20/629/1087-сон)",  # noqa: E501
     "(171-modda Oʻzbekiston Respublikasining 2020-yil 21-iyuldagi OʻRQ-629-sonli Qonuniga asosan oltinchi qism bilan toʻldirilgan — Qonun hujjatlari maʼlumotlari milliy bazasi, 22.07.2020-y., 03/20/629/1087-son)",  # noqa: E501
     "17 1", None),
    ("(23-модда учинчи қисми Ўзбекистон Республикасининг 2016 йил 25 апрелдаги ЎРҚ-405-сонли Қонунига асосан чиқарилган — ЎР ҚҲТ, 2016 й., 17-сон, 173-модда)",  # noqa: E501
     "(23-modda uchinchi qismi Oʻzbekiston Respublikasining 2016-yil 25-apreldagi OʻRQ-405-sonli Qonuniga asosan chiqarilgan — OʻR QHT, 2016-y., 17-son, 173-modda)",  # noqa: E501
     "23", "учинчи қисми"),
    ("(49 1-модданинг иккинчи қисми Ўзбекистон Республикасининг 2020 йил 22 январдаги ЎРҚ-603-сонли Қонунига асосан чиқарилган — Қонун ҳужжатлари маълумотлари миллий базаси, 23.01.2020 й., 03/20/603/0071-сон — 2020 йил 24 апрелдан кучга киради)",  # noqa: E501
     "(491-moddaning ikkinchi qismi Oʻzbekiston Respublikasining 2020-yil 22-yanvardagi OʻRQ-603-sonli Qonuniga asosan chiqarilgan — Qonun hujjatlari maʼlumotlari milliy bazasi, 23.01.2020-y., 03/20/603/0071-son — 2020-yil 24-apreldan kuchga kiradi)",  # noqa: E501
     "49 1", "иккинчи қисми"),
    ("(60-модданинг иккинчи ва учинчи қисмлари Ўзбекистон Республикасининг 2021 йил 16 августдаги ЎРҚ-708-сонли Қонунига асосан иккинчи — тўртинчи қисмлар билан алмаштирилган — Қонунчилик маълумотлари миллий базаси, 17.08.2021 й., 03/21/708/0799-сон)",  # noqa: E501
     "(60-moddaning ikkinchi va uchinchi qismlari Oʻzbekiston Respublikasining 2021-yil 16-avgustdagi OʻRQ-708-sonli Qonuniga asosan ikkinchi — toʻrtinchi qismlar bilan almashtirilgan — Qonunchilik maʼlumotlari milliy bazasi, 17.08.2021-y., 03/21/708/0799-son)",  # noqa: E501
     "60", "иккинчи ва учинчи қисмлари"),
    ("(222-модда Ўзбекистон Республикасининг 2022 йил 31 майдаги ЎРҚ-772-сонли Қонунига асосан 2022 йил 2 сентябрдан ўз кучини йўқотади — Қонунчилик маълумотлари миллий базаси, 01.06.2022 й., 03/22/772/0460-сон)",  # noqa: E501
     "(222-modda Oʻzbekiston Respublikasining 2022-yil 31-maydagi OʻRQ-772-sonli Qonuniga asosan 2022-yil 2-sentabrdan oʻz kuchini yoʻqotadi — Qonunchilik maʼlumotlari milliy bazasi, 01.06.2022-y., 03/22/772/0460-son)",  # noqa: E501
     "222", None),
]


@pytest.mark.parametrize(("cyrl", "latn", "subject", "target"), TWINS)
def test_cyrillic_note_is_parsed_as_its_latin_twin(cyrl, latn, subject, target):
    c, lt = parse_note(cyrl, 7), parse_note(latn, 7)
    assert c is not None and lt is not None and c.action != "unknown"
    assert (c.action, c.act, c.published, c.gazette, c.effective) == (
        lt.action, lt.act, lt.published, lt.gazette, lt.effective)
    assert c.raw == cyrl and c.target == target
    assert note_subject(cyrl) == (subject, target)
    assert note_subject(latn)[0] == subject.replace(" ", "")


def test_cyrillic_publication_list_gives_latin_gazette_names():
    # the opening of the Code's closing list, as the Cyrillic page prints it
    line = ("(Ўзбекистон Республикаси Олий Кенгашининг Ахборотномаси, 1995 й., 3-сон; Ўзбекистон "
            "Республикаси Олий Мажлисининг Ахборотномаси, 1995 й., 9-сон, 193-модда, 12-сон, "
            "269-модда; Қонунчилик маълумотлари миллий базаси, 21.04.2021 й., 03/21/683/0375-сон)")
    notes = parse_notes(line, 1)
    assert [(n.gazette, n.published) for n in notes] == [
        ("Oʻzbekiston Respublikasi Oliy Kengashining Axborotnomasi, 1995-y., 3-son", None),
        ("Oʻzbekiston Respublikasi Oliy Majlisining Axborotnomasi, 1995-y., 9-son, 193-modda", None),
        ("Oʻzbekiston Respublikasi Oliy Majlisining Axborotnomasi, 1995-y., 12-son, 269-modda", None),
        ("03/21/683/0375", "2021-04-21")]
    assert notes[-1].act.number == "OʻRQ-683" and {n.action for n in notes} == {"published"}
