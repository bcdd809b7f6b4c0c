"""PostgreSQL servers on this machine for the scale-out store: a primary, streaming standbys,
promotion, all on loopback ports, from the Debian packages (``/usr/lib/postgresql/15/bin``,
or the folder ``LEXSEARCH_PG_BIN`` names). Tests, ``make cluster`` and the benchmarks use it;
production runs its servers its own way and only hands lexsearch a URL.

Each server lives in one folder: ``FOLDER/data`` (the cluster), ``FOLDER/postgres.log``.
PostgreSQL refuses to run as root, so when we are root every server binary runs as the
``postgres`` user (``runuser``); the folder is then owned by it, and every folder above it must be
enterable by it: pytest's ``tmp_path`` (under ``/tmp/pytest-of-root``, mode 0700) is not, so use
``scratch_dir()``. Servers listen on 127.0.0.1 only, with no Unix socket, and trust every local
connection (``postgres`` is the superuser): test clusters, never a production setting.

Connection URLs are libpq's: ``Server.url(db)`` for one server, ``multi_host_url(servers, db,
attrs)`` for several: libpq tries the hosts in order and keeps the first whose session fits
``target_session_attrs``: ``read-write`` finds the primary (after a promotion: the promoted
standby), ``prefer-standby`` a standby when one answers, ``any`` the first that answers.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import stat
import subprocess
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from lexsearch.errors import StoreError

DEFAULT_BIN = Path("/usr/lib/postgresql/15/bin")
SUPERUSER = "postgres"  # the cluster's superuser (initdb -U), whoever runs the binaries
RUN_AS = "postgres"  # the OS user the binaries run as when we are root
INSTALL_HINT = "install Debian's postgresql-15 (tests/install_postgres.sh, as root)"
StopMode = Literal["smart", "fast", "immediate"]
SessionAttrs = Literal["any", "read-write", "read-only", "primary", "standby", "prefer-standby"]

# lexsearch.conf, included from postgresql.conf; a standby gets a copy with its own port
_CONF = """\
listen_addresses = '127.0.0.1'
port = {port}
unix_socket_directories = ''
max_connections = 200
shared_buffers = 32MB
wal_level = replica
max_wal_senders = 8
max_replication_slots = 8
wal_keep_size = 256MB
hot_standby = on
hot_standby_feedback = on
wal_receiver_status_interval = 1s
cluster_name = '{name}'
logging_collector = off
log_line_prefix = '%m [%p] '
"""
_HBA = """\
# lexsearch test cluster: trust on loopback only (lexsearch/pgcluster.py)
host    all             all             127.0.0.1/32            trust
host    replication     all             127.0.0.1/32            trust
"""


def bin_dir() -> Path:
    """The folder of the PostgreSQL server binaries; StoreError saying how to install them."""
    named = os.environ.get("LEXSEARCH_PG_BIN")
    for folder in ([Path(named)] if named else [DEFAULT_BIN]):
        if (folder / "postgres").is_file() and (folder / "pg_ctl").is_file():
            return folder
    where = f"LEXSEARCH_PG_BIN={named}" if named else str(DEFAULT_BIN)
    raise StoreError(f"PostgreSQL server binaries not found in {where}: {INSTALL_HINT}")


def unavailable() -> str | None:
    """Why no server can be started here (None when one can): no binaries, or root without a
    ``postgres`` user."""
    try:
        bin_dir()
        _run_as()
    except StoreError as exc:
        return str(exc)
    return None


def _run_as() -> pwd.struct_passwd | None:
    """The account the binaries run as: None for ourselves, ``postgres`` when we are root."""
    if os.geteuid() != 0:
        return None
    try:
        return pwd.getpwnam(RUN_AS)
    except KeyError:
        raise StoreError(f"running as root and there is no user {RUN_AS!r} to run PostgreSQL as: "
                         f"{INSTALL_HINT}") from None


def scratch_dir(prefix: str = "lexsearch-pg-", parent: Path | None = None) -> Path:
    """A new empty folder in ``parent`` (default: the system temp folder) that the server user
    can enter and own (the caller removes it, e.g. ``Server.remove()`` then
    ``shutil.rmtree``)."""
    folder = Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
    _give(folder)
    return folder


def _give(folder: Path) -> None:
    """Make ``folder`` the server user's (mode 0700), or say which parent it cannot enter."""
    user = _run_as()
    if user is None:
        folder.chmod(0o700)
        return
    for parent in folder.resolve().parents:
        info = parent.stat()
        groups = os.getgrouplist(user.pw_name, user.pw_gid)
        bit = (stat.S_IXUSR if info.st_uid == user.pw_uid
               else stat.S_IXGRP if info.st_gid in groups else stat.S_IXOTH)
        if not info.st_mode & bit:
            raise StoreError(f"PostgreSQL runs as {user.pw_name!r}, which cannot enter {parent} "
                             f"(mode {stat.S_IMODE(info.st_mode):04o}): put server folders "
                             "elsewhere, e.g. lexsearch.pgcluster.scratch_dir()")
    os.chown(folder, user.pw_uid, user.pw_gid)
    folder.chmod(0o700)


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nobody listens on at ``host`` now (the OS's pick)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def alive(pid: int) -> bool:
    """Whether process ``pid`` runs (a zombie waiting for its parent to reap it does not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def _tool(name: str, *args: str, folder: Path, timeout: float = 120.0
          ) -> subprocess.CompletedProcess:
    """Run a PostgreSQL binary (as the server user); StoreError with its output on failure."""
    cmd = [str(bin_dir() / name), *args]
    user = _run_as()
    if user is not None:
        cmd = ["runuser", "-u", user.pw_name, "--", *cmd]
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    env["LC_ALL"] = "C.UTF-8"
    try:
        done = subprocess.run(cmd, cwd=folder, env=env, capture_output=True, text=True,
                              timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        raise StoreError(f"{name} {' '.join(args)} took over {timeout:.0f} s "
                         f"(server folder {folder})") from None
    if done.returncode != 0:
        out = (done.stderr or done.stdout).strip().splitlines()[-5:]
        raise StoreError(f"{name} failed (exit {done.returncode}) in {folder}: "
                         + " | ".join(out))
    return done


@dataclass(frozen=True)
class Server:
    """One PostgreSQL server: its folder (``data/`` and ``postgres.log`` inside) and port."""

    folder: Path
    port: int
    host: str = "127.0.0.1"

    def __repr__(self) -> str:
        return f"Server({str(self.folder)!r}, port={self.port})"

    @property
    def data(self) -> Path:
        return self.folder / "data"

    @property
    def log(self) -> Path:
        return self.folder / "postgres.log"

    def url(self, dbname: str = "postgres", **params: str) -> str:
        """``postgresql://postgres@127.0.0.1:PORT/DBNAME`` (extra libpq parameters as a query)."""
        query = "&".join(f"{k}={v}" for k, v in params.items())
        return f"postgresql://{SUPERUSER}@{self.host}:{self.port}/{dbname}" + (
            f"?{query}" if query else "")

    def pid(self) -> int | None:
        """The postmaster's process id while it runs, else None."""
        try:
            pid = int((self.data / "postmaster.pid").read_text().split("\n", 1)[0])
        except (OSError, ValueError):
            return None
        return pid if alive(pid) else None

    def is_running(self) -> bool:
        return self.pid() is not None

    def processes(self) -> list[int]:
        """The postmaster and its children (checkpointer, walsender, backends …), by /proc."""
        pid = self.pid()
        if pid is None:
            return []
        children = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                if int(fields[1]) == pid:
                    children.append(int(entry.name))
        return [pid, *sorted(children)]

    def start(self, timeout: float = 60.0) -> None:
        """Start and wait until it accepts connections (a hot standby: read-only ones)."""
        if self.is_running():
            return
        try:
            _tool("pg_ctl", "start", "-w", "-t", str(int(timeout)), "-D", str(self.data),
                  "-l", str(self.log), folder=self.folder, timeout=timeout + 10)
        except StoreError as exc:
            raise StoreError(f"{exc}; server log: {self._log_tail()}") from None

    def stop(self, mode: StopMode = "fast", timeout: float = 60.0) -> None:
        """Stop (smart: after the clients leave; fast: roll back and leave cleanly; immediate:
        no shutdown checkpoint, crash recovery at the next start) and wait until every server
        process has exited."""
        procs = self.processes()
        if not procs:
            return
        _tool("pg_ctl", "stop", "-w", "-t", str(int(timeout)), "-m", mode, "-D", str(self.data),
              folder=self.folder, timeout=timeout + 10)
        deadline = time.monotonic() + timeout
        while any(alive(p) for p in procs):
            if time.monotonic() > deadline:
                raise StoreError(f"{self!r}: processes still alive after stop: {procs}")
            time.sleep(0.05)

    def remove(self) -> None:
        """Stop at once and delete the folder."""
        self.stop("immediate")
        shutil.rmtree(self.folder, ignore_errors=True)

    def connect(self, dbname: str = "postgres", autocommit: bool = True, **kwargs: Any):
        """A psycopg connection to ``dbname`` (the caller closes it)."""
        import psycopg

        try:
            return psycopg.connect(self.url(dbname), autocommit=autocommit, connect_timeout=10,
                                   **kwargs)
        except psycopg.OperationalError as exc:
            raise StoreError(f"cannot connect to {self.url(dbname)}: {exc}") from None

    def sql(self, query: str, params: Sequence[Any] | None = None, dbname: str = "postgres"
            ) -> list[tuple]:
        """Run one statement (autocommit) and return its rows ([] when it returns none)."""
        with self.connect(dbname) as conn:
            cur = conn.execute(query, params)
            return cur.fetchall() if cur.description else []

    def value(self, query: str, params: Sequence[Any] | None = None, dbname: str = "postgres"
              ) -> Any:
        """The first column of the first row of ``query``."""
        rows = self.sql(query, params, dbname)
        return rows[0][0] if rows else None

    def in_recovery(self) -> bool:
        """True on a standby (read-only), False on a primary."""
        return bool(self.value("SELECT pg_is_in_recovery()"))

    def create_database(self, name: str) -> str:
        """CREATE DATABASE ``name`` (a plain identifier) and return its URL."""
        if not name.replace("_", "").isalnum() or not name.isascii():
            raise StoreError(f"database name {name!r}: letters, digits and _ only")
        self.sql(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def drop_database(self, name: str) -> None:
        """DROP DATABASE ``name``, ending its sessions first."""
        self.sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def _log_tail(self, lines: int = 5) -> str:
        try:
            return " | ".join(self.log.read_text(errors="replace").strip().splitlines()[-lines:])
        except OSError:
            return "(no log)"


def _write(path: Path, text: str, append: bool = False) -> None:
    """Write a file in a server folder and leave it the server user's."""
    with path.open("a" if append else "w", encoding="utf-8") as out:
        out.write(text)
    user = _run_as()
    if user is not None:
        os.chown(path, user.pw_uid, user.pw_gid)


def _new_folder(folder: Path) -> Path:
    folder = Path(folder)
    if folder.exists() and any(folder.iterdir()):
        raise StoreError(f"server folder {folder} is not empty")
    folder.mkdir(parents=True, exist_ok=True)
    _give(folder)
    return folder


def init_primary(folder: Path, port: int | None = None, start: bool = True) -> Server:
    """initdb a new cluster in ``folder`` (empty or missing) and start it as a primary on
    127.0.0.1:``port`` (a free one when None). UTF-8, byte-order collation (``C``, as SQLite
    compares) with Unicode character classes (``C.UTF-8``), trust on loopback, WAL for
    streaming standbys."""
    folder = _new_folder(folder)
    server = Server(folder, port or 0)
    _tool("initdb", "-D", str(server.data), "-U", SUPERUSER, "-A", "trust", "-E", "UTF8",
          "--lc-collate=C", "--lc-ctype=C.UTF-8", "--lc-messages=C", "--no-instructions",
          folder=folder)
    _write(server.data / "postgresql.conf", "\ninclude 'lexsearch.conf'\n", append=True)
    _write(server.data / "pg_hba.conf", _HBA)
    return _configure(server, folder.name, start)


def _configure(server: Server, name: str, start: bool, tries: int = 4) -> Server:
    """Write ``lexsearch.conf`` with the server's port (port 0: a free one) and start it; a
    picked port that someone took in the meantime is replaced by another."""
    failed = 0
    while True:
        chosen = server if server.port else Server(server.folder, free_port(), server.host)
        _write(chosen.data / "lexsearch.conf", _CONF.format(port=chosen.port, name=name))
        if not start:
            return chosen
        try:
            chosen.start()
            return chosen
        except StoreError as exc:
            failed += 1
            if server.port or failed == tries or "TCP/IP sockets" not in str(exc):
                raise


def make_standby(primary: Server, folder: Path, port: int | None = None,
                 synchronous: bool = False, start: bool = True) -> Server:
    """A streaming hot standby of ``primary`` in ``folder`` on ``port``: pg_basebackup -R -X
    stream (fast checkpoint), started. ``synchronous``: the primary then waits for this standby
    to flush each commit (nothing committed is lost on failover; commits hang while it is
    down)."""
    folder = _new_folder(folder)
    server = Server(folder, port or 0)
    name = "".join(c if c.isalnum() else "_" for c in folder.name)
    _tool("pg_basebackup", "-D", str(server.data), "-R", "-X", "stream", "-c", "fast",
          "-d", f"host={primary.host} port={primary.port} user={SUPERUSER} "
          f"application_name={name}", folder=folder, timeout=600)
    if synchronous:
        primary.sql(f"ALTER SYSTEM SET synchronous_standby_names = '\"{name}\"'")
        primary.sql("SELECT pg_reload_conf()")
    server = _configure(server, name, start)
    if start and synchronous:
        _wait_sync(primary, name)
    return server


def _wait_sync(primary: Server, name: str, timeout: float = 30.0) -> None:
    """Wait until the primary counts standby ``name`` as synchronous."""
    began = time.monotonic()
    query = "SELECT sync_state FROM pg_stat_replication WHERE application_name = %s"
    while (state := primary.value(query, [name])) != "sync":
        if time.monotonic() - began > timeout:
            raise StoreError(f"standby {name!r} not synchronous after {timeout:.0f} s "
                             f"(state {state})")
        time.sleep(0.02)


def promote(standby: Server, timeout: float = 60.0) -> float:
    """Promote ``standby`` to a primary (pg_ctl promote) and wait until it takes writes
    (``pg_is_in_recovery()`` false); returns the seconds it took."""
    began = time.monotonic()
    _tool("pg_ctl", "promote", "-w", "-t", str(int(timeout)), "-D", str(standby.data),
          folder=standby.folder, timeout=timeout + 10)
    while standby.in_recovery():
        if time.monotonic() - began > timeout:
            raise StoreError(f"{standby!r} still in recovery {timeout:.0f} s after promote")
        time.sleep(0.05)
    return time.monotonic() - began


def wait_replayed(primary: Server, standby: Server, timeout: float = 30.0) -> str:
    """Wait until ``standby`` has replayed everything ``primary`` has written so far; returns
    that LSN."""
    lsn = primary.value("SELECT pg_current_wal_lsn()::text")
    began = time.monotonic()
    while not standby.value("SELECT coalesce(pg_last_wal_replay_lsn() >= %s::pg_lsn, false)",
                            [lsn]):
        if time.monotonic() - began > timeout:
            replayed = standby.value("SELECT pg_last_wal_replay_lsn()::text")
            raise StoreError(f"{standby!r} replayed {replayed} after {timeout:.0f} s, "
                             f"primary {primary!r} is at {lsn}")
        time.sleep(0.02)
    return lsn


def multi_host_url(servers: Sequence[Server], dbname: str = "postgres",
                   target_session_attrs: SessionAttrs = "read-write",
                   connect_timeout: int = 5) -> str:
    """One libpq URL naming every server: ``postgresql://postgres@H1:P1,H2:P2/db?...``. libpq
    tries them in order and keeps the first whose session matches ``target_session_attrs``."""
    if not servers:
        raise StoreError("multi_host_url needs at least one server")
    hosts = ",".join(f"{s.host}:{s.port}" for s in servers)
    return (f"postgresql://{SUPERUSER}@{hosts}/{dbname}?target_session_attrs="
            f"{target_session_attrs}&connect_timeout={connect_timeout}")
