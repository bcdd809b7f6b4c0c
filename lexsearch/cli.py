"""The ``lexsearch`` command. It is the one place that wires the core to ``ingest``,
``indexes`` and ``web`` (imported inside the commands that need them)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from .errors import LexsearchError, NotFound
from .store import Store
from .uri import FrbrUri

DEFAULT_DATA = "var"


def _echo_json(value) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=2))


class Context:
    def __init__(self, data: str) -> None:
        self.data = Path(data)

    def store(self, readonly: bool = False) -> Store:
        try:
            return Store(self.data, readonly=readonly)
        except LexsearchError as exc:
            raise click.ClickException(str(exc)) from None


@click.group()
@click.option("--data", envvar="LEXSEARCH_DATA", default=DEFAULT_DATA, show_default=True,
              type=click.Path(file_okay=False), help="Data folder (store and indexes).")
@click.pass_context
def main(ctx: click.Context, data: str) -> None:
    """lexsearch: versioned legislation store, search and portal."""
    ctx.obj = Context(data)


@main.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--dry-run", is_flag=True, help="Read and check everything, write nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON on stdout.")
@click.option("--no-index", is_flag=True, help="Do not update the search index afterwards.")
@click.option("--manifest", type=click.Path(dir_okay=False, path_type=Path),
              help="Release manifest (JSON) for read-only folders: keys are paths relative to "
                   "each imported folder; stands in for release.json.")
@click.pass_obj
def import_cmd(obj: Context, paths: tuple[Path, ...], dry_run: bool, as_json: bool,
               no_index: bool, manifest: Path | None) -> None:
    """Import files, folders or .zip releases (all or nothing, idempotent)."""
    progress = None
    if not as_json and sys.stderr.isatty():
        from tqdm import tqdm

        def progress(items):
            return tqdm(items, desc="reading", unit="file", file=sys.stderr)

    from indexes.build import update_index
    from ingest.importer import import_into

    def reindex(store: Store) -> None:
        update_index(store, obj.data)

    try:
        report = import_into(obj.data, list(paths), dry_run=dry_run, progress=progress,
                             on_commit=None if no_index else reindex, manifest=manifest)
    except LexsearchError as exc:  # the writer lock not had in time, an unusable store
        raise click.ClickException(str(exc)) from None
    if as_json:
        _echo_json(report.as_dict())
    else:
        _print_report(report)
    sys.exit(0 if report.ok else 1)


def _print_report(report) -> None:
    for w in report.works:
        state = "new" if w["new_editions"] else "updated" if w["updated"] else "unchanged"
        click.echo(f"{state:9} {w['uri']}  {w['language']}  editions {', '.join(w['editions'])}  "
                   f"articles {w['articles']}  notes {w['notes']}  warnings {w['warnings_total']}"
                   f"  ({w['file']})")
    for e in report.errors:
        where = e["file"] or ""
        if e["line"]:
            where += f":{e['line']}"
        if e["field"]:
            where += f" [{e['field']}]"
        click.echo(f"error: {where}: {e['message']}", err=True)
    if report.errors:
        click.echo("nothing was imported", err=True)
    elif report.dry_run:
        click.echo("dry run: nothing was written")
    elif not report.changed:
        click.echo("already imported: nothing changed")
    else:
        click.echo(f"imported as batch {report.batch}")


@main.command()
@click.option("--rebuild", is_flag=True, help="Index the whole store afresh.")
@click.option("--engine", type=click.Choice(["tantivy", "whoosh"]),
              help="Search engine (default: LEXSEARCH_ENGINE or tantivy).")
@click.pass_obj
def index(obj: Context, rebuild: bool, engine: str | None) -> None:
    """Bring the search index up to date with the store (incremental unless --rebuild)."""
    from indexes.build import rebuild_index, update_index

    from .backup import data_lock

    with data_lock(obj.data), obj.store() as store:  # the index changes: no backup meanwhile
        if rebuild:
            reports = [rebuild_index(store, obj.data, engine)]
        else:  # an engine without an index, or with one of an older format, is rebuilt
            reports = update_index(store, obj.data, [engine] if engine else None)
    for r in reports:
        what = "rebuilt" if r.rebuilt else "updated"
        click.echo(f"{r.engine}: {what}, {r.docs} documents in {r.seconds:.1f} s "
                   f"(through batch {r.batch})")


@main.command()
@click.argument("query")
@click.option("--lang", help="Only text in this language (uzb, rus, eng …).")
@click.option("--type", "type_", help="Only acts of this type (kodeks, qonun, pf …).")
@click.option("--as-of", help="Only text in force on this date (YYYY-MM-DD).")
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 1000))
@click.option("--sort", type=click.Choice(["relevance", "date"]), default="relevance")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def search(obj: Context, query: str, lang: str | None, type_: str | None, as_of: str | None,
           limit: int, sort: str, as_json: bool) -> None:
    """Search the legislation."""
    from .search import search as run_search

    if as_of:
        _check_date(as_of, "--as-of")
    try:
        result = run_search(obj.data, query, lang=lang, type=type_, as_of=as_of, limit=limit,
                            sort=sort)
    except LexsearchError as exc:
        raise click.ClickException(str(exc)) from None
    data = result.to_json()
    if as_json:
        _echo_json(data)
        return
    click.echo(f"{data['total']} results")
    for hit in data["hits"]:
        where = f"{hit['work']}" + (f"/~{hit['eid']}" if hit["eid"] else "")
        click.echo(f"{hit['score']:7.2f}  {hit['title']}  {where}")
        if hit.get("snippet_text") or hit.get("snippet"):
            click.echo(f"         {hit.get('snippet_text') or hit['snippet']}")


@main.command()
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def stats(obj: Context, as_json: bool) -> None:
    """Counts of works, editions, provisions and notes, by language and type."""
    with obj.store(readonly=True) as store:
        data = store.stats()
    if as_json:
        _echo_json(data)
        return
    for key, value in data.items():
        if isinstance(value, dict):
            value = ", ".join(f"{k}: {v}" for k, v in value.items()) or "-"
        click.echo(f"{key:18} {value}")


@main.command()
@click.argument("uri")
@click.option("--as-of", help="The edition in force on this date (YYYY-MM-DD).")
@click.option("--lang", help="Language of the edition (uzb, uzb-Cyrl, rus, eng …).")
@click.option("--format", "fmt", type=click.Choice(["txt", "json"]), default="txt")
@click.pass_obj
def show(obj: Context, uri: str, as_of: str | None, lang: str | None, fmt: str) -> None:
    """Print an act: latest edition, an exact edition (URI …/uzb@DATE) or --as-of DATE."""
    from .render import edition_json, edition_text

    try:
        parsed = FrbrUri.parse(uri)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="URI") from None
    if as_of:
        _check_date(as_of, "--as-of")
    with obj.store(readonly=True) as store:
        try:
            work = store.work(parsed.work_uri)
            edition = store.edition_for(work.uri, lang or parsed.language, as_of=as_of,
                                        exact=parsed.expression_date)
        except NotFound as exc:
            raise click.ClickException(str(exc)) from None
        if fmt == "json":
            _echo_json(edition_json(store, work, edition))
        else:
            click.echo(edition_text(store, work, edition), nl=False)


def _check_date(value: str, name: str) -> None:
    from datetime import date

    try:
        date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"not a date YYYY-MM-DD: {value!r}", param_hint=name) from None


@main.command()
@click.argument("uri")
@click.option("--from", "from_date", required=True, help="Date of the older edition (as of).")
@click.option("--to", "to_date", required=True, help="Date of the newer edition (as of).")
@click.option("--lang", help="Language of the editions (default: the work's own).")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def diff(obj: Context, uri: str, from_date: str, to_date: str, lang: str | None,
         as_json: bool) -> None:
    """Compare the editions of a work in force on two dates: added, removed, moved, changed."""
    from .diff import compare, render_text

    _check_date(from_date, "--from")
    _check_date(to_date, "--to")
    try:
        work_uri = FrbrUri.parse(uri).work_uri
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="URI") from None
    with obj.store(readonly=True) as store:
        try:
            result = compare(store, work_uri, from_date, to_date, lang)
        except NotFound as exc:
            raise click.ClickException(str(exc)) from None
    if as_json:
        _echo_json(result.to_json())
    else:
        click.echo(render_text(result), nl=False)


@main.command()
@click.option("--lang", default="uzb", show_default=True,
              type=click.Choice(["uzb", "uzb-Cyrl", "rus", "eng"]))
@click.option("--json", "as_json", is_flag=True)
def cite(lang: str, as_json: bool) -> None:
    """Find the citations in text read from standard input."""
    from .citations import find_citations

    text = sys.stdin.read()
    out = []
    for c in find_citations(text, lang):
        act = None
        if c.act or c.self_ref:
            act = {"type": c.act.type if c.act else None,
                   "number": c.act.number if c.act else None,
                   "date": c.act.date if c.act else None, "self": c.self_ref}
        out.append({"start": c.start, "end": c.end, "text": c.text, "act": act,
                    "article": c.article, "part": c.part})
    if as_json:
        _echo_json(out)
        return
    for c in out:
        act = c["act"] or {}
        target = "this act" if act.get("self") else " ".join(
            x for x in (act.get("type"), act.get("number"), act.get("date")) if x) or "-"
        click.echo(f"{c['start']}-{c['end']}\t{target}\tart. {c['article'] or '-'}"
                   f"\tpart {c['part'] or '-'}\t{c['text']}")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--workers", default=0, type=int,
              help="Run gunicorn with N workers (0: the development server).")
@click.option("--threads", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Threads per gunicorn worker (more than 1: gthread workers).")
@click.pass_obj
def serve(obj: Context, host: str, port: int, workers: int, threads: int) -> None:
    """Serve the portal (with --workers N: gunicorn, N worker processes over the same store
    and index; settings in web/gunicorn_conf.py)."""
    os.environ["LEXSEARCH_DATA"] = str(obj.data.resolve())
    if workers:
        os.environ.update(LEXSEARCH_BIND=f"{host}:{port}", LEXSEARCH_WORKERS=str(workers),
                          LEXSEARCH_THREADS=str(threads))
        argv = [sys.executable, "-m", "gunicorn", "-c", "python:web.gunicorn_conf",
                "web.wsgi:app"]
        os.execv(sys.executable, argv)
    from web import create_app

    create_app({"DATA_DIR": str(obj.data)}).run(host=host, port=port)


@main.command()
@click.argument("dest", type=click.Path(file_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def backup(obj: Context, dest: Path, as_json: bool) -> None:
    """Snapshot the store and its search index into DEST (new or empty) while serving."""
    from .backup import backup as take

    try:
        snapshot = take(obj.data, dest)
    except LexsearchError as exc:
        raise click.ClickException(str(exc)) from None
    if as_json:
        _echo_json(snapshot)
        return
    click.echo(f"snapshot of batch {snapshot['batch']} in {dest}: {len(snapshot['files'])} files,"
               f" indexes: {', '.join(snapshot['indexes']) or 'none'}")


@main.command()
@click.argument("src", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace a data folder that is not empty.")
@click.pass_obj
def restore(obj: Context, src: Path, force: bool) -> None:
    """Bring back a snapshot made by `lexsearch backup` as the data folder (checked first)."""
    from .backup import restore as bring_back

    try:
        snapshot = bring_back(src, obj.data, force=force)
    except LexsearchError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"restored batch {snapshot['batch']} from {src} into {obj.data}")


if __name__ == "__main__":  # pragma: no cover
    main()
