"""Jurisdiction on the pages: Uzbek legislation is the default, foreign acts on request.

A work's country is the FRBR URI's (``/akn/uz/…``, ``/akn/ru/…``). Home, browse and the
release feed show Uzbek acts unless ``?country=`` names another country or ``all``; browse
offers the countries held as a facet with their counts, and a foreign act is labelled with
its country wherever it is listed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from flask import abort, request

from lexsearch.model import Work

DEFAULT_COUNTRY = "uz"
ALL = "all"
_COUNTRY = re.compile(r"^[a-z]{2}$")


def country_arg() -> str | None:
    """``?country=``: a two-letter code, ``all`` (None: every country), default ``uz``;
    anything else is a 400 naming the parameter."""
    value = check_country(request.args.get("country") or DEFAULT_COUNTRY, "country")
    return None if value == ALL else value


def check_country(value: str, name: str) -> str:
    """``value`` lowercased when it is a two-letter country code or ``all``; else a 400
    naming the parameter ``name``."""
    value = value.strip().lower()
    if value != ALL and not _COUNTRY.match(value):
        abort(400, f"{name}: a two-letter country code or 'all', not {value[:20]!r}")
    return value


def uri_country(uri: str) -> str:
    """``/akn/ru/act/…`` -> ``ru``."""
    parts = uri.split("/")
    return parts[2] if len(parts) > 2 else ""


def of_country(works: Iterable[Work], country: str | None) -> list[Work]:
    return [w for w in works if country is None or w.country == country]


def country_counts(works: Iterable[Work]) -> list[tuple[str, int]]:
    """(country, works held), Uzbekistan first, then by count."""
    counts = Counter(w.country for w in works)
    return sorted(counts.items(), key=lambda kv: (kv[0] != DEFAULT_COUNTRY, -kv[1], kv[0]))
