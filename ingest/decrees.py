"""Decrees and resolutions (qaror, farmon; ПҚ, ПФ, VMQ) into a tree of points and attachments.

``ingest.lexuz_text.read_lines`` hands an act here when its lines carry a decree's form
(``is_decree``): the issuer and form (``Oʻzbekiston Respublikasi Vazirlar Mahkamasining`` /
``qarori``), or lex.uz's page header (``… Prezidentining qarori, 12.01.2026 yildagi PQ-5-son``).
The grammar of each line is ``ingest.points``; lines are matched folded (``ingest.folding``:
Cyrillic transliterated, apostrophes unified) so a Cyrillic and a Latin text of one resolution
give the same tree, and provisions keep the text as printed.

eIds, as Akoma Ntoso names a resolution and its annexes:

- points of the resolution ``para_1``, inside a chapter ``chp_2__para_7``; sub-points
  ``para_1__subpara_3`` (``в)``/``v)``: the third letter), ``para_2__subpara_1`` (``2.1.``),
  deeper levels nest (``para_2__subpara_1__subpara_2``); a superscript point ``12¹`` is
  ``para_12.1``;
- what the resolution annexes or approves: ``att_1`` (``1-ILOVA``), its chapters and points
  ``att_1__chp_2__para_15``; an annex of an annex (``Yoʻl harakati qoidalariga 3-ILOVA``: annexed
  to the rules that are annex 1) ``att_1__att_3``;
- ``preamble`` (the text before point 1), ``conclusions`` (signature, place, date, number).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.decree_meta import act_number, read_conclusions, read_header
from ingest.folding import fold_line, language_of
from ingest.lexuz_page import TOOLBAR, is_page, unwrap
from ingest.lexuz_text import clean_line, normalize_text
from ingest.notes import MONTHS, note_inner, parse_notes
from ingest.points import (
    Point,
    SubPoint,
    cabinet_act,
    is_approval_banner,
    is_signature,
    letter_keys,
    names_act,
    note_subject,
    parse_annex,
    parse_chapter,
    parse_form,
    parse_header,
    parse_point,
    parse_subpoint,
    roman,
)
from lexsearch.errors import InputError
from lexsearch.model import (
    ActRef,
    AmendmentNote,
    Document,
    EditionText,
    EditorialNote,
    Provision,
    WorkMeta,
)

_FOOTERS = ("Yopish", "Markaz haqida", "Марказ ҳақида")
_PREVIOUS = "oldingi tahrirga qarang."
_BANNER_OPEN = re.compile(r"^(?:O'zbekiston Respublikasi|Vazirlar Mahkamasi|Prezident)\w*\s*\S*$|"
                          r"^(?:O'zbekiston Respublikasi|Vazirlar Mahkamasi|Prezident)\w*\s+"
                          r"(?:Prezident|Vazirlar|\d{4})")
_RU_BANNER = re.compile(r"^k\s+(?:postanovleniyu|ukazu|rasporyajeniyu)\b", re.I)
_UI = {"Qo'shimcha axborot", "Ulashish", "Qo'shimcha axborot \uf1e0 Ulashish"}


def is_decree(lines: list[str]) -> bool:
    """The lines of a decree or resolution: lex.uz's page header names one, or the act's form
    block (issuer, then ``qarori``/``farmoni``/``buyrugʻi``) stands among its first lines."""
    previous = ""
    for raw in lines[:600]:
        line = clean_line(raw)
        if not line or line in TOOLBAR:
            continue
        folded = fold_line(line).text
        if parse_header(folded) or parse_form(previous, folded):
            return True
        previous = folded
    return False


@dataclass(eq=False)
class _Node:
    kind: str
    local: str  # "att_1", "chp_2", "para_15", "subpara:letter:в" (keyed when named)
    num: str | None
    parent: _Node | None
    line: int
    heading: str | None = None
    lines: list[str] = field(default_factory=list)
    has_previous: bool = False
    eid: str = ""
    parts: tuple[int, ...] = ()  # points: the printed number (2, 1) of "2.1."
    styles: list[str] = field(default_factory=list)  # points: sub-point styles, outermost first
    open: list[_Node] = field(default_factory=list)  # points: the open sub-point per level

    def freeze(self) -> Provision:
        return Provision(self.eid, self.kind, self.num, clean_line(self.heading or "") or None,
                         normalize_text(self.lines), self.parent.eid if self.parent else None,
                         self.line, self.has_previous)


class _Builder:
    def __init__(self, source: str, wrapped: bool) -> None:
        self.doc = Document(source=source, work=WorkMeta(), editions=[])
        self.nodes: list[_Node] = []
        self.notes: list[AmendmentNote] = []
        self.editorial: list[EditorialNote] = []
        self.wrapped = wrapped
        self.scope: list[_Node] = []  # open attachments and chapters, outermost first
        self.point: _Node | None = None
        self.current: _Node | None = None
        self.want_heading: _Node | None = None
        self.previous: str | None = None  # "Oldingi tahrirga qarang." as printed, pending
        self.signed = False
        self.quoted = 0  # open quotation marks of a quoted wording ("«5. …" … "…»;")

    # -- tree -----------------------------------------------------------------------------
    def add(self, node: _Node) -> _Node:
        self.nodes.append(node)
        self.current = node
        if self.previous:  # lex.uz prints it before the provision it is about
            node.has_previous = True
            # eid: the node's id until ``name`` gives the final eIds
            self.editorial.append(EditorialNote(id(node), self.previous, node.line))
            self.previous = None
        return node

    def container(self) -> _Node | None:
        return self.scope[-1] if self.scope else None

    def attachment(self, annex_num: str | None, of_act: bool, banner: str, no: int) -> None:
        if of_act:
            self.scope = []
        else:  # annexed to an annex: inside the outermost open attachment
            self.scope = self.scope[:1] if self.scope and self.scope[0].kind == "attachment" \
                else []
        key = annex_num or str(1 + sum(1 for n in self.nodes if n.kind == "attachment"
                                       and n.parent is self.container()))
        # the banner ("… 172-son qaroriga") is said by the tree: not the attachment's text
        node = self.add(_Node("attachment", f"att_{key}", annex_num, self.container(), no))
        self.scope.append(node)
        self.point, self.want_heading, self.signed = None, node, False

    def chapter(self, parsed: tuple[str, str, str], no: int) -> None:
        key, num, heading = parsed
        while self.scope and self.scope[-1].kind == "chapter":
            self.scope.pop()
        node = self.add(_Node("chapter", f"chp_{key}", num, self.container(), no,
                              heading or None))
        self.scope.append(node)
        self.point = None
        self.want_heading = None if heading else node

    def new_point(self, p: Point, rest: str, no: int) -> bool:
        """Open point ``p``; False when the line is text after all (``1. 30 yotiq …``: a
        number out of sequence followed by a number)."""
        if len(p.parts) > 1:
            parent = self.point
            while parent is not None and parent.parts != p.parts[:len(parent.parts)]:
                parent = parent.parent if parent.kind in ("point", "subpoint") else None
            if parent is not None and parent.parts:
                key = ".".join(map(str, p.parts[len(parent.parts):]))
                node = self.add(_Node("subpoint", f"subpara:dotted:{key}", p.num, parent, no,
                                      parts=p.parts))
                node.lines.append(rest)
                self.point = node
                return True
            self.doc.warn(f"point {p.num} has no point {p.parts[0]} above it: read as a point",
                          no)
        last = next((n for n in reversed(self.nodes) if n.kind == "point"
                     and n.parent is self.container()), None)
        if rest[:1].isdigit() and last is not None and last.parts[:1] != (p.parts[0] - 1,) \
                and not p.sup:
            return False
        key = ".".join(map(str, p.parts)) if len(p.parts) > 1 else p.key
        node = self.add(_Node("point", f"para_{key}", p.num, self.container(), no,
                              parts=p.parts))
        node.lines.append(rest)
        self.point = node
        return True

    def new_subpoint(self, s: SubPoint, label: str, rest: str, no: int) -> None:
        """Open sub-point ``s`` (``label`` as printed, ``в)``) at the level its style holds in
        the current point."""
        point = self.point
        while point is not None and point.kind == "subpoint":
            point = point.parent
        printed = label.strip("()").lower()
        if s.style == "roman" and (not printed.isascii() or not _roman_next(point, printed)):
            s = SubPoint("(letter)", printed, s.rest)  # "(в)" is a letter, "(v)" after "(b)" too
        if "letter" in s.style:  # keyed by the printed letter: its script picks the alphabet
            s = SubPoint(s.style, printed, s.rest)
        while point is not None and point.kind == "subpoint":
            point = point.parent
        if point is None:  # a list straight under an attachment, a chapter or the preamble
            parent = self.current if self.current and self.current.kind != "subpoint" else \
                self.container()
            node = self.add(_Node("subpoint", f"subpara:{s.style}:{s.label}", label, parent, no))
            node.lines.append(rest)
            return
        if s.style in point.styles:
            level = point.styles.index(s.style)
        else:
            point.styles.append(s.style)
            level = len(point.styles) - 1
        del point.open[level:]
        parent = point.open[-1] if point.open else point
        node = self.add(_Node("subpoint", f"subpara:{s.style}:{s.label}", label, parent, no))
        node.lines.append(rest)
        point.open.append(node)

    # -- lines ----------------------------------------------------------------------------
    def text(self, raw: str, no: int) -> None:
        node = self.current
        if node is None:
            node = self.add(_Node("preamble", "preamble", None, None, no))
        if self.want_heading is node and not node.heading and not node.lines:
            if node.kind == "attachment" and _RU_BANNER.match(fold_line(raw).text):
                return  # "к постановлению Кабинета Министров от …": said by the tree
            node.heading = raw  # an attachment's or a chapter's title on the next line
            return
        if node.kind in ("attachment", "chapter") and node.heading and not node.lines and (
                node.kind == "attachment" and raw.isupper() and len(raw) < 120
                or self.wrapped and (raw[:1].islower()
                                     or node.heading.count("«") > node.heading.count("»"))):
            node.heading += " " + raw  # a title over two lines ("… RO'YXATI"), or wrapped
            return
        if self.wrapped and node.lines and node.lines[-1] and not _BANNER_OPEN.match(
                fold_line(raw).text) and (raw[:1].islower() or not node.lines[-1].endswith(
                    (".", ";", ":", "!", "?"))):
            node.lines[-1] += " " + raw
            return
        node.lines.append(raw)

    def note(self, raw: str, folded: str, found: list[AmendmentNote], no: int) -> None:
        """Amendment notes after a provision: about the point they name (``(3-band …``) in the
        current attachment, else the provision just read."""
        target = self.current
        inner = note_inner(folded) or ""
        subject = note_subject(inner)
        if subject:
            kinds = ("chapter",) if subject[0] == "chapter" else ("point", "subpoint")
            scope = self.scope[0] if self.scope and self.scope[0].kind == "attachment" else None
            target = next((n for n in reversed(self.nodes) if n.kind in kinds
                           and n.num == subject[1] and _within(n, scope)), target)
        cabinet = cabinet_act(inner, MONTHS)
        for n in found:
            act = n.act
            if act is None and cabinet:
                act = ActRef(type="vmq", number=act_number(cabinet[0], "vmq"), date=cabinet[1])
            if n.action != "published":  # a publication list is the act's: eid None
                n = AmendmentNote(id(target) if target else None, n.raw, n.action, n.target,
                                  act, n.published, n.gazette, n.effective, n.line)
            self.notes.append(n)

    def read(self, lines: list[str], start: int) -> None:
        for i in range(start, len(lines)):
            raw, no = clean_line(lines[i]), i + 1
            if not raw:
                continue
            f = fold_line(raw)
            folded = f.text
            if folded in _UI or folded.replace("\uf1e0", "").split() == ["Qo'shimcha",
                                                                           "axborot", "Ulashish"]:
                continue
            if folded.lower() == _PREVIOUS:
                self.previous = raw
                continue
            if note_inner(raw) is not None:
                found = [n for n in parse_notes(raw, no) if n.action != "unknown"]
                if found:  # without a verb it is a reference in the text ("(рўйхат рақами …)")
                    self.note(raw, folded, found, no)
                    continue
            if self.quoted:  # the new wording an amending act quotes: text, not structure
                self.current.lines.append(raw)
                self.quoted = _quote_depth(raw, self.quoted)
                continue
            if raw.startswith(("«", "“")) and self.current is not None \
                    and _quote_depth(raw, 0) > 0:
                self.current.lines.append(raw)
                self.quoted = _quote_depth(raw, 0)
                continue
            annex = parse_annex(folded)
            if annex is not None:
                banner = f.raw_span(0, len(annex.banner)) if annex.banner else ""
                banner = self.take_banner(banner)
                of_act = annex.of_act if annex.banner else names_act(fold_line(banner).text)
                self.attachment(annex.num, of_act, banner, no)
                continue
            if is_approval_banner(folded) and not (self.want_heading and
                                                   self.want_heading.kind == "attachment"):
                self.attachment(None, True, raw, no)
                continue
            if self.want_heading is not None and self.want_heading.kind == "attachment" \
                    and is_approval_banner(folded):
                self.want_heading.lines.append(raw)
                continue
            if is_signature(folded) and self.signed:  # "Келишилди:" and who agreed
                self.current.lines.append(raw)
                continue
            if is_signature(folded) and not any(n.kind == "attachment" for n in self.scope):
                self.add(_Node("conclusions", "conclusions", None, None, no)).lines.append(raw)
                self.scope, self.point, self.signed = [], None, True
                continue
            if self.signed:
                self.current.lines.append(raw)
                continue
            chapter = parse_chapter(folded)
            if chapter is not None:
                self.chapter((chapter[0], chapter[1],
                              f.raw_from(len(folded) - len(chapter[2])) if chapter[2] else ""),
                             no)
                continue
            point = parse_point(folded)
            if point is not None and self.new_point(
                    point, f.raw_from(len(folded) - len(point.rest)) if point.rest else "", no):
                self.want_heading = None
                continue
            sub = parse_subpoint(folded)
            if sub is not None:
                self.want_heading = None
                rest = f.raw_from(len(folded) - len(sub.rest)) if sub.rest else ""
                label = f.raw_span(0, len(folded) - len(sub.rest)).strip()
                self.new_subpoint(sub, label, rest, no)
                continue
            self.text(raw, no)
            if self.want_heading is not None and self.current is not self.want_heading:
                self.want_heading = None

    def take_banner(self, banner: str) -> str:
        """A banner wrapped over the lines before the annex marker (``Ўзбекистон Республикаси``
        / ``Президентининг 2025 йил 15`` / ``сентябрдаги ПҚ-282-сон қарорига`` / ``3-ИЛОВА``):
        taken back from the text they were added to."""
        node = self.current
        if banner or node is None or not node.lines:
            return banner
        for back in range(min(4, len(node.lines)), 0, -1):
            head = fold_line(node.lines[-back]).text
            if _BANNER_OPEN.match(head) and len(head) < 80:
                taken = node.lines[-back:]
                del node.lines[-back:]
                return " ".join(taken)
        return banner

    # -- names ----------------------------------------------------------------------------
    def name(self) -> None:
        """Final eIds: sub-point keys per sibling group, paths, duplicates renamed."""
        groups: dict[tuple[int, str], list[_Node]] = {}
        for n in self.nodes:
            if n.local.startswith("subpara:"):
                groups.setdefault((id(n.parent), n.local.split(":")[1]), []).append(n)
        for (_, style), group in groups.items():
            labels = [n.local.split(":", 2)[2] for n in group]
            if style in ("letter", "(letter)"):
                keys = [str(k) for k in letter_keys(labels)]
            elif style == "roman":
                keys = [str(roman(x)) for x in labels]
            else:
                keys = labels
            for n, key in zip(group, keys, strict=True):
                n.local = f"subpara_{key}"
        taken: set[str] = set()
        for n in self.nodes:
            eid = f"{n.parent.eid}__{n.local}" if n.parent else n.local
            if eid in taken:
                k = 2
                while f"{eid}_{k}" in taken:
                    k += 1
                self.doc.warn(f"duplicate eId {eid}: renamed {eid}_{k}", n.line)
                eid = f"{eid}_{k}"
            taken.add(eid)
            n.eid = eid
        by_id = {id(n): n.eid for n in self.nodes}
        self.notes = [AmendmentNote(by_id.get(n.eid), n.raw, n.action, n.target, n.act,
                                    n.published, n.gazette, n.effective, n.line)
                      if isinstance(n.eid, int) else n for n in self.notes]
        self.editorial = [EditorialNote(by_id.get(e.eid), e.text, e.line) for e in self.editorial]


def _quote_depth(line: str, depth: int) -> int:
    """Quotation marks still open after ``line``."""
    return max(0, depth + line.count("«") + line.count("“") - line.count("»") - line.count("”"))


def _roman_next(point: _Node | None, label: str) -> bool:
    """Whether ``(i)``, ``(v)``, ``(x)`` … continue a Roman list in ``point`` rather than a
    lettered one: ``(i)`` opens one unless it follows ``(h)``/``(z)``; another continues the
    Roman sub-point before it."""
    if point is None:
        return label == "i"
    letters = [n for n in point.open if n.local.startswith("subpara:(letter):")]
    romans = [n for n in point.open if n.local.startswith("subpara:roman:")]
    if romans:
        return roman(label) == roman(romans[-1].local.split(":")[2]) + 1 or label == "i"
    if label == "i":
        last = letters[-1].local.split(":")[2] if letters else ""
        return last not in ("h", "z")
    return False


def _within(node: _Node, scope: _Node | None) -> bool:
    while node.parent is not None and node.parent is not scope:
        node = node.parent
    return node.parent is scope


def _is_wrapped(lines: list[str]) -> bool:
    """Hard-wrapped text (a PDF's lines): most long lines end mid-sentence."""
    long = [x.strip() for x in lines if len(x.strip()) > 50]
    if len(long) < 20:
        return False
    open_ended = sum(1 for x in long if not x.endswith((".", ";", ":", "!", "?", ")", "»")))
    return open_ended > 0.6 * len(long)


def read_decree(lines: list[str], source: str, *, fmt: str = "lexuz_text",
                lang: str | None = None) -> Document:
    """A decree or resolution (``is_decree``) into a ``Document`` with one edition."""
    page = is_page(lines)
    if page:
        unwrapped = unwrap(lines)
        lines, end = unwrapped.lines, unwrapped.body
    else:
        lines = list(lines)
        stripped = [x.strip() for x in lines]
        cut = min((stripped.index(f) for f in _FOOTERS if f in stripped), default=len(lines))
        lines, end = lines[:cut], 0
    builder = _Builder(source, wrapped=not page and _is_wrapped(lines))
    builder.doc.format = fmt
    start = read_header(builder.doc, lines, end)
    builder.read(lines, start)
    builder.name()
    signed = next((n for n in builder.nodes if n.kind == "conclusions"), None)
    if signed is not None:
        read_conclusions(builder.doc, signed.lines, signed.line)
    if not any(n.kind in ("point", "attachment") for n in builder.nodes):
        raise InputError("no numbered points or annexes found in the decree", file=source)
    work = builder.doc.work
    edition = EditionText(lang=lang or language_of(lines[start:start + 400]), valid_from=None,
                          provisions=[n.freeze() for n in builder.nodes], notes=builder.notes,
                          title=work.title, editorial=builder.editorial)
    dated = [n for n in builder.notes if n.published]
    if dated:
        last = max(dated, key=lambda n: (n.published, bool(n.act and n.act.date)))
        edition.valid_from, edition.gazette = last.published, last.gazette
        edition.produced_by = last.act or ActRef(type=work.subtype, number=work.number,
                                                 date=work.date)
    else:
        builder.doc.warn("no dated amendment note or publication: edition date unknown")
    builder.doc.editions.append(edition)
    return builder.doc

