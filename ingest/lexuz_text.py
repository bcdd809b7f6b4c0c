"""Read an act as lex.uz prints it in plain text (Uzbek Latin; Cyrillic headings tolerated).

Layout: a header line (``Oʻzbekiston Respublikasining Qonuni, 02.07.2019 yildagi O‘RQ-547-son``),
the site's UI lines, the title block, then parts, sections, chapters, paragraphs (§) and
articles, with amendment notes in parentheses after changed provisions and a closing
publication list, then the site footer. lex.uz flattens superscript numbers (``1731-modda`` is
173¹); they are resolved by position over the whole act (``resolve_superscripts``).

Container eIds are shared with ``read_tomaris_jsonl`` (``Outline``, ``name_containers``), so
two editions of an act read from either source compare provision by provision:

- parts, sections and chapters are numbered through the whole act, so their eIds are flat
  (``part_1``, ``sec_2``, ``chp_12``, ``chp_71.1``) and survive a new container inserted above;
- subsections (``Kichik boʻlim``) and § paragraphs restart their numbers, so they carry their
  parent's eId (``sec_3__subsec_1``, ``chp_12__para_2``);
- where an act repeats a flat number anyway (the Criminal Code restarts sections and chapters
  in its Special Part), that kind is prefixed by its part (``part_2__sec_1``, ``part_2__chp_1``),
  the part implied by the restart when the source prints no part, and a warning says so;
- ``parent`` is the enclosing container as printed. A source that lacks a level (no parts in
  the 2026-07 JSONL) links to the nearest container it has, which is the nearest container
  both sources share.

Texts are normalised the same way by both readers (``normalize_text``): invisible format
characters dropped, runs of spaces collapsed, no empty or padded lines, lines joined by "\n".
"""

from __future__ import annotations

import re
from pathlib import Path

from ingest import grammar_ru
from ingest.act_titles import find_title
from ingest.folding import Folded, fold_line, language_of
from ingest.lexuz_page import is_page, unwrap
from ingest.notes import note_inner, note_subject, parse_notes
from ingest.outline import (  # noqa: F401  (re-exported for ingest.tomaris_jsonl)
    _DEPTH,
    Outline,
    _Node,
    clean_line,
    name_containers,
    normalize_text,
    rename,
)
from ingest.provision_numbers import display_num, resolve_superscripts, roman_to_int

__all__ = ["Outline", "clean_line", "container_key", "container_node", "display_num",
           "name_containers", "normalize_text", "parse_container", "read_lexuz_text",
           "read_lines", "rename", "resolve_superscripts", "roman_to_int"]
from lexsearch.errors import InputError
from lexsearch.model import (
    ActRef,
    AmendmentNote,
    Document,
    EditionText,
    EditorialNote,
    WorkMeta,
)
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
_NUM = r"(?P<num>\d+(?: \d{1,2}(?=\s*-))?|[IVXLC]+(?: ?\d+)?|[A-Za-z']+(?:inchi|INCHI))"
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
# "17-modda", "1731-modda" (173¹ flattened), "17 1-modda" (a page's superscript on its own line)
_ARTICLE = re.compile(r"^(?P<num>\d+(?: \d{1,2}(?=\s*-))?(?:-\d+)?)\s*-\s*(?:modda|модда)"
                      r"(?:\.\s*(?P<h>.*)|\s*)$")
_PREFACE = re.compile(r"tomonidan \d{4}[- ]yil .*(?:qabul qilingan|ma'qullangan)$"
                      r"|^\(yangi tahriri\)$")
# Editors' cross-references: "Qarang: …" / "Қаранг: …" (folded), "См. …", "См.:", "Смотри …",
# "Например, см. …".
_EDITORIAL = re.compile(r"^(?:Qarang|QARANG)\s*:|^(?:Например,\s*)?(?:[Сс]м\.|Смотри)\s|^См\.:")
_SIGNATURE = re.compile(r"^O'zbekiston Respublikasi(?:ning)? Prezidenti\s+(?:[A-Z][a-z]?\.\s*)+[A-Z']{3,}$")
_ARABIC = re.compile(r"^\d+(?: \d{1,2})?$")
_ROMAN_NUM = re.compile(r"^([IVXLC]+) ?(\d*)$")


def container_node(raw: str, parsed: tuple[int, str, str, str, str], line: int,
                   resolved: tuple[int, int] | None = None, folded: Folded | None = None,
                   printed: tuple[str, str] | None = None) -> _Node:
    """A container heading line (``raw``, as printed; ``parsed`` from ``parse_container`` on
    its folded form) as an unplaced node. ``resolved``: the chapter's (base, superscript);
    ``folded``: the transliterated form of a Cyrillic ``raw`` (``ingest.folding``);
    ``printed``: (number, heading) as printed, from a grammar whose numbers are not at the
    start of the line (``grammar_ru.printed``)."""
    level, kind, prefix, num, heading = parsed
    key = container_key(num)
    if printed is not None:
        shown, heading = printed
    elif folded is not None and folded.transliterated:
        shown = folded.raw_span(0, len(num))
        heading = folded.raw_from(len(folded.text) - len(heading)) if heading else ""
    else:
        shown = raw[:len(num)]  # as printed (folding keeps lengths)
        heading = raw[len(raw) - len(heading):] if heading else ""
    heading = heading or (raw if kind == "part" else "")
    heading = heading.lstrip(". ") if kind != "part" else heading
    arabic, num = num, num.replace(" ", "") if _ROMAN_NUM.match(num) else shown  # "XXX1"
    if key is None:
        base, sup = resolved or (int(arabic), 0)
        key, num = (f"{base}.{sup}" if sup else str(base)), display_num(base, sup)
    return _Node("", kind, num, heading or None, None, line, level, prefix=prefix, key=key)


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
    text = text.replace("ўзбекистон республикаси", "Ўзбекистон Республикаси")
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
    """``I`` -> ``1``, ``XXIII1`` or ``XXIII 1`` -> ``23.1``, ``BIRINCHI`` -> ``1``; arabic
    (``17``, ``171``, ``17 1``): None (resolved by position)."""
    if _ARABIC.match(num):
        return None
    m = _ROMAN_NUM.match(num)
    if m:
        return f"{roman_to_int(m.group(1))}" + (f".{m.group(2)}" if m.group(2) else "")
    folded = fold_apostrophes(num).lower()
    return str(_ORDINALS.get(folded, folded))


class _Reader:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.doc = Document(source=str(path), work=WorkMeta(), editions=[], format="lexuz_text")
        self.nodes: list[_Node] = []
        self.eids: set[str] = set()
        self.outline = Outline()
        self.notes: list[AmendmentNote] = []
        self.by_raw: dict[str, str] = {}  # flattened article number -> eid (latest)
        self.current: _Node | None = None
        self.pending_previous = False
        self.counters: dict[str, int] = {}
        self.cyrillic = False  # Uzbek Cyrillic: lines are transliterated for the grammar
        self.page_body = 0  # a saved lex.uz page: lines before this are menus and contents
        self.editorial: list[EditorialNote] = []
        self.commentary = False  # the line after "LexUZ sharhi" is the editors' text
        self.label: str | None = None  # that "LexUZ sharhi" line, joined to the text after it
        self.russian = False  # the grammar: Uzbek (either script) unless use_russian()
        self.article, self.container = _ARTICLE, parse_container
        self.parse_notes, self.note_subject = parse_notes, note_subject
        self.preface, self.signature = _PREFACE, _SIGNATURE
        self.header_re = _HEADER

    def use_russian(self) -> None:
        """Read with the Russian grammar (``ingest.grammar_ru``)."""
        self.russian = True
        self.article, self.container = grammar_ru.ARTICLE, grammar_ru.parse_container
        self.parse_notes, self.note_subject = grammar_ru.parse_notes, grammar_ru.note_subject
        self.preface, self.signature = grammar_ru.PREFACE, grammar_ru.SIGNATURE
        self.header_re = grammar_ru.HEADER

    def fold(self, raw: str) -> str:
        """The form the grammar matches (``ingest.folding``, ``grammar_ru.fold``)."""
        if self.russian:
            return grammar_ru.fold(raw)
        return fold_line(raw).text if self.cyrillic else fold_apostrophes(raw)

    # -- header -------------------------------------------------------------------------
    def header(self, lines: list[str]) -> int:
        """Read the header and title block; return the index of the first body line."""
        work, i = self.doc.work, 0
        title_seen = False
        skipped: list[int] = []
        while i < len(lines):
            raw = lines[i].strip()
            folded = self.fold(raw)
            m = self.header_re.match(folded)
            if not raw or folded in _UI or raw in _UI:
                pass
            elif m and not title_seen and not raw.isupper():
                kind = m.group("kind").lower()
                work.subtype = "kodeks" if kind.endswith(("kodeksi", "кодекс")) else "qonun"
                if m.group("date"):
                    work.date = _iso(m.group("date"))
                if m.group("num"):
                    work.number = ActNumber.parse(m.group("num")).display("uzb")
                if work.subtype == "kodeks" and not m.group("date"):
                    work.title = raw  # "Ўзбекистон Республикасининг Кодекси, 22.09.1994 …": later
                elif work.subtype != "kodeks" and not m.group("date") and not work.title:
                    j = next((j for j in range(i + 1, len(lines)) if lines[j].strip()), i)
                    if j > i and not self.is_heading(lines[j]):
                        work.title = lines[j].strip()  # after "Ўзбекистон Республикасининг Қонуни"
                        i = j
            elif folded == "Hujjat hali kuchga kirgan emas" or raw == "Ҳужжат ҳали кучга кирган эмас":
                work.status = "not_yet_in_force"
            elif folded in ("Кучга кириш санаси", "Kuchga kirish sanasi",
                            "Дата вступления в силу") and i + 1 < len(lines):
                if _DATE.match(lines[i + 1].strip()):
                    work.entry_into_force = _iso(lines[i + 1].strip())
                i += 1
            elif _REPEALED.match(folded):
                work.status = "repealed"
                work.repealed_on = _iso(_REPEALED.match(folded).group(1))
            elif folded.startswith(("O'ZBEKISTON", "ЎЗБЕКИСТОН")) and raw.isupper():
                title_seen = True
                while not re.search(r"KODEKSI|QONUNI|KONSTITUTSIYASI?$", folded) \
                        and i + 1 < len(lines) and lines[i + 1].strip().isupper() \
                        and not self.is_heading(lines[i + 1]):  # a title over two lines
                    i += 1
                    raw = f"{raw} {lines[i].strip()}"
                    folded = self.fold(raw)
                if "KONSTITUTSIYA" in folded:
                    work.subtype, work.title = "konstitutsiya", _sentence(raw)
                elif folded.endswith("QONUNI") and i + 1 < len(lines):
                    work.subtype = work.subtype or "qonun"
                    work.title = _sentence(lines[i + 1])
                    i += 1
                else:
                    work.subtype = work.subtype or ("kodeks" if "KODEKS" in folded else None)
                    work.title = work.title or _sentence(raw)
            elif i < self.page_body:
                skipped.append(i + 1)  # the saver's header, contents, menus, edition dates
            elif folded == "LexUZ sharhi":
                j = i + 1
                while j < len(lines) and not self.is_heading(lines[j]):
                    self.doc.warn(f"LexUZ commentary dropped: {lines[j].strip()[:80]}", j + 1)
                    j += 1
                i = j - 1
            else:
                break
            i += 1
        if skipped:
            self.doc.warn(f"{len(skipped)} lines before the act skipped (a saver's header, the "
                          f"table of contents, the site's menus): {lines[skipped[0] - 1][:60]!r}"
                          f" …", skipped[0])
        if not work.subtype and not title_seen:
            return -1
        return i

    def is_heading(self, line: str) -> bool:
        folded = self.fold(line.strip())
        return bool(self.article.match(folded) or self.container(folded))

    def headerless(self, lines: list[str]) -> int:
        """Text without a lex.uz header (PDF, DOCX, JSON: the work comes from the manifest or
        the register): the work is what its title tells (``act_titles.find_title``); the body
        starts after that title, or at the first line."""
        found = find_title(lines, self.fold, self.is_heading, self.russian)
        if found is None:
            return 0
        start, kind, title = found
        work = self.doc.work
        work.subtype = work.subtype or kind
        if not work.title:
            work.title = grammar_ru.sentence(title) if self.russian else (
                _sentence(title) if title.isupper() else title)
        return start

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

    def note(self, raw: str, line: int) -> None:
        found = self.parse_notes(raw, line)
        subject, _ = self.note_subject(raw)
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
        folded_lines = [self.fold(x.strip()) for x in lines]
        art_rows = [i for i in range(start, len(lines)) if self.article.match(folded_lines[i])]
        arts = dict(zip(art_rows, resolve_superscripts(
            [self.article.match(folded_lines[i]).group("num") for i in art_rows]), strict=True))
        chp_rows = [i for i in range(start, len(lines))
                    if not self.article.match(folded_lines[i]) and (c := self.container(folded_lines[i]))
                    and c[1] == "chapter" and _ARABIC.match(c[3])]
        chps = dict(zip(chp_rows, resolve_superscripts(
            [self.container(folded_lines[i])[3] for i in chp_rows]), strict=True))
        want_heading: _Node | None = None
        signed = False
        for i in range(start, len(lines)):
            raw, folded, no = lines[i].strip(), folded_lines[i], i + 1
            if not raw or folded in _UI:
                continue
            if folded.lower() == _PREVIOUS:
                self.pending_previous = True
                continue
            if self.editorial_line(raw, folded, no):
                continue
            if note_inner(raw) is not None and self.parse_notes(raw, no):
                self.note(raw, no)
                continue
            art = self.article.match(folded)
            cont = None if art else self.container(folded)
            if want_heading is not None and not art and not cont and raw.upper() == raw:
                want_heading.heading, want_heading = raw, None
                continue
            want_heading = None
            if art and not signed:
                base, sup = arts[i]
                num = art.group("num")
                # 228-1-модда (a print's 228¹) is art_228.1, as Статья 228-1 in Russian
                key = f"{base}.{sup}" if sup else str(base)
                parent = self.outline.top
                heading = grammar_ru.article_heading(raw) if self.russian else (
                    raw.split(".", 1)[1].strip() if "." in raw else "") or None
                self.by_raw[num] = self.add(_Node(f"art_{key}", "article",
                                                  display_num(base, sup), heading,
                                                  parent, no)).eid
            elif cont and not signed:
                node = self.add(self.outline.open(container_node(
                    raw, cont, no, chps.get(i), fold_line(raw) if self.cyrillic else None,
                    grammar_ru.printed(raw, cont) if self.russian else None)))
                want_heading = None if node.heading else node
            elif not self.nodes and folded.upper() == "MUQADDIMA":
                self.add(_Node("preamble", "preamble", None, raw, None, no))
            elif (self.current is None or self.current.kind == "preface") and self.preface.search(
                    folded):
                if self.current is None:
                    self.add(_Node("preface", "preface", None, None, None, no))
                self.current.lines.append(raw)
            elif self.signature.match(folded) and any(n.kind == "article" for n in self.nodes):
                signed = True
                self.add(_Node("conclusions", "conclusions", None, None, None, no)).lines.append(
                    raw)
            else:
                if self.current is None or self.current.kind == "preface":
                    self.add(_Node("preamble", "preamble", None, None, None, no))
                if self.pending_previous:
                    self.current.has_previous, self.pending_previous = True, False
                self.current.lines.append(raw)

    def editorial_line(self, raw: str, folded: str, line: int) -> bool:
        """An editors' line ("LexUZ sharhi", the commentary after it, "Qarang: …", "См. …"):
        kept as an ``EditorialNote`` on the provision being read, never as its text."""
        commentary, self.commentary = self.commentary, folded == "LexUZ sharhi"
        if commentary and self.is_heading(raw):
            commentary = False  # the commentary was empty: the next article starts
        if not (self.commentary or commentary or _EDITORIAL.match(folded)):
            return False
        eid = self.current.eid if self.current else None
        last = self.editorial[-1] if self.editorial else None
        if commentary and last is not None and last.text == self.label:
            self.editorial[-1] = EditorialNote(last.eid, f"{last.text}\n{raw}", last.line)
        elif not (self.commentary and last is not None and last.text == raw):
            self.editorial.append(EditorialNote(eid, raw, line))  # a label twice: kept once
        self.label = raw if self.commentary else None
        return True

    def name(self) -> None:
        """Final container eIds (``name_containers``) into nodes, notes and references."""
        final = name_containers(self.nodes, self.doc.warn)
        rename(self.nodes, final)
        self.editorial = [EditorialNote(final.get(n.eid, n.eid) if n.eid else None, n.text,
                                        n.line) for n in self.editorial]
        self.notes = [n if n.eid not in final else AmendmentNote(
            final[n.eid], n.raw, n.action, n.target, n.act, n.published, n.gazette,
            n.effective, n.line) for n in self.notes]

    # -- edition ------------------------------------------------------------------------
    def edition(self) -> EditionText:
        dated = [n for n in self.notes if n.published]
        ed = EditionText(lang="rus" if self.russian else "uzb-Cyrl" if self.cyrillic else "uzb",
                         valid_from=None,
                         provisions=[n.freeze() for n in self.nodes], notes=self.notes,
                         title=self.doc.work.title, editorial=self.editorial)
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
    return read_lines(_decode(path).splitlines(), str(path))


def read_lines(lines: list[str], source: str, *, fmt: str = "lexuz_text",
               lang: str | None = None, header: bool = True) -> Document:
    """The structure recogniser: plain lines of an act (as lex.uz prints it, or as any reader
    that sees lines yields them: PDF text, DOCX paragraphs, HTML elements, JSON maps) into a
    ``Document``. ``source`` names the file in warnings and errors; ``fmt`` is recorded as the
    document's format; ``lang`` is the edition's language when the caller knows it."""
    from ingest.decrees import is_decree, read_decree  # local: decrees builds on this module

    if header and is_decree(lines):  # decrees and resolutions: points, sub-points, annexes
        return read_decree(lines, source, fmt=fmt, lang=lang)
    reader = _Reader(Path(source))
    reader.doc.format = fmt
    if is_page(lines):  # a saved lex.uz page: pieces of paragraphs joined, menus dropped
        page = unwrap(lines)
        lines, reader.page_body = page.lines, page.body
    stripped = [x.strip() for x in lines]
    if _FOOTER in stripped:
        lines = lines[:stripped.index(_FOOTER)]
    lang = lang or language_of(lines[reader.page_body:])
    reader.cyrillic = lang == "uzb-Cyrl"
    if lang == "rus":
        reader.use_russian()
    start = reader.header(lines) if header else 0  # header=False: lines start at the body
    if start < 0 and fmt != "lexuz_text":
        start = reader.headerless(lines)  # PDF, DOCX, JSON: the work comes from elsewhere
    if start < 0:
        raise InputError("no lex.uz act header or title found", file=source, line=1)
    reader.body(lines, start)
    reader.name()
    if not any(n.kind == "article" for n in reader.nodes):
        raise InputError("no articles found: not a lex.uz act", file=source)
    work = reader.doc.work
    if work.number is None and work.subtype in ("qonun", "kodeks"):
        listed = [n for n in reader.notes if n.action == "published" and n.eid is None]
        if listed and listed[0].act is not None and listed[0].gazette.startswith("02/"):
            work.number = listed[0].act.number  # a code adopted by a law: 02/22/798 -> OʻRQ-798
    edition = reader.edition()
    if lang:
        edition.lang = lang
    reader.doc.editions.append(edition)
    return reader.doc
