"""The parallel view: two expressions of one work side by side, aligned by eId.

``/akn/<work>/parallel?left=uzb&right=rus`` shows the whole act, ``&part=chp_3`` one chapter
(or section, part, annex: any container and everything under it), ``&as_of=DATE`` the editions
in force then, ``&format=pdf`` the same rows as a landscape PDF (``web.pdf_export``). Rows follow the left text's order; a provision only the right text has comes
after the provision it follows there. A provision present in one language only is flagged in
the row. A plain two-column table: no JavaScript, and it prints (the print stylesheet drops the
site chrome and keeps the columns).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, abort, render_template, request

from lexsearch.errors import NotFound
from lexsearch.store import StoredProvision

from .act_view import CONTAINERS, inline_number, load_act, parse_date, provision_label, store
from .i18n import current_ui
from .languages import DOC_LANGUAGES, preferred_language
from .markup import linked_paragraphs

bp = Blueprint("parallel", __name__)


@dataclass
class Side:
    label: str
    num: str | None
    paras: list


@dataclass
class Row:
    eid: str
    kind: str
    container: bool
    left: Side | None
    right: Side | None

    @property
    def only(self) -> str | None:
        """"left" or "right" when one text lacks the provision."""
        if self.left is None:
            return "right"
        if self.right is None:
            return "left"
        return None


def aligned(left: list[StoredProvision], right: list[StoredProvision]) -> list[str]:
    """The eIds of both texts in one order: the left's, each right-only eId after the eId it
    follows in the right text (at the start when it opens it)."""
    order = [p.eid for p in left]
    known = set(order)
    after: dict[str | None, list[str]] = {}
    anchor: str | None = None
    for p in right:
        if p.eid in known:
            anchor = p.eid
        else:
            after.setdefault(anchor, []).append(p.eid)
    out = list(after.get(None, []))
    for eid in order:
        out.append(eid)
        out.extend(after.get(eid, []))
    return out


def within(provisions: list[StoredProvision], part: str) -> list[StoredProvision]:
    """``part`` and every provision under it (by parent links, as a code's articles are not
    nested in their chapter's eId)."""
    inside = {part}
    out = []
    for p in provisions:  # document order: a parent comes before its children
        if p.eid == part or p.parent in inside:
            inside.add(p.eid)
            out.append(p)
    return out


def _side(p: StoredProvision | None, lang: str) -> Side | None:
    if p is None:
        return None
    num = inline_number(p)
    return Side("" if num else provision_label(p, lang), num, linked_paragraphs(p.text))


def _lang_arg(name: str, languages: list[str], default: str) -> str:
    value = request.args.get(name) or default
    if value not in languages:
        abort(400, f"{name}: the work has no text in {value[:20]!r} "
                   f"(it has {', '.join(languages)})")
    return value


@bp.get("/akn/<path:rest>/parallel")
def parallel_view(rest: str):
    s = store()
    as_of = parse_date(request.args.get("as_of"), "as_of")
    _, work, _ = load_act("/akn/" + rest)
    languages = [lang for lang in DOC_LANGUAGES if lang in s.languages(work.uri)] or \
        s.languages(work.uri)
    if len(languages) < 2:
        abort(404, f"{work.uri} has its text in one language only ({languages[0]}): "
                   "there is nothing to show side by side")
    first = preferred_language(languages, current_ui()) or work.lang
    left_lang = _lang_arg("left", languages, first)
    right_lang = _lang_arg("right", languages,
                           next(lang for lang in languages if lang != left_lang))
    try:
        left_ed = s.edition_for(work.uri, left_lang, as_of=as_of)
        right_ed = s.edition_for(work.uri, right_lang, as_of=as_of)
    except NotFound as exc:
        abort(404, str(exc))
    left, right = s.provisions(left_ed), s.provisions(right_ed)
    parts = [(p.eid, provision_label(p, left_lang) or p.eid) for p in left
             if p.kind in CONTAINERS]
    part = request.args.get("part") or None
    if part:
        if part not in {p.eid for p in left} | {p.eid for p in right}:
            abort(404, f"part: {work.uri} has no provision {part[:40]!r} in {left_lang} "
                       f"or {right_lang}")
        left, right = within(left, part), within(right, part)
    by_left = {p.eid: p for p in left}
    by_right = {p.eid: p for p in right}
    rows = []
    for eid in aligned(left, right):
        p = by_left.get(eid) or by_right[eid]
        rows.append(Row(eid, p.kind, p.kind in CONTAINERS, _side(by_left.get(eid), left_lang),
                        _side(by_right.get(eid), right_lang)))
    fmt = request.args.get("format")
    if fmt == "pdf":
        from .pdf_export import parallel_pdf

        return parallel_pdf(work, left_ed, right_ed, rows, part)
    if fmt:
        abort(400, f"format: the parallel view downloads as format=pdf, not {fmt[:20]!r}")
    return render_template(
        "documents/parallel.html", work=work, rows=rows, left=left_ed, right=right_ed,
        languages=languages, parts=parts, part=part, as_of=as_of or "",
        only_left=sum(1 for r in rows if r.only == "left"),
        only_right=sum(1 for r in rows if r.only == "right"))
