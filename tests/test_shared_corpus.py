"""The whole shared lex.uz folder and all Russian codes import in one release with zero errors."""

import json

import pytest
from conftest import ROOT

from ingest.importer import import_release
from lexsearch.store import Store

MANIFEST = ROOT / "tests/data/shared_release.json"

# Notes per file as the reader finds them (amendment notes plus the entries of the closing
# publication list). Spot-checked by hand: Mehnat_Kodeksi.txt has 78 note lines ending in a
# gazette reference; a drop means notes leaked into the text or were lost.
MIN_NOTES = {"Mehnat_Kodeksi.txt": 78, "Soliq_Kodeksi.txt": 800, "Fuqarolik_Kodeksi.txt": 300,
             "102107048.html": 200}


@pytest.fixture(scope="module")
def release(shared):
    """The two read-only shared folders, imported in place with ``--manifest``."""
    return [shared / "uz/lexuz_uzlatn_raw_with_amendment_notes",
            shared / "ru/pravo_gov_ru_ips_codes_html"]


@pytest.mark.slow
def test_whole_shared_folder_imports_with_zero_errors(release, tmp_path):
    report = import_release(Store(tmp_path), release, manifest=MANIFEST)
    assert report.errors == []
    works = {w["file"]: w for w in report.works}
    assert len(works) == 22
    for name, least in MIN_NOTES.items():
        assert works[name]["notes"] >= least, name
    repealed = Store(tmp_path).work(works["102038209.html"]["uri"])
    assert repealed.status == "repealed"
    print(json.dumps({k: (w["articles"], w["notes"]) for k, w in works.items()}, indent=0))
