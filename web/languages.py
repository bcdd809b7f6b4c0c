"""The languages of an act's text on its pages: which one to show, where the others are.

A work has expressions in some of uzb, uzb-Cyrl, rus, eng. An act URL without a language shows
the one that suits the interface language when the work has it (Russian UI -> Russian text),
else the work's own. Every language the work has is offered, page-level and per provision,
each link landing on the same provision (``<work>/<lang>#<eid>``); where a work has only one of
the two Uzbek scripts the other is offered as an automatic transliteration
(``?translit=uzb-Cyrl``), labelled as such, never as an official text.
"""

from __future__ import annotations

from dataclasses import dataclass

from lexsearch.analysis.transliterate import other_script
from lexsearch.model import Edition, Work
from lexsearch.store import Store

from .i18n import UI_FOR_DOC

DOC_FOR_UI = {ui: doc for doc, ui in UI_FOR_DOC.items()}
DOC_LANGUAGES = ("uzb", "uzb-Cyrl", "rus", "eng")


@dataclass(frozen=True)
class LangOption:
    """One language of the text as offered on a page: ``auto`` = a transliteration."""

    lang: str
    href: str
    current: bool = False
    auto: bool = False


def preferred_language(languages: list[str], ui: str) -> str | None:
    """The document language for interface ``ui`` when the work has it, else None."""
    doc = DOC_FOR_UI.get(ui)
    return doc if doc in languages else None


def translit_target(languages: list[str], lang: str) -> str | None:
    """The other Uzbek script when the work lacks it (``uzb`` only -> ``uzb-Cyrl``), else None."""
    other = other_script(lang)
    return other if other and other not in languages else None


def _ordered(languages: list[str]) -> list[str]:
    known = [lang for lang in DOC_LANGUAGES if lang in languages]
    return known + sorted(set(languages) - set(known))


def page_options(work: Work, edition: Edition, languages: list[str],
                 translit: str | None) -> list[LangOption]:
    """The page-level language switch: every stored language, then the transliteration."""
    out = [LangOption(lang, f"{work.uri}/{lang}", current=lang == edition.lang and not translit)
           for lang in _ordered(languages)]
    target = translit_target(languages, edition.lang)
    if target:
        out.append(LangOption(target, f"{work.uri}/{edition.lang}?translit={target}",
                              current=translit == target, auto=True))
    return out


def provision_links(s: Store, work: Work, edition: Edition, languages: list[str],
                    translit: str | None) -> dict[str, list[LangOption]]:
    """eid -> the same provision in every other language that has it (the latest edition of
    each), plus the transliteration of this one."""
    shown = translit or edition.lang
    out: dict[str, list[LangOption]] = {}
    for lang in _ordered(languages):
        if lang == shown:
            continue
        editions = s.editions(work.uri, lang)
        if not editions:
            continue
        for p in s.provisions(editions[-1], with_text=False):
            out.setdefault(p.eid, []).append(LangOption(lang, f"{work.uri}/{lang}#{p.eid}"))
    target = translit_target(languages, edition.lang)
    if target and target != shown:
        for p in s.provisions(edition, with_text=False):
            out.setdefault(p.eid, []).append(LangOption(
                target, f"{work.uri}/{edition.lang}?translit={target}#{p.eid}", auto=True))
    return out
