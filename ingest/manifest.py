"""``release.json``: what a file's own header cannot tell (work identity, language, edition
date, amending act). Optional; validated field by field with the field's path in the error.

    {"release": "gazette 2026-07",
     "files": {"mehnat_kodeksi.jsonl": {
         "work": {"uri": "/akn/uz/act/kodeks/2022-10-28/orq-798", "title": "…"},
         "language": "uzb", "valid_from": "2026-07-01", "amended_by": "OʻRQ-1109",
         "format": "tomaris-jsonl"}}}
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from lexsearch.errors import InputError
from lexsearch.uri import LANGUAGES, FrbrUri

from .safe import read_bounded

MANIFEST_NAME = "release.json"
MAX_MANIFEST_BYTES = 16 * 1024 * 1024
_WORK_FIELDS = {"uri", "subtype", "number", "date", "title", "issuer", "status",
                "entry_into_force", "repealed_on", "source_id", "country"}
_FILE_FIELDS = {"work", "language", "valid_from", "amended_by", "gazette", "format"}
_EXTRA_LANGS = {"spa", "deu"}


@dataclass
class FileEntry:
    work: dict = field(default_factory=dict)
    language: str | None = None
    valid_from: str | None = None
    amended_by: str | None = None
    gazette: str | None = None
    format: str | None = None


@dataclass
class Manifest:
    path: Path | None = None
    name: str | None = None
    files: dict[str, FileEntry] = field(default_factory=dict)

    def entry(self, relpath: str) -> FileEntry | None:
        return self.files.get(relpath)


def _date(value, where: str, source: str) -> str:
    if not isinstance(value, str):
        raise InputError(f"expected a date YYYY-MM-DD, got {value!r}", file=source, field=where)
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise InputError(f"not a valid date (YYYY-MM-DD): {value!r}", file=source,
                         field=where) from None


def load_manifest(path: Path) -> Manifest:
    source = str(path)
    try:
        data = json.loads(read_bounded(path, MAX_MANIFEST_BYTES).decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8: {exc}", file=source) from None
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON: {exc.msg}", file=source, line=exc.lineno) from None
    if not isinstance(data, dict) or not isinstance(data.get("files"), dict):
        raise InputError('must be an object with a "files" object', file=source, field="files")
    manifest = Manifest(path=path, name=data.get("release"))
    for rel, spec in data["files"].items():
        where = f"files.{rel}"
        if not isinstance(spec, dict):
            raise InputError("must be an object", file=source, field=where)
        unknown = set(spec) - _FILE_FIELDS
        if unknown:
            raise InputError(f"unknown fields {sorted(unknown)}", file=source, field=where)
        if not (path.parent / rel).is_file():
            raise InputError(f"names a file that is not in the release: {rel}", file=source,
                             field=where)
        entry = FileEntry(format=spec.get("format"), amended_by=spec.get("amended_by"),
                          gazette=spec.get("gazette"))
        if "language" in spec:
            if spec["language"] not in LANGUAGES and spec["language"] not in _EXTRA_LANGS:
                raise InputError(f"unknown language {spec['language']!r} (one of "
                                 f"{', '.join(LANGUAGES)})", file=source, field=f"{where}.language")
            entry.language = spec["language"]
        if "valid_from" in spec:
            entry.valid_from = _date(spec["valid_from"], f"{where}.valid_from", source)
        work = spec.get("work", {})
        if not isinstance(work, dict):
            raise InputError("must be an object", file=source, field=f"{where}.work")
        unknown = set(work) - _WORK_FIELDS
        if unknown:
            raise InputError(f"unknown fields {sorted(unknown)}", file=source,
                             field=f"{where}.work")
        for key in ("date", "entry_into_force", "repealed_on"):
            if key in work:
                work[key] = _date(work[key], f"{where}.work.{key}", source)
        if "uri" in work:
            try:
                work["uri"] = str(FrbrUri.parse(work["uri"]).work())
            except ValueError as exc:
                raise InputError(str(exc), file=source, field=f"{where}.work.uri") from None
        entry.work = work
        manifest.files[rel] = entry
    return manifest
