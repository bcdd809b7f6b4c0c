"""Turning stored text into HTML: escape first, then add our own marks.

Document text is never trusted and never passed through ``|safe``: every function here escapes
the text and wraps only the spans it computed itself (citation links, search highlights, diff
insertions and deletions) in tags it writes.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence

from markupsafe import Markup, escape

Span = tuple[int, int, str]  # start, end, href


def linked_paragraphs(text: str | None, links: Sequence[Span] = ()) -> list[Markup]:
    """``text`` split into paragraphs (one per line), escaped, with each ``(start, end, href)``
    span made a link. Overlapping spans and spans crossing a line break are skipped."""
    if not text:
        return []
    pieces: list[str] = []
    pos = 0
    for start, end, href in sorted(links):
        if start < pos or end > len(text) or start >= end or "\n" in text[start:end]:
            continue
        pieces.append(str(escape(text[pos:start])))
        pieces.append(str(Markup('<a class="cite" href="{}">{}</a>').format(href,
                                                                           text[start:end])))
        pos = end
    pieces.append(str(escape(text[pos:])))
    return [Markup(line) for line in "".join(pieces).split("\n") if line.strip()]


def highlight(text: str, spans: Iterable[tuple[int, int]]) -> Markup:
    """``text`` escaped, with ``<mark>`` around each (start, end) character span."""
    out: list[str] = []
    pos = 0
    for start, end in sorted(spans):
        if start < pos or end > len(text) or start >= end:
            continue
        out.append(str(escape(text[pos:start])))
        out.append(str(Markup("<mark>{}</mark>").format(text[start:end])))
        pos = end
    out.append(str(escape(text[pos:])))
    return Markup("".join(out))


_MARKERS = re.compile(r"<(/?)(?:mark|b|em)>")


def snippet_html(hit: dict) -> Markup:
    """A search hit's snippet as safe HTML, built here from plain text.

    Takes character spans (``highlights: [[start, end], …]``) when the hit has them; otherwise
    reads the positions of the ``<mark>`` (or ``<b>``/``<em>``) markers of ``snippet``, whose
    other text may or may not be HTML-escaped. Either way the text is escaped here and only our
    own ``<mark>`` is added; if the marked text does not agree with ``snippet_text`` the plain
    text is shown without marks.
    """
    snippet = hit.get("snippet") or ""
    plain_text = hit.get("snippet_text")
    spans = hit.get("highlights")
    if spans:
        return highlight(plain_text or snippet, [(int(s), int(e)) for s, e in spans])
    escaped = plain_text is not None and plain_text != snippet
    plain: list[str] = []
    found: list[tuple[int, int]] = []
    pos = length = 0
    start: int | None = None
    for m in _MARKERS.finditer(snippet):
        chunk = snippet[pos:m.start()]
        chunk = html.unescape(chunk) if escaped else chunk
        plain.append(chunk)
        length += len(chunk)
        if m.group(1) == "" and start is None:
            start = length
        elif m.group(1) == "/" and start is not None:
            found.append((start, length))
            start = None
        pos = m.end()
    tail = snippet[pos:]
    plain.append(html.unescape(tail) if escaped else tail)
    text = "".join(plain)
    if plain_text is not None and text != plain_text:
        return highlight(plain_text, [])
    return highlight(text, found)


def diff_html(ops: Sequence[Sequence[str]], side: str = "inline") -> Markup:
    """Word-level diff operations ``[["=", text], ["-", text], ["+", text]]`` as HTML.

    ``inline`` shows both with ``<del>``/``<ins>``; ``old`` only the kept and deleted words;
    ``new`` only the kept and inserted words.
    """
    out: list[str] = []
    for op in ops:
        if len(op) < 2:
            continue
        kind, text = op[0], str(op[1])
        if kind == "=":
            out.append(str(escape(text)))
        elif kind == "-" and side in ("inline", "old"):
            out.append(str(Markup("<del>{}</del>").format(text)))
        elif kind == "+" and side in ("inline", "new"):
            out.append(str(Markup("<ins>{}</ins>").format(text)))
    return Markup("".join(out))
