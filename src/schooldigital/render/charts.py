"""Charts as inline SVG strings: no JavaScript, no network, printable, and readable without colour
(every bar carries its value as text). Returned as Markup so autoescaping keeps them intact while
every label inside is escaped here."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from markupsafe import Markup

PALETTE = ("#1f5f8b", "#4f9fcf", "#9ccbe6", "#f2a541", "#d1495b", "#6a994e", "#8d6a9f", "#5c5c5c")


def bars(labels: Sequence[str], values: Sequence[float], *, title: str, unit: str = "", width: int = 640) -> Markup:
    """Horizontal bar chart: one labelled bar per value."""
    row, left, pad = 26, 180, 8
    height = pad * 2 + row * len(labels) + 24
    top = max(values, default=0) or 1
    parts = [_open(width, height, title)]
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = pad + 24 + i * row
        w = (width - left - 90) * (value / top)
        parts.append(f'<text x="{left - 6}" y="{y + 15}" text-anchor="end">{escape(str(label))}</text>')
        parts.append(f'<rect x="{left}" y="{y + 2}" width="{w:.1f}" height="{row - 8}" fill="{PALETTE[0]}"/>')
        parts.append(f'<text x="{left + w + 4:.1f}" y="{y + 15}">{escape(_fmt(value, unit))}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def stacked_bars(
    labels: Sequence[str], series: Sequence[str], values: Sequence[Sequence[float]], *, title: str, width: int = 640
) -> Markup:
    """One 100% stacked bar per label; `values[i][j]` is the share (0..1) of series j in row i."""
    row, left, pad = 28, 180, 8
    height = pad * 2 + 24 + row * len(labels) + 28
    span = width - left - 20
    parts = [_open(width, height, title)]
    for i, label in enumerate(labels):
        y, x = pad + 24 + i * row, float(left)
        parts.append(f'<text x="{left - 6}" y="{y + 16}" text-anchor="end">{escape(str(label))}</text>')
        for j, share in enumerate(values[i]):
            w = span * share
            colour = PALETTE[j % len(PALETTE)]
            tip = escape(f"{series[j]}: {share * 100:.0f}%")
            parts.append(
                f'<rect x="{x:.1f}" y="{y + 2}" width="{w:.1f}" height="{row - 8}" fill="{colour}">'
                f"<title>{tip}</title></rect>"
            )
            if share >= 0.08:
                parts.append(
                    f'<text x="{x + w / 2:.1f}" y="{y + 16}" text-anchor="middle" class="in">{share * 100:.0f}%</text>'
                )
            x += w
    y = pad + 24 + len(labels) * row + 6
    x = float(left)
    for j, name in enumerate(series):
        parts.append(f'<rect x="{x:.1f}" y="{y}" width="12" height="12" fill="{PALETTE[j % len(PALETTE)]}"/>')
        parts.append(f'<text x="{x + 16:.1f}" y="{y + 11}">{escape(str(name))}</text>')
        x += 16 + 8 * len(str(name)) + 14
    parts.append("</svg>")
    return Markup("".join(parts))


def columns(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    title: str,
    unit: str = "",
    highlight: Sequence[bool] = (),
    width: int = 640,
) -> Markup:
    """Vertical columns (an age profile, spend by year); `highlight[i]` draws column i in the warning colour."""
    height, top_pad, bottom = 240, 40, 40
    n = max(len(labels), 1)
    slot = (width - 20) / n
    bar_w = min(slot * 0.7, 80)
    peak = max(values, default=0) or 1
    span = height - top_pad - bottom
    parts = [_open(width, height, title)]
    base = height - bottom
    parts.append(f'<line x1="10" y1="{base}" x2="{width - 10}" y2="{base}" stroke="#8a959e"/>')
    for i, (lab, value) in enumerate(zip(labels, values, strict=True)):
        h = span * (value / peak)
        x = 10 + i * slot + (slot - bar_w) / 2
        colour = PALETTE[4] if i < len(highlight) and highlight[i] else PALETTE[0]
        cx = x + bar_w / 2
        parts.append(
            f'<rect x="{x:.1f}" y="{base - h:.1f}" width="{bar_w:.1f}" height="{h:.1f}" fill="{colour}">'
            f"<title>{escape(f'{lab}: {_fmt(value, unit)}')}</title></rect>"
        )
        parts.append(
            f'<text x="{cx:.1f}" y="{base - h - 4:.1f}" text-anchor="middle">{escape(_fmt(value, unit))}</text>'
        )
        parts.append(f'<text x="{cx:.1f}" y="{base + 16}" text-anchor="middle">{escape(str(lab))}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def status_bar(counts: Sequence[tuple[str, int, str]], *, title: str, width: int = 640) -> Markup:
    """One bar split by status, e.g. standards met / partly / not met; `counts` is (label, count, colour)."""
    total = sum(c for _, c, _ in counts) or 1
    height, left, span = 92, 10, width - 20
    parts = [_open(width, height, title)]
    x = float(left)
    for name, count, colour in counts:
        w = span * count / total
        if w:
            parts.append(
                f'<rect x="{x:.1f}" y="28" width="{w:.1f}" height="26" fill="{colour}">'
                f"<title>{escape(f'{name}: {count}')}</title></rect>"
            )
            if w > 24:
                parts.append(f'<text x="{x + w / 2:.1f}" y="46" text-anchor="middle" class="in">{count}</text>')
        x += w
    x = float(left)
    for name, count, colour in counts:
        parts.append(f'<rect x="{x:.1f}" y="66" width="12" height="12" fill="{colour}"/>')
        text = f"{name} ({count})"
        parts.append(f'<text x="{x + 16:.1f}" y="77">{escape(text)}</text>')
        x += 16 + 7 * len(text) + 14
    parts.append("</svg>")
    return Markup("".join(parts))


def _open(width: int, height: int, title: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {width} {height}" '
        f'width="100%" aria-label="{escape(title)}"><title>{escape(title)}</title>'
        f'<text x="0" y="16" class="chart-title">{escape(title)}</text>'
    )


def _fmt(value: float, unit: str) -> str:
    if unit == "£":
        return f"£{value:,.0f}"
    return f"{value:,.0f}{unit}" if value == int(value) else f"{value:,.1f}{unit}"
