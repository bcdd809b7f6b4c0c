"""The shipped sample corpus imported once per test session, for the search tests.

Three releases, in order, so the store has several batches and two editions of the Labour
Code (2025-11-12 and 2026-07-01): ``corpora/uz-lexuz-2025``, ``corpora/uz-lexuz-2026-07``,
``corpora/ru-pravo``. A release the importer refuses as a whole is imported file by file and
the files it still refuses are skipped (``SKIPPED`` lists them); the indexes are built by
``indexes.build.update_index`` after each release, as ``lexsearch import`` does.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RELEASES = ("uz-lexuz-2025", "uz-lexuz-2026-07", "uz-multi", "ru-pravo")
ACT_SUFFIXES = (".txt", ".html", ".jsonl", ".xml", ".docx", ".zip")
SKIPPED: list[str] = []


def import_releases(data: Path, releases=RELEASES, engines=("tantivy", "whoosh")) -> None:
    from indexes.build import rebuild_index, update_index
    from ingest.importer import import_release
    from lexsearch.store import Store

    with Store(data) as store:
        for i, name in enumerate(releases):
            folder = ROOT / "corpora" / name
            report = import_release(store, [folder])
            if not report.ok:
                for path in sorted(folder.iterdir()):
                    if path.suffix in ACT_SUFFIXES and not import_release(store, [path]).ok:
                        SKIPPED.append(f"{name}/{path.name}")
            if i == 0:
                for engine in engines:
                    rebuild_index(store, data, engine, workers=1)
            else:
                update_index(store, data)


@cache
def corpus_data() -> Path:
    """A data folder with the sample corpus imported and indexed by both engines."""
    data = Path(tempfile.mkdtemp(prefix="lexsearch-search-"))
    atexit.register(shutil.rmtree, data, True)
    import_releases(data)
    return data
