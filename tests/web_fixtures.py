"""Fixtures for the portal tests: one store imported from the project's real sample corpus
(and indexed when the index builder is present), a Flask app and a test client on it."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from ingest.importer import import_release
from lexsearch.store import Store
from web import create_app

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "corpora"
RELEASES = ("uz-lexuz-2025", "uz-lexuz-2026-07", "uz-multi", "ru-pravo")

TAX_CODE = "/akn/uz/act/kodeks/2019-12-30/orq-599"
LABOUR_CODE = "/akn/uz/act/kodeks/2022-10-28/orq-798"
EDUCATION_LAW = "/akn/uz/act/qonun/1997-08-29/464-i"  # repealed
CONSTITUTION = "/akn/uz/act/konstitutsiya/2023-05-01/konstitutsiya"


@pytest.fixture(scope="session")
def web_data(tmp_path_factory) -> Path:
    data = tmp_path_factory.mktemp("webdata")
    with Store(data) as store:
        for name in RELEASES:
            report = import_release(store, [CORPORA / name])
            if not report.ok:
                pytest.fail(f"importing corpora/{name} failed: {report.errors}")
        try:
            from indexes.build import update_index
        except ImportError:  # no index builder in this build: search pages answer 503
            pass
        else:
            update_index(store, data)
    return data


@pytest.fixture(scope="session")
def web_app(web_data):
    return create_app({"DATA_DIR": str(web_data), "TESTING": True})


@pytest.fixture
def web_client(web_app):
    return web_app.test_client()


PERSONAL_DATA_LAW = CORPORA / "uz-lexuz-2025" / "Shaxsiy_Malumotlar_Qonuni.txt"  # OʻRQ-547


def release_zip(extra: dict[str, bytes | str] | None = None) -> bytes:
    """A zip release of one real act (the personal data law), plus ``extra`` members."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(PERSONAL_DATA_LAW, PERSONAL_DATA_LAW.name)
        for name, content in (extra or {}).items():
            zf.writestr(name, content)
    return buffer.getvalue()


def html(resp):
    """The response body parsed with lxml.html (asserts a 2xx/4xx page was HTML)."""
    import lxml.html

    assert resp.mimetype == "text/html", resp.mimetype
    return lxml.html.fromstring(resp.get_data(as_text=True))
