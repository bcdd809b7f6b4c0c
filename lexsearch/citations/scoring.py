"""Scoring the finder against a labelled set: precision and recall at article and act level.

A gold line is ``{"lang", "text", "source", "expected": [{"article", "part", "act_number",
"act_type", "self"}]}``. At article level a predicted (act-or-self, article, part) matches a
gold one; the act is its number key (``orq-683``) or, for an act named by title only, its type.
At act level the acts named (self references excluded) are compared the same way.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from lexsearch.model import Citation
from lexsearch.numbers import number_key

Finder = Callable[[str, str], list[Citation]]


def act_key(number: str | None, act_type: str | None) -> str:
    key = number_key(number) if number else None
    return key or (number or "").lower() or f"type:{act_type}"


def gold_keys(expected: Iterable[dict]) -> tuple[Counter, Counter]:
    articles: Counter = Counter()
    acts: Counter = Counter()
    for e in expected:
        is_self = e.get("self") or (not e.get("act_number") and not e.get("act_type"))
        act = "self" if is_self else act_key(e.get("act_number"), e.get("act_type"))
        if e.get("article"):
            articles[(act, e["article"], e.get("part"))] += 1
        if not is_self:
            acts[act] = 1
    return articles, acts


def predicted_keys(citations: Iterable[Citation]) -> tuple[Counter, Counter]:
    articles: Counter = Counter()
    acts: Counter = Counter()
    for c in citations:
        is_self = c.self_ref or c.act is None
        act = "self" if is_self else act_key(c.act.number, c.act.type)
        if c.article:
            articles[(act, c.article, c.part)] += 1
        if not is_self:
            acts[act] = 1
    return articles, acts


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, gold: Counter, predicted: Counter) -> None:
        hit = sum((gold & predicted).values())
        self.tp += hit
        self.fp += sum(predicted.values()) - hit
        self.fn += sum(gold.values()) - hit

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    def as_dict(self) -> dict:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn,
                "precision": round(self.precision, 4), "recall": round(self.recall, 4)}


@dataclass
class Report:
    article: dict[str, Tally] = field(default_factory=dict)
    act: dict[str, Tally] = field(default_factory=dict)
    errors: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"article": {k: v.as_dict() for k, v in self.article.items()},
                "act": {k: v.as_dict() for k, v in self.act.items()}}


def load_gold(path: str | Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def score(gold: list[dict], finder: Finder) -> Report:
    """Tallies per language and ``all``; ``errors`` lists the lines that differ."""
    report = Report()
    for row in gold:
        g_art, g_act = gold_keys(row["expected"])
        p_art, p_act = predicted_keys(finder(row["text"], row["lang"]))
        for lang in (row["lang"], "all"):
            report.article.setdefault(lang, Tally()).add(g_art, p_art)
            report.act.setdefault(lang, Tally()).add(g_act, p_act)
        if g_art != p_art or g_act != p_act:
            report.errors.append({"text": row["text"], "missed": sorted(map(str, g_art - p_art)),
                                  "extra": sorted(map(str, p_art - g_art)),
                                  "acts_missed": sorted(g_act - p_act),
                                  "acts_extra": sorted(p_act - g_act)})
    return report
