"""Citations: find references to acts and articles in text, then resolve them.

``find_citations(text, lang)`` is the finder (one module per language); ``resolve`` fills in
targets through injected lookups. Scoring against the labelled set lives in ``scoring``.
"""

from lexsearch.citations.common import article_eid
from lexsearch.citations.finder import find_citations
from lexsearch.citations.resolve import resolve

__all__ = ["article_eid", "find_citations", "resolve"]
