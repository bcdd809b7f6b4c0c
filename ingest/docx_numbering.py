"""Word auto-numbering: the number Word displays in front of each numbered paragraph.

A numbered paragraph carries ``w:numPr`` (``w:numId``, ``w:ilvl``), directly or through its
paragraph style; ``word/numbering.xml`` maps the ``numId`` (``w:num``) to an abstract
definition (``w:abstractNum``) whose levels (``w:lvl``) give the first value (``w:start``), the
format (``w:numFmt``: decimal, letters, roman, Russian letters …) and the label pattern
(``w:lvlText`` such as ``%1.``, ``%1.%2)`` or ``Статья %1.``). A ``w:num`` may override levels
(``w:lvlOverride`` with ``w:startOverride`` or a whole ``w:lvl``).

Counting follows Word: counters belong to the abstract definition, so two ``numId``s of one
``abstractNum`` continue each other, except that a ``numId`` with a ``w:startOverride`` restarts
that level where it is first used. Numbering a level resets the deeper levels (unless a deeper
level's ``w:lvlRestart`` says otherwise; ``0`` never restarts). A level with ``w:isLgl`` shows
every level in decimal.

Converted PDFs (``tax.docx``, Uzbek laws) keep article numbers only here: a paragraph after a
``Статья`` heading is numbered ``%1`` starting at the article's number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from docx.oxml.ns import qn

_MAX_VALUE = 32767  # Word's largest list value
_RUSSIAN = "абвгдежзиклмнопрстуфхцчшщыэюя"  # russianLower: no ё, й, ъ, ь (as LibreOffice)


@dataclass(frozen=True)
class Level:
    """One level of a numbering definition."""

    start: int = 0
    fmt: str = "decimal"
    text: str = ""
    restart: int | None = None  # w:lvlRestart (1-based level that restarts this one; 0 never)
    legal: bool = False  # w:isLgl
    suffix: str = "tab"  # w:suff: tab, space or nothing


def _val(element: Any, tag: str) -> str | None:
    child = element.find(qn(tag)) if element is not None else None
    return child.get(qn("w:val")) if child is not None else None


def _int(value: str | None, default: int | None) -> int | None:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _level(lvl: Any) -> Level:
    legal = lvl.find(qn("w:isLgl"))
    return Level(start=_int(_val(lvl, "w:start"), 0) or 0,
                 fmt=_val(lvl, "w:numFmt") or "decimal",
                 text=_val(lvl, "w:lvlText") or "",
                 restart=_int(_val(lvl, "w:lvlRestart"), None),
                 legal=legal is not None and legal.get(qn("w:val")) not in ("0", "false"),
                 suffix=_val(lvl, "w:suff") or "tab")


def _letters(n: int, alphabet: str) -> str:
    """Word's letter numbering: a … z, aa … zz, aaa …"""
    if n <= 0:
        return ""
    return alphabet[(n - 1) % len(alphabet)] * ((n - 1) // len(alphabet) + 1)


def _roman(n: int) -> str:
    if n <= 0:
        return str(n)
    out = []
    for value, digits in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"),
                          (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"),
                          (4, "iv"), (1, "i")):
        count, n = divmod(n, value)
        out.append(digits * count)
    return "".join(out)


def format_number(n: int, fmt: str) -> str:
    """``n`` in the ``w:numFmt`` format; formats without a rendering here fall back to decimal,
    and so does a value outside Word's range (0-32767: a hostile ``w:start`` cannot ask for a
    billion-letter label)."""
    if fmt in ("none", "bullet"):
        return ""
    if not 0 <= n <= _MAX_VALUE:
        return str(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("lowerLetter", "upperLetter"):
        text = _letters(n, "abcdefghijklmnopqrstuvwxyz")
        return text.upper() if fmt == "upperLetter" else text
    if fmt in ("lowerRoman", "upperRoman"):
        text = _roman(n)
        return text.upper() if fmt == "upperRoman" else text
    if fmt in ("russianLower", "russianUpper"):
        text = _letters(n, _RUSSIAN)
        return text.upper() if fmt == "russianUpper" else text
    return str(n)


class Numbering:
    """The numbering definitions of one document and the running counters while its paragraphs
    are visited in order (``label``)."""

    def __init__(self, numbering: Any | None, styles: Any | None = None) -> None:
        """``numbering``: the ``w:numbering`` element (or None); ``styles``: ``w:styles``."""
        self.abstract: dict[str, dict[int, Level]] = {}
        self.links: dict[str, str] = {}  # abstractNumId -> style id (w:numStyleLink)
        self.nums: dict[str, tuple[str, dict[int, Level], dict[int, int]]] = {}
        self.style_num: dict[str, tuple[str | None, int | None]] = {}
        self.style_parent: dict[str, str] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.started: set[tuple[str, int]] = set()  # (numId, level) whose override was applied
        if styles is not None:
            self._read_styles(styles)
        if numbering is not None:
            self._read_numbering(numbering)

    def _read_styles(self, styles: Any) -> None:
        for style in styles.iter(qn("w:style")):
            sid = style.get(qn("w:styleId"))
            if not sid:
                continue
            based = _val(style, "w:basedOn")
            if based:
                self.style_parent[sid] = based
            num_pr = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
            if num_pr is not None:
                self.style_num[sid] = (_val(num_pr, "w:numId"), _int(_val(num_pr, "w:ilvl"),
                                                                      None))

    def _read_numbering(self, numbering: Any) -> None:
        for abstract in numbering.iter(qn("w:abstractNum")):
            aid = abstract.get(qn("w:abstractNumId"))
            self.abstract[aid] = {_int(lvl.get(qn("w:ilvl")), 0): _level(lvl)
                                  for lvl in abstract.iter(qn("w:lvl"))}
            link = _val(abstract, "w:numStyleLink")
            if link:
                self.links[aid] = link
        for num in numbering.iter(qn("w:num")):
            nid, aid = num.get(qn("w:numId")), _val(num, "w:abstractNumId")
            if nid is None or aid is None:
                continue
            levels: dict[int, Level] = {}
            starts: dict[int, int] = {}
            for over in num.iter(qn("w:lvlOverride")):
                ilvl = _int(over.get(qn("w:ilvl")), 0) or 0
                lvl = over.find(qn("w:lvl"))
                if lvl is not None:
                    levels[ilvl] = _level(lvl)
                start = _int(_val(over, "w:startOverride"), None)
                if start is not None:
                    starts[ilvl] = start
            self.nums[nid] = (aid, levels, starts)

    def _resolve(self, nid: str) -> tuple[str, dict[int, Level], dict[int, int]] | None:
        """The abstract definition behind ``numId`` (following one ``w:numStyleLink``)."""
        entry = self.nums.get(nid)
        if entry is None:
            return None
        aid, levels, starts = entry
        if aid in self.links and not self.abstract.get(aid):
            linked, _ = self.style_num.get(self.links[aid], (None, None))
            target = self.nums.get(linked or "")
            if target is not None:
                aid = target[0]
        return aid, levels, starts

    def num_pr(self, p: Any) -> tuple[str, int] | None:
        """(numId, level) of paragraph ``p``: its own ``w:numPr``, else its style's."""
        ppr = p.find(qn("w:pPr"))
        num_pr = ppr.find(qn("w:numPr")) if ppr is not None else None
        nid, ilvl = (_val(num_pr, "w:numId"), _int(_val(num_pr, "w:ilvl"), None)) \
            if num_pr is not None else (None, None)
        style = _val(ppr, "w:pStyle") if ppr is not None else None
        seen: set[str] = set()
        while style and style not in seen and (nid is None or ilvl is None):
            seen.add(style)
            s_nid, s_ilvl = self.style_num.get(style, (None, None))
            nid = nid if nid is not None else s_nid
            ilvl = ilvl if ilvl is not None else s_ilvl
            style = self.style_parent.get(style)
        if nid is None or nid == "0":
            return None
        return nid, ilvl or 0

    def label(self, p: Any) -> str | None:
        """Count paragraph ``p`` (call for every paragraph in document order) and return the
        label Word displays for it (``"12."``, ``"3)"``, ``"Статья 5."``), None if unnumbered
        or bulleted (a bullet is not a number, and its symbol is often a private-use glyph)."""
        found = self.num_pr(p)
        if found is None:
            return None
        nid, ilvl = found
        resolved = self._resolve(nid)
        if resolved is None:
            return None
        aid, overrides, starts = resolved
        levels = {**self.abstract.get(aid, {}), **overrides}
        level = levels.get(ilvl)
        if level is None:
            return None
        counters = self.counters.setdefault(aid, {})
        if ilvl in starts and (nid, ilvl) not in self.started:
            self.started.add((nid, ilvl))
            counters[ilvl] = starts[ilvl]
        elif ilvl in counters:
            counters[ilvl] += 1
        else:
            counters[ilvl] = starts.get(ilvl, level.start)
        for deeper in [k for k in counters if k > ilvl]:
            restart = levels.get(deeper, Level()).restart
            if restart is None or (restart != 0 and ilvl < restart):
                del counters[deeper]
        if level.fmt == "bullet":
            return None

        def value(m: re.Match) -> str:
            k = int(m.group(1)) - 1
            lvl = levels.get(k, Level())
            n = counters.get(k, starts.get(k, lvl.start))
            return format_number(n, "decimal" if level.legal and lvl.fmt != "none" else lvl.fmt)

        text = re.sub(r"%([1-9])", value, level.text).strip()
        return text or None

    def suffix(self, p: Any) -> str:
        """What separates the label of ``p`` from its text: ``" "``, or ``""`` for ``nothing``."""
        found = self.num_pr(p)
        resolved = self._resolve(found[0]) if found else None
        if resolved is None:
            return " "
        aid, overrides, _ = resolved
        level = {**self.abstract.get(aid, {}), **overrides}.get(found[1], Level())
        return "" if level.suffix == "nothing" else " "


def paragraph_labels(document: Any) -> dict[Any, str]:
    """Every numbered ``w:p`` of a python-docx ``document`` (body, tables, in document order)
    -> the text to put in front of it: the label and its separator (``"12 "``, ``"а) "``)."""
    part = document.part
    try:
        numbering_part = part.numbering_part
    except NotImplementedError:  # python-docx: the package has no numbering part
        numbering_part = None
    numbering = numbering_part.element if numbering_part is not None else None
    if numbering is None:
        return {}
    styles = part.styles.element if part.styles is not None else None
    counter = Numbering(numbering, styles)
    labels: dict[Any, str] = {}
    for p in document.element.body.iter(qn("w:p")):
        text = counter.label(p)
        if text is not None:
            labels[p] = text + counter.suffix(p)
    return labels
