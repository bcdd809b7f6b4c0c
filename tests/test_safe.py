"""Hostile inputs for the hardened parsers: each must be refused with the source named and
nothing secret (file contents, expanded entities) in the message or the result."""

from __future__ import annotations

import io
import zipfile

import pytest

from ingest.safe import (
    MAX_RATIO,
    check_zip,
    detect_html_encoding,
    open_docx_safely,
    parse_html,
    parse_xml,
    read_bounded,
)
from lexsearch.errors import InputError, UnsafeInputError

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<lolz>&lol4;</lolz>"""

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<foo>&xxe;</foo>"""

XXE_PARAMETER = b"""<?xml version="1.0"?>
<!DOCTYPE foo [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>
<foo/>"""

EXTERNAL_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE foo SYSTEM "http://example.invalid/evil.dtd">
<foo>x</foo>"""


@pytest.mark.parametrize("data", [BILLION_LAUGHS, XXE, XXE_PARAMETER,
                                  XXE.decode().encode("utf-16"), EXTERNAL_DTD])
def test_entities_and_external_dtds_are_refused(data):
    with pytest.raises(UnsafeInputError) as info:
        parse_xml(data, "hostile.xml")
    assert "hostile.xml" in str(info.value)
    assert "root:" not in str(info.value)  # nothing of /etc/passwd


def test_malformed_xml_names_file_and_line():
    with pytest.raises(InputError) as info:
        parse_xml(b"<a>\n<b>\n</a>", "broken.xml")
    assert info.value.file == "broken.xml" and info.value.line == 3
    assert not isinstance(info.value, UnsafeInputError)


def test_plain_xml_parses(shared):
    data = (shared / "versioned_xml/boe_es_consolidated/BOE-A-2018-16673-analisis.xml").read_bytes()
    assert parse_xml(data, "analisis.xml").tag == "response"


def test_read_bounded(tmp_path):
    path = tmp_path / "big.html"
    path.write_bytes(b"x" * 2001)
    assert read_bounded(path, 2001) == b"x" * 2001
    with pytest.raises(UnsafeInputError, match="big.html"):
        read_bounded(path, 2000)
    with pytest.raises(InputError, match="missing.html"):
        read_bounded(tmp_path / "missing.html")


@pytest.mark.parametrize("data, expected", [
    ('<meta charset="windows-1251"><p>Статья</p>'.encode("cp1251"), "cp1251"),
    ('<meta http-equiv="Content-Type" content="text/html; charset=utf-8"><p>Статья</p>'.encode(),
     "utf-8"),
    ("<p>Статья 1</p>".encode("cp1251"), "cp1251"),  # no meta, not UTF-8
    ("<p>Статья 1</p>".encode(), "utf-8"),
])
def test_html_encoding(data, expected):
    assert detect_html_encoding(data) == expected
    assert "Статья" in parse_html(data, "page.html").text_content()


def test_real_pravo_page_decodes(shared):
    path = shared / "ru/pravo_gov_ru_ips_codes_html/102073578.html"  # no meta charset
    root = parse_html(path.read_bytes(), path.name)
    assert "Гражданский кодекс Российской Федерации" in root.text_content()


def _zip(members: dict[str, bytes], method=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_zip_bomb_is_refused(tmp_path):
    data = _zip({"word/document.xml": b"\0" * (20 * 1024 * 1024)})
    assert len(data) * MAX_RATIO < 20 * 1024 * 1024  # really a 100:1+ ratio
    path = tmp_path / "bomb.docx"
    path.write_bytes(data)
    with pytest.raises(UnsafeInputError, match="bomb.docx.*100:1 limit"):
        open_docx_safely(path)


def test_truncated_and_empty_zips_are_input_errors(tmp_path, shared):
    real = (shared / "docx/ru_mvd_citizenship_docs/"
            "Ukaz_328_Abhaziya_Yuzhnaya_Osetiya_perechen_dokumentov_7c6fe9b82d.docx").read_bytes()
    path = tmp_path / "cut.docx"
    path.write_bytes(real[: len(real) // 2])
    with pytest.raises(InputError, match="cut.docx"):
        open_docx_safely(path)
    empty = tmp_path / "empty.docx"
    empty.write_bytes(b"")
    with pytest.raises(InputError, match="empty.docx"):
        open_docx_safely(empty)


def test_zip_path_traversal_and_entities_refused(tmp_path):
    with pytest.raises(UnsafeInputError, match="escapes the folder"):
        check_zip(_zip({"../../etc/cron.d/x": b"x"}), "evil.docx")
    path = tmp_path / "xxe.docx"
    path.write_bytes(_zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": XXE}))
    with pytest.raises(UnsafeInputError, match="entities"):
        open_docx_safely(path)


def test_zip_that_is_not_a_docx(tmp_path):
    path = tmp_path / "notdocx.docx"
    path.write_bytes(_zip({"hello.txt": b"hello"}))
    with pytest.raises(InputError, match="notdocx.docx"):
        open_docx_safely(path)
