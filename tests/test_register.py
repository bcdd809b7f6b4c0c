"""The register of codes and major laws, checked against the real texts it was built from: each
file's title as printed (lex.uz headers, Russian Word titles, PDF first pages, the Tomaris
manifest) resolves to the right entry, and each entry's number and date agree with what the
texts print."""

from __future__ import annotations

import csv
import re

import pytest

from lexsearch.numbers import number_key
from lexsearch.register import register, title_words
from lexsearch.uri import FrbrUri

LABOUR = "/akn/uz/act/kodeks/2022-10-28/orq-798"


def _lexuz_title(path) -> str:
    """The first line of a lex.uz text: ``Oʻzbekiston Respublikasining Mehnat kodeksi``."""
    return path.read_text(encoding="utf-8").splitlines()[0].strip()


def _docx_title(path) -> str:
    """The title paragraphs of a Russian Word file, up to the first structural heading (a
    'Часть …' line that follows the title is part of it: the two Civil Code parts)."""
    import docx

    lines = [p.text.strip().lstrip("\ufeff") for p in docx.Document(str(path)).paragraphs]
    lines = [x for x in lines if x and x != "Официальный источник в PDF-файле"]
    title = []
    for line in lines:
        if re.match(r"(?i)^(раздел|подраздел|глава|статья|общая часть|преамбула|i\.|принят|"
                    r"\(новая)", line):
            break
        title.append(line)
    return " ".join(title)


def _pdf_title(path) -> str:
    """The title lines at the top of a code's first PDF page (before its first heading)."""
    import pypdf

    text = pypdf.PdfReader(str(path)).pages[0].extract_text() or ""
    title = []
    for line in (x.strip() for x in text.splitlines() if x.strip()):
        if re.match(r"(?i)^(общая часть|раздел|глава|birinchi|бирinchi|umumiy qism|i\b|"
                    r"биринчи|i бўлим|\d)", line):
            break
        title.append(line)
    return " ".join(title)


def _cyrl_title(path) -> str:
    """The bot's ``Sarlavha: 22.09.1994. <title>`` line of a Cyrillic lex.uz text."""
    for line in path.read_text(encoding="utf-8").splitlines()[:5]:
        if line.startswith("Sarlavha:"):
            return re.sub(r"^Sarlavha:\s*[\d.]+\.\s*", "", line).strip()
    raise AssertionError(f"no Sarlavha line in {path}")


def _read_title(shared, ref: str) -> str:
    if "#" in ref:  # a row of the Tomaris manifest.csv
        path, _, name = ref.partition("#")
        with open(shared / path, encoding="utf-8") as fh:
            return next(r["code_title"] for r in csv.DictReader(fh) if r["filename"] == name)
    path = shared / ref
    if path.suffix == ".docx":
        return _docx_title(path)
    if path.suffix == ".pdf":
        return _pdf_title(path)
    if path.suffix == ".json":  # a lex.uz page as JSON: the title line after the site menu
        import json

        lines = json.loads(path.read_text(encoding="utf-8"))["content"].splitlines()
        return lines[lines.index("ONLINE TRANSLATE") + 1]
    if "lexuz_cyrl_text" in ref:
        return _cyrl_title(path)
    text = path.read_text(encoding="utf-8").splitlines()
    if text[0].startswith("Кучга кириш"):  # the Constitution prints no header line
        return next(x for x in text if x.isupper() and "KONSTITUTSIYA" in x)
    header = _lexuz_title(path)
    if "yildagi" in header:  # a law: the name is the line after the type line
        return text[text.index("OʻZBEKISTON RESPUBLIKASINING QONUNI") + 1]
    return header


CHECKED = [(e.uri, ref) for e in register().entries for ref in e.checked_in]


@pytest.mark.parametrize("uri, ref", CHECKED, ids=[f"{u.split('/')[-1]}:{r.split('/')[-1]}"
                                                    for u, r in CHECKED])
def test_each_real_title_resolves_to_its_entry(shared, uri, ref):
    title = _read_title(shared, ref)
    assert title_words(title), (ref, title)
    on = "2020-06-01" if "codes_pdf_2020" in ref else None  # the 1995 Labour Code's time
    named = register().by_title(title)
    assert uri in [e.uri for e in named], (ref, title, named)
    found = register().resolve(title, on=on)  # None only where the title names two works
    assert (found is not None and found.uri == uri) or (found is None and len(named) > 1), \
        (ref, title, found)


@pytest.mark.parametrize("name", [
    "ТРУДОВОЙ КОДЕКС РЕСПУБЛИКИ УЗБЕКИСТАН", "Трудовой кодекс Республики Узбекистан",
    "Меҳнат кодекси", "Ўзбекистон Республикасининг Меҳнат кодекси", "Mehnat kodeksi",
    "OʻZBEKISTON RESPUBLIKASINING MEHNAT KODEKSI", "O'zbekiston Respublikasining Mehnat kodeksi",
    "ТК РУз", "Labour Code", "Labour Code of the Republic of Uzbekistan",
])
def test_the_labour_code_in_every_language_script_and_short_name_is_one_work(name):
    assert register().resolve(name).uri == LABOUR


@pytest.mark.parametrize("name, uri", [
    ("НК РУз", "/akn/uz/act/kodeks/2019-12-30/orq-599"),
    ("ГК РУз", "/akn/uz/act/kodeks/1995-12-21/163-i"),
    ("Гражданский кодекс Республики Узбекистан (часть вторая)",
     "/akn/uz/act/kodeks/1996-08-29/256-i"),
    ("КоАО РУз", "/akn/uz/act/kodeks/1994-09-22/2015-xii"),
    ("Конституция Республики Узбекистан", "/akn/uz/act/konstitutsiya/2023-05-01/konstitutsiya"),
])
def test_short_names(name, uri):
    assert register().resolve(name).uri == uri


def test_aliases_of_a_work_for_search():
    names = register().aliases(LABOUR)
    assert {"ТК РУз", "Mehnat kodeksi", "Labour Code",
            "Ўзбекистон Республикасининг Меҳнат кодекси"} <= set(names)
    assert register().aliases("/akn/uz/act/qonun/2000-01-01/1") == []


def test_two_labour_codes_are_told_apart_by_date():
    """The 1995 and 2022 codes share their titles: the date decides, else the one in force."""
    assert register().resolve("Трудовой кодекс", on="2020-01-01").uri.endswith("161-i")
    assert register().resolve("Трудовой кодекс", on="2024-01-01").uri == LABOUR
    assert register().resolve("Трудовой кодекс").uri == LABOUR


def test_a_title_two_works_share_resolves_to_neither():
    """The bare "Fuqarolik kodeksi" heads both parts of the Civil Code."""
    named = {e.uri for e in register().by_title("Oʻzbekiston Respublikasining Fuqarolik kodeksi")}
    assert named == {"/akn/uz/act/kodeks/1995-12-21/163-i", "/akn/uz/act/kodeks/1996-08-29/256-i"}
    assert register().resolve("Fuqarolik kodeksi") is None


def test_unknown_titles_resolve_to_nothing():
    assert register().resolve("Об обороте наркотических средств") is None
    assert register().resolve("Закон Республики Узбекистан") is None


def test_numbers_in_every_script_find_the_entry():
    for number in ("OʻRQ-798", "O'RQ-798", "ЎРҚ-798", "ЗРУ-798", "ZRU-798"):
        (entry,) = register().by_number(number)
        assert entry.uri == LABOUR


def test_entries_agree_with_their_uris():
    uris = [e.uri for e in register().entries]
    assert len(uris) == len(set(uris))
    for e in register().entries:
        parsed = FrbrUri.parse(e.uri)
        assert parsed.date == e.date, e
        if e.number:
            assert number_key(e.number) == parsed.number, e
        assert set(e.titles) == {"uzb", "uzb-Cyrl", "rus", "eng"}, e
        assert e.checked_in, e


def test_numbers_and_dates_as_the_real_texts_print_them(shared):
    """Each law's signature block or publication list in its Word text names its number and
    date; the Labour Code's publication list its code number 02/22/798."""
    import docx

    signed = {"Audit Activity.docx": "ЗРУ-677", "insolvency.docx": "ЗРУ-763",
              "Privatization of State Property.docx": "ЗРУ-907", "competition.docx": "ЗРУ-850",
              "digital_singature.docx": "ЗРУ-793", "public_procurment.docx": "ЗРУ-684",
              "Investment and Mutual Funds.docx": "ЗРУ-392", "consumer_rights.docx": "221-I"}
    for name, number in signed.items():
        paras = [p.text for p in docx.Document(str(shared / "uz_multi/ru_docx_2025" / name))
                 .paragraphs]
        tail = " ".join(paras[-15:])
        (entry,) = register().by_number(number)
        day, month, year = entry.date[8:], entry.date[5:7], entry.date[:4]
        assert f"№ {number}" in tail, name
        assert re.search(rf"\b{int(day)} \w+ {year} г", tail), (name, entry.date)
        assert month  # the month is spelled out in Russian; day and year checked above
    labour = " ".join(p.text for p in docx.Document(
        str(shared / "uz_multi/ru_docx_2025/labour.docx")).paragraphs[-5:])
    assert "29.10.2022 г., № 02/22/798/" in labour
