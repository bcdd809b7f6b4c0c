"""Browser tests: headless Chromium (Playwright) against a real ``lexsearch serve``.

Once per session: ``lexsearch import`` of the three sample releases in ``corpora/`` into a
temporary data directory (which builds the search index too), then ``lexsearch serve`` in a
subprocess on a free 127.0.0.1 port. Every test gets a fresh browser context (no cookies, so
the interface language starts as Uzbek Latin) and a page on it.

Chromium is the Debian build at ``/usr/bin/chromium`` (``tests/browser/install.sh``); Playwright
never downloads a browser here. Without it the tests SKIP on a developer machine and FAIL when
the environment variable ``CI`` is set (anything but empty, ``0``, ``false`` or ``no``).

Screenshots go to ``tests/artifacts/screenshots/`` (gitignored), emptied at session start.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORPORA = ROOT / "corpora"
RELEASES = ("uz-lexuz-2025", "uz-lexuz-2026-07", "ru-pravo")
SCREENSHOTS = ROOT / "tests" / "artifacts" / "screenshots"

# LEXSEARCH_CHROMIUM only to point at another build (or at nothing, to try the skip/fail path).
CHROMIUM = Path(os.environ.get("LEXSEARCH_CHROMIUM") or "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic"]
TIMEOUT_MS = 20_000  # per Playwright action / navigation
SERVER_START_S = 60



def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def pytest_collection_modifyitems(config, items):
    """Every test under tests/browser must carry the ``browser`` marker (``-m 'not browser'``
    deselects them all); a test that forgets ``pytestmark`` is an error, not a silent pass."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.path).parents and item.get_closest_marker("browser") is None:
            raise pytest.UsageError(f"{item.nodeid}: mark it @pytest.mark.browser")


@pytest.fixture(scope="session")
def chromium_executable() -> Path:
    """``/usr/bin/chromium``; skip without it (fail under CI)."""
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        msg = (f"{CHROMIUM} not found: run `sudo tests/browser/install.sh` "
               "(apt packages chromium, chromium-driver) to run the browser tests")
        if in_ci():
            pytest.fail(f"CI is set and {msg}", pytrace=False)
        pytest.skip(msg)
    return CHROMIUM


@pytest.fixture(scope="session")
def screenshots_dir() -> Path:
    if SCREENSHOTS.exists():
        for old in SCREENSHOTS.glob("*.png"):
            old.unlink()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


def _lexsearch(*args: str) -> list[str]:
    return [sys.executable, "-m", "lexsearch.cli", *args]


@pytest.fixture(scope="session")
def portal_data(tmp_path_factory, chromium_executable) -> Path:
    """A data dir with the sample corpus imported and indexed by the real command line."""
    return _imported(tmp_path_factory.mktemp("browser-data"), RELEASES)


def _imported(data: Path, releases: tuple[str, ...]) -> Path:
    cmd = _lexsearch("--data", str(data), "import", *(str(CORPORA / r) for r in releases))
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        pytest.fail(f"`{' '.join(cmd)}` exited {done.returncode}:\n{done.stdout[-3000:]}"
                    f"\n{done.stderr[-3000:]}", pytrace=False)
    if not (data / "index").is_dir():
        pytest.fail(f"import built no search index under {data}/index:\n{done.stdout[-2000:]}",
                    pytrace=False)
    return data


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_up(url: str, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited {proc.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as resp:
                if resp.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.1)
    raise RuntimeError(f"server not answering at {url} after {SERVER_START_S}s:\n"
                       f"{log.read_text()[-3000:]}")


@pytest.fixture(scope="session")
def portal(portal_data, tmp_path_factory) -> str:
    """Base URL of ``lexsearch serve`` on a free port (retried if the port got taken)."""
    yield from _serve(portal_data, tmp_path_factory.mktemp("browser-server"))


# The multilingual sample (corpora/uz-multi: the Labour Code in uzb, uzb-Cyrl and rus, the
# Constitution in uzb and rus, VMQ-172 in both scripts) for the language tests, in a portal of
# its own so the other browser tests keep the corpus they were written against.
MULTI_RELEASES = (*RELEASES, "uz-multi")


@pytest.fixture(scope="session")
def multi_portal(tmp_path_factory, chromium_executable) -> str:
    data = _imported(tmp_path_factory.mktemp("browser-multi-data"), MULTI_RELEASES)
    yield from _serve(data, tmp_path_factory.mktemp("browser-multi-server"))


@pytest.fixture
def multi_context(browser, multi_portal):
    ctx = _open_context(browser, multi_portal)
    yield ctx
    ctx.close()


@pytest.fixture
def multi_page(multi_context, multi_portal):
    pg = multi_context.new_page()
    problems = PageProblems(pg, multi_portal)
    yield pg
    problems.check()


@pytest.fixture
def multi_nojs_page(browser, multi_portal):
    ctx = _open_context(browser, multi_portal, java_script_enabled=False)
    pg = ctx.new_page()
    problems = PageProblems(pg, multi_portal)
    yield pg
    ctx.close()
    problems.check()


def _serve(portal_data: Path, logs: Path):
    last_error = None
    for attempt in range(3):
        port = _free_port()
        log = logs / f"serve-{attempt}.log"
        with log.open("w") as out:
            proc = subprocess.Popen(
                _lexsearch("--data", str(portal_data), "serve", "--host", "127.0.0.1",
                           "--port", str(port)),
                cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_until_up(base + "/", proc, log)
        except RuntimeError as exc:
            last_error = exc
            _stop(proc)
            continue
        try:
            yield base
        finally:
            _stop(proc)
        return
    pytest.fail(f"could not start the portal: {last_error}", pytrace=False)


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


@pytest.fixture(scope="session")
def browser(chromium_executable):
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # chromium is there, so the test extras are simply not installed
        pytest.fail("the Python package `playwright` is missing: "
                    "pip install 'playwright>=1.45' 'axe-playwright-python>=0.1.8' "
                    "(never `playwright install`; the Debian chromium is used)", pytrace=False)
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(chromium_executable),
                                      args=CHROMIUM_ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


def _open_context(browser, portal, **options):
    ctx = browser.new_context(base_url=portal, viewport={"width": 1280, "height": 900},
                              **options)
    ctx.set_default_timeout(TIMEOUT_MS)
    ctx.set_default_navigation_timeout(TIMEOUT_MS)
    return ctx


class PageProblems:
    """What went wrong while a page was used: JS errors and failed same-origin requests."""

    def __init__(self, page, portal: str):
        self.errors: list[str] = []
        self.failed: list[str] = []
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        page.on("requestfailed", lambda req: self.failed.append(f"{req.url} {req.failure}"))

        def on_response(resp):
            # The browser asks for /favicon.ico on its own; the portal has none (reported).
            if resp.status >= 400 and resp.url.startswith(portal) and \
                    not resp.url.endswith("/favicon.ico"):
                self.failed.append(f"{resp.url} {resp.status}")
        page.on("response", on_response)

    def check(self) -> None:
        assert not self.errors, f"JavaScript errors: {self.errors}"
        assert not self.failed, f"failed requests: {self.failed}"


@pytest.fixture
def context(browser, portal):
    ctx = _open_context(browser, portal)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context, portal):
    pg = context.new_page()
    problems = PageProblems(pg, portal)
    yield pg
    problems.check()


@pytest.fixture
def nojs_page(browser, portal):
    """A page in a context with JavaScript disabled."""
    ctx = _open_context(browser, portal, java_script_enabled=False)
    pg = ctx.new_page()
    problems = PageProblems(pg, portal)
    yield pg
    ctx.close()
    problems.check()


@pytest.fixture
def shot(request, screenshots_dir):
    """``shot(page, step, full_page=False, element=None)``: a PNG in the artifacts folder,
    named after the test; checked to be a non-empty PNG."""
    test = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name).strip("_")

    def take(page, step: str, *, full_page: bool = False, element=None) -> Path:
        path = screenshots_dir / f"{test}--{step}.png"
        if element is not None:
            element.screenshot(path=str(path))
        else:
            page.screenshot(path=str(path), full_page=full_page)
        head = path.read_bytes()[:8]
        assert head == b"\x89PNG\r\n\x1a\n" and path.stat().st_size > 1000, path
        return path

    return take
