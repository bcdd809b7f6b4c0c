"""Operations: /healthz, HTTP caching (ETag, 304, Cache-Control), searchers that follow
imports, and `lexsearch serve --workers N` under gunicorn on 127.0.0.1."""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest
from click.testing import CliRunner
from web_fixtures import web_data  # noqa: F401 - the session store of the sample

from lexsearch.cli import main
from lexsearch.store import Store
from web import create_app

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "corpora"

PERSONAL_DATA = "/akn/uz/act/qonun/2019-07-02/orq-547"
TALIM = "/akn/uz/act/qonun/1997-08-29/464-i"


@pytest.fixture
def data(tmp_path, web_data) -> Path:  # noqa: F811
    copy = tmp_path / "var"
    shutil.copytree(web_data, copy)
    return copy


def _import(data: Path, *paths: Path) -> None:
    result = CliRunner().invoke(main, ["--data", str(data), "import", *map(str, paths)])
    assert result.exit_code == 0, result.output


def test_healthz_reports_store_and_index(data):
    client = create_app({"DATA_DIR": str(data)}).test_client()
    resp = client.get("/healthz?detail=1")
    body = resp.get_json()
    assert resp.status_code == 200 and body["status"] == "ok"
    assert body["store"]["batch"] == body["index"]["batch"] >= 1
    with Store(data, readonly=True) as store:
        stats = store.stats()
    assert body["store"]["works"] == stats["works"] > 10
    assert body["store"]["provisions"] == stats["provisions"] > 0
    assert body["index"]["searchable_docs"] == body["index"]["docs"] > 0
    assert body["index"]["behind"] == 0
    assert resp.headers["Cache-Control"] == "no-store"


def test_healthz_is_503_without_an_index(data):
    shutil.rmtree(data / "index")
    resp = create_app({"DATA_DIR": str(data)}).test_client().get("/healthz")
    assert resp.status_code == 503
    assert resp.get_json()["index"]["ok"] is False and resp.get_json()["store"]["ok"] is True


def test_healthz_is_503_without_a_readable_store(tmp_path):
    (tmp_path / "var").mkdir()
    (tmp_path / "var" / "lexsearch.db").write_bytes(b"this is not a database" * 100)
    resp = create_app({"DATA_DIR": str(tmp_path / "var")}).test_client().get("/healthz")
    assert resp.status_code == 503 and resp.get_json()["status"] == "unhealthy"
    assert "error" in resp.get_json()["store"]


@pytest.mark.parametrize("url, max_age", [(PERSONAL_DATA, 300), (f"{PERSONAL_DATA}?format=txt",
                                                                  300),
                                          ("/search?q=soliq", 60), ("/api/v1/works", 300),
                                          ("/api/v1/search?q=soliq", 60), ("/", 60)])
def test_etag_304_and_cache_control(data, url, max_age):
    client = create_app({"DATA_DIR": str(data)}).test_client()
    first = client.get(url)
    assert first.status_code == 200
    assert first.headers["Cache-Control"] == f"public, max-age={max_age}"
    etag = first.headers["ETag"]
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and not again.data
    assert again.headers["ETag"] == etag
    assert client.get(url, headers={"If-None-Match": '"other"'}).status_code == 200


def test_act_etag_follows_the_edition_and_the_release(data):
    client = create_app({"DATA_DIR": str(data)}).test_client()
    latest = client.get(TALIM).headers["ETag"]
    assert client.get(TALIM).headers["ETag"] == latest  # stable
    assert client.get(TALIM, query_string={"ui": "ru"}).headers["Cache-Control"].startswith(
        "private")  # it sets the language cookie
    labour = "/akn/uz/act/kodeks/2022-10-28/orq-798"
    older = client.get(labour, query_string={"as_of": "2026-01-01"})  # the 2025-11-12 edition
    newer = client.get(labour, query_string={"as_of": "2026-08-01"})  # the 2026-07-01 edition
    assert older.status_code == newer.status_code == 200
    assert older.headers["ETag"] != newer.headers["ETag"]
    release = data.parent / "release"
    release.mkdir()
    shutil.copy(CORPORA / "uz-lexuz-2025" / "Talim_Qonuni.txt", release)
    (release / "release.json").write_text(json.dumps({"files": {"Talim_Qonuni.txt": {
        "work": {"uri": TALIM}, "valid_from": "2030-01-01"}}}), encoding="utf-8")
    _import(data, release)
    resp = client.get(TALIM, headers={"If-None-Match": latest})
    assert resp.status_code == 200 and resp.headers["ETag"] != latest  # a new release


def test_errors_are_not_cached(data):
    client = create_app({"DATA_DIR": str(data)}).test_client()
    resp = client.get("/akn/uz/act/qonun/1900-01-01/nope")
    assert resp.status_code == 404
    assert resp.headers["Cache-Control"] == "no-store" and "ETag" not in resp.headers


def test_search_follows_an_import_without_restart(data, shared):
    client = create_app({"DATA_DIR": str(data)}).test_client()
    query = {"q": "водный объект"}
    before = client.get("/api/v1/search", query_string=query).get_json()["total"]
    release = data.parent / "gazette"
    release.mkdir()
    shutil.copy(shared / "ru/pravo_gov_ru_ips_codes_html/102073578.html", release)
    _import(data, release)
    after = client.get("/api/v1/search", query_string=query).get_json()
    health = client.get("/healthz").get_json()
    assert health["index"]["batch"] == health["store"]["batch"]
    assert after["total"] > before or any(h["work"].endswith("146-fz") for h in after["hits"])
    hits = client.get("/api/v1/search", query_string={"q": "наследство"}).get_json()["hits"]
    assert any(h["work"].endswith("146-fz") for h in hits)


# ---- gunicorn on 127.0.0.1 ----------------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        return exc.code, {}


def test_serve_workers_runs_gunicorn_and_follows_imports(data, shared):
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen([sys.executable, "-m", "lexsearch.cli", "--data", str(data), "serve",
                             "--port", str(port), "--workers", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        for _ in range(150):  # at most ~30 s to come up
            try:
                if _get(base + "/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("gunicorn did not come up")
        works = _get(base + "/api/v1/works?limit=1")[1]["total"]
        release = data.parent / "gazette"
        release.mkdir()
        shutil.copy(shared / "ru/pravo_gov_ru_ips_codes_html/102073578.html", release)
        _import(data, release)
        seen = {_get(base + "/api/v1/works?limit=1")[1]["total"] for _ in range(8)}
        assert seen == {works + 1}  # every worker, at once
        totals = {_get(base + "/api/v1/search?q=" + quote("наследство"))[1]["total"] for _ in range(8)}
        assert len(totals) == 1 and totals.pop() > 0
    finally:
        proc.terminate()
        out = proc.communicate(timeout=30)[0].decode(errors="replace")
    assert "Booting worker" in out and "Traceback" not in out


# ---- issue 14: a stale index is caught up (finding 7) ---------------------------------------
def _index_batch(data: Path) -> int:
    from indexes.build import index_dir, read_state

    return read_state(index_dir(data, "tantivy"))["batch"]


def _store_batch(data: Path) -> int:
    with Store(data, readonly=True) as store:
        return store.last_batch_id()


@pytest.fixture
def behind(data, shared) -> tuple[Path, Path]:
    """The sample with one more release committed to the store but not to the index, as a
    SIGKILL or a full disk between the two leaves it (the update is made to fail)."""
    import indexes.build

    release = data.parent / "gazette"
    release.mkdir()
    shutil.copy(shared / "ru/pravo_gov_ru_ips_codes_html/102073578.html", release)

    def killed(*_a, **_k):
        raise OSError(errno.ENOSPC, "No space left on device", str(data / "index"))

    real = indexes.build.update_index
    indexes.build.update_index = killed
    try:
        result = CliRunner().invoke(main, ["--data", str(data), "import", str(release)])
    finally:
        indexes.build.update_index = real
    assert result.exit_code == 1 and "no space left" in result.output
    assert "Traceback" not in result.output and not isinstance(result.exception, OSError)
    assert _store_batch(data) == _index_batch(data) + 1
    return data, release


def _finds_new_text(data: Path) -> bool:
    from lexsearch.search import search

    return any(h.work.endswith("146-fz") for h in search(data, "наследство", limit=20).hits)


def test_reimport_of_an_unchanged_release_catches_the_index_up(behind):
    data, release = behind
    assert not _finds_new_text(data)
    result = CliRunner().invoke(main, ["--data", str(data), "import", str(release)])
    assert result.exit_code == 0, result.output
    assert "nothing changed" in result.output and "caught up" in result.output
    assert _index_batch(data) == _store_batch(data)
    assert _finds_new_text(data)


def test_search_command_catches_the_index_up(behind):
    data, _release = behind
    result = CliRunner().invoke(main, ["--data", str(data), "search", "наследство",
                                       "--limit", "20"])
    assert result.exit_code == 0, result.output
    assert "146-fz" in result.stdout and "caught up" in result.stderr
    assert _index_batch(data) == _store_batch(data)


def test_serve_catches_the_index_up_before_serving(behind, monkeypatch):
    import web

    data, _release = behind
    started = []

    class App:
        def run(self, **kwargs):
            started.append(_index_batch(data))

    monkeypatch.setattr(web, "create_app", lambda config: App())
    result = CliRunner().invoke(main, ["--data", str(data), "serve"])
    assert result.exit_code == 0, result.output
    assert started == [_store_batch(data)]


def test_healthz_and_search_when_the_index_cannot_be_caught_up(behind, monkeypatch):
    """A search that cannot catch up (the writer lock held by a running import) says so."""
    from lexsearch.backup import data_lock

    data, _release = behind
    with data_lock(data):
        result = CliRunner().invoke(main, ["--data", str(data), "search", "mehnat"])
    assert result.exit_code == 0
    assert "warning: the search index is behind the store" in result.stderr
    assert _index_batch(data) + 1 == _store_batch(data)


# ---- issue 14: read-only data folder (finding 8) ----------------------------------------
_ENV = {**os.environ, "HOME": "/tmp", "PYTHONPATH": str(ROOT)}  # this checkout's lexsearch


def _unprivileged() -> list[str] | None:
    """A command prefix that runs as ``nobody`` (tests run as root, and root writes through
    permission bits), or None when that is not possible here."""
    setpriv = shutil.which("setpriv")
    if setpriv is None or os.geteuid() != 0:
        return None
    prefix = [setpriv, "--reuid=nobody", "--regid=nogroup", "--clear-groups"]
    probe = subprocess.run([*prefix, sys.executable, "-c", "import lexsearch.cli"],
                           capture_output=True, cwd="/", env=_ENV)
    return prefix if probe.returncode == 0 else None


@pytest.fixture
def read_only(data):
    """A copy of the sample that ``nobody`` can read but not write."""
    prefix = _unprivileged()
    if prefix is None:
        pytest.skip("no unprivileged user to run as (setpriv, or lexsearch not readable by "
                    "nobody): root ignores permission bits")
    top = Path(tempfile.mkdtemp(prefix="lexsearch-ro-"))
    try:
        folder = top / "var"
        shutil.copytree(data, folder)
        conn = sqlite3.connect(folder / "lexsearch.db")  # as a deployment has it: no WAL left
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.close()
        subprocess.run(["chmod", "-R", "a+rX,a-w", str(folder)], check=True)
        top.chmod(0o755)
        yield prefix, folder, top
    finally:
        subprocess.run(["chmod", "-R", "u+w", str(top)], check=True)
        shutil.rmtree(top, ignore_errors=True)


def _as(prefix: list[str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*prefix, sys.executable, "-m", "lexsearch.cli", *args],
                          capture_output=True, text=True, cwd="/", timeout=120, env=_ENV)


def test_search_and_show_from_a_read_only_folder(read_only):
    prefix, folder, _top = read_only
    files = sorted(folder.rglob("*"))
    result = _as(prefix, "--data", str(folder), "search", "mehnat shartnomasi")
    assert result.returncode == 0, result.stderr
    assert "results" in result.stdout and "Traceback" not in result.stderr
    shown = _as(prefix, "--data", str(folder), "show", PERSONAL_DATA)
    assert shown.returncode == 0 and "Traceback" not in shown.stderr
    assert sorted(folder.rglob("*")) == files  # no lock file, no WAL index: nothing written


def test_the_portal_serves_a_read_only_folder(read_only):
    prefix, folder, _top = read_only
    code = ("import sys; from web import create_app; c = create_app({'DATA_DIR': sys.argv[1]})"
            ".test_client(); r = c.get('/api/v1/search?q=mehnat'); "
            "print(r.status_code, r.get_json()['total'])")
    result = subprocess.run([*prefix, sys.executable, "-c", code, str(folder)],
                            capture_output=True, text=True, cwd=str(ROOT), timeout=120,
                            env=_ENV)
    assert result.returncode == 0, result.stderr
    status, total = result.stdout.split()[-2:]
    assert status == "200" and int(total) > 0


@pytest.mark.parametrize("command", [
    ["import", str(CORPORA / "uz-lexuz-2025" / "Talim_Qonuni.txt")],
    ["index"],
    ["index", "--rebuild"],
])
def test_writes_to_a_read_only_folder_fail_in_one_line(read_only, command):
    prefix, folder, _top = read_only
    result = _as(prefix, "--data", str(folder), *command)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and len(result.stderr.splitlines()) == 1
    assert str(folder) in result.stderr and "not writable" in result.stderr


def test_backup_of_a_read_only_folder(read_only):
    prefix, folder, top = read_only
    dest = Path(tempfile.mkdtemp(prefix="lexsearch-ro-dest-"))
    try:
        dest.chmod(0o777)
        result = _as(prefix, "--data", str(folder), "backup", str(dest / "snap"))
        assert result.returncode == 0, result.stderr
        assert (dest / "snap" / "snapshot.json").exists()
        refused = _as(prefix, "--data", str(folder), "backup", str(top / "elsewhere"))
        assert refused.returncode == 1 and "Traceback" not in refused.stderr
        assert "not writable" in refused.stderr and str(top / "elsewhere") in refused.stderr
    finally:
        shutil.rmtree(dest, ignore_errors=True)


# ---- issue 14: clean messages for a full disk and a corrupt store (finding 11) ---------------
def test_full_disk_during_import_is_one_clean_line(data, shared, monkeypatch):
    """SQLite's own full-disk error in the middle of a release's transaction."""
    import sqlite3 as sqlite

    from lexsearch.store import ReleaseWriter

    release = data.parent / "gazette"
    release.mkdir()
    shutil.copy(shared / "ru/pravo_gov_ru_ips_codes_html/102073578.html", release)

    def full(*_a, **_k):
        raise sqlite.OperationalError("database or disk is full")

    before = _store_batch(data)
    monkeypatch.setattr(ReleaseWriter, "add_edition", full)
    result = CliRunner().invoke(main, ["--data", str(data), "import", str(release)])
    assert result.exit_code == 1 and "no space left" in result.output
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    monkeypatch.undo()
    assert _store_batch(data) == before


def test_full_disk_while_indexing_is_one_clean_line(data, monkeypatch):
    """A write that fails with ENOSPC (the index state file) during `lexsearch index`."""
    real = Path.write_text

    def full(self, *args, **kwargs):
        if self.name.startswith("state.json"):
            raise OSError(errno.ENOSPC, "No space left on device", str(self))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", full)
    result = CliRunner().invoke(main, ["--data", str(data), "index", "--rebuild"])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    (line,) = result.output.splitlines()
    assert "state.json" in line and "no space left on the device" in line


@pytest.mark.parametrize("command", [
    ["stats"], ["show", PERSONAL_DATA], ["search", "mehnat"], ["import", "--dry-run",
                                                               str(CORPORA / "ru-pravo")],
    ["backup", "{tmp}/snap"], ["index"],
])
def test_a_corrupt_store_is_one_clean_line(data, tmp_path, command):
    (data / "lexsearch.db").write_bytes(b"\x00garbage, not SQLite\x00" * 2048)
    for wal in data.glob("lexsearch.db-*"):
        wal.unlink()
    args = [a.replace("{tmp}", str(tmp_path)) for a in command]
    result = CliRunner().invoke(main, ["--data", str(data), *args])
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert "lexsearch.db" in result.output and "Traceback" not in result.output


def test_output_from_an_old_store_has_no_control_characters(data):
    """Text stored before normalisation existed: the CLI escapes what it would print."""
    import sqlite3 as sqlite

    conn = sqlite.connect(data / "lexsearch.db")
    conn.execute("UPDATE texts SET text = text || ? ", ("\x1b]0;owned\x07\x1b[2J\x9b31m",))
    conn.execute("UPDATE works SET titles = replace(titles, 'Shaxsiy', ?)", ("\x1b[5mShaxsiy",))
    conn.commit()
    conn.close()
    runner = CliRunner()
    for args in (["show", PERSONAL_DATA], ["show", PERSONAL_DATA, "--format", "json"],
                 ["search", "shaxsiy maʼlumotlar"], ["search", "shaxsiy", "--json"],
                 ["diff", PERSONAL_DATA, "--from", "2020-01-01", "--to", "2026-01-01"]):
        result = runner.invoke(main, ["--data", str(data), *args])
        assert result.exit_code in (0, 1), result.output
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", result.output), args


def test_search_with_a_damaged_index_is_one_clean_line(data):
    for segment in (data / "index" / "tantivy").glob("*.idx"):
        segment.unlink()
    result = CliRunner().invoke(main, ["--data", str(data), "search", "mehnat"])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert "the search index cannot be read" in result.output
    assert "lexsearch index --rebuild" in result.output


def test_full_disk_during_restore_leaves_no_half_copy(data, tmp_path, monkeypatch):
    snap = tmp_path / "snap"
    assert CliRunner().invoke(main, ["--data", str(data), "backup", str(snap)]).exit_code == 0
    real = shutil.copyfile

    def full(src, dst, **kwargs):  # copytree -> copy2 -> copyfile (src: a DirEntry)
        if os.fspath(src).endswith(".idx"):
            raise OSError(errno.ENOSPC, "No space left on device", str(dst))
        return real(src, dst, **kwargs)

    monkeypatch.setattr(shutil, "copyfile", full)
    target = tmp_path / "restored"
    result = CliRunner().invoke(main, ["--data", str(target), "restore", str(snap)])
    assert result.exit_code == 1 and "no space left on the device" in result.output
    assert isinstance(result.exception, SystemExit)
    assert not target.exists() and not (tmp_path / "restored.restoring").exists()
