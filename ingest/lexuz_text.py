"""Read an act as lex.uz prints it in plain text (Uzbek Latin; Cyrillic headings tolerated).

Layout: a header line (``Oʻzbekiston Respublikasining Qonuni, 02.07.2019 yildagi O‘RQ-547-son``),
the site's UI lines, the title block, then parts, sections, chapters, paragraphs (§) and
articles, with amendment notes in parentheses after changed provisions and a closing
publication list, then the site footer. lex.uz flattens superscript numbers (``1731-modda`` is
173¹); they are resolved by position over the whole act (``resolve_superscripts``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ingest.notes import note_inner, note_subject, parse_notes
from lexsearch.errors import InputError
from lexsearch.model import ActRef, AmendmentNote, Document, EditionText, Provision, WorkMeta
from lexsearch.numbers import ActNumber, fold_apostrophes

_UI = {"Қўшимча ахборот", "Улашиш", "РУС", "ЎЗБ", "ENG", "O'ZB", "O'ZB|РУС",
       "Hozirgi vaqtda mazkur hujjatga o'zgartirish kiritilmoqda"}
_FOOTER = "Марказ ҳақида"
_PREVIOUS = "oldingi tahrirga qarang."
_HEADER = re.compile(r"^O'zbekiston Respublikasi(?:ning)?\s+(?P<kind>.*?(?:qonuni|kodeksi))"
                     r"(?:,\s*(?P<date>\d\d\.\d\d\.\d{4})\s*yildagi\s+(?P<num>\S+?)-son)?\s*$",
                     re.IGNORECASE)
_DATE = re.compile(r"^(\d\d)\.(\d\d)\.(\d{4})$")
_REPEALED = re.compile(r"^Hujjat kuchini yo'qotgan\s+(\d\d\.\d\d\.\d{4})", re.IGNORECASE)
_ORDINALS = {"birinchi": 1, "ikkinchi": 2, "uchinchi": 3, "to'rtinchi": 4, "beshinchi": 5,
             "oltinchi": 6, "yettinchi": 7, "sakkizinchi": 8, "to'qqizinchi": 9, "o'ninchi": 10,
             "umumiy": 1, "maxsus": 2}
_NUM = r"(?P<num>\d+|[IVXLC]+\d*|[A-Za-z']+(?:inchi|INCHI))"
# level, kind, eid prefix, pattern (matched against the apostrophe-folded line)
_CONTAINERS = [
    (0, "part", "part", re.compile(r"^(?P<num>\w+|[A-Za-z']+inchi)\s+qism\.?$", re.I)),
    (2, "subsection", "subsec", re.compile(r"^(?P<num>\d+|[IVXLC]+)\s*-?\s*kichik\s+bo'lim\.?\s*(?P<h>.*)$",
                                           re.I)),
    (1, "section", "sec", re.compile(rf"^{_NUM}\s*-?\s*(?:BO'LIM|БЎЛИМ)\b\.?\s*(?P<h>.*)$", re.I)),
    (3, "chapter", "chp", re.compile(rf"^{_NUM}\s*-?\s*(?:bob|боб)(?:\.\s*|\s+|$)(?P<h>.*)$",
                                     re.I)),
    (3, "chapter", "chp", re.compile(r"^(?P<num>[IVXLC]+)\.\s+(?P<h>[^a-z]+)$")),
    (4, "paragraph", "para", re.compile(r"^(?P<num>\d+)\s*-\s*(?:§|paragraf)\.?\s*(?P<h>.*)$",
                                        re.I)),
]
_ARTICLE = re.compile(r"^(?P<num>\d+(?:-\d+)?)\s*-\s*(?:modda|модда)(?:\.\s*(?P<h>.*)|\s*)$")
_PREFACE = re.compile(r"tomonidan \d{4}-yil .*(?:qabul qilingan|ma'qullangan)$|^\(yangi tahriri\)$")
_SIGNATURE = re.compile(r"^O'zbekiston Respublikasi(?:ning)? Prezidenti\s+(?:[A-Z][a-z]?\.\s*)+[A-Z']{3,}$")
_SUP = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def roman_to_int(text: str) -> int:
    """``XXIV`` -> 24."""
    total = 0
    for i, ch in enumerate(text):
        value = _ROMAN[ch]
        total += -value if i + 1 < len(text) and _ROMAN[text[i + 1]] > value else value
    return total


def resolve_superscripts(raws: list[str]) -> list[tuple[int, int]]:
    """Resolve flattened numbers by position: ``["173", "1731", "1732", "174"]`` ->
    ``[(173, 0), (173, 1), (173, 2), (174, 0)]``.

    Every reading of each number (``1731`` as 1731, 173¹, 17³¹ …) is a candidate; the chosen
    sequence is the increasing one that skips the fewest numbers (a Viterbi pass)."""
    def candidates(raw: str) -> list[tuple[int, int]]:
        if "-" in raw:
            base, sup = raw.split("-", 1)
            return [(int(base), int(sup))]
        out = [(int(raw), 0)]
        out += [(int(raw[:i]), int(raw[i:])) for i in range(1, len(raw))
                if raw[i] != "0" and int(raw[i:]) < 100]
        return out

    def cost(prev: tuple[int, int], cur: tuple[int, int]) -> float:
        if cur <= prev:
            return 10_000.0
        gap = cur[1] - prev[1] - 1 if cur[0] == prev[0] else cur[0] - prev[0] - 1 + cur[1]
        return gap + (0.01 if cur[1] else 0.0)

    if not raws:
        return []
    layers = [candidates(r) for r in raws]
    best = [(float(c[1]), [c]) for c in layers[0]]  # an act may start anywhere
    for layer in layers[1:]:
        best = [min(((b[0] + cost(b[1][-1], c), b[1]) for b in best), key=lambda x: x[0])
                for c in layer]
        best = [(score, path + [c]) for (score, path), c in zip(best, layer, strict=True)]
    return min(best, key=lambda x: x[0])[1]


def display_num(base: int | str, sup: int) -> str:
    """``(121, 1)`` -> ``121¹``."""
    return f"{base}{str(sup).translate(_SUP)}" if sup else str(base)


@dataclass
class _Node:
    eid: str
    kind: str
    num: str | None
    heading: str | None
    parent: str | None
    line: int
    level: int = 9
    lines: list[str] = field(default_factory=list)
    has_previous: bool = False

    def freeze(self) -> Provision:
        return Provision(self.eid, self.kind, self.num, self.heading, "\n".join(self.lines),
                         self.parent, self.line, self.has_previous)


def _decode(path: Path) -> str:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise InputError(f"not valid UTF-8 (byte 0x{data[exc.start]:02x})", file=str(path),
                         line=line) from None
    if not text.strip():
        raise InputError("empty file", file=str(path))
    return text


def _iso(dotted: str) -> str:
    d, m, y = dotted.split(".")
    return f"{y}-{m}-{d}"


def _sentence(title: str) -> str:
    text = title.strip().lower()
    text = re.sub(r"o[ʻ']zbekiston respublikasi", "Oʻzbekiston Respublikasi", text)
    return text[:1].upper() + text[1:]


def parse_container(folded: str) -> tuple[int, str, str, str, str] | None:
    """A container heading (apostrophes folded): (level, kind, eid prefix, number, heading)."""
    for level, kind, prefix, pattern in _CONTAINERS:
        m = pattern.match(folded)
        if not m:
            continue
        num = m.group("num")
        if kind == "part" and num.lower() not in _ORDINALS:
            continue
        if kind == "chapter" and m.group("h") and not re.match(r"[A-ZА-Я'\"“(]", m.group("h")):
            continue  # "2 bob ichida …" is prose
        return level, kind, prefix, num, (m.groupdict().get("h") or "").strip()
    return None


def container_key(num: str) -> str | None:
    """``I`` -> ``1``, ``XXIII1`` -> ``23.1``, ``BIRINCHI`` -> ``1``; arabic: None (resolved)."""
    if num.isdigit():
        return None
    m = re.match(r"^([IVXLC]+)(\d*)$", num)
    if m:
        return f"{roman_to_int(m.group(1))}" + (f".{m.group(2)}" if m.group(2) else "")
    return str(_ORDINALS.get(num.lower(), num.lower()))


class _Reader:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.doc = Document(source=str(path), work=WorkMeta(), editions=[], format="lexuz_text")
        self.nodes: list[_Node] = []
        self.eids: set[str] = set()
        self.stack: list[_Node] = []
        self.notes: list[AmendmentNote] = []
        self.by_raw: dict[str, str] = {}  # flattened article number -> eid (latest)
        self.current: _Node | None = None
        self.pending_previous = False
        self.counters: dict[str, int] = {}

    # -- header -------------------------------------------------------------------------
    def header(self, lines: list[str]) -> int:
        """Read the header and title block; return the index of the first body line."""
        work, i = self.doc.work, 0
        title_seen = False
        while i < len(lines):
            raw = lines[i].strip()
            folded = fold_apostrophes(raw)
            m = _HEADER.match(folded)
            if not raw or folded in _UI or raw in _UI:
                pass
            elif m and not title_seen and not raw.isupper():
                kind = m.group("kind").lower()
                work.subtype = "kodeks" if kind.endswith("kodeksi") else "qonun"
                if m.group("date"):
                    work.date = _iso(m.group("date"))
                if m.group("num"):
                    work.number = ActNumber.parse(m.group("num")).display("uzb")
                if work.subtype == "kodeks":
                    work.title = raw
            elif raw == "Кучга кириш санаси" and i + 1 < len(lines):
                if _DATE.match(lines[i + 1].strip()):
                    work.entry_into_force = _iso(lines[i + 1].strip())
                i += 1
            elif _REPEALED.match(folded):
                work.status = "repealed"
                work.repealed_on = _iso(_REPEALED.match(folded).group(1))
            elif raw.startswith(("OʻZBEKISTON", "O'ZBEKISTON", "ЎЗБЕКИСТОН")) and raw.isupper():
                title_seen = True
                if "KONSTITUTSIYA" in raw:
                    work.subtype, work.title = "konstitutsiya", _sentence(raw)
                elif raw.endswith("QONUNI") and i + 1 < len(lines):
                    work.subtype = work.subtype or "qonun"
                    work.title = _sentence(lines[i + 1])
                    i += 1
                else:
                    work.subtype = work.subtype or ("kodeks" if "KODEKS" in raw else None)
                    work.title = work.title or _sentence(raw)
            elif raw == "LexUZ sharhi":
                j = i + 1
                while j < len(lines) and not self.is_heading(lines[j]):
                    self.doc.warn(f"LexUZ commentary dropped: {lines[j].strip()[:80]}", j + 1)
                    j += 1
                i = j - 1
            else:
                break
            i += 1
        if not work.subtype and not title_seen:
            return -1
        return i

    @staticmethod
    def is_heading(line: str) -> bool:
        folded = fold_apostrophes(line.strip())
        return bool(_ARTICLE.match(folded) or parse_container(folded))

    # -- body ---------------------------------------------------------------------------
    def add(self, node: _Node) -> _Node:
        if node.eid in self.eids:
            n = 2
            while f"{node.eid}_{n}" in self.eids:
                n += 1
            self.doc.warn(f"duplicate eId {node.eid}: renamed {node.eid}_{n}", node.line)
            node.eid = f"{node.eid}_{n}"
        self.eids.add(node.eid)
        self.nodes.append(node)
        self.current = node
        if self.pending_previous:
            node.has_previous, self.pending_previous = True, False
        return node

    def open_container(self, level: int, kind: str, prefix: str, num: str, key: str,
                       heading: str, line: int) -> _Node:
        while self.stack and self.stack[-1].level >= level:
            self.stack.pop()
        parent = self.stack[-1].eid if self.stack else None
        if kind == "part" and num.lower() in ("umumiy", "maxsus"):
            key = str(_ORDINALS[num.lower()])
        local = f"{prefix}_{key}"
        node = self.add(_Node(f"{parent}__{local}" if parent else local, kind, num,
                              heading or None, parent, line, level))
        self.stack.append(node)
        return node

    def note(self, raw: str, line: int) -> None:
        found = parse_notes(raw, line)
        subject, _ = note_subject(raw)
        eid = self.current.eid if self.current else None
        if subject and subject in self.by_raw:
            eid = self.by_raw[subject]
        for n in found:
            if n.action != "published":
                n = AmendmentNote(eid, n.raw, n.action, n.target, n.act, n.published,
                                  n.gazette, n.effective, n.line)
            self.notes.append(n)
        if self.pending_previous and self.current:
            target = next((x for x in self.nodes if x.eid == eid), self.current)
            target.has_previous, self.pending_previous = True, False

    def body(self, lines: list[str], start: int) -> None:
        folded_lines = [fold_apostrophes(x.strip()) for x in lines]
        art_rows = [i for i in range(start, len(lines)) if _ARTICLE.match(folded_lines[i])]
        arts = dict(zip(art_rows, resolve_superscripts(
            [_ARTICLE.match(folded_lines[i]).group("num") for i in art_rows]), strict=True))
        chp_rows = [i for i in range(start, len(lines))
                    if not _ARTICLE.match(folded_lines[i]) and (c := parse_container(folded_lines[i]))
                    and c[1] == "chapter" and c[3].isdigit()]
        chps = dict(zip(chp_rows, resolve_superscripts(
            [parse_container(folded_lines[i])[3] for i in chp_rows]), strict=True))
        want_heading: _Node | None = None
        signed = False
        for i in range(start, len(lines)):
            raw, folded, no = lines[i].strip(), folded_lines[i], i + 1
            if not raw or folded in _UI:
                continue
            if folded.lower() == _PREVIOUS:
                self.pending_previous = True
                continue
            if note_inner(raw) is not None and parse_notes(raw, no):
                self.note(raw, no)
                continue
            art = _ARTICLE.match(folded)
            cont = None if art else parse_container(folded)
            if want_heading is not None and not art and not cont and raw.upper() == raw:
                want_heading.heading, want_heading = raw, None
                continue
            want_heading = None
            if art and not signed:
                base, sup = arts[i]
                num = art.group("num")
                key = num if "-" in num else f"{base}.{sup}" if sup else str(base)
                parent = self.stack[-1].eid if self.stack else None
                heading = (raw.split(".", 1)[1].strip() if "." in raw else "") or None
                self.by_raw[num] = self.add(_Node(f"art_{key}", "article", num if "-" in num
                                                  else display_num(base, sup), heading,
                                                  parent, no)).eid
            elif cont and not signed:
                level, kind, prefix, num, heading = cont
                num = raw[:len(num)]  # as printed (folding keeps lengths)
                heading = raw[len(raw) - len(heading):] if heading else (
                    raw if kind == "part" else "")
                key = container_key(num)
                if key is None:
                    base, sup = chps.get(i, (int(num), 0))
                    key, num = (f"{base}.{sup}" if sup else str(base)), display_num(base, sup)
                node = self.open_container(level, kind, prefix, num, key, heading, no)
                want_heading = None if heading else node
            elif not self.nodes and folded.upper() == "MUQADDIMA":
                self.add(_Node("preamble", "preamble", None, raw, None, no))
            elif (self.current is None or self.current.kind == "preface") and _PREFACE.search(
                    folded):
                if self.current is None:
                    self.add(_Node("preface", "preface", None, None, None, no))
                self.current.lines.append(raw)
            elif _SIGNATURE.match(folded) and self.nodes:
                signed = True
                self.add(_Node("conclusions", "conclusions", None, None, None, no)).lines.append(
                    raw)
            else:
                if self.current is None or self.current.kind == "preface":
                    self.add(_Node("preamble", "preamble", None, None, None, no))
                if self.pending_previous:
                    self.current.has_previous, self.pending_previous = True, False
                self.current.lines.append(raw)

    # -- edition ------------------------------------------------------------------------
    def edition(self) -> EditionText:
        dated = [n for n in self.notes if n.published]
        ed = EditionText(lang="uzb", valid_from=None, provisions=[n.freeze() for n in self.nodes],
                         notes=self.notes, title=self.doc.work.title)
        if dated:
            last = max(dated, key=lambda n: (n.published, bool(n.act and n.act.date)))
            ed.valid_from, ed.gazette = last.published, last.gazette
            ed.produced_by = last.act or ActRef(type="qonun")
        else:
            self.doc.warn("no dated amendment note or publication: edition date unknown")
        return ed


def read_lexuz_text(path: str | Path) -> Document:
    """Read one lex.uz plain-text act into a ``Document`` with one ``uzb`` edition."""
    path = Path(path)
    lines = _decode(path).splitlines()
    if _FOOTER in (x.strip() for x in lines):
        lines = lines[:[x.strip() for x in lines].index(_FOOTER)]
    reader = _Reader(path)
    start = reader.header(lines)
    if start < 0:
        raise InputError("no lex.uz act header or title found", file=str(path), line=1)
    reader.body(lines, start)
    if not any(n.kind == "article" for n in reader.nodes):
        raise InputError("no articles found: not a lex.uz act", file=str(path))
    work = reader.doc.work
    if work.number is None and work.subtype in ("qonun", "kodeks"):
        listed = [n for n in reader.notes if n.action == "published" and n.eid is None]
        if listed and listed[0].act is not None and listed[0].gazette.startswith("02/"):
            work.number = listed[0].act.number  # a code adopted by a law: 02/22/798 -> OʻRQ-798
    reader.doc.editions.append(reader.edition())
    return reader.doc
