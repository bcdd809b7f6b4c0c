"""The exceptions the core raises. Nothing in the core prints; the CLI and the web turn these
into messages and status codes."""

from __future__ import annotations


class LexsearchError(Exception):
    """Base of every error lexsearch raises on purpose."""


class InputError(LexsearchError):
    """Bad input: names where it came from (file, line, field) and what was wrong."""

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None,
                 field: str | None = None) -> None:
        self.file, self.line, self.field, self.reason = file, line, field, message
        where = ""
        if file:
            where = str(file)
            if line is not None:
                where += f":{line}"
        if field:
            where += f" [{field}]" if where else f"[{field}]"
        super().__init__(f"{where}: {message}" if where else message)


class UnsafeInputError(InputError):
    """Input refused by a hardening limit (entities, zip paths, sizes, ratios)."""


class NotFound(LexsearchError):
    """A work, edition or provision that the store does not hold."""


class ConflictError(LexsearchError):
    """A write that would change something already stored (editions are append-only)."""


class StoreError(LexsearchError):
    """The store is unusable: wrong schema version, corrupt file."""


class IndexFormatError(LexsearchError):
    """The search index on disk was written by another version of lexsearch: rebuild it."""


class QueryTooExpensive(InputError):
    """A search over the query cost budget (too long, too many words or prefixes, a prefix that
    matches too many words, over the time budget). The message says which limit was passed and
    how to narrow the query; the web answers it with 400 and shows it on the search page."""

    def __init__(self, message: str, *, field: str = "q") -> None:
        super().__init__(message, field=field)
