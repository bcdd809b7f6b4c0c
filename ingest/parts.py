"""A work printed as several files (one PDF per chapter, in folders per section): the manifest
entries with the same work and language are the parts of ONE edition.

Parts are ordered by their ``part`` number, or, when none has one, by reading order of their
paths (``ingest.pdf_reader.order_key``: leading numbers of folder and file names compared
naturally, ``2.`` before ``10.``). Each part's reader module yields its plain lines
(``<fmt>_lines(path)``, e.g. ``ingest.pdf_reader.pdf_lines``); the lines of all parts, in
order, go through the structure recogniser once (``ingest.lexuz_text.read_lines``).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from pathlib import Path, PurePosixPath
from typing import Protocol

from lexsearch.errors import InputError
from lexsearch.model import Document
from lexsearch.numbers import number_key
from lexsearch.store import title_key

from .formats import READERS
from .manifest import FileEntry


class Part(Protocol):
    """What grouping needs of an importer item."""

    path: Path
    rel: str
    root: Path
    entry: FileEntry | None


def work_key(entry: FileEntry | None) -> tuple[str, str] | None:
    """What names the work of a manifest entry, for grouping: its URI, else its number, else
    its title; ``None`` when the entry names no work."""
    if entry is None or not entry.work:
        return None
    work = entry.work
    if work.get("uri"):
        return ("uri", work["uri"])
    if work.get("number"):
        return ("number", number_key(work["number"]) or work["number"].casefold())
    if work.get("title"):
        return ("title", title_key(work["title"]) or "")
    return None


def part_language(item: Part) -> str | None:
    """The language of a part: its entry's, else what its folder names say (``kir``, ``lat``,
    ``rus`` -- the convention of the chapter-PDF collections, ``ingest.pdf_reader.lang_of``)."""
    if item.entry is not None and item.entry.language:
        return item.entry.language
    from .pdf_reader import lang_of

    try:
        return lang_of(item.path.relative_to(item.root))
    except ValueError:
        return None


def group(items: Sequence[Part]) -> list[list[Part]]:
    """Items in groups: the entries with the same work and language together (in reading
    order), every other item alone; groups in the order of their first item."""
    groups: dict[tuple, list[Part]] = {}
    for n, item in enumerate(items):
        key = work_key(item.entry)
        lang = part_language(item) if key else None
        groups.setdefault((key, lang) if key and lang else ("alone", n), []).append(item)
    return [ordered(parts) if len(parts) > 1 else parts for parts in groups.values()]


def ordered(parts: Sequence[Part]) -> list[Part]:
    """Parts in reading order: by ``part`` when every part has one, else by path order. Some
    numbered and some not, or a number given twice, is an error naming the file."""
    numbers = [p.entry.part if p.entry else None for p in parts]
    if all(n is None for n in numbers):
        from .pdf_reader import order_key  # the one natural order of folder and file names

        return sorted(parts, key=lambda p: order_key(p.path, p.root))
    seen: dict[int, str] = {}
    for p, n in zip(parts, numbers, strict=True):
        if n is None:
            raise InputError("part missing: the other files of this work and language are "
                             "numbered", file=str(p.path), field=f"files.{p.rel}.part")
        if n in seen:
            raise InputError(f"part {n} given twice (also {seen[n]})", file=str(p.path),
                             field=f"files.{p.rel}.part")
        seen[n] = p.rel
    return sorted(parts, key=lambda p: p.entry.part)


def common_folder(rels: Sequence[str]) -> str:
    """The deepest folder holding every path of ``rels`` (``""`` for the root)."""
    split = [PurePosixPath(r).parent.parts for r in rels]
    common: list[str] = []
    for names in zip(*split, strict=False):
        if len(set(names)) != 1:
            break
        common.append(names[0])
    return "/".join(common)


def line_reader(fmt: str) -> Callable[[Path], list[str]]:
    """The ``<fmt>_lines(path)`` function of the reader module of ``fmt``."""
    if fmt not in READERS:
        raise InputError(f"unknown format {fmt!r}; known: {', '.join(sorted(READERS))}",
                         field="format")
    module = importlib.import_module(READERS[fmt][0])
    name = fmt.replace("-", "_") + "_lines"
    function = getattr(module, name, None)
    if function is None:
        raise InputError(f"format {fmt!r} cannot be read in parts (its reader has no {name})",
                         field="format")
    return function


def read_parts(parts: Sequence[tuple[Path, str]], source: str, lang: str | None) -> Document:
    """One document from the files ``parts`` ((path, format) in reading order): their lines
    concatenated and recognised once. A part whose lines repeat an earlier part's word for
    word is the same text saved twice: read once, with a warning."""
    from .lexuz_text import read_lines

    lines: list[str] = []
    seen: dict[tuple[str, ...], Path] = {}
    repeated = []
    for path, fmt in parts:
        got = tuple(line_reader(fmt)(path))
        if got in seen:
            repeated.append(f"{path.name} repeats {seen[got].name} word for word: read once")
            continue
        seen[got] = path
        lines.extend(got)
    formats = sorted({fmt for _, fmt in parts})
    doc = read_lines(lines, source, fmt=formats[0] if len(formats) == 1 else "+".join(formats),
                     lang=lang)
    for message in repeated:
        doc.warn(message)
    return doc
