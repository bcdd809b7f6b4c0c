"""Shared fixtures: paths to the real corpora, a fresh store, golden-file comparison."""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path

import pytest

# The portal's fixtures (a store imported from corpora/); PostgreSQL servers and fresh databases
# (tests/pg_fixtures.py); the store's tests on both backends (tests/store_backends.py).
pytest_plugins = ["web_fixtures", "pg_fixtures", "store_backends"]

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "corpora"  # the sample the project ships
SHARED = Path(os.environ.get("LEXSEARCH_SHARED_CORPORA", ROOT.parent / "shared" / "corpora"))
GOLDEN = Path(__file__).resolve().parent / "golden"


def pytest_addoption(parser):
    parser.addoption("--regen-golden", action="store_true",
                     help="rewrite golden files from the current output (review the diff!)")


@pytest.fixture(scope="session")
def shared() -> Path:
    """The team's shared real corpus (``../shared/corpora``); CI has it beside the clone."""
    if not SHARED.is_dir():
        pytest.fail(f"shared corpus not found at {SHARED} (set LEXSEARCH_SHARED_CORPORA)")
    return SHARED


def to_jsonable(value):
    """Dataclasses (Document, Provision …) to plain JSON values, paths made relative."""
    if dataclasses.is_dataclass(value):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: to_jsonable(v) for k, v in value.items()}
    if isinstance(value, Path):
        return value.name
    return value


@pytest.fixture
def golden(request):
    """``golden(name, value)``: compare ``value`` with ``tests/golden/<name>.expected.json``;
    with ``--regen-golden`` write it instead."""
    regen = request.config.getoption("--regen-golden")

    def check(name: str, value) -> None:
        path = GOLDEN / f"{name}.expected.json"
        data = to_jsonable(value)
        if isinstance(data, dict) and "source" in data:
            data["source"] = Path(str(data["source"])).name
        text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
        if regen or not path.exists():
            if not regen:
                pytest.fail(f"golden file {path} missing: run pytest --regen-golden and review it")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            return
        expected = path.read_text(encoding="utf-8")
        assert json.loads(text) == json.loads(expected), f"output differs from {path}"

    return check
