"""Full-text and requisite search over the store, behind one narrow engine interface.

    >>> result = search("var", "Mehnat kodeksi 39-modda", limit=5)  # doctest: +SKIP
    >>> result.to_json()["hits"][0]["eid"]  # doctest: +SKIP
    'art_39'
"""

from __future__ import annotations

from lexsearch.search.engine import DEFAULT_ENGINE, ENGINES, default_engine, open_engine
from lexsearch.search.service import Searcher, SearchHit, SearchResult, search
from lexsearch.search.snippets import Snippet

__all__ = ["DEFAULT_ENGINE", "ENGINES", "SearchHit", "SearchResult", "Searcher", "Snippet",
           "default_engine", "open_engine", "search"]
