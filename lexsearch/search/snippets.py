"""Snippets cut from the store's original text with the analyser's offsets.

The engines index analysed tokens only, so the text a reader sees comes from the store: the
text is analysed again with its language's chain, the tokens whose term the query matched are
located by their character offsets, and the densest window around them is cut. HTML is
escaped first and ``<mark>`` added after; ``Snippet.plain`` gives the same cut for a terminal.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass

from lexsearch.analysis import analyze

WIDTH = 240
LEAD = 60  # characters of context kept before the first mark
MAX_ANALYSED = 20_000  # characters of a very long provision looked at for marks
ELLIPSIS = "…"


@dataclass(frozen=True)
class Snippet:
    """``text`` is the plain cut; ``marks`` are (start, end) spans of matches inside it."""

    text: str
    marks: tuple[tuple[int, int], ...] = ()

    def html(self) -> str:
        """Escaped text with ``<mark>`` around the matches."""
        out, at = [], 0
        for start, end in self.marks:
            out.append(html.escape(self.text[at:start]))
            out.append(f"<mark>{html.escape(self.text[start:end])}</mark>")
            at = end
        out.append(html.escape(self.text[at:]))
        return "".join(out)

    def plain(self, before: str = "", after: str = "") -> str:
        """The cut with ``before``/``after`` around matches (e.g. ANSI bold for a CLI)."""
        out, at = [], 0
        for start, end in self.marks:
            out.append(self.text[at:start] + before + self.text[start:end] + after)
            at = end
        out.append(self.text[at:])
        return "".join(out)


def match_spans(text: str, lang: str, terms: set[str],
                prefixes: Iterable[str] = ()) -> list[tuple[int, int]]:
    """Sorted, non-overlapping spans of ``text`` whose analysed term the query matched."""
    prefixes = tuple(prefixes)
    spans = set()
    for tok in analyze(text[:MAX_ANALYSED], lang):
        if tok.text in terms or (prefixes and tok.text.startswith(prefixes)):
            spans.add((tok.start, tok.end))
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start < out[-1][1]:
            out[-1] = (out[-1][0], max(end, out[-1][1]))
        else:
            out.append((start, end))
    return out


def _word_edge(text: str, at: int, forward: bool) -> int:
    """Move ``at`` to the nearest space (forward or back) within 20 characters."""
    step = 1 if forward else -1
    i = at
    for _ in range(20):
        if i <= 0 or i >= len(text):
            return max(0, min(i, len(text)))
        if text[i].isspace():
            return i + (0 if forward else 1)
        i += step
    return at


def _best_window(spans: list[tuple[int, int]], width: int) -> int:
    """The start offset of the window of ``width`` holding the most matches."""
    best, best_count, j = spans[0][0], 0, 0
    for i, (start, _end) in enumerate(spans):
        j = max(j, i)
        while j + 1 < len(spans) and spans[j + 1][1] <= start + width - LEAD:
            j += 1
        if j - i + 1 > best_count:
            best, best_count = start, j - i + 1
    return best


def make_snippet(text: str, lang: str, terms: set[str], prefixes: Iterable[str] = (),
                 width: int = WIDTH) -> Snippet:
    """The best ``width``-character window of ``text`` with the query's matches marked."""
    flat = " ".join(text.split()) if "\n" in text or "  " in text else text
    spans = match_spans(flat, lang, terms, prefixes) if terms or prefixes else []
    if len(flat) <= width:
        return Snippet(flat, tuple(spans))
    if not spans:
        end = _word_edge(flat, width, forward=False)
        return Snippet(flat[:end].rstrip() + ELLIPSIS)
    start = max(0, _best_window(spans, width) - LEAD)
    if start:
        start = _word_edge(flat, start, forward=True)
        start = start + 1 if start < len(flat) and flat[start].isspace() else start
    end = min(len(flat), start + width)
    if end < len(flat):
        end = _word_edge(flat, end, forward=False)
    lead = ELLIPSIS if start > 0 else ""
    tail = ELLIPSIS if end < len(flat) else ""
    cut = flat[start:end].strip()
    shift = start + (len(flat[start:end]) - len(flat[start:end].lstrip())) - len(lead)
    marks = tuple((s - shift, e - shift) for s, e in spans if s >= start and e <= end)
    return Snippet(lead + cut + tail, marks)
