"""Read one act of the Tomaris AI Uzbek legal corpus: one JSON record per article.

Each line holds ``article_id`` (``"480.1"`` for 480¹; ``"_front"`` / ``"_end"`` for the matter
before the first and after the last article), ``title``, ``text`` and the raw ``section`` and
``chapter`` headings. ``manifest.csv`` beside the ``articles/`` folder gives the adoption date
and the lex.uz id. eIds and texts follow ``read_lexuz_text`` so both readers agree on the
same act: the headings go through the same ``Outline`` and ``name_containers``.

The corpus keeps only the number line of a heading in ``section``/``chapter`` (``"III BOʻLIM"``,
``"20-BOB"``) and when it changes; the rest of the heading block (titles, subsections, §
paragraphs, and in some codes every chapter or section) stays at the end of the previous
article's text (``… zarar qoplanadi.\nMAJBURIYAT HUQUQI\n1-kichik boʻlim\n…``). The reader
takes that trailing block off the text, puts the changed ``section``/``chapter`` lines back
where lex.uz prints them (``_merge``), and reads the block as headings.
"""

from __future__ import annotations

import csv
import json
import re
from collections import defaultdict
from pathlib import Path

from ingest.lexuz_text import (
    _DEPTH,
    Outline,
    _Node,
    container_key,
    container_node,
    display_num,
    name_containers,
    parse_container,
    rename,
    resolve_superscripts,
)
from lexsearch.errors import InputError
from lexsearch.model import Document, EditionText, WorkMeta
from lexsearch.numbers import fold_apostrophes

_FIELDS = ("article_id", "text")


def _records(path: Path) -> list[tuple[int, dict]]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"not valid UTF-8: {exc.reason}", file=str(path)) from None
    out = []
    for no, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"bad JSON: {exc.msg}", file=str(path), line=no) from None
        if not isinstance(record, dict):
            raise InputError("a record must be a JSON object", file=str(path), line=no)
        for name in _FIELDS:
            if not isinstance(record.get(name), str):
                raise InputError(f"missing or non-string {name!r}", file=str(path), line=no,
                                 field=name)
        out.append((no, record))
    if not out:
        raise InputError("empty file", file=str(path))
    return out


def _manifest_row(path: Path) -> dict | None:
    manifest = path.parent.parent / "manifest.csv"
    if not manifest.is_file():
        return None
    with manifest.open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            if Path(row.get("filename", "")).stem == path.stem:
                return row
    return None


def subtype_of(title: str) -> str | None:
    """``kodeks`` / ``qonun`` / ``konstitutsiya`` from an act title."""
    low = fold_apostrophes(title).lower()
    if "konstitutsiya" in low and "qonun" not in low:
        return "konstitutsiya"
    if "kodeks" in low:
        return "kodeks"
    if "qonun" in low:
        return "qonun"
    return None


def _article_num(article_id: str) -> tuple[str, str]:
    """``"480.1"`` -> (``"480¹"``, ``"art_480.1"``)."""
    base, _, sup = article_id.partition(".")
    if base.isdigit() and (not sup or sup.isdigit()):
        return display_num(int(base), int(sup or 0)), f"art_{article_id}"
    return article_id, f"art_{article_id}"


def _is_title(line: str) -> bool:
    """A heading's title line: letters, none lowercase (``BURChLARI`` counts: the corpus spells
    Cyrillic Ч and Ш as ``Ch``/``Sh`` inside capitals)."""
    text = re.sub(r"(?<=[CS])h", "H", line)
    return any(c.isalpha() for c in text) and not any(c.islower() for c in text)


def _parse(line: str):
    return parse_container(fold_apostrophes(line.strip()))


# A chapter or section heading run into the last sentence (the Constitution's
# "… gʻamxoʻrlik qiladi. X bob. Inson hamda fuqaroning …").
_RUN_IN = re.compile(r"^(?P<body>.*[.;:!?])\s+(?P<head>(?:[IVXLC]+\d*|\d+)\s*-?\s*"
                     r"(?:bob|BOB|BO'LIM)\.\s+\S.*)$")


def _split_tail(lines: list[str]) -> tuple[list[str], list[str]]:
    """(body, trailing heading block): the longest run of heading or title lines at the end."""
    m = _RUN_IN.match(fold_apostrophes(lines[-1])) if lines else None
    if m and _parse(m.group("head")):
        cut = m.start("head")  # folding keeps lengths
        lines = [*lines[:-1], lines[-1][:cut].rstrip(), lines[-1][cut:]]
    i = len(lines)
    while i > 0 and lines[i - 1].strip() and (_parse(lines[i - 1]) or _is_title(lines[i - 1])):
        i -= 1
    return lines[:i], lines[i:]


def _merge(tail: list[str], fields: list[str], depth) -> tuple[list[str], list[str]]:
    """Put the changed ``section``/``chapter`` lines back into a trailing heading block.

    Returns (lines that belong to the text after all, heading lines in printed order). A
    field line goes before the first numbered heading deeper than it, and before as many of
    the titles just above that point as the lines put there still need (a number line without
    an inline title takes the title line after it, as lex.uz prints them)."""
    parsed = [_parse(x) for x in tail]
    claimed = [False] * len(tail)
    for i in range(1, len(tail)):
        prev = parsed[i - 1]
        claimed[i] = parsed[i] is None and prev is not None and not prev[4] and prev[1] != "part"
    known = {(p[1], container_key(p[3]) or p[3]) for p in parsed if p}
    gaps: dict[int, list[tuple[str, bool]]] = defaultdict(list)
    for line in fields:
        p = _parse(line)
        if p is None or (p[1], container_key(p[3]) or p[3]) in known:
            continue
        gap = next((i for i, q in enumerate(parsed) if q and depth(q[1]) > depth(p[1])),
                   len(tail))
        gaps[gap].append((line, not p[4] and p[1] != "part"))
    out = list(tail)
    first_inserted = len(tail)
    for gap in sorted(gaps, reverse=True):
        group = sorted(gaps[gap], key=lambda f: depth(_parse(f[0])[1]))
        need = sum(1 for _, wants in group if wants)
        run = gap
        while run > 0 and parsed[run - 1] is None and not claimed[run - 1] and gap - run < need:
            run -= 1
        titles, block = out[run:gap], []
        for line, wants in group:
            block.append(line)
            if wants and titles:
                block.append(titles.pop(0))
        out[run:gap] = block + titles
        first_inserted = min(first_inserted, run)
    # Titles above every heading are text when the block prints no heading of its own; when it
    # does, they are a heading whose number line the corpus lost (``_Builder.heading`` drops
    # them with a warning).
    if not any(parsed):
        return out[:first_inserted], out[first_inserted:]
    return [], out


class _Builder:
    """Headings and articles in document order -> nodes with shared eIds."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.outline = Outline()
        self.nodes: list[_Node] = []
        self.want: _Node | None = None

    def heading(self, line: str, no: int, resolved: tuple[int, int] | None) -> None:
        raw = line.strip()
        parsed = _parse(raw)
        if parsed:
            node = self.outline.open(container_node(raw, parsed, no, resolved))
            self.nodes.append(node)
            self.want = None if node.heading else node
        elif self.want is not None:
            self.want.heading, self.want = raw, None
        else:
            self.doc.warn(f"heading line without its number dropped: {raw[:60]!r}", no)

    def article(self, rec: dict, body: list[str], no: int) -> None:
        num, eid = _article_num(rec["article_id"])
        if any(n.eid == eid for n in self.nodes):
            self.doc.warn(f"duplicate eId {eid}", no)
            eid += "_2"
        node = _Node(eid, "article", num, rec.get("title") or None, self.outline.top, no,
                     lines=body)
        self.nodes.append(node)
        self.want = None


def _events(records: list[tuple[int, dict]]) -> list[tuple]:
    """Records as ("head", line, no) / ("art", rec, body, no) / ("text", kind, rec, lines, no),
    with every heading taken out of the texts and the field lines put back."""
    events: list[tuple] = []
    tail: list[str] = []
    fields = {"section": "", "chapter": ""}

    def flush(changed: list[str], no: int) -> None:
        back, heads = _merge(tail, changed, _DEPTH.get)
        if back and events:  # lines of the block that are text after all stay where they were
            events[-1][-2].extend(back)
        events.extend(("head", h, no) for h in heads)

    for no, rec in records:
        aid = rec["article_id"]
        lines = rec["text"].split("\n")
        if aid == "_front":  # the act's title line is the work's title, not a provision
            while lines and _is_title(lines[0]) and fold_apostrophes(lines[0]).startswith(
                    "O'ZBEKISTON RESPUBLIKASI"):
                lines = lines[1:]
            body, tail = _split_tail(lines)
            events.append(("text", "preamble", rec, body, no))
            continue
        changed = []
        for name in ("section", "chapter"):
            value = (rec.get(name) or "").strip()
            if value and value != fields[name]:
                changed.append(value)
            fields[name] = value or fields[name]
        if aid == "_end":
            flush(changed, no)
            head, rest = [], list(lines)
            while rest and (_parse(rest[0]) or (head and _is_title(rest[0])
                                                and (_parse(head[-1]) or (0,) * 5)[4] == "")):
                head.append(rest.pop(0))
            events.extend(("head", h, no) for h in head)
            events.append(("text", "conclusions" if not head else None, rec, rest, no))
            tail = []
            continue
        flush(changed, no)
        body, tail = _split_tail(lines)
        events.append(("art", rec, body, no))
    flush([], records[-1][0])
    return events


def read_tomaris_jsonl(path: str | Path) -> Document:
    """Read one ``articles/*.jsonl`` file into a ``Document`` with one ``uzb`` edition."""
    path = Path(path)
    records = _records(path)
    first = records[0][1]
    title = first.get("code_title") or path.stem
    work = WorkMeta(subtype=subtype_of(title), title=title,
                    source_id=(first.get("lex_uz_doc") or None))
    doc = Document(source=str(path), work=work, editions=[], format="tomaris_jsonl")
    row = _manifest_row(path)
    if row:
        work.date = row.get("adopted") or None
        work.source_id = row.get("lex_uz_doc") or work.source_id
        work.title = row.get("code_title") or work.title
    snapshot = first.get("snapshot_date")
    if snapshot:
        doc.warn(f"snapshot {snapshot} is a month, not an edition date: valid_from left unset")
    events = _events(records)
    heads = [i for i, e in enumerate(events) if e[0] == "head" and (p := _parse(e[1]))
             and p[1] == "chapter" and p[3].isdigit()]
    resolved = dict(zip(heads, resolve_superscripts([_parse(events[i][1])[3] for i in heads]),
                        strict=True))
    builder = _Builder(doc)
    front: list[_Node] = []
    for i, event in enumerate(events):
        if event[0] == "head":
            builder.heading(event[1], event[2], resolved.get(i))
        elif event[0] == "art":
            builder.article(event[1], event[2], event[3])
        else:
            _, kind, rec, lines, no = event
            if kind is None and builder.outline.last is not None:  # a section printed last
                builder.outline.last.lines.extend(lines)
            elif any(x.strip() for x in lines):
                node = _Node(kind, kind, None, rec.get("title") or None, None, no, lines=lines)
                (front if kind == "preamble" else builder.nodes).append(node)
    nodes = front + builder.nodes
    rename(nodes, name_containers(nodes, doc.warn))
    ordered = [n.freeze() for n in nodes]
    doc.editions.append(EditionText(lang="uzb", valid_from=None, provisions=ordered,
                                    title=work.title))
    return doc
