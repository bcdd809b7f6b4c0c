"""The release manifest: what a file's own header cannot tell (work identity, language, edition
date, amending act, the order of the files a work is printed in).

It is ``release.json`` inside a release folder or zip, or any file given with
``lexsearch import PATH… --manifest FILE`` (for read-only folders). Keys are paths relative to
the imported folder, with ``/`` between subfolders::

    {"release": "gazette 2026-07",
     "files": {"mehnat_kodeksi.jsonl": {
         "work": {"uri": "/akn/uz/act/kodeks/2022-10-28/orq-798", "number": "OʻRQ-798"},
         "language": "uzb", "valid_from": "2026-07-01", "amended_by": "OʻRQ-1109",
         "format": "tomaris-jsonl"},
      "criminal/rus/1.РАЗДЕЛ 1/1.Глава 1.pdf": {"work": {…}, "language": "rus", "part": 1}}}

The document is checked against ``SCHEMA`` (JSON Schema, with the ``jsonschema`` library), then
for what a schema cannot say: duplicate keys, lone surrogates, impossible dates, a repeal before
adoption, a URI that contradicts the number or date beside it, and keys that leave the folder
(absolute, ``..``, or through a symbolic link). Every error names the manifest file and the
field's path (``files.<key>.work.number``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath

import jsonschema

from lexsearch.errors import InputError
from lexsearch.model import STATUSES
from lexsearch.uri import LANGUAGES, FrbrUri, slug

from .safe import read_bounded

MANIFEST_NAME = "release.json"
MAX_MANIFEST_BYTES = 16 * 1024 * 1024
MAX_ERRORS = 20
EXTRA_LANGS = ("spa", "deu")
_DATE = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$", "maxLength": 10}


def _text(limit: int) -> dict:
    return {"type": "string", "minLength": 1, "maxLength": limit}


WORK_SCHEMA = {
    "type": "object", "additionalProperties": False,
    "properties": {
        "uri": {"type": "string", "pattern": "^/akn/", "maxLength": 300},
        "subtype": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$", "maxLength": 40},
        "number": _text(60), "date": _DATE, "title": _text(2000), "issuer": _text(500),
        "status": {"enum": list(STATUSES)}, "entry_into_force": _DATE, "repealed_on": _DATE,
        "source_id": _text(100), "country": {"type": "string", "pattern": "^[a-z]{2}$"},
    },
}
ENTRY_SCHEMA = {
    "type": "object", "additionalProperties": False,
    "properties": {
        "work": WORK_SCHEMA,
        "language": {"enum": [*LANGUAGES, *EXTRA_LANGS]},
        "valid_from": _DATE, "amended_by": _text(100), "gazette": _text(100),
        "format": {"type": "string", "pattern": "^[a-z][a-z0-9-]*$", "maxLength": 40},
        "part": {"type": "integer", "minimum": 1, "maximum": 100_000},
    },
}
SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object", "required": ["files"], "additionalProperties": False,
    "properties": {
        "release": _text(500),
        "files": {"type": "object", "maxProperties": 50_000,
                  "propertyNames": {"minLength": 1, "maxLength": 1000},
                  "additionalProperties": ENTRY_SCHEMA},
    },
    "patternProperties": {"^_": _text(10_000)},  # "_comment": free text for people
}
_VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)
_DATE_FIELDS = ("valid_from", "work.date", "work.entry_into_force", "work.repealed_on")


class ManifestError(InputError):
    """Everything wrong with one manifest: ``errors`` holds one ``InputError`` per field."""

    def __init__(self, errors: list[InputError]) -> None:
        first = errors[0]
        super().__init__(first.reason, file=first.file, line=first.line, field=first.field)
        self.errors = errors


@dataclass
class FileEntry:
    work: dict = field(default_factory=dict)
    language: str | None = None
    valid_from: str | None = None
    amended_by: str | None = None
    gazette: str | None = None
    format: str | None = None
    part: int | None = None


@dataclass
class Manifest:
    path: Path | None = None
    name: str | None = None
    files: dict[str, FileEntry] = field(default_factory=dict)

    def entry(self, relpath: str) -> FileEntry | None:
        return self.files.get(relpath)


def field_name(parts) -> str:
    """A field path for messages: ``files.<key>.work.number``; control characters escaped so a
    key cannot forge lines in a report."""
    return ".".join(str(p) if str(p).isprintable() else json.dumps(str(p))[1:-1] for p in parts)


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _json_type(value) -> str:
    return {dict: "object", list: "array", str: "string", bool: "boolean", int: "integer",
            float: "number", type(None): "null"}.get(type(value), type(value).__name__)


def _message(error: jsonschema.ValidationError) -> str:
    """Our wording of a schema error; never the whole value (a 2 MB title stays out)."""
    kind, rule, value = error.validator, error.validator_value, error.instance
    if kind == "type":
        return f"must be of type {rule}, not {_json_type(value)}"
    if kind == "maxLength":
        return f"longer than {rule} characters ({len(value)})"
    if kind == "minLength":
        return "must not be empty"
    if kind == "enum":
        return f"{_short(value)} is not one of {', '.join(map(str, rule))}"
    if kind == "pattern":
        return f"{_short(value)} does not match {rule}"
    if kind == "additionalProperties":
        known = set(error.schema.get("properties", {}))
        unknown = sorted(k for k in value if k not in known and not k.startswith("_"))
        return f"unknown fields {[_short(k) for k in unknown][:10]}"
    if kind == "required":
        return f"missing field {error.message.split()[0]}"
    if kind in ("minimum", "maximum"):
        return f"{_short(value)} is out of range ({kind} {rule})"
    if kind == "maxProperties":
        return f"more than {rule} entries"
    return error.message[:200]


def _no_duplicates(pairs: list[tuple[str, object]]) -> dict:
    seen: dict = {}
    for key, value in pairs:
        if key in seen:
            raise ValueError(f"duplicate key {_short(key)}")
        seen[key] = value
    return seen


def _bad_strings(value, path: tuple) -> tuple | None:
    """The path of the first string (key or value) that is no valid Unicode text (a lone
    surrogate from a ``\\ud800`` escape), else ``None``."""
    stack = [(value, path)]
    while stack:
        item, where = stack.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return where
        elif isinstance(item, dict):
            for k, v in item.items():
                try:
                    k.encode("utf-8")
                except UnicodeEncodeError:
                    return (*where, "<key>")
                stack.append((v, (*where, k)))
        elif isinstance(item, list):
            stack.extend((v, (*where, i)) for i, v in enumerate(item))
    return None


def _parse(path: Path) -> dict:
    source = str(path)
    try:
        text = read_bounded(path, MAX_MANIFEST_BYTES).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8: {exc}", file=source) from None
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON: {exc.msg}", file=source, line=exc.lineno) from None
    except ValueError as exc:  # a duplicate key
        raise InputError(str(exc), file=source) from None
    except RecursionError:
        raise InputError("JSON nested too deeply", file=source) from None
    bad = _bad_strings(data, ())
    if bad is not None:
        raise InputError("invalid Unicode (a lone surrogate)", file=source,
                         field=field_name(bad) or None)
    return data


def _get(spec: dict, dotted: str):
    value = spec
    for part in dotted.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def check_key(rel: str, roots: list[Path]) -> str | None:
    """Why manifest key ``rel`` is refused (``None`` when it names a regular file inside one of
    ``roots``, symbolic links resolved)."""
    if any(ord(c) < 32 or c == "\x7f" for c in rel):
        return "a file name with control characters"
    pure = PurePosixPath(rel)
    if rel.startswith(("/", "\\")) or pure.is_absolute() or (len(rel) > 1 and rel[1] == ":"):
        return "an absolute path: keys are paths relative to the imported folder"
    if "\\" in rel or any(p in ("..", ".", "") for p in rel.split("/")):
        return "not a plain relative path (no '..', '.', '\\' or empty parts)"
    for root in roots:
        try:
            base = root.resolve()
            target = (root / rel).resolve()
            if base != target and base not in target.parents:
                return "names a file outside the imported folder (through a symbolic link)"
            if target.is_file():
                return None
        except OSError as exc:  # a name too long for the file system, a loop of links …
            return f"not a usable file name: {exc.strerror or exc}"
    return f"names a file that is not in the release: {rel[:200]}"


def _entry_errors(rel: str, spec: dict, source: str, roots: list[Path]) -> list[InputError]:
    where = ("files", rel)
    errors: list[InputError] = []

    def bad(message: str, *extra: str) -> None:
        errors.append(InputError(message, file=source, field=field_name((*where, *extra))))

    why = check_key(rel, roots)
    if why:
        bad(why)
    from .formats import READERS  # here: the readers register their formats in formats.py

    if spec.get("format") and spec["format"] not in READERS:
        bad(f"unknown format {spec['format']!r}; known: {', '.join(sorted(READERS))}", "format")
    for dotted in _DATE_FIELDS:
        value = _get(spec, dotted)
        if value is not None:
            try:
                date.fromisoformat(value)
            except ValueError:
                bad(f"not a valid date (YYYY-MM-DD): {value!r}", *dotted.split("."))
    work = spec.get("work", {})
    if errors:
        return errors
    adopted = work.get("date")
    for key in ("repealed_on", "entry_into_force"):
        if adopted and work.get(key) and work[key] < adopted:
            bad(f"{work[key]} is before the act's adoption on {adopted}", "work", key)
    if work.get("repealed_on") and work.get("status") not in (None, "repealed"):
        bad(f"a repeal date with status {work['status']!r}", "work", "status")
    if "uri" in work:
        try:
            uri = FrbrUri.parse(work["uri"]).work()
        except ValueError as exc:
            bad(str(exc), "work", "uri")
            return errors
        work["uri"] = str(uri)
        if adopted and adopted != uri.date:
            bad(f"{adopted} disagrees with the date {uri.date} of work.uri", "work", "date")
        if work.get("subtype") and work["subtype"] != uri.subtype:
            bad(f"{work['subtype']!r} disagrees with work.uri {uri}", "work", "subtype")
        if work.get("number") and slug(work["number"]) != uri.number:
            bad(f"{work['number']!r} disagrees with the number {uri.number!r} of work.uri",
                "work", "number")
    return errors


def load_manifest(path: Path, roots: list[Path] | None = None) -> Manifest:
    """Read and check the manifest at ``path``; its keys name files under ``roots`` (default:
    the manifest's own folder). ``ManifestError`` lists every bad field."""
    source = str(path)
    roots = roots or [path.parent]
    data = _parse(path)
    errors = [InputError(_message(e), file=source, field=field_name(e.absolute_path) or None)
              for e in sorted(_VALIDATOR.iter_errors(data), key=lambda e: list(map(str, e.path)))]
    if errors:
        raise ManifestError(errors[:MAX_ERRORS])
    manifest = Manifest(path=path, name=data.get("release"))
    for rel, spec in data["files"].items():
        found = _entry_errors(rel, spec, source, roots)
        if found:
            errors.extend(found)
            continue
        manifest.files[rel] = FileEntry(
            work=spec.get("work", {}), language=spec.get("language"),
            valid_from=spec.get("valid_from"), amended_by=spec.get("amended_by"),
            gazette=spec.get("gazette"), format=spec.get("format"), part=spec.get("part"))
    if errors:
        raise ManifestError(errors[:MAX_ERRORS])
    return manifest
