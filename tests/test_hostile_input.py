"""Hostile releases through ``lexsearch import`` end to end, into a store that already holds the
sample: each one exits non-zero, names the bad file, and leaves the store file byte for byte as
it was. The unit checks of the hardened parsers are in test_safe.py and test_importer.py; this
file covers what they do not (the CLI path, other formats, lying zips, encodings, a huge file).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import struct
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from ingest.importer import import_release
from ingest.safe import MAX_BYTES
from lexsearch.cli import main
from lexsearch.store import STORE_FILE, Store

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "corpora"
SHARED = Path(os.environ.get("LEXSEARCH_SHARED_CORPORA",
                           ROOT.parent / "shared" / "corpora"))

TALIM = CORPORA / "uz-lexuz-2025" / "Talim_Qonuni.txt"
DOCX = (SHARED / "docx/ru_mvd_citizenship_docs/"
        "Ukaz_328_Abhaziya_Yuzhnaya_Osetiya_perechen_dokumentov_7c6fe9b82d.docx")
AKN_HEAD = b'<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0">'
BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE akomaNtoso [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
""" + AKN_HEAD + b"<act><body><p>&lol3;</p></body></act></akomaNtoso>"
XXE = b"""<?xml version="1.0"?>
<!DOCTYPE akomaNtoso [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
""" + AKN_HEAD + b"<act><body><p>&xxe;</p></body></act></akomaNtoso>"


def db_digest(data: Path) -> str:
    """sha256 of the store file once its WAL is folded in (so equal content = equal bytes)."""
    conn = sqlite3.connect(data / STORE_FILE)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    return hashlib.sha256((data / STORE_FILE).read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def sample_template(tmp_path_factory) -> Path:
    data = tmp_path_factory.mktemp("hostile") / "var"
    with Store(data) as store:
        for name in ("uz-lexuz-2025", "uz-lexuz-2026-07", "ru-pravo"):
            assert import_release(store, [CORPORA / name]).ok
    db_digest(data)
    return data


@pytest.fixture
def sample(sample_template, tmp_path) -> Path:
    data = tmp_path / "var"
    shutil.copytree(sample_template, data)
    return data


def _zip(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buffer.getvalue()


def _declare_size(data: bytes, size: int) -> bytes:
    """A zip whose headers (local and central) lie about the first member's unpacked size."""
    out = bytearray(data)
    local = out.index(b"PK\x03\x04")
    out[local + 22:local + 26] = struct.pack("<I", size)
    central = out.index(b"PK\x01\x02")
    out[central + 24:central + 28] = struct.pack("<I", size)
    return bytes(out)


def _talim() -> bytes:
    return TALIM.read_bytes()


# name -> (file name in the release, bytes); every case is one bad file beside a good one
CASES = {
    "docx_truncated": ("cut.docx", lambda: DOCX.read_bytes()[: len(DOCX.read_bytes()) // 2]),
    "docx_corrupted": ("flipped.docx", lambda: _flip(DOCX.read_bytes())),
    "docx_not_a_zip": ("text.docx", _talim),
    "docx_with_xxe": ("xxe.docx", lambda: _zip({"[Content_Types].xml": b"<Types/>",
                                                "word/document.xml": XXE})),
    "zip_corrupted_member": ("flipped.zip", lambda: _flip(_zip({"Talim_Qonuni.txt": _talim()}))),
    "zip_backslash_escape": ("win.zip", lambda: _zip({"..\\..\\evil.txt": _talim()})),
    "zip_drive_letter": ("drive.zip", lambda: _zip({"C:/evil.txt": _talim()})),
    "zip_declares_huge_member": ("huge.zip", lambda: _declare_size(
        _zip({"Talim_Qonuni.txt": _talim()}), 3_000_000_000)),
    "zip_lies_small": ("liar.zip", lambda: _declare_size(_zip({"Talim_Qonuni.txt": _talim()}),
                                                         1000)),
    "zip_many_small_bombs": ("ratio.zip", lambda: _zip(
        {f"part{n}.txt": b"\0" * (1024 * 1024) for n in range(30)})),
    "zip_empty_file": ("empty.zip", lambda: b""),
    "xml_billion_laughs": ("laughs.xml", lambda: BILLION_LAUGHS),
    "xml_external_entity": ("xxe.xml", lambda: XXE),
    "xml_empty": ("empty.xml", lambda: b""),
    "html_binary": ("page.html", lambda: bytes(range(256)) * 64),
    "html_json": ("api.html", lambda: json.dumps({"not": "html"}).encode()),
    "html_empty": ("blank.html", lambda: b"   \n"),
    "txt_cp1251": ("cp1251.txt", lambda: _talim().decode("utf-8").replace("ʻ", "'")
                   .replace("ʼ", "'").encode("cp1251", errors="replace")),
    "txt_utf16": ("utf16.txt", lambda: _talim().decode("utf-8").encode("utf-16")),
    "txt_png": ("image.txt", lambda: b"\x89PNG\r\n\x1a\n" + bytes(range(256))),
    "txt_nul_only": ("nul.txt", lambda: b"\0" * 4096),
    "jsonl_empty": ("empty.jsonl", lambda: b""),
    "jsonl_truncated": ("cut.jsonl", lambda: (CORPORA / "uz-lexuz-2026-07" /
                                              "konstitutsiya.jsonl").read_bytes()[:5000]),
}


def _flip(data: bytes) -> bytes:
    """``data`` with a run of bytes in the middle of the first member's data inverted."""
    out = bytearray(data)
    middle = min(len(out) // 3, 2000)
    for i in range(middle, middle + 64):
        out[i] ^= 0xFF
    return bytes(out)


def _import(data: Path, *paths: Path) -> tuple[int, dict]:
    result = CliRunner().invoke(main, ["--data", str(data), "import", "--json",
                                       *map(str, paths)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, json.loads(result.stdout)


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_file_is_refused_and_store_unchanged(sample, tmp_path, case):
    name, make = CASES[case]
    release = tmp_path / "release"
    release.mkdir()
    shutil.copy(CORPORA / "uz-lexuz-2025" / "Shaxsiy_Malumotlar_Qonuni.txt", release)
    (release / name).write_bytes(make())
    before = db_digest(sample)
    code, report = _import(sample, release)
    assert code != 0
    assert report["errors"], report
    assert any(Path(e["file"] or "").name == name for e in report["errors"]), report["errors"]
    assert db_digest(sample) == before
    assert not (tmp_path / "evil.txt").exists() and not Path("/evil.txt").exists()


def test_hostile_zip_release_names_the_zip(sample, tmp_path):
    """A bad member inside a zip release: the error names the zip (and the member)."""
    archive = tmp_path / "gazette.zip"
    archive.write_bytes(_zip({"Talim_Qonuni.txt": _talim(), "evil.html": bytes(range(256))}))
    before = db_digest(sample)
    code, report = _import(sample, archive)
    assert code != 0
    assert any("evil.html" in (e["file"] or "") for e in report["errors"]), report["errors"]
    assert db_digest(sample) == before


def _bytes_read() -> int | None:
    try:
        for line in Path("/proc/self/io").read_text().splitlines():
            if line.startswith("rchar:"):
                return int(line.split()[1])
    except OSError:
        pass
    return None


def test_100_mb_text_file_is_refused_by_size_before_reading(sample, tmp_path):
    release = tmp_path / "release"
    release.mkdir()
    big = release / "Katta.txt"
    with open(big, "wb") as fh:  # sparse: 100 MB that cost nothing to write
        fh.write(_talim())
        fh.truncate(100 * 1024 * 1024)
    assert big.stat().st_size > MAX_BYTES
    before = db_digest(sample)
    read_before = _bytes_read()
    code, report = _import(sample, release)
    read_after = _bytes_read()
    assert code != 0
    (error,) = report["errors"]
    assert Path(error["file"]).name == "Katta.txt"
    assert "larger than the limit" in error["message"]
    if read_before is not None:  # Linux: the process did not read the file through
        assert read_after - read_before < 20 * 1024 * 1024
    assert db_digest(sample) == before


@pytest.mark.parametrize("manifest, field", [
    ({"files": {"Talim_Qonuni.txt": {"valid_from": "2026-02-30"}}}, "valid_from"),
    ({"files": {"Talim_Qonuni.txt": {"valid_from": 20260101}}}, "valid_from"),
    ({"files": {"Talim_Qonuni.txt": {}, "gone/Yoq.txt": {}}}, "gone/Yoq.txt"),
    ("{not json", None),
])
def test_bad_manifest_in_a_zip_release(sample, tmp_path, manifest, field):
    archive = tmp_path / "gazette.zip"
    text = manifest if isinstance(manifest, str) else json.dumps(manifest)
    archive.write_bytes(_zip({"Talim_Qonuni.txt": _talim(), "release.json": text.encode()}))
    before = db_digest(sample)
    code, report = _import(sample, archive)
    assert code != 0
    (error,) = report["errors"]
    assert error["file"].endswith("release.json")
    if field:
        assert field in (error["field"] or ""), error
    assert db_digest(sample) == before
