"""The OpenAPI 3.1 description of ``/api/v1/`` (served at ``/api/v1/openapi.json``).

Every bound a parameter states (lengths, ranges, enums, patterns) is the constant the server
enforces, imported from the view that enforces it, so the document and the server cannot
drift apart (``tests/test_schemathesis.py`` checks the server against it).
"""

from __future__ import annotations

from lexsearch.pointintime import STATUSES as PIT_STATUSES

from . import MAX_QUERY
from .api import MAX_LIMIT, MAX_OFFSET
from .search import LANGS, MAX_HITS, MAX_ISSUER, MAX_PAGE, MAX_TYPE, SORTS, STATUSES

VERSION = "1.0.0"


def _param(name: str, description: str, *, required: bool = False, schema: dict | None = None,
           where: str = "query") -> dict:
    return {"name": name, "in": where, "required": required, "description": description,
            "schema": schema or {"type": "string"}}


_DATE = {"type": "string", "format": "date", "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
_LANG = {"type": "string", "enum": list(LANGS)}
_WORK = _param("work", "Work or expression URI, e.g. /akn/uz/act/kodeks/2019-12-30/orq-599",
               required=True, schema={"type": "string", "minLength": 1})
_AS_OF = _param("as_of", "The edition in force on this date", schema=_DATE)
_LANG_P = _param("lang", "Document language (default: the work's own)", schema=_LANG)
_COUNTRY = {"type": "string", "pattern": r"^([a-z]{2}|all)$"}


def _ok(description: str, schema_ref: str) -> dict:
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": schema_ref}}}}


_ERRORS = {
    "400": {"$ref": "#/components/responses/BadRequest"},
    "404": {"$ref": "#/components/responses/NotFound"},
}

_SCHEMAS: dict = {
    "Error": {"type": "object", "required": ["error"], "properties": {"error": {
        "type": "object", "required": ["status", "message"],
        "properties": {"status": {"type": "integer"}, "message": {"type": "string"}}}}},
    "Work": {"type": "object", "required": ["uri", "title", "subtype", "date", "status"],
             "properties": {
                 "uri": {"type": "string"}, "title": {"type": "string"},
                 "titles": {"type": "object", "additionalProperties": {"type": "string"}},
                 "country": {"type": "string"}, "subtype": {"type": "string"},
                 "number": {"type": ["string", "null"]}, "date": {"type": "string"},
                 "status": {"type": "string",
                            "enum": ["in_force", "repealed", "not_yet_in_force", "unknown"]},
                 "issuer": {"type": ["string", "null"]},
                 "entry_into_force": {"type": ["string", "null"]},
                 "repealed_on": {"type": ["string", "null"]}}},
    "Edition": {"type": "object", "required": ["uri", "work", "lang", "valid_from"],
                "properties": {
                    "uri": {"type": "string"}, "work": {"type": "string"},
                    "lang": {"type": "string"}, "valid_from": {"type": "string"},
                    "title": {"type": ["string", "null"]},
                    "produced_by": {"type": ["string", "null"]},
                    "gazette": {"type": ["string", "null"]}}},
    "WorkList": {"type": "object", "required": ["total", "works"], "properties": {
        "total": {"type": "integer"},
        "works": {"type": "array", "items": {"$ref": "#/components/schemas/Work"}}}},
    "WorkDetail": {"allOf": [{"$ref": "#/components/schemas/Work"}, {
        "type": "object", "properties": {
            "aliases": {"type": "array", "items": {"type": "string"}},
            "languages": {"type": "array", "items": {"type": "string"}},
            "editions": {"type": "array", "items": {"$ref": "#/components/schemas/Edition"}}}}]},
    "EditionChoice": {"type": "object", "required": ["work", "edition"], "properties": {
        "work": {"$ref": "#/components/schemas/Work"},
        "edition": {"$ref": "#/components/schemas/Edition"}}},
    "Provision": {"type": "object", "required": ["eid", "kind"], "properties": {
        "eid": {"type": "string"}, "kind": {"type": "string"},
        "num": {"type": ["string", "null"]}, "heading": {"type": ["string", "null"]},
        "parent": {"type": ["string", "null"]}, "label": {"type": "string"},
        "text": {"type": ["string", "null"]}, "has_previous": {"type": "boolean"},
        "notes": {"type": "array", "items": {"type": "object"}}}},
    "ProvisionList": {"type": "object", "required": ["work", "edition", "provisions"],
                      "properties": {
                          "work": {"type": "string"},
                          "edition": {"$ref": "#/components/schemas/Edition"},
                          "provisions": {"type": "array",
                                         "items": {"$ref": "#/components/schemas/Provision"}}}},
    "SearchResult": {"type": "object", "required": ["total", "hits"], "properties": {
        "total": {"type": "integer"},
        "hits": {"type": "array", "items": {"type": "object", "properties": {
            "work": {"type": "string"}, "title": {"type": "string"},
            "eid": {"type": ["string", "null"]}, "num": {"type": ["string", "null"]},
            "lang": {"type": "string"}, "score": {"type": "number"},
            "snippet": {"type": "string"},
            "point_in_time": {"oneOf": [{"type": "null"}, {
                "type": "object", "required": ["date", "exact", "edition", "eid", "status"],
                "description": "With as_of: the provision's status on that date "
                               "(lexsearch.pointintime) and the edition its text comes from "
                               "(exact false: the nearest held, later)",
                "properties": {
                    "date": {"type": "string", "format": "date"},
                    "exact": {"type": "boolean"}, "edition": {"type": "string"},
                    "edition_valid_from": {"type": "string"}, "eid": {"type": "string"},
                    "status": {"type": "string", "enum": list(PIT_STATUSES)},
                    "evidence": {"type": "array", "items": {
                        "$ref": "#/components/schemas/StatusEvidence"}}}}]}}}},
        "facets": {"type": "object"}, "groups": {"type": "array"}}},
    "Diff": {"type": "object", "required": ["from", "to", "added", "removed", "changed"],
             "properties": {
                 "from": {"type": "string"}, "to": {"type": "string"},
                 "added": {"type": "array", "items": {"type": "string"}},
                 "removed": {"type": "array", "items": {"type": "string"}},
                 "moved": {"type": "array", "items": {"type": "array",
                                                      "items": {"type": "string"}}},
                 "changed": {"type": "array", "items": {"type": "object", "properties": {
                     "eid": {"type": "string"},
                     "ops": {"type": "array", "items": {"type": "array", "prefixItems": [
                         {"type": "string", "enum": ["=", "-", "+"]}, {"type": "string"}]}}}}},
                 "unchanged": {"type": "integer"},
                 "counts": {"type": "object", "additionalProperties": {"type": "integer"}}}},
    "PointInTime": {
        "type": "object", "required": ["work", "date", "edition", "exact", "act_in_force",
                                       "counts", "statuses", "absent"],
        "description": "The act on a date (lexsearch.pointintime.as_of): the edition in force "
                       "then, else the nearest held (exact false), and per provision what the "
                       "amendment notes prove about the date.",
        "properties": {
            "work": {"type": "string"}, "date": {"type": "string", "format": "date"},
            "edition": {"$ref": "#/components/schemas/Edition"},
            "edition_valid_from": {"type": "string"},
            "exact": {"type": "boolean",
                      "description": "The edition shown was in force on the date"},
            "act_in_force": {"type": "boolean",
                             "description": "The act itself had entered into force by then"},
            "act_repealed": {"type": "boolean",
                             "description": "The act itself had been repealed by then"},
            "counts": {"type": "object", "additionalProperties": {"type": "integer"}},
            "statuses": {"type": "array", "description": "Every provision of the edition, in "
                         "document order",
                         "items": {"$ref": "#/components/schemas/ProvisionStatus"}},
            "absent": {"type": "array", "description": "Provisions the notes name but the "
                       "edition does not print (a repealed article)",
                       "items": {"$ref": "#/components/schemas/ProvisionStatus"}}}},
    "ProvisionStatus": {"type": "object", "required": ["eid", "status", "evidence"],
                        "properties": {
                            "eid": {"type": "string"},
                            "status": {"type": "string", "enum": list(PIT_STATUSES)},
                            "evidence": {"type": "array", "items": {
                                "$ref": "#/components/schemas/StatusEvidence"}}}},
    "StatusEvidence": {
        "type": "object", "required": ["raw", "action", "timing"],
        "description": "An amendment note dated after the date (timing later) or without a "
                       "date that places it (timing unknown)",
        "properties": {
            "raw": {"type": "string"}, "action": {"type": "string"},
            "target": {"type": ["string", "null"]}, "eid": {"type": ["string", "null"]},
            "act_type": {"type": ["string", "null"]}, "act_number": {"type": ["string", "null"]},
            "act_date": {"type": ["string", "null"]}, "act_uri": {"type": ["string", "null"]},
            "published": {"type": ["string", "null"]},
            "effective": {"type": ["string", "null"]},
            "in_force_from": {"type": ["string", "null"], "description": "The day the change "
                              "entered the text (deferred entry into force, else publication)"},
            "retroactive_from": {"type": ["string", "null"]},
            "timing": {"type": "string", "enum": ["later", "unknown"]},
            "via": {"type": ["string", "null"], "description": "The container whose note "
                    "covers the provision"},
            "earlier_edition": {"type": ["string", "null"], "description": "A stored edition "
                                "with the wording before the change"}}},
    "CitationList": {"type": "object", "required": ["edition", "total", "citations"],
                     "properties": {
                         "edition": {"type": "string"}, "total": {"type": "integer"},
                         "citations": {"type": "array", "items": {"type": "object", "properties": {
                             "eid": {"type": "string"}, "start": {"type": "integer"},
                             "end": {"type": "integer"}, "text": {"type": "string"},
                             "article": {"type": ["string", "null"]},
                             "target_work": {"type": ["string", "null"]},
                             "target": {"type": ["string", "null"]}}}}}},
}


def spec(server: str = "") -> dict:
    """The OpenAPI document; ``server`` is the portal's base URL."""
    s = "#/components/schemas/"
    return {
        "openapi": "3.1.0",
        "info": {"title": "lexsearch API", "version": VERSION,
                 "description": "Uzbek legislation: works, editions, provisions, search, "
                                "diffs and citations.",
                 "license": {"name": "MIT", "identifier": "MIT"}},
        "servers": [{"url": (server or "") + "/api/v1"}],
        "paths": {
            "/search": {"get": {
                "operationId": "search", "summary": "Full-text search",
                "parameters": [
                    _param("q", f"Query (at most {MAX_QUERY} characters, not only spaces)",
                           required=True, schema={"type": "string", "minLength": 1,
                                                  "maxLength": MAX_QUERY, "pattern": r"\S"}),
                    _LANG_P, _param("type", "Act type (URI subtype), e.g. kodeks",
                                    schema={"type": "string", "maxLength": MAX_TYPE}),
                    _param("status", "Status", schema={"type": "string",
                                                       "enum": list(STATUSES)}),
                    _param("issuer", "Issuing body", schema={"type": "string",
                                                             "maxLength": MAX_ISSUER}),
                    _param("as_of", "The law as of this date: the texts in force then; before "
                           "a work's first stored edition, its nearest one; provisions the "
                           "amendment notes prove were added later, or of an act repealed by "
                           "then, left out; each hit says its status then (point_in_time)",
                           schema=_DATE),
                    _param("jurisdiction", "Country of the acts: a two-letter code (uz, ru) or "
                           "all. Default: Uzbek acts first, foreign ones after them or when the "
                           "query names their country", schema=_COUNTRY),
                    _param("country", "Same as jurisdiction (the name home, browse and feeds "
                           "use)", schema=_COUNTRY),
                    _param("sort", "Order", schema={"type": "string", "enum": list(SORTS)}),
                    _param("page", "Page (from 1)", schema={"type": "integer", "minimum": 1,
                                                            "maximum": MAX_PAGE}),
                    _param("limit", "Hits per page", schema={"type": "integer", "minimum": 1,
                                                             "maximum": MAX_HITS})],
                "responses": {"200": _ok("Hits", s + "SearchResult"), **_ERRORS,
                              "503": {"$ref": "#/components/responses/Unavailable"}}}},
            "/works": {"get": {
                "operationId": "listWorks", "summary": "Works, newest first",
                "parameters": [_param("type", "Act type (URI subtype)"),
                               _param("limit", "Page size", schema={
                                   "type": "integer", "minimum": 1, "maximum": MAX_LIMIT}),
                               _param("offset", "Skip", schema={
                                   "type": "integer", "minimum": 0, "maximum": MAX_OFFSET})],
                "responses": {"200": _ok("Works", s + "WorkList"), **_ERRORS}}},
            "/works/{uri}": {"get": {
                "operationId": "getWork", "summary": "A work with its editions",
                "parameters": [_param("uri", "Work URI without the leading slash, e.g. "
                                      "akn/uz/act/kodeks/2019-12-30/orq-599", required=True,
                                      where="path")],
                "responses": {"200": _ok("The work", s + "WorkDetail"), **_ERRORS}}},
            "/editions": {"get": {
                "operationId": "getEdition", "summary": "The edition that applies",
                "parameters": [_WORK, _AS_OF, _LANG_P],
                "responses": {"200": _ok("The edition", s + "EditionChoice"), **_ERRORS}}},
            "/provisions": {"get": {
                "operationId": "getProvisions", "summary": "Provisions of an edition",
                "parameters": [_WORK, _AS_OF, _LANG_P, _param("eid", "One provision")],
                "responses": {"200": _ok("Provisions", s + "ProvisionList"), **_ERRORS}}},
            "/pointintime": {"get": {
                "operationId": "pointInTime",
                "summary": "The act on any date, per provision, from its amendment notes",
                "parameters": [_WORK, _param("as_of", "The date asked", required=True,
                                             schema=_DATE), _LANG_P],
                "responses": {"200": _ok("Statuses", s + "PointInTime"), **_ERRORS}}},
            "/diff": {"get": {
                "operationId": "diff", "summary": "Word-level diff of two dates' editions",
                "parameters": [_WORK, _param("from", "Earlier date", required=True,
                                             schema=_DATE),
                               _param("to", "Later date", required=True, schema=_DATE),
                               _LANG_P],
                "responses": {"200": _ok("The diff", s + "Diff"), **_ERRORS}}},
            "/citations": {"get": {
                "operationId": "citations", "summary": "Citations in an edition",
                "parameters": [_WORK, _AS_OF, _LANG_P, _param("eid", "One provision")],
                "responses": {"200": _ok("Citations", s + "CitationList"), **_ERRORS}}},
        },
        "components": {
            "schemas": _SCHEMAS,
            "responses": {
                "BadRequest": _ok("A bad parameter or date", s + "Error"),
                "NotFound": _ok("Unknown work, edition or provision", s + "Error"),
                "Unavailable": _ok("Search index not built or damaged", s + "Error"),
            },
        },
    }
