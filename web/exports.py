"""Downloads of one edition: plain text, JSON, DOCX (real headings) and Akoma Ntoso 3.0 XML.

The act page answers ``?format=txt|json|docx|akn`` through ``export``. XML is built with lxml
(never by string concatenation), so document text is escaped by the serializer.
"""

from __future__ import annotations

import io
from datetime import date

from docx import Document as DocxDocument
from flask import Response, abort, jsonify
from lxml import etree

from lexsearch.model import Edition, Work
from lexsearch.render import edition_json, edition_text
from lexsearch.store import StoredProvision

from .act_view import CONTAINERS, provision_label, store

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
FORMATS = ("txt", "json", "docx", "akn")
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# our provision kind -> AKN element; kinds not listed become <hcontainer name="kind">
_AKN_ELEMENT = {"book": "book", "part": "part", "section": "section", "subsection": "subsection",
                "chapter": "chapter", "paragraph": "paragraph", "article": "article",
                "clause": "clause", "point": "point"}
_OUTSIDE_BODY = {"preface": "preface", "preamble": "preamble", "conclusions": "conclusions"}
_AKN_LANG = {"uzb": "uzb", "uzb-Cyrl": "uzb", "rus": "rus", "eng": "eng"}


def filename(edition: Edition, ext: str) -> str:
    parts = edition.work_uri.strip("/").split("/")[2:]  # country/act/… → subtype/date/number
    return "_".join(parts[1:] + [edition.lang, edition.valid_from]) + "." + ext


def _attachment(body: bytes | str, mimetype: str, name: str) -> Response:
    resp = Response(body, mimetype=mimetype)
    resp.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return resp


def export(work: Work, edition: Edition, fmt: str) -> Response:
    s = store()
    if fmt == "txt":
        return _attachment(edition_text(s, work, edition), "text/plain; charset=utf-8",
                           filename(edition, "txt"))
    if fmt == "json":
        return jsonify(edition_json(s, work, edition))
    if fmt == "docx":
        return _attachment(edition_docx(work, edition, s.provisions(edition)), DOCX_TYPE,
                           filename(edition, "docx"))
    if fmt == "akn":
        body = edition_akn(work, edition, s.provisions(edition), s.notes(edition))
        return Response(body, mimetype="application/akn+xml")
    abort(400, f"format: must be one of {', '.join(FORMATS)}, not {fmt[:20]!r}")


def _heading_level(p: StoredProvision, depth: dict[str, int]) -> int:
    level = depth.get(p.parent or "", 0) + 1
    depth[p.eid] = level
    return min(level, 6)


def edition_docx(work: Work, edition: Edition, provisions: list[StoredProvision]) -> bytes:
    """A Word document: the title as Title, containers and articles as Heading 1–6 by depth,
    the text as plain paragraphs."""
    doc = DocxDocument()
    doc.core_properties.title = work.titles.get(edition.lang) or work.title
    doc.core_properties.identifier = edition.uri
    doc.core_properties.language = edition.lang
    doc.add_heading(work.titles.get(edition.lang) or work.title, level=0)
    doc.add_paragraph(f"{work.number} · {work.date} · {edition.uri}")
    depth: dict[str, int] = {}
    for p in provisions:
        label = provision_label(p, edition.lang)
        if label and (p.kind in CONTAINERS or p.kind == "article"):
            doc.add_heading(label, level=_heading_level(p, depth))
        else:
            depth[p.eid] = depth.get(p.parent or "", 0)
            if label:
                doc.add_paragraph(label)
        for line in (p.text or "").split("\n"):
            if line.strip():
                doc.add_paragraph(line)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _e(parent, tag: str, **attrs: str):
    return etree.SubElement(parent, f"{{{AKN_NS}}}{tag}", {k: v for k, v in attrs.items()
                                                          if v is not None})


def _akn_meta(act, work: Work, edition: Edition, notes: list[dict]) -> None:
    meta = _e(act, "meta")
    ident = _e(meta, "identification", source="#lexsearch")
    w = _e(ident, "FRBRWork")
    _e(w, "FRBRthis", value=work.uri + "/!main")
    _e(w, "FRBRuri", value=work.uri)
    _e(w, "FRBRdate", date=work.date, name="adoption")
    _e(w, "FRBRauthor", href="#issuer" if work.issuer else "#lexsearch")
    _e(w, "FRBRcountry", value=work.country)
    _e(w, "FRBRsubtype", value=work.subtype)
    _e(w, "FRBRnumber", value=work.number or "", showAs=work.number or "")
    _e(w, "FRBRname", value=work.titles.get(edition.lang) or work.title)
    x = _e(ident, "FRBRExpression")
    _e(x, "FRBRthis", value=edition.uri + "/!main")
    _e(x, "FRBRuri", value=edition.uri)
    _e(x, "FRBRdate", date=edition.valid_from, name="validFrom")
    _e(x, "FRBRauthor", href="#lexsearch")
    _e(x, "FRBRlanguage", language=_AKN_LANG.get(edition.lang, edition.lang))
    m = _e(ident, "FRBRManifestation")
    _e(m, "FRBRthis", value=edition.uri + "/!main.xml")
    _e(m, "FRBRuri", value=edition.uri + ".akn")
    _e(m, "FRBRdate", date=date.today().isoformat(), name="generation")
    _e(m, "FRBRauthor", href="#lexsearch")
    refs = _e(meta, "references", source="#lexsearch")
    _e(refs, "TLCOrganization", eId="lexsearch", href="/ontology/organization/lexsearch",
       showAs="lexsearch")
    if work.issuer:
        _e(refs, "TLCOrganization", eId="issuer", href="/ontology/organization/issuer",
           showAs=work.issuer)
    if notes:
        box = _e(meta, "notes", source="#lexsearch")
        for i, n in enumerate(notes, 1):
            note = _e(box, "note", eId=f"note_{i}", refersTo=f"#{n['eid']}" if n["eid"] else None,
                      **{"class": n["action"] or "unknown"})
            _e(note, "p").text = n["raw"]


def _akn_content(el, p: StoredProvision, has_children: bool) -> None:
    lines = [line for line in (p.text or "").split("\n") if line.strip()]
    if not lines:
        return
    box = _e(el, "intro" if has_children else "content")
    for line in lines:
        _e(box, "p").text = line


def edition_akn(work: Work, edition: Edition, provisions: list[StoredProvision],
                notes: list[dict]) -> bytes:
    """The edition as an Akoma Ntoso 3.0 ``act``: FRBR identification, notes in ``meta``,
    the provision tree as nested hierarchy elements carrying our eIds."""
    root = etree.Element(f"{{{AKN_NS}}}akomaNtoso", nsmap={None: AKN_NS})
    act = _e(root, "act", name=work.subtype)
    _akn_meta(act, work, edition, notes)
    preface = _e(act, "preface")
    _e(_e(preface, "p", **{"class": "title"}), "docTitle").text = (
        work.titles.get(edition.lang) or work.title)
    body = _e(act, "body")
    parents = {p.parent for p in provisions if p.parent}
    placed: dict[str, etree._Element] = {}
    for p in provisions:
        if p.kind in _OUTSIDE_BODY and not p.parent:
            box = act.find(f"{{{AKN_NS}}}{_OUTSIDE_BODY[p.kind]}")
            if box is None:  # preface and preamble go before the body, conclusions after
                box = _e(act, _OUTSIDE_BODY[p.kind])
                if p.kind == "conclusions":
                    body.addnext(box)
                else:
                    body.addprevious(box)
            container = _e(box, "container", eId=p.eid, name=p.kind)
            _akn_content(container, p, False)
            for child in container.iterchildren():  # <container> holds blocks directly
                container.extend(list(child))
                container.remove(child)
            continue
        tag = _AKN_ELEMENT.get(p.kind, "hcontainer")
        parent_el = placed.get(p.parent or "", body)
        el = _e(parent_el, tag, eId=p.eid, name=p.kind if tag == "hcontainer" else None)
        if p.num:
            _e(el, "num").text = p.num
        if p.heading:
            _e(el, "heading").text = p.heading
        _akn_content(el, p, p.eid in parents)
        placed[p.eid] = el
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
