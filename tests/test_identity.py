"""Identity is more than a number (issue 14, finding 1): a file joins a stored work only when
type, adoption date and title agree, with the tolerance real texts need. Real lex.uz headers,
modified the way a wrong or hostile file would be."""

from __future__ import annotations

import json

import pytest
from conftest import CORPORA
from store_backends import dump

from ingest.identity import IdentityConflict, check_identity, titles_agree
from ingest.importer import import_release
from lexsearch.model import WorkMeta
from lexsearch.store import Store

UZ2025 = CORPORA / "uz-lexuz-2025"
PERSONAL = "/akn/uz/act/qonun/2019-07-02/orq-547"
LABOUR = "/akn/uz/act/kodeks/2022-10-28/orq-798"
pytestmark = pytest.mark.usefixtures("store_backend")  # the importer on SQLite and PostgreSQL
HEADER_547 = "Oʻzbekiston Respublikasining Qonuni, 02.07.2019 yildagi O‘RQ-547-son"
TITLE_547 = "SHAXSGA DOIR MAʼLUMOTLAR TOʻGʻRISIDA"
FISHERIES = "BALIQCHILIK VA BALIQ ZAXIRALARINI MUHOFAZA QILISH TOʻGʻRISIDA"


def _personal(header: str = HEADER_547, title: str = TITLE_547) -> str:
    text = (UZ2025 / "Shaxsiy_Malumotlar_Qonuni.txt").read_text(encoding="utf-8")
    assert text.startswith(HEADER_547 + "\n") and f"\n{TITLE_547}\n" in text
    return text.replace(HEADER_547, header, 1).replace(f"\n{TITLE_547}\n", f"\n{title}\n", 1)


def _labour(first_lines: list[str]) -> str:
    """The real Labour Code text with its header (up to the title line) replaced."""
    lines = (UZ2025 / "Mehnat_Kodeksi.txt").read_text(encoding="utf-8").splitlines()
    start = lines.index("OʻZBEKISTON RESPUBLIKASINING MEHNAT KODEKSI")
    return "\n".join(first_lines + lines[start + 1:]) + "\n"


def _release(tmp_path, name: str, files: dict[str, str], manifest: dict | None = None):
    folder = tmp_path / name
    folder.mkdir()
    for rel, text in files.items():
        (folder / rel).write_text(text, encoding="utf-8")
    if manifest is not None:
        (folder / "release.json").write_text(json.dumps(manifest, ensure_ascii=False), "utf-8")
    return folder


@pytest.fixture
def store(tmp_path):
    """The personal data law and the Labour Code as the sample imports them."""
    s = Store(tmp_path / "var")
    first = _release(tmp_path, "first", {"Shaxsiy.txt": _personal(),
                                         "Mehnat.txt": (UZ2025 / "Mehnat_Kodeksi.txt").read_text(
                                             encoding="utf-8")},
                     {"files": {"Mehnat.txt": {"work": {"uri": LABOUR, "number": "OʻRQ-798"}}}})
    report = import_release(s, [first])
    assert report.ok, report.errors
    assert {w["uri"] for w in report.works} == {PERSONAL, LABOUR}
    yield s
    s.close()


def _refused(store, folder) -> dict:
    before = dump(store.data_dir)
    report = import_release(store, [folder])
    assert not report.ok
    assert dump(store.data_dir) == before
    (error,) = report.errors
    return error


def test_same_number_other_date_and_title_is_refused(store, tmp_path):
    """The finding as reported: OʻRQ-547 of 2024 with a fisheries title is not the 2019 law."""
    header = "Oʻzbekiston Respublikasining Qonuni, 01.03.2024 yildagi OʻRQ-547-son"
    folder = _release(tmp_path, "fish", {"Baliq.txt": _personal(header, FISHERIES)})
    error = _refused(store, folder)
    assert error["file"].endswith("Baliq.txt") and error["field"] == "work.date"
    assert PERSONAL in error["message"] and "2024-03-01" in error["message"]


def test_same_number_and_date_other_title_is_refused(store, tmp_path):
    folder = _release(tmp_path, "fish", {"Baliq.txt": _personal(title=FISHERIES)})
    error = _refused(store, folder)
    assert error["field"] == "work.title" and PERSONAL in error["message"]
    assert "Baliqchilik" in error["message"] or "BALIQCHILIK" in error["message"]


def test_a_law_header_with_the_code_number_but_another_date_is_refused(store, tmp_path):
    header = "Oʻzbekiston Respublikasining Qonuni, 01.03.2024 yildagi OʻRQ-798-son"
    text = _labour([header, "OʻZBEKISTON RESPUBLIKASINING QONUNI", "YOSHLAR TOʻGʻRISIDA"])
    error = _refused(store, _release(tmp_path, "q", {"Yoshlar.txt": text}))
    assert error["field"] == "work.date" and LABOUR in error["message"]


def test_a_law_header_with_the_code_number_and_another_title_is_refused(store, tmp_path):
    header = "Oʻzbekiston Respublikasining Qonuni, 28.10.2022 yildagi OʻRQ-798-son"
    text = _labour([header, "OʻZBEKISTON RESPUBLIKASINING QONUNI", "YOSHLAR TOʻGʻRISIDA"])
    error = _refused(store, _release(tmp_path, "q", {"Yoshlar.txt": text}))
    assert error["field"] == "work.title" and LABOUR in error["message"]


def test_the_code_approved_by_the_law_of_its_number_and_date_joins_the_code(store, tmp_path):
    """The tolerance: the Labour Code is a kodeks adopted by law OʻRQ-798 of 28.10.2022."""
    header = "Oʻzbekiston Respublikasining Qonuni, 28.10.2022 yildagi OʻRQ-798-son"
    text = _labour([header, "OʻZBEKISTON RESPUBLIKASINING MEHNAT KODEKSI"]).replace(
        "Oʻzbekiston Respublikasining Mehnat kodeksi", "Oʻzbekiston Respublikasi Mehnat kodeksi")
    folder = _release(tmp_path, "ok", {"Mehnat.txt": text},
                      {"files": {"Mehnat.txt": {"valid_from": "2026-01-01"}}})
    report = import_release(store, [folder])
    assert report.ok, report.errors
    assert report.works[0]["uri"] == LABOUR and report.works[0]["new_editions"] == ["2026-01-01"]


@pytest.mark.parametrize("title", ["MEHNAT KODEKSINI TASDIQLASH TOʻGʻRISIDA",
                                   "Об утверждении Трудового кодекса Республики Узбекистан"])
def test_the_law_approving_the_code_is_the_code(title):
    meta = WorkMeta(subtype="qonun", date="2022-10-28", number="OʻRQ-798", title=title)
    check_identity(meta, "uzb", LABOUR, subtype="kodeks", date="2022-10-28",
                   titles={"uzb": "Oʻzbekiston Respublikasining Mehnat kodeksi",
                           "rus": "Трудовой кодекс Республики Узбекистан"},
                   source="f.txt", what="the stored work")
    tax = WorkMeta(subtype="qonun", date="2022-10-28", number="OʻRQ-798",
                   title="SOLIQ KODEKSINI TASDIQLASH TOʻGʻRISIDA")
    with pytest.raises(IdentityConflict):
        check_identity(tax, "uzb", LABOUR, subtype="kodeks", date="2022-10-28",
                       titles={"uzb": "Oʻzbekiston Respublikasining Mehnat kodeksi"},
                       source="f.txt", what="the stored work")


def test_the_register_refuses_a_wrong_act_in_an_empty_store(tmp_path):
    header = "Oʻzbekiston Respublikasining Qonuni, 01.03.2024 yildagi OʻRQ-547-son"
    folder = _release(tmp_path, "fish", {"Baliq.txt": _personal(header, FISHERIES)})
    report = import_release(Store(tmp_path / "var"), [folder])
    (error,) = report.errors
    assert error["field"] == "work.date" and "register" in error["message"]
    assert PERSONAL in error["message"]


def test_manifest_contradicting_the_files_header_is_refused(store, tmp_path):
    folder = _release(tmp_path, "m", {"Shaxsiy.txt": _personal()},
                      {"files": {"Shaxsiy.txt": {"work": {"uri": LABOUR},
                                                 "valid_from": "2026-01-01"}}})
    error = _refused(store, folder)
    assert error["field"] == "files.Shaxsiy.txt.work.number"
    assert "O" in error["message"] and "547" in error["message"]


@pytest.mark.parametrize("title, lang, known, agrees", [
    ("Трудовой кодекс Республики Узбекистан", "rus",
     {"uzb": "Oʻzbekiston Respublikasining Mehnat kodeksi"}, True),
    ("ТРУДОВОЙ КОДЕКС РЕСПУБЛИКИ УЗБЕКИСТАН", "rus", {}, True),
    ("Ўзбекистон Республикасининг Меҳнат кодекси", "uzb-Cyrl",
     {"uzb": "Oʻzbekiston Respublikasining Mehnat kodeksi"}, True),
    ("Налоговый кодекс Республики Узбекистан", "rus",
     {"uzb": "Oʻzbekiston Respublikasining Mehnat kodeksi"}, False),
    ("Oʻzbekiston Respublikasining Soliq kodeksi", "uzb",
     {"uzb": "Oʻzbekiston Respublikasining Mehnat kodeksi"}, False),
    ("Трудовой договор", "rus", {"uzb": "Oʻzbekiston Respublikasining Mehnat kodeksi"}, True),
])
def test_titles_across_scripts_and_languages(title, lang, known, agrees):
    """A title the register does not know, in a language with no stored title, cannot be told
    apart and is not held against the file (the last case)."""
    meta = WorkMeta(subtype="kodeks", date="2022-10-28", title=title)
    def call() -> None:
        check_identity(meta, lang, LABOUR, subtype="kodeks", date="2022-10-28", titles=known,
                       source="f.docx", what="the stored work")

    if agrees:
        call()
    else:
        with pytest.raises(IdentityConflict) as info:
            call()
        assert info.value.field == "work.title" and info.value.file == "f.docx"


def test_titles_agree_ignores_case_apostrophes_and_the_formula():
    assert titles_agree("OʻZBEKISTON RESPUBLIKASINING MEHNAT KODEKSI",
                        "Oʻzbekiston Respublikasi Mehnat kodeksi")
    assert titles_agree("Shaxsga doir maʼlumotlar toʻgʻrisida",
                        "SHAXSGA DOIR MA'LUMOTLAR TO‘G‘RISIDA")
    assert not titles_agree("Shaxsga doir maʼlumotlar toʻgʻrisida", "Baliqchilik toʻgʻrisida")
    # the next heading glued to the title by a PDF reader still names the same code
    assert titles_agree("Oʻzbekiston Respublikasining maʼmuriy javobgarlik toʻgʻrisidagi kodeksi "
                        "birinchi boʻlim",
                        "Oʻzbekiston Respublikasining Maʼmuriy javobgarlik toʻgʻrisidagi kodeksi")
    assert not titles_agree("Fuqarolik kodeksi", "Fuqarolik protsessual kodeksi")
