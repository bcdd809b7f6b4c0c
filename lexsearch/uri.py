"""FRBR URIs in the Akoma Ntoso naming convention.

Work:        ``/akn/uz/act/qonun/2019-07-02/orq-547``
Expression:  ``/akn/uz/act/qonun/2019-07-02/orq-547/uzb@2021-04-21``
Provision:   an expression or work URI followed by ``/~art_39``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

LANGUAGES = ("uzb", "uzb-Cyrl", "rus", "eng")
_PART = re.compile(r"^[a-z0-9][a-z0-9.\-]*$")
_LANG = re.compile(r"^[a-z]{3}(?:-[A-Z][a-z]{3})?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def slug(text: str) -> str:
    """An ASCII, lowercase URI component (``OʻRQ-547`` -> ``orq-547``, ``560-II`` -> ``560-ii``)."""
    from .numbers import number_key  # local: numbers does not need uri

    key = number_key(text)
    if key:
        text = key
    text = re.sub(r"[^a-z0-9.\-]+", "-", text.lower()).strip("-")
    return re.sub(r"-{2,}", "-", text)


@dataclass(frozen=True)
class FrbrUri:
    country: str
    doctype: str
    subtype: str
    date: str
    number: str
    language: str | None = None
    expression_date: str | None = None
    portion: str | None = None

    @classmethod
    def parse(cls, text: str) -> FrbrUri:
        """Parse a work, expression or portion URI; ``ValueError`` names the bad part."""
        if not text.startswith("/akn/"):
            raise ValueError(f"not an Akoma Ntoso URI (must start with /akn/): {text!r}")
        path, portion = text, None
        if "/~" in path:
            path, portion = path.split("/~", 1)
            if not portion:
                raise ValueError(f"empty portion in URI: {text!r}")
        parts = path.strip("/").split("/")
        if len(parts) not in (6, 7):
            raise ValueError(f"URI must be /akn/country/doctype/subtype/date/number[/lang@date]: {text!r}")
        _, country, doctype, subtype, when, number, *rest = parts
        for name, value in (("country", country), ("doctype", doctype), ("subtype", subtype),
                            ("number", number)):
            if not _PART.match(value):
                raise ValueError(f"bad {name} {value!r} in URI {text!r}")
        if not _DATE.match(when):
            raise ValueError(f"bad date {when!r} in URI {text!r}")
        _check_date(when, text)
        language = expression_date = None
        if rest:
            language, _, expression_date = rest[0].partition("@")
            if not _LANG.match(language):
                raise ValueError(f"bad language {language!r} in URI {text!r}")
            if expression_date:
                if not _DATE.match(expression_date):
                    raise ValueError(f"bad expression date {expression_date!r} in URI {text!r}")
                _check_date(expression_date, text)
            expression_date = expression_date or None
        return cls(country, doctype, subtype, when, number, language, expression_date, portion)

    def work(self) -> FrbrUri:
        return replace(self, language=None, expression_date=None, portion=None)

    def expression(self, language: str, on: str | None = None) -> FrbrUri:
        return replace(self, language=language, expression_date=on, portion=None)

    def with_portion(self, eid: str | None) -> FrbrUri:
        return replace(self, portion=eid)

    @property
    def work_uri(self) -> str:
        return f"/akn/{self.country}/{self.doctype}/{self.subtype}/{self.date}/{self.number}"

    def __str__(self) -> str:
        text = self.work_uri
        if self.language:
            text += f"/{self.language}"
            if self.expression_date:
                text += f"@{self.expression_date}"
        if self.portion:
            text += f"/~{self.portion}"
        return text


def _check_date(value: str, uri: str) -> None:
    try:
        date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"impossible date {value!r} in URI {uri!r}") from None


def work_uri(subtype: str, adopted: str, number: str, country: str = "uz") -> FrbrUri:
    """Build a work URI from a subtype, adoption date and number as printed."""
    return FrbrUri(country, "act", slug(subtype), adopted, slug(number))
