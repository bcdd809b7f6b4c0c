"""Which work a document belongs to, and whether it really is that work.

A number alone does not make identity: ``OʻRQ-547`` printed over a fisheries law of 2024 is not
the personal data law of 2019 that the store holds under that number. A file joins a work only
when type, adoption date and title agree with what the store (or the register) knows of it,
with the tolerance real texts need:

* a code is adopted by a law of the same number and date (the Labour Code is a ``kodeks``
  approved by law ``OʻRQ-798`` of 28.10.2022): ``qonun`` and ``kodeks`` agree when the dates do;
* titles agree across scripts (Uzbek Cyrillic is transliterated) and across languages through
  the register ("Трудовой кодекс Республики Узбекистан" is "Mehnat kodeksi"); a title in a
  language the store has no title in, and the register does not know, is not held against it.

A disagreement is an ``IdentityConflict`` naming the file, the stored work and the field.
"""

from __future__ import annotations

from rapidfuzz import fuzz

from lexsearch.errors import InputError, NotFound
from lexsearch.model import Document, WorkMeta
from lexsearch.numbers import ActNumber
from lexsearch.register import Entry, register, title_words
from lexsearch.store import Store
from lexsearch.uri import FrbrUri, work_uri

from .manifest import MANIFEST_NAME

TITLE_SIMILARITY = 85  # rapidfuzz token_sort_ratio of two folded titles in one script
APPROVAL_SIMILARITY = 75  # "kodeksini" / "трудового кодекса": the code's name in another case
# The words of "… kodeksini tasdiqlash toʻgʻrisida" / "Об утверждении … кодекса" (transliterated)
_APPROVAL = {"tasdiqlash", "to'g'risida", "haqida", "ob", "utverjdenii", "on", "approval",
             "approving", "of"}
_APPROVING = {"tasdiqlash", "utverjdenii", "approval", "approving"}
_CODE_AND_LAW = {"kodeks", "qonun"}
_RESTARTING = {"pf", "pq", "vmq"}


class IdentityConflict(InputError):
    """A file that names a stored (or registered) work it does not agree with."""


def titles_agree(a: str, b: str) -> bool:
    """Two titles in the same language (either Uzbek script) name the same act."""
    x, y = title_words(a), title_words(b)
    if not (x and y):
        return False
    if x == y or fuzz.token_sort_ratio(x, y) >= TITLE_SIMILARITY:
        return True
    # a title with the next heading glued on ("… kodeksi birinchi boʻlim", "… (yangi tahriri)")
    short, long = sorted((x.split(), y.split()), key=len)
    return len(short) >= 2 and long[:len(short)] == short


def _title_conflict(title: str, lang: str, uri: str, known: dict[str, str]) -> str | None:
    """Why ``title`` (in ``lang``) is not a title of work ``uri`` whose known titles are
    ``known`` (lang -> title); ``None`` when it agrees or cannot be told."""
    if not title_words(title):  # only the formula ("Закон Республики Узбекистан"): no name
        return None
    by_register = register().same_work(title, uri)
    if by_register:
        return None
    uzbek = {"uzb", "uzb-Cyrl"}
    comparable = {k: v for k, v in known.items()
                  if v and (k == lang or (k in uzbek and lang in uzbek))}
    if any(titles_agree(title, v) for v in comparable.values()):
        return None
    if comparable:
        theirs = next(iter(comparable.values()))
        return f"the title {title[:120]!r} is not its title {theirs[:120]!r}"
    if by_register is False:
        names = ", ".join(e.uri for e in register().by_title(title))
        return f"the title {title[:120]!r} is the register's title of {names}"
    return None


def approves(title: str, code_title: str) -> bool:
    """``title`` is the law approving the code named ``code_title`` ("Mehnat kodeksini
    tasdiqlash toʻgʻrisida", "Об утверждении Трудового кодекса …")."""
    words = title_words(title).split()
    if not _APPROVING & set(words):
        return False
    rest = " ".join(w for w in words if w not in _APPROVAL)
    return fuzz.token_sort_ratio(rest, title_words(code_title)) >= APPROVAL_SIMILARITY


def check_identity(meta: WorkMeta, lang: str, uri: str, *, subtype: str | None, date: str | None,
                   titles: dict[str, str], source: str, what: str) -> None:
    """Raise ``IdentityConflict`` when ``meta`` (read from the file) disagrees with work
    ``uri`` as known (``subtype``, adoption ``date``, ``titles``); ``what`` names the stored
    work or register entry in the message."""
    def conflict(field: str, why: str) -> IdentityConflict:
        return IdentityConflict(f"{why}: this file is not {what} {uri}; give it its own "
                                f"work.uri in {MANIFEST_NAME} if it is another act",
                                file=source, field=f"work.{field}")

    if meta.date and date and meta.date != date:
        raise conflict("date", f"adopted {meta.date}, but {what} was adopted {date}")
    approving = False
    if meta.subtype and subtype and meta.subtype != subtype:
        tolerated = {meta.subtype, subtype} == _CODE_AND_LAW and meta.date == date
        if not tolerated:
            raise conflict("subtype", f"a {meta.subtype}, but {what} is a {subtype}")
        # the law of the code's number and date that approves it is the code's own text
        approving = bool(meta.title) and any(approves(meta.title, t) for t in titles.values())
    if meta.title and not approving:
        why = _title_conflict(meta.title, lang, uri, titles)
        if why:
            raise conflict("title", why)


def _check_stored(store: Store, meta: WorkMeta, lang: str, uri: str, source: str) -> None:
    try:
        work = store.work(uri)
    except NotFound:  # a new work: checked against the register only
        work = None
    if work is not None:
        check_identity(meta, lang, uri, subtype=work.subtype, date=work.date, titles=work.titles,
                       source=source, what="the stored work")
    entry = register().by_uri(uri)
    if entry is not None:
        check_identity(meta, lang, uri, subtype=entry.subtype, date=entry.date,
                       titles={k: v[0] for k, v in entry.titles.items()}, source=source,
                       what="the register's work")


def _restarts(number: str) -> bool:
    """Numbers of presidential decrees and resolutions and of Cabinet resolutions start again
    (``ПҚ-5`` of 2026 is not ``ПҚ-5`` of another year); laws (``OʻRQ-``, ``-XII``) never do."""
    try:
        return ActNumber.parse(number).prefix in _RESTARTING
    except ValueError:
        return False


def _from_register(meta: WorkMeta, day: str | None) -> Entry | None:
    reg = register()
    if meta.number:
        found = reg.by_number(meta.number)
        if len(found) == 1:
            return found[0]
    return reg.resolve(meta.title, on=day) if meta.title else None


def resolve_uri(store: Store, doc: Document, source: str) -> str:
    """Which work ``doc`` belongs to: the manifest's URI; a stored work with the same number;
    a new URI from type, date and number; the register's work for its number or title; a
    stored work with the same title. Whatever is found must agree with the file
    (``check_identity``)."""
    meta = doc.work
    lang = doc.editions[0].lang if doc.editions else "uzb"
    day = doc.editions[0].valid_from if doc.editions else None
    if meta.uri:
        uri = str(FrbrUri.parse(meta.uri).work())
        _check_stored(store, meta, lang, uri, source)
        return uri
    if meta.number:
        same = [w for w in store.works_by_number(meta.number) if w.country == meta.country
                and not (meta.date and w.date != meta.date and _restarts(meta.number))]
        if len(same) == 1:
            _check_stored(store, meta, lang, same[0].uri, source)
            return same[0].uri
    entry = _from_register(meta, day) if meta.country == "uz" else None
    if entry is not None and not (meta.number and meta.date and meta.subtype):
        _check_stored(store, meta, lang, entry.uri, source)
        if not meta.number:
            doc.warn(f"work identified by the register from its title: {entry.uri}")
        return entry.uri
    if meta.subtype and meta.date and meta.number:
        uri = str(work_uri(meta.subtype, meta.date, meta.number, meta.country))
        if entry is not None and entry.uri != uri:
            _check_stored(store, meta, lang, entry.uri, source)
            return entry.uri  # a code approved by the law of its number: the code's URI
        _check_stored(store, meta, lang, uri, source)
        return uri
    if meta.title:
        same = store.works_by_title(meta.title, meta.subtype)
        if len(same) == 1:
            doc.warn(f"work identified by its title only: {same[0].uri}")
            return same[0].uri
    missing = [k for k in ("subtype", "date", "number") if not getattr(meta, k)]
    raise InputError(f"cannot tell which work this is (no {', '.join(missing)} in the file and "
                     "no stored or registered work with its number or title): give work.uri or "
                     f"work.{missing[0]} for it in {MANIFEST_NAME}", file=source, field="work")


def same_number(a: str, b: str) -> bool:
    """``OʻRQ-547`` is ``ЗРУ-547``; a bare ``172`` (as a header may print it) is ``VMQ-172``."""
    try:
        x, y = ActNumber.parse(a), ActNumber.parse(b)
    except ValueError:
        return a.strip().casefold() == b.strip().casefold()
    return x.key == y.key or ((not x.prefix or not y.prefix) and x.value == y.value)


def check_header(read: WorkMeta, entry_work: dict, source: str, rel: str) -> None:
    """The manifest must not contradict the file's own header: a number or adoption date
    printed in the file that differs from the manifest's is an error naming the field."""
    where = f"files.{rel}.work"
    number = entry_work.get("number")
    if not number and entry_work.get("uri"):
        number = FrbrUri.parse(entry_work["uri"]).number
    if read.number and number and not same_number(read.number, number):
        raise IdentityConflict(f"the file's header reads number {read.number}, the manifest "
                               f"{number}", file=source, field=f"{where}.number")
    adopted = entry_work.get("date")
    if not adopted and entry_work.get("uri"):
        adopted = FrbrUri.parse(entry_work["uri"]).date
    if read.date and adopted and read.date != adopted:
        raise IdentityConflict(f"the file's header reads adoption date {read.date}, the "
                               f"manifest {adopted}", file=source, field=f"{where}.date")
