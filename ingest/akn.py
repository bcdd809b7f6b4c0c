"""Reader for Akoma Ntoso XML: the OASIS 3.0 namespace (EU) and the German LegalDocML.de profile.

Metadata come from ``FRBRWork`` (``FRBRuri``, ``FRBRdate``, ``FRBRcountry``, ``FRBRnumber``) and
``FRBRExpression`` (``FRBRuri``, ``FRBRdate``, ``FRBRlanguage``). The expression's date is the
edition's ``valid_from``: the ELI point-in-time in the expression URI where there is one
(``…/s593/2017-03-16/1/deu``), else the expression ``FRBRdate``. Versions of one act share the
work ``FRBRuri`` and therefore one ``WorkMeta``.

The hierarchy (book, part, title, chapter, section, subsection, article, paragraph) becomes a
flat list of provisions. eIds already in our scheme (``art_1``) are kept; paragraphs stay in their article's text;
others (the German ``art-z20_abs-z1``) are rebuilt from the printed numbers.
"""

from __future__ import annotations

import re
from pathlib import Path

from lexsearch.errors import InputError
from lexsearch.model import Document, EditionText, Provision, WorkMeta
from lexsearch.uri import work_uri

from .safe import parse_xml, read_bounded

# AKN element -> (our kind, eId prefix, nesting level)
_CONTAINERS = {"book": ("book", "book", 0), "part": ("part", "part", 1),
               "title": ("part", "title", 2), "chapter": ("chapter", "chp", 3),
               "section": ("section", "sec", 4), "subsection": ("subsection", "subsec", 5)}
_SKIP_TEXT = {"num", "heading", "authorialNote", "subheading"}
_OUR_ARTICLE_EID = re.compile(r"^art_[0-9A-Za-z.\-]+$")
_LANG3 = {"en": "eng", "de": "deu", "es": "spa", "ru": "rus", "fr": "fra", "deu": "deu",
          "eng": "eng", "spa": "spa", "rus": "rus"}
_SUBTYPES = {"reg": "regulation", "dir": "directive", "dec": "decision"}
_ELI_EXPRESSION_DATE = re.compile(r"/(\d{4}-\d{2}-\d{2})/\d+/[a-z]{3}/?$")


def _local(el) -> str:
    tag = el.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _children(el, name: str) -> list:
    return [c for c in el if _local(c) == name]


def _find(el, *path: str):
    for name in path:
        found = _children(el, name) if el is not None else []
        el = found[0] if found else None
    return el


def _text(el, skip: set[str] = frozenset()) -> str:
    """Text of ``el`` with whitespace collapsed, leaving out sub-elements named in ``skip``."""
    parts: list[str] = []

    def walk(node) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            if _local(child) not in skip:
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(el)
    return re.sub(r"\s+", " ", "".join(parts)).strip()


def _block_text(el) -> str:
    """Body text of a provision: each ``p``/list item on its own line, notes left out."""
    lines: list[str] = []
    for node in el.iter():
        name = _local(node)
        if name in ("p", "listIntroduction", "listWrapUp") and \
                not any(_local(a) in ("authorialNote", "heading") for a in node.iterancestors()):
            text = _text(node, {"authorialNote"})
            if text:
                lines.append(text)
    return "\n".join(lines)


def _num_key(num: str | None) -> str:
    """``§ 20a`` -> ``20a``, ``Artikel 34`` -> ``34``, ``(1)`` -> ``1``, ``CHAPTER II`` -> ``II``."""
    if not num:
        return ""
    text = re.sub(r"^(§+|Artikel|Article|Art\.|Chapter|Kapitel|Abschnitt|Section|Teil|Buch|"
                  r"Titel|Unterabschnitt|Part|Title|Book)\s*", "", num.strip(), flags=re.I)
    return re.sub(r"[^0-9A-Za-z.\-]+", "", text).strip(".-")


def _value(el, name: str, attr: str = "value") -> str | None:
    child = _find(el, name)
    return child.get(attr) if child is not None else None


def read_akn(path: str | Path) -> Document:
    """Read one Akoma Ntoso file into a ``Document`` with one edition."""
    source = str(path)
    root = parse_xml(read_bounded(path), source)
    if _local(root) != "akomaNtoso":
        raise InputError(f"root element is <{_local(root)}>, not <akomaNtoso>", file=source,
                         line=root.sourceline)
    act = next((c for c in root if isinstance(c.tag, str)), None)
    ident = _find(act, "meta", "identification") if act is not None else None
    if ident is None:
        raise InputError("no meta/identification block", file=source, field="identification")
    fwork, fexpr = _find(ident, "FRBRWork"), _find(ident, "FRBRExpression")
    if fwork is None or fexpr is None:
        raise InputError("FRBRWork or FRBRExpression missing", file=source, field="FRBRWork")

    work_uri_text = _value(fwork, "FRBRuri") or _value(fwork, "FRBRthis")
    country = (_value(fwork, "FRBRcountry") or "").lower() or None
    signed = [d.get("date") for d in act.iter() if _local(d) == "date"
              and d.get("refersTo") == "ausfertigung-datum" and d.get("date")]
    work_dates = [d.get("date") for d in _children(fwork, "FRBRdate")]
    name = act.get("name", "")
    subtype = _SUBTYPES.get(name) or ("gesetz" if country == "de" else (name or "act"))
    work = WorkMeta(country=country or "unknown", subtype=subtype,
                    number=_value(fwork, "FRBRnumber"),
                    date=(signed or work_dates or [None])[0], source_id=work_uri_text)
    if work.date and work.number and re.fullmatch(r"\d{4}-\d{2}-\d{2}", work.date):
        try:
            work.uri = work_uri(subtype, work.date, work.number, country=work.country).work_uri
        except ValueError:
            pass
    doc = Document(source, work, [], format="akn")
    author = _find(fwork, "FRBRauthor")
    if author is not None:
        work.issuer = author.get("href", "").rstrip("/").rsplit("/", 1)[-1] or None

    expr_uri = _value(fexpr, "FRBRuri") or ""
    m = _ELI_EXPRESSION_DATE.search(expr_uri)
    valid_from = m.group(1) if m else _value(fexpr, "FRBRdate", "date")
    if not valid_from:
        doc.warn("expression date unknown (no FRBRdate in FRBRExpression)")
    lang_raw = (_value(fexpr, "FRBRlanguage", "language") or "").lower()
    lang = _LANG3.get(lang_raw)
    if not lang:
        doc.warn(f"unknown FRBRlanguage {lang_raw!r}")
        lang = lang_raw or "und"

    preface = _find(act, "preface")
    titles = [e for e in (preface.iter() if preface is not None else [])
              if _local(e) in ("longTitle", "docTitle")]
    if titles:  # the whole long title, without the draft stage and proponent (German drafts)
        title = _text(titles[0], {"authorialNote", "docStage", "docProponent"})
        work.title = re.sub(r"\(\s+", "(", title) or None

    body = _find(act, "body")
    body = body if body is not None else _find(act, "mainBody")
    if body is None:
        raise InputError("no <body> in the act", file=source, field="body")
    provisions: list[Provision] = []
    seen: set[str] = set()

    def unique(eid: str, line: int | None) -> str:
        candidate, n = eid, 2
        while candidate in seen:
            candidate, n = f"{eid}_{n}", n + 1
        if candidate != eid:
            doc.warn(f"duplicate eId {eid}: renamed {candidate}", line)
        seen.add(candidate)
        return candidate

    def heading_of(el) -> tuple[str | None, str | None]:
        num = _find(el, "num")
        head = _find(el, "heading")
        return (_text(num, {"authorialNote"}) if num is not None else None,
                _text(head, {"authorialNote"}) if head is not None else None)

    def walk(el, parent: str | None) -> None:
        for child in el:
            name = _local(child)
            if name in _CONTAINERS:
                kind, prefix, _level = _CONTAINERS[name]
                num, heading = heading_of(child)
                key = _num_key(num) or str(len(provisions) + 1)
                own = f"{prefix}_{key}"
                eid = unique(f"{parent}__{own}" if parent else own, child.sourceline)
                provisions.append(Provision(eid, kind, num, heading, "", parent, child.sourceline))
                walk(child, eid)
            elif name == "article":
                num, heading = heading_of(child)
                doc_eid = child.get("eId", "")
                eid = doc_eid if _OUR_ARTICLE_EID.match(doc_eid) else f"art_{_num_key(num)}"
                if eid == "art_":
                    doc.warn(f"article without a number (eId {doc_eid!r})", child.sourceline)
                    eid = f"art_{len(provisions) + 1}"
                eid = unique(eid, child.sourceline)
                paras = _children(child, "paragraph")
                texts = []
                for para in paras:
                    pnum, _ = heading_of(para)
                    body_text = _block_text(para)
                    texts.append(f"{pnum} {body_text}".strip() if pnum else body_text)
                if not paras:
                    texts.append(_block_text(child))
                # Paragraphs stay inside the article's text (one line each), as every other
                # reader does: a separate clause provision would hold the same words twice.
                provisions.append(Provision(eid, "article", num, heading,
                                            "\n".join(t for t in texts if t), parent,
                                            child.sourceline))
            elif isinstance(child.tag, str) and name not in _SKIP_TEXT:
                walk(child, parent)

    walk(body, None)
    if not any(p.kind == "article" for p in provisions):
        doc.warn("no articles in the body")
    doc.editions.append(EditionText(lang, valid_from, provisions, title=work.title))
    return doc
