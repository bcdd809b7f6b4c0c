"""lex.uz document pages saved as text: the act's lines back from the page's element scrape.

Bots that save a lex.uz page (``uz_multi/lexuz_cyrl_text``, the ``content`` of
``uz_multi/lexuz_recent_2026_01``) write one line per HTML element *and* per inline element: a
link, a superscript or the ``Олдинги`` of ``Олдинги таҳрирга қаранг.`` each stand on a line of
their own, and every paragraph is followed by the page's toolbar (``Hujjatga taklif yuborish`` /
``Audioni tinglash`` / ``Hujjat elementidan havola olish``). Before the first toolbar come the
bot's own header, the table of contents, the site's menus and the edition dates.

``unwrap`` gives the structure recogniser the lines lex.uz prints: the toolbar and the
classification blocks (``[ ОКОЗ: … ]``) dropped, the pieces of each paragraph joined into its
first line (the others left empty, so line numbers stay those of the file), and the index of the
first line of the page's text, before which only header facts are read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

TOOLBAR = frozenset({"Hujjatga taklif yuborish", "Audioni tinglash",
                     "Hujjat elementidan havola olish"})
FOOTERS = ("Yopish", "Markaz haqida", "Марказ ҳақида")
_CLASSIFIERS = frozenset({"ОКОЗ:", "ТСЗ:", "OKOZ:", "TSZ:"})
_TERMINAL = tuple(".;:!?)»—…")
_GLUE = tuple("-,.;:)!?»")  # a piece that starts so joins without a space
_LABEL = re.compile(r"^(?:\d+|[а-яa-z])\)$")
_SUPERSCRIPT = re.compile(r"^\d{1,2}$")
_ARTICLE_ONLY = re.compile(r"^\d+(?: \d{1,2})?\s*-\s*(?:модда|modda)\.?$")
_HEADING = re.compile(r"^\d+(?: \d{1,2})?\s*-\s*(?:модда|modda|боб|bob)\b"
                      r"|^[IVXLCХІ]+(?: \d{1,2})?\s*-?\s*(?:боб|bob|БОБ|BOB)\b"
                      r"|\b(?:БЎЛИМ|BOʻLIM|BO'LIM|ҚИСМ|QISM)$")
_ADOPTED = re.compile(r"(?:қабул қилинган|маъқулланган|qabul qilingan|ma[ʼ']qullangan)$")
_PREVIOUS = ("Олдинги", "Oldingi")
_SPACE = re.compile(r"\s+")  # no-break spaces too ("таҳрирга\xa0қаранг.")
_COMMENTARY = ("LexUZ шарҳи", "LexUZ sharhi")


@dataclass
class Page:
    lines: list[str]
    body: int  # index of the first line of the page's text (after the menus)


def is_page(lines: list[str]) -> bool:
    """A saved lex.uz page: its paragraphs carry the page's toolbar."""
    return any(x.strip() == "Hujjat elementidan havola olish" for x in lines)


def _joins(cur: str, nxt: str) -> bool:
    if cur.count("(") > cur.count(")") or cur.count("«") > cur.count("»"):
        return True
    if cur in _COMMENTARY or nxt in _COMMENTARY or nxt in _PREVIOUS:
        return False
    if cur in _PREVIOUS or nxt[:1].islower() or nxt.startswith(_GLUE):
        return True
    if _SUPERSCRIPT.match(nxt) and cur[-1:].isdigit():
        return True
    if _LABEL.match(cur) or _ARTICLE_ONLY.match(cur):
        return not nxt.startswith("(")
    if nxt.startswith(("(", "[")) or _HEADING.search(nxt) or _HEADING.search(cur) \
            or _ADOPTED.search(cur):
        return False
    return not cur.endswith(_TERMINAL)


def _join(cur: str, nxt: str) -> str:
    if nxt.startswith(_GLUE) or cur.endswith(("(", "«", "“")):
        return cur + nxt
    return f"{cur} {nxt}"


def unwrap(lines: list[str]) -> Page:
    """The page's lines as lex.uz prints them (see the module docstring)."""
    stripped = [_SPACE.sub(" ", x).strip() for x in lines]
    for footer in FOOTERS:
        if footer in stripped:
            stripped = stripped[:stripped.index(footer)]
    out = [""] * len(stripped)
    body = next((i for i, x in enumerate(stripped) if x in TOOLBAR), len(stripped))
    i, head = 0, None  # head: index of the paragraph being joined
    while i < len(stripped):
        text = stripped[i]
        if text == "[" and i + 1 < len(stripped) and stripped[i + 1] in _CLASSIFIERS:
            while i < len(stripped) and not stripped[i].endswith("]"):
                i += 1
            i, head = i + 1, None
            continue
        if not text or text in TOOLBAR or i < body:
            out[i] = "" if text in TOOLBAR else text
            head = None
            i += 1
            continue
        if head is not None and _joins(out[head], text):
            out[head] = _join(out[head], text)
        else:
            out[i], head = text, i
        i += 1
    return Page(out, body)
