"""Plain renderings of an edition (text and JSON) shared by the CLI and the web exports."""

from __future__ import annotations

from .model import Edition, Work
from .store import Store, StoredProvision

_CONTAINER_LABEL = {"part": "", "section": "", "subsection": "", "chapter": "",
                    "paragraph": "§ "}


def provision_title(p: StoredProvision, lang: str = "uzb") -> str:
    """The heading line of a provision as the act prints it (``39-modda. Heading``)."""
    if p.kind == "article":
        if lang.startswith("uzb"):
            label = f"{p.num}-modda." if p.num else ""
        elif lang == "rus":
            label = f"Статья {p.num}." if p.num else ""
        elif lang == "spa":
            label = f"Artículo {p.num}." if p.num else ""
        else:
            label = f"Article {p.num}." if p.num else ""
        return " ".join(x for x in (label, p.heading or "") if x).strip()
    return " ".join(x for x in (p.heading or p.num or "",) if x).strip()


def edition_text(store: Store, work: Work, edition: Edition,
                 provisions: list[StoredProvision] | None = None) -> str:
    """The edition as plain text (``provisions``: the edition's, when the caller has them)."""
    lines = [work.titles.get(edition.lang) or work.title,
             f"{work.uri}  —  {edition.lang} edition in force from {edition.valid_from}", ""]
    for p in store.provisions(edition) if provisions is None else provisions:
        title = provision_title(p, edition.lang)
        if title:
            lines.append(title)
        if p.text:
            lines.append(p.text)
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def edition_json(store: Store, work: Work, edition: Edition,
                 provisions: list[StoredProvision] | None = None) -> dict:
    """The edition as JSON values (``provisions``: the edition's, when the caller has them)."""
    if provisions is None:
        provisions = store.provisions(edition)
    notes: dict[str | None, list] = {}
    for n in store.notes(edition):
        notes.setdefault(n["eid"], []).append({k: n[k] for k in (
            "raw", "action", "target", "act_type", "act_number", "act_date", "published",
            "gazette", "effective")})
    return {
        "work": {"uri": work.uri, "title": work.title, "titles": work.titles,
                 "subtype": work.subtype, "number": work.number, "date": work.date,
                 "status": work.status, "aliases": store.aliases(work.uri)},
        "edition": {"uri": edition.uri, "lang": edition.lang, "valid_from": edition.valid_from,
                    "produced_by": edition.produced_by, "gazette": edition.gazette},
        "editions": [e.uri for e in store.editions(work.uri)],
        "provisions": [{"eid": p.eid, "kind": p.kind, "num": p.num, "heading": p.heading,
                        "parent": p.parent, "text": p.text, "has_previous": p.has_previous,
                        "notes": notes.get(p.eid, [])} for p in provisions],
        "publications": notes.get(None, []),
    }
