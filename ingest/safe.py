"""Hardened parsing of untrusted input, used by every reader.

* XML: lxml with no entity resolution, no network, no DTD loading, no huge trees; any document
  that declares entities (billion laughs, external entities, parameter entities) is refused.
* HTML: lxml.html with no network; the encoding is the BOM's, else the ``<meta charset>``'s,
  else UTF-8 if the bytes decode as such, else windows-1251 (pravo.gov.ru's older pages).
* Files are read with a size limit; DOCX zips are checked for size, ratio, member count and
  member paths before python-docx sees them.

Every refusal is an ``UnsafeInputError`` and every parse failure an ``InputError`` naming the
source (and the line where lxml knows it); no lxml exception escapes.
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
from pathlib import Path
from typing import Any

from lxml import etree, html

from ingest.archive import check_zip as archive_checks
from lexsearch.errors import InputError, UnsafeInputError

MAX_BYTES = 64 * 1024 * 1024  # a single input file
MAX_UNCOMPRESSED = 256 * 1024 * 1024  # all members of a zip together
MAX_RATIO = 100  # uncompressed / compressed, per member and overall
MAX_MEMBERS = 2000

_ENTITY_DECL = "<!ENTITY"
_ENCODINGS_TO_SCAN = ("ascii", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_XML_DECL_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_\-]+)""")


def read_bounded(path: str | Path, max_bytes: int = MAX_BYTES) -> bytes:
    """The bytes of ``path``; ``UnsafeInputError`` if it holds more than ``max_bytes``."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}", file=str(path)) from None
    if len(data) > max_bytes:
        raise UnsafeInputError(f"file larger than the limit of {max_bytes} bytes", file=str(path))
    return data


def declares_entities(data: bytes) -> bool:
    """True if the bytes contain an entity declaration in any encoding XML allows."""
    return any(_ENTITY_DECL.encode(enc) in data for enc in _ENCODINGS_TO_SCAN)


def _xml_parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           huge_tree=False, dtd_validation=False, remove_pis=False)


def parse_xml(data: bytes, source: str) -> Any:
    """The root element of the XML ``data``; refuses entity declarations and external DTDs."""
    if declares_entities(data):
        raise UnsafeInputError("XML declares entities (DOCTYPE with <!ENTITY>): refused",
                               file=str(source))
    try:
        root = etree.fromstring(data, parser=_xml_parser())
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if exc.lineno else None
        raise InputError(f"malformed XML: {exc.msg}", file=str(source), line=line) from None
    except (ValueError, etree.LxmlError) as exc:
        raise InputError(f"unreadable XML: {exc}", file=str(source)) from None
    if root is None:
        raise InputError("empty XML document", file=str(source))
    docinfo = root.getroottree().docinfo
    dtd = docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise UnsafeInputError("XML declares entities: refused", file=str(source))
    if docinfo.system_url or docinfo.public_id:
        raise UnsafeInputError(f"XML names an external DTD ({docinfo.system_url or docinfo.public_id})"
                               ": refused", file=str(source))
    return root


def detect_html_encoding(data: bytes) -> str:
    """The encoding of an HTML page: BOM, then meta charset, then UTF-8 if valid, else cp1251."""
    for bom, name in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"),
                      (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return name
    match = _META_CHARSET.search(data[:8192]) or _XML_DECL_ENCODING.search(data[:512])
    if match:
        name = match.group(1).decode("ascii").lower()
        try:
            return codecs.lookup(name).name
        except LookupError:
            pass
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return "cp1251"
    return "utf-8"


def parse_html(data: bytes, source: str) -> Any:
    """The root ``<html>`` element of an HTML page, decoded per ``detect_html_encoding``."""
    encoding = detect_html_encoding(data)
    text = data.decode(encoding, errors="replace").lstrip("\ufeff")
    if not text.strip():
        raise InputError("empty HTML document", file=str(source))
    # lxml refuses str input that carries an XML encoding declaration
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    parser = html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True,
                             huge_tree=False)
    try:
        return html.document_fromstring(text, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise InputError(f"malformed HTML: {exc}", file=str(source)) from None


def check_zip(data: bytes, source: str) -> zipfile.ZipFile:
    """A ``ZipFile`` over ``data`` after the release checks (``ingest.archive.check_zip``) with
    the tighter limits of a single DOCX."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputError(f"not a readable zip (DOCX) file: {exc}", file=str(source)) from None
    archive_checks(archive, str(source), max_members=MAX_MEMBERS, max_total=MAX_UNCOMPRESSED)
    return archive


def open_docx_safely(path: str | Path, max_bytes: int = MAX_BYTES) -> Any:
    """A python-docx ``Document`` for ``path``, opened only after the zip checks pass."""
    import docx  # python-docx; imported here so XML-only users do not pay for it

    source = str(path)
    data = read_bounded(path, max_bytes)
    if not data:
        raise InputError("empty file: not a DOCX document", file=source)
    archive = check_zip(data, source)
    try:
        for info in archive.infolist():
            if info.filename.endswith((".xml", ".rels")):
                with archive.open(info) as member:
                    if declares_entities(member.read()):
                        raise UnsafeInputError(f"member {info.filename!r} declares XML entities",
                                               file=source)
        return docx.Document(io.BytesIO(data))
    except InputError:
        raise
    except Exception as exc:  # python-docx raises KeyError, ValueError, lxml errors …
        raise InputError(f"not a readable DOCX document: {type(exc).__name__}: {exc}",
                         file=source) from None
