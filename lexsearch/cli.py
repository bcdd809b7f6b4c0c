"""The ``lexsearch`` command. It is the one place that wires the core to ``ingest``,
``indexes`` and ``web`` (imported inside the commands that need them)."""

from __future__ import annotations

import errno
import fcntl
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import click

from .errors import LexsearchError, NotFound
from .store import STORE_FILE, Store
from .textnorm import escape_controls
from .uri import FrbrUri

DEFAULT_DATA = "var"
# Inside JSON strings: what json.dumps(ensure_ascii=False) leaves raw but a terminal obeys
# (DEL, C1 controls such as CSI, bidi controls), written as \uXXXX escapes instead.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def _echo_json(value) -> None:
    text = json.dumps(value, ensure_ascii=False, indent=2)
    click.echo(_JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text))


def _safe(text: object, keep: str = "") -> str:
    """What the CLI prints of stored text or file names: no raw control characters (an ESC
    sequence, a newline that forges a report line); ``keep`` the ones a layout needs."""
    return escape_controls(str(text), keep)


def _failure(exc: BaseException, data: Path) -> str | None:
    """A one-line message for an error the commands do not handle themselves: the core's own
    errors, a full disk, a folder that is not writable, a store that is not a database."""
    if isinstance(exc, LexsearchError):
        return str(exc)
    if isinstance(exc, shutil.Error) and exc.args and isinstance(exc.args[0], list):
        _src, dst, why = exc.args[0][0]  # copytree's first failed file
        full = "No space left on device" in str(why)
        exc = OSError(errno.ENOSPC if full else None, str(why), dst)
    if isinstance(exc, OSError):
        where = exc.filename or data
        if exc.errno == errno.ENOSPC:
            return (f"{where}: no space left on the device: free some space and run the "
                    "command again (the store keeps only whole releases; `lexsearch index` "
                    "brings the search index up to date)")
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            inside = Path(os.path.abspath(where)).is_relative_to(os.path.abspath(data))
            return f"{where}: not writable ({exc.strerror})" + (
                f": the data folder {data} is read-only for this user" if inside else "")
        return f"{where}: {exc.strerror or exc}"
    if _is_postgres_error(exc):
        from .db import redact

        where = redact(os.environ.get("LEXSEARCH_STORE", "the PostgreSQL store"))
        return f"{where}: {type(exc).__name__}: {str(exc).strip().splitlines()[0][:300]}"
    if isinstance(exc, sqlite3.DatabaseError):
        text = str(exc)
        if "full" in text:
            return f"{data / STORE_FILE}: no space left on the device ({text}): free some space"
        if "readonly" in text or "unable to open" in text:
            return f"{data / STORE_FILE}: not writable ({text}): the data folder is read-only"
        return (f"{data / STORE_FILE}: the store is unreadable ({text}): restore it from a "
                "backup (`lexsearch restore`)")
    return None


def _is_postgres_error(exc: BaseException) -> bool:
    psycopg = sys.modules.get("psycopg")  # loaded only when the store is PostgreSQL
    return psycopg is not None and isinstance(exc, psycopg.Error)


def _is_store_error(exc: BaseException) -> bool:
    """The failures ``_failure`` turns into one line: ours, the file system's, the store's."""
    return isinstance(exc, (LexsearchError, OSError, sqlite3.DatabaseError)) or \
        _is_postgres_error(exc)


class _Commands(click.Group):
    """The command group: turns what a command did not handle into one clean line (no
    traceback) and keeps control characters out of every error message."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except click.ClickException as exc:
            exc.message = _safe(exc.message)
            raise
        except Exception as exc:
            if not _is_store_error(exc):
                raise
            obj = ctx.obj if isinstance(ctx.obj, Context) else Context(DEFAULT_DATA)
            message = _failure(exc, obj.data)
            raise click.ClickException(_safe(message or str(exc))) from None


class Context:
    def __init__(self, data: str) -> None:
        self.data = Path(data)

    def store(self, readonly: bool = False) -> Store:
        try:
            return Store(self.data, readonly=readonly)
        except LexsearchError as exc:
            raise click.ClickException(str(exc)) from None


@click.group(cls=_Commands)
@click.option("--data", envvar="LEXSEARCH_DATA", default=DEFAULT_DATA, show_default=True,
              type=click.Path(file_okay=False), help="Data folder (store and indexes).")
@click.option("--store", "store_url", envvar="LEXSEARCH_STORE", default=None, metavar="URL",
              help="The store: a postgresql://… URL (several hosts allowed, as libpq takes "
                   "them); default: the SQLite file in the data folder, which then holds only "
                   "this machine's index and caches.")
@click.pass_context
def main(ctx: click.Context, data: str, store_url: str | None) -> None:
    """lexsearch: versioned legislation store, search and portal."""
    if store_url:  # every Store this process and its children (workers, gunicorn) open
        os.environ["LEXSEARCH_STORE"] = store_url
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
    if report.ok and not dry_run and not no_index:  # "nothing changed", but the index may be
        _catch_up(obj)  # behind: an earlier import killed between store and index
    if report.ok and report.changed and not dry_run:
        _embed_in_background(obj)
    sys.exit(0 if report.ok else 1)


def _embed_in_background(obj: Context) -> None:
    """The passages a release added embedded by a ``lexsearch embed`` of their own (low
    priority, detached, output in DATA/embed.log; it embeds only what has no vector), where
    hybrid search is in use: the model package installed and the store holding vectors of the
    model already (a store's first embedding is started by hand or by ``make run``).
    ``LEXSEARCH_EMBED_AFTER_IMPORT=0``: never."""
    from .embeddings import available, model_name, status

    if os.environ.get("LEXSEARCH_EMBED_AFTER_IMPORT", "1") == "0" or not available():
        return
    with obj.store(readonly=True) as store:
        if not any(m["model"] == model_name() and m["embedded"] for m in status(store)["models"]):
            return
    log = open(obj.data / "embed.log", "ab")  # noqa: SIM115 - the child's, kept open by it
    subprocess.Popen([sys.executable, "-m", "lexsearch.cli", "--data", str(obj.data), "embed"],
                     stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                     start_new_session=True, preexec_fn=lambda: os.nice(19))
    log.close()
    click.echo(f"embedding the new passages in the background (log: {obj.data / 'embed.log'})",
               err=True)


def _writable(data: Path) -> bool:
    index = data / "index"
    return os.access(data, os.W_OK) and (not index.exists() or os.access(index, os.W_OK))


def _catch_up(obj: Context, lock_timeout: float = 600.0) -> None:
    """Whoever sees the search index behind the store (import, serve, search) catches it up,
    or says on stderr why it cannot."""
    from indexes.build import behind, catch_up

    try:
        with Store(obj.data, readonly=True) as store:
            lag, batch = behind(store, obj.data), store.last_batch_id()
    except Exception as exc:
        if _is_store_error(exc):
            return  # no store (yet) or an unusable one: the command itself says so
        raise
    if not lag:
        return
    what = ", ".join(f"{name} at batch {have}" if have is not None else f"{name} not built"
                     for name, have in lag.items())
    problem = f"the search index is behind the store (batch {batch}): {what}"
    if not _writable(obj.data):
        click.echo(f"warning: {problem}; {obj.data} is read-only here: run `lexsearch index` "
                   "where it is writable", err=True)
        return
    try:
        reports = catch_up(obj.data, lock_timeout=lock_timeout)
    except Exception as exc:
        if not _is_store_error(exc):
            raise
        click.echo(_safe(f"warning: {problem}; not caught up: "
                         f"{_failure(exc, obj.data) or exc}"), err=True)
        return
    for r in reports:
        click.echo(f"{problem}: {r.engine} caught up, {r.docs} documents "
                   f"(through batch {r.batch})", err=True)


def _print_report(report) -> None:
    for w in report.works:
        state = "new" if w["new_editions"] else "updated" if w["updated"] else "unchanged"
        click.echo(_safe(f"{state:9} {w['uri']}  {w['language']}  editions "
                         f"{', '.join(w['editions'])}  articles {w['articles']}  notes "
                         f"{w['notes']}  warnings {w['warnings_total']}  ({w['file']})"))
    for a in report.alignment:  # expressions of one work, aligned by eId
        for lang, eids in a["missing"].items():
            count, other = a["missing_counts"][lang], f"{lang}@{a['compared_with'][lang]}"
            click.echo(f"languages {a['uri']}  {a['language']}@{a['valid_from']} lacks {count} "
                       f"articles of {other}: {', '.join(eids[:10])}{' …' if count > 10 else ''}")
    for e in report.errors:
        where = e["file"] or ""
        if e["line"]:
            where += f":{e['line']}"
        if e["field"]:
            where += f" [{e['field']}]"
        click.echo(_safe(f"error: {where}: {e['message']}"), err=True)
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
@click.option("--limit", type=click.IntRange(1, None), help="Stop after this many passages.")
@click.option("--batch", default=16, show_default=True, type=click.IntRange(1, 512))
@click.option("--threads", type=click.IntRange(1, 64), help="Model threads (default: all).")
@click.option("--work", "works", multiple=True, help="Only this work (URI); repeatable.")
@click.pass_obj
def embed(obj: Context, limit: int | None, batch: int, threads: int | None,
          works: tuple[str, ...]) -> None:
    """Embed the provisions that have no vector yet for hybrid search (needs the extra
    `semantic`); resumable: each batch is committed, a rerun goes on where it stopped."""
    from tqdm import tqdm

    from .embeddings import load_embedder

    embedder = load_embedder(threads=threads)  # EmbeddingError: one line, no traceback
    from .vectors import VectorIndex, pending
    from .vectors import embed as run_embed

    obj.data.mkdir(parents=True, exist_ok=True)
    # one run at a time per data folder: a second (an import's, while `make run`'s goes on)
    # waits, then embeds what the first did not know of
    lock = open(obj.data / "embed.lock", "a")  # noqa: SIM115 - held until the process ends
    fcntl.flock(lock, fcntl.LOCK_EX)
    with obj.store() as store:
        todo, total = pending(store, embedder.name, embedder.version, list(works))
        count = min(len(todo), limit) if limit else len(todo)
        with tqdm(total=count, desc=f"embedding ({embedder.name})", unit="passage",
                  file=sys.stderr, disable=None) as bar:
            new, done, total = run_embed(store, embedder, batch=batch, limit=limit,
                                         works=list(works), progress=bar.update)
        if new:  # the HNSW graph (from ANN_MIN vectors on) built here, not in a request
            VectorIndex.load(store, embedder.name, embedder.version)
    click.echo(f"{embedder.name} {embedder.version}: {new} passages embedded, "
               f"{done} of {total} have a vector")


@main.command()
@click.argument("query")
@click.option("--lang", help="Only text in this language (uzb, rus, eng …).")
@click.option("--type", "type_", help="Only acts of this type (kodeks, qonun, pf …).")
@click.option("--as-of", help="Only text in force on this date (YYYY-MM-DD).")
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 1000))
@click.option("--sort", type=click.Choice(["relevance", "date"]), default="relevance")
@click.option("--jurisdiction", metavar="CODE",
              help="Only acts of this country (uz, ru …) or 'all'; default: Uzbek acts first.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def search(obj: Context, query: str, lang: str | None, type_: str | None, as_of: str | None,
           limit: int, sort: str, jurisdiction: str | None, as_json: bool) -> None:
    """Search the legislation."""
    from .search import search as run_search

    if as_of:
        _check_date(as_of, "--as-of")
    if jurisdiction and not re.fullmatch(r"[a-z]{2}|all", jurisdiction.strip().lower()):
        raise click.BadParameter(f"a two-letter country code or 'all', not {jurisdiction!r}",
                                 param_hint="--jurisdiction")
    _catch_up(obj, lock_timeout=2.0)  # an import holding the lock updates the index itself
    try:
        result = run_search(obj.data, query, lang=lang, type=type_, as_of=as_of, limit=limit,
                            sort=sort, jurisdiction=jurisdiction)
    except LexsearchError as exc:
        raise click.ClickException(str(exc)) from None
    except BaseException as exc:  # tantivy: a damaged segment (ValueError) or a Rust panic
        if not (isinstance(exc, ValueError) or type(exc).__name__ == "PanicException"):
            raise
        raise click.ClickException(f"{obj.data / 'index'}: the search index cannot be read "
                                   f"({type(exc).__name__}: {str(exc)[:200]}): rebuild it "
                                   "with `lexsearch index --rebuild`") from None
    data = result.to_json()
    if as_json:
        _echo_json(data)
        return
    click.echo(f"{data['total']} results")
    for hit in data["hits"]:
        where = f"{hit['work']}" + (f"/~{hit['eid']}" if hit["eid"] else "")
        click.echo(_safe(f"{hit['score']:7.2f}  {hit['title']}  {where}"))
        if hit.get("snippet_text") or hit.get("snippet"):
            click.echo(_safe(f"         {hit.get('snippet_text') or hit['snippet']}"))
        pit = hit.get("point_in_time")
        if pit and (pit["status"] != "same" or not pit["exact"]):  # what the notes prove
            acts = dict.fromkeys(f"{x['act_number']} in force {x['in_force_from']}"
                                 for x in pit["evidence"] if x.get("act_number"))
            click.echo(_safe(f"         as of {pit['date']}: {pit['status']}"
                             + (f" ({'; '.join(acts)})" if acts else "")
                             + ("" if pit["exact"] else
                                f"; text of the nearest edition held, {pit['edition_valid_from']}")))


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
        click.echo(_safe(f"{key:18} {value}"))


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
    from .pointintime import as_of as point_in_time

    with obj.store(readonly=True) as store:
        try:
            work = store.work(parsed.work_uri)
            pit = None
            if as_of and not parsed.expression_date:  # the notes tell what differed then
                pit = point_in_time(store, work.uri, as_of, lang or parsed.language)
                edition = pit.edition
            else:
                edition = store.edition_for(work.uri, lang or parsed.language, as_of=as_of,
                                            exact=parsed.expression_date)
        except NotFound as exc:
            raise click.ClickException(str(exc)) from None
        if fmt == "json":
            data = edition_json(store, work, edition)
            _echo_json({**data, "point_in_time": pit.to_json()} if pit else data)
        else:
            click.echo(_safe(edition_text(store, work, edition), "\n\t"), nl=False)
            if pit:
                click.echo(_safe(_pit_text(pit), "\n\t"), nl=False)


def _pit_text(pit) -> str:
    """The per-provision statuses after the text: every provision not the same then."""
    head = (f"\n== As of {pit.date}: edition of {pit.edition.valid_from} "
            f"({'in force then' if pit.exact else 'nearest held; none was in force then'})"
            f"{'' if pit.act_in_force else '; the act was not yet in force'} ==\n")
    counts = ", ".join(f"{k} {v}" for k, v in pit.counts().items())
    lines = [head, f"statuses: {counts}\n"]
    for st in [*pit.statuses.values(), *pit.absent]:
        if st.status == "same":
            continue
        acts = "; ".join(sorted({f"{x.event.act_number or '?'} ({x.event.in_force_from or '?'})"
                                 for x in st.evidence}))
        absent = "" if st.eid in pit.statuses else " [not in this edition]"
        lines.append(f"{st.eid}\t{st.status}{absent}\t{acts}\n")
    return "".join(lines)


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
        click.echo(_safe(render_text(result), "\n\t"), nl=False)


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
@click.option("--follow/--no-follow", default=True, show_default=True,
              help="Keep the index following the store while serving: one follower process "
                   "per node polls the store's batch log and applies new batches.")
@click.option("--follow-interval", type=click.FloatRange(min=0.1), metavar="SECONDS",
              envvar="LEXSEARCH_FOLLOW_INTERVAL", default=5.0, show_default=True,
              help="Seconds between the follower's polls of the store.")
@click.pass_obj
def serve(obj: Context, host: str, port: int, workers: int, threads: int, follow: bool,
          follow_interval: float) -> None:
    """Serve the portal (with --workers N: gunicorn, N worker processes over the same store
    and index; settings in web/gunicorn_conf.py). The index is caught up before the first
    request; then, unless --no-follow, a follower (indexes/follow.py; the gunicorn master
    starts it) applies each batch the store commits, while the workers serve."""
    os.environ["LEXSEARCH_DATA"] = str(obj.data.resolve())
    # each request thread multiplies its own query vector: a BLAS team per request only
    # spins against the others (brute force over 10k vectors: 8 ms on two threads under
    # load, 0.45 ms on one; bench/vectors.json)
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    if os.environ.get("LEXSEARCH_STORE"):  # a read node: its folder holds only its own index
        obj.data.mkdir(parents=True, exist_ok=True)  # new and empty: built before serving
    _catch_up(obj)  # before the first request: an index behind the store serves old text
    if workers:
        os.environ.update(LEXSEARCH_BIND=f"{host}:{port}", LEXSEARCH_WORKERS=str(workers),
                          LEXSEARCH_THREADS=str(threads), LEXSEARCH_FOLLOW="1" if follow else "0",
                          LEXSEARCH_FOLLOW_INTERVAL=str(follow_interval))
        argv = [sys.executable, "-m", "gunicorn", "-c", "python:web.gunicorn_conf",
                "web.wsgi:app"]
        os.execv(sys.executable, argv)
    from indexes import follow as following
    from web import create_app

    follower = following.spawn(obj.data, interval=follow_interval) if follow else None
    try:
        create_app({"DATA_DIR": str(obj.data)}).run(host=host, port=port)
    finally:
        if follower is not None:
            following.stop(follower)


@main.command()
@click.option("--interval", type=click.FloatRange(min=0.1), metavar="SECONDS",
              envvar="LEXSEARCH_FOLLOW_INTERVAL", default=5.0, show_default=True,
              help="Seconds between polls of the store's batch log.")
@click.pass_obj
def follow(obj: Context, interval: float) -> None:
    """Keep this node's search index following the store, until stopped (SIGTERM): the
    follower `serve` starts, as a service of its own (one per data folder; a second waits)."""
    from indexes.follow import main as follow_main

    sys.exit(follow_main(["--data", str(obj.data), "--interval", str(interval)]))


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
    click.echo(_safe(f"snapshot of batch {snapshot['batch']} in {dest}: "
                     f"{len(snapshot['files'])} files, indexes: "
                     f"{', '.join(snapshot['indexes']) or 'none'}"))


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
    click.echo(_safe(f"restored batch {snapshot['batch']} from {src} into {obj.data}"))


if __name__ == "__main__":  # pragma: no cover
    main()
