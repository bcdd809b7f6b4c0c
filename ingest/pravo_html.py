"""Reader for Russian codes as pravo.gov.ru (ИПС «Законодательство России») serves them.

Two page shapes occur: modern pages with one ``<p>`` per paragraph (class ``T``/``H`` headings,
``C`` the edition list, ``I`` the adoption and signature lines) and old pages with the whole
text in ``<pre id="bdoc">``, where a paragraph starts on an indented line. Both become a list
of logical paragraphs, then one recogniser finds the header (title, adoption, the edition list
``(В редакции федеральных законов от … № …-ФЗ, …)``, a repeal line), the structure
(``ЧАСТЬ``, ``Раздел``, ``Подраздел``, ``Глава``, ``§``, ``Статья 15.1.``), the amendment notes
printed inside the text and the signature block (number and date of the code).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from lexsearch.errors import InputError
from lexsearch.model import ActRef, AmendmentNote, Document, EditionText, Provision, WorkMeta

from .safe import parse_html, read_bounded

_SUP = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_SUP_BACK = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
MONTHS = {m: i for i, m in enumerate(("января", "февраля", "марта", "апреля", "мая", "июня",
                                      "июля", "августа", "сентября", "октября", "ноября",
                                      "декабря"), start=1)}
ORDINALS = {w: i for i, w in enumerate(("ПЕРВЫЙ", "ВТОРОЙ", "ТРЕТИЙ", "ЧЕТВЕРТЫЙ", "ПЯТЫЙ",
                                        "ШЕСТОЙ", "СЕДЬМОЙ", "ВОСЬМОЙ", "ДЕВЯТЫЙ", "ДЕСЯТЫЙ"),
                                       start=1)}
ORDINALS.update({w: i for i, w in enumerate(("ПЕРВАЯ", "ВТОРАЯ", "ТРЕТЬЯ", "ЧЕТВЕРТАЯ"),
                                            start=1)})
ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}

# (kind, eId prefix, level, pattern); patterns run on a whitespace-normalised paragraph.
_ARTICLE = re.compile(r"^С\s?т\s?а\s?т\s?ь\s?я\s+(\d+(?:[.\-]?[\d⁰¹²³⁴⁵⁶⁷⁸⁹]+)*)\.?\s*(.*)$")
_CONTAINERS = (
    ("part", "part", 0, re.compile(r"^ЧАСТЬ\s+(ПЕРВАЯ|ВТОРАЯ|ТРЕТЬЯ|ЧЕТВЕРТАЯ)$")),
    ("part", "part", 0, re.compile(r"^(ОБЩАЯ|ОСОБЕННАЯ)\s+ЧАСТЬ$")),
    ("section", "sec", 1, re.compile(r"^(?:РАЗДЕЛ|Раздел)\s+([IVXLC]+|\d+|[А-Я]+ЫЙ|[А-Я]+ОЙ|"
                                     r"[А-Я]+ИЙ)\b\.?\s*(.*)$")),
    ("subsection", "subsec", 2, re.compile(r"^Подраздел\s+(\d+|[IVXLC]+)\.?\s*(.*)$")),
    ("chapter", "chp", 3, re.compile(r"^(?:ГЛАВА|Глава)\s+(\d+(?:\.\d+)*[⁰¹²³⁴⁵⁶⁷⁸⁹]*)\.?\s*(.*)$")),
    ("paragraph", "subchp", 4, re.compile(r"^§\s*(\d+(?:\.\d+)*[⁰¹²³⁴⁵⁶⁷⁸⁹]*)\.?\s*(.*)$")),
)
_ACT = re.compile(r"от\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\s*(?:г\.|года)?\s*(?:[№N]\s*([\w\-]+))?")
_NOTE = re.compile(r"\(((?:[^()]|\([^()]*\))*)\)")
_NOTE_START = re.compile(r"^\s*(?:В\s+редакции|С\s+учетом|Утрат|Дополн|Введен|Исключ|Признан|"
                         r"Наименование|Пункт|Подпункт|Часть|Статья|Абзац|Глава|Раздел|"
                         r"Параграф|Положени|Действие|Приостановлен|Изменени)", re.IGNORECASE)
_ACTIONS = (("repealed", re.compile(r"утрат|признан\w* не действ", re.I)),
            ("wording", re.compile(r"в\s+редакции", re.I)),
            ("inserted", re.compile(r"дополн|введен", re.I)),
            ("removed", re.compile(r"исключ", re.I)))
_RU_DATE = re.compile(r"(\d{1,2})\s+(" + "|".join(MONTHS) + r")\s+(\d{4})")
_SIGN_NUMBER = re.compile(r"^[№N]\s*([\w\-]+)$")


@dataclass
class Para:
    text: str
    line: int | None
    cls: str | None = None
    links: dict[str, str] = field(default_factory=dict)  # "DD.MM.YYYY number" -> pravo nd
    indent: int = 0  # <pre> pages: leading spaces of the first line (centred headings > 8)


def _iso(day: str, month: str | int, year: str) -> str:
    month = MONTHS[month] if isinstance(month, str) and not month.isdigit() else int(month)
    return f"{int(year):04d}-{month:02d}-{int(day):02d}"


def _ru_date(text: str) -> str | None:
    m = _RU_DATE.search(text)
    return _iso(m.group(1), m.group(2), m.group(3)) if m else None


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\xa0", " ")).strip()


def _number_to_int(num: str) -> str:
    """The eId form of a printed number: Roman and word ordinals to digits, ``121¹`` -> 121.1."""
    upper = num.upper()
    if upper in ORDINALS:
        return str(ORDINALS[upper])
    if upper in ("ОБЩАЯ", "ОСОБЕННАЯ"):
        return {"ОБЩАЯ": "1", "ОСОБЕННАЯ": "2"}[upper]
    if re.fullmatch(r"[IVXLC]+", upper):
        values = [ROMAN[c] for c in upper]
        return str(sum(-v if i + 1 < len(values) and v < values[i + 1] else v
                       for i, v in enumerate(values)))
    dotted = re.sub(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]+", lambda m: "." + m.group(0).translate(_SUP_BACK), num)
    return dotted.replace("-.", "-")


def _act_type(context: str, number: str | None) -> str:
    number = (number or "").upper()
    if number.endswith("ФКЗ"):
        return "federalnyi-konstitutsionnyi-zakon"
    if number.endswith("ФЗ"):
        return "federalnyi-zakon"
    if number.endswith("-П"):
        return "postanovlenie-ks"
    words = re.findall(r"(указ|постановлени|кодекс|закон)", context.lower())
    return {"указ": "ukaz", "постановлени": "postanovlenie", "кодекс": "kodeks"}.get(
        words[-1] if words else "", "zakon")


def parse_acts(text: str, links: dict[str, str] | None = None) -> list[ActRef]:
    """Every ``от DD.MM.YYYY № N`` in ``text`` as an ``ActRef`` (type from the words before)."""
    acts = []
    for m in _ACT.finditer(text):
        date = _iso(m.group(1), m.group(2), m.group(3))
        number = m.group(4)
        nd = (links or {}).get(f"{date} {number}")
        acts.append(ActRef(_act_type(text[:m.start()], number), number, date,
                           f"pravo.gov.ru nd={nd}" if nd else None))
    return acts


def split_notes(text: str, eid: str | None, line: int | None,
                links: dict[str, str] | None = None) -> tuple[str, list[AmendmentNote]]:
    """Remove the amendment notes from a paragraph; return the text and the parsed notes."""
    notes: list[AmendmentNote] = []
    kept = []
    pos = 0
    for m in _NOTE.finditer(text):
        body = m.group(1)
        if not (_NOTE_START.match(body) and _ACT.search(body)):
            continue
        kept.append(text[pos:m.start()])
        pos = m.end()
        action = next((name for name, rx in _ACTIONS if rx.search(body)), "amended")
        head = re.split(r"\s+(?:в\s+редакции|утратил|утратила|утратило|утратили|введен|"
                        r"исключен|признан)", body, maxsplit=1, flags=re.I)
        target = head[0].strip() if len(head) > 1 and head[0].strip() else None
        for act in parse_acts(body, links) or [None]:
            notes.append(AmendmentNote(eid, f"({body})", action, target, act, line=line))
    kept.append(text[pos:])
    return _clean("".join(kept)), notes


def _links(element) -> dict[str, str]:
    """``{"ISO-date number": pravo.gov.ru nd}`` of the links to amending acts in ``element``."""
    links = {}
    for a in element.xpath(".//a[@href]"):
        m = re.search(r"nd=(\d+)", a.get("href", ""))
        acts = _ACT.search(_clean(a.text_content()))
        if m and acts:
            links[f"{_iso(acts.group(1), acts.group(2), acts.group(3))} {acts.group(4)}"] = m.group(1)
    return links


def _paragraphs(root) -> list[Para]:
    for sup in root.xpath("//span[contains(concat(' ', @class, ' '), ' W9 ')]"):
        sup.text = (sup.text or "").translate(_SUP)
    body = root.find("body")
    if body is None:
        return []
    paras = []
    pres = body.xpath(".//pre")
    blocks = body.xpath(".//p") if not pres else []
    for p in blocks:
        links = _links(p)
        paras.append(Para(_clean(p.text_content()), p.sourceline, p.get("class"), links))
    for pre in pres:
        links = _links(pre)
        current: list[str] = []
        start = indent = 0
        for offset, raw in enumerate(pre.text_content().replace("\xa0", " ").split("\n")):
            opened = current and (" ".join(current).count("(") > " ".join(current).count(")")
                                  or re.match(r"\s+от\s+\d", raw))
            if current and (not raw.strip() or (raw.startswith("   ") and not opened)):
                paras.append(Para(_clean(" ".join(current)), start, None, links, indent))
                current = []
            if raw.strip():
                if not current:
                    start = (pre.sourceline or 0) + offset
                    indent = len(raw) - len(raw.lstrip())
                current.append(raw)
        if current:
            paras.append(Para(_clean(" ".join(current)), start, None, links, indent))
    return [p for p in paras if p.text]


def _structure(text: str) -> tuple[str, str, int, str, str] | None:
    """(kind, prefix, level, num, heading) if the paragraph opens a provision."""
    m = _ARTICLE.match(text)
    if m:
        return "article", "art", 9, m.group(1), m.group(2)
    for kind, prefix, level, rx in _CONTAINERS:
        m = rx.match(text)
        if m:
            return kind, prefix, level, m.group(1), (m.group(2) if m.lastindex > 1 else "")
    return None


_HEADER = re.compile(r"^(?:РОССИЙСКАЯ ФЕДЕРАЦИЯ|Принят|Одобрен|\(В редакции|\(С учетом|"
                     r"Утратил|Утратила)")


def read_pravo_html(path: str | Path) -> Document:
    """Read one pravo.gov.ru code page into a ``Document`` with one Russian edition."""
    source = str(path)
    root = parse_html(read_bounded(path), source)
    paras = _paragraphs(root)
    if not paras:
        raise InputError("no text found in the page (no <p> or <pre> body)", file=source)
    work = WorkMeta(country="ru", source_id=Path(source).stem)
    doc = Document(source, work, [], format="pravo_html")
    notes: list[AmendmentNote] = []
    provisions: list[Provision] = []
    seen: set[str] = set()

    # signature block at the end: "Президент …", place, date, "№ 197-ФЗ"
    end = len(paras)
    for i in range(len(paras) - 1, max(len(paras) - 8, -1), -1):
        if paras[i].text.startswith("Президент"):
            end = i
            tail = paras[i:]
            work.issuer = "Президент Российской Федерации"
            for p in tail:
                m = _SIGN_NUMBER.match(p.text)
                if m:
                    work.number = m.group(1)
                elif _RU_DATE.fullmatch(p.text.replace(" года", "")):
                    work.date = _ru_date(p.text)
            break

    # header: everything before the first structural paragraph or the first body paragraph
    consumed: set[int] = set()  # header lines; a "ЧАСТЬ ТРЕТЬЯ" may stand among them
    for i, p in enumerate(paras[:end]):
        found = _structure(p.text)
        if found and found[0] == "part":
            continue
        if found:
            break
        text = p.text
        if text.startswith(("Утратил", "Утратила")):
            work.status = "repealed"
            for act in parse_acts(text, p.links):
                notes.append(AmendmentNote(None, text, "repealed", None, act, line=p.line))
        elif text.startswith("(В редакции") or text.startswith("(С учетом"):
            action = "amended" if text.startswith("(В") else "unknown"
            for act in parse_acts(text, p.links):
                notes.append(AmendmentNote(None, text, action, None, act, line=p.line))
        elif text.startswith(("Принят", "Одобрен")):
            work.date = work.date or (_ru_date(text) if text.startswith("Принят") else None)
            if "всенародным голосованием" in text:
                work.issuer = "всенародное голосование"
        elif not work.title and (p.cls == "T" or re.search(r"кодекс|конституция", text, re.I)) \
                and text != "РОССИЙСКАЯ ФЕДЕРАЦИЯ":
            work.title = text
        elif _HEADER.match(text) or (text.isupper() and len(text) < 80):
            pass
        else:
            break
        consumed.add(i)
    if not work.title:
        doc.warn("no title found in the header", paras[0].line)
    title = work.title or ""
    work.subtype = "konstitutsiya" if "КОНСТИТУЦИЯ" in title.upper() else "kodeks"
    if work.subtype == "konstitutsiya" and not work.date:
        work.date = _ru_date(" ".join(p.text for p in paras[:3]))
    if not work.number and work.subtype == "kodeks":
        doc.warn("no act number in the signature block", paras[-1].line)

    stack: list[tuple[int, str]] = []  # (level, eid) of open containers
    current: dict | None = None

    def flush() -> None:
        nonlocal current
        if current is not None:
            provisions.append(Provision(current["eid"], current["kind"], current["num"],
                                        current["heading"] or None, "\n".join(current["text"]),
                                        current["parent"], current["line"]))
            current = None

    def unique(eid: str, line: int | None) -> str:
        if eid not in seen:
            seen.add(eid)
            return eid
        n = 2
        while f"{eid}_{n}" in seen:
            n += 1
        doc.warn(f"duplicate eId {eid}: renamed {eid}_{n}", line)
        seen.add(f"{eid}_{n}")
        return f"{eid}_{n}"

    for p in (p for i, p in enumerate(paras[:end]) if i not in consumed):
        found = _structure(p.text)
        if found:
            flush()
            kind, prefix, level, num, heading = found
            own = f"{prefix}_{_number_to_int(num)}"
            if kind == "article":
                eid = unique(own, p.line)
                parent = stack[-1][1] if stack else None
            else:
                while stack and stack[-1][0] >= level:
                    stack.pop()
                parent = stack[-1][1] if stack else None
                eid = unique(f"{parent}__{own}" if parent else own, p.line)
                stack.append((level, eid))
            heading, found_notes = split_notes(heading, eid, p.line, p.links)
            notes.extend(found_notes)
            printed = num if kind != "part" else p.text.split()[-1 if p.text.startswith("ЧАСТЬ") else 0]
            current = {"eid": eid, "kind": kind, "num": printed, "heading": heading,
                       "text": [], "parent": parent, "line": p.line}
            continue
        if current is None:
            current = {"eid": unique("preamble", p.line), "kind": "preamble", "num": None,
                       "heading": None, "text": [], "parent": None, "line": p.line}
        text, found_notes = split_notes(p.text, current["eid"], p.line, p.links)
        notes.extend(found_notes)
        if current["kind"] == "article" and not current["text"] and p.indent > 8:
            current["heading"] = f"{current['heading']} {text}".strip()  # wrapped <pre> heading
        elif current["kind"] != "article" and not current["text"] and not current["heading"] \
                and text.isupper():
            current["heading"] = text  # "ГЛАВА 1" / "ОСНОВЫ КОНСТИТУЦИОННОГО СТРОЯ"
        elif text:
            current["text"].append(text)
    flush()
    if not any(pr.kind == "article" for pr in provisions):
        raise InputError("no articles (Статья N) found", file=source)

    dated = [n.act for n in notes if n.act and n.act.date and n.action not in ("repealed", "unknown")
             and not n.act.type.startswith("postanovlenie")]
    edition = EditionText("rus", None, provisions, notes, title=work.title)
    if dated:
        latest = max(dated, key=lambda a: a.date)
        edition.valid_from, edition.produced_by = latest.date, latest
    else:
        doc.warn("edition date unknown: no amending act in the edition list or the notes")
    if work.status == "repealed":
        doc.warn("repealed: the date the repeal took effect is not printed")
    doc.editions.append(edition)
    return doc
