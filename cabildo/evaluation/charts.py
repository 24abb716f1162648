"""Simple server-side SVG bar charts for the PDF report (each value is also written as text
next to its bar, so nothing depends on colour)."""

from __future__ import annotations

import base64
from xml.sax.saxutils import escape

BAR_COLOURS = ("#004884", "#3366CC")  # GOV.CO blues, on white
TEXT_COLOUR = "#1a1a1a"


def bar_chart_svg(
    *,
    title: str,
    rows: list[tuple[str, int | float | None]],
    width: int = 640,
    bar_height: int = 18,
    label_width: int = 250,
    unit: str = "",
    no_value: str = "",
) -> str:
    """A horizontal bar chart: one bar per row, its label on the left and its value on the
    right of the bar. A row without a value (``None``) draws no bar, only ``no_value``."""
    gap = 8
    top = 28
    height = top + max(1, len(rows)) * (bar_height + gap) + 10
    plot = width - label_width - 70
    highest = max([value for _label, value in rows if value is not None] + [0]) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">',
        f'<text x="0" y="16" font-family="DejaVu Sans, sans-serif" font-size="13" '
        f'font-weight="bold" fill="{TEXT_COLOUR}">{escape(title)}</text>',
    ]
    for index, (label, value) in enumerate(rows):
        y = top + index * (bar_height + gap)
        length = round(plot * value / highest) if value else 0
        short = label if len(label) <= 38 else label[:36] + "…"
        colour = BAR_COLOURS[index % len(BAR_COLOURS)]
        if value is None:
            shown = no_value
        else:
            shown = f"{value:g}{unit}" if isinstance(value, float) else f"{value}{unit}"
        parts.append(
            f'<text x="{label_width - 6}" y="{y + bar_height - 5}" text-anchor="end" '
            f'font-family="DejaVu Sans, sans-serif" font-size="11" fill="{TEXT_COLOUR}">'
            f"{escape(short)}</text>"
        )
        if value is not None:
            parts.append(
                f'<rect x="{label_width}" y="{y}" width="{max(length, 1)}" '
                f'height="{bar_height}" fill="{colour}"/>'
            )
        parts.append(
            f'<text x="{label_width + max(length, 1) + 6}" y="{y + bar_height - 5}" '
            f'font-family="DejaVu Sans, sans-serif" font-size="11" fill="{TEXT_COLOUR}">'
            f"{escape(shown)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
