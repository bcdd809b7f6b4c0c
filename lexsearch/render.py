"""Plain renderings of an edition (text and JSON) shared by the CLI and the web exports."""

from __future__ import annotations

from dataclasses import replace

from .model import Edition, Work
from .store import Store, StoredProvision

# kind -> (uzb, uzb-Cyrl, rus, eng) pattern of a provision's reference, {n} its number as
# printed: lex.uz prints "149-modda", "3-bob", "1-band", "a) kichik band", "1-ilova"; the
# Russian texts "статья 289.1", "глава 3", "пункт 1", "подпункт а)", "приложение 1".
_REF: dict[str, tuple[str, str, str, str]] = {
    "article": ("{n}-modda", "{n}-модда", "статья {n}", "Article {n}"),
    "chapter": ("{n}-bob", "{n}-боб", "глава {n}", "Chapter {n}"),
    "section": ("{n}-boʻlim", "{n}-бўлим", "раздел {n}", "Section {n}"),
    "subsection": ("{n}-kichik boʻlim", "{n}-кичик бўлим", "подраздел {n}", "Subsection {n}"),
    "part": ("{n}-qism", "{n}-қисм", "часть {n}", "Part {n}"),
    "paragraph": ("{n}-§", "{n}-§", "§ {n}", "§ {n}"),
    "clause": ("{n}-qism", "{n}-қисм", "часть {n}", "paragraph {n}"),
    "point": ("{n}-band", "{n}-банд", "пункт {n}", "point {n}"),
    "subpoint": ("{n} kichik band", "{n} кичик банд", "подпункт {n}", "sub-point {n}"),
    "attachment": ("{n}-ilova", "{n}-илова", "приложение {n}", "Annex {n}"),
}
_LANG_COL = {"uzb": 0, "uzb-Cyrl": 1, "rus": 2}
# eId component prefix -> kind (a ``para`` is a decree point, except a § inside a code's
# chapter, which only the stored kind can tell)
_EID_KIND = {"art": "article", "chp": "chapter", "sec": "section", "subsec": "subsection",
             "part": "part", "para": "point", "subpara": "subpoint", "att": "attachment",
             "cls": "clause"}


def _ref(kind: str, num: str, lang: str) -> str:
    row = _REF.get(kind)
    if row is None or not num:
        return num
    pattern = row[_LANG_COL.get(lang, 3)]
    if kind == "subpoint" and ")" not in num:  # a number from the eId: "2-kichik band"
        pattern = pattern.replace("{n} ", "{n}-") if lang.startswith("uzb") else pattern
    return pattern.format(n=num)


def eid_label(eid: str, lang: str = "uzb", kind: str | None = None, num: str | None = None) -> str:
    """A readable reference for an eId: ``art_149`` -> ``149-modda``, ``art_289.1`` (rus) ->
    ``статья 289.1``, ``att_1__chp_2__para_15`` -> ``1-ilova, 2-bob, 15-band``; ``kind`` and
    ``num`` (the stored provision's) name the last part exactly. An eId it cannot read is
    returned as it is."""
    parts = [c.rpartition("_") for c in eid.split("__")]
    out: list[str] = []
    for i, (prefix, _, value) in enumerate(parts):
        last = i == len(parts) - 1
        part_kind = (kind if last and kind else None) or _EID_KIND.get(prefix)
        if part_kind is None or not value:
            if last and prefix in ("preamble", "preface", "conclusions") or not prefix:
                return eid if not out else ", ".join(out)
            return eid
        out.append(_ref(part_kind, (num if last and num else value).rstrip("."), lang))
    return ", ".join(out)


def provision_title(p: StoredProvision, lang: str = "uzb") -> str:
    """The heading line of a provision as the act prints it (``39-modda. Heading``); a decree
    point or sub-point, which prints only its number, gets its reference (``1-band``,
    ``пункт 1``, ``1-band, a) kichik band``), an annex ``1-ilova. Heading``."""
    if p.kind == "article":
        if not p.num:
            label = ""
        elif lang == "spa":
            label = f"Artículo {p.num}."
        else:
            ref = _ref("article", p.num, lang)
            label = ref[:1].upper() + ref[1:] + "."  # "Статья 19." heads, "статья 19" cites
        return " ".join(x for x in (label, p.heading or "") if x).strip()
    if p.kind in ("point", "subpoint") and not p.heading and p.num:
        return eid_label(p.eid, lang, p.kind, p.num)
    if p.kind == "attachment" and p.num:
        head = _ref("attachment", p.num, lang)
        return f"{head}. {p.heading}" if p.heading else head
    return " ".join(x for x in (p.heading or p.num or "",) if x).strip()


# The label every automatic transliteration carries (pages, TXT, DOCX, PDF), in the script
# it is printed in.
TRANSLIT_NOTICE = {
    "uzb-Cyrl": "Автоматик транслитерация (лотин ёзувидан кирилл ёзувига): расмий матн эмас. "
                "Automatic transliteration, not an official text.",
    "uzb": "Avtomatik transliteratsiya (kirill yozuvidan lotin yozuviga): rasmiy matn emas. "
           "Automatic transliteration, not an official text.",
}


def transliterated(provisions: list[StoredProvision], to: str) -> list[StoredProvision]:
    """The provisions with heading and text in the Uzbek script ``to`` (``uzb``/``uzb-Cyrl``)."""
    from .analysis.transliterate import transliterate

    return [replace(p, heading=transliterate(p.heading, to) if p.heading else p.heading,
                    text=transliterate(p.text, to) if p.text else p.text) for p in provisions]


def edition_text(store: Store, work: Work, edition: Edition,
                 provisions: list[StoredProvision] | None = None, *,
                 translit: str | None = None) -> str:
    """The edition as plain text (``provisions``: the edition's, when the caller has them);
    ``translit``: in the other Uzbek script, headed by ``TRANSLIT_NOTICE``."""
    from .analysis.transliterate import transliterate

    title = work.titles.get(edition.lang) or work.title
    lang = edition.lang
    if provisions is None:
        provisions = store.provisions(edition)
    lines = [title, f"{work.uri}  —  {edition.lang} edition in force from {edition.valid_from}",
             ""]
    if translit:
        provisions = transliterated(provisions, translit)
        lines[0] = transliterate(title, translit)
        lines[1:1] = [TRANSLIT_NOTICE[translit]]
        lang = translit
    for p in provisions:
        title = provision_title(p, lang)
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
