"""Reader for DOCX files (python-docx, opened through the zip-bomb guard in ``safe``).

Paragraphs and tables are read in document order; a table becomes one text row per table row
(cells joined by `` | ``). Headings are recognised by style (``Heading N``, ``Title``) and by
text (``Статья 5``, ``Artículo 5``, ``Article 5``, ``Глава``/``Capítulo``/``Título``); an
``Статья N``/``Artículo N`` line opens an article, the other headings open containers. Text
before the first heading is the preamble. The language is guessed from the script and a few
function words; the title is the first ``Title``/heading paragraph, else the first bold line.
"""

from __future__ import annotations

import re
from pathlib import Path

from lexsearch.model import Document, EditionText, Provision, WorkMeta

from .safe import open_docx_safely

_ARTICLE = re.compile(r"^(?:Статья|Artículo|Articulo|Article|ARTÍCULO|СТАТЬЯ)\s+"
                      r"(\d+(?:[.\-]\d+)*[a-zº°]*(?:\s+(?:bis|ter|quáter))?)[.°º:]?\s*(.*)$")
_CONTAINER = re.compile(r"^(?P<word>Глава|ГЛАВА|Раздел|РАЗДЕЛ|Capítulo|CAPÍTULO|Título|TÍTULO|"
                        r"Chapter|CHAPTER)\s+(?P<num>[0-9IVXLC]+)\.?\s*(?P<rest>.*)$")
_CONTAINER_KIND = {"глава": ("chapter", "chp"), "capítulo": ("chapter", "chp"),
                   "chapter": ("chapter", "chp"), "раздел": ("section", "sec"),
                   "título": ("part", "part")}
_SPANISH = {"el", "la", "de", "que", "los", "las", "del", "por", "con", "una", "para", "se"}
_ENGLISH = {"the", "of", "and", "to", "in", "shall", "is", "for", "by", "with", "that"}


def guess_language(text: str) -> str:
    """``rus`` if the text is mostly Cyrillic, else ``spa`` or ``eng`` by function words."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return "und"
    cyrillic = sum(1 for c in letters if "\u0400" <= c <= "\u04ff")
    if cyrillic * 2 > len(letters):
        return "rus"
    words = re.findall(r"[a-záéíóúñü]+", text.lower())
    spanish = sum(1 for w in words if w in _SPANISH)
    english = sum(1 for w in words if w in _ENGLISH)
    return "spa" if spanish >= english else "eng"


def _blocks(document) -> list[tuple[str, str, bool]]:
    """(text, style name, is heading-like) for each paragraph and table row, in order."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    out = []
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            text = re.sub(r"[ \t\xa0]+", " ", item.text).strip()
            if not text:
                continue
            style = item.style.name if item.style is not None else ""
            runs = [r for r in item.runs if r.text.strip()]
            bold = bool(runs) and bool(runs[0].bold)  # a line that opens in bold
            out.append((text, style, bold))
        elif isinstance(item, Table):
            for row in item.rows:
                cells = []
                for cell in row.cells:
                    value = re.sub(r"\s+", " ", cell.text).strip()
                    if value and (not cells or cells[-1] != value):  # merged cells repeat
                        cells.append(value)
                if cells:
                    out.append((" | ".join(cells), "Table", False))
    return out


def _is_heading(style: str) -> int | None:
    m = re.match(r"^(?:Heading|Заголовок|Título)\s*(\d)", style)
    if m:
        return int(m.group(1))
    return 0 if style in ("Title", "Название") else None


def read_docx(path: str | Path) -> Document:
    """Read one DOCX file into a ``Document`` with one edition (language guessed)."""
    source = str(path)
    document = open_docx_safely(path)
    blocks = _blocks(document)
    work = WorkMeta(country="unknown", source_id=Path(source).stem)
    doc = Document(source, work, [], format="docx")
    if not blocks:
        doc.warn("the document holds no text")
    marked = [t for t, s, b in blocks if b or _is_heading(s) is not None]
    if blocks and blocks[0][0].isupper() and len(blocks[0][0]) > 20:
        marked.insert(0, blocks[0][0])  # an all-capitals opening line is the title
    work.title = (marked or [t for t, _, _ in blocks] or [None])[0]
    lang = guess_language(" ".join(t for t, _, _ in blocks[:200]))
    work.country = {"rus": "ru", "spa": "es"}.get(lang, "unknown")

    provisions: list[Provision] = []
    seen: set[str] = set()
    current: dict | None = None
    container: str | None = None

    def flush() -> None:
        nonlocal current
        if current is not None:
            provisions.append(Provision(current["eid"], current["kind"], current["num"],
                                        current["heading"], "\n".join(current["text"]),
                                        current["parent"]))
            current = None

    def unique(eid: str) -> str:
        candidate, n = eid, 2
        while candidate in seen:
            candidate, n = f"{eid}_{n}", n + 1
        if candidate != eid:
            doc.warn(f"duplicate eId {eid}: renamed {candidate}")
        seen.add(candidate)
        return candidate

    heading_count = 0
    for text, style, _bold in blocks:
        article = _ARTICLE.match(text)
        box = _CONTAINER.match(text)
        level = _is_heading(style)
        if article:
            flush()
            num = article.group(1)
            key = re.sub(r"[^0-9a-z.\-]", "", num.lower())
            current = {"eid": unique(f"art_{key}"), "kind": "article", "num": num,
                       "heading": article.group(2) or None, "text": [], "parent": container}
        elif box or (level is not None and text != work.title):
            flush()
            heading_count += 1
            if box:
                kind, prefix = _CONTAINER_KIND.get(box["word"].lower(), ("chapter", "chp"))
                own, num, heading = f"{prefix}_{box['num']}", box["num"], box["rest"] or None
            else:
                kind, own, num, heading = "section", f"sec_{heading_count}", None, text
            container = unique(own)
            current = {"eid": container, "kind": kind, "num": num, "heading": heading,
                       "text": [], "parent": None}
        else:
            if current is None:
                current = {"eid": unique("preamble"), "kind": "preamble", "num": None,
                           "heading": None, "text": [], "parent": None}
            current["text"].append(text)
    flush()
    doc.editions.append(EditionText(lang, None, provisions, title=work.title))
    doc.warn("DOCX carries no edition date: valid_from unknown")
    return doc
