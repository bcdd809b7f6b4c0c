"""Finding the act a URL names and preparing what its page shows.

``load_act`` turns the path after ``/akn/`` plus ``?as_of=`` into (work, edition) through
``Store.edition_for`` (the one place that decides which edition applies). ``act_page`` builds
the page's values: card, status banners, table of contents, provisions with their notes and
linked citations.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date

from flask import abort, current_app, request

from lexsearch.errors import NotFound
from lexsearch.model import KINDS, Citation, Edition, Work
from lexsearch.render import provision_title
from lexsearch.store import Store, StoredProvision
from lexsearch.uri import FrbrUri

from .markup import Span, linked_paragraphs

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# containers head the contents; an attachment (annex, the rules a decree approves) is one of
# its own at the top level, with its chapters inside
CONTAINERS = set(KINDS[KINDS.index("book"):KINDS.index("article")]) | {"attachment"}
INLINE_NUMBERED = ("point", "subpoint")  # decree points print "1." / "a)" before their text
_CONTAINER_WORDS = {  # doc language -> kind -> word; uzb prints "1-bob", rus "Глава 1"
    "uzb": {"chapter": "bob", "section": "boʻlim", "paragraph": "§", "subsection": "kichik boʻlim"},
    "uzb-Cyrl": {"chapter": "боб", "section": "бўлим", "paragraph": "§", "subsection": "кичик бўлим"},
    "rus": {"chapter": "Глава", "section": "Раздел", "paragraph": "§", "subsection": "Подраздел"},
    "eng": {"chapter": "Chapter", "section": "Section", "paragraph": "§"},
}


def store() -> Store:
    return current_app.extensions["lexsearch_store"]()


def parse_date(value: str | None, name: str) -> str | None:
    """A ``YYYY-MM-DD`` query value, or ``abort(400)`` naming the parameter."""
    if value is None or value == "":
        return None
    try:
        if not _DATE.match(value):
            raise ValueError(value)
        date.fromisoformat(value)
    except ValueError:
        abort(400, f"{name}: not a date YYYY-MM-DD: {value[:40]!r}")
    return value


def parse_uri(text: str) -> FrbrUri:
    try:
        return FrbrUri.parse(text if text.startswith("/akn/") else "/" + text.lstrip("/"))
    except ValueError as exc:
        abort(404, str(exc))


def load_act(uri_text: str, as_of: str | None = None,
             lang: str | None = None) -> tuple[FrbrUri, Work, Edition]:
    """The work and the edition that applies; 404 for an unknown work or edition."""
    parsed = parse_uri(uri_text)
    s = store()
    try:
        work = s.work(parsed.work_uri)
        edition = s.edition_for(work.uri, lang or parsed.language, as_of=as_of,
                                exact=parsed.expression_date)
    except NotFound as exc:
        abort(404, str(exc))
    return parsed, work, edition


def provision_label(p: StoredProvision, lang: str) -> str:
    """The heading line of a provision: ``39-modda. Heading``, ``3-bob. Heading``."""
    if p.kind in CONTAINERS and p.num:
        word = _CONTAINER_WORDS.get(lang, {}).get(p.kind)
        if word:
            head = f"{p.num}-{word}" if lang.startswith("uzb") and word != "§" else f"{word} {p.num}"
            return f"{head}. {p.heading}" if p.heading else head
    return provision_title(p, lang)


def eid_labels(s: Store, edition: Edition, eids) -> dict[str, str]:
    """eid -> its readable reference in ``edition`` (``149-modda``, ``1-ilova, 15-band``),
    named by the stored kind and number where the edition has the provision."""
    from lexsearch.render import eid_label

    wanted = set(eids)
    stored = {p.eid: p for p in s.provisions(edition, with_text=False) if p.eid in wanted}
    return {e: eid_label(e, edition.lang, *((stored[e].kind, stored[e].num) if e in stored
                                             else (None, None))) for e in wanted}


@dataclass
class TocNode:
    eid: str
    label: str
    kind: str
    children: list[TocNode] = field(default_factory=list)


def toc(provisions: list[StoredProvision], lang: str) -> list[TocNode]:
    """Containers and articles as a tree (clauses and points stay out of the contents)."""
    roots: list[TocNode] = []
    nodes: dict[str, TocNode] = {}
    for p in provisions:
        if p.kind not in CONTAINERS and p.kind != "article":
            continue
        node = TocNode(p.eid, provision_label(p, lang) or p.eid, p.kind)
        nodes[p.eid] = node
        parent = nodes.get(p.parent or "")
        (parent.children if parent else roots).append(node)
    return roots


class CitationLinker:
    """Resolves citations to hrefs: references into this act stay on this edition's page."""

    def __init__(self, s: Store, work: Work, edition: Edition, eids: set[str]) -> None:
        from lexsearch.citegraph import outgoing_by_provision

        self.store, self.work, self.eids = s, work, eids
        self.graph = outgoing_by_provision(s, edition.id)  # resolved at import
        self.targets: dict[str, Work | None] = {}

    def citations(self, p: StoredProvision) -> list[Citation]:
        return self.graph.get(p.eid, [])

    def href(self, cit: Citation) -> str | None:
        work_uri, eid = cit.target_work, cit.target_eid
        if work_uri is None:
            return None
        if work_uri == self.work.uri:
            return f"#{eid}" if eid and eid in self.eids else None
        if work_uri not in self.targets:
            try:
                self.targets[work_uri] = self.store.work(work_uri)
            except NotFound:
                self.targets[work_uri] = None
        if self.targets[work_uri] is None:
            return None
        return work_uri + (f"#{eid}" if eid else "")

    @property
    def outgoing(self) -> list[Work]:
        return sorted((w for w in self.targets.values() if w), key=lambda w: w.uri)

    def spans(self, p: StoredProvision) -> list[Span]:
        out: list[Span] = []
        seen: set[tuple[int, int]] = set()
        for cit in self.citations(p):
            if (cit.start, cit.end) in seen:  # several articles of one phrase: link the first
                continue
            href = self.href(cit)
            if href:
                seen.add((cit.start, cit.end))
                out.append((cit.start, cit.end, href))
        return out


def banners(work: Work, edition: Edition, latest: Edition, today: str | None = None) -> list[dict]:
    today = today or date.today().isoformat()
    out = []
    if work.status == "repealed":
        out.append({"kind": "repealed", "key": "banner_repealed", "date": work.repealed_on})
    elif work.status == "not_yet_in_force" or (work.entry_into_force
                                               and work.entry_into_force > today):
        out.append({"kind": "not-yet", "key": "banner_not_yet", "date": work.entry_into_force})
    if edition.valid_from > today:
        out.append({"kind": "not-yet", "key": "banner_future_edition", "date": edition.valid_from})
    elif edition.id != latest.id:
        out.append({"kind": "old", "key": "banner_old_edition", "date": edition.valid_from,
                    "href": latest.uri})
    return out


def inline_number(p: StoredProvision) -> str | None:
    """A decree point's number as lex.uz prints it before the text (``1.``, ``a)``), or None."""
    if p.kind not in INLINE_NUMBERED or p.heading or not p.num:
        return None
    return p.num if p.num.endswith((")", ".")) else p.num + "."


def act_page(work: Work, edition: Edition, *, translit: str | None = None,
             statuses: dict | None = None, asof_summary: object = None) -> dict:
    """Everything the act template needs, in few queries. ``translit`` (``uzb-Cyrl`` or
    ``uzb``): the edition in the other Uzbek script, transliterated automatically (no
    citation links: their offsets are the official text's). ``statuses``: eid -> the as-of
    status block of each provision (helper "pointintime"'s), shown by the template."""
    from lexsearch.render import transliterated

    from .languages import page_options, provision_links

    s = store()
    provisions = s.provisions(edition)
    languages = s.languages(work.uri)
    notes: dict[str | None, list[dict]] = {}
    for n in s.notes(edition):
        notes.setdefault(n["eid"], []).append(n)
    linker = CitationLinker(s, work, edition, {p.eid for p in provisions})
    lang = edition.lang
    if translit:
        provisions = transliterated(provisions, translit)
        lang = translit
    others = provision_links(s, work, edition, languages, translit)
    statuses = statuses or {}
    items = [{"p": p, "label": "" if inline_number(p) else provision_label(p, lang),
              "num": inline_number(p), "container": p.kind in CONTAINERS,
              "paras": linked_paragraphs(p.text, () if translit else linker.spans(p)),
              "notes": notes.get(p.eid, []), "others": others.get(p.eid, []),
              "status": statuses.get(p.eid)} for p in provisions]
    same_lang = s.editions(work.uri, edition.lang)
    changed_by: dict[tuple, dict] = {}
    for rows in notes.values():
        for n in rows:
            if n["act_number"] and n["action"] != "published":
                key = (n["act_number"], n["act_date"])
                entry = changed_by.setdefault(key, {"number": n["act_number"],
                                                    "type": n["act_type"], "date": n["act_date"],
                                                    "gazette": n["gazette"], "count": 0})
                entry["count"] += 1
    title, title_lang = page_title(work, edition, translit)
    return {
        "title": title, "title_lang": title_lang,
        "work": work, "edition": edition, "items": items, "toc": toc(provisions, lang),
        "publications": notes.get(None, []), "editions": same_lang,
        "languages": languages, "aliases": aliases(s, work),
        "lang_options": page_options(work, edition, languages, translit),
        "text_lang": lang, "translit": translit, "asof_summary": asof_summary,
        "banners": banners(work, edition, same_lang[-1]),
        "changed_by": sorted(changed_by.values(), key=lambda e: e["date"] or "", reverse=True),
        "outgoing": linker.outgoing,
        "cited_by": cited_by(s, work),
        "as_of": request.args.get("as_of", ""),
    }


def page_title(work: Work, edition: Edition, translit: str | None) -> tuple[str, str]:
    """The act's title in the language shown and that language (the work's own when the
    importer kept no title in this one): (title, lang)."""
    title = work.titles.get(edition.lang)
    lang = edition.lang
    if title is None:
        lang = next((x for x in work.titles if work.titles[x] == work.title), work.lang)
        title = work.title
    if translit and lang == edition.lang:
        from lexsearch.analysis.transliterate import transliterate

        return transliterate(title, translit), translit
    return title, lang


def aliases(s: Store, work: Work) -> list[str]:
    """The act's number as printed plus its aliases in other scripts, without repeats."""
    out = [work.number] if work.number else []
    for a in s.aliases(work.uri):
        if a.casefold() not in {x.casefold() for x in out}:
            out.append(a)
    return out


def cited_by(s: Store, work: Work) -> list[dict]:
    """Provisions of other acts citing this one (the store's citation graph)."""
    from lexsearch import citegraph
    from lexsearch.render import eid_label

    out = []
    for r in citegraph.cited_by(s, work.uri):
        if r["work"] == work.uri:
            continue
        titles = json.loads(r.get("titles") or "{}")
        out.append({"work": r["work"], "eid": r["eid"], "raw": r["raw"],
                    "label": eid_label(r["eid"], r["lang"]) if r["eid"] else "",
                    "title": titles.get(r["lang"]) or next(iter(titles.values()), r["work"]),
                    "href": f"{r['work']}/{r['lang']}#{r['eid']}"})
    return out
