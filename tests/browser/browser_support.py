"""Shared constants and small helpers of the browser tests (no fixtures here)."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

# Works of the sample corpus (corpora/) the tests walk through.
LABOUR_CODE = "/akn/uz/act/kodeks/2022-10-28/orq-798"  # Mehnat kodeksi, two editions
OLD_EDITION, NEW_EDITION = "2025-11-12", "2026-07-01"
WATER_CODE_RU = "/akn/ru/act/kodeks/1995-11-16/167-fz"  # Водный кодекс РФ (ru-pravo)
COMPARE = f"{LABOUR_CODE}/compare?from={OLD_EDITION}&to={NEW_EDITION}&lang=uzb"

# Article 39 of the Labour Code between the two editions: "davlat boshqaruvi organlari"
# became "respublika ijro etuvchi hokimiyat organlari" (twice).
ART39_OLD = "davlat boshqaruvi"
ART39_NEW = "respublika ijro etuvchi hokimiyat"

# The interface language switch: code, name in the switch, <html lang>, labels we expect.
UI = {
    "uz": {"name": "Oʻzbekcha", "lang": "uz-Latn", "search": "Qidirish",
           "editions": "Tahrirlar", "compare": "Tahrirlarni solishtirish"},
    "uz-Cyrl": {"name": "Ўзбекча", "lang": "uz-Cyrl", "search": "Қидириш",
                "editions": "Таҳрирлар", "compare": "Таҳрирларни солиштириш"},
    "ru": {"name": "Русский", "lang": "ru", "search": "Найти",
           "editions": "Редакции", "compare": "Сравнить редакции"},
    "en": {"name": "English", "lang": "en", "search": "Search",
           "editions": "Editions", "compare": "Compare editions"},
}


def path_of(url: str) -> str:
    return urlsplit(url).path


def query_of(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def fragment_of(url: str) -> str:
    return urlsplit(url).fragment


_RGB = re.compile(r"rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?\s*\)")


def parse_rgb(css: str) -> tuple[float, float, float, float]:
    """``rgb(1, 2, 3)`` / ``rgba(1, 2, 3, 0.5)`` as (r, g, b, alpha)."""
    m = _RGB.fullmatch(css.strip())
    if not m:
        raise ValueError(f"not an rgb() colour: {css!r}")
    alpha = m.group(4)
    a = 1.0 if alpha is None else (float(alpha[:-1]) / 100 if alpha.endswith("%") else float(alpha))
    return float(m.group(1)), float(m.group(2)), float(m.group(3)), a


def hex_rgb(value: str) -> tuple[float, float, float]:
    v = value.lstrip("#")
    if len(v) == 3:
        v = "".join(c * 2 for c in v)
    return int(v[0:2], 16), int(v[2:4], 16), int(v[4:6], 16)


def relative_luminance(rgb) -> float:
    def channel(c: float) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b) -> float:
    """WCAG 2 contrast ratio of two opaque colours (1 … 21)."""
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


# JavaScript run in the page (Playwright evaluate works under the portal's CSP): the opaque
# background behind an element, walking up until a non-transparent background is found.
EFFECTIVE_BACKGROUND_JS = """el => {
  for (let n = el; n && n.nodeType === 1; n = n.parentElement) {
    const bg = getComputedStyle(n).backgroundColor;
    if (bg && bg !== 'transparent' && !/rgba\\(.*,\\s*0\\)$/.test(bg)) return bg;
  }
  return 'rgb(255, 255, 255)';
}"""
