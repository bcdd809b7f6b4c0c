"""Which reader reads a file: by extension, then by sniffing the first bytes."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

from lexsearch.errors import InputError
from lexsearch.model import Document

# format name -> (module, function)
READERS: dict[str, tuple[str, str]] = {
    "lexuz-text": ("ingest.lexuz_text", "read_lexuz_text"),
    "tomaris-jsonl": ("ingest.tomaris_jsonl", "read_tomaris_jsonl"),
    "pravo-html": ("ingest.pravo_html", "read_pravo_html"),
    "lexuz-html": ("ingest.lexuz_html", "read_lexuz_html"),
    "docx": ("ingest.docx_reader", "read_docx"),
    "pdf": ("ingest.pdf_reader", "read_pdf"),
    "akn": ("ingest.akn", "read_akn"),
    "boe": ("ingest.boe", "read_boe"),
    "article-map": ("ingest.article_map", "read_article_map"),
    "lexuz-json": ("ingest.lexuz_json", "read_lexuz_json"),
    "english-md": ("ingest.english_md", "read_english_md"),
}

# Files a release folder may carry that are not acts.
IGNORED_NAMES = {"release.json", "manifest.csv", "readme.md", "sources.md", "license",
                 "license.txt", "license.md", ".ds_store"}
IGNORED_SUFFIXES = {".md", ".csv", ".png", ".jpg"}


def _json_format(path: Path) -> str | None:
    """An act in JSON is known by its shape, not its suffix (release folders carry other JSON:
    manifests, release notes)."""
    from ingest.article_map import json_format
    return json_format(path)


def is_ignored(path: Path) -> bool:
    name = path.name.lower()
    if name in IGNORED_NAMES or name.startswith("."):
        return True
    if path.suffix.lower() == ".json":
        try:
            return _json_format(path) is None
        except InputError:
            return True  # not readable JSON: not an act this release can hold
    return path.suffix.lower() in IGNORED_SUFFIXES


def detect(path: Path) -> str:
    """The format name of ``path``; ``InputError`` when no reader takes it."""
    suffix = path.suffix.lower()
    if suffix == ".txt":
        return "lexuz-text"
    if suffix == ".jsonl":
        return "tomaris-jsonl"
    if suffix == ".json":
        fmt = _json_format(path)
        if fmt is None:
            raise InputError("JSON of no known act shape (an article map {article: text}, a "
                             "saved lex.uz page {id, content, url …} or a map of its lines)",
                             file=str(path))
        return fmt
    if suffix == ".md":
        from ingest.english_md import is_english_md
        if is_english_md(path):
            return "english-md"
        raise InputError("Markdown that is not an act (no 'Article N.' headings)",
                         file=str(path))
    if suffix in (".html", ".htm"):  # by content: a lex.uz document page or pravo.gov.ru
        from ingest.lexuz_html import is_lexuz_html
        return "lexuz-html" if is_lexuz_html(path) else "pravo-html"
    if suffix == ".docx":
        return "docx"
    if suffix == ".pdf":
        return "pdf"
    if suffix in (".xml", ".akn"):
        with open(path, "rb") as fh:
            head = fh.read(4096)
        if b"akomaNtoso" in head:
            return "akn"
        if b"<metadatos" in head or b"<response" in head or b"<texto" in head:
            return "boe"
        raise InputError("XML that is neither Akoma Ntoso nor BOE consolidated text",
                         file=str(path))
    raise InputError(f"no reader for files ending in {suffix or '(no suffix)'!r}", file=str(path))


def reader(fmt: str) -> Callable[[Path], Document]:
    if fmt not in READERS:
        raise InputError(f"unknown format {fmt!r}; known: {', '.join(sorted(READERS))}",
                         field="format")
    module, name = READERS[fmt]
    return getattr(importlib.import_module(module), name)
