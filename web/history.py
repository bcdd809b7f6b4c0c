"""How an act changed: the compare view, the timeline and the changes one act made."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request

from lexsearch.errors import NotFound
from lexsearch.render import eid_label
from lexsearch.store import StoredProvision

from .act_view import eid_labels, load_act, parse_date, provision_label, store
from .markup import diff_html

bp = Blueprint("history", __name__)

VIEWS = ("side", "inline")


def _lang() -> str | None:
    lang = request.args.get("lang") or None
    if lang is not None and lang not in ("uzb", "uzb-Cyrl", "rus", "eng"):
        abort(400, f"lang: unknown document language {lang[:20]!r}")
    return lang


def run_compare(work_uri: str, from_date: str | None, to_date: str | None, lang: str | None):
    """``lexsearch.diff.compare`` with its inputs checked: 400 for missing or bad dates,
    404 when no edition is in force on a date."""
    from lexsearch.diff import compare

    if not from_date or not to_date:
        abort(400, "from and to: both dates are required (YYYY-MM-DD)")
    try:
        return compare(store(), work_uri, from_date, to_date, lang)
    except NotFound as exc:
        abort(404, str(exc))


@bp.get("/akn/<path:rest>/compare")
def compare_view(rest: str):
    from_date = parse_date(request.args.get("from"), "from")
    to_date = parse_date(request.args.get("to"), "to")
    lang = _lang()
    view = request.args.get("view", "side")
    if view not in VIEWS:
        abort(400, f"view: must be one of {', '.join(VIEWS)}")
    _, work, _ = load_act("/akn/" + rest, lang=lang)
    diff = run_compare(work.uri, from_date, to_date, lang)
    s = store()
    old = {p.eid: p for p in s.provisions(diff.old)}
    new = {p.eid: p for p in s.provisions(diff.new)}

    def label(p: StoredProvision | None, eid: str) -> str:
        return (provision_label(p, diff.new.lang) if p else "") or eid_label(eid, diff.new.lang)

    changed = [{"eid": c.eid, "label": label(new.get(c.eid), c.eid), "from_eid": c.from_eid,
                "from_label": label(old.get(c.from_eid), c.from_eid) if c.from_eid else None,
                "whitespace_only": c.whitespace_only,
                "old": diff_html(c.ops, "old"), "new": diff_html(c.ops, "new"),
                "inline": diff_html(c.ops, "inline"),
                "heading": diff_html(c.heading_ops, "inline") if c.heading_ops else None}
               for c in diff.changed]
    added = [{"eid": e, "label": label(new.get(e), e), "text": (new[e].text if e in new else "")}
             for e in diff.added]
    removed = [{"eid": e, "label": label(old.get(e), e), "text": (old[e].text if e in old else "")}
               for e in diff.removed]
    moved = [{"from": a, "to": b, "label": label(new.get(b), b)} for a, b in diff.moved]
    return render_template("history/compare.html", work=work, diff=diff, counts=diff.counts(),
                           changed=changed, added=added, removed=removed, moved=moved,
                           view=view, editions=s.editions(work.uri, diff.new.lang))


@bp.get("/akn/<path:rest>/timeline")
def timeline(rest: str):
    from lexsearch.history import provision_history, work_timeline

    lang = _lang()
    _, work, edition = load_act("/akn/" + rest, lang=lang)
    eid = request.args.get("eid") or None
    events = None
    label = None
    s = store()
    try:
        data = work_timeline(s, work.uri, lang)
        if eid:
            events = provision_history(s, work.uri, eid, lang)
            try:
                label = provision_label(s.provision(edition, eid), edition.lang)
            except NotFound:
                label = eid
    except NotFound as exc:
        abort(404, str(exc))
    from .timeline_svg import chart

    labels = eid_labels(s, edition, (e for a in data["amending_acts"]
                                     for e in a["provisions"][:12]))
    return render_template("history/timeline.html", work=work, edition=edition, data=data,
                           eid=eid, events=events, label=label,
                           chart=chart(data["amending_acts"]), labels=labels)


@bp.get("/changes")
def changes():
    """What one amending act changed, across every stored act (``?act=OʻRQ-683``)."""
    from lexsearch.history import changes_by

    act = (request.args.get("act") or "").strip()
    if not act:
        abort(400, "act: an act number is required, e.g. OʻRQ-683")
    if len(act) > 100:
        abort(400, "act: too long")
    s = store()
    rows = changes_by(s, act)
    titles: dict[str, str] = {}
    labels: dict[tuple[str, str, str], str] = {}
    by_edition: dict[tuple[str, str], list[str]] = {}
    for r in rows:
        by_edition.setdefault((r["work"], r["lang"]), []).append(r["eid"])
        if r["work"] not in titles:
            try:
                titles[r["work"]] = s.work(r["work"]).title
            except NotFound:
                titles[r["work"]] = r["work"]
    for (work_uri, lang), eids in by_edition.items():
        try:
            named = eid_labels(s, s.edition_for(work_uri, lang), eids)
        except NotFound:
            continue
        labels.update({(work_uri, lang, e): label for e, label in named.items()})
    return render_template("history/changes.html", act=act, rows=rows, titles=titles,
                           labels=labels,
                           works=s.works_by_number(act))
