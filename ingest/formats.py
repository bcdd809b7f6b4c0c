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
    "docx": ("ingest.docx_reader", "read_docx"),
    "akn": ("ingest.akn", "read_akn"),
    "boe": ("ingest.boe", "read_boe"),
}

# Files a release folder may carry that are not acts.
IGNORED_NAMES = {"release.json", "manifest.csv", "readme.md", "sources.md", "license",
                 "license.txt", "license.md", ".ds_store"}
IGNORED_SUFFIXES = {".md", ".csv", ".json", ".png", ".jpg", ".pdf"}


def is_ignored(path: Path) -> bool:
    name = path.name.lower()
    return name in IGNORED_NAMES or name.startswith(".") or path.suffix.lower() in IGNORED_SUFFIXES


def detect(path: Path) -> str:
    """The format name of ``path``; ``InputError`` when no reader takes it."""
    suffix = path.suffix.lower()
    if suffix == ".txt":
        return "lexuz-text"
    if suffix == ".jsonl":
        return "tomaris-jsonl"
    if suffix in (".html", ".htm"):
        return "pravo-html"
    if suffix == ".docx":
        return "docx"
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
