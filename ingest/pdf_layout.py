"""PDF pages into visual lines, with the geometry the reflow needs (``ingest.pdf_reader``).

PDFium (``pypdfium2``) gives each page's text in reading order and each character's box and font
size. A visual line is rebuilt from PDFium's lines: a superscript (a digit in a smaller font) and
the rest of its line come back together (``47`` ``³`` `` -моддаси``). Page furniture (page numbers,
running headers and footers) is found among the first and last lines of the pages.

Opening is hardened: bytes only (nothing is fetched: no file references, no network), encrypted
PDFs and PDFs carrying JavaScript refused, streams that inflate past ``ingest.safe``'s limit for
uncompressed data refused, a page limit and a deadline checked between pages. The
PDFium build must have no JavaScript engine (pypdfium2's wheels have none). PDFium is not
thread-safe: read PDFs from one thread per process.
"""

from __future__ import annotations

import re
import time
import zlib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ingest.safe import MAX_UNCOMPRESSED
from lexsearch.errors import InputError, UnsafeInputError

FURNITURE_MIN_PAGES = 3  # a running header must repeat on this many pages (and half of them)

SUP_DIGITS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
SUP = re.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]")
SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
SENTENCE_END = re.compile(r"[.;:!?]$|[.;:]\)$|[»”\"]\.?$")


def _pdfium():
    import pypdfium2 as pdfium  # imported here: only PDF imports pay for PDFium
    from pypdfium2 import raw
    from pypdfium2.version import PDFIUM_INFO

    if "V8" in PDFIUM_INFO.flags or "XFA" in PDFIUM_INFO.flags:
        raise UnsafeInputError(f"this PDFium build ({PDFIUM_INFO.version}) can run JavaScript: "
                               "refusing to read PDFs with it")
    return pdfium, raw


_STREAM = re.compile(rb"(?<!end)stream\r?\n")


def check_streams(data: bytes, source: str, max_total: int = MAX_UNCOMPRESSED) -> int:
    """The bytes the Flate streams of ``data`` inflate to, counted without keeping them;
    ``UnsafeInputError`` past ``max_total`` (a decompression bomb PDFium would inflate in
    memory). Streams are never inside object streams, so a scan of the file finds them all."""
    total, pos = 0, 0
    while (m := _STREAM.search(data, pos)) is not None:
        end = data.find(b"endstream", m.end())
        end = len(data) if end < 0 else end
        pos = end + len(b"endstream")
        if b"/Fl" not in data[max(0, m.start() - 400):m.start()]:  # /FlateDecode in its dict
            continue
        inflater = zlib.decompressobj()
        chunk = data[m.end():end]
        try:
            while chunk:
                total += len(inflater.decompress(chunk, 1 << 20))
                if total > max_total:
                    raise UnsafeInputError(f"PDF streams inflate to more than {max_total} bytes: "
                                           "refused", file=source)
                chunk = inflater.unconsumed_tail
        except zlib.error:
            continue  # a broken stream: PDFium decides what it can read
    return total


def open_pdf(data: bytes, source: str, max_pages: int, max_inflated: int = MAX_UNCOMPRESSED):
    pdfium, raw = _pdfium()
    if not data.strip():
        raise InputError("empty file: not a PDF document", file=source)
    if b"%PDF-" not in data[:1024]:
        raise InputError("not a PDF document (no %PDF- header)", file=source)
    check_streams(data, source, max_inflated)
    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise InputError("encrypted PDF (password required): refused", file=source) from None
        raise InputError(f"broken PDF: {exc}", file=source) from None
    if raw.FPDF_GetSecurityHandlerRevision(doc.raw) != -1:
        doc.close()
        raise InputError("encrypted PDF: refused (export it without encryption)", file=source)
    scripts = raw.FPDFDoc_GetJavaScriptActionCount(doc.raw)
    if scripts > 0 or re.search(rb"/(?:JavaScript|JS)\b", data):
        doc.close()
        raise UnsafeInputError(f"PDF carries JavaScript ({max(scripts, 1)} action(s)): refused",
                               file=source)
    pages = len(doc)
    if pages > max_pages:
        doc.close()
        raise UnsafeInputError(f"PDF has {pages} pages, more than the limit of {max_pages}",
                               file=source)
    if pages == 0:
        doc.close()
        raise InputError("PDF has no pages", file=source)
    return doc, raw


@dataclass
class Line:
    """One visual line of a page: its text and where it stands (points from the page's
    lower left corner)."""

    text: str
    page: int
    left: float | None = None  # x of the first character (points); None without geometry
    right: float | None = None  # x where the last character ends
    bottom: float | None = None  # baseline-ish y of the first character
    height: float = 0.0


def _segments(text: str) -> Iterable[tuple[int, str]]:
    """PDFium's lines of a page text (``\\r\\n``-separated) with the index of their first char."""
    start = 0
    for part in text.split("\r\n"):
        yield start, part
        start += len(part) + 2


def _glue(head: str, tail: str, gap: float) -> str:
    """Two pieces of one visual line ``gap`` points apart: a superscript sticks to its number
    (``47`` + ``³``) and to what follows it (``³`` + `` -моддаси``); elsewhere a space or a
    visible gap (``Кодекснинг`` + ``⁵¹²``) is one space."""
    a, b = head.rstrip(), tail.lstrip()
    if SUP.match(b[:1]) and a[-1:].isdigit() and a == head:
        return a + b
    if SUP.match(a[-1:]) and b[:1] in "-–.,;:)":
        return a + b
    spaced = a != head or b != tail or (gap > 2.0 and b[:1] not in ".,;:)") \
        or (SUP.match(a[-1:]) is not None and b[:1].isalpha())
    return a + (" " if spaced else "") + b


def page_lines(textpage, raw, page_no: int) -> list[Line]:
    text = textpage.get_text_range()
    geometry = len(text) == textpage.count_chars()
    size = raw.FPDFText_GetFontSize
    # the body's font size from a sample of the letters; sizes are read only for digits (the
    # only superscripts an act prints), which keeps PDFium calls to a tenth of the characters
    letters = [i for i in range(0, len(text), 7) if text[i].isalpha()] if geometry else []
    body = Counter(round(size(textpage, i), 1) for i in letters).most_common(1)
    body_size = body[0][0] if body else 0.0
    lines: list[Line] = []
    for start, part in _segments(text):
        chars = list(part)
        if geometry and body_size:
            for k, ch in enumerate(chars):
                if ch.isdigit() and size(textpage, start + k) < 0.8 * body_size:
                    chars[k] = ch.translate(SUP_DIGITS)
        shown = "".join(chars)
        if not shown.strip():
            continue
        if not geometry:
            lines.append(Line(shown, page_no))
            continue
        first = start + len(part) - len(part.lstrip())
        last = start + len(part.rstrip()) - 1
        left, bottom, _, top = textpage.get_charbox(first)
        right = textpage.get_charbox(last)[2]
        prev = lines[-1] if lines else None
        middle = (bottom + top) / 2
        if prev is not None and prev.bottom is not None and prev.right is not None \
                and prev.bottom - (1.5 if SUP.match(prev.text.lstrip()[:1]) else 0.25) \
                * prev.height <= middle \
                <= prev.bottom + 2.0 * prev.height and left >= prev.right - 1.0:
            # the rest of a visual line that PDFium broke at a superscript or a font change
            prev.text = _glue(prev.text, shown, left - prev.right)
            prev.right = max(prev.right, right)
            continue
        lines.append(Line(shown, page_no, left, right, bottom, max(top - bottom, 1.0)))
    return lines


def _pitch(pages: list[list[Line]]) -> float:
    """The usual distance between two lines of a paragraph: the lower quartile of the distances
    between lines (paragraph spacing and headers are the larger ones)."""
    gaps = sorted(a.bottom - b.bottom for lines in pages
                  for a, b in zip(lines, lines[1:], strict=False)
                  if a.bottom is not None and b.bottom is not None and a.bottom > b.bottom)
    return gaps[len(gaps) // 4] if gaps else 0.0


def furniture(pages: list[list[Line]], is_heading: Callable[[str], bool]) -> set[tuple[int, int]]:
    """(page, index) of page numbers and running headers/footers among the first and last two
    lines of each page. A line is furniture when it stands apart from the body (more than 1.6
    line pitches from its neighbour, where positions are known) and either is a bare number
    (``12``, ``- 12 -``, ``Стр. 12``) or recurs, digits aside, at the same end of at least half
    of the pages (and at least ``FURNITURE_MIN_PAGES``) without ending a sentence or being a
    heading: the law's own lines (``билан жазоланади.``) end sentences."""
    pitch = _pitch(pages)

    def apart(lines: list[Line], i: int, end: str) -> bool:
        j = i + 1 if end == "top" else i - 1
        if not 0 <= j < len(lines) or lines[i].bottom is None or lines[j].bottom is None \
                or not pitch:
            return True
        return abs(lines[i].bottom - lines[j].bottom) > 1.6 * pitch

    drop: set[tuple[int, int]] = set()
    counts: Counter = Counter()
    where: dict[tuple[str, str], list[tuple[int, int, bool]]] = {}
    for p, lines in enumerate(pages):
        ends = [("top", i) for i in range(min(2, len(lines)))]
        ends += [("bottom", i) for i in range(max(len(lines) - 2, 2), len(lines))]
        seen: set[tuple[str, str]] = set()
        for end, i in ends:
            text = SPACES.sub(" ", lines[i].text).strip()
            shape = re.sub(r"\d+", "#", text)
            alone = apart(lines, i, end)
            if alone and re.fullmatch(r"[-–—\s]*#[-–—\s]*|(?:стр|стр\.|бет|bet|page)\s*#.*", shape,
                                      re.IGNORECASE):
                drop.add((p, i))
            key = (end, shape)
            if key not in seen:
                seen.add(key)
                counts[key] += 1
            where.setdefault(key, []).append((p, i, alone))
    threshold = max(FURNITURE_MIN_PAGES, (len(pages) + 1) // 2)
    for (end, shape), n in counts.items():
        spots = where[(end, shape)]
        if n >= threshold and shape and not SENTENCE_END.search(shape) \
                and not is_heading(shape) and sum(a for *_, a in spots) * 2 > len(spots):
            drop.update((p, i) for p, i, _ in spots)
    return drop


def read_pages(data: bytes, source: str, max_pages: int, deadline: float,
               max_seconds: float, max_inflated: int = MAX_UNCOMPRESSED) -> list[list[Line]]:
    """The visual lines of every page of the PDF ``data`` (``open_pdf``'s checks first); an
    ``UnsafeInputError`` when ``time.monotonic()`` passes ``deadline`` between two pages."""
    doc, raw = open_pdf(data, source, max_pages, max_inflated)
    pages: list[list[Line]] = []
    try:
        for i in range(len(doc)):
            if time.monotonic() > deadline:
                raise UnsafeInputError(f"reading took longer than {max_seconds:g} s "
                                       f"(stopped at page {i + 1} of {len(doc)})", file=source)
            try:
                page = doc[i]
                textpage = page.get_textpage()
                pages.append(page_lines(textpage, raw, i + 1))
                textpage.close()
                page.close()
            except InputError:
                raise
            except Exception as exc:  # PDFium reports a broken page as a generic error
                raise InputError(f"broken PDF page: {exc}", file=source, field=f"page {i + 1}") \
                    from None
    finally:
        doc.close()
    return pages
