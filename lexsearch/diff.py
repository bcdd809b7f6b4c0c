"""Compare two editions of a work: what was added, removed, moved and changed, word by word.

A diff starts from the stored text hashes: a provision whose eId, heading and text hash are
equal in both editions is unchanged and its text is never read. Only the texts of the rest are
fetched (``Store.texts``). Provisions whose eId exists in one edition only are paired across the
editions (a move or a renumbering) when their number, heading and text are similar enough:
``MOVE_THRESHOLD`` on rapidfuzz's ``fuzz.ratio`` (normalised Indel similarity, 0–100). Each
changed provision gets a word-level diff (``difflib``) as ops ``[["=", t], ["-", t], ["+", t]]``:
joining the ``=`` and ``+`` parts gives the new text exactly, ``=`` and ``-`` the old one.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from .model import Edition
from .store import Store, StoredProvision

# Minimum fuzz.ratio (0–100) of "num, heading, text" for an unmatched removed provision and an
# unmatched added one of the same kind to count as one provision moved or renumbered. 85 keeps
# an article whose number changed and whose wording was touched up; it rejects two different
# chapters that share a generic heading such as "Umumiy qoidalar" but not their number.
MOVE_THRESHOLD = 85.0

# Words (Uzbek ʻ/ʼ and ASCII apostrophes inside a word keep it whole), runs of whitespace, and
# single other characters (punctuation). Together they cover every character of a text.
_TOKEN = re.compile(r"\w+(?:['’‘`]\w+)*|\s+|[^\w\s]")

Op = list[str]  # [tag, text] with tag "=", "-" or "+"


def tokens(text: str) -> list[str]:
    """``text`` cut into words, whitespace runs and punctuation; ``"".join`` gives it back."""
    return _TOKEN.findall(text)


def _token_ops(old: str, new: str) -> list[Op]:
    a, b = tokens(old), tokens(new)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    ops: list[Op] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            ops.append(["=", "".join(a[i1:i2])])
            continue
        if i2 > i1:
            ops.append(["-", "".join(a[i1:i2])])
        if j2 > j1:
            ops.append(["+", "".join(b[j1:j2])])
    return ops


def _tidy(ops: list[Op]) -> list[Op]:
    """Fold whitespace-only "=" runs between two changes into the change (``davlat boshqaruvi``
    → ``respublika ijro etuvchi`` reads as one replacement, not three), then merge each run of
    changes into one "-" followed by one "+", and adjacent "=" into one."""
    folded: list[Op] = []
    for i, (tag, text) in enumerate(ops):
        between = 0 < i < len(ops) - 1 and ops[i - 1][0] != "=" and ops[i + 1][0] != "="
        if tag == "=" and text.isspace() and between:
            folded += [["-", text], ["+", text]]
        else:
            folded.append([tag, text])
    out: list[Op] = []
    minus: list[str] = []
    plus: list[str] = []

    def flush() -> None:
        if minus:
            out.append(["-", "".join(minus)])
        if plus:
            out.append(["+", "".join(plus)])
        minus.clear()
        plus.clear()

    for tag, text in folded:
        if not text:
            continue
        if tag == "=":
            flush()
            if out and out[-1][0] == "=":
                out[-1][1] += text
            else:
                out.append(["=", text])
        else:
            (minus if tag == "-" else plus).append(text)
    flush()
    return out


def word_diff(old: str, new: str) -> list[Op]:
    """Word-level ops turning ``old`` into ``new``. Lines are aligned first, so only the lines
    that changed are compared word by word (a 50,000-character article stays fast)."""
    if old == new:
        return [["=", old]] if old else []
    a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    ops: list[Op] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            ops.append(["=", "".join(a[i1:i2])])
        elif tag == "replace":
            ops += _token_ops("".join(a[i1:i2]), "".join(b[j1:j2]))
        elif tag == "delete":
            ops.append(["-", "".join(a[i1:i2])])
        else:
            ops.append(["+", "".join(b[j1:j2])])
    return _tidy(ops)


def old_text(ops: list[Op]) -> str:
    return "".join(text for tag, text in ops if tag != "+")


def new_text(ops: list[Op]) -> str:
    return "".join(text for tag, text in ops if tag != "-")


@dataclass(frozen=True)
class ChangedProvision:
    """A provision whose text or heading differs; ``from_eid`` is set when it also moved."""

    eid: str
    ops: list[Op]
    heading_ops: list[Op] | None = None
    from_eid: str | None = None

    def __repr__(self) -> str:
        return f"ChangedProvision({self.eid})"

    @property
    def whitespace_only(self) -> bool:
        """Only spacing or line breaks of the text changed (often a reader's layout)."""
        return self.heading_ops is None and all(
            text.isspace() for tag, text in self.ops if tag != "=")

    def to_json(self) -> dict:
        out: dict = {"eid": self.eid, "ops": self.ops}
        if self.whitespace_only:
            out["whitespace_only"] = True
        if self.heading_ops is not None:
            out["heading"] = self.heading_ops
        if self.from_eid:
            out["from_eid"] = self.from_eid
        return out


@dataclass
class EditionDiff:
    """What changed from edition ``old`` to edition ``new`` (eIds in document order)."""

    old: Edition
    new: Edition
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    moved: list[tuple[str, str]] = field(default_factory=list)
    changed: list[ChangedProvision] = field(default_factory=list)
    unchanged: int = 0

    def __repr__(self) -> str:
        return (f"EditionDiff({self.old.uri} -> {self.new.uri}: +{len(self.added)} "
                f"-{len(self.removed)} ~{len(self.changed)} >{len(self.moved)} "
                f"={self.unchanged})")

    def counts(self) -> dict[str, int]:
        return {"added": len(self.added), "removed": len(self.removed),
                "changed": len(self.changed), "moved": len(self.moved),
                "unchanged": self.unchanged}

    def to_json(self) -> dict:
        return {"from": self.old.uri, "to": self.new.uri, "added": list(self.added),
                "removed": list(self.removed), "moved": [list(m) for m in self.moved],
                "changed": [c.to_json() for c in self.changed], "unchanged": self.unchanged}


def compare(store: Store, work_uri: str, from_date: str, to_date: str,
            lang: str | None = None) -> EditionDiff:
    """The diff between the editions of ``work_uri`` in force on ``from_date`` and on
    ``to_date`` (``Store.edition_for(as_of=…)`` decides which). Raises ``NotFound``."""
    old = store.edition_for(work_uri, lang, as_of=from_date)
    new = store.edition_for(work_uri, lang, as_of=to_date)
    return compare_editions(store, old, new)


def _same(a: StoredProvision, b: StoredProvision) -> bool:
    return a.text_hash == b.text_hash and a.heading == b.heading


def _match_key(p: StoredProvision, texts: dict[str, str]) -> str:
    return f"{p.num or ''}\n{p.heading or ''}\n{texts.get(p.text_hash, '')}"


def _pair_moves(removed: list[StoredProvision], added: list[StoredProvision],
                texts: dict[str, str], n_old: int, n_new: int
                ) -> list[tuple[StoredProvision, StoredProvision]]:
    """Greedy best-first pairing of removed × added provisions of the same kind whose
    similarity reaches ``MOVE_THRESHOLD``; ties go to the same number, then the nearest
    position in the document."""
    candidates = []
    new_keys = [_match_key(p, texts) for p in added]
    for i, r in enumerate(removed):
        r_key = _match_key(r, texts)
        for j, a in enumerate(added):
            if a.kind != r.kind:
                continue
            score = 100.0 if _same(r, a) and r.num == a.num else fuzz.ratio(
                r_key, new_keys[j], score_cutoff=MOVE_THRESHOLD)
            if score >= MOVE_THRESHOLD:
                distance = abs(r.seq / max(n_old, 1) - a.seq / max(n_new, 1))
                candidates.append((-score, r.num != a.num, distance, i, j))
    candidates.sort()
    used_r: set[int] = set()
    used_a: set[int] = set()
    pairs = []
    for *_, i, j in candidates:
        if i not in used_r and j not in used_a:
            used_r.add(i)
            used_a.add(j)
            pairs.append((removed[i], added[j]))
    return pairs


def compare_editions(store: Store, old: Edition, new: Edition) -> EditionDiff:
    """The diff from edition ``old`` to edition ``new`` (any two editions, either order)."""
    diff = EditionDiff(old, new)
    if old.id == new.id:
        diff.unchanged = len(store.provisions(old, with_text=False))
        return diff
    a = store.provisions(old, with_text=False)
    b = store.provisions(new, with_text=False)
    a_by_eid = {p.eid: p for p in a}
    b_eids = {p.eid for p in b}
    pairs: list[tuple[StoredProvision, StoredProvision]] = []
    added: list[StoredProvision] = []
    for p in b:
        if p.eid in a_by_eid:
            q = a_by_eid[p.eid]
            if _same(q, p):
                diff.unchanged += 1
            else:
                pairs.append((q, p))
        else:
            added.append(p)
    removed = [p for p in a if p.eid not in b_eids]
    wanted = {p.text_hash for pair in pairs for p in pair}
    wanted |= {p.text_hash for p in removed + added}
    texts = store.texts(sorted(wanted))
    moves = _pair_moves(removed, added, texts, len(a), len(b))
    moved_old = {r.eid for r, _ in moves}
    moved_new = {n.eid for _, n in moves}
    diff.removed = [p.eid for p in removed if p.eid not in moved_old]
    diff.added = [p.eid for p in added if p.eid not in moved_new]
    diff.moved = [(r.eid, n.eid) for r, n in sorted(moves, key=lambda m: m[1].seq)]
    changes = pairs + [m for m in moves if not _same(*m)]
    for q, p in sorted(changes, key=lambda m: m[1].seq):
        heading_ops = None
        if q.heading != p.heading:
            heading_ops = word_diff(q.heading or "", p.heading or "")
        ops = word_diff(texts[q.text_hash], texts[p.text_hash])
        diff.changed.append(ChangedProvision(p.eid, ops, heading_ops,
                                             q.eid if q.eid != p.eid else None))
    return diff


def render_text(diff: EditionDiff, context: int = 40) -> str:
    """A plain-text summary for a terminal: one line per provision, changes as ``[-old-]`` and
    ``{+new+}`` with ``context`` characters of unchanged text around them."""
    lines = [f"{diff.old.uri} -> {diff.new.uri}",
             " ".join(f"{k}={v}" for k, v in diff.counts().items())]
    lines += [f"+ {eid}" for eid in diff.added] + [f"- {eid}" for eid in diff.removed]
    lines += [f"> {old} -> {new}" for old, new in diff.moved]
    for change in diff.changed:
        parts = []
        for tag, text in change.ops:
            if tag == "=":
                flat = " ".join(text.split())
                parts.append(flat if len(flat) <= 2 * context
                             else f"{flat[:context]} … {flat[-context:]}")
            else:
                parts.append(f"[-{text}-]" if tag == "-" else f"{{+{text}+}}")
        head = f" (heading: {render_ops(change.heading_ops)})" if change.heading_ops else ""
        lines.append(f"~ {change.eid}{head}: {''.join(parts)}")
    return "\n".join(lines)


def render_ops(ops: list[Op]) -> str:
    return "".join(t if g == "=" else f"[-{t}-]" if g == "-" else f"{{+{t}+}}" for g, t in ops)
