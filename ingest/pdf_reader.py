"""Read acts printed as PDF (a text layer, e.g. LibreOffice's): lines back into paragraphs.

The text and the geometry of every character come from PDFium (``pypdfium2``), page by page, in
``ingest.pdf_layout`` (visual lines, page furniture, the hardened opening). Here the pages become
the lines the structure recogniser (``ingest.lexuz_text.read_lines``) reads, one paragraph a line:

- a superscript (``ingest.pdf_layout`` marks it) is flattened the way lex.uz prints it
  (``47³-моддаси`` -> ``473-моддаси``; an article heading keeps it apart, ``173 1-модда.``, which
  the recogniser reads as 173¹);
- page furniture is dropped (``ingest.pdf_layout.furniture``: page numbers and running headers
  or footers, found by repetition and by standing apart from the body, never a sentence's end);
- hard-wrapped lines are joined into paragraphs: a line starts a paragraph when it is indented
  from the page's left margin, when the line before it stops short of the right margin, or when
  it is a structural heading (``12-модда.``, ``Статья 5.``, ``3-bob``, ``ГЛАВА I.``, ``II БЎЛИМ``)
  or an editors' cross-reference (``Қаранг:``, ``Qarang:``, ``См.``); without usable geometry
  the fallback is the text alone (a line ending a sentence ends its paragraph);
- a line ending in a hyphen is joined without a space (``ЎРҚ-`` + ``683`` -> ``ЎРҚ-683``,
  ``тўғридан-`` + ``тўғри``): these PDFs break lines at real hyphens only. Where the word without
  the hyphen occurs elsewhere in the act and the hyphenated one does not, the hyphen was a
  word-division and is dropped; before a conjunction (``фото- ва видео``) the space stays;
- spaces are collapsed; Uzbek Latin apostrophes become the letters lex.uz uses (``o‘`` -> ``oʻ``,
  ``ma’lumot`` -> ``maʼlumot``), so a PDF edition and a lex.uz edition differ only in law.

A work printed as many files (one PDF per chapter, in folders per section) is one edition: its
files in reading order (``ordered_pdfs`` / ``order_key``: the leading number of every folder and
file name, compared as numbers) give one list of lines for one ``read_lines`` call (``read_pdfs``).

Hardened: the file is read with ``ingest.safe``'s size limit and handed to PDFium as bytes
(nothing is fetched: no file references, no network); encrypted PDFs and PDFs that carry
JavaScript are refused (the PDFium build has no JavaScript engine in any case); page count and
wall time per file are limited (the deadline is checked between pages). PDFium is not
thread-safe: read PDFs from one thread per process.
"""

from __future__ import annotations

import re
import time
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ingest.folding import language_of, latin_display
from ingest.pdf_layout import SENTENCE_END, SPACES, SUP, Line, furniture, read_pages
from ingest.safe import MAX_BYTES, MAX_UNCOMPRESSED, read_bounded
from lexsearch.errors import InputError
from lexsearch.model import Document, ReadWarning
from lexsearch.numbers import fold_apostrophes

MAX_PAGES = 3000  # one printed code is ~1,500 pages; a chapter file a few dozen
MAX_SECONDS = 60.0  # wall time per file; 3,300 real pages take about 20 s

_LANGS = {"kir": "uzb-Cyrl", "lat": "uzb", "rus": "rus", "uzb": "uzb", "uzb-cyrl": "uzb-Cyrl",
          "cyrl": "uzb-Cyrl", "eng": "eng"}
_LEADING = re.compile(r"^\s*(\d+)")
_NATURAL = re.compile(r"(\d+)")
_PLAIN_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_SUP_RUN = re.compile(r"(?<=\d) ?([⁰¹²³⁴⁵⁶⁷⁸⁹]+) ?(?=[-–.,;:)\s]|$)")

# Structural headings in Uzbek Cyrillic and Latin and in Russian; a line that matches always
# starts a paragraph of its own.
_HEADING = re.compile(
    r"^(?:\d+ ?[⁰¹²³⁴⁵⁶⁷⁸⁹]*(?: \d{1,2})?(?:-\d+)?\s*-\s*(?:модда|modda)\."
    r"|(?:Статья|СТАТЬЯ)\s+\d+ ?[⁰¹²³⁴⁵⁶⁷⁸⁹]*(?:[-.]\d+)*\."
    r"|\d+ ?[⁰¹²³⁴⁵⁶⁷⁸⁹]*(?:\.\d+)?\s*-\s*(?:боб|bob|БОБ|BOB)(?:\.|\s+[A-ZА-ЯЎҚҒҲ«“\"]|\s*$)"
    r"|[IVXLCХІ]+\s*[-.]?\s*(?:боб|bob|БОБ|BOB)\b"
    r"|(?:ГЛАВА|Глава)\s+[\dIVXLC]+"
    r"|(?:[IVXLCХІ]+|\d+|[А-ЯЎҚҒҲA-Z‘’'ʻ]+(?:ИНЧИ|INCHI))\.?\s*[-.]?\s*(?:БЎЛИМ|бўлим|BO[‘’'ʻ]LIM|bo[‘’'ʻ]lim)\b"
    r"|(?:РАЗДЕЛ|Раздел)\s+[\dIVXLC]"
    r"|(?:РАЗДЕЛ|Раздел)\s+[А-Я]+(?:ЫЙ|ОЙ|ИЙ|ый|ой|ий)\b"
    r"|(?:[А-ЯЎҚҒҲ]+ИНЧИ|[A-Z‘’'ʻ]+INCHI|УМУМИЙ|МАХСУС|UMUMIY|MAXSUS)\s+(?:ҚИСМ|QISM)\b"
    r"|(?:ОБЩАЯ|ОСОБЕННАЯ)\s+ЧАСТЬ"
    r"|\d+\s*-\s*(?:§|параграф|paragraf)"
    r"|§\s*\d)")
# Editors' cross-references and additional-information lines: never law, always their own line.
_EDITORIAL = re.compile(r"^(?:Қаранг|Qarang|QARANG|ҚАРАНГ)\s*:"
                        r"|^(?:Қўшимча маълумот учун|Qo[‘’'ʻ]shimcha ma[‘’'ʼ]lumot uchun)\s+қаранг"
                        r"|^(?:Қўшимча маълумот учун қаранг|Qo[‘’'ʻ]shimcha ma[‘’'ʼ]lumot uchun "
                        r"qarang)\s*:|^См\.|^Смотри\s", re.IGNORECASE)
# Numbered points and sub-points (only where the text alone must decide).
_POINT = re.compile(r"^(?:\d+(?:\.\d+)*[.)]|[а-яёўқғҳa-z]\))\s")
_CONJUNCTIONS = {"ва", "va", "ёки", "yoki", "и", "или", "ҳамда", "hamda", "ва/ёки"}
# PDFium's mark for a hyphen at a line end it joined itself ("бир\ufffeбирига")
_HIDDEN_HYPHEN = re.compile(r"(\S+)\ufffe\s*(\S*)")
_WORDS = re.compile(r"\w+(?:[-‘’'ʻʼ]\w+)*")


def lang_of(path: str | Path) -> str | None:
    """The language a folder name says (``…/kir/…`` -> ``uzb-Cyrl``, ``lat`` -> ``uzb``,
    ``rus`` -> ``rus``), the innermost such folder winning; None when no folder says it."""
    for part in reversed(Path(path).parts[:-1]):
        if part.lower() in _LANGS:
            return _LANGS[part.lower()]
    return None


def order_key(path: str | Path, root: str | Path) -> tuple:
    """The reading order of ``path`` under ``root``: each folder and file name by its leading
    number (``2.`` before ``10.``; ``1.10-боб…`` is 1), numbered names before unnumbered ones,
    ties and unnumbered names in natural order of the whole name."""
    path, root = Path(path), Path(root)
    try:
        parts = path.relative_to(root).parts
    except ValueError:
        parts = path.parts
    key = []
    for i, name in enumerate(parts):
        stem = Path(name).stem if i == len(parts) - 1 else name
        m = _LEADING.match(stem)
        natural = tuple((0, int(t), "") if t.isdigit() else (1, 0, t.casefold())
                        for t in _NATURAL.split(stem) if t)
        key.append((0, int(m.group(1))) + natural if m else (1, 0) + natural)
    return tuple(key)


def ordered_pdfs(folder: str | Path) -> list[Path]:
    """Every ``*.pdf`` under ``folder`` (recursively) in reading order (``order_key``)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError("not a folder of PDF files", file=str(folder))
    found = [p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() == ".pdf"
             and not any(x.startswith(".") for x in p.relative_to(folder).parts)]
    return sorted(found, key=lambda p: order_key(p, folder))


# -- paragraphs ------------------------------------------------------------------------------

def _is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) > 3 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def _starts_paragraph(line: str) -> bool:
    return bool(_HEADING.match(line) or _EDITORIAL.match(line))


def _margins(lines: list[Line]) -> dict[int, tuple[float, float]]:
    """Per page: (left margin, right margin). Pages of one parity share them (a book may mirror
    its margins): the left margin is the smallest x that several lines start at (a stray glyph
    may stand further left), the right one the farthest x a line reaches."""
    lefts: dict[int, Counter] = {0: Counter(), 1: Counter()}
    rights: dict[int, float] = {}
    for ln in lines:
        if ln.left is not None and ln.right is not None:
            lefts[ln.page % 2][round(ln.left)] += 1
            rights[ln.page % 2] = max(rights.get(ln.page % 2, 0.0), ln.right)
    margins: dict[int, tuple[float, float]] = {}
    for parity, counts in lefts.items():
        if counts:
            shared = [x for x, n in counts.items() if n >= 2]
            margins[parity] = (float(min(shared or counts)), rights[parity])
    return {ln.page: margins[ln.page % 2] for ln in lines if ln.page % 2 in margins}


def _join(head: str, tail: str, vocabulary: Counter) -> str:
    if head.endswith("\u00ad"):
        return head[:-1] + tail
    if head.endswith("-") and len(head) > 1 and not head[-2].isspace():
        first = tail.split(" ", 1)[0]
        if first.lower() in _CONJUNCTIONS:  # "фото- ва видеоқайд"
            return f"{head} {tail}"
        m = re.search(r"(\w+)-$", head)
        n = re.match(r"\w+", tail)
        if m and n and m.group(1).isalpha() and n.group(0).isalpha() and n.group(0).islower():
            whole = (m.group(1) + n.group(0)).lower()
            hyphened = f"{m.group(1)}-{n.group(0)}".lower()
            if vocabulary[whole] and not vocabulary[hyphened]:
                return head[:-1] + tail  # a word divided at the line end
        return head + tail
    return f"{head} {tail}"


def _vocabulary(lines: list[Line]) -> Counter:
    """Words as printed inside lines (not at a line's end, where a division would hide them)."""
    words: Counter = Counter()
    for ln in lines:
        found = _WORDS.findall(ln.text.lower().replace("\ufffe", "-\n"))
        words.update(found[:-1] if ln.text.rstrip().endswith("-") else found)
    return words


def reflow(lines: list[Line]) -> list[str]:
    """Visual lines (furniture already dropped) into one string per paragraph."""
    margins = _margins(lines)
    vocabulary = _vocabulary(lines)
    out: list[str] = []
    prev: Line | None = None
    heading_open = False  # the last paragraph is a heading (a ragged one)
    for ln in lines:
        text = SPACES.sub(" ", ln.text).strip()
        if not text:
            continue
        text = _HIDDEN_HYPHEN.sub(lambda m: _join(m.group(1) + "-", m.group(2), vocabulary), text)
        if out and (text[0] in ".,;:)" or text[0] == "-" and out[-1][-1:].isdigit()):
            out[-1] += text  # a mark PDFium put on a line (or page) of its own: "7-моддалари" "."
            prev = ln
            continue
        new = prev is None or _starts_paragraph(text)
        if not new and ln.left is not None and prev.left is not None and ln.page in margins:
            margin, right = margins[ln.page]
            _, prev_right = margins.get(prev.page, (margin, right))
            indented = ln.left - margin > 12.0
            gap = prev_right - prev.right if prev.right is not None else 0.0
            # a heading is set ragged: its wrapped first line stops a word short of the margin
            limit = 0.3 if heading_open else 0.12
            new = indented or gap > limit * (prev_right - margin)
            if heading_open and not indented and _is_upper(out[-1]) and _is_upper(text):
                new = False  # "VII BOʻLIM. FUQAROLIK HOLATI" + "DALOLATNOMALARINI QAYD ETISh"
        elif not new:  # no geometry: the text decides (a "." may end an abbreviation: "й.")
            ends = out[-1][-1:]
            new = bool(_POINT.match(text)) or ends in ";:" or (
                (heading_open or SENTENCE_END.search(out[-1]) is not None)
                and (text[:1].isupper() or text[:1] in "(«“\""))
        if new:
            out.append(text)
            heading_open = bool(_HEADING.match(text))
        else:
            out[-1] = _join(out[-1], text, vocabulary)  # a heading may wrap over 3 lines
        prev = ln
    return [_flatten(x) for x in out]


def _flatten(line: str) -> str:
    """Superscripts as lex.uz prints them: ``47³-моддаси`` -> ``473-моддаси``; the number of an
    article heading keeps its superscript apart: ``173¹-модда.`` -> ``173 1-модда.``."""
    if not SUP.search(line):
        return line
    head = re.match(r"^(\d+)\s?([⁰¹²³⁴⁵⁶⁷⁸⁹]+)\s?(-\s*(?:модда|modda)\b)", line)
    if head:
        line = f"{head.group(1)} {head.group(2).translate(_PLAIN_DIGITS)}{head.group(3)}" \
               + line[head.end():]
    head = re.match(r"^((?:Статья|СТАТЬЯ)\s+\d+)\s?([⁰¹²³⁴⁵⁶⁷⁸⁹]+)\s?(?=\.)", line)
    if head:
        line = f"{head.group(1)}-{head.group(2).translate(_PLAIN_DIGITS)}" + line[head.end():]
    line = re.sub(r"([⁰¹²³⁴⁵⁶⁷⁸⁹])(?=[^\W\d_⁰¹²³⁴⁵⁶⁷⁸⁹])", r"\1 ", line)  # "ст. 47³Кодекса"
    line = _SUP_RUN.sub(lambda m: m.group(1), line)
    return line.translate(_PLAIN_DIGITS)


# an all-capitals word in which a digraph kept a small h ("ETISh", "QON-QARINDOShLIK")
_UPPER_DIGRAPH = re.compile(r"\b(?=\w*[SC]h)(?:[A-Z‘’'ʻʼ]|(?<=[SC])h){3,}\b")


def _latin_uzbek(lines: list[str]) -> str | None:
    """``uzb`` for a text in Latin letters with Uzbek's ``oʻ``/``gʻ`` (any apostrophe form) at
    least once in a hundred words, when no folder named the language."""
    text = " ".join(lines[:200])
    words = len(text.split())
    marks = len(re.findall(r"[OoGg][‘’'ʻʼ`]", text))
    return "uzb" if words and marks * 100 >= words and language_of(lines[:200]) == "uzb" else None


def latin_letters(line: str) -> str:
    """Uzbek Latin as lex.uz prints it: every apostrophe form as lex.uz's letters
    (``ingest.folding.latin_display``: ``o‘`` -> ``oʻ``, ``ma’lumot`` -> ``maʼlumot``) and
    ``SH``/``CH`` in capitals (``BOShQA`` -> ``BOSHQA``); quotation marks are left alone."""
    line = _UPPER_DIGRAPH.sub(lambda m: m.group(0).replace("h", "H"), line)
    return latin_display(fold_apostrophes(line))


# -- public ----------------------------------------------------------------------------------

@dataclass
class PdfText:
    """What ``pdf_text`` read: the lines and what a reader should be told about them."""

    lines: list[str]
    warnings: list[str]


def pdf_text(path: str | Path, *, max_bytes: int = MAX_BYTES, max_pages: int = MAX_PAGES,
             max_seconds: float = MAX_SECONDS, lang: str | None = None,
             max_inflated: int = MAX_UNCOMPRESSED) -> PdfText:
    """``pdf_lines`` with its warnings: pages without text (a scan), page furniture dropped."""
    source = str(path)
    data = read_bounded(path, max_bytes)
    deadline = time.monotonic() + max_seconds
    pages = read_pages(data, source, max_pages, deadline, max_seconds, max_inflated)
    warnings = []
    last = max((i for i, lines in enumerate(pages) if lines), default=-1)
    empty = [str(i + 1) for i, lines in enumerate(pages[:last]) if not lines]  # not the blank end
    if empty:
        warnings.append(f"page(s) {', '.join(empty[:10])} without text (scanned?): nothing read "
                        "from them")
    drop = furniture(pages, _starts_paragraph)
    if drop:
        shown = sorted({pages[p][i].text.strip() for p, i in drop}, key=len)[-1]
        warnings.append(f"{len(drop)} line(s) of page furniture dropped (page numbers, running "
                        f"headers), e.g. {shown[:60]!r}")
    kept = [ln for p, lines in enumerate(pages) for i, ln in enumerate(lines) if (p, i) not in drop]
    if any(ln.left is None for ln in kept):
        warnings.append("text without character positions: paragraphs found by the text alone")
    out = reflow(kept)
    if (lang or lang_of(path) or _latin_uzbek(out)) == "uzb":
        out = [latin_letters(x) for x in out]
    return PdfText(out, warnings)


def pdf_lines(path: str | Path, *, max_bytes: int = MAX_BYTES, max_pages: int = MAX_PAGES,
              max_seconds: float = MAX_SECONDS, lang: str | None = None,
              max_inflated: int = MAX_UNCOMPRESSED) -> list[str]:
    """The paragraphs of the PDF at ``path`` as lines for ``read_lines`` (see the module
    docstring). ``lang`` ``uzb`` (default: from the folder, ``lang_of``, else from the letters)
    turns Latin apostrophes into lex.uz's letters. Raises ``InputError`` (``UnsafeInputError`` for a limit)
    naming the file; never a PDFium exception."""
    return pdf_text(path, max_bytes=max_bytes, max_pages=max_pages, max_seconds=max_seconds,
                    lang=lang, max_inflated=max_inflated).lines


def read_pdfs(paths: list[str | Path], source: str, *, lang: str | None = None) -> Document:
    """One edition from several PDFs in the given order (one chapter a file): their lines
    concatenated into one ``read_lines`` call. ``source`` names the whole (a folder). The
    recogniser's warnings name the file and its line; each file's own warnings come first."""
    from ingest.lexuz_text import read_lines

    if not paths:
        raise InputError("no PDF files to read", file=source)
    lang = lang or lang_of(paths[0])
    lines: list[str] = []
    starts: list[int] = []  # index of each file's first line in ``lines``
    own: list[str] = []
    for p in paths:
        text = pdf_text(p, lang=lang)
        starts.append(len(lines))
        lines.extend(text.lines)
        own.extend(f"{Path(p).name}: {w}" for w in text.warnings)
    if not any(x.strip() for x in lines):
        raise InputError("PDF has no text layer (a scan?): nothing to read", file=source)
    doc = read_lines(lines, source, fmt="pdf", lang=lang)
    if len(paths) > 1:
        for w in doc.warnings:
            if w.line:
                k = bisect_right(starts, w.line - 1) - 1
                w.message, w.line = f"{Path(paths[k]).name}: {w.message}", w.line - starts[k]
    doc.warnings[:0] = [ReadWarning(None, w) for w in own]
    return doc


def read_pdf(path: str | Path) -> Document:
    """Read one PDF into a ``Document`` (``pdf_lines`` + ``read_lines``); a folder of chapter
    PDFs is read as one edition in ``ordered_pdfs`` order."""
    path = Path(path)
    if path.is_dir():
        return read_pdfs(ordered_pdfs(path), str(path))
    return read_pdfs([path], str(path))
