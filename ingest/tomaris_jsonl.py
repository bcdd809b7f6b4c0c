"""Read one act of the Tomaris AI Uzbek legal corpus: one JSON record per article.

Each line holds ``article_id`` (``"480.1"`` for 480¹; ``"_front"`` / ``"_end"`` for the matter
before the first and after the last article), ``title``, ``text`` and the raw ``section`` and
``chapter`` headings. ``manifest.csv`` beside the ``articles/`` folder gives the adoption date
and the lex.uz id. eIds follow ``read_lexuz_text`` so both readers agree on the same act.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from ingest.lexuz_text import container_key, display_num, parse_container, resolve_superscripts
from lexsearch.errors import InputError
from lexsearch.model import Document, EditionText, Provision, WorkMeta
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


class _Containers:
    """Section and chapter strings -> container provisions, in order of first appearance."""

    def __init__(self, doc: Document, chapters: list[str]) -> None:
        self.doc = doc
        self.out: list[Provision] = []
        self.seen: dict[tuple[str, str], str] = {}
        arabic = [c for c in dict.fromkeys(chapters)
                  if (p := parse_container(fold_apostrophes(c))) and p[3].isdigit()]
        self.resolved = dict(zip(arabic, resolve_superscripts(
            [parse_container(fold_apostrophes(c))[3] for c in arabic]), strict=True))

    def get(self, heading: str, parent: str | None, no: int, kind: str) -> str | None:
        if not heading.strip():
            return parent
        if (heading, parent or "") in self.seen:
            return self.seen[(heading, parent or "")]
        parsed = parse_container(fold_apostrophes(heading.strip()))
        if parsed is None:
            count = sum(1 for p in self.out if p.kind == kind) + 1
            prefix, num, key, text = ("sec" if kind == "section" else "chp"), None, str(count), ""
            self.doc.warn(f"unrecognised {kind} heading {heading[:60]!r}", no)
            head = heading.strip()
        else:
            _, kind, prefix, num, head = parsed
            key = container_key(num)
            if key is None:
                base, sup = self.resolved.get(heading, (int(num), 0))
                key, num = (f"{base}.{sup}" if sup else str(base)), display_num(base, sup)
            text = ""
        eid = f"{parent}__{prefix}_{key}" if parent else f"{prefix}_{key}"
        if any(p.eid == eid for p in self.out):
            self.doc.warn(f"duplicate eId {eid}", no)
            eid += f"_{sum(1 for p in self.out if p.eid.startswith(eid)) + 1}"
        self.out.append(Provision(eid, kind, num, head or None, text, parent, no))
        self.seen[(heading, parent or "")] = eid
        return eid


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
    containers = _Containers(doc, [r.get("chapter") or "" for _, r in records])
    provisions: list[Provision] = []
    eids: set[str] = set()
    for no, rec in records:
        aid = rec["article_id"]
        if aid in ("_front", "_end"):
            kind = "preamble" if aid == "_front" else "conclusions"
            provisions.append(Provision(kind, kind, None, rec.get("title") or None, rec["text"],
                                        None, no))
            continue
        sec = containers.get(rec.get("section") or "", None, no, "section")
        parent = containers.get(rec.get("chapter") or "", sec, no, "chapter")
        num, eid = _article_num(aid)
        if eid in eids:
            doc.warn(f"duplicate eId {eid}", no)
            eid += "_2"
        eids.add(eid)
        provisions.append(Provision(eid, "article", num, rec.get("title") or None, rec["text"],
                                    parent, no))
    # containers come before the first article that opens them
    ordered: list[Provision] = []
    placed: set[str] = set()
    by_eid = {c.eid: c for c in containers.out}
    for prov in provisions:
        chain, cur = [], prov.parent
        while cur and cur not in placed:
            chain.append(by_eid[cur])
            cur = by_eid[cur].parent
        for c in reversed(chain):
            ordered.append(c)
            placed.add(c.eid)
        ordered.append(prov)
    doc.editions.append(EditionText(lang="uzb", valid_from=None, provisions=ordered,
                                    title=work.title))
    return doc
