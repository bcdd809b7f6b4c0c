"""Read an English translation of an Uzbek code saved as Markdown from a PDF.

``../shared/corpora/en/civil_code_part1_en.md`` (the Civil Code, Part One) is the model: a YAML
front matter, headings as ``## **Article 2. Relations …**``, ``**Chapter 2. …**``, ``# **§ 1.
General Provisions**``, ``## **Subsection 2 Persons**``, ``## **Section III. …**``, body
paragraphs separated by blank lines, and English amendment notes (``ingest.notes_en``) in
italics after the changed provision. The PDF export left debris, repaired here:

* links: ``<u>Z  RU-476 (s  how_doc.fwx?rgn=105914)</u>`` -> ``ZRU-476`` (the link target
  dropped, the letters the export pulled apart inside the link joined again);
* dropped ligatures: ``nancial``, ``speci ed``, ``in uence``, ``di cult`` -> ``financial``,
  ``specified``, ``influence``, ``difficult``: a gap or a word start where ``fi``, ``fl``, ``ff``,
  ``ffi`` or ``ffl`` makes an English word of pieces that are not (the word list is
  pyspellchecker's English frequency list, a maintained one);
* a paragraph broken by a page (``… relations it`` / ``regulates, …``) joined again.

Structure follows the Uzbek readers' eIds (``ingest.lexuz_text.Outline``, ``name_containers``):
flat chapters and sections, § paragraphs under their chapter, ``art_26.1`` for Article 26¹; the
translator's ``Section 144.`` and ``§ 268`` headings that carry an article's number are read as
articles. The file names no work: the release manifest gives work and edition date.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from ingest.lexuz_text import Outline, _Node, name_containers, rename
from ingest.notes_en import PREVIOUS, note_subject, parse_notes, split_note
from ingest.safe import read_bounded
from lexsearch.errors import InputError
from lexsearch.model import AmendmentNote, Document, EditionText, WorkMeta

_SUP = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_ORDINALS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "general": 1, "special": 2}
_ARTICLE = re.compile(rf"^(?:Article|Section|§)\s*(?P<num>\d+)(?P<sup>[{_SUP}]*)(?:\.|\s|$)\s*"
                      r"(?P<h>.*)$")
# (level, kind, eid prefix, pattern)
_CONTAINERS = [
    (0, "part", "part", re.compile(r"^Part\s+(?P<num>one|two|three|four|five|\d+)\b\.?\s*(?P<h>.*)$",
                                   re.IGNORECASE)),
    (1, "section", "sec", re.compile(r"^Section\s+(?P<num>[IVXLC]+)\b\.?\s*(?P<h>.*)$")),
    (2, "subsection", "subsec", re.compile(r"^Subsection\s+(?P<num>\d+)\b\.?\s*(?P<h>.*)$")),
    (3, "chapter", "chp", re.compile(r"^Chapter\s+(?P<num>\d+)\b\.?\s*(?P<h>.*)$")),
    (4, "paragraph", "para", re.compile(r"^§\s*(?P<num>\d{1,2})\.\s*(?P<h>.*)$")),
]
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_LINK_TARGET = re.compile(r"\(\s*s\s*h\s*o\s*w[^)]*\)")
_UNDERLINED = re.compile(r"<u>(.*?)</u>")
_END = re.compile(r"[.;:!?]['\")»”]*$")
_LIGATURES = ("fi", "fl", "ff", "ffi", "ffl")
_WORD = re.compile(r"[A-Za-z]+")
MAX_BYTES = 16 * 1024 * 1024


@lru_cache(maxsize=1)
def _frequencies():
    from spellchecker import SpellChecker
    return SpellChecker(language="en").word_frequency


def _freq(word: str) -> int:
    return _frequencies()[word.lower()]


def _cased(candidate: str, like: str) -> str:
    return candidate[:1].upper() + candidate[1:] if like[:1].isupper() else candidate


def _odd(word: str) -> bool:
    """Not an English word on its own (a fragment, a stray letter)."""
    return _freq(word) <= 50


def _join_pair(word: str, second: str) -> str | None:
    """``word second`` as one word when the export split it (see ``repair_words``): the joined
    word must be in the list, and where both pieces are words, more likely than the two of
    them side by side (``di cult``, ``uni ed``; not ``a re`` -> ``afire``)."""
    need = 30
    if not (_odd(word) or _odd(second)):
        need = max(need, 10 * _freq(word) * _freq(second) / _frequencies().total_words)
    ligatured = [word + lig + second for lig in _LIGATURES]  # preferred: "a xed" is "affixed"
    if _odd(word):
        ligatured += [lig + word + second for lig in _LIGATURES]
    best = max(ligatured, key=_freq)
    if _freq(best) > need:
        return best
    plain = word + second
    return plain if (_odd(word) or not _freq(second)) and _freq(plain) > need else None


def _stray_end(word: str, stray: str, after: list, text: str) -> bool:
    """``stray`` (a letter or two that are no word) ends ``word`` rather than starting the
    word after it: the first join makes the more common word."""
    if _odd(word) or not _odd(stray) or len(stray) > 2 or _freq(word + stray) <= 30:
        return False
    if after and text[after[0].start() - 1:after[0].start()] == " ":
        other = _join_pair(stray, after[0].group())
        return other is None or _freq(other) < _freq(word + stray)
    return True


def repair_words(text: str) -> str:
    """Dropped ligatures and words split by the export put back (see the module docstring):
    a fragment joins the next word where that makes a word (with a ligature in the gap, or
    before a stray first letter: ``f th`` -> ``fifth``), else a word that is no word takes a
    ligature in front (``nancial`` -> ``financial``)."""
    tokens = list(_WORD.finditer(text))
    out, pos, i = [], 0, 0
    while i < len(tokens):
        tok, word = tokens[i], tokens[i].group()
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        fixed = None
        if nxt is not None and text[tok.end():nxt.start()] == " " and (
                _odd(word) or _odd(nxt.group()) or len(word) <= 3):
            joined = _join_pair(word, nxt.group())
            if joined is None and _stray_end(word, nxt.group(), tokens[i + 2:i + 3], text):
                joined = word + nxt.group()  # "par t one" -> "part one", not "par tone"
            if joined:
                fixed = (tok.start(), nxt.end(), _cased(joined.lower(), word))
        if fixed is None and not _freq(word) and (word.islower() or word[1:].islower()):
            best = max((lig + word.lower() for lig in _LIGATURES), key=_freq)
            if _freq(best) > 30:
                fixed = (tok.start(), tok.end(), _cased(best, word))
        if fixed:
            out.append(text[pos:fixed[0]] + fixed[2])
            pos = fixed[1]
            i += 2 if fixed[1] != tok.end() else 1
        else:
            i += 1
    out.append(text[pos:])
    return "".join(out)


def clean_markup(line: str) -> str:
    """A Markdown line as plain text: link debris, emphasis and tags gone, spaces tidied."""
    line = _UNDERLINED.sub(lambda m: re.sub(r"(?<=[\w(]) {2,}(?=[\w-])", "",
                                            _LINK_TARGET.sub("", m.group(1))), line)
    line = _LINK_TARGET.sub("", line)
    line = re.sub(r"</?u>|\*\*|(?<!\w)[_*]+|[_*]+(?!\w)", " ", line)
    line = re.sub(r"(?:\s+=)+\s+", " ", line.lstrip("#").replace("\u00a0", " "))
    line = re.sub(r"\s+([,.;:)])", r"\1", re.sub(r"\(\s+", "(", line))
    line = re.sub(r"\)\s*\.", ").", line)
    return re.sub(r"\s+", " ", line).strip()


def is_english_md(path: Path) -> bool:
    """Markdown with English article headings (``**Article 1. …**``)."""
    head = read_bounded(path, MAX_BYTES)[:200_000].decode("utf-8", errors="replace")
    return len(re.findall(r"^\W*\*\*\s*Article\s+\d+", head, re.MULTILINE)) >= 3


def _paragraphs(text: str) -> list[tuple[int, bool, str]]:
    """(line number, is a heading, text) per paragraph (a block of lines between blank
    lines); a paragraph broken by a page (the next starts in lower case) joined again."""
    lines = text.splitlines()
    start = 0
    if lines and lines[0].strip() == "---":  # YAML front matter
        start = next((i + 1 for i in range(1, len(lines)) if lines[i].strip() == "---"), 0)
    blocks: list[tuple[int, str]] = []
    for no, raw in enumerate(lines[start:], start + 1):
        if not raw.strip():
            blocks.append((no, ""))
        elif blocks and blocks[-1][1]:
            blocks[-1] = (blocks[-1][0], f"{blocks[-1][1]} {raw.strip()}")
        else:
            blocks.append((no, raw.strip()))
    merged: list[tuple[int, str]] = []
    for no, block in blocks:  # a link cut by a page break: "(show_doc.fwx?" / "rgn =767#…)"
        if merged and merged[-1][1].count("(") > merged[-1][1].count(")"):
            merged[-1] = (merged[-1][0], f"{merged[-1][1]} {block}".rstrip())
        elif block:
            merged.append((no, block))
    out: list[tuple[int, bool, str]] = []
    for no, block in merged:
        heading = block.startswith("#") or bool(re.fullmatch(r"\*\*[^*]+\*\*", block))
        clean = repair_words(clean_markup(block))
        if not clean:
            continue
        if out and not out[-1][1] and not heading and not _END.search(out[-1][2]) \
                and clean[:1].islower():
            out[-1] = (out[-1][0], False, f"{out[-1][2]} {clean}")
        else:
            out.append((no, heading, clean))
    return out


def _container(text: str) -> _Node | None:
    for level, kind, prefix, pattern in _CONTAINERS:
        m = pattern.match(text)
        if m:
            num = m.group("num")
            if kind == "part":
                key = str(_ORDINALS.get(num.lower(), num))
            elif kind == "section":
                key = str(sum(-_ROMAN[c] if i + 1 < len(num) and _ROMAN[num[i + 1]] > _ROMAN[c]
                              else _ROMAN[c] for i, c in enumerate(num)))
            else:
                key = num
            heading = text if kind == "part" else m.group("h").strip(" .") or None
            return _Node("", kind, num, heading, None, None, level, prefix=prefix, key=key)
    return None


def read_english_md(path: str | Path) -> Document:
    """Read the English Markdown of a code into a ``Document`` with one ``eng`` edition."""
    path = Path(path)
    source = str(path)
    try:
        text = read_bounded(path, MAX_BYTES).decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"not valid UTF-8: {exc.reason}", file=source) from None
    doc = Document(source=source, work=WorkMeta(), editions=[], format="english-md")
    outline = Outline()
    nodes: list[_Node] = []
    eids: set[str] = set()
    by_num: dict[str, _Node] = {}
    notes: list[AmendmentNote] = []
    current: _Node | None = None

    def add(node: _Node) -> _Node:
        if node.eid in eids:
            doc.warn(f"duplicate eId {node.eid}: renamed {node.eid}_2", node.line)
            node.eid += "_2"
        eids.add(node.eid)
        nodes.append(node)
        return node

    for no, heading, para in _paragraphs(text):
        cont = _container(para) if heading else None
        art = None if cont else _ARTICLE.match(para)
        if cont is not None:
            cont.line = no
            current = add(outline.open(cont))
            continue
        if art is not None and (heading or para.startswith("Article") and len(para) < 200
                                and not _END.search(para)):
            sup = art.group("sup").translate(str.maketrans(_SUP, "0123456789"))
            num = art.group("num") + art.group("sup")
            key = f"{art.group('num')}.{sup}" if sup else art.group("num")
            if not para.startswith("Article"):
                doc.warn(f"{para[:40]!r} read as article {num} (heading printed as "
                         f"{para.split()[0]})", no)
            current = add(_Node(f"art_{key}", "article", num, art.group("h").strip(" .") or None,
                                outline.top, no))
            by_num[num] = current
            continue
        body, inline = split_note(para)
        found = parse_notes(inline or body, no)
        if found:
            subject, _ = note_subject(inline or body)
            target = by_num.get(subject) if subject else current
            for n in found:
                notes.append(AmendmentNote(target.eid if target else None, n.raw, n.action,
                                           n.target, n.act, n.published, n.gazette,
                                           n.effective, n.line))
            if target is not None and PREVIOUS.search(inline or body):
                target.has_previous = True
            if not inline:
                continue
        elif PREVIOUS.fullmatch(para.strip(" ._")):
            if current is not None:
                current.has_previous = True
            continue
        if current is None:
            current = add(_Node("preamble", "preamble", None, None, None, no))
        current.lines.append(body)
    if not any(n.kind == "article" for n in nodes):
        raise InputError("no 'Article N.' headings found: not an English code", file=source)
    final = name_containers(nodes, doc.warn)
    rename(nodes, final)
    notes = [AmendmentNote(final.get(n.eid, n.eid), n.raw, n.action, n.target, n.act,
                           n.published, n.gazette, n.effective, n.line) for n in notes]
    edition = EditionText(lang="eng", valid_from=None, provisions=[n.freeze() for n in nodes],
                          notes=notes)
    dated = [n for n in notes if n.act and n.act.date]
    if dated:
        edition.produced_by = max(dated, key=lambda n: n.act.date).act
    doc.warn("English notes name no gazette: the edition date must come from the release "
             "manifest" + (f" (latest amending act {edition.produced_by.number} of "
                           f"{edition.produced_by.date})" if edition.produced_by else ""))
    doc.editions.append(edition)
    return doc
