"""Reflow the lines of a PDF-extracted text (hard-wrapped at a page width) into paragraphs.

Article maps and line maps scraped from official PDFs (``uz_multi/qonunlar_data``,
``labour_code_2022_by_article/lex_base.json``) keep the PDF's physical lines: sentences cut at
the page width, words cut at the ʻ of ``oʻ``/``gʻ`` (the glyph stood apart), amendment notes over
several lines, the page footer (``QMMB: 02/22/798/0972-son 29.10.2022-y.``) and page number
between the lines of a paragraph. ``reflow`` gives the recogniser one line per paragraph.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable

from ingest.lexuz_text import clean_line
from ingest.notes import note_inner
from lexsearch.numbers import fold_apostrophes

# an article's heading line as printed: "5-modda.", "5-модда.", "Статья 5.", "Article 5."
ARTICLE_HEAD = re.compile(r"^(?:(?P<a>\d+(?:-\d+)?)\s*-\s*(?:modda|модда)|(?:Статья|Article)\s+"
                          r"(?P<b>\d+(?:-\d+)?))\b", re.IGNORECASE)
_CONTAINER = re.compile(r"^(?:\d+|[IVXLC]+)\s*-?\s*(?:bob|боб|BO'LIM|БЎЛИМ|§)|^(?:Глава|РАЗДЕЛ|"
                        r"Раздел|Chapter|Section)\s+\S+", re.IGNORECASE)
_ENUM = re.compile(r"^(?:\d+(?:\.\d+)*[.)]|\(?[a-zа-яёўқғҳ]\)|[-–—•])\s")
END = re.compile(r"[.;:!?]['\")»”]*$|-(?:son|сон)$")
_HEADER_FACT = re.compile(r"^(?:Кучга кириш санаси|Kuchga kirish sanasi)\b", re.IGNORECASE)
_PREVIOUS = re.compile(r"^(?:Oldingi tahrirga qarang|Олдинги таҳрирга қаранг|"
                       r"См\. предыдущую редакцию)\.?$", re.IGNORECASE)
FOOTER = re.compile(r"^(?:QMMB|ҚМАМБ|НБДЗ):\s*(?P<gaz>\d\d/\d\d/\w+/\d+)\S*\s+"
                    r"(?P<d>\d\d)\.(?P<m>\d\d)\.(?P<y>\d{4})(?:-y\.|\s*[йг]\.)?(?:\s+\d{1,4}\b)?")
LOST_SUP = re.compile(r"^(\d+)\s+-\s*(?=modda|модда)")
_PAGE_NO = re.compile(r"^\d{1,4}$")
_PRIVATE = re.compile("[\ue000-\uf8ff]")
_UI = {"Қўшимча ахборот", "Улашиш", "Qo'shimcha axborot", "Ulashish"}
_APOS = "ʻ‘'"


def _glue(prev: str, line: str) -> str:
    """Join two pieces of one paragraph: no space across a split ``oʻ``/``gʻ`` or after a
    line-end hyphen (``2013-`` + ``yil``)."""
    if line[:1] in _APOS or prev[-1:] in _APOS or prev.endswith("-") and line[:1].islower():
        return prev + line
    return f"{prev} {line}"


def _caps(line: str) -> bool:
    """A line in capitals (a title or heading line)."""
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def starts_block(line: str) -> bool:
    """A line that opens a paragraph of its own: a heading, an item, a marker, a header fact."""
    folded = fold_apostrophes(line)
    return bool(ARTICLE_HEAD.match(folded) or _CONTAINER.match(folded) or _ENUM.match(line)
                or _PREVIOUS.match(line) or _HEADER_FACT.match(line))


def reflow(lines: list[str], width: int = 0, on_drop: Callable[[str], object] | None = None,
           *, heading: bool = True, in_place: bool = False) -> list[str]:
    """Hard-wrapped PDF lines as paragraphs. The first paragraph is the heading: it goes on
    while the next line starts in lower case. A body paragraph ends at end punctuation, at a
    short line (under 3/4 of ``width``) before a capital, and before a heading, an enumerated
    item or a "see the previous wording" marker; an open parenthesis (an amendment note) goes
    on to its close. Page footers and page numbers are dropped (``on_drop`` is told of each
    footer). ``heading=False``: the lines do not start with a heading (a whole page).
    ``in_place``: one output line per input line, each paragraph on its first line and the
    others empty, so line numbers stay those of the source."""
    out: list[str] = []
    at: list[int] = []  # the input index of each paragraph's first line
    last = ""  # the last physical line of the paragraph being built
    for index, raw in enumerate(lines):
        line = clean_line(_PRIVATE.sub(" ", raw))
        footer = FOOTER.match(line)
        if footer and line[footer.end():].strip():  # a page's footer glued to its next line
            if on_drop:
                on_drop(re.sub(r"\s+\d{1,4}$", "", footer.group()))
            line = line[footer.end():].strip()
        if not line or _PAGE_NO.match(line) or FOOTER.match(line) or line in _UI or all(
                part in _UI for part in re.split(r"\s{2,}|\s(?=Улашиш|Ulashish)", line)):
            if line and on_drop and not _PAGE_NO.match(line):
                on_drop(re.sub(r"\s+\d{1,4}$", "", footer.group()) if footer else line[:60])
            continue
        if not out:
            out.append(line)
            at.append(index)
            last = line
            continue
        prev = out[-1]
        split = line[:1] in _APOS or prev[-1:] in _APOS
        if split:
            join = True
        elif heading:
            join = heading = line[:1].islower() and not starts_block(line)
        elif prev.count("(") > prev.count(")") and not _PREVIOUS.match(line):
            join = True
        else:
            short = width and len(last) < width * 0.75 and not line[:1].islower()
            join = not (END.search(prev) or starts_block(line) or _PREVIOUS.match(prev)
                        or short or note_inner(prev) is not None or _caps(prev) or _caps(line))
        if join:
            out[-1] = _glue(prev, line)
            last = line if not split else last + line
        else:
            out.append(line)
            at.append(index)
            last = line
            folded = fold_apostrophes(line)
            heading = bool(ARTICLE_HEAD.match(folded) or LOST_SUP.match(folded)
                           or _CONTAINER.match(folded))
    if not in_place:
        return out
    placed = [""] * len(lines)
    for index, para in zip(at, out, strict=True):
        placed[index] = para
    return placed


def width_of(texts: list[str]) -> int:
    """The page width in characters: the 90th percentile of line lengths."""
    lengths = sorted(len(x.strip()) for t in texts for x in t.splitlines() if x.strip())
    return lengths[int(len(lengths) * 0.9)] if lengths else 0


def is_hard_wrapped(texts: list[str]) -> bool:
    """True when the entries' lines are cut at a page width (a line that ends mid-sentence
    and a next line in lower case are common), not one paragraph per line."""
    pairs = cut = 0
    for text in texts:
        lines = [x.strip() for x in text.splitlines() if x.strip()]
        for a, b in itertools.pairwise(lines):
            pairs += 1
            cut += not END.search(a) and (b[:1].islower() or b[:1] in _APOS)
    return pairs > 0 and cut / pairs > 0.15
