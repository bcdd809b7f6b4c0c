"""Read an act stored as a JSON article map: ``{article: text}``.

Shapes seen in the wild (``../shared/corpora/uz_multi``):

* ``{"1": "1-modda. Heading\\nbody …", …}``: one language, each entry headed as printed
  (``N-modda.``, ``N-модда.``, ``Статья N.``); the headings of the sections and chapters that
  open the next article trail at the end of the previous entry, as on the page;
* ``{"1": {"ru": "…", "uz": "…"}, …}``: two languages in one file, a ``Document`` with one
  ``EditionText`` per language (``uz`` in either script: the script decides the language);
* ``{"soliq-1": "Heading\\nbody …", …}``: the scraper split the page at ``N-modda`` and kept
  the number only in the key; the heading line is rebuilt from the key. A split at a citation
  that merely mentions an article (``… 12-son, 452-modda) …``) is glued back to the text before.

PDF-extracted entries (hard-wrapped lines, letters split at the ʻ of ``oʻ``/``gʻ``, page
footers, page numbers) are reflowed first (``reflow``). The lines of the whole act are then fed
once per language to the shared recogniser, ``ingest.lexuz_text.read_lines``, so headings, parts
and notes come out as in every other reader.

A map names no work: identity, language and date come from the release manifest entry
(``read_article_map(path, entry)``); without one the reader warns.
"""

from __future__ import annotations

import itertools
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

from ingest.folding import language_of
from ingest.lexuz_text import clean_line, read_lines
from ingest.notes import note_inner
from ingest.reflow import (
    ARTICLE_HEAD,
    END,
    FOOTER,
    LOST_SUP,
    is_hard_wrapped,
    reflow,
    starts_block,
    width_of,
)
from ingest.safe import read_bounded
from lexsearch.errors import InputError
from lexsearch.model import Document, EditionText, WorkMeta
from lexsearch.numbers import fold_apostrophes

# Language keys of a two-language entry; ``None``: decided by the script of the text.
LANG_KEYS: dict[str, str | None] = {"ru": "rus", "rus": "rus", "en": "eng", "eng": "eng",
                                    "uz": None, "uzb": None, "oz": "uzb", "uz_latn": "uzb",
                                    "uz_cyrl": "uzb-Cyrl", "uzb-Cyrl": "uzb-Cyrl"}
HEADINGS = {"uzb": "{n}-modda. {h}", "uzb-Cyrl": "{n}-модда. {h}", "rus": "Статья {n}. {h}",
            "eng": "Article {n}. {h}"}
# the word a scraper split Uzbek texts at ("163-moddasida"), put back where it cut a citation
_CITED = {"uzb": "modda", "uzb-Cyrl": "модда"}
_KEY = re.compile(r"^(?:[A-Za-z_]+[-_])?(?P<num>\d+(?:[-.]\d+)?)$")
_NEW_WORDING = re.compile(r"^\((?:yangi tahriri|янги таҳрири|новая редакция)\)$", re.IGNORECASE)
MAX_JSON_BYTES = 64 * 1024 * 1024


def load_json(path: Path, max_bytes: int = MAX_JSON_BYTES) -> Any:
    """The parsed JSON of ``path`` (size-bounded); ``InputError`` naming the file and line."""
    data = read_bounded(path, max_bytes)
    try:
        return json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise InputError(f"not valid UTF-8 (byte 0x{data[exc.start]:02x})", file=str(path),
                         line=data[:exc.start].count(b"\n") + 1) from None
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON: {exc.msg}", file=str(path), line=exc.lineno) from None
    except RecursionError:
        raise InputError("JSON nested too deeply", file=str(path)) from None


def map_shape(data: Any) -> str | None:
    """``"article-map"``, ``"line-map"`` (one lex.uz page line per entry, ``standart-N``),
    ``"lexuz-page"`` (a saved lex.uz page: ``content`` and ``url``/``id``) or ``None``."""
    if not isinstance(data, dict) or not data:
        return None
    if isinstance(data.get("content"), str) and ("url" in data or "id" in data):
        return "lexuz-page"
    if not all(isinstance(k, str) and _KEY.match(k) for k in data):
        return None
    values = list(data.values())
    if all(isinstance(v, dict) and v and set(v) <= set(LANG_KEYS) for v in values):
        return "article-map"  # a text that is no string is the reader's error, by its field
    texts = [v for v in values if isinstance(v, str)]
    if len(texts) < len(values) * 0.9:
        return None
    multiline = sum("\n" in v for v in texts)
    if len(values) >= 20 and multiline <= len(values) * 0.05:
        return "line-map"
    return "article-map"


def _number(key: str, source: str) -> str:
    m = _KEY.match(key)
    if not m:
        raise InputError(f"key {key!r} names no article number", file=source, field=key)
    return m.group("num").replace(".", "-")


def _heading_at(paras: list[str]) -> int | None:
    """Where an article heading starts inside ``paras`` (text of the article before that
    came first): a paragraph with no end punctuation after one that has it."""
    for j in range(1, len(paras) - 1):
        if END.search(paras[j - 1]) and not END.search(paras[j]) and not starts_block(
                paras[j]) and note_inner(paras[j]) is None:
            return j
    return None


def _superscripts(paras: list[str], num: str) -> list[str]:
    """``121 -modda.`` inside article 121's entry is 121¹ with its superscript lost (the
    scraper split only at ``N-modda``): written flattened (``1211-modda.``) as lex.uz prints
    it, for the recogniser to resolve by position."""
    sup = 0
    for i, para in enumerate(paras[1:], 1):
        m = LOST_SUP.match(para)
        if m and m.group(1) == num:
            sup += 1
            paras[i] = f"{num}{sup}-{para[m.end():]}"
    return paras


def _drop_enacting(entries: list[tuple[str, str, list[str]]], doc: Document) -> None:
    """A new wording printed after the act that approves it (lex.uz: the amending law, its
    signature, then ``OʻZBEKISTON RESPUBLIKASINING QONUNI … (yangi tahriri)``): the scraper
    merged the approving act's articles into the first entries. Drop its text up to each
    entry's own article heading, and the signature and title block."""
    at = next((i for i, (_, _, paras) in enumerate(entries[:10])
               if any(_NEW_WORDING.match(p) for p in paras)), None)
    if at is None:
        return
    for i, (key, _, paras) in enumerate(entries[:at + 1]):
        cut = (next(j for j, p in enumerate(paras) if _NEW_WORDING.match(p)) + 1 if i == at
               else _heading_at(paras) or 0)
        if cut:
            doc.warn(f"{key}: text of the approving act dropped: {' '.join(paras[:cut])[:80]}")
            del paras[:cut]
        else:
            doc.warn(f"{key}: may begin with the approving act's text (no heading found)")


def act_lines(items: list[tuple[str, str]], lang: str, source: str, doc: Document) -> list[str]:
    """The lines of the whole act from ``(key, text)`` entries: each article headed by its
    article line (rebuilt from the key where the text lacks it), in article order."""
    texts = [t for _, t in items]
    width = width_of(texts) if is_hard_wrapped(texts) else 0
    dropped: Counter[str] = Counter()
    entries = [(key, _number(key, source),
                reflow(text.splitlines(), width, lambda x: dropped.update([x])) if width
                else [x for x in map(clean_line, text.splitlines()) if x])
               for key, text in items]
    for line, times in dropped.items():
        doc.warn(f"page furniture dropped ({times}\u00d7): {line}")
    _drop_enacting(entries, doc)
    blocks: list[tuple[tuple[int, ...], list[str]]] = []
    rebuilt = 0
    for key, num, paras in entries:
        if not paras:
            doc.warn(f"{key}: empty article text")
            continue
        head = ARTICLE_HEAD.match(fold_apostrophes(paras[0]))
        if head:
            if (head.group("a") or head.group("b")) != num:
                doc.warn(f"{key}: the text is headed as article "
                         f"{head.group('a') or head.group('b')}")
        elif blocks and lang in _CITED and (paras[0][:1].islower() or paras[0][:1] in ").,;"):
            # the scraper split a citation ("163-moddasida"): the text goes back where it was
            j = _heading_at(paras) or len(paras)
            tail = blocks[-1][1]
            tail[-1] = f"{tail[-1]} {num}-{_CITED[lang]}{paras[0]}"
            tail.extend(paras[1:j])
            doc.warn(f"{key}: starts inside a sentence ({paras[0][:30]!r}): glued back to the "
                     "article before it" + ("" if j < len(paras) else "; no article of its own"))
            if j == len(paras):
                continue
            paras = paras[j:]
        if not head:
            paras[0] = HEADINGS[lang].format(n=num, h=paras[0])
            rebuilt += 1
        blocks.append((tuple(int(x) for x in num.split("-")), _superscripts(paras, num)))
    if rebuilt:
        doc.warn(f"{rebuilt} article headings rebuilt from the keys (the text had no "
                 "article number)")
    if any(a[0] > b[0] for a, b in itertools.pairwise(blocks)):
        doc.warn("entries out of article order: put in order")
        blocks.sort(key=lambda b: b[0])
    return [line for _, paras in blocks for line in paras]


def _footer_date(items: list[tuple[str, str]]) -> tuple[str, str] | None:
    """(ISO date, gazette) of the first official page footer (``QMMB: 02/22/798/0972-son
    29.10.2022-y.``): the publication the printed text is of."""
    for _, text in items:
        for line in text.splitlines():
            m = FOOTER.match(line.strip())
            if m:
                return f"{m.group('y')}-{m.group('m')}-{m.group('d')}", m.group("gaz")
    return None


def _by_language(data: dict, source: str) -> dict[str, list[tuple[str, str]]]:
    out: dict[str, list[tuple[str, str]]] = {}
    for key, value in data.items():
        if not isinstance(value, (str, dict)):
            raise InputError(f"article text must be a string, got {type(value).__name__}",
                             file=source, field=key)
        entries = value.items() if isinstance(value, dict) else [(None, value)]
        for lang_key, text in entries:
            if not isinstance(text, str):
                raise InputError("article text must be a string", file=source,
                                 field=f"{key}.{lang_key}" if lang_key else key)
            out.setdefault(lang_key or "", []).append((key, text))
    return out


def read_article_map(path: str | Path, entry: Any = None) -> Document:
    """Read a JSON article map into a ``Document`` with one edition per language in it.

    ``entry``: the file's manifest entry (``work``, ``language``, ``valid_from``), when the
    caller has it; the importer also applies it after reading."""
    path = Path(path)
    source = str(path)
    data = load_json(path)
    if map_shape(data) != "article-map":
        raise InputError("not a JSON article map ({article: text} or {article: {lang: text}})",
                         file=source)
    doc = Document(source=source, work=WorkMeta(), editions=[], format="article-map")
    groups = _by_language(data, source)
    counts = {}
    for lang_key, items in groups.items():
        lang = LANG_KEYS.get(lang_key) if lang_key else None
        lang = lang or (entry.language if entry is not None and getattr(entry, "language", None)
                        and len(groups) == 1 else None) or language_of([t for _, t in items[:50]])
        own = Document(source=source, work=doc.work, editions=[])  # this language's warnings
        read = read_lines(act_lines(items, lang, source, own), source, fmt="article-map",
                          lang=lang, header=False)
        edition = read.editions[0]
        for w in own.warnings + read.warnings:
            doc.warn(f"{lang}: {w.message}" if len(groups) > 1 else w.message, w.line)
        footer = _footer_date(items)
        if footer and not edition.valid_from:
            edition.valid_from, edition.gazette = footer
            doc.warn(f"{lang}: edition dated from the official page footer {footer[1]} of "
                     f"{footer[0]}")
        counts[lang] = {p.num for p in edition.provisions if p.kind == "article"}
        doc.editions.append(edition)
    if len(counts) > 1:
        union = set().union(*counts.values())
        for lang, nums in counts.items():
            if union - nums:
                missing = sorted(union - nums, key=lambda n: [int(x) for x in re.findall(r"\d+", n)])
                doc.warn(f"{lang}: {len(missing)} articles of the other languages missing: "
                         f"{', '.join(missing[:20])}")
    _apply(doc, entry)
    return doc


def _apply(doc: Document, entry: Any) -> None:
    """The manifest entry's work, language and date; a warning when there is none."""
    if entry is None or not getattr(entry, "work", None):
        doc.warn("an article map names no work: its work, language and edition date must come "
                 "from the release manifest" + (", and its entry there names none" if entry
                                                else ""))
        if entry is None:
            return
    for key, value in entry.work.items():
        setattr(doc.work, key, value)
    if len(doc.editions) == 1:
        edition: EditionText = doc.editions[0]
        edition.lang = entry.language or edition.lang
        edition.valid_from = entry.valid_from or edition.valid_from
    elif entry.valid_from:
        for edition in doc.editions:
            edition.valid_from = entry.valid_from


def json_format(path: Path) -> str | None:
    """The reader of a ``.json`` file by its content: ``article-map``, ``lexuz-json`` (a saved
    lex.uz page or a map of its lines) or ``None`` (a manifest, release notes, any other
    JSON). ``InputError`` when the file is not readable JSON."""
    shape = map_shape(load_json(path))
    return {"article-map": "article-map", "line-map": "lexuz-json",
            "lexuz-page": "lexuz-json"}.get(shape or "")
