"""Reader for a lex.uz document page saved as HTML (``lex.uz/docs/<id>``).

The act is the ``#divCont`` block of the page; everything else (menus, the toolbar of each
element, the search box, advertising, the footer) is the site's chrome. Inside it, lex.uz marks
every element of the act with ``lx_elem`` and a class naming what it is: ``ACCEPTING_BODY``
(the issuer), ``ACT_FORM`` (``qarori``), ``ACT_TITLE``, ``ACT_TEXT`` (a point, a sub-point or a
paragraph), ``TEXT_HEADER_DEFAULT`` (a chapter heading), ``SIGNATURE``,
``ACT_ESSENTIAL_ELEMENTS`` (place, date, number), ``APPL_BANNER_LANDSCAPE_TITLE`` (an annex's
banner, ``… qaroriga 1-ILOVA``), ``ACT_TITLE_APPL`` (its title), ``FOOTNOTE``, ``TEXT_CENTER``,
``BY_DEFAULT`` (tables, images, empty spacers). Between elements stand the amendment notes
(``CHANGES_ORIGINS``), the "see previous edition" links (``COMMENT``) and at the end the
publication list (``PUBLICATION_ORIGIN``); the classification
indexes (``INDEXES_ON_REF``) are not the act's text.

Each element becomes one line, as lex.uz prints it in text: superscripts as superscript digits
(``12¹.``, ``sm³``), line breaks as spaces, a table as one line per row (``| cell | cell |``, so no
cell is read as a point), images dropped. The page's own header (``docHeader``: ``… Vazirlar
Mahkamasining qarori, 12.04.2022 yildagi 172-son``, the entry-into-force date) comes first, as
in lex.uz's text; the act's lex.uz id (``source_id``) is read from the page. The lines then go to the one structure recogniser
(``ingest.lexuz_text.read_lines``); a warning's line number is the line's place in that list
(``lexuz_html_lines``), since the page holds the whole act on one source line.
"""

from __future__ import annotations

import re
from pathlib import Path

from ingest.lexuz_text import clean_line, read_lines
from ingest.safe import parse_html, read_bounded
from lexsearch.errors import InputError
from lexsearch.model import Document

_SUP = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_NOTE_CLASSES = {"CHANGES_ORIGINS", "COMMENT", "PUBLICATION_ORIGIN"}
_SKIP_CLASSES = {"INDEXES_ON_REF", "lx_elem2", "lx_elem3"}
_DOC_ID = re.compile(r"^on(?:LBC|LS)-(\d+)$")
_SNIFF_BYTES = 2 * 1024 * 1024  # lex.uz pages carry ~60 KB of inline style before the act


def _classes(el) -> set[str]:
    return set((el.get("class") or "").split())


def _text(el) -> str:
    """An element's text as printed: superscripts kept, breaks as spaces, tables as rows."""
    for sup in el.iter("sup"):
        sup.text = (sup.text or "").strip().translate(_SUP)
    for br in el.iter("br"):
        br.tail = " " + (br.tail or "")
    return clean_line(el.text_content())


def _rows(table) -> list[str]:
    rows = []
    for tr in table.iter("tr"):
        cells = [_text(td) for td in tr if td.tag in ("td", "th")]
        if any(cells):
            rows.append("| " + " | ".join(cells) + " |")
    return rows


def _element_lines(el) -> list[str]:
    for junk in el.xpath(".//div[contains(concat(' ', @class, ' '), ' lx_elem2 ')]"):
        junk.drop_tree()
    tables = el.xpath(".//table")
    if not tables:
        return [_text(el)]
    lines: list[str] = []
    for table in tables:
        if table.getparent() is not None and not table.xpath("ancestor::table"):
            lines.extend(_rows(table))
            table.drop_tree()
    rest = _text(el)
    return ([rest] if rest else []) + lines


def _header_lines(root) -> list[str]:
    """The page's header block: the act's requisites and its entry-into-force date."""
    lines = []
    for item in root.xpath("//div[contains(concat(' ', @class, ' '), ' docHeader__item ')]"):
        texts = [clean_line(x.text_content()) for x in item.xpath(
            ".//div[contains(@class, 'docHeader__item-label') or "
            "contains(@class, 'docHeader__item-value')]")]
        lines.extend(t for t in texts if t)
    return lines


def _page(path: str | Path):
    source = str(path)
    root = parse_html(read_bounded(path), source)
    content = root.xpath("//div[@id='divCont']")
    if not content:
        raise InputError("not a lex.uz document page: no #divCont block", file=source)
    return root, content[0]


def _doc_id(content) -> str | None:
    """lex.uz's id of the act (``/docs/5953883``), from the anchors of its indexes."""
    for anchor in content.xpath(".//a[@id]"):
        m = _DOC_ID.match(anchor.get("id"))
        if m:
            return m.group(1)
    return None


def lexuz_html_lines(path: str | Path) -> list[str]:
    """The lines of a lex.uz document page, header first (see the module docstring)."""
    return _lines(*_page(path), str(path))


def _lines(root, content, source: str) -> list[str]:
    lines = _header_lines(root)
    count = 0
    for el in list(content.iter("div")):
        classes = _classes(el)
        if classes & _SKIP_CLASSES or any(_classes(a) & (_NOTE_CLASSES | {"lx_elem"})
                                          for a in el.iterancestors("div")):
            continue
        if "lx_elem" in classes:
            count += 1
            lines.extend(x for x in _element_lines(el) if x)
        elif classes & _NOTE_CLASSES:
            text = _text(el)
            if text:
                lines.append(text)
    if not count:
        raise InputError("no lex.uz act elements (lx_elem) in #divCont", file=source)
    return lines


def is_lexuz_html(path: str | Path) -> bool:
    """Whether an HTML file is a lex.uz document page: its act elements are marked ``lx_elem``
    inside ``#divCont`` (a pravo.gov.ru page has neither)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(_SNIFF_BYTES)
    except OSError:
        return False
    return b"lx_elem" in head and (b'id="divCont"' in head or b"lex.uz" in head)


def read_lexuz_html(path: str | Path) -> Document:
    """Read one lex.uz document page into a ``Document`` (see the module docstring)."""
    root, content = _page(path)
    doc = read_lines(_lines(root, content, str(path)), str(path), fmt="lexuz_html")
    doc.work.source_id = _doc_id(content) or doc.work.source_id
    return doc
