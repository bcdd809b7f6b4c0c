"""Read a lex.uz act saved as JSON by a bot: a page record or a map of page lines.

Two shapes (``../shared/corpora/uz_multi``):

* a page record ``{"id", "title", "content", "url", "meta", "fetched_at"}``
  (``lexuz_recent_2026_01``): ``content`` is the page's text, one line per element, with the
  site's menus and toolbars;
* a line map ``{"standart-1": line, …}`` (``qonunlar_data/standartlarFar.json``): one printed
  line of the act per entry, hard-wrapped as in the PDF it came from; the lines are reflowed
  into paragraphs (``ingest.article_map.reflow``).

Either way the lines go to the shared recogniser, ``ingest.lexuz_text.read_lines``, which reads
the header, the menus (warnings, not errors), the structure, points, annexes and notes. The
page's portal id (``id``, else the number in ``url``) becomes ``WorkMeta.source_id``.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from ingest.article_map import load_json, map_shape
from ingest.lexuz_text import read_lines
from ingest.reflow import reflow, width_of
from lexsearch.errors import InputError
from lexsearch.model import Document

_DOC_URL = re.compile(r"lex\.uz/(?:[a-z]{2}/)?docs/(-?\d+)")
_UNKNOWN_TITLES = {"Noma'lum", "Nomaʼlum", "Номаълум", ""}


def _page_id(data: dict, source: str) -> str | None:
    """The lex.uz document id of a page record: ``id``, checked against ``url``."""
    raw = data.get("id")
    if raw is not None and not isinstance(raw, (str, int)) or isinstance(raw, bool):
        raise InputError(f"id must be a string or a number, got {type(raw).__name__}",
                         file=source, field="id")
    url = data.get("url")
    if url is not None and not isinstance(url, str):
        raise InputError(f"url must be a string, got {type(url).__name__}", file=source,
                         field="url")
    from_url = _DOC_URL.search(url).group(1) if url and _DOC_URL.search(url) else None
    page_id = str(raw).strip() if raw is not None and str(raw).strip() else None
    if page_id and from_url and page_id != from_url:
        raise InputError(f"id {page_id!r} and url {url!r} name different documents",
                         file=source, field="id")
    return page_id or from_url


def read_lexuz_json(path: str | Path) -> Document:
    """Read a saved lex.uz page record or line map into a ``Document``."""
    path = Path(path)
    source = str(path)
    data = load_json(path)
    shape = map_shape(data)
    if shape == "lexuz-page":
        page_id = _page_id(data, source)
        title = data.get("title")
        if title is not None and not isinstance(title, str):
            raise InputError("title must be a string", file=source, field="title")
        doc = read_lines(data["content"].splitlines(), source, fmt="lexuz-json")
        doc.work.source_id = page_id or doc.work.source_id
        if not doc.work.title and title and title.strip() not in _UNKNOWN_TITLES:
            doc.work.title = title.strip()
        return doc
    if shape == "line-map":
        lines = list(data.values())
        dropped: Counter[str] = Counter()
        # in place, after one empty line for the "{": entry k is on line k + 2 of a file
        # written one entry per line, and warnings name that line
        doc = read_lines([""] + reflow(lines, width_of(lines), lambda x: dropped.update([x]),
                                       heading=False, in_place=True), source, fmt="lexuz-json")
        for line, times in dropped.items():
            doc.warn(f"page furniture dropped ({times}\u00d7): {line}")
        return doc
    raise InputError("not a saved lex.uz page ({id, title, content, url …}) nor a map of its "
                     "lines ({key-N: line})", file=source)
