"""Downloads of one edition: plain text, JSON, DOCX (real headings), Akoma Ntoso 3.0 XML and PDF.

The act page answers ``?format=txt|json|docx|akn|pdf`` through ``export`` (PDF: typeset by
WeasyPrint in ``web.pdf_export``, from the same paragraphs as the DOCX). XML is built with lxml
(never by string concatenation), so document text is escaped by the serializer.

Cost is linear in the edition and bounded: the DOCX body is built as one list of ``<w:p>``
elements appended once (python-docx's ``add_paragraph`` looks for the section properties past
every paragraph already there, so a code of 6,000 paragraphs took seconds); an edition over
``EXPORT_MAX_PARAGRAPHS`` lines or ``EXPORT_MAX_CHARS`` characters answers 413 naming the
limit (a PDF: over ``EXPORT_MAX_PDF_CHARS``, typesetting being the costly part); an edition
over ``EXPORT_CACHE_MIN_CHARS`` characters, and every PDF, is rendered once per format and kept
in the data folder (``web.export_cache``). ``translit`` (TXT, PDF): the edition in the other
Uzbek script, transliterated automatically and labelled so.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date

from docx import Document as DocxDocument
from flask import Response, abort, current_app
from lxml import etree

from lexsearch.model import Edition, Work
from lexsearch.render import edition_json, edition_text
from lexsearch.store import StoredProvision

from .act_view import CONTAINERS, provision_label, store
from .export_cache import cached_export, export_key
from .pdf_export import PDF_MAX_CHARS, PDF_TYPE, edition_pdf

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
FORMATS = ("txt", "json", "docx", "akn", "pdf")
TRANSLIT_FORMATS = ("txt", "pdf")  # an automatic transliteration downloads as these
EXPORT_VERSION = 3  # bump when an exporter's output changes: stored exports get new keys
MAX_PARAGRAPHS = 200_000  # lines of one edition an export renders (config EXPORT_MAX_PARAGRAPHS)
MAX_CHARS = 64 * 1024 * 1024  # characters of text (config EXPORT_MAX_CHARS)
CACHE_MIN_CHARS = 100_000  # editions this large are rendered once (EXPORT_CACHE_MIN_CHARS)
CORE_PROPERTY_MAX = 255  # OOXML core properties (title, identifier …) hold 255 characters
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_MIMETYPES = {"txt": "text/plain; charset=utf-8", "json": "application/json",
              "docx": DOCX_TYPE, "akn": "application/akn+xml", "pdf": PDF_TYPE}
_EXT = {"txt": "txt", "json": "json", "docx": "docx", "akn": "xml", "pdf": "pdf"}
_ATTACHMENT = ("txt", "docx", "pdf")  # downloaded as a file (Content-Disposition)
# our provision kind -> AKN element; kinds not listed become <hcontainer name="kind">
_AKN_ELEMENT = {"book": "book", "part": "part", "section": "section", "subsection": "subsection",
                "chapter": "chapter", "paragraph": "paragraph", "article": "article",
                "clause": "clause", "point": "point"}
_OUTSIDE_BODY = {"preface": "preface", "preamble": "preamble", "conclusions": "conclusions"}
_AKN_LANG = {"uzb": "uzb", "uzb-Cyrl": "uzb", "rus": "rus", "eng": "eng"}


def filename(edition: Edition, ext: str) -> str:
    parts = edition.work_uri.strip("/").split("/")[2:]  # country/act/… → subtype/date/number
    return "_".join(parts[1:] + [edition.lang, edition.valid_from]) + "." + ext


def _size(provisions: list[StoredProvision]) -> tuple[int, int]:
    """(lines, characters) of an edition's text."""
    lines = chars = 0
    for p in provisions:
        text = p.text or ""
        lines += text.count("\n") + 2  # its lines and its heading
        chars += len(text) + len(p.heading or "")
    return lines, chars


def _check_size(fmt: str, provisions: list[StoredProvision]) -> int:
    lines, chars = _size(provisions)
    cfg = current_app.config
    max_lines = int(cfg.get("EXPORT_MAX_PARAGRAPHS", MAX_PARAGRAPHS))
    max_chars = int(cfg.get("EXPORT_MAX_CHARS", MAX_CHARS))
    if fmt == "pdf":
        max_chars = min(max_chars, int(cfg.get("EXPORT_MAX_PDF_CHARS", PDF_MAX_CHARS)))
    if fmt in ("docx", "akn", "pdf") and lines > max_lines:
        abort(413, f"format={fmt}: this edition has {lines:,} lines, more than the {max_lines:,} "
                   "an export renders; download format=txt")
    if chars > max_chars:
        abort(413, f"format={fmt}: this edition has {chars:,} characters of text, more than the "
                   f"{max_chars:,} an export renders")
    return chars


def render(work: Work, edition: Edition, fmt: str,
           translit: str | None = None) -> tuple[bytes, bool]:
    """The export body, and whether it is worth keeping (a large edition, any PDF: see
    ``export_cache``)."""
    s = store()
    provisions = s.provisions(edition)
    chars = _check_size(fmt, provisions)
    keep = fmt == "pdf" or chars >= int(current_app.config.get("EXPORT_CACHE_MIN_CHARS",
                                                                CACHE_MIN_CHARS))
    if fmt == "txt":
        body = edition_text(s, work, edition, provisions, translit=translit).encode()
    elif fmt == "pdf":
        body = edition_pdf(work, edition, provisions, translit=translit)
    elif fmt == "json":
        body = current_app.json.dumps(edition_json(s, work, edition, provisions)).encode()
    elif fmt == "docx":
        body = edition_docx(work, edition, provisions)
    else:
        body = edition_akn(work, edition, provisions, s.notes(edition))
    return body, keep


def export(work: Work, edition: Edition, fmt: str, translit: str | None = None) -> Response:
    """The download of ``edition`` in ``fmt``; ``translit``: an automatic transliteration into
    that Uzbek script (TXT and PDF only; the caller checked the work lacks that script)."""
    if fmt not in FORMATS:
        abort(400, f"format: must be one of {', '.join(FORMATS)}, not {fmt[:20]!r}")
    if translit and fmt not in TRANSLIT_FORMATS:
        abort(400, f"format={fmt[:20]}: an automatic transliteration downloads as "
                   f"{' or '.join('format=' + f for f in TRANSLIT_FORMATS)}")
    key = export_key(EXPORT_VERSION, fmt, edition.uri, edition.content_hash, work.title,
                     work.titles, work.number, work.date, work.issuer, work.subtype,
                     work.country, *([translit] if translit else []))
    body = cached_export(current_app.config["DATA_DIR"], key, _EXT[fmt],
                         lambda: render(work, edition, fmt, translit))
    resp = Response(body, content_type=_MIMETYPES[fmt])
    if fmt in _ATTACHMENT:
        name = filename(edition, fmt)
        if translit:
            name = name.replace(f"_{edition.lang}_", f"_{translit}-auto_")
        resp.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return resp


def _heading_level(p: StoredProvision, depth: dict[str, int]) -> int:
    level = depth.get(p.parent or "", 0) + 1
    depth[p.eid] = level
    return min(level, 6)


def _clip(text: str, limit: int = CORE_PROPERTY_MAX) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def docx_paragraphs(work: Work, edition: Edition, provisions: list[StoredProvision], *,
                    lang: str | None = None) -> Iterator[tuple[str | None, str]]:
    """(style name or None, text) of every paragraph of the Word document (and the PDF), in
    order: the title as Title, containers and articles as Heading 1–6 by depth, text as plain
    lines; ``lang``: the language the labels are printed in (default the edition's)."""
    yield "Title", work.titles.get(edition.lang) or work.title
    yield None, f"{work.number} · {work.date} · {edition.uri}"
    depth: dict[str, int] = {}
    for p in provisions:
        label = provision_label(p, lang or edition.lang)
        if label and (p.kind in CONTAINERS or p.kind == "article"):
            yield f"Heading {_heading_level(p, depth)}", label
        else:
            depth[p.eid] = depth.get(p.parent or "", 0)
            if label:
                yield None, label
        for line in (p.text or "").split("\n"):
            if line.strip():
                yield None, line


def _w(parent, tag: str, **attrs: str):
    return etree.SubElement(parent, f"{{{W_NS}}}{tag}",
                            {f"{{{W_NS}}}{k}": v for k, v in attrs.items()})


def _paragraph_template(style_id: str | None):
    """``<w:p>[<w:pPr><w:pStyle/></w:pPr>]<w:r><w:t xml:space="preserve"/></w:r></w:p>``:
    copied for every paragraph (a copy costs a third of building its elements)."""
    para = etree.Element(f"{{{W_NS}}}p")
    if style_id:
        _w(_w(para, "pPr"), "pStyle", val=style_id)
    _w(_w(para, "r"), "t").set(XML_SPACE, "preserve")
    return para


def edition_docx(work: Work, edition: Edition, provisions: list[StoredProvision]) -> bytes:
    """A Word document (python-docx's template and styles), its body built in one pass."""
    doc = DocxDocument()
    title = work.titles.get(edition.lang) or work.title
    doc.core_properties.title = _clip(title)
    doc.core_properties.identifier = _clip(edition.uri)
    doc.core_properties.language = _clip(edition.lang)
    templates: dict[str | None, etree._Element] = {None: _paragraph_template(None)}
    body = doc.element.body
    section = body.sectPr  # stays the last child of the body
    paragraphs = []
    for style, text in docx_paragraphs(work, edition, provisions):
        if style not in templates:
            templates[style] = _paragraph_template(doc.styles[style].style_id)
        para = templates[style].__copy__()  # lxml copies the whole subtree
        para[-1][0].text = text  # <w:r><w:t>
        paragraphs.append(para)
    if section is not None:
        body.remove(section)
    body.extend(paragraphs)
    if section is not None:
        body.append(section)
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


def _akn_attachment(act, work: Work, edition: Edition, p: StoredProvision, parent) -> object:
    """An annex (or the rules a decree approves) as AKN models it: ``<attachments>`` after the
    body and conclusions of the document it belongs to (the act, or the annex ``parent``'s
    ``doc``), one ``<attachment>`` with its number and heading holding a ``<doc
    name="annex">`` of its own (identification ``…/!att_1``); returns the ``mainBody`` its
    provisions go into."""
    owner = act if parent is None else parent.getparent()  # parent: the outer annex's mainBody
    box = owner.find(f"{{{AKN_NS}}}attachments")
    if box is None:
        box = _e(owner, "attachments")
    attachment = _e(box, "attachment", eId=p.eid)
    if p.num:
        _e(attachment, "num").text = p.num
    if p.heading:
        _e(attachment, "heading").text = p.heading
    doc = _e(attachment, "doc", name="annex")
    _akn_meta(doc, work, edition, [])
    meta = doc.find(f"{{{AKN_NS}}}meta")
    meta.remove(meta.find(f"{{{AKN_NS}}}references"))  # the act's: eIds are unique per act
    for this in doc.iter(f"{{{AKN_NS}}}FRBRthis"):
        this.set("value", this.get("value").replace("/!main", f"/!{p.eid}"))
    if p.heading:
        _e(_e(_e(doc, "preface"), "p", **{"class": "title"}), "docTitle").text = p.heading
    main = _e(doc, "mainBody")
    if p.text and p.text.strip():
        _akn_content(_e(main, "hcontainer", eId=f"{p.eid}__text", name="text"), p, False)
    return main


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
        if p.kind == "attachment":
            placed[p.eid] = _akn_attachment(act, work, edition, p, placed.get(p.parent or ""))
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
