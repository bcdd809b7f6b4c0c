"""Reader for DOCX files (python-docx, opened through the zip-bomb guard in ``safe``).

A thin adapter: paragraphs and table rows become lines (``docx_lines``) and an act goes to the
shared structure recogniser ``ingest.lexuz_text.read_lines`` (``fmt="docx"``), as lex.uz text,
PDF text and JSON maps do. What only a Word file needs is done here, on the layout, before the
recogniser sees the lines:

- Word auto-numbering (``ingest.docx_numbering``) is put in front of each numbered paragraph as
  Word displays it (``1) …``, ``а) …``); bullets are dropped;
- a paragraph's line breaks split it into lines, and so does a bold heading run into its end
  (``… законом. Глава ХХII. …``); a table row is one line (cells joined by `` | ``), tabs and
  runs of spaces are one space;
- converted PDFs (``tax.docx`` and the Uzbek laws of ``uz_multi/ru_docx_2025``) print an article
  heading as ``Статья<TAB>Заголовок`` and put its number on the NEXT paragraph (an auto-number
  ``%1`` that starts at the article's number, or a literal ``12.``), or in the middle of a
  two-line heading (``Статья Заголовок 122. продолжение``): ``place_article_numbers`` moves the
  number back (``Статья 12. Заголовок``); a bold numbered paragraph right after it is the rest
  of the heading; a heading paragraph numbered itself (``5. Статья Заголовок``) too. A superscript set on a line of its own (``1.`` / ``Статья 289 Заголовок``,
  ``1`` / ``Глава 64 . Заголовок``) or a heading before its article word (``3 Рентный доход
  Статья 454 .``) gives the flattened form lex.uz prints (``Статья 2891.``), which the
  recogniser resolves by position; a table row ``239. | Статья | Заголовок …`` is a heading too.
  A heading whose number the conversion lost takes the one between its neighbours, with a
  warning;
- hard-wrapped lines (a paragraph that starts in lower case after one that does not end a
  sentence, neither a heading; the rest of an unclosed opening parenthesis, as publication
  lists are wrapped) are joined back (``reflow``).

Warnings name lines as the positions in ``docx_lines``' list (line 1 is its first line). Work
metadata (type, title as printed) is the recogniser's reading of the title block; number and
date come from the act register or the manifest. A file the recogniser cannot read (not an
act: a form, a list, a Spanish bill) keeps the generic reading (``ingest.docx_generic``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ingest.docx_generic import Block, guess_language, read_generic
from ingest.docx_numbering import paragraph_labels
from ingest.lexuz_text import clean_line, read_lines
from lexsearch.errors import InputError
from lexsearch.model import Document

from .safe import open_docx_safely

__all__ = ["docx_lines", "guess_language", "read_docx"]

_ARTICLE_WORD = r"(?:Статья|СТАТЬЯ|Article|Artículo)"
# the article word with no number after it: "Статья\tЗаголовок", "Статья"
_BARE = re.compile(rf"^(?P<word>{_ARTICLE_WORD})(?:\s+(?P<rest>\D.*))?$")
# a two-line heading with the number between its lines: "Статья Заголовок 122. продолжение"
_INSIDE = re.compile(r"^(?P<h1>.+?)\s(?P<num>\d+)\.\s+(?P<h2>\S.*)$")
# a paragraph that opens with the article's number: "12.", "5. Сроки …", "6.<TAB>Применение …"
_LEADING = re.compile(r"^(?P<num>\d+)\.?(?:\s+(?P<rest>.*))?$")
_NUMBERED = re.compile(rf"^{_ARTICLE_WORD}\s+(?P<num>\d+)\b")
# the number in front of the article word: "5. Статья Заголовок" (the heading auto-numbered)
_FRONT = re.compile(rf"^(?P<num>\d+)\.?\s+(?P<word>{_ARTICLE_WORD})(?:\s+(?P<h>\D.*))?$")
# a superscript the conversion set on a line of its own before "Статья 289 Заголовок"
_LONE_SUP = re.compile(r"^(?P<sup>[1-9]\d?)\.?$")
# … and before "Глава 64 . Заголовок" / "РАЗДЕЛ XVIII . Заголовок" (64¹, XVIII¹)
_NO_DOT = re.compile(rf"^(?P<word>{_ARTICLE_WORD}|Глава|ГЛАВА|Раздел|РАЗДЕЛ)\s+"
                     r"(?P<num>\d+|[IVXLC]+)(?:\s+\.\s*|\s+(?=[^\d.\s]))(?P<h>\S.*)$")
# the heading set before the article word: "1 Заголовок Статья 451 ." (451¹)
_TRAILING = re.compile(rf"^(?:(?P<sup>[1-9]\d?)\s+)?(?P<h>\D.*?)\s+(?P<word>{_ARTICLE_WORD})\s+"
                       r"(?P<num>\d+)\s*\.$")
_HEADING = re.compile(r"^(?:Статья|СТАТЬЯ|Глава|ГЛАВА|Раздел|РАЗДЕЛ|Подраздел|ПОДРАЗДЕЛ|Часть|"
                      r"ЧАСТЬ|§|Article|Artículo|Chapter|Capítulo|Título)\b")
_ITEM = re.compile(r"^(?:[а-яёa-z]|\d{1,3})\)\s")  # "а) …", "3) …": a sub-point of its own
# what ends a line on purpose: a sentence, a list item, and the dash before a code's sanction
# ("… лишение свободы кого-либо —" / "наказывается штрафом …" are paragraphs in Word)
_SENTENCE_END = re.compile(r"[.;:!?…»\")—–]$")


@dataclass
class Line:
    """One line for the recogniser and what the layout says of it."""

    text: str
    bold: bool = False  # every run of the paragraph is bold
    numbered: bool = False  # Word put an auto-number in front of it
    par: int = 0  # index of the paragraph it comes from
    warning: str | None = None  # what the reader had to guess about it


def _paragraph_lines(document) -> tuple[list[Line], list[Block]]:
    """(lines for the recogniser, blocks for the generic reader), in document order."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    labels = paragraph_labels(document)
    names = {x.style_id: x.name for x in document.styles}  # python-docx looks each up slowly
    default = document.styles.default(WD_STYLE_TYPE.PARAGRAPH)
    fallback = default.name if default is not None else ""
    lines: list[Line] = []
    blocks: list[Block] = []
    for par, item in enumerate(document.iter_inner_content()):
        if isinstance(item, Paragraph):
            whole = item.text
            label = labels.get(item._p, "") if whole.strip() else ""
            runs = [(r.text, bool(r.bold)) for r in item.runs]
            inked = [b for t, b in runs if t.strip()]
            bold = bool(inked) and all(inked)
            sid = item._p.style
            style = names.get(sid, fallback) if sid else fallback
            if label and re.match(r"\s*[.)]", whole):  # "%1" and the ")" left in the text
                label = label.rstrip()
            for k, (raw, strong) in enumerate(paragraph_pieces(whole, runs, bold)):
                text = clean_line((label if k == 0 else "") + raw)
                if text:
                    lines.append(Line(text, strong, bool(label) and k == 0, par))
            text = re.sub(r"[ \t\xa0]+", " ", label + whole).strip()
            if text:
                blocks.append(Block(text, style, bool(inked) and inked[0], label))
        elif isinstance(item, Table):
            for row in item.rows:
                cells: list[str] = []
                for cell in row.cells:
                    value = re.sub(r"\s+", " ", cell.text).strip()
                    if value and (not cells or cells[-1] != value):  # merged cells repeat
                        cells.append(value)
                if cells:
                    lines.extend(_row_lines(row, cells, par))
                    blocks.append(Block(" | ".join(cells), "Table", False))
    return lines, blocks


def paragraph_pieces(text: str, runs: list[tuple[str, bool]],
                     bold: bool) -> list[tuple[str, bool]]:
    """A paragraph's pieces as (text, bold): one per line break; and a heading the conversion
    ran into the end of a paragraph (``… законом. Глава ХХII. Избирательная система``, the
    heading's runs bold, the text's not, a sentence ended before it) is a piece of its own.
    ``runs``: (text, bold) of all the paragraph's runs."""
    k = len(runs)
    while k and (runs[k - 1][1] or not runs[k - 1][0].strip()):
        k -= 1
    tail = "".join(t for t, _ in runs[k:]) if k else ""
    head = text[:len(text) - len(tail)] if tail and text.endswith(tail) else ""
    if len(tail.strip()) < 4 or not re.search(r"[.;:!?]\s*$", head):
        return [(x, bold) for x in text.split("\n")]
    return [(x, False) for x in head.split("\n")] + [(x, True) for x in tail.split("\n")]


def _row_lines(row, cells: list[str], par: int) -> list[Line]:
    """A table row as one line (``cell | cell``), except the article heading a converted PDF
    set as a table (``239. | Статья | Заголовок`` + the article's first paragraphs in the same
    cell): ``Статья 239. Заголовок`` and a line per paragraph after it."""
    number = re.fullmatch(r"(\d+)\.?", cells[0])
    if len(cells) >= 3 and number and re.fullmatch(_ARTICLE_WORD, cells[1]):
        texts = [clean_line(p.text) for cell in row.cells[2:] for p in cell.paragraphs]
        texts = [t for i, t in enumerate(texts) if t and t not in texts[:i]]
        if texts:
            head = Line(f"{cells[1]} {number.group(1)}. {texts[0]}", True, par=par)
            return [head] + [Line(t, par=par) for t in texts[1:]]
    return [Line(clean_line(" | ".join(cells)), par=par)]


def place_article_numbers(lines: list[Line]) -> list[Line]:
    """Move each article number the PDF conversion displaced back into its heading (see the
    module docstring); a number inferred or missing is the line's ``warning``."""
    out: list[Line] = []
    unnumbered: list[int] = []  # positions in ``out`` of headings still without a number
    i = 0
    while i < len(lines):
        line = lines[i]
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        lone, trailing = _LONE_SUP.match(line.text), _TRAILING.match(line.text)
        if lone and nxt is not None and (late := _NO_DOT.match(nxt.text)):
            # flattened as lex.uz prints it (2891); the recogniser resolves it by position
            out.append(Line(f"{late['word']} {late['num']}{lone['sup']}. {late['h']}", nxt.bold,
                            par=nxt.par))
            i += 2
            continue
        if trailing:
            out.append(Line(f"{trailing['word']} {trailing['num']}{trailing['sup'] or ''}. "
                            f"{trailing['h']}", line.bold, par=line.par))
            i += 1
            continue
        front = _FRONT.match(line.text)
        if front:  # the heading paragraph itself numbered: "5. Статья Заголовок"
            out.append(Line(f"{front['word']} {front['num']}. {(front['h'] or '').strip()}".strip(),
                            line.bold, par=line.par))
            i += 1
            continue
        bare = _BARE.match(line.text)
        if bare is None:
            out.append(line)
            i += 1
            continue
        word, heading = bare["word"], (bare["rest"] or "").strip()
        leading = _LEADING.match(nxt.text) if nxt is not None and nxt.par != line.par else None
        inside = _INSIDE.match(heading)
        if leading:
            rest = (leading["rest"] or "").strip()
            if rest and nxt.bold and line.bold:  # the heading's second line
                heading, rest = f"{heading} {rest}".strip(), ""
            out.append(Line(f"{word} {leading['num']}. {heading}".strip(), line.bold,
                            par=line.par))
            if rest:
                out.append(Line(rest, nxt.bold, par=nxt.par))
            i += 2
            continue
        if inside and not inside["h1"][:1].isdigit():
            out.append(Line(f"{word} {inside['num']}. {inside['h1']} {inside['h2']}",
                            line.bold, par=line.par))
        else:
            unnumbered.append(len(out))
            out.append(line)
        i += 1
    numbers = [(k, int(m["num"])) for k, x in enumerate(out) if (m := _NUMBERED.match(x.text))]
    for k in unnumbered:
        before = next((n for j, n in reversed(numbers) if j < k), None)
        after = next((n for j, n in numbers if j > k), None)
        bare = _BARE.match(out[k].text)
        if before is not None and after == before + 2:
            out[k] = Line(f"{bare['word']} {before + 1}. {(bare['rest'] or '').strip()}".strip(),
                          out[k].bold, par=out[k].par,
                          warning=f"article number {before + 1} missing from the file: taken "
                                  f"from its neighbours ({before} and {after})")
        else:
            out[k].warning = f"article heading without a number: {out[k].text[:60]!r}"
    return out


def _continues(prev: Line, line: Line) -> bool:
    """Whether ``line`` is the hard-wrapped rest of ``prev``: it opens in lower case (not with a
    sub-point's ``а)``) and ``prev`` ends no sentence or list item and is no heading; or ``prev`` opens a parenthesis it does not
    close (a publication list ``(Национальная база данных законодательства, … №`` / ``03/…)``)."""
    if line.numbered or line.par == prev.par or _HEADING.match(line.text) \
            or _ITEM.match(line.text):
        return False
    if prev.text.startswith("(") and prev.text.count("(") > prev.text.count(")"):
        return True
    return (line.text[:1].islower() and not line.bold and not prev.bold
            and not _SENTENCE_END.search(prev.text) and not _HEADING.match(prev.text))


def reflow(lines: list[Line]) -> list[Line]:
    """Join hard-wrapped lines (``_continues``)."""
    out: list[Line] = []
    for line in lines:
        prev = out[-1] if out else None
        if prev is not None and _continues(prev, line):
            joiner = "" if prev.text.endswith("-") else " "
            out[-1] = Line(prev.text + joiner + line.text, prev.bold, prev.numbered, line.par,
                           prev.warning)
        else:
            out.append(line)
    return out


def _act_lines(document) -> tuple[list[str], list[tuple[str, int]], list[Block]]:
    """(lines, warnings as (message, line number in lines), blocks for the generic reader)."""
    lines, blocks = _paragraph_lines(document)
    flowed = reflow(place_article_numbers(lines))
    warnings = [(x.warning, n) for n, x in enumerate(flowed, 1) if x.warning]
    return [x.text for x in flowed], warnings, blocks


def docx_lines(path: str | Path) -> list[str]:
    """The lines of one DOCX file as ``read_docx`` gives them to the recogniser (for a work
    printed as several files: the importer joins their lines and calls ``read_lines`` once)."""
    lines, _, _ = _act_lines(open_docx_safely(path))
    return lines


def read_docx(path: str | Path) -> Document:
    """Read one DOCX file into a ``Document`` with one edition: an act through the recogniser,
    anything else through the generic reader (language guessed from the text)."""
    source = str(path)
    document = open_docx_safely(path)
    lines, warnings, blocks = _act_lines(document)
    lang = guess_language(" ".join(lines[:200]))
    try:
        doc = read_lines(lines, source, fmt="docx", lang=lang)
    except InputError as exc:
        return read_generic(blocks, source, exc.reason)
    for message, line in warnings:
        doc.warn(message, line)
    return doc
