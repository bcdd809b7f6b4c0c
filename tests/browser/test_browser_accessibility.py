"""Accessibility pass on home, search, the act page and compare.

1. axe-core (the copy shipped inside the ``axe-playwright-python`` wheel) with the WCAG 2.0/2.1/
   2.2 A+AA rules and axe's best practices. ``page.evaluate`` runs it through the DevTools
   protocol, which the portal's CSP does not block, so no ``bypass_csp`` is needed. Accepted
   violations would be listed in ``KNOWN`` (none today): a new violation fails, and so does a
   listed one that has gone — a ratchet.
   Every report is written to ``tests/artifacts/axe/<page>.json``.
2. Our own structural checks: one h1, no skipped heading levels, ``<html lang>``, every form
   control and link has a name made of words, images have alt text.
3. What axe cannot see on a static page: the keyboard focus ring and form-field borders
   (non-text contrast, WCAG 1.4.11, 3:1) and inserted text in the compare view (WCAG 1.4.1,
   not by colour alone).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from browser_support import (
    COMPARE,
    EFFECTIVE_BACKGROUND_JS,
    LABOUR_CODE,
    OLD_EDITION,
    contrast,
    parse_rgb,
)

pytestmark = pytest.mark.browser

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
REPEALED_LAW = "/akn/uz/act/qonun/1997-08-29/464-i"  # the repealed red banner

# name: (url, axe context or None for the whole document)
PAGES = {
    "home": ("/", None),
    "search": ("/search?q=mehnat+shartnomasi", None),
    "search-filtered-ru": ("/search?q=mehnat+shartnomasi&type=kodeks&ui=ru", None),
    "act": (LABOUR_CODE, None),
    # the old-edition banner and a :target article; the rest of this page is the "act" page
    "act-old-edition": (f"{LABOUR_CODE}/uzb@{OLD_EDITION}#art_39",
                        {"include": [["header.site"], [".act-card"], ["#art_39"]]}),
    "act-repealed": (f"{REPEALED_LAW}?ui=en", None),
    "compare": (COMPARE, None),
    "compare-inline": (COMPARE + "&view=inline&ui=uz-Cyrl", None),
}

# The colour rules are most of axe's time on a 581-article act page (15-30 s). Every article
# and contents entry there is the same markup and style, so on the pages named here they run
# on a sample (all chrome, the first 40 provisions, the first contents entries per chapter);
# every other rule still runs on the whole document.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]
COLOUR_SAMPLE = {
    "act": {"exclude": [[".act-text > section.provision:nth-of-type(n+41)"],
                        [".toc li li li:nth-child(n+6)"]]},
}

# Violations known today: page -> {rule id}. Reported to the lead with the fix.
KNOWN: dict[str, set[str]] = {}  # none today: a violation that appears fails the run

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts" / "axe"


def run_axe(page, context=None, *, rules: list[str] | None = None,
            disable: list[str] = ()) -> dict:
    """axe.run on the page: the WCAG A/AA and best-practice rules, or just ``rules``."""
    from axe_playwright_python.base import AXE_SCRIPT  # axe.min.js from the wheel

    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(AXE_SCRIPT)
    options = {"runOnly": ({"type": "rule", "values": rules} if rules
                           else {"type": "tag", "values": AXE_TAGS}),
               "rules": {rule: {"enabled": False} for rule in disable},
               "resultTypes": ["violations"]}
    return page.evaluate("([context, options]) => axe.run(context || document, options)",
                         [context, options])


def axe_page(page, name: str) -> dict:
    url, context = PAGES[name]
    page.goto(url)
    sample = COLOUR_SAMPLE.get(name)
    if sample is None:
        return run_axe(page, context)
    result = run_axe(page, context, disable=COLOUR_RULES)
    colours = run_axe(page, sample, rules=COLOUR_RULES)
    result["violations"] += colours["violations"]
    return result


def describe(violations) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} — {len(v['nodes'])} element(s)")
        for node in v["nodes"][:3]:
            lines.append(f"    {' '.join(map(str, node['target']))}: {node['html'][:160]}")
    return "\n".join(lines)


@pytest.mark.parametrize("name", list(PAGES))
def test_axe(page, shot, name):
    url = PAGES[name][0]
    result = axe_page(page, name)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"{name}.json").write_text(
        json.dumps({"url": url, "axe": result["testEngine"]["version"],
                    "violations": result["violations"]}, ensure_ascii=False, indent=1))
    shot(page, name)

    found = {v["id"] for v in result["violations"]}
    known = KNOWN.get(name, set())
    new = [v for v in result["violations"] if v["id"] not in known]
    assert not new, f"new accessibility violations on {url}:\n{describe(new)}"
    assert known <= found, (f"{sorted(known - found)} no longer found on {url}: "
                            "remove it from KNOWN in this file")
    assert result["testEngine"]["version"].startswith("4.")


# --- our own structural checks ---------------------------------------------------------------

STRUCTURE_JS = r"""() => {
  const name = el => {
    const by = el.getAttribute('aria-labelledby');
    if (by) return by.split(/\s+/).map(id => (document.getElementById(id) || {}).textContent || '').join(' ');
    if (el.getAttribute('aria-label')) return el.getAttribute('aria-label');
    if (el.labels && el.labels.length) return Array.from(el.labels).map(l => l.textContent).join(' ');
    if (el.matches('input,select,textarea')) return el.getAttribute('title') || '';  // no text fallback
    if (el.tagName === 'IMG') return el.getAttribute('alt') || '';
    return (el.innerText || el.textContent || '') + ' ' +
           Array.from(el.querySelectorAll('img[alt]')).map(i => i.alt).join(' ');
  };
  const visible = el => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
  return {
    lang: document.documentElement.getAttribute('lang'),
    title: document.title,
    headings: Array.from(document.querySelectorAll('h1,h2,h3,h4,h5,h6'))
      .map(h => [Number(h.tagName[1]), h.textContent.trim().slice(0, 60)]),
    controls: Array.from(document.querySelectorAll('input:not([type=hidden]),select,textarea'))
      .map(c => [c.outerHTML.slice(0, 120), name(c).trim()]),
    links: Array.from(document.querySelectorAll('a[href]')).filter(visible)
      .map(a => [a.outerHTML.slice(0, 160), name(a).trim()]),
    images: Array.from(document.querySelectorAll('img')).filter(i => !i.hasAttribute('alt'))
      .map(i => i.outerHTML.slice(0, 120)),
  };
}"""

STRUCTURE_PAGES = {k: v[0] for k, v in PAGES.items()}
WORDLIKE = re.compile(r"[^\W_]")  # a letter or digit in any script
BCP47 = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")


_structures: dict[str, dict] = {}


def structure(page, url) -> dict:
    """``STRUCTURE_JS`` on ``url``, measured once per session (two tests read each page)."""
    if url not in _structures:
        page.goto(url)
        _structures[url] = page.evaluate(STRUCTURE_JS)
    return _structures[url]


def structure_problems(s: dict) -> list[str]:
    """Headings, language, labels and alt text of one page (``STRUCTURE_JS``'s answer)."""
    problems = []
    if not BCP47.fullmatch(s["lang"] or ""):
        problems.append(f"<html lang> is {s['lang']!r}")
    if not s["title"].strip():
        problems.append("empty <title>")
    levels = [level for level, _ in s["headings"]]
    if levels.count(1) != 1:
        problems.append(f"{levels.count(1)} h1 elements")
    if levels and levels[0] != 1:
        problems.append(f"first heading is h{levels[0]}, not the h1")
    for (before, _), (level, text) in zip(s["headings"], s["headings"][1:], strict=False):
        if level > before + 1:
            problems.append(f"heading level skips from h{before} to h{level}: {text!r}")
    problems += [f"form control without a label: {html}" for html, label in s["controls"]
                 if not WORDLIKE.search(label)]
    problems += [f"image without alt: {html}" for html in s["images"]]
    return problems


def unnamed_links(s: dict) -> list[str]:
    return [html for html, label in s["links"] if not WORDLIKE.search(label)]


@pytest.mark.parametrize("name", list(STRUCTURE_PAGES))
def test_headings_language_and_labels(page, name):
    s = structure(page, STRUCTURE_PAGES[name])
    assert len(s["headings"]) >= 2 and s["links"]
    assert structure_problems(s) == []


@pytest.mark.parametrize("name", list(STRUCTURE_PAGES))
def test_every_link_has_a_worded_name(page, name):
    s = structure(page, STRUCTURE_PAGES[name])
    assert unnamed_links(s) == []


BROKEN_PAGE = """<!doctype html><html><head><title></title></head><body>
<h2>Start</h2><h1>One</h1><h1>Two</h1><h4>Deep</h4>
<form><input name="q"><select name="s"><option>a</option></select></form>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
<a href="/x" aria-label="×">×</a><a href="/y">Fine</a>
<p style="color:#bbb;background:#fff">faint text</p></body></html>"""


def test_the_checks_catch_a_broken_page(page):
    """The checkers themselves: on a page with every fault they must object to each one."""
    page.set_content(BROKEN_PAGE)
    s = page.evaluate(STRUCTURE_JS)
    problems = "\n".join(structure_problems(s))
    for expected in ("<html lang> is None", "empty <title>", "2 h1 elements",
                     "first heading is h2", "skips from h1 to h4", "<input name=\"q\">",
                     "<select name=\"s\">", "image without alt"):
        assert expected in problems, (expected, problems)
    assert unnamed_links(s) == ['<a href="/x" aria-label="×">×</a>']
    found = {v["id"] for v in run_axe(page)["violations"]}
    assert {"html-has-lang", "label", "image-alt", "color-contrast"} <= found, found


# --- what axe does not see: focus ring, field borders, inserted text -----------------------

def test_keyboard_focus_is_visible(page):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    assert focused.count() == 1 and focused.evaluate("e => e.matches(':focus-visible')")
    style = focused.evaluate("e => { const s = getComputedStyle(e); "
                             "return [s.outlineStyle, parseFloat(s.outlineWidth)]; }")
    assert style[0] not in ("none", "hidden") and style[1] >= 2, style


@pytest.mark.parametrize("target", ["a.brand", "form.quick input[name=q]",
                                    "main form.big-search button"])
def test_focus_ring_contrast(page, target):
    page.goto("/")
    element = page.locator(target)
    element.focus()
    page.keyboard.press("Shift+Tab")  # come back by keyboard so :focus-visible applies
    page.keyboard.press("Tab")
    assert element.evaluate("e => e === document.activeElement")
    ring = parse_rgb(element.evaluate("e => getComputedStyle(e).outlineColor"))
    around = parse_rgb(element.evaluate(f"e => ({EFFECTIVE_BACKGROUND_JS})(e.parentElement)"))
    ratio = contrast(ring, around)
    assert ratio >= 3.0, f"focus ring {ring} on {around}: {ratio:.2f}:1"


@pytest.mark.parametrize("url, field", [
    ("/", "form.big-search input[name=q]"),
    ("/", "form.quick input[name=q]"),
    (LABOUR_CODE, "form.as-of input[name=as_of]"),
])
def test_form_field_border_contrast(page, url, field):
    page.goto(url)
    element = page.locator(field)
    border = parse_rgb(element.evaluate("e => getComputedStyle(e).borderTopColor"))
    around = parse_rgb(element.evaluate(f"e => ({EFFECTIVE_BACKGROUND_JS})(e.parentElement)"))
    ratio = contrast(border, around)
    assert ratio >= 3.0, f"{field} border {border} on {around}: {ratio:.2f}:1"


def distinguishable_without_colour(element, around_css: str) -> tuple[bool, str]:
    style = element.evaluate("e => { const s = getComputedStyle(e); return [s.textDecorationLine, "
                             "s.fontWeight, s.fontStyle, s.backgroundColor]; }")
    decoration, weight, font_style, bg = style
    ratio = contrast(parse_rgb(bg), parse_rgb(around_css))
    ok = decoration not in ("", "none") or int(weight) >= 600 or font_style == "italic" \
        or ratio >= 3.0
    return ok, f"decoration={decoration} weight={weight} style={font_style} bg-contrast={ratio:.2f}"


def test_deleted_text_is_not_marked_by_colour_alone(page):
    page.goto(COMPARE + "&view=inline")
    deleted = page.locator("#d-art_39 .inline-diff del").first
    around = deleted.evaluate(f"e => ({EFFECTIVE_BACKGROUND_JS})(e.parentElement)")
    ok, why = distinguishable_without_colour(deleted, around)
    assert ok, why


def test_inserted_text_is_not_marked_by_colour_alone(page):
    page.goto(COMPARE + "&view=inline")
    inserted = page.locator("#d-art_39 .inline-diff ins").first
    around = inserted.evaluate(f"e => ({EFFECTIVE_BACKGROUND_JS})(e.parentElement)")
    ok, why = distinguishable_without_colour(inserted, around)
    assert ok, why
