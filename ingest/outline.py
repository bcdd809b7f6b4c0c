"""The tree of an act while it is read: nodes, the outline of open containers, final eIds.

Shared by the structure recogniser (``ingest.lexuz_text``) and the JSONL reader
(``ingest.tomaris_jsonl``), so both build the same tree and the same container eIds (see
``ingest.lexuz_text``'s docstring for the naming rules); texts are normalised the same way by
both (``clean_line``, ``normalize_text``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from lexsearch.model import Provision
from lexsearch.textnorm import normalize

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


def clean_line(line: str) -> str:
    """One line as both readers store it: ``lexsearch.textnorm.normalize`` (controls, soft
    hyphens, zero-width and bidi marks dropped, NFC), spaces collapsed, trimmed."""
    return _SPACES.sub(" ", normalize(line)).strip()


def normalize_text(lines: Iterable[str]) -> str:
    """Paragraph lines cleaned (``clean_line``), empty ones dropped, joined by ``"\n"``."""
    return "\n".join(x for x in map(clean_line, lines) if x)


@dataclass(eq=False)
class _Node:
    eid: str
    kind: str
    num: str | None
    heading: str | None
    parent: str | None
    line: int
    level: int = 9
    lines: list[str] = field(default_factory=list)
    has_previous: bool = False
    prefix: str | None = None  # containers: eId prefix ("chp") and local key ("71.1")
    key: str | None = None
    scope: int = 1  # the part (printed or implied by a restart) the container stands in
    kids: set[str] = field(default_factory=set)  # kinds of the containers directly inside

    def freeze(self) -> Provision:
        heading = clean_line(self.heading) if self.heading else None
        return Provision(self.eid, self.kind, self.num, heading or None,
                         normalize_text(self.lines), self.parent, self.line, self.has_previous)


_DEPTH = {"part": 0, "section": 1, "subsection": 2, "chapter": 3, "paragraph": 4}
_FLAT = ("part", "section", "chapter")  # numbered through the act


def _key_tuple(key: str) -> tuple[int, ...]:
    return tuple(int(x) for x in key.split(".")) if re.fullmatch(r"\d+(?:\.\d+)?", key) else ()


class Outline:
    """The containers open while an act is read, as a stack; both readers feed it headings in
    document order, so both build the same tree.

    A part normally holds sections; a part printed right after a section heading (the
    Administrative Liability Code's ``IKKINCHI BOʻLIM`` / ``UMUMIY QISM``) stands inside that
    section, and a part that holds chapters directly is closed by the next section. A section
    number that does not grow while no part heading came between implies a new part (the
    2026-07 JSONL drops the Criminal Code's ``MAXSUS QISM``)."""

    def __init__(self) -> None:
        self.stack: list[_Node] = []
        self.last: _Node | None = None
        self.scope = 1
        self.section_key: tuple[int, ...] = ()
        self.part_since_section = False
        self.used: set[str] = set()

    def _holds(self, parent: _Node, kind: str) -> bool:
        if parent.kind == "part" and kind == "section":
            return "chapter" not in parent.kids
        if parent.kind == "section" and kind == "part":
            return parent is self.last or "part" in parent.kids
        return _DEPTH[kind] > _DEPTH[parent.kind]

    def open(self, node: _Node) -> _Node:
        """Place container ``node`` (``kind``, ``prefix``, ``key`` set) under the container that
        holds it; its temporary eId is the path of keys (``name_containers`` renames it)."""
        while self.stack and not self._holds(self.stack[-1], node.kind):
            self.stack.pop()
        parent = self.stack[-1] if self.stack else None
        if node.kind == "part":
            self.scope = int(node.key) if node.key.isdigit() else self.scope + 1
            self.part_since_section = True
        elif node.kind == "section":
            key = _key_tuple(node.key)
            if key and self.section_key and key <= self.section_key \
                    and not self.part_since_section:
                self.scope += 1
            self.section_key, self.part_since_section = key or self.section_key, False
        local = f"{node.prefix}_{node.key}"
        node.parent = parent.eid if parent else None
        node.eid = f"{parent.eid}__{local}" if parent else local
        if node.eid in self.used:  # temporary eIds are unique; the final ones are checked
            node.eid += f"#{len(self.used)}"
        self.used.add(node.eid)
        node.scope = self.scope
        if parent:
            parent.kids.add(node.kind)
        self.stack.append(node)
        self.last = node
        return node

    @property
    def top(self) -> str | None:
        return self.stack[-1].eid if self.stack else None


def name_containers(nodes: list[_Node], warn: Callable[[str], None]) -> dict[str, str]:
    """Final container eIds (see the module docstring), as temporary eId -> final eId."""
    containers = [n for n in nodes if n.prefix]
    modes: dict[str, str] = {}
    for kind in _FLAT:
        group = [n for n in containers if n.kind == kind]
        if len({n.key for n in group}) == len(group):
            modes[kind] = "flat"
        elif len({(n.scope, n.key) for n in group}) == len(group):
            modes[kind] = "part"
            warn(f"{kind} numbers repeat in this act: {kind} eIds are prefixed by their part")
        else:
            warn(f"{kind} numbers repeat within a part: {kind} eIds are prefixed by their parent")
    final: dict[str, str] = {}
    taken: set[str] = set()
    for n in containers:  # document order: a parent is named before its children
        local = f"{n.prefix}_{n.key}"
        parent = final.get(n.parent or "")
        mode = modes.get(n.kind)
        if mode == "flat" or parent is None and mode != "part":
            eid = local
        elif mode == "part":
            eid = f"part_{n.scope}__{local}"
        else:
            eid = f"{parent}__{local}"
        if eid in taken:
            k = 2
            while f"{eid}_{k}" in taken:
                k += 1
            warn(f"duplicate eId {eid}: renamed {eid}_{k}")
            eid = f"{eid}_{k}"
        taken.add(eid)
        final[n.eid] = eid
    return final


def rename(nodes: list[_Node], final: dict[str, str]) -> None:
    """Apply ``name_containers``' renaming to every node's eId and parent."""
    for n in nodes:
        n.eid = final.get(n.eid, n.eid)
        n.parent = final.get(n.parent, n.parent) if n.parent else None
