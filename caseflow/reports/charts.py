"""Bar charts as plain geometry; templates/reports/_chart.html draws them as inline SVG.

No script and no style attribute: the page's CSP allows neither, and SVG attributes suffice.
"""

from __future__ import annotations

from dataclasses import dataclass

LABEL_WIDTH = 170
BAR_AREA = 300
ROW = 28
BAR = 18
COLOURS = ("#0d6efd", "#198754", "#dc3545", "#6f42c1", "#fd7e14", "#20c997", "#6c757d")


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    y: int
    width: int
    fill: str

    @property
    def height(self) -> int:
        return BAR

    @property
    def text_y(self) -> int:
        return self.y + BAR - 4

    @property
    def value_x(self) -> int:
        return LABEL_WIDTH + self.width + 6


@dataclass(frozen=True)
class Chart:
    title: str
    bars: tuple[Bar, ...]
    label_width: int = LABEL_WIDTH
    width: int = LABEL_WIDTH + BAR_AREA + 60

    @property
    def height(self) -> int:
        return max(1, len(self.bars)) * ROW + 4


def bar_chart(title: str, items: list[tuple[str, int]]) -> Chart:
    """Lay out horizontal bars scaled to the largest value (a zero value gets no bar)."""
    top = max((value for _, value in items), default=0) or 1
    bars = tuple(
        Bar(label=label, value=value, y=4 + i * ROW, width=round(BAR_AREA * value / top),
            fill=COLOURS[i % len(COLOURS)])
        for i, (label, value) in enumerate(items))
    return Chart(title=title, bars=bars)
