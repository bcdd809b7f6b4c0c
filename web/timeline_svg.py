"""The amendment timeline as a bar chart drawn on the server: amending acts per year.

``chart(amending_acts)`` counts the acts of ``lexsearch.history.work_timeline`` by the year
of their date (the publication date when the act's own is unknown) over every year from the
first to the last, and lays the bars out in SVG user units; the template
``history/_chart.svg.html`` draws them. No JavaScript: the SVG has a ``<title>`` and a
``<desc>`` listing every year's count, each bar carries its count as text, and every year
(every few years on a long axis) its label, so a screen reader and a print read the same.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

WIDTH, HEIGHT = 720, 220
LEFT, RIGHT, TOP, BOTTOM = 36, 12, 22, 34  # margins for the axis labels
MAX_YEAR_LABELS = 16


@dataclass(frozen=True)
class Bar:
    year: int
    count: int
    x: float
    y: float
    width: float
    height: float
    labelled: bool  # the year is written under this bar


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]
    width: int
    height: int
    baseline: float
    ticks: list[tuple[int, float]]  # (count, y) of the horizontal grid lines
    total: int

    @property
    def summary(self) -> str:
        """``2023: 2, 2024: 5, …``: the chart as text, for its ``<desc>``."""
        return ", ".join(f"{b.year}: {b.count}" for b in self.bars)


def _year(act: dict) -> int | None:
    value = act.get("date") or act.get("published") or ""
    return int(value[:4]) if len(value) >= 4 and value[:4].isdigit() else None


def per_year(amending_acts: list[dict]) -> dict[int, int]:
    """Year -> how many of the acts are of that year, every year between first and last."""
    counts = Counter(y for y in map(_year, amending_acts) if y is not None)
    if not counts:
        return {}
    return {y: counts.get(y, 0) for y in range(min(counts), max(counts) + 1)}


def chart(amending_acts: list[dict]) -> Chart | None:
    """The laid-out chart, or None when no act has a date."""
    years = per_year(amending_acts)
    if not years:
        return None
    top = max(years.values())
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / len(years)
    every = max(1, -(-len(years) // MAX_YEAR_LABELS))
    baseline = TOP + plot_h
    bars = []
    for i, (year, count) in enumerate(years.items()):
        h = plot_h * count / top
        bars.append(Bar(year, count, round(LEFT + i * slot + slot * 0.15, 1),
                        round(baseline - h, 1), round(slot * 0.7, 1), round(h, 1),
                        labelled=i % every == 0 or i == len(years) - 1))
    step = max(1, -(-top // 4))
    ticks = [(n, round(baseline - plot_h * n / top, 1)) for n in range(0, top + 1, step)]
    return Chart(bars, WIDTH, HEIGHT, baseline, ticks, sum(years.values()))
