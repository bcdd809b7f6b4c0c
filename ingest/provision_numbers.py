"""Provision numbers as printed: Roman numerals and flattened superscripts.

lex.uz flattens superscript numbers (``1731-modda`` is 173¹); a saved page or a PDF keeps the
superscript apart (``173 1-модда``), a Russian print writes ``173-1``. ``resolve_superscripts``
reads every form by position over the whole act.
"""

from __future__ import annotations

_SUP = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def roman_to_int(text: str) -> int:
    """``XXIV`` -> 24."""
    total = 0
    for i, ch in enumerate(text):
        value = _ROMAN[ch]
        total += -value if i + 1 < len(text) and _ROMAN[text[i + 1]] > value else value
    return total


def resolve_superscripts(raws: list[str]) -> list[tuple[int, int]]:
    """Resolve flattened numbers by position: ``["173", "1731", "1732", "174"]`` ->
    ``[(173, 0), (173, 1), (173, 2), (174, 0)]``.

    Every reading of each number (``1731`` as 1731, 173¹, 17³¹ …) is a candidate; the chosen
    sequence is the increasing one that skips the fewest numbers (a Viterbi pass)."""
    def candidates(raw: str) -> list[tuple[int, int]]:
        if "-" in raw:
            base, sup = raw.split("-", 1)
            return [(int(base), int(sup))]
        if " " in raw:  # "17 1": a page's superscript, already apart
            base, sup = raw.split(" ", 1)
            return [(int(base), int(sup))]
        out = [(int(raw), 0)]
        out += [(int(raw[:i]), int(raw[i:])) for i in range(1, len(raw))
                if raw[i] != "0" and int(raw[i:]) < 100]
        return out

    def cost(prev: tuple[int, int], cur: tuple[int, int]) -> float:
        if cur <= prev:
            return 10_000.0
        gap = cur[1] - prev[1] - 1 if cur[0] == prev[0] else cur[0] - prev[0] - 1 + cur[1]
        return gap + (0.01 if cur[1] else 0.0)

    if not raws:
        return []
    layers = [candidates(r) for r in raws]
    best = [(float(c[1]), [c]) for c in layers[0]]  # an act may start anywhere
    for layer in layers[1:]:
        best = [min(((b[0] + cost(b[1][-1], c), b[1]) for b in best), key=lambda x: x[0])
                for c in layer]
        best = [(score, path + [c]) for (score, path), c in zip(best, layer, strict=True)]
    return min(best, key=lambda x: x[0])[1]


def display_num(base: int | str, sup: int) -> str:
    """``(121, 1)`` -> ``121¹``."""
    return f"{base}{str(sup).translate(_SUP)}" if sup else str(base)
