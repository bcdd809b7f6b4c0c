"""The DOCX reader against the real government files."""

from __future__ import annotations

import pytest

from ingest.docx_reader import guess_language, read_docx
from lexsearch.errors import InputError

RU = "docx/ru_mvd_citizenship_docs"
CL = "docx/cl_congress_es"

FILES = [
    (f"{CL}/pipeline__data__cl__15995__docs__01-mocion.docx", "spa",
     "Modifica la Ley N°17.798, sobre Control de Armas"),
    (f"{CL}/pipeline__data__cl__15995__docs__02-informe-comision.docx", "spa",
     "INFORME DE LA COMISIÓN DE DEFENSA NACIONAL"),
    (f"{CL}/research__2026-02-18__ley-21735__oficios__mensaje.docx", "spa",
     "MENSAJE DE S.E. EL PRESIDENTE DE LA REPÚBLICA"),
    (f"{RU}/Po_soglasheniyu_ot_26_02_99_0cff109b5a.docx", "rus", "Заявление в 2-х экземплярах"),
    (f"{RU}/St_15_ch1_obshhij_poryadok_afd5c8146f.docx", "rus", "Заявление в 2-х экземплярах"),
    (f"{RU}/Ukaz_328_Abhaziya_Yuzhnaya_Osetiya_perechen_dokumentov_7c6fe9b82d.docx", "rus",
     "ПЕРЕЧЕНЬ ДОКУМЕНТОВ"),
    (f"{RU}/Ukaz_962_Respublika_Belarus_Respublika_Moldova_Respublika_Kazahstan_38ce2fd92e.docx",
     "rus", "ПЕРЕЧЕНЬ ДОКУМЕНТОВ"),
]


@pytest.mark.parametrize("name, lang, title", FILES)
def test_real_files(shared, name, lang, title):
    doc = read_docx(shared / name)
    assert doc.editions[0].lang == lang
    assert doc.work.title.startswith(title)
    assert doc.editions[0].provisions and len({p.eid for p in doc.editions[0].provisions}) == \
        len(doc.editions[0].provisions)


def test_the_empty_file_in_the_corpus_is_an_input_error(shared):
    with pytest.raises(InputError, match="8_2_14_liczo_ukazannoe_v_138_FZ_a36f982a13.DOCX"):
        read_docx(shared / RU / "8_2_14_liczo_ukazannoe_v_138_FZ_a36f982a13.DOCX")


def test_articles_and_tables_in_the_mensaje(shared):
    edition = read_docx(shared / FILES[2][0]).editions[0]
    arts = [p for p in edition.provisions if p.kind == "article"]
    assert arts[0].eid == "art_1" and arts[0].num == "1"
    assert any(line == "Personas afiliadas nacidas" for p in edition.provisions
               for line in p.text.split("\n"))  # the table, one line per row
    assert [p.eid for p in edition.provisions if p.kind == "part"][:2] == ["part_II", "part_III"]


@pytest.mark.parametrize("text, lang", [
    ("Документ, удостоверяющий личность и гражданство;", "rus"),
    ("La Comisión de Defensa Nacional pasa a informar el proyecto de ley", "spa"),
    ("This Regulation lays down harmonised rules on the making available of data", "eng"),
    ("", "und"),
])
def test_guess_language(text, lang):
    assert guess_language(text) == lang


def test_golden(shared, golden):
    golden("docx/ukaz_328", read_docx(shared / FILES[5][0]))
