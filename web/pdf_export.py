"""PDF export of an edition or of a parallel view, typeset by WeasyPrint.

The act page answers ``?format=pdf`` (``web.exports``: bounded and stored like every other
export) and the parallel view ``…/parallel?…&format=pdf``. Both are an HTML document rendered
from ``templates/exports/`` (Jinja escapes the document text) and laid out with the print
stylesheet ``templates/exports/pdf.css``: A4, a serif that has the Latin letters of Uzbek
(``oʻ gʻ`` with U+02BB), Uzbek Cyrillic (``ў қ ғ ҳ``) and Russian (Debian's fonts-dejavu-core,
which ``make install`` installs), page numbers, and the contents as PDF bookmarks (WeasyPrint
makes them from the headings). An automatic transliteration carries its notice
(``lexsearch.render.TRANSLIT_NOTICE``) at the top and in every page footer.

WeasyPrint fetches nothing: the stylesheet is passed as a string and the URL fetcher allows
no protocol, so an ``<img src>`` or ``url()`` (there are none; document text is escaped)
could not reach the network or the file system.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

from flask import Response, current_app, render_template

from lexsearch.model import Edition, Work
from lexsearch.store import StoredProvision

from .i18n import content_lang, lang_label, t

PDF_TYPE = "application/pdf"
PDF_MAX_CHARS = 4 * 1024 * 1024  # characters one PDF typesets (config EXPORT_MAX_PDF_CHARS)
_CSS = Path(__file__).parent / "templates" / "exports" / "pdf.css"


@lru_cache(maxsize=1)
def _stylesheet():
    from weasyprint import CSS

    return CSS(string=_CSS.read_text(encoding="utf-8"))


def _no_fetching():
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols=frozenset())  # every URL refused


def html_to_pdf(document: str) -> bytes:
    """``document`` (our own HTML) typeset as PDF with the export stylesheet (503 when the
    system lacks WeasyPrint's libraries)."""
    try:
        from weasyprint import HTML
    except OSError as exc:  # cffi could not load Pango
        from flask import abort

        abort(503, f"the PDF export needs Pango and its fonts (`make install`): {exc}"[:300])

    return HTML(string=document, base_url=None, url_fetcher=_no_fetching()).write_pdf(
        stylesheets=[_stylesheet()])


def _blocks(paragraphs: Iterable[tuple[str | None, str]]) -> Iterator[tuple[str, str]]:
    """The export paragraphs (style, text) as HTML elements: Title h1, Heading n h(n+1)."""
    for style, text in paragraphs:
        if style == "Title":
            yield "h1", text
        elif style and style.startswith("Heading "):
            yield f"h{min(int(style.split()[1]) + 1, 6)}", text
        else:
            yield "p", text


def edition_pdf(work: Work, edition: Edition, provisions: list[StoredProvision], *,
                translit: str | None = None) -> bytes:
    """The edition as PDF: its title, requisites, and the provision tree as headings and
    paragraphs (the same paragraphs as the DOCX export); ``translit`` (``uzb``/``uzb-Cyrl``):
    the text in the other Uzbek script, labelled as an automatic transliteration."""
    from .exports import docx_paragraphs

    lang, notice = edition.lang, None
    if translit:
        from lexsearch.analysis.transliterate import transliterate
        from lexsearch.render import TRANSLIT_NOTICE, transliterated

        provisions = transliterated(provisions, translit)
        lang, notice = translit, TRANSLIT_NOTICE[translit]
    blocks = list(_blocks(docx_paragraphs(work, edition, provisions, lang=lang)))
    if translit:
        blocks[0] = ("h1", transliterate(blocks[0][1], translit))
    document = render_template(
        "exports/edition.html", html_lang=content_lang(lang), title=blocks[0][1],
        uri=edition.uri, notice=notice, blocks=blocks)
    return html_to_pdf(document)


def parallel_pdf(work: Work, left: Edition, right: Edition, rows: list,
                 part: str | None = None) -> Response:
    """The parallel view as a landscape PDF: one table row per eId, the two texts side by
    side, a provision one text lacks marked in the other column. ``rows`` are the parallel
    view's own (``web.parallel.Row``), so the PDF shows exactly what the page shows."""
    from .export_cache import cached_export, export_key
    from .exports import EXPORT_VERSION, filename

    chars = sum(len(str(p)) for r in rows for side in (r.left, r.right) if side
                for p in side.paras)
    limit = int(current_app.config.get("EXPORT_MAX_PDF_CHARS", PDF_MAX_CHARS))
    if chars > limit:
        from flask import abort

        abort(413, f"format=pdf: this parallel view has {chars:,} characters of text, more "
                   f"than the {limit:,} a PDF typesets; pick a part of the act (part=…)")
    title = work.titles.get(left.lang) or work.title
    document = render_template(
        "exports/parallel.html", html_lang=content_lang(left.lang), title=title,
        work=work, left=left, right=right, part=part, rows=rows,
        langs=(content_lang(left.lang), content_lang(right.lang)),
        headers=(f"{lang_label(left.lang)} · {left.valid_from}",
                 f"{lang_label(right.lang)} · {right.valid_from}"),
        missing=t("missing_here"))
    # Keyed by the document typeset, not by the editions and part: the rows are the caller's
    # and the headers and the "not in this language" cell are in the interface language, so
    # two calls for one pair of editions may typeset different documents.
    key = export_key(EXPORT_VERSION, "pdf-parallel",
                     hashlib.sha256(document.encode("utf-8")).hexdigest())
    body = cached_export(current_app.config["DATA_DIR"], key, "pdf",
                         lambda: (html_to_pdf(document), True))
    name = filename(left, "pdf").replace(f"_{left.lang}_", f"_parallel_{left.lang}-{right.lang}_")
    resp = Response(body, content_type=PDF_TYPE)
    resp.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return resp


__all__ = ["PDF_TYPE", "edition_pdf", "html_to_pdf", "parallel_pdf"]
