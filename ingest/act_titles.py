"""The title of an act printed without a lex.uz header (PDF chapters, Word files, JSON maps).

What the text tells before its first heading: ``ЎЗБЕКИСТОН РЕСПУБЛИКАСИНИНГ МЕҲНАТ КОДЕКСИ``,
``Трудовой кодекс Республики Узбекистан``, a title printed over lines (``КОДЕКС РЕСПУБЛИКИ
УЗБЕКИСТАН ОБ`` + ``АДМИНИСТРАТИВНОЙ ОТВЕТСТВЕННОСТИ``, ``Закон`` + ``Республики Узбекистан``).
A law's title is the subject line after ``Закон Республики Узбекистан`` (``Oʻzbekiston
Respublikasining Qonuni``), as the lex.uz header reader takes it. The number and date of such an
act come from the manifest or the act register.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ingest import grammar_ru

# The first line of a title names the act or the country (matched on the folded line).
_TITLE_START = re.compile(r"(?i)закон|кодекс|конституци|^o'zbekiston|kodeks|qonun|konstitutsiya")
_BARE_LAW = re.compile(r"(?i)закон\s+республики\s+узбекистан|o'zbekiston\s+respublikasining"
                       r"\s+qonuni")
_DANGLING = re.compile(r"\s(?:ОБ?|О|ПО|В)$")  # "КОДЕКС РЕСПУБЛИКИ УЗБЕКИСТАН ОБ" goes on


def title_kind(title: str, folded: str, russian: bool) -> str | None:
    """``kodeks``, ``qonun`` or ``konstitutsiya`` when ``title`` (``folded``: its form for the
    Uzbek grammar) is an act's title."""
    if russian:
        return grammar_ru.title_kind(title)
    upper = folded.upper()
    if not re.search(r"O'ZBEKISTON|KODEKS", upper):
        return None
    m = re.search(r"KONSTITUTSIYA|KODEKSI?\b|QONUNI\b", upper)
    if not m:
        return None
    return "konstitutsiya" if m.group(0).startswith("KONST") else (
        "qonun" if m.group(0).startswith("Q") else "kodeks")


def find_title(lines: list[str], fold: Callable[[str], str], is_heading: Callable[[str], bool],
               russian: bool) -> tuple[int, str, str] | None:
    """(index of the first line after the title, act type, title as printed), or ``None``.

    Where several titles come before the first heading (an amending law printed before the
    law it amends), the last one names the work and the body starts after the first."""
    seen: list[tuple[int, str]] = []  # (index, line) before the first heading
    for i, line in enumerate(lines[:300]):
        raw = line.strip().lstrip("\ufeff")
        if raw and is_heading(raw):
            break
        if raw:
            seen.append((i, raw))
    found: list[tuple[int, str, str]] = []
    k = 0
    while k < len(seen):
        for width in (1, 2, 3):
            block = seen[k:k + width]
            if len(block) < width or not _TITLE_START.search(fold(block[0][1])):
                continue
            text = " ".join(x for _, x in block)
            kind = title_kind(text, fold(text), russian)
            if not kind:
                continue
            end = k + width
            while end < len(seen) and text.isupper() and seen[end][1].isupper() \
                    and _DANGLING.search(text):
                text, end = f"{text} {seen[end][1]}", end + 1
            if kind == "qonun" and _BARE_LAW.fullmatch(fold(text)) and end < len(seen):
                text, end = seen[end][1], end + 1  # the subject line is the law's title
            found.append((seen[end - 1][0] + 1, kind, text))
            k = end - 1
            break
        k += 1
    if not found:
        return None
    return found[0][0], found[-1][1], found[-1][2]
