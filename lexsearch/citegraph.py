"""The citation graph in the store: found at import, resolved against the works the store holds,
re-resolved when a cited work arrives later. "Cited by" is an index lookup, not a scan."""

from __future__ import annotations

import re

from .analysis import analyze
from .citations import article_eid, find_citations, resolve
from .errors import NotFound
from .model import ActRef, Citation
from .numbers import number_key
from .store import Store

# Words of a citation that name the article, not the act.
_ARTICLE_WORDS = {"modda", "moddalar", "qism", "band", "xatboshi", "статья", "часть", "пункт",
                  "подпункт", "article", "part", "paragraph", "ushbu", "настоящий", "this", "of",
                  "the", "and", "va", "и"}
_FINDER_LANGS = frozenset({"uzb", "uzb-Cyrl", "rus", "eng"})  # what find_citations reads


def _words(text: str, lang: str) -> frozenset[str]:
    terms = {t.text for t in analyze(text, "uzb" if lang.startswith("uzb") else lang)}
    return frozenset(t for t in terms if t not in _ARTICLE_WORDS and not re.match(r"^[\d.]+$", t))


class Resolver:
    """Looks cited acts up in the store: by number in any script, else by the words of the
    citation against the analysed titles of works of the same language."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._eid_cache: dict[str, frozenset[str]] = {}
        self.titles: list[tuple[str, str, frozenset[str]]] = []
        for w in store.works():
            for lang, title in w.titles.items():
                self.titles.append((w.uri, lang, _words(title, lang)))

    def work(self, act: ActRef, words: frozenset[str], lang: str) -> str | None:
        if act.number:
            found = self.store.works_by_number(act.number)
            return found[0].uri if len(found) == 1 else None
        if len(words) < 2:  # "Kodeks" alone names no act
            return None
        same = {uri for uri, tlang, tw in self.titles
                if tlang.split("-")[0] == lang.split("-")[0] and words <= tw}
        return same.pop() if len(same) == 1 else None

    def article(self, work_uri: str, article: str) -> str | None:
        """The eId of ``article`` when the current edition of ``work_uri`` has it."""
        eid = article_eid(article)
        return eid if eid in self._eids(work_uri) else None

    def _eids(self, work_uri: str) -> frozenset[str]:
        """The eIds of the work's current edition: one query per cited work, not one per
        cited article (a store on PostgreSQL answers each over the network). A work with no
        edition yet is not remembered: its edition may come later in the same release."""
        if work_uri in self._eid_cache:
            return self._eid_cache[work_uri]
        try:
            edition = self.store.edition_for(work_uri)
        except NotFound:
            return frozenset()
        eids = frozenset(p.eid for p in self.store.provisions(edition, with_text=False))
        self._eid_cache[work_uri] = eids
        return eids


def citations_of(text: str, lang: str, resolver: Resolver, self_work: str) -> list[tuple]:
    """``(citation, act_words)`` pairs of one provision text, resolved."""
    if lang not in _FINDER_LANGS or not text:
        return []
    found = find_citations(text, lang)
    out = []
    for cit in found:
        words = _words(cit.text, lang) if cit.act and not cit.act.number else frozenset()

        def lookup(act: ActRef, words=words) -> str | None:
            return resolver.work(act, words, lang)

        (resolved,) = resolve([cit], lookup, resolver.article, self_work)
        out.append((resolved, " ".join(sorted(words))))
    return out


def add_citations(conn, resolver: Resolver, edition_id: int, self_work: str, lang: str,
                  provisions) -> int:
    """Store the citations of one new edition's provisions; returns how many."""
    rows = []
    for p in provisions:
        for cit, words in citations_of(p.text, lang, resolver, self_work):
            act = cit.act
            rows.append((edition_id, p.eid, cit.start, cit.end, cit.text,
                         act.type if act else None,
                         number_key(act.number) if act and act.number else None,
                         act.date if act else None, words, int(cit.self_ref), cit.article,
                         cit.part, cit.target_work, cit.target_eid))
    conn.executemany(
        'INSERT INTO citations (edition_id, eid, start, "end", raw, act_type, act_number_key, '
        "act_date, act_words, self_ref, article, part, target_work, target_eid) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
    return len(rows)


def resolve_pending(conn, resolver: Resolver) -> int:
    """Resolve citations stored before their target arrived; returns how many now resolve."""
    rows = conn.execute(
        "SELECT c.id, c.act_type, c.act_number_key, c.act_words, c.article, e.lang "
        "FROM citations c JOIN editions e ON e.id = c.edition_id "
        "WHERE c.target_work IS NULL AND c.self_ref = 0 AND c.act_type IS NOT NULL").fetchall()
    done = 0
    for cid, act_type, key, words, article, lang in rows:
        work = resolver.work(ActRef(type=act_type, number=key), frozenset((words or "").split()),
                             lang)
        if work:
            eid = resolver.article(work, article) if article else None
            conn.execute("UPDATE citations SET target_work = ?, target_eid = ? WHERE id = ?",
                         (work, eid, cid))
            done += 1
    return done


def cited_by(store: Store, work_uri: str, eid: str | None = None, limit: int = 200) -> list[dict]:
    """Provisions (of the editions in force now) that cite ``work_uri`` (or one article of it)."""
    sql = ("SELECT DISTINCT w.uri AS work, c.eid, c.raw, e.valid_from, e.lang, w.titles "
           "FROM citations c JOIN editions e ON e.id = c.edition_id "
           "JOIN works w ON w.id = e.work_id WHERE c.target_work = ?")
    args: list = [work_uri]
    if eid:
        sql += " AND c.target_eid = ?"
        args.append(eid)
    rows = list(store.db.query(sql + " ORDER BY w.uri, c.eid", args))
    latest = {}
    for r in rows:  # keep each citing provision of the newest edition only
        latest.setdefault((r["work"], r["lang"]), set()).add(r["valid_from"])
    out = [r for r in rows if r["valid_from"] == max(latest[(r["work"], r["lang"])])]
    return out[:limit]


_OUTGOING = ('SELECT eid, start, "end", raw, self_ref, article, part, target_work, target_eid, '
             "act_type, act_number_key, act_date FROM citations WHERE edition_id = ?")


def _citation(r: tuple) -> Citation:
    act = ActRef(type=r[9], number=r[10], date=r[11]) if r[9] else None
    return Citation(r[1], r[2], r[3], act, bool(r[4]), r[5], r[6], None, r[7], r[8])


def outgoing(store: Store, edition_id: int, eid: str) -> list[Citation]:
    """The citations stored for one provision of an edition, in text order."""
    rows = store.conn.execute(_OUTGOING + " AND eid = ? ORDER BY start", (edition_id, eid))
    return [_citation(r) for r in rows]


def outgoing_by_provision(store: Store, edition_id: int) -> dict[str, list[Citation]]:
    """Every citation stored for an edition, by the eId of the provision it stands in (one
    query, for rendering a whole act)."""
    out: dict[str, list[Citation]] = {}
    for r in store.conn.execute(_OUTGOING + " ORDER BY eid, start", (edition_id,)):
        out.setdefault(r[0], []).append(_citation(r))
    return out


def counts(store: Store) -> dict:
    q = store.conn.execute
    total = q("SELECT count(*) FROM citations").fetchone()[0]
    resolved = q("SELECT count(*) FROM citations WHERE target_work IS NOT NULL").fetchone()[0]
    return {"citations": total, "resolved": resolved, "unresolved": total - resolved}
