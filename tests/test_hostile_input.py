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
import re
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


# ---- text normalisation: lexsearch/textnorm.py applied once at import ---------------------
# (case, file, text as printed, the same with hostile characters, provision number (None: the
#  work's title), field, what the store must hold)
KONST = CORPORA / "uz-lexuz-2026-07" / "konstitutsiya.jsonl"
KONST_URI = "/akn/uz/act/konstitutsiya/2023-05-01/konstitutsiya"
TALIM_URI = "/akn/uz/act/qonun/1997-08-29/464-i"
NORMALISATION = [
    ("txt_title_soh", "Talim_Qonuni.txt", "TAʼLIM TOʻGʻRISIDA", "TAʼLIM\x01 TOʻGʻRISIDA",
     None, "title", "Taʼlim toʻgʻrisida"),
    ("txt_heading_esc", "Talim_Qonuni.txt", "1-modda. Ushbu Qonunning maqsadi",
     "1-modda. Ushbu \x1b[2J\x1b[31mQonunning maqsadi", "1", "heading",
     "Ushbu [2J[31mQonunning maqsadi"),
    ("txt_text_nul_del_c1", "Talim_Qonuni.txt", "kasb-hunar oʻrgatishning huquqiy",
     "kasb-hunar\x00 oʻrgatish\x7fning\x9b huquqiy", "1", "text",
     "kasb-hunar oʻrgatishning huquqiy"),
    ("txt_text_bidi", "Talim_Qonuni.txt", "Taʼlim toʻgʻrisidagi qonun hujjatlari ushbu",
     "Taʼlim toʻgʻrisidagi \u202equnon\u202c hujjatlari\u2066 ushbu", "2", "text",
     "Taʼlim toʻgʻrisidagi qunon hujjatlari ushbu"),
    ("jsonl_text_esc", "konstitutsiya.jsonl", "boshqaruvning respublika shakliga",
     "boshqaruvning \\u001b]0;pwned\\u0007respublika shakliga", "1", "text",
     "boshqaruvning ]0;pwnedrespublika shakliga"),
    ("jsonl_text_soft_hyphen_zw", "konstitutsiya.jsonl", "suveren, demokratik",
     "suve\\u00adren, demo\\u200bkratik\\ufeff", "1", "text", "suveren, demokratik"),
    ("jsonl_text_nfd", "konstitutsiya.jsonl", "Davlat xalq irodasini",
     "Davlat xalq irod\\u0061\\u0301sini", "2", "text", "Davlat xalq irodásini"),
    ("jsonl_text_fullwidth", "konstitutsiya.jsonl", "Davlat organlari",
     "Ｄａｖｌａｔ organlari", "2", "text", "Davlat organlari"),
]
HOSTILE_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u202a-\u202e"
                           "\u2060\u2066-\u2069\ufeff\uff01-\uff5e]")


@pytest.fixture(scope="module")
def normalised(tmp_path_factory) -> Path:
    """An empty store after importing one release that carries every case above."""
    release = tmp_path_factory.mktemp("textnorm") / "release"
    release.mkdir()
    texts = {"Talim_Qonuni.txt": TALIM.read_text(encoding="utf-8"),
             "konstitutsiya.jsonl": KONST.read_text(encoding="utf-8")}
    for _case, name, original, hostile, *_ in NORMALISATION:
        assert texts[name].count(original) >= 1, original
        texts[name] = texts[name].replace(original, hostile, 1)
    for name, text in texts.items():
        (release / name).write_text(text, encoding="utf-8")
    (release / "release.json").write_text(json.dumps({"files": {
        "konstitutsiya.jsonl": {"work": {"uri": KONST_URI}, "language": "uzb",
                                "valid_from": "2026-07-01"}}}), encoding="utf-8")
    data = release.parent / "var"
    result = CliRunner().invoke(main, ["--data", str(data), "import", str(release)])
    assert result.exit_code == 0, result.output
    return data


def _stored(data: Path, uri: str, num: str | None, field: str) -> str:
    with Store(data, readonly=True) as store:
        work = store.work(uri)
        if num is None:
            return getattr(work, field)
        edition = store.edition_for(uri)
        (prov,) = [p for p in store.provisions(edition) if p.kind == "article" and p.num == num]
        return getattr(prov, field)


@pytest.mark.parametrize("case, name, original, hostile, num, field, expected", NORMALISATION,
                         ids=[c[0] for c in NORMALISATION])
def test_text_is_normalised_once_at_import(normalised, case, name, original, hostile, num,
                                           field, expected):
    uri = TALIM_URI if name.startswith("Talim") else KONST_URI
    value = _stored(normalised, uri, num, field)
    assert expected in value, value
    assert not HOSTILE_CHARS.search(value), value


def test_nothing_hostile_is_stored_anywhere(normalised):
    conn = sqlite3.connect(normalised / STORE_FILE)
    try:
        rows = [*conn.execute("SELECT 'text', text FROM texts"),
                *conn.execute("SELECT 'heading', heading FROM provisions"),
                *conn.execute("SELECT 'titles', titles FROM works"),
                *conn.execute("SELECT 'edition', title FROM editions"),
                *conn.execute("SELECT 'note', raw FROM notes"),
                *conn.execute("SELECT 'editorial', text FROM editorial_notes")]
    finally:
        conn.close()
    bad = [(kind, value) for kind, value in rows if value and HOSTILE_CHARS.search(value)]
    assert not bad, bad[:3]


@pytest.mark.parametrize("fmt", ["txt", "json"])
def test_show_prints_no_control_characters(normalised, fmt):
    for uri in (TALIM_URI, KONST_URI):
        result = CliRunner().invoke(main, ["--data", str(normalised), "show", uri,
                                           "--format", fmt])
        assert result.exit_code == 0, result.output
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", result.output)


# A query is normalised as the texts were: each hostile form finds what the clean word finds.
QUERIES = [
    ("soft hyphen", "kasb-hu\u00adnar", "kasb-hunar"),
    ("zero-width space", "konstitu\u200btsiyaviy", "konstitutsiyaviy"),
    ("word joiner and BOM", "\ufefftar\u2060biya", "tarbiya"),
    ("full-width Latin", "ｔａｒｂｉｙａ", "tarbiya"),
    ("control character", "tar\x01biya", "tarbiya"),
    ("bidi mark", "\u200ftarbiya\u200e", "tarbiya"),
    ("decomposed accent", "irod\u0061\u0301sini", "irodásini"),
]


@pytest.mark.parametrize("what, hostile, clean", QUERIES, ids=[q[0] for q in QUERIES])
def test_query_is_normalised_like_the_texts(normalised, what, hostile, clean):
    from lexsearch.search import search

    expected = search(normalised, clean, limit=5)
    assert expected.total > 0, clean
    got = search(normalised, hostile, limit=5)
    assert got.total == expected.total
    assert [(h.work, h.eid) for h in got.hits] == [(h.work, h.eid) for h in expected.hits]


# ---- names and links in a release folder (issue 14, finding 11) ----------------------------
FORGED = "new       akn-uz-forged  uzb  editions 2099-01-01"  # no "/" in a file name


@pytest.mark.parametrize("name", [
    f"Talim_Qonuni\n{FORGED}\n.txt",
    "Talim\x1b[2K\rimported as batch 99.txt",
    "Talim\u202etxt.exe.txt",
])
def test_file_names_cannot_forge_report_lines(tmp_path, name):
    release = tmp_path / "release"
    release.mkdir()
    (release / name).write_bytes(_talim())
    result = CliRunner().invoke(main, ["--data", str(tmp_path / "var"), "import",
                                       "--dry-run", str(release)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert len(lines) == 2 and lines[-1] == "dry run: nothing was written", lines
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e]", result.output)
    assert not any(line.startswith((FORGED, "imported as")) for line in lines)


def test_error_lines_escape_file_names_too(tmp_path):
    release = tmp_path / "release"
    release.mkdir()
    (release / "bad\nerror: forged.txt").write_bytes(b"\0" * 64)
    result = CliRunner().invoke(main, ["--data", str(tmp_path / "var"), "import",
                                       str(release)])
    assert result.exit_code == 1
    assert not any(line.startswith("error: forged") for line in result.output.splitlines())
    assert "bad\\x0aerror: forged.txt" in result.output


@pytest.mark.parametrize("link", ["file", "folder", "inside"])
def test_symlinks_out_of_the_release_folder_are_refused(sample, tmp_path, link):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    shutil.copy(CORPORA / "uz-lexuz-2025" / "Oila_Kodeksi.txt", outside / "Oila.txt")
    release = tmp_path / "release"
    release.mkdir()
    shutil.copy(CORPORA / "uz-lexuz-2025" / "Shaxsiy_Malumotlar_Qonuni.txt", release)
    if link == "file":
        (release / "Oila.txt").symlink_to(outside / "Oila.txt")
    elif link == "folder":
        (release / "more").symlink_to(outside, target_is_directory=True)
    else:  # a link to a file of the release itself is fine
        (release / "same.txt").symlink_to(release / "Shaxsiy_Malumotlar_Qonuni.txt")
    before = db_digest(sample)
    code, report = _import(sample, release)
    imported = {Path(w["file"]).name for w in report["works"]}
    assert "Oila.txt" not in imported and not any("more/" in w["file"] for w in report["works"])
    if link == "file":
        assert code != 0
        (error,) = report["errors"]
        assert error["file"].endswith("Oila.txt") and "outside the release" in error["message"]
        assert db_digest(sample) == before
    else:
        assert code == 0, report["errors"]
