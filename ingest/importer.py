"""The release importer: files, folders and zips in; validated first, then one transaction.

Nothing is written unless every file reads cleanly and every edition fits the store (append-only:
the same edition again is a no-op, other text under a stored edition date is an error). The
report says, per work, what landed.
"""

from __future__ import annotations

import hashlib
import inspect
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from lexsearch.backup import data_lock
from lexsearch.citegraph import Resolver, add_citations, resolve_pending
from lexsearch.errors import ConflictError, InputError, LexsearchError, UnsafeInputError
from lexsearch.model import ActRef, Document
from lexsearch.register import register
from lexsearch.store import Store
from lexsearch.textnorm import normalize_value

from .archive import extract_zip
from .expressions import alignment
from .formats import detect, is_ignored, reader
from .identity import check_header, resolve_uri
from .manifest import MANIFEST_NAME, FileEntry, Manifest, ManifestError, load_manifest
from .parts import common_folder, group, part_language, read_parts
from .safe import MAX_BYTES

MAX_WARNINGS_REPORTED = 20


@dataclass
class Item:
    """One file of a release, with its manifest entry and, once read, its document."""

    path: Path
    rel: str
    entry: FileEntry | None
    root: Path = Path(".")
    sha256: str = ""
    doc: Document | None = None
    uri: str | None = None
    parts: list[Item] = field(default_factory=list)  # a work printed as several files


@dataclass
class Report:
    source: str
    dry_run: bool = False
    batch: int | None = None
    works: list[dict] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)
    citations: int = 0
    citations_resolved_later: int = 0
    alignment: list[dict] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def changed(self) -> bool:
        return any(w["new_editions"] or w["updated"] for w in self.works)

    def as_dict(self) -> dict:
        return {"source": self.source, "dry_run": self.dry_run, "batch": self.batch,
                "changed": self.changed, "works": self.works, "citations": self.citations,
                "citations_resolved_later": self.citations_resolved_later,
                "alignment": self.alignment, "errors": self.errors}

    def error(self, exc: Exception, file: str | None = None) -> None:
        if isinstance(exc, ManifestError):  # one entry per bad field
            for each in exc.errors:
                self.error(each, file)
            return
        entry = {"file": getattr(exc, "file", None) or file, "line": getattr(exc, "line", None),
                 "field": getattr(exc, "field", None),
                 "message": getattr(exc, "reason", None) or str(exc)}
        self.errors.append(entry)


def _inside_folder(path: Path, folder: Path, rel: str) -> None:
    """Refuse a file that a symbolic link (the file's own or a folder's on its way) takes
    outside the release folder: a release holds its own files, not the importer's disk."""
    target = path.resolve()
    if not target.is_relative_to(folder.resolve()):
        raise UnsafeInputError(f"a symbolic link leads outside the release folder (to "
                               f"{target})", file=str(folder / rel))


def _folder_items(folder: Path, manifest: Manifest | None) -> list[Item]:
    if manifest is None:
        manifest = Manifest()
        if (folder / MANIFEST_NAME).is_file():
            manifest = load_manifest(folder / MANIFEST_NAME)
    items = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        rel = path.relative_to(folder).as_posix()
        _inside_folder(path, folder, rel)
        if is_ignored(path) and not manifest.entry(rel):
            continue
        items.append(Item(path, rel, manifest.entry(rel), root=folder))
    return items


def collect(paths: Iterable[Path], workdir: Path, manifest: Path | None = None) -> list[Item]:
    """Every file to read: folders walked, zips checked and unpacked into ``workdir``. With
    ``manifest`` (``--manifest FILE``), its keys are relative to each folder (or unpacked zip,
    or a file's own folder) and it stands in for any ``release.json`` there."""
    paths = [Path(p) for p in paths]
    roots: list[Path] = []
    for n, path in enumerate(paths):
        if not path.exists():
            raise InputError("no such file or folder", file=str(path))
        if path.is_dir():
            roots.append(path)
        elif path.suffix.lower() == ".zip":
            roots.append(extract_zip(path, workdir / f"zip{n}"))
        else:
            roots.append(path.parent)
    given = load_manifest(manifest, roots) if manifest is not None else None
    items: list[Item] = []
    for path, root in zip(paths, roots, strict=True):
        if path.is_dir() or path.suffix.lower() == ".zip":
            items.extend(_folder_items(root, given))
        else:
            beside = path.parent / MANIFEST_NAME
            found = given or (load_manifest(beside) if beside.is_file() else Manifest())
            items.append(Item(path, path.name, found.entry(path.name), root=path.parent))
    return _assemble(items)


def _assemble(items: list[Item]) -> list[Item]:
    """Manifest entries with the same work and language become one item of several parts."""
    out = []
    for parts in group(items):
        if len(parts) == 1:
            out.append(parts[0])
            continue
        folder = common_folder([p.rel for p in parts])
        rel = f"{folder or parts[0].rel} ({len(parts)} parts)"
        out.append(Item(parts[0].root / folder, rel, parts[0].entry, root=parts[0].root,
                        parts=list(parts)))
    return out


def _apply_entry(doc: Document, entry: FileEntry | None, source: str) -> None:
    if entry is None:
        return
    for key, value in entry.work.items():
        setattr(doc.work, key, value)
    if entry.language and len(doc.editions) != 1:
        raise InputError(f"language given for a file that holds {len(doc.editions)} editions",
                         file=source, field="language")
    dated = entry.valid_from or entry.amended_by or entry.gazette
    if dated and len({e.lang for e in doc.editions}) != len(doc.editions):
        raise InputError("valid_from/amended_by given for a file that holds several editions "
                         "in one language", file=source, field="valid_from")
    for edition in doc.editions:  # one edition, or one per language (a two-language map)
        edition.lang = entry.language or edition.lang
        edition.valid_from = entry.valid_from or edition.valid_from
        if entry.amended_by:
            edition.produced_by = ActRef(number=entry.amended_by)
        edition.gazette = entry.gazette or edition.gazette


def _digest(path: Path) -> str:
    size = path.stat().st_size
    if size > MAX_BYTES:  # before any reader (or the checksum) reads it
        raise UnsafeInputError(f"file of {size} bytes is larger than the limit of "
                               f"{MAX_BYTES} bytes", file=str(path))
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def _format(item: Item) -> str:
    return (item.entry.format if item.entry and item.entry.format else None) or detect(item.path)


def _read_document(item: Item, source: str) -> Document:
    if item.parts:
        digests = [_digest(p.path) for p in item.parts]
        item.sha256 = hashlib.sha256("".join(digests).encode()).hexdigest()
        for p in item.parts[1:]:
            if p.entry.valid_from != item.entry.valid_from:
                raise InputError(f"valid_from {p.entry.valid_from} differs from "
                                 f"{item.entry.valid_from} of {item.parts[0].rel}: the parts "
                                 "of one edition share its date", file=str(p.path),
                                 field=f"files.{p.rel}.valid_from")
        return read_parts([(p.path, _format(p)) for p in item.parts], source,
                          part_language(item.parts[0]))
    item.sha256 = _digest(item.path)
    read = reader(_format(item))
    if item.entry is not None and "entry" in inspect.signature(read).parameters:
        return read(item.path, entry=item.entry)  # a format that names no work (article maps)
    return read(item.path)


def _read(item: Item, store: Store, report: Report) -> None:
    source = str(item.path)
    try:
        doc = _read_document(item, source)
        if item.entry is not None:
            check_header(doc.work, item.entry.work, source, item.parts[0].rel if item.parts
                         else item.rel)
        _apply_entry(doc, item.entry, source)
        normalize_value(doc)  # once, before anything is stored: lexsearch/textnorm.py
        for edition in doc.editions:
            original = not any(n.action != "published" for n in edition.notes)
            if not edition.valid_from and len(doc.editions) == 1 and original:
                # No amendment ever noted: this is the text as adopted.
                edition.valid_from = doc.work.entry_into_force or doc.work.date
                if edition.valid_from:
                    doc.warn(f"no amendment notes: edition dated from the act's own date "
                             f"{edition.valid_from}")
            if not edition.valid_from:
                raise InputError(f"no edition date for the {edition.lang} text: give valid_from "
                                 f"for it in {MANIFEST_NAME}", file=source, field="valid_from")
            if not edition.provisions:
                raise InputError("no provisions found: is this an act?", file=source)
        if not doc.editions:
            raise InputError("no edition found: is this an act?", file=source)
        item.uri = resolve_uri(store, doc, source)
        item.doc = doc
    except LexsearchError as exc:
        report.error(exc, source)
    except Exception as exc:  # a reader bug must not take the release down silently
        report.error(InputError(f"reader failed: {type(exc).__name__}: {exc}", file=source))


def import_release(store: Store, paths: list[Path], *, dry_run: bool = False,
                   progress: Callable[[Iterable], Iterable] | None = None,
                   manifest: Path | None = None) -> Report:
    """Import a release; returns the report (``report.ok`` false when anything failed, and
    then nothing was written). ``manifest``: a manifest file outside the release folders."""
    source = " ".join(str(p) for p in paths)
    report = Report(source=source, dry_run=dry_run)
    with tempfile.TemporaryDirectory(prefix="lexsearch-release-") as tmp:
        try:
            items = collect(paths, Path(tmp), manifest)
        except LexsearchError as exc:
            report.error(exc)
            return report
        if not items:
            report.error(InputError("no act files in the release", file=source))
            return report
        for item in (progress(items) if progress else items):
            _read(item, store, report)
        if not report.ok:
            return report
        _write(store, items, report, dry_run)
    return report


def import_into(data_dir: str | Path, paths: list[Path], *, dry_run: bool = False,
                progress: Callable[[Iterable], Iterable] | None = None,
                on_commit: Callable[[Store], object] | None = None,
                lock_timeout: float = 600.0, manifest: Path | None = None) -> Report:
    """``import_release`` into the store of ``data_dir`` under the folder's writer lock (one
    import or backup at a time); ``on_commit(store)`` runs, still under the lock, when the
    release changed the store (the callers update the search index there)."""
    with data_lock(data_dir, lock_timeout), Store(data_dir) as store:
        report = import_release(store, paths, dry_run=dry_run, progress=progress,
                                manifest=manifest)
        if report.ok and report.changed and not dry_run and on_commit is not None:
            on_commit(store)
    return report


def _write(store: Store, items: list[Item], report: Report, dry_run: bool) -> None:
    release_sha = hashlib.sha256("".join(sorted(i.sha256 for i in items)).encode()).hexdigest()
    try:
        with store.release(report.source, release_sha, dry_run=dry_run) as writer:
            stored = []  # (edition id, work uri, edition) of every new edition
            for item in items:
                doc = item.doc
                assert doc is not None and item.uri is not None
                lang = doc.editions[0].lang
                work_id, created = writer.ensure_work(item.uri, doc.work, lang)
                entry = register().by_uri(item.uri)
                for edition in doc.editions if entry else ():  # a title in every language
                    if title := entry.title(edition.lang):  # the file prints none of its own
                        writer.add_title(work_id, item.uri, edition.lang, title)
                new, known = [], []
                for edition in doc.editions:
                    _, edition_id = writer.add_edition(work_id, edition, source_file=item.rel,
                                                       source_sha256=item.sha256)
                    (new if edition_id else known).append(edition.valid_from)
                    if edition_id:
                        stored.append((edition_id, item.uri, edition))
                writer.files.append(item.rel)
                warnings = [str(w) for w in doc.warnings] + writer.warnings.get(item.rel, [])
                report.works.append({
                    "file": item.rel, "uri": item.uri, "title": doc.work.title,
                    "language": lang, "new_work": created,
                    "updated": item.uri in writer.updated,  # repealed, or a new title
                    "editions": sorted(new + known), "new_editions": sorted(new),
                    "articles": sum(1 for p in doc.editions[-1].provisions if p.kind == "article"),
                    "notes": sum(len(e.notes) for e in doc.editions),
                    "warnings": warnings[:MAX_WARNINGS_REPORTED],
                    "warnings_total": len(warnings),
                })
            if stored:  # citations resolve against every work the store holds, this release's too
                resolver = Resolver(store)
                report.citations = sum(
                    add_citations(store.conn, resolver, edition_id, uri, edition.lang,
                                  edition.provisions) for edition_id, uri, edition in stored)
                report.citations_resolved_later = resolve_pending(store.conn, resolver)
            report.alignment = alignment(store, sorted({i.uri for i in items if i.uri}))
            writer.report = {"works": len(report.works), "citations": report.citations}
            report.batch = writer.batch_id if writer.changed and not dry_run else None
    except ConflictError as exc:
        report.works.clear()
        report.error(exc)
