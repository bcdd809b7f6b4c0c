"""Values of the data model (Akoma Ntoso / FRBR vocabulary).

Readers produce a ``Document``: one work's metadata and one or more dated ``EditionText``s,
each a flat, document-ordered list of ``Provision``s plus the ``AmendmentNote``s printed after
them. The store turns those into ``Work`` and ``Edition`` rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Kinds of provision, outermost first. ``article`` is the unit lawyers cite.
# ``attachment``: what a resolution approves or annexes (rules, a regulation, a list), with its
# own tree under ``att_N``; ``point``/``subpoint``: the numbered points of decrees and
# resolutions (``para_2__subpara_1``).
KINDS = ("preface", "preamble", "attachment", "book", "part", "section", "subsection", "chapter",
         "paragraph", "article", "clause", "point", "subpoint", "text", "conclusions")

# Actions an amendment note records.
# ``published``: an entry of the closing publication list (the act and each amending act).
ACTIONS = ("wording", "inserted", "removed", "repealed", "entry_into_force", "amended",
           "published", "unknown")

STATUSES = ("in_force", "repealed", "not_yet_in_force", "unknown")


@dataclass(frozen=True)
class ActRef:
    """A reference to another act as printed: type, number, date, title (any may be unknown)."""

    type: str | None = None
    number: str | None = None
    date: str | None = None
    title: str | None = None

    def __repr__(self) -> str:
        return f"ActRef({self.type} {self.number} {self.date})"


@dataclass(frozen=True)
class Provision:
    """One node of an act's tree, flattened: ``parent`` is the eId of the enclosing node."""

    eid: str
    kind: str
    num: str | None = None
    heading: str | None = None
    text: str = ""
    parent: str | None = None
    line: int | None = None
    has_previous: bool = False  # lex.uz "Oldingi tahrirga qarang." (an earlier wording exists)

    def __repr__(self) -> str:
        return f"Provision({self.eid})"


@dataclass(frozen=True)
class AmendmentNote:
    """A note printed after a changed provision: what happened, by which act, published where."""

    eid: str | None
    raw: str
    action: str = "unknown"
    target: str | None = None  # the part of the provision named, as printed ("ikkinchi qismi")
    act: ActRef | None = None
    published: str | None = None  # ISO date of the gazette publication
    gazette: str | None = None  # "03/21/683/0375"
    effective: str | None = None  # deferred entry into force, when the note says so
    line: int | None = None

    def __repr__(self) -> str:
        return f"AmendmentNote({self.eid} {self.action} {self.act!r})"


@dataclass(frozen=True)
class EditorialNote:
    """An editor's cross-reference or commentary printed with the law ("Qarang: …",
    "Қаранг: …", "См. …", "LexUZ sharhi"): shown apart from the law, never its words."""

    eid: str | None
    text: str
    line: int | None = None

    def __repr__(self) -> str:
        return f"EditorialNote({self.eid} {self.text[:30]!r})"


@dataclass(frozen=True)
class Citation:
    """A reference in a text to an act or a provision, with its span and resolution."""

    start: int
    end: int
    text: str
    act: ActRef | None = None
    self_ref: bool = False
    article: str | None = None
    part: str | None = None
    clause: str | None = None
    target_work: str | None = None
    target_eid: str | None = None

    def __repr__(self) -> str:
        return f"Citation({self.text!r} art={self.article})"


@dataclass
class WorkMeta:
    """What a reader (or a release manifest) knows of the work a file belongs to."""

    country: str = "uz"
    subtype: str | None = None  # qonun, kodeks, konstitutsiya, pf, pq, vmq …
    number: str | None = None  # as printed: "OʻRQ-547"
    date: str | None = None  # adoption date, ISO
    title: str | None = None
    issuer: str | None = None
    status: str = "in_force"
    entry_into_force: str | None = None
    repealed_on: str | None = None
    source_id: str | None = None  # the source portal's own id
    uri: str | None = None  # set when the manifest names the work outright


@dataclass
class EditionText:
    """The text of a work in one language as in force from ``valid_from``."""

    lang: str
    valid_from: str | None
    provisions: list[Provision]
    notes: list[AmendmentNote] = field(default_factory=list)
    title: str | None = None
    editorial: list[EditorialNote] = field(default_factory=list)
    produced_by: ActRef | None = None
    gazette: str | None = None


@dataclass
class ReadWarning:
    line: int | None
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line else self.message


@dataclass
class Document:
    """What every ``read_<format>`` returns."""

    source: str
    work: WorkMeta
    editions: list[EditionText]
    warnings: list[ReadWarning] = field(default_factory=list)
    format: str = ""

    def warn(self, message: str, line: int | None = None) -> None:
        self.warnings.append(ReadWarning(line, message))


@dataclass(frozen=True)
class Work:
    """A stored work."""

    id: int
    uri: str
    country: str
    subtype: str
    date: str
    number: str
    title: str
    titles: dict
    status: str
    issuer: str | None = None
    entry_into_force: str | None = None
    repealed_on: str | None = None
    source_id: str | None = None
    lang: str = "uzb"  # the language of its first edition: the default for edition_for

    def __repr__(self) -> str:
        return f"Work({self.uri})"


@dataclass(frozen=True)
class Edition:
    """A stored edition (expression): a work's text in one language from a date."""

    id: int
    work_uri: str
    lang: str
    valid_from: str
    title: str | None
    produced_by: str | None
    gazette: str | None
    content_hash: str
    batch_id: int

    @property
    def uri(self) -> str:
        return f"{self.work_uri}/{self.lang}@{self.valid_from}"

    def __repr__(self) -> str:
        return f"Edition({self.uri})"
