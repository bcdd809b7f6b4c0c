"""Word translations between Uzbek and Russian, learnt from the store's own parallel texts.

Many acts have an Uzbek text only (the Tax Code, most new laws), and a lawyer asks in Russian:
"начисление процентов за просрочку уплаты налога" has no word in common with "soliqni toʻlash
muddati oʻtkazib yuborilgan har bir kun uchun penya". The codes that have both texts say what
each word is in the other language: article 15 of the Family Code in Uzbek and in Russian is
one provision (one eId), and across the ~1,700 such pairs of the sample "налог" and "soliq",
"процент" and "foiz", "отпуск" and "taʼtil" keep turning up together.

``build`` counts, over those pairs (the latest edition of each language of each work, matched
by eId), the provisions each Uzbek and each Russian term is in and the pairs that have both,
and keeps a translation where the Dice coefficient 2·both / (uzbek + russian) is at least
``MIN_DICE`` and each word is among the other's ``MUTUAL`` best (so "уплата" is not "aliment",
the word it stands beside in "уплата алиментов"). The relaxed ranking adds a word's
translations to the other language's chain at ``lexsearch.search.relaxed.TRANSLATION_BOOST``.

The table is built with the index (``indexes.build``) and kept beside it, ``translations.json``
in the engine's index folder; a store with no parallel texts has an empty table.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

import numpy as np

from lexsearch.analysis import analyze_positions, morph
from lexsearch.search.query import is_number_term
from lexsearch.store import CONTAINER_KINDS, Store

FILE = "translations.json"
VERSION = 3
MIN_PAIRS = 3  # provisions a translation is seen in: fewer is chance
MAX_SHARE = 0.4  # a term in more of the pairs than this says nothing of one provision
MIN_DICE = 0.5
MUTUAL = 3  # each word among the other's best few
TERMS_PER_TEXT = 80  # distinct terms of a provision counted (its opening), bounds the work
MAX_PAIRS = 20_000  # provision pairs read at most (the first, by work): bounds a large store
CHUNK = 500  # pairs counted at a time
LANGS = {"uzb": ("uzb", "uzb-Cyrl"), "rus": ("rus",)}  # chain: the expressions it reads


Table = dict[str, dict[str, list[str]]]  # chain of the word -> term -> terms of the other


# Russian parts of speech that carry no subject: "о" keeps company with "toʻgʻrisida" in
# every law's title ("О конкуренции", "Raqobat toʻgʻrisida") and would name every law
_FUNCTION_POS = frozenset({"PREP", "CONJ", "PRCL", "INTJ", "NPRO"})


@lru_cache(maxsize=1 << 16)
def content_term(term: str, lang: str) -> bool:
    """Whether ``term`` (of ``lang``'s chain) says something of a subject: not one letter, a
    number or a Russian preposition, conjunction, particle or pronoun."""
    if len(term) < 2 or is_number_term(term):
        return False
    return lang != "rus" or morph().parse(term)[0].tag.POS not in _FUNCTION_POS


def _terms(heading: str | None, text: str, lang: str) -> list[str]:
    out: dict[str, None] = {}
    for ts in analyze_positions(f"{heading or ''} {text}", lang):
        for t in ts:
            if content_term(t, lang):
                out[t] = None
        if len(out) >= TERMS_PER_TEXT:
            break
    return list(out)


def parallel(store: Store, uri: str) -> bool:
    """Whether work ``uri`` has an Uzbek and a Russian text (its pairs count)."""
    langs = {e.lang for e in store.editions(uri)}
    return bool(langs & set(LANGS["uzb"])) and bool(langs & set(LANGS["rus"]))


def pairs(store: Store) -> Iterator[tuple[list[str], list[str]]]:
    """(Uzbek terms, Russian terms) of each provision that has both texts in its work's
    latest editions (containers left out: a chapter is a heading)."""
    count = 0
    for work in store.works():
        latest: dict[str, object] = {}
        for edition in store.editions(work.uri):  # oldest first: the last one of each stays
            latest[edition.lang] = edition
        uz = next((latest[lang] for lang in LANGS["uzb"] if lang in latest), None)
        ru = latest.get("rus")
        if uz is None or ru is None:
            continue
        mine = {p.eid: p for p in store.provisions(uz)
                if p.text and p.kind not in CONTAINER_KINDS}
        for p in store.provisions(ru):
            other = mine.get(p.eid)
            if other is None or not p.text or p.kind in CONTAINER_KINDS:
                continue
            yield _terms(other.heading, other.text, uz.lang), _terms(p.heading, p.text, "rus")
            count += 1
            if count >= MAX_PAIRS:
                return


def build(store: Store) -> Table:
    """The translation table of the store's parallel provisions (see the module doc)."""
    found = list(pairs(store))
    if not found:
        return {"uzb": {}, "rus": {}}
    cap = MAX_SHARE * len(found)
    df_uz = Counter(t for uz, _ru in found for t in uz)
    df_ru = Counter(t for _uz, ru in found for t in ru)
    uz_terms = sorted(t for t, n in df_uz.items() if MIN_PAIRS <= n <= cap)
    ru_terms = sorted(t for t, n in df_ru.items() if MIN_PAIRS <= n <= cap)
    if not uz_terms or not ru_terms:
        return {"uzb": {}, "rus": {}}
    iu = {t: i for i, t in enumerate(uz_terms)}
    ir = {t: i for i, t in enumerate(ru_terms)}
    width = len(ru_terms)
    keys, counts = np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    for start in range(0, len(found), CHUNK):
        part = []
        for uz, ru in found[start:start + CHUNK]:
            a = np.array([iu[t] for t in uz if t in iu], dtype=np.int64)
            b = np.array([ir[t] for t in ru if t in ir], dtype=np.int64)
            if len(a) and len(b):
                part.append((a[:, None] * width + b[None, :]).ravel())
        if part:  # each pair's term pairs are distinct: counting keys counts provisions
            keys, inverse = np.unique(np.concatenate([keys, *part]), return_inverse=True)
            weights = np.concatenate([counts, np.ones(sum(len(p) for p in part), np.int64)])
            counts = np.bincount(inverse, weights=weights).astype(np.int64)
    u, r = keys // width, keys % width
    df_u = np.array([df_uz[t] for t in uz_terms])[u]
    df_r = np.array([df_ru[t] for t in ru_terms])[r]
    dice = 2 * counts / (df_u + df_r)
    keep = (counts >= MIN_PAIRS) & (dice >= MIN_DICE)
    u, r, dice = u[keep], r[keep], dice[keep]
    best_u: dict[int, list[tuple[float, int]]] = {}
    best_r: dict[int, list[tuple[float, int]]] = {}
    for a, b, d in zip(u.tolist(), r.tolist(), dice.tolist(), strict=True):
        best_u.setdefault(a, []).append((d, b))
        best_r.setdefault(b, []).append((d, a))
    top_u = {a: [b for _d, b in sorted(v, reverse=True)[:MUTUAL]] for a, v in best_u.items()}
    top_r = {b: [a for _d, a in sorted(v, reverse=True)[:MUTUAL]] for b, v in best_r.items()}
    table: Table = {"uzb": {}, "rus": {}}  # each word's translations best first
    for a, bs in top_u.items():
        for b in bs:
            if a in top_r.get(b, ()):
                table["uzb"].setdefault(uz_terms[a], []).append(ru_terms[b])
    for b, as_ in top_r.items():
        for a in as_:
            if b in top_u.get(a, ()):
                table["rus"].setdefault(ru_terms[b], []).append(uz_terms[a])
    return table


def save(table: Table, folder: str | Path) -> None:
    """``translations.json`` in ``folder``, written whole or not at all."""
    path = Path(folder) / FILE
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"version": VERSION, "table": table}, ensure_ascii=False,
                              sort_keys=True), encoding="utf-8")
    os.replace(tmp, path)


def load(folder: str | Path) -> Table:
    """The table kept in ``folder``; empty when there is none (an index built before it, or
    a store with no parallel texts), or one of another version."""
    try:
        saved = json.loads((Path(folder) / FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"uzb": {}, "rus": {}}
    if not isinstance(saved, dict) or saved.get("version") != VERSION:
        return {"uzb": {}, "rus": {}}
    table = saved.get("table") or {}
    return {"uzb": dict(table.get("uzb") or {}), "rus": dict(table.get("rus") or {})}
