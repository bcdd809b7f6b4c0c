"""The generic DOCX reading, for Word files that are not acts the recogniser reads (forms,
lists of documents, Spanish bills): headings by style (``Heading N``, ``Title``) and by text
(``Статья 5``, ``Artículo 5``, ``Article 5``, ``Глава``/``Capítulo``/``Título``); an
``Статья N``/``Artículo N`` line opens an article, the other headings open containers. Text
before the first heading is the preamble. The title is the first ``Title``/heading paragraph,
else the first bold line.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

from lexsearch.model import Document, EditionText, Provision, WorkMeta

_ARTICLE = re.compile(r"^(?:Статья|Artículo|Articulo|Article|ARTÍCULO|СТАТЬЯ)\s+"
                      r"(\d+(?:[.\-]\d+)*[a-zº°]*(?:\s+(?:bis|ter|quáter))?)[.°º:]?\s*(.*)$")
_CONTAINER = re.compile(r"^(?P<word>Глава|ГЛАВА|Раздел|РАЗДЕЛ|Capítulo|CAPÍTULO|Título|TÍTULO|"
                        r"Chapter|CHAPTER)\s+(?P<num>[0-9IVXLC]+)\.?\s*(?P<rest>.*)$")
_CONTAINER_KIND = {"глава": ("chapter", "chp"), "capítulo": ("chapter", "chp"),
                   "chapter": ("chapter", "chp"), "раздел": ("section", "sec"),
                   "título": ("part", "part")}
_SPANISH = {"el", "la", "de", "que", "los", "las", "del", "por", "con", "una", "para", "se"}
_ENGLISH = {"the", "of", "and", "to", "in", "shall", "is", "for", "by", "with", "that"}
_UZBEK = re.compile(r"\b\d+-modda\b|\bO[ʻ'‘’`]zbekiston\b|\brespublikasi", re.IGNORECASE)


class Block(NamedTuple):
    """A paragraph (or table row) as the generic reading sees it."""

    text: str
    style: str  # paragraph style name ("Table" for a table row)
    bold: bool  # the paragraph opens in bold
    label: str = ""  # Word's auto-number in front of the text ("1. "), "" if none


def guess_language(text: str) -> str:
    """``rus`` if the text is mostly Cyrillic (``uzb-Cyrl`` with the Uzbek letters ``ў қ ғ ҳ``),
    ``uzb`` for Uzbek Latin, else ``spa`` or ``eng`` by function words."""
    from ingest.folding import language_of

    letters = [c for c in text if c.isalpha()]
    if not letters:
        return "und"
    cyrillic = sum(1 for c in letters if "\u0400" <= c <= "\u04ff")
    if cyrillic * 2 > len(letters):
        return language_of([text])
    if len(_UZBEK.findall(text)) >= 2:
        return "uzb"
    words = re.findall(r"[a-záéíóúñü]+", text.lower())
    spanish = sum(1 for w in words if w in _SPANISH)
    english = sum(1 for w in words if w in _ENGLISH)
    return "spa" if spanish >= english else "eng"


def _is_heading(style: str) -> int | None:
    m = re.match(r"^(?:Heading|Заголовок|Título)\s*(\d)", style)
    if m:
        return int(m.group(1))
    return 0 if style in ("Title", "Название") else None


def read_generic(blocks: list[Block], source: str, why: str | None = None) -> Document:
    """``blocks`` of one DOCX file into a ``Document`` with one edition (language guessed).
    ``why``: the recogniser's reason for not reading the file, reported if it has articles."""
    work = WorkMeta(country="unknown", source_id=Path(source).stem)
    doc = Document(source, work, [], format="docx")
    if not blocks:
        doc.warn("the document holds no text")
    # the title is a line as printed, without the number Word puts in front of a list item
    plain = [(b.text[len(b.label):].lstrip(), b.style, b.bold) for b in blocks]
    marked = [t for t, s, b in plain if b or _is_heading(s) is not None]
    if plain and plain[0][0].isupper() and len(plain[0][0]) > 20:
        marked.insert(0, plain[0][0])  # an all-capitals opening line is the title
    work.title = (marked or [t for t, _, _ in plain] or [None])[0]
    lang = guess_language(" ".join(b.text for b in blocks[:200]))
    work.country = {"rus": "ru", "spa": "es", "uzb": "uz", "uzb-Cyrl": "uz"}.get(lang, "unknown")
    sample = " ".join(b.text for b in blocks[:200])
    if lang == "rus" and sample.count("Узбекистан") > sample.count("Российской Федерации"):
        work.country = "uz"  # a Russian text of an Uzbek act

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
    for text, style, _bold, _label in blocks:
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
    if why and any(p.kind == "article" for p in provisions):
        doc.warn(f"not read as an act ({why}): generic DOCX reading")
    doc.warn("DOCX carries no edition date: valid_from unknown")
    return doc
